//! Render: Tera templates (built in, overridable by name from the site's `templates/`)
//! fed with view structs, producing the output files: collected in memory, or handed one
//! by one to the caller (`build` writes each as soon as it is rendered).
//!
//! Templates never see the model: the view structs below are the whole template
//! contract, documented in the README. Nothing here writes files.

pub mod feeds;
pub mod jsonld;
pub mod template_recursion;

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::{Arc, LazyLock};

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::compose::{self, Composed, ComposedPage, Mark};
use crate::dates::PartialDate;
use crate::diag::{Class, Diagnostic, Diagnostics};
use crate::parse::config::{Config, Publisher};
use crate::parse::frontmatter::{BackgroundMeta, ExplainerMeta, SourceEntry, Update, UpdateKind};

use crate::markdown::{Cited, TocEntry};
use crate::model::{self, urls, Doc, Site};
use template_recursion::Unit;

/// One file of the output, relative to the output directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: PathBuf,
    /// Shared, so `serve` can keep a page across rebuilds without copying it.
    pub bytes: Arc<[u8]>,
}

/// Built-in templates and assets, compiled into the binary. A site's `templates/` file of
/// the same name replaces one.
pub const BUILTIN_TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    (
        "explainer.html",
        include_str!("../../templates/explainer.html"),
    ),
    (
        "background_index.html",
        include_str!("../../templates/background_index.html"),
    ),
    (
        "background.html",
        include_str!("../../templates/background.html"),
    ),
    (
        "timeline.html",
        include_str!("../../templates/timeline.html"),
    ),
    (
        "glossary.html",
        include_str!("../../templates/glossary.html"),
    ),
    ("404.html", include_str!("../../templates/404.html")),
    (
        "partials/nav.html",
        include_str!("../../templates/partials/nav.html"),
    ),
    (
        "partials/references.html",
        include_str!("../../templates/partials/references.html"),
    ),
    (
        "partials/toc.html",
        include_str!("../../templates/partials/toc.html"),
    ),
    (
        "partials/updates.html",
        include_str!("../../templates/partials/updates.html"),
    ),
    (
        "partials/marks.html",
        include_str!("../../templates/partials/marks.html"),
    ),
    (
        "partials/search.html",
        include_str!("../../templates/partials/search.html"),
    ),
];

/// Built-in static assets (not Tera templates), overridable by name the same way.
pub const BUILTIN_ASSETS: &[(&str, &str)] = &[
    ("style.css", include_str!("../../templates/style.css")),
    ("dossier.js", include_str!("../../templates/dossier.js")),
    ("favicon.svg", include_str!("../../templates/favicon.svg")),
    ("search.js", include_str!("../../templates/search.js")),
];

// ---------------------------------------------------------------------------------------
// View structs: the template contract.

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    language: &'a str,
    dir: &'a str,
    base_url: Option<&'a str>,
    publisher: Option<&'a Publisher>,
    as_of: DateView,
}

#[derive(Serialize, Clone)]
struct DateView {
    /// Exactly as written: `2024`, `2024-01`, `2024-01-27`.
    iso: String,
    /// `27 January 2024`.
    human: String,
}

impl From<PartialDate> for DateView {
    fn from(d: PartialDate) -> Self {
        DateView {
            iso: d.to_string(),
            human: d.human(),
        }
    }
}

#[derive(Serialize)]
struct NavItem {
    label: &'static str,
    url: String,
    current: bool,
}

#[derive(Serialize)]
struct UpdateView {
    date: DateView,
    kind: UpdateKind,
    summary: String,
}

#[derive(Serialize)]
struct ReferenceView<'a> {
    number: usize,
    id: &'a str,
    title: &'a str,
    publisher: Option<&'a str>,
    date: Option<DateView>,
    url: &'a str,
    backrefs: &'a [String],
}

#[derive(Serialize)]
struct MarkView<'a> {
    number: usize,
    backref: &'a str,
}

#[derive(Serialize)]
struct PageView<'a> {
    /// `explainer`, `background`, `background_index`, `timeline` or `glossary`.
    kind: &'static str,
    /// Relative path to the site root: prefix every internal URL with it.
    root: &'static str,
    /// This page's path from the site root, e.g. `timeline/index.html`.
    path: String,
    canonical: Option<String>,
    title: &'a str,
    summary: &'a str,
    nav: Vec<NavItem>,
    content: &'a str,
    toc: &'a [TocEntry],
    references: Vec<ReferenceView<'a>>,
    marks: Vec<MarkView<'a>>,
    updates: Vec<UpdateView>,
    published: Option<DateView>,
    updated: Option<DateView>,
    authors: &'a [String],
    /// schema.org JSON-LD, already safe to place inside `<script>`.
    jsonld: Option<String>,
    /// Relative URL of the Atom feed, when the site has one.
    feed: Option<String>,
}

