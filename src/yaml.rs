//! YAML with positions: a thin layer over `saphyr` that turns every node into a located value.
//!
//! Change-sets and front matter are checked by hand against their schema (not by
//! serde), so that one run reports every bad key and value, each at its own
//! line and column.

pub(crate) mod front_matter;

use crate::diagnostics::{Diagnostic, Diagnostics, Position, SourceFile};
use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};

/// A YAML node with where it starts in its file.
pub(crate) type Node<'a> = MarkedYaml<'a>;

/// Parses `text` (which starts at 1-based line `first_line` of `file`) as one YAML document.
/// Returns `None` for an empty document.
pub(crate) fn parse<'a>(file: &SourceFile, text: &'a str, first_line: usize) -> Result<Option<Node<'a>>, Diagnostics> {
    match MarkedYaml::load_from_str(text) {
        Ok(mut docs) => {
            if docs.len() > 1 {
                let second = &docs[1];
                return Err(Diagnostic::at_position(
                    file,
                    position(second, first_line),
                    3,
                    "more than one YAML document in this file",
                )
                .help("remove the second `---` line; one file holds one change-set")
                .into());
            }
            Ok(docs.pop().filter(|d| !matches!(d.data, YamlData::Value(Scalar::Null))))
        }
        Err(e) => {
            let m = e.marker();
            let mut p = Position {
                line: m.line() + first_line - 1,
                column: m.col() + 1,
            };
            let info = e.info();
            // The scanner reports a tab where the scalar before it began; point at the tab itself.
            if info.contains("tab")
                && let Some((line, col)) = text
                    .lines()
                    .enumerate()
                    .skip(m.line().saturating_sub(1))
                    .find_map(|(i, l)| l.find('\t').map(|c| (i, l[..c].chars().count())))
            {
                p = Position {
                    line: line + first_line,
                    column: col + 1,
                };
            }
            // A tab straight after a key's colon (`with:<TAB>x`) reads as no space at all.
            if info.contains("must be followed by")
                && let Some(line) = text.lines().nth(m.line().saturating_sub(1))
                && let Some(colon) = line.find(":\t")
            {
                let key = line[..colon].trim().trim_start_matches("- ");
                let at = Position {
                    line: m.line() + first_line - 1,
                    column: line[..colon + 1].chars().count() + 1,
                };
                return Err(Diagnostic::at_position(
                    file,
                    at,
                    1,
                    format!("a tab after `{key}:`; YAML needs a space after a key's colon"),
                )
                .help("replace the tab with a space")
                .into());
            }
            let help = if info.contains("tab") {
                "indent with spaces; YAML does not allow tabs for indentation"
            } else if info.contains("duplicate") || info.contains("duplicated") {
                "each key may appear once in a mapping; remove or rename one of them"
            } else if info.contains("quote") || info.contains("quoted") {
                "close the quotation mark, or leave the value unquoted"
            } else {
                "check the indentation and punctuation on this line and the one before it"
            };
            Err(Diagnostic::at_position(file, p, 1, format!("invalid YAML: {info}"))
                .help(help)
                .into())
        }
    }
}

/// Where a node starts (1-based line and character column).
pub(crate) fn position(node: &Node<'_>, first_line: usize) -> Position {
    let m = node.span.start;
    Position {
        line: m.line() + first_line - 1,
        column: m.col() + 1,
    }
}

/// How many characters of the node's first line a caret should underline.
pub(crate) fn width(node: &Node<'_>) -> usize {
    let (s, e) = (node.span.start, node.span.end);
    if e.line() == s.line() && e.col() > s.col() {
        e.col() - s.col()
    } else {
        1
    }
}

/// What the node is, in words a drafter knows.
pub(crate) fn describe(node: &Node<'_>) -> &'static str {
    match &node.data {
        YamlData::Value(Scalar::Null) => "empty",
        YamlData::Value(Scalar::Boolean(_)) => "true/false",
        YamlData::Value(Scalar::Integer(_)) | YamlData::Value(Scalar::FloatingPoint(_)) => "a number",
        YamlData::Value(Scalar::String(_)) | YamlData::Representation(..) => "text",
        YamlData::Sequence(_) => "a list",
        YamlData::Mapping(_) => "a set of keys",
        _ => "an unsupported YAML value",
    }
}

/// The node as text: strings as they are, integers and true/false written out.
/// Floats are refused (`1.0` would come back as `1`); the caller asks for quotes.
pub(crate) fn text<'n>(node: &'n Node<'_>) -> Option<std::borrow::Cow<'n, str>> {
    match &node.data {
        YamlData::Value(Scalar::String(s)) => Some(std::borrow::Cow::Borrowed(s.as_ref())),
        YamlData::Value(Scalar::Integer(i)) => Some(i.to_string().into()),
        YamlData::Value(Scalar::Boolean(b)) => Some(b.to_string().into()),
        _ => None,
    }
}

/// The key/value pairs of a mapping node, in file order, with keys as text.
pub(crate) fn entries<'n, 'a>(
    node: &'n Node<'a>,
) -> Option<Vec<(std::borrow::Cow<'n, str>, &'n Node<'a>, &'n Node<'a>)>> {
    match &node.data {
        YamlData::Mapping(map) => Some(
            map.iter()
                .map(|(k, v)| (text(k).unwrap_or_else(|| describe(k).into()), k, v))
                .collect(),
        ),
        _ => None,
    }
}

/// A YAML double-quoted string: readable, and exact for every character (a title with a line
/// break or a quote in it comes back as written). The one quoting of every YAML this tool
/// writes: a version's record, front matter, `from-word`'s change-set.
pub(crate) fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
