//! `dossier check`: the pipeline with a sink in memory, then every link of the result
//! checked: internal ones always ([`links`]), external ones when asked ([`external`], the
//! only time Dossier touches the network).

pub mod external;
pub mod links;

use crate::diag::Diagnostics;
use crate::pipeline::{self, BuildOptions, Rendered};
use links::LinkInput;

/// What `check` does beyond rendering.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// Check external links too (`--external`), with these settings.
    pub external: Option<external::Settings>,
}

/// A checked site.
pub struct Checked {
    pub rendered: Rendered,
    /// HTML pages whose links were checked.
    pub pages: usize,
    /// Internal links checked.
    pub links: usize,
    pub external: Option<external::Report>,
}

/// Renders the site without writing it, then checks every link of the result: internal
/// ones always, external ones when asked (the only time Dossier touches the network).
pub fn check(opts: &BuildOptions, what: &CheckOptions) -> Result<Checked, Diagnostics> {
    let mut rendered = pipeline::run(opts, pipeline::Input::Read, pipeline::Sink::Memory)?;
    let p = &rendered.provenance;
    // A figure's variants and the social cards are made by `build` only; here they
    // count as present, as do the editions' copies of `static/`.
    let copies = rendered.static_copies.iter().flat_map(|folder| {
        rendered
            .static_files
            .iter()
            .map(move |s| std::path::Path::new(folder).join(s))
    });
    let published: Vec<std::path::PathBuf> = rendered
        .static_files
        .iter()
        .cloned()
        .chain(copies)
        .chain(
            rendered
                .variants
                .iter()
                .flat_map(|plan| plan.variants.iter().map(|v| v.path.clone().into())),
        )
        .chain(rendered.cards.iter().map(|(path, _)| path.into()))
        .collect();
    let links = rendered.timings.time("links", || {
        links::check(&LinkInput {
            files: &rendered.files,
            static_files: &published,
            origins: &p.origins,
            texts: &p.texts,
            base_url: p.base_url.as_deref(),
            listed_urls: &p.source_urls,
            collect_external: what.external.is_some(),
        })
    });
    rendered.diagnostics.extend(links.diagnostics);
    let external = what.external.as_ref().map(|settings| {
        rendered.timings.time("external", || {
            external::check(
                &links.external,
                &p.texts,
                settings,
                &opts.root.join(external::CACHE_FILE),
            )
        })
    });
    if let Some(r) = &external {
        rendered.diagnostics.extend(r.diagnostics.iter().cloned());
    }
    rendered.diagnostics.sort();
    Ok(Checked {
        rendered,
        pages: links.pages,
        links: links.links,
        external,
    })
}
