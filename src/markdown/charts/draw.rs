//! A chart as inline SVG, drawn at build time from plain numbers: axes with nice ticks
//! and their labels, gridlines, one line (with its own dash and marker shape) or one
//! set of bars (solid, then hatched) per series, a legend only when there is more than
//! one series, `<title>` and `<desc>` for assistive technology. Colours are CSS custom
//! properties (`--chart-1`…, set for light, dark and print in `components.css`), so the
//! SVG itself carries none. The viewBox is narrow (420 units) with 14-unit text, so the
//! chart scales down to a phone's width and stays readable.
//!
//! Same input, same bytes: coordinates are written with one decimal.

use super::bars;
use super::scale::{date_ticks, format_number, nice_ticks};
use crate::dates::PartialDate;
use crate::html::escape_text as escape;
use crate::model::strings::Strings;
use crate::parse::components::ChartKind;

/// The viewBox's width; the text's size in its units.
pub(super) const WIDTH: f64 = 420.0;
pub(super) const FONT: f64 = 14.0;
/// The plot area's height for line and column charts.
pub(super) const PLOT_HEIGHT: f64 = 180.0;
/// Most series a chart may have: each needs its own colour, dash and marker.
pub const MAX_SERIES: usize = 6;

/// Where each row sits on the x axis of a line chart.
pub enum XAxis {
    /// Days (see `scale::date_position`).
    Time(Vec<f64>),
    Numeric(Vec<f64>),
    /// Evenly spaced, in row order.
    Categories,
}

pub struct Series {
    pub label: String,
    /// One per row; `None` for an empty cell.
    pub values: Vec<Option<f64>>,
}

/// What to draw. `categories` are the rows' x values as readers read them (labels of
/// bars, columns and category axes).
pub struct Spec<'a> {
    pub id: &'a str,
    pub kind: ChartKind,
    pub title: &'a str,
    pub alt: &'a str,
    pub x_label: &'a str,
    pub x: XAxis,
    pub categories: Vec<String>,
    pub series: Vec<Series>,
    /// The edition's dates and digits.
    pub strings: &'a Strings,
}

impl Spec<'_> {
    /// A number as the edition writes it: grouped, in its digits.
    pub(super) fn number(&self, v: f64, step: Option<f64>) -> String {
        self.strings.digits(&format_number(v, step))
    }

    /// A date as an axis label (see [`super::date_label`]).
    fn date_label(&self, d: PartialDate) -> String {
        super::date_label(self.strings, d)
    }
}

