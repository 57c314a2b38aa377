//! The county's spot check 真实性核查 (domain.md §8 [ours], issue 28 item
//! 6): a random sample of the managed patients of a scope, drawn from a
//! seed so that the same seed and the same data draw the same sample again;
//! for each the phone and the last follow-ups (date, mode, readings) to be
//! confirmed on the phone, and a blank column for the answer. Written as a
//! table, CSV, XLSX or PDF (through the print machinery's sheet).

use super::{Formats, Places, excel_date};
use crate::db::CheckedVisit;
use crate::domain::idnum;
use crate::domain::indicators::{self, ReportScope};
use crate::domain::model::{Township, VisitMode};
use crate::print::{Column, Flag, Row, Sheet};
use chrono::NaiveDate;
use rust_xlsxwriter::{Workbook, XlsxError};

/// How many follow-ups of each patient the check reads back.
pub const VISITS: usize = 3;

/// The spot check's default size (domain.md §8 gives none; the county's usual 30).
pub const DEFAULT_SIZE: usize = 30;

/// One patient of the sample.
#[derive(Debug, Clone, PartialEq)]
pub struct Picked {
    pub resident: i64,
    pub name: String,
    pub id_masked: String,
    pub village: String,
    pub grid: String,
    pub phone: String,
    /// The conditions under management (高血压、糖尿病 …).
    pub conditions: String,
    /// The last follow-ups, the latest first.
    pub visits: Vec<CheckedVisit>,
}

/// A drawn sample and what it was drawn from.
#[derive(Debug, Clone, PartialEq)]
pub struct SpotCheck {
    pub township: String,
    pub scope_name: String,
    pub seed: String,
    pub as_of: NaiveDate,
    /// How many managed patients the scope has (the sample is drawn from them).
    pub population: usize,
    pub picked: Vec<Picked>,
}

/// FNV-1a of the seed's text: the same seed, the same number, on every machine.
fn seed_number(seed: &str) -> u64 {
    seed.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// SplitMix64: a small generator whose sequence depends on the seed only.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// A number in 0..n (n > 0), without modulo bias worth speaking of for a township.
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next()) * n as u128) >> 64) as usize
    }
}

/// `n` of `pool` drawn by `seed`: the pool is sorted first, so the order it
/// comes in does not matter; the same seed and pool draw the same sample.
pub fn draw(pool: &[i64], n: usize, seed: &str) -> Vec<i64> {
    let mut v = pool.to_vec();
    v.sort_unstable();
    v.dedup();
    let mut rng = SplitMix(seed_number(seed));
    let n = n.min(v.len());
    for i in 0..n {
        let j = i + rng.below(v.len() - i);
        v.swap(i, j);
    }
    v.truncate(n);
    v
}

/// A seed for a draw that was not given one: the day and the time of day,
/// shown on the output so that the same sample can be drawn again.
pub fn fresh_seed() -> String {
    chrono::Local::now().format("%Y%m%d%H%M%S").to_string()
}

/// The managed patients of `scope` on `as_of` (domain.md §3: a chronic
/// condition under management, an active resident).
pub fn population(town: &Township, scope: ReportScope, as_of: NaiveDate) -> Vec<i64> {
    let in_scope = indicators::residents_in(town, scope);
    town.households
        .iter()
        .flat_map(|h| &h.members)
        .filter(|m| in_scope.contains(&m.id) && m.is_managed_patient(as_of))
        .map(|m| m.id)
        .collect()
}