#[derive(Serialize)]
struct BackgroundItem<'a> {
    title: &'a str,
    summary: &'a str,
    url: String,
    updated: Option<DateView>,
}

#[derive(Serialize)]
struct EventView<'a> {
    id: &'a str,
    title: &'a str,
    date: DateView,
    end_date: Option<DateView>,
    /// What to show: `display_date` if written, else the computed range.
    when: String,
    group: Option<&'a str>,
    group_id: Option<String>,
    place: Option<&'a str>,
    content: &'a str,
    marks: Vec<MarkView<'a>>,
    mentions: Vec<LinkView>,
}

/// A labelled link, relative to the current page.
#[derive(Serialize)]
struct LinkView {
    label: String,
    url: String,
}

#[derive(Serialize)]
struct YearView<'a> {
    year: i32,
    id: String,
    events: Vec<EventView<'a>>,
}

#[derive(Serialize)]
struct GroupView {
    name: String,
    id: String,
}

#[derive(Serialize)]
struct TermView<'a> {
    id: &'a str,
    term: &'a str,
    kind: crate::parse::frontmatter::TermKind,
    aliases: Vec<&'a str>,
    short: &'a str,
    content: &'a str,
    marks: Vec<MarkView<'a>>,
    mentions: Vec<LinkView>,
}

#[derive(Serialize)]
struct LetterView<'a> {
    letter: String,
    id: String,
    terms: Vec<TermView<'a>>,
}

// ---------------------------------------------------------------------------------------

/// Compiles the templates: built-ins first, then the site's overrides by name.
pub fn templates(overrides: &[(String, String)]) -> Result<Tera, Diagnostics> {
    let mut tera = BUILTIN_TERA.clone();
    let html: Vec<(&str, &str)> = overrides
        .iter()
        .filter(|(name, _)| name.ends_with(".html"))
        .map(|(name, text)| (name.as_str(), text.as_str()))
        .collect();
    if !html.is_empty() {
        tera.add_raw_templates(html).map_err(|e| {
            Diagnostics::from(
                Diagnostic::error(
                    Class::Content,
                    format!("template error: {}", error_chain(&e)),
                )
                .in_file(template_file(&e, overrides))
                .with_hint(
                    "check the template's syntax: {{ value }}, {% tag %}, and matching {% end… %}",
                ),
            )
        })?;
    }
    // Tera has no recursion limit: an include loop or a self-calling macro would overflow
    // the stack and abort the build.
    if let Some(cycle) = template_recursion::find_cycle(&tera) {
        let chain: Vec<String> = cycle.iter().map(Unit::describe).collect();
        let file = cycle
            .iter()
            .find(|u| overrides.iter().any(|(n, _)| n == u.file()))
            .map_or_else(
                || "templates/".into(),
                |u| format!("templates/{}", u.file()),
            );
        return Err(Diagnostic::error(
            Class::Content,
            format!("templates call themselves: {}", chain.join(" → ")),
        )
        .in_file(file)
        .with_hint("remove the include or macro call that closes the loop: templates may not recurse, even under a condition")
        .into());
    }
    Ok(tera)
}

/// The built-in templates, compiled once per process and cloned for each build: parsing
/// them was most of a small site's build time (and of every rebuild). A site's
/// overrides are added to the clone, replacing built-ins of the same name.
static BUILTIN_TERA: LazyLock<Tera> = LazyLock::new(|| {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html"]);
    // Tera's default escaper also escapes `/`, which bloats every URL for no safety gain.
    tera.set_escape_fn(escape_for_templates);
    // Tera's `range` loops forever on `step_by=0` and allocates whatever `end` asks for;
    // `get_env` would print the build machine's environment (CI secrets) into the site
    // and make the output depend on it.
    tera.register_function("range", bounded_range);
    tera.register_function("get_env", |_: &HashMap<String, tera::Value>| {
        Err(tera::Error::msg(
            "get_env is disabled: a site's output may not depend on the build machine's environment",
        ))
    });
    tera.add_raw_templates(BUILTIN_TEMPLATES.iter().copied())
        .expect("the built-in templates compile (tests build with them)");
    tera
});

