//! The indicators a county judges a township by (domain.md §8), for a period
//! and a scope, as of a date. Every figure carries the people behind it
//! (numerator and denominator), so every number explains itself.
//!
//! The period is evaluated up to its *evaluation day*: its last day, or the
//! as-of date when the period has not ended yet (nothing after the as-of
//! date is known).

use super::calendar::{Cadence, Period, age_on};
use super::model::*;
use super::queue::{self, Status, Task};
use super::rules::Rules;
use chrono::{Datelike, NaiveDate};
use std::collections::{BTreeMap, HashMap, HashSet};

mod scope;
mod table;

pub use scope::{ReportScope, parse_period, scope_choices, scope_name, scope_rows};
pub use table::{head_in, report};

/// One figure: `num` of `den`, with the subjects behind each. For plain
/// counts (overdue tasks, referrals) `den` is the same set as `num`. A rate
/// whose denominator is an estimate, not a set of people (健康管理率, §8),
/// carries `estimate`; its `den` is then the same set as `num`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Figure {
    /// The subjects counted in the numerator.
    pub num: Vec<Subject>,
    /// The subjects of the denominator (sorted, each once).
    pub den: Vec<Subject>,
    /// Whether the figure is a rate (num ÷ den) or a count of `num`.
    pub rate: bool,
    /// The estimated denominator, when the rate divides by one.
    pub estimate: Option<Estimate>,
    /// Why each subject of `den` is or is not counted (issue 25 item 8).
    pub why: BTreeMap<Subject, Why>,
}

/// Why one person (or household) is or is not counted by a figure: what the
/// figure's rule (domain.md §8) found when it looked at them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Why {
    /// 规范管理: each of these ended quarters of management had a completed
    /// follow-up.
    EveryQuarter(usize),
    /// 规范管理: this quarter of management had no completed follow-up.
    NoFollowupIn(Period),
    /// 规范管理 of diabetes: this quarter's follow-ups measured no fasting
    /// glucose (§3: four FPG tests a year).
    NoFpgIn(Period),
    /// 血压控制: the last follow-up's blood pressure, and its date.
    LastBp {
        sbp: i32,
        dbp: i32,
        on: NaiveDate,
    },
    /// 血糖控制: the last follow-up's fasting glucose, and its date.
    LastFpg {
        fpg: f64,
        on: NaiveDate,
    },
    /// 控制率: no completed follow-up of the period carries the reading.
    NoReading(Condition),
    /// 签约: whether the resident has a family-doctor team.
    Signed(bool),
    /// Visit completion and overdue: the task's state, and the day it was
    /// done (done) or its due date (otherwise).
    Task {
        status: Status,
        on: NaiveDate,
    },
    /// A colour's share: the colour the patient has now.
    Colour(Colour),
    /// Referrals: the day it was sent, or returned.
    Referred(NaiveDate),
    Returned(NaiveDate),
    /// 健康管理率: under management from this day of the period.
    ManagedFrom(NaiveDate),
    /// 老年人健康管理率: this year's health check, done on this day.
    YearlyCheck(NaiveDate),
    /// 老年人健康管理率: no health check done in this year by the evaluation day.
    NoYearlyCheck(i32),
}

/// An estimated number of patients (domain.md §8 健康管理率): the adult
/// residents in scope × the prevalence, rounded to whole patients.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    /// Active residents 18 or older on the evaluation day, in scope.
    pub adults: usize,
    /// The prevalence setting, in percent.
    pub prevalence: f64,
    /// `adults × prevalence / 100`, rounded.
    pub patients: usize,
}

impl Estimate {
    /// The adult age of the estimate (§8: adult prevalence).
    pub const ADULT_AGE: i32 = 18;

    pub fn of(adults: usize, prevalence: f64) -> Estimate {
        Estimate {
            adults,
            prevalence,
            patients: (adults as f64 * prevalence / 100.0).round() as usize,
        }
    }
}

