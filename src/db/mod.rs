//! The SQLite database: opening, pragmas, migrations, settings and audit.
//! Functions return domain types; every write runs in one transaction.

mod access;
mod audit;
mod backup;
mod careplan;
mod check;
mod contract;
mod draft;
mod events;
mod find;
mod groups;
mod import;
mod keys;
mod operators;
mod plan;
mod print_batch;
mod volunteer_contact;
pub use volunteer_contact::{Keyed, Recheck};
mod reach;
mod read;
mod record;
mod referral;
mod register;
mod residents;
mod roster;
pub mod schema;
mod state;
mod state_today;
mod tx;
mod versions;
mod write;

pub use access::{NEEDED_MB, ReadOnlyWhy};
pub use audit::{AuditEntry, AuditFilter, CREATES, LISTS_VALUES};
pub use backup::{BackupReport, HEAD_KEY as BACKUP_HEAD_KEY, RestoreReport, verify_copy};
pub use careplan::CarePlan;
pub use check::CheckReport;
pub use contract::{ContractRow, Expiring, contract_to_change, current_contract, one_year_from};
pub use draft::{Draft, DraftForm, DraftOf};
pub use events::{Attendee, AttendeeRow, EventRow, LedgerRow, NewEvent, Spend};
pub use groups::GroupRow;
pub use import::{PlacesByName, RegisteredResident};
pub use keys::KeyRow;
pub use operators::{
    AuthSettings, NewOperator, OperatorRow, Place, Session, check_pin, local_from_utc, real_date,
};
pub use print_batch::{BatchRow, PrintBatch, row_code};
pub use read::{CheckedVisit, Scope, VisitDetail, scope_queries};
pub use record::{Carried, FormVisit};
pub use referral::{NewReferral, ReferralRow};
pub use register::{NewCondition, NewHousehold, NewResident, check_id};
pub use residents::ResidentEdit;
pub use roster::{NewStaff, StaffRow, TeamRow, VolunteerRow};
pub use state_today::TodayCounts;
pub use write::{NewVisit, Recorded, ReferralChoice, VISITED_BY_MAX};

use crate::domain::model::*;
use crate::domain::rules::Rules;
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use rusqlite::{Connection, OpenFlags};
use rusqlite_migration::{M, Migrations};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

thread_local! {
    /// Set while `Db::inspecting` opens a file for `check`.
    static INSPECTING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Migration 1 is schema.sql; later changes are appended, never edited in place.
/// How many prepared statements a connection keeps (see `prepare`).
pub(crate) const STATEMENTS_CACHED: usize = 128;

fn migration_list() -> Vec<M<'static>> {
    vec![
        M::up(include_str!("../../schema.sql")),
        M::up(include_str!("migrations/002_dates_of_change.sql")),
        M::up(include_str!("migrations/003_scope_indexes.sql")),
        M::up(include_str!("migrations/004_audit_index.sql")),
        M::up(include_str!("migrations/005_backup_settings.sql")),
        M::up(include_str!("migrations/006_audit_values.sql")),
        M::up(include_str!("migrations/007_visit_details_and_undo.sql")),
        M::up(include_str!("migrations/008_resident_moves.sql")),
        M::up(include_str!("migrations/009_roster_limits.sql")),
        M::up(include_str!("migrations/010_referrals.sql")),
        M::up(include_str!("migrations/011_contract_end.sql")),
        M::up(include_str!("migrations/012_care_plan.sql")),
        M::up(include_str!("migrations/013_operators.sql")),
        M::up(include_str!("migrations/014_weekly_plan.sql")),
        M::up(include_str!("migrations/015_drafts.sql")),
        M::up(include_str!("migrations/016_prevalence.sql")),
        M::up(include_str!("migrations/017_draft_any_form.sql")),
        M::up_with_hook(
            include_str!("migrations/018_audit_chain.sql"),
            audit::chain_existing,
        ),
        M::up(include_str!("migrations/019_referral_no_return.sql")),
        M::up(include_str!("migrations/020_condition_entered.sql")),
        M::up(include_str!("migrations/021_national_record.sql")),
        M::up(include_str!("migrations/022_external_keys.sql")),
        M::up(include_str!("migrations/023_register_bridge.sql")),
        M::up(include_str!("migrations/024_operator_keys.sql")),
        M::up(include_str!("migrations/025_print_batch.sql")),
        M::up(include_str!("migrations/026_events_points.sql")),
        M::up(include_str!("migrations/027_county_role.sql")),
        M::up(include_str!("migrations/028_task_state.sql")),
        M::up(volunteer_contact::MIGRATION),
    ]
}

