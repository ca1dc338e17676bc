//! Markdown → HTML: pulldown-cmark events passed through Dossier's adapters.
//!
//! One pass over the events (with their byte ranges, so every problem is reported at its
//! line) does: heading ids, anchors and the table of contents; cross-references
//! `@/kind/file.md#anchor`; citations `[@S1; @S2]`; forced glossary links `[[HMC]]`;
//! glossary auto-links on first mention; footnotes with page-unique ids; fenced code
//! through syntect; components (`figure`, `quote`, `numbers`, `embed`, callouts) and
//! images of `static/` through their templates. Never regex over HTML (mdBook's regret); no I/O here.
//!
//! `to_html_observed` drives the pass; `adapter` holds the state and the dispatch, and
//! each kind of event is adapted beside what it is about: `headings`, `code`, `links`,
//! `citations`, `terms`. `page` holds what the bodies of one output page share.

mod adapter;
mod callouts;
mod charts;
mod citations;
mod code;
mod components;
mod embeds;
mod figures;
mod headings;
pub mod highlight;
mod links;
mod maps;
mod page;
mod plain;
mod raw_html;
pub mod sections;
mod tables;
mod terms;

use std::collections::BTreeSet;
use std::path::Path;

use pulldown_cmark::{CodeBlockKind, Event, Parser, TextMergeWithOffset};

use crate::diag::Diagnostic;
use crate::model::images::Images;
use crate::model::places::Places;
use crate::model::targets::{Glossary, LinkTarget, Mentioned};
use crate::parse::body::options;
use adapter::BodyAdapter;
use citations::citation_as_link;
pub use citations::parse_citation;
pub use components::ComponentTemplates;
pub use page::{Citations, Cited, Credit, PageState};
pub use plain::plain_text;
pub use raw_html::RawHtmlPolicy;

/// One place on a page that mentions a term or event: the section it sits in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub target: Mentioned,
    /// The id and title of the enclosing section (heading, event or term), if any.
    pub section: Option<(String, String)>,
}

/// Everything a page's markdown may refer to.
pub struct Refs<'a> {
    /// Keyed by the path after `@/`: `background/x.md`, `timeline/y.md`, `index.md`.
    pub pages: &'a rustc_hash::FxHashMap<String, LinkTarget>,
    pub source_ids: &'a BTreeSet<String>,
    /// False when sources.toml could not be read: citations are then not checked.
    pub sources_readable: bool,
    pub glossary: &'a Glossary,
    /// What raw HTML may do (`[raw_html]` in dossier.toml).
    pub raw_html: RawHtmlPolicy,
    /// The images of `static/` that figures may show.
    pub images: &'a Images,
    /// The places that `map` blocks may show, with the events that name each.
    pub places: &'a Places,
    /// The templates that draw components (figures, quotes, callouts…).
    pub components: &'a dyn ComponentTemplates,
    /// "Source", in the edition's language: read out before a citation's number.
    pub source_label: &'a str,
    /// "Link to this section", in the edition's language: a heading anchor's name.
    pub section_label: &'a str,
    /// The data tables that charts and numbers read, by stem.
    pub tables: &'a crate::model::data::Tables,
    /// The edition's strings, dates and numbers: "Table 2", a chart's dates and digits.
    pub strings: &'a crate::model::strings::Strings,
}

impl<'a> Refs<'a> {
    /// Everything the markdown of `site` may refer to (`source_ids`: its source ids).
    pub fn of_site(
        site: &'a crate::model::Site,
        (source_ids, labels): (&'a BTreeSet<String>, &'a [String; 2]),
        components: &'a dyn ComponentTemplates,
    ) -> Refs<'a> {
        Refs {
            pages: &site.link_targets,
            source_ids,
            sources_readable: site.sources_readable,
            glossary: &site.glossary,
            raw_html: RawHtmlPolicy::of(&site.config),
            images: &site.images,
            places: &site.places,
            components,
            source_label: &labels[0],
            section_label: &labels[1],
            tables: &site.tables,
            strings: &site.strings,
        }
    }
}

/// Where the body comes from and how to render it.
pub struct Body<'a> {
    /// The file, relative to the site root, for diagnostics.
    pub file: &'a Path,
    /// The file's full text; the body is `text[offset..]`.
    pub text: &'a str,
    pub offset: usize,
    /// The lowest heading level the body may use (page title is h1; a timeline event's
    /// body sits under an h3). Headings above it are lowered to it.
    pub heading_floor: u8,
    /// The term whose own definition this is: never auto-linked inside it.
    pub own_term: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub text: String,
    /// Subsections (level-3 headings under a level-2 one).
    pub children: Vec<TocEntry>,
}

#[derive(Debug, Default)]
pub struct BodyHtml {
    pub html: String,
    pub toc: Vec<TocEntry>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Renders one body. Problems (broken references, unknown languages) come back as
/// diagnostics; the HTML is still produced so every problem of a build is found at once.
pub fn to_html(body: &Body<'_>, refs: &Refs<'_>, page: &mut PageState) -> BodyHtml {
    to_html_observed(body, refs, page, &mut |_| {})
}

/// [`render`], showing `observe` every event of the parse as it comes (adjacent text
/// merged), before anything is changed: what else needs the body's events (the search
/// index's section texts) gets them from this parse instead of a second one.
pub fn to_html_observed(
    body: &Body<'_>,
    refs: &Refs<'_>,
    page: &mut PageState,
    observe: &mut dyn FnMut(&Event<'_>),
) -> BodyHtml {
    let md = &body.text[body.offset..];
    let parser = Parser::new_with_broken_link_callback(md, options(), Some(citation_as_link));
    let mut adapter = BodyAdapter::new(body, refs, page);
    for (event, range) in TextMergeWithOffset::new(parser.into_offset_iter()) {
        observe(&event);
        adapter.feed(event, range);
    }
    adapter.finish()
}

/// Whether a markdown body has a code block, found without rendering it: the
/// stylesheet's hashed name must be known before any page is rendered, and the
/// highlighting CSS is part of the stylesheet only when some page has code.
pub fn has_code(md: &str) -> bool {
    // Only a fence or an indented line can open a code block; most bodies have neither.
    let may = md.contains("```")
        || md.contains("~~~")
        || md
            .lines()
            .any(|l| l.starts_with("    ") || l.starts_with('\t'));
    // A fenced component (```chart, ```figure…) is not code: a site whose only fences
    // are components does not carry the highlighting CSS (a quarter of the stylesheet).
    may && Parser::new_ext(md, options()).any(|e| match e {
        Event::Start(pulldown_cmark::Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
            let lang = info.split_whitespace().next().unwrap_or("");
            !crate::parse::components::is_component(lang)
        }
        Event::Start(pulldown_cmark::Tag::CodeBlock(CodeBlockKind::Indented)) => true,
        _ => false,
    })
}

/// BodyHtml HTML with a highlighted code block in it (what `highlight` writes).
pub fn has_code_block(html: &str) -> bool {
    html.contains("<pre class=\"code\"")
}

#[cfg(test)]
mod tests;
