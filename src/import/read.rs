//! Reading a register file: CSV in UTF-8 (with or without BOM) or GBK /
//! GB18030, or the first sheet of an XLSX workbook. Rows keep the line a
//! person sees (the CSV line, the spreadsheet row number) for the report.

use super::FileError;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    Csv,
    Xlsx,
}

impl FileFormat {
    pub fn of(path: &Path) -> FileFormat {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "xlsx" | "xlsm" | "xls" | "ods" => FileFormat::Xlsx,
            _ => FileFormat::Csv,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The file's line (CSV) or the spreadsheet's row number (XLSX), from 1.
    pub line: usize,
    pub cells: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Table {
    pub format: FileFormat,
    /// The header row's line, for a file-level problem.
    pub header_line: usize,
    pub headers: Vec<String>,
    pub rows: Vec<Row>,
}

pub fn read_table(path: &Path) -> Result<Table, FileError> {
    if !path.exists() {
        return Err(FileError::Missing {
            path: path.display().to_string(),
        });
    }
    let io = |e: &dyn std::fmt::Display| FileError::Io {
        path: path.display().to_string(),
        why: e.to_string(),
    };
    let mut all = match FileFormat::of(path) {
        FileFormat::Csv => {
            read_csv(&std::fs::read(path).map_err(|e| io(&e))?).map_err(|e| io(&e))?
        }
        FileFormat::Xlsx => read_xlsx(path).map_err(|why| FileError::Format {
            path: path.display().to_string(),
            why,
        })?,
    };
    all.retain(|r| r.cells.iter().any(|c| !c.trim().is_empty()));
    if all.is_empty() {
        return Err(FileError::Empty {
            path: path.display().to_string(),
        });
    }
    // a title line above the header ("居民花名册") is skipped
    let at = all
        .iter()
        .position(|r| {
            r.cells
                .iter()
                .filter(|c| super::columns::is_known(c))
                .count()
                >= 2
        })
        .unwrap_or(0);
    let header = all.drain(..=at).next_back().expect("a row");
    Ok(Table {
        format: FileFormat::of(path),
        header_line: header.line,
        headers: header.cells,
        rows: all,
    })
}

/// Text of a CSV file: UTF-8 (a BOM dropped) when it is valid UTF-8, else
/// GB18030, which is a superset of GBK and GB2312.
pub fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::GB18030.decode(bytes).0.into_owned(),
    }
}

fn read_csv(bytes: &[u8]) -> Result<Vec<Row>, csv::Error> {
    // csv counts a CRLF record's line one short; LF only keeps lines true
    let text = decode(bytes).replace("\r\n", "\n");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for rec in reader.records() {
        let rec = rec?;
        let line = rec.position().map_or(0, |p| p.line() as usize);
        rows.push(Row {
            line,
            cells: rec.iter().map(str::to_string).collect(),
        });
    }
    Ok(rows)
}

fn read_xlsx(path: &Path) -> Result<Vec<Row>, String> {
    use calamine::{Data, Reader};
    let mut book = calamine::open_workbook_auto(path).map_err(|e| e.to_string())?;
    let range = book
        .worksheet_range_at(0)
        .ok_or("the workbook has no sheet")?
        .map_err(|e| e.to_string())?;
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let mut rows = Vec::new();
    for (i, cells) in range.rows().enumerate() {
        let mut out = vec![String::new(); col0 as usize];
        out.extend(cells.iter().map(|c| {
            match c {
                Data::Empty | Data::Error(_) => String::new(),
                Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
                Data::Int(n) => n.to_string(),
                Data::Bool(b) => if *b { "是" } else { "否" }.to_string(),
                Data::Float(f) => number(*f),
                // a date cell: the date it shows, whatever its number format
                Data::DateTime(d) => super::values::excel_serial(d.as_f64())
                    .map_or_else(|| number(d.as_f64()), |d| d.to_string()),
            }
        }));
        rows.push(Row {
            line: row0 as usize + i + 1,
            cells: out,
        });
    }
    Ok(rows)
}

/// A number as a person typed it: 65, not 65.0.
/// Beyond 15 digits Excel keeps none exactly, so a longer number (an ID
/// number typed into a number cell) is shown as Excel shows it, 3.60425E+17.
pub fn number(f: f64) -> String {
    if f.abs() >= 1e15 {
        format!("{f:E}")
    } else if f.fract() == 0.0 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}
