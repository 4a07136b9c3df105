//! The Annex model: what a Change Board reviewer sees, in order. Every writer reads this.
//!
//! For each changed document: its title, the Part headings of Parts with changes, each
//! changed provision complete with its number and sub-paragraphs, and an omission marker
//! where unchanged provisions are left out (`--context full` leaves nothing out).
//! `cover.rs` makes each kind of annex's cover; `reasons.rs` attaches the reasons and the
//! modifications that made each change.

mod cover;
mod reasons;

pub use cover::{
    AnnexKind, COMPARE_AUTHOR, CodeVersion, Cover, ReleaseCover, Stamp, clean_copy, date_in_words, files_cover,
    modification_cover, release_redline, versions_cover,
};
pub(crate) use reasons::{left_unchanged, reasons};

use crate::changeset::ChangeSet;
use crate::corpus::{Document, Edition, Meta, UnitKind, UnitRef, qualified};
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

/// One unit of a document on each side: `None` where it does not exist on that side.
#[derive(Debug, Clone)]
pub struct UnitPair<'a> {
    pub kind: &'a UnitKind,
    pub base: Option<&'a str>,
    pub amended: Option<&'a str>,
    /// Whether anything may have changed (false: the unit is known to be as printed).
    pub touched: bool,
}

/// A document's units, base against amended, with each side's front matter.
#[derive(Debug, Clone)]
pub struct DocumentPair<'a> {
    /// The base side's front matter: what the redline is marked against (its version is
    /// the one the annex names).
    pub meta: &'a Meta,
    /// The amended side's front matter as its text reads (a `compare`'s later version; in a
    /// build, the same document as amended; a release sets its new `version:` when it
    /// writes the files).
    pub amended: &'a Meta,
    pub units: Vec<UnitPair<'a>>,
}

impl<'a> DocumentPair<'a> {
    /// A document paired with itself: every unit as printed, nothing changed (a clean copy).
    pub(crate) fn unchanged(doc: &'a Document) -> DocumentPair<'a> {
        DocumentPair {
            meta: &doc.meta,
            amended: &doc.meta,
            units: doc
                .units
                .iter()
                .enumerate()
                .map(|(i, u)| UnitPair {
                    kind: &u.kind,
                    base: Some(doc.unit_text(i)),
                    amended: Some(doc.unit_text(i)),
                    touched: false,
                })
                .collect(),
        }
    }
}

/// What the reviewer sees of one unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Item {
    /// A Part heading (level 2) or cross-heading (level 3).
    Heading {
        level: u8,
        /// Its fields are the item's own in a template (`item.address`, `item.redline`).
        #[serde(flatten)]
        shown: Shown,
    },
    Provision {
        #[serde(flatten)]
        shown: Shown,
        /// Said above the provision when it is shown as a whole: the same words as the
        /// summary's [`SummaryRow::note`], as a sentence.
        note: Option<String>,
    },
    /// Unchanged text left out.
    Omission,
}

/// A heading or provision as shown: which unit, where, its redline and why it changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Shown {
    /// Which unit it is (what reasons and attribution match on).
    #[serde(skip)]
    pub unit: UnitRef,
    pub address: String,
    pub anchor: String,
    pub status: Status,
    pub redline: Redline,
    /// Why it changed: the `reason:` of each change that touched it, in change order.
    pub reasons: Vec<String>,
}

impl Item {
    /// The unit shown, if the item is one (not an omission).
    pub(crate) fn shown(&self) -> Option<&Shown> {
        match self {
            Item::Heading { shown, .. } | Item::Provision { shown, .. } => Some(shown),
            Item::Omission => None,
        }
    }

    fn shown_mut(&mut self) -> Option<&mut Shown> {
        match self {
            Item::Heading { shown, .. } | Item::Provision { shown, .. } => Some(shown),
            Item::Omission => None,
        }
    }
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
    /// The name templates and class names use: `changed`, `inserted`, ….
    pub(crate) fn name(self) -> &'static str {
        match self {
            Status::Unchanged => "unchanged",
            Status::Changed => "changed",
            Status::Reformatted => "reformatted",
            Status::Inserted => "inserted",
            Status::Deleted => "deleted",
        }
    }

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
    /// The line that opens the document's pages and says what follows.
    pub intro: String,
    pub items: Vec<Item>,
    /// Its front matter as the redline is marked against it: what its units are printed
    /// from ("Section F2.4(c)", "Appendix Z paragraph 6.2").
    #[serde(skip)]
    pub meta: Meta,
}

