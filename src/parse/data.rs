//! Data tables (`content/data/x.csv`) and their descriptions (`content/data/x.toml`):
//! the description's TOML typed like frontmatter, the CSV read by the `csv` crate and
//! each cell typed by its column. A cell that is not of its column's type is an error
//! at the CSV's line and the field's column. No I/O, no HTML; which sources exist and
//! which tables pair up is the model's to check.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::dates::PartialDate;
use crate::diag::{toml_error, Class, Diagnostic};

/// What a column holds; every cell of it must parse as that.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ColumnType {
    /// `2024`, `2024-01` or `2024-01-27`, as in frontmatter.
    Date,
    /// A plain decimal number: `2500`, `-3`, `0.25` (no thousands separators).
    Number,
    Text,
}

/// `content/data/x.toml`: what the table of the same stem is and where it comes from.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataDescription {
    pub title: Spanned<String>,
    #[serde(default)]
    pub sources: Vec<Spanned<String>>,
    /// By the CSV header's name; a CSV column not listed here is text.
    #[serde(default)]
    pub columns: BTreeMap<Spanned<String>, ColumnSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnSpec {
    #[serde(rename = "type")]
    pub kind: ColumnType,
    /// How readers see the column (axis, legend, table header); its name otherwise.
    pub label: Option<String>,
}

/// One typed cell. An empty cell (nothing, or only spaces) is allowed in every column:
/// a gap in a line, no bar, an empty table cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Date(PartialDate),
    Number(f64),
    Text(String),
}

/// A CSV read and typed: the header's names and each row's cells (with each cell as
/// written, trimmed), in file order.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedCsv {
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    pub written: Vec<Vec<String>>,
}

/// Parses a description (`file` is its path from the site root, for diagnostics).
pub fn parse_description(file: &Path, text: &str) -> Result<DataDescription, Diagnostic> {
    toml::from_str::<DataDescription>(text).map_err(|e| toml_error(file, text, text, 0, &e))
}

/// Reads the CSV `text` (the header row first) and types each cell by `types` (by the
/// header's name; `None` is text). Every problem is an error at its line and column.
pub fn parse_csv(
    file: &Path,
    text: &str,
    types: &dyn Fn(&str) -> Option<ColumnType>,
) -> Result<ParsedCsv, Vec<Diagnostic>> {
    // A spreadsheet's byte order mark is not part of the first column's name.
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let body = &text[bom..];
    let at = |span: Range<usize>, d: Diagnostic| d.at(file, text, bom + span.start..bom + span.end);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .trim(csv::Trim::All)
        .from_reader(body.as_bytes());
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(str::to_string).collect(),
        Err(e) => return Err(vec![at(0..0, csv_error(&e))]),
    };
    let mut diags = header_problems(body, &header)
        .into_iter()
        .map(|(span, d)| at(span, d))
        .collect::<Vec<_>>();
    let kinds: Vec<Option<ColumnType>> = header.iter().map(|h| types(h)).collect();
    let mut parsed = ParsedCsv {
        header,
        rows: vec![],
        written: vec![],
    };
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let start = e.position().map_or(0, |p| p.byte() as usize);
                let first = field_span(body, start, 0).start;
                diags.push(at(first..first, csv_error(&e)));
                continue;
            }
        };
        let start = record.position().map_or(0, |p| p.byte() as usize);
        let mut cells = Vec::with_capacity(record.len());
        for (i, field) in record.iter().enumerate() {
            match typed(field, kinds[i]) {
                Ok(cell) => cells.push(cell),
                Err((message, hint)) => {
                    let name = &parsed.header[i];
                    let d =
                        Diagnostic::error(Class::Content, format!("{message} in column `{name}`"))
                            .with_hint(hint);
                    diags.push(at(field_span(body, start, i), d));
                    cells.push(Cell::Empty);
                }
            }
        }
        parsed.rows.push(cells);
        parsed
            .written
            .push(record.iter().map(str::to_string).collect());
    }
    if diags.is_empty() {
        Ok(parsed)
    } else {
        Err(diags)
    }
}

/// Empty and repeated column names, at their place in the header row.
fn header_problems(body: &str, header: &[String]) -> Vec<(Range<usize>, Diagnostic)> {
    let mut out = vec![];
    for (i, name) in header.iter().enumerate() {
        let span = field_span(body, 0, i);
        if name.is_empty() {
            out.push((
                span,
                Diagnostic::error(Class::Content, format!("column {} has no name", i + 1))
                    .with_hint("the first row names every column: write a name here"),
            ));
        } else if header[..i].contains(name) {
            out.push((
                span,
                Diagnostic::error(Class::Content, format!("two columns are named `{name}`"))
                    .with_hint("give each column of the header row its own name"),
            ));
        }
    }
    out
}

/// The csv crate's own error (a row with too many or too few fields) in our words.
fn csv_error(e: &csv::Error) -> Diagnostic {
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => Diagnostic::error(
            Class::Content,
            format!("this row has {len} fields, the header has {expected_len}"),
        )
        .with_hint(
            "every row needs one field per column; quote a field that contains a comma: \"a, b\"",
        ),
        _ => Diagnostic::error(Class::Content, format!("cannot read the CSV: {e}"))
            .with_hint("save the file as CSV (comma-separated, UTF-8)"),
    }
}

