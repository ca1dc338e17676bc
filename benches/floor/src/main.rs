//! The speed floor for Dossier's benchmark: the least work that turns the benchmark
//! corpus into one HTML page per markdown file, with the crates Dossier uses.
//!
//! ```text
//! dossier-floor CORPUS_DIR OUT_DIR
//! ```
//!
//! Walks `CORPUS_DIR/content` (sorted), and for every `.md` file, in parallel: reads it,
//! parses its TOML `+++` frontmatter, renders the body with pulldown-cmark (Dossier's
//! options), highlights fenced code with syntect (classed HTML; the syntax set is loaded
//! once, on the first code block), rewrites `@/x.md` links to relative URLs without
//! checking them, and writes `x/index.html` into a fresh OUT_DIR.
//!
//! It deliberately skips everything that makes Dossier a product (link, citation and
//! date checks, glossary, table of contents, templates, atomic output), so the distance
//! between the two is the price of those features plus any waste. Not part of Dossier.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::LazyLock;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};
use rayon::prelude::*;
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;
use walkdir::WalkDir;

/// Loaded on first use only: a corpus without code never pays for it.
static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// The threads the floor uses unless RAYON_NUM_THREADS says otherwise.
const DEFAULT_THREADS: usize = 2;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [corpus, out] = args.as_slice() else {
        eprintln!("usage: dossier-floor CORPUS_DIR OUT_DIR");
        return ExitCode::from(2);
    };
    if std::env::var_os("RAYON_NUM_THREADS").is_none() {
        // Ignore the error: it only means a pool exists already.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(DEFAULT_THREADS)
            .build_global();
    }
    match run(Path::new(corpus), Path::new(out)) {
        Ok(pages) => {
            eprintln!("floor: wrote {pages} pages into {out}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("floor: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(corpus: &Path, out: &Path) -> Result<usize, String> {
    let content = corpus.join("content");
    let mut files = vec![];
    for entry in WalkDir::new(&content).sort_by_file_name() {
        let entry = entry.map_err(|e| e.to_string())?;
        if entry.file_type().is_file() && entry.path().extension().is_some_and(|e| e == "md") {
            files.push(entry.into_path());
        }
    }
    // A fresh output directory, as a cold full build has.
    match fs::remove_dir_all(out) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(format!("cannot remove {}: {e}", out.display())),
    }
    fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    files
        .par_iter()
        .map(|path| {
            let rel = path.strip_prefix(&content).unwrap_or(path);
            page(path, rel, out).map_err(|e| format!("{}: {e}", path.display()))
        })
        .collect::<Result<Vec<()>, String>>()?;
    Ok(files.len())
}

/// Reads, renders and writes one page.
fn page(path: &Path, rel: &Path, out: &Path) -> Result<(), String> {
    let text = fs::read_to_string(path).map_err(|e| e.to_string())?;
    let (front, body) = split_frontmatter(&text).ok_or("no `+++` frontmatter")?;
    let meta: toml::Table = toml::from_str(front).map_err(|e| e.to_string())?;
    let title = meta.get("title").and_then(|t| t.as_str()).unwrap_or("");

    // `content/index.md` → `index.html`; `content/a/b.md` → `a/b/index.html`.
    let stem = rel.with_extension("");
    let dest: PathBuf = if stem == Path::new("index") {
        PathBuf::from("index.html")
    } else {
        stem.join("index.html")
    };
    let root = "../".repeat(dest.components().count() - 1);

    let mut html = String::with_capacity(body.len() * 2 + 512);
    html.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
    escape(&mut html, title);
    html.push_str("</title>\n</head>\n<body>\n<main>\n<h1>");
    escape(&mut html, title);
    html.push_str("</h1>\n");
    pulldown_cmark::html::push_html(&mut html, events(body, &root).into_iter());
    html.push_str("</main>\n</body>\n</html>\n");

    let dest = out.join(dest);
    if let Some(dir) = dest.parent() {
        fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    }
    fs::write(&dest, html).map_err(|e| e.to_string())
}

/// Splits `+++\nTOML\n+++\nbody` into its TOML and its body.
fn split_frontmatter(text: &str) -> Option<(&str, &str)> {
    let rest = text.strip_prefix("+++\n")?;
    let end = rest.find("\n+++")?;
    let body = rest[end + 4..].trim_start_matches(['\r', '\n']);
    Some((&rest[..end + 1], body))
}

/// The body's events with fenced code highlighted and `@/` links made relative.
fn events<'a>(body: &'a str, root: &str) -> Vec<Event<'a>> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_WIKILINKS;
    let mut out = Vec::new();
    let mut code: Option<(String, String)> = None;
    for event in Parser::new_ext(body, options) {
        if let Some((lang, buf)) = code.as_mut() {
            match event {
                Event::Text(t) => buf.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    out.push(Event::Html(highlight(lang, buf).into()));
                    code = None;
                }
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new()));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = match dest_url.strip_prefix("@/") {
                    Some(target) => CowStr::from(link_url(root, target)),
                    None => dest_url,
                };
                out.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            other => out.push(other),
        }
    }
    out
}

/// `background/x.md#part` → `{root}background/x/index.html#part`.
fn link_url(root: &str, target: &str) -> String {
    let (file, fragment) = match target.split_once('#') {
        Some((f, frag)) => (f, format!("#{frag}")),
        None => (target, String::new()),
    };
    let stem = file.strip_suffix(".md").unwrap_or(file);
    if stem == "index" {
        format!("{root}index.html{fragment}")
    } else {
        format!("{root}{stem}/index.html{fragment}")
    }
}

/// Classed syntect HTML for a known language, escaped plain text otherwise.
fn highlight(lang: &str, code: &str) -> String {
    let mut html = String::from("<pre class=\"code\"><code>");
    let syntax = if lang.is_empty() {
        None
    } else {
        SYNTAXES.find_syntax_by_token(lang)
    };
    match syntax {
        Some(syntax) => {
            let style = ClassStyle::SpacedPrefixed { prefix: "hl-" };
            let mut generator =
                ClassedHTMLGenerator::new_with_class_style(syntax, &SYNTAXES, style);
            for line in LinesWithEndings::from(code) {
                if generator
                    .parse_html_for_line_which_includes_newline(line)
                    .is_err()
                {
                    html.truncate("<pre class=\"code\"><code>".len());
                    escape(&mut html, code);
                    html.push_str("</code></pre>\n");
                    return html;
                }
            }
            html.push_str(&generator.finalize());
        }
        None => escape(&mut html, code),
    }
    html.push_str("</code></pre>\n");
    html
}

fn escape(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}
