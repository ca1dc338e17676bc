//! Reading built pages as a reader's browser does: CSS selectors and visible text.

use scraper::{ElementRef, Selector};

/// A CSS selector; a typo in a test's selector fails loudly, naming it.
pub fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap_or_else(|e| panic!("bad selector {s}: {e:?}"))
}

/// An element's text as a reader sees it: its text nodes, whitespace collapsed.
pub fn text(e: ElementRef<'_>) -> String {
    e.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
