//! `dossier.toml`: raw serde struct (unknown keys refused) → validated [`Config`].
//!
//! Config problems are setup errors (exit 2), reported at their line and column in
//! `dossier.toml`. This module never reads content.

use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::images_config::RawImages;
pub use super::images_config::{ImageFormat, ImageSettings};
use crate::diag::{toml_error, Class, Diagnostic};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: Spanned<String>,
    #[serde(default)]
    description: String,
    #[serde(default = "default_language")]
    language: Spanned<String>,
    base_url: Option<Spanned<String>>,
    output_dir: Option<String>,
    publisher: Option<RawPublisher>,
    #[serde(default)]
    publish: Publish,
    #[serde(default)]
    raw_html: RawHtmlSettings,
    #[serde(default)]
    extra: toml::Table,
    images: Option<RawImages>,
    #[serde(default)]
    timeline: TimelineSettings,
    /// `[languages.<tag>]`: the other editions (see [`Edition`]).
    #[serde(default)]
    languages: std::collections::BTreeMap<Spanned<String>, RawEdition>,
}

/// `[timeline]`: when the timeline is split into a page per year.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct TimelineSettings {
    /// A timeline of more events than this gets an index page and a page per year; up
    /// to this many stay on one page. 0 always splits.
    #[serde(default = "default_by_year_above")]
    pub by_year_above: usize,
}

impl Default for TimelineSettings {
    fn default() -> Self {
        TimelineSettings {
            by_year_above: default_by_year_above(),
        }
    }
}

/// About 200 events make a page of some 1 MB at most (the flagship's 44 are 220 KB):
/// past that a phone waits for, and scrolls through, more than anyone reads at once.
fn default_by_year_above() -> usize {
    200
}

/// `[languages.<tag>]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEdition {
    title: Spanned<String>,
    #[serde(default)]
    description: String,
    #[serde(default)]
    digits: Option<Spanned<String>>,
}

/// Which digits an edition writes numbers and dates with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Digits {
    /// The locale's own default (Arabic-Indic for `ar`, Latin for `en`).
    #[default]
    Locale,
    /// `digits = "latn"`: 0123456789.
    Latin,
    /// `digits = "arab"`: ٠١٢٣٤٥٦٧٨٩.
    ArabicIndic,
}

/// Another edition of the site: `[languages.ar-IQ]` in `dossier.toml`.
#[derive(Debug, Clone, PartialEq)]
pub struct Edition {
    /// Its BCP 47 tag, as written (`ar-IQ`): the folder it is published under.
    pub tag: String,
    pub title: String,
    pub description: String,
    pub dir: &'static str,
    pub digits: Digits,
}

/// `[raw_html]`: what raw HTML in content may do beyond plain markup.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHtmlSettings {
    /// `<script>`, `on…=` handlers and the like: refused unless a site opts in.
    #[serde(default)]
    allow_scripts: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPublisher {
    name: String,
    #[serde(default)]
    url: Option<Spanned<String>>,
}

/// Where the site is published: which host files a build writes (`_headers`,
/// `_redirects`, `.nojekyll`, `CNAME`), and whether it precompresses text files.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Publish {
    #[serde(default)]
    pub host: Host,
    #[serde(default)]
    pub precompress: bool,
}

/// The hosts whose own files Dossier writes; `any` writes none of them.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Host {
    #[default]
    Any,
    Netlify,
    Cloudflare,
    GithubPages,
}

fn default_language() -> Spanned<String> {
    Spanned::new(0..0, "en".to_string())
}

#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Publisher {
    pub name: String,
    #[serde(default)]
    pub url: Option<String>,
}

/// The validated site settings.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub title: String,
    pub description: String,
    /// BCP 47 tag, e.g. `en`, `ar-IQ`.
    pub language: String,
    /// `ltr` or `rtl`, derived from the language's primary subtag.
    pub dir: &'static str,
    /// Always ends with `/` when present.
    pub base_url: Option<String>,
    /// Relative to the site root unless absolute; `public` by default.
    pub output_dir: String,
    pub publisher: Option<Publisher>,
    /// `[publish]`: the host and precompression.
    pub publish: Publish,
    /// `[raw_html] allow_scripts`: raw HTML may hold `<script>`, `on…=` handlers and the
    /// like (script URLs are refused regardless).
    pub raw_html_scripts: bool,
    /// `[extra]`: a free table for the site's own templates, which read it as
    /// `config.extra`. Dossier itself never looks inside.
    pub extra: toml::Table,
    /// `[images]`: the widths and formats of raster figures.
    pub images: ImageSettings,
    /// `[timeline]`: when the timeline gets a page per year.
    pub timeline: TimelineSettings,
    /// `[languages.<tag>]`: the other editions, by tag. An edition's own config is this
    /// one with its language, title, description and digits (see [`Config::edition`]).
    pub editions: Vec<Edition>,
    /// Digits of this edition (`digits` is set per `[languages.<tag>]`).
    pub digits: Digits,
    /// The edition this config renders: `None` for the original.
    pub edition_of: Option<String>,
}

