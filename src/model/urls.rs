//! The output layout, in one place: where every page and file of a site is written, the
//! URL of each page relative to the site root, and how deep each page sits (the relative
//! prefix back to the root). No other module spells these paths out, so a change of
//! layout (a language edition under its tag, a renamed page) is made here alone.
//!
//! Paths are relative to the output folder, with `/` separators; a page's URL is its path,
//! and its public URL (canonical links, the sitemap) drops the trailing `index.html`.
//! `@/` link keys (`background/x.md`) name content files, also laid out here.

/// The main explainer.
pub const EXPLAINER: &str = "index.html";
/// The list of background pages.
pub const BACKGROUND_INDEX: &str = "background/index.html";
/// Every event on one page.
pub const TIMELINE: &str = "timeline/index.html";
/// Every term on one page.
pub const GLOSSARY: &str = "glossary/index.html";
/// The page hosts show for a missing URL; it sits at the root.
pub const NOT_FOUND: &str = "404.html";
/// The timeline as TimelineJS3 data.
pub const TIMELINE_JSON: &str = "timeline.json";
/// The places the site shows, as GeoJSON (only when it shows some).
pub const PLACES_GEOJSON: &str = "places.geojson";
/// The events with places as a StoryMapJS story, beside `timeline.json`.
pub const STORYMAP_JSON: &str = "storymap.json";
pub const ATOM: &str = "atom.xml";
pub const SITEMAP: &str = "sitemap.xml";
pub const ROBOTS: &str = "robots.txt";
/// The search index, loaded by `search.js` when a reader first searches. Published
/// under a hashed name (see [`hashed`]), like the stylesheet and the scripts.
pub const SEARCH_INDEX: &str = "search-index.js";
/// Netlify's and Cloudflare Pages' header rules.
pub const HEADERS: &str = "_headers";
/// Netlify's and Cloudflare Pages' redirect rules.
pub const REDIRECTS: &str = "_redirects";
/// Tells GitHub Pages not to run Jekyll (which drops files starting with `_`).
pub const NOJEKYLL: &str = ".nojekyll";
/// GitHub Pages' custom domain.
pub const CNAME: &str = "CNAME";
/// Files a site may write itself in `static/`; its own wins over the generated one.
pub const REPLACEABLE: &[&str] = &[ROBOTS, HEADERS, REDIRECTS, NOJEKYLL, CNAME];

/// The list of URLs a build published, read by the next build to notice dropped pages.
pub const MANIFEST: &str = ".dossier-urls";

/// An asset's content-hashed file name: `style.css` with hash `3f2a9c1e` is
/// `style.3f2a9c1e.css`, so a host may cache it forever (a new version has a new name).
pub fn hashed(name: &str, hash: &str) -> String {
    match name.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}.{hash}.{ext}"),
        None => format!("{name}.{hash}"),
    }
}

/// An alias (an old URL that must keep working, as an editor writes it:
/// `background/old-name/`, `/old.html`) as the path of its redirect page, or why it
/// cannot be one. A folder URL gets `index.html`, as every page here does.
pub fn alias(url: &str) -> Result<String, &'static str> {
    let path = url.trim().trim_start_matches('/');
    if url.contains("://") || url.trim().starts_with("//") {
        return Err("an alias is a path on this site, not a full URL");
    }
    if path.is_empty() {
        return Err("an alias cannot be the site's root: the explainer is there");
    }
    if path.contains(['?', '#', '\\', '"', '<', '>', ' ']) || path.chars().any(char::is_control) {
        return Err("an alias is a plain path: no query, fragment, spaces or backslashes");
    }
    if path.split('/').any(|seg| seg == "." || seg == "..") {
        return Err("an alias may not contain `.` or `..` segments");
    }
    if path.ends_with('/') {
        Ok(format!("{path}index.html"))
    } else if path.ends_with(".html") {
        Ok(path.to_string())
    } else {
        Ok(format!("{path}/index.html"))
    }
}

/// The relative prefix from the page at `path` back to the root: `../` per folder.
pub fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// The relative prefix from a page at the root (the explainer, 404) back to the root.
pub const ROOT_EXPLAINER: &str = "";
/// … from a section page (background list, timeline, glossary).
pub const ROOT_SECTION: &str = "../";
/// … from a background page.
pub const ROOT_BACKGROUND_PAGE: &str = "../../";

