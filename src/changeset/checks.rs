//! Safety checks on the amended text: references that now point at nothing, and the
//! terminology audit (what the change-set left of a term it replaces, and why).

use super::regions;
use super::regions::RegionIndex;
use super::title_case::capitalise;
use super::{Action, ChangeSet, WrittenReference};
use crate::corpus::citation::{self, Cited};
use crate::corpus::reference::{Target, resolve};
use crate::corpus::{Edition, UnitKind};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::words::{Kind, tokenize};
use serde::Serialize;
use std::ops::Range;

/// Why an occurrence of a replaced term is still there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "detail", rename_all = "lowercase")]
pub enum Reason {
    /// Under a `keep:` entry: the drafter's reason, in the Board's words.
    Kept(String),
    /// In an `except:` of a change that would have matched it.
    Excluded(String),
    /// Outside the `in:` of every change that would have matched it.
    OutOfScope(String),
    /// In scope of a change but not matched (another form of the word, another phrase).
    NotMatched,
}

impl Reason {
    /// The reason in plain words, for the annex's "Left unchanged" table.
    pub(crate) fn describe(&self) -> String {
        match self {
            Reason::Kept(r) => r.clone(),
            Reason::Excluded(r) => format!("left out of the change on purpose: {r} is excluded"),
            Reason::OutOfScope(c) => c.clone(),
            Reason::NotMatched => "no change covers it".to_string(),
        }
    }
}

/// One occurrence of a replaced term that the change-set did not change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Leftover {
    /// The stem, e.g. `expir`.
    pub term: String,
    pub address: String,
    /// The word as written, e.g. `expires`.
    pub word: String,
    pub reason: Reason,
    pub reason_text: String,
    /// Where it is, as the Code prints it: "Section F6.3", "Appendix Z paragraph 8.3".
    pub printed: String,
    #[serde(skip)]
    pub place: (usize, usize, usize),
}

const SUFFIXES: &[&str] = &["", "e", "es", "ed", "ing", "y", "ies", "ied", "s", "ation", "ations"];

/// `expiry`, `expires`, `expired` → `expir`.
pub(crate) fn stem(word: &str) -> String {
    let w = word.to_lowercase();
    for suffix in ["ies", "ied", "ing", "ed", "es", "s", "y", "e"] {
        if let Some(s) = w.strip_suffix(suffix).filter(|s| s.chars().count() >= 4) {
            return s.to_string();
        }
    }
    w
}

fn has_stem(word: &str, stem: &str) -> bool {
    let w = word.to_lowercase();
    w.strip_prefix(stem).is_some_and(|rest| SUFFIXES.contains(&rest))
}

/// The term a replace is about: its first word of four letters or more, for phrases of up
/// to three words (longer phrases are targeted edits, not terminology).
fn head_term(find: &str) -> Option<&str> {
    let words: Vec<&str> = find.split_whitespace().collect();
    if words.len() > 3 {
        return None;
    }
    words
        .into_iter()
        .find(|w| w.chars().count() >= 4 && w.chars().all(char::is_alphabetic))
}

struct ReplaceInfo<'s> {
    first: &'s str,
    /// How many words the phrase has (a one-word phrase in scope would have matched).
    words: usize,
    capital: Option<String>,
    /// What a leftover outside its `in:` says, worked out once (`None`: no `in:`).
    out_of_scope: Option<String>,
    /// Where `in:` reaches (`None`: everywhere).
    scope_regions: Option<RegionIndex>,
    /// Each `except:` as the Code prints it, with where it reaches.
    except: Vec<(String, RegionIndex)>,
}

/// The regions `refs` name. The change-set has applied, so every reference resolves.
fn regions(edition: &Edition, refs: &[WrittenReference]) -> RegionIndex {
    RegionIndex::new(&regions::regions(edition, refs).0)
}

/// What the audit found of one replaced term: the first occurrences left unchanged (all
/// of them when asked), and how many there are in all, by reason.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TermAudit {
    /// The stem, e.g. `expir`.
    pub term: String,
    /// The first occurrences in the order of the text (every one without a limit).
    pub listed: Vec<Leftover>,
    /// How many there are in all, listed or not.
    pub counts: ReasonCounts,
}

