//! Reading domain types out of the database.

use super::{Db, Result};
use crate::domain::followup::{Findings, Vitals};
use crate::domain::model::*;
use crate::domain::tier::Tier;
use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};
use std::collections::HashMap;

/// What a session (or a query) loads: never more than it looks at (issue 9).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    /// Every township in the database (scripts and small databases).
    All,
    Township(i64),
    Village(i64),
    /// One household with its members: what a save recomputes.
    Household(i64),
    /// The grids assigned to this grid worker (staff id) on the real date
    /// (the session's, see `WORKER_GRIDS`):
    /// a grid worker operator's session (issue 15 item 2). `Grids(0)` holds
    /// nothing: the interface before anyone has signed in.
    Grids(i64),
}

/// The grids a grid worker covers; `?1` is the staff id. The day is the
/// signed-in session's, the real date (issue 24 item 5: a grid handed away
/// is not its former worker's again under an earlier --today); `?2`, the
/// as-of date, only where no session is bound (tests of a scope alone).
const WORKER_GRIDS: &str = "SELECT a.grid_id FROM grid_assignment a WHERE a.staff_id = ?1 AND a.from_date <= coalesce((SELECT day FROM temp.gridcare_session), ?2) AND (a.to_date IS NULL OR a.to_date >= coalesce((SELECT day FROM temp.gridcare_session), ?2))";

impl Scope {
    /// The households of the scope, as a subquery over `household h` with `?1`.
    pub(crate) fn households(self) -> &'static str {
        match self {
            Scope::All => "",
            Scope::Township(_) => {
                "SELECT h.id FROM household h JOIN village v ON v.id = h.village_id WHERE v.township_id = ?1"
            }
            Scope::Village(_) => "SELECT h.id FROM household h WHERE h.village_id = ?1",
            Scope::Household(_) => "SELECT h.id FROM household h WHERE h.id = ?1",
            Scope::Grids(_) => {
                "SELECT h.id FROM household h WHERE h.grid_id IN (SELECT a.grid_id FROM grid_assignment a WHERE a.staff_id = ?1 AND a.from_date <= coalesce((SELECT day FROM temp.gridcare_session), ?2) AND (a.to_date IS NULL OR a.to_date >= coalesce((SELECT day FROM temp.gridcare_session), ?2)))"
            }
        }
    }
    pub(crate) fn villages(self) -> &'static str {
        match self {
            Scope::All => "",
            Scope::Township(_) => "SELECT v.id FROM village v WHERE v.township_id = ?1",
            Scope::Village(_) => "SELECT v.id FROM village v WHERE v.id = ?1",
            Scope::Household(_) => "SELECT h.village_id FROM household h WHERE h.id = ?1",
            Scope::Grids(_) => {
                "SELECT g.village_id FROM grid g WHERE g.id IN (SELECT a.grid_id FROM grid_assignment a WHERE a.staff_id = ?1 AND a.from_date <= coalesce((SELECT day FROM temp.gridcare_session), ?2) AND (a.to_date IS NULL OR a.to_date >= coalesce((SELECT day FROM temp.gridcare_session), ?2)))"
            }
        }
    }
    fn key(self) -> i64 {
        match self {
            Scope::All => 0,
            Scope::Township(id) | Scope::Village(id) | Scope::Household(id) | Scope::Grids(id) => {
                id
            }
        }
    }
}

