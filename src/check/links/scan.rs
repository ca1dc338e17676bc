//! A small HTML tokenizer that finds what the link check needs in a page: every URL an
//! attribute or stylesheet holds, and every id a `#fragment` may name.
//!
//! It is not an HTML parser and does not build a tree. It walks the tags, reads their
//! attributes (double-, single- and unquoted values), decodes character references in
//! values, and skips what is not markup: comments, `<!DOCTYPE>`, and the contents of
//! `<script>`, `<style>`, `<textarea>` and `<title>` (a `<style>` body is scanned as CSS).
//! That is all a link checker needs, and it keeps an HTML parser out of the dependencies.

use std::borrow::Cow;
use std::collections::HashSet;

/// Where a URL was found: decides how it is resolved and reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlKind {
    /// An attribute: `href`, `src`, `srcset`, `poster`, `<object data>`.
    Attribute,
    /// A CSS `url()` or `@import`, in a stylesheet, `<style>` or `style=""`.
    Css,
}

/// One URL as the page holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundUrl {
    /// The URL with character references decoded and surrounding blanks trimmed.
    pub url: String,
    /// The value as written in the page (before decoding), for finding it in sources.
    pub raw: String,
    /// Byte offset of the value in the page.
    pub offset: usize,
    pub kind: UrlKind,
}

/// What a page holds: its URLs in order, and the ids of its elements.
#[derive(Debug, Default)]
pub struct Scanned {
    pub urls: Vec<FoundUrl>,
    /// Values of `id` on any element and of `name` on `<a>`.
    pub ids: HashSet<String>,
}

/// Elements whose contents are text, not markup: a `<a href>` inside them is no link.
const RAW_TEXT: &[&str] = &["script", "style", "textarea", "title"];

/// Scans an HTML page.
pub fn scan_html(html: &str) -> Scanned {
    let b = html.as_bytes();
    let mut out = Scanned::default();
    let mut i = 0;
    while let Some(lt) = html[i..].find('<').map(|k| i + k) {
        i = lt;
        let rest = &html[i..];
        if rest.starts_with("<!--") {
            i = html[i + 4..]
                .find("-->")
                .map_or(html.len(), |k| i + 4 + k + 3);
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") || rest.starts_with("</") {
            i = html[i..].find('>').map_or(html.len(), |k| i + k + 1);
            continue;
        }
        if !b.get(i + 1).is_some_and(u8::is_ascii_alphabetic) {
            i += 1;
            continue;
        }
        let name_start = i + 1;
        let mut j = name_start;
        while j < b.len() && !is_space(b[j]) && b[j] != b'/' && b[j] != b'>' {
            j += 1;
        }
        let tag = html[name_start..j].to_ascii_lowercase();
        j = attributes(html, j, &tag, &mut out);
        i = j;
        if RAW_TEXT.contains(&tag.as_str()) {
            let end = find_ignore_case(html, &format!("</{tag}"), i).unwrap_or(html.len());
            if tag == "style" {
                scan_css_into(&html[i..end], i, &mut out.urls);
            }
            i = end;
        }
    }
    out
}

/// Reads the attributes of a start tag from `j` (just after its name) to its `>`;
/// returns the offset after the tag.
fn attributes(html: &str, mut j: usize, tag: &str, out: &mut Scanned) -> usize {
    let b = html.as_bytes();
    loop {
        while j < b.len() && (is_space(b[j]) || b[j] == b'/') {
            j += 1;
        }
        if j >= b.len() {
            return j;
        }
        if b[j] == b'>' {
            return j + 1;
        }
        let name_start = j;
        // A name may start with `=` (the spec keeps it as part of the name).
        j += 1;
        while j < b.len() && !is_space(b[j]) && !matches!(b[j], b'/' | b'>' | b'=') {
            j += 1;
        }
        let name = html[name_start..j].to_ascii_lowercase();
        let k = skip_spaces(b, j);
        if b.get(k) != Some(&b'=') {
            continue; // no value
        }
        let k = skip_spaces(b, k + 1);
        let (start, end, next) = match b.get(k) {
            Some(&q @ (b'"' | b'\'')) => {
                let end = html[k + 1..]
                    .find(q as char)
                    .map_or(html.len(), |e| k + 1 + e);
                (k + 1, end, (end + 1).min(html.len()))
            }
            _ => {
                let mut e = k;
                while e < b.len() && !is_space(b[e]) && b[e] != b'>' {
                    e += 1;
                }
                (k, e, e)
            }
        };
        j = next;
        let raw = &html[start..end];
        value(tag, &name, raw, start, out);
    }
}

