//! One typed calendar date for change-sets, releases, the history and `--as-at`.
//!
//! Written exactly `YYYY-MM-DD` (four digits, two, two: no sign, no other form), a real day
//! of the Gregorian calendar (jiff decides which days exist), in a year Word can hold.
//! Dates are compared as dates, never as strings.

use std::fmt;

/// The earliest year a date may have. The schema's `xsd:dateTime` refuses year 0000 (there
/// is none), and Word keeps a revision's date as years since 1900 (the DTTM of its file
/// format), so earlier dates do not survive a round trip through Word.
pub(crate) const MIN_YEAR: i16 = 1900;

/// A day, e.g. 2022-08-01.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(jiff::civil::Date);

impl Date {
    /// Reads `YYYY-MM-DD`; `Err` says, in a drafter's words, why it is not a date.
    pub fn parse(text: &str) -> Result<Date, String> {
        let bad = || format!("'{text}' is not a date in the form YYYY-MM-DD");
        let b = text.as_bytes();
        let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' || !digits(0..4) || !digits(5..7) || !digits(8..10) {
            return Err(bad());
        }
        let number = |r: std::ops::Range<usize>| text[r].parse::<i16>().map_err(|_| bad());
        let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
        if !(1..=12).contains(&month) {
            return Err(bad());
        }
        let date = jiff::civil::Date::new(year, month as i8, day as i8).map_err(|_| bad())?;
        if year < MIN_YEAR {
            return Err(format!(
                "'{text}' is before {MIN_YEAR}: Word cannot date a tracked change then; write the date the modification is made"
            ));
        }
        Ok(Date(date))
    }

    /// `22 June 2022`.
    pub(crate) fn in_words(self) -> String {
        format!(
            "{} {} {}",
            self.0.day(),
            MONTHS[self.0.month() as usize - 1],
            self.0.year()
        )
    }

    /// `1.8.2022`, as amendment notes write it.
    pub(crate) fn short(self) -> String {
        format!("{}.{}.{}", self.0.day(), self.0.month(), self.0.year())
    }

    /// The day before (the last day a version is in force, when the next starts on this day).
    pub(crate) fn day_before(self) -> Date {
        // Only 1900-01-01 has no day before that a Date can hold; it stays itself.
        self.0.yesterday().map(Date).unwrap_or(self)
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.0.year(), self.0.month(), self.0.day())
    }
}

impl std::str::FromStr for Date {
    type Err = String;
    fn from_str(s: &str) -> Result<Date, String> {
        Date::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_real_days_written_yyyy_mm_dd() {
        for good in ["2022-06-22", "2024-02-29", "1900-01-01", "2000-02-29", "9999-12-31"] {
            assert_eq!(Date::parse(good).map(|d| d.to_string()).as_deref(), Ok(good));
        }
        for bad in [
            "2022-+8-01",
            "+002022-08-01",
            "20220801",
            "2022-8-01",
            "2023-02-29",
            "1900-02-29",
            "2022-13-01",
            "2022-00-10",
            "2022-01-00",
            "2022-01-32",
            " 2022-01-01",
            "2022-01-01 ",
            "2022-01-0１",
            "22-06-2022",
            "1899-12-31",
            "",
            "soon",
        ] {
            assert!(Date::parse(bad).is_err(), "{bad:?} was taken as a date");
        }
    }

    #[test]
    fn compared_as_days_and_written_in_words() {
        let d = |s| Date::parse(s).unwrap();
        assert!(d("2022-08-01") < d("2022-11-03"));
        assert!(d("2021-12-31") < d("2022-01-01"));
        assert_eq!(d("2022-08-01").in_words(), "1 August 2022");
        assert_eq!(d("2022-11-03").short(), "3.11.2022");
        assert_eq!(d("2022-03-01").day_before(), d("2022-02-28"));
        assert_eq!(d("2024-03-01").day_before(), d("2024-02-29"));
    }
}
