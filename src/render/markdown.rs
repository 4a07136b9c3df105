//! The clean consolidated text: each changed document as it reads after the modification.
//!
//! Written from the edition's units, which are the source bytes with the changes
//! spliced in, so every untouched byte (BOM, CRLF, odd spacing) is kept.

use crate::corpus::Edition;

/// `(file name, text)` for every document the modification changes, in corpus order.
pub fn consolidated(edition: &Edition) -> Vec<(String, String)> {
    (0..edition.docs.len())
        .filter(|&d| edition.is_changed(d))
        .map(|d| (edition.document(d).file_name.clone(), edition.document_text(d)))
        .collect()
}
