//! One function per page kind: the explainer, the background list and pages, the
//! timeline, the glossary, the 404 page, the assets and the data files (timeline.json,
//! robots.txt, the feeds). Each turns the model and the composed pages into view structs
//! and renders them; nothing here decides where a file goes.

use super::template_limits::render_bounded;
use std::path::PathBuf;

use tera::{Context, Tera};

/// The components' stylesheet, published as the end of `style.css`.
use super::templates::error_chain;
use super::views::*;
use super::{feeds, jsonld, OutputFile};
use crate::compose::{self, Composed, ComposedPage};
use crate::diag::{Class, Diagnostic, Diagnostics};
use crate::model::{self, urls, Doc, Site};
use crate::parse::frontmatter::BackgroundMeta;

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

/// What every page of one render needs.
pub(super) struct Pages<'a> {
    pub(super) r: Renderer<'a>,
    pub(super) site: &'a Site,
    pub(super) composed: &'a Composed,
    /// The site's own templates and assets, by name, and the published assets.
    pub(super) look: super::Look<'a>,
    /// Each event's body as plain text, for timeline.json and storymap.json.
    pub(super) event_texts: Vec<String>,
}

/// A page with no body of its own (lists, the 404 page), citing `cited`.
pub(super) fn bodiless(
    cited: Vec<crate::markdown::Cited>,
    credits: &[crate::markdown::Credit],
) -> ComposedPage {
    ComposedPage {
        html: String::new(),
        has_code: false,
        sections: vec![],
        toc: vec![],
        marks: vec![],
        cites: false,
        cited,
        mentions: vec![],
        images_used: Default::default(),
        credits: credits.to_vec(),
        places_used: Default::default(),
    }
}