/// A row as a tuple of its columns, in order: one reader for every
/// `query_row` that takes several columns at once.
pub(crate) fn tuple<T>(r: &rusqlite::Row<'_>) -> rusqlite::Result<T>
where
    T: for<'a> TryFrom<&'a rusqlite::Row<'a>, Error = rusqlite::Error>,
{
    T::try_from(r)
}

pub fn migrations() -> Migrations<'static> {
    Migrations::new(migration_list())
}

/// The schema version this gridcare writes.
pub fn schema_version() -> i64 {
    migration_list().len() as i64
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("no database at {0}; create one with `gridcare init --db {0}`, or try `gridcare demo`")]
    Missing(PathBuf),
    #[error("cannot create {path}: {why}")]
    Create { path: PathBuf, why: String },
    #[error("cannot open {path} for writing: {why}; check the file's owner and permissions")]
    NotWritable { path: PathBuf, why: String },
    #[error("{0} is not a gridcare database (it is not an SQLite file); check --db or GRIDCARE_DB")]
    NotSqlite(PathBuf),
    #[error(
        "{path} was written by a newer gridcare (schema version {found}; this gridcare knows up to {known}); install the newer gridcare to open it"
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
    /// A stored row the rules cannot read (written by hand or another program).
    #[error(
        "{table} row {id}, column {column}: {why}; correct that row (e.g. with sqlite3) or restore a backup, then run `gridcare check`"
    )]
    BadRow {
        table: &'static str,
        id: i64,
        column: String,
        why: String,
    },
    #[error(
        "{0} is an SQLite database but not gridcare's (it has tables and no gridcare schema version); check --db or GRIDCARE_DB"
    )]
    NotGridcare(PathBuf),
    #[error("cannot bring the database schema up to date: {0}")]
    Migration(String),
    /// Bad input: the message says what is wrong and how to fix it; nothing was written.
    #[error("{0}")]
    Invalid(String),
    /// The file's schema is not the one this gridcare creates (issue 24
    /// item 16): an extra trigger or view would run on every save.
    #[error(
        "{path} holds schema objects gridcare did not make (SQLite would run them on every save), so it is not used: {}; `gridcare check --db {path}` lists them all",
        problems.first().map(String::as_str).unwrap_or("")
    )]
    ForeignSchema {
        path: PathBuf,
        problems: Vec<String>,
    },
    /// A write refused: the catalogue says why in both languages; nothing was written.
    #[error("{0}")]
    Refused(crate::domain::refusal::Refusal),
    /// Another session or program held the write lock past the busy timeout.
    #[error(
        "another session or program is saving to the database; nothing was written, try again in a moment"
    )]
    Busy,
    /// Someone else saved to the same household since the form was opened.
    #[error(
        "someone else changed this household since the form was opened; nothing was written, check the new state and save again"
    )]
    Changed,
    #[error(
        "the disk holding {folder} is full ({free_mb} MB free; gridcare needs about {need} MB to save): free some space or move the database; nothing was written",
        need = access::NEEDED_MB
    )]
    DiskFull { folder: PathBuf, free_mb: u64 },
    #[error(
        "gridcare cannot write in the folder {folder}, where the database keeps its -wal and -shm journal files: give your user write permission on that folder (chmod u+w) or copy the database to a folder you can write; reading commands still work"
    )]
    FolderNotWritable { folder: PathBuf },
    /// A write in a read-only session; `words::db_error` says why and
    /// what to do, in the user's language.
    #[error("{path} is open read-only ({why:?}); nothing can be saved")]
    ReadOnly { path: PathBuf, why: ReadOnlyWhy },
}

