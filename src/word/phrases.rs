//! The word changes between two readings of a provision, as `replace` phrases: each the
//! changed words with just enough unchanged words around them to occur once in the
//! provision. Only plain words are said this way; a change of structure, formatting or a
//! table, or of most of the provision, is left to a `rewrite`.

use crate::redline::{Piece, Segment, flatten};
use crate::words::Emphasis;

/// A word or punctuation mark of a provision's running text, or a paragraph start.
#[derive(Debug, Clone)]
struct Token {
    /// What a phrase matches on: the text of a word (formatting aside), or a boundary.
    text: String,
    /// With its formatting: what the diff compares.
    key: String,
    plain: bool,
    space_before: bool,
}

fn tokens(text: &str) -> Option<(Vec<Token>, Vec<Segment>)> {
    let mut out = Vec::new();
    let mut tables = Vec::new();
    for s in flatten(text) {
        match s {
            Segment::Text(pieces) => {
                let mut space = false;
                for p in pieces {
                    match p {
                        Piece::Space => space = true,
                        Piece::Word { text, emphasis, link } => {
                            let Emphasis { bold, italic, code } = emphasis;
                            let plain = !bold && !italic && !code && link.is_none();
                            out.push(Token {
                                key: format!("{text}\u{1}{bold}{italic}{code}{link:?}"),
                                text: text.into(),
                                plain,
                                space_before: space,
                            });
                            space = false;
                        }
                        Piece::Boundary { level, label } => {
                            let k = format!("\u{2}{level}{label:?}");
                            out.push(Token {
                                text: k.clone(),
                                key: k,
                                plain: false,
                                space_before: false,
                            });
                            space = false;
                        }
                    }
                }
            }
            table @ Segment::Table(_) => {
                out.push(Token {
                    text: "\u{3}table".into(),
                    key: "\u{3}table".into(),
                    plain: false,
                    space_before: false,
                });
                tables.push(table);
            }
        }
    }
    Some((out, tables))
}

/// The `(replace, with)` pairs that turn `old` into `new`, in order, or `None` where a
/// rewrite says it better.
pub(crate) fn replaces(old: &str, new: &str) -> Option<Vec<(String, String)>> {
    let (a, a_tables) = tokens(old)?;
    let (b, b_tables) = tokens(new)?;
    if a_tables != b_tables {
        return None;
    }
    let ak: Vec<&str> = a.iter().map(|t| t.key.as_str()).collect();
    let bk: Vec<&str> = b.iter().map(|t| t.key.as_str()).collect();
    let mut hunks: Vec<(usize, usize, usize, usize)> = Vec::new();
    for op in similar::capture_diff_slices(similar::Algorithm::Myers, &ak, &bk) {
        let (tag, o, n) = op.as_tag_tuple();
        if tag != similar::DiffTag::Equal {
            hunks.push((o.start, o.end, n.start, n.end));
        }
    }
    let changed: usize = hunks.iter().map(|h| h.1 - h.0).sum();
    if hunks.is_empty() || changed * 2 > a.len() {
        return None;
    }
    let plain = |ts: &[Token]| ts.iter().all(|t| t.plain);
    // Grow each hunk until its old words occur once, merging hunks that meet.
    loop {
        let mut grown = Vec::new();
        for &(s, e, ns, ne) in &hunks {
            let (mut s, mut e, mut ns, mut ne) = (s, e, ns, ne);
            while s == e || occurrences(&a, s, e) != 1 {
                // Shared words on either side are the same in both texts.
                if s > 0 && ns > 0 && a[s - 1].plain {
                    s -= 1;
                    ns -= 1;
                } else if e < a.len() && ne < b.len() && a[e].plain {
                    e += 1;
                    ne += 1;
                } else {
                    return None;
                }
            }
            grown.push((s, e, ns, ne));
        }
        let mut merged: Vec<(usize, usize, usize, usize)> = Vec::new();
        for h in grown {
            match merged.last_mut() {
                Some(last) if h.0 <= last.1 => {
                    last.1 = last.1.max(h.1);
                    last.3 = last.3.max(h.3);
                }
                _ => merged.push(h),
            }
        }
        let done = merged.len() == hunks.len() && merged.iter().all(|h| occurrences(&a, h.0, h.1) == 1);
        hunks = merged;
        if done {
            break;
        }
    }
    let mut out = Vec::new();
    for (s, e, ns, ne) in hunks {
        if !plain(&a[s..e]) || !plain(&b[ns..ne]) {
            return None;
        }
        out.push((phrase(&a[s..e], false), phrase(&b[ns..ne], true)));
    }
    Some(out)
}

/// Whether the words of `phrase` (plain words, as `replace:` reads) occur in `text` (a
/// unit's Markdown), formatting aside, as `replace` would match them.
pub(crate) fn occurs(phrase: &str, text: &str) -> bool {
    let escaped: String = phrase
        .chars()
        .flat_map(|c| {
            let e = "\\*_`[]<>|~#&".contains(c).then_some('\\');
            e.into_iter().chain(std::iter::once(c))
        })
        .collect();
    let (Some((p, _)), Some((t, _))) = (tokens(&escaped), tokens(text)) else {
        return true;
    };
    // The phrase read as a paragraph of its own starts with that paragraph's boundary.
    let p: Vec<Token> = p.into_iter().filter(|t| !t.text.starts_with('\u{2}')).collect();
    !p.is_empty()
        && t.windows(p.len())
            .any(|w| w.iter().zip(&p).all(|(a, b)| a.text == b.text))
}

/// How often the words `a[s..e]` occur in `a`, formatting aside (as `replace` matches).
fn occurrences(a: &[Token], s: usize, e: usize) -> usize {
    let n = e - s;
    if n == 0 {
        return usize::MAX;
    }
    (0..=a.len() - n)
        .filter(|&k| (0..n).all(|m| a[k + m].text == a[s + m].text))
        .count()
}

/// Tokens as text: spaced as read; for `with:` (inline Markdown) with Markdown's characters
/// escaped.
fn phrase(tokens: &[Token], markdown: bool) -> String {
    let mut out = String::new();
    for (i, t) in tokens.iter().enumerate() {
        if i > 0 && t.space_before {
            out.push(' ');
        }
        for c in t.text.chars() {
            if markdown && "\\*_`[]<>|~#&".contains(c) {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_phrase_grows_until_it_occurs_once() {
        // "date" is there twice, "the date" too; "to the date" once.
        let old = "**6.2** It runs from the date of the notice to the date of the reply.\n";
        let new = "**6.2** It runs from the date of the notice to the day of the reply.\n";
        assert_eq!(
            replaces(old, new),
            Some(vec![("to the date".to_string(), "to the day".to_string())])
        );
        // Matching is case-sensitive: "The date" is not "the date".
        let old = "**6.2** The date is the date of the notice.\n";
        let new = "**6.2** The date is the day of the notice.\n";
        assert_eq!(
            replaces(old, new),
            Some(vec![("the date".to_string(), "the day".to_string())])
        );
    }

    #[test]
    fn a_phrase_occurs_as_replace_matches_it() {
        assert!(occurs("Expiry of", "**6.2** On **Expiry** of the term.\n"));
        assert!(!occurs("Expiry of", "**6.2** On expiry of the term.\n"));
        assert!(!occurs("Expiry of", "**6.2** On Expiry, of the term.\n"));
        assert!(occurs("2 * 3", "**6.2** It is 2 \\* 3.\n"));
    }

    #[test]
    fn most_of_a_provision_changed_is_a_rewrite() {
        assert_eq!(replaces("**6.2** One two three.\n", "**6.2** Four five six.\n"), None);
    }
}
