//! The HTML annex read by a real HTML parser (scraper/html5ever): for every changed
//! provision, the page without `<del>` reads as the amended text and without `<ins>`
//! as the base text.

mod common;

use common::{
    assert_mp209_left_unchanged, left_unchanged_rows, markdown_words, normalise, page_texts, root, run, section_class,
    unit_text, unit_text_or_empty,
};
use scraper::{Html, Selector};
use sec_redline::corpus::{Corpus, Meta};

#[test]
fn mp209_html_accepts_to_the_consolidated_text_and_rejects_to_the_base() {
    let tmp = tempfile::tempdir().unwrap();
    let r = run(
        &root(),
        &[
            "build",
            "changes/mp209.yaml",
            "--out",
            &tmp.path().display().to_string(),
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let html = std::fs::read_to_string(tmp.path().join("MP209/annex-a.html")).unwrap();
    let base = Corpus::load(&root().join("sec-text")).unwrap();
    let amended = Corpus::load(&tmp.path().join("MP209/consolidated")).unwrap();
    let texts = page_texts(&html);
    assert!(texts.len() >= 22, "only {} addressed items", texts.len());
    let mut checked = 0;
    for (address, (accepted, rejected)) in &texts {
        if address.contains('\u{201c}') {
            continue; // a cross-heading shown for context
        }
        assert_eq!(
            accepted,
            &markdown_words(&unit_text(&amended, address)),
            "{address} without <del>"
        );
        assert_eq!(
            rejected,
            &markdown_words(&unit_text_or_empty(&base, address)),
            "{address} without <ins>"
        );
        checked += 1;
    }
    assert!(checked >= 22);
    // What the reviewer sees: the term insertion, the bold kept, the table cell, the omissions.
    let doc = Html::parse_document(&html);
    let ins: Vec<String> = doc
        .select(&Selector::parse("ins").unwrap())
        .map(|e| e.text().collect())
        .collect();
    assert!(
        // The space an insertion needs goes before its words.
        ins.iter().filter(|t| t.as_str() == " or renewal").count() >= 10,
        "{ins:?}"
    );
    let bold_ins = Selector::parse("ins > strong").unwrap();
    assert!(
        doc.select(&bold_ins)
            .any(|e| e.text().collect::<String>().trim() == "or renewal"),
        "the bold run keeps its bold"
    );
    // In a table cell: the Lapsed row of Z:4.3; the [E]/[R] suffix is for the CPL Guidance
    // Notes, so the "Certificate identification number" row is not changed.
    let cell_ins = Selector::parse("td ins").unwrap();
    assert!(
        doc.select(&cell_ins)
            .any(|e| normalise(&e.text().collect::<String>()) == "or renewed")
    );
    assert!(!html.contains("[E]") && !html.contains("6.4A"));
    assert!(doc.select(&Selector::parse("p.omission").unwrap()).count() >= 5);
    // The terminology audit: what MP209 deliberately leaves as it was, and why.
    assert_mp209_left_unchanged(&left_unchanged_rows(&html));
    let summary_links = Selector::parse("section.summary a[href^='#p-']").unwrap();
    for a in doc.select(&summary_links) {
        let id = &a.value().attr("href").unwrap()[1..];
        assert!(
            doc.select(&Selector::parse(&format!("[id='{id}']")).unwrap())
                .next()
                .is_some(),
            "link to #{id} goes nowhere"
        );
    }
}

fn compare_fixture(extra: &[&str]) -> (tempfile::TempDir, String) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = root().join("tests/fixtures/compare");
    let mut args = vec![
        "compare".to_string(),
        dir.join("old.md").display().to_string(),
        dir.join("new.md").display().to_string(),
    ];
    args.extend(["--out".to_string(), tmp.path().display().to_string()]);
    args.extend(extra.iter().map(|s| s.to_string()));
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let r = run(&root(), &refs);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let html = std::fs::read_to_string(tmp.path().join("compare-old-new/redline.html")).unwrap();
    (tmp, html)
}

#[test]
fn compare_matches_provisions_by_number() {
    let (_tmp, html) = compare_fixture(&[]);
    let dir = root().join("tests/fixtures/compare");
    let old =
        sec_redline::corpus::parse_document(sec_redline::diagnostics::SourceFile::read(&dir.join("old.md")).unwrap())
            .unwrap();
    let new =
        sec_redline::corpus::parse_document(sec_redline::diagnostics::SourceFile::read(&dir.join("new.md")).unwrap())
            .unwrap();
    let text_of = |d: &sec_redline::corpus::Document, meta: &Meta, address: &str| -> String {
        d.units
            .iter()
            .enumerate()
            .find(|(_, u)| {
                u.number()
                    .is_some_and(|n| sec_redline::corpus::qualified(meta, n) == address)
            })
            .map(|(i, _)| markdown_words(d.unit_text(i)))
            .unwrap_or_default()
    };
    let texts = page_texts(&html);
    let addresses: Vec<&str> = texts.keys().map(String::as_str).collect();
    assert_eq!(addresses, ["X:1", "X:1.1", "X:1.2", "X:1.3", "X:1.4", "X:2", "X:2.1"]);
    for (address, (accepted, rejected)) in &texts {
        assert_eq!(accepted, &text_of(&new, &new.meta, address), "{address} without <del>");
        assert_eq!(rejected, &text_of(&old, &old.meta, address), "{address} without <ins>");
    }
    // No change-set, no date given: the cover has no empty "Date" line, the footer says what made it.
    assert!(!html.contains("<dt>Date</dt>"));
    assert!(html.contains("generated by sec-redline compare from the two versions"));
    let doc = Html::parse_document(&html);
    // 2.1 only makes "Party" bold: a formatting change of kept words, shown and explained.
    let reformatted: Vec<(String, String)> = doc
        .select(&Selector::parse("section.provision span.reformatted").unwrap())
        .map(|e| {
            let strong: String = e
                .select(&Selector::parse("strong").unwrap())
                .flat_map(|s| s.text())
                .collect();
            (strong, e.value().attr("title").unwrap_or_default().to_string())
        })
        .collect();
    assert_eq!(
        reformatted,
        [("Party".to_string(), "Formatting changed: bold added".to_string())]
    );
    let status = |a: &str| section_class(&doc, a);
    assert!(status("X:2.1").contains("status-changed"));
    assert!(status("X:1.2").contains("status-deleted"));
    assert!(status("X:1.4").contains("status-inserted"));
    assert!(status("X:1.1").contains("status-changed"));
    assert_eq!(doc.select(&Selector::parse("tr.row-del").unwrap()).count(), 1);
}

#[test]
fn legal_text_is_escaped_never_markup() {
    let (_tmp, html) = compare_fixture(&[]);
    let doc = Html::parse_document(&html);
    assert_eq!(doc.select(&Selector::parse("body script").unwrap()).count(), 0);
    let p = doc
        .select(&Selector::parse("section[data-address='X:1.4']").unwrap())
        .next()
        .unwrap();
    assert!(
        p.text()
            .collect::<String>()
            .contains("<script>alert(\"x\")</script> & other text")
    );
    assert!(html.contains("&lt;script&gt;"));
}

#[test]
fn full_context_shows_whole_documents() {
    let (_tmp, html) = compare_fixture(&["--context", "full"]);
    let texts = page_texts(&html);
    assert!(texts.contains_key("X:2.2"), "the unchanged provision is shown");
    assert_eq!(
        Html::parse_document(&html)
            .select(&Selector::parse("p.omission").unwrap())
            .count(),
        0
    );
}

#[test]
fn a_template_folder_overrides_the_built_in_template() {
    let tmp = tempfile::tempdir().unwrap();
    let templates = tmp.path().join("tpl");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("annex.html.tera"),
        "<p>{{ cover.modification }}: {{ summary | length }} {{ cover.title }}</p>",
    )
    .unwrap();
    let out = tmp.path().join("out");
    let r = run(
        &root(),
        &[
            "build",
            "changes/mp209.yaml",
            "--out",
            &out.display().to_string(),
            "--templates",
            &templates.display().to_string(),
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        std::fs::read_to_string(out.join("MP209/annex-a.html")).unwrap(),
        // 22 provisions and headings, counted by hand from changes/mp209.yaml (see docx.rs).
        "<p>MP209: 22 Lifetime CPA Certificates</p>"
    );
    std::fs::write(templates.join("annex.html.tera"), "{% if %}").unwrap();
    let r = run(
        &root(),
        &[
            "build",
            "changes/mp209.yaml",
            "--out",
            &tmp.path().join("out2").display().to_string(),
            "--templates",
            &templates.display().to_string(),
        ],
    );
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("annex.html.tera: error: the HTML template cannot be used"),
        "{}",
        r.stderr
    );
    assert!(!tmp.path().join("out2").exists());
}