/// The most numbers `range` gives: far more than any page needs, little enough memory.
const RANGE_LIMIT: usize = 100_000;

/// Tera's `range(start=0, end, step_by=1)`, refusing a zero step and more than
/// [`RANGE_LIMIT`] numbers.
fn bounded_range(args: &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
    let arg = |name: &str, default: Option<usize>| match args.get(name) {
        Some(v) => tera::from_value::<usize>(v.clone()).map_err(|_| {
            tera::Error::msg(format!(
                "`range` takes whole numbers; {name} = {v} is not one"
            ))
        }),
        None => default.ok_or_else(|| tera::Error::msg("`range` needs an `end`")),
    };
    let (start, end, step) = (
        arg("start", Some(0))?,
        arg("end", None)?,
        arg("step_by", Some(1))?,
    );
    if step == 0 {
        return Err(tera::Error::msg("`range` was called with step_by=0"));
    }
    if start > end {
        return Err(tera::Error::msg(
            "`range` was called with start greater than end",
        ));
    }
    if (end - start).div_ceil(step) > RANGE_LIMIT {
        return Err(tera::Error::msg(format!(
            "`range` may give at most {RANGE_LIMIT} numbers"
        )));
    }
    Ok(tera::to_value(
        (start..end).step_by(step).collect::<Vec<_>>(),
    )?)
}

fn escape_for_templates(s: &str) -> String {
    crate::html::escape_attr(s)
}

fn template_file(e: &tera::Error, overrides: &[(String, String)]) -> String {
    let text = error_chain(e);
    overrides
        .iter()
        .find(|(n, _)| text.contains(&format!("'{n}'")))
        .map(|(n, _)| format!("templates/{n}"))
        .unwrap_or_else(|| "templates/".into())
}

/// Tera puts the reason in the error's source chain; print all of it (Zola's
/// "Error parsing templates" with no reason is what we avoid).
fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = vec![e.to_string()];
    let mut cur = e.source();
    while let Some(s) = cur {
        parts.push(s.to_string());
        cur = s.source();
    }
    parts.join(": ").replace('\n', " ")
}

/// Renders every page and asset of the site.
pub fn render_site(
    site: &Site,
    composed: &Composed,
    tera: &Tera,
    overrides: &[(String, String)],
) -> Result<Vec<OutputFile>, Diagnostics> {
    render_site_with(site, composed, tera, overrides, None)
}

/// [`render_site`], reusing (and refreshing) the background pages of `memo`.
pub fn render_site_with(
    site: &Site,
    composed: &Composed,
    tera: &Tera,
    overrides: &[(String, String)],
    memo: Option<&mut Memo>,
) -> Result<Vec<OutputFile>, Diagnostics> {
    render_each(site, composed, tera, overrides, memo, None, &Ok)
}

/// Renders background pages one at a time: `build` renders each as soon as it is
/// composed (see [`compose::compose_each`]), with the same bytes as [`render_each`].
pub struct PageRenderer<'a> {
    r: Renderer<'a>,
}

impl<'a> PageRenderer<'a> {
    pub fn new(site: &'a Site, tera: &'a Tera) -> PageRenderer<'a> {
        PageRenderer {
            r: Renderer::new(site, tera, &site_view(site)),
        }
    }

    pub fn background(
        &self,
        d: &Doc<BackgroundMeta>,
        p: &ComposedPage,
    ) -> Result<OutputFile, Diagnostics> {
        background_page(&self.r, d, p)
    }
}

fn site_view(site: &Site) -> SiteView<'_> {
    SiteView {
        title: &site.config.title,
        description: &site.config.description,
        language: &site.config.language,
        dir: site.config.dir,
        base_url: site.config.base_url.as_deref(),
        publisher: site.config.publisher.as_ref(),
        as_of: model::as_of(site).into(),
    }
}

