//! The one reference finder: every "Section F2.3", "Clause F4.1(a)", "paragraph 6.4A of
//! Appendix Z", "paragraphs 5.1 to 5.3", "Part 5", "This Part 6", "Appendix Z" in a text,
//! with what each names. The cross-reference check (`changeset::checks`) resolves them to
//! find references that point at nothing; the website (`publish::text`) makes them links.
//! Found by scanning for the introducing words, not by tokenising: this runs over the whole
//! Code on every build.

use super::{DocKind, Document};
use crate::words::{is_part_number, is_provision_number};
use std::ops::Range;

/// What a citation names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cited {
    /// A provision or a sub-paragraph: "Section F2.4(c)", "paragraph 6.2".
    Provision,
    /// A Part, said as "Part 5" (`said_part`) or as "Section F2".
    Part { said_part: bool },
    /// A whole document: "Appendix Z", "this Section F".
    Document,
}

/// A reference found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Citation {
    /// The number with its sub-paragraph labels ("6.4A", "F2.4(c)", "5" of "Part 5"), or the
    /// document's id.
    pub span: Range<usize>,
    /// The words a reader takes as the reference, and a link covers: "paragraph 6.4A of
    /// Appendix Z", "Section F2.4", "Part 5". In a list ("paragraphs 5.1 to 5.3") the
    /// first is "paragraphs 5.1" and each later one its number alone ("5.3"), with the
    /// "of Appendix Y" that names their document on the last.
    pub phrase: Range<usize>,
    /// What it names, as FORMAT §2 writes it: "Z:6.4A", "F2.4(c)", "Z:5", "F".
    pub reference: String,
    pub cited: Cited,
    /// Said as "this …" ("this Section F", "This Part 6").
    pub this: bool,
}

/// The words that introduce a reference, and whether the number after them is a paragraph
/// of an Appendix (read in the text's own document unless another is named after it).
const REFERENCE_WORDS: &[(&str, bool)] = &[
    ("Section", false),
    ("Clause", false),
    ("Condition", false),
    ("paragraph", true),
    ("Paragraph", true),
    ("Appendix", false),
];

/// The introducing words: [`REFERENCE_WORDS`], then "Part".
const PART: usize = REFERENCE_WORDS.len();
const APPENDIX: usize = PART - 1;

/// Every reference in `text`, a unit of document `own` among `documents`, in the order
/// written. Only references to documents that exist are given; whether the provision or
/// Part exists is for the caller to find out.
pub(crate) fn find(documents: &[Document], own: &str, text: &str) -> Vec<Citation> {
    let mut out = Vec::new();
    for (k, at, start) in introductions(text) {
        let this = text[..start]
            .trim_end()
            .rsplit(char::is_whitespace)
            .next()
            .is_some_and(|w| w == "this" || w == "This")
            && text[..start].ends_with(char::is_whitespace);
        let before = out.len();
        if k == PART {
            parts(documents, own, text, start, at, &mut out);
        } else {
            numbers(documents, own, text, k, start, at, &mut out);
        }
        for c in &mut out[before..] {
            c.this = this;
        }
    }
    // "paragraph 6.4A of Appendix Z": the "Appendix Z" inside it is not a reference of its own.
    out.sort_by_key(|c| (c.phrase.start, std::cmp::Reverse(c.phrase.end)));
    let mut kept: Vec<Citation> = Vec::with_capacity(out.len());
    let mut covered = 0;
    for c in out {
        let inside_earlier = kept.last().is_some_and(|_| c.phrase.start < covered);
        if !inside_earlier {
            covered = covered.max(c.phrase.end);
            kept.push(c);
        }
    }
    kept
}

/// For each time an introducing word (or its plural in `s`) stands as a word of its own in
/// `text`: which word ([`REFERENCE_WORDS`] index, or [`PART`]), where the numbers after it
/// begin, and where the word begins. One pass over the bytes, by aho-corasick (its SIMD
/// prefilter skips the text between the words: this runs over the whole Code on every
/// build). No introducing word holds the start of another after its first byte, so the
/// matches, taken leftmost and without overlap, are the words a reader sees.
fn introductions(text: &str) -> Vec<(usize, usize, usize)> {
    static WORDS: std::sync::LazyLock<aho_corasick::AhoCorasick> = std::sync::LazyLock::new(|| {
        aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostFirst)
            .build(REFERENCE_WORDS.iter().map(|(w, _)| *w).chain(["Part"]))
            .expect("a handful of fixed words make an automaton")
    });
    let mut out = Vec::new();
    for m in WORDS.find_iter(text) {
        let (k, i, pos) = (m.pattern().as_usize(), m.start(), m.end());
        if text[..i].chars().next_back().is_some_and(char::is_alphanumeric) {
            continue;
        }
        let after = if text[pos..].starts_with('s') { pos + 1 } else { pos };
        // A word of its own: "Parts 5", not "Party" or "Sectional".
        if !text[after..].starts_with(char::is_alphanumeric) {
            out.push((k, after, i));
        }
    }
    out
}

