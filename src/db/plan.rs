//! Stored weekly plans (issue 16, domain.md §6 "Weekly plan"): a plan is
//! stored once made for a worker and week, so it stays stable while tasks
//! are added or done; `save_plan` stores a new one or, on request, replaces
//! it (re-plan); `move_planned` moves one task into or out of the week by
//! hand with its reason. Each is one transaction with its audit row.

use super::{Db, DbError, Result, audit_change};
use crate::domain::calendar::{Cadence, Period};
use crate::domain::plan::{self, Moved, Plan, Planned, Why};
use crate::domain::queue::WorkerRole;
use crate::domain::refusal::Refusal;
use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};
use std::collections::HashSet;

fn bad(id: i64, column: &str, why: String) -> DbError {
    DbError::BadRow {
        table: "plan_task",
        id,
        column: column.into(),
        why,
    }
}

fn why_of(
    plan_id: i64,
    code: &str,
    due_by: Option<NaiveDate>,
    cadence: Option<String>,
    figures: (Option<i64>, Option<i64>, Option<i64>),
) -> Result<Why> {
    let cadence = || {
        cadence
            .as_deref()
            .and_then(Cadence::from_code)
            .ok_or_else(|| bad(plan_id, "cadence", format!("{code} needs a cadence")))
    };
    let (w, s, n) = (
        figures.0.unwrap_or(1).max(0) as u32,
        figures.1.unwrap_or(0).max(0) as usize,
        figures.2.unwrap_or(0).max(0) as usize,
    );
    Ok(match code {
        "overdue" => Why::Overdue,
        "red" => Why::Red,
        "weekly" => Why::Weekly,
        "dated" => Why::Dated {
            by: due_by
                .ok_or_else(|| bad(plan_id, "due_by", "a dated task needs its date".into()))?,
        },
        "share" => Why::Share {
            cadence: cadence()?,
            weeks_left: w,
            share: s,
            of: n,
        },
        "carried" => Why::Carried {
            cadence: cadence()?,
            weeks_left: w,
            share: s,
            of: n,
        },
        "household" => Why::Household,
        "by_hand" => Why::ByHand,
        "added" => Why::Added,
        other => return Err(bad(plan_id, "why", format!("unknown reason {other:?}"))),
    })
}

/// The row values of a reason: (due_by, cadence, weeks_left, share, of).
type WhyRow = (
    Option<NaiveDate>,
    Option<&'static str>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
);

fn why_row(w: &Why) -> WhyRow {
    match w {
        Why::Dated { by } => (Some(*by), None, None, None, None),
        Why::Share {
            cadence,
            weeks_left,
            share,
            of,
        }
        | Why::Carried {
            cadence,
            weeks_left,
            share,
            of,
        } => (
            None,
            Some(cadence.code()),
            Some(i64::from(*weeks_left)),
            Some(*share as i64),
            Some(*of as i64),
        ),
        _ => (None, None, None, None, None),
    }
}

fn check_worker(role: WorkerRole) -> Result<()> {
    if role == WorkerRole::Volunteer {
        return Err(DbError::Refused(Refusal::PlanNotForVolunteers));
    }
    Ok(())
}

