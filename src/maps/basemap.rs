//! The basemap shipped with Dossier: land (its outline is the coastline) and the borders
//! between countries, from Natural Earth 1:50m (public domain), in `basemap.bin`, which
//! `scripts/basemap/build.mjs` writes (the format is described there). Compiled into the
//! binary (about 165 KB) and decoded once per process, on first use.

use std::sync::LazyLock;

use super::projection::GeoBox;

/// What a line of the basemap is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// A closed ring of land (filled; its outline is the coastline).
    Land,
    /// A border between two countries (stroked only).
    Border,
}

/// One line, in degrees (longitude, latitude), with its bounding box to skip it fast.
pub struct Line {
    pub kind: LineKind,
    pub bbox: GeoBox,
    pub points: Vec<(f64, f64)>,
}

static BYTES: &[u8] = include_bytes!("basemap.bin");

/// Every line of the basemap, decoded on first use.
pub static BASEMAP: LazyLock<Vec<Line>> = LazyLock::new(|| decode(BYTES).unwrap_or_default());

/// Decodes the format of `build.mjs`; `None` if the bytes are not that format (a test
/// makes sure the shipped file is).
fn decode(bytes: &[u8]) -> Option<Vec<Line>> {
    let mut r = Reader {
        bytes: bytes.strip_prefix(b"DBM1")?,
        at: 0,
    };
    let count = r.varint()?;
    let mut lines = Vec::with_capacity(count.min(1 << 16));
    for _ in 0..count {
        let kind = match r.byte()? {
            0 => LineKind::Land,
            1 => LineKind::Border,
            _ => return None,
        };
        let n = r.varint()?;
        let mut points = Vec::with_capacity(n.min(1 << 20));
        let (mut x, mut y) = (0i64, 0i64);
        let mut bbox = GeoBox::EMPTY;
        for _ in 0..n {
            x += r.zigzag()?;
            y += r.zigzag()?;
            #[allow(clippy::cast_precision_loss)]
            let p = (x as f64 / 100.0, y as f64 / 100.0);
            bbox.extend(p.0, p.1);
            points.push(p);
        }
        lines.push(Line { kind, bbox, points });
    }
    Some(lines)
}

struct Reader<'b> {
    bytes: &'b [u8],
    at: usize,
}

impl Reader<'_> {
    fn byte(&mut self) -> Option<u8> {
        let b = *self.bytes.get(self.at)?;
        self.at += 1;
        Some(b)
    }

    fn varint(&mut self) -> Option<usize> {
        let mut n = 0usize;
        for shift in (0..63).step_by(7) {
            let b = self.byte()?;
            n |= usize::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Some(n);
            }
        }
        None
    }

    fn zigzag(&mut self) -> Option<i64> {
        let n = i64::try_from(self.varint()?).ok()?;
        Some(if n & 1 == 1 { -(n + 1) / 2 } else { n / 2 })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_basemap_decodes_with_land_and_borders() {
        let lines = decode(BYTES).expect("basemap.bin is in the format of build.mjs");
        assert!(lines.iter().any(|l| l.kind == LineKind::Land));
        assert!(lines.iter().any(|l| l.kind == LineKind::Border));
        // Baghdad (44.4 E, 33.3 N) lies inside some land ring's bounding box, and the
        // whole world is there: something reaches south of 60 S (Antarctica).
        assert!(lines
            .iter()
            .any(|l| l.kind == LineKind::Land && l.bbox.contains(44.4, 33.3)));
        assert!(lines.iter().any(|l| l.bbox.south < -60.0));
    }

    #[test]
    fn zigzag_deltas_decode() {
        // 1 line, kind border, 2 points: (1.00, -0.01), then +(0.00, +0.02).
        let bytes = [b'D', b'B', b'M', b'1', 1, 1, 2, 200, 1, 1, 0, 4];
        let lines = decode(&bytes).unwrap();
        assert_eq!(lines[0].points, vec![(1.0, -0.01), (1.0, 0.01)]);
    }
}
