//! `sec-redline import` on Word documents made by other writers: hand-written packages
//! covering each numbering case (tests/word/numbering_packages.py), a LibreOffice document
//! (an .fodt written by hand, converted by `soffice`) and a pandoc one. The numbers must be
//! those LibreOffice prints (its text export), the words those pandoc reads, and the
//! Markdown must pass `check` of an empty change-set.

mod common;

use common::{normalise, root, run, tool};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The hand-written numbering packages, made in `dir`.
fn numbering_packages(dir: &Path) -> PathBuf {
    let out = dir.join("packages");
    let status = Command::new("python3")
        .arg(root().join("tests/word/numbering_packages.py"))
        .arg(&out)
        .status()
        .expect("python3 runs");
    assert!(status.success());
    out
}

/// What LibreOffice prints for a document: each non-empty line of its text export, as
/// (number, words). The number is the line's first word where it looks like one.
fn libreoffice_lines(docx: &Path, dir: &Path) -> Vec<(String, String)> {
    let out = Command::new("soffice")
        .args(["--headless", "--convert-to", "txt:Text", "--outdir"])
        .arg(dir)
        .arg(docx)
        .env("HOME", dir)
        .output()
        .expect("soffice runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let txt = dir.join(format!("{}.txt", docx.file_stem().unwrap().to_string_lossy()));
    let text = std::fs::read_to_string(&txt).unwrap();
    std::fs::remove_file(&txt).unwrap();
    text.trim_start_matches('\u{feff}')
        .lines()
        .filter(|l| !l.trim().is_empty())
        .skip(1) // the title
        .map(|l| split_number(l.trim()))
        .collect()
}

/// `3.1`, `1.a`, `F2.4`, `(a)`, `(ii)`, `2`: what a printed number looks like.
fn looks_numbered(word: &str) -> bool {
    if let Some(inner) = word.strip_prefix('(').and_then(|w| w.strip_suffix(')')) {
        return !inner.is_empty() && inner.bytes().all(|b| b.is_ascii_alphanumeric());
    }
    let starts = word
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_digit() || b.is_ascii_uppercase());
    starts
        && word.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.')
        && word.bytes().any(|b| b.is_ascii_digit() || b == b'.')
        && !word.bytes().skip(1).any(|b| b.is_ascii_lowercase() && word.len() > 3)
}

fn split_number(line: &str) -> (String, String) {
    let (first, rest) = line.split_once([' ', '\t']).unwrap_or((line, ""));
    if looks_numbered(first) {
        (first.to_string(), normalise(rest))
    } else {
        (String::new(), normalise(line))
    }
}

/// The imported Markdown as (number, words) per Part, provision, item, paragraph or table
/// row, after the title: the number as printed (`3.1`, `(a)`), the words with Markdown
/// taken off.
fn markdown_lines(md: &str) -> Vec<(String, String)> {
    let body = md.splitn(3, "---\n").nth(2).unwrap();
    let mut out: Vec<String> = Vec::new();
    let mut blank = true;
    for line in body.lines() {
        let t = line.trim_start();
        if t.is_empty() || t.starts_with("# ") {
            blank = true;
            continue;
        }
        let starts =
            blank || t.starts_with("## ") || t.starts_with("### ") || t.starts_with("- (") || t.starts_with('|');
        match out.last_mut() {
            Some(last) if !starts => {
                last.push(' ');
                last.push_str(t);
            }
            _ => out.push(t.to_string()),
        }
        blank = false;
    }
    out.iter()
        .map(|l| {
            let l = l
                .trim_start_matches("### ")
                .trim_start_matches("## ")
                .trim_start_matches("- ");
            let plain = l.replace(['*', '\\'], "");
            split_number(&plain)
        })
        .collect()
}

