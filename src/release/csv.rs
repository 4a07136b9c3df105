//! A small CSV reader and writer (RFC 4180) for `effects.csv`: fields quoted only when needed.

use crate::diagnostics::{Diagnostic, Diagnostics};
use std::borrow::Cow;
use std::path::Path;

/// Rows as CSV text, each line ending in `\n`.
pub(crate) fn write(rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    for row in rows {
        let fields: Vec<String> = row
            .iter()
            .map(|f| {
                if f.contains([',', '"', '\n', '\r']) {
                    format!("\"{}\"", f.replace('"', "\"\""))
                } else {
                    f.clone()
                }
            })
            .collect();
        out.push_str(&fields.join(","));
        out.push('\n');
    }
    out
}

/// The rows of CSV text (quoted fields may hold commas, quotes and line breaks).
#[cfg(test)]
fn read(text: &str) -> Vec<Vec<String>> {
    read_numbered(text)
        .into_iter()
        .map(|(_, r)| r.into_iter().map(Cow::into_owned).collect())
        .collect()
}

/// The data rows of a CSV file whose first row must be `header` and every row as wide:
/// anything else is an error naming the line. A field written plainly (no quote, no `\r`)
/// is borrowed from `text`.
pub(crate) fn read_checked<'t>(
    path: &Path,
    text: &'t str,
    header: &[&str],
) -> Result<Vec<Vec<Cow<'t, str>>>, Diagnostics> {
    let rows = read_numbered(text);
    let damaged = |what: String| -> Diagnostics {
        Diagnostic::file_error(path, what)
            .help("the history is written by `sec-redline release --apply` and never edited; restore the text folder from your copy")
            .into()
    };
    match rows.first() {
        Some((_, h)) if h.iter().map(|f| f.as_ref()).eq(header.iter().copied()) => {}
        _ => return Err(damaged(format!("line 1 is not the header `{}`", header.join(",")))),
    }
    if !text.ends_with('\n') {
        return Err(damaged(
            "the file is cut short: its last line has no line ending".to_string(),
        ));
    }
    let mut out = Vec::with_capacity(rows.len());
    for (line, row) in rows.into_iter().skip(1) {
        if row.len() != header.len() {
            return Err(damaged(format!(
                "line {line} has {} field(s), not {}",
                row.len(),
                header.len()
            )));
        }
        out.push(row);
    }
    Ok(out)
}

/// Each row with the line it starts on. A field with no quote and no `\r` in it (every
/// field this tool writes but a quoted one) is borrowed; any other is read character by
/// character (`quoted_field`).
fn read_numbered(text: &str) -> Vec<(usize, Vec<Cow<'_, str>>)> {
    let bytes = text.as_bytes();
    let mut rows = Vec::new();
    let mut line = 1;
    let mut start = 1;
    let mut row = Vec::new();
    let mut at = 0;
    while at < text.len() {
        let plain_end = bytes[at..]
            .iter()
            .position(|b| matches!(b, b',' | b'\n' | b'"' | b'\r'))
            .map_or(text.len(), |i| at + i);
        let (field, end) = match bytes.get(plain_end) {
            None | Some(b',' | b'\n') => (Cow::Borrowed(&text[at..plain_end]), plain_end),
            Some(_) => {
                let (field, len, lines) = quoted_field(&text[at..]);
                line += lines;
                (Cow::Owned(field), at + len)
            }
        };
        match bytes.get(end) {
            None => {
                if !field.is_empty() || !row.is_empty() {
                    row.push(field);
                    rows.push((start, std::mem::take(&mut row)));
                }
            }
            Some(b'\n') => {
                row.push(field);
                rows.push((start, std::mem::take(&mut row)));
                line += 1;
                start = line;
            }
            Some(_) => row.push(field),
        }
        at = end + 1;
    }
    // The text ended just after a comma: the row's last field is empty.
    if !row.is_empty() {
        row.push(Cow::Borrowed(""));
        rows.push((start, row));
    }
    rows
}

/// One field read from its start (RFC 4180: a quote opens a quoted part where the field is
/// still empty, `""` in it is a quote; a `\r` outside quotes is dropped): the field, the
/// bytes up to the comma or line break that ends it (or the end of the text), and the line
/// breaks inside its quotes.
fn quoted_field(text: &str) -> (String, usize, usize) {
    let mut field = String::new();
    let mut quoted = false;
    let mut lines = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek().is_some_and(|(_, n)| *n == '"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => {
                if c == '\n' {
                    lines += 1;
                }
                field.push(c)
            }
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',' | '\n') => return (field, i, lines),
            (false, '\r') => {}
            (false, c) => field.push(c),
        }
    }
    (field, text.len(), lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let rows = vec![
            vec!["a".to_string(), "b, c".to_string()],
            vec!["say \"x\"".to_string(), String::new()],
        ];
        let text = write(&rows);
        assert_eq!(text, "a,\"b, c\"\n\"say \"\"x\"\"\",\n");
        assert_eq!(read(&text), rows);
    }

    #[test]
    fn reads_every_form_rfc_4180_allows() {
        // Hand-written: what each line means by RFC 4180 (and a `\r` outside quotes dropped).
        let text = "a,\"b,\"\"c\"\"\",d\r\n\"two\nlines\",x\"y,\"\"\ne,\n,\n\"open";
        let want: Vec<Vec<String>> = [
            &["a", "b,\"c\"", "d"][..],
            &["two\nlines", "x\"y", ""],
            &["e", ""],
            &["", ""],
            &["open"],
        ]
        .iter()
        .map(|r| r.iter().map(|f| f.to_string()).collect())
        .collect();
        assert_eq!(read(text), want);
        let lines: Vec<usize> = read_numbered(text).iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, [1, 2, 4, 5, 6]);
        // A plain field is borrowed, not copied.
        let rows = read_numbered("p,q\n");
        assert!(rows[0].1.iter().all(|f| matches!(f, Cow::Borrowed(_))));
        assert_eq!(read("x,"), [vec!["x".to_string(), String::new()]]);
        assert!(read("").is_empty());
    }
}
