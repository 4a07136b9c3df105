//! Applies a change-set to the Code's text, change by change, as splices on each unit's bytes.
//!
//! Each change sees the text the changes before it left. A phrase edit touches
//! only the words that differ (`expiry date` → `expiry or renewal date` inserts
//! `or renewal` and nothing else), so line breaks, `**bold**` runs and every
//! untouched byte stay exactly as they were.

use super::phrase::{Matcher, NewPhrase, phrase_splices};
use super::regions::regions;
use super::report::{ChangeReport, Reported};
use super::splice::{Splice, overlaps, splice, splice_words};
use super::title_case::capitalise;
use super::{Action, ChangeSet, Located, Replace, at, structure};
use crate::corpus::reference::Target;
use crate::corpus::{Corpus, Edition};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::words::{Kind, Reading, Role, Span, Token, each_token, inline_markdown, label_of, phrase_tokens, read};
use std::ops::Range;

/// The amended edition and what each change did.
#[derive(Debug)]
pub struct Applied<'c> {
    pub edition: Edition<'c>,
    pub reports: Vec<ChangeReport>,
    /// What the terminology audit found left of each replaced term.
    pub audit: Vec<super::checks::TermAudit>,
    /// Problems that do not stop the build (references to "Not used" provisions).
    pub warnings: Diagnostics,
}

/// Applies every change in order; reports every change that fails, not only the first.
/// The terminology audit lists the first [`crate::limits::AUDIT_LISTED`] leftovers of each term.
pub fn apply<'c>(corpus: &'c Corpus, set: &ChangeSet) -> Result<Applied<'c>, Diagnostics> {
    apply_listing(corpus, set, Some(crate::limits::AUDIT_LISTED))
}

/// As [`apply`], with the terminology audit listing the first `listed` leftovers of each
/// term (`None`: every one).
pub fn apply_listing<'c>(
    corpus: &'c Corpus,
    set: &ChangeSet,
    listed: Option<usize>,
) -> Result<Applied<'c>, Diagnostics> {
    let mut edition = Edition::new(corpus);
    let mut diagnostics = Diagnostics::default();
    let mut reports = Vec::new();
    for (index, change) in set.changes.iter().enumerate() {
        edition.current_change = Some(index);
        let result = match &change.action {
            Action::Replace(r) => r.apply(&mut edition, set),
            Action::Rewrite { target, text } => structure::rewrite(&mut edition, set, target, text).map(shown),
            Action::Insert { target, text, after } => {
                structure::insert(&mut edition, set, target, text, *after).map(shown)
            }
            Action::Delete { target, leave_nothing } => {
                structure::delete(&mut edition, set, target, *leave_nothing).map(shown)
            }
        };
        match result {
            Ok(places) => reports.push(ChangeReport { change: index, places }),
            Err(ds) => diagnostics.extend(ds),
        }
    }
    edition.current_change = None;
    // The amended text as a whole: references that now point at nothing, and leftovers.
    diagnostics.extend(super::checks::cross_references(&edition, set));
    let audit = super::checks::audit_if_complete(&edition, set, listed, &mut diagnostics);
    if diagnostics.has_errors() || !set.skipped.is_empty() {
        return Err(diagnostics);
    }
    Ok(Applied {
        edition,
        reports,
        audit,
        warnings: diagnostics,
    })
}

/// Places shown as their addresses (a structural change names each place once).
fn shown(places: Vec<crate::corpus::Address>) -> Vec<Reported> {
    places.into_iter().map(Reported::of).collect()
}

/// The words a replace finds and writes, read once for every unit.
struct Phrase<'a> {
    /// The words of `replace:`, as a reader sees them.
    pattern: Vec<&'a str>,
    /// The first word capitalised (for `case: preserve`).
    capital: String,
    with_words: Vec<Token>,
    with_spans: Vec<Span>,
    /// How many literal `*`, `_`, backticks, brackets or tildes `with:` shows.
    literals: usize,
    /// `with:` with its first word capitalised, read again (`case: preserve` only).
    capital_phrase: Option<(String, Vec<Token>, Vec<Span>)>,
}

/// The splices of one unit and the spans of the occurrences they change.
struct UnitEdit {
    doc: usize,
    unit: usize,
    splices: Vec<Splice>,
    spans: Vec<Range<usize>>,
}