impl Db {
    /// The plan stored for a worker and week, if one was made.
    pub fn stored_plan(
        &self,
        (role, worker): (WorkerRole, i64),
        week: Period,
    ) -> Result<Option<Plan>> {
        let head = self
            .conn
            .query_row(
                "SELECT id, capacity, deferred FROM plan_week WHERE worker_role = ?1 AND worker_id = ?2 AND week = ?3",
                params![role.code(), worker, week.start],
                |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?)),
            )
            .optional()?;
        let Some((id, capacity, deferred)) = head else {
            return Ok(None);
        };
        let mut st = self.conn.prepare_cached(
            "SELECT task_key, household_id, why, due_by, cadence, weeks_left, share, of_count, moved, move_reason
             FROM plan_task WHERE plan_id = ?1 ORDER BY rowid",
        )?;
        let rows = st.query_map([id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<NaiveDate>>(3)?,
                r.get::<_, Option<String>>(4)?,
                (
                    r.get::<_, Option<i64>>(5)?,
                    r.get::<_, Option<i64>>(6)?,
                    r.get::<_, Option<i64>>(7)?,
                ),
                r.get::<_, Option<String>>(8)?,
                r.get::<_, Option<String>>(9)?,
            ))
        })?;
        let mut items = Vec::new();
        for row in rows {
            let (key, household_id, code, due_by, cadence, figures, moved, reason) = row?;
            let moved = match (moved.as_deref(), reason) {
                (Some("in"), Some(r)) => Some(Moved::In(r)),
                (Some("out"), Some(r)) => Some(Moved::Out(r)),
                _ => None,
            };
            items.push(Planned {
                key,
                household_id,
                why: why_of(id, &code, due_by, cadence, figures)?,
                moved,
            });
        }
        Ok(Some(Plan {
            role,
            worker,
            week,
            capacity: capacity.max(0) as usize,
            items,
            deferred: deferred.max(0) as usize,
        }))
    }

    /// The keys planned (and not moved out) in weeks before `week` that lie
    /// in `period`: the tasks carried over if still open. Any worker of the
    /// role counts: a task planned by the grid's worker before a handover is
    /// carried by the next one (the caller keeps the worker's own tasks).
    pub fn planned_before(
        &self,
        (role, _worker): (WorkerRole, i64),
        week: Period,
        period: Period,
    ) -> Result<HashSet<String>> {
        let mut st = self.conn.prepare_cached(
            "SELECT t.task_key FROM plan_task t JOIN plan_week p ON p.id = t.plan_id
             WHERE p.worker_role = ?1 AND p.week < ?2 AND p.week >= ?3
               AND (t.moved IS NULL OR t.moved = 'in')",
        )?;
        // a week whose Monday lies before the period may still be its (Thursday rule)
        let from = period.start - chrono::Days::new(3);
        let rows = st.query_map(params![role.code(), week.start, from], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Stores a plan made for its worker and week; with `replace`, the
    /// stored one is replaced (re-plan), else a stored plan is refused.
    pub fn save_plan(&mut self, p: &Plan, made_on: NaiveDate, replace: bool) -> Result<()> {
        check_worker(p.role)?;
        self.guarded(|db| {
            let tx = db.begin()?;
            let old: Option<i64> = tx
                .query_row(
                    "SELECT id FROM plan_week WHERE worker_role = ?1 AND worker_id = ?2 AND week = ?3",
                    params![p.role.code(), p.worker, p.week.start],
                    |r| r.get(0),
                )
                .optional()?;
            let action = match (old, replace) {
                (Some(_), false) => {
                    return Err(DbError::Invalid(format!(
                        "a plan for {} is stored already; re-plan to replace it",
                        p.week.label()
                    )));
                }
                (Some(id), true) => {
                    tx.execute("DELETE FROM plan_week WHERE id = ?1", [id])?;
                    "replan_week"
                }
                (None, _) => "plan_week",
            };
            tx.execute(
                "INSERT INTO plan_week (worker_role, worker_id, week, made_on, capacity, deferred)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    p.role.code(),
                    p.worker,
                    p.week.start,
                    made_on,
                    p.capacity as i64,
                    p.deferred as i64
                ],
            )?;
            let id = tx.last_insert_rowid();
            {
                let mut ins = tx.prepare_cached(
                    "INSERT INTO plan_task (plan_id, task_key, household_id, why, due_by, cadence,
                         weeks_left, share, of_count, moved, move_reason)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                )?;
                for item in &p.items {
                    let (due_by, cadence, w, s, n) = why_row(&item.why);
                    let (moved, reason) = match &item.moved {
                        Some(Moved::In(r)) => (Some("in"), Some(r.as_str())),
                        Some(Moved::Out(r)) => (Some("out"), Some(r.as_str())),
                        None => (None, None),
                    };
                    ins.execute(params![
                        id,
                        item.key,
                        item.household_id,
                        item.why.code(),
                        due_by,
                        cadence,
                        w,
                        s,
                        n,
                        moved,
                        reason
                    ])?;
                }
            }
            audit_change(
                &tx,
                &db.operator,
                action,
                "plan_week",
                id,
                &format!(
                    "{}:{} {} {} tasks, capacity {}",
                    p.role,
                    p.worker,
                    p.week.label(),
                    p.load(),
                    p.capacity
                ),
                None,
            )?;
            tx.commit()?;
            Ok(())
        })
    }

    /// A grid handed from one grid worker to another from `from` (inside the
    /// handover's transaction): the grid's tasks planned for the old worker
    /// in the week holding `from` and later weeks go to the new worker's
    /// stored plan of that week with
    /// their reasons and hand moves; where the new worker has no plan stored
    /// yet, they leave the old plan and the new worker's plan, made when
    /// first shown, plans them. Weeks before stay as they were, as history.
    pub(super) fn hand_over_plans(
        &self,
        tx: &rusqlite::Connection,
        grid: i64,
        (old, new): (i64, i64),
        from: NaiveDate,
    ) -> Result<()> {
        let role = WorkerRole::GridWorker.code();
        // the week holding `from` and later ones: from that day the grid's
        // visits are the new worker's, as the queue says
        let first_monday = from - chrono::Days::new(6);
        let weeks: Vec<(i64, NaiveDate)> = tx
            .prepare_cached(
                "SELECT id, week FROM plan_week WHERE worker_role = ?1 AND worker_id = ?2 AND week >= ?3 ORDER BY week",
            )?
            .query_map(params![role, old, first_monday], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        const OF_GRID: &str = "household_id IN (SELECT id FROM household WHERE grid_id = :grid)";
        for (plan, week) in weeks {
            let target: Option<i64> = tx
                .query_row(
                    "SELECT id FROM plan_week WHERE worker_role = ?1 AND worker_id = ?2 AND week = ?3",
                    params![role, new, week],
                    |r| r.get(0),
                )
                .optional()?;
            let moved = match target {
                Some(t) => tx.execute(
                    &format!(
                        "UPDATE plan_task SET plan_id = :to WHERE plan_id = :plan AND {OF_GRID}
                           AND task_key NOT IN (SELECT task_key FROM plan_task WHERE plan_id = :to)"
                    ),
                    rusqlite::named_params! {":to": t, ":plan": plan, ":grid": grid},
                )?,
                None => 0,
            };
            let dropped = tx.execute(
                &format!("DELETE FROM plan_task WHERE plan_id = :plan AND {OF_GRID}"),
                rusqlite::named_params! {":plan": plan, ":grid": grid},
            )?;
            if moved + dropped == 0 {
                continue;
            }
            let week = Period::containing(Cadence::Week, week).label();
            audit_change(
                tx,
                &self.operator,
                "hand_over_plan",
                "plan_week",
                plan,
                &format!(
                    "{week}: grid {grid} {} tasks from grid_worker:{old} to grid_worker:{new}{}",
                    moved + dropped,
                    if target.is_some() {
                        String::new()
                    } else {
                        " (no plan stored yet)".into()
                    }
                ),
                None,
            )?;
        }
        Ok(())
    }

    /// Moves one task into (`into`) or out of a stored week by hand, with
    /// its reason (kept and shown). A required task cannot leave (§6).
    pub fn move_planned(
        &mut self,
        (role, worker): (WorkerRole, i64),
        week: Period,
        task: (&str, i64),
        into: bool,
        reason: &str,
    ) -> Result<()> {
        check_worker(role)?;
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(DbError::Refused(Refusal::PlanMoveNeedsReason));
        }
        let (key, household) = (task.0, task.1);
        self.guarded(|db| {
            let tx = db.begin()?;
            let id: i64 = tx
                .query_row(
                    "SELECT id FROM plan_week WHERE worker_role = ?1 AND worker_id = ?2 AND week = ?3",
                    params![role.code(), worker, week.start],
                    |r| r.get(0),
                )
                .optional()?
                .ok_or_else(|| {
                    DbError::Invalid(format!(
                        "no plan is stored for {}; make it first (gridcare plan)",
                        week.label()
                    ))
                })?;
            let row: Option<(String, Option<String>)> = tx
                .query_row(
                    "SELECT why, moved FROM plan_task WHERE plan_id = ?1 AND task_key = ?2",
                    params![id, key],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            match (row, into) {
                (Some((why, _)), false) => {
                    let w = why_of(id, &why, Some(week.start), Some("week".into()), (None, None, None))?;
                    plan::check_move_out(&Planned {
                        key: key.to_string(),
                        household_id: household,
                        why: w,
                        moved: None,
                    })?;
                    tx.execute(
                        "UPDATE plan_task SET moved = 'out', move_reason = ?3 WHERE plan_id = ?1 AND task_key = ?2",
                        params![id, key, reason],
                    )?;
                }
                (Some(_), true) => {
                    tx.execute(
                        "UPDATE plan_task SET moved = 'in', move_reason = ?3 WHERE plan_id = ?1 AND task_key = ?2",
                        params![id, key, reason],
                    )?;
                }
                (None, true) => {
                    tx.execute(
                        "INSERT INTO plan_task (plan_id, task_key, household_id, why, moved, move_reason)
                         VALUES (?1, ?2, ?3, 'by_hand', 'in', ?4)",
                        params![id, key, household, reason],
                    )?;
                }
                (None, false) => {
                    return Err(DbError::Invalid(format!(
                        "{key} is not in the plan for {}; nothing to move out",
                        week.label()
                    )));
                }
            }
            audit_change(
                &tx,
                &db.operator,
                if into { "plan_move_in" } else { "plan_move_out" },
                "plan_week",
                id,
                &format!("{key}: {reason}"),
                None,
            )?;
            tx.commit()?;
            Ok(())
        })
    }
}
