//! Writes the benchmark corpus: `cargo run --release --example gen_corpus -- N DIR`
//! (N provisions, or `patho` for a 1 MB provision rewritten with its words shuffled).
//! DIR gets `sec-text/*.md` and `change.yaml`, plus `base.md`/`amended.md` joined for
//! the tools a user would use instead (pandoc, git word-diff).

#[path = "../benches/support/corpus.rs"]
mod corpus;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 3 {
        eprintln!("usage: gen_corpus N|patho DIR");
        std::process::exit(2);
    }
    let (docs, cs) = if args[1] == "patho" {
        corpus::pathological(1 << 20)
    } else {
        corpus::corpus(args[1].parse().expect("N is a number of provisions"))
    };
    let dir = std::path::Path::new(&args[2]);
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
