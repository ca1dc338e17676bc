//! Machine-readable outputs built from the model: the Atom feed of updates, the sitemap,
//! `robots.txt`, and `timeline.json` in the TimelineJS3 format.
//!
//! Feeds and sitemaps need absolute URLs, so they exist only when `base_url` is set
//! (never written with broken URLs). Pure: model in, bytes out; dates come from content,
//! never from the clock, so output is deterministic.

use serde_json::{json, Map, Value};

use crate::dates::PartialDate;
use crate::html::escape_text;
use crate::model::{self, urls, Site};
use crate::parse::frontmatter::{Update, UpdateKind};

/// `2024-01-27T00:00:00Z` from a date of any precision (its first day).
pub fn rfc3339(d: PartialDate) -> String {
    format!("{}T00:00:00Z", d.first_day())
}

fn xml(s: &str) -> String {
    crate::html::escape_attr(s)
}

/// "Update", "Correction", "Clarification" in the edition's language.
fn kind_label(site: &Site, k: UpdateKind) -> String {
    site.strings.get(match k {
        UpdateKind::Update => "update",
        UpdateKind::Correction => "correction",
        UpdateKind::Clarification => "clarification",
    })
}

struct Entry<'a> {
    page_title: &'a str,
    path: String,
    update: &'a Update,
    /// Position of the update in its page's list, for a stable id.
    n: usize,
}

/// The Atom feed of every `updates` entry of the explainer and the background pages,
/// newest first.
pub fn atom(site: &Site, base: &str) -> String {
    let entries = feed_entries(site);
    let updated = entries
        .first()
        .map(|e| e.update.date)
        .unwrap_or_else(|| model::as_of(site));
    let mut out = feed_head(site, base, updated);
    for e in &entries {
        out.push_str(&feed_entry(site, e, base));
    }
    out.push_str("</feed>\n");
    out
}

/// Every update of the explainer and the background pages, newest first; ties in page
/// order, then written order, so bytes never vary.
fn feed_entries(site: &Site) -> Vec<Entry<'_>> {
    let pages = std::iter::once((
        &site.explainer.meta.title,
        String::new(),
        &site.explainer.meta.updates,
    ))
    .chain(site.background.iter().map(|d| {
        let path = urls::public(&urls::background(&d.slug)).to_string();
        (&d.meta.title, path, &d.meta.updates)
    }));
    let mut entries: Vec<Entry<'_>> = vec![];
    for (title, path, updates) in pages {
        entries.extend(updates.iter().enumerate().map(|(n, u)| Entry {
            page_title: title,
            path: path.clone(),
            update: u,
            n,
        }));
    }
    entries.sort_by_key(|e| std::cmp::Reverse(e.update.date));
    entries
}

/// The feed's own elements, before its entries.
fn feed_head(site: &Site, base: &str, updated: PartialDate) -> String {
    let author = site
        .config
        .publisher
        .as_ref()
        .map_or(site.config.title.as_str(), |p| p.name.as_str());
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        xml(&site.config.language)
    ));
    out.push_str(&format!("  <title>{}</title>\n", xml(&site.config.title)));
    if !site.config.description.is_empty() {
        out.push_str(&format!(
            "  <subtitle>{}</subtitle>\n",
            xml(&site.config.description)
        ));
    }
    out.push_str(&format!("  <id>{}</id>\n", xml(base)));
    out.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        xml(base)
    ));
    out.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}{}\"/>\n",
        xml(base),
        urls::ATOM
    ));
    out.push_str(&format!("  <updated>{}</updated>\n", rfc3339(updated)));
    out.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        xml(author)
    ));
    out
}

