//! Raster figures, published as their variants (see `model::variants`): each original
//! is decoded once, turned upright by its EXIF orientation, resized (Lanczos3) and
//! encoded in every format of its plan. Encoding copies pixels only, so EXIF, XMP and
//! GPS never reach a published file.
//!
//! Never twice: every encoded file is kept in the site's cache folder
//! (`.dossier-cache/images/`, beside `dossier.toml`, never inside the output), named by
//! a hash of the original's bytes, the encoder settings and its size, so a build whose
//! images did not change decodes and encodes nothing; it copies from the cache. The
//! hash of each original's bytes is remembered under its file's identity (see
//! `output::originals`), so such a build does not read the originals either.

use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diag::{Class, Diagnostic, Diagnostics};
use crate::model::variants::{Plan, Variant};
use crate::read::io_reason;

use super::originals;
use super::pixels::{decode, encode, resized};

/// The cache folder, relative to the site root.
pub const CACHE_DIR: &str = ".dossier-cache/images";

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
    let cache = root.join(CACHE_DIR);
    let source = root.join("static").join(&plan.source);
    let original = originals::identify(&cache, &source, &plan.source)
        .map_err(|e| unreadable(plan, &io_reason(&e)))?;
    if let Ok(b) = fs::read(cache.join(cache_name(&original.key, variant))) {
        return Ok(b);
    }
    let (key, bytes) = read_whole(&source, plan, original)?;
    let image = decode(&bytes).map_err(|e| unreadable(plan, &e))?;
    // Made the way `build` makes it (stepwise from the widest), so both agree on the
    // bytes they keep under one cache name.
    let widths: Vec<(u32, u32)> = plan
        .widths
        .iter()
        .copied()
        .filter(|&(w, _)| w >= variant.width)
        .collect();
    let image = resized(image, &widths)
        .map_err(|e| unreadable(plan, &e))?
        .swap_remove(0);
    let encoded = encode(&image, variant).map_err(|e| unreadable(plan, &e))?;
    store_variant(&cache.join(cache_name(&key, variant)), &encoded);
    Ok(encoded)
}

/// The original's bytes and the key they hash to (read now if `original` came from its
/// stamp: the file is about to be decoded, so the key is taken from what is decoded).
fn read_whole(
    source: &Path,
    plan: &Plan,
    original: originals::Original,
) -> Result<(String, Vec<u8>), Diagnostic> {
    match original.bytes {
        Some(bytes) => Ok((original.key, bytes)),
        None => {
            let bytes = fs::read(source).map_err(|e| unreadable(plan, &io_reason(&e)))?;
            Ok((originals::content_key(&bytes), bytes))
        }
    }
}

fn publish_one(
    root: &Path,
    cache: &Path,
    dest: &Path,
    plan: &Plan,
) -> Result<VariantCount, Diagnostic> {
    let source = root.join("static").join(&plan.source);
    let original = originals::identify(cache, &source, &plan.source)
        .map_err(|e| unreadable(plan, &io_reason(&e)))?;
    let mut count = VariantCount::default();
    let mut missing = Vec::new();
    for v in &plan.variants {
        let out = dest.join(&v.path);
        if let Some(dir) = out.parent() {
            fs::create_dir_all(dir).map_err(|e| cannot_write(&out, &e))?;
        }
        if publish_cached(&cache.join(cache_name(&original.key, v)), &out) {
            count.cached += 1;
        } else {
            missing.push(v);
        }
    }
    if missing.is_empty() {
        return Ok(count);
    }
    let (key, bytes) = read_whole(&source, plan, original)?;
    let image = decode(&bytes).map_err(|e| unreadable(plan, &e))?;
    drop(bytes);
    let sized = resized(image, &plan.widths).map_err(|e| unreadable(plan, &e))?;
    for v in missing {
        let image = plan
            .widths
            .iter()
            .position(|&size| size == (v.width, v.height))
            .and_then(|i| sized.get(i))
            .expect("every variant's size is among the plan's widths");
        let encoded = encode(image, v).map_err(|e| unreadable(plan, &e))?;
        let (out, cached) = (dest.join(&v.path), cache.join(cache_name(&key, v)));
        store_variant(&cached, &encoded);
        if !publish_cached(&cached, &out) {
            fs::write(&out, &encoded).map_err(|e| cannot_write(&out, &e))?;
        }
        count.encoded += 1;
    }
    Ok(count)
}

/// Puts the cached file `cached` at `out`, as a hard link where the cache and the output
/// share a file system (a copy elsewhere); `false` if it is not in the cache. Cache
/// files are never written in place (see [`store`]), so a link always shows the bytes
/// it was made with; and a warm build creates no inodes and copies no bytes for its
/// variants (1,200 files, 45 MiB, for 200 photos: the difference between 0.6 and
/// 0.05 CPU-seconds), while an unchanged variant keeps its date for tools such as
/// `rsync` that compare dates.
fn publish_cached(cached: &Path, out: &Path) -> bool {
    fs::hard_link(cached, out).is_ok() || fs::copy(cached, out).is_ok()
}

/// `<hash of the original's key and the settings>-<width>x<height>.<ext>`.
fn cache_name(original: &str, v: &Variant) -> String {
    let key = originals::content_key(
        format!(
            "{original} {} {}x{}",
            super::pixels::SETTINGS,
            v.width,
            v.height
        )
        .as_bytes(),
    );
    format!(
        "{}-{}x{}.{}",
        &key[..16],
        v.width,
        v.height,
        v.format.extension()
    )
}

/// Keeps `bytes` in the cache. A failure only costs a later encode, so it is not an
/// error; the file appears whole or not at all (written aside, then renamed).
pub(super) fn store(path: &Path, bytes: &[u8]) {
    store_as(path, bytes, false);
}

/// [`store`] for a variant: read-only on Unix, as are its hard links in the output
/// (see [`publish_cached`]), so a program that would rewrite a published variant in
/// place is refused instead of changing the cached file under it.
fn store_variant(path: &Path, bytes: &[u8]) {
    store_as(path, bytes, cfg!(unix));
}

fn store_as(path: &Path, bytes: &[u8], read_only: bool) {
    let Some(dir) = path.parent() else { return };
    if fs::create_dir_all(dir).is_err() {
        return;
    }
    let tmp = dir.join(format!(
        ".{}.tmp{}",
        path.file_name().unwrap_or_default().to_string_lossy(),
        std::process::id()
    ));
    let written = fs::write(&tmp, bytes).is_ok()
        && (!read_only
            || fs::metadata(&tmp).is_ok_and(|m| {
                let mut p = m.permissions();
                p.set_readonly(true);
                fs::set_permissions(&tmp, p).is_ok()
            }));
    if !written || fs::rename(&tmp, path).is_err() {
        let _ = fs::remove_file(&tmp);
    }
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
