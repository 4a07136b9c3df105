//! Where each provision and Part of a document stands in an edition, found in O(1) and kept
//! true as changes insert units (so a lookup never scans the document).
//!
//! Units get an id when they enter the edition (a base unit: its index in the document;
//! an inserted one: the next free id). Numbers map to ids, ids to current positions; an
//! insertion shifts the positions after it (one pass over a vector of integers, no hashing).

use super::UnitKind;
use std::collections::HashMap;
use std::ops::Range;

#[derive(Debug, Clone, Default)]
pub(crate) struct DocIndex {
    /// Provision number → ids of the units printing it (more than one only while some are removed).
    provisions: HashMap<String, Vec<usize>>,
    /// Part number → ids of its heading units.
    parts: HashMap<String, Vec<usize>>,
    /// Positions of Part headings, in reading order.
    part_positions: Vec<usize>,
    /// id → position in the document's units.
    position: Vec<usize>,
}

impl DocIndex {
    /// The index of units in reading order.
    pub(crate) fn new<'k>(kinds: impl Iterator<Item = &'k UnitKind>) -> Self {
        let mut index = DocIndex::default();
        for kind in kinds {
            let at = index.position.len();
            index.add(kind, at);
        }
        index
    }

    fn add(&mut self, kind: &UnitKind, at: usize) {
        let id = self.position.len();
        self.position.push(at);
        match kind {
            UnitKind::Provision { number } => self.provisions.entry(number.clone()).or_default().push(id),
            UnitKind::Part { number, .. } => {
                self.parts.entry(number.clone()).or_default().push(id);
                let i = self.part_positions.partition_point(|&p| p < at);
                self.part_positions.insert(i, at);
            }
            UnitKind::CrossHeading { .. } => {}
        }
    }

    /// A unit of `kind` is inserted at position `at`: everything from `at` on moves down one.
    pub(crate) fn insert(&mut self, kind: &UnitKind, at: usize) {
        for p in self.position.iter_mut().chain(self.part_positions.iter_mut()) {
            if *p >= at {
                *p += 1;
            }
        }
        self.add(kind, at);
    }

    /// The first unit (by position) printing provision `number` for which `live` holds.
    pub(crate) fn provision(&self, number: &str, live: impl Fn(usize) -> bool) -> Option<usize> {
        self.first(self.provisions.get(number)?, live)
    }

    /// The first heading (by position) of Part `number` for which `live` holds.
    pub(crate) fn part(&self, number: &str, live: impl Fn(usize) -> bool) -> Option<usize> {
        self.first(self.parts.get(number)?, live)
    }

    fn first(&self, ids: &[usize], live: impl Fn(usize) -> bool) -> Option<usize> {
        ids.iter().map(|&id| self.position[id]).filter(|&p| live(p)).min()
    }

    /// The units of the Part whose heading is at `start`: up to the next heading for which
    /// `live` holds, or to `len`.
    pub(crate) fn part_range(&self, start: usize, len: usize, live: impl Fn(usize) -> bool) -> Range<usize> {
        let after = self.part_positions.partition_point(|&p| p <= start);
        let end = self.part_positions[after..]
            .iter()
            .copied()
            .find(|&p| live(p))
            .unwrap_or(len);
        start..end
    }
}

/// Documents by id, built once.
pub(crate) fn documents_by_id<'d>(ids: impl Iterator<Item = &'d str>) -> HashMap<String, usize> {
    let mut out = HashMap::new();
    for (i, id) in ids.enumerate() {
        out.entry(id.to_string()).or_insert(i);
    }
    out
}
