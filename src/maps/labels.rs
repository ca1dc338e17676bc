//! Label placement: each marker's name goes beside it, on the first side where it
//! neither overlaps a label already placed nor covers another marker, and stays inside
//! the map. A label with no such side is left out; its numbered marker stays, and the
//! list under the map names every place, so nothing is lost.

use super::projection::Rect;

/// A marker to label: its centre and radius, and the size of its label's text.
#[derive(Debug, Clone, Copy)]
pub struct Wanted {
    pub x: f64,
    pub y: f64,
    pub radius: f64,
    pub width: f64,
    pub height: f64,
}

/// The width of `text` at `font_size`, on the generous side (a wider glyph than
/// guessed would make labels touch). Arabic letters get more room: measured in
/// Chromium, a short name of wide letters (دمشق) takes 0.68 of the font size a letter,
/// where Latin names stay under 0.6.
pub fn text_width(text: &str, font_size: f64) -> f64 {
    let arabic = text
        .chars()
        .filter(|c| ('\u{0600}'..='\u{06FF}').contains(c))
        .count();
    #[allow(clippy::cast_precision_loss)]
    let (other, arabic) = ((text.chars().count() - arabic) as f64, arabic as f64);
    other * font_size * 0.62 + arabic * font_size * 0.72
}

/// Where each label goes (its box), in the order given (earlier ones win), or `None`.
pub fn place(wanted: &[Wanted], bounds: &Rect) -> Vec<Option<Rect>> {
    let markers: Vec<Rect> = wanted
        .iter()
        .map(|w| Rect {
            x0: w.x - w.radius,
            y0: w.y - w.radius,
            x1: w.x + w.radius,
            y1: w.y + w.radius,
        })
        .collect();
    let mut placed: Vec<Rect> = vec![];
    let mut out = Vec::with_capacity(wanted.len());
    for (i, w) in wanted.iter().enumerate() {
        let found = candidates(w).into_iter().find(|c| {
            c.inside(bounds)
                && !placed.iter().any(|p| p.intersects(c))
                && !markers
                    .iter()
                    .enumerate()
                    .any(|(j, m)| j != i && m.intersects(c))
        });
        if let Some(r) = found {
            placed.push(r);
        }
        out.push(found);
    }
    out
}

/// The boxes a label may take, best first: right, left, above, below, then the corners.
fn candidates(w: &Wanted) -> [Rect; 8] {
    let gap = w.radius + 2.0;
    let (hw, hh) = (w.width, w.height);
    let at = |x0: f64, y0: f64| Rect {
        x0,
        y0,
        x1: x0 + hw,
        y1: y0 + hh,
    };
    [
        at(w.x + gap, w.y - hh / 2.0),
        at(w.x - gap - hw, w.y - hh / 2.0),
        at(w.x - hw / 2.0, w.y - gap - hh),
        at(w.x - hw / 2.0, w.y + gap),
        at(w.x + gap * 0.7, w.y - gap * 0.7 - hh),
        at(w.x + gap * 0.7, w.y + gap * 0.7),
        at(w.x - gap * 0.7 - hw, w.y - gap * 0.7 - hh),
        at(w.x - gap * 0.7 - hw, w.y + gap * 0.7),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_names_get_more_room_than_latin_ones() {
        assert_eq!(text_width("Baghdad", 10.0), 7.0 * 10.0 * 0.62);
        assert!(
            text_width("دمشق", 12.0) >= 32.5,
            "measured in Chromium: 32.5"
        );
    }

    fn grid(n: usize, spacing: f64) -> Vec<Wanted> {
        (0..n)
            .map(|i| {
                #[allow(clippy::cast_precision_loss)]
                let (col, row) = ((i % 7) as f64, (i / 7) as f64);
                Wanted {
                    x: 100.0 + col * spacing,
                    y: 100.0 + row * spacing,
                    radius: 7.0,
                    width: text_width("Ain al-Asad air base", 12.0),
                    height: 14.0,
                }
            })
            .collect()
    }

    #[test]
    fn many_close_places_never_get_overlapping_labels() {
        let bounds = Rect {
            x0: 0.0,
            y0: 0.0,
            x1: 320.0,
            y1: 320.0,
        };
        for spacing in [0.5, 3.0, 9.0, 20.0] {
            let wanted = grid(40, spacing);
            let boxes: Vec<Rect> = place(&wanted, &bounds).into_iter().flatten().collect();
            assert!(!boxes.is_empty(), "the first label always finds room here");
            for (i, a) in boxes.iter().enumerate() {
                assert!(a.inside(&bounds));
                for b in &boxes[i + 1..] {
                    assert!(
                        !a.intersects(b),
                        "{a:?} overlaps {b:?} at spacing {spacing}"
                    );
                }
            }
        }
    }

    #[test]
    fn places_far_apart_all_keep_their_labels() {
        let bounds = Rect {
            x0: 0.0,
            y0: 0.0,
            x1: 320.0,
            y1: 320.0,
        };
        let wanted = [(40.0, 40.0), (200.0, 60.0), (60.0, 250.0)].map(|(x, y)| Wanted {
            x,
            y,
            radius: 7.0,
            width: 60.0,
            height: 14.0,
        });
        assert!(place(&wanted, &bounds).iter().all(Option::is_some));
    }
}
