//! schema.org metadata as JSON-LD: `BackgroundNewsArticle` for the explainer and
//! background pages (with `correction`s), an `ItemList` of `Event`s for the timeline, and a
//! `DefinedTermSet` for the glossary. Pure: values in, a `<script>`-safe string out.

use serde_json::{json, Map, Value};

use crate::dates::PartialDate;
use crate::model::{Doc, Site};
use crate::parse::frontmatter::{EventMeta, Update, UpdateKind};

/// Serialises for an inline `<script type="application/ld+json">`: `<` is escaped so no
/// text from content can close the script element.
pub fn to_script(v: &Value) -> String {
    let json = serde_json::to_string(v).unwrap_or_default();
    // One pass, copying the runs between markup characters (three `replace`s walked and
    // copied every page's JSON three times).
    let mut out = String::with_capacity(json.len() + 16);
    let mut from = 0;
    for (i, b) in json.bytes().enumerate() {
        let escaped = match b {
            b'<' => "\\u003c",
            b'>' => "\\u003e",
            b'&' => "\\u0026",
            _ => continue,
        };
        out.push_str(&json[from..i]);
        out.push_str(escaped);
        from = i + 1;
    }
    out.push_str(&json[from..]);
    out
}

fn absolute(site: &Site, path: &str) -> Option<String> {
    let (path, fragment) = match path.split_once('#') {
        Some((p, f)) => (p, format!("#{f}")),
        None => (path, String::new()),
    };
    site.config
        .base_url
        .as_ref()
        .map(|b| format!("{b}{}{fragment}", crate::model::urls::public(path)))
}

fn publisher(site: &Site) -> Value {
    match &site.config.publisher {
        Some(p) => {
            let mut m = Map::new();
            m.insert("@type".into(), json!("Organization"));
            m.insert("name".into(), json!(p.name));
            if let Some(u) = &p.url {
                m.insert("url".into(), json!(u));
            }
            Value::Object(m)
        }
        None => json!({ "@type": "Organization", "name": site.config.title }),
    }
}

/// What an article page states about itself.
pub struct ArticleFacts<'a> {
    pub path: &'a str,
    pub title: &'a str,
    pub summary: &'a str,
    pub published: PartialDate,
    pub modified: PartialDate,
    pub authors: &'a [String],
    pub updates: &'a [Update],
}

pub fn article(site: &Site, a: &ArticleFacts<'_>) -> Value {
    let mut m = Map::new();
    m.insert("@context".into(), json!("https://schema.org"));
    m.insert("@type".into(), json!("BackgroundNewsArticle"));
    m.insert("headline".into(), json!(a.title));
    m.insert("description".into(), json!(a.summary));
    m.insert("inLanguage".into(), json!(site.config.language));
    m.insert(
        "datePublished".into(),
        json!(a.published.first_day().to_string()),
    );
    m.insert(
        "dateModified".into(),
        json!(a.modified.first_day().to_string()),
    );
    let authors: Vec<Value> = if a.authors.is_empty() {
        vec![publisher(site)]
    } else {
        a.authors
            .iter()
            .map(|n| json!({ "@type": "Person", "name": n }))
            .collect()
    };
    m.insert("author".into(), Value::Array(authors));
    m.insert("publisher".into(), publisher(site));
    if let Some(url) = absolute(site, a.path) {
        m.insert("url".into(), json!(url));
        m.insert("mainEntityOfPage".into(), json!(url));
    }
    let corrections: Vec<Value> = a
        .updates
        .iter()
        .filter(|u| u.kind == UpdateKind::Correction)
        .map(|u| {
            json!({
                "@type": "CorrectionComment",
                "text": u.summary,
                "datePublished": u.date.first_day().to_string(),
            })
        })
        .collect();
    if !corrections.is_empty() {
        m.insert("correction".into(), Value::Array(corrections));
    }
    Value::Object(m)
}

/// A page of the timeline as an `ItemList` of its `Event`s: each one's name, dates,
/// place and link. Not its text, which is on the page already: on a slow phone the
/// first paint waits for all of the page's HTML, and even a one-sentence description
/// per event made the Arabic timeline 7 KB heavier, about 60 ms of Lighthouse's first
/// paint (issue 16, point 4).
pub fn timeline(site: &Site, events: &[Doc<EventMeta>]) -> Value {
    let items: Vec<Value> = events
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let m = &e.meta;
            let mut ev = Map::new();
            ev.insert("@type".into(), json!("Event"));
            ev.insert("name".into(), json!(m.title));
            ev.insert("startDate".into(), json!(m.date.to_string()));
            if let Some(end) = m.end_date {
                ev.insert("endDate".into(), json!(end.to_string()));
            }
            if let Some(place) = &m.place {
                ev.insert(
                    "location".into(),
                    json!({ "@type": "Place", "name": place }),
                );
            }
            let own = crate::model::urls::event(site.timeline, m.date.year, &e.slug);
            if let Some(url) = absolute(site, &own) {
                ev.insert("url".into(), json!(url));
            }
            json!({ "@type": "ListItem", "position": i + 1, "item": Value::Object(ev) })
        })
        .collect();
    let mut m = Map::new();
    m.insert("@context".into(), json!("https://schema.org"));
    m.insert("@type".into(), json!("ItemList"));
    m.insert(
        "name".into(),
        json!(site.strings.with(
            "jsonld-timeline",
            &[("site", site.config.title.as_str().into())]
        )),
    );
    m.insert("numberOfItems".into(), json!(items.len()));
    m.insert(
        "itemListOrder".into(),
        json!("https://schema.org/ItemListOrderAscending"),
    );
    m.insert("itemListElement".into(), Value::Array(items));
    Value::Object(m)
}

/// The glossary as a `DefinedTermSet`.
pub fn glossary(site: &Site) -> Value {
    let set_url = absolute(site, crate::model::urls::GLOSSARY);
    let terms: Vec<Value> = site
        .terms
        .iter()
        .map(|t| {
            let mut d = Map::new();
            d.insert("@type".into(), json!("DefinedTerm"));
            d.insert("name".into(), json!(t.meta.term));
            d.insert("description".into(), json!(t.meta.short));
            d.insert("termCode".into(), json!(t.slug));
            if !t.meta.aliases.is_empty() {
                let names: Vec<&str> = t.meta.aliases.iter().map(|(a, _)| a.as_str()).collect();
                d.insert("alternateName".into(), json!(names));
            }
            if let Some(u) = &set_url {
                d.insert("url".into(), json!(format!("{u}#{}", t.slug)));
            }
            Value::Object(d)
        })
        .collect();
    let mut m = Map::new();
    m.insert("@context".into(), json!("https://schema.org"));
    m.insert("@type".into(), json!("DefinedTermSet"));
    m.insert(
        "name".into(),
        json!(site.strings.with(
            "jsonld-glossary",
            &[("site", site.config.title.as_str().into())]
        )),
    );
    if let Some(u) = set_url {
        m.insert("url".into(), json!(u));
    }
    m.insert("hasDefinedTerm".into(), Value::Array(terms));
    Value::Object(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_text_cannot_close_the_element() {
        let v = json!({ "headline": "</script><script>alert(1)</script>" });
        let s = to_script(&v);
        assert!(!s.contains("</script"));
        let back: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back["headline"], "</script><script>alert(1)</script>");
        let amp = to_script(&json!("a & b <c> ش&"));
        assert_eq!(amp, "\"a \\u0026 b \\u003cc\\u003e ش\\u0026\"");
    }
}