fn background_page(
    r: &Renderer<'_>,
    d: &Doc<BackgroundMeta>,
    p: &ComposedPage,
) -> Result<OutputFile, Diagnostics> {
    let site = r.site;
    let path = urls::background(&d.slug);
    let modified = d
        .meta
        .updates
        .iter()
        .map(|u| u.date)
        .chain(d.meta.updated)
        .max()
        .unwrap_or(site.explainer.meta.published);
    let jsonld = jsonld::article(
        site,
        &jsonld::ArticleFacts {
            path: &path,
            title: &d.meta.title,
            summary: &d.meta.summary,
            published: site.explainer.meta.published,
            modified,
            authors: &site.explainer.meta.authors,
            updates: &d.meta.updates,
        },
    );
    r.page(
        "background.html",
        &path,
        PageView {
            updates: updates(&d.meta.updates),
            updated: d.meta.updated.map(Into::into),
            jsonld: Some(jsonld::to_script(&jsonld)),
            ..r.view(
                "background",
                urls::ROOT_BACKGROUND_PAGE,
                &path,
                &d.meta.title,
                &d.meta.summary,
                p,
            )
        },
        |_| {},
    )
}

/// Renders every page and asset, handing each file to `emit` as soon as it is rendered
/// (background pages from rayon's worker threads, in no fixed order), so `build` can
/// write pages without holding them all. Returns what `emit` returned, in site order;
/// stops at the first error in site order. `prerendered`: what `emit` already returned
/// for each background page (rendered by a [`PageRenderer`] during compose), in site
/// order; those pages are not rendered again.
pub fn render_each<T, F>(
    site: &Site,
    composed: &Composed,
    tera: &Tera,
    overrides: &[(String, String)],
    mut memo: Option<&mut Memo>,
    prerendered: Option<Vec<Result<T, Diagnostics>>>,
    emit: &F,
) -> Result<Vec<T>, Diagnostics>
where
    T: Send,
    F: Fn(OutputFile) -> Result<T, Diagnostics> + Sync,
{
    let sv = site_view(site);
    if let Some(m) = memo.as_deref_mut() {
        m.begin(&sv, overrides, site);
    }
    let r = Renderer::new(site, tera, &sv);
    let mut files = vec![];

    let e = &site.explainer;
    files.push(emit(r.page(
        "explainer.html",
        urls::EXPLAINER,
        PageView {
            updates: updates(&e.meta.updates),
            published: Some(e.meta.published.into()),
            updated: e.meta.updated.map(Into::into),
            authors: &e.meta.authors,
            jsonld: Some(jsonld::to_script(&jsonld::article(
                site,
                &jsonld::ArticleFacts {
                    path: urls::EXPLAINER,
                    title: &e.meta.title,
                    summary: &e.meta.summary,
                    published: e.meta.published,
                    modified: model::as_of(site),
                    authors: &e.meta.authors,
                    updates: &e.meta.updates,
                },
            ))),
            ..r.view(
                "explainer",
                urls::ROOT_EXPLAINER,
                urls::EXPLAINER,
                &e.meta.title,
                &e.meta.summary,
                &composed.explainer,
            )
        },
        |_| {},
    )?)?);

    let items: Vec<BackgroundItem<'_>> = site
        .background
        .iter()
        .map(|d| BackgroundItem {
            title: &d.meta.title,
            summary: &d.meta.summary,
            url: urls::background_from_list(&d.slug),
            updated: d.meta.updated.map(Into::into),
        })
        .collect();
    let empty = ComposedPage {
        html: String::new(),
        has_code: false,
        sections: vec![],
        toc: vec![],
        marks: vec![],
        cited: vec![],
        mentions: vec![],
    };
    files.push(emit(r.page(
        "background_index.html",
        urls::BACKGROUND_INDEX,
        r.view(
            "background_index",
            urls::ROOT_SECTION,
            urls::BACKGROUND_INDEX,
            "Background",
            "Context and history behind the story.",
            &empty,
        ),
        |c| c.insert("pages", &items),
    )?)?);

    let reuse = memo.as_deref();
    let keep = memo.is_some();
    // Each page goes to `emit` as soon as it is rendered; the memo keeps (shared) bytes.
    let emit_page = |f: OutputFile| -> Result<EmittedPage<T>, Diagnostics> {
        let kept = keep.then(|| f.bytes.clone());
        let emitted = emit(f)?;
        Ok(EmittedPage { kept, emitted })
    };
    let pages: Vec<Result<EmittedPage<T>, Diagnostics>> = match prerendered {
        Some(done) => done
            .into_iter()
            .map(|r| {
                r.map(|emitted| EmittedPage {
                    kept: None,
                    emitted,
                })
            })
            .collect(),
        None => site
            .background
            .par_iter()
            .zip(composed.background.par_iter())
            .map(|(d, p)| {
                if let Some(bytes) = reuse.and_then(|m| m.get(d, p)) {
                    return emit_page(OutputFile {
                        path: PathBuf::from(urls::background(&d.slug)),
                        bytes,
                    });
                }
                background_page(&r, d, p).and_then(emit_page)
            })
            .collect(),
    };
    let pages = pages.into_iter().collect::<Result<Vec<_>, _>>()?;
    if let Some(m) = memo {
        let bytes: Vec<Arc<[u8]>> = pages.iter().filter_map(|p| p.kept.clone()).collect();
        m.keep(&site.background, &composed.background, &bytes);
    }
    files.extend(pages.into_iter().map(|p| p.emitted));

    // Timeline: grouped by year.
    let mut years: Vec<YearView<'_>> = vec![];
    let mut groups: BTreeMap<String, String> = BTreeMap::new();
    for ((d, c), back) in site
        .events
        .iter()
        .zip(&composed.events)
        .zip(&composed.event_backlinks)
    {
        let m = &d.meta;
        if let Some(g) = &m.group {
            groups.insert(g.clone(), group_id(g));
        }
        let when = m.display_date.clone().unwrap_or_else(|| match m.end_date {
            Some(end) => crate::dates::range(m.date, end),
            None => m.date.human(),
        });
        let ev = EventView {
            id: &d.slug,
            title: &m.title,
            date: m.date.into(),
            end_date: m.end_date.map(Into::into),
            when,
            group: m.group.as_deref(),
            group_id: m.group.as_deref().map(group_id),
            place: m.place.as_deref(),
            content: &c.html,
            marks: marks(&c.marks),
            mentions: links(back, urls::ROOT_SECTION),
        };
        match years.last_mut() {
            Some(y) if y.year == m.date.year => y.events.push(ev),
            _ => years.push(YearView {
                year: m.date.year,
                id: format!("year_{}", m.date.year),
                events: vec![ev],
            }),
        }
    }
    let groups: Vec<GroupView> = groups
        .into_iter()
        .map(|(name, id)| GroupView { name, id })
        .collect();
    let timeline_page = ComposedPage {
        cited: composed.timeline_cited.clone(),
        ..empty.clone()
    };
    let event_texts: Vec<String> = site
        .events
        .iter()
        .map(|e| crate::markdown::plain_text(e.body()))
        .collect();
    files.push(emit(r.page(
        "timeline.html",
        urls::TIMELINE,
        PageView {
            jsonld: Some(jsonld::to_script(&jsonld::timeline(site, &event_texts))),
            ..r.view(
                "timeline",
                urls::ROOT_SECTION,
                urls::TIMELINE,
                "Timeline",
                "The events of the story, oldest first.",
                &timeline_page,
            )
        },
        |c| {
            c.insert("years", &years);
            c.insert("groups", &groups);
        },
    )?)?);

    // Glossary: A–Z.
    let mut letters: Vec<LetterView<'_>> = vec![];
    for ((d, c), back) in site
        .terms
        .iter()
        .zip(&composed.terms)
        .zip(&composed.term_backlinks)
    {
        let letter = compose::letter_of(&d.meta.term);
        let tv = TermView {
            id: &d.slug,
            term: &d.meta.term,
            kind: d.meta.kind,
            aliases: d.meta.aliases.iter().map(|(a, _)| a.as_str()).collect(),
            short: &d.meta.short,
            content: &c.html,
            marks: marks(&c.marks),
            mentions: links(back, urls::ROOT_SECTION),
        };
        match letters.last_mut() {
            Some(l) if l.letter == letter.to_string() => l.terms.push(tv),
            _ => letters.push(LetterView {
                letter: letter.to_string(),
                id: compose::letter_id(letter),
                terms: vec![tv],
            }),
        }
    }
    let glossary_page = ComposedPage {
        cited: composed.glossary_cited.clone(),
        ..empty.clone()
    };
    files.push(emit(r.page(
        "glossary.html",
        urls::GLOSSARY,
        PageView {
            jsonld: Some(jsonld::to_script(&jsonld::glossary(site))),
            ..r.view(
                "glossary",
                urls::ROOT_SECTION,
                urls::GLOSSARY,
                "Glossary",
                "The people, groups, places and terms of the story, A to Z.",
                &glossary_page,
            )
        },
        |c| c.insert("letters", &letters),
    )?)?);

    // Assets: built-in, replaced by a same-named file in the site's templates/.
    let asset = |name: &str| -> &str {
        overrides
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, t)| t.as_str())
            .or_else(|| {
                BUILTIN_ASSETS
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, t)| *t)
            })
            .unwrap_or("")
    };
    // Highlighting CSS (two syntect themes, ~25 KB) only ships when some page has code.
    let has_code = std::iter::once(&composed.explainer)
        .chain(composed.background.iter().map(|p| &**p))
        .any(|p| p.has_code)
        || composed
            .events
            .iter()
            .chain(&composed.terms)
            .any(|e| crate::markdown::has_code_block(&e.html));
    for (name, _) in BUILTIN_ASSETS {
        let mut bytes = asset(name).as_bytes().to_vec();
        if *name == "style.css" && has_code {
            bytes.extend_from_slice(crate::markdown::highlight::stylesheet().as_bytes());
        }
        files.push(emit(OutputFile {
            path: PathBuf::from(name),
            bytes: bytes.into(),
        })?);
    }

    // The 404 page is served at any depth, so it carries its CSS inline and links with
    // absolute URLs when base_url is known (root-relative ones otherwise).
    let home = site.config.base_url.clone().unwrap_or_else(|| "/".into());
    files.push(emit(r.page(
        "404.html",
        urls::NOT_FOUND,
        PageView {
            canonical: None,
            ..r.view("404", "", urls::NOT_FOUND, "Page not found", "", &empty)
        },
        |c| {
            c.insert("home", &home);
            c.insert("inline_css", asset("style.css"));
            c.insert("favicon", &svg_data_uri(asset("favicon.svg")));
        },
    )?)?);

    let texts: Vec<&str> = event_texts.iter().map(String::as_str).collect();
    let timeline_json = feeds::timelinejs(site, &texts);
    files.push(emit(OutputFile {
        path: PathBuf::from(urls::TIMELINE_JSON),
        bytes: timeline_json.into_bytes().into(),
    })?);
    let base = site.config.base_url.as_deref();
    files.push(emit(OutputFile {
        path: PathBuf::from(urls::ROBOTS),
        bytes: feeds::robots(base).into_bytes().into(),
    })?);
    if let Some(base) = base {
        files.push(emit(OutputFile {
            path: PathBuf::from(urls::ATOM),
            bytes: feeds::atom(site, base).into_bytes().into(),
        })?);
        files.push(emit(OutputFile {
            path: PathBuf::from(urls::SITEMAP),
            bytes: feeds::sitemap(site, base).into_bytes().into(),
        })?);
    }
    Ok(files)
}

