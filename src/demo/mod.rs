//! The demo township 三角乡, generated deterministically from a seed: rosters,
//! households, residents with valid ID numbers, chronic patients, contracts,
//! volunteer groups, and a year of visits with realistic gaps, so that the
//! queues on the demo date hold due, overdue and red patients.

pub mod names;

use crate::db::{Db, DbError, Result};
use crate::domain::calendar::{Cadence, Period, age_on};
use crate::domain::colour;
use crate::domain::followup::{self, Findings, Vitals};
use crate::domain::idnum;
use crate::domain::model::*;
use crate::domain::rules::Rules;
use crate::domain::tier::household_tier;
use chrono::{Days, Months, NaiveDate};
use names::Rng;
use rusqlite::{Transaction, params};
use std::collections::HashSet;

/// The demo's as-of date: `gridcare demo` opens on it unless --today says otherwise.
pub fn demo_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 20).unwrap_or_default()
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DemoConfig {
    pub seed: u64,
    pub as_of: NaiveDate,
    /// Households per township.
    pub households: usize,
    /// Townships of the county (1 for the demo township; 20 for `demo --county`).
    pub townships: usize,
}

impl Default for DemoConfig {
    fn default() -> Self {
        DemoConfig {
            seed: 2026,
            as_of: demo_date(),
            households: 3000,
            townships: 1,
        }
    }
}

impl DemoConfig {
    /// A county server's worth (issue 9): 20 townships of 8,000 households,
    /// about 500,000 residents and 3,000 grids.
    pub fn county(seed: u64) -> DemoConfig {
        DemoConfig {
            seed,
            households: 8_000,
            townships: 20,
            ..DemoConfig::default()
        }
    }
}

/// Fills an empty database with the demo township, in one transaction.
pub fn generate(db: &mut Db, cfg: &DemoConfig) -> Result<()> {
    generate_with_progress(db, cfg, &mut |_, _| {})
}

/// As `generate`, calling `progress(done, of)` after each township.
pub fn generate_with_progress(
    db: &mut Db,
    cfg: &DemoConfig,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<()> {
    db.writable()?;
    if db.holds_township()? {
        return Err(DbError::Invalid(
            "the database already holds a township; the demo needs an empty one".into(),
        ));
    }
    let rules = db.rules()?;
    let tx = db.conn.transaction()?;
    let mut g = Gen {
        tx: &tx,
        rng: Rng::new(cfg.seed),
        cfg: *cfg,
        ids: HashSet::new(),
        stamp: format!("{} 08:00:00", cfg.as_of),
    };
    g.build(&rules, progress)?;
    tx.commit()?;
    Ok(())
}

struct Gen<'a> {
    tx: &'a Transaction<'a>,
    rng: Rng,
    cfg: DemoConfig,
    ids: HashSet<String>,
    /// recorded_at of every generated row, fixed so the data are deterministic.
    stamp: String,
}

struct VillageRow {
    id: i64,
    name: &'static str,
    grids: Vec<(i64, f64)>, // (grid id, the grid worker's diligence)
    team: i64,
    doctor: i64,
}

