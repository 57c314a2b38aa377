//! The weekly plan 本周计划 (domain.md §6 "Weekly plan"): of one worker's
//! queue, what they do in one ISO week — every overdue, red, weekly and dated
//! task, and of each period's open tasks a fair share ceil(N / W), N the
//! period's open households and W the weeks of the period left (a week
//! belongs to the period holding its Thursday). Households stay whole; a
//! share takes a grid's households together; capacity caps only the share.
//! Pure: the caller gives the tasks (as of the week's Thursday), the keys
//! planned in earlier weeks, and stores what comes out.

use super::calendar::{Cadence, Period};
use super::model::{Colour, Subject, VisitKind};
use super::queue::{Reason, Status, Task, When, WorkerRole};
use chrono::{Days, NaiveDate};
use std::collections::{BTreeMap, HashMap, HashSet};

/// A task's name that stays the same from week to week (what `plan_task`
/// stores): its kind and subject, and a referral's number for a referral
/// follow-up (one patient may have two).
pub fn task_key(t: &Task) -> String {
    let subject = match t.subject {
        Subject::Household(id) => format!("h{id}"),
        Subject::Resident(id) => format!("r{id}"),
    };
    match t.reason {
        Reason::Referral { referral_id, .. } => {
            format!("{}:{subject}:{referral_id}", t.kind.code())
        }
        _ => format!("{}:{subject}", t.kind.code()),
    }
}

/// The kind and subject a stored key names (`None` for a key no gridcare wrote).
pub fn parse_key(key: &str) -> Option<(VisitKind, Subject)> {
    let mut parts = key.split(':');
    let kind = VisitKind::from_code(parts.next()?)?;
    let subject = parts.next()?;
    let id: i64 = subject.get(1..)?.parse().ok()?;
    let subject = match subject.chars().next()? {
        'h' => Subject::Household(id),
        'r' => Subject::Resident(id),
        _ => return None,
    };
    Some((kind, subject))
}

/// The day a week is judged on: its Thursday, since a week belongs to the
/// period holding its Thursday (§6); the queue is computed as of that day.
pub fn thursday(week: Period) -> NaiveDate {
    week.start + Days::new(3)
}

/// W of §6: the weeks of `period` left from `week` on, this one included,
/// counting the weeks whose Thursday lies in the period. 0 when the week's
/// Thursday lies after the period.
pub fn weeks_left(period: Period, week: Period) -> u32 {
    let mut n = 0;
    let mut day = thursday(week);
    while day <= period.end() {
        if day >= period.start {
            n += 1;
        }
        day = day + Days::new(7);
    }
    n
}

/// Why a task is in the week's plan.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(tag = "why", rename_all = "snake_case")]
pub enum Why {
    /// An earlier period or due date passed without a visit.
    Overdue,
    /// A red patient (§4: top of every queue).
    Red,
    /// A weekly obligation (★1).
    Weekly,
    /// Event-driven, due on or before the week's Sunday.
    Dated { by: NaiveDate },
    /// The fair share of a period: `share` of `of` open households, with
    /// `weeks_left` weeks of the period left.
    Share {
        cadence: Cadence,
        weeks_left: u32,
        share: usize,
        of: usize,
    },
    /// Planned in an earlier week of the period and not yet done: first in its share.
    Carried {
        cadence: Cadence,
        weeks_left: u32,
        share: usize,
        of: usize,
    },
    /// Goes with another task of its household (a household is not split across weeks).
    Household,
    /// Moved into the week by hand.
    ByHand,
    /// Fell due after the plan was stored (overdue, red or dated): a stored
    /// plan takes it without moving anything else.
    Added,
}

impl Why {
    /// The rule's reasons that capacity never caps (§6).
    pub fn is_required(&self) -> bool {
        matches!(
            self,
            Why::Overdue | Why::Red | Why::Weekly | Why::Dated { .. } | Why::Added
        )
    }
    pub fn code(&self) -> &'static str {
        match self {
            Why::Overdue => "overdue",
            Why::Red => "red",
            Why::Weekly => "weekly",
            Why::Dated { .. } => "dated",
            Why::Share { .. } => "share",
            Why::Carried { .. } => "carried",
            Why::Household => "household",
            Why::ByHand => "by_hand",
            Why::Added => "added",
        }
    }
}

