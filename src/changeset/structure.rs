//! Structural changes: rewriting, inserting and deleting provisions and sub-paragraphs.
//!
//! Numbers are checked by the drafting convention (`numbering.rs`): an inserted number
//! that is taken, out of order or in the wrong Part is an error naming the number that fits.

use super::numbering::{compare, label_between, label_fits, provision_between};
use super::splice::{Splice, overlaps, splice_unit};
use super::{ChangeSet, Located, WrittenReference, at};
use crate::corpus::reference::{Target, resolve, resolve_reference};
use crate::corpus::{
    Address, BlockKind, Edition, LineEnding, OutlineEntry, SubParagraph, UnitId, UnitKind, UnitRef, outline,
    outline_checked, qualified,
};
use crate::diagnostics::Diagnostics;
use crate::words::{Kind, Token, bold_number, label_len, list_marker, tokenize};
use similar::{Algorithm, DiffOp, capture_diff_slices};
use std::cmp::Ordering;
use std::ops::Range;

type Outcome = Result<Vec<Address>, Diagnostics>;

/// What a structural change points at.
enum Place {
    Provision { doc: usize, unit: usize },
    Sub { doc: usize, unit: usize, sub: SubParagraph },
}

fn place(edition: &Edition, set: &ChangeSet, target: &WrittenReference, action: &str) -> Result<Place, Diagnostics> {
    match resolve_reference(edition, &target.reference) {
        Ok(Target::Provision { doc, unit }) => Ok(Place::Provision { doc, unit }),
        Ok(Target::SubParagraph { doc, unit, range }) => {
            let sub = edition
                .unit(doc, unit)
                .subparagraphs
                .iter()
                .find(|s| s.range == range)
                .cloned();
            Ok(Place::Sub {
                doc,
                unit,
                sub: sub.expect("a resolved sub-paragraph is in its unit"),
            })
        }
        Ok(_) => Err(at(
            set,
            target,
            format!(
                "`{action}:` takes a provision or a sub-paragraph, and {} is a whole document or Part",
                target.value
            ),
        )
        .help("name the provision, e.g. F2.3 or \"Z:6.2\", or a sub-paragraph, e.g. F2.3(b)")
        .into()),
        Err(why) => Err(at(set, target, why)
            .help("check the reference against the text in the text folder")
            .into()),
    }
}

