//! `dossier.toml`: raw serde struct (unknown keys refused) → validated [`Config`].
//!
//! Config problems are setup errors (exit 2), reported at their line and column in
//! `dossier.toml`. This module never reads content.

use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

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
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPublisher {
    name: String,
    #[serde(default)]
    url: Option<Spanned<String>>,
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
#[derive(Debug, Clone, PartialEq, Eq)]
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
}

/// Languages written right to left (primary subtags).
const RTL: &[&str] = &[
    "ar", "arc", "ckb", "dv", "fa", "ha", "he", "khw", "ks", "ku", "ps", "sd", "ur", "yi",
];

pub const FILE_NAME: &str = "dossier.toml";

impl Config {
    /// Parses and validates the text of `dossier.toml`.
    pub fn parse(text: &str) -> Result<Config, Vec<Diagnostic>> {
        let file = Path::new(FILE_NAME);
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let mut d = toml_error(file, text, text, 0, &e);
            d.class = Class::Setup;
            vec![d]
        })?;
        let mut errors = vec![];
        let setup = |message: String, span: std::ops::Range<usize>, hint: &str| {
            Diagnostic::error(Class::Setup, message)
                .at(file, text, span)
                .with_hint(hint.to_string())
        };
        let title = raw.title.get_ref().trim().to_string();
        if title.is_empty() {
            errors.push(setup(
                "`title` is empty".into(),
                raw.title.span(),
                "the site title is shown on every page",
            ));
        }
        let language = raw.language.get_ref().trim().to_string();
        let valid_lang = !language.is_empty()
            && language.split('-').all(|p| {
                !p.is_empty() && p.len() <= 8 && p.bytes().all(|b| b.is_ascii_alphanumeric())
            });
        if !valid_lang {
            errors.push(setup(
                format!("`{language}` is not a BCP 47 language tag"),
                raw.language.span(),
                "use a tag like \"en\", \"fr\", \"ar\" or \"pt-BR\"",
            ));
        }
        let primary = language
            .split('-')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        let dir = if RTL.contains(&primary.as_str()) {
            "rtl"
        } else {
            "ltr"
        };
        let base_url = match &raw.base_url {
            None => None,
            Some(b) => {
                let url = b.get_ref().trim();
                if url.starts_with("https://") || url.starts_with("http://") {
                    Some(if url.ends_with('/') {
                        url.to_string()
                    } else {
                        format!("{url}/")
                    })
                } else {
                    errors.push(setup(
                        format!("`base_url` must be an absolute http(s) URL, found `{url}`"),
                        b.span(),
                        "e.g. base_url = \"https://example.org/iraq-talks/\"; leave it out and links still work",
                    ));
                    None
                }
            }
        };
        let publisher = raw.publisher.map(|p| Publisher {
            name: p.name,
            url: p.url.and_then(|u| {
                let url = u.get_ref().trim();
                // Shown as a link in every page's footer: a `javascript:` URL would run
                // in readers' browsers, and anything but a web address is a typo.
                if url.starts_with("https://") || url.starts_with("http://") {
                    Some(url.to_string())
                } else {
                    errors.push(setup(
                        format!("`publisher.url` must be an absolute http(s) URL, found `{url}`"),
                        u.span(),
                        "e.g. url = \"https://example.org/\"; leave it out to show the name alone",
                    ));
                    None
                }
            }),
        });
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Config {
            title,
            description: raw.description.trim().to_string(),
            language,
            dir,
            base_url,
            output_dir: raw.output_dir.unwrap_or_else(|| "public".to_string()),
            publisher,
        })
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
    fn unknown_keys_are_setup_errors_with_position() {
        let e = Config::parse("title = \"T\"\nbase_ur = \"x\"\n").unwrap_err();
        assert_eq!(e[0].class, Class::Setup);
        assert_eq!(e[0].location.as_ref().unwrap().position.unwrap().line, 2);
        assert_eq!(e[0].hint.as_deref(), Some("did you mean `base_url`?"));
    }
}
