//! Places and maps (CONTENT.md, "Places and maps"; issue 17): the timeline's overview
//! map and each event's locator, the `map` component, what a region draws, the text
//! alternative, the exports (`places.geojson`, `storymap.json`) with positions rounded to
//! each place's precision, drafts left out, and the warning about an unused place.
//! The errors of places.toml are pinned by `errors.rs`'s fixtures (`place-*`, `map-*`).

mod common;

use std::fs;

use common::{sel, Site};
use scraper::{ElementRef, Html};
use serde_json::Value;

fn text(e: ElementRef<'_>) -> String {
    e.text()
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn page(s: &Site, path: &str) -> Html {
    Html::parse_document(&fs::read_to_string(s.path("out").join(path)).unwrap())
}

fn built() -> Site {
    let s = Site::fixture("maps");
    let run = s.build("out", &[]);
    run.assert_code(0);
    s
}

#[test]
fn the_timeline_has_an_overview_map_with_a_title_and_a_linked_list() {
    let s = built();
    let html = page(&s, "timeline/index.html");
    let map = html
        .select(&sel("#d_places_map"))
        .next()
        .expect("overview map");
    let svg = map.select(&sel("svg")).next().unwrap();
    // The map is named by its `<title>`, the first child of the `<svg>`.
    let title = map.select(&sel("svg > title")).next().unwrap();
    assert_eq!(text(title), "Map of the places on the timeline");
    assert_eq!(
        svg.first_child().and_then(ElementRef::wrap),
        Some(title),
        "the title comes first"
    );
    // Numbered markers, each a link to the first event at that place.
    let markers: Vec<_> = svg.select(&sel("a")).collect();
    assert_eq!(markers.len(), 3);
    assert_eq!(markers[0].value().attr("href"), Some("#2024-01-27-talks"));
    assert_eq!(
        markers[0].value().attr("aria-label"),
        Some("1: Harbour office")
    );
    // The text alternative: every place, in marker order, linked to its events.
    let items: Vec<_> = map.select(&sel("ol.map-list > li")).collect();
    let names: Vec<String> = items.iter().map(|li| text(*li)).collect();
    assert_eq!(
        names,
        [
            "Harbour office: Talks begin",
            "Old town: Talks begin ; Survey of the delta",
            "The delta: Talks begin ; Survey of the delta"
        ]
    );
    let links: Vec<_> = items[1]
        .select(&sel("a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(links, ["#2024-01-27-talks", "#2024-02-10-delta-survey"]);
    // Every marker's number is the list item's number.
    let values: Vec<_> = items
        .iter()
        .filter_map(|li| li.value().attr("value"))
        .collect();
    assert_eq!(values, ["1", "2", "3"]);
}

#[test]
fn a_region_is_drawn_as_an_area_never_a_point() {
    let s = built();
    let html = page(&s, "timeline/index.html");
    let map = html.select(&sel("#d_places_map svg")).next().unwrap();
    let delta = map
        .select(&sel("a"))
        .find(|a| a.value().attr("aria-label") == Some("3: The delta"))
        .unwrap();
    let area = delta
        .select(&sel("circle.map-area"))
        .next()
        .expect("an area");
    let r: f64 = area.value().attr("r").unwrap().parse().unwrap();
    assert!(
        r > 20.0,
        "80 km is a wide circle on this map, not a dot: r = {r}"
    );
    assert_eq!(delta.select(&sel("circle.map-marker")).count(), 0);
    // An exact place and a city are markers, the city's smaller.
    let radius = |class: &str| -> f64 {
        let c = map
            .select(&sel(&format!("circle.map-marker.{class}")))
            .next()
            .unwrap();
        c.value().attr("r").unwrap().parse().unwrap()
    };
    assert!(radius("map-city") < radius("map-exact"));
}

#[test]
fn each_event_with_places_has_a_locator_map_reusing_the_overview() {
    let s = built();
    let html = page(&s, "timeline/index.html");
    let locator = html
        .select(&sel("[id='2024-02-10-delta-survey'] figure.map-locator"))
        .next()
        .expect("locator map");
    let svg = locator.select(&sel("svg")).next().unwrap();
    assert!(svg.select(&sel("title")).next().is_some());
    let uses: Vec<_> = svg
        .select(&sel("use"))
        .filter_map(|u| u.value().attr("href"))
        .collect();
    assert_eq!(
        uses,
        ["#d_places_map-base"],
        "the land is drawn once, on the overview"
    );
    assert!(html.select(&sel("#d_places_map-base")).next().is_some());
    // Its list names its places, numbered as on the overview, linked to the overview's list.
    let items: Vec<(String, String)> = locator
        .select(&sel("li"))
        .map(|li| (li.value().attr("value").unwrap().to_string(), text(li)))
        .collect();
    assert_eq!(
        items,
        [
            ("3".into(), "The delta".into()),
            ("2".into(), "Old town".into())
        ]
    );
    let href = locator
        .select(&sel(".map-list a"))
        .next()
        .unwrap()
        .value()
        .attr("href")
        .unwrap();
    assert_eq!(href, "#place_delta");
    assert!(html.select(&sel("li#place_delta")).next().is_some());
    let marker = svg.select(&sel("a")).next().unwrap().value().attr("href");
    assert_eq!(
        marker,
        Some("#place_delta"),
        "a locator's marker leads to the overview's list"
    );
}

#[test]
fn the_map_component_draws_its_places_with_title_caption_and_links() {
    let s = Site::fixture("maps");
    s.append(
        "content/index.md",
        "\n```map\nplaces = [\"old-town\"]\ntitle = \"The old town\"\ncaption = \"Where the office stood [@S1].\"\n```\n",
    );
    s.build("out", &[]).assert_code(0);
    let html = page(&s, "index.html");
    let maps: Vec<_> = html.select(&sel("figure.map")).collect();
    assert_eq!(maps.len(), 2);
    let first = maps[0];
    assert_eq!(first.value().attr("id"), Some("map"));
    assert_eq!(
        text(first.select(&sel("svg title")).next().unwrap()),
        "Where the talks happened"
    );
    assert_eq!(
        text(first.select(&sel(".map-title")).next().unwrap()),
        "Where the talks happened"
    );
    // Inline basemap on its own, and the places linked to their events on the timeline.
    assert!(first.select(&sel("path.map-land")).next().is_some());
    let links: Vec<_> = first
        .select(&sel(".map-list a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(
        links,
        [
            "timeline/index.html#2024-01-27-talks",
            "timeline/index.html#2024-01-27-talks",
            "timeline/index.html#2024-02-10-delta-survey"
        ]
    );
    let second = maps[1];
    assert_eq!(second.value().attr("id"), Some("map-1"));
    let caption = second.select(&sel(".map-caption")).next().unwrap();
    // Inline markdown, with its citation.
    assert!(
        text(caption).starts_with("Where the office stood"),
        "{}",
        caption.html()
    );
    assert!(
        caption.select(&sel("a")).next().is_some(),
        "{}",
        caption.html()
    );
}

#[test]
fn places_geojson_holds_what_is_shown_rounded_to_its_precision() {
    let s = built();
    let geo: Value =
        serde_json::from_str(&fs::read_to_string(s.path("out/places.geojson")).unwrap()).unwrap();
    assert_eq!(geo["type"], "FeatureCollection");
    let features = geo["features"].as_array().unwrap();
    let ids: Vec<&str> = features.iter().map(|f| f["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        ["harbour", "old-town", "delta"],
        "the draft's quarry stays out"
    );
    let coords = |i: usize| features[i]["geometry"]["coordinates"].clone();
    assert_eq!(coords(0), serde_json::json!([44.36, 33.31]));
    // places.toml says 44.40, 33.34 for the city: published to a tenth of a degree.
    assert_eq!(coords(1), serde_json::json!([44.4, 33.3]));
    assert_eq!(features[2]["properties"]["precision"], "region");
    assert_eq!(features[2]["properties"]["radius_km"], 80.0);
    assert_eq!(
        features[1]["properties"]["events"][1]["url"],
        "timeline/index.html#2024-02-10-delta-survey"
    );
    let story: Value =
        serde_json::from_str(&fs::read_to_string(s.path("out/storymap.json")).unwrap()).unwrap();
    let slides = story["storymap"]["slides"].as_array().unwrap();
    assert_eq!(
        slides.len(),
        3,
        "an overview, then the two events with places"
    );
    assert_eq!(slides[2]["location"]["lat"], 30.5);
}

#[test]
fn a_place_only_a_draft_uses_is_a_warning_and_shown_with_drafts() {
    let s = Site::fixture("maps");
    let run = s.build("out", &[]);
    let warnings = run.warnings();
    assert_eq!(warnings.len(), 1, "{}", run.stderr);
    assert_eq!(
        warnings[0].message,
        "place `quarry` is not used by any event or map"
    );
    assert_eq!(warnings[0].line_col(), Some((24, 6)));
    let run = s.check(&[]);
    assert!(
        run.stderr.contains("place `quarry` is not used"),
        "{}",
        run.stderr
    );
    s.build("drafts", &["--drafts"]).assert_code(0);
    let geo = fs::read_to_string(s.path("drafts/places.geojson")).unwrap();
    assert!(geo.contains("\"quarry\""));
}

#[test]
fn a_site_without_places_has_no_maps_and_no_exports() {
    let s = Site::minimal();
    s.build("out", &[]).assert_code(0);
    assert!(!s.path("out/places.geojson").exists());
    assert!(!s.path("out/storymap.json").exists());
    let tl = fs::read_to_string(s.path("out/timeline/index.html")).unwrap();
    assert!(!tl.contains("<svg class=\"map-svg\""));
}

#[test]
fn maps_are_the_same_bytes_every_build() {
    let s = Site::fixture("maps");
    s.build("a", &[]).assert_code(0);
    s.build("b", &[]).assert_code(0);
    for f in [
        "timeline/index.html",
        "index.html",
        "places.geojson",
        "storymap.json",
    ] {
        assert_eq!(
            fs::read(s.path("a").join(f)).unwrap(),
            fs::read(s.path("b").join(f)).unwrap(),
            "{f}"
        );
    }
}