/// One line of the summary of changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SummaryRow {
    pub document: String,
    pub address: String,
    pub anchor: String,
    /// As the Code prints it within its document: "F2.4", "paragraph 6.4", "Part 6 heading".
    pub printed: String,
    pub status: Status,
    pub inserted_words: usize,
    pub deleted_words: usize,
    /// Numbers (from 1) of the reasons in [`Annex::reasons`] that explain this change.
    pub reasons: Vec<usize>,
    /// Said beside the change when the provision is shown as a whole because comparing it
    /// word by word took too long.
    pub note: Option<String>,
    /// In a release's redline, the modifications that made the change (ids, in the order
    /// the release applied them): the summary's Modification column.
    pub modifications: Vec<String>,
}

/// A change's reason with the provisions and headings it touched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReasonGroup {
    /// From 1, in change order.
    pub number: usize,
    pub reason: String,
    pub touched: Vec<Touched>,
}

/// A provision or heading a change touched, linked to its place in the annex.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Touched {
    /// "Section F2.4", "Appendix Z paragraph 6.4A", "Appendix Z Part 6 heading".
    pub printed: String,
    pub anchor: String,
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
    /// Where it is, as the Code prints it: "Section F6.3", "Appendix Z paragraph 8.3".
    pub printed: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Annex {
    pub cover: Cover,
    pub documents: Vec<AnnexDocument>,
    pub summary: Vec<SummaryRow>,
    /// Why each change is made (changes with a `reason:`), with what each touched.
    pub reasons: Vec<ReasonGroup>,
    /// Occurrences of replaced terms the modification leaves as they are, and why.
    pub left_unchanged: Vec<LeftUnchanged>,
    pub inserted_words: usize,
    pub deleted_words: usize,
    /// In a release's redline, the modifications its changes are attributed to (for the filter).
    pub modifications: Vec<Attribution>,
}

/// A modification a release's changes are attributed to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Attribution {
    pub id: String,
    pub title: String,
    /// The change-set's `author:` (empty where it is not known).
    pub author: String,
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
                amended: &base.meta,
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

/// What an annex says beside its redlines, known before it is built: [`build`] puts each in
/// place, so that an annex once made is complete, and its writers only read it.
#[derive(Default)]
pub struct Notes<'a> {
    /// Each change's `reason:` with the places it touched, in change order ([`reasons`]).
    pub reasons: Vec<(String, Vec<crate::corpus::Address>)>,
    /// The terminology audit's "Left unchanged" rows ([`left_unchanged`]).
    pub left_unchanged: Vec<LeftUnchanged>,
    /// A release's modifications, in the order they were applied.
    pub modifications: Vec<Attribution>,
    /// Who made each change (a release's redline).
    pub attribution: Option<&'a dyn Attributor>,
}

/// Who made the changes of a release's redline.
pub trait Attributor {
    /// Sets [`crate::redline::Run::by`] on the changed runs of one unit's redline.
    fn attribute(&self, unit: &UnitRef, redline: &mut Redline);
    /// The modifications that changed a unit, for its summary row where its runs name
    /// none (the history knows which modifications changed a provision, not which word).
    fn changed_by(&self, _unit: &UnitRef) -> Vec<String> {
        Vec::new()
    }
}

/// Sets every changed run of a redline as made by one modification.
pub(crate) fn attribute_all(redline: &mut Redline, modification: &str) {
    redline.each_run_mut(|r| {
        if r.change != crate::redline::Change::Equal {
            r.set_by(Some(modification.to_string()));
        }
    });
}

/// The annex of these document pairs: the cover, each shown unit's redline, the summary,
/// and the notes put beside what they are about.
pub fn build(cover: Cover, docs: &[DocumentPair], context: Context, notes: Notes) -> Annex {
    let mut annex = redlines(cover, docs, context);
    annex.modifications = notes.modifications;
    if let Some(attribution) = notes.attribution {
        for doc in &mut annex.documents {
            for item in &mut doc.items {
                if let Some(shown) = item.shown_mut() {
                    attribution.attribute(&shown.unit, &mut shown.redline);
                }
            }
        }
        annex.summarise_attribution(attribution);
    }
    annex.add_reasons(&notes.reasons);
    annex.left_unchanged = notes.left_unchanged;
    annex
}

