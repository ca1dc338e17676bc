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
