//! A unit of the Code as published HTML: anchors equal to references, cross-references as
//! links, definitions marked, everything escaped.
//!
//! The words come from the one CommonMark reading (`redline::flatten`), never from a second
//! Markdown parser: a provision reads on the website exactly as the redline and the DOCX read it.

use crate::redline::{Piece, Segment, TableSource, flatten};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt::Write;

/// Escapes text for HTML content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
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
    out
}

/// Where each reference of a version can be read: `F2.4` → `f.html#F2.4`, `Z` → `z.html`.
pub type Targets = BTreeMap<String, String>;

/// What a unit's rendering needs to know about where it stands.
pub struct Place<'a> {
    /// The document id (`F`, `Z`).
    pub document: &'a str,
    targets: &'a Targets,
    /// Every reference the rendering looked up: a rendering depends on nothing else besides
    /// the unit's text and reference, so it holds in another version that has the same
    /// text and finds the same targets for these.
    looked_up: RefCell<Vec<String>>,
}

impl<'a> Place<'a> {
    pub fn new(document: &'a str, targets: &'a Targets) -> Place<'a> {
        Place {
            document,
            targets,
            looked_up: RefCell::new(Vec::new()),
        }
    }

    /// Where a reference can be read in this version, noted as looked up.
    fn target(&self, reference: String) -> Option<&'a String> {
        let found = self.targets.get(&reference);
        self.looked_up.borrow_mut().push(reference);
        found
    }

    /// The references looked up so far.
    pub fn looked_up(self) -> Vec<String> {
        self.looked_up.into_inner()
    }

    /// The reference of a number printed in this document: `F2.4` stays, `6.2` → `Z:6.2`.
    pub fn reference(&self, number: &str) -> String {
        let lettered = number
            .strip_prefix(self.document)
            .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()));
        if lettered {
            number.to_string()
        } else {
            format!("{}:{number}", self.document)
        }
    }
}

/// A provision rendered: its body HTML, its words for the search index, and the
/// references of its sub-paragraphs.
pub struct Rendered {
    pub html: String,
    pub plain: String,
    pub subparagraphs: Vec<String>,
}

/// Renders a provision's Markdown; `reference` is its own (`F2.4`, `Z:6.2`).
pub fn provision(markdown: &str, reference: &str, place: &Place) -> Rendered {
    let mut html = String::new();
    let mut plain = String::new();
    let mut subparagraphs = Vec::new();
    for segment in flatten(markdown) {
        match segment {
            Segment::Text(pieces) => paragraphs(&pieces, reference, place, &mut html, &mut plain, &mut subparagraphs),
            Segment::Table(t) => table(&t, place, &mut html, &mut plain),
        }
    }
    Rendered {
        html,
        plain: plain.trim().to_string(),
        subparagraphs,
    }
}

/// Renders a heading's words (a Part or cross-heading), without its number.
pub fn heading(text: &str, place: &Place) -> String {
    let pieces: Vec<Piece> = flatten(text)
        .into_iter()
        .flat_map(|s| match s {
            Segment::Text(p) => p,
            Segment::Table(_) => Vec::new(),
        })
        .filter(|p| !matches!(p, Piece::Boundary { .. }))
        .collect();
    let mut out = String::new();
    inline(&pieces, place, &mut out, &mut String::new());
    out
}

fn paragraphs(
    pieces: &[Piece],
    reference: &str,
    place: &Place,
    html: &mut String,
    plain: &mut String,
    subparagraphs: &mut Vec<String>,
) {
    // The labels of the open sub-paragraphs, outermost first: `["b", "ii"]`.
    let mut path: Vec<(usize, String)> = Vec::new();
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
            path.retain(|(l, _)| *l < level);
            if let Some(l) = label.as_deref() {
                let inner = l.trim_start_matches('(').trim_end_matches(')');
                path.push((level, inner.to_string()));
                let address: String = path.iter().map(|(_, l)| format!("({l})")).collect();
                let sub = format!("{reference}{address}");
                subparagraphs.push(sub.clone());
                id = Some(sub);
            }
        }
        let _ = write!(html, "<p class=\"level-{}\"", level.min(6));
        if let Some(id) = &id {
            let _ = write!(html, " id=\"{}\"", esc(id));
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
            plain.push(' ');
            plain.push_str(l);
            plain.push(' ');
        }
        inline(body, place, html, plain);
        html.push_str("</p>\n");
    }
}

fn table(t: &TableSource, place: &Place, html: &mut String, plain: &mut String) {
    html.push_str("<div class=\"table\"><table>\n");
    for (r, row) in t.rows.iter().enumerate() {
        let cell = if r < t.header_rows { "th" } else { "td" };
        html.push_str("<tr>");
        for c in row {
            let _ = write!(html, "<{cell}>");
            inline(c, place, html, plain);
            plain.push(' ');
            let _ = write!(html, "</{cell}>");
        }
        html.push_str("</tr>\n");
    }
    html.push_str("</table></div>\n");
}

/// Formatting of a word: (bold, italic, code, definition).
type Style = (bool, bool, bool, bool);

