//! Markdown → HTML: pulldown-cmark events passed through Dossier's adapters.
//!
//! One pass over the events (with their byte ranges, so every problem is reported at its
//! line) does: heading ids, anchors and the table of contents; cross-references
//! `@/kind/file.md#anchor`; citations `[@S1; @S2]`; forced glossary links `[[HMC]]`;
//! glossary auto-links on first mention; footnotes with page-unique ids; fenced code
//! through syntect. Never regex over HTML (mdBook's regret); no I/O here.

pub mod highlight;
pub mod sections;

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{
    BrokenLink, CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Parser, Tag, TagEnd,
    TextMergeWithOffset,
};

use crate::diag::{closest, Class, Diagnostic, LineIndex};
use crate::html::{escape_attr, escape_text, is_script_url, is_script_url_in_attribute};
use crate::model::targets::{Glossary, LinkTarget, Mentioned};
use crate::parse::body::{options, ElementIds};
use crate::slug::slugify;
use highlight::Highlighted;

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
    pub pages: &'a BTreeMap<String, LinkTarget>,
    pub source_ids: &'a BTreeSet<String>,
    /// False when sources.toml could not be read: citations are then not checked.
    pub sources_readable: bool,
    pub glossary: &'a Glossary,
}

// ---------------------------------------------------------------------------------------
// Per-page state: shared by every body rendered onto one output page.

/// Numbered citations of one page, in order of first use. Citing a source again reuses
/// its number.
#[derive(Debug, Default, Clone)]
pub struct Citations {
    order: Vec<String>,
    uses: BTreeMap<String, (usize, usize)>,
}

/// A source as cited on a page: its number and the ids of the places that cite it.
#[derive(Debug, Clone)]
pub struct Cited {
    pub id: String,
    pub number: usize,
    pub backrefs: Vec<String>,
}

impl Citations {
    /// Records one citation of `id`; returns its number and the id of this citing place.
    pub fn cite(&mut self, id: &str) -> (usize, String) {
        let next = self.order.len() + 1;
        let entry = self.uses.entry(id.to_string()).or_insert((next, 0));
        if entry.0 == next {
            self.order.push(id.to_string());
        }
        entry.1 += 1;
        (entry.0, format!("cite_{}_{}", entry.0, entry.1))
    }

    pub fn list(&self) -> Vec<Cited> {
        self.order
            .iter()
            .map(|id| {
                let (number, count) = self.uses[id];
                Cited {
                    id: id.clone(),
                    number,
                    backrefs: (1..=count).map(|k| format!("cite_{number}_{k}")).collect(),
                }
            })
            .collect()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }
}

/// State shared by all markdown rendered onto one output page.
#[derive(Debug, Clone)]
pub struct PageState {
    /// Relative path from this page to the site root: `""`, `"../"`, `"../../"`.
    pub root: String,
    pub citations: Citations,
    /// Terms already linked on this page (each is linked once).
    linked_terms: BTreeSet<usize>,
    /// Element ids in use on the page, so headings and footnotes never collide.
    ids: ElementIds,
    footnotes: usize,
    /// The section being rendered (id, title): set by headings, or by the caller for a
    /// timeline event or glossary entry.
    pub section: Option<(String, String)>,
    /// Terms and events mentioned on the page, in order.
    pub mentions: Vec<Mention>,
}

impl PageState {
    pub fn new(root: &str) -> PageState {
        PageState {
            root: root.to_string(),
            citations: Citations::default(),
            linked_terms: BTreeSet::new(),
            ids: ElementIds::new(),
            footnotes: 0,
            section: None,
            mentions: vec![],
        }
    }

    fn mention(&mut self, target: Mentioned) {
        let m = Mention {
            target,
            section: self.section.clone(),
        };
        if !self.mentions.contains(&m) {
            self.mentions.push(m);
        }
    }

    /// Reserves an id (an event's or a term's slug) so no heading takes it.
    pub fn reserve_id(&mut self, id: &str) {
        self.ids.reserve(id);
    }

    /// Marks a term as linked (e.g. the glossary page's own entries are never linked).
    pub fn mark_term_linked(&mut self, term: usize) {
        self.linked_terms.insert(term);
    }
}

// ---------------------------------------------------------------------------------------
// Rendering one markdown body.

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

