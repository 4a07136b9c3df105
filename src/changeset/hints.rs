//! Hints for a drafter's mistakes: the text nearest to a phrase that matches nothing, and
//! occurrences told apart where two of them share an address (two cells of one table).
//!
//! These only word messages; they never decide what a change does. They read words by a
//! plain rule of their own (runs of letters and digits, markup and punctuation trimmed), so
//! that a hint stays a hint whatever the matcher does.

use crate::corpus::Edition;
use std::collections::BTreeMap;
use std::ops::Range;

/// A piece of text in scope that reads like what the drafter meant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Nearest {
    /// The words as printed (joined by single spaces).
    pub text: String,
    /// Where its first occurrence is, as a reference: `F3.2`, `Z:6.5(c)`.
    pub address: String,
    /// `file:line:col` of that occurrence, where the unit is as printed in the text folder.
    pub location: Option<String>,
}

impl Nearest {
    /// `'whether' (F3.2, sec-text/section-f.md:145:50)`
    pub(crate) fn describe(&self) -> String {
        match &self.location {
            Some(l) => format!("'{}' (at {}, {l})", self.text, self.address),
            None => format!("'{}' (at {})", self.text, self.address),
        }
    }
}

/// The words of `text` with their byte offsets: whitespace- and pipe-separated pieces with
/// leading and trailing markup and punctuation trimmed (`**expiry**,` → `expiry`).
fn words(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        let separator = c.is_whitespace() || c == '|';
        match (start, separator) {
            (None, false) => start = Some(i),
            (Some(s), true) => {
                let piece = &text[s..i];
                let trimmed = piece.trim_start_matches(|c: char| !c.is_alphanumeric());
                let lead = piece.len() - trimmed.len();
                let trimmed = trimmed.trim_end_matches(|c: char| !c.is_alphanumeric());
                if !trimmed.is_empty() {
                    out.push((s + lead, trimmed));
                }
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// The text in `units` (document, unit) nearest to `phrase` by edit distance, over runs of
/// as many words as the phrase has (and one fewer or more, for a space added or lost).
/// `None` when nothing is close enough to be a likely typo, or the phrase occurs as written.
pub(super) fn nearest_text(edition: &Edition, units: &[(usize, usize)], phrase: &str) -> Option<Nearest> {
    let wanted: Vec<&str> = words(phrase).into_iter().map(|(_, w)| w).collect();
    if wanted.is_empty() {
        return None;
    }
    let wanted_text = wanted.join(" ");
    let length = wanted_text.chars().count();
    // About one slip in six letters: "wether" → "whether", "expirry date" → "expiry date".
    let limit = (1 + length / 6).min(4);
    let wanted_lower = wanted_text.to_lowercase();
    // Candidate text → ((distance ignoring case, distance), how often, first place); ordered,
    // so ties resolve the same way. A slip of case is the likeliest of all.
    type Found = ((usize, usize), usize, (usize, usize, usize));
    let mut found: BTreeMap<String, Found> = BTreeMap::new();
    for &(doc, unit) in units {
        if edition.unit(doc, unit).removed {
            continue;
        }
        let text = edition.unit_text(doc, unit);
        let ws = words(text);
        for n in [wanted.len().saturating_sub(1), wanted.len(), wanted.len() + 1] {
            if n == 0 || n > ws.len() {
                continue;
            }
            for window in ws.windows(n) {
                let candidate = window.iter().map(|(_, w)| *w).collect::<Vec<_>>().join(" ");
                if candidate.chars().count().abs_diff(length) > limit {
                    continue;
                }
                if let Some(entry) = found.get_mut(&candidate) {
                    entry.1 += 1;
                    continue;
                }
                let distance = strsim::levenshtein(&candidate, &wanted_text);
                let folded = strsim::levenshtein(&candidate.to_lowercase(), &wanted_lower);
                if folded <= limit && distance > 0 {
                    found.insert(candidate, ((folded, distance), 1, (doc, unit, window[0].0)));
                }
            }
        }
    }
    let (text, (_, _, (doc, unit, offset))) = found
        .into_iter()
        .min_by_key(|(text, (distance, count, place))| (*distance, usize::MAX - count, *place, text.clone()))?;
    let u = edition.unit(doc, unit);
    let location = match (&u.text, u.base) {
        (None, Some(base)) => {
            let document = edition.document(doc);
            let (position, _) = document.file.locate(document.units[base].span.start + offset);
            Some(format!(
                "{}:{}:{}",
                document.file.path.display(),
                position.line,
                position.column
            ))
        }
        _ => None,
    };
    Some(Nearest {
        text,
        address: edition.address(doc, unit, offset),
        location,
    })
}

/// `addresses[i]` is where the occurrence at `places[i]` (document, unit, byte offset) is.
/// Addresses that occur more than once are told apart: in a table by the row's first cell
/// and the column's heading, elsewhere by the line in the text folder (or their order).
pub(super) fn told_apart(edition: &Edition, addresses: Vec<String>, places: &[(usize, usize, usize)]) -> Vec<String> {
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for a in &addresses {
        *seen.entry(a.as_str()).or_default() += 1;
    }
    let repeated: Vec<bool> = addresses.iter().map(|a| seen[a.as_str()] > 1).collect();
    let mut nth: BTreeMap<String, usize> = BTreeMap::new();
    addresses
        .iter()
        .zip(places)
        .zip(repeated)
        .map(|((address, &(doc, unit, offset)), repeated)| {
            if !repeated {
                return address.clone();
            }
            let k = nth.entry(address.clone()).or_default();
            *k += 1;
            let text = edition.unit_text(doc, unit);
            if let Some(cell) = table_cell(text, offset) {
                return format!("{address} {cell}");
            }
            let u = edition.unit(doc, unit);
            match (&u.text, u.base) {
                (None, Some(base)) => {
                    let document = edition.document(doc);
                    let (position, _) = document.file.locate(document.units[base].span.start + offset);
                    format!("{address} (line {})", position.line)
                }
                _ => format!("{address} ({})", ordinal(*k)),
            }
        })
        .collect()
}

/// `1 time`, `13 times`.
pub(super) fn times(n: usize) -> String {
    if n == 1 {
        "1 time".to_string()
    } else {
        format!("{n} times")
    }
}

/// ` (1 occurrence is excluded by `except:`)`, ` (3 occurrences are …)`.
pub(super) fn excluded(n: usize) -> String {
    if n == 1 {
        " (1 occurrence is excluded by `except:`)".to_string()
    } else {
        format!(" ({n} occurrences are excluded by `except:`)")
    }
}

/// What to do about a `replace` that matches nothing: the nearest text in scope, and
/// `case: preserve` where that text is the phrase with a capital.
pub(super) fn matches_nothing_help(
    edition: &Edition,
    units: &[(usize, usize, Option<Range<usize>>)],
    find: &str,
    preserve_case: bool,
    excluded: usize,
) -> String {
    if excluded > 0 {
        return "every occurrence in scope is inside an `except:`; narrow the `except:`, or remove this change"
            .to_string();
    }
    let mut in_scope: Vec<(usize, usize)> = units.iter().map(|(d, u, _)| (*d, *u)).collect();
    in_scope.dedup();
    let Some(near) = nearest_text(edition, &in_scope, find) else {
        return "matching is whole-word and case-sensitive; check the spelling and the `in:` scope".to_string();
    };
    let written: String = words(find).into_iter().map(|(_, w)| w).collect::<Vec<_>>().join(" ");
    if near.text.to_lowercase() == written.to_lowercase() {
        if !preserve_case && near.text == super::title_case::capitalise(&written) {
            return format!(
                "matching is case-sensitive: the text has {}; add `case: preserve` to also change a capitalised first word",
                near.describe()
            );
        }
        return format!(
            "matching is case-sensitive: the text has {}; write `replace:` as the text prints it",
            near.describe()
        );
    }
    format!(
        "did you mean {}? Matching is whole-word and case-sensitive: correct `replace:` to the words as printed",
        near.describe()
    )
}

/// `1st`, `2nd`, `3rd`, `4th`, … `11th`, `21st`.
fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// `(row "CPA expiry date", column "Meaning")` where `offset` is inside a GFM table row.
fn table_cell(text: &str, offset: usize) -> Option<String> {
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let line = text[line_start..line_end].trim_end_matches('\r');
    if !line.trim_start().starts_with('|') {
        return None;
    }
    let cells = |row: &str| -> Vec<String> {
        let row = row.trim().trim_start_matches('|').trim_end_matches('|');
        row.split('|').map(|c| c.trim().replace("**", "")).collect()
    };
    let before = &text[line_start..offset];
    let column = before.matches('|').count().saturating_sub(1);
    // The header is the first row of the table: walk up while the lines are table rows.
    let mut header = line;
    let mut start = line_start;
    while start > 0 {
        let prev_end = start - 1;
        let prev_start = text[..prev_end].rfind('\n').map_or(0, |i| i + 1);
        let prev = text[prev_start..prev_end].trim_end_matches('\r');
        if !prev.trim_start().starts_with('|') {
            break;
        }
        header = prev;
        start = prev_start;
    }
    let row = cells(line);
    let heads = cells(header);
    let first = row.first().filter(|c| !c.is_empty())?;
    Some(match heads.get(column).filter(|h| !h.is_empty() && header != line) {
        Some(h) => format!("(row \"{first}\", column \"{h}\")"),
        None => format!("(row \"{first}\")"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_trim_markup_and_punctuation() {
        let t = "| **expiry** date, (b) F2.4 ";
        let w: Vec<&str> = words(t).into_iter().map(|(_, w)| w).collect();
        assert_eq!(w, ["expiry", "date", "b", "F2.4"]);
        assert_eq!(words(t)[0].0, 4);
    }

    #[test]
    fn cells_named_by_row_and_column() {
        let t = "**4.1** The fields:\n\n| Field | Meaning |\n| --- | --- |\n| CPA expiry date | The expiry date |\n";
        let at = t.find("expiry date |").unwrap();
        assert_eq!(
            table_cell(t, at).as_deref(),
            Some("(row \"CPA expiry date\", column \"Field\")")
        );
        let at = t.rfind("expiry").unwrap();
        assert_eq!(
            table_cell(t, at).as_deref(),
            Some("(row \"CPA expiry date\", column \"Meaning\")")
        );
        assert_eq!(table_cell(t, 3), None);
    }

    #[test]
    fn ordinals() {
        let got: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22].into_iter().map(ordinal).collect();
        assert_eq!(
            got,
            ["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd"]
        );
    }
}
