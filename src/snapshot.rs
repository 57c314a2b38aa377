//! What a session holds: one scope's township, every task of it in triage
//! order, and indexes to find a person's tasks. Loaded once; after a save only
//! the household that changed is read again and its tasks recomputed, which
//! gives the same result as loading everything again (issue 9; a property
//! test compares the two).

use crate::db::{Db, Result, Scope};
use crate::domain::model::*;
use crate::domain::queue::{self, Status, Task, triage_key};
use crate::domain::rules::Rules;
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};

pub struct Snapshot {
    pub scope: Scope,
    pub day: NaiveDate,
    pub rules: Rules,
    pub town: Township,
    /// Every task of the scope, in triage order (§6).
    pub tasks: Vec<Task>,
    /// Indices into `tasks` by subject, so a screen finds a person's tasks without a scan.
    pub by_subject: HashMap<Subject, Vec<usize>>,
    /// (household index, member index) in `town` by resident id; household index by id.
    resident_at: HashMap<i64, (usize, usize)>,
    household_at: HashMap<i64, usize>,
}

impl Snapshot {
    pub fn load(db: &Db, scope: Scope, day: NaiveDate) -> Result<Snapshot> {
        let rules = db.rules()?;
        let town = db.load(day, scope)?;
        let tasks = queue::tasks(&town, day, &rules);
        let mut s = Snapshot {
            scope,
            day,
            rules,
            town,
            tasks,
            by_subject: HashMap::new(),
            resident_at: HashMap::new(),
            household_at: HashMap::new(),
        };
        s.reindex();
        Ok(s)
    }

    /// Reads one household again (members, visits, referrals) and recomputes
    /// its tasks, after a write that touched only it.
    pub fn refresh_household(&mut self, db: &Db, id: i64) -> Result<()> {
        // `fresh` is a township of just this household: its tasks are the
        // household's tasks, computed as a full load would.
        let mut fresh = db.load(self.day, Scope::Household(id))?;
        let in_scope = fresh.households.first().is_some_and(|h| {
            self.town.villages.iter().any(|v| v.id == h.village_id)
                && (!matches!(self.scope, Scope::Grids(_))
                    || self.town.grids.iter().any(|g| g.id == h.grid_id))
        });
        if !in_scope {
            fresh.households.clear();
        }
        // another township's household (live refresh sees every change in
        // the file): nothing of ours changed, so nothing is rebuilt
        if fresh.households.is_empty() && self.find_household(id).is_none() {
            return Ok(());
        }
        let new_tasks = queue::tasks(&fresh, self.day, &self.rules);
        let house = fresh.households.pop();
        // Whose visits to replace: the household's members now, and those it
        // had who live nowhere else now (a member who moved to another
        // household of the scope keeps their visits there).
        let now: HashSet<i64> = house
            .iter()
            .flat_map(|h| h.members.iter().map(|m| m.id))
            .collect();
        let elsewhere = |m: i64| {
            self.town
                .households
                .iter()
                .any(|h| h.id != id && h.members.iter().any(|x| x.id == m))
        };
        let residents: HashSet<i64> = self
            .find_household(id)
            .into_iter()
            .flat_map(|h| h.members.iter().map(|m| m.id))
            .filter(|m| now.contains(m) || !elsewhere(*m))
            .chain(now.iter().copied())
            .collect();
        let touched = |s: &Subject| match *s {
            Subject::Household(h) => h == id,
            Subject::Resident(r) => residents.contains(&r),
        };
        self.town.visits.retain(|v| !touched(&v.subject));
        self.town
            .referrals
            .retain(|r| !residents.contains(&r.resident_id));
        if house.is_some() {
            self.town.visits.extend(fresh.visits);
            self.town.referrals.extend(fresh.referrals);
        }
        // Positions of households and members change only when a household
        // comes or goes, or its members do; then those indexes are rebuilt.
        let moved = match (self.household_at.get(&id).copied(), house) {
            (Some(i), Some(h)) => {
                let same = self.town.households[i].members.len() == h.members.len();
                self.town.households[i] = h;
                !same
            }
            (Some(i), None) => {
                self.town.households.remove(i);
                true
            }
            (None, Some(h)) => {
                let at = self.town.households.partition_point(|x| x.id < h.id);
                self.town.households.insert(at, h);
                true
            }
            (None, None) => false,
        };
        self.tasks.retain(|t| t.household_id != id);
        for t in new_tasks {
            let key = triage_key(&t);
            let at = self.tasks.partition_point(|x| triage_key(x) < key);
            self.tasks.insert(at, t);
        }
        self.index_tasks();
        if moved {
            self.index_households();
        }
        Ok(())
    }

