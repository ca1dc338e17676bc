//! Standalone pages (CONTENT.md, `content/pages/*.md`): published at `{slug}/`, linked
//! from every page's footer in weight order, reachable by `@/pages/x.md` links, and
//! never allowed to take a section's URL.

mod common;

use std::fs;

use common::{resolve_href, Site, CONFIG, EXPLAINER_FRONT};
use scraper::{Html, Selector};

fn site() -> Site {
    Site::inline(&[
        ("dossier.toml", CONFIG),
        (
            "content/index.md",
            &format!("{EXPLAINER_FRONT}How we work: [methodology](@/pages/methodology.md#sources).\n"),
        ),
        (
            "content/background/bg.md",
            "+++\ntitle = \"Bg\"\nsummary = \"Deeper.\"\n+++\nText.\n",
        ),
        (
            "content/pages/methodology.md",
            "+++\ntitle = \"Methodology\"\nsummary = \"How we work.\"\nweight = 2\n+++\n## Sources\n\nPrimary first.\n",
        ),
        (
            "content/pages/about.md",
            "+++\ntitle = \"About\"\nsummary = \"Who we are.\"\nweight = 1\n+++\nA desk. [Back](@/index.md).\n",
        ),
        (
            "content/pages/corrections.md",
            "+++\ntitle = \"Corrections policy\"\nsummary = \"How we correct.\"\n+++\nWe say so.\n",
        ),
    ])
}

fn footer_links(html: &str) -> Vec<(String, String)> {
    let doc = Html::parse_document(html);
    let a = Selector::parse("footer nav.footer-pages a").unwrap();
    doc.select(&a)
        .map(|e| (e.text().collect(), e.attr("href").unwrap().to_string()))
        .collect()
}

#[test]
fn pages_are_published_by_file_name_and_linked_from_every_footer_in_weight_order() {
    let s = site();
    s.build("out", &[]).assert_code(0);
    let out = s.path("out");
    for page in [
        "index.html",
        "background/bg/index.html",
        "timeline/index.html",
        "about/index.html",
        "corrections/index.html",
    ] {
        let html = fs::read_to_string(out.join(page)).unwrap();
        let links = footer_links(&html);
        let titles: Vec<&str> = links.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(
            titles,
            ["About", "Methodology", "Corrections policy"],
            "{page}"
        );
        for (_, href) in &links {
            let (target, _) = resolve_href(page, href).unwrap();
            assert!(out.join(&target).is_file(), "{page}: {href} → {target}");
        }
    }
    let about = fs::read_to_string(out.join("about/index.html")).unwrap();
    assert!(about.contains("<h1>About</h1>"));
    let index = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        index.contains("href=\"methodology/index.html#sources\""),
        "{index}"
    );
}

#[test]
fn a_page_named_like_a_section_is_an_error() {
    let s = site();
    s.write(
        "content/pages/timeline.md",
        "+++\ntitle = \"Timeline\"\nsummary = \"x\"\n+++\nx\n",
    );
    let run = s.build("out", &[]);
    run.assert_code(1);
    let errors = run.errors();
    assert_eq!(errors.len(), 1, "{}", run.stderr);
    assert!(
        errors[0].message.contains("timeline section"),
        "{}",
        run.stderr
    );
}
