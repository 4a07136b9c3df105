//! The reader's view of legal text: Markdown source cut into words, spaces, punctuation and markup.
//!
//! Both the change-set matcher ("replace `expiry date`") and the redline engine
//! work on these tokens, so a phrase matches and a diff reads the way a person
//! reads the text: across line breaks and `**bold**` runs, never inside a word,
//! and never treating Markdown markers as words. Every token keeps its byte
//! range in the source, so edits are splices on the original bytes.

use std::ops::Range;

/// What a token is, from the reader's point of view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Letters and digits, with inner hyphens and apostrophes (`Sub-Committee`, `Party's`).
    Word,
    /// One visible character that is not a letter, digit or space.
    Punct,
    /// Spaces or tabs inside a line.
    Space,
    /// A line ending inside a paragraph (a reader sees a space).
    Newline,
    /// Blank lines between blocks: a paragraph boundary.
    Break,
    /// Inline formatting markers: `**`, `*`, `_`, backticks, a backslash escape.
    Markup,
    /// Block structure: a list bullet with its indentation, heading hashes, a table rule row.
    Marker,
    /// A table cell boundary `|`.
    Cell,
    /// A printed number or label that is text but not words: `F2.1`, `(b)`, a Part number.
    Label,
}

impl Kind {
    /// Words and punctuation: what a phrase is made of.
    pub fn is_word_like(self) -> bool {
        matches!(self, Kind::Word | Kind::Punct)
    }
    /// Whether a phrase may run across this token.
    pub fn is_boundary(self) -> bool {
        matches!(self, Kind::Break | Kind::Marker | Kind::Cell | Kind::Label)
    }
    /// Whitespace a reader sees as one space.
    pub fn is_space(self) -> bool {
        matches!(self, Kind::Space | Kind::Newline)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub kind: Kind,
    pub range: Range<usize>,
}

impl Token {
    pub fn text<'a>(&self, source: &'a str) -> &'a str {
        &source[self.range.clone()]
    }
}

/// Cuts a Markdown block (a provision, heading or a plain phrase) into tokens covering every byte.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 4 + 4);
    let mut pos = 0;
    // At the start of text or after a blank line, a paragraph may open with `**F2.1**`.
    let mut paragraph_start = true;
    while pos < text.len() {
        let line_end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
        let line = &text[pos..line_end];
        let body_len = line.trim_end_matches(['\n', '\r']).len();
        let body = &line[..body_len];
        if body.trim().is_empty() {
            push_merge(&mut out, Kind::Break, pos..line_end);
            paragraph_start = true;
            pos = line_end;
            continue;
        }
        let indent = body.len() - body.trim_start_matches([' ', '\t']).len();
        let rest = &body[indent..];
        let mut cursor = pos;
        let mut in_table = false;
        if let Some(hashes) = heading_marker(rest) {
            out.push(Token {
                kind: Kind::Marker,
                range: pos..pos + indent + hashes,
            });
            cursor = pos + indent + hashes;
            let after = &text[cursor..pos + body_len];
            let number_len = after.find(' ').unwrap_or(after.len());
            if number_len > 0 && is_part_number(&after[..number_len]) {
                out.push(Token {
                    kind: Kind::Label,
                    range: cursor..cursor + number_len,
                });
                cursor += number_len;
            }
        } else if is_table_rule(rest) {
            out.push(Token {
                kind: Kind::Marker,
                range: pos..pos + body_len,
            });
            cursor = pos + body_len;
        } else if rest.starts_with('|') {
            in_table = true;
            if indent > 0 {
                out.push(Token {
                    kind: Kind::Marker,
                    range: pos..pos + indent,
                });
                cursor = pos + indent;
            }
        } else if let Some(marker) = list_marker(rest) {
            out.push(Token {
                kind: Kind::Marker,
                range: pos..pos + indent + marker,
            });
            cursor = pos + indent + marker;
            let after = &text[cursor..pos + body_len];
            if let Some(label) = label_len(after) {
                out.push(Token {
                    kind: Kind::Label,
                    range: cursor..cursor + label,
                });
                cursor += label;
            }
        } else {
            if indent > 0 {
                out.push(Token {
                    kind: Kind::Space,
                    range: pos..pos + indent,
                });
                cursor = pos + indent;
            }
            if paragraph_start && let Some((number_start, number_end, close)) = bold_number(rest) {
                let base = pos + indent;
                out.push(Token {
                    kind: Kind::Markup,
                    range: base..base + number_start,
                });
                out.push(Token {
                    kind: Kind::Label,
                    range: base + number_start..base + number_end,
                });
                out.push(Token {
                    kind: Kind::Markup,
                    range: base + number_end..base + close,
                });
                cursor = base + close;
            }
        }
        paragraph_start = false;
        inline(text, cursor, pos + body_len, in_table, &mut out);
        if body_len < line.len() {
            out.push(Token {
                kind: Kind::Newline,
                range: pos + body_len..line_end,
            });
        }
        pos = line_end;
    }
    out
}