/// The change-set's text in the document's line endings, with no control characters.
fn clean_text(set: &ChangeSet, text: &Located<String>, eol: LineEnding) -> Result<String, Diagnostics> {
    let new = eol.apply(text.value.trim_end());
    if let Some(c) = new
        .chars()
        .find(|&c| !matches!(c, '\t' | '\r' | '\n') && (c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}'))
    {
        return Err(at(
            set,
            text,
            format!("the new text holds the control character U+{:04X}", c as u32),
        )
        .help("delete it; it usually comes from copying out of another program")
        .into());
    }
    if let Some(u) = outline_checked(&new).1.first() {
        return Err(at(
            set,
            text,
            format!(
                "the new text holds {}, which is not part of the Code's text format",
                u.what
            ),
        )
        .help(u.help)
        .into());
    }
    Ok(new)
}

/// A provision's new text: starts with its bold number, holds no heading or second provision.
fn provision_text(set: &ChangeSet, text: &Located<String>, new: &str) -> Result<String, Diagnostics> {
    let Some((a, b, close)) = bold_number(new) else {
        return Err(at(
            set,
            text,
            "the new text must start with the provision's number in bold, e.g. **F2.3A**",
        )
        .help("begin the text with the number, as in sec-text/: `**F2.3A** The DCC shall …`")
        .into());
    };
    if new[close..].chars().next().is_some_and(|c| !c.is_whitespace()) {
        return Err(at(
            set,
            text,
            format!("provision number {} is joined to the text after it", &new[a..b]),
        )
        .help(format!("put a space after **{}**", &new[a..b]))
        .into());
    }
    for entry in outline(new).into_iter().skip(1) {
        if let OutlineEntry::Block { kind, range } = entry {
            let extra_provision = kind == BlockKind::Paragraph && bold_number(&new[range.clone()]).is_some();
            if matches!(kind, BlockKind::Heading(_)) || extra_provision {
                return Err(at(set, text, "the new text holds more than one provision or a heading")
                    .help("give each provision its own change")
                    .into());
            }
        }
    }
    Ok(new[a..b].to_string())
}

/// A sub-paragraph's new text starts with its label: `(ba) …`. Returns the label.
fn sub_label(set: &ChangeSet, text: &Located<String>, new: &str) -> Result<String, Diagnostics> {
    match label_len(new) {
        Some(n) => Ok(new[1..n - 1].to_string()),
        None => Err(at(
            set,
            text,
            "the new text of a sub-paragraph must start with its label, e.g. (ba)",
        )
        .help("begin the text with the label in brackets, without the list bullet: `(ba) where …`")
        .into()),
    }
}

/// Sub-paragraph text laid out as a list item at `indent`: continuation lines (and nested
/// items written as `- (i) …`) indented under it.
fn as_item(new: &str, indent: &str, eol: LineEnding) -> String {
    let mut out = String::new();
    for (i, line) in new.split(eol.as_str()).enumerate() {
        if i == 0 {
            out.push_str(&format!("{indent}- {line}"));
        } else {
            out.push_str(eol.as_str());
            if !line.is_empty() {
                out.push_str(&format!("{indent}  {line}"));
            }
        }
    }
    out
}

/// The indentation before a sub-paragraph's bullet, and where its line starts.
fn bullet_line(text: &str, sub: &SubParagraph) -> (usize, String) {
    let line_start = text[..sub.range.start].rfind('\n').map_or(0, |i| i + 1);
    (line_start, text[line_start..sub.range.start].to_string())
}

/// The sub-paragraphs beside `sub` (same parent and depth), in order.
fn siblings<'a>(subs: &'a [SubParagraph], sub: &SubParagraph) -> Vec<&'a SubParagraph> {
    let parent = &sub.path[..sub.path.len() - 1];
    subs.iter()
        .filter(|s| s.path.len() == sub.path.len() && s.path[..s.path.len() - 1] == *parent)
        .collect()
}

/// Provision `number` of a document, at the sub-paragraph `path` (empty: the whole).
fn address(edition: &Edition, doc: usize, number: &str, path: &[String]) -> Address {
    Address {
        unit: UnitRef {
            document: edition.document(doc).meta.id.clone(),
            unit: UnitId::Numbered(number.to_string()),
        },
        path: path.to_vec(),
    }
}

fn number_of(edition: &Edition, doc: usize, unit: usize) -> String {
    edition.unit(doc, unit).kind.number().unwrap_or_default().to_string()
}

