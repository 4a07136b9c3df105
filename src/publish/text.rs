//! A unit of the Code as published HTML: anchors equal to references, cross-references as
//! links, definitions marked, everything escaped.
//!
//! The words come from the one CommonMark reading (`redline::flatten`), never from a second
//! Markdown parser: a provision reads on the website exactly as the redline and the DOCX read it.

use crate::corpus::Document;
use crate::corpus::citation::{self, Cited};
use crate::redline::{Piece, Segment, TableSource, flatten};
use crate::words::Emphasis;
use sha2::{Digest as _, Sha256};
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;
use std::sync::{Arc, Mutex};

/// A unit at least this long has its reading kept ([`reading`]), if the reading is small
/// beside it.
const KEEP_FROM: usize = 1 << 20;
/// How many readings are kept.
const KEPT: usize = 4;

/// The readings of the last few long units (by their text's SHA-256). A provision of a
/// page is read for its rendering, for its notes' marks (`stream`) and for its rendering
/// with the marks: at nesting depth 5,000 each reading of the 25 MB provision is a tenth of
/// a second, spent by pulldown-cmark rescanning each line's 5,000 container prefixes.
static READINGS: Mutex<Vec<Kept>> = Mutex::new(Vec::new());

/// A text's SHA-256 and its reading.
type Kept = ([u8; 32], Arc<Vec<Segment>>);

/// `flatten(markdown)`, kept for a long unit whose reading is small beside its text (deep
/// nesting: mostly indentation), so that it is read once. A long unit of many words (a
/// 50 MB paragraph) is read each time: keeping its reading would hold more than the text.
fn reading(markdown: &str) -> Arc<Vec<Segment>> {
    if markdown.len() < KEEP_FROM {
        return Arc::new(flatten(markdown));
    }
    let key: [u8; 32] = Sha256::digest(markdown.as_bytes()).into();
    let kept = |r: &mut Vec<Kept>| r.iter().find(|(k, _)| *k == key).map(|(_, s)| Arc::clone(s));
    if let Some(found) = READINGS.lock().ok().as_deref_mut().and_then(kept) {
        return found;
    }
    let segments = Arc::new(flatten(markdown));
    let pieces: usize = segments
        .iter()
        .map(|s| match s {
            Segment::Text(p) => p.len(),
            Segment::Table(t) => t.rows.iter().flatten().map(Vec::len).sum(),
        })
        .sum();
    // A piece takes about 64 bytes: kept only if the reading is under half the text's size.
    if pieces.saturating_mul(128) < markdown.len()
        && let Ok(mut r) = READINGS.lock()
    {
        if r.len() == KEPT {
            r.remove(0);
        }
        r.push((key, Arc::clone(&segments)));
    }
    segments
}

/// Escapes text for HTML content and attribute values.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    esc_into(s, &mut out);
    out
}

/// [`esc`], written onto `out`.
fn esc_into(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

/// Where each reference of a document version can be read: `F2.4` → `f.html#F2.4`,
/// `Z` → `z.html`.
pub(crate) type DocTargets = BTreeMap<String, String>;

/// Where each reference of a version of the Code can be read: the targets of the document
/// versions it is made of (each made once, shared by every version that holds it), found
/// through one index of which document each reference is in.
#[derive(Default)]
pub struct Targets {
    /// Reference → the document it is in (by its number in `docs`), for every reference of
    /// every version.
    owner: Arc<HashMap<String, usize>>,
    /// Per document: its targets in this version, if it is in it.
    docs: Vec<Option<Arc<DocTargets>>>,
}

impl Targets {
    /// The targets of a version: `owner` says which document each reference is in, `docs`
    /// holds the targets of each document in this version (by that number).
    pub(crate) fn new(owner: Arc<HashMap<String, usize>>, docs: Vec<Option<Arc<DocTargets>>>) -> Targets {
        Targets { owner, docs }
    }

    /// Where a reference can be read in this version.
    pub(crate) fn get(&self, reference: &str) -> Option<&String> {
        let &d = self.owner.get(reference)?;
        self.docs.get(d)?.as_ref()?.get(reference)
    }
}

/// What a unit's rendering needs to know about where it stands.
pub(crate) struct Place<'a> {
    /// The document id (`F`, `Z`).
    pub document: &'a str,
    /// The version's documents, for references that name one ("of Appendix Y").
    documents: &'a [Document],
    targets: &'a Targets,
    /// Every reference the rendering looked up: a rendering depends on nothing else besides
    /// the unit's text and reference, so it holds in another version that has the same
    /// text and finds the same targets for these.
    looked_up: RefCell<Vec<String>>,
}