/// Draws the spot check: `size` of the scope's managed patients by `seed`,
/// listed in the township's order (village, grid, household), each with
/// their last follow-ups from `visits` (the database's `last_followups`).
pub fn spot_check<E>(
    town: &Township,
    township: &str,
    scope: ReportScope,
    as_of: NaiveDate,
    size: usize,
    seed: &str,
    mut visits: impl FnMut(i64) -> Result<Vec<CheckedVisit>, E>,
) -> Result<SpotCheck, E> {
    let pool = population(town, scope, as_of);
    let drawn: std::collections::HashSet<i64> = draw(&pool, size, seed).into_iter().collect();
    let places = Places::of(town);
    let mut picked = Vec::new();
    for id in pool.iter().filter(|r| drawn.contains(r)) {
        let Some((h, m)) = places.resident(*id) else {
            continue;
        };
        let mut conds: Vec<&str> = m
            .conditions
            .iter()
            .filter(|c| c.managed_from <= as_of && c.managed_until.is_none_or(|u| u >= as_of))
            .map(|c| crate::words::condition(crate::words::Lang::Zh, c.condition))
            .collect();
        conds.dedup();
        picked.push(Picked {
            resident: m.id,
            name: m.name.clone(),
            id_masked: idnum::mask(&m.id_number),
            village: places.village(h.village_id),
            grid: places.grid(h.village_id, h.grid_id),
            phone: m.phone.clone().unwrap_or_default(),
            conditions: conds.join("、"),
            visits: visits(m.id)?,
        });
    }
    Ok(SpotCheck {
        township: township.to_string(),
        scope_name: indicators::scope_name(town, scope),
        seed: seed.to_string(),
        as_of,
        population: pool.len(),
        picked,
    })
}

/// 门诊 / 家庭 / 电话: a follow-up's mode as the national form names it.
pub fn mode_word(m: Option<VisitMode>) -> &'static str {
    m.map_or("", |m| crate::words::mode(crate::words::Lang::Zh, m))
}

