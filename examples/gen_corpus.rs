//! Writes a benchmark input to DIR (`cargo run --release --example gen_corpus -- ARGS`):
//!
//! - `N DIR [PER_DOC]`: N provisions in documents of PER_DOC (500; N for one document);
//! - `patho DIR`: a 1 MB provision rewritten with its words shuffled;
//! - `abab WORDS DIR`: one provision `ab,ab,…` of WORDS words rewritten as `ab;ab;…`;
//!
//! each with `sec-text/*.md`, `change.yaml`, and `base.md` (every document joined) for
//! the tools a user would use instead (pandoc, git word-diff); and
//!
//! - `compare N sparse|dense|different DIR`: `old.md` and `new.md`, two versions of one
//!   document of N provisions for `compare`.

#[path = "../benches/support/corpus.rs"]
mod corpus;

fn usage() -> ! {
    eprintln!("usage: gen_corpus N DIR [PER_DOC] | patho DIR | abab WORDS DIR | compare N sparse|dense|different DIR");
    std::process::exit(2);
}

fn number(s: &str) -> usize {
    s.parse().unwrap_or_else(|_| usage())
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (docs, cs, dir) = match args.as_slice() {
        ["patho", dir] => {
            let (d, c) = corpus::pathological(1 << 20);
            (d, c, *dir)
        }
        ["abab", words, dir] => {
            let (d, c) = corpus::abab(number(words));
            (d, c, *dir)
        }
        ["compare", n, edits, dir] => {
            let edits = match *edits {
                "sparse" => corpus::Edits::Sparse,
                "dense" => corpus::Edits::Dense,
                "different" => corpus::Edits::Different,
                _ => usage(),
            };
            let (old, new) = corpus::compare_pair(number(n), edits);
            let dir = std::path::Path::new(dir);
            std::fs::create_dir_all(dir).expect("the folder can be made");
            std::fs::write(dir.join("old.md"), &old).expect("old.md is written");
            std::fs::write(dir.join("new.md"), &new).expect("new.md is written");
            println!("1 document, {} and {} bytes", old.len(), new.len());
            return;
        }
        [n, dir] => {
            let (d, c) = corpus::corpus(number(n));
            (d, c, *dir)
        }
        [n, dir, per_doc] => {
            let (d, c) = corpus::corpus_in(number(n), number(per_doc));
            (d, c, *dir)
        }
        _ => usage(),
    };
    let dir = std::path::Path::new(dir);
    let text = dir.join("sec-text");
    std::fs::create_dir_all(&text).expect("the folder can be made");
    let mut base = String::new();
    for (name, body) in &docs {
        std::fs::write(text.join(name), body).expect("a document is written");
        base.push_str(body);
    }
    std::fs::write(dir.join("change.yaml"), cs).expect("the change-set is written");
    std::fs::write(dir.join("base.md"), base).expect("base.md is written");
    println!(
        "{} documents, {} bytes",
        docs.len(),
        docs.iter().map(|(_, b)| b.len()).sum::<usize>()
    );
}
