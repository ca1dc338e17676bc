//! Language editions (CONTENT.md, "Language editions"): sorts the translations
//! (`name.<tag>.md` beside `name.md`) out of a site's input, and makes each edition's
//! input, in which a translation stands in for its original.
//!
//! A translation gives its text fields and `translated`; every other field comes from
//! the original, and where it gives one, it must agree. The merge is made on the TOML:
//! the file in the edition's input keeps the original's path (so slugs and `@/` keys are
//! the original's) and carries the translation's frontmatter with `translated` turned
//! into a comment of the same length and the inherited fields inserted before its first
//! table, so the translation's own keys keep their byte offsets. The model then shows
//! the translation's own path and text ([`show_translations`]), so errors in its body
//! point at its lines.
//!
//! Pure: values in, values out. Whether a translation is older than its original is
//! decided here (a warning, and the changes it lacks for the notice).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use toml::{Spanned, Value};

use super::Doc;
use crate::dates::PartialDate;
use crate::diag::{toml_error, Class, Diagnostic};
use crate::parse::config::{Config, Edition};
use crate::parse::frontmatter;
use crate::read::{Change, SiteInput, SourceFile, Translation};

/// The fields a translation translates; it may give any of them.
const TEXT_FIELDS: &[&str] = &[
    "title",
    "summary",
    "short",
    "term",
    "aliases",
    "display_date",
    "place",
    "group",
    "updates",
];

/// Fields in the original's words that a translation shows as they are: names.
const NAMES: &[&str] = &["authors"];

/// The field that is a translation's own.
const TRANSLATED: &str = "translated";

/// One edition to build: its settings and its input.
pub struct EditionInput {
    pub edition: Edition,
    pub input: SiteInput,
}

/// Takes the translations out of `input` (the original edition's input is what is
/// left) and makes each edition's input. Problems (undeclared tags, missing originals,
/// disagreeing fields, stale translations) come back as diagnostics.
pub fn split(
    input: &SiteInput,
    config: &Config,
) -> (SiteInput, Vec<EditionInput>, Vec<Diagnostic>) {
    let mut diags = vec![];
    let mut originals = input.clone();
    originals.files.clear();
    let mut found: Vec<(&SourceFile, PathBuf, String)> = vec![];
    for f in &input.files {
        match translation_of(&f.rel_path) {
            None => originals.files.push(f.clone()),
            Some((original, tag)) => found.push((f, original, tag)),
        }
    }
    let by_path: BTreeMap<&Path, &SourceFile> = originals
        .files
        .iter()
        .map(|f| (f.rel_path.as_path(), f))
        .collect();
    let mut merged: BTreeMap<String, BTreeMap<PathBuf, (String, Translation)>> = BTreeMap::new();
    for (f, original, tag) in found {
        let Some(edition) = config.editions.iter().find(|e| e.tag == tag) else {
            diags.push(undeclared(f, &tag, config));
            continue;
        };
        let Some(orig) = by_path.get(original.as_path()) else {
            diags.push(
                Diagnostic::error(Class::Content, format!("`{}` translates `{}`, which does not exist", f.rel_path.display(), original.display()))
                    .at(&f.rel_path, &f.text, 0..0)
                    .with_hint("a translation sits beside its original with the language tag before `.md`: `x.md` and `x.ar.md`"),
            );
            continue;
        };
        if let Some(m) = merge(orig, f, &mut diags) {
            merged
                .entry(edition.tag.clone())
                .or_default()
                .insert(original, m);
        }
    }
    let editions = config
        .editions
        .iter()
        .map(|e| edition_input(&originals, e, merged.remove(&e.tag).unwrap_or_default()))
        .collect();
    (originals, editions, diags)
}

/// An edition's input: the originals, each translated one replaced by its merge.
fn edition_input(
    originals: &SiteInput,
    edition: &Edition,
    mut merged: BTreeMap<PathBuf, (String, Translation)>,
) -> EditionInput {
    let mut input = originals.clone();
    input.warnings.clear();
    for f in &mut input.files {
        if let Some((text, t)) = merged.remove(&f.rel_path) {
            f.text = text.into();
            input.translations.insert(f.rel_path.clone(), t);
        }
    }
    EditionInput {
        edition: edition.clone(),
        input,
    }
}

/// `content/timeline/x.ar-IQ.md` → (`content/timeline/x.md`, `ar-IQ`): a file whose
/// stem ends in `.` and a well-formed language tag.
pub fn translation_of(rel: &Path) -> Option<(PathBuf, String)> {
    let name = rel.file_name()?.to_str()?;
    let stem = name.strip_suffix(".md")?;
    let (base, tag) = stem.rsplit_once('.')?;
    if base.is_empty() || crate::parse::language_tag::problem(tag).is_some() {
        return None;
    }
    Some((rel.with_file_name(format!("{base}.md")), tag.to_string()))
}

