//! Maps drawn at build time: SVG from the places of `content/places.toml` on the
//! basemap shipped with Dossier. No tile server, no script: a map works offline, from
//! disk and in print. Pure: places in, SVG text out.
//!
//! Three kinds are drawn: a map on its own (the `map` component), the timeline's
//! overview, and the locator maps of its events, which reuse the overview's basemap by
//! reference (`<use>`), so a timeline of thousands of events carries the land once.
//! The text alternative (the list of places) is the templates'; this stage draws only
//! the picture and its `<title>`.

pub mod basemap;
mod clip;
pub mod labels;
pub mod projection;
mod svg;

use crate::parse::frontmatter::{Place, Precision};

pub use svg::{draw, draw_locator, draw_overview, Overview};

/// A place as one map draws it: its number on that map and where its marker leads.
#[derive(Debug, Clone)]
pub struct Pin<'a> {
    pub place: &'a Place,
    pub number: usize,
    /// The marker's link (an event), relative to the page; none: the marker is not a link.
    pub href: Option<String>,
}

/// The width of every map in user units. Labels are 12 units high, so a map shown
/// 330 px wide (a 360 px screen) has 12 px labels; the stylesheet caps its width so
/// they never grow past about 18 px.
pub const WIDTH: f64 = 320.0;

/// The least span of latitude a map shows, in degrees: one place alone is shown with
/// about 450 km around it, not as a blur of coastline.
pub const MIN_SPAN: f64 = 4.0;

/// The position published for a place: rounded to what its precision allows.
pub fn published_position(p: &Place) -> (f64, f64) {
    let f = 10f64.powi(i32::try_from(p.precision.decimals()).unwrap_or(1));
    ((p.lon * f).round() / f, (p.lat * f).round() / f)
}

/// The radius of a marker of this precision, in user units (a region has none: it is
/// drawn as its area).
fn marker_radius(precision: Precision) -> f64 {
    match precision {
        Precision::Exact => 7.0,
        Precision::City | Precision::Region => 6.0,
    }
}
