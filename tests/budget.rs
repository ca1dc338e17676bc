//! The weight budget of the bundled explainer: its HTML, CSS and JavaScript together stay
//! at or under 50 KB gzipped (Starlight claims < 50 KB; we enforce it).

mod common;

use std::io::Write;

const BUDGET: usize = 50 * 1024;

fn gzipped(bytes: &[u8]) -> usize {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap().len()
}

#[test]
fn explainer_html_css_and_js_fit_in_50_kb_gzipped() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    common::build(&common::repo(), &out, &[]).assert_code(0);
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    // Everything the explainer loads: itself plus its stylesheets and scripts.
    let doc = scraper::Html::parse_document(&html);
    let sel = scraper::Selector::parse("link[rel=stylesheet][href], script[src]").unwrap();
    let mut total = gzipped(html.as_bytes());
    let mut parts = vec![format!("index.html {total}")];
    for el in doc.select(&sel) {
        let url = el.value().attr("href").or(el.value().attr("src")).unwrap();
        assert!(!url.contains("://"), "no request leaves the site: {url}");
        let bytes = std::fs::read(out.join(url)).unwrap();
        let size = gzipped(&bytes);
        parts.push(format!("{url} {size}"));
        total += size;
    }
    assert!(
        parts.len() >= 3,
        "the explainer loads its CSS and JS: {parts:?}"
    );
    eprintln!(
        "explainer weight, gzipped: {total} bytes ({})",
        parts.join(", ")
    );
    assert!(
        total <= BUDGET,
        "{total} bytes gzipped is over the {BUDGET}-byte budget: {parts:?}"
    );
}
