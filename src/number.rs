//! Numbers as the Code prints them: Part numbers (`F2`, `6`) and provision numbers
//! (`F2.3A`: Part `F2`, then `3A`). One type reads them, so no stage splits them by hand.

/// A Part number as printed in a heading: `F2`, `6`, `F10`.
pub(crate) fn is_part_number(s: &str) -> bool {
    let letters = s.bytes().take_while(u8::is_ascii_uppercase).count();
    letters < s.len() && s[letters..].bytes().all(|b| b.is_ascii_digit())
}

/// `F2.1`, `6.2`, `F2.3A`, `F2.A1`, `F10.12`: letters?, digits, then `.` and digits/letters.
pub(crate) fn is_provision_number(s: &str) -> bool {
    ProvisionNumber::parse(s).is_some()
}

/// A provision number, read: `F2.3A` is Part `F2`, then `3A`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ProvisionNumber<'a> {
    /// The Part's number: `F2`, `6`.
    pub part: &'a str,
    /// What follows the point: `3A`, `A1`, `12`.
    pub rest: &'a str,
}

impl<'a> ProvisionNumber<'a> {
    /// Reads a provision number, or `None` if `s` is not one.
    pub(crate) fn parse(s: &'a str) -> Option<Self> {
        let (part, rest) = s.split_once('.')?;
        let ok = is_part_number(part)
            && !rest.is_empty()
            && rest.bytes().all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
            && rest.bytes().any(|b| b.is_ascii_digit());
        ok.then_some(ProvisionNumber { part, rest })
    }
}

/// The Part a number as written belongs to (what comes before its point: `F2` of `F2.3A`),
/// also for a number that does not read (so a message can still name its Part).
pub(crate) fn part_of(number: &str) -> &str {
    ProvisionNumber::parse(number).map_or_else(|| number.split('.').next().unwrap_or_default(), |n| n.part)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_printed() {
        let n = ProvisionNumber::parse("F2.3A").unwrap();
        assert_eq!((n.part, n.rest), ("F2", "3A"));
        let n = ProvisionNumber::parse("6.4A").unwrap();
        assert_eq!((n.part, n.rest), ("6", "4A"));
        for bad in ["F2", "F2.", "F.1", "f2.1", "F2.a", "F2.A", "2.1.1"] {
            assert!(ProvisionNumber::parse(bad).is_none(), "{bad}");
        }
        assert_eq!(part_of("F2.3A"), "F2");
        assert_eq!(part_of("X9.zz"), "X9");
    }
}
