//! Health-education events, who came, and the health points ledger (issue
//! 32; rules in `domain::events`). Each write is one transaction with its
//! audit rows: an attendance and the points it earns are saved together or
//! not at all; a spend or a correction checks the balance inside the same
//! transaction it writes in.

use super::{Db, DbError, Result, audit};
use crate::domain::events::{self, EventKind, Movement, Problem, Rates};
use crate::domain::refusal::Refusal;
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};

/// An event as entered (the command line, the events screen, an import).
#[derive(Debug, Clone, PartialEq)]
pub struct NewEvent {
    pub kind: EventKind,
    pub held_on: NaiveDate,
    pub township_id: i64,
    /// None: held by the township health centre.
    pub village_id: Option<i64>,
    pub topic: String,
    pub speaker_id: Option<i64>,
    pub place: String,
}

/// One event as lists show it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct EventRow {
    pub id: i64,
    pub kind: EventKind,
    pub held_on: NaiveDate,
    pub township: String,
    pub village: Option<String>,
    pub topic: String,
    pub speaker: Option<String>,
    pub place: String,
    /// Registered residents who came.
    pub residents: i64,
    /// Visitors from outside the township (counted, not registered).
    pub visitors: i64,
}

/// Who came: a registered resident, or a visitor from outside (a name).
#[derive(Debug, Clone, PartialEq)]
pub enum Attendee {
    Resident(i64),
    Visitor(String),
}

/// One line of an event's list (and of its sign-in sheet).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct AttendeeRow {
    pub resident_id: Option<i64>,
    pub name: String,
    /// The ID number's last four characters ("" for a visitor).
    pub id_tail: String,
    pub village: Option<String>,
}

/// One movement of a resident's points.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct LedgerRow {
    pub id: i64,
    pub on_date: NaiveDate,
    pub movement: Movement,
    pub amount: i64,
    /// What it was for: the event's topic, the service, or the reason.
    pub what: String,
    pub given_by: Option<String>,
}

/// A spend of points on a service (the seed's 兑换).
#[derive(Debug, Clone, PartialEq)]
pub struct Spend {
    pub cost: i64,
    pub service: String,
    pub on_date: NaiveDate,
    pub given_by: String,
}

fn refuse<T>(p: Problem) -> Result<T> {
    Err(DbError::Refused(Refusal::Events(p)))
}

const EVENT_SQL: &str = "SELECT e.id, e.kind, e.held_on, t.name, v.name, e.topic, s.name, e.place,
        (SELECT count(*) FROM attendance a WHERE a.event_id = e.id AND a.resident_id IS NOT NULL),
        (SELECT count(*) FROM attendance a WHERE a.event_id = e.id AND a.resident_id IS NULL)
     FROM event e JOIN township t ON t.id = e.township_id
     LEFT JOIN village v ON v.id = e.village_id LEFT JOIN staff s ON s.id = e.speaker_id";

fn event_row(r: &rusqlite::Row) -> rusqlite::Result<EventRow> {
    let kind: String = r.get(1)?;
    Ok(EventRow {
        id: r.get(0)?,
        kind: EventKind::from_code(&kind).unwrap_or(EventKind::Lecture),
        held_on: r.get(2)?,
        township: r.get(3)?,
        village: r.get(4)?,
        topic: r.get(5)?,
        speaker: r.get(6)?,
        place: r.get(7)?,
        residents: r.get(8)?,
        visitors: r.get(9)?,
    })
}

/// A resident's balance, read inside the caller's transaction.
fn balance_in(tx: &Connection, resident_id: i64) -> Result<i64> {
    Ok(tx.query_row(
        "SELECT coalesce(sum(amount), 0) FROM points WHERE resident_id = ?1",
        [resident_id],
        |r| r.get(0),
    )?)
}

fn resident_name(tx: &Connection, resident_id: i64) -> Result<String> {
    tx.query_row(
        "SELECT name FROM resident WHERE id = ?1",
        [resident_id],
        |r| r.get(0),
    )
    .optional()?
    .ok_or(DbError::Refused(Refusal::NoResident(resident_id)))
}

