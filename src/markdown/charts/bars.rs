//! Bar and column charts: one category per row, the bars of a category side by side
//! (only the series with a value there, centred), values written on the bars where
//! they fit. The axes and shapes they share with line charts are `draw`'s.

use super::draw::{
    bar_rect, linear, n, text_width, thinned, value_ticks, x_axis, y_axis, Spec, PLOT_HEIGHT, WIDTH,
};
use crate::html::escape_text as escape;

/// The bars of one category: the series with a value there, side by side and centred
/// on `centre` (a series without a value leaves no gap). Each is (series, value, offset).
fn present(spec: &Spec<'_>, row: usize, slot: f64) -> Vec<(usize, f64, f64)> {
    let values: Vec<(usize, f64)> = spec
        .series
        .iter()
        .enumerate()
        .filter_map(|(i, s)| s.values[row].map(|v| (i + 1, v)))
        .collect();
    let start = -(values.len() as f64) * slot / 2.0;
    values
        .into_iter()
        .enumerate()
        .map(|(k, (i, v))| (i, v, start + k as f64 * slot))
        .collect()
}

/// Labels of bar values, when every one fits in `room`.
fn value_labels_fit(spec: &Spec<'_>, room: f64) -> bool {
    spec.series
        .iter()
        .flat_map(|s| s.values.iter().flatten())
        .all(|v| text_width(&spec.number(*v, None)) <= room)
}

/// A column chart (vertical bars); returns the SVG's height.
pub(super) fn columns(spec: &Spec<'_>, top: f64, out: &mut String) -> f64 {
    let base = top + PLOT_HEIGHT;
    let right = WIDTH - 8.0;
    let (ticks, step) = value_ticks(spec, 5);
    let (t0, t1) = (ticks[0], *ticks.last().unwrap_or(&1.0));
    let y = linear(t0, t1, base, top);
    let left = y_axis(spec, out, &ticks, step, &y, right);
    let rows = spec.categories.len().max(1);
    let band = (right - left) / rows as f64;
    let most = (0..rows)
        .map(|r| present(spec, r, 1.0).len())
        .max()
        .unwrap_or(1)
        .max(1);
    let slot = band * 0.8 / most as f64;
    let labelled = value_labels_fit(spec, slot + band * 0.2);
    let centres: Vec<f64> = (0..rows).map(|i| left + band * (i as f64 + 0.5)).collect();
    out.push_str("<g class=\"chart-series\">\n");
    for (r, centre) in centres.iter().enumerate() {
        for (i, v, offset) in present(spec, r, slot) {
            let (y0, y1) = (y(0.0), y(v));
            out.push_str(&bar_rect(
                spec,
                i,
                centre + offset,
                y0.min(y1),
                slot - 1.0,
                (y1 - y0).abs(),
            ));
            if labelled {
                out.push_str(&format!(
                    "<text class=\"chart-value\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                    n(centre + offset + slot / 2.0),
                    n(y0.min(y1) - 4.0),
                    spec.number(v, None)
                ));
            }
        }
        out.push('\n');
    }
    out.push_str("</g>\n");
    let x_ticks = thinned(&spec.categories, &centres, band);
    x_axis(out, &x_ticks, left, right, base, spec.x_label);
    base + 52.0
}

/// A bar chart (horizontal bars, one row per category, labelled with its value);
/// returns the SVG's height.
pub(super) fn bars_horizontal(spec: &Spec<'_>, top: f64, out: &mut String) -> f64 {
    let rows = spec.categories.len().max(1);
    let most = (0..rows)
        .map(|r| present(spec, r, 1.0).len())
        .max()
        .unwrap_or(1)
        .max(1);
    let slot = 16.0;
    let band = slot * most as f64 + 12.0;
    let left = spec
        .categories
        .iter()
        .map(|c| text_width(c))
        .fold(0.0, f64::max)
        .min(WIDTH * 0.4)
        + 10.0;
    let widest_value = spec
        .series
        .iter()
        .flat_map(|s| s.values.iter().flatten())
        .map(|v| text_width(&spec.number(*v, None)))
        .fold(0.0, f64::max);
    let right = WIDTH - widest_value - 10.0;
    let base = top + band * rows as f64;
    let max_ticks = ((right - left) / 70.0).floor().max(2.0) as usize;
    let (ticks, step) = value_ticks(spec, max_ticks);
    let (t0, t1) = (ticks[0], *ticks.last().unwrap_or(&1.0));
    let x = linear(t0, t1, left, right);
    out.push_str("<g class=\"chart-y\">\n");
    for t in &ticks {
        out.push_str(&format!(
            "<path class=\"chart-grid\" d=\"M{} {}V{}\"/>",
            n(x(*t)),
            n(top),
            n(base)
        ));
    }
    out.push_str("\n</g>\n");
    bar_rows(spec, (top, band, slot), &x, left, out);
    let labels: Vec<(f64, String)> = ticks
        .iter()
        .map(|t| (x(*t), spec.number(*t, Some(step))))
        .collect();
    x_axis(out, &labels, left, right, base, &value_title(spec));
    base + 52.0
}

/// The rows of a bar chart: each category's label, its bars and their values.
fn bar_rows(
    spec: &Spec<'_>,
    (top, band, slot): (f64, f64, f64),
    x: &dyn Fn(f64) -> f64,
    left: f64,
    out: &mut String,
) {
    out.push_str("<g class=\"chart-series\">\n");
    for (r, label) in spec.categories.iter().enumerate() {
        let centre = top + band * (r as f64 + 0.5);
        out.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            n(left - 8.0),
            n(centre + 5.0),
            escape(label)
        ));
        for (i, v, offset) in present(spec, r, slot) {
            let (x0, x1) = (x(0.0), x(v));
            out.push_str(&bar_rect(
                spec,
                i,
                x0.min(x1),
                centre + offset,
                (x1 - x0).abs(),
                slot - 2.0,
            ));
            out.push_str(&format!(
                "<text class=\"chart-value\" x=\"{}\" y=\"{}\">{}</text>",
                n(x0.max(x1) + 4.0),
                n(centre + offset + slot / 2.0 + 4.0),
                spec.number(v, None)
            ));
        }
        out.push('\n');
    }
    out.push_str("</g>\n");
}

/// A bar chart's value axis title: the series' label when there is one series.
fn value_title(spec: &Spec<'_>) -> String {
    match spec.series.as_slice() {
        [one] => one.label.clone(),
        _ => String::new(),
    }
}
