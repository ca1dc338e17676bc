//! What raw HTML may not do: which tags and attributes, as the browser sees them (see
//! `browser`), would run script. It decides; it does not locate or report.
//!
//! Always refused: an attribute whose value, decoded, starts with a script scheme
//! (`javascript:`, `vbscript:`, `data:text/html`…), whatever the attribute is called, so
//! SVG's `<animate to=…>`, `formaction` and `xlink:href` are covered with `href` and `src`.
//! Refused unless the site allows scripts (`[raw_html] allow_scripts = true`): elements
//! that run or load script or a document (`<script>`, `<object>`, `<embed>`, `<base>`,
//! frames), `on…=` handlers, `<iframe srcdoc>` and `<meta http-equiv>` (a refresh to a
//! script URL, or a policy of its own).

use super::browser::SeenTag;
use crate::html::is_script_url;

/// Where a refusal points in the tag: its name, an attribute's name or its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Place {
    TagName,
    AttrName(String),
    AttrValue(String),
}

/// One thing in a tag that raw HTML may not do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Refusal {
    pub message: String,
    /// True when `[raw_html] allow_scripts = true` would allow it.
    pub allowable: bool,
    pub place: Place,
}

/// Elements that run script or load a document or plug-in.
const SCRIPT_ELEMENTS: &[&str] = &[
    "script", "object", "embed", "applet", "base", "frame", "frameset", "portal",
];

/// Attributes whose value is text a reader sees, never a URL followed.
fn is_text_attribute(name: &str) -> bool {
    matches!(name, "alt" | "title" | "placeholder" | "label") || name.starts_with("aria-")
}

/// Everything in `tag` that raw HTML may not do, given whether the site allows scripts.
pub(super) fn judge(tag: &SeenTag, allow_scripts: bool) -> Vec<Refusal> {
    let mut found = vec![];
    let mut scripted = |message: String, place: Place| {
        if !allow_scripts {
            found.push(Refusal {
                message,
                allowable: true,
                place,
            });
        }
    };
    if SCRIPT_ELEMENTS.contains(&tag.name.as_str()) {
        scripted(format!("`<{}>` in raw HTML", tag.name), Place::TagName);
    }
    for (name, _) in &tag.attrs {
        if name.starts_with("on") {
            scripted(
                format!("event handler `{name}` in raw HTML"),
                Place::AttrName(name.clone()),
            );
        } else if name == "srcdoc" || (name == "http-equiv" && tag.name == "meta") {
            scripted(
                format!("`<{} {name}>` in raw HTML", tag.name),
                Place::AttrName(name.clone()),
            );
        }
    }
    for (name, value) in &tag.attrs {
        if !is_text_attribute(name) && has_script_url(name, value) {
            found.push(Refusal {
                message: format!("script URL in raw HTML (`{name}` of `<{}>`)", tag.name),
                allowable: false,
                place: Place::AttrValue(name.clone()),
            });
        }
    }
    found
}

/// Whether an attribute value is, or (for SVG animation's `values`, a `;` list) holds, a
/// script URL.
fn has_script_url(name: &str, value: &str) -> bool {
    if name == "values" {
        return value.split(';').any(is_script_url);
    }
    is_script_url(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(name: &str, attrs: &[(&str, &str)]) -> SeenTag {
        SeenTag {
            name: name.into(),
            attrs: attrs
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
            end: 0,
        }
    }

    #[test]
    fn refuses_what_runs_script() {
        let refused = |t: &SeenTag| judge(t, false).len();
        assert_eq!(refused(&tag("script", &[])), 1);
        assert_eq!(refused(&tag("img", &[("src", "x"), ("onerror", "y")])), 1);
        assert_eq!(refused(&tag("iframe", &[("srcdoc", "<b>")])), 1);
        assert_eq!(refused(&tag("meta", &[("http-equiv", "refresh")])), 1);
        assert_eq!(refused(&tag("a", &[("href", "java\nscript:x")])), 1);
        assert_eq!(refused(&tag("animate", &[("values", "a;javascript:x")])), 1);
        assert_eq!(refused(&tag("a", &[("title", "javascript: a history")])), 0);
        assert_eq!(
            refused(&tag("iframe", &[("src", "https://example.org/")])),
            0
        );
    }

    #[test]
    fn allowing_scripts_never_allows_script_urls() {
        assert!(judge(&tag("script", &[("onload", "x")]), true).is_empty());
        let r = judge(&tag("a", &[("href", "javascript:x")]), true);
        assert_eq!(r.len(), 1);
        assert!(!r[0].allowable);
    }
}