/// Writes one ledger row with its audit row, inside the caller's transaction.
fn ledger_in(
    tx: &Connection,
    operator: &str,
    resident_id: i64,
    movement: Movement,
    amount: i64,
    on_date: NaiveDate,
    (attendance, service, given_by, reason): (
        Option<i64>,
        Option<&str>,
        Option<&str>,
        Option<&str>,
    ),
) -> Result<i64> {
    tx.execute(
        "INSERT INTO points (resident_id, on_date, movement, amount, attendance_id, service, given_by, reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            resident_id,
            on_date,
            movement.code(),
            amount,
            attendance,
            service.map(str::trim),
            given_by.map(str::trim).filter(|g| !g.is_empty()),
            reason.map(str::trim)
        ],
    )?;
    let id = tx.last_insert_rowid();
    audit(
        tx,
        operator,
        &format!("points_{movement}"),
        "points",
        id,
        &format!("{movement} {amount:+} for resident {resident_id}"),
    )?;
    Ok(id)
}

/// Of search hits, the one person meant: the only hit, or the only one of
/// the best kind of match; else refused naming those found.
pub fn one_person(
    town: &crate::domain::model::Township,
    typed: &str,
) -> std::result::Result<i64, Problem> {
    let hits = crate::search::search(town, typed, 50);
    let Some(best) = hits.first().map(|h| h.how) else {
        return Err(Problem::NoOneFound(typed.trim().to_string()));
    };
    let top: Vec<&crate::search::Hit> = hits.iter().filter(|h| h.how == best).collect();
    if let [one] = top.as_slice() {
        return Ok(one.resident_id);
    }
    let each = top
        .iter()
        .take(6)
        .filter_map(|h| {
            town.households
                .iter()
                .flat_map(|x| &x.members)
                .find(|m| m.id == h.resident_id)
                .map(|m| format!("{} …{}", m.name, tail(&m.id_number)))
        })
        .collect();
    Err(Problem::SeveralFound {
        typed: typed.trim().to_string(),
        each,
    })
}

/// An ID number's last four characters, as the sign-in sheet shows it.
pub fn tail(id_number: &str) -> String {
    let n = id_number.chars().count();
    id_number.chars().skip(n.saturating_sub(4)).collect()
}

impl Db {
    /// The resident a typed search names (pinyin initials, name, the ID
    /// number's tail), among the township's as of `day`: one, or refused.
    pub fn find_person(&self, typed: &str, day: NaiveDate) -> Result<(i64, String)> {
        let town = self.load(day, self.default_scope()?)?;
        let id = one_person(&town, typed).map_err(Refusal::Events)?;
        Ok((id, resident_name(&self.conn, id)?))
    }

