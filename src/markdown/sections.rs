//! The plain text of a markdown body, cut into the sections a reader sees, for the index.
//!
//! It walks the same pulldown-cmark events with the same options as `markdown::to_html`,
//! so its sections line up one to one with the rendered headings (and their ids, taken
//! from the page's table of contents). What a reader does not read as prose is left out:
//! citation marks, footnote numbers, raw HTML and fenced code.

use pulldown_cmark::{Event, LinkType, Parser, Tag, TagEnd};

use super::citations::citation_as_link;
use crate::markdown::{self, TocEntry};
use crate::parse::body::options;

/// A stretch of a body: the text before the first heading (`heading: None`), or a
/// heading of level 1–3 and what follows it up to the next one. Deeper headings stay in
/// their section's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlainSection {
    pub heading: Option<String>,
    pub text: String,
}

/// Splits a body at its level 1–3 headings (the ones in a page's table of contents).
pub fn sections(md: &str) -> Vec<PlainSection> {
    let parser = Parser::new_with_broken_link_callback(md, options(), Some(citation_as_link));
    let mut c = SectionCollector::default();
    for event in parser {
        c.feed(&event);
    }
    c.finish()
}

/// [`sections`] fed one event at a time, so `markdown::to_html` can collect them in the
/// parse it already makes (the events of a parser with the same options and the same
/// broken-link callback; adjacent text events may come merged).
pub struct SectionCollector {
    /// The sections so far; the last one's text is in `open` until the section closes.
    out: Vec<PlainSection>,
    /// The open section's text. One buffer for all of a page's sections, each copied out
    /// at its exact size when it closes: growing every section's own string by doubling
    /// (and shrinking it after) copied each text about three times.
    open: String,
    heading: Option<(bool, String)>,
    skip_link: bool,
    in_code_block: bool,
}

impl Default for SectionCollector {
    fn default() -> Self {
        SectionCollector {
            out: vec![PlainSection {
                heading: None,
                text: String::new(),
            }],
            open: String::new(),
            heading: None,
            skip_link: false,
            in_code_block: false,
        }
    }
}

impl SectionCollector {
    pub fn feed(&mut self, event: &Event<'_>) {
        if self.skip_link {
            self.skip_link = !matches!(event, Event::End(TagEnd::Link));
            return;
        }
        if self.in_code_block {
            self.in_code_block = !matches!(event, Event::End(TagEnd::CodeBlock));
            return;
        }
        match event {
            Event::Start(Tag::Heading { level, .. }) => self.start_heading(*level as usize <= 3),
            Event::End(TagEnd::Heading(_)) => self.end_heading(),
            Event::Start(Tag::CodeBlock(_)) => {
                self.in_code_block = true;
                space(self.current());
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => self.start_link(*link_type, dest_url),
            Event::Text(t) | Event::Code(t) => self.push_text(t),
            Event::SoftBreak | Event::HardBreak | Event::Rule => space(self.current()),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::BlockQuote(_)
                | TagEnd::DefinitionListTitle
                | TagEnd::DefinitionListDefinition
                | TagEnd::FootnoteDefinition,
            ) => space(self.current()),
            _ => {}
        }
    }

    /// Where text goes now: the open heading's, or the last section's.
    fn current(&mut self) -> &mut String {
        match self.heading.as_mut() {
            Some((_, h)) => h,
            None => &mut self.open,
        }
    }

    /// Ends the open section: its text, without the space left for a next word, goes
    /// into the last section at its exact size.
    fn close_section(&mut self) {
        let text = self.open.strip_suffix(' ').unwrap_or(&self.open);
        self.out.last_mut().expect("starts with one section").text = text.to_owned();
        self.open.clear();
    }

    /// A heading's text is kept as written; a section's is collapsed as it comes.
    fn push_text(&mut self, t: &str) {
        if let Some((_, h)) = self.heading.as_mut() {
            h.push_str(t);
        } else {
            push_collapsed(self.current(), t);
        }
    }

    /// `top`: a heading of level 1–3, which opens a section; a deeper one stays in the
    /// text of its section.
    fn start_heading(&mut self, top: bool) {
        if !top {
            space(self.current());
        }
        self.heading = Some((top, String::new()));
    }

    fn end_heading(&mut self) {
        let Some((top, h)) = self.heading.take() else {
            return;
        };
        let h = h.trim().to_string();
        if top {
            self.close_section();
            self.out.push(PlainSection {
                heading: Some(h),
                text: String::new(),
            });
        } else {
            let text = self.current();
            push_collapsed(text, &h);
            space(text);
        }
    }

    /// A citation's text is not read as prose, and the space before it goes with it (the
    /// mark is glued to its word, so "down [@S1]." reads "down."); a forced term link
    /// without pothole text reads as the term's name.
    fn start_link(&mut self, link_type: LinkType, dest_url: &str) {
        if link_type == LinkType::ShortcutUnknown && markdown::parse_citation(dest_url).is_some() {
            let text = self.current();
            text.truncate(text.trim_end_matches(' ').len());
            self.skip_link = true;
        } else if let LinkType::WikiLink { has_pothole: false } = link_type {
            self.push_text(dest_url);
            self.skip_link = true;
        }
    }

    /// Section texts are collapsed as they are collected (one space between words, see
    /// [`push_collapsed`]); only a space after the last word is left to drop.
    pub fn finish(mut self) -> Vec<PlainSection> {
        self.close_section();
        self.out
    }
}

/// The whole body as one text (a timeline event's or a glossary entry's).
pub fn plain(md: &str) -> String {
    let parts: Vec<String> = sections(md)
        .into_iter()
        .flat_map(|s| s.heading.into_iter().chain(std::iter::once(s.text)))
        .filter(|s| !s.is_empty())
        .collect();
    parts.join(" ")
}

