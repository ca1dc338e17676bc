//! Diagnostics as printed on stderr, read back into their parts.

/// One rustc-style diagnostic read back from stderr.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diag {
    /// `error` or `warning`.
    pub severity: String,
    pub message: String,
    /// `content/x.md:3:1`, or just the file when there is no position.
    pub location: Option<String>,
    /// The text after the carets, or after `= hint:`.
    pub hint: Option<String>,
    /// The quoted source line (`3 | end_dat = …` → `end_dat = …`).
    pub snippet: Option<String>,
    /// Where the carets start, 1-based, counted in characters of the snippet.
    pub caret_column: Option<usize>,
}

impl Diag {
    /// `(line, column)` of the location, if it has one.
    pub fn line_col(&self) -> Option<(usize, usize)> {
        let loc = self.location.as_deref()?;
        let mut it = loc.rsplitn(3, ':');
        let col = it.next()?.parse().ok()?;
        let line = it.next()?.parse().ok()?;
        Some((line, col))
    }
}

pub fn parse_diagnostics(stderr: &str) -> Vec<Diag> {
    let mut out: Vec<Diag> = vec![];
    for line in stderr.lines() {
        let new = |severity: &str, message: &str| Diag {
            severity: severity.into(),
            message: message.into(),
            location: None,
            hint: None,
            snippet: None,
            caret_column: None,
        };
        if let Some(m) = line.strip_prefix("error: ") {
            out.push(new("error", m));
            continue;
        }
        if let Some(m) = line.strip_prefix("warning: ") {
            out.push(new("warning", m));
            continue;
        }
        if let Some(m) = line.strip_prefix("note: ") {
            out.push(new("note", m));
            continue;
        }
        let Some(d) = out.last_mut() else { continue };
        let trimmed = line.trim_start();
        if let Some(loc) = trimmed.strip_prefix("--> ") {
            d.location = Some(loc.trim().to_string());
        } else if let Some(h) = trimmed.strip_prefix("= hint: ") {
            d.hint = Some(h.to_string());
        } else if let Some((gutter, rest)) = line.split_once(" | ") {
            if gutter.trim().chars().all(|c| c.is_ascii_digit()) && !gutter.trim().is_empty() {
                d.snippet = Some(rest.to_string());
            } else if gutter.trim().is_empty() && rest.trim_start().starts_with('^') {
                let pad = rest.chars().take_while(|c| *c == ' ').count();
                d.caret_column = Some(pad + 1);
                let after = rest.trim_start().trim_start_matches('^').trim();
                if !after.is_empty() {
                    d.hint = Some(after.to_string());
                }
            }
        }
    }
    out
}
