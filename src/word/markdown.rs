//! The imported units written in the Code's Markdown format (docs/format.md): front matter,
//! the title, `##` Parts, `###` cross-headings, `**number**` provisions, `- (a)` items,
//! GFM tables; paragraphs wrapped at 80 columns, the way `sec-text/` is written.

use super::document::Run;
use super::import::{Line, Placed};
use crate::corpus::DocKind;

const WIDTH: usize = 80;

/// The whole document.
pub(crate) fn document(id: &str, kind: DocKind, title: &str, version: &str, lines: &[Placed]) -> String {
    let mut md = format!(
        "---\ndocument: {id}\ntitle: {}\nkind: {}\nversion: \"{}\"\n---\n\n# {} {id}: {}\n",
        crate::yaml::front_matter::block_scalar(title),
        kind.as_str(),
        version.replace(['"', '\\'], ""),
        kind.as_str(),
        heading_text(title)
    );
    // Each line is written on its own (with the blank line before it, if any): a large
    // document's lines are written on every core, then joined in order.
    let indices: Vec<std::ops::Range<usize>> = (0..lines.len())
        .step_by(4096)
        .map(|start| start..(start + 4096).min(lines.len()))
        .collect();
    let chunks = crate::parallel::in_parallel(&indices, |range| {
        let mut out = String::new();
        for i in range.clone() {
            let previous = i.checked_sub(1).map(|p| &lines[p].line);
            line(&mut out, previous, &lines[i].line);
        }
        out
    });
    for c in chunks {
        md.push_str(&c);
    }
    md
}

fn line(md: &mut String, previous: Option<&Line>, line: &Line) {
    let tight = matches!((previous, line), (Some(Line::Sub { .. }), Line::Sub { .. }));
    if !tight {
        md.push('\n');
    }
    match line {
        Line::Part { number, heading } => md.push_str(&format!("## {number} {}\n", heading_text(heading))),
        Line::CrossHeading { heading } => md.push_str(&format!("### {}\n", heading_text(heading))),
        Line::Provision { number, runs } => {
            wrap(md, &format!("**{number}**"), "", &inline(runs));
        }
        Line::Sub { depth, label, runs } => {
            let indent = "  ".repeat(depth.saturating_sub(1));
            wrap(
                md,
                &format!("{indent}- ({label})"),
                &format!("{indent}  "),
                &inline(runs),
            );
        }
        Line::Body { runs } => wrap(md, "", "", &inline(runs)),
        Line::Table { rows } => table(md, rows),
    }
}

