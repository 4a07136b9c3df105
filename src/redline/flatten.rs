//! A unit's Markdown as the reader sees it: paragraphs of words with their formatting, and tables.
//!
//! This is what the redline compares. Markdown markers (`**`, list bullets, table
//! pipes) become formatting and structure here, so they can never show as changed words.

use crate::words::{Kind, tokenize};

/// One thing a reader sees in running text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Piece {
    /// The start of a paragraph or list item; `level` 0 is body text, 1.. list depth.
    Boundary { level: usize, label: Option<String> },
    /// A word or punctuation mark, with its formatting; `was` is its formatting in the base
    /// text where only that changed (set by the diff, never by [`flatten`]).
    Word {
        text: String,
        bold: bool,
        italic: bool,
        was: Option<Style>,
    },
    /// Whitespace between words (any run of spaces or line breaks reads as one space).
    Space,
}

/// Bold and italic: the formatting a word had before a formatting-only change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Style {
    pub bold: bool,
    pub italic: bool,
}

impl Piece {
    /// What the diff compares: formatting is not part of a word's identity.
    pub fn key(&self) -> String {
        match self {
            Piece::Boundary { level, label } => format!("\u{1}{level}:{}", label.as_deref().unwrap_or("")),
            Piece::Word { text, .. } => text.clone(),
            Piece::Space => " ".to_string(),
        }
    }
    pub fn is_word(&self) -> bool {
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

/// A paragraph holding only its label (`**F2.9**` alone, or `- (a)` with no words) still shows.
fn show_label_only(pending: &mut Option<(usize, Option<String>)>, pieces: &mut Vec<Piece>) {
    if let Some((level, Some(label))) = pending.take() {
        pieces.push(Piece::Boundary {
            level,
            label: Some(label),
        });
    }
}

/// Cuts a unit's Markdown into segments.
pub fn flatten(text: &str) -> Vec<Segment> {
    let tokens = tokenize(text);
    let mut segments: Vec<Segment> = Vec::new();
    let mut pieces: Vec<Piece> = Vec::new();
    let mut table: Option<TableSource> = None;
    let (mut bold, mut italic) = (false, false);
    // A boundary waits until the first word after it, so blank lines make no empty paragraphs.
    let mut pending: Option<(usize, Option<String>)> = Some((0, None));
    let mut at_line_start = true;
    for t in &tokens {
        let s = t.text(text);
        match t.kind {
            Kind::Break => {
                end_table(&mut table, &mut segments);
                if pending.is_none() {
                    pending = Some((0, None));
                }
                at_line_start = true;
                continue;
            }
            Kind::Newline => {
                if let Some(tb) = table.as_mut() {
                    // A row ends at its line end; drop the empty cell after the closing pipe.
                    if let Some(row) = tb.rows.last_mut()
                        && row.last().is_some_and(|c| c.iter().all(|p| *p == Piece::Space))
                    {
                        row.pop();
                    }
                } else if pending.is_none() {
                    push_space(&mut pieces);
                }
                at_line_start = true;
                continue;
            }
            Kind::Marker => {
                let bullet = s.trim_start();
                if bullet.starts_with(['-', '*', '+']) || bullet.starts_with(|c: char| c.is_ascii_digit()) {
                    end_table(&mut table, &mut segments);
                    show_label_only(&mut pending, &mut pieces);
                    let indent = s.len() - bullet.len();
                    pending = Some((indent / 2 + 1, None));
                } else if (bullet.starts_with('|') || bullet.starts_with(':'))
                    && let Some(tb) = table.as_mut()
                {
                    tb.header_rows = tb.rows.len();
                }
                at_line_start = false;
                continue;
            }
            Kind::Cell => {
                if table.is_none() {
                    show_label_only(&mut pending, &mut pieces);
                    flush_text(&mut pieces, &mut segments);
                    table = Some(TableSource {
                        header_rows: 0,
                        rows: Vec::new(),
                    });
                    pending = None;
                }
                let tb = table.as_mut().expect("a table was just started");
                if at_line_start || tb.rows.is_empty() {
                    tb.rows.push(vec![Vec::new()]);
                } else if let Some(row) = tb.rows.last_mut() {
                    row.push(Vec::new());
                }
                at_line_start = false;
                (bold, italic) = (false, false);
                continue;
            }
            Kind::Markup => {
                match s {
                    "**" | "__" => bold = !bold,
                    "*" | "_" => italic = !italic,
                    "***" | "___" => {
                        bold = !bold;
                        italic = !italic;
                    }
                    _ => {}
                }
                continue;
            }
            Kind::Label if pending.as_ref().is_some_and(|(_, l)| l.is_none()) && table.is_none() => {
                if let Some((_, label)) = pending.as_mut() {
                    *label = Some(s.to_string());
                }
                at_line_start = false;
                continue;
            }
            Kind::Space => {
                if let Some(cell) = table
                    .as_mut()
                    .and_then(|tb| tb.rows.last_mut())
                    .and_then(|r| r.last_mut())
                {
                    push_space(cell);
                } else if pending.is_none() && !at_line_start {
                    push_space(&mut pieces);
                }
                continue;
            }
            Kind::Word | Kind::Punct | Kind::Label => {}
        }
        at_line_start = false;
        let word = Piece::Word {
            text: s.to_string(),
            bold,
            italic,
            was: None,
        };
        if let Some(tb) = table.as_mut() {
            if let Some(cell) = tb.rows.last_mut().and_then(|r| r.last_mut()) {
                cell.push(word);
            }
            continue;
        }
        if let Some((level, label)) = pending.take() {
            if let Some(Piece::Space) = pieces.last() {
                pieces.pop();
            }
            pieces.push(Piece::Boundary { level, label });
        }
        pieces.push(word);
    }
    show_label_only(&mut pending, &mut pieces);
    end_table(&mut table, &mut segments);
    flush_text(&mut pieces, &mut segments);
    for seg in &mut segments {
        if let Segment::Table(tb) = seg {
            for cell in tb.rows.iter_mut().flatten() {
                trim(cell);
            }
        }
    }
    segments
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
    while pieces.first() == Some(&Piece::Space) {
        pieces.remove(0);
    }
}

fn flush_text(pieces: &mut Vec<Piece>, segments: &mut Vec<Segment>) {
    trim(pieces);
    if !pieces.is_empty() {
        segments.push(Segment::Text(std::mem::take(pieces)));
    }
}

fn end_table(table: &mut Option<TableSource>, segments: &mut Vec<Segment>) {
    if let Some(tb) = table.take() {
        segments.push(Segment::Table(tb));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(pieces: &[Piece]) -> String {
        pieces
            .iter()
            .map(|p| match p {
                Piece::Boundary { level, label } => format!("[{level}{}]", label.as_deref().unwrap_or("")),
                Piece::Word { text, bold: true, .. } => format!("*{text}*"),
                Piece::Word { text, .. } => text.clone(),
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
