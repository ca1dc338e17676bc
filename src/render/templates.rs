//! Tera, set up once: the built-in templates compiled at first use, a site's overrides
//! added by name, the functions templates may call (a bounded `range`; `get_env`
//! disabled), and template errors worded with the file they come from.

use std::collections::HashMap;
use std::path::Path;
use std::sync::LazyLock;

use tera::Tera;

use super::builtin::BUILTIN_TEMPLATES;
use super::template_limits::{self, MAX_NESTING};
use super::template_recursion::{self, Unit};
use crate::diag::{Class, Diagnostic, Diagnostics};

/// Compiles the built-in templates (once per process; [`templates`] clones them), so a
/// build can have it done on one thread while another reads the site.
pub fn compile_builtin_templates() {
    LazyLock::force(&BUILTIN_TERA);
}

/// Compiles the templates: built-ins first, then the site's overrides by name.
pub fn templates(overrides: &[(String, String)]) -> Result<Tera, Diagnostics> {
    let mut tera = BUILTIN_TERA.clone();
    // An override whose text is the built-in's (a site that copied `templates/` to
    // start from, like this repository's) is already compiled: parsing it again was a
    // third of a small site's build, and twice that with an edition.
    let html: Vec<(&str, &str)> = overrides
        .iter()
        .filter(|(name, _)| name.ends_with(".html"))
        .filter(|(name, text)| !is_builtin(name, text))
        .map(|(name, text)| (name.as_str(), text.as_str()))
        .collect();
    // Before Tera reads them: Tera's parser recurses, and a template nested thousands of
    // levels deep would overflow the stack while being parsed.
    for (name, text) in &html {
        if let Some(at) = template_limits::too_deep_at(text) {
            return Err(Diagnostic::error(
                Class::Content,
                format!("template nests deeper than {MAX_NESTING} levels"),
            )
            .at(Path::new(&format!("templates/{name}")), text, at..at + 2)
            .with_hint("close blocks (`{% end… %}`) and brackets sooner, or move part into a macro or an include")
            .into());
        }
    }
    if !html.is_empty() {
        tera.add_raw_templates(html).map_err(|e| {
            Diagnostics::from(
                Diagnostic::error(
                    Class::Content,
                    format!("template error: {}", error_chain(&e)),
                )
                .in_file(template_file(&e, overrides))
                .with_hint(
                    "check the template's syntax: {{ value }}, {% tag %}, and matching {% end… %}",
                ),
            )
        })?;
    }
    // Tera has no recursion limit: an include loop or a self-calling macro would overflow
    // the stack and abort the build.
    if let Some(cycle) = template_recursion::find_cycle(&tera) {
        let chain: Vec<String> = cycle.iter().map(Unit::describe).collect();
        let file = cycle
            .iter()
            .find(|u| overrides.iter().any(|(n, _)| n == u.file()))
            .map_or_else(
                || "templates/".into(),
                |u| format!("templates/{}", u.file()),
            );
        return Err(Diagnostic::error(
            Class::Content,
            format!("templates call themselves: {}", chain.join(" → ")),
        )
        .in_file(file)
        .with_hint("remove the include or macro call that closes the loop: templates may not recurse, even under a condition")
        .into());
    }
    Ok(tera)
}

/// `text` is the built-in template `name`, byte for byte.
fn is_builtin(name: &str, text: &str) -> bool {
    BUILTIN_TEMPLATES
        .iter()
        .any(|(n, t)| *n == name && *t == text)
}

/// Each of `names` is in `tera` as the built-in template of that name compiled it: no
/// override changed it (an override with the built-in's very text is skipped above).
pub(super) fn unmodified(tera: &Tera, names: &[&str]) -> bool {
    names.iter().all(
        |name| match (tera.get_template(name), BUILTIN_TERA.get_template(name)) {
            (Ok(ours), Ok(builtin)) => ours.ast == builtin.ast && ours.macros == builtin.macros,
            _ => false,
        },
    )
}

