//! Components: a fenced block whose info string names one (`figure`, `quote`,
//! `numbers`, `embed`, `chart`) holds TOML, typed like frontmatter, and becomes one `Event::Html`
//! drawn by the component's template (`components/<name>.html`, which a site overrides
//! by name). Fields called `caption`, `text` or `note` are inline markdown, rendered
//! with the page's citations, cross-references and glossary. Every problem is reported
//! at its line and column in the markdown file.
//!
//! The templates are reached through [`ComponentTemplates`], which the render stage
//! implements: markdown never sees Tera. `figures`, `callouts` and `charts` hold the
//! components with more to them; this file holds the dispatch, what they share, and the small ones.

use std::ops::Range;

use serde_json::{json, Value};
use toml::Spanned;

use super::adapter::BodyAdapter;
use super::code::CodeBuf;
use super::Body;
use crate::diag::{Class, Diagnostic};
use crate::parse::components::{parse_block, EmbedBlock, NumbersBlock, QuoteBlock};

/// Draws a component from its view. The render stage implements it with the site's
/// templates; `key` changes whenever one of them does (the serve memo compares it).
pub trait ComponentTemplates: Sync {
    /// The HTML of component `name` (`figure`, `quote`, `callout`…); `Err` is the reason.
    fn render(&self, name: &str, view: &Value) -> Result<String, String>;
    fn key(&self) -> u64;
}

/// A component's TOML body and where it sits in the file.
pub(super) struct Block<'b> {
    pub(super) name: &'b str,
    pub(super) toml: &'b str,
    /// Where the TOML starts in the file, when it is written there as one piece (not
    /// inside a quote or list, whose markers interrupt it).
    pub(super) offset: Option<usize>,
    /// The fence's line, in the file: where problems without a place of their own go.
    pub(super) fence: Range<usize>,
}

impl Block<'_> {
    /// The file span of a value of the block.
    pub(super) fn span<T>(&self, v: &Spanned<T>) -> Range<usize> {
        match self.offset {
            Some(o) => o + v.span().start..o + v.span().end,
            None => self.fence.clone(),
        }
    }
}

impl BodyAdapter<'_, '_> {
    /// The HTML of the component block `code` (nothing, after reporting, if it is wrong).
    pub(super) fn component_html(&mut self, code: &CodeBuf) -> String {
        let block = self.block(code);
        let html = match block.name {
            "figure" => self.figure_block(&block),
            "quote" => self.quote_block(&block),
            "numbers" => self.numbers_block(&block),
            "chart" => self.chart_block(&block),
            "map" => self.map_block(&block),
            _ => self.embed_block(&block),
        };
        html.unwrap_or_default()
    }

