//! A document's front matter: found once, read with the YAML parser, and edited in place.
//!
//! Every reader and editor of a `sec-text/*.md` file's front matter goes through here: the
//! corpus reads it (`corpus::read_meta`), a release sets `version:` and a build records the
//! modification in `amended_by:`. An edit changes the bytes of one value (or adds one line)
//! and nothing else: comments, quoting, key order, the BOM and the line endings stay as the
//! drafter wrote them, and the result is read back before it is returned.

use super::{Node, entries};
use crate::diagnostics::{Diagnostics, SourceFile};
use saphyr::{LoadableYamlNode, MarkedYaml, ScalarStyle, YamlData};
use std::ops::Range;

/// Where a document's front matter is: the bytes between its two `---` lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The YAML between the opening and the closing line.
    pub yaml: Range<usize>,
    /// Where the closing `---` (or `...`) line starts.
    pub close: usize,
    /// Just after the closing line: where the document's body starts.
    pub body: usize,
    /// The opening line's line ending, used for a line the editor adds.
    pub eol: &'static str,
}

/// Why a document has no front matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unfound {
    /// The first line (after any BOM) is not `---`.
    NotStarted,
    /// No line holding only `---` or `...` closes it.
    NotClosed,
}

/// The byte length of a UTF-8 BOM at the start of `text` (0 or 3).
pub(crate) fn bom(text: &str) -> usize {
    if text.starts_with('\u{feff}') { 3 } else { 0 }
}

/// Finds the front matter: a first line `---` (after any BOM), up to the next line holding
/// only `---` or `...`.
pub(crate) fn find(text: &str) -> Result<Block, Unfound> {
    let start = bom(text);
    let first_end = text[start..].find('\n').map_or(text.len(), |i| start + i + 1);
    let first = &text[start..first_end];
    if first.trim_end() != "---" {
        return Err(Unfound::NotStarted);
    }
    let eol = if first.ends_with("\r\n") { "\r\n" } else { "\n" };
    let mut pos = first_end;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
        if matches!(text[pos..end].trim_end(), "---" | "...") {
            return Ok(Block {
                yaml: first_end..pos,
                close: pos,
                body: end,
                eol,
            });
        }
        pos = end;
    }
    Err(Unfound::NotClosed)
}

/// The front matter's YAML parsed with positions (line 2 of the file is its first line).
pub(crate) fn parse<'a>(file: &SourceFile, text: &'a str, block: &Block) -> Result<Option<Node<'a>>, Diagnostics> {
    super::parse(file, &text[block.yaml.clone()], 2)
}

/// `text` with the top-level `key:` set to the string `value` (double-quoted when new). An
/// existing single-line value is replaced where it stands, keeping the spacing and any
/// comment after it; a missing key is added as a line after the first of `after` present
/// (or after the first key). `None` when the front matter cannot be read or the result would
/// not read back as `value`.
pub(crate) fn set(text: &str, key: &str, value: &str, after: &[&str]) -> Option<String> {
    let block = find(text).ok()?;
    let yaml = &text[block.yaml.clone()];
    let root = load(yaml)?;
    let pairs = entries(&root)?;
    let quoted = super::quote(value);
    let edited = match pairs.iter().position(|(k, _, _)| k == key) {
        Some(i) if matches!(pairs[i].2.data, YamlData::Value(saphyr::Scalar::Null)) => {
            let colon = block.yaml.start + value_or_colon(yaml, pairs[i].1)?;
            splice(text, colon..colon, &format!(" {quoted}"))
        }
        Some(i) => {
            let span = value_bytes(yaml, pairs[i].2)?;
            splice(
                text,
                block.yaml.start + span.start..block.yaml.start + span.end,
                &quoted,
            )
        }
        None => {
            let line = format!("{key}: {quoted}{}", block.eol);
            let anchor = after
                .iter()
                .find_map(|a| pairs.iter().position(|(k, _, _)| k == a))
                .unwrap_or(0);
            let at = match pairs.get(anchor) {
                Some(_) => block.yaml.start + entry_end(yaml, &pairs, anchor),
                None => block.close,
            };
            splice(text, at..at, &line)
        }
    };
    (read_string(&edited, key).as_deref() == Some(value)).then_some(edited)
}

