//! The `map` component: a map of places of `content/places.toml`, drawn by the maps
//! stage, with its list of places (each linked to the events that name it) as the text
//! alternative. An unknown place id is an error at its place in the block.

use serde_json::{json, Value};

use super::adapter::BodyAdapter;
use super::components::Block;
use crate::diag::{Class, Diagnostic};
use crate::maps::{self, Pin};
use crate::model::places::Places;
use crate::parse::components::MapBlock;

impl BodyAdapter<'_, '_> {
    pub(super) fn map_block(&mut self, b: &Block) -> Option<String> {
        let m: MapBlock = self.parse_body(b)?;
        let title = self.required_text("title", &m.title, b);
        let caption = m
            .caption
            .as_ref()
            .map(|c| self.inline_html(c.get_ref(), b.span(c)));
        let places = self.refs.places;
        let mut chosen: Vec<usize> = vec![];
        let mut bad = false;
        for id in m.places.get_ref() {
            let key = id.get_ref().trim();
            match places.index.get(key) {
                Some(&i) if !chosen.contains(&i) => chosen.push(i),
                Some(_) => {}
                None if places.readable => {
                    bad = true;
                    self.diags.push(places.unknown(key), b.span(id));
                }
                None => bad = true,
            }
        }
        if chosen.is_empty() && !bad {
            self.diags.push(
                Diagnostic::error(Class::Content, "a map without places")
                    .with_hint("list ids of content/places.toml: places = [\"baghdad\"]"),
                b.span(&m.places),
            );
            return None;
        }
        let title = title?;
        if bad {
            return None;
        }
        self.page
            .places_used
            .extend(chosen.iter().map(|&i| places.list[i].id.clone()));
        let id = self.page.ids.unique("map");
        let view = map_view(places, &chosen, &self.page.root, &id, &title);
        let mut view = view;
        view["caption"] = json!(caption);
        self.draw("map", &view, b.fence.clone())
    }
}

/// The view of the map of `chosen` places (indices into `places`), for a page whose root
/// is `root`: the SVG, and the list of places with the events that name each.
fn map_view(places: &Places, chosen: &[usize], root: &str, id: &str, title: &str) -> Value {
    let event_url = |url: &str| format!("{root}{url}");
    let pins: Vec<Pin> = chosen
        .iter()
        .enumerate()
        .map(|(n, &i)| Pin {
            place: &places.list[i],
            number: n + 1,
            href: places.events[i].first().map(|e| event_url(&e.url)),
        })
        .collect();
    let svg = maps::draw(title, &pins);
    let list: Vec<Value> = chosen
        .iter()
        .enumerate()
        .map(|(n, &i)| {
            let events: Vec<Value> = places.events[i]
                .iter()
                .map(|e| json!({ "title": e.title, "url": event_url(&e.url) }))
                .collect();
            json!({ "number": n + 1, "name": places.list[i].name, "id": places.list[i].id, "events": events })
        })
        .collect();
    json!({ "kind": "map", "id": id, "title": title, "svg": svg, "places": list })
}
