//! The Markdown edge cases of issue 10 (tests/fixtures/markdown), read by independent readers:
//! for every changed provision, pandoc's reading of the consolidated and base Markdown
//! (`-f gfm`) must equal the words of the HTML annex (scraper; without `<del>`, without `<ins>`)
//! and of the DOCX (pandoc `--track-changes=accept|reject`).

mod common;

use common::{
    accept_and_reject, page_texts, pandoc_reading, pandoc_words_many, root, run, tool, unit_text, unit_text_or_empty,
    validate,
};
use scraper::{Html, Selector};
use sec_redline::corpus::Corpus;

fn build() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let fixture = root().join("tests/fixtures/markdown");
    let r = run(
        &root(),
        &[
            "build",
            &fixture.join("edits.yaml").display().to_string(),
            "--text",
            &fixture.join("sec-text").display().to_string(),
            "--out",
            &tmp.path().display().to_string(),
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    tmp
}

#[test]
fn html_and_docx_read_as_pandoc_reads_the_markdown() {
    if !tool("pandoc", "--version") {
        return;
    }
    let tmp = build();
    let base = Corpus::load(&root().join("tests/fixtures/markdown/sec-text")).unwrap();
    let amended = Corpus::load(&tmp.path().join("MD1/consolidated")).unwrap();
    let html = std::fs::read_to_string(tmp.path().join("MD1/annex-a.html")).unwrap();
    let texts = page_texts(&html);
    let addresses: Vec<&String> = texts.keys().filter(|a| !a.contains('\u{201c}')).collect();
    let amended_texts: Vec<String> = addresses.iter().map(|a| unit_text(&amended, a)).collect();
    let base_texts: Vec<String> = addresses.iter().map(|a| unit_text_or_empty(&base, a)).collect();
    let oracle_amended = pandoc_words_many(&amended_texts.iter().map(String::as_str).collect::<Vec<_>>());
    let oracle_base = pandoc_words_many(&base_texts.iter().map(String::as_str).collect::<Vec<_>>());
    for (i, address) in addresses.iter().enumerate() {
        let (accepted, rejected) = &texts[*address];
        assert_eq!(accepted, &oracle_amended[i], "{address}: HTML without <del> vs pandoc");
        assert_eq!(rejected, &oracle_base[i], "{address}: HTML without <ins> vs pandoc");
    }
    // Every provision the change-set touches (M1.1–M1.7, M2.1, M2.2, M3.1, M3.2) and the
    // heading of each Part they are in.
    assert_eq!(addresses.len(), 14, "{addresses:?}");

    // The DOCX, accepted and rejected by pandoc, against pandoc's reading of the Markdown.
    let doc = Html::parse_document(&html);
    let sel = Selector::parse("section.summary tbody a").unwrap();
    let links: Vec<(String, String)> = doc
        .select(&sel)
        .map(|a| (a.text().collect(), a.value().attr("href").unwrap()[1..].to_string()))
        .collect();
    let b: Vec<String> = links.iter().map(|(a, _)| unit_text_or_empty(&base, a)).collect();
    let n: Vec<String> = links.iter().map(|(a, _)| unit_text(&amended, a)).collect();
    let b = pandoc_words_many(&b.iter().map(String::as_str).collect::<Vec<_>>());
    let n = pandoc_words_many(&n.iter().map(String::as_str).collect::<Vec<_>>());
    let expected: Vec<(String, String, String)> = links
        .iter()
        .zip(b.into_iter().zip(n))
        .map(|((_, anchor), (b, n))| (anchor.clone(), b, n))
        .collect();
    assert_eq!(expected.len(), 11);
    accept_and_reject(&tmp.path().join("MD1/annex-a.docx"), &expected);
    validate(&tmp.path().join("MD1/annex-a.docx"));
}

#[test]
fn the_consolidated_text_reads_with_balanced_formatting() {
    if !tool("pandoc", "--version") {
        return;
    }
    let tmp = build();
    let base = std::fs::read_to_string(root().join("tests/fixtures/markdown/sec-text/section-m.md")).unwrap();
    let new = std::fs::read_to_string(tmp.path().join("MD1/consolidated/section-m.md")).unwrap();
    // The front matter's `amended_by:` line (the build's record of MD1) is YAML, not the
    // document's text, which gfm reads as text here: leave it out of the count.
    assert!(new.contains("\namended_by: [MD1]\n"));
    let new = new.replacen("amended_by: [MD1]\n", "", 1);
    let read = pandoc_reading(&[&base, &new]);
    // The edits add no literal `*`, `_` or backtick: pandoc sees exactly the base's
    // literal ones (2 * 3, 5 \* 3, 4 * 5 * 6, and the one in `code*star`).
    assert_eq!(read[0].1, 5, "{}", read[0].0);
    assert_eq!(read[1].1, read[0].1, "{}", read[1].0);
    // What the drafter meant, written by hand.
    for want in [
        "before the renewal deadline of each CPA Certificate",
        "A drafting note shall be kept by the renewal date.",
        "before the expiry or renewal date & after it",
        "The charge is the total of 5. The Party shall pay it by the expiry or renewal date.",
        "set the renewal date of every Certificate and the expiry date of the published list.",
        "the expiry or renewal date of the certificate",
        "Date the expiry or renewal date",
        "(i) state the expiry or renewal date; and",
    ] {
        assert!(read[1].0.contains(want), "{want:?} not in {}", read[1].0);
    }
    // The HTML comment is not text, and a replace never edits inside it.
    assert!(new.contains("<!-- drafting note: the expiry date here is not text -->"));
}

#[test]
fn the_annex_shows_what_commonmark_means() {
    let tmp = build();
    let html = std::fs::read_to_string(tmp.path().join("MD1/annex-a.html")).unwrap();
    let doc = Html::parse_document(&html);
    let text_of = |address: &str| -> String {
        let sel = Selector::parse(&format!("[data-address='{address}']")).unwrap();
        doc.select(&sel).next().unwrap().text().collect::<String>()
    };
    let m13 = text_of("M1.3");
    for literal in [
        "2 * 3 units",
        "5 * 3 units",
        "4 * 5 * 6 units",
        "code*star",
        "abc apply",
    ] {
        assert!(m13.contains(literal), "{literal:?} in {m13:?}");
    }
    let m14 = text_of("M1.4");
    assert!(
        m14.contains("Read the guidance before") && !m14.contains("https://"),
        "{m14:?}"
    );
    assert!(m14.contains("& after") && !m14.contains("&amp;"), "{m14:?}");
    let link = Selector::parse("[data-address='M1.4'] a[href='https://example.org/guidance']").unwrap();
    assert_eq!(doc.select(&link).count(), 1, "the link keeps its target");
    let code = Selector::parse("[data-address='M1.3'] code").unwrap();
    assert_eq!(
        doc.select(&code)
            .map(|c| c.text().collect::<String>())
            .collect::<Vec<_>>(),
        ["code*star"]
    );
    // Formatting written in `with:` is kept: "expiry" made bold (a formatting change of a
    // kept word), "renewal" inserted in italics.
    let strong = Selector::parse("[data-address='M1.4'] .reformatted strong").unwrap();
    let em_ins = Selector::parse("[data-address='M1.4'] ins em, [data-address='M1.4'] em ins").unwrap();
    assert!(
        doc.select(&strong)
            .any(|e| e.text().collect::<String>().trim() == "expiry"),
        "{m14:?}"
    );
    assert!(
        doc.select(&em_ins)
            .any(|e| e.text().collect::<String>().contains("renewal")),
        "{m14:?}"
    );
    // "5." wrapped to the start of a line is text, shown.
    assert!(text_of("M1.5").contains("total of 5. The Party"));
    // The escaped pipe is in its cell; <br> reads as a space between words.
    let cells: Vec<String> = doc
        .select(&Selector::parse("[data-address='M2.1'] td").unwrap())
        .map(|c| c.text().collect::<String>())
        .collect();
    assert!(cells.iter().any(|c| c.trim() == "A | B"), "{cells:?}");
    assert!(cells.iter().any(|c| c.contains("date of the certificate")), "{cells:?}");
    // A table without outer pipes is a table.
    assert_eq!(
        doc.select(&Selector::parse("[data-address='M2.2'] table").unwrap())
            .count(),
        1
    );
    // Nothing of the Markdown source shows.
    let body = doc.root_element().text().collect::<String>();
    for raw in ["**", "\\", "<!--", "&amp;", "](", " ##", "<br>"] {
        assert!(!body.contains(raw), "{raw:?} shows in the annex");
    }
}
