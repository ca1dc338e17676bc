//! Template errors at the template and line that hold the mistake (issue 21, point 10).
//!
//! Tera 1 says which template failed to render (the page's, `explainer.html`, even when
//! the mistake is in a partial it includes) and what it could not do, but gives no line
//! for a render error. This reads its message for what is wrong (the variable, function,
//! filter or included name) and finds where that is written in the site's templates;
//! for a parse error it takes Tera's own line and column. It changes only where an
//! error points (and its wording); it decides nothing.

use std::path::Path;

use crate::diag::{Diagnostic, Diagnostics};

/// `diags` with each template error pointed at the site template and line that holds
/// its mistake, when that can be found in `overrides` (name, text).
pub fn blame_templates(diags: Diagnostics, overrides: &[(String, String)]) -> Diagnostics {
    Diagnostics(diags.0.into_iter().map(|d| blame(d, overrides)).collect())
}

fn blame(d: Diagnostic, overrides: &[(String, String)]) -> Diagnostic {
    let unplaced_template = d
        .location
        .as_ref()
        .is_some_and(|l| l.position.is_none() && l.file.starts_with("templates"));
    if !unplaced_template {
        return d;
    }
    if let Some(d) = parse_error(&d, overrides) {
        return d;
    }
    let Some((name, needle)) = culprit(&d.message) else {
        return d;
    };
    let hit = overrides
        .iter()
        .filter(|(n, _)| name.as_deref().is_none_or(|want| n == want))
        .find_map(|(n, text)| text.find(&needle).map(|at| (n, text, at)));
    match hit {
        Some((n, text, at)) => {
            let d = d.at(Path::new("templates").join(n), text, at..at + needle.len());
            if needle == "get_env(" {
                return d.with_hint("a page may not depend on the build machine's environment: write the value into the template");
            }
            if d.message.contains("' not found") && needle.contains('/') {
                return d.with_hint(
                    "templates include other templates by their name under templates/, e.g. \"partials/nav.html\"",
                );
            }
            d
        }
        None => d,
    }
}

/// A Tera parse error (`Failed to parse 'NAME':  --> L:C … = reason`) at its place.
fn parse_error(d: &Diagnostic, overrides: &[(String, String)]) -> Option<Diagnostic> {
    let rest = d.message.split("Failed to parse '").nth(1)?;
    let (name, rest) = rest.split_once('\'')?;
    let (_, text) = overrides.iter().find(|(n, _)| n == name)?;
    let at = rest.split("--> ").nth(1)?;
    let (line, rest) = at.split_once(':')?;
    let col: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let (line, col): (usize, usize) = (line.trim().parse().ok()?, col.parse().ok()?);
    let offset = line_col_offset(text, line, col)?;
    let reason = d.message.rsplit("= ").next().unwrap_or("").trim();
    let mut out = Diagnostic::error(d.class, format!("cannot parse template `{name}`: {reason}"))
        .at(Path::new("templates").join(name), text, offset..offset + 1);
    out.hint = d.hint.clone();
    Some(out)
}

/// The byte offset of 1-based `line` and `col` (in characters) of `text`.
fn line_col_offset(text: &str, line: usize, col: usize) -> Option<usize> {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.checked_sub(1)?)
        .map(str::len)
        .sum();
    let line_text = text.get(start..)?.lines().next().unwrap_or("");
    let in_line = line_text
        .char_indices()
        .nth(col.saturating_sub(1))
        .map_or(line_text.len(), |(i, _)| i);
    Some(start + in_line)
}

/// From a Tera render error: the template named as being rendered (if any) and the
/// text to look for there.
fn culprit(message: &str) -> Option<(Option<String>, String)> {
    let between = |s: &str, open: &str, close: char| -> Option<String> {
        let rest = s.split(open).nth(1)?;
        Some(rest.split(close).next()?.to_string())
    };
    let rendering = between(message, "while rendering '", '\'');
    if let Some(var) = between(message, "Variable `", '`') {
        return Some((rendering, var));
    }
    if let Some(f) = between(message, "Function call '", '\'') {
        return Some((rendering, format!("{f}(")));
    }
    if let Some(t) = between(message, "Template '[", ']') {
        return Some((rendering, t));
    }
    if let Some(f) = between(message, "Filter '", '\'') {
        return Some((rendering, f));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Class;

    fn at(message: &str, overrides: &[(String, String)]) -> String {
        let d = Diagnostic::error(Class::Content, message).in_file("templates/explainer.html");
        let d = blame(d, overrides);
        let l = d.location.unwrap();
        let p = l.position.map(|p| (p.line, p.column));
        format!("{} {p:?}", l.file.display())
    }

    #[test]
    fn points_at_the_template_and_line_of_the_mistake() {
        let o = vec![
            ("explainer.html".to_string(), "{% include \"partials/nav.html\" %}\n".to_string()),
            (
                "partials/nav.html".to_string(),
                "<nav>\nok\n{{ get_env(name=\"HOME\") }}\n{{ page.nope }}\n{% include \"../x\" %}\n".to_string(),
            ),
        ];
        let get_env = "cannot render index.html: Failed to render 'explainer.html': Function call 'get_env' failed: disabled";
        assert_eq!(at(get_env, &o), "templates/partials/nav.html Some((3, 4))");
        let var = "Variable `page.nope` not found in context while rendering 'partials/nav.html'";
        assert_eq!(at(var, &o), "templates/partials/nav.html Some((4, 4))");
        let include = "Failed to render 'explainer.html': Template '[../x]' not found";
        assert_eq!(at(include, &o), "templates/partials/nav.html Some((5, 13))");
        let parse = "template error: Failed to parse 'partials/nav.html':  --> 3:7 | 3 | x = expected a value";
        assert_eq!(at(parse, &o), "templates/partials/nav.html Some((3, 7))");
    }
}