impl TermAudit {
    /// What the occurrences after the first `shown` are, for a reader: "24,990 more of
    /// 25,010 in all (24,000 outside the scope (`in:`) of the change, …)". The counts are
    /// of every occurrence, listed or not.
    pub fn unlisted_summary(&self, shown: usize) -> String {
        let c = &self.counts;
        let parts: Vec<String> = [
            (c.kept, "kept for a reason given in `keep:`"),
            (c.excluded, "excluded by `except:`"),
            (c.out_of_scope, "outside the scope (`in:`) of the change"),
            (c.not_matched, "that no change covers"),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{} {what}", thousands(n)))
        .collect();
        format!(
            "{} more of {} in all ({})",
            thousands(c.total().saturating_sub(shown)),
            thousands(c.total()),
            parts.join(", ")
        )
    }
}

/// How many leftovers of a term there are for each kind of reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReasonCounts {
    pub kept: usize,
    pub excluded: usize,
    pub out_of_scope: usize,
    pub not_matched: usize,
}

impl ReasonCounts {
    pub fn total(&self) -> usize {
        self.kept + self.excluded + self.out_of_scope + self.not_matched
    }
    fn add(&mut self, other: &ReasonCounts) {
        self.kept += other.kept;
        self.excluded += other.excluded;
        self.out_of_scope += other.out_of_scope;
        self.not_matched += other.not_matched;
    }
}

/// `1,234,567`.
pub(crate) fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The replaces of one term, prepared once for every occurrence the audit looks at.
struct Term<'s> {
    stem: String,
    /// The same stem with its first letter capitalised (`Expir`), for the quick test.
    capital: String,
    /// For each word a replace starts with (and its capitalised form under `case:
    /// preserve`): the replaces that would have matched an occurrence of it.
    by_word: Vec<(&'s str, Candidates<'s>)>,
}

/// The replaces that would have matched one word, with what decides a leftover's reason
/// worked out once.
struct Candidates<'s> {
    replaces: Vec<&'s ReplaceInfo<'s>>,
    /// Some replace has no `in:` (it reaches everywhere).
    unscoped: bool,
    /// Units that some replace's `in:` or `except:` reaches: elsewhere the reason is the
    /// same for every occurrence.
    reached: std::collections::HashSet<(usize, usize)>,
}

/// Every occurrence of each replaced term that no change matched or wrote, with why: per
/// term, the first `limit` in the order of the text (all of them for `None`) and how many
/// there are in all, for each kind of reason. Unexplained leftovers are errors in `strict`.
pub(crate) fn audit(
    edition: &Edition,
    set: &ChangeSet,
    limit: Option<usize>,
    strict: bool,
) -> (Vec<TermAudit>, Diagnostics) {
    // `keep:` entries have been checked to resolve (see `audit_if_complete`).
    let keeps: Vec<(RegionIndex, &str)> = set
        .keep
        .iter()
        .map(|k| (regions(edition, std::slice::from_ref(&k.at)), k.reason.value.as_str()))
        .collect();
    let mut replaces: Vec<(String, ReplaceInfo)> = Vec::new();
    for change in &set.changes {
        if let Action::Replace(super::Replace {
            find,
            scope,
            except,
            preserve_case,
            ..
        }) = &change.action
        {
            let Some(term) = head_term(&find.value) else { continue };
            let first = find.value.split_whitespace().next().unwrap_or_default();
            let capital = preserve_case.then(|| capitalise(first));
            let scope_refs: Vec<&str> = scope.iter().map(|r| r.value.as_str()).collect();
            let out_of_scope = (!scope.is_empty()).then(|| {
                format!(
                    "the change to \u{201c}{}\u{201d} applies only to {}",
                    find.value,
                    and_list(
                        &scope_refs
                            .iter()
                            .map(|s| printed_reference(edition, s))
                            .collect::<Vec<_>>()
                    )
                )
            });
            replaces.push((
                stem(term),
                ReplaceInfo {
                    first,
                    words: find.value.split_whitespace().count(),
                    capital,
                    out_of_scope,
                    scope_regions: (!scope.is_empty()).then(|| regions(edition, scope)),
                    except: except
                        .iter()
                        .map(|e| {
                            (
                                printed_reference(edition, &e.value),
                                regions(edition, std::slice::from_ref(e)),
                            )
                        })
                        .collect(),
                },
            ));
        }
    }
    let terms = terms(&replaces);
    let limit = limit.unwrap_or(usize::MAX);
    // Documents are independent: each is audited on its own core, in order.
    let docs: Vec<usize> = (0..edition.docs.len()).collect();
    let per_doc = crate::parallel::in_parallel(&docs, |&doc| {
        audit_document(edition, set, doc, &terms, &keeps, limit, strict)
    });
    let mut out: Vec<TermAudit> = terms
        .iter()
        .map(|t| TermAudit {
            term: t.stem.clone(),
            ..TermAudit::default()
        })
        .collect();
    // Errors term by term, each in the order of the text, as the listing.
    let mut errors: Vec<Diagnostics> = terms.iter().map(|_| Diagnostics::default()).collect();
    for found in per_doc {
        for ((term, errors), (listed, counts, ds)) in out.iter_mut().zip(&mut errors).zip(found) {
            let room = limit.saturating_sub(term.listed.len());
            term.listed.extend(listed.into_iter().take(room));
            term.counts.add(&counts);
            errors.extend(ds);
        }
    }
    out.retain(|t| t.counts.total() > 0);
    let mut diagnostics = Diagnostics::default();
    for ds in errors {
        diagnostics.extend(ds);
    }
    (out, diagnostics)
}