/// pandoc's words of a Word document (`-f docx`), and of the imported Markdown with its
/// front matter and labels taken off (`-f gfm`): numbers are not words to pandoc's docx reader.
fn pandoc_words_docx(docx: &Path) -> String {
    let out = Command::new("pandoc")
        .args(["-f", "docx", "-t", "json"])
        .arg(docx)
        .output()
        .expect("pandoc runs");
    assert!(out.status.success());
    let ast: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut text = String::new();
    common::pandoc_ast::words(&ast["blocks"], &mut text);
    without_numbers(&normalise(&text))
}

fn pandoc_words_markdown(md: &str) -> String {
    let body = md.splitn(3, "---\n").nth(2).unwrap();
    // The title is metadata to pandoc's docx reader, not text.
    let body: String = body
        .lines()
        .filter(|l| !l.starts_with("# "))
        .map(|l| format!("{l}\n"))
        .collect();
    without_numbers(&common::markdown_words(&body))
}

/// pandoc's words of the Word document and of the imported Markdown agree (the document's
/// title is metadata to pandoc where it is in Word's Title style, a heading where it is not).
fn assert_same_words(md: &str, docx: &Path, case: &str) {
    let title = md.lines().find_map(|l| l.strip_prefix("# ")).unwrap().replace('\\', "");
    let words = pandoc_words_docx(docx);
    let words = words
        .strip_prefix(&without_numbers(&title))
        .map_or(words.as_str(), str::trim_start);
    assert_eq!(
        pandoc_words_markdown(md),
        words,
        "{case}: the words as pandoc reads them"
    );
}

/// Words with the numbers and labels left out (`1.1`, `(a)`, `F2`): pandoc's docx reader has
/// no numbers from Word's numbering, and typed ones are words to it.
fn without_numbers(words: &str) -> String {
    words
        .split(' ')
        .filter(|w| !looks_numbered(w))
        .collect::<Vec<_>>()
        .join(" ")
}

/// An empty change-set (`changes: []`) in `dir`: its `check` loads and parses the whole
/// text folder as `check` of any change-set does, and changes nothing.
fn empty_changeset(dir: &Path) -> PathBuf {
    let path = dir.join("empty.yaml");
    std::fs::write(
        &path,
        "modification: EMPTY\ntitle: No changes\ndate: 2026-01-05\nchanges: []\n",
    )
    .unwrap();
    path
}

/// Imports `docx` into `out` and checks that the text folder reads: the file's Markdown.
fn import_and_check(docx: &Path, out: &Path, extra: &[&str]) -> String {
    let mut args = vec!["import", docx.to_str().unwrap(), "--out", out.to_str().unwrap()];
    args.extend(extra);
    let r = run(&root(), &args);
    assert_eq!(r.code, 0, "import {}: {}", docx.display(), r.stderr);
    let written = r.stdout.rsplit("wrote ").next().unwrap().trim().to_string();
    let md = std::fs::read_to_string(&written).unwrap();
    let scratch = tempfile::tempdir().unwrap();
    let empty = empty_changeset(scratch.path());
    let c = run(
        &root(),
        &["check", empty.to_str().unwrap(), "--text", out.to_str().unwrap()],
    );
    assert_eq!(c.code, 0, "check of {written}: {}{}", c.stdout, c.stderr);
    assert!(
        c.stdout.contains("EMPTY: ") && c.stdout.contains("(0 changes) is valid"),
        "{}",
        c.stdout
    );
    std::fs::remove_file(&written).unwrap();
    md
}

