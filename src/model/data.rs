//! The site's data tables: each `content/data/x.csv` paired with its description
//! `x.toml`, typed, its sources checked against `sources.toml`, keyed by stem (what a
//! `chart` or `numbers` block names with `data = "x"`). Every mismatch is an error in
//! the file that has it: a CSV without a description, a description without a CSV, a
//! described column the CSV lacks, an unknown source id.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::diag::{closest, Class, Diagnostic, Diagnostics};
use crate::parse::data::{parse_csv, parse_description, Cell, ColumnType, DataDescription};
use crate::read::{Kind, SiteInput, SourceFile};

/// One column of a table: its name in the CSV header, how readers see it, its type.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub name: String,
    pub label: String,
    pub kind: ColumnType,
}

/// A typed table, ready to chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The file's stem: what `data = "…"` names, and the published CSV's name.
    pub stem: String,
    pub title: String,
    /// Source ids, all of them in `sources.toml` (unknown ones were reported).
    pub sources: Vec<String>,
    pub columns: Vec<Column>,
    /// Cells by row, then by column (the header's order).
    pub rows: Vec<Vec<Cell>>,
    /// Each cell as written (trimmed): what a `numbers` block's `row` matches.
    pub written: Vec<Vec<String>>,
    /// The CSV as the editor wrote it, published as it is.
    pub csv: Arc<str>,
}

impl Table {
    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == name)
    }

    pub fn column_names(&self) -> impl Iterator<Item = &str> {
        self.columns.iter().map(|c| c.name.as_str())
    }
}

/// Every table that read without errors, by stem, and the stems of those that did not
/// (reported already: a chart of one is not reported again).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tables {
    pub tables: BTreeMap<String, Table>,
    pub broken: std::collections::BTreeSet<String>,
}

impl Tables {
    pub fn get(&self, stem: &str) -> Option<&Table> {
        self.tables.get(stem)
    }

    pub fn stems(&self) -> impl Iterator<Item = &str> {
        self.tables.keys().map(String::as_str)
    }
}

/// Pairs and types every data file of `input`; problems go to `diags`.
pub fn tables(
    input: &SiteInput,
    source_ids: &BTreeMap<String, usize>,
    sources_readable: bool,
    diags: &mut Diagnostics,
) -> Tables {
    let mut pairs: BTreeMap<String, (Option<&SourceFile>, Option<&SourceFile>)> = BTreeMap::new();
    for f in input.files.iter().filter(|f| f.kind == Kind::Data) {
        let Some(stem) = f.rel_path.file_stem() else {
            continue;
        };
        let entry = pairs
            .entry(stem.to_string_lossy().into_owned())
            .or_default();
        if f.rel_path.extension().is_some_and(|e| e == "csv") {
            entry.0 = Some(f);
        } else {
            entry.1 = Some(f);
        }
    }
    let mut tables = Tables::default();
    for (stem, pair) in pairs {
        let (csv, toml) = match pair {
            (Some(csv), Some(toml)) => (csv, toml),
            (Some(csv), None) => {
                diags.push(without_description(csv, &stem));
                tables.broken.insert(stem);
                continue;
            }
            (None, Some(toml)) => {
                diags.push(without_csv(toml, &stem));
                tables.broken.insert(stem);
                continue;
            }
            (None, None) => continue,
        };
        let known = |id: &str| !sources_readable || source_ids.contains_key(id);
        let ids = || source_ids.keys().map(String::as_str);
        match table(&stem, csv, toml, (&known, &ids)) {
            Ok(t) => {
                tables.tables.insert(stem, t);
            }
            Err(d) => {
                diags.extend(d);
                tables.broken.insert(stem);
            }
        }
    }
    tables
}

/// Whether a source id is known, and every known id (for "did you mean").
type SourceCheck<'a, I> = (&'a dyn Fn(&str) -> bool, &'a dyn Fn() -> I);