impl Figure {
    fn rate_of(num: Vec<Subject>, den: Vec<Subject>) -> Figure {
        Figure {
            num,
            den,
            rate: true,
            ..Figure::default()
        }
    }
    fn count_of(num: Vec<Subject>) -> Figure {
        Figure {
            den: num.clone(),
            num,
            ..Figure::default()
        }
    }
    fn estimated(num: Vec<Subject>, estimate: Estimate) -> Figure {
        Figure {
            den: num.clone(),
            num,
            rate: true,
            estimate: Some(estimate),
            ..Figure::default()
        }
    }
    /// The figure with why each of its subjects is or is not counted.
    fn because(mut self, why: impl IntoIterator<Item = (Subject, Why)>) -> Figure {
        self.why = why.into_iter().collect();
        self
    }
    /// The denominator: the estimate's patients, or the people in `den`.
    pub fn den_count(&self) -> usize {
        self.estimate.map_or(self.den.len(), |e| e.patients)
    }
    /// The percentage, or None when nobody is in the denominator. Over 100%
    /// is possible for an estimated denominator and is kept as it is.
    pub fn percent(&self) -> Option<f64> {
        let den = self.den_count();
        (self.rate && den > 0).then(|| self.num.len() as f64 * 100.0 / den as f64)
    }
    /// `33.3% (1/3)`, `- (0/0)`, or a count: `3`.
    pub fn cell(&self) -> String {
        if !self.rate {
            return self.num.len().to_string();
        }
        let p = self.percent().map_or("-".into(), |p| format!("{p:.1}%"));
        format!("{p} ({}/{})", self.num.len(), self.den_count())
    }
}

/// Every §8 indicator of one scope for one period.
#[derive(Debug, Clone, PartialEq)]
pub struct Indicators {
    pub period: Period,
    /// The period's last day, or the as-of date if earlier.
    pub evaluated_on: NaiveDate,
    pub standard_htn: Figure,
    pub standard_dm: Figure,
    pub bp_control: Figure,
    pub fpg_control: Figure,
    pub signed_all: Figure,
    pub signed_65: Figure,
    pub signed_chronic: Figure,
    pub signed_disabled: Figure,
    /// Visit completion per cadence (week, month, quarter, year).
    pub visits: [(Cadence, Figure); 4],
    pub overdue: Figure,
    /// Managed patients per colour (red, yellow, green, unassessed).
    pub colours: [(Colour, Figure); 4],
    pub referrals_sent: Figure,
    pub referrals_returned: Figure,
    /// 健康管理率: patients under management in the period ÷ estimated patients.
    pub health_htn: Figure,
    pub health_dm: Figure,
    /// 老年人健康管理率: residents 65+ with this year's health check ÷ residents 65+.
    pub elderly: Figure,
}

/// The columns computed from the queue (visit completion, overdue, colours):
/// the trend of any other column skips computing it.
pub const QUEUE_COLUMNS: std::ops::RangeInclusive<usize> = 8..=16;

/// Which figure of the indicators a column shows.
pub type Pick = fn(&Indicators) -> &Figure;

/// The columns of a report, in order: Chinese and English header and the figure.
pub const COLUMNS: &[(&str, &str, Pick)] = &[
    ("规范管理率(高血压)", "Std mgmt (HTN)", |i| {
        &i.standard_htn
    }),
    ("规范管理率(糖尿病)", "Std mgmt (DM)", |i| {
        &i.standard_dm
    }),
    ("血压控制率", "BP control", |i| &i.bp_control),
    ("血糖控制率", "FPG control", |i| &i.fpg_control),
    ("签约率", "Contracts", |i| &i.signed_all),
    ("签约率(65岁及以上)", "Contracts 65+", |i| {
        &i.signed_65
    }),
    ("签约率(慢病)", "Contracts chronic", |i| {
        &i.signed_chronic
    }),
    ("签约率(残疾)", "Contracts disabled", |i| {
        &i.signed_disabled
    }),
    ("随访完成率(周)", "Visited (week)", |i| &i.visits[0].1),
    ("随访完成率(月)", "Visited (month)", |i| {
        &i.visits[1].1
    }),
    ("随访完成率(季)", "Visited (quarter)", |i| {
        &i.visits[2].1
    }),
    ("随访完成率(年)", "Visited (year)", |i| &i.visits[3].1),
    // people and households with an overdue task, one number (Today counts
    // the tasks); "户/人" read as two figures under one head (issue 25 item 14)
    ("逾期(户+人)", "Overdue (hh+ppl)", |i| &i.overdue),
    ("红", "Red", |i| &i.colours[0].1),
    ("黄", "Yellow", |i| &i.colours[1].1),
    ("绿", "Green", |i| &i.colours[2].1),
    ("未评估", "Unassessed", |i| &i.colours[3].1),
    ("转诊转出", "Referrals sent", |i| &i.referrals_sent),
    ("转诊转回", "Referrals returned", |i| {
        &i.referrals_returned
    }),
    ("健康管理率(高血压)", "Health mgmt (HTN)", |i| {
        &i.health_htn
    }),
    ("健康管理率(糖尿病)", "Health mgmt (DM)", |i| {
        &i.health_dm
    }),
    ("老年人健康管理率", "Elder health mgmt", |i| {
        &i.elderly
    }),
];

