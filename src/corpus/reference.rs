//! References to the Code's text (`F`, `F2`, `F2.1`, `Z:6.2`, `F2.1(b)(ii)`) and how they resolve.

use super::UnitKind;
use super::edition::{Edition, qualified};
use crate::words::{is_part_number, is_provision_number};
use std::ops::Range;

/// A reference as written, split into its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub doc: Option<String>,
    pub number: Option<String>,
    pub path: Vec<String>,
}

/// What a reference names in an edition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Document {
        doc: usize,
    },
    Part {
        doc: usize,
        units: Range<usize>,
    },
    Provision {
        doc: usize,
        unit: usize,
    },
    SubParagraph {
        doc: usize,
        unit: usize,
        range: Range<usize>,
    },
}

impl Target {
    pub(crate) fn doc(&self) -> usize {
        match self {
            Target::Document { doc }
            | Target::Part { doc, .. }
            | Target::Provision { doc, .. }
            | Target::SubParagraph { doc, .. } => *doc,
        }
    }

    /// The units the target covers, each with the byte range inside it (`None`: the whole unit).
    pub(crate) fn regions(&self, edition: &Edition) -> Vec<(usize, usize, Option<Range<usize>>)> {
        match self {
            Target::Document { doc } => (0..edition.docs[*doc].units.len()).map(|u| (*doc, u, None)).collect(),
            Target::Part { doc, units } => units.clone().map(|u| (*doc, u, None)).collect(),
            Target::Provision { doc, unit } => vec![(*doc, *unit, None)],
            Target::SubParagraph { doc, unit, range } => vec![(*doc, *unit, Some(range.clone()))],
        }
    }
}

/// Splits a reference; the error says what a reference looks like.
pub(crate) fn parse_reference(text: &str) -> Result<Reference, String> {
    let s = text.trim();
    let bad = || {
        format!(
            "'{text}' is not a reference; write a document (F), a Part (F2), a provision (F2.1, Z:6.2) or a sub-paragraph (F2.1(b)(ii))"
        )
    };
    let (doc, rest) = match s.split_once(':') {
        Some((d, r)) => (Some(d.trim()), r.trim()),
        None if !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphabetic()) => (Some(s), ""),
        None => (None, s),
    };
    if doc.is_some_and(|d| d.is_empty() || !d.bytes().all(|b| b.is_ascii_alphabetic())) {
        return Err(bad());
    }
    if rest.is_empty() {
        return match doc {
            Some(d) if !s.ends_with(':') => Ok(Reference {
                doc: Some(d.to_string()),
                number: None,
                path: vec![],
            }),
            _ => Err(bad()),
        };
    }
    let (number, mut subs) = rest.split_at(rest.find('(').unwrap_or(rest.len()));
    let mut path = Vec::new();
    while !subs.is_empty() {
        let inner = subs.strip_prefix('(').ok_or_else(bad)?;
        let close = inner.find(')').ok_or_else(bad)?;
        let label = &inner[..close];
        if label.is_empty() || !label.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(bad());
        }
        path.push(label.to_string());
        subs = &inner[close + 1..];
    }
    let provision = is_provision_number(number);
    let sub_of_part = !path.is_empty() && !provision;
    if sub_of_part || !(provision || is_part_number(number)) {
        return Err(bad());
    }
    Ok(Reference {
        doc: doc.map(str::to_string),
        number: Some(number.to_string()),
        path,
    })
}

/// Reads and resolves a reference in an edition; the error names what exists nearby.
pub fn resolve(edition: &Edition, text: &str) -> Result<Target, String> {
    resolve_reference(edition, &parse_reference(text)?)
}

/// Resolves a reference already read; the error names what exists nearby.
pub(crate) fn resolve_reference(edition: &Edition, r: &Reference) -> Result<Target, String> {
    let docs: Vec<usize> = match &r.doc {
        Some(id) => match edition.doc_index(id) {
            Some(d) => vec![d],
            None => return Err(format!("there is no document {id}; {}", list_documents(edition))),
        },
        None => (0..edition.docs.len()).collect(),
    };
    let Some(number) = &r.number else {
        return Ok(Target::Document { doc: docs[0] });
    };
    if !is_provision_number(number) {
        let found: Vec<(usize, Range<usize>)> = docs
            .iter()
            .filter_map(|&d| edition.part_units(d, number).map(|u| (d, u)))
            .collect();
        return match found.as_slice() {
            [(doc, units)] => Ok(Target::Part {
                doc: *doc,
                units: units.clone(),
            }),
            [] => Err(format!("there is no Part {number}; {}", list_parts(edition, &docs))),
            many => Err(ambiguous(edition, number, many.iter().map(|(d, _)| *d))),
        };
    }
    // A number that carries a document's letters (F2.1) is looked for there first.
    let letters = crate::number::part_of(number).trim_end_matches(|c: char| c.is_ascii_digit());
    let own = docs.iter().copied().find(|&d| edition.document(d).meta.id == letters);
    let found: Vec<(usize, usize)> = match own.and_then(|d| edition.provision(d, number).map(|u| (d, u))) {
        Some(hit) => vec![hit],
        None => docs
            .iter()
            .filter_map(|&d| edition.provision(d, number).map(|u| (d, u)))
            .collect(),
    };
    let (doc, unit) = match found.as_slice() {
        [one] => *one,
        [] => return Err(no_provision(edition, &docs, number)),
        many => return Err(ambiguous(edition, number, many.iter().map(|(d, _)| *d))),
    };
    if r.path.is_empty() {
        return Ok(Target::Provision { doc, unit });
    }
    let u = edition.unit(doc, unit);
    match u.subparagraphs.iter().find(|s| s.path == r.path) {
        Some(s) => Ok(Target::SubParagraph {
            doc,
            unit,
            range: s.range.clone(),
        }),
        None => {
            let name = qualified(&edition.document(doc).meta, number);
            let wanted: String = r.path.iter().map(|l| format!("({l})")).collect();
            let have: Vec<String> = u
                .subparagraphs
                .iter()
                .map(|s| format!("{name}{}", s.address()))
                .collect();
            Err(if have.is_empty() {
                format!("{name} has no sub-paragraph {wanted}; it has no sub-paragraphs at all")
            } else {
                format!("{name} has no sub-paragraph {wanted}; it has {}", shorten(&have))
            })
        }
    }
}