/// What a replace found, unit by unit, before any of it is written.
#[derive(Default)]
struct Found {
    /// Each occurrence's place, typed, and as messages write it.
    places: Vec<crate::corpus::Address>,
    addresses: Vec<String>,
    /// Each occurrence as (document, unit, offset), to tell repeated addresses apart.
    at: Vec<(usize, usize, usize)>,
    /// Occurrences left out by `except:`.
    excluded: usize,
    edits: Vec<UnitEdit>,
}

pub(super) fn replace(edition: &mut Edition, set: &ChangeSet, change: &Replace) -> Result<Vec<Reported>, Diagnostics> {
    let pattern_tokens = phrase_tokens(&change.find.value);
    let phrase = read_phrase(set, change, &pattern_tokens)?;
    let (units, excluded) = replace_regions(edition, set, change)?;
    let mut diagnostics = Diagnostics::default();
    let mut found = Found::default();
    for (doc, unit, allowed) in group_by_unit(&units) {
        edit_unit(
            edition,
            set,
            change,
            &phrase,
            (doc, unit),
            &allowed,
            &excluded,
            &mut found,
            &mut diagnostics,
        );
    }
    let addresses = super::hints::told_apart(edition, std::mem::take(&mut found.addresses), &found.at);
    check_outcome(edition, set, change, &units, &found, &addresses, &mut diagnostics);
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    for edit in found.edits {
        splice_words(edition, edit.doc, edit.unit, &edit.splices, &edit.spans);
    }
    Ok(found
        .places
        .into_iter()
        .zip(addresses)
        .map(|(place, shown)| Reported { place, shown })
        .collect())
}

/// Reads `replace:` (its tokens, `pattern_tokens`) and `with:`: the words to find (refused if it holds none) and the words,
/// formatting and literal markers to write.
fn read_phrase<'a>(
    set: &ChangeSet,
    change: &'a Replace,
    pattern_tokens: &'a [Token],
) -> Result<Phrase<'a>, Diagnostics> {
    let (find, with) = (&change.find, &change.with);
    let pattern: Vec<&str> = pattern_tokens
        .iter()
        .filter(|t| t.kind.is_word_like())
        .map(|t| t.text(&find.value))
        .collect();
    // `replace:` is the words as a reader sees them; Markdown markers alone are no words.
    if pattern
        .iter()
        .all(|p| p.chars().all(|c| matches!(c, '*' | '_' | '`' | '~')))
    {
        return Err(at(set, find, "`replace:` holds no words to find")
            .help("write the words to find, e.g. `replace: expiry date`")
            .into());
    }
    let (with_words, with_spans) = parse_with(set, with)?;
    let literals: usize = with_words
        .iter()
        .flat_map(|t| t.text(&with.value).chars())
        .filter(|c| matches!(c, '*' | '_' | '`' | '[' | ']' | '~'))
        .count();
    let capital_phrase = if change.preserve_case {
        capitalised(&with.value)
    } else {
        None
    };
    Ok(Phrase {
        capital: capitalise(pattern[0]),
        pattern,
        with_words,
        with_spans,
        literals,
        capital_phrase,
    })
}

/// The regions `in:` names (every document without it), in unit order, and those `except:`
/// leaves out; a reference that resolves to nothing is an error.
fn replace_regions(
    edition: &Edition,
    set: &ChangeSet,
    change: &Replace,
) -> Result<(super::regions::Regions, super::regions::RegionIndex), Diagnostics> {
    let (mut units, mut unresolved) = if change.scope.is_empty() {
        let everything = (0..edition.docs.len()).flat_map(|d| Target::Document { doc: d }.regions(edition));
        (everything.collect(), Vec::new())
    } else {
        regions(edition, &change.scope)
    };
    let (excluded, unresolved_except) = regions(edition, &change.except);
    unresolved.extend(unresolved_except);
    if !unresolved.is_empty() {
        let mut diagnostics = Diagnostics::default();
        for (r, why) in unresolved {
            diagnostics.push(at(set, r, why).help("check the reference against the text in the text folder"));
        }
        return Err(diagnostics);
    }
    units.sort_by_key(|(d, u, _)| (*d, *u));
    Ok((units, super::regions::RegionIndex::new(&excluded)))
}

/// The regions allowed in one unit (`None`: all of it).
type Allowed = Vec<Option<Range<usize>>>;

