//! `compare`: two versions of one document, their units matched by number.

use crate::annex::{DocumentPair, UnitPair};
use crate::corpus::{Document, UnitId};
use std::collections::HashMap;

/// Pairs the units of `old` and `new`: matched units side by side; a unit found on one
/// side only is wholly inserted or deleted, placed where it stood.
pub(crate) fn pair_documents<'a>(old: &'a Document, new: &'a Document) -> DocumentPair<'a> {
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
    DocumentPair {
        meta: &old.meta,
        amended: &new.meta,
        units,
    }
}
