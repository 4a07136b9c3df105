//! Reverse patches: how a document read in the version before, as line edits on how it reads now.
//!
//! The format is a unified diff with no context lines (`diff -U0 NEW OLD`), so a person
//! reads it like any diff and, for text with ordinary lines, GNU `patch` could apply it.
//! Lines keep their own endings (CRLF stays CRLF); a last line without a newline is marked
//! `\ No newline at end of file`. A line longer than [`PIECE`] bytes is cut into pieces
//! at word boundaries chosen by the words themselves (so an edit in a long line stores the
//! pieces around it, not the whole line); a piece that does not end its line is marked
//! `\ The line goes on`. Applying a patch checks every line it removes, and the history
//! checks the result against its digest, so a damaged history is reported, never turned
//! into wrong text.
//!
//! Lines are compared with imara-diff's histogram diff, which stays close to linear on the
//! inputs a release makes (a terminology change across a 50 MB document included), so
//! what a patch stores is decided by the texts alone: the same history always gives the
//! same patch files.

use imara_diff::{Algorithm, Diff, InternedInput};

const NO_NEWLINE: &str = "\\ No newline at end of file\n";
const GOES_ON: &str = "\\ The line goes on\n";

/// A piece of a long line is at least this long before it may be cut.
pub(crate) const PIECE: usize = 512;
/// ... and is cut at the latest here (at a character boundary), whatever its words.
const MAX_PIECE: usize = 16 * 1024;

/// The pieces of `text`, each with its line ending (a piece inside a long line has none).
/// Lines up to [`PIECE`] bytes are one piece each.
pub(crate) fn pieces(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for line in text.split_inclusive('\n') {
        if line.len() <= PIECE {
            out.push(line);
            continue;
        }
        let bytes = line.as_bytes();
        let mut start = 0;
        let mut word_hash: u32 = 0x811c_9dc5;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            i += 1;
            let long = i - start >= MAX_PIECE && line.is_char_boundary(i);
            if b == b' ' {
                // A cut after the space that ends a word whose hash says so: the same words
                // give the same cuts wherever they stand in the line.
                let cut = i - start >= PIECE && word_hash.is_multiple_of(64);
                word_hash = 0x811c_9dc5;
                if (cut || long) && i < bytes.len() {
                    out.push(&line[start..i]);
                    start = i;
                }
            } else {
                word_hash = (word_hash ^ u32::from(b)).wrapping_mul(0x0100_0193);
                if long && i < bytes.len() {
                    out.push(&line[start..i]);
                    start = i;
                }
            }
        }
        if start < line.len() {
            out.push(&line[start..]);
        }
    }
    out
}

fn push_piece(out: &mut String, marker: char, piece: &str, last: bool) {
    out.push(marker);
    out.push_str(piece);
    if !piece.ends_with('\n') {
        out.push('\n');
        out.push_str(if last { NO_NEWLINE } else { GOES_ON });
    }
}

/// The patch that turns `from` into `to`, with a header naming the file and both versions.
/// Empty when the texts are the same.
pub(crate) fn make(file: &str, from: &str, from_version: &str, to: &str, to_version: &str) -> String {
    if from == to {
        return String::new();
    }
    let a = pieces(from);
    let b = pieces(to);
    let input = InternedInput::new(Pieces(&a), Pieces(&b));
    let mut diff = Diff::compute(Algorithm::Histogram, &input);
    diff.postprocess_lines(&input);
    let mut out = format!("--- {file}\tversion {from_version}\n+++ {file}\tversion {to_version}\n");
    for hunk in diff.hunks() {
        let old = hunk.before.start as usize..hunk.before.end as usize;
        let new = hunk.after.start as usize..hunk.after.end as usize;
        // Unified-diff numbering: an empty side names the line before it.
        let start = |r: &std::ops::Range<usize>| if r.is_empty() { r.start } else { r.start + 1 };
        out.push_str(&format!(
            "@@ -{},{} +{},{} @@\n",
            start(&old),
            old.len(),
            start(&new),
            new.len()
        ));
        for i in old {
            push_piece(&mut out, '-', a[i], i + 1 == a.len());
        }
        for i in new {
            push_piece(&mut out, '+', b[i], i + 1 == b.len());
        }
    }
    out
}

/// The pieces of a text as imara-diff's tokens.
struct Pieces<'s, 'a>(&'s [&'a str]);

impl<'s, 'a> imara_diff::TokenSource for Pieces<'s, 'a> {
    type Token = &'a str;
    type Tokenizer = std::iter::Copied<std::slice::Iter<'s, &'a str>>;
    fn tokenize(&self) -> Self::Tokenizer {
        self.0.iter().copied()
    }
    fn estimate_tokens(&self) -> u32 {
        u32::try_from(self.0.len()).unwrap_or(u32::MAX)
    }
}

