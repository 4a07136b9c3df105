//! Phrase edits: finding a phrase as a reader sees it, and the splices that turn it into the
//! `with:` text while keeping the Markdown balanced.
//!
//! The rule for formatting (docs/format.md, "Formatting and replaced words"): words shared
//! by the old and new phrase stay exactly as they are; new words take the formatting of the
//! first word they replace (or, when only inserted, of the word before them), plus any
//! formatting written in `with:`. A `**`, `*`, backtick or link bracket whose partner lies
//! outside the replaced words is kept, so the Markdown stays well formed; a formatted run
//! left with no words loses its markers.

use super::splice::Splice;
use crate::words::{Kind, Span, Token};
use std::ops::Range;

/// An occurrence of a phrase: its word tokens.
pub(super) struct Occurrence {
    pub(super) tokens: Vec<Token>,
    pub(super) capitalised: bool,
}

/// Finds every whole-word occurrence of a phrase in tokens handed to it one by one (as
/// [`crate::words::each_token`] makes them), crossing spaces, line breaks and inline markup
/// but never a block, cell, label or list boundary. Only the tokens from a word that may
/// start an occurrence to where it is decided are held, so a unit of 16 million tokens is
/// matched without keeping them.
pub(super) struct Matcher<'p> {
    pattern: &'p [&'p str],
    capital: Option<&'p str>,
    /// The tokens from the first that may still start an occurrence.
    pending: std::collections::VecDeque<Token>,
    found: Vec<Occurrence>,
}

/// What the tokens held say of an occurrence starting at the first of them.
enum Attempt {
    /// It ends at this token (of those held).
    Matched(Vec<usize>),
    Failed,
    /// The tokens held end before it is decided.
    Open,
}

impl<'p> Matcher<'p> {
    /// `capital`: the first word capitalised, also a start (`case: preserve`).
    pub(super) fn new(pattern: &'p [&'p str], capital: Option<&'p str>) -> Self {
        Matcher {
            pattern,
            capital,
            pending: std::collections::VecDeque::new(),
            found: Vec::new(),
        }
    }

    /// The next token of `text`.
    pub(super) fn push(&mut self, text: &str, token: Token) {
        let skipped = is_skipped(token.kind);
        self.pending.push_back(token);
        // A space or markup after an open attempt leaves it open.
        if !(skipped && self.pending.len() > 1) {
            self.settle(text, false);
        }
    }

    /// The occurrences, once every token has been pushed.
    pub(super) fn finish(mut self, text: &str) -> Vec<Occurrence> {
        self.settle(text, true);
        self.found
    }

    fn starts(&self, text: &str, token: &Token) -> Option<bool> {
        let first = token.text(text);
        let capitalised = self.capital.is_some_and(|c| c == first) && first != self.pattern[0];
        (token.kind.is_word_like() && (first == self.pattern[0] || capitalised)).then_some(capitalised)
    }

    /// Decides what the tokens held allow: drops those that start nothing, records each
    /// occurrence (and the tokens it took); stops at an attempt still open (at the end of
    /// the text, an open attempt has failed).
    fn settle(&mut self, text: &str, end: bool) {
        while let Some(front) = self.pending.front() {
            let Some(capitalised) = self.starts(text, front) else {
                self.pending.pop_front();
                continue;
            };
            match self.attempt(text) {
                Attempt::Matched(at) => {
                    let last = *at.last().unwrap_or(&0);
                    let mut taken: Vec<Option<Token>> = self.pending.drain(..=last).map(Some).collect();
                    let tokens = at.iter().filter_map(|&i| taken[i].take()).collect();
                    self.found.push(Occurrence { tokens, capitalised });
                }
                Attempt::Open if !end => return,
                Attempt::Failed | Attempt::Open => {
                    self.pending.pop_front();
                }
            }
        }
    }

    /// The rest of the phrase after the first token held.
    fn attempt(&self, text: &str) -> Attempt {
        let tokens = &self.pending;
        let mut matched = vec![0];
        let mut j = 0;
        for want in &self.pattern[1..] {
            j += 1;
            while j < tokens.len() && is_skipped(tokens[j].kind) {
                j += 1;
            }
            if j == tokens.len() {
                return Attempt::Open;
            }
            if tokens[j].kind.is_word_like() && tokens[j].text(text) == *want {
                matched.push(j);
            } else {
                return Attempt::Failed;
            }
        }
        Attempt::Matched(matched)
    }
}

