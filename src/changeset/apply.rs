//! Applies a change-set to the Code's text, change by change, as splices on each unit's bytes.
//!
//! Each change sees the text the changes before it left. A phrase edit touches
//! only the words that differ (`expiry date` → `expiry or renewal date` inserts
//! `or renewal` and nothing else), so line breaks, `**bold**` runs and every
//! untouched byte stay exactly as they were.

use super::{Action, ChangeSet, Located};
use crate::corpus::reference::{Target, resolve};
use crate::corpus::{BlockKind, Corpus, Edition, OutlineEntry, UnitKind, outline};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::words::{Kind, Token, bold_number, phrase_tokens, tokenize};
use similar::{Algorithm, DiffOp, capture_diff_slices};
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
}

/// A byte-range replacement in one unit's text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Splice {
    range: Range<usize>,
    text: String,
}

/// Applies every change in order; reports every change that fails, not only the first.
pub fn apply<'c>(corpus: &'c Corpus, set: &ChangeSet) -> Result<Applied<'c>, Diagnostics> {
    let mut edition = Edition::new(corpus);
    let mut diagnostics = Diagnostics::default();
    let mut reports = Vec::new();
    for (index, change) in set.changes.iter().enumerate() {
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
            Action::Rewrite { target, text } => rewrite(&mut edition, set, target, text),
        };
        match result {
            Ok(addresses) => reports.push(ChangeReport {
                change: index,
                addresses,
            }),
            Err(ds) => diagnostics.extend(ds),
        }
    }
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    Ok(Applied { edition, reports })
}

fn at(set: &ChangeSet, value: &Located<String>, message: impl Into<String>) -> Diagnostic {
    Diagnostic::at_position(&set.file, value.position, value.width, message)
}

