//! Round trip: the clean DOCX that `publish` writes of each document imports back to the
//! same text. The repository's documents are wrapped by hand, so they come back
//! word-identical (the same bytes but for where lines break); a document in the form the
//! importer writes comes back byte-identical.

mod common;

use common::{normalise, root, run};
use sec_redline::corpus::Corpus;
use std::collections::BTreeMap;
use std::io::Read;
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
        for u in d.units.iter() {
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

/// Every bookmark name in a DOCX's document.xml, in order.
fn bookmark_names(docx: &[u8]) -> Vec<String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml.split("<w:bookmarkStart ")
        .skip(1)
        .map(|rest| {
            let rest = &rest[rest.find("w:name=\"").unwrap() + 8..];
            rest[..rest.find('"').unwrap()].to_string()
        })
        .collect()
}

/// The bookmark names the clean DOCX should carry, read from the Markdown by hand: `p_`, the
/// address's letters and digits, `_` for each `.`, `:` and label (`## F2 …` → `p_f2`,
/// `**6.4**` of Appendix Z → `p_z_6_4`, `  - (ii)` under `- (b)` of F2.1 → `p_f2_1_b_ii`);
/// a cross-heading, having no number, is `p_<id>_h<its place among the units>`.
fn expected_bookmarks(markdown: &str) -> Vec<String> {
    let id = markdown
        .lines()
        .find_map(|l| l.strip_prefix("document: "))
        .unwrap()
        .to_lowercase();
    let section = markdown.contains("\nkind: Section");
    let mut out = Vec::new();
    let mut provision = String::new();
    let mut path: Vec<String> = Vec::new();
    let mut units = 0;
    let name = |number: &str| {
        let n = number.to_lowercase().replace('.', "_");
        if section {
            format!("p_{n}")
        } else {
            format!("p_{id}_{n}")
        }
    };
    for line in markdown.lines() {
        if let Some(h) = line.strip_prefix("## ") {
            out.push(name(h.split(' ').next().unwrap()));
            provision.clear();
            units += 1;
        } else if line.starts_with("### ") {
            out.push(format!("p_{id}_h{units}"));
            provision.clear();
            units += 1;
        } else if let Some(rest) = line.strip_prefix("**") {
            units += 1;
            provision = name(rest.split("**").next().unwrap());
            path.clear();
            out.push(provision.clone());
        } else if let Some(item) = line.trim_start().strip_prefix("- (") {
            let depth = (line.len() - line.trim_start().len()) / 2;
            path.truncate(depth);
            path.push(item.split(')').next().unwrap().to_lowercase());
            if !provision.is_empty() {
                out.push(format!("{provision}_{}", path.join("_")));
            }
        }
    }
    out
}

#[test]
fn the_clean_docx_bookmarks_every_part_provision_and_sub_paragraph_with_a_name_word_allows() {
    let dir = tempfile::tempdir().unwrap();
    let docx = clean_docx(&root().join("sec-text"), dir.path());
    for (name, bytes) in &docx {
        let markdown = std::fs::read_to_string(root().join("sec-text").join(format!("{name}.md"))).unwrap();
        let names = bookmark_names(bytes);
        assert_eq!(names, expected_bookmarks(&markdown), "{name}");
        assert!(
            names.iter().any(|n| n.matches('_').count() >= 4),
            "{name}: no sub-paragraph bookmark"
        );
        for n in &names {
            assert!(
                n.len() <= 40
                    && n.starts_with(|c: char| c.is_ascii_alphabetic())
                    && n.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'),
                "{name}: '{n}' is not a bookmark name Word allows"
            );
        }
        let path = dir.path().join(format!("{name}.docx"));
        std::fs::write(&path, bytes).unwrap();
        common::validate(&path);
        // The bookmarks change no word that pandoc or LibreOffice reads.
        let bare = dir.path().join(format!("{name}-bare.docx"));
        std::fs::write(&bare, without_bookmarks(bytes)).unwrap();
        assert_ne!(std::fs::read(&bare).unwrap(), *bytes);
        if common::tool("pandoc", "--version") {
            assert_eq!(pandoc_plain(&path), pandoc_plain(&bare), "{name}: pandoc's words");
        }
        if common::tool("soffice", "--version") {
            assert_eq!(
                libreoffice_text(&path, dir.path()),
                libreoffice_text(&bare, dir.path()),
                "{name}: LibreOffice's words"
            );
        }
    }
}

/// The DOCX with every `w:bookmarkStart` and `w:bookmarkEnd` taken out of document.xml.
fn without_bookmarks(docx: &[u8]) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        if name == "word/document.xml" {
            let mut xml = String::from_utf8(data).unwrap();
            for tag in ["<w:bookmarkStart ", "<w:bookmarkEnd "] {
                while let Some(at) = xml.find(tag) {
                    let end = at + xml[at..].find("/>").unwrap() + 2;
                    xml.replace_range(at..end, "");
                }
            }
            data = xml.into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        std::io::Write::write_all(&mut out, &data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

fn pandoc_plain(docx: &Path) -> String {
    let out = std::process::Command::new("pandoc")
        .args(["-f", "docx", "-t", "plain", "--wrap=none"])
        .arg(docx)
        .output()
        .unwrap();
    assert!(out.status.success());
    normalise(&String::from_utf8_lossy(&out.stdout))
}

fn libreoffice_text(docx: &Path, dir: &Path) -> String {
    let out_dir = dir.join("lo-text");
    let out = std::process::Command::new("soffice")
        .args(["--headless", "--convert-to", "txt:Text", "--outdir"])
        .arg(&out_dir)
        .arg(docx)
        .env("HOME", dir.join("lo-home"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let txt = out_dir.join(format!("{}.txt", docx.file_stem().unwrap().to_string_lossy()));
    normalise(&std::fs::read_to_string(txt).unwrap())
}

#[test]
fn a_sub_paragraph_read_at_another_address_than_its_bookmark_is_named() {
    if !common::tool("python3", "--version") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let docx = clean_docx(&root().join("sec-text"), dir.path());
    let clean = dir.path().join("section-f.docx");
    std::fs::write(&clean, &docx["section-f"]).unwrap();
    // F1.1(f)'s label edited to (g) in Word, without tracking.
    let edits = dir.path().join("edits.json");
    std::fs::write(&edits, r#"[{"untracked_replace": "(f)", "with": "(g)"}]"#).unwrap();
    let edited = dir.path().join("edited.docx");
    let r = std::process::Command::new("python3")
        .arg(root().join("tests/word/redline.py"))
        .args([&clean, &edited, &edits])
        .output()
        .unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let out = dir.path().join("out");
    let args = ["import", edited.to_str().unwrap(), "--out", out.to_str().unwrap()];
    let r = run(&root(), &args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let warning = "edited.docx: warning: paragraph 11: it carries the bookmark 'p_f1_1_f', but reads as F1.1(g) (whose bookmark is 'p_f1_1_g')";
    assert!(r.stderr.contains(warning), "{}", r.stderr);
    std::fs::remove_dir_all(&out).unwrap();
    let mut strict = args.to_vec();
    strict.push("--strict");
    let r = run(&root(), &strict);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("edited.docx: error: paragraph 11: it carries the bookmark 'p_f1_1_f'"),
        "{}",
        r.stderr
    );
    assert!(!out.exists(), "nothing is written");
}
