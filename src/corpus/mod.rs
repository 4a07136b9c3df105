//! The Code's text as a model: documents made of units (Part headings, cross-headings,
//! provisions), each with the byte span it was parsed from.
//!
//! Units tile their document exactly: the preamble (front matter and title) and
//! the units' spans, joined in order, give back every byte of the file. That is
//! what lets the consolidated text be written as splices on the source.

pub(crate) mod citation;
mod edition;
mod index;
mod outline;
mod parse;
pub mod reference;
mod unit_id;

pub use edition::{Edition, EditionDoc, EditionUnit, printed, qualified};
pub(crate) use outline::{BlockKind, OutlineEntry, outline, outline_checked};
pub use parse::{control_character, parse_document, read_meta, subparagraphs};
pub use unit_id::{Address, UnitId, UnitRef, WrittenAddress, sub_path};

use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Section or Appendix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DocKind {
    Section,
    Appendix,
}

impl DocKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DocKind::Section => "Section",
            DocKind::Appendix => "Appendix",
        }
    }
}

/// The front matter of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meta {
    pub id: String,
    pub title: String,
    pub kind: DocKind,
    pub version: String,
    /// `amended_by:` modifications made to this version since it was published, in order.
    pub amended_by: Vec<String>,
}

impl Meta {
    /// "Section F", "Appendix Z".
    pub(crate) fn name(&self) -> String {
        format!("{} {}", self.kind.as_str(), self.id)
    }
}

/// What a unit of text is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnitKind {
    /// `## F2 Central Products List`
    Part { number: String, heading: String },
    /// `### Maintaining the list`
    CrossHeading { heading: String },
    /// `**F2.1** The DCC shall ...` with its lists and tables.
    Provision { number: String },
}

impl UnitKind {
    /// The printed number of a Part or provision.
    pub(crate) fn number(&self) -> Option<&str> {
        match self {
            UnitKind::Provision { number } | UnitKind::Part { number, .. } => Some(number),
            UnitKind::CrossHeading { .. } => None,
        }
    }
    /// The number, if this is a provision.
    pub fn provision(&self) -> Option<&str> {
        match self {
            UnitKind::Provision { number } => Some(number),
            _ => None,
        }
    }
}

/// A labelled list item inside a provision: `(b)(ii)` of F2.1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubParagraph {
    /// Labels from the outermost in: `["b", "ii"]`.
    pub path: LabelPath,
    /// Bytes of the item (bullet to end of its nested items), relative to the unit's start.
    pub range: Range<usize>,
}

impl SubParagraph {
    /// `(b)(ii)`
    pub fn address(&self) -> String {
        unit_id::sub_path(&self.path)
    }
}

/// A sub-paragraph's labels from the outermost in, read as a slice (`["b", "ii"]`). The
/// labels are shared with the sub-paragraphs nested inside it (its path is the first `len`
/// of theirs), so a list nested 5,000 deep holds 5,000 labels, not 12.5 million.
#[derive(Clone)]
pub struct LabelPath {
    labels: Arc<[String]>,
    len: usize,
}

impl LabelPath {
    /// The first `len` labels of `labels`.
    pub(crate) fn new(labels: Arc<[String]>, len: usize) -> LabelPath {
        LabelPath {
            len: len.min(labels.len()),
            labels,
        }
    }
}

impl From<Vec<String>> for LabelPath {
    fn from(labels: Vec<String>) -> LabelPath {
        let len = labels.len();
        LabelPath::new(labels.into(), len)
    }
}

impl std::ops::Deref for LabelPath {
    type Target = [String];
    fn deref(&self) -> &[String] {
        &self.labels[..self.len]
    }
}

impl PartialEq for LabelPath {
    fn eq(&self, other: &LabelPath) -> bool {
        **self == **other
    }
}

impl Eq for LabelPath {}

impl PartialEq<Vec<String>> for LabelPath {
    fn eq(&self, other: &Vec<String>) -> bool {
        **self == other[..]
    }
}

impl std::fmt::Debug for LabelPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// One heading or provision of a document, with the bytes it owns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub kind: UnitKind,
    /// The Part the unit is in (its number), if any.
    pub part: Option<String>,
    /// Bytes in the document, from the start of its first line to the start of the next unit.
    pub span: Range<usize>,
    pub subparagraphs: Vec<SubParagraph>,
}

impl Unit {
    pub fn number(&self) -> Option<&str> {
        self.kind.number()
    }
}

/// Line endings a document uses; new text from a change-set is written with the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineEnding {
    Lf,
    CrLf,
}

