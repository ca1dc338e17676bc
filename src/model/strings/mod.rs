//! An edition's interface strings, dates and numbers (CONTENT.md, "Language editions").
//!
//! Strings are Fluent messages (`fluent-bundle`, Mozilla's implementation of Project
//! Fluent): plural rules from CLDR (Arabic has six categories), placeables, and a syntax
//! translators know, rather than a string table of our own. `en` and `ar` are built in
//! (`en.ftl`, `ar.ftl` beside this file); a tag uses the catalogue of its primary
//! language (`ar-IQ` → `ar`). A site's `i18n/<lang>.toml` (`key = "text"`, the text in
//! Fluent syntax) overrides or adds strings for the editions of that language, its
//! primary language's file first. An edition of a language without built-in strings
//! must give every key: a missing one is an error naming the key and the file.
//!
//! Dates and numbers come from ICU4X's compiled CLDR data (`icu_datetime`,
//! `icu_decimal`): `ar-IQ` names the months كانون الثاني…, `ar` يناير…; `digits` in
//! `[languages.<tag>]` picks Latin or Arabic-Indic digits. Nothing is fetched at build.

mod locale;
mod runtime;

use std::path::Path;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

use crate::dates::PartialDate;
use crate::diag::{Class, Diagnostic};
use crate::parse::config::{Config, Digits};
pub use locale::DateFormat;

const EN: &str = include_str!("en.ftl");
const AR: &str = include_str!("ar.ftl");

/// The built-in catalogue of a primary language.
fn built_in(primary: &str) -> Option<&'static str> {
    match primary {
        "en" => Some(EN),
        "ar" => Some(AR),
        _ => None,
    }
}

/// A language's own name ("English", "العربية"), from its built-in catalogue; the tag
/// itself for a language without one.
pub fn autonym(tag: &str) -> String {
    let primary = tag.split('-').next().unwrap_or(tag).to_ascii_lowercase();
    built_in(&primary)
        .and_then(|ftl| ftl.lines().find_map(|l| l.strip_prefix("language-name = ")))
        .map_or_else(|| tag.to_string(), |n| n.trim().to_string())
}

/// One edition's strings, dates and numbers.
pub struct Strings {
    bundle: FluentBundle<FluentResource>,
    dates: DateFormat,
    /// The scripts' strings as a JSON block (see `runtime`).
    runtime: String,
    /// Whether numbers are written in Arabic-Indic digits.
    arab: bool,
    /// Changes with what the strings are made of (see [`Strings::key`]).
    key: u64,
}

impl std::fmt::Debug for Strings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Strings")
    }
}