/// A hand move (kept with its reason, shown beside the task).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "moved", content = "reason", rename_all = "snake_case")]
pub enum Moved {
    In(String),
    Out(String),
}

/// One task of a week's plan.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Planned {
    pub key: String,
    pub household_id: i64,
    pub why: Why,
    /// Moved in or out by hand; a task moved out stays listed, not counted.
    pub moved: Option<Moved>,
}

impl Planned {
    /// In the week's work (not moved out).
    pub fn counts(&self) -> bool {
        !matches!(self.moved, Some(Moved::Out(_)))
    }
}

/// One worker's plan for one ISO week.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub role: WorkerRole,
    pub worker: i64,
    pub week: Period,
    /// Visits a week (`roster.load_limit_per_week`).
    pub capacity: usize,
    pub items: Vec<Planned>,
    /// Share households capacity left for later weeks.
    pub deferred: usize,
}

impl Plan {
    /// Visits planned: the tasks in the week, not those moved out.
    pub fn load(&self) -> usize {
        self.items.iter().filter(|p| p.counts()).count()
    }
    /// How far the plan is over capacity (0 when within).
    pub fn over_by(&self) -> usize {
        self.load().saturating_sub(self.capacity)
    }
    pub fn find(&self, key: &str) -> Option<&Planned> {
        self.items.iter().find(|p| p.key == key)
    }
    /// Whether the task is in the week's work.
    pub fn holds(&self, key: &str) -> bool {
        self.find(key).is_some_and(Planned::counts)
    }
}

/// Still to do in the week: due, overdue, or a "call again" falling inside it.
fn open_in(t: &Task, week: Period) -> bool {
    match t.status {
        Status::Due | Status::Overdue => true,
        Status::Upcoming => t.upcoming_from.is_some_and(|d| d <= week.end()),
        Status::Done | Status::Removed => false,
    }
}

/// Why §6 puts the task in the week whatever the capacity, if it does.
pub fn required(t: &Task, week: Period) -> Option<Why> {
    if !open_in(t, week) {
        return None;
    }
    if t.colour == Some(Colour::Red) {
        return Some(Why::Red);
    }
    if t.status == Status::Overdue {
        return Some(Why::Overdue);
    }
    match t.when {
        When::By(by) if by <= week.end() => Some(Why::Dated { by }),
        When::By(_) => None,
        When::Period(p) if p.cadence == Cadence::Week => Some(Why::Weekly),
        // a period ending before the week's Sunday: its last chance is this week
        When::Period(p) if p.end() <= week.end() && weeks_left(p, week) == 0 => {
            Some(Why::Dated { by: p.end() })
        }
        When::Period(_) => None,
    }
}

