//! Printed batches (issue 29 item 3): the rows of a print run, each with
//! the short code printed on it, stored in one transaction with its audit
//! row so the paper that comes back is found again by its codes.

use super::{Db, Result, audit_change};
use crate::domain::calendar::{Cadence, Period};
use crate::print::RowTask;
use chrono::NaiveDate;
use rusqlite::params;

/// A batch as stored: its number, and per row its code and task.
#[derive(Debug, Clone, PartialEq)]
pub struct PrintBatch {
    pub id: i64,
    pub printed_on: NaiveDate,
    pub period: String,
    pub who: String,
    pub rows: Vec<BatchRow>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BatchRow {
    pub seq: i64,
    pub code: String,
    pub sheet: String,
    pub task_key: String,
    pub household_id: i64,
    pub resident_id: Option<i64>,
}

/// The code of the `seq`th row of a batch of `period`: W48-0137 for a
/// week's, M11-0137 for a month's — short enough to say and type.
pub fn row_code(period: Period, seq: usize) -> String {
    let p = match period.cadence {
        Cadence::Week => format!("W{:02}", chrono::Datelike::iso_week(&period.start).week()),
        Cadence::Month => format!("M{:02}", chrono::Datelike::month(&period.start)),
        Cadence::Quarter => format!("Q{}", (chrono::Datelike::month(&period.start) + 2) / 3),
        Cadence::Year => format!("Y{}", chrono::Datelike::year(&period.start) % 100),
    };
    format!("{p}-{seq:04}")
}

impl Db {
    /// Stores a printed batch: its head and every row with its code, in
    /// sheet order (`rows`: whose sheet, what the row asks for). Returns
    /// the batch's number and the rows' codes in the same order.
    pub fn save_print_batch(
        &mut self,
        period: Period,
        who: &str,
        printed_on: NaiveDate,
        rows: &[(String, RowTask)],
    ) -> Result<(i64, Vec<String>)> {
        self.guarded(|db| {
            let tx = db.begin()?;
            tx.execute(
                "INSERT INTO print_batch (printed_on, period, period_start, who, printed_by)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![printed_on, period.label(), period.start, who, db.operator],
            )?;
            let id = tx.last_insert_rowid();
            let mut codes = Vec::with_capacity(rows.len());
            {
                let mut ins = tx.prepare_cached(
                    "INSERT INTO print_row (batch_id, seq, code, sheet, task_key, kind,
                         household_id, resident_id, worker_role, worker_id, due)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                )?;
                for (i, (sheet, t)) in rows.iter().enumerate() {
                    let code = row_code(period, i + 1);
                    ins.execute(params![
                        id,
                        (i + 1) as i64,
                        code,
                        sheet,
                        t.key,
                        t.kind.code(),
                        t.household_id,
                        t.resident_id,
                        t.role.code(),
                        t.worker_id,
                        t.due,
                    ])?;
                    codes.push(code);
                }
            }
            audit_change(
                &tx,
                &db.operator,
                "print_batch",
                "print_batch",
                id,
                &format!("{} {who}: {} rows", period.label(), rows.len()),
                None,
            )?;
            tx.commit()?;
            Ok((id, codes))
        })
    }

    /// A stored batch with its rows in sheet order; `None` when no batch has the number.
    pub fn print_batch(&self, id: i64) -> Result<Option<PrintBatch>> {
        let head = self.conn.query_row(
            "SELECT printed_on, period, who FROM print_batch WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        );
        let (printed_on, period, who) = match head {
            Ok(h) => h,
            Err(rusqlite::Error::QueryReturnedNoRows) => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        let mut st = self.conn.prepare_cached(
            "SELECT seq, code, sheet, task_key, household_id, resident_id
             FROM print_row WHERE batch_id = ?1 ORDER BY seq",
        )?;
        let rows = st
            .query_map([id], |r| {
                Ok(BatchRow {
                    seq: r.get(0)?,
                    code: r.get(1)?,
                    sheet: r.get(2)?,
                    task_key: r.get(3)?,
                    household_id: r.get(4)?,
                    resident_id: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(Some(PrintBatch {
            id,
            printed_on,
            period,
            who,
            rows,
        }))
    }
}
