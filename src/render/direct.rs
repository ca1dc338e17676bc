//! Background pages written straight from their view, without Tera, when the site renders
//! them with the built-in templates unmodified (issue 20): Tera looked every value up by
//! its dotted name through `serde_json` (a few allocations each, about 2,400 instructions
//! per `{{ page.title }}`), which made rendering a page cost more than writing it by hand
//! many times over. Background pages are the ones a site has hundreds of.
//!
//! The bytes are Tera's, exactly: `background.html` with `base.html` and its partials as
//! they read now. What is the same on every background page (the header, the navigation,
//! the footer, the policy, interface strings) is rendered once per build, the rest per
//! page. Interface strings, dates and asset names still come from the functions and
//! filters registered on the build's Tera, so they cannot drift from the templates'.
//! A site that overrides any of these templates, and every page of a language edition
//! (its notes, alternates and inherited fields), goes through Tera as before; the test
//! `direct_background_pages_match_tera` holds the two to the same output.

use std::collections::HashMap;

use tera::{Tera, Value};

use super::views::PageView;
use crate::html::escape_attr as e;
use crate::model::Site;

/// The templates a background page is made of: if any differs from the built-in, Tera
/// renders the page.
pub(super) const TEMPLATES: &[&str] = &[
    "background.html",
    "base.html",
    "partials/search.html",
    "partials/languages.html",
    "partials/nav.html",
    "partials/edition_note.html",
    "partials/credits.html",
    "partials/footer_pages.html",
    "partials/toc.html",
    "partials/marks.html",
    "partials/updates.html",
    "partials/references.html",
];

/// What every background page of one build shares, already rendered and escaped.
pub(super) struct Direct<'a> {
    pub(super) tera: &'a Tera,
    /// From `<!DOCTYPE html>` to `<title>`.
    top: String,
    /// ` · ` and the site's title, then `</title>`.
    title_tail: String,
    /// `og:site_name` and `og:locale`.
    og_site: String,
    /// The feed link's `title`.
    feed_title: String,
    /// From `color-scheme` to the opening of `<main>`, with the edition note (none).
    body_top: String,
    /// The article's kicker, up to `<h1>`.
    kicker: String,
    updated_label: String,
    /// The labels of the marks line, as the macro picks them by its `further` flag:
    /// "Sources" and "Further sources".
    marks_labels: [String; 2],
    /// The footer's standalone pages, for a page that is none of them.
    footer_pages: String,
    /// `<p>` of the footer, to the end of `</footer>`.
    footer: String,
    /// From the `<template>` of interface strings to the end.
    bottom: String,
    /// Arg-less interface strings, escaped: `t(k=…)`.
    words: HashMap<&'static str, String>,
    /// The page urls of the footer, which a page compares with its own path.
    page_urls: Vec<String>,
}

/// Interface strings the templates print with no arguments.
const WORDS: &[&str] = &[
    "contents",
    "sources",
    "colon",
    "what-changed",
    "image-credits",
    "update",
    "correction",
    "clarification",
];