/// The table of contents in page order (each heading, then its subheadings).
pub fn flatten(toc: &[TocEntry]) -> Vec<&TocEntry> {
    let mut out = vec![];
    for e in toc {
        out.push(e);
        out.extend(flatten(&e.children));
    }
    out
}

fn space(text: &mut String) {
    if !text.ends_with(' ') && !text.is_empty() {
        text.push(' ');
    }
}

/// Appends `t` to a section's text with its whitespace collapsed as [`space`] does: one
/// space between words (as `str::split_whitespace` splits them), none at the start; a
/// space may be left at the end, for the next word. Runs of ASCII word bytes are copied
/// whole: this runs over every word of a site.
fn push_collapsed(out: &mut String, t: &str) {
    let bytes = t.as_bytes();
    // Most text is printable ASCII with single spaces: two passes the compiler
    // vectorises tell, and it is copied whole.
    let printable = bytes
        .iter()
        .fold(true, |ok, &b| ok & (b' '..0x7f).contains(&b));
    let doubled = bytes
        .iter()
        .zip(bytes.iter().skip(1))
        .fold(false, |d, (&a, &b)| d | ((a == b' ') & (b == b' ')));
    let space_before = out.is_empty() || out.ends_with(' ');
    if printable && !doubled && !(space_before && bytes.first() == Some(&b' ')) {
        out.push_str(t);
        return;
    }
    let mut word_start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let len = if b.is_ascii() {
            // `char::is_whitespace` of ASCII: space, and tab to carriage return.
            if b != b' ' && !(b'\t'..=b'\r').contains(&b) {
                i += 1;
                continue;
            }
            1
        } else {
            let c = t[i..].chars().next().unwrap_or('x');
            if !c.is_whitespace() {
                i += c.len_utf8();
                continue;
            }
            c.len_utf8()
        };
        out.push_str(&t[word_start..i]);
        space(out);
        i += len;
        word_start = i;
    }
    out.push_str(&t[word_start..]);
}

/// One space between words, none at the ends: [`push_collapsed`] on its own.
#[cfg(test)]
fn collapse(text: &str) -> String {
    let mut out = String::new();
    push_collapsed(&mut out, text);
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// `text` cut at a word boundary to about `max` characters, with `…` when cut.
pub fn teaser(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_string(),
        Some((i, _)) => {
            let cut = text[..i].rfind(' ').filter(|&j| j > i / 2).unwrap_or(i);
            format!("{}…", text[..cut].trim_end_matches([',', ';', ':', ' ']))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_pushed_one_by_one_collapse_like_their_concatenation() {
        proptest::proptest!(|(pieces in proptest::collection::vec("[ab \t\n\u{a0}é]{0,6}", 0..6))| {
            let mut out = String::new();
            for p in &pieces {
                push_collapsed(&mut out, p);
            }
            if out.ends_with(' ') {
                out.pop();
            }
            let all = pieces.concat();
            proptest::prop_assert_eq!(out, all.split_whitespace().collect::<Vec<_>>().join(" "));
        });
    }

    #[test]
    fn collapse_splits_words_like_split_whitespace() {
        for text in [
            "",
            " ",
            "a",
            " a  b\t\nc ",
            "x\u{a0}y\u{2003} z\u{3000}",
            "é  ü\r\x0b\x0cq",
        ] {
            assert_eq!(
                collapse(text),
                text.split_whitespace().collect::<Vec<_>>().join(" ")
            );
        }
        proptest::proptest!(|(text in "[a \t\n\r\x0b\x0c\u{a0}\u{85}\u{2028}\u{3000}é中]{0,30}")| {
            proptest::prop_assert_eq!(
                collapse(&text),
                text.split_whitespace().collect::<Vec<_>>().join(" ")
            );
        });
    }

    #[test]
    fn splits_at_toc_headings_and_drops_marks() {
        let md = "Intro with a citation [@S1] and a [link](@/x.md).\n\n\
                  # Top\n\nBody *one*.[^n]\n\n#### Deep\n\nStill one.\n\n\
                  ## Two `code`\n\n```rust\nfn hidden() {}\n```\n\n- a\n- b\n\n\
                  [[HMC]] and [[HMC|the body]]\n\n[^n]: A note.\n";
        let s = sections(md);
        assert_eq!(
            s,
            [
                PlainSection {
                    heading: None,
                    text: "Intro with a citation and a link.".into()
                },
                PlainSection {
                    heading: Some("Top".into()),
                    text: "Body one. Deep Still one.".into()
                },
                PlainSection {
                    heading: Some("Two code".into()),
                    text: "a b HMC and the body A note.".into()
                },
            ]
        );
        assert_eq!(
            plain("Just *this*.\n\n## And\n\nthat"),
            "Just this. And that"
        );
    }

    #[test]
    fn sections_match_the_rendered_table_of_contents() {
        let md = "# A\n\ntext\n\n### B\n\n## C {#custom}\n\n#### D\n\n## A\n";
        let headings: Vec<String> = sections(md).into_iter().filter_map(|s| s.heading).collect();
        let ids = crate::parse::body::heading_ids(md);
        assert_eq!(headings, ["A", "B", "C", "A"]);
        assert!(ids.contains("custom") && ids.contains("a-1"));
    }

    #[test]
    fn whitespace_collapses_to_single_spaces() {
        assert_eq!(collapse("  a \n\t b\u{a0}c  "), "a b c");
        assert_eq!(collapse(" \n "), "");
    }

    #[test]
    fn teasers_cut_at_words() {
        assert_eq!(teaser("short", 10), "short");
        assert_eq!(teaser("one two three four", 10), "one two…");
    }
}
