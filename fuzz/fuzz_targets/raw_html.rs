//! Raw HTML blocks and inline HTML against the script rules: a body Dossier publishes
//! without an error must not make a browser run script.
//!
//! The input is a markdown body (biased towards HTML by the dictionary), rendered twice
//! onto one page as the timeline does, so a body that leaves something open for the next
//! to finish is exercised too. When neither rendering reports an error, the two HTMLs,
//! one after the other, are parsed as a browser parses a page's content (html5ever
//! through `scraper`, a separate reading from Dossier's own) and every element is
//! judged: a `<script>`, an `on…` handler, or an `href`/`src`/`action`/`xlink:href`…
//! whose URL, decoded and cleaned as the URL parser does, has a script scheme is a crash.
#![no_main]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::LazyLock;

use dossier::markdown::{self, Body, PageState, RawHtmlPolicy, Refs};
use dossier::model::images::Images;
use dossier::model::targets::Glossary;
use dossier_fuzz::check_diagnostics;
use libfuzzer_sys::fuzz_target;
use scraper::{Html, Node};

const FRONT: &str = "+++\ntitle = \"Fuzz\"\n+++\n";

/// Elements whose presence runs script or loads a document of the writer's choosing.
/// The built-in templates, which draw components as a build does.
static TERA: LazyLock<tera::Tera> =
    LazyLock::new(|| dossier::render::templates(&[]).expect("built-in templates compile"));

const SCRIPT_ELEMENTS: &[&str] = &["script", "object", "embed", "base", "frame", "applet"];

fuzz_target!(|data: &[u8]| {
    let Ok(md) = std::str::from_utf8(data) else {
        return;
    };
    let text = format!("{FRONT}{md}");
    let pages = BTreeMap::new();
    let sources = BTreeSet::new();
    let glossary = Glossary::empty();
    let refs = Refs {
        pages: &pages,
        source_ids: &sources,
        sources_readable: true,
        glossary: &glossary,
        raw_html: RawHtmlPolicy::default(),
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
    let body = Body {
        file: Path::new("content/index.md"),
        text: &text,
        offset: FRONT.len(),
        heading_floor: 2,
        own_term: None,
    };
    let mut page = PageState::new("");
    let first = markdown::to_html(&body, &refs, &mut page);
    let second = markdown::to_html(&body, &refs, &mut page);
    check_diagnostics(&first.diagnostics, |_| Some(&text));
    let failed = first
        .diagnostics
        .iter()
        .any(|d| d.severity == dossier::diag::Severity::Error);
    if failed {
        return;
    }
    // Between two bodies the page has markup of its own, as the timeline's template does.
    let html = format!("<div>{}</div><div>{}</div>", first.html, second.html);
    if let Some(problem) = script_in(&html) {
        panic!("published HTML runs script: {problem}\n--- html ---\n{html}");
    }
});

/// The first thing in `html` (a page's content) that would run script, if any.
fn script_in(html: &str) -> Option<String> {
    let doc = Html::parse_fragment(html);
    for node in doc.tree.nodes() {
        let Node::Element(e) = node.value() else {
            continue;
        };
        let name = e.name();
        if SCRIPT_ELEMENTS.contains(&name) {
            return Some(format!("<{name}>"));
        }
        for (attr, value) in e.attrs() {
            let attr = attr.to_ascii_lowercase();
            if attr.starts_with("on") || attr == "srcdoc" {
                return Some(format!("<{name} {attr}>"));
            }
            let url_attr = matches!(
                attr.as_str(),
                "href" | "src" | "action" | "formaction" | "xlink:href" | "data" | "poster"
            );
            if url_attr && is_script_scheme(value) {
                return Some(format!("<{name} {attr}={value:?}>"));
            }
        }
    }
    None
}

/// The URL parser's view of a scheme: leading and trailing C0 controls and spaces
/// stripped, every tab and newline removed, then letters up to the first `:`.
fn is_script_scheme(url: &str) -> bool {
    let trimmed = url.trim_matches(|c: char| c <= ' ');
    let cleaned: String = trimmed
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let Some((scheme, rest)) = cleaned.split_once(':') else {
        return false;
    };
    match scheme.to_ascii_lowercase().as_str() {
        "javascript" | "vbscript" => true,
        "data" => {
            let mime = rest.trim_start().to_ascii_lowercase();
            mime.starts_with("text/html") || mime.starts_with("application/")
        }
        _ => false,
    }
}
