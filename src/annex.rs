//! The Annex model: what a Change Board reviewer sees, in order. Every writer reads this.
//!
//! For each changed document: its title, the Part headings of Parts with changes, each
//! changed provision complete with its number and sub-paragraphs, and an omission marker
//! where unchanged provisions are left out (`--context full` leaves nothing out).

use crate::corpus::{Document, Edition, Meta, UnitKind, qualified};
use crate::redline::{Block, Redline, redline};
use serde::Serialize;

/// How much unchanged text the annex shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Context {
    /// Changed provisions, with their Part headings; "…" where text is left out.
    #[default]
    Changed,
    /// Whole documents.
    Full,
}

/// The cover block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cover {
    pub modification: String,
    pub title: String,
    /// `A`
    pub annex: String,
    /// "Annex A — Legal text changes"
    pub heading: String,
    pub date: String,
    pub author: String,
    /// "Section F version 1.0; Appendix Z version 1.0"
    pub base: String,
}

/// One unit of a document on each side: `None` where it does not exist on that side.
#[derive(Debug, Clone)]
pub struct UnitPair<'a> {
    pub kind: &'a UnitKind,
    pub base: Option<&'a str>,
    pub amended: Option<&'a str>,
    /// Whether anything may have changed (false: the unit is known to be as printed).
    pub touched: bool,
}

/// A document's units, base against amended.
#[derive(Debug, Clone)]
pub struct DocumentPair<'a> {
    pub meta: &'a Meta,
    pub units: Vec<UnitPair<'a>>,
}

/// What the reviewer sees of one unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Item {
    /// A Part heading (level 2) or cross-heading (level 3).
    Heading {
        level: u8,
        address: String,
        anchor: String,
        status: Status,
        redline: Redline,
    },
    Provision {
        address: String,
        anchor: String,
        status: Status,
        redline: Redline,
    },
    /// Unchanged text left out.
    Omission,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Unchanged,
    Changed,
    /// Only bold or italic changed: no word inserted or deleted.
    Reformatted,
    Inserted,
    Deleted,
}

impl Status {
    fn of(pair: &UnitPair, redline: &Redline) -> Status {
        match (pair.base, pair.amended) {
            (None, Some(_)) => Status::Inserted,
            (Some(_), None) => Status::Deleted,
            _ if redline.is_reworded() => Status::Changed,
            _ if redline.is_changed() => Status::Reformatted,
            _ => Status::Unchanged,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnnexDocument {
    pub id: String,
    /// "Section F"
    pub name: String,
    pub title: String,
    pub version: String,
    pub anchor: String,
    pub items: Vec<Item>,
}

/// One line of the summary of changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SummaryRow {
    pub document: String,
    pub address: String,
    pub anchor: String,
    pub status: Status,
    pub inserted_words: usize,
    pub deleted_words: usize,
    /// Said beside the change when the provision is shown as a whole because comparing it
    /// word by word took too long.
    pub note: Option<String>,
}

/// A word of a replaced term that the modification leaves as it is, and why: a row of the
/// annex's "Left unchanged" table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LeftUnchanged {
    /// The term's stem, e.g. `expir`.
    pub term: String,
    pub address: String,
    /// The word as written, e.g. `expires`.
    pub word: String,
    pub reason_text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Annex {
    pub cover: Cover,
    pub documents: Vec<AnnexDocument>,
    pub summary: Vec<SummaryRow>,
    /// Occurrences of replaced terms the modification leaves as they are, and why.
    pub left_unchanged: Vec<LeftUnchanged>,
    pub inserted_words: usize,
    pub deleted_words: usize,
    /// In a release's redline, the modifications its changes are attributed to (for the filter).
    pub modifications: Vec<Attribution>,
}

/// A modification a release's changes are attributed to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attribution {
    pub id: String,
    pub title: String,
}

/// The documents an edition changes, base against amended, in the Code's order.
pub fn pairs<'a>(edition: &'a Edition) -> Vec<DocumentPair<'a>> {
    (0..edition.docs.len())
        .filter(|&d| edition.is_changed(d))
        .map(|d| {
            let base: &Document = edition.document(d);
            let units = edition.docs[d]
                .units
                .iter()
                .enumerate()
                .map(|(u, unit)| UnitPair {
                    kind: &unit.kind,
                    base: unit.base.map(|b| base.unit_text(b)),
                    amended: (!unit.removed).then(|| edition.unit_text(d, u)),
                    // Not its position: after an inserted provision every unit has moved,
                    // but one no change wrote is still as printed.
                    touched: unit.text.is_some() || unit.removed || unit.base.is_none(),
                })
                .collect();
            DocumentPair {
                meta: &base.meta,
                units,
            }
        })
        .collect()
}

