//! The site model: every content file parsed, validated against the others (slugs,
//! source ids, glossary names), ordered as CONTENT.md says, and ready to compose.
//!
//! Pure: takes the [`SiteInput`] read by `source` and returns a [`Site`] or diagnostics.
//! It knows nothing about HTML templates.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::dates::PartialDate;
use crate::diag::{Class, Diagnostic, Diagnostics};
use crate::parse::config::Config;
use crate::parse::frontmatter::{
    self, BackgroundMeta, EventMeta, ExplainerMeta, Parsed, SourceEntry, SourceRef, TermMeta,
};
pub mod targets;
pub mod urls;

use crate::parse::body;
use crate::read::{Kind, SiteInput, SourceFile};
use crate::slug::slugify;
use targets::{Glossary, LinkTarget, Mentioned, TermTarget};

/// A content document: its metadata, where it came from, and its markdown body.
#[derive(Debug, Clone)]
pub struct Doc<M> {
    pub meta: M,
    pub slug: String,
    pub file: PathBuf,
    pub text: Arc<str>,
    pub body_offset: usize,
}

impl<M> Doc<M> {
    pub fn body(&self) -> &str {
        &self.text[self.body_offset..]
    }
}

pub struct Site {
    pub config: Config,
    pub explainer: Doc<ExplainerMeta>,
    /// Ordered by weight (none last), then title.
    pub background: Vec<Doc<BackgroundMeta>>,
    /// Oldest first; partial dates before the full dates of their period; ties by slug.
    pub events: Vec<Doc<EventMeta>>,
    /// A–Z by term, case-insensitively.
    pub terms: Vec<Doc<TermMeta>>,
    pub sources: Vec<SourceEntry>,
    /// False when sources.toml failed to parse (then ids are not checked against it).
    pub sources_readable: bool,
    /// `content/sources.toml` (path, text), for diagnostics that point into it.
    pub sources_file: Option<(PathBuf, Arc<str>)>,
    pub source_index: BTreeMap<String, usize>,
    pub glossary: Glossary,
    /// `@/` link targets, keyed by the path after `@/`.
    pub link_targets: BTreeMap<String, LinkTarget>,
}

/// How to build: the knobs that change what the model holds.
#[derive(Debug, Clone, Copy, Default)]
pub struct ModelOptions {
    pub drafts: bool,
}

