//! Parse: `dossier.toml` and each content file's frontmatter into typed values, with
//! spans relative to the file; and what the model must know of a body before it is
//! rendered (the ids its headings will take). Pure: no I/O, no HTML.

pub mod body;
pub mod components;
pub mod config;
pub mod data;
pub mod frontmatter;
mod images_config;
pub mod language_tag;
pub mod punctuation;