impl Strings {
    /// The strings of `config`'s language, with the site's `i18n/` files (name, text).
    pub fn new(config: &Config, files: &[(String, String)]) -> Result<Strings, Vec<Diagnostic>> {
        let tag = config.language.as_str();
        let primary = tag.split('-').next().unwrap_or(tag).to_ascii_lowercase();
        let id: LanguageIdentifier = tag.parse().unwrap_or_default();
        let mut bundle = FluentBundle::new_concurrent(vec![id]);
        // Bidi is isolated in the HTML (`<bdi>`, `dir`), not with invisible marks.
        bundle.set_use_isolating(false);
        let base = built_in(&primary);
        // An original in a language without built-ins keeps the English strings it always
        // had; an edition must say every string in its language.
        let strict = base.is_none() && config.edition_of.is_some();
        let base = base.unwrap_or(EN);
        if let Ok(r) = FluentResource::try_new(base.to_string()) {
            let _ = bundle.add_resource(r);
        }
        let mut errors = vec![];
        let mut names = vec![format!("{primary}.toml")];
        if !tag.eq_ignore_ascii_case(&primary) {
            names.push(format!("{tag}.toml"));
        }
        let mut given: Vec<String> = vec![];
        for name in &names {
            if let Some((_, text)) = files.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)) {
                given.extend(overrides(&mut bundle, name, text, &mut errors));
            }
        }
        if strict {
            errors.extend(missing(base, &given, &names[names.len() - 1]));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let arab = match config.digits {
            Digits::ArabicIndic => true,
            Digits::Latin => false,
            Digits::Locale => primary == "ar",
        };
        let runtime = runtime::messages(&mut bundle, tag, if arab { "arab" } else { "latn" });
        bundle.set_formatter(Some(if arab {
            locale::arab_numbers
        } else {
            locale::latn_numbers
        }));
        let key = {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            (tag, arab, files).hash(&mut h);
            h.finish()
        };
        Ok(Strings {
            bundle,
            dates: DateFormat::new(tag, config.digits),
            runtime,
            arab,
            key,
        })
    }

    /// The string `key`; the key itself if there is none (cannot happen for a key of
    /// the built-in catalogues, which [`Strings::new`] checks).
    pub fn get(&self, key: &str) -> String {
        self.format(key, None)
    }

    /// The string `key` with its arguments: `$n`, `$title`…
    pub fn with(&self, key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        let mut a = FluentArgs::new();
        for (k, v) in args {
            a.set(*k, v.clone());
        }
        self.format(key, Some(&a))
    }

    fn format(&self, key: &str, args: Option<&FluentArgs<'_>>) -> String {
        let Some(pattern) = self.bundle.get_message(key).and_then(|m| m.value()) else {
            return key.to_string();
        };
        let mut errors = vec![];
        self.bundle
            .format_pattern(pattern, args, &mut errors)
            .into_owned()
    }

    /// The strings search.js and dossier.js write, as the JSON of a page's
    /// `<template id="d_ui">`.
    pub fn runtime_json(&self) -> &str {
        &self.runtime
    }

    /// A value that differs between two `Strings` made of different languages, digits
    /// or `i18n/` files: what a cache of rendered pages compares.
    pub fn key(&self) -> u64 {
        self.key
    }

    /// Whether the edition is in English, which keeps Dossier's own date style.
    pub fn is_english(&self) -> bool {
        self.dates.is_english()
    }

    /// A number written with Latin digits and separators ("2,500.5") in the edition's
    /// digits: Arabic-Indic with their own separators ("٢٬٥٠٠٫٥") where it writes
    /// them, as CLDR does; unchanged otherwise.
    pub fn digits(&self, latin: &str) -> String {
        if !self.arab {
            return latin.to_string();
        }
        latin
            .chars()
            .map(|c| match c {
                '0'..='9' => char::from_u32(0x0660 + (c as u32 - '0' as u32)).unwrap_or(c),
                ',' => '\u{066C}',
                '.' => '\u{066B}',
                other => other,
            })
            .collect()
    }

    /// A date as the edition writes it: "27 January 2024", "كانون الثاني 2024", "2024".
    pub fn date(&self, d: PartialDate) -> String {
        self.dates.date(d)
    }

    /// A number in the edition's digits.
    pub fn number(&self, n: i64) -> String {
        self.dates.number(n)
    }

    /// Two dates as a range: "27 January – 2 February 2024" in English; each date
    /// whole in other languages (start, separator, end).
    pub fn range_parts(
        &self,
        start: PartialDate,
        end: PartialDate,
    ) -> (String, &'static str, String) {
        if self.dates.is_english() {
            return crate::dates::range_parts(start, end);
        }
        // Said once what both share: "١٧–١٨ كانون الثاني ٢٠٢٦", "٢٨ كانون الثاني – ٢ شباط ٢٠٢٤".
        let (full, same_year) = (start.is_full() && end.is_full(), start.year == end.year);
        if full && same_year && start.month == end.month {
            return (self.number(i64::from(start.day)), "–", self.date(end));
        }
        if full && same_year {
            return (self.dates.day_month(start), " – ", self.date(end));
        }
        (self.date(start), " – ", self.date(end))
    }
}