/// A patient's management of `c` overlapping `[from, to]`, while an active
/// resident: the first day of it in the window.
fn managed_in(r: &Resident, c: Condition, from: NaiveDate, to: NaiveDate) -> Option<NaiveDate> {
    r.conditions
        .iter()
        .filter(|k| k.condition == c && k.managed_from <= to)
        .filter(|k| k.managed_until.is_none_or(|u| u >= from))
        .map(|k| k.managed_from.max(from))
        .filter(|&first| r.active_on(first))
        .min()
}

/// Whether `c` is managed on every day of `[from, to]` and the resident is
/// active through `to`.
fn managed_throughout(r: &Resident, c: Condition, from: NaiveDate, to: NaiveDate) -> bool {
    r.active_on(to)
        && r.conditions.iter().any(|k| {
            k.condition == c && k.managed_from <= from && k.managed_until.is_none_or(|u| u >= to)
        })
}

/// The quarters inside `period` that ended on or before `day`.
fn ended_quarters(period: Period, day: NaiveDate) -> Vec<Period> {
    let mut q = Period::containing(Cadence::Quarter, period.start);
    let mut out = Vec::new();
    while q.start <= period.end() {
        if q.start >= period.start && q.end() <= period.end() && q.end() <= day {
            out.push(q);
        }
        q = q.next();
    }
    out
}

/// The residents a scope counts (a team's people, a grid's, …), for the
/// spot check's population (issue 28 item 6).
pub fn residents_in(town: &Township, scope: ReportScope) -> HashSet<i64> {
    in_scope(town, scope).residents
}

/// The people and households a scope counts.
struct InScope {
    residents: HashSet<i64>,
    households: HashSet<i64>,
}

fn in_scope(town: &Township, scope: ReportScope) -> InScope {
    let worker_grids: HashSet<i64> = match scope {
        ReportScope::GridWorker(w) => town
            .grids
            .iter()
            .filter(|g| g.worker.as_ref().is_some_and(|x| x.id == w))
            .map(|g| g.id)
            .collect(),
        _ => HashSet::new(),
    };
    let village_team: HashMap<i64, i64> = town
        .villages
        .iter()
        .filter_map(|v| Some((v.id, v.team.as_ref()?.id)))
        .collect();
    let mut s = InScope {
        residents: HashSet::new(),
        households: HashSet::new(),
    };
    for h in &town.households {
        let whole = match scope {
            ReportScope::Township => true,
            ReportScope::Village(v) => h.village_id == v,
            ReportScope::Grid(g) => h.grid_id == g,
            ReportScope::GridWorker(_) => worker_grids.contains(&h.grid_id),
            ReportScope::Team(_) => false,
        };
        if whole {
            s.households.insert(h.id);
            s.residents.extend(h.members.iter().map(|m| m.id));
        } else if let ReportScope::Team(t) = scope {
            // household visits are the grid worker's (§2): a team counts people
            s.residents.extend(
                h.members
                    .iter()
                    .filter(|m| {
                        m.team
                            .as_ref()
                            .map(|x| x.id)
                            .or(village_team.get(&h.village_id).copied())
                            == Some(t)
                    })
                    .map(|m| m.id),
            );
        }
    }
    s
}

fn sorted(mut v: Vec<Subject>) -> Vec<Subject> {
    v.sort();
    v.dedup();
    v
}