/// One content file's frontmatter, parsed.
enum ParsedFile<'a> {
    Explainer(Result<Parsed<'a, ExplainerMeta>, Vec<Diagnostic>>),
    Background(Result<Parsed<'a, BackgroundMeta>, Vec<Diagnostic>>),
    Event(Result<Parsed<'a, EventMeta>, Vec<Diagnostic>>),
    Term(Result<Parsed<'a, TermMeta>, Vec<Diagnostic>>),
    Sources(Result<Vec<SourceEntry>, Vec<Diagnostic>>),
}

/// Builds and validates the model. Returns the site with every diagnostic found so far
/// (errors included, so composing can add the body errors of the other files), or only
/// diagnostics when there is no explainer to build a site around.
pub fn build_site(
    config: Config,
    input: &SiteInput,
    opts: ModelOptions,
) -> Result<(Site, Diagnostics), Diagnostics> {
    let mut diags = Diagnostics::default();
    diags.extend(input.warnings.iter().cloned());

    let mut explainer = None;
    let mut background = vec![];
    let mut events = vec![];
    let mut terms = vec![];
    let mut sources = vec![];
    let mut sources_file: Option<&SourceFile> = None;
    let mut sources_readable = true;

    // Frontmatter (TOML) of every file in parallel; collected in file order below.
    let parsed: Vec<ParsedFile<'_>> = input
        .files
        .par_iter()
        .map(|f| {
            let (path, text) = (f.rel_path.as_path(), &*f.text);
            match f.kind {
                Kind::Explainer => ParsedFile::Explainer(frontmatter::parse_explainer(path, text)),
                Kind::Background => {
                    ParsedFile::Background(frontmatter::parse_background(path, text))
                }
                Kind::Event => ParsedFile::Event(frontmatter::parse_event(path, text)),
                Kind::Term => ParsedFile::Term(frontmatter::parse_term(path, text)),
                Kind::Sources => ParsedFile::Sources(frontmatter::parse_sources(path, text)),
            }
        })
        .collect();
    for (f, parsed) in input.files.iter().zip(parsed) {
        match parsed {
            ParsedFile::Explainer(p) => match p {
                Ok(p) => explainer = Some(doc(f, p, String::new())),
                Err(e) => diags.extend(e),
            },
            ParsedFile::Background(p) => collect(&mut background, &mut diags, f, p),
            ParsedFile::Event(p) => collect(&mut events, &mut diags, f, p),
            ParsedFile::Term(p) => collect(&mut terms, &mut diags, f, p),
            ParsedFile::Sources(p) => {
                sources_file = Some(f);
                match p {
                    Ok(s) => sources = s,
                    Err(e) => {
                        sources_readable = false;
                        diags.extend(e);
                    }
                }
            }
        }
    }
    if !opts.drafts {
        background.retain(|d: &Doc<BackgroundMeta>| !d.meta.draft);
        events.retain(|d: &Doc<EventMeta>| !d.meta.draft);
        terms.retain(|d: &Doc<TermMeta>| !d.meta.draft);
    }

    let Some(explainer) = explainer else {
        if !input.files.iter().any(|f| f.kind == Kind::Explainer) {
            diags.push(
                Diagnostic::error(Class::Content, "the site has no main explainer")
                    .in_file("content/index.md")
                    .with_hint("create content/index.md with title, summary and published in `+++` frontmatter"),
            );
        }
        return Err(diags);
    };
    if explainer.meta.draft && !opts.drafts {
        diags.push(
            Diagnostic::error(Class::Content, "the main explainer is a draft")
                .in_file(&explainer.file)
                .with_hint("remove `draft = true`, or preview with --drafts"),
        );
    }

    for list in [slugs_of(&background), slugs_of(&events), slugs_of(&terms)] {
        check_slugs(&list, &mut diags);
    }

    // Sources: unique ids.
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
    let source_ids: BTreeSet<String> = source_index.keys().cloned().collect();

    // Frontmatter `sources` lists must name known sources; events should have some.
    let check_refs = |file: &Path, text: &str, refs: &[SourceRef], diags: &mut Diagnostics| {
        // With sources.toml itself broken, every id would look unknown: its own error is
        // the one to fix first.
        if !sources_readable {
            return;
        }
        for r in refs {
            if !source_ids.contains(&r.id) {
                let hint = match crate::diag::closest(&r.id, source_ids.iter().map(String::as_str))
                {
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
    };
    for d in &background {
        check_refs(&d.file, &d.text, &d.meta.sources, &mut diags);
    }
    for d in &terms {
        check_refs(&d.file, &d.text, &d.meta.sources, &mut diags);
    }
    for d in &events {
        match &d.meta.sources {
            Some(list) => check_refs(&d.file, &d.text, list, &mut diags),
            None => diags.push(
                Diagnostic::warning("timeline event has no sources")
                    .at(&d.file, &d.text, d.meta.date_span.clone())
                    .with_hint("add `sources = [\"S1\"]` with ids from content/sources.toml"),
            ),
        }
    }

    // Glossary names are unique across terms and aliases.
    let mut names: BTreeMap<&str, &Doc<TermMeta>> = BTreeMap::new();
    for t in &terms {
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

    // Order as CONTENT.md says.
    background.sort_by(|a, b| {
        (
            a.meta.weight.is_none(),
            a.meta.weight,
            a.meta.title.to_lowercase(),
            &a.slug,
        )
            .cmp(&(
                b.meta.weight.is_none(),
                b.meta.weight,
                b.meta.title.to_lowercase(),
                &b.slug,
            ))
    });
    events.sort_by(|a, b| (a.meta.date, &a.slug).cmp(&(b.meta.date, &b.slug)));
    terms.sort_by(|a, b| {
        (a.meta.term.to_lowercase(), &a.meta.term, &a.slug).cmp(&(
            b.meta.term.to_lowercase(),
            &b.meta.term,
            &b.slug,
        ))
    });

    let glossary = Glossary::new(
        terms
            .iter()
            .map(|t| {
                let mut all = vec![t.meta.term.clone()];
                all.extend(t.meta.aliases.iter().map(|(a, _)| a.clone()));
                (
                    TermTarget {
                        slug: t.slug.clone(),
                        term: t.meta.term.clone(),
                        short: t.meta.short.clone(),
                    },
                    all,
                )
            })
            .collect(),
    );

    // Files whose frontmatter failed are still link targets, unchecked, so a link to them
    // is not reported as a second error.
    let parsed: BTreeSet<&Path> = background
        .iter()
        .map(|d| d.file.as_path())
        .chain(events.iter().map(|d| d.file.as_path()))
        .chain(terms.iter().map(|d| d.file.as_path()))
        .collect();
    let unreadable: Vec<String> = input
        .files
        .iter()
        .filter(|f| matches!(f.kind, Kind::Background | Kind::Event | Kind::Term))
        .filter(|f| !parsed.contains(f.rel_path.as_path()))
        .filter_map(|f| {
            let rel = f.rel_path.strip_prefix("content").ok()?;
            Some(rel.to_string_lossy().replace('\\', "/"))
        })
        .collect();
    let mut link_targets = link_targets(&explainer, &background, &events, &terms);
    for key in unreadable {
        link_targets.entry(key).or_insert(LinkTarget {
            url: String::new(),
            anchors: None,
            mention: None,
            unreadable: true,
        });
    }

    // Placeholders left by `dossier new`, in what this build publishes.
    let published = std::iter::once((&explainer.file, &explainer.text))
        .chain(background.iter().map(|d| (&d.file, &d.text)))
        .chain(events.iter().map(|d| (&d.file, &d.text)))
        .chain(terms.iter().map(|d| (&d.file, &d.text)))
        .chain(sources_file.map(|f| (&f.rel_path, &f.text)));
    let published: Vec<_> = published.collect();
    let found: Vec<Vec<Diagnostic>> = published
        .par_iter()
        .map(|(file, text)| placeholders(file, text))
        .collect();
    diags.extend(found.into_iter().flatten());

    // Errors so far do not stop the build here: composing still finds the problems in
    // every other file's body, so one run reports them all.
    Ok((
        Site {
            config,
            explainer,
            background,
            events,
            terms,
            sources,
            sources_readable,
            sources_file: sources_file.map(|f| (f.rel_path.clone(), f.text.clone())),
            source_index,
            glossary,
            link_targets,
        },
        diags,
    ))
}

/// The marker `dossier new` writes where an editor still has to write something. A build
/// warns about each one left (so `--strict` refuses to publish them); editors may use it
/// for their own notes too.
pub const PLACEHOLDER: &str = "TODO:";

/// A warning for each [`PLACEHOLDER`] in `text`, outside fenced code (code may say TODO
/// for its own reasons).
fn placeholders(file: &Path, text: &str) -> Vec<Diagnostic> {
    let mut out = vec![];
    let mut fence: Option<&str> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(f) = fence {
            if trimmed.starts_with(f) {
                fence = None;
            }
        } else if let Some(f) = ["```", "~~~"].into_iter().find(|f| trimmed.starts_with(f)) {
            fence = Some(f);
        } else if let Some(i) = line.find(PLACEHOLDER) {
            // What the note asks for: its first sentence.
            let asks = line[i + PLACEHOLDER.len()..]
                .split(['.', ';', '"'])
                .next()
                .unwrap_or("")
                .trim();
            let hint = if asks.is_empty() {
                format!("write the missing text and remove `{PLACEHOLDER}`")
            } else {
                format!("write {asks}, and remove `{PLACEHOLDER}`")
            };
            out.push(
                Diagnostic::warning("placeholder left to fill in")
                    .at(file, text, offset + i..offset + i + PLACEHOLDER.len())
                    .with_hint(hint),
            );
        }
        offset += line.len();
    }
    out
}

fn doc<M>(f: &SourceFile, p: Parsed<'_, M>, slug: String) -> Doc<M> {
    Doc {
        meta: p.meta,
        slug,
        file: f.rel_path.clone(),
        text: f.text.clone(),
        body_offset: p.body_offset,
    }
}

fn collect<M>(
    into: &mut Vec<Doc<M>>,
    diags: &mut Diagnostics,
    f: &SourceFile,
    parsed: Result<Parsed<'_, M>, Vec<Diagnostic>>,
) {
    let stem = f
        .rel_path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let slug = slugify(&stem);
    if slug.is_empty() {
        diags.push(
            Diagnostic::error(Class::Content, "file name gives an empty URL")
                .in_file(&f.rel_path)
                .with_hint("name the file with letters or digits, e.g. 2024-01-27-first-talks.md"),
        );
        return;
    }
    match parsed {
        Ok(p) => into.push(doc(f, p, slug)),
        Err(e) => diags.extend(e),
    }
}

fn slugs_of<M>(docs: &[Doc<M>]) -> Vec<(&str, &Path)> {
    docs.iter()
        .map(|d| (d.slug.as_str(), d.file.as_path()))
        .collect()
}

fn check_slugs(list: &[(&str, &Path)], diags: &mut Diagnostics) {
    let mut seen: BTreeMap<&str, &Path> = BTreeMap::new();
    for (slug, file) in list {
        if let Some(first) = seen.get(slug) {
            diags.push(
                Diagnostic::error(
                    Class::Content,
                    format!(
                        "`{}` and `{}` both make the URL `{slug}`",
                        first.display(),
                        file.display()
                    ),
                )
                .in_file(*file)
                .with_hint("rename one of them: URLs come from file names, lowercased, with other characters turned into `-`"),
            );
        } else {
            seen.insert(slug, file);
        }
    }
}

/// The pages of `anchored` that `body` links to with a `#fragment` (`@/file.md#id`), in
/// order of the links.
///
/// One pass over the body, however it is written: the end of a link's file name (a `#`,
/// or the end of the word: space, newline, `)`, `>`, `"`) is searched for only past the
/// previous one, so a word of 500,000 `@/` costs one scan, not 500,000.
fn fragment_links<'a>(body: &str, anchored: &'a BTreeSet<String>) -> Vec<&'a str> {
    let bytes = body.as_bytes();
    let is_stop = |b: u8| matches!(b, b'#' | b')' | b' ' | b'\n' | b'>' | b'"');
    let mut wanted = vec![];
    // The first stop byte at or after the last file name's start.
    let mut stop = 0;
    for (i, _) in body.match_indices("@/") {
        let file_start = i + 2;
        if stop < file_start {
            stop = bytes[file_start..]
                .iter()
                .position(|&b| is_stop(b))
                .map_or(bytes.len(), |n| file_start + n);
        }
        if bytes.get(stop) == Some(&b'#') {
            if let Some(key) = anchored.get(&body[file_start..stop]) {
                wanted.push(key.as_str());
            }
        }
    }
    wanted
}

/// Where each content file can be linked, and which `#fragment`s it accepts. Heading ids
/// are computed only for pages that some `@/…#fragment` link actually targets.
fn link_targets(
    explainer: &Doc<ExplainerMeta>,
    background: &[Doc<BackgroundMeta>],
    events: &[Doc<EventMeta>],
    terms: &[Doc<TermMeta>],
) -> BTreeMap<String, LinkTarget> {
    let bodies = std::iter::once(explainer.body())
        .chain(background.iter().map(Doc::body))
        .chain(events.iter().map(Doc::body))
        .chain(terms.iter().map(Doc::body));
    // Only the explainer and background pages have headings to link to.
    let anchored: BTreeSet<String> = std::iter::once(urls::EXPLAINER_KEY.to_string())
        .chain(
            background
                .iter()
                .map(|d| urls::background_key(&file_name(&d.file))),
        )
        .collect();
    // Which pages are linked with a `#fragment`: only those need their heading ids,
    // a markdown parse each. Bodies are scanned, and those pages parsed, in parallel.
    let bodies: Vec<&str> = bodies.collect();
    let wanted: BTreeSet<&str> = bodies
        .par_iter()
        .map(|body| fragment_links(body, &anchored))
        .flatten()
        .collect();
    let anchors_of = |key: &str, body: &str| wanted.contains(key).then(|| body::heading_ids(body));
    let background_anchors: Vec<Option<BTreeSet<String>>> = background
        .par_iter()
        .map(|d| anchors_of(&urls::background_key(&file_name(&d.file)), d.body()))
        .collect();
    let mut map = BTreeMap::new();
    map.insert(
        urls::EXPLAINER_KEY.to_string(),
        LinkTarget {
            url: urls::EXPLAINER.into(),
            anchors: Some(anchors_of(urls::EXPLAINER_KEY, explainer.body()).unwrap_or_default()),
            mention: None,
            unreadable: false,
        },
    );
    for (d, anchors) in background.iter().zip(background_anchors) {
        let key = urls::background_key(&file_name(&d.file));
        let anchors = Some(anchors.unwrap_or_default());
        map.insert(
            key,
            LinkTarget {
                url: urls::background(&d.slug),
                anchors,
                mention: None,
                unreadable: false,
            },
        );
    }
    for d in events {
        map.insert(
            urls::event_key(&file_name(&d.file)),
            LinkTarget {
                url: urls::event(&d.slug),
                anchors: None,
                mention: Some(Mentioned::Event(d.slug.clone())),
                unreadable: false,
            },
        );
    }
    for (i, d) in terms.iter().enumerate() {
        map.insert(
            urls::term_key(&file_name(&d.file)),
            LinkTarget {
                url: urls::term(&d.slug),
                anchors: None,
                mention: Some(Mentioned::Term(i)),
                unreadable: false,
            },
        );
    }
    map
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The newest date the site states about itself: for "as of" lines and feeds.
pub fn as_of(site: &Site) -> PartialDate {
    let e = &site.explainer.meta;
    let mut newest = e.updated.unwrap_or(e.published);
    for u in &e.updates {
        newest = newest.max(u.date);
    }
    newest
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The word-by-word scan `fragment_links` replaced: what a `#fragment` link is.
    fn fragment_links_by_word<'a>(body: &str, anchored: &'a BTreeSet<String>) -> Vec<&'a str> {
        let mut wanted = vec![];
        for word in body.split([')', ' ', '\n', '>', '"']) {
            for (i, _) in word.match_indices("@/") {
                let rest = &word[i + 2..];
                if let Some(h) = rest.find('#') {
                    if let Some(key) = anchored.get(&rest[..h]) {
                        wanted.push(key.as_str());
                    }
                }
            }
        }
        wanted
    }

    #[test]
    fn fragment_links_are_the_links_with_a_fragment_to_anchored_pages() {
        let anchored: BTreeSet<String> = ["index.md", "background/a.md", "background/b.md"]
            .map(String::from)
            .into();
        let body = "See [x](@/background/a.md#why) and [y](@/background/b.md), \
                    <@/index.md#top> \"@/background/c.md#no\" @/background/a.md@/background/b.md#z \
                    @/background/a.md\n#not-this @/@/@/ @/index.md#";
        assert_eq!(
            fragment_links(body, &anchored),
            ["background/a.md", "index.md", "background/b.md", "index.md"]
        );
        proptest::proptest!(|(body in "([ab@/#)> \"\n]|background/|index\\.md|\\.md){0,40}")| {
            proptest::prop_assert_eq!(
                fragment_links(&body, &anchored),
                fragment_links_by_word(&body, &anchored)
            );
        });
    }

    #[test]
    fn placeholders_are_found_at_their_line_outside_code() {
        let text = "+++\ntitle = \"T\"\nsummary = \"TODO: a summary.\"\n+++\nText.\n\n```\n// TODO: not this\n```\nTODO: the text; more\n";
        let found = placeholders(Path::new("content/x.md"), text);
        let at: Vec<(usize, usize)> = found
            .iter()
            .map(|d| {
                let p = d.location.as_ref().unwrap().position.unwrap();
                (p.line, p.column)
            })
            .collect();
        assert_eq!(at, [(3, 12), (10, 1)]);
        assert_eq!(
            found[0].hint.as_deref(),
            Some("write a summary, and remove `TODO:`")
        );
        assert_eq!(
            found[1].hint.as_deref(),
            Some("write the text, and remove `TODO:`")
        );
        assert!(placeholders(Path::new("x.md"), "nothing to do").is_empty());
    }
}
