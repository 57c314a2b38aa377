//! The kept task state (issue 30 item 1): `household_state` and `task_state`
//! hold what `domain::state` derives for every household. A write notes the
//! households it touched in `state_dirty` (the triggers of migration 028);
//! before the write commits, those households are read again, their tasks
//! recomputed by the domain's functions and their rows replaced — in the
//! same transaction. Reads take the rows of a household on a day its window
//! holds, and recompute the few others in memory.

use super::{Db, Result, Scope};
use crate::domain::model::*;
use crate::domain::queue::{Status, WorkerRole};
use crate::domain::rules::Rules;
use crate::domain::state::{self, Counts, Kept, Window};
use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};
use std::collections::HashMap;

/// The dates of the rows the loader picks by date, per household.
const MORE_DATES: &str = "
    SELECT h.id, a.from_date, a.to_date FROM household h
      JOIN grid_assignment a ON a.grid_id = h.grid_id WHERE {h}
    UNION ALL SELECT h.id, c.start_date, c.end_date FROM household h
      JOIN resident r ON r.household_id = h.id JOIN contract c ON c.resident_id = r.id WHERE {h}
    UNION ALL SELECT h.id, m.since, v.since FROM household h
      JOIN resident r ON r.household_id = h.id JOIN group_member m ON m.resident_id = r.id
      JOIN volunteer_group g ON g.id = m.group_id LEFT JOIN volunteer v ON v.id = g.volunteer_id
      WHERE {h}
    UNION ALL SELECT h.id, v.until, NULL FROM household h
      JOIN resident r ON r.household_id = h.id JOIN group_member m ON m.resident_id = r.id
      JOIN volunteer_group g ON g.id = m.group_id JOIN volunteer v ON v.id = g.volunteer_id
      WHERE {h} AND v.until IS NOT NULL";

const TOWNSHIP_OF: &str = "h.village_id IN (SELECT id FROM village WHERE township_id = ?1)";

/// What one recompute of a scope gives: each household's rows and window.
struct Computed {
    township: HashMap<i64, i64>,
    rows: HashMap<i64, Vec<Kept>>,
    windows: HashMap<i64, (Window, usize)>,
}

impl Db {
    /// The day a write computes the state on: the demo's date in a demo
    /// database (as every command's as-of date is), else the clock's.
    pub(crate) fn state_day(&self) -> NaiveDate {
        self.meta("demo_date")
            .ok()
            .flatten()
            .and_then(|d| NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok())
            .unwrap_or_else(|| chrono::Local::now().date_naive())
    }