/// The indicators of one scope. Computes the queue once; for several scopes
/// of one period use [`by_village`], which shares it.
pub fn compute(
    town: &Township,
    rules: &Rules,
    period: Period,
    scope: ReportScope,
    as_of: NaiveDate,
) -> Indicators {
    let day = period.end().min(as_of);
    let tasks = queue::tasks(town, day, rules);
    compute_with(town, rules, &tasks, period, scope, as_of)
}

/// A row per village (in the township's order) and the township total last.
pub fn by_village(
    town: &Township,
    rules: &Rules,
    period: Period,
    as_of: NaiveDate,
) -> Vec<(Option<i64>, Indicators)> {
    let day = period.end().min(as_of);
    let tasks = queue::tasks(town, day, rules);
    town.villages
        .iter()
        .map(|v| Some(v.id))
        .chain([None])
        .map(|v| {
            let scope = v.map_or(ReportScope::Township, ReportScope::Village);
            (v, compute_with(town, rules, &tasks, period, scope, as_of))
        })
        .collect()
}

/// The monthly trend of one column of `scope` over `year`: for each month that has
/// begun by `as_of`, the year so far evaluated at the month's end (or the
/// as-of date), as per mille (None for a rate with nobody to count, and for
/// months still to come).
pub fn monthly_trend(
    town: &Township,
    rules: &Rules,
    year: i32,
    as_of: NaiveDate,
    column: usize,
    scope: ReportScope,
) -> Vec<Option<u64>> {
    let Some(first) = NaiveDate::from_ymd_opt(year, 1, 1) else {
        return Vec::new();
    };
    let pick = COLUMNS.get(column).map_or(COLUMNS[0].2, |c| c.2);
    let year_p = Period::containing(Cadence::Year, first);
    let mut month = Period::containing(Cadence::Month, first);
    let mut out = Vec::new();
    while month.start.year() == year {
        out.push((month.start <= as_of).then(|| {
            let day = month.end().min(as_of);
            // only visit completion, overdue and colours need the queue
            let tasks = if QUEUE_COLUMNS.contains(&column) {
                queue::tasks(town, day, rules)
            } else {
                Vec::new()
            };
            let i = compute_with(town, rules, &tasks, year_p, scope, day);
            let f = pick(&i);
            if f.rate {
                f.percent().map(|p| (p * 10.0).round() as u64)
            } else {
                Some(f.num.len() as u64)
            }
        }));
        month = month.next();
    }
    out.into_iter().map(Option::flatten).collect()
}