/// The cover, and the redline and summary of each document's shown units.
fn redlines(cover: Cover, docs: &[DocumentPair], context: Context) -> Annex {
    let clean = cover.annex == AnnexKind::Clean;
    let mut cover = cover.finish();
    let versions: Vec<String> = docs
        .iter()
        .map(|d| format!("{} version {}", d.meta.name(), d.meta.version))
        .collect();
    cover.base = versions.join("; ");
    if cover.about.is_empty() {
        cover.about = if !cover.annex.of_changes() {
            // Several documents are two versions of the Code, not of "a document".
            let of = if docs.len() > 1 {
                "the Smart Energy Code"
            } else {
                "a document of the Smart Energy Code"
            };
            format!(
                "This document shows the differences between two versions of {of}, marked against {}.",
                and_list(&versions)
            )
        } else {
            format!(
                "This annex sets out the changes to the Smart Energy Code that {} would make, marked against {}. Each document starts on a new page; unchanged text is left out where marked \u{201c}\u{2026}\u{201d}.",
                cover.modification,
                and_list(&versions)
            )
        };
    }
    let mut annex = Annex {
        cover,
        documents: Vec::new(),
        summary: Vec::new(),
        reasons: Vec::new(),
        left_unchanged: Vec::new(),
        inserted_words: 0,
        deleted_words: 0,
        modifications: Vec::new(),
    };
    // What to show of each document, then every shown unit compared on every core (one
    // document of the whole Code keeps both cores busy too), joined back in order.
    let shown: Vec<Vec<bool>> = crate::parallel::in_parallel(docs, |d| shown(d, context));
    let work: Vec<&UnitPair> = docs
        .iter()
        .zip(&shown)
        .flat_map(|(d, show)| d.units.iter().zip(show).filter(|(_, s)| **s).map(|(u, _)| u))
        .collect();
    let mut redlines = crate::parallel::in_parallel(&work, |u| redline(u.base, u.amended)).into_iter();
    let parts = docs
        .iter()
        .zip(&shown)
        .map(|(d, show)| document(d, context, clean, show, &mut redlines));
    for (document, summary) in parts {
        annex.inserted_words += summary.iter().map(|s| s.inserted_words).sum::<usize>();
        annex.deleted_words += summary.iter().map(|s| s.deleted_words).sum::<usize>();
        annex.summary.extend(summary);
        annex.documents.push(document);
    }
    annex
}

/// A modification's annex, whole: its cover, the redline of what its change-set changed,
/// each change's reason beside what it touched, and the terminology audit's "Left
/// unchanged" rows.
pub(crate) fn modification_annex(set: &ChangeSet, applied: &crate::changeset::Applied, context: Context) -> Annex {
    let notes = Notes {
        reasons: reasons(set, &applied.reports, None),
        left_unchanged: left_unchanged(&applied.audit),
        ..Notes::default()
    };
    build(modification_cover(set), &pairs(&applied.edition), context, notes)
}

