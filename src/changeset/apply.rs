//! Applies a change-set to the Code's text, change by change, as splices on each unit's bytes.
//!
//! Each change sees the text the changes before it left. A phrase edit touches
//! only the words that differ (`expiry date` → `expiry or renewal date` inserts
//! `or renewal` and nothing else), so line breaks, `**bold**` runs and every
//! untouched byte stay exactly as they were.

use super::{Action, ChangeSet, Located, structure};
use crate::corpus::reference::{Target, resolve};
use crate::corpus::{Corpus, Edition};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::words::{Kind, Token, phrase_tokens, tokenize};
use std::ops::Range;

/// What one change did: where it applied, by address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeReport {
    /// Index in `changes:`.
    pub change: usize,
    pub addresses: Vec<String>,
}

/// The amended edition and what each change did.
#[derive(Debug)]
pub struct Applied<'c> {
    pub edition: Edition<'c>,
    pub reports: Vec<ChangeReport>,
    /// What the terminology audit found left of each replaced term.
    pub leftovers: Vec<super::checks::Leftover>,
    /// Problems that do not stop the build (references to "Not used" provisions).
    pub warnings: Diagnostics,
}

/// A byte-range replacement in one unit's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Splice {
    pub(super) range: Range<usize>,
    pub(super) text: String,
}

/// Applies every change in order; reports every change that fails, not only the first.
pub fn apply<'c>(corpus: &'c Corpus, set: &ChangeSet) -> Result<Applied<'c>, Diagnostics> {
    let mut edition = Edition::new(corpus);
    let mut diagnostics = Diagnostics::default();
    let mut reports = Vec::new();
    for (index, change) in set.changes.iter().enumerate() {
        edition.current_change = Some(index);
        let result = match &change.action {
            Action::Replace {
                find,
                with,
                scope,
                except,
                expect,
                preserve_case,
            } => replace(
                &mut edition,
                set,
                find,
                with,
                scope,
                except,
                expect.as_ref(),
                *preserve_case,
            ),
            Action::Rewrite { target, text } => structure::rewrite(&mut edition, set, target, text),
            Action::Insert { target, text, after } => structure::insert(&mut edition, set, target, text, *after),
            Action::Delete { target, leave_nothing } => structure::delete(&mut edition, set, target, *leave_nothing),
        };
        match result {
            Ok(addresses) => reports.push(ChangeReport {
                change: index,
                addresses,
            }),
            Err(ds) => diagnostics.extend(ds),
        }
    }
    edition.current_change = None;
    // The amended text as a whole: references that now point at nothing, and leftovers.
    diagnostics.extend(super::checks::cross_references(&edition, set));
    let leftovers = super::checks::audit(&edition, set);
    if set.strict {
        diagnostics.extend(super::checks::strict_errors(&edition, set, &leftovers));
    }
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    Ok(Applied {
        edition,
        reports,
        leftovers,
        warnings: diagnostics,
    })
}

pub(super) fn at(set: &ChangeSet, value: &Located<String>, message: impl Into<String>) -> Diagnostic {
    Diagnostic::at_position(&set.file, value.position, value.width, message)
}

/// Regions of units: (document, unit, byte range within the unit or all of it).
pub(super) type Regions = Vec<(usize, usize, Option<Range<usize>>)>;

