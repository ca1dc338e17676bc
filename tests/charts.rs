//! Data tables and charts (CONTENT.md, "Data and charts"; issue 17, points 4–6): what a
//! reader gets from a `chart` block (an SVG with its title, description, axes, ticks
//! and, for more than one series, a legend; its data folded in a table; its sources
//! cited into the page's list; "Data as of"; a link to the published CSV) and from a
//! `numbers` item that reads a table's cell. Also the chart palette's contrast against
//! the page in light and dark mode, computed from the stylesheets' own values.

mod common;

use std::fs;

use common::{resolve_href, sel, text, Site};
use scraper::{ElementRef, Html};

fn page(s: &Site, path: &str) -> Html {
    Html::parse_document(&fs::read_to_string(s.path("out").join(path)).unwrap())
}

fn texts(scope: ElementRef<'_>, css: &str) -> Vec<String> {
    scope.select(&sel(css)).map(text).collect()
}

#[test]
fn a_line_chart_is_an_svg_with_title_axes_legend_table_sources_and_csv() {
    let s = Site::fixture("data");
    s.build("out", &[]).assert_code(0);
    let html = page(&s, "index.html");
    let chart = html.select(&sel("main figure.chart")).next().unwrap();
    let svg = chart.select(&sel("svg")).next().unwrap();
    assert_eq!(svg.attr("role"), Some("img"));
    let labelled: Vec<&str> = svg.attr("aria-labelledby").unwrap().split(' ').collect();
    let title = svg.select(&sel("title")).next().unwrap();
    let desc = svg.select(&sel("desc")).next().unwrap();
    assert_eq!(
        labelled,
        [title.attr("id").unwrap(), desc.attr("id").unwrap()]
    );
    assert_eq!(text(title), "Ships calling at the harbour");
    assert!(text(desc).starts_with("Both counts rose"), "{}", text(desc));
    // Value ticks in steps of 1, 2 or 5, from zero; calendar ticks along x.
    assert_eq!(
        texts(svg, ".chart-y text"),
        ["0", "20", "40", "60", "80", "100"]
    );
    let x: Vec<String> = texts(svg, ".chart-x text");
    assert_eq!(x, ["Dec 2023", "Jan 2024", "date"]);
    // Two series: a legend naming both, each line with its own class (dash, marker).
    assert_eq!(texts(svg, ".chart-legend text"), ["Cargo ships", "Ferries"]);
    assert_eq!(
        svg.select(&sel(".chart-series path.chart-line.s2")).count(),
        1
    );
    // An empty cell draws no marker: cargo has three values, ferries four.
    assert_eq!(
        svg.select(&sel(".chart-series .chart-marker.s1")).count(),
        3
    );
    assert_eq!(
        svg.select(&sel(".chart-series .chart-marker.s2")).count(),
        4
    );

    let table = chart
        .select(&sel("details.chart-data table"))
        .next()
        .unwrap();
    assert_eq!(
        texts(table, "thead th"),
        ["date", "Cargo ships", "Ferries", "Note"]
    );
    let rows: Vec<ElementRef<'_>> = table.select(&sel("tbody tr")).collect();
    assert_eq!(rows.len(), 4);
    // An empty cell stays empty; dates are written out; numbers align right.
    assert_eq!(texts(rows[1], "th, td"), ["7 December 2023", "", "40", ""]);
    assert_eq!(rows[1].select(&sel("td.num")).count(), 1);
    let as_of = chart.select(&sel(".chart-as-of time")).next().unwrap();
    assert_eq!(as_of.attr("datetime"), Some("2024-01-18"));

    // The table's sources are cited into the page's list of sources.
    let marks: Vec<&str> = chart
        .select(&sel(".chart-sources a"))
        .filter_map(|a| a.attr("href"))
        .collect();
    assert_eq!(marks, ["#ref_1", "#ref_2"]);
    for m in &marks {
        let id = &m[1..];
        let li = html.select(&sel(&format!(".references li#{id}"))).next();
        assert!(li.is_some(), "no entry {id} in the list of sources");
    }
    let ref2 = html.select(&sel(".references li#ref_2")).next().unwrap();
    assert!(text(ref2).contains("Quarterly shipping bulletin"));

    // The CSV is published as written, where the link leads.
    let href = chart
        .select(&sel("a.chart-csv"))
        .next()
        .unwrap()
        .attr("href")
        .unwrap();
    assert_eq!(href, "data/ships.csv");
    let (path, _) = resolve_href("index.html", href).unwrap();
    assert_eq!(
        fs::read(s.path("out").join(&path)).unwrap(),
        fs::read(s.file("content/data/ships.csv")).unwrap()
    );
}

