//! The timeline's maps: the overview of every place its events name (numbered in the
//! order the timeline first names them, each marker a link to the first event there)
//! and a locator map on each event with places, cut from the overview and numbered
//! alike. Both are drawn by the `map` component's template, so a site restyles them in
//! one place.

use serde_json::{json, Value};
use tera::{Context, Tera};

use super::templates::error_chain;
use crate::diag::{Class, Diagnostic, Diagnostics};
use crate::maps::{self, Pin};
use crate::model::places::PlaceEvent;
use crate::model::Site;
use crate::slug::slugify;

/// The id of the overview map on the timeline page (reserved: no heading takes it).
const OVERVIEW_ID: &str = "d_places_map";

/// The overview's HTML (none when no event has places), and each event's locator map
/// (same order as the site's events).
pub(super) struct TimelineMaps {
    pub overview: Option<String>,
    pub locators: Vec<Option<String>>,
}

/// Where the maps' links lead: an event from the overview, and the overview's list (the
/// prefix of its `#place_…` anchors) from a locator. A timeline on one page links within
/// the page; a timeline split by year links the overview's page and the years' pages.
pub(super) struct MapLinks<'l> {
    pub event: &'l dyn Fn(&PlaceEvent) -> String,
    pub overview: String,
}

pub(super) fn timeline_maps(
    site: &Site,
    tera: &Tera,
    links: &MapLinks<'_>,
) -> Result<TimelineMaps, Diagnostics> {
    let places = &site.places;
    // Place index → its number on the overview, in the order the timeline names them.
    let mut order: Vec<usize> = vec![];
    for e in &site.events {
        for r in &e.meta.places {
            if let Some(&i) = places.index.get(&r.id) {
                if !order.contains(&i) {
                    order.push(i);
                }
            }
        }
    }
    if order.is_empty() {
        return Ok(TimelineMaps {
            overview: None,
            locators: vec![None; site.events.len()],
        });
    }
    let pins: Vec<Pin> = order
        .iter()
        .enumerate()
        .map(|(n, &i)| Pin {
            place: &places.list[i],
            number: n + 1,
            href: places.events[i].first().map(|e| (links.event)(e)),
        })
        .collect();
    let strings = &site.strings;
    let svg_title = strings.get("map-overview-label");
    let overview = maps::draw_overview(OVERVIEW_ID, &svg_title, &pins);
    let list: Vec<Value> = order
        .iter()
        .enumerate()
        .map(|(n, &i)| {
            let events: Vec<Value> = places.events[i]
                .iter()
                .map(|e| json!({ "title": e.title, "url": (links.event)(e) }))
                .collect();
            json!({ "number": n + 1, "name": places.list[i].name, "anchor": anchor(site, i), "events": events })
        })
        .collect();
    let view = json!({
        "kind": "overview", "id": OVERVIEW_ID, "title": strings.get("map-overview-title"),
        "caption": Value::Null, "svg": overview.svg, "places": list,
    });
    Ok(TimelineMaps {
        overview: Some(draw(tera, &view)?),
        locators: locators(site, tera, (&overview, &links.overview), &order, &pins)?,
    })
}

/// The id of a place's item in the overview's list, which locator maps link to.
fn anchor(site: &Site, i: usize) -> String {
    format!("place_{}", slugify(&site.places.list[i].id))
}

/// Each event's locator map: its places, numbered as on the overview (`order`: place
/// index by overview number − 1; `pins`: the overview's pins).
fn locators(
    site: &Site,
    tera: &Tera,
    (overview, to_list): (&maps::Overview, &str),
    order: &[usize],
    pins: &[Pin],
) -> Result<Vec<Option<String>>, Diagnostics> {
    let places = &site.places;
    let mut pin_of: Vec<Option<usize>> = vec![None; places.list.len()];
    for (n, &i) in order.iter().enumerate() {
        pin_of[i] = Some(n);
    }
    let mut locators = Vec::with_capacity(site.events.len());
    for e in &site.events {
        let mut mine: Vec<Pin> = vec![];
        for r in &e.meta.places {
            let Some(n) = places.index.get(&r.id).and_then(|&i| pin_of[i]) else {
                continue;
            };
            if !mine.iter().any(|p| p.number == n + 1) {
                mine.push(Pin {
                    href: Some(format!("{to_list}#{}", anchor(site, order[n]))),
                    ..pins[n].clone()
                });
            }
        }
        if mine.is_empty() {
            locators.push(None);
            continue;
        }
        let id = format!("map_{}", e.slug);
        let names: Vec<&str> = mine.iter().map(|p| p.place.name.as_str()).collect();
        let title = site
            .strings
            .with("map-locator-title", &[("places", names.join(", ").into())]);
        let svg = maps::draw_locator(overview, &title, &mine);
        let list: Vec<Value> = mine
            .iter()
            .map(|p| {
                let url = format!("{to_list}#{}", anchor(site, order[p.number - 1]));
                json!({ "number": p.number, "name": p.place.name, "url": url, "events": [] })
            })
            .collect();
        let view = json!({
            "kind": "locator", "id": id, "title": title, "caption": Value::Null,
            "svg": svg, "places": list,
        });
        locators.push(Some(draw(tera, &view)?));
    }
    Ok(locators)
}

fn draw(tera: &Tera, view: &Value) -> Result<String, Diagnostics> {
    let ctx = Context::from_value(view.clone()).map_err(|e| template_error(&error_chain(&e)))?;
    tera.render("components/map.html", &ctx)
        .map_err(|e| template_error(&error_chain(&e)))
}

fn template_error(reason: &str) -> Diagnostics {
    Diagnostic::error(
        Class::Content,
        format!("cannot draw the timeline's maps: {reason}"),
    )
    .in_file("templates/components/map.html")
    .with_hint("the template uses a value the README does not list for `map`")
    .into()
}
