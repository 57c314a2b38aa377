//! The report a county can use (issue 28 item 5) and its spot check (item 6).
//!
//! `gridcare report --format xlsx` writes a workbook whose every figure is
//! three numbers in cells of their own (numerator, denominator, rate with a
//! % format), under a title that names the township, the period, the as-of
//! date and the rules (domain.md §8: "state the rule on the report"), with a
//! second sheet of the people behind each figure. `--format csv` writes the
//! same columns. Pure: takes the township, returns rows or bytes.

pub mod spot;
mod text;

pub use text::report_text;

use crate::domain::calendar::Period;
use crate::domain::idnum;
use crate::domain::indicators::{self, COLUMNS, Figure, Indicators, ReportScope};
use crate::domain::model::{Subject, Township};
use crate::domain::places::grid_label;
use crate::domain::rules::Rules;
use crate::words::{Lang, why_counted};
use chrono::NaiveDate;
use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Workbook, Worksheet, XlsxError};
use std::collections::HashMap;

/// One cell of a report's table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    /// A count of people (a numerator or denominator).
    Count(usize),
    /// A rate as a fraction (0.906 is 90.6%); None when nobody is counted.
    Rate(Option<f64>),
}

impl Cell {
    /// The cell in a CSV file: a rate as a percentage with one decimal.
    pub fn csv(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Count(n) => n.to_string(),
            Cell::Rate(Some(r)) => format!("{:.1}", r * 100.0),
            Cell::Rate(None) => String::new(),
        }
    }
}

/// The parts of a figure's columns: a rate has three, a count one.
pub const PARTS_RATE: [&str; 3] = ["分子", "分母", "率"];
pub const PART_COUNT: &str = "人数";

/// A period's report for a scope: its rows (the scope's parts, then the
/// scope's total, `indicators::scope_rows`) and what the title says.
#[derive(Debug, Clone)]
pub struct Report {
    pub township: String,
    pub period: Period,
    pub as_of: NaiveDate,
    pub scope: ReportScope,
    /// The scope as the report names it (全乡合计, 富民村, 富民村 第一网格 …).
    pub scope_name: String,
    /// The kind of the rows (村, 网格, 网格员, 家庭医生团队).
    pub rows_kind: &'static str,
    pub rows: Vec<(String, Indicators)>,
}

impl Report {
    pub fn new(
        town: &Township,
        rules: &Rules,
        township: &str,
        period: Period,
        as_of: NaiveDate,
        scope: ReportScope,
    ) -> Report {
        let rows = indicators::scope_rows(town, rules, period, scope, as_of)
            .into_iter()
            .map(|(s, ind)| (indicators::scope_name(town, s), ind))
            .collect();
        Report {
            township: township.to_string(),
            period,
            as_of,
            scope,
            scope_name: indicators::scope_name(town, scope),
            rows_kind: scope.rows_kind_zh(),
            rows,
        }
    }

    /// The day the figures are evaluated on: the period's end, or the as-of date.
    pub fn evaluated_on(&self) -> NaiveDate {
        self.period.end().min(self.as_of)
    }

    /// Whether each figure of `COLUMNS` is a rate (three columns) or a count (one).
    pub fn is_rate(&self) -> Vec<bool> {
        let pick = |i: &Indicators| COLUMNS.iter().map(|c| c.2(i).rate).collect();
        self.rows
            .last()
            .map_or_else(|| vec![true; COLUMNS.len()], |(_, i)| pick(i))
    }

    /// The table: headers (`统计期`, the rows' kind, then each figure's
    /// `规范管理率(高血压) 分子` / `分母` / `率`, or `逾期(户+人) 人数`) and
    /// a row per part and the total, every figure as numbers.
    pub fn table(&self) -> (Vec<String>, Vec<Vec<Cell>>) {
        let rates = self.is_rate();
        let mut headers = vec!["统计期".to_string(), self.rows_kind.to_string()];
        for (c, rate) in COLUMNS.iter().zip(&rates) {
            if *rate {
                headers.extend(PARTS_RATE.iter().map(|p| format!("{} {p}", c.0)));
            } else {
                headers.push(format!("{} {PART_COUNT}", c.0));
            }
        }
        let rows = self
            .rows
            .iter()
            .map(|(name, ind)| {
                let mut row = vec![Cell::Text(self.period.label()), Cell::Text(name.clone())];
                for (c, rate) in COLUMNS.iter().zip(&rates) {
                    row.extend(cells(c.2(ind), *rate));
                }
                row
            })
            .collect();
        (headers, rows)
    }

