//! The template contract: every value a template receives, as view structs built from
//! the model and the composed pages (templates never see the model itself), and the
//! small functions that build the parts pages share (navigation, references, marks,
//! "mentioned in" links, updates). The README documents these fields.

use serde::Serialize;

use crate::compose::{self, Mark};
use crate::dates::PartialDate;
use crate::markdown::{Cited, TocEntry};
use crate::model::strings::Strings;
use crate::model::{self, urls, Site};
use crate::parse::config::Publisher;
use crate::parse::frontmatter::{Update, UpdateKind};

#[derive(Serialize)]
pub(super) struct SiteView<'a> {
    pub(super) title: &'a str,
    pub(super) description: &'a str,
    pub(super) language: &'a str,
    pub(super) dir: &'a str,
    pub(super) base_url: Option<&'a str>,
    pub(super) publisher: Option<&'a Publisher>,
    pub(super) as_of: DateView,
    /// The standalone pages, linked from every page's footer.
    pub(super) pages: Vec<super::standalone::PageLink<'a>>,
    /// In an edition, the original's language and direction: `lang` and `dir` for the
    /// text a page shows in the original's words.
    pub(super) original: Option<(String, &'static str)>,
}

#[derive(Serialize, Clone)]
pub(super) struct DateView {
    /// Exactly as written: `2024`, `2024-01`, `2024-01-27`.
    pub(super) iso: String,
    /// `27 January 2024`.
    pub(super) human: String,
}

impl DateView {
    /// A date as the edition writes it.
    pub(super) fn new(d: PartialDate, strings: &crate::model::strings::Strings) -> DateView {
        DateView {
            iso: d.to_string(),
            human: strings.date(d),
        }
    }
}

#[derive(Serialize)]
pub(super) struct NavItem {
    pub(super) label: String,
    pub(super) url: String,
    pub(super) current: bool,
}

#[derive(Serialize)]
pub(super) struct UpdateView {
    pub(super) date: DateView,
    pub(super) kind: UpdateKind,
    pub(super) summary: String,
}

#[derive(Serialize)]
pub(super) struct ReferenceView<'a> {
    pub(super) number: usize,
    pub(super) id: &'a str,
    pub(super) title: &'a str,
    pub(super) publisher: Option<&'a str>,
    pub(super) date: Option<DateView>,
    /// `None` for a source not on the web: the list shows its title as text.
    pub(super) url: Option<&'a str>,
    pub(super) backrefs: Vec<BackrefView<'a>>,
}

/// A link from a source in the references list back to one place that cites it.
#[derive(Serialize)]
pub(super) struct BackrefView<'a> {
    /// The citing place's id.
    pub(super) id: &'a str,
    /// `a`, `b`, `c`… in page order, as printed references label them.
    pub(super) label: String,
    /// The title of the section the citation sits in, for screen readers.
    pub(super) section: Option<&'a str>,
    /// The id of the element naming that section (a timeline event's heading), when
    /// there is one: the link is then described by [`IN_LABEL`] and it, with no hidden
    /// copy of the title.
    pub(super) section_label: Option<&'a str>,
    /// Set on the first back-link of a run in one section: the id of the hidden label
    /// that says, once for the run, where its links go ("…source 1 in “Section”").
    pub(super) group: Option<String>,
    /// The id of that label, every link of the run's accessible description: the label is
    /// written once per section rather than once per link (a timeline's list of sources
    /// was a fifth of its page).
    pub(super) described_by: String,
}

#[derive(Serialize)]
pub(super) struct MarkView<'a> {
    pub(super) number: usize,
    /// The id the references list links back to.
    pub(super) backref: &'a str,
}

#[derive(Serialize)]
pub(super) struct PageView<'a> {
    /// `explainer`, `background`, `background_index`, `timeline`, `glossary` or `page`.
    pub(super) kind: &'static str,
    /// Relative path to the site root: prefix every internal URL with it.
    pub(super) root: &'static str,
    /// This page's path from the site root, e.g. `timeline/index.html`.
    pub(super) path: String,
    pub(super) canonical: Option<String>,
    pub(super) title: &'a str,
    pub(super) summary: &'a str,
    pub(super) nav: Vec<NavItem>,
    pub(super) content: &'a str,
    pub(super) toc: &'a [TocEntry],
    pub(super) references: Vec<ReferenceView<'a>>,
    pub(super) marks: Vec<MarkView<'a>>,
    /// Its body cites sources: `marks` are further ones.
    pub(super) cites: bool,
    pub(super) updates: Vec<UpdateView>,
    pub(super) published: Option<DateView>,
    pub(super) updated: Option<DateView>,
    pub(super) authors: &'a [String],
    /// schema.org JSON-LD, already safe to place inside `<script>`.
    pub(super) jsonld: Option<String>,
    /// Relative URL of the Atom feed, when the site has one.
    pub(super) feed: Option<String>,
    /// The credited images on the page (`what`, `credit`, `license`).
    pub(super) credits: &'a [crate::markdown::Credit],
    /// What link previews show (`og:image`): `None` without `base_url`.
    pub(super) social: Option<super::social::SocialView>,
    /// This page in every language edition (empty without editions).
    pub(super) alternates: Vec<super::editions::Alternate>,
    /// In an edition: the page falls back to the original, or its translation is old.
    pub(super) edition: Option<super::editions::EditionNote>,
}