/// The word after `pos` (after whitespace, at least one): where it starts and ends, up to
/// the first character `keep` does not take.
fn next_word(text: &str, pos: usize, keep: impl Fn(char) -> bool) -> Option<Range<usize>> {
    let start = pos + (text[pos..].len() - text[pos..].trim_start().len());
    if start == pos {
        return None;
    }
    let len = text[start..].find(|c: char| !keep(c)).unwrap_or(text.len() - start);
    Some(start..start + len)
}

/// After a number ending at `end`: where the next number starts if "to", "and" or "or"
/// joins one on ("paragraphs 5.1 to 5.3", "Parts 5 and 6").
fn joined_number(text: &str, end: usize) -> Option<usize> {
    let rest = text[end..].trim_start();
    ["to", "and", "or"].iter().find_map(|j| {
        rest.strip_prefix(j)
            .filter(|r| r.starts_with(char::is_whitespace))
            .map(|r| text.len() - r.len())
    })
}

fn doc_of<'d>(documents: &'d [Document], id: &str) -> Option<&'d Document> {
    documents.iter().find(|d| d.meta.id == id)
}

/// The reference of `number` in document `doc`: `F2.4` stays, `6.2` → `Z:6.2`.
fn qualify(doc: &Document, number: &str) -> String {
    super::qualified(&doc.meta, number)
}

/// "Section F2.3", "Sections F2.1 and F2.2", "paragraphs 5.1 to 5.3 of Appendix Y",
/// "Section F2" (a Part), "Appendix Z" and "Section F" (documents).
fn numbers(documents: &[Document], own: &str, text: &str, k: usize, intro: usize, at: usize, out: &mut Vec<Citation>) {
    let paragraph = REFERENCE_WORDS[k].1;
    // The numbers of the list, each with its sub-paragraph labels.
    let mut list: Vec<(Range<usize>, usize)> = Vec::new();
    let mut pos = at;
    while let Some(word) = next_word(text, pos, |c| c.is_ascii_alphanumeric() || c == '.') {
        let number = text[word.clone()].trim_end_matches('.');
        if !is_provision_number(number) {
            if list.is_empty() && k != APPENDIX {
                // "Section F2": a Part of a Section.
                let part = text[word.clone()].trim_end_matches('.');
                let id: String = part.chars().take_while(char::is_ascii_uppercase).collect();
                if !paragraph && is_part_number(part) && doc_of(documents, &id).is_some() {
                    let span = word.start..word.start + part.len();
                    out.push(Citation {
                        phrase: intro..span.end,
                        span,
                        reference: part.to_string(),
                        cited: Cited::Part { said_part: false },
                        this: false,
                    });
                    return;
                }
            }
            if list.is_empty() && matches!(REFERENCE_WORDS[k].0, "Section" | "Appendix") {
                // "Appendix Z", "Section F": the document itself.
                let id = text[word.clone()].trim_end_matches(|c: char| !c.is_ascii_alphanumeric());
                let kind = if k == APPENDIX {
                    DocKind::Appendix
                } else {
                    DocKind::Section
                };
                if let Some(d) = doc_of(documents, id).filter(|d| d.meta.kind == kind) {
                    let span = word.start..word.start + id.len();
                    out.push(Citation {
                        phrase: intro..span.end,
                        span,
                        reference: d.meta.id.clone(),
                        cited: Cited::Document,
                        this: false,
                    });
                }
            }
            break;
        }
        if k == APPENDIX {
            break;
        }
        let end = word.start + number.len();
        let subs = sub_labels_len(&text[end..]);
        list.push((word.start..end + subs, end));
        match joined_number(text, end + subs) {
            Some(p) if list.len() < 2 => pos = p,
            _ => break,
        }
    }
    let Some(last) = list.last().map(|(span, _)| span.end) else {
        return;
    };
    // "of Appendix Y" after the last number names the document of every number before it.
    let named = paragraph.then(|| of_document(documents, text, last)).flatten();
    let count = list.len();
    for (n, (span, number_end)) in list.into_iter().enumerate() {
        let number = &text[span.start..number_end];
        let id = if !paragraph || number.starts_with(|c: char| c.is_ascii_uppercase()) {
            number.chars().take_while(char::is_ascii_uppercase).collect::<String>()
        } else {
            named
                .as_ref()
                .map(|(id, _)| id.clone())
                .unwrap_or_else(|| own.to_string())
        };
        let Some(doc) = doc_of(documents, &id) else { continue };
        let start = if n == 0 { intro } else { span.start };
        let end = match &named {
            Some((_, end)) if n + 1 == count => *end,
            _ => span.end,
        };
        out.push(Citation {
            reference: format!("{}{}", qualify(doc, number), &text[number_end..span.end]),
            span,
            phrase: start..end,
            cited: Cited::Provision,
            this: false,
        });
    }
}

