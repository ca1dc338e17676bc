//! The assets under content-hashed names: `style.3f2a9c1e.css`, `dossier.….js`,
//! `search.….js` and `search-index.….js`, so a host may cache them for a year and a
//! reader never sees a stale stylesheet with a new page (issue 19).
//!
//! Templates name an asset by its plain name through one filter, `{{ "style.css" |
//! asset }}`, which gives the hashed file name (relative to the root; prefix
//! `page.root`). A site that overrides a template does the same, and an override of an
//! asset in `templates/` gets its own hash. Names are decided before any page is
//! rendered: `build` writes each page as soon as it exists.
//!
//! The search index is the one file whose bytes exist only after every page: its name
//! hashes what it is made from instead (the Dossier version and every published content
//! file, with the configuration), so it changes whenever its bytes may.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use sha2::{Digest, Sha256};

use super::builtin::{BUILTIN_ASSETS, BUILTIN_TEMPLATES};
use super::OutputFile;
use crate::model::{urls, Doc, Site};

/// Assets published under their plain name: browsers ask for the icon by name, and an
/// `embed` component names its script while markdown is rendered, before the assets'
/// hashes are known (`model::urls::EMBED_SCRIPT`).
const PLAIN: &[&str] = &["favicon.svg", urls::EMBED_SCRIPT];

/// Every asset's bytes and published name, for one build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assets {
    /// Plain name → (published name, bytes), in [`BUILTIN_ASSETS`] order.
    files: Vec<AssetFile>,
    /// The search index's published name.
    index: String,
    /// The Content-Security-Policy the pages obey (see [`super::csp`]).
    csp: String,
    /// The stylesheet the 404 page carries inline (the site's `style.css`, minified):
    /// one string for the page and for the policy's hash of it.
    inline_css: String,
}

/// The built-in asset holding the components' styles, appended to `style.css`.
pub(super) const COMPONENTS_CSS: &str = "components.css";

impl Assets {
    /// The assets of `site` with its `overrides` (templates/ files of the same name).
    /// The stylesheet carries the highlighting CSS (~25 KB) only when some page has code.
    pub fn new(site: &Site, overrides: &[(String, String)]) -> Assets {
        // The index's name hashes every content file (10 ms at 10,000 pages, on one
        // thread): made beside the stylesheets and scripts.
        let (index, (files, inline_css)) = rayon::join(
            || urls::hashed(urls::SEARCH_INDEX, &index_hash(site)),
            || files(site, overrides),
        );
        Assets {
            files,
            index,
            csp: super::csp::policy(templates_in_use(overrides), &inline_css),
            inline_css,
        }
    }

    /// The stylesheet the 404 page inlines, as the policy's hash allows it.
    pub fn inline_css(&self) -> &str {
        &self.inline_css
    }

    /// The Content-Security-Policy every page obeys.
    pub fn csp(&self) -> &str {
        &self.csp
    }

    /// The published name of an asset, by its plain name.
    pub fn url(&self, name: &str) -> Option<&str> {
        if name == urls::SEARCH_INDEX {
            return Some(&self.index);
        }
        self.files
            .iter()
            .find(|(n, _, _)| n == name)
            .map(|(_, p, _)| p.as_str())
    }

    /// The search index's path in the output.
    pub fn index_path(&self) -> &str {
        &self.index
    }

    /// The asset files (all but the search index), in a fixed order.
    pub fn files(&self) -> Vec<OutputFile> {
        self.files
            .iter()
            .map(|(_, p, b)| OutputFile {
                path: PathBuf::from(p),
                bytes: b.clone(),
            })
            .collect()
    }

    /// Whether `path` is a content-hashed file of this build (cacheable forever).
    pub fn is_hashed(&self, path: &str) -> bool {
        path == self.index
            || self
                .files
                .iter()
                .any(|(n, p, _)| p == path && !PLAIN.contains(&n.as_str()))
    }

    /// Plain name → published name, every asset and the index.
    pub fn names(&self) -> BTreeMap<String, String> {
        let mut names: BTreeMap<String, String> = self
            .files
            .iter()
            .map(|(n, p, _)| (n.clone(), p.clone()))
            .collect();
        names.insert(urls::SEARCH_INDEX.into(), self.index.clone());
        names
    }

    /// The `asset` filter templates call: plain name → published name.
    pub fn filter(&self) -> AssetFilter {
        AssetFilter(self.names())
    }
}

/// `{{ "style.css" | asset }}` → `style.3f2a9c1e.css`.
pub struct AssetFilter(BTreeMap<String, String>);

impl tera::Filter for AssetFilter {
    fn filter(
        &self,
        value: &tera::Value,
        _: &HashMap<String, tera::Value>,
    ) -> tera::Result<tera::Value> {
        let name = value.as_str().unwrap_or_default();
        match self.0.get(name) {
            Some(published) => Ok(tera::Value::String(published.clone())),
            None => Err(tera::Error::msg(format!(
                "`asset` knows no asset named {value}; the assets are {}",
                self.0
                    .keys()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))),
        }
    }
}