fn push_merge(out: &mut Vec<Token>, kind: Kind, range: Range<usize>) {
    if let Some(last) = out.last_mut()
        && last.kind == kind
        && last.range.end == range.start
    {
        last.range.end = range.end;
        return;
    }
    out.push(Token { kind, range });
}

/// Words, spaces, punctuation and inline markup of `text[start..end]`.
fn inline(text: &str, start: usize, end: usize, in_table: bool, out: &mut Vec<Token>) {
    let bytes = text.as_bytes();
    let mut i = start;
    while i < end {
        let c = text[i..end].chars().next().unwrap_or(' ');
        let len = c.len_utf8();
        let (kind, next) = match c {
            ' ' | '\t' => (Kind::Space, scan_while(bytes, i, end, |b| b == b' ' || b == b'\t')),
            '\\' if i + 1 < end && bytes[i + 1].is_ascii_punctuation() => (Kind::Markup, i + 1),
            '*' | '`' => (Kind::Markup, scan_while(bytes, i, end, |b| b == bytes[i])),
            '_' if !(prev_is_alnum(text, i, start) && next_is_alnum(text, i + 1, end)) => {
                (Kind::Markup, scan_while(bytes, i, end, |b| b == b'_'))
            }
            '|' if in_table => (Kind::Cell, i + 1),
            c if c.is_alphanumeric() => (Kind::Word, scan_word(text, i, end)),
            _ => (Kind::Punct, i + len),
        };
        out.push(Token { kind, range: i..next });
        i = next;
    }
}

fn scan_while(bytes: &[u8], start: usize, end: usize, keep: impl Fn(u8) -> bool) -> usize {
    let mut i = start;
    while i < end && keep(bytes[i]) {
        i += 1;
    }
    i
}

fn scan_word(text: &str, start: usize, end: usize) -> usize {
    let mut i = start;
    let mut chars = text[start..end].char_indices().peekable();
    while let Some((off, c)) = chars.next() {
        // Hyphens and apostrophes join words (`Sub-Committee`, `Party's`); a point or comma
        // joins digits (`F2.4`, `6.4`, `1,000`) so a number is one word.
        let joiner = match c {
            '-' | '\'' | '’' | '_' => chars.peek().is_some_and(|&(_, n)| n.is_alphanumeric()),
            '.' | ',' => {
                chars.peek().is_some_and(|&(_, n)| n.is_ascii_digit())
                    && text[start..start + off].ends_with(|p: char| p.is_ascii_digit())
            }
            _ => false,
        };
        if c.is_alphanumeric() || (joiner && i == start + off) {
            i = start + off + c.len_utf8();
        } else {
            break;
        }
    }
    i
}

fn prev_is_alnum(text: &str, i: usize, start: usize) -> bool {
    i > start && text[start..i].chars().next_back().is_some_and(char::is_alphanumeric)
}

fn next_is_alnum(text: &str, i: usize, end: usize) -> bool {
    i < end && text[i..end].chars().next().is_some_and(char::is_alphanumeric)
}

/// Length of `#`s and the space after them, for an ATX heading line.
fn heading_marker(rest: &str) -> Option<usize> {
    let hashes = rest.bytes().take_while(|&b| b == b'#').count();
    if (1..=6).contains(&hashes) && rest[hashes..].starts_with([' ', '\t']) {
        Some(hashes + 1)
    } else {
        None
    }
}

/// A Part number as printed in a heading: `F2`, `6`, `F10`.
pub fn is_part_number(s: &str) -> bool {
    let letters = s.bytes().take_while(u8::is_ascii_uppercase).count();
    letters < s.len() && s[letters..].bytes().all(|b| b.is_ascii_digit())
}

/// A GFM table delimiter row: `| --- | :---: |`.
fn is_table_rule(rest: &str) -> bool {
    rest.contains('-') && rest.contains('|') && rest.bytes().all(|b| matches!(b, b'|' | b'-' | b':' | b' ' | b'\t'))
}

