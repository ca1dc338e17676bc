//! The built-in templates and assets, compiled into the binary. A site's `templates/`
//! file of the same name replaces one (see `templates` and `pages::Pages::asset`).

/// Built-in templates and assets, compiled into the binary. A site's `templates/` file of
/// the same name replaces one.
pub const BUILTIN_TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    (
        "explainer.html",
        include_str!("../../templates/explainer.html"),
    ),
    (
        "background_index.html",
        include_str!("../../templates/background_index.html"),
    ),
    (
        "background.html",
        include_str!("../../templates/background.html"),
    ),
    (
        "timeline.html",
        include_str!("../../templates/timeline.html"),
    ),
    (
        "glossary.html",
        include_str!("../../templates/glossary.html"),
    ),
    ("404.html", include_str!("../../templates/404.html")),
    (
        "redirect.html",
        include_str!("../../templates/redirect.html"),
    ),
    (
        "partials/nav.html",
        include_str!("../../templates/partials/nav.html"),
    ),
    (
        "partials/references.html",
        include_str!("../../templates/partials/references.html"),
    ),
    (
        "partials/toc.html",
        include_str!("../../templates/partials/toc.html"),
    ),
    (
        "partials/updates.html",
        include_str!("../../templates/partials/updates.html"),
    ),
    (
        "partials/marks.html",
        include_str!("../../templates/partials/marks.html"),
    ),
    ("page.html", include_str!("../../templates/page.html")),
    (
        "partials/credits.html",
        include_str!("../../templates/partials/credits.html"),
    ),
    (
        "partials/footer_pages.html",
        include_str!("../../templates/partials/footer_pages.html"),
    ),
    (
        "partials/search.html",
        include_str!("../../templates/partials/search.html"),
    ),
    (
        "components/figure.html",
        include_str!("../../templates/components/figure.html"),
    ),
    (
        "components/quote.html",
        include_str!("../../templates/components/quote.html"),
    ),
    (
        "components/numbers.html",
        include_str!("../../templates/components/numbers.html"),
    ),
    (
        "components/embed.html",
        include_str!("../../templates/components/embed.html"),
    ),
    (
        "components/chart.html",
        include_str!("../../templates/components/chart.html"),
    ),
    (
        "components/map.html",
        include_str!("../../templates/components/map.html"),
    ),
    (
        "components/callout.html",
        include_str!("../../templates/components/callout.html"),
    ),
];

/// Built-in static assets (not Tera templates), overridable by name the same way.
pub const BUILTIN_ASSETS: &[(&str, &str)] = &[
    ("style.css", include_str!("../../templates/style.css")),
    ("dossier.js", include_str!("../../templates/dossier.js")),
    ("favicon.svg", include_str!("../../templates/favicon.svg")),
    ("search.js", include_str!("../../templates/search.js")),
    ("embed.js", include_str!("../../templates/embed.js")),
    // Appended to style.css, not published alone (see `pages::Pages::assets`).
    (
        "components.css",
        include_str!("../../templates/components.css"),
    ),
];