/// What a phrase runs across between its words.
fn is_skipped(kind: Kind) -> bool {
    matches!(kind, Kind::Space | Kind::Newline | Kind::Markup)
}

/// The `with:` text of a replacement: inline Markdown, read as it will read in the line.
pub(super) struct NewPhrase<'w> {
    pub(super) text: &'w str,
    /// Its words and punctuation.
    pub(super) words: Vec<Token>,
    pub(super) spans: Vec<Span>,
}

/// The splices that turn one occurrence into `with`, or `None` where they cannot keep the
/// Markdown balanced. The words the two share at the start and at the end stay as they are
/// (with any line break or markup between them); only the middle changes, so
/// `expiry date` → `expiry or renewal date` inserts `or renewal` and nothing else.
pub(super) fn phrase_splices(text: &str, spans: &[Span], matched: &[Token], with: &NewPhrase) -> Option<Vec<Splice>> {
    let new = &with.words;
    let old = |i: usize| matched[i].range.clone();
    let same = |i: usize, j: usize| {
        let (o, n) = (&matched[i], &new[j]);
        o.text(text) == n.text(with.text) && (n.format.is_plain() || n.format == o.format)
    };
    let (n_old, n_new) = (matched.len(), new.len());
    let prefix = (0..n_old.min(n_new)).take_while(|&i| same(i, i)).count();
    let suffix = (0..n_old.min(n_new) - prefix)
        .take_while(|&k| same(n_old - 1 - k, n_new - 1 - k))
        .count();
    // Words shared only when the new middle can be cut out of `with` without cutting its
    // formatting; otherwise the whole phrase is replaced.
    let (prefix, suffix, slice) = match middle(with, prefix, n_new - suffix) {
        Some(slice) => (prefix, suffix, slice),
        None => (0, 0, middle(with, 0, n_new)?),
    };
    let (old_end, new_end) = (n_old - suffix, n_new - suffix);
    let mut out = Vec::new();
    match (prefix == old_end, prefix == new_end) {
        (true, true) => {}
        // Only new words: they go right after the last shared word (inside its formatting run).
        (true, false) if prefix > 0 => {
            let at = old(prefix - 1).end;
            let gap = &with.text[new[prefix - 1].range.end..slice.start];
            out.push(Splice {
                range: at..at,
                text: format!("{}{}", gap, &with.text[slice]),
            });
        }
        (true, false) => {
            let at = old(0).start;
            let gap = &with.text[slice.end..new[new_end].range.start];
            out.push(Splice {
                range: at..at,
                text: format!("{}{}", &with.text[slice], gap),
            });
        }
        (false, true) => return removal(text, spans, old(prefix).start..old(old_end - 1).end, prefix > 0),
        (false, false) => {
            let mut range = old(prefix).start..old(old_end - 1).end;
            let mut words = with.text[slice.clone()].to_string();
            // Where `with` joins or separates the middle differently from the text (`and` →
            // `, Expiry and`), take its spacing, unless the text has markup or a line break there.
            if prefix > 0 {
                let old_gap = old(prefix - 1).end..range.start;
                let new_gap = &with.text[new[prefix - 1].range.end..slice.start];
                if is_plain_gap(&text[old_gap.clone()], new_gap) {
                    range.start = old_gap.start;
                    words = format!("{new_gap}{words}");
                }
            }
            if suffix > 0 {
                let old_gap = range.end..old(old_end).start;
                let new_gap = &with.text[slice.end..new[new_end].range.start];
                if is_plain_gap(&text[old_gap.clone()], new_gap) {
                    range.end = old_gap.end;
                    words.push_str(new_gap);
                }
            }
            out.extend(balanced(text, spans, range, words)?);
        }
    }
    Some(out)
}

/// The bytes of `with` holding new words `a..b`, widened over any formatting they cut, or
/// `None` if that would take in a shared word.
fn middle(with: &NewPhrase, a: usize, b: usize) -> Option<Range<usize>> {
    let words = &with.words;
    if a >= b {
        // Nothing new: an empty slice where the new words would start.
        let at = words.get(a).map_or(with.text.len(), |t| t.range.start);
        return Some(at..at);
    }
    let mut slice = words[a].range.start..words[b - 1].range.end;
    loop {
        // A formatting run of `with` that holds new words goes with them, whole.
        let cut = with
            .spans
            .iter()
            .find(|s| overlap(&s.outer, &slice) && !contains(&slice, &s.outer));
        match cut {
            Some(s) => slice = slice.start.min(s.outer.start)..slice.end.max(s.outer.end),
            None => break,
        }
    }
    let shared = words[..a].iter().chain(&words[b..]).any(|t| overlap(&t.range, &slice));
    (!shared).then_some(slice)
}

