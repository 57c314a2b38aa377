//! The task state kept in the database (issue 30 item 1): each obligation the
//! rules derive for a household (domain.md §2, §6), reduced to what does not
//! change from one day to the next, and the status on any later day read
//! back from its stored dates. The obligations themselves come from
//! `queue::tasks` — this module holds no rule of its own.

use super::calendar::{Cadence, Period};
use super::model::*;
use super::queue::{self, Status, Task, WorkerRole};
use super::rules::Rules;
use chrono::{Datelike, NaiveDate};

/// One kept obligation: a row of `task_state`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Kept {
    pub household_id: i64,
    pub village_id: i64,
    pub grid_id: i64,
    /// The resident, for a resident's task; None for the household visit.
    pub resident_id: Option<i64>,
    pub kind: VisitKind,
    pub role: WorkerRole,
    pub worker_id: Option<i64>,
    pub volunteer_id: Option<i64>,
    pub tier: u8,
    pub colour: Option<Colour>,
    /// The cadence of a periodic task; None for a dated one.
    pub cadence: Option<Cadence>,
    /// The due date of a dated task.
    pub due_by: Option<NaiveDate>,
    pub referral_id: Option<i64>,
    pub done_until: Option<NaiveDate>,
    pub overdue_from: Option<NaiveDate>,
    /// A contact outcome that holds the task (§6): removed, or "call again"
    /// (upcoming), through `hold_until` (None: for good).
    pub hold: Option<Status>,
    pub hold_until: Option<NaiveDate>,
}

impl Kept {
    /// The row of a task computed on `day`.
    pub fn of(t: &Task, day: NaiveDate) -> Kept {
        let (cadence, due_by, window_end) = match t.when {
            queue::When::Period(p) => (Some(p.cadence), None, Some(p.end())),
            queue::When::By(d) => (None, Some(d), None),
        };
        let (hold, hold_until) = match t.status {
            // a removal holds for the window the outcome counts in (§6): the
            // period of a periodic task, for good for a dated one
            Status::Removed => (Some(Status::Removed), window_end),
            Status::Upcoming => {
                let until = t
                    .upcoming_from
                    .and_then(|d| d.pred_opt())
                    .map(|d| window_end.map_or(d, |e| e.min(d)));
                (Some(Status::Upcoming), until.or(Some(day)))
            }
            _ => (None, None),
        };
        Kept {
            household_id: t.household_id,
            village_id: t.village_id,
            grid_id: t.grid_id,
            resident_id: match t.subject {
                Subject::Resident(r) => Some(r),
                Subject::Household(_) => None,
            },
            kind: t.kind,
            role: t.role,
            worker_id: t.worker.as_ref().map(|w| w.id),
            volunteer_id: t.volunteer.as_ref().map(|w| w.id),
            tier: t.tier.number(),
            colour: t.colour,
            cadence,
            due_by,
            referral_id: match t.reason {
                queue::Reason::Referral { referral_id, .. } => Some(referral_id),
                _ => None,
            },
            done_until: t.timeline.done_until,
            overdue_from: t.timeline.overdue_from,
            hold,
            hold_until,
        }
    }

    /// The task's status on `day`, a day on which the row holds (see [`Window`]).
    pub fn status_on(&self, day: NaiveDate) -> Status {
        if self.done_until.is_some_and(|d| day <= d) {
            Status::Done
        } else if let Some(h) = self
            .hold
            .filter(|_| self.hold_until.is_none_or(|u| day <= u))
        {
            h
        } else if self.overdue_from.is_some_and(|d| d <= day) {
            Status::Overdue
        } else {
            Status::Due
        }
    }

    /// The row as it is compared with a recompute on `day`: the stored dates
    /// that can differ between two days of one window are replaced by the
    /// status they give.
    pub fn on(&self, day: NaiveDate) -> (Kept, Status) {
        let mut k = self.clone();
        k.done_until = None;
        k.overdue_from = None;
        k.hold = None;
        k.hold_until = None;
        (k, self.status_on(day))
    }
}

/// The days on which a household's kept rows hold: from the day they were
/// computed up to (not including) the first later day on which anything the
/// rules read could change without a new record — a date written in its
/// records (a visit, a death, a contract's end, a grid handover …), a
/// birthday at an age the rules name, a care plan's review day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub from: NaiveDate,
    pub until: Option<NaiveDate>,
}

