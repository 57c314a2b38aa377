//! Building sheets from the queue (§6): whose tasks, which period, in
//! walking order, with the columns each reader needs (§10).

use super::sheet::*;
use super::{Request, Who, why};
use crate::domain::calendar::{Cadence, Period};
use crate::domain::idnum::mask;
use crate::domain::model::*;
use crate::domain::plan::{self, Plan, Why};
use crate::domain::queue::{self, Filter, Status, Task, When, WorkerRole};
use crate::domain::rules::Rules;
use crate::domain::tier::household_tier;
use chrono::NaiveDate;
use std::collections::HashMap;

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
    let mut ctx = Ctx::new(t, rules, req, as_of);
    ctx.all = &all;
    let mut out = ctx.sheets_of(req, &all, &tasks, &extra);
    for s in &mut out {
        s.body_pt = Some(req.font_pt);
    }
    out
}

impl<'a> Ctx<'a> {
    fn sheets_of(
        &self,
        req: &Request,
        all: &[Task],
        tasks: &[&Task],
        extra: &Filter,
    ) -> Vec<Sheet> {
        let (t, ctx) = (self.t, self);
        let tasks = tasks.to_vec();
        match req.who {
            Who::Worker(WorkerRole::GridWorker, id) => vec![ctx.grid_sheet(id, &tasks)],
            Who::Worker(WorkerRole::Team, id) => vec![ctx.team_sheet(id, &tasks)],
            // a volunteer's list is of patients, each with their next date, in or after the period
            Who::Worker(WorkerRole::Volunteer, id) => {
                let theirs: Vec<&Task> = all
                    .iter()
                    .filter(|k| {
                        extra.matches(k) && k.volunteer.as_ref().is_some_and(|v| v.id == id)
                    })
                    .collect();
                vec![ctx.volunteer_sheet(id, &theirs)]
            }
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
                // village by village, the workers in pinyin order of their names
                workers.sort_by_cached_key(|(rank, w)| {
                    (*rank, crate::search::name_key(&w.name), w.id)
                });
                let narrowed = *extra != Filter::default();
                workers
                    .iter()
                    .map(|(_, w)| ctx.grid_sheet(w.id, &tasks))
                    // with queue filters (grid, tier, …), only the workers they leave something for
                    .filter(|s| !narrowed || !s.rows.is_empty())
                    .collect()
            }
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
    /// Every task as of the sheet's date, for a stored plan's tasks.
    all: &'a [Task],
    /// The last completed visit per subject and [`family`] of visit: household visits for households,
    /// clinical follow-ups (with readings) for residents.
    last: HashMap<(Subject, u8), &'a VisitRecord>,
}

impl<'a> Ctx<'a> {
    fn new(t: &'a Township, rules: &'a Rules, req: &'a Request, as_of: NaiveDate) -> Self {
        let mut last: HashMap<(Subject, u8), &VisitRecord> = HashMap::new();
        for v in t
            .visits
            .iter()
            .filter(|v| v.outcome == Outcome::Completed && v.date <= as_of)
        {
            let e = last.entry((v.subject, family(v.kind))).or_insert(v);
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
            all: &[],
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
        self.grid_name(h.village_id, h.grid_id)
    }

    /// 新塘村 第三网格: grid names repeat from village to village.
    fn grid_name(&self, village_id: i64, grid_id: i64) -> String {
        let v = self.t.villages.iter().find(|v| v.id == village_id);
        let g = self.t.grids.iter().find(|g| g.id == grid_id);
        let (v, g) = (
            v.map_or("", |v| v.name.as_str()),
            g.map_or("", |g| g.name.as_str()),
        );
        crate::domain::places::grid_label(v, g)
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

    /// A row of one task: number, mark, name, then `rest`.
    fn task_row(&self, k: &Task, h: &Household, rest: Vec<String>) -> Row {
        let mut cells = vec![String::new(), mark(k), k.name.clone()];
        cells.extend(rest);
        Row {
            group: self.grid_label(h),
            flag: flag(k),
            cells,
            household: h.id,
            task: Some(self.row_task(k)),
        }
    }

    /// What the row asks for, stored with the printed batch (issue 29).
    fn row_task(&self, k: &Task) -> RowTask {
        RowTask {
            key: plan::task_key(k),
            kind: k.kind,
            household_id: k.household_id,
            resident_id: match k.subject {
                Subject::Resident(id) => Some(id),
                Subject::Household(_) => None,
            },
            role: k.role,
            worker_id: k.worker.as_ref().map_or(0, |w| w.id),
            due: due(k),
            weeks: self.weeks(k),
        }
    }

    /// A weekly task on a longer sheet (issue 29 item 2): the Monday of each
    /// week of the sheet's period (a week belongs to the period holding its
    /// Thursday, §6) not ended by the sheet's date, a box each.
    fn weeks(&self, k: &Task) -> Vec<NaiveDate> {
        let sheet = self.req.period;
        let When::Period(p) = k.when else {
            return Vec::new();
        };
        if p.cadence != Cadence::Week || sheet.cadence == Cadence::Week {
            return Vec::new();
        }
        let mut out = Vec::new();
        let mut w = Period::containing(Cadence::Week, sheet.start);
        while w.start + chrono::Days::new(3) <= sheet.end() {
            if w.start + chrono::Days::new(3) >= sheet.start && w.end() >= self.as_of {
                out.push(w.start);
            }
            w = w.next();
        }
        out
    }

    fn recheck_days(&self) -> i64 {
        self.rules.recheck_days
    }

    fn grid_sheet(&self, id: i64, tasks: &[&Task]) -> Sheet {
        let name = worker_name(self.t, WorkerRole::GridWorker, id);
        let grids: Vec<String> = self
            .t
            .grids
            .iter()
            .filter(|g| g.worker.as_ref().is_some_and(|w| w.id == id))
            .map(|g| self.grid_name(g.village_id, g.id))
            .collect();
        let mut rows = Vec::new();
        let mine = of_worker(tasks, WorkerRole::GridWorker, id);
        // a stored weekly plan (issue 16, §6): its tasks, not everything due
        let plan = self.req.plans.iter().find(|p| {
            p.role == WorkerRole::GridWorker && p.worker == id && p.week == self.req.period
        });
        let plan = plan.map(|p| {
            let theirs: Vec<Task> = self
                .all
                .iter()
                .filter(|k| {
                    k.role == WorkerRole::GridWorker
                        && k.worker.as_ref().is_some_and(|w| w.id == id)
                })
                .cloned()
                .collect();
            plan::with_new_required(p.clone(), &theirs)
        });
        let mine: Vec<&Task> = match &plan {
            Some(p) => self
                .all
                .iter()
                .filter(|k| {
                    k.role == WorkerRole::GridWorker
                        && k.worker.as_ref().is_some_and(|w| w.id == id)
                        && p.holds(&plan::task_key(k))
                })
                .collect(),
            None => mine,
        };
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
            // the members who are the reason (issue 29 item 1): the elder
            // living alone, the disabled member, not only the head
            let mut members: Vec<&str> = Vec::new();
            for (id, c) in &ht.causes {
                if c.tier() == ht.effective
                    && let Some(m) = h.members.iter().find(|m| m.id == *id)
                    && !members.contains(&m.name.as_str())
                {
                    members.push(&m.name);
                }
            }
            let mut reason = format!(
                "{}星 {}",
                k.tier.number(),
                why::reason(k, cause, self.recheck_days())
            );
            if !members.is_empty() {
                reason.push_str(&format!("\n对象：{}", members.join("、")));
            }
            reason.push_str(&format!(
                "\n上次走访：{}",
                date(self.last.get(&(k.subject, family(k.kind))).map(|v| v.date))
            ));
            let boxes = boxes(&self.weeks(k));
            rows.push(self.task_row(
                k,
                h,
                vec![
                    h.address.clone(),
                    reason,
                    lines(&[
                        head.and_then(|m| m.phone.clone()).unwrap_or_default(),
                        head.map_or(String::new(), |m| mask(&m.id_number)),
                    ]),
                    boxes,
                    GRID_OUTCOMES.into(),
                ],
            ));
        }
        let mut header = vec![
            format!("网格员：{name}　网格：{}", grids.join("、")),
            self.period_line(),
            summary(&rows, "户"),
        ];
        if let Some(p) = &plan {
            header.push(plan_line(p));
        }
        finish(name, &GRID, header, rows)
    }

    fn team_sheet(&self, id: i64, tasks: &[&Task]) -> Sheet {
        let name = worker_name(self.t, WorkerRole::Team, id);
        let mut rows = Vec::new();
        for k in self.walking(of_worker(tasks, WorkerRole::Team, id)) {
            let Some(h) = self.households.get(&k.household_id) else {
                continue;
            };
            let m = self.resident(k);
            let last = self.last.get(&(k.subject, family(k.kind)));
            // the readings of the latest clinical follow-up, whatever this task is
            let v = self
                .last
                .get(&(k.subject, family(VisitKind::Followup)))
                .map(|l| l.findings.vitals)
                .unwrap_or_default();
            let mut before = vec![date(last.map(|l| l.date))];
            if let (Some(s), Some(d)) = (v.sbp, v.dbp) {
                before.push(format!("血压 {s}/{d}"));
            }
            if let Some(hr) = v.heart_rate {
                before.push(format!("心率 {hr}"));
            }
            if let Some(f) = v.fpg {
                before.push(format!("血糖 {f:.1}"));
            }
            if let Some(w) = v.weight_kg {
                before.push(format!("体重 {w:.1}"));
            }
            // this visit's blanks as the national form's first lines (§3)
            let blanks = match k.kind {
                VisitKind::YearlyCheck => "体检日期 ____月____日",
                _ => FOLLOWUP_BLANKS,
            };
            rows.push(self.task_row(
                k,
                h,
                vec![
                    lines(&[
                        h.address.clone(),
                        phone(m, h, self.as_of),
                        m.map_or(String::new(), |m| mask(&m.id_number)),
                    ]),
                    lines(&[why::reason(k, None, self.recheck_days()), due(k)]),
                    lines(&before),
                    blanks.into(),
                    TEAM_OUTCOMES.into(),
                ],
            ));
        }
        let header = vec![
            format!("家庭医生团队：{name}"),
            self.period_line(),
            summary(&rows, "项"),
        ];
        finish(name, &TEAM, header, rows)
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
            let own = || {
                tasks
                    .iter()
                    .filter(|k| k.subject == Subject::Resident(m.id))
            };
            // the most urgent open task; else when the next period's follow-up falls due
            let next = own()
                .filter(|k| matches!(k.status, Status::Due | Status::Overdue | Status::Upcoming))
                .min_by_key(|k| k.upcoming_from.unwrap_or(k.when.deadline()));
            let later = own().find_map(|k| match (k.status, k.when) {
                (Status::Done, When::Period(p)) => Some(format!("{}起", p.next().start)),
                _ => None,
            });
            let colour = own().find_map(|k| k.colour);
            let mut what: Vec<&str> = m
                .managed_conditions(self.as_of)
                .map(|c| why::condition(c.condition))
                .collect();
            what.extend(colour.map(why::colour));
            rows.push(Row {
                group: self.grid_label(h),
                flag: next.map_or(Flag::None, |k| flag(k)),
                household: h.id,
                task: Some(RowTask {
                    key: next.map_or(format!("volunteer:r{}", m.id), |k| plan::task_key(k)),
                    kind: next.map_or(VisitKind::Followup, |k| k.kind),
                    household_id: h.id,
                    resident_id: Some(m.id),
                    role: WorkerRole::Volunteer,
                    worker_id: id,
                    due: next.map_or(String::new(), |k| due(k)),
                    weeks: Vec::new(),
                }),
                cells: vec![
                    String::new(),
                    next.map_or(String::new(), |k| mark(k)),
                    m.name.clone(),
                    what.join(" "),
                    next.map_or(later.unwrap_or_default(), |k| {
                        match (k.upcoming_from, k.when) {
                            (None, When::Period(p)) => format!("{}前", p.end()),
                            _ => due(k),
                        }
                    }),
                    next.map_or("本期已随访".into(), |k| {
                        why::visit(k, self.recheck_days())
                    }),
                    // the medicines to remind about, a drug a line (issue 27)
                    self.req
                        .medicines
                        .get(&m.id)
                        .map(|d| {
                            d.iter()
                                .map(|d| d.text(true))
                                .collect::<Vec<_>>()
                                .join("\n")
                        })
                        .unwrap_or_default(),
                    lines(&[phone(Some(m), h, self.as_of), h.address.clone()]),
                    VOLUNTEER_BP.into(),
                    VOLUNTEER_OUTCOMES.into(),
                ],
            });
        }
        let header = vec![
            format!("慢病志愿者：{name}　小组患者 {} 人", rows.len()),
            self.period_line(),
            "提醒患者按“用药”一栏按时服药、按期复查；有胸痛、剧烈头痛、意识不清等情况立即联系村医。".into(),
        ];
        finish(name, &VOLUNTEER, header, rows)
    }
}

/// Cells of several lines, the empty ones left out.
fn lines(parts: &[String]) -> String {
    parts
        .iter()
        .filter(|p| !p.is_empty())
        .cloned()
        .collect::<Vec<_>>()
        .join("\n")
}

/// A box per visit due (issue 29 item 2): one, or one per week dated by its Monday.
fn boxes(weeks: &[NaiveDate]) -> String {
    if weeks.is_empty() {
        return "□".into();
    }
    weeks
        .iter()
        .map(|d| format!("□{}", d.format("%m/%d")))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The tasks a grid worker or a team does (volunteers carry no tasks of their own).
fn of_worker<'t>(tasks: &[&'t Task], role: WorkerRole, id: i64) -> Vec<&'t Task> {
    tasks
        .iter()
        .copied()
        .filter(|k| k.role == role && k.worker.as_ref().is_some_and(|w| w.id == id))
        .collect()
}

