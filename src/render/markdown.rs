//! The clean consolidated text: each changed document as it reads after the modification.
//!
//! Written from the edition's units, which are the source bytes with the changes
//! spliced in, so every untouched byte (BOM, CRLF, odd spacing) is kept. The one addition
//! is the front matter's `amended_by:` line, which records the modification.

use crate::corpus::Edition;

/// `(file name, text)` for every document the modification changes, in corpus order; its
/// front matter records `modification` in `amended_by:` (when given).
pub fn consolidated(edition: &Edition, modification: Option<&str>) -> Vec<(String, String)> {
    (0..edition.docs.len())
        .filter(|&d| edition.is_changed(d))
        .map(|d| {
            let text = edition.document_text(d);
            let text = match modification {
                Some(m) => record_amendment(&text, m),
                None => text,
            };
            (edition.document(d).file_name.clone(), text)
        })
        .collect()
}

/// Adds `modification` to the front matter's `amended_by:` list (a flow list `[A, B]` or a
/// single id; the line is added before the closing `---` when there is none), in the file's
/// own line ending. Every other byte is kept.
pub fn record_amendment(text: &str, modification: &str) -> String {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    // Lines of the front matter: from after the opening `---` to the closing one.
    let mut lines = Vec::new();
    let mut pos = bom;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
        lines.push(pos..end);
        if lines.len() > 1 && matches!(text[pos..end].trim_end(), "---" | "...") {
            break;
        }
        pos = end;
    }
    let Some(close) = lines.last().filter(|_| lines.len() > 1).cloned() else {
        return text.to_string();
    };
    let existing = lines[1..lines.len() - 1]
        .iter()
        .find(|r| text[r.start..r.end].starts_with("amended_by:"))
        .cloned();
    match existing {
        Some(r) => {
            let line = text[r.start..r.end].trim_end();
            let value = line["amended_by:".len()..].trim();
            let mut ids: Vec<String> = value
                .trim_start_matches('[')
                .trim_end_matches(']')
                .split(',')
                .map(|s| s.trim().trim_matches(['"', '\'']).to_string())
                .filter(|s| !s.is_empty())
                .collect();
            if ids.iter().any(|i| i == modification) {
                return text.to_string();
            }
            ids.push(modification.to_string());
            format!(
                "{}amended_by: [{}]{eol}{}",
                &text[..r.start],
                ids.join(", "),
                &text[r.end..]
            )
        }
        None => format!(
            "{}amended_by: [{modification}]{eol}{}",
            &text[..close.start],
            &text[close.start..]
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::record_amendment;

    #[test]
    fn amended_by_is_added_or_extended_in_the_files_line_endings() {
        assert_eq!(
            record_amendment("---\nversion: \"1.0\"\n---\n# T\n", "MP209"),
            "---\nversion: \"1.0\"\namended_by: [MP209]\n---\n# T\n"
        );
        assert_eq!(
            record_amendment("---\r\namended_by: [MP1]\r\n---\r\n", "MP209"),
            "---\r\namended_by: [MP1, MP209]\r\n---\r\n"
        );
        assert_eq!(
            record_amendment("---\namended_by: MP209\n---\n", "MP209"),
            "---\namended_by: MP209\n---\n"
        );
    }
}