/// Nests a flat list of headings: each heading deeper than the one before it becomes
/// its child (two levels, as the table of contents shows).
fn nest_toc(flat: Vec<TocEntry>) -> Vec<TocEntry> {
    let mut out: Vec<TocEntry> = vec![];
    for e in flat {
        match out.last_mut() {
            Some(parent) if e.level > parent.level => parent.children.push(e),
            _ => out.push(e),
        }
    }
    out
}

/// The diagnostics of one body, located through one [`LineIndex`] of its file (built on
/// the first), so thousands of warnings on a long page cost linear time.
struct BodyDiags<'a> {
    file: &'a Path,
    text: &'a str,
    lines: Option<LineIndex<'a>>,
    list: Vec<Diagnostic>,
}

impl BodyDiags<'_> {
    /// Adds `d` at `span`, a byte range of the whole file.
    fn push(&mut self, d: Diagnostic, span: Range<usize>) {
        let lines = self.lines.get_or_insert_with(|| LineIndex::new(self.text));
        self.list.push(d.at_indexed(self.file, lines, span));
    }
}

#[derive(Debug, Default)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    pub diagnostics: Vec<Diagnostic>,
}

struct HeadingBuf<'a> {
    level: u8,
    explicit_id: Option<String>,
    classes: Vec<String>,
    text: String,
    events: Vec<Event<'a>>,
}

/// Renders one body. Problems (broken references, unknown languages) come back as
/// diagnostics; the HTML is still produced so every problem of a build is found at once.
pub fn render(body: &Body<'_>, refs: &Refs<'_>, page: &mut PageState) -> Rendered {
    render_observed(body, refs, page, &mut |_| {})
}

