//! The demo township 三角乡, generated deterministically from a seed: rosters,
//! households, residents with valid ID numbers, chronic patients, contracts,
//! volunteer groups, and a year of visits with realistic gaps, so that the
//! queues on the demo date hold due, overdue and red patients.

mod events;
mod forms;
pub mod names;
mod visits;

use crate::db::{Db, DbError, Result};
use crate::domain::events::Rates;
use crate::domain::idnum;
use crate::domain::model::*;
use crate::domain::rules::Rules;
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
    // the kept task state of every generated household (issue 30)
    db.flush_state_alone()
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
        self.education(township, &villages, &gps, Rates::default())?;
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
                diagnosis_unknown: false,
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
