//! What a drafter sees at the edges: numbering of sub-paragraphs in their series, help with
//! examples, title case for `case: preserve`, output folders that hold the user's files,
//! and DOCX bookmark names for long document ids. Expected values are written by hand.

mod common;

use common::{root, run, snapshot};
use std::io::Read;
use std::path::Path;

const CHANGESET_HEAD: &str = "modification: MP1\ntitle: Test\ndate: 2024-01-31\nchanges:\n";

fn numbering_text() -> String {
    root().join("tests/fixtures/numbering").display().to_string()
}

fn number_after(reference: &str) -> common::Run {
    run(
        &root(),
        &["check", "--number-after", reference, "--text", &numbering_text()],
    )
}

#[test]
fn number_after_follows_the_lists_own_series() {
    // (reference, what an insertion after it takes), by hand: a list that opens with (i)
    // counts in roman numerals; one that opens with (a) counts in letters, (z) → (aa).
    let cases = [
        ("X:1.1(xxxix)", "X:1.1(xl)"),
        ("X:1.3(v)", "X:1.3(vi)"),
        ("X:1.5(x)", "X:1.5(xi)"),
        ("X:1.4(x)", "X:1.4(y)"),
        ("X:1.2(z)", "X:1.2(aa)"),
        ("X:1.2(h)", "X:1.2(ha)"),
        ("X:1.1(iv)", "X:1.1(iva)"),
        ("X:2.1Z", "X:2.2"),
    ];
    for (reference, want) in cases {
        let r = number_after(reference);
        assert_eq!(r.code, 0, "{reference}: {}", r.stderr);
        assert_eq!(r.stdout.trim(), want, "after {reference}");
    }
}

