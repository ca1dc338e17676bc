//! Dates and numbers from ICU4X's compiled CLDR data: month names per locale (`ar-IQ`'s
//! كانون الثاني, `ar`'s يناير), the order of day, month and year, and the digits
//! (`-u-nu-arab` or `-u-nu-latn` added to the locale when an edition chooses).

use fluent_bundle::FluentValue;
use icu_calendar::cal::Gregorian;
use icu_calendar::Date;
use icu_datetime::fieldsets::{MD, Y, YM, YMD};
use icu_datetime::FixedCalendarDateTimeFormatter;
use icu_decimal::input::Decimal;
use icu_decimal::DecimalFormatter;
use icu_locale_core::Locale;

use crate::dates::PartialDate;
use crate::parse::config::Digits;

/// The formatters of one edition.
pub struct DateFormat {
    english: bool,
    day: Option<FixedCalendarDateTimeFormatter<Gregorian, YMD>>,
    month: Option<FixedCalendarDateTimeFormatter<Gregorian, YM>>,
    year: Option<FixedCalendarDateTimeFormatter<Gregorian, Y>>,
    day_month: Option<FixedCalendarDateTimeFormatter<Gregorian, MD>>,
    numbers: Option<DecimalFormatter>,
}

/// `tag` with the numbering system the edition asks for.
fn locale(tag: &str, digits: Digits) -> Locale {
    let nu = match digits {
        Digits::Locale => "",
        Digits::Latin => "-u-nu-latn",
        Digits::ArabicIndic => "-u-nu-arab",
    };
    format!("{tag}{nu}")
        .parse()
        .or_else(|_| tag.parse())
        .unwrap_or_else(|_| "en".parse().expect("`en` is a locale"))
}

impl DateFormat {
    pub fn new(tag: &str, digits: Digits) -> DateFormat {
        let loc = locale(tag, digits);
        let english = loc.id.language.as_str() == "en";
        DateFormat {
            english,
            day: FixedCalendarDateTimeFormatter::try_new((&loc).into(), YMD::long()).ok(),
            month: FixedCalendarDateTimeFormatter::try_new((&loc).into(), YM::long()).ok(),
            year: FixedCalendarDateTimeFormatter::try_new((&loc).into(), Y::long()).ok(),
            day_month: FixedCalendarDateTimeFormatter::try_new((&loc).into(), MD::long()).ok(),
            numbers: DecimalFormatter::try_new((&loc).into(), Default::default()).ok(),
        }
    }

    /// English dates keep Dossier's own "27 January 2024" (CLDR's `en` writes
    /// "January 27, 2024"), so the original edition reads as it always did.
    pub fn is_english(&self) -> bool {
        self.english
    }

    pub fn date(&self, d: PartialDate) -> String {
        if self.english {
            return d.human();
        }
        let full = d.first_day();
        let Ok(date) = Date::try_new_gregorian(full.year, full.month, full.day) else {
            return d.human();
        };
        let out = match (d.month, d.day) {
            (0, _) => self.year.as_ref().map(|f| f.format(&date).to_string()),
            (_, 0) => self.month.as_ref().map(|f| f.format(&date).to_string()),
            _ => self.day.as_ref().map(|f| f.format(&date).to_string()),
        };
        out.unwrap_or_else(|| d.human())
    }

    /// A full date without its year ("٢٨ كانون الثاني"), for the start of a range.
    pub fn day_month(&self, d: PartialDate) -> String {
        let f = self.day_month.as_ref();
        match (f, Date::try_new_gregorian(d.year, d.month, d.day)) {
            (Some(f), Ok(date)) if d.is_full() => f.format(&date).to_string(),
            _ => self.date(d),
        }
    }

    pub fn number(&self, n: i64) -> String {
        match &self.numbers {
            Some(f) => f.format(&Decimal::from(n)).to_string(),
            None => n.to_string(),
        }
    }
}

/// Fluent's number formatter for editions that write Arabic-Indic digits.
pub fn arab_numbers<M>(v: &FluentValue<'_>, _: &M) -> Option<String> {
    with_digits(v, Digits::ArabicIndic)
}

/// … and Latin digits.
pub fn latn_numbers<M>(v: &FluentValue<'_>, _: &M) -> Option<String> {
    with_digits(v, Digits::Latin)
}

fn with_digits(v: &FluentValue<'_>, digits: Digits) -> Option<String> {
    let FluentValue::Number(n) = v else {
        return None;
    };
    if n.value.fract() != 0.0 {
        return None;
    }
    // Only the digits differ between these two; the language is irrelevant here.
    let f = DecimalFormatter::try_new((&locale("ar", digits)).into(), Default::default()).ok()?;
    // Whole numbers only reach here (counts); the cast cannot lose a digit.
    #[allow(clippy::cast_possible_truncation)]
    let whole = n.value as i64;
    Some(f.format(&Decimal::from(whole)).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> PartialDate {
        PartialDate::parse(s).unwrap()
    }

    #[test]
    fn iraqi_month_names_for_ar_iq_standard_ones_for_ar() {
        let iq = DateFormat::new("ar-IQ", Digits::Latin);
        assert_eq!(iq.date(d("2024-01")), "كانون الثاني 2024");
        assert!(
            iq.date(d("2024-01-27")).contains("كانون الثاني"),
            "{}",
            iq.date(d("2024-01-27"))
        );
        assert_eq!(iq.date(d("2024")), "2024");
        assert_eq!(iq.day_month(d("2024-01-28")), "28 كانون الثاني");
        let ar = DateFormat::new("ar", Digits::Latin);
        assert!(
            ar.date(d("2024-01")).contains("يناير"),
            "{}",
            ar.date(d("2024-01"))
        );
    }

    #[test]
    fn arabic_indic_digits_on_request() {
        let iq = DateFormat::new("ar-IQ", Digits::ArabicIndic);
        assert_eq!(iq.date(d("2024-01")), "كانون الثاني ٢٠٢٤");
        assert_eq!(iq.number(2024), "٢٬٠٢٤");
        assert_eq!(DateFormat::new("ar-IQ", Digits::Latin).number(12), "12");
        assert_eq!(
            DateFormat::new("en", Digits::Locale).date(d("2024-01-27")),
            "27 January 2024"
        );
    }
}
