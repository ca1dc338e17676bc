//! The basemap cut to a map's frame: land rings clipped as polygons (so they still fill),
//! borders as lines, points closer than a tolerance to the last one kept dropped, and
//! everything written as SVG path data with one decimal.

use std::fmt::Write;

use super::basemap::{Line, LineKind};
use super::projection::{Frame, GeoBox, Rect};

/// Path data of the land and of the borders inside `frame`, from `lines`; `tolerance`
/// is the least distance, in user units, between two points kept.
pub fn basemap_paths(lines: &[Line], frame: &Frame, tolerance: f64) -> (String, String) {
    let pad = 2.0;
    let rect = Rect {
        x0: -pad,
        y0: -pad,
        x1: frame.width + pad,
        y1: frame.height + pad,
    };
    // A little more than the frame, in degrees: a line just outside may still cross it.
    let g = frame.geo;
    let near = GeoBox {
        west: g.west - 1.0,
        east: g.east + 1.0,
        south: g.south - 1.0,
        north: g.north + 1.0,
    };
    let (mut land, mut borders) = (String::new(), String::new());
    for line in lines.iter().filter(|l| l.bbox.intersects(&near)) {
        let pts: Vec<(f64, f64)> = line
            .points
            .iter()
            .map(|&(lon, lat)| frame.project(lon, lat))
            .collect();
        match line.kind {
            LineKind::Land => {
                let ring = simplify(&clip_polygon(&pts, &rect), tolerance);
                if ring.len() >= 3 {
                    write_path(&mut land, &ring, true);
                }
            }
            LineKind::Border => {
                for run in clip_polyline(&pts, &rect) {
                    let run = simplify(&run, tolerance);
                    if run.len() >= 2 {
                        write_path(&mut borders, &run, false);
                    }
                }
            }
        }
    }
    (land, borders)
}

/// Sutherland–Hodgman against the four sides of `r`.
fn clip_polygon(pts: &[(f64, f64)], r: &Rect) -> Vec<(f64, f64)> {
    type Side = (
        fn((f64, f64), &Rect) -> bool,
        fn((f64, f64), (f64, f64), &Rect) -> (f64, f64),
    );
    let sides: [Side; 4] = [
        (|p, r| p.0 >= r.x0, |a, b, r| at_x(a, b, r.x0)),
        (|p, r| p.0 <= r.x1, |a, b, r| at_x(a, b, r.x1)),
        (|p, r| p.1 >= r.y0, |a, b, r| at_y(a, b, r.y0)),
        (|p, r| p.1 <= r.y1, |a, b, r| at_y(a, b, r.y1)),
    ];
    let mut out = pts.to_vec();
    for (inside, cross) in sides {
        let input = std::mem::take(&mut out);
        let Some(&last) = input.last() else { break };
        let mut prev = last;
        for &p in &input {
            match (inside(p, r), inside(prev, r)) {
                (true, true) => out.push(p),
                (true, false) => {
                    out.push(cross(prev, p, r));
                    out.push(p);
                }
                (false, true) => out.push(cross(prev, p, r)),
                (false, false) => {}
            }
            prev = p;
        }
    }
    out
}

fn at_x(a: (f64, f64), b: (f64, f64), x: f64) -> (f64, f64) {
    let t = (x - a.0) / (b.0 - a.0);
    (x, a.1 + t * (b.1 - a.1))
}

fn at_y(a: (f64, f64), b: (f64, f64), y: f64) -> (f64, f64) {
    let t = (y - a.1) / (b.1 - a.1);
    (a.0 + t * (b.0 - a.0), y)
}

/// The runs of a line that touch `r`, each with the point before and after it (the
/// frame's clip path hides what sticks out).
fn clip_polyline(pts: &[(f64, f64)], r: &Rect) -> Vec<Vec<(f64, f64)>> {
    let inside = |p: (f64, f64)| p.0 >= r.x0 && p.0 <= r.x1 && p.1 >= r.y0 && p.1 <= r.y1;
    let mut runs = vec![];
    let mut run: Vec<(f64, f64)> = vec![];
    for (i, &p) in pts.iter().enumerate() {
        let keep = inside(p)
            || (i > 0 && inside(pts[i - 1]))
            || pts.get(i + 1).is_some_and(|&n| inside(n));
        if keep {
            run.push(p);
        } else if !run.is_empty() {
            runs.push(std::mem::take(&mut run));
        }
    }
    if !run.is_empty() {
        runs.push(run);
    }
    runs
}

/// Drops each point nearer than `tolerance` to the last one kept (the last point stays).
fn simplify(pts: &[(f64, f64)], tolerance: f64) -> Vec<(f64, f64)> {
    let mut out: Vec<(f64, f64)> = Vec::with_capacity(pts.len());
    for (i, &p) in pts.iter().enumerate() {
        let far = out
            .last()
            .is_none_or(|&q| (p.0 - q.0).abs() + (p.1 - q.1).abs() >= tolerance);
        if far || i + 1 == pts.len() {
            out.push(p);
        }
    }
    out
}

fn write_path(out: &mut String, pts: &[(f64, f64)], close: bool) {
    for (i, p) in pts.iter().enumerate() {
        let _ = write!(
            out,
            "{}{} {}",
            if i == 0 { 'M' } else { 'L' },
            num(p.0),
            num(p.1)
        );
    }
    if close {
        out.push('Z');
    }
}

/// A coordinate with one decimal, without a trailing `.0`.
pub fn num(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r == 0.0 {
        "0".to_string()
    } else if r == r.trunc() {
        format!("{r:.0}")
    } else {
        format!("{r:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_polygon_is_cut_to_the_rectangle() {
        let r = Rect {
            x0: 0.0,
            y0: 0.0,
            x1: 10.0,
            y1: 10.0,
        };
        let square = [(-5.0, -5.0), (5.0, -5.0), (5.0, 5.0), (-5.0, 5.0)];
        let cut = clip_polygon(&square, &r);
        assert!(cut
            .iter()
            .all(|p| p.0 >= 0.0 && p.1 >= 0.0 && p.0 <= 10.0 && p.1 <= 10.0));
        assert!(cut.contains(&(5.0, 5.0)) && cut.contains(&(0.0, 0.0)));
    }

    #[test]
    fn a_line_outside_the_rectangle_is_dropped() {
        let r = Rect {
            x0: 0.0,
            y0: 0.0,
            x1: 10.0,
            y1: 10.0,
        };
        let runs = clip_polyline(
            &[
                (20.0, 20.0),
                (30.0, 30.0),
                (5.0, 5.0),
                (40.0, 5.0),
                (50.0, 5.0),
            ],
            &r,
        );
        assert_eq!(runs, vec![vec![(30.0, 30.0), (5.0, 5.0), (40.0, 5.0)]]);
    }

    #[test]
    fn numbers_have_one_decimal_at_most() {
        assert_eq!(num(3.04), "3");
        assert_eq!(num(-0.26), "-0.3");
        assert_eq!(num(12.0), "12");
    }
}
