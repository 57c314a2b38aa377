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
    /// The encoding a CSV file was read in when it was not UTF-8
    /// ("GB18030"), named when its header lacks a column (issue 24 item 14).
    pub encoding: Option<&'static str>,
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
    let too_large = |limit| FileError::TooLarge {
        path: path.display().to_string(),
        limit,
    };
    let mut encoding = None;
    let mut all = match FileFormat::of(path) {
        FileFormat::Csv => {
            // the file's size first: a CSV is read whole
            let bytes = std::fs::metadata(path).map_err(|e| io(&e))?.len();
            if bytes > MAX_UNPACKED_MB << 20 {
                return Err(too_large(Limit::Size {
                    mb: MAX_UNPACKED_MB,
                }));
            }
            let bytes = std::fs::read(path).map_err(|e| io(&e))?;
            let (text, enc) = decode(&bytes).map_err(|line| FileError::BadUtf8 {
                path: path.display().to_string(),
                line,
            })?;
            encoding = enc;
            let rows = read_csv(&text).map_err(|e| io(&e))?;
            if let Some(limit) = past_limits(&rows) {
                return Err(too_large(limit));
            }
            rows
        }
        FileFormat::Xlsx => read_sheet(path)?,
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
        encoding,
        headers: header.cells,
        rows: all,
    })
}

/// Text of a CSV file: UTF-8 (a BOM dropped) when it is valid UTF-8, else
/// GB18030, which is a superset of GBK and GB2312, named as the second
/// value. A UTF-8 file with a few bad bytes (a character cut short by an
/// editor or a copy) is not read as GB18030, which would garble all of it:
/// Err names the line of the first bad bytes (issue 24 item 14).
pub fn decode(bytes: &[u8]) -> Result<(String, Option<&'static str>), usize> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok((s.to_string(), None)),
        Err(first) => {
            // GBK text is mostly invalid as UTF-8 (a chance pair in ten may
            // pass); UTF-8 text with a cut character has many good
            // characters for each bad spot
            let (mut good, mut bad) = (0usize, 0usize);
            for chunk in bytes.utf8_chunks() {
                good += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
                bad += usize::from(!chunk.invalid().is_empty());
            }
            if good >= 5 * bad {
                let at = first.valid_up_to();
                return Err(1 + bytes[..at].iter().filter(|&&b| b == b'\n').count());
            }
            Ok((
                encoding_rs::GB18030.decode(bytes).0.into_owned(),
                Some("GB18030"),
            ))
        }
    }
}

fn read_csv(text: &str) -> Result<Vec<Row>, csv::Error> {
    // csv counts a CRLF record's line one short; LF only keeps lines true
    let text = text.replace("\r\n", "\n");
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
            // the `'` gridcare's CSV puts before a formula-like cell, off
            cells: rec
                .iter()
                .map(|c| crate::text::csv_cell_read(c).to_string())
                .collect(),
        });
    }
    Ok(rows)
}

/// The most a file to import may hold (issue 24 item 9): rows (the line or
/// spreadsheet row number), columns, and megabytes unpacked (an XLSX is a zip
/// archive: a few kilobytes can unpack to gigabytes). A township's register
/// is far inside them; past them the file is refused before it is read.
pub const MAX_ROWS: usize = 200_000;
pub const MAX_COLUMNS: usize = 200;
pub const MAX_UNPACKED_MB: u64 = 100;

/// Which limit a file is past.
#[derive(Debug, Clone, PartialEq)]
pub enum Limit {
    /// A cell (with something in it, or in the sheet's declared range) past
    /// the last row or column read: `XFD1048576`.
    Cell(String),
    /// The file (a CSV) or the workbook unpacked is larger than this.
    Size { mb: u64 },
}

impl Limit {
    pub fn text(&self, zh: bool) -> String {
        match (self, zh) {
            (Limit::Cell(cell), true) => format!(
                "表格用到了单元格 {cell}，超出可导入的范围（最多 {MAX_ROWS} 行、{MAX_COLUMNS} 列）；请删除名册以外的行和列（或把名册复制到新表格）后再导入"
            ),
            (Limit::Cell(cell), false) => format!(
                "the sheet reaches cell {cell}, past the {MAX_ROWS} rows and {MAX_COLUMNS} columns gridcare reads; delete the rows and columns beyond the register (or copy the register into a new sheet) and import again"
            ),
            (Limit::Size { mb }, true) => format!(
                "文件（解压后）超过 {mb} MB，远大于一个乡镇的名册；请只保存名册（另存为新的 XLSX 或 CSV），过大的请分成几个文件导入"
            ),
            (Limit::Size { mb }, false) => format!(
                "the file is larger than {mb} MB (unpacked), far more than a township's register; save the register alone as a new XLSX or CSV, or split it into smaller files"
            ),
        }
    }
}

