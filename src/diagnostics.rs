//! One error type for every input problem: file, line, column, what is wrong, what to do.
//!
//! Library code collects [`Diagnostic`]s; only `main` decides how to print them
//! and which exit code to use. A diagnostic renders the way rustc's do: a header,
//! the offending source line with a caret under the span, and a help line.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a diagnostic is. Errors stop a build; warnings are reported and the build goes on;
/// a note says what the tool did about an error (e.g. skipped a broken change).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Note,
    Warning,
    Error,
}

/// A position in an input file, 1-based, column counted in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// One problem found in the input, located in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: PathBuf,
    /// `None` where the problem is with the file as a whole (missing, unreadable).
    pub position: Option<Position>,
    /// How many characters the caret covers (at least 1 when shown).
    pub width: usize,
    /// The source line the problem is on, shown under the header.
    pub source_line: Option<String>,
    pub message: String,
    pub help: Option<String>,
    /// Set on the note that says a file or folder was written before the error: then the
    /// summary must not say "nothing was written".
    pub wrote: Option<PathBuf>,
}

impl Diagnostic {
    /// A problem with a whole file (it is missing, unreadable, empty).
    pub fn file_error(file: &Path, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.to_path_buf(),
            position: None,
            width: 0,
            source_line: None,
            message: message.into(),
            help: None,
            wrote: None,
        }
    }

    /// A problem at a byte offset of a file's text; `len` bytes are underlined.
    pub(crate) fn at_offset(file: &SourceFile, offset: usize, len: usize, message: impl Into<String>) -> Self {
        let (position, line_text) = file.locate(offset);
        let end = (offset + len.max(1)).min(file.text.len());
        let width = file
            .text
            .get(offset.min(end)..end)
            .map(|s| s.split(['\n', '\r']).next().unwrap_or("").chars().count())
            .unwrap_or(1)
            .max(1);
        Diagnostic {
            severity: Severity::Error,
            file: file.path.clone(),
            position: Some(position),
            width,
            source_line: Some(line_text.to_string()),
            message: message.into(),
            help: None,
            wrote: None,
        }
    }

    /// A problem at a known line and column (1-based) of a file's text.
    pub(crate) fn at_position(file: &SourceFile, position: Position, width: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.path.clone(),
            position: Some(position),
            width: width.max(1),
            source_line: file.line(position.line).map(str::to_string),
            message: message.into(),
            help: None,
            wrote: None,
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub(crate) fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    pub(crate) fn note(mut self) -> Self {
        self.severity = Severity::Note;
        self
    }

    pub(crate) fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// A note that `path` was written before the problems were found.
    pub(crate) fn wrote(path: &Path) -> Self {
        let mut d = Diagnostic::file_error(path, "this was written before the problem was found").note();
        d.wrote = Some(path.to_path_buf());
        d
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        };
        match self.position {
            Some(p) => writeln!(
                f,
                "{}:{}:{}: {kind}: {}",
                self.file.display(),
                p.line,
                p.column,
                self.message
            )?,
            None => writeln!(f, "{}: {kind}: {}", self.file.display(), self.message)?,
        }
        if let (Some(p), Some(line)) = (self.position, &self.source_line) {
            let number = p.line.to_string();
            let pad = " ".repeat(number.len());
            // Tabs would misalign the caret; show them as one space each.
            let shown: String = line.chars().map(|c| if c == '\t' { ' ' } else { c }).collect();
            writeln!(f, "{pad} |")?;
            writeln!(f, "{number} | {shown}")?;
            let caret_pad = " ".repeat(p.column.saturating_sub(1));
            writeln!(f, "{pad} | {caret_pad}{}", "^".repeat(self.width.max(1)))?;
        }
        if let Some(help) = &self.help {
            writeln!(f, "  = help: {help}")?;
        }
        Ok(())
    }
}

/// Every problem a run found, in the order found. Empty means all is well.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub(crate) fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }
    pub(crate) fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }
    pub(crate) fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn errors(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }
    /// What was written before the problems were found (usually nothing).
    pub fn written(&self) -> Vec<&Path> {
        self.0.iter().filter_map(|d| d.wrote.as_deref()).collect()
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

/// The largest input file read: a document of the Code or a change-set is far smaller.
pub(crate) const MAX_FILE_BYTES: u64 = 64 << 20;

/// A text file read into memory, with what is needed to point into it.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
    /// Byte offset of the start of each line.
    line_starts: Vec<usize>,
}

impl SourceFile {
    pub fn new(path: impl Into<PathBuf>, text: String) -> Self {
        // A line ends at LF, at CRLF, or at a lone CR (old Mac files): a file saved with CR
        // alone would otherwise be one long "line 1".
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        line_starts.extend(
            bytes
                .iter()
                .enumerate()
                .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
                .map(|(i, _)| i + 1),
        );
        SourceFile {
            path: path.into(),
            text,
            line_starts,
        }
    }

