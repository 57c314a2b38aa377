//! Printed task lists (issue 13): sheets for a grid worker, a family-doctor
//! team or a volunteer, as plain text or PDF. Pure: takes the township and
//! its rules, returns bytes; the CLI and the interface write them to a file.

mod build;
mod font;
mod form;
pub mod form_job;
pub mod job;
pub mod keyin;
pub mod keyin_walk;
mod pdf;
mod sheet;
pub mod signin;
pub mod terminal;
mod text;
mod why;

pub use build::{in_period, sheets};
pub use font::{Font, find_font};
pub use form::{Patient, VISITS_PER_PAGE, national_forms};
pub use sheet::{Column, DEFAULT_PT, Flag, LARGE_PT, Row, RowTask, Sheet, worker_name};

use crate::domain::calendar::{Cadence, Period};
use crate::domain::model::Township;
use crate::domain::queue::WorkerRole;
use crate::domain::rules::Rules;
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum PrintError {
    #[error("{0:?} is not a week; write it as 2026-W48 (ISO year and week number)")]
    BadWeek(String),
    #[error("{0:?} is not a month; write it as 2026-11")]
    BadMonth(String),
    #[error(
        "no Chinese font found for PDF; install one (Debian/Ubuntu: apt install fonts-wqy-microhei, or fonts-noto-cjk) or name a .ttf/.ttc/.otf with --font or the print.font setting; --format txt needs no font"
    )]
    NoFont,
    #[error(
        "cannot read the font {path}: {why}; name another with --font or the print.font setting"
    )]
    BadFont { path: PathBuf, why: String },
    #[error("cannot write {path}: {why}; choose another file or folder with -o")]
    Write {
        path: PathBuf,
        why: String,
        kind: std::io::ErrorKind,
    },
    #[error("{0}")]
    Printer(String),
    /// Printing through the terminal from inside tmux or screen (named).
    #[error(
        "gridcare runs inside {0}, which does not pass the printer codes (ESC[5i … ESC[4i) to your terminal: nothing was sent; print from a session outside {0}, or write a file with -o and print that"
    )]
    Multiplexer(String),
    #[error("nothing to print: {0}")]
    Empty(String),
    #[error(
        "the print.font_size setting {0:?} is not a size; set it to a number of points from 8 to 24, e.g. 11 (or print with --large for 14)"
    )]
    BadFontSize(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    #[default]
    Pdf,
    Txt,
}

impl Format {
    pub fn ext(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Txt => "txt",
        }
    }
}

/// Whose sheets to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    /// One grid worker, family-doctor team or volunteer.
    Worker(WorkerRole, i64),
    /// Every grid worker of a village, each on new pages.
    Village(i64),
    /// Every grid worker of the township.
    Township,
}

/// What to print: whose sheets, for which week or month, as of which date.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub who: Who,
    pub period: Period,
    /// Further queue filters (village, grid, tier, colour, kind) from the interface.
    pub filter: crate::domain::queue::Filter,
    pub printed_on: NaiveDate,
    /// Weekly plans stored for the week (issue 16): a grid worker's sheet
    /// with one prints the plan instead of everything due.
    pub plans: Vec<crate::domain::plan::Plan>,
    /// Each patient's medicines in force (resident id → drugs), for the
    /// volunteer's sheet to remind about (issue 27 item 2).
    pub medicines: std::collections::HashMap<i64, Vec<crate::domain::record::Drug>>,
    /// The body's type size in points (issue 29 item 1: 11 by default, the
    /// `print.font_size` setting, 14 with `--large`).
    pub font_pt: f32,
}

/// What the typesetter prints for a character the font lacks.
pub(crate) const MISSING: char = '〓';

/// A rendered file and what it holds, for the status line.
#[derive(Debug, Clone, PartialEq)]
pub struct Printed {
    pub bytes: Vec<u8>,
    pub sheets: usize,
    pub rows: usize,
}