/// The queries that load a scope, in order; `?1` is the scope's key, `?2` the
/// day. Listed together so a test can check every plan uses indexes.
pub fn scope_queries(scope: Scope) -> Vec<String> {
    let hh = scope.households();
    let vv = scope.villages();
    // `col IN (subquery)`, or no condition at all for the whole database
    let within = |col: &str, set: &str| {
        if scope == Scope::All {
            "?1 IS NOT NULL".to_string()
        } else {
            format!("{col} IN ({set})")
        }
    };
    let members = format!(
        "SELECT r.id FROM resident r WHERE {}",
        within("r.household_id", hh)
    );
    let in_villages = within("v.id", vv);
    // a grid worker sees their own grids, not their neighbours'
    let grid_villages = match scope {
        Scope::Grids(_) => format!("g.id IN ({WORKER_GRIDS})"),
        _ => within("g.village_id", vv),
    };
    let condition_residents = within("resident_id", &members);
    let contract_residents = within("k.resident_id", &members);
    let member_residents = within("m.resident_id", &members);
    let resident_households = within("household_id", hh);
    let households = within("id", hh);
    let visit_households = within("household_id", hh);
    let visit_residents = within("resident_id", &members);
    let referral_residents = within("resident_id", &members);
    vec![
        format!(
            "SELECT v.id, v.name, t.id, t.name FROM village v
             LEFT JOIN doctor_team t ON t.id = (SELECT min(id) FROM doctor_team WHERE village_id = v.id)
             WHERE {in_villages} AND ?2 IS NOT NULL ORDER BY v.id"
        ),
        format!(
            "SELECT g.id, g.village_id, g.name, s.id, s.name FROM grid g
             LEFT JOIN grid_assignment a ON a.grid_id = g.id AND a.from_date <= ?2 AND (a.to_date IS NULL OR a.to_date >= ?2)
             LEFT JOIN staff s ON s.id = a.staff_id
             WHERE {grid_villages} GROUP BY g.id ORDER BY g.id"
        ),
        format!(
            "SELECT id, resident_id, condition, diagnosed_on, managed_from, managed_until, entered_on, diagnosis_unknown FROM chronic_condition
             WHERE {condition_residents} AND ?2 IS NOT NULL"
        ),
        format!(
            "SELECT k.resident_id, t.id, t.name FROM contract k JOIN doctor_team t ON t.id = k.team_id
             WHERE k.start_date <= ?2 AND k.end_date >= ?2 AND {contract_residents}"
        ),
        format!(
            "SELECT m.resident_id, v.id, vr.name FROM group_member m
             JOIN volunteer_group g ON g.id = m.group_id
             JOIN volunteer v ON v.id = g.volunteer_id
             JOIN resident vr ON vr.id = v.resident_id
             WHERE {member_residents} AND ?2 IS NOT NULL"
        ),
        format!(
            "SELECT {RESIDENT_COLUMNS} FROM resident WHERE {resident_households} AND ?2 IS NOT NULL ORDER BY household_id, id"
        ),
        format!(
            "SELECT id, village_id, grid_id, address, registered_on, tier_override, tier_override_reason, tier_override_on, ext_no
             FROM household WHERE {households} AND ?2 IS NOT NULL ORDER BY id"
        ),
        if scope == Scope::All {
            format!(
                "SELECT {VISIT_COLUMNS} FROM visit WHERE ?1 IS NOT NULL AND ?2 IS NOT NULL AND {NOT_UNDONE}"
            )
        } else {
            format!(
                "SELECT {VISIT_COLUMNS} FROM visit WHERE {visit_households} AND ?2 IS NOT NULL AND {NOT_UNDONE}
                 UNION ALL
                 SELECT {VISIT_COLUMNS} FROM visit WHERE {visit_residents} AND {NOT_UNDONE}"
            )
        },
        format!(
            "SELECT {REFERRAL_COLUMNS} FROM referral WHERE {referral_residents} AND ?2 IS NOT NULL"
        ),
    ]
}

impl Db {
    /// Everything the rules need for the whole database, as of `day`.
    pub fn township(&self, day: NaiveDate) -> Result<Township> {
        self.load(day, Scope::All)
    }

    /// Everything the rules need for one scope, as of `day` (which picks the
    /// grid worker on duty, valid contracts and volunteer groups). Only the
    /// scope's rows are read, through indexes (see `scope_queries`).
    pub fn load(&self, day: NaiveDate, scope: Scope) -> Result<Township> {
        self.load_with(day, scope, true)
    }