/// Which units of a document the annex shows.
fn shown(doc: &DocumentPair, context: Context) -> Vec<bool> {
    // Which units to show: changed ones, their Part heading, and a cross-heading over a change.
    // A unit whose words are the same (only its blank lines moved) is unchanged.
    // Compared word by word as they are read: no list of words is made (a dense build
    // compares 6,000 units).
    fn same_words(a: Option<&str>, b: Option<&str>) -> bool {
        match (a, b) {
            (Some(a), Some(b)) => a == b || a.split_whitespace().eq(b.split_whitespace()),
            (a, b) => a.is_none() && b.is_none(),
        }
    }
    let changed: Vec<bool> = doc
        .units
        .iter()
        .map(|u| u.touched && !same_words(u.base, u.amended))
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
/// The line that opens a document's pages in the annex (a clean copy marks nothing).
fn intro(meta: &Meta, context: Context, clean: bool) -> String {
    if clean {
        return format!("{} ({}), version {}, in full.", meta.name(), meta.title, meta.version);
    }
    match context {
        Context::Changed => format!(
            "{} ({}), version {}, with the changes marked. Unchanged provisions are left out where marked \u{201c}\u{2026}\u{201d}.",
            meta.name(),
            meta.title,
            meta.version
        ),
        Context::Full => format!(
            "{} ({}), version {}, in full, with the changes marked.",
            meta.name(),
            meta.title,
            meta.version
        ),
    }
}

fn document(
    doc: &DocumentPair,
    context: Context,
    clean: bool,
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
        let mut r = r;
        r.mark_gaps();
        (r, s)
    });
    let mut items = Vec::new();
    let mut summary = Vec::new();
    // The Part each unit is in: the last Part heading before it (units are in order).
    let mut part: Option<&str> = None;
    for (i, (u, (r, status))) in doc.units.iter().zip(redlines).enumerate() {
        if let UnitKind::Part { number, .. } = u.kind {
            part = Some(number);
        }
        let unit = UnitRef::of(meta, u.kind, part);
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
                printed: short_printed(meta, u.kind),
                status,
                inserted_words: r.inserted_words,
                deleted_words: r.deleted_words,
                reasons: Vec::new(),
                note: r.whole.map(|w| w.note()),
                modifications: Vec::new(),
            });
        }
        let note = r.whole.map(|w| sentence(&w.note()));
        let shown = Shown {
            unit,
            address,
            anchor,
            status,
            redline: r,
            reasons: Vec::new(),
        };
        items.push(match u.kind {
            UnitKind::Part { .. } => Item::Heading { level: 2, shown },
            UnitKind::CrossHeading { .. } => Item::Heading { level: 3, shown },
            UnitKind::Provision { .. } => Item::Provision { shown, note },
        });
    }
    let document = AnnexDocument {
        id: meta.id.clone(),
        name: meta.name(),
        title: meta.title.clone(),
        version: meta.version.clone(),
        anchor: anchor(&meta.id),
        intro: intro(meta, context, clean),
        items,
        meta: meta.clone(),
    };
    (document, summary)
}

/// "F2.4", "paragraph 6.4", "Part 6 heading", "F7 heading": a unit as the Code prints it
/// within its document (the summary names the document beside it).
fn short_printed(meta: &Meta, kind: &UnitKind) -> String {
    let (number, part) = match kind {
        UnitKind::Provision { number } => (number, false),
        UnitKind::Part { number, .. } => (number, true),
        UnitKind::CrossHeading { heading } => return format!("heading \u{201c}{heading}\u{201d}"),
    };
    let full = crate::corpus::printed(meta, number, "", part);
    let short = full
        .strip_prefix(&format!("{} ", meta.name()))
        .or_else(|| full.strip_prefix(&format!("{} ", meta.kind.as_str())))
        .unwrap_or(&full)
        .to_string();
    if part { format!("{short} heading") } else { short }
}

/// A note as a sentence of its own: its first letter a capital, a full stop at the end.
fn sentence(note: &str) -> String {
    let mut chars = note.chars();
    let first = chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>())
        .unwrap_or_default();
    format!("{first}{}.", chars.as_str())
}

/// `a`, `a and b`, `a, b and c`.
pub(crate) fn and_list(items: &[String]) -> String {
    crate::changeset::checks::and_list(items)
}

impl Redline {
    /// Every run, in reading order (paragraphs, then table cells).
    pub(super) fn each_run(&self, mut f: impl FnMut(&crate::redline::Run)) {
        for b in &self.blocks {
            match b {
                Block::Para(p) => p.runs.iter().for_each(&mut f),
                Block::Table(t) => t.rows.iter().flat_map(|r| r.cells.iter().flatten()).for_each(&mut f),
            }
        }
    }

    /// Every run, to change, in reading order (paragraphs, then table cells).
    fn each_run_mut(&mut self, mut f: impl FnMut(&mut crate::redline::Run)) {
        for b in &mut self.blocks {
            match b {
                Block::Para(p) => p.runs.iter_mut().for_each(&mut f),
                Block::Table(t) => t
                    .rows
                    .iter_mut()
                    .flat_map(|r| r.cells.iter_mut().flatten())
                    .for_each(&mut f),
            }
        }
    }
}