/// Sorted regions grouped by unit: (document, unit, the regions allowed in it).
fn group_by_unit(units: &super::regions::Regions) -> Vec<(usize, usize, Allowed)> {
    let mut out: Vec<(usize, usize, Allowed)> = Vec::new();
    for (doc, unit, region) in units {
        match out.last_mut() {
            Some((d, u, allowed)) if (*d, *u) == (*doc, *unit) => allowed.push(region.clone()),
            _ => out.push((*doc, *unit, vec![region.clone()])),
        }
    }
    out
}

/// Finds the phrase's occurrences in one unit, inside `allowed` and outside `excluded`, and
/// records the unit's splices in `found` if every check passes (else a diagnostic).
#[allow(clippy::too_many_arguments)]
fn edit_unit(
    edition: &Edition,
    set: &ChangeSet,
    change: &Replace,
    phrase: &Phrase,
    (doc, unit): (usize, usize),
    allowed: &[Option<Range<usize>>],
    excluded: &super::regions::RegionIndex,
    found: &mut Found,
    diagnostics: &mut Diagnostics,
) {
    let text = edition.unit_text(doc, unit);
    if !(text.contains(phrase.pattern[0]) || (change.preserve_case && text.contains(phrase.capital.as_str()))) {
        return;
    }
    let reading = read(text);
    // One pass over the tokens, keeping only the occurrences and the numbered paragraphs'
    // word counts: a unit's tokens are never held (16 million in a 50 MB provision).
    let capital = change.preserve_case.then_some(phrase.capital.as_str());
    let mut matcher = Matcher::new(&phrase.pattern, capital);
    let mut bodies = Bodies::default();
    each_token(text, &reading, |t| {
        bodies.push(&t);
        matcher.push(text, t);
    });
    let bodies = bodies.finish(text.len());
    let inside = |r: &Range<usize>, region: &Option<Range<usize>>| {
        region.as_ref().is_none_or(|g| g.start <= r.start && r.end <= g.end)
    };
    let mut splices = Vec::new();
    let mut spans = Vec::new();
    let mut matched = Vec::new();
    for occurrence in matcher.finish(text) {
        let (Some(first), Some(last)) = (occurrence.tokens.first(), occurrence.tokens.last()) else {
            continue;
        };
        let span = first.range.start..last.range.end;
        if !allowed.iter().any(|g| inside(&span, g)) {
            continue;
        }
        // Its place, typed, and as messages write it (found once).
        let place = edition.place(doc, unit, span.start);
        let address = place.to_string();
        if excluded.overlaps(doc, unit, &span) {
            found.excluded += 1;
            continue;
        }
        let inserted = &edition.unit(doc, unit).inserted;
        if occurrence.tokens.iter().any(|t| overlaps(&t.range, inserted)) {
            diagnostics.push(
                at(set, &change.find, format!("'{}' at {address} is made of words an earlier change inserted", change.find.value))
                    .help("a change may not rewrite what an earlier change of the same change-set wrote; change the earlier change instead, or use `except:`"),
            );
            continue;
        }
        let replacement = new_phrase(change, phrase, occurrence.capitalised);
        match phrase_splices(text, &reading.spans, &occurrence.tokens, &replacement) {
            Some(s) => {
                splices.extend(s);
                matched.extend(occurrence.tokens.into_iter().filter(|t| t.kind == Kind::Word));
            }
            None => {
                diagnostics.push(unbalanced(set, &change.with, &address));
                continue;
            }
        }
        found.at.push((doc, unit, span.start));
        found.places.push(place);
        spans.push(span);
        found.addresses.push(address);
    }
    if splices.is_empty() {
        return;
    }
    let literals = phrase.literals * spans.len();
    if let Some(d) = check_unit_edit(
        edition,
        set,
        change,
        (doc, unit),
        text,
        &reading,
        (&bodies, &matched),
        &splices,
        literals,
    ) {
        diagnostics.push(d);
        return;
    }
    found.edits.push(UnitEdit {
        doc,
        unit,
        splices,
        spans,
    });
}

/// What one occurrence is replaced by: `with:`, or its capitalised form where the
/// occurrence is capitalised and the change preserves case.
fn new_phrase<'p>(change: &'p Replace, phrase: &'p Phrase, capitalised: bool) -> NewPhrase<'p> {
    match &phrase.capital_phrase {
        Some((text, words, spans)) if capitalised => NewPhrase {
            text,
            words: words.clone(),
            spans: spans.clone(),
        },
        _ => NewPhrase {
            text: &change.with.value,
            words: phrase.with_words.clone(),
            spans: phrase.with_spans.clone(),
        },
    }
}

