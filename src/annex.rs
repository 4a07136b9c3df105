//! The Annex model: what a Change Board reviewer sees, in order. Every writer reads this.
//!
//! For each changed document: its title, the Part headings of Parts with changes, each
//! changed provision complete with its number and sub-paragraphs, and an omission marker
//! where unchanged provisions are left out (`--context full` leaves nothing out).

use crate::changeset::{ChangeReport, ChangeSet};
use crate::corpus::{Address, Document, Edition, Meta, UnitKind, UnitRef, qualified};
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Cover {
    pub modification: String,
    pub title: String,
    /// What the document is: a modification's annex (with its letter), a release's redline,
    /// a comparison of two versions, or a clean copy.
    pub annex: AnnexKind,
    /// "Annex A – Legal text"
    pub heading: String,
    /// YYYY-MM-DD, or empty.
    pub date: String,
    pub author: String,
    /// "Section F version 1.0; Appendix Z version 1.0"
    pub base: String,
    /// `classification:` e.g. "White", printed at the top of the cover and every page.
    pub classification: Option<String>,
    /// `annex_version:` the annex's own version.
    pub annex_version: Option<String>,
    /// The title as the Code Administrator prints it: "MP209 'Lifetime CPA Certificates'".
    pub title_line: String,
    /// The date in words: "22 June 2022" (empty without a date).
    pub date_words: String,
    /// "About this document": what the annex is and which version of each document it redlines.
    pub about: String,
    /// The running header: "MP209 Annex A – Legal text".
    pub running: String,
}

/// What kind of document an annex is.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum AnnexKind {
    /// A modification's annex: its letter (`A`).
    Modification(String),
    /// A release's redline: every modification of the release, attributed.
    Release,
    /// Two versions of documents compared.
    #[default]
    Compare,
    /// A document as it reads, nothing marked.
    Clean,
}

impl AnnexKind {
    /// A modification's annex or a release's: titled by what makes the changes.
    fn of_changes(&self) -> bool {
        matches!(self, AnnexKind::Modification(_) | AnnexKind::Release)
    }
}

/// A user template reads `cover.annex` as it always has: the letter, `release`, or empty.
impl Serialize for AnnexKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(match self {
            AnnexKind::Modification(letter) => letter,
            AnnexKind::Release => "release",
            AnnexKind::Compare | AnnexKind::Clean => "",
        })
    }
}

impl Cover {
    /// Fills the printed forms (title line, date in words, running header) from the fields.
    pub fn finish(mut self) -> Cover {
        self.title_line = if self.annex.of_changes() {
            format!("{} \u{2018}{}\u{2019}", self.modification, self.title)
        } else {
            self.title.clone()
        };
        self.date_words = date_in_words(&self.date);
        self.running = if self.annex.of_changes() {
            format!("{} {}", self.modification, self.heading)
        } else {
            self.heading.clone()
        };
        self
    }
}