/// A field as its column's type, or (message, hint) saying why it is not.
fn typed(field: &str, kind: Option<ColumnType>) -> Result<Cell, (String, String)> {
    if field.is_empty() {
        return Ok(Cell::Empty);
    }
    match kind {
        None | Some(ColumnType::Text) => Ok(Cell::Text(field.to_string())),
        Some(ColumnType::Date) => PartialDate::parse(field)
            .map(Cell::Date)
            .map_err(|e| (e.message, e.hint)),
        Some(ColumnType::Number) => parse_number(field).map(Cell::Number).ok_or_else(|| {
            let hint = if field.contains(',') {
                "write numbers without thousands separators and with `.` for decimals: 2500, 0.5"
            } else {
                "a number column holds plain numbers (2500, -3, 0.25), or nothing for a missing value"
            };
            (format!("`{field}` is not a number"), hint.to_string())
        }),
    }
}

/// A plain decimal: optional sign, digits, optional fraction. Not `1e5`, `inf`, `NaN`.
pub fn parse_number(s: &str) -> Option<f64> {
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let all_digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    let ok = !int.is_empty() && all_digits(int) && all_digits(frac) && !digits.ends_with('.');
    ok.then(|| s.parse().ok()).flatten()
}

/// The byte range of field `index` of the record starting at byte `start` of `text`,
/// quotes included: the csv crate gives a record's start, not its fields'.
fn field_span(text: &str, start: usize, index: usize) -> Range<usize> {
    let bytes = text.as_bytes();
    // After a CRLF the crate's record starts at the `\n`: a record never starts with
    // a line break (blank lines are skipped), so step over it.
    let mut pos = start;
    while matches!(bytes.get(pos), Some(b'\r' | b'\n')) {
        pos += 1;
    }
    for i in 0..=index {
        let field_start = pos;
        let mut quoted = false;
        while pos < bytes.len() {
            match bytes[pos] {
                b'"' if quoted && bytes.get(pos + 1) == Some(&b'"') => pos += 1,
                b'"' => quoted = !quoted,
                b',' | b'\n' | b'\r' if !quoted => break,
                _ => {}
            }
            pos += 1;
        }
        if i == index {
            let raw = &text[field_start..pos];
            let lead = raw.len() - raw.trim_start().len();
            let end = field_start + raw.trim_end().len();
            return (field_start + lead).min(end)..end;
        }
        if bytes.get(pos) != Some(&b',') {
            return pos..pos;
        }
        pos += 1;
    }
    pos..pos
}

#[cfg(test)]
mod tests {
    use super::*;

    fn types(name: &str) -> Option<ColumnType> {
        match name {
            "date" => Some(ColumnType::Date),
            "n" => Some(ColumnType::Number),
            _ => None,
        }
    }

    #[test]
    fn cells_are_typed_by_their_column() {
        let csv = "date,n,note\n2024-01,2500,\"about, roughly\"\n2024,,x\n";
        let t = parse_csv(Path::new("d.csv"), csv, &types).unwrap();
        assert_eq!(t.header, ["date", "n", "note"]);
        assert_eq!(t.rows[0][1], Cell::Number(2500.0));
        assert_eq!(t.rows[0][2], Cell::Text("about, roughly".into()));
        assert_eq!(t.rows[1][1], Cell::Empty);
        assert_eq!(t.written[1][0], "2024");
    }

    #[test]
    fn a_bad_cell_is_reported_at_its_line_and_column() {
        let csv = "date,n,note\n2024-01,2500,ok\n\"2024-02\", 2,500 ,x\n";
        let d = parse_csv(Path::new("d.csv"), csv, &types).unwrap_err();
        // The row has four fields: the csv crate's unequal length, at the row.
        assert!(d[0].message.contains("4 fields"), "{}", d[0].message);
        let csv = "date,n,note\n2024-01,2500,ok\n\"2024-02\", 2.5.0 ,x\n";
        let d = parse_csv(Path::new("d.csv"), csv, &types).unwrap_err();
        let p = d[0].location.as_ref().unwrap().position.unwrap();
        assert_eq!((p.line, p.column), (3, 12));
        assert!(d[0].message.contains("column `n`"), "{}", d[0].message);
    }

    #[test]
    fn a_spreadsheets_bom_and_crlf_keep_names_and_positions() {
        let csv = "\u{feff}date,n\r\n2024,1\r\n2025,x\r\n";
        let d = parse_csv(Path::new("d.csv"), csv, &types).unwrap_err();
        let p = d[0].location.as_ref().unwrap().position.unwrap();
        assert_eq!((p.line, p.column), (3, 6));
        let ok = parse_csv(Path::new("d.csv"), "\u{feff}date,n\r\n2024,1\r\n", &types).unwrap();
        assert_eq!(ok.header[0], "date");
        assert_eq!(
            ok.rows[0][0],
            Cell::Date(PartialDate::parse("2024").unwrap())
        );
    }

    #[test]
    fn numbers_are_plain_decimals() {
        assert_eq!(parse_number("2500"), Some(2500.0));
        assert_eq!(parse_number("-0.25"), Some(-0.25));
        for bad in ["2,500", "1e5", "inf", "NaN", ".5", "5.", "", "-"] {
            assert_eq!(parse_number(bad), None, "{bad}");
        }
    }
}