fn list_documents(edition: &Edition) -> String {
    let all: Vec<String> = edition
        .corpus
        .documents
        .iter()
        .map(|d| format!("{} ({})", d.meta.id, d.file_name))
        .collect();
    format!("the documents are {}", all.join(", "))
}

fn list_parts(edition: &Edition, docs: &[usize]) -> String {
    let parts: Vec<String> = docs
        .iter()
        .flat_map(|&d| {
            let meta = &edition.document(d).meta;
            edition.docs[d].units.iter().filter_map(move |u| match &u.kind {
                UnitKind::Part { number, .. } => Some(qualified(meta, number)),
                _ => None,
            })
        })
        .collect();
    if parts.is_empty() {
        "no document has Parts".to_string()
    } else {
        format!("the Parts are {}", shorten(&parts))
    }
}

fn no_provision(edition: &Edition, docs: &[usize], number: &str) -> String {
    let part = crate::number::part_of(number);
    for &d in docs {
        if let Some(units) = edition.part_units(d, part) {
            let meta = &edition.document(d).meta;
            let have: Vec<String> = edition.docs[d].units[units]
                .iter()
                .filter(|u| !u.removed)
                .filter_map(|u| u.kind.provision().map(|n| qualified(meta, n)))
                .collect();
            let part_name = qualified(meta, part);
            return if have.is_empty() {
                format!("there is no provision {number}; Part {part_name} has no provisions")
            } else {
                format!(
                    "there is no provision {number}; Part {part_name} has {}",
                    shorten(&have)
                )
            };
        }
    }
    // A number that carries a document's letter is that document's: list only its Parts.
    let letters = part.trim_end_matches(|c: char| c.is_ascii_digit());
    let own: Vec<usize> = docs
        .iter()
        .copied()
        .filter(|&d| edition.document(d).meta.id == letters)
        .collect();
    let docs = if own.is_empty() { docs } else { &own };
    format!(
        "there is no provision {number}, nor a Part {part}; {}",
        list_parts(edition, docs)
    )
}

fn ambiguous(edition: &Edition, number: &str, docs: impl Iterator<Item = usize>) -> String {
    let names: Vec<String> = docs
        .map(|d| format!("{}:{number}", edition.document(d).meta.id))
        .collect();
    format!(
        "{number} is printed in more than one document; write {}",
        names.join(" or ")
    )
}

/// A list for a message: all of it when short, else the first and last few.
fn shorten(items: &[String]) -> String {
    if items.len() <= 12 {
        items.join(", ")
    } else {
        format!(
            "{}, … {} ({} in all)",
            items[..5].join(", "),
            items[items.len() - 3..].join(", "),
            items.len()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_form() {
        let p = |s| parse_reference(s).unwrap();
        assert_eq!(
            p("F"),
            Reference {
                doc: Some("F".into()),
                number: None,
                path: vec![]
            }
        );
        assert_eq!(
            p("F2"),
            Reference {
                doc: None,
                number: Some("F2".into()),
                path: vec![]
            }
        );
        assert_eq!(
            p("F2.1"),
            Reference {
                doc: None,
                number: Some("F2.1".into()),
                path: vec![]
            }
        );
        assert_eq!(
            p("Z:6.2"),
            Reference {
                doc: Some("Z".into()),
                number: Some("6.2".into()),
                path: vec![]
            }
        );
        assert_eq!(
            p("Z:6"),
            Reference {
                doc: Some("Z".into()),
                number: Some("6".into()),
                path: vec![]
            }
        );
        assert_eq!(
            p("F2.1(b)(ii)"),
            Reference {
                doc: None,
                number: Some("F2.1".into()),
                path: vec!["b".into(), "ii".into()]
            }
        );
        for bad in ["", "F2.1(", "F2(a)", "Z:", ":6.2", "F2.1(b", "f 2", "F2.1()"] {
            assert!(parse_reference(bad).is_err(), "{bad} should be refused");
        }
    }
}
