//! Every case under tests/bad_inputs/ is a small set of files that must be refused:
//! exit 1, the expected located message, no panic, and nothing written.
//!
//! A case folder holds `changes.yaml`, optionally its own `sec-text/` (else the shared
//! tests/fixtures/text is used), optionally `args.txt` (one argument a line), and
//! `expected.txt`: its first line is the exact first line of stderr; each further line
//! must appear somewhere in stderr.

mod common;

use common::{root, run, snapshot};

#[test]
fn every_bad_input_is_refused_with_a_located_message_and_writes_nothing() {
    let cases_dir = root().join("tests/bad_inputs");
    let mut cases: Vec<_> = std::fs::read_dir(&cases_dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 30, "the bad-input corpus has {} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let expected = std::fs::read_to_string(case.join("expected.txt")).unwrap();
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        std::fs::create_dir_all(out.join("BAD1")).unwrap();
        std::fs::write(out.join("BAD1/previous.txt"), "an earlier build").unwrap();
        let before = snapshot(&out);
        let mut args: Vec<String> = match std::fs::read_to_string(case.join("args.txt")) {
            Ok(a) => a.lines().map(str::to_string).collect(),
            Err(_) => vec!["build".into(), "changes.yaml".into()],
        };
        if !args.iter().any(|a| a == "--text") {
            let text = if case.join("sec-text").is_dir() {
                "sec-text".to_string()
            } else {
                root().join("tests/fixtures/text").display().to_string()
            };
            args.extend(["--text".to_string(), text]);
        }
        if !args.iter().any(|a| a == "--out") {
            args.extend(["--out".to_string(), out.display().to_string()]);
        }
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        let r = run(case, &refs);
        let mut lines = expected.lines();
        let first = lines.next().unwrap_or_default();
        let mut problems = Vec::new();
        if r.code != 1 {
            problems.push(format!("exit code {} (want 1)", r.code));
        }
        if r.stderr.lines().next() != Some(first) {
            problems.push(format!(
                "first line of stderr:\n    got:  {:?}\n    want: {first:?}",
                r.stderr.lines().next().unwrap_or_default()
            ));
        }
        for want in lines {
            if !r.stderr.contains(want) {
                problems.push(format!("stderr lacks {want:?}"));
            }
        }
        if r.stderr.contains("panicked") {
            problems.push("panicked".into());
        }
        if snapshot(&out) != before || std::fs::read_dir(&out).unwrap().count() != 1 {
            problems.push("the output folder changed".into());
        }
        if !problems.is_empty() {
            failures.push(format!(
                "{name}:\n  {}\n  full stderr:\n{}",
                problems.join("\n  "),
                r.stderr
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
