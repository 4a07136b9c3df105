//! `compare`: two versions of one document, their units matched by number.

use crate::annex::{DocumentPair, UnitPair};
use crate::corpus::{Document, UnitId};
use std::collections::HashMap;

/// Pairs the units of `old` and `new`: matched units side by side; a unit found on one
/// side only is wholly inserted or deleted, placed where it stood.
pub fn pair_documents<'a>(old: &'a Document, new: &'a Document) -> DocumentPair<'a> {
    // A unit is the same unit across versions when its identity is: a Part or provision by
    // its number, a cross-heading by its Part and words.
    let mut index: HashMap<UnitId, usize> = HashMap::new();
    for (i, u) in old.units.iter().enumerate() {
        index.entry(UnitId::of(&u.kind, u.part.as_deref())).or_insert(i);
    }
    let mut units = Vec::new();
    let mut next_old = 0;
    let deleted = |i: usize| UnitPair {
        kind: &old.units[i].kind,
        base: Some(old.unit_text(i)),
        amended: None,
        touched: true,
    };
    for (j, u) in new.units.iter().enumerate() {
        match index.get(&UnitId::of(&u.kind, u.part.as_deref())) {
            Some(&i) if i >= next_old => {
                // Units passed over on the old side are gone (or moved: then the new place shows them inserted).
                units.extend((next_old..i).map(deleted));
                units.push(UnitPair {
                    kind: &u.kind,
                    base: Some(old.unit_text(i)),
                    amended: Some(new.unit_text(j)),
                    touched: true,
                });
                next_old = i + 1;
            }
            _ => units.push(UnitPair {
                kind: &u.kind,
                base: None,
                amended: Some(new.unit_text(j)),
                touched: true,
            }),
        }
    }
    units.extend((next_old..old.units.len()).map(deleted));
    // The annex names each document as it read before: what the redline is marked against.
    DocumentPair { meta: &old.meta, units }
}

/// The comparison's heading, from the two documents' front matter: "Section F version 1.0
/// compared with version 1.0 as amended by MP209".
pub fn heading(old: &crate::corpus::Meta, new: &crate::corpus::Meta) -> String {
    let describe = |m: &crate::corpus::Meta| {
        if m.amended_by.is_empty() {
            format!("version {}", m.version)
        } else {
            format!(
                "version {} as amended by {}",
                m.version,
                crate::changeset::checks::and_list(&m.amended_by)
            )
        }
    };
    let name = if old.name() == new.name() {
        String::new()
    } else {
        format!(" of {}", new.name())
    };
    format!("{} {} compared with {}{name}", old.name(), describe(old), describe(new))
}

/// Who and when, for the tracked changes of a `compare` (a build takes them from the change-set).
#[derive(Debug, Clone, Default)]
pub struct Stamp {
    pub author: String,
    /// YYYY-MM-DD, or empty: the DOCX then uses the fixed placeholder 1980-01-01.
    pub date: String,
}

/// The author of a file compare's tracked changes when none is given.
pub const COMPARE_AUTHOR: &str = "sec-redline compare";