fn undeclared(f: &SourceFile, tag: &str, config: &Config) -> Diagnostic {
    let declared: Vec<String> = config
        .editions
        .iter()
        .map(|e| format!("`{}`", e.tag))
        .collect();
    let hint = if declared.is_empty() {
        format!("declare the edition in dossier.toml: [languages.{tag}] with its title")
    } else {
        format!(
            "declared editions: {}; or declare [languages.{tag}] in dossier.toml",
            declared.join(", ")
        )
    };
    let name = f
        .rel_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let at = name.rfind(tag).unwrap_or(0);
    Diagnostic::error(
        Class::Content,
        format!(
            "`{}` is a translation into `{tag}`, which dossier.toml does not declare",
            f.rel_path.display()
        ),
    )
    .in_file(&f.rel_path)
    .with_hint(format!(
        "{hint} (the tag is `{}` in the file name at character {})",
        tag,
        at + 1
    ))
}

/// An error for each non-text field of the translation that differs from the original's.
fn disagreements(
    given: &BTreeMap<Spanned<String>, Spanned<Value>>,
    original: &toml::Table,
    (file, text, offset): (&Path, &str, usize),
) -> Vec<Diagnostic> {
    let mut out = vec![];
    for (k, v) in given {
        let name = k.get_ref().as_str();
        if name == TRANSLATED || TEXT_FIELDS.contains(&name) {
            continue;
        }
        let Some(o) = original.get(name) else {
            continue;
        };
        if plain(o) != plain(v.get_ref()) {
            let span = k.span().start + offset..k.span().end + offset;
            out.push(
                Diagnostic::error(
                    Class::Content,
                    format!("`{name}` differs from the original's"),
                )
                .at(file, text, span)
                .with_hint(format!(
                    "leave `{name}` out: it comes from the original ({name} = {})",
                    inline(o)
                )),
            );
        }
    }
    out
}

type Given = BTreeMap<Spanned<String>, Spanned<Value>>;

/// A translation's frontmatter: where it is, and its keys with their spans.
fn parse_front<'t>(
    file: &Path,
    text: &'t str,
) -> Result<(frontmatter::Split<'t>, Given), Diagnostic> {
    let split = frontmatter::split(file, text)?;
    let given = toml::from_str(split.front)
        .map_err(|e| toml_error(file, text, split.front, split.front_offset, &e))?;
    Ok((split, given))
}