/// Applies a patch made by [`make`] to the pieces of a text (its `from` side), giving the
/// pieces of the other side. Pieces are borrowed from the text and the patch, so applying
/// several patches in turn copies no text. `Err` says what does not fit.
pub(crate) fn apply_pieces<'a>(current: &[&'a str], patch: &'a str) -> Result<Vec<&'a str>, String> {
    let mut out: Vec<&'a str> = Vec::with_capacity(current.len() + 16);
    let mut next = 0; // first piece of `current` not yet copied
    let plines: Vec<&'a str> = patch.split_inclusive('\n').collect();
    let mut i = 0;
    // Header lines up to the first hunk.
    while i < plines.len() && !plines[i].starts_with("@@ ") {
        if !(plines[i].starts_with("--- ") || plines[i].starts_with("+++ ")) {
            return Err(format!(
                "unexpected line before the first hunk: {}",
                plines[i].trim_end()
            ));
        }
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
        out.extend_from_slice(&current[next..first]);
        next = first;
        let mut removed = 0;
        while i < plines.len() && !plines[i].starts_with("@@ ") {
            let line = plines[i];
            i += 1;
            if !line.ends_with('\n') {
                return Err(format!("the patch is cut short in hunk '{header}'"));
            }
            let unended = plines.get(i).is_some_and(|l| *l == NO_NEWLINE || *l == GOES_ON);
            if unended {
                i += 1;
            }
            let (marker, body) = line.split_at(1);
            let body = if unended { &body[..body.len() - 1] } else { body };
            match marker {
                "-" => {
                    if current.get(next) != Some(&body) {
                        return Err(format!(
                            "piece {} does not read as the patch says it should (hunk '{header}')",
                            next + 1
                        ));
                    }
                    next += 1;
                    removed += 1;
                }
                "+" => out.push(body),
                _ => return Err(format!("unexpected line in hunk '{header}': {}", line.trim_end())),
            }
        }
        if removed != old_len {
            return Err(format!("hunk '{header}' removes {removed} line(s), not {old_len}"));
        }
    }
    out.extend_from_slice(&current[next..]);
    Ok(out)
}

/// Applies a patch made by [`make`] to `text` (the `from` side). `Err` says what does not fit.
pub fn apply(text: &str, patch: &str) -> Result<String, String> {
    Ok(apply_pieces(&pieces(text), patch)?.concat())
}

/// `@@ -12,2 +12,1 @@` → (12, 2).
fn hunk_header(line: &str) -> Option<(usize, usize)> {
    let rest = line.strip_prefix("@@ -")?;
    let old = rest.split(' ').next()?;
    let (start, len) = old.split_once(',').unwrap_or((old, "1"));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(start) || !digits(len) {
        return None;
    }
    let (start, len) = (start.parse().ok()?, len.parse().ok()?);
    (len == 0 || start > 0).then_some((start, len))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(from: &str, to: &str) -> String {
        let p = make("f.md", from, "2", to, "1");
        assert_eq!(apply(from, &p).as_deref(), Ok(to), "patch:\n{p}");
        p
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
    fn an_ordinary_patch_is_what_diff_writes() {
        // Written by hand from `diff -U0 new old` of the same two texts.
        assert_eq!(
            round_trip("a\nb\nc\n", "a\nB\nc\n"),
            "--- f.md\tversion 2\n+++ f.md\tversion 1\n@@ -2,1 +2,1 @@\n-b\n+B\n"
        );
    }

    #[test]
    fn a_word_changed_in_a_huge_line_stores_pieces_not_the_line() {
        let words: Vec<String> = (0..200_000).map(|i| format!("word{i}")).collect();
        let line = words.join(" ");
        let changed = line.replacen("word100000 ", "renewal ", 1);
        let p = round_trip(&line, &changed);
        assert!(p.len() < 20 * PIECE, "{} bytes for a {}-byte line", p.len(), line.len());
        // Cuts are chosen by the words: an insertion near the start does not move the later cuts.
        let shifted = format!("new words here {line}");
        let p = round_trip(&line, &shifted);
        assert!(p.len() < 20 * PIECE, "{} bytes", p.len());
        assert!(pieces(&line).concat() == line && pieces(&line).iter().all(|p| p.len() <= MAX_PIECE));
    }

    #[test]
    fn multibyte_text_is_cut_at_character_boundaries() {
        let line = "é".repeat(40_000);
        let ps = pieces(&line);
        assert!(ps.len() > 1 && ps.concat() == line);
        round_trip(&line, &format!("{line}x"));
    }

    #[test]
    fn a_damaged_patch_is_refused() {
        let p = make("f.md", "a\nb\n", "2", "a\nc\n", "1");
        assert!(apply("a\nx\n", &p).unwrap_err().contains("piece 2"));
        assert!(apply("a\nb\n", &p[..p.len() - 1]).is_err(), "cut mid-line");
        assert!(apply("a\nb\n", &p.replace("@@ -2,1", "@@ -+2,1")).is_err());
    }
}
