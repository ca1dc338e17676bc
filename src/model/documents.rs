//! Every content file's frontmatter parsed into [`Doc`]s, in file order, with each file's
//! parse errors. Owns the rule that turns a file name into a slug; validating the docs
//! against each other is `validate`'s, not this file's.

use rayon::prelude::*;

use crate::diag::{Class, Diagnostic, Diagnostics};
use crate::parse::frontmatter::{
    self, BackgroundMeta, EventMeta, ExplainerMeta, PageMeta, Parsed, Place, SourceEntry, TermMeta,
};
use crate::read::{Kind, SiteInput, SourceFile};
use crate::slug::slugify;

use std::path::Path;

use super::{urls, Doc};

/// The content files that parsed, by kind, in file order, and the sources list.
pub(super) struct Documents<'a> {
    pub explainer: Option<Doc<ExplainerMeta>>,
    pub background: Vec<Doc<BackgroundMeta>>,
    pub events: Vec<Doc<EventMeta>>,
    pub terms: Vec<Doc<TermMeta>>,
    pub pages: Vec<Doc<PageMeta>>,
    pub sources: Vec<SourceEntry>,
    pub sources_file: Option<&'a SourceFile>,
    /// False when sources.toml failed to parse (then ids are not checked against it).
    pub sources_readable: bool,
    pub places: Vec<Place>,
    pub places_file: Option<&'a SourceFile>,
    /// False when places.toml failed to parse (then ids are not checked against it).
    pub places_readable: bool,
}

/// One content file's frontmatter, parsed.
enum ParsedFile<'a> {
    Explainer(Result<Parsed<'a, ExplainerMeta>, Vec<Diagnostic>>),
    Background(Result<Parsed<'a, BackgroundMeta>, Vec<Diagnostic>>),
    Event(Result<Parsed<'a, EventMeta>, Vec<Diagnostic>>),
    Term(Result<Parsed<'a, TermMeta>, Vec<Diagnostic>>),
    Page(Result<Parsed<'a, PageMeta>, Vec<Diagnostic>>),
    Sources(Result<Vec<SourceEntry>, Vec<Diagnostic>>),
    /// Data tables are read by `model::data`, not here.
    Data,
    Places(Result<Vec<Place>, Vec<Diagnostic>>),
}

impl<'a> Documents<'a> {
    /// Parses every file of `input`; the errors go to `diags` in file order.
    pub fn parse(input: &'a SiteInput, diags: &mut Diagnostics) -> Documents<'a> {
        let mut docs = Documents {
            explainer: None,
            background: vec![],
            events: vec![],
            terms: vec![],
            pages: vec![],
            sources: vec![],
            sources_file: None,
            sources_readable: true,
            places: vec![],
            places_file: None,
            places_readable: true,
        };
        // Frontmatter (TOML) of every file in parallel; collected in file order below.
        let parsed: Vec<ParsedFile<'_>> = input.files.par_iter().map(parse_file).collect();
        for (f, parsed) in input.files.iter().zip(parsed) {
            docs.add(f, parsed, diags);
        }
        docs
    }

    fn add(&mut self, f: &'a SourceFile, parsed: ParsedFile<'_>, diags: &mut Diagnostics) {
        match parsed {
            ParsedFile::Explainer(p) => match p {
                Ok(p) => self.explainer = Some(doc(f, p, String::new())),
                Err(e) => diags.extend(e),
            },
            ParsedFile::Background(p) => collect(&mut self.background, diags, f, p),
            ParsedFile::Event(p) => collect(&mut self.events, diags, f, p),
            ParsedFile::Term(p) => collect(&mut self.terms, diags, f, p),
            ParsedFile::Page(p) => collect(&mut self.pages, diags, f, p),
            ParsedFile::Sources(p) => {
                self.sources_file = Some(f);
                match p {
                    Ok(s) => self.sources = s,
                    Err(e) => {
                        self.sources_readable = false;
                        diags.extend(e);
                    }
                }
            }
            ParsedFile::Data => {}
            ParsedFile::Places(p) => {
                self.places_file = Some(f);
                match p {
                    Ok(p) => self.places = p,
                    Err(e) => {
                        self.places_readable = false;
                        diags.extend(e);
                    }
                }
            }
        }
    }

    /// Leaves out the background pages, events, terms and pages marked `draft` (the explainer
    /// stays: a draft explainer is an error, reported by the model), and says what they
    /// leave behind for links to them to be reported.
    pub fn drop_drafts(&mut self) -> DroppedDrafts {
        let mut dropped = DroppedDrafts::default();
        let key = |d: &Path| {
            d.file_name()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default()
        };
        for d in self.background.iter().filter(|d| d.meta.draft) {
            dropped.keys.push(urls::background_key(&key(&d.file)));
        }
        for d in self.events.iter().filter(|d| d.meta.draft) {
            dropped.keys.push(urls::event_key(&key(&d.file)));
        }
        for d in self.terms.iter().filter(|d| d.meta.draft) {
            dropped.keys.push(urls::term_key(&key(&d.file)));
            let names = std::iter::once(&d.meta.term).chain(d.meta.aliases.iter().map(|(a, _)| a));
            dropped
                .term_names
                .extend(names.map(|n| (n.clone(), d.meta.term.clone())));
        }
        for d in self.pages.iter().filter(|d| d.meta.draft) {
            dropped.keys.push(urls::page_key(&key(&d.file)));
        }
        self.background.retain(|d| !d.meta.draft);
        self.events.retain(|d| !d.meta.draft);
        self.terms.retain(|d| !d.meta.draft);
        self.pages.retain(|d| !d.meta.draft);
        dropped
    }
}

/// What the drafts left out of a build leave behind: their `@/` keys, and the names
/// (term and aliases) of each draft term with its term. Links to them are errors.
#[derive(Default)]
pub(super) struct DroppedDrafts {
    pub keys: Vec<String>,
    pub term_names: Vec<(String, String)>,
}

fn parse_file(f: &SourceFile) -> ParsedFile<'_> {
    let (path, text) = (f.rel_path.as_path(), &*f.text);
    match f.kind {
        Kind::Explainer => ParsedFile::Explainer(frontmatter::parse_explainer(path, text)),
        Kind::Background => ParsedFile::Background(frontmatter::parse_background(path, text)),
        Kind::Event => ParsedFile::Event(frontmatter::parse_event(path, text)),
        Kind::Term => ParsedFile::Term(frontmatter::parse_term(path, text)),
        Kind::Page => ParsedFile::Page(frontmatter::parse_page(path, text)),
        Kind::Sources => ParsedFile::Sources(frontmatter::parse_sources(path, text)),
        Kind::Data => ParsedFile::Data,
        Kind::Places => ParsedFile::Places(frontmatter::parse_places(path, text)),
    }
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
