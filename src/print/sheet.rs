//! The sheet model: a header, columns and rows in walking order, built from
//! the queue (§6). Both renderers (text, PDF) draw the same model.

use super::{Request, Who, why};
use crate::domain::calendar::Period;
use crate::domain::idnum::mask;
use crate::domain::model::*;
use crate::domain::queue::{self, Filter, Status, Task, When, WorkerRole};
use crate::domain::rules::Rules;
use crate::domain::tier::household_tier;
use chrono::NaiveDate;
use std::collections::HashMap;

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
    col("标记", 6),
    col("户主", 8),
    col("地址", 14),
    col("星级", 4),
    col("事由", 16),
    col("上次走访", 10),
    col("电话", 11),
    col("身份证号", 18),
    blank("完成", 4),
    blank("日期", 10),
    blank("备注", 12),
];
const TEAM_COLUMNS: [Column; 14] = [
    col("序", 3),
    col("标记", 6),
    col("姓名", 8),
    col("地址", 12),
    col("事由", 16),
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
const VOLUNTEER_COLUMNS: [Column; 11] = [
    col("序", 3),
    col("标记", 6),
    col("姓名", 8),
    col("病种", 16),
    col("下次复查", 10),
    col("事项", 10),
    col("电话", 11),
    col("地址", 14),
    blank("已提醒", 6),
    blank("日期", 10),
    blank("备注", 14),
];

const LEGEND: &str = "标记：“红” = 红码患者，优先处理；“逾期N期/N天” = 已逾期（截至日）。做完在“完成”格打钩，写日期和备注。";

/// Every sheet a request asks for; a village or the township gives one sheet
/// per grid worker, each on new pages.
pub fn sheets(t: &Township, rules: &Rules, req: &Request, as_of: NaiveDate) -> Vec<Sheet> {
    let all = queue::tasks(t, as_of, rules);
    let extra = Filter {
        worker: None,
        status: None,
        cadence: None,
        ..req.filter.clone()
    };
    let tasks: Vec<&Task> = all
        .iter()
        .filter(|k| extra.matches(k) && in_period(k, req.period))
        .collect();
    let ctx = Ctx::new(t, rules, req, as_of);
    match req.who {
        Who::Worker(WorkerRole::GridWorker, id) => vec![ctx.grid_sheet(id, &tasks)],
        Who::Worker(WorkerRole::Team, id) => vec![ctx.team_sheet(id, &tasks)],
        Who::Worker(WorkerRole::Volunteer, id) => vec![ctx.volunteer_sheet(id, &tasks)],
        Who::Village(_) | Who::Township => {
            let mut workers: Vec<(usize, &WorkerRef)> = Vec::new();
            for g in &t.grids {
                let in_scope = matches!(req.who, Who::Village(v) if g.village_id == v)
                    || req.who == Who::Township;
                if let Some(w) = g.worker.as_ref().filter(|_| in_scope)
                    && !workers.iter().any(|(_, x)| x.id == w.id)
                {
                    workers.push((ctx.village_rank(g.village_id), w));
                }
            }
            workers.sort_by(|a, b| (a.0, &a.1.name).cmp(&(b.0, &b.1.name)));
            let narrowed = extra != Filter::default();
            workers
                .iter()
                .map(|(_, w)| ctx.grid_sheet(w.id, &tasks))
                // with a grid or tier filter, only the workers it leaves something for
                .filter(|s| !narrowed || !s.rows.is_empty())
                .collect()
        }
    }
}

/// A task belongs on the sheet of a period when it is open: every overdue
/// task, every periodic one, a dated one due by the period's last day, and a
/// "call again" whose date falls inside the period.
pub fn in_period(k: &Task, period: Period) -> bool {
    match k.status {
        Status::Overdue => true,
        Status::Due => matches!(k.when, When::Period(_)) || k.when.deadline() <= period.end(),
        Status::Upcoming => k.upcoming_from.is_some_and(|d| d <= period.end()),
        Status::Done | Status::Removed => false,
    }
}

struct Ctx<'a> {
    t: &'a Township,
    rules: &'a Rules,
    req: &'a Request,
    as_of: NaiveDate,
    households: HashMap<i64, &'a Household>,
    /// The last completed visit per subject: household visits for households,
    /// clinical follow-ups (with readings) for residents.
    last: HashMap<Subject, &'a VisitRecord>,
}

impl<'a> Ctx<'a> {
    fn new(t: &'a Township, rules: &'a Rules, req: &'a Request, as_of: NaiveDate) -> Self {
        let mut last: HashMap<Subject, &VisitRecord> = HashMap::new();
        for v in t.visits.iter().filter(|v| {
            v.outcome == Outcome::Completed
                && v.date <= as_of
                && (v.kind == VisitKind::Household || v.kind.is_clinical_followup())
        }) {
            let e = last.entry(v.subject).or_insert(v);
            if (v.date, v.id) > (e.date, e.id) {
                *e = v;
            }
        }
        Ctx {
            t,
            rules,
            req,
            as_of,
            households: t.households.iter().map(|h| (h.id, h)).collect(),
            last,
        }
    }

