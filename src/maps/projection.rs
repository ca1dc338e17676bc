//! Our projection: equirectangular, with longitudes shrunk by the cosine of the map's
//! middle latitude so that shapes and circles look right near the places drawn (the
//! maps span a country or a region, where this is as good as Mercator and simpler).
//! A [`Frame`] fits a box of places, with a margin, into the SVG's user units.

/// Kilometres per degree of latitude.
pub const KM_PER_DEGREE: f64 = 111.32;

/// A box of longitudes and latitudes, in degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GeoBox {
    pub west: f64,
    pub south: f64,
    pub east: f64,
    pub north: f64,
}

impl GeoBox {
    /// Holds nothing until extended.
    pub const EMPTY: GeoBox = GeoBox {
        west: f64::INFINITY,
        south: f64::INFINITY,
        east: f64::NEG_INFINITY,
        north: f64::NEG_INFINITY,
    };

    pub fn extend(&mut self, lon: f64, lat: f64) {
        self.west = self.west.min(lon);
        self.east = self.east.max(lon);
        self.south = self.south.min(lat);
        self.north = self.north.max(lat);
    }

    /// Extends the box by a circle of `km` around a point (a region's area).
    pub fn extend_circle(&mut self, lon: f64, lat: f64, km: f64) {
        let dlat = km / KM_PER_DEGREE;
        let dlon = dlat / lat.to_radians().cos().max(0.05);
        self.extend(lon - dlon, lat - dlat);
        self.extend(lon + dlon, lat + dlat);
    }

    pub fn is_empty(&self) -> bool {
        self.west > self.east
    }

    pub fn contains(&self, lon: f64, lat: f64) -> bool {
        (self.west..=self.east).contains(&lon) && (self.south..=self.north).contains(&lat)
    }

    pub fn intersects(&self, o: &GeoBox) -> bool {
        self.west <= o.east && o.west <= self.east && self.south <= o.north && o.south <= self.north
    }
}

/// A box of the map's plane, in SVG user units (y down).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Rect {
    pub fn intersects(&self, o: &Rect) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }

    pub fn inside(&self, o: &Rect) -> bool {
        self.x0 >= o.x0 && self.x1 <= o.x1 && self.y0 >= o.y0 && self.y1 <= o.y1
    }
}

/// How a map's degrees become user units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    /// The area shown.
    pub geo: GeoBox,
    /// The cosine of the middle latitude, which shrinks longitudes.
    shrink: f64,
    /// User units per degree of latitude.
    scale: f64,
    pub width: f64,
    pub height: f64,
}

impl Frame {
    /// Fits `places` (non-empty) into a map `width` units wide: a margin of a fifth of
    /// the span on each side, at least `min_span` degrees of latitude shown, and a
    /// height between half the width and the width (the box grows to that shape).
    pub fn fit(places: GeoBox, width: f64, min_span: f64) -> Frame {
        let mid_lat = f64::midpoint(places.south, places.north).clamp(-80.0, 80.0);
        let shrink = mid_lat.to_radians().cos();
        let mut lat_span = (places.north - places.south).max(0.0);
        let mut lon_span = (places.east - places.west).max(0.0) * shrink;
        let margin = lat_span.max(lon_span) / 5.0;
        lat_span = (lat_span + 2.0 * margin).max(min_span);
        lon_span = (lon_span + 2.0 * margin).max(min_span);
        // The shape: height/width between 0.5 and 1; the short side grows to fit.
        if lat_span / lon_span > 1.0 {
            lon_span = lat_span;
        } else if lat_span / lon_span < 0.5 {
            lat_span = lon_span * 0.5;
        }
        let mid_lon = f64::midpoint(places.west, places.east);
        let geo = GeoBox {
            west: mid_lon - lon_span / shrink / 2.0,
            east: mid_lon + lon_span / shrink / 2.0,
            south: mid_lat - lat_span / 2.0,
            north: mid_lat + lat_span / 2.0,
        };
        let scale = width / lon_span;
        Frame {
            geo,
            shrink,
            scale,
            width,
            height: (lat_span * scale).round(),
        }
    }

    /// A point's place on the map, in user units (may fall outside it).
    pub fn project(&self, lon: f64, lat: f64) -> (f64, f64) {
        (
            (lon - self.geo.west) * self.shrink * self.scale,
            (self.geo.north - lat) * self.scale,
        )
    }

    /// A distance on the ground, in user units.
    pub fn km(&self, km: f64) -> f64 {
        km / KM_PER_DEGREE * self.scale
    }

    pub fn rect(&self) -> Rect {
        Rect {
            x0: 0.0,
            y0: 0.0,
            x1: self.width,
            y1: self.height,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_fit_inside_the_frame_with_a_margin() {
        let mut b = GeoBox::EMPTY;
        b.extend(42.44, 33.80); // Ain al-Asad
        b.extend(44.01, 36.19); // Erbil
        b.extend(38.62, 33.50); // al-Tanf
        let f = Frame::fit(b, 320.0, 2.0);
        for (lon, lat) in [(42.44, 33.80), (44.01, 36.19), (38.62, 33.50)] {
            let (x, y) = f.project(lon, lat);
            assert!(x > 20.0 && x < f.width - 20.0, "x {x}");
            assert!(y > 20.0 && y < f.height - 20.0, "y {y}");
        }
        assert!(f.height >= 160.0 && f.height <= 320.0);
    }

    #[test]
    fn one_place_gets_the_minimum_span() {
        let mut b = GeoBox::EMPTY;
        b.extend(44.4, 33.3);
        let f = Frame::fit(b, 320.0, 4.0);
        assert!((f.geo.north - f.geo.south - 4.0).abs() < 1e-9);
        let (x, y) = f.project(44.4, 33.3);
        assert!((x - 160.0).abs() < 1e-6 && (y - f.height / 2.0).abs() < 1.0);
    }
}
