//! Just enough HTTP/1.1 for a local preview server: read one request head, write one
//! response, keep the connection alive between them.
//!
//! It knows nothing about sites (routing is `routes`). Request heads are bounded (8 KiB
//! per line, 64 headers) so a misbehaving client cannot make the server buffer without
//! end; a request with a body is answered and the connection closed, since no route takes
//! one. Every response carries `Cache-Control: no-store`: a preview must never be served
//! from the browser's cache after a rebuild.

use std::io::{self, BufRead, Read, Write};

const MAX_LINE: u64 = 8 * 1024;
const MAX_HEADERS: usize = 64;

/// The parts of a request head the server uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    /// The path part of the request target, still percent-encoded.
    pub path: String,
    /// The query, without `?` (kept for redirects).
    pub query: Option<String>,
    /// Whether the client lets the connection stay open after the response.
    pub keep_alive: bool,
    /// The request announced a body (`Content-Length` > 0 or `Transfer-Encoding`).
    pub has_body: bool,
    /// The `Host` header, if any.
    pub host: Option<String>,
}

impl Request {
    pub fn is_head(&self) -> bool {
        self.method == "HEAD"
    }
}

/// Why a request head could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// The client closed the connection, stayed idle past the read timeout, or the
    /// connection failed.
    Closed,
    /// Not HTTP, or over the limits: answer 400 and close.
    Malformed(&'static str),
}

/// Reads one request head.
pub fn read_request(reader: &mut impl BufRead) -> Result<Request, ReadError> {
    let line = request_line(reader)?;
    let mut request = parse_request_line(&line)?;
    read_headers(reader, &mut request)?;
    Ok(request)
}

/// The first line that is not blank (RFC 9112 §2.2 tolerates blank lines before a
/// request).
fn request_line(reader: &mut impl BufRead) -> Result<String, ReadError> {
    let mut line = String::new();
    loop {
        line.clear();
        match read_line(reader, &mut line)? {
            0 => return Err(ReadError::Closed),
            _ if line.trim_end().is_empty() => continue,
            _ => return Ok(line),
        }
    }
}

/// `GET /path?query HTTP/1.1` → a request with what its headers may change still at the
/// defaults of its version.
fn parse_request_line(line: &str) -> Result<Request, ReadError> {
    let mut parts = line.trim_end().split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(ReadError::Malformed("bad request line"));
    };
    let http10 = match version {
        "HTTP/1.1" => false,
        "HTTP/1.0" => true,
        _ => return Err(ReadError::Malformed("unsupported HTTP version")),
    };
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (p, Some(q.to_string())),
        None => (target, None),
    };
    // A fragment is never sent by browsers; drop one if a client does.
    let path = path.split('#').next().unwrap_or_default().to_string();
    Ok(Request {
        method: method.to_string(),
        path,
        query,
        keep_alive: !http10,
        has_body: false,
        host: None,
    })
}

/// Reads headers up to the blank line that ends the head, keeping what `request` needs.
fn read_headers(reader: &mut impl BufRead, request: &mut Request) -> Result<(), ReadError> {
    let mut line = String::new();
    for n in 0.. {
        if n > MAX_HEADERS {
            return Err(ReadError::Malformed("too many headers"));
        }
        if read_line(reader, &mut line)? == 0 {
            return Err(ReadError::Closed);
        }
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        let Some((name, value)) = header.split_once(':') else {
            return Err(ReadError::Malformed("bad header line"));
        };
        apply_header(request, name, value.trim());
    }
    Ok(())
}

fn apply_header(request: &mut Request, name: &str, value: &str) {
    if name.eq_ignore_ascii_case("connection") {
        let v = value.to_ascii_lowercase();
        if v.split(',').any(|t| t.trim() == "close") {
            request.keep_alive = false;
        } else if v.split(',').any(|t| t.trim() == "keep-alive") {
            request.keep_alive = true;
        }
    } else if name.eq_ignore_ascii_case("content-length") {
        request.has_body |= value != "0";
    } else if name.eq_ignore_ascii_case("transfer-encoding") {
        request.has_body = true;
    } else if name.eq_ignore_ascii_case("host") {
        request.host = Some(value.to_string());
    }
}

