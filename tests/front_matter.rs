//! A document's front matter as the drafter wrote it survives `build`, `release --apply` and
//! `publish`: comments, quoting, a `#` inside quotes, CRLF, a BOM, keys in their own order
//! and a block list. Only the value the tool records changes. The expected texts are written
//! by hand.

mod common;

use std::path::Path;

fn s(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

/// The front matter of the test's Section F (BOM, CRLF), and the body after it.
const FRONT: &str = "\u{feff}---\r\n# Section F of the Code\r\nkind: Section\r\ndocument: F\r\ntitle: \"Smart Metering # Requirements\"   # the title as printed\r\nversion: \"1.0\"   # as published\r\namended_by:\r\n  - MP100 # an earlier modification\r\n---\r\n";
const BODY: &str = "\r\n# Section F: Smart Metering # Requirements\r\n\r\n## F1 General\r\n\r\n**F1.1** The DCC shall keep the list.\r\n";

const CHANGES: &str = "modification: MP1\ntitle: Lists\nauthor: SECAS\ndate: 2022-06-22\nchanges:\n  - replace: keep the list\n    with: keep the lists\n    in: [F1.1]\n    reason: More than one list.\n";

fn text_folder(root: &Path) -> std::path::PathBuf {
    let text = root.join("text");
    std::fs::create_dir(&text).unwrap();
    std::fs::write(text.join("section-f.md"), format!("{FRONT}{BODY}")).unwrap();
    let changes = root.join("changes");
    std::fs::create_dir(&changes).unwrap();
    std::fs::write(changes.join("mp1.yaml"), CHANGES).unwrap();
    text
}

#[test]
fn build_adds_the_modification_to_a_block_list_and_keeps_every_other_byte() {
    let tmp = tempfile::tempdir().unwrap();
    let text = text_folder(tmp.path());
    let out = tmp.path().join("out");
    let changes = tmp.path().join("changes").join("mp1.yaml");
    let r = common::run(
        tmp.path(),
        &["build", &s(&changes), "--text", &s(&text), "--out", &s(&out)],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let consolidated = std::fs::read_to_string(out.join("MP1/consolidated/section-f.md")).unwrap();
    let expected = "\u{feff}---\r\n# Section F of the Code\r\nkind: Section\r\ndocument: F\r\ntitle: \"Smart Metering # Requirements\"   # the title as printed\r\nversion: \"1.0\"   # as published\r\namended_by:\r\n  - MP100 # an earlier modification\r\n  - MP1\r\n---\r\n\r\n# Section F: Smart Metering # Requirements\r\n\r\n## F1 General\r\n\r\n**F1.1** The DCC shall keep the lists.\r\n";
    assert_eq!(consolidated, expected);
}

#[test]
fn release_sets_the_version_alone_and_the_site_keeps_the_title() {
    let tmp = tempfile::tempdir().unwrap();
    let text = text_folder(tmp.path());
    let release = tmp.path().join("r1.yaml");
    std::fs::write(
        &release,
        "release: r1\ntitle: R1\ndate: 2022-08-01\nversion: \"1.1\"\nmodifications: [MP1]\n",
    )
    .unwrap();
    let out = tmp.path().join("out");
    let changes = tmp.path().join("changes");
    let r = common::run(
        tmp.path(),
        &[
            "release",
            &s(&release),
            "--text",
            &s(&text),
            "--changes",
            &s(&changes),
            "--out",
            &s(&out),
            "--apply",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let now = std::fs::read_to_string(text.join("section-f.md")).unwrap();
    let expected = "\u{feff}---\r\n# Section F of the Code\r\nkind: Section\r\ndocument: F\r\ntitle: \"Smart Metering # Requirements\"   # the title as printed\r\nversion: \"1.1\"   # as published\r\namended_by:\r\n  - MP100 # an earlier modification\r\n---\r\n\r\n# Section F: Smart Metering # Requirements\r\n\r\n## F1 General\r\n\r\n**F1.1** The DCC shall keep the lists.\r\n";
    assert_eq!(now, expected);

    let site = tmp.path().join("site");
    let r = common::run(tmp.path(), &["publish", "--text", &s(&text), "--out", &s(&site)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let page = std::fs::read_to_string(site.join("f.html")).unwrap();
    let html = scraper::Html::parse_document(&page);
    let title = scraper::Selector::parse("title").unwrap();
    let title: String = html.select(&title).next().unwrap().text().collect();
    assert!(title.contains("Smart Metering # Requirements"), "{title}");
}
