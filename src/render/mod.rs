//! Writers: each turns the amended edition (and later the Annex model) into one kind of file.

pub mod docx;
pub mod html;
mod html_stream;
pub mod markdown;

use crate::annex::Annex;
use crate::diagnostics::Diagnostics;
use crate::output::OutputFile;
use std::path::PathBuf;

/// An annex as the two files every command writes, `STEM.docx` and `STEM.html`: the one
/// render path of `build`, `compare` and `release`, so their redlines cannot differ.
pub fn annex_files(
    annex: &Annex,
    template: &(String, String),
    redline: docx::Redline,
    stem: &str,
) -> Result<Vec<OutputFile>, Diagnostics> {
    let html = html::render(annex, template)?;
    Ok(vec![
        OutputFile {
            path: PathBuf::from(format!("{stem}.docx")),
            bytes: docx::render(annex, redline),
        },
        OutputFile {
            path: PathBuf::from(format!("{stem}.html")),
            bytes: html.into_bytes(),
        },
    ])
}
