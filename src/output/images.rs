//! Raster figures, published as their variants (see `model::variants`): each original
//! is decoded once, turned upright by its EXIF orientation, resized (Lanczos3) and
//! encoded in every format of its plan. Encoding copies pixels only, so EXIF, XMP and
//! GPS never reach a published file.
//!
//! Never twice: every encoded file is kept in the site's cache folder
//! (`.dossier-cache/images/`, beside `dossier.toml`, never inside the output), named by
//! a hash of the original's bytes and of the encoder settings, so a build whose images
//! did not change decodes and encodes nothing; it copies from the cache.

use std::fs;
use std::hash::{Hash, Hasher};
use std::io::Cursor;
use std::path::{Path, PathBuf};

use image::codecs::avif::AvifEncoder;
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageEncoder, ImageReader};
use rayon::prelude::*;

use crate::diag::{Class, Diagnostic, Diagnostics};
use crate::model::variants::{Plan, Variant};
use crate::parse::config::ImageFormat;
use crate::read::io_reason;

/// The cache folder, relative to the site root.
pub const CACHE_DIR: &str = ".dossier-cache/images";

/// What the encoders are asked for; part of every cache key, so a change of settings
/// (or of this list) never reuses a file made the old way.
const ENCODER_SETTINGS: &str = "v2 lanczos3-stepwise jpeg82 webp80 avif60/s8 png";
const JPEG_QUALITY: u8 = 82;
const WEBP_QUALITY: f32 = 80.0;
const AVIF_QUALITY: u8 = 60;
/// rav1e's speed (1 slowest … 10 fastest): 8 keeps a 1600 px image near a second.
const AVIF_SPEED: u8 = 8;

/// How many variant files a run encoded, and how many it took from the cache.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct VariantCount {
    pub encoded: usize,
    pub cached: usize,
}

