//! The visit queues (domain.md §6): every task on an as-of date, its status,
//! who does it and why, in triage order.

use super::calendar::{Cadence, Period, age_on};
use super::code_enum;
use super::colour::{self, ColourCause};
use super::model::*;
use super::rules::Rules;
use super::tier::{Tier, household_tier, tier_since};
use chrono::{Days, Months, NaiveDate};
use std::collections::HashMap;

code_enum!(
    /// Task status (§6), in the order a list shows them.
    Status { Overdue = "overdue", Due = "due", Upcoming = "upcoming", Done = "done", Removed = "removed" }
);
code_enum!(WorkerRole { GridWorker = "grid_worker", Team = "team", Volunteer = "volunteer" });

/// When a task is due: a calendar period, or a date for event-driven tasks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum When {
    Period(Period),
    By(NaiveDate),
}

impl When {
    /// The last day the task may be done on time.
    pub fn deadline(self) -> NaiveDate {
        match self {
            When::Period(p) => p.end(),
            When::By(d) => d,
        }
    }
    pub fn cadence(self) -> Option<Cadence> {
        match self {
            When::Period(p) => Some(p.cadence),
            When::By(_) => None,
        }
    }
    pub fn is_dated(self) -> bool {
        matches!(self, When::By(_))
    }
}

/// Why the task exists.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Reason {
    /// Grid-worker household visit by tier (§2).
    Tier { tier: Tier, overridden: bool },
    /// Chronic follow-up by colour (§3, §4).
    Chronic {
        conditions: Vec<Condition>,
        colour: Colour,
        cause: ColourCause,
        since: NaiveDate,
    },
    /// Yearly health check of an elder or a young child (§2 ★4).
    Age { age: i32 },
    /// Follow-up after a referral (§3, §7).
    Referral {
        referral_id: i64,
        sent_on: NaiveDate,
    },
    /// A ★1 elder's one-person-one-plan to write or review (§2 ★1, issue 14).
    CarePlan {
        plan: super::careplan::PlanState,
        review_on: Option<NaiveDate>,
    },
}

