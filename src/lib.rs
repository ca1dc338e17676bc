//! Dossier: a static site generator for explainer sites.
//!
//! The pipeline runs one way (see `pipeline`):
//! config → source → frontmatter → markdown → site → compose → render → output.
//! `search` builds the search index beside `render`; `scaffold` (`init`, `new`) writes
//! new content files and is no part of a build.
//! `serve` sits on top of `pipeline`: it renders in memory and never writes.

pub mod cli;
pub mod compose;
pub mod config;
pub mod dates;
pub mod diag;
pub mod dispose;
pub mod external;
pub mod feeds;
pub mod frontmatter;
pub mod highlight;
pub mod html;
pub mod jsonld;
pub mod linkcheck;
pub mod markdown;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod site;
pub mod slug;
pub mod source;
pub mod template_recursion;
pub mod timings;