    /// The rules the report counts by, each a line of its title.
    pub fn rules(&self) -> [&'static str; 3] {
        [
            indicators::STANDARD_RULE,
            indicators::ELDERLY_RULE,
            indicators::HEALTH_RULE,
        ]
    }

    /// The CSV file: UTF-8 with a BOM, the table's headers and rows.
    pub fn csv(&self) -> String {
        let (headers, rows) = self.table();
        let mut text = String::from("\u{FEFF}");
        text.push_str(&crate::text::csv_row(&headers, false));
        for r in rows {
            let cells: Vec<String> = r.iter().map(Cell::csv).collect();
            text.push_str(&crate::text::csv_row(&cells, false));
        }
        text
    }

    /// The people sheet as CSV (`report --people --format csv`): the same
    /// columns as sheet 名单, UTF-8 with a BOM.
    pub fn people_csv(&self, town: &Township) -> String {
        let (headers, rows) = self.people(town);
        let mut text = String::from("\u{FEFF}");
        text.push_str(&crate::text::csv_row(&headers, false));
        for r in rows {
            text.push_str(&crate::text::csv_row(&r, false));
        }
        text
    }

    /// The people behind each figure of the scope's total: the figure, the
    /// person (or household), masked ID number, village, grid, counted or
    /// not (是/否) and why (what the figure's rule found, domain.md §8).
    pub fn people(&self, town: &Township) -> (Vec<String>, Vec<Vec<String>>) {
        let headers = ["指标", "姓名", "身份证号", "村", "网格", "计入", "原因"]
            .map(String::from)
            .to_vec();
        let Some((_, total)) = self.rows.last() else {
            return (headers, Vec::new());
        };
        let places = Places::of(town);
        let mut rows = Vec::new();
        for c in COLUMNS {
            let f = c.2(total);
            let counted: std::collections::HashSet<&Subject> = f.num.iter().collect();
            let mut subjects: Vec<&Subject> = f.den.iter().collect();
            subjects.sort_by_key(|s| !counted.contains(s));
            for s in subjects {
                let (name, id, village, grid) = places.subject(*s);
                let why = f
                    .why
                    .get(s)
                    // dates in full: a file outlives the year it was written in
                    .map_or(String::new(), |w| why_counted(Lang::Zh, w, NaiveDate::MIN));
                let yes = if counted.contains(s) { "是" } else { "否" };
                rows.push(vec![
                    c.0.to_string(),
                    name,
                    id,
                    village,
                    grid,
                    yes.to_string(),
                    why,
                ]);
            }
        }
        (headers, rows)
    }

