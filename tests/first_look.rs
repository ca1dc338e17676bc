//! What a demanding editor and reader notice in the first ten minutes (issue 16): drafts
//! that leave dead links, typography, feed titles, sources without a URL, small format
//! gaps. Each test builds a small site with the real binary and reads the output with a
//! parser, as a reader's eye would.

mod common;

use common::{sel, snapshot, Run, Site};
use scraper::{ElementRef, Html};

fn text(e: ElementRef<'_>) -> String {
    e.text().collect::<String>()
}

/// Builds `site` into `<tmp>/out` (exit 0 expected) and parses the page at `path`.
#[track_caller]
fn built_page(site: &Site, args: &[&str], path: &str) -> (Run, Html) {
    let run = site.build("out", args);
    run.assert_code(0);
    let tree = snapshot(&site.path("out"));
    let bytes = tree
        .get(path)
        .unwrap_or_else(|| panic!("{path} not written: {:?}", tree.keys()));
    (
        run,
        Html::parse_document(std::str::from_utf8(bytes).unwrap()),
    )
}

const DRAFT_TERM: &str = "+++\nterm = \"Dredging Board\"\naliases = [\"DB\"]\nkind = \"organization\"\nshort = \"Plans dredging.\"\ndraft = true\n+++\nNot yet written.\n";

// See: issue 16, point 1. Links to drafts used to become `href="#"` silently.
#[test]
fn links_to_drafts_are_errors_at_each_linking_line_in_build_and_check() {
    let s = Site::fixture("invalid/link-to-draft");
    for run in [s.build("out", &["--strict"]), s.check(&[])] {
        run.assert_code(1);
        let at: Vec<(String, String)> = run
            .errors()
            .into_iter()
            .map(|d| (d.location.unwrap_or_default(), d.message))
            .collect();
        let expected = [
            ("content/background/context.md:8:31", "`@/pages/about.md`"),
            ("content/index.md:10:18", "`@/background/plans.md`"),
            ("content/index.md:10:53", "`@/timeline/2024-02-01-vote.md`"),
            ("content/index.md:11:13", "`@/glossary/dredging.md`"),
            ("content/index.md:11:41", "`Dredging Board`"),
        ];
        assert_eq!(at.len(), expected.len(), "{}", run.stderr);
        for ((loc, msg), (want_loc, names)) in at.iter().zip(expected) {
            assert_eq!(loc, want_loc, "{}", run.stderr);
            assert!(msg.contains("draft") && msg.contains(names), "{msg}");
        }
    }
    // With the drafts in the build, the same links are fine.
    s.build("out", &["--drafts", "--strict"]).assert_code(0);
}

#[test]
fn a_draft_term_is_never_auto_linked() {
    let s = Site::explainer("The Dredging Board met; the DB agreed.\n");
    s.write("content/glossary/dredging.md", DRAFT_TERM);
    let (_, doc) = built_page(&s, &["--strict"], "index.html");
    let p = doc.select(&sel(".prose p")).next().expect("a paragraph");
    assert!(text(p).contains("The Dredging Board met"));
    assert_eq!(p.select(&sel("a")).count(), 0, "{}", p.html());
    let (_, doc) = built_page(&s, &["--drafts"], "index.html");
    let linked: Vec<String> = doc.select(&sel(".prose p a.term")).map(text).collect();
    assert_eq!(linked, ["Dredging Board"], "with --drafts the term links");
}

const TWO_SOURCES: &str = "[[source]]\nid = \"S1\"\ntitle = \"The coalition's report\"\npublisher = \"Port Office\"\nurl = \"https://example.org/one\"\n\n[[source]]\nid = \"S2\"\ntitle = \"Minutes\"\nurl = \"https://example.org/two\"\n";