/// Length of a list bullet and the spaces after it (`- `, `* `, `1. `).
pub fn list_marker(rest: &str) -> Option<usize> {
    let bytes = rest.as_bytes();
    let bullet = match bytes.first()? {
        b'-' | b'*' | b'+' => 1,
        b'0'..=b'9' => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            match bytes.get(digits) {
                Some(b'.' | b')') if digits <= 9 => digits + 1,
                _ => return None,
            }
        }
        _ => return None,
    };
    let spaces = bytes[bullet..].iter().take_while(|&&b| b == b' ' || b == b'\t').count();
    if spaces == 0 && bullet < bytes.len() {
        return None;
    }
    Some(bullet + spaces)
}

/// Length of a sub-paragraph label `(b)`, `(ii)`, `(A)`, `(ba)` at the start of an item.
pub fn label_len(after: &str) -> Option<usize> {
    let inner = after.strip_prefix('(')?;
    let close = inner.find(')')?;
    let label = &inner[..close];
    let ok = !label.is_empty() && label.len() <= 8 && label.bytes().all(|b| b.is_ascii_alphanumeric());
    let followed = inner[close + 1..].is_empty() || inner[close + 1..].starts_with([' ', '\t']);
    (ok && followed).then_some(close + 2)
}

/// A provision number in bold at the start of a paragraph: `**F2.1**`, `**6.2**`, `**F2.3A**`.
/// Returns (start of number, end of number, end of closing `**`), relative to `rest`.
pub fn bold_number(rest: &str) -> Option<(usize, usize, usize)> {
    let inner = rest.strip_prefix("**")?;
    let close = inner.find("**")?;
    let number = &inner[..close];
    is_provision_number(number).then_some((2, 2 + close, 4 + close))
}

/// `F2.1`, `6.2`, `F2.3A`, `F2.A1`, `F10.12`: letters?, digits, then `.` and digits/letters.
pub fn is_provision_number(s: &str) -> bool {
    let Some((part, rest)) = s.split_once('.') else {
        return false;
    };
    is_part_number(part)
        && !rest.is_empty()
        && rest.bytes().all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
        && rest.bytes().any(|b| b.is_ascii_digit())
}

/// The words and punctuation of a plain phrase such as `expiry or renewal date`.
pub fn phrase_tokens(phrase: &str) -> Vec<Token> {
    let mut out = Vec::new();
    inline(phrase, 0, phrase.len(), false, &mut out);
    out.retain(|t| t.kind.is_word_like() || t.kind == Kind::Markup);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(text: &str) -> Vec<(Kind, &str)> {
        tokenize(text).iter().map(|t| (t.kind, t.text(text))).collect()
    }

    #[test]
    fn every_byte_is_covered_once() {
        let text = "**F2.1** The DCC shall:\r\n\r\n- (a) list each Device Model; and\n  - (i) its **expiry**\n    date.\n\n| A | B |\n| --- | --- |\n| x | y |\n";
        let tokens = tokenize(text);
        let mut at = 0;
        for t in &tokens {
            assert_eq!(t.range.start, at);
            at = t.range.end;
        }
        assert_eq!(at, text.len());
    }

    #[test]
    fn provision_numbers_labels_and_markers_are_not_words() {
        let s = shown("**F2.1** The DCC:\n\n- (a) Sub-Committee's list\n");
        assert_eq!(s[0], (Kind::Markup, "**"));
        assert_eq!(s[1], (Kind::Label, "F2.1"));
        assert!(s.contains(&(Kind::Marker, "- ")));
        assert!(s.contains(&(Kind::Label, "(a)")));
        assert!(s.contains(&(Kind::Word, "Sub-Committee's")));
        let s = shown("Section F5.7, paragraph 6.4. 1,000 a.b");
        assert!(s.contains(&(Kind::Word, "F5.7")));
        assert!(s.contains(&(Kind::Word, "6.4")));
        assert!(s.contains(&(Kind::Word, "1,000")));
        assert!(s.contains(&(Kind::Word, "a")));
    }

    #[test]
    fn table_cells_are_boundaries() {
        let s = shown("| Certificate identification number | x |\n");
        assert_eq!(s[0], (Kind::Cell, "|"));
        assert!(s.contains(&(Kind::Word, "identification")));
        assert_eq!(s.iter().filter(|t| t.0 == Kind::Cell).count(), 3);
    }

    #[test]
    fn snake_case_is_one_word_but_underscore_emphasis_is_markup() {
        let s = shown("a_b _c_");
        assert_eq!(s[0], (Kind::Word, "a_b"));
        assert_eq!(s[2], (Kind::Markup, "_"));
    }
}