impl Gen<'_> {
    fn exec(&self, sql: &str, p: impl rusqlite::Params) -> Result<i64> {
        self.tx.prepare_cached(sql)?.execute(p)?;
        Ok(self.tx.last_insert_rowid())
    }

    fn build(&mut self, rules: &Rules, progress: &mut dyn FnMut(usize, usize)) -> Result<()> {
        let as_of = self.cfg.as_of;
        for (k, v) in [
            ("township", names::TOWNSHIPS[0]),
            ("county", "永修县"),
            ("demo_date", &as_of.to_string()),
            ("demo_seed", &self.cfg.seed.to_string()),
        ] {
            self.exec(
                "INSERT INTO meta (key, value) VALUES (?1, ?2)",
                params![k, v],
            )?;
        }
        self.exec("INSERT INTO operator (name) VALUES ('demo')", [])?;
        let county = self.exec("INSERT INTO county (name) VALUES ('永修县')", [])?;
        let n = self.cfg.townships.clamp(1, names::TOWNSHIPS.len());
        for (i, name) in names::TOWNSHIPS[..n].iter().enumerate() {
            self.township(county, name, rules)?;
            progress(i + 1, n);
        }
        self.tx
            .execute("UPDATE audit_log SET at = ?1", [&self.stamp])?;
        // the log, dated the demo's day, chained as made (issue 24 item 8)
        crate::db::rechain_generated(self.tx)?;
        Ok(())
    }

    fn township(&mut self, county: i64, name: &str, rules: &Rules) -> Result<()> {
        let as_of = self.cfg.as_of;
        let township = self.exec(
            "INSERT INTO township (county_id, name) VALUES (?1, ?2)",
            params![county, name],
        )?;
        let first = name == names::TOWNSHIPS[0];
        let gps: Vec<i64> = (0..4)
            .map(|_| {
                let n = names::name(&mut self.rng, true);
                self.exec(
                    "INSERT INTO staff (name, role) VALUES (?1, 'township_gp')",
                    [n],
                )
            })
            .collect::<Result<_>>()?;

        let mut villages = Vec::new();
        for (vi, vname) in names::VILLAGES.iter().enumerate() {
            let vid = self.exec(
                "INSERT INTO village (township_id, name) VALUES (?1, ?2)",
                params![township, vname],
            )?;
            // A grid is a few dozen households (§1): more grids in bigger townships.
            // (the 3,000-household demo keeps its 3 or 4 grids a village)
            let n_grids = if vi % 3 == 0 { 4 } else { 3 }
                .max(self.cfg.households / (names::VILLAGES.len() * 66));
            let mut grids = Vec::new();
            for gname in (0..n_grids).map(names::grid_name) {
                let gid = self.exec(
                    "INSERT INTO grid (village_id, name) VALUES (?1, ?2)",
                    params![vid, &gname],
                )?;
                // Most grid workers are diligent; a few are not, which shows as overdue tasks.
                let diligence = if self.rng.chance(0.15) {
                    self.rng.around(0.55, 0.1, 0.3, 0.7)
                } else {
                    self.rng.around(0.9, 0.05, 0.75, 0.99)
                };
                let male = self.rng.chance(0.4);
                let mut wname = names::name(&mut self.rng, male);
                // README's examples name the first grid's worker (drawn all the same,
                // so the rest of the township is as the seed makes it)
                if first && vi == 0 && gname == names::grid_name(0) {
                    wname = names::README_GRID_WORKER.to_string();
                }
                let phone = self.phone();
                let sid = self.exec(
                    "INSERT INTO staff (name, role, phone, village_id) VALUES (?1, 'grid_worker', ?2, ?3)",
                    params![wname, phone, vid],
                )?;
                // One grid in ten changed hands this year: the old assignment ended.
                let from = if self.rng.chance(0.1) {
                    let old = names::name(&mut self.rng, !male);
                    let old_id = self.exec("INSERT INTO staff (name, role, village_id, active) VALUES (?1, 'grid_worker', ?2, 0)", params![old, vid])?;
                    let changed = self
                        .rng
                        .date_between(as_of - Months::new(10), as_of - Months::new(2));
                    self.exec(
                        "INSERT INTO grid_assignment (staff_id, grid_id, from_date, to_date) VALUES (?1, ?2, '2021-01-01', ?3)",
                        params![old_id, gid, changed - Days::new(1)],
                    )?;
                    changed
                } else {
                    NaiveDate::from_ymd_opt(2022, 3, 1).unwrap_or(as_of)
                };
                self.exec("INSERT INTO grid_assignment (staff_id, grid_id, from_date) VALUES (?1, ?2, ?3)", params![sid, gid, from])?;
                grids.push((gid, diligence));
            }
            let dname = names::name(&mut self.rng, true);
            let doctor = self.exec(
                "INSERT INTO staff (name, role, village_id) VALUES (?1, 'village_doctor', ?2)",
                params![dname, vid],
            )?;
            let team = self.exec(
                "INSERT INTO doctor_team (name, village_id) VALUES (?1, ?2)",
                // team names are unique in the county: the first township's keep the short form
                params![
                    if first {
                        format!("{vname}家庭医生团队")
                    } else {
                        format!("{name}{vname}家庭医生团队")
                    },
                    vid
                ],
            )?;
            self.exec(
                "INSERT INTO team_member (team_id, staff_id, is_leader) VALUES (?1, ?2, 0)",
                params![team, doctor],
            )?;
            self.exec(
                "INSERT INTO team_member (team_id, staff_id, is_leader) VALUES (?1, ?2, 1)",
                params![team, gps[vi % gps.len()]],
            )?;
            villages.push(VillageRow {
                id: vid,
                name: vname,
                grids,
                team,
                doctor,
            });
        }

        let total_grids: usize = villages.iter().map(|v| v.grids.len()).sum();
        let per_grid = self.cfg.households.div_ceil(total_grids.max(1));
        let mut made = 0;
        let mut patients_by_village: Vec<Vec<(i64, i64, i64)>> = vec![Vec::new(); villages.len()]; // (grid, household, resident)
        for (vi, v) in villages.iter().enumerate() {
            for (gi, &(gid, diligence)) in v.grids.iter().enumerate() {
                let n = (per_grid as i64 + self.rng.range(-8, 8)).max(1) as usize;
                for k in 0..n {
                    if made >= self.cfg.households {
                        break;
                    }
                    made += 1;
                    let h = self.household(v, gid, gi, k)?;
                    self.household_history(&h, diligence, rules)?;
                    for m in &h.members {
                        if m.is_managed_patient(as_of) {
                            patients_by_village[vi].push((gid, h.id, m.id));
                        }
                        self.person_history(m, v, rules)?;
                    }
                }
            }
        }
        for (vi, v) in villages.iter().enumerate() {
            self.volunteer_groups(
                v,
                &patients_by_village[vi],
                crate::domain::groups::Sizes::from_rules(rules),
                first && vi == 0,
            )?;
        }
        crate::db::audit(
            self.tx,
            "demo",
            "generate_demo",
            "township",
            township,
            &format!("seed {} as of {as_of}", self.cfg.seed),
        )?;
        Ok(())
    }

    fn phone(&mut self) -> String {
        format!(
            "1{}{:09}",
            self.rng.pick(&["3", "5", "8", "9"]),
            self.rng.range(0, 999_999_999)
        )
    }

    fn id_number(&mut self, birth: NaiveDate, male: bool) -> String {
        let area = *self
            .rng
            .weighted(&[("360425", 90u32), ("360402", 5), ("360124", 5)]);
        loop {
            let mut seq = self.rng.range(0, 999) as u16;
            if (seq % 2 == 1) != male {
                seq = (seq + 1) % 1000;
            }
            let n = idnum::compose(area, birth, seq);
            if self.ids.insert(n.clone()) {
                return n;
            }
        }
    }

    /// One household with a rural composition: many elders, some alone,
    /// working-age adults, left-behind children.
    fn household(
        &mut self,
        v: &VillageRow,
        grid: i64,
        grid_index: usize,
        k: usize,
    ) -> Result<Household> {
        let as_of = self.cfg.as_of;
        let registered = if self.rng.chance(0.03) {
            self.rng
                .date_between(as_of - Months::new(11), as_of - Days::new(3))
        } else {
            self.rng.date_between(
                NaiveDate::from_ymd_opt(2019, 1, 1).unwrap_or(as_of),
                NaiveDate::from_ymd_opt(2024, 12, 31).unwrap_or(as_of),
            )
        };
        let address = format!("{}{}组{}号", v.name, grid_index + 1, k + 1);
        let hid = self.exec(
            "INSERT INTO household (village_id, grid_id, address, registered_on) VALUES (?1, ?2, ?3, ?4)",
            params![v.id, grid, address, registered],
        )?;
        let surname_seed = names::name(&mut self.rng, true);
        let kind = *self
            .rng
            .weighted(&[(0u8, 10), (1, 22), (2, 30), (3, 23), (4, 10), (5, 5)]);
        // (age, male, relation)
        let mut people: Vec<(i64, bool, Relation)> = Vec::new();
        let elder = |rng: &mut Rng| rng.range(60, 92);
        match kind {
            0 => people.push((self.rng.range(65, 94), self.rng.chance(0.4), Relation::Head)),
            1 => {
                let a = elder(&mut self.rng);
                people.push((a, true, Relation::Head));
                people.push((
                    (a + self.rng.range(-5, 2)).clamp(55, 95),
                    false,
                    Relation::Spouse,
                ));
            }
            2 => {
                let a = self.rng.range(30, 50);
                people.push((a, true, Relation::Head));
                people.push(((a + self.rng.range(-4, 2)).max(22), false, Relation::Spouse));
                for _ in 0..self.rng.range(1, 2) {
                    people.push((
                        a + self.rng.range(25, 35),
                        self.rng.chance(0.45),
                        Relation::Parent,
                    ));
                }
                for _ in 0..self.rng.range(1, 2) {
                    people.push((
                        self.rng.range(0, (a - 22).clamp(0, 17)),
                        self.rng.chance(0.52),
                        Relation::Child,
                    ));
                }
            }
            3 => {
                let a = self.rng.range(30, 59);
                people.push((a, true, Relation::Head));
                people.push(((a + self.rng.range(-4, 2)).max(22), false, Relation::Spouse));
                for _ in 0..self.rng.range(0, 2) {
                    people.push((
                        self.rng.range(0, (a - 20).clamp(0, 25)),
                        self.rng.chance(0.52),
                        Relation::Child,
                    ));
                }
            }
            4 => {
                let a = elder(&mut self.rng);
                people.push((a, self.rng.chance(0.5), Relation::Head));
                if self.rng.chance(0.6) {
                    people.push((
                        (a + self.rng.range(-5, 3)).clamp(55, 95),
                        false,
                        Relation::Spouse,
                    ));
                }
                for _ in 0..self.rng.range(1, 2) {
                    people.push((
                        self.rng.range(0, 12),
                        self.rng.chance(0.52),
                        Relation::Grandchild,
                    ));
                }
            }
            _ => people.push((self.rng.range(25, 59), self.rng.chance(0.6), Relation::Head)),
        }
        let surname: String = surname_seed.chars().take(1).collect();
        let mut members = Vec::new();
        for (i, (age, male, relation)) in people.into_iter().enumerate() {
            let mut name = names::name(&mut self.rng, male);
            // Children and the head usually share the head's surname.
            if matches!(
                relation,
                Relation::Child | Relation::Grandchild | Relation::Head
            ) && i > 0
                && self.rng.chance(0.8)
                || i == 0 && self.rng.chance(0.5)
            {
                let given: String = name.chars().skip(1).collect();
                name = format!("{surname}{given}");
            }
            let m = self.resident(hid, name, age, male, relation, registered, kind == 0)?;
            members.push(m);
        }
        let mut h = Household {
            id: hid,
            village_id: v.id,
            grid_id: grid,
            address,
            registered_on: registered,
            tier_override: None,
            tier_override_on: None,
            members,
            ext_no: None,
        };
        // A few overrides, always with a reason (§2).
        if self.rng.chance(0.004) {
            let why = "子女常年在外务工，实际无人照料";
            self.exec(
                "UPDATE household SET tier_override = 1, tier_override_reason = ?1 WHERE id = ?2",
                params![why, hid],
            )?;
            h.tier_override = crate::domain::tier::Tier::new(1).map(|t| (t, why.to_string()));
        }
        Ok(h)
    }

    #[allow(clippy::too_many_arguments)]
    fn resident(
        &mut self,
        hid: i64,
        name: String,
        age: i64,
        male: bool,
        relation: Relation,
        registered: NaiveDate,
        alone: bool,
    ) -> Result<Resident> {
        let as_of = self.cfg.as_of;
        let birth =
            (as_of - Months::new(12 * age as u32)) - Days::new(self.rng.range(1, 364) as u64);
        let id_number = self.id_number(birth, male);
        let sex = if male { Sex::Male } else { Sex::Female };
        let elder = age >= 60;
        let lives_alone = alone && self.rng.chance(0.55);
        let disabled = self.rng.chance(if elder { 0.05 } else { 0.015 });
        let ill = self.rng.chance(if elder { 0.035 } else { 0.008 });
        let phone = if age >= 16 && self.rng.chance(0.85) {
            Some(self.phone())
        } else {
            None
        };
        let (status, status_date) = if elder && self.rng.chance(0.012) {
            (
                ResidentStatus::Deceased,
                Some(
                    self.rng
                        .date_between(as_of - Months::new(18), as_of - Days::new(1)),
                ),
            )
        } else if (20..50).contains(&age) && self.rng.chance(0.02) {
            (
                ResidentStatus::Moved,
                Some(
                    self.rng
                        .date_between(as_of - Months::new(18), as_of - Days::new(1)),
                ),
            )
        } else {
            (ResidentStatus::Active, None)
        };
        let registered_on = registered.max(birth);
        let plan = lives_alone.then_some("每周电话问候；家庭医生每月上门测血压；药品由网格员代取");
        // Written within the last 200 days (from the household number, so the
        // random stream and the rest of the demo stay as they were): some are
        // past their six months and due for review (§2 ★1 一人一策).
        let written = plan.map(|_| (as_of - Days::new((hid * 37 % 200) as u64)).max(registered_on));
        let id = self.exec(
            "INSERT INTO resident (household_id, name, id_number, sex, birth_date, phone, relation, status, status_date,
               lives_alone_no_carer, disabled, seriously_ill, care_plan, registered_on, care_plan_written_on)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
            params![hid, name, id_number, sex, birth, phone, relation, status, status_date, lives_alone, disabled, ill, plan, registered_on, written],
        )?;
        let mut conditions = Vec::new();
        let p_htn = match age {
            35..=44 => 0.06,
            45..=59 => 0.17,
            60..=74 => 0.36,
            75.. => 0.45,
            _ => 0.0,
        };
        let p_dm = match age {
            35..=59 => 0.05,
            60.. => 0.12,
            _ => 0.0,
        };
        for (condition, p) in [
            (Condition::Hypertension, p_htn),
            (Condition::Diabetes, p_dm),
            (Condition::Mental, if age >= 18 { 0.003 } else { 0.0 }),
        ] {
            if !self.rng.chance(p) {
                continue;
            }
            let earliest = birth
                .max(as_of - Months::new(12 * 15))
                .max(birth + Months::new(12 * 30));
            let diagnosed = if self.rng.chance(0.05) {
                self.rng
                    .date_between(as_of - Days::new(80), as_of - Days::new(1))
            } else {
                self.rng
                    .date_between(earliest.min(as_of - Days::new(100)), as_of - Days::new(100))
            };
            let managed_from = (diagnosed + Days::new(self.rng.range(0, 30) as u64))
                .max(registered_on)
                .min(as_of);
            let diagnosed = diagnosed.min(managed_from);
            let (until, end) = match status_date {
                Some(d) if d >= managed_from => (
                    Some(d),
                    Some(if status == ResidentStatus::Deceased {
                        EndReason::Death
                    } else {
                        EndReason::Moved
                    }),
                ),
                _ if self.rng.chance(0.015) => (
                    Some(self.rng.date_between(managed_from, as_of)),
                    Some(EndReason::Refused),
                ),
                _ => (None, None),
            };
            self.exec(
                "INSERT INTO chronic_condition (resident_id, condition, diagnosed_on, managed_from, managed_until, end_reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![id, condition, diagnosed, managed_from, until, end],
            )?;
            conditions.push(ChronicCondition {
                condition,
                diagnosed_on: diagnosed,
                managed_from,
                managed_until: until,
                // the demo's records are gridcare's own from the start
                entered_on: None,
            });
        }
        Ok(Resident {
            id,
            household_id: hid,
            name,
            id_number,
            sex,
            birth_date: birth,
            phone,
            relation,
            status,
            status_date,
            lives_alone_no_carer: lives_alone,
            disabled,
            seriously_ill: ill,
            registered_on,
            flags_changed_on: None,
            conditions,
            team: None,
            volunteer: None,
            care_plan: None,
            record_no: None,
        })
    }

    /// Grid-worker household visits by tier over the past year, with gaps.
    fn household_history(&mut self, h: &Household, diligence: f64, rules: &Rules) -> Result<()> {
        let as_of = self.cfg.as_of;
        let Some(cadence) = household_tier(h, as_of, rules)
            .effective
            .household_visit_cadence(rules)
        else {
            return Ok(());
        };
        let start = h.registered_on.max(as_of - Months::new(13));
        let mut p = Period::containing(cadence, start);
        // Yearly visits are easier to keep than weekly ones.
        let keep = if cadence == Cadence::Year {
            0.8
        } else {
            diligence
        };
        while p.start <= as_of {
            let last = p.end().min(as_of);
            if self.rng.chance(keep) {
                let day = self.rng.date_between(p.start.max(start), last);
                if self.rng.chance(0.05) {
                    self.visit_row(
                        VisitKind::Household,
                        Subject::Household(h.id),
                        day,
                        Outcome::NotHome,
                        VisitMode::Home,
                    )?;
                    let retry = (day + Days::new(self.rng.range(1, 3) as u64)).min(last);
                    if retry > day {
                        self.visit_row(
                            VisitKind::Household,
                            Subject::Household(h.id),
                            retry,
                            Outcome::Completed,
                            VisitMode::Home,
                        )?;
                    }
                } else {
                    self.visit_row(
                        VisitKind::Household,
                        Subject::Household(h.id),
                        day,
                        Outcome::Completed,
                        VisitMode::Home,
                    )?;
                }
            }
            p = p.next();
        }
        Ok(())
    }

    fn visit_row(
        &mut self,
        kind: VisitKind,
        subject: Subject,
        date: NaiveDate,
        outcome: Outcome,
        mode: VisitMode,
    ) -> Result<i64> {
        let (hh, res) = match subject {
            Subject::Household(id) => (Some(id), None),
            Subject::Resident(id) => (None, Some(id)),
        };
        self.exec(
            "INSERT INTO visit (kind, household_id, resident_id, mode, visit_date, outcome, recorded_by, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'demo', ?7)",
            params![kind, hh, res, mode, date, outcome, self.stamp],
        )
    }

    /// Contracts, yearly checks and chronic follow-ups of one resident.
    fn person_history(&mut self, m: &Resident, v: &VillageRow, rules: &Rules) -> Result<()> {
        let as_of = self.cfg.as_of;
        if !m.status.is_active() {
            return Ok(());
        }
        let age = age_on(m.birth_date, as_of);
        let patient = m.is_managed_patient(as_of);
        let p_contract = if patient {
            0.9
        } else if age >= 65 {
            0.6
        } else {
            0.25
        };
        if self.rng.chance(p_contract) {
            let start = self
                .rng
                .date_between(as_of - Days::new(360), as_of - Days::new(1));
            let end = start + Months::new(12) - Days::new(1);
            self.exec("INSERT INTO contract (resident_id, team_id, start_date, end_date) VALUES (?1, ?2, ?3, ?4)", params![m.id, v.team, start, end])?;
        }
        if !(6..65).contains(&age) {
            let last_year = Period::containing(Cadence::Year, as_of).prev();
            for (p, keep) in [(last_year, 0.75), (last_year.next(), 0.65)] {
                let from = p.start.max(m.registered_on);
                if from <= p.end().min(as_of) && self.rng.chance(keep) {
                    let day = self.rng.date_between(from, p.end().min(as_of));
                    self.visit_row(
                        VisitKind::YearlyCheck,
                        Subject::Resident(m.id),
                        day,
                        Outcome::Completed,
                        VisitMode::Clinic,
                    )?;
                }
            }
        }
        if patient {
            self.followups(m, v, rules)?;
        }
        Ok(())
    }

    /// A year of follow-ups: quarterly while controlled, within two weeks after
    /// an uncontrolled one, with patients who miss visits and a few emergencies.
    fn followups(&mut self, m: &Resident, v: &VillageRow, rules: &Rules) -> Result<()> {
        let as_of = self.cfg.as_of;
        let managed_from = m
            .managed_conditions(as_of)
            .map(|c| c.managed_from)
            .min()
            .unwrap_or(as_of);
        let diabetic = m
            .conditions
            .iter()
            .any(|c| c.condition == Condition::Diabetes && c.managed_on(as_of));
        let hypertensive = m
            .conditions
            .iter()
            .any(|c| c.condition == Condition::Hypertension && c.managed_on(as_of));
        let control = self.rng.around(0.75, 0.15, 0.3, 0.97);
        // A person keeps their weight from visit to visit (48–78 kg, from the
        // id, so the generator's random stream and the rest of the demo stay
        // as they were); each visit's draw only moves it by a kilogram or two.
        let own_weight =
            48.0 + ((m.id as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40) as f64 % 300.0 / 10.0;
        // a patient never seen is a recent one (diagnosed in the last year),
        // not one overdue for five years
        let never_seen = self.rng.chance(0.04) && managed_from >= as_of - Months::new(12);
        let mut day =
            managed_from.max(as_of - Months::new(12)) + Days::new(self.rng.range(0, 40) as u64);
        let mut previous_needs_recheck = false;
        // the national form's other fields and the medicines come from their
        // own generator, seeded by the patient, so the rest of the demo (its
        // visits, colours and queues) stays as it was
        let mut form = FormGen::new(self.cfg.seed, m.id, hypertensive, diabetic);
        let mut visits: Vec<VisitRecord> = Vec::new();
        let mut referrals: Vec<ReferralRecord> = Vec::new();
        while day <= as_of && !never_seen {
            let controlled = self.rng.chance(control);
            let emergency = self.rng.chance(0.012);
            let vitals = Vitals {
                sbp: hypertensive.then(|| {
                    if emergency {
                        self.rng.range(180, 200) as i32
                    } else if controlled {
                        self.rng.range(112, 139) as i32
                    } else {
                        self.rng.range(140, 172) as i32
                    }
                }),
                dbp: hypertensive.then(|| {
                    if controlled {
                        self.rng.range(68, 89) as i32
                    } else {
                        self.rng.range(84, 104) as i32
                    }
                }),
                heart_rate: Some(self.rng.range(58, 96) as i32),
                fpg: diabetic.then(|| {
                    let g = if controlled {
                        self.rng.around(6.0, 0.5, 4.2, 6.9)
                    } else {
                        self.rng.around(8.6, 1.2, 7.0, 13.5)
                    };
                    (g * 10.0).round() / 10.0
                }),
                weight_kg: Some(
                    ((own_weight + (self.rng.around(62.0, 9.0, 38.0, 100.0) - 62.0) / 6.0) * 10.0)
                        .round()
                        / 10.0,
                ),
                height_cm: None,
            };
            let findings = Findings {
                vitals,
                adverse_reaction: self.rng.chance(0.03),
                adverse_uncontrolled: false,
                complication: if self.rng.chance(0.01) {
                    Some(Complication::New)
                } else {
                    None
                },
                emergency_symptoms: false,
            };
            // A phone follow-up measures nothing: it classifies nothing (§3).
            let mode = if controlled && self.rng.chance(0.2) {
                VisitMode::Phone
            } else {
                *self
                    .rng
                    .weighted(&[(VisitMode::Clinic, 6u32), (VisitMode::Home, 4)])
            };
            let vitals = if mode == VisitMode::Phone {
                Vitals::default()
            } else {
                findings.vitals
            };
            let kind = if previous_needs_recheck {
                VisitKind::Recheck
            } else {
                VisitKind::Followup
            };
            let mut entered = VisitRecord::completed(i64::MAX, kind, Subject::Resident(m.id), day);
            entered.findings = Findings { vitals, ..findings };
            let recorded: Vec<&VisitRecord> = visits.iter().collect();
            let a = followup::assess_new(m, &recorded, &entered, rules);
            let adherence = *self.rng.weighted(&[
                (Adherence::Regular, 75u32),
                (Adherence::Intermittent, 20),
                (Adherence::None, 5),
            ]);
            let vid = self.exec(
                "INSERT INTO visit (kind, resident_id, staff_id, team_id, mode, visit_date, outcome, sbp, dbp, heart_rate, fpg, weight_kg,
                    adherence, adverse_reaction, complication, classification, referral, recorded_by, recorded_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'completed', ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, 'demo', ?17)",
                params![
                    kind, m.id, v.doctor, v.team, mode, day, vitals.sbp, vitals.dbp, vitals.heart_rate, vitals.fpg, vitals.weight_kg,
                    adherence, findings.adverse_reaction, findings.complication.unwrap_or(Complication::None), a.classification,
                    a.referral, self.stamp
                ],
            )?;
            if mode != VisitMode::Phone {
                // the forms of the conditions managed that day
                let on = |c: Condition| {
                    m.conditions
                        .iter()
                        .any(|k| k.condition == c && k.managed_on(day))
                };
                let forms = (on(Condition::Hypertension), on(Condition::Diabetes));
                form.record(self, vid, day, vitals.weight_kg, forms)?;
            }
            form.medicines(self, m.id, vid, day, a.classification)?;
            visits.push(VisitRecord { id: vid, ..entered });
            // one open referral at a time: a patient already referred is
            // followed up, not referred again (§7)
            let open = referrals
                .iter()
                .any(|r| r.returned_on.is_none_or(|b| b > day));
            if a.referral != ReferralNeed::None && self.rng.chance(0.5) && !open {
                let received = day + Days::new(self.rng.range(0, 2) as u64);
                let back = received + Days::new(self.rng.range(7, 40) as u64);
                let (received, back) = (
                    Some(received).filter(|d| *d <= as_of),
                    Some(back).filter(|d| *d <= as_of && self.rng.chance(0.95)),
                );
                let urgency = if a.referral == ReferralNeed::Emergency {
                    "emergency"
                } else {
                    "routine"
                };
                let reason = if a.referral == ReferralNeed::Emergency {
                    "血压/血糖达紧急转诊标准"
                } else {
                    "连续两次控制不满意或出现并发症"
                };
                let rid = self.exec(
                    "INSERT INTO referral (resident_id, from_level, to_level, reason, urgency, sent_on, received_on, returned_on, outcome, visit_id)
                     VALUES (?1, 'village', 'county', ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    params![m.id, reason, urgency, day, received, back.filter(|_| received.is_some()), back.map(|_| "调整用药后下转"), vid],
                )?;
                referrals.push(ReferralRecord {
                    id: rid,
                    resident_id: m.id,
                    sent_on: day,
                    returned_on: back.filter(|_| received.is_some()),
                });
            }
            if a.classifies() {
                previous_needs_recheck = a.needs_recheck();
            }
            // Next visit: on schedule mostly; a patient who misses one is seen a quarter later.
            let gap = match a.classification {
                Some(Classification::Controlled) | None if a.referral == ReferralNeed::None => {
                    self.rng.range(70, 100)
                }
                _ if a.referral != ReferralNeed::None => self.rng.range(7, 20),
                _ => {
                    if self.rng.chance(0.75) {
                        self.rng.range(9, 15)
                    } else {
                        self.rng.range(20, 45)
                    }
                }
            };
            let missed = if self.rng.chance(0.1) { 90 } else { 0 };
            day = day + Days::new((gap + missed) as u64);
        }
        let vr: Vec<&VisitRecord> = visits.iter().collect();
        let rr: Vec<&ReferralRecord> = referrals.iter().collect();
        for c in colour::patient_history(m, &vr, &rr, as_of, rules) {
            self.exec(
                "INSERT INTO colour_history (resident_id, colour, since, cause, visit_id) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![m.id, c.colour, c.since, c.cause.code(), c.visit_id],
            )?;
        }
        Ok(())
    }

    /// Volunteer groups from the same grouping as `gridcare groups plan`
    /// (domain::groups, §5): inside one village, households together, grid by
    /// grid, about `target` each. The volunteer is a resident of the village.
    fn volunteer_groups(
        &mut self,
        v: &VillageRow,
        patients: &[(i64, i64, i64)],
        sizes: crate::domain::groups::Sizes,
        readme_village: bool,
    ) -> Result<()> {
        use crate::domain::groups::{Patient, plan};
        let patients: Vec<Patient> = patients
            .iter()
            .map(|&(grid, household, resident)| Patient {
                resident,
                household,
                grid,
            })
            .collect();
        let groups: Vec<Vec<i64>> = plan(&patients, &[], &[], sizes)
            .groups
            .into_iter()
            .map(|(_, m)| m)
            .collect();
        let since = self.cfg.as_of - Months::new(10);
        for (n, members) in groups.iter().filter(|g| !g.is_empty()).enumerate() {
            // The volunteer is a patient of the group, often (介小康).
            let pick = self.rng.range(0, members.len() as i64 - 1) as usize;
            let mut vres = members[pick];
            // Only the README's volunteer carries the README's name: `--volunteer 王建国` stays unambiguous.
            let vname: String =
                self.tx
                    .query_row("SELECT name FROM resident WHERE id = ?1", [vres], |x| {
                        x.get(0)
                    })?;
            if vname == names::README_VOLUNTEER {
                vres = members[(pick + 1) % members.len()];
            }
            // README's examples name the first group's volunteer: a man of the group
            if readme_village && n == 0 {
                for &r in members {
                    let sex: String =
                        self.tx
                            .query_row("SELECT sex FROM resident WHERE id = ?1", [r], |x| {
                                x.get(0)
                            })?;
                    if sex == "M" {
                        vres = r;
                        self.exec(
                            "UPDATE resident SET name = ?1 WHERE id = ?2",
                            params![names::README_VOLUNTEER, r],
                        )?;
                        break;
                    }
                }
            }
            let vol = self.exec(
                "INSERT INTO volunteer (resident_id, since) VALUES (?1, ?2)",
                params![vres, since],
            )?;
            let gid = self.exec(
                "INSERT INTO volunteer_group (village_id, volunteer_id, name) VALUES (?1, ?2, ?3)",
                params![v.id, vol, format!("{}第{}组", v.name, n + 1)],
            )?;
            for r in members {
                self.exec(
                    "INSERT INTO group_member (group_id, resident_id, since) VALUES (?1, ?2, ?3)",
                    params![gid, r, since],
                )?;
            }
        }
        Ok(())
    }
}

