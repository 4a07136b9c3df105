//! Numbers for inserted provisions and sub-paragraphs, by the legal-drafting convention.
//!
//! Existing numbers never change. A provision inserted after F2.3 is F2.3A, then F2.3B;
//! between F2.3A and F2.3B comes F2.3AA; between F2.3 and F2.3A comes F2.3ZA (the UK
//! precedent: between 1C and 1CA comes 1CZA); before the first provision of a Part comes
//! F2.A1; after the last one, the next whole number. Sub-paragraphs: after (b) comes (ba),
//! after the last one the next label in its series ((c) → (d), (ii) → (iii)); before the
//! first, (za).

use std::cmp::Ordering;

/// The sort key of a provision number's tail (after the Part and the point).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Key {
    /// 0 for the "before the first" form (`A1`), 1 otherwise.
    group: u8,
    prefix: Vec<u8>,
    number: u64,
    suffix: Vec<u8>,
}

/// Letters in drafting order: a `Z` that is not last sorts before `A` (it opens a
/// "before" series: 1C < 1CZA < 1CA).
fn letters_key(letters: &str) -> Vec<u8> {
    let bytes = letters.as_bytes();
    bytes
        .iter()
        .enumerate()
        .map(|(i, &b)| {
            if b == b'Z' && i + 1 < bytes.len() {
                0
            } else {
                b - b'A' + 1
            }
        })
        .collect()
}

fn key(tail: &str) -> Option<Key> {
    let prefix_len = tail.bytes().take_while(u8::is_ascii_uppercase).count();
    let digits_len = tail[prefix_len..].bytes().take_while(u8::is_ascii_digit).count();
    if digits_len == 0 {
        return None;
    }
    let suffix = &tail[prefix_len + digits_len..];
    if !suffix.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    Some(Key {
        group: if prefix_len > 0 { 0 } else { 1 },
        prefix: letters_key(&tail[..prefix_len]),
        number: tail[prefix_len..prefix_len + digits_len].parse().ok()?,
        suffix: letters_key(suffix),
    })
}

/// Orders two provision numbers of one Part (`F2.3` < `F2.3A` < `F2.4`).
pub fn compare(a: &str, b: &str) -> Option<Ordering> {
    let (pa, ta) = a.split_once('.')?;
    let (pb, tb) = b.split_once('.')?;
    if pa != pb {
        return None;
    }
    Some(key(ta)?.cmp(&key(tb)?))
}

/// The number that fits between `prev` and `next` (numbers of the same Part), not in `taken`.
pub fn provision_between(part: &str, prev: Option<&str>, next: Option<&str>, taken: &[&str]) -> Option<String> {
    let fits = |c: &str| {
        !taken.contains(&c)
            && prev.is_none_or(|p| compare(p, c) == Some(Ordering::Less))
            && next.is_none_or(|n| compare(c, n) == Some(Ordering::Less))
    };
    let mut candidates = Vec::new();
    match prev {
        Some(p) => {
            let tail = p.split_once('.').map_or("", |(_, t)| t);
            if let Some(n) = tail.parse::<u64>().ok().filter(|_| next.is_none()) {
                candidates.push(format!("{part}.{}", n + 1));
            }
            for z in 0..4 {
                candidates.push(format!("{p}{}A", "Z".repeat(z)));
            }
        }
        None => {
            for z in 0..4 {
                candidates.push(format!("{part}.{}A1", "Z".repeat(z)));
            }
        }
    }
    candidates.into_iter().find(|c| fits(c))
}

/// Whether `label` may stand between `prev` and `next` siblings, and the label that fits.
pub fn label_between(prev: Option<&str>, next: Option<&str>, taken: &[&str]) -> String {
    let fits = |c: &str| !taken.contains(&c);
    match (prev, next) {
        (Some(p), None) => {
            let n = next_in_series(p);
            if fits(&n) {
                n
            } else {
                format!("{p}{}", lower_or_upper(p, "a"))
            }
        }
        (Some(p), Some(_)) => {
            let mut c = format!("{p}{}", lower_or_upper(p, "a"));
            while !fits(&c) {
                c.push_str(lower_or_upper(p, "a"));
            }
            c
        }
        (None, Some(n)) => format!("{}{n}", lower_or_upper(n, "z")),
        (None, None) => "a".to_string(),
    }
}