/// Writes every variant of `plans` under `dest`, through the cache of the site at
/// `root`. Problems (an unreadable or undecodable original) come back together.
pub fn publish(root: &Path, dest: &Path, plans: &[Plan]) -> Result<VariantCount, Diagnostics> {
    let cache = root.join(CACHE_DIR);
    let results: Vec<Result<VariantCount, Diagnostic>> = plans
        .par_iter()
        .map(|plan| publish_one(root, &cache, dest, plan))
        .collect();
    let mut count = VariantCount::default();
    let mut diags = Diagnostics::default();
    for r in results {
        match r {
            Ok(c) => {
                count.encoded += c.encoded;
                count.cached += c.cached;
            }
            Err(d) => diags.push(d),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(count)
}

/// The bytes of one variant of `plan`, through the cache (what `serve` asks for, one
/// file at a time, when a browser requests it).
pub fn variant_bytes(root: &Path, plan: &Plan, variant: &Variant) -> Result<Vec<u8>, Diagnostic> {
    let source = root.join("static").join(&plan.source);
    let bytes = fs::read(&source).map_err(|e| unreadable(plan, &e.to_string()))?;
    let cached = root.join(CACHE_DIR).join(cache_name(&bytes, variant));
    if let Ok(b) = fs::read(&cached) {
        return Ok(b);
    }
    let image = decode(&bytes).map_err(|e| unreadable(plan, &e))?;
    // Made the way `build` makes it (stepwise from the widest), so both agree on the
    // bytes they keep under one cache name.
    let widths: Vec<(u32, u32)> = plan
        .widths
        .iter()
        .copied()
        .filter(|&(w, _)| w >= variant.width)
        .collect();
    let image = resized(image, &widths).swap_remove(0);
    let encoded = encode(&image, variant).map_err(|e| unreadable(plan, &e))?;
    store(&cached, &encoded);
    Ok(encoded)
}

fn publish_one(
    root: &Path,
    cache: &Path,
    dest: &Path,
    plan: &Plan,
) -> Result<VariantCount, Diagnostic> {
    let source = root.join("static").join(&plan.source);
    let bytes = fs::read(&source).map_err(|e| unreadable(plan, &io_reason(&e)))?;
    let mut count = VariantCount::default();
    let mut sized: Option<Vec<DynamicImage>> = None;
    for v in &plan.variants {
        let cached = cache.join(cache_name(&bytes, v));
        let out = dest.join(&v.path);
        if let Some(dir) = out.parent() {
            fs::create_dir_all(dir).map_err(|e| cannot_write(&out, &e))?;
        }
        if fs::copy(&cached, &out).is_ok() {
            count.cached += 1;
            continue;
        }
        if sized.is_none() {
            let image = decode(&bytes).map_err(|e| unreadable(plan, &e))?;
            sized = Some(resized(image, &plan.widths));
        }
        let image = plan
            .widths
            .iter()
            .position(|&size| size == (v.width, v.height))
            .and_then(|i| sized.as_ref()?.get(i))
            .expect("every variant's size is among the plan's widths");
        let encoded = encode(image, v).map_err(|e| unreadable(plan, &e))?;
        fs::write(&out, &encoded).map_err(|e| cannot_write(&out, &e))?;
        store(&cached, &encoded);
        count.encoded += 1;
    }
    Ok(count)
}

/// The original at each of `widths` (narrowest first, as plans list them), each resized
/// once for every format, and each from the next wider one rather than from the whole
/// photo: a 12 MP original is filtered once, not once per variant.
fn resized(original: DynamicImage, widths: &[(u32, u32)]) -> Vec<DynamicImage> {
    let mut out: Vec<DynamicImage> = Vec::with_capacity(widths.len());
    for &(w, h) in widths.iter().rev() {
        let wider = out.last().unwrap_or(&original);
        let image = if wider.width() == w && wider.height() == h {
            wider.clone()
        } else {
            wider.resize_exact(w, h, FilterType::Lanczos3)
        };
        out.push(image);
    }
    out.reverse();
    out
}

/// `<hash of the original and the settings>-<width>.<ext>`.
fn cache_name(original: &[u8], v: &Variant) -> String {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    original.hash(&mut h);
    ENCODER_SETTINGS.hash(&mut h);
    (v.width, v.height).hash(&mut h);
    format!(
        "{:016x}-{}x{}.{}",
        h.finish(),
        v.width,
        v.height,
        v.format.extension()
    )
}

/// Keeps `bytes` in the cache. A failure only costs a later encode, so it is not an
/// error; the file appears whole or not at all (written aside, then renamed).
pub(super) fn store(path: &Path, bytes: &[u8]) {
    let Some(dir) = path.parent() else { return };
    if fs::create_dir_all(dir).is_err() {
        return;
    }
    let tmp = dir.join(format!(
        ".{}.tmp{}",
        path.file_name().unwrap_or_default().to_string_lossy(),
        std::process::id()
    ));
    if fs::write(&tmp, bytes).is_ok() && fs::rename(&tmp, path).is_err() {
        let _ = fs::remove_file(&tmp);
    }
}

/// Decodes an original and turns it upright (its EXIF orientation), dropping the rest.
fn decode(bytes: &[u8]) -> Result<DynamicImage, String> {
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| e.to_string())?;
    let mut decoder = reader.into_decoder().map_err(|e| e.to_string())?;
    let orientation = decoder.orientation().map_err(|e| e.to_string())?;
    let mut image = DynamicImage::from_decoder(decoder).map_err(|e| e.to_string())?;
    image.apply_orientation(orientation);
    Ok(image)
}

/// One variant's bytes: resized when narrower than the original, then encoded.
fn encode(image: &DynamicImage, v: &Variant) -> Result<Vec<u8>, String> {
    let resized;
    let image = if image.width() == v.width && image.height() == v.height {
        image
    } else {
        resized = image.resize_exact(v.width, v.height, FilterType::Lanczos3);
        &resized
    };
    let mut out = Vec::new();
    let err = |e: image::ImageError| e.to_string();
    match v.format {
        ImageFormat::Jpeg => {
            let rgb = image.to_rgb8();
            JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
                .write_image(
                    &rgb,
                    rgb.width(),
                    rgb.height(),
                    image::ExtendedColorType::Rgb8,
                )
                .map_err(err)?;
        }
        ImageFormat::Png => {
            let rgba = image.to_rgba8();
            PngEncoder::new(&mut out)
                .write_image(
                    &rgba,
                    rgba.width(),
                    rgba.height(),
                    image::ExtendedColorType::Rgba8,
                )
                .map_err(err)?;
        }
        ImageFormat::Webp => {
            let rgba = image.to_rgba8();
            let encoded =
                webp::Encoder::from_rgba(&rgba, rgba.width(), rgba.height()).encode(WEBP_QUALITY);
            out.extend_from_slice(&encoded);
        }
        ImageFormat::Avif => {
            let rgba = image.to_rgba8();
            AvifEncoder::new_with_speed_quality(&mut out, AVIF_SPEED, AVIF_QUALITY)
                .write_image(
                    &rgba,
                    rgba.width(),
                    rgba.height(),
                    image::ExtendedColorType::Rgba8,
                )
                .map_err(err)?;
        }
    }
    Ok(out)
}

fn unreadable(plan: &Plan, reason: &str) -> Diagnostic {
    Diagnostic::error(
        Class::Content,
        format!("cannot read image `{}`: {reason}", plan.source),
    )
    .in_file(PathBuf::from("static").join(&plan.source))
    .with_hint("the file may be damaged, or not the format its name says; open and save it again")
}

fn cannot_write(path: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(
        Class::Setup,
        format!("cannot write {}: {}", path.display(), io_reason(e)),
    )
    .with_hint("check that the output location exists and is writable")
}

/// The plans of every raster image in `used`, with the sizes `images` knows.
pub fn plans(
    images: &crate::model::images::Images,
    used: &std::collections::BTreeSet<String>,
) -> Vec<Plan> {
    used.iter()
        .filter_map(|path| {
            let info = images.get(path)?;
            Plan::new(path, info.size?, &images.settings)
        })
        .collect()
}

impl super::Staging {
    /// Writes the variants of `plans` into the staging folder (see [`publish`]).
    pub fn put_variants(&self, plans: &[Plan]) -> Result<VariantCount, Diagnostics> {
        publish(&self.root, &self.dir, plans)
    }
}
