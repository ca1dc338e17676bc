//! Which places the site shows: those its published events name and those its pages'
//! `map` blocks draw. Maps and exports publish only these; a place of places.toml that
//! none of them shows is a warning.

use std::collections::BTreeSet;

use super::Composed;
use crate::diag::{Diagnostic, Diagnostics, LineIndex};
use crate::model::Site;

impl Composed {
    /// The ids of every place a published event or a `map` block of a published page
    /// shows: what maps and exports may publish.
    pub fn places_shown(&self, site: &Site) -> BTreeSet<String> {
        let mut all = self.entry_places.clone();
        let pages = std::iter::once(&self.explainer)
            .chain(self.background.iter().map(|p| &**p))
            .chain(&self.pages);
        for p in pages {
            all.extend(p.places_used.iter().cloned());
        }
        for (p, events) in site.places.list.iter().zip(&site.places.events) {
            if !events.is_empty() {
                all.insert(p.id.clone());
            }
        }
        all
    }
}

/// Warns about each place of places.toml that no event and no map shows.
pub(super) fn unused_places(site: &Site, composed: &Composed, diags: &mut Diagnostics) {
    let Some(file) = site.places.file.as_ref() else {
        return;
    };
    let shown = composed.places_shown(site);
    let lines = LineIndex::new(&file.1);
    for p in site.places.list.iter().filter(|p| !shown.contains(&p.id)) {
        diags.push(
            Diagnostic::warning(format!("place `{}` is not used by any event or map", p.id))
                .at_indexed(&file.0, &lines, p.id_span.clone())
                .with_hint(format!(
                    "add it to an event, `places = [\"{}\"]`, or to a ```map block, or remove it",
                    p.id
                )),
        );
    }
}
