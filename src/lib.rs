//! Dossier: a static site generator for explainer sites.
//!
//! The pipeline runs one way (see `pipeline`):
//! config → source → frontmatter → markdown → site → compose → render → output.

pub mod cli;
pub mod compose;
pub mod config;
pub mod dates;
pub mod diag;
pub mod frontmatter;
pub mod highlight;
pub mod html;
pub mod markdown;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod site;
pub mod slug;
pub mod source;
pub mod template_recursion;