/// The replaces grouped by term (sorted by stem), each term's by the word they start with.
fn terms<'s>(replaces: &'s [(String, ReplaceInfo<'s>)]) -> Vec<Term<'s>> {
    let mut stems: Vec<&str> = replaces.iter().map(|(s, _)| s.as_str()).collect();
    stems.sort();
    stems.dedup();
    stems
        .into_iter()
        .map(|stem| {
            let mut by_word: Vec<(&str, Candidates)> = Vec::new();
            for (s, info) in replaces.iter().filter(|(s, _)| s == stem) {
                debug_assert_eq!(s, stem);
                for word in std::iter::once(info.first).chain(info.capital.as_deref()) {
                    let i = match by_word.iter().position(|(w, _)| *w == word) {
                        Some(i) => i,
                        None => {
                            by_word.push((
                                word,
                                Candidates {
                                    replaces: Vec::new(),
                                    unscoped: false,
                                    reached: Default::default(),
                                },
                            ));
                            by_word.len() - 1
                        }
                    };
                    let c = &mut by_word[i].1;
                    if c.replaces.iter().any(|r| std::ptr::eq(*r, info)) {
                        continue;
                    }
                    c.replaces.push(info);
                    c.unscoped |= info.scope_regions.is_none();
                    for g in info.scope_regions.iter().chain(info.except.iter().map(|(_, g)| g)) {
                        c.reached.extend(g.units());
                    }
                }
            }
            Term {
                capital: stem
                    .chars()
                    .take(1)
                    .flat_map(char::to_uppercase)
                    .chain(stem.chars().skip(1))
                    .collect(),
                stem: stem.to_string(),
                by_word,
            }
        })
        .collect()
}

/// Per term: the first `limit` leftovers of one document, the counts, and the errors
/// `strict` makes of the unexplained ones.
fn audit_document(
    edition: &Edition,
    set: &ChangeSet,
    doc: usize,
    terms: &[Term],
    keeps: &[(RegionIndex, &str)],
    limit: usize,
    strict: bool,
) -> Vec<(Vec<Leftover>, ReasonCounts, Diagnostics)> {
    let mut found: Vec<(Vec<Leftover>, ReasonCounts, Diagnostics)> = terms.iter().map(|_| Default::default()).collect();
    let d = &edition.docs[doc];
    for (unit, u) in d.units.iter().enumerate().filter(|(_, u)| !u.removed) {
        let text = edition.unit_text(doc, unit);
        let changed: Vec<&Range<usize>> = u.touched.iter().chain(&u.inserted).collect();
        let mentioned: Vec<usize> = (0..terms.len())
            .filter(|&t| text.contains(terms[t].stem.as_str()) || text.contains(terms[t].capital.as_str()))
            .filter(|&t| !only_where_changed(text, &terms[t].stem, &changed))
            .collect();
        if mentioned.is_empty() {
            continue;
        }
        // Tokenised once for all the terms it mentions.
        let tokens = tokenize(text);
        let kept_here: Vec<&(RegionIndex, &str)> = keeps.iter().filter(|(g, _)| g.reaches(doc, unit)).collect();
        for t in mentioned {
            let term = &terms[t];
            let (listed, counts, diagnostics) = &mut found[t];
            for token in tokens
                .iter()
                .filter(|tk| tk.kind == Kind::Word && has_stem(tk.text(text), &term.stem))
            {
                let r = &token.range;
                if u.touched
                    .iter()
                    .chain(&u.inserted)
                    .any(|x| x.start < r.end && r.start < x.end)
                {
                    continue;
                }
                let word = token.text(text);
                let none = Candidates {
                    replaces: Vec::new(),
                    unscoped: false,
                    reached: Default::default(),
                };
                let candidates = term.by_word.iter().find(|(w, _)| *w == word).map_or(&none, |(_, c)| c);
                let reason = reason(doc, unit, r, candidates, &kept_here);
                match &reason {
                    Why::Kept(_) => counts.kept += 1,
                    Why::Excluded(_) => counts.excluded += 1,
                    Why::OutOfScope(_) => counts.out_of_scope += 1,
                    Why::NotMatched => counts.not_matched += 1,
                }
                if strict && matches!(reason, Why::NotMatched) {
                    diagnostics.push(unexplained(edition, set, doc, unit, r.start, word));
                }
                if listed.len() < limit {
                    let reason = reason.owned();
                    listed.push(Leftover {
                        term: term.stem.clone(),
                        address: edition.address(doc, unit, r.start),
                        word: word.to_string(),
                        reason_text: reason.describe(),
                        reason,
                        printed: edition.printed_address(doc, unit, r.start),
                        place: (doc, unit, r.start),
                    });
                }
            }
        }
    }
    found
}

/// Whether every place a word of `stem` could start in `text` lies inside a range a change
/// matched or wrote: then none of its words there is a leftover, and the unit need not be
/// read (a Code-wide replace has changed every one). Decided only for ASCII, where a word
/// holds the stem, in any case, exactly where its bytes do.
fn only_where_changed(text: &str, stem: &str, changed: &[&Range<usize>]) -> bool {
    if changed.is_empty() || !text.is_ascii() || !stem.is_ascii() || stem.is_empty() {
        return false;
    }
    text.as_bytes()
        .windows(stem.len())
        .enumerate()
        .filter(|(_, w)| w.eq_ignore_ascii_case(stem.as_bytes()))
        .all(|(i, _)| changed.iter().any(|x| x.start <= i && i < x.end))
}

/// A leftover's reason, borrowing the texts worked out once per replace.
enum Why<'a> {
    Kept(&'a str),
    Excluded(&'a str),
    OutOfScope(&'a str),
    NotMatched,
}

impl Why<'_> {
    fn owned(&self) -> Reason {
        match self {
            Why::Kept(r) => Reason::Kept(r.to_string()),
            Why::Excluded(r) => Reason::Excluded(r.to_string()),
            Why::OutOfScope(r) => Reason::OutOfScope(r.to_string()),
            Why::NotMatched => Reason::NotMatched,
        }
    }
}

/// Why the occurrence at `r` was left: a `keep:`, an `except:` of a replace that would have
/// matched it, the `in:` of such replaces (unless a one-word replace reached it), or nothing.
fn reason<'a>(
    doc: usize,
    unit: usize,
    r: &Range<usize>,
    candidates: &'a Candidates<'a>,
    keeps: &[&'a (RegionIndex, &'a str)],
) -> Why<'a> {
    if let Some((_, why)) = keeps.iter().find(|(g, _)| g.contains(doc, unit, r)) {
        return Why::Kept(why);
    }
    let reached = candidates.unscoped || candidates.reached.contains(&(doc, unit));
    if !reached {
        // No `in:` or `except:` reaches this unit: the first scoped replace is out of scope.
        return match candidates.replaces.first().and_then(|c| c.out_of_scope.as_deref()) {
            Some(text) => Why::OutOfScope(text),
            None => Why::NotMatched,
        };
    }
    let excluded = candidates.replaces.iter().find_map(|c| {
        c.except
            .iter()
            .find(|(_, g)| g.contains(doc, unit, r))
            .map(|(e, _)| e.as_str())
    });
    if let Some(e) = excluded {
        return Why::Excluded(e);
    }
    let in_scope = |c: &&&ReplaceInfo| c.scope_regions.as_ref().is_none_or(|g| g.contains(doc, unit, r));
    match candidates.replaces.iter().find(|c| !in_scope(c)) {
        Some(c) if !candidates.replaces.iter().any(|c| in_scope(&c) && c.words == 1) => {
            c.out_of_scope.as_deref().map_or(Why::NotMatched, Why::OutOfScope)
        }
        _ => Why::NotMatched,
    }
}

