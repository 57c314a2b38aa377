//! Writing registers: the export (the same headers and words the importer
//! reads, so a file exported and imported again changes nothing) and the
//! reject file of `--skip-bad`. Files are readable by their owner only (§10).

use super::FileError;
use super::columns::{Field, Kind};
use super::read::FileFormat;
use super::values::*;
use crate::domain::model::*;
use crate::domain::record;
use std::path::Path;

/// A register's rows from `Db::export_rows` (codes) as the words a person
/// reads and the importer takes back: 男, 户主, 高血压, 门诊, 是 …
pub fn export(kind: Kind, rows: Vec<Vec<Option<String>>>) -> (Vec<String>, Vec<Vec<String>>) {
    let headers = kind
        .columns()
        .iter()
        .map(|f| f.header().to_string())
        .collect();
    let rows = rows
        .into_iter()
        .map(|row| {
            kind.columns()
                .iter()
                .zip(row)
                .map(|(f, v)| v.map_or(String::new(), |v| word_for(*f, v)))
                .collect()
        })
        .collect();
    (headers, rows)
}

fn word_for(f: Field, code: String) -> String {
    fn from<T: Copy + PartialEq>(
        table: &[(&'static str, T)],
        parse: fn(&str) -> Option<T>,
        code: String,
    ) -> String {
        parse(&code).map_or(code, |v| name_of(table, v).to_string())
    }
    match f {
        Field::Sex => from(SEXES, Sex::from_code, code),
        Field::Relation => from(RELATIONS, Relation::from_code, code),
        Field::Condition => from(CONDITIONS, Condition::from_code, code),
        Field::VisitKind => from(KINDS, VisitKind::from_code, code),
        Field::Mode => from(MODES, VisitMode::from_code, code),
        Field::Adherence => from(ADHERENCE, Adherence::from_code, code),
        Field::Complication => from(COMPLICATIONS, Complication::from_code, code),
        Field::LivesAlone | Field::Disabled | Field::SeriouslyIll | Field::Adverse => {
            if code == "1" { "是" } else { "否" }.to_string()
        }
        Field::Salt | Field::SaltTarget => from(SALT, Salt::from_code, code),
        Field::Psychology | Field::Compliance => {
            record::Grade::from_code(&code).map_or(code, |g| g.word(true).to_string())
        }
        Field::Hypoglycaemia => {
            record::Hypoglycaemia::from_code(&code).map_or(code, |h| h.word(true).to_string())
        }
        Field::FootPulse => {
            let (p, side) = code.split_once('/').unwrap_or((code.as_str(), ""));
            match record::Pulse::from_code(p) {
                Some(pulse) => record::FootPulse {
                    pulse,
                    side: record::Side::from_code(side),
                }
                .text(true),
                None => code,
            }
        }
        // condition:code,… as the forms' words
        Field::Symptoms => {
            let mut s = record::Symptoms::default();
            for part in code.split(',') {
                match part.split_once(':') {
                    Some(("hypertension", c)) => s.htn.extend(record::HtnSymptom::from_code(c)),
                    Some((_, c)) => s.dm.extend(record::DmSymptom::from_code(c)),
                    None => {}
                }
            }
            s.htn.sort();
            s.dm.sort();
            record::symptoms_text(&s, true)
        }
        // drug|times|amount|unit|kind, a line each, as 氨氯地平 1次/日 5mg；…
        Field::Medication => {
            let drugs: Vec<record::Drug> = code
                .lines()
                .filter_map(|l| {
                    let f: Vec<&str> = l.split('|').collect();
                    let [name, times, amount, unit, kind] = f.as_slice() else {
                        return None;
                    };
                    Some(record::Drug {
                        name: name.to_string(),
                        times_a_day: times.parse().ok()?,
                        amount: amount.parse().ok()?,
                        unit: record::DoseUnit::from_code(unit)?,
                        insulin_kind: Some(kind.to_string()).filter(|k| !k.is_empty()),
                    })
                })
                .collect();
            record::regimen_text(&drugs, true)
        }
        _ => code,
    }
}

/// Writes a table as CSV (UTF-8 with a BOM, which Excel needs to show
/// Chinese; each cell through `text::csv_row`, so a cell a spreadsheet would
/// run as a formula is written as text with a leading `'`, which the
/// importer takes off again) or XLSX (issue 28 item 5: a date as a date
/// cell, ID, phone and record numbers as text cells in a column formatted
/// as text, so Excel keeps all 18 digits of an ID also when one is typed in;
/// everything else as the text it is), in a file only its owner may read.
pub fn write_table(
    path: &Path,
    format: FileFormat,
    headers: &[String],
    rows: &[Vec<String>],
) -> Result<(), FileError> {
    let fail = |why: String| FileError::Io {
        path: path.display().to_string(),
        why,
    };
    let bytes = match format {
        FileFormat::Csv => {
            let mut text = String::from("\u{FEFF}");
            for r in std::iter::once(headers).chain(rows.iter().map(Vec::as_slice)) {
                text.push_str(&crate::text::csv_row(r, false));
            }
            text.into_bytes()
        }
        FileFormat::Xlsx => xlsx(headers, rows).map_err(|e| fail(e.to_string()))?,
    };
    crate::files::write_private(path, &bytes).map_err(|e| fail(e.to_string()))
}

/// Whether a column holds numbers that are names, not amounts (an ID, a
/// phone, a household or record number): written as text, formatted as text.
fn text_column(header: &str) -> bool {
    ["身份证", "电话", "编号"]
        .iter()
        .any(|k| header.contains(k))
}

/// `2026-11-20` as a date, when a cell is one.
fn date_cell(v: &str) -> Option<chrono::NaiveDate> {
    (v.len() == 10)
        .then(|| chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d").ok())
        .flatten()
}

fn xlsx(headers: &[String], rows: &[Vec<String>]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let f = crate::report::Formats::new();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let bold = Format::new().set_bold();
    for (c, h) in headers.iter().enumerate() {
        let c = c as u16;
        sheet.write_string_with_format(0, c, h, &bold)?;
        if text_column(h) {
            sheet.set_column_format(c, &f.text)?;
            sheet.set_column_width(c, 20)?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    for (r, cells) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, v) in cells.iter().enumerate() {
            let text = headers.get(c).is_some_and(|h| text_column(h));
            let c = c as u16;
            match date_cell(v) {
                _ if v.is_empty() => {}
                _ if text => {
                    sheet.write_string_with_format(r, c, v, &f.text)?;
                }
                Some(d) => {
                    sheet.write_datetime_with_format(
                        r,
                        c,
                        crate::report::excel_date(d)?,
                        &f.date,
                    )?;
                    sheet.set_column_width(c, 11)?;
                }
                None => {
                    sheet.write_string(r, c, v)?;
                }
            }
        }
    }
    book.save_to_buffer()
}
