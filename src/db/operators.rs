//! Operators (issue 15 item 2, domain.md §10): who signs in, with which
//! role and reach, and a PIN kept only as an argon2 PHC string. The PIN is
//! never stored, printed or logged in clear: the audit rows of these writes
//! carry the name and role only (`row_json` has no operator table).
//!
//! Reach is enforced twice: at load time (`Scope::Grids`, `Scope::Village`:
//! a session reads only its rows) and in every write's audit row
//! (`check_write`, called by `audit_change` inside the write's transaction),
//! so a refused write rolls back whole, whatever screen or command issued it.

pub(crate) use super::reach::{IN_REACH, SESSION_TABLE, check_write};
pub use super::reach::{local_from_utc, real_date};
use super::{Db, DbError, Result, Scope, audit};
use crate::domain::access::{PIN_MIN_CHARS, Reach, Role, pin_is_common};
use crate::domain::refusal::Refusal;
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};

/// One operator as `gridcare operator list` shows them (never the hash).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct OperatorRow {
    pub id: i64,
    pub name: String,
    pub role: Role,
    pub staff: Option<String>,
    pub village: Option<String>,
    pub created_on: Option<String>,
    pub ended_on: Option<String>,
    pub failed_attempts: i64,
    /// Signing in is refused until then (UTC), after too many wrong PINs.
    pub locked_until: Option<String>,
    /// Whether they sign in (a name without a PIN is only an audit name).
    pub has_pin: bool,
}

/// A new operator: `staff` is needed for a grid worker, `village` for a
/// village doctor (else their staff row's village).
#[derive(Debug, Clone)]
pub struct NewOperator {
    pub name: String,
    pub role: Role,
    pub staff: Option<i64>,
    pub village: Option<i64>,
}

/// What a reading command names (`Db::place_in_reach`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Village(i64),
    Grid(i64),
    Worker(crate::domain::queue::WorkerRole, i64),
}

/// The signed-in operator: whose name the audit rows carry and what they reach.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub name: String,
    pub role: Role,
    pub reach: Reach,
}

impl Session {
    /// The session of an operator row: their role, staff and village.
    pub(crate) fn of(name: &str, role: Role, staff: Option<i64>, village: Option<i64>) -> Session {
        let reach = match role {
            Role::Coordinator => Reach::Everything,
            Role::Doctor => Reach::Village(village.unwrap_or(0)),
            Role::Worker => Reach::Grids {
                staff: staff.unwrap_or(0),
            },
        };
        Session {
            name: name.to_string(),
            role,
            reach,
        }
    }

    /// What a session of this operator loads; `township` is the coordinator's.
    pub fn scope(&self, township: Scope) -> Scope {
        match self.reach {
            Reach::Everything => township,
            Reach::Village(v) => Scope::Village(v),
            Reach::Grids { staff } => Scope::Grids(staff),
        }
    }
}

/// The auth.* settings (migration 013).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuthSettings {
    /// Sign in when the interface starts (only when operators exist).
    pub login: bool,
    /// Idle minutes before the interface locks; 0 never locks.
    pub lock_minutes: u64,
    pub max_failures: i64,
    pub lockout_minutes: i64,
    /// Issue 24 item 5: how many days before the real date an operator who
    /// is not a coordinator may date a visit or referral.
    pub backdate_days: i64,
    /// Issue 24 item 6: where wrong PINs cannot be written (a read-only
    /// file), each sign-in waits this long, doubled by every wrong PIN
    /// before it in the same program.
    pub read_only_delay_ms: u64,
}

impl Default for AuthSettings {
    fn default() -> Self {
        AuthSettings {
            login: true,
            lock_minutes: 10,
            max_failures: 5,
            lockout_minutes: 5,
            backdate_days: 30,
            read_only_delay_ms: 1000,
        }
    }
}

/// A PIN as typed: long enough and not one of the commonest (issue 24
/// item 6; the two typings are compared by the caller).
pub fn check_pin(pin: &str) -> std::result::Result<(), Refusal> {
    if pin.chars().count() < PIN_MIN_CHARS {
        return Err(Refusal::PinTooShort { min: PIN_MIN_CHARS });
    }
    if pin_is_common(pin) {
        return Err(Refusal::PinTooCommon);
    }
    Ok(())
}

