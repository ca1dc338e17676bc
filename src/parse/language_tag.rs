//! `language` in `dossier.toml`: a BCP 47 tag (RFC 5646), checked for its shape, with a
//! did-you-mean for what people write instead (`english` → `en`, `pt_BR` → `pt-BR`).
//! The shape only: no registry is shipped, so `xx` passes as a well-formed tag.

/// Why `tag` is not a well-formed BCP 47 tag, with the tag the writer probably meant;
/// `None` when it is well formed.
pub fn problem(tag: &str) -> Option<(String, Option<String>)> {
    if well_formed(tag) {
        return None;
    }
    let why = format!("`{tag}` is not a BCP 47 language tag");
    Some((why, suggestion(tag)))
}

/// language (2–3 letters) [-script (4 letters)] [-region (2 letters or 3 digits)]
/// [-variant…] [-extension or private use…], or a private-use tag `x-…`.
fn well_formed(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let Some(first) = parts.next() else {
        return false;
    };
    let rest: Vec<&str> = parts.collect();
    let alnum =
        |p: &&str| !p.is_empty() && p.len() <= 8 && p.bytes().all(|b| b.is_ascii_alphanumeric());
    if first.eq_ignore_ascii_case("x") {
        return !rest.is_empty() && rest.iter().all(alnum);
    }
    let letters = |p: &str| p.bytes().all(|b| b.is_ascii_alphabetic());
    (2..=3).contains(&first.len()) && letters(first) && rest.iter().all(alnum)
}

/// Language names in English and their own language, and the tags they stand for.
const NAMES: &[(&str, &str)] = &[
    ("english", "en"),
    ("french", "fr"),
    ("français", "fr"),
    ("francais", "fr"),
    ("arabic", "ar"),
    ("العربية", "ar"),
    ("german", "de"),
    ("deutsch", "de"),
    ("spanish", "es"),
    ("español", "es"),
    ("espanol", "es"),
    ("italian", "it"),
    ("portuguese", "pt"),
    ("russian", "ru"),
    ("chinese", "zh"),
    ("japanese", "ja"),
    ("korean", "ko"),
    ("turkish", "tr"),
    ("persian", "fa"),
    ("farsi", "fa"),
    ("kurdish", "ku"),
    ("sorani", "ckb"),
    ("kurmanji", "kmr"),
    ("hebrew", "he"),
    ("urdu", "ur"),
    ("hindi", "hi"),
    ("dutch", "nl"),
    ("polish", "pl"),
    ("ukrainian", "uk"),
    ("swedish", "sv"),
    ("norwegian", "no"),
    ("danish", "da"),
    ("finnish", "fi"),
    ("greek", "el"),
    ("czech", "cs"),
    ("romanian", "ro"),
    ("hungarian", "hu"),
    ("indonesian", "id"),
    ("vietnamese", "vi"),
    ("thai", "th"),
    ("swahili", "sw"),
    ("bengali", "bn"),
    ("tamil", "ta"),
    ("malay", "ms"),
];

/// What the writer of `tag` probably meant: a language's name, `_` for `-`, or a name
/// with a region (`english-us`).
fn suggestion(tag: &str) -> Option<String> {
    let dashed = tag.trim().replace(['_', ' '], "-");
    if dashed != tag && well_formed(&dashed) {
        return Some(dashed);
    }
    let lower = dashed.to_lowercase();
    let (name, region) = match lower.split_once('-') {
        Some((n, r)) => (n, Some(r)),
        None => (lower.as_str(), None),
    };
    let code = NAMES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, c)| *c)
        .or_else(|| {
            crate::diag::closest(name, NAMES.iter().map(|(n, _)| *n))
                .and_then(|near| NAMES.iter().find(|(n, _)| *n == near).map(|(_, c)| *c))
        })?;
    Some(match region {
        Some(r) if r.len() == 2 => format!("{code}-{}", r.to_uppercase()),
        _ => code.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::problem;

    #[test]
    fn well_formed_tags_pass() {
        for tag in [
            "en",
            "ar-IQ",
            "pt-BR",
            "zh-Hant-TW",
            "ckb",
            "es-419",
            "x-klingon",
            "EN",
        ] {
            assert_eq!(problem(tag), None, "{tag}");
        }
    }

    #[test]
    fn names_and_underscores_get_a_did_you_mean() {
        let meant = |tag: &str| problem(tag).and_then(|(_, s)| s);
        assert_eq!(meant("english").as_deref(), Some("en"));
        assert_eq!(meant("English").as_deref(), Some("en"));
        assert_eq!(meant("arabc").as_deref(), Some("ar"));
        assert_eq!(meant("pt_BR").as_deref(), Some("pt-BR"));
        assert_eq!(meant("english-us").as_deref(), Some("en-US"));
        assert!(problem("e").is_some() && problem("en--us").is_some() && problem("").is_some());
    }
}
