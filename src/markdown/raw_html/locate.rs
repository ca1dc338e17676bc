//! Where in the HTML a tag's name, an attribute's name or an attribute's value is
//! written, so a refusal is reported at its own line and column. html5ever tells which
//! tag and where it ends; this finds its start and lexes its attributes the way the
//! WHATWG tokenizer's tag states do (whitespace, `/`, `=`, quotes). It decides nothing.

use std::ops::Range;

use super::rules::Place;

/// How many `<name` the search for a tag's start tries.
const MAX_TRIES: usize = 64;

/// One attribute as written: the byte ranges of its name and of its value, if any.
struct WrittenAttr {
    name: Range<usize>,
    value: Option<Range<usize>>,
}

/// The byte range of `place` in the start tag `name` that ends at `end` (just past its
/// `>`) and starts at or after `after`; the tag's name when the place cannot be found.
pub(super) fn locate(
    html: &str,
    name: &str,
    after: usize,
    end: usize,
    place: &Place,
) -> Range<usize> {
    let Some((start, attrs)) = find_tag(html, name, after, end) else {
        let at = html[..end].rfind('<').unwrap_or(0);
        return at..end;
    };
    let tag_name = start + 1..start + 1 + name.len();
    let written = |wanted: &str| {
        attrs
            .iter()
            .find(|a| html[a.name.clone()].eq_ignore_ascii_case(wanted))
    };
    match place {
        Place::TagName => tag_name,
        Place::AttrName(n) => written(n).map_or(tag_name, |a| a.name.clone()),
        Place::AttrValue(n) => written(n)
            .and_then(|a| a.value.clone())
            .filter(|v| !v.is_empty())
            .unwrap_or(tag_name),
    }
}

/// The start of the tag and its attributes: the first `<name` after `after` whose tag,
/// lexed, ends at `end`.
fn find_tag(html: &str, name: &str, after: usize, end: usize) -> Option<(usize, Vec<WrittenAttr>)> {
    let bytes = html.as_bytes();
    let mut from = after.min(end);
    // A few tries: `<name` inside an attribute value of the real tag is rare, and an
    // unbounded search would be quadratic on a hostile tag.
    for _ in 0..MAX_TRIES {
        let Some(rel) = html[from..end].find('<') else {
            break;
        };
        let start = from + rel;
        let name_end = start + 1 + name.len();
        if name_end <= end
            && html.is_char_boundary(name_end)
            && html[start + 1..name_end].eq_ignore_ascii_case(name)
        {
            if let Some((tag_end, attrs)) = lex_attrs(bytes, name_end) {
                if tag_end == end {
                    return Some((start, attrs));
                }
            }
        }
        from = start + 1;
    }
    None
}

fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

/// Lexes a tag's attributes from just after its name to the `>`: the offset past it and
/// the attributes, or `None` if the text ends first.
fn lex_attrs(b: &[u8], mut i: usize) -> Option<(usize, Vec<WrittenAttr>)> {
    // The rest of the tag name (html5ever's name may be a prefix match of what is written).
    while i < b.len() && !is_space(b[i]) && b[i] != b'/' && b[i] != b'>' {
        i += 1;
    }
    let mut attrs = vec![];
    loop {
        while i < b.len() && (is_space(b[i]) || b[i] == b'/') {
            i += 1;
        }
        match b.get(i)? {
            b'>' => return Some((i + 1, attrs)),
            _ => {
                let (attr, next) = lex_attr(b, i)?;
                attrs.push(attr);
                i = next;
            }
        }
    }
}

/// One attribute starting at `i`: name, then optionally `=` and a value.
fn lex_attr(b: &[u8], start: usize) -> Option<(WrittenAttr, usize)> {
    // A name may start with `=`; it runs to whitespace, `/`, `>` or `=`.
    let mut i = start + 1;
    while i < b.len() && !is_space(b[i]) && !matches!(b[i], b'/' | b'>' | b'=') {
        i += 1;
    }
    let name = start..i;
    let mut j = i;
    while j < b.len() && is_space(b[j]) {
        j += 1;
    }
    if b.get(j) != Some(&b'=') {
        return Some((WrittenAttr { name, value: None }, i));
    }
    j += 1;
    while j < b.len() && is_space(b[j]) {
        j += 1;
    }
    let (value, next) = match *b.get(j)? {
        q @ (b'"' | b'\'') => {
            let close = j + 1 + b[j + 1..].iter().position(|&c| c == q)?;
            (j + 1..close, close + 1)
        }
        _ => {
            let mut k = j;
            while k < b.len() && !is_space(b[k]) && b[k] != b'>' {
                k += 1;
            }
            (j..k, k)
        }
    };
    Some((
        WrittenAttr {
            name,
            value: Some(value),
        },
        next,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_attribute_a_refusal_is_about() {
        let html = "<p>x</p><a title='<a href=no>'\nhref\n=\n\"java\nscript:x\">y</a>";
        let end = html.find("\">y").unwrap() + 2;
        let at = locate(html, "a", 8, end, &Place::AttrValue("href".into()));
        assert_eq!(&html[at], "java\nscript:x");
        let at = locate(html, "a", 8, end, &Place::TagName);
        assert_eq!(&html[at], "a");
        let html = "<IMG src=x ONERROR=alert(1)>";
        let at = locate(
            html,
            "img",
            0,
            html.len(),
            &Place::AttrName("onerror".into()),
        );
        assert_eq!(&html[at], "ONERROR");
    }
}