impl From<crate::domain::refusal::Refusal> for DbError {
    fn from(r: crate::domain::refusal::Refusal) -> Self {
        DbError::Refused(r)
    }
}

impl From<rusqlite::Error> for DbError {
    fn from(e: rusqlite::Error) -> DbError {
        match e {
            rusqlite::Error::FromSqlConversionFailure(_, _, b) if b.is::<BadRowError>() => {
                let b = b.downcast::<BadRowError>().expect("checked above");
                DbError::BadRow {
                    table: b.table,
                    id: b.id,
                    column: b.column,
                    why: b.why,
                }
            }
            e => DbError::Sqlite(e),
        }
    }
}

/// Carries a bad row out of a rusqlite row mapper (see `read::in_row`).
#[derive(Debug, thiserror::Error)]
#[error("{table} row {id}, column {column}: {why}")]
pub(crate) struct BadRowError {
    pub table: &'static str,
    pub id: i64,
    pub column: String,
    pub why: String,
}

pub type Result<T> = std::result::Result<T, DbError>;

/// Whether `open` may create a missing file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    MustExist,
    CreateIfMissing,
}

pub struct Db {
    pub(crate) conn: Connection,
    path: Option<PathBuf>,
    /// Who is making changes, for the audit log (domain.md §10).
    pub operator: String,
    /// Set for a read-only session: every write is refused up front.
    read_only: Option<ReadOnlyWhy>,
    /// For the next write: (household, its last change when the form was
    /// opened); the write transaction refuses it if that has moved (issue 15).
    expect: std::cell::Cell<Option<(i64, Option<i64>)>>,
    /// The signed-in operator (issue 15 item 2); none when no one signs in.
    session: Option<Session>,
}

impl Db {
    pub fn open(path: &Path, mode: OpenMode) -> Result<Db> {
        let p = path.to_path_buf();
        if !path.exists() {
            if mode == OpenMode::MustExist {
                return Err(DbError::Missing(p));
            }
            create_private_file(path)?;
        }
        // Only SQLite opens the database file, its -wal and its -shm, here and
        // everywhere else. Closing any descriptor of a file drops every POSIX
        // lock this process holds on it ("How To Corrupt An SQLite Database
        // File" §2.2): another program that then closes its connection believes
        // it is the last one, checkpoints and deletes the WAL under ours, and
        // visits reported saved are lost (issue 7). So the header is checked by
        // SQLite itself (SQLITE_NOTADB on the first read), never with std::fs.
        if path.is_dir() {
            return Err(DbError::NotWritable {
                path: p,
                why: "it is a folder, not a file".into(),
            });
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| DbError::NotWritable {
            path: p.clone(),
            why: e.to_string(),
        })?;
        if conn.is_readonly(rusqlite::MAIN_DB)? {
            return Err(DbError::NotWritable {
                path: p,
                why: "you may read the file but not write it".into(),
            });
        }
        let mut db = Db {
            conn,
            path: Some(p.clone()),
            operator: default_operator(),
            read_only: None,
            expect: Default::default(),
            session: None,
        };
        db.prepare().map_err(|e| access::explain_at(&p, e))?;
        Ok(db)
    }

    /// A private in-memory database, migrated: for tests and benchmarks.
    pub fn open_in_memory() -> Result<Db> {
        let mut db = Db {
            conn: Connection::open_in_memory()?,
            path: None,
            operator: default_operator(),
            read_only: None,
            expect: Default::default(),
            session: None,
        };
        db.prepare()?;
        Ok(db)
    }

    /// The raw connection, for `check`-style inspection and tests that prove
    /// constraints hold in SQL itself. The program's own reads and writes go
    /// through the methods of `Db`.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs a SQL script (a fixture) in one transaction: all of it or none.
    pub fn apply_sql(&mut self, sql: &str) -> Result<()> {
        self.guarded(|db| {
            let tx = db.conn.transaction()?;
            tx.execute_batch(sql)?;
            tx.commit()?;
            Ok(())
        })
    }

