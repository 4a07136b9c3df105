//! Regions of units (`in:`, `except:`) looked up by unit, so asking "is this word inside?"
//! costs the regions of that one unit, not all of them (an `except:` of a whole document
//! names every unit of it).

use super::WrittenReference;
use crate::corpus::Edition;
use crate::corpus::reference::resolve_reference;
use std::collections::HashMap;
use std::ops::Range;

/// Regions grouped by (document, unit).
#[derive(Debug, Clone, Default)]
pub(super) struct RegionIndex(HashMap<(usize, usize), Vec<Option<Range<usize>>>>);

impl RegionIndex {
    pub(super) fn new(regions: &Regions) -> Self {
        let mut map: HashMap<(usize, usize), Vec<Option<Range<usize>>>> = HashMap::new();
        for (doc, unit, range) in regions {
            map.entry((*doc, *unit)).or_default().push(range.clone());
        }
        RegionIndex(map)
    }

    fn of(&self, doc: usize, unit: usize) -> &[Option<Range<usize>>] {
        self.0.get(&(doc, unit)).map_or(&[], Vec::as_slice)
    }

    /// The units some region lies in.
    pub(super) fn units(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.0.keys().copied()
    }

    /// Whether some region lies in the unit.
    pub(super) fn reaches(&self, doc: usize, unit: usize) -> bool {
        self.0.contains_key(&(doc, unit))
    }

    /// Whether `at` lies wholly inside a region of the unit.
    pub(super) fn contains(&self, doc: usize, unit: usize, at: &Range<usize>) -> bool {
        self.of(doc, unit)
            .iter()
            .any(|r| r.as_ref().is_none_or(|r| r.start <= at.start && at.end <= r.end))
    }

    /// Whether `at` overlaps a region of the unit.
    pub(super) fn overlaps(&self, doc: usize, unit: usize, at: &Range<usize>) -> bool {
        self.of(doc, unit)
            .iter()
            .any(|r| r.as_ref().is_none_or(|r| r.start < at.end && at.start < r.end))
    }
}

/// Regions of units: (document, unit, byte range within the unit or all of it).
pub(super) type Regions = Vec<(usize, usize, Option<Range<usize>>)>;

/// Resolves `in:` or `except:` references to regions of units, with the references that
/// resolve to nothing and why.
pub(super) fn regions<'r>(
    edition: &Edition,
    refs: &'r [WrittenReference],
) -> (Regions, Vec<(&'r WrittenReference, String)>) {
    let mut out = Vec::new();
    let mut unresolved = Vec::new();
    for r in refs {
        match resolve_reference(edition, &r.reference) {
            Ok(target) => out.extend(target.regions(edition)),
            Err(why) => unresolved.push((r, why)),
        }
    }
    (out, unresolved)
}