    /// The health-education counts against the norm for a township and
    /// period (`domain::education`): the health centre's row, then each
    /// village clinic's.
    pub fn education_counts(
        &self,
        township_id: i64,
        period: crate::domain::calendar::Period,
        today: NaiveDate,
    ) -> Result<Vec<crate::domain::education::NormRow>> {
        use crate::domain::education::{EventFact, Norms, norm_rows};
        let norms = Norms::from_settings(&self.settings()?).map_err(DbError::Invalid)?;
        let day = period.end().min(today);
        let town = self.load(day, super::Scope::Township(township_id))?;
        let mut st = self.conn.prepare(
            "SELECT e.id, e.kind, e.held_on, e.village_id,
                    (SELECT count(*) FROM attendance a WHERE a.event_id = e.id)
             FROM event e WHERE e.township_id = ?1 AND e.held_on BETWEEN ?2 AND ?3 ORDER BY e.held_on, e.id",
        )?;
        let facts: Vec<EventFact> = st
            .query_map(params![township_id, period.start, day], |r| {
                let kind: String = r.get(1)?;
                Ok(EventFact {
                    id: r.get(0)?,
                    kind: EventKind::from_code(&kind).unwrap_or(EventKind::Lecture),
                    held_on: r.get(2)?,
                    village_id: r.get(3)?,
                    attendance: r.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let name: String = self.conn.query_row(
            "SELECT name FROM township WHERE id = ?1",
            [township_id],
            |r| r.get(0),
        )?;
        Ok(norm_rows(
            &town,
            &name,
            &facts,
            period,
            today,
            &self.rules()?,
            norms,
        ))
    }

    /// The points each attendance earns (settings `points.*`).
    pub fn points_rates(&self) -> Result<Rates> {
        Rates::from_settings(&self.settings()?).map_err(DbError::Invalid)
    }

    /// Records an event held (a lecture, consultation or push campaign).
    pub fn add_event(&mut self, e: &NewEvent, today: NaiveDate) -> Result<i64> {
        events::check_event(&e.topic, e.held_on, today).map_err(Refusal::Events)?;
        self.guarded(|db| {
            let tx = db.begin()?;
            tx.execute(
                "INSERT INTO event (kind, held_on, township_id, village_id, topic, speaker_id, place)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    e.kind.code(),
                    e.held_on,
                    e.township_id,
                    e.village_id,
                    e.topic.trim(),
                    e.speaker_id,
                    e.place.trim()
                ],
            )?;
            let id = tx.last_insert_rowid();
            audit(
                &tx,
                &db.operator,
                "add_event",
                "event",
                id,
                &format!("{} {} {}", e.kind, e.held_on, e.topic.trim()),
            )?;
            tx.commit()?;
            Ok(id)
        })
    }

    /// Events held from `from` to `to` (both inclusive, either open), oldest first.
    pub fn events(&self, from: Option<NaiveDate>, to: Option<NaiveDate>) -> Result<Vec<EventRow>> {
        let mut st = self.conn.prepare(&format!(
            "{EVENT_SQL} WHERE (?1 IS NULL OR e.held_on >= ?1) AND (?2 IS NULL OR e.held_on <= ?2)
             ORDER BY e.held_on, e.id"
        ))?;
        let rows = st.query_map(params![from, to], event_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One event by number, refused when there is none.
    pub fn event(&self, id: i64) -> Result<EventRow> {
        self.conn
            .query_row(&format!("{EVENT_SQL} WHERE e.id = ?1"), [id], event_row)
            .optional()?
            .map_or_else(|| refuse(Problem::NoEvent(id)), Ok)
    }

    /// Who came to an event, in the order they were taken.
    pub fn attendees(&self, event_id: i64) -> Result<Vec<AttendeeRow>> {
        let mut st = self.conn.prepare(
            "SELECT a.resident_id, coalesce(r.name, a.visitor), coalesce(r.id_number, ''), v.name
             FROM attendance a LEFT JOIN resident r ON r.id = a.resident_id
             LEFT JOIN household h ON h.id = r.household_id LEFT JOIN village v ON v.id = h.village_id
             WHERE a.event_id = ?1 ORDER BY a.id",
        )?;
        let rows = st.query_map([event_id], |r| {
            Ok(AttendeeRow {
                resident_id: r.get(0)?,
                name: r.get(1)?,
                id_tail: tail(&r.get::<_, String>(2)?),
                village: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Takes one attendee onto an event's list; a resident earns the points
    /// of the event's kind (setting `points.<kind>`), in the same
    /// transaction. Returns the points earned (0 for a visitor).
    pub fn attend(&mut self, event_id: i64, who: &Attendee) -> Result<i64> {
        let event = self.event(event_id)?;
        let rates = self.points_rates()?;
        if let Attendee::Visitor(name) = who
            && name.trim().is_empty()
        {
            return refuse(Problem::VisitorEmpty);
        }
        self.guarded(|db| {
            let tx = db.begin()?;
            let (resident, visitor) = match who {
                Attendee::Resident(id) => (Some(*id), None),
                Attendee::Visitor(name) => (None, Some(name.trim())),
            };
            if let Some(id) = resident {
                let name = resident_name(&tx, id)?;
                let came = tx
                    .query_row(
                        "SELECT 1 FROM attendance WHERE event_id = ?1 AND resident_id = ?2",
                        [event_id, id],
                        |_| Ok(()),
                    )
                    .optional()?;
                if came.is_some() {
                    return refuse(Problem::AlreadyCame {
                        name,
                        event: event_id,
                    });
                }
            }
            tx.execute(
                "INSERT INTO attendance (event_id, resident_id, visitor) VALUES (?1, ?2, ?3)",
                params![event_id, resident, visitor],
            )?;
            let attendance = tx.last_insert_rowid();
            audit(
                &tx,
                &db.operator,
                "attend_event",
                "attendance",
                attendance,
                &format!("event {event_id}"),
            )?;
            let earned = match resident {
                Some(_) => rates.for_attendance(event.kind),
                None => 0,
            };
            if let (Some(id), true) = (resident, earned > 0) {
                ledger_in(
                    &tx,
                    &db.operator,
                    id,
                    Movement::Earned,
                    earned,
                    event.held_on,
                    (Some(attendance), None, None, None),
                )?;
            }
            tx.commit()?;
            Ok(earned)
        })
    }

    /// A resident's points balance: the sum of their ledger.
    pub fn points_balance(&self, resident_id: i64) -> Result<i64> {
        balance_in(&self.conn, resident_id)
    }

    /// A resident's latest `limit` movements, the latest first.
    pub fn points_ledger(&self, resident_id: i64, limit: usize) -> Result<Vec<LedgerRow>> {
        let mut st = self.conn.prepare(
            "SELECT p.id, p.on_date, p.movement, p.amount,
                    coalesce(e.topic, p.service, p.reason, ''), p.given_by
             FROM points p LEFT JOIN attendance a ON a.id = p.attendance_id
             LEFT JOIN event e ON e.id = a.event_id
             WHERE p.resident_id = ?1 ORDER BY p.on_date DESC, p.id DESC LIMIT ?2",
        )?;
        let rows = st.query_map(params![resident_id, limit as i64], |r| {
            let m: String = r.get(2)?;
            Ok(LedgerRow {
                id: r.get(0)?,
                on_date: r.get(1)?,
                movement: Movement::from_code(&m).unwrap_or(Movement::Corrected),
                amount: r.get(3)?,
                what: r.get(4)?,
                given_by: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Spends points on a service: refused (nothing written) when the cost
    /// would take the balance below zero. Returns the balance after.
    pub fn spend_points(&mut self, resident_id: i64, s: &Spend, today: NaiveDate) -> Result<i64> {
        if s.on_date > today {
            return refuse(Problem::DateInFuture {
                date: s.on_date,
                today,
            });
        }
        self.guarded(|db| {
            let tx = db.begin()?;
            let name = resident_name(&tx, resident_id)?;
            let balance = balance_in(&tx, resident_id)?;
            events::check_spend(&name, balance, s.cost, &s.service).map_err(Refusal::Events)?;
            ledger_in(
                &tx,
                &db.operator,
                resident_id,
                Movement::Spent,
                -s.cost,
                s.on_date,
                (None, Some(&s.service), Some(&s.given_by), None),
            )?;
            tx.commit()?;
            Ok(balance - s.cost)
        })
    }

    /// Corrects a balance by `amount` (either sign) with its reason: refused
    /// without a reason or below zero. Returns the balance after.
    pub fn correct_points(
        &mut self,
        resident_id: i64,
        amount: i64,
        reason: &str,
        on_date: NaiveDate,
        today: NaiveDate,
    ) -> Result<i64> {
        if on_date > today {
            return refuse(Problem::DateInFuture {
                date: on_date,
                today,
            });
        }
        self.guarded(|db| {
            let tx = db.begin()?;
            let name = resident_name(&tx, resident_id)?;
            let balance = balance_in(&tx, resident_id)?;
            events::check_correction(&name, balance, amount, reason).map_err(Refusal::Events)?;
            ledger_in(
                &tx,
                &db.operator,
                resident_id,
                Movement::Corrected,
                amount,
                on_date,
                (None, None, None, Some(reason)),
            )?;
            tx.commit()?;
            Ok(balance + amount)
        })
    }
}
