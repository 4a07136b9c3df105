//! End-to-end: the real binary on the repository's own files and on fixtures.

mod common;

use common::{root, run, snapshot};
use std::path::Path;

fn build(changeset: &Path, text: &Path, out: &Path) -> common::Run {
    run(
        &root(),
        &[
            "build",
            &changeset.display().to_string(),
            "--text",
            &text.display().to_string(),
            "--out",
            &out.display().to_string(),
        ],
    )
}

#[test]
fn mp209_gives_the_reviewed_consolidated_text() {
    let tmp = tempfile::tempdir().unwrap();
    let r = build(&root().join("changes/mp209.yaml"), &root().join("sec-text"), tmp.path());
    assert_eq!(r.code, 0, "{}", r.stderr);
    let files = snapshot(&tmp.path().join("MP209"));
    let names: Vec<String> = files.iter().map(|(p, _)| p.display().to_string()).collect();
    assert!(
        names.contains(&"consolidated/appendix-z.md".to_string())
            && names.contains(&"consolidated/section-f.md".to_string()),
        "{names:?}"
    );
    for doc in ["section-f.md", "appendix-z.md"] {
        let got = std::fs::read_to_string(tmp.path().join("MP209/consolidated").join(doc)).unwrap();
        let want = std::fs::read_to_string(root().join("tests/fixtures/mp209").join(doc)).unwrap();
        assert!(
            got == want,
            "consolidated {doc} differs from tests/fixtures/mp209/{doc}"
        );
    }
    let z = std::fs::read_to_string(tmp.path().join("MP209/consolidated/appendix-z.md")).unwrap();
    let f = std::fs::read_to_string(tmp.path().join("MP209/consolidated/section-f.md")).unwrap();
    // Across a bold run, a line break, at a sentence start, in a table cell, and not in F7.
    assert!(z.contains("before the **expiry or renewal** date of each CPA"));
    assert!(f.contains("the identifier and the expiry or renewal\ndate shown for the replacement"));
    assert!(f.contains("Certificate. Expiry or renewal date information"));
    assert!(z.contains("| CPA expiry or renewal date | The expiry or renewal date of the CPA Certificate"));
    // The [E]/[R] suffix belongs to the CPL Guidance Notes, not the Code: the field keeps its words.
    assert!(z.contains(
        "| Certificate identification number | The identifier of the CPA Certificate issued for the Device Model |"
    ));
    assert!(!z.contains("[E]") && !z.contains("[R]"));
    // Withdrawal is left to the existing paragraph 6.5: no new paragraph, no new periods.
    assert!(!z.contains("6.4A") && !z.contains("twelve months"));
    assert!(z.contains(
        "**6.4** Where paragraph 6.3 applies, then on the expiry or renewal date of the CPA Certificate\nthe Device Model shall be removed from the CPL"
    ));
    assert!(z.contains(
        "listed on the CPL is withdrawn by the National Technical Authority, expires or falls due for renewal."
    ));
    assert!(f.contains("twelve months before the expiry date of\nthe Testing Services Contract"));
    assert!(z.contains("expiry of the notice period in paragraph 7.2"));
    assert!(z.contains("## 6 Withdrawal, Expiry and Renewal of Certificates"));
}

#[test]
fn untouched_bytes_crlf_and_bom_are_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let fixture = root().join("tests/fixtures/crlf");
    let r = build(&fixture.join("changes.yaml"), &fixture.join("sec-text"), tmp.path());
    assert_eq!(r.code, 0, "{}", r.stderr);
    let got = std::fs::read(tmp.path().join("CRLF1/consolidated/section-q.md")).unwrap();
    let want = std::fs::read(fixture.join("expected/section-q.md")).unwrap();
    assert_eq!(String::from_utf8_lossy(&got), String::from_utf8_lossy(&want));
    assert!(got.starts_with("\u{feff}---\r\n".as_bytes()));
}

