//! Dossier: a static site generator for explainer sites.
//!
//! The stages, in the order a build runs them. Each module imports only the ones above
//! it (the shared values first), so the flow is one way and there is no circle:
//!
//! - shared values: [`diag`] (diagnostics and their positions), [`dates`], [`slug`],
//!   [`html`] (escaping), [`timings`], [`dispose`]
//! - [`read`]: every byte read from the site's folder, into plain values
//! - [`parse`]: `dossier.toml`, frontmatter split and typed per kind, what a body's
//!   headings will be called
//! - [`model`]: the validated site, its link targets and glossary, and `model::urls`, the
//!   one owner of the output layout
//! - [`maps`]: SVG maps of the site's places, drawn on the shipped basemap
//! - [`markdown`]: pulldown-cmark event adapters (links, terms, citations, code) → HTML
//! - [`compose`]: each body → page HTML plus what search and the other pages need
//! - [`search`]: the search index, from the composed pages
//! - [`render`]: Tera templates and view structs → output files (pages, feeds, assets)
//! - [`output`]: the staging folder, `static/`, the atomic swap
//! - [`pipeline`]: the one way through, which hands each rendered file to a sink
//! - sinks of the same pipeline: [`check`] (memory: links, external links) and [`serve`]
//!   (the serve memo, live reload)
//! - [`scaffold`]: `init` and `new`, which write new content files; no part of a build
//! - [`cli`]: the command line that `main.rs` parses

// No function over 60 lines (clippy.toml sets the threshold) unless a comment on it
// says why it must be longer and it allows the lint there. See issue 14.
#![warn(clippy::too_many_lines)]

pub mod diag;

pub mod dates;
pub mod dispose;
pub mod html;
pub mod slug;
pub mod timings;

pub mod read;

pub mod parse;

pub mod model;

pub mod maps;

pub mod markdown;

pub mod compose;

pub mod search;

pub mod render;

pub mod output;

pub mod pipeline;

pub mod check;
pub mod serve;

pub mod scaffold;

pub mod cli;
