//! One transaction around many domain commands (the importer, issue 11).
//! Each command opens its write with `Db::begin`: its own transaction when
//! none is open, else a savepoint inside the caller's. So a file of commands
//! is saved whole or not at all on the same connection ("saved means saved":
//! no second connection or file handle), and one refused row is undone alone.

use super::{Db, Result};
use rusqlite::{Connection, Transaction};

/// A command's write: its own transaction, or a savepoint in an outer one.
/// Its own transaction stores the kept task state of the households it
/// touched before it commits (issue 30 item 1); an outer one does so at its end.
pub(crate) struct Tx<'a> {
    db: &'a Db,
    inner: Inner<'a>,
}

enum Inner<'a> {
    Own(Transaction<'a>),
    Nested(Savepoint<'a>),
}

/// Rolled back when dropped uncommitted, as a `Transaction` is.
pub(crate) struct Savepoint<'a> {
    conn: &'a Connection,
    released: bool,
}

impl Drop for Savepoint<'_> {
    fn drop(&mut self) {
        if !self.released {
            let _ = self
                .conn
                .execute_batch("ROLLBACK TO gridcare_command; RELEASE gridcare_command");
        }
    }
}

impl std::ops::Deref for Tx<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        match &self.inner {
            Inner::Own(t) => t,
            Inner::Nested(s) => s.conn,
        }
    }
}

impl Tx<'_> {
    pub(crate) fn commit(self) -> Result<()> {
        match self.inner {
            Inner::Own(t) => {
                self.db.flush_state()?;
                t.commit()?
            }
            Inner::Nested(mut s) => {
                s.conn
                    .prepare_cached("RELEASE gridcare_command")?
                    .execute([])?;
                s.released = true;
            }
        }
        Ok(())
    }
}

impl Db {
    /// Opens a command's write (see the module doc).
    pub(crate) fn begin(&self) -> Result<Tx<'_>> {
        if self.conn.is_autocommit() {
            return Ok(Tx {
                db: self,
                inner: Inner::Own(self.conn.unchecked_transaction()?),
            });
        }
        // cached: the importer opens one per command, thousands a file
        self.conn
            .prepare_cached("SAVEPOINT gridcare_command")?
            .execute([])?;
        Ok(Tx {
            db: self,
            inner: Inner::Nested(Savepoint {
                conn: &self.conn,
                released: false,
            }),
        })
    }

    /// Runs `work` in one IMMEDIATE transaction: the domain commands it issues
    /// write inside it, and nothing is saved unless `work` returns Ok.
    pub fn in_one_transaction<T>(&mut self, work: impl FnOnce(&mut Db) -> Result<T>) -> Result<T> {
        self.guarded(|db| {
            db.conn.execute_batch("BEGIN IMMEDIATE")?;
            let done = work(db).and_then(|v| {
                db.flush_state()?;
                db.conn.execute_batch("COMMIT")?;
                Ok(v)
            });
            if done.is_err() && !db.conn.is_autocommit() {
                let _ = db.conn.execute_batch("ROLLBACK");
            }
            done
        })
    }
}

/// How long a write waits for another session's write before it is refused
/// as busy (`DbError::Busy`).
const BUSY_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

/// The busy handler of every connection: waits up to [`BUSY_WAIT`] for the
/// write lock, trying again every 1–3 ms. SQLite's own busy timeout sleeps
/// longer the longer it has waited (up to 100 ms a try), so under a steady
/// stream of saves from many sessions one that has waited long is the
/// least likely to find the lock free, and was refused after 5 s while
/// newer ones went first (tests/durability.rs twenty_writers_at_once).
/// Short sleeps of varying length give every waiting session a like chance.
pub(crate) fn wait_for_writer(tries: i32) -> bool {
    use std::cell::Cell;
    use std::time::{Instant, SystemTime};
    thread_local! {
        static SINCE: Cell<Option<Instant>> = const { Cell::new(None) };
    }
    let now = Instant::now();
    let since = SINCE.with(|s| {
        if tries == 0 || s.get().is_none() {
            s.set(Some(now));
        }
        s.get().unwrap_or(now)
    });
    if now.duration_since(since) >= BUSY_WAIT {
        return false;
    }
    // 1 to 3 ms, varied by the clock's nanoseconds so sessions interleave
    let jitter = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos() % 2_000);
    std::thread::sleep(std::time::Duration::from_micros(1_000 + u64::from(jitter)));
    true
}
