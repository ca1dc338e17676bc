//! The SVG of a map: water, land and borders (clipped to the frame), the areas of
//! regions, numbered markers (links to events where given) and labels that never
//! overlap. Classes, not colours: the stylesheet colours maps for light, dark and print.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::{Arc, LazyLock, Mutex};

use super::basemap::BASEMAP;
use super::clip::{basemap_paths, num};
use super::labels::{self, Wanted};
use super::projection::{Frame, GeoBox, Rect};
use super::{marker_radius, published_position, Pin, MIN_SPAN, WIDTH};
use crate::html::{escape_attr, escape_text};
use crate::parse::frontmatter::Precision;

const LABEL_SIZE: f64 = 12.0;

/// A map on its own, with its basemap inside.
pub fn draw(title: &str, pins: &[Pin]) -> String {
    let frame = fit(pins);
    let mut out = open(title, &frame_box(&frame));
    base(&mut out, &frame, None);
    markers(&mut out, &frame, pins, 1.0, true);
    out.push_str("</svg>");
    out
}

/// The timeline's overview map, whose basemap its events' locator maps reuse.
pub struct Overview {
    pub svg: String,
    frame: Frame,
    base_id: String,
}

pub fn draw_overview(id: &str, title: &str, pins: &[Pin]) -> Overview {
    let frame = fit(pins);
    let base_id = format!("{id}-base");
    let mut out = open(title, &frame_box(&frame));
    base(&mut out, &frame, Some(&base_id));
    markers(&mut out, &frame, pins, 1.0, true);
    out.push_str("</svg>");
    Overview {
        svg: out,
        frame,
        base_id,
    }
}

/// A small map of `pins` (places of the overview) cut from the overview's frame: the
/// land is the overview's, by reference, so it costs a few hundred bytes.
pub fn draw_locator(overview: &Overview, title: &str, pins: &[Pin]) -> String {
    let f = &overview.frame;
    let mut b = Rect {
        x0: f64::INFINITY,
        y0: f64::INFINITY,
        x1: f64::NEG_INFINITY,
        y1: f64::NEG_INFINITY,
    };
    for p in pins {
        let (lon, lat) = published_position(p.place);
        let (x, y) = f.project(lon, lat);
        let r = p.place.radius_km.map_or(0.0, |km| f.km(km));
        b = Rect {
            x0: b.x0.min(x - r),
            y0: b.y0.min(y - r),
            x1: b.x1.max(x + r),
            y1: b.y1.max(y + r),
        };
    }
    // At least a third of the overview wide, 4:3, inside the overview.
    let w = ((b.x1 - b.x0) * 1.4).max(f.width / 3.0).min(f.width);
    let h = (w * 0.75).max((b.y1 - b.y0) * 1.4).min(f.height);
    let w = w.max(h / 0.75).min(f.width);
    let x = (f64::midpoint(b.x0, b.x1) - w / 2.0).clamp(0.0, f.width - w);
    let y = (f64::midpoint(b.y0, b.y1) - h / 2.0).clamp(0.0, f.height - h);
    let view = format!("{} {} {} {}", num(x), num(y), num(w), num(h));
    let mut out = open(title, &view);
    let _ = write!(
        out,
        "<use href=\"#{}\" aria-hidden=\"true\"/>",
        overview.base_id
    );
    markers(&mut out, f, pins, w / WIDTH * 1.6, false);
    out.push_str("</svg>");
    out
}

fn frame_box(f: &Frame) -> String {
    format!("0 0 {} {}", num(f.width), num(f.height))
}

fn fit(pins: &[Pin]) -> Frame {
    let mut b = GeoBox::EMPTY;
    for p in pins {
        let (lon, lat) = published_position(p.place);
        match p.place.radius_km {
            Some(km) => b.extend_circle(lon, lat, km),
            None => b.extend(lon, lat),
        }
    }
    if b.is_empty() {
        b.extend(0.0, 0.0);
    }
    Frame::fit(b, WIDTH, MIN_SPAN)
}

/// The map's `<svg>`, named by its `<title>` (the name of an SVG element is its title
/// child's text: no id to point at it, which cost a locator map a hundred bytes).
/// The water is the stylesheet's background of the `<svg>`, not a rectangle of its own.
fn open(title: &str, view_box: &str) -> String {
    format!(
        "<svg class=\"map-svg\" viewBox=\"{view_box}\" role=\"group\"><title>{}</title>",
        escape_text(title)
    )
}

/// Land and borders (the water is the `<svg>`'s background); `id` names the group for
/// locator maps to reuse.
fn base(out: &mut String, frame: &Frame, id: Option<&str>) {
    let (land, borders) = &*cached_paths(frame);
    let id = id
        .map(|i| format!(" id=\"{}\"", escape_attr(i)))
        .unwrap_or_default();
    let _ = write!(
        out,
        "<g{id} aria-hidden=\"true\"><path class=\"map-land\" d=\"{land}\"/><path class=\"map-border\" d=\"{borders}\"/></g>",
    );
}

