//! Workload (issue 12, domain.md §1, §2, §6): each worker's expected visits
//! a week follow from the cadence of their tasks (★1 weekly = 1 a week, ★2
//! monthly = 12/52 ≈ 0.23, quarterly 4/52, yearly 1/52), plus the work that is
//! overdue or dated (a backlog, counted in visits). A proposal to even the
//! load hands one grid from the busiest grid worker to the least busy, and
//! leaves a handover of the last [`SETTLE_DAYS`] be (issue 25 item 16).

use super::calendar::Cadence;
use super::queue::{Status, Task, When, WorkerRole};
use chrono::NaiveDate;

/// Visits a week one task of a cadence asks for.
pub fn weekly_rate(c: Cadence) -> f64 {
    match c {
        Cadence::Week => 1.0,
        Cadence::Month => 12.0 / 52.0,
        Cadence::Quarter => 4.0 / 52.0,
        Cadence::Year => 1.0 / 52.0,
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct WorkerLoad {
    pub role: WorkerRole,
    pub id: i64,
    pub name: String,
    /// Expected visits a week from the cadences of their tasks.
    pub per_week: f64,
    /// Overdue periodic tasks and open dated tasks: visits owed now.
    pub backlog: usize,
}

impl WorkerLoad {
    /// The week's work: the regular visits and the backlog.
    pub fn this_week(&self) -> f64 {
        self.per_week + self.backlog as f64
    }
}

/// Each worker's load from the scope's tasks (removed tasks ask nothing).
pub fn loads(tasks: &[Task]) -> Vec<WorkerLoad> {
    let mut out: Vec<WorkerLoad> = Vec::new();
    for t in tasks.iter().filter(|t| t.status != Status::Removed) {
        let Some(w) = &t.worker else { continue };
        let i = match out.iter().position(|l| l.role == t.role && l.id == w.id) {
            Some(i) => i,
            None => {
                out.push(WorkerLoad {
                    role: t.role,
                    id: w.id,
                    name: w.name.clone(),
                    per_week: 0.0,
                    backlog: 0,
                });
                out.len() - 1
            }
        };
        let l = &mut out[i];
        match t.when {
            When::Period(p) => {
                l.per_week += weekly_rate(p.cadence);
                if t.status == Status::Overdue {
                    l.backlog += 1;
                }
            }
            When::By(_) => {
                if matches!(t.status, Status::Due | Status::Overdue) {
                    l.backlog += 1;
                }
            }
        }
    }
    out.sort_by(|a, b| b.this_week().total_cmp(&a.this_week()));
    out
}

/// The regular visits a week of each grid's grid-worker tasks: (grid, worker, rate).
pub fn grid_rates(tasks: &[Task]) -> Vec<(i64, i64, f64)> {
    let mut out: Vec<(i64, i64, f64)> = Vec::new();
    for t in tasks
        .iter()
        .filter(|t| t.role == WorkerRole::GridWorker && t.status != Status::Removed)
    {
        let (Some(w), When::Period(p)) = (&t.worker, t.when) else {
            continue;
        };
        match out.iter_mut().find(|g| g.0 == t.grid_id) {
            Some(g) => g.2 += weekly_rate(p.cadence),
            None => out.push((t.grid_id, w.id, weekly_rate(p.cadence))),
        }
    }
    out
}

/// Days a handover made by hand stands before the proposal may touch it: a
/// month's round of visits.
pub const SETTLE_DAYS: i64 = 28;

/// What recent handovers settled, for the proposal: grids handed over in the
/// last [`SETTLE_DAYS`] stay where they were put, and the workers who handed
/// them over are not offered another. The proposal once offered to hand a
/// grid straight back to the worker it had just been taken from (issue 25
/// item 16); a coordinator's handover is a decision, as a volunteer group's
/// members are (domain.md §5: "a full reshuffle is never automatic").
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settled {
    pub grids: Vec<i64>,
    pub givers: Vec<i64>,
}

/// One worker's cover of a grid: (grid, worker, from, to), `to` None while it lasts.
pub type Cover = (i64, i64, NaiveDate, Option<NaiveDate>);

impl Settled {
    /// From every cover of the grids: a cover current on `day` that began in
    /// the last [`SETTLE_DAYS`] after another worker's cover of the same grid
    /// is a handover. A grid's first worker is no handover (a new township
    /// gets its proposals at once).
    pub fn of(covers: &[Cover], day: NaiveDate) -> Settled {
        let mut out = Settled::default();
        for &(grid, worker, from, to) in covers {
            let current = from <= day && to.is_none_or(|t| t >= day);
            if !current || (day - from).num_days() >= SETTLE_DAYS {
                continue;
            }
            let before = covers
                .iter()
                .filter(|c| c.0 == grid && c.1 != worker && c.2 < from)
                .max_by_key(|c| c.2);
            if let Some(&(_, giver, _, _)) = before {
                out.grids.push(grid);
                out.givers.push(giver);
            }
        }
        out
    }
}

/// Handing `grid` from worker `from` to worker `to` evens the load.
#[derive(Debug, Clone, PartialEq)]
pub struct Handover {
    pub grid: i64,
    pub from: i64,
    pub to: i64,
    /// Their weekly loads before and after: (from, to) each.
    pub before: (f64, f64),
    pub after: (f64, f64),
}

/// One grid to hand over when a grid worker is over `limit` visits a week, or
/// carries more than half again the least busy one's load: the grid that
/// leaves the two closest, and only if the busier one ends lighter than before.
/// The busiest worker who has a grid to spare (a worker keeps at least one)
/// gives it; a busier one with a single grid does not stop the proposal.
/// What `settled` holds is left be: its grids do not move, its givers take none.
pub fn even_out(
    loads: &[WorkerLoad],
    grids: &[(i64, i64, f64)],
    limit: f64,
    settled: &Settled,
) -> Option<Handover> {
    let mut workers: Vec<&WorkerLoad> = loads
        .iter()
        .filter(|l| l.role == WorkerRole::GridWorker)
        .collect();
    let idlest = *workers
        .iter()
        .filter(|w| !settled.givers.contains(&w.id))
        .min_by(|a, b| a.this_week().total_cmp(&b.this_week()))?;
    let lo = idlest.this_week();
    workers.sort_by(|a, b| {
        b.this_week()
            .total_cmp(&a.this_week())
            .then(a.id.cmp(&b.id))
    });
    for busiest in workers {
        let hi = busiest.this_week();
        if busiest.id == idlest.id || (hi <= limit && hi <= lo * 1.5) {
            return None;
        }
        let theirs: Vec<&(i64, i64, f64)> = grids.iter().filter(|g| g.1 == busiest.id).collect();
        if theirs.len() < 2 {
            continue; // a worker keeps at least one grid
        }
        let Some((grid, rate, worst)) = theirs
            .iter()
            .filter(|g| !settled.grids.contains(&g.0))
            .map(|g| (g.0, g.2, (hi - g.2).max(lo + g.2)))
            .min_by(|a, b| a.2.total_cmp(&b.2))
        else {
            continue;
        };
        if worst >= hi {
            continue;
        }
        return Some(Handover {
            grid,
            from: busiest.id,
            to: idlest.id,
            before: (hi, lo),
            after: (hi - rate, lo + rate),
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(id: i64, per_week: f64, backlog: usize) -> WorkerLoad {
        WorkerLoad {
            role: WorkerRole::GridWorker,
            id,
            name: format!("w{id}"),
            per_week,
            backlog,
        }
    }

    /// §2's cadences as visits a week.
    #[test]
    fn rates_follow_the_cadences() {
        let cases = [
            (Cadence::Week, 1.0),
            (Cadence::Month, 12.0 / 52.0),
            (Cadence::Quarter, 4.0 / 52.0),
            (Cadence::Year, 1.0 / 52.0),
        ];
        for (c, want) in cases {
            assert!((weekly_rate(c) - want).abs() < 1e-9, "{c:?}");
        }
    }

    /// Which grid is proposed, by hand: worker 1 carries 10 + 2 + 1 a week,
    /// worker 2 carries 2; handing grid 11 (2 a week) leaves 11 and 4 — the
    /// 10-a-week grid would leave 3 and 12, worse.
    #[test]
    fn even_out_table() {
        let grids = vec![(10, 1, 10.0), (11, 1, 2.0), (12, 1, 1.0), (20, 2, 2.0)];
        let cases: Vec<(Vec<WorkerLoad>, f64, Option<(i64, i64, i64)>)> = vec![
            (
                vec![load(1, 13.0, 0), load(2, 2.0, 0)],
                40.0,
                Some((11, 1, 2)),
            ),
            // balanced within half again, and under the limit: nothing
            (vec![load(1, 13.0, 0), load(2, 10.0, 0)], 40.0, None),
            // over the limit: the grid that leaves the two closest
            (
                vec![load(1, 13.0, 0), load(2, 10.0, 0)],
                12.0,
                Some((11, 1, 2)),
            ),
            // one grid only: it stays
            (vec![load(2, 30.0, 0), load(1, 2.0, 0)], 12.0, None),
            // the busiest keeps their one grid; the next busiest with grids
            // to spare gives the one that leaves them closest (13-10 = 3 and
            // 0+10 = 10 against 11 and 12) to one who has none
            (
                vec![load(2, 30.0, 0), load(1, 13.0, 0), load(3, 0.0, 0)],
                40.0,
                Some((10, 1, 3)),
            ),
        ];
        for (loads, limit, want) in cases {
            let got = even_out(&loads, &grids, limit, &Settled::default())
                .map(|h| (h.grid, h.from, h.to));
            assert_eq!(got, want, "{loads:?} limit {limit}");
        }
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().expect("a date")
    }

    /// Issue 25 item 16, on domain.md §5's rule for volunteer groups ("a full
    /// reshuffle is never automatic"), which the coordinator expects of grids
    /// too: a handover of the last four weeks is left be. Worker 1 gave grid
    /// 10 (7 a week) to worker 2 on 11-20 and now carries nothing; without
    /// the rule the proposal hands grid 10 straight back.
    #[test]
    fn a_handover_just_made_is_not_undone() {
        let grids = vec![(10, 2, 7.0), (20, 2, 4.0), (30, 3, 5.0)];
        let loads = vec![load(2, 11.0, 0), load(3, 5.0, 0), load(1, 0.0, 0)];
        let handed = |on: &str| -> Vec<Cover> {
            vec![
                (
                    10,
                    1,
                    day("2026-01-20"),
                    Some(day(on).pred_opt().expect("a day")),
                ),
                (10, 2, day(on), None),
                (20, 2, day("2026-01-20"), None),
                (30, 3, day("2026-01-20"), None),
            ]
        };
        let today = day("2026-11-20");
        // (what, the covers, the proposal as (grid, from, to))
        type Case = (&'static str, Vec<Cover>, Option<(i64, i64, i64)>);
        let cases: Vec<Case> = vec![
            // today's handover: grid 10 stays, and worker 1 (who gave it) is
            // offered nothing; grid 20 goes to worker 3, the next least busy
            ("handed today", handed("2026-11-20"), Some((20, 2, 3))),
            ("handed 27 days ago", handed("2026-10-24"), Some((20, 2, 3))),
            // four weeks on it is a grid like any other
            ("handed 28 days ago", handed("2026-10-23"), Some((10, 2, 1))),
            // a grid's first worker is no handover: a new township's grids
            // are proposed at once
            (
                "first covers, made today",
                vec![
                    (10, 2, today, None),
                    (20, 2, today, None),
                    (30, 3, today, None),
                ],
                Some((10, 2, 1)),
            ),
        ];
        for (what, covers, want) in cases {
            let settled = Settled::of(&covers, today);
            let got = even_out(&loads, &grids, 40.0, &settled).map(|h| (h.grid, h.from, h.to));
            assert_eq!(got, want, "{what}: {settled:?}");
        }
    }
}
