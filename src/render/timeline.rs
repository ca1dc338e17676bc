//! The timeline's pages: every event on one page, or (a timeline split by year, see
//! `model::timeline`) an index page with the key events and the years, and a page per
//! year. Each page has the bar of years (beside the list on a wide screen), linking to
//! sections of the page or to the other pages, and filters the events it shows.

use std::collections::BTreeMap;

use serde::Serialize;

use super::pages::{bodiless, Pages};
use super::timeline_maps::{timeline_maps, MapLinks, TimelineMaps};
use super::views::*;
use super::{jsonld, OutputFile};
use crate::diag::Diagnostics;
use crate::model::places::PlaceEvent;
use crate::model::timeline::{TimelineLayout, TimelinePart};
use crate::model::urls;

/// An entry of the bar of years, or of the index of years.
#[derive(Serialize)]
struct YearLink {
    year: i32,
    /// The year's section on this page (`year_2024`), whatever page it links to.
    id: String,
    href: String,
    /// The year of the page being shown.
    current: bool,
    events: usize,
}

/// A key event, linked where its entry is.
#[derive(Serialize)]
struct KeyEventView<'a> {
    id: &'a str,
    href: String,
    title: &'a str,
    date: DateView,
    when: String,
}

impl<'a> Pages<'a> {
    /// Every page of the timeline: the one page, or the index and a page per year.
    pub(super) fn timeline(&self) -> Result<Vec<OutputFile>, Diagnostics> {
        let parts = &self.site.timeline_parts;
        let mut files = Vec::with_capacity(parts.len() + 1);
        let maps = self.maps()?;
        if self.site.timeline == TimelineLayout::ByYear {
            files.push(self.timeline_index(&maps.overview)?);
        }
        for (i, part) in parts.iter().enumerate() {
            files.push(self.timeline_part(i, part, &maps)?);
        }
        Ok(files)
    }

    /// The overview map (on the one page, or on the index of a timeline split by year)
    /// and each event's locator map, linked accordingly.
    fn maps(&self) -> Result<TimelineMaps, Diagnostics> {
        let layout = self.site.timeline;
        let links = match layout {
            TimelineLayout::OnePage => MapLinks {
                event: &|e: &PlaceEvent| format!("#{}", e.slug),
                overview: String::new(),
            },
            TimelineLayout::ByYear => MapLinks {
                event: &|e: &PlaceEvent| format!("{}{}", urls::ROOT_SECTION, e.url),
                overview: format!("{}{}", layout.root(), urls::TIMELINE),
            },
        };
        timeline_maps(self.site, self.r.tera, &links)
    }

    /// The events of one page, grouped by year, and the groups they belong to.
    fn timeline_years(
        &self,
        part: &TimelinePart,
        locators: &[Option<String>],
    ) -> (Vec<YearView<'a>>, Vec<GroupView>) {
        let (site, composed) = (self.site, self.composed);
        let root = site.timeline.root();
        let mut years: Vec<YearView<'_>> = vec![];
        let mut groups: BTreeMap<String, String> = BTreeMap::new();
        for i in part.events.clone() {
            let (d, c) = (&site.events[i], &composed.events[i]);
            let m = &d.meta;
            if let Some(g) = &m.group {
                groups.insert(g.clone(), group_id(g));
            }
            let (when_start, when_sep, when_end) = when_parts(site, m);
            let ev = EventView {
                id: &d.slug,
                heading_id: crate::model::timeline::event_heading_id(i),
                fallback: super::editions::fallback(site, &d.file),
                inherited: super::editions::inherited(site, &d.file),
                title: &m.title,
                date: DateView::new(m.date, &site.strings),
                end_date: m.end_date.map(|d| DateView::new(d, &site.strings)),
                when: format!("{when_start}{when_sep}{when_end}"),
                when_start,
                when_sep,
                when_end,
                key: m.key,
                group: m.group.as_deref(),
                group_id: m.group.as_deref().map(group_id),
                place: m.place.as_deref(),
                content: &c.html,
                marks: marks(&c.marks),
                cites: c.cites,
                mentions: links(&composed.event_backlinks[i], root),
                map: locators[i].clone(),
            };
            match years.last_mut() {
                Some(y) if y.year == m.date.year => y.events.push(ev),
                _ => years.push(YearView {
                    year: m.date.year,
                    id: year_id(m.date.year),
                    events: vec![ev],
                }),
            }
        }
        let groups = groups
            .into_iter()
            .map(|(name, id)| GroupView { name, id })
            .collect();
        (years, groups)
    }

    /// The bar of years as seen from the page at `root` showing `shown` (none: the index).
    fn year_links(&self, root: &str, shown: Option<i32>) -> Vec<YearLink> {
        let site = self.site;
        let one_page = site.timeline == TimelineLayout::OnePage;
        let mut links: Vec<YearLink> = vec![];
        for e in &site.events {
            let year = e.meta.date.year;
            match links.last_mut() {
                Some(l) if l.year == year => l.events += 1,
                _ => links.push(YearLink {
                    year,
                    id: year_id(year),
                    href: if one_page {
                        format!("#{}", year_id(year))
                    } else {
                        format!("{root}{}", site.timeline.page_of(year))
                    },
                    current: shown == Some(year),
                    events: 1,
                }),
            }
        }
        links
    }

