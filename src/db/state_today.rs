//! The Today screen's counts from the kept task state (issue 30 item 2):
//! due and overdue per cadence, open and overdue per village and the red
//! count of a scope, as SQL aggregates over `task_state` — the status on the
//! day read from the stored dates as `Kept::status_on` reads it — and the few
//! households whose kept rows do not hold on the day recomputed by the rules.

use super::{Db, Result, Scope};
use crate::domain::calendar::Cadence;
use crate::domain::model::Colour;
use crate::domain::queue::Status;
use chrono::NaiveDate;
use rusqlite::params;

/// What Today counts of a scope's open tasks on a day.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TodayCounts {
    /// (cadence, due, overdue) for each cadence, then (None, …) for dated tasks.
    pub per_cadence: Vec<(Option<Cadence>, usize, usize)>,
    /// (village id, name, open, overdue), in village order.
    pub per_village: Vec<(i64, String, usize, usize)>,
    /// Open red tasks.
    pub red: usize,
}

impl TodayCounts {
    fn add(&mut self, cadence: Option<Cadence>, village: i64, status: Status, red: bool, n: usize) {
        let overdue = match status {
            Status::Due => 0,
            Status::Overdue => n,
            _ => return,
        };
        if let Some(row) = self.per_cadence.iter_mut().find(|r| r.0 == cadence) {
            row.1 += n - overdue;
            row.2 += overdue;
        }
        if let Some(v) = self.per_village.iter_mut().find(|v| v.0 == village) {
            v.2 += n;
            v.3 += overdue;
        }
        if red {
            self.red += n;
        }
    }
}

impl Db {
    /// Today's counts of `scope` on `day` from the kept task state.
    pub fn today_counts(&self, scope: Scope, day: NaiveDate) -> Result<TodayCounts> {
        let (households, villages) = match scope {
            Scope::All => (
                "SELECT id FROM household WHERE ?1 = ?1",
                "SELECT id FROM village",
            ),
            s => (s.households(), s.villages()),
        };
        let key = match scope {
            Scope::Township(id) | Scope::Village(id) | Scope::Household(id) | Scope::Grids(id) => {
                id
            }
            Scope::All => 0,
        };
        let mut out = TodayCounts {
            per_cadence: Cadence::ALL
                .iter()
                .map(|c| (Some(*c), 0, 0))
                .chain([(None, 0, 0)])
                .collect(),
            ..Default::default()
        };
        out.per_village = self
            .conn
            .prepare_cached(&format!(
                "SELECT id, name FROM village WHERE id IN ({villages}) AND ?1 = ?1 AND ?2 = ?2
                 ORDER BY id"
            ))?
            .query_map(params![key, day], |r| Ok((r.get(0)?, r.get(1)?, 0, 0)))?
            .collect::<rusqlite::Result<_>>()?;
        let ids: std::collections::HashSet<i64> = self
            .conn
            .prepare_cached(&format!("{households} AND ?2 = ?2"))?
            .query_map(params![key, day], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        // households whose kept rows do not hold on the day: by the rules
        let stale: Vec<i64> = self
            .stale(day)?
            .into_iter()
            .map(|s| s.0)
            .filter(|h| ids.contains(h))
            .collect();
        let json = |v: Vec<i64>| serde_json::to_string(&v).unwrap_or_else(|_| "[]".into());
        let (ids, stale_list) = (json(ids.into_iter().collect()), json(stale.clone()));
        let mut st = self.conn.prepare_cached(
            "SELECT cadence, village_id, status, colour = 'red', count(*) FROM (
               SELECT cadence, village_id, colour, CASE
                   WHEN done_until >= ?1 THEN 'done'
                   WHEN hold IS NOT NULL AND (hold_until IS NULL OR ?1 <= hold_until) THEN hold
                   WHEN overdue_from <= ?1 THEN 'overdue' ELSE 'due' END AS status
               FROM task_state
               WHERE household_id IN (SELECT value FROM json_each(?2))
                 AND household_id NOT IN (SELECT value FROM json_each(?3)))
             WHERE status IN ('due', 'overdue')
             GROUP BY 1, 2, 3, 4",
        )?;
        let rows = st.query_map(params![day, ids, stale_list], |r| {
            Ok((
                r.get::<_, Option<String>>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<bool>>(3)?,
                r.get::<_, i64>(4)?,
            ))
        })?;
        for row in rows {
            let (cadence, village, status, red, n) = row?;
            let cadence = cadence.and_then(|c| Cadence::from_code(&c));
            let status = if status == "overdue" {
                Status::Overdue
            } else {
                Status::Due
            };
            out.add(cadence, village, status, red == Some(true), n as usize);
        }
        if !stale.is_empty() {
            let rules = self.rules()?;
            for id in stale {
                for k in self.kept_now(id, day, &rules)? {
                    let red = k.colour == Some(Colour::Red);
                    out.add(k.cadence, k.village_id, k.status_on(day), red, 1);
                }
            }
        }
        Ok(out)
    }
}
