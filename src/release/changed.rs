//! Which units a release changed: every provision, sub-paragraph and Part whose text differs
//! between the version before and the new one, found by comparing the two texts unit by
//! unit (not from what the change-sets say they did), for `changed.csv`.

use super::history::with_version;
use super::record::ChangedUnit;
use crate::corpus::{Address, Corpus, Document, UnitId, UnitRef};
use std::collections::{BTreeMap, BTreeSet};

/// One unit of a document, as `changed_units` compares it.
struct UnitText<'d> {
    /// Its identity within the document: a Part or provision by its number, a
    /// cross-heading by its Part and words.
    key: UnitId,
    text: &'d str,
    /// The Part it is in (its number), if any.
    part: Option<&'d str>,
    /// Each sub-paragraph's path and text, in reading order (paths are unique within a
    /// unit: the parser rejects a label that appears twice in one list).
    subs: Vec<(&'d [String], &'d str)>,
}

/// A document's units in reading order.
fn units(doc: &Document) -> Vec<UnitText<'_>> {
    doc.units
        .iter()
        .enumerate()
        .map(|(i, u)| {
            let text = doc.unit_text(i);
            UnitText {
                key: UnitId::of(&u.kind, u.part.as_deref()),
                text,
                part: u.part.as_deref(),
                subs: u
                    .subparagraphs
                    .iter()
                    .filter_map(|s| text.get(s.range.clone()).map(|t| (&s.path[..], t)))
                    .collect(),
            }
        })
        .collect()
}