    /// Reads a file as UTF-8; a read failure or invalid UTF-8 is a located diagnostic.
    pub fn read(path: &Path) -> Result<SourceFile, Diagnostics> {
        if let Ok(meta) = std::fs::metadata(path)
            && meta.is_file()
            && meta.len() > MAX_FILE_BYTES
        {
            return Err(Diagnostic::file_error(
                path,
                format!("the file is {} MB; the limit is {} MB", meta.len() >> 20, MAX_FILE_BYTES >> 20),
            )
            .help("the whole Code is about 10 MB of text: check that this is the file you meant (one document, or one change-set)")
            .into());
        }
        let bytes = std::fs::read(path).map_err(|e| {
            let what = match e.kind() {
                std::io::ErrorKind::NotFound => "file not found".to_string(),
                std::io::ErrorKind::IsADirectory => "is a folder, not a file".to_string(),
                _ => format!("cannot read: {e}"),
            };
            Diagnostic::file_error(path, what)
                .help("check the path; it is relative to the folder you run the command in")
        })?;
        match String::from_utf8(bytes) {
            Ok(text) => Ok(SourceFile::new(path, text)),
            Err(e) => {
                let offset = e.utf8_error().valid_up_to();
                let bytes = e.into_bytes();
                let valid = String::from_utf8_lossy(&bytes[..offset]).into_owned();
                let file = SourceFile::new(path, valid);
                let mut d = Diagnostic::at_offset(
                    &file,
                    offset,
                    1,
                    format!(
                        "the file is not valid UTF-8 (byte offset {offset}, value 0x{:02X})",
                        bytes[offset]
                    ),
                );
                d.width = 1;
                Err(d
                    .help("save the file as UTF-8 (in Word or a text editor: Save As, encoding UTF-8)")
                    .into())
            }
        }
    }

    /// Line and column (1-based, column in characters) of a byte offset, with the line's text.
    pub(crate) fn locate(&self, offset: usize) -> (Position, &str) {
        let offset = offset.min(self.text.len());
        let line_index = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line_index];
        let mut char_start = offset;
        while !self.text.is_char_boundary(char_start) {
            char_start -= 1;
        }
        let column = self.text[start..char_start].chars().count() + 1;
        let text = self.line(line_index + 1).unwrap_or("");
        (
            Position {
                line: line_index + 1,
                column,
            },
            text,
        )
    }

    /// The text of a 1-based line, without its line ending.
    pub(crate) fn line(&self, line: usize) -> Option<&str> {
        let start = *self.line_starts.get(line.checked_sub(1)?)?;
        let end = self.line_starts.get(line).copied().unwrap_or(self.text.len());
        let text = &self.text[start..end];
        Some(text.trim_end_matches(['\n', '\r']))
    }
}

/// The known word nearest to `word`, if it is close enough to be a likely typo.
pub(crate) fn nearest<'a>(word: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(word, k), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 3))
        .min()
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_offsets_in_characters() {
        let f = SourceFile::new("x.md", "ab\r\nc€d\n".to_string());
        assert_eq!(f.locate(0).0, Position { line: 1, column: 1 });
        assert_eq!(f.locate(4).0, Position { line: 2, column: 1 });
        assert_eq!(f.locate(8).0, Position { line: 2, column: 3 });
        assert_eq!(f.locate(4).1, "c€d");
        assert_eq!(f.line(1), Some("ab"));
    }

    #[test]
    fn a_lone_cr_ends_a_line() {
        let f = SourceFile::new("x.yaml", "a: 1\rbb: 2\rc: 3\r".to_string());
        assert_eq!(f.locate(6).0, Position { line: 2, column: 2 });
        assert_eq!(f.line(2), Some("bb: 2"));
        assert_eq!(f.line(3), Some("c: 3"));
    }

    #[test]
    fn renders_like_rustc() {
        let f = SourceFile::new("c.yaml", "changes:\n  - replce: x\n".to_string());
        let d = Diagnostic::at_offset(&f, 13, 6, "unknown key 'replce'").help("did you mean 'replace'?");
        assert_eq!(
            d.to_string(),
            "c.yaml:2:5: error: unknown key 'replce'\n  |\n2 |   - replce: x\n  |     ^^^^^^\n  = help: did you mean 'replace'?\n"
        );
    }

    #[test]
    fn nearest_known_word() {
        assert_eq!(nearest("replce", &["replace", "rewrite", "with"]), Some("replace"));
        assert_eq!(nearest("banana", &["replace", "rewrite", "with"]), None);
    }
}