/// Why a unit's splices are refused, if they are: they would change its structure, unbalance its formatting, or
/// leave a numbered paragraph with no words.
#[allow(clippy::too_many_arguments)]
fn check_unit_edit(
    edition: &Edition,
    set: &ChangeSet,
    change: &Replace,
    (doc, unit): (usize, usize),
    text: &str,
    reading: &Reading,
    (bodies, matched): (&[Body], &[Token]),
    splices: &[Splice],
    literals: usize,
) -> Option<Diagnostic> {
    let (find, with) = (&change.find, &change.with);
    if let Err(problem) = same_structure(text, reading, splices, literals) {
        let address = edition.address(doc, unit, 0);
        return Some(match problem {
            Problem::Structure => at(
                set,
                with,
                format!(
                    "replacing '{}' in {address} would change its paragraphs, items or table",
                    find.value
                ),
            )
            .help("a replace changes words within a line; use `rewrite:` or `insert_after:` to change structure"),
            Problem::Unbalanced => unbalanced(set, with, &address),
        });
    }
    if let Some(label) = emptied_paragraph(bodies, matched, splices) {
        let address = edition.address(doc, unit, label);
        return Some(
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
    }
    None
}

/// The checks of the replace as a whole: it changes something, it matches something, and
/// it matches as often as `expect:` says.
fn check_outcome(
    edition: &Edition,
    set: &ChangeSet,
    change: &Replace,
    units: &super::regions::Regions,
    found: &Found,
    addresses: &[String],
    diagnostics: &mut Diagnostics,
) {
    let (find, with) = (&change.find, &change.with);
    if !addresses.is_empty() && found.edits.is_empty() && !diagnostics.has_errors() {
        diagnostics.push(
            at(
                set,
                with,
                format!("replacing '{}' with '{}' changes nothing", find.value, with.value),
            )
            .help("the new text reads exactly as the old, formatting included; correct `with:` or remove this change"),
        );
    }
    if addresses.is_empty() && !diagnostics.has_errors() {
        let scope_text = if change.scope.is_empty() {
            "any document".to_string()
        } else {
            change
                .scope
                .iter()
                .map(|s| s.value.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut message = format!("'{}' matches nothing in {scope_text}", find.value);
        if found.excluded > 0 {
            message.push_str(&super::hints::excluded(found.excluded));
        }
        let help =
            super::hints::matches_nothing_help(edition, units, &find.value, change.preserve_case, found.excluded);
        diagnostics.push(at(set, find, message).help(help));
    }
    if let Some(expect) = change
        .expect
        .as_ref()
        .filter(|e| addresses.len() != e.value && !addresses.is_empty())
    {
        diagnostics.push(
            Diagnostic::at_position(
                &set.file,
                expect.position,
                expect.width,
                format!(
                    "'{}' occurs {}, but `expect:` says {}",
                    find.value,
                    super::hints::times(addresses.len()),
                    expect.value
                ),
            )
            .help(format!(
                "it occurs at {}; narrow the scope with `in:`/`except:`, or correct `expect:`",
                addresses.join(", ")
            )),
        );
    }
}

/// The words and formatting spans of `with:`, which must be inline text on one line.
fn parse_with(set: &ChangeSet, with: &Located<String>) -> Result<(Vec<Token>, Vec<Span>), Diagnostics> {
    let refuse = |what: &str| -> Diagnostics {
        at(set, with, format!("`with:` would add {what} to the Code's text"))
            .help("a replace changes words within a line; to add or rewrite a paragraph, sub-paragraph, heading or table use `rewrite:` or `insert_after:`")
            .into()
    };
    let (tokens, spans) = inline_markdown(&with.value).map_err(refuse)?;
    if with.value.contains(['\n', '\r']) {
        return Err(refuse("a line break"));
    }
    Ok((tokens.into_iter().filter(|t| t.kind.is_word_like()).collect(), spans))
}

/// `with:` with its first word capitalised (for `case: preserve`), read again.
fn capitalised(with: &str) -> Option<(String, Vec<Token>, Vec<Span>)> {
    let (tokens, _) = inline_markdown(with).ok()?;
    let first = tokens.iter().find(|t| t.kind == Kind::Word)?.range.start;
    let text = format!("{}{}", &with[..first], capitalise(&with[first..]));
    let (tokens, spans) = inline_markdown(&text).ok()?;
    let words = tokens.into_iter().filter(|t| t.kind.is_word_like()).collect();
    Some((text, words, spans))
}

fn unbalanced(set: &ChangeSet, with: &Located<String>, address: &str) -> Diagnostic {
    at(
        set,
        with,
        format!("this replacement cannot be written at {address} with its bold, italic or link markers kept balanced"),
    )
    .help("the phrase crosses formatting in a way a splice cannot keep; use `rewrite:` for that provision")
}

/// Why splices were refused after the fact.
enum Problem {
    /// They would add or remove a paragraph, item, heading or table cell, or change a label.
    Structure,
    /// They would leave a formatting marker showing as a literal character.
    Unbalanced,
}

/// Checks the spliced unit by reading it again: the same containers with the same labels,
/// and no more literal `*`, `_`, backticks or brackets than `with:` itself shows (`literals`).
fn same_structure(text: &str, before: &Reading, splices: &[Splice], literals: usize) -> Result<(), Problem> {
    let (new, _, _) = splice(text, splices);
    let after = read(&new);
    let shape = |r: &Reading, t: &str| -> Vec<(Role, Option<String>)> {
        r.inlines
            .iter()
            .map(|i| (i.role, label_of(t, i).map(|l| l.1)))
            .collect()
    };
    if shape(before, text) != shape(&after, &new) || after.unsupported.len() > before.unsupported.len() {
        return Err(Problem::Structure);
    }
    // The markers are ASCII, so counting bytes counts the characters.
    let markers = |r: &Reading| -> usize {
        r.inlines
            .iter()
            .map(|i| {
                i.reader
                    .bytes()
                    .filter(|b| matches!(b, b'*' | b'_' | b'`' | b'[' | b']' | b'~'))
                    .count()
            })
            .sum()
    };
    if markers(&after) > markers(before) + literals {
        return Err(Problem::Unbalanced);
    }
    Ok(())
}

/// A numbered paragraph's words (a provision's opening words, a sub-paragraph, a heading):
/// its label, the bytes after the label up to the next boundary, how many words they hold.
#[derive(Debug)]
struct Body {
    label: usize,
    range: Range<usize>,
    words: usize,
}

/// The numbered paragraphs of a unit, read from its tokens one by one.
#[derive(Default)]
struct Bodies {
    done: Vec<Body>,
    open: Option<Body>,
    /// The kind of the last token that is not markup or a space.
    last: Option<Kind>,
}

impl Bodies {
    fn push(&mut self, t: &Token) {
        if t.kind.is_boundary()
            && let Some(mut body) = self.open.take()
        {
            body.range.end = t.range.start;
            self.done.push(body);
        }
        match (&mut self.open, t.kind) {
            (Some(body), Kind::Word) => body.words += 1,
            (None, Kind::Label) if self.last.is_none_or(|k| matches!(k, Kind::Break | Kind::Marker)) => {
                self.open = Some(Body {
                    label: t.range.start,
                    range: t.range.end..t.range.end,
                    words: 0,
                })
            }
            _ => {}
        }
        if !matches!(t.kind, Kind::Markup | Kind::Space) {
            self.last = Some(t.kind);
        }
    }

    fn finish(mut self, len: usize) -> Vec<Body> {
        if let Some(mut body) = self.open.take() {
            body.range.end = len;
            self.done.push(body);
        }
        self.done
    }
}

/// Where a numbered paragraph starts whose every word `splices` removes, leaving its number
/// or label alone on its line. Only words an occurrence matched (`matched`, in the text's
/// order) can be removed, so a paragraph is emptied when as many of them are removed from it
/// as it has words.
fn emptied_paragraph(bodies: &[Body], matched: &[Token], splices: &[Splice]) -> Option<usize> {
    let removed = |t: &Token| {
        splices
            .iter()
            .any(|s| s.text.is_empty() && s.range.start <= t.range.start && t.range.end <= s.range.end)
    };
    bodies.iter().find_map(|body| {
        // The matched words from the body's start on (found by halving, not read from the
        // first: a unit may hold thousands of paragraphs and matches).
        let from = matched.partition_point(|t| t.range.start < body.range.start);
        let gone = matched[from..]
            .iter()
            .take_while(|t| t.range.end <= body.range.end)
            .filter(|t| removed(t))
            .count();
        let writes_words = splices
            .iter()
            .any(|s| body.range.contains(&s.range.start) && s.text.chars().any(char::is_alphanumeric));
        (body.words > 0 && gone == body.words && !writes_words).then_some(body.label)
    })
}