/// [`render`], showing `observe` every event of the parse as it comes (adjacent text
/// merged), before anything is changed: what else needs the body's events (the search
/// index's section texts) gets them from this parse instead of a second one.
pub fn render_observed(
    body: &Body<'_>,
    refs: &Refs<'_>,
    page: &mut PageState,
    observe: &mut dyn FnMut(&Event<'_>),
) -> Rendered {
    let md = &body.text[body.offset..];
    let mut diags = BodyDiags {
        file: body.file,
        text: body.text,
        lines: None,
        list: vec![],
    };
    let at = |range: Range<usize>| body.offset + range.start..body.offset + range.end;
    let mut callback = |link: BrokenLink<'_>| {
        (link.link_type == LinkType::Shortcut && parse_citation(&link.reference).is_some())
            .then(|| (CowStr::from(link.reference.to_string()), CowStr::from("")))
    };
    let parser = Parser::new_with_broken_link_callback(md, options(), Some(&mut callback));
    let events = TextMergeWithOffset::new(parser.into_offset_iter());

    let mut out: Vec<Event<'_>> = Vec::new();
    let mut toc = vec![];
    let mut heading: Option<HeadingBuf<'_>> = None;
    let mut link_depth = 0usize;
    // Inside a citation or a forced term link, the link text is replaced: skip it.
    let mut skipping_link = false;
    let mut code: Option<(String, usize, String)> = None;
    let mut footnote_numbers: BTreeMap<String, (usize, String)> = BTreeMap::new();
    let page_prefix = page.footnotes;

    macro_rules! emit {
        ($ev:expr) => {
            match heading.as_mut() {
                Some(h) => h.events.push($ev),
                None => out.push($ev),
            }
        };
    }

    for (event, range) in events {
        observe(&event);
        if skipping_link {
            if let Event::End(TagEnd::Link) = event {
                skipping_link = false;
            }
            continue;
        }
        if let Some((_, _, buf)) = code.as_mut() {
            match event {
                Event::Text(t) => {
                    buf.push_str(&t);
                    continue;
                }
                Event::End(TagEnd::CodeBlock) => {
                    let (lang, start, src) = code.take().unwrap_or_default();
                    let html = if highlight::is_plain(&lang) {
                        highlight::plain_block(&lang, &src)
                    } else {
                        match highlight::highlight(&lang, &src) {
                            Highlighted::Html(h) => h,
                            Highlighted::UnknownLanguage => {
                                let line_end =
                                    md[start..].find('\n').map_or(md.len(), |i| start + i);
                                diags.push(
                                    Diagnostic::warning(format!("unknown code language `{lang}`; the block is shown without highlighting"))
                                        .with_hint("use a language name such as rust, python, json, bash, html, or `text`"),
                                    at(start..line_end),
                                );
                                highlight::plain_block(&lang, &src)
                            }
                        }
                    };
                    out.push(Event::Html(html.into()));
                    continue;
                }
                _ => continue,
            }
        }
        match event {
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => {
                heading = Some(HeadingBuf {
                    level: heading_level(level).max(body.heading_floor).min(6),
                    explicit_id: id.map(|i| i.to_string()),
                    classes: classes.iter().map(|c| c.to_string()).collect(),
                    text: String::new(),
                    events: vec![],
                });
            }
            Event::End(TagEnd::Heading(_)) => {
                let Some(h) = heading.take() else { continue };
                let text = h.text.trim().to_string();
                let id = page
                    .ids
                    .unique(&h.explicit_id.clone().unwrap_or_else(|| slugify(&text)));
                let mut inner = String::new();
                pulldown_cmark::html::push_html(&mut inner, h.events.into_iter());
                let class = if h.classes.is_empty() {
                    String::new()
                } else {
                    format!(" class=\"{}\"", escape_attr(&h.classes.join(" ")))
                };
                let html = format!(
                    "<h{l} id=\"{id}\"{class}>{inner} <a class=\"anchor\" href=\"#{id}\"><span aria-hidden=\"true\">#</span><span class=\"vh\">Link to this section</span></a></h{l}>\n",
                    l = h.level,
                    id = escape_attr(&id),
                );
                if h.level <= 3 && body.heading_floor <= 2 {
                    page.section = Some((id.clone(), text.clone()));
                }
                if h.level <= 3 {
                    toc.push(TocEntry {
                        level: h.level,
                        id,
                        text,
                        children: vec![],
                    });
                }
                out.push(Event::Html(html.into()));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, range.start, String::new()));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                if link_type == LinkType::ShortcutUnknown {
                    if let Some(ids) = parse_citation(&dest_url) {
                        let html = citation_html(&ids, range.clone(), body, refs, page, &mut diags);
                        emit!(Event::Html(html.into()));
                        skipping_link = true;
                        continue;
                    }
                }
                if let LinkType::WikiLink { has_pothole } = link_type {
                    match forced_term_link(&dest_url, range.clone(), body, refs, page, &mut diags) {
                        Some(open) => {
                            emit!(Event::Html(open.into()));
                            if !has_pothole {
                                emit!(Event::Text(dest_url.clone()));
                                emit!(Event::Html("</a>".into()));
                                skipping_link = true;
                                continue;
                            }
                            link_depth += 1;
                            // The pothole text follows; its End(Link) closes the anchor.
                            continue;
                        }
                        None => {
                            emit!(Event::Text(dest_url.clone()));
                            skipping_link = true;
                            continue;
                        }
                    }
                }
                link_depth += 1;
                let dest = resolve_dest(&dest_url, range.clone(), body, refs, page, &mut diags);
                emit!(Event::Start(Tag::Link {
                    link_type,
                    dest_url: dest.into(),
                    title,
                    id,
                }));
            }
            Event::End(TagEnd::Link) => {
                link_depth = link_depth.saturating_sub(1);
                emit!(Event::Html("</a>".into()));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                link_depth += 1;
                let dest = resolve_dest(&dest_url, range.clone(), body, refs, page, &mut diags);
                emit!(Event::Start(Tag::Image {
                    link_type,
                    dest_url: dest.into(),
                    title,
                    id,
                }));
            }
            Event::End(TagEnd::Image) => {
                link_depth = link_depth.saturating_sub(1);
                emit!(Event::End(TagEnd::Image));
            }
            Event::Text(t) => {
                if let Some(h) = heading.as_mut() {
                    h.text.push_str(&t);
                    h.events.push(Event::Text(t));
                } else if link_depth > 0 {
                    out.push(Event::Text(t));
                } else {
                    let timer = crate::timings::glossary_start();
                    link_terms(t, body, refs, page, &mut out);
                    crate::timings::glossary_stop(timer);
                }
            }
            Event::Code(c) => {
                if let Some(h) = heading.as_mut() {
                    h.text.push_str(&c);
                }
                emit!(Event::Code(c));
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                if let Some(pos) = script_url_in_html(&h) {
                    diags.push(
                        Diagnostic::error(Class::Content, "script URL in raw HTML")
                            .with_hint("`javascript:` links run code in readers' browsers; link to a page instead"),
                        at(range.start + pos..range.start + pos + 11),
                    );
                    continue;
                }
                emit!(Event::Html(h));
            }
            Event::FootnoteReference(label) => {
                let n = footnote_numbers.len() + 1;
                let (number, fid) = footnote_numbers
                    .entry(label.to_string())
                    .or_insert_with(|| (n, format!("fn_{}", page_prefix + n)))
                    .clone();
                emit!(Event::Html(
                    format!(
                        "<sup class=\"fnref\"><a href=\"#{fid}\" id=\"ref_{fid}\"><span class=\"vh\">Footnote </span>{number}</a></sup>"
                    )
                    .into()
                ));
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let n = footnote_numbers.len() + 1;
                let (number, fid) = footnote_numbers
                    .entry(label.to_string())
                    .or_insert_with(|| (n, format!("fn_{}", page_prefix + n)))
                    .clone();
                page.ids.insert(fid.clone());
                out.push(Event::Html(
                    format!(
                        "<div class=\"footnote\" id=\"{fid}\"><p class=\"fn-label\"><a href=\"#ref_{fid}\"><span class=\"vh\">Back to reference </span>{number}</a></p>\n"
                    )
                    .into(),
                ));
            }
            Event::End(TagEnd::FootnoteDefinition) => out.push(Event::Html("</div>\n".into())),
            other => emit!(other),
        }
    }
    page.footnotes += footnote_numbers.len();
    let mut html = String::with_capacity(md.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, out.into_iter());
    Rendered {
        html,
        toc: nest_toc(toc),
        diagnostics: diags.list,
    }
}

