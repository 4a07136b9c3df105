//! The DOCX annex checked by Word-compatible readers, not by our own code:
//! the Office Open XML schemas and Word's tracked-change rules (tools/docx-validate),
//! pandoc's accept/reject of every tracked change, and LibreOffice's conversion to PDF.

mod common;

use common::{
    accept_and_reject, assert_mp209_left_unchanged, left_unchanged_rows, markdown_words, normalise, pandoc_texts, root,
    run, tool, unit_text, unit_text_or_empty, validate,
};
use scraper::Html;
use sec_redline::corpus::Corpus;
use std::path::{Path, PathBuf};
use std::process::Command;

fn build(extra: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let mut args = vec!["build", "changes/mp209.yaml", "--out"];
    let out = tmp.path().display().to_string();
    args.push(&out);
    args.extend(extra);
    let r = run(&root(), &args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let docx = tmp.path().join("MP209/annex-a.docx");
    (tmp, docx)
}

fn compare(extra: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = root().join("tests/fixtures/compare");
    let (old, new, out) = (
        dir.join("old.md").display().to_string(),
        dir.join("new.md").display().to_string(),
        tmp.path().display().to_string(),
    );
    let mut args = vec!["compare", &old, &new, "--out", &out];
    args.extend(extra);
    let r = run(&root(), &args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let docx = tmp.path().join("compare-old-new/redline.docx");
    (tmp, docx)
}

fn document_xml(docx: &Path) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(docx).unwrap()).unwrap();
    let mut s = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut s).unwrap();
    s
}

#[test]
fn every_docx_is_schema_valid_with_word_tracked_change_rules() {
    for extra in [
        &[][..],
        &["--context", "full"],
        &["--redline", "formatted"],
        &["--context", "full", "--redline", "formatted"],
    ] {
        let (_tmp, docx) = build(extra);
        validate(&docx);
    }
    for extra in [&[][..], &["--redline", "formatted"]] {
        let (_tmp, docx) = compare(extra);
        validate(&docx);
    }
}

#[test]
fn pandoc_accept_gives_the_consolidated_text_and_reject_the_base_text() {
    if !tool("pandoc", "--version") {
        return;
    }
    let (tmp, docx) = build(&[]);
    let base = Corpus::load(&root().join("sec-text")).unwrap();
    let amended = Corpus::load(&tmp.path().join("MP209/consolidated")).unwrap();
    let annex_html = std::fs::read_to_string(tmp.path().join("MP209/annex-a.html")).unwrap();
    // Every changed provision and heading, by the addresses the summary lists.
    let doc = Html::parse_document(&annex_html);
    let sel = scraper::Selector::parse("section.summary tbody a[data-ref]").unwrap();
    let expected: Vec<(String, String, String)> = doc
        .select(&sel)
        .map(|a| {
            let address = a.value().attr("data-ref").unwrap().to_string();
            let anchor = a.value().attr("href").unwrap()[1..].to_string();
            (
                anchor,
                markdown_words(&unit_text_or_empty(&base, &address)),
                markdown_words(&unit_text(&amended, &address)),
            )
        })
        .collect();
    // Counted by hand from changes/mp209.yaml (and tests/fixtures/mp209 against sec-text):
    // 11 in Section F (F2.1, F2.4, F2.8, F3.4, F3.5, F3.6, F3.8, F4.1, F4.4, F5.1, F5.2) and
    // 11 in Appendix Z (4.1, 4.3, 4.5, 5.2, the Part 6 heading, 6.1, 6.2, 6.3, 6.4, 6.6, 6.7).
    assert_eq!(expected.len(), 22);
    accept_and_reject(&docx, &expected);
    let rejected = pandoc_texts(&docx, "reject");
    assert!(
        rejected.values().all(|t| !t.contains("renewal")),
        "no insertion survives rejection"
    );
}