impl Reason {
    /// The reason in codes, for CSV and JSON (`gridcare queue --format csv`);
    /// in words it is `words::task_why`.
    pub fn codes(&self) -> String {
        match self {
            Reason::Tier { tier, overridden } => format!(
                "tier {}{}",
                tier.number(),
                if *overridden { " (override)" } else { "" }
            ),
            Reason::Chronic {
                conditions,
                colour,
                cause,
                since,
            } => format!(
                "{} {} since {since} ({})",
                conditions
                    .iter()
                    .map(|c| c.code())
                    .collect::<Vec<_>>()
                    .join("+"),
                colour.code(),
                cause.code()
            ),
            Reason::Age { age } => format!("age {age}"),
            Reason::Referral {
                referral_id,
                sent_on,
            } => format!("referral {referral_id} sent {sent_on}"),
            Reason::CarePlan { plan, review_on } => match review_on {
                Some(r) => format!("care plan review {r}"),
                None => format!(
                    "care plan {}",
                    if *plan == crate::domain::careplan::PlanState::Missing {
                        "missing"
                    } else {
                        "undated"
                    }
                ),
            },
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Task {
    pub kind: VisitKind,
    pub subject: Subject,
    /// The resident's name, or the household head's.
    pub name: String,
    pub household_id: i64,
    pub village_id: i64,
    pub grid_id: i64,
    /// The household's effective tier.
    pub tier: Tier,
    /// The patient's colour, for resident tasks of chronic patients.
    pub colour: Option<Colour>,
    pub role: WorkerRole,
    pub worker: Option<WorkerRef>,
    pub volunteer: Option<WorkerRef>,
    pub when: When,
    pub status: Status,
    /// Whole periods missed (periodic tasks), 0 otherwise.
    pub missed_periods: u32,
    /// Days since the task should have been done: since the end of the oldest
    /// missed period, or since the due date. 0 unless overdue.
    pub days_overdue: i64,
    pub done_on: Option<NaiveDate>,
    /// For a "call again" outcome: the task waits until this date.
    pub upcoming_from: Option<NaiveDate>,
    pub last_attempt: Option<(NaiveDate, Outcome)>,
    pub reason: Reason,
    /// The cadence of the obligation the task belongs to: its period's, or,
    /// for a dated task (a first follow-up, a re-check, a referral
    /// follow-up — all clinical, §3, §4), the chronic follow-up cadence
    /// (`cadence.green_followup`, quarterly).
    pub cadence: Cadence,
    /// When the task, left alone, is done until and falls overdue: what the
    /// kept task state stores so a later day needs no recompute (issue 30).
    pub timeline: Timeline,
}

/// The days on which a task's status changes by the calendar alone (no new
/// record): done through `done_until` (None: not done; `NaiveDate::MAX`:
/// for good), overdue from `overdue_from` (None: never).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Timeline {
    pub done_until: Option<NaiveDate>,
    pub overdue_from: Option<NaiveDate>,
}

impl Task {
    /// The one date every list, detail and `gridcare queue` shows beside a
    /// task (issue 25 item 7): when it should have been done by. For a task
    /// overdue by whole periods that is the end of the oldest missed one, not
    /// the end of the current period ("2026-12-31 逾期 5期" read as overdue
    /// before its date, and the queue and the resident screen disagreed).
    pub fn due_on(&self, today: NaiveDate) -> NaiveDate {
        if self.status == Status::Overdue && self.missed_periods > 0 {
            today - chrono::Days::new(self.days_overdue.max(0) as u64)
        } else {
            self.when.deadline()
        }
    }

    /// Whether the task shows on the queue of `tab` (issue 11): on its
    /// obligation's cadence, and a dated task also on the week's queue, since
    /// it falls due within days.
    pub fn on_tab(&self, tab: Cadence) -> bool {
        self.cadence == tab || (self.when.is_dated() && tab == Cadence::Week)
    }

    /// Still to do: due, overdue, or waiting for its "call again" date. A done
    /// task (§6: a visit counts for it) or a removed one (refused, wrong phone)
    /// is not.
    pub fn is_to_do(&self) -> bool {
        matches!(
            self.status,
            Status::Overdue | Status::Due | Status::Upcoming
        )
    }
}

/// The tasks a 待办任务 (open tasks) list shows, in the order given: those
/// still to do, never done or removed ones (issue 10 item 12).
pub fn to_do<'a>(tasks: impl IntoIterator<Item = &'a Task>) -> Vec<&'a Task> {
    tasks.into_iter().filter(|t| t.is_to_do()).collect()
}

/// Filters of the queue (§6); `None` lets everything through.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub village: Option<i64>,
    pub grid: Option<i64>,
    pub worker: Option<(WorkerRole, i64)>,
    pub tier: Option<Tier>,
    pub colour: Option<Colour>,
    pub kind: Option<VisitKind>,
    pub status: Option<Status>,
    pub cadence: Option<Cadence>,
}

impl Filter {
    pub fn matches(&self, t: &Task) -> bool {
        let worker_ok = match self.worker {
            None => true,
            Some((WorkerRole::Volunteer, id)) => t.volunteer.as_ref().is_some_and(|v| v.id == id),
            Some((role, id)) => t.role == role && t.worker.as_ref().is_some_and(|w| w.id == id),
        };
        self.village.is_none_or(|v| t.village_id == v)
            && self.grid.is_none_or(|g| t.grid_id == g)
            && worker_ok
            && self.tier.is_none_or(|x| t.tier == x)
            && self.colour.is_none_or(|c| t.colour == Some(c))
            && self.kind.is_none_or(|k| t.kind == k)
            && self.status.is_none_or(|s| t.status == s)
            && self.cadence.is_none_or(|c| t.on_tab(c))
    }
}

/// Triage order (domain.md §6: "red first, then most periods/days overdue,
/// then tier, then name"): open tasks first; among them red first, then most
/// days overdue, then tier (★1 first), then the earlier due date (issue 10:
/// of two tasks equal in status, lateness and tier, the one due sooner comes
/// first; §6 orders by nothing between tier and name, so this only breaks
/// ties that the name broke before), then name in pinyin order (阿 before 张,
/// not by code point).
pub fn triage_key(t: &Task) -> impl Ord + use<> {
    let open = matches!(t.status, Status::Overdue | Status::Due);
    (
        (
            !open,
            // open tasks are one group; the others keep upcoming, done, removed apart
            if open { Status::Overdue } else { t.status },
            t.colour != Some(Colour::Red),
            std::cmp::Reverse(t.days_overdue),
            t.tier,
            t.when.deadline(),
        ),
        crate::search::name_key(&t.name),
        (
            // the name's characters are in its key: ties left are of one name
            t.subject,
            t.kind,
            // ties left only between tasks of one subject and kind (two referrals):
            // the order is total, so a task recomputed alone sorts where it did
            match t.reason {
                Reason::Referral { referral_id, .. } => referral_id,
                _ => 0,
            },
        ),
    )
}