/// Common antihypertensives (domain.md §3 用药情况): name, times a day, the
/// dose a time in mg, and the raised dose an uncontrolled visit moves to;
/// all within their labels' usual ranges.
const ANTIHYPERTENSIVES: &[(&str, i32, f64, f64)] = &[
    ("氨氯地平", 1, 5.0, 10.0),
    ("硝苯地平控释片", 1, 30.0, 60.0),
    ("厄贝沙坦", 1, 150.0, 300.0),
    ("缬沙坦", 1, 80.0, 160.0),
    ("依那普利", 2, 5.0, 10.0),
    ("氢氯噻嗪", 1, 12.5, 25.0),
    ("美托洛尔", 2, 25.0, 50.0),
    ("吲达帕胺", 1, 1.5, 2.5),
];
/// Oral antidiabetics, the same way.
const ANTIDIABETICS: &[(&str, i32, f64, f64)] = &[
    ("二甲双胍", 2, 500.0, 1000.0),
    ("格列美脲", 1, 1.0, 2.0),
    ("阿卡波糖", 3, 50.0, 100.0),
    ("西格列汀", 1, 100.0, 100.0),
    ("格列齐德缓释片", 1, 30.0, 60.0),
];
/// Insulins: name, kind, times a day, units a time.
const INSULINS: &[(&str, &str, i32, f64)] = &[
    ("门冬胰岛素30", "预混", 2, 12.0),
    ("甘精胰岛素", "长效", 1, 10.0),
];