/// The one print command of the CLI and the interface: the sheets a request
/// asks for, as of `as_of`, rendered. PDF needs a font, text does not.
pub fn print(
    t: &Township,
    rules: &Rules,
    req: &Request,
    as_of: NaiveDate,
    format: Format,
    font: Option<&Font>,
) -> Result<Printed, PrintError> {
    let sheets = sheets(t, rules, req, as_of);
    print_sheets(&sheets, format, font)
}

/// Built sheets rendered (with their batch's codes, issue 29).
pub fn print_sheets(
    sheets: &[Sheet],
    format: Format,
    font: Option<&Font>,
) -> Result<Printed, PrintError> {
    if sheets.is_empty() {
        return Err(PrintError::Empty(
            "no grid worker covers a grid there".into(),
        ));
    }
    Ok(Printed {
        bytes: render(sheets, format, font)?,
        sheets: sheets.len(),
        rows: sheets.iter().map(|s| s.rows.len()).sum(),
    })
}

impl PrintError {
    /// The error in the interface's language; `cli` names the command's
    /// options (-o, --font), the print form its fields.
    pub fn text(&self, lang: crate::words::Lang, cli: bool) -> String {
        use crate::words::Lang;
        if lang == Lang::En {
            return match self {
                PrintError::Write { path, why, .. } if !cli => format!(
                    "cannot write {}: {why}; choose another file or folder in the File field",
                    path.display()
                ),
                PrintError::NoFont if !cli => "no Chinese font found for PDF; install one (Debian/Ubuntu: apt install fonts-wqy-microhei, or fonts-noto-cjk) or name a font file in the print.font setting; the text format needs no font".into(),
                e => e.to_string(),
            };
        }
        match self {
            PrintError::BadWeek(w) => format!("“{w}”不是一个周；请写成 2026-W48（ISO 年和周数）"),
            PrintError::BadMonth(m) => format!("“{m}”不是一个月份；请写成 2026-11"),
            PrintError::NoFont => format!(
                "找不到打印 PDF 用的中文字体；请安装一种（Debian/Ubuntu：apt install fonts-wqy-microhei 或 fonts-noto-cjk），或在 print.font 设置{}中指定字体文件；文本格式不需要字体",
                if cli { "或 --font " } else { "" }
            ),
            PrintError::BadFont { path, why } => format!(
                "无法读取字体 {}：{why}；请在 print.font 设置{}中另选一个",
                path.display(),
                if cli { "或 --font " } else { "" }
            ),
            PrintError::Write { path, why, kind } => {
                let why = match kind {
                    std::io::ErrorKind::NotFound => "文件夹不存在".to_string(),
                    std::io::ErrorKind::PermissionDenied => "没有写入权限".to_string(),
                    std::io::ErrorKind::IsADirectory => "这是一个文件夹".to_string(),
                    _ => why.clone(),
                };
                format!(
                    "无法写入 {}：{why}；请{}换一个文件或文件夹",
                    path.display(),
                    if cli { "用 -o " } else { "在“文件”栏" }
                )
            }
            PrintError::Printer(m) => format!("打印机出错：{m}"),
            PrintError::Multiplexer(m) => format!(
                "gridcare 运行在 {m} 之中，{m} 不会把打印控制码（ESC[5i … ESC[4i）传给您的终端：未发送任何内容；请在 {m} 之外的会话中打印，或用 -o 写成文件再打印"
            ),
            PrintError::Empty(_) => "没有可打印的内容：那里没有网格员负责的网格".into(),
            PrintError::BadFontSize(v) => format!(
                "print.font_size 设置的“{v}”不是字号；请设为 8 到 24 之间的磅数，例如 11（或用 --large 打印 14 磅）"
            ),
        }
    }
}