#[test]
fn only_changed_documents_are_written_and_a_previous_build_is_replaced() {
    let tmp = tempfile::tempdir().unwrap();
    let cs = tmp.path().join("z-only.yaml");
    std::fs::write(
        &cs,
        "modification: Z1\ntitle: Z only\ndate: 2024-01-31\nchanges:\n  - in: \"Z:6.1\"\n    replace: expires\n    with: expires or falls due for renewal\n",
    )
    .unwrap();
    let out = tmp.path().join("out");
    std::fs::create_dir_all(out.join("Z1/consolidated")).unwrap();
    std::fs::write(out.join("Z1/consolidated/stale.md"), "from an earlier build").unwrap();
    let r = build(&cs, &root().join("tests/fixtures/text"), &out);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let names: Vec<String> = snapshot(&out).iter().map(|(p, _)| p.display().to_string()).collect();
    assert_eq!(
        names,
        ["Z1/annex-a.docx", "Z1/annex-a.html", "Z1/consolidated/appendix-z.md"]
    );
    let z = std::fs::read_to_string(out.join("Z1/consolidated/appendix-z.md")).unwrap();
    assert!(z.contains("**6.1** Where a certificate expires or falls due for renewal, the Device Model is removed."));
}

#[test]
fn same_inputs_give_byte_identical_output() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    for dir in [a.path(), b.path()] {
        let r = build(&root().join("changes/mp209.yaml"), &root().join("sec-text"), dir);
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    let (sa, sb) = (snapshot(a.path()), snapshot(b.path()));
    assert!(!sa.is_empty());
    assert!(sa == sb, "two builds differ");
}

