//! Reach when writing (issue 24 item 5, domain.md §10): the session's
//! temporary table, the `IN_REACH` condition listings AND, and
//! `check_write`, which every write's audit row calls inside its
//! transaction (so a refused write rolls back whole), with the dates an
//! operator who is not a coordinator may write; and what an operator may
//! read or plan that the command line and the interface both ask
//! (`plan_in_reach`, `groups_in_reach`, issue 26 item 4).

use super::operators::AuthSettings;
use super::{Db, DbError, Result};
use crate::domain::access::Reach;
use crate::domain::access::{Role, Verdict, may_write};
use crate::domain::model::Township;
use crate::domain::queue::WorkerRole;
use crate::domain::refusal::Refusal;
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};

/// Today by the system clock: the day an operator's scope is decided on
/// and the latest date they may write (issue 24 item 5). --today changes
/// what the rules compute, never this.
pub fn real_date() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// The session table: created empty on every connection (so `IN_REACH` can
/// always be read), filled by `bind_session`.
pub(crate) const SESSION_TABLE: &str = "CREATE TEMP TABLE IF NOT EXISTS gridcare_session (
    role TEXT NOT NULL, staff_id INTEGER, village_id INTEGER, day TEXT NOT NULL,
    in_visit INTEGER NOT NULL DEFAULT 0, operator TEXT)";

/// A condition on `household h` that a listing query (export, referrals,
/// contracts) ANDs: true for every household when no one is signed in or a
/// coordinator or the county is (issue 30 item 3: the county reads every
/// township), else only for the operator's village or grids.
pub(crate) const IN_REACH: &str = "NOT EXISTS (SELECT 1 FROM temp.gridcare_session s
    WHERE s.role NOT IN ('coordinator', 'county')
      AND NOT ((s.role = 'doctor' AND s.village_id = h.village_id)
            OR (s.role = 'worker' AND EXISTS (SELECT 1 FROM grid_assignment a
                 WHERE a.grid_id = h.grid_id AND a.staff_id = s.staff_id
                   AND a.from_date <= s.day AND (a.to_date IS NULL OR a.to_date >= s.day)))))";

/// The check every audit row passes through (see the module doc): refuses
/// a write beyond the signed-in operator's role or reach. No session bound
/// (no operators, or a coordinator): nothing to check.
pub(crate) fn check_write(tx: &Connection, action: &str, entity: &str, id: i64) -> Result<()> {
    // the sign-in bookkeeping itself is not an operator's write
    if entity == "operator" && matches!(action, "wrong_pin" | "locked_out" | "pin_ok") {
        return Ok(());
    }
    let Ok(mut st) = tx.prepare_cached(
        "SELECT role, staff_id, village_id, day, in_visit, operator FROM temp.gridcare_session",
    ) else {
        return Ok(());
    };
    let Some((role, staff, village, day, in_visit, operator)) = st
        .query_row([], |r| {
            Ok((
                r.get::<_, Role>(0)?,
                r.get::<_, Option<i64>>(1)?,
                r.get::<_, Option<i64>>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, bool>(4)?,
                r.get::<_, Option<String>>(5)?,
            ))
        })
        .optional()?
    else {
        return Ok(());
    };
    // an operator ended while their session was open (another session, the
    // command line) writes nothing more (issue 31): the session was signed
    // in before, the write is now
    if let Some(name) = operator
        && ended(tx, &name)?
    {
        return Err(Refusal::SessionEnded(name).into());
    }
    match may_write(role, action, entity, in_visit) {
        Verdict::Allowed => {}
        Verdict::OnlyVisits => return Err(Refusal::WorkerOnlyVisits.into()),
        Verdict::CoordinatorOnly => return Err(Refusal::CoordinatorOnly.into()),
        Verdict::CountyReadOnly => return Err(Refusal::CountyReadOnly.into()),
    }
    if role == Role::Coordinator {
        return Ok(());
    }
    if action == "record_visit" {
        tx.execute("UPDATE temp.gridcare_session SET in_visit = 1", [])?;
    }
    // the household (or village) the record belongs to
    let place: Option<(i64, Option<i64>)> = match entity {
        "volunteer_group" => tx
            .query_row(
                "SELECT village_id, NULL FROM volunteer_group WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?,
        _ => {
            let household = match entity {
                "visit" => {
                    "SELECT coalesce(v.household_id, r.household_id) FROM visit v LEFT JOIN resident r ON r.id = v.resident_id WHERE v.id = ?1"
                }
                "resident" => "SELECT household_id FROM resident WHERE id = ?1",
                "household" => "SELECT ?1",
                "referral" => {
                    "SELECT r.household_id FROM referral f JOIN resident r ON r.id = f.resident_id WHERE f.id = ?1"
                }
                "contract" => {
                    "SELECT r.household_id FROM contract k JOIN resident r ON r.id = k.resident_id WHERE k.id = ?1"
                }
                "volunteer" => {
                    "SELECT r.household_id FROM volunteer x JOIN resident r ON r.id = x.resident_id WHERE x.id = ?1"
                }
                "volunteer_contact" => {
                    "SELECT r.household_id FROM volunteer_contact c JOIN resident r ON r.id = c.resident_id WHERE c.id = ?1"
                }
                _ => return Err(Refusal::CoordinatorOnly.into()),
            };
            tx.query_row(
                &format!(
                    "SELECT h.village_id, h.grid_id FROM household h WHERE h.id = ({household})"
                ),
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
        }
    };
    let inside = match (place, village, staff) {
        (Some((v, _)), Some(mine), _) if role == Role::Doctor => v == mine,
        (Some((_, Some(grid))), _, Some(staff)) if role == Role::Worker => tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM grid_assignment WHERE grid_id = ?1 AND staff_id = ?2
                 AND from_date <= ?3 AND (to_date IS NULL OR to_date >= ?3))",
            params![grid, staff, day],
            |r| r.get(0),
        )?,
        _ => false,
    };
    if !inside {
        return Err(Refusal::OutsideScope.into());
    }
    check_date(tx, action, entity, id, &day)
}

