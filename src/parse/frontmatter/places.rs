//! `content/places.toml`: the places events and maps name by id, each with a position
//! and how precisely it may be drawn and published (`exact`, `city`, `region`). One file
//! alone is checked here (ranges, duplicates, a region's radius); which ids events use is
//! the model's to check. A place may have a name per language edition
//! (`names = { ar-IQ = "بغداد" }`): which tags an edition takes is the model's to check.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use serde::Deserialize;
use toml::{Spanned, Value};

use super::deserialize;
use super::fields::Checker;
use crate::diag::Diagnostic;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlaces {
    #[serde(default)]
    place: Vec<RawPlace>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlace {
    id: Spanned<String>,
    name: Spanned<String>,
    lat: Spanned<Value>,
    lon: Spanned<Value>,
    precision: Spanned<String>,
    radius_km: Option<Spanned<Value>>,
    /// The place's name in other editions, by tag or language.
    names: Option<BTreeMap<Spanned<String>, Spanned<String>>>,
}

/// The name of a place in one language edition (`names = { ar-IQ = "بغداد" }`).
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceName {
    /// An edition's tag (`ar-IQ`) or a language (`ar`, for all its editions).
    pub tag: String,
    pub name: String,
    /// The tag's position in places.toml.
    pub span: Range<usize>,
}

/// How precisely a place is known, and so how it is drawn and how many decimals of its
/// position are published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Precision {
    /// A site: a point, published to about 100 m.
    Exact,
    /// A town or city: a smaller point, published to about 10 km.
    City,
    /// An area: drawn as a circle of `radius_km`, never a point; published to about 10 km.
    Region,
}

impl Precision {
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Exact => "exact",
            Precision::City => "city",
            Precision::Region => "region",
        }
    }

    /// Decimals of a degree an export may show of a place this precise.
    pub fn decimals(self) -> usize {
        match self {
            Precision::Exact => 3,
            Precision::City | Precision::Region => 1,
        }
    }
}

/// One entry of `content/places.toml`.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub id: String,
    pub id_span: Range<usize>,
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    pub precision: Precision,
    /// The area's radius, for `precision = "region"` (required there, refused elsewhere).
    pub radius_km: Option<f64>,
    /// Its names in other editions, in the file's order of tags (sorted).
    pub names: Vec<PlaceName>,
}

pub fn parse_places(file: &Path, text: &str) -> Result<Vec<Place>, Vec<Diagnostic>> {
    let raw: RawPlaces = deserialize(file, text, text, 0).map_err(|d| vec![d])?;
    let mut c = Checker::new(file, text, 0);
    let mut seen: Vec<(&str, Range<usize>)> = vec![];
    let mut out = Vec::with_capacity(raw.place.len());
    for p in &raw.place {
        let id = c.text("id", &p.id);
        if let Some((_, first)) = seen.iter().find(|(s, _)| *s == id) {
            let line = 1 + text[..first.start].matches('\n').count();
            let span = c.span(&p.id);
            c.error(
                format!("place `{id}` is listed twice"),
                span,
                format!(
                    "the first `{id}` is at line {line}; give this place another id or remove it"
                ),
            );
        }
        seen.push((p.id.get_ref().trim(), c.span(&p.id)));
        let lat = number(&mut c, "lat", &p.lat, 90.0);
        let lon = number(&mut c, "lon", &p.lon, 180.0);
        let precision = precision(&mut c, &p.precision);
        let radius_km = radius(&mut c, p, precision);
        let names = p
            .names
            .iter()
            .flatten()
            .map(|(tag, name)| PlaceName {
                tag: tag.get_ref().trim().to_string(),
                name: c.prose("names", name),
                span: c.span(tag),
            })
            .collect();
        out.push(Place {
            id,
            id_span: c.span(&p.id),
            name: c.prose("name", &p.name),
            lat,
            lon,
            precision: precision.unwrap_or(Precision::Exact),
            radius_km,
            names,
        });
    }
    c.finish(out)
}

/// A coordinate in degrees within ±`limit` (an integer is allowed: `lat = 33`).
fn number(c: &mut Checker, field: &str, v: &Spanned<Value>, limit: f64) -> f64 {
    let span = c.span(v);
    let (what, hint) = if field == "lat" {
        (
            "latitude",
            "latitude is −90 (south pole) to 90 (north pole); did you swap `lat` and `lon`?",
        )
    } else {
        (
            "longitude",
            "longitude is −180 to 180, east positive: Baghdad is about 44.4",
        )
    };
    let n = match v.get_ref() {
        Value::Float(f) => *f,
        #[allow(clippy::cast_precision_loss)]
        Value::Integer(i) => *i as f64,
        other => {
            c.error(
                format!(
                    "`{field}` must be a number of degrees, found {}",
                    other.type_str()
                ),
                span,
                format!("write the {what} in decimal degrees without quotes, e.g. {field} = 33.31"),
            );
            return 0.0;
        }
    };
    if !n.is_finite() || n.abs() > limit {
        c.error(format!("{what} {n} is outside ±{limit}"), span, hint);
        return 0.0;
    }
    n
}

fn precision(c: &mut Checker, v: &Spanned<String>) -> Option<Precision> {
    match v.get_ref().trim() {
        "exact" => Some(Precision::Exact),
        "city" => Some(Precision::City),
        "region" => Some(Precision::Region),
        other => {
            let near = crate::diag::closest(other, ["exact", "city", "region"]);
            let hint = match near {
                Some(n) => format!("did you mean `{n}`? precision is one of `exact`, `city`, `region`"),
                None => "precision is one of `exact` (a site), `city` (a town) or `region` (an area, with radius_km)".into(),
            };
            let span = c.span(v);
            c.error(format!("unknown precision `{other}`"), span, hint);
            None
        }
    }
}

fn radius(c: &mut Checker, p: &RawPlace, precision: Option<Precision>) -> Option<f64> {
    let r = p
        .radius_km
        .as_ref()
        .map(|r| number(c, "radius_km", r, 20_000.0));
    match (precision, &p.radius_km) {
        (Some(Precision::Region), None) => {
            let span = c.span(&p.precision);
            c.error(
                "a region needs `radius_km`".into(),
                span,
                "add `radius_km = …`, the radius in kilometres of the area drawn around lat and lon",
            );
        }
        (Some(Precision::Region), Some(raw)) if r.is_some_and(|r| r <= 0.0) => {
            let span = c.span(raw);
            c.error(
                "`radius_km` must be more than 0".into(),
                span,
                "write the area's radius in kilometres, e.g. radius_km = 150",
            );
        }
        (Some(Precision::Exact | Precision::City), Some(raw)) => {
            let span = c.span(raw);
            c.error(
                "`radius_km` is only for `precision = \"region\"`".into(),
                span,
                "remove it, or make the place a region if it is an area",
            );
        }
        _ => {}
    }
    r
}
