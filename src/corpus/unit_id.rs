//! The one identity of a unit: which document, and which unit in it. Made from the parsed
//! unit; stages match units by it, never by the text forms the writers print.

use super::{Meta, UnitKind};
use serde::Serialize;

/// A unit of a document, told apart from every other in it: a Part or provision by its
/// number (the two never share one: `F2`, `F2.4`; `6`, `6.4A`), a cross-heading by its Part
/// and words.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum UnitId {
    Numbered(String),
    CrossHeading { part: Option<String>, heading: String },
}

impl UnitId {
    /// The identity of a unit of `kind` in Part `part`.
    pub fn of(kind: &UnitKind, part: Option<&str>) -> UnitId {
        match kind {
            UnitKind::Part { number, .. } | UnitKind::Provision { number } => UnitId::Numbered(number.clone()),
            UnitKind::CrossHeading { heading } => UnitId::CrossHeading {
                part: part.map(str::to_string),
                heading: heading.clone(),
            },
        }
    }
}

/// A unit and the document it is in (by the document's id: `F`, `Z`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct UnitRef {
    pub document: String,
    pub unit: UnitId,
}

impl UnitRef {
    pub fn of(meta: &Meta, kind: &UnitKind, part: Option<&str>) -> UnitRef {
        UnitRef {
            document: meta.id.clone(),
            unit: UnitId::of(kind, part),
        }
    }

    /// The unit an address of a change report lies in: the reading of the form
    /// [`super::Edition::address`] writes, beside it in this module so the two agree.
    /// `F2.4(c)` → provision F2.4 of F; `Z:4.1 (row …)` → 4.1 of Z; `Z:6` → Part 6 of Z;
    /// `F2 heading "Amending entries"` → that cross-heading of Part F2; `Z heading "X"` →
    /// a cross-heading of Z before its first Part.
    pub fn of_address(address: &str) -> Option<UnitRef> {
        const HEADING: &str = " heading \"";
        if let Some(at) = address.find(HEADING) {
            let words = &address[at + HEADING.len()..];
            let heading = &words[..words.rfind('"')?];
            let (document, part) = numbered(&address[..at]);
            let part = (!part.is_empty()).then(|| part.to_string());
            return Some(UnitRef {
                document: document.to_string(),
                unit: UnitId::CrossHeading {
                    part,
                    heading: heading.to_string(),
                },
            });
        }
        let unit = address.split(['(', ' ']).next().unwrap_or(address);
        let (document, number) = numbered(unit);
        (!document.is_empty() && !number.is_empty()).then(|| UnitRef {
            document: document.to_string(),
            unit: UnitId::Numbered(number.to_string()),
        })
    }
}

/// `Z:6.4` → (`Z`, `6.4`); `F2.4` → (`F`, `F2.4`); `Z` → (`Z`, ``): the forms of
/// [`super::qualified`].
fn numbered(qualified: &str) -> (&str, &str) {
    match qualified.split_once(':') {
        Some((document, number)) => (document, number),
        None => {
            let letters = qualified
                .find(|c: char| !c.is_ascii_alphabetic())
                .unwrap_or(qualified.len());
            let number = if letters == qualified.len() { "" } else { qualified };
            (&qualified[..letters], number)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbered_ref(document: &str, number: &str) -> Option<UnitRef> {
        Some(UnitRef {
            document: document.into(),
            unit: UnitId::Numbered(number.into()),
        })
    }

    #[test]
    fn report_addresses_name_their_unit() {
        assert_eq!(UnitRef::of_address("F2.4(c)(ii)"), numbered_ref("F", "F2.4"));
        assert_eq!(UnitRef::of_address("Z:4.1 (row 3)"), numbered_ref("Z", "4.1"));
        assert_eq!(UnitRef::of_address("Z:6"), numbered_ref("Z", "6"));
        assert_eq!(UnitRef::of_address("F2"), numbered_ref("F", "F2"));
        let heading = |document: &str, part: Option<&str>, words: &str| {
            Some(UnitRef {
                document: document.into(),
                unit: UnitId::CrossHeading {
                    part: part.map(Into::into),
                    heading: words.into(),
                },
            })
        };
        assert_eq!(
            UnitRef::of_address("F2 heading \"Amending (and renewing) entries\""),
            heading("F", Some("F2"), "Amending (and renewing) entries")
        );
        assert_eq!(
            UnitRef::of_address("Z:6 heading \"Withdrawal\""),
            heading("Z", Some("6"), "Withdrawal")
        );
        assert_eq!(
            UnitRef::of_address("Z heading \"Before\""),
            heading("Z", None, "Before")
        );
    }
}
