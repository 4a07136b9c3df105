//! The one identity of a unit: which document, which unit in it, and where in the unit
//! (its sub-paragraph path). Made from the parsed unit; stages match units by it, never by
//! the text forms the writers print. Each text form has one formatter here
//! ([`UnitRef`]'s `Display`: `F2.4`, `Z:6.2`, `F2 heading "X"`; [`Address`]'s adds
//! `(b)(ii)`; [`sub_path`] the labels alone), and the one form a file keeps
//! (`effects.csv`'s provision column) one reader, [`UnitRef::read`].

use super::{Meta, UnitKind};
use serde::Serialize;
use std::fmt;

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
    pub(crate) fn of(kind: &UnitKind, part: Option<&str>) -> UnitId {
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

/// A place in the Code a change report names: a unit, and the sub-paragraph in it (empty
/// path: the unit as a whole).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Address {
    pub unit: UnitRef,
    /// Labels from the outermost in: `["b", "ii"]`.
    pub path: Vec<String>,
}

/// `(b)(ii)`: a sub-paragraph path as the Code prints it after its provision's number.
pub fn sub_path(path: &[String]) -> String {
    path.iter().map(|l| format!("({l})")).collect()
}

/// A number as a reference that names it uniquely within the Code: `F2.1` stays (a
/// Section's numbers carry its letter), `6.2` of Z becomes `Z:6.2`.
pub fn qualify(document: &str, number: &str) -> String {
    let own = number.starts_with(document) && number[document.len()..].starts_with(|c: char| c.is_ascii_digit());
    if own {
        number.to_string()
    } else {
        format!("{document}:{number}")
    }
}

impl UnitRef {
    pub(crate) fn of(meta: &Meta, kind: &UnitKind, part: Option<&str>) -> UnitRef {
        UnitRef {
            document: meta.id.clone(),
            unit: UnitId::of(kind, part),
        }
    }

    /// The unit as a whole, as a change report's place.
    pub(crate) fn whole(self) -> Address {
        Address {
            unit: self,
            path: Vec::new(),
        }
    }

    /// The unit's number (a Part or provision), or `None` for a cross-heading.
    pub(crate) fn number(&self) -> Option<&str> {
        match &self.unit {
            UnitId::Numbered(n) => Some(n),
            UnitId::CrossHeading { .. } => None,
        }
    }

    /// Reads the form `Display` writes (`F2.1`, `Z:6.4A`, `Z:6`, `F2 heading "X"`,
    /// `Z heading "X"`): where a file keeps a unit's reference (`effects.csv`), it is read
    /// here, once, where it is read. `Err` says what is wrong with it.
    pub fn read(text: &str) -> Result<UnitRef, String> {
        const HEADING: &str = " heading \"";
        let number_ok = |n: &str| {
            !n.is_empty()
                && n.starts_with(|c: char| c.is_ascii_alphanumeric())
                && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '.')
        };
        let document_ok = |d: &str| !d.is_empty() && d.chars().all(|c| c.is_ascii_alphanumeric());
        if let Some(at) = text.find(HEADING) {
            let words = &text[at + HEADING.len()..];
            let heading = words
                .strip_suffix('"')
                .filter(|h| !h.trim().is_empty())
                .ok_or_else(|| format!("`{text}`: a cross-heading's words are written in double quotes"))?;
            let head = &text[..at];
            let (document, part) = match head.split_once(':') {
                Some((d, p)) => (d, Some(p)),
                None => {
                    let letters = head.find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(head.len());
                    (&head[..letters], (letters < head.len()).then_some(head))
                }
            };
            if !document_ok(document) || part.is_some_and(|p| !number_ok(p)) {
                return Err(format!("`{text}`: no document and Part before `heading`"));
            }
            return Ok(UnitRef {
                document: document.to_string(),
                unit: UnitId::CrossHeading {
                    part: part.map(str::to_string),
                    heading: heading.to_string(),
                },
            });
        }
        let (document, number) = match text.split_once(':') {
            Some((d, n)) => (d, n),
            None => {
                let letters = text.find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(text.len());
                (&text[..letters], if letters == text.len() { "" } else { text })
            }
        };
        if !document_ok(document) || !number_ok(number) {
            return Err(format!(
                "`{text}` is not a reference to a Part or provision (`F2.1`, `Z:6.4A`, `Z:6`)"
            ));
        }
        Ok(UnitRef {
            document: document.to_string(),
            unit: UnitId::Numbered(number.to_string()),
        })
    }
}

impl Address {
    /// Reads the form `Display` writes (`F2.1(b)(ii)`, `Z:6.2`, `Z:6`), where a file keeps
    /// it (`changed.csv`): once, where it is read. `Err` says what is wrong with it.
    pub fn read(text: &str) -> Result<Address, String> {
        WrittenAddress::read(text).map(|w| w.to_address())
    }
}

/// A written [`Address`] read and checked without copying its sub-paragraph path: the
/// unit, and the path's labels as written (`(b)(ii)`), borrowed. `changed.csv` lists every
/// ancestor of a changed sub-paragraph by its whole address, so at nesting depth 5,000 its
/// paths hold 12.5 million labels; reading them as [`Address`]es made a `String` of each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenAddress<'a> {
    pub unit: UnitRef,
    /// `(b)(ii)`, each label checked; empty for the unit as a whole.
    labels: &'a str,
}