/// The document named right after a reference ending at `end`: "of Appendix Z", "of Section
/// F", or "of the CPL Requirements Document" (a document's title); with where that ends.
fn of_document(documents: &[Document], text: &str, end: usize) -> Option<(String, usize)> {
    let of = next_word(text, end, char::is_alphanumeric).filter(|w| &text[w.clone()] == "of")?;
    let first = next_word(text, of.end, char::is_alphanumeric)?;
    if matches!(&text[first.clone()], "Appendix" | "Section") {
        let id = next_word(text, first.end, |c| c.is_ascii_alphanumeric())?;
        let d = doc_of(documents, &text[id.clone()])?;
        return Some((d.meta.id.clone(), id.end));
    }
    if &text[first.clone()] != "the" {
        return None;
    }
    // Titles may wrap across lines: compare word by word.
    documents.iter().find_map(|d| {
        let mut pos = first.end;
        for t in d.meta.title.split_whitespace() {
            let w = next_word(text, pos, |c| !c.is_whitespace())?;
            let said = &text[w.clone()];
            let bare = said.trim_end_matches(|c: char| !c.is_alphanumeric());
            if said == t {
                pos = w.end;
            } else if bare == t {
                pos = w.start + bare.len();
            } else {
                return None;
            }
        }
        Some((d.meta.id.clone(), pos))
    })
}

/// "Part 5", "Part 5 of Appendix Z", "Parts 5 and 6 of the CPL Requirements Document":
/// references to a Part, of this document unless another is named after them.
fn parts(documents: &[Document], own: &str, text: &str, intro: usize, mut pos: usize, out: &mut Vec<Citation>) {
    let mut numbers = Vec::new();
    while let Some(word) = next_word(text, pos, |c| c.is_ascii_alphanumeric()) {
        let number = &text[word.clone()];
        let is_number = number.bytes().any(|b| b.is_ascii_digit())
            && number.bytes().all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
            && !text[word.end..]
                .starts_with(|c: char| c == '.' && text[word.end + 1..].starts_with(|d: char| d.is_ascii_digit()));
        if !is_number {
            break;
        }
        numbers.push(word.clone());
        match joined_number(text, word.end) {
            Some(p) => pos = p,
            None => break,
        }
    }
    let Some(last) = numbers.last().map(|r| r.end) else {
        return;
    };
    let named = of_document(documents, text, last);
    let id = named.as_ref().map(|(id, _)| id.as_str()).unwrap_or(own);
    let Some(doc) = doc_of(documents, id) else { return };
    let count = numbers.len();
    for (n, span) in numbers.into_iter().enumerate() {
        let number = &text[span.clone()];
        let reference = match doc.meta.kind {
            DocKind::Section if number.starts_with(id) => number.to_string(),
            DocKind::Section => format!("{id}{number}"),
            DocKind::Appendix => format!("{id}:{number}"),
        };
        let end = match &named {
            Some((_, end)) if n + 1 == count => *end,
            _ => span.end,
        };
        out.push(Citation {
            phrase: if n == 0 { intro } else { span.start }..end,
            span,
            reference,
            cited: Cited::Part { said_part: true },
            this: false,
        });
    }
}

