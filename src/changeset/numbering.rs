//! Numbers for inserted provisions and sub-paragraphs, by the legal-drafting convention.
//!
//! Existing numbers never change. A provision inserted after F2.3 is F2.3A, then F2.3B;
//! between F2.3A and F2.3B comes F2.3AA; between F2.3 and F2.3A comes F2.3ZA (the UK
//! precedent: between 1C and 1CA comes 1CZA); before the first provision of a Part comes
//! F2.A1; after the last one, the next whole number. Sub-paragraphs: after (b) comes (ba),
//! after the last one the next label in its series ((c) → (d), (ii) → (iii)); before the
//! first, (za).

use crate::number::ProvisionNumber;
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
    let (a, b) = (ProvisionNumber::parse(a)?, ProvisionNumber::parse(b)?);
    if a.part != b.part {
        return None;
    }
    Some(key(a.rest)?.cmp(&key(b.rest)?))
}

/// The number that fits between `prev` and `next` (numbers of the same Part), not in `taken`.
pub(crate) fn provision_between(part: &str, prev: Option<&str>, next: Option<&str>, taken: &[&str]) -> Option<String> {
    let fits = |c: &str| {
        !taken.contains(&c)
            && prev.is_none_or(|p| compare(p, c) == Some(Ordering::Less))
            && next.is_none_or(|n| compare(c, n) == Some(Ordering::Less))
    };
    let mut candidates = Vec::new();
    match prev {
        Some(p) => {
            // After the last provision of the Part, the next whole number: F2.8 → F2.9, and
            // F2.1Z → F2.2 (there is nothing a suffix must squeeze between).
            let tail = ProvisionNumber::parse(p).map_or("", |n| n.rest);
            if let Some(k) = key(tail).filter(|_| next.is_none()) {
                let n = if k.group == 0 { 1 } else { k.number + 1 };
                candidates.push(format!("{part}.{n}"));
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

/// How a list of sub-paragraphs numbers its items. **Choice:** the list's first item decides
/// (ignoring "before the first" forms such as (zi)): a list that opens with (i) counts in
/// roman numerals, so after (v) comes (vi); any other letter opens a list of letters, where
/// (i) and (v) are letters and after (v) comes (w); digits count on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Series {
    Letters,
    Roman,
    Digits,
}

impl Series {
    /// The series of a list, from its labels in order.
    pub(crate) fn of(labels: &[&str]) -> Series {
        let first = labels
            .iter()
            .find(|l| !(l.len() > 1 && l.starts_with(['z', 'Z'])))
            .or(labels.first());
        match first {
            Some(l) if l.eq_ignore_ascii_case("i") => Series::Roman,
            Some(l) if !l.is_empty() && l.bytes().all(|b| b.is_ascii_digit()) => Series::Digits,
            _ => Series::Letters,
        }
    }
}

/// The value of a roman numeral written the usual way (`xl` = 40, never `xxxx`), either case.
pub(crate) fn roman_value(label: &str) -> Option<u32> {
    let lower = label.to_ascii_lowercase();
    if lower.is_empty() || !(label == lower || label == label.to_ascii_uppercase()) {
        return None;
    }
    let digit = |c: u8| match c {
        b'i' => Some(1),
        b'v' => Some(5),
        b'x' => Some(10),
        b'l' => Some(50),
        b'c' => Some(100),
        b'd' => Some(500),
        b'm' => Some(1000),
        _ => None,
    };
    let values: Vec<u32> = lower.bytes().map(digit).collect::<Option<_>>()?;
    let mut total = 0;
    for (i, v) in values.iter().enumerate() {
        if values.get(i + 1).is_some_and(|next| next > v) {
            total -= *v as i64;
        } else {
            total += *v as i64;
        }
    }
    let total = u32::try_from(total).ok().filter(|t| *t > 0 && *t < 4000)?;
    // Only the canonical spelling counts: `iiii`, `vx` and `il` are not numerals.
    (roman(total) == lower).then_some(total)
}

/// `n` in lower-case roman numerals (1 to 3999).
pub(crate) fn roman(mut n: u32) -> String {
    const PARTS: &[(u32, &str)] = &[
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut out = String::new();
    for &(value, letters) in PARTS {
        while n >= value {
            out.push_str(letters);
            n -= value;
        }
    }
    out
}

/// `s` in the case of `like` (all capitals if `like` has a capital).
fn same_case(like: &str, s: &str) -> String {
    if like.bytes().any(|b| b.is_ascii_uppercase()) {
        s.to_ascii_uppercase()
    } else {
        s.to_string()
    }
}

/// The label that fits between `prev` and `next` siblings; `labels` are the list's labels in order.
pub(crate) fn label_between(prev: Option<&str>, next: Option<&str>, labels: &[&str]) -> String {
    let series = Series::of(labels);
    let fits = |c: &str| !labels.contains(&c);
    match (prev, next) {
        (Some(p), None) => {
            let n = next_in_series(p, series, labels);
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

/// Whether `label` is acceptable between `prev` and `next` (not taken, and in order);
/// `labels` are the list's labels in order.
pub(crate) fn label_fits(label: &str, prev: Option<&str>, next: Option<&str>, labels: &[&str]) -> bool {
    if labels.contains(&label) {
        return false;
    }
    let series = Series::of(labels);
    // A suffixed form of `p`: (ba) after (b), (iia) after (ii); in a roman list, never a
    // numeral of its own ((vii) is not (v) + "ii").
    let suffixed = |p: &str| {
        label.len() > p.len()
            && label.starts_with(p)
            && label[p.len()..].bytes().all(|b| b.is_ascii_alphabetic())
            && !(series == Series::Roman && roman_value(label).is_some())
    };
    match (prev, next) {
        (Some(p), None) => label == next_in_series(p, series, labels) || suffixed(p),
        (Some(p), Some(n)) => {
            suffixed(p)
                // A numeral that fills a gap left by a removed item: (vi) between (v) and (viii).
                || (series == Series::Roman
                    && label == next_in_series(p, series, labels)
                    && roman_value(n).zip(roman_value(label)).is_some_and(|(n, l)| l < n))
        }
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

/// The label after `label` in its list's series: `c` → `d`, `z` → `aa` (then `bb`),
/// `ii` → `iii`, `xxxix` → `xl`, `C` → `D`, `9` → `10`; a suffixed label counts on its
/// last letter (`ba` → `bb`).
pub(crate) fn next_in_series(label: &str, series: Series, labels: &[&str]) -> String {
    if series == Series::Roman
        && let Some(n) = roman_value(label)
    {
        return same_case(label, &roman(n + 1));
    }
    if let Ok(n) = label.parse::<u64>() {
        return (n + 1).to_string();
    }
    let bytes = label.as_bytes();
    let doubled = bytes.len() > 1 && bytes.iter().all(|&b| b == bytes[0]);
    match bytes {
        [c] if c.is_ascii_alphabetic() && !matches!(c, b'z' | b'Z') => ((c + 1) as char).to_string(),
        [_] => same_case(label, "aa"),
        // After (z) the Code doubles the letter: (aa), (bb), ...
        [c, ..] if doubled && c.is_ascii_alphabetic() && labels.iter().any(|l| l.eq_ignore_ascii_case("z")) => {
            if matches!(c, b'z' | b'Z') {
                format!("{label}{}", *c as char)
            } else {
                ((c + 1) as char).to_string().repeat(bytes.len())
            }
        }
        [.., last] if last.is_ascii_alphabetic() && !matches!(last, b'z' | b'Z') => {
            format!("{}{}", &label[..label.len() - 1], (last + 1) as char)
        }
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
        let letters = ["a", "b", "c"];
        let romans = ["i", "ii", "iii"];
        assert_eq!(label_between(Some("b"), Some("c"), &letters), "ba");
        assert_eq!(label_between(Some("c"), None, &letters), "d");
        assert_eq!(label_between(Some("ii"), None, &["i", "ii"]), "iii");
        assert_eq!(label_between(Some("ii"), Some("iii"), &romans), "iia");
        assert_eq!(label_between(None, Some("a"), &letters), "za");
        assert_eq!(label_between(None, Some("i"), &romans), "zi");
        assert_eq!(label_between(Some("B"), Some("C"), &["A", "B", "C"]), "BA");
        assert!(label_fits("ba", Some("b"), Some("c"), &letters));
        assert!(!label_fits("d", Some("b"), Some("c"), &letters));
        assert!(!label_fits("c", Some("b"), Some("c"), &letters));
        assert!(label_fits("d", Some("c"), None, &letters));
        assert!(!label_fits("iv", Some("i"), Some("ii"), &romans));
        assert!(label_fits("ia", Some("i"), Some("ii"), &romans));
        assert!(label_fits("iv", Some("iii"), None, &romans));
        // A removed item leaves a gap its own numeral may fill.
        assert!(label_fits(
            "vi",
            Some("v"),
            Some("viii"),
            &["i", "ii", "iii", "iv", "v", "viii"]
        ));
    }

    /// Roman numerals 1 to 40, written out by hand (not by [`roman`]).
    const ROMAN_1_TO_40: [&str; 40] = [
        "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv", "xvi", "xvii",
        "xviii", "xix", "xx", "xxi", "xxii", "xxiii", "xxiv", "xxv", "xxvi", "xxvii", "xxviii", "xxix", "xxx", "xxxi",
        "xxxii", "xxxiii", "xxxiv", "xxxv", "xxxvi", "xxxvii", "xxxviii", "xxxix", "xl",
    ];

    /// The letters (a) to (z), then (aa), written out by hand.
    const LETTERS: [&str; 27] = [
        "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v",
        "w", "x", "y", "z", "aa",
    ];

    #[test]
    fn roman_numerals_from_i_to_xl() {
        for (i, numeral) in ROMAN_1_TO_40.iter().enumerate() {
            assert_eq!(roman_value(numeral), Some(i as u32 + 1), "{numeral}");
            assert_eq!(
                roman_value(&numeral.to_ascii_uppercase()),
                Some(i as u32 + 1),
                "{numeral}"
            );
        }
        for not_a_numeral in ["iiii", "vv", "il", "xxxx", "ic", "a", "", "iI"] {
            assert_eq!(roman_value(not_a_numeral), None, "{not_a_numeral}");
        }
        for k in 1..ROMAN_1_TO_40.len() {
            // A list (i) … up to the k-th numeral: the next is the (k+1)-th, and no other numeral fits.
            let list = &ROMAN_1_TO_40[..k];
            let last = list[k - 1];
            let want = ROMAN_1_TO_40[k];
            assert_eq!(label_between(Some(last), None, list), want, "after ({last})");
            assert!(label_fits(want, Some(last), None, list), "({want}) after ({last})");
            for other in ROMAN_1_TO_40.iter().filter(|o| **o != want) {
                assert!(!label_fits(other, Some(last), None, list), "({other}) after ({last})");
            }
            assert!(label_fits(&format!("{last}a"), Some(last), None, list));
        }
        let upper: Vec<String> = ROMAN_1_TO_40[..5].iter().map(|r| r.to_ascii_uppercase()).collect();
        let upper: Vec<&str> = upper.iter().map(String::as_str).collect();
        assert_eq!(label_between(Some("V"), None, &upper), "VI");
    }

    #[test]
    fn letters_from_a_to_aa() {
        for k in 1..LETTERS.len() {
            let list = &LETTERS[..k];
            let last = list[k - 1];
            let want = LETTERS[k];
            assert_eq!(label_between(Some(last), None, list), want, "after ({last})");
            assert!(label_fits(want, Some(last), None, list), "({want}) after ({last})");
            for other in LETTERS.iter().filter(|o| **o != want && !o.starts_with(last)) {
                assert!(!label_fits(other, Some(last), None, list), "({other}) after ({last})");
            }
        }
        // In a list of letters, (i), (v) and (x) are letters.
        assert_eq!(label_between(Some("v"), None, &LETTERS[..22]), "w");
        assert_eq!(label_between(Some("aa"), None, &LETTERS), "bb");
    }

    #[test]
    fn after_the_last_provision_comes_the_next_whole_number() {
        assert_eq!(
            provision_between("F2", Some("F2.1Z"), None, &["F2.1", "F2.1Z"]),
            Some("F2.2".into())
        );
        assert_eq!(provision_between("F2", Some("F2.3A"), None, &[]), Some("F2.4".into()));
        assert_eq!(provision_between("F2", Some("F2.A1"), None, &[]), Some("F2.1".into()));
    }
}
