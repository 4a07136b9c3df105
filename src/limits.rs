//! Bounds on the work one input may cause, shared by the stages that enforce them.
//!
//! The bounds are decided by the input, never by the clock, so the same input gives the
//! same output however busy the machine is: a word diff is attempted only when its cost,
//! estimated from the two texts, is within [`DIFF_BUDGET`]. No diff reads the clock.

use std::collections::HashMap;
use std::hash::Hash;

/// The most pieces (words, punctuation, spaces, paragraph starts) two versions of one unit
/// may hold together to be compared word by word: a provision of about 25,000 words.
pub(crate) const MAX_PIECES: usize = 100_000;

/// The most work a word diff may be given: (length of both sides) × (the fewest edits the
/// two can differ by). Myers' diff takes about that many steps; 10^8 is well under a second.
pub(crate) const DIFF_BUDGET: u64 = 100_000_000;

/// How many occurrences of each replaced term the terminology audit lists (in `check`'s
/// output and the annex's "Left unchanged" table); the rest are counted, and `--audit-file`
/// writes every one.
pub const AUDIT_LISTED: usize = 20;

/// Whether two sequences may be diffed within the budget. The fewest edits is bounded below
/// by how many items one side has that the other lacks (counted with repeats).
pub(crate) fn affordable<T: Hash + Eq>(a: &[T], b: &[T]) -> bool {
    affordable_within(a, b, MAX_PIECES)
}

/// [`affordable`], with another bound on length (lines of a whole document, say).
pub(crate) fn affordable_within<T: Hash + Eq>(a: &[T], b: &[T], max: usize) -> bool {
    let total = a.len() + b.len();
    if total > max {
        return false;
    }
    // The fewest edits is at most every item of both sides: when even that fits, the
    // answer is known without counting (most units are short).
    if (total as u64).saturating_mul(total as u64) <= DIFF_BUDGET {
        return true;
    }
    let mut count: HashMap<&T, i64> = HashMap::with_capacity(a.len());
    for x in a {
        *count.entry(x).or_default() += 1;
    }
    for x in b {
        *count.entry(x).or_default() -= 1;
    }
    let fewest: u64 = count.values().map(|c| c.unsigned_abs()).sum();
    (total as u64).saturating_mul(fewest) <= DIFF_BUDGET
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_budget_is_decided_by_the_texts() {
        let words = |n: usize, w: &'static str| vec![w; n];
        // Small and similar: compared.
        assert!(affordable(&words(1000, "a"), &words(1000, "a")));
        // Every other token differs over 20,000 words: not compared.
        let a: Vec<&str> = (0..40_000).map(|i| if i % 2 == 0 { "ab" } else { "," }).collect();
        let b: Vec<&str> = (0..40_000).map(|i| if i % 2 == 0 { "ab" } else { ";" }).collect();
        assert!(!affordable(&a, &b));
        // Too long whatever it holds.
        assert!(!affordable(&words(60_000, "a"), &words(60_000, "a")));
    }
}
