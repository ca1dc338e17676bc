//! Where an `embed` points: the host's name a reader is shown on the placeholder, and
//! the address its frame loads after the click. YouTube and Vimeo get their players
//! (YouTube's without cookies); any other https page is framed as it is.

/// An embed's host and the address of its frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct EmbedTarget {
    /// What the reader is told the embed loads from: `YouTube`, `example.org`.
    pub(super) host: String,
    pub(super) frame: String,
}

impl EmbedTarget {
    /// `None` unless `url` is an https address with a host.
    pub(super) fn parse(url: &str) -> Option<EmbedTarget> {
        let rest = url.strip_prefix("https://")?;
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let host = rest[..end].to_ascii_lowercase();
        let path = &rest[end..];
        if host.is_empty() || host.contains(['@', ' ', '"', '<', '>']) {
            return None;
        }
        let bare = host
            .strip_prefix("www.")
            .or(host.strip_prefix("m."))
            .unwrap_or(&host);
        let target = |host: &str, frame: String| EmbedTarget {
            host: host.into(),
            frame,
        };
        let youtube = |id: &str| {
            target(
                "YouTube",
                format!("https://www.youtube-nocookie.com/embed/{id}"),
            )
        };
        Some(match bare {
            "youtube.com" => match query_value(path, "v").filter(|v| is_id(v)) {
                Some(id) => youtube(id),
                None => target("YouTube", url.to_string()),
            },
            "youtu.be" => match path.trim_start_matches('/').split(['?', '#']).next() {
                Some(id) if is_id(id) => youtube(id),
                _ => target("YouTube", url.to_string()),
            },
            "vimeo.com" => match path.trim_start_matches('/').split(['/', '?', '#']).next() {
                Some(id) if !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()) => {
                    target("Vimeo", format!("https://player.vimeo.com/video/{id}"))
                }
                _ => target("Vimeo", url.to_string()),
            },
            _ => target(&host, url.to_string()),
        })
    }
}

/// A video id: letters, digits, `-` and `_`.
fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The value of `key` in the query of `path` (`/watch?v=abc&t=1` → `abc`).
fn query_value<'p>(path: &'p str, key: &str) -> Option<&'p str> {
    let query = path.split_once('?')?.1.split('#').next()?;
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix(key)?.strip_prefix('='))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn players_for_known_hosts_and_the_page_for_others() {
        let yt = EmbedTarget::parse("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=3").unwrap();
        assert_eq!(yt.host, "YouTube");
        assert_eq!(
            yt.frame,
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
        );
        let vimeo = EmbedTarget::parse("https://vimeo.com/76979871").unwrap();
        assert_eq!(vimeo.frame, "https://player.vimeo.com/video/76979871");
        let other = EmbedTarget::parse("https://Example.org/briefing?x=1").unwrap();
        assert_eq!(other.host, "example.org");
        assert_eq!(other.frame, "https://Example.org/briefing?x=1");
        assert_eq!(EmbedTarget::parse("http://example.org/"), None);
        assert_eq!(EmbedTarget::parse("https:///x"), None);
    }
}
