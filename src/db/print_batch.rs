//! Printed batches (issue 29 item 3): the rows of a print run, each with
//! the short code printed on it, stored in one transaction with its audit
//! row so the paper that comes back is found again by its codes.

use super::{Db, DbError, Result, audit_change};
use crate::domain::calendar::{Cadence, Period};
use crate::domain::model::VisitKind;
use crate::domain::queue::WorkerRole;
use crate::domain::refusal::Refusal;
use crate::print::RowTask;
use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};

/// A batch as stored: its number, and per row its code and task.
#[derive(Debug, Clone, PartialEq)]
pub struct PrintBatch {
    pub id: i64,
    pub printed_on: NaiveDate,
    pub period: String,
    pub period_start: NaiveDate,
    pub who: String,
    pub rows: Vec<BatchRow>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BatchRow {
    pub seq: i64,
    pub code: String,
    pub sheet: String,
    pub task_key: String,
    pub kind: VisitKind,
    pub household_id: i64,
    pub resident_id: Option<i64>,
    pub role: WorkerRole,
    pub worker_id: i64,
    pub due: String,
    /// The visit the row was keyed in as: its date and who did it.
    pub keyed: Option<(NaiveDate, String)>,
}

/// The code of the `seq`th row of a batch of `period`: W48-0137 for a
/// week's, M11-0137 for a month's — short enough to say and type.
pub fn row_code(period: Period, seq: usize) -> String {
    let p = match period.cadence {
        Cadence::Week => format!("W{:02}", chrono::Datelike::iso_week(&period.start).week()),
        Cadence::Month => format!("M{:02}", chrono::Datelike::month(&period.start)),
        Cadence::Quarter => format!("Q{}", chrono::Datelike::month(&period.start).div_ceil(3)),
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

    /// Keys in one printed row (issue 29 item 4): the visit or contact
    /// outcome recorded as any visit is (Db::record_visit: checked, audited)
    /// and the row marked keyed, in one transaction. A row keyed before is
    /// refused with when and by whom. A volunteer's row is stored as the
    /// volunteer's contact, never as a follow-up (issue 29 item 5, §1).
    pub fn key_in_row(
        &mut self,
        batch: i64,
        row: &BatchRow,
        v: &crate::db::NewVisit,
        today: NaiveDate,
    ) -> Result<crate::db::Keyed> {
        self.in_one_transaction(|db| {
            let keyed: Option<(NaiveDate, String)> = db
                .conn
                .query_row(
                    "SELECT v.visit_date, coalesce(v.visited_by, '') FROM print_row p
                     JOIN visit v ON v.id = p.visit_id WHERE p.batch_id = ?1 AND p.seq = ?2
                     UNION ALL
                     SELECT contact_date, reported_by FROM volunteer_contact
                     WHERE batch_id = ?1 AND seq = ?2",
                    params![batch, row.seq],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            if let Some((on, by)) = keyed {
                return Err(DbError::Refused(Refusal::AlreadyKeyed {
                    code: row.code.clone(),
                    on,
                    by,
                }));
            }
            if row.role == WorkerRole::Volunteer {
                return db.volunteer_contact_tx(batch, row, v, today);
            }
            let done = db.record_visit(v, today)?;
            db.conn.execute(
                "UPDATE print_row SET visit_id = ?1 WHERE batch_id = ?2 AND seq = ?3",
                params![done.visit_id, batch, row.seq],
            )?;
            Ok(crate::db::Keyed::Visit(done))
        })
    }

    /// The latest batch printed with rows of `worker` (any batch when none
    /// is given, or none of theirs): what `K` on the queue offers to key in.
    pub fn latest_batch(&self, worker: Option<(WorkerRole, i64)>) -> Result<Option<i64>> {
        let theirs: Option<i64> = match worker {
            Some((role, id)) => self.conn.query_row(
                "SELECT max(batch_id) FROM print_row WHERE worker_role = ?1 AND worker_id = ?2",
                params![role.code(), id],
                |r| r.get(0),
            )?,
            None => None,
        };
        match theirs {
            Some(b) => Ok(Some(b)),
            None => Ok(self
                .conn
                .query_row("SELECT max(id) FROM print_batch", [], |r| r.get(0))?),
        }
    }

    /// A stored batch with its rows in sheet order; `None` when no batch has the number.
    pub fn print_batch(&self, id: i64) -> Result<Option<PrintBatch>> {
        let head = self.conn.query_row(
            "SELECT printed_on, period, who, period_start FROM print_batch WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        );
        let (printed_on, period, who, period_start) = match head {
            Ok(h) => h,
            Err(rusqlite::Error::QueryReturnedNoRows) => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        let mut st = self.conn.prepare_cached(
            "SELECT p.seq, p.code, p.sheet, p.task_key, p.kind, p.household_id, p.resident_id,
                    p.worker_role, p.worker_id, p.due, coalesce(v.visit_date, c.contact_date),
                    coalesce(v.visited_by, c.reported_by, '')
             FROM print_row p LEFT JOIN visit v ON v.id = p.visit_id
             LEFT JOIN volunteer_contact c ON c.batch_id = p.batch_id AND c.seq = p.seq
             WHERE p.batch_id = ?1 ORDER BY p.seq",
        )?;
        let rows = st
            .query_map([id], |r| {
                let kind: String = r.get(4)?;
                let role: String = r.get(7)?;
                let keyed: Option<NaiveDate> = r.get(10)?;
                Ok(BatchRow {
                    seq: r.get(0)?,
                    code: r.get(1)?,
                    sheet: r.get(2)?,
                    task_key: r.get(3)?,
                    kind: VisitKind::from_code(&kind).unwrap_or(VisitKind::Household),
                    household_id: r.get(5)?,
                    resident_id: r.get(6)?,
                    role: WorkerRole::from_code(&role).unwrap_or(WorkerRole::GridWorker),
                    worker_id: r.get(8)?,
                    due: r.get(9)?,
                    keyed: match keyed {
                        Some(d) => Some((d, r.get(11)?)),
                        None => None,
                    },
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(Some(PrintBatch {
            id,
            printed_on,
            period,
            period_start,
            who,
            rows,
        }))
    }
}
