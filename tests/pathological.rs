//! The inputs that once made a stage slow or unbounded, checked for their RESULT (how fast
//! they run is measured in benches/, see docs/performance.md): a provision whose every
//! other token changes, two versions with no word in common, and two versions with every
//! other word changed. Each must give a valid annex whose accepted and rejected texts are
//! exactly the two versions.

mod common;

use common::{accept_and_reject, normalise, page_texts, run, tool, validate};
use std::path::Path;

fn front(id: &str, version: &str) -> String {
    format!("---\ndocument: {id}\ntitle: Test\nkind: Section\nversion: \"{version}\"\n---\n\n# Section {id}: Test\n\n")
}

/// `ab,ab,…` rewritten as `ab;ab;…` (20,000 words): every other token changes, so a word
/// diff cannot finish in time; the provision is shown wholly deleted then wholly inserted,
/// and the annex says why.
#[test]
fn a_provision_whose_every_other_token_changes_is_shown_whole_with_a_note() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let words = 20_000;
    let base = vec!["ab"; words].join(",");
    let amended = vec!["ab"; words].join(";");
    std::fs::create_dir_all(dir.join("sec-text")).unwrap();
    std::fs::write(
        dir.join("sec-text/section-p.md"),
        format!("{}## P1 One\n\n**P1.1** {base}\n", front("P", "1.0")),
    )
    .unwrap();
    std::fs::write(
        dir.join("changes.yaml"),
        format!(
            "modification: ABAB\ntitle: Punctuation\ndate: 2026-01-01\nchanges:\n  - rewrite: P1.1\n    text: |\n      **P1.1** {amended}\n"
        ),
    )
    .unwrap();
    let r = run(dir, &["build", "changes.yaml"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out = dir.join("output/ABAB");
    let consolidated = std::fs::read_to_string(out.join("consolidated/section-p.md")).unwrap();
    assert!(consolidated.ends_with(&format!("**P1.1** {amended}\n")));

    let html = std::fs::read_to_string(out.join("annex-a.html")).unwrap();
    let page = scraper::Html::parse_document(&html);
    let note = scraper::Selector::parse("section#p-p1-1 p.note").unwrap();
    let notes: Vec<String> = page.select(&note).map(|n| n.text().collect()).collect();
    assert_eq!(notes.len(), 1, "one note on the provision");
    assert!(notes[0].contains("wholly deleted and wholly inserted"), "{}", notes[0]);
    let summary = scraper::Selector::parse("#summary tbody td span.note").unwrap();
    let summaries: Vec<String> = page.select(&summary).map(|n| n.text().collect()).collect();
    assert_eq!(summaries.len(), 1, "the summary says it too");
    // One reason, given the same way in both places: the summary's "(…)" and the note's
    // sentence hold the same words.
    let words = |t: &str| -> String {
        t.trim_matches(|c: char| c == '(' || c == ')' || c == '.')
            .to_lowercase()
    };
    assert_eq!(
        words(&notes[0]),
        words(&summaries[0]),
        "the note and the summary give one reason"
    );
    // Shown whole: the deleted text is all of the base, the inserted text all of the new.
    // (Compared without printing: the texts are 60 KB each.)
    let del = scraper::Selector::parse("section#p-p1-1 del").unwrap();
    let deleted: String = page.select(&del).flat_map(|d| d.text()).collect();
    assert!(
        normalise(&deleted) == format!("P1.1 {base}"),
        "all of the base text is deleted"
    );
    let (accepted, rejected) = &page_texts(&html)["P1.1"];
    let without_note = |t: &str| t.strip_prefix(notes[0].as_str()).map(|t| t.trim_start().to_string());
    assert!(
        without_note(accepted) == Some(format!("P1.1 {amended}")),
        "accepted: the amended text"
    );
    assert!(
        without_note(rejected) == Some(format!("P1.1 {base}")),
        "rejected: the base text"
    );

    let docx = out.join("annex-a.docx");
    validate(&docx);
    if tool("pandoc", "--version") {
        accept_and_reject(
            &docx,
            &[("p-p1-1".to_string(), format!("P1.1 {base}"), format!("P1.1 {amended}"))],
        );
    }
}

/// Two versions of one document, `provisions` provisions each, the words of the new one
/// made by `word(provision, index, old word)`.
fn versions(
    dir: &Path,
    provisions: usize,
    word: impl Fn(usize, usize, &str) -> String,
) -> Vec<(String, String, String)> {
    let vocabulary = [
        "the", "DCC", "shall", "ensure", "each", "Supplier", "Party", "notice", "Panel", "record",
    ];
    let (mut old, mut new) = (front("X", "1.0"), front("X", "2.0"));
    old.push_str("## X1 One\n\n");
    new.push_str("## X1 One\n\n");
    let mut expected = Vec::new();
    for p in 1..=provisions {
        let old_words: Vec<String> = (0..24).map(|i| vocabulary[(p * 7 + i * 3) % 10].to_string()).collect();
        let new_words: Vec<String> = old_words.iter().enumerate().map(|(i, w)| word(p, i, w)).collect();
        let (o, n) = (old_words.join(" "), new_words.join(" "));
        old.push_str(&format!("**X1.{p}** {o}.\n\n"));
        new.push_str(&format!("**X1.{p}** {n}.\n\n"));
        expected.push((format!("p-x1-{p}"), format!("X1.{p} {o}."), format!("X1.{p} {n}.")));
    }
    std::fs::write(dir.join("old.md"), old).unwrap();
    std::fs::write(dir.join("new.md"), new).unwrap();
    expected
}

fn compare_and_check(dir: &Path, expected: &[(String, String, String)]) -> String {
    let r = run(dir, &["compare", "old.md", "new.md", "--out", "out"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let html = std::fs::read_to_string(dir.join("out/compare-old-new/redline.html")).unwrap();
    let texts = page_texts(&html);
    for (anchor, base, amended) in expected {
        let address = anchor.trim_start_matches("p-x1-");
        assert_eq!(
            texts[&format!("X1.{address}")],
            (amended.clone(), base.clone()),
            "{anchor}: accepted and rejected in the HTML"
        );
    }
    let docx = dir.join("out/compare-old-new/redline.docx");
    validate(&docx);
    if tool("pandoc", "--version") {
        accept_and_reject(&docx, expected);
    }
    html
}

#[test]
fn two_versions_with_no_word_in_common_show_every_provision_replaced_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let expected = versions(tmp.path(), 40, |p, i, _| format!("v{p}x{i}"));
    let html = compare_and_check(tmp.path(), &expected);
    // No word is kept: within each provision all deleted text comes before all inserted.
    let page = scraper::Html::parse_document(&html);
    let sections = scraper::Selector::parse("section.provision").unwrap();
    for s in page.select(&sections) {
        let inner = s.inner_html();
        let (first_ins, last_del) = (inner.find("<ins").unwrap(), inner.rfind("<del").unwrap());
        assert!(last_del < first_ins, "deletion before insertion in {inner}");
        let kept: String = s
            .descendants()
            .filter_map(|n| n.value().as_text().map(|t| (n, t)))
            .filter(|(n, _)| {
                !n.ancestors().any(|a| {
                    a.value()
                        .as_element()
                        .is_some_and(|e| matches!(e.name(), "ins" | "del"))
                })
            })
            .map(|(_, t)| t.to_string())
            .collect();
        assert_eq!(kept.trim(), "", "nothing kept in {inner}");
    }
}

#[test]
fn two_versions_with_every_other_word_changed_accept_and_reject_exactly() {
    let tmp = tempfile::tempdir().unwrap();
    let expected = versions(tmp.path(), 40, |p, i, w| {
        if i % 2 == 1 {
            format!("{w}{}", ["s", "ed", "ing"][(p + i) % 3])
        } else {
            w.to_string()
        }
    });
    compare_and_check(tmp.path(), &expected);
}

/// A provision beyond the diff budget (130,000 pieces: words, spaces, bold, italic, a link,
/// two sub-paragraphs) with two occurrences replaced: the replace finds both without
/// holding the unit's tokens, and the unit, read as a stream straight into runs, is shown
/// wholly deleted and wholly inserted. pandoc's reading of the DOCX, every change accepted
/// and every change rejected, is the amended and the base text.
#[test]
fn a_provision_beyond_the_diff_budget_is_replaced_and_shown_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let filler: Vec<String> = (0..32_000)
        .map(|i| match i % 500 {
            7 => format!("**bold{i}**"),
            9 => format!("*italic{i}*"),
            11 => format!("[link{i}](https://example.org/{i})"),
            _ => format!("w{i}"),
        })
        .collect();
    let body = filler.join(" ");
    let base = format!("**P1.1** The expiry date of {body}:\n\n- (a) the first expiry date; and\n- (b) {body} end.\n");
    std::fs::create_dir_all(dir.join("sec-text")).unwrap();
    std::fs::write(
        dir.join("sec-text/section-p.md"),
        format!("{}## P1 One\n\n{base}", front("P", "1.0")),
    )
    .unwrap();
    std::fs::write(
        dir.join("changes.yaml"),
        "modification: BIG\ntitle: Terms\ndate: 2026-01-01\nchanges:\n  - replace: expiry date\n    with: expiry or renewal date\n    expect: 2\n",
    )
    .unwrap();
    let r = run(dir, &["build", "changes.yaml"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out = dir.join("output/BIG");
    let amended = base.replace("expiry date", "expiry or renewal date");
    let consolidated = std::fs::read_to_string(out.join("consolidated/section-p.md")).unwrap();
    assert!(
        consolidated.ends_with(&amended),
        "the two occurrences replaced, nothing else"
    );
    let html = std::fs::read_to_string(out.join("annex-a.html")).unwrap();
    assert!(
        html.contains("wholly deleted and wholly inserted"),
        "shown whole, with its note"
    );
    // What a reader sees: no Markdown markers, the link's text only.
    let seen = |md: &str| {
        let words: Vec<String> = filler
            .iter()
            .map(|w| {
                let w = w.trim_matches('*');
                match w.strip_prefix('[') {
                    Some(link) => link.split(']').next().unwrap().to_string(),
                    None => w.to_string(),
                }
            })
            .collect();
        md.replace(&body, &words.join(" "))
            .replace("**P1.1**", "P1.1")
            .replace("\n- ", " ")
    };
    let docx = out.join("annex-a.docx");
    validate(&docx);
    if tool("pandoc", "--version") {
        accept_and_reject(
            &docx,
            &[(
                "p-p1-1".to_string(),
                normalise(&seen(&base)),
                normalise(&seen(&amended)),
            )],
        );
    }
}
