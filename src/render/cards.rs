//! Social cards: the 1200×630 PNG that link previews show for a page that names no
//! `image` of its own, drawn from the page's title and the site's name. An SVG is laid
//! out here (long titles wrapped, a smaller size for longer ones) and drawn by resvg,
//! which shapes text with harfrust: Arabic letters join and right-to-left lines run
//! from the right. Pure: the same card gives the same bytes; caching them is
//! `output::cards`' job.
//!
//! The fonts are shipped in `src/render/fonts/` (Noto Sans Bold for Latin, Greek and
//! Cyrillic, Noto Sans Arabic Bold; SIL Open Font License) and loaded from memory:
//! a card never depends on the fonts of the machine that builds it.

use std::fmt::Write as _;
use std::sync::{Arc, LazyLock};

use resvg::{tiny_skia, usvg};

use crate::html::escape_attr;

/// A card's size in pixels: the 1.91:1 that OpenGraph and `summary_large_image` show.
pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 630;

/// The fonts every card is drawn with; part of every cached card's key.
const FONTS: &[&[u8]] = &[
    include_bytes!("fonts/NotoSans-Bold.ttf"),
    include_bytes!("fonts/NotoSansArabic-Bold.ttf"),
];
const FAMILIES: &str = "'Noto Sans', 'Noto Sans Arabic'";

/// What changes how a card looks, beyond its texts: part of the cache key, so a new
/// design is never served from an old card. Bump it with any change below.
pub const DESIGN: &str = "card v1 noto-sans-bold noto-sans-arabic-bold";

/// Left and right margin, and the widest a title line may be.
const MARGIN: f32 = 80.0;
const TEXT_WIDTH: f32 = WIDTH as f32 - 2.0 * MARGIN;
/// Title sizes tried in turn, largest first, with the line height of each.
const TITLE_SIZES: &[f32] = &[72.0, 60.0, 50.0];
/// Where the title's block starts and ends (below the site's name, above the bar).
const TITLE_TOP: f32 = 190.0;
const TITLE_BOTTOM: f32 = 560.0;

/// One card: the page's title and the site's name, as plain text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Card {
    pub title: String,
    pub site: String,
}

static FONT_DB: LazyLock<Arc<usvg::fontdb::Database>> = LazyLock::new(|| {
    let mut db = usvg::fontdb::Database::new();
    for font in FONTS {
        db.load_font_data(font.to_vec());
    }
    Arc::new(db)
});

fn options() -> usvg::Options<'static> {
    usvg::Options {
        fontdb: FONT_DB.clone(),
        font_family: "Noto Sans".to_string(),
        ..usvg::Options::default()
    }
}

/// Whether `text` reads right to left: its first letter of a strong direction is
/// Arabic, Hebrew, Syriac, Thaana or N'Ko.
fn is_rtl(text: &str) -> bool {
    text.chars()
        .find(|c| c.is_alphabetic())
        .is_some_and(|c| matches!(c as u32, 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF))
}

/// A `<text>` element of one line; right-to-left lines are anchored at the right.
fn text_line(out: &mut String, line: &str, y: f32, size: f32, fill: &str) {
    let (x, anchor, dir) = if is_rtl(line) {
        (WIDTH as f32 - MARGIN, "end", "rtl")
    } else {
        (MARGIN, "start", "ltr")
    };
    let _ = write!(
        out,
        "<text x=\"{x}\" y=\"{y}\" font-family=\"{FAMILIES}\" font-weight=\"700\" font-size=\"{size}\" fill=\"{fill}\" text-anchor=\"{anchor}\" direction=\"{dir}\">{}</text>",
        escape_attr(line)
    );
}

/// How wide `line` is drawn at `size`, in pixels.
fn measure(line: &str, size: f32) -> f32 {
    let mut svg =
        format!("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{HEIGHT}\">");
    text_line(&mut svg, line, 100.0, size, "#000");
    svg.push_str("</svg>");
    usvg::Tree::from_str(&svg, &options())
        .map(|t| t.root().abs_bounding_box().width())
        .unwrap_or(0.0)
}

/// `text` in lines no wider than the text column at `size`, or `None` when it takes
/// more than `max_lines`. A word wider than a line stands alone on its line.
fn wrap(text: &str, size: f32, max_lines: usize) -> Option<Vec<String>> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let candidate = if current.is_empty() {
            word.to_string()
        } else {
            format!("{current} {word}")
        };
        if current.is_empty() || measure(&candidate, size) <= TEXT_WIDTH {
            current = candidate;
        } else {
            lines.push(std::mem::replace(&mut current, word.to_string()));
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    (lines.len() <= max_lines).then_some(lines)
}

