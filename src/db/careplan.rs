//! The family doctor's one-person-one-plan 一人一策 (issue 14, domain.md §2
//! ★1): read a resident's plan with its dates; write it with its review date
//! in one transaction with its audit row. The resident screen's and the
//! household screen's `L`, and `gridcare care-plan set`, issue this one command.

use super::{Db, DbError, Result, audit_change, row_json};
use crate::domain::careplan;
use crate::domain::refusal::Refusal;
use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};

/// A resident's plan as written, with its dates.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize)]
pub struct CarePlan {
    pub text: Option<String>,
    pub written_on: Option<NaiveDate>,
    pub review_on: Option<NaiveDate>,
}

impl Db {
    /// The plan of resident `id`; `None` when there is no such resident.
    pub fn care_plan_of(&self, id: i64) -> Result<Option<CarePlan>> {
        Ok(self
            .conn
            .query_row(
                "SELECT care_plan, care_plan_written_on, care_plan_review_on FROM resident WHERE id = ?1",
                [id],
                |r| {
                    Ok(CarePlan {
                        text: r
                            .get::<_, Option<String>>(0)?
                            .filter(|t| !t.trim().is_empty()),
                        written_on: r.get(1)?,
                        review_on: r.get(2)?,
                    })
                },
            )
            .optional()?)
    }

    /// Writes resident `id`'s plan, dated `today`, to be reviewed on
    /// `review_on` (after today, so the queue's plan task is done). The
    /// resident must be active; an empty or over-long plan is refused.
    pub fn set_care_plan(
        &mut self,
        id: i64,
        text: &str,
        review_on: NaiveDate,
        today: NaiveDate,
    ) -> Result<()> {
        careplan::check_plan(text, review_on, today)?;
        self.guarded(|db| {
            let tx = db.begin()?;
            db.check_unchanged()?;
            let who: Option<(String, String)> = tx
                .query_row(
                    "SELECT name, status FROM resident WHERE id = ?1",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let Some((name, status)) = who else {
                return Err(DbError::Refused(Refusal::NoResident(id)));
            };
            if status != "active" {
                return Err(DbError::Refused(Refusal::NotActive { name, status }));
            }
            let before = row_json(&tx, "resident", id)?;
            tx.execute(
                "UPDATE resident SET care_plan = ?1, care_plan_written_on = ?2, care_plan_review_on = ?3 WHERE id = ?4",
                params![text.trim().replace("\r\n", "\n"), today, review_on, id],
            )?;
            audit_change(
                &tx,
                &db.operator,
                "set_care_plan",
                "resident",
                id,
                &format!("{name} review {review_on}"),
                before,
            )?;
            tx.commit()?;
            Ok(())
        })
    }
}