/// The sheet's 本周计划 line (issue 16): the load against capacity, over by
/// how much, and each period's share ("本季剩余 9 周, 本周安排 82 户中的 10 户").
fn plan_line(p: &Plan) -> String {
    let mut shares: Vec<String> = Vec::new();
    for item in &p.items {
        if let Why::Share { .. } = item.why {
            let text = crate::weekly::why_text(crate::words::Lang::Zh, &item.why, None);
            if !shares.contains(&text) {
                shares.push(text);
            }
        }
    }
    let mut line = format!(
        "本周计划：{}",
        crate::weekly::load_line(crate::words::Lang::Zh, p)
    );
    if !shares.is_empty() {
        line.push_str(&format!("　{}", shares.join("；")));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testkit::d;

    /// A village's sheets come worker by worker in pinyin order (阿 before
    /// 张, though 张's code point is the lower), not by code point (issue 10 item 12).
    #[test]
    fn village_sheets_in_pinyin_order() {
        let grid = |id: i64, worker: &str| Grid {
            id,
            village_id: 1,
            name: format!("第{id}网格"),
            worker: Some(WorkerRef {
                id,
                name: worker.into(),
            }),
        };
        let t = Township {
            villages: vec![Village {
                id: 1,
                name: "富民村".into(),
                team: None,
            }],
            grids: vec![grid(1, "张三"), grid(2, "阿四"), grid(3, "白五")],
            ..Township::default()
        };
        let today = d("2026-11-20");
        let req = Request {
            who: Who::Village(1),
            period: Period::containing(Cadence::Week, today),
            filter: Filter::default(),
            printed_on: today,
            plans: vec![],
            medicines: Default::default(),
            font_pt: crate::print::DEFAULT_PT,
        };
        let names: Vec<String> = sheets(&t, &Rules::default(), &req, today)
            .into_iter()
            .map(|s| s.name)
            .collect();
        assert_eq!(names, ["阿四", "白五", "张三"]);
    }
}