/// A located diagnostic for a byte of a unit: its place in the text folder if the unit is
/// as printed, else the change that wrote it.
fn locate(
    edition: &Edition,
    set: &ChangeSet,
    doc: usize,
    unit: usize,
    offset: usize,
    len: usize,
    message: String,
) -> Diagnostic {
    let u = edition.unit(doc, unit);
    let document = edition.document(doc);
    match (u.text.is_none(), u.base) {
        (true, Some(b)) => Diagnostic::at_offset(&document.file, document.units[b].span.start + offset, len, message),
        _ => {
            let change = u.changed_by.and_then(|c| set.changes.get(c));
            let position = change.map(|c| c.position).unwrap_or_default();
            Diagnostic::at_position(
                &set.file,
                position,
                1,
                format!(
                    "{message} (in the text this change writes into {})",
                    edition.address(doc, unit, offset)
                ),
            )
        }
    }
}

/// `a`, `a and b`, `a, b and c`.
pub(crate) fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// A reference as the Code prints it ("Section F7", "Appendix Z paragraph 4.3"); as written
/// if it does not resolve (it always does once the change-set has applied).
fn printed_reference(edition: &Edition, reference: &str) -> String {
    match resolve(edition, reference) {
        Ok(Target::Document { doc }) => edition.document(doc).meta.name(),
        Ok(Target::Part { doc, units }) => match &edition.unit(doc, units.start).kind {
            UnitKind::Part { number, .. } => crate::corpus::printed(&edition.document(doc).meta, number, "", true),
            _ => reference.to_string(),
        },
        Ok(Target::Provision { doc, unit }) => edition.printed_address(doc, unit, 0),
        Ok(Target::SubParagraph { doc, unit, range }) => edition.printed_address(doc, unit, range.start),
        Err(_) => reference.to_string(),
    }
}

