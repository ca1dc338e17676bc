//! Problems → diagnostics: each problem is traced to where it was written, and one
//! diagnostic is made per place (and message), naming the first page it was found on and
//! counting the others. A template line with a broken link is so reported once, not once
//! per page.
//!
//! The order is the order of the grouping key (file, offset, message), not of the pages.

use std::collections::btree_map::Entry;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::diag::{Class, Diagnostic};

use super::locate::{locate, Located};
use super::output_index::OutputIndex;
use super::problem::Problem;
use super::{LinkInput, Use};

/// (file, span start, message): one diagnostic each.
type Place = (PathBuf, usize, String);

/// Turns problems into diagnostics: one per place written, naming the page (and how many
/// other pages show the same problem from the same place).
pub(super) fn diagnose(
    problems: &[Problem],
    input: &LinkInput<'_>,
    index: &OutputIndex<'_>,
) -> Vec<Diagnostic> {
    let mut grouped: BTreeMap<Place, (Diagnostic, Vec<String>)> = BTreeMap::new();
    for p in problems {
        let located = locate(input, &p.page, &p.found);
        for u in &located.uses {
            let text = input.texts.get(&u.file);
            let written = match (&u.span, text) {
                (Some(span), Some(text)) => &text[span.clone()],
                _ => p.found.url.as_str(),
            };
            let message = p.message(written);
            let key = (
                u.file.clone(),
                u.span.as_ref().map_or(0, |s| s.start),
                message,
            );
            match grouped.entry(key) {
                Entry::Occupied(mut seen) => {
                    let pages = &mut seen.get_mut().1;
                    if !pages.contains(&p.page) {
                        pages.push(p.page.clone());
                    }
                }
                Entry::Vacant(new) => {
                    let message = new.key().2.clone();
                    let d = diagnostic(p, u, text, &located, index, message);
                    new.insert((d, vec![p.page.clone()]));
                }
            }
        }
    }
    grouped
        .into_values()
        .map(|(d, pages)| also_on_other_pages(d, pages.len()))
        .collect()
}

/// The diagnostic for the first page a problem is found on, at the place `u`.
fn diagnostic(
    p: &Problem,
    u: &Use,
    text: Option<&Arc<str>>,
    located: &Located,
    index: &OutputIndex<'_>,
    message: String,
) -> Diagnostic {
    let d = if p.is_warning() {
        Diagnostic::warning(message)
    } else {
        Diagnostic::error(Class::Content, message)
    };
    let mut hint = p.hint(u.file.starts_with("templates"), index);
    let d = match (&u.span, text) {
        (Some(span), Some(text)) => d.at(&u.file, text, span.clone()),
        _ => {
            hint.push_str(&from_a_template(p, located, index));
            d.in_file(&u.file)
        }
    };
    d.with_hint(hint)
}

/// For a URL not found as written: where it is in the output, and which template it
/// must come from.
fn from_a_template(p: &Problem, located: &Located, index: &OutputIndex<'_>) -> String {
    let line = index.html.get(&p.page).map_or(1, |h| {
        h[..p.found.offset.min(h.len())].matches('\n').count() + 1
    });
    let from = match &located.template {
        Some(t) if !t.is_empty() => {
            format!("`templates/{t}` or a template it includes")
        }
        _ => "a template".to_string(),
    };
    format!(
        "; it is on line {line} of `{}` in the output and not in the page's content files, so it comes from {from}",
        p.page
    )
}

fn also_on_other_pages(mut d: Diagnostic, pages: usize) -> Diagnostic {
    if pages > 1 {
        let others = pages - 1;
        let s = if others == 1 { "" } else { "s" };
        let h = d.hint.take().unwrap_or_default();
        d.hint = Some(format!("{h} (also on {others} other page{s})"));
    }
    d
}
