//! A background page's results, made and tokenised on the thread that composed it
//! (`build`, `check` and the editions hand each page here as soon as it is composed).
//! A large site's text is not kept for the index: once the background pages' text
//! passes [`FULL_TEXT_BUDGET`] the index is compact for sure, and each page keeps only
//! what a compact index shows. See: issue 20.

use std::sync::atomic::{AtomicUsize, Ordering};

use super::results::{page_docs, Doc};
use super::tokenize::Tokenizer;
use super::vocab::{DocTokens, Vocabs};
use super::{cut_for_compact, FULL_TEXT_BUDGET};
use crate::compose::ComposedPage;
use crate::model::{Doc as ModelDoc, Site};
use crate::parse::frontmatter::BackgroundMeta;

/// A background page's results and their tokens.
pub struct PageResults {
    pub(super) docs: Vec<Doc>,
    pub(super) tokens: Vec<DocTokens>,
}

/// Takes the background pages' results as they are composed, in any order, on any
/// thread.
pub struct Gatherer {
    vocabs: Vocabs,
    tokenizer: Tokenizer,
    /// The text of the pages gathered so far, in bytes.
    text: AtomicUsize,
}

/// What the index is built from besides the site and its composed pages.
pub struct Gathered {
    pub(super) vocabs: Vocabs,
    /// Per background page, in site order.
    pub(super) pages: Vec<PageResults>,
}

impl Gatherer {
    pub fn new(site: &Site) -> Gatherer {
        Gatherer {
            vocabs: Vocabs::default(),
            tokenizer: Tokenizer::for_language(&site.config.language),
            text: AtomicUsize::new(0),
        }
    }

    /// The results of background page `d`, taking its section texts from `p`.
    pub fn page(&self, d: &ModelDoc<BackgroundMeta>, p: &mut ComposedPage) -> PageResults {
        let sections = std::mem::take(&mut p.sections);
        let mut docs = page_docs(&d.meta.title, &d.meta.summary, sections, &p.toc);
        // Every background page's text counts towards the budget, so once past it the
        // whole site is: the index will be compact, whatever order pages come in. Then
        // the page's body tokens are filed once, under its top, and its text is cut.
        let compact = self.text.load(Ordering::Relaxed) > FULL_TEXT_BUDGET;
        let tokens = self.vocabs.page(&self.tokenizer, &docs, compact);
        let len: usize = docs.iter().map(|doc| doc.text.len()).sum();
        // Below the budget, the text stays until the index knows.
        if self.text.fetch_add(len, Ordering::Relaxed) + len > FULL_TEXT_BUDGET {
            for (i, doc) in docs.iter_mut().enumerate() {
                doc.cut_from = Some(doc.text.len());
                // A page's results are relative: its top is result 0.
                cut_for_compact(doc, i == 0);
            }
        }
        PageResults { docs, tokens }
    }

    /// Every page's results, in site order.
    pub fn finish(self, pages: Vec<PageResults>) -> Gathered {
        Gathered {
            vocabs: self.vocabs,
            pages,
        }
    }
}
