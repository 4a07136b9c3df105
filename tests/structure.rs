//! Structural edits end to end: inserted, deleted and rewritten provisions and
//! sub-paragraphs, checked in the consolidated text, the HTML and the DOCX.

mod common;

use common::{accept_and_reject, markdown_words, page_texts, root, run, section_class, tool, unit_text, validate};
use sec_redline::corpus::Corpus;

fn build() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let fixture = root().join("tests/fixtures/structure");
    let r = run(
        &root(),
        &[
            "build",
            &fixture.join("changes.yaml").display().to_string(),
            "--text",
            &root().join("tests/fixtures/text").display().to_string(),
            "--out",
            &tmp.path().display().to_string(),
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    tmp
}

/// Every address the change-set touches, with its text before and after ("" where absent).
fn expectations(out: &std::path::Path) -> Vec<(String, String, String)> {
    let base = Corpus::load(&root().join("tests/fixtures/text")).unwrap();
    let amended = Corpus::load(&out.join("STRUCT1/consolidated")).unwrap();
    let text = |c: &Corpus, a: &str| {
        let edition = sec_redline::corpus::Edition::new(c);
        match sec_redline::corpus::reference::resolve(&edition, a) {
            Ok(_) => unit_text(c, a),
            Err(_) => String::new(),
        }
    };
    ["F1.A1", "F1.1", "F1.1A", "F1.2", "F2.1A", "F2.2", "Z:6.1"]
        .iter()
        .map(|a| {
            (
                a.to_string(),
                markdown_words(&text(&base, a)),
                markdown_words(&text(&amended, a)),
            )
        })
        .collect()
}

#[test]
fn consolidated_text_matches_the_reviewed_fixture() {
    let tmp = build();
    for doc in ["section-f.md", "appendix-z.md"] {
        let got = std::fs::read_to_string(tmp.path().join("STRUCT1/consolidated").join(doc)).unwrap();
        let want = std::fs::read_to_string(root().join("tests/fixtures/structure/expected").join(doc)).unwrap();
        assert!(got == want, "{doc} differs from the reviewed fixture:\n{got}");
    }
    let f = std::fs::read_to_string(tmp.path().join("STRUCT1/consolidated/section-f.md")).unwrap();
    // Numbers as printed; a deleted provision keeps its number; the file keeps its last newline.
    assert!(f.contains("**F1.A1** This Part applies"));
    assert!(f.contains("- (a) name and describe each Device Model;\n- (aa) record each Manufacturer; and\n- (b)"));
    assert!(f.contains("  - (zi) its model identifier;\n  - (i) Not used\n  - (iii) the renewal date of each.\n"));
    assert!(f.contains("**F1.2** Not used\n"));
    assert!(!f.contains("**F2.2**"));
    assert!(f.ends_with("- (b) values are as supplied.\n"));
}

#[test]
fn html_shows_whole_insertions_and_deletions_and_accepts_and_rejects_exactly() {
    let tmp = build();
    let html = std::fs::read_to_string(tmp.path().join("STRUCT1/annex-a.html")).unwrap();
    let texts = page_texts(&html);
    for (address, base, amended) in expectations(tmp.path()) {
        let (accepted, rejected) = texts
            .get(&address)
            .unwrap_or_else(|| panic!("{address} is not in the annex"));
        assert_eq!(accepted, &amended, "{address} without <del>");
        assert_eq!(rejected, &base, "{address} without <ins>");
    }
    let doc = scraper::Html::parse_document(&html);
    let status = |a: &str| section_class(&doc, a);
    assert!(status("F1.1A").contains("status-inserted"));
    assert!(status("F2.2").contains("status-deleted"));
    assert!(status("Z:6.1").contains("status-deleted"));
    // Each with its Part heading for context.
    assert!(texts.contains_key("F2") && texts.contains_key("Z:6"));
}

#[test]
fn docx_accepts_to_the_amended_text_and_rejects_to_the_base() {
    if !tool("pandoc", "--version") {
        return;
    }
    let tmp = build();
    validate(&tmp.path().join("STRUCT1/annex-a.docx"));
    let expected: Vec<(String, String, String)> = expectations(tmp.path())
        .into_iter()
        .map(|(a, b, n)| (sec_redline::annex::anchor(&a), b, n))
        .collect();
    accept_and_reject(&tmp.path().join("STRUCT1/annex-a.docx"), &expected);
}