    /// `load`, with the names of every worker and team of the database
    /// (what sheets print) only when `names`: the kept task state stores
    /// ids, and a save's state update reads its household alone.
    pub(crate) fn load_with(&self, day: NaiveDate, scope: Scope, names: bool) -> Result<Township> {
        let c = &self.conn;
        let q = scope_queries(scope);
        let p = params![scope.key(), day];
        let villages = c
            .prepare_cached(&q[0])?
            .query_map(p, |r| {
                let team = match (r.get::<_, Option<i64>>(2)?, r.get::<_, Option<String>>(3)?) {
                    (Some(id), Some(name)) => Some(WorkerRef { id, name }),
                    _ => None,
                };
                Ok(Village {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    team,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let grids = c
            .prepare_cached(&q[1])?
            .query_map(p, |r| {
                let worker = match (r.get::<_, Option<i64>>(3)?, r.get::<_, Option<String>>(4)?) {
                    (Some(id), Some(name)) => Some(WorkerRef { id, name }),
                    _ => None,
                };
                Ok(Grid {
                    id: r.get(0)?,
                    village_id: r.get(1)?,
                    name: r.get(2)?,
                    worker,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;

        let mut conditions: HashMap<i64, Vec<ChronicCondition>> = HashMap::new();
        let mut st = c.prepare_cached(&q[2])?;
        let rows = st.query_map(p, |r| {
            in_row("chronic_condition", r, |r| {
                Ok((
                    r.get::<_, i64>(1)?,
                    ChronicCondition {
                        condition: r.get(2)?,
                        diagnosed_on: date_at(r, 3)?,
                        managed_from: date_at(r, 4)?,
                        managed_until: opt_date_at(r, 5)?,
                        entered_on: opt_date_at(r, 6)?,
                        diagnosis_unknown: r.get(7)?,
                    },
                ))
            })
        })?;
        for row in rows {
            let (id, cc) = row?;
            conditions.entry(id).or_default().push(cc);
        }
        // (resident, worker) pairs: contract teams, volunteers
        let by_resident = |sql: &str| -> Result<HashMap<i64, WorkerRef>> {
            Ok(c.prepare_cached(sql)?
                .query_map(p, |r| {
                    let (id, name) = (r.get(1)?, r.get(2)?);
                    Ok((r.get(0)?, WorkerRef { id, name }))
                })?
                .collect::<rusqlite::Result<_>>()?)
        };
        let teams = by_resident(&q[3])?;
        let volunteers = by_resident(&q[4])?;

        let mut members: HashMap<i64, Vec<Resident>> = HashMap::new();
        let mut st = c.prepare_cached(&q[5])?;
        let rows = st.query_map(p, |r| in_row("resident", r, resident_row))?;
        for row in rows {
            let mut m = row?;
            m.conditions = conditions.remove(&m.id).unwrap_or_default();
            m.team = teams.get(&m.id).cloned();
            m.volunteer = volunteers.get(&m.id).cloned();
            members.entry(m.household_id).or_default().push(m);
        }
        let households = c
            .prepare_cached(&q[6])?
            .query_map(p, |r| {
                in_row("household", r, |r| {
                    let id: i64 = r.get(0)?;
                    Ok(Household {
                        id,
                        village_id: r.get(1)?,
                        grid_id: r.get(2)?,
                        address: r.get(3)?,
                        registered_on: r.get(4)?,
                        tier_override: tier_override(r.get(5)?, r.get(6)?),
                        tier_override_on: r.get(7)?,
                        members: Vec::new(),
                        ext_no: r.get(8)?,
                    })
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .map(|mut h| {
                h.members = members.remove(&h.id).unwrap_or_default();
                h
            })
            .collect();
        let visits = c
            .prepare_cached(&q[7])?
            .query_map(p, |r| in_row("visit", r, visit_row))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let referrals = c
            .prepare_cached(&q[8])?
            .query_map(p, |r| in_row("referral", r, referral_row))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let names = |sql: &str| -> Result<std::collections::HashMap<i64, String>> {
            if !names {
                return Ok(Default::default());
            }
            Ok(c.prepare_cached(sql)?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?)
        };
        Ok(Township {
            villages,
            grids,
            households,
            visits,
            referrals,
            staff_names: names("SELECT id, name FROM staff")?,
            team_names: names("SELECT id, name FROM doctor_team")?,
        })
    }

    /// What a session opens on when no scope is given: the first township
    /// (the only one in most databases), or everything in an empty one.
    pub fn default_scope(&self) -> Result<Scope> {
        let first: Option<i64> = self
            .conn
            .query_row("SELECT min(id) FROM township", [], |r| r.get(0))?;
        Ok(first.map_or(Scope::All, Scope::Township))
    }

    /// Every visit and contact attempt of a household or resident, oldest first.
    pub fn visits_of(&self, subject: Subject) -> Result<Vec<VisitRecord>> {
        visits_of(&self.conn, subject)
    }

    pub fn referrals_of(&self, resident_id: i64) -> Result<Vec<ReferralRecord>> {
        referrals_of(&self.conn, resident_id)
    }

    /// The members of a household, oldest record first (without conditions).
    pub fn household_members(&self, household_id: i64) -> Result<Vec<Resident>> {
        let mut st = self.conn.prepare(&format!(
            "SELECT {RESIDENT_COLUMNS} FROM resident WHERE household_id = ?1 ORDER BY id"
        ))?;
        let rows = st.query_map([household_id], |r| in_row("resident", r, resident_row))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One resident by id (without conditions, team or volunteer).
    pub fn resident(&self, id: i64) -> Result<Option<Resident>> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {RESIDENT_COLUMNS} FROM resident WHERE id = ?1"),
                [id],
                |r| in_row("resident", r, resident_row),
            )
            .optional()?)
    }

    pub fn conditions_of(&self, resident_id: i64) -> Result<Vec<ChronicCondition>> {
        let mut st = self.conn.prepare("SELECT condition, diagnosed_on, managed_from, managed_until, entered_on, diagnosis_unknown FROM chronic_condition WHERE resident_id = ?1")?;
        let rows = st.query_map([resident_id], |r| {
            Ok(ChronicCondition {
                condition: r.get(0)?,
                diagnosed_on: r.get(1)?,
                managed_from: r.get(2)?,
                managed_until: r.get(3)?,
                entered_on: r.get(4)?,
                diagnosis_unknown: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The stored colour history of a resident, oldest first: (since, colour, cause code).
    pub fn colour_history(&self, resident_id: i64) -> Result<Vec<(NaiveDate, Colour, String)>> {
        let mut st = self.conn.prepare("SELECT since, colour, cause FROM colour_history WHERE resident_id = ?1 ORDER BY since, id")?;
        let rows = st.query_map([resident_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// A date column, parsed without chrono's format machinery: loading a
/// township reads ~100,000 dates and parsing was a tenth of the time (issue 9).
/// Anything but a plain YYYY-MM-DD falls back to chrono, which reports it.
fn date_at(r: &rusqlite::Row, i: usize) -> rusqlite::Result<NaiveDate> {
    let fast = r.get_ref(i)?.as_str().ok().and_then(|s| {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |x: &[u8]| {
            x.iter().try_fold(0u32, |n, c| {
                c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
            })
        };
        NaiveDate::from_ymd_opt(num(&b[..4])? as i32, num(&b[5..7])?, num(&b[8..])?)
    });
    match fast {
        Some(d) => Ok(d),
        None => r.get(i),
    }
}

fn opt_date_at(r: &rusqlite::Row, i: usize) -> rusqlite::Result<Option<NaiveDate>> {
    if r.get_ref(i)? == rusqlite::types::ValueRef::Null {
        Ok(None)
    } else {
        date_at(r, i).map(Some)
    }
}

/// Maps one row of `table` (whose first column is its id), naming the table,
/// row id and column when a stored value cannot be read (issue 8): a row
/// written by hand must not end in a bare "Conversion error".
pub(crate) fn in_row<T>(
    table: &'static str,
    r: &rusqlite::Row,
    f: impl FnOnce(&rusqlite::Row) -> rusqlite::Result<T>,
) -> rusqlite::Result<T> {
    use rusqlite::Error as E;
    f(r).map_err(|e| {
        let (idx, why) = match &e {
            E::FromSqlConversionFailure(_, _, err) if err.is::<super::BadRowError>() => return e,
            E::FromSqlConversionFailure(i, _, err) => (*i, err.to_string()),
            E::InvalidColumnType(i, _, t) => (*i, format!("a {t} value where it cannot be")),
            E::IntegralValueOutOfRange(i, v) => (*i, format!("{v} is out of range")),
            _ => return e,
        };
        let column = r
            .as_ref()
            .column_name(idx)
            .map_or_else(|_| idx.to_string(), str::to_string);
        let why = if why.starts_with("input is out of range")
            || why.starts_with("premature end of input")
            || why.starts_with("input contains invalid characters")
            || why.starts_with("trailing input")
        {
            format!("not a valid date ({why})")
        } else {
            why
        };
        // Carried out of the mapper in a conversion error; `DbError::from` unwraps it.
        E::FromSqlConversionFailure(
            idx,
            rusqlite::types::Type::Null,
            Box::new(super::BadRowError {
                table,
                id: r.get::<_, i64>(0).unwrap_or_default(),
                column,
                why,
            }),
        )
    })
}

fn tier_override(t: Option<i64>, why: Option<String>) -> Option<(Tier, String)> {
    let t = Tier::new(u8::try_from(t?).ok()?)?;
    Some((t, why.unwrap_or_default()))
}

pub(crate) const RESIDENT_COLUMNS: &str = "id, household_id, name, id_number, sex, birth_date, phone, relation, status, status_date, \
     lives_alone_no_carer, disabled, seriously_ill, registered_on, flags_changed_on, \
     care_plan IS NOT NULL AND trim(care_plan) <> '', care_plan_written_on, care_plan_review_on, record_no";

pub(crate) fn resident_row(r: &rusqlite::Row) -> rusqlite::Result<Resident> {
    Ok(Resident {
        id: r.get(0)?,
        household_id: r.get(1)?,
        name: r.get(2)?,
        id_number: r.get(3)?,
        sex: r.get(4)?,
        birth_date: date_at(r, 5)?,
        phone: r.get(6)?,
        relation: r.get(7)?,
        status: r.get(8)?,
        status_date: opt_date_at(r, 9)?,
        lives_alone_no_carer: r.get(10)?,
        disabled: r.get(11)?,
        seriously_ill: r.get(12)?,
        registered_on: date_at(r, 13)?,
        flags_changed_on: opt_date_at(r, 14)?,
        conditions: Vec::new(),
        team: None,
        volunteer: None,
        care_plan: if r.get::<_, bool>(15)? {
            Some(CarePlanDates {
                written_on: opt_date_at(r, 16)?,
                review_on: opt_date_at(r, 17)?,
            })
        } else {
            None
        },
        record_no: r.get(18)?,
    })
}

/// Shared with writes, which read inside their transaction.
pub(crate) fn visits_of(conn: &rusqlite::Connection, subject: Subject) -> Result<Vec<VisitRecord>> {
    let (col, id) = match subject {
        Subject::Household(id) => ("household_id", id),
        Subject::Resident(id) => ("resident_id", id),
    };
    let mut st = conn.prepare(&format!(
        "SELECT {VISIT_COLUMNS} FROM visit WHERE {col} = ?1 AND {NOT_UNDONE} ORDER BY visit_date, id"
    ))?;
    let rows = st.query_map([id], |r| in_row("visit", r, visit_row))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn referrals_of(
    conn: &rusqlite::Connection,
    resident_id: i64,
) -> Result<Vec<ReferralRecord>> {
    let mut st = conn.prepare(&format!(
        "SELECT {REFERRAL_COLUMNS} FROM referral WHERE resident_id = ?1"
    ))?;
    let rows = st.query_map([resident_id], |r| in_row("referral", r, referral_row))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

// A closed referral is over as a returned one is (§7): neither keeps the patient red.
const REFERRAL_COLUMNS: &str = "id, resident_id, sent_on, coalesce(returned_on, closed_on)";

fn referral_row(r: &rusqlite::Row) -> rusqlite::Result<ReferralRecord> {
    Ok(ReferralRecord {
        id: r.get(0)?,
        resident_id: r.get(1)?,
        sent_on: date_at(r, 2)?,
        returned_on: opt_date_at(r, 3)?,
    })
}

/// A removal that was undone counts for nothing in the rules (issue 10,
/// item 8); it stays in the record and in the visit history.
const NOT_UNDONE: &str = "undone_on IS NULL";

const VISIT_COLUMNS: &str = "id, kind, household_id, resident_id, visit_date, outcome, call_again_on, remove_reason, \
     sbp, dbp, heart_rate, fpg, weight_kg, height_cm, adverse_reaction, adverse_uncontrolled, complication, emergency_symptoms, push_given";

fn visit_row(r: &rusqlite::Row) -> rusqlite::Result<VisitRecord> {
    let subject = match (r.get::<_, Option<i64>>(2)?, r.get::<_, Option<i64>>(3)?) {
        (Some(h), _) => Subject::Household(h),
        (None, Some(p)) => Subject::Resident(p),
        (None, None) => {
            return Err(rusqlite::Error::FromSqlConversionFailure(
                3,
                rusqlite::types::Type::Null,
                "a visit needs a household or a resident".into(),
            ));
        }
    };
    Ok(VisitRecord {
        id: r.get(0)?,
        kind: r.get(1)?,
        subject,
        date: date_at(r, 4)?,
        outcome: r.get(5)?,
        call_again_on: opt_date_at(r, 6)?,
        remove_reason: r.get(7)?,
        findings: Findings {
            vitals: Vitals {
                sbp: r.get(8)?,
                dbp: r.get(9)?,
                heart_rate: r.get(10)?,
                fpg: r.get(11)?,
                weight_kg: r.get(12)?,
                height_cm: r.get(13)?,
            },
            adverse_reaction: r.get(14)?,
            adverse_uncontrolled: r.get(15)?,
            complication: r.get(16)?,
            emergency_symptoms: r.get(17)?,
        },
        push_given: r.get(18)?,
    })
}

/// A visit as the resident and household screens list it.
#[derive(Debug, Clone, PartialEq)]
pub struct VisitDetail {
    pub date: NaiveDate,
    pub kind: VisitKind,
    pub mode: VisitMode,
    pub outcome: Outcome,
    pub sbp: Option<i32>,
    pub dbp: Option<i32>,
    pub fpg: Option<f64>,
    pub classification: Option<Classification>,
    pub notes: Option<String>,
    /// §3's other fields (issue 10, item 9).
    pub heart_rate: Option<i32>,
    pub weight_kg: Option<f64>,
    pub height_cm: Option<f64>,
    pub lifestyle: crate::domain::followup::Lifestyle,
    pub next_visit_on: Option<NaiveDate>,
    /// Who did the visit (older rows: none; the operator is `recorded_by`).
    pub visited_by: Option<String>,
    pub remove_reason: Option<RemoveReason>,
    /// A removal that was undone, and when (issue 10, item 8).
    pub undone_on: Option<NaiveDate>,
    /// For a household visit: the grid worker who covered the household's
    /// grid that day (issue 12: coverage history, not today's worker).
    pub grid_worker_then: Option<String>,
}

impl Db {
    /// The newest `limit` visits of a household or resident, newest first.
    pub fn visit_details(&self, subject: Subject, limit: usize) -> Result<Vec<VisitDetail>> {
        let (col, id) = match subject {
            Subject::Household(id) => ("household_id", id),
            Subject::Resident(id) => ("resident_id", id),
        };
        let mut st = self.conn.prepare(&format!(
            "SELECT visit_date, kind, mode, outcome, sbp, dbp, fpg, classification, notes,
                heart_rate, weight_kg, height_cm, smoking, drinking, exercise_min_week, salt,
                next_visit_on, visited_by, remove_reason, undone_on,
                (SELECT s.name FROM household h JOIN grid_assignment a ON a.grid_id = h.grid_id
                 JOIN staff s ON s.id = a.staff_id
                 WHERE h.id = visit.household_id AND a.from_date <= visit.visit_date
                   AND (a.to_date IS NULL OR a.to_date >= visit.visit_date)
                 ORDER BY a.from_date DESC LIMIT 1)
             FROM visit WHERE {col} = ?1 ORDER BY visit_date DESC, id DESC LIMIT ?2"
        ))?;
        let rows = st.query_map(params![id, limit as i64], |r| {
            Ok(VisitDetail {
                date: r.get(0)?,
                kind: r.get(1)?,
                mode: r.get(2)?,
                outcome: r.get(3)?,
                sbp: r.get(4)?,
                dbp: r.get(5)?,
                fpg: r.get(6)?,
                classification: r.get(7)?,
                notes: r.get(8)?,
                heart_rate: r.get(9)?,
                weight_kg: r.get(10)?,
                height_cm: r.get(11)?,
                lifestyle: crate::domain::followup::Lifestyle {
                    smoking: r.get(12)?,
                    drinking: r.get(13)?,
                    exercise_min_week: r.get(14)?,
                    salt: r.get(15)?,
                },
                next_visit_on: r.get(16)?,
                visited_by: r.get(17)?,
                remove_reason: r.get(18)?,
                undone_on: r.get(19)?,
                grid_worker_then: r.get(20)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// One completed clinical follow-up as the county's spot check reads it back
/// to the patient (issue 28 item 6): when, how, what was measured.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedVisit {
    pub date: NaiveDate,
    pub mode: Option<crate::domain::model::VisitMode>,
    pub sbp: Option<i32>,
    pub dbp: Option<i32>,
    pub fpg: Option<f64>,
}

impl Db {
    /// A resident's last `n` completed clinical follow-ups on or before
    /// `day`, the latest first (undone ones are not visits).
    pub fn last_followups(
        &self,
        resident: i64,
        n: usize,
        day: NaiveDate,
    ) -> Result<Vec<CheckedVisit>> {
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT visit_date, mode, sbp, dbp, fpg FROM visit
             WHERE resident_id = ?1 AND outcome = 'completed' AND visit_date <= ?2
               AND kind IN ('followup', 'recheck', 'referral_followup') AND {NOT_UNDONE}
             ORDER BY visit_date DESC, id DESC LIMIT ?3"
        ))?;
        let rows = st.query_map(params![resident, day, n as i64], |r| {
            Ok(CheckedVisit {
                date: r.get(0)?,
                mode: r
                    .get::<_, Option<String>>(1)?
                    .and_then(|m| crate::domain::model::VisitMode::from_code(&m)),
                sbp: r.get(2)?,
                dbp: r.get(3)?,
                fpg: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