/// One patient's national forms and medicines in the demo (issue 27): a
/// regimen started at the first follow-up and raised or widened after an
/// uncontrolled one, and each measured visit's symptoms, lifestyle now and
/// target, staple food, foot pulse, HbA1c twice a year, psychology and
/// following advice.
/// A drug as the demo starts it: name, times a day, dose, raised dose,
/// unit code, insulin kind.
type DemoDrug = (
    &'static str,
    i32,
    f64,
    f64,
    &'static str,
    Option<&'static str>,
);

struct FormGen {
    rng: Rng,
    htn: bool,
    dm: bool,
    smoker: Option<i32>,
    drinker: Option<f64>,
    exercise: (i32, i32),
    /// The regimen in force: each drug with its medication row.
    regimen: Vec<(i64, DemoDrug)>,
    last_hba1c: Option<NaiveDate>,
    /// The patient's height (cm), and whether it was measured yet.
    height: f64,
    measured: bool,
}

impl FormGen {
    fn new(seed: u64, resident: i64, htn: bool, dm: bool) -> FormGen {
        let mut rng = Rng::new(seed ^ (resident as u64).wrapping_mul(0xD6E8_FEB8_6659_FD93));
        let rng_height = rng.range(0, 28);
        let smoker = rng.chance(0.22).then(|| rng.range(5, 21) as i32);
        let drinker = rng.chance(0.15).then(|| rng.range(1, 5) as f64 / 2.0);
        let exercise = if rng.chance(0.3) {
            (0, 0)
        } else {
            (rng.range(2, 8) as i32, 10 * rng.range(2, 7) as i32)
        };
        FormGen {
            rng,
            htn,
            dm,
            smoker,
            drinker,
            exercise,
            regimen: Vec::new(),
            last_hba1c: None,
            height: 150.0 + rng_height as f64,
            measured: false,
        }
    }