    /// Runs a write: refused up front in a read-only session; a failure is
    /// explained (another writer, a full disk, a read-only folder).
    pub(crate) fn guarded<T>(&mut self, write: impl FnOnce(&mut Db) -> Result<T>) -> Result<T> {
        self.writable()?;
        self.end_write();
        // a write that committed its own way leaves its households noted:
        // their state is stored now, in a transaction of its own
        let r = write(self).and_then(|v| self.flush_state_alone().map(|_| v));
        self.end_write();
        r.map_err(|e| self.explain(e))
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    fn prepare(&mut self) -> Result<()> {
        // Wait for another writer rather than fail at once (a second session,
        // a backup), and take the write lock when a write transaction begins,
        // so a transaction that read first never meets SQLITE_BUSY_SNAPSHOT,
        // which no busy timeout retries.
        self.conn.busy_handler(Some(tx::wait_for_writer))?;
        // a save's statements (its checks, the household's load for the kept
        // task state, the state's rows) stay prepared from one save to the
        // next: rusqlite's 16 were re-prepared on every save (issue 30)
        self.conn
            .set_prepared_statement_cache_capacity(STATEMENTS_CACHED);
        self.conn
            .set_transaction_behavior(rusqlite::TransactionBehavior::Immediate);
        // Issue 24 item 16: functions with side effects never run from a
        // view or trigger the file carries.
        self.conn.pragma_update(None, "trusted_schema", false)?;
        // grid_label(village, grid): a grid's name as lists show it, for
        // queries that name a grid (issue 28 item 4: one function says it)
        self.conn.create_scalar_function(
            "grid_label",
            2,
            rusqlite::functions::FunctionFlags::SQLITE_UTF8
                | rusqlite::functions::FunctionFlags::SQLITE_DETERMINISTIC,
            |ctx| {
                let village: Option<String> = ctx.get(0)?;
                let grid: Option<String> = ctx.get(1)?;
                Ok(crate::domain::places::grid_label(
                    village.as_deref().unwrap_or(""),
                    grid.as_deref().unwrap_or(""),
                ))
            },
        )?;
        // Refuse a database we must not touch before anything writes to it
        // (switching to WAL rewrites the header).
        let path = self.path.clone().unwrap_or_default();
        let found: i64 = self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(|e| match e.sqlite_error_code() {
                Some(rusqlite::ErrorCode::NotADatabase) => DbError::NotSqlite(path.clone()),
                _ => e.into(),
            })?;
        if found > schema_version() {
            return Err(DbError::TooNew {
                path,
                found,
                known: schema_version(),
            });
        }
        let tables: i64 = self.conn.query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
            [],
            |r| r.get(0),
        )?;
        if found == 0 && tables > 0 {
            return Err(DbError::NotGridcare(path));
        }
        // the signed-in operator's row, read by every listing (issue 15 item 2)
        self.conn.execute_batch(operators::SESSION_TABLE)?;
        if self.read_only.is_some() {
            // Nothing may be written: no journal mode, no migration.
            if found < schema_version() {
                return Err(DbError::Invalid(format!(
                    "{} was written by an older gridcare (schema version {found}); open a writable copy once to bring it up to date, then it can be read here",
                    path.display()
                )));
            }
            self.conn.pragma_update(None, "foreign_keys", true)?;
            return self.schema_is_ours(&path);
        }
        // WAL lets the TUI read while a report runs; synchronous=FULL because a
        // health centre's PC may lose power, and a visit the coordinator saw
        // saved must survive that. Writes are human-paced, so the cost is nil.
        self.conn.pragma_update(None, "journal_mode", "WAL")?;
        self.conn.pragma_update(None, "synchronous", "FULL")?;
        self.conn.pragma_update(None, "foreign_keys", true)?;
        migrations().to_latest(&mut self.conn).map_err(|e| {
            // rusqlite_migration's message repeats the whole migration text; keep the cause.
            let full = e.to_string();
            DbError::Migration(
                full.rsplit_once(" at offset")
                    .map_or(full.clone(), |(_, tail)| format!("at offset{tail}")),
            )
        })?;
        self.schema_is_ours(&path)?;
        self.state_after_open()
    }