/// Rendered HTML with a highlighted code block in it (what `highlight` writes).
pub fn has_code_block(html: &str) -> bool {
    html.contains("<pre class=\"code\"")
}

/// The text of a body without markup, citations or footnote definitions, for
/// descriptions in metadata and exports (one space between blocks).
pub fn plain_text(md: &str) -> String {
    let mut callback = |link: BrokenLink<'_>| {
        (link.link_type == LinkType::Shortcut && parse_citation(&link.reference).is_some())
            .then(|| (CowStr::from("cite:"), CowStr::from("")))
    };
    let mut out = String::with_capacity(md.len());
    let mut skip = 0usize;
    for event in Parser::new_with_broken_link_callback(md, options(), Some(&mut callback)) {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) if dest_url.as_ref() == "cite:" => skip += 1,
            Event::Start(Tag::FootnoteDefinition(_)) | Event::Start(Tag::CodeBlock(_)) => skip += 1,
            Event::End(TagEnd::Link)
            | Event::End(TagEnd::FootnoteDefinition)
            | Event::End(TagEnd::CodeBlock)
                if skip > 0 =>
            {
                skip -= 1
            }
            Event::Text(t) | Event::Code(t) if skip == 0 => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak if skip == 0 => out.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => out.push(' '),
            _ => {}
        }
    }
    let words: Vec<&str> = out.split_whitespace().collect();
    words.join(" ").replace(" .", ".").replace(" ,", ",")
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// `@S1` or `@S1; @S7` → the ids; anything else is not a citation.
pub fn parse_citation(label: &str) -> Option<Vec<&str>> {
    let ids: Vec<&str> = label
        .split(';')
        .map(|p| p.trim().strip_prefix('@'))
        .collect::<Option<Vec<_>>>()?;
    let valid = |id: &&str| {
        !id.is_empty()
            && id
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'))
    };
    (!ids.is_empty() && ids.iter().all(valid)).then_some(ids)
}

