//! Rosters (issue 12, domain.md §1): grid workers, village doctors and
//! township GPs; who covers which grid from when to when. Coverage is never
//! overwritten: handing a grid over closes one assignment and opens the next,
//! so past visits still show who was responsible then. Each command is one
//! transaction with its audit row.

use super::{Db, Result, audit, audit_change, row_json};
use crate::domain::model::StaffRole;
use crate::domain::refusal::{self, Refusal};
use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};

#[derive(Debug, Clone, PartialEq)]
pub struct NewStaff {
    pub name: String,
    pub role: StaffRole,
    pub phone: Option<String>,
    pub village_id: Option<i64>,
}

/// One person of the rosters, with the grids they cover (grid, from, to).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct StaffRow {
    pub id: i64,
    pub name: String,
    pub role: String,
    pub phone: Option<String>,
    pub village_id: Option<i64>,
    pub active: bool,
    pub grids: Vec<(i64, NaiveDate, Option<NaiveDate>)>,
}

/// A family-doctor team (§1) and its members (staff id, name, leader).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TeamRow {
    pub id: i64,
    pub name: String,
    pub village_id: i64,
    pub members: Vec<(i64, String, bool)>,
}

impl TeamRow {
    /// The members as a list shows them, the leader marked `*`.
    pub fn members_text(&self) -> String {
        self.members
            .iter()
            .map(|m| format!("{}{}", m.1, if m.2 { "*" } else { "" }))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// A volunteer (§5): a resident of the village, from `since`, until they step down.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct VolunteerRow {
    pub id: i64,
    pub resident_id: i64,
    pub name: String,
    pub village_id: i64,
    pub since: NaiveDate,
    pub until: Option<NaiveDate>,
    /// The group they lead, if any.
    pub group: Option<String>,
}

impl VolunteerRow {
    /// Stepped down on or before `day` (§5: a group needs an active volunteer).
    pub fn stepped_down(&self, day: NaiveDate) -> bool {
        self.until.is_some_and(|u| u < day)
    }
}

fn refuse<T>(r: Refusal) -> Result<T> {
    Err(super::DbError::Refused(r))
}

impl Db {
    /// Everyone on the rosters, with their coverage history, by name.
    pub fn staff(&self) -> Result<Vec<StaffRow>> {
        let mut st = self.conn.prepare(
            "SELECT id, name, role, phone, village_id, active FROM staff ORDER BY name, id",
        )?;
        let mut rows: Vec<StaffRow> = st
            .query_map([], |r| {
                Ok(StaffRow {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    role: r.get(2)?,
                    phone: r.get(3)?,
                    village_id: r.get(4)?,
                    active: r.get(5)?,
                    grids: Vec::new(),
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut st = self.conn.prepare(
            "SELECT staff_id, grid_id, from_date, to_date FROM grid_assignment ORDER BY from_date, id",
        )?;
        let assignments = st.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, NaiveDate>(2)?,
                r.get::<_, Option<NaiveDate>>(3)?,
            ))
        })?;
        for a in assignments {
            let (staff, grid, from, to) = a?;
            if let Some(s) = rows.iter_mut().find(|s| s.id == staff) {
                s.grids.push((grid, from, to));
            }
        }
        // names in pinyin order, as every list of people (issue 10 item 12)
        rows.sort_by_cached_key(|s| (crate::search::name_key(&s.name), s.id));
        Ok(rows)
    }

    /// Adds a person to the rosters.
    pub fn add_staff(&mut self, s: &NewStaff) -> Result<i64> {
        self.guarded(|db| {
            let name = s.name.trim();
            refusal::check_name(name, db.rules()?.name_max_chars)?;
            let phone = s.phone.as_deref().map(str::trim).filter(|p| !p.is_empty());
            if let Some(p) = phone {
                refusal::check_phone(p)?;
            }
            let tx = db.begin()?;
            if let Some(v) = s.village_id
                && tx
                    .query_row("SELECT 1 FROM village WHERE id = ?1", [v], |_| Ok(()))
                    .optional()?
                    .is_none()
            {
                return refuse(Refusal::UnknownVillage(v.to_string()));
            }
            tx.execute(
                "INSERT INTO staff (name, role, phone, village_id) VALUES (?1, ?2, ?3, ?4)",
                params![name, s.role.code(), phone, s.village_id],
            )?;
            let id = tx.last_insert_rowid();
            audit_change(&tx, &db.operator, "add_staff", "staff", id, name, None)?;
            tx.commit()?;
            Ok(id)
        })
    }

