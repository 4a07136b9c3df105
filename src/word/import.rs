//! A Word document's body, read into the units of the Code's text: the title, Parts,
//! cross-headings, provisions, sub-paragraphs, further paragraphs and tables, each
//! paragraph's number resolved as Word prints it.

use super::document::{Block, Paragraph, Run};
use super::numbering::{Numbering, known_format};
use super::styles::Styles;

/// One unit of text, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    Part {
        number: String,
        heading: String,
    },
    CrossHeading {
        heading: String,
    },
    Provision {
        number: String,
        runs: Vec<Run>,
    },
    Sub {
        depth: usize,
        label: String,
        runs: Vec<Run>,
    },
    Body {
        runs: Vec<Run>,
    },
    Table {
        rows: Vec<Vec<Vec<Run>>>,
    },
}

/// A line and the paragraph of document.xml it came from.
#[derive(Debug, Clone)]
pub struct Placed {
    pub line: Line,
    pub paragraph: usize,
}

/// What the body says about the document itself: its heading (`Appendix Z: CPL
/// Requirements Document`) and a version (`…, version 1.0`), when it has them.
#[derive(Debug, Clone, Default)]
pub(crate) struct Heading {
    pub kind: Option<String>,
    pub id: Option<String>,
    pub title: Option<String>,
    pub version: Option<String>,
}

/// Something the importer could not carry into the Markdown: the paragraph and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    pub paragraph: usize,
    /// The paragraph's first words, to find it by.
    pub excerpt: String,
    pub what: String,
}

/// What a paragraph is, from its style.
enum Role {
    Title,
    Heading,
    /// The clean DOCX's line under a document's title: the annex's, not legal text.
    Intro,
    Text,
}