    /// Refuses a file whose schema is not this version's (issue 24 item 16),
    /// unless opened to be checked (`Db::inspecting`).
    fn schema_is_ours(&self, path: &Path) -> Result<()> {
        if INSPECTING.with(|i| i.get()) {
            return Ok(());
        }
        let problems = schema::differences(&self.conn)?;
        if problems.is_empty() {
            Ok(())
        } else {
            Err(DbError::ForeignSchema {
                path: path.to_path_buf(),
                problems,
            })
        }
    }

    /// Opens a database with `open` even when its schema is not this
    /// version's, for `gridcare check` to name what differs.
    pub fn inspecting<T>(open: impl FnOnce() -> Result<T>) -> Result<T> {
        INSPECTING.with(|i| i.set(true));
        let r = open();
        INSPECTING.with(|i| i.set(false));
        r
    }

    /// The township's rules: domain.md's defaults as changed in `setting`.
    pub fn rules(&self) -> Result<Rules> {
        Rules::from_settings(&self.settings()?).map_err(DbError::Invalid)
    }

    pub fn settings(&self) -> Result<HashMap<String, String>> {
        let mut st = self.conn.prepare("SELECT key, value FROM setting")?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Whether any township has been entered (a fresh database holds none).
    pub fn holds_township(&self) -> Result<bool> {
        Ok(self
            .conn
            .query_row("SELECT EXISTS (SELECT 1 FROM county)", [], |r| r.get(0))?)
    }

    /// Whether this file is the demo's (issue 24 item 1): marked when
    /// `gridcare demo` created it, or generated as the demo by an earlier
    /// version (its `demo_date`).
    pub fn is_demo(&self) -> Result<bool> {
        Ok(self.meta("demo")?.is_some() || self.meta("demo_date")?.is_some())
    }

    /// Marks a file `gridcare demo` has just created as the demo's, before
    /// anything is generated in it (so a generation cut short is still the
    /// demo's and is made again next time).
    pub fn mark_demo(&mut self, seed: u64) -> Result<()> {
        self.guarded(|db| {
            db.conn.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('demo', ?1)",
                [seed.to_string()],
            )?;
            Ok(())
        })
    }

    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }
}

/// Chains a log the demo generator has just dated (see `audit::rechain`).
pub(crate) fn rechain_generated(tx: &Connection) -> Result<()> {
    audit::rechain(tx)
}

/// Logs one change inside the caller's transaction (domain.md §10), with
/// the record as it is now (for a visit, resident or household).
pub(crate) fn audit(
    tx: &Connection,
    operator: &str,
    action: &str,
    entity: &str,
    id: i64,
    detail: &str,
) -> Result<()> {
    audit_change(tx, operator, action, entity, id, detail, None)
}

/// As `audit`, with the record's values before the change (`row_json`
/// taken before writing).
pub(crate) fn audit_change(
    tx: &Connection,
    operator: &str,
    action: &str,
    entity: &str,
    id: i64,
    detail: &str,
    before: Option<String>,
) -> Result<()> {
    // the signed-in operator's role and reach (issue 15 item 2): a refused
    // write rolls back with everything its transaction did
    operators::check_write(tx, action, entity, id)?;
    let after = row_json(tx, entity, id)?;
    check_row_text(after.as_deref())?;
    audit::append(
        tx,
        &audit::Entry {
            at: chrono::Utc::now().format("%Y-%m-%d %H:%M:%S").to_string(),
            operator: operator.to_string(),
            action: action.to_string(),
            entity: entity.to_string(),
            entity_id: Some(id),
            detail: Some(detail.to_string()),
            before,
            after,
            row_digest: audit::row_digest(tx, entity, id)?,
        },
    )
}

/// Every text of a record as written refused if it holds a control character
/// (issue 24 item 11): whichever way the write came (a form, the command
/// line, the importer), the record passes here before its transaction
/// commits, so a refusal leaves nothing behind. Line breaks and tabs are
/// kept in the columns that take several lines (notes, plans, reasons).
fn check_row_text(after: Option<&str>) -> Result<()> {
    use crate::domain::refusal;
    let Some(row) = after.and_then(|j| serde_json::from_str::<serde_json::Value>(j).ok()) else {
        return Ok(());
    };
    if let Some(cols) = row.as_object() {
        for (col, v) in cols {
            if let Some(text) = v.as_str() {
                refusal::check_text(col, text, refusal::multiline(col))?;
            }
        }
    }
    Ok(())
}