/// The check above can fail: an imported text made invalid by hand (two provisions with
/// one number) is refused by `check` of the same empty change-set, and `build` of an
/// empty change-set is refused with its reason, writing nothing.
#[test]
fn an_empty_changeset_checks_the_text_folder_and_builds_no_annex() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("text");
    std::fs::create_dir_all(&text).unwrap();
    std::fs::write(
        text.join("appendix-q.md"),
        "---\ndocument: Q\ntitle: Test\nkind: Appendix\nversion: \"1.0\"\n---\n\n# Appendix Q: Test\n\n## 1 One\n\n**1.1** First.\n\n**1.1** Again.\n",
    )
    .unwrap();
    let empty = empty_changeset(dir.path());
    let args = ["check", empty.to_str().unwrap(), "--text", text.to_str().unwrap()];
    let c = run(&root(), &args);
    assert_eq!(c.code, 1, "{}{}", c.stdout, c.stderr);
    assert!(c.stderr.contains("appendix-q.md:14:"), "{}", c.stderr);
    std::fs::write(
        text.join("appendix-q.md"),
        "---\ndocument: Q\ntitle: Test\nkind: Appendix\nversion: \"1.0\"\n---\n\n# Appendix Q: Test\n\n## 1 One\n\n**1.1** First.\n",
    )
    .unwrap();
    let c = run(&root(), &args);
    assert_eq!(c.code, 0, "{}{}", c.stdout, c.stderr);
    let out = dir.path().join("out");
    let b = run(
        &root(),
        &[
            "build",
            empty.to_str().unwrap(),
            "--text",
            text.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(b.code, 1, "{}{}", b.stdout, b.stderr);
    assert!(
        b.stderr.starts_with(&format!(
            "{}:4:1: error: EMPTY has no changes (`changes: []`): there is nothing to redline, so no annex is written",
            empty.display()
        )),
        "{}",
        b.stderr
    );
    assert!(!out.exists(), "build of an empty change-set wrote {}", out.display());
}

/// Numbers LibreOffice 7.4 does not print as Word does, because it does not read the
/// element (ECMA-376 Part 1: §17.9.4 `w:isLgl`, §17.9.10 `w:lvlRestart`): the numbers Word
/// prints, written out by hand from the standard.
fn word_numbers(case: &str) -> Option<Vec<&'static str>> {
    match case {
        // isLgl: 1.a shown as 1.1.
        "legal" => Some(vec!["1", "1.1", "1.2", "(a)", "2", "2.1"]),
        // lvlRestart 1: items restart when a Part starts, not at each provision.
        "restart" => Some(vec!["1", "1.1", "(a)", "(b)", "1.2", "(c)", "(d)", "2", "2.1", "(a)"]),
        // lvlRestart 0: provisions never restart.
        "restart_never" => Some(vec!["1", "1.1", "(a)", "(b)", "1.2", "(a)", "(b)", "2", "2.3", "(a)"]),
        _ => None,
    }
}

#[test]
fn each_numbering_case_reads_as_printed() {
    if !tool("python3", "--version") || !tool("soffice", "--version") || !tool("pandoc", "--version") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let packages = numbering_packages(dir.path());
    let out = dir.path().join("text");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&packages)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "docx"))
        .collect();
    cases.sort();
    assert_eq!(cases.len(), 7, "{cases:?}");
    for docx in cases {
        let case = docx.file_stem().unwrap().to_string_lossy().into_owned();
        if case == "outside" {
            continue;
        }
        let md = import_and_check(&docx, &out, &["--strict"]);
        let printed = libreoffice_lines(&docx, dir.path());
        let imported = markdown_lines(&md);
        let numbers: Vec<&str> = imported.iter().map(|(n, _)| n.as_str()).collect();
        match word_numbers(&case) {
            Some(word) => {
                assert_eq!(numbers, word, "{case}: the numbers Word prints");
                // LibreOffice prints other numbers there, but the same paragraphs.
                assert_eq!(printed.len(), imported.len(), "{case}");
            }
            None => assert_eq!(
                imported, printed,
                "{case}: numbers and words as LibreOffice prints them"
            ),
        }
        for (i, (n, words)) in imported.iter().enumerate() {
            assert_eq!(*words, printed[i].1, "{case}: the words of {n}");
        }
        assert_same_words(&md, &docx, &case);
    }
}