    fn village_rank(&self, id: i64) -> usize {
        self.t
            .villages
            .iter()
            .position(|v| v.id == id)
            .unwrap_or(usize::MAX)
    }

    fn grid_label(&self, h: &Household) -> String {
        let v = self.t.villages.iter().find(|v| v.id == h.village_id);
        let g = self.t.grids.iter().find(|g| g.id == h.grid_id);
        let (v, g) = (
            v.map_or("", |v| v.name.as_str()),
            g.map_or("", |g| g.name.as_str()),
        );
        if g.starts_with(v) {
            g.to_string()
        } else {
            format!("{v} {g}")
        }
    }

    /// Walking order: village, grid, then the address with its numbers compared
    /// as numbers (3号 before 12号), then the household.
    fn walk_key(&self, household_id: i64) -> (usize, usize, Vec<(u8, u64, String)>, i64) {
        let h = self.households.get(&household_id);
        let grid = h.and_then(|h| self.t.grids.iter().position(|g| g.id == h.grid_id));
        (
            h.map_or(usize::MAX, |h| self.village_rank(h.village_id)),
            grid.unwrap_or(usize::MAX),
            h.map_or(Vec::new(), |h| natural(&h.address)),
            household_id,
        )
    }

    fn walking<'t>(&self, mut tasks: Vec<&'t Task>) -> Vec<&'t Task> {
        tasks.sort_by_cached_key(|k| self.walk_key(k.household_id));
        tasks
    }

    fn period_line(&self) -> String {
        let p = self.req.period;
        format!(
            "周期：{}（{} 至 {}）　截至：{}　打印：{}",
            p.label(),
            p.start,
            p.end(),
            self.as_of,
            self.req.printed_on
        )
    }

    fn resident(&self, k: &Task) -> Option<&'a Resident> {
        let Subject::Resident(id) = k.subject else {
            return None;
        };
        self.households
            .get(&k.household_id)?
            .members
            .iter()
            .find(|m| m.id == id)
    }

    fn recheck_days(&self) -> i64 {
        self.rules.recheck_days
    }

    fn grid_sheet(&self, id: i64, tasks: &[&Task]) -> Sheet {
        let name = worker_name(self.t, WorkerRole::GridWorker, id);
        let grids: Vec<&str> = self
            .t
            .grids
            .iter()
            .filter(|g| g.worker.as_ref().is_some_and(|w| w.id == id))
            .map(|g| g.name.as_str())
            .collect();
        let mine: Vec<&Task> = tasks
            .iter()
            .copied()
            .filter(|k| {
                k.role == WorkerRole::GridWorker && k.worker.as_ref().is_some_and(|w| w.id == id)
            })
            .collect();
        let mut rows = Vec::new();
        for k in self.walking(mine) {
            let Some(h) = self.households.get(&k.household_id) else {
                continue;
            };
            let ht = household_tier(h, self.as_of, self.rules);
            let cause = ht
                .causes
                .iter()
                .map(|c| c.1)
                .find(|c| c.tier() == ht.effective);
            let head = head(h, self.as_of);
            rows.push(Row {
                group: self.grid_label(h),
                flag: flag(k),
                cells: vec![
                    String::new(),
                    mark(k),
                    k.name.clone(),
                    h.address.clone(),
                    format!("{}星", k.tier.number()),
                    why::reason(k, cause, self.recheck_days()),
                    date(self.last.get(&k.subject).map(|v| v.date)),
                    head.and_then(|m| m.phone.clone()).unwrap_or_default(),
                    head.map_or(String::new(), |m| mask(&m.id_number)),
                ],
            });
        }
        let header = vec![
            format!("网格员：{name}　网格：{}", grids.join("、")),
            self.period_line(),
            summary(&rows, "户"),
        ];
        finish(
            name,
            "网格员入户走访任务单",
            header,
            &GRID_COLUMNS,
            rows,
            "网格员签名",
        )
    }

    fn team_sheet(&self, id: i64, tasks: &[&Task]) -> Sheet {
        let name = worker_name(self.t, WorkerRole::Team, id);
        let mine: Vec<&Task> = tasks
            .iter()
            .copied()
            .filter(|k| k.role == WorkerRole::Team && k.worker.as_ref().is_some_and(|w| w.id == id))
            .collect();
        let mut rows = Vec::new();
        for k in self.walking(mine) {
            let Some(h) = self.households.get(&k.household_id) else {
                continue;
            };
            let m = self.resident(k);
            let last = self.last.get(&k.subject);
            let v = last.map(|l| l.findings.vitals).unwrap_or_default();
            let bp = match (v.sbp, v.dbp) {
                (Some(s), Some(d)) => format!("{s}/{d}"),
                _ => String::new(),
            };
            rows.push(Row {
                group: self.grid_label(h),
                flag: flag(k),
                cells: vec![
                    String::new(),
                    mark(k),
                    k.name.clone(),
                    h.address.clone(),
                    why::reason(k, None, self.recheck_days()),
                    due(k),
                    date(last.map(|l| l.date)),
                    bp,
                    v.fpg.map_or(String::new(), |f| format!("{f:.1}")),
                    phone(m, h, self.as_of),
                    m.map_or(String::new(), |m| mask(&m.id_number)),
                ],
            });
        }
        let header = vec![
            format!("家庭医生团队：{name}"),
            self.period_line(),
            summary(&rows, "项"),
        ];
        finish(
            name,
            "家庭医生团队随访任务单",
            header,
            &TEAM_COLUMNS,
            rows,
            "团队医生签名",
        )
    }

    fn volunteer_sheet(&self, id: i64, tasks: &[&Task]) -> Sheet {
        let name = worker_name(self.t, WorkerRole::Volunteer, id);
        let patients: Vec<(&Household, &Resident)> = self
            .t
            .households
            .iter()
            .flat_map(|h| h.members.iter().map(move |m| (h, m)))
            .filter(|(_, m)| {
                m.volunteer.as_ref().is_some_and(|v| v.id == id) && m.is_managed_patient(self.as_of)
            })
            .collect();
        let mut order: Vec<_> = patients.into_iter().collect();
        order.sort_by_cached_key(|(h, m)| (self.walk_key(h.id), m.id));
        let mut rows = Vec::new();
        for (h, m) in order {
            // the most urgent open task of the patient in this period, if any
            let next = tasks
                .iter()
                .filter(|k| k.subject == Subject::Resident(m.id) && k.volunteer.is_some())
                .min_by_key(|k| k.when.deadline());
            let colour = next.and_then(|k| k.colour);
            let mut what: Vec<&str> = m
                .managed_conditions(self.as_of)
                .map(|c| why::condition(c.condition))
                .collect();
            what.extend(colour.map(why::colour));
            rows.push(Row {
                group: self.grid_label(h),
                flag: next.map_or(Flag::None, |k| flag(k)),
                cells: vec![
                    String::new(),
                    next.map_or(String::new(), |k| mark(k)),
                    m.name.clone(),
                    what.join(" "),
                    next.map_or("本期无".into(), |k| due(k)),
                    next.map_or(String::new(), |k| why::visit(k, self.recheck_days())),
                    phone(Some(m), h, self.as_of),
                    h.address.clone(),
                ],
            });
        }
        let header = vec![
            format!("慢病志愿者：{name}　小组患者 {} 人", rows.len()),
            self.period_line(),
            "提醒患者按时服药、按期复查；有胸痛、剧烈头痛、意识不清等情况立即联系村医。".into(),
        ];
        finish(
            name,
            "慢病志愿者提醒名单",
            header,
            &VOLUNTEER_COLUMNS,
            rows,
            "志愿者签名",
        )
    }
}