/// Resolves `in:` or `except:` references to regions of units.
fn regions(
    edition: &Edition,
    set: &ChangeSet,
    refs: &[Located<String>],
    diagnostics: &mut Diagnostics,
) -> Vec<(usize, usize, Option<Range<usize>>)> {
    let mut out = Vec::new();
    for r in refs {
        match resolve(edition, &r.value) {
            Ok(target) => out.extend(target.regions(edition)),
            Err(why) => {
                diagnostics.push(at(set, r, why).help("check the reference against the text in the text folder"))
            }
        }
    }
    out
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
    let mut units = if scope.is_empty() {
        (0..edition.docs.len())
            .flat_map(|d| Target::Document { doc: d }.regions(edition))
            .collect()
    } else {
        regions(edition, set, scope, &mut diagnostics)
    };
    let excluded = regions(edition, set, except, &mut diagnostics);
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    units.sort_by_key(|(d, u, _)| (*d, *u));
    let capital = capitalise(pattern[0]);
    let mut addresses = Vec::new();
    let mut excluded_count = 0;
    let mut unit_edits: Vec<(usize, usize, Vec<Splice>)> = Vec::new();
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
        for occurrence in occurrences(text, &tokens, &pattern, preserve_case.then_some(capital.as_str())) {
            let span =
                tokens[occurrence.tokens[0]].range.start..tokens[*occurrence.tokens.last().unwrap_or(&0)].range.end;
            if !allowed.iter().any(|g| inside(&span, g)) {
                continue;
            }
            let address = edition.address(doc, unit, span.start);
            if excluded.iter().any(|(d, u, g)| {
                (*d, *u) == (doc, unit) && g.as_ref().is_none_or(|g| g.start < span.end && span.start < g.end)
            }) {
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
            addresses.push(address);
        }
        if !splices.is_empty() {
            unit_edits.push((doc, unit, splices));
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
    for (doc, unit, splices) in unit_edits {
        let (text, inserted) = splice(
            edition.unit_text(doc, unit),
            &splices,
            &edition.unit(doc, unit).inserted,
        );
        edition.set_text(doc, unit, text, inserted);
    }
    Ok(addresses)
}

/// `expiry` → `Expiry`.
fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn overlaps(range: &Range<usize>, ranges: &[Range<usize>]) -> bool {
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

/// Applies non-overlapping splices; returns the new text and its inserted ranges
/// (the old ones moved to their new place, plus the text each splice wrote).
fn splice(text: &str, splices: &[Splice], inserted: &[Range<usize>]) -> (String, Vec<Range<usize>>) {
    let mut sorted: Vec<&Splice> = splices.iter().collect();
    sorted.sort_by_key(|s| (s.range.start, s.range.end));
    let mut out = String::with_capacity(text.len() + 64);
    let mut new_inserted = Vec::new();
    let mut last = 0;
    // (old position, shift) after each splice, to move the earlier inserted ranges.
    let mut shifts: Vec<(usize, isize)> = Vec::new();
    let mut shift: isize = 0;
    for s in sorted {
        if s.range.start < last {
            continue; // two edits of one byte: the first wins (cannot happen for one occurrence each)
        }
        out.push_str(&text[last..s.range.start]);
        let start = out.len();
        out.push_str(&s.text);
        if !s.text.is_empty() {
            let trimmed_start = start + (s.text.len() - s.text.trim_start().len());
            let trimmed_end = start + s.text.trim_end().len();
            if trimmed_start < trimmed_end {
                new_inserted.push(trimmed_start..trimmed_end);
            }
        }
        shift += s.text.len() as isize - s.range.len() as isize;
        shifts.push((s.range.end, shift));
        last = s.range.end;
    }
    out.push_str(&text[last..]);
    let moved = |p: usize| -> usize {
        let delta = shifts.iter().rev().find(|(at, _)| *at <= p).map_or(0, |(_, d)| *d);
        (p as isize + delta) as usize
    };
    new_inserted.extend(inserted.iter().map(|r| moved(r.start)..moved(r.end)));
    new_inserted.sort_by_key(|r| r.start);
    (out, new_inserted)
}

fn rewrite(
    edition: &mut Edition,
    set: &ChangeSet,
    target: &Located<String>,
    text: &Located<String>,
) -> Result<Vec<String>, Diagnostics> {
    let (doc, unit) = match resolve(edition, &target.value) {
        Ok(Target::Provision { doc, unit }) => (doc, unit),
        Ok(Target::SubParagraph { .. }) => {
            return Err(at(set, target, "rewriting a single sub-paragraph is not supported yet")
                .help("rewrite the whole provision that holds it")
                .into());
        }
        Ok(_) => {
            return Err(at(
                set,
                target,
                format!(
                    "`rewrite:` takes one provision, and {} is a whole document or Part",
                    target.value
                ),
            )
            .help("name the provision, e.g. F2.3 or \"Z:6.2\"")
            .into());
        }
        Err(why) => {
            return Err(at(set, target, why)
                .help("check the reference against the text in the text folder")
                .into());
        }
    };
    let document = edition.document(doc);
    let number = edition.unit(doc, unit).kind.clone();
    let UnitKind::Provision { number } = number else {
        unreachable!("resolve returned a provision")
    };
    let new = document.line_ending.apply(text.value.trim_end());
    if let Some(c) = new
        .chars()
        .find(|&c| c != '\t' && c != '\r' && c != '\n' && (c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}'))
    {
        return Err(at(
            set,
            text,
            format!("the new text holds the control character U+{:04X}", c as u32),
        )
        .help("delete it; it usually comes from copying out of another program")
        .into());
    }
    let starts_right = bold_number(&new).is_some_and(|(a, b, _)| new[a..b] == *number);
    if !starts_right {
        return Err(at(
            set,
            text,
            format!(
                "the new text of {} must start with its number in bold: **{number}**",
                target.value
            ),
        )
        .help(format!(
            "begin the text with `**{number}** `; a rewrite keeps the provision's number"
        ))
        .into());
    }
    for entry in outline(&new).into_iter().skip(1) {
        if let OutlineEntry::Block { kind, range } = entry {
            let extra_provision = kind == BlockKind::Paragraph && bold_number(&new[range.clone()]).is_some();
            if matches!(kind, BlockKind::Heading(_)) || extra_provision {
                return Err(at(set, text, "the new text holds more than one provision or a heading")
                    .help("a rewrite replaces one provision; give each provision its own change")
                    .into());
            }
        }
    }
    let old_text = edition.unit_text(doc, unit);
    let content_len = old_text.trim_end().len();
    if old_text[..content_len] == new {
        return Err(at(
            set,
            text,
            format!("the new text of {} is the same as its current text", target.value),
        )
        .help("remove this change, or correct the text")
        .into());
    }
    let old_inserted = edition.unit(doc, unit).inserted.clone();
    let inserted = match rewritten_ranges(&old_text[..content_len], &new, &old_inserted) {
        Ok(r) => r,
        Err(()) => {
            return Err(at(set, target, format!("the rewrite of {} removes words an earlier change inserted", target.value))
                .help("a change may not rewrite what an earlier change of the same change-set wrote; fold the earlier change into this rewrite")
                .into())
        }
    };
    let full = format!("{new}{}", &old_text[content_len..]);
    let address = edition.address(doc, unit, 0);
    edition.set_text(doc, unit, full, inserted);
    Ok(vec![address])
}

/// The ranges of `new` that are new words (by a word diff against `old`), plus the
/// words of `old` inserted earlier that survive. `Err` if the rewrite deletes inserted words.
fn rewritten_ranges(old: &str, new: &str, old_inserted: &[Range<usize>]) -> Result<Vec<Range<usize>>, ()> {
    let visible = |text: &str| -> Vec<Token> {
        tokenize(text)
            .into_iter()
            .filter(|t| t.kind.is_word_like() || t.kind == Kind::Label)
            .collect()
    };
    let (ot, nt) = (visible(old), visible(new));
    let ow: Vec<&str> = ot.iter().map(|t| t.text(old)).collect();
    let nw: Vec<&str> = nt.iter().map(|t| t.text(new)).collect();
    let mut out = Vec::new();
    for op in capture_diff_slices(Algorithm::Myers, &ow, &nw) {
        let (old_range, new_range) = (op.old_range(), op.new_range());
        match op {
            DiffOp::Equal { .. } => {
                for (o, n) in old_range.zip(new_range) {
                    if overlaps(&ot[o].range, old_inserted) {
                        out.push(nt[n].range.clone());
                    }
                }
            }
            _ => {
                if old_range.clone().any(|o| overlaps(&ot[o].range, old_inserted)) {
                    return Err(());
                }
                out.extend(new_range.map(|n| nt[n].range.clone()));
            }
        }
    }
    Ok(out)
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
        splice(text, &splices, &[]).0
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
        let (t, r) = splice(
            "abc def",
            &[Splice {
                range: 0..0,
                text: "xx ".into(),
            }],
            std::slice::from_ref(&(4..7)),
        );
        assert_eq!(t, "xx abc def");
        assert_eq!(r, vec![0..2, 7..10]);
    }
}