fn style_of(p: &Piece) -> Option<Style> {
    match p {
        Piece::Word { bold, italic, code, .. } => Some((*bold, *italic, *code, false)),
        _ => None,
    }
}

fn open(s: Style, out: &mut String) {
    if s.3 {
        out.push_str("<dfn>");
    }
    if s.0 {
        out.push_str("<strong>");
    }
    if s.1 {
        out.push_str("<em>");
    }
    if s.2 {
        out.push_str("<code>");
    }
}

fn close(s: Style, out: &mut String) {
    if s.2 {
        out.push_str("</code>");
    }
    if s.1 {
        out.push_str("</em>");
    }
    if s.0 {
        out.push_str("</strong>");
    }
    if s.3 {
        out.push_str("</dfn>");
    }
}

const PLAIN: Style = (false, false, false, false);

/// Running text: words with their formatting, cross-references as links, and a bold term in
/// quotes (`"**CPL Entry**" means`) marked as the definition it is.
fn inline(pieces: &[Piece], place: &Place, out: &mut String, plain: &mut String) {
    let mut current = PLAIN;
    let mut in_definition = false;
    let mut i = 0;
    while i < pieces.len() {
        match &pieces[i] {
            Piece::Space => {
                plain.push(' ');
                // Keep a run open across the space when the next word has the same style.
                let next = pieces
                    .get(i + 1)
                    .and_then(style_of)
                    .map(|s| (s.0, s.1, s.2, in_definition && s.0));
                if next != Some(current) {
                    close(current, out);
                    current = PLAIN;
                }
                out.push(' ');
                i += 1;
            }
            Piece::Boundary { .. } => i += 1,
            Piece::Word {
                text,
                bold,
                italic,
                code,
                link,
                ..
            } => {
                if let Some((end, href)) = cross_reference(pieces, i, place) {
                    close(current, out);
                    current = PLAIN;
                    let words: String = pieces[i..end]
                        .iter()
                        .map(|p| match p {
                            Piece::Word { text, .. } => text.as_str(),
                            _ => " ",
                        })
                        .collect();
                    let _ = write!(out, "<a class=\"xref\" href=\"{}\">{}</a>", esc(&href), esc(&words));
                    plain.push_str(&words);
                    i = end;
                    continue;
                }
                let quoted = i > 0
                    && matches!(&pieces[i - 1], Piece::Word { text, bold: false, .. } if text == "\"" || text == "\u{201c}");
                if *bold && quoted {
                    in_definition = true;
                } else if !*bold {
                    in_definition = false;
                }
                let style = (*bold, *italic, *code, in_definition && *bold);
                if style != current {
                    close(current, out);
                    open(style, out);
                    current = style;
                }
                match link.as_deref().filter(|l| safe_link(l)) {
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

/// A link of the legal text that is safe to follow (no `javascript:`).
fn safe_link(l: &str) -> bool {
    ["https://", "http://", "mailto:", "#"].iter().any(|p| l.starts_with(p))
}

/// `Section F2.4`, `paragraph 6.4A`, `Appendix Z` at `pieces[i]`: where the reference ends
/// and the page it links to. Only references the version holds become links.
fn cross_reference(pieces: &[Piece], i: usize, place: &Place) -> Option<(usize, String)> {
    let Piece::Word { text: lead, .. } = &pieces[i] else {
        return None;
    };
    let kind = match lead.as_str() {
        "Section" | "Sections" => Some(true),
        "Appendix" => Some(true),
        "paragraph" | "Paragraph" | "paragraphs" => Some(false),
        _ => None,
    }?;
    if pieces.get(i + 1) != Some(&Piece::Space) {
        return None;
    }
    // The words right after, up to the next space: `F2.4(c)` is `F2`, `.`, `4`, `(`, `c`, `)`.
    let mut j = i + 2;
    let mut candidate = String::new();
    let mut best = None;
    while let Some(Piece::Word { text, .. }) = pieces.get(j) {
        candidate.push_str(text);
        j += 1;
        let reference = if kind {
            candidate.clone()
        } else {
            place.reference(&candidate)
        };
        if let Some(href) = place.target(reference) {
            best = Some((j, href.clone()));
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(targets: &Targets) -> Place<'_> {
        Place::new("Z", targets)
    }

    #[test]
    fn sub_paragraphs_are_anchored_by_their_reference() {
        let targets = Targets::new();
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
        let mut targets = Targets::new();
        targets.insert("F2.4".into(), "f.html#F2.4".into());
        targets.insert("Z:4.3".into(), "z.html#Z:4.3".into());
        let r = provision(
            "**6.1** See Section F2.4, paragraph 4.3 and Section F9.9 <b>x</b>.\n",
            "Z:6.1",
            &place(&targets),
        );
        assert!(
            r.html
                .contains("<a class=\"xref\" href=\"f.html#F2.4\">Section F2.4</a>,"),
            "{}",
            r.html
        );
        assert!(
            r.html
                .contains("<a class=\"xref\" href=\"z.html#Z:4.3\">paragraph 4.3</a>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("Section F9.9"));
        assert!(!r.html.contains("<b>"));
    }
}
