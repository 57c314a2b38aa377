//! Volunteer groups in the database (domain.md §5): a village's groups and
//! members, and the writes on them, each one transaction with its audit rows.
//! A refused write (a group without a volunteer, a volunteer of another
//! village, a patient in two groups, a group over the hard limit) writes nothing.

use super::{Db, DbError, Result, audit, read::Scope};
use crate::domain::groups::{self, CurrentGroup, FreeVolunteer, GroupRef, Patient, Plan, Sizes};
use crate::domain::refusal::Refusal;
use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Transaction, params};
use std::collections::HashMap;

fn refuse<T>(r: Refusal) -> Result<T> {
    Err(DbError::Refused(r))
}

/// A group as the screens and `gridcare groups list` show it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct GroupRow {
    pub id: i64,
    pub name: String,
    /// (volunteer id, their resident id, their name)
    pub volunteer: Option<(i64, i64, String)>,
    /// The volunteer's last day, when they step down (§5).
    pub volunteer_until: Option<NaiveDate>,
    pub members: Vec<i64>,
}

impl Db {
    /// The village's groups in id order, with their members.
    pub fn village_groups(&self, village: i64) -> Result<Vec<GroupRow>> {
        let mut st = self.conn.prepare(
            "SELECT g.id, g.name, v.id, v.resident_id, r.name, v.until FROM volunteer_group g
             LEFT JOIN volunteer v ON v.id = g.volunteer_id
             LEFT JOIN resident r ON r.id = v.resident_id
             WHERE g.village_id = ?1 ORDER BY g.id",
        )?;
        let mut out: Vec<GroupRow> = st
            .query_map([village], |r| {
                let vid: Option<i64> = r.get(2)?;
                Ok(GroupRow {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    volunteer: match vid {
                        Some(v) => Some((v, r.get(3)?, r.get(4)?)),
                        None => None,
                    },
                    volunteer_until: r.get(5)?,
                    members: Vec::new(),
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut st = self.conn.prepare(
            "SELECT m.group_id, m.resident_id FROM group_member m
             JOIN volunteer_group g ON g.id = m.group_id WHERE g.village_id = ?1 ORDER BY m.resident_id",
        )?;
        let pairs: Vec<(i64, i64)> = st
            .query_map([village], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (g, m) in pairs {
            if let Some(row) = out.iter_mut().find(|x| x.id == g) {
                row.members.push(m);
            }
        }
        Ok(out)
    }

    /// The village's chronic patients under management on `day` (§5).
    pub fn group_patients(&self, village: i64, day: NaiveDate) -> Result<Vec<Patient>> {
        let t = self.load(day, Scope::Village(village))?;
        let mut out = Vec::new();
        for h in t.households.iter().filter(|h| h.village_id == village) {
            for m in &h.members {
                if m.is_managed_patient(day) {
                    out.push(Patient {
                        resident: m.id,
                        household: h.id,
                        grid: h.grid_id,
                    });
                }
            }
        }
        Ok(out)
    }

    /// Volunteers of the village, active on `day`, who lead no group.
    pub fn free_volunteers(&self, village: i64, day: NaiveDate) -> Result<Vec<FreeVolunteer>> {
        let mut st = self.conn.prepare(
            "SELECT v.id, v.resident_id FROM volunteer v
             JOIN resident r ON r.id = v.resident_id JOIN household h ON h.id = r.household_id
             WHERE h.village_id = ?1 AND v.since <= ?2 AND (v.until IS NULL OR v.until >= ?2)
               AND NOT EXISTS (SELECT 1 FROM volunteer_group g WHERE g.volunteer_id = v.id)
             ORDER BY v.id",
        )?;
        Ok(st
            .query_map(params![village, day], |r| {
                Ok(FreeVolunteer {
                    id: r.get(0)?,
                    resident: r.get(1)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// The stable regrouping of the village on `day` (§5), not yet applied.
    pub fn plan_groups(&self, village: i64, day: NaiveDate) -> Result<Plan> {
        let sizes = Sizes::from_rules(&self.rules()?);
        let current: Vec<CurrentGroup> = self
            .village_groups(village)?
            .into_iter()
            .map(|g| CurrentGroup {
                id: g.id,
                volunteer: g.volunteer.map(|v| v.0),
                members: g.members,
            })
            .collect();
        Ok(groups::plan(
            &self.group_patients(village, day)?,
            &current,
            &self.free_volunteers(village, day)?,
            sizes,
        ))
    }

    /// Applies a plan in one transaction; returns the new groups' ids in the
    /// plan's order. Refused whole, writing nothing, if any step is.
    pub fn apply_group_plan(
        &mut self,
        village: i64,
        plan: &Plan,
        day: NaiveDate,
    ) -> Result<Vec<i64>> {
        self.guarded(|db| db.apply_group_plan_tx(village, plan, day))
    }

    fn apply_group_plan_tx(
        &mut self,
        village: i64,
        plan: &Plan,
        day: NaiveDate,
    ) -> Result<Vec<i64>> {
        let max = Sizes::from_rules(&self.rules()?).max;
        let tx = self.conn.unchecked_transaction()?;
        let mut new_ids = HashMap::new();
        let mut created = Vec::new();
        for g in &plan.create {
            let Some(v) = g.volunteer else {
                return refuse(Refusal::GroupNeedsVolunteer);
            };
            let name = next_group_name(&tx, village)?;
            let id = create_group_in(&tx, &self.operator, village, &name, v, day)?;
            new_ids.insert(g.index, id);
            created.push(id);
        }
        let mut touched = Vec::new();
        for m in &plan.moves {
            // A move from no group onto someone already in one is refused (a patient in two groups).
            if m.from.is_some() {
                tx.execute(
                    "DELETE FROM group_member WHERE resident_id = ?1",
                    [m.patient],
                )?;
            }
            let to = match m.to {
                Some(GroupRef::Existing(id)) => Some(id),
                Some(GroupRef::New(i)) => Some(*new_ids.get(&i).ok_or(Refusal::NoGroup(-1))?),
                None => None,
            };
            if let Some(g) = to {
                check_group_in(&tx, g, village)?;
                insert_member(&tx, g, m.patient, day)?;
                touched.push(g);
            }
            let detail = format!(
                "group {} -> {}",
                m.from.map_or("-".into(), |g| g.to_string()),
                to.map_or("-".into(), |g| g.to_string())
            );
            audit(
                &tx,
                &self.operator,
                "group_move",
                "resident",
                m.patient,
                &detail,
            )?;
        }
        for &g in &plan.dissolve {
            check_group_in(&tx, g, village)?;
            let n: i64 = tx.query_row(
                "SELECT count(*) FROM group_member WHERE group_id = ?1",
                [g],
                |r| r.get(0),
            )?;
            if n > 0 {
                return refuse(Refusal::GroupNotEmpty(group_name(&tx, g)?));
            }
            tx.execute("DELETE FROM volunteer_group WHERE id = ?1", [g])?;
            audit(
                &tx,
                &self.operator,
                "dissolve_group",
                "volunteer_group",
                g,
                "",
            )?;
        }
        for g in touched {
            check_size(&tx, g, max)?;
        }
        tx.commit()?;
        Ok(created)
    }

    /// A new, empty group of the village led by `volunteer` (a volunteer of that village).
    pub fn create_group(
        &mut self,
        village: i64,
        name: &str,
        volunteer: Option<i64>,
        day: NaiveDate,
    ) -> Result<i64> {
        self.guarded(|db| {
            let Some(v) = volunteer else {
                return refuse(Refusal::GroupNeedsVolunteer);
            };
            let tx = db.conn.unchecked_transaction()?;
            let name = if name.trim().is_empty() {
                next_group_name(&tx, village)?
            } else {
                name.trim().to_string()
            };
            let id = create_group_in(&tx, &db.operator, village, &name, v, day)?;
            tx.commit()?;
            Ok(id)
        })
    }

    /// A group gets a new volunteer (§5: each group is led by an active
    /// volunteer of its village; one who stepped down hands it on).
    pub fn set_group_volunteer(
        &mut self,
        group: i64,
        volunteer: i64,
        day: NaiveDate,
    ) -> Result<()> {
        self.guarded(|db| {
            let tx = db.begin()?;
            let village: Option<i64> = tx
                .query_row(
                    "SELECT village_id FROM volunteer_group WHERE id = ?1",
                    [group],
                    |r| r.get(0),
                )
                .optional()?;
            let Some(village) = village else {
                return refuse(Refusal::NoGroup(group));
            };
            let row: Option<(i64, String, Option<NaiveDate>, NaiveDate)> = tx
                .query_row(
                    "SELECT h.village_id, r.name, v.until, v.since FROM volunteer v
                     JOIN resident r ON r.id = v.resident_id JOIN household h ON h.id = r.household_id
                     WHERE v.id = ?1",
                    [volunteer],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )
                .optional()?;
            let Some((vv, name, until, since)) = row else {
                return refuse(Refusal::UnknownWorker {
                    what: "volunteer",
                    id: volunteer,
                });
            };
            if vv != village {
                return refuse(Refusal::VolunteerOtherVillage(name));
            }
            if until.is_some_and(|u| u < day) || since > day {
                return refuse(Refusal::GroupNeedsVolunteer);
            }
            let before = super::row_json(&tx, "volunteer_group", group)?;
            tx.execute(
                "UPDATE volunteer_group SET volunteer_id = ?1 WHERE id = ?2",
                params![volunteer, group],
            )?;
            super::audit_change(
                &tx,
                &db.operator,
                "set_group_volunteer",
                "volunteer_group",
                group,
                &name,
                before,
            )?;
            tx.commit()?;
            Ok(())
        })
    }

    /// Moves a patient, with the members of their household in the same
    /// group (§5: households together), to another group of the village;
    /// returns how many moved.
    pub fn move_to_group(&mut self, resident: i64, group: i64, day: NaiveDate) -> Result<usize> {
        self.guarded(|db| {
            let max = Sizes::from_rules(&db.rules()?).max;
            let tx = db.conn.unchecked_transaction()?;
            let village = village_of_group(&tx, group)?;
            let from = group_of(&tx, resident)?;
            let who = match from {
                Some(f) => with_household(&tx, resident, f)?,
                None => vec![resident],
            };
            check_patient_in(&tx, resident, village)?;
            let moved = who.len();
            for r in who {
                tx.execute("DELETE FROM group_member WHERE resident_id = ?1", [r])?;
                insert_member(&tx, group, r, day)?;
                let detail = format!(
                    "group {} -> {group} (moved by hand)",
                    from.map_or("-".into(), |g| g.to_string())
                );
                audit(&tx, &db.operator, "group_move", "resident", r, &detail)?;
            }
            check_size(&tx, group, max)?;
            tx.commit()?;
            Ok(moved)
        })
    }

    /// Swaps two patients' groups, each with the members of their household
    /// in their group (§5: households together; a swap once split them);
    /// returns how many moved each way. Sizes stay the same when the two
    /// households are of one size; neither group may pass the hard limit.
    pub fn swap_group_members(&mut self, a: i64, b: i64, day: NaiveDate) -> Result<(usize, usize)> {
        self.guarded(|db| {
            let tx = db.conn.unchecked_transaction()?;
            let (Some(ga), Some(gb)) = (group_of(&tx, a)?, group_of(&tx, b)?) else {
                let who = if group_of(&tx, a)?.is_none() { a } else { b };
                return refuse(Refusal::NotInGroup(resident_name(&tx, who)?));
            };
            if ga == gb {
                return refuse(Refusal::SwapSameGroup(
                    resident_name(&tx, a)?,
                    resident_name(&tx, b)?,
                ));
            }
            if village_of_group(&tx, ga)? != village_of_group(&tx, gb)? {
                return refuse(Refusal::GroupOtherVillage(resident_name(&tx, b)?));
            }
            let max = Sizes::from_rules(&db.rules()?).max;
            let (ha, hb) = (with_household(&tx, a, ga)?, with_household(&tx, b, gb)?);
            for (who, from, to) in [(&ha, ga, gb), (&hb, gb, ga)] {
                for &r in who {
                    tx.execute("DELETE FROM group_member WHERE resident_id = ?1", [r])?;
                    insert_member(&tx, to, r, day)?;
                    audit(
                        &tx,
                        &db.operator,
                        "group_move",
                        "resident",
                        r,
                        &format!("group {from} -> {to} (swap)"),
                    )?;
                }
            }
            check_size(&tx, ga, max)?;
            check_size(&tx, gb, max)?;
            tx.commit()?;
            Ok((ha.len(), hb.len()))
        })
    }
}

fn create_group_in(
    tx: &Transaction,
    operator: &str,
    village: i64,
    name: &str,
    volunteer: i64,
    day: NaiveDate,
) -> Result<i64> {
    let row: Option<(i64, String, Option<String>)> = tx
        .query_row(
            "SELECT h.village_id, r.name, v.until FROM volunteer v JOIN resident r ON r.id = v.resident_id
             JOIN household h ON h.id = r.household_id WHERE v.id = ?1",
            [volunteer],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((vv, vname, until)) = row else {
        return refuse(Refusal::UnknownWorker {
            what: "volunteer",
            id: volunteer,
        });
    };
    if vv != village {
        return refuse(Refusal::VolunteerOtherVillage(vname));
    }
    if until.is_some_and(|u| u < day.to_string()) {
        return refuse(Refusal::GroupNeedsVolunteer);
    }
    let exists: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM volunteer_group WHERE village_id = ?1 AND name = ?2)",
        params![village, name],
        |r| r.get(0),
    )?;
    if exists {
        return refuse(Refusal::PlaceExists(name.to_string()));
    }
    tx.execute(
        "INSERT INTO volunteer_group (village_id, volunteer_id, name) VALUES (?1, ?2, ?3)",
        params![village, volunteer, name],
    )?;
    let id = tx.last_insert_rowid();
    audit(
        tx,
        operator,
        "create_group",
        "volunteer_group",
        id,
        &format!("{name}, volunteer {vname}"),
    )?;
    Ok(id)
}

/// The first free name 「村名第n组」.
fn next_group_name(tx: &Transaction, village: i64) -> Result<String> {
    let vname: String = tx.query_row("SELECT name FROM village WHERE id = ?1", [village], |r| {
        r.get(0)
    })?;
    for n in 1.. {
        let name = format!("{vname}第{n}组");
        let taken: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM volunteer_group WHERE village_id = ?1 AND name = ?2)",
            params![village, name],
            |r| r.get(0),
        )?;
        if !taken {
            return Ok(name);
        }
    }
    unreachable!("some group number is free")
}

fn insert_member(tx: &Transaction, group: i64, resident: i64, day: NaiveDate) -> Result<()> {
    if let Some(g) = group_of(tx, resident)? {
        return refuse(Refusal::PatientInTwoGroups {
            name: resident_name(tx, resident)?,
            group: group_name(tx, g)?,
        });
    }
    tx.execute(
        "INSERT INTO group_member (group_id, resident_id, since) VALUES (?1, ?2, ?3)",
        params![group, resident, day],
    )?;
    Ok(())
}

/// A patient of group `g` and the members of their household in it, the
/// patient first (§5: households together).
fn with_household(tx: &Transaction, r: i64, g: i64) -> Result<Vec<i64>> {
    let mut st = tx.prepare(
        "SELECT m.resident_id FROM group_member m JOIN resident r ON r.id = m.resident_id
         WHERE m.group_id = ?1
           AND (m.resident_id = ?2
                OR r.household_id = (SELECT household_id FROM resident WHERE id = ?2))
         ORDER BY m.resident_id = ?2 DESC, m.resident_id",
    )?;
    let mut who: Vec<i64> = st
        .query_map([g, r], |x| x.get::<_, i64>(0))?
        .collect::<rusqlite::Result<_>>()?;
    if who.first() != Some(&r) {
        who.insert(0, r);
    }
    Ok(who)
}

fn check_size(tx: &Transaction, group: i64, max: usize) -> Result<()> {
    let n: i64 = tx.query_row(
        "SELECT count(*) FROM group_member WHERE group_id = ?1",
        [group],
        |r| r.get(0),
    )?;
    if n as usize > max {
        return refuse(Refusal::GroupOverLimit {
            group: group_name(tx, group)?,
            size: n as usize,
            max,
        });
    }
    Ok(())
}

fn check_group_in(tx: &Transaction, group: i64, village: i64) -> Result<()> {
    if village_of_group(tx, group)? != village {
        return refuse(Refusal::GroupOtherVillage(group_name(tx, group)?));
    }
    Ok(())
}

fn check_patient_in(tx: &Transaction, resident: i64, village: i64) -> Result<()> {
    let v: Option<i64> = tx
        .query_row(
            "SELECT h.village_id FROM resident r JOIN household h ON h.id = r.household_id WHERE r.id = ?1",
            [resident],
            |r| r.get(0),
        )
        .optional()?;
    match v {
        None => refuse(Refusal::NoResident(resident)),
        Some(v) if v != village => refuse(Refusal::GroupOtherVillage(resident_name(tx, resident)?)),
        Some(_) => Ok(()),
    }
}

fn village_of_group(tx: &Transaction, group: i64) -> Result<i64> {
    tx.query_row(
        "SELECT village_id FROM volunteer_group WHERE id = ?1",
        [group],
        |r| r.get(0),
    )
    .optional()?
    .ok_or(DbError::Refused(Refusal::NoGroup(group)))
}

fn group_of(tx: &Transaction, resident: i64) -> Result<Option<i64>> {
    Ok(tx
        .query_row(
            "SELECT group_id FROM group_member WHERE resident_id = ?1",
            [resident],
            |r| r.get(0),
        )
        .optional()?)
}

fn group_name(tx: &Transaction, group: i64) -> Result<String> {
    Ok(tx
        .query_row(
            "SELECT name FROM volunteer_group WHERE id = ?1",
            [group],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or_else(|| format!("#{group}")))
}

fn resident_name(tx: &Transaction, resident: i64) -> Result<String> {
    Ok(tx
        .query_row("SELECT name FROM resident WHERE id = ?1", [resident], |r| {
            r.get(0)
        })
        .optional()?
        .unwrap_or_else(|| format!("#{resident}")))
}