/// An explainer whose title, summary and update use straight quotes, citing S2 before
/// S1, S1 three times, in two sections.
fn typography_site() -> Site {
    let index = "+++\ntitle = \"The coalition's end\"\nsummary = \"What \\\"ending\\\" means -- and what it doesn't.\"\npublished = 2024-01-27\n\
                 [[updates]]\ndate = 2024-02-01\nkind = \"update\"\nsummary = \"Added the vote.\"\n\
                 [[updates]]\ndate = 2024-03-01\nkind = \"correction\"\nsummary = \"Fixed a date.\"\n+++\n\
                 First claim [@S2] and a second\n[@S1; @S2].\n\nAgain [@S1].\n\n## Next part\n\nLast [@S1].\n";
    Site::inline(&[
        ("dossier.toml", "title = \"Test site\"\nlanguage = \"en\"\n"),
        ("content/index.md", index),
        ("content/sources.toml", TWO_SOURCES),
    ])
}

// See: issue 16, point 2.
#[test]
fn citation_marks_hold_to_their_word_and_clusters_are_sorted() {
    let s = typography_site();
    let (_, doc) = built_page(&s, &[], "index.html");
    let marks: Vec<ElementRef<'_>> = doc.select(&sel(".prose sup.cite")).collect();
    assert_eq!(marks.len(), 4);
    for m in &marks {
        let before = m
            .prev_sibling()
            .and_then(|n| n.value().as_text().map(|t| t.to_string()));
        let before = before.unwrap_or_default();
        assert!(
            !before.ends_with(char::is_whitespace) && !before.is_empty(),
            "a space or break before the mark lets it wrap away from {before:?}"
        );
    }
    let numbers: Vec<Vec<String>> = marks
        .iter()
        .map(|m| {
            m.select(&sel("a"))
                .map(|a| a.attr("href").unwrap().to_string())
                .collect()
        })
        .collect();
    assert_eq!(
        numbers[1],
        ["#ref_1", "#ref_2"],
        "[@S1; @S2] after S2 was [1]: sorted"
    );
    assert_eq!(text(marks[1]), "[1, 2]");
    let names: Vec<&str> = marks[1]
        .select(&sel("a"))
        .filter_map(|a| a.attr("aria-label"))
        .collect();
    assert_eq!(names, ["Source 1", "Source 2"], "what a screen reader says");
}

#[test]
fn frontmatter_text_gets_smart_punctuation() {
    let s = typography_site();
    let (_, doc) = built_page(&s, &[], "index.html");
    let h1 = doc.select(&sel("h1")).next().map(text).unwrap();
    assert_eq!(h1, "The coalition’s end");
    let dek = doc.select(&sel(".dek")).next().map(text).unwrap();
    assert_eq!(dek, "What “ending” means – and what it doesn’t.");
    let title = doc.select(&sel("title")).next().map(text).unwrap();
    assert!(title.starts_with("The coalition’s end"), "{title}");
    let source = doc
        .select(&sel("#ref_2 .ref-title"))
        .next()
        .map(text)
        .unwrap();
    assert_eq!(source, "The coalition’s report");
}

#[test]
fn back_links_are_lettered_and_say_where_they_go() {
    let s = typography_site();
    let (_, doc) = built_page(&s, &[], "index.html");
    // S2 is cited first (number 1), S1 three times (number 2).
    let li = doc.select(&sel("#ref_2")).next().expect("source 2 listed");
    let links: Vec<ElementRef<'_>> = li.select(&sel(".backrefs a")).collect();
    let visible: Vec<String> = links
        .iter()
        .map(|a| a.text().next().unwrap_or_default().to_string())
        .collect();
    assert_eq!(visible, ["a", "b", "c"]);
    // What a screen reader says on each link: its letter, described by where it goes
    // (written once per section, and pointed at by every link of that section).
    let described = |a: &ElementRef<'_>| {
        let id = a
            .attr("aria-describedby")
            .expect("a back-link is described");
        doc.select(&sel(&format!("[id='{id}']")))
            .next()
            .map(text)
            .expect("the description exists")
    };
    let last = described(&links[2]);
    assert_eq!(last, "In “Next part”:");
    assert_eq!(links[2].attr("href"), Some("#cite_2_3"));
    let first = described(&links[0]);
    assert!(
        first.contains("source 2") && !first.contains('“'),
        "before the first heading: no section to name: {first}"
    );
}

