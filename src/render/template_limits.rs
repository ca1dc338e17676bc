//! Bounds on what a site's template may cost, so a wrong template is an error and never
//! a crash or a build that does not end (issue 21, point 4):
//!
//! - nesting: Tera 1 parses and renders recursively, so 2,000 nested `{% if %}` (or
//!   parentheses) overflow the stack and abort the process. [`nesting_error`] reads a
//!   template's text before Tera does and refuses more than [`MAX_NESTING`] levels, at
//!   the line of the tag that goes one too deep;
//! - work: [`render_bounded`] renders one page with a budget of `range` numbers (nested
//!   `range(end=100000)` loops would run for hours), a limit on the bytes written and on
//!   the time taken (checked at each write), so a runaway page stops with an error
//!   naming its template.
//!
//! It owns the limits; `templates` registers the functions that charge them.

use std::cell::Cell;
use std::io;
use std::time::{Duration, Instant};

use tera::{Context, Tera};

/// The deepest a template may nest blocks (`if`, `for`, `block`, `macro`, `filter`)
/// or brackets within one tag: far more than any layout needs, far less than the stack.
pub const MAX_NESTING: usize = 64;

/// The most numbers `range` may give while rendering one page, all calls together.
pub const RANGE_BUDGET: usize = 1_000_000;

/// The most bytes one page may come to.
const MAX_PAGE_BYTES: usize = 64 << 20;

/// The longest one page may take to render.
const MAX_PAGE_TIME: Duration = Duration::from_secs(10);

thread_local! {
    /// What is left of the current page's `range` budget (a page renders on one thread).
    static RANGE_LEFT: Cell<usize> = const { Cell::new(RANGE_BUDGET) };
}

/// Charges `n` numbers to the current page's `range` budget.
pub fn charge_range(n: usize) -> tera::Result<()> {
    RANGE_LEFT.with(|left| match left.get().checked_sub(n) {
        Some(rest) => {
            left.set(rest);
            Ok(())
        }
        None => Err(tera::Error::msg(format!(
            "`range` was asked for more than {RANGE_BUDGET} numbers while rendering one page \
             (loops inside loops?)"
        ))),
    })
}

/// Renders `template` with `ctx` within the page budgets.
pub fn render_bounded(tera: &Tera, template: &str, ctx: &Context) -> tera::Result<String> {
    RANGE_LEFT.with(|left| left.set(RANGE_BUDGET));
    let mut out = BoundedWriter {
        bytes: Vec::with_capacity(FIRST_CAPACITY),
        deadline: Instant::now() + MAX_PAGE_TIME,
        writes: 0,
    };
    tera.render_to(template, ctx, &mut out)?;
    String::from_utf8(out.bytes).map_err(tera::Error::msg)
}

/// What a page's buffer starts with: most pages fit, so it is seldom grown and copied.
const FIRST_CAPACITY: usize = 32 << 10;

/// The clock is read once every this many writes: Tera writes every piece of a page
/// separately (thousands per page), and reading it at each one cost more than the
/// copying. A runaway page still stops within a few microseconds of its deadline.
const WRITES_PER_CLOCK: u32 = 64;

/// Output that refuses to grow past [`MAX_PAGE_BYTES`] or to go on past its deadline.
struct BoundedWriter {
    bytes: Vec<u8>,
    deadline: Instant,
    /// Writes so far, to read the clock every [`WRITES_PER_CLOCK`] of them.
    writes: u32,
}

impl io::Write for BoundedWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.bytes.len() + buf.len() > MAX_PAGE_BYTES {
            return Err(io::Error::other(format!(
                "the page passed {} MiB",
                MAX_PAGE_BYTES >> 20
            )));
        }
        self.writes = self.writes.wrapping_add(1);
        if self.writes % WRITES_PER_CLOCK == 0 && Instant::now() > self.deadline {
            return Err(io::Error::other(format!(
                "rendering the page took longer than {} s",
                MAX_PAGE_TIME.as_secs()
            )));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The byte offset of the tag that nests `text` deeper than [`MAX_NESTING`], if any.
pub fn too_deep_at(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut rest = 0;
    while let Some(open) = text[rest..].find(['{']).map(|i| rest + i) {
        let kind = text.as_bytes().get(open + 1).copied();
        let close = match kind {
            Some(b'%') => "%}",
            Some(b'{') => "}}",
            Some(b'#') => "#}",
            _ => {
                rest = open + 1;
                continue;
            }
        };
        let Some(end) = text[open + 2..].find(close).map(|i| open + 2 + i) else {
            return None; // Unclosed: Tera reports that itself.
        };
        let inner = &text[open + 2..end];
        rest = end + 2;
        if kind == Some(b'#') {
            continue;
        }
        if bracket_depth(inner) > MAX_NESTING {
            return Some(open);
        }
        if kind == Some(b'%') {
            let word = inner.trim_start_matches(['-', ' ', '\t', '\n', '\r']);
            let word = word
                .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
                .next();
            match word.unwrap_or("") {
                "if" | "for" | "block" | "macro" | "filter" => depth += 1,
                "endif" | "endfor" | "endblock" | "endmacro" | "endfilter" => {
                    depth = depth.saturating_sub(1);
                }
                "raw" => {
                    // Nothing inside `{% raw %}` is parsed.
                    rest = text[rest..].find("endraw").map_or(text.len(), |i| rest + i);
                }
                _ => {}
            }
            if depth > MAX_NESTING {
                return Some(open);
            }
        }
    }
    None
}

/// The deepest nesting of `(` and `[` in a tag's text.
fn bracket_depth(s: &str) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    for b in s.bytes() {
        match b {
            b'(' | b'[' => {
                depth += 1;
                max = max.max(depth);
            }
            b')' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_nesting_is_found_at_the_tag_that_goes_too_deep() {
        let deep = "{% if a %}\n".repeat(MAX_NESTING + 1);
        let at = too_deep_at(&deep).unwrap();
        assert_eq!(at, "{% if a %}\n".len() * MAX_NESTING);
        let fine = format!(
            "{}{}",
            "{% if a %}".repeat(MAX_NESTING),
            "{% endif %}".repeat(MAX_NESTING)
        );
        assert_eq!(too_deep_at(&fine.repeat(3)), None);
        let parens = format!("{{{{ {}1{} }}}}", "(".repeat(65), ")".repeat(65));
        assert_eq!(too_deep_at(&parens), Some(0));
        let raw = format!("{{% raw %}}{}{{% endraw %}}", "{% if a %}".repeat(100));
        assert_eq!(too_deep_at(&raw), None);
    }

    #[test]
    fn a_page_that_asks_range_for_too_much_stops() {
        let mut tera = Tera::default();
        tera.register_function(
            "range",
            |_: &std::collections::HashMap<String, tera::Value>| {
                charge_range(100_000)?;
                Ok(tera::Value::Array(vec![]))
            },
        );
        tera.add_raw_template(
            "t.html",
            "{% for i in range(end=1) %}{% endfor %}{% for j in [1,2,3,4,5,6,7,8,9,10,11] %}{% for i in range(end=1) %}{% endfor %}{% endfor %}",
        )
        .unwrap();
        let err = render_bounded(&tera, "t.html", &Context::new()).unwrap_err();
        assert!(super::super::templates::error_chain(&err).contains("more than 1000000"));
    }
}
