//! The sheet model: a header, columns and rows in walking order. Both
//! renderers (text, PDF) draw the same model; build.rs fills it.

use crate::domain::model::*;
use crate::domain::queue::{Status, Task, When, WorkerRole};
use chrono::NaiveDate;

/// A column: its title, its width in text cells (a Chinese character is two),
/// and whether it is left blank for the worker to fill in by hand.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub title: &'static str,
    pub width: usize,
    pub blank: bool,
    /// Printed smaller: what is there for reference (the last readings
    /// beside this visit's blanks, issue 29 item 2).
    pub small: bool,
}

/// Marks that must survive black-and-white printing: they are also written
/// as text in the 标记 column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Flag {
    #[default]
    None,
    Overdue,
    Red,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Row {
    /// The village and grid, printed as a line above the first row of each.
    pub group: String,
    pub cells: Vec<String>,
    pub flag: Flag,
    /// The household the row is of (0: none): a household's rows are
    /// never split across pages (issue 29 item 1).
    pub household: i64,
    /// The task the row asks for, stored with the printed batch so the
    /// row's code finds it again when the sheet is keyed in (issue 29).
    pub task: Option<RowTask>,
}

/// What a printed row asks for: enough to find the task and open the
/// right form when the sheet comes back.
#[derive(Debug, Clone, PartialEq)]
pub struct RowTask {
    /// The task's stable key (kind:subject[:referral], as plans store it).
    pub key: String,
    pub kind: VisitKind,
    pub household_id: i64,
    pub resident_id: Option<i64>,
    pub role: WorkerRole,
    pub worker_id: i64,
    /// The period (2026-W48) or date the task is due by.
    pub due: String,
    /// The Mondays of the weeks a weekly task is due in a longer period
    /// (a box each); empty for one visit.
    pub weeks: Vec<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Sheet {
    /// Whose sheet: the default file name starts with it.
    pub name: String,
    pub title: String,
    pub header: Vec<String>,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    pub legend: String,
    pub signature: String,
    /// The body's type size in points; `None` fits the columns to the page
    /// at up to 9 pt (the national forms, the spot check).
    pub body_pt: Option<f32>,
}

impl Sheet {
    /// A row's cells, one per column: a short row reads as blank cells.
    pub fn cells<'r>(&self, r: &'r Row) -> Vec<&'r str> {
        (0..self.columns.len())
            .map(|i| r.cells.get(i).map_or("", String::as_str))
            .collect()
    }
}

const fn col(title: &'static str, width: usize) -> Column {
    Column {
        title,
        width,
        blank: false,
        small: false,
    }
}
const fn blank(title: &'static str, width: usize) -> Column {
    Column {
        title,
        width,
        blank: true,
        small: false,
    }
}
const fn small(title: &'static str, width: usize) -> Column {
    Column {
        title,
        width,
        blank: false,
        small: true,
    }
}

// issue 29 item 1–2: a code per row (编号), the reason's members named,
// boxes for each visit due and for the contact outcome (§6), wide note
// and date cells to write in by hand
const GRID_COLUMNS: [Column; 10] = [
    col("编号", 11),
    col("标记", 6),
    col("户主", 8),
    col("地址", 14),
    col("事由（对象）", 22),
    col("电话 / 身份证号", 18),
    col("应访打钩", 12),
    col("结果", 18),
    blank("日期", 10),
    blank("备注", 18),
];
const TEAM_COLUMNS: [Column; 9] = [
    col("编号", 11),
    col("标记", 6),
    col("姓名", 8),
    col("地址 / 电话 / 身份证号", 16),
    col("事由 / 应完成", 16),
    small("上次随访", 12),
    col("本次随访（照随访记录表填写）", 44),
    col("结果", 14),
    blank("备注", 8),
];
const VOLUNTEER_COLUMNS: [Column; 12] = [
    col("编号", 11),
    col("标记", 6),
    col("姓名", 8),
    col("病种", 14),
    col("下次复查", 12),
    col("事项", 10),
    col("用药", 24),
    col("电话 / 地址", 14),
    col("血压（志愿者测）", 12),
    col("结果", 12),
    blank("日期", 10),
    blank("备注", 12),
];

/// The contact outcomes of §6, a box each: what the reader ticks.
pub(super) const GRID_OUTCOMES: &str = "□已走访 □不在家 □来院 □再联系 □移除（原因）";
pub(super) const TEAM_OUTCOMES: &str = "□已随访 □不在家 □来院 □再联系 □移除";
pub(super) const VOLUNTEER_OUTCOMES: &str = "□已提醒 □未联系上";
/// The national follow-up form's first lines (§3), blank to fill in.
pub(super) const FOLLOWUP_BLANKS: &str = "日期 ____月____日　□门诊 □家庭 □电话\n血压 _____/_____ mmHg　心率 _____\n空腹血糖 _____ mmol/L　体重 _____ kg\n按医嘱服药 □是 □否　症状代码 ________\n下次随访 ____月____日";
/// The volunteer's reading of the patient's blood pressure.
pub(super) const VOLUNTEER_BP: &str = "____/____ mmHg\n日期 ____月____日";

pub(super) const LEGEND: &str = "标记：“红” = 红码患者，优先处理；“逾期N期/N天” = 已逾期（截至日）。每做一次在“应访”格打钩，在“结果”格勾选结果，写日期和备注；录入时报“编号”即可找到这一行。";

/// What differs between the three kinds of sheet besides their rows.
pub(super) struct Kind {
    title: &'static str,
    columns: &'static [Column],
    signer: &'static str,
}