    fn block<'c>(&self, code: &'c CodeBuf) -> Block<'c> {
        let start = code.start;
        let line_end = self.md[start..]
            .find('\n')
            .map_or(self.md.len(), |i| start + i);
        let after = (line_end + 1).min(self.md.len());
        let offset = self.md[after..]
            .starts_with(code.src.as_str())
            .then(|| self.at(after..after).start);
        Block {
            name: &code.lang,
            toml: &code.src,
            offset,
            fence: self.at(start..line_end),
        }
    }

    /// Deserializes the block's TOML; a problem is reported at its place.
    pub(super) fn parse_body<T: serde::de::DeserializeOwned>(&mut self, b: &Block) -> Option<T> {
        let (file, text) = (self.body.file, self.body.text);
        let located = parse_block::<T>(file, text, b.toml, b.offset.unwrap_or(0), b.fence.clone());
        match located {
            Ok(v) => Some(v),
            Err(d) => {
                // A block inside a quote or a list is not one piece of the file: its own
                // offsets would point elsewhere, so the problem goes to its fence.
                let span = if b.offset.is_some() {
                    None
                } else {
                    Some(b.fence.clone())
                };
                self.diags.push_located(d, span);
                None
            }
        }
    }

    /// Draws component `name` from `view`; a template error is reported at the fence.
    pub(super) fn draw(&mut self, name: &str, view: &Value, fence: Range<usize>) -> Option<String> {
        match self.refs.components.render(name, view) {
            Ok(html) => Some(html),
            Err(reason) => {
                self.diags.push(
                    Diagnostic::error(
                        Class::Content,
                        format!("cannot draw the {name}: {reason}"),
                    )
                    .with_hint(format!(
                        "the template templates/components/{name}.html uses a value the README does not list"
                    )),
                    fence,
                );
                None
            }
        }
    }

    /// A text field of a block as inline markdown. Written as one piece in the file, it
    /// is rendered there (problems at their own line); else at the value's place.
    pub(super) fn inline_html(&mut self, value: &str, span: Range<usize>) -> String {
        let text = self.body.text;
        let inner = span.start + 1..span.end.saturating_sub(1);
        let in_place = span.end >= span.start + 2 && text.get(inner.clone()) == Some(value);
        let (file, floor, own_term) = (self.body.file, 6, self.body.own_term);
        let html = if in_place {
            let body = Body {
                file,
                text: &text[..inner.end],
                offset: inner.start,
                heading_floor: floor,
                own_term,
            };
            let r = super::to_html(&body, self.refs, self.page);
            for d in r.diagnostics {
                self.diags.push_located(d, None);
            }
            r.html
        } else {
            let body = Body {
                file,
                text: value,
                offset: 0,
                heading_floor: floor,
                own_term,
            };
            let r = super::to_html(&body, self.refs, self.page);
            for d in r.diagnostics {
                self.diags.push_located(d, Some(span.clone()));
            }
            r.html
        };
        unwrap_paragraph(html)
    }

    /// The citation marks of a block's `sources` list.
    pub(super) fn sources_html(&mut self, sources: &[Spanned<String>], b: &Block) -> String {
        let marks: Vec<String> = sources
            .iter()
            .filter_map(|s| self.cite_at(s.get_ref(), b.span(s)))
            .collect();
        super::citations::marks_html(&marks)
    }

    fn quote_block(&mut self, b: &Block) -> Option<String> {
        let q: QuoteBlock = self.parse_body(b)?;
        let text = self.required_inline("text", &q.text, b)?;
        let note = q
            .note
            .as_ref()
            .map(|n| self.inline_html(n.get_ref(), b.span(n)));
        let by = q.by.as_ref().map(|s| s.get_ref().trim().to_string());
        let cite = self.sources_html(&q.sources, b);
        let view = json!({ "text": text, "by": by, "cite": cite, "note": note });
        self.draw("quote", &view, b.fence.clone())
    }

    fn numbers_block(&mut self, b: &Block) -> Option<String> {
        let n: NumbersBlock = self.parse_body(b)?;
        if n.number.is_empty() {
            self.diags.push(
                Diagnostic::error(Class::Content, "a numbers block without numbers")
                    .with_hint("add [[number]] with value = \"…\" and label = \"…\""),
                b.fence.clone(),
            );
            return None;
        }
        let mut numbers = vec![];
        for item in &n.number {
            let value = self.number_value(item, b);
            let label = self.required_text("label", &item.label, b);
            let cite = self.number_sources(item, b);
            let note = item
                .note
                .as_ref()
                .map(|s| self.inline_html(s.get_ref(), b.span(s)));
            numbers.push(json!({ "value": value?, "label": label?, "cite": cite, "note": note }));
        }
        self.draw("numbers", &json!({ "numbers": numbers }), b.fence.clone())
    }

    fn embed_block(&mut self, b: &Block) -> Option<String> {
        let e: EmbedBlock = self.parse_body(b)?;
        let title = self.required_text("title", &e.title, b);
        let Some(target) = super::embeds::EmbedTarget::parse(e.url.get_ref().trim()) else {
            self.diags.push(
                Diagnostic::error(Class::Content, "an embed needs an https:// address")
                    .with_hint("write the page's full address, e.g. url = \"https://www.youtube.com/watch?v=…\""),
                b.span(&e.url),
            );
            return None;
        };
        let poster = match &e.poster {
            Some(p) => Some(self.image_view(p.get_ref(), b.span(p))?),
            None => None,
        };
        let view = json!({
            "url": e.url.get_ref().trim(),
            "title": title?,
            "host": target.host,
            "frame": target.frame,
            "poster": poster,
            "script": format!("{}{}", self.page.root, crate::model::urls::EMBED_SCRIPT),
        });
        self.draw("embed", &view, b.fence.clone())
    }

    /// A required text field, trimmed and with smart punctuation; empty is an error at it.
    pub(super) fn required_text(
        &mut self,
        field: &str,
        v: &Spanned<String>,
        b: &Block,
    ) -> Option<String> {
        let t = v.get_ref().trim();
        if t.is_empty() {
            let hint = if field == "alt" {
                "describe what the image shows, for readers who cannot see it".to_string()
            } else {
                format!("write the {field} between the quotes")
            };
            self.diags.push(
                Diagnostic::error(Class::Content, format!("`{field}` is empty")).with_hint(hint),
                b.span(v),
            );
            return None;
        }
        // Shown as written prose (a chart's title, a map's, an image's alt): the same
        // typography as the body around it and the frontmatter (issue 16, point 2).
        Some(crate::parse::punctuation::smart_punctuation(t))
    }

    fn required_inline(&mut self, field: &str, v: &Spanned<String>, b: &Block) -> Option<String> {
        self.required_text(field, v, b)?;
        Some(self.inline_html(v.get_ref(), b.span(v)))
    }
}

/// `<p>text</p>\n` → `text`: a caption is one paragraph, shown inline.
fn unwrap_paragraph(html: String) -> String {
    match html
        .strip_prefix("<p>")
        .and_then(|h| h.strip_suffix("</p>\n"))
    {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => html,
    }
}
