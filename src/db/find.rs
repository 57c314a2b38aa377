//! Finding places and people by what a person types: a worker, grid,
//! village or township by name or number, a team by name, the townships.

use super::{Db, DbError, Result};
use crate::domain::queue::WorkerRole;
use rusqlite::{OptionalExtension, params};

impl Db {
    /// Resolves a worker named on the command line: `grid_worker:ID`, `team:ID`,
    /// `volunteer:ID`, or an exact name of a grid worker, a team or a volunteer.
    pub fn find_worker(&self, key: &str) -> Result<(WorkerRole, i64)> {
        let key = key.trim();
        if let Some((role, id)) = key.split_once(':') {
            use crate::domain::refusal::Refusal;
            let role = WorkerRole::from_code(role).ok_or_else(|| {
                DbError::Refused(Refusal::UnknownWorkerKind {
                    kind: role.to_string(),
                    codes: WorkerRole::codes(),
                })
            })?;
            let id: i64 = id.parse().map_err(|_| {
                DbError::Refused(Refusal::NotANumberIn {
                    id: id.to_string(),
                    key: key.to_string(),
                })
            })?;
            let sql = match role {
                WorkerRole::GridWorker => {
                    "SELECT id FROM staff WHERE id = ?1 AND role = 'grid_worker'"
                }
                WorkerRole::Team => "SELECT id FROM doctor_team WHERE id = ?1",
                WorkerRole::Volunteer => "SELECT id FROM volunteer WHERE id = ?1",
            };
            return match self
                .conn
                .query_row(sql, [id], |r| r.get::<_, i64>(0))
                .optional()?
            {
                Some(id) => Ok((role, id)),
                None => Err(DbError::Refused(
                    crate::domain::refusal::Refusal::NoSuchWorker(key.to_string()),
                )),
            };
        }
        let mut found: Vec<(WorkerRole, i64)> = Vec::new();
        for (role, sql) in [
            (
                WorkerRole::GridWorker,
                "SELECT id FROM staff WHERE name = ?1 AND role = 'grid_worker'",
            ),
            (
                WorkerRole::Team,
                "SELECT id FROM doctor_team WHERE name = ?1",
            ),
            (
                WorkerRole::Volunteer,
                "SELECT v.id FROM volunteer v JOIN resident r ON r.id = v.resident_id WHERE r.name = ?1",
            ),
        ] {
            let mut st = self.conn.prepare(sql)?;
            for id in st.query_map([key], |r| r.get::<_, i64>(0))? {
                found.push((role, id?));
            }
        }
        match found.as_slice() {
            [one] => Ok(*one),
            [] => Err(DbError::Refused(
                crate::domain::refusal::Refusal::NoSuchWorker(key.to_string()),
            )),
            many => Err(DbError::Refused(
                crate::domain::refusal::Refusal::SeveralWorkers {
                    key: key.to_string(),
                    each: many
                        .iter()
                        .map(|(r, id)| format!("{}:{id}", r.code()))
                        .collect(),
                },
            )),
        }
    }

    /// A grid by number, or by village and grid name as lists show it
    /// (富民村第一网格, or 富民村/第一网格).
    pub fn find_grid(&self, key: &str) -> Result<i64> {
        use crate::domain::places::{self, GridMiss};
        use crate::domain::refusal::Refusal;
        let key = key.trim();
        let grids = self.grid_entries()?;
        places::find_grid(&grids, key).map_err(|miss| {
            DbError::Refused(match miss {
                GridMiss::Unknown { near } => Refusal::NoSuchGrid {
                    key: key.to_string(),
                    near,
                },
                GridMiss::Several { each } => Refusal::GridInSeveral {
                    key: key.to_string(),
                    each,
                },
            })
        })
    }

