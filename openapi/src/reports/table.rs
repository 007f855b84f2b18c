//! The reports as one table, written as CSV for Finnish Excel and as an .xlsx workbook. Text
//! that a spreadsheet would read as a formula (starting with `=`, `+`, `-`, `@`, a tab or a
//! carriage return) is prefixed with an apostrophe in CSV, and stored as it is with the cell's
//! quote-prefix format in XLSX (so the apostrophe never shows).

use super::{Cell, FunderReport, IndicatorReport};

/// One field of the tabular report.
#[derive(Debug, Clone, PartialEq)]
pub enum Field {
    /// Text.
    Text(String),
    /// A count.
    Count(i64),
    /// A share or hours.
    Number(f64),
    /// Nothing.
    Empty,
}

/// Text a spreadsheet would take for a formula, made plain text: `'` before it.
fn neutralised(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}").into()
    } else {
        text.into()
    }
}

impl Field {
    /// As CSV for Finnish Excel: decimal comma; text a spreadsheet would take for a formula
    /// after an apostrophe (CSV has no other way to say "text").
    fn csv(&self) -> String {
        match self {
            Self::Text(t) => neutralised(t).into_owned(),
            Self::Count(v) => v.to_string(),
            Self::Number(v) => format!("{v}").replace('.', ","),
            Self::Empty => String::new(),
        }
    }
}

/// The column headings of the tabular report. Each column holds one kind of value, so a
/// spreadsheet or a data frame loads it as such: counts of people only in the gender and
/// `total` columns (a withheld count left empty, and named in `withheld`), shares in `share`,
/// medians, means, hours and money each in a column of their own.
pub const COLUMNS: [&str; 15] = [
    "programme_period",
    "section",
    "name",
    "official_code",
    "female",
    "male",
    "non_binary",
    "not_stated",
    "total",
    "withheld",
    "share",
    "median_days",
    "mean_change",
    "hours",
    "cents",
];

/// The index of a column (every name used here is one of [`COLUMNS`]; the table's tests
/// read each back by its heading).
fn at(column: &str) -> usize {
    COLUMNS.iter().position(|c| *c == column).unwrap_or(0)
}

const GENDERS: [&str; 4] = ["female", "male", "non_binary", "not_stated"];

/// One row: its section, name and code, the rest filled in by column.
struct Row(Vec<Field>);

impl Row {
    fn new(period: &str, section: &str, name: &str, code: &str) -> Self {
        let mut fields = vec![Field::Empty; COLUMNS.len()];
        for (i, t) in [period, section, name, code].into_iter().enumerate() {
            fields[i] = Field::Text(t.to_owned());
        }
        Self(fields)
    }

    fn set(mut self, column: &str, field: Field) -> Self {
        self.0[at(column)] = field;
        self
    }

    /// Counts in their columns; the withheld ones left empty and named in `withheld`.
    fn counts(mut self, cells: &[(&str, &Cell)]) -> Self {
        let mut withheld = Vec::new();
        for (column, c) in cells {
            self.0[at(column)] = match (c.value, c.suppressed) {
                (Some(v), _) => Field::Count(v),
                (None, true) => {
                    withheld.push(*column);
                    Field::Empty
                }
                (None, false) => Field::Empty,
            };
        }
        if !withheld.is_empty() {
            self.0[at("withheld")] = Field::Text(withheld.join(" "));
        }
        self
    }

    fn number(self, column: &str, value: Option<f64>) -> Self {
        self.set(column, value.map_or(Field::Empty, Field::Number))
    }
}

impl IndicatorReport {
    /// The report as rows of [`COLUMNS`]: the one table CSV and XLSX are both made from.
    pub fn table(&self) -> Vec<Vec<Field>> {
        let period = askel_domain::ProgrammePeriod::from(self.programme_period).to_string();
        let row = |section: &str, name: &str, code: &str| Row::new(&period, section, name, code);
        let mut rows: Vec<Row> = self
            .covered_projects
            .iter()
            .map(|p| row("project", &p.name, &p.code))
            .collect();
        let participants_code = askel_domain::indicators::participants_code(
            askel_domain::ProgrammePeriod::from(self.programme_period),
        );
        rows.push(
            row("participants", "participants", participants_code)
                .counts(&[("total", &self.participants)]),
        );
        rows.push(row("leavers", "leavers", "").counts(&[("total", &self.leavers)]));
        for i in &self.indicators {
            let cells = [&i.female, &i.male, &i.non_binary, &i.not_stated, &i.total];
            let named: Vec<(&str, &Cell)> = GENDERS
                .iter()
                .copied()
                .chain(["total"])
                .zip(cells)
                .collect();
            rows.push(
                row("indicator", &i.name, &i.official_code)
                    .counts(&named)
                    .number("share", i.share),
            );
        }
        for s in &self.steps {
            let number = s.step.to_string();
            rows.push(
                row("step_reached", &s.code, &number)
                    .counts(&[("total", &s.reached)])
                    .number("median_days", s.median_days),
            );
            rows.push(row("step_current", &s.code, &number).counts(&[("total", &s.current)]));
        }
        for e in &self.eura {
            rows.push(row("eura", &e.state, "").counts(&[("total", &e.count)]));
        }
        for r in &self.referrals {
            rows.push(
                row("referrals", &format!("{}/{}", r.service_kind, r.status), "")
                    .counts(&[("total", &r.count)]),
            );
        }
        for a in &self.assessment_changes {
            rows.push(
                row(
                    "assessment_change",
                    &format!("{} v{}/{}", a.instrument, a.version, a.dimension),
                    "",
                )
                .counts(&[("total", &a.participants)])
                .number("mean_change", a.mean_change)
                .number("share", a.share_improved),
            );
        }
        rows.push(
            row("activity_hours", "activity_hours", "").number("hours", Some(self.activity_hours)),
        );
        for (name, cents) in [
            (
                "total_eligible_cost_cents",
                self.funding.total_eligible_cost_cents,
            ),
            ("esf_amount_cents", self.funding.esf_amount_cents),
            ("own_share_cents", self.funding.own_share_cents),
        ] {
            rows.push(row("funding", name, "").set("cents", Field::Count(cents)));
        }
        rows.into_iter().map(|r| r.0).collect()
    }
}

