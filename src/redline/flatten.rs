//! A unit's Markdown as the reader sees it: paragraphs of words with their formatting, and tables.
//!
//! This is what the redline compares. It is built from the one CommonMark reading of the
//! text (`words::read`), so Markdown markers (`**`, bullets, pipes, escapes, link targets)
//! become formatting and structure here and can never show as changed words.

use crate::words::{Emphasis, Format, Inline, Role, label_of, read};

/// One thing a reader sees in running text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Piece {
    /// The start of a paragraph or list item; `level` 0 is body text, 1.. list depth.
    Boundary { level: usize, label: Option<String> },
    /// A word or punctuation mark, with its formatting.
    Word {
        /// Inline up to 24 bytes (almost every word): a unit's words are not one allocation each.
        text: compact_str::CompactString,
        emphasis: Emphasis,
        /// The target of the link the word is in.
        link: Option<String>,
    },
    /// Whitespace between words (any run of spaces or line breaks reads as one space).
    Space,
}

impl Piece {
    /// What the diff compares: formatting is not part of a word's identity.
    pub(crate) fn key(&self) -> String {
        match self {
            Piece::Boundary { level, label } => format!("\u{1}{level}:{}", label.as_deref().unwrap_or("")),
            Piece::Word { text, .. } => text.to_string(),
            Piece::Space => " ".to_string(),
        }
    }
    pub(crate) fn is_word(&self) -> bool {
        matches!(self, Piece::Word { text, .. } if text.chars().any(char::is_alphanumeric))
    }
}

/// A table as a grid of cells, each cell a run of pieces (no boundaries).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableSource {
    pub header_rows: usize,
    pub rows: Vec<Vec<Vec<Piece>>>,
}

/// A unit is running text and tables, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    Text(Vec<Piece>),
    Table(TableSource),
}

/// Cuts a unit's Markdown into segments.
pub fn flatten(text: &str) -> Vec<Segment> {
    let mut segments = Segments::default();
    flatten_each(text, |f| segments.push(f));
    segments.finish()
}

/// What [`flatten_each`] hands on, in order: a piece of running text, or a whole table.
pub(crate) enum Flat {
    Piece(Piece),
    Table(TableSource),
}

/// Segments collected from [`flatten_each`]: running text is the pieces between tables.
#[derive(Default)]
pub(crate) struct Segments {
    pub(crate) done: Vec<Segment>,
    pub(crate) pieces: Vec<Piece>,
}

impl Segments {
    pub(crate) fn push(&mut self, f: Flat) {
        match f {
            Flat::Piece(p) => self.pieces.push(p),
            Flat::Table(t) => {
                self.end_text();
                self.done.push(Segment::Table(t));
            }
        }
    }

    fn end_text(&mut self) {
        if !self.pieces.is_empty() {
            self.done.push(Segment::Text(std::mem::take(&mut self.pieces)));
        }
    }

    pub(crate) fn finish(mut self) -> Vec<Segment> {
        self.end_text();
        self.done
    }
}

/// [`flatten`] as a stream: each piece handed to `out` as it is read (a table once it is
/// complete), so a caller that turns pieces into runs never holds a unit's pieces (a
/// provision of 50 MB is some 16 million). A paragraph is its boundary, then its words with
/// one space between words; a paragraph with no words shows only if it has a label
/// (`**F2.9**` alone).
pub(crate) fn flatten_each(text: &str, mut out: impl FnMut(Flat)) {
    let reading = read(text);
    let mut table: Option<(usize, TableSource)> = None;
    for inline in &reading.inlines {
        let label = label_of(text, inline);
        let skip = label.as_ref().map_or(0, |l| l.0.end);
        match inline.role {
            Role::Cell { table: t, row, .. } => {
                if table.as_ref().is_none_or(|(n, _)| *n != t) {
                    if let Some((_, tb)) = table.take() {
                        out(Flat::Table(tb));
                    }
                    // A GFM table has exactly one header row.
                    table = Some((
                        t,
                        TableSource {
                            header_rows: 1,
                            rows: Vec::new(),
                        },
                    ));
                }
                let Some((_, tb)) = table.as_mut() else { continue };
                while tb.rows.len() <= row {
                    tb.rows.push(Vec::new());
                }
                let mut cell = Vec::new();
                words(inline, &reading.links, 0, &mut cell);
                trim(&mut cell);
                tb.rows[row].push(cell);
            }
            Role::Paragraph { .. } | Role::Heading { .. } => {
                if let Some((_, tb)) = table.take() {
                    out(Flat::Table(tb));
                }
                let level = match inline.role {
                    Role::Paragraph { depth, .. } => depth,
                    _ => 0,
                };
                let labelled = label.is_some();
                let mut paragraph = Paragraph {
                    out: &mut out,
                    boundary: Some(Piece::Boundary {
                        level,
                        label: label.map(|l| l.1),
                    }),
                    space: false,
                };
                words(inline, &reading.links, skip, &mut paragraph);
                if labelled && let Some(b) = paragraph.boundary.take() {
                    out(Flat::Piece(b));
                }
            }
        }
    }
    if let Some((_, tb)) = table.take() {
        out(Flat::Table(tb));
    }
}

/// Where [`words`] puts what it reads.
trait Sink {
    fn word(&mut self, piece: Piece);
    fn space(&mut self);
}

/// A table cell's pieces.
impl Sink for Vec<Piece> {
    fn word(&mut self, piece: Piece) {
        self.push(piece);
    }
    fn space(&mut self) {
        push_space(self);
    }
}