/// The visits of one subject, sorted by date.
type VisitIndex<'a> = HashMap<Subject, Vec<&'a VisitRecord>>;

fn completed_dates(visits: &[&VisitRecord], family: fn(VisitKind) -> bool) -> Vec<NaiveDate> {
    let mut v: Vec<NaiveDate> = visits
        .iter()
        .filter(|v| v.outcome == Outcome::Completed && family(v.kind))
        .map(|v| v.date)
        .collect();
    v.sort();
    v
}

fn any_in(dates: &[NaiveDate], from: NaiveDate, to: NaiveDate) -> Option<NaiveDate> {
    let i = dates.partition_point(|d| *d < from);
    dates.get(i).copied().filter(|d| *d <= to)
}

struct Progress {
    status: Status,
    missed: u32,
    days: i64,
    done_on: Option<NaiveDate>,
    timeline: Timeline,
}

/// The day a periodic obligation falls overdue when no visit comes: the end
/// of the first period that begins after `anchor` (the start of the
/// obligation, or the latest visit), plus one day (§6: that period is missed).
fn overdue_after(cadence: Cadence, anchor: NaiveDate) -> Option<NaiveDate> {
    Period::containing(cadence, anchor).next().end().succ_opt()
}

/// A periodic obligation (§6): done when the current period has a completed
/// visit; overdue when earlier periods ended without one, counting only periods
/// that began after `since` (the day the obligation took effect: the period
/// holding it is a grace period — also when it begins on that period's first
/// day, domain.md §6); otherwise due.
fn periodic(period: Period, since: NaiveDate, done: &[NaiveDate], today: NaiveDate) -> Progress {
    // done: the latest visit of the period, which is the one a coordinator asks about
    let upto = done.partition_point(|d| *d <= today);
    if let Some(&d) = upto
        .checked_sub(1)
        .and_then(|i| done.get(i))
        .filter(|d| **d >= period.start)
    {
        return Progress {
            status: Status::Done,
            missed: 0,
            days: 0,
            done_on: Some(d),
            timeline: Timeline {
                done_until: Some(period.end()),
                overdue_from: overdue_after(period.cadence, period.end().max(since)),
            },
        };
    }
    let last = upto.checked_sub(1).and_then(|i| done.get(i)).copied();
    let timeline = Timeline {
        done_until: None,
        overdue_from: overdue_after(period.cadence, last.map_or(since, |l| l.max(since))),
    };
    let mut missed = 0u32;
    let mut oldest_end = None;
    let mut p = period.prev();
    // Bounded: a township's records reach back decades at most.
    while p.start > since && any_in(done, p.start, p.end()).is_none() && missed < 5000 {
        missed += 1;
        oldest_end = Some(p.end());
        p = p.prev();
    }
    match oldest_end {
        Some(end) => Progress {
            status: Status::Overdue,
            missed,
            days: (today - end).num_days(),
            done_on: None,
            timeline,
        },
        None => Progress {
            status: Status::Due,
            missed: 0,
            days: 0,
            done_on: None,
            timeline,
        },
    }
}

/// An event-driven task due `by` (§6): due until then, overdue after.
fn event(by: NaiveDate, today: NaiveDate) -> Progress {
    let timeline = Timeline {
        done_until: None,
        overdue_from: by.succ_opt(),
    };
    if today <= by {
        Progress {
            status: Status::Due,
            missed: 0,
            days: 0,
            done_on: None,
            timeline,
        }
    } else {
        Progress {
            status: Status::Overdue,
            missed: 0,
            days: (today - by).num_days(),
            done_on: None,
            timeline,
        }
    }
}