/// A PHC string of the same cost as a real PIN's that no PIN matches: a
/// name with no PIN is checked against it, so an unknown name takes as long
/// as a wrong PIN (issue 24 item 6).
fn no_one_phc() -> String {
    let p = argon2::Params::default();
    format!(
        "$argon2id$v=19$m={},t={},p={}$Z3JpZGNhcmUtbm8tb25l${}",
        p.m_cost(),
        p.t_cost(),
        p.p_cost(),
        "A".repeat(43)
    )
}

/// Wrong PINs typed in this program where the file cannot count them (issue
/// 24 item 6): every sign-in waits longer for each, and none is taken after
/// auth.max_failures.
static UNCOUNTED_FAILURES: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(0);

/// Where a wrong PIN is counted.
enum Counter {
    /// In the file, through this connection.
    Here,
    /// In the file, through a connection of its own: this one is read-only
    /// by choice (`--read-only`) on a file that can be written.
    Beside(Connection),
    /// Nowhere but in this program: the file cannot be written.
    Program,
}

/// Counts a wrong PIN of operator `id` (`failed` before it) in `tx`, and
/// locks them out at auth.max_failures, with the audit row (never the PIN).
/// The lockout's end (UTC) when this one locked them out.
fn count_wrong_pin(
    tx: &Connection,
    id: i64,
    name: &str,
    failed: i64,
    auth: &AuthSettings,
) -> Result<Option<String>> {
    let locks = failed + 1 >= auth.max_failures;
    if locks {
        tx.execute(
            "UPDATE operator SET failed_attempts = 0,
                    locked_until = datetime('now', ?2) WHERE id = ?1",
            params![id, format!("+{} minutes", auth.lockout_minutes)],
        )?;
    } else {
        tx.execute(
            "UPDATE operator SET failed_attempts = failed_attempts + 1 WHERE id = ?1",
            [id],
        )?;
    }
    let what = if locks { "locked_out" } else { "wrong_pin" };
    audit(tx, name, what, "operator", id, name)?;
    if !locks || auth.lockout_minutes == 0 {
        return Ok(None);
    }
    Ok(Some(tx.query_row(
        "SELECT coalesce(locked_until, '') FROM operator WHERE id = ?1",
        [id],
        |r| r.get(0),
    )?))
}

/// The PIN's argon2id PHC string, salted with 16 bytes from SQLite's
/// CSPRNG (seeded by the operating system).
fn hash_pin(conn: &Connection, pin: &str) -> Result<String> {
    let salt: Vec<u8> = conn.query_row("SELECT randomblob(16)", [], |r| r.get(0))?;
    let salt = SaltString::encode_b64(&salt)
        .map_err(|e| DbError::Invalid(format!("cannot make a salt: {e}")))?;
    Argon2::default()
        .hash_password(pin.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| DbError::Invalid(format!("cannot hash the PIN: {e}")))
}

fn pin_matches(phc: &str, pin: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|h| {
        Argon2::default()
            .verify_password(pin.as_bytes(), &h)
            .is_ok()
    })
}

impl Db {
    /// Refuses to show resident `id` to an operator whose village or grids
    /// do not hold them (issue 15: the operator's scope filters every
    /// command); no session or a coordinator's: everyone is shown. One
    /// outside is "not found", the words for one who does not exist (issue
    /// 24 item 7).
    pub fn resident_in_reach(&self, id: i64) -> Result<()> {
        self.in_reach(
            "resident r JOIN household h ON h.id = r.household_id WHERE r.id = ?1",
            id,
            Refusal::NoResident(id),
        )
    }

    /// As `resident_in_reach`, for household `id`.
    pub fn household_in_reach(&self, id: i64) -> Result<()> {
        self.in_reach("household h WHERE h.id = ?1", id, Refusal::NoHousehold(id))
    }

