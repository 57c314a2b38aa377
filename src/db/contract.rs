//! Family-doctor contracts 签约 (issue 14, domain.md §1, §8): sign, renew,
//! end early; the contracts ending soon. A contract is valid from its start
//! to its end date (the last day covered); ending one early sets that last
//! day and a reason, renewing adds the next period as its own row. Each
//! command is one transaction with its audit row.

use super::{Db, Result, audit_change, row_json};
use crate::domain::refusal::Refusal;
use chrono::{Days, NaiveDate};
use rusqlite::{OptionalExtension, params};

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ContractRow {
    pub id: i64,
    pub resident_id: i64,
    pub team_id: i64,
    pub team: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub end_reason: Option<String>,
}

impl ContractRow {
    pub fn valid_on(&self, day: NaiveDate) -> bool {
        self.start <= day && day <= self.end
    }
    /// The first day a renewal covers: the day after this contract's last
    /// (domain.md §1: contracts are yearly, renewed period after period).
    pub fn renewal_start(&self) -> NaiveDate {
        self.end.succ_opt().unwrap_or(self.end)
    }
    /// Days from `day` to the last day covered.
    pub fn days_left(&self, day: NaiveDate) -> i64 {
        (self.end - day).num_days()
    }
}

/// The resident's current contract on `day` (domain.md §1, §8 签约率: a
/// contract is valid from its start to its last day): the one valid that
/// day, from `contracts` (a resident's, any order). The interface's
/// resident screen and `gridcare contract` both ask this.
pub fn current_contract(contracts: &[ContractRow], day: NaiveDate) -> Option<&ContractRow> {
    contracts.iter().find(|c| c.valid_on(day))
}

/// The contract a renewal or an early end changes when the user names only
/// the resident (`gridcare contract renew|end`): the current one, else the
/// latest to start (one that has expired, or one not begun).
pub fn contract_to_change(contracts: &[ContractRow], day: NaiveDate) -> Option<&ContractRow> {
    current_contract(contracts, day).or_else(|| contracts.iter().max_by_key(|c| (c.start, c.id)))
}

/// A contract ending within `within` days of `day`, with whose it is.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Expiring {
    pub contract: ContractRow,
    pub name: String,
    pub village: String,
}

fn refuse<T>(r: Refusal) -> Result<T> {
    Err(super::DbError::Refused(r))
}

/// The same date a year on, less a day: a contract's usual end.
pub fn one_year_from(start: NaiveDate) -> NaiveDate {
    start
        .checked_add_months(chrono::Months::new(12))
        .and_then(|d| d.pred_opt())
        .unwrap_or(start)
}

const SELECT: &str =
    "SELECT k.id, k.resident_id, k.team_id, t.name, k.start_date, k.end_date, k.end_reason
     FROM contract k JOIN doctor_team t ON t.id = k.team_id";

fn row(r: &rusqlite::Row) -> rusqlite::Result<ContractRow> {
    Ok(ContractRow {
        id: r.get(0)?,
        resident_id: r.get(1)?,
        team_id: r.get(2)?,
        team: r.get(3)?,
        start: r.get(4)?,
        end: r.get(5)?,
        end_reason: r.get(6)?,
    })
}

