//! Command-line interface (clap derive). Parses; touches no files.

use std::net::IpAddr;
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
    /// Run the whole build without writing anything; report every error and warning.
    Check(CheckArgs),
    /// Serve the site from memory with live reload; rebuilds on every change.
    Serve(ServeArgs),
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
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The site's folder (holding dossier.toml and content/).
    #[arg(long, default_value = ".", value_name = "DIR")]
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