fn feed_entry(site: &Site, e: &Entry<'_>, base: &str) -> String {
    let url = format!("{base}{}", e.path);
    let id = format!("{url}#update-{}-{}", e.update.date, e.n + 1);
    let mut out = String::from("  <entry>\n");
    // The title says what changed (a reader sees it in a list of entries), not the
    // page's headline once per update; the summary says where. See issue 16, point 6.
    let kind = kind_label(site, e.update.kind);
    let summary = e.update.summary.as_str();
    let title = match e.update.kind {
        UpdateKind::Update => summary.to_string(),
        _ => site.strings.with(
            "feed-entry",
            &[("kind", kind.as_str().into()), ("summary", summary.into())],
        ),
    };
    out.push_str(&format!("    <title>{}</title>\n", xml(&title)));
    out.push_str(&format!("    <id>{}</id>\n", xml(&id)));
    out.push_str(&format!(
        "    <link rel=\"alternate\" type=\"text/html\" href=\"{}#d_updates\"/>\n",
        xml(&url)
    ));
    out.push_str(&format!(
        "    <updated>{}</updated>\n",
        rfc3339(e.update.date)
    ));
    let where_ = site.strings.with(
        "feed-summary",
        &[
            ("kind", kind.as_str().into()),
            ("page", e.page_title.into()),
            ("summary", summary.into()),
        ],
    );
    out.push_str(&format!("    <summary>{}</summary>\n", xml(&where_)));
    out.push_str("  </entry>\n");
    out
}

