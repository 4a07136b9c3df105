//! Releases end to end on the repository's own files: two releases applied with `--apply`,
//! the Code as it stood on each day, conflicts, a failure half-way, and the release
//! redline read by Word-compatible readers (docx-validate, pandoc, LibreOffice).

mod common;

use common::documents;

use common::{normalise, root, run, tool, validate};
use scraper::{Html, Selector};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A copy of the repository's sec-text in a temporary folder, as `tmp/code`.
fn copy_of_the_code() -> (tempfile::TempDir, PathBuf) {
    common::text_copy("code")
}

fn s(p: &Path) -> String {
    p.display().to_string()
}

fn release(file: &str, code: &Path, out: &Path, apply: bool) -> common::Run {
    let (code, out) = (s(code), s(out));
    let mut args = vec!["release", file, "--text", &code, "--out", &out];
    if apply {
        args.push("--apply");
    }
    run(&root(), &args)
}

/// `release FILE --apply` with the change-sets of the folder `changes`.
fn apply_from(release_file: &Path, code: &Path, changes: &Path, out: &Path) -> common::Run {
    let (file, code, changes, out) = (s(release_file), s(code), s(changes), s(out));
    run(
        &root(),
        &[
            "release",
            &file,
            "--text",
            &code,
            "--changes",
            &changes,
            "--out",
            &out,
            "--apply",
        ],
    )
}

