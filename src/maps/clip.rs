//! The basemap cut to a map's frame: land rings clipped as polygons (so they still fill),
//! borders as lines, points closer than a tolerance to the last one kept dropped, and
//! everything written as SVG path data with one decimal, each point as a step from the
//! last.

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

/// `pts` as path data: the first point absolute, then each step from the last one
/// (`l`), in tenths of a unit like every coordinate of a map, without the separators and
/// leading zeros SVG does without. The steps are taken between points already rounded,
/// so the path lands on exactly the points an absolute one would (a timeline's overview
/// map was 12 KB of absolute `L x y`; steps are a few characters each). A step that
/// rounds to nothing is dropped: it draws nothing.
fn write_path(out: &mut String, pts: &[(f64, f64)], close: bool) {
    let tenths = |v: f64| (v * 10.0).round() as i64;
    let mut last: Option<(i64, i64)> = None;
    for &(x, y) in pts {
        let p = (tenths(x), tenths(y));
        match last {
            None => {
                out.push('M');
                push_tenths(out, p.0, false);
                push_tenths(out, p.1, true);
                out.push('l');
            }
            Some(q) if q == p => continue,
            Some(q) => {
                push_tenths(out, p.0 - q.0, !out.ends_with('l'));
                push_tenths(out, p.1 - q.1, true);
            }
        }
        last = Some(p);
    }
    if out.ends_with('l') {
        out.pop();
    }
    if close {
        out.push('Z');
    }
}

/// `v` tenths as SVG writes a number at its shortest (`.5`, `-1.5`, `3`), after a space
/// if `separate` and the number does not start with a character that ends the last one
/// (its `-`, or its `.` after a number that has one: `4.3.5` is 4.3 then .5).
fn push_tenths(out: &mut String, v: i64, separate: bool) {
    let last_has_point = || {
        out.rsplit(|c: char| !c.is_ascii_digit() && c != '.')
            .next()
            .is_some_and(|n| n.contains('.'))
    };
    let starts_with_point = v.unsigned_abs() < 10 && v != 0;
    if separate && v >= 0 && !(starts_with_point && last_has_point()) {
        out.push(' ');
    }
    if v < 0 {
        out.push('-');
    }
    let (whole, tenth) = (v.unsigned_abs() / 10, v.unsigned_abs() % 10);
    if whole > 0 || tenth == 0 {
        let _ = write!(out, "{whole}");
    }
    if tenth > 0 {
        let _ = write!(out, ".{tenth}");
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

    /// The absolute points path data `d` of `M`/`l`/`Z` commands lands on.
    fn points_of(d: &str) -> Vec<(String, String)> {
        let mut out = vec![];
        for sub in d.split('M').filter(|s| !s.is_empty()) {
            let sub = sub.trim_end_matches('Z');
            let (start, steps) = sub.split_once('l').unwrap_or((sub, ""));
            // A number ends at a space, at a `-`, or at a second `.`.
            let nums = |t: &str| -> Vec<f64> {
                let mut spaced = String::new();
                let mut point = false;
                for c in t.chars() {
                    if c == '-' || c == ' ' || c == '.' && point {
                        spaced.push(' ');
                        point = false;
                    }
                    point |= c == '.';
                    spaced.push(c);
                }
                spaced
                    .split_whitespace()
                    .map(|n| n.parse().unwrap())
                    .collect()
            };
            let s = nums(start);
            let (mut x, mut y) = (s[0], s[1]);
            out.push((num(x), num(y)));
            for step in nums(steps).chunks(2) {
                (x, y) = (x + step[0], y + step[1]);
                out.push((num(x), num(y)));
            }
        }
        out
    }

    #[test]
    fn paths_step_between_the_rounded_points() {
        let pts = [
            (30.31, 79.0),
            (22.8, 84.14),
            (22.8, 84.1),
            (22.37, 85.66),
            (-0.54, 90.0),
            (0.0, 0.04),
        ];
        let mut d = String::new();
        write_path(&mut d, &pts, true);
        assert_eq!(d, "M30.3 79l-7.5 5.1-.4 1.6-22.9 4.3.5-90Z");
        let mut kept: Vec<(String, String)> = pts.iter().map(|p| (num(p.0), num(p.1))).collect();
        kept.dedup();
        assert_eq!(points_of(&d), kept);
        let mut line = String::new();
        write_path(&mut line, &[(1.0, 1.0), (1.04, 0.96)], false);
        assert_eq!(line, "M1 1", "a step that rounds to nothing is dropped");
    }

    #[test]
    fn numbers_have_one_decimal_at_most() {
        assert_eq!(num(3.04), "3");
        assert_eq!(num(-0.26), "-0.3");
        assert_eq!(num(12.0), "12");
    }
}