fn citation_html(
    ids: &[&str],
    range: Range<usize>,
    body: &Body<'_>,
    refs: &Refs<'_>,
    page: &mut PageState,
    diags: &mut BodyDiags<'_>,
) -> String {
    let md = &body.text[body.offset..];
    let mut links = vec![];
    for id in ids {
        if !refs.sources_readable {
            continue;
        }
        if !refs.source_ids.contains(*id) {
            let rel = md[range.clone()].find(&format!("@{id}")).unwrap_or(0);
            let start = body.offset + range.start + rel;
            let hint = match closest(id, refs.source_ids.iter().map(String::as_str)) {
                Some(near) => {
                    format!("did you mean `{near}`? Sources are listed in content/sources.toml")
                }
                None => {
                    "add it to content/sources.toml as [[source]] with id, title, publisher and url"
                        .into()
                }
            };
            diags.push(
                Diagnostic::error(Class::Content, format!("unknown source `{id}`")).with_hint(hint),
                start..start + id.len() + 1,
            );
            continue;
        }
        let (n, backref) = page.citations.cite(id);
        links.push(format!(
            "<a href=\"#ref_{n}\" id=\"{backref}\"><span class=\"vh\">Source </span>{n}</a>"
        ));
    }
    if links.is_empty() {
        return String::new();
    }
    format!("<sup class=\"cite\">[{}]</sup>", links.join(", "))
}

fn forced_term_link(
    name: &str,
    range: Range<usize>,
    body: &Body<'_>,
    refs: &Refs<'_>,
    page: &mut PageState,
    diags: &mut BodyDiags<'_>,
) -> Option<String> {
    match refs.glossary.lookup(name) {
        Some(t) => {
            page.linked_terms.insert(t);
            page.mention(Mentioned::Term(t));
            Some(term_open_tag(refs.glossary, t, &page.root))
        }
        None => {
            let hint = match closest(name, refs.glossary.names()) {
                Some(near) => {
                    format!("did you mean `[[{near}]]`? Terms and aliases match case-sensitively")
                }
                None => {
                    "add the term to content/glossary/, or list this spelling in a term's `aliases`"
                        .into()
                }
            };
            diags.push(
                Diagnostic::error(
                    Class::Content,
                    format!("no glossary term or alias `{name}`"),
                )
                .with_hint(hint),
                body.offset + range.start..body.offset + range.end,
            );
            None
        }
    }
}

fn term_open_tag(glossary: &Glossary, term: usize, root: &str) -> String {
    let tail = glossary.link_tail(term);
    let mut tag = String::with_capacity(40 + root.len() + tail.len());
    tag.push_str("<a class=\"term\" href=\"");
    tag.push_str(root);
    tag.push_str(tail);
    tag
}

/// Links the first mention of each term in `text` (a merged text event).
fn link_terms<'a>(
    text: CowStr<'a>,
    body: &Body<'_>,
    refs: &Refs<'_>,
    page: &mut PageState,
    out: &mut Vec<Event<'a>>,
) {
    let matches = refs.glossary.matches(&text);
    let mut last = 0;
    for (range, term) in matches {
        if Some(term) == body.own_term || page.linked_terms.contains(&term) {
            continue;
        }
        page.linked_terms.insert(term);
        page.mention(Mentioned::Term(term));
        if range.start > last {
            out.push(Event::Text(text[last..range.start].to_string().into()));
        }
        let mut link = term_open_tag(refs.glossary, term, &page.root);
        link.push_str(&escape_text(&text[range.clone()]));
        link.push_str("</a>");
        out.push(Event::Html(link.into()));
        last = range.end;
    }
    if last == 0 {
        out.push(Event::Text(text));
    } else if last < text.len() {
        out.push(Event::Text(text[last..].to_string().into()));
    }
}