/// The title's size and lines: the largest size at which it fits, else the smallest,
/// cut after its last line that fits with an ellipsis.
fn title_lines(title: &str) -> (f32, Vec<String>) {
    let lines_at = |size: f32| ((TITLE_BOTTOM - TITLE_TOP) / (size * 1.25)).floor() as usize;
    for &size in TITLE_SIZES {
        if let Some(lines) = wrap(title, size, lines_at(size)) {
            return (size, lines);
        }
    }
    let size = *TITLE_SIZES.last().expect("a title size");
    let max = lines_at(size);
    let mut lines = wrap(title, size, usize::MAX).unwrap_or_default();
    lines.truncate(max);
    if let Some(last) = lines.last_mut() {
        last.push('…');
    }
    (size, lines)
}

/// The card as SVG: a dark ground, an accent bar, the site's name, then the title.
pub fn card_svg(card: &Card) -> String {
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{HEIGHT}\" viewBox=\"0 0 {WIDTH} {HEIGHT}\">\
         <rect width=\"{WIDTH}\" height=\"{HEIGHT}\" fill=\"#13293d\"/>\
         <rect y=\"{}\" width=\"{WIDTH}\" height=\"14\" fill=\"#e8a33d\"/>",
        HEIGHT - 14
    );
    let site: String = card.site.split_whitespace().collect::<Vec<_>>().join(" ");
    let site_lines = wrap(&site, 34.0, 1).unwrap_or_else(|| {
        let mut first = wrap(&site, 34.0, usize::MAX).unwrap_or_default();
        first.truncate(1);
        if let Some(l) = first.last_mut() {
            l.push('…');
        }
        first
    });
    if let Some(line) = site_lines.first() {
        text_line(&mut svg, line, 120.0, 34.0, "#c9dbea");
    }
    let (size, lines) = title_lines(&card.title);
    let height = size * 1.25;
    for (i, line) in lines.iter().enumerate() {
        let y = TITLE_TOP + size + height * i as f32;
        text_line(&mut svg, line, y, size, "#ffffff");
    }
    svg.push_str("</svg>");
    svg
}

/// The card as PNG bytes (8-bit RGBA, opaque).
pub fn card_png(card: &Card) -> Result<Vec<u8>, String> {
    let svg = card_svg(card);
    let tree = usvg::Tree::from_str(&svg, &options()).map_err(|e| e.to_string())?;
    let mut pixmap = tiny_skia::Pixmap::new(WIDTH, HEIGHT).ok_or("no pixmap")?;
    resvg::render(
        &tree,
        tiny_skia::Transform::identity(),
        &mut pixmap.as_mut(),
    );
    pixmap.encode_png().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(title: &str) -> Card {
        Card {
            title: title.to_string(),
            site: "US–Iraq talks".to_string(),
        }
    }

    #[test]
    fn a_card_is_1200_by_630_and_the_same_twice() {
        let png = card_png(&card("The end of the coalition mission")).unwrap();
        let size = imagesize::blob_size(&png).unwrap();
        assert_eq!((size.width, size.height), (1200, 630));
        assert_eq!(
            png,
            card_png(&card("The end of the coalition mission")).unwrap()
        );
    }

    #[test]
    fn long_titles_wrap_and_shrink() {
        let (size, lines) = title_lines("Short");
        assert_eq!((size, lines.len()), (72.0, 1));
        let long = "Why the United States and Iraq agreed to end the coalition's military mission in two phases, and what each phase leaves in place";
        let (size, lines) = title_lines(long);
        assert!(lines.len() > 1, "{lines:?}");
        assert!(size < 72.0 || lines.len() <= 4);
        for l in &lines {
            assert!(measure(l, size) <= TEXT_WIDTH || !l.contains(' '), "{l}");
        }
        let endless = "word ".repeat(400);
        let (_, lines) = title_lines(&endless);
        assert!(lines.last().unwrap().ends_with('…'));
    }

    #[test]
    fn arabic_is_drawn_right_to_left_with_its_own_font() {
        assert!(is_rtl("محادثات العراق"));
        assert!(!is_rtl("2024: talks"));
        let svg = card_svg(&card("محادثات الولايات المتحدة والعراق"));
        assert!(svg.contains("text-anchor=\"end\""));
        // Arabic glyphs come from the shipped font: the line has a width.
        assert!(measure("محادثات الولايات المتحدة والعراق", 72.0) > 300.0);
    }
}
