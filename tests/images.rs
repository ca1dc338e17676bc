//! Raster figures (CONTENT.md, "Figures and components"; issue 22, points 3 and 4):
//! published only as variants in several widths (never upscaled) and formats, inside a
//! `<picture>` with `srcset`, `sizes`, `width` and `height`; no EXIF or GPS in any
//! published byte; and every variant encoded once, then taken from the cache.

mod common;

use std::fs;
use std::path::Path;

use common::{Site, CONFIG, EXPLAINER_FRONT};
use image::codecs::jpeg::JpegEncoder;
use image::ImageEncoder;
use scraper::{Html, Selector};

/// Text in the photo's EXIF that must never be published.
const SECRET: &[u8] = b"GPS 33.80N 42.44E secret camera";

/// `jpeg` with an EXIF (APP1) segment holding `tiff`, right after its start marker, as
/// a camera writes it.
fn with_exif(jpeg: &[u8], tiff: &[u8]) -> Vec<u8> {
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend_from_slice(tiff);
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xff, 0xe1]);
    out.extend_from_slice(&(app1.len() as u16 + 2).to_be_bytes());
    out.extend_from_slice(&app1);
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// A 1000×500 JPEG carrying an EXIF segment with GPS data and `SECRET`.
fn photo_with_exif() -> Vec<u8> {
    let (w, h) = (1000u32, 500u32);
    let pixels: Vec<u8> = (0..w * h)
        .flat_map(|i| {
            let (x, y) = (i % w, i / w);
            [(x % 256) as u8, (y % 256) as u8, ((x + y) % 256) as u8]
        })
        .collect();
    let mut jpeg = Vec::new();
    JpegEncoder::new_with_quality(&mut jpeg, 90)
        .write_image(&pixels, w, h, image::ExtendedColorType::Rgb8)
        .unwrap();
    // TIFF, big-endian: IFD0 with an ImageDescription (the secret) and a GPS IFD
    // pointer; the GPS IFD with GPSLatitudeRef "N".
    let mut tiff = b"MM\0\x2a\0\0\0\x08".to_vec();
    let desc_at = 8 + 2 + 2 * 12 + 4;
    let gps_at = desc_at + SECRET.len() as u32 + 1;
    tiff.extend_from_slice(&2u16.to_be_bytes());
    tiff.extend_from_slice(&[0x01, 0x0e, 0, 2]);
    tiff.extend_from_slice(&(SECRET.len() as u32 + 1).to_be_bytes());
    tiff.extend_from_slice(&desc_at.to_be_bytes());
    tiff.extend_from_slice(&[0x88, 0x25, 0, 4, 0, 0, 0, 1]);
    tiff.extend_from_slice(&gps_at.to_be_bytes());
    tiff.extend_from_slice(&0u32.to_be_bytes());
    tiff.extend_from_slice(SECRET);
    tiff.push(0);
    tiff.extend_from_slice(&1u16.to_be_bytes());
    tiff.extend_from_slice(&[0, 1, 0, 2, 0, 0, 0, 2, b'N', 0, 0, 0]);
    tiff.extend_from_slice(&0u32.to_be_bytes());
    with_exif(&jpeg, &tiff)
}