#[test]
fn two_releases_applied_then_each_day_reads_as_the_version_then_in_force() {
    let (tmp, code) = copy_of_the_code();
    let out = tmp.path().join("out");
    let v0 = documents(&code);
    let r = release("releases/2022-08-adhoc.yaml", &code, &out, true);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v1 = documents(&code);
    let r = release("releases/2022-11.yaml", &code, &out, true);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // MP301 was drafted against 1.0 and touches F2.1, which MP209 changed in 1.1.
    assert!(
        r.stderr.contains("warning")
            && r.stderr.contains("F2.1 has changed since")
            && r.stderr.contains("2022-08-adhoc"),
        "{}",
        r.stderr
    );
    let v2 = documents(&code);

    // Each version's words, from the files themselves: 1.1 is the first release's
    // consolidated text where it changed, 1.0 elsewhere, with the version line updated.
    for (name, bytes) in &v1 {
        let text = String::from_utf8(bytes.clone()).unwrap();
        assert!(text.contains("version: \"1.1\""), "{name} reads as version 1.1");
        let consolidated = out.join("2022-08-adhoc/consolidated").join(name);
        assert_eq!(std::fs::read(&consolidated).unwrap(), *bytes, "{name}");
        let before = String::from_utf8(v0[name].clone()).unwrap();
        assert_ne!(before, text);
        assert!(text.contains("expiry or renewal date") && !before.contains("expiry or renewal date"));
    }
    assert!(
        String::from_utf8(v2["section-f.md"].clone())
            .unwrap()
            .contains("version: \"1.2\"")
    );
    assert!(
        String::from_utf8(v2["section-f.md"].clone())
            .unwrap()
            .contains("list each Device Model, with its Status,")
    );

    for (date, expected) in [
        ("1999-12-31", &v0),
        ("2022-07-31", &v0),
        ("2022-08-01", &v1),
        ("2022-08-02", &v1),
        ("2022-11-02", &v1),
        ("2022-11-03", &v2),
        ("2022-11-04", &v2),
    ] {
        let dir = tmp.path().join(format!("as-at-{date}"));
        let r = run(
            &root(),
            &["text", "--as-at", date, "--text", &s(&code), "--out", &s(&dir)],
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert_eq!(&documents(&dir), expected, "the Code as at {date}");
        assert_eq!(
            std::fs::read_dir(&dir).unwrap().count(),
            expected.len(),
            "only the documents are written"
        );
    }

    // The history holds what changed, not copies of the Code.
    let history: u64 = common::snapshot(&code.join("history"))
        .iter()
        .map(|(_, b)| b.len() as u64)
        .sum();
    let code_size: u64 = v2.values().map(|b| b.len() as u64).sum();
    assert!(
        history < code_size / 2,
        "history {history} bytes, Code {code_size} bytes"
    );

    let r = run(&root(), &["history", "F2.1", "--text", &s(&code)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", r.stdout);
    assert!(
        lines[0].starts_with("1.1  2022-08-01  2022-08-adhoc  MP209"),
        "{}",
        lines[0]
    );
    assert!(lines[1].starts_with("1.2  2022-11-03  2022-11  MP301"), "{}", lines[1]);
    // A sub-paragraph: F2.1(a) changed only in 1.2; Z:6.2 by both modifications of 1.1.
    let r = run(&root(), &["history", "F2.1(a)", "--text", &s(&code)]);
    assert_eq!(r.stdout.lines().count(), 1, "{}", r.stdout);
    assert!(r.stdout.starts_with("1.2  2022-11-03  2022-11  MP301"));
    let r = run(&root(), &["history", "Z:6.2", "--text", &s(&code)]);
    assert!(
        r.stdout.starts_with("1.1  2022-08-01  2022-08-adhoc  MP209, MP300"),
        "{}",
        r.stdout
    );

    // compare between two versions, by version and by date.
    let r = run(
        &root(),
        &[
            "compare",
            "--from",
            "1.0",
            "--to",
            "2022-11-03",
            "--text",
            &s(&code),
            "--out",
            &s(&out),
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let html = std::fs::read_to_string(out.join("compare-1.0-1.2/redline.html")).unwrap();
    let doc = Html::parse_document(&html);
    let ins: Vec<String> = doc
        .select(&Selector::parse("ins").unwrap())
        .map(|e| normalise(&e.text().collect::<String>()))
        .collect();
    assert!(ins.iter().any(|t| t == "written"), "MP300's word");
    assert!(ins.iter().any(|t| t.contains("with its Status")), "MP301's words");
}

#[test]
fn a_conflicting_release_names_both_modifications_and_writes_nothing() {
    let (tmp, code) = copy_of_the_code();
    let changes = tmp.path().join("changes");
    std::fs::create_dir(&changes).unwrap();
    std::fs::copy(root().join("changes/mp209.yaml"), changes.join("mp209.yaml")).unwrap();
    // MP302 was drafted against 1.0 and changes Z:6.2 and F2.1, which MP209 also changes.
    std::fs::write(
        changes.join("mp302.yaml"),
        "modification: MP302\ntitle: Reminders\ndate: 2022-07-01\nchanges:\n  - in: \"Z:6.2\"\n    replace: three months\n    with: six months\n  - in: F2.2\n    replace: two Working Days\n    with: one Working Day\n  - in: F2.1\n    replace: maintain\n    with: keep\n",
    )
    .unwrap();
    let release_file = tmp.path().join("r.yaml");
    std::fs::write(
        &release_file,
        "release: r1\ntitle: R\ndate: 2022-08-01\nversion: \"1.1\"\nmodifications: [MP209, MP302]\n",
    )
    .unwrap();
    let before = common::snapshot(&code);
    let out = tmp.path().join("out");
    let r = apply_from(&release_file, &code, &changes, &out);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let conflicts: Vec<&str> = r.stderr.lines().filter(|l| l.contains("conflict:")).collect();
    assert_eq!(conflicts.len(), 2, "both conflicts in one run:\n{}", r.stderr);
    // Each names both modifications, both change lines and the provision.
    let mp302 = s(&changes.join("mp302.yaml"));
    let mp209 = s(&changes.join("mp209.yaml"));
    assert!(conflicts[0].starts_with(&format!("{mp302}:5:5:")), "{}", conflicts[0]);
    assert!(
        conflicts[0].contains("MP302 changes Z:6.2, which MP209") && conflicts[0].contains(&format!("{mp209}:34:5")),
        "{}",
        conflicts[0]
    );
    assert!(conflicts[1].starts_with(&format!("{mp302}:11:5:")) && conflicts[1].contains("F2.1"));
    assert!(r.stderr.contains("add `after: [MP209]`"), "{}", r.stderr);
    assert!(!out.exists(), "nothing written");
    assert_eq!(common::snapshot(&code), before, "the text folder is untouched");
}

/// A release naming a modification whose change-set has no changes (`changes: []`, which
/// `check` accepts) is refused, at that change-set's `changes:` line, and writes nothing.
#[test]
fn a_release_of_an_empty_change_set_is_refused_and_writes_nothing() {
    let (tmp, code) = copy_of_the_code();
    let changes = tmp.path().join("changes");
    std::fs::create_dir(&changes).unwrap();
    std::fs::copy(root().join("changes/mp209.yaml"), changes.join("mp209.yaml")).unwrap();
    std::fs::write(
        changes.join("mp400.yaml"),
        "modification: MP400\ntitle: Nothing yet\ndate: 2022-07-01\nchanges: []\n",
    )
    .unwrap();
    let release_file = tmp.path().join("r.yaml");
    std::fs::write(
        &release_file,
        "release: r1\ntitle: R\ndate: 2022-08-01\nversion: \"1.1\"\nmodifications: [MP209, MP400]\n",
    )
    .unwrap();
    let before = common::snapshot(&code);
    let out = tmp.path().join("out");
    for apply in [false, true] {
        let mut args = vec![
            "release".to_string(),
            s(&release_file),
            "--text".into(),
            s(&code),
            "--changes".into(),
            s(&changes),
            "--out".into(),
            s(&out),
        ];
        if apply {
            args.push("--apply".into());
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let r = run(&root(), &args);
        assert_eq!(r.code, 1, "{}", r.stderr);
        let mp400 = s(&changes.join("mp400.yaml"));
        assert!(
            r.stderr.contains(&format!("{mp400}:4:1: error: MP400 has no changes")),
            "{}",
            r.stderr
        );
        assert!(r.stderr.contains("nothing was written"), "{}", r.stderr);
        assert!(!out.exists(), "nothing written");
        assert_eq!(common::snapshot(&code), before, "the text folder is untouched");
    }
}

#[test]
fn a_failure_half_way_through_apply_leaves_the_text_folder_as_it_was() {
    // Every step before the commit point (`commit` fails at its first call, just before it).
    for step in ["lock", "write", "check", "commit"] {
        let (tmp, code) = copy_of_the_code();
        // A history already there must come through untouched too.
        let r = release("releases/2022-08-adhoc.yaml", &code, &tmp.path().join("out"), true);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let before = common::snapshot(&code);
        let out = Command::new(env!("CARGO_BIN_EXE_sec-redline"))
            .args([
                "release",
                "releases/2022-11.yaml",
                "--apply",
                "--text",
                &s(&code),
                "--out",
            ])
            .arg(tmp.path().join("out"))
            .env("SEC_REDLINE_FAIL_AT", step)
            .current_dir(root())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{step}: {stderr}");
        assert!(stderr.contains("simulated failure"), "{step}: {stderr}");
        assert_eq!(
            common::snapshot(&code),
            before,
            "{step}: the text folder is exactly as before"
        );
        let leftovers: Vec<String> = std::fs::read_dir(tmp.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".code"))
            .collect();
        assert!(leftovers.is_empty(), "{step}: {leftovers:?}");
    }
}

/// The first release's redline, written to a temporary folder.
fn first_release() -> (tempfile::TempDir, PathBuf) {
    let (tmp, code) = copy_of_the_code();
    let r = release("releases/2022-08-adhoc.yaml", &code, &tmp.path().join("out"), false);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let folder = tmp.path().join("out/2022-08-adhoc");
    (tmp, folder)
}

#[test]
fn the_release_docx_is_valid() {
    let (_tmp, folder) = first_release();
    validate(&folder.join("annex.docx"));
}

/// pandoc's reading of some Markdown, as plain words.
fn pandoc_words(markdown: &str) -> String {
    let mut child = Command::new("pandoc")
        .args(["-f", "markdown-smart", "-t", "plain", "--wrap=none"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), markdown.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    words(&String::from_utf8_lossy(&out.stdout))
}

/// pandoc's reading of the DOCX with every change accepted or rejected, as plain words.
fn docx_words(docx: &Path, mode: &str) -> String {
    let out = Command::new("pandoc")
        .args([
            &format!("--track-changes={mode}"),
            "-f",
            "docx",
            "-t",
            "plain",
            "--wrap=none",
        ])
        .arg(docx)
        .output()
        .unwrap();
    words(&String::from_utf8_lossy(&out.stdout))
}

/// Words only: list bullets and punctuation-free spacing differences aside.
fn words(text: &str) -> String {
    normalise(
        &text
            .split_whitespace()
            .filter(|w| *w != "-")
            .collect::<Vec<_>>()
            .join(" ")
            .replace('\u{2026}', " "),
    )
}

/// A provision's paragraph(s) of a Markdown file, from its bold number to the next one, by
/// simple line rules of this test (not the tool's parser).
fn provision_markdown(text: &str, number: &str) -> String {
    let start = text
        .find(&format!("**{number}**"))
        .unwrap_or_else(|| panic!("{number}"));
    let rest = &text[start..];
    let end = rest[2..]
        .find("\n**")
        .map(|i| i + 3)
        .into_iter()
        .chain(rest.find("\n#"))
        .min()
        .unwrap_or(rest.len());
    rest[..end].to_string()
}

#[test]
fn pandoc_accepts_the_new_version_and_rejects_to_the_previous_one() {
    if !tool("pandoc", "--version") {
        return;
    }
    let (_tmp, folder) = first_release();
    let docx = folder.join("annex.docx");
    let accepted = docx_words(&docx, "accept");
    let rejected = docx_words(&docx, "reject");
    // Provisions both modifications changed (F3.8, Z:6.2) and ones only MP209 changed (Z:6.3, Z:6.4).
    for (file, number) in [
        ("section-f.md", "F3.8"),
        ("appendix-z.md", "6.2"),
        ("appendix-z.md", "6.3"),
        ("appendix-z.md", "6.4"),
    ] {
        let base = std::fs::read_to_string(root().join("sec-text").join(file)).unwrap();
        let new = std::fs::read_to_string(folder.join("consolidated").join(file)).unwrap();
        let want_new = pandoc_words(&provision_markdown(&new, number));
        let want_old = pandoc_words(&provision_markdown(&base, number));
        assert!(accepted.contains(&want_new), "{number} accepted: {want_new}");
        assert!(rejected.contains(&want_old), "{number} rejected: {want_old}");
        assert!(
            !accepted.contains(&want_old) && !rejected.contains(&want_new),
            "{number}"
        );
    }
}

#[test]
fn libreoffice_shows_each_modification_as_the_author_of_its_changes() {
    if !tool("soffice", "--version") {
        return;
    }
    let (tmp, folder) = first_release();
    let fodt = common::libreoffice_fodt(&folder.join("annex.docx"), tmp.path());
    let doc = roxmltree_like_creators(&fodt);
    let mut authors: Vec<&str> = doc.iter().map(String::as_str).collect();
    authors.sort();
    authors.dedup();
    assert_eq!(authors, ["MP209", "MP300"], "the authors LibreOffice reads");
    // MP300's changes in F3.8 and Z:6.2: "three" deleted and "six" inserted in each, "written" inserted.
    assert!(doc.iter().filter(|a| *a == "MP300").count() >= 4, "{doc:?}");
}

/// The creators of the tracked changes in a flat ODF file (`text:changed-region`), in order.
fn roxmltree_like_creators(fodt: &str) -> Vec<String> {
    let html = Html::parse_fragment(fodt);
    let regions = Selector::parse("text\\:changed-region").unwrap();
    let creator = Selector::parse("dc\\:creator").unwrap();
    html.select(&regions)
        .filter_map(|r| r.select(&creator).next().map(|c| c.text().collect::<String>()))
        .collect()
}

#[test]
fn the_release_html_labels_each_change_and_filters_by_modification() {
    let (_tmp, folder) = first_release();
    let html = std::fs::read_to_string(folder.join("annex.html")).unwrap();
    let doc = Html::parse_document(&html);
    let options: Vec<String> = doc
        .select(&Selector::parse("select#by-filter option").unwrap())
        .filter_map(|o| o.value().attr("value").map(str::to_string))
        .collect();
    assert_eq!(options, ["", "MP209", "MP300"]);
    // The cover speaks of the release, in the words a publisher would write.
    let text = |sel: &str| -> String {
        doc.select(&Selector::parse(sel).unwrap())
            .map(|e| normalise(&e.text().collect::<String>()))
            .collect::<Vec<_>>()
            .join(" | ")
    };
    let cover = text("header");
    assert!(cover.contains("August 2022 ad-hoc SEC Release"), "{cover}");
    assert!(!cover.contains("\u{2018}August"), "{cover}");
    assert!(
        cover.contains(
            "This document sets out every change that SEC Release 2022-08-adhoc makes to the Smart Energy Code, in force from 1 August 2022: Modifications MP209 \u{2018}Lifetime CPA Certificates\u{2019} and MP300 \u{2018}CPA Certificate reminders\u{2019}, applied in that order"
        ),
        "{cover}"
    );
    assert!(
        cover.contains(
            "marked against Section F version 1.0 and Appendix Z version 1.0, and make version 1.1 of the Code"
        ),
        "{cover}"
    );
    // In Z:6.2: MP209's "or renewal", MP300's "six" and "written".
    let z62 = doc.select(&Selector::parse("section#p-z-6-2").unwrap()).next().unwrap();
    let by = |tag: &str| -> Vec<(String, String)> {
        z62.select(&Selector::parse(tag).unwrap())
            .map(|e| {
                (
                    normalise(&e.text().collect::<String>()),
                    e.value().attr("data-by").unwrap_or("").to_string(),
                )
            })
            .collect()
    };
    let ins = by("ins");
    assert!(ins.contains(&("or renewal".into(), "MP209".into())), "{ins:?}");
    assert!(ins.contains(&("six".into(), "MP300".into())), "{ins:?}");
    assert!(ins.contains(&("written".into(), "MP300".into())), "{ins:?}");
    assert_eq!(by("del"), [("three".to_string(), "MP300".to_string())]);
    // Every change carries a visible label.
    let labels = z62.select(&Selector::parse("sup.by").unwrap()).count();
    assert_eq!(labels, 4);
    assert!(
        !html.contains("src=\"http") && !html.contains("href=\"http"),
        "no external resources"
    );
    let csv = std::fs::read_to_string(folder.join("effects.csv")).unwrap();
    assert!(csv.starts_with("document,provision,effect,modification,release,in force from\n"));
    assert!(csv.contains("Z,Z:6.4,words substituted,MP209,2022-08-adhoc,2022-08-01\n"));
    assert!(!csv.contains(" inserted,"), "MP209 and MP300 only substitute words");
    for provision in ["F,F3.8", "Z,Z:6.2"] {
        for modification in ["MP209", "MP300"] {
            let row = format!("{provision},words substituted,{modification},2022-08-adhoc,2022-08-01\n");
            assert!(csv.contains(&row), "{row}");
        }
    }
}

/// The release redline keeps the modifications' reasons, each naming the modification
/// whose change it explains: F3.8's "expiry or renewal" is MP209's, with MP209's reason
/// for it (changes/mp209.yaml, written out here by hand), beside it and in the list.
#[test]
fn the_release_annex_carries_each_modifications_reasons() {
    let (_tmp, folder) = first_release();
    let html = std::fs::read_to_string(folder.join("annex.html")).unwrap();
    let doc = Html::parse_document(&html);
    let want = "MP209 \u{2013} A CPA Certificate may now carry a renewal date instead of an expiry date.";
    let texts = |sel: &str| -> Vec<String> {
        doc.select(&Selector::parse(sel).unwrap())
            .map(|e| normalise(&e.text().collect::<String>()))
            .collect()
    };
    let sel = |s: &str| Selector::parse(s).unwrap();
    let holding = |outer: &str, inner: &str, of: &str| -> Vec<String> {
        doc.select(&sel(outer))
            .filter(|e| e.select(&sel(inner)).next().is_some())
            .flat_map(|e| {
                e.select(&sel(of))
                    .map(|x| normalise(&x.text().collect::<String>()))
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    let beside = holding("div.item", "section#p-f3-8", "aside.reason p");
    assert!(beside.contains(&format!("Reason {want}")), "{beside:?}");
    let listed = texts("ol.reasons li");
    assert!(listed.iter().any(|l| l.starts_with(want)), "{listed:?}");
    // Every reason of the release says whose it is.
    assert!(
        !listed.is_empty()
            && listed
                .iter()
                .all(|l| l.starts_with("MP209 \u{2013} ") || l.starts_with("MP300 \u{2013} ")),
        "{listed:?}"
    );
    // The summary row of F3.8 points at it.
    let row = holding("#summary tbody tr", "a[href=\"#p-f3-8\"]", "td");
    assert!(row.iter().any(|r| r.contains("(reason")), "{row:?}");
}

/// The summary rows of a release annex, provision → modification, read from an HTML table
/// whose header names its columns (the annex's own, or pandoc's reading of the DOCX).
fn modification_column(html: &str) -> Vec<(String, String)> {
    let doc = Html::parse_document(html);
    let sel = |s: &str| Selector::parse(s).unwrap();
    let cell_text = |e: scraper::ElementRef| normalise(&e.text().collect::<String>());
    for table in doc.select(&sel("table")) {
        let header: Vec<String> = table
            .select(&sel("tr"))
            .next()
            .map_or(Vec::new(), |r| r.select(&sel("th, td")).map(cell_text).collect());
        let (Some(p), Some(m)) = (
            header.iter().position(|h| h == "Provision"),
            header.iter().position(|h| h == "Modification"),
        ) else {
            continue;
        };
        return table
            .select(&sel("tr"))
            .skip(1)
            .map(|r| r.select(&sel("th, td")).map(cell_text).collect::<Vec<_>>())
            .filter(|cells| cells.len() == header.len() && cells[0] != "Total")
            .map(|cells| (cells[p].clone(), cells[m].clone()))
            .collect();
    }
    panic!("no table with a Provision and a Modification column");
}

/// The release annex's summary says which modification made each change, in the HTML and
/// in the DOCX (read by pandoc): MP300 (changes/mp300.yaml) changes only F3.8 and Z:6.2,
/// on top of MP209, which changes every row. Expected by hand from the two change-sets.
#[test]
fn the_release_annex_names_the_modification_of_each_change_in_its_summary() {
    let (_tmp, folder) = first_release();
    let expected = |rows: &[(String, String)]| {
        assert!(rows.len() > 10, "{rows:?}");
        for (provision, by) in rows {
            let want = if provision == "F3.8" || provision == "paragraph 6.2" {
                "MP209, MP300"
            } else {
                "MP209"
            };
            assert_eq!(by, want, "{provision}: {rows:?}");
        }
        for both in ["F3.8", "paragraph 6.2"] {
            assert!(rows.iter().any(|(p, _)| p == both), "{both} missing: {rows:?}");
        }
    };
    let html = std::fs::read_to_string(folder.join("annex.html")).unwrap();
    expected(&modification_column(&html));
    let out = Command::new("pandoc")
        .args(["--track-changes=accept", "-f", "docx", "-t", "html"])
        .arg(folder.join("annex.docx"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    expected(&modification_column(&String::from_utf8_lossy(&out.stdout)));
}

/// A change to a cross-heading (whose words hold a `(`) and one inside a sub-paragraph are
/// each attributed to that unit, not to the Part or provision around it: in the change
/// report `build` prints, in the annex (the reason beside the cross-heading; the reasons
/// list naming "Section F heading “…”" and "Section F2.1(b)(ii)"), and in the history
/// (`effects.csv` names the whole cross-heading; `history F2.1(b)` lists the release,
/// `history F2.1(a)` does not). Expected by hand from the text and the change-set below.
#[test]
fn a_cross_headings_and_a_sub_paragraphs_change_is_attributed_to_it() {
    let (tmp, code) = copy_of_the_code();
    let section = code.join("section-f.md");
    let text = std::fs::read_to_string(&section).unwrap();
    assert!(text.contains("### Amending entries\n"));
    std::fs::write(
        &section,
        text.replace("### Amending entries\n", "### Amending entries (of the list)\n"),
    )
    .unwrap();
    let changes = tmp.path().join("changes");
    std::fs::create_dir_all(&changes).unwrap();
    std::fs::write(
        changes.join("mp400.yaml"),
        "modification: MP400\ntitle: Headings\nauthor: SECAS\ndate: 2022-07-01\nchanges:\n  - in: [F2]\n    replace: of the list\n    with: of the Central Products List\n    expect: 1\n    reason: The heading names the list.\n  - in: [F2.1]\n    replace: expires\n    with: ends\n    expect: 1\n    reason: A certificate ends.\n",
    )
    .unwrap();
    let release_file = tmp.path().join("r.yaml");
    std::fs::write(
        &release_file,
        "release: 2022-08-h\ntitle: Headings release\ndate: 2022-08-01\nversion: \"1.1\"\nmodifications: [MP400]\n",
    )
    .unwrap();
    // The change report, as `check` prints it.
    let set = s(&changes.join("mp400.yaml"));
    let r = run(&root(), &["check", &set, "--text", &s(&code)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("replaced 'of the list' at F2 heading \"Amending entries (of the list)\""),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("replaced 'expires' at F2.1(b)(ii)"), "{}", r.stdout);
    let build_out = tmp.path().join("build");
    let r = run(&root(), &["build", &set, "--text", &s(&code), "--out", &s(&build_out)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // The annex.
    let html = std::fs::read_to_string(build_out.join("MP400/annex-a.html")).unwrap();
    let doc = Html::parse_document(&html);
    let sel = |s: &str| Selector::parse(s).unwrap();
    let text_of = |e: scraper::ElementRef| normalise(&e.text().collect::<String>());
    let beside: Vec<String> = doc
        .select(&sel("div.item"))
        .filter(|d| {
            d.select(&sel(".cross"))
                .any(|h| text_of(h).contains("Amending entries"))
        })
        .flat_map(|d| d.select(&sel("aside.reason p")).map(text_of).collect::<Vec<_>>())
        .collect();
    assert_eq!(beside, ["Reason The heading names the list."]);
    let listed: Vec<String> = doc.select(&sel("ol.reasons li")).map(text_of).collect();
    assert_eq!(
        listed,
        [
            "The heading names the list.Changes Section F heading \u{201c}Amending entries (of the list)\u{201d}",
            "A certificate ends.Changes Section F2.1(b)(ii)"
        ]
    );
    // The history.
    let out = tmp.path().join("out");
    let r = apply_from(&release_file, &code, &changes, &out);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let effects = std::fs::read_to_string(out.join("2022-08-h/effects.csv")).unwrap();
    assert!(
        effects.contains(
            "F,\"F2 heading \"\"Amending entries (of the list)\"\"\",words substituted,MP400,2022-08-h,2022-08-01\n"
        ),
        "{effects}"
    );
    assert!(
        effects.contains("F,F2.1,words substituted,MP400,2022-08-h,2022-08-01\n"),
        "{effects}"
    );
    let history = |reference: &str| {
        let r = run(&root(), &["history", reference, "--text", &s(&code)]);
        assert_eq!(r.code, 0, "{reference}: {}", r.stderr);
        normalise(&r.stdout)
    };
    assert_eq!(history("F2.1(b)"), "1.1 2022-08-01 2022-08-h MP400 words substituted");
    assert_eq!(history("F2.1(a)"), "");
}
