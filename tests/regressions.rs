//! One test per crash found by hostile input (fuzzing or review), named after what it
//! was, running the real binary. The fix is in `src/`; the "See:" line says where.

mod common;

use common::Site;

/// Builds `site` and checks it fails cleanly (exit 1, not a crash) naming `file`.
#[track_caller]
fn fails_cleanly(site: &Site, message: &str, file: &str) {
    let out = site.run(["build"]);
    out.assert_code(1);
    let err = out.stderr.clone();
    assert!(err.contains(message), "{err}");
    assert!(err.contains(&format!("--> {file}")), "{err}");
    assert!(!site.file("public").exists());
}

// See: template_recursion.rs. Tera 1 has no recursion limit: this overflowed the stack
// and aborted (exit 134).
#[test]
fn a_template_that_includes_itself_is_an_error_not_a_stack_overflow() {
    let site = Site::minimal();
    site.write(
        "templates/partials/nav.html",
        "<nav>{% include \"partials/nav.html\" %}</nav>",
    );
    fails_cleanly(
        &site,
        "templates call themselves: `partials/nav.html` → `partials/nav.html`",
        "templates/partials/nav.html",
    );
}

// See: template_recursion.rs, as above, through two templates and under a condition.
#[test]
fn an_include_loop_between_templates_is_an_error_not_a_stack_overflow() {
    let site = Site::minimal();
    site.write(
        "templates/partials/toc.html",
        "{% if page.toc %}{% include \"partials/updates.html\" %}{% endif %}",
    );
    site.write(
        "templates/partials/updates.html",
        "{% include \"partials/toc.html\" %}",
    );
    fails_cleanly(&site, "templates call themselves", "templates/partials/");
}

// See: template_recursion.rs, as above, for a macro that calls itself.
#[test]
fn a_macro_that_calls_itself_is_an_error_not_a_stack_overflow() {
    let site = Site::minimal();
    site.write(
        "templates/explainer.html",
        "{% macro a(n) %}{{ self::a(n=n) }}{% endmacro a %}{{ self::a(n=1) }}",
    );
    fails_cleanly(
        &site,
        "macro `a` of `explainer.html` → macro `a` of `explainer.html`",
        "templates/explainer.html",
    );
}

// See: main.rs `say`. `eprintln!` panicked when stderr was closed or full, so
// `dossier build 2>&1 | head -1` on a failing build exited 101.
#[cfg(target_os = "linux")]
#[test]
fn a_full_or_closed_stderr_is_not_a_panic() {
    let site = Site::explainer("[x](@/missing.md)\n");
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    site.cmd(["build"]).stderr(full).run().assert_code(1);
    let ok = Site::minimal();
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    ok.cmd(["build"]).stderr(full).run().assert_code(0);
}

/// Builds an explainer of `body` and returns the stderr of the failed build, which must
/// have reported an error at `line:column` of `content/index.md` and written nothing.
#[track_caller]
fn refused_at(body: &str, line: usize, column: usize) -> String {
    let site = Site::explainer(body);
    let out = site.run(["build"]);
    out.assert_code(1);
    let at = format!("--> content/index.md:{line}:{column}");
    assert!(out.stderr.contains(&at), "want {at}:\n{}", out.stderr);
    assert!(!site.file("public").exists());
    out.stderr.clone()
}

// See: src/markdown/raw_html. The filter read an HTML block one line at a time, so a
// script URL split over lines (or hidden behind a character reference) was published
// and ran in Chromium. Issue 21, point 1. (The explainer's body starts on line 6.)
#[test]
fn a_script_url_split_over_the_lines_of_an_html_block_is_an_error() {
    let err = refused_at(
        "<div>\n<a href=\"java\nscript:alert(1)\">x</a>\n</div>\n",
        7,
        10,
    );
    assert!(
        err.contains("script URL in raw HTML (`href` of `<a>`)"),
        "{err}"
    );
    refused_at(
        "<div>\n<a href=\"\njavascript:alert(1)\">x</a>\n</div>\n",
        7,
        10,
    );
    refused_at(
        "<div>\n<a\nhref\n=\n\"javascript:alert(1)\">x</a>\n</div>\n",
        10,
        2,
    );
    refused_at(
        "<table><tr><td>\n<a href=\"&#x6A;ava&Tab;script&colon;alert(1)\">x</a>\n</td></tr></table>\n",
        7,
        10,
    );
    refused_at(
        "x <svg><a xlink:href=\"javascript:alert(1)\">y</a></svg>\n",
        6,
        23,
    );
}

