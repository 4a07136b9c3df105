//! An edition of the Code: the base text with a modification's changes applied so far.
//!
//! Units that no change touched keep pointing at their bytes in the source file;
//! a changed unit carries its new text and the byte ranges that changes inserted
//! into it (so a later change cannot silently rewrite inserted words).

use super::index::{DocIndex, documents_by_id};
use super::unit_id::{Address, UnitRef, sub_path};
use super::{Corpus, Document, SubParagraph, UnitKind, parse::subparagraphs};
use std::collections::HashMap;
use std::ops::Range;

#[derive(Debug, Clone)]
pub struct EditionUnit {
    pub kind: UnitKind,
    pub part: Option<String>,
    /// The base unit this one comes from; `None` for an inserted unit.
    pub base: Option<usize>,
    /// The unit's text when a change has touched it.
    pub text: Option<String>,
    /// Ranges of `text` inserted by changes of this change-set.
    pub inserted: Vec<Range<usize>>,
    /// Ranges of `text` that changes matched or wrote (for the terminology audit).
    pub touched: Vec<Range<usize>>,
    /// Deleted with `leave: nothing`: kept here so the annex can show it struck through.
    pub removed: bool,
    /// The change (index in `changes:`) that last wrote this unit.
    pub changed_by: Option<usize>,
    /// Sub-paragraphs of `text`, relative to the unit's start (base ones when untouched).
    pub subparagraphs: Vec<SubParagraph>,
}

#[derive(Debug, Clone)]
pub struct EditionDoc {
    /// Boxed, so that inserting a provision into a long document moves pointers, not units.
    pub units: Vec<Box<EditionUnit>>,
}

#[derive(Debug, Clone)]
pub struct Edition<'c> {
    pub corpus: &'c Corpus,
    pub docs: Vec<EditionDoc>,
    /// The change being applied, recorded on every unit it writes.
    pub current_change: Option<usize>,
    /// Per document: where its provisions and Parts are (kept up to date by `insert_unit`).
    index: Vec<DocIndex>,
    /// Document index by id.
    doc_ids: HashMap<String, usize>,
}

impl<'c> Edition<'c> {
    /// The base text: every unit as printed.
    pub fn new(corpus: &'c Corpus) -> Self {
        let docs = corpus
            .documents
            .iter()
            .map(|d| EditionDoc {
                units: d
                    .units
                    .iter()
                    .enumerate()
                    .map(|(i, u)| {
                        Box::new(EditionUnit {
                            kind: u.kind.clone(),
                            part: u.part.clone(),
                            base: Some(i),
                            text: None,
                            inserted: Vec::new(),
                            touched: Vec::new(),
                            removed: false,
                            changed_by: None,
                            subparagraphs: u.subparagraphs.clone(),
                        })
                    })
                    .collect(),
            })
            .collect();
        let index = corpus
            .documents
            .iter()
            .map(|d| DocIndex::new(d.units.iter().map(|u| &u.kind)))
            .collect();
        Edition {
            corpus,
            docs,
            current_change: None,
            index,
            doc_ids: documents_by_id(corpus.documents.iter().map(|d| d.meta.id.as_str())),
        }
    }

    pub(crate) fn document(&self, doc: usize) -> &Document {
        &self.corpus.documents[doc]
    }

    pub(crate) fn unit(&self, doc: usize, unit: usize) -> &EditionUnit {
        &self.docs[doc].units[unit]
    }

    /// The current text of a unit.
    pub fn unit_text(&self, doc: usize, unit: usize) -> &str {
        let u = &self.docs[doc].units[unit];
        match (&u.text, u.base) {
            _ if u.removed => "",
            (Some(t), _) => t,
            (None, Some(b)) => self.corpus.documents[doc].unit_text(b),
            (None, None) => "",
        }
    }

    /// Replaces a unit's text; `inserted` are the ranges of the new text that changes inserted,
    /// `touched` those that changes matched or wrote.
    pub(crate) fn set_text(
        &mut self,
        doc: usize,
        unit: usize,
        text: String,
        inserted: Vec<Range<usize>>,
        touched: Vec<Range<usize>>,
    ) {
        self.docs[doc].units[unit].subparagraphs = subparagraphs(&text);
        self.write_text(doc, unit, text, inserted, touched);
    }

    /// As [`Edition::set_text`], for a text whose paragraphs, items and labels are known to
    /// be the unit's own (a replace, whose result is read again to prove it): a unit without
    /// sub-paragraphs has none after it either, so its text is not read again for them.
    pub(crate) fn set_words(
        &mut self,
        doc: usize,
        unit: usize,
        text: String,
        inserted: Vec<Range<usize>>,
        touched: Vec<Range<usize>>,
    ) {
        if !self.docs[doc].units[unit].subparagraphs.is_empty() {
            self.docs[doc].units[unit].subparagraphs = subparagraphs(&text);
        }
        self.write_text(doc, unit, text, inserted, touched);
    }

    /// The text and marks of a unit, written by the current change.
    fn write_text(
        &mut self,
        doc: usize,
        unit: usize,
        text: String,
        inserted: Vec<Range<usize>>,
        touched: Vec<Range<usize>>,
    ) {
        let u = &mut self.docs[doc].units[unit];
        u.text = Some(text);
        u.inserted = inserted;
        u.touched = touched;
        u.changed_by = self.current_change;
    }

    /// Adds a new unit (an inserted provision) at position `at`; all its words are inserted.
    pub(crate) fn insert_unit(&mut self, doc: usize, at: usize, kind: UnitKind, part: Option<String>, text: String) {
        let all: Vec<Range<usize>> = std::iter::once(0..text.len()).collect();
        let unit = EditionUnit {
            kind,
            part,
            base: None,
            subparagraphs: subparagraphs(&text),
            text: Some(text),
            inserted: all.clone(),
            touched: all,
            removed: false,
            changed_by: self.current_change,
        };
        self.index[doc].insert(&unit.kind, at);
        self.docs[doc].units.insert(at, Box::new(unit));
    }