/// The terminology audit, run only when every change loaded and applied: a broken change's
/// words would all come back as "left unchanged", burying the one error that matters.
/// Otherwise a note at each change that failed to load says it was skipped. Under `audit:
/// strict`, leftovers that nothing explains are errors.
pub(super) fn audit_if_complete(
    edition: &Edition,
    set: &ChangeSet,
    limit: Option<usize>,
    diagnostics: &mut Diagnostics,
) -> Vec<TermAudit> {
    for (k, why) in regions::regions(edition, &set.keep.iter().map(|k| k.at.clone()).collect::<Vec<_>>()).1 {
        diagnostics.push(
            super::at(set, k, format!("`keep:` {why}")).help("name the provision whose words stay, e.g. `at: F6.3`"),
        );
    }
    let complete = set.skipped.is_empty() && !diagnostics.has_errors();
    if complete {
        let (terms, errors) = audit(edition, set, limit, set.strict);
        diagnostics.extend(errors);
        return terms;
    }
    for &position in &set.skipped {
        diagnostics.push(
            Diagnostic::at_position(
                &set.file,
                position,
                1,
                "this change was skipped because of its error above; the other changes were checked without it",
            )
            .help("fix it and run again: the terminology audit runs once every change applies")
            .note(),
        );
    }
    Vec::new()
}

/// The error `audit: strict` makes of a leftover that nothing explains.
fn unexplained(edition: &Edition, set: &ChangeSet, doc: usize, unit: usize, offset: usize, word: &str) -> Diagnostic {
    locate(
        edition,
        set,
        doc,
        unit,
        offset,
        word.len(),
        format!(
            "'{word}' at {} is left unchanged and nothing explains why",
            edition.address(doc, unit, offset)
        ),
    )
    .help("change it too (another `replace`), or say why it stays with a `keep:` entry (`- at: F6.3` and `reason: …`) or `except:`; `audit: strict` is on")
}

