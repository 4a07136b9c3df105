//! Writers: each turns the amended edition (and later the Annex model) into one kind of file.

pub mod docx;
pub mod html;
mod html_stream;
pub(crate) mod markdown;

use crate::annex::Annex;
use crate::diagnostics::Diagnostics;
use crate::output::OutputFile;
use crate::words::Emphasis;
use std::path::PathBuf;

/// Where to read and write, and how to show the annex.
#[derive(Debug, Clone)]
pub struct Options {
    /// Folder of the Code's Markdown.
    pub text: PathBuf,
    /// Folder the output folders go under.
    pub out: PathBuf,
    pub context: crate::annex::Context,
    /// Tracked changes or static formatting in the DOCX.
    pub redline: docx::Redline,
    /// Folder that may hold `annex.html.tera` to override the built-in template.
    pub templates: Option<PathBuf>,
    /// Keep every leftover the terminology audit finds in `Checked::audit` (for
    /// `--audit-file`); otherwise the first [`crate::limits::AUDIT_LISTED`] of each term. The
    /// annex lists the first [`crate::limits::AUDIT_LISTED`] either way.
    pub audit_all: bool,
    /// Free the Code, the edition and the annex once their files are made (the default).
    /// The command-line tool turns it off: it exits once the files are written, and the
    /// system takes the memory back at once (freeing it piece by piece costs 4–5% of a
    /// dense build's CPU time).
    pub free: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            text: PathBuf::from("sec-text"),
            out: PathBuf::from("output"),
            context: crate::annex::Context::Changed,
            redline: docx::Redline::Tracked,
            templates: Some(PathBuf::from("templates")),
            audit_all: false,
            free: true,
        }
    }
}

/// An annex as the two files every command writes, `STEM.docx` and `STEM.html`: the one
/// render path of `build`, `compare` and `release`, so their redlines cannot differ.
pub(crate) fn annex_files(
    annex: &Annex,
    template: &(String, String),
    redline: docx::Redline,
    stem: &str,
) -> Result<Vec<OutputFile>, Diagnostics> {
    // One after the other, not on two cores at once: the DOCX's `word/document.xml` is
    // held whole while it is written (16.8 MB for a dense build of the Code) and the page
    // is grown in a string of its own (8.4 MB); in turn, the peak holds the larger of the
    // two, not both (a dense build 102.6 → 94 MB; the page is 3% of the CPU time).
    let docx = docx::render(annex, redline);
    let mut html = html::render(annex, template)?;
    html.shrink_to_fit();
    Ok(vec![
        OutputFile {
            path: PathBuf::from(format!("{stem}.docx")),
            bytes: docx,
        },
        OutputFile {
            path: PathBuf::from(format!("{stem}.html")),
            bytes: html.into_bytes(),
        },
    ])
}

/// The HTML elements of a word's emphasis that are set, outermost first: `strong`, `em`,
/// `code`.
fn emphasis_tags(e: Emphasis) -> impl DoubleEndedIterator<Item = &'static str> {
    [(e.bold, "strong"), (e.italic, "em"), (e.code, "code")]
        .into_iter()
        .filter_map(|(set, tag)| set.then_some(tag))
}

/// Opens the HTML of a word's emphasis, outermost first: `<strong><em><code>` (each only
/// where it is set). The annex page, the site's pages and its compare views all use it.
pub(crate) fn open_emphasis(e: Emphasis, out: &mut String) {
    for tag in emphasis_tags(e) {
        out.push('<');
        out.push_str(tag);
        out.push('>');
    }
}

/// Closes what `open_emphasis` opened, innermost first.
pub(crate) fn close_emphasis(e: Emphasis, out: &mut String) {
    for tag in emphasis_tags(e).rev() {
        out.push_str("</");
        out.push_str(tag);
        out.push('>');
    }
}
