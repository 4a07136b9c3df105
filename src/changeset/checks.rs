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
    pub fn explained(&self) -> bool {
        !matches!(self, Reason::NotMatched)
    }
    /// The reason in plain words, for the annex's "Left unchanged" table.
    pub fn describe(&self) -> String {
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
pub fn stem(word: &str) -> String {
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
    find: &'s str,
    first: &'s str,
    /// How many words the phrase has (a one-word phrase in scope would have matched).
    words: usize,
    capital: Option<String>,
    /// `in:` as written, and where it reaches (`None`: everywhere).
    scope: Vec<&'s str>,
    scope_regions: Option<RegionIndex>,
    /// Each `except:` as written, with where it reaches.
    except: Vec<(&'s str, RegionIndex)>,
}

/// The regions `refs` name. The change-set has applied, so every reference resolves.
fn regions(edition: &Edition, refs: &[WrittenReference]) -> RegionIndex {
    RegionIndex::new(&regions::regions(edition, refs).0)
}

/// Every occurrence of each replaced term that no change matched or wrote, with why.
pub fn audit(edition: &Edition, set: &ChangeSet) -> Vec<Leftover> {
    // `keep:` entries have been checked to resolve (see `audit_if_complete`).
    let keeps: Vec<(RegionIndex, &str)> = set
        .keep
        .iter()
        .map(|k| (regions(edition, std::slice::from_ref(&k.at)), k.reason.value.as_str()))
        .collect();
    let mut replaces: Vec<(String, ReplaceInfo)> = Vec::new();
    for change in &set.changes {
        if let Action::Replace {
            find,
            scope,
            except,
            preserve_case,
            ..
        } = &change.action
        {
            let Some(term) = head_term(&find.value) else { continue };
            let first = find.value.split_whitespace().next().unwrap_or_default();
            let capital = preserve_case.then(|| capitalise(first));
            replaces.push((
                stem(term),
                ReplaceInfo {
                    find: &find.value,
                    first,
                    words: find.value.split_whitespace().count(),
                    capital,
                    scope: scope.iter().map(|r| r.value.as_str()).collect(),
                    scope_regions: (!scope.is_empty()).then(|| regions(edition, scope)),
                    except: except
                        .iter()
                        .map(|e| (e.value.as_str(), regions(edition, std::slice::from_ref(e))))
                        .collect(),
                },
            ));
        }
    }
    let mut stems: Vec<&str> = replaces.iter().map(|(s, _)| s.as_str()).collect();
    stems.sort();
    stems.dedup();
    let mut out = Vec::new();
    for (doc, d) in edition.docs.iter().enumerate() {
        for (unit, u) in d.units.iter().enumerate().filter(|(_, u)| !u.removed) {
            let text = edition.unit_text(doc, unit);
            let mentions = |stem: &&&str| {
                let capital: String = stem
                    .chars()
                    .take(1)
                    .flat_map(char::to_uppercase)
                    .chain(stem.chars().skip(1))
                    .collect();
                text.contains(**stem) || text.contains(&capital)
            };
            let mentioned: Vec<&&str> = stems.iter().filter(mentions).collect();
            if mentioned.is_empty() {
                continue;
            }
            // Tokenised once for all the stems it mentions.
            let tokens = tokenize(text);
            for stem in mentioned {
                for t in tokens
                    .iter()
                    .filter(|t| t.kind == Kind::Word && has_stem(t.text(text), stem))
                {
                    let r = &t.range;
                    if u.touched
                        .iter()
                        .chain(&u.inserted)
                        .any(|x| x.start < r.end && r.start < x.end)
                    {
                        continue;
                    }
                    let word = t.text(text);
                    let candidates: Vec<&ReplaceInfo> = replaces
                        .iter()
                        .filter(|(s, info)| s == stem && (info.first == word || info.capital.as_deref() == Some(word)))
                        .map(|(_, i)| i)
                        .collect();
                    let excluded = candidates.iter().find_map(|c| {
                        c.except
                            .iter()
                            .find(|(_, g)| g.contains(doc, unit, r))
                            .map(|(e, _)| e.to_string())
                    });
                    let in_scope = |c: &&ReplaceInfo| c.scope_regions.as_ref().is_none_or(|g| g.contains(doc, unit, r));
                    let kept = keeps.iter().find(|(g, _)| g.contains(doc, unit, r));
                    let reason = match (kept, excluded) {
                        (Some((_, why)), _) => Reason::Kept(why.to_string()),
                        (None, Some(e)) => Reason::Excluded(printed_reference(edition, &e)),
                        (None, None) => match candidates.iter().find(|c| !in_scope(c)) {
                            Some(c) if !candidates.iter().any(|c| in_scope(c) && c.words == 1) => {
                                Reason::OutOfScope(format!(
                                    "the change to \u{201c}{}\u{201d} applies only to {}",
                                    c.find,
                                    and_list(
                                        &c.scope
                                            .iter()
                                            .map(|s| printed_reference(edition, s))
                                            .collect::<Vec<_>>()
                                    )
                                ))
                            }
                            _ => Reason::NotMatched,
                        },
                    };
                    out.push(Leftover {
                        term: stem.to_string(),
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
    out.sort_by(|a, b| (&a.term, a.place).cmp(&(&b.term, b.place)));
    out
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
pub fn and_list(items: &[String]) -> String {
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

/// Leftovers that nothing explains, as errors (for `audit: strict`).
/// The terminology audit, run only when every change loaded and applied: a broken change's
/// words would all come back as "left unchanged", burying the one error that matters.
/// Otherwise a note at each change that failed to load says it was skipped.
pub(super) fn audit_if_complete(edition: &Edition, set: &ChangeSet, diagnostics: &mut Diagnostics) -> Vec<Leftover> {
    for (k, why) in regions::regions(edition, &set.keep.iter().map(|k| k.at.clone()).collect::<Vec<_>>()).1 {
        diagnostics.push(
            super::at(set, k, format!("`keep:` {why}")).help("name the provision whose words stay, e.g. `at: F6.3`"),
        );
    }
    let complete = set.skipped.is_empty() && !diagnostics.has_errors();
    if complete {
        let leftovers = audit(edition, set);
        if set.strict {
            diagnostics.extend(strict_errors(edition, set, &leftovers));
        }
        return leftovers;
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

pub fn strict_errors(edition: &Edition, set: &ChangeSet, leftovers: &[Leftover]) -> Diagnostics {
    let mut ds = Diagnostics::default();
    for l in leftovers.iter().filter(|l| !l.reason.explained()) {
        let (doc, unit, offset) = l.place;
        ds.push(
            locate(
                edition,
                set,
                doc,
                unit,
                offset,
                l.word.len(),
                format!(
                    "'{}' at {} is left unchanged and nothing explains why",
                    l.word, l.address
                ),
            )
            .help("change it too (another `replace`), or say why it stays with a `keep:` entry (`- at: F6.3` and `reason: …`) or `except:`; `audit: strict` is on"),
        );
    }
    ds
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
pub fn cross_references(edition: &Edition, set: &ChangeSet) -> Diagnostics {
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
                let here = edition.address(doc, unit, span.start);
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
    }
}