/// Languages written right to left (primary subtags).
const RTL: &[&str] = &[
    "ar", "arc", "ckb", "dv", "fa", "ha", "he", "khw", "ks", "ku", "ps", "sd", "ur", "yi",
];

pub const FILE_NAME: &str = crate::read::CONFIG_FILE;

impl Config {
    /// Parses and validates the text of `dossier.toml`. Every field is checked before
    /// returning, so all of the file's problems are reported at once.
    pub fn parse(text: &str) -> Result<Config, Vec<Diagnostic>> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let mut d = toml_error(Path::new(FILE_NAME), text, text, 0, &e);
            d.class = Class::Setup;
            vec![d]
        })?;
        let mut c = ConfigChecker {
            text,
            errors: vec![],
        };
        let title = c.title(&raw.title);
        let language = c.language(&raw.language);
        let base_url = raw.base_url.as_ref().and_then(|b| c.base_url(b));
        let editions = raw
            .languages
            .iter()
            .filter_map(|(tag, e)| c.edition(tag, e, &language))
            .collect();
        let publisher = raw.publisher.map(|p| Publisher {
            name: p.name,
            url: p.url.and_then(|u| c.publisher_url(&u)),
        });
        let images = match raw.images.map(RawImages::validate) {
            None => ImageSettings::default(),
            Some(Ok(settings)) => settings,
            Some(Err((span, message))) => {
                c.error(message, span, "e.g. widths = [480, 960, 1600]");
                ImageSettings::default()
            }
        };
        if !c.errors.is_empty() {
            return Err(c.errors);
        }
        Ok(Config {
            title,
            description: raw.description.trim().to_string(),
            dir: direction(&language),
            language,
            base_url,
            output_dir: raw.output_dir.unwrap_or_else(|| "public".to_string()),
            publisher,
            publish: raw.publish,
            raw_html_scripts: raw.raw_html.allow_scripts,
            extra: raw.extra,
            images,
            timeline: raw.timeline,
            editions,
            digits: Digits::Locale,
            edition_of: None,
        })
    }
}

impl Config {
    /// The config an edition renders with: the original's, with the edition's language,
    /// title, description, direction and digits.
    pub fn edition(&self, e: &Edition) -> Config {
        Config {
            title: e.title.clone(),
            description: e.description.clone(),
            language: e.tag.clone(),
            dir: e.dir,
            digits: e.digits,
            // An edition is published in its folder, so its pages' absolute URLs
            // (canonical, og:url, JSON-LD, its feed) are the folder's.
            base_url: self.base_url.as_ref().map(|b| format!("{b}{}/", e.tag)),
            edition_of: Some(self.language.clone()),
            ..self.clone()
        }
    }

    /// The absolute URL of the whole site's root: `base_url`, or for an edition the
    /// original's (its own `base_url` is its folder's).
    pub fn root_url(&self) -> Option<&str> {
        let base = self.base_url.as_deref()?;
        match self.edition_of {
            Some(_) => base.strip_suffix(&format!("{}/", self.language)),
            None => Some(base),
        }
    }

    /// The tags of every edition, the original's first.
    pub fn all_languages(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.language.as_str()).chain(self.editions.iter().map(|e| e.tag.as_str()))
    }
}

/// `rtl` for a language written right to left (by its primary subtag), else `ltr`.
pub fn direction(language: &str) -> &'static str {
    let primary = language
        .split('-')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    if RTL.contains(&primary.as_str()) {
        "rtl"
    } else {
        "ltr"
    }
}

/// Collects the setup errors of `dossier.toml`, each at its place in the file.
struct ConfigChecker<'a> {
    text: &'a str,
    errors: Vec<Diagnostic>,
}