pub(super) const GRID: Kind = Kind {
    title: "网格员入户走访任务单",
    columns: &GRID_COLUMNS,
    signer: "网格员签名",
};
pub(super) const TEAM: Kind = Kind {
    title: "家庭医生团队随访任务单",
    columns: &TEAM_COLUMNS,
    signer: "团队医生签名",
};
pub(super) const VOLUNTEER: Kind = Kind {
    title: "慢病志愿者提醒名单",
    columns: &VOLUNTEER_COLUMNS,
    signer: "志愿者签名",
};

/// The body's type size by default (issue 29 item 1): an older grid worker
/// reads 11 pt at arm's length; `--large` prints 14 pt.
pub const DEFAULT_PT: f32 = 11.0;
pub const LARGE_PT: f32 = 14.0;

pub(super) fn finish(name: String, kind: &Kind, header: Vec<String>, mut rows: Vec<Row>) -> Sheet {
    let Kind {
        title,
        columns,
        signer,
    } = kind;
    for (i, r) in rows.iter_mut().enumerate() {
        r.cells[0] = (i + 1).to_string();
        r.cells.resize(columns.len(), String::new());
    }
    Sheet {
        name,
        title: title.to_string(),
        header,
        columns: columns.to_vec(),
        rows,
        body_pt: Some(DEFAULT_PT),
        legend: LEGEND.to_string(),
        signature: format!(
            "{signer}：______________　日期：__________　卫生院审核：______________"
        ),
    }
}

pub fn worker_name(t: &Township, role: WorkerRole, id: i64) -> String {
    let hit = |w: &Option<WorkerRef>| w.as_ref().filter(|w| w.id == id).map(|w| w.name.clone());
    let found = match role {
        WorkerRole::GridWorker => t.grids.iter().find_map(|g| hit(&g.worker)),
        WorkerRole::Team => t.villages.iter().find_map(|v| hit(&v.team)).or_else(|| {
            t.households
                .iter()
                .flat_map(|h| &h.members)
                .find_map(|m| hit(&m.team))
        }),
        WorkerRole::Volunteer => t
            .households
            .iter()
            .flat_map(|h| &h.members)
            .find_map(|m| hit(&m.volunteer)),
    };
    // one who covers nothing now (a grid handed over) by the rosters' name
    found
        .or_else(|| match role {
            WorkerRole::GridWorker => t.staff_names.get(&id).cloned(),
            WorkerRole::Team => t.team_names.get(&id).cloned(),
            WorkerRole::Volunteer => None,
        })
        .unwrap_or_else(|| format!("{}:{id}", role.code()))
}

pub(super) fn head(h: &Household, day: NaiveDate) -> Option<&Resident> {
    let active = || h.members.iter().filter(move |m| m.active_on(day));
    active()
        .find(|m| m.relation == Relation::Head)
        .or_else(|| active().next())
}

/// The resident's own phone, else the household head's.
pub(super) fn phone(m: Option<&Resident>, h: &Household, day: NaiveDate) -> String {
    m.and_then(|m| m.phone.clone())
        .or_else(|| head(h, day).and_then(|m| m.phone.clone()))
        .unwrap_or_default()
}

/// Visits that count for the same task: household visits, yearly checks, or
/// clinical follow-ups of any kind (§6).
pub(super) fn family(k: VisitKind) -> u8 {
    match k {
        VisitKind::Household => 0,
        VisitKind::YearlyCheck => 1,
        _ => 2,
    }
}

pub(super) fn flag(k: &Task) -> Flag {
    if k.colour == Some(Colour::Red) {
        Flag::Red
    } else if k.status == Status::Overdue {
        Flag::Overdue
    } else {
        Flag::None
    }
}

pub(super) fn mark(k: &Task) -> String {
    let red = if k.colour == Some(Colour::Red) {
        "红"
    } else {
        ""
    };
    let late = match (k.status, k.missed_periods) {
        (Status::Overdue, 0) => format!("逾期{}天", k.days_overdue),
        (Status::Overdue, m) => format!("逾期{m}期"),
        (Status::Upcoming, _) => "约定再联系".into(),
        _ => String::new(),
    };
    [red, late.as_str()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ")
}

pub(super) fn due(k: &Task) -> String {
    match (k.upcoming_from, k.when) {
        (Some(d), _) => d.to_string(),
        (None, When::Period(p)) => p.label(),
        (None, When::By(d)) => d.to_string(),
    }
}

pub(super) fn date(d: Option<NaiveDate>) -> String {
    d.map_or("无记录".into(), |d| d.to_string())
}

pub(super) fn summary(rows: &[Row], unit: &str) -> String {
    let n = |f: Flag| rows.iter().filter(|r| r.flag == f).count();
    format!(
        "共 {} {unit}，其中红码 {}、逾期 {}（见“标记”列）",
        rows.len(),
        n(Flag::Red),
        n(Flag::Overdue)
    )
}

/// Text and numbers in turn, numbers compared by value.
pub(super) fn natural(s: &str) -> Vec<(u8, u64, String)> {
    let mut out: Vec<(u8, u64, String)> = Vec::new();
    for c in s.chars() {
        let digit = c.to_digit(10);
        match (out.last_mut(), digit) {
            (Some((0, n, _)), Some(d)) => *n = n.saturating_mul(10).saturating_add(u64::from(d)),
            (Some((1, _, t)), None) => t.push(c),
            (_, Some(d)) => out.push((0, u64::from(d), String::new())),
            (_, None) => out.push((1, 0, c.to_string())),
        }
    }
    out
}
