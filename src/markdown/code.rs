//! Code blocks: the text of a fenced or indented block is buffered and, at its end,
//! emitted as one `Event::Html` of highlighted (or plain) code, as cobalt's
//! `DecoratedParser` does. An unknown fence language is a warning at the fence's line.
//! A fence named after a component (`figure`, `quote`…) is one: see `components`.

use pulldown_cmark::{CodeBlockKind, CowStr, Event, TagEnd};

use super::adapter::BodyAdapter;
use super::highlight::{self, Highlighted};
use crate::diag::Diagnostic;
use crate::parse::components::is_component;

/// A code block being read.
pub(super) struct CodeBuf {
    /// The fence's first word (`""` for an indented block).
    pub(super) lang: String,
    /// Where the block starts in the markdown, for the warning's position.
    pub(super) start: usize,
    pub(super) src: String,
}

impl<'a> BodyAdapter<'_, 'a> {
    pub(super) fn start_code_block(&mut self, kind: CodeBlockKind<'a>, start: usize) {
        let lang = match kind {
            CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or("").to_string(),
            CodeBlockKind::Indented => String::new(),
        };
        self.code = Some(CodeBuf {
            lang,
            start,
            src: String::new(),
        });
    }

    /// An event inside a code block: its text is kept, its end writes the block, and
    /// nothing else can occur there.
    pub(super) fn code_block_event(&mut self, event: Event<'a>, _range: std::ops::Range<usize>) {
        match event {
            Event::Text(t) => {
                if let Some(code) = self.code.as_mut() {
                    code.src.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some(code) = self.code.take() {
                    let html = if is_component(&code.lang) {
                        self.component_html(&code)
                    } else {
                        self.code_block_html(&code)
                    };
                    self.out.push(Event::Html(CowStr::from(html)));
                }
            }
            _ => {}
        }
    }

    fn code_block_html(&mut self, code: &CodeBuf) -> String {
        let CodeBuf { lang, start, src } = code;
        if highlight::is_plain(lang) {
            return highlight::plain_block(lang, src);
        }
        match highlight::highlight(lang, src) {
            Highlighted::Html(h) => h,
            Highlighted::UnknownLanguage => {
                let line_end = self.md[*start..]
                    .find('\n')
                    .map_or(self.md.len(), |i| start + i);
                let span = self.at(*start..line_end);
                self.diags.push(
                    Diagnostic::warning(format!(
                        "unknown code language `{lang}`; the block is shown without highlighting"
                    ))
                    .with_hint(
                        "use a language name such as rust, python, json, bash, html, or `text`",
                    ),
                    span,
                );
                highlight::plain_block(lang, src)
            }
        }
    }
}
