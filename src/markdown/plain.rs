//! The text of a body without markup, citations, footnote definitions or code, for
//! descriptions in metadata and exports. Its own parse, since callers need it for pages
//! that are not rendered (and before they are).

use pulldown_cmark::{BrokenLink, CowStr, Event, LinkType, Parser, Tag, TagEnd};

use super::citations::parse_citation;
use crate::parse::body::options;

/// The text of a body without markup, citations or footnote definitions, for
/// descriptions in metadata and exports (one space between blocks).
pub fn plain_text(md: &str) -> String {
    let mut callback = |link: BrokenLink<'_>| {
        (link.link_type == LinkType::Shortcut && parse_citation(&link.reference).is_some())
            .then(|| (CowStr::from("cite:"), CowStr::from("")))
    };
    let mut out = String::with_capacity(md.len());
    let mut skip = 0usize;
    for event in Parser::new_with_broken_link_callback(md, options(), Some(&mut callback)) {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) if dest_url.as_ref() == "cite:" => skip += 1,
            Event::Start(Tag::FootnoteDefinition(_)) | Event::Start(Tag::CodeBlock(_)) => skip += 1,
            Event::End(TagEnd::Link)
            | Event::End(TagEnd::FootnoteDefinition)
            | Event::End(TagEnd::CodeBlock)
                if skip > 0 =>
            {
                skip -= 1
            }
            Event::Text(t) | Event::Code(t) if skip == 0 => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak if skip == 0 => out.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => out.push(' '),
            _ => {}
        }
    }
    let words: Vec<&str> = out.split_whitespace().collect();
    words.join(" ").replace(" .", ".").replace(" ,", ",")
}