    fn start(
        &mut self,
        g: &Gen,
        resident: i64,
        visit: i64,
        day: NaiveDate,
        drug: DemoDrug,
    ) -> Result<()> {
        let (name, times, dose, _, unit, kind) = drug;
        let id = g.exec(
            "INSERT INTO medication (resident_id, drug, times_a_day, amount, unit, insulin_kind, from_date, from_visit)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![resident, name, times, dose, unit, kind, day, visit],
        )?;
        self.regimen.push((id, drug));
        Ok(())
    }

    /// The first follow-up starts a regimen; an uncontrolled one raises a
    /// dose (the old line ends, a new one starts) or adds a drug.
    fn medicines(
        &mut self,
        g: &Gen,
        resident: i64,
        visit: i64,
        day: NaiveDate,
        classification: Option<Classification>,
    ) -> Result<()> {
        // the next visit agreed: two weeks after an uncontrolled one, else a quarter
        let next = if classification == Some(Classification::Uncontrolled) {
            14
        } else {
            90
        };
        g.exec(
            "UPDATE visit SET next_visit_on = ?2 WHERE id = ?1",
            params![visit, day + Days::new(next)],
        )?;
        if self.regimen.is_empty() {
            if self.htn {
                let d = *self.rng.pick(ANTIHYPERTENSIVES);
                self.start(g, resident, visit, day, (d.0, d.1, d.2, d.3, "mg", None))?;
            }
            if self.dm {
                if self.rng.chance(0.1) {
                    let i = *self.rng.pick(INSULINS);
                    self.start(
                        g,
                        resident,
                        visit,
                        day,
                        (i.0, i.2, i.3, i.3 + 4.0, "U", Some(i.1)),
                    )?;
                } else {
                    let d = *self.rng.pick(ANTIDIABETICS);
                    self.start(g, resident, visit, day, (d.0, d.1, d.2, d.3, "mg", None))?;
                }
            }
            return Ok(());
        }
        if classification != Some(Classification::Uncontrolled) || !self.rng.chance(0.5) {
            return Ok(());
        }
        // raise the first drug not at its raised dose, else add one
        if let Some(i) = self.regimen.iter().position(|r| r.1.2 < r.1.3) {
            let (id, (name, times, _, raised, unit, kind)) = self.regimen.remove(i);
            g.exec(
                "UPDATE medication SET until_date = ?2, until_visit = ?3 WHERE id = ?1",
                params![id, day, visit],
            )?;
            self.start(
                g,
                resident,
                visit,
                day,
                (name, times, raised, raised, unit, kind),
            )?;
        } else if self.regimen.len() < 3 {
            let pool = if self.htn {
                ANTIHYPERTENSIVES
            } else {
                ANTIDIABETICS
            };
            let d = *self.rng.pick(pool);
            if !self.regimen.iter().any(|r| r.1.0 == d.0) {
                self.start(g, resident, visit, day, (d.0, d.1, d.2, d.3, "mg", None))?;
            }
        }
        Ok(())
    }