impl LineEnding {
    /// The style most of `text`'s line breaks have (LF where as many are each). One pass
    /// over the line feeds (memchr), each asked whether a carriage return is before it.
    pub(crate) fn of(text: &str) -> LineEnding {
        let bytes = text.as_bytes();
        let (mut crlf, mut lf) = (0usize, 0usize);
        for i in memchr::memchr_iter(b'\n', bytes) {
            if i > 0 && bytes[i - 1] == b'\r' {
                crlf += 1;
            } else {
                lf += 1;
            }
        }
        if crlf > lf { LineEnding::CrLf } else { LineEnding::Lf }
    }
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            LineEnding::Lf => "\n",
            LineEnding::CrLf => "\r\n",
        }
    }
    /// `text` (with `\n` line endings) in this line-ending style.
    pub fn apply(self, text: &str) -> String {
        let lf = text.replace("\r\n", "\n");
        match self {
            LineEnding::Lf => lf,
            LineEnding::CrLf => lf.replace('\n', "\r\n"),
        }
    }
}

/// One Section or Appendix, parsed.
#[derive(Debug, Clone)]
///
/// Its text and units are shared, not copied, when it is cloned: the versions of the Code
/// rebuilt from the history share every document a release did not change.
pub struct Document {
    pub meta: Meta,
    pub file: Arc<SourceFile>,
    /// The file's name in the text folder; the consolidated file keeps it.
    pub file_name: String,
    /// Bytes before the first unit: BOM, front matter, title heading.
    pub preamble: Range<usize>,
    pub units: Arc<[Unit]>,
    pub line_ending: LineEnding,
}

impl Document {
    pub fn text(&self) -> &str {
        &self.file.text
    }
    pub fn unit_text(&self, index: usize) -> &str {
        &self.file.text[self.units[index].span.clone()]
    }
}

/// Every document of the Code in the text folder.
#[derive(Debug, Clone)]
pub struct Corpus {
    pub dir: PathBuf,
    pub documents: Vec<Document>,
}

impl Corpus {
    /// Reads and parses every `*.md` file of `dir`, in file-name order.
    pub fn load(dir: &Path) -> Result<Corpus, Diagnostics> {
        let entries = std::fs::read_dir(dir).map_err(|e| {
            let what = if e.kind() == std::io::ErrorKind::NotFound {
                "the text folder does not exist".to_string()
            } else {
                format!("cannot read the text folder: {e}")
            };
            Diagnostic::file_error(dir, what)
                .help("run from the project folder, or name the folder of the Code's Markdown with --text DIR")
        })?;
        let mut paths: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "md") && p.is_file())
            .collect();
        paths.sort();
        if paths.is_empty() {
            return Err(Diagnostic::file_error(dir, "the text folder holds no .md documents")
                .help("each Section or Appendix of the Code is one .md file in this folder")
                .into());
        }
        // Documents are independent: parse them on every core, then merge in file order.
        let parsed: Vec<Result<Document, Diagnostics>> =
            crate::parallel::in_parallel(&paths, |p| parse_document(SourceFile::read(p)?));
        Corpus::from_parsed(dir, parsed)
    }

    /// A corpus from documents already in memory (an earlier version rebuilt from the
    /// history, or the text a release's earlier modifications left), in the given order.
    pub(crate) fn from_files(dir: &Path, files: Vec<SourceFile>) -> Result<Corpus, Diagnostics> {
        let parsed = crate::parallel::in_parallel(&files, |f| parse_document(f.clone()));
        Corpus::from_parsed(dir, parsed)
    }

    fn from_parsed(dir: &Path, parsed: Vec<Result<Document, Diagnostics>>) -> Result<Corpus, Diagnostics> {
        let mut diagnostics = Diagnostics::default();
        let mut documents: Vec<Document> = Vec::new();
        for result in parsed {
            match result {
                Ok(doc) => {
                    // (Documents are few: a scan is cheaper than an index here.)
                    if let Some(other) = documents.iter().find(|d| d.meta.id == doc.meta.id) {
                        diagnostics.push(
                            Diagnostic::at_offset(
                                &doc.file,
                                0,
                                3,
                                format!("document id '{}' is also used by {}", doc.meta.id, other.file_name),
                            )
                            .help("give each document its own `document:` id"),
                        );
                    } else {
                        documents.push(doc);
                    }
                }
                Err(ds) => diagnostics.extend(ds),
            }
        }
        if diagnostics.has_errors() {
            return Err(diagnostics);
        }
        // The Code's order: Sections, then Appendices, each by id.
        documents.sort_by(|a, b| (a.meta.kind, &a.meta.id).cmp(&(b.meta.kind, &b.meta.id)));
        Ok(Corpus {
            dir: dir.to_path_buf(),
            documents,
        })
    }

    pub(crate) fn document(&self, id: &str) -> Option<&Document> {
        self.documents.iter().find(|d| d.meta.id == id)
    }
}