/// A background page once handed to `emit`: what `emit` returned, and the page's bytes
/// when a memo keeps them.
struct EmittedPage<T> {
    kept: Option<Arc<[u8]>>,
    emitted: T,
}

/// Which template renders a page and which content files are on it: what `dossier
/// check` needs to trace a problem in the output back to what someone wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageOrigin {
    /// The page's template, e.g. `timeline.html` (it may include others).
    pub template: &'static str,
    /// Content files whose markdown is on the page, in page order.
    pub sources: Vec<PathBuf>,
}

/// The origin of every page [`render_site`] writes, keyed by output path.
pub fn page_origins(site: &Site) -> BTreeMap<PathBuf, PageOrigin> {
    let origin = |template, sources| PageOrigin { template, sources };
    let mut map = BTreeMap::new();
    map.insert(
        PathBuf::from(urls::EXPLAINER),
        origin("explainer.html", vec![site.explainer.file.clone()]),
    );
    map.insert(
        PathBuf::from(urls::BACKGROUND_INDEX),
        origin("background_index.html", vec![]),
    );
    for d in &site.background {
        map.insert(
            PathBuf::from(urls::background(&d.slug)),
            origin("background.html", vec![d.file.clone()]),
        );
    }
    map.insert(
        PathBuf::from(urls::TIMELINE),
        origin(
            "timeline.html",
            site.events.iter().map(|d| d.file.clone()).collect(),
        ),
    );
    map.insert(
        PathBuf::from(urls::GLOSSARY),
        origin(
            "glossary.html",
            site.terms.iter().map(|d| d.file.clone()).collect(),
        ),
    );
    map
}