fn table<'i, I: Iterator<Item = &'i str>>(
    stem: &str,
    csv: &SourceFile,
    toml: &SourceFile,
    (known, ids): SourceCheck<'_, I>,
) -> Result<Table, Vec<Diagnostic>> {
    let desc = parse_description(&toml.rel_path, &toml.text).map_err(|d| vec![d])?;
    let types = |name: &str| desc.columns.get(name).map(|c| c.kind);
    let parsed = parse_csv(&csv.rel_path, &csv.text, &types);
    let mut diags = description_problems(&desc, toml, known, ids, parsed.as_ref().ok());
    let parsed = match parsed {
        Ok(p) => p,
        Err(d) => {
            diags.extend(d);
            return Err(diags);
        }
    };
    if !diags.is_empty() {
        return Err(diags);
    }
    let columns = parsed
        .header
        .iter()
        .map(|name| {
            let spec = desc.columns.get(name.as_str());
            Column {
                name: name.clone(),
                label: spec
                    .and_then(|s| s.label.clone())
                    .unwrap_or_else(|| name.clone()),
                kind: spec.map_or(ColumnType::Text, |s| s.kind),
            }
        })
        .collect();
    Ok(Table {
        stem: stem.to_string(),
        title: desc.title.get_ref().trim().to_string(),
        sources: desc.sources.iter().map(|s| s.get_ref().clone()).collect(),
        columns,
        rows: parsed.rows,
        written: parsed.written,
        csv: csv.text.clone(),
    })
}

/// A description's own problems: an empty title, unknown sources, and (when the CSV
/// read) columns the CSV does not have.
fn description_problems<'i, I: Iterator<Item = &'i str>>(
    desc: &DataDescription,
    toml: &SourceFile,
    known: &dyn Fn(&str) -> bool,
    ids: &dyn Fn() -> I,
    parsed: Option<&crate::parse::data::ParsedCsv>,
) -> Vec<Diagnostic> {
    let (file, text) = (&toml.rel_path, &*toml.text);
    let mut out = vec![];
    if desc.title.get_ref().trim().is_empty() {
        out.push(
            Diagnostic::error(Class::Content, "`title` is empty")
                .at(file, text, desc.title.span())
                .with_hint("say what the table counts, e.g. title = \"US troops in Iraq\""),
        );
    }
    for s in &desc.sources {
        if !known(s.get_ref()) {
            let hint = match closest(s.get_ref(), ids()) {
                Some(near) => {
                    format!("did you mean `{near}`? Sources are listed in content/sources.toml")
                }
                None => {
                    "add it to content/sources.toml as [[source]] with id, title, publisher and url"
                        .into()
                }
            };
            out.push(
                Diagnostic::error(Class::Content, format!("unknown source `{}`", s.get_ref()))
                    .at(file, text, s.span())
                    .with_hint(hint),
            );
        }
    }
    let Some(parsed) = parsed else {
        return out;
    };
    for name in desc.columns.keys() {
        if !parsed.header.iter().any(|h| h == name.get_ref()) {
            let header = parsed.header.iter().map(String::as_str);
            let hint = match closest(name.get_ref(), header) {
                Some(near) => {
                    format!("did you mean `{near}`? The CSV's first row names its columns")
                }
                None => format!("the CSV's columns are: {}", parsed.header.join(", ")),
            };
            out.push(
                Diagnostic::error(
                    Class::Content,
                    format!("the table has no column `{}`", name.get_ref()),
                )
                .at(file, text, name.span())
                .with_hint(hint),
            );
        }
    }
    out
}

fn without_description(csv: &SourceFile, stem: &str) -> Diagnostic {
    Diagnostic::error(Class::Content, "a data table without its description")
        .at(&csv.rel_path, &csv.text, 0..0)
        .with_hint(format!(
            "create content/data/{stem}.toml with title, sources and [columns] (type = \"date\", \"number\" or \"text\")"
        ))
}

fn without_csv(toml: &SourceFile, stem: &str) -> Diagnostic {
    Diagnostic::error(Class::Content, "a table description without its table")
        .at(&toml.rel_path, &toml.text, 0..0)
        .with_hint(format!(
            "put the data in content/data/{stem}.csv (first row: the column names), or remove this file"
        ))
}