impl ConfigChecker<'_> {
    fn error(&mut self, message: String, span: std::ops::Range<usize>, hint: &str) {
        self.errors.push(
            Diagnostic::error(Class::Setup, message)
                .at(Path::new(FILE_NAME), self.text, span)
                .with_hint(hint.to_string()),
        );
    }

    fn title(&mut self, raw: &Spanned<String>) -> String {
        let title = raw.get_ref().trim().to_string();
        if title.is_empty() {
            self.error(
                "`title` is empty".into(),
                raw.span(),
                "the site title is shown on every page",
            );
        }
        title
    }

    fn language(&mut self, raw: &Spanned<String>) -> String {
        let language = raw.get_ref().trim().to_string();
        if let Some((why, meant)) = super::language_tag::problem(&language) {
            let hint = match meant {
                Some(tag) => format!("did you mean \"{tag}\"? A language is a BCP 47 tag like \"en\", \"ar\" or \"pt-BR\""),
                None => "use a tag like \"en\", \"fr\", \"ar\" or \"pt-BR\"".into(),
            };
            self.error(why, raw.span(), &hint);
        }
        language
    }

    /// One `[languages.<tag>]` table, checked: a well-formed tag other than `language`,
    /// a title, and `digits` of `latn` or `arab`.
    fn edition(
        &mut self,
        tag: &Spanned<String>,
        raw: &RawEdition,
        original: &str,
    ) -> Option<Edition> {
        let name = tag.get_ref().trim().to_string();
        if let Some((why, meant)) = super::language_tag::problem(&name) {
            let hint = match meant {
                Some(t) => format!("did you mean [languages.{t}]? An edition is named by a BCP 47 tag like \"ar\" or \"ar-IQ\""),
                None => "name an edition by a BCP 47 tag, e.g. [languages.ar-IQ]".into(),
            };
            self.error(why, tag.span(), &hint);
            return None;
        }
        if name.eq_ignore_ascii_case(original) {
            self.error(
                format!("`{name}` is the site's own `language`"),
                tag.span(),
                "an edition is another language than the original's",
            );
            return None;
        }
        let title = self.title(&raw.title);
        let digits = match raw
            .digits
            .as_ref()
            .map(|d| (d.get_ref().as_str(), d.span()))
        {
            None => Digits::Locale,
            Some(("latn", _)) => Digits::Latin,
            Some(("arab", _)) => Digits::ArabicIndic,
            Some((other, span)) => {
                self.error(
                    format!("unknown `digits` value `{other}`"),
                    span,
                    "use \"latn\" (0123456789) or \"arab\" (٠١٢٣٤٥٦٧٨٩)",
                );
                Digits::Locale
            }
        };
        Some(Edition {
            dir: direction(&name),
            tag: name,
            title,
            description: raw.description.trim().to_string(),
            digits,
        })
    }

    /// The base URL, always ending in `/`.
    fn base_url(&mut self, raw: &Spanned<String>) -> Option<String> {
        let url = self.web_address("base_url", raw, "e.g. base_url = \"https://example.org/iraq-talks/\"; leave it out and links still work")?;
        Some(if url.ends_with('/') {
            url.to_string()
        } else {
            format!("{url}/")
        })
    }

    /// Shown as a link in every page's footer: a `javascript:` URL would run in readers'
    /// browsers, and anything but a web address is a typo.
    fn publisher_url(&mut self, raw: &Spanned<String>) -> Option<String> {
        self.web_address(
            "publisher.url",
            raw,
            "e.g. url = \"https://example.org/\"; leave it out to show the name alone",
        )
        .map(str::to_string)
    }

    /// The trimmed value of `field` if it is an absolute http(s) URL; else an error.
    fn web_address<'r>(
        &mut self,
        field: &str,
        raw: &'r Spanned<String>,
        hint: &str,
    ) -> Option<&'r str> {
        let url = raw.get_ref().trim();
        if crate::html::is_web_address(url) {
            Some(url)
        } else {
            self.error(
                format!("`{field}` must be an absolute http(s) URL with a host, found `{url}`"),
                raw.span(),
                hint,
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derives_direction_and_normalises_base_url() {
        let c =
            Config::parse("title = \"T\"\nlanguage = \"ar-IQ\"\nbase_url = \"https://x.org/a\"\n")
                .unwrap();
        assert_eq!(c.dir, "rtl");
        assert_eq!(c.base_url.as_deref(), Some("https://x.org/a/"));
        assert_eq!(c.output_dir, "public");
    }

    #[test]
    fn publisher_url_must_be_a_web_address() {
        let e = Config::parse(
            "title = \"T\"\n[publisher]\nname = \"P\"\nurl = \" JavaScript:alert(1)\"\n",
        )
        .unwrap_err();
        assert_eq!(e[0].class, Class::Setup);
        let pos = e[0].location.as_ref().unwrap().position.unwrap();
        assert_eq!((pos.line, pos.column), (4, 7));
        assert!(e[0].message.contains("publisher.url"), "{}", e[0].message);
        let c =
            Config::parse("title = \"T\"\n[publisher]\nname = \"P\"\nurl = \"https://p.org/\"\n")
                .unwrap();
        assert_eq!(c.publisher.unwrap().url.as_deref(), Some("https://p.org/"));
    }

    #[test]
    fn publish_names_a_known_host() {
        let c = Config::parse(
            "title = \"T\"\n[publish]\nhost = \"github-pages\"\nprecompress = true\n",
        )
        .unwrap();
        assert_eq!(c.publish.host, Host::GithubPages);
        assert!(c.publish.precompress);
        let e = Config::parse("title = \"T\"\n[publish]\nhost = \"vercel\"\n").unwrap_err();
        assert_eq!(e[0].location.as_ref().unwrap().position.unwrap().line, 3);
        assert!(e[0].message.contains("netlify"), "{}", e[0].message);
    }

    #[test]
    fn unknown_keys_are_setup_errors_with_position() {
        let e = Config::parse("title = \"T\"\nbase_ur = \"x\"\n").unwrap_err();
        assert_eq!(e[0].class, Class::Setup);
        assert_eq!(e[0].location.as_ref().unwrap().position.unwrap().line, 2);
        assert_eq!(e[0].hint.as_deref(), Some("did you mean `base_url`?"));
    }
}