// See: src/markdown/raw_html/rules.rs. `<script>`, `on…=` handlers and the like were
// published verbatim. Issue 21, point 2.
#[test]
fn raw_html_that_runs_script_is_an_error_unless_the_site_allows_it() {
    for (body, line, column) in [
        ("<script>alert(1)</script>\n", 6, 2),
        ("Text <img src=x onerror=alert(1)> text.\n", 6, 17),
        (
            "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>\n",
            6,
            9,
        ),
        ("<object data=\"x.swf\"></object>\n", 6, 2),
        ("<embed src=\"x.swf\">\n", 6, 2),
        ("<base href=\"https://example.org/\">\n", 6, 2),
        ("<meta http-equiv=\"refresh\" content=\"0;url=x\">\n", 6, 7),
        ("# Title <b onclick=\"x()\">b</b>\n", 6, 12),
    ] {
        let err = refused_at(body, line, column);
        assert!(err.contains("allow_scripts = true"), "{err}");
    }
    let site = Site::explainer("<script>let x = 1;</script>\n\n<b onclick=\"x()\">b</b>\n");
    site.append("dossier.toml", "[raw_html]\nallow_scripts = true\n");
    site.run(["build"]).assert_code(0);
    let html = std::fs::read_to_string(site.file("public/index.html")).unwrap();
    assert!(html.contains("<script>let x = 1;</script>"), "{html}");
    // Opting in to scripts never lets a script URL through.
    site.write(
        "content/index.md",
        format!(
            "{}<a href=\"javascript:x\">y</a>\n",
            common::EXPLAINER_FRONT
        ),
    );
    site.run(["build"]).assert_code(1);
}

// See: src/markdown/raw_html/browser.rs. A tag, quote or raw-text element left open by
// one block is finished by what follows it, where `"` is not escaped: the next
// paragraph could add a handler. Issue 21, point 1.
#[test]
fn raw_html_left_open_for_the_next_paragraph_is_an_error() {
    let err = refused_at("<div title=\"\n\nx\" onmouseover=\"alert(1)\">\n", 6, 1);
    assert!(err.contains("raw HTML left open"), "{err}");
    refused_at("<textarea>\n\nx\n", 6, 2);
    refused_at("Text.\n\n<svg>\n", 8, 1);
}

// See: render/template_limits.rs. Tera parses recursively: 2,000 nested `{% if %}`
// overflowed the stack and aborted (exit 134; in `serve` the server died). Issue 21,
// point 4.
#[test]
fn thousands_of_nested_ifs_are_an_error_not_a_stack_overflow() {
    let site = Site::minimal();
    site.write(
        "templates/explainer.html",
        format!(
            "{}x{}",
            "{% if true %}\n".repeat(2_000),
            "{% endif %}".repeat(2_000)
        ),
    );
    fails_cleanly(
        &site,
        "template nests deeper than 64 levels",
        "templates/explainer.html:65:1",
    );
}

// See: render/template_limits.rs, `charge_range`. Nested `range(end=100000)` loops ran
// for hours (in `serve`, fixes never appeared and a core stayed pegged). Issue 21,
// point 4.
#[test]
fn nested_range_loops_are_an_error_not_a_build_that_never_ends() {
    let site = Site::minimal();
    site.write(
        "templates/explainer.html",
        "{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% endfor %}{% endfor %}",
    );
    let started = std::time::Instant::now();
    fails_cleanly(
        &site,
        "more than 1000000 numbers while rendering one page",
        "templates/explainer.html",
    );
    assert!(started.elapsed().as_secs() < 60);
}