    /// The workbook: sheet 指标 (title, rules, two header rows frozen, a
    /// row per part and the total, every figure as numbers) and sheet 名单
    /// (the people behind each figure of the total).
    pub fn xlsx(&self, town: &Township) -> Result<Vec<u8>, XlsxError> {
        let mut book = Workbook::new();
        let f = Formats::new();
        let sheet = book.add_worksheet();
        sheet.set_name("指标")?;
        let mut r = self.title(sheet, &f, "基本公共卫生服务指标")?;
        for rule in self.rules() {
            sheet.write_string_with_format(r, 0, rule, &f.note)?;
            r += 1;
        }
        r += 1;
        // two header rows: the figure over its parts, then the parts
        let rates = self.is_rate();
        let (top, sub) = (r, r + 1);
        for (c, head) in ["统计期", self.rows_kind].iter().enumerate() {
            sheet.merge_range(top, c as u16, sub, c as u16, head, &f.head)?;
        }
        let mut col: u16 = 2;
        for (c, rate) in COLUMNS.iter().zip(&rates) {
            if *rate {
                sheet.merge_range(top, col, top, col + 2, c.0, &f.head)?;
                for (i, p) in PARTS_RATE.iter().enumerate() {
                    sheet.write_string_with_format(sub, col + i as u16, *p, &f.head)?;
                    sheet.set_column_width(col + i as u16, if i == 2 { 8 } else { 7 })?;
                }
                col += 3;
            } else {
                sheet.write_string_with_format(top, col, c.0, &f.head)?;
                sheet.write_string_with_format(sub, col, PART_COUNT, &f.head)?;
                sheet.set_column_width(col, 10)?;
                col += 1;
            }
        }
        sheet.set_row_height(top, 33)?;
        let (_, rows) = self.table();
        for (row, cells) in (sub + 1..).zip(&rows) {
            for (c, cell) in cells.iter().enumerate() {
                let c = c as u16;
                match cell {
                    Cell::Text(s) => sheet.write_string(row, c, s)?,
                    Cell::Count(n) => {
                        sheet.write_number_with_format(row, c, *n as f64, &f.count)?
                    }
                    Cell::Rate(Some(x)) => sheet.write_number_with_format(row, c, *x, &f.rate)?,
                    Cell::Rate(None) => sheet.write_blank(row, c, &f.rate)?,
                };
            }
        }
        sheet.set_freeze_panes(sub + 1, 2)?;
        sheet.set_column_width(0, 10)?;
        let name_w = self
            .rows
            .iter()
            .map(|(n, _)| unicode_width::UnicodeWidthStr::width(n.as_str()))
            .max()
            .unwrap_or(8);
        sheet.set_column_width(1, (name_w + 2).max(10) as f64)?;

        let people = book.add_worksheet();
        people.set_name("名单")?;
        let r = self.title(people, &f, "指标名单")?;
        let (headers, rows) = self.people(town);
        for (c, h) in headers.iter().enumerate() {
            people.write_string_with_format(r, c as u16, h, &f.head)?;
        }
        people.set_freeze_panes(r + 1, 0)?;
        for (r, cells) in (r + 1..).zip(&rows) {
            for (c, v) in cells.iter().enumerate() {
                people.write_string(r, c as u16, v)?;
            }
        }
        for (c, w) in [18, 10, 20, 10, 18, 6, 36].iter().enumerate() {
            people.set_column_width(c as u16, *w)?;
        }
        book.save_to_buffer()
    }

    /// The title (`三角乡 基本公共卫生服务指标`) and a row of what it is of:
    /// 乡镇, 统计期, 截至 (a date cell), 范围. Returns the next free row.
    fn title(&self, sheet: &mut Worksheet, f: &Formats, what: &str) -> Result<u32, XlsxError> {
        sheet.write_string_with_format(0, 0, format!("{} {what}", self.township), &f.title)?;
        sheet.write_string(1, 0, "乡镇")?;
        sheet.write_string(1, 1, &self.township)?;
        sheet.write_string(1, 2, "统计期")?;
        sheet.write_string(1, 3, self.period.label())?;
        sheet.write_string(1, 4, "截至")?;
        sheet.write_datetime_with_format(1, 5, excel_date(self.evaluated_on())?, &f.date)?;
        sheet.write_string(1, 6, "范围")?;
        sheet.write_string(1, 7, &self.scope_name)?;
        Ok(2)
    }
}

/// A figure's cells: numerator, denominator (the estimate's patients for
/// 健康管理率) and rate; a count's one cell.
fn cells(f: &Figure, rate: bool) -> Vec<Cell> {
    if !rate {
        return vec![Cell::Count(f.num.len())];
    }
    vec![
        Cell::Count(f.num.len()),
        Cell::Count(f.den_count()),
        Cell::Rate(f.percent().map(|p| p / 100.0)),
    ]
}

/// A date as Excel holds it.
pub fn excel_date(d: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    use chrono::Datelike;
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
}

/// The cell formats a report's workbooks share.
pub struct Formats {
    pub title: Format,
    pub head: Format,
    pub note: Format,
    pub count: Format,
    pub rate: Format,
    pub date: Format,
    /// Text: an ID or phone number stays as typed (Excel turns 18 digits into a number).
    pub text: Format,
}

