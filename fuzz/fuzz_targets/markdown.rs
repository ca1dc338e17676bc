//! Markdown with every Dossier extension: heading ids and the table of contents,
//! `@/` cross-references with anchors, citations, `[[term]]` links, glossary auto-links
//! (terms with aliases, apostrophes and non-ASCII names), footnotes and fenced code.
//!
//! The first byte picks the heading floor and whether the body is a term's own
//! definition; the rest is the body, rendered twice onto one page (as the timeline does)
//! behind a frontmatter block, so offsets into the file are exercised too.
#![no_main]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::LazyLock;

use dossier::markdown::{self, Body, PageState, Refs};
use dossier::model::images::Images;
use dossier::model::targets::{Glossary, LinkTarget, Mentioned, TermTarget};
use dossier_fuzz::check_diagnostics;
use libfuzzer_sys::fuzz_target;

/// The built-in templates, which draw components as a build does.
static TERA: LazyLock<tera::Tera> =
    LazyLock::new(|| dossier::render::templates(&[]).expect("built-in templates compile"));

static GLOSSARY: LazyLock<Glossary> = LazyLock::new(|| {
    let t = |slug: &str, term: &str, aliases: &[&str]| {
        let mut names = vec![term.to_string()];
        names.extend(aliases.iter().map(|a| a.to_string()));
        (
            TermTarget {
                slug: slug.into(),
                term: term.into(),
                short: format!("<b>{term}</b> \"short\""),
            },
            names,
        )
    };
    Glossary::new(vec![
        t("iraq", "Iraq", &[]),
        t(
            "iri",
            "Islamic Resistance in Iraq",
            &["IRI", "the Resistance"],
        ),
        t("kh", "Kata'ib Hezbollah", &["KH", "Kataib"]),
        t("eu", "EU", &["European Union"]),
        t("euc", "EU Council", &[]),
        t("ar", "العراق", &["Irak", "Ιράκ"]),
        t("a", "a", &["b", "_"]),
    ])
});

static PAGES: LazyLock<BTreeMap<String, LinkTarget>> = LazyLock::new(|| {
    BTreeMap::from([
        (
            "index.md".to_string(),
            LinkTarget {
                url: "index.html".into(),
                anchors: Some(BTreeSet::from(["why".to_string(), "what-next".to_string()])),
                mention: None,
                unreadable: false,
                draft: false,
            },
        ),
        (
            "background/x.md".to_string(),
            LinkTarget {
                url: "background/x/index.html".into(),
                anchors: Some(BTreeSet::new()),
                mention: None,
                unreadable: false,
                draft: false,
            },
        ),
        (
            "timeline/2024-01-27-hmc.md".to_string(),
            LinkTarget {
                url: "timeline/index.html#2024-01-27-hmc".into(),
                anchors: None,
                mention: Some(Mentioned::Event("2024-01-27-hmc".into())),
                unreadable: false,
                draft: false,
            },
        ),
    ])
});

static SOURCES: LazyLock<BTreeSet<String>> =
    LazyLock::new(|| BTreeSet::from(["S1".to_string(), "S2".to_string(), "ü-1".to_string()]));

const FRONT: &str = "+++\ntitle = \"Fuzz\"\n+++\n";

fuzz_target!(|data: &[u8]| {
    let Some((&opts, rest)) = data.split_first() else {
        return;
    };
    let Ok(md) = std::str::from_utf8(rest) else {
        return;
    };
    let text = format!("{FRONT}{md}");
    let refs = Refs {
        pages: &PAGES,
        source_ids: &SOURCES,
        sources_readable: true,
        glossary: &GLOSSARY,
        raw_html: markdown::RawHtmlPolicy::default(),
        images: &Images::default(),
        places: &dossier::model::places::Places::default(),
        components: &dossier::render::ComponentTemplates::new(&TERA, &[]),
        source_label: "Source",
        section_label: "Link to this section",
        tables: &Default::default(),
        strings: &dossier::model::strings::Strings::new(
            &dossier::parse::config::Config::parse("title = \"T\"\n").unwrap(),
            &[],
        )
        .unwrap(),
    };
    let file = Path::new("content/timeline/x.md");
    let body = Body {
        file,
        text: &text,
        offset: FRONT.len(),
        heading_floor: 1 + opts % 6,
        own_term: (opts & 0x80 != 0).then_some(usize::from(opts >> 4 & 7)),
    };
    let mut page = PageState::new("../");
    page.reserve_id("x");
    let first = markdown::to_html(&body, &refs, &mut page);
    let second = markdown::to_html(&body, &refs, &mut page);
    check_diagnostics(&first.diagnostics, |_| Some(&text));
    check_diagnostics(&second.diagnostics, |_| Some(&text));
    // The second rendering shares the page: every explicit `{#id}` the first one took is
    // now taken, an error the first rendering could not have. Nothing else may differ.
    let reused = |d: &&dossier::diag::Diagnostic| d.message.contains("is already used on this page");
    assert_eq!(
        first.diagnostics.iter().filter(|d| !reused(d)).count(),
        second.diagnostics.iter().filter(|d| !reused(d)).count()
    );
    let _ = dossier::parse::body::heading_ids(md);
});
