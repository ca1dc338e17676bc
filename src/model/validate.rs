//! The checks of the docs against each other: unique slugs per kind, unique source ids,
//! frontmatter `sources` that name known sources, glossary names that belong to one term.
//! Each check adds diagnostics and changes no doc; ordering the docs is the model's.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::diag::{Class, Diagnostic, Diagnostics};
use crate::parse::frontmatter::{SourceEntry, SourceRef, TermMeta};
use crate::read::SourceFile;

use super::documents::Documents;
use super::Doc;

/// Two files of one kind whose names make the same URL.
pub(super) fn unique_slugs(docs: &Documents<'_>, diags: &mut Diagnostics) {
    for list in [
        slugs_of(&docs.background),
        slugs_of(&docs.events),
        slugs_of(&docs.terms),
        slugs_of(&docs.pages),
    ] {
        check_slugs(&list, diags);
    }
    super::pages::reserved_slugs(&docs.pages, diags);
}

fn slugs_of<M>(docs: &[Doc<M>]) -> Vec<(&str, &Path, &str)> {
    docs.iter()
        .map(|d| (d.slug.as_str(), d.file.as_path(), &*d.text))
        .collect()
}

/// Two files with one slug: an error at the `1:1` of each (file:line:col, like every
/// error), each naming the other, since either may be the one to rename.
fn check_slugs(list: &[(&str, &Path, &str)], diags: &mut Diagnostics) {
    let mut seen: BTreeMap<&str, (&Path, &str)> = BTreeMap::new();
    for &(slug, file, text) in list {
        let Some(&(first, first_text)) = seen.get(slug) else {
            seen.insert(slug, (file, text));
            continue;
        };
        let message = format!(
            "`{}` and `{}` both make the URL `{slug}`",
            first.display(),
            file.display()
        );
        for (at, at_text, other) in [(first, first_text, file), (file, text, first)] {
            let start = 0..at_text.chars().next().map_or(0, char::len_utf8);
            diags.push(
                Diagnostic::error(Class::Content, message.clone())
                    .at(at, at_text, start)
                    .with_hint(format!(
                        "rename this file or `{}`: URLs come from file names, lowercased, with other characters turned into `-`",
                        other.display()
                    )),
            );
        }
    }
}

/// The checks of the documents against each other: unique slugs, known source ids,
/// unique glossary names. Returns each source id with its index.
pub(super) fn documents(docs: &Documents<'_>, diags: &mut Diagnostics) -> BTreeMap<String, usize> {
    unique_slugs(docs, diags);
    let index = source_index(&docs.sources, docs.sources_file, diags);
    source_refs(docs, &index, diags);
    glossary_names(&docs.terms, diags);
    index
}

/// Each source id with its index in `sources`; a second use of an id is an error and
/// keeps the first.
pub(super) fn source_index(
    sources: &[SourceEntry],
    sources_file: Option<&SourceFile>,
    diags: &mut Diagnostics,
) -> BTreeMap<String, usize> {
    let mut source_index = BTreeMap::new();
    for (i, s) in sources.iter().enumerate() {
        if let Some(&prev) = source_index.get(&s.id) {
            let prev: &SourceEntry = &sources[prev];
            let file = sources_file.map(|f| f.rel_path.clone()).unwrap_or_default();
            let text = sources_file.map(|f| &*f.text).unwrap_or("");
            let line = crate::diag::locate(file.clone(), text, prev.id_span.clone())
                .position
                .map_or(0, |p| p.line);
            diags.push(
                Diagnostic::error(
                    Class::Content,
                    format!("source id `{}` is used twice", s.id),
                )
                .at(file, text, s.id_span.clone())
                .with_hint(format!(
                    "it is first defined on line {line}; give each source its own id"
                )),
            );
        } else {
            source_index.insert(s.id.clone(), i);
        }
    }
    source_index
}

/// Frontmatter `sources` lists must name known sources; events should have some.
pub(super) fn source_refs(
    docs: &Documents<'_>,
    source_index: &BTreeMap<String, usize>,
    diags: &mut Diagnostics,
) {
    let known = KnownSources {
        ids: source_index,
        readable: docs.sources_readable,
    };
    for d in &docs.background {
        known.check(&d.file, &d.text, &d.meta.sources, diags);
    }
    for d in &docs.terms {
        known.check(&d.file, &d.text, &d.meta.sources, diags);
    }
    // An event with neither `sources` nor a citation in its text is reported by compose,
    // which sees the citations.
    for d in &docs.events {
        if let Some(list) = &d.meta.sources {
            known.check(&d.file, &d.text, list, diags);
        }
    }
}

/// The source ids a frontmatter list may name.
struct KnownSources<'a> {
    ids: &'a BTreeMap<String, usize>,
    /// False when sources.toml itself is broken.
    readable: bool,
}

impl KnownSources<'_> {
    fn check(&self, file: &Path, text: &str, refs: &[SourceRef], diags: &mut Diagnostics) {
        // With sources.toml itself broken, every id would look unknown: its own error is
        // the one to fix first.
        if !self.readable {
            return;
        }
        for r in refs {
            if !self.ids.contains_key(&r.id) {
                let hint = match crate::diag::closest(&r.id, self.ids.keys().map(String::as_str)) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => "add it to content/sources.toml as a [[source]] with this id".into(),
                };
                diags.push(
                    Diagnostic::error(Class::Content, format!("unknown source `{}`", r.id))
                        .at(file, text, r.span.clone())
                        .with_hint(hint),
                );
            }
        }
    }
}

/// Glossary names are unique across terms and aliases.
pub(super) fn glossary_names(terms: &[Doc<TermMeta>], diags: &mut Diagnostics) {
    let mut names: BTreeMap<&str, &Doc<TermMeta>> = BTreeMap::new();
    for t in terms {
        let mut own = BTreeSet::new();
        let all = std::iter::once((&t.meta.term, &t.meta.term_span))
            .chain(t.meta.aliases.iter().map(|(a, s)| (a, s)));
        for (name, span) in all {
            if name.is_empty() || !own.insert(name.as_str()) {
                continue;
            }
            match names.get(name.as_str()) {
                Some(other) => diags.push(
                    Diagnostic::error(
                        Class::Content,
                        format!("glossary name `{name}` is used by two terms"),
                    )
                    .at(&t.file, &t.text, span.clone())
                    .with_hint(format!(
                        "`{}` already uses it; a name (term or alias) may belong to one term only",
                        other.file.display()
                    )),
                ),
                None => {
                    names.insert(name.as_str(), t);
                }
            }
        }
    }
}
