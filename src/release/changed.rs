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

/// One document's units: key → (text, Part reference, sub-paragraph address → text).
type Units<'d> = BTreeMap<String, (&'d str, String, BTreeMap<String, &'d str>)>;

fn units(doc: &Document) -> Units<'_> {
    let mut out = BTreeMap::new();
    for (i, u) in doc.units.iter().enumerate() {
        let part = u.part.as_deref().map(|p| qualified(&doc.meta, p)).unwrap_or_default();
        let text = doc.unit_text(i);
        let subs = u
            .subparagraphs
            .iter()
            .filter_map(|s| text.get(s.range.clone()).map(|t| (s.address(), t)))
            .collect();
        out.insert(key(doc, &u.kind, u.part.as_deref()), (text, part, subs));
    }
    out
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
        let mut parts: BTreeMap<&str, (String, String)> = BTreeMap::new();
        for (side, map) in [(0, &a), (1, &b)] {
            for u in doc_order(if side == 0 { o } else { n }) {
                let (text, part, _) = &map[&u];
                if !part.is_empty() {
                    let e = parts.entry(part.as_str()).or_default();
                    let s = if side == 0 { &mut e.0 } else { &mut e.1 };
                    s.push_str(&u);
                    s.push('\u{0}');
                    s.push_str(text);
                }
            }
        }
        for (part, (x, y)) in &parts {
            if x != y {
                out.insert(row(part, part));
            }
        }
        let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
        for k in keys {
            let (ua, ub) = (a.get(k), b.get(k));
            if ua.map(|u| u.0) == ub.map(|u| u.0) {
                continue;
            }
            let part = ub.or(ua).map(|u| u.1.as_str()).unwrap_or("");
            if k.contains('\u{0}') {
                // A cross-heading: its Part changed (rows above), or the document's text.
                if part.is_empty() {
                    out.insert(row("", ""));
                }
                continue;
            }
            let is_part = ub.or(ua).is_some_and(|u| u.1 == *k);
            if is_part {
                out.insert(row(k, k));
                continue;
            }
            out.insert(row(k, part));
            let empty = BTreeMap::new();
            let (sa, sb) = (ua.map_or(&empty, |u| &u.2), ub.map_or(&empty, |u| &u.2));
            for s in sa.keys().chain(sb.keys()) {
                if sa.get(s) != sb.get(s) {
                    out.insert(row(&format!("{k}{s}"), part));
                }
            }
        }
    }
    out.into_iter().collect()
}

/// A document's unit keys in reading order.
fn doc_order(doc: &Document) -> Vec<String> {
    doc.units.iter().map(|u| key(doc, &u.kind, u.part.as_deref())).collect()
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
