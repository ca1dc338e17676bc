//! The arithmetic of a chart's axes: "nice" number ticks (steps of 1, 2 or 5 times a
//! power of ten), calendar ticks for dates (days, months or years), where a partial
//! date sits on a time axis, and numbers written as readers read them (`170,000`).
//! Pure functions of numbers; no SVG here.

use crate::dates::{PartialDate, MONTH_NAMES};

/// Ticks from at most `lo` to at least `hi`: a 1-2-5 step chosen so there are no more
/// than `max_ticks` intervals. Returns (ticks, step). `lo == hi` widens to one step.
pub fn nice_ticks(lo: f64, hi: f64, max_ticks: usize) -> (Vec<f64>, f64) {
    let (lo, hi) = if hi > lo {
        (lo, hi)
    } else {
        (lo, lo + lo.abs().max(1.0))
    };
    let raw = (hi - lo) / max_ticks.max(1) as f64;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw * (1.0 - 1e-9))
        .unwrap_or(10.0 * magnitude);
    let first = (lo / step + 1e-9).floor() as i64;
    let last = (hi / step - 1e-9).ceil() as i64;
    let ticks = (first..=last).map(|k| k as f64 * step).collect();
    (ticks, step)
}

/// Writes `v` with thousands separators and no more decimals than `step` needs:
/// `170000` → `170,000`, `0.25` with step `0.05` → `0.25`.
pub fn format_number(v: f64, step: Option<f64>) -> String {
    let decimals = match step {
        Some(s) if s > 0.0 && s < 1.0 => (-s.log10().floor()) as usize,
        Some(_) => 0,
        None => {
            let shortest = format!("{v}");
            shortest.split_once('.').map_or(0, |(_, f)| f.len())
        }
    };
    let text = format!("{:.*}", decimals, v.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if v < 0.0 && text.bytes().any(|b| b.is_ascii_digit() && b != b'0') {
        "−"
    } else {
        ""
    };
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{frac}")
    }
}

