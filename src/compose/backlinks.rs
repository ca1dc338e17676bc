//! "Mentioned in" lists: which pages (and which of their sections) mention each glossary
//! term and timeline event, from the mentions compose recorded on each page. Labels and
//! URLs only; the lists are rendered elsewhere.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::markdown::Mention;
use crate::model::targets::Mentioned;
use crate::model::{urls, Site};

use super::ComposedPage;

/// A place that mentions a term or event, for its "Mentioned in" list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backlink {
    /// "Explainer › What happened", "Timeline: First session of the HMC".
    pub label: String,
    /// From the site root, with the section's fragment: `index.html#what-happened`.
    pub url: String,
}

/// Turns every page's mentions into "Mentioned in" lists for terms and events, in page
/// order: explainer, background pages, timeline, glossary.
pub(super) fn backlinks(
    site: &Site,
    explainer: &ComposedPage,
    background: &[Arc<ComposedPage>],
    timeline: &[Vec<Mention>],
    glossary: &[Mention],
) -> (Vec<Vec<Backlink>>, Vec<Vec<Backlink>>) {
    let mut lists = Lists::new(site);
    for m in &explainer.mentions {
        lists.add(
            m,
            &site.strings.get("nav-explainer"),
            urls::EXPLAINER,
            Entries::None,
        );
    }
    for (d, p) in site.background.iter().zip(background) {
        let url = urls::background(&d.slug);
        for m in &p.mentions {
            lists.add(m, &d.meta.title, &url, Entries::None);
        }
    }
    // Each page of events mentions from its own URL (one page, or one per year).
    let timeline_name = site.strings.get("nav-timeline");
    for (part, mentions) in site.timeline_parts.iter().zip(timeline) {
        for m in mentions {
            lists.add(m, &timeline_name, &part.path, Entries::Events);
        }
    }
    for m in glossary {
        lists.add(
            m,
            &site.strings.get("nav-glossary"),
            urls::GLOSSARY,
            Entries::Terms,
        );
    }
    (lists.terms, lists.events)
}

/// Whose entries a page's sections are: a mention from an entry is labelled with the
/// entry's title, and an entry does not list itself.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Entries {
    None,
    Events,
    Terms,
}

/// The lists being filled, and the site they are about.
struct Lists<'a> {
    site: &'a Site,
    /// Per glossary term.
    terms: Vec<Vec<Backlink>>,
    /// Per timeline event.
    events: Vec<Vec<Backlink>>,
    event_index: BTreeMap<&'a str, usize>,
}

impl<'a> Lists<'a> {
    fn new(site: &'a Site) -> Lists<'a> {
        Lists {
            site,
            terms: vec![vec![]; site.terms.len()],
            events: vec![vec![]; site.events.len()],
            event_index: site
                .events
                .iter()
                .enumerate()
                .map(|(i, e)| (e.slug.as_str(), i))
                .collect(),
        }
    }

    /// Adds mention `m` on the page at `page_url` to its target's list, once.
    fn add(&mut self, m: &Mention, page_label: &str, page_url: &str, entries: Entries) {
        let entry_page = entries != Entries::None;
        let (url, label) = match &m.section {
            Some((id, title)) if entry_page => {
                (format!("{page_url}#{id}"), format!("{page_label}: {title}"))
            }
            Some((id, title)) => (
                format!("{page_url}#{id}"),
                format!("{page_label} › {title}"),
            ),
            None => (page_url.to_string(), page_label.to_string()),
        };
        let own_id = m.section.as_ref().map(|(id, _)| id.as_str());
        let list = match &m.target {
            Mentioned::Term(t) => {
                // A term's own entry does not list itself.
                if entries == Entries::Terms
                    && own_id == self.site.terms.get(*t).map(|d| d.slug.as_str())
                {
                    return;
                }
                self.terms.get_mut(*t)
            }
            Mentioned::Event(slug) => {
                if entries == Entries::Events && own_id == Some(slug.as_str()) {
                    return;
                }
                self.event_index
                    .get(slug.as_str())
                    .and_then(|&i| self.events.get_mut(i))
            }
        };
        if let Some(list) = list {
            let b = Backlink { label, url };
            if !list.contains(&b) {
                list.push(b);
            }
        }
    }
}
