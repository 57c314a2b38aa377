//! `gridcare check`: integrity and foreign-key checks, and what is in the database.

use super::{Db, Result};

#[derive(Debug, Clone, PartialEq)]
pub struct CheckReport {
    /// Lines of `PRAGMA integrity_check` other than "ok".
    pub integrity: Vec<String>,
    /// One line per row `PRAGMA foreign_key_check` reports.
    pub foreign_keys: Vec<String>,
    /// One line per follow-up whose stored classification is not what its
    /// readings give (rows written by hand or by another program, §3).
    pub classifications: Vec<String>,
    /// Tables, indexes, triggers and views that differ from the ones this
    /// version creates (issue 24 item 16).
    pub schema: Vec<String>,
    /// Where the audit log's hash chain breaks, if it does (issue 24 item 8).
    pub audit_chain: Vec<String>,
    /// The chain's head: the last entry's number and hash.
    pub audit_head: Option<(i64, String)>,
    pub schema_version: i64,
    /// (what, how many), in a fixed order.
    pub totals: Vec<(&'static str, i64)>,
}

impl CheckReport {
    pub fn is_clean(&self) -> bool {
        self.integrity.is_empty()
            && self.foreign_keys.is_empty()
            && self.classifications.is_empty()
            && self.schema.is_empty()
            && self.audit_chain.is_empty()
    }
}

const TOTALS: &[(&str, &str)] = &[
    ("villages", "SELECT count(*) FROM village"),
    ("grids", "SELECT count(*) FROM grid"),
    (
        "grid workers",
        "SELECT count(*) FROM staff WHERE role = 'grid_worker'",
    ),
    ("doctor teams", "SELECT count(*) FROM doctor_team"),
    ("households", "SELECT count(*) FROM household"),
    (
        "residents (active)",
        "SELECT count(*) FROM resident WHERE status = 'active'",
    ),
    (
        "residents (moved, deceased, transferred)",
        "SELECT count(*) FROM resident WHERE status <> 'active'",
    ),
    (
        "hypertension under management",
        "SELECT count(*) FROM chronic_condition WHERE condition = 'hypertension' AND managed_until IS NULL",
    ),
    (
        "diabetes under management",
        "SELECT count(*) FROM chronic_condition WHERE condition = 'diabetes' AND managed_until IS NULL",
    ),
    ("contracts", "SELECT count(*) FROM contract"),
    ("volunteers", "SELECT count(*) FROM volunteer"),
    ("volunteer groups", "SELECT count(*) FROM volunteer_group"),
    ("visits", "SELECT count(*) FROM visit"),
    (
        "referrals (open)",
        "SELECT count(*) FROM referral WHERE returned_on IS NULL AND closed_on IS NULL",
    ),
    ("audit entries", "SELECT count(*) FROM audit_log"),
];

impl Db {
    pub fn check(&self) -> Result<CheckReport> {
        let mut st = self.conn.prepare("PRAGMA integrity_check")?;
        let integrity = st
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .filter(|l| l != "ok")
            .collect();
        let mut st = self.conn.prepare("PRAGMA foreign_key_check")?;
        let foreign_keys = st
            .query_map([], |r| {
                Ok(format!(
                    "{} row {} refers to a missing {}",
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<i64>>(1)?.unwrap_or_default(),
                    r.get::<_, String>(2)?
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let schema_version = self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?;
        let mut totals = Vec::new();
        for (what, sql) in TOTALS {
            totals.push((*what, self.conn.query_row(sql, [], |r| r.get(0))?));
        }
        let schema = super::schema::differences(&self.conn)?;
        // a foreign trigger or view is not run by the checks that follow
        let classifications = if schema.is_empty() {
            self.classification_mismatches()?
        } else {
            Vec::new()
        };
        let audit_chain = self.audit_chain_breaks()?;
        let audit_head = self.audit_head()?;
        Ok(CheckReport {
            integrity,
            foreign_keys,
            classifications,
            schema,
            audit_chain,
            audit_head,
            schema_version,
            totals,
        })
    }
}

impl Db {
    /// Follow-ups whose stored classification disagrees with what the rules
    /// derive from their readings (§3): one line each, naming the row.
    fn classification_mismatches(&self) -> Result<Vec<String>> {
        use crate::domain::model::{Classification, Subject, VisitRecord};
        let rules = self.rules()?;
        let patients: Vec<i64> = self
            .conn
            .prepare(
                "SELECT DISTINCT resident_id FROM visit WHERE resident_id IS NOT NULL AND outcome = 'completed'
                 AND kind IN ('followup', 'recheck', 'referral_followup') ORDER BY 1",
            )?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut stored_of = self
            .conn
            .prepare("SELECT id, classification FROM visit WHERE resident_id = ?1")?;
        let mut out = Vec::new();
        for id in patients {
            let resident = self
                .resident(id)
                .and_then(|r| Ok((r, self.conditions_of(id)?)));
            let r = match resident {
                Ok((Some(mut r), conditions)) => {
                    r.conditions = conditions;
                    r
                }
                Ok((None, _)) => continue,
                Err(e @ super::DbError::BadRow { .. }) => {
                    out.push(e.to_string());
                    continue;
                }
                Err(e) => return Err(e),
            };
            let visits = match self.visits_of(Subject::Resident(id)) {
                Ok(v) => v,
                Err(e @ super::DbError::BadRow { .. }) => {
                    out.push(e.to_string());
                    continue;
                }
                Err(e) => return Err(e),
            };
            let refs: Vec<&VisitRecord> = visits.iter().collect();
            let stored: std::collections::HashMap<i64, Option<Classification>> = stored_of
                .query_map([id], |row| Ok((row.get(0)?, row.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            for a in crate::domain::followup::assess_patient(&r, &refs, &rules) {
                let kept = stored.get(&a.visit_id).copied().flatten();
                let derived = a.assessment.classification;
                if kept != derived {
                    let name = |c: Option<Classification>| c.map_or("none", |c| c.code());
                    out.push(format!(
                        "visit row {} ({}, {}): stored {}, its readings give {}",
                        a.visit_id,
                        r.name,
                        a.date,
                        name(kept),
                        name(derived)
                    ));
                }
            }
        }
        Ok(out)
    }
}