/// Days since 1970-01-01 of a full date (proleptic Gregorian).
fn day_number(year: i32, month: u8, day: u8) -> i64 {
    // Howard Hinnant's days_from_civil.
    let (y, m) = if month <= 2 {
        (i64::from(year) - 1, i64::from(month) + 9)
    } else {
        (i64::from(year), i64::from(month) - 3)
    };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * m + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Where a date sits on a time axis, in days: a full date at its day, a partial date
/// at the middle of its period (`2024` in early July, `2024-01` on the 16th), so a year's
/// figure is not drawn as if it were counted on 1 January.
pub fn date_position(d: PartialDate) -> f64 {
    match (d.month, d.day) {
        (0, _) => {
            let start = day_number(d.year, 1, 1);
            let end = day_number(d.year + 1, 1, 1);
            (start + end) as f64 / 2.0
        }
        (m, 0) => {
            let start = day_number(d.year, m, 1);
            let (ny, nm) = if m == 12 {
                (d.year + 1, 1)
            } else {
                (d.year, m + 1)
            };
            (start + day_number(ny, nm, 1)) as f64 / 2.0
        }
        (m, day) => day_number(d.year, m, day) as f64,
    }
}

/// A date as a short axis or category label: `2024`, `Jan 2024`, `27 Jan 2024`.
pub fn short_date(d: PartialDate) -> String {
    let month = |m: u8| &MONTH_NAMES[usize::from(m) - 1][..3];
    match (d.month, d.day) {
        (0, _) => d.year.to_string(),
        (m, 0) => format!("{} {}", month(m), d.year),
        (m, day) => format!("{day} {} {}", month(m), d.year),
    }
}

/// Calendar ticks between days `lo` and `hi`: the finest of every 1, 2, 7 or 14 days,
/// 1, 2, 3 or 6 months, or 1, 2, 5, 10, 20, 50 or 100 years that gives at most
/// `max_ticks` ticks. Each is (position in days, label): `label` writes the day, the
/// month or the year (a date of that precision), [`short_date`] in English.
pub fn date_ticks(
    lo: f64,
    hi: f64,
    max_ticks: usize,
    label: &dyn Fn(PartialDate) -> String,
) -> Vec<(f64, String)> {
    let from = civil(lo.ceil() as i64);
    let fits = |t: &Vec<(f64, String)>| t.len() <= max_ticks.max(1);
    for step in [1, 2, 7, 14] {
        let first = lo.ceil() as i64;
        let ticks: Vec<(f64, String)> = (first..=hi.floor() as i64)
            .filter(|d| (d - first) % step == 0)
            .map(|d| {
                let (year, month, day) = civil(d);
                (d as f64, label(PartialDate { year, month, day }))
            })
            .take(max_ticks + 1)
            .collect();
        if fits(&ticks) {
            return ticks;
        }
    }
    for step in [1u8, 2, 3, 6] {
        let mut ticks = vec![];
        let (mut y, mut m) = (from.0, from.1);
        if from.2 != 1 {
            (y, m) = next_month(y, m);
        }
        while (m - 1) % step != 0 {
            (y, m) = next_month(y, m);
        }
        while (day_number(y, m, 1) as f64) <= hi && ticks.len() <= max_ticks {
            let text = label(PartialDate {
                year: y,
                month: m,
                day: 0,
            });
            ticks.push((day_number(y, m, 1) as f64, text));
            for _ in 0..step {
                (y, m) = next_month(y, m);
            }
        }
        if fits(&ticks) {
            return ticks;
        }
    }
    year_ticks(lo, hi, max_ticks, label)
}

fn year_ticks(
    lo: f64,
    hi: f64,
    max_ticks: usize,
    label: &dyn Fn(PartialDate) -> String,
) -> Vec<(f64, String)> {
    let first_year = civil(lo.ceil() as i64).0;
    for step in [1, 2, 5, 10, 20, 50, 100] {
        let mut y = first_year;
        if (day_number(y, 1, 1) as f64) < lo {
            y += 1;
        }
        y = (y + step - 1).div_euclid(step) * step;
        let ticks: Vec<(f64, String)> = (0..)
            .map(|k| y + k * step)
            .take_while(|y| day_number(*y, 1, 1) as f64 <= hi)
            .take(max_ticks + 1)
            .map(|year| {
                let text = label(PartialDate {
                    year,
                    month: 0,
                    day: 0,
                });
                (day_number(year, 1, 1) as f64, text)
            })
            .collect();
        if ticks.len() <= max_ticks {
            return ticks;
        }
    }
    vec![]
}

fn next_month(y: i32, m: u8) -> (i32, u8) {
    if m == 12 {
        (y + 1, 1)
    } else {
        (y, m + 1)
    }
}

/// The date of day number `z` (Howard Hinnant's civil_from_days).
fn civil(z: i64) -> (i32, u8, u8) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let y = (yoe + era * 400 + i64::from(m <= 2)) as i32;
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_ticks_step_by_one_two_or_five() {
        let (t, s) = nice_ticks(0.0, 160.0, 5);
        assert_eq!(s, 50.0);
        assert_eq!(t, [0.0, 50.0, 100.0, 150.0, 200.0]);
        let (t, s) = nice_ticks(0.0, 170_000.0, 5);
        assert_eq!(s, 50_000.0);
        assert_eq!(t.last(), Some(&200_000.0));
        let (t, s) = nice_ticks(0.0, 83.0, 5);
        assert_eq!((s, t.len()), (20.0, 6));
        // 0.2 would need five intervals: the next step of 1-2-5 it is.
        let (_, s) = nice_ticks(0.0, 0.9, 4);
        assert!((s - 0.5).abs() < 1e-12, "{s}");
        let (t, _) = nice_ticks(5.0, 5.0, 5);
        assert!(t.first().unwrap() <= &5.0 && t.last().unwrap() > &5.0);
        let (t, s) = nice_ticks(-12.0, 30.0, 5);
        assert_eq!((s, t[0], *t.last().unwrap()), (10.0, -20.0, 30.0));
    }

    #[test]
    fn numbers_are_grouped_by_thousands() {
        assert_eq!(format_number(170_000.0, None), "170,000");
        assert_eq!(format_number(2500.0, Some(500.0)), "2,500");
        assert_eq!(format_number(0.25, None), "0.25");
        assert_eq!(format_number(0.4, Some(0.2)), "0.4");
        assert_eq!(format_number(-1234.5, None), "−1,234.5");
        assert_eq!(format_number(157.0, None), "157");
    }

    #[test]
    fn dates_sit_on_a_day_axis() {
        assert_eq!(day_number(1970, 1, 1), 0);
        assert_eq!(civil(day_number(2024, 2, 29)), (2024, 2, 29));
        let jan = PartialDate::parse("2024-01").unwrap();
        assert_eq!(date_position(jan), day_number(2024, 1, 1) as f64 + 15.5);
        let ticks = date_ticks(
            date_position(PartialDate::parse("2023-11-14").unwrap()),
            date_position(PartialDate::parse("2024-01-27").unwrap()),
            5,
            &short_date,
        );
        let labels: Vec<&str> = ticks.iter().map(|(_, l)| l.as_str()).collect();
        assert_eq!(labels, ["Dec 2023", "Jan 2024"]);
        let years = date_ticks(
            date_position(PartialDate::parse("2007").unwrap()),
            date_position(PartialDate::parse("2026-01").unwrap()),
            5,
            &short_date,
        );
        let labels: Vec<&str> = years.iter().map(|(_, l)| l.as_str()).collect();
        assert_eq!(labels, ["2010", "2015", "2020", "2025"]);
    }
}
