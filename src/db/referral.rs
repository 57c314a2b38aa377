//! Two-way referrals (issue 14, domain.md §7): send, receive, return down
//! (下转) and close. Each command checks the transition with
//! `domain::referral`, then writes in one transaction with its audit row; a
//! refused transition writes nothing. `record_visit` sends the referral a
//! follow-up calls for inside its own transaction (`send_in`).

use super::{Db, DbError, Result, audit_change, row_json};
use crate::domain::referral::{self, Level, ReferralDates, ReferralState, Transition, Urgency};
use crate::domain::refusal::Refusal;
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};

/// A referral as entered (from the form, the resident screen or the CLI).
#[derive(Debug, Clone, PartialEq)]
pub struct NewReferral {
    pub from_level: Level,
    pub to_level: Level,
    pub reason: String,
    pub urgency: Urgency,
    pub sent_on: NaiveDate,
    pub visit_id: Option<i64>,
}

/// One referral as screen 7 and `referral list` show it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ReferralRow {
    pub id: i64,
    pub resident_id: i64,
    pub name: String,
    pub village: String,
    pub from_level: Level,
    pub to_level: Level,
    pub reason: String,
    pub urgency: Urgency,
    pub sent_on: NaiveDate,
    pub received_on: Option<NaiveDate>,
    pub returned_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    pub outcome: Option<String>,
    pub state: ReferralState,
    /// Days open: from sending to the return or close, else to today.
    pub days_waiting: i64,
    /// Sent and not received after `referral.no_reply_days` (§7).
    pub no_reply: bool,
    /// Received and not returned or closed after `referral.no_return_days`.
    pub no_return: bool,
}

impl ReferralRow {
    fn dates(&self) -> ReferralDates {
        ReferralDates {
            sent_on: self.sent_on,
            received_on: self.received_on,
            returned_on: self.returned_on,
            closed_on: self.closed_on,
        }
    }
}

fn refuse<T>(r: Refusal) -> Result<T> {
    Err(DbError::Refused(r))
}

const ROW_SQL: &str =
    "SELECT f.id, f.resident_id, r.name, v.name, f.from_level, f.to_level, f.reason, f.urgency,
        f.sent_on, f.received_on, f.returned_on, f.closed_on, f.outcome
     FROM referral f JOIN resident r ON r.id = f.resident_id
     JOIN household h ON h.id = r.household_id JOIN village v ON v.id = h.village_id";

fn level(s: String) -> rusqlite::Result<Level> {
    Level::from_code(&s).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Text,
            format!("unknown level {s:?}").into(),
        )
    })
}

fn referral_row(
    r: &rusqlite::Row,
    today: NaiveDate,
    (no_reply_days, no_return_days): (i64, i64),
) -> rusqlite::Result<ReferralRow> {
    let urgency: String = r.get(7)?;
    let mut row = ReferralRow {
        id: r.get(0)?,
        resident_id: r.get(1)?,
        name: r.get(2)?,
        village: r.get(3)?,
        from_level: level(r.get(4)?)?,
        to_level: level(r.get(5)?)?,
        reason: r.get(6)?,
        urgency: Urgency::from_code(&urgency).unwrap_or(Urgency::Routine),
        sent_on: r.get(8)?,
        received_on: r.get(9)?,
        returned_on: r.get(10)?,
        closed_on: r.get(11)?,
        outcome: r.get(12)?,
        state: ReferralState::Sent,
        days_waiting: 0,
        no_reply: false,
        no_return: false,
    };
    let d = row.dates();
    row.state = d.state();
    row.days_waiting = d.days_open(today);
    row.no_reply = d.no_reply(today, no_reply_days);
    row.no_return = d.no_return(today, no_return_days);
    Ok(row)
}

/// Inserts a referral inside the caller's transaction, with its audit row.
pub(crate) fn send_in(
    tx: &Connection,
    operator: &str,
    resident_id: i64,
    r: &NewReferral,
    today: NaiveDate,
) -> Result<i64> {
    referral::check_send(r.sent_on, &r.reason, today)?;
    if r.from_level == r.to_level {
        return refuse(Refusal::ReferralSameLevel(r.to_level));
    }
    tx.execute(
        "INSERT INTO referral (resident_id, from_level, to_level, reason, urgency, sent_on, visit_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            resident_id,
            r.from_level.code(),
            r.to_level.code(),
            r.reason.trim(),
            r.urgency.code(),
            r.sent_on,
            r.visit_id
        ],
    )?;
    let id = tx.last_insert_rowid();
    audit_change(
        tx,
        operator,
        "send_referral",
        "referral",
        id,
        &format!("{} -> {} {}", r.from_level, r.to_level, r.urgency),
        None,
    )?;
    Ok(id)
}

impl Db {
    /// The days after which a referral has no reply, or no return (§7).
    fn late_days(&self) -> Result<(i64, i64)> {
        let rules = self.rules()?;
        Ok((rules.referral_no_reply_days, rules.referral_no_return_days))
    }

