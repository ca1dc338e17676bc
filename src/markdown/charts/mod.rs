//! Charts and key numbers from data tables (issue 17): the `chart` component, and the
//! `numbers` items that read a cell (`data`, `row`, `column`; see `lookup`). The table
//! is the model's (`model::data`), already typed; here a block's names are checked
//! against it, each at its line in the markdown, and the chart is drawn (`draw`, with
//! `scale`'s ticks) beside its data table, its sources, "Data as of" and a link to the
//! published CSV.

mod bars;
mod draw;
mod lookup;
pub mod scale;

use serde_json::{json, Value};

use super::adapter::BodyAdapter;
use super::components::Block;
use crate::dates::PartialDate;
use crate::model::data::Table;
use crate::model::strings::Strings;
use crate::model::urls;
use crate::parse::components::{ChartBlock, ChartKind};
use crate::parse::data::{Cell, ColumnType};
use draw::{Series, Spec, XAxis, MAX_SERIES};
use scale::{date_position, format_number, short_date};

impl BodyAdapter<'_, '_> {
    pub(super) fn chart_block(&mut self, b: &Block) -> Option<String> {
        let c: ChartBlock = self.parse_body(b)?;
        let title = self.required_text("title", &c.title, b);
        let alt = self.required_text("alt", &c.alt, b);
        let table = self.table(&c.data, b)?;
        let x = self.table_column(table, &c.x, b);
        let ys = self.chart_series(table, &c, b);
        let (title, alt, x, ys) = (title?, alt?, x?, ys?);
        self.x_without_gaps(table, x, &c, b)?;
        let caption = c
            .caption
            .as_ref()
            .map(|v| self.inline_html(v.get_ref(), b.span(v)));
        let cite = self.table_sources_html(&table.sources, b.span(&c.data));
        let id = self.page.ids.unique("chart");
        let spec = Spec {
            id: &id,
            kind: *c.kind.get_ref(),
            title: &title,
            alt: &alt,
            x_label: &table.columns[x].label,
            x: x_axis(table, x, *c.kind.get_ref()),
            categories: table
                .rows
                .iter()
                .map(|r| category(&r[x], self.refs.strings))
                .collect(),
            series: ys
                .iter()
                .map(|&y| Series {
                    label: table.columns[y].label.clone(),
                    values: table.rows.iter().map(|r| number(&r[y])).collect(),
                })
                .collect(),
            strings: self.refs.strings,
        };
        let strings = self.refs.strings;
        let view = json!({
            "id": id,
            "title": title,
            "alt": alt,
            "caption": caption,
            "svg": draw::svg(&spec),
            "cite": cite,
            "as_of": as_of(table, x).map(|d| json!({ "datetime": d.to_string(), "human": strings.date(d) })),
            "csv": format!("{}{}", self.page.root, urls::data_table(&crate::slug::slugify(&table.stem))),
            "table": table_view(table, strings),
        });
        self.draw("chart", &view, b.fence.clone())
    }

    /// The columns `y` names: each a number column, at least one, at most [`MAX_SERIES`].
    fn chart_series(&mut self, table: &Table, c: &ChartBlock, b: &Block) -> Option<Vec<usize>> {
        let names = c.y.get_ref();
        if names.is_empty() || names.len() > MAX_SERIES {
            let message = if names.is_empty() {
                "`y` names no column".to_string()
            } else {
                format!(
                    "a chart shows at most {MAX_SERIES} series, `y` names {}",
                    names.len()
                )
            };
            self.block_error(
                &message,
                "list the number columns to draw: y = [\"iraq\", \"syria\"]",
                b.span(&c.y),
            );
            return None;
        }
        let mut out = vec![];
        for name in names {
            let i = self.table_column(table, name, b);
            if let Some(i) = i {
                let col = &table.columns[i];
                if col.kind != ColumnType::Number {
                    let hint = format!(
                        "`y` takes number columns; if `{}` holds numbers, set {} = {{ type = \"number\" }} under [columns] in content/data/{}.toml",
                        col.name, col.name, table.stem
                    );
                    self.block_error(
                        &format!("`{}` is not a number column", col.name),
                        &hint,
                        b.span(name),
                    );
                    continue;
                }
            }
            out.push(i);
        }
        out.into_iter()
            .collect::<Option<Vec<usize>>>()
            .filter(|v| v.len() == names.len())
    }