fn read_line(reader: &mut impl BufRead, line: &mut String) -> Result<usize, ReadError> {
    let mut buf = vec![];
    let n = Read::take(&mut *reader, MAX_LINE + 1)
        .read_until(b'\n', &mut buf)
        .map_err(|_| ReadError::Closed)?;
    if n as u64 > MAX_LINE {
        return Err(ReadError::Malformed("header line too long"));
    }
    if n > 0 && !buf.ends_with(b"\n") {
        // The client closed the connection in the middle of a line.
        return Err(ReadError::Closed);
    }
    *line = String::from_utf8(buf).map_err(|_| ReadError::Malformed("header is not UTF-8"))?;
    Ok(n)
}

/// A complete response.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    /// For redirects.
    pub location: Option<String>,
    /// For 405.
    pub allow: Option<&'static str>,
}

impl Response {
    pub fn new(status: u16, content_type: &'static str, body: impl Into<Vec<u8>>) -> Response {
        Response {
            status,
            content_type,
            body: body.into(),
            location: None,
            allow: None,
        }
    }

    pub fn text(status: u16, body: impl Into<String>) -> Response {
        Response::new(
            status,
            "text/plain; charset=utf-8",
            body.into().into_bytes(),
        )
    }
}

pub fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

/// Writes `resp`; for HEAD, the same head without the body.
pub fn write_response(
    out: &mut impl Write,
    resp: &Response,
    head_only: bool,
    keep_alive: bool,
) -> io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: {}\r\n",
        resp.status,
        reason(resp.status),
        resp.content_type,
        resp.body.len(),
        if keep_alive { "keep-alive" } else { "close" },
    );
    if let Some(loc) = &resp.location {
        head.push_str(&format!("Location: {loc}\r\n"));
    }
    if let Some(allow) = resp.allow {
        head.push_str(&format!("Allow: {allow}\r\n"));
    }
    head.push_str("\r\n");
    out.write_all(head.as_bytes())?;
    if !head_only {
        out.write_all(&resp.body)?;
    }
    out.flush()
}

/// Writes the head of a server-sent event stream; events follow until the client leaves.
pub fn write_event_stream_head(out: &mut impl Write) -> io::Result<()> {
    out.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
    )?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(raw: &str) -> Result<Request, ReadError> {
        read_request(&mut io::Cursor::new(raw.as_bytes().to_vec()))
    }

    #[test]
    fn reads_a_request_head() {
        let r = parse("GET /a/b.css?v=1 HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        assert_eq!(r.method, "GET");
        assert_eq!(r.path, "/a/b.css");
        assert_eq!(r.query.as_deref(), Some("v=1"));
        assert_eq!(r.host.as_deref(), Some("x"));
        assert!(r.keep_alive && !r.has_body);
        let r = parse("HEAD / HTTP/1.0\r\n\r\n").unwrap();
        assert!(r.is_head() && !r.keep_alive);
        let r = parse("GET / HTTP/1.1\r\nConnection: close\r\n\r\n").unwrap();
        assert!(!r.keep_alive);
        let r = parse("POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc").unwrap();
        assert!(r.has_body);
    }

    #[test]
    fn refuses_what_is_not_http() {
        assert!(matches!(
            parse("GET /\r\n\r\n"),
            Err(ReadError::Malformed(_))
        ));
        assert!(matches!(
            parse("GET / HTTP/2\r\n\r\n"),
            Err(ReadError::Malformed(_))
        ));
        let long = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(10_000));
        assert!(matches!(parse(&long), Err(ReadError::Malformed(_))));
        assert!(matches!(parse(""), Err(ReadError::Closed)));
        assert!(matches!(
            parse("GET / HTTP/1.1\r\nHost"),
            Err(ReadError::Closed)
        ));
    }

    #[test]
    fn head_responses_have_no_body() {
        let mut out = vec![];
        let r = Response::text(404, "gone");
        write_response(&mut out, &r, true, false).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("HTTP/1.1 404 Not Found\r\n"));
        assert!(text.contains("Content-Length: 4\r\n"));
        assert!(text.ends_with("\r\n\r\n"));
    }
}
