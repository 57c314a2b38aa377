//! Edits of registered residents and households: details, the tier's
//! override, ending a resident (death, moving, refusal …) and undoing it.
//! Each validates first, then writes in one transaction with an audit
//! entry; on any error nothing is written.

use super::write::{end_management, refuse};
use super::{Db, Result, audit, audit_change, row_json};
use crate::domain::model::*;
use crate::domain::refusal::{self, Refusal};
use crate::domain::removal::{self, Removal};
use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};

/// What the coordinator may edit of a resident; ID number, birth date and
/// sex come from the ID card and are not edited here.
#[derive(Debug, Clone, PartialEq)]
pub struct ResidentEdit {
    pub name: String,
    /// A corrected ID number (birth date and sex follow from it, §9); `None` keeps it.
    pub id_number: Option<String>,
    /// A changed relation to the household's head; `None` keeps it.
    pub relation: Option<Relation>,
    pub phone: Option<String>,
    pub lives_alone_no_carer: bool,
    pub disabled: bool,
    pub seriously_ill: bool,
    /// A new plan (empty erases it); `None` keeps it. The interface writes
    /// plans with `set_care_plan`, which also takes the review date.
    pub care_plan: Option<String>,
}

/// Whether a resident's row before and after an edit differ in the phone
/// number alone (an unchanged row is not a phone correction).
fn only_phone_changed(before: Option<&str>, after: Option<String>) -> bool {
    let parse = |t: &str| serde_json::from_str::<serde_json::Value>(t).ok();
    let (Some(mut b), Some(mut a)) = (before.and_then(parse), after.as_deref().and_then(parse))
    else {
        return false;
    };
    if b == a {
        return false;
    }
    for v in [&mut b, &mut a] {
        if let Some(m) = v.as_object_mut() {
            m.remove("phone");
        }
    }
    b == a
}

impl Db {
    /// Edits a resident; a change of a tier flag is dated `today`, so the
    /// household's new tier starts with a grace period (§6).
    pub fn update_resident(&mut self, id: i64, e: &ResidentEdit, today: NaiveDate) -> Result<()> {
        self.guarded(|db| db.update_resident_tx(id, e, today))
    }

    fn update_resident_tx(&mut self, id: i64, e: &ResidentEdit, today: NaiveDate) -> Result<()> {
        let name = e.name.trim();
        refusal::check_name(name, self.rules()?.name_max_chars)?;
        let phone = e.phone.as_deref().map(str::trim).filter(|p| !p.is_empty());
        if let Some(p) = phone {
            refusal::check_phone(p)?;
        }
        let tx = self.begin()?;
        self.check_unchanged()?;
        let before = row_json(&tx, "resident", id)?;
        let n = tx.execute(
            "UPDATE resident SET name = ?1, phone = ?2, lives_alone_no_carer = ?3, disabled = ?4, seriously_ill = ?5,
                flags_changed_on = CASE WHEN (lives_alone_no_carer, disabled, seriously_ill) IS (?3, ?4, ?5) THEN flags_changed_on ELSE ?7 END
             WHERE id = ?6",
            params![name, phone, e.lives_alone_no_carer, e.disabled, e.seriously_ill, id, today],
        )?;
        // A plan changed here (a script's edit) is dated today and reviewed
        // after care_plan.review_months; `set_care_plan` is the form's command.
        if let Some(plan) = e.care_plan.as_deref() {
            let plan = Some(plan.trim()).filter(|p| !p.is_empty());
            tx.execute(
                "UPDATE resident SET care_plan = ?1,
                    care_plan_written_on = CASE WHEN care_plan IS ?1 THEN care_plan_written_on WHEN ?1 IS NULL THEN NULL ELSE ?3 END,
                    care_plan_review_on = CASE WHEN care_plan IS ?1 THEN care_plan_review_on ELSE NULL END
                 WHERE id = ?2",
                params![plan, id, today],
            )?;
        }
        if n == 0 {
            return refuse(Refusal::NoResident(id));
        }
        if let Some(relation) = e.relation {
            tx.execute(
                "UPDATE resident SET relation = ?1 WHERE id = ?2",
                params![relation.code(), id],
            )?;
        }
        if let Some(number) = e.id_number.as_deref() {
            // a corrected number: birth date and sex follow from it (§9); a
            // number someone else holds is refused naming them
            let checked = super::check_id(number, today)?;
            if let Some((holder, name, address)) = self.id_holder(&checked.number)?
                && holder != id
            {
                return refuse(Refusal::DuplicateId {
                    number: checked.number,
                    name,
                    address,
                });
            }
            tx.execute(
                "UPDATE resident SET id_number = ?1, birth_date = ?2, sex = ?3 WHERE id = ?4",
                params![checked.number, checked.birth_date, checked.sex.code(), id],
            )?;
        }
        // what the edit changed, read in this transaction: only the phone
        // is a phone correction, the one edit a grid worker may make (issue
        // 25 item 9); the role check in audit_change goes by this name
        let action = if only_phone_changed(before.as_deref(), row_json(&tx, "resident", id)?) {
            crate::domain::access::CORRECT_PHONE
        } else {
            "update_resident"
        };
        audit_change(&tx, &self.operator, action, "resident", id, name, before)?;
        tx.commit()?;
        Ok(())
    }

