//! The component templates (`components/figure.html`, `quote`, `numbers`, `embed`,
//! `callout`) as the markdown stage draws them: each component's view (see the README's
//! "Components") rendered by the built-in template of its name or the site's override.

use std::hash::{Hash, Hasher};

use tera::{Context, Tera};

use super::templates::error_chain;

/// Draws components with the site's templates.
pub struct ComponentTemplates<'t> {
    tera: &'t Tera,
    key: u64,
}

impl<'t> ComponentTemplates<'t> {
    /// `overrides`: the site's templates, whose texts make the memo key (a component
    /// template may include any other).
    pub fn new(tera: &'t Tera, overrides: &[(String, String)]) -> Self {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        overrides.hash(&mut h);
        ComponentTemplates {
            tera,
            key: h.finish(),
        }
    }
}

impl crate::markdown::ComponentTemplates for ComponentTemplates<'_> {
    fn render(&self, name: &str, view: &serde_json::Value) -> Result<String, String> {
        let ctx = Context::from_value(view.clone()).map_err(|e| error_chain(&e))?;
        self.tera
            .render(&format!("components/{name}.html"), &ctx)
            .map_err(|e| error_chain(&e))
    }

    fn key(&self) -> u64 {
        self.key
    }
}
