//! The serve memo of rendered pages: background pages whose inputs are unchanged since
//! the last render are not rendered again.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use super::views::SiteView;
use crate::compose::ComposedPage;
use crate::model::{Doc, Site};
use crate::parse::config::Config;
use crate::parse::frontmatter::{ExplainerMeta, SourceEntry};

/// Background pages rendered by an earlier run, kept by `serve` across rebuilds (`build`
/// and `check` keep none). A page's bytes are reused only when everything it is rendered
/// from is equal: its composed body and its document, and what every page shares (the
/// `site` values, the `.html` template overrides, the sources that references list; a
/// change to those forgets every page). The body is the very `Arc` the page was rendered
/// from, which also stands for its document: `compose::Memo` hands an `Arc` out again
/// only for the same file with the same slug and text, and the `Arc` held here keeps its
/// address from being reused.
#[derive(Default)]
pub struct Memo {
    shared: Option<MemoShared>,
    pages: HashMap<PathBuf, MemoPage>,
}

#[derive(PartialEq)]
struct MemoShared {
    site: String,
    templates: Vec<(String, String)>,
    /// A page links the stylesheet and scripts by their hashed names, and carries the
    /// policy.
    assets: super::Assets,
    sources: Vec<SourceEntry>,
    source_index: BTreeMap<String, usize>,
    /// All of it, not only what the `site` view shows: JSON-LD reads the configuration.
    config: Config,
    /// A background page's JSON-LD names the explainer's publication date and authors;
    /// all of its frontmatter counts, so a new use of another field cannot go stale.
    explainer: ExplainerMeta,
}

struct MemoPage {
    slug: String,
    composed: Arc<ComposedPage>,
    bytes: Arc<Vec<u8>>,
}

impl MemoPage {
    /// Whether these bytes are what `d` with `composed` renders to.
    fn renders<M>(&self, d: &Doc<M>, composed: &Arc<ComposedPage>) -> bool {
        self.slug == d.slug && Arc::ptr_eq(&self.composed, composed)
    }
}

impl Memo {
    /// Forgets every page unless what all pages share is as in the previous run.
    pub(super) fn begin(&mut self, sv: &SiteView<'_>, look: super::Look<'_>, site: &Site) {
        let shared = MemoShared {
            site: serde_json::to_string(sv).unwrap_or_default(),
            // Only `.html` overrides are templates; assets (style.css) render no page.
            templates: look
                .overrides
                .iter()
                .filter(|(n, _)| n.ends_with(".html"))
                .cloned()
                .collect(),
            assets: look.assets.clone(),
            sources: site.sources.clone(),
            source_index: site.source_index.clone(),
            config: site.config.clone(),
            explainer: site.explainer.meta.clone(),
        };
        if self.shared.as_ref() != Some(&shared) {
            self.pages.clear();
            self.shared = Some(shared);
        }
    }

    pub(super) fn get<M>(&self, d: &Doc<M>, composed: &Arc<ComposedPage>) -> Option<Arc<Vec<u8>>> {
        let m = self.pages.get(&d.file)?;
        m.renders(d, composed).then(|| m.bytes.clone())
    }

    /// Keeps this run's pages (and only those: deleted and renamed files go).
    pub(super) fn keep<M>(
        &mut self,
        docs: &[Doc<M>],
        composed: &[Arc<ComposedPage>],
        bytes: &[Arc<Vec<u8>>],
    ) {
        let mut pages = HashMap::with_capacity(docs.len());
        for ((d, c), b) in docs.iter().zip(composed).zip(bytes) {
            let entry = match self.pages.remove(&d.file) {
                Some(old) if old.renders(d, c) => old,
                _ => MemoPage {
                    slug: d.slug.clone(),
                    composed: c.clone(),
                    bytes: b.clone(),
                },
            };
            pages.insert(d.file.clone(), entry);
        }
        self.pages = pages;
    }
}

/// A background page once handed to `emit`: what `emit` returned, and the page's bytes
/// when a memo keeps them.
pub(super) struct EmittedPage<T> {
    pub(super) kept: Option<Arc<Vec<u8>>>,
    pub(super) emitted: T,
}