impl Formats {
    pub fn new() -> Formats {
        Formats {
            title: Format::new().set_bold().set_font_size(14),
            head: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_border(rust_xlsxwriter::FormatBorder::Thin),
            note: Format::new().set_italic(),
            count: Format::new().set_num_format("0"),
            rate: Format::new().set_num_format("0.0%"),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            text: Format::new().set_num_format("@"),
        }
    }
}

impl Default for Formats {
    fn default() -> Self {
        Formats::new()
    }
}

/// Names of people, households, villages and grids, looked up once.
pub(crate) struct Places<'t> {
    town: &'t Township,
    residents: HashMap<i64, (usize, usize)>,
    households: HashMap<i64, usize>,
}

impl<'t> Places<'t> {
    pub(crate) fn of(town: &'t Township) -> Places<'t> {
        let mut residents = HashMap::new();
        let mut households = HashMap::new();
        for (hi, h) in town.households.iter().enumerate() {
            households.insert(h.id, hi);
            for (mi, m) in h.members.iter().enumerate() {
                residents.insert(m.id, (hi, mi));
            }
        }
        Places {
            town,
            residents,
            households,
        }
    }

    pub(crate) fn village(&self, id: i64) -> String {
        self.town
            .villages
            .iter()
            .find(|v| v.id == id)
            .map_or(String::new(), |v| v.name.clone())
    }

    /// A grid as lists show it (`domain::places::grid_label`).
    pub(crate) fn grid(&self, village: i64, grid: i64) -> String {
        self.town
            .grids
            .iter()
            .find(|g| g.id == grid)
            .map_or(String::new(), |g| {
                grid_label(&self.village(village), &g.name)
            })
    }

    pub(crate) fn resident(
        &self,
        id: i64,
    ) -> Option<(
        &'t crate::domain::model::Household,
        &'t crate::domain::model::Resident,
    )> {
        let (h, m) = *self.residents.get(&id)?;
        let h = &self.town.households[h];
        Some((h, &h.members[m]))
    }

    /// (name, masked ID number, village, grid) of a resident or household.
    fn subject(&self, s: Subject) -> (String, String, String, String) {
        let (name, id, h) = match s {
            Subject::Resident(r) => match self.resident(r) {
                Some((h, m)) => (m.name.clone(), idnum::mask(&m.id_number), Some(h)),
                None => (format!("#{r}"), String::new(), None),
            },
            Subject::Household(h) => match self.households.get(&h) {
                Some(&i) => {
                    let h = &self.town.households[i];
                    (format!("{}户", h.display_name()), String::new(), Some(h))
                }
                None => (format!("#{h}"), String::new(), None),
            },
        };
        let (village, grid) = h.map_or((String::new(), String::new()), |h| {
            (
                self.village(h.village_id),
                self.grid(h.village_id, h.grid_id),
            )
        });
        (name, id, village, grid)
    }
}

/// What `gridcare report` writes: a table on the terminal, CSV, XLSX, or
/// (the spot check) PDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    Table,
    Csv,
    Xlsx,
    Pdf,
}

/// Writes `bytes` to `path` (readable by its owner only, §10) and says so;
/// without a path, CSV and the table go to the terminal, a workbook or PDF
/// is refused (one line saying to give -o).
fn deliver(
    bytes: Vec<u8>,
    out: Output,
    path: Option<&std::path::Path>,
    what: &str,
    lang: Lang,
) -> anyhow::Result<String> {
    use crate::words::{fill, pick_str};
    match (out, path) {
        (Output::Table, Some(_)) => anyhow::bail!(
            "{}",
            pick_str(
                lang,
                "-o 写的是文件：请用 --format csv、xlsx 或 pdf",
                "-o writes a file: give --format csv, xlsx or pdf"
            )
        ),
        (Output::Xlsx | Output::Pdf, None) => anyhow::bail!(
            "{}",
            pick_str(
                lang,
                "xlsx 和 pdf 需要文件：请用 -o 文件",
                "xlsx and pdf need a file: give -o FILE"
            )
        ),
        (_, None) => Ok(String::from_utf8_lossy(&bytes)
            .trim_start_matches('\u{FEFF}')
            .to_string()),
        (_, Some(p)) => {
            crate::files::write_private(p, &bytes)
                .map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?;
            Ok(fill(
                pick_str(lang, "已将{}写入 {}\n", "wrote {} to {}\n"),
                &[&what, &p.display()],
            ))
        }
    }
}