/// Issue 24 item 5: a visit, a referral's step or a care plan written by an operator who
/// is not a coordinator is dated no later than the real date (`real`, the
/// session's: the system clock, never --today) and no earlier than
/// auth.backdate_days before it.
fn check_date(tx: &Connection, action: &str, entity: &str, id: i64, real: &str) -> Result<()> {
    let sql = match (action, entity) {
        ("record_visit", "visit") => "SELECT visit_date FROM visit WHERE id = ?1",
        // a care plan is dated the day it is written (the as-of date)
        ("set_care_plan", "resident") => "SELECT care_plan_written_on FROM resident WHERE id = ?1",
        // the latest of its dates is the step just written
        (a, "referral") if a.ends_with("_referral") => {
            "SELECT max(sent_on, coalesce(received_on, sent_on), coalesce(returned_on, sent_on),
                        coalesce(closed_on, sent_on)) FROM referral WHERE id = ?1"
        }
        _ => return Ok(()),
    };
    let parse = |d: &str| NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok();
    let date: Option<String> = tx.query_row(sql, [id], |r| r.get(0)).optional()?.flatten();
    let (Some(date), Some(real)) = (date.as_deref().and_then(parse), parse(real)) else {
        return Ok(());
    };
    let back: Option<String> = tx
        .query_row(
            "SELECT value FROM setting WHERE key = 'auth.backdate_days'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    let back = match back {
        None => AuthSettings::default().backdate_days,
        Some(v) => v.trim().parse::<i64>().map_err(|_| {
            DbError::Invalid(format!(
                "setting auth.backdate_days = {v:?} is not a whole number; fix it in the setting table"
            ))
        })?,
    };
    let earliest = real - chrono::Days::new(back.clamp(0, 36_500) as u64);
    if date > real || date < earliest {
        return Err(Refusal::DateOutsideWindow {
            date,
            earliest,
            latest: real,
        }
        .into());
    }
    Ok(())
}

/// A time SQLite stored in UTC (`datetime('now')`) as this computer's local
/// time, to the minute: every time shown is local (issue 25 item 13).
pub fn local_from_utc(at: &str) -> String {
    match chrono::NaiveDateTime::parse_from_str(at, "%Y-%m-%d %H:%M:%S") {
        Ok(t) => t
            .and_utc()
            .with_timezone(&chrono::Local)
            .format("%Y-%m-%d %H:%M")
            .to_string(),
        Err(_) => at.to_string(),
    }
}

impl Db {
    /// Whether the operator signed in may read `who`'s week plan (domain.md
    /// §10): a grid worker their own, a village doctor those of their
    /// village's grid workers and family-doctor team, a coordinator (or no
    /// one signed in) any. `gridcare plan` and the interface's plan tab ask it.
    pub fn plan_in_reach(&self, town: &Township, who: (WorkerRole, i64)) -> Result<()> {
        match self.session().map(|s| (s, s.reach)) {
            Some((s, Reach::Grids { staff })) if who != (WorkerRole::GridWorker, staff) => {
                Err(Refusal::PlanOwnOnly {
                    name: s.name.clone(),
                }
                .into())
            }
            Some((s, Reach::Village(v))) => {
                let is = |w: &Option<crate::domain::model::WorkerRef>| {
                    w.as_ref().is_some_and(|w| w.id == who.1)
                };
                let serves = match who.0 {
                    WorkerRole::GridWorker => town
                        .grids
                        .iter()
                        .any(|g| g.village_id == v && is(&g.worker)),
                    WorkerRole::Team => town.villages.iter().any(|x| x.id == v && is(&x.team)),
                    _ => false,
                };
                if serves {
                    Ok(())
                } else {
                    Err(Refusal::PlanOtherVillage {
                        name: s.name.clone(),
                    }
                    .into())
                }
            }
            _ => Ok(()),
        }
    }

    /// Whether the operator signed in may see (`listing`) or plan and change
    /// the volunteer groups of `village` (domain.md §5, §10): a grid worker
    /// lists them only (planning is refused by the rule the interface's keys
    /// and every write of theirs meet, `Refusal::WorkerOnlyVisits`), a
    /// village doctor their own village's, a coordinator any. `gridcare
    /// groups` and screen 6 ask it.
    pub fn groups_in_reach(&self, village: i64, listing: bool) -> Result<()> {
        match self.session().map(|s| (s, s.reach)) {
            Some((_, Reach::Grids { .. })) if listing => Ok(()),
            // the rule every write of a grid worker's meets (domain::access)
            Some((_, Reach::Grids { .. })) => Err(Refusal::WorkerOnlyVisits.into()),
            Some((s, Reach::Village(v))) if v != village => Err(Refusal::GroupsOtherVillage {
                name: s.name.clone(),
            }
            .into()),
            _ => Ok(()),
        }
    }
}

/// Whether the operator of this name has been ended (`operator end`).
pub(crate) fn ended(conn: &Connection, name: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT ended_on IS NOT NULL FROM operator WHERE name = ?1")?
        .query_row([name], |r| r.get::<_, bool>(0))
        .optional()?
        .unwrap_or(true))
}