    /// Whether `rows` (a FROM … WHERE over `household h`, `?1` the id) holds
    /// a record the session reaches; else `missing`.
    fn in_reach(&self, rows: &str, id: i64, missing: Refusal) -> Result<()> {
        let inside: bool = self.conn.query_row(
            &format!("SELECT EXISTS (SELECT 1 FROM {rows} AND {IN_REACH})"),
            [id],
            |r| r.get(0),
        )?;
        if inside { Ok(()) } else { Err(missing.into()) }
    }

    /// Issue 25 item 10: refuses a village, grid or worker the signed-in
    /// operator does not reach, named `what` in the refusal, so
    /// that a reading command outside it is refused, never an empty result.
    /// No session or a coordinator's: everything is reached.
    pub fn place_in_reach(&self, place: Place, what: &str) -> Result<()> {
        use crate::domain::queue::WorkerRole;
        let Some(s) = self.session.as_ref() else {
            return Ok(());
        };
        // a grid the session reaches, as IN_REACH says of a household
        let grid = IN_REACH
            .replace("h.village_id", "g.village_id")
            .replace("h.grid_id", "g.id");
        let current = "a.from_date <= (SELECT day FROM temp.gridcare_session)
            AND (a.to_date IS NULL OR a.to_date >= (SELECT day FROM temp.gridcare_session))";
        let (sql, id) = match (place, s.reach) {
            (_, Reach::Everything) => return Ok(()),
            (Place::Village(v), _) => (
                format!("SELECT EXISTS (SELECT 1 FROM grid g WHERE g.village_id = ?1 AND {grid})"),
                v,
            ),
            (Place::Grid(id), _) => (
                format!("SELECT EXISTS (SELECT 1 FROM grid g WHERE g.id = ?1 AND {grid})"),
                id,
            ),
            (Place::Worker(WorkerRole::GridWorker, id), _) => (
                format!(
                    "SELECT EXISTS (SELECT 1 FROM grid g JOIN grid_assignment a ON a.grid_id = g.id
                     WHERE a.staff_id = ?1 AND {current} AND {grid})"
                ),
                id,
            ),
            // a team serves a village, a volunteer's group mixes grids (§5)
            (Place::Worker(_, _), Reach::Grids { .. }) => {
                return Err(Refusal::OutsideReach(what.to_string()).into());
            }
            (Place::Worker(WorkerRole::Team, id), Reach::Village(_)) => (
                "SELECT EXISTS (SELECT 1 FROM doctor_team t, temp.gridcare_session s
                 WHERE t.id = ?1 AND t.village_id = s.village_id)"
                    .to_string(),
                id,
            ),
            (Place::Worker(WorkerRole::Volunteer, id), Reach::Village(_)) => (
                format!(
                    "SELECT EXISTS (SELECT 1 FROM volunteer v JOIN resident r ON r.id = v.resident_id
                     JOIN household h ON h.id = r.household_id WHERE v.id = ?1 AND {IN_REACH})"
                ),
                id,
            ),
        };
        let inside: bool = self.conn.query_row(&sql, [id], |r| r.get(0))?;
        if inside {
            Ok(())
        } else {
            Err(Refusal::OutsideReach(what.to_string()).into())
        }
    }

    /// The resident holding a typed ID number (`--resident`), with their
    /// name, when the signed-in operator reaches them; one outside their
    /// village or grids is refused as nobody registered (issue 24 item 7).
    pub fn resident_in_reach_by_id_number(
        &self,
        typed: &str,
        today: NaiveDate,
    ) -> Result<(i64, String)> {
        let number = super::register::check_id(typed, today).map_err(DbError::Refused)?;
        match self.id_holder(&number.number)? {
            Some((id, name, _)) if self.resident_in_reach(id).is_ok() => Ok((id, name)),
            _ => Err(Refusal::IdNotRegistered(number.number).into()),
        }
    }

    pub fn auth_settings(&self) -> Result<AuthSettings> {
        let s = self.settings()?;
        let d = AuthSettings::default();
        // issue 24 item 12: each within its range, else one line naming it
        let num = |k: &str, d: i64, min: i64, max: i64| -> Result<i64> {
            crate::domain::rules::setting_in(&s, k, d, min, max).map_err(DbError::Invalid)
        };
        Ok(AuthSettings {
            login: s
                .get("auth.login")
                .is_none_or(|v| !matches!(v.trim(), "off" | "0" | "no" | "false")),
            lock_minutes: num("auth.lock_minutes", d.lock_minutes as i64, 0, 1440)? as u64,
            max_failures: num("auth.max_failures", d.max_failures, 1, 100)?,
            lockout_minutes: num("auth.lockout_minutes", d.lockout_minutes, 0, 10080)?,
            backdate_days: num("auth.backdate_days", d.backdate_days, 0, 366)?,
            read_only_delay_ms: num(
                "auth.read_only_delay_ms",
                d.read_only_delay_ms as i64,
                0,
                60_000,
            )? as u64,
        })
    }

    /// Whether anyone signs in: an operator with a PIN who has not ended.
    pub fn has_operators(&self) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM operator WHERE pin_hash IS NOT NULL AND ended_on IS NULL)",
            [],
            |r| r.get(0),
        )?)
    }

    /// Every operator, signing-in ones first, then by name.
    pub fn operators(&self) -> Result<Vec<OperatorRow>> {
        let mut st = self.conn.prepare(
            "SELECT o.id, o.name, o.role, s.name, v.name, o.created_on, o.ended_on,
                    o.failed_attempts,
                    CASE WHEN o.locked_until > datetime('now') THEN o.locked_until END,
                    o.pin_hash IS NOT NULL
             FROM operator o
             LEFT JOIN staff s ON s.id = o.staff_id
             LEFT JOIN village v ON v.id = o.village_id
             ORDER BY o.pin_hash IS NULL, o.ended_on IS NOT NULL, o.name",
        )?;
        let rows = st.query_map([], |r| {
            Ok(OperatorRow {
                id: r.get(0)?,
                name: r.get(1)?,
                role: r.get(2)?,
                staff: r.get(3)?,
                village: r.get(4)?,
                created_on: r.get(5)?,
                ended_on: r.get(6)?,
                failed_attempts: r.get(7)?,
                locked_until: r.get(8)?,
                has_pin: r.get(9)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// `gridcare operator add`: one transaction with its audit row. The
    /// first operator who signs in must be a coordinator.
    pub fn add_operator(&mut self, new: &NewOperator, pin: &str, today: NaiveDate) -> Result<i64> {
        let name = new.name.trim().to_string();
        let (staff, village) = self.check_new_operator(new)?;
        check_pin(pin)?;
        self.guarded(|db| {
            let tx = db.begin()?;
            let taken: Option<bool> = tx
                .query_row(
                    "SELECT pin_hash IS NOT NULL OR ended_on IS NOT NULL FROM operator WHERE name = ?1",
                    [&name],
                    |r| r.get(0),
                )
                .optional()?;
            let phc = hash_pin(&tx, pin)?;
            let id = match taken {
                Some(true) => return Err(Refusal::OperatorExists(name.clone()).into()),
                // a name the audit log knew (the demo's) becomes an operator
                Some(false) => tx.query_row(
                    "UPDATE operator SET role = ?2, staff_id = ?3, village_id = ?4, pin_hash = ?5,
                            created_on = ?6, failed_attempts = 0, locked_until = NULL
                     WHERE name = ?1 RETURNING id",
                    params![name, new.role, staff, village, phc, today],
                    |r| r.get(0),
                )?,
                None => {
                    tx.execute(
                        "INSERT INTO operator (name, role, staff_id, village_id, pin_hash, created_on)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                        params![name, new.role, staff, village, phc, today],
                    )?;
                    tx.last_insert_rowid()
                }
            };
            audit(&tx, &db.operator, "add_operator", "operator", id, &format!("{name} {}", new.role))?;
            tx.commit()?;
            Ok(id)
        })
    }

    /// What `add_operator` refuses before any PIN is asked: an empty name,
    /// a first operator who is not a coordinator, a missing person or
    /// village. Gives the staff row and village they are tied to.
    pub fn check_new_operator(&self, new: &NewOperator) -> Result<(Option<i64>, Option<i64>)> {
        crate::domain::refusal::check_name(
            new.name.trim(),
            crate::domain::refusal::NAME_MAX_CHARS,
        )?;
        if !self.has_operators()? && new.role != Role::Coordinator {
            return Err(Refusal::FirstIsCoordinator.into());
        }
        self.operator_place(new)
    }

    /// The staff row and village an operator of this role is tied to.
    fn operator_place(&self, new: &NewOperator) -> Result<(Option<i64>, Option<i64>)> {
        let staff_village = |id: i64| -> Result<(String, Option<i64>)> {
            self.conn
                .query_row(
                    "SELECT role, village_id FROM staff WHERE id = ?1 AND active = 1",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?
                .ok_or(DbError::Refused(Refusal::UnknownWorker {
                    what: "staff",
                    id,
                }))
        };
        match new.role {
            Role::Coordinator => Ok((new.staff, None)),
            Role::Worker => {
                let s = new.staff.ok_or(Refusal::WorkerNeedsStaff)?;
                let (role, _) = staff_village(s)?;
                if role != "grid_worker" {
                    return Err(Refusal::WorkerNeedsStaff.into());
                }
                Ok((Some(s), None))
            }
            Role::Doctor => {
                let from_staff = match new.staff {
                    Some(s) => staff_village(s)?.1,
                    None => None,
                };
                let v = new
                    .village
                    .or(from_staff)
                    .ok_or(Refusal::DoctorNeedsVillage)?;
                Ok((new.staff, Some(v)))
            }
        }
    }

    /// An operator by name, whoever they are (for reset and end).
    fn operator_id(&self, name: &str) -> Result<(i64, Option<String>)> {
        self.conn
            .query_row(
                "SELECT id, ended_on FROM operator WHERE name = ?1",
                [name.trim()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or_else(|| Refusal::NoOperator(name.trim().to_string()).into())
    }

    /// `gridcare operator reset`: a new PIN, and any lockout lifted.
    pub fn reset_pin(&mut self, name: &str, pin: &str) -> Result<()> {
        check_pin(pin)?;
        let (id, ended) = self.operator_id(name)?;
        if ended.is_some() {
            return Err(Refusal::OperatorEnded(name.trim().to_string()).into());
        }
        self.guarded(|db| {
            let tx = db.begin()?;
            let phc = hash_pin(&tx, pin)?;
            tx.execute(
                "UPDATE operator SET pin_hash = ?2, failed_attempts = 0, locked_until = NULL WHERE id = ?1",
                params![id, phc],
            )?;
            audit(&tx, &db.operator, "reset_pin", "operator", id, name.trim())?;
            tx.commit()
        })
    }

    /// `gridcare operator end`: they can no longer sign in; their name
    /// stays in the audit log. The last coordinator cannot end while others
    /// remain who sign in (nobody could manage them).
    pub fn end_operator(&mut self, name: &str, day: NaiveDate) -> Result<()> {
        let (id, ended) = self.operator_id(name)?;
        if ended.is_some() {
            return Err(Refusal::OperatorEnded(name.trim().to_string()).into());
        }
        self.guarded(|db| {
            let tx = db.begin()?;
            tx.execute(
                "UPDATE operator SET ended_on = ?2 WHERE id = ?1",
                params![id, day],
            )?;
            let (coordinators, others): (i64, i64) = tx.query_row(
                "SELECT count(*) FILTER (WHERE role = 'coordinator'), count(*) FILTER (WHERE role <> 'coordinator')
                 FROM operator WHERE pin_hash IS NOT NULL AND ended_on IS NULL",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            if coordinators == 0 && others > 0 {
                return Err(Refusal::LastCoordinator.into());
            }
            audit(&tx, &db.operator, "end_operator", "operator", id, &format!("{} {day}", name.trim()))?;
            tx.commit()
        })
    }

    /// Checks a name and PIN. A wrong PIN counts, whatever the mode (issue
    /// 24 item 6); after auth.max_failures in a row the operator is locked
    /// out for auth.lockout_minutes (the count and the lockout are written
    /// with an audit row, never the PIN). Where the file cannot be written,
    /// this program counts: each try waits auth.read_only_delay_ms, doubled
    /// by every wrong PIN before it, and none is taken after the limit. An
    /// unknown name, an ended operator's and a wrong PIN take the same
    /// work and get the same words.
    /// On success the session is not bound yet: see `sign_in`.
    pub fn check_operator(&mut self, name: &str, pin: &str) -> Result<Session> {
        use std::sync::atomic::Ordering;
        let name = name.trim();
        // id, role, staff, village, PIN hash, ended, failed attempts, locked
        type Row = (
            i64,
            Role,
            Option<i64>,
            Option<i64>,
            Option<String>,
            Option<String>,
            i64,
            bool,
        );
        let row: Option<Row> = self
            .conn
            .query_row(
                "SELECT id, role, staff_id, village_id, pin_hash, ended_on, failed_attempts,
                        coalesce(locked_until > datetime('now'), 0)
                 FROM operator WHERE name = ?1",
                [name],
                super::tuple,
            )
            .optional()?;
        let auth = self.auth_settings()?;
        let counter = self.counter();
        let before = UNCOUNTED_FAILURES.load(Ordering::SeqCst);
        if before >= auth.max_failures {
            return Err(Refusal::TooManyTries {
                max: auth.max_failures,
            }
            .into());
        }
        if let Counter::Program = counter {
            // before the PIN is checked: stopping the program early tells nothing
            let wait = auth
                .read_only_delay_ms
                .saturating_mul(1 << before.clamp(0, 6));
            std::thread::sleep(std::time::Duration::from_millis(wait.min(60_000)));
        }
        // the same work for every name: one without a PIN is checked
        // against a hash that no PIN matches
        let phc = row.as_ref().and_then(|r| r.4.clone());
        let matches = pin_matches(phc.as_deref().unwrap_or(&no_one_phc()), pin) && phc.is_some();
        // A try that counts against nobody (an unknown name, an operator
        // who has ended) writes its audit row as a wrong PIN's count does,
        // so that it takes as long; the name typed is not kept (it may be a
        // PIN typed in the wrong field).
        let wrong = |db: &mut Db, id: i64| -> Result<Session> {
            let log = |tx: &Connection| audit(tx, "?", "wrong_pin", "operator", id, "");
            if db.write_count(&counter, log).is_none() {
                UNCOUNTED_FAILURES.fetch_add(1, Ordering::SeqCst);
            }
            Err(Refusal::WrongPin.into())
        };
        // an unknown name and a wrong PIN get the same answer
        let Some((id, role, staff, village, Some(_), ended, failed, locked)) = row else {
            return wrong(self, 0);
        };
        if locked {
            return Err(Refusal::LockedOut {
                until: local_from_utc(&self.locked_until(id)?),
            }
            .into());
        }
        if !matches {
            if ended.is_some() {
                // nothing to lock: they cannot sign in anyway
                return wrong(self, id);
            }
            let count = |tx: &Connection| count_wrong_pin(tx, id, name, failed, &auth);
            return match self.write_count(&counter, count) {
                Some(Ok(Some(until))) => Err(Refusal::LockedOut {
                    until: local_from_utc(&until),
                }
                .into()),
                Some(Ok(None)) => Err(Refusal::WrongPin.into()),
                Some(Err(e)) if matches!(counter, Counter::Here) => Err(e),
                // the file took no write after all (a folder that cannot be
                // written), or cannot be written: this program counts it
                _ => {
                    UNCOUNTED_FAILURES.fetch_add(1, Ordering::SeqCst);
                    Err(Refusal::WrongPin.into())
                }
            };
        }
        if ended.is_some() {
            return Err(Refusal::OperatorEnded(name.to_string()).into());
        }
        if failed > 0 {
            let reset = |tx: &Connection| -> Result<()> {
                tx.execute(
                    "UPDATE operator SET failed_attempts = 0 WHERE id = ?1",
                    [id],
                )?;
                audit(tx, name, "pin_ok", "operator", id, name)
            };
            self.write_count(&counter, reset).transpose()?;
        }
        Ok(Session::of(name, role, staff, village))
    }

    /// Runs `write` in its own transaction where wrong PINs are counted;
    /// None where that is in this program only (`Counter::Program`).
    fn write_count<T>(
        &mut self,
        counter: &Counter,
        write: impl FnOnce(&Connection) -> Result<T>,
    ) -> Option<Result<T>> {
        match counter {
            Counter::Here => Some(self.guarded(|db| {
                let tx = db.begin()?;
                let t = write(&tx)?;
                tx.commit()?;
                Ok(t)
            })),
            Counter::Beside(conn) => Some(
                conn.unchecked_transaction()
                    .map_err(DbError::from)
                    .and_then(|tx| {
                        let t = write(&tx)?;
                        tx.commit()?;
                        Ok(t)
                    }),
            ),
            Counter::Program => None,
        }
    }

    /// Where this connection's wrong PINs are counted (see `Counter`).
    fn counter(&self) -> Counter {
        match (self.read_only(), self.path()) {
            (None, _) => Counter::Here,
            (Some(super::ReadOnlyWhy::Asked), Some(path)) => {
                // SQLite's own connection: it shares the file's locks with
                // this one (no second descriptor of ours, see `Db::open`)
                let conn = Connection::open_with_flags(
                    path,
                    rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE
                        | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
                );
                match conn {
                    Ok(mut c) if !c.is_readonly(rusqlite::MAIN_DB).unwrap_or(true) => {
                        let _ = c.busy_timeout(std::time::Duration::from_secs(5));
                        c.set_transaction_behavior(rusqlite::TransactionBehavior::Immediate);
                        Counter::Beside(c)
                    }
                    _ => Counter::Program,
                }
            }
            _ => Counter::Program,
        }
    }

    /// The lockout's end as stored: UTC, as SQLite's `datetime('now')`.
    fn locked_until(&self, id: i64) -> Result<String> {
        Ok(self.conn.query_row(
            "SELECT coalesce(locked_until, '') FROM operator WHERE id = ?1",
            [id],
            |r| r.get(0),
        )?)
    }

    /// Checks the PIN and makes this connection that operator's: its audit
    /// rows carry their name and its writes are checked against their reach
    /// on `real_day`, which picks a grid worker's grids and bounds the dates
    /// they write (issue 24 item 5). The program gives the system clock's
    /// date (`real_date`), never --today, which the user types.
    pub fn sign_in(&mut self, name: &str, pin: &str, real_day: NaiveDate) -> Result<Session> {
        let s = self.check_operator(name, pin)?;
        self.bind_session(&s, real_day)?;
        Ok(s)
    }

    /// Makes this connection `s`'s (see `sign_in`): `day` is the real date.
    pub fn bind_session(&mut self, s: &Session, day: NaiveDate) -> Result<()> {
        self.operator = s.name.clone();
        let (staff, village) = match s.reach {
            Reach::Everything => (None, None),
            Reach::Village(v) => (None, Some(v)),
            Reach::Grids { staff } => (Some(staff), None),
        };
        // a temporary table lives and dies with this connection: another
        // session's operator is never this one's
        self.conn.execute_batch(SESSION_TABLE)?;
        self.conn.execute("DELETE FROM temp.gridcare_session", [])?;
        self.conn.execute(
            "INSERT INTO temp.gridcare_session (role, staff_id, village_id, day) VALUES (?1, ?2, ?3, ?4)",
            params![s.role, staff, village, day],
        )?;
        self.session = Some(s.clone());
        Ok(())
    }

    /// Signs out: until the next sign-in nothing can be written.
    pub fn sign_out(&mut self) {
        self.session = None;
        // a worker with no grids: every write is refused, every load empty
        let _ = self.conn.execute_batch(
            "DELETE FROM temp.gridcare_session;
             INSERT INTO temp.gridcare_session (role, staff_id, day) VALUES ('worker', 0, '0000-01-01');",
        );
    }

    /// The signed-in operator, if any.
    pub fn session(&self) -> Option<&Session> {
        self.session.as_ref()
    }

    /// After each write: the next write starts outside any visit.
    pub(crate) fn end_write(&self) {
        let _ = self
            .conn
            .execute("UPDATE temp.gridcare_session SET in_visit = 0", []);
    }
}