    /// Changes a household's address only; `edit_household` is the one
    /// command, here keeping the household's village and grid.
    pub fn update_household(&mut self, id: i64, address: &str) -> Result<()> {
        let place: Option<(i64, i64)> = self
            .conn
            .query_row(
                "SELECT village_id, grid_id FROM household WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((village_id, grid_id)) = place else {
            return refuse(Refusal::NoHousehold(id));
        };
        self.edit_household(id, village_id, grid_id, address)
    }

    /// Sets or clears a coordinator's tier override (domain.md §2); an override needs a reason.
    pub fn set_tier_override(
        &mut self,
        id: i64,
        tier: Option<crate::domain::tier::Tier>,
        reason: &str,
        today: NaiveDate,
    ) -> Result<()> {
        self.guarded(|db| db.set_tier_override_tx(id, tier, reason, today))
    }

    fn set_tier_override_tx(
        &mut self,
        id: i64,
        tier: Option<crate::domain::tier::Tier>,
        reason: &str,
        today: NaiveDate,
    ) -> Result<()> {
        let reason = reason.trim();
        if tier.is_some() && reason.is_empty() {
            return refuse(Refusal::OverrideNeedsReason);
        }
        let tx = self.begin()?;
        self.check_unchanged()?;
        let before = row_json(&tx, "household", id)?;
        let n = tx.execute(
            "UPDATE household SET tier_override = ?1, tier_override_reason = ?2, tier_override_on = ?4 WHERE id = ?3",
            params![tier.map(|t| t.number()), tier.map(|_| reason), id, tier.map(|_| today)],
        )?;
        if n == 0 {
            return refuse(Refusal::NoHousehold(id));
        }
        let detail = tier.map_or("cleared".to_string(), |t| {
            format!("tier {}: {reason}", t.number())
        });
        audit_change(
            &tx,
            &self.operator,
            "override_tier",
            "household",
            id,
            &detail,
            before,
        )?;
        tx.commit()?;
        Ok(())
    }
}

impl Db {
    /// Ends a resident's management (domain.md §3, §6): died, moved or
    /// transferred, on `date`, whatever tasks they have. Their chronic
    /// management ends the same day; the household's tier follows from the
    /// remaining members, and a household with no one left leaves the queues.
    /// Nothing is deleted.
    pub fn end_resident(
        &mut self,
        id: i64,
        reason: RemoveReason,
        date: NaiveDate,
        today: NaiveDate,
    ) -> Result<()> {
        self.guarded(|db| db.end_resident_tx(id, reason, date, today))
    }

    fn end_resident_tx(
        &mut self,
        id: i64,
        reason: RemoveReason,
        date: NaiveDate,
        today: NaiveDate,
    ) -> Result<()> {
        if !matches!(
            reason,
            RemoveReason::Died | RemoveReason::Moved | RemoveReason::Transferred
        ) {
            return refuse(Refusal::EndReason(reason.to_string()));
        }
        if date > today {
            return refuse(Refusal::DateInFuture { date, today });
        }
        let tx = self.begin()?;
        self.check_unchanged()?;
        let Some(mut r) = self.resident(id)? else {
            return refuse(Refusal::NoResident(id));
        };
        if date < r.birth_date || date < r.registered_on {
            return refuse(Refusal::EndBeforeRegistered {
                date,
                name: r.name,
                registered: r.registered_on,
            });
        }
        if !r.active_on(date) {
            return refuse(Refusal::AlreadyEnded {
                status: r.status.to_string(),
                on: r.status_date.map_or(String::new(), |d| d.to_string()),
                name: r.name,
            });
        }
        r.conditions = self.conditions_of(id)?;
        end_management(&tx, &self.operator, &r, reason, date, true)?;
        tx.commit()?;
        Ok(())
    }
}