/// Background pages rendered by an earlier run, kept by `serve` across rebuilds (`build`
/// and `check` keep none). A page's bytes are reused only when everything it is rendered
/// from is equal: its composed body and its document, and what every page shares (the
/// `site` values, the `.html` template overrides, the sources that references list; a
/// change to those forgets every page). The body is the very `Arc` the page was rendered
/// from, which also stands for its document: `compose::Memo` hands an `Arc` out again
/// only for the same file with the same slug and text, and the `Arc` held here keeps its
/// address from being reused.
#[derive(Default)]
pub struct Memo {
    shared: Option<MemoShared>,
    pages: HashMap<PathBuf, MemoPage>,
}

#[derive(PartialEq)]
struct MemoShared {
    site: String,
    templates: Vec<(String, String)>,
    sources: Vec<SourceEntry>,
    source_index: BTreeMap<String, usize>,
    /// All of it, not only what the `site` view shows: JSON-LD reads the configuration.
    config: Config,
    /// A background page's JSON-LD names the explainer's publication date and authors;
    /// all of its frontmatter counts, so a new use of another field cannot go stale.
    explainer: ExplainerMeta,
}

struct MemoPage {
    slug: String,
    composed: Arc<ComposedPage>,
    bytes: Arc<[u8]>,
}

