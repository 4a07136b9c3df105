//! Title case for `case: preserve`: the capital a word takes at the start of a sentence.
//!
//! `char::to_uppercase` gives the all-capitals form, which differs from the title form for a
//! few characters: `ß` → `SS` (title `Ss`), the ligature `ﬁ` → `FI` (title `Fi`), the digraph
//! `ǆ` → `Ǆ` (title `ǅ`). Rust's standard library has no title-case mapping and no crate for
//! it earns a dependency for these few characters, so they are listed here from Unicode's
//! own data (UnicodeData.txt's titlecase field and SpecialCasing.txt's title column, Unicode
//! 15); every other character's title case is its upper case.

/// Characters whose title case is not their upper case, and their title case.
const TITLE: &[(char, &str)] = &[
    ('\u{00DF}', "Ss"),       // ß
    ('\u{01C5}', "\u{01C5}"), // ǅ is already title case (its upper case is Ǆ)
    ('\u{01C6}', "\u{01C5}"), // ǆ → ǅ
    ('\u{01C8}', "\u{01C8}"), // ǈ
    ('\u{01C9}', "\u{01C8}"), // ǉ → ǈ
    ('\u{01CB}', "\u{01CB}"), // ǋ
    ('\u{01CC}', "\u{01CB}"), // ǌ → ǋ
    ('\u{01F2}', "\u{01F2}"), // ǲ
    ('\u{01F3}', "\u{01F2}"), // ǳ → ǲ
    ('\u{0587}', "\u{0535}\u{0582}"),
    ('\u{1FB2}', "\u{1FBA}\u{0345}"),
    ('\u{1FB3}', "\u{1FBC}"),
    ('\u{1FB4}', "\u{0386}\u{0345}"),
    ('\u{1FB7}', "\u{0391}\u{0342}\u{0345}"),
    ('\u{1FBC}', "\u{1FBC}"),
    ('\u{1FC2}', "\u{1FCA}\u{0345}"),
    ('\u{1FC3}', "\u{1FCC}"),
    ('\u{1FC4}', "\u{0389}\u{0345}"),
    ('\u{1FC7}', "\u{0397}\u{0342}\u{0345}"),
    ('\u{1FCC}', "\u{1FCC}"),
    ('\u{1FF2}', "\u{1FFA}\u{0345}"),
    ('\u{1FF3}', "\u{1FFC}"),
    ('\u{1FF4}', "\u{038F}\u{0345}"),
    ('\u{1FF7}', "\u{03A9}\u{0342}\u{0345}"),
    ('\u{1FFC}', "\u{1FFC}"),
    ('\u{FB00}', "Ff"),
    ('\u{FB01}', "Fi"),
    ('\u{FB02}', "Fl"),
    ('\u{FB03}', "Ffi"),
    ('\u{FB04}', "Ffl"),
    ('\u{FB05}', "St"),
    ('\u{FB06}', "St"),
    ('\u{FB13}', "\u{0544}\u{0576}"),
    ('\u{FB14}', "\u{0544}\u{0565}"),
    ('\u{FB15}', "\u{0544}\u{056B}"),
    ('\u{FB16}', "\u{054E}\u{0576}"),
    ('\u{FB17}', "\u{0544}\u{056D}"),
];

/// The title case of one character.
pub(crate) fn title_case(c: char) -> String {
    if let Ok(i) = TITLE.binary_search_by_key(&c, |(k, _)| *k) {
        return TITLE[i].1.to_string();
    }
    match c as u32 {
        // Greek with ypogegrammeni: the title form keeps the iota under (ᾀ → ᾈ), the upper
        // form writes it out (ᾀ → ἈΙ).
        0x1F80..=0x1F87 | 0x1F90..=0x1F97 | 0x1FA0..=0x1FA7 => char::from_u32(c as u32 + 8)
            .map(String::from)
            .unwrap_or_else(|| c.to_string()),
        0x1F88..=0x1F8F | 0x1F98..=0x1F9F | 0x1FA8..=0x1FAF => c.to_string(),
        // Georgian Mkhedruli has an upper case (Mtavruli) but no title case: it stays.
        0x10D0..=0x10FA | 0x10FD..=0x10FF => c.to_string(),
        _ => c.to_uppercase().collect(),
    }
}

/// `expiry` → `Expiry`, `straße` → `Straße`, `ﬁnal` → `Final`: the first character in title
/// case, the rest as written.
pub(crate) fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => {
            let mut out = title_case(c);
            out.extend(chars);
            out
        }
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sorted_for_binary_search() {
        assert!(TITLE.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn title_case_not_upper_case() {
        // Expected values written from Unicode's SpecialCasing.txt and UnicodeData.txt.
        assert_eq!(capitalise("expiry"), "Expiry");
        assert_eq!(capitalise("élan"), "Élan");
        assert_eq!(capitalise("ßtraße"), "Sstraße");
        assert_eq!(capitalise("straße"), "Straße");
        assert_eq!(capitalise("\u{FB01}nal"), "Final");
        assert_eq!(capitalise("\u{FB00}ort"), "Ffort");
        assert_eq!(capitalise("\u{01C6}ungla"), "\u{01C5}ungla");
        assert_eq!(capitalise("\u{01C9}ubljana"), "\u{01C8}ubljana");
        assert_eq!(capitalise("\u{01CC}egoš"), "\u{01CB}egoš");
        assert_eq!(capitalise("\u{01F3}ur"), "\u{01F2}ur");
        assert_eq!(capitalise("\u{01C5}ungla"), "\u{01C5}ungla");
        assert_eq!(capitalise("\u{1F80}"), "\u{1F88}");
        assert_eq!(capitalise("\u{10D0}"), "\u{10D0}");
        assert_eq!(capitalise("Expiry"), "Expiry");
        assert_eq!(capitalise(""), "");
    }
}
