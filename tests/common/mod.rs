//! Helpers shared by the end-to-end tests: run the real binary on real files.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// What a run of `sec-redline` gave back.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs the binary with `args` in folder `cwd`.
pub fn run(cwd: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_sec-redline"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("the sec-redline binary runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The repository's root folder.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every file under `dir`, relative, sorted, with its bytes.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    fn walk(base: &Path, dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                out.push((p.strip_prefix(base).unwrap().to_path_buf(), std::fs::read(&p).unwrap()));
            }
        }
    }
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// Whitespace folded to single spaces.
pub fn normalise(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Markdown as plain words, by simple rules of the tests (not the tool's tokeniser):
/// markers, bullets, table pipes and rule rows removed, whitespace folded.
pub fn markdown_words(md: &str) -> String {
    let mut out = String::new();
    for line in md.lines() {
        let t = line.trim();
        if t.starts_with('|') && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ')) {
            continue;
        }
        let t = t.trim_start_matches('#');
        let t = t.strip_prefix("- ").unwrap_or(t);
        out.push_str(&t.replace("**", "").replace('*', "").replace('|', " "));
        out.push(' ');
    }
    normalise(&out)
}

/// The text of a unit (provision, or a Part's heading) named by `address`, from a text folder.
pub fn unit_text(corpus: &sec_redline::corpus::Corpus, address: &str) -> String {
    use sec_redline::corpus::reference::{Target, resolve};
    let edition = sec_redline::corpus::Edition::new(corpus);
    match resolve(&edition, address).unwrap_or_else(|e| panic!("{address}: {e}")) {
        Target::Provision { doc, unit } => edition.unit_text(doc, unit).to_string(),
        Target::Part { doc, units } => edition.unit_text(doc, units.start).to_string(),
        other => panic!("{address} is {other:?}"),
    }
}

/// Whether an external program runs. Under CI a missing tool is a failure, not a skip.
pub fn tool(name: &str, arg: &str) -> bool {
    let found = Command::new(name).arg(arg).output().is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var("CI").is_err(),
            "{name} is needed by this test and CI=true: install it (.ci/run does)"
        );
        eprintln!("skipping: {name} is not installed");
    }
    found
}
