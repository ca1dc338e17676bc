//! The Content-Security-Policy the site obeys: scripts, styles and images from the site
//! itself only, and the few inline scripts and styles its templates need allowed by
//! their SHA-256 hash (no `'unsafe-inline'`). The same policy goes in every page's
//! `<meta http-equiv>` and in the `_headers` of hosts that read one (issue 19).
//!
//! The hashes are found in the templates in use (the built-ins, or a site's overrides
//! of them): each `<script>` or `<style>` element without `src` whose text holds no
//! template code. A JSON-LD block is data, which CSP does not govern. The 404 page's
//! inline stylesheet (it is served at any depth, so it carries its CSS) is hashed from
//! the stylesheet it inlines.

use base64::Engine;
use sha2::{Digest, Sha256};

/// The policy for a site whose templates are `templates` (name, text) and whose 404
/// page inlines `inline_css`.
pub fn policy<'a>(templates: impl Iterator<Item = &'a str>, inline_css: &str) -> String {
    let mut scripts = vec![];
    let mut styles = vec![source_hash(inline_css)];
    for text in templates {
        scripts.extend(inline_texts(text, "script").map(source_hash));
        styles.extend(inline_texts(text, "style").map(source_hash));
    }
    for list in [&mut scripts, &mut styles] {
        list.sort();
        list.dedup();
    }
    let with = |hashes: &[String]| {
        let mut s = String::from("'self'");
        for h in hashes {
            s.push(' ');
            s.push_str(h);
        }
        s
    };
    // frame-src: an `embed` block (issue 22) loads its player (YouTube, Vimeo…) in an
    // https frame, and only after the reader's click; nothing else on a page frames.
    format!(
        "default-src 'self'; script-src {}; style-src {}; img-src 'self' data:; frame-src 'self' https:; object-src 'none'; base-uri 'self'; form-action 'self'",
        with(&scripts),
        with(&styles)
    )
}

/// `'sha256-…'` of a script's or style's text, as CSP writes it.
fn source_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// The texts of the inline `<tag>` elements of a template that run as written: no
/// `src`, no data `type` (JSON-LD), no template code inside.
fn inline_texts<'t>(template: &'t str, tag: &'t str) -> impl Iterator<Item = &'t str> + 't {
    let open = format!("<{tag}");
    let close = format!("</{tag}>");
    let mut rest = template;
    std::iter::from_fn(move || loop {
        let start = rest.find(&open)?;
        let after = &rest[start + open.len()..];
        let attrs_end = after.find('>')?;
        let attrs = &after[..attrs_end];
        let body = &after[attrs_end + 1..];
        let end = body.find(&close)?;
        rest = &body[end + close.len()..];
        let is_element = attrs.is_empty() || attrs.starts_with(char::is_whitespace);
        let runs = !attrs.contains("src=") && !attrs.contains("type=");
        let text = &body[..end];
        if is_element && runs && !text.contains("{{") && !text.contains("{%") {
            return Some(text);
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_and_styles_are_hashed_and_data_is_not() {
        let t = "<script>a()</script><script src=\"x.js\"></script>\
                 <script type=\"application/ld+json\">{}</script><style>p{}</style>\
                 <script>{{ x }}</script><scripts>no</scripts>";
        assert_eq!(inline_texts(t, "script").collect::<Vec<_>>(), ["a()"]);
        assert_eq!(inline_texts(t, "style").collect::<Vec<_>>(), ["p{}"]);
        let p = policy([t].into_iter(), "");
        // SHA-256 of the empty string, in base64.
        assert!(
            p.contains("style-src 'self' 'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"),
            "{p}"
        );
        assert!(!p.contains("unsafe-inline"), "{p}");
        assert_eq!(p.matches("'sha256-").count(), 3, "{p}");
    }
}
