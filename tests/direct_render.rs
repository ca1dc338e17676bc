//! Background pages are written without Tera when the site keeps the built-in templates
//! (issue 20, `render::direct`): the bytes must be Tera's. A page with everything the
//! templates print (updates of every kind, a credited figure, sources cited once and
//! many times across sections, a two-level contents list, markup characters in its
//! title and summary, social tags, a feed, a publisher, footer pages) is built as it is,
//! then with a `background.html` that Tera must render (the built-in with an empty `if`
//! added, which prints nothing), and every background page compared.

mod common;

use std::fs;

use common::{repo, Site};

const PAGE: &str = r#"+++
title = "Leases & <docks> \"quoted\" 'too'"
summary = "Who pays & who <decides>."
updated = 2024-02-01

[[updates]]
date = 2024-03-15
kind = "update"
summary = "Added the <vote> & more."

[[updates]]
date = 2024-02-01
kind = "correction"
summary = "Fixed a year."

[[updates]]
date = 2024-01-05
kind = "clarification"
summary = "Said which lease."
+++
## The first lease

Signed in 1990 [@S2], renewed [@S1] and again [@S1; @S3].

![Harbour logo & "mark"](img/logo.png)

### A smaller point

Cited once more [@S1] and [@S2].

## Later & <changes>

It was renewed in 2023 [@S1].
"#;

/// A base URL gives the pages canonical links, social tags and a feed.
const BASE: &[&str] = &["--base-url", "https://example.org/harbour/"];

fn background_pages(out: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut pages = vec![];
    for entry in fs::read_dir(out.join("background")).unwrap() {
        let dir = entry.unwrap().path();
        let page = dir.join("index.html");
        if page.is_file() {
            pages.push((page.display().to_string(), fs::read(&page).unwrap()));
        }
    }
    pages.sort();
    pages
}

#[test]
fn direct_background_pages_match_tera() {
    let site = Site::fixture("valid");
    site.write("content/background/leases.md", PAGE);
    // The line under a page's title: further sources beside a text that cites, the
    // page's sources when its text cites none.
    site.write(
        "content/background/further.md",
        "+++\ntitle = \"Further\"\nsummary = \"More.\"\nsources = [\"S1\", \"S3\"]\n+++\nSigned [@S1].\n",
    );
    site.write(
        "content/background/listed.md",
        "+++\ntitle = \"Listed\"\nsummary = \"Only listed.\"\nsources = [\"S2\"]\n+++\nNo citation here.\n",
    );
    site.write(
        "content/pages/about.md",
        "+++\ntitle = \"About & us\"\nsummary = \"Who.\"\n+++\nA desk.\n",
    );
    site.build("direct", BASE).assert_code(0);
    let builtin = fs::read_to_string(repo().join("templates/background.html")).unwrap();
    let forced = builtin.replacen(
        "{% block content %}",
        "{% block content %}{% if false %}{% endif %}",
        1,
    );
    assert_ne!(builtin, forced);
    site.write("templates/background.html", forced);
    site.build("tera", BASE).assert_code(0);
    let direct = background_pages(&site.path("direct"));
    let tera = background_pages(&site.path("tera"));
    assert!(direct.len() >= 3, "{} background pages", direct.len());
    assert_eq!(direct.len(), tera.len());
    for ((name, d), (_, t)) in direct.iter().zip(&tera) {
        assert!(
            d == t,
            "{name} differs:\n--- direct\n{}\n--- tera\n{}",
            String::from_utf8_lossy(d),
            String::from_utf8_lossy(t)
        );
    }
    let leases =
        String::from_utf8_lossy(&direct.iter().find(|(n, _)| n.contains("leases")).unwrap().1)
            .to_string();
    let page = |name: &str| {
        String::from_utf8_lossy(&direct.iter().find(|(n, _)| n.contains(name)).unwrap().1)
            .to_string()
    };
    assert!(page("further").contains("<span class=\"marks-label\">Further sources:</span>"));
    assert!(page("listed").contains("<span class=\"marks-label\">Sources:</span>"));
    for part in [
        "class=\"updates\"",
        "class=\"credits\"",
        "class=\"backref\"",
        "class=\"backrefs\"",
        "og:image",
        "<ul>\n<li>",
    ] {
        assert!(leases.contains(part), "the test page shows no {part}");
    }
}
