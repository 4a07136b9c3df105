//! Any Markdown the Code's format takes: the words the redline shows (`flatten`, built on the
//! one CommonMark reading) are the words pandoc reads in the same Markdown. pandoc runs on a
//! sample of inputs (one in 16, chosen by content), so the fuzzer stays fast.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sec_redline::redline::{Piece, Segment, flatten};
use std::io::Write;
use std::process::{Command, Stdio};

#[path = "../../tests/common/pandoc_ast.rs"]
mod pandoc_ast;
use pandoc_ast::words;

fn ours(text: &str) -> String {
    let mut out = String::new();
    let pieces = |ps: &[Piece], out: &mut String| {
        for p in ps {
            match p {
                Piece::Boundary { label, .. } => {
                    out.push(' ');
                    if let Some(l) = label {
                        out.push_str(l);
                        out.push(' ');
                    }
                }
                Piece::Word { text, .. } => out.push_str(text),
                Piece::Space => out.push(' '),
            }
        }
    };
    for s in flatten(text) {
        match s {
            Segment::Text(ps) => pieces(&ps, &mut out),
            Segment::Table(t) => {
                for cell in t.rows.iter().flatten() {
                    out.push(' ');
                    pieces(cell, &mut out);
                }
            }
        }
        out.push(' ');
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn pandoc(text: &str) -> Option<String> {
    // The Code's format: CommonMark with pipe tables (GFM's other extensions, such as
    // emoji shortcodes and bare-URL links, are not part of it).
    // pandoc's pipe_tables also changes how it reads lines that merely start with `|` (a
    // list item after one is read as a new list, where CommonMark's reference reads paragraph
    // text), so it is used only where the text has a table's delimiter row.
    let has_table = text.lines().any(|l| {
        let t = l.trim();
        t.contains('|') && t.contains('-') && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
    });
    let from = if has_table { "commonmark+pipe_tables" } else { "commonmark" };
    let mut child = Command::new("pandoc")
        .args(["-f", from, "-t", "json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    child.stdin.take()?.write_all(text.as_bytes()).ok()?;
    let out = child.wait_with_output().ok()?;
    let ast: serde_json::Value = serde_json::from_slice(&out.stdout).ok()?;
    let mut s = String::new();
    words(&ast["blocks"], &mut s);
    Some(s.split_whitespace().collect::<Vec<_>>().join(" "))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if text.len() > 2000 || data.iter().map(|&b| b as u32).sum::<u32>() % 16 != 0 {
        let _ = flatten(text);
        return;
    }
    // Constructs the format refuses (HTML, quotes, code blocks, …) never reach the redline.
    let reading = sec_redline::words::read(text);
    // (Control characters are refused by the Code's parser before any reading.)
    // (A provision number joined to its text is refused by the parser too.)
    let glued = text.lines().any(|l| {
        sec_redline::words::bold_number(l).is_some_and(|(_, _, close)| l[close..].starts_with(|c: char| !c.is_whitespace()))
    });
    if glued || !reading.unsupported.is_empty() || text.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\t')) {
        return;
    }
    if let Some(theirs) = pandoc(text) {
        assert_eq!(ours(text), theirs, "words of {text:?}");
    }
});