#[test]
fn what_the_format_cannot_hold_is_a_located_warning_and_strict_makes_it_an_error() {
    if !tool("python3", "--version") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let packages = numbering_packages(dir.path());
    let docx = packages.join("outside.docx");
    let out = dir.path().join("text");
    let r = run(
        &root(),
        &[
            "import",
            docx.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--strict",
        ],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "outside.docx: error: paragraph 4 (\"A paragraph numbered three levels deep.\"): a numbered paragraph outside the Code's scheme ('1.1.1'), kept as text"
        ),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("paragraph 5 (\"A bulleted paragraph.\")"),
        "{}",
        r.stderr
    );
    for (paragraph, what) in [
        ("paragraph 7 (\"A provision with an image in it.\"): an image", "image"),
        ("paragraph 8 (\"A provision on page 7.\"): a field", "field"),
        ("paragraph 9 (\"A provision with a comment.\"): a comment", "comment"),
        (
            "paragraph 10 (\"A provision with a text box.\"): a text box",
            "text box",
        ),
    ] {
        assert!(r.stderr.contains(paragraph), "{what}: {}", r.stderr);
    }
    assert!(!out.exists(), "--strict wrote nothing");
    let r = run(
        &root(),
        &["import", docx.to_str().unwrap(), "--out", out.to_str().unwrap()],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("outside.docx: warning: paragraph 4"), "{}", r.stderr);
    let md = std::fs::read_to_string(out.join("appendix-x.md")).unwrap();
    assert!(
        md.contains("\n1\\.1.1 A paragraph numbered three levels deep.\n"),
        "{md}"
    );
    // A field's shown result is kept; the image and the text box are left out.
    assert!(md.contains("**1.3** A provision with an image in it.\n"), "{md}");
    assert!(md.contains("**1.4** A provision on page 7.\n"), "{md}");
    assert!(md.contains("**1.6** A provision with a text box.\n"), "{md}");
}

/// A LibreOffice document written by hand: Part headings numbered by the outline, items by
/// a list style ((a), (i)), provisions typed in bold, a table, italics.
const FODT: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:styles>
 <style:style style:name="Standard" style:family="paragraph"/>
 <style:style style:name="Title" style:family="paragraph" style:parent-style-name="Standard"/>
 <style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph" style:parent-style-name="Standard" style:default-outline-level="2"/>
 <text:outline-style style:name="Outline">
  <text:outline-level-style text:level="1" style:num-format=""/>
  <text:outline-level-style text:level="2" style:num-format="1" text:display-levels="1"/>
 </text:outline-style>
 <text:list-style style:name="Items">
  <text:list-level-style-number text:level="1" style:num-prefix="(" style:num-suffix=")" style:num-format="a"/>
  <text:list-level-style-number text:level="2" style:num-prefix="(" style:num-suffix=")" style:num-format="i"/>
 </text:list-style>
 <text:list-style style:name="Provisions">
  <text:list-level-style-number text:level="1" style:num-prefix="2." style:num-format="1"/>
 </text:list-style>
</office:styles>
<office:automatic-styles>
 <style:style style:name="B" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>
 <style:style style:name="I" style:family="text"><style:text-properties fo:font-style="italic"/></style:style>
</office:automatic-styles>
<office:body><office:text>
 <text:p text:style-name="Title">Appendix W: Written in LibreOffice</text:p>
 <text:h text:style-name="Heading_20_2" text:outline-level="2">Introduction</text:h>
 <text:p text:style-name="Standard"><text:span text:style-name="B">1.1</text:span> This Appendix is written in LibreOffice and <text:span text:style-name="I">solely</text:span> for the tests.</text:p>
 <text:p text:style-name="Standard"><text:span text:style-name="B">1.2</text:span> It sets out:</text:p>
 <text:list text:style-name="Items">
  <text:list-item><text:p text:style-name="Standard">the first matter;</text:p></text:list-item>
  <text:list-item><text:p text:style-name="Standard">the second matter, which is:</text:p>
   <text:list><text:list-item><text:p text:style-name="Standard">the first part of it; and</text:p></text:list-item>
   <text:list-item><text:p text:style-name="Standard">the second part of it; and</text:p></text:list-item></text:list></text:list-item>
  <text:list-item><text:p text:style-name="Standard">the third matter.</text:p></text:list-item>
 </text:list>
 <text:p text:style-name="Standard"><text:span text:style-name="B">1.3</text:span> Each field is described in the following table:</text:p>
 <table:table table:name="Fields"><table:table-column table:number-columns-repeated="2"/>
  <table:table-row><table:table-cell><text:p>Field</text:p></table:table-cell><table:table-cell><text:p>Meaning</text:p></table:table-cell></table:table-row>
  <table:table-row><table:table-cell><text:p>Status</text:p></table:table-cell><table:table-cell><text:p>Whether the entry is listed</text:p></table:table-cell></table:table-row>
 </table:table>
 <text:h text:style-name="Heading_20_2" text:outline-level="2">Numbered by a list</text:h>
 <text:list text:style-name="Provisions">
  <text:list-item><text:p text:style-name="Standard">A provision numbered by a list style.</text:p></text:list-item>
  <text:list-item><text:p text:style-name="Standard">A second provision numbered by it.</text:p></text:list-item>
 </text:list>