/// The indicators of one scope, from the queue computed on the evaluation day.
///
/// Rules (domain.md §8, with §3, §4, §6):
/// - 规范管理率: patients of the condition (hypertension, diabetes) under
///   management at some time in the period, counted when at least one
///   calendar quarter of the period ended (by the evaluation day) while they
///   were under management through the whole quarter (a quarter begun before
///   management is a grace period, §6); to standard when every such quarter
///   holds a completed clinical follow-up (§8 [ours]). A follow-up counts for
///   each condition the patient has.
/// - 血压控制率 / 血糖控制率: patients of the condition under management in
///   the period; controlled when the most recent follow-up (on or before the
///   evaluation day) that measured BP was < 140/90 (both), or that measured
///   FPG was < 7.0 mmol/L (the settings' cut-offs, §3). No reading: not controlled.
/// - 签约率: residents active on the evaluation day with a contract valid on
///   the as-of date (the township holds contracts as of that date); key
///   groups: 65+ (the setting `tier.elder_age`), chronic patients under
///   management on the evaluation day, disabled.
/// - Visit completion per cadence: the queue's tasks of that cadence on the
///   evaluation day (their current period), done ÷ all but removed (§6).
/// - Overdue: the tasks overdue on the evaluation day, their subjects.
/// - Colour mix: managed patients by their colour on the evaluation day (§4),
///   of all managed patients with a colour.
/// - Referrals: sent, and returned, within the period up to the evaluation day (§7).
/// - 健康管理率: patients of the condition under management at some time in
///   the period (as for control) ÷ the estimated patients: active residents
///   18 or older on the evaluation day × the prevalence setting
///   (`indicators.prevalence_htn` / `_dm`), rounded. May exceed 100%.
/// - 老年人健康管理率: residents active on the evaluation day and aged 65 or
///   older then (the setting `tier.elder_age`); counted when a completed
///   yearly health check (年度体检) is dated in the evaluation day's calendar
///   year, on or before the evaluation day ("this year's health check").
pub fn compute_with(
    town: &Township,
    rules: &Rules,
    tasks: &[Task],
    period: Period,
    scope: ReportScope,
    as_of: NaiveDate,
) -> Indicators {
    let day = period.end().min(as_of);
    let sc = in_scope(town, scope);
    let residents: Vec<&Resident> = town
        .households
        .iter()
        .flat_map(|h| &h.members)
        .filter(|m| sc.residents.contains(&m.id))
        .collect();
    // completed clinical follow-ups by resident, oldest first
    let mut followups: HashMap<i64, Vec<&VisitRecord>> = HashMap::new();
    for v in &town.visits {
        if let Subject::Resident(r) = v.subject
            && v.kind.is_clinical_followup()
            && v.outcome == Outcome::Completed
            && v.date <= day
            && sc.residents.contains(&r)
        {
            followups.entry(r).or_default().push(v);
        }
    }
    for list in followups.values_mut() {
        list.sort_by_key(|v| (v.date, v.id));
    }
    let none: Vec<&VisitRecord> = Vec::new();
    let fu = |r: i64| followups.get(&r).unwrap_or(&none);
    let quarters = ended_quarters(period, day);

    let standard = |c: Condition| {
        let (mut num, mut den, mut why) = (Vec::new(), Vec::new(), Vec::new());
        for r in &residents {
            let owed: Vec<&Period> = quarters
                .iter()
                .filter(|q| managed_throughout(r, c, q.start, q.end()))
                .collect();
            if owed.is_empty() || managed_in(r, c, period.start, day).is_none() {
                continue;
            }
            let s = Subject::Resident(r.id);
            den.push(s);
            // a diabetes quarter needs its fasting-glucose test as well
            // (§3: 4 follow-ups and 4 FPG tests a year)
            let kept = |q: &Period| {
                fu(r.id).iter().any(|v| {
                    q.contains(v.date)
                        && (c != Condition::Diabetes || v.findings.vitals.fpg.is_some())
                })
            };
            match owed.iter().find(|q| !kept(q)) {
                None => {
                    num.push(s);
                    why.push((s, Why::EveryQuarter(owed.len())));
                }
                Some(q) if fu(r.id).iter().any(|v| q.contains(v.date)) => {
                    why.push((s, Why::NoFpgIn(**q)))
                }
                Some(q) => why.push((s, Why::NoFollowupIn(**q))),
            }
        }
        Figure::rate_of(num, den).because(why)
    };
    let control = |c: Condition| {
        let (mut num, mut den, mut why) = (Vec::new(), Vec::new(), Vec::new());
        for r in residents
            .iter()
            .filter(|r| managed_in(r, c, period.start, day).is_some())
        {
            let s = Subject::Resident(r.id);
            den.push(s);
            // the last completed follow-up that carries the reading
            let mut last = fu(r.id).iter().rev().map(|v| (v.findings.vitals, v.date));
            let (found, ok) = match c {
                Condition::Diabetes => match last.find_map(|(v, on)| Some((v.fpg?, on))) {
                    Some((fpg, on)) => (Why::LastFpg { fpg, on }, fpg < rules.fpg_uncontrolled),
                    None => (Why::NoReading(c), false),
                },
                _ => match last.find_map(|(v, on)| Some((v.sbp?, v.dbp?, on))) {
                    Some((sbp, dbp, on)) => (
                        Why::LastBp { sbp, dbp, on },
                        sbp < rules.sbp_uncontrolled && dbp < rules.dbp_uncontrolled,
                    ),
                    None => (Why::NoReading(c), false),
                },
            };
            if ok {
                num.push(s);
            }
            why.push((s, found));
        }
        Figure::rate_of(num, den).because(why)
    };
    let signed = |keep: &dyn Fn(&Resident) -> bool| {
        let den: Vec<&&Resident> = residents
            .iter()
            .filter(|r| r.active_on(day) && keep(r))
            .collect();
        Figure::rate_of(
            den.iter()
                .filter(|r| r.team.is_some())
                .map(|r| Subject::Resident(r.id))
                .collect(),
            den.iter().map(|r| Subject::Resident(r.id)).collect(),
        )
        .because(
            den.iter()
                .map(|r| (Subject::Resident(r.id), Why::Signed(r.team.is_some()))),
        )
    };

    let task_in = |t: &Task| match t.subject {
        Subject::Household(h) => sc.households.contains(&h),
        Subject::Resident(r) => sc.residents.contains(&r),
    };
    let scoped: Vec<&Task> = tasks.iter().filter(|t| task_in(t)).collect();
    // a task's state and its day: when it was done, else when it was due
    let task_why = |t: &Task| Why::Task {
        status: t.status,
        on: t.done_on.unwrap_or_else(|| t.due_on(day)),
    };
    let visits = Cadence::ALL.map(|c| {
        let of: Vec<&&Task> = scoped
            .iter()
            .filter(|t| t.cadence == c && t.status != Status::Removed)
            .collect();
        // a subject counted by a done task says that one; else its first
        let mut why: BTreeMap<Subject, Why> = BTreeMap::new();
        for t in &of {
            let done = t.status == Status::Done;
            why.entry(t.subject)
                .and_modify(|w| {
                    if done
                        && !matches!(
                            w,
                            Why::Task {
                                status: Status::Done,
                                ..
                            }
                        )
                    {
                        *w = task_why(t)
                    }
                })
                .or_insert_with(|| task_why(t));
        }
        (
            c,
            Figure::rate_of(
                sorted(
                    of.iter()
                        .filter(|t| t.status == Status::Done)
                        .map(|t| t.subject)
                        .collect(),
                ),
                sorted(of.iter().map(|t| t.subject).collect()),
            )
            .because(why),
        )
    });
    let late: Vec<&&Task> = scoped
        .iter()
        .filter(|t| t.status == Status::Overdue)
        .collect();
    let mut overdue = Figure::count_of(sorted(late.iter().map(|t| t.subject).collect()));
    for t in late.iter().rev() {
        overdue.why.insert(t.subject, task_why(t));
    }
    let mut colour_of: HashMap<Subject, Colour> = HashMap::new();
    for t in &scoped {
        if let (Some(c), Subject::Resident(_)) = (t.colour, t.subject) {
            colour_of.entry(t.subject).or_insert(c);
        }
    }
    let patients = sorted(colour_of.keys().copied().collect());
    let colours = [
        Colour::Red,
        Colour::Yellow,
        Colour::Green,
        Colour::Unassessed,
    ]
    .map(|c| {
        (
            c,
            Figure::rate_of(
                patients
                    .iter()
                    .filter(|s| colour_of[s] == c)
                    .copied()
                    .collect(),
                patients.clone(),
            )
            .because(patients.iter().map(|s| (*s, Why::Colour(colour_of[s])))),
        )
    });
    let window = |d: Option<NaiveDate>| d.is_some_and(|d| period.start <= d && d <= day);
    let referrals = |returned: bool| {
        let (subjects, why): (Vec<Subject>, Vec<(Subject, Why)>) = town
            .referrals
            .iter()
            .filter(|r| sc.residents.contains(&r.resident_id))
            .filter_map(|r| {
                let on = if returned {
                    r.returned_on
                } else {
                    Some(r.sent_on)
                };
                let s = Subject::Resident(r.resident_id);
                window(on).then(|| {
                    let on = on.unwrap_or(r.sent_on);
                    (
                        s,
                        (
                            s,
                            if returned {
                                Why::Returned(on)
                            } else {
                                Why::Referred(on)
                            },
                        ),
                    )
                })
            })
            .unzip();
        Figure::count_of(sorted(subjects)).because(why)
    };
    let adults = residents
        .iter()
        .filter(|r| r.active_on(day) && age_on(r.birth_date, day) >= Estimate::ADULT_AGE)
        .count();
    let health = |c: Condition, prevalence: f64| {
        let managed: Vec<(Subject, Why)> = residents
            .iter()
            .filter_map(|r| {
                let from = managed_in(r, c, period.start, day)?;
                Some((Subject::Resident(r.id), Why::ManagedFrom(from)))
            })
            .collect();
        Figure::estimated(
            sorted(managed.iter().map(|x| x.0).collect()),
            Estimate::of(adults, prevalence),
        )
        .because(managed)
    };
    let year_start = NaiveDate::from_ymd_opt(day.year(), 1, 1).unwrap_or(day);
    let mut checked: HashMap<i64, NaiveDate> = HashMap::new();
    for v in &town.visits {
        if let Subject::Resident(r) = v.subject
            && v.kind == VisitKind::YearlyCheck
            && v.outcome == Outcome::Completed
            && (year_start..=day).contains(&v.date)
        {
            // the latest check of the year
            let on = checked.entry(r).or_insert(v.date);
            *on = (*on).max(v.date);
        }
    }
    let elders: Vec<&&Resident> = residents
        .iter()
        .filter(|r| r.active_on(day) && age_on(r.birth_date, day) >= rules.elder_age)
        .collect();
    let elderly = Figure::rate_of(
        elders
            .iter()
            .filter(|r| checked.contains_key(&r.id))
            .map(|r| Subject::Resident(r.id))
            .collect(),
        elders.iter().map(|r| Subject::Resident(r.id)).collect(),
    )
    .because(elders.iter().map(|r| {
        let s = Subject::Resident(r.id);
        match checked.get(&r.id) {
            Some(on) => (s, Why::YearlyCheck(*on)),
            None => (s, Why::NoYearlyCheck(day.year())),
        }
    }));
    Indicators {
        period,
        evaluated_on: day,
        elderly,
        health_htn: health(Condition::Hypertension, rules.prevalence_htn),
        health_dm: health(Condition::Diabetes, rules.prevalence_dm),
        standard_htn: standard(Condition::Hypertension),
        standard_dm: standard(Condition::Diabetes),
        bp_control: control(Condition::Hypertension),
        fpg_control: control(Condition::Diabetes),
        signed_all: signed(&|_| true),
        signed_65: signed(&|r| age_on(r.birth_date, day) >= rules.elder_age),
        signed_chronic: signed(&|r| r.is_managed_patient(day)),
        signed_disabled: signed(&|r| r.disabled),
        visits,
        overdue,
        colours,
        referrals_sent: referrals(false),
        referrals_returned: referrals(true),
    }
}

