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
    /// The copy is read through this connection, so no second handle is ever
    /// opened on the database itself (see `Db::open`).
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
        // SQLite's online backup API, into a file made private first (SQLite
        // keeps an existing file's mode). One step copies every page under one
        // read transaction: in WAL mode writers go on meanwhile, and a copy
        // taken in smaller steps would start again at each of their commits.
        create_private_file(dest)?;
        let copied = copy_pages(&self.conn, dest).and_then(|_| verify_copy(dest));
        if copied.is_err() {
            // the copy and any journal SQLite kept beside it
            let _ = std::fs::remove_file(dest);
            for ext in ["-journal", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{ext}", dest.display()));
            }
        }
        // a full disk or a read-only folder is the destination's, not the database's
        copied.map_err(|e| super::access::explain_at(dest, e))
    }
}

/// Copies every page of `from` into the file `dest` (the online backup API),
/// retrying while another writer holds a lock it needs.
fn copy_pages(from: &rusqlite::Connection, dest: &Path) -> Result<()> {
    use rusqlite::backup::{Backup, StepResult};
    let mut to = rusqlite::Connection::open(dest)?;
    {
        let b = Backup::new(from, &mut to)?;
        let mut tries = 0;
        loop {
            match b.step(-1)? {
                StepResult::Done => break,
                _ if tries < 50 => {
                    tries += 1;
                    std::thread::sleep(std::time::Duration::from_millis(100));
                }
                _ => return Err(DbError::Busy),
            }
        }
    }
    // the copy stands alone: a rollback journal, no -wal beside it
    to.pragma_update(None, "journal_mode", "DELETE")?;
    to.close().map_err(|(_, e)| e)?;
    Ok(())
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

/// What a restore did.
#[derive(Debug, Clone, PartialEq)]
pub struct RestoreReport {
    /// Where the database as it was before the restore was kept.
    pub kept: std::path::PathBuf,
    pub visits: i64,
    pub residents: i64,
}

impl Db {
    /// Replaces the database's contents with the backup `src` (issue 15):
    /// the backup is checked first (a gridcare database of this schema that
    /// passes its integrity check), the database as it is now is kept beside
    /// it as `NAME.before-restore-STAMP.db`, then the pages are copied in
    /// through the online backup API, so other sessions see the restored
    /// data and nothing is left half-done.
    pub fn restore_from(&mut self, src: &Path, stamp: &str) -> Result<RestoreReport> {
        self.writable()?;
        let Some(path) = self.path().map(Path::to_path_buf) else {
            return Err(DbError::Invalid(
                "an in-memory database has nothing to restore into".into(),
            ));
        };
        if src == path {
            return Err(DbError::Invalid(
                "the backup and the database are the same file".into(),
            ));
        }
        let backup = Db::open_read_only(src, super::ReadOnlyWhy::Asked)?;
        let ok: String = backup
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if ok != "ok" {
            return Err(DbError::Invalid(format!(
                "{} fails its integrity check ({ok}); it cannot be restored, try an older backup",
                src.display()
            )));
        }
        let kept = path.with_file_name(format!(
            "{}.before-restore-{stamp}.db",
            path.file_stem()
                .map_or("gridcare".into(), |s| s.to_string_lossy())
        ));
        self.backup_to(&kept)?;
        {
            use rusqlite::backup::{Backup, StepResult};
            let b = Backup::new(&backup.conn, &mut self.conn)?;
            let mut tries = 0;
            loop {
                match b.step(-1).map_err(DbError::from)? {
                    StepResult::Done => break,
                    _ if tries < 50 => {
                        tries += 1;
                        std::thread::sleep(std::time::Duration::from_millis(100));
                    }
                    _ => return Err(DbError::Busy),
                }
            }
        }
        self.conn.pragma_update(None, "journal_mode", "WAL")?;
        let count = |sql: &str| self.conn.query_row(sql, [], |r| r.get::<_, i64>(0));
        Ok(RestoreReport {
            kept,
            visits: count("SELECT count(*) FROM visit")?,
            residents: count("SELECT count(*) FROM resident")?,
        })
    }
}
