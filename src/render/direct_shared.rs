//! The parts of a directly written background page ([`super::direct`]) that are the same
//! on every one: the partials rendered once by Tera itself, and `base.html`'s footer.

use std::collections::HashMap;

use tera::{Context, Tera, Value};

use super::views::SiteView;
use crate::html::escape_attr as e;
use crate::model::{urls, Site};

/// `base.html`'s includes that print nothing of the page but its root, kind and
/// navigation (no alternates or edition note outside editions).
pub(super) struct Partials {
    pub(super) search: String,
    pub(super) languages: String,
    pub(super) nav: String,
    pub(super) edition_note: String,
    /// For a page that is not one of the footer's pages (no `aria-current`).
    pub(super) footer_pages: String,
}

/// The partials as Tera renders them on a background page.
pub(super) fn partials(site: &Site, tera: &Tera, sv: &SiteView<'_>) -> Option<Partials> {
    let root = urls::ROOT_BACKGROUND_PAGE;
    let mut ctx = Context::new();
    ctx.insert("site", sv);
    ctx.insert(
        "config",
        &serde_json::json!({ "extra": &site.config.extra }),
    );
    ctx.insert(
        "page",
        &serde_json::json!({
            "kind": "background",
            "root": root,
            "path": "",
            "nav": super::views::nav("background", root, &site.strings),
            "alternates": [],
            "edition": null,
        }),
    );
    let render = |name: &str| tera.render(name, &ctx).ok();
    Some(Partials {
        search: render("partials/search.html")?,
        languages: render("partials/languages.html")?,
        nav: render("partials/nav.html")?,
        edition_note: render("partials/edition_note.html")?,
        footer_pages: render("partials/footer_pages.html")?,
    })
}

/// `base.html` from the footer's `<p>` to the blank line before the JSON-LD.
pub(super) fn footer(f: &Fns<'_>, sv: &SiteView<'_>) -> Option<String> {
    let word = |k: &str| f.t(&[("k", k.into())]).map(|w| e(&w));
    let mut o = format!("<p>{}", e(sv.title));
    if let Some(p) = sv.publisher {
        o.push_str(&format!(" · {} ", word("published-by")?));
        match p.url.as_deref().filter(|u| !u.is_empty()) {
            Some(u) => o.push_str(&format!("<a href=\"{}\">{}</a>", e(u), e(&p.name))),
            None => o.push_str(&e(&p.name)),
        }
    }
    let iso = &sv.as_of.iso;
    o.push_str(&format!(
        " · {} <time datetime=\"{}\">{}</time></p>\n<p class=\"built-with\">{}</p>\n</div>\n</footer>\n\n",
        word("as-of")?,
        e(iso),
        e(&f.ldate(iso)?),
        word("built-with")?,
    ));
    Some(o)
}

/// The functions and filters registered on the build's Tera, called as templates call them.
pub(super) struct Fns<'a> {
    pub(super) tera: &'a Tera,
}

impl Fns<'_> {
    pub(super) fn t(&self, args: &[(&str, Value)]) -> Option<String> {
        let args: HashMap<String, Value> = args
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect();
        self.call("t", &args)
    }

    pub(super) fn call(&self, name: &str, args: &HashMap<String, Value>) -> Option<String> {
        match self.tera.get_function(name).ok()?.call(args).ok()? {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub(super) fn filter(&self, name: &str, value: &str) -> Option<String> {
        let v = Value::String(value.to_string());
        match self
            .tera
            .get_filter(name)
            .ok()?
            .filter(&v, &HashMap::new())
            .ok()?
        {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub(super) fn ldate(&self, iso: &str) -> Option<String> {
        self.filter("ldate", iso)
    }
}

/// The parts of `base.html` that are the same on every background page.
pub(super) struct Shared {
    pub(super) top: String,
    pub(super) body_top: String,
    pub(super) footer_pages: String,
    pub(super) footer: String,
    pub(super) bottom: String,
}

impl Shared {
    pub(super) fn new(site: &Site, f: &Fns<'_>, sv: &SiteView<'_>) -> Option<Shared> {
        let root = urls::ROOT_BACKGROUND_PAGE;
        let partials = partials(site, f.tera, sv)?;
        let csp = e(&f.call("csp", &HashMap::new())?);
        let top = format!(
            "<!DOCTYPE html>\n<html lang=\"{}\" dir=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\n<title>",
            e(sv.language),
            e(sv.dir)
        );
        let asset = |name: &str| {
            f.filter("asset", name)
                .map(|a| format!("{}{}", e(root), e(&a)))
        };
        let word = |k: &str| f.t(&[("k", k.into())]).map(|w| e(&w));
        let body_top = format!(
            "<meta name=\"color-scheme\" content=\"light dark\">\n\
             <script>try{{var t=localStorage.getItem(\"dossier-theme\");if(t===\"light\"||t===\"dark\")document.documentElement.setAttribute(\"data-theme\",t)}}catch(e){{}}document.documentElement.className+=\" js\"</script>\n\
             <link rel=\"icon\" href=\"{}\" type=\"image/svg+xml\">\n<link rel=\"stylesheet\" href=\"{}\">\n\
             <script src=\"{}\" defer></script>\n</head>\n<body class=\"kind-background\">\n\
             <a class=\"skip-link\" href=\"#d_main\">{}</a>\n<header class=\"site-header\">\n\
             <div class=\"wrap header-row\">\n<a class=\"site-title\" href=\"{}index.html\">{}</a>\n{}\n\
             <button type=\"button\" class=\"theme-toggle\" hidden aria-pressed=\"false\"><span aria-hidden=\"true\" class=\"theme-icon\"></span><span class=\"theme-label\">{}</span></button>\n\
             {}</div>\n{}\n</header>\n<main id=\"d_main\" class=\"wrap\">\n{}",
            asset("favicon.svg")?,
            asset("style.css")?,
            asset("dossier.js")?,
            word("skip-link")?,
            e(root),
            e(sv.title),
            partials.search,
            word("theme-dark")?,
            partials.languages,
            partials.nav,
            partials.edition_note,
        );
        let footer = footer(f, sv)?;
        let bottom = format!(
            "\n<template id=\"d_ui\">{}</template>\n</body>\n</html>\n",
            f.call("ui_json", &HashMap::new())?
        );
        Some(Shared {
            top,
            body_top,
            footer_pages: partials.footer_pages,
            footer,
            bottom,
        })
    }
}