impl<'a> Direct<'a> {
    /// The shared parts for `site`, or `None` when Tera must render its pages (overridden
    /// templates, a language edition).
    pub(super) fn new(
        site: &Site,
        tera: &'a Tera,
        sv: &super::views::SiteView<'_>,
    ) -> Option<Direct<'a>> {
        if sv.original.is_some() || !super::templates::unmodified(tera, TEMPLATES) {
            return None;
        }
        let f = super::direct_shared::Fns { tera };
        let mut words = HashMap::new();
        for w in WORDS {
            words.insert(*w, e(&f.t(&[("k", (*w).into())])?));
        }
        let shared = super::direct_shared::Shared::new(site, &f, sv)?;
        Some(Direct {
            tera,
            top: shared.top,
            title_tail: format!(" · {}</title>\n", e(sv.title)),
            og_site: format!(
                "<meta property=\"og:site_name\" content=\"{}\">\n<meta property=\"og:locale\" content=\"{}\">\n",
                e(sv.title),
                e(&sv.language.replace('-', "_"))
            ),
            feed_title: e(&f.t(&[("k", "feed-title".into()), ("site", sv.title.into())])?),
            body_top: shared.body_top,
            kicker: format!(
                "<p class=\"kicker\"><a href=\"../index.html\">{}</a></p>\n",
                e(&f.t(&[("k", "nav-background".into())])?)
            ),
            updated_label: e(&f.t(&[("k", "updated".into())])?),
            marks_labels: [
                e(&f.t(&[("k", "sources".into())])?),
                e(&f.t(&[("k", "further-sources".into())])?),
            ],
            footer_pages: shared.footer_pages,
            footer: shared.footer,
            bottom: shared.bottom,
            words,
            page_urls: sv.pages.iter().map(|p| p.url.to_string()).collect(),
        })
    }

    /// The page, or `None` when it needs what only Tera writes (an edition's parts).
    pub(super) fn background(&self, v: &PageView<'_>) -> Option<String> {
        if v.kind != "background"
            || v.root != crate::model::urls::ROOT_BACKGROUND_PAGE
            || v.edition.is_some()
            || !v.alternates.is_empty()
            || v.published.is_some()
            || self.page_urls.contains(&v.path)
        {
            return None;
        }
        let mut o = String::with_capacity(v.content.len() + (16 << 10));
        self.head(&mut o, v);
        o.push_str(&self.body_top);
        self.article(&mut o, v)?;
        o.push('\n');
        self.credits(&mut o, v);
        o.push_str("</main>\n<footer class=\"site-footer\">\n<div class=\"wrap\">\n");
        o.push_str(&self.footer_pages);
        o.push_str(&self.footer);
        if let Some(j) = v.jsonld.as_deref().filter(|j| !j.is_empty()) {
            o.push_str("<script type=\"application/ld+json\">");
            o.push_str(j);
            o.push_str("</script>\n");
        }
        o.push_str(&self.bottom);
        Some(o)
    }

    pub(super) fn word(&self, k: &str) -> &str {
        self.words.get(k).map_or("", String::as_str)
    }

    /// `<head>`, from the top to the feed link.
    fn head(&self, o: &mut String, v: &PageView<'_>) {
        let (title, summary) = (e(v.title), e(v.summary));
        o.push_str(&self.top);
        o.push_str(&title);
        o.push_str(&self.title_tail);
        tag(o, "<meta name=\"description\" content=\"", &summary);
        if let Some(c) = v.canonical.as_deref().filter(|c| !c.is_empty()) {
            let c = e(c);
            tag(o, "<link rel=\"canonical\" href=\"", &c);
            tag(o, "<meta property=\"og:url\" content=\"", &c);
        }
        o.push_str("<meta property=\"og:type\" content=\"article\">\n");
        tag(o, "<meta property=\"og:title\" content=\"", &title);
        tag(o, "<meta property=\"og:description\" content=\"", &summary);
        o.push_str(&self.og_site);
        match &v.social {
            Some(s) => social(o, s),
            None => o.push_str("<meta name=\"twitter:card\" content=\"summary\">\n"),
        }
        tag(o, "<meta name=\"twitter:title\" content=\"", &title);
        tag(o, "<meta name=\"twitter:description\" content=\"", &summary);
        if let Some(feed) = v.feed.as_deref().filter(|f| !f.is_empty()) {
            o.push_str("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"");
            push_all(o, &[&self.feed_title, "\" href=\""]);
            tag(o, "", &e(feed));
        }
    }

    /// `background.html`'s content block.
    fn article(&self, o: &mut String, v: &PageView<'_>) -> Option<()> {
        o.push_str("\n\n<article class=\"article\">\n<header class=\"article-header\">\n");
        o.push_str(&self.kicker);
        push_all(
            o,
            &[
                "<h1>",
                &e(v.title),
                "</h1>\n<p class=\"dek\">",
                &e(v.summary),
                "</p>\n",
            ],
        );
        if let Some(u) = &v.updated {
            let f = super::direct_shared::Fns { tera: self.tera };
            let (iso, human) = (e(&u.iso), e(&f.ldate(&u.iso)?));
            push_all(
                o,
                &[
                    "<p class=\"byline\">",
                    &self.updated_label,
                    " <time datetime=\"",
                ],
            );
            push_all(o, &[&iso, "\">", &human, "</time></p>"]);
        }
        o.push_str("\n</header>\n");
        self.toc(o, v);
        push_all(o, &["\n<div class=\"prose\">\n", v.content, "\n</div>\n"]);
        self.marks(o, v);
        o.push('\n');
        // Each include's file ends in a newline of its own, before the template's.
        self.updates(o, v)?;
        o.push_str("\n\n");
        self.references(o, &v.references)?;
        o.push_str("\n\n</article>\n");
        Some(())
    }

    fn toc(&self, o: &mut String, v: &PageView<'_>) {
        if v.toc.len() > 1 {
            o.push_str(
                "<nav class=\"toc\" aria-labelledby=\"d_contents\">\n<h2 id=\"d_contents\">",
            );
            push_all(o, &[self.word("contents"), "</h2>\n<ol>\n"]);
            for h in v.toc {
                push_all(
                    o,
                    &["<li><a href=\"#", &e(&h.id), "\">", &e(&h.text), "</a>"],
                );
                if !h.children.is_empty() {
                    o.push_str("\n<ul>\n");
                    for c in &h.children {
                        push_all(
                            o,
                            &[
                                "<li><a href=\"#",
                                &e(&c.id),
                                "\">",
                                &e(&c.text),
                                "</a></li>\n",
                            ],
                        );
                    }
                    o.push_str("</ul>\n");
                }
                o.push_str("</li>\n");
            }
            o.push_str("</ol>\n</nav>\n");
        }
        o.push('\n');
    }

    /// `m::marks(marks=page.marks, further=page.cites)`.
    fn marks(&self, o: &mut String, v: &PageView<'_>) {
        if v.marks.is_empty() {
            return;
        }
        let label = &self.marks_labels[usize::from(v.cites)];
        push_all(
            o,
            &[
                "<p class=\"marks\"><span class=\"marks-label\">",
                label,
                self.word("colon"),
                "</span> ",
            ],
        );
        for m in &v.marks {
            let n = m.number.to_string();
            push_all(
                o,
                &[
                    "<sup>[<a href=\"#ref_",
                    &n,
                    "\" id=\"",
                    &e(m.backref),
                    "\">",
                    &n,
                    "</a>]</sup>",
                ],
            );
        }
        o.push_str("</p>");
    }

    fn updates(&self, o: &mut String, v: &PageView<'_>) -> Option<()> {
        if v.updates.is_empty() {
            return Some(());
        }
        let f = super::direct_shared::Fns { tera: self.tera };
        o.push_str(
            "<section class=\"updates\" aria-labelledby=\"d_updates\">\n<h2 id=\"d_updates\">",
        );
        push_all(
            o,
            &[
                self.word("what-changed"),
                "</h2>\n<ul class=\"update-list\">\n",
            ],
        );
        for u in &v.updates {
            // As the template sees it: the serialised name, `update`, `correction`…
            let Value::String(kind) = serde_json::to_value(u.kind).ok()? else {
                return None;
            };
            let (iso, human) = (e(&u.date.iso), e(&f.ldate(&u.date.iso)?));
            push_all(
                o,
                &["<li><time datetime=\"", &iso, "\">", &human, "</time> "],
            );
            push_all(
                o,
                &[
                    "<span class=\"badge badge-",
                    &e(&kind),
                    "\">",
                    self.word(&kind),
                ],
            );
            push_all(o, &["</span> ", &e(&u.summary), "</li>\n"]);
        }
        o.push_str("</ul>\n</section>\n");
        Some(())
    }

    fn credits(&self, o: &mut String, v: &PageView<'_>) {
        if v.credits.is_empty() {
            return;
        }
        o.push_str(
            "<section class=\"credits\" aria-labelledby=\"d_credits\">\n<h2 id=\"d_credits\">",
        );
        push_all(o, &[self.word("image-credits"), "</h2>\n<ul>"]);
        for c in v.credits {
            push_all(o, &["<li>", &e(&c.what), ": ", &e(&c.credit)]);
            if let Some(l) = c.license.as_deref().filter(|l| !l.is_empty()) {
                push_all(o, &[" (", &e(l), ")"]);
            }
            o.push_str("</li>");
        }
        o.push_str("</ul>\n</section>\n");
    }
}

/// A tag whose last attribute's value is `value` (escaped), closed, then a newline.
fn tag(o: &mut String, open: &str, value: &str) {
    push_all(o, &[open, value, "\">\n"]);
}

/// The link preview's image, for Open Graph and Twitter.
fn social(o: &mut String, s: &super::social::SocialView) {
    let (url, alt) = (e(&s.url), e(&s.alt));
    tag(o, "<meta property=\"og:image\" content=\"", &url);
    tag(
        o,
        "<meta property=\"og:image:width\" content=\"",
        &s.width.to_string(),
    );
    tag(
        o,
        "<meta property=\"og:image:height\" content=\"",
        &s.height.to_string(),
    );
    tag(o, "<meta property=\"og:image:alt\" content=\"", &alt);
    o.push_str("<meta name=\"twitter:card\" content=\"summary_large_image\">\n");
    tag(o, "<meta name=\"twitter:image\" content=\"", &url);
    tag(o, "<meta name=\"twitter:image:alt\" content=\"", &alt);
}

pub(super) fn push_all(o: &mut String, parts: &[&str]) {
    for p in parts {
        o.push_str(p);
    }
}
