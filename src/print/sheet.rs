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
}

/// Marks that must survive black-and-white printing: they are also written
/// as text in the 标记 column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flag {
    None,
    Overdue,
    Red,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The village and grid, printed as a line above the first row of each.
    pub group: String,
    pub cells: Vec<String>,
    pub flag: Flag,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// Whose sheet: the default file name starts with it.
    pub name: String,
    pub title: String,
    pub header: Vec<String>,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    pub legend: String,
    pub signature: String,
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
    }
}
const fn blank(title: &'static str, width: usize) -> Column {
    Column {
        title,
        width,
        blank: true,
    }
}

const GRID_COLUMNS: [Column; 12] = [
    col("序", 3),
    col("标记", 8),
    col("户主", 8),
    col("地址", 14),
    col("星级", 4),
    col("事由", 18),
    col("上次走访", 10),
    col("电话", 11),
    col("身份证号", 18),
    blank("完成", 4),
    blank("日期", 10),
    blank("备注", 12),
];
const TEAM_COLUMNS: [Column; 14] = [
    col("序", 3),
    col("标记", 8),
    col("姓名", 8),
    col("地址", 12),
    col("事由", 20),
    col("应完成", 10),
    col("上次随访", 10),
    col("血压", 7),
    col("血糖", 5),
    col("电话", 11),
    col("身份证号", 18),
    blank("完成", 4),
    blank("日期", 10),
    blank("备注", 12),
];
const VOLUNTEER_COLUMNS: [Column; 12] = [
    col("序", 3),
    col("标记", 6),
    col("姓名", 8),
    col("病种", 20),
    col("下次复查", 12),
    col("事项", 10),
    col("用药", 24),
    col("电话", 11),
    col("地址", 14),
    blank("已提醒", 6),
    blank("日期", 10),
    blank("备注", 14),
];

pub(super) const LEGEND: &str = "标记：“红” = 红码患者，优先处理；“逾期N期/N天” = 已逾期（截至日）。做完在“完成”格打钩，写日期和备注。";

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
