//! Figures: a `figure` block, or an image alone in its paragraph (`![alt](img/x.jpg)`),
//! becomes a `<figure>` drawn by `components/figure.html`, with its caption, credit
//! and licence. An image inside text stays an `<img>`. Every image is a file of
//! `static/` named relative to it (`img/x.jpg` on any page, at any depth); a missing
//! file, a missing or empty alt text, and a raster image without a credit (in the
//! block or in the image's sidecar `static/img/x.jpg.toml`) are errors at their place.

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};
use serde_json::{json, Value};

use super::adapter::BodyAdapter;
use super::components::Block;
use crate::diag::{closest, Class, Diagnostic};
use crate::html::escape_attr;
use crate::model::images::ImageInfo;
use crate::model::urls;
use crate::model::variants::Plan;

/// How wide a figure is shown: the text column (45rem) on wide screens, the whole
/// screen on narrow ones; browsers pick the variant from it.
const SIZES: &str = "(min-width: 48rem) 45rem, 100vw";
use crate::parse::components::{FigureBlock, Sidecar};

/// An image being read: its alt text is the text of the events inside it.
pub(super) struct ImageBuf {
    dest: String,
    /// The whole `![alt](dest)`, in the markdown.
    range: Range<usize>,
    alt: String,
    /// The image opened a paragraph: if the paragraph ends with it, it is a figure.
    opens_paragraph: bool,
    /// Its end was seen; the next event decides between figure and inline image.
    closed: bool,
}

/// What a figure shows, whichever way it was written.
struct Figure {
    path: String,
    info: ImageInfo,
    /// The span of the image's path in the file, where its problems are reported.
    span: Range<usize>,
    alt: String,
    caption: Option<String>,
    credit: Option<String>,
    license: Option<String>,
    wide: bool,
}

