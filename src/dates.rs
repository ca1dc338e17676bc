//! Dates as editors write them: a year, a year-month or a full date (CONTENT.md).
//!
//! `PartialDate` keeps the precision that was written, so `<time datetime>` can carry
//! `2023-03` exactly, and orders a partial date before the full dates of its period
//! (`2023-03` before `2023-03-01`).

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    pub year: i32,
    /// 0 when only the year was written; so that derived ordering puts partial dates first.
    pub month: u8,
    /// 0 when no day was written.
    pub day: u8,
}

/// Why a date string was refused; the caller adds file and position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError {
    pub message: String,
    pub hint: String,
}

const FORMS: &str =
    "write a year (\"2024\"), a year and month (\"2024-01\") or a full date (\"2024-01-27\")";

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` and checks that the day exists.
    pub fn parse(text: &str) -> Result<PartialDate, DateError> {
        let bad = |message: String| DateError {
            message,
            hint: FORMS.to_string(),
        };
        let parts: Vec<&str> = text.split('-').collect();
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        let ok_shape = match parts.len() {
            1 => digits(parts[0], 4),
            2 => digits(parts[0], 4) && digits(parts[1], 2),
            3 => digits(parts[0], 4) && digits(parts[1], 2) && digits(parts[2], 2),
            _ => false,
        };
        if !ok_shape {
            return Err(bad(format!("`{text}` is not a date")));
        }
        let year: i32 = parts[0].parse().unwrap_or(0);
        let month: u8 = parts.get(1).map_or(0, |m| m.parse().unwrap_or(0));
        let day: u8 = parts.get(2).map_or(0, |d| d.parse().unwrap_or(0));
        if parts.len() >= 2 && !(1..=12).contains(&month) {
            return Err(DateError {
                message: format!("`{text}` has no month {month}"),
                hint: "months run from 01 to 12".into(),
            });
        }
        if parts.len() == 3 {
            let last = days_in_month(year, month);
            if day == 0 || day > last {
                return Err(DateError {
                    message: format!("`{text}` is not a real date"),
                    hint: format!(
                        "{} {year} has {last} days",
                        MONTH_NAMES[usize::from(month) - 1]
                    ),
                });
            }
        }
        Ok(PartialDate { year, month, day })
    }

    pub fn is_full(&self) -> bool {
        self.day != 0
    }

    /// "27 January 2024", "January 2024" or "2024".
    pub fn human(&self) -> String {
        match (self.month, self.day) {
            (0, _) => self.year.to_string(),
            (m, 0) => format!("{} {}", MONTH_NAMES[usize::from(m) - 1], self.year),
            (m, d) => format!("{d} {} {}", MONTH_NAMES[usize::from(m) - 1], self.year),
        }
    }

    /// The first full date of the period, for feeds and sitemaps that need one.
    pub fn first_day(&self) -> PartialDate {
        PartialDate {
            year: self.year,
            month: self.month.max(1),
            day: self.day.max(1),
        }
    }
}

impl fmt::Display for PartialDate {
    /// Exactly the precision written: `2020`, `2023-03`, `2024-01-27`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.month, self.day) {
            (0, _) => write!(f, "{:04}", self.year),
            (m, 0) => write!(f, "{:04}-{m:02}", self.year),
            (m, d) => write!(f, "{:04}-{m:02}-{d:02}", self.year),
        }
    }
}

pub const MONTH_NAMES: [&str; 12] = [
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

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Two dates as a reader says them: "7–8 August 2023", "28 January – 2 February 2024",
/// "2014 – December 2017".
pub fn range(start: PartialDate, end: PartialDate) -> String {
    let (from, sep, to) = range_parts(start, end);
    format!("{from}{sep}{to}")
}

/// [`range`] in its three parts, (start, separator, end), so each date can carry its own
/// `<time datetime>`: `("27", "–", "28 January 2024")`.
pub fn range_parts(start: PartialDate, end: PartialDate) -> (String, &'static str, String) {
    let month = |d: PartialDate| MONTH_NAMES[usize::from(d.month.max(1)) - 1];
    if start.is_full() && end.is_full() && start.year == end.year && start.month == end.month {
        (
            start.day.to_string(),
            "–",
            format!("{} {} {}", end.day, month(end), end.year),
        )
    } else if start.is_full() && end.is_full() && start.year == end.year {
        (
            format!("{} {}", start.day, month(start)),
            " – ",
            format!("{} {} {}", end.day, month(end), end.year),
        )
    } else {
        (start.human(), " – ", end.human())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_precision_and_orders_partial_first() {
        let y = PartialDate::parse("2023").unwrap();
        let ym = PartialDate::parse("2023-03").unwrap();
        let ymd = PartialDate::parse("2023-03-01").unwrap();
        assert!(y < ym && ym < ymd);
        assert_eq!(ym.to_string(), "2023-03");
        assert_eq!(ymd.human(), "1 March 2023");
    }

    #[test]
    fn refuses_impossible_dates() {
        let e = PartialDate::parse("2024-02-30").unwrap_err();
        assert!(e.message.contains("not a real date"), "{e:?}");
        assert_eq!(e.hint, "February 2024 has 29 days");
        assert!(PartialDate::parse("2023-02-29").is_err());
        assert!(PartialDate::parse("2024-13").is_err());
        assert!(PartialDate::parse("24-01-01").is_err());
        assert!(PartialDate::parse("2024/01/01").is_err());
    }

    #[test]
    fn date_ranges_read_naturally() {
        let d = |s| PartialDate::parse(s).unwrap();
        assert_eq!(range(d("2023-08-07"), d("2023-08-08")), "7–8 August 2023");
        assert_eq!(
            range(d("2024-01-28"), d("2024-02-02")),
            "28 January – 2 February 2024"
        );
        assert_eq!(range(d("2014"), d("2017-12")), "2014 – December 2017");
    }
}
