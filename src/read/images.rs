//! What a build must know of the images in `static/` before it renders a page that
//! shows one: each image's size in pixels (read from its header, not the whole file)
//! and the text of its credit sidecar (`static/img/x.jpg.toml`), if it has one.
//!
//! The size is the upright one (after the EXIF orientation), as published.
//! Only reading happens here: the sidecar's TOML is parsed by `parse::images`, and a
//! size that cannot be read is left `None` for the page that uses the image to report.

use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

/// Raster formats a figure may show; each is published in several widths and formats.
pub const RASTER_EXTENSIONS: &[&str] = &["jpg", "jpeg", "png", "webp", "avif"];

/// An image of `static/`, as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaticImage {
    /// Relative to `static/`, with `/` separators: `img/tower-22.jpg`.
    pub path: String,
    /// Raster (`true`) or SVG.
    pub raster: bool,
    /// Width and height in pixels (for SVG, from its `width`/`height` or `viewBox`).
    pub size: Option<(u32, u32)>,
    /// The text of `static/<path>.toml`, if there is one.
    pub sidecar: Option<String>,
}

/// Whether `path` (relative to `static/`) is a credit sidecar of an image: `x.jpg.toml`.
pub fn is_sidecar(path: &Path) -> bool {
    let name = path.to_string_lossy();
    name.strip_suffix(".toml")
        .is_some_and(|image| image_kind(Path::new(image)).is_some())
}

/// `Some(true)` for a raster image, `Some(false)` for SVG, `None` for anything else.
pub fn image_kind(path: &Path) -> Option<bool> {
    let ext = path.extension()?.to_string_lossy().to_ascii_lowercase();
    if ext == "svg" {
        return Some(false);
    }
    RASTER_EXTENSIONS.contains(&ext.as_str()).then_some(true)
}

/// The images among `static_files` (relative to `sdir`), with their sizes and sidecars.
pub fn read_images(sdir: &Path, static_files: &[PathBuf]) -> Vec<StaticImage> {
    static_files
        .par_iter()
        .filter_map(|rel| {
            let raster = image_kind(rel)?;
            let file = sdir.join(rel);
            let size = if raster {
                imagesize::size(&file).ok().and_then(|s| {
                    let (w, h) = (u32::try_from(s.width).ok()?, u32::try_from(s.height).ok()?);
                    Some(if turned_sideways(&file) {
                        (h, w)
                    } else {
                        (w, h)
                    })
                })
            } else {
                fs::read_to_string(&file).ok().and_then(|t| svg_size(&t))
            };
            let mut sidecar_path = file.into_os_string();
            sidecar_path.push(".toml");
            Some(StaticImage {
                path: rel.to_string_lossy().replace('\\', "/"),
                raster,
                size,
                sidecar: fs::read_to_string(sidecar_path).ok(),
            })
        })
        .collect()
}

/// Whether the EXIF orientation of the image at `file` turns it a quarter (a phone's
/// portrait photo is stored landscape with orientation 6 or 8): its variants are made
/// upright, so its width and height swap. Read from the header, not the pixels.
/// See: issue 22 (an EXIF-rotated photo got its width and height swapped).
fn turned_sideways(file: &Path) -> bool {
    use image::metadata::Orientation;
    let orientation = image::ImageReader::open(file)
        .and_then(|r| r.with_guessed_format())
        .ok()
        .and_then(|r| r.into_decoder().ok())
        .and_then(|mut d| image::ImageDecoder::orientation(&mut d).ok());
    matches!(
        orientation,
        Some(
            Orientation::Rotate90
                | Orientation::Rotate270
                | Orientation::Rotate90FlipH
                | Orientation::Rotate270FlipH
        )
    )
}

/// The size an SVG declares: its root's `width` and `height` in plain numbers or `px`,
/// else its `viewBox`'s. Enough to reserve the space (no layout shift); not a parser.
pub fn svg_size(svg: &str) -> Option<(u32, u32)> {
    let start = svg.find("<svg")?;
    let tag = &svg[start..start + svg[start..].find('>')?];
    let attr = |name: &str| -> Option<&str> {
        let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        Some(&tag[at..at + tag[at..].find('"')?])
    };
    let px = |v: &str| v.trim().trim_end_matches("px").parse::<f64>().ok();
    let round = |v: f64| (v > 0.0 && v < 100_000.0).then(|| v.round() as u32);
    if let (Some(w), Some(h)) = (attr("width").and_then(px), attr("height").and_then(px)) {
        return Some((round(w)?, round(h)?));
    }
    let vb: Vec<f64> = attr("viewBox")?
        .split([' ', ','])
        .filter(|s| !s.is_empty())
        .filter_map(|s| s.parse().ok())
        .collect();
    match vb.as_slice() {
        [_, _, w, h] => Some((round(*w)?, round(*h)?)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_size_from_attributes_or_view_box() {
        assert_eq!(
            svg_size("<svg xmlns=\"x\" width=\"800\" height=\"450px\">"),
            Some((800, 450))
        );
        assert_eq!(
            svg_size("<?xml?>\n<svg viewBox=\"0 0 960 400\" role=\"img\">"),
            Some((960, 400))
        );
        assert_eq!(svg_size("<svg width=\"100%\">"), None);
    }

    #[test]
    fn sidecars_belong_to_images() {
        assert!(is_sidecar(Path::new("img/x.jpg.toml")));
        assert!(!is_sidecar(Path::new("data/x.toml")));
        assert_eq!(image_kind(Path::new("a/B.JPG")), Some(true));
        assert_eq!(image_kind(Path::new("a/b.svg")), Some(false));
        assert_eq!(image_kind(Path::new("a/b.gif")), None);
    }
}
