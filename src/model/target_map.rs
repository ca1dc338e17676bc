//! The `@/` link targets of a site: which content file each key (`background/x.md`)
//! names, its URL, and the heading ids its `#fragment`s may name. Built once by the model;
//! the types are in `targets`, the URLs come from `urls`, which owns the layout.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use rayon::prelude::*;

use crate::parse::body;
use crate::parse::frontmatter::{BackgroundMeta, EventMeta, ExplainerMeta, TermMeta};
use crate::read::{Kind, SiteInput};

use super::targets::{LinkTarget, Mentioned};
use super::{urls, Doc};

/// The pages of `anchored` that `body` links to with a `#fragment` (`@/file.md#id`), in
/// order of the links.
///
/// One pass over the body, however it is written: the end of a link's file name (a `#`,
/// or the end of the word: space, newline, `)`, `>`, `"`) is searched for only past the
/// previous one, so a word of 500,000 `@/` costs one scan, not 500,000.
fn fragment_links<'a>(body: &str, anchored: &'a BTreeSet<String>) -> Vec<&'a str> {
    let bytes = body.as_bytes();
    let is_stop = |b: u8| matches!(b, b'#' | b')' | b' ' | b'\n' | b'>' | b'"');
    let mut wanted = vec![];
    // The first stop byte at or after the last file name's start.
    let mut stop = 0;
    // `@` by memchr, then its `/`: a `"@/"` pattern ran a two-way search over every
    // byte of every body (2% of a build).
    let starts = body.match_indices('@').map(|(i, _)| i);
    for i in starts.filter(|&i| bytes.get(i + 1) == Some(&b'/')) {
        let file_start = i + 2;
        if stop < file_start {
            stop = bytes[file_start..]
                .iter()
                .position(|&b| is_stop(b))
                .map_or(bytes.len(), |n| file_start + n);
        }
        if bytes.get(stop) == Some(&b'#') {
            if let Some(key) = anchored.get(&body[file_start..stop]) {
                wanted.push(key.as_str());
            }
        }
    }
    wanted
}

/// Where each content file can be linked, and which `#fragment`s it accepts: every `@/`
/// link target of the site, the files whose frontmatter failed included. Heading ids
/// are computed only for pages that some `@/…#fragment` link actually targets.
pub(super) fn link_targets(
    input: &SiteInput,
    explainer: &Doc<ExplainerMeta>,
    background: &[Doc<BackgroundMeta>],
    events: &[Doc<EventMeta>],
    terms: &[Doc<TermMeta>],
    drafts: &[String],
    timeline: urls::TimelineLayout,
) -> BTreeMap<String, LinkTarget> {
    // Only the explainer and background pages have headings to link to.
    let anchored: BTreeSet<String> = std::iter::once(urls::EXPLAINER_KEY.to_string())
        .chain(
            background
                .iter()
                .map(|d| urls::background_key(&file_name(&d.file))),
        )
        .collect();
    let bodies: Vec<&str> = std::iter::once(explainer.body())
        .chain(background.iter().map(Doc::body))
        .chain(events.iter().map(Doc::body))
        .chain(terms.iter().map(Doc::body))
        .collect();
    let wanted = linked_with_fragment(&bodies, &anchored);
    let anchors_of = |key: &str, body: &str| wanted.contains(key).then(|| body::heading_ids(body));

    let mut map = BTreeMap::new();
    map.insert(
        urls::EXPLAINER_KEY.to_string(),
        LinkTarget {
            url: urls::EXPLAINER.into(),
            anchors: Some(anchors_of(urls::EXPLAINER_KEY, explainer.body()).unwrap_or_default()),
            mention: None,
            unreadable: false,
            draft: false,
        },
    );
    insert_background(&mut map, background, &anchors_of);
    insert_entries(&mut map, events, terms, timeline);
    insert_drafts(&mut map, drafts);
    insert_unreadable(&mut map, input, background, events, terms);
    map
}

/// Which pages of `anchored` are linked with a `#fragment`: only those need their heading
/// ids, a markdown parse each. Bodies are scanned in parallel.
fn linked_with_fragment<'a>(bodies: &[&str], anchored: &'a BTreeSet<String>) -> BTreeSet<&'a str> {
    bodies
        .par_iter()
        .map(|body| fragment_links(body, anchored))
        .flatten()
        .collect()
}