impl Db {
    /// Undoes the latest removal of a resident or a household (domain.md §6
    /// contact outcomes, §3 end of management; issue 10, item 8): the
    /// removal's visit is marked undone (it stays in the record), a status
    /// set by a death, move or transfer goes back to active, and the chronic
    /// management it ended goes on. The tasks come back as if the removal
    /// had not been recorded. One transaction, with its audit rows (§10).
    pub fn undo_removal(&mut self, subject: Subject, today: NaiveDate) -> Result<Removal> {
        // one outside the operator's scope is not found, in the words for
        // one who does not exist, before their name is read (issue 24 item 7)
        match subject {
            Subject::Resident(id) => self.resident_in_reach(id)?,
            Subject::Household(id) => self.household_in_reach(id)?,
        }
        self.guarded(|db| db.undo_removal_tx(subject, today))
    }

    fn undo_removal_tx(&mut self, subject: Subject, today: NaiveDate) -> Result<Removal> {
        let tx = self.begin()?;
        self.check_unchanged()?;
        let found = match subject {
            Subject::Resident(id) => {
                let Some(r) = self.resident(id)? else {
                    return refuse(Refusal::NoResident(id));
                };
                let own = self.visits_of(subject)?;
                let home = self.visits_of(Subject::Household(r.household_id))?;
                removal::latest_for_resident(&r, &own, &home)
                    .ok_or_else(|| Refusal::NothingToUndo(r.name.clone()))
            }
            Subject::Household(id) => {
                let visits = self.visits_of(subject)?;
                removal::latest_for_household(&visits)
                    .ok_or_else(|| Refusal::NothingToUndo(format!("{id}")))
            }
        };
        let rm = match found {
            Ok(rm) => rm,
            Err(r) => return refuse(r),
        };
        if rm.date > today {
            return refuse(Refusal::DateInFuture {
                date: rm.date,
                today,
            });
        }
        let detail = format!("undo {} of {}", rm.reason, rm.date);
        if let Some(vid) = rm.visit_id {
            let before = row_json(&tx, "visit", vid)?;
            tx.execute(
                "UPDATE visit SET undone_on = ?1, undone_by = ?2 WHERE id = ?3 AND undone_on IS NULL",
                params![today, self.operator, vid],
            )?;
            audit_change(
                &tx,
                &self.operator,
                "undo_removal",
                "visit",
                vid,
                &detail,
                before,
            )?;
        }
        // Whose management the removal ended: the resident, or every member
        // a household visit's "moved" ended that day.
        let people: Vec<Resident> = match rm.subject {
            Subject::Resident(id) => self.resident(id)?.into_iter().collect(),
            Subject::Household(h) => self
                .household_members(h)?
                .into_iter()
                .filter(|m| {
                    removal::status_after(rm.reason).is_some_and(|s| m.status == s)
                        && m.status_date == Some(rm.date)
                })
                .collect(),
        };
        for m in &people {
            if let Some(s) = removal::status_after(rm.reason)
                && m.status == s
                && m.status_date == Some(rm.date)
            {
                let before = row_json(&tx, "resident", m.id)?;
                tx.execute(
                    "UPDATE resident SET status = 'active', status_date = NULL WHERE id = ?1",
                    [m.id],
                )?;
                audit_change(
                    &tx,
                    &self.operator,
                    "undo_removal",
                    "resident",
                    m.id,
                    &detail,
                    before,
                )?;
            }
            // Refusal ends management only on a clinical task; whichever
            // ended here, on that day, goes on (end_management's dates).
            if let Some(end) = removal::end_reason(rm.reason, true) {
                let n = tx.execute(
                    "UPDATE chronic_condition SET managed_until = NULL, end_reason = NULL
                     WHERE resident_id = ?1 AND end_reason = ?2 AND managed_until = max(?3, managed_from)",
                    params![m.id, end, rm.date],
                )?;
                if n > 0 {
                    audit(
                        &tx,
                        &self.operator,
                        "resume_management",
                        "resident",
                        m.id,
                        &detail,
                    )?;
                }
            }
        }
        tx.commit()?;
        Ok(rm)
    }
}
