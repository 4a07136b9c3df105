//! Writes a benchmark input to DIR (`cargo run --release --example gen_corpus -- ARGS`):
//!
//! - `N DIR [PER_DOC]`: N provisions in documents of PER_DOC (500; N for one document);
//! - `patho DIR`: a 1 MB provision rewritten with its words shuffled;
//! - `abab WORDS DIR`: one provision `ab,ab,…` of WORDS words rewritten as `ab;ab;…`;
//! - `dense N DIR [PER_DOC]`: as `N DIR`, with a change-set that changes about 30% of the
//!   provisions (the Code-wide terminology edit);
//! - `scoped N CHANGES DIR`: N provisions in documents of 500 and CHANGES replaces, each
//!   scoped to one provision (`in:`), of words that occur thousands of times elsewhere;
//! - `line BYTES DIR`: one provision of BYTES bytes on one line, ten occurrences replaced;
//! - `matches N PER DIR`: N provisions with PER occurrences each of the word one replace changes;
//! - `nest DEPTH DIR`: one provision with sub-paragraphs nested DEPTH deep; also
//!   `changes/nest.yaml` and `release.yaml` (a release of it) for `release`, `history`, `publish`;
//!
//! each with `sec-text/*.md`, `change.yaml`, and `base.md` (every document joined) for
//! the tools a user would use instead (pandoc, git word-diff); and
//!
//! - `compare N sparse|dense|third|different DIR`: `old.md` and `new.md`, two versions of one
//!   document of N provisions for `compare`.

#[path = "../benches/support/corpus.rs"]
mod corpus;

fn usage() -> ! {
    eprintln!(
        "usage: gen_corpus N DIR [PER_DOC] | patho DIR | abab WORDS DIR | dense N DIR [PER_DOC] | scoped N CHANGES DIR | line BYTES DIR | matches N PER DIR | nest DEPTH DIR | compare N sparse|dense|third|different DIR"
    );
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
                "third" => corpus::Edits::Third,
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
        ["dense", n, dir] => {
            let (d, c) = corpus::dense(number(n), 500);
            (d, c, *dir)
        }
        ["dense", n, dir, per_doc] => {
            let (d, c) = corpus::dense(number(n), number(per_doc));
            (d, c, *dir)
        }
        ["scoped", n, changes, dir] => {
            let (d, c) = corpus::scoped(number(n), number(changes));
            (d, c, *dir)
        }
        ["line", bytes, dir] => {
            let (d, c) = corpus::one_line(number(bytes));
            (d, c, *dir)
        }
        ["matches", n, per, dir] => {
            let (d, c) = corpus::matches(number(n), number(per));
            (d, c, *dir)
        }
        ["nest", depth, dir] => {
            let (d, c, release) = corpus::nested(number(depth));
            let path = std::path::Path::new(dir);
            std::fs::create_dir_all(path.join("changes")).expect("the folder can be made");
            std::fs::write(path.join("changes/nest.yaml"), &c).expect("the change-set is written");
            std::fs::write(path.join("release.yaml"), release).expect("the release is written");
            (d, c, *dir)
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