#[derive(Serialize)]
pub(super) struct BackgroundItem<'a> {
    pub(super) title: &'a str,
    pub(super) summary: &'a str,
    pub(super) url: String,
    pub(super) updated: Option<DateView>,
}

#[derive(Serialize)]
pub(super) struct EventView<'a> {
    pub(super) id: &'a str,
    /// The id of the event's heading, which its permalink and back-links point at
    /// ([`crate::model::timeline::event_heading_id`]).
    pub(super) heading_id: String,
    /// In an edition, an untranslated entry: the original's language and direction.
    pub(super) fallback: Option<(String, &'static str)>,
    /// In an edition, the text fields this translated entry shows in the original's
    /// words (marked with `site.original`).
    pub(super) inherited: Vec<String>,
    pub(super) title: &'a str,
    pub(super) date: DateView,
    pub(super) end_date: Option<DateView>,
    /// What to show: `display_date` if written, else the computed range.
    pub(super) when: String,
    /// `when` in parts, so the end date keeps its own `<time>`: the start's text (or
    /// `display_date`), then the separator and the end's text (both empty with a
    /// `display_date`, whose end `<time>` carries only its `datetime`).
    pub(super) when_start: String,
    pub(super) when_sep: &'static str,
    pub(super) when_end: String,
    /// Listed among the key events at the top of the timeline (`key = true`).
    pub(super) key: bool,
    pub(super) group: Option<&'a str>,
    pub(super) group_id: Option<String>,
    pub(super) place: Option<&'a str>,
    pub(super) content: &'a str,
    pub(super) marks: Vec<MarkView<'a>>,
    /// Its text cites sources: `marks` are further ones.
    pub(super) cites: bool,
    pub(super) mentions: Vec<LinkView>,
    /// The locator map of the event's places (HTML), if it has places.
    pub(super) map: Option<String>,
}

/// A labelled link, relative to the current page.
#[derive(Serialize)]
pub(super) struct LinkView {
    pub(super) label: String,
    pub(super) url: String,
}

#[derive(Serialize)]
pub(super) struct YearView<'a> {
    pub(super) year: i32,
    pub(super) id: String,
    pub(super) events: Vec<EventView<'a>>,
}

#[derive(Serialize)]
pub(super) struct GroupView {
    pub(super) name: String,
    pub(super) id: String,
}

#[derive(Serialize)]
pub(super) struct TermView<'a> {
    pub(super) id: &'a str,
    /// In an edition, an untranslated entry: the original's language and direction.
    pub(super) fallback: Option<(String, &'static str)>,
    /// As an event's `inherited`.
    pub(super) inherited: Vec<String>,
    pub(super) term: &'a str,
    pub(super) kind: crate::parse::frontmatter::TermKind,
    pub(super) aliases: Vec<&'a str>,
    pub(super) short: &'a str,
    pub(super) content: &'a str,
    pub(super) marks: Vec<MarkView<'a>>,
    /// Its text cites sources: `marks` are further ones.
    pub(super) cites: bool,
    pub(super) mentions: Vec<LinkView>,
}

#[derive(Serialize)]
pub(super) struct LetterView<'a> {
    pub(super) letter: String,
    pub(super) id: String,
    pub(super) terms: Vec<TermView<'a>>,
}

pub(super) fn site_view(site: &Site) -> SiteView<'_> {
    SiteView {
        title: &site.config.title,
        description: &site.config.description,
        language: &site.config.language,
        dir: site.config.dir,
        base_url: site.config.base_url.as_deref(),
        publisher: site.config.publisher.as_ref(),
        as_of: DateView::new(model::as_of(site), &site.strings),
        pages: super::standalone::page_links(site),
        original: super::editions::original(site),
    }
}

