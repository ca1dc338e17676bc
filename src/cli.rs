//! Command-line interface (clap derive). Parses; touches no files.

use std::net::IpAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "dossier",
    version,
    about = "Build explainer sites: a main explainer with background, timeline and glossary pages."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// The site's folder, also accepted before the command (`dossier -r DIR build`).
    #[arg(short = 'r', long = "root", value_name = "DIR")]
    pub root_before_command: Option<PathBuf>,
    /// Colour in messages: `auto` (on a terminal, unless NO_COLOR is set), `always`,
    /// `never`.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true, value_name = "WHEN")]
    pub color: ColorChoice,
}

/// `--color`: when messages are coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl Cli {
    /// Moves a `--root` written before the command to the command, as if written after
    /// it. An error when the command takes no root (`init`) or was given another one.
    pub fn with_root_in_command(mut self) -> Result<Cli, String> {
        let Some(root) = self.root_before_command.take() else {
            return Ok(self);
        };
        let own = match &mut self.command {
            Command::Build(a) => &mut a.site.root,
            Command::Check(a) => &mut a.site.root,
            Command::New(a) => &mut a.root,
            Command::Serve(a) => &mut a.root,
            Command::Templates(TemplatesCommand::Eject(a)) => &mut a.root,
            Command::Init(_) => {
                return Err(
                    "`init` takes its folder as DIR (`dossier init DIR`), not --root".into(),
                )
            }
        };
        if own.as_path() != std::path::Path::new(".") && *own != root {
            return Err(format!(
                "two different --root folders: `{}` before the command and `{}` after it",
                root.display(),
                own.display()
            ));
        }
        *own = root;
        Ok(self)
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into its output folder (public/ unless configured).
    Build(BuildArgs),
    /// Run the whole build without writing anything, check every link of the result, and
    /// report every error and warning.
    Check(CheckArgs),
    /// Create a new site in DIR (a new or empty folder) that builds as it is.
    Init(InitArgs),
    /// Add a background page, timeline event, glossary term or source to a site.
    New(NewArgs),
    /// Serve the site from memory with live reload; rebuilds on every change.
    Serve(ServeArgs),
    /// Work with the built-in templates.
    #[command(subcommand)]
    Templates(TemplatesCommand),
}

#[derive(Debug, Subcommand)]
pub enum TemplatesCommand {
    /// Copy the built-in templates (or the one named: base.html, partials/nav.html,
    /// style.css…) into the site's templates/, to start a custom look from. Never
    /// overwrites a file.
    Eject(EjectArgs),
}

#[derive(Debug, Args)]
pub struct EjectArgs {
    /// One built-in to copy; all of them without it.
    #[arg(value_name = "NAME")]
    pub name: Option<String>,
    /// The site's folder (holding dossier.toml and content/).
    #[arg(short = 'r', long, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
}

#[derive(Debug, Args)]
pub struct SiteArgs {
    /// The site's folder (holding dossier.toml and content/).
    #[arg(short = 'r', long, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
    /// Include pages marked `draft = true`.
    #[arg(long)]
    pub drafts: bool,
    /// Absolute URL the site is served from; overrides `base_url` in dossier.toml.
    #[arg(short = 'u', long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Treat warnings as errors (exit 1).
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Output folder; overrides `output_dir` in dossier.toml (default: ROOT/public).
    #[arg(short = 'o', long, visible_alias = "output-dir", value_name = "DIR")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Also check external http(s) links over the network (results are cached in
    /// ROOT/.dossier-cache/); a broken one is a warning.
    #[arg(long)]
    pub external: bool,
    /// Seconds to wait for each external link.
    #[arg(
        long,
        value_name = "SECONDS",
        default_value = "10",
        requires = "external",
        value_parser = seconds
    )]
    pub timeout: std::time::Duration,
}

fn seconds(s: &str) -> Result<std::time::Duration, String> {
    let n: f64 = s
        .parse()
        .map_err(|_| format!("`{s}` is not a number of seconds"))?;
    if n.is_finite() && n > 0.0 && n <= 3600.0 {
        Ok(std::time::Duration::from_secs_f64(n))
    } else {
        Err("give a number of seconds above 0 and at most 3600, e.g. 10 or 0.5".into())
    }
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to create the site in: new, or empty.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// Also write a workflow that builds and publishes the site (github: GitHub Actions
    /// to GitHub Pages).
    #[arg(long, value_name = "SERVICE")]
    pub ci: Option<CiService>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CiService {
    /// .github/workflows/publish.yml: build on every push to main, publish to GitHub Pages
    Github,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NewKind {
    /// content/background/SLUG.md
    Background,
    /// content/timeline/DATE-SLUG.md (needs --date)
    Event,
    /// content/glossary/SLUG.md
    Term,
    /// a [[source]] appended to content/sources.toml, with the next free id
    Source,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// What to add.
    pub kind: NewKind,
    /// Its title (a term's name); the file name comes from it.
    pub title: String,
    /// The site's folder (holding dossier.toml and content/).
    #[arg(short = 'r', long, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
    /// The date of an event (required) or a source: 2024-01-27, 2024-01 or 2024.
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// A source's web address.
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The site's folder (holding dossier.toml and content/).
    #[arg(short = 'r', long, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
    /// Include pages marked `draft = true`.
    #[arg(long)]
    pub drafts: bool,
    /// Address to listen on; the default keeps the site private to this machine.
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
    pub bind: IpAddr,
    /// Port to listen on; 0 picks a free one.
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// Open the site in the default web browser.
    #[arg(long)]
    pub open: bool,
}