/// A background page: `background/{slug}/index.html`.
pub fn background(slug: &str) -> String {
    format!("background/{slug}/index.html")
}

/// A background page's URL from the list of background pages.
pub fn background_from_list(slug: &str) -> String {
    format!("{slug}/index.html")
}

/// A timeline event: its entry on the timeline page.
pub fn event(slug: &str) -> String {
    format!("{TIMELINE}#{slug}")
}

/// A glossary term: its entry on the glossary page.
pub fn term(slug: &str) -> String {
    format!("{GLOSSARY}#{slug}")
}

/// A page's public URL path, as in canonical links and the sitemap: `background/x/`.
pub fn public(path: &str) -> &str {
    path.strip_suffix("index.html").unwrap_or(path)
}

/// A standalone page of `content/pages/`: `{slug}/index.html`, beside the sections.
pub fn page(slug: &str) -> String {
    format!("{slug}/index.html")
}

/// … from a standalone page back to the root.
pub const ROOT_PAGE: &str = "../";

/// The folders the sections take at the root: no standalone page may take one.
pub const SECTION_FOLDERS: &[&str] = &["background", "timeline", "glossary"];

/// The `@/` key of a standalone page's content file: `pages/about.md`.
pub fn page_key(file_name: &str) -> String {
    format!("pages/{file_name}")
}

/// A file of `static/` (`img/x.svg`), published at the same path under the root.
pub fn static_file(path: &str) -> String {
    path.to_string()
}

/// A published variant of a raster image of `static/`: `img/x.jpg` at 480 px in WebP
/// is `img/x-480.webp`, beside where the original would be.
pub fn image_variant(source: &str, width: u32, extension: &str) -> String {
    let stem = source.rsplit_once('.').map_or(source, |(s, _)| s);
    format!("{stem}-{width}.{extension}")
}

/// A data table of `content/data/`, published as its editor wrote it: `data/troops.csv`.
pub fn data_table(slug: &str) -> String {
    format!("data/{slug}.csv")
}

/// The script that loads an `embed` on a reader's click.
pub const EMBED_SCRIPT: &str = "embed.js";

/// The `@/` key of the explainer's content file.
pub const EXPLAINER_KEY: &str = "index.md";

/// The `@/` key of a background page's content file, by file name: `background/x.md`.
pub fn background_key(file_name: &str) -> String {
    format!("background/{file_name}")
}

/// The `@/` key of an event's content file: `timeline/x.md`.
pub fn event_key(file_name: &str) -> String {
    format!("timeline/{file_name}")
}

/// The `@/` key of a term's content file: `glossary/x.md`.
pub fn term_key(file_name: &str) -> String {
    format!("glossary/{file_name}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_urls_drop_index_html() {
        assert_eq!(public(&background("x")), "background/x/");
        assert_eq!(public(EXPLAINER), "");
        assert_eq!(public(TIMELINE_JSON), "timeline.json");
    }

    #[test]
    fn hashed_names_keep_the_extension() {
        assert_eq!(hashed("style.css", "3f2a9c1e"), "style.3f2a9c1e.css");
        assert_eq!(
            hashed("search-index.js", "00ff00ff"),
            "search-index.00ff00ff.js"
        );
    }

    #[test]
    fn aliases_become_pages_and_refuse_what_is_no_path() {
        assert_eq!(
            alias("background/old/").unwrap(),
            "background/old/index.html"
        );
        assert_eq!(alias("/old-name").unwrap(), "old-name/index.html");
        assert_eq!(alias("a/b.html").unwrap(), "a/b.html");
        assert_eq!(root_of("a/b/index.html"), "../../");
        for bad in [
            "",
            "/",
            "https://x.org/a/",
            "a/../b/",
            "a?b",
            "a#b",
            "//x.org/a",
        ] {
            assert!(alias(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn entries_are_fragments_of_their_page() {
        assert_eq!(event("a"), "timeline/index.html#a");
        assert_eq!(term("b"), "glossary/index.html#b");
    }
}