/// Settings that steer printing (rows of the setting table, all optional):
/// `print.font`, a font file; `print.folder`, where files go by default;
/// `print.terminal_encoding`, gb18030 or utf-8 for printing through the terminal.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PrintSettings {
    pub font: Option<PathBuf>,
    /// `print.font_size`: the body's size in points, as typed.
    pub font_size: Option<String>,
    pub folder: Option<PathBuf>,
    pub terminal_encoding: Option<String>,
}

impl PrintSettings {
    pub fn from_settings(s: &std::collections::HashMap<String, String>) -> PrintSettings {
        let path = |k: &str| s.get(k).filter(|v| !v.trim().is_empty()).map(PathBuf::from);
        PrintSettings {
            font: path("print.font"),
            font_size: s
                .get("print.font_size")
                .filter(|v| !v.trim().is_empty())
                .cloned(),
            folder: path("print.folder"),
            terminal_encoding: s.get("print.terminal_encoding").cloned(),
        }
    }
    /// The body's type size: 14 pt with `--large`, else the setting, else 11.
    pub fn font_pt(&self, large: bool) -> Result<f32, PrintError> {
        if large {
            return Ok(sheet::LARGE_PT);
        }
        match &self.font_size {
            None => Ok(sheet::DEFAULT_PT),
            Some(v) => v
                .trim()
                .parse::<f32>()
                .ok()
                .filter(|n| (8.0..=24.0).contains(n))
                .ok_or_else(|| PrintError::BadFontSize(v.clone())),
        }
    }
    /// Where a file goes when no path is given: the folder, else the working directory.
    pub fn default_path(&self, name: &str) -> PathBuf {
        self.folder.clone().unwrap_or_default().join(name)
    }

    /// Where the print form proposes a file: the folder, else the home
    /// folder (the interface may have been started anywhere), shown whole
    /// so the coordinator sees where it goes.
    pub fn form_path(&self, name: &str) -> PathBuf {
        match &self.folder {
            Some(f) => f.join(name),
            None => directories::UserDirs::new()
                .map(|u| u.home_dir().join(name))
                .unwrap_or_else(|| PathBuf::from(name)),
        }
    }
}

/// Print to a file: find the font (PDF only), render, write all or nothing.
#[allow(clippy::too_many_arguments)]
pub fn print_to_file(
    t: &Township,
    rules: &Rules,
    req: &Request,
    as_of: NaiveDate,
    format: Format,
    font: Option<&Path>,
    path: &Path,
) -> Result<Printed, PrintError> {
    write_sheets(&sheets(t, rules, req, as_of), format, font, path)
}

/// Built sheets to a file: find the font (PDF only), render, write all or nothing.
pub fn write_sheets(
    sheets: &[Sheet],
    format: Format,
    font: Option<&Path>,
    path: &Path,
) -> Result<Printed, PrintError> {
    let font = match format {
        Format::Pdf => Some(find_font(font)?),
        Format::Txt => None,
    };
    let printed = print_sheets(sheets, format, font.as_ref())?;
    write_file(path, &printed.bytes)?;
    Ok(printed)
}