/// The `csp()` function templates call: the policy for a `<meta http-equiv>`.
pub fn csp_function(csp: String) -> impl tera::Function {
    move |_: &HashMap<String, tera::Value>| Ok(tera::Value::String(csp.clone()))
}

/// What the built-in templates are compiled with, before a build knows its assets:
/// nothing renders with it (each build registers its own [`AssetFilter`]).
pub(super) fn unknown_asset(
    _: &tera::Value,
    _: &HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    Err(tera::Error::msg("asset names are decided per build"))
}

/// The text of every template a build renders with: each built-in unless the site
/// overrides it, and the site's own `.html` templates.
fn templates_in_use(overrides: &[(String, String)]) -> impl Iterator<Item = &str> {
    let overridden = |name: &str| overrides.iter().any(|(n, _)| n == name);
    BUILTIN_TEMPLATES
        .iter()
        .filter(move |(n, _)| !overridden(n))
        .map(|(_, t)| *t)
        .chain(
            overrides
                .iter()
                .filter(|(n, _)| n.ends_with(".html"))
                .map(|(_, t)| t.as_str()),
        )
}

/// The first 8 hex digits of the SHA-256 of `bytes`: 4 billion names, enough that two
/// versions of one file never share one.
fn short_hash(bytes: &[u8]) -> String {
    hex8(&Sha256::digest(bytes))
}

fn hex8(digest: &[u8]) -> String {
    digest[..4].iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether any published page has a code block (then the stylesheet has highlighting).
fn site_has_code(site: &Site) -> bool {
    use rayon::prelude::*;
    let has = |text: &str| crate::markdown::has_code(text);
    has(site.explainer.body())
        || site.background.par_iter().any(|d| has(d.body()))
        || site.events.par_iter().any(|d| has(d.body()))
        || site.terms.par_iter().any(|d| has(d.body()))
}

/// An asset as published: its name, its published (hashed) name, its bytes.
type AssetFile = (String, String, Arc<Vec<u8>>);

/// The stylesheets and scripts as published, and the
/// stylesheet the 404 page inlines.
fn files(site: &Site, overrides: &[(String, String)]) -> (Vec<AssetFile>, String) {
    let has_code = site_has_code(site);
    let source = |name: &str, builtin: &'static str| {
        overrides
            .iter()
            .find(|(n, _)| n == name)
            .map_or(builtin, |(_, t)| t.as_str())
    };
    let components = BUILTIN_ASSETS
        .iter()
        .find(|(n, _)| *n == COMPONENTS_CSS)
        .map_or("", |(n, b)| source(n, b));
    let files = BUILTIN_ASSETS
        .iter()
        .filter(|(name, _)| *name != COMPONENTS_CSS)
        .map(|(name, builtin)| {
            let mut bytes = source(name, builtin).as_bytes().to_vec();
            // The components' styles (figures, callouts, quotes…) ship inside the
            // one stylesheet, not as a file of their own.
            if *name == "style.css" {
                bytes.extend_from_slice(components.as_bytes());
            }
            if *name == "style.css" && has_code {
                bytes.extend_from_slice(crate::markdown::highlight::stylesheet().as_bytes());
            }
            if name.ends_with(".css") {
                bytes = super::css_min::minify(&String::from_utf8_lossy(&bytes)).into_bytes();
            }
            let published = if PLAIN.contains(name) {
                name.to_string()
            } else {
                urls::hashed(name, &short_hash(&bytes))
            };
            (name.to_string(), published, Arc::new(bytes))
        })
        .collect();
    let css = BUILTIN_ASSETS.iter().find(|(n, _)| *n == "style.css");
    let inline_css = super::css_min::minify(css.map_or("", |(n, b)| source(n, b)));
    (files, inline_css)
}

/// A hash of everything the search index is made from: the Dossier version (its format
/// and tokenizer), the configuration and every published content file.
fn index_hash(site: &Site) -> String {
    use std::hash::Hasher;
    // Not SHA-256: the name only has to change when an input does, and hashing every
    // content file with SHA-256 was an eighth of a 1,000-page build's instructions.
    let mut h = rustc_hash::FxHasher::default();
    h.write(env!("CARGO_PKG_VERSION").as_bytes());
    h.write(format!("{:?}", site.config).as_bytes());
    let mut doc = |file: &std::path::Path, text: &str| {
        h.write(file.to_string_lossy().as_bytes());
        h.write_u8(0);
        h.write_u64(text.len() as u64);
        h.write(text.as_bytes());
    };
    fn each<M>(docs: &[Doc<M>], doc: &mut impl FnMut(&std::path::Path, &str)) {
        docs.iter().for_each(|d| doc(&d.file, &d.text));
    }
    doc(&site.explainer.file, &site.explainer.text);
    each(&site.background, &mut doc);
    each(&site.events, &mut doc);
    each(&site.terms, &mut doc);
    if let Some((file, text)) = &site.sources_file {
        doc(file, text);
    }
    hex8(&h.finish().to_be_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_hashes_are_eight_hex_digits_of_sha256() {
        // SHA-256("abc") begins ba7816bf.
        assert_eq!(short_hash(b"abc"), "ba7816bf");
    }
}