    fn reindex(&mut self) {
        self.index_tasks();
        self.index_households();
    }

    fn index_tasks(&mut self) {
        self.by_subject.clear();
        for (i, t) in self.tasks.iter().enumerate() {
            self.by_subject.entry(t.subject).or_default().push(i);
        }
    }

    fn index_households(&mut self) {
        self.household_at = self
            .town
            .households
            .iter()
            .enumerate()
            .map(|(i, h)| (h.id, i))
            .collect();
        self.resident_at = self
            .town
            .households
            .iter()
            .enumerate()
            .flat_map(|(i, h)| {
                h.members
                    .iter()
                    .enumerate()
                    .map(move |(j, m)| (m.id, (i, j)))
            })
            .collect();
    }

    pub fn find_household(&self, id: i64) -> Option<&Household> {
        self.household_at
            .get(&id)
            .and_then(|&i| self.town.households.get(i))
    }

    pub fn find_resident(&self, id: i64) -> Option<(&Household, &Resident)> {
        let &(i, j) = self.resident_at.get(&id)?;
        let h = self.town.households.get(i)?;
        Some((h, h.members.get(j)?))
    }

    /// The household a subject belongs to.
    pub fn household_of(&self, subject: Subject) -> Option<i64> {
        match subject {
            Subject::Household(id) => Some(id),
            Subject::Resident(id) => self.find_resident(id).map(|(h, _)| h.id),
        }
    }

    /// A subject's tasks, in triage order.
    pub fn tasks_of(&self, subject: Subject) -> impl Iterator<Item = &Task> {
        self.by_subject
            .get(&subject)
            .into_iter()
            .flatten()
            .map(|&i| &self.tasks[i])
    }

    /// A subject's open clinical task first, then any open task, then any task.
    pub fn most_urgent(&self, subject: Subject) -> Option<Task> {
        let open = |t: &&Task| matches!(t.status, Status::Due | Status::Overdue);
        self.tasks_of(subject)
            .filter(open)
            .find(|t| t.kind != VisitKind::YearlyCheck)
            .or_else(|| self.tasks_of(subject).find(open))
            .or_else(|| self.tasks_of(subject).next())
            .cloned()
    }

    /// The open tasks of a household and its members, as the household
    /// screen lists them under 待办任务 (done and removed ones are history).
    pub fn household_tasks(&self, h: &Household) -> Vec<&Task> {
        let mut v: Vec<&Task> = self.tasks_of(Subject::Household(h.id)).collect();
        for m in &h.members {
            v.extend(self.tasks_of(Subject::Resident(m.id)));
        }
        queue::to_do(v)
    }
}

/// One township's line of the county view.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TownshipCounts {
    pub id: i64,
    pub name: String,
    pub residents: usize,
    pub open: usize,
    pub overdue: usize,
    pub red: usize,
}

/// A county coordinator's view (issue 9): open, overdue and red tasks per
/// township, from the kept task state (issue 30 item 2): SQL aggregates over
/// `task_state`, and the few households whose kept rows do not hold on `day`
/// recomputed by the rules.
pub fn county_counts(db: &Db, day: NaiveDate) -> Result<Vec<TownshipCounts>> {
    Ok(db
        .county_state(day)?
        .into_iter()
        .map(|(id, name, residents, c)| TownshipCounts {
            id,
            name,
            residents,
            open: c.open,
            overdue: c.overdue,
            red: c.red,
        })
        .collect())
}

/// The same figures computed by loading each township and running the rules
/// on it: what the kept state must agree with (tests, `bench county`).
pub fn county_counts_recomputed(db: &Db, day: NaiveDate) -> Result<Vec<TownshipCounts>> {
    let rules = db.rules()?;
    let mut out = Vec::new();
    for (id, name, _) in db.townships()? {
        let town = db.load(day, Scope::Township(id))?;
        let mut c = crate::domain::state::Counts::default();
        for t in queue::tasks(&town, day, &rules) {
            c.add(t.status, t.colour);
        }
        out.push(TownshipCounts {
            id,
            name,
            residents: crate::domain::state::residents(&town, day),
            open: c.open,
            overdue: c.overdue,
            red: c.red,
        });
    }
    Ok(out)
}
