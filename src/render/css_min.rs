//! The stylesheet as published: comments and the whitespace no CSS parser needs taken
//! out, so the one render-blocking request of every page is a fifth smaller (issue 16:
//! on a phone's slow link a page paints only after its stylesheet has arrived).
//!
//! Safe on any valid CSS, the site's own overrides included, because it only removes
//! what the tokenizer of CSS Syntax Level 3 throws away: strings, `url(…)` and escapes
//! are copied as written; a run of whitespace becomes one space, and disappears only
//! beside `{ } ; , >` or after a `:` (never before one: `a :hover` is not `a:hover`,
//! and never around `+` or `-`, which `calc()` needs spaced). A comment between two
//! characters that would otherwise join into one token is kept as `/**/`.

/// `css` without its comments and needless whitespace.
pub fn minify(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let chars: Vec<char> = css.chars().collect();
    let mut i = 0;
    // A space is owed before the next character written, unless that one makes it
    // needless.
    let mut space = false;
    // Whether the last thing written is a `;` of its own (not escaped): one before `}`
    // can go.
    let mut semicolon = false;
    while i < chars.len() {
        let c = chars[i];
        if c == '/' && chars.get(i + 1) == Some(&'*') {
            let end = comment_end(&chars, i + 2);
            let next = chars.get(end).copied();
            if !space && joins(out.chars().last(), next) {
                out.push_str("/**/");
            }
            i = end;
            continue;
        }
        if is_space(c) {
            space = true;
            i += 1;
            continue;
        }
        if space && !needless_space(out.chars().last(), c) {
            out.push(' ');
        }
        space = false;
        if c == '}' && semicolon {
            out.pop();
        }
        semicolon = c == ';';
        i = copy_token(&chars, i, &mut out);
    }
    out
}

/// Copies the token starting at `i` (a string, a `url(…)`, an escape or one character)
/// and returns where the next one starts.
fn copy_token(chars: &[char], i: usize, out: &mut String) -> usize {
    let c = chars[i];
    let end = match c {
        '"' | '\'' => string_end(chars, i + 1, c),
        '\\' => escape_end(chars, i),
        'u' | 'U' if starts_url(chars, i) => url_end(chars, i),
        _ => i + 1,
    };
    out.extend(&chars[i..end]);
    end
}

/// Whether a space between `before` and `next` can go: the characters that end or
/// separate rules, declarations and selectors.
fn needless_space(before: Option<char>, next: char) -> bool {
    let separates = |c: char| matches!(c, '{' | '}' | ';' | ',' | '>');
    match before {
        None => true,
        // `--x: ;` keeps its space: an empty custom property needs one in older browsers.
        Some(':') => !matches!(next, ';' | '}'),
        Some(b) => separates(b) || separates(next) || next == '!',
    }
}

/// CSS's whitespace (not Unicode's: a no-break space is part of a name).
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0c')
}

/// Whether `a` and `b` written side by side would read as one token where a comment
/// kept them two (`a/**/b`, `1/**/2`, `-/**/-`).
fn joins(a: Option<char>, b: Option<char>) -> bool {
    let word = |c: char| {
        c.is_alphanumeric()
            || matches!(c, '-' | '_' | '\\' | '.' | '%' | '#' | '@')
            || !c.is_ascii()
    };
    match (a, b) {
        (Some(a), Some(b)) => word(a) && word(b) || a == '/' && b == '*',
        _ => false,
    }
}

/// The index after the comment whose text starts at `from` (its end if unclosed).
fn comment_end(chars: &[char], from: usize) -> usize {
    let mut j = from;
    while j + 1 < chars.len() {
        if chars[j] == '*' && chars[j + 1] == '/' {
            return j + 2;
        }
        j += 1;
    }
    chars.len()
}

/// The index after the string quoted by `quote` whose text starts at `from`.
fn string_end(chars: &[char], from: usize, quote: char) -> usize {
    let mut j = from;
    while j < chars.len() {
        match chars[j] {
            '\\' => j += 2,
            c if c == quote || c == '\n' => return j + 1,
            _ => j += 1,
        }
    }
    chars.len()
}