    /// A measured visit's other fields of the form.
    fn record(
        &mut self,
        g: &Gen,
        visit: i64,
        day: NaiveDate,
        weight: Option<f64>,
        (htn, dm): (bool, bool),
    ) -> Result<()> {
        let r = &mut self.rng;
        let htn_symptom = if r.chance(0.8) {
            "none"
        } else {
            *r.pick(&[
                "headache",
                "vision_tinnitus",
                "palpitation",
                "numbness",
                "oedema",
            ])
        };
        let dm_symptom = if r.chance(0.8) {
            "none"
        } else {
            *r.pick(&["thirst", "hunger", "polyuria", "vision", "numbness"])
        };
        for (on, condition, code) in [
            (htn, "hypertension", htn_symptom),
            (dm, "diabetes", dm_symptom),
        ] {
            if on {
                g.exec(
                    "INSERT INTO visit_symptom (visit_id, condition, code) VALUES (?1, ?2, ?3)",
                    params![visit, condition, code],
                )?;
            }
        }
        let target = weight.map(|w| (w - if w > 65.0 { 2.0 } else { 0.0 }).round());
        let (times, minutes) = self.exercise;
        let salt = *r.weighted(&[("light", 3u32), ("medium", 5), ("heavy", 2)]);
        let grade = |r: &mut Rng| *r.weighted(&[("good", 7u32), ("fair", 2), ("poor", 1)]);
        let (psychology, compliance) = (grade(r), grade(r));
        let staple = dm.then(|| 50 * r.range(5, 9) as i32);
        let hba1c_due = dm
            && self
                .last_hba1c
                .is_none_or(|d| day - d >= chrono::Duration::days(150));
        let hba1c = hba1c_due.then(|| (r.around(7.2, 0.9, 5.4, 11.0) * 10.0).round() / 10.0);
        if hba1c.is_some() {
            self.last_hba1c = Some(day);
        }
        let pulse = dm.then(|| {
            if r.chance(0.9) {
                ("normal", None)
            } else {
                ("weakened", Some("both"))
            }
        });
        let hypo = dm.then(|| *r.weighted(&[("none", 9u32), ("occasional", 1)]));
        g.exec(
            "INSERT INTO followup_record (visit_id, weight_target_kg, foot_pulse, foot_pulse_side,
                cigarettes, cigarettes_target, alcohol_liang, alcohol_target, exercise_times,
                exercise_times_target, exercise_minutes, exercise_minutes_target, salt_target,
                staple_g, staple_target, psychology, compliance, hba1c, hba1c_on, hypoglycaemia)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 'light', ?13, ?14, ?15, ?16,
                ?17, ?18, ?19)",
            params![
                visit,
                target,
                pulse.map(|p| p.0),
                pulse.and_then(|p| p.1),
                self.smoker,
                self.smoker.map(|n| n / 2),
                self.drinker,
                self.drinker.map(|a| (a / 2.0).max(0.5)),
                times,
                times.max(5),
                minutes,
                minutes.max(30),
                staple,
                staple.map(|s| s.min(300)),
                psychology,
                compliance,
                hba1c,
                hba1c.map(|_| day),
                hypo,
            ],
        )?;
        // the height is measured once, at the first measured visit (BMI)
        let height = (!self.measured).then_some(self.height);
        self.measured = true;
        g.exec(
            "UPDATE visit SET smoking = ?2, drinking = ?3, exercise_min_week = ?4, salt = ?5,
                height_cm = coalesce(?6, height_cm) WHERE id = ?1",
            params![
                visit,
                self.smoker.is_some(),
                self.drinker.is_some(),
                times * minutes,
                salt,
                height
            ],
        )?;
        Ok(())
    }
}
