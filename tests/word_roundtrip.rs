//! Round trip: the clean DOCX that `publish` writes of each document imports back to the
//! same text. The repository's documents are wrapped by hand, so they come back
//! word-identical (the same bytes but for where lines break); a document in the form the
//! importer writes comes back byte-identical.

mod common;

use common::{normalise, root, run};
use sec_redline::corpus::Corpus;
use std::collections::BTreeMap;
use std::path::Path;

/// Publishes `text` and gives the clean DOCX of each document of its current version.
fn clean_docx(text: &Path, dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let site = dir.join("site");
    let r = run(
        &root(),
        &[
            "publish",
            "--text",
            text.to_str().unwrap(),
            "--out",
            site.to_str().unwrap(),
            "--changes",
            root().join("changes").to_str().unwrap(),
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    // The text has one version: its manifest names the DOCX of each document.
    let manifests: Vec<_> = std::fs::read_dir(site.join("downloads"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "sha256"))
        .collect();
    assert_eq!(manifests.len(), 1, "{manifests:?}");
    let mut out = BTreeMap::new();
    for line in std::fs::read_to_string(&manifests[0]).unwrap().lines() {
        let entry = line.split_once("  ").unwrap().1;
        if entry.ends_with(".docx") {
            let name = Path::new(entry).file_stem().unwrap().to_string_lossy().into_owned();
            out.insert(name, std::fs::read(site.join("downloads").join(entry)).unwrap());
        }
    }
    out
}

/// Imports every DOCX into `out` (strict: nothing may be lost), file name → text.
fn import_all(docx: &BTreeMap<String, Vec<u8>>, dir: &Path, out: &Path) -> BTreeMap<String, String> {
    let mut texts = BTreeMap::new();
    for (name, bytes) in docx {
        let path = dir.join(format!("{name}.docx"));
        std::fs::write(&path, bytes).unwrap();
        let r = run(
            &root(),
            &[
                "import",
                path.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
                "--strict",
            ],
        );
        assert_eq!(r.code, 0, "{name}: {}", r.stderr);
        let md = std::fs::read_to_string(out.join(format!("{name}.md"))).unwrap();
        texts.insert(format!("{name}.md"), md);
    }
    texts
}

/// Each unit's kind and number, and the addresses of its sub-paragraphs.
fn structure(dir: &Path) -> Vec<String> {
    let corpus = Corpus::load(dir).unwrap();
    let mut out = Vec::new();
    for d in &corpus.documents {
        out.push(format!("{:?}", d.meta));
        for u in &d.units {
            let subs: Vec<String> = u.subparagraphs.iter().map(|s| s.address()).collect();
            out.push(format!("{:?} {subs:?}", u.kind));
        }
    }
    out
}

#[test]
fn the_published_clean_docx_imports_back_to_the_same_text() {
    if !common::tool("pandoc", "--version") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let docx = clean_docx(&root().join("sec-text"), dir.path());
    assert_eq!(docx.len(), 2);
    let first = dir.path().join("first");
    let imported = import_all(&docx, dir.path(), &first);
    for (name, text) in &imported {
        let original = std::fs::read_to_string(root().join("sec-text").join(name)).unwrap();
        // Every byte but where lines break (the repository's text is wrapped by hand).
        assert_eq!(normalise(text), normalise(&original), "{name}: word for word");
        assert_eq!(
            common::markdown_words(text),
            common::markdown_words(&original),
            "{name}: as pandoc reads it"
        );
    }
    assert_eq!(structure(&first), structure(&root().join("sec-text")));

    // Text in the importer's own form comes back byte for byte.
    let second = dir.path().join("second");
    let again = import_all(&clean_docx(&first, &dir.path().join("b")), dir.path(), &second);
    assert_eq!(again, imported);
}