/// Replaces a provision or a sub-paragraph with new text.
pub(super) fn rewrite(
    edition: &mut Edition,
    set: &ChangeSet,
    target: &WrittenReference,
    text: &Located<String>,
) -> Outcome {
    let place = place(edition, set, target, "rewrite")?;
    let (doc, unit) = match &place {
        Place::Provision { doc, unit } | Place::Sub { doc, unit, .. } => (*doc, *unit),
    };
    let eol = edition.document(doc).line_ending;
    let new = clean_text(set, text, eol)?;
    let number = number_of(edition, doc, unit);
    let current = edition.unit_text(doc, unit).to_string();
    let (range, replacement) = match &place {
        Place::Provision { .. } => {
            let given = provision_text(set, text, &new)?;
            if given != number {
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
            (0..current.trim_end().len(), new)
        }
        Place::Sub { sub, .. } => {
            let label = sub_label(set, text, &new)?;
            let own = sub.path.last().cloned().unwrap_or_default();
            if label != own {
                return Err(at(
                    set,
                    text,
                    format!("the new text of {} must start with its label ({own})", target.value),
                )
                .help(format!(
                    "begin the text with `({own}) `; a rewrite keeps the sub-paragraph's label"
                ))
                .into());
            }
            let (_, indent) = bullet_line(&current, sub);
            let item = as_item(&new, &indent, eol);
            let marker = list_marker(&current[sub.range.clone()]).unwrap_or(2);
            (
                sub.range.start + marker..sub.range.end,
                item[indent.len() + 2..].to_string(),
            )
        }
    };
    if current[range.clone()] == replacement {
        return Err(at(
            set,
            text,
            format!("the new text of {} is the same as its current text", target.value),
        )
        .help("remove this change, or correct the text")
        .into());
    }
    let u = edition.unit(doc, unit);
    let Ok((inserted, touched)) = rewritten_ranges(&current, range.clone(), &replacement, &u.inserted, &u.touched)
    else {
        return Err(at(set, target, format!("the rewrite of {} removes words an earlier change inserted", target.value))
            .help("a change may not rewrite what an earlier change of the same change-set wrote; fold the earlier change into this rewrite")
            .into());
    };
    let full = format!("{}{replacement}{}", &current[..range.start], &current[range.end..]);
    edition.set_text(doc, unit, full, inserted, touched);
    let path = match &place {
        Place::Sub { sub, .. } => sub.path.to_vec(),
        Place::Provision { .. } => Vec::new(),
    };
    Ok(vec![address(edition, doc, &number, &path)])
}

/// Inserted and touched ranges after `text[range]` becomes `new`: new words (by a word diff)
/// are inserted; old words that survive keep their marks. `Err` if inserted words are removed.
#[allow(clippy::type_complexity)]
fn rewritten_ranges(
    text: &str,
    range: Range<usize>,
    new: &str,
    inserted: &[Range<usize>],
    touched: &[Range<usize>],
) -> Result<(Vec<Range<usize>>, Vec<Range<usize>>), ()> {
    let visible = |t: &str| -> Vec<Token> {
        tokenize(t)
            .into_iter()
            .filter(|t| t.kind.is_word_like() || t.kind == Kind::Label)
            .collect()
    };
    let old = &text[range.clone()];
    let (ot, nt) = (visible(old), visible(new));
    let ow: Vec<&str> = ot.iter().map(|t| t.text(old)).collect();
    let nw: Vec<&str> = nt.iter().map(|t| t.text(new)).collect();
    let shift = |r: &Range<usize>| r.start + range.start..r.end + range.start;
    let mut new_inserted = Vec::new();
    // A diff within the budget (decided by the texts, never by the clock): beyond it, every
    // old word counts as rewritten and every new one as inserted.
    let ops = if crate::limits::affordable(&ow, &nw) {
        capture_diff_slices(Algorithm::Myers, &ow, &nw)
    } else {
        Vec::new()
    };
    let ops = if ops.is_empty() {
        vec![DiffOp::Replace {
            old_index: 0,
            old_len: ow.len(),
            new_index: 0,
            new_len: nw.len(),
        }]
    } else {
        ops
    };
    for op in ops {
        match op {
            DiffOp::Equal { .. } => {
                for (o, n) in op.old_range().zip(op.new_range()) {
                    if overlaps(&shift(&ot[o].range), inserted) {
                        new_inserted.push(shift(&nt[n].range));
                    }
                }
            }
            _ => {
                if op.old_range().any(|o| overlaps(&shift(&ot[o].range), inserted)) {
                    return Err(());
                }
                new_inserted.extend(op.new_range().map(|n| shift(&nt[n].range)));
            }
        }
    }
    // Marks outside the rewritten range move by the change in length.
    let delta = new.len() as isize - range.len() as isize;
    let outside = |rs: &[Range<usize>]| -> Vec<Range<usize>> {
        rs.iter()
            .filter(|r| r.end <= range.start || r.start >= range.end)
            .map(|r| {
                if r.start >= range.end {
                    (r.start as isize + delta) as usize..(r.end as isize + delta) as usize
                } else {
                    r.clone()
                }
            })
            .collect()
    };
    new_inserted.extend(outside(inserted));
    new_inserted.sort_by_key(|r| r.start);
    let mut new_touched = outside(touched);
    // What a rewrite writes was written on purpose: the terminology audit does not count it.
    new_touched.push(range.start..range.start + new.len());
    new_touched.sort_by_key(|r| r.start);
    Ok((new_inserted, new_touched))
}

/// Inserts a provision or sub-paragraph after (or before) the target.
pub(super) fn insert(
    edition: &mut Edition,
    set: &ChangeSet,
    target: &WrittenReference,
    text: &Located<String>,
    after: bool,
) -> Outcome {
    let action = if after { "insert_after" } else { "insert_before" };
    match place(edition, set, target, action)? {
        Place::Provision { doc, unit } => insert_provision(edition, set, text, after, doc, unit),
        Place::Sub { doc, unit, sub } => insert_sub(edition, set, text, after, doc, unit, &sub),
    }
}

fn insert_provision(
    edition: &mut Edition,
    set: &ChangeSet,
    text: &Located<String>,
    after: bool,
    doc: usize,
    unit: usize,
) -> Outcome {
    let eol = edition.document(doc).line_ending;
    let new = clean_text(set, text, eol)?;
    let number = provision_text(set, text, &new)?;
    let target_number = number_of(edition, doc, unit);
    let part = edition.unit(doc, unit).part.clone();
    let part_prefix = crate::number::part_of(&target_number).to_string();
    let (prev, next) = provision_neighbours(edition, doc, unit, after);
    let (prev, next) = (prev.as_deref(), next.as_deref());
    let taken = taken_numbers(edition, doc, unit);
    let fits = provision_between(&part_prefix, prev, next, &taken);
    let where_ = match (prev, next) {
        (Some(p), Some(n)) => format!("between {p} and {n}"),
        (Some(p), None) => format!("after {p}, the last provision of Part {part_prefix}"),
        (None, Some(n)) => format!("before {n}, the first provision of Part {part_prefix}"),
        (None, None) => format!("in Part {part_prefix}"),
    };
    let suggestion = fits.as_ref().map_or_else(
        || "no number fits there; insert it elsewhere".to_string(),
        |f| format!("number it {f}: existing provisions are never renumbered (docs/format.md, numbering)"),
    );
    let problem = if crate::number::part_of(&number) != part_prefix {
        Some(format!(
            "{number} is not a number of Part {part_prefix}, where it is inserted ({where_})"
        ))
    } else if taken.contains(&number.as_str()) || edition.provision(doc, &number).is_some() {
        Some(format!(
            "{number} is already a provision of {}",
            edition.document(doc).meta.name()
        ))
    } else if prev.is_some_and(|p| compare(p, &number) != Some(Ordering::Less))
        || next.is_some_and(|n| compare(&number, n) != Some(Ordering::Less))
    {
        Some(format!("{number} is out of order {where_}"))
    } else {
        None
    };
    if let Some(problem) = problem {
        return Err(at(set, text, problem).help(suggestion).into());
    }
    let current = edition.unit_text(doc, unit);
    let unit_text = if after {
        let trailing = &current[current.trim_end().len()..];
        if trailing.matches('\n').count() >= 2 {
            format!("{new}{trailing}")
        } else {
            let missing = 2 - trailing.matches('\n').count();
            format!("{}{new}{trailing}", eol.as_str().repeat(missing))
        }
    } else {
        format!("{new}{}{}", eol.as_str(), eol.as_str())
    };
    let position = if after { unit + 1 } else { unit };
    edition.insert_unit(
        doc,
        position,
        UnitKind::Provision { number: number.clone() },
        part,
        unit_text,
    );
    Ok(vec![address(edition, doc, &number, &[])])
}

fn insert_sub(
    edition: &mut Edition,
    set: &ChangeSet,
    text: &Located<String>,
    after: bool,
    doc: usize,
    unit: usize,
    sub: &SubParagraph,
) -> Outcome {
    let eol = edition.document(doc).line_ending;
    let new = clean_text(set, text, eol)?;
    let label = sub_label(set, text, &new)?;
    let (prev, next, taken) = label_neighbours(&edition.unit(doc, unit).subparagraphs, sub, after);
    let (prev, next) = (prev.as_deref(), next.as_deref());
    let taken: Vec<&str> = taken.iter().map(String::as_str).collect();
    if !label_fits(&label, prev, next, &taken) {
        let fits = label_between(prev, next, &taken);
        let number = number_of(edition, doc, unit);
        let parent = &sub.path[..sub.path.len() - 1];
        let why = if taken.contains(&label.as_str()) {
            "is already used there".to_string()
        } else {
            match (prev, next) {
                (Some(p), Some(n)) => format!("is out of order between ({p}) and ({n})"),
                (Some(p), None) => format!("is out of order after ({p}), the last item of its list"),
                (None, Some(n)) => format!("is out of order before ({n}), the first item of its list"),
                (None, None) => "is out of order there".to_string(),
            }
        };
        return Err(at(set, text, format!("label ({label}) {why}"))
            .help(format!(
                "number it {}: existing sub-paragraphs are never relabelled",
                address(edition, doc, &number, &[parent, &[fits]].concat())
            ))
            .into());
    }
    let current = edition.unit_text(doc, unit).to_string();
    let (line_start, indent) = bullet_line(&current, sub);
    let item = as_item(&new, &indent, eol);
    let splice_at = if after { sub.range.end } else { line_start };
    let piece = if after {
        format!("{}{item}", eol.as_str())
    } else {
        format!("{item}{}", eol.as_str())
    };
    splice_unit(
        edition,
        doc,
        unit,
        &[Splice {
            range: splice_at..splice_at,
            text: piece,
        }],
        &[],
    );
    let number = number_of(edition, doc, unit);
    let path = [&sub.path[..sub.path.len() - 1], &[label]].concat();
    Ok(vec![address(edition, doc, &number, &path)])
}

/// Deletes a provision or sub-paragraph: "Not used" by default, or entirely.
pub(super) fn delete(
    edition: &mut Edition,
    set: &ChangeSet,
    target: &WrittenReference,
    leave_nothing: bool,
) -> Outcome {
    match place(edition, set, target, "delete")? {
        Place::Provision { doc, unit } => {
            let number = number_of(edition, doc, unit);
            if !edition.unit(doc, unit).inserted.is_empty() {
                return Err(at(
                    set,
                    target,
                    format!("{} holds words an earlier change inserted", target.value),
                )
                .help("remove or change the earlier change instead of deleting what it wrote")
                .into());
            }
            let current = edition.unit_text(doc, unit).to_string();
            let trailing = current[current.trim_end().len()..].to_string();
            if leave_nothing {
                edition.remove_unit(doc, unit);
                // The last unit of a file leaves the file's own ending to the unit before it.
                let last = edition.docs[doc].units[unit + 1..].iter().all(|u| u.removed);
                if let Some(prev) = (0..unit)
                    .rev()
                    .find(|&i| !edition.docs[doc].units[i].removed)
                    .filter(|_| last)
                {
                    let prev_text = edition.unit_text(doc, prev).to_string();
                    let trimmed = format!("{}{trailing}", prev_text.trim_end());
                    if trimmed != prev_text {
                        let u = edition.unit(doc, prev);
                        let keep = |rs: &[Range<usize>]| {
                            rs.iter()
                                .filter(|r| r.end <= trimmed.len())
                                .cloned()
                                .collect::<Vec<_>>()
                        };
                        let (inserted, touched) = (keep(&u.inserted), keep(&u.touched));
                        edition.set_text(doc, prev, trimmed, inserted, touched);
                    }
                }
            } else {
                let content = not_used(&number);
                if current.trim_end() == content {
                    return Err(at(set, target, format!("{} is already \"Not used\"", target.value))
                        .help("remove this change, or add `leave: nothing` to remove the provision entirely")
                        .into());
                }
                let inserted: Vec<Range<usize>> = std::iter::once(number.len() + 5..content.len()).collect();
                let touched: Vec<Range<usize>> = std::iter::once(0..content.len()).collect();
                edition.set_text(doc, unit, format!("{content}{trailing}"), inserted, touched);
            }
            Ok(vec![address(edition, doc, &number, &[])])
        }
        Place::Sub { doc, unit, sub } => {
            let number = number_of(edition, doc, unit);
            let current = edition.unit_text(doc, unit).to_string();
            let u = edition.unit(doc, unit);
            if overlaps(&sub.range, &u.inserted) {
                return Err(at(
                    set,
                    target,
                    format!("{} holds words an earlier change inserted", target.value),
                )
                .help("remove the earlier change instead of deleting what it wrote")
                .into());
            }
            let splice_one = if leave_nothing {
                let (line_start, _) = bullet_line(&current, &sub);
                let end = current[sub.range.end..]
                    .find('\n')
                    .map_or(current.len(), |i| sub.range.end + i + 1);
                Splice {
                    range: line_start..end,
                    text: String::new(),
                }
            } else {
                let marker = list_marker(&current[sub.range.clone()]).unwrap_or(2);
                let label = label_len(&current[sub.range.start + marker..]).unwrap_or(0);
                let from = sub.range.start + marker + label;
                if current[from..sub.range.end].trim() == "Not used" {
                    return Err(at(set, target, format!("{} is already \"Not used\"", target.value))
                        .help("remove this change, or add `leave: nothing` to remove the sub-paragraph entirely")
                        .into());
                }
                Splice {
                    range: from..sub.range.end,
                    text: " Not used".to_string(),
                }
            };
            splice_unit(edition, doc, unit, std::slice::from_ref(&splice_one), &[]);
            Ok(vec![address(edition, doc, &number, &sub.path)])
        }
    }
}

/// The number (or label) an insertion after or before `reference` would take.
pub fn suggest(edition: &Edition, reference: &str, after: bool) -> Result<String, String> {
    match resolve(edition, reference)? {
        Target::Provision { doc, unit } => {
            let (prev, next) = provision_neighbours(edition, doc, unit, after);
            let number = number_of(edition, doc, unit);
            let part = crate::number::part_of(&number).to_string();
            let taken = taken_numbers(edition, doc, unit);
            provision_between(&part, prev.as_deref(), next.as_deref(), &taken)
                .map(|n| qualified(&edition.document(doc).meta, &n))
                .ok_or_else(|| format!("no number fits {} {reference}", if after { "after" } else { "before" }))
        }
        Target::SubParagraph { doc, unit, range } => {
            let u = edition.unit(doc, unit);
            let sub = u
                .subparagraphs
                .iter()
                .find(|s| s.range == range)
                .ok_or("no such sub-paragraph")?;
            let (prev, next, taken) = label_neighbours(&u.subparagraphs, sub, after);
            let label = label_between(
                prev.as_deref(),
                next.as_deref(),
                &taken.iter().map(String::as_str).collect::<Vec<_>>(),
            );
            Ok(address(
                edition,
                doc,
                &number_of(edition, doc, unit),
                &[&sub.path[..sub.path.len() - 1], &[label]].concat(),
            )
            .to_string())
        }
        _ => Err(format!(
            "{reference} is a whole document or Part; name a provision or sub-paragraph"
        )),
    }
}

/// What to do when `--number-after`/`--number-before REF` finds no number: name a
/// provision the text prints, taken from where REF points (its Part, its document).
pub fn suggest_help(edition: &Edition, reference: &str, after: bool) -> String {
    let flag = if after { "--number-after" } else { "--number-before" };
    let provisions = |doc: usize, units: Range<usize>| -> Vec<String> {
        units
            .filter(|&u| !edition.unit(doc, u).removed)
            .filter_map(|u| {
                edition
                    .unit(doc, u)
                    .kind
                    .provision()
                    .map(|n| qualified(&edition.document(doc).meta, n))
            })
            .collect()
    };
    let example = |doc: usize, units: Range<usize>, what: &str| -> Option<String> {
        let list = provisions(doc, units);
        let (first, last) = (list.first()?, list.last()?);
        Some(format!(
            "to insert at the end of {what}, use `--number-after {last}`; at its start, `--number-before {first}`"
        ))
    };
    let found = match resolve(edition, reference) {
        Ok(Target::Part { doc, units }) => example(doc, units, &format!("Part {reference}")),
        Ok(Target::Document { doc }) => example(
            doc,
            0..edition.docs[doc].units.len(),
            &edition.document(doc).meta.name(),
        ),
        _ => None,
    };
    found.unwrap_or_else(|| {
        let first =
            (0..edition.docs.len()).find_map(|d| provisions(d, 0..edition.docs[d].units.len()).into_iter().next());
        match first {
            Some(p) => format!(
                "name a provision or sub-paragraph the text prints (the message says what there is), e.g. `{flag} {p}`"
            ),
            None => "name a provision or sub-paragraph the text prints".to_string(),
        }
    })
}

/// The provisions either side of an insertion point in the target's Part.
fn provision_neighbours(edition: &Edition, doc: usize, unit: usize, after: bool) -> (Option<String>, Option<String>) {
    let target = number_of(edition, doc, unit);
    let in_part: Vec<String> = edition.docs[doc].units[part_block(edition, doc, unit)]
        .iter()
        .filter(|u| !u.removed)
        .filter_map(|u| u.kind.provision().map(str::to_string))
        .collect();
    let at = in_part.iter().position(|n| *n == target).unwrap_or(0);
    if after {
        (Some(target), in_part.get(at + 1).cloned())
    } else {
        (at.checked_sub(1).map(|i| in_part[i].clone()), Some(target))
    }
}

/// The sibling labels either side of an insertion point, and all labels of that list.
fn label_neighbours(
    subs: &[SubParagraph],
    sub: &SubParagraph,
    after: bool,
) -> (Option<String>, Option<String>, Vec<String>) {
    let sibs = siblings(subs, sub);
    let at = sibs.iter().position(|s| s.path == sub.path).unwrap_or(0);
    let label = |i: usize| sibs.get(i).and_then(|s| s.path.last()).cloned();
    let taken = sibs.iter().filter_map(|s| s.path.last().cloned()).collect();
    if after {
        (label(at), label(at + 1), taken)
    } else {
        (at.checked_sub(1).and_then(label), label(at), taken)
    }
}

/// The units of the Part that `unit` is in (a Part's units are contiguous): only these can
/// print a number of that Part, so numbering never scans the whole document.
fn part_block(edition: &Edition, doc: usize, unit: usize) -> Range<usize> {
    let units = &edition.docs[doc].units;
    let part = &units[unit].part;
    let start = units[..unit].iter().rposition(|u| u.part != *part).map_or(0, |i| i + 1);
    let end = units[unit..]
        .iter()
        .position(|u| u.part != *part)
        .map_or(units.len(), |i| unit + i);
    start..end
}

/// Every provision number the Part of `unit` prints now.
fn taken_numbers<'e>(edition: &'e Edition, doc: usize, unit: usize) -> Vec<&'e str> {
    edition.docs[doc].units[part_block(edition, doc, unit)]
        .iter()
        .filter(|u| !u.removed)
        .filter_map(|u| u.kind.provision())
        .collect()
}

/// What a provision deleted by default reads as: its number and "Not used".
pub(crate) fn not_used(number: &str) -> String {
    format!("**{number}** Not used")
}
