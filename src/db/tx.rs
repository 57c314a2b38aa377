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