    /// Removes a unit from the text (it stays in the edition, marked removed, for the annex).
    pub(crate) fn remove_unit(&mut self, doc: usize, unit: usize) {
        self.docs[doc].units[unit].removed = true;
        self.docs[doc].units[unit].changed_by = self.current_change;
    }

    /// Whether any unit of the document differs from the base text.
    pub(crate) fn is_changed(&self, doc: usize) -> bool {
        let base = &self.corpus.documents[doc];
        let units = &self.docs[doc].units;
        units.len() != base.units.len()
            || units.iter().enumerate().any(|(i, u)| {
                u.removed || u.base != Some(i) || u.text.as_deref().is_some_and(|t| t != base.unit_text(i))
            })
    }

    /// The whole document as it now reads: preamble bytes, then each unit's text.
    pub fn document_text(&self, doc: usize) -> String {
        let base = &self.corpus.documents[doc];
        self.document_text_after(doc, &base.text()[base.preamble.clone()])
    }

    /// The document's units as they now read, after `preamble` (its own, or one edited).
    /// Sized before it is written: a Code-sized document grown by doubling would hold the
    /// old and the new buffer at once (27.9 of the one-document dense build's 86.6 MB peak).
    pub(crate) fn document_text_after(&self, doc: usize, preamble: &str) -> String {
        let units = 0..self.docs[doc].units.len();
        let len = preamble.len() + units.clone().map(|i| self.unit_text(doc, i).len()).sum::<usize>();
        let mut out = String::with_capacity(len);
        out.push_str(preamble);
        for i in units {
            out.push_str(self.unit_text(doc, i));
        }
        out
    }

    /// Document index by id.
    pub(crate) fn doc_index(&self, id: &str) -> Option<usize> {
        self.doc_ids.get(id).copied()
    }

    /// The units of Part `number` of a document: its heading and everything up to the next Part.
    pub(crate) fn part_units(&self, doc: usize, number: &str) -> Option<Range<usize>> {
        let units = &self.docs[doc].units;
        let live = |p: usize| !units[p].removed;
        let start = self.index[doc].part(number, live)?;
        Some(self.index[doc].part_range(start, units.len(), live))
    }

    /// The unit printing provision `number` in a document.
    pub(crate) fn provision(&self, doc: usize, number: &str) -> Option<usize> {
        let units = &self.docs[doc].units;
        self.index[doc].provision(number, |p| !units[p].removed)
    }

    /// Where a byte of a unit is, as the Code prints it: "Section F6.3", "Appendix Z
    /// paragraph 8.3(b)", "the heading of Appendix Z Part 6".
    pub(crate) fn printed_address(&self, doc: usize, unit: usize, offset: usize) -> String {
        let u = &self.docs[doc].units[unit];
        let meta = &self.corpus.documents[doc].meta;
        let sub = sub_path(&self.place(doc, unit, offset).path);
        match &u.kind {
            UnitKind::Provision { number } => printed(meta, number, &sub, false),
            UnitKind::Part { number, .. } => format!("the heading of {}", printed(meta, number, "", true)),
            UnitKind::CrossHeading { heading } => format!(
                "the heading \u{201c}{heading}\u{201d} in {}",
                u.part
                    .as_deref()
                    .map_or_else(|| meta.name(), |p| printed(meta, p, "", true))
            ),
        }
    }

    /// The unit's identity (document, and the unit's number or cross-heading).
    pub(crate) fn unit_ref(&self, doc: usize, unit: usize) -> UnitRef {
        let u = &self.docs[doc].units[unit];
        UnitRef::of(&self.corpus.documents[doc].meta, &u.kind, u.part.as_deref())
    }

    /// Where a byte of a unit is: the unit and the innermost sub-paragraph holding it.
    pub(crate) fn place(&self, doc: usize, unit: usize, offset: usize) -> Address {
        let path = self.docs[doc].units[unit]
            .subparagraphs
            .iter()
            .filter(|s| s.range.contains(&offset))
            .max_by_key(|s| s.path.len())
            .map(|s| s.path.to_vec())
            .unwrap_or_default();
        Address {
            unit: self.unit_ref(doc, unit),
            path,
        }
    }

    /// The address of a byte of a unit, written: `F2.1(b)(ii)`, `F2.1`, or the heading's
    /// number (the form [`Address`] writes).
    pub(crate) fn address(&self, doc: usize, unit: usize, offset: usize) -> String {
        self.place(doc, unit, offset).to_string()
    }
}

/// A number as a reference that names it uniquely: `F2.1` stays, `6.2` of Z becomes `Z:6.2`.
/// A Part or provision as the Code prints it: in a Section `Section F2` and
/// `Section F2.4(c)`; in an Appendix `Appendix Z Part 6` and `Appendix Z paragraph 6.2(c)`.
/// `sub` is the sub-paragraph's labels, e.g. `(c)`.
pub fn printed(meta: &super::Meta, number: &str, sub: &str, part: bool) -> String {
    let own = number.starts_with(&meta.id) && number[meta.id.len()..].starts_with(|c: char| c.is_ascii_digit());
    match (own, part) {
        (true, _) => format!("{} {number}{sub}", meta.kind.as_str()),
        (false, true) => format!("{} Part {number}", meta.name()),
        (false, false) => format!("{} paragraph {number}{sub}", meta.name()),
    }
}

pub fn qualified(meta: &super::Meta, number: &str) -> String {
    super::unit_id::qualify(&meta.id, number)
}
