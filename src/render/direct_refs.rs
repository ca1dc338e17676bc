//! The sources list of a directly written background page ([`super::direct`]):
//! `partials/references.html`, as Tera renders it.

use tera::Value;

use super::direct::{push_all, Direct};
use super::direct_shared::Fns;
use super::views::ReferenceView;
use crate::html::escape_attr as e;

impl Direct<'_> {
    pub(super) fn references(&self, o: &mut String, refs: &[ReferenceView<'_>]) -> Option<()> {
        if refs.is_empty() {
            return Some(());
        }
        o.push_str(
            "<section class=\"references\" aria-labelledby=\"d_sources\">\n<h2 id=\"d_sources\">",
        );
        push_all(o, &[self.word("sources"), "</h2>\n<ol>\n"]);
        for r in refs {
            self.reference(o, r)?;
        }
        o.push_str("</ol>\n</section>\n");
        Some(())
    }

    /// One `<li>` of `partials/references.html`.
    fn reference(&self, o: &mut String, r: &ReferenceView<'_>) -> Option<()> {
        let f = Fns { tera: self.tera };
        push_all(o, &["<li id=\"ref_", &r.number.to_string(), "\">"]);
        let title = e(r.title);
        match r.url.filter(|u| !u.is_empty()) {
            Some(u) => push_all(
                o,
                &[
                    "<a class=\"ref-title\" href=\"",
                    &e(u),
                    "\" dir=\"auto\">",
                    &title,
                    "</a>",
                ],
            ),
            None => push_all(
                o,
                &["<cite class=\"ref-title\" dir=\"auto\">", &title, "</cite>"],
            ),
        }
        if let Some(p) = r.publisher.filter(|p| !p.is_empty()) {
            push_all(o, &[", <bdi>", &e(p), "</bdi>"]);
        }
        if let Some(d) = &r.date {
            let (iso, human) = (e(&d.iso), e(&f.ldate(&d.iso)?));
            push_all(o, &[", <time datetime=\"", &iso, "\">", &human, "</time>"]);
        }
        o.push('.');
        let n = || ("n", Value::from(r.number));
        if let [b] = r.backrefs.as_slice() {
            let labelled = b.section_label.is_some_and(|l| !l.is_empty());
            push_all(
                o,
                &[
                    " <a class=\"backref\" href=\"#",
                    &e(b.id),
                    "\" aria-label=\"",
                ],
            );
            o.push_str(&e(&f.t(&[("k", "back-to-source".into()), n()])?));
            if let Some(s) = b.section.filter(|s| !s.is_empty() && !labelled) {
                o.push_str(&e(
                    &f.t(&[("k", "in-section".into()), ("section", s.into())])?
                ));
            }
            o.push('"');
            if labelled {
                push_all(o, &[" aria-describedby=\"", &e(&b.described_by), "\""]);
            }
            o.push_str(">↩</a>");
        } else {
            self.backrefs(o, r)?;
        }
        o.push_str("</li>\n");
        Some(())
    }

    /// The back-links of a source cited more than once, a hidden label for each run of
    /// them in one section.
    fn backrefs(&self, o: &mut String, r: &ReferenceView<'_>) -> Option<()> {
        let f = Fns { tera: self.tera };
        let n = || ("n", Value::from(r.number));
        o.push_str(" <span class=\"backrefs\"><span aria-hidden=\"true\">↩</span>");
        for b in &r.backrefs {
            if let Some(g) = b.group.as_deref().filter(|g| !g.is_empty()) {
                push_all(o, &[" <span class=\"vh\" id=\"", &e(g), "\">"]);
                let text = match b.section.filter(|s| !s.is_empty()) {
                    Some(s) => f.t(&[
                        ("k", "back-to-citations-in".into()),
                        n(),
                        ("section", s.into()),
                    ])?,
                    None => f.t(&[("k", "back-to-citations".into()), n()])?,
                };
                push_all(o, &[&e(&text), "</span>"]);
            }
            push_all(
                o,
                &[
                    " <a href=\"#",
                    &e(b.id),
                    "\" aria-describedby=\"",
                    &e(&b.described_by),
                ],
            );
            push_all(o, &["\">", &e(&b.label), "</a>"]);
        }
        o.push_str("</span>");

        Some(())
    }
}