/// A record's row as a JSON object, for the audit log's before and after
/// (domain.md §10): the people's records and the rosters (staff, grid
/// cover, teams, volunteers, groups, places, operators). A weekly plan's
/// row (its task list lives elsewhere) keeps none; an operator's PIN hash
/// and lock counters are never copied into the log.
pub(crate) fn row_json(conn: &Connection, entity: &str, id: i64) -> Result<Option<String>> {
    use rusqlite::OptionalExtension;
    use rusqlite::types::ValueRef;
    let table = match entity {
        "visit" => "visit",
        "resident" => "resident",
        "household" => "household",
        "referral" => "referral",
        "contract" => "contract",
        "staff" => "staff",
        "grid_assignment" => "grid_assignment",
        "doctor_team" => "doctor_team",
        "volunteer" => "volunteer",
        "volunteer_group" => "volunteer_group",
        "township" => "township",
        "village" => "village",
        "grid" => "grid",
        "operator" => "operator",
        "event" | "attendance" | "points" => entity,
        _ => return Ok(None),
    };
    const SECRET: &[&str] = &["pin_hash", "failed_attempts", "locked_until"];
    let mut st = conn.prepare_cached(&format!("SELECT * FROM {table} WHERE id = ?1"))?;
    let names: Vec<String> = st.column_names().iter().map(|n| n.to_string()).collect();
    Ok(st
        .query_row([id], |r| {
            let mut m = serde_json::Map::new();
            for (i, n) in names.iter().enumerate() {
                if SECRET.contains(&n.as_str()) {
                    continue;
                }
                let v = match r.get_ref(i)? {
                    ValueRef::Null => serde_json::Value::Null,
                    ValueRef::Integer(x) => x.into(),
                    ValueRef::Real(x) => x.into(),
                    ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned().into(),
                    ValueRef::Blob(_) => "(blob)".into(),
                };
                m.insert(n.clone(), v);
            }
            Ok(serde_json::Value::Object(m).to_string())
        })
        .optional()?)
}

pub(crate) fn default_operator() -> String {
    std::env::var("GRIDCARE_OPERATOR")
        .or_else(|_| std::env::var("USER"))
        .unwrap_or_else(|_| "coordinator".into())
}

/// Creates an empty file readable and writable by its owner only (domain.md §10).
pub(crate) fn create_private_file(path: &Path) -> Result<()> {
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o.open(path).map(|_| ()).map_err(|e| {
        let why = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() && !d.exists() => {
                format!("the folder {} does not exist", d.display())
            }
            _ => e.to_string(),
        };
        DbError::Create {
            path: path.to_path_buf(),
            why,
        }
    })
}

/// Domain codes go in and out of SQL as their text codes.
macro_rules! sql_code {
    ($($t:ty),+ $(,)?) => {$(
        impl ToSql for $t {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> { Ok(ToSqlOutput::from(self.code())) }
        }
        impl FromSql for $t {
            fn column_result(v: ValueRef<'_>) -> FromSqlResult<Self> {
                let s = v.as_str()?;
                <$t>::from_code(s).ok_or_else(|| FromSqlError::Other(format!("unknown {} code {s:?}", stringify!($t)).into()))
            }
        }
    )+};
}
sql_code!(
    Sex,
    Relation,
    ResidentStatus,
    Condition,
    EndReason,
    VisitKind,
    VisitMode,
    Outcome,
    RemoveReason,
    Classification,
    ReferralNeed,
    Complication,
    Adherence,
    Salt,
    crate::domain::record::HtnSymptom,
    crate::domain::record::DmSymptom,
    crate::domain::record::Pulse,
    crate::domain::record::Side,
    crate::domain::record::Grade,
    crate::domain::record::Hypoglycaemia,
    crate::domain::record::DoseUnit,
    StaffRole,
    Colour,
    crate::domain::access::Role,
);