/// Whether `label` is acceptable between `prev` and `next` (not taken, and in order).
pub fn label_fits(label: &str, prev: Option<&str>, next: Option<&str>, taken: &[&str]) -> bool {
    let roman = |l: &str| ROMAN.contains(&l.to_ascii_lowercase().as_str()) && l.len() > 1;
    if taken.contains(&label) {
        return false;
    }
    // In a series of roman numerals, (iv) after (i) is a numeral out of place, not (i) + "v".
    if prev.is_some_and(|p| roman(p) || p == "i") && roman(label) && Some(label) != prev.map(next_in_series).as_deref()
    {
        return false;
    }
    match (prev, next) {
        (Some(p), None) => label == next_in_series(p) || (label.starts_with(p) && label.len() > p.len()),
        (Some(p), Some(_)) => label.starts_with(p) && label.len() > p.len(),
        (None, Some(n)) => label.len() > n.len() && label.ends_with(n) && label.starts_with(['z', 'Z']),
        (None, None) => true,
    }
}

fn lower_or_upper(like: &str, s: &'static str) -> &'static str {
    if like.bytes().any(|b| b.is_ascii_uppercase()) {
        if s == "a" { "A" } else { "Z" }
    } else {
        s
    }
}

const ROMAN: &[&str] = &[
    "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv", "xvi", "xvii",
    "xviii", "xix", "xx",
];

/// The label after `label` in its own series: `c` → `d`, `ii` → `iii`, `C` → `D`, `9` → `10`.
pub fn next_in_series(label: &str) -> String {
    let lower = label.to_ascii_lowercase();
    let roman_next = ROMAN
        .iter()
        .position(|r| *r == lower)
        .filter(|_| label.len() > 1 || label == "i")
        .and_then(|i| ROMAN.get(i + 1));
    if let Some(next) = roman_next {
        return if label.bytes().all(|b| b.is_ascii_uppercase()) {
            next.to_ascii_uppercase()
        } else {
            next.to_string()
        };
    }
    if let Ok(n) = label.parse::<u64>() {
        return (n + 1).to_string();
    }
    match label.as_bytes() {
        [c] if c.is_ascii_alphabetic() && !matches!(c, b'z' | b'Z') => ((c + 1) as char).to_string(),
        _ => format!("{label}{}", lower_or_upper(label, "a")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drafting_order() {
        let order = [
            "F2.A1", "F2.1", "F2.1ZA", "F2.1A", "F2.1AA", "F2.1B", "F2.1CZA", "F2.1CA", "F2.2", "F2.10",
        ];
        for w in order.windows(2) {
            assert_eq!(compare(w[0], w[1]), Some(Ordering::Less), "{} < {}", w[0], w[1]);
        }
        assert_eq!(compare("F2.1", "F3.1"), None);
    }

    #[test]
    fn the_number_that_fits() {
        assert_eq!(
            provision_between("F2", Some("F2.3"), Some("F2.4"), &[]),
            Some("F2.3A".into())
        );
        assert_eq!(
            provision_between("F2", Some("F2.3A"), Some("F2.3B"), &[]),
            Some("F2.3AA".into())
        );
        assert_eq!(
            provision_between("F2", Some("F2.3"), Some("F2.3A"), &[]),
            Some("F2.3ZA".into())
        );
        assert_eq!(provision_between("F2", None, Some("F2.1"), &[]), Some("F2.A1".into()));
        assert_eq!(provision_between("F2", Some("F2.8"), None, &[]), Some("F2.9".into()));
        assert_eq!(provision_between("6", Some("6.7"), None, &[]), Some("6.8".into()));
        assert_eq!(
            provision_between("F2", Some("F2.3"), Some("F2.4"), &["F2.3A"]),
            Some("F2.3ZA".into())
        );
    }

    #[test]
    fn sub_paragraph_labels() {
        assert_eq!(label_between(Some("b"), Some("c"), &[]), "ba");
        assert_eq!(label_between(Some("c"), None, &[]), "d");
        assert_eq!(label_between(Some("ii"), None, &[]), "iii");
        assert_eq!(label_between(Some("ii"), Some("iii"), &[]), "iia");
        assert_eq!(label_between(None, Some("a"), &[]), "za");
        assert_eq!(label_between(Some("B"), Some("C"), &[]), "BA");
        assert!(label_fits("ba", Some("b"), Some("c"), &[]));
        assert!(!label_fits("d", Some("b"), Some("c"), &[]));
        assert!(!label_fits("c", Some("b"), Some("c"), &["c"]));
        assert!(label_fits("d", Some("c"), None, &[]));
        assert!(!label_fits("iv", Some("i"), Some("ii"), &[]));
        assert!(label_fits("ia", Some("i"), Some("ii"), &[]));
        assert!(label_fits("iii", Some("ii"), None, &[]));
    }
}