/// `gridcare report --format table|csv|xlsx [-o FILE]`: what to print.
/// With `people`, the list behind the figures (sheet 名单) instead of the
/// figures, as a table or CSV (the workbook holds both sheets anyway).
pub fn report_command(
    report: &Report,
    town: &Township,
    out: Output,
    path: Option<&std::path::Path>,
    people: bool,
    lang: Lang,
) -> anyhow::Result<String> {
    let what = crate::words::fill(
        crate::words::pick_str(lang, " {} 的报表", "the report for {}"),
        &[&report.period.label()],
    );
    let bytes = match out {
        Output::Table if people => {
            let (headers, rows) = report.people(town);
            report_text(&headers, &rows, lang).into_bytes()
        }
        Output::Csv if people => report.people_csv(town).into_bytes(),
        Output::Table => {
            let (headers, rows) = table_text(report);
            report_text(&headers, &rows, lang).into_bytes()
        }
        Output::Csv => report.csv().into_bytes(),
        Output::Xlsx => report.xlsx(town)?,
        Output::Pdf => anyhow::bail!(
            "{}",
            crate::words::pick_str(
                lang,
                "报表写成 csv 或 xlsx；pdf 用于抽查（--spot-check N）",
                "a report is written as csv or xlsx; pdf is for the spot check (--spot-check N)"
            )
        ),
    };
    deliver(bytes, out, path, &what, lang)
}

/// The report as the terminal's table shows it: each figure one cell
/// (`33.3% (1/3)`), as screen 8.
fn table_text(report: &Report) -> (Vec<String>, Vec<Vec<String>>) {
    let headers = ["统计期", report.rows_kind]
        .into_iter()
        .chain(COLUMNS.iter().map(|c| c.0))
        .map(String::from)
        .collect();
    let rows = report
        .rows
        .iter()
        .map(|(name, ind)| {
            [report.period.label(), name.clone()]
                .into_iter()
                .chain(COLUMNS.iter().map(|c| c.2(ind).cell()))
                .collect()
        })
        .collect();
    (headers, rows)
}

/// `gridcare report --spot-check N [--seed S]`: draws the sample and writes
/// it as a table, CSV, XLSX or PDF (the print machinery, with the print
/// font); what to print, the seed named.
#[allow(clippy::too_many_arguments)]
pub fn spot_check_command(
    db: &crate::db::Db,
    town: &Township,
    township: &str,
    scope: ReportScope,
    as_of: NaiveDate,
    size: usize,
    seed: Option<&str>,
    out: Output,
    path: Option<&std::path::Path>,
    font: Option<&std::path::Path>,
    lang: Lang,
) -> anyhow::Result<String> {
    let seed = seed.map_or_else(spot::fresh_seed, |s| s.trim().to_string());
    let check = spot::spot_check(town, township, scope, as_of, size, &seed, |r| {
        db.last_followups(r, spot::VISITS, as_of)
    })?;
    let bytes = match out {
        Output::Table => check.text().into_bytes(),
        Output::Csv => check.csv().into_bytes(),
        Output::Xlsx => check.xlsx()?,
        Output::Pdf => {
            let settings = crate::print::PrintSettings::from_settings(&db.settings()?);
            let font = crate::print::find_font(font.or(settings.font.as_deref()))?;
            crate::print::render(&[check.sheet()], crate::print::Format::Pdf, Some(&font))?
        }
    };
    let what = crate::words::fill(
        crate::words::pick_str(
            lang,
            "抽查名单（{} 人，种子 {}）",
            "the spot check ({} patients, seed {})",
        ),
        &[&check.picked.len(), &check.seed],
    );
    deliver(bytes, out, path, &what, lang)
}