impl Window {
    pub fn holds_on(&self, day: NaiveDate) -> bool {
        self.from <= day && self.until.is_none_or(|u| day < u)
    }
}

/// Every date written in `text` (the records' `Debug` form: every date field
/// of every record, whatever fields records gain later).
fn dates_in(text: &str, out: &mut Vec<NaiveDate>) {
    let b = text.as_bytes();
    let mut i = 0;
    while i + 10 <= b.len() {
        let s = &b[i..i + 10];
        let shape = s.iter().enumerate().all(|(j, c)| match j {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        });
        if shape && let Ok(d) = NaiveDate::parse_from_str(&text[i..i + 10], "%Y-%m-%d") {
            out.push(d);
            i += 10;
        } else {
            i += 1;
        }
    }
}

/// The window of household `h` computed on `day`, from its records (its
/// visits and its members' referrals) and `more`, the dates of the rows the
/// loader chose by date (grid handovers, contracts, groups).
pub fn window(
    h: &Household,
    visits: &[&VisitRecord],
    referrals: &[&ReferralRecord],
    more: &[NaiveDate],
    day: NaiveDate,
    rules: &Rules,
) -> Window {
    // dates that end something (a contract, a cover, a condition's
    // management "until" a day) change the rules' reading the day after
    let mut dates: Vec<NaiveDate> = more.iter().filter_map(|d| d.succ_opt()).collect();
    dates.extend(h.members.iter().flat_map(|m| {
        m.conditions
            .iter()
            .filter_map(|c| c.managed_until.and_then(|u| u.succ_opt()))
    }));
    dates.extend_from_slice(more);
    dates_in(&format!("{h:?}{referrals:?}"), &mut dates);
    // a visit's dates are read field by field (a household can have
    // hundreds of visits; writing them out to scan the text cost a save
    // most of its time); the pattern names every field, so a field added
    // to VisitRecord is a compile error here until it is looked at
    for v in visits {
        let VisitRecord {
            id: _,
            kind: _,
            subject: _,
            date,
            outcome: _,
            call_again_on,
            remove_reason: _,
            findings: _,
            push_given: _,
        } = v;
        dates.push(*date);
        dates.extend(*call_again_on);
    }
    let ages = [
        rules.elder_age,
        rules.child_under_age,
        rules.lonely_elder_min_age,
    ];
    for m in &h.members {
        for age in ages {
            let y = m.birth_date.year() + age;
            let (mo, dd) = (m.birth_date.month(), m.birth_date.day());
            match NaiveDate::from_ymd_opt(y, mo, dd) {
                Some(b) => dates.push(b),
                // 29 February in a common year: either neighbour (§2)
                None => dates.extend(
                    [(2, 28), (3, 1)]
                        .iter()
                        .filter_map(|&(a, b)| NaiveDate::from_ymd_opt(y, a, b)),
                ),
            }
        }
        if let Some(p) = &m.care_plan {
            dates.extend(super::careplan::review_date(p, rules));
        }
    }
    // Each date and the day after it, and the first day of the period after
    // it of every cadence the rules use: "done in the period it was written"
    // ends there (a care plan, §2 ★1).
    let cadences = [
        Cadence::Week,
        Cadence::Month,
        Cadence::Quarter,
        Cadence::Year,
    ];
    let mut until: Option<NaiveDate> = None;
    let mut take = |d: NaiveDate| {
        if d > day && until.is_none_or(|u| d < u) {
            until = Some(d);
        }
    };
    for &d in &dates {
        take(d);
    }
    for m in &h.members {
        if let Some(w) = m.care_plan.and_then(|p| p.written_on) {
            for c in cadences {
                take(Period::containing(c, w).next().start);
            }
        }
    }
    Window { from: day, until }
}

/// The kept rows of the households in `town` (each with its visits and
/// referrals) on `day`, sorted: what a write stores, what `check` compares.
pub fn kept(town: &Township, day: NaiveDate, rules: &Rules) -> Vec<Kept> {
    let mut rows: Vec<Kept> = queue::tasks(town, day, rules)
        .iter()
        .map(|t| Kept::of(t, day))
        .collect();
    rows.sort();
    rows
}

