//! The strings the browser writes (search.js, dossier.js), resolved for one edition and
//! carried by every page as JSON in an inert `<template id="d_ui">` (no script element,
//! so nothing for a Content-Security-Policy to allow): a message without a number is one text; a message
//! with `$n` gives one text per plural category of the language (CLDR's, the same rules
//! Fluent applies at build), and the script picks one with `Intl.PluralRules`. Values
//! are left as `{n}`, `{query}`, `{group}` for the script to fill, the number in the
//! edition's digits (`digits`, for `Intl.NumberFormat`'s `numberingSystem`).

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules};
use unic_langid::LanguageIdentifier;

/// The keys of the messages the scripts write (en.ftl has each).
pub const KEYS: &[&str] = &[
    "search-loading",
    "search-failed",
    "search-none",
    "search-results",
    "search-partial",
    "search-first",
    "filter-status",
    "term-full-entry",
];

/// Stand-ins for the values, replaced by `{name}` once a message is formatted: private
/// use characters, which no message contains.
const NUMBER: &str = "\u{E000}";
const VALUES: &[(&str, &str)] = &[("query", "\u{E001}"), ("group", "\u{E002}")];

/// Fluent's formatter while the messages are resolved: every number is the stand-in.
fn stand_in<M>(v: &FluentValue<'_>, _: &M) -> Option<String> {
    matches!(v, FluentValue::Number(_)).then(|| NUMBER.to_string())
}

/// The language's plural rules: the tag's, or its language's (`ar-IQ` → `ar`), or
/// English's.
fn rules(tag: &str) -> PluralRules {
    let primary = tag.split('-').next().unwrap_or(tag);
    [tag, primary, "en"]
        .iter()
        .filter_map(|t| t.parse::<LanguageIdentifier>().ok())
        .find_map(|id| PluralRules::create(id, PluralRuleType::CARDINAL).ok())
        .expect("English has plural rules")
}

/// The language's plural categories, each with the smallest whole number in it.
fn samples(tag: &str) -> Vec<(&'static str, u32)> {
    let rules = rules(tag);
    let mut out: Vec<(&'static str, u32)> = vec![];
    for n in 0..1000u32 {
        let name = match rules.select(n) {
            Ok(PluralCategory::ZERO) => "zero",
            Ok(PluralCategory::ONE) => "one",
            Ok(PluralCategory::TWO) => "two",
            Ok(PluralCategory::FEW) => "few",
            Ok(PluralCategory::MANY) => "many",
            _ => "other",
        };
        if !out.iter().any(|(c, _)| *c == name) {
            out.push((name, n));
        }
    }
    out
}

/// The JSON block for an edition of language `tag` writing `digits` ("latn", "arab").
/// Leaves `bundle` without a formatter: the caller sets its own afterwards.
pub fn messages(bundle: &mut FluentBundle<FluentResource>, tag: &str, digits: &str) -> String {
    bundle.set_formatter(Some(stand_in));
    let samples = samples(tag);
    let mut out = serde_json::Map::new();
    for key in KEYS {
        let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
            continue;
        };
        let mut forms = serde_json::Map::new();
        for (category, n) in &samples {
            let mut args = FluentArgs::new();
            args.set("n", *n);
            for (name, mark) in VALUES {
                args.set(*name, *mark);
            }
            let mut errors = vec![];
            let mut text = bundle
                .format_pattern(pattern, Some(&args), &mut errors)
                .replace(NUMBER, "{n}");
            for (name, mark) in VALUES {
                text = text.replace(mark, &format!("{{{name}}}"));
            }
            forms.insert((*category).to_string(), text.into());
        }
        let mut texts = forms.values();
        let first = texts.next().cloned().unwrap_or_default();
        let value = if texts.all(|t| *t == first) {
            first
        } else {
            forms.into()
        };
        out.insert((*key).to_string(), value);
    }
    bundle.set_formatter(None);
    let json = serde_json::json!({ "digits": digits, "m": out });
    // The text of a <template>: no `<` may start a tag, no `&` a character reference.
    json.to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_has_six_categories_english_two() {
        let ar: Vec<_> = samples("ar-IQ").into_iter().map(|(c, _)| c).collect();
        assert_eq!(ar, ["zero", "one", "two", "few", "many", "other"]);
        assert_eq!(samples("en"), [("other", 0), ("one", 1)]);
    }
}
