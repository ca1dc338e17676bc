//! Command-line interface (clap derive). Parses; touches no files.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "dossier",
    version,
    about = "Build explainer sites: a main explainer with background, timeline and glossary pages."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into its output folder (public/ unless configured).
    Build(BuildArgs),
    /// Run the whole build without writing anything, check every link of the result, and
    /// report every error and warning.
    Check(CheckArgs),
}

#[derive(Debug, Args)]
pub struct SiteArgs {
    /// The site's folder (holding dossier.toml and content/).
    #[arg(long, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
    /// Include pages marked `draft = true`.
    #[arg(long)]
    pub drafts: bool,
    /// Absolute URL the site is served from; overrides `base_url` in dossier.toml.
    #[arg(long, value_name = "URL")]
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
    #[arg(long, value_name = "DIR")]
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