/// `text` with `item` added to the top-level list `key:` (made `[item]` when missing, and
/// a list when it held one id). An id already listed leaves the text as it is. A flow list
/// (`[MP1]`) grows inside its brackets, a block list (`- MP1` lines) by one line in its own
/// indentation; every other byte is kept. `None` when the front matter cannot be read or the
/// result would not read back as the list with `item` added.
pub(crate) fn push(text: &str, key: &str, item: &str) -> Option<String> {
    let block = find(text).ok()?;
    let yaml = &text[block.yaml.clone()];
    let root = load(yaml)?;
    let pairs = entries(&root)?;
    let before = read_list(text, key)?;
    if before.iter().any(|i| i == item) {
        return Some(text.to_string());
    }
    let plain = flow_scalar(item);
    let at = |r: Range<usize>| block.yaml.start + r.start..block.yaml.start + r.end;
    let edited = match pairs.iter().position(|(k, _, _)| k == key) {
        None => splice(
            text,
            block.close..block.close,
            &format!("{key}: [{plain}]{}", block.eol),
        ),
        Some(i) => {
            let node = pairs[i].2;
            match &node.data {
                YamlData::Sequence(items) if is_flow(yaml, node) => {
                    let span = value_bytes(yaml, node)?;
                    // Just before the `]`, after any spaces before it.
                    let inner = yaml[span.start..span.end - 1].trim_end();
                    let close = span.start + inner.len();
                    let sep = if items.is_empty() { "" } else { ", " };
                    splice(text, at(close..close), &format!("{sep}{plain}"))
                }
                YamlData::Sequence(items) => {
                    let last = items.last()?;
                    let first = items.first()?;
                    let dash = line_start(yaml, char_to_byte(yaml, first.span.start.index())?);
                    let indent: String = yaml[dash..].chars().take_while(|c| *c == ' ').collect();
                    // After the last item's line (an item over several lines is caught when
                    // the edit is read back).
                    let end = line_end(yaml, char_to_byte(yaml, last.span.start.index())?);
                    splice(text, at(end..end), &format!("{indent}- {plain}{}", block.eol))
                }
                YamlData::Value(saphyr::Scalar::Null) => {
                    let colon = value_or_colon(yaml, pairs[i].1)?;
                    splice(text, at(colon..colon), &format!(" [{plain}]"))
                }
                _ => {
                    let span = value_bytes(yaml, node)?;
                    let old = &yaml[span.clone()];
                    splice(text, at(span), &format!("[{old}, {plain}]"))
                }
            }
        }
    };
    let mut expected = before;
    expected.push(item.to_string());
    (read_list(&edited, key).as_ref() == Some(&expected)).then_some(edited)
}

/// The top-level `key:` of `text`'s front matter as a string, when it is one.
pub(crate) fn read_string(text: &str, key: &str) -> Option<String> {
    let block = find(text).ok()?;
    let root = load(&text[block.yaml.clone()])?;
    let pairs = entries(&root)?;
    let (_, _, v) = pairs.iter().find(|(k, _, _)| k == key)?;
    super::text(v).map(|t| t.into_owned())
}

/// The top-level `key:` of `text`'s front matter as a list of strings (one string is a list
/// of one; a missing or empty key is an empty list).
fn read_list(text: &str, key: &str) -> Option<Vec<String>> {
    let block = find(text).ok()?;
    let root = load(&text[block.yaml.clone()])?;
    let pairs = entries(&root)?;
    let Some((_, _, v)) = pairs.iter().find(|(k, _, _)| k == key) else {
        return Some(Vec::new());
    };
    match &v.data {
        YamlData::Sequence(items) => items.iter().map(|i| super::text(i).map(|t| t.into_owned())).collect(),
        YamlData::Value(saphyr::Scalar::Null) => Some(Vec::new()),
        _ => super::text(v).map(|t| vec![t.into_owned()]),
    }
}