/// Every unit whose text differs between `old` and `new`, documents paired by id.
pub(crate) fn changed_units(old: &Corpus, new: &Corpus) -> Vec<ChangedUnit> {
    // Sorted and without repeats at the end: what a `BTreeSet` gives, but the rows come
    // mostly in order already, so sorting them costs a pass, not a search per row (at
    // nesting depth 5,000 each row's address is thousands of labels long).
    let mut out: Vec<ChangedUnit> = Vec::new();
    for n in &new.documents {
        let Some(o) = old.document(&n.meta.id) else {
            continue;
        };
        if o.text() == n.text() {
            continue;
        }
        let id = &n.meta.id;
        let numbered = |number: &str| UnitRef {
            document: id.clone(),
            unit: UnitId::Numbered(number.to_string()),
        };
        let row = |unit: Option<Address>, part: Option<&str>| ChangedUnit {
            document: id.clone(),
            unit,
            part: part.map(numbered),
        };
        // The text outside every unit (front matter aside from its `version:` line, title).
        let preamble = |d: &Document| with_version(&d.text()[d.preamble.clone()], "");
        if preamble(o) != preamble(n) {
            out.push(row(None, None));
        }
        let (a, b) = (units(o), units(n));
        // What each Part holds, in order: a Part changed if any of it did, moves included.
        let mut parts: BTreeMap<&str, [Vec<(&UnitId, &str)>; 2]> = BTreeMap::new();
        for (side, list) in [&a, &b].into_iter().enumerate() {
            for u in list.iter() {
                if let Some(part) = u.part {
                    parts.entry(part).or_default()[side].push((&u.key, u.text));
                }
            }
        }
        for (part, [x, y]) in &parts {
            if x != y {
                out.push(row(Some(numbered(part).whole()), Some(part)));
            }
        }
        let by_key = |list: &'_ [UnitText<'_>]| -> BTreeMap<UnitId, usize> {
            list.iter().enumerate().map(|(i, u)| (u.key.clone(), i)).collect()
        };
        let (ka, kb) = (by_key(&a), by_key(&b));
        let keys: BTreeSet<&UnitId> = ka.keys().chain(kb.keys()).collect();
        for k in keys {
            let (ua, ub) = (ka.get(k).map(|&i| &a[i]), kb.get(k).map(|&i| &b[i]));
            if ua.map(|u| u.text) == ub.map(|u| u.text) {
                continue;
            }
            let part = ub.or(ua).and_then(|u| u.part);
            let number = match k {
                UnitId::Numbered(number) => number.as_str(),
                // A cross-heading: its Part changed (rows above), or the document's text.
                UnitId::CrossHeading { .. } => {
                    if part.is_none() {
                        out.push(row(None, None));
                    }
                    continue;
                }
            };
            if part == Some(number) {
                // A Part heading: its row is above.
                out.push(row(Some(numbered(number).whole()), Some(number)));
                continue;
            }
            out.push(row(Some(numbered(number).whole()), part));
            let (sa, sb) = (ua.map_or(&[][..], |u| &u.subs[..]), ub.map_or(&[][..], |u| &u.subs[..]));
            let mut changed = |s: &[String]| {
                let place = Address {
                    unit: numbered(number),
                    path: s.to_vec(),
                };
                out.push(row(Some(place), part));
            };
            if sa.len() == sb.len() && sa.iter().zip(sb).all(|(x, y)| x.0 == y.0) {
                // The same sub-paragraphs in the same order: paired by place, not looked up.
                for ((s, x), (_, y)) in sa.iter().zip(sb) {
                    if x != y {
                        changed(s);
                    }
                }
            } else {
                let (ma, mb): (BTreeMap<_, _>, BTreeMap<_, _>) =
                    (sa.iter().copied().collect(), sb.iter().copied().collect());
                for s in ma.keys().chain(mb.keys()) {
                    if ma.get(s) != mb.get(s) {
                        changed(s);
                    }
                }
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::SourceFile;

    fn corpus(text: &str) -> Corpus {
        let body =
            format!("---\ndocument: F\ntitle: T\nkind: Section\nversion: \"1.0\"\n---\n\n# Section F: T\n\n{text}");
        Corpus::from_files(std::path::Path::new("."), vec![SourceFile::new("f.md", body)]).unwrap()
    }

    #[test]
    fn a_sub_paragraph_change_names_it_its_provision_and_its_part() {
        let old = corpus(
            "## F1 One\n\n**F1.1** The DCC shall:\n\n- (a) keep; and\n- (b) publish.\n\n**F1.2** Same.\n\n## F2 Two\n\n**F2.1** Other.\n",
        );
        let new = corpus(
            "## F1 One\n\n**F1.1** The DCC shall:\n\n- (a) keep; and\n- (b) publish it.\n\n**F1.2** Same.\n\n## F2 Two\n\n**F2.1** Other.\n",
        );
        // As changed.csv writes them (record::changed_csv's formatter).
        let rows: Vec<(String, String)> = changed_units(&old, &new)
            .into_iter()
            .map(|u| {
                let written = |x: Option<String>| x.unwrap_or_default();
                (
                    written(u.unit.map(|a| a.to_string())),
                    written(u.part.map(|p| p.to_string())),
                )
            })
            .collect();
        let s = |a: &str, b: &str| (a.to_string(), b.to_string());
        assert_eq!(rows, vec![s("F1", "F1"), s("F1.1", "F1"), s("F1.1(b)", "F1")]);
    }

    fn rows(old: &str, new: &str) -> Vec<String> {
        changed_units(&corpus(old), &corpus(new))
            .into_iter()
            .map(|u| u.unit.map(|a| a.to_string()).unwrap_or_default())
            .collect()
    }

    #[test]
    fn a_sub_paragraph_inserted_names_it_and_the_provision_but_not_its_unchanged_siblings() {
        let old = "## F1 One\n\n**F1.1** The DCC shall:\n\n- (a) keep;\n- (b) publish.\n";
        let new = "## F1 One\n\n**F1.1** The DCC shall:\n\n- (a) keep;\n- (b) publish; and\n- (c) tell.\n";
        assert_eq!(rows(old, new), ["F1", "F1.1", "F1.1(b)", "F1.1(c)"]);
    }

    #[test]
    fn rows_come_in_the_order_of_their_addresses_and_each_once() {
        // Nested and changed at the deepest: every ancestor's row once, shortest first.
        let old =
            "## F1 One\n\n**F1.1** The DCC shall:\n\n- (a) keep:\n  - (i) this;\n  - (ii) that.\n- (b) publish.\n";
        let new =
            "## F1 One\n\n**F1.1** The DCC shall:\n\n- (a) keep:\n  - (i) this;\n  - (ii) the other.\n- (b) publish.\n";
        assert_eq!(rows(old, new), ["F1", "F1.1", "F1.1(a)", "F1.1(a)(ii)"]);
    }
}