/// Length of `(a)(ii)…` at the start of `rest`.
pub(crate) fn sub_labels_len(rest: &str) -> usize {
    let mut len = 0;
    while let Some(inner) = rest[len..].strip_prefix('(') {
        match inner.find(')') {
            Some(close) if close > 0 && inner[..close].bytes().all(|b| b.is_ascii_alphanumeric()) && close <= 6 => {
                len += close + 2
            }
            _ => break,
        }
    }
    len
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Corpus;
    use crate::diagnostics::SourceFile;
    use std::path::Path;

    fn documents() -> Vec<Document> {
        let doc = |id: &str, kind: &str, title: &str, body: &str| {
            SourceFile::new(
                format!("sec-text/{}.md", id.to_lowercase()),
                format!(
                    "---\ndocument: {id}\ntitle: {title}\nkind: {kind}\nversion: \"1.0\"\n---\n\n# {kind} {id}: {title}\n\n{body}"
                ),
            )
        };
        Corpus::from_files(
            Path::new("sec-text"),
            vec![
                doc(
                    "F",
                    "Section",
                    "Central Products List",
                    "## F1 One\n\n**F1.1** Words.\n",
                ),
                doc("Y", "Appendix", "Other Document", "## 1 One\n\n**1.1** Words.\n"),
                doc(
                    "Z",
                    "Appendix",
                    "CPL Requirements Document",
                    "## 1 One\n\n**1.1** Words.\n",
                ),
            ],
        )
        .expect("the test documents parse")
        .documents
    }

    /// Each citation as (the words it covers, what it names, this).
    fn cited(text: &str) -> Vec<(String, String, bool)> {
        find(&documents(), "Z", text)
            .into_iter()
            .map(|c| (text[c.phrase].to_string(), c.reference, c.this))
            .collect()
    }

    fn c(words: &str, reference: &str) -> (String, String, bool) {
        (words.to_string(), reference.to_string(), false)
    }

    #[test]
    fn a_paragraph_of_another_document_is_one_phrase() {
        assert_eq!(
            cited("as set out in paragraph 6.4A of Appendix Z, and"),
            [c("paragraph 6.4A of Appendix Z", "Z:6.4A")]
        );
        assert_eq!(
            cited("see paragraph 1.1 of Appendix Y."),
            [c("paragraph 1.1 of Appendix Y", "Y:1.1")]
        );
        assert_eq!(
            cited("paragraph 4.3 of the CPL Requirements\nDocument."),
            [c("paragraph 4.3 of the CPL Requirements\nDocument", "Z:4.3")]
        );
    }

    #[test]
    fn every_number_of_a_list_is_a_reference() {
        assert_eq!(
            cited("and paragraphs 5.1 to 5.3 shall apply"),
            [c("paragraphs 5.1", "Z:5.1"), c("5.3", "Z:5.3")]
        );
        assert_eq!(
            cited("paragraphs 5.1 and 5.2(a) of Appendix Y"),
            [c("paragraphs 5.1", "Y:5.1"), c("5.2(a) of Appendix Y", "Y:5.2(a)")]
        );
        assert_eq!(
            cited("Sections F2.1 and F2.2"),
            [c("Sections F2.1", "F2.1"), c("F2.2", "F2.2")]
        );
    }

    #[test]
    fn parts_documents_and_this() {
        assert_eq!(cited("apply under Part 5 for"), [c("Part 5", "Z:5")]);
        assert_eq!(cited("This Part 6 applies"), [("Part 6".into(), "Z:6".into(), true)]);
        assert_eq!(
            cited("In this Section F, and"),
            [("Section F".into(), "F".into(), true)]
        );
        assert_eq!(
            cited("under Section F2 and Appendix Y."),
            [c("Section F2", "F2"), c("Appendix Y", "Y")]
        );
        assert_eq!(
            cited("Section F2.4(c)(ii) applies"),
            [c("Section F2.4(c)(ii)", "F2.4(c)(ii)")]
        );
    }

    #[test]
    fn words_that_only_begin_like_a_reference_are_not_one() {
        assert_eq!(cited("a Party, a particular Sectional Appendixes"), []);
        assert_eq!(cited("Section X2.1 and Appendix Q"), []);
    }

    /// The scan by automaton against its definition read literally: at every character
    /// boundary, the first introducing word that starts there, not after a letter or digit,
    /// and not followed by one (after an optional plural `s`), scanning on after the word.
    #[test]
    fn introductions_are_the_words_standing_alone() {
        fn literally(text: &str) -> Vec<(usize, usize, usize)> {
            let words: Vec<&str> = REFERENCE_WORDS.iter().map(|(w, _)| *w).chain(["Part"]).collect();
            let mut out = Vec::new();
            let mut i = 0;
            while i < text.len() {
                let found = words.iter().position(|w| text[i..].starts_with(w));
                match found {
                    Some(k) if !text[..i].chars().next_back().is_some_and(char::is_alphanumeric) => {
                        let pos = i + words[k].len();
                        let after = if text[pos..].starts_with('s') { pos + 1 } else { pos };
                        if !text[after..].starts_with(char::is_alphanumeric) {
                            out.push((k, after, i));
                        }
                        i = pos;
                    }
                    _ => i += text[i..].chars().next().map_or(1, char::len_utf8),
                }
            }
            out
        }
        let pieces = [
            "Section",
            "Sections",
            "Clause",
            "Condition",
            "paragraph",
            "Paragraphs",
            "Appendix",
            "Part",
            "Parts",
            "Party",
            "xPart",
            "Sectional",
            " ",
            "\n",
            "s",
            "é",
            "1",
            "F2.1",
            "(a)",
            "Pa",
            "Se",
            "Appendixes",
            "**",
            "ParagraphPart",
            "2Part",
        ];
        // Every sequence of up to three pieces, and a few long ones.
        let mut texts: Vec<String> = Vec::new();
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    texts.push(format!("{a}{b}{c}"));
                }
            }
        }
        texts.push(pieces.concat());
        texts.push(pieces.iter().rev().copied().collect::<Vec<_>>().join(" "));
        for t in &texts {
            assert_eq!(introductions(t), literally(t), "{t:?}");
        }
    }
}