/// How the report states its standard-management rule (§8: "state the rule on the report").
pub const STANDARD_RULE: &str = "规范管理：统计期内每个已结束、且全程在管的自然季度至少一次完成的随访，糖尿病该次随访须测空腹血糖（domain.md §3、§8）";

/// How the report states 老年人健康管理率 (§8).
pub const ELDERLY_RULE: &str = "老年人健康管理率：评估日在册、年满65岁（设置 `tier.elder_age`）的居民中，当年（1月1日至评估日）完成年度体检者所占比例（domain.md §8）";

/// [`ELDERLY_RULE`] in English.
pub const ELDERLY_RULE_EN: &str = "Elder health management: of the active residents aged 65 or older (setting tier.elder_age) on the evaluation day, those with a yearly health check done this year up to that day (domain.md §8)";

/// How the report states 健康管理率's estimated denominator (§8).
pub const HEALTH_RULE: &str = "健康管理率：统计期内在管患者数 ÷ 估计患者数（评估日18岁及以上在册居民 × 患病率设置 indicators.prevalence_htn / _dm，四舍五入；domain.md §8）";

/// [`STANDARD_RULE`] in English, under `gridcare report --lang en`'s table.
pub const STANDARD_RULE_EN: &str = "Standard management: at least one completed follow-up in every calendar quarter of the period that has ended and in which the patient was under management throughout (domain.md §8)";

#[cfg(test)]
mod tests {
    use super::*;

    /// The trend skips the queue for columns outside QUEUE_COLUMNS: those
    /// columns must be exactly the queue's figures.
    #[test]
    fn queue_columns_are_the_queue_figures() {
        let heads: Vec<&str> = COLUMNS[QUEUE_COLUMNS].iter().map(|c| c.0).collect();
        assert_eq!(heads.first(), Some(&"随访完成率(周)"));
        assert_eq!(heads.last(), Some(&"未评估"));
        assert_eq!(heads.len(), 4 + 1 + 4);
    }
}