#[test]
fn an_insertion_of_the_suggested_label_is_accepted() {
    let tmp = tempfile::tempdir().unwrap();
    let yaml = format!(
        "{CHANGESET_HEAD}  - insert_after: \"X:1.1(xxxix)\"\n    text: \"(xl) item xl;\"\n  - insert_after: \"X:1.2(z)\"\n    text: \"(aa) item aa;\"\n  - insert_after: \"X:1.3(v)\"\n    text: \"(vi) item vi;\"\n  - insert_after: \"X:2.1Z\"\n    text: \"**2.2** A new provision.\"\n"
    );
    std::fs::write(tmp.path().join("c.yaml"), yaml).unwrap();
    let r = run(tmp.path(), &["check", "c.yaml", "--text", &numbering_text()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for line in [
        "after X:1.1(xxxix): new 1.1(xl)",
        "after X:1.2(z): new 1.2(aa)",
        "after X:1.3(v): new 1.3(vi)",
        "after X:2.1Z: new 2.2",
    ] {
        assert!(r.stdout.contains(line), "{line}\n{}", r.stdout);
    }
}

#[test]
fn a_failed_number_after_says_what_to_name_instead() {
    let r = run(
        &root(),
        &[
            "check",
            "--number-after",
            "F2",
            "--text",
            &root().join("sec-text").display().to_string(),
        ],
    );
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .starts_with("--number-after F2: error: F2 is a whole document or Part"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains(
            "help: to insert at the end of Part F2, use `--number-after F2.8`; at its start, `--number-before F2.1`"
        ),
        "{}",
        r.stderr
    );
}

#[test]
fn help_shows_examples_and_points_to_the_format() {
    let top = run(&root(), &["--help"]);
    assert_eq!(top.code, 0);
    assert!(top.stdout.contains("Examples:"), "{}", top.stdout);
    assert!(
        top.stdout.contains("sec-redline build changes/mp209.yaml"),
        "{}",
        top.stdout
    );
    assert!(top.stdout.contains("docs/format.md"), "{}", top.stdout);
    for (command, example) in [
        ("build", "sec-redline build changes/mp209.yaml"),
        ("check", "sec-redline check --number-after F2.3"),
        ("compare", "sec-redline compare v1/section-f.md sec-text/section-f.md"),
    ] {
        let r = run(&root(), &[command, "--help"]);
        assert_eq!(r.code, 0, "{command}");
        assert!(r.stdout.contains(example), "{command} --help:\n{}", r.stdout);
    }
}

#[test]
fn compare_refuses_a_date_word_cannot_hold() {
    let doc = root().join("tests/fixtures/text/section-f.md").display().to_string();
    let tmp = tempfile::tempdir().unwrap();
    let r = run(tmp.path(), &["compare", &doc, &doc, "--date", "0000-01-01"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("'0000-01-01' is before 1900: Word cannot date a tracked change then"),
        "{}",
        r.stderr
    );
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0);
}

#[test]
fn case_preserve_capitalises_in_title_case() {
    let tmp = tempfile::tempdir().unwrap();
    let text = tmp.path().join("text");
    std::fs::create_dir_all(&text).unwrap();
    std::fs::write(
        text.join("section-f.md"),
        "---\ndocument: F\ntitle: T\nkind: Section\nversion: \"1\"\n---\n\n# Section F: T\n\n## F1 General\n\n**F1.1** Draft figures are due. The draft figures are due.\n",
    )
    .unwrap();
    // `ﬁ` is one character (the fi ligature): its upper case is "FI", its title case "Fi".
    let yaml =
        format!("{CHANGESET_HEAD}  - replace: draft figures\n    with: \u{FB01}nal figures\n    case: preserve\n");
    std::fs::write(tmp.path().join("c.yaml"), yaml).unwrap();
    let r = run(tmp.path(), &["build", "c.yaml", "--text", "text", "--out", "out"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let got = std::fs::read_to_string(tmp.path().join("out/MP1/consolidated/section-f.md")).unwrap();
    assert!(
        got.contains("**F1.1** Final figures are due. The \u{FB01}nal figures are due.\n"),
        "{got}"
    );
}

#[test]
fn a_file_named_like_the_modification_is_never_moved_and_stale_folders_are_cleared() {
    let tmp = tempfile::tempdir().unwrap();
    let changeset = root().join("changes/mp209.yaml").display().to_string();
    let text = root().join("sec-text").display().to_string();
    let out = tmp.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("MP209"), "the user's notes").unwrap();
    let before = snapshot(&out);
    let r = run(tmp.path(), &["build", &changeset, "--text", &text, "--out", "out"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr
            .starts_with("out/MP209: error: a file is where the output folder MP209 would go; it was left as it is"),
        "{}",
        r.stderr
    );
    assert_eq!(snapshot(&out), before, "the file is untouched and nothing is added");
    let names: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(names, ["MP209"], "no hidden leftovers");

    // A folder left by a build killed part-way is ours, and the next build clears it.
    std::fs::remove_file(out.join("MP209")).unwrap();
    std::fs::create_dir_all(out.join(".MP209.old-4242")).unwrap();
    std::fs::write(out.join(".MP209.old-4242/annex-a.html"), "old").unwrap();
    let r = run(tmp.path(), &["build", &changeset, "--text", &text, "--out", "out"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["MP209"]);
}

/// Every `w:name="…"` of a bookmark and every hyperlink `w:anchor="…"` in document.xml.
fn bookmarks_and_links(docx: &Path) -> (Vec<String>, Vec<String>) {
    let file = std::fs::File::open(docx).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    let values = |after: &str, attribute: &str| -> Vec<String> {
        xml.split(after)
            .skip(1)
            .filter_map(|rest| {
                let rest = &rest[rest.find(attribute)? + attribute.len()..];
                Some(rest[..rest.find('"')?].to_string())
            })
            .collect()
    };
    (
        values("<w:bookmarkStart ", "w:name=\""),
        values("<w:hyperlink ", "w:anchor=\""),
    )
}

#[test]
fn long_document_ids_give_bookmark_names_word_accepts() {
    let tmp = tempfile::tempdir().unwrap();
    let text = tmp.path().join("text");
    std::fs::create_dir_all(&text).unwrap();
    let id = "SmartMeteringEquipmentTechnicalSpecificationsAppendix";
    let mut doc = format!(
        "---\ndocument: {id}\ntitle: Long\nkind: Appendix\nversion: \"1\"\n---\n\n# Appendix {id}: Long\n\n## 1 General\n\n"
    );
    for n in 1..=12 {
        doc.push_str(&format!("**1.{n}** The expiry date of item {n}.\n\n"));
    }
    std::fs::write(text.join("appendix-long.md"), doc).unwrap();
    let yaml = format!("{CHANGESET_HEAD}  - replace: expiry date\n    with: renewal date\n");
    std::fs::write(tmp.path().join("c.yaml"), yaml).unwrap();
    let r = run(tmp.path(), &["build", "c.yaml", "--text", "text", "--out", "out"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let (names, links) = bookmarks_and_links(&tmp.path().join("out/MP1/annex-a.docx"));
    // The Part heading and the twelve provisions.
    assert_eq!(names.len(), 13, "{names:?}");
    for n in &names {
        assert!(n.chars().count() <= 40, "{n} is longer than Word's 40 characters");
    }
    let mut unique = names.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), names.len(), "bookmark names repeat: {names:?}");
    assert_eq!(links.len(), 12, "{links:?}");
    for l in &links {
        assert!(names.contains(l), "the summary links to {l}, which is no bookmark");
    }
}