    /// Corrects a person's name and phone.
    pub fn edit_staff(&mut self, id: i64, name: &str, phone: Option<&str>) -> Result<()> {
        self.guarded(|db| {
            let name = name.trim();
            refusal::check_name(name, db.rules()?.name_max_chars)?;
            let phone = phone.map(str::trim).filter(|p| !p.is_empty());
            if let Some(p) = phone {
                refusal::check_phone(p)?;
            }
            let tx = db.begin()?;
            let before = row_json(&tx, "staff", id)?;
            if tx.execute(
                "UPDATE staff SET name = ?1, phone = ?2 WHERE id = ?3",
                params![name, phone, id],
            )? == 0
            {
                return refuse(Refusal::NoStaff(id.to_string()));
            }
            audit_change(&tx, &db.operator, "edit_staff", "staff", id, name, before)?;
            tx.commit()?;
            Ok(())
        })
    }

    /// Hands grid `grid` to grid worker `staff` from `from`: the current
    /// assignment ends the day before; history is kept.
    pub fn assign_grid(&mut self, grid: i64, staff: i64, from: NaiveDate) -> Result<()> {
        self.guarded(|db| {
            let tx = db.begin()?;
            db.assign_in(&tx, grid, staff, from)?;
            tx.commit()?;
            Ok(())
        })
    }