/// Resolves `in:` or `except:` references to regions of units, with the references that
/// resolve to nothing and why.
pub(super) fn regions<'r>(
    edition: &Edition,
    refs: &'r [Located<String>],
) -> (Regions, Vec<(&'r Located<String>, String)>) {
    let mut out = Vec::new();
    let mut unresolved = Vec::new();
    for r in refs {
        match resolve(edition, &r.value) {
            Ok(target) => out.extend(target.regions(edition)),
            Err(why) => unresolved.push((r, why)),
        }
    }
    (out, unresolved)
}

/// An occurrence of a phrase: the indices of its word tokens.
struct Occurrence {
    tokens: Vec<usize>,
    capitalised: bool,
}

#[allow(clippy::too_many_arguments)]
fn replace(
    edition: &mut Edition,
    set: &ChangeSet,
    find: &Located<String>,
    with: &Located<String>,
    scope: &[Located<String>],
    except: &[Located<String>],
    expect: Option<&Located<usize>>,
    preserve_case: bool,
) -> Result<Vec<String>, Diagnostics> {
    let mut diagnostics = Diagnostics::default();
    let pattern_tokens = phrase_tokens(&find.value);
    let pattern: Vec<&str> = pattern_tokens
        .iter()
        .filter(|t| t.kind.is_word_like())
        .map(|t| t.text(&find.value))
        .collect();
    if pattern.is_empty() {
        return Err(at(set, find, "`replace:` holds no words to find")
            .help("write the words to find, e.g. `replace: expiry date`")
            .into());
    }
    let (mut units, mut unresolved) = if scope.is_empty() {
        let everything = (0..edition.docs.len()).flat_map(|d| Target::Document { doc: d }.regions(edition));
        (everything.collect(), Vec::new())
    } else {
        regions(edition, scope)
    };
    let (excluded, unresolved_except) = regions(edition, except);
    let excluded = super::regions::RegionIndex::new(&excluded);
    unresolved.extend(unresolved_except);
    if !unresolved.is_empty() {
        for (r, why) in unresolved {
            diagnostics.push(at(set, r, why).help("check the reference against the text in the text folder"));
        }
        return Err(diagnostics);
    }
    units.sort_by_key(|(d, u, _)| (*d, *u));
    let capital = capitalise(pattern[0]);
    let mut addresses = Vec::new();
    let mut excluded_count = 0;
    // Per unit: its splices and the spans of the occurrences they change.
    type UnitEdit = (usize, usize, Vec<Splice>, Vec<Range<usize>>);
    let mut unit_edits: Vec<UnitEdit> = Vec::new();
    let mut i = 0;
    while i < units.len() {
        let (doc, unit) = (units[i].0, units[i].1);
        let mut allowed: Vec<Option<Range<usize>>> = Vec::new();
        while i < units.len() && (units[i].0, units[i].1) == (doc, unit) {
            allowed.push(units[i].2.clone());
            i += 1;
        }
        let text = edition.unit_text(doc, unit);
        if !(text.contains(pattern[0]) || (preserve_case && text.contains(capital.as_str()))) {
            continue;
        }
        let tokens = tokenize(text);
        let inside = |r: &Range<usize>, region: &Option<Range<usize>>| {
            region.as_ref().is_none_or(|g| g.start <= r.start && r.end <= g.end)
        };
        let mut splices = Vec::new();
        let mut spans = Vec::new();
        for occurrence in occurrences(text, &tokens, &pattern, preserve_case.then_some(capital.as_str())) {
            let span =
                tokens[occurrence.tokens[0]].range.start..tokens[*occurrence.tokens.last().unwrap_or(&0)].range.end;
            if !allowed.iter().any(|g| inside(&span, g)) {
                continue;
            }
            let address = edition.address(doc, unit, span.start);
            if excluded.overlaps(doc, unit, &span) {
                excluded_count += 1;
                continue;
            }
            let inserted = &edition.unit(doc, unit).inserted;
            if occurrence.tokens.iter().any(|&t| overlaps(&tokens[t].range, inserted)) {
                diagnostics.push(
                    at(set, find, format!("'{}' at {address} is made of words an earlier change inserted", find.value))
                        .help("a change may not rewrite what an earlier change of the same change-set wrote; change the earlier change instead, or use `except:`"),
                );
                continue;
            }
            let replacement = if occurrence.capitalised {
                capitalise(&with.value)
            } else {
                with.value.clone()
            };
            splices.extend(phrase_splices(text, &tokens, &occurrence.tokens, &replacement));
            spans.push(span);
            addresses.push(address);
        }
        if let Some(label) = emptied_paragraph(text, &tokens, &splices) {
            let address = edition.address(doc, unit, label);
            diagnostics.push(
                at(
                    set,
                    with,
                    format!(
                        "replacing '{}' with '{}' leaves {address} with no words",
                        find.value, with.value
                    ),
                )
                .help(format!(
                    "to remove it, use `delete: {address}`; otherwise leave it out with `except: {address}`"
                )),
            );
            continue;
        }
        if !splices.is_empty() {
            unit_edits.push((doc, unit, splices, spans));
        }
    }
    if addresses.is_empty() && !diagnostics.has_errors() {
        let scope_text = if scope.is_empty() {
            "any document".to_string()
        } else {
            scope.iter().map(|s| s.value.as_str()).collect::<Vec<_>>().join(", ")
        };
        let mut message = format!("'{}' matches nothing in {scope_text}", find.value);
        if excluded_count > 0 {
            message.push_str(&format!(" ({excluded_count} occurrence(s) are excluded by `except:`)"));
        }
        let help = if !preserve_case && pattern[0] != capital {
            "matching is whole-word and case-sensitive; check the spelling, or add `case: preserve` to also match a capitalised first word"
        } else {
            "matching is whole-word and case-sensitive; check the spelling and the `in:` scope"
        };
        diagnostics.push(at(set, find, message).help(help));
    }
    if let Some(expect) = expect.filter(|e| addresses.len() != e.value && !addresses.is_empty()) {
        diagnostics.push(
            Diagnostic::at_position(
                &set.file,
                expect.position,
                expect.width,
                format!(
                    "'{}' occurs {} time(s), but `expect:` says {}",
                    find.value,
                    addresses.len(),
                    expect.value
                ),
            )
            .help(format!(
                "it occurs at {}; narrow the scope with `in:`/`except:`, or correct `expect:`",
                addresses.join(", ")
            )),
        );
    }
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    for (doc, unit, splices, spans) in unit_edits {
        splice_unit(edition, doc, unit, &splices, &spans);
    }
    Ok(addresses)
}

/// `expiry` → `Expiry`.
pub(super) fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

pub(super) fn overlaps(range: &Range<usize>, ranges: &[Range<usize>]) -> bool {
    ranges.iter().any(|r| r.start < range.end && range.start < r.end)
}

/// Every whole-word occurrence of `pattern` in the tokens, crossing spaces, line breaks and
/// inline markup but never a block, cell, label or list boundary.
fn occurrences(text: &str, tokens: &[Token], pattern: &[&str], capital: Option<&str>) -> Vec<Occurrence> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < tokens.len() {
        let first = tokens[start].text(text);
        let capitalised = capital.is_some_and(|c| c == first) && first != pattern[0];
        if !tokens[start].kind.is_word_like() || (first != pattern[0] && !capitalised) {
            start += 1;
            continue;
        }
        let mut matched = vec![start];
        let mut j = start;
        for want in &pattern[1..] {
            j += 1;
            while j < tokens.len() && matches!(tokens[j].kind, Kind::Space | Kind::Newline | Kind::Markup) {
                j += 1;
            }
            if j < tokens.len() && tokens[j].kind.is_word_like() && tokens[j].text(text) == *want {
                matched.push(j);
            } else {
                break;
            }
        }
        if matched.len() == pattern.len() {
            start = j + 1;
            out.push(Occurrence {
                tokens: matched,
                capitalised,
            });
        } else {
            start += 1;
        }
    }
    out
}