fn site() -> Site {
    let body = "![A test pattern](img/photo.jpg)\n\nText between.\n\n```figure\nsrc = \"img/photo.jpg\"\nalt = \"The pattern again\"\n```\n";
    let s = Site::inline(&[
        ("dossier.toml", CONFIG),
        ("content/index.md", &format!("{EXPLAINER_FRONT}{body}")),
        ("static/img/photo.jpg.toml", "credit = \"Test Desk\"\n"),
    ]);
    s.write("static/img/photo.jpg", photo_with_exif());
    s
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

fn variants(out: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = fs::read_dir(out.join("img"))
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn a_photo_is_published_as_responsive_variants_without_its_metadata() {
    let s = site();
    let original = fs::read(s.file("static/img/photo.jpg")).unwrap();
    assert!(contains(&original, SECRET) && contains(&original, b"Exif"));
    s.build("out", &[]).assert_code(0);
    let out = s.path("out");
    let names: Vec<String> = variants(&out).into_iter().map(|(n, _)| n).collect();
    assert_eq!(
        names,
        [
            "photo-1000.avif",
            "photo-1000.jpg",
            "photo-1000.webp",
            "photo-480.avif",
            "photo-480.jpg",
            "photo-480.webp",
            "photo-960.avif",
            "photo-960.jpg",
            "photo-960.webp",
        ],
        "widths 480 and 960, and the original's 1000 (never 1600: no upscaling)"
    );
    for (name, bytes) in variants(&out) {
        assert!(!contains(&bytes, SECRET), "{name} carries the EXIF text");
        assert!(!contains(&bytes, b"Exif"), "{name} carries an EXIF block");
        if name.ends_with(".jpg") {
            assert!(
                !contains(&bytes, &[0xff, 0xe1]),
                "{name} has an APP1 segment"
            );
        }
        let size = imagesize::blob_size(&bytes).unwrap();
        let width: usize = name
            .trim_start_matches("photo-")
            .split('.')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!((size.width, size.height), (width, width / 2), "{name}");
    }
    let html = Html::parse_document(&fs::read_to_string(out.join("index.html")).unwrap());
    let pictures: Vec<_> = html
        .select(&Selector::parse("main figure picture").unwrap())
        .collect();
    assert_eq!(pictures.len(), 2);
    let types: Vec<&str> = pictures[0]
        .select(&Selector::parse("source").unwrap())
        .map(|s| s.attr("type").unwrap())
        .collect();
    assert_eq!(types, ["image/avif", "image/webp"]);
    let img_sel = Selector::parse("img").unwrap();
    let img = pictures[0].select(&img_sel).next().unwrap();
    assert_eq!(img.attr("src"), Some("img/photo-1000.jpg"));
    assert_eq!(
        img.attr("srcset"),
        Some("img/photo-480.jpg 480w, img/photo-960.jpg 960w, img/photo-1000.jpg 1000w")
    );
    assert!(img.attr("sizes").is_some());
    assert_eq!(
        (img.attr("width"), img.attr("height")),
        (Some("1000"), Some("500"))
    );
    assert_eq!(
        img.attr("loading"),
        None,
        "the first figure is on the first screen"
    );
    let second = pictures[1].select(&img_sel).next().unwrap();
    assert_eq!(second.attr("loading"), Some("lazy"));
    assert!(
        !out.join("img/photo.jpg").exists(),
        "never the original as it is"
    );
    s.check(&[]).assert_code(0);
}

#[test]
fn a_second_build_takes_every_variant_from_the_cache_outside_the_output() {
    let s = site();
    s.build("out", &[]).assert_code(0);
    let cache = s.path("site/.dossier-cache/images");
    let cached = mark_cached_variants(&cache);
    assert_eq!(cached, 9);
    s.build("out", &[]).assert_code(0);
    let published: Vec<Vec<u8>> = variants(&s.path("out"))
        .into_iter()
        .map(|(_, b)| b)
        .collect();
    for bytes in &published {
        assert!(bytes.starts_with(b"cached "), "a variant was encoded again");
    }
    // A changed photo is encoded anew.
    let mut photo = fs::read(s.file("static/img/photo.jpg")).unwrap();
    photo.extend_from_slice(b"\xff\xfe");
    s.write("static/img/photo.jpg", photo);
    s.build("out", &[]).assert_code(0);
    for (name, bytes) in variants(&s.path("out")) {
        assert!(
            !bytes.starts_with(b"cached "),
            "{name} came from the old photo's cache"
        );
    }
}

/// Overwrites every variant in the cache with a mark, `cached <n>`: a build that
/// published a variant from the cache publishes its mark. Returns how many.
fn mark_cached_variants(cache: &Path) -> usize {
    let mut cached: Vec<_> = fs::read_dir(cache)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    cached.sort();
    for (i, path) in cached.iter().enumerate() {
        // Replaced, not written in place: cached variants are read-only, and their
        // hard links in the last output must keep their bytes.
        fs::remove_file(path).unwrap();
        fs::write(path, format!("cached {i}")).unwrap();
    }
    cached.len()
}

fn set_mtime(file: &Path, time: std::time::SystemTime) {
    fs::File::options()
        .write(true)
        .open(file)
        .unwrap()
        .set_modified(time)
        .unwrap();
}

/// The cache knows a photo by its file (path, size, dates), so a build whose photos did
/// not change reads none of them whole; but a photo written again, even with the same
/// length and its old modification time, is decoded and encoded anew, and one that was
/// only touched (same bytes, new date) is not encoded again.
#[test]
fn a_rewritten_photo_is_encoded_anew_and_a_touched_one_is_not() {
    let s = site();
    let photo = s.file("static/img/photo.jpg");
    s.build("out", &[]).assert_code(0);
    let first = variants(&s.path("out"));
    let cache = s.path("site/.dossier-cache/images");
    mark_cached_variants(&cache);

    let old = fs::metadata(&photo).unwrap().modified().unwrap();
    set_mtime(&photo, old + std::time::Duration::from_secs(3600));
    s.build("out", &[]).assert_code(0);
    for (name, bytes) in variants(&s.path("out")) {
        assert!(
            bytes.starts_with(b"cached "),
            "touched: {name} encoded again"
        );
    }

    // Same length, one letter of the EXIF text changed, the old date put back.
    let bytes = fs::read(&photo).unwrap();
    let at = bytes
        .windows(SECRET.len())
        .position(|w| w == SECRET)
        .unwrap();
    let mut rewritten = bytes.clone();
    rewritten[at] = b'g';
    std::thread::sleep(std::time::Duration::from_millis(20));
    fs::write(&photo, &rewritten).unwrap();
    set_mtime(&photo, old);
    s.build("out", &[]).assert_code(0);
    assert_eq!(
        variants(&s.path("out")),
        first,
        "rewritten: encoded anew (same pixels, so the same bytes as the first build)"
    );

    // Deleting the cache only costs the work again: the same bytes. Published variants
    // are read-only (they may be hard links to the cache).
    let published = s.path("out/img/photo-480.webp");
    assert!(fs::metadata(&published).unwrap().permissions().readonly());
    fs::remove_dir_all(s.path("site/.dossier-cache")).unwrap();
    s.build("out", &[]).assert_code(0);
    assert_eq!(variants(&s.path("out")), first);
}

#[test]
fn a_static_file_named_like_a_variant_is_an_error() {
    let s = site();
    s.write("static/img/photo-480.webp", "mine");
    let run = s.build("out", &[]);
    run.assert_code(1);
    assert!(
        run.stderr
            .contains("static/img/photo-480.webp would replace the generated"),
        "{}",
        run.stderr
    );
}

/// A 1000×500 JPEG whose EXIF says "rotate 90° clockwise" (orientation 6), as a phone
/// stores a portrait photo.
fn sideways_photo() -> Vec<u8> {
    let (w, h) = (1000u32, 500u32);
    let pixels: Vec<u8> = (0..w * h).flat_map(|i| [(i % 251) as u8, 40, 90]).collect();
    let mut jpeg = Vec::new();
    JpegEncoder::new_with_quality(&mut jpeg, 85)
        .write_image(&pixels, w, h, image::ExtendedColorType::Rgb8)
        .unwrap();
    // TIFF, big-endian, IFD0 with one entry: Orientation (0x0112), SHORT, 1, value 6.
    let mut tiff = b"MM\0\x2a\0\0\0\x08".to_vec();
    tiff.extend_from_slice(&1u16.to_be_bytes());
    tiff.extend_from_slice(&[0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0]);
    tiff.extend_from_slice(&0u32.to_be_bytes());
    with_exif(&jpeg, &tiff)
}

/// See: issue 22 (an EXIF-rotated photo got its width and height swapped): the
/// variants are upright, and so are the `<img>`'s width and height.
#[test]
fn an_exif_rotated_photo_is_published_upright_with_its_upright_size() {
    let s = Site::inline(&[
        ("dossier.toml", CONFIG),
        (
            "content/index.md",
            &format!("{EXPLAINER_FRONT}![A portrait](img/portrait.jpg)\n"),
        ),
        ("static/img/portrait.jpg.toml", "credit = \"Test Desk\"\n"),
    ]);
    s.write("static/img/portrait.jpg", sideways_photo());
    s.build("out", &[]).assert_code(0);
    let out = s.path("out");
    let html = Html::parse_document(&fs::read_to_string(out.join("index.html")).unwrap());
    let img = html
        .select(&Selector::parse("main figure img").unwrap())
        .next()
        .unwrap();
    assert_eq!(
        (img.attr("width"), img.attr("height")),
        (Some("500"), Some("1000")),
        "the upright size"
    );
    assert_eq!(img.attr("src"), Some("img/portrait-500.jpg"));
    for (name, w, h) in [
        ("portrait-480.jpg", 480, 960),
        ("portrait-500.jpg", 500, 1000),
    ] {
        let bytes = fs::read(out.join("img").join(name)).unwrap();
        let size = imagesize::blob_size(&bytes).unwrap();
        assert_eq!((size.width, size.height), (w, h), "{name}");
    }
}