/// Reads the units out of `blocks`, with the document's own heading and what could not be
/// read.
pub(crate) fn units(
    blocks: &[Block],
    styles: &Styles,
    numbering: &mut Numbering,
) -> (Heading, Vec<Placed>, Vec<Problem>) {
    let mut heading = Heading::default();
    let mut out: Vec<Placed> = Vec::new();
    let mut problems: Vec<Problem> = Vec::new();
    let mut in_provision = false;
    // Sub-paragraph levels of the current provision: numbering levels, or typed labels.
    let mut levels: Vec<u8> = Vec::new();
    let mut typed: Vec<String> = Vec::new();
    let mut provision_level: Option<u8> = None;
    for block in blocks {
        let p = match block {
            Block::Table(t) => {
                for what in &t.problems {
                    problems.push(problem(t.index, "", what));
                }
                if in_provision {
                    let mut rows = t.rows.clone();
                    // A header row in bold is Markdown's header row, which readers show bold.
                    if let Some(header) = rows.first_mut()
                        && header.iter().flatten().all(|r| r.bold || r.text.trim().is_empty())
                    {
                        header.iter_mut().flatten().for_each(|r| r.bold = false);
                    }
                    out.push(Placed {
                        line: Line::Table { rows },
                        paragraph: t.index,
                    });
                } else {
                    problems.push(problem(t.index, "", "a table before the first provision (left out)"));
                }
                continue;
            }
            Block::Para(p) => p,
        };
        // The paragraph's text, made only where a problem names it.
        let text_once = std::cell::OnceCell::new();
        let text = || text_once.get_or_init(|| p.text()).as_str();
        for what in &p.problems {
            problems.push(problem(p.index, text(), what));
        }
        let style = styles.paragraph_style(p.style.as_deref()).map(str::to_string);
        let numbered = number_of(p, style.as_deref(), styles, numbering);
        if let Some((_, ilvl, format)) = &numbered
            && !known_format(format)
        {
            problems.push(problem(
                p.index,
                text(),
                &format!("a number in Word's '{format}' format (written in Arabic numerals) at level {ilvl}"),
            ));
        }
        let role = match style.as_deref() {
            Some("Intro") => Role::Intro,
            Some(s) if styles.name(s) == "title" => Role::Title,
            Some(s) if p.outline.or_else(|| styles.outline(s)) == Some(0) => Role::Title,
            Some(s) if p.outline.or_else(|| styles.outline(s)).is_some() => Role::Heading,
            None if p.outline == Some(0) => Role::Title,
            None if p.outline.is_some() => Role::Heading,
            _ => Role::Text,
        };
        // The label: Word's number, else one typed at the start of the text.
        let (label, runs) = match &numbered {
            Some((label, _, _)) if !label.trim().is_empty() => (Some(label.trim().to_string()), trim_runs(&p.runs)),
            _ => typed_label(&p.runs),
        };
        if p.runs.iter().all(|r| r.text.trim().is_empty()) && label.is_none() {
            continue;
        }
        let plain = || plain_text(&runs);
        let kind = label.as_deref().map(classify);
        let line = match (role, kind) {
            (Role::Intro, _) => continue,
            // A document whose Parts are in Heading 1.
            (Role::Title, Some(Kind::Part(n))) => Line::Part {
                number: n,
                heading: plain(),
            },
            (Role::Title, _) => {
                let whole = match &label {
                    Some(l) => format!("{l} {}", plain()),
                    None => plain(),
                };
                read_heading(&whole, &mut heading);
                continue;
            }
            (Role::Heading, Some(Kind::Part(n))) => Line::Part {
                number: n,
                heading: plain(),
            },
            (Role::Heading, None) => Line::CrossHeading { heading: plain() },
            (Role::Heading, Some(_)) | (Role::Text, Some(Kind::Other)) | (Role::Text, Some(Kind::Part(_))) => {
                let l = label.clone().unwrap_or_default();
                problems.push(problem(
                    p.index,
                    text(),
                    &format!("a numbered paragraph outside the Code's scheme ('{l}'), kept as text"),
                ));
                let mut runs = runs.clone();
                runs.insert(
                    0,
                    Run {
                        text: format!("{l} "),
                        ..Run::default()
                    },
                );
                if !in_provision {
                    problems.push(problem(p.index, text(), "text before the first provision (left out)"));
                    continue;
                }
                Line::Body { runs }
            }
            (Role::Text, Some(Kind::Provision(n))) => {
                in_provision = true;
                levels.clear();
                typed.clear();
                provision_level = numbered.as_ref().map(|(_, l, _)| *l);
                Line::Provision { number: n, runs }
            }
            (Role::Text, Some(Kind::Sub(l))) => {
                if !in_provision {
                    problems.push(problem(
                        p.index,
                        text(),
                        "a sub-paragraph before the first provision (left out)",
                    ));
                    continue;
                }
                let depth = match (&numbered, style.as_deref().and_then(style_depth)) {
                    (Some((_, ilvl, _)), _) => {
                        while levels.last().is_some_and(|top| top >= ilvl) {
                            levels.pop();
                        }
                        if provision_level.is_none_or(|pl| *ilvl > pl) || levels.is_empty() {
                            levels.push(*ilvl);
                        }
                        levels.len().max(1)
                    }
                    (None, Some(d)) => d,
                    (None, None) => typed_depth(&mut typed, &l),
                };
                Line::Sub { depth, label: l, runs }
            }
            (Role::Text, None) => {
                if !in_provision {
                    problems.push(problem(p.index, text(), "text before the first provision (left out)"));
                    continue;
                }
                Line::Body { runs }
            }
        };
        // The clean DOCX bookmarks each Part, provision and sub-paragraph (`p_z_6_4`,
        // `p_z_6_4_b`; before sub-paragraphs had them, `p-z-6-4`): a paragraph that carries one
        // but reads as plain text has lost its number, label or style in editing. (One read
        // at another address is found once the document's id is known: `word::resolve`.)
        if let Some(b) = p.bookmarks.iter().find(|b| b.starts_with("p_") || b.starts_with("p-"))
            && (matches!(line, Line::Body { .. }) || (b.starts_with("p-") && matches!(line, Line::Sub { .. })))
        {
            let what = if b.starts_with("p_") {
                "a Part, provision or sub-paragraph"
            } else {
                "a Part or provision"
            };
            problems.push(problem(
                p.index,
                text(),
                &format!("it carries the bookmark '{b}' of {what}, but does not read as one"),
            ));
        }
        out.push(Placed {
            line,
            paragraph: p.index,
        });
    }
    (heading, out, problems)
}

/// A problem at a paragraph, named by its first words (`text` is the paragraph's text).
fn problem(paragraph: usize, text: &str, what: &str) -> Problem {
    Problem {
        paragraph,
        excerpt: excerpt(text),
        what: what.to_string(),
    }
}

/// The first words of a paragraph's text.
pub(crate) fn excerpt(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut e = words.iter().take(8).copied().collect::<Vec<_>>().join(" ");
    if words.len() > 8 {
        e.push('\u{2026}');
    }
    e
}