    /// The key events (`key = true`), linked from the page at `root`.
    fn key_events(&self, root: &str) -> Vec<KeyEventView<'a>> {
        let site = self.site;
        let one_page = site.timeline == TimelineLayout::OnePage;
        site.events
            .iter()
            .filter(|e| e.meta.key)
            .map(|e| {
                let m = &e.meta;
                let (start, sep, end) = when_parts(site, m);
                KeyEventView {
                    id: &e.slug,
                    href: if one_page {
                        format!("#{}", e.slug)
                    } else {
                        format!("{root}{}", urls::event(site.timeline, m.date.year, &e.slug))
                    },
                    title: &m.title,
                    date: DateView::new(m.date, &site.strings),
                    when: format!("{start}{sep}{end}"),
                }
            })
            .collect()
    }

    /// The index of a timeline split by year: the key events and every year.
    fn timeline_index(&self, places_map: &Option<String>) -> Result<OutputFile, Diagnostics> {
        let page = bodiless(vec![], &[]);
        let root = urls::ROOT_SECTION;
        let strings = &self.site.strings;
        let (title, summary) = (
            strings.get("nav-timeline"),
            strings.get("timeline-index-summary"),
        );
        let view = self
            .r
            .view("timeline", root, urls::TIMELINE, &title, &summary, &page);
        let year_links = self.year_links(root, None);
        self.r.page("timeline.html", urls::TIMELINE, view, |c| {
            c.insert("key_events", &self.key_events(root));
            c.insert("year_links", &year_links);
            c.insert("year_pages", &year_links);
            c.insert("all_years", &None::<String>);
            c.insert("previous_year", &None::<YearLink>);
            c.insert("next_year", &None::<YearLink>);
            c.insert("years", &Vec::<YearView<'_>>::new());
            c.insert("groups", &Vec::<GroupView>::new());
            c.insert("places_map", places_map);
        })
    }

    /// A page of events: the whole timeline, or the events of one year.
    fn timeline_part(
        &self,
        i: usize,
        part: &TimelinePart,
        maps: &TimelineMaps,
    ) -> Result<OutputFile, Diagnostics> {
        let (site, composed) = (self.site, self.composed);
        let (years, groups) = self.timeline_years(part, &maps.locators);
        // The overview map is on the one page, or on the index of a split timeline.
        let places_map = match site.timeline {
            TimelineLayout::OnePage => maps.overview.clone(),
            TimelineLayout::ByYear => None,
        };
        let own = &composed.timeline_pages[i];
        let page = bodiless(own.cited.clone(), &own.credits);
        let root = site.timeline.root();
        let jsonld = jsonld::timeline(site, &site.events[part.events.clone()]);
        let strings = &site.strings;
        let title = super::social::timeline_title(site, part.year);
        let summary = match part.year {
            None => strings.get("timeline-summary"),
            Some(y) => strings.with("timeline-year-summary", &[("year", y.to_string().into())]),
        };
        let view = PageView {
            jsonld: Some(jsonld::to_script(&jsonld)),
            ..self
                .r
                .view("timeline", root, &part.path, &title, &summary, &page)
        };
        let key_events = match part.year {
            None => self.key_events(root),
            Some(_) => vec![],
        };
        let year_links = self.year_links(root, part.year);
        let all_years = part.year.map(|_| format!("{root}{}", urls::TIMELINE));
        // A year's page leads on to the years before and after it.
        let at = year_links.iter().position(|l| l.current);
        let step = |i: Option<usize>| i.and_then(|i| year_links.get(i));
        let previous = step(at.and_then(|i| i.checked_sub(1)));
        let next = step(at.map(|i| i + 1));
        self.r.page("timeline.html", &part.path, view, |c| {
            c.insert("key_events", &key_events);
            c.insert("year_links", &year_links);
            c.insert("year_pages", &Vec::<YearLink>::new());
            c.insert("all_years", &all_years);
            c.insert("previous_year", &previous);
            c.insert("next_year", &next);
            c.insert("years", &years);
            c.insert("groups", &groups);
            c.insert("places_map", &places_map);
        })
    }
}

/// An event's date as shown, in parts: `display_date` as written, or the date or range
/// as the edition writes dates.
fn when_parts(
    site: &crate::model::Site,
    m: &crate::parse::frontmatter::EventMeta,
) -> (String, &'static str, String) {
    match (&m.display_date, m.end_date) {
        (Some(shown), _) => (shown.clone(), "", String::new()),
        (None, Some(end)) => site.strings.range_parts(m.date, end),
        (None, None) => (site.strings.date(m.date), "", String::new()),
    }
}

/// The id of a year's section of events.
fn year_id(year: i32) -> String {
    format!("year_{year}")
}