/// All tasks of a township on `today`, in triage order.
pub fn tasks(t: &Township, today: NaiveDate, rules: &Rules) -> Vec<Task> {
    let mut by_subject: VisitIndex = HashMap::new();
    for v in t.visits.iter().filter(|v| v.date <= today) {
        by_subject.entry(v.subject).or_default().push(v);
    }
    for list in by_subject.values_mut() {
        list.sort_by_key(|v| (v.date, v.id));
    }
    let mut referrals: HashMap<i64, Vec<&ReferralRecord>> = HashMap::new();
    for r in &t.referrals {
        referrals.entry(r.resident_id).or_default().push(r);
    }
    let grid_worker: HashMap<i64, &Option<WorkerRef>> =
        t.grids.iter().map(|g| (g.id, &g.worker)).collect();
    let village_team: HashMap<i64, &Option<WorkerRef>> =
        t.villages.iter().map(|v| (v.id, &v.team)).collect();
    let none = Vec::new();

    let mut out = Vec::new();
    for h in &t.households {
        // A household whose members have all died or moved leaves the queues (§6).
        if !h.members.iter().any(|m| m.active_on(today)) {
            continue;
        }
        let ht = household_tier(h, today, rules);
        let base = TaskBase {
            household: h,
            tier: ht.effective,
            today,
            worker: grid_worker.get(&h.grid_id).and_then(|w| (*w).clone()),
            village_team: village_team.get(&h.village_id).and_then(|w| (*w).clone()),
            chronic: rules.green_followup,
        };
        if let Some(cadence) = ht.effective.household_visit_cadence(rules)
            && h.registered_on <= today
        {
            let visits = by_subject.get(&Subject::Household(h.id)).unwrap_or(&none);
            let period = Period::containing(cadence, today);
            // §2 ★5: the yearly visit counts with its health-knowledge push
            let counted: Vec<&VisitRecord> = visits
                .iter()
                .copied()
                .filter(|v| super::events::counts_for_tier(ht.effective, v))
                .collect();
            let done = completed_dates(&counted, |k| k == VisitKind::Household);
            let p = periodic(period, tier_since(h, &ht, today, rules), &done, today);
            let reason = Reason::Tier {
                tier: ht.effective,
                overridden: ht.override_reason.is_some(),
            };
            out.push(base.task(
                VisitKind::Household,
                Subject::Household(h.id),
                h.display_name(),
                WorkerRole::GridWorker,
                When::Period(period),
                p,
                reason,
                visits,
                period.start,
            ));
        }
        for m in h
            .members
            .iter()
            .filter(|m| m.active_on(today) && m.registered_on <= today)
        {
            let visits = by_subject.get(&Subject::Resident(m.id)).unwrap_or(&none);
            member_tasks(
                &base,
                m,
                visits,
                referrals.get(&m.id).map_or(&[][..], |v| v.as_slice()),
                rules,
                &mut out,
            );
        }
    }
    out.sort_by_cached_key(triage_key);
    out
}

struct TaskBase<'a> {
    household: &'a Household,
    tier: Tier,
    today: NaiveDate,
    worker: Option<WorkerRef>,
    /// Serves residents of the village who have no contract of their own.
    village_team: Option<WorkerRef>,
    /// The chronic follow-up cadence, the queue of dated tasks.
    chronic: Cadence,
}

