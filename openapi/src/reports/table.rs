//! The reports as one table, written as CSV for Finnish Excel and as an .xlsx workbook. Text
//! that a spreadsheet would read as a formula (starting with `=`, `+`, `-`, `@`, a tab or a
//! carriage return) is prefixed with an apostrophe in both.

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
    /// A withheld count.
    Withheld,
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
    fn cell(c: &Cell) -> Self {
        match (c.value, c.suppressed) {
            (Some(v), _) => Self::Count(v),
            (None, true) => Self::Withheld,
            (None, false) => Self::Empty,
        }
    }

    /// As CSV for Finnish Excel: decimal comma; a withheld count shows as `<5` style text.
    fn csv(&self, threshold: i64) -> String {
        match self {
            Self::Text(t) => neutralised(t).into_owned(),
            Self::Count(v) => v.to_string(),
            Self::Number(v) => format!("{v}").replace('.', ","),
            Self::Withheld => format!("<{threshold}"),
            Self::Empty => String::new(),
        }
    }
}

/// The column headings of the tabular report.
pub const COLUMNS: [&str; 10] = [
    "programme_period",
    "section",
    "name",
    "official_code",
    "female",
    "male",
    "non_binary",
    "not_stated",
    "total",
    "share",
];

impl IndicatorReport {
    /// The report as rows of [`COLUMNS`]: the one table CSV and XLSX are both made from.
    pub fn table(&self) -> Vec<Vec<Field>> {
        use Field::{Count, Empty, Number, Text};
        let period = askel_domain::ProgrammePeriod::from(self.programme_period);
        let text = |s: &str| Text(s.to_owned());
        let total_only = |section: &str, name: &str, code: &str, total: Field| {
            vec![
                text(&period.to_string()),
                text(section),
                text(name),
                text(code),
                Empty,
                Empty,
                Empty,
                Empty,
                total,
                Empty,
            ]
        };
        let mut rows: Vec<Vec<Field>> = self
            .covered_projects
            .iter()
            .map(|p| total_only("project", &p.name, &p.code, Empty))
            .collect();
        rows.push(total_only(
            "participants",
            "participants",
            askel_domain::indicators::participants_code(period),
            Field::cell(&self.participants),
        ));
        rows.push(total_only(
            "leavers",
            "leavers",
            "",
            Field::cell(&self.leavers),
        ));
        for i in &self.indicators {
            rows.push(vec![
                text(&period.to_string()),
                text("indicator"),
                text(&i.name),
                text(&i.official_code),
                Field::cell(&i.female),
                Field::cell(&i.male),
                Field::cell(&i.non_binary),
                Field::cell(&i.not_stated),
                Field::cell(&i.total),
                i.share.map_or(Empty, Number),
            ]);
        }
        for s in &self.steps {
            let number = s.step.to_string();
            rows.push(total_only(
                "step_reached",
                &s.code,
                &number,
                Field::cell(&s.reached),
            ));
            rows.push(total_only(
                "step_current",
                &s.code,
                &number,
                Field::cell(&s.current),
            ));
        }
        for e in &self.eura {
            rows.push(total_only("eura", &e.state, "", Field::cell(&e.count)));
        }
        for r in &self.referrals {
            rows.push(total_only(
                "referrals",
                &format!("{}/{}", r.service_kind, r.status),
                "",
                Field::cell(&r.count),
            ));
        }
        for a in &self.assessment_changes {
            let mut row = total_only(
                "assessment_change",
                &format!("{} v{}/{}", a.instrument, a.version, a.dimension),
                "",
                Field::cell(&a.participants),
            );
            row[4] = a.mean_change.map_or(Empty, Number);
            row[9] = a.share_improved.map_or(Empty, Number);
            rows.push(row);
        }
        rows.push(total_only(
            "activity_hours",
            "activity_hours",
            "",
            Number(self.activity_hours),
        ));
        for (name, cents) in [
            (
                "total_eligible_cost_cents",
                self.funding.total_eligible_cost_cents,
            ),
            ("esf_amount_cents", self.funding.esf_amount_cents),
            ("own_share_cents", self.funding.own_share_cents),
        ] {
            rows.push(total_only("funding", name, "", Count(cents)));
        }
        rows
    }
}

/// A report that is also a table.
pub trait Tabular: serde::Serialize {
    /// The rows of [`COLUMNS`].
    fn rows(&self) -> Vec<Vec<Field>>;
    /// The threshold withheld values are shown against (`<5`).
    fn threshold(&self) -> i64;

    /// The report as CSV for Finnish Excel: UTF-8 with a byte-order mark, semicolons, CRLF,
    /// fields quoted where they hold a semicolon, a quote or a line break.
    fn to_csv(&self) -> String {
        csv_of(&self.rows(), self.threshold())
    }

    /// The report as an .xlsx workbook: one sheet, numbers as numbers, withheld counts as
    /// text like `<5`.
    fn to_xlsx(&self) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
        xlsx_of(&self.rows(), self.threshold())
    }
}

impl Tabular for IndicatorReport {
    fn rows(&self) -> Vec<Vec<Field>> {
        self.table()
    }
    fn threshold(&self) -> i64 {
        self.threshold
    }
}

impl Tabular for FunderReport {
    fn rows(&self) -> Vec<Vec<Field>> {
        self.table()
    }
    fn threshold(&self) -> i64 {
        self.threshold
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

fn csv_of(rows: &[Vec<Field>], threshold: i64) -> String {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::from("\u{feff}".as_bytes()));
    // Writing to memory fails only on a bug; the fields are UTF-8 strings.
    let written = writer.write_record(COLUMNS).and_then(|()| {
        rows.iter()
            .try_for_each(|row| writer.write_record(row.iter().map(|f| f.csv(threshold))))
    });
    debug_assert!(written.is_ok());
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

fn xlsx_of(rows: &[Vec<Field>], threshold: i64) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet().set_name("indicators")?;
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for (c, heading) in (0u16..).zip(COLUMNS) {
        sheet.write_string_with_format(0, c, heading, &bold)?;
    }
    for (r, row) in (1u32..).zip(rows) {
        for (c, field) in (0u16..).zip(row) {
            match field {
                Field::Text(t) => {
                    sheet.write_string(r, c, neutralised(t))?;
                }
                // Counts of people and cents are far inside f64's exact integer range.
                #[allow(clippy::cast_precision_loss)]
                Field::Count(v) => {
                    sheet.write_number(r, c, *v as f64)?;
                }
                Field::Number(v) => {
                    sheet.write_number(r, c, *v)?;
                }
                Field::Withheld => {
                    sheet.write_string(r, c, format!("<{threshold}"))?;
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
            Field::Withheld,
            Field::Number(0.5),
        ];
        row.resize(COLUMNS.len(), Field::Empty);
        let rows = vec![row];
        let csv = csv_of(&rows, 5);
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(b';')
            .from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
        let record = reader.records().next().unwrap().unwrap();
        let fields: Vec<&str> = record.iter().take(5).collect();
        assert_eq!(fields, ["a;b", "two\r\nlines", "\"quoted\"", "<5", "0,5"]);
    }
}
