//! Language editions (CONTENT.md, "Language editions"; issue 18): the fixture
//! `editions` has an `ar-IQ` edition with a translated explainer (older than its
//! original's correction), one translated and one untranslated background page, event
//! and term. Its pages are read as a reader's browser would: by their HTML structure.

mod common;

use std::fs;

use common::{resolve_href, Site};
use scraper::{Html, Selector};

fn built() -> (Site, std::path::PathBuf) {
    let s = Site::fixture("editions");
    let run = s.build("out", &[]);
    run.assert_code(0);
    let out = s.path("out");
    (s, out)
}

fn page(out: &std::path::Path, path: &str) -> Html {
    Html::parse_document(&fs::read_to_string(out.join(path)).unwrap())
}

fn one<'a>(doc: &'a Html, css: &str) -> scraper::ElementRef<'a> {
    doc.select(&Selector::parse(css).unwrap())
        .next()
        .unwrap_or_else(|| panic!("no {css}"))
}

fn all_text(doc: &Html, css: &str) -> Vec<String> {
    doc.select(&Selector::parse(css).unwrap())
        .map(|e| e.text().collect::<String>())
        .collect()
}

#[test]
fn an_edition_is_published_under_its_tag_right_to_left_in_its_language() {
    let (_s, out) = built();
    let doc = page(&out, "ar-IQ/index.html");
    let html = one(&doc, "html");
    assert_eq!(html.attr("lang"), Some("ar-IQ"));
    assert_eq!(html.attr("dir"), Some("rtl"));
    assert_eq!(one(&doc, "h1").text().collect::<String>(), "المحادثات");
    // Interface strings, dates with Iraqi month names, an Arabic heading id.
    assert_eq!(all_text(&doc, "nav.site-nav a")[0], "الشرح");
    assert!(all_text(&doc, ".byline")[0].contains("٢٧ كانون الثاني ٢٠٢٤"));
    assert_eq!(one(&doc, ".prose h2").attr("id"), Some("ما-الذي-حدث"));
    // A glossary first mention after a proclitic (ب + العراق), and an @/ link landing
    // on the translation (inside the edition).
    let term = one(&doc, ".prose a.term");
    assert_eq!(term.text().collect::<String>(), "العراق");
    assert_eq!(term.attr("href"), Some("glossary/index.html#iraq"));
    let talks = one(&doc, ".prose a[href='background/talks/index.html']");
    assert_eq!(talks.text().collect::<String>(), "المحادثات");
    let bg = page(&out, "ar-IQ/background/talks/index.html");
    assert_eq!(one(&bg, "h1").text().collect::<String>(), "جولات المحادثات");
    // Search and feed per edition.
    let names: Vec<String> = fs::read_dir(out.join("ar-IQ"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let index = names
        .iter()
        .find(|n| n.starts_with("search-index."))
        .unwrap();
    let index = fs::read_to_string(out.join("ar-IQ").join(index)).unwrap();
    assert!(
        index.contains("عراق"),
        "the Arabic index has the folded stem"
    );
    assert!(out.join("ar-IQ/atom.xml").is_file());
    assert!(!out.join("ar-IQ/sitemap.xml").exists());
}

#[test]
fn untranslated_pages_fall_back_marked_in_the_editions_language_with_the_originals_lang() {
    let (_s, out) = built();
    let doc = page(&out, "ar-IQ/background/history/index.html");
    assert_eq!(one(&doc, "html").attr("dir"), Some("rtl"));
    let note = one(&doc, "main > p.edition-note");
    assert!(note.text().collect::<String>().contains("لم تُترجم"));
    let article = one(&doc, "article.article");
    assert_eq!(article.attr("lang"), Some("en"));
    assert_eq!(article.attr("dir"), Some("ltr"));
    assert_eq!(one(&doc, "h1").text().collect::<String>(), "History");
    // On the timeline, the untranslated event alone is marked.
    let tl = page(&out, "ar-IQ/timeline/index.html");
    let second = one(&tl, "li[id='2024-02']");
    assert!(second
        .select(&Selector::parse(".edition-note").unwrap())
        .next()
        .is_some());
    let body = one(
        &tl,
        "li[id='2024-02'] > div[lang='en'][dir='ltr'] .event-title",
    );
    assert_eq!(body.text().collect::<String>(), "Second round");
    let first = one(&tl, "li[id='2024-01-27-first-round']");
    assert!(first
        .select(&Selector::parse(".edition-note").unwrap())
        .next()
        .is_none());
    assert!(all_text(&tl, "time").iter().any(|t| t == "شباط ٢٠٢٤"));
}

#[test]
fn a_stale_translation_warns_and_lists_what_it_lacks_linked_to_the_original() {
    let s = Site::fixture("editions");
    let run = s.build("out", &[]);
    run.assert_code(0);
    insta::assert_snapshot!(run.transcript(s.tmp()));
    let doc = page(&s.path("out"), "ar-IQ/index.html");
    let note = one(&doc, "aside.edition-stale");
    let text = note.text().collect::<String>();
    assert!(text.contains("تصحيح"), "{text}");
    assert!(text.contains("Corrected the date of the second round."));
    let link = one(&doc, "aside.edition-stale a[hreflang='en']");
    let (target, _) = resolve_href("ar-IQ/index.html", link.attr("href").unwrap()).unwrap();
    assert_eq!(target, "index.html");
    // Up-to-date translations carry no notice.
    let bg = page(&s.path("out"), "ar-IQ/background/talks/index.html");
    assert!(bg
        .select(&Selector::parse(".edition-note").unwrap())
        .next()
        .is_none());
    // `check --strict` fails on it.
    let check = s.check(&["--strict"]);
    assert_ne!(check.code, 0, "{}", check.stderr);
    assert!(check
        .stderr
        .contains("this translation renders the original"));
}

#[test]
fn every_page_links_its_other_editions() {
    let (_s, out) = built();
    for (path, other) in [
        ("index.html", "ar-IQ/index.html"),
        ("timeline/index.html", "ar-IQ/timeline/index.html"),
        (
            "ar-IQ/background/history/index.html",
            "background/history/index.html",
        ),
    ] {
        let doc = page(&out, path);
        let hreflang: Vec<(String, String)> = doc
            .select(&Selector::parse("link[rel=alternate][hreflang]").unwrap())
            .map(|e| {
                (
                    e.attr("hreflang").unwrap().into(),
                    e.attr("href").unwrap().into(),
                )
            })
            .collect();
        let langs: Vec<&str> = hreflang.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(langs, ["en", "x-default", "ar-IQ"], "{path}");
        let other_lang = if other.starts_with("ar-IQ") {
            "ar-IQ"
        } else {
            "en"
        };
        let switch = one(&doc, &format!("nav.lang-switch a[hreflang='{other_lang}']"));
        let (target, _) = resolve_href(path, switch.attr("href").unwrap()).unwrap();
        assert_eq!(target, other, "{path}");
        assert!(out.join(&target).is_file());
        let alternate = one(&doc, "meta[property='og:locale:alternate']");
        assert_eq!(
            alternate.attr("content"),
            Some(if other_lang == "en" { "en" } else { "ar_IQ" })
        );
    }
    let sitemap = fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("<loc>https://example.org/talks/ar-IQ/timeline/</loc>"));
    assert!(sitemap.contains(
        "<xhtml:link rel=\"alternate\" hreflang=\"ar-IQ\" href=\"https://example.org/talks/ar-IQ/timeline/\"/>"
    ));
}

#[test]
fn a_translation_into_an_undeclared_language_is_an_error() {
    let s = Site::fixture("editions");
    s.write(
        "content/background/talks.fr.md",
        "+++\ntitle = \"Les pourparlers\"\ntranslated = 2024-01-27\n+++\nDeux tours.\n",
    );
    let run = s.build("out", &[]);
    run.assert_code(1);
    insta::assert_snapshot!(run.transcript(s.tmp()));
}

#[test]
fn a_field_that_disagrees_with_the_original_is_an_error_at_its_line() {
    let s = Site::fixture("editions");
    s.write(
        "content/timeline/2024-01-27-first-round.ar-IQ.md",
        "+++\ntitle = \"الجولة الأولى\"\ntranslated = 2024-01-27\ndate = \"2024-01-28\"\n+++\nنص.\n",
    );
    let run = s.build("out", &[]);
    run.assert_code(1);
    insta::assert_snapshot!(run.transcript(s.tmp()));
}

#[test]
fn an_edition_without_built_in_strings_must_give_each_one() {
    let s = Site::fixture("editions");
    s.append(
        "dossier.toml",
        "\n[languages.fr]\ntitle = \"Pourparlers\"\n",
    );
    s.write("i18n/fr.toml", "contents = \"Sommaire\"\n");
    let run = s.build("out", &[]);
    run.assert_code(2);
    assert!(
        run.stderr.contains("interface string `sources` is missing"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("add sources = \"…\" to i18n/fr.toml"));
}

#[test]
fn a_site_string_overrides_the_built_in_one() {
    let s = Site::fixture("editions");
    s.write(
        "i18n/ar.toml",
        "contents = \"الفهرس\"\nnav-explainer = \"الموضوع\"\n",
    );
    s.build("out", &[]).assert_code(0);
    let doc = page(&s.path("out"), "ar-IQ/index.html");
    assert_eq!(all_text(&doc, "nav.site-nav a")[0], "الموضوع");
    let en = page(&s.path("out"), "index.html");
    assert_eq!(all_text(&en, "nav.site-nav a")[0], "Explainer");
}

#[test]
fn new_with_an_arabic_title_keeps_its_letters_in_the_file_name() {
    let s = Site::fixture("editions");
    s.run(["new", "background", "مُحادثات بغداد"]).assert_code(0);
    assert!(s.file("content/background/محادثات-بغداد.md").is_file());
}

/// The editions are whole builds of their own: `DOSSIER_TIMINGS` gives them a line, so
/// a slow edition is not hidden in the gap between the stages and the total.
#[test]
fn timings_show_what_the_editions_cost() {
    let s = Site::fixture("editions");
    let out = s.path("out");
    let run = common::build_cmd(&s.root, &out)
        .env("DOSSIER_TIMINGS", "1")
        .run();
    run.assert_code(0);
    let line = run
        .stderr
        .lines()
        .find(|l| l.trim_start().starts_with("editions"));
    assert!(line.is_some_and(|l| l.contains(" ms")), "{}", run.stderr);
}

/// Which stage sets a build's peak memory: on Linux each stage's line says the peak so
/// far, which never goes down from one stage to the next.
#[cfg(target_os = "linux")]
#[test]
fn timings_say_the_peak_memory_after_each_stage() {
    let s = Site::fixture("editions");
    let run = common::build_cmd(&s.root, &s.path("out"))
        .env("DOSSIER_TIMINGS", "1")
        .run();
    run.assert_code(0);
    let peaks: Vec<u64> = run
        .stderr
        .lines()
        .filter_map(|l| {
            l.split("(peak ")
                .nth(1)?
                .split(" MiB)")
                .next()?
                .parse()
                .ok()
        })
        .collect();
    assert!(peaks.len() >= 5, "{}", run.stderr);
    assert!(peaks.windows(2).all(|w| w[0] <= w[1]), "{}", run.stderr);
    assert!(peaks[0] > 0, "{}", run.stderr);
}

/// What search.js and dossier.js write comes with each page, in the edition's words:
/// every plural form of the language (Arabic's six) and its digits, for the script to
/// pick with `Intl.PluralRules` and `Intl.NumberFormat`; a site's `i18n/` file applies.
#[test]
fn the_scripts_strings_come_with_each_page_in_its_editions_language() {
    let s = Site::fixture("editions");
    s.write("i18n/ar.toml", "search-none = \"لم نجد «{ $query }».\"\n");
    s.build("out", &[]).assert_code(0);
    let ui = |path: &str| -> serde_json::Value {
        let doc = page(&s.path("out"), path);
        let block = one(&doc, "template#d_ui");
        serde_json::from_str(&block.inner_html()).unwrap()
    };
    let ar = ui("ar-IQ/timeline/index.html");
    assert_eq!(ar["digits"], "arab");
    let results = ar["m"]["search-results"].as_object().unwrap();
    let mut categories: Vec<&str> = results.keys().map(String::as_str).collect();
    categories.sort_unstable();
    assert_eq!(categories, ["few", "many", "one", "other", "two", "zero"]);
    assert_eq!(results["two"], "نتيجتان.");
    assert_eq!(results["few"], "{n} نتائج.");
    assert_eq!(ar["m"]["filter-status"]["many"], "يُعرض {n} حدثاً: {group}");
    assert_eq!(ar["m"]["search-none"], "لم نجد «{query}».");
    assert_eq!(ar["m"]["term-full-entry"], "المدخل كاملاً");
    let en = ui("timeline/index.html");
    assert_eq!(en["digits"], "latn");
    assert_eq!(
        en["m"]["search-results"],
        serde_json::json!({"one": "{n} result.", "other": "{n} results."})
    );
    assert_eq!(en["m"]["search-none"], "No results for “{query}”.");
}

/// What the build writes besides the interface strings is in the edition's language
/// too: the feed's kinds of change, schema.org names, a table's label, a chart's
/// dates and digits, an embed's button (issue 18, point 2).
#[test]
fn feeds_metadata_tables_charts_and_embeds_speak_the_editions_language() {
    let s = Site::fixture("editions");
    s.write(
        "content/data/rounds.csv",
        "date,rounds\n2024-01-01,1200\n2024-02-01,1500\n2024-03-01,2500\n",
    );
    s.write(
        "content/data/rounds.toml",
        "title = \"Rounds\"\nsources = [\"S1\"]\n[columns]\ndate = { type = \"date\", label = \"When\" }\nrounds = { type = \"number\", label = \"Rounds\" }\n",
    );
    s.append(
        "content/index.ar-IQ.md",
        "\n| أ | ب |\n|---|---|\n| ١ | ٢ |\n\n```chart\ndata = \"rounds\"\nkind = \"line\"\nx = \"date\"\ny = [\"rounds\"]\ntitle = \"الجولات\"\nalt = \"ارتفعت\"\n```\n\n```embed\nurl = \"https://www.youtube.com/watch?v=abc123\"\ntitle = \"إحاطة\"\n```\n",
    );
    s.build("out", &[]).assert_code(0);
    let out = s.path("out");
    let atom = fs::read_to_string(out.join("ar-IQ/atom.xml")).unwrap();
    assert!(atom.contains("<title>تصحيح: "), "{atom}");
    assert!(atom.contains("<summary>تصحيح في «المحادثات»: "), "{atom}");
    assert!(!atom.contains("Correction"), "{atom}");
    let en = fs::read_to_string(out.join("atom.xml")).unwrap();
    assert!(en.contains("<summary>Correction to “The talks”: "), "{en}");
    let ld = |path: &str| -> String {
        let doc = page(&out, path);
        let json = one(&doc, "script[type='application/ld+json']")
            .text()
            .collect::<String>();
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        v["name"].as_str().unwrap().to_string()
    };
    assert_eq!(ld("ar-IQ/timeline/index.html"), "التسلسل الزمني: المحادثات");
    assert_eq!(ld("ar-IQ/glossary/index.html"), "المسرد: المحادثات");
    assert_eq!(ld("timeline/index.html"), "Timeline: Talks");
    let doc = page(&out, "ar-IQ/index.html");
    assert_eq!(
        one(&doc, ".table-scroll").attr("aria-label"),
        Some("الجدول ١: ما الذي حدث")
    );
    let ticks = all_text(&doc, ".chart-x text:not(.chart-axis-title)");
    assert!(
        ticks.iter().any(|t| t == "آذار ٢٠٢٤"),
        "month ticks in Iraqi names and Arabic-Indic digits: {ticks:?}"
    );
    let values = all_text(&doc, ".chart-y text");
    assert!(values.iter().any(|t| t == "٢٬٥٠٠"), "{values:?}");
    let cells = all_text(&doc, ".chart tbody th");
    assert!(cells.iter().any(|t| t == "١ آذار ٢٠٢٤"), "{cells:?}");
    assert_eq!(
        one(&doc, ".embed-load").text().collect::<String>(),
        "تشغيل «إحاطة» (يحمّل محتوى من YouTube)"
    );
}

/// A place's `names` name it in an edition's maps and exports: by the edition's tag,
/// else by its language, else `name`; a name for a language the site has no edition in
/// is an error at its key (issue 18).
#[test]
fn places_are_named_in_the_editions_language() {
    let s = Site::fixture("editions");
    s.write(
        "content/places.toml",
        "[[place]]\nid = \"baghdad\"\nname = \"Baghdad\"\nnames = { ar-IQ = \"بغداد\", ar = \"مدينة بغداد\" }\nlat = 33.31\nlon = 44.37\nprecision = \"city\"\n\n\
         [[place]]\nid = \"erbil\"\nname = \"Erbil\"\nnames = { ar = \"أربيل\" }\nlat = 36.19\nlon = 44.01\nprecision = \"city\"\n\n\
         [[place]]\nid = \"kirkuk\"\nname = \"Kirkuk\"\nlat = 35.47\nlon = 44.39\nprecision = \"city\"\n",
    );
    s.write(
        "content/timeline/2024-02-02-talks.md",
        "+++\ntitle = \"Talks move north\"\ndate = \"2024-02-02\"\nplaces = [\"baghdad\", \"erbil\", \"kirkuk\"]\nsources = [\"S1\"]\n+++\nThey met.\n",
    );
    s.build("out", &[]).assert_code(0);
    let out = s.path("out");
    let doc = page(&out, "ar-IQ/timeline/index.html");
    let list = all_text(&doc, "#d_places_map figcaption li");
    assert!(list[0].starts_with("بغداد"), "{list:?}");
    assert!(list[1].starts_with("أربيل"), "{list:?}");
    assert!(list[2].starts_with("Kirkuk"), "{list:?}");
    let labels = all_text(&doc, "#d_places_map svg text");
    assert!(labels.iter().any(|l| l == "بغداد"), "{labels:?}");
    let geo = fs::read_to_string(out.join("ar-IQ/places.geojson")).unwrap();
    assert!(geo.contains("\"name\": \"أربيل\""), "{geo}");
    let en = page(&out, "timeline/index.html");
    assert!(all_text(&en, "#d_places_map figcaption li")[0].starts_with("Baghdad"));

    s.write(
        "content/places.toml",
        "[[place]]\nid = \"baghdad\"\nname = \"Baghdad\"\nnames = { fr = \"Bagdad\" }\nlat = 33.31\nlon = 44.37\nprecision = \"city\"\n",
    );
    s.write(
        "content/timeline/2024-02-02-talks.md",
        "+++\ntitle = \"Talks move north\"\ndate = \"2024-02-02\"\nplaces = [\"baghdad\"]\nsources = [\"S1\"]\n+++\nThey met.\n",
    );
    let run = s.build("out", &[]);
    run.assert_code(1);
    insta::assert_snapshot!(run.transcript(s.tmp()));
}

/// A translation that leaves a text field to the original shows it in the original's
/// words, marked with the original's `lang` and `dir` so it is read (and spoken) as
/// English inside the Arabic page (issue 18, point 4).
#[test]
fn text_a_translation_inherits_is_marked_with_the_originals_language() {
    let s = Site::fixture("editions");
    s.write(
        "content/glossary/iraq.md",
        "+++\nterm = \"Iraq\"\nkind = \"place\"\nshort = \"A country.\"\naliases = [\"Republic of Iraq\"]\nsources = [\"S1\"]\n+++\n",
    );
    s.write(
        "content/timeline/2024-01-27-first-round.md",
        "+++\ntitle = \"First round\"\ndate = \"2024-01-27\"\nplace = \"Baghdad\"\ngroup = \"Talks\"\nsources = [\"S1\"]\n+++\nThe first round.\n",
    );
    s.write(
        "content/index.md",
        "+++\ntitle = \"The talks\"\nsummary = \"What the talks are about.\"\nauthors = [\"Desk staff\"]\npublished = 2024-01-27\n\n[[updates]]\ndate = 2024-03-01\nkind = \"correction\"\nsummary = \"Corrected the date of the second round.\"\n+++\n## What happened\n\nDelegations met in Iraq in January [@S1]. See the [talks](@/background/talks.md) and the [history](@/background/history.md).\n",
    );
    s.build("out", &[]).assert_code(0);
    let out = s.path("out");
    let marked = |doc: &Html, css: &str| -> (String, Option<String>, Option<String>) {
        let e = one(doc, css);
        (
            e.text().collect(),
            e.attr("lang").map(str::to_string),
            e.attr("dir").map(str::to_string),
        )
    };
    let en = (Some("en".to_string()), Some("ltr".to_string()));
    let glossary = page(&out, "ar-IQ/glossary/index.html");
    let (text, lang, dir) = marked(&glossary, "#iraq .aliases bdi");
    assert_eq!(
        (text.as_str(), (lang, dir)),
        ("Republic of Iraq", en.clone())
    );
    assert_eq!(one(&glossary, "#iraq .term-name").attr("lang"), None);
    let timeline = page(&out, "ar-IQ/timeline/index.html");
    let (text, lang, dir) = marked(&timeline, "[id='2024-01-27-first-round'] .place");
    assert_eq!((text.as_str(), (lang, dir)), ("Baghdad", en.clone()));
    let (_, lang, _) = marked(&timeline, "[id='2024-01-27-first-round'] .tag");
    assert_eq!(lang.as_deref(), Some("en"));
    assert_eq!(
        one(&timeline, "[id='2024-01-27-first-round'] .event-title").attr("lang"),
        None
    );
    let index = page(&out, "ar-IQ/index.html");
    let (text, lang, dir) = marked(&index, ".byline bdi");
    assert_eq!((text.as_str(), (lang, dir)), ("Desk staff", en.clone()));
    let (text, lang, _) = marked(&index, ".update-list bdi");
    assert_eq!(
        (text.as_str(), lang.as_deref()),
        ("Corrected the date of the second round.", Some("en"))
    );
    // The original marks nothing.
    let original = page(&out, "index.html");
    assert!(original
        .select(&Selector::parse(".byline bdi, .update-list bdi").unwrap())
        .next()
        .is_none());
}

/// A search engine that finds an edition's page canonicalised to the original treats it
/// as a duplicate and drops it; a preview shows the card in the page's own language.
#[test]
fn an_editions_pages_feed_and_cards_name_the_editions_own_urls() {
    let (_s, out) = built();
    let base = "https://example.org/talks/";
    for (path, public) in [
        ("ar-IQ/timeline/index.html", "ar-IQ/timeline/"),
        ("ar-IQ/index.html", "ar-IQ/"),
        ("timeline/index.html", "timeline/"),
    ] {
        let doc = page(&out, path);
        let canonical = one(&doc, "link[rel=canonical]").attr("href").unwrap();
        assert_eq!(canonical, format!("{base}{public}"), "{path}");
        let og = one(&doc, "meta[property='og:url']")
            .attr("content")
            .unwrap();
        assert_eq!(og, canonical, "{path}");
        let image = one(&doc, "meta[property='og:image']")
            .attr("content")
            .unwrap();
        let file = image.strip_prefix(base).unwrap();
        assert!(out.join(file).is_file(), "{path}: {image}");
        let edition = path.starts_with("ar-IQ/");
        assert_eq!(
            file.starts_with("ar-IQ/social/"),
            edition,
            "{path}: {image}"
        );
    }
    let doc = page(&out, "ar-IQ/timeline/index.html");
    let ld = one(&doc, "script[type='application/ld+json']")
        .text()
        .collect::<String>();
    assert!(
        ld.contains(&format!("\"url\":\"{base}ar-IQ/timeline/#")),
        "{ld}"
    );
    assert!(!ld.contains(&format!("\"{base}timeline/")), "{ld}");
    let atom = fs::read_to_string(out.join("ar-IQ/atom.xml")).unwrap();
    assert!(
        atom.contains(&format!("href=\"{base}ar-IQ/atom.xml\"")),
        "{atom}"
    );
    assert!(atom.contains(&format!("<id>{base}ar-IQ/</id>")), "{atom}");
    let ar_card = fs::read(out.join("ar-IQ/social/timeline.png")).unwrap();
    let en_card = fs::read(out.join("social/timeline.png")).unwrap();
    assert_ne!(ar_card, en_card, "the Arabic card shows the Arabic title");
}

/// A deploy that passes `--base-url` (a preview at another address) moves every
/// edition's URLs with it, and keeps their alternates.
#[test]
fn base_url_on_the_command_line_moves_an_editions_urls_too() {
    let s = Site::fixture("editions");
    s.build("out", &["--base-url", "https://preview.example.net/pr-7"])
        .assert_code(0);
    let doc = page(&s.path("out"), "ar-IQ/timeline/index.html");
    let canonical = one(&doc, "link[rel=canonical]").attr("href").unwrap();
    assert_eq!(
        canonical,
        "https://preview.example.net/pr-7/ar-IQ/timeline/"
    );
    let alternates: Vec<&str> = doc
        .select(&Selector::parse("link[rel=alternate][hreflang]").unwrap())
        .map(|e| e.attr("href").unwrap())
        .collect();
    assert_eq!(
        alternates,
        [
            "https://preview.example.net/pr-7/timeline/",
            "https://preview.example.net/pr-7/timeline/",
            "https://preview.example.net/pr-7/ar-IQ/timeline/",
        ]
    );
}