// See: render/template_limits.rs, `BoundedWriter`. A page that writes without end is
// stopped at its size limit, naming its template. Issue 21, point 4.
#[test]
fn a_template_that_writes_without_end_is_an_error() {
    let site = Site::minimal();
    site.write(
        "templates/explainer.html",
        format!(
            "{{% for i in range(end=100000) %}}{{% for j in range(end=10) %}}{}{{% endfor %}}{{% endfor %}}",
            "x".repeat(1_000)
        ),
    );
    fails_cleanly(&site, "the page passed 64 MiB", "templates/explainer.html");
}

// See: render/template_errors.rs. Every template error pointed at
// `templates/explainer.html` with no line, even when the mistake was in a partial it
// includes. Issue 21, point 10.
#[test]
fn a_template_error_points_at_the_template_and_line_of_the_mistake() {
    for (partial, message, at) in [
        (
            "<nav>\n{{ get_env(name=\"HOME\") }}\n</nav>\n",
            "get_env is disabled",
            "templates/partials/nav.html:2:4",
        ),
        (
            "<nav>\n\n{% include \"../../etc/passwd\" %}\n</nav>\n",
            "Template '[../../etc/passwd]' not found",
            "templates/partials/nav.html:3:13",
        ),
        (
            "<nav>\n{% if %}\n</nav>\n",
            "cannot parse template `partials/nav.html`",
            "templates/partials/nav.html:2:7",
        ),
        (
            "<nav>\n{{ page.nope }}\n</nav>\n",
            "Variable `page.nope` not found",
            "templates/partials/nav.html:2:4",
        ),
    ] {
        let site = Site::minimal();
        site.write("templates/partials/nav.html", partial);
        fails_cleanly(&site, message, at);
    }
}

// See: parse/frontmatter `lone_cr`. A file saved with lone CR line endings was
// "missing frontmatter" over the whole file. Issue 21, point 6.
#[test]
fn a_file_with_cr_line_endings_says_so() {
    let site = Site::minimal();
    site.write(
        "content/index.md",
        common::EXPLAINER_FRONT.replace('\n', "\r") + "Body.\r",
    );
    fails_cleanly(
        &site,
        "the file uses CR line endings",
        "content/index.md:1:4",
    );
}

// See: markdown/adapter.rs `without_nul`. A NUL byte in a body was published as is;
// CommonMark makes it U+FFFD. Issue 21, point 6.
#[test]
fn a_nul_byte_in_a_body_becomes_a_replacement_character() {
    let site = Site::explainer("Bo\0dy `c\0d`.\n\n```\nx\0y\n```\n");
    site.run(["build"]).assert_code(0);
    let html = std::fs::read_to_string(site.file("public/index.html")).unwrap();
    assert!(!html.contains('\0'));
    assert_eq!(html.matches('\u{fffd}').count(), 3, "{html}");
}

// See: markdown/headings.rs `explicit_id`. Two headings with the same `{#id}` were
// renamed silently, so links to the second went to the first. Issue 21, point 9.
#[test]
fn two_headings_with_the_same_explicit_id_are_an_error_at_the_second() {
    let site = Site::explainer("## A {#x}\n\nText.\n\n## B {#x}\n");
    fails_cleanly(
        &site,
        "the id `#x` is already used on this page",
        "content/index.md:10:6",
    );
}

// See: markdown/adapter.rs `unmatched_footnote_refs`. A reference to a footnote that
// is never defined was published as the text `[^nope]`. Issue 21, point 9.
#[test]
fn an_undefined_footnote_is_an_error_at_its_reference() {
    let site = Site::explainer("Text[^nope], \\[^escaped] and [^ok].\n\n[^ok]: Fine.\n");
    fails_cleanly(
        &site,
        "footnote `[^nope]` is not defined",
        "content/index.md:6:5",
    );
}