/// Adds the strings of one `i18n/` file, returning their keys.
fn overrides(
    bundle: &mut FluentBundle<FluentResource>,
    name: &str,
    text: &str,
    errors: &mut Vec<Diagnostic>,
) -> Vec<String> {
    let file = Path::new("i18n").join(name);
    let table: toml::Table = match toml::from_str(text) {
        Ok(t) => t,
        Err(e) => {
            let mut d = crate::diag::toml_error(&file, text, text, 0, &e);
            d.class = Class::Setup;
            errors.push(d);
            return vec![];
        }
    };
    let mut ftl = String::new();
    let mut keys = vec![];
    for (k, v) in &table {
        let Some(v) = v.as_str() else {
            errors.push(
                Diagnostic::error(Class::Setup, format!("interface string `{k}` is not text"))
                    .in_file(&file)
                    .with_hint(format!("write {k} = \"…\"")),
            );
            continue;
        };
        let body = v.trim().replace('\n', "\n    ");
        ftl.push_str(&format!("{k} =\n    {body}\n"));
        keys.push(k.clone());
    }
    match FluentResource::try_new(ftl) {
        Ok(r) => bundle.add_resource_overriding(r),
        Err((r, errs)) => {
            errors.push(
                Diagnostic::error(
                    Class::Setup,
                    format!(
                        "{} string(s) are not valid Fluent: {:?}",
                        errs.len(),
                        errs.first()
                    ),
                )
                .in_file(&file)
                .with_hint("keys are letters, digits and `-`; placeables are written { $name }"),
            );
            bundle.add_resource_overriding(r);
        }
    }
    keys
}

/// An error for each key of the built-in catalogue that `given` lacks.
fn missing(base: &str, given: &[String], file: &str) -> Vec<Diagnostic> {
    let Ok(r) = FluentResource::try_new(base.to_string()) else {
        return vec![];
    };
    r.entries()
        .filter_map(|e| match e {
            fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
            _ => None,
        })
        .filter(|k| !given.contains(k))
        .map(|k| {
            Diagnostic::error(Class::Setup, format!("interface string `{k}` is missing"))
                .in_file(Path::new("i18n").join(file))
                .with_hint(format!(
                    "this language has no built-in strings: add {k} = \"…\" to i18n/{file}"
                ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(toml: &str, tag: Option<&str>) -> Config {
        let c = Config::parse(toml).unwrap();
        match tag {
            Some(t) => c.edition(c.editions.iter().find(|e| e.tag == t).unwrap()),
            None => c,
        }
    }

    #[test]
    fn arabic_plurals_and_overrides() {
        let c = config(
            "title = \"T\"\n[languages.ar-IQ]\ntitle = \"ت\"\n",
            Some("ar-IQ"),
        );
        let files = vec![(
            "ar-IQ.toml".to_string(),
            "contents = \"الفهرس\"\n".to_string(),
        )];
        let s = Strings::new(&c, &files).unwrap();
        assert_eq!(s.get("contents"), "الفهرس");
        assert_eq!(s.get("sources"), "المصادر");
        assert_eq!(s.with("results", &[("n", 2.into())]), "نتيجتان");
        assert_eq!(s.with("results", &[("n", 5.into())]), "٥ نتائج");
        assert_eq!(s.digits("2,500.5"), "٢٬٥٠٠٫٥");
        // The same separators as ICU4X's own Arabic-Indic numbers.
        assert_eq!(s.digits("2,500"), s.number(2500));
    }

    #[test]
    fn an_edition_without_built_ins_must_give_every_key() {
        let c = config("title = \"T\"\n[languages.fr]\ntitle = \"T\"\n", Some("fr"));
        let files = vec![(
            "fr.toml".to_string(),
            "contents = \"Sommaire\"\n".to_string(),
        )];
        let e = Strings::new(&c, &files).unwrap_err();
        assert!(e
            .iter()
            .any(|d| d.message == "interface string `sources` is missing"));
        assert!(
            e[0].hint.as_deref().unwrap().contains("i18n/fr.toml"),
            "{:?}",
            e[0].hint
        );
        assert!(!e.iter().any(|d| d.message.contains("`contents`")));
    }
}