impl<'a> Place<'a> {
    pub(crate) fn new(document: &'a str, documents: &'a [Document], targets: &'a Targets) -> Place<'a> {
        Place {
            document,
            documents,
            targets,
            looked_up: RefCell::new(Vec::new()),
        }
    }

    /// Where a reference can be read in this version, noted as looked up.
    fn target(&self, reference: String) -> Option<&'a String> {
        let found = self.targets.get(reference.as_str());
        self.looked_up.borrow_mut().push(reference);
        found
    }

    /// The references looked up so far.
    pub(crate) fn looked_up(self) -> Vec<String> {
        self.looked_up.into_inner()
    }
}

/// A provision rendered: its body HTML, its words for the search index, and the
/// references of its sub-paragraphs.
pub(crate) struct Rendered {
    pub html: String,
    pub plain: String,
    pub subparagraphs: Vec<String>,
}

/// Renders a provision's Markdown; `reference` is its own (`F2.4`, `Z:6.2`).
pub(crate) fn provision(markdown: &str, reference: &str, place: &Place) -> Rendered {
    provision_marked(markdown, reference, place, &[])
}

/// A stretch of a provision's words that an amendment note is about, shown `[F1 … ]` and
/// linked to the note. Offsets are in the provision's reading stream ([`stream`]): `start ==
/// end` marks where words were omitted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Mark {
    pub start: usize,
    pub end: usize,
    /// The note's number on the page: `F1`.
    pub note: String,
    /// The first mark of its note on the page carries the anchor the note links back to.
    pub first: bool,
}

/// A provision's words and spaces as one string, in reading order (paragraph labels and
/// table structure left out): the offsets a [`Mark`] counts in. The redline's runs of the
/// same text, without its deletions, read the same.
pub(crate) fn stream(markdown: &str) -> String {
    let mut out = String::new();
    let mut add = |pieces: &[Piece]| {
        for p in pieces {
            match p {
                Piece::Word { text, .. } => out.push_str(text),
                Piece::Space => out.push(' '),
                Piece::Boundary { .. } => {}
            }
        }
    };
    for segment in reading(markdown).iter() {
        match segment {
            Segment::Text(pieces) => add(pieces),
            Segment::Table(t) => t.rows.iter().flatten().for_each(|c| add(c)),
        }
    }
    out
}

/// Where rendering stands in the reading stream, and the marks still to place (sorted by
/// where they start, none overlapping).
struct Cursor<'m> {
    at: usize,
    marks: &'m [Mark],
    /// The next mark to place.
    next: usize,
    /// The mark whose words are open, if any.
    open: Option<usize>,
    /// A mark closed at the end of a paragraph whose words go on in the next.
    going_on: Option<usize>,
}

const MARK_END: &str = "<span class=\"marker-end\" aria-hidden=\"true\">]</span>";