#[test]
fn check_reports_each_change_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let r = run(
        tmp.path(),
        &[
            "check",
            &root().join("changes/mp209.yaml").display().to_string(),
            "--text",
            &root().join("sec-text").display().to_string(),
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("MP209"), "{}", r.stdout);
    assert!(r.stdout.contains("(10 changes) is valid"), "{}", r.stdout);
    // Line numbers and places as changes/mp209.yaml writes them (`grep -n '^  - '`).
    assert!(
        r.stdout.contains("  line 42: replaced 'expiry' at F3.8\n"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("  line 72: replaced 'on expiry of the CPA Certificate' at Z:6.4\n"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(
            "  line 86: replaced 'no replacement CPA Certificate' at F5.1(b), F5.2, Z:4.3, Z:6.3 (4 times)\n"
        ),
        "{}",
        r.stdout
    );
    assert!(
        !r.stdout.contains("rewrote") && !r.stdout.contains("new 6.4A"),
        "{}",
        r.stdout
    );
    // Two cells of one table row are told apart by their column.
    assert!(
        r.stdout.contains(
            "Z:4.1 (row \"CPA expiry date\", column \"Field\"), Z:4.1 (row \"CPA expiry date\", column \"Description\")"
        ),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("F2.8"), "{}", r.stdout);
    assert_eq!(
        std::fs::read_dir(tmp.path()).unwrap().count(),
        0,
        "check wrote something"
    );
}

#[test]
fn a_wrong_command_line_exits_2() {
    for args in [
        &["build"][..],
        &["frobnicate"],
        &["build", "x.yaml", "--context", "sideways"],
        &[],
    ] {
        let r = run(&root(), args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
    }
    let r = run(&root(), &["--help"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("build") && r.stdout.contains("check"));
}

#[test]
fn several_bad_changes_are_all_reported_in_one_run() {
    let tmp = tempfile::tempdir().unwrap();
    let cs = tmp.path().join("bad.yaml");
    std::fs::write(
        &cs,
        "modification: BAD2\ntitle: x\ndate: 2024-01-31\nchanges:\n  - replace: banana\n    with: apple\n  - replce: x\n  - replace: expiry date\n    with: y\n    in: F9.9\n",
    )
    .unwrap();
    let r = build(&cs, &root().join("tests/fixtures/text"), &tmp.path().join("out"));
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("bad.yaml:7:5: error: unknown key 'replce'"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("bad.yaml:5:14: error: 'banana' matches nothing"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("bad.yaml:10:9: error: there is no provision F9.9"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("error: 3 problems found; nothing was written"),
        "{}",
        r.stderr
    );
    assert!(!tmp.path().join("out").exists());
}

/// A replace that takes every word out of a sub-paragraph would leave its label alone on
/// its line: refused, naming that sub-paragraph, not one whose matched words are only some
/// of its words (F1.1(a) before it, F1.1(c) and F1.2 after it), and nothing written. With `except:` for
/// it the rest is applied. Hand-written expectations.
#[test]
fn a_replace_that_leaves_a_sub_paragraph_with_no_words_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let text = tmp.path().join("text");
    std::fs::create_dir(&text).unwrap();
    std::fs::write(
        text.join("section-f.md"),
        "---\ndocument: F\ntitle: Tests\nkind: Section\nversion: \"1.0\"\n---\n\n# Section F: Tests\n\n## F1 General\n\n**F1.1** The Panel shall:\n\n- (a) keep the register, and keep it current;\n- (b) keep keep\n- (c) keep the list.\n\n**F1.2** The Panel may keep a copy.\n",
    )
    .unwrap();
    let cs = tmp.path().join("c.yaml");
    let head = "modification: T1\ntitle: t\ndate: 2024-01-31\nchanges:\n  - replace: keep\n    with: \"\"\n";
    std::fs::write(&cs, head).unwrap();
    let out = tmp.path().join("out");
    let r = build(&cs, &text, &out);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("c.yaml:6:11: error: replacing 'keep' with '' leaves F1.1(b) with no words"),
        "{}",
        r.stderr
    );
    assert_eq!(r.stderr.matches("with no words").count(), 1, "{}", r.stderr);
    assert!(!out.exists());

    std::fs::write(&cs, format!("{head}    except: F1.1(b)\n")).unwrap();
    let r = build(&cs, &text, &out);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let consolidated = std::fs::read_to_string(out.join("T1/consolidated/section-f.md")).unwrap();
    assert!(
        consolidated.ends_with(
            "- (a) the register, and it current;\n- (b) keep keep\n- (c) the list.\n\n**F1.2** The Panel may a copy.\n"
        ),
        "{consolidated}"
    );
}

/// `build a.yaml b.yaml c.yaml` with a fault in each (a phrase that matches nothing, an
/// unknown key, a second change-set of one modification): one run reports all of them,
/// each at its own file and line, and writes nothing. The expected lines are hand-written.
#[test]
fn problems_of_every_change_set_are_reported_together() {
    let tmp = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let p = tmp.path().join(name);
        std::fs::write(&p, text).unwrap();
        p.display().to_string()
    };
    let a = write(
        "a.yaml",
        "modification: AA1\ntitle: A\ndate: 2026-01-01\nchanges:\n  - replace: banana\n    with: apple\n",
    );
    let b = write(
        "b.yaml",
        "modification: BB1\ntitle: B\ndate: 2026-01-01\nchanges:\n  - replce: expiry date\n",
    );
    let c = write(
        "c.yaml",
        "modification: AA1\ntitle: C\ndate: 2026-01-01\nchanges:\n  - replace: expiry date\n    with: end date\n",
    );
    let out = tmp.path().join("out");
    let text = root().join("tests/fixtures/text").display().to_string();
    let r = run(
        &root(),
        &[
            "build",
            &a,
            &b,
            &c,
            "--text",
            &text,
            "--out",
            &out.display().to_string(),
        ],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    for want in [
        "a.yaml:5:14: error: 'banana' matches nothing".to_string(),
        "b.yaml:5:5: error: unknown key 'replce'".to_string(),
        format!("{c}: error: modification AA1 is also built from {a}"),
        "error: 3 problems found; nothing was written".to_string(),
    ] {
        assert!(r.stderr.contains(&want), "missing {want:?} in:\n{}", r.stderr);
    }
    assert!(!out.exists());
}

#[test]
fn check_prints_the_terminology_audit_with_reasons() {
    let r = run(&root(), &["check", "changes/mp209.yaml"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let audit: Vec<&str> = r
        .stdout
        .lines()
        .skip_while(|l| !l.contains("left unchanged"))
        .skip(1)
        .collect();
    assert_eq!(
        audit,
        [
            // The `keep:` reasons of changes/mp209.yaml, in the Board's words.
            "    expir-: F6.3 \"expiry\": expiry of an SMKI Certificate, not of a CPA Certificate",
            "    expir-: F7.3 \"expiry\": expiry of the Testing Services Contract, not of a CPA Certificate",
            "    expir-: F7.4 \"expires\": expiry of the Testing Services Contract, not of a CPA Certificate",
            "    expir-: Z:7.3 \"expiry\": expiry of a notice period, not of a CPA Certificate",
            "    expir-: Z:8.3 \"expiry\": expiry of an SMKI Certificate, not of a CPA Certificate",
        ]
    );
    // Without `case: preserve` and `except:`, the audit says what was simply not matched.
    let tmp = tempfile::tempdir().unwrap();
    let cs = tmp.path().join("loose.yaml");
    std::fs::write(&cs, "modification: L1\ntitle: x\ndate: 2024-01-31\nchanges:\n  - replace: expiry date\n    with: expiry or renewal date\n    in: F1\n").unwrap();
    let r = run(
        &root(),
        &[
            "check",
            &cs.display().to_string(),
            "--text",
            &root().join("tests/fixtures/text").display().to_string(),
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let audit: Vec<&str> = r
        .stdout
        .lines()
        .skip_while(|l| !l.contains("left unchanged"))
        .skip(1)
        .collect();
    assert_eq!(
        audit,
        [
            "    expir-: F1.2 \"Expiry\": no change covers it",
            "    expir-: F2.1 \"Expiry\": no change covers it",
            "    expir-: F2.1 \"expiry\": the change to \u{201c}expiry date\u{201d} applies only to Section F1",
            "    expir-: Z:6.1 \"expires\": no change covers it",
        ]
    );
}

#[test]
fn the_suggested_number_for_an_insertion() {
    let text = root().join("sec-text").display().to_string();
    for (flag, reference, want) in [
        ("--number-after", "F2.3", "F2.3A"),
        ("--number-after", "F2.8", "F2.9"),
        ("--number-before", "F2.1", "F2.A1"),
        ("--number-after", "Z:6.3(a)", "Z:6.3(aa)"),
        ("--number-after", "Z:6.3(c)", "Z:6.3(d)"),
    ] {
        let r = run(&root(), &["check", flag, reference, "--text", &text]);
        assert_eq!((r.code, r.stdout.trim()), (0, want), "{flag} {reference}: {}", r.stderr);
    }
}

#[test]
fn a_reference_to_a_not_used_provision_is_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    let cs = tmp.path().join("c.yaml");
    std::fs::write(
        &cs,
        "modification: W1\ntitle: x\ndate: 2024-01-31\nchanges:\n  - delete: F1.2\n",
    )
    .unwrap();
    let text = root().join("tests/bad_inputs/crossref-to-deleted/sec-text");
    let r = build(&cs, &text, &tmp.path().join("out"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.starts_with(&format!(
            "{}:12:57: warning: F1.1 refers to F1.2, which is \"Not used\"",
            text.join("section-f.md").display()
        )),
        "{}",
        r.stderr
    );
    let f = std::fs::read_to_string(tmp.path().join("out/W1/consolidated/section-f.md")).unwrap();
    assert!(f.contains("**F1.2** Not used\n"));
}

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    // `check … | true`: the pipe is closed before the report is written (issue 14's review).
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "'{}' check changes/mp209.yaml | true",
            env!("CARGO_BIN_EXE_sec-redline")
        ))
        .current_dir(common::root())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!stderr.contains("error"), "{stderr}");
}

/// A term left unchanged in many places: `check` and the annex list the first 20 of it and
/// count the rest by reason; `--audit-file` writes every one.
#[test]
fn a_long_terminology_audit_is_listed_in_part_and_written_whole_on_request() {
    let tmp = tempfile::tempdir().unwrap();
    let text = tmp.path().join("text");
    std::fs::create_dir_all(&text).unwrap();
    let mut doc = String::from(
        "---\ndocument: F\ntitle: Test\nkind: Section\nversion: \"1.0\"\n---\n\n# Section F: Test\n\n## F1 One\n\n",
    );
    for n in 1..=30 {
        doc.push_str(&format!(
            "**F1.{n}** The expiry date of the Device, then its expiry.\n\n"
        ));
    }
    std::fs::write(text.join("section-f.md"), doc).unwrap();
    let cs = tmp.path().join("cs.yaml");
    std::fs::write(
        &cs,
        "modification: L2\ntitle: x\ndate: 2024-01-31\nchanges:\n  - replace: expiry date\n    with: expiry or renewal date\n    in: F1.1\n",
    )
    .unwrap();
    let file = tmp.path().join("audit.txt");
    let args = |extra: &[&str]| -> Vec<String> {
        let mut a = vec![cs.display().to_string(), "--text".into(), text.display().to_string()];
        a.extend(extra.iter().map(|s| s.to_string()));
        a
    };
    let check: Vec<String> = ["check".to_string()]
        .into_iter()
        .chain(args(&["--audit-file", &file.display().to_string()]))
        .collect();
    let r = run(&root(), &check.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(r.code, 0, "{}", r.stderr);
    let audit: Vec<&str> = r
        .stdout
        .lines()
        .skip_while(|l| !l.contains("left unchanged"))
        .skip(1)
        .collect();
    // F1.1's second "expiry" (in scope, but not followed by "date") and both of F1.2 …
    // F1.30 (outside `in: F1.1`): 59 in all.
    assert_eq!(audit.len(), 21, "{audit:?}");
    assert_eq!(audit[0], "    expir-: F1.1 \"expiry\": no change covers it");
    assert_eq!(
        audit[1],
        "    expir-: F1.2 \"expiry\": the change to \u{201c}expiry date\u{201d} applies only to Section F1.1"
    );
    assert_eq!(
        audit[20],
        "    expir-: 39 more of 59 in all (58 outside the scope (`in:`) of the change, 1 that no change covers); `--audit-file FILE` lists every one"
    );
    let written = std::fs::read_to_string(&file).unwrap();
    let lines: Vec<&str> = written.lines().collect();
    assert_eq!(lines.len(), 60, "{written}");
    assert_eq!(lines[0], "L2: left unchanged (terminology audit), every occurrence");
    assert_eq!(lines[1], format!("  {}", audit[0].trim_start()));
    assert_eq!(
        lines[59],
        "  expir-: F1.30 \"expiry\": the change to \u{201c}expiry date\u{201d} applies only to Section F1.1"
    );

    // The annex: the same first 20, then one row with the count.
    let out = tmp.path().join("out");
    let build: Vec<String> = ["build".to_string()]
        .into_iter()
        .chain(args(&["--out", &out.display().to_string()]))
        .collect();
    let r = run(&root(), &build.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(r.code, 0, "{}", r.stderr);
    let html = std::fs::read_to_string(out.join("L2/annex-a.html")).unwrap();
    let rows = common::left_unchanged_rows(&html);
    assert_eq!(rows.len(), 21, "{rows:?}");
    assert_eq!(rows[19].0, "Section F1.11");
    assert_eq!(rows[20].0, "Not listed here");
    assert_eq!(rows[20].1, "expir-");
    assert!(rows[20].2.starts_with("39 more of 59 in all"), "{:?}", rows[20]);
}