/// Resolves a link or image destination: `@/…` cross-references become page-relative
/// URLs (and are checked), script URLs are refused, anything else is kept.
fn resolve_dest(
    dest: &str,
    range: Range<usize>,
    body: &Body<'_>,
    refs: &Refs<'_>,
    page: &mut PageState,
    diags: &mut BodyDiags<'_>,
) -> String {
    let md = &body.text[body.offset..];
    let span_of = |needle: &str| {
        let rel = md[range.clone()].find(needle).unwrap_or(0);
        let start = body.offset + range.start + rel;
        start..start + needle.len().max(1)
    };
    if is_script_url(dest) {
        diags.push(
            Diagnostic::error(Class::Content, "script URL in a link")
                .with_hint("`javascript:` links run code in readers' browsers; link to a page or a web address"),
            span_of(dest),
        );
        return "#".into();
    }
    let Some(path) = dest.strip_prefix("@/") else {
        return dest.to_string();
    };
    let (file, fragment) = match path.split_once('#') {
        Some((f, frag)) => (f, Some(frag)),
        None => (path, None),
    };
    let Some(target) = refs.pages.get(file) else {
        let hint = match closest(file, refs.pages.keys().map(String::as_str)) {
            Some(near) => format!("did you mean `@/{near}`?"),
            None => {
                "cross-references name a file under content/, e.g. @/background/history.md".into()
            }
        };
        diags.push(
            Diagnostic::error(Class::Content, format!("link to a missing file `@/{file}`"))
                .with_hint(hint),
            span_of(dest),
        );
        return "#".into();
    };
    if target.unreadable {
        return "#".into();
    }
    if let Some(m) = &target.mention {
        page.mention(m.clone());
    }
    let mut url = format!("{}{}", page.root, target.url);
    if let Some(frag) = fragment {
        match &target.anchors {
            Some(anchors) if anchors.contains(frag) => {
                url.push('#');
                url.push_str(frag);
            }
            Some(anchors) => {
                let hint = match closest(frag, anchors.iter().map(String::as_str)) {
                    Some(near) => format!("did you mean `#{near}`?"),
                    None if anchors.is_empty() => format!("`@/{file}` has no headings to link to"),
                    None => format!(
                        "`@/{file}` has: {}",
                        anchors
                            .iter()
                            .take(8)
                            .map(|a| format!("#{a}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                diags.push(
                    Diagnostic::error(
                        Class::Content,
                        format!("`@/{file}` has no anchor `#{frag}`"),
                    )
                    .with_hint(hint),
                    span_of(dest),
                );
            }
            None => {
                diags.push(
                    Diagnostic::error(Class::Content, format!("`@/{file}` takes no `#anchor`"))
                        .with_hint("a timeline event or glossary term is itself an anchor: link to the file alone"),
                    span_of(dest),
                );
            }
        }
    }
    url
}

/// Byte offset of a script URL inside an `href`/`src`/`action` of raw HTML, if any.
fn script_url_in_html(html: &str) -> Option<usize> {
    let lower = html.to_ascii_lowercase();
    let compact_at = |i: usize| is_script_url_in_attribute(&lower[i..]);
    lower
        .match_indices(['=', '"', '\''])
        .map(|(i, _)| i + 1)
        .find(|&i| i < lower.len() && compact_at(i.min(lower.len())))
        .map(|i| {
            i + lower[i..]
                .find(|c: char| !c.is_whitespace() && c != '"' && c != '\'')
                .unwrap_or(0)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::targets::TermTarget;
    use crate::parse::body::heading_ids;

    fn glossary() -> Glossary {
        let t = |slug: &str, term: &str| TermTarget {
            slug: slug.into(),
            term: term.into(),
            short: format!("{term} short"),
        };
        Glossary::new(vec![
            (t("iraq", "Iraq"), vec!["Iraq".into()]),
            (
                t("irq", "Islamic Resistance in Iraq"),
                vec!["Islamic Resistance in Iraq".into(), "IRI".into()],
            ),
            (
                t("hmc", "Higher Military Commission"),
                vec!["Higher Military Commission".into(), "HMC".into()],
            ),
        ])
    }

    fn render_md(md: &str, glossary: &Glossary) -> Rendered {
        let pages = BTreeMap::from([(
            "background/x.md".to_string(),
            LinkTarget {
                url: "background/x/index.html".into(),
                anchors: Some(BTreeSet::from(["why".to_string()])),
                mention: None,
                unreadable: false,
            },
        )]);
        let sources = BTreeSet::from(["S1".to_string(), "S7".to_string()]);
        let refs = Refs {
            pages: &pages,
            source_ids: &sources,
            sources_readable: true,
            glossary,
        };
        let mut page = PageState::new("../");
        let body = Body {
            file: Path::new("content/index.md"),
            text: md,
            offset: 0,
            heading_floor: 2,
            own_term: None,
        };
        render(&body, &refs, &mut page)
    }

    #[test]
    fn longest_whole_word_first_mention_only() {
        let r = render_md(
            "The Islamic Resistance in Iraq and Iraq. Iraq again. HMCs are not HMC.\n",
            &glossary(),
        );
        assert!(r.html.contains("glossary/index.html#irq\" data-short=\"Islamic Resistance in Iraq short\">Islamic Resistance in Iraq</a>"), "{}", r.html);
        assert_eq!(r.html.matches("#iraq\"").count(), 1, "{}", r.html);
        assert!(r.html.contains(">HMC</a>"), "{}", r.html);
        assert!(!r.html.contains(">HMCs"));
    }

    #[test]
    fn never_links_in_headings_links_or_code() {
        let r = render_md("## Iraq\n\n[Iraq](https://x.org) `Iraq`\n", &glossary());
        assert!(!r.html.contains("class=\"term\""), "{}", r.html);
    }

    #[test]
    fn citations_number_and_reuse() {
        let r = render_md("A [@S1; @S7]. B [@S1]. C [@S9].\n", &Glossary::empty());
        assert!(
            r.html.contains("href=\"#ref_1\" id=\"cite_1_1\""),
            "{}",
            r.html
        );
        assert!(r.html.contains("href=\"#ref_2\" id=\"cite_2_1\""));
        assert!(r.html.contains("href=\"#ref_1\" id=\"cite_1_2\""));
        assert_eq!(r.diagnostics.len(), 1);
        let d = &r.diagnostics[0];
        assert_eq!(d.message, "unknown source `S9`");
        assert_eq!(d.location.as_ref().unwrap().position.unwrap().column, 27);
    }

    #[test]
    fn cross_references_resolve_or_explain() {
        let r = render_md(
            "[a](@/background/x.md#why) [b](@/background/y.md) [c](@/background/x.md#wy)\n",
            &Glossary::empty(),
        );
        assert!(
            r.html.contains("href=\"../background/x/index.html#why\""),
            "{}",
            r.html
        );
        assert_eq!(r.diagnostics.len(), 2);
        assert_eq!(
            r.diagnostics[0].hint.as_deref(),
            Some("did you mean `@/background/x.md`?")
        );
        assert_eq!(
            r.diagnostics[1].hint.as_deref(),
            Some("did you mean `#why`?")
        );
    }

    #[test]
    fn forced_links_and_headings() {
        let r = render_md("# Intro\n\n## Intro\n\n[[HMC]] and [[HCM]]\n", &glossary());
        assert!(r.html.contains("<h2 id=\"intro\">"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"intro-1\">"));
        assert!(
            r.html
                .contains("data-short=\"Higher Military Commission short\">HMC</a>"),
            "{}",
            r.html
        );
        assert_eq!(r.diagnostics.len(), 1);
        assert!(r.diagnostics[0]
            .hint
            .as_deref()
            .unwrap()
            .contains("[[HMC]]"));
        assert_eq!(
            heading_ids("# Intro\n\n## Intro\n"),
            BTreeSet::from(["intro".into(), "intro-1".into()])
        );
    }

    #[test]
    fn plain_text_drops_markup_and_citations() {
        let t = plain_text(
            "The **HMC** met [@S1; @S2]. See [x](@/a.md).[^1]\n\n[^1]: Note.\n\n## Next\n\nMore.\n",
        );
        assert_eq!(t, "The HMC met. See x. Next More.");
    }

    #[test]
    fn script_urls_are_refused() {
        let r = render_md(
            "[x](javascript:alert(1)) <a href=\"JavaScript:x\">y</a>\n",
            &Glossary::empty(),
        );
        assert_eq!(r.diagnostics.len(), 2, "{:?}", r.diagnostics);
        assert!(!r.html.to_ascii_lowercase().contains("javascript:"));
    }

    #[test]
    fn unknown_fence_language_warns_and_still_shows() {
        let r = render_md("text\n\n```klingon\nqapla'\n```\n", &Glossary::empty());
        assert_eq!(r.diagnostics.len(), 1);
        assert_eq!(
            r.diagnostics[0]
                .location
                .as_ref()
                .unwrap()
                .position
                .unwrap()
                .line,
            3
        );
        assert!(
            r.html.contains("qapla&#39;") || r.html.contains("qapla'"),
            "{}",
            r.html
        );
    }
}