/// A heading's words: no formatting, Markdown's characters escaped.
fn heading_text(s: &str) -> String {
    escape(&s.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Characters that would be Markdown, escaped so they read as themselves.
fn escape(s: &str) -> String {
    // Every one is ASCII: a byte table finds them, and the text between is copied whole.
    const SPECIAL: [bool; 256] = {
        let mut t = [false; 256];
        let chars = b"\\*_`[]<>|~#&";
        let mut i = 0;
        while i < chars.len() {
            t[chars[i] as usize] = true;
            i += 1;
        }
        t
    };
    let bytes = s.as_bytes();
    let Some(first) = bytes.iter().position(|b| SPECIAL[*b as usize]) else {
        return s.to_string();
    };
    let mut out = String::with_capacity(s.len() + 8);
    let mut from = 0;
    for (i, b) in bytes.iter().enumerate().skip(first) {
        if SPECIAL[*b as usize] {
            out.push_str(&s[from..i]);
            out.push('\\');
            from = i;
        }
    }
    out.push_str(&s[from..]);
    out
}

/// Runs as inline Markdown on one line: whitespace folded, `**bold**`, `*italic*`, markers
/// kept inside the spaces around the words they format.
pub(crate) fn inline(runs: &[Run]) -> String {
    // Fold whitespace across runs first, so a space split between two runs is one space.
    let mut pieces: Vec<(String, bool, bool)> = Vec::new();
    let mut last_space = true;
    for r in runs {
        let mut t = String::new();
        for c in r.text.chars() {
            let space = c.is_whitespace() && c != '\u{a0}';
            if space {
                if !last_space {
                    t.push(' ');
                }
            } else {
                t.push(c);
            }
            last_space = space;
        }
        match pieces.last_mut() {
            Some(p) if (p.1, p.2) == (r.bold, r.italic) => p.0.push_str(&t),
            _ => pieces.push((t, r.bold, r.italic)),
        }
    }
    let mut out = String::new();
    for (text, bold, italic) in pieces {
        let core = text.trim_matches(' ');
        if core.is_empty() {
            out.push_str(&text);
            continue;
        }
        let lead = &text[..text.len() - text.trim_start_matches(' ').len()];
        let trail = &text[text.trim_end_matches(' ').len()..];
        let marker = match (bold, italic) {
            (true, true) => "***",
            (true, false) => "**",
            (false, true) => "*",
            (false, false) => "",
        };
        out.push_str(lead);
        out.push_str(marker);
        out.push_str(&escape(core));
        out.push_str(marker);
        out.push_str(trail);
    }
    out.trim().to_string()
}

/// `first` then the text, wrapped at 80 columns; continuation lines start with `indent`.
/// A line never starts with something Markdown would read as a list or a heading underline.
fn wrap(md: &mut String, first: &str, indent: &str, text: &str) {
    let mut line = first.to_string();
    let mut width = first.chars().count();
    let indent_width = indent.chars().count();
    let mut line_has_words = false;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let w = word.chars().count();
        let fits = width + 1 + w <= WIDTH;
        let risky = starts_block(word);
        if line_has_words && !fits && !risky {
            md.push_str(line.trim_end());
            md.push('\n');
            line.clear();
            line.push_str(indent);
            line.push_str(word);
            width = indent_width + w;
        } else if line.is_empty() {
            let guarded = if risky { guard(word) } else { word.to_string() };
            width = guarded.chars().count();
            line = guarded;
        } else {
            line.push(' ');
            line.push_str(word);
            width += 1 + w;
        }
        line_has_words = true;
    }
    md.push_str(line.trim_end());
    md.push('\n');
}

/// Whether a word at the start of a line would start a block: `-`, `+`, `=`, `1.`, `1)`.
fn starts_block(word: &str) -> bool {
    if word.starts_with(['-', '+', '=']) {
        return true;
    }
    let digits = word.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && matches!(word.as_bytes().get(digits), Some(b'.' | b')'))
}

/// A word that must start a paragraph, escaped so it stays text.
fn guard(word: &str) -> String {
    let digits = word.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 {
        format!("{}\\{}", &word[..digits], &word[digits..])
    } else {
        format!("\\{word}")
    }
}

fn table(md: &mut String, rows: &[Vec<Vec<Run>>]) {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0).max(1);
    for (i, row) in rows.iter().enumerate() {
        md.push('|');
        for c in 0..columns {
            let cell = row.get(c).map(|r| inline(r)).unwrap_or_default();
            md.push(' ');
            md.push_str(&cell);
            if !cell.is_empty() {
                md.push(' ');
            }
            md.push('|');
        }
        md.push('\n');
        if i == 0 {
            md.push('|');
            for _ in 0..columns {
                md.push_str(" --- |");
            }
            md.push('\n');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, bold: bool, italic: bool) -> Run {
        Run {
            text: text.into(),
            bold,
            italic,
        }
    }

    #[test]
    fn formatting_markers_stay_inside_the_spaces() {
        let runs = [
            run("a \"", false, false),
            run("CPL Entry ", true, false),
            run("\" and ", false, false),
            run("solely", false, true),
            run(" 2 * 3", false, false),
        ];
        assert_eq!(inline(&runs), "a \"**CPL Entry** \" and *solely* 2 \\* 3");
    }

    #[test]
    fn no_line_starts_a_list() {
        let mut md = String::new();
        let text = format!("{} - 1. and", "word ".repeat(15).trim());
        wrap(&mut md, "**1.1**", "", &text);
        assert!(md.lines().all(|l| !l.starts_with('-') && !l.starts_with("1.")), "{md}");
    }
}