/// The built-in templates, compiled once per process and cloned for each build: parsing
/// them was most of a small site's build time (and of every rebuild). A site's
/// overrides are added to the clone, replacing built-ins of the same name.
static BUILTIN_TERA: LazyLock<Tera> = LazyLock::new(|| {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html"]);
    // Tera's default escaper also escapes `/`, which bloats every URL for no safety gain.
    tera.set_escape_fn(escape_for_templates);
    // Tera's `range` loops forever on `step_by=0` and allocates whatever `end` asks for;
    // `get_env` would print the build machine's environment (CI secrets) into the site
    // and make the output depend on it.
    tera.register_function("range", bounded_range);
    // Both are decided per build (see `Assets`), which registers its own.
    tera.register_filter("asset", super::assets::unknown_asset);
    tera.register_function("csp", |_: &HashMap<String, tera::Value>| {
        Err(tera::Error::msg("the policy is decided per build"))
    });
    tera.register_function("get_env", |_: &HashMap<String, tera::Value>| {
        Err(tera::Error::msg(
            "get_env is disabled: a site's output may not depend on the build machine's environment",
        ))
    });
    tera.add_raw_templates(BUILTIN_TEMPLATES.iter().copied())
        .expect("the built-in templates compile (tests build with them)");
    tera
});

/// The most numbers `range` gives: far more than any page needs, little enough memory.
const RANGE_LIMIT: usize = 100_000;

/// Tera's `range(start=0, end, step_by=1)`, refusing a zero step and more than
/// [`RANGE_LIMIT`] numbers.
fn bounded_range(args: &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
    let arg = |name: &str, default: Option<usize>| match args.get(name) {
        Some(v) => tera::from_value::<usize>(v.clone()).map_err(|_| {
            tera::Error::msg(format!(
                "`range` takes whole numbers; {name} = {v} is not one"
            ))
        }),
        None => default.ok_or_else(|| tera::Error::msg("`range` needs an `end`")),
    };
    let (start, end, step) = (
        arg("start", Some(0))?,
        arg("end", None)?,
        arg("step_by", Some(1))?,
    );
    if step == 0 {
        return Err(tera::Error::msg("`range` was called with step_by=0"));
    }
    if start > end {
        return Err(tera::Error::msg(
            "`range` was called with start greater than end",
        ));
    }
    let count = (end - start).div_ceil(step);
    if count > RANGE_LIMIT {
        return Err(tera::Error::msg(format!(
            "`range` may give at most {RANGE_LIMIT} numbers"
        )));
    }
    template_limits::charge_range(count)?;
    Ok(tera::to_value(
        (start..end).step_by(step).collect::<Vec<_>>(),
    )?)
}

fn escape_for_templates(s: &str) -> String {
    crate::html::escape_attr(s)
}

fn template_file(e: &tera::Error, overrides: &[(String, String)]) -> String {
    let text = error_chain(e);
    overrides
        .iter()
        .find(|(n, _)| text.contains(&format!("'{n}'")))
        .map(|(n, _)| format!("templates/{n}"))
        .unwrap_or_else(|| "templates/".into())
}

/// Tera puts the reason in the error's source chain; print all of it (Zola's
/// "Error parsing templates" with no reason is what we avoid).
pub(super) fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = vec![e.to_string()];
    let mut cur = e.source();
    while let Some(s) = cur {
        parts.push(s.to_string());
        cur = s.source();
    }
    parts.join(": ").replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use tera::Context;

    #[test]
    fn range_is_bounded_and_get_env_disabled() {
        let render = |body: &str| {
            let tera = templates(&[("explainer.html".into(), body.into())])?;
            tera.render("explainer.html", &Context::new())
                .map_err(|e| Diagnostics::from(Diagnostic::error(Class::Content, error_chain(&e))))
        };
        let out = render("{% for i in range(start=1, end=10, step_by=4) %}{{ i }},{% endfor %}");
        assert_eq!(out.unwrap(), "1,5,9,");
        for bad in [
            "{{ range(end=10, step_by=0) }}",
            "{{ range(end=1000000000000) }}",
            "{{ get_env(name=\"HOME\") }}",
        ] {
            let err = render(bad).unwrap_err();
            assert!(
                err.0[0].message.contains("step_by=0")
                    || err.0[0].message.contains("at most")
                    || err.0[0].message.contains("get_env is disabled"),
                "{bad}: {:?}",
                err.0
            );
        }
    }
}