    /// Every row needs an x value to be placed: an empty one is an error at `x`.
    fn x_without_gaps(&mut self, table: &Table, x: usize, c: &ChartBlock, b: &Block) -> Option<()> {
        let Some(r) = table.rows.iter().position(|row| row[x] == Cell::Empty) else {
            return Some(());
        };
        let hint = format!(
            "row {} of content/data/{}.csv has no `{}`: fill it in, or chart another column",
            r + 1,
            table.stem,
            table.columns[x].name
        );
        self.block_error(
            &format!("the x column `{}` has an empty cell", table.columns[x].name),
            &hint,
            b.span(&c.x),
        );
        None
    }
}

/// Where rows sit on a line chart's x axis: by date or number, else in row order.
fn x_axis(table: &Table, x: usize, kind: ChartKind) -> XAxis {
    if kind != ChartKind::Line {
        return XAxis::Categories;
    }
    let positions = |f: &dyn Fn(&Cell) -> Option<f64>| {
        table.rows.iter().map(|r| f(&r[x]).unwrap_or(0.0)).collect()
    };
    match table.columns[x].kind {
        ColumnType::Date => XAxis::Time(positions(&|c| match c {
            Cell::Date(d) => Some(date_position(*d)),
            _ => None,
        })),
        ColumnType::Number => XAxis::Numeric(positions(&number)),
        ColumnType::Text => XAxis::Categories,
    }
}

fn number(c: &Cell) -> Option<f64> {
    match c {
        Cell::Number(v) => Some(*v),
        _ => None,
    }
}

/// A cell as a category label: short dates, grouped numbers, text as written.
fn category(c: &Cell, strings: &Strings) -> String {
    match c {
        Cell::Empty => String::new(),
        Cell::Date(d) => date_label(strings, *d),
        Cell::Number(v) => strings.digits(&format_number(*v, None)),
        Cell::Text(t) => t.clone(),
    }
}

/// A date as an axis or category label: `Jan 2024` in English; in another edition its
/// own date (ICU4X's: Arabic has no short month names), in its digits.
fn date_label(strings: &Strings, d: PartialDate) -> String {
    if strings.is_english() {
        short_date(d)
    } else {
        strings.date(d)
    }
}

/// "Data as of": the latest date of the x column, or else of the table's first date
/// column; `None` when the table has no dates.
fn as_of(table: &Table, x: usize) -> Option<PartialDate> {
    let col = if table.columns[x].kind == ColumnType::Date {
        x
    } else {
        table
            .columns
            .iter()
            .position(|c| c.kind == ColumnType::Date)?
    };
    table
        .rows
        .iter()
        .filter_map(|r| match &r[col] {
            Cell::Date(d) => Some(*d),
            _ => None,
        })
        .max()
}

/// The whole table for the folded view: column labels, and each cell as readers read
/// it (full dates, grouped numbers) with whether it is a number (aligned right).
fn table_view(table: &Table, strings: &Strings) -> Value {
    let columns: Vec<Value> = table
        .columns
        .iter()
        .map(|c| json!({ "label": c.label, "numeric": c.kind == ColumnType::Number }))
        .collect();
    let rows: Vec<Vec<Value>> = table
        .rows
        .iter()
        .map(|r| {
            r.iter()
                .map(|c| {
                    let text = match c {
                        Cell::Date(d) => strings.date(*d),
                        other => category(other, strings),
                    };
                    json!({ "text": text, "numeric": matches!(c, Cell::Number(_)) })
                })
                .collect()
        })
        .collect();
    json!({ "title": table.title, "columns": columns, "rows": rows })
}
