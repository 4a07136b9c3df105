//! Safety checks on the amended text: references that now point at nothing, and the
//! terminology audit (what the change-set left of a term it replaces, and why).

use super::regions;
use super::regions::RegionIndex;
use super::title_case::capitalise;
use super::{Action, ChangeSet, WrittenReference};
use crate::corpus::reference::{Target, resolve};
use crate::corpus::{DocKind, Edition, UnitKind};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::words::{Kind, is_provision_number, tokenize};
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

/// The words that introduce a reference, and whether it is to a paragraph of an Appendix.
const REFERENCE_WORDS: &[(&str, bool)] = &[
    ("Section", false),
    ("Clause", false),
    ("Condition", false),
    ("paragraph", true),
    ("Paragraph", true),
];

/// A reference found in text: where its number starts and ends, and what it names.
struct Found {
    span: Range<usize>,
    reference: String,
    /// Said before the number in a message: "Part " for a Part reference.
    prefix: &'static str,
}

/// The words that introduce a reference: [`REFERENCE_WORDS`], then "Part".
const PART: usize = REFERENCE_WORDS.len();

/// For each time an introducing word (or its plural in `s`) stands as a word of its own in
/// `text`: which word ([`REFERENCE_WORDS`] index, or [`PART`]) and where the numbers after it
/// begin. One pass over the bytes, since this runs over the whole Code on every build.
fn introductions(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if matches!(b, b'S' | b'C' | b'P' | b'p') {
            let word = REFERENCE_WORDS
                .iter()
                .map(|(w, _)| *w)
                .chain(["Part"])
                .position(|w| bytes[i..].starts_with(w.as_bytes()));
            if let Some(k) = word
                && !text[..i].chars().next_back().is_some_and(char::is_alphanumeric)
            {
                let len = if k == PART { 4 } else { REFERENCE_WORDS[k].0.len() };
                let pos = i + len;
                out.push((k, if text[pos..].starts_with('s') { pos + 1 } else { pos }));
                i = pos;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// After a number ending at `end`: where the next number starts if "to", "and" or "or"
/// joins one on ("paragraphs 5.1 to 5.3", "Parts 5 and 6").
fn joined_number(text: &str, end: usize) -> Option<usize> {
    let rest = text[end..].trim_start();
    ["to", "and", "or"].iter().find_map(|j| {
        rest.strip_prefix(j)
            .filter(|r| r.starts_with(char::is_whitespace))
            .map(|r| text.len() - r.len())
    })
}

/// Every "Section F2.3", "Clause F4.1(a)", "paragraph 6.2 [of Appendix Y]", "paragraphs 5.1
/// to 5.3" in `text`, as references to resolve. Found by scanning for the introducing words,
/// not by tokenising: this runs over the whole Code on every build.
fn find_references(edition: &Edition, own_id: &str, text: &str) -> Vec<Found> {
    let mut out = Vec::new();
    let found = introductions(text);
    for &(k, at) in found.iter().filter(|(k, _)| *k != PART) {
        let (paragraph, mut pos) = (REFERENCE_WORDS[k].1, at);
        {
            let mut numbers = 0;
            while numbers < 2 {
                let start = pos + (text[pos..].len() - text[pos..].trim_start().len());
                if start == pos {
                    break;
                }
                let len = text[start..]
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.'))
                    .unwrap_or(text.len() - start);
                let number = text[start..start + len].trim_end_matches('.');
                if !is_provision_number(number) {
                    break;
                }
                let end = start + number.len();
                let subs = sub_labels_len(&text[end..]);
                let id = if !paragraph || number.starts_with(|c: char| c.is_ascii_uppercase()) {
                    number.chars().take_while(char::is_ascii_uppercase).collect::<String>()
                } else {
                    // "paragraph 6.2" is this Appendix's, unless "of Appendix Y" follows.
                    of_document(edition, &text[end + subs..]).unwrap_or_else(|| own_id.to_string())
                };
                if edition.doc_index(&id).is_some() {
                    let qualified = if number.starts_with(id.as_str()) {
                        number.to_string()
                    } else {
                        format!("{id}:{number}")
                    };
                    out.push(Found {
                        span: start..end + subs,
                        reference: format!("{qualified}{}", &text[end..end + subs]),
                        prefix: "",
                    });
                }
                numbers += 1;
                // "paragraphs 5.1 to 5.3": the second number is a reference too.
                match joined_number(text, end + subs) {
                    Some(p) => pos = p,
                    None => break,
                }
            }
        }
    }
    let parts = found.iter().filter(|(k, _)| *k == PART).map(|&(_, at)| at);
    find_part_references(edition, own_id, text, parts, &mut out);
    out.sort_by_key(|f| f.span.start);
    out
}

/// The document named right after a reference: "of Appendix Z", "of Section F", or "of the
/// CPL Requirements Document" (a document's title).
fn of_document(edition: &Edition, rest: &str) -> Option<String> {
    let rest = rest.trim_start().strip_prefix("of")?;
    let rest = rest.strip_prefix(char::is_whitespace)?.trim_start();
    let words: Vec<&str> = rest.split_whitespace().take(2).collect();
    if let ["Appendix" | "Section", id] = words.as_slice() {
        return Some(id.trim_end_matches(|c: char| !c.is_ascii_alphanumeric()).to_string());
    }
    let titled = rest.strip_prefix("the")?.trim_start();
    // Titles may wrap across lines: compare word by word.
    let said: Vec<&str> = titled.split_whitespace().collect();
    edition.corpus.documents.iter().find_map(|d| {
        let title: Vec<&str> = d.meta.title.split_whitespace().collect();
        let matches = said.len() >= title.len()
            && title.iter().zip(&said).enumerate().all(|(i, (t, s))| {
                *t == *s || (i + 1 == title.len() && s.trim_end_matches(|c: char| !c.is_alphanumeric()) == *t)
            });
        matches.then(|| d.meta.id.clone())
    })
}

/// "Part 5", "Part 5 of Appendix Z", "Parts 5 and 6 of the CPL Requirements Document":
/// references to a Part, of this document unless another is named after them.
fn find_part_references(
    edition: &Edition,
    own_id: &str,
    text: &str,
    after_part: impl Iterator<Item = usize>,
    out: &mut Vec<Found>,
) {
    for mut pos in after_part {
        let mut numbers = Vec::new();
        loop {
            let start = pos + (text[pos..].len() - text[pos..].trim_start().len());
            let len = text[start..]
                .find(|c: char| !c.is_ascii_alphanumeric())
                .unwrap_or(text.len() - start);
            let number = &text[start..start + len];
            let is_number = start > pos
                && number.bytes().any(|b| b.is_ascii_digit())
                && number.bytes().all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
                && !text[start + len..].starts_with(|c: char| {
                    c == '.' && text[start + len + 1..].starts_with(|d: char| d.is_ascii_digit())
                });
            if !is_number {
                break;
            }
            numbers.push(start..start + len);
            match joined_number(text, start + len) {
                Some(p) => pos = p,
                None => break,
            }
        }
        let Some(last) = numbers.last() else { continue };
        let id = of_document(edition, &text[last.end..]).unwrap_or_else(|| own_id.to_string());
        let Some(doc) = edition.doc_index(&id) else { continue };
        for span in numbers {
            let number = &text[span.clone()];
            let reference = match edition.document(doc).meta.kind {
                DocKind::Section if number.starts_with(id.as_str()) => number.to_string(),
                DocKind::Section => format!("{id}{number}"),
                DocKind::Appendix => format!("{id}:{number}"),
            };
            out.push(Found {
                span,
                reference,
                prefix: "Part ",
            });
        }
    }
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

/// Length of `(a)(ii)…` at the start of `rest`.
fn sub_labels_len(rest: &str) -> usize {
    let mut len = 0;
    while let Some(inner) = rest[len..].strip_prefix('(') {
        match inner.find(')') {
            Some(close) if close > 0 && inner[..close].bytes().all(|b| b.is_ascii_alphanumeric()) && close <= 6 => {
                len += close + 2
            }
            _ => break,
        }
    }
    len
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
        assert_eq!(sub_labels_len("(a)(ii) and"), 7);
        assert_eq!(sub_labels_len(" (a)"), 0);
    }
}