/// The paragraph's printed number, its level and that level's format, from its own
/// `w:numPr` or its style's (`numId` 0 means none).
fn number_of(
    p: &Paragraph,
    style: Option<&str>,
    styles: &Styles,
    numbering: &mut Numbering,
) -> Option<(String, u8, String)> {
    let from_style = style.map(|s| styles.numbering(s)).unwrap_or_default();
    let (num_id, ilvl) = match &p.num {
        Some((Some(id), l)) => (Some(id.clone()), l.or(from_style.ilvl)),
        Some((None, l)) => (from_style.num_id.clone(), l.or(from_style.ilvl)),
        None => (from_style.num_id.clone(), from_style.ilvl),
    };
    let num_id = num_id.filter(|n| n != "0")?;
    let ilvl = ilvl.unwrap_or(0);
    let label = numbering.next(&num_id, ilvl)?;
    Some((label.text, ilvl, label.format))
}

/// What a label names.
#[derive(Debug, PartialEq, Eq)]
enum Kind {
    Part(String),
    Provision(String),
    Sub(String),
    Other,
}

fn classify(label: &str) -> Kind {
    let l = label.trim();
    if let Some(inner) = l.strip_prefix('(').and_then(|r| r.strip_suffix(')'))
        && !inner.is_empty()
        && inner.len() <= 8
        && inner.bytes().all(|b| b.is_ascii_alphanumeric())
    {
        return Kind::Sub(inner.to_string());
    }
    // `Part 3` as a heading's number is Part 3.
    let n = l.strip_prefix("Part ").unwrap_or(l);
    let n = n.strip_suffix('.').unwrap_or(n);
    let letters = n.bytes().take_while(u8::is_ascii_uppercase).count();
    let rest = &n[letters..];
    let groups: Vec<&str> = rest.split('.').collect();
    let group_ok = |g: &str| {
        let digits = g.bytes().take_while(u8::is_ascii_digit).count();
        digits > 0 && g[digits..].bytes().all(|b| b.is_ascii_uppercase())
    };
    if !rest.is_empty() && groups.iter().all(|g| group_ok(g)) {
        return match groups.len() {
            1 => Kind::Part(n.to_string()),
            2 => Kind::Provision(n.to_string()),
            _ => Kind::Other,
        };
    }
    Kind::Other
}

/// A label typed at the start of the text (`F2.1`, `(a)`, followed by a tab or space), and
/// the runs after it; or no label and the runs.
fn typed_label(runs: &[Run]) -> (Option<String>, Vec<Run>) {
    let runs = trim_runs(runs);
    let text: String = runs.iter().map(|r| r.text.as_str()).collect();
    let end = text.find([' ', '\t', '\u{a0}']).unwrap_or(text.len());
    let first = &text[..end];
    if first.is_empty()
        || classify(first) == Kind::Other
        || matches!(classify(first), Kind::Part(_)) && end == text.len()
    {
        return (None, runs);
    }
    // A lone number with no text after it is not a label.
    let rest_start = end + text[end..].len() - text[end..].trim_start().len();
    if rest_start >= text.len() && !matches!(classify(first), Kind::Sub(_)) {
        return (None, runs);
    }
    (Some(first.to_string()), trim_runs(&cut_runs(&runs, rest_start)))
}

/// `runs` without their first `n` bytes.
fn cut_runs(runs: &[Run], mut n: usize) -> Vec<Run> {
    let mut out = Vec::new();
    for r in runs {
        if n >= r.text.len() {
            n -= r.text.len();
            continue;
        }
        out.push(Run {
            text: r.text[n..].to_string(),
            ..r.clone()
        });
        n = 0;
    }
    out
}

/// Runs with the whitespace at both ends of the paragraph removed.
fn trim_runs(runs: &[Run]) -> Vec<Run> {
    let mut out: Vec<Run> = runs.to_vec();
    while out.first().is_some_and(|r| r.text.trim().is_empty()) {
        out.remove(0);
    }
    while out.last().is_some_and(|r| r.text.trim().is_empty()) {
        out.pop();
    }
    if let Some(f) = out.first_mut() {
        f.text = f.text.trim_start().to_string();
    }
    if let Some(l) = out.last_mut() {
        l.text = l.text.trim_end().to_string();
    }
    out
}

