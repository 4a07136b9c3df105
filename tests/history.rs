//! The Code's history proves itself: every kind of damage to a text folder after the
//! repository's two releases is an error with no output, never a different Code; `--apply`
//! killed at every step leaves the old version or the new one; two applies at once never
//! both succeed unless both are in the history; dates are dates; a Part's history holds
//! what changed under it.
//!
//! The expected texts are the files themselves, kept as each release was applied (the
//! oracle is the bytes on disk before and after, not the history's own reading).

mod common;

use common::{documents, root, run, snapshot};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

type Docs = BTreeMap<String, Vec<u8>>;

fn s(p: &Path) -> String {
    p.display().to_string()
}

/// A copy of the repository's sec-text in `tmp/code`.
fn copy_of_the_code() -> (tempfile::TempDir, PathBuf) {
    common::text_copy("code")
}

fn apply(release: &str, code: &Path, out: &Path) -> common::Run {
    run(
        &root(),
        &["release", release, "--text", &s(code), "--out", &s(out), "--apply"],
    )
}

/// The repository's two releases applied to a copy: the folder, and the documents of
/// versions 1.0, 1.1 and 1.2 as they were on disk before and after each apply.
fn two_releases() -> (tempfile::TempDir, PathBuf, [Docs; 3]) {
    let (tmp, code) = copy_of_the_code();
    let out = tmp.path().join("out");
    let v0 = documents(&code);
    let r = apply("releases/2022-08-adhoc.yaml", &code, &out);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v1 = documents(&code);
    let r = apply("releases/2022-11.yaml", &code, &out);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v2 = documents(&code);
    (tmp, code, [v0, v1, v2])
}

fn as_at(code: &Path, date: &str, out: &Path) -> common::Run {
    run(
        &root(),
        &["text", "--as-at", date, "--text", &s(code), "--out", &s(out)],
    )
}

/// Every day around each release reads as the version then in force, byte for byte.
fn every_version_reads_back(code: &Path, scratch: &Path, versions: &[(&str, &Docs)]) {
    for (i, (date, docs)) in versions.iter().enumerate() {
        let out = scratch.join(format!("as-at-{date}-{i}"));
        let r = as_at(code, date, &out);
        assert_eq!(r.code, 0, "{date}: {}", r.stderr);
        assert_eq!(&documents(&out), *docs, "the Code as at {date}");
    }
}

/// A command that reads the text folder `code`, writing to `out` if it writes: what it did.
fn reading(args: &[&str], code: &Path, out: Option<PathBuf>) -> (common::Run, Option<PathBuf>) {
    let mut args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    args.extend(["--text".to_string(), s(code)]);
    if let Some(o) = &out {
        args.extend(["--out".to_string(), s(o)]);
    }
    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
    (run(&root(), &argv), out)
}

fn edit(path: &Path, f: impl Fn(String) -> String) {
    let text = std::fs::read_to_string(path).unwrap();
    let changed = f(text.clone());
    assert_ne!(changed, text, "{} was not changed", path.display());
    std::fs::write(path, changed).unwrap();
}

