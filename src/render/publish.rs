//! What a host needs beside the pages (issue 19): a redirect page for each alias, which
//! works on any host and from disk, and the host's own files from `[publish] host`:
//! `_headers` and `_redirects` for Netlify and Cloudflare Pages, `.nojekyll` and
//! `CNAME` for GitHub Pages (whose root `404.html` every build writes).

use std::fmt::Write;
use std::path::PathBuf;

use serde::Serialize;

use super::pages::Renderer;
use super::{Assets, OutputFile};
use crate::diag::Diagnostics;
use crate::model::redirects::Redirect;
use crate::model::{urls, Site};
use crate::parse::config::Host;

/// What `redirect.html` receives as `redirect`.
#[derive(Serialize)]
struct RedirectView<'a> {
    /// The page, relative to the redirect page: works under any prefix and from disk.
    url: String,
    /// The page's public URL with `base_url`, else `url`.
    canonical: String,
    title: &'a str,
}

/// The redirect page of one alias: a meta refresh, a canonical link and a visible link
/// to the page, kept out of search engines' indexes.
pub(super) fn redirect_page(
    r: &Renderer<'_>,
    redirect: &Redirect,
) -> Result<OutputFile, Diagnostics> {
    let url = format!("{}{}", urls::root_of(&redirect.from), redirect.to);
    let canonical = match &r.site.config.base_url {
        Some(base) => format!("{base}{}", urls::public(&redirect.to)),
        None => url.clone(),
    };
    let view = RedirectView {
        url,
        canonical,
        title: &redirect.title,
    };
    r.render("redirect.html", &redirect.from, |c| {
        c.insert("redirect", &view)
    })
}

/// The host's own files, as `[publish] host` asks.
pub(super) fn host_files(site: &Site, assets: &Assets) -> Vec<OutputFile> {
    let file = |path: &str, text: String| OutputFile {
        path: PathBuf::from(path),
        bytes: text.into_bytes().into(),
    };
    match site.config.publish.host {
        Host::Any => vec![],
        host @ (Host::Netlify | Host::Cloudflare) => vec![
            file(urls::HEADERS, headers(site, assets, host)),
            file(urls::REDIRECTS, redirect_rules(site, host)),
        ],
        Host::GithubPages => {
            let mut files = vec![file(urls::NOJEKYLL, String::new())];
            if let Some(domain) = custom_domain(site) {
                files.push(file(urls::CNAME, format!("{domain}\n")));
            }
            files
        }
    }
}

/// The path the site is served under, from `base_url` (`/` without one).
fn prefix(site: &Site) -> String {
    let path = site
        .config
        .base_url
        .as_deref()
        .and_then(|b| b.split_once("://"))
        .and_then(|(_, rest)| rest.find('/').map(|i| &rest[i..]))
        .unwrap_or("/");
    path.to_string()
}

/// `_headers`: every response says what it may load and does not leak the page's URL;
/// pages and feeds revalidate; hashed assets are cached for a year, unchanged.
fn headers(site: &Site, assets: &Assets, host: Host) -> String {
    let prefix = prefix(site);
    let mut out = format!(
        "{prefix}*\n  X-Content-Type-Options: nosniff\n  Referrer-Policy: strict-origin-when-cross-origin\n  Content-Security-Policy: {}\n",
        assets.csp()
    );
    // Both hosts join the values of a header that two matching rules set. Cloudflare
    // drops the site-wide one with `! Cache-Control`; Netlify knows no `!`, and
    // revalidates every file unless told otherwise (`public,max-age=0,must-revalidate`),
    // so there the site-wide rule sets none.
    if host == Host::Cloudflare {
        out.push_str("  Cache-Control: public, max-age=0, must-revalidate\n");
    }
    for path in assets.names().values().filter(|p| assets.is_hashed(p)) {
        let _ = writeln!(out, "{prefix}{path}");
        if host == Host::Cloudflare {
            out.push_str("  ! Cache-Control\n");
        }
        out.push_str("  Cache-Control: public, max-age=31536000, immutable\n");
    }
    out
}

/// `_redirects`: a permanent redirect for each alias. The redirect page exists at the
/// same path, so Netlify needs `301!` to redirect anyway; Cloudflare always does.
fn redirect_rules(site: &Site, host: Host) -> String {
    let prefix = prefix(site);
    let status = if host == Host::Netlify { "301!" } else { "301" };
    let mut out = String::new();
    for r in &site.redirects {
        let _ = writeln!(
            out,
            "{prefix}{} {prefix}{} {status}",
            urls::public(&r.from),
            urls::public(&r.to)
        );
    }
    out
}

/// The custom domain of `base_url`, for GitHub Pages' `CNAME`: none for a
/// `*.github.io` address, which needs none.
fn custom_domain(site: &Site) -> Option<String> {
    let base = site.config.base_url.as_deref()?;
    let (_, rest) = base.split_once("://")?;
    let host = rest.split(['/', ':']).next()?.to_ascii_lowercase();
    (!host.is_empty() && !host.ends_with(".github.io")).then_some(host)
}