// See: html.rs `is_web_address`. `http://` alone passed as a web address, in
// `sources.toml` and as `base_url`, and made links to nowhere. Issue 21, point 7.
#[test]
fn an_empty_web_address_is_an_error_at_its_position() {
    let site = Site::minimal();
    site.write(
        "content/sources.toml",
        "[[source]]\nid = \"S1\"\ntitle = \"T\"\nurl = \"http://\"\n",
    );
    fails_cleanly(
        &site,
        "source url `http://` is not a web address",
        "content/sources.toml:4:7",
    );
    let site = Site::minimal();
    site.append("dossier.toml", "base_url = \"http://\"\n");
    let out = site.run(["build"]);
    out.assert_code(2);
    assert!(
        out.stderr.contains("--> dossier.toml:3:12"),
        "{}",
        out.stderr
    );
    let out = Site::minimal().run(["build", "--base-url", "https://"]);
    out.assert_code(2);
}

// See: diag/toml_error.rs `deepest_line`. A 50,000-part dotted key stopped the TOML
// parser at its recursion limit with no position, reported at line 2. Issue 21, point 8.
#[test]
fn a_dotted_key_too_deep_to_read_is_reported_at_its_own_line() {
    let key = vec!["a"; 50_000].join(".");
    let site = Site::minimal();
    let front = common::EXPLAINER_FRONT.strip_suffix("+++\n").unwrap();
    site.write(
        "content/index.md",
        format!("{front}{key} = 1\n+++\nBody.\n"),
    );
    fails_cleanly(&site, "recursion limit", "content/index.md:5:1");
}

// See: read/mod.rs `list_static`. A link in static/ to a folder outside the site was
// reported once per file behind it (175,239 lines for `static/usr -> /usr`). Issue 21,
// point 11.
#[cfg(unix)]
#[test]
fn a_static_link_that_leads_out_of_the_site_is_one_error_at_the_link() {
    let site = Site::minimal();
    let outside = site.tmp().join("outside");
    for i in 0..50 {
        site.write(&format!("../outside/sub/{i}.txt"), "secret");
    }
    std::fs::create_dir_all(site.file("static")).unwrap();
    std::os::unix::fs::symlink(&outside, site.file("static/usr")).unwrap();
    let out = site.run(["build"]);
    out.assert_code(2);
    assert_eq!(out.errors().len(), 1, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("`static/usr` links to a place outside the site folder"),
        "{}",
        out.stderr
    );
    assert!(!site.file("public").exists());
}

// See: output.rs `follow_link`. An output folder that was a symbolic link was replaced
// by a folder, silently moving the output away from where the link pointed. Issue 21,
// point 12.
#[cfg(unix)]
#[test]
fn an_output_folder_that_is_a_link_is_kept_and_what_it_points_to_replaced() {
    let site = Site::minimal();
    let real = site.tmp().join("served");
    std::fs::create_dir(&real).unwrap();
    std::os::unix::fs::symlink(&real, site.file("public")).unwrap();
    for _ in 0..2 {
        site.run(["build"]).assert_code(0);
        let link = std::fs::symlink_metadata(site.file("public")).unwrap();
        assert!(link.file_type().is_symlink());
        assert!(real.join("index.html").is_file());
    }
    std::fs::remove_dir_all(&real).unwrap();
    let out = site.run(["build"]);
    out.assert_code(2);
    assert!(
        out.stderr.contains("is a link that leads nowhere"),
        "{}",
        out.stderr
    );
}

// See: markdown/raw_html/browser.rs. Found by the raw_html fuzz target: a tag left open
// at the very end of a body was finished by the reader's end-of-body marker, and
// locating its handler sliced past the end of the HTML (a panic, exit 101).
#[test]
fn a_tag_left_open_at_the_end_of_a_body_is_an_error_not_a_panic() {
    let site = Site::explainer("Text.\n\n<div onclick=x");
    let out = site.run(["build"]);
    out.assert_code(1);
    assert!(
        out.stderr.contains("event handler `onclick` in raw HTML"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("raw HTML left open"), "{}", out.stderr);
}