/// The text of the elements `ids` (space-separated) name, joined by spaces: what an
/// `aria-labelledby` or `aria-describedby` makes a screen reader say.
fn referenced_text(doc: &Html, ids: &str) -> String {
    ids.split(' ')
        .map(|id| {
            doc.select(&sel(&format!("[id='{id}']")))
                .next()
                .map(text)
                .unwrap_or_else(|| panic!("no element `{id}`"))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

// See: issue 16, point 4. The timeline's permalinks and back-links named their event by
// repeating its title in hidden text, a tenth of the Arabic timeline's bytes: they point
// at the event's heading instead, and a screen reader still says the same.
#[test]
fn timeline_permalinks_and_back_links_name_their_event_by_its_heading() {
    let event = |title: &str, date: &str, body: &str| {
        format!("+++\ntitle = \"{title}\"\ndate = \"{date}\"\n+++\n{body}\n")
    };
    let s = Site::inline(&[
        ("dossier.toml", "title = \"Test site\"\nlanguage = \"en\"\n"),
        (
            "content/index.md",
            "+++\ntitle = \"Home\"\nsummary = \"S.\"\npublished = 2024-01-27\n+++\nText.\n",
        ),
        ("content/sources.toml", TWO_SOURCES),
        (
            "content/timeline/2024-01-27-talks.md",
            &event(
                "Talks begin",
                "2024-01-27",
                "Agreed [@S1], then [@S1; @S2].",
            ),
        ),
        (
            "content/timeline/2024-02-10-vote.md",
            &event("Parliament votes", "2024-02-10", "Voted [@S1]."),
        ),
    ]);
    let (_, doc) = built_page(&s, &[], "timeline/index.html");
    let permalink = doc
        .select(&sel("[id='2024-02-10-vote'] a.permalink"))
        .next()
        .expect("a permalink");
    assert_eq!(permalink.attr("href"), Some("#2024-02-10-vote"));
    let named_by = permalink
        .attr("aria-labelledby")
        .expect("a named permalink");
    assert_eq!(
        referenced_text(&doc, named_by),
        "Link to this event: Parliament votes"
    );
    // S1, cited twice in the first event and once in the second.
    let links: Vec<ElementRef<'_>> = doc.select(&sel("#ref_1 .backrefs a")).collect();
    let heard: Vec<(String, String)> = links
        .iter()
        .map(|a| {
            let described = a.attr("aria-describedby").expect("a described back-link");
            (text(*a), referenced_text(&doc, described))
        })
        .collect();
    assert_eq!(
        heard,
        [
            ("a".into(), "In Talks begin".into()),
            ("b".into(), "In Talks begin".into()),
            ("c".into(), "In Parliament votes".into())
        ]
    );
    // S2's one back-link: where it goes in its name, in which event in its description.
    let single = doc.select(&sel("#ref_2 a.backref")).next().unwrap();
    // Its name is its label (the arrow is what an eye sees, not what an ear hears).
    assert_eq!(
        single.attr("aria-label"),
        Some("Back to where source 2 is cited")
    );
    assert_eq!(text(single), "↩");
    let described = single.attr("aria-describedby").unwrap();
    assert_eq!(referenced_text(&doc, described), "In Talks begin");
    assert_eq!(doc.select(&sel("[id='d_in']")).count(), 1);
}

#[test]
fn the_updates_log_is_not_a_numbered_list() {
    let s = typography_site();
    let (_, doc) = built_page(&s, &[], "index.html");
    assert_eq!(
        doc.select(&sel(".updates ol")).count(),
        0,
        "an <ol> counts newest as 1"
    );
    let dates: Vec<String> = doc
        .select(&sel(".updates ul li time"))
        .filter_map(|t| t.attr("datetime").map(String::from))
        .collect();
    assert_eq!(dates, ["2024-03-01", "2024-02-01"], "newest first");
}

#[test]
fn search_text_has_no_space_where_a_citation_was() {
    let s = typography_site();
    built_page(&s, &[], "index.html");
    // The index's name carries a content hash (issue 19): find it.
    let name = std::fs::read_dir(s.path("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .find(|n| n.starts_with("search-index.") && n.ends_with(".js"))
        .expect("a search index in the output");
    let index = std::fs::read_to_string(s.path("out").join(name)).unwrap();
    assert!(index.contains("First claim and a second."), "{index}");
    assert!(index.contains("Last."));
    assert!(!index.contains("claim ."));
}

/// The text of each `<tag>` inside each `<entry>` of an Atom feed, in order (the
/// feed's own bytes are plain: no CDATA, no nested tags of the same name).
fn feed_entries(feed: &str, tag: &str) -> Vec<String> {
    feed.split("<entry>")
        .skip(1)
        .filter_map(|e| {
            let start = e.find(&format!("<{tag}>"))? + tag.len() + 2;
            let end = e.find(&format!("</{tag}>"))?;
            Some(e[start..end].to_string())
        })
        .collect()
}

// See: issue 16, point 6: six entries all titled with the explainer's headline.
#[test]
fn each_feed_entry_title_says_what_changed() {
    let s = typography_site();
    built_page(
        &s,
        &["--base-url", "https://example.org/port/"],
        "index.html",
    );
    let feed = std::fs::read_to_string(s.path("out/atom.xml")).unwrap();
    assert_eq!(
        feed_entries(&feed, "title"),
        ["Correction: Fixed a date.", "Added the vote."]
    );
    assert_eq!(
        feed_entries(&feed, "summary"),
        [
            "Correction to “The coalition’s end”: Fixed a date.",
            "Update to “The coalition’s end”: Added the vote."
        ]
    );
}

// See: issue 16, point 7: an interview or a print edition has no URL to give.
#[test]
fn a_source_without_url_shows_what_identifies_it() {
    let s = Site::explainer("The mayor said so [@S1], and the paper agreed [@S2].\n");
    s.write(
        "content/sources.toml",
        "[[source]]\nid = \"S1\"\ntitle = \"Interview with the mayor\"\npublisher = \"Our reporter\"\ndate = 2024-01-20\n\n\
         [[source]]\nid = \"S2\"\ntitle = \"Port report\"\nurl = \"https://example.org/port\"\n",
    );
    let (run, doc) = built_page(&s, &["--strict"], "index.html");
    assert!(run.warnings().is_empty(), "{}", run.stderr);
    let li = doc
        .select(&sel("#ref_1"))
        .next()
        .expect("the interview is listed");
    assert_eq!(
        li.select(&sel("a.ref-title, .ref-url")).count(),
        0,
        "{}",
        li.html()
    );
    let shown = text(li);
    for part in [
        "Interview with the mayor",
        "Our reporter",
        "20 January 2024",
    ] {
        assert!(shown.contains(part), "{part} missing from {shown:?}");
    }
    let web = doc
        .select(&sel("#ref_2 a.ref-title"))
        .next()
        .expect("a linked title");
    assert_eq!(web.attr("href"), Some("https://example.org/port"));
    // An address that is written must still be a web address.
    s.write(
        "content/sources.toml",
        "[[source]]\nid = \"S1\"\ntitle = \"T\"\nurl = \"print edition\"\n\n[[source]]\nid = \"S2\"\ntitle = \"U\"\n",
    );
    let run = s.build("out", &[]);
    run.assert_code(1);
    assert_eq!(
        run.errors()[0].location.as_deref(),
        Some("content/sources.toml:4:7")
    );
}

// See: issue 16, point 10: with `display_date`, the end date had no `<time>` at all.
#[test]
fn an_end_date_keeps_its_time_element_under_a_display_date() {
    let s = Site::explainer("Body.\n");
    s.write(
        "content/timeline/talks.md",
        "+++\ntitle = \"Talks\"\ndate = 2024-01-27\nend_date = 2024-02-03\ndisplay_date = \"Late January 2024\"\n+++\nThey talked.\n",
    );
    let (_, doc) = built_page(&s, &[], "timeline/index.html");
    let meta = doc
        .select(&sel("#talks .event-meta"))
        .next()
        .expect("the event");
    let times: Vec<&str> = meta
        .select(&sel("time"))
        .filter_map(|t| t.attr("datetime"))
        .collect();
    assert_eq!(times, ["2024-01-27", "2024-02-03"]);
    assert!(
        text(meta).starts_with("Late January 2024"),
        "{}",
        text(meta)
    );
}

// See: issue 16, point 5: a long timeline needs its key events first.
#[test]
fn key_events_are_listed_at_the_top_of_the_timeline() {
    let s = Site::explainer("Body.\n");
    let event = |title: &str, date: &str, key: bool| {
        format!("+++\ntitle = \"{title}\"\ndate = {date}\nkey = {key}\nsources = []\n+++\nText.\n")
    };
    s.write("content/timeline/a.md", event("First", "2020-01-02", false));
    s.write(
        "content/timeline/b.md",
        event("Turning point", "2021-03-04", true),
    );
    s.write("content/timeline/c.md", event("Later", "\"2022\"", false));
    let (_, doc) = built_page(&s, &[], "timeline/index.html");
    let section = doc
        .select(&sel("section.key-events"))
        .next()
        .expect("a key events list");
    let heading = section.select(&sel("h2")).next().map(text).unwrap();
    assert_eq!(heading, "Key events");
    let items: Vec<(String, String)> = section
        .select(&sel("li a"))
        .map(|a| (a.attr("href").unwrap().to_string(), text(a)))
        .collect();
    assert_eq!(
        items,
        [("#b".to_string(), "4 March 2021 Turning point".to_string())]
    );
    // Without key events there is no empty box.
    s.write(
        "content/timeline/b.md",
        event("Turning point", "2021-03-04", false),
    );
    let (_, doc) = built_page(&s, &[], "timeline/index.html");
    assert_eq!(doc.select(&sel(".key-events")).count(), 0);
}

// See: issue 16, point 3: a wide table scrolled the whole block, losing table semantics.
#[test]
fn a_table_scrolls_in_its_own_named_region() {
    let s = Site::explainer(
        "| Year | Troops |\n|---|---|\n| 2024 | 2,500 |\n\nAnd another:\n\n| A |\n|---|\n| b |\n",
    );
    let (_, doc) = built_page(&s, &[], "index.html");
    let regions: Vec<ElementRef<'_>> = doc.select(&sel(".prose .table-scroll")).collect();
    assert_eq!(regions.len(), 2);
    for (i, r) in regions.iter().enumerate() {
        assert_eq!(r.attr("role"), Some("region"));
        assert_eq!(r.attr("tabindex"), Some("0"), "a keyboard can scroll it");
        assert_eq!(
            r.attr("aria-label"),
            Some(format!("Table {}", i + 1).as_str())
        );
        assert_eq!(r.select(&sel(":scope > table")).count(), 1);
    }
}

// See: issue 16, point 3: each entry showed `short` and then the body saying it again.
#[test]
fn the_glossary_says_a_definition_once() {
    let s = Site::explainer("Body.\n");
    let term = |name: &str, short: &str, body: &str| {
        format!("+++\nterm = \"{name}\"\nkind = \"organization\"\nshort = \"{short}\"\n+++\n{body}")
    };
    s.write(
        "content/glossary/port-board.md",
        term(
            "Port Board",
            "The body that runs the port.",
            "The body that runs the port, set up in 1900.\n",
        ),
    );
    s.write(
        "content/glossary/quay.md",
        term("Quay", "A landing place for ships.", ""),
    );
    let (_, doc) = built_page(&s, &[], "glossary/index.html");
    let entry = |id: &str| {
        doc.select(&sel(&format!("#{id}")))
            .next()
            .map(text)
            .unwrap()
    };
    let board = entry("port-board");
    assert_eq!(
        board.matches("The body that runs the port").count(),
        1,
        "{board}"
    );
    // A term with no body shows its short definition, once.
    assert_eq!(
        entry("quay").matches("A landing place for ships.").count(),
        1
    );
}

// See: issue 16, point 3. Tables scroll in a focusable, named region and keep a caption
// written as a `Table:` paragraph directly before them (Pandoc's syntax).
#[test]
fn tables_scroll_in_a_named_region_and_take_a_table_caption_paragraph() {
    let site = Site::explainer(
        "## Counts\n\nTable: Attacks *by month*\n\n| Month | Attacks |\n|---|---:|\n| Nov | 55 |\n\nA table without one:\n\n| Month | Injured |\n|---|---:|\n| Dec | 66 |\n",
    );
    let (_, page) = built_page(&site, &["--strict"], "index.html");
    let regions: Vec<String> = page
        .select(&sel(".prose .table-scroll"))
        .map(|r| r.html())
        .collect();
    insta::assert_snapshot!(regions.join("\n"));
}