impl<'m> Cursor<'m> {
    fn new(marks: &'m [Mark]) -> Cursor<'m> {
        Cursor {
            at: 0,
            marks,
            next: 0,
            open: None,
            going_on: None,
        }
    }

    /// Whether something is written before the next piece of `len` bytes (so that formatting
    /// is closed first and the marks nest in it).
    fn touches(&self, len: usize) -> bool {
        self.open.is_some_and(|n| self.marks[n].end <= self.at)
            || self.marks.get(self.next).is_some_and(|m| {
                if m.start == m.end {
                    m.start <= self.at
                } else {
                    self.open.is_none() && len > 0 && m.start < self.at + len
                }
            })
    }

    /// Before a piece of `len` bytes: closes a mark that ended, places omissions, and opens a
    /// mark whose words start in this piece.
    fn before(&mut self, out: &mut String, len: usize) {
        self.close_ended(out);
        while let Some(m) = self.marks.get(self.next) {
            if m.start == m.end {
                if m.start > self.at {
                    break;
                }
                marker(m, out);
                out.push_str(MARK_END);
                // A note on the whole provision stands before its words, apart from them.
                if self.at == 0 && len > 0 && self.marks.get(self.next + 1).is_none_or(|n| n.start > 0) {
                    out.push(' ');
                }
            } else {
                if self.open.is_some() || len == 0 || m.start >= self.at + len {
                    break;
                }
                if m.end > self.at {
                    out.push_str("<span class=\"amended\">");
                    marker(m, out);
                    self.open = Some(self.next);
                }
            }
            self.next += 1;
        }
        self.at += len;
    }

    fn close_ended(&mut self, out: &mut String) {
        if let Some(n) = self.open
            && self.marks[n].end <= self.at
        {
            out.push_str(MARK_END);
            out.push_str("</span>");
            self.open = None;
        }
    }

    /// At the end of a paragraph or cell: omissions at its end are placed, and a mark still
    /// open is closed (and reopened, without its anchor, where its words go on).
    fn end_block(&mut self, out: &mut String) {
        self.close_ended(out);
        while let Some(m) = self
            .marks
            .get(self.next)
            .filter(|m| m.start == m.end && m.start <= self.at)
        {
            marker(m, out);
            out.push_str(MARK_END);
            self.next += 1;
        }
        if let Some(n) = self.open.take() {
            out.push_str(MARK_END);
            out.push_str("</span>");
            self.going_on = Some(n);
        }
    }

    /// At the start of a paragraph or cell: a mark that goes on from the one before.
    fn start_block(&mut self, out: &mut String) {
        if let Some(n) = self.going_on.take()
            && self.marks[n].end > self.at
        {
            out.push_str("<span class=\"amended\">");
            let again = Mark {
                first: false,
                ..self.marks[n].clone()
            };
            marker(&again, out);
            self.open = Some(n);
        }
    }
}

/// `[F1`, linked to its note; the first of a note's marks is the note's way back.
fn marker(m: &Mark, out: &mut String) {
    let id = if m.first {
        format!(" id=\"marker-{}\"", esc(&m.note))
    } else {
        String::new()
    };
    let _ = write!(
        out,
        "<a class=\"marker\"{id} href=\"#note-{n}\" aria-label=\"Amendment note {n}\">[{n}</a>",
        n = esc(&m.note)
    );
}

/// A provision rendered with the marks of its amendment notes around the words they are about.
pub(crate) fn provision_marked(markdown: &str, reference: &str, place: &Place, marks: &[Mark]) -> Rendered {
    let mut html = String::new();
    let mut plain = String::new();
    let mut subparagraphs = Vec::new();
    let mut cursor = Cursor::new(marks);
    for segment in reading(markdown).iter() {
        match segment {
            Segment::Text(pieces) => paragraphs(
                pieces,
                reference,
                place,
                &mut html,
                &mut plain,
                &mut subparagraphs,
                &mut cursor,
            ),
            Segment::Table(t) => table(t, place, &mut html, &mut plain, &mut cursor),
        }
    }
    Rendered {
        html,
        plain: plain.trim().to_string(),
        subparagraphs,
    }
}

/// Renders a heading's words (a Part or cross-heading), without its number.
pub(crate) fn heading(text: &str, place: &Place) -> String {
    let pieces: Vec<Piece> = flatten(text)
        .into_iter()
        .flat_map(|s| match s {
            Segment::Text(p) => p,
            Segment::Table(_) => Vec::new(),
        })
        .filter(|p| !matches!(p, Piece::Boundary { .. }))
        .collect();
    let mut out = String::new();
    let mut cursor = Cursor::new(&[]);
    inline(&pieces, place, &mut out, &mut String::new(), &mut cursor);
    out
}

/// A heading's HTML with the markers of its notes after its words (a heading's notes are
/// about the Part, not words of it).
pub(crate) fn heading_marked(html: &str, marks: &[Mark]) -> String {
    let mut out = html.to_string();
    for m in marks.iter().filter(|m| m.first) {
        out.push(' ');
        marker(m, &mut out);
        out.push(']');
    }
    out
}

fn paragraphs(
    pieces: &[Piece],
    reference: &str,
    place: &Place,
    html: &mut String,
    plain: &mut String,
    subparagraphs: &mut Vec<String>,
    cursor: &mut Cursor,
) {
    // The open sub-paragraphs, outermost first: each one's level and where its label ends
    // in `address` (`F2.4(b)(ii)`), so that a sub-paragraph's id is its parent's and one
    // label more, not its whole path written again (12.5 million at depth 5,000).
    let mut path: Vec<(usize, usize)> = Vec::new();
    let mut address = reference.to_string();
    let mut starts: Vec<usize> = pieces
        .iter()
        .enumerate()
        .filter(|(_, p)| matches!(p, Piece::Boundary { .. }))
        .map(|(i, _)| i)
        .collect();
    if starts.first() != Some(&0) {
        starts.insert(0, 0);
    }
    starts.push(pieces.len());
    for w in starts.windows(2) {
        let (from, to) = (w[0], w[1]);
        let (level, label, body) = match &pieces[from] {
            Piece::Boundary { level, label } => (*level, label.clone(), &pieces[from + 1..to]),
            _ => (0, None, &pieces[from..to]),
        };
        let mut id = None;
        if level > 0 {
            // Levels only grow along the path, so the ones at `level` or deeper are its end.
            while path.last().is_some_and(|(l, _)| *l >= level) {
                path.pop();
            }
            if let Some(l) = label.as_deref() {
                let inner = l.trim_start_matches('(').trim_end_matches(')');
                address.truncate(path.last().map_or(reference.len(), |(_, end)| *end));
                address.push('(');
                address.push_str(inner);
                address.push(')');
                path.push((level, address.len()));
                subparagraphs.push(address.clone());
                id = Some(&address);
            }
        }
        // Paragraphs apart in the words too, so that no phrase is found across two.
        if !plain.is_empty() {
            plain.push('\n');
        }
        let _ = write!(html, "<p class=\"level-{}\"", level.min(6));
        if let Some(id) = id {
            html.push_str(" id=\"");
            esc_into(id, html);
            html.push('"');
        }
        html.push('>');
        if let Some(l) = label.as_deref() {
            if level == 0 {
                let _ = write!(
                    html,
                    "<a class=\"num\" href=\"#{}\" aria-label=\"Provision {}\">{}</a> ",
                    esc(reference),
                    esc(reference),
                    esc(l)
                );
            } else {
                let _ = write!(html, "<span class=\"label\">{}</span> ", esc(l));
            }
            plain.push_str(l);
            plain.push(' ');
        }
        cursor.start_block(html);
        inline(body, place, html, plain, cursor);
        cursor.end_block(html);
        html.push_str("</p>\n");
    }
}

fn table(t: &TableSource, place: &Place, html: &mut String, plain: &mut String, cursor: &mut Cursor) {
    html.push_str("<div class=\"table\"><table>\n");
    for (r, row) in t.rows.iter().enumerate() {
        let cell = if r < t.header_rows { "th" } else { "td" };
        html.push_str("<tr>");
        // Cells apart in the words: `Field | Description`, a row to a line.
        if !plain.is_empty() {
            plain.push('\n');
        }
        for (n, c) in row.iter().enumerate() {
            if n > 0 {
                plain.push_str(" | ");
            }
            let _ = write!(html, "<{cell}>");
            cursor.start_block(html);
            inline(c, place, html, plain, cursor);
            cursor.end_block(html);
            let _ = write!(html, "</{cell}>");
        }
        html.push_str("</tr>\n");
    }
    html.push_str("</table></div>\n");
}

/// Formatting of a word: its emphasis, and whether it is a term being defined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Style {
    emphasis: Emphasis,
    definition: bool,
}