/// The spreadsheet name of a cell, 0-based (row, column): (0, 0) is A1.
fn cell_name((row, col): (u32, u32)) -> String {
    let mut letters = Vec::new();
    let mut c = col as u64 + 1;
    while c > 0 {
        letters.push(b'A' + ((c - 1) % 26) as u8);
        c = (c - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8_lossy(&letters), row as u64 + 1)
}

/// The first cell of `rows` past the limits, if any.
fn past_limits(rows: &[Row]) -> Option<Limit> {
    rows.iter()
        .find(|r| r.line > MAX_ROWS || r.cells.len() > MAX_COLUMNS)
        .map(|r| {
            Limit::Cell(cell_name((
                r.line.saturating_sub(1) as u32,
                r.cells.len().saturating_sub(1) as u32,
            )))
        })
}

/// A spreadsheet's first sheet, within the limits. XLSX (and ODS) are zip
/// archives: each part is unpacked once into nothing, counting its bytes,
/// before calamine opens the file, so a zip bomb is refused having used no
/// memory. XLSX cells are then read one by one (no rectangle of the sheet's
/// declared size is allocated: a lone cell at XFD1048576 asked for 512 GB).
fn read_sheet(path: &Path) -> Result<Vec<Row>, FileError> {
    let format = |why: String| FileError::Format {
        path: path.display().to_string(),
        why,
    };
    let too_large = |limit| FileError::TooLarge {
        path: path.display().to_string(),
        limit,
    };
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if ext != "xls" {
        match unpacked_within(path, MAX_UNPACKED_MB << 20) {
            Ok(true) => {}
            Ok(false) => {
                return Err(too_large(Limit::Size {
                    mb: MAX_UNPACKED_MB,
                }));
            }
            Err(why) => return Err(format(why)),
        }
    }
    let rows = if ext == "xlsx" || ext == "xlsm" {
        read_xlsx(path).map_err(|e| match e {
            Ok(limit) => too_large(limit),
            Err(why) => format(why),
        })?
    } else {
        read_range(path).map_err(format)?
    };
    match past_limits(&rows) {
        Some(limit) => Err(too_large(limit)),
        None => Ok(rows),
    }
}

/// Whether every part of the zip archive at `path` unpacks, in all, to at
/// most `max` bytes: counted by unpacking (a part's header may lie about
/// its size), never more than `max` + 1 bytes. A file that is no zip archive
/// at all is left to calamine to name.
fn unpacked_within(path: &Path, max: u64) -> Result<bool, String> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let Ok(mut zip) = zip::ZipArchive::new(file) else {
        return Ok(true);
    };
    let mut total = 0u64;
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).map_err(|e| e.to_string())?;
        if part.size() > max - total {
            return Ok(false);
        }
        let left = max - total;
        total += std::io::copy(&mut (&mut part).take(left + 1), &mut std::io::sink())
            .map_err(|e| e.to_string())?;
        if total > max {
            return Ok(false);
        }
    }
    Ok(true)
}

/// The first sheet of an XLSX workbook, cell by cell: the sheet's declared
/// range and each cell with something in it are checked against the limits
/// as they come (Err(Ok(limit))); Err(Err(why)) when it cannot be read.
fn read_xlsx(path: &Path) -> Result<Vec<Row>, Result<Limit, String>> {
    use calamine::{Data, Reader, Xlsx};
    let fail = |e: &dyn std::fmt::Display| Err(e.to_string());
    let mut book: Xlsx<_> = calamine::open_workbook(path).map_err(|e| fail(&e))?;
    let first = book
        .sheet_names()
        .first()
        .cloned()
        .ok_or(Err("the workbook has no sheet".to_string()))?;
    let mut cells = book.worksheet_cells_reader(&first).map_err(|e| fail(&e))?;
    let past = |(row, col): (u32, u32)| row as usize >= MAX_ROWS || col as usize >= MAX_COLUMNS;
    let declared = cells.dimensions();
    if past(declared.end) {
        return Err(Ok(Limit::Cell(cell_name(declared.end))));
    }
    let mut rows: std::collections::BTreeMap<u32, Vec<String>> = Default::default();
    let mut width = 0;
    while let Some(cell) = cells.next_cell().map_err(|e| fail(&e))? {
        let at = cell.get_position();
        let text = cell_text(Data::from(cell.get_value().clone()));
        if text.is_empty() {
            continue;
        }
        if past(at) {
            return Err(Ok(Limit::Cell(cell_name(at))));
        }
        let (row, col) = (at.0, at.1 as usize);
        let cells = rows.entry(row).or_default();
        if cells.len() <= col {
            cells.resize(col + 1, String::new());
        }
        cells[col] = text;
        width = width.max(col + 1);
    }
    Ok(rows
        .into_iter()
        .map(|(row, mut cells)| {
            cells.resize(width, String::new());
            Row {
                line: row as usize + 1,
                cells,
            }
        })
        .collect())
}

/// The first sheet of an XLS or ODS workbook, as calamine reads it whole.
fn read_range(path: &Path) -> Result<Vec<Row>, String> {
    use calamine::Reader;
    let mut book = calamine::open_workbook_auto(path).map_err(|e| e.to_string())?;
    let range = book
        .worksheet_range_at(0)
        .ok_or("the workbook has no sheet")?
        .map_err(|e| e.to_string())?;
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let mut rows = Vec::new();
    for (i, cells) in range.rows().enumerate() {
        let mut out = vec![String::new(); col0 as usize];
        out.extend(cells.iter().map(|c| cell_text(c.clone())));
        rows.push(Row {
            line: row0 as usize + i + 1,
            cells: out,
        });
    }
    Ok(rows)
}

/// A cell as the importer reads it.
fn cell_text(c: calamine::Data) -> String {
    use calamine::Data;
    match c {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s,
        Data::Int(n) => n.to_string(),
        Data::Bool(b) => if b { "是" } else { "否" }.to_string(),
        Data::Float(f) => number(f),
        // a date cell: the date it shows, whatever its number format
        Data::DateTime(d) => super::values::excel_serial(d.as_f64())
            .map_or_else(|| number(d.as_f64()), |d| d.to_string()),
    }
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