/// The splices that turn one occurrence into `with`. The words the two share at the start
/// and at the end stay as they are (with any line break or markup between them); only the
/// middle changes, so `expiry date` → `expiry or renewal date` inserts `or renewal` and nothing else.
fn phrase_splices(text: &str, tokens: &[Token], matched: &[usize], with: &str) -> Vec<Splice> {
    let new: Vec<Token> = phrase_tokens(with)
        .into_iter()
        .filter(|t| t.kind.is_word_like())
        .collect();
    let old = |i: usize| &tokens[matched[i]].range;
    let same =
        |i: usize, j: usize| old(i).len() == new[j].range.len() && text[old(i).clone()] == with[new[j].range.clone()];
    let (n_old, n_new) = (matched.len(), new.len());
    let prefix = (0..n_old.min(n_new)).take_while(|&i| same(i, i)).count();
    let suffix = (0..n_old.min(n_new) - prefix)
        .take_while(|&k| same(n_old - 1 - k, n_new - 1 - k))
        .count();
    let (old_end, new_end) = (n_old - suffix, n_new - suffix);
    let mut out = Vec::new();
    match (prefix == old_end, prefix == new_end) {
        (true, true) => {}
        // Only new words: they go right after the last shared word (inside its formatting run).
        (true, false) if prefix > 0 => {
            let at = old(prefix - 1).end;
            out.push(Splice {
                range: at..at,
                text: with[new[prefix - 1].range.end..new[new_end - 1].range.end].to_string(),
            });
        }
        (true, false) => {
            let at = old(0).start;
            out.push(Splice {
                range: at..at,
                text: with[new[0].range.start..new[new_end].range.start].to_string(),
            });
        }
        (false, true) => remove_run(tokens, matched, prefix, old_end, &mut out),
        (false, false) => {
            let mut range = old(prefix).start..old(old_end - 1).end;
            let mut words = with[new[prefix].range.start..new[new_end - 1].range.end].to_string();
            // Where `with` joins or separates the middle differently from the text (`and` →
            // `, Expiry and`), take its spacing, unless the text has markup or a line break there.
            if prefix > 0 {
                let old_gap = old(prefix - 1).end..range.start;
                let new_gap = &with[new[prefix - 1].range.end..new[prefix].range.start];
                if is_plain_gap(&text[old_gap.clone()], new_gap) {
                    range.start = old_gap.start;
                    words = format!("{new_gap}{words}");
                }
            }
            if suffix > 0 {
                let old_gap = range.end..old(old_end).start;
                let new_gap = &with[new[new_end - 1].range.end..new[new_end].range.start];
                if is_plain_gap(&text[old_gap.clone()], new_gap) {
                    range.end = old_gap.end;
                    words.push_str(new_gap);
                }
            }
            out.push(Splice { range, text: words });
        }
    }
    out
}