fn style_of(p: &Piece) -> Option<Style> {
    match p {
        Piece::Word { emphasis, .. } => Some(Style {
            emphasis: *emphasis,
            definition: false,
        }),
        _ => None,
    }
}

fn open(s: Style, out: &mut String) {
    if s.definition {
        out.push_str("<dfn>");
    }
    crate::render::open_emphasis(s.emphasis, out);
}

fn close(s: Style, out: &mut String) {
    crate::render::close_emphasis(s.emphasis, out);
    if s.definition {
        out.push_str("</dfn>");
    }
}

const PLAIN: Style = Style {
    emphasis: Emphasis {
        bold: false,
        italic: false,
        code: false,
    },
    definition: false,
};

/// Running text: words with their formatting, cross-references as links, and a bold term in
/// quotes (`"**CPL Entry**" means`) marked as the definition it is.
fn inline(pieces: &[Piece], place: &Place, out: &mut String, plain: &mut String, cursor: &mut Cursor) {
    let links = cross_references(pieces, place);
    let mut current = PLAIN;
    let mut in_definition = false;
    let mut i = 0;
    while i < pieces.len() {
        match &pieces[i] {
            Piece::Space => {
                if cursor.touches(1) {
                    close(current, out);
                    current = PLAIN;
                }
                cursor.before(out, 1);
                plain.push(' ');
                // Keep a run open across the space when the next word has the same style.
                let next = pieces.get(i + 1).and_then(style_of).map(|s| Style {
                    definition: in_definition && s.emphasis.bold,
                    ..s
                });
                if next != Some(current) {
                    close(current, out);
                    current = PLAIN;
                }
                out.push(' ');
                i += 1;
            }
            Piece::Boundary { .. } => i += 1,
            Piece::Word { text, emphasis, link } => {
                let bold = &emphasis.bold;
                if let Some((end, href)) = links.get(&i) {
                    let (end, href) = (*end, href.as_str());
                    close(current, out);
                    current = PLAIN;
                    let words: String = pieces[i..end]
                        .iter()
                        .map(|p| match p {
                            Piece::Word { text, .. } => text.as_str(),
                            Piece::Space => " ",
                            Piece::Boundary { .. } => "",
                        })
                        .collect();
                    // A link is one piece of the reading here: a mark starts or ends beside it.
                    cursor.before(out, words.len());
                    let _ = write!(out, "<a class=\"xref\" href=\"{}\">{}</a>", esc(href), esc(&words));
                    plain.push_str(&words);
                    i = end;
                    continue;
                }
                let quoted = i > 0
                    && matches!(&pieces[i - 1], Piece::Word { text, emphasis: Emphasis { bold: false, .. }, .. } if text == "\"" || text == "\u{201c}");
                if *bold && quoted {
                    in_definition = true;
                } else if !*bold {
                    in_definition = false;
                }
                let style = Style {
                    emphasis: *emphasis,
                    definition: in_definition && *bold,
                };
                if cursor.touches(text.len()) {
                    close(current, out);
                    current = PLAIN;
                }
                cursor.before(out, text.len());
                if style != current {
                    close(current, out);
                    open(style, out);
                    current = style;
                }
                match link.as_deref().filter(|l| crate::redline::is_safe_link(l)) {
                    Some(l) => {
                        let _ = write!(out, "<a href=\"{}\">{}</a>", esc(l), esc(text));
                    }
                    None => out.push_str(&esc(text)),
                }
                plain.push_str(text);
                i += 1;
            }
        }
    }
    close(current, out);
}

