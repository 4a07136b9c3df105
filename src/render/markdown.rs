//! The clean consolidated text: each changed document as it reads after the modification.
//!
//! Written from the edition's units, which are the source bytes with the changes
//! spliced in, so every untouched byte (BOM, CRLF, odd spacing) is kept. The one addition
//! is the front matter's `amended_by:` line, which records the modification.

use crate::corpus::Edition;

/// `(file name, text)` for every document the modification changes, in corpus order; its
/// front matter records `modification` in `amended_by:` (when given).
pub(crate) fn consolidated(edition: &Edition, modification: Option<&str>) -> Vec<(String, String)> {
    (0..edition.docs.len())
        .filter(|&d| edition.is_changed(d))
        .map(|d| {
            // `amended_by:` is in the front matter, so in the preamble: it is recorded there,
            // and the document is written once, not copied again to edit its first lines.
            let base = edition.document(d);
            let text = match modification {
                Some(m) => edition.document_text_after(d, &record_amendment(&base.text()[base.preamble.clone()], m)),
                None => edition.document_text(d),
            };
            (base.file_name.clone(), text)
        })
        .collect()
}

/// Adds `modification` to the front matter's `amended_by:` list (a flow list `[A, B]`, a
/// block list or a single id; the line is added before the closing `---` when there is
/// none), by the one front-matter editor: every other byte is kept.
pub(crate) fn record_amendment(text: &str, modification: &str) -> String {
    crate::yaml::front_matter::push(text, "amended_by", modification).unwrap_or_else(|| text.to_string())
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