/// A paragraph handed on as it is read: its boundary once it has a word, a space only
/// between words.
struct Paragraph<'o, F: FnMut(Flat)> {
    out: &'o mut F,
    /// Not yet handed on (the paragraph has no word yet).
    boundary: Option<Piece>,
    /// A space is due before the next word.
    space: bool,
}

impl<F: FnMut(Flat)> Sink for Paragraph<'_, F> {
    fn word(&mut self, piece: Piece) {
        if let Some(b) = self.boundary.take() {
            (self.out)(Flat::Piece(b));
        }
        if std::mem::take(&mut self.space) {
            (self.out)(Flat::Piece(Piece::Space));
        }
        (self.out)(Flat::Piece(piece));
    }
    fn space(&mut self) {
        self.space = self.boundary.is_none();
    }
}

/// The words, punctuation and spaces of a container's reader text from byte `from`; a word
/// whose formatting changes inside it (`a*b*c`) is split there with no space between.
///
/// One pass over the text and its atoms together: formatting changes only where an atom
/// ends, so a word is cut at the first atom end inside it whose next atom reads differently.
fn words(inline: &Inline, links: &[String], from: usize, out: &mut impl Sink) {
    let reader = inline.reader.as_str();
    let mut atoms = Atoms {
        atoms: &inline.atoms,
        at: 0,
    };
    let mut i = from;
    while i < reader.len() {
        let c = reader[i..].chars().next().unwrap_or(' ');
        if c.is_whitespace() {
            out.space();
            i += c.len_utf8();
            continue;
        }
        let format = atoms.format_at(i);
        let whole = if c.is_alphanumeric() {
            crate::words::word_end(reader, i)
        } else {
            i + c.len_utf8()
        };
        let end = atoms.first_change(format, whole);
        out.word(word(&reader[i..end], format, links));
        i = end;
    }
}

/// A cursor over a container's atoms, moving forward only.
struct Atoms<'a> {
    atoms: &'a [crate::words::Atom],
    /// The first atom that ends after the last position asked about.
    at: usize,
}

impl Atoms<'_> {
    /// The formatting at reader byte `pos` (at or after the last asked), as
    /// [`Inline::format_at`] gives it.
    fn format_at(&mut self, pos: usize) -> Format {
        while self.atoms.get(self.at).is_some_and(|a| a.reader.end <= pos) {
            self.at += 1;
        }
        self.atoms.get(self.at).map(|a| a.format).unwrap_or_default()
    }

    /// Where text from the current position with formatting `format` first reads
    /// differently before `end` (or `end`); the cursor does not move.
    fn first_change(&self, format: Format, end: usize) -> usize {
        let mut k = self.at;
        while let Some(a) = self.atoms.get(k).filter(|a| a.reader.end < end) {
            let boundary = a.reader.end;
            k += 1;
            while self.atoms.get(k).is_some_and(|a| a.reader.end <= boundary) {
                k += 1;
            }
            if self.atoms.get(k).map(|a| a.format).unwrap_or_default() != format {
                return boundary;
            }
        }
        end
    }
}

fn word(text: &str, format: Format, links: &[String]) -> Piece {
    Piece::Word {
        text: text.into(),
        emphasis: format.emphasis,
        link: format
            .link
            .and_then(|l| links.get(l as usize))
            .filter(|t| is_safe_link(t))
            .cloned(),
    }
}

/// The one rule for which link targets of the legal text are links, in the annex and on
/// the site: web and mail (`http:`, `https:`, `mailto:`, in any case) and targets with no
/// scheme (relative, `#fragment`); never `javascript:`, `data:` or another scheme a browser
/// would run. Anything before the first `:`, `/`, `?` or `#` is a scheme, so `java\tscript:`
/// and a control character before the scheme are refused too.
pub fn is_safe_link(target: &str) -> bool {
    let t = target.trim().to_ascii_lowercase();
    let scheme_end = t.find([':', '/', '?', '#']);
    match scheme_end {
        Some(i) if t.as_bytes()[i] == b':' => ["http", "https", "mailto"].contains(&&t[..i]),
        _ => true,
    }
}

fn push_space(pieces: &mut Vec<Piece>) {
    if !matches!(pieces.last(), None | Some(Piece::Space) | Some(Piece::Boundary { .. })) {
        pieces.push(Piece::Space);
    }
}

fn trim(pieces: &mut Vec<Piece>) {
    while pieces.last() == Some(&Piece::Space) {
        pieces.pop();
    }
    let lead = pieces.iter().take_while(|p| **p == Piece::Space).count();
    pieces.drain(..lead);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(pieces: &[Piece]) -> String {
        pieces
            .iter()
            .map(|p| match p {
                Piece::Boundary { level, label } => format!("[{level}{}]", label.as_deref().unwrap_or("")),
                Piece::Word {
                    text,
                    emphasis: Emphasis { bold: true, .. },
                    ..
                } => format!("*{text}*"),
                Piece::Word { text, .. } => text.to_string(),
                Piece::Space => " ".into(),
            })
            .collect()
    }

    #[test]
    fn provisions_items_and_tables() {
        let segs = flatten(
            "**F2.1** The **expiry**\n  date:\n\n- (a) one;\n  - (i) two.\n\n| A | B |\n| --- | --- |\n| x y | z |\n",
        );
        assert_eq!(segs.len(), 2);
        let Segment::Text(p) = &segs[0] else { panic!() };
        assert_eq!(words(p), "[0F2.1]The *expiry* date:[1(a)]one;[2(i)]two.");
        let Segment::Table(t) = &segs[1] else { panic!() };
        assert_eq!(t.header_rows, 1);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(words(&t.rows[1][0]), "x y");
        assert_eq!(t.rows[1].len(), 2);
    }
}