</office:text></office:body></office:document>
"#;

#[test]
fn a_libreoffice_document_reads_as_libreoffice_prints_it() {
    if !tool("soffice", "--version") || !tool("pandoc", "--version") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let fodt = dir.path().join("written.fodt");
    std::fs::write(&fodt, FODT).unwrap();
    let docx = common::libreoffice(&fodt, dir.path(), "docx");
    let md = import_and_check(&docx, &dir.path().join("text"), &["--strict"]);
    let printed = libreoffice_lines(&docx, dir.path());
    // LibreOffice prints a table's cells one per line; the Markdown has the table's rows.
    let printed: Vec<(String, String)> = printed
        .into_iter()
        .filter(|(_, w)| !["Field", "Meaning", "Status", "Whether the entry is listed"].contains(&w.as_str()))
        .collect();
    let imported: Vec<(String, String)> = markdown_lines(&md)
        .into_iter()
        .filter(|(_, w)| !w.starts_with('|'))
        .collect();
    assert_eq!(imported, printed, "{md}");
    assert!(
        md.contains("| Field | Meaning |\n| --- | --- |\n| Status | Whether the entry is listed |\n"),
        "{md}"
    );
    assert!(md.contains("*solely*"), "{md}");
    assert_same_words(&md, &docx, "written");
}

#[test]
fn a_pandoc_document_reads_as_libreoffice_prints_it() {
    if !tool("soffice", "--version") || !tool("pandoc", "--version") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("made.md");
    std::fs::write(
        &source,
        "# Section P: Made by Pandoc\n\n## P1 General\n\n**P1.1** The first provision, with *italic* and **bold** words.\n\n\
         **P1.2** The second provision:\n\n(a) the first item; and\n(b) the second item, which has:\n\n    (i) a roman item; and\n    (ii) another.\n\n\
         ## P2 Tables\n\n**P2.1** The fields are:\n\n| Field | Meaning |\n|---|---|\n| Name | The *name* of it |\n",
    )
    .unwrap();
    let docx = dir.path().join("made.docx");
    let status = Command::new("pandoc")
        .arg(&source)
        .arg("-o")
        .arg(&docx)
        .status()
        .unwrap();
    assert!(status.success());
    let md = import_and_check(&docx, &dir.path().join("text"), &["--strict"]);
    assert!(
        md.starts_with("---\ndocument: P\ntitle: Made by Pandoc\nkind: Section\n"),
        "{md}"
    );
    let printed: Vec<(String, String)> = libreoffice_lines(&docx, dir.path())
        .into_iter()
        .filter(|(_, w)| !["Field", "Meaning", "Name", "The name of it"].contains(&w.as_str()))
        .collect();
    let imported: Vec<(String, String)> = markdown_lines(&md)
        .into_iter()
        .filter(|(_, w)| !w.starts_with('|'))
        .collect();
    assert_eq!(imported, printed, "{md}");
    assert!(md.contains("| Name | The *name* of it |"), "{md}");
    assert_same_words(&md, &docx, "written");
}