/// The cross-references of running text that the version holds, found by the one reference
/// finder (`corpus::citation`) in the words as read: the piece each link starts at, the piece
/// after its last word and where it leads. A reference to the page's own document ("this
/// Section F") is not a link.
fn cross_references(pieces: &[Piece], place: &Place) -> BTreeMap<usize, (usize, String)> {
    let mut text = String::new();
    // Each piece's start in `text`; the end of the last.
    let mut starts = Vec::with_capacity(pieces.len() + 1);
    for p in pieces {
        starts.push(text.len());
        match p {
            Piece::Word { text: w, .. } => text.push_str(w),
            _ => text.push(' '),
        }
    }
    starts.push(text.len());
    let mut links = BTreeMap::new();
    for c in citation::find(place.documents, place.document, &text) {
        if c.cited == Cited::Document && c.reference == place.document {
            continue;
        }
        // A sub-paragraph the version does not anchor is read in its provision.
        let mut reference = c.reference.as_str();
        let href = loop {
            if let Some(href) = place.target(reference.to_string()) {
                break Some(href);
            }
            match reference.rfind('(') {
                Some(open) if reference.ends_with(')') => reference = &reference[..open],
                _ => break None,
            }
        };
        let (Some(href), Ok(from), Ok(to)) = (
            href,
            starts.binary_search(&c.phrase.start),
            starts.binary_search(&c.phrase.end),
        ) else {
            continue;
        };
        if to > from {
            links.insert(from, (to, href.clone()));
        }
    }
    links
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(targets: &Targets) -> Place<'_> {
        Place::new("Z", &[], targets)
    }

    /// Sections F and Appendixes Y and Z, each with the provisions listed, and what a page
    /// of the version would link each of them (and each Part) to.
    fn version() -> (Vec<Document>, Targets) {
        let doc = |id: &str, kind: &str, body: &str| {
            crate::diagnostics::SourceFile::new(
                format!("sec-text/{}.md", id.to_lowercase()),
                format!(
                    "---\ndocument: {id}\ntitle: T {id}\nkind: {kind}\nversion: \"1.0\"\n---\n\n# {kind} {id}: T\n\n{body}"
                ),
            )
        };
        let corpus = crate::corpus::Corpus::from_files(
            std::path::Path::new("sec-text"),
            vec![
                doc("F", "Section", "## F2 Two\n\n**F2.4** Words.\n"),
                doc("Y", "Appendix", "## 1 One\n\n**1.1** Words.\n"),
                doc(
                    "Z",
                    "Appendix",
                    "## 1 One\n\n**1.1** Words.\n\n## 5 Five\n\n**5.1** A.\n\n**5.2** B.\n\n**5.3** C.\n\n## 6 Six\n\n**6.4A** D.\n",
                ),
            ],
        )
        .expect("the test documents parse");
        let targets = super::super::targets(&corpus);
        (corpus.documents, targets)
    }

    /// Each link of a provision of Appendix Z as (its words, where it leads), in order.
    fn links(markdown: &str) -> Vec<(String, String)> {
        let (documents, targets) = version();
        let r = provision(markdown, "Z:9.9", &Place::new("Z", &documents, &targets));
        let page = scraper::Html::parse_fragment(&r.html);
        page.select(&scraper::Selector::parse("a.xref").unwrap())
            .map(|a| (a.text().collect(), a.value().attr("href").unwrap().to_string()))
            .collect()
    }

    fn l(words: &str, href: &str) -> (String, String) {
        (words.to_string(), href.to_string())
    }

    #[test]
    fn cross_references_link_the_whole_reference_to_what_it_names() {
        assert_eq!(
            links("**9.9** As set out in paragraph 6.4A of Appendix Z and paragraph 1.1 of\nAppendix Y.\n"),
            [
                l("paragraph 6.4A of Appendix Z", "z.html#Z:6.4A"),
                l("paragraph 1.1 of Appendix Y", "y.html#Y:1.1")
            ]
        );
        assert_eq!(
            links("**9.9** Paragraphs 5.1 to 5.3 apply, and paragraph 1.1.\n"),
            [
                l("Paragraphs 5.1", "z.html#Z:5.1"),
                l("5.3", "z.html#Z:5.3"),
                l("paragraph 1.1", "z.html#Z:1.1")
            ]
        );
        assert_eq!(
            links("**9.9** This Part 6 and Part 5 apply, and **Section F2.4(c)** of Section F.\n"),
            [
                l("Part 6", "z.html#Z:6"),
                l("Part 5", "z.html#Z:5"),
                l("Section F2.4(c)", "f.html#F2.4"),
                l("Section F", "f.html")
            ]
        );
        // The page's own document, and what the version does not hold, are not links.
        assert_eq!(links("**9.9** In this Appendix Z, see Part 7 and paragraph 8.1.\n"), []);
    }

    #[test]
    fn marks_stand_around_their_words_inside_formatting_links_and_paragraphs() {
        let (documents, targets) = version();
        let text = "**9.9** The **expiry or renewal** date, see paragraph 1.1:\n\n- (a) first; and\n- (b) second.\n";
        let s = stream(text);
        let at = |w: &str| s.find(w).unwrap();
        let marks = [
            Mark {
                start: 0,
                end: 0,
                note: "F1".into(),
                first: true,
            },
            Mark {
                start: at("or renewal"),
                end: at("or renewal") + "or renewal".len(),
                note: "F2".into(),
                first: true,
            },
            Mark {
                start: at("paragraph"),
                end: at("second") + "second".len(),
                note: "F3".into(),
                first: true,
            },
        ];
        let r = provision_marked(text, "Z:9.9", &Place::new("Z", &documents, &targets), &marks);
        let page = scraper::Html::parse_fragment(&r.html);
        let select = |css: &str| -> Vec<String> {
            page.select(&scraper::Selector::parse(css).unwrap())
                .map(|e| e.text().collect::<String>())
                .collect()
        };
        // Each mark's words, as the reader sees them, with its brackets; the mark over three
        // paragraphs is closed and reopened in each, its anchor only on the first.
        assert_eq!(
            select(".amended"),
            ["[F2or renewal]", "[F3paragraph 1.1:]", "[F3first; and]", "[F3second]"]
        );
        assert_eq!(select("a.marker[id]"), ["[F1", "[F2", "[F3"]);
        assert_eq!(select(".amended strong"), ["or renewal"]);
        assert_eq!(select(".amended a.xref"), ["paragraph 1.1"]);
        // The words read as without marks.
        let plain = provision(text, "Z:9.9", &Place::new("Z", &documents, &targets));
        assert_eq!(r.plain, plain.plain);
        assert!(
            r.html.starts_with("<p class=\"level-0\"><a class=\"num\""),
            "{}",
            r.html
        );
        assert!(
            r.html
                .contains("[F1</a><span class=\"marker-end\" aria-hidden=\"true\">]</span> The"),
            "{}",
            r.html
        );
    }

    #[test]
    fn sub_paragraphs_are_anchored_by_their_reference() {
        let targets = Targets::default();
        let r = provision(
            "**6.2** The DCC shall:\n\n- (a) one; and\n  - (i) two.\n- (b) three.\n",
            "Z:6.2",
            &place(&targets),
        );
        assert_eq!(r.subparagraphs, ["Z:6.2(a)", "Z:6.2(a)(i)", "Z:6.2(b)"]);
        assert!(r.html.contains("id=\"Z:6.2(a)(i)\""), "{}", r.html);
    }

    #[test]
    fn references_the_version_holds_are_links_and_text_is_escaped() {
        let (documents, targets) = version();
        let r = provision(
            "**6.1** See Section F2.4, paragraph 1.1 and Section F9.9 <b>x</b>.\n",
            "Z:6.1",
            &Place::new("Z", &documents, &targets),
        );
        assert!(
            r.html
                .contains("<a class=\"xref\" href=\"f.html#F2.4\">Section F2.4</a>,"),
            "{}",
            r.html
        );
        assert!(
            r.html
                .contains("<a class=\"xref\" href=\"z.html#Z:1.1\">paragraph 1.1</a>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("Section F9.9"));
        assert!(!r.html.contains("<b>"));
    }
}