/// One decimal, no trailing `.0`: deterministic and short.
pub(super) fn n(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

/// A text's width in viewBox units, estimated (no font metrics at build time).
pub(super) fn text_width(s: &str) -> f64 {
    s.chars().count() as f64 * FONT * 0.58
}

/// The whole `<svg>` element.
pub fn svg(spec: &Spec<'_>) -> String {
    let legend = Legend::new(spec);
    // A bar chart's values run along the bottom axis, titled there.
    let y_title = (spec.series.len() == 1 && spec.kind != ChartKind::Bar)
        .then(|| spec.series[0].label.as_str());
    let top = 6.0 + legend.height + if y_title.is_some() { 22.0 } else { 0.0 } + 8.0;
    let mut body = String::new();
    let height = match spec.kind {
        ChartKind::Bar => bars::bars_horizontal(spec, top, &mut body),
        ChartKind::Column => bars::columns(spec, top, &mut body),
        ChartKind::Line => lines(spec, top, &mut body),
    };
    let mut out = format!(
        "<svg class=\"chart-svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" font-size=\"{FONT}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\">\n<title id=\"{id}-title\">{title}</title>\n<desc id=\"{id}-desc\">{alt}</desc>\n",
        w = n(WIDTH),
        h = n(height),
        id = spec.id,
        title = escape(spec.title),
        alt = escape(spec.alt),
    );
    out.push_str(&patterns(spec));
    out.push_str(&legend.svg(spec, 6.0));
    if let Some(t) = y_title {
        out.push_str(&format!(
            "<text class=\"chart-axis-title\" x=\"0\" y=\"{}\">{}</text>\n",
            n(6.0 + legend.height + 14.0),
            escape(t)
        ));
    }
    out.push_str(&body);
    out.push_str("</svg>");
    out
}

/// Hatching for the bars of the second series on: bars differ by more than colour.
fn patterns(spec: &Spec<'_>) -> String {
    if spec.kind == ChartKind::Line || spec.series.len() < 2 {
        return String::new();
    }
    let mut out = String::from("<defs>");
    for i in 1..spec.series.len() {
        let angle = [45, -45, 0, 90, 30][(i - 1) % 5];
        out.push_str(&format!(
            "<pattern id=\"{}-p{}\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate({angle})\"><path class=\"chart-hatch s{}\" d=\"M0 0V6\"/></pattern>",
            spec.id,
            i + 1,
            i + 1
        ));
    }
    out.push_str("</defs>\n");
    out
}

/// The swatch of series `i` (1-based): a bar's fill, or a line with its marker.
fn swatch(spec: &Spec<'_>, i: usize, x: f64, y: f64) -> String {
    if spec.kind == ChartKind::Line {
        format!(
            "<path class=\"chart-line s{i}\" d=\"M{} {}H{}\"/>{}",
            n(x),
            n(y),
            n(x + 24.0),
            marker(i, x + 12.0, y)
        )
    } else {
        bar_rect(spec, i, x + 4.0, y - 7.0, 16.0, 14.0)
    }
}

struct Legend {
    /// (label, x, row) per series.
    items: Vec<(String, f64, usize)>,
    height: f64,
}

impl Legend {
    fn new(spec: &Spec<'_>) -> Legend {
        if spec.series.len() < 2 {
            return Legend {
                items: vec![],
                height: 0.0,
            };
        }
        let (mut x, mut row, mut items) = (0.0, 0, vec![]);
        for s in &spec.series {
            let w = 30.0 + text_width(&s.label) + 16.0;
            if x > 0.0 && x + w > WIDTH {
                (x, row) = (0.0, row + 1);
            }
            items.push((s.label.clone(), x, row));
            x += w;
        }
        let rows = row + 1;
        Legend {
            items,
            height: rows as f64 * 22.0 + 4.0,
        }
    }

    fn svg(&self, spec: &Spec<'_>, top: f64) -> String {
        if self.items.is_empty() {
            return String::new();
        }
        let mut out = String::from("<g class=\"chart-legend\">\n");
        for (i, (label, x, row)) in self.items.iter().enumerate() {
            let y = top + 11.0 + *row as f64 * 22.0;
            out.push_str(&swatch(spec, i + 1, *x, y));
            out.push_str(&format!(
                "<text x=\"{}\" y=\"{}\">{}</text>\n",
                n(x + 30.0),
                n(y + 5.0),
                escape(label)
            ));
        }
        out.push_str("</g>\n");
        out
    }
}

/// The marker of series `i` (1-based) at (x, y): circle, square, triangle, diamond,
/// down-triangle, cross, in that order.
fn marker(i: usize, x: f64, y: f64) -> String {
    let d = match (i - 1) % MAX_SERIES {
        0 => {
            return format!(
                "<circle class=\"chart-marker s{i}\" cx=\"{}\" cy=\"{}\" r=\"4\"/>",
                n(x),
                n(y)
            )
        }
        1 => format!("M{} {}h7v7h-7z", n(x - 3.5), n(y - 3.5)),
        2 => format!("M{} {}l4.5 8h-9z", n(x), n(y - 5.0)),
        3 => format!("M{} {}l5 5-5 5-5-5z", n(x), n(y - 5.0)),
        4 => format!("M{} {}l4.5-8h-9z", n(x), n(y + 5.0)),
        _ => format!("M{} {}l8 8m0-8l-8 8", n(x - 4.0), n(y - 4.0)),
    };
    format!("<path class=\"chart-marker s{i}\" d=\"{d}\"/>")
}

/// A bar of series `i` (1-based): the first solid, the others hatched and outlined.
pub(super) fn bar_rect(spec: &Spec<'_>, i: usize, x: f64, y: f64, w: f64, h: f64) -> String {
    let (class, fill) = if i == 1 {
        ("chart-bar", String::new())
    } else {
        (
            "chart-bar-hatched",
            format!(" fill=\"url(#{}-p{i})\"", spec.id),
        )
    };
    format!(
        "<rect class=\"{class} s{i}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"{fill}/>",
        n(x),
        n(y),
        n(w.max(0.0)),
        n(h.max(0.0))
    )
}

/// The value axis: its extent (zero always in it) and ticks.
pub(super) fn value_ticks(spec: &Spec<'_>, max_ticks: usize) -> (Vec<f64>, f64) {
    let values = spec.series.iter().flat_map(|s| s.values.iter().flatten());
    let (lo, hi) = values.fold((0.0f64, 0.0f64), |(lo, hi), v| (lo.min(*v), hi.max(*v)));
    nice_ticks(lo, hi, max_ticks)
}

/// A linear map from [d0, d1] onto [r0, r1].
pub(super) fn linear(d0: f64, d1: f64, r0: f64, r1: f64) -> impl Fn(f64) -> f64 {
    let span = if d1 > d0 { d1 - d0 } else { 1.0 };
    move |v| r0 + (v - d0) / span * (r1 - r0)
}

/// Horizontal gridlines and labels of a vertical value axis; returns the left edge.
pub(super) fn y_axis(
    spec: &Spec<'_>,
    out: &mut String,
    ticks: &[f64],
    step: f64,
    y: &dyn Fn(f64) -> f64,
    right: f64,
) -> f64 {
    let labels: Vec<String> = ticks.iter().map(|t| spec.number(*t, Some(step))).collect();
    let left = labels.iter().map(|l| text_width(l)).fold(0.0, f64::max) + 8.0;
    out.push_str("<g class=\"chart-y\">\n");
    for (t, label) in ticks.iter().zip(&labels) {
        out.push_str(&format!(
            "<path class=\"chart-grid\" d=\"M{} {}H{}\"/><text x=\"{}\" y=\"{}\" text-anchor=\"end\">{label}</text>\n",
            n(left),
            n(y(*t)),
            n(right),
            n(left - 6.0),
            n(y(*t) + 5.0)
        ));
    }
    out.push_str("</g>\n");
    left
}

/// The x axis's line, tick marks and labels (`ticks`: position, label), and its title.
pub(super) fn x_axis(
    out: &mut String,
    ticks: &[(f64, String)],
    left: f64,
    right: f64,
    base: f64,
    title: &str,
) {
    out.push_str(&format!(
        "<g class=\"chart-x\">\n<path class=\"chart-axis\" d=\"M{} {}H{}\"/>\n",
        n(left),
        n(base),
        n(right)
    ));
    for (x, label) in ticks {
        out.push_str(&format!(
            "<path class=\"chart-axis\" d=\"M{x} {}v5\"/><text x=\"{x}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n",
            n(base),
            n(base + 20.0),
            escape(label),
            x = n(*x)
        ));
    }
    out.push_str(&format!(
        "<text class=\"chart-axis-title\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n</g>\n",
        n((left + right) / 2.0),
        n(base + 42.0),
        escape(title)
    ));
}

/// Category labels that fit: every k-th, so that none overlaps the next.
pub(super) fn thinned(labels: &[String], centres: &[f64], band: f64) -> Vec<(f64, String)> {
    let widest = labels.iter().map(|l| text_width(l)).fold(0.0, f64::max) + 8.0;
    let every = (widest / band.max(1.0)).ceil().max(1.0) as usize;
    labels
        .iter()
        .zip(centres)
        .enumerate()
        .filter(|(i, _)| i % every == 0)
        .map(|(_, (l, c))| (*c, l.clone()))
        .collect()
}

/// A line chart; returns the SVG's height.
fn lines(spec: &Spec<'_>, top: f64, out: &mut String) -> f64 {
    let base = top + PLOT_HEIGHT;
    let right = WIDTH - 30.0;
    let (ticks, step) = value_ticks(spec, 5);
    let (t0, t1) = (ticks[0], *ticks.last().unwrap_or(&1.0));
    let y = linear(t0, t1, base, top);
    let left = y_axis(spec, out, &ticks, step, &y, right);
    let rows = spec.categories.len();
    let (positions, x_ticks): (Vec<f64>, Vec<(f64, String)>) = match &spec.x {
        XAxis::Time(days) | XAxis::Numeric(days) => {
            let lo = days.iter().copied().fold(f64::INFINITY, f64::min);
            let hi = days.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let (lo, hi) = if hi > lo {
                (lo, hi)
            } else {
                (lo - 15.0, hi + 15.0)
            };
            let max_ticks = ((right - left) / 80.0).floor() as usize;
            let ticks: Vec<(f64, String)> = if matches!(spec.x, XAxis::Time(_)) {
                time_ticks(spec, (lo, hi), max_ticks, right - left)
            } else {
                let (t, s) = nice_ticks(lo, hi, max_ticks);
                t.into_iter()
                    .filter(|v| *v >= lo && *v <= hi)
                    .map(|v| (v, spec.number(v, Some(s))))
                    .collect()
            };
            let x = linear(lo, hi, left + 8.0, right);
            let ticks = ticks.into_iter().map(|(d, l)| (x(d), l)).collect();
            (days.iter().map(|d| x(*d)).collect(), ticks)
        }
        XAxis::Categories => {
            let band = (right - left) / rows.max(1) as f64;
            let centres: Vec<f64> = (0..rows).map(|i| left + band * (i as f64 + 0.5)).collect();
            let ticks = thinned(&spec.categories, &centres, band);
            (centres, ticks)
        }
    };
    x_axis(out, &x_ticks, left, right, base, spec.x_label);
    for (i, s) in spec.series.iter().enumerate() {
        out.push_str(&series_line(i + 1, s, &positions, &y));
    }
    base + 52.0
}

/// The ticks of a time axis `width` wide: at most `max_ticks`, and fewer where the
/// labels are wider than the room each has (an Arabic month's name is written whole).
fn time_ticks(
    spec: &Spec<'_>,
    (lo, hi): (f64, f64),
    max_ticks: usize,
    width: f64,
) -> Vec<(f64, String)> {
    let mut max = max_ticks;
    loop {
        let ticks = date_ticks(lo, hi, max, &|d| spec.date_label(d));
        let widest = ticks.iter().map(|(_, l)| text_width(l)).fold(0.0, f64::max);
        if max <= 1 || widest + 8.0 <= width / ticks.len().max(1) as f64 {
            return ticks;
        }
        max -= 1;
    }
}

/// One series of a line chart: its line and its markers. An empty cell draws no
/// marker, and the line joins the values on either side: figures reported on some
/// dates only still read as one series.
fn series_line(i: usize, s: &Series, xs: &[f64], y: &dyn Fn(f64) -> f64) -> String {
    let mut d = String::new();
    let mut markers = String::new();
    let mut pen_down = false;
    // Left to right, whatever the CSV's row order.
    let mut points: Vec<(&f64, &Option<f64>)> = xs.iter().zip(&s.values).collect();
    points.sort_by(|a, b| a.0.total_cmp(b.0));
    for (x, v) in points {
        if let Some(v) = v {
            d.push_str(&format!(
                "{}{} {}",
                if pen_down { "L" } else { "M" },
                n(*x),
                n(y(*v))
            ));
            markers.push_str(&marker(i, *x, y(*v)));
            pen_down = true;
        }
    }
    format!("<g class=\"chart-series\">\n<path class=\"chart-line s{i}\" d=\"{d}\"/>\n{markers}\n</g>\n")
}