#[test]
fn a_provision_whose_formatting_alone_changed_is_listed_as_reformatted() {
    let tmp = tempfile::tempdir().unwrap();
    let head = "---\ndocument: X\ntitle: T\nkind: Appendix\nversion: \"1\"\n---\n\n# Appendix X: T\n\n## 1 General\n\n";
    let (old, new) = (tmp.path().join("old.md"), tmp.path().join("new.md"));
    std::fs::write(&old, format!("{head}**1.1** The Party shall.\n\n**1.2** Kept.\n")).unwrap();
    std::fs::write(&new, format!("{head}**1.1** The **Party** shall.\n\n**1.2** Kept.\n")).unwrap();
    let out = tmp.path().join("out");
    let r = run(
        &root(),
        &[
            "compare",
            &old.display().to_string(),
            &new.display().to_string(),
            "--out",
            &out.display().to_string(),
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let html = std::fs::read_to_string(out.join("compare-old-new/redline.html")).unwrap();
    let doc = Html::parse_document(&html);
    assert!(section_class(&doc, "X:1.1").contains("status-reformatted"));
    let row: Vec<String> = doc
        .select(&Selector::parse("section.summary tbody tr td").unwrap())
        .map(|td| td.text().collect())
        .collect();
    // The provision as the Code prints it in an Appendix.
    assert_eq!(row, ["Appendix X", "paragraph 1.1", "reformatted", "0", "0"]);
}

/// The built-in template's documents are written without tera (`render/html_stream.rs`);
/// a `--templates` copy with one comment added goes through tera with the whole annex as
/// data. Both must give the same bytes: a build with formatting changes and reasons, a
/// compare, a release whose runs carry the modification that made them, whole documents.
#[test]
fn the_built_in_page_is_the_same_bytes_as_tera_renders_it() {
    let tmp = tempfile::tempdir().unwrap();
    let templates = tmp.path().join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    let copy = format!("{}{{# a copy #}}", sec_redline::render::html::DEFAULT_TEMPLATE);
    std::fs::write(templates.join("annex.html.tera"), copy).unwrap();
    let code = tmp.path().join("code");
    std::fs::create_dir_all(&code).unwrap();
    for e in std::fs::read_dir(root().join("sec-text")).unwrap().flatten() {
        if e.path().extension().is_some_and(|x| x == "md") {
            std::fs::copy(e.path(), code.join(e.file_name())).unwrap();
        }
    }
    let code = code.display().to_string();
    let old = root().join("tests/fixtures/compare/old.md").display().to_string();
    let new = root().join("tests/fixtures/compare/new.md").display().to_string();
    let runs: [(&[&str], &str); 5] = [
        (&["build", "changes/mp209.yaml"], "MP209/annex-a.html"),
        (
            &["build", "changes/mp301.yaml", "--context", "full"],
            "MP301/annex-a.html",
        ),
        (&["compare", &old, &new], "compare-old-new/redline.html"),
        (
            &["release", "releases/2022-08-adhoc.yaml", "--text", &code],
            "2022-08-adhoc/annex.html",
        ),
        (
            &["release", "releases/2022-11.yaml", "--text", &code],
            "2022-11/annex.html",
        ),
    ];
    for (i, (args, file)) in runs.iter().enumerate() {
        let mut pages = Vec::new();
        for with_copy in [false, true] {
            let out = tmp.path().join(format!("out-{i}-{with_copy}"));
            let mut all: Vec<String> = args.iter().map(|a| a.to_string()).collect();
            all.extend(["--out".to_string(), out.display().to_string()]);
            if with_copy {
                all.extend(["--templates".to_string(), templates.display().to_string()]);
            }
            let r = run(&root(), &all.iter().map(String::as_str).collect::<Vec<_>>());
            assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
            pages.push(std::fs::read(out.join(file)).unwrap());
        }
        assert!(pages[0].len() > 1000, "{args:?}");
        assert!(pages[0] == pages[1], "{args:?}: the two renderings differ");
    }
}

/// A change to a cross-heading ("Amending entries" in Part F2): its reason sits beside the
/// cross-heading, and the reasons list links to the cross-heading; the Part F2 heading,
/// shown above it for context, carries no reason.
#[test]
fn a_reason_on_a_cross_heading_sits_beside_the_cross_heading() {
    let tmp = tempfile::tempdir().unwrap();
    let cs = tmp.path().join("heading.yaml");
    let reason = "The heading names renewal as well.";
    std::fs::write(
        &cs,
        format!(
            "modification: HEAD1\ntitle: Heading\ndate: 2026-01-01\nchanges:\n  - replace: Amending entries\n    with: Amending and renewing entries\n    reason: {reason}\n"
        ),
    )
    .unwrap();
    let out = tmp.path().join("out");
    let r = run(
        &root(),
        &["build", &cs.display().to_string(), "--out", &out.display().to_string()],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let html = std::fs::read_to_string(out.join("HEAD1/annex-a.html")).unwrap();
    let page = Html::parse_document(&html);
    let sel = |s: &str| Selector::parse(s).unwrap();
    let text = |e: scraper::ElementRef| normalise(&e.text().collect::<String>());
    // Each aside.reason and the heading it stands beside (the one in its `div.item`).
    let mut beside = Vec::new();
    for item in page.select(&sel("div.item")) {
        let Some(aside) = item.select(&sel("aside.reason")).next() else {
            continue;
        };
        let headings: Vec<String> = item
            .select(&sel("h3.part, h4.cross"))
            .map(|h| format!("{} {}", h.value().name(), text(h)))
            .collect();
        beside.push((headings, text(aside)));
    }
    assert_eq!(
        beside,
        [(
            vec!["h4 Amending and renewing entries".to_string()],
            format!("Reason {reason}")
        )],
        "{html}"
    );
    // The reasons list links to the cross-heading.
    let links: Vec<String> = page
        .select(&sel("#reason-1 .touched a"))
        .map(|a| a.value().attr("href").unwrap().trim_start_matches('#').to_string())
        .collect();
    assert_eq!(links.len(), 1, "{links:?}");
    let target = page.select(&sel(&format!("[id=\"{}\"]", links[0]))).next().unwrap();
    assert_eq!(target.value().name(), "h4", "the link goes to {}", links[0]);
}
