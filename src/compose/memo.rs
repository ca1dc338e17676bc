//! The serve memo of composed background pages: what lets a rebuild recompose only the
//! pages whose text (or whose link targets, sources and glossary) changed. It decides
//! reuse; it does not compose.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use crate::diag::Diagnostic;
use crate::markdown::{RawHtmlPolicy, Refs};
use crate::model::images::Images;
use crate::model::places::Places;
use crate::model::targets::{Glossary, LinkTarget};
use crate::model::Doc;

use super::ComposedPage;

/// Background pages composed by an earlier run, kept by `serve` across rebuilds (`build`
/// and `check` keep none). A page is reused only when everything [`page`] computes it
/// from is equal: its file, slug and text (the frontmatter's `sources` included), and
/// every [`Refs`] its markdown may resolve (link targets with their anchors, source ids,
/// the glossary). A change to the refs forgets every page; an edit to one page's body
/// recomposes that page alone. An `Arc` handed out again therefore stands for the same
/// document, which `render::Memo` relies on.
#[derive(Default)]
pub struct Memo {
    refs: Option<MemoRefs>,
    pages: HashMap<PathBuf, MemoPage>,
}

#[derive(PartialEq)]
struct MemoRefs {
    pages: rustc_hash::FxHashMap<String, LinkTarget>,
    source_ids: BTreeSet<String>,
    sources_readable: bool,
    glossary: Glossary,
    raw_html: RawHtmlPolicy,
    images: Images,
    places: Places,
    /// Changes with the component templates, which draw into the pages' HTML.
    components: u64,
    tables: crate::model::data::Tables,
    /// The strings' key: labels, dates and digits drawn into the pages.
    strings: u64,
}

struct MemoPage {
    slug: String,
    text: Arc<str>,
    page: Arc<ComposedPage>,
    diagnostics: Vec<Diagnostic>,
}

impl Memo {
    /// Forgets every page unless `refs` equal those of the previous run.
    pub(super) fn begin(&mut self, refs: &Refs<'_>) {
        // Every field, named: a field added to `Refs` fails to compile here until the memo
        // compares it too.
        let Refs {
            pages,
            source_ids,
            sources_readable,
            glossary,
            raw_html,
            images,
            places,
            components,
            source_label: _,
            section_label: _,
            tables,
            strings,
        } = *refs;
        let now = MemoRefs {
            pages: pages.clone(),
            source_ids: source_ids.clone(),
            sources_readable,
            glossary: glossary.clone(),
            raw_html,
            images: images.clone(),
            places: places.clone(),
            components: components.key(),
            tables: tables.clone(),
            strings: strings.key(),
        };
        if self.refs.as_ref() != Some(&now) {
            self.pages.clear();
            self.refs = Some(now);
        }
    }

    pub(super) fn get<M>(&self, d: &Doc<M>) -> Option<(Arc<ComposedPage>, Vec<Diagnostic>)> {
        let m = self.pages.get(&d.file)?;
        (m.slug == d.slug && m.text == d.text).then(|| (m.page.clone(), m.diagnostics.clone()))
    }

    /// Keeps this run's pages (and only those: deleted and renamed files go).
    pub(super) fn keep<M>(
        &mut self,
        docs: &[Doc<M>],
        composed: &[(Arc<ComposedPage>, Vec<Diagnostic>)],
    ) {
        let mut pages = HashMap::with_capacity(docs.len());
        for (d, (page, diagnostics)) in docs.iter().zip(composed) {
            let entry = match self.pages.remove(&d.file) {
                Some(old) if Arc::ptr_eq(&old.page, page) => old,
                _ => MemoPage {
                    slug: d.slug.clone(),
                    text: d.text.clone(),
                    page: page.clone(),
                    diagnostics: diagnostics.clone(),
                },
            };
            pages.insert(d.file.clone(), entry);
        }
        self.pages = pages;
    }
}
