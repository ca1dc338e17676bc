//! The texts `init` and `new` write: the starter site, a new background page, event or
//! term with its frontmatter, and a `[[source]]` appended to `sources.toml`.
//!
//! Pure: values in, paths and texts out. Reading the site and writing files is
//! `scaffold`'s own (the parent module); this file must not touch the disk.

use std::path::PathBuf;

use crate::dates::PartialDate;
use crate::diag::Diagnostic;
use crate::model::PLACEHOLDER;
use crate::read::Kind;
use crate::slug::slugify;

use super::{usage, NewKind};

/// The starter site, relative to its folder. `{today}` becomes the explainer's date.
const STARTER: &[(&str, &str)] = &[
    ("dossier.toml", include_str!("starter/dossier.toml")),
    ("content/index.md", include_str!("starter/content/index.md")),
    (
        "content/background/how-we-got-here.md",
        include_str!("starter/content/background/how-we-got-here.md"),
    ),
    (
        "content/timeline/2024-01-15-talks-open.md",
        include_str!("starter/content/timeline/2024-01-15-talks-open.md"),
    ),
    (
        "content/timeline/2024-03-first-meeting.md",
        include_str!("starter/content/timeline/2024-03-first-meeting.md"),
    ),
    (
        "content/glossary/joint-committee.md",
        include_str!("starter/content/glossary/joint-committee.md"),
    ),
    (
        "content/sources.toml",
        include_str!("starter/content/sources.toml"),
    ),
    (".gitignore", include_str!("starter/gitignore")),
];

/// `init --ci github`: a GitHub Actions workflow that builds and publishes to GitHub
/// Pages. `{version}` becomes the Dossier version that wrote it.
pub const GITHUB_WORKFLOW: (&str, &str) = (
    ".github/workflows/publish.yml",
    include_str!("starter/github-pages.yml"),
);

pub const SOURCES_FILE: &str = "content/sources.toml";

/// The starter site's files: a path relative to the site folder, and the text.
pub fn starter_files(today: PartialDate) -> Vec<(PathBuf, String)> {
    STARTER
        .iter()
        .map(|(path, text)| {
            (
                PathBuf::from(path),
                text.replace("{today}", &today.to_string()),
            )
        })
        .collect()
}

/// The path (from the site root) and text of a new background page, event or term.
pub fn new_file(
    kind: NewKind,
    title: &str,
    date: Option<PartialDate>,
) -> Result<(PathBuf, String), Diagnostic> {
    let title = title.trim();
    let slug = slugify(title);
    if slug.is_empty() {
        return Err(usage(
            format!("the title `{title}` gives an empty file name"),
            "use a title with letters or digits: file names and URLs come from it",
        ));
    }
    let quoted = toml_string(title);
    let (path, text) = match kind {
        NewKind::Background => background_page(&slug, &quoted),
        NewKind::Event => timeline_event(&slug, &quoted, date.ok_or_else(missing_date)?),
        NewKind::Term => glossary_term(&slug, &quoted),
        NewKind::Source => {
            return Err(usage(
                "a source is not a file of its own",
                "sources are added to content/sources.toml: `dossier new source \"Title\"`",
            ))
        }
    };
    Ok((PathBuf::from(path), text))
}

/// A background page; `quoted` is the title as a TOML string (so in the others).
fn background_page(slug: &str, quoted: &str) -> (String, String) {
    (
        Kind::Background.content_file(slug),
        format!(
            "+++\n\
             title = {quoted}\n\
             summary = \"{PLACEHOLDER} one or two sentences on what this page explains.\"\n\
             # weight = 10          # pages are ordered by weight, then by title\n\
             # sources = [\"S1\"]     # ids from content/sources.toml, listed as further sources\n\
             +++\n\
             {PLACEHOLDER} the page. `## Headings` make its table of contents; cite sources as \
             `[@S1]` and link other pages as `[text](@/timeline/file.md)`.\n"
        ),
    )
}

fn timeline_event(slug: &str, quoted: &str, date: PartialDate) -> (String, String) {
    // A full date is a TOML date; a year or a month must be a string.
    let value = if date.is_full() {
        date.to_string()
    } else {
        format!("\"{date}\"")
    };
    (
        Kind::Event.content_file(&format!("{date}-{slug}")),
        format!(
            "+++\n\
             title = {quoted}\n\
             date = {value}\n\
             # end_date = \"…\"       # when it lasted: same forms as date\n\
             # place = \"…\"\n\
             # group = \"…\"          # a lane, and a filter on the timeline page\n\
             # sources = [\"S1\"]     # ids from content/sources.toml\n\
             +++\n\
             {PLACEHOLDER} what happened and why it matters, in two or three sentences.\n"
        ),
    )
}