/// A string as a YAML scalar in a block mapping: plain where that reads back the same, else
/// double-quoted.
pub(crate) fn block_scalar(s: &str) -> String {
    let plain = !s.is_empty()
        && !s.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`~ ".contains(c))
        && !s.ends_with(' ')
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with(':')
        && !s.chars().any(char::is_control);
    if plain { s.to_string() } else { super::quote(s) }
}

/// A string as a scalar inside a flow list (`[A, B]`): as [`block_scalar`], quoted also
/// where it holds a flow indicator.
fn flow_scalar(s: &str) -> String {
    if s.contains([',', '[', ']', '{', '}']) {
        super::quote(s)
    } else {
        block_scalar(s)
    }
}

fn load(yaml: &str) -> Option<Node<'_>> {
    let mut docs = MarkedYaml::load_from_str(yaml).ok()?;
    (docs.len() == 1).then(|| docs.pop()).flatten()
}

fn splice(text: &str, range: Range<usize>, with: &str) -> String {
    format!("{}{with}{}", &text[..range.start], &text[range.end..])
}

/// The byte offset of character `index` of `s` (the parser counts characters).
fn char_to_byte(s: &str, index: usize) -> Option<usize> {
    if index == s.chars().count() {
        return Some(s.len());
    }
    s.char_indices().nth(index).map(|(b, _)| b)
}

fn line_start(s: &str, at: usize) -> usize {
    s[..at].rfind('\n').map_or(0, |i| i + 1)
}

/// Just after the line holding byte `at` (its line ending included).
fn line_end(s: &str, at: usize) -> usize {
    s[at..].find('\n').map_or(s.len(), |i| at + i + 1)
}

fn is_flow(yaml: &str, node: &Node<'_>) -> bool {
    char_to_byte(yaml, node.span.start.index()).is_some_and(|b| yaml[b..].starts_with('['))
}

/// The bytes of a value that sits on one line: from its first character to its last (a
/// quoted scalar with its quotes, a flow list with its brackets), found from where the parser
/// says it starts (its spans' ends run on into what follows). `None` for a block scalar
/// (`|`, `>`) or a value that is not closed on its line, which are not edited in place; a
/// plain value that goes on over more lines is caught when the edit is read back.
fn value_bytes(yaml: &str, node: &Node<'_>) -> Option<Range<usize>> {
    if matches!(
        &node.data,
        YamlData::Representation(_, ScalarStyle::Literal | ScalarStyle::Folded, _)
    ) {
        return None;
    }
    let start = char_to_byte(yaml, node.span.start.index())?;
    let rest = &yaml[start..line_end(yaml, start)];
    let len = match rest.chars().next()? {
        '[' => matching_bracket(rest)? + 1,
        '"' => closing_quote(rest, '"')? + 1,
        '\'' => closing_quote(rest, '\'')? + 1,
        _ => {
            let line = rest.trim_end_matches(['\r', '\n']);
            let comment = [" #", "\t#"]
                .iter()
                .filter_map(|c| line.find(c))
                .min()
                .unwrap_or(line.len());
            line[..comment].trim_end().len()
        }
    };
    (len > 0).then_some(start..start + len)
}

/// The byte of the quote that closes the quoted scalar `s` starts with (`\"` escapes in
/// double quotes, `''` in single quotes).
fn closing_quote(s: &str, quote: char) -> Option<usize> {
    let mut chars = s.char_indices().skip(1).peekable();
    while let Some((i, c)) = chars.next() {
        if quote == '"' && c == '\\' {
            chars.next();
        } else if c == quote {
            if quote == '\'' && chars.peek().is_some_and(|(_, n)| *n == '\'') {
                chars.next();
            } else {
                return Some(i);
            }
        }
    }
    None
}

/// The byte of the `]` that closes the flow list `s` starts with.
fn matching_bracket(s: &str) -> Option<usize> {
    let (mut depth, mut quote) = (0usize, None::<char>);
    let mut chars = s.char_indices();
    while let Some((i, c)) = chars.next() {
        match (quote, c) {
            (Some('"'), '\\') => {
                chars.next();
            }
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '[') => depth += 1,
            (None, ']') => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// Just after the colon of the key `key` (where an empty value would go).
fn value_or_colon(yaml: &str, key: &Node<'_>) -> Option<usize> {
    let start = char_to_byte(yaml, key.span.start.index())?;
    let end = line_end(yaml, start);
    let line = &yaml[start..end];
    let colon = line.find(':')?;
    Some(start + colon + 1)
}

/// Just after the last line of entry `i` (its key's line up to the next key's line, or the
/// end of the YAML, without the comment lines and blank lines that follow it).
fn entry_end(yaml: &str, pairs: &[(std::borrow::Cow<'_, str>, &Node<'_>, &Node<'_>)], i: usize) -> usize {
    let key_at = char_to_byte(yaml, pairs[i].1.span.start.index()).unwrap_or(0);
    let limit = pairs
        .get(i + 1)
        .and_then(|(_, k, _)| char_to_byte(yaml, k.span.start.index()))
        .map_or(yaml.len(), |b| line_start(yaml, b));
    let mut end = line_end(yaml, key_at);
    while end < limit {
        let next = line_end(yaml, end);
        let line = yaml[end..next].trim();
        if line.is_empty() || line.starts_with('#') {
            // Kept after the line added, unless more of the entry follows.
            if yaml[next..limit]
                .trim()
                .lines()
                .all(|l| l.trim().is_empty() || l.trim().starts_with('#'))
            {
                break;
            }
        }
        end = next;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_front_matter_is_found_after_a_bom_and_in_crlf() {
        let text = "\u{feff}---\r\ndocument: F\r\n---\r\n# F\r\n";
        let b = find(text).unwrap();
        assert_eq!(&text[b.yaml.clone()], "document: F\r\n");
        assert_eq!(&text[b.body..], "# F\r\n");
        assert_eq!(b.eol, "\r\n");
        assert_eq!(find("# F\n"), Err(Unfound::NotStarted));
        assert_eq!(find("---\ndocument: F\n"), Err(Unfound::NotClosed));
    }

    #[test]
    fn set_replaces_the_value_alone() {
        let cases = [
            // A comment after the value, and odd spacing, are kept.
            (
                "---\ndocument: F\nversion:   \"1.0\"   # the first\n---\n",
                "---\ndocument: F\nversion:   \"1.1\"   # the first\n---\n",
            ),
            // A `#` inside the quotes is the value's, not a comment.
            (
                "---\nversion: \"1.0 # draft\" # note\n---\n",
                "---\nversion: \"1.1\" # note\n---\n",
            ),
            // Single quotes, plain values, CRLF and a BOM.
            (
                "\u{feff}---\r\nversion: '1.0'\r\ntitle: A # B\r\n---\r\n",
                "\u{feff}---\r\nversion: \"1.1\"\r\ntitle: A # B\r\n---\r\n",
            ),
            ("---\nversion: 1.0\n---\n", "---\nversion: \"1.1\"\n---\n"),
            // Keys in another order.
            (
                "---\nkind: Section\nversion: \"1.0\"\ntitle: \"T # 1\"\ndocument: F\n---\n",
                "---\nkind: Section\nversion: \"1.1\"\ntitle: \"T # 1\"\ndocument: F\n---\n",
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(
                set(text, "version", "1.1", &["title"]).as_deref(),
                Some(expected),
                "{text:?}"
            );
        }
    }

    #[test]
    fn set_adds_a_missing_key_after_the_one_named() {
        assert_eq!(
            set(
                "---\r\ndocument: F\r\ntitle: T # the title\r\nkind: Section\r\n---\r\n",
                "version",
                "1.1",
                &["title"]
            )
            .as_deref(),
            Some("---\r\ndocument: F\r\ntitle: T # the title\r\nversion: \"1.1\"\r\nkind: Section\r\n---\r\n")
        );
        assert_eq!(
            set("---\ndocument: F\nkind: Section\n---\n", "version", "1.1", &["title"]).as_deref(),
            Some("---\ndocument: F\nversion: \"1.1\"\nkind: Section\n---\n")
        );
        // A title over two lines: the new line goes after both.
        assert_eq!(
            set(
                "---\ntitle: A long\n  title\nkind: Section\n---\n",
                "version",
                "2",
                &["title"]
            )
            .as_deref(),
            Some("---\ntitle: A long\n  title\nversion: \"2\"\nkind: Section\n---\n")
        );
        assert_eq!(set("# no front matter\n", "version", "1.1", &[]), None);
    }

    #[test]
    fn push_adds_an_id_in_the_lists_own_form() {
        let cases = [
            (
                "---\nversion: \"1.0\"\n---\n# T\n",
                "---\nversion: \"1.0\"\namended_by: [MP209]\n---\n# T\n",
            ),
            (
                "---\r\namended_by: [MP1]\r\n---\r\n",
                "---\r\namended_by: [MP1, MP209]\r\n---\r\n",
            ),
            // Quoting and a comment are kept.
            (
                "---\namended_by: [\"MP1\", 'MP2' ] # so far\n---\n",
                "---\namended_by: [\"MP1\", 'MP2', MP209 ] # so far\n---\n",
            ),
            ("---\namended_by: []\n---\n", "---\namended_by: [MP209]\n---\n"),
            (
                "---\namended_by: MP1 # one\n---\n",
                "---\namended_by: [MP1, MP209] # one\n---\n",
            ),
            ("---\namended_by:\n---\n", "---\namended_by: [MP209]\n---\n"),
            // A block list grows by a line in its own indentation.
            (
                "---\namended_by:\n  - MP1 # first\n  - \"MP2\"\ntitle: T\n---\n",
                "---\namended_by:\n  - MP1 # first\n  - \"MP2\"\n  - MP209\ntitle: T\n---\n",
            ),
            // Already listed: unchanged.
            ("---\namended_by: MP209\n---\n", "---\namended_by: MP209\n---\n"),
        ];
        for (text, expected) in cases {
            assert_eq!(push(text, "amended_by", "MP209").as_deref(), Some(expected), "{text:?}");
        }
    }

    #[test]
    fn scalars_read_back_as_written() {
        assert_eq!(block_scalar("Smart Metering"), "Smart Metering");
        assert_eq!(block_scalar("A # B"), "\"A # B\"");
        assert_eq!(block_scalar("Key: value"), "\"Key: value\"");
        assert_eq!(block_scalar("\"quoted\""), "\"\\\"quoted\\\"\"");
        assert_eq!(flow_scalar("A, B"), "\"A, B\"");
        assert_eq!(crate::yaml::quote("a\\b"), "\"a\\\\b\"");
    }
}