impl TaskBase<'_> {
    /// Builds a task and applies the latest contact outcome since `window_start` (§6).
    #[allow(clippy::too_many_arguments)]
    fn task(
        &self,
        kind: VisitKind,
        subject: Subject,
        name: &str,
        role: WorkerRole,
        when: When,
        p: Progress,
        reason: Reason,
        visits: &[&VisitRecord],
        window_start: NaiveDate,
    ) -> Task {
        let same_family = |k: VisitKind| match kind {
            VisitKind::Household | VisitKind::YearlyCheck | VisitKind::CarePlan => k == kind,
            _ => k.is_clinical_followup(),
        };
        let last_attempt = visits.iter().rev().find(|v| {
            same_family(v.kind) && v.date >= window_start && v.outcome != Outcome::Completed
        });
        let (colour, volunteer, worker) = match subject {
            Subject::Resident(id) => {
                let m = self.household.members.iter().find(|m| m.id == id);
                let team = m
                    .and_then(|m| m.team.clone())
                    .or_else(|| self.village_team.clone());
                match &reason {
                    Reason::Chronic { colour, .. } => {
                        (Some(*colour), m.and_then(|m| m.volunteer.clone()), team)
                    }
                    Reason::Referral { .. } => {
                        (Some(Colour::Red), m.and_then(|m| m.volunteer.clone()), team)
                    }
                    _ => (None, None, team),
                }
            }
            Subject::Household(_) => (None, None, self.worker.clone()),
        };
        let mut status = p.status;
        let mut upcoming_from = None;
        if let Some(a) = last_attempt
            && matches!(status, Status::Due | Status::Overdue)
        {
            match a.outcome {
                // §6 "call again later (date)" waits the task until that day,
                // except a red patient's: §4 red is "top of every queue", so
                // their task stays due or overdue, and on the red list,
                // whatever date was typed (issue 10, item 8).
                Outcome::CallAgain => {
                    if colour != Some(Colour::Red)
                        && let Some(d) = a.call_again_on.filter(|d| *d > self.today)
                    {
                        status = Status::Upcoming;
                        upcoming_from = Some(d);
                    }
                }
                Outcome::Removed => status = Status::Removed,
                _ => {}
            }
        }
        let open = matches!(status, Status::Due | Status::Overdue);
        Task {
            kind,
            subject,
            name: name.to_string(),
            household_id: self.household.id,
            village_id: self.household.village_id,
            grid_id: self.household.grid_id,
            tier: self.tier,
            colour,
            role,
            worker,
            volunteer,
            when,
            status,
            missed_periods: if open { p.missed } else { 0 },
            days_overdue: if open { p.days } else { 0 },
            done_on: p.done_on,
            upcoming_from,
            last_attempt: last_attempt.map(|a| (a.date, a.outcome)),
            reason,
            cadence: when.cadence().unwrap_or(self.chronic),
            timeline: p.timeline,
        }
    }
}

