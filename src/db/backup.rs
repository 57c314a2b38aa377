//! `gridcare backup`: a consistent copy of the database while it is in use.

use super::{Db, DbError, Result, create_private_file};
use std::path::Path;

/// What a backup wrote, checked by reading the copy back.
#[derive(Debug, Clone, PartialEq)]
pub struct BackupReport {
    pub bytes: u64,
    pub visits: i64,
    pub residents: i64,
}

impl Db {
    /// Writes a consistent snapshot (WAL included) to `dest`, a new file
    /// readable by its owner only (domain.md §10), then opens the copy and
    /// checks it. Never overwrites; a failed backup leaves no file behind.
    ///
    /// The copy is made by this connection (`VACUUM INTO`), so no second
    /// handle is ever opened on the database itself (see `Db::open`).
    pub fn backup_to(&self, dest: &Path) -> Result<BackupReport> {
        if dest.exists() {
            return Err(DbError::Invalid(format!(
                "{} exists already; a backup never overwrites a file, give a new name (e.g. with the date)",
                dest.display()
            )));
        }
        if self.path().is_some_and(|p| p == dest) {
            return Err(DbError::Invalid(
                "the backup must go to another file than the database".into(),
            ));
        }
        // VACUUM INTO writes into an existing empty file and keeps its mode.
        create_private_file(dest)?;
        let copied = self
            .conn
            .execute("VACUUM INTO ?1", [dest.to_string_lossy()])
            .map_err(DbError::from)
            .and_then(|_| verify_copy(dest));
        if copied.is_err() {
            // the copy and the journal VACUUM INTO kept beside it
            let _ = std::fs::remove_file(dest);
            let _ = std::fs::remove_file(format!("{}-journal", dest.display()));
        }
        // a full disk or a read-only folder is the destination's, not the database's
        copied.map_err(|e| super::access::explain_at(dest, e))
    }
}

fn verify_copy(dest: &Path) -> Result<BackupReport> {
    let c = rusqlite::Connection::open_with_flags(
        dest,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    let ok: String = c.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if ok != "ok" {
        return Err(DbError::Invalid(format!(
            "the copy at {} failed its integrity check ({ok}); the disk may be failing, try another",
            dest.display()
        )));
    }
    let count = |sql: &str| c.query_row(sql, [], |r| r.get::<_, i64>(0));
    let report = BackupReport {
        bytes: std::fs::metadata(dest).map(|m| m.len()).unwrap_or(0),
        visits: count("SELECT count(*) FROM visit")?,
        residents: count("SELECT count(*) FROM resident")?,
    };
    c.close().map_err(|(_, e)| e)?;
    Ok(report)
}
