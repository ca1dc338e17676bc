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
    let is_jpeg = file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("jpg") || e.eq_ignore_ascii_case("jpeg"));
    let orientation = if is_jpeg {
        jpeg_exif(file).and_then(|exif| Orientation::from_exif_chunk(&exif))
    } else {
        // PNG and WebP decoders read their chunks, not the pixels, for this.
        image::ImageReader::open(file)
            .and_then(|r| r.with_guessed_format())
            .ok()
            .and_then(|r| r.into_decoder().ok())
            .and_then(|mut d| image::ImageDecoder::orientation(&mut d).ok())
    };
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

/// The EXIF block (the TIFF data of the `Exif` APP1 segment) of the JPEG at `file`,
/// found by walking its segments up to the first frame or scan: a few kilobytes read,
/// where the image decoder would read the whole file first.
fn jpeg_exif(file: &Path) -> Option<Vec<u8>> {
    use std::io::{BufReader, Read};
    let mut r = BufReader::new(fs::File::open(file).ok()?);
    let mut two = [0u8; 2];
    r.read_exact(&mut two).ok()?;
    if two != [0xff, 0xd8] {
        return None;
    }
    loop {
        r.read_exact(&mut two).ok()?;
        let mut marker = two[1];
        while two[0] == 0xff && marker == 0xff {
            // Fill bytes before a marker.
            let mut one = [0u8; 1];
            r.read_exact(&mut one).ok()?;
            marker = one[0];
        }
        // A frame (SOF0–15 but for DHT, JPG and DAC), a scan, the end, or not a
        // marker at all: there is no EXIF block before the pixels.
        let frame = matches!(marker, 0xc0..=0xcf) && !matches!(marker, 0xc4 | 0xc8 | 0xcc);
        if two[0] != 0xff || frame || matches!(marker, 0xd9 | 0xda) {
            return None;
        }
        r.read_exact(&mut two).ok()?;
        let len = u16::from_be_bytes(two).checked_sub(2)?;
        if marker != 0xe1 {
            r.seek_relative(i64::from(len)).ok()?;
            continue;
        }
        let mut segment = vec![0u8; usize::from(len)];
        r.read_exact(&mut segment).ok()?;
        if segment.starts_with(b"Exif\0\0") {
            segment.drain(..6);
            return Some(segment);
        }
    }
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

    #[test]
    fn the_orientation_of_a_jpeg_is_read_from_its_header() {
        use image::ImageEncoder;
        let mut jpeg = Vec::new();
        image::codecs::jpeg::JpegEncoder::new(&mut jpeg)
            .write_image(&[0u8; 8 * 4 * 3], 8, 4, image::ExtendedColorType::Rgb8)
            .unwrap();
        // An APP2 segment to step over, then EXIF (little-endian TIFF, one IFD entry:
        // orientation 6), as a phone writes a portrait photo.
        let mut tiff = b"II*\0\x08\0\0\0\x01\0\x12\x01\x03\0\x01\0\0\0\x06\0\0\0".to_vec();
        tiff.extend_from_slice(&[0; 4]);
        let mut with = jpeg[..2].to_vec();
        with.extend_from_slice(&[0xff, 0xe2, 0, 6, b'I', b'C', b'C', 0]);
        let app1_len = u16::try_from(6 + tiff.len() + 2).unwrap();
        with.extend_from_slice(&[0xff, 0xe1]);
        with.extend_from_slice(&app1_len.to_be_bytes());
        with.extend_from_slice(b"Exif\0\0");
        with.extend_from_slice(&tiff);
        with.extend_from_slice(&jpeg[2..]);
        let dir = tempfile::tempdir().unwrap();
        let (portrait, plain) = (dir.path().join("p.jpg"), dir.path().join("q.JPEG"));
        fs::write(&portrait, &with).unwrap();
        fs::write(&plain, &jpeg).unwrap();
        assert!(turned_sideways(&portrait));
        assert!(!turned_sideways(&plain));
        assert_eq!(jpeg_exif(&plain), None);
    }
}