impl<'a> BodyAdapter<'_, 'a> {
    pub(super) fn start_image_buf(&mut self, dest: &str, range: Range<usize>) {
        let opens_paragraph = self.heading.is_none()
            && self.link_depth == 0
            && matches!(self.out.last(), Some(Event::Start(Tag::Paragraph)));
        self.image = Some(ImageBuf {
            dest: dest.to_string(),
            range,
            alt: String::new(),
            opens_paragraph,
            closed: false,
        });
    }

    /// An event while an image is open or just closed. Returns the event when the
    /// adapter must still handle it.
    pub(super) fn image_event(&mut self, event: Event<'a>) -> Option<Event<'a>> {
        let buf = self.image.as_mut()?;
        if !buf.closed {
            match event {
                Event::Text(t) | Event::Code(t) => buf.alt.push_str(&t),
                Event::End(TagEnd::Image) => buf.closed = true,
                _ => {}
            }
            return None;
        }
        let buf = self.image.take()?;
        if buf.opens_paragraph && matches!(event, Event::End(TagEnd::Paragraph)) {
            self.out.pop();
            let html = self.lone_figure(&buf).unwrap_or_default();
            self.out.push(Event::Html(html.into()));
            return None;
        }
        let html = self.inline_image(&buf).unwrap_or_default();
        self.emit(Event::Html(html.into()));
        Some(event)
    }

    /// `![alt](img/x.jpg)` alone in its paragraph.
    fn lone_figure(&mut self, buf: &ImageBuf) -> Option<String> {
        let span = self.span_of(&buf.range, &buf.dest);
        let (path, info) = self.find_image(&buf.dest, span.clone())?;
        let side = info.sidecar.clone().unwrap_or_default();
        let alt = self.image_alt(&buf.alt, &side, &buf.range)?;
        let caption = side
            .caption
            .as_deref()
            .map(|c| self.inline_html(c, span.clone()));
        let figure = Figure {
            path,
            info,
            span,
            alt,
            caption,
            credit: side.credit,
            license: side.license,
            wide: false,
        };
        self.draw_figure(figure, self.at(buf.range.clone()))
    }

    /// An image inside text: an `<img>` of the same file, with the same checks.
    fn inline_image(&mut self, buf: &ImageBuf) -> Option<String> {
        let span = self.span_of(&buf.range, &buf.dest);
        let (path, info) = self.find_image(&buf.dest, span.clone())?;
        let side = info.sidecar.clone().unwrap_or_default();
        let alt = self.image_alt(&buf.alt, &side, &buf.range)?;
        self.require_credit(&path, &info, side.credit.as_deref(), span.clone())?;
        let image = self.image_of(&path, &info, span)?;
        Some(format!(
            "<img src=\"{}\" alt=\"{}\" width=\"{}\" height=\"{}\" loading=\"lazy\" decoding=\"async\">",
            escape_attr(image["src"].as_str().unwrap_or("")),
            escape_attr(&alt),
            image["width"],
            image["height"],
        ))
    }

    fn image_alt(&mut self, written: &str, side: &Sidecar, range: &Range<usize>) -> Option<String> {
        let alt = Some(written.trim())
            .filter(|a| !a.is_empty())
            .or(side.alt.as_deref().map(str::trim))
            .filter(|a| !a.is_empty());
        if alt.is_none() {
            self.diags.push(
                Diagnostic::error(Class::Content, "image without alt text").with_hint(
                    "write what the image shows between the brackets, ![…](img/x.jpg), for readers who cannot see it",
                ),
                self.at(range.clone()),
            );
        }
        alt.map(str::to_string)
    }

    pub(super) fn figure_block(&mut self, b: &Block) -> Option<String> {
        let f: FigureBlock = self.parse_body(b)?;
        let span = b.span(&f.src);
        let (path, info) = self.find_image(f.src.get_ref(), span.clone())?;
        let side = info.sidecar.clone().unwrap_or_default();
        let alt = match &f.alt {
            Some(a) => self.required_text("alt", a, b),
            None => side.alt.clone().filter(|a| !a.trim().is_empty()),
        };
        if f.alt.is_none() && alt.is_none() {
            self.diags.push(
                Diagnostic::error(Class::Content, "figure without alt text").with_hint(
                    "add alt = \"…\": what the image shows, for readers who cannot see it",
                ),
                b.fence.clone(),
            );
        }
        let caption = match &f.caption {
            Some(c) => Some(self.inline_html(c.get_ref(), b.span(c))),
            None => side
                .caption
                .as_deref()
                .map(|c| self.inline_html(c, span.clone())),
        };
        let plain = |v: &Option<toml::Spanned<String>>| {
            v.as_ref()
                .map(|s| s.get_ref().trim().to_string())
                .filter(|s| !s.is_empty())
        };
        let figure = Figure {
            path,
            info,
            span,
            alt: alt?,
            caption,
            credit: plain(&f.credit).or(side.credit),
            license: plain(&f.license).or(side.license),
            wide: f.wide,
        };
        self.draw_figure(figure, b.fence.clone())
    }

    /// Checks the credit and draws the figure; `at` (in the file) locates it.
    fn draw_figure(&mut self, f: Figure, at: Range<usize>) -> Option<String> {
        self.require_credit(&f.path, &f.info, f.credit.as_deref(), f.span.clone())?;
        let image = self.image_of(&f.path, &f.info, f.span.clone())?;
        let lazy = self.page.figures > 0;
        self.page.figures += 1;
        if let Some(credit) = &f.credit {
            let c = super::Credit {
                image: f.path.clone(),
                what: f.alt.clone(),
                credit: credit.clone(),
                license: f.license.clone(),
            };
            if !self.page.credits.contains(&c) {
                self.page.credits.push(c);
            }
        }
        let view = json!({
            "image": image,
            "alt": f.alt,
            "caption": f.caption,
            "credit": f.credit,
            "license": f.license,
            "wide": f.wide,
            "lazy": lazy,
        });
        self.draw("figure", &view, at)
    }

    fn require_credit(
        &mut self,
        path: &str,
        info: &ImageInfo,
        credit: Option<&str>,
        span: Range<usize>,
    ) -> Option<()> {
        if !info.raster || info.sidecar_broken || credit.is_some_and(|c| !c.trim().is_empty()) {
            return Some(());
        }
        self.diags.push(
            Diagnostic::error(Class::Content, format!("image `{path}` has no credit"))
                .with_hint(format!(
                    "add credit = \"…\" to the figure block, or to static/{path}.toml to credit it on every page"
                )),
            span,
        );
        None
    }

    /// The image of `static/` that `src` names; reported at `span` when there is none.
    pub(super) fn find_image(
        &mut self,
        src: &str,
        span: Range<usize>,
    ) -> Option<(String, ImageInfo)> {
        let src = src.trim();
        if crate::html::is_script_url(src) {
            self.diags.push(
                Diagnostic::error(Class::Content, "script URL in an image")
                    .with_hint("`javascript:` links run code in readers' browsers; show a file of static/ instead"),
                span,
            );
            return None;
        }
        let path = src.strip_prefix('/').unwrap_or(src);
        if let Some(info) = self.refs.images.get(path) {
            return Some((path.to_string(), info.clone()));
        }
        let remote = src.contains("://") || src.starts_with("//");
        let hint = if remote {
            "images are files of static/: save it there (with its credit) and write its path, e.g. img/photo.jpg".to_string()
        } else {
            match closest(path, self.refs.images.paths()) {
                Some(near) => format!("did you mean `{near}`? Image paths are relative to static/"),
                None => format!("put the image at static/{path} (jpg, png, webp, avif or svg)"),
            }
        };
        let message = if remote {
            format!("image `{src}` is not a file of static/")
        } else {
            format!("image `{path}` is not in static/")
        };
        self.diags.push(
            Diagnostic::error(Class::Content, message).with_hint(hint),
            span,
        );
        None
    }

    /// `{src, width, height}` of an image of `static/`, its URL relative to this page;
    /// for a raster image also `srcset`, `sizes` and the `sources` of a `<picture>`.
    fn image_of(&mut self, path: &str, info: &ImageInfo, span: Range<usize>) -> Option<Value> {
        let Some(size) = info.size else {
            self.diags.push(
                Diagnostic::error(Class::Content, format!("cannot read the size of image `{path}`"))
                    .with_hint("the file may be damaged, or not the format its name says; open and save it again"),
                span,
            );
            return None;
        };
        let root = self.page.root.clone();
        let plan = info
            .raster
            .then(|| Plan::new(path, size, &self.refs.images.settings))
            .flatten();
        let Some(plan) = plan else {
            let src = format!("{root}{}", urls::static_file(path));
            return Some(json!({ "src": src, "width": size.0, "height": size.1 }));
        };
        self.page.images_used.insert(path.to_string());
        let srcset = |format| {
            plan.of_format(format)
                .map(|v| format!("{root}{} {}w", v.path, v.width))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let fallback = plan.fallback();
        let largest = plan.of_format(fallback).last()?;
        let sources: Vec<Value> = plan.formats[..plan.formats.len() - 1]
            .iter()
            .map(|&f| json!({ "type": f.mime(), "srcset": srcset(f) }))
            .collect();
        Some(json!({
            "src": format!("{root}{}", largest.path),
            "width": largest.width,
            "height": largest.height,
            "srcset": srcset(fallback),
            "sizes": SIZES,
            "sources": sources,
        }))
    }

    /// An image named by a component (an embed's poster): its `{src, width, height}`.
    pub(super) fn image_view(&mut self, src: &str, span: Range<usize>) -> Option<Value> {
        let (path, info) = self.find_image(src, span.clone())?;
        self.image_of(&path, &info, span)
    }
}