/// The plan of `week` for one worker. `tasks` are that worker's tasks as of
/// the week's Thursday, in triage order; `earlier` the keys planned (and not
/// moved out) in earlier weeks; `capacity` the visits a week.
pub fn make(
    (role, worker): (WorkerRole, i64),
    tasks: &[Task],
    week: Period,
    capacity: usize,
    earlier: &HashSet<String>,
) -> Plan {
    let mut items: Vec<Planned> = Vec::new();
    let mut taken: HashSet<String> = HashSet::new();
    let mut households_in: HashSet<i64> = HashSet::new();
    let open: Vec<&Task> = tasks.iter().filter(|t| open_in(t, week)).collect();
    // the optional tasks of each household, by period
    let mut optional: HashMap<i64, Vec<&Task>> = HashMap::new();
    for t in &open {
        if required(t, week).is_none() {
            optional.entry(t.household_id).or_default().push(t);
        }
    }

    for t in &open {
        if let Some(why) = required(t, week) {
            taken.insert(task_key(t));
            households_in.insert(t.household_id);
            items.push(Planned {
                key: task_key(t),
                household_id: t.household_id,
                why,
                moved: None,
            });
        }
    }
    // a household in the week brings its other tasks (§6: not split across weeks)
    let mut pulled: Vec<&Task> = Vec::new();
    for t in &open {
        if households_in.contains(&t.household_id) && !taken.contains(&task_key(t)) {
            pulled.push(t);
        }
    }
    for t in pulled {
        taken.insert(task_key(t));
        items.push(Planned {
            key: task_key(t),
            household_id: t.household_id,
            why: Why::Household,
            moved: None,
        });
    }

    // the fair share of each period, the shortest first
    let mut periods: BTreeMap<(Cadence, NaiveDate), Vec<&Task>> = BTreeMap::new();
    for t in &open {
        if let (None, When::Period(p)) = (required(t, week), t.when) {
            periods.entry((p.cadence, p.start)).or_default().push(t);
        }
    }
    let mut room = capacity.saturating_sub(items.len());
    let mut deferred = 0;
    for ((cadence, start), set) in periods {
        let period = Period { cadence, start };
        let w = weeks_left(period, week).max(1) as usize;
        // the set's households in triage order of their first task, the
        // households planned in an earlier week first (carried over)
        let mut order: Vec<(i64, i64, i64, bool)> = Vec::new(); // household, grid, village, carried
        for t in &set {
            if !order.iter().any(|o| o.0 == t.household_id) {
                order.push((t.household_id, t.grid_id, t.village_id, false));
            }
        }
        for o in &mut order {
            o.3 = set
                .iter()
                .any(|t| t.household_id == o.0 && earlier.contains(&task_key(t)));
        }
        order.sort_by_key(|o| !o.3); // stable: triage order within each part
        let n = order.len();
        let share = n.div_ceil(w);
        let mut chosen: Vec<i64> = order
            .iter()
            .filter(|o| households_in.contains(&o.0))
            .map(|o| o.0)
            .collect();
        let mut village: Option<i64> = None;
        let mut stopped = false;
        while chosen.len() < share && !stopped {
            let left = |o: &&(i64, i64, i64, bool)| !chosen.contains(&o.0);
            // carried households first; then the grid of the next in triage
            // order, its village's grids before another village's
            let lead = order
                .iter()
                .filter(left)
                .find(|o| o.3)
                .or_else(|| order.iter().filter(left).find(|o| Some(o.2) == village))
                .or_else(|| order.iter().find(|o| !chosen.contains(&o.0)))
                .copied();
            let Some(lead) = lead else { break };
            village = Some(lead.2);
            let grid: Vec<i64> = order
                .iter()
                .filter(|o| {
                    !chosen.contains(&o.0) && (o.0 == lead.0 || (!lead.3 && o.1 == lead.1 && !o.3))
                })
                .map(|o| o.0)
                .collect();
            for h in grid {
                if chosen.len() >= share {
                    break;
                }
                let theirs = optional.get(&h).map_or(&[][..], Vec::as_slice);
                let theirs: Vec<&&Task> = theirs
                    .iter()
                    .filter(|t| !taken.contains(&task_key(t)))
                    .collect();
                if theirs.len() > room {
                    stopped = true;
                    break;
                }
                room -= theirs.len();
                chosen.push(h);
                households_in.insert(h);
                for t in theirs {
                    taken.insert(task_key(t));
                    let mine = t.when == When::Period(period);
                    let why = match (mine, earlier.contains(&task_key(t))) {
                        (true, true) => Why::Carried {
                            cadence,
                            weeks_left: w as u32,
                            share,
                            of: n,
                        },
                        (true, false) => Why::Share {
                            cadence,
                            weeks_left: w as u32,
                            share,
                            of: n,
                        },
                        // another period's task of the same household
                        (false, _) => Why::Household,
                    };
                    items.push(Planned {
                        key: task_key(t),
                        household_id: t.household_id,
                        why,
                        moved: None,
                    });
                }
            }
        }
        deferred += share.saturating_sub(chosen.len());
    }
    Plan {
        role,
        worker,
        week,
        capacity,
        items,
        deferred,
    }
}

