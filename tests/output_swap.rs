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

/// `publish` of `text` into `site`, aborted at step `kill` of writing the folder.
fn publish(text: &Path, site: &Path, kill: Option<usize>) -> bool {
    let mut c = Command::new(env!("CARGO_BIN_EXE_sec-redline"));
    c.args([
        "publish",
        "--text",
        &text.display().to_string(),
        "--out",
        &site.display().to_string(),
    ]);
    if let Some(n) = kill {
        c.env("SEC_REDLINE_OUTPUT_KILL_AT", n.to_string());
    }
    c.output().unwrap().status.success()
}

#[test]
fn publish_killed_while_writing_leaves_the_old_site_or_the_new() {
    let (tmp, text) = common::text_copy("text");
    let site = tmp.path().join("site");
    let f = text.join("section-f.md");
    let old_text = std::fs::read_to_string(&f).unwrap();
    let new_text = old_text.replace(
        "title: Smart Metering System Requirements",
        "title: Smart Metering System Requirements (revised)",
    );
    assert_ne!(old_text, new_text);
    std::fs::write(&f, &new_text).unwrap();
    assert!(publish(&text, &site, None));
    let new = snapshot(&site);
    std::fs::write(&f, &old_text).unwrap();
    assert!(publish(&text, &site, None));
    let old = snapshot(&site);
    assert_ne!(old, new);
    std::fs::write(&f, &new_text).unwrap();
    // Steps: one after each file written (the files kept from the old site are linked, not
    // counted), once staged, the swap. A sample of them, the first step at which a run
    // finishes (N + 1, found by bisection), and the last three (the last file, staged, the
    // swap) each followed by a publish that must finish the job.
    let mut killed = 0;
    let mut site_is_old = true;
    let mut killed_at = |n: usize, then_publish: bool| -> bool {
        if !site_is_old {
            std::fs::write(&f, &old_text).unwrap();
            assert!(publish(&text, &site, None));
            std::fs::write(&f, &new_text).unwrap();
        }
        let finished = publish(&text, &site, Some(n));
        let now = snapshot(&site);
        site_is_old = now == old;
        if finished {
            assert_eq!(now, new, "not killed at step {n}: the new site");
            return false;
        }
        killed += 1;
        assert!(
            site_is_old || now == new,
            "killed at step {n}: neither the old site nor the new"
        );
        if then_publish {
            assert!(publish(&text, &site, None));
            assert_eq!(snapshot(&site), new, "killed at step {n}, then published");
            site_is_old = false;
            let left: Vec<String> = std::fs::read_dir(tmp.path())
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with(".site."))
                .collect();
            assert!(left.is_empty(), "killed at step {n}, then published: {left:?}");
        }
        true
    };
    let mut low = 1;
    assert!(killed_at(low, true));
    let mut high = (50..).step_by(50).find(|&n| !killed_at(n, false)).unwrap();
    low = high - 50;
    while high - low > 1 {
        let mid = (low + high) / 2;
        if killed_at(mid, false) { low = mid } else { high = mid }
    }
    // `high` is N + 1: steps N - 2 ..= N are the last file, staged and the swap.
    for n in high - 3..high {
        assert!(killed_at(n, true), "step {n} of {}", high - 1);
    }
    assert!(killed >= 10, "only {killed} steps were tried");
}