/// Records what one attribute value holds.
fn value(tag: &str, name: &str, raw: &str, offset: usize, out: &mut Scanned) {
    let url = |out: &mut Scanned, raw: &str, offset: usize| {
        let decoded = decode_entities(raw);
        let url = decoded.trim_matches(is_html_space);
        out.urls.push(FoundUrl {
            url: url.to_string(),
            raw: raw.trim_matches(is_html_space).to_string(),
            offset: offset + (raw.len() - raw.trim_start_matches(is_html_space).len()),
            kind: UrlKind::Attribute,
        });
    };
    match name {
        "id" => {
            out.ids.insert(decode_entities(raw).into_owned());
        }
        "name" if tag == "a" => {
            out.ids.insert(decode_entities(raw).into_owned());
        }
        "href" | "src" | "poster" => url(out, raw, offset),
        "data" if tag == "object" => url(out, raw, offset),
        "srcset" | "imagesrcset" => {
            // Candidates: `url [descriptor]`, separated by commas. A URL may itself hold
            // commas, so a candidate's URL runs to the first blank.
            let mut pos = 0;
            while pos < raw.len() {
                let rest = &raw[pos..];
                let lead = rest.len()
                    - rest
                        .trim_start_matches(|c: char| is_html_space(c) || c == ',')
                        .len();
                let start = pos + lead;
                if start >= raw.len() {
                    break;
                }
                let len = raw[start..]
                    .find(is_html_space)
                    .unwrap_or(raw.len() - start);
                let mut candidate = &raw[start..start + len];
                // `a.png,b.png 2x` without blanks: the trailing comma ends the candidate.
                candidate = candidate.trim_end_matches(',');
                url(out, candidate, offset + start);
                let after = start + len;
                pos = raw[after..].find(',').map_or(raw.len(), |c| after + c + 1);
            }
        }
        "style" => {
            let decoded = decode_entities(raw);
            let mut found = vec![];
            scan_css_into(&decoded, offset, &mut found);
            // Offsets inside a decoded value are approximate; the value's start is exact.
            for mut f in found {
                f.offset = f.offset.min(offset + raw.len());
                out.urls.push(f);
            }
        }
        _ => {}
    }
}

/// Scans a stylesheet for `url(…)` and `@import "…"`.
pub fn scan_css(css: &str) -> Vec<FoundUrl> {
    let mut out = vec![];
    scan_css_into(css, 0, &mut out);
    out
}