/// Where a numbered paragraph (a provision's opening words, a sub-paragraph, a heading) starts
/// whose every word `splices` removes, leaving its number or label alone on its line.
fn emptied_paragraph(text: &str, tokens: &[Token], splices: &[Splice]) -> Option<usize> {
    let opens_paragraph = |label: usize| {
        let before = tokens[..label]
            .iter()
            .rev()
            .find(|t| !matches!(t.kind, Kind::Markup | Kind::Space));
        before.is_none_or(|t| matches!(t.kind, Kind::Break | Kind::Marker))
    };
    let removed = |t: &Token| {
        splices
            .iter()
            .any(|s| s.text.is_empty() && s.range.start <= t.range.start && t.range.end <= s.range.end)
    };
    let mut i = 0;
    while i < tokens.len() {
        if tokens[i].kind != Kind::Label || !opens_paragraph(i) {
            i += 1;
            continue;
        }
        let end = (i + 1..tokens.len())
            .find(|&j| tokens[j].kind.is_boundary())
            .unwrap_or(tokens.len());
        let body = tokens[i].range.end..tokens.get(end).map_or(text.len(), |t| t.range.start);
        let mut words = tokens[i + 1..end].iter().filter(|t| t.kind == Kind::Word).peekable();
        let writes_words = splices
            .iter()
            .any(|s| body.contains(&s.range.start) && s.text.chars().any(char::is_alphanumeric));
        if words.peek().is_some() && words.all(removed) && !writes_words {
            return Some(tokens[i].range.start);
        }
        i = end;
    }
    None
}

/// Whether the text's gap is plain spaces and differs from `with`'s in being empty or not.
fn is_plain_gap(old: &str, new: &str) -> bool {
    old.bytes().all(|b| b == b' ') && old.is_empty() != new.is_empty()
}