/// What differs between a kept task and the rules' one, read on one day:
/// "resident 5 yearly_check: colour kept Some(Red), rules None".
pub fn difference(kept: &(Kept, Status), rules: &(Kept, Status)) -> String {
    let (k, r) = (&kept.0, &rules.0);
    let mut out = vec![];
    macro_rules! field {
        ($($f:ident),*) => {$(
            if k.$f != r.$f {
                out.push(format!("{} kept {:?}, rules {:?}", stringify!($f), k.$f, r.$f));
            }
        )*};
    }
    field!(
        resident_id,
        kind,
        role,
        worker_id,
        volunteer_id,
        tier,
        colour,
        cadence,
        due_by,
        referral_id
    );
    if kept.1 != rules.1 {
        out.push(format!("status kept {}, rules {}", kept.1, rules.1));
    }
    let who = r
        .resident_id
        .map_or("household visit".to_string(), |id| format!("resident {id}"));
    format!("{who} {}: {}", r.kind, out.join("; "))
}

/// What the rules give on `day`, as [`Kept::on`] reads a kept row: each
/// task's row without its dates, and the status the rules derive.
pub fn truth(town: &Township, day: NaiveDate, rules: &Rules) -> Vec<(Kept, Status)> {
    let mut v: Vec<(Kept, Status)> = queue::tasks(town, day, rules)
        .iter()
        .map(|t| (Kept::of(t, day).on(day).0, t.status))
        .collect();
    v.sort();
    v
}

/// Active residents of the households on `day` (the overview's residents).
pub fn residents(town: &Township, day: NaiveDate) -> usize {
    residents_in(town, day, |_| true)
}

/// The residents of the households `keep` takes (a village, a grid) on `day`.
pub fn residents_in(
    town: &Township,
    day: NaiveDate,
    keep: impl Fn(&crate::domain::model::Household) -> bool,
) -> usize {
    (town.households.iter().filter(|h| keep(h)))
        .map(|h| h.members.iter().filter(|m| m.active_on(day)).count())
        .sum()
}

/// One township's figures of the county view, from tasks' statuses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub open: usize,
    pub overdue: usize,
    pub red: usize,
}

impl Counts {
    pub fn add(&mut self, status: Status, colour: Option<Colour>) {
        if matches!(status, Status::Due | Status::Overdue) {
            self.open += 1;
            self.overdue += usize::from(status == Status::Overdue);
            self.red += usize::from(colour == Some(Colour::Red));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("a date")
    }

    fn row() -> Kept {
        Kept {
            household_id: 1,
            village_id: 1,
            grid_id: 1,
            resident_id: None,
            kind: VisitKind::Household,
            role: WorkerRole::GridWorker,
            worker_id: None,
            volunteer_id: None,
            tier: 3,
            colour: None,
            cadence: Some(Cadence::Month),
            due_by: None,
            referral_id: None,
            done_until: None,
            overdue_from: None,
            hold: None,
            hold_until: None,
        }
    }

    /// §6: done through the period of the visit, due after it, overdue once
    /// a whole period passed; a removal holds its window, then the task is back.
    #[test]
    fn status_from_stored_dates() {
        let done = Kept {
            done_until: Some(d("2026-11-30")),
            overdue_from: Some(d("2027-01-01")),
            ..row()
        };
        let removed = Kept {
            overdue_from: Some(d("2026-12-01")),
            hold: Some(Status::Removed),
            hold_until: Some(d("2026-11-30")),
            ..row()
        };
        let cases = [
            (&done, "2026-11-22", Status::Done),
            (&done, "2026-12-01", Status::Due),
            (&done, "2027-01-01", Status::Overdue),
            (&removed, "2026-11-30", Status::Removed),
            (&removed, "2026-12-01", Status::Overdue),
        ];
        for (k, day, want) in cases {
            assert_eq!(k.status_on(d(day)), want, "{day}");
        }
    }

    #[test]
    fn dates_are_found_in_any_text() {
        let mut v = Vec::new();
        dates_in("Some(2026-11-22), x: 2020-02-29 1999-13-01", &mut v);
        assert_eq!(v, vec![d("2026-11-22"), d("2020-02-29")]);
    }
}