    fn assign_in(
        &self,
        tx: &rusqlite::Connection,
        grid: i64,
        staff: i64,
        from: NaiveDate,
    ) -> Result<()> {
        let worker: Option<(String, bool)> = tx
            .query_row(
                "SELECT role, active FROM staff WHERE id = ?1",
                [staff],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        match worker {
            None => return refuse(Refusal::NoStaff(staff.to_string())),
            Some((role, _)) if role != StaffRole::GridWorker.code() => {
                return refuse(Refusal::NotAGridWorker(staff.to_string()));
            }
            Some((_, false)) => return refuse(Refusal::NoStaff(staff.to_string())),
            _ => {}
        }
        if tx
            .query_row("SELECT 1 FROM grid WHERE id = ?1", [grid], |_| Ok(()))
            .optional()?
            .is_none()
        {
            return refuse(Refusal::UnknownGrid(grid.to_string()));
        }
        let current: Option<(i64, i64, NaiveDate)> = tx
            .query_row(
                "SELECT id, staff_id, from_date FROM grid_assignment WHERE grid_id = ?1 AND to_date IS NULL",
                [grid],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        if let Some((id, who, since)) = current {
            if who == staff {
                return Ok(());
            }
            if from <= since {
                return refuse(Refusal::HandoverBeforeStart { from, since });
            }
            let before = row_json(tx, "grid_assignment", id)?;
            tx.execute(
                "UPDATE grid_assignment SET to_date = ?1 WHERE id = ?2",
                params![from.pred_opt().unwrap_or(from), id],
            )?;
            audit_change(
                tx,
                &self.operator,
                "end_assignment",
                "grid_assignment",
                id,
                &format!("grid {grid} staff {who}"),
                before,
            )?;
            self.hand_over_plans(tx, grid, (who, staff), from)?;
        }
        tx.execute(
            "INSERT INTO grid_assignment (staff_id, grid_id, from_date) VALUES (?1, ?2, ?3)",
            params![staff, grid, from],
        )?;
        let id = tx.last_insert_rowid();
        audit(
            tx,
            &self.operator,
            "assign_grid",
            "grid_assignment",
            id,
            &format!("grid {grid} staff {staff} from {from}"),
        )?;
        Ok(())
    }

    /// A person leaves on `date`: each grid they cover goes to the worker
    /// `handover` names for it, all in one transaction; a grid without a
    /// successor is refused and nothing changes.
    pub fn end_staff(&mut self, id: i64, date: NaiveDate, handover: &[(i64, i64)]) -> Result<()> {
        self.guarded(|db| {
            let tx = db.begin()?;
            let current: Vec<i64> = tx
                .prepare(
                    "SELECT grid_id FROM grid_assignment WHERE staff_id = ?1 AND to_date IS NULL ORDER BY grid_id",
                )?
                .query_map([id], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            for g in &current {
                match handover.iter().find(|(grid, _)| grid == g) {
                    Some((_, to)) if *to != id => db.assign_in(&tx, *g, *to, date)?,
                    _ => return refuse(Refusal::GridWithoutSuccessor(g.to_string())),
                }
            }
            let before = row_json(&tx, "staff", id)?;
            if tx.execute("UPDATE staff SET active = 0 WHERE id = ?1", [id])? == 0 {
                return refuse(Refusal::NoStaff(id.to_string()));
            }
            audit_change(
                &tx,
                &db.operator,
                "end_staff",
                "staff",
                id,
                &format!("left {date}"),
                before,
            )?;
            tx.commit()?;
            Ok(())
        })
    }

    /// Grids with no current grid worker on `day` (§1: one grid worker a grid).
    pub fn uncovered_grids(&self, day: NaiveDate) -> Result<Vec<(i64, String)>> {
        let mut st = self.conn.prepare(
            "SELECT g.id, grid_label(v.name, g.name) FROM grid g JOIN village v ON v.id = g.village_id
             WHERE NOT EXISTS (SELECT 1 FROM grid_assignment a JOIN staff s ON s.id = a.staff_id
                               WHERE a.grid_id = g.id AND s.active = 1 AND a.from_date <= ?1
                                 AND (a.to_date IS NULL OR a.to_date >= ?1))
             ORDER BY v.id, g.id",
        )?;
        let rows = st.query_map([day], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

impl Db {
    /// Every family-doctor team, with its members, leader first.
    pub fn teams(&self) -> Result<Vec<TeamRow>> {
        let mut st = self
            .conn
            .prepare("SELECT id, name, village_id FROM doctor_team ORDER BY village_id, id")?;
        let mut teams: Vec<TeamRow> = st
            .query_map([], |r| {
                Ok(TeamRow {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    village_id: r.get(2)?,
                    members: Vec::new(),
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut st = self.conn.prepare(
            "SELECT m.team_id, s.id, s.name, m.is_leader FROM team_member m JOIN staff s ON s.id = m.staff_id
             ORDER BY m.is_leader DESC, s.name",
        )?;
        let rows = st.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, bool>(3)?,
            ))
        })?;
        for row in rows {
            let (team, id, name, leader) = row?;
            if let Some(t) = teams.iter_mut().find(|t| t.id == team) {
                t.members.push((id, name, leader));
            }
        }
        for t in &mut teams {
            t.members
                .sort_by_cached_key(|m| (!m.2, crate::search::name_key(&m.1), m.0));
        }
        Ok(teams)
    }

    /// Adds a family-doctor team to a village (§1).
    pub fn add_team(&mut self, village: i64, name: &str) -> Result<i64> {
        self.guarded(|db| {
            let name = name.trim();
            refusal::check_name(name, db.rules()?.name_max_chars)?;
            let tx = db.begin()?;
            if tx
                .query_row("SELECT 1 FROM village WHERE id = ?1", [village], |_| Ok(()))
                .optional()?
                .is_none()
            {
                return refuse(Refusal::UnknownVillage(village.to_string()));
            }
            if tx
                .query_row("SELECT 1 FROM doctor_team WHERE name = ?1", [name], |_| {
                    Ok(())
                })
                .optional()?
                .is_some()
            {
                return refuse(Refusal::PlaceExists(name.to_string()));
            }
            tx.execute(
                "INSERT INTO doctor_team (name, village_id) VALUES (?1, ?2)",
                params![name, village],
            )?;
            let id = tx.last_insert_rowid();
            audit_change(&tx, &db.operator, "add_team", "doctor_team", id, name, None)?;
            tx.commit()?;
            Ok(id)
        })
    }

    /// Puts a person in a team (as its leader or not), or takes them out.
    pub fn set_team_member(
        &mut self,
        team: i64,
        staff: i64,
        member: bool,
        leader: bool,
    ) -> Result<()> {
        self.guarded(|db| {
            let tx = db.begin()?;
            if tx
                .query_row(
                    "SELECT 1 FROM doctor_team WHERE id = ?1",
                    [team],
                    |_| Ok(()),
                )
                .optional()?
                .is_none()
            {
                return refuse(Refusal::NoTeam(team.to_string()));
            }
            let active: Option<bool> = tx
                .query_row("SELECT active FROM staff WHERE id = ?1", [staff], |r| {
                    r.get(0)
                })
                .optional()?;
            if member && active != Some(true) {
                return refuse(Refusal::NoStaff(staff.to_string()));
            }
            tx.execute(
                "DELETE FROM team_member WHERE team_id = ?1 AND staff_id = ?2",
                params![team, staff],
            )?;
            if member {
                tx.execute(
                    "INSERT INTO team_member (team_id, staff_id, is_leader) VALUES (?1, ?2, ?3)",
                    params![team, staff, leader],
                )?;
            }
            audit(
                &tx,
                &db.operator,
                if member {
                    "add_team_member"
                } else {
                    "remove_team_member"
                },
                "team_member",
                team,
                &format!("team {team} staff {staff} leader {leader}"),
            )?;
            tx.commit()?;
            Ok(())
        })
    }

    /// Every volunteer, with the group they lead.
    pub fn volunteers(&self) -> Result<Vec<VolunteerRow>> {
        let mut st = self.conn.prepare(
            "SELECT v.id, v.resident_id, r.name, h.village_id, v.since, v.until,
                    (SELECT g.name FROM volunteer_group g WHERE g.volunteer_id = v.id ORDER BY g.id LIMIT 1)
             FROM volunteer v JOIN resident r ON r.id = v.resident_id JOIN household h ON h.id = r.household_id
             ORDER BY h.village_id, r.name, v.id",
        )?;
        let rows = st.query_map([], |r| {
            Ok(VolunteerRow {
                id: r.get(0)?,
                resident_id: r.get(1)?,
                name: r.get(2)?,
                village_id: r.get(3)?,
                since: r.get(4)?,
                until: r.get(5)?,
                group: r.get(6)?,
            })
        })?;
        let mut rows: Vec<VolunteerRow> = rows.collect::<rusqlite::Result<_>>()?;
        // by village, the names in pinyin order (not by code point)
        rows.sort_by_cached_key(|v| (v.village_id, crate::search::name_key(&v.name), v.id));
        Ok(rows)
    }

    /// A resident becomes a volunteer of their village from `since` (§5).
    pub fn add_volunteer(&mut self, resident: i64, since: NaiveDate) -> Result<i64> {
        self.guarded(|db| {
            let tx = db.begin()?;
            let row: Option<(String, Option<i64>)> = tx
                .query_row(
                    "SELECT r.name, (SELECT v.id FROM volunteer v WHERE v.resident_id = r.id)
                     FROM resident r WHERE r.id = ?1 AND r.status = 'active'",
                    [resident],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let name = match row {
                None => {
                    return refuse(Refusal::UnknownWorker {
                        what: "resident",
                        id: resident,
                    });
                }
                Some((name, Some(v))) => {
                    // One who stepped down may come back: the same row, open again.
                    let until: Option<NaiveDate> =
                        tx.query_row("SELECT until FROM volunteer WHERE id = ?1", [v], |r| {
                            r.get(0)
                        })?;
                    if until.is_none() {
                        return refuse(Refusal::AlreadyVolunteer(name));
                    }
                    let before = row_json(&tx, "volunteer", v)?;
                    tx.execute(
                        "UPDATE volunteer SET since = ?1, until = NULL WHERE id = ?2",
                        params![since, v],
                    )?;
                    audit_change(
                        &tx,
                        &db.operator,
                        "add_volunteer",
                        "volunteer",
                        v,
                        &name,
                        before,
                    )?;
                    tx.commit()?;
                    return Ok(v);
                }
                Some((name, None)) => name,
            };
            tx.execute(
                "INSERT INTO volunteer (resident_id, since) VALUES (?1, ?2)",
                params![resident, since],
            )?;
            let id = tx.last_insert_rowid();
            audit_change(
                &tx,
                &db.operator,
                "add_volunteer",
                "volunteer",
                id,
                &name,
                None,
            )?;
            tx.commit()?;
            Ok(id)
        })
    }

    /// A volunteer steps down after `until` (the last day). Their group keeps
    /// them until a new volunteer takes it over; screen 6 flags it (§5).
    pub fn end_volunteer(&mut self, id: i64, until: NaiveDate) -> Result<()> {
        self.guarded(|db| {
            let tx = db.begin()?;
            let since: Option<NaiveDate> = tx
                .query_row("SELECT since FROM volunteer WHERE id = ?1", [id], |r| {
                    r.get(0)
                })
                .optional()?;
            let Some(since) = since else {
                return refuse(Refusal::UnknownWorker {
                    what: "volunteer",
                    id,
                });
            };
            if until < since {
                return refuse(Refusal::EndBeforeStart {
                    end: until,
                    start: since,
                });
            }
            let before = row_json(&tx, "volunteer", id)?;
            tx.execute(
                "UPDATE volunteer SET until = ?1 WHERE id = ?2",
                params![until, id],
            )?;
            audit_change(
                &tx,
                &db.operator,
                "end_volunteer",
                "volunteer",
                id,
                &format!("until {until}"),
                before,
            )?;
            tx.commit()?;
            Ok(())
        })
    }
}
