//! Social images (CONTENT.md, `image`; issue 22, point 7) and the site's credits list
//! (point 8): every page but the 404 names an absolute `og:image` and a
//! `summary_large_image` Twitter card; a page's own `image` is published as its
//! variants and credited; every other page gets a 1200×630 PNG card drawn from its
//! title, kept in the image cache so a second build draws nothing.

mod common;

use std::fs;

use common::{html_pages, snapshot, Site, EXPLAINER_FRONT};
use scraper::{Html, Selector};

const CONFIG: &str =
    "title = \"Test site\"\nlanguage = \"en\"\nbase_url = \"https://example.org/talks/\"\n";

fn meta(html: &Html, key: &str) -> Option<String> {
    let sel = Selector::parse(&format!("meta[property=\"{key}\"], meta[name=\"{key}\"]")).unwrap();
    html.select(&sel)
        .next()
        .and_then(|m| m.attr("content").map(str::to_string))
}

fn page(out: &std::path::Path, path: &str) -> Html {
    Html::parse_document(&fs::read_to_string(out.join(path)).unwrap())
}

/// A 1000×500 JPEG (a photo to share).
fn photo() -> Vec<u8> {
    let img = image::RgbImage::from_fn(1000, 500, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
    out.into_inner()
}

fn site() -> Site {
    Site::inline(&[
        ("dossier.toml", CONFIG),
        ("content/index.md", &format!("{EXPLAINER_FRONT}Body.\n")),
        (
            "content/background/history.md",
            "+++\ntitle = \"محادثات العراق\"\nsummary = \"The past.\"\n+++\nText.\n",
        ),
        (
            "content/pages/about.md",
            "+++\ntitle = \"About\"\nsummary = \"Who we are.\"\nimage = \"img/share.jpg\"\nimage_alt = \"The newsroom\"\n+++\nUs.\n",
        ),
        ("static/img/share.jpg.toml", "credit = \"Desk photo\"\nlicense = \"CC BY 4.0\"\n"),
    ])
}

#[test]
fn every_page_names_an_absolute_social_image_and_cards_are_1200_by_630() {
    let s = site();
    s.write("static/img/share.jpg", photo());
    s.build("out", &[]).assert_code(0);
    let out = s.path("out");
    let tree = snapshot(&out);
    let pages = html_pages(&tree);
    assert!(pages.len() >= 6, "{pages:?}");
    for p in &pages {
        let html = page(&out, p);
        let url = meta(&html, "og:image").unwrap_or_else(|| panic!("{p} has no og:image"));
        let rel = url
            .strip_prefix("https://example.org/talks/")
            .unwrap_or_else(|| panic!("{p}: og:image `{url}` is not under base_url"));
        assert_eq!(
            meta(&html, "twitter:card").as_deref(),
            Some("summary_large_image"),
            "{p}"
        );
        assert_eq!(meta(&html, "twitter:image"), Some(url.clone()), "{p}");
        assert!(
            meta(&html, "og:image:alt").is_some_and(|a| !a.is_empty()),
            "{p}"
        );
        let bytes = fs::read(out.join(rel)).unwrap_or_else(|_| panic!("{p}: {rel} not published"));
        let size = imagesize::blob_size(&bytes).unwrap();
        let (w, h) = (size.width.to_string(), size.height.to_string());
        assert_eq!(meta(&html, "og:image:width"), Some(w), "{p}");
        assert_eq!(meta(&html, "og:image:height"), Some(h), "{p}");
        if p == "about/index.html" {
            assert_eq!(
                rel, "img/share-1000.jpg",
                "the page's own image, as its variant"
            );
            assert_eq!(meta(&html, "og:image:alt").as_deref(), Some("The newsroom"));
        } else {
            assert!(
                rel.starts_with("social/") && rel.ends_with(".png"),
                "{p}: {rel}"
            );
            assert!(bytes.starts_with(b"\x89PNG"), "{p}");
            assert_eq!((size.width, size.height), (1200, 630), "{p}");
        }
    }
    assert!(
        !out.join("img/share.jpg").exists(),
        "never the original, with its metadata"
    );
    // The 404 page is served at any URL: it is never shared.
    assert_eq!(meta(&page(&out, "404.html"), "og:image"), None);
    // The page's own image is credited on the credits page, linked to where it appears.
    let credits = fs::read_to_string(out.join("credits/index.html")).unwrap();
    let credits = Html::parse_document(&credits);
    let item = credits
        .select(&Selector::parse(".credits-list li").unwrap())
        .next()
        .expect("the social image is listed");
    let text = item.text().collect::<String>();
    assert!(
        text.contains("The newsroom") && text.contains("Desk photo (CC BY 4.0)"),
        "{text}"
    );
    let link = item.select(&Selector::parse("a").unwrap()).next().unwrap();
    assert_eq!(link.attr("href"), Some("../about/index.html"));
    let footer = page(&out, "index.html");
    let footer_links: Vec<&str> = footer
        .select(&Selector::parse(".footer-pages a").unwrap())
        .filter_map(|a| a.attr("href"))
        .collect();
    assert_eq!(footer_links, ["about/index.html", "credits/index.html"]);
    s.check(&[]).assert_code(0);
}

#[test]
fn a_second_build_draws_no_card_and_takes_each_from_the_cache() {
    let s = site();
    s.write("static/img/share.jpg", photo());
    s.build("out", &[]).assert_code(0);
    let cache = s.path("site/.dossier-cache/images");
    let cards: Vec<_> = fs::read_dir(&cache)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("card-")
        })
        .collect();
    assert!(cards.len() >= 5, "{cards:?}");
    for (i, card) in cards.iter().enumerate() {
        fs::write(card, format!("cached card {i}")).unwrap();
    }
    s.build("out", &[]).assert_code(0);
    let out = s.path("out");
    for name in [
        "social/index.png",
        "social/timeline.png",
        "social/background/history.png",
    ] {
        let bytes = fs::read(out.join(name)).unwrap();
        assert!(bytes.starts_with(b"cached card "), "{name} was drawn again");
    }
    // A new title is a new card.
    s.write(
        "content/index.md",
        format!(
            "{}Body.\n",
            EXPLAINER_FRONT.replace("The explainer", "A new title")
        ),
    );
    s.build("out", &[]).assert_code(0);
    let bytes = fs::read(out.join("social/index.png")).unwrap();
    assert!(
        bytes.starts_with(b"\x89PNG"),
        "the retitled page's card is drawn anew"
    );
}

#[test]
fn without_base_url_no_social_image_is_named_and_no_card_drawn() {
    let s = Site::explainer("Body.\n");
    let run = s.build("out", &[]);
    run.assert_code(0);
    assert!(
        run.stderr.contains("social images (og:image) were skipped"),
        "{}",
        run.stderr
    );
    let out = s.path("out");
    let html = page(&out, "index.html");
    assert_eq!(meta(&html, "og:image"), None);
    assert_eq!(meta(&html, "twitter:card").as_deref(), Some("summary"));
    assert!(!out.join("social").exists());
}