/// `2022-06-22` → `22 June 2022`; anything else as it is.
pub fn date_in_words(date: &str) -> String {
    crate::date::Date::parse(date).map_or_else(|_| date.to_string(), |d| d.in_words())
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
    pub fn unchanged(doc: &'a Document) -> DocumentPair<'a> {
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
        /// Which unit it is (what reasons and attribution match on).
        #[serde(skip)]
        unit: UnitRef,
        address: String,
        anchor: String,
        status: Status,
        redline: Redline,
        /// Why it changed: the `reason:` of each change that touched it, in change order.
        reasons: Vec<String>,
    },
    Provision {
        #[serde(skip)]
        unit: UnitRef,
        address: String,
        anchor: String,
        status: Status,
        redline: Redline,
        reasons: Vec<String>,
        /// Said above the provision when it is shown as a whole: the same words as the
        /// summary's [`SummaryRow::note`], as a sentence.
        note: Option<String>,
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
    /// The name templates and class names use: `changed`, `inserted`, ….
    pub fn name(self) -> &'static str {
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

/// Builds the annex from document pairs.
pub fn build(cover: Cover, docs: &[DocumentPair], context: Context) -> Annex {
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
        .map(|(d, show)| document(d, context, show, &mut redlines));
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
/// The line that opens a document's pages in the annex.
fn intro(meta: &Meta, context: Context) -> String {
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
        items.push(match u.kind {
            UnitKind::Part { .. } => Item::Heading {
                level: 2,
                unit,
                address,
                anchor,
                status,
                redline: r,
                reasons: Vec::new(),
            },
            UnitKind::CrossHeading { .. } => Item::Heading {
                level: 3,
                unit,
                address,
                anchor,
                status,
                redline: r,
                reasons: Vec::new(),
            },
            UnitKind::Provision { .. } => Item::Provision {
                unit,
                address,
                anchor,
                status,
                note: r.whole.map(|w| sentence(&w.note())),
                redline: r,
                reasons: Vec::new(),
            },
        });
    }
    let document = AnnexDocument {
        id: meta.id.clone(),
        name: meta.name(),
        title: meta.title.clone(),
        version: meta.version.clone(),
        anchor: anchor(&meta.id),
        intro: intro(meta, context),
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

/// Who and when, for the tracked changes of a `compare` (a build takes them from the change-set).
#[derive(Debug, Clone, Default)]
pub struct Stamp {
    pub author: String,
    /// YYYY-MM-DD, or empty: the DOCX then uses the fixed placeholder 1980-01-01.
    pub date: String,
}

/// The author of a file compare's tracked changes when none is given.
pub const COMPARE_AUTHOR: &str = "sec-redline compare";

/// The cover of a modification's annex, from its change-set: "MP209 ‘Lifetime CPA
/// Certificates’", "Annex A – Legal text", its date, author, classification and version.
pub fn modification_cover(set: &ChangeSet) -> Cover {
    Cover {
        modification: set.modification.clone(),
        title: set.title.clone(),
        annex: AnnexKind::Modification(set.annex.clone()),
        heading: format!("Annex {} \u{2013} Legal text", set.annex),
        date: set.date.clone(),
        author: set.author.clone(),
        classification: set.classification.clone(),
        annex_version: set.annex_version.clone(),
        ..Cover::default()
    }
}

/// A modification's annex, whole: its cover, the redline of what its change-set changed,
/// each change's reason beside what it touched, and the terminology audit's "Left
/// unchanged" rows.
pub fn modification_annex(set: &ChangeSet, applied: &crate::changeset::Applied, context: Context) -> Annex {
    let mut annex = build(modification_cover(set), &pairs(&applied.edition), context);
    annex.add_reasons(&reasons(set, &applied.reports, None));
    annex.left_unchanged = left_unchanged(&applied.audit);
    annex
}

/// The cover of `compare OLD NEW`: titled from the two sides' front matter of the pair,
/// never from file paths; stamped as given (the author [`COMPARE_AUTHOR`] when none is).
pub fn files_cover(pair: &DocumentPair, stamp: &Stamp) -> Cover {
    let (old, new) = (pair.meta, pair.amended);
    Cover {
        modification: new.name(),
        title: format!("{}: {}", new.name(), new.title),
        annex: AnnexKind::Compare,
        heading: files_heading(old, new),
        date: stamp.date.clone(),
        author: if stamp.author.is_empty() {
            COMPARE_AUTHOR.to_string()
        } else {
            stamp.author.clone()
        },
        ..Cover::default()
    }
}

/// A file compare's heading: "Section F version 1.0 compared with version 1.0 as amended by
/// MP209".
fn files_heading(old: &Meta, new: &Meta) -> String {
    let describe = |m: &Meta| {
        if m.amended_by.is_empty() {
            format!("version {}", m.version)
        } else {
            format!("version {} as amended by {}", m.version, and_list(&m.amended_by))
        }
    };
    let name = if old.name() == new.name() {
        String::new()
    } else {
        format!(" of {}", new.name())
    };
    format!("{} {} compared with {}{name}", old.name(), describe(old), describe(new))
}

/// One version of the Code, as a comparison of two of them names it.
#[derive(Debug, Clone, Copy)]
pub struct CodeVersion<'a> {
    /// `1.2`
    pub id: &'a str,
    /// In force from (`None`: the base version).
    pub in_force: Option<crate::date::Date>,
    /// The release that made it (`None`: the base version).
    pub release: Option<&'a str>,
}

/// The cover of `compare --from --to`: stamped, unless told otherwise, with what made the
/// later version, its release and the day it came into force (the base version has
/// neither: then the placeholders).
pub fn versions_cover(from: &CodeVersion, to: &CodeVersion, stamp: &Stamp) -> Cover {
    let in_force = |v: &CodeVersion| match v.in_force {
        Some(d) => format!("in force from {}", d.in_words()),
        None => "the base version".to_string(),
    };
    Cover {
        modification: "Smart Energy Code".to_string(),
        title: "Smart Energy Code".to_string(),
        annex: AnnexKind::Compare,
        heading: format!(
            "Version {} ({}) compared with version {} ({})",
            from.id,
            in_force(from),
            to.id,
            in_force(to)
        ),
        date: match (&stamp.date, to.in_force) {
            (d, _) if !d.is_empty() => d.clone(),
            (_, Some(d)) => d.to_string(),
            _ => String::new(),
        },
        author: match (&stamp.author, to.release) {
            (a, _) if !a.is_empty() => a.clone(),
            (_, Some(r)) => r.to_string(),
            _ => COMPARE_AUTHOR.to_string(),
        },
        ..Cover::default()
    }
}

/// What a release's redline says of itself: the `release` command's and the website's alike.
#[derive(Debug, Clone)]
pub struct ReleaseCover<'a> {
    /// The release's id: `2022-08-adhoc`.
    pub release: &'a str,
    pub title: &'a str,
    /// The version it makes, and the one before.
    pub version: &'a str,
    pub previous: &'a str,
    pub in_force: Option<crate::date::Date>,
    /// Its modifications, in the order they were applied.
    pub modifications: &'a [Attribution],
    /// The tracked changes' author: the modifications' authors.
    pub author: String,
}

/// A release's redline from its document pairs: the cover (title, running header, "About
/// this document") computed here once, and the modifications for the filter.
pub fn release_redline(r: &ReleaseCover, pairs: &[DocumentPair]) -> Annex {
    let in_words = r.in_force.map(|d| d.in_words()).unwrap_or_default();
    let cover = Cover {
        modification: r.release.to_string(),
        title: r.title.to_string(),
        annex: AnnexKind::Release,
        heading: format!(
            "Version {} of the Code \u{2014} changes from version {}, in force from {in_words}",
            r.version, r.previous
        ),
        date: r.in_force.map(|d| d.to_string()).unwrap_or_default(),
        author: r.author.clone(),
        ..Cover::default()
    };
    let mut annex = build(cover, pairs, Context::Changed);
    // A release's cover speaks of the release, not of one modification.
    let modifications: Vec<String> = r
        .modifications
        .iter()
        .map(|m| format!("{} \u{2018}{}\u{2019}", m.id, m.title))
        .collect();
    let versions: Vec<String> = pairs
        .iter()
        .map(|d| format!("{} version {}", d.meta.name(), d.meta.version))
        .collect();
    annex.cover.title_line = r.title.to_string();
    annex.cover.running = format!("SEC Release {} \u{2013} legal text", r.release);
    annex.cover.about = format!(
        "This document sets out every change that SEC Release {} makes to the Smart Energy Code, in force from {in_words}: {} {}, applied in that order, each change labelled with the modification that made it. The changes are marked against {}, and make version {} of the Code. Each document starts on a new page; unchanged text is left out where marked \u{201c}\u{2026}\u{201d}.",
        r.release,
        if modifications.len() == 1 {
            "Modification"
        } else {
            "Modifications"
        },
        and_list(&modifications),
        and_list(&versions),
        r.version,
    );
    annex.modifications = r.modifications.to_vec();
    annex
}

/// Each change's `reason:` with the places it touched, in change order, for
/// [`Annex::add_reasons`]. With `by` (a release's redline), each reason names the
/// modification that made the change: "MP209 – …".
pub fn reasons(set: &ChangeSet, reports: &[ChangeReport], by: Option<&str>) -> Vec<(String, Vec<Address>)> {
    reports
        .iter()
        .filter_map(|r| {
            let reason = &set.changes.get(r.change)?.reason.as_ref()?.value;
            let reason = match by {
                Some(id) => format!("{id} \u{2013} {reason}"),
                None => reason.clone(),
            };
            Some((reason, r.places.iter().map(|p| p.place.clone()).collect()))
        })
        .collect()
}

/// The annex's "Left unchanged" table: the first [`crate::limits::AUDIT_LISTED`] leftovers of each
/// term, then one row saying how many more there are and why.
pub fn left_unchanged(audit: &[crate::changeset::checks::TermAudit]) -> Vec<LeftUnchanged> {
    let mut rows = Vec::new();
    for term in audit {
        let shown = &term.listed[..term.listed.len().min(crate::limits::AUDIT_LISTED)];
        rows.extend(shown.iter().map(|l| LeftUnchanged {
            term: l.term.clone(),
            address: l.address.clone(),
            word: l.word.clone(),
            printed: l.printed.clone(),
            reason_text: l.reason_text.clone(),
        }));
        if term.counts.total() > shown.len() {
            rows.push(LeftUnchanged {
                term: term.term.clone(),
                address: String::new(),
                word: format!("{}-", term.term),
                printed: "Not listed here".to_string(),
                reason_text: format!(
                    "{}; `sec-redline check --audit-file FILE` lists every one",
                    term.unlisted_summary(shown.len())
                ),
            });
        }
    }
    rows
}

/// A place as the Code prints it, with its document: "Section F2.4(c)", "Appendix Z
/// paragraph 6.4A", "Appendix Z Part 6 heading", "Section F heading “X”".
fn printed_place(meta: &Meta, unit: &UnitRef, path: &[String]) -> String {
    match &unit.unit {
        crate::corpus::UnitId::CrossHeading { heading, .. } => {
            format!("{} heading \u{201c}{heading}\u{201d}", meta.name())
        }
        crate::corpus::UnitId::Numbered(number) => {
            let part = crate::number::is_part_number(number);
            let printed = crate::corpus::printed(meta, number, &crate::corpus::sub_path(path), part);
            if part { format!("{printed} heading") } else { printed }
        }
    }
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
pub fn and_list(items: &[String]) -> String {
    crate::changeset::checks::and_list(items)
}

impl Annex {
    /// Attaches each change's `reason:` to what it touched. `changes` holds, in change
    /// order, each change's reason and the places its report lists; a place names the
    /// provision or heading it lies in, and the sub-paragraph.
    pub fn add_reasons(&mut self, changes: &[(String, Vec<Address>)]) {
        for (reason, places) in changes {
            // Changes made for the same reason share one number.
            let number = self
                .reasons
                .iter()
                .find(|g| &g.reason == reason)
                .map_or(self.reasons.len() + 1, |g| g.number);
            // The places in each unit: the unit as a whole (empty path) or its sub-paragraphs.
            let mut units: std::collections::HashMap<&UnitRef, Vec<&[String]>> = std::collections::HashMap::new();
            for p in places {
                let paths = units.entry(&p.unit).or_default();
                if !paths.contains(&p.path.as_slice()) {
                    paths.push(&p.path);
                }
            }
            let mut touched = Vec::new();
            for doc in &mut self.documents {
                for item in &mut doc.items {
                    let (unit, address, anchor, reasons) = match item {
                        Item::Heading {
                            unit,
                            address,
                            anchor,
                            reasons,
                            ..
                        }
                        | Item::Provision {
                            unit,
                            address,
                            anchor,
                            reasons,
                            ..
                        } => (unit, address, anchor, reasons),
                        Item::Omission => continue,
                    };
                    let Some(paths) = units.get(&*unit) else {
                        continue;
                    };
                    if !reasons.contains(reason) {
                        reasons.push(reason.clone());
                    }
                    let row = self.summary.iter_mut().find(|s| &s.anchor == anchor);
                    let shown = row.is_some();
                    if let Some(row) = row
                        && !row.reasons.contains(&number)
                    {
                        row.reasons.push(number);
                        row.reasons.sort_unstable();
                    }
                    for path in paths {
                        let t = Touched {
                            printed: if shown {
                                printed_place(&doc.meta, unit, path)
                            } else {
                                address.clone()
                            },
                            anchor: anchor.clone(),
                        };
                        if !touched.contains(&t) {
                            touched.push(t);
                        }
                    }
                }
            }
            match self.reasons.iter_mut().find(|g| g.number == number) {
                Some(group) => {
                    for t in touched {
                        if !group.touched.contains(&t) {
                            group.touched.push(t);
                        }
                    }
                }
                None => self.reasons.push(ReasonGroup {
                    number,
                    reason: reason.clone(),
                    touched,
                }),
            }
        }
    }
}

impl Annex {
    /// Whether this is a release's redline (its summary has a Modification column).
    pub fn is_release(&self) -> bool {
        self.cover.annex == AnnexKind::Release
    }

    /// Fills each summary row's modifications from the attribution of its item's runs
    /// (`Run::by`), in the order of [`Annex::modifications`]; called once the runs are
    /// attributed.
    pub fn summarise_attribution(&mut self) {
        let order: Vec<&str> = self.modifications.iter().map(|m| m.id.as_str()).collect();
        let rank = |id: &str| order.iter().position(|o| *o == id).unwrap_or(order.len());
        let mut by_anchor: std::collections::HashMap<&str, Vec<String>> = std::collections::HashMap::new();
        for doc in &self.documents {
            for item in &doc.items {
                let (Item::Heading { anchor, redline, .. } | Item::Provision { anchor, redline, .. }) = item else {
                    continue;
                };
                let mut ids: Vec<String> = Vec::new();
                redline.each_run(|r| {
                    if let Some(by) = &r.by
                        && !ids.contains(by)
                    {
                        ids.push(by.clone());
                    }
                });
                ids.sort_by_key(|id| rank(id));
                by_anchor.insert(anchor, ids);
            }
        }
        for row in &mut self.summary {
            if let Some(ids) = by_anchor.get(row.anchor.as_str()) {
                row.modifications = ids.clone();
            }
        }
    }
}

impl Annex {
    /// Names the modifications of each summary row that its runs do not (where the words
    /// are not attributed, as in the website's redline of a release whose modifications
    /// changed the same provision): `by` gives, for a unit, the modifications that changed it.
    pub fn name_modifications(&mut self, by: &std::collections::HashMap<&UnitRef, Vec<&str>>) {
        let mut of_anchor: std::collections::HashMap<&str, &UnitRef> = std::collections::HashMap::new();
        for doc in &self.documents {
            for item in &doc.items {
                if let Item::Heading { anchor, unit, .. } | Item::Provision { anchor, unit, .. } = item {
                    of_anchor.insert(anchor, unit);
                }
            }
        }
        for row in self.summary.iter_mut().filter(|r| r.modifications.is_empty()) {
            if let Some(ids) = of_anchor.get(row.anchor.as_str()).and_then(|u| by.get(u)) {
                row.modifications = ids.iter().map(|id| id.to_string()).collect();
            }
        }
    }
}

impl Redline {
    /// Every run, in reading order (paragraphs, then table cells).
    fn each_run(&self, mut f: impl FnMut(&crate::redline::Run)) {
        for b in &self.blocks {
            match b {
                Block::Para(p) => p.runs.iter().for_each(&mut f),
                Block::Table(t) => t.rows.iter().flat_map(|r| r.cells.iter().flatten()).for_each(&mut f),
            }
        }
    }

    /// The first paragraph's runs, for headings.
    pub fn first_para(&self) -> Option<&crate::redline::Para> {
        self.blocks.iter().find_map(|b| match b {
            Block::Para(p) => Some(p),
            Block::Table(_) => None,
        })
    }
}
