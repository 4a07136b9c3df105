//! Reverse patches: how a document read in the version before, as line edits on how it reads now.
//!
//! The format is a unified diff with no context lines (`diff -U0 NEW OLD`), so a person
//! reads it like any diff and GNU `patch` could apply it; lines keep their own endings
//! (CRLF stays CRLF), and a last line without a newline is marked
//! `\ No newline at end of file`. Applying one checks every line it removes, so a damaged
//! history is reported, never silently turned into wrong text.

use similar::{Algorithm, DiffOp, capture_diff_deadline};
use std::time::{Duration, Instant};

const NO_NEWLINE: &str = "\\ No newline at end of file\n";

/// Lines of `text`, each with its line ending (the last may have none).
fn lines(text: &str) -> Vec<&str> {
    text.split_inclusive('\n').collect()
}

fn push_line(out: &mut String, marker: char, line: &str) {
    out.push(marker);
    out.push_str(line);
    if !line.ends_with('\n') {
        out.push('\n');
        out.push_str(NO_NEWLINE);
    }
}

/// The patch that turns `from` into `to`, with a header naming the file and both versions.
/// Empty when the texts are the same.
pub fn make(file: &str, from: &str, from_version: &str, to: &str, to_version: &str) -> String {
    if from == to {
        return String::new();
    }
    let a = lines(from);
    let b = lines(to);
    // Whether the lines are diffed is decided by the texts (the same history always gives
    // the same patch); a diff too costly, or one past the safety-net deadline, gives one hunk
    // replacing every line, which is as exact.
    let whole = vec![DiffOp::Replace {
        old_index: 0,
        old_len: a.len(),
        new_index: 0,
        new_len: b.len(),
    }];
    let ops = if crate::limits::affordable_within(&a, &b, 10_000_000) {
        let deadline = Instant::now() + Duration::from_secs(60);
        let ops = capture_diff_deadline(Algorithm::Myers, &a, 0..a.len(), &b, 0..b.len(), Some(deadline));
        if Instant::now() > deadline { whole } else { ops }
    } else {
        whole
    };
    let mut out = format!("--- {file}\tversion {from_version}\n+++ {file}\tversion {to_version}\n");
    // Neighbouring deletes and inserts become one hunk.
    let mut hunks: Vec<(std::ops::Range<usize>, std::ops::Range<usize>)> = Vec::new();
    for op in ops {
        let (old, new) = match op {
            DiffOp::Equal { .. } => continue,
            DiffOp::Delete {
                old_index,
                old_len,
                new_index,
            } => (old_index..old_index + old_len, new_index..new_index),
            DiffOp::Insert {
                old_index,
                new_index,
                new_len,
            } => (old_index..old_index, new_index..new_index + new_len),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => (old_index..old_index + old_len, new_index..new_index + new_len),
        };
        match hunks.last_mut() {
            Some((o, n)) if o.end == old.start && n.end == new.start => {
                o.end = old.end;
                n.end = new.end;
            }
            _ => hunks.push((old, new)),
        }
    }
    for (old, new) in hunks {
        // Unified-diff numbering: an empty side names the line before it.
        let start = |r: &std::ops::Range<usize>| if r.is_empty() { r.start } else { r.start + 1 };
        out.push_str(&format!(
            "@@ -{},{} +{},{} @@\n",
            start(&old),
            old.len(),
            start(&new),
            new.len()
        ));
        for line in &a[old] {
            push_line(&mut out, '-', line);
        }
        for line in &b[new] {
            push_line(&mut out, '+', line);
        }
    }
    out
}

/// Applies a patch made by [`make`] to `text` (the `from` side). `Err` says what does not fit.
pub fn apply(text: &str, patch: &str) -> Result<String, String> {
    let current = lines(text);
    let mut out = String::with_capacity(text.len() + patch.len());
    let mut next = 0; // first line of `current` not yet copied
    let plines = lines(patch);
    let mut i = 0;
    // Header lines up to the first hunk.
    while i < plines.len() && !plines[i].starts_with("@@ ") {
        i += 1;
    }
    while i < plines.len() {
        let header = plines[i].trim_end();
        let (old_start, old_len) = hunk_header(header).ok_or_else(|| format!("bad hunk header '{header}'"))?;
        i += 1;
        let first = if old_len == 0 { old_start } else { old_start - 1 };
        if first < next || first > current.len() {
            return Err(format!("hunk '{header}' is out of order or past the end"));
        }
        out.extend(current[next..first].iter().copied());
        next = first;
        let mut removed = 0;
        while i < plines.len() && !plines[i].starts_with("@@ ") {
            let line = plines[i];
            i += 1;
            let no_newline = plines.get(i).is_some_and(|l| *l == NO_NEWLINE);
            if no_newline {
                i += 1;
            }
            let (marker, body) = line.split_at(1.min(line.len()));
            let body = if no_newline {
                body.strip_suffix('\n').unwrap_or(body)
            } else {
                body
            };
            match marker {
                "-" => {
                    if current.get(next) != Some(&body) {
                        return Err(format!(
                            "line {} does not read as the history says it should (hunk '{header}')",
                            next + 1
                        ));
                    }
                    next += 1;
                    removed += 1;
                }
                "+" => out.push_str(body),
                _ => return Err(format!("unexpected line in hunk '{header}': {}", line.trim_end())),
            }
        }
        if removed != old_len {
            return Err(format!("hunk '{header}' removes {removed} line(s), not {old_len}"));
        }
    }
    out.extend(current[next..].iter().copied());
    Ok(out)
}

/// `@@ -12,2 +12,1 @@` → (12, 2).
fn hunk_header(line: &str) -> Option<(usize, usize)> {
    let rest = line.strip_prefix("@@ -")?;
    let old = rest.split(' ').next()?;
    let (start, len) = old.split_once(',').unwrap_or((old, "1"));
    let (start, len) = (start.parse().ok()?, len.parse().ok()?);
    (len == 0 || start > 0).then_some((start, len))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(from: &str, to: &str) {
        let p = make("f.md", from, "2", to, "1");
        assert_eq!(apply(from, &p).as_deref(), Ok(to), "patch:\n{p}");
    }

    #[test]
    fn round_trips_exactly() {
        round_trip("a\nb\nc\n", "a\nB\nc\n");
        round_trip("a\r\nb\r\n", "a\r\nb\r\nc");
        round_trip("a\nb", "a\nb\n");
        round_trip("", "x\n");
        round_trip("x\n", "");
        round_trip("\u{feff}a\nb\nc\nd\n", "\u{feff}b\nc\nX\nY\nd");
        round_trip("1\n2\n3\n4\n5\n", "0\n1\n3\n5\n6\n");
    }

    #[test]
    fn a_damaged_line_is_refused() {
        let p = make("f.md", "a\nb\n", "2", "a\nc\n", "1");
        assert!(apply("a\nx\n", &p).unwrap_err().contains("line 2"));
    }
}