/// An SVG as a `data:` URI, for pages that cannot rely on relative URLs (the 404 page).
pub(super) fn svg_data_uri(svg: &str) -> String {
    let mut out = String::from("data:image/svg+xml,");
    for b in svg.trim().bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~=:/,".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

pub(super) fn nav(
    kind: &str,
    root: &str,
    strings: &crate::model::strings::Strings,
) -> Vec<NavItem> {
    let item = |label: &str, target: &str, k: &str| NavItem {
        label: strings.get(label),
        url: format!("{root}{target}"),
        current: kind == k || (k == "background" && kind == "background_index"),
    };
    vec![
        item("nav-explainer", urls::EXPLAINER, "explainer"),
        item("nav-background", urls::BACKGROUND_INDEX, "background"),
        item("nav-timeline", urls::TIMELINE, "timeline"),
        item("nav-glossary", urls::GLOSSARY, "glossary"),
    ]
}

pub(super) fn references<'a>(site: &'a Site, cited: &'a [Cited]) -> Vec<ReferenceView<'a>> {
    // The letters are an interface string formatted by Fluent: not for a page citing none.
    if cited.is_empty() {
        return vec![];
    }
    let letters = backref_letters(site);
    cited
        .iter()
        .filter_map(|c| {
            let s = &site.sources[*site.source_index.get(&c.id)?];
            Some(ReferenceView {
                number: c.number,
                id: &s.id,
                title: &s.title,
                publisher: s.publisher.as_deref(),
                date: s.date.map(|d| DateView::new(d, &site.strings)),
                url: s.url.as_deref(),
                backrefs: backrefs(c, &letters),
            })
        })
        .collect()
}

/// The id of the hidden "In" the timeline writes once (`timeline.html`, before its years),
/// which with a section's heading describes a back-link: "In <the event's title>".
const IN_LABEL: &str = "d_in";

fn backrefs<'c>(c: &'c Cited, letters: &[String]) -> Vec<BackrefView<'c>> {
    let mut group = String::new();
    c.backrefs
        .iter()
        .zip(&c.sections)
        .zip(&c.labels)
        .enumerate()
        .map(|(i, ((id, section), section_label))| {
            let label = letter_label(i, letters);
            if let Some(named) = section_label {
                return BackrefView {
                    id,
                    label,
                    section: section.as_deref(),
                    section_label: Some(named),
                    group: None,
                    described_by: format!("{IN_LABEL} {named}"),
                };
            }
            let starts = i == 0 || c.sections[i - 1] != *section;
            if starts {
                group = format!("d_cited_{}_{label}", c.number);
            }
            BackrefView {
                id,
                label,
                section: section.as_deref(),
                section_label: None,
                group: starts.then(|| group.clone()),
                described_by: group.clone(),
            }
        })
        .collect()
}

/// The edition's letters for back-links (`backref-letters`, separated by spaces:
/// `a`…`z` in English, أ ب ج د… in Arabic).
fn backref_letters(site: &Site) -> Vec<String> {
    let letters: Vec<String> = site
        .strings
        .get("backref-letters")
        .split_whitespace()
        .map(str::to_string)
        .collect();
    if letters.is_empty() {
        ('a'..='z').map(String::from).collect()
    } else {
        letters
    }
}

/// `a`…`z`, then `aa`, `ab`… (in the edition's letters): the label of the `i`-th
/// back-link (from 0).
fn letter_label(i: usize, letters: &[String]) -> String {
    let n = letters.len();
    if i < n {
        letters[i].clone()
    } else {
        format!("{}{}", letters[(i / n - 1) % n], letters[i % n])
    }
}

pub(super) fn marks(marks: &[Mark]) -> Vec<MarkView<'_>> {
    marks
        .iter()
        .map(|m| MarkView {
            number: m.number,
            backref: &m.backref,
        })
        .collect()
}

/// Backlinks as links from a page at depth `root`; links within the same page keep
/// only their fragment.
pub(super) fn links(back: &[compose::Backlink], root: &str) -> Vec<LinkView> {
    back.iter()
        .map(|b| LinkView {
            label: b.label.clone(),
            url: format!("{root}{}", b.url),
        })
        .collect()
}

/// Newest first, as the "what changed" log reads.
pub(super) fn updates(list: &[Update], strings: &Strings) -> Vec<UpdateView> {
    let mut v: Vec<&Update> = list.iter().collect();
    v.sort_by_key(|u| std::cmp::Reverse(u.date));
    v.into_iter()
        .map(|u| UpdateView {
            date: DateView::new(u.date, strings),
            kind: u.kind,
            summary: u.summary.clone(),
        })
        .collect()
}

pub(super) fn group_id(g: &str) -> String {
    format!("group-{}", crate::slug::slugify(g))
}

#[cfg(test)]
mod tests {
    use super::letter_label;

    #[test]
    fn back_links_are_lettered_in_the_editions_alphabet() {
        let latin: Vec<String> = ('a'..='z').map(String::from).collect();
        let labels: Vec<String> = [0, 1, 25, 26, 27]
            .iter()
            .map(|&i| letter_label(i, &latin))
            .collect();
        assert_eq!(labels, ["a", "b", "z", "aa", "ab"]);
        let abjad: Vec<String> = "أ ب ج د هـ".split(' ').map(String::from).collect();
        assert_eq!(letter_label(4, &abjad), "هـ");
        assert_eq!(letter_label(6, &abjad), "أب");
    }
}