    /// Every referral, oldest sent first; `open_only`: sent or received.
    pub fn referrals(&self, today: NaiveDate, open_only: bool) -> Result<Vec<ReferralRow>> {
        let late = self.late_days()?;
        // only the signed-in operator's village or grids (issue 15 item 2)
        let reach = super::operators::IN_REACH;
        let filter = if open_only {
            format!(" WHERE f.returned_on IS NULL AND f.closed_on IS NULL AND {reach}")
        } else {
            format!(" WHERE {reach}")
        };
        let mut st = self
            .conn
            .prepare(&format!("{ROW_SQL}{filter} ORDER BY f.sent_on, f.id"))?;
        let rows = st.query_map([], |r| referral_row(r, today, late))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One resident's referrals, the latest sent first (issue 25 item 2):
    /// what the resident screen lists, the county's advice with them.
    pub fn referrals_of_resident(
        &self,
        resident_id: i64,
        today: NaiveDate,
    ) -> Result<Vec<ReferralRow>> {
        let late = self.late_days()?;
        let mut st = self.conn.prepare(&format!(
            "{ROW_SQL} WHERE f.resident_id = ?1 ORDER BY f.sent_on DESC, f.id DESC"
        ))?;
        let rows = st.query_map([resident_id], |r| referral_row(r, today, late))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One referral by number.
    pub fn referral(&self, id: i64, today: NaiveDate) -> Result<Option<ReferralRow>> {
        let late = self.late_days()?;
        Ok(self
            .conn
            .query_row(&format!("{ROW_SQL} WHERE f.id = ?1"), [id], |r| {
                referral_row(r, today, late)
            })
            .optional()?)
    }

    /// Sends a referral for a resident (§7): the patient turns red and gets a
    /// follow-up task within `referral.followup_days`.
    pub fn send_referral(
        &mut self,
        resident_id: i64,
        r: &NewReferral,
        today: NaiveDate,
    ) -> Result<i64> {
        self.guarded(|db| {
            let tx = db.begin()?;
            let known = tx
                .query_row(
                    "SELECT 1 FROM resident WHERE id = ?1",
                    [resident_id],
                    |_| Ok(()),
                )
                .optional()?;
            if known.is_none() {
                return refuse(Refusal::NoResident(resident_id));
            }
            let id = send_in(&tx, &db.operator, resident_id, r, today)?;
            db.recolour_in(&tx, resident_id, today)?;
            tx.commit()?;
            Ok(id)
        })
    }

    /// The county recorded the referral received on `date`.
    pub fn receive_referral(&mut self, id: i64, date: NaiveDate, today: NaiveDate) -> Result<()> {
        self.transition(id, Transition::Receive, date, None, today)
    }

    /// Returned down (下转) on `date` with the county's advice: the patient
    /// goes back to the family-doctor team's queue.
    pub fn return_referral(
        &mut self,
        id: i64,
        date: NaiveDate,
        advice: &str,
        today: NaiveDate,
    ) -> Result<()> {
        self.transition(id, Transition::Return, date, Some(advice), today)
    }

    /// Closed on `date` with its outcome (the patient stays with the county,
    /// died, …): no longer open, no return.
    pub fn close_referral(
        &mut self,
        id: i64,
        date: NaiveDate,
        outcome: &str,
        today: NaiveDate,
    ) -> Result<()> {
        self.transition(id, Transition::Close, date, Some(outcome), today)
    }

    fn transition(
        &mut self,
        id: i64,
        t: Transition,
        date: NaiveDate,
        text: Option<&str>,
        today: NaiveDate,
    ) -> Result<()> {
        self.guarded(|db| {
            let tx = db.begin()?;
            let dates = tx
                .query_row(
                    "SELECT sent_on, received_on, returned_on, closed_on, resident_id FROM referral WHERE id = ?1",
                    [id],
                    |r| {
                        Ok((
                            ReferralDates {
                                sent_on: r.get(0)?,
                                received_on: r.get(1)?,
                                returned_on: r.get(2)?,
                                closed_on: r.get(3)?,
                            },
                            r.get::<_, i64>(4)?,
                        ))
                    },
                )
                .optional()?;
            // a referral of someone outside the operator's scope is not
            // found, as one that does not exist (issue 24 item 7)
            let Some((dates, resident_id)) =
                dates.filter(|d| db.resident_in_reach(d.1).is_ok())
            else {
                return refuse(Refusal::NoReferral(id));
            };
            referral::check_transition(id, &dates, t, date, today)?;
            let text = text.map(str::trim).filter(|t| !t.is_empty());
            let before = row_json(&tx, "referral", id)?;
            let sql = match t {
                Transition::Receive => "UPDATE referral SET received_on = ?1 WHERE id = ?2",
                Transition::Return => {
                    "UPDATE referral SET returned_on = ?1, outcome = coalesce(?3, outcome) WHERE id = ?2"
                }
                Transition::Close => {
                    "UPDATE referral SET closed_on = ?1, outcome = coalesce(?3, outcome) WHERE id = ?2"
                }
            };
            if t == Transition::Receive {
                tx.execute(sql, params![date, id])?;
            } else {
                tx.execute(sql, params![date, id, text])?;
            }
            audit_change(
                &tx,
                &db.operator,
                &format!("{t}_referral"),
                "referral",
                id,
                &format!("{t} {date}"),
                before,
            )?;
            db.recolour_in(&tx, resident_id, today)?;
            tx.commit()?;
            Ok(())
        })
    }
}