/// The index after the escape at `at`: a backslash and one character, or up to six hex
/// digits and the one whitespace that ends them (which is part of the escape).
fn escape_end(chars: &[char], at: usize) -> usize {
    let mut j = at + 1;
    let hex = chars[j..]
        .iter()
        .take(6)
        .take_while(|c| c.is_ascii_hexdigit())
        .count();
    if hex == 0 {
        return (j + 1).min(chars.len());
    }
    j += hex;
    if chars.get(j).is_some_and(|c| is_space(*c)) {
        j += 1;
    }
    j
}

/// Whether an unquoted-or-quoted `url(` starts at `i` (case-insensitive, not inside
/// a longer name such as `my-url(`).
fn starts_url(chars: &[char], i: usize) -> bool {
    let name: String = chars[i..].iter().take(4).collect();
    let standalone =
        i == 0 || !(chars[i - 1].is_alphanumeric() || matches!(chars[i - 1], '-' | '_' | '\\'));
    standalone && name.eq_ignore_ascii_case("url(")
}

/// The index after the `url(…)` at `i`, copied whole: an unquoted URL may hold what
/// would elsewhere be a comment or whitespace to squeeze.
fn url_end(chars: &[char], i: usize) -> usize {
    let mut j = i + 4;
    while j < chars.len() {
        match chars[j] {
            '\\' => j += 2,
            '"' | '\'' => j = string_end(chars, j + 1, chars[j]),
            ')' => return j + 1,
            _ => j += 1,
        }
    }
    chars.len()
}

#[cfg(test)]
mod tests {
    use super::minify;

    #[test]
    fn drops_comments_and_needless_whitespace() {
        let css = "/* theme */\n:root {\n  --bg: #fff;\n}\n@media (min-width: 40rem) {\n  a, b > c { color: red !important; }\n}\n";
        assert_eq!(
            minify(css),
            ":root{--bg:#fff}@media (min-width:40rem){a,b>c{color:red!important}}"
        );
    }

    #[test]
    fn keeps_the_spaces_that_mean_something() {
        // Descendant combinators, a space before a pseudo-class, calc's operators,
        // `and (` in a media query, lists of values.
        let css = ".a .b :hover { width: calc(100% - 2rem + 1px); margin: 0 auto; }\n@media screen and (max-width: 40rem) {}";
        assert_eq!(
            minify(css),
            ".a .b :hover{width:calc(100% - 2rem + 1px);margin:0 auto}@media screen and (max-width:40rem){}"
        );
    }

    #[test]
    fn leaves_strings_urls_and_escapes_as_written() {
        let css = "a::after { content: \" /* not a comment */  ;} \"; }\nb { background: url( a//b c.png ) }\n.\\31 0  p { x: 'it\\'s  here' }";
        assert_eq!(
            minify(css),
            "a::after{content:\" /* not a comment */  ;} \"}b{background:url( a//b c.png )}.\\31 0 p{x:'it\\'s  here'}"
        );
    }

    #[test]
    fn a_comment_between_two_words_still_separates_them() {
        assert_eq!(minify("a/* x */b{}"), "a/**/b{}");
        assert_eq!(minify("a /* x */ b{}"), "a b{}");
        assert_eq!(minify("a{}/* x */b{}"), "a{}b{}");
    }

    #[test]
    fn the_shipped_stylesheet_shrinks_and_keeps_every_rule() {
        let css = format!(
            "{}{}",
            include_str!("../../templates/style.css"),
            include_str!("../../templates/components.css")
        );
        let min = minify(&css);
        assert!(
            min.len() * 5 < css.len() * 4,
            "{} → {}",
            css.len(),
            min.len()
        );
        assert_eq!(min.matches('{').count(), css.matches('{').count());
        assert_eq!(min.matches('}').count(), css.matches('}').count());
        assert_eq!(minify(&min), min, "minifying twice changes nothing");
    }
}