impl MemoPage {
    /// Whether these bytes are what `d` with `composed` renders to.
    fn renders<M>(&self, d: &Doc<M>, composed: &Arc<ComposedPage>) -> bool {
        self.slug == d.slug && Arc::ptr_eq(&self.composed, composed)
    }
}

impl Memo {
    /// Forgets every page unless what all pages share is as in the previous run.
    fn begin(&mut self, sv: &SiteView<'_>, overrides: &[(String, String)], site: &Site) {
        let shared = MemoShared {
            site: serde_json::to_string(sv).unwrap_or_default(),
            // Only `.html` overrides are templates; assets (style.css) render no page.
            templates: overrides
                .iter()
                .filter(|(n, _)| n.ends_with(".html"))
                .cloned()
                .collect(),
            sources: site.sources.clone(),
            source_index: site.source_index.clone(),
            config: site.config.clone(),
            explainer: site.explainer.meta.clone(),
        };
        if self.shared.as_ref() != Some(&shared) {
            self.pages.clear();
            self.shared = Some(shared);
        }
    }

    fn get<M>(&self, d: &Doc<M>, composed: &Arc<ComposedPage>) -> Option<Arc<[u8]>> {
        let m = self.pages.get(&d.file)?;
        m.renders(d, composed).then(|| m.bytes.clone())
    }

    /// Keeps this run's pages (and only those: deleted and renamed files go).
    fn keep<M>(&mut self, docs: &[Doc<M>], composed: &[Arc<ComposedPage>], bytes: &[Arc<[u8]>]) {
        let mut pages = HashMap::with_capacity(docs.len());
        for ((d, c), b) in docs.iter().zip(composed).zip(bytes) {
            let entry = match self.pages.remove(&d.file) {
                Some(old) if old.renders(d, c) => old,
                _ => MemoPage {
                    slug: d.slug.clone(),
                    composed: c.clone(),
                    bytes: b.clone(),
                },
            };
            pages.insert(d.file.clone(), entry);
        }
        self.pages = pages;
    }
}

struct Renderer<'a> {
    site: &'a Site,
    tera: &'a Tera,
    base: Context,
}

impl<'a> Renderer<'a> {
    fn new(site: &'a Site, tera: &'a Tera, sv: &SiteView<'_>) -> Renderer<'a> {
        let mut base = Context::new();
        base.insert("site", sv);
        Renderer { site, tera, base }
    }

    fn view(
        &self,
        kind: &'static str,
        root: &'static str,
        path: &str,
        title: &'a str,
        summary: &'a str,
        p: &'a ComposedPage,
    ) -> PageView<'a> {
        PageView {
            kind,
            root,
            path: path.to_string(),
            canonical: self
                .site
                .config
                .base_url
                .as_ref()
                .map(|b| format!("{b}{}", urls::public(path))),
            title,
            summary,
            nav: nav(kind, root),
            content: &p.html,
            toc: &p.toc,
            references: references(self.site, &p.cited),
            marks: marks(&p.marks),
            updates: vec![],
            published: None,
            updated: None,
            authors: &[],
            jsonld: None,
            feed: self
                .site
                .config
                .base_url
                .as_ref()
                .map(|_| format!("{root}{}", urls::ATOM)),
        }
    }