#[test]
fn an_inserted_provision_of_several_paragraphs_rejects_without_an_empty_line() {
    if !tool("pandoc", "--version") {
        return;
    }
    // A provision of four paragraphs inserted after Z:6.4 (the shape of a new 6.4A).
    let tmp = tempfile::tempdir().unwrap();
    let cs = tmp.path().join("ins1.yaml");
    std::fs::write(
        &cs,
        "modification: INS1\ntitle: Insert\ndate: 2024-01-31\nchanges:\n  - insert_after: \"Z:6.4\"\n    text: |\n      **6.4A** Where paragraph 6.3 applies, the Security Sub-Committee shall decide:\n\n      - (a) whether the Device Model shall remain on the CPL; and\n      - (b) for how long.\n\n      Until it decides, the Device Model shall remain on the CPL.\n",
    )
    .unwrap();
    let out = tmp.path().join("out");
    let r = run(
        &root(),
        // Whole documents, so that the unchanged Z:6.4 is shown beside the insertion.
        &[
            "build",
            &cs.display().to_string(),
            "--context",
            "full",
            "--out",
            &out.display().to_string(),
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let docx = out.join("INS1/annex-a.docx");
    validate(&docx);
    let base = Corpus::load(&root().join("sec-text")).unwrap();
    // Tracked paragraph marks: the inserted paragraphs leave no empty line when rejected,
    // and Z:6.4 stays one paragraph either way. pandoc's paragraphs, as text: Z:6.4's and the
    // one after it.
    let paragraphs_at_6_4 = |mode: &str| -> (String, String) {
        let out = Command::new("pandoc")
            .args([&format!("--track-changes={mode}"), "-f", "docx", "-t", "html"])
            .arg(&docx)
            .output()
            .unwrap();
        let html = Html::parse_fragment(&String::from_utf8_lossy(&out.stdout));
        let paragraphs: Vec<String> = html
            .select(&scraper::Selector::parse("p").unwrap())
            .map(|p| normalise(&p.text().collect::<String>()))
            .collect();
        let i = paragraphs
            .iter()
            .position(|p| p.starts_with("6.4 Where paragraph 6.3 applies"))
            .expect("Z:6.4");
        (paragraphs[i].clone(), paragraphs[i + 1].clone())
    };
    let z64 = markdown_words(&unit_text(&base, "Z:6.4"));
    let (rejected_64, after) = paragraphs_at_6_4("reject");
    assert_eq!(rejected_64, z64);
    assert!(
        after.starts_with("6.5 Where the National Technical Authority"),
        "{after}"
    );
    let (accepted_64, after) = paragraphs_at_6_4("accept");
    assert_eq!(accepted_64, z64);
    assert!(after.starts_with("6.4A Where paragraph 6.3 applies"), "{after}");
    let rejected = pandoc_texts(&docx, "reject");
    assert!(
        rejected.values().all(|t| !t.contains("Until it decides")),
        "{rejected:?}"
    );
    let accepted = pandoc_texts(&docx, "accept");
    assert!(
        accepted.values().any(|t| t.contains("Until it decides")),
        "{accepted:?}"
    );
}

#[test]
fn the_docx_lists_what_the_modification_leaves_unchanged() {
    if !tool("pandoc", "--version") {
        return;
    }
    for extra in [&[][..], &["--redline", "formatted"]] {
        let (_tmp, docx) = build(extra);
        let out = Command::new("pandoc")
            .args(["-f", "docx", "-t", "html"])
            .arg(&docx)
            .output()
            .expect("pandoc runs");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let html = String::from_utf8_lossy(&out.stdout);
        assert!(
            html.contains(">Left unchanged</h2>"),
            "a heading in the Navigation pane"
        );
        assert_mp209_left_unchanged(&left_unchanged_rows(&html));
    }
}

#[test]
fn pandoc_accept_and_reject_on_a_compare_fixture() {
    if !tool("pandoc", "--version") {
        return;
    }
    let (_tmp, docx) = compare(&[]);
    let dir = root().join("tests/fixtures/compare");
    let read = |f: &str| {
        sec_redline::corpus::parse_document(sec_redline::diagnostics::SourceFile::read(&dir.join(f)).unwrap()).unwrap()
    };
    let (old, new) = (read("old.md"), read("new.md"));
    let text = |d: &sec_redline::corpus::Document, number: &str| {
        d.units
            .iter()
            .position(|u| u.number() == Some(number))
            .map(|i| markdown_words(d.unit_text(i)))
            .unwrap_or_default()
    };
    let expected: Vec<(String, String, String)> = ["1.1", "1.2", "1.3", "1.4", "2.1"]
        .iter()
        .map(|n| (format!("p-x-{}", n.replace('.', "-")), text(&old, n), text(&new, n)))
        .collect();
    accept_and_reject(&docx, &expected);
}

#[test]
fn compare_stamps_its_changes_with_the_author_and_date_given() {
    let (_t1, plain) = compare(&[]);
    let xml = document_xml(&plain);
    // Word's rules want a date; without `--date` it is a fixed placeholder, never the clock.
    assert!(xml.contains(r#" w:author="sec-redline compare" w:date="1980-01-01T00:00:00Z">"#));
    let (_t2, stamped) = compare(&["--author", "SECAS & Co", "--date", "2026-11-25"]);
    let xml = document_xml(&stamped);
    assert!(xml.contains(r#"w:author="SECAS &amp; Co" w:date="2026-11-25T00:00:00Z""#));
    assert!(!xml.contains(r#"w:author="sec-redline compare""#));
    validate(&plain);
    validate(&stamped);
    // A date that is not a date is a command-line error (exit 2), and nothing is written.
    let tmp = tempfile::tempdir().unwrap();
    let dir = root().join("tests/fixtures/compare");
    let r = run(
        &root(),
        &[
            "compare",
            &dir.join("old.md").display().to_string(),
            &dir.join("new.md").display().to_string(),
            "--date",
            "2026-02-30",
            "--out",
            &tmp.path().display().to_string(),
        ],
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("'2026-02-30' is not a date in the form YYYY-MM-DD"),
        "{}",
        r.stderr
    );
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0);
}

#[test]
fn a_formatting_change_is_a_tracked_formatting_change_that_libreoffice_reads() {
    // The compare fixture's 2.1 only makes "Party" bold.
    let (tmp, docx) = compare(&[]);
    let xml = document_xml(&docx);
    let changes: Vec<&str> = xml.match_indices("<w:rPrChange ").map(|(i, _)| &xml[i..]).collect();
    assert_eq!(changes.len(), 1, "one tracked formatting change");
    let run_end = changes[0].find("</w:r>").unwrap();
    // Bold now, and nothing before: the old run properties are empty.
    assert!(
        changes[0][..run_end]
            .ends_with(r#"<w:rPr></w:rPr></w:rPrChange></w:rPr><w:t xml:space="preserve">Party</w:t>"#),
        "{}",
        &changes[0][..run_end]
    );
    let (_t2, formatted) = compare(&["--redline", "formatted"]);
    let formatted = document_xml(&formatted);
    assert!(!formatted.contains("rPrChange"));
    assert!(formatted.contains(r#"<w:u w:val="dotted"/></w:rPr><w:t xml:space="preserve">Party</w:t>"#));
    // LibreOffice imports it as a tracked format change (ODF `text:format-change`).
    if !tool("soffice", "--version") {
        return;
    }
    let fodt = common::libreoffice_fodt(&docx, tmp.path());
    assert_eq!(
        fodt.matches("<text:format-change>").count(),
        1,
        "one format change in LibreOffice"
    );
}

#[test]
fn formatted_redline_has_no_tracked_changes_and_tracked_turns_on_tracking() {
    let (_t1, formatted) = build(&["--redline", "formatted"]);
    let xml = document_xml(&formatted);
    assert!(
        !xml.contains("<w:ins ") && !xml.contains("<w:del "),
        "formatted DOCX holds tracked changes"
    );
    assert!(xml.contains(r#"<w:strike/><w:color w:val="B3261E"/>"#) && xml.contains(r#"<w:u w:val="single"/>"#));
    let (_t2, tracked) = build(&[]);
    let xml = document_xml(&tracked);
    assert!(xml.contains(r#"<w:ins w:id="1" w:author="SECAS" w:date="2022-06-22T00:00:00Z">"#));
    assert!(xml.contains("<w:delText xml:space=\"preserve\">"));
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&tracked).unwrap()).unwrap();
    let mut settings = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/settings.xml").unwrap(), &mut settings).unwrap();
    assert!(settings.contains("<w:trackRevisions/>"));
    // Compressed, and named for Word's Navigation pane.
    assert!(zip.by_name("word/document.xml").unwrap().compression() == zip::CompressionMethod::Deflated);
    let mut styles = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/styles.xml").unwrap(), &mut styles).unwrap();
    assert!(styles.contains(r#"<w:name w:val="heading 2"/>"#));
}

#[test]
fn libreoffice_converts_both_variants_to_pdf() {
    if !tool("soffice", "--version") || !tool("pdftotext", "-v") {
        return;
    }
    for extra in [&[][..], &["--redline", "formatted"]] {
        let (tmp, docx) = build(extra);
        let pdf = common::libreoffice(&docx, tmp.path(), "pdf");
        let text = Command::new("pdftotext")
            .arg(&pdf)
            .arg("-")
            .output()
            .expect("pdftotext runs");
        let text = String::from_utf8_lossy(&text.stdout);
        assert!(
            text.contains("Lifetime CPA Certificates") && text.contains("or renewal"),
            "{text}"
        );
        assert!(text.contains("MP209 Annex A"), "the footer names the annex");
    }
}

#[test]
fn docx_bytes_are_the_same_across_runs_and_within_one_process() {
    let (_a, first) = build(&[]);
    let (_b, second) = build(&[]);
    assert_eq!(std::fs::read(&first).unwrap(), std::fs::read(&second).unwrap());
    // Two annexes rendered in one process number their revisions from 1 each.
    let corpus = Corpus::load(&root().join("sec-text")).unwrap();
    let (set, _) = sec_redline::changeset::load(&root().join("changes/mp209.yaml")).unwrap();
    let applied = sec_redline::changeset::apply(&corpus, &set).unwrap();
    let cover = sec_redline::annex::Cover {
        modification: "MP209".into(),
        title: set.title.clone(),
        annex: sec_redline::annex::AnnexKind::Modification("A".into()),
        heading: "Annex A".into(),
        date: set.date.clone(),
        author: set.author.clone(),
        ..Default::default()
    };
    let annex = sec_redline::annex::build(
        cover,
        &sec_redline::annex::pairs(&applied.edition),
        Default::default(),
        Default::default(),
    );
    let one = sec_redline::render::docx::render(&annex, Default::default());
    let two = sec_redline::render::docx::render(&annex, Default::default());
    assert_eq!(one, two);
}

#[test]
fn a_deletion_and_the_insertion_after_it_are_apart_in_the_tracked_docx_and_neither_text_gains_a_space() {
    // MP209 turns "the CPA Certificate has occurred" (Z:2 table, Lapsed) into "has expired
    // or fallen due for renewal": a deletion right before an insertion.
    let (_tmp, docx) = build(&[]);
    validate(&docx);
    let xml = document_xml(&docx);
    // The deletion's last letter carries the gap (4 pt of character spacing), inside w:del.
    let gap = r#"<w:r><w:rPr><w:spacing w:val="80"/></w:rPr><w:delText xml:space="preserve">d</w:delText></w:r></w:del><w:ins "#;
    assert!(xml.contains(gap), "no gap after the deletion 'occurred'");
    assert!(xml.contains(r#"<w:delText xml:space="preserve">occurre</w:delText>"#));
    if !tool("pandoc", "--version") {
        return;
    }
    // Each text exactly as written by hand, single spaces: the gap is no character.
    let plain = |mode: &str| {
        let out = Command::new("pandoc")
            .args([&format!("--track-changes={mode}"), "-t", "plain", "--wrap=none"])
            .arg(&docx)
            .output()
            .expect("pandoc runs");
        String::from_utf8(out.stdout).unwrap()
    };
    assert!(plain("accept").contains("The CPA Certificate has expired or fallen due for renewal and no replacement"));
    assert!(plain("reject").contains("Expiry of the CPA Certificate has occurred and no replacement"));
}
