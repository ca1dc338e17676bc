//! URL paths → keys of the served site. The one place that decides whether a request
//! path is acceptable.
//!
//! It decodes percent-escapes one segment at a time and refuses anything that could name
//! something outside the site: `.` and `..` segments, plain or encoded (`%2e%2e`); encoded
//! separators (`%2f`, `%5c`) and backslashes; empty segments (`//etc/passwd`); NUL and
//! other control characters; invalid UTF-8. What it returns is only ever used as a key
//! into the in-memory snapshot, never joined onto a disk path. Pure, no I/O.

/// A request path that names something inside the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SitePath {
    /// Decoded segments; none is empty, `.` or `..`.
    pub segments: Vec<String>,
    /// The URL ends with `/` (or is `/`): it names a folder, served by its `index.html`.
    pub is_dir: bool,
}

/// Why a path was refused (the response is 400 Bad Request).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BadPath {
    /// Does not start with `/` (e.g. `*` or `http://…`).
    NotAbsolute,
    /// `%` not followed by two hex digits.
    BadEscape,
    /// `%2f` or `%5c`: a separator hidden from the split.
    EncodedSeparator,
    /// A backslash, which some systems read as a separator.
    Backslash,
    /// `.` or `..`, plain or encoded.
    DotSegment,
    /// `//`: an empty segment, as in `//etc/passwd`.
    EmptySegment,
    /// NUL or another control character.
    ControlChar,
    NotUtf8,
}

impl BadPath {
    pub fn reason(self) -> &'static str {
        match self {
            BadPath::NotAbsolute => "the path must start with /",
            BadPath::BadEscape => "a % must be followed by two hex digits",
            BadPath::EncodedSeparator => "encoded slashes are not allowed",
            BadPath::Backslash => "backslashes are not allowed",
            BadPath::DotSegment => ". and .. segments are not allowed",
            BadPath::EmptySegment => "empty path segments are not allowed",
            BadPath::ControlChar => "control characters are not allowed",
            BadPath::NotUtf8 => "the path is not valid UTF-8",
        }
    }
}

impl SitePath {
    /// The snapshot key this path names: `a/b.css`, or `a/index.html` for `a/`.
    pub fn key(&self) -> String {
        let joined = self.segments.join("/");
        match (self.is_dir, joined.is_empty()) {
            (true, true) => "index.html".to_string(),
            (true, false) => format!("{joined}/index.html"),
            (false, _) => joined,
        }
    }
}

/// Parses the path part of a request target (the query already split off).
pub fn parse(path: &str) -> Result<SitePath, BadPath> {
    let rest = path.strip_prefix('/').ok_or(BadPath::NotAbsolute)?;
    if rest.is_empty() {
        return Ok(SitePath {
            segments: vec![],
            is_dir: true,
        });
    }
    let (body, is_dir) = match rest.strip_suffix('/') {
        Some(body) => (body, true),
        None => (rest, false),
    };
    let mut segments = vec![];
    for raw in body.split('/') {
        let segment = decode_segment(raw)?;
        match segment.as_str() {
            "" => return Err(BadPath::EmptySegment),
            "." | ".." => return Err(BadPath::DotSegment),
            _ => segments.push(segment),
        }
    }
    Ok(SitePath { segments, is_dir })
}

fn decode_segment(raw: &str) -> Result<String, BadPath> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = bytes.get(i + 1..i + 3).ok_or(BadPath::BadEscape)?;
                let hex = std::str::from_utf8(hex).map_err(|_| BadPath::BadEscape)?;
                let byte = u8::from_str_radix(hex, 16).map_err(|_| BadPath::BadEscape)?;
                if byte == b'/' || byte == b'\\' {
                    return Err(BadPath::EncodedSeparator);
                }
                out.push(byte);
                i += 3;
            }
            b'\\' => return Err(BadPath::Backslash),
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    let text = String::from_utf8(out).map_err(|_| BadPath::NotUtf8)?;
    if text.chars().any(char::is_control) {
        return Err(BadPath::ControlChar);
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(p: &str) -> Result<String, BadPath> {
        parse(p).map(|s| s.key())
    }

    #[test]
    fn maps_folders_to_their_index() {
        assert_eq!(key("/").unwrap(), "index.html");
        assert_eq!(key("/timeline/").unwrap(), "timeline/index.html");
        assert_eq!(key("/style.css").unwrap(), "style.css");
        assert!(!parse("/timeline").unwrap().is_dir);
    }

    #[test]
    fn decodes_escapes() {
        assert_eq!(key("/a%20b/c%C3%A9.html").unwrap(), "a b/cé.html");
    }

    #[test]
    fn refuses_traversal_in_every_spelling() {
        for (path, why) in [
            ("/../etc/passwd", BadPath::DotSegment),
            ("/a/../../etc/passwd", BadPath::DotSegment),
            ("/%2e%2e/etc/passwd", BadPath::DotSegment),
            ("/%2E%2E/%2e%2e/etc/passwd", BadPath::DotSegment),
            ("/./index.html", BadPath::DotSegment),
            ("/..%2fetc%2fpasswd", BadPath::EncodedSeparator),
            ("/%2e%2e%5cetc", BadPath::EncodedSeparator),
            ("/..\\etc\\passwd", BadPath::Backslash),
            ("//etc/passwd", BadPath::EmptySegment),
            ("/a//b", BadPath::EmptySegment),
            ("/index.html%00.png", BadPath::ControlChar),
            ("/a%0d%0aSet-Cookie:%20x", BadPath::ControlChar),
            ("/%ff", BadPath::NotUtf8),
            ("/%zz", BadPath::BadEscape),
            ("/%2", BadPath::BadEscape),
            ("etc/passwd", BadPath::NotAbsolute),
            ("*", BadPath::NotAbsolute),
        ] {
            assert_eq!(parse(path), Err(why), "{path}");
        }
    }
}