/// A report that is also a table.
pub trait Tabular: serde::Serialize {
    /// The rows of [`COLUMNS`].
    fn rows(&self) -> Vec<Vec<Field>>;

    /// The report as CSV for Finnish Excel: UTF-8 with a byte-order mark, semicolons, CRLF,
    /// fields quoted where they hold a semicolon, a quote or a line break.
    fn to_csv(&self) -> String {
        csv_of(&self.rows())
    }

    /// The report as an .xlsx workbook: one sheet, numbers as numbers, shares as percentages,
    /// withheld counts empty (named in `withheld`).
    fn to_xlsx(&self) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
        xlsx_of(&self.rows())
    }
}

impl Tabular for IndicatorReport {
    fn rows(&self) -> Vec<Vec<Field>> {
        self.table()
    }
}

impl Tabular for FunderReport {
    fn rows(&self) -> Vec<Vec<Field>> {
        self.table()
    }
}

impl FunderReport {
    /// Every programme period's table, one after another.
    pub fn table(&self) -> Vec<Vec<Field>> {
        self.programme_periods
            .iter()
            .flat_map(IndicatorReport::table)
            .collect()
    }
}

fn csv_of(rows: &[Vec<Field>]) -> String {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::from("\u{feff}".as_bytes()));
    // Writing to memory fails only on a bug; the fields are UTF-8 strings.
    let written = writer.write_record(COLUMNS).and_then(|()| {
        rows.iter()
            .try_for_each(|row| writer.write_record(row.iter().map(Field::csv)))
    });
    debug_assert!(written.is_ok());
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

fn xlsx_of(rows: &[Vec<Field>]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::Format;
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet().set_name("indicators")?;
    let bold = Format::new().set_bold();
    // Text that would read as a formula keeps its own characters; the format says "text".
    let quoted = Format::new().set_quote_prefix();
    let percent = Format::new().set_num_format("0.00%");
    let decimals = Format::new().set_num_format("0.00");
    for (c, heading) in (0u16..).zip(COLUMNS) {
        sheet.write_string_with_format(0, c, heading, &bold)?;
    }
    for (r, row) in (1u32..).zip(rows) {
        for ((c, field), column) in (0u16..).zip(row).zip(COLUMNS) {
            match field {
                Field::Text(t) if neutralised(t) != t.as_str() => {
                    sheet.write_string_with_format(r, c, t, &quoted)?;
                }
                Field::Text(t) => {
                    sheet.write_string(r, c, t)?;
                }
                // Counts of people and cents are far inside f64's exact integer range.
                #[allow(clippy::cast_precision_loss)]
                Field::Count(v) => {
                    sheet.write_number(r, c, *v as f64)?;
                }
                Field::Number(v) if column == "share" => {
                    sheet.write_number_with_format(r, c, *v, &percent)?;
                }
                Field::Number(v) => {
                    sheet.write_number_with_format(r, c, *v, &decimals)?;
                }
                Field::Empty => {}
            }
        }
    }
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_prefixes_are_neutralised_and_other_text_kept() {
        for (text, expected) in [
            (
                "=HYPERLINK(\"http://x\";\"y\"); Esko",
                "'=HYPERLINK(\"http://x\";\"y\"); Esko",
            ),
            ("+358", "'+358"),
            ("-1", "'-1"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("Esko", "Esko"),
            ("Osaava työikä – 2025", "Osaava työikä – 2025"),
        ] {
            assert_eq!(neutralised(text), expected);
        }
    }

    #[test]
    fn csv_quotes_separators_and_line_breaks_instead_of_changing_the_text() {
        let mut row = vec![
            Field::Text("a;b".into()),
            Field::Text("two\r\nlines".into()),
            Field::Text("\"quoted\"".into()),
            Field::Empty,
            Field::Number(0.5),
        ];
        row.resize(COLUMNS.len(), Field::Empty);
        let rows = vec![row];
        let csv = csv_of(&rows);
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(b';')
            .from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
        let record = reader.records().next().unwrap().unwrap();
        let fields: Vec<&str> = record.iter().take(5).collect();
        assert_eq!(fields, ["a;b", "two\r\nlines", "\"quoted\"", "", "0,5"]);
    }
}