fn member_tasks(
    base: &TaskBase,
    m: &Resident,
    visits: &[&VisitRecord],
    referrals: &[&ReferralRecord],
    rules: &Rules,
    out: &mut Vec<Task>,
) {
    let today = base.today;
    let subject = Subject::Resident(m.id);
    let age = age_on(m.birth_date, today);

    // ★4 yearly health check for elders and young children (§2); stacks with any tier.
    let elder = age >= rules.elder_age;
    if elder || (0..rules.child_under_age).contains(&age) {
        let eligible_from = if elder {
            m.birth_date
                .checked_add_months(Months::new(12 * rules.elder_age as u32))
                .unwrap_or(m.birth_date)
        } else {
            m.birth_date
        };
        let since = eligible_from.max(m.registered_on);
        let period = Period::containing(rules.age_check, today);
        let done = completed_dates(visits, |k| k == VisitKind::YearlyCheck);
        let p = periodic(period, since, &done, today);
        out.push(base.task(
            VisitKind::YearlyCheck,
            subject,
            &m.name,
            WorkerRole::Team,
            When::Period(period),
            p,
            Reason::Age { age },
            visits,
            period.start,
        ));
    }

    // §2 ★1: the family doctor keeps a written plan of each lonely elder; a
    // missing or stale one is a dated task of the doctor team, done by
    // writing the plan (never by a visit).
    if let Some(due) = super::careplan::plan_due(m, today, rules) {
        let p = if due.done {
            Progress {
                status: Status::Done,
                missed: 0,
                days: 0,
                done_on: due.written_on,
                // done until its review day, due on it (§6 dated tasks)
                timeline: Timeline {
                    done_until: due.by.pred_opt(),
                    overdue_from: due.by.succ_opt(),
                },
            }
        } else {
            event(due.by, today)
        };
        out.push(base.task(
            VisitKind::CarePlan,
            subject,
            &m.name,
            WorkerRole::Team,
            When::By(due.by),
            p,
            Reason::CarePlan {
                plan: due.state,
                review_on: due.review_on,
            },
            visits,
            due.by,
        ));
    }

    if !m.is_managed_patient(today) {
        return;
    }
    let conditions: Vec<Condition> = m.managed_conditions(today).map(|c| c.condition).collect();
    let managed_from = m
        .managed_conditions(today)
        .map(|c| c.managed_from)
        .min()
        .unwrap_or(today);
    let clinical: Vec<&VisitRecord> = visits
        .iter()
        .copied()
        .filter(|v| v.kind.is_clinical_followup() && v.outcome == Outcome::Completed)
        .collect();
    // §6 (clarified): a patient entered with an earlier diagnosis or
    // management date copied from paper files is in grace from the day of
    // entry (the diagnosis entered, the resident registered), not the paper date
    let grace_from = m
        .managed_conditions(today)
        .map(|c| c.grace_from())
        .min()
        .unwrap_or(managed_from)
        .max(m.registered_on);
    let assessed = super::followup::assess_patient(m, &clinical, rules);
    let hist = colour::history(managed_from, &assessed, referrals, today);
    let current = hist.last().copied().unwrap_or(colour::ColourChange {
        since: managed_from,
        colour: Colour::Unassessed,
        cause: ColourCause::NoFollowup,
        visit_id: None,
    });
    let reason = Reason::Chronic {
        conditions,
        colour: current.colour,
        cause: current.cause,
        since: current.since,
    };
    let last_followup = clinical.last().map(|v| v.date);

    // Open referrals: a follow-up within 2 weeks of sending (§3, §7).
    let mut referral_task_open = false;
    for r in referrals
        .iter()
        .filter(|r| r.returned_on.is_none_or(|b| b > today) && r.sent_on <= today)
    {
        let by = r.sent_on + Days::new(rules.referral_followup_days.max(0) as u64);
        // the visit that raised the referral (same day) does not follow it up
        let p = match clinical.iter().find(|v| v.date > r.sent_on) {
            Some(v) => Progress {
                status: Status::Done,
                missed: 0,
                days: 0,
                done_on: Some(v.date),
                timeline: Timeline {
                    done_until: NaiveDate::from_ymd_opt(9999, 12, 31),
                    overdue_from: None,
                },
            },
            None => event(by, today),
        };
        referral_task_open |= p.status != Status::Done;
        let why = Reason::Referral {
            referral_id: r.id,
            sent_on: r.sent_on,
        };
        out.push(base.task(
            VisitKind::ReferralFollowup,
            subject,
            &m.name,
            WorkerRole::Team,
            When::By(by),
            p,
            why,
            visits,
            r.sent_on,
        ));
    }

    let (kind, when, p, window) = match current.colour {
        // §4 unassessed: the first follow-up is due within 14 days of the start
        // of management (of its entry, §6), overdue by days after that.
        Colour::Unassessed => {
            let by = grace_from + Days::new(rules.unassessed_due_days.max(0) as u64);
            (
                VisitKind::Followup,
                When::By(by),
                event(by, today),
                managed_from,
            )
        }
        // §4 red: follow-up due within 14 days; an open referral's task already asks for it.
        Colour::Red => {
            if referral_task_open {
                return;
            }
            // within 14 days of turning red, and again after each follow-up while red
            let last = last_followup.map_or(current.since, |l| l.max(current.since));
            let by = last + Days::new(rules.red_due_days.max(0) as u64);
            (VisitKind::Recheck, When::By(by), event(by, today), last)
        }
        // §3, §4 yellow: each uncontrolled or adverse follow-up starts a new
        // 2-week re-check; after a contact that classified nothing, monthly while yellow.
        Colour::Yellow => {
            let last = last_followup.unwrap_or(current.since);
            let restarts = assessed
                .last()
                .is_some_and(|a| a.date == last && a.assessment.needs_recheck());
            let by = if restarts {
                last + Days::new(rules.recheck_days.max(0) as u64)
            } else if last == current.since {
                last + Days::new(rules.yellow_due_days.max(0) as u64)
            } else {
                rules.yellow_followup.after(last)
            };
            (VisitKind::Recheck, When::By(by), event(by, today), last)
        }
        // §4 green: quarterly (phone allowed); §3 at least 4 a year. A quarter
        // that began before the patient turned green is a grace period (§6).
        Colour::Green => {
            let period = Period::containing(rules.green_followup, today);
            let done = clinical.iter().map(|v| v.date).collect::<Vec<_>>();
            (
                VisitKind::Followup,
                When::Period(period),
                periodic(period, grace_from.max(current.since), &done, today),
                period.start,
            )
        }
    };
    out.push(base.task(
        kind,
        subject,
        &m.name,
        WorkerRole::Team,
        when,
        p,
        reason,
        visits,
        window,
    ));
}

#[cfg(test)]
mod tests;