/// Removes matched words `lo..hi` with the spaces between them, and the space that
/// separated the run from its neighbour, so no double space is left.
fn remove_run(tokens: &[Token], matched: &[usize], lo: usize, hi: usize, out: &mut Vec<Splice>) {
    if lo >= hi {
        return;
    }
    let spaces_between = |a: usize, b: usize, out: &mut Vec<Splice>| {
        for t in &tokens[a + 1..b] {
            if t.kind.is_space() {
                out.push(Splice {
                    range: t.range.clone(),
                    text: String::new(),
                });
            }
        }
    };
    for i in lo..hi {
        out.push(Splice {
            range: tokens[matched[i]].range.clone(),
            text: String::new(),
        });
        if i > lo {
            spaces_between(matched[i - 1], matched[i], out);
        }
    }
    if hi < matched.len() {
        spaces_between(matched[hi - 1], matched[hi], out);
    } else if lo > 0 {
        spaces_between(matched[lo - 1], matched[lo], out);
    } else if let Some(next) = tokens.get(matched[hi - 1] + 1).filter(|t| t.kind == Kind::Space) {
        out.push(Splice {
            range: next.range.clone(),
            text: String::new(),
        });
    } else if let Some(prev) = matched[0]
        .checked_sub(1)
        .and_then(|p| tokens.get(p))
        .filter(|t| t.kind == Kind::Space)
    {
        out.push(Splice {
            range: prev.range.clone(),
            text: String::new(),
        });
    }
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
    let (text, written, shifts) = splice(edition.unit_text(doc, unit), splices);
    let u = edition.unit(doc, unit);
    let mut touched_now: Vec<Range<usize>> = spans
        .iter()
        .map(|r| shifts.position(r.start)..shifts.position(r.end))
        .collect();
    touched_now.extend(written.iter().cloned());
    let inserted = shifts.ranges(&u.inserted, written);
    let touched = shifts.ranges(&u.touched, touched_now);
    edition.set_text(doc, unit, text, inserted, touched);
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

    fn edit(text: &str, find: &str, with: &str) -> String {
        let tokens = tokenize(text);
        let pattern: Vec<&str> = phrase_tokens(find)
            .iter()
            .filter(|t| t.kind.is_word_like())
            .map(|t| t.text(find))
            .collect();
        let mut splices = Vec::new();
        for o in occurrences(text, &tokens, &pattern, None) {
            splices.extend(phrase_splices(text, &tokens, &o.tokens, with));
        }
        splice(text, &splices).0
    }

    #[test]
    fn inserts_only_the_new_words() {
        assert_eq!(
            edit("the expiry date of", "expiry date", "expiry or renewal date"),
            "the expiry or renewal date of"
        );
        assert_eq!(
            edit("the expiry\n  date of", "expiry date", "expiry or renewal date"),
            "the expiry or renewal\n  date of"
        );
        assert_eq!(
            edit("the **expiry** date", "expiry date", "expiry or renewal date"),
            "the **expiry or renewal** date"
        );
        assert_eq!(
            edit("the **expiry date**", "expiry date", "expiry or renewal date"),
            "the **expiry or renewal date**"
        );
    }

    #[test]
    fn replaces_deletes_and_prepends() {
        assert_eq!(edit("on expiry of it", "expiry", "renewal"), "on renewal of it");
        assert_eq!(edit("the old red car", "old red", "red"), "the red car");
        assert_eq!(edit("the red car", "red car", "bright red car"), "the bright red car");
        assert_eq!(edit("a number.", "number", "number [E]/[R]"), "a number [E]/[R].");
        assert_eq!(edit("so very fine", "very", ""), "so fine");
        assert_eq!(edit("so very fine", "so very", ""), "fine");
        assert_eq!(
            edit(
                "## 6 Withdrawal and Expiry of Certificates",
                "Withdrawal and Expiry of Certificates",
                "Withdrawal, Expiry and Renewal of Certificates"
            ),
            "## 6 Withdrawal, Expiry and Renewal of Certificates"
        );
        assert_eq!(
            edit(
                "to advise the Panel under Section F5.7.",
                "advise the Panel under Section F5.7",
                "decide under paragraph 6.4 whether"
            ),
            "to decide under paragraph 6.4 whether."
        );
    }

    #[test]
    fn whole_words_only_and_not_across_cells() {
        assert_eq!(
            edit("expiry-date expirydate", "expiry date", "x"),
            "expiry-date expirydate"
        );
        assert_eq!(edit("| expiry | date |", "expiry date", "x"), "| expiry | date |");
    }

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
