//! The pixel work of raster variants: decoding an original (turned upright by its EXIF
//! orientation, everything else dropped), resizing it, and encoding each variant.
//! Encoders are given pixels only, so EXIF, XMP and GPS never reach a published file.
//!
//! Resizing is Lanczos3 (a 6×6-tap windowed sinc, the filter Zola uses; Hugo offers
//! it as `Lanczos`) through `fast_image_resize`, whose SIMD convolution is about ten
//! times faster than `image`'s own Lanczos3 on a 12 MP photo, with the same filter. It
//! works on 8-bit sRGB values as both peers do (not in linear light); RGBA is resized
//! with premultiplied alpha, so transparent edges do not darken.

use std::io::Cursor;

use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{PixelType, ResizeOptions, Resizer};
use image::codecs::avif::AvifEncoder;
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::{
    DynamicImage, ExtendedColorType, ImageBuffer, ImageDecoder, ImageEncoder, ImageReader,
};

use crate::model::variants::Variant;
use crate::parse::config::ImageFormat;

/// What the encoders are asked for; part of every cache key, so a change of settings
/// (or of this list) never reuses a file made the old way.
pub(super) const SETTINGS: &str = "v3 fir-lanczos3-stepwise jpeg82 webp80 avif60/s8 png";
const JPEG_QUALITY: u8 = 82;
const WEBP_QUALITY: f32 = 80.0;
const AVIF_QUALITY: u8 = 60;
/// rav1e's speed (1 slowest … 10 fastest): 8 keeps a 1600 px image near a second.
const AVIF_SPEED: u8 = 8;

/// Decodes an original and turns it upright (its EXIF orientation), dropping the rest,
/// as 8-bit RGB, or RGBA when it has an alpha channel.
pub(super) fn decode(bytes: &[u8]) -> Result<DynamicImage, String> {
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| e.to_string())?;
    let mut decoder = reader.into_decoder().map_err(|e| e.to_string())?;
    let orientation = decoder.orientation().map_err(|e| e.to_string())?;
    let mut image = DynamicImage::from_decoder(decoder).map_err(|e| e.to_string())?;
    image.apply_orientation(orientation);
    Ok(if image.color().has_alpha() {
        DynamicImage::ImageRgba8(image.into_rgba8())
    } else {
        DynamicImage::ImageRgb8(image.into_rgb8())
    })
}

/// The original at each of `widths` (narrowest first, as plans list them), each resized
/// once for every format, and each from the next wider one rather than from the whole
/// photo: a 12 MP original is filtered once, not once per variant.
pub(super) fn resized(
    original: DynamicImage,
    widths: &[(u32, u32)],
) -> Result<Vec<DynamicImage>, String> {
    let mut resizer = Resizer::new();
    let mut out: Vec<DynamicImage> = Vec::with_capacity(widths.len());
    for &(w, h) in widths.iter().rev() {
        let wider = out.last().unwrap_or(&original);
        let image = if wider.width() == w && wider.height() == h {
            wider.clone()
        } else {
            lanczos3(&mut resizer, wider, w, h)?
        };
        out.push(image);
    }
    out.reverse();
    Ok(out)
}

/// `image` resized to `w`×`h` with Lanczos3.
fn lanczos3(
    resizer: &mut Resizer,
    image: &DynamicImage,
    w: u32,
    h: u32,
) -> Result<DynamicImage, String> {
    let err = |e: &dyn std::fmt::Display| e.to_string();
    let (pixel_type, bytes) = match image {
        DynamicImage::ImageRgb8(b) => (PixelType::U8x3, b.as_raw()),
        DynamicImage::ImageRgba8(b) => (PixelType::U8x4, b.as_raw()),
        other => {
            return lanczos3(resizer, &DynamicImage::ImageRgba8(other.to_rgba8()), w, h);
        }
    };
    let from =
        ImageRef::new(image.width(), image.height(), bytes, pixel_type).map_err(|e| err(&e))?;
    let mut to = Image::new(w, h, pixel_type);
    resizer
        .resize(&from, &mut to, &ResizeOptions::new())
        .map_err(|e| err(&e))?;
    let pixels = to.into_vec();
    let made = if pixel_type == PixelType::U8x3 {
        ImageBuffer::from_raw(w, h, pixels).map(DynamicImage::ImageRgb8)
    } else {
        ImageBuffer::from_raw(w, h, pixels).map(DynamicImage::ImageRgba8)
    };
    made.ok_or_else(|| "resized pixels do not fill the image".to_string())
}

/// One variant's bytes, from `image` already at the variant's size.
pub(super) fn encode(image: &DynamicImage, v: &Variant) -> Result<Vec<u8>, String> {
    let converted;
    let image = if matches!(
        image,
        DynamicImage::ImageRgb8(_) | DynamicImage::ImageRgba8(_)
    ) {
        image
    } else {
        converted = DynamicImage::ImageRgba8(image.to_rgba8());
        &converted
    };
    let (w, h) = (image.width(), image.height());
    let (pixels, color) = (image.as_bytes(), image.color().into());
    let mut out = Vec::new();
    let err = |e: image::ImageError| e.to_string();
    match v.format {
        ImageFormat::Jpeg => {
            // JPEG has no alpha: an RGBA original's JPEG variant drops it.
            let rgb;
            let (pixels, color) = if color == ExtendedColorType::Rgba8 {
                rgb = image.to_rgb8();
                (rgb.as_raw().as_slice(), ExtendedColorType::Rgb8)
            } else {
                (pixels, color)
            };
            JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
                .write_image(pixels, w, h, color)
                .map_err(err)?;
        }
        ImageFormat::Png => PngEncoder::new(&mut out)
            .write_image(pixels, w, h, color)
            .map_err(err)?,
        ImageFormat::Webp => {
            let encoder = if color == ExtendedColorType::Rgba8 {
                webp::Encoder::from_rgba(pixels, w, h)
            } else {
                webp::Encoder::from_rgb(pixels, w, h)
            };
            out.extend_from_slice(&encoder.encode(WEBP_QUALITY));
        }
        ImageFormat::Avif => {
            AvifEncoder::new_with_speed_quality(&mut out, AVIF_SPEED, AVIF_QUALITY)
                .write_image(pixels, w, h, color)
                .map_err(err)?
        }
    }
    Ok(out)
}
