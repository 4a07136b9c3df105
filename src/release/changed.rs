//! Which units a release changed: every provision, sub-paragraph and Part whose text differs
//! between the version before and the new one, found by comparing the two texts unit by
//! unit (not from what the change-sets say they did), for `changed.csv`.

use super::history::with_version;
use super::record::ChangedUnit;
use crate::corpus::{Corpus, Document, UnitKind, qualified};
use std::collections::{BTreeMap, BTreeSet};

/// A unit's key within its document: a Part or provision by its reference, a cross-heading
/// by its Part and words.
fn key(doc: &Document, kind: &UnitKind, part: Option<&str>) -> String {
    match kind {
        UnitKind::Part { number, .. } | UnitKind::Provision { number } => qualified(&doc.meta, number),
        UnitKind::CrossHeading { heading } => format!("{}\u{0}{heading}", part.unwrap_or("")),
    }
}

/// One unit of a document, as `changed_units` compares it.
struct UnitText<'d> {
    key: String,
    text: &'d str,
    /// The Part it is in (`Z:6`), or empty.
    part: String,
    /// Sub-paragraph address → its text.
    subs: BTreeMap<String, &'d str>,
}

/// A document's units in reading order.
fn units(doc: &Document) -> Vec<UnitText<'_>> {
    doc.units
        .iter()
        .enumerate()
        .map(|(i, u)| {
            let text = doc.unit_text(i);
            UnitText {
                key: key(doc, &u.kind, u.part.as_deref()),
                text,
                part: u.part.as_deref().map(|p| qualified(&doc.meta, p)).unwrap_or_default(),
                subs: u
                    .subparagraphs
                    .iter()
                    .filter_map(|s| text.get(s.range.clone()).map(|t| (s.address(), t)))
                    .collect(),
            }
        })
        .collect()
}

/// Every unit whose text differs between `old` and `new`, documents paired by id.
pub fn changed_units(old: &Corpus, new: &Corpus) -> Vec<ChangedUnit> {
    let mut out: BTreeSet<ChangedUnit> = BTreeSet::new();
    for n in &new.documents {
        let Some(o) = old.document(&n.meta.id) else {
            continue;
        };
        if o.text() == n.text() {
            continue;
        }
        let id = &n.meta.id;
        let row = |unit: &str, part: &str| ChangedUnit {
            document: id.clone(),
            unit: unit.to_string(),
            part: part.to_string(),
        };
        // The text outside every unit (front matter aside from its `version:` line, title).
        let preamble = |d: &Document| with_version(&d.text()[d.preamble.clone()], "");
        if preamble(o) != preamble(n) {
            out.insert(row("", ""));
        }
        let (a, b) = (units(o), units(n));
        // What each Part holds, in order: a Part changed if any of it did, moves included.
        let mut parts: BTreeMap<&str, [Vec<(&str, &str)>; 2]> = BTreeMap::new();
        for (side, list) in [&a, &b].into_iter().enumerate() {
            for u in list.iter().filter(|u| !u.part.is_empty()) {
                parts.entry(u.part.as_str()).or_default()[side].push((u.key.as_str(), u.text));
            }
        }
        for (part, [x, y]) in &parts {
            if x != y {
                out.insert(row(part, part));
            }
        }
        let by_key = |list: &[UnitText<'_>]| -> BTreeMap<String, usize> {
            list.iter().enumerate().map(|(i, u)| (u.key.clone(), i)).collect()
        };
        let (ka, kb) = (by_key(&a), by_key(&b));
        let keys: BTreeSet<&String> = ka.keys().chain(kb.keys()).collect();
        for k in keys {
            let (ua, ub) = (ka.get(k).map(|&i| &a[i]), kb.get(k).map(|&i| &b[i]));
            if ua.map(|u| u.text) == ub.map(|u| u.text) {
                continue;
            }
            let part = ub.or(ua).map(|u| u.part.as_str()).unwrap_or("");
            if k.contains('\u{0}') {
                // A cross-heading: its Part changed (rows above), or the document's text.
                if part.is_empty() {
                    out.insert(row("", ""));
                }
                continue;
            }
            if part == k.as_str() {
                // A Part heading: its row is above.
                out.insert(row(k, k));
                continue;
            }
            out.insert(row(k, part));
            let empty = BTreeMap::new();
            let (sa, sb) = (ua.map_or(&empty, |u| &u.subs), ub.map_or(&empty, |u| &u.subs));
            for s in sa.keys().chain(sb.keys()) {
                if sa.get(s) != sb.get(s) {
                    out.insert(row(&format!("{k}{s}"), part));
                }
            }
        }
    }
    out.into_iter().collect()
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
        let rows: Vec<(String, String)> = changed_units(&old, &new)
            .into_iter()
            .map(|u| (u.unit, u.part))
            .collect();
        let s = |a: &str, b: &str| (a.to_string(), b.to_string());
        assert_eq!(rows, vec![s("F1", "F1"), s("F1.1", "F1"), s("F1.1(b)", "F1")]);
    }
}