impl<'a> Pages<'a> {
    pub(super) fn new(r: Renderer<'a>, composed: &'a Composed, look: super::Look<'a>) -> Pages<'a> {
        let site = r.site;
        let event_texts = site
            .events
            .iter()
            .map(|e| crate::markdown::plain_text(e.body()))
            .collect();
        Pages {
            r,
            site,
            composed,
            look,
            event_texts,
        }
    }

    pub(super) fn explainer(&self) -> Result<OutputFile, Diagnostics> {
        let (site, r) = (self.site, &self.r);
        let e = &site.explainer;
        let facts = jsonld::ArticleFacts {
            path: urls::EXPLAINER,
            title: &e.meta.title,
            summary: &e.meta.summary,
            published: e.meta.published,
            modified: model::as_of(site),
            authors: &e.meta.authors,
            updates: &e.meta.updates,
        };
        let view = PageView {
            updates: updates(&e.meta.updates, &site.strings),
            published: Some(DateView::new(e.meta.published, &site.strings)),
            updated: e.meta.updated.map(|d| DateView::new(d, &site.strings)),
            authors: &e.meta.authors,
            jsonld: Some(jsonld::to_script(&jsonld::article(site, &facts))),
            social: super::social::own(r.site, &e.meta.image, urls::EXPLAINER, &e.meta.title),
            edition: super::editions::note(site, &e.file, urls::EXPLAINER),
            ..r.view(
                "explainer",
                urls::ROOT_EXPLAINER,
                urls::EXPLAINER,
                &e.meta.title,
                &e.meta.summary,
                &self.composed.explainer,
            )
        };
        r.page("explainer.html", urls::EXPLAINER, view, |_| {})
    }

    pub(super) fn background_index(&self) -> Result<OutputFile, Diagnostics> {
        let items: Vec<BackgroundItem<'_>> = self
            .site
            .background
            .iter()
            .map(|d| BackgroundItem {
                title: &d.meta.title,
                summary: &d.meta.summary,
                url: urls::background_from_list(&d.slug),
                updated: d.meta.updated.map(|u| DateView::new(u, &self.site.strings)),
            })
            .collect();
        let empty = bodiless(vec![], &[]);
        let strings = &self.r.site.strings;
        let (title, summary) = (
            strings.get("nav-background"),
            strings.get("background-summary"),
        );
        let view = self.r.view(
            "background_index",
            urls::ROOT_SECTION,
            urls::BACKGROUND_INDEX,
            &title,
            &summary,
            &empty,
        );
        self.r
            .page("background_index.html", urls::BACKGROUND_INDEX, view, |c| {
                c.insert("pages", &items)
            })
    }

    /// The glossary's terms under their initial letters, A to Z.
    fn glossary_letters(&self) -> Vec<LetterView<'a>> {
        let (site, composed) = (self.site, self.composed);
        let mut letters: Vec<LetterView<'_>> = vec![];
        let entries = site.terms.iter().zip(&composed.terms);
        for ((d, c), back) in entries.zip(&composed.term_backlinks) {
            let letter = compose::letter_of(&d.meta.term);
            let tv = TermView {
                id: &d.slug,
                fallback: super::editions::fallback(self.site, &d.file),
                inherited: super::editions::inherited(self.site, &d.file),
                term: &d.meta.term,
                kind: d.meta.kind,
                aliases: d.meta.aliases.iter().map(|(a, _)| a.as_str()).collect(),
                short: &d.meta.short,
                content: &c.html,
                marks: marks(&c.marks),
                cites: c.cites,
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
        letters
    }

    pub(super) fn glossary(&self) -> Result<OutputFile, Diagnostics> {
        let letters = self.glossary_letters();
        let page = bodiless(
            self.composed.glossary_cited.clone(),
            &self.composed.glossary_credits,
        );
        let strings = &self.site.strings;
        let (title, summary) = (strings.get("nav-glossary"), strings.get("glossary-summary"));
        let view = PageView {
            jsonld: Some(jsonld::to_script(&jsonld::glossary(self.site))),
            ..self.r.view(
                "glossary",
                urls::ROOT_SECTION,
                urls::GLOSSARY,
                &title,
                &summary,
                &page,
            )
        };
        self.r.page("glossary.html", urls::GLOSSARY, view, |c| {
            c.insert("letters", &letters)
        })
    }

    /// The stylesheet, scripts and icon, under their published names.
    pub(super) fn assets(&self) -> Vec<OutputFile> {
        self.look.assets.files()
    }

    /// timeline.json, robots.txt, and with a base_url the Atom feed and the sitemap.
    pub(super) fn data_files(&self) -> Vec<OutputFile> {
        let site = self.site;
        let file = |path: &str, text: String| OutputFile {
            path: PathBuf::from(path),
            bytes: text.into_bytes().into(),
        };
        let texts: Vec<&str> = self.event_texts.iter().map(String::as_str).collect();
        let base = site.config.base_url.as_deref();
        let mut files = vec![
            file(urls::TIMELINE_JSON, feeds::timelinejs(site, &texts)),
            file(urls::ROBOTS, feeds::robots(base)),
        ];
        let shown = self.composed.places_shown(site);
        if !shown.is_empty() {
            let geojson = super::geo_exports::places_geojson(site, &shown);
            files.push(file(urls::PLACES_GEOJSON, geojson));
            files.push(file(
                urls::STORYMAP_JSON,
                super::geo_exports::storymap(site, &texts),
            ));
        }
        if let Some(base) = base {
            files.push(file(urls::ATOM, feeds::atom(site, base)));
            files.push(file(urls::SITEMAP, feeds::sitemap(site, base)));
        }
        files
    }
}

pub(super) fn background_page(
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
    let view = PageView {
        updates: updates(&d.meta.updates, &site.strings),
        updated: d.meta.updated.map(|u| DateView::new(u, &site.strings)),
        jsonld: Some(jsonld::to_script(&jsonld)),
        social: super::social::own(r.site, &d.meta.image, &path, &d.meta.title),
        edition: super::editions::note(site, &d.file, &path),
        ..r.view(
            "background",
            urls::ROOT_BACKGROUND_PAGE,
            &path,
            &d.meta.title,
            &d.meta.summary,
            p,
        )
    };
    if let Some(html) = r.direct.as_ref().and_then(|d| d.background(&view)) {
        return Ok(OutputFile {
            path: PathBuf::from(path),
            bytes: html.into_bytes().into(),
        });
    }
    r.page("background.html", &path, view, |_| {})
}

pub(super) struct Renderer<'a> {
    pub(super) site: &'a Site,
    pub(super) tera: &'a Tera,
    base: Context,
    /// Background pages written without Tera, when the site's templates allow it.
    direct: Option<super::direct::Direct<'a>>,
}

impl<'a> Renderer<'a> {
    pub(super) fn new(site: &'a Site, tera: &'a Tera, sv: &SiteView<'_>) -> Renderer<'a> {
        let mut base = Context::new();
        base.insert("site", sv);
        // `[extra]` of dossier.toml, for a site's own templates (CONTENT.md: `config.extra`).
        base.insert(
            "config",
            &serde_json::json!({ "extra": &site.config.extra }),
        );
        let direct = super::direct::Direct::new(site, tera, sv);
        Renderer {
            site,
            tera,
            base,
            direct,
        }
    }

    pub(super) fn view(
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
            nav: nav(kind, root, &self.site.strings),
            alternates: super::editions::alternates(self.site, path),
            edition: None,
            content: &p.html,
            toc: &p.toc,
            references: references(self.site, &p.cited),
            credits: &p.credits,
            social: super::social::card_view(self.site, path, title),
            marks: marks(&p.marks),
            cites: p.cites,
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

    pub(super) fn page(
        &self,
        template: &str,
        path: &str,
        view: PageView<'_>,
        extra: impl FnOnce(&mut Context),
    ) -> Result<OutputFile, Diagnostics> {
        self.render(template, path, |ctx| {
            ctx.insert("page", &view);
            extra(ctx);
        })
    }

    /// Renders `template` with `site` and what `fill` adds, into the file at `path`.
    pub(super) fn render(
        &self,
        template: &str,
        path: &str,
        fill: impl FnOnce(&mut Context),
    ) -> Result<OutputFile, Diagnostics> {
        let mut ctx = self.base.clone();
        fill(&mut ctx);
        let html = render_bounded(self.tera, template, &ctx).map_err(|e| {
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