/// Hands a printed file to CUPS; text goes landscape in a small pitch so a
/// whole sheet line fits (see README, Printing).
pub fn to_printer(path: &Path, format: Format) -> Result<String, PrintError> {
    let mut cmd = std::process::Command::new("lp");
    if format == Format::Txt {
        cmd.args(["-o", "landscape", "-o", "cpi=15", "-o", "lpi=9"]);
    }
    let out = cmd.arg(path).output().map_err(|e| {
        PrintError::Printer(format!(
            "cannot run lp ({e}); install CUPS (apt install cups-client) or print {} yourself",
            path.display()
        ))
    })?;
    if !out.status.success() {
        return Err(PrintError::Printer(format!(
            "lp refused {}: {}",
            path.display(),
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// `2026-W48`: the ISO week, Monday to Sunday.
pub fn parse_week(s: &str) -> Result<Period, PrintError> {
    let bad = || PrintError::BadWeek(s.to_string());
    // the W is required: `--week 2026-11` more likely means a month than week 11
    let (y, w) = s
        .trim()
        .split_once("-W")
        .or_else(|| s.trim().split_once("-w"))
        .ok_or_else(bad)?;
    let (y, w) = (
        y.parse::<i32>().map_err(|_| bad())?,
        w.parse::<u32>().map_err(|_| bad())?,
    );
    let monday = NaiveDate::from_isoywd_opt(y, w, chrono::Weekday::Mon).ok_or_else(bad)?;
    Ok(Period::containing(Cadence::Week, monday))
}

/// `2026-11`: the calendar month.
pub fn parse_month(s: &str) -> Result<Period, PrintError> {
    let first = NaiveDate::parse_from_str(&format!("{}-01", s.trim()), "%Y-%m-%d")
        .map_err(|_| PrintError::BadMonth(s.to_string()))?;
    Ok(Period::containing(Cadence::Month, first))
}

/// The as-of date of a sheet: `today` inside the period; a sheet printed in
/// advance shows the period's first day, a reprint of a past one its last.
pub fn as_of(period: Period, today: NaiveDate) -> NaiveDate {
    today.clamp(period.start, period.end())
}

/// `涂春生-2026-W48.pdf`: a file name that says whose and which period.
pub fn default_name(who: &str, period: Period, format: Format) -> String {
    let safe: String = who
        .chars()
        .map(|c| if "/\\:*?\"<>|".contains(c) { '_' } else { c })
        .collect();
    format!("{safe}-{}.{}", period.label(), format.ext())
}

/// Renders the sheets in one format; PDF needs a font, text does not.
pub fn render(
    sheets: &[Sheet],
    format: Format,
    font: Option<&Font>,
) -> Result<Vec<u8>, PrintError> {
    match format {
        Format::Txt => Ok(text::render(sheets, text::LINES_PER_PAGE).into_bytes()),
        Format::Pdf => Ok(pdf::render(sheets, font.ok_or(PrintError::NoFont)?)),
    }
}

/// Writes the whole file or nothing: a half-written sheet is worse than none.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), PrintError> {
    let err = |e: std::io::Error| PrintError::Write {
        path: path.to_path_buf(),
        why: e.to_string(),
        kind: e.kind(),
    };
    // names, phones and conditions (§10): readable by the operator only, as backups
    crate::files::write_private(path, bytes).map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn periods_as_written() {
        let ok = [
            ("2026-W48", "2026-11-23", "2026-11-29"),
            ("2026-w01", "2025-12-29", "2026-01-04"),
            ("2020-W53", "2020-12-28", "2021-01-03"),
        ];
        for (s, start, end) in ok {
            let p = parse_week(s).unwrap();
            assert_eq!((p.start, p.end()), (d(start), d(end)), "{s}");
        }
        for bad in ["2026-48", "2026-W54", "2026-W0", "W48", "2026-11", ""] {
            assert!(parse_week(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_month("2026-02").unwrap().end(), d("2026-02-28"));
        for bad in ["2026-13", "2026", "11-2026", "2026-W48"] {
            assert!(parse_month(bad).is_err(), "{bad}");
        }
    }

    /// A sheet printed in advance is as of the period's first day; a reprint
    /// of a past period as of its last.
    #[test]
    fn as_of_inside_the_period() {
        let w = parse_week("2026-W48").unwrap();
        assert_eq!(as_of(w, d("2026-11-20")), d("2026-11-23"));
        assert_eq!(as_of(w, d("2026-11-25")), d("2026-11-25"));
        assert_eq!(as_of(w, d("2026-12-20")), d("2026-11-29"));
    }

    #[test]
    fn default_names() {
        let w = parse_week("2026-W48").unwrap();
        assert_eq!(
            default_name("涂春生", w, Format::Pdf),
            "涂春生-2026-W48.pdf"
        );
        let m = parse_month("2026-11").unwrap();
        assert_eq!(default_name("a/b:c", m, Format::Txt), "a_b_c-2026-11.txt");
    }
}