#[test]
fn one_series_has_no_legend_and_charts_link_the_csv_from_any_depth() {
    let s = Site::fixture("data");
    s.build("out", &[]).assert_code(0);
    let html = page(&s, "background/crews/index.html");
    let charts: Vec<ElementRef<'_>> = html.select(&sel("main figure.chart")).collect();
    assert_eq!(charts.len(), 2);
    let ids: Vec<&str> = charts.iter().filter_map(|c| c.attr("id")).collect();
    assert_ne!(ids[0], ids[1], "each chart has its own id");
    for chart in &charts {
        let svg = chart.select(&sel("svg")).next().unwrap();
        assert_eq!(svg.select(&sel(".chart-legend")).count(), 0);
        let href = chart
            .select(&sel("a.chart-csv"))
            .next()
            .unwrap()
            .attr("href");
        assert_eq!(href, Some("../../data/crews.csv"));
        // Partial dates: "Data as of" carries the precision written.
        let as_of = chart.select(&sel(".chart-as-of time")).next().unwrap();
        assert_eq!(as_of.attr("datetime"), Some("2025-11"));
        assert_eq!(text(as_of), "November 2025");
    }
    let column = charts[0].select(&sel("svg")).next().unwrap();
    assert_eq!(column.select(&sel("rect.chart-bar")).count(), 4);
    assert_eq!(
        texts(column, ".chart-x text"),
        ["2007", "Dec 2011", "Jan 2020", "Nov 2025", "When"]
    );
    let ticks = texts(column, ".chart-y text");
    assert_eq!(ticks.last().map(String::as_str), Some("200,000"));
    let bar = charts[1].select(&sel("svg")).next().unwrap();
    assert_eq!(
        texts(bar, ".chart-value"),
        ["170,000", "157", "5,200", "1,500"]
    );
}

#[test]
fn numbers_read_their_values_from_tables_and_cite_the_table() {
    let s = Site::fixture("data");
    s.build("out", &[]).assert_code(0);
    let html = page(&s, "index.html");
    let values = texts(html.root_element(), ".numbers .number-value");
    assert_eq!(values, ["83", "170,000", "2"]);
    let labels: Vec<ElementRef<'_>> = html.select(&sel(".numbers dt")).collect();
    // No `sources` of its own: the table's; its own otherwise.
    let cites = |e: &ElementRef<'_>| -> Vec<String> {
        e.select(&sel("sup.cite a"))
            .filter_map(|a| a.attr("href").map(str::to_string))
            .collect()
    };
    assert_eq!(cites(&labels[0]), ["#ref_1", "#ref_2"]);
    assert_eq!(cites(&labels[1]), ["#ref_3"]);
}

#[test]
fn charts_are_the_same_bytes_every_build() {
    let s = Site::fixture("data");
    s.build("out", &[]).assert_code(0);
    let first = fs::read(s.path("out/background/crews/index.html")).unwrap();
    s.build("again", &[]).assert_code(0);
    let second = fs::read(s.path("again/background/crews/index.html")).unwrap();
    assert_eq!(first, second);
}

/// `--name: #rrggbb` declarations of the first block that `selector` opens in `css`.
fn custom_properties(css: &str, selector: &str) -> Vec<(String, [f64; 3])> {
    let start = css
        .find(selector)
        .unwrap_or_else(|| panic!("no `{selector}`"));
    let rest = &css[start..];
    let end = rest.find('}').unwrap();
    let block = &rest[rest[..end].rfind('{').unwrap() + 1..end];
    block
        .split(';')
        .filter_map(|decl| {
            let (name, value) = decl.split_once(':')?;
            let hex = value.trim().strip_prefix('#')?;
            let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap();
            Some((
                name.trim().to_string(),
                [channel(0), channel(2), channel(4)].map(f64::from),
            ))
        })
        .collect()
}

/// WCAG 2.2 relative luminance and contrast ratio.
fn contrast(a: [f64; 3], b: [f64; 3]) -> f64 {
    let lum = |c: [f64; 3]| {
        let lin = |v: f64| {
            let v = v / 255.0;
            if v <= 0.04045 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2])
    };
    let (x, y) = (lum(a), lum(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

#[test]
fn chart_colours_pass_wcag_contrast_in_light_and_dark_mode() {
    let root = common::repo();
    let style = fs::read_to_string(root.join("templates/style.css")).unwrap();
    let components = fs::read_to_string(root.join("templates/components.css")).unwrap();
    let bg =
        |props: &[(String, [f64; 3])], name: &str| props.iter().find(|(n, _)| n == name).unwrap().1;
    let light_page = custom_properties(&style, ":root {");
    let dark_page = custom_properties(&style, ":root[data-theme=dark] {");
    let chart_start = components.find("--chart-1").unwrap();
    let charts = &components[components[..chart_start].rfind(":root").unwrap()..];
    let modes = [
        ("light", custom_properties(charts, ":root {"), &light_page),
        (
            "dark",
            custom_properties(charts, ":root[data-theme=dark] {"),
            &dark_page,
        ),
        (
            "dark (system)",
            custom_properties(charts, ":root:not([data-theme=light]) {"),
            &dark_page,
        ),
    ];
    for (mode, palette, page) in modes {
        assert_eq!(palette.len(), 6, "{mode}: six series colours");
        for (name, colour) in &palette {
            for surface in ["--bg", "--bg-soft"] {
                let ratio = contrast(*colour, bg(page, surface));
                // Graphics need 3:1 (WCAG 1.4.11); these are also legible as text.
                assert!(ratio >= 4.5, "{mode}: {name} on {surface} is {ratio:.2}:1");
            }
        }
        // Axes and labels are drawn in the text colour.
        assert!(
            contrast(bg(page, "--fg"), bg(page, "--bg")) >= 4.5,
            "{mode}: text"
        );
    }
    // Printed, the light palette on white paper.
    let print = custom_properties(
        charts,
        "@media print {\n  :root, :root:not([data-theme=light]), :root[data-theme=dark] {",
    );
    assert_eq!(print, custom_properties(charts, ":root {"));
}
