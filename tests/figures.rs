//! Figures and components (CONTENT.md, "Figures and components"): what a reader gets
//! from a `figure` block, a lone image, a callout, a quote, a numbers box and an embed,
//! on pages at every depth; a site's override of a component's template; and the
//! problems an editor is told about, from `build` and from `check` alike.

mod common;

use std::fs;

use common::{sel, text, Site, CONFIG, EXPLAINER_FRONT};
use scraper::Html;

const SVG: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 960 400\"><rect width=\"960\" height=\"400\"/></svg>\n";

const SOURCES: &str =
    "[[source]]\nid = \"S1\"\ntitle = \"Report\"\npublisher = \"Desk\"\nurl = \"https://example.org/r\"\n";

/// A site whose explainer body is `body`, with `static/img/phases.svg`, a raster
/// `static/img/port.png` (credited by its sidecar) and a background page `bg.md`.
fn site(body: &str, background: &str) -> Site {
    let s = Site::inline(&[
        ("dossier.toml", CONFIG),
        ("content/index.md", &format!("{EXPLAINER_FRONT}{body}")),
        ("content/sources.toml", SOURCES),
        (
            "content/background/bg.md",
            &format!("+++\ntitle = \"Bg\"\nsummary = \"Deeper.\"\n+++\n{background}"),
        ),
        ("static/img/phases.svg", SVG),
        (
            "static/img/port.png.toml",
            "credit = \"Port Office\"\nlicense = \"CC0\"\n",
        ),
    ]);
    fs::copy(
        common::fixtures().join("valid/static/img/logo.png"),
        s.file("static/img/port.png"),
    )
    .unwrap();
    s
}

fn page(s: &Site, out: &str, path: &str) -> Html {
    Html::parse_document(&fs::read_to_string(s.path(out).join(path)).unwrap())
}

const FIGURE: &str = "```figure\nsrc = \"img/phases.svg\"\nalt = \"Two phases\"\ncaption = \"The plan, in two phases [@S1].\"\ncredit = \"The site\"\nlicense = \"CC BY 4.0\"\n```\n";

#[test]
fn a_figure_block_shows_its_image_caption_credit_and_licence_at_any_depth() {
    let s = site(FIGURE, FIGURE);
    s.build("out", &[]).assert_code(0);
    for (path, src) in [
        ("index.html", "img/phases.svg"),
        ("background/bg/index.html", "../../img/phases.svg"),
    ] {
        let html = page(&s, "out", path);
        let fig = html.select(&sel("main figure")).next().expect(path);
        let img = fig.select(&sel("img")).next().unwrap();
        assert_eq!(img.attr("src"), Some(src), "{path}");
        assert_eq!(img.attr("alt"), Some("Two phases"));
        assert_eq!(
            (img.attr("width"), img.attr("height")),
            (Some("960"), Some("400"))
        );
        let caption = text(fig.select(&sel("figcaption")).next().unwrap());
        assert!(
            caption.starts_with("The plan, in two phases[1]"),
            "{caption}"
        );
        assert!(
            caption.contains("The site") && caption.contains("CC BY 4.0"),
            "{caption}"
        );
        // The caption's citation is numbered with the page's and listed with its sources.
        let cite = fig.select(&sel("sup.cite a")).next().unwrap();
        assert_eq!(cite.attr("href"), Some("#ref_1"));
        assert_eq!(
            cite.attr("aria-label"),
            Some("Source 1"),
            "what a screen reader says"
        );
    }
    assert_eq!(
        fs::read(s.path("out/img/phases.svg")).unwrap(),
        SVG.as_bytes(),
        "an SVG is published as it is"
    );
}

#[test]
fn a_lone_image_is_a_figure_credited_by_its_sidecar_and_an_inline_one_stays_inline() {
    let s = site(
        "![The port at dawn](img/port.png)\n\nThe logo ![Phases](img/phases.svg) sits in text.\n",
        "",
    );
    s.build("out", &[]).assert_code(0);
    let html = page(&s, "out", "index.html");
    let fig = html.select(&sel("main figure")).next().unwrap();
    let img = fig.select(&sel("img")).next().unwrap();
    assert_eq!(img.attr("alt"), Some("The port at dawn"));
    assert_eq!(
        (img.attr("width"), img.attr("height")),
        (Some("120"), Some("60"))
    );
    assert_eq!(img.attr("loading"), None, "the first figure loads at once");
    assert_eq!(
        text(fig.select(&sel("figcaption")).next().unwrap()),
        "Credit: Port Office (CC0)"
    );
    let inline = html
        .select(&sel("main p img"))
        .next()
        .expect("inline image");
    assert_eq!(inline.attr("alt"), Some("Phases"));
    assert!(
        !s.path("out/img/port.png.toml").exists(),
        "a sidecar describes an image; it is not published"
    );
}

