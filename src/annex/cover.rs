//! The cover of each kind of annex (a modification's, a release's, a compare of two files
//! or of two versions of the Code, a clean copy), made here from facts; writers only print it.

use super::{Annex, Attribution, Context, DocumentPair, Notes, and_list, build};
use crate::changeset::ChangeSet;
use crate::corpus::{Document, Meta};
use serde::Serialize;

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
    pub(super) fn of_changes(&self) -> bool {
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
    pub(crate) fn finish(mut self) -> Cover {
        self.title_line = match self.annex {
            AnnexKind::Modification(_) => format!("{} \u{2018}{}\u{2019}", self.modification, self.title),
            _ => self.title.clone(),
        };
        self.date_words = date_in_words(&self.date);
        self.running = match self.annex {
            AnnexKind::Modification(_) => format!("{} {}", self.modification, self.heading),
            AnnexKind::Release => format!("SEC Release {} \u{2013} legal text", self.modification),
            AnnexKind::Compare | AnnexKind::Clean => self.heading.clone(),
        };
        self
    }
}

/// `2022-06-22` → `22 June 2022`; anything else as it is.
pub fn date_in_words(date: &str) -> String {
    crate::date::Date::parse(date).map_or_else(|_| date.to_string(), |d| d.in_words())
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
}

/// A release's tracked-change author: its modifications' authors, each once, in the order
/// the modifications were applied; a modification whose author is not known stands for
/// itself (its id).
fn release_author(modifications: &[Attribution]) -> String {
    let mut authors: Vec<&str> = Vec::new();
    for m in modifications {
        let author = if m.author.is_empty() { &m.id } else { &m.author };
        if !authors.contains(&author.as_str()) {
            authors.push(author);
        }
    }
    authors.join(", ")
}

/// A release's redline from its document pairs: the cover (title, running header, "About
/// this document") computed here once, the modifications for the filter, and the notes
/// (each change's reason and who made it).
pub fn release_redline(r: &ReleaseCover, pairs: &[DocumentPair], notes: Notes) -> Annex {
    let in_words = r.in_force.map(|d| d.in_words()).unwrap_or_default();
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
    let about = format!(
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
    let cover = Cover {
        modification: r.release.to_string(),
        title: r.title.to_string(),
        annex: AnnexKind::Release,
        heading: format!(
            "Version {} of the Code \u{2014} changes from version {}, in force from {in_words}",
            r.version, r.previous
        ),
        date: r.in_force.map(|d| d.to_string()).unwrap_or_default(),
        author: release_author(r.modifications),
        about,
        ..Cover::default()
    };
    let notes = Notes {
        modifications: r.modifications.to_vec(),
        ..notes
    };
    build(cover, pairs, Context::Changed, notes)
}

/// A document as it reads, nothing marked (the website's Word download): the document paired
/// with itself. The footer and the file's title read "Section F, Smart Energy Code, version
/// 1.2"; the document's introduction says what it is, not "with the changes marked".
pub fn clean_copy(d: &Document, code_version: &str) -> Annex {
    let pair = DocumentPair::unchanged(d);
    let cover = Cover {
        modification: format!("{},", d.meta.name()),
        title: d.meta.title.clone(),
        annex: AnnexKind::Clean,
        heading: format!("Smart Energy Code, version {code_version}"),
        ..Cover::default()
    };
    build(cover, &[pair], Context::Full, Notes::default())
}