/// A reference found in text: where its number starts and ends, and what it names.
struct Found {
    span: Range<usize>,
    reference: String,
    /// Said before the number in a message: "Part " for a Part reference.
    prefix: &'static str,
}

/// The references to provisions and Parts in `text` (the one finder, `corpus::citation`).
fn find_references(edition: &Edition, own_id: &str, text: &str) -> Vec<Found> {
    citation::find(&edition.corpus.documents, own_id, text)
        .into_iter()
        .filter_map(|c| {
            let prefix = match c.cited {
                Cited::Provision => "",
                Cited::Part { said_part: true } => "Part ",
                Cited::Part { said_part: false } | Cited::Document => return None,
            };
            Some(Found {
                span: c.span,
                reference: c.reference,
                prefix,
            })
        })
        .collect()
}

/// References in the amended text ("Section F2.3", "paragraph 6.2", "Clause F4.1(a)") that
/// point at nothing (errors) or at a "Not used" provision (warnings).
pub(crate) fn cross_references(edition: &Edition, set: &ChangeSet) -> Diagnostics {
    let mut ds = Diagnostics::default();
    // The base text, to tell "deleted" from "never existed": built only if a reference fails.
    let base = std::cell::LazyCell::new(|| Edition::new(edition.corpus));
    for (doc, d) in edition.docs.iter().enumerate() {
        let own_id = &edition.document(doc).meta.id;
        for (unit, _) in d.units.iter().enumerate().filter(|(_, u)| !u.removed) {
            let text = edition.unit_text(doc, unit);
            for Found {
                span,
                reference,
                prefix,
            } in find_references(edition, own_id, text)
            {
                let shown = &text[span.clone()];
                let problem = match resolve(edition, &reference) {
                    Ok(Target::Provision { doc: td, unit: tu })
                    | Ok(Target::SubParagraph { doc: td, unit: tu, .. }) => match &edition.unit(td, tu).kind {
                        UnitKind::Provision { number }
                            if edition.unit_text(td, tu).trim() == super::structure::not_used(number) =>
                        {
                            Some((
                                "which is \"Not used\"",
                                "point the reference at the provision that now holds the words, or remove it"
                                    .to_string(),
                                true,
                            ))
                        }
                        _ => None,
                    },
                    Ok(_) => None,
                    Err(why) => {
                        let deleted = resolve(&base, &reference).is_ok();
                        let what = if deleted {
                            "which this modification deletes"
                        } else {
                            "which does not exist"
                        };
                        Some((what, format!("correct or remove the reference ({why})"), false))
                    }
                };
                if let Some((what, help, warning)) = problem {
                    // "6.9" or "Part 11" alone: say which document's it is.
                    let named = if reference == shown {
                        shown.to_string()
                    } else {
                        format!("{prefix}{shown} ({reference})")
                    };
                    let here = edition.address(doc, unit, span.start);
                    let message = format!("{here} refers to {named}, {what}");
                    let d = locate(edition, set, doc, unit, span.start, shown.len(), message).help(help);
                    ds.push(if warning { d.warning() } else { d });
                }
            }
        }
    }
    ds
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_and_inflections() {
        assert_eq!(stem("expiry"), "expir");
        assert_eq!(stem("expires"), "expir");
        assert_eq!(stem("Expired"), "expir");
        for w in ["expire", "expires", "expired", "expiring", "Expiry", "expiry"] {
            assert!(has_stem(w, "expir"), "{w}");
        }
        assert!(!has_stem("expirations-x", "expir"));
        assert_eq!(head_term("expiry date"), Some("expiry"));
        assert_eq!(head_term("The identifier of the CPA Certificate"), None);
        assert_eq!(citation::sub_labels_len("(a)(ii) and"), 7);
        assert_eq!(citation::sub_labels_len(" (a)"), 0);
        assert!(only_where_changed("the expiry date", "expir", &[&(4..10)]));
        assert!(!only_where_changed("the expiry date, Expiry", "expir", &[&(4..10)]));
        assert!(!only_where_changed("EXPIRY and expiry", "expir", &[&(11..17)]));
        assert!(!only_where_changed("the expiry date", "expir", &[]));
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1234567), "1,234,567");
    }
}
