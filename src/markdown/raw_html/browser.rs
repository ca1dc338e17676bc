//! A body's HTML read as a browser reads it: html5ever's WHATWG tokenizer driven by its
//! tree builder, so raw-text elements (`<textarea>`, `<style>`, `<iframe>`…), foreign
//! content (`<svg>`, `<math>`) and character references in attribute values are taken
//! exactly as Chromium takes them. It reports every tag the browser sees, with its
//! attributes decoded and the byte offset where it ends; it builds no tree and judges
//! nothing (that is `rules`).
//!
//! The input is fed in pieces that end at each `>`, so a tag token is seen while the
//! piece holding its closing `>` is read: that gives its offset, which html5ever (lines
//! only) does not.

use std::borrow::Cow;
use std::cell::{Cell, Ref, RefCell};

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use html5ever::tree_builder::{
    ElementFlags, NodeOrText, QuirksMode, TreeBuilder, TreeBuilderOpts, TreeSink,
};
use html5ever::{ns, Attribute, LocalName, QualName, TokenizerResult};

/// A start tag as the browser sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct SeenTag {
    /// Lowercase, as the tokenizer gives it.
    pub name: String,
    /// Names lowercase, values with character references decoded; first of each name.
    pub attrs: Vec<(String, String)>,
    /// Byte offset just past the `>` that ends the tag.
    pub end: usize,
}

/// What [`read`] found.
#[derive(Debug, Default)]
pub(super) struct Reading {
    pub start_tags: Vec<SeenTag>,
    /// False when the HTML ends inside a tag, a comment, an attribute value, a raw-text
    /// element or foreign content: what comes after it on the page would be read as
    /// part of it.
    pub ends_clean: bool,
    /// The last start tag that put the browser in a raw-text state (`<textarea>`,
    /// `<style>`, `<plaintext>`…) and was not closed: an index into `start_tags`.
    pub open_raw_text: Option<usize>,
}

/// A tag name no page uses, fed after the body: it comes back as an HTML element only
/// if the body left the browser in its ordinary state.
const SENTINEL: &str = "dossier-end-of-body";

/// Reads `html` (a body's HTML, placed inside a `<div>` of a page) as a browser does.
pub(super) fn read(html: &str) -> Reading {
    let arena = Arena::default();
    let context = arena.new_node(QualName::new(None, ns!(html), LocalName::from("div")));
    let tree = TreeBuilder::new_for_fragment(
        arena,
        context,
        None,
        TreeBuilderOpts {
            scripting_enabled: true,
            ..TreeBuilderOpts::default()
        },
    );
    let watch = Watch {
        tree,
        fed: Cell::new(0),
        tags: RefCell::new(vec![]),
        open_raw_text: Cell::new(None),
    };
    let tokenizer = Tokenizer::new(watch, TokenizerOpts::default());
    let queue = BufferQueue::default();
    let mut start = 0;
    for (i, _) in html.match_indices('>') {
        feed(&tokenizer, &queue, &html[start..=i], i + 1);
        start = i + 1;
    }
    feed(&tokenizer, &queue, &html[start..], html.len());
    let sentinel = format!("<{SENTINEL}>");
    feed(&tokenizer, &queue, &sentinel, html.len() + sentinel.len());
    tokenizer.end();
    let mut start_tags = tokenizer.sink.tags.take();
    let sentinel_seen = start_tags.last().is_some_and(|t| {
        t.name == SENTINEL && t.attrs.is_empty() && t.end == html.len() + sentinel.len()
    });
    if sentinel_seen {
        start_tags.pop();
    }
    // A tag the body leaves open is finished by the sentinel's `>`: it ends, as far as
    // the body goes, at the body's end. (Found by the raw_html fuzz target.)
    for t in &mut start_tags {
        t.end = t.end.min(html.len());
    }
    Reading {
        open_raw_text: tokenizer
            .sink
            .open_raw_text
            .get()
            .filter(|&i| i < start_tags.len()),
        start_tags,
        ends_clean: sentinel_seen && tokenizer.sink.tree.sink.sentinel_in_html.get(),
    }
}

fn feed(tokenizer: &Tokenizer<Watch>, queue: &BufferQueue, piece: &str, end: usize) {
    if piece.is_empty() {
        return;
    }
    tokenizer.sink.fed.set(end);
    queue.push_back(StrTendril::from_slice(piece));
    // `Script` asks the caller to run a script before reading on: we never do.
    while let TokenizerResult::Script(_) = tokenizer.feed(queue) {}
}

/// Sees each token before the tree builder does; the tree builder's answer (switch to
/// raw text, plain text…) goes back to the tokenizer, as in a browser.
struct Watch {
    tree: TreeBuilder<usize, Arena>,
    /// Bytes fed so far: the end of the piece being read.
    fed: Cell<usize>,
    tags: RefCell<Vec<SeenTag>>,
    open_raw_text: Cell<Option<usize>>,
}

impl TokenSink for Watch {
    type Handle = usize;

