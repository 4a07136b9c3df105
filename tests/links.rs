//! Which link targets of the legal text become links: one rule for the annex and the site.
//!
//! The rule (docs/format.md): http, https and mailto targets (the scheme in any case), and
//! targets with no scheme (relative, `#fragment`); never `javascript:`, `data:` or another
//! scheme a browser would run. The expected targets below are written by hand.

mod common;

use std::path::Path;

fn s(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

const DOCUMENT: &str = "---\ndocument: F\ntitle: Links\nkind: Section\nversion: \"1.0\"\n---\n\n# Section F: Links\n\n## F1 Links\n\n\
**F1.1** See [upper](HTTPS://example.org/a), [mail](MAILTO:cpl@example.org), [page](annex.html), \
[here](#F1.2), [script](javascript:alert(1)), [mixed](JaVaScript:alert(2)), [spaced]( javascript:alert(3)) \
and [data](data:text/html,x) for the old rules.\n\n**F1.2** Nothing else.\n";

const CHANGES: &str = "modification: MP1\ntitle: Links\nauthor: SECAS\ndate: 2022-06-22\nchanges:\n  - replace: old rules\n    with: new rules\n    in: [F1.1]\n    reason: The rules changed.\n";

/// Every `href` of an `<a>` in `html`, in order, as the browser reads it.
fn hrefs(html: &str) -> Vec<String> {
    let page = scraper::Html::parse_document(html);
    let a = scraper::Selector::parse("a[href]").unwrap();
    page.select(&a)
        .map(|e| e.value().attr("href").unwrap().to_string())
        .collect()
}

#[test]
fn the_annex_and_the_site_link_the_same_targets() {
    let tmp = tempfile::tempdir().unwrap();
    let text = tmp.path().join("text");
    std::fs::create_dir(&text).unwrap();
    std::fs::write(text.join("section-f.md"), DOCUMENT).unwrap();
    let changes = tmp.path().join("mp1.yaml");
    std::fs::write(&changes, CHANGES).unwrap();
    let out = tmp.path().join("out");
    let r = common::run(
        tmp.path(),
        &["build", &s(&changes), "--text", &s(&text), "--out", &s(&out)],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let site = tmp.path().join("site");
    let r = common::run(tmp.path(), &["publish", "--text", &s(&text), "--out", &s(&site)]);
    assert_eq!(r.code, 0, "{}", r.stderr);

    let safe = ["HTTPS://example.org/a", "MAILTO:cpl@example.org", "annex.html", "#F1.2"];
    let annex = std::fs::read_to_string(out.join("MP1").join("annex-a.html")).unwrap();
    let page = std::fs::read_to_string(site.join("v").join("1.0").join("f.html"))
        .or_else(|_| std::fs::read_to_string(site.join("f.html")))
        .unwrap();
    for (what, html) in [("annex", &annex), ("site", &page)] {
        let links = hrefs(html);
        for target in safe {
            assert!(
                links.iter().any(|l| l == target),
                "{what}: no link to {target} in {links:?}"
            );
        }
        for l in &links {
            let l = l.trim().to_ascii_lowercase();
            assert!(
                !l.starts_with("javascript:") && !l.starts_with("data:"),
                "{what}: an unsafe link {l}"
            );
        }
        // The words of the unsafe links stay, as words.
        for words in [" script,", " mixed,", " spaced and", " data for"] {
            assert!(html.contains(words), "{what}: no `{words}` as plain words");
        }
    }
}