impl Db {
    /// A resident's contracts, newest first.
    pub fn contracts_of(&self, resident: i64) -> Result<Vec<ContractRow>> {
        let mut st = self.conn.prepare(&format!(
            "{SELECT} WHERE k.resident_id = ?1 ORDER BY k.start_date DESC, k.id DESC"
        ))?;
        let rows = st.query_map([resident], row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Contracts valid on `day` whose last day falls within `within` days,
    /// soonest first, unless the same resident already has the next one.
    pub fn expiring_contracts(&self, day: NaiveDate, within: i64) -> Result<Vec<Expiring>> {
        let until = day + Days::new(within.max(0) as u64);
        let mut st = self.conn.prepare(&format!(
            "SELECT k.id, k.resident_id, k.team_id, t.name, k.start_date, k.end_date, k.end_reason, r.name, v.name
             FROM contract k JOIN doctor_team t ON t.id = k.team_id
             JOIN resident r ON r.id = k.resident_id JOIN household h ON h.id = r.household_id
             JOIN village v ON v.id = h.village_id
             WHERE k.start_date <= ?1 AND k.end_date >= ?1 AND k.end_date <= ?2 AND r.status = 'active'
               AND NOT EXISTS (SELECT 1 FROM contract n WHERE n.resident_id = k.resident_id
                               AND n.start_date > k.end_date)
               AND {}
             ORDER BY k.end_date, r.name",
            super::operators::IN_REACH
        ))?;
        let rows = st.query_map(params![day, until], |r| {
            Ok(Expiring {
                contract: row(r)?,
                name: r.get(7)?,
                village: r.get(8)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Signs a contract of `resident` with `team` from `start` to `end`.
    /// Refused: an unknown team, an end not after the start, a period that
    /// overlaps another contract of theirs.
    pub fn sign_contract(
        &mut self,
        resident: i64,
        team: i64,
        start: NaiveDate,
        end: NaiveDate,
    ) -> Result<i64> {
        self.guarded(|db| {
            let tx = db.begin()?;
            let name: Option<String> = tx
                .query_row(
                    "SELECT name FROM resident WHERE id = ?1 AND status = 'active'",
                    [resident],
                    |r| r.get(0),
                )
                .optional()?;
            let Some(name) = name else {
                return refuse(Refusal::UnknownWorker {
                    what: "resident",
                    id: resident,
                });
            };
            let team_name: Option<String> = tx
                .query_row("SELECT name FROM doctor_team WHERE id = ?1", [team], |r| r.get(0))
                .optional()?;
            let Some(team_name) = team_name else {
                return refuse(Refusal::NoTeam(team.to_string()));
            };
            if end <= start {
                return refuse(Refusal::EndBeforeStart { end, start });
            }
            let overlap: Option<(NaiveDate, NaiveDate)> = tx
                .query_row(
                    "SELECT start_date, end_date FROM contract
                     WHERE resident_id = ?1 AND start_date <= ?3 AND end_date >= ?2",
                    params![resident, start, end],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            if let Some((from, to)) = overlap {
                return refuse(Refusal::ContractOverlaps { name, from, to });
            }
            tx.execute(
                "INSERT INTO contract (resident_id, team_id, start_date, end_date) VALUES (?1, ?2, ?3, ?4)",
                params![resident, team, start, end],
            )?;
            let id = tx.last_insert_rowid();
            audit_change(
                &tx,
                &db.operator,
                "sign_contract",
                "contract",
                id,
                &format!("{name} {team_name} {start}..{end}"),
                None,
            )?;
            tx.commit()?;
            Ok(id)
        })
    }

    /// Renews contract `id`: the next period, the day after it ends until
    /// `end`, with the same team, as a row of its own.
    pub fn renew_contract(&mut self, id: i64, end: NaiveDate) -> Result<i64> {
        let c = self.contract(id)?;
        self.sign_contract(c.resident_id, c.team_id, c.renewal_start(), end)
    }

    /// Ends contract `id` early: `last_day` is the last day covered.
    pub fn end_contract(&mut self, id: i64, last_day: NaiveDate, reason: &str) -> Result<()> {
        self.guarded(|db| {
            let tx = db.begin()?;
            let c = db.contract(id)?;
            // the schema keeps a contract's end after its start
            if last_day <= c.start {
                return refuse(Refusal::EndBeforeStart {
                    end: last_day,
                    start: c.start,
                });
            }
            if last_day >= c.end {
                return refuse(Refusal::ContractEndsAnyway { end: c.end });
            }
            let reason = reason.trim();
            if reason.is_empty() {
                return refuse(Refusal::ReasonNeeded);
            }
            let before = row_json(&tx, "contract", id)?;
            tx.execute(
                "UPDATE contract SET end_date = ?1, end_reason = ?2 WHERE id = ?3",
                params![last_day, reason, id],
            )?;
            audit_change(
                &tx,
                &db.operator,
                "end_contract",
                "contract",
                id,
                &format!("until {last_day}: {reason}"),
                before,
            )?;
            tx.commit()?;
            Ok(())
        })
    }

    fn contract(&self, id: i64) -> Result<ContractRow> {
        let c = self
            .conn
            .query_row(&format!("{SELECT} WHERE k.id = ?1"), [id], row)
            .optional()?;
        match c {
            Some(c) => Ok(c),
            None => refuse(Refusal::UnknownWorker {
                what: "contract",
                id,
            }),
        }
    }
}