    fn more_dates(&self, filter: &str, key: i64) -> Result<HashMap<i64, Vec<NaiveDate>>> {
        let sql = MORE_DATES.replace("{h}", filter);
        let mut st = self.conn.prepare_cached(&sql)?;
        let mut out: HashMap<i64, Vec<NaiveDate>> = HashMap::new();
        let rows = st.query_map([key], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, Option<NaiveDate>>(1)?,
                r.get::<_, Option<NaiveDate>>(2)?,
            ))
        })?;
        for row in rows {
            let (h, a, b) = row?;
            out.entry(h).or_default().extend(a.into_iter().chain(b));
        }
        Ok(out)
    }

    /// Recomputes the households of `scope` on `day` with the domain's rules.
    fn compute(&self, scope: Scope, day: NaiveDate, rules: &Rules) -> Result<Computed> {
        let town = self.load_with(day, scope, false)?;
        let (filter, key) = match scope {
            Scope::Household(id) => ("h.id = ?1", id),
            Scope::Township(id) => (TOWNSHIP_OF, id),
            _ => ("?1 = ?1", 0),
        };
        let more = self.more_dates(filter, key)?;
        // the villages of the households loaded: one for a save
        let mut village_town: HashMap<i64, i64> = HashMap::new();
        let mut st = self
            .conn
            .prepare_cached("SELECT township_id FROM village WHERE id = ?1")?;
        for h in &town.households {
            if let std::collections::hash_map::Entry::Vacant(e) = village_town.entry(h.village_id) {
                e.insert(st.query_row([h.village_id], |r| r.get(0))?);
            }
        }
        let mut house_of: HashMap<Subject, i64> = HashMap::new();
        for h in &town.households {
            house_of.insert(Subject::Household(h.id), h.id);
            for m in &h.members {
                house_of.insert(Subject::Resident(m.id), h.id);
            }
        }
        let mut visits: HashMap<i64, Vec<&VisitRecord>> = HashMap::new();
        for v in &town.visits {
            if let Some(h) = house_of.get(&v.subject) {
                visits.entry(*h).or_default().push(v);
            }
        }
        let mut referrals: HashMap<i64, Vec<&ReferralRecord>> = HashMap::new();
        for r in &town.referrals {
            if let Some(h) = house_of.get(&Subject::Resident(r.resident_id)) {
                referrals.entry(*h).or_default().push(r);
            }
        }
        let mut rows: HashMap<i64, Vec<Kept>> = HashMap::new();
        for k in state::kept(&town, day, rules) {
            rows.entry(k.household_id).or_default().push(k);
        }
        let mut out = Computed {
            township: HashMap::new(),
            rows,
            windows: HashMap::new(),
        };
        for h in &town.households {
            let w = state::window(
                h,
                visits.get(&h.id).map_or(&[][..], |v| v.as_slice()),
                referrals.get(&h.id).map_or(&[][..], |v| v.as_slice()),
                more.get(&h.id).map_or(&[][..], |v| v.as_slice()),
                day,
                rules,
            );
            let residents = h.members.iter().filter(|m| m.active_on(day)).count();
            out.windows.insert(h.id, (w, residents));
            out.township
                .insert(h.id, village_town.get(&h.village_id).copied().unwrap_or(0));
        }
        Ok(out)
    }

    /// Replaces the kept rows of households `ids` with `c`'s (none for a
    /// household that is gone).
    fn store(&self, ids: &[i64], c: &Computed, day: NaiveDate) -> Result<()> {
        let mut del_h = self
            .conn
            .prepare_cached("DELETE FROM household_state WHERE household_id = ?1")?;
        let mut del_t = self
            .conn
            .prepare_cached("DELETE FROM task_state WHERE household_id = ?1")?;
        let mut ins_h = self.conn.prepare_cached(
            "INSERT INTO household_state (household_id, township_id, computed_on, valid_until, residents)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        let mut ins_t = self.conn.prepare_cached(
            "INSERT INTO task_state (household_id, township_id, village_id, grid_id, resident_id,
               kind, role, worker_id, volunteer_id, tier, colour, cadence, due_by, referral_id,
               done_until, overdue_from, hold, hold_until)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
        )?;
        let mut undirty = self
            .conn
            .prepare_cached("DELETE FROM state_dirty WHERE household_id = ?1")?;
        for &id in ids {
            del_h.execute([id])?;
            del_t.execute([id])?;
            undirty.execute([id])?;
            let Some(&(w, residents)) = c.windows.get(&id) else {
                continue;
            };
            let town = c.township.get(&id).copied().unwrap_or(0);
            ins_h.execute(params![id, town, day, w.until, residents as i64])?;
            for k in c.rows.get(&id).into_iter().flatten() {
                ins_t.execute(params![
                    k.household_id,
                    town,
                    k.village_id,
                    k.grid_id,
                    k.resident_id,
                    k.kind.code(),
                    k.role.code(),
                    k.worker_id,
                    k.volunteer_id,
                    k.tier,
                    k.colour.map(|c| c.code()),
                    k.cadence.map(|c| c.code()),
                    k.due_by,
                    k.referral_id,
                    k.done_until,
                    k.overdue_from,
                    k.hold.map(|s| s.code()),
                    k.hold_until,
                ])?;
            }
        }
        Ok(())
    }

    /// The households a write touched, recomputed and stored, inside the
    /// write's transaction (issue 30 item 1).
    pub(crate) fn flush_state(&self) -> Result<()> {
        let dirty: Vec<i64> = self
            .conn
            .prepare_cached("SELECT DISTINCT household_id FROM state_dirty")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        if dirty.is_empty() {
            return Ok(());
        }
        let day = self.state_day();
        let rules = self.rules()?;
        // many households (an import, a handover of a grid, a change of the
        // rules): their townships are loaded whole, as the builder does, and
        // only the households noted are stored
        if dirty.len() > 200 {
            let by_town: Vec<(i64, i64)> = self
                .conn
                .prepare_cached(
                    "SELECT DISTINCT v.township_id, d.household_id FROM state_dirty d
                     LEFT JOIN household h ON h.id = d.household_id
                     LEFT JOIN village v ON v.id = h.village_id ORDER BY 1",
                )?
                .query_map([], |r| {
                    Ok((r.get::<_, Option<i64>>(0)?.unwrap_or(0), r.get(1)?))
                })?
                .collect::<rusqlite::Result<_>>()?;
            let mut towns: Vec<i64> = by_town.iter().map(|t| t.0).collect();
            towns.dedup();
            for t in towns {
                let ids: Vec<i64> = by_town.iter().filter(|x| x.0 == t).map(|x| x.1).collect();
                let c = if t == 0 {
                    // households gone: their rows go
                    Computed {
                        township: HashMap::new(),
                        rows: HashMap::new(),
                        windows: HashMap::new(),
                    }
                } else {
                    self.compute(Scope::Township(t), day, &rules)?
                };
                self.store(&ids, &c, day)?;
            }
            return Ok(());
        }
        for id in dirty {
            let c = self.compute(Scope::Household(id), day, &rules)?;
            self.store(&[id], &c, day)?;
        }
        Ok(())
    }

    /// Stores the state of households noted by a write that committed
    /// without it, in a transaction of its own.
    pub(crate) fn flush_state_alone(&self) -> Result<()> {
        let pending: bool = self
            .conn
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM state_dirty)")?
            .query_row([], |r| r.get(0))?;
        if !pending || !self.conn.is_autocommit() {
            return Ok(());
        }
        let tx = self.conn.unchecked_transaction()?;
        self.flush_state()?;
        tx.commit()?;
        Ok(())
    }

    /// On opening for writing: the state of households still noted (a
    /// database just brought to this schema, whose state migration 028 left
    /// to build) is built, with a progress bar on a terminal for a big one.
    pub(crate) fn state_after_open(&self) -> Result<()> {
        let pending: i64 = self.conn.query_row(
            "SELECT count(DISTINCT household_id) FROM state_dirty",
            [],
            |r| r.get(0),
        )?;
        if pending == 0 {
            return Ok(());
        }
        if pending <= 200 {
            return self.flush_state_alone();
        }
        use std::io::IsTerminal;
        let bar = (std::io::stderr().is_terminal() && pending > 5000).then(|| {
            let b = indicatif::ProgressBar::new(0);
            b.set_message("建立任务状态 building the task state (townships)");
            b.set_style(
                indicatif::ProgressStyle::with_template("{msg} {bar:30} {pos}/{len}")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            b
        });
        let tx = self.conn.unchecked_transaction()?;
        self.build_state(&mut |done, of| {
            if let Some(b) = &bar {
                b.set_length(of as u64);
                b.set_position(done as u64);
            }
        })?;
        tx.commit()?;
        if let Some(b) = bar {
            b.finish_and_clear();
        }
        Ok(())
    }

    /// Builds the state of every household, a township at a time; `progress`
    /// is told (done, of) after each township.
    pub fn build_state(&self, progress: &mut dyn FnMut(usize, usize)) -> Result<()> {
        let day = self.state_day();
        let rules = self.rules()?;
        let towns = self.townships()?;
        let of: usize = towns.len();
        // households of no township (a village without one cannot be) are
        // none; every household is in exactly one township
        for (i, (tid, _, _)) in towns.iter().enumerate() {
            let c = self.compute(Scope::Township(*tid), day, &rules)?;
            let ids: Vec<i64> = self
                .conn
                .prepare_cached(&format!(
                    "SELECT id FROM household h WHERE {TOWNSHIP_OF}
                     UNION SELECT household_id FROM household_state WHERE township_id = ?1"
                ))?
                .query_map([tid], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            self.store(&ids, &c, day)?;
            progress(i + 1, of);
        }
        // rows of households that no longer exist
        self.conn.execute_batch(
            "DELETE FROM task_state WHERE household_id NOT IN (SELECT id FROM household);
             DELETE FROM household_state WHERE household_id NOT IN (SELECT id FROM household);
             DELETE FROM state_dirty;",
        )?;
        Ok(())
    }

    /// `gridcare check --rebuild-state`: every household's state built again
    /// from the rules, in one transaction; returns how many are kept.
    pub fn rebuild_state(&mut self) -> Result<i64> {
        self.guarded(|db| {
            let tx = db.conn.unchecked_transaction()?;
            db.conn.execute_batch(
                "DELETE FROM task_state; DELETE FROM household_state;
                 INSERT OR IGNORE INTO state_dirty SELECT id FROM household;",
            )?;
            db.build_state(&mut |_, _| {})?;
            tx.commit()?;
            Ok(db
                .conn
                .query_row("SELECT count(*) FROM household_state", [], |r| r.get(0))?)
        })
    }

    /// Households whose kept rows do not hold on `day` (written since, or
    /// their window passed), with their township: a read recomputes them.
    pub(super) fn stale(&self, day: NaiveDate) -> Result<Vec<(i64, i64)>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT household_id, township_id FROM household_state
                   WHERE NOT (computed_on <= ?1 AND (valid_until IS NULL OR ?1 < valid_until))
                 UNION SELECT d.household_id, v.township_id FROM state_dirty d
                   JOIN household h ON h.id = d.household_id JOIN village v ON v.id = h.village_id",
            )?
            .query_map([day], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// The county view on `day` from the kept rows (issue 30 item 2): per
    /// township (id, name), its active residents and its open, overdue and
    /// red tasks — one grouped pass over `task_state` in SQL (the status on
    /// `day` is `Kept::status_on`, written in SQL), and the few households
    /// whose rows do not hold on `day` recomputed by the rules.
    pub fn county_state(&self, day: NaiveDate) -> Result<Vec<(i64, String, usize, Counts)>> {
        let stale = self.stale(day)?;
        let fresh = if stale.is_empty() {
            "?2 IS NOT NULL"
        } else {
            "household_id NOT IN (SELECT value FROM json_each(?2))"
        };
        let ids: Vec<i64> = stale.iter().map(|s| s.0).collect();
        let list = serde_json::to_string(&ids).unwrap_or_else(|_| "[]".into());
        let mut out: Vec<(i64, String, usize, Counts)> = self
            .conn
            .prepare_cached("SELECT id, name FROM township ORDER BY id")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, 0, Counts::default())))?
            .collect::<rusqlite::Result<_>>()?;
        let at =
            |out: &mut Vec<(i64, String, usize, Counts)>, t: i64| out.iter().position(|x| x.0 == t);
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT township_id, count(*) FILTER (WHERE status IN ('due', 'overdue')),
               count(*) FILTER (WHERE status = 'overdue'),
               count(*) FILTER (WHERE status IN ('due', 'overdue') AND colour = 'red')
             FROM (SELECT township_id, colour, CASE
                     WHEN done_until >= ?1 THEN 'done'
                     WHEN hold IS NOT NULL AND (hold_until IS NULL OR ?1 <= hold_until) THEN hold
                     WHEN overdue_from <= ?1 THEN 'overdue' ELSE 'due' END AS status
                   FROM task_state INDEXED BY task_state_township WHERE {fresh})
             GROUP BY township_id"
        ))?;
        let rows = st.query_map(params![day, list], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, i64>(3)?,
            ))
        })?;
        for row in rows {
            let (t, open, overdue, red) = row?;
            if let Some(i) = at(&mut out, t) {
                out[i].3 = Counts {
                    open: open as usize,
                    overdue: overdue as usize,
                    red: red as usize,
                };
            }
        }
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT township_id, sum(residents) FROM household_state
             WHERE {fresh} AND ?1 IS NOT NULL GROUP BY township_id"
        ))?;
        let rows = st.query_map(params![day, list], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
        })?;
        for row in rows {
            let (t, n) = row?;
            if let Some(i) = at(&mut out, t) {
                out[i].2 = n as usize;
            }
        }
        if !stale.is_empty() {
            let rules = self.rules()?;
            for (id, t) in stale {
                let c = self.compute(Scope::Household(id), day, &rules)?;
                let Some(i) = at(&mut out, t) else { continue };
                out[i].2 += c.windows.get(&id).map_or(0, |w| w.1);
                for k in c.rows.get(&id).into_iter().flatten() {
                    out[i].3.add(k.status_on(day), k.colour);
                }
            }
        }
        Ok(out)
    }

    /// The rows of household `id` as the rules give them on `day`.
    pub(super) fn kept_now(&self, id: i64, day: NaiveDate, rules: &Rules) -> Result<Vec<Kept>> {
        Ok(self
            .compute(Scope::Household(id), day, rules)?
            .rows
            .remove(&id)
            .unwrap_or_default())
    }

    /// The kept rows of one household as stored, sorted, with its window.
    fn kept_rows(&self, id: i64) -> Result<(Option<Window>, Vec<Kept>)> {
        let w = self
            .conn
            .prepare_cached(
                "SELECT computed_on, valid_until FROM household_state WHERE household_id = ?1",
            )?
            .query_row([id], |r| {
                Ok(Window {
                    from: r.get(0)?,
                    until: r.get(1)?,
                })
            })
            .optional()?;
        let mut st = self.conn.prepare_cached(
            "SELECT household_id, village_id, grid_id, resident_id, kind, role, worker_id,
               volunteer_id, tier, colour, cadence, due_by, referral_id, done_until,
               overdue_from, hold, hold_until FROM task_state WHERE household_id = ?1",
        )?;
        let code = |s: Option<String>| s.unwrap_or_default();
        let mut rows: Vec<Kept> = st
            .query_map([id], |r| {
                Ok(Kept {
                    household_id: r.get(0)?,
                    village_id: r.get(1)?,
                    grid_id: r.get(2)?,
                    resident_id: r.get(3)?,
                    kind: VisitKind::from_code(&code(r.get(4)?)).unwrap_or(VisitKind::Household),
                    role: WorkerRole::from_code(&code(r.get(5)?)).unwrap_or(WorkerRole::Team),
                    worker_id: r.get(6)?,
                    volunteer_id: r.get(7)?,
                    tier: r.get(8)?,
                    colour: r
                        .get::<_, Option<String>>(9)?
                        .and_then(|c| Colour::from_code(&c)),
                    cadence: r
                        .get::<_, Option<String>>(10)?
                        .and_then(|c| crate::domain::calendar::Cadence::from_code(&c)),
                    due_by: r.get(11)?,
                    referral_id: r.get(12)?,
                    done_until: r.get(13)?,
                    overdue_from: r.get(14)?,
                    hold: r
                        .get::<_, Option<String>>(15)?
                        .and_then(|c| Status::from_code(&c)),
                    hold_until: r.get(16)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        rows.sort();
        Ok((w, rows))
    }

    /// The kept state against a full recompute on `day` (issue 30 item 1):
    /// one line per household whose kept rows, read on `day`, differ from
    /// what the rules derive now, or that has none though nothing is
    /// pending. Households written since (pending) and those whose window
    /// has passed are counted in `.1`, not differences: reads recompute them.
    pub fn check_state(&self, day: NaiveDate) -> Result<(Vec<String>, usize)> {
        let rules = self.rules()?;
        let mut diffs = Vec::new();
        let mut stale = 0;
        let dirty: std::collections::HashSet<i64> = self
            .conn
            .prepare("SELECT DISTINCT household_id FROM state_dirty")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for (tid, _, _) in self.townships()? {
            let c = self.compute(Scope::Township(tid), day, &rules)?;
            let town = self.load_with(day, Scope::Township(tid), false)?;
            let mut truth: HashMap<i64, Vec<(Kept, Status)>> = HashMap::new();
            for (k, st) in state::truth(&town, day, &rules) {
                truth.entry(k.household_id).or_default().push((k, st));
            }
            let mut ids: Vec<i64> = c.windows.keys().copied().collect();
            ids.sort();
            for id in ids {
                if dirty.contains(&id) {
                    stale += 1;
                    continue;
                }
                let (w, kept) = self.kept_rows(id)?;
                let Some(w) = w else {
                    diffs.push(format!("household {id}: no kept state"));
                    continue;
                };
                if !w.holds_on(day) {
                    stale += 1;
                    continue;
                }
                let on = |rows: &[Kept]| {
                    let mut v: Vec<_> = rows.iter().map(|k| k.on(day)).collect();
                    v.sort();
                    v
                };
                let want = truth.remove(&id).unwrap_or_default();
                let got = on(&kept);
                if want != got {
                    let first = want
                        .iter()
                        .zip(&got)
                        .find(|(a, b)| a != b)
                        .map(|(a, b)| state::difference(b, a))
                        .unwrap_or_else(|| {
                            format!("{} kept tasks, the rules give {}", got.len(), want.len())
                        });
                    diffs.push(format!("household {id}: {first}"));
                }
            }
        }
        let orphans: i64 = self.conn.query_row(
            "SELECT count(*) FROM household_state WHERE household_id NOT IN (SELECT id FROM household)",
            [],
            |r| r.get(0),
        )?;
        if orphans > 0 {
            diffs.push(format!(
                "{orphans} kept households no longer in the database"
            ));
        }
        Ok((diffs, stale))
    }
}
