//! The variants a raster figure is published as: every configured width below the
//! original's (never upscaled), and the original's own width when a configured width
//! reaches it, each in the modern formats (`[images] formats`) and in the original's
//! format as the fallback. Pure: which files to make, not how (see `output::images`).

use crate::parse::config::{ImageFormat, ImageSettings};

use super::urls;

/// One file to make from an original.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    pub width: u32,
    pub height: u32,
    pub format: ImageFormat,
    /// Its path in the output (relative to the root): `img/x-480.webp`.
    pub path: String,
}

/// Every variant of one original, widest last within each format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The original, relative to `static/`.
    pub source: String,
    pub widths: Vec<(u32, u32)>,
    /// Modern formats first, the fallback last.
    pub formats: Vec<ImageFormat>,
    pub variants: Vec<Variant>,
}

impl Plan {
    /// The plan for `source` of `size` (width, height) under `settings`; `None` for a
    /// file whose extension is no raster format.
    pub fn new(source: &str, size: (u32, u32), settings: &ImageSettings) -> Option<Plan> {
        let ext = source.rsplit_once('.')?.1;
        let fallback = ImageFormat::of_extension(ext)?;
        let (w, h) = size;
        let mut widths: Vec<u32> = settings.widths.iter().copied().filter(|&x| x < w).collect();
        if settings.widths.iter().any(|&x| x >= w) || widths.is_empty() {
            widths.push(w);
        }
        let widths: Vec<(u32, u32)> = widths
            .into_iter()
            .map(|x| (x, scaled_height(x, w, h)))
            .collect();
        let mut formats: Vec<ImageFormat> = settings
            .formats
            .iter()
            .copied()
            .filter(|f| *f != fallback)
            .collect();
        formats.push(fallback);
        let variants = formats
            .iter()
            .flat_map(|&format| {
                widths.iter().map(move |&(width, height)| Variant {
                    width,
                    height,
                    format,
                    path: urls::image_variant(source, width, format.extension()),
                })
            })
            .collect();
        Some(Plan {
            source: source.to_string(),
            widths,
            formats,
            variants,
        })
    }

    /// The variants of one format, narrowest first.
    pub fn of_format(&self, format: ImageFormat) -> impl Iterator<Item = &Variant> {
        self.variants.iter().filter(move |v| v.format == format)
    }

    /// The fallback format (the original's).
    pub fn fallback(&self) -> ImageFormat {
        *self.formats.last().expect("a plan has its fallback format")
    }
}

/// `h * x / w`, rounded, at least 1.
fn scaled_height(x: u32, w: u32, h: u32) -> u32 {
    let scaled = (u64::from(h) * u64::from(x) + u64::from(w) / 2) / u64::from(w.max(1));
    u32::try_from(scaled.max(1)).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_upscaled_and_the_original_format_last() {
        let p = Plan::new("img/x.JPG", (1200, 800), &ImageSettings::default()).unwrap();
        assert_eq!(p.widths, [(480, 320), (960, 640), (1200, 800)]);
        assert_eq!(
            p.formats,
            [ImageFormat::Avif, ImageFormat::Webp, ImageFormat::Jpeg]
        );
        assert_eq!(p.variants.len(), 9);
        assert_eq!(p.variants[0].path, "img/x-480.avif");
        assert_eq!(p.variants[8].path, "img/x-1200.jpg");
        let small = Plan::new("a.png", (300, 100), &ImageSettings::default()).unwrap();
        assert_eq!(small.widths, [(300, 100)]);
        let huge = Plan::new("a.webp", (4000, 3000), &ImageSettings::default()).unwrap();
        assert_eq!(huge.widths.last(), Some(&(1600, 1200)));
        assert_eq!(huge.formats, [ImageFormat::Avif, ImageFormat::Webp]);
    }
}
