//! Syntax highlighting with syntect: classed HTML (no inline styles, so one stylesheet
//! carries a light and a dark theme), loaded once and only when a page has code.

use std::sync::LazyLock;

use syntect::highlighting::{Color, ThemeSet};
use syntect::html::{css_for_theme_with_class_style, ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::{SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

/// Classes are prefixed so a site's own CSS never collides with them.
pub const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// Info-string words that mean "plain text": no highlighting, no warning.
const PLAIN: &[&str] = &["", "text", "txt", "plain", "plaintext", "none"];

/// The outcome of highlighting one fenced block.
pub enum Highlighted {
    /// `<pre><code>` HTML, classed.
    Html(String),
    /// The language is not known; the caller shows the block as plain text and warns.
    UnknownLanguage,
}

fn find_syntax(lang: &str) -> Option<&'static SyntaxReference> {
    let set = &*SYNTAXES;
    set.find_syntax_by_token(lang)
        .or_else(|| set.find_syntax_by_name(lang))
        .or_else(|| match lang.to_ascii_lowercase().as_str() {
            "toml" | "ini" | "cfg" => set.find_syntax_by_extension("ini"),
            "sh" | "shell" | "console" | "zsh" => set.find_syntax_by_extension("sh"),
            "js" | "javascript" | "mjs" | "ts" | "typescript" => set.find_syntax_by_extension("js"),
            _ => None,
        })
}

pub fn is_plain(lang: &str) -> bool {
    PLAIN.contains(&lang.to_ascii_lowercase().as_str())
}

/// Highlights `code` in `lang` (the fence's first word).
pub fn highlight(lang: &str, code: &str) -> Highlighted {
    let Some(syntax) = find_syntax(lang) else {
        return Highlighted::UnknownLanguage;
    };
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, &SYNTAXES, CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        // A syntect failure on odd input must not fail the build: fall back to plain.
        if generator
            .parse_html_for_line_which_includes_newline(line)
            .is_err()
        {
            return Highlighted::Html(plain_block(lang, code));
        }
    }
    let lang_class = crate::html::escape_attr(&lang.to_ascii_lowercase());
    Highlighted::Html(format!(
        "<pre class=\"code\" data-lang=\"{lang_class}\"><code>{}</code></pre>\n",
        generator.finalize()
    ))
}

/// A code block shown as is.
pub fn plain_block(lang: &str, code: &str) -> String {
    let mut out = String::from("<pre class=\"code\"");
    if !lang.is_empty() {
        out.push_str(" data-lang=\"");
        out.push_str(&crate::html::escape_attr(lang));
        out.push('"');
    }
    out.push_str("><code>");
    out.push_str(&crate::html::escape_text(code));
    out.push_str("</code></pre>\n");
    out
}

/// The stylesheet for highlighted code: a light theme, and a dark one applied by
/// `prefers-color-scheme` unless the reader chose light, or by `data-theme="dark"`.
/// Colours too faint to read on the theme's background are pulled to AA contrast (4.5:1).
pub fn stylesheet() -> String {
    let themes = ThemeSet::load_defaults();
    let light = &themes.themes["InspiredGitHub"];
    let dark = &themes.themes["base16-ocean.dark"];
    let light_css = css_for_theme_with_class_style(light, CLASS_STYLE).unwrap_or_default();
    let dark_css = css_for_theme_with_class_style(dark, CLASS_STYLE).unwrap_or_default();
    let light_bg = light.settings.background.unwrap_or(Color::WHITE);
    let dark_bg = dark.settings.background.unwrap_or(Color::BLACK);
    let light_css = fix_contrast(&light_css, light_bg);
    let dark_css = fix_contrast(&dark_css, dark_bg);
    let mut out =
        String::from("/* Code highlighting (syntect: InspiredGitHub / base16-ocean.dark) */\n");
    out.push_str(&light_css);
    out.push_str("@media (prefers-color-scheme: dark) {\n");
    out.push_str(&scope(&dark_css, ":root:not([data-theme=light])"));
    out.push_str("}\n");
    out.push_str(&scope(&dark_css, ":root[data-theme=dark]"));
    out
}

/// Prefixes every selector of syntect's CSS with `prefix` (its rules are one selector
/// list per line, ending in `{`).
fn scope(css: &str, prefix: &str) -> String {
    let mut out = String::with_capacity(css.len() * 2);
    for line in css.lines() {
        if let Some(selectors) = line.trim_end().strip_suffix('{') {
            let scoped: Vec<String> = selectors
                .split(',')
                .map(|s| format!("{prefix} {}", s.trim()))
                .collect();
            out.push_str(&scoped.join(", "));
            out.push_str(" {\n");
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// Rewrites `color: #rrggbb` declarations whose contrast with `bg` is under 4.5:1, moving
/// them toward black or white until they pass.
fn fix_contrast(css: &str, bg: Color) -> String {
    let bg_l = luminance(bg.r, bg.g, bg.b);
    let mut out = String::with_capacity(css.len());
    for line in css.lines() {
        let t = line.trim();
        let fixed = t
            .strip_prefix("color: #")
            .and_then(|rest| rest.strip_suffix(';'))
            .filter(|hex| hex.len() == 6)
            .and_then(|hex| u32::from_str_radix(hex, 16).ok())
            .map(|v| {
                let (mut r, mut g, mut b) = ((v >> 16) as u8, (v >> 8) as u8, v as u8);
                let toward_white = bg_l < 0.5;
                for _ in 0..40 {
                    if contrast(luminance(r, g, b), bg_l) >= 4.6 {
                        break;
                    }
                    let step = |c: u8| {
                        if toward_white {
                            c.saturating_add(((255 - c) / 8).max(1))
                        } else {
                            c.saturating_sub((c / 8).max(1))
                        }
                    };
                    (r, g, b) = (step(r), step(g), step(b));
                }
                format!(" color: #{r:02x}{g:02x}{b:02x};")
            });
        match fixed {
            Some(f) => out.push_str(&f),
            None => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

fn luminance(r: u8, g: u8, b: u8) -> f64 {
    let ch = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b)
}

fn contrast(a: f64, b: f64) -> f64 {
    let (hi, lo) = if a > b { (a, b) } else { (b, a) };
    (hi + 0.05) / (lo + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_known_and_refuses_unknown() {
        match highlight("rust", "fn main() {}\n") {
            Highlighted::Html(h) => assert!(h.contains("hl-"), "{h}"),
            Highlighted::UnknownLanguage => panic!("rust is known"),
        }
        assert!(matches!(
            highlight("klingon", "x"),
            Highlighted::UnknownLanguage
        ));
    }

    #[test]
    fn every_colour_in_the_stylesheet_meets_aa() {
        let css = stylesheet();
        assert!(css.contains(":root[data-theme=dark] .hl-"));
        let faint = fix_contrast(" color: #eeeeee;\n", Color::WHITE);
        let v = u32::from_str_radix(
            faint
                .trim()
                .trim_start_matches("color: #")
                .trim_end_matches(';'),
            16,
        )
        .unwrap();
        let l = luminance((v >> 16) as u8, (v >> 8) as u8, v as u8);
        assert!(contrast(l, 1.0) >= 4.5);
    }
}