    /// Every grid with its village's name, in village then grid order, for
    /// finding one by a typed name (`domain::places::find_grid`).
    pub fn grid_entries(&self) -> Result<Vec<crate::domain::places::GridEntry>> {
        let mut st = self.conn.prepare_cached(
            "SELECT g.id, v.name, g.name FROM grid g JOIN village v ON v.id = g.village_id
             ORDER BY v.id, g.id",
        )?;
        let rows = st.query_map([], |r| {
            Ok(crate::domain::places::GridEntry {
                id: r.get(0)?,
                village: r.get(1)?,
                name: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A village by id or exact name.
    pub fn find_village(&self, key: &str) -> Result<i64> {
        self.find_village_in(key, None)
    }

    /// A village by name or number, within a township when one is given; a
    /// name that several townships use is refused, naming them.
    pub fn find_village_in(&self, key: &str, township: Option<i64>) -> Result<i64> {
        let key = key.trim();
        let mut st = self.conn.prepare(
            "SELECT v.id, t.name FROM village v JOIN township t ON t.id = v.township_id
             WHERE (v.name = ?1 OR CAST(v.id AS TEXT) = ?1) AND (?2 IS NULL OR v.township_id = ?2) ORDER BY v.id",
        )?;
        let hits: Vec<(i64, String)> = st
            .query_map(params![key, township], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        match hits.as_slice() {
            [(id, _)] => Ok(*id),
            [] => Err(DbError::Refused(
                crate::domain::refusal::Refusal::NoSuchVillage(key.to_string()),
            )),
            many => Err(DbError::Refused(
                crate::domain::refusal::Refusal::VillageInSeveral {
                    key: key.to_string(),
                    each: many.iter().map(|(id, t)| format!("{t}: {id}")).collect(),
                },
            )),
        }
    }

    /// A township by name or number.
    pub fn find_township(&self, key: &str) -> Result<i64> {
        let key = key.trim();
        self.conn
            .query_row(
                "SELECT id FROM township WHERE name = ?1 OR CAST(id AS TEXT) = ?1 ORDER BY id LIMIT 1",
                [key],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| {
                DbError::Refused(crate::domain::refusal::Refusal::UnknownTownship(
                    key.to_string(),
                ))
            })
    }

    /// The township a worker works in: a grid worker's grids, a team's or a
    /// volunteer group's village.
    pub fn township_of_worker(&self, role: WorkerRole, id: i64) -> Result<Option<i64>> {
        let sql = match role {
            WorkerRole::GridWorker => {
                "SELECT v.township_id FROM grid_assignment a JOIN grid g ON g.id = a.grid_id
                 JOIN village v ON v.id = g.village_id WHERE a.staff_id = ?1 ORDER BY a.to_date IS NULL DESC, a.from_date DESC LIMIT 1"
            }
            WorkerRole::Team => {
                "SELECT v.township_id FROM doctor_team t JOIN village v ON v.id = t.village_id WHERE t.id = ?1"
            }
            WorkerRole::Volunteer => {
                "SELECT v.township_id FROM volunteer_group g JOIN village v ON v.id = g.village_id WHERE g.volunteer_id = ?1 LIMIT 1"
            }
        };
        Ok(self
            .conn
            .query_row(sql, [id], |r| r.get::<_, Option<i64>>(0))
            .optional()?
            .flatten())
    }

    /// A resident's name by their number (any status), if there is one
    /// (`gridcare groups`).
    pub fn resident_name(&self, id: i64) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT name FROM resident WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// The family-doctor team called exactly `name`, if any (`gridcare
    /// report --team NAME`: a grid worker or volunteer of that name is not meant).
    pub fn team_by_name(&self, name: &str) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row("SELECT id FROM doctor_team WHERE name = ?1", [name], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// The townships' names, in order (cheap: no counting).
    pub fn township_names(&self) -> Result<Vec<(i64, String)>> {
        let mut st = self
            .conn
            .prepare("SELECT id, name FROM township ORDER BY id")?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The townships, with how many residents each holds (for choosing a scope).
    pub fn townships(&self) -> Result<Vec<(i64, String, i64)>> {
        let mut st = self.conn.prepare(
            "SELECT t.id, t.name, (SELECT count(*) FROM resident r JOIN household h ON h.id = r.household_id
                                    JOIN village v ON v.id = h.village_id WHERE v.township_id = t.id)
             FROM township t ORDER BY t.id",
        )?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