/// `sitemap.xml`: every page with its last change.
pub fn sitemap(site: &Site, base: &str) -> String {
    let entries = sitemap_entries(site);
    let c = &site.config;
    if c.editions.is_empty() {
        let mut out = String::from(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        for (path, date) in entries {
            out.push_str(&format!(
                "  <url><loc>{}</loc><lastmod>{}</lastmod></url>\n",
                xml(&format!("{base}{path}")),
                date.first_day()
            ));
        }
        out.push_str("</urlset>\n");
        return out;
    }
    // With language editions, each page is listed in every edition, each entry naming
    // all of them (and the original as x-default), as search engines ask.
    let langs: Vec<(&str, String)> = std::iter::once((c.language.as_str(), String::new()))
        .chain(
            c.editions
                .iter()
                .map(|e| (e.tag.as_str(), urls::edition(&e.tag, ""))),
        )
        .collect();
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for (path, date) in &entries {
        let links: String = langs
            .iter()
            .map(|(lang, prefix)| {
                format!(
                    "<xhtml:link rel=\"alternate\" hreflang=\"{lang}\" href=\"{}\"/>",
                    xml(&format!("{base}{prefix}{path}"))
                )
            })
            .chain(std::iter::once(format!(
                "<xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\"/>",
                xml(&format!("{base}{path}"))
            )))
            .collect();
        for (_, prefix) in &langs {
            out.push_str(&format!(
                "  <url><loc>{}</loc><lastmod>{}</lastmod>{links}</url>\n",
                xml(&format!("{base}{prefix}{path}")),
                date.first_day()
            ));
        }
    }
    out.push_str("</urlset>\n");
    out
}

/// Every page of the original with its last change, as sitemap paths.
fn sitemap_entries(site: &Site) -> Vec<(String, PartialDate)> {
    let as_of = model::as_of(site);
    let mut entries: Vec<(String, PartialDate)> = vec![(String::new(), as_of)];
    let newest_bg = site
        .background
        .iter()
        .filter_map(|d| page_date(d.meta.updated, &d.meta.updates))
        .max()
        .unwrap_or(as_of);
    entries.push((urls::public(urls::BACKGROUND_INDEX).into(), newest_bg));
    for d in &site.background {
        let date =
            page_date(d.meta.updated, &d.meta.updates).unwrap_or(site.explainer.meta.published);
        entries.push((urls::public(&urls::background(&d.slug)).to_string(), date));
    }
    let newest_event = site
        .events
        .iter()
        .map(|e| e.meta.end_date.unwrap_or(e.meta.date))
        .max()
        .unwrap_or(as_of);
    let timeline_date = newest_event.min(as_of).max(site.explainer.meta.published);
    entries.push((urls::public(urls::TIMELINE).into(), timeline_date));
    // A timeline split by year: each year's page, dated by its newest event.
    for part in site.timeline_parts.iter().filter(|p| p.year.is_some()) {
        let newest = site.events[part.events.clone()]
            .iter()
            .map(|e| e.meta.end_date.unwrap_or(e.meta.date))
            .max()
            .unwrap_or(as_of);
        let date = newest.min(as_of).max(site.explainer.meta.published);
        entries.push((urls::public(&part.path).to_string(), date));
    }
    entries.push((urls::public(urls::GLOSSARY).into(), as_of));
    for d in &site.pages {
        let date = d.meta.updated.unwrap_or(site.explainer.meta.published);
        entries.push((urls::public(&urls::page(&d.slug)).to_string(), date));
    }
    if super::credits::generated(site) {
        entries.push((urls::public(urls::CREDITS).into(), as_of));
    }
    entries
}

fn page_date(updated: Option<PartialDate>, updates: &[Update]) -> Option<PartialDate> {
    updates.iter().map(|u| u.date).chain(updated).max()
}

pub fn robots(base: Option<&str>) -> String {
    let mut out = String::from("User-agent: *\nAllow: /\n");
    if let Some(b) = base {
        out.push_str(&format!("Sitemap: {b}{}\n", urls::SITEMAP));
    }
    out
}

/// Plain text for a TimelineJS3 label (`display_date`, `group`). TimelineJS 3.9 first
/// takes such a field's text from it read as HTML (`stripMarkup`: references decoded,
/// tags dropped), then sets that text as HTML: so it is escaped twice, and a `<` or `&`
/// in it reaches the reader as written. (`headline` and `text` it sanitises with
/// DOMPurify and sets as HTML: those are escaped once.) See: issue 21, point 3.
fn timelinejs_label(text: &str) -> String {
    escape_text(&escape_text(text))
}

/// `timeline.json` for the Knight Lab TimelineJS3 widget: one slide per event, with the
/// event's slug as `unique_id` so deep links survive headline edits.
/// `texts` holds each event's plain text, in event order.
pub fn timelinejs(site: &Site, texts: &[&str]) -> String {
    let date = |d: PartialDate| {
        let mut m = Map::new();
        m.insert("year".into(), json!(d.year));
        if d.month != 0 {
            m.insert("month".into(), json!(d.month));
        }
        if d.day != 0 {
            m.insert("day".into(), json!(d.day));
        }
        Value::Object(m)
    };
    let events: Vec<Value> = site
        .events
        .iter()
        .zip(texts)
        .map(|(e, text)| {
            let m = &e.meta;
            let mut slide = Map::new();
            slide.insert("unique_id".into(), json!(e.slug));
            slide.insert("start_date".into(), date(m.date));
            if let Some(end) = m.end_date {
                slide.insert("end_date".into(), date(end));
            }
            if let Some(d) = &m.display_date {
                slide.insert("display_date".into(), json!(timelinejs_label(d)));
            }
            slide.insert(
                "text".into(),
                json!({
                    "headline": escape_text(&m.title),
                    "text": format!("<p>{}</p>", escape_text(text.trim())),
                }),
            );
            if let Some(g) = &m.group {
                slide.insert("group".into(), json!(timelinejs_label(g)));
            }
            Value::Object(slide)
        })
        .collect();
    let doc = json!({
        "title": {
            "text": {
                "headline": escape_text(&site.config.title),
                "text": escape_text(&site.config.description),
            }
        },
        "events": events,
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_become_rfc3339_at_their_first_day() {
        let d = PartialDate::parse("2024-01").unwrap();
        assert_eq!(rfc3339(d), "2024-01-01T00:00:00Z");
        assert_eq!(robots(None), "User-agent: *\nAllow: /\n");
    }

    #[test]
    fn timelinejs_labels_are_escaped_for_a_second_reading() {
        assert_eq!(
            timelinejs_label("a <b> & c"),
            "a &amp;lt;b&amp;gt; &amp;amp; c"
        );
    }
}
