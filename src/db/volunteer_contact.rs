//! Volunteer-reported contacts (issue 29 item 5, domain.md §1): a row of a
//! volunteer's sheet keyed in is stored as what the volunteer reported — the
//! day, the outcome, the blood pressure they took — never as a follow-up
//! (it classifies nothing, counts for no task). A high reading
//! (`domain::volunteer_reading`) suggests a re-check to the doctor team until
//! the team's next completed follow-up of the patient.

use super::{Db, Result, audit_change};
use crate::db::write::refuse;
use crate::domain::followup;
use crate::domain::refusal::Refusal;
use chrono::NaiveDate;
use rusqlite::params;

/// The migration that holds the contacts (appended to `migration_list`).
pub(super) const MIGRATION: &str = include_str!("migrations/029_volunteer_contact.sql");

/// What a keyed row became: a visit recorded as any visit is, or a
/// volunteer's contact (with whether it suggests a re-check).
#[derive(Debug)]
pub enum Keyed {
    Visit(super::Recorded),
    Contact { id: i64, recheck: bool },
}

/// A re-check a volunteer's high reading suggests, open until the team's
/// next completed follow-up of the patient on or after the reading's day.
#[derive(Debug, Clone, PartialEq)]
pub struct Recheck {
    pub resident_id: i64,
    pub on: NaiveDate,
    pub sbp: i32,
    pub dbp: i32,
    /// The volunteer who reported it (their name on the sheet).
    pub by: String,
}

impl Db {
    /// Stores what a volunteer reported on a printed row, inside the key-in's
    /// transaction (`Db::key_in_row`): checked as a visit's readings are
    /// (§3's plausible ranges, not after today), audited.
    pub(super) fn volunteer_contact_tx(
        &mut self,
        batch: i64,
        row: &super::BatchRow,
        v: &super::NewVisit,
        today: NaiveDate,
    ) -> Result<Keyed> {
        if v.date > today {
            return refuse(Refusal::VisitInFuture {
                date: v.date,
                today,
            });
        }
        let vitals = &v.findings.vitals;
        if let Err(errs) = followup::validate(vitals) {
            return refuse(Refusal::Vitals(
                errs.into_iter().map(|e| (e.field, e.problem)).collect(),
            ));
        }
        let bp = vitals.sbp.zip(vitals.dbp);
        let recheck = crate::domain::volunteer_reading::recheck_suggested(bp, &self.rules()?);
        let Some(resident) = row.resident_id else {
            return refuse(Refusal::ResidentVisitOnHousehold);
        };
        self.conn.execute(
            "INSERT INTO volunteer_contact (resident_id, volunteer_id, reported_by, contact_date,
                 outcome, sbp, dbp, recheck, batch_id, seq, entered_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                resident,
                row.worker_id,
                row.sheet,
                v.date,
                v.outcome.code(),
                vitals.sbp,
                vitals.dbp,
                recheck,
                batch,
                row.seq,
                self.operator,
            ],
        )?;
        let id = self.conn.last_insert_rowid();
        let reading = bp.map_or(String::new(), |(s, d)| format!(" {s}/{d}"));
        audit_change(
            &self.conn,
            &self.operator,
            "volunteer_contact",
            "volunteer_contact",
            id,
            &format!(
                "{} {} {}{reading}{}",
                row.code,
                v.date,
                v.outcome.code(),
                if recheck { " recheck" } else { "" }
            ),
            None,
        )?;
        Ok(Keyed::Contact { id, recheck })
    }

    /// The re-checks volunteers' high readings suggest and no completed
    /// follow-up of the patient has answered since, newest first.
    pub fn rechecks_open(&self) -> Result<Vec<Recheck>> {
        let mut st = self.conn.prepare_cached(
            "SELECT c.resident_id, c.contact_date, c.sbp, c.dbp, c.reported_by
             FROM volunteer_contact c
             WHERE c.recheck = 1 AND NOT EXISTS (
                 SELECT 1 FROM visit v WHERE v.resident_id = c.resident_id
                   AND v.kind IN ('followup', 'recheck', 'referral_followup')
                   AND v.outcome = 'completed' AND v.undone_on IS NULL
                   AND v.visit_date >= c.contact_date)
             ORDER BY c.contact_date DESC, c.id DESC",
        )?;
        let rows = st
            .query_map([], |r| {
                Ok(Recheck {
                    resident_id: r.get(0)?,
                    on: r.get(1)?,
                    sbp: r.get(2)?,
                    dbp: r.get(3)?,
                    by: r.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        // one line a patient: the newest reading
        let mut seen = std::collections::HashSet::new();
        Ok(rows
            .into_iter()
            .filter(|r| seen.insert(r.resident_id))
            .collect())
    }
}