impl<'a> WrittenAddress<'a> {
    /// Reads the form `Display` of [`Address`] writes; `Err` says what is wrong with it.
    pub fn read(text: &'a str) -> Result<WrittenAddress<'a>, String> {
        let (unit, labels) = text.split_at(text.find('(').unwrap_or(text.len()));
        let unit = UnitRef::read(unit)?;
        let mut rest = labels;
        while !rest.is_empty() {
            let label = rest
                .strip_prefix('(')
                .and_then(|l| l.split_once(')'))
                .filter(|(l, _)| !l.is_empty() && l.bytes().all(|c| c.is_ascii_alphanumeric()));
            let Some((_, after)) = label else {
                return Err(format!("`{text}`: a sub-paragraph is written `(b)`, `(b)(ii)`"));
            };
            rest = after;
        }
        if !labels.is_empty() && unit.number().is_none() {
            return Err(format!("`{text}`: a cross-heading has no sub-paragraphs"));
        }
        Ok(WrittenAddress { unit, labels })
    }

    /// The sub-paragraph path's labels, from the outermost in (none: the unit as a whole).
    pub fn path(&self) -> impl Iterator<Item = &'a str> + 'a {
        // Checked by `read`: `(label)` repeated, each label ASCII letters and digits.
        self.labels
            .split_terminator(')')
            .map(|l| l.strip_prefix('(').unwrap_or(l))
    }

    /// Whether it names the unit as a whole (no sub-paragraph).
    pub fn is_whole(&self) -> bool {
        self.labels.is_empty()
    }

    /// Whether it is the place `a`.
    pub fn is(&self, a: &Address) -> bool {
        self.unit == a.unit && self.path().eq(a.path.iter().map(String::as_str))
    }

    pub fn to_address(&self) -> Address {
        Address {
            unit: self.unit.clone(),
            path: self.path().map(str::to_string).collect(),
        }
    }
}

/// `F2.4`, `Z:6.2`, `Z:6`; a cross-heading `F2 heading "X"` (`Z heading "X"` before a
/// document's first Part): the form of change reports, conflicts and `effects.csv`.
impl fmt::Display for UnitRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.unit {
            UnitId::Numbered(n) => f.write_str(&qualify(&self.document, n)),
            UnitId::CrossHeading { part, heading } => match part {
                Some(p) => write!(f, "{} heading \"{heading}\"", qualify(&self.document, p)),
                None => write!(f, "{} heading \"{heading}\"", self.document),
            },
        }
    }
}

/// `F2.4(c)(ii)`, `Z:6.2`: the unit's form and its sub-paragraph path.
impl fmt::Display for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.unit, sub_path(&self.path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbered(document: &str, number: &str) -> UnitRef {
        UnitRef {
            document: document.into(),
            unit: UnitId::Numbered(number.into()),
        }
    }

    fn heading(document: &str, part: Option<&str>, words: &str) -> UnitRef {
        UnitRef {
            document: document.into(),
            unit: UnitId::CrossHeading {
                part: part.map(Into::into),
                heading: words.into(),
            },
        }
    }

    #[test]
    fn references_are_written_as_the_code_prints_them() {
        // Hand-written: the forms docs/format.md gives for effects.csv and change reports.
        assert_eq!(numbered("F", "F2.4").to_string(), "F2.4");
        assert_eq!(numbered("Z", "6.4A").to_string(), "Z:6.4A");
        assert_eq!(numbered("Z", "6").to_string(), "Z:6");
        assert_eq!(
            heading("F", Some("F2"), "Amending (and renewing) entries").to_string(),
            "F2 heading \"Amending (and renewing) entries\""
        );
        assert_eq!(
            heading("Z", Some("6"), "Withdrawal").to_string(),
            "Z:6 heading \"Withdrawal\""
        );
        assert_eq!(heading("Z", None, "Before").to_string(), "Z heading \"Before\"");
        let sub = Address {
            unit: numbered("F", "F2.4"),
            path: vec!["c".into(), "ii".into()],
        };
        assert_eq!(sub.to_string(), "F2.4(c)(ii)");
    }

    #[test]
    fn a_written_reference_reads_back_as_the_same_unit() {
        for (text, unit) in [
            ("F2.4", numbered("F", "F2.4")),
            ("Z:6.4A", numbered("Z", "6.4A")),
            ("Z:6", numbered("Z", "6")),
            ("F2", numbered("F", "F2")),
            (
                "F2 heading \"Amending (and renewing) entries\"",
                heading("F", Some("F2"), "Amending (and renewing) entries"),
            ),
            ("Z:6 heading \"Withdrawal\"", heading("Z", Some("6"), "Withdrawal")),
            ("Z heading \"Before\"", heading("Z", None, "Before")),
        ] {
            assert_eq!(UnitRef::read(text), Ok(unit.clone()), "{text}");
            assert_eq!(unit.to_string(), text);
        }
    }

    #[test]
    fn a_written_place_reads_back_as_the_same_place() {
        let place = |document: &str, number: &str, path: &[&str]| Address {
            unit: numbered(document, number),
            path: path.iter().map(|l| l.to_string()).collect(),
        };
        for (text, want) in [
            ("F2.1(b)(ii)", place("F", "F2.1", &["b", "ii"])),
            ("Z:6.2(a)", place("Z", "6.2", &["a"])),
            ("Z:6", place("Z", "6", &[])),
        ] {
            assert_eq!(Address::read(text), Ok(want.clone()), "{text}");
            assert_eq!(want.to_string(), text);
        }
        for text in ["F2.1(b", "F2.1()", "F2.1(b)x", "F2.1 (b)", "Z heading \"X\"(a)"] {
            assert!(Address::read(text).is_err(), "{text:?} was read");
        }
    }

    #[test]
    fn a_damaged_reference_is_refused() {
        for text in [
            "",
            "F2.4(c)",
            "Z:",
            ":6.2",
            "F2 heading \"open",
            "F 2.4",
            "Z:6 .2",
            "2.4",
        ] {
            assert!(UnitRef::read(text).is_err(), "{text:?} was read");
        }
    }
}
