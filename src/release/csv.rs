//! A small CSV reader and writer (RFC 4180) for `effects.csv`: fields quoted only when needed.

use crate::diagnostics::{Diagnostic, Diagnostics};
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
    read_numbered(text).into_iter().map(|(_, r)| r).collect()
}

/// The data rows of a CSV file whose first row must be `header` and every row as wide:
/// anything else is an error naming the line.
pub(crate) fn read_checked(path: &Path, text: &str, header: &[&str]) -> Result<Vec<Vec<String>>, Diagnostics> {
    let rows = read_numbered(text);
    let damaged = |what: String| -> Diagnostics {
        Diagnostic::file_error(path, what)
            .help("the history is written by `sec-redline release --apply` and never edited; restore the text folder from your copy")
            .into()
    };
    match rows.first() {
        Some((_, h)) if h.iter().map(String::as_str).eq(header.iter().copied()) => {}
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

/// Each row with the line it starts on.
fn read_numbered(text: &str) -> Vec<(usize, Vec<String>)> {
    let mut rows = Vec::new();
    let mut line = 1;
    let mut start = 1;
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => {
                if c == '\n' {
                    line += 1;
                }
                field.push(c)
            }
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push((start, std::mem::take(&mut row)));
                line += 1;
                start = line;
            }
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push((start, row));
    }
    rows
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
}