#[test]
fn every_kind_of_damage_is_an_error_and_writes_nothing() {
    type Damage = fn(&Path);
    let cases: Vec<(&str, Damage, &str)> = vec![
        (
            "a typo fixed in a current document",
            |c| {
                edit(&c.join("section-f.md"), |t| {
                    t.replacen("Device Model", "Devise Model", 1)
                })
            },
            "was changed outside a release",
        ),
        (
            "a BOM added to a current document",
            |c| edit(&c.join("appendix-z.md"), |t| format!("\u{feff}{t}")),
            "was changed outside a release",
        ),
        (
            "a current document saved with CRLF",
            |c| edit(&c.join("appendix-z.md"), |t| t.replace('\n', "\r\n")),
            "was changed outside a release",
        ),
        (
            "the version line of a current document",
            |c| {
                edit(&c.join("section-f.md"), |t| {
                    t.replacen("version: \"1.2\"", "version: \"1.1\"", 1)
                })
            },
            "was changed outside a release",
        ),
        (
            "a document added by hand",
            |c| {
                std::fs::write(
                    c.join("section-x.md"),
                    "---\ndocument: X\ntitle: X\nkind: Section\nversion: \"1.0\"\n---\n\n# Section X: X\n",
                )
                .unwrap()
            },
            "added outside a release",
        ),
        (
            "a current document removed",
            |c| std::fs::remove_file(c.join("appendix-z.md")).unwrap(),
            "is missing",
        ),
        (
            "a patch cut mid-line",
            |c| {
                let p = c.join("history/1.1/section-f.md.patch");
                let t = std::fs::read_to_string(&p).unwrap();
                std::fs::write(&p, &t[..t.len() / 2]).unwrap();
            },
            "does not match the digest",
        ),
        (
            "a patch removed",
            |c| std::fs::remove_file(c.join("history/1.1/section-f.md.patch")).unwrap(),
            "is missing",
        ),
        (
            "an edited + line",
            |c| {
                edit(&c.join("history/1.1/appendix-z.md.patch"), |t| {
                    t.replacen("\n+", "\n+Edited ", 1)
                })
            },
            "does not match the digest",
        ),
        (
            "an edited - line",
            |c| {
                edit(&c.join("history/1.2/section-f.md.patch"), |t| {
                    t.replacen("\n-", "\n-Edited ", 1)
                })
            },
            "does not match the digest",
        ),
        (
            "history/1.1 removed",
            |c| std::fs::remove_dir_all(c.join("history/1.1")).unwrap(),
            "follows 1.1",
        ),
        (
            "history/1.2 removed (the latest)",
            |c| std::fs::remove_dir_all(c.join("history/1.2")).unwrap(),
            "which the history does not have",
        ),
        (
            "the base version's record removed",
            |c| std::fs::remove_dir_all(c.join("history/1.0")).unwrap(),
            "no base version",
        ),
        (
            "date: soon",
            |c| {
                edit(&c.join("history/1.2/version.yaml"), |t| {
                    t.replace("date: 2022-11-03", "date: soon")
                })
            },
            "is not a date",
        ),
        (
            "date: 2022-+8-01",
            |c| {
                edit(&c.join("history/1.1/version.yaml"), |t| {
                    t.replace("date: 2022-08-01", "date: 2022-+8-01")
                })
            },
            "is not a date",
        ),
        (
            "a date moved, still a date",
            |c| {
                edit(&c.join("history/1.1/version.yaml"), |t| {
                    t.replace("date: 2022-08-01", "date: 2022-08-02")
                })
            },
            "does not fit the version's record",
        ),
        (
            "dates out of order",
            |c| {
                edit(&c.join("history/1.2/version.yaml"), |t| {
                    t.replace("date: 2022-11-03", "date: 2022-07-01")
                });
            },
            "not after version 1.1",
        ),
        (
            "a fork: two versions follow 1.0",
            |c| {
                edit(&c.join("history/1.2/version.yaml"), |t| {
                    t.replace("previous: \"1.1\"", "previous: \"1.0\"")
                })
            },
            "both say they follow 1.0",
        ),
        (
            "a record in the wrong folder",
            |c| std::fs::rename(c.join("history/1.2"), c.join("history/1.3")).unwrap(),
            "its folder is 1.3",
        ),
        (
            "a digest edited",
            |c| {
                edit(&c.join("history/1.1/version.yaml"), |t| {
                    let at = t.find("sha256:").unwrap() + 7;
                    let flipped = if &t[at..at + 1] == "0" { "1" } else { "0" };
                    format!("{}{flipped}{}", &t[..at], &t[at + 1..])
                })
            },
            "",
        ),
        (
            "an effects.csv row cut short",
            |c| {
                edit(&c.join("history/1.1/effects.csv"), |t| {
                    t.replacen(",words substituted,", ",", 1)
                })
            },
            "does not match the digest",
        ),
        (
            "changed.csv edited",
            |c| edit(&c.join("history/1.1/changed.csv"), |t| t.replacen("F2.1", "F2.2", 1)),
            "does not match the digest",
        ),
        (
            "a stray file in a version's folder",
            |c| std::fs::write(c.join("history/1.1/notes.txt"), "mine").unwrap(),
            "does not account for",
        ),
        (
            "a stray file in the history",
            |c| std::fs::write(c.join("history/README"), "mine").unwrap(),
            "only version folders",
        ),
        (
            "a record of the old format",
            |c| edit(&c.join("history/1.1/version.yaml"), |t| t.replace("format: 2\n", "")),
            "earlier sec-redline",
        ),
        (
            "an unknown key in a record",
            |c| {
                edit(&c.join("history/1.1/version.yaml"), |t| {
                    t.replace("format: 2\n", "format: 2\nsigned: yes\n")
                })
            },
            "unknown key",
        ),
        (
            "a release id that leaves the folder",
            |c| {
                edit(&c.join("history/1.1/version.yaml"), |t| {
                    t.replace("release: \"2022-08-adhoc\"", "release: \"../../../X\"")
                })
            },
            "cannot name",
        ),
        (
            "patches swapped between versions",
            |c| {
                let (a, b) = (
                    c.join("history/1.1/section-f.md.patch"),
                    c.join("history/1.2/section-f.md.patch"),
                );
                let (x, y) = (std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
                std::fs::write(&a, y).unwrap();
                std::fs::write(&b, x).unwrap();
            },
            "does not match the digest",
        ),
        (
            "a patch added for a document the version did not change",
            |c| std::fs::write(c.join("history/1.2/section-x.md.patch"), "").unwrap(),
            "does not account for",
        ),
    ];
    let mut failures = Vec::new();
    for (what, damage, expected) in &cases {
        let (tmp, code, _) = two_releases();
        damage(&code);
        for (args, out) in [
            (vec!["text", "--as-at", "2022-07-01"], Some("old")),
            (vec!["text", "--as-at", "2022-12-01"], Some("new")),
            (vec!["history", "F2.1"], None),
            (vec!["compare", "--from", "1.0", "--to", "1.2"], Some("cmp")),
            (vec!["publish"], Some("site")),
            (vec!["build", "changes/mp209.yaml"], Some("build")),
        ] {
            let (r, out) = reading(&args, &code, out.map(|o| tmp.path().join(o)));
            let wrote = out.as_ref().is_some_and(|o| o.exists());
            if r.code != 1
                || !r.stdout.is_empty()
                || wrote
                || !r.stderr.contains(expected)
                || !r.stderr.contains("nothing was written")
            {
                failures.push(format!(
                    "{what}: `{}` exit {}, wrote {wrote}, stdout {:?}\n{}",
                    args[0], r.code, r.stdout, r.stderr
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} damages were not refused:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn each_day_reads_as_the_version_then_in_force_and_unchanged_documents_keep_their_version() {
    let (tmp, code, [v0, v1, v2]) = two_releases();
    every_version_reads_back(
        &code,
        tmp.path(),
        &[
            ("1900-01-01", &v0),
            ("2022-07-31", &v0),
            ("2022-08-01", &v1),
            ("2022-11-02", &v1),
            ("2022-11-03", &v2),
            ("2099-12-31", &v2),
        ],
    );
    // A release that changes Section F only: Appendix Z keeps its text, its version line
    // included, and the new version stores a patch of Section F alone.
    let changes = tmp.path().join("changes");
    std::fs::create_dir(&changes).unwrap();
    std::fs::write(
        changes.join("mp999.yaml"),
        "modification: MP999\ntitle: Reminders\ndate: 2022-12-01\nchanges:\n  - in: F2.2\n    replace: two Working Days\n    with: three Working Days\n",
    )
    .unwrap();
    let release = tmp.path().join("r.yaml");
    std::fs::write(
        &release,
        "release: r3\ntitle: R3\ndate: 2023-01-02\nversion: \"1.3\"\nmodifications: [MP999]\n",
    )
    .unwrap();
    let r = run(
        &root(),
        &[
            "release",
            &s(&release),
            "--text",
            &s(&code),
            "--changes",
            &s(&changes),
            "--out",
            &s(&tmp.path().join("out")),
            "--apply",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v3 = documents(&code);
    assert!(v3["appendix-z.md"] == v2["appendix-z.md"], "Appendix Z is untouched");
    assert!(String::from_utf8_lossy(&v3["section-f.md"]).contains("version: \"1.3\""));
    let patches: Vec<String> = std::fs::read_dir(code.join("history/1.3"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".patch"))
        .collect();
    assert_eq!(patches, vec!["section-f.md.patch"], "1.3 stores only what it changed");
    every_version_reads_back(
        &code,
        tmp.path(),
        &[("2022-07-31", &v0), ("2022-12-31", &v2), ("2023-01-02", &v3)],
    );
}

#[test]
fn a_parts_history_holds_what_changed_under_it() {
    let (_tmp, code, _) = two_releases();
    let history = |r: &str| run(&root(), &["history", r, "--text", &s(&code)]);
    // Appendix Z Part 6: MP209 substituted words in its heading, 6.2 and others, MP300 in 6.2.
    let r = history("Z:6");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout.lines().count(), 1, "{}", r.stdout);
    assert!(
        r.stdout.starts_with("1.1  2022-08-01  2022-08-adhoc  MP209, MP300"),
        "{}",
        r.stdout
    );
    // A Part no release touched, and the document.
    let r = history("Z:1");
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{}", r.stderr);
    assert!(r.stderr.contains("has not changed"), "{}", r.stderr);
    let r = history("F");
    assert_eq!(r.stdout.lines().count(), 2, "{}", r.stdout);
    // A reference that names nothing, in any version, is an error listing what exists.
    let r = history("F9.9");
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("F9.9"), "{}", r.stderr);
}

/// `history` of a provision the current text no longer has (deleted with `leave: nothing`):
/// found in the version that deleted it (a later release that changed something else is not its history), and a
/// provision still there lists only its own changes. Hand-written expectations.
#[test]
fn a_deleted_provisions_history_names_the_release_that_deleted_it() {
    let tmp = tempfile::tempdir().unwrap();
    let (code, changes) = (tmp.path().join("code"), tmp.path().join("changes"));
    std::fs::create_dir_all(&code).unwrap();
    std::fs::create_dir_all(&changes).unwrap();
    std::fs::write(
        code.join("section-f.md"),
        "---\ndocument: F\ntitle: Tests\nkind: Section\nversion: \"1.0\"\n---\n\n# Section F: Tests\n\n## F1 General\n\n**F1.1** The Panel shall keep the list.\n\n**F1.2** The Panel may keep a copy.\n\n**F1.3** The Panel shall publish it.\n",
    )
    .unwrap();
    std::fs::write(
        changes.join("t2.yaml"),
        "modification: T2\ntitle: Remove\ndate: 2024-01-31\nchanges:\n  - delete: F1.2\n    leave: nothing\n",
    )
    .unwrap();
    std::fs::write(
        changes.join("t3.yaml"),
        "modification: T3\ntitle: More\ndate: 2024-02-28\nchanges:\n  - replace: the list\n    with: the lists\n",
    )
    .unwrap();
    for (file, body) in [
        (
            "r1.yaml",
            "release: r1\ntitle: R1\ndate: 2024-03-01\nversion: \"1.1\"\nmodifications: [T2]\n",
        ),
        (
            "r2.yaml",
            "release: r2\ntitle: R2\ndate: 2024-04-01\nversion: \"1.2\"\nmodifications: [T3]\n",
        ),
    ] {
        let release = tmp.path().join(file);
        std::fs::write(&release, body).unwrap();
        let out = tmp.path().join(format!("out-{file}"));
        let r = run(
            &root(),
            &[
                "release",
                &s(&release),
                "--text",
                &s(&code),
                "--changes",
                &s(&changes),
                "--out",
                &s(&out),
                "--apply",
            ],
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    let history = |r: &str| run(&root(), &["history", r, "--text", &s(&code)]);
    let r = history("F1.2");
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (0, "1.1  2024-03-01  r1  T2  provision omitted\n"),
        "{}",
        r.stderr
    );
    let r = history("F1.1");
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (0, "1.2  2024-04-01  r2  T3  words substituted\n"),
        "{}",
        r.stderr
    );
}

#[test]
fn dates_are_dates_everywhere() {
    let (tmp, code) = copy_of_the_code();
    let r = as_at(&code, "2022-+8-01", &tmp.path().join("x"));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("is not a date"), "{}", r.stderr);
    let release = tmp.path().join("r.yaml");
    std::fs::write(
        &release,
        "release: r\ntitle: R\ndate: 2022-+8-01\nversion: \"1.1\"\nmodifications: [MP209]\n",
    )
    .unwrap();
    let r = run(
        &root(),
        &[
            "release",
            &s(&release),
            "--text",
            &s(&code),
            "--out",
            &s(&tmp.path().join("out")),
        ],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("r.yaml:3:7: error: `date:` '2022-+8-01' is not a date"),
        "{}",
        r.stderr
    );
    assert!(!tmp.path().join("out").exists());
}

#[test]
fn a_modification_already_applied_by_an_earlier_release_is_refused() {
    let (tmp, code, _) = two_releases();
    let release = tmp.path().join("again.yaml");
    std::fs::write(
        &release,
        "release: again\ntitle: Again\ndate: 2023-01-01\nversion: \"1.3\"\nmodifications: [MP300]\n",
    )
    .unwrap();
    let before = snapshot(&code);
    let r = run(
        &root(),
        &[
            "release",
            &s(&release),
            "--text",
            &s(&code),
            "--out",
            &s(&tmp.path().join("out")),
            "--apply",
        ],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("MP300 was already applied by release 2022-08-adhoc (version 1.1)"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("nothing was written"));
    assert_eq!(snapshot(&code), before);
}

#[test]
fn a_title_with_a_line_break_and_quotes_reads_back() {
    let (tmp, code) = copy_of_the_code();
    let release = tmp.path().join("r.yaml");
    std::fs::write(
        &release,
        "release: r1\ntitle: \"An \\\"ad-hoc\\\" release\\nover two lines: 50% # not a comment\"\ndate: 2022-08-01\nversion: \"1.1\"\nmodifications: [MP209]\n",
    )
    .unwrap();
    let r = run(
        &root(),
        &[
            "release",
            &s(&release),
            "--text",
            &s(&code),
            "--out",
            &s(&tmp.path().join("out")),
            "--apply",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    // The record read by an independent YAML reader (Python's, when there) and by ours.
    let record = code.join("history/1.1/version.yaml");
    if common::tool("python3", "--version") {
        let out = Command::new("python3")
            .args([
                "-c",
                "import json,sys\ntry:\n import yaml\nexcept ImportError:\n sys.exit(3)\nprint(json.dumps(yaml.safe_load(open(sys.argv[1]))['title']))",
            ])
            .arg(&record)
            .output()
            .unwrap();
        if out.status.code() == Some(0) {
            assert_eq!(
                String::from_utf8_lossy(&out.stdout).trim(),
                r#""An \"ad-hoc\" release\nover two lines: 50% # not a comment""#
            );
        }
    }
    let r = run(&root(), &["history", "F2.1", "--text", &s(&code)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with("1.1  2022-08-01  r1  MP209"), "{}", r.stdout);
}

/// `release --apply` of 2022-11 on top of 2022-08-adhoc, with the process aborted (no
/// clean-up, as SIGKILL) at step `n`; `None` when it ran to the end.
fn apply_killed_at(code: &Path, out: &Path, n: usize) -> Option<i32> {
    let status = Command::new(env!("CARGO_BIN_EXE_sec-redline"))
        .args([
            "release",
            "releases/2022-11.yaml",
            "--apply",
            "--text",
            &s(code),
            "--out",
            &s(out),
        ])
        .env("SEC_REDLINE_KILL_AT", n.to_string())
        .current_dir(root())
        .output()
        .unwrap()
        .status;
    if status.success() {
        None
    } else {
        Some(status.code().unwrap_or(-1))
    }
}

#[test]
fn apply_killed_at_every_step_leaves_the_old_version_or_the_new_and_the_next_apply_works() {
    let (tmp, code) = copy_of_the_code();
    let out = tmp.path().join("out");
    let v0 = documents(&code);
    assert_eq!(apply("releases/2022-08-adhoc.yaml", &code, &out).code, 0);
    let v1 = documents(&code);
    // The new version, from an apply that was not interrupted.
    let (tmp2, code2) = copy_of_the_code();
    assert_eq!(
        apply("releases/2022-08-adhoc.yaml", &code2, &tmp2.path().join("out")).code,
        0
    );
    let state = snapshot(&code);
    assert_eq!(apply("releases/2022-11.yaml", &code2, &tmp2.path().join("out")).code, 0);
    let v2 = documents(&code2);
    let mut killed = 0;
    for n in 1.. {
        // Start each run from the folder as it was before the interrupted apply.
        std::fs::remove_dir_all(&code).unwrap();
        for (path, bytes) in &state {
            let p = code.join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, bytes).unwrap();
        }
        let result = apply_killed_at(&code, &out, n);
        let scratch = tmp.path().join(format!("after-{n}"));
        std::fs::create_dir_all(&scratch).unwrap();
        // Whatever step it died at, the folder reads as 1.1 or as 1.2, whole.
        let r = as_at(&code, "2099-01-01", &scratch.join("now"));
        assert_eq!(r.code, 0, "killed at step {n}: {}", r.stderr);
        let now = documents(&scratch.join("now"));
        assert!(now == v1 || now == v2, "killed at step {n}: neither version");
        assert_eq!(documents(&code), now, "killed at step {n}: the text folder itself");
        every_version_reads_back(&code, &scratch, &[("2022-07-01", &v0), ("2022-08-01", &v1)]);
        // The next apply works: from 1.1 it makes 1.2; from 1.2 it says 1.2 exists.
        let r = apply("releases/2022-11.yaml", &code, &out);
        if now == v1 {
            assert_eq!(r.code, 0, "killed at step {n}, then: {}", r.stderr);
        } else {
            assert!(
                r.code == 1 && r.stderr.contains("version 1.2 already exists"),
                "{}",
                r.stderr
            );
        }
        assert_eq!(documents(&code), v2, "killed at step {n}, then applied");
        every_version_reads_back(
            &code,
            &scratch,
            &[("2022-07-01", &v0), ("2022-08-01", &v1), ("2022-11-03", &v2)],
        );
        let leftovers: Vec<_> = snapshot(&code)
            .into_iter()
            .map(|(p, _)| p.display().to_string())
            .filter(|p| p.contains(".new-"))
            .collect();
        assert!(leftovers.is_empty(), "killed at step {n}: {leftovers:?}");
        match result {
            Some(_) => killed += 1,
            None => break,
        }
    }
    assert!(killed >= 8, "only {killed} steps were tried");
}

#[test]
fn two_applies_at_once_never_both_succeed_unless_both_are_in_the_history() {
    for trial in 0..4 {
        let (tmp, code) = copy_of_the_code();
        // Two different releases, each making version 1.1 from 1.0.
        let (a, b) = (tmp.path().join("a.yaml"), tmp.path().join("b.yaml"));
        std::fs::write(
            &a,
            "release: a\ntitle: A\ndate: 2022-08-01\nversion: \"1.1\"\nmodifications: [MP209]\n",
        )
        .unwrap();
        std::fs::write(
            &b,
            "release: b\ntitle: B\ndate: 2022-11-03\nversion: \"1.1\"\nmodifications: [MP301]\n",
        )
        .unwrap();
        let spawn = |file: &Path, out: &str| {
            Command::new(env!("CARGO_BIN_EXE_sec-redline"))
                .args([
                    "release",
                    &s(file),
                    "--apply",
                    "--text",
                    &s(&code),
                    "--out",
                    &s(&tmp.path().join(out)),
                ])
                .current_dir(root())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (pa, pb) = (spawn(&a, "out-a"), spawn(&b, "out-b"));
        let (ra, rb) = (pa.wait_with_output().unwrap(), pb.wait_with_output().unwrap());
        let ok = [ra.status.success(), rb.status.success()];
        let versions: Vec<String> = std::fs::read_dir(code.join("history"))
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| !n.starts_with('.'))
            .collect();
        assert_eq!(
            ok.iter().filter(|x| **x).count(),
            1,
            "trial {trial}: exactly one succeeds: {ok:?}\n{}\n{}",
            String::from_utf8_lossy(&ra.stderr),
            String::from_utf8_lossy(&rb.stderr)
        );
        let loser = if ok[0] { &rb } else { &ra };
        let why = String::from_utf8_lossy(&loser.stderr);
        assert!(
            why.contains("already exists") || why.contains("changed while release"),
            "trial {trial}: {why}"
        );
        let mut versions = versions;
        versions.sort();
        assert_eq!(versions, vec!["1.0", "1.1"], "trial {trial}");
        let r = run(&root(), &["history", "F2.1", "--text", &s(&code)]);
        assert_eq!(r.code, 0, "trial {trial}: {}", r.stderr);
    }
}

#[test]
fn a_symlinked_text_folder_is_updated_where_it_points() {
    let (tmp, code) = copy_of_the_code();
    let link = tmp.path().join("link");
    std::os::unix::fs::symlink(&code, &link).unwrap();
    let r = apply("releases/2022-08-adhoc.yaml", &link, &tmp.path().join("out"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(),
        "the link is still a link"
    );
    assert!(
        code.join("history/1.1/version.yaml").is_file(),
        "the target was updated"
    );
    assert!(String::from_utf8_lossy(&documents(&code)["section-f.md"]).contains("version: \"1.1\""));
}

#[test]
fn a_failed_apply_says_what_it_wrote() {
    let (tmp, code, _) = two_releases();
    let out = tmp.path().join("out");
    // A release refused before anything is written says so.
    let status = Command::new(env!("CARGO_BIN_EXE_sec-redline"))
        .args([
            "release",
            "releases/2022-11.yaml",
            "--apply",
            "--text",
            &s(&code),
            "--out",
            &s(&out),
        ])
        .current_dir(root())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&status.stderr);
    // 2022-11 is already applied: refused before anything is written.
    assert_eq!(status.status.code(), Some(1));
    assert!(stderr.contains("nothing was written"), "{stderr}");
    let (tmp, code) = copy_of_the_code();
    let out = tmp.path().join("out");
    let r = Command::new(env!("CARGO_BIN_EXE_sec-redline"))
        .args([
            "release",
            "releases/2022-08-adhoc.yaml",
            "--apply",
            "--text",
            &s(&code),
            "--out",
            &s(&out),
        ])
        .env("SEC_REDLINE_FAIL_AT", "check")
        .current_dir(root())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&r.stderr);
    assert_eq!(r.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("only {} was written", out.join("2022-08-adhoc").display())),
        "{stderr}"
    );
    assert!(out.join("2022-08-adhoc/annex.docx").is_file());
}

#[test]
fn a_comparison_of_two_versions_is_marked_against_the_earlier_and_stamped_with_the_later() {
    let (tmp, code, _) = two_releases();
    let out = tmp.path().join("cmp");
    let r = run(
        &root(),
        &[
            "compare",
            "--from",
            "1.0",
            "--to",
            "1.2",
            "--text",
            &s(&code),
            "--out",
            &s(&out),
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let folder = out.join("compare-1.0-1.2");
    let html = std::fs::read_to_string(folder.join("redline.html")).unwrap();
    let page = scraper::Html::parse_document(&html);
    let text: String = common::normalise(&page.root_element().text().collect::<String>());
    assert!(
        text.contains("marked against Section F version 1.0 and Appendix Z version 1.0"),
        "{}",
        &text[..600.min(text.len())]
    );
    assert!(!text.contains("version 1.2 and Appendix Z version 1.2"));
    // Two documents changed: two versions of the Code, not "of a document".
    assert!(
        text.contains(
            "This document shows the differences between two versions of the Smart Energy Code, marked against Section F"
        ),
        "{}",
        &text[..600.min(text.len())]
    );
    assert!(text.contains("Version 1.0 (the base version) compared with version 1.2 (in force from 3 November 2022)"));
    // Word's tracked changes carry the later version's release and date (read with unzip).
    let xml = Command::new("unzip")
        .arg("-p")
        .arg(folder.join("redline.docx"))
        .arg("word/document.xml")
        .output()
        .ok();
    if let Some(xml) = xml.filter(|o| o.status.success()) {
        let xml = String::from_utf8_lossy(&xml.stdout);
        assert!(xml.contains("w:author=\"2022-11\""), "the release that made 1.2");
        assert!(
            xml.contains("w:date=\"2022-11-03T00:00:00Z\""),
            "the day 1.2 came into force"
        );
        assert!(!xml.contains("1980-01-01"));
    } else {
        assert!(std::env::var("CI").is_err(), "unzip is needed under CI");
    }
}

/// A unit's reference in `effects.csv` or `changed.csv` is read into its identity where the
/// file is read: a damaged one (its digest recomputed by `sha256sum`, so only the reading can catch it) is an
/// error naming the file, the line and the field, for every command that reads the history,
/// and nothing is written. On a history whose references are whole, publish's list of every
/// effect is the releases' `effects.csv` rows, byte for byte (written by one formatter).
#[test]
fn a_damaged_reference_in_effects_or_changed_csv_is_a_located_error() {
    let (tmp, code, _) = two_releases();
    let original = std::fs::read_to_string(code.join("history/1.1/effects.csv")).unwrap();
    // The rows as the releases wrote them, read back after publish: the same text.
    let site = tmp.path().join("site");
    let r = run(&root(), &["publish", "--text", &s(&code), "--out", &s(&site)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let published = std::fs::read_to_string(site.join("downloads/effects.csv")).unwrap();
    for line in original.lines().skip(1) {
        assert!(
            published.lines().any(|l| l == line),
            "{line} not published:\n{published}"
        );
    }
    // (file, row as written, row damaged, the field named, why)
    for (file, row, damaged, field, why) in [
        (
            "effects.csv",
            "Z,Z:6.4,",
            "Z,Z:6..4(,",
            "column 2 (provision)",
            "is not a reference to a Part or provision",
        ),
        (
            "effects.csv",
            "Z,Z:6.4,",
            "F,Z:6.4,",
            "column 2 (provision)",
            "is not in document `F`",
        ),
        (
            "changed.csv",
            "F,F2.1(b),F2\n",
            "F,F2.1(b,F2\n",
            "column 2 (unit)",
            "a sub-paragraph is written",
        ),
        (
            "changed.csv",
            "F,F2.1(b),F2\n",
            "F,F2.1(b),Z:2\n",
            "column 3 (part)",
            "is not in document `F`",
        ),
    ] {
        let path = code.join("history/1.1").join(file);
        let written = std::fs::read_to_string(&path).unwrap();
        let line = written.lines().position(|l| format!("{l}\n").starts_with(row)).unwrap() + 1;
        std::fs::write(&path, written.replacen(row, damaged, 1)).unwrap();
        // The digest made to fit (sha256sum), so that only the reading can catch it.
        let sum = Command::new("sha256sum").arg(&path).output().unwrap();
        let sum = String::from_utf8_lossy(&sum.stdout)
            .split(' ')
            .next()
            .unwrap()
            .to_string();
        let record = code.join("history/1.1/version.yaml");
        let yaml = std::fs::read_to_string(&record).unwrap();
        let key = format!("\"{file}\": sha256:");
        let at = yaml.find(&key).unwrap() + key.len();
        let old_sum = yaml[at..at + 64].to_string();
        std::fs::write(&record, format!("{}{sum}{}", &yaml[..at], &yaml[at + 64..])).unwrap();
        for (args, out) in [
            (vec!["history", "F2.1"], None),
            (vec!["text", "--as-at", "2022-12-01"], Some("new")),
            (vec!["publish"], Some("site2")),
        ] {
            let (r, out) = reading(&args, &code, out.map(|o| tmp.path().join(o)));
            assert_eq!(r.code, 1, "{damaged} {args:?}: {}", r.stderr);
            assert!(r.stdout.is_empty(), "{}", r.stdout);
            assert!(!out.is_some_and(|o| o.exists()), "{args:?} wrote its output");
            for want in [file, &format!("line {line}, {field}"), why] {
                assert!(
                    r.stderr.contains(want),
                    "{damaged} {args:?}: no {want:?} in\n{}",
                    r.stderr
                );
            }
        }
        // Put back, for the next case.
        std::fs::write(&path, &written).unwrap();
        let yaml = std::fs::read_to_string(&record).unwrap();
        std::fs::write(&record, yaml.replace(&sum, &old_sum)).unwrap();
    }
}