/// The background pages, with the heading ids of those linked with a fragment (parsed in
/// parallel).
fn insert_background(
    map: &mut BTreeMap<String, LinkTarget>,
    background: &[Doc<BackgroundMeta>],
    anchors_of: &(impl Fn(&str, &str) -> Option<BTreeSet<String>> + Sync),
) {
    let background_anchors: Vec<Option<BTreeSet<String>>> = background
        .par_iter()
        .map(|d| anchors_of(&urls::background_key(&file_name(&d.file)), d.body()))
        .collect();
    for (d, anchors) in background.iter().zip(background_anchors) {
        let key = urls::background_key(&file_name(&d.file));
        let anchors = Some(anchors.unwrap_or_default());
        map.insert(
            key,
            LinkTarget {
                url: urls::background(&d.slug),
                anchors,
                mention: None,
                unreadable: false,
                draft: false,
            },
        );
    }
}

/// Events and terms: entries of one page each, which take no fragment and count a link
/// as a mention.
fn insert_entries(
    map: &mut BTreeMap<String, LinkTarget>,
    events: &[Doc<EventMeta>],
    terms: &[Doc<TermMeta>],
    timeline: urls::TimelineLayout,
) {
    for d in events {
        map.insert(
            urls::event_key(&file_name(&d.file)),
            LinkTarget {
                url: urls::event(timeline, d.meta.date.year, &d.slug),
                anchors: None,
                mention: Some(Mentioned::Event(d.slug.clone())),
                unreadable: false,
                draft: false,
            },
        );
    }
    for (i, d) in terms.iter().enumerate() {
        map.insert(
            urls::term_key(&file_name(&d.file)),
            LinkTarget {
                url: urls::term(&d.slug),
                anchors: None,
                mention: Some(Mentioned::Term(i)),
                unreadable: false,
                draft: false,
            },
        );
    }
}

/// Drafts left out of the build are targets that a link may not reach (before the
/// unreadable files, which would otherwise claim them: they did not parse into docs).
fn insert_drafts(map: &mut BTreeMap<String, LinkTarget>, drafts: &[String]) {
    for key in drafts {
        map.entry(key.clone()).or_insert(LinkTarget {
            url: String::new(),
            anchors: None,
            mention: None,
            unreadable: false,
            draft: true,
        });
    }
}

/// Files whose frontmatter failed are still link targets, unchecked, so a link to them
/// is not reported as a second error.
fn insert_unreadable(
    map: &mut BTreeMap<String, LinkTarget>,
    input: &SiteInput,
    background: &[Doc<BackgroundMeta>],
    events: &[Doc<EventMeta>],
    terms: &[Doc<TermMeta>],
) {
    let parsed: BTreeSet<&Path> = background
        .iter()
        .map(|d| d.file.as_path())
        .chain(events.iter().map(|d| d.file.as_path()))
        .chain(terms.iter().map(|d| d.file.as_path()))
        .collect();
    let unreadable = input
        .files
        .iter()
        .filter(|f| matches!(f.kind, Kind::Background | Kind::Event | Kind::Term))
        .filter(|f| !parsed.contains(f.rel_path.as_path()))
        .filter_map(|f| {
            let rel = f.rel_path.strip_prefix("content").ok()?;
            Some(rel.to_string_lossy().replace('\\', "/"))
        });
    for key in unreadable {
        map.entry(key).or_insert(LinkTarget {
            url: String::new(),
            anchors: None,
            mention: None,
            unreadable: true,
            draft: false,
        });
    }
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The word-by-word scan `fragment_links` replaced: what a `#fragment` link is.
    fn fragment_links_by_word<'a>(body: &str, anchored: &'a BTreeSet<String>) -> Vec<&'a str> {
        let mut wanted = vec![];
        for word in body.split([')', ' ', '\n', '>', '"']) {
            for (i, _) in word.match_indices("@/") {
                let rest = &word[i + 2..];
                if let Some(h) = rest.find('#') {
                    if let Some(key) = anchored.get(&rest[..h]) {
                        wanted.push(key.as_str());
                    }
                }
            }
        }
        wanted
    }

    #[test]
    fn fragment_links_are_the_links_with_a_fragment_to_anchored_pages() {
        let anchored: BTreeSet<String> = ["index.md", "background/a.md", "background/b.md"]
            .map(String::from)
            .into();
        let body = "See [x](@/background/a.md#why) and [y](@/background/b.md), \
                    <@/index.md#top> \"@/background/c.md#no\" @/background/a.md@/background/b.md#z \
                    @/background/a.md\n#not-this @/@/@/ @/index.md#";
        assert_eq!(
            fragment_links(body, &anchored),
            ["background/a.md", "index.md", "background/b.md", "index.md"]
        );
        proptest::proptest!(|(body in "([ab@/#)> \"\n]|background/|index\\.md|\\.md){0,40}")| {
            proptest::prop_assert_eq!(
                fragment_links(&body, &anchored),
                fragment_links_by_word(&body, &anchored)
            );
        });
    }
}