/// A stored plan as it stands now: the stored tasks as they were planned,
/// and any task that has since become required (overdue, red, dated) added
/// after them. Nothing stored moves; adding a task adds only itself (§6).
pub fn with_new_required(mut stored: Plan, tasks: &[Task]) -> Plan {
    let week = stored.week;
    for t in tasks {
        let key = task_key(t);
        if required(t, week).is_some() && stored.find(&key).is_none() {
            stored.items.push(Planned {
                key,
                household_id: t.household_id,
                why: Why::Added,
                moved: None,
            });
        }
    }
    stored
}

/// What a re-plan would change: the tasks that would leave the week and
/// those that would join it. Hand moves are kept (`replanned` keeps them).
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize)]
pub struct Replan {
    pub leave: Vec<String>,
    pub join: Vec<String>,
}

/// A fresh plan that keeps the stored plan's hand moves, and what it moves.
pub fn replan(stored: &Plan, fresh: Plan) -> (Plan, Replan) {
    let mut next = fresh;
    for p in stored.items.iter().filter(|p| p.moved.is_some()) {
        match next.items.iter_mut().find(|q| q.key == p.key) {
            Some(q) => q.moved = p.moved.clone(),
            None => next.items.push(p.clone()),
        }
    }
    let diff = Replan {
        leave: stored
            .items
            .iter()
            .filter(|p| p.counts() && !next.holds(&p.key))
            .map(|p| p.key.clone())
            .collect(),
        join: next
            .items
            .iter()
            .filter(|p| p.counts() && !stored.holds(&p.key))
            .map(|p| p.key.clone())
            .collect(),
    };
    (next, diff)
}

/// Why a hand move is refused, if it is: a required task cannot leave the week.
pub fn check_move_out(p: &Planned) -> Result<(), super::refusal::Refusal> {
    if p.why.is_required() && p.why != Why::ByHand {
        return Err(super::refusal::Refusal::PlanRequired(p.key.clone()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testkit::d;

    fn week(s: &str) -> Period {
        Period::containing(Cadence::Week, d(s))
    }

    /// §6: W counts the weeks whose Thursday lies in the period, this one
    /// included; a week whose Thursday is in the next quarter is the next
    /// quarter's; ISO week 53 of 2026 is the year's last.
    #[test]
    fn weeks_left_table() {
        let q = |s| Period::containing(Cadence::Quarter, d(s));
        let y = |s| Period::containing(Cadence::Year, d(s));
        let m = |s| Period::containing(Cadence::Month, d(s));
        let cases = [
            (q("2026-10-01"), week("2026-09-28"), 14), // W40: Thursday 1 Oct, Q4
            (q("2026-09-30"), week("2026-09-28"), 0),  // … so not Q3's
            (q("2026-07-01"), week("2026-09-21"), 1),  // W39: Q3's last
            (q("2026-10-01"), week("2026-11-23"), 6),  // W48 to W53
            (y("2026-12-31"), week("2026-12-28"), 1),  // 2026-W53
            (m("2026-12-31"), week("2026-12-28"), 1),
            (y("2027-01-01"), week("2026-12-28"), 52), // Thursday 31 Dec: 2026's; 2027 is all ahead
            (m("2026-11-01"), week("2026-11-23"), 1),  // Thursday 26 Nov; 3 Dec is December's
        ];
        for (p, w, want) in cases {
            assert_eq!(weeks_left(p, w), want, "{} in {}", w.label(), p.label());
        }
    }

    #[test]
    fn keys_round_trip() {
        for (key, want) in [
            (
                "household:h12",
                Some((VisitKind::Household, Subject::Household(12))),
            ),
            (
                "referral_followup:r7:3",
                Some((VisitKind::ReferralFollowup, Subject::Resident(7))),
            ),
            ("bogus:h1", None),
            ("household:x1", None),
            ("", None),
        ] {
            assert_eq!(parse_key(key), want, "{key}");
        }
    }
}