/// The basemap cut to a frame, kept for the next map of the same frame (a site's maps
/// of the same places, a rebuild in `serve`). A handful of frames per site; the memo is
/// emptied when it passes a few hundred.
fn cached_paths(frame: &Frame) -> Arc<(String, String)> {
    type PathMemo = Mutex<BTreeMap<[u64; 6], Arc<(String, String)>>>;
    static MEMO: LazyLock<PathMemo> = LazyLock::new(Mutex::default);
    let g = frame.geo;
    let key = [g.west, g.south, g.east, g.north, frame.width, frame.height].map(f64::to_bits);
    if let Some(hit) = MEMO.lock().ok().and_then(|m| m.get(&key).cloned()) {
        return hit;
    }
    // Fine enough for locator maps zoomed three times into the overview's land.
    let paths = Arc::new(basemap_paths(&BASEMAP, frame, 0.3));
    if let Ok(mut m) = MEMO.lock() {
        if m.len() > 256 {
            m.clear();
        }
        m.insert(key, paths.clone());
    }
    paths
}

/// Regions' areas and the markers, then (if `labelled`) the labels; `scale` sizes
/// markers for a zoomed view box.
fn markers(out: &mut String, frame: &Frame, pins: &[Pin], scale: f64, labelled: bool) {
    let mut wanted = Vec::with_capacity(pins.len());
    out.push_str("<g class=\"map-places\">");
    for p in pins {
        let (lon, lat) = published_position(p.place);
        let (x, y) = frame.project(lon, lat);
        let radius = marker(out, frame, p, (x, y), scale);
        wanted.push(Wanted {
            x,
            y,
            radius,
            width: labels::text_width(&p.place.name, LABEL_SIZE),
            height: LABEL_SIZE + 2.0,
        });
    }
    out.push_str("</g>");
    if labelled {
        write_labels(out, frame, pins, &wanted);
    }
}

/// One place at `(x, y)`: a region's area, or a numbered marker (a link where the pin
/// has one). Returns the radius labels keep clear of.
fn marker(out: &mut String, frame: &Frame, p: &Pin, (x, y): (f64, f64), scale: f64) -> f64 {
    let (cx, cy) = (num(x), num(y));
    let n = p.number;
    let name = escape_attr(&p.place.name);
    let (open, close) = match &p.href {
        Some(h) => (
            format!("<a href=\"{}\" aria-label=\"{n}: {name}\">", escape_attr(h)),
            "</a>",
        ),
        None => ("<g aria-hidden=\"true\">".to_string(), "</g>"),
    };
    out.push_str(&open);
    if p.place.precision == Precision::Region {
        let area = frame.km(p.place.radius_km.unwrap_or(0.0));
        let _ = write!(
            out,
            "<circle class=\"map-area\" cx=\"{cx}\" cy=\"{cy}\" r=\"{}\"/>{close}",
            num(area)
        );
        // The number, haloed, outside the link: a link's visible text must be part of
        // its name, and the halo's copy would make it "11" (axe: label-content-name-mismatch).
        let size = num(9.0 * scale);
        out.push_str("<g aria-hidden=\"true\">");
        for class in ["map-number map-halo", "map-number map-number-area"] {
            let _ = write!(
                out,
                "<text class=\"{class}\" x=\"{cx}\" y=\"{cy}\" font-size=\"{size}\">{n}</text>",
            );
        }
        out.push_str("</g>");
        return 5.0 * scale;
    }
    let r = marker_radius(p.place.precision) * scale;
    let class = p.place.precision.as_str();
    let _ = write!(
        out,
        "<circle class=\"map-marker map-{class}\" cx=\"{cx}\" cy=\"{cy}\" r=\"{}\"/><text class=\"map-number\" x=\"{cx}\" y=\"{cy}\" font-size=\"{}\">{n}</text>{close}",
        num(r),
        num(if n > 9 { 7.5 } else { 9.0 } * scale)
    );
    r
}

fn write_labels(out: &mut String, frame: &Frame, pins: &[Pin], wanted: &[Wanted]) {
    out.push_str("<g class=\"map-labels\" aria-hidden=\"true\">");
    for (p, r) in pins.iter().zip(labels::place(wanted, &frame.rect())) {
        if let Some(r) = r {
            // The text's baseline sits a quarter of the box above its bottom.
            let (x, y, name) = (num(r.x0 + 1.0), num(r.y1 - 3.5), escape_text(&p.place.name));
            for class in ["map-label map-halo", "map-label"] {
                let _ = write!(
                    out,
                    "<text class=\"{class}\" x=\"{x}\" y=\"{y}\">{name}</text>"
                );
            }
        }
    }
    out.push_str("</g>");
}