fn plain_text(runs: &[Run]) -> String {
    let t: String = runs.iter().map(|r| r.text.as_str()).collect();
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `Appendix Z: CPL Requirements Document`, `Section F – Title`, `Smart Energy Code, version 1.0`.
fn read_heading(text: &str, heading: &mut Heading) {
    if let Some(i) = text.rfind(", version ") {
        heading.version.get_or_insert_with(|| text[i + 10..].trim().to_string());
        return;
    }
    for kind in ["Section", "Appendix"] {
        if let Some(rest) = text.strip_prefix(kind).and_then(|r| r.strip_prefix(' ')) {
            let id: String = rest.chars().take_while(char::is_ascii_alphabetic).collect();
            if id.is_empty() || heading.id.is_some() {
                continue;
            }
            let title = rest[id.len()..].trim_start_matches([':', '.', '-', '\u{2013}', '\u{2014}', ' ']);
            heading.kind = Some(kind.to_string());
            heading.id = Some(id);
            if !title.is_empty() {
                heading.title = Some(title.to_string());
            }
            return;
        }
    }
    if heading.title.is_none() && !text.is_empty() {
        heading.title = Some(text.to_string());
    }
}

/// The clean DOCX's sub-paragraph styles: `Level1`, `Level2`, ….
fn style_depth(style: &str) -> Option<usize> {
    style.strip_prefix("Level")?.parse().ok().filter(|d| *d > 0)
}

/// The depth of a typed label, from the labels before it in the provision: the level whose
/// last label it follows, else a new level if it starts a series ((a), (i), (A)).
fn typed_depth(stack: &mut Vec<String>, label: &str) -> usize {
    for d in (0..stack.len()).rev() {
        if follows(&stack[d], label) {
            stack.truncate(d + 1);
            stack[d] = label.to_string();
            return d + 1;
        }
    }
    if matches!(label, "a" | "i" | "A" | "I") || stack.is_empty() {
        stack.push(label.to_string());
        return stack.len();
    }
    if let Some(top) = stack.last_mut() {
        *top = label.to_string();
    }
    stack.len()
}

/// Whether `next` comes straight after `prev` in letters or roman numerals.
fn follows(prev: &str, next: &str) -> bool {
    use super::numbering::format_number;
    let roman_value = |s: &str| (1..400).find(|n| format_number(*n, "lowerRoman") == s);
    if let (Some(a), Some(b)) = (roman_value(prev), roman_value(next))
        && b == a + 1
    {
        return true;
    }
    let succ = |s: &str| -> Option<String> {
        let c = s.chars().last()?;
        (s.chars().count() == 1 && c.is_ascii_alphabetic() && c != 'z' && c != 'Z')
            .then(|| char::from(c as u8 + 1).to_string())
    };
    succ(prev).as_deref() == Some(next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_classified_as_the_code_prints_them() {
        assert_eq!(classify("F2.1"), Kind::Provision("F2.1".into()));
        assert_eq!(classify("6.4A."), Kind::Provision("6.4A".into()));
        assert_eq!(classify("F2"), Kind::Part("F2".into()));
        assert_eq!(classify("(ii)"), Kind::Sub("ii".into()));
        assert_eq!(classify("1.2.3"), Kind::Other);
        assert_eq!(classify("•"), Kind::Other);
    }

    #[test]
    fn parts_may_be_in_heading_1_under_a_title_in_heading_1() {
        let xml = r#"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:style w:type="paragraph" w:styleId="H1"><w:name w:val="heading 1"/></w:style></w:styles>"#;
        let styles = Styles::parse(&roxmltree::Document::parse(xml).unwrap());
        let para = |style: Option<&str>, text: &str| {
            Block::Para(Paragraph {
                style: style.map(str::to_string),
                runs: vec![Run {
                    text: text.into(),
                    ..Run::default()
                }],
                ..Paragraph::default()
            })
        };
        let blocks = [
            para(Some("H1"), "Section F: Requirements"),
            para(Some("H1"), "F2 Central Products List"),
            para(None, "F2.1\tThe DCC shall keep it."),
        ];
        let (heading, lines, problems) = units(&blocks, &styles, &mut Numbering::default());
        assert_eq!(
            (heading.kind.as_deref(), heading.id.as_deref()),
            (Some("Section"), Some("F"))
        );
        let kinds: Vec<Line> = lines.into_iter().map(|p| p.line).collect();
        assert_eq!(
            kinds,
            [
                Line::Part {
                    number: "F2".into(),
                    heading: "Central Products List".into()
                },
                Line::Provision {
                    number: "F2.1".into(),
                    runs: vec![Run {
                        text: "The DCC shall keep it.".into(),
                        ..Run::default()
                    }]
                }
            ]
        );
        assert!(problems.is_empty());
    }

    #[test]
    fn typed_labels_nest_by_series() {
        let mut s = Vec::new();
        let depths: Vec<usize> = ["a", "b", "i", "ii", "c", "h", "i", "j"]
            .iter()
            .map(|l| typed_depth(&mut s, l))
            .collect();
        assert_eq!(depths, [1, 1, 2, 2, 1, 1, 1, 1]);
    }
}
