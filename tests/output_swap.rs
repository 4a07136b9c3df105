//! The output folder is swapped in whole: `build` killed (aborted, no clean-up, as SIGKILL)
//! at every step of writing its folder leaves the previous folder or the new one, and the
//! next build finishes the job and leaves nothing of the killed one behind.

mod common;

use common::{root, snapshot};
use std::path::Path;
use std::process::Command;

type Files = Vec<(std::path::PathBuf, Vec<u8>)>;

/// `build` of `changes` into `out`, aborted at step `kill` of writing the folder (when
/// given); whether it ran to the end.
fn build(changes: &Path, out: &Path, kill: Option<usize>, exchange: bool) -> bool {
    let mut c = Command::new(env!("CARGO_BIN_EXE_sec-redline"));
    c.args([
        "build",
        &changes.display().to_string(),
        "--out",
        &out.display().to_string(),
    ])
    .current_dir(root());
    if let Some(n) = kill {
        c.env("SEC_REDLINE_OUTPUT_KILL_AT", n.to_string());
    }
    if !exchange {
        c.env("SEC_REDLINE_OUTPUT_NO_EXCHANGE", "1");
    }
    c.output().unwrap().status.success()
}

/// Everything in `out` (hidden leftovers included), and `out/MP209` alone.
fn state(out: &Path) -> (Vec<String>, Files) {
    let names = std::fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    (names, snapshot(&out.join("MP209")))
}

fn killed_at_every_step(exchange: bool) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let old_changes = root().join("changes/mp209.yaml");
    let new_changes = tmp.path().join("mp209.yaml");
    let yaml = std::fs::read_to_string(&old_changes).unwrap();
    assert!(yaml.contains("title: Lifetime CPA Certificates"));
    std::fs::write(
        &new_changes,
        yaml.replace(
            "title: Lifetime CPA Certificates",
            "title: Lifetime CPA Certificates (revised)",
        ),
    )
    .unwrap();
    assert!(build(&new_changes, &out, None, exchange));
    let new = snapshot(&out.join("MP209"));
    assert!(build(&old_changes, &out, None, exchange));
    let old = snapshot(&out.join("MP209"));
    assert_ne!(old, new);
    assert!(old.len() >= 4, "{} files", old.len());
    let mut killed = 0;
    for n in 1.. {
        let finished = build(&new_changes, &out, Some(n), exchange);
        let (names, now) = state(&out);
        if finished {
            assert_eq!(now, new, "not killed at step {n}: the new folder");
            assert_eq!(names, ["MP209"], "not killed at step {n}: nothing else left");
            break;
        }
        killed += 1;
        if exchange || !now.is_empty() {
            assert!(
                now == old || now == new,
                "killed at step {n}: neither the old folder nor the new"
            );
        } else {
            // Two renames: killed between them, the old folder is whole beside its place.
            let aside: Vec<&String> = names.iter().filter(|n| n.starts_with(".MP209.old-")).collect();
            assert_eq!(aside.len(), 1, "killed at step {n}: {names:?}");
            assert_eq!(
                snapshot(&out.join(aside[0])),
                old,
                "killed at step {n}: the old folder aside"
            );
        }
        // The next build finishes the job and clears what the killed one left.
        assert!(build(&new_changes, &out, None, exchange), "after a kill at step {n}");
        let (names, now) = state(&out);
        assert_eq!(now, new, "killed at step {n}, then built");
        assert_eq!(names, ["MP209"], "killed at step {n}, then built: leftovers");
        assert!(build(&old_changes, &out, None, exchange));
    }
    // A step after each file, once staged, and the swap (or the two renames).
    assert!(killed > old.len(), "only {killed} steps were tried");
}

#[test]
fn build_killed_at_every_step_leaves_the_old_folder_or_the_new() {
    killed_at_every_step(true);
}

#[test]
fn build_killed_at_every_step_without_an_exchange_leaves_the_old_folder_whole() {
    killed_at_every_step(false);
}
