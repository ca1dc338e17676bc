//! `[images]` of `dossier.toml`: the widths and modern formats every raster figure is
//! published in (CONTENT.md: `widths = [480, 960, 1600]`, `formats = ["avif", "webp"]`).

use serde::Deserialize;
use toml::Spanned;

/// A format an image is published in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ImageFormat {
    Avif,
    Webp,
    /// Only as the fallback of a JPEG original.
    #[serde(skip)]
    Jpeg,
    /// Only as the fallback of a PNG original.
    #[serde(skip)]
    Png,
}

impl ImageFormat {
    /// The file extension of a variant.
    pub fn extension(self) -> &'static str {
        match self {
            ImageFormat::Avif => "avif",
            ImageFormat::Webp => "webp",
            ImageFormat::Jpeg => "jpg",
            ImageFormat::Png => "png",
        }
    }

    /// The MIME type a `<source type>` names.
    pub fn mime(self) -> &'static str {
        match self {
            ImageFormat::Avif => "image/avif",
            ImageFormat::Webp => "image/webp",
            ImageFormat::Jpeg => "image/jpeg",
            ImageFormat::Png => "image/png",
        }
    }

    /// The format of an original, by its extension (`jpg`, `jpeg`, `png`, `webp`, `avif`).
    pub fn of_extension(ext: &str) -> Option<ImageFormat> {
        match ext.to_ascii_lowercase().as_str() {
            "jpg" | "jpeg" => Some(ImageFormat::Jpeg),
            "png" => Some(ImageFormat::Png),
            "webp" => Some(ImageFormat::Webp),
            "avif" => Some(ImageFormat::Avif),
            _ => None,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawImages {
    pub(super) widths: Option<Spanned<Vec<u32>>>,
    pub(super) formats: Option<Vec<ImageFormat>>,
}

/// The validated `[images]` settings.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ImageSettings {
    /// Ascending, without duplicates, none zero.
    pub widths: Vec<u32>,
    /// The modern formats, in the order browsers should prefer them.
    pub formats: Vec<ImageFormat>,
}

impl Default for ImageSettings {
    fn default() -> Self {
        ImageSettings {
            widths: vec![480, 960, 1600],
            formats: vec![ImageFormat::Avif, ImageFormat::Webp],
        }
    }
}

impl RawImages {
    /// The settings, or the span and reason of a bad `widths`.
    pub(super) fn validate(self) -> Result<ImageSettings, (std::ops::Range<usize>, String)> {
        let mut settings = ImageSettings::default();
        if let Some(w) = self.widths {
            let mut widths = w.get_ref().clone();
            if widths.is_empty() || widths.contains(&0) {
                return Err((w.span(), "`widths` needs at least one width above 0".into()));
            }
            widths.sort_unstable();
            widths.dedup();
            settings.widths = widths;
        }
        if let Some(mut formats) = self.formats {
            let mut seen = std::collections::BTreeSet::new();
            formats.retain(|f| seen.insert(*f));
            settings.formats = formats;
        }
        Ok(settings)
    }
}