    fn process_token(&self, token: Token, line_number: u64) -> TokenSinkResult<usize> {
        let mut start_tag = None;
        if let Token::TagToken(tag) = &token {
            if tag.kind == TagKind::EndTag {
                self.open_raw_text.set(None);
            } else {
                let mut tags = self.tags.borrow_mut();
                start_tag = Some(tags.len());
                tags.push(SeenTag {
                    name: tag.name.to_string(),
                    attrs: tag
                        .attrs
                        .iter()
                        .map(|a| (a.name.local.to_string(), a.value.to_string()))
                        .collect(),
                    end: self.fed.get(),
                });
            }
        }
        let answer = self.tree.process_token(token, line_number);
        if matches!(
            answer,
            TokenSinkResult::RawData(_) | TokenSinkResult::Plaintext
        ) {
            self.open_raw_text.set(start_tag);
        }
        answer
    }

    fn end(&self) {
        self.tree.end();
    }

    fn adjusted_current_node_present_but_not_in_html_namespace(&self) -> bool {
        self.tree
            .adjusted_current_node_present_but_not_in_html_namespace()
    }
}

/// The least a tree builder needs: each element's name and whether it is a MathML
/// integration point. Nodes are never linked; handles are indices.
#[derive(Default)]
struct Arena {
    names: RefCell<Vec<QualName>>,
    integration_points: RefCell<Vec<bool>>,
    /// Whether the sentinel was created as an HTML element (not inside `<svg>`/`<math>`).
    sentinel_in_html: Cell<bool>,
}

impl Arena {
    fn new_node(&self, name: QualName) -> usize {
        let mut names = self.names.borrow_mut();
        names.push(name);
        self.integration_points.borrow_mut().push(false);
        names.len()
    }
}

impl TreeSink for Arena {
    type Handle = usize;
    type Output = ();
    type ElemName<'a> = Ref<'a, QualName>;

    fn finish(self) {}
    fn parse_error(&self, _msg: Cow<'static, str>) {}

    fn get_document(&self) -> usize {
        0
    }

    fn elem_name<'a>(&'a self, target: &'a usize) -> Ref<'a, QualName> {
        // The document (0) is never asked for its name; anything else is an element.
        Ref::map(self.names.borrow(), |n| &n[target.saturating_sub(1)])
    }

    fn create_element(&self, name: QualName, _: Vec<Attribute>, flags: ElementFlags) -> usize {
        if &*name.local == SENTINEL {
            self.sentinel_in_html.set(name.ns == ns!(html));
        }
        let node = self.new_node(name);
        self.integration_points.borrow_mut()[node - 1] =
            flags.mathml_annotation_xml_integration_point;
        node
    }

    fn create_comment(&self, _: StrTendril) -> usize {
        self.new_node(QualName::new(None, ns!(), LocalName::from("#comment")))
    }

    fn create_pi(&self, _: StrTendril, _: StrTendril) -> usize {
        self.create_comment(StrTendril::new())
    }

    fn append(&self, _: &usize, _: NodeOrText<usize>) {}
    fn append_based_on_parent_node(&self, _: &usize, _: &usize, _: NodeOrText<usize>) {}
    fn append_doctype_to_document(&self, _: StrTendril, _: StrTendril, _: StrTendril) {}

    fn get_template_contents(&self, _: &usize) -> usize {
        self.create_comment(StrTendril::new())
    }

    fn same_node(&self, x: &usize, y: &usize) -> bool {
        x == y
    }

    fn set_quirks_mode(&self, _: QuirksMode) {}
    fn append_before_sibling(&self, _: &usize, _: NodeOrText<usize>) {}
    fn add_attrs_if_missing(&self, _: &usize, _: Vec<Attribute>) {}
    fn remove_from_parent(&self, _: &usize) {}
    fn reparent_children(&self, _: &usize, _: &usize) {}

    fn is_mathml_annotation_xml_integration_point(&self, handle: &usize) -> bool {
        self.integration_points
            .borrow()
            .get(handle.wrapping_sub(1))
            .copied()
            .unwrap_or(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(html: &str) -> Vec<String> {
        read(html).start_tags.into_iter().map(|t| t.name).collect()
    }

    #[test]
    fn sees_tags_as_a_browser_does() {
        // Inside <textarea> a tag is text; after it, it is a tag again.
        assert_eq!(
            names("<textarea><a title=\"</textarea><img src=x>\">"),
            ["textarea", "img"]
        );
        // In <svg>, <style> holds markup; a <p> leaves the svg, and <textarea> is raw.
        assert_eq!(
            names("<svg><style><p><textarea><a title=\"</textarea><img src=x>\"></style>"),
            ["svg", "style", "p", "textarea", "img"]
        );
        let r = read("<a\nhref\n=\n\"java&#10;script&colon;x\">y</a>");
        assert_eq!(
            r.start_tags[0].attrs,
            [("href".to_string(), "java\nscript:x".to_string())]
        );
        assert_eq!(r.start_tags[0].end, 36);
        assert!(r.ends_clean);
    }

    #[test]
    fn knows_when_the_html_leaves_something_open() {
        for open in [
            "<div title=\"x",
            "<div",
            "<!-- x",
            "<textarea>",
            "<svg>",
            "<xmp>",
        ] {
            assert!(!read(open).ends_clean, "{open}");
        }
        for closed in [
            "",
            "<div title=\"x\">",
            "<svg></svg>",
            "a < b",
            "<!-- x -->",
        ] {
            assert!(read(closed).ends_clean, "{closed}");
        }
    }
}