fn finish(
    name: String,
    title: &str,
    header: Vec<String>,
    columns: &[Column],
    mut rows: Vec<Row>,
    signer: &str,
) -> Sheet {
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
    found.unwrap_or_else(|| format!("{}:{id}", role.code()))
}

fn head(h: &Household, day: NaiveDate) -> Option<&Resident> {
    let active = || h.members.iter().filter(move |m| m.active_on(day));
    active()
        .find(|m| m.relation == Relation::Head)
        .or_else(|| active().next())
}

/// The resident's own phone, else the household head's.
fn phone(m: Option<&Resident>, h: &Household, day: NaiveDate) -> String {
    m.and_then(|m| m.phone.clone())
        .or_else(|| head(h, day).and_then(|m| m.phone.clone()))
        .unwrap_or_default()
}

fn flag(k: &Task) -> Flag {
    if k.colour == Some(Colour::Red) {
        Flag::Red
    } else if k.status == Status::Overdue {
        Flag::Overdue
    } else {
        Flag::None
    }
}

fn mark(k: &Task) -> String {
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

fn due(k: &Task) -> String {
    match (k.upcoming_from, k.when) {
        (Some(d), _) => d.to_string(),
        (None, When::Period(p)) => p.label(),
        (None, When::By(d)) => d.to_string(),
    }
}

fn date(d: Option<NaiveDate>) -> String {
    d.map_or("无记录".into(), |d| d.to_string())
}

fn summary(rows: &[Row], unit: &str) -> String {
    let n = |f: Flag| rows.iter().filter(|r| r.flag == f).count();
    format!(
        "共 {} {unit}，其中红码 {}、逾期 {}（见“标记”列）",
        rows.len(),
        n(Flag::Red),
        n(Flag::Overdue)
    )
}

/// Text and numbers in turn, numbers compared by value.
fn natural(s: &str) -> Vec<(u8, u64, String)> {
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