fn overlap(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

fn contains(outer: &Range<usize>, inner: &Range<usize>) -> bool {
    outer.start <= inner.start && inner.end <= outer.end
}

/// `text[range]` → `new`, keeping the formatting spans the range cuts balanced: a closing
/// marker inside the range whose opening lies before it is kept after the new words (they
/// take that formatting); an opening marker inside whose closing lies after moves to the
/// first word left in its run; a run left with no words loses both markers.
fn balanced(text: &str, spans: &[Span], range: Range<usize>, new: String) -> Option<Vec<Splice>> {
    let mut tail = String::new();
    let mut out = Vec::new();
    for s in spans
        .iter()
        .filter(|s| overlap(&s.outer, &range) && !contains(&range, &s.outer))
    {
        let (open, close) = (s.outer.start..s.inner.start, s.inner.end..s.outer.end);
        if contains(&s.inner, &range) {
            let emptied = new.is_empty()
                && text[s.inner.start..range.start].trim().is_empty()
                && text[range.end..s.inner.end].trim().is_empty();
            if emptied {
                out.push(deletion(open));
                out.push(deletion(close));
            }
        } else if contains(&range, &open) && close.start >= range.end {
            let rest = range.end + leading_space(&text[range.end..s.inner.end]);
            if rest < s.inner.end {
                out.push(Splice {
                    range: rest..rest,
                    text: text[open].to_string(),
                });
            } else {
                out.push(deletion(close));
            }
        } else if contains(&range, &close) && open.end <= range.start {
            if new.is_empty() && text[s.inner.start..range.start].trim().is_empty() {
                out.push(deletion(open));
            } else {
                tail.push_str(&text[close]);
            }
        } else {
            return None;
        }
    }
    out.push(Splice {
        range,
        text: new + &tail,
    });
    Some(out)
}

fn deletion(range: Range<usize>) -> Splice {
    Splice {
        range,
        text: String::new(),
    }
}

fn leading_space(s: &str) -> usize {
    s.len() - s.trim_start().len()
}

/// Removes `range` (whole words) with its formatting kept balanced, and the spaces that
/// separated it from its neighbour, so no double space is left. `after_shared`: the words
/// before the range stay (so the space before it goes); else the space after it goes.
fn removal(text: &str, spans: &[Span], range: Range<usize>, after_shared: bool) -> Option<Vec<Splice>> {
    let mut splices = balanced(text, spans, range.clone(), String::new())?;
    // The removed bytes with the markers removed right beside them.
    let mut hull = range.clone();
    loop {
        let grown = splices.iter().find(|s| {
            s.text.is_empty() && !s.range.is_empty() && (s.range.end == hull.start || s.range.start == hull.end)
        });
        match grown {
            Some(s) => hull = hull.start.min(s.range.start)..hull.end.max(s.range.end),
            None => break,
        }
    }
    let kept_tail = splices.iter().any(|s| s.range == range && !s.text.is_empty());
    let before = text[..hull.start].len() - text[..hull.start].trim_end_matches([' ', '\t']).len();
    let after = text[hull.end..].len() - text[hull.end..].trim_start_matches([' ', '\t']).len();
    let at_line_start = text[..hull.start - before].is_empty() || text[..hull.start - before].ends_with('\n');
    let space = if (after_shared || kept_tail || after == 0) && before > 0 && !at_line_start {
        hull.start - before..hull.start
    } else if after > 0 {
        hull.end..hull.end + after
    } else {
        return Some(splices);
    };
    // Fold the space into the splice beside it, so two splices never share a byte.
    for s in splices.iter_mut() {
        if s.range.end == space.start && s.range == range {
            s.range.end = space.end;
            return Some(splices);
        }
        if s.range.start == space.end && s.range == range {
            s.range.start = space.start;
            return Some(splices);
        }
    }
    splices.push(deletion(space));
    Some(splices)
}

/// Whether the text's gap is plain spaces and differs from `with`'s in being empty or not.
fn is_plain_gap(old: &str, new: &str) -> bool {
    old.bytes().all(|b| b == b' ') && old.is_empty() != new.is_empty()
}

#[cfg(test)]
mod tests {
    use super::super::splice::splice;
    use super::*;
    use crate::words::{each_token, inline_markdown, phrase_tokens, read};

    /// Hand-written expectations: what a drafter would write by hand for each edit.
    fn edit(text: &str, find: &str, with: &str) -> String {
        let reading = read(text);
        let pattern: Vec<String> = phrase_tokens(find).iter().map(|t| t.text(find).to_string()).collect();
        let pattern: Vec<&str> = pattern.iter().map(String::as_str).collect();
        let (words, spans) = inline_markdown(with).expect("inline text");
        let new = NewPhrase {
            text: with,
            words: words.into_iter().filter(|t| t.kind.is_word_like()).collect(),
            spans,
        };
        let mut splices = Vec::new();
        let mut matcher = Matcher::new(&pattern, None);
        each_token(text, &reading, |t| matcher.push(text, t));
        for o in matcher.finish(text) {
            splices.extend(phrase_splices(text, &reading.spans, &o.tokens, &new).expect("balanced"));
        }
        splice(text, &splices).0
    }

    #[test]
    fn inserts_only_the_new_words() {
        assert_eq!(
            edit("the expiry date of", "expiry date", "expiry or renewal date"),
            "the expiry or renewal date of"
        );
        assert_eq!(
            edit("the expiry\n  date of", "expiry date", "expiry or renewal date"),
            "the expiry or renewal\n  date of"
        );
        assert_eq!(
            edit("the **expiry** date", "expiry date", "expiry or renewal date"),
            "the **expiry or renewal** date"
        );
        assert_eq!(
            edit("the **expiry date**", "expiry date", "expiry or renewal date"),
            "the **expiry or renewal date**"
        );
    }

    #[test]
    fn replaces_deletes_and_prepends() {
        assert_eq!(edit("on expiry of it", "expiry", "renewal"), "on renewal of it");
        assert_eq!(edit("the old red car", "old red", "red"), "the red car");
        assert_eq!(edit("the red car", "red car", "bright red car"), "the bright red car");
        assert_eq!(edit("a number.", "number", "number [E]/[R]"), "a number [E]/[R].");
        assert_eq!(edit("so very fine", "very", ""), "so fine");
        assert_eq!(edit("so very fine", "so very", ""), "fine");
        assert_eq!(
            edit(
                "## 6 Withdrawal and Expiry of Certificates",
                "Withdrawal and Expiry of Certificates",
                "Withdrawal, Expiry and Renewal of Certificates"
            ),
            "## 6 Withdrawal, Expiry and Renewal of Certificates"
        );
        assert_eq!(
            edit(
                "to advise the Panel under Section F5.7.",
                "advise the Panel under Section F5.7",
                "decide under paragraph 6.4 whether"
            ),
            "to decide under paragraph 6.4 whether."
        );
    }

    #[test]
    fn formatting_stays_balanced() {
        // The phrase crosses the end of a bold run: the new words take the first word's bold.
        assert_eq!(
            edit("the **expiry** date of each", "expiry date", "renewal deadline"),
            "the **renewal deadline** of each"
        );
        // It crosses the start of one: the run keeps its remaining words.
        assert_eq!(
            edit("the expiry **date of** each", "expiry date", "renewal deadline"),
            "the renewal deadline **of** each"
        );
        // A whole bold phrase deleted leaves no empty markers and no double space.
        assert_eq!(edit("a note **here** and", "here", ""), "a note and");
        assert_eq!(edit("a note **here**.", "here", ""), "a note.");
        assert_eq!(edit("**the expiry** date of", "expiry date", ""), "**the** of");
        // Formatting written in `with:` is kept, whole.
        assert_eq!(edit("the new date", "new date", "**new** date"), "the **new** date");
        assert_eq!(
            edit("the new date", "new date", "new *final* date"),
            "the new *final* date"
        );
        assert_eq!(edit("an Expiry", "Expiry", "**Expiry**"), "an **Expiry**");
        // Links keep their target.
        assert_eq!(
            edit("see [the old guidance](https://x.y/z) now", "old guidance", "guidance"),
            "see [the guidance](https://x.y/z) now"
        );
    }

    #[test]
    fn whole_words_only_and_not_across_cells() {
        assert_eq!(
            edit("expiry-date expirydate", "expiry date", "x"),
            "expiry-date expirydate"
        );
        assert_eq!(
            edit("| expiry | date |\n| - | - |\n", "expiry date", "x"),
            "| expiry | date |\n| - | - |\n"
        );
    }
}