    fn page(
        &self,
        template: &str,
        path: &str,
        view: PageView<'_>,
        extra: impl FnOnce(&mut Context),
    ) -> Result<OutputFile, Diagnostics> {
        let mut ctx = self.base.clone();
        ctx.insert("page", &view);
        extra(&mut ctx);
        let html = self.tera.render(template, &ctx).map_err(|e| {
            Diagnostics::from(
                Diagnostic::error(Class::Content, format!("cannot render {path}: {}", error_chain(&e)))
                    .in_file(format!("templates/{template}"))
                    .with_hint("a template uses a value or filter that does not exist; the README lists what templates receive"),
            )
        })?;
        Ok(OutputFile {
            path: PathBuf::from(path),
            bytes: html.into_bytes().into(),
        })
    }
}

/// An SVG as a `data:` URI, for pages that cannot rely on relative URLs (the 404 page).
fn svg_data_uri(svg: &str) -> String {
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

fn nav(kind: &str, root: &str) -> Vec<NavItem> {
    let item = |label, target: &str, k: &str| NavItem {
        label,
        url: format!("{root}{target}"),
        current: kind == k || (k == "background" && kind == "background_index"),
    };
    vec![
        item("Explainer", urls::EXPLAINER, "explainer"),
        item("Background", urls::BACKGROUND_INDEX, "background"),
        item("Timeline", urls::TIMELINE, "timeline"),
        item("Glossary", urls::GLOSSARY, "glossary"),
    ]
}

fn references<'a>(site: &'a Site, cited: &'a [Cited]) -> Vec<ReferenceView<'a>> {
    cited
        .iter()
        .filter_map(|c| {
            let s = &site.sources[*site.source_index.get(&c.id)?];
            Some(ReferenceView {
                number: c.number,
                id: &s.id,
                title: &s.title,
                publisher: s.publisher.as_deref(),
                date: s.date.map(Into::into),
                url: &s.url,
                backrefs: &c.backrefs,
            })
        })
        .collect()
}

fn marks(marks: &[Mark]) -> Vec<MarkView<'_>> {
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
fn links(back: &[compose::Backlink], root: &str) -> Vec<LinkView> {
    back.iter()
        .map(|b| LinkView {
            label: b.label.clone(),
            url: format!("{root}{}", b.url),
        })
        .collect()
}

/// Newest first, as the "what changed" log reads.
fn updates(list: &[Update]) -> Vec<UpdateView> {
    let mut v: Vec<&Update> = list.iter().collect();
    v.sort_by_key(|u| std::cmp::Reverse(u.date));
    v.into_iter()
        .map(|u| UpdateView {
            date: u.date.into(),
            kind: u.kind,
            summary: u.summary.clone(),
        })
        .collect()
}

fn group_id(g: &str) -> String {
    format!("group-{}", crate::slug::slugify(g))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::range as date_range;

    #[test]
    fn range_is_bounded_and_get_env_disabled() {
        let render = |body: &str| {
            let tera = templates(&[("explainer.html".into(), body.into())])?;
            tera.render("explainer.html", &Context::new())
                .map_err(|e| Diagnostics::from(Diagnostic::error(Class::Content, error_chain(&e))))
        };
        let out = render("{% for i in range(start=1, end=10, step_by=4) %}{{ i }},{% endfor %}");
        assert_eq!(out.unwrap(), "1,5,9,");
        for bad in [
            "{{ range(end=10, step_by=0) }}",
            "{{ range(end=1000000000000) }}",
            "{{ get_env(name=\"HOME\") }}",
        ] {
            let err = render(bad).unwrap_err();
            assert!(
                err.0[0].message.contains("step_by=0")
                    || err.0[0].message.contains("at most")
                    || err.0[0].message.contains("get_env is disabled"),
                "{bad}: {:?}",
                err.0
            );
        }
    }

    #[test]
    fn date_ranges_read_naturally() {
        let d = |s| PartialDate::parse(s).unwrap();
        assert_eq!(
            date_range(d("2023-08-07"), d("2023-08-08")),
            "7–8 August 2023"
        );
        assert_eq!(
            date_range(d("2024-01-28"), d("2024-02-02")),
            "28 January – 2 February 2024"
        );
        assert_eq!(date_range(d("2014"), d("2017-12")), "2014 – December 2017");
    }
}