/// What a follow-up measured: `152/94`, `血糖6.1`, both, or nothing.
pub fn reading(v: &CheckedVisit) -> String {
    let bp = match (v.sbp, v.dbp) {
        (Some(s), Some(d)) => Some(format!("{s}/{d}")),
        _ => None,
    };
    let fpg = v.fpg.map(|f| format!("血糖{f}"));
    [bp, fpg]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The answer column, left blank for the county's caller.
pub const ANSWER: &str = "核实结果";

impl SpotCheck {
    /// The title line: township, scope, size of the sample and of what it
    /// was drawn from, the seed (to draw it again) and the as-of date.
    pub fn title(&self) -> String {
        format!(
            "{} 真实性核查抽样 · {} · 在管患者 {} 人中抽取 {} 人 · 种子 {} · 截至 {}",
            self.township,
            self.scope_name,
            self.population,
            self.picked.len(),
            self.seed,
            self.as_of
        )
    }

    /// The table's headers: each follow-up's date, mode and reading in
    /// cells of their own, then the blank answer.
    pub fn headers(&self) -> Vec<String> {
        let mut h: Vec<String> = ["序号", "姓名", "身份证号", "村", "网格", "电话", "管理病种"]
            .map(String::from)
            .to_vec();
        for i in 1..=VISITS {
            h.extend(["日期", "方式", "读数"].map(|p| format!("随访{i}{p}")));
        }
        h.push(ANSWER.to_string());
        h
    }

    /// The rows, as text (the date as 2026-11-10).
    pub fn rows(&self) -> Vec<Vec<String>> {
        self.picked
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let mut r = vec![
                    (i + 1).to_string(),
                    p.name.clone(),
                    p.id_masked.clone(),
                    p.village.clone(),
                    p.grid.clone(),
                    p.phone.clone(),
                    p.conditions.clone(),
                ];
                for k in 0..VISITS {
                    match p.visits.get(k) {
                        Some(v) => r.extend([
                            v.date.to_string(),
                            mode_word(v.mode).to_string(),
                            reading(v),
                        ]),
                        None => r.extend([String::new(), String::new(), String::new()]),
                    }
                }
                r.push(String::new());
                r
            })
            .collect()
    }

    /// The table as aligned text, under its title.
    pub fn text(&self) -> String {
        let mut out = self.title() + "\n";
        let headers = self.headers();
        let rows = self.rows();
        let widths: Vec<usize> = (0..headers.len())
            .map(|c| {
                std::iter::once(&headers[c])
                    .chain(rows.iter().map(|r| &r[c]))
                    .map(|s| unicode_width::UnicodeWidthStr::width(s.as_str()))
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        for r in std::iter::once(&headers).chain(&rows) {
            let cells: Vec<String> = r
                .iter()
                .zip(&widths)
                .map(|(s, w)| crate::text::pad(s, *w))
                .collect();
            out.push_str(cells.join("  ").trim_end());
            out.push('\n');
        }
        out
    }

    /// CSV: the title on the first line (the seed to draw it again), then
    /// the table; UTF-8 with a BOM.
    pub fn csv(&self) -> String {
        let mut text = String::from("\u{FEFF}");
        text.push_str(&crate::text::csv_row(&[self.title()], false));
        text.push_str(&crate::text::csv_row(&self.headers(), false));
        for r in self.rows() {
            text.push_str(&crate::text::csv_row(&r, false));
        }
        text
    }

    /// XLSX: the title, the header frozen, dates as dates, ID and phone
    /// numbers as text, the answer column wide and blank.
    pub fn xlsx(&self) -> Result<Vec<u8>, XlsxError> {
        let mut book = Workbook::new();
        let f = Formats::new();
        let sheet = book.add_worksheet();
        sheet.set_name("抽查")?;
        sheet.write_string_with_format(0, 0, self.title(), &f.title)?;
        let headers = self.headers();
        for (c, h) in headers.iter().enumerate() {
            sheet.write_string_with_format(1, c as u16, h, &f.head)?;
        }
        sheet.set_freeze_panes(2, 2)?;
        for (i, p) in self.picked.iter().enumerate() {
            let r = 2 + i as u32;
            sheet.write_number(r, 0, (i + 1) as f64)?;
            sheet.write_string(r, 1, &p.name)?;
            sheet.write_string_with_format(r, 2, &p.id_masked, &f.text)?;
            sheet.write_string(r, 3, &p.village)?;
            sheet.write_string(r, 4, &p.grid)?;
            sheet.write_string_with_format(r, 5, &p.phone, &f.text)?;
            sheet.write_string(r, 6, &p.conditions)?;
            for (k, v) in p.visits.iter().take(VISITS).enumerate() {
                let c = 7 + 3 * k as u16;
                sheet.write_datetime_with_format(r, c, excel_date(v.date)?, &f.date)?;
                sheet.write_string(r, c + 1, mode_word(v.mode))?;
                sheet.write_string(r, c + 2, reading(v))?;
            }
        }
        let mut widths = vec![5.0, 10.0, 20.0, 10.0, 16.0, 13.0, 14.0];
        for _ in 0..VISITS {
            widths.extend([11.0, 6.0, 16.0]);
        }
        widths.push(24.0);
        for (c, w) in widths.iter().enumerate() {
            sheet.set_column_width(c as u16, *w)?;
        }
        book.save_to_buffer()
    }

    /// The sheet the print machinery renders (PDF or text): the patient,
    /// the phone, the last follow-ups in one column, the answer blank.
    pub fn sheet(&self) -> Sheet {
        const fn col(title: &'static str, width: usize, blank: bool) -> Column {
            Column {
                title,
                width,
                blank,
                small: false,
            }
        }
        let columns = vec![
            col("序", 3, false),
            col("姓名", 8, false),
            col("身份证号", 18, false),
            col("电话", 11, false),
            col("管理病种", 8, false),
            col("最近随访（日期 方式 读数）", 38, false),
            col(ANSWER, 24, true),
        ];
        let rows = self
            .picked
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let visits: Vec<String> = p
                    .visits
                    .iter()
                    .map(|v| format!("{} {} {}", v.date, mode_word(v.mode), reading(v)))
                    .map(|s| s.trim_end().to_string())
                    .collect();
                Row {
                    // the grid as lists show it names its village too
                    group: p.grid.clone(),
                    cells: vec![
                        (i + 1).to_string(),
                        p.name.clone(),
                        p.id_masked.clone(),
                        p.phone.clone(),
                        p.conditions.clone(),
                        visits.join("；"),
                        String::new(),
                    ],
                    flag: Flag::None,
                    ..Default::default()
                }
            })
            .collect();
        Sheet {
            name: format!("抽查-{}", self.seed),
            title: format!("{} 真实性核查抽样", self.township),
            header: vec![
                format!(
                    "{} · 在管患者 {} 人中抽取 {} 人 · 种子 {} · 截至 {}",
                    self.scope_name,
                    self.population,
                    self.picked.len(),
                    self.seed,
                    self.as_of
                ),
                "请电话核实：随访是否确有其事、日期与方式、所测读数；在“核实结果”栏填写"
                    .to_string(),
            ],
            columns,
            rows,
            legend: String::new(),
            signature: "核查人：__________  日期：__________".to_string(),
            body_pt: None,
        }
    }
}