/// The translation's merged text (see the module doc) and what it says about freshness.
fn merge(
    orig: &SourceFile,
    tr: &SourceFile,
    diags: &mut Vec<Diagnostic>,
) -> Option<(String, Translation)> {
    let file = tr.rel_path.as_path();
    let text: &str = &tr.text;
    let original: toml::Table = {
        let split = frontmatter::split(&orig.rel_path, &orig.text).ok()?;
        toml::from_str(split.front).ok()?
    };
    let (split, given) = match parse_front(file, text) {
        Ok(parsed) => parsed,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let at = |span: std::ops::Range<usize>| {
        span.start + split.front_offset..span.end + split.front_offset
    };
    let Some((key, value)) = given.iter().find(|(k, _)| k.get_ref() == TRANSLATED) else {
        diags.push(
            Diagnostic::error(
                Class::Content,
                "a translation needs `translated`, the date of the original it renders",
            )
            .at(file, text, 0..3)
            .with_hint(latest_hint(&original)),
        );
        return None;
    };
    let Some(translated) = date_of(value.get_ref()) else {
        diags.push(
            Diagnostic::error(Class::Content, "`translated` is not a date")
                .at(file, text, at(value.span()))
                .with_hint(
                    "write the date of the original it renders, e.g. translated = 2026-01-27",
                ),
        );
        return None;
    };
    let disagree = disagreements(&given, &original, (file, text, split.front_offset));
    if !disagree.is_empty() {
        diags.extend(disagree);
        return None;
    }
    let merged = merged_text(text, &split, at(key.span()).start, &original, &given);
    let (stale, missing, latest) = freshness(&original, translated);
    diags.extend(stale.then(|| stale_warning(file, text, at(value.span()), (translated, latest))));
    let t = Translation {
        inherited: inherited(&original, &given),
        rel_path: tr.rel_path.clone(),
        text: tr.text.clone(),
        body_offset: split.body_offset,
        translated,
        missing,
        stale,
    };
    Some((merged, t))
}

/// The warning for a translation that renders the original of `translated`, older
/// than its `latest` change; at `span`, its `translated` date.
fn stale_warning(
    file: &Path,
    text: &str,
    span: std::ops::Range<usize>,
    (translated, latest): (PartialDate, PartialDate),
) -> Diagnostic {
    Diagnostic::warning(format!(
        "this translation renders the original of {translated}, which has changed since ({latest})"
    ))
    .at(file, text, span)
    .with_hint(format!(
        "bring the translation up to date, then set translated = {latest}"
    ))
}

/// The text fields (and names) the original has and the translation does not give.
fn inherited(original: &toml::Table, given: &Given) -> Vec<String> {
    TEXT_FIELDS
        .iter()
        .chain(NAMES)
        .filter(|f| original.contains_key(**f) && !given.keys().any(|g| g.get_ref() == *f))
        .map(|f| (*f).to_string())
        .collect()
}

/// The translation's text with `translated` commented out (same length) and the
/// original's other fields inserted before the first table of its frontmatter.
fn merged_text(
    text: &str,
    split: &frontmatter::Split<'_>,
    translated_at: usize,
    original: &toml::Table,
    given: &BTreeMap<Spanned<String>, Spanned<Value>>,
) -> String {
    let mut block = String::new();
    for (k, v) in original {
        if !given.keys().any(|g| g.get_ref() == k) {
            block.push_str(&format!("{} = {}\n", key(k), inline(v)));
        }
    }
    let front_end = split.front_offset + split.front.len();
    let mut insert = front_end;
    let mut pos = split.front_offset;
    for line in split.front.split_inclusive('\n') {
        if line.trim_start().starts_with('[')
            && line.trim_end().ends_with(']')
            && !line.contains('=')
        {
            insert = pos;
            break;
        }
        pos += line.len();
    }
    let mut out = String::with_capacity(text.len() + block.len());
    out.push_str(&text[..translated_at]);
    out.push('#');
    out.push_str(&text[translated_at + 1..insert]);
    out.push_str(&block);
    out.push_str(&text[insert..]);
    out
}

/// Whether the original changed after `translated`, the changes listed in its
/// `updates` since then, and its latest change.
fn freshness(original: &toml::Table, translated: PartialDate) -> (bool, Vec<Change>, PartialDate) {
    let updates: Vec<Change> = original
        .get("updates")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|u| {
            let u = u.as_table()?;
            Some(Change {
                date: date_of(u.get("date")?)?,
                kind: u
                    .get("kind")
                    .and_then(Value::as_str)
                    .unwrap_or("update")
                    .to_string(),
                summary: u
                    .get("summary")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
            })
        })
        .collect();
    let latest = ["published", "updated"]
        .iter()
        .filter_map(|k| original.get(*k).and_then(date_of))
        .chain(updates.iter().map(|u| u.date))
        .max();
    let Some(latest) = latest else {
        return (false, vec![], translated);
    };
    let missing = updates
        .into_iter()
        .filter(|u| u.date > translated)
        .collect();
    (latest > translated, missing, latest)
}

fn latest_hint(original: &toml::Table) -> String {
    match freshness(
        original,
        PartialDate {
            year: i32::MIN,
            month: 0,
            day: 0,
        },
    ) {
        (true, _, latest) => format!("e.g. translated = {latest} (the original's latest change)"),
        _ => "e.g. translated = 2026-01-27".into(),
    }
}

/// A date written as a TOML date or a string.
fn date_of(v: &Value) -> Option<PartialDate> {
    match v {
        Value::String(s) => PartialDate::parse(s.trim()).ok(),
        Value::Datetime(d) => PartialDate::parse(&d.to_string()).ok(),
        _ => None,
    }
}

/// A value as compared between translation and original: dates the same whether
/// written as a string or a TOML date.
fn plain(v: &Value) -> String {
    match v {
        Value::String(s) => s.trim().to_string(),
        Value::Datetime(d) => d.to_string(),
        other => inline(other),
    }
}

/// A value as inline TOML.
fn inline(v: &Value) -> String {
    match v {
        Value::String(s) => quote(s),
        Value::Integer(i) => i.to_string(),
        Value::Float(f) => format!("{f:?}"),
        Value::Boolean(b) => b.to_string(),
        Value::Datetime(d) => d.to_string(),
        Value::Array(a) => {
            let items: Vec<String> = a.iter().map(inline).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Table(t) => {
            let items: Vec<String> = t
                .iter()
                .map(|(k, v)| format!("{} = {}", key(k), inline(v)))
                .collect();
            format!("{{ {} }}", items.join(", "))
        }
    }
}

/// A TOML key: bare when it can be, else quoted.
fn key(k: &str) -> String {
    let bare = !k.is_empty()
        && k.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if bare {
        k.to_string()
    } else {
        quote(k)
    }
}

/// A TOML basic string (JSON's escapes are TOML's).
fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// Shows each translated doc as its translation: its own path, text and body.
pub(super) fn show_translations<M>(docs: &mut [Doc<M>], input: &SiteInput) {
    for d in docs {
        if let Some(t) = input.translations.get(&d.file) {
            d.file = t.rel_path.clone();
            d.text = t.text.clone();
            d.body_offset = t.body_offset;
        }
    }
}

#[cfg(test)]
mod tests;
