//! Splices: byte-range replacements on a unit's text, and where earlier positions move to.

use crate::corpus::Edition;
use std::ops::Range;

/// A byte-range replacement in one unit's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Splice {
    pub(super) range: Range<usize>,
    pub(super) text: String,
}

pub(super) fn overlaps(range: &Range<usize>, ranges: &[Range<usize>]) -> bool {
    ranges.iter().any(|r| r.start < range.end && range.start < r.end)
}

/// Applies non-overlapping splices. Returns the new text, the ranges the splices wrote,
/// and a map from old positions to new ones (for ranges recorded before the splices).
pub(super) fn splice(text: &str, splices: &[Splice]) -> (String, Vec<Range<usize>>, Shifts) {
    let mut sorted: Vec<&Splice> = splices.iter().collect();
    sorted.sort_by_key(|s| (s.range.start, s.range.end));
    let mut out = String::with_capacity(text.len() + 64);
    let mut written = Vec::new();
    let mut last = 0;
    let mut shifts = Shifts(Vec::new());
    let mut shift: isize = 0;
    for s in sorted {
        if s.range.start < last {
            continue; // two edits of one byte: the first wins (cannot happen for one occurrence each)
        }
        out.push_str(&text[last..s.range.start]);
        let start = out.len();
        out.push_str(&s.text);
        let trimmed_start = start + (s.text.len() - s.text.trim_start().len());
        let trimmed_end = start + s.text.trim_end().len();
        if trimmed_start < trimmed_end {
            written.push(trimmed_start..trimmed_end);
        }
        shift += s.text.len() as isize - s.range.len() as isize;
        shifts.0.push((s.range.end, shift));
        last = s.range.end;
    }
    out.push_str(&text[last..]);
    (out, written, shifts)
}

/// Applies splices to a unit of the edition: what they write is inserted (and touched), the
/// earlier marks move with the text, and `spans` (old positions: occurrences a change
/// matched) are touched too.
pub(super) fn splice_unit(edition: &mut Edition, doc: usize, unit: usize, splices: &[Splice], spans: &[Range<usize>]) {
    let (text, inserted, touched) = spliced(edition, doc, unit, splices, spans);
    edition.set_text(doc, unit, text, inserted, touched);
}

/// As [`splice_unit`], for splices known to keep the unit's structure (a replace's, checked
/// by reading the result again): see [`Edition::set_words`].
pub(super) fn splice_words(edition: &mut Edition, doc: usize, unit: usize, splices: &[Splice], spans: &[Range<usize>]) {
    let (text, inserted, touched) = spliced(edition, doc, unit, splices, spans);
    edition.set_words(doc, unit, text, inserted, touched);
}

/// The unit's text after `splices`, with its inserted and touched ranges moved and extended.
fn spliced(
    edition: &Edition,
    doc: usize,
    unit: usize,
    splices: &[Splice],
    spans: &[Range<usize>],
) -> (String, Vec<Range<usize>>, Vec<Range<usize>>) {
    let (text, written, shifts) = splice(edition.unit_text(doc, unit), splices);
    let u = edition.unit(doc, unit);
    let mut touched_now: Vec<Range<usize>> = spans
        .iter()
        .map(|r| shifts.position(r.start)..shifts.position(r.end))
        .collect();
    touched_now.extend(written.iter().cloned());
    let inserted = shifts.ranges(&u.inserted, written);
    let touched = shifts.ranges(&u.touched, touched_now);
    (text, inserted, touched)
}

/// Where old positions of a text moved to after splices: (old end of a splice, total shift).
pub(super) struct Shifts(Vec<(usize, isize)>);

impl Shifts {
    pub(super) fn position(&self, p: usize) -> usize {
        let delta = self.0.iter().rev().find(|(at, _)| *at <= p).map_or(0, |(_, d)| *d);
        (p as isize + delta) as usize
    }
    /// `ranges` moved, plus `more`, sorted.
    pub(super) fn ranges(&self, ranges: &[Range<usize>], more: Vec<Range<usize>>) -> Vec<Range<usize>> {
        let mut out = more;
        out.extend(ranges.iter().map(|r| self.position(r.start)..self.position(r.end)));
        out.sort_by_key(|r| (r.start, r.end));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inserted_ranges_move_with_later_splices() {
        let (t, written, shifts) = splice(
            "abc def",
            &[Splice {
                range: 0..0,
                text: "xx ".into(),
            }],
        );
        assert_eq!(t, "xx abc def");
        assert_eq!(shifts.ranges(std::slice::from_ref(&(4..7)), written), vec![0..2, 7..10]);
    }
}