#[test]
fn quote_numbers_callout_and_embed_are_drawn_by_their_templates() {
    let body = "> [!WARNING]\n> The count is **disputed** [@S1].\n\n\
```quote\ntext = \"a transition, not a withdrawal\"\nby = \"An official\"\nsources = [\"S1\"]\n```\n\n\
```numbers\n[[number]]\nvalue = \"2,500\"\nlabel = \"Troops\"\nsources = [\"S1\"]\n```\n\n\
```embed\nurl = \"https://www.youtube.com/watch?v=abc123\"\ntitle = \"Briefing\"\n```\n";
    let s = site(body, "");
    s.build("out", &[]).assert_code(0);
    let html = page(&s, "out", "index.html");
    let callout = html
        .select(&sel("main aside.callout-warning"))
        .next()
        .unwrap();
    assert!(
        text(callout).starts_with("Warning The count is disputed[1]"),
        "{}",
        text(callout)
    );
    let quote = html.select(&sel("main figure.quote")).next().unwrap();
    assert_eq!(
        text(quote.select(&sel("blockquote")).next().unwrap()),
        "a transition, not a withdrawal"
    );
    assert!(text(quote).contains("An official"));
    let number = html.select(&sel("main .numbers .number")).next().unwrap();
    assert!(text(number).contains("2,500") && text(number).contains("Troops"));
    let embed = html.select(&sel("main figure.embed")).next().unwrap();
    assert!(
        embed.select(&sel("iframe")).next().is_none(),
        "nothing loads before a click"
    );
    let button = embed.select(&sel("button")).next().unwrap();
    assert!(text(button).contains("Briefing") && text(button).contains("YouTube"));
    let link = embed.select(&sel("figcaption a")).next().unwrap();
    assert_eq!(
        link.attr("href"),
        Some("https://www.youtube.com/watch?v=abc123")
    );
    assert!(s.path("out/embed.js").is_file());
}

#[test]
fn a_site_overrides_a_component_template_by_name_and_reads_config_extra() {
    let s = site("```quote\ntext = \"We stay\"\n```\n", "");
    s.write(
        "templates/components/quote.html",
        "<p class=\"my-quote\">{{ text | safe }}</p>",
    );
    s.write(
        "dossier.toml",
        format!("{CONFIG}\n[extra]\ndesk = \"Harbour desk\"\n"),
    );
    s.write(
        "templates/partials/search.html",
        "<p class=\"desk\">{{ config.extra.desk }}</p>",
    );
    s.build("out", &[]).assert_code(0);
    let html = page(&s, "out", "index.html");
    assert_eq!(
        text(html.select(&sel("main p.my-quote")).next().unwrap()),
        "We stay"
    );
    assert_eq!(
        text(html.select(&sel("p.desk")).next().unwrap()),
        "Harbour desk"
    );
}

/// Each bad figure is an error at its line and column, from `build` (which leaves the
/// old output alone) and from `check`.
#[test]
fn figure_problems_are_errors_from_build_and_check() {
    let cases = [
        (
            "```figure\nsrc = \"img/phase.svg\"\nalt = \"x\"\n```\n",
            (2, 7),
            "is not in static/",
        ),
        (
            "```figure\nsrc = \"img/phases.svg\"\nalt = \"\"\n```\n",
            (3, 7),
            "`alt` is empty",
        ),
        (
            "```figure\nsrc = \"img/phases.svg\"\n```\n",
            (1, 1),
            "without alt text",
        ),
        ("![](img/phases.svg)\n", (1, 1), "without alt text"),
        (
            "```figure\nsrc = \"img/port.png\"\nalt = \"x\"\n```\n",
            (2, 7),
            "has no credit",
        ),
        (
            "```quote\ntext = \"x\"\nbyy = \"y\"\n```\n",
            (3, 1),
            "unknown field `byy`",
        ),
    ];
    for (body, (line, col), message) in cases {
        let s = site(body, "");
        if message.contains("credit") {
            fs::remove_file(s.file("static/img/port.png.toml")).unwrap();
        }
        let first_line = EXPLAINER_FRONT.lines().count();
        for run in [s.build("out", &[]), s.check(&[])] {
            run.assert_code(1);
            let errors = run.errors();
            assert_eq!(errors.len(), 1, "{body}: {}", run.stderr);
            assert!(errors[0].message.contains(message), "{}", run.stderr);
            assert_eq!(
                errors[0].line_col(),
                Some((first_line + line, col)),
                "{}",
                run.stderr
            );
            assert!(errors[0].hint.is_some());
        }
        assert!(!s.path("out").exists(), "nothing written");
    }
}

#[test]
fn every_credited_image_is_listed_in_the_page_credits() {
    let s = site(
        &format!("{FIGURE}\n![The port at dawn](img/port.png)\n\n![Phases without credit](img/phases.svg)\n"),
        "",
    );
    s.build("out", &[]).assert_code(0);
    let html = page(&s, "out", "index.html");
    let items: Vec<String> = html
        .select(&sel("main section.credits li"))
        .map(text)
        .collect();
    assert_eq!(
        items,
        [
            "Two phases: The site (CC BY 4.0)",
            "The port at dawn: Port Office (CC0)"
        ]
    );
    let bg = page(&s, "out", "background/bg/index.html");
    assert!(bg.select(&sel("section.credits")).next().is_none());
}

/// A component's text fields are prose: an image's alt reads "coalition’s", as the
/// caption and the body around it do.
#[test]
fn a_figures_alt_text_gets_the_bodys_typography() {
    let figure = FIGURE.replace(
        "alt = \"Two phases\"",
        "alt = \"The coalition's two phases -- then \\\"transition\\\"...\"",
    );
    let s = site(&figure, "");
    s.build("out", &[]).assert_code(0);
    let html = page(&s, "out", "index.html");
    let img = html.select(&sel("main figure img")).next().unwrap();
    assert_eq!(
        img.attr("alt"),
        Some("The coalition’s two phases – then “transition”…")
    );
}
