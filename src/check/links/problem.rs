//! A problem with one URL on one page, and its words: the message (quoting the URL as
//! written) and the hint (with a suggestion looked up in the output).
//!
//! It must not decide where the URL was written (`locate`) or group problems into
//! diagnostics (`diagnose`).

use crate::diag::closest;

use super::output_index::OutputIndex;
use super::scan::FoundUrl;
use super::url::relative_url;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum ProblemKind {
    Missing {
        resolved: String,
    },
    NoIndex {
        folder: String,
    },
    Fragment {
        target: String,
        fragment: String,
    },
    Outside,
    RootAbsolute {
        relative: Option<String>,
        /// Nothing in the output has that path.
        missing: bool,
    },
    ProtocolRelative,
    /// A warning: the URL to write instead.
    Folder {
        index: String,
    },
}

pub(super) struct Problem {
    pub(super) page: String,
    pub(super) found: FoundUrl,
    pub(super) kind: ProblemKind,
}

impl Problem {
    pub(super) fn new(page: &str, found: &FoundUrl, kind: ProblemKind) -> Self {
        Problem {
            page: page.to_string(),
            found: found.clone(),
            kind,
        }
    }

    pub(super) fn is_warning(&self) -> bool {
        matches!(
            self.kind,
            ProblemKind::Folder { .. } | ProblemKind::ProtocolRelative
        )
    }

    /// The message, quoting the URL as `written` where it was found: the same for every
    /// page a template line is on, so that line is reported once.
    pub(super) fn message(&self, url: &str) -> String {
        match &self.kind {
            ProblemKind::Missing { resolved, .. } => {
                format!("broken link `{url}`: `{resolved}` is not in the output")
            }
            ProblemKind::NoIndex { folder } => {
                format!("broken link `{url}`: the folder `{folder}/` has no index.html")
            }
            ProblemKind::Fragment {
                target, fragment, ..
            } => format!("broken link `{url}`: `{target}` has no element with id `{fragment}`"),
            ProblemKind::Outside => {
                format!("broken link `{url}`: it leads above the site's root folder")
            }
            ProblemKind::RootAbsolute { .. } => format!(
                "root-absolute link `{url}` breaks under a sub-path and when the site is opened from disk"
            ),
            ProblemKind::ProtocolRelative => format!(
                "protocol-relative link `{url}` breaks when the site is opened from disk"
            ),
            ProblemKind::Folder { .. } => format!(
                "link to the folder `{url}`: opened from disk it shows a file listing, not the page"
            ),
        }
    }

    /// What to do about it; `in_template` when the URL was found in a template.
    /// Suggestions are looked for here, once per reported place, not once per page.
    pub(super) fn hint(&self, in_template: bool, index: &OutputIndex<'_>) -> String {
        let page = &self.page;
        match &self.kind {
            ProblemKind::Missing { resolved } => {
                let near = closest(resolved, index.files.iter().map(String::as_str));
                match near {
                    Some(near) => format!(
                        "did you mean `{}`? Links are relative to the page they are on (`{page}`)",
                        relative_url(page, near)
                    ),
                    None if in_template => format!(
                        "no page or static file has this path; templates write internal URLs as `{{{{ page.root }}}}path/from/the/site/root` (here on `{page}`)"
                    ),
                    None => format!(
                        "links are relative to the page they are on (`{page}`); link to a content file with `@/background/x.md`"
                    ),
                }
            }
            ProblemKind::NoIndex { .. } => {
                format!("link to a file in it, relative to `{page}`")
            }
            ProblemKind::Fragment { target, fragment } => {
                let ids = index.pages.get(target).map(|s| &s.ids);
                match ids.and_then(|ids| closest(fragment, ids.iter().map(String::as_str))) {
                    Some(near) => format!("did you mean `#{near}`?"),
                    None => format!(
                        "ids on `{target}` come from its headings, events and terms; check the spelling"
                    ),
                }
            }
            ProblemKind::Outside => format!("links are relative to the page (`{page}`); remove a `../`"),
            ProblemKind::RootAbsolute {
                relative: Some(r),
                missing: false,
            } => format!("write it relative to the page (`{page}`): `{r}`"),
            ProblemKind::RootAbsolute {
                relative: Some(r),
                missing: true,
            } => format!(
                "write it relative to the page (`{page}`), as `{r}`; but no such file is in the output either"
            ),
            ProblemKind::RootAbsolute { relative: None, .. } => {
                format!("write it relative to the page (`{page}`)")
            }
            ProblemKind::ProtocolRelative => format!("write `https:{}`", self.found.url),
            ProblemKind::Folder { index } => format!("link to `{index}` instead"),
        }
    }
}