fn glossary_term(slug: &str, quoted: &str) -> (String, String) {
    (
        Kind::Term.content_file(slug),
        format!(
            "+++\n\
             term = {quoted}\n\
             # aliases = [\"…\"]      # other names it goes by (matched case-sensitively)\n\
             kind = \"concept\"       # person, organization, place, agreement, operation or concept\n\
             short = \"{PLACEHOLDER} a one-line definition.\"\n\
             # sources = [\"S1\"]     # ids from content/sources.toml\n\
             +++\n\
             {PLACEHOLDER} the full definition.\n"
        ),
    )
}

fn missing_date() -> Diagnostic {
    usage(
        "`dossier new event` needs --date",
        "give the event's date: --date 2024-01-27, --date 2024-01 or --date 2024",
    )
}

/// One more than the highest `S<number>` id in use: `S1` for none. Gaps are not reused,
/// so an id that was removed never comes back meaning something else.
pub fn next_source_id<'a>(ids: impl IntoIterator<Item = &'a str>) -> String {
    let highest = ids
        .into_iter()
        .filter_map(|id| id.strip_prefix('S')?.parse::<u64>().ok())
        .max()
        .unwrap_or(0);
    format!("S{}", highest + 1)
}

/// `sources.toml` with one `[[source]]` appended; the existing text is kept byte for
/// byte.
pub fn append_source(
    existing: &str,
    id: &str,
    title: &str,
    date: Option<PartialDate>,
    url: Option<&str>,
) -> String {
    let mut out = existing.to_string();
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    if !out.is_empty() && !out.ends_with("\n\n") {
        out.push('\n');
    }
    out.push_str(&format!(
        "[[source]]\nid = \"{id}\"\ntitle = {}\n# publisher = \"…\"\n",
        toml_string(title.trim())
    ));
    match url {
        Some(u) => out.push_str(&format!("url = {}\n", toml_string(u.trim()))),
        None => out.push_str(&format!(
            "url = \"https://example.org/\"   # {PLACEHOLDER} the source's web address\n"
        )),
    }
    if let Some(d) = date {
        if d.is_full() {
            out.push_str(&format!("date = {d}\n"));
        } else {
            out.push_str(&format!("date = \"{d}\"\n"));
        }
    }
    out
}

/// A TOML basic string: quoted, with `"`, `\` and control characters escaped.
pub fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    #[test]
    fn new_files_are_named_from_the_title() {
        let d = |s| PartialDate::parse(s).ok();
        let (p, text) = new_file(NewKind::Event, "Talks Open: Day 1", d("2024-01-27")).unwrap();
        assert_eq!(
            p,
            Path::new("content/timeline/2024-01-27-talks-open-day-1.md")
        );
        assert!(text.contains("date = 2024-01-27\n"), "{text}");
        let (p, text) = new_file(NewKind::Event, "Ça va", d("2024-01")).unwrap();
        assert_eq!(p, Path::new("content/timeline/2024-01-ca-va.md"));
        assert!(text.contains("date = \"2024-01\"\n"));
        let (p, text) = new_file(NewKind::Term, "Say \"HMC\"", None).unwrap();
        assert_eq!(p, Path::new("content/glossary/say-hmc.md"));
        assert!(text.contains("term = \"Say \\\"HMC\\\"\"\n"), "{text}");
        assert!(new_file(NewKind::Event, "x", None).is_err());
        assert!(new_file(NewKind::Background, "!!!", None).is_err());
    }

    #[test]
    fn sources_get_the_next_id_and_keep_the_text() {
        assert_eq!(next_source_id([]), "S1");
        assert_eq!(next_source_id(["S1", "S7", "X9", "S3"]), "S8");
        let before = "[[source]]\nid = \"S1\"\ntitle = \"A\"\nurl = \"https://a.org\"";
        let after = append_source(before, "S2", "B", None, Some("https://b.org"));
        assert!(after.starts_with(before));
        assert!(after.ends_with(
            "\n\n[[source]]\nid = \"S2\"\ntitle = \"B\"\n# publisher = \"…\"\nurl = \"https://b.org\"\n"
        ));
    }
}
