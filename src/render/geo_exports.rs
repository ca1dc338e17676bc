//! The places as data for other tools: `places.geojson` (every place a published event
//! or map shows) and `storymap.json` (a Knight Lab StoryMapJS story: one slide per event
//! with places, at its first place). Positions are rounded to what each place's
//! `precision` allows, so a city or region is never published as an exact point.
//! Written only when the site shows at least one place.

use std::collections::BTreeSet;

use serde_json::{json, Map, Value};

use crate::html::escape_text;
use crate::maps::published_position;
use crate::model::Site;
use crate::parse::frontmatter::Precision;

/// `places.geojson`: a FeatureCollection of points, in places.toml order, each with
/// its id, name, precision, a region's radius, and the events that name it.
pub fn places_geojson(site: &Site, shown: &BTreeSet<String>) -> String {
    let places = &site.places;
    let features: Vec<Value> = places
        .list
        .iter()
        .zip(&places.events)
        .filter(|(p, _)| shown.contains(&p.id))
        .map(|(p, events)| {
            let (lon, lat) = published_position(p);
            let mut props = Map::new();
            props.insert("id".into(), json!(p.id));
            props.insert("name".into(), json!(p.name));
            props.insert("precision".into(), json!(p.precision.as_str()));
            if p.precision == Precision::Region {
                props.insert("radius_km".into(), json!(p.radius_km));
            }
            let events: Vec<Value> = events
                .iter()
                .map(|e| json!({ "title": e.title, "url": e.url }))
                .collect();
            props.insert("events".into(), Value::Array(events));
            json!({
                "type": "Feature",
                "id": p.id,
                "geometry": { "type": "Point", "coordinates": [lon, lat] },
                "properties": props,
            })
        })
        .collect();
    pretty(&json!({ "type": "FeatureCollection", "features": features }))
}

/// `storymap.json` for StoryMapJS: an overview slide, then each event with places at
/// its first place (`texts`: each event's plain text, in event order).
pub fn storymap(site: &Site, texts: &[&str]) -> String {
    let places = &site.places;
    let mut slides = vec![json!({
        "type": "overview",
        "text": {
            "headline": escape_text(&site.config.title),
            "text": format!("<p>{}</p>", escape_text(&site.config.description)),
        },
    })];
    for (e, text) in site.events.iter().zip(texts) {
        let Some(p) = e.meta.places.iter().find_map(|r| places.get(&r.id)) else {
            continue;
        };
        let (lon, lat) = published_position(p);
        slides.push(json!({
            "date": e.meta.display_date.clone().unwrap_or_else(|| site.strings.date(e.meta.date)),
            "text": {
                "headline": escape_text(&e.meta.title),
                "text": format!("<p>{}</p>", escape_text(text.trim())),
            },
            "location": { "name": escape_text(&p.name), "lat": lat, "lon": lon, "line": true },
        }));
    }
    pretty(&json!({ "storymap": { "slides": slides } }))
}

fn pretty(v: &Value) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s
}
