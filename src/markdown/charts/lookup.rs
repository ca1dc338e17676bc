//! Names in a block resolved against the data tables: `data = "…"` to a table, a
//! column name to its index, a `numbers` item's `row` and `column` to one cell. Each
//! unknown name is an error at its place in the markdown, with the nearest known one.

use toml::Spanned;

use super::super::adapter::BodyAdapter;
use super::super::components::Block;
use super::scale::format_number;
use crate::diag::{closest, Class, Diagnostic};
use crate::model::data::Table;
use crate::parse::components::NumberItem;
use crate::parse::data::Cell;

impl<'s> BodyAdapter<'s, '_> {
    /// The table `data` names; `None` (reported, unless the table itself failed to
    /// read and was reported there) when there is none.
    pub(in super::super) fn table(
        &mut self,
        data: &Spanned<String>,
        b: &Block,
    ) -> Option<&'s Table> {
        let tables = self.refs.tables;
        let stem = data.get_ref().trim();
        if let Some(t) = tables.get(stem) {
            return Some(t);
        }
        if tables.broken.contains(stem) {
            return None;
        }
        let hint = match closest(stem, tables.stems()) {
            Some(near) => {
                format!("did you mean `{near}`? Tables are the .csv files of content/data/")
            }
            None => {
                format!("add content/data/{stem}.csv with its description content/data/{stem}.toml")
            }
        };
        self.diags.push(
            Diagnostic::error(Class::Content, format!("unknown data table `{stem}`"))
                .with_hint(hint),
            b.span(data),
        );
        None
    }

    /// The index of column `name` of `table`; `None` (reported at it) when there is none.
    pub(in super::super) fn table_column(
        &mut self,
        table: &Table,
        name: &Spanned<String>,
        b: &Block,
    ) -> Option<usize> {
        let wanted = name.get_ref().trim();
        if let Some(i) = table.column(wanted) {
            return Some(i);
        }
        let hint = match closest(wanted, table.column_names()) {
            Some(near) => format!("did you mean `{near}`?"),
            None => {
                let names: Vec<&str> = table.column_names().collect();
                format!("the columns of `{}` are: {}", table.stem, names.join(", "))
            }
        };
        self.diags.push(
            Diagnostic::error(
                Class::Content,
                format!("the table `{}` has no column `{wanted}`", table.stem),
            )
            .with_hint(hint),
            b.span(name),
        );
        None
    }

    /// A `numbers` item's value: as written, or read from its table's cell.
    pub(in super::super) fn number_value(
        &mut self,
        item: &NumberItem,
        b: &Block,
    ) -> Option<String> {
        match (&item.value, &item.data) {
            (Some(v), None) if item.row.is_none() && item.column.is_none() => {
                self.required_text("value", v, b)
            }
            (Some(_), Some(data)) => {
                self.block_error(
                    "a number takes either `value` or `data`, not both",
                    "keep `value = \"…\"` for a figure written here, or `data`, `row` and `column` to read it from a table",
                    b.span(data),
                );
                None
            }
            (None, Some(data)) => self.cell_value(item, data, b),
            (_, None) => {
                let span = item
                    .row
                    .as_ref()
                    .or(item.column.as_ref())
                    .map_or(b.span(&item.label), |s| b.span(s));
                self.block_error(
                    "a number needs `value`, or `data` with `row` and `column`",
                    "write value = \"2,500\", or data = \"troops\", row = \"2024-01\", column = \"troops\"",
                    span,
                );
                None
            }
        }
    }

    /// The cell a `numbers` item names, as readers read it.
    fn cell_value(
        &mut self,
        item: &NumberItem,
        data: &Spanned<String>,
        b: &Block,
    ) -> Option<String> {
        let (Some(row), Some(column)) = (&item.row, &item.column) else {
            self.block_error(
                "`data` needs `row` and `column`",
                "add row = \"…\" (a value of the table's first column) and column = \"…\" (a column's name)",
                b.span(data),
            );
            return None;
        };
        let table = self.table(data, b)?;
        let col = self.table_column(table, column, b);
        let wanted = row.get_ref().trim();
        let Some(r) = table
            .written
            .iter()
            .position(|w| w.first().is_some_and(|c| c == wanted))
        else {
            let firsts = table
                .written
                .iter()
                .filter_map(|w| w.first().map(String::as_str));
            let hint = match closest(wanted, firsts) {
                Some(near) => format!("did you mean `{near}`? `row` matches the table's first column, as written in the CSV"),
                None => format!("`row` matches a value of the first column, `{}`, as written in the CSV", table.columns[0].name),
            };
            self.block_error(
                &format!("the table `{}` has no row `{wanted}`", table.stem),
                &hint,
                b.span(row),
            );
            return None;
        };
        let col = col?;
        match &table.rows[r][col] {
            Cell::Empty => {
                self.block_error(
                    &format!(
                        "the cell of row `{wanted}`, column `{}` is empty",
                        table.columns[col].name
                    ),
                    "fill it in the CSV, or choose another row or column",
                    b.span(row),
                );
                None
            }
            Cell::Number(v) => Some(self.refs.strings.digits(&format_number(*v, None))),
            Cell::Date(d) => Some(self.refs.strings.date(*d)),
            Cell::Text(t) => Some(t.clone()),
        }
    }

    /// A `numbers` item's citation marks: its own `sources`, or else its table's.
    pub(in super::super) fn number_sources(&mut self, item: &NumberItem, b: &Block) -> String {
        if !item.sources.is_empty() {
            return self.sources_html(&item.sources, b);
        }
        match &item.data {
            Some(data) => {
                let ids = self
                    .refs
                    .tables
                    .get(data.get_ref().trim())
                    .map(|t| t.sources.clone());
                self.table_sources_html(&ids.unwrap_or_default(), b.span(data))
            }
            None => String::new(),
        }
    }

    /// The citation marks of a table's sources (all known: the model checked them),
    /// cited at `span`, where the block names the table.
    pub(in super::super) fn table_sources_html(
        &mut self,
        ids: &[String],
        span: std::ops::Range<usize>,
    ) -> String {
        let marks: Vec<String> = ids
            .iter()
            .filter_map(|id| self.cite_at(id, span.clone()))
            .collect();
        super::super::citations::marks_html(&marks)
    }

    pub(in super::super) fn block_error(
        &mut self,
        message: &str,
        hint: &str,
        span: std::ops::Range<usize>,
    ) {
        self.diags.push(
            Diagnostic::error(Class::Content, message).with_hint(hint),
            span,
        );
    }
}