/// An HTML id for an address: `Z:6.4(b)` → `z-6-4-b`.
pub fn anchor(address: &str) -> String {
    let mut out = String::from("p-");
    for c in address.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Builds the annex from document pairs.
pub fn build(mut cover: Cover, docs: &[DocumentPair], context: Context) -> Annex {
    cover.base = docs
        .iter()
        .map(|d| format!("{} version {}", d.meta.name(), d.meta.version))
        .collect::<Vec<_>>()
        .join("; ");
    let mut annex = Annex {
        cover,
        documents: Vec::new(),
        summary: Vec::new(),
        left_unchanged: Vec::new(),
        inserted_words: 0,
        deleted_words: 0,
        modifications: Vec::new(),
    };
    // What to show of each document, then every shown unit compared on every core (one
    // document of the whole Code keeps both cores busy too), joined back in order.
    let shown: Vec<Vec<bool>> = crate::in_parallel(docs, |d| shown(d, context));
    let work: Vec<&UnitPair> = docs
        .iter()
        .zip(&shown)
        .flat_map(|(d, show)| d.units.iter().zip(show).filter(|(_, s)| **s).map(|(u, _)| u))
        .collect();
    let mut redlines = crate::in_parallel(&work, |u| redline(u.base, u.amended)).into_iter();
    let parts = docs
        .iter()
        .zip(&shown)
        .map(|(d, show)| document(d, show, &mut redlines));
    for (document, summary) in parts {
        annex.inserted_words += summary.iter().map(|s| s.inserted_words).sum::<usize>();
        annex.deleted_words += summary.iter().map(|s| s.deleted_words).sum::<usize>();
        annex.summary.extend(summary);
        annex.documents.push(document);
    }
    annex
}

/// Which units of a document the annex shows.
fn shown(doc: &DocumentPair, context: Context) -> Vec<bool> {
    // Which units to show: changed ones, their Part heading, and a cross-heading over a change.
    // A unit whose words are the same (only its blank lines moved) is unchanged.
    fn words(t: Option<&str>) -> Option<Vec<&str>> {
        t.map(|t| t.split_whitespace().collect())
    }
    let changed: Vec<bool> = doc
        .units
        .iter()
        .map(|u| u.touched && words(u.base) != words(u.amended))
        .collect();
    let mut show: Vec<bool> = changed.iter().map(|&c| c || context == Context::Full).collect();
    let mut heading_at: Option<usize> = None;
    let mut cross_at: Option<usize> = None;
    for (i, u) in doc.units.iter().enumerate() {
        match u.kind {
            UnitKind::Part { .. } => (heading_at, cross_at) = (Some(i), None),
            UnitKind::CrossHeading { .. } => cross_at = Some(i),
            UnitKind::Provision { .. } => {}
        }
        if changed[i] {
            for h in [heading_at, cross_at].into_iter().flatten() {
                show[h] = true;
            }
        }
    }
    show
}

/// One document of the annex, and its lines of the summary; `redlines` holds the
/// comparison of each shown unit, in order (only what is shown is compared).
fn document(
    doc: &DocumentPair,
    show: &[bool],
    redlines: &mut impl Iterator<Item = Redline>,
) -> (AnnexDocument, Vec<SummaryRow>) {
    let meta = doc.meta;
    let redlines = doc.units.iter().zip(show).map(|(u, &shown)| {
        let r = if shown {
            redlines.next().expect("one redline for each shown unit")
        } else {
            Redline::empty()
        };
        let s = Status::of(u, &r);
        (r, s)
    });
    let mut items = Vec::new();
    let mut summary = Vec::new();
    for (i, (u, (r, status))) in doc.units.iter().zip(redlines).enumerate() {
        if !show[i] {
            if items.last() != Some(&Item::Omission) {
                items.push(Item::Omission);
            }
            continue;
        }
        let address = match u.kind {
            UnitKind::Part { number, .. } => qualified(meta, number),
            UnitKind::Provision { number } => qualified(meta, number),
            UnitKind::CrossHeading { heading } => format!("{} \u{201c}{heading}\u{201d}", meta.name()),
        };
        let anchor = anchor(&match u.kind {
            UnitKind::CrossHeading { .. } => format!("{}-h{i}", meta.id),
            _ => address.clone(),
        });
        if status != Status::Unchanged {
            summary.push(SummaryRow {
                document: meta.name(),
                address: address.clone(),
                anchor: anchor.clone(),
                status,
                inserted_words: r.inserted_words,
                deleted_words: r.deleted_words,
                note: r.whole.map(|w| w.note()),
            });
        }
        items.push(match u.kind {
            UnitKind::Part { .. } => Item::Heading {
                level: 2,
                address,
                anchor,
                status,
                redline: r,
            },
            UnitKind::CrossHeading { .. } => Item::Heading {
                level: 3,
                address,
                anchor,
                status,
                redline: r,
            },
            UnitKind::Provision { .. } => Item::Provision {
                address,
                anchor,
                status,
                redline: r,
            },
        });
    }
    let document = AnnexDocument {
        id: meta.id.clone(),
        name: meta.name(),
        title: meta.title.clone(),
        version: meta.version.clone(),
        anchor: anchor(&meta.id),
        items,
    };
    (document, summary)
}

impl Redline {
    /// The first paragraph's runs, for headings.
    pub fn first_para(&self) -> Option<&crate::redline::Para> {
        self.blocks.iter().find_map(|b| match b {
            Block::Para(p) => Some(p),
            Block::Table(_) => None,
        })
    }
}