fn scan_css_into(css: &str, base: usize, out: &mut Vec<FoundUrl>) {
    let b = css.as_bytes();
    let mut i = 0;
    let push = |out: &mut Vec<FoundUrl>, start: usize, end: usize| {
        let raw = &css[start..end];
        let url = raw.trim();
        out.push(FoundUrl {
            url: url.to_string(),
            raw: url.to_string(),
            offset: base + start + (raw.len() - raw.trim_start().len()),
            kind: UrlKind::Css,
        });
    };
    // A quoted URL at `k`: records it and returns the offset after its closing quote.
    let quoted = |out: &mut Vec<FoundUrl>, k: usize| {
        matches!(b.get(k), Some(b'"' | b'\'')).then(|| {
            let (content_end, end) = string_end(css, k);
            push(out, k + 1, content_end);
            end
        })
    };
    while i < b.len() {
        let rest = &css[i..];
        if rest.starts_with("/*") {
            i = css[i + 2..].find("*/").map_or(css.len(), |k| i + 2 + k + 2);
        } else if b[i] == b'"' || b[i] == b'\'' {
            // A string outside url()/@import: skip it whole.
            i = string_end(css, i).1;
        } else if starts_with_ignore_case(rest, "url(") {
            let k = skip_spaces(b, i + 4);
            if let Some(end) = quoted(out, k) {
                i = css[end..].find(')').map_or(css.len(), |e| end + e + 1);
            } else {
                let end = css[k..].find(')').map_or(css.len(), |e| k + e);
                push(out, k, end);
                i = (end + 1).min(css.len());
            }
        } else if starts_with_ignore_case(rest, "@import") {
            let k = skip_spaces(b, i + 7);
            // `@import url(…)`: the next round reads the url().
            i = quoted(out, k).unwrap_or(k);
        } else {
            i += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
}

/// Where the CSS string starting at `start` ends: (end of its contents, offset after
/// its closing quote). An unterminated string ends at the line's end.
fn string_end(css: &str, start: usize) -> (usize, usize) {
    let b = css.as_bytes();
    let q = b[start];
    let mut k = start + 1;
    while k < b.len() {
        match b[k] {
            b'\\' => k += 2,
            c if c == q => return (k, k + 1),
            b'\n' => return (k, k),
            _ => k += 1,
        }
    }
    (css.len(), css.len())
}

/// Decodes the character references a URL or id may hold: the named ones HTML escapers
/// write, and numeric ones. Anything else is left as written.
pub fn decode_entities(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        rest = &rest[p..];
        let end = rest[1..]
            .find(|c: char| !c.is_ascii_alphanumeric() && c != '#')
            .map(|e| e + 1);
        let decoded = end.filter(|&e| rest[e..].starts_with(';')).and_then(|e| {
            let name = &rest[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => name.strip_prefix('#').and_then(|n| {
                    let code = match n.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok(),
                        None => n.parse().ok(),
                    };
                    code.and_then(char::from_u32)
                }),
            };
            c.map(|c| (c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

fn skip_spaces(b: &[u8], mut k: usize) -> usize {
    while k < b.len() && is_space(b[k]) {
        k += 1;
    }
    k
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

fn is_html_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0c')
}

fn starts_with_ignore_case(hay: &str, needle: &str) -> bool {
    hay.len() >= needle.len()
        && hay.as_bytes()[..needle.len()].eq_ignore_ascii_case(needle.as_bytes())
}

fn find_ignore_case(hay: &str, needle: &str, from: usize) -> Option<usize> {
    let n = needle.as_bytes();
    hay.as_bytes()[from..]
        .windows(n.len())
        .position(|w| w.eq_ignore_ascii_case(n))
        .map(|p| from + p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(html: &str) -> Vec<String> {
        scan_html(html).urls.into_iter().map(|u| u.url).collect()
    }

    #[test]
    fn reads_every_quoting_style() {
        let html = r#"<a href="a.html">x</a><A HREF='b.html'>y</A><a href=c.html>z</a><img src = "d.png" alt=x>"#;
        assert_eq!(urls(html), ["a.html", "b.html", "c.html", "d.png"]);
        let s = scan_html(html);
        assert_eq!(&html[s.urls[1].offset..s.urls[1].offset + 6], "b.html");
        assert_eq!(&html[s.urls[2].offset..s.urls[2].offset + 6], "c.html");
    }

    #[test]
    fn skips_comments_scripts_and_raw_text() {
        let html =
            "<!-- <a href=\"no1.html\"> --><script>var s = '<a href=\"no2.html\">';</script>\
                    <title><a href=no3.html></title><textarea><img src=no4.png></textarea>\
                    <SCRIPT src=\"app.js\"></SCRIPT><a href=\"yes.html\">";
        assert_eq!(urls(html), ["app.js", "yes.html"]);
    }

    #[test]
    fn decodes_character_references() {
        let html = "<a href=\"page.html?a=1&amp;b=2#x&#45;y\" id=\"caf&eacute;&#233;\">";
        let s = scan_html(html);
        assert_eq!(s.urls[0].url, "page.html?a=1&b=2#x-y");
        assert_eq!(s.urls[0].raw, "page.html?a=1&amp;b=2#x&#45;y");
        assert!(s.ids.contains("caf&eacute;é"), "{:?}", s.ids);
    }

    #[test]
    fn collects_ids_and_anchor_names() {
        let s = scan_html("<h2 id=intro>I</h2><a name=\"old\"></a><meta name=\"description\">");
        assert!(s.ids.contains("intro") && s.ids.contains("old"));
        assert!(!s.ids.contains("description"));
    }

    #[test]
    fn reads_srcset_poster_object_and_link() {
        let html = "<img srcset=\"a.png 1x, b.png 2x,c,d.png 3x\"><video poster=p.jpg></video>\
                    <object data=\"o.svg\"></object><div data=\"not-a-url\"></div>\
                    <link rel=stylesheet href=s.css>";
        assert_eq!(
            urls(html),
            ["a.png", "b.png", "c,d.png", "p.jpg", "o.svg", "s.css"]
        );
    }

    #[test]
    fn reads_css_urls_in_styles_and_stylesheets() {
        let html = "<style>/* url(no.png) */ .a { background: url('bg.png') }</style>\
                    <p style=\"background:url(&quot;x.png&quot;)\">";
        assert_eq!(urls(html), ["bg.png", "x.png"]);
        let css = "@import \"more.css\";\n.b { mask: url( icon.svg#i ) } .c::before { content: \"url(no)\" }";
        let found: Vec<String> = scan_css(css).into_iter().map(|u| u.url).collect();
        assert_eq!(found, ["more.css", "icon.svg#i"]);
    }

    #[test]
    fn survives_broken_markup() {
        for html in [
            "<a href=\"x",
            "<a href=",
            "<",
            "<a",
            "<!--",
            "<script>",
            "a < b",
            "<a =x>",
        ] {
            let _ = scan_html(html);
        }
        assert_eq!(urls("1 < 2 <a href=ok.html>"), ["ok.html"]);
    }
}
