//! Redirects from the `aliases` pages list: the old URLs that must keep working after a
//! page is renamed or moved. Each alias is checked (a plain path of this site, not the
//! place of a real page, not claimed twice) and becomes a [`Redirect`] from its output
//! path to its page's. Rendering the redirect page and the host's rules is `render`'s.
//!
//! Any kind of page with aliases takes part through an [`AliasOwner`]: the explainer and
//! background pages today; standalone pages (`content/pages/`) add theirs the same way.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::diag::{Class, Diagnostic, Diagnostics};
use crate::parse::frontmatter::PageAlias;

use super::urls;

/// One old URL of a page: a redirect page at `from`, to the page at `to`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    /// The redirect page's path in the output: `background/old/index.html`.
    pub from: String,
    /// The page's path in the output.
    pub to: String,
    /// The page's title, for the redirect page's link.
    pub title: String,
}

/// A page whose frontmatter lists aliases.
pub struct AliasOwner<'a> {
    pub file: &'a Path,
    pub text: &'a str,
    /// The page's own path in the output.
    pub path: String,
    pub title: &'a str,
    pub aliases: &'a [PageAlias],
}

/// The redirects of every owner's aliases, sorted by `from`. An alias that is no plain
/// path, that names a page the site has (`pages`: every page's output path), or that
/// another alias claimed first is an error at its place in its file.
pub fn redirects(
    owners: &[AliasOwner<'_>],
    pages: &BTreeSet<String>,
    diags: &mut Diagnostics,
) -> Vec<Redirect> {
    let mut claimed: BTreeMap<String, (&Path, &str)> = BTreeMap::new();
    let mut out = vec![];
    for owner in owners {
        for alias in owner.aliases {
            let error = |message: String, hint: &str| {
                Diagnostic::error(Class::Content, message)
                    .at(owner.file, owner.text, alias.span.clone())
                    .with_hint(hint.to_string())
            };
            let from = match urls::alias(&alias.url) {
                Ok(from) => from,
                Err(why) => {
                    diags.push(error(
                        format!("alias `{}` cannot be a redirect: {why}", alias.url),
                        "write the old URL's path from the site root, e.g. \"/background/old-name/\"",
                    ));
                    continue;
                }
            };
            if pages.contains(&from) {
                diags.push(error(
                    format!("alias `{}` is the URL of a page of this site (`{from}`)", alias.url),
                    "a redirect there would hide the page: remove the alias, or rename the page it names",
                ));
            } else if let Some((file, url)) = claimed.get(&from) {
                diags.push(error(
                    format!(
                        "alias `{}` is already an alias (`{url}`) in {}",
                        alias.url,
                        file.display()
                    ),
                    "an old URL can lead to one page only: remove one of the two",
                ));
            } else {
                claimed.insert(from.clone(), (owner.file, &alias.url));
                out.push(Redirect {
                    from,
                    to: owner.path.clone(),
                    title: owner.title.to_string(),
                });
            }
        }
    }
    out.sort_by(|a, b| a.from.cmp(&b.from));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alias(text: &str, url: &str) -> PageAlias {
        let start = text.find(url).unwrap();
        PageAlias {
            url: url.into(),
            span: start..start + url.len(),
        }
    }

    #[test]
    fn collisions_are_errors_at_the_alias() {
        let text = "+++\naliases = [\"old/\", \"timeline/\", \"a?b\"]\n+++\n";
        let other = "+++\naliases = [\"old\"]\n+++\n";
        let (a, b) = (
            [
                alias(text, "old/"),
                alias(text, "timeline/"),
                alias(text, "a?b"),
            ],
            [alias(other, "old")],
        );
        let owners = [
            AliasOwner {
                file: Path::new("content/background/x.md"),
                text,
                path: urls::background("x"),
                title: "X",
                aliases: &a,
            },
            AliasOwner {
                file: Path::new("content/index.md"),
                text: other,
                path: urls::EXPLAINER.into(),
                title: "E",
                aliases: &b,
            },
        ];
        let pages: BTreeSet<String> = [urls::TIMELINE.to_string()].into();
        let mut diags = Diagnostics::default();
        let r = redirects(&owners, &pages, &mut diags);
        assert_eq!(r.len(), 1);
        assert_eq!(
            (r[0].from.as_str(), r[0].to.as_str()),
            ("old/index.html", "background/x/index.html")
        );
        let messages: Vec<&str> = diags.0.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert!(messages[0].contains("URL of a page"), "{messages:?}");
        assert!(messages[1].contains("no query"), "{messages:?}");
        assert!(messages[2].contains("already an alias"), "{messages:?}");
        let pos = diags.0[2].location.as_ref().unwrap().position.unwrap();
        assert_eq!((pos.line, pos.column), (2, 13));
    }
}
