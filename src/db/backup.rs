//! `gridcare backup`: a consistent copy of the database while it is in use.

use super::{Db, DbError, Result, create_private_file};
use crate::domain::refusal::Refusal;
use std::path::Path;

/// What a backup wrote, checked by reading the copy back.
#[derive(Debug, Clone, PartialEq)]
pub struct BackupReport {
    pub bytes: u64,
    pub visits: i64,
    pub residents: i64,
    /// The audit log's head when the copy was made (issue 24 item 8): its
    /// last entry's number and hash, also kept in the copy's meta.
    pub audit_head: Option<(i64, String)>,
}

/// The meta row of a backup that records the audit log's head.
pub const HEAD_KEY: &str = "backup_audit_head";

impl Db {
    /// Writes a consistent snapshot (WAL included) to `dest`, a new file
    /// readable by its owner only (domain.md §10), then opens the copy and
    /// checks it. Never overwrites. The copy is written under a temporary
    /// name beside `dest` and takes `dest`'s name only once it is complete
    /// and checked (issue 24 item 2): a backup cut short leaves nothing
    /// under the backup's name.
    ///
    /// The copy is read through this connection, so no second handle is ever
    /// opened on the database itself (see `Db::open`).
    pub fn backup_to(&self, dest: &Path) -> Result<BackupReport> {
        if dest.exists() || dest.is_symlink() {
            return Err(Refusal::BackupExists(dest.display().to_string()).into());
        }
        if self.path().is_some_and(|p| p == dest) {
            return Err(Refusal::BackupIsTheDatabase.into());
        }
        let part = part_name(dest);
        remove_stale_parts(dest);
        // SQLite's online backup API, into a file made private first (SQLite
        // keeps an existing file's mode; O_EXCL, never through a link). One
        // step copies every page under one read transaction: in WAL mode
        // writers go on meanwhile, and a copy taken in smaller steps would
        // start again at each of their commits.
        create_private_file(&part).map_err(|e| match e {
            // named as the backup the user asked for, not its temporary name
            DbError::Create { why, .. } => DbError::Create {
                path: dest.to_path_buf(),
                why,
            },
            e => super::access::explain_at(dest, e),
        })?;
        let head = self.audit_head()?;
        let copied = copy_pages(&self.conn, &part, head.as_ref())
            .and_then(|_| verify_copy(&part))
            .and_then(|r| {
                publish(&part, dest)?;
                Ok(r)
            });
        if copied.is_err() {
            remove_with_journals(&part);
        }
        // a full disk or a read-only folder is the destination's, not the database's
        copied
            .map(|r| BackupReport {
                audit_head: head,
                ..r
            })
            .map_err(|e| super::access::explain_at(dest, e))
    }
}

/// The temporary name a backup is written under: hidden, beside the
/// backup, with this process's number.
fn part_name(dest: &Path) -> std::path::PathBuf {
    let name = dest
        .file_name()
        .map_or("backup".into(), |n| n.to_string_lossy().into_owned());
    dest.with_file_name(format!(".{name}.part-{}", std::process::id()))
}

/// Removes the temporary files of earlier backups to `dest` whose process
/// is gone (a backup killed mid-way).
fn remove_stale_parts(dest: &Path) {
    let (Some(folder), Some(name)) = (dest.parent(), dest.file_name()) else {
        return;
    };
    let folder = if folder.as_os_str().is_empty() {
        Path::new(".")
    } else {
        folder
    };
    let prefix = format!(".{}.part-", name.to_string_lossy());
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for e in entries.flatten() {
        let n = e.file_name().to_string_lossy().into_owned();
        let Some(pid) = n
            .strip_prefix(&prefix)
            .and_then(|p| p.split('-').next())
            .and_then(|p| p.parse::<i32>().ok())
        else {
            continue;
        };
        if !process_alive(pid) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

#[cfg(unix)]
fn process_alive(pid: i32) -> bool {
    // SAFETY: kill with signal 0 only asks whether the process exists.
    pid as u32 == std::process::id() || unsafe { libc::kill(pid, 0) == 0 }
}

#[cfg(not(unix))]
fn process_alive(pid: i32) -> bool {
    pid as u32 == std::process::id()
}

fn remove_with_journals(file: &Path) {
    let _ = std::fs::remove_file(file);
    for ext in ["-journal", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", file.display()));
    }
}

/// Gives the complete, checked copy the backup's name, never replacing a
/// file that appeared there meanwhile: a hard link (atomic, fails if the
/// name is taken), else — on a file system without links, such as a FAT
/// USB stick — a rename after looking. The folder is synced so the name
/// survives a power cut.
fn publish(part: &Path, dest: &Path) -> Result<()> {
    std::fs::File::open(part)
        .and_then(|f| f.sync_all())
        .map_err(|e| DbError::Invalid(format!("cannot sync {}: {e}", part.display())))?;
    match std::fs::hard_link(part, dest) {
        Ok(()) => {
            let _ = std::fs::remove_file(part);
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists || dest.exists() => {
            return Err(Refusal::BackupExists(dest.display().to_string()).into());
        }
        Err(_) => std::fs::rename(part, dest).map_err(|e| {
            DbError::Invalid(format!("cannot name the backup {}: {e}", dest.display()))
        })?,
    }
    if let Some(folder) = dest.parent().filter(|p| !p.as_os_str().is_empty()) {
        let _ = std::fs::File::open(folder).and_then(|f| f.sync_all());
    }
    Ok(())
}

/// Every page of `from` into `to` in one step of the online backup API (one
/// read transaction: a copy in smaller steps would start again at each
/// commit of a writer meanwhile), retried while another writer holds a lock
/// it needs: for a backup and for a restore alike.
fn copy_all(from: &rusqlite::Connection, to: &mut rusqlite::Connection) -> Result<()> {
    use rusqlite::backup::{Backup, StepResult};
    let b = Backup::new(from, to)?;
    for _ in 0..=50 {
        match b.step(-1)? {
            StepResult::Done => return Ok(()),
            _ => std::thread::sleep(std::time::Duration::from_millis(100)),
        }
    }
    Err(DbError::Busy)
}

/// Copies every page of `from` into the file `dest` (the online backup API),
/// retrying while another writer holds a lock it needs, and records the
/// audit log's head in the copy's meta.
fn copy_pages(
    from: &rusqlite::Connection,
    dest: &Path,
    head: Option<&(i64, String)>,
) -> Result<()> {
    let mut to = rusqlite::Connection::open(dest)?;
    copy_all(from, &mut to)?;
    // the copy stands alone: a rollback journal, no -wal beside it
    to.pragma_update(None, "journal_mode", "DELETE")?;
    to.pragma_update(None, "synchronous", "FULL")?;
    if let Some((id, hash)) = head {
        to.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
            [HEAD_KEY, &format!("{id} {hash}")],
        )?;
    }
    to.close().map_err(|(_, e)| e)?;
    Ok(())
}

/// A file that is a complete gridcare database of this version: passes
/// its integrity check, holds this version's schema and nothing more, and
/// What it holds, or why it is not one.
pub fn verify_copy(dest: &Path) -> Result<BackupReport> {
    let c = rusqlite::Connection::open_with_flags(
        dest,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    c.pragma_update(None, "trusted_schema", false)?;
    let bad = |why: String| {
        DbError::Invalid(format!(
            "the copy at {} is not a complete gridcare backup: {why}",
            dest.display()
        ))
    };
    let ok: String = c
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(|e| bad(e.to_string()))?;
    if ok != "ok" {
        return Err(bad(format!(
            "it fails its integrity check ({ok}); the disk may be failing, try another"
        )));
    }
    let version: i64 = c.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version != super::schema_version() {
        return Err(bad(format!(
            "its schema version is {version}, this gridcare's {}",
            super::schema_version()
        )));
    }
    if let Some(first) = super::schema::differences(&c)?.first() {
        return Err(bad(first.clone()));
    }
    let count = |sql: &str| c.query_row(sql, [], |r| r.get::<_, i64>(0));
    let report = BackupReport {
        bytes: std::fs::metadata(dest).map(|m| m.len()).unwrap_or(0),
        visits: count("SELECT count(*) FROM visit")?,
        residents: count("SELECT count(*) FROM resident")?,
        audit_head: None,
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
    /// Operators the database had and the backup has not (active ones,
    /// by name), and those the backup brings back or adds (issue 24 item 3).
    pub operators_removed: Vec<String>,
    pub operators_added: Vec<String>,
}

/// What a database holds that a restore would change: residents, visits,
/// the active operators' names.
struct Holdings {
    residents: i64,
    visits: i64,
    operators: Vec<String>,
}

fn holdings(c: &rusqlite::Connection) -> Result<Holdings> {
    let count = |sql: &str| c.query_row(sql, [], |r| r.get::<_, i64>(0));
    Ok(Holdings {
        residents: count("SELECT count(*) FROM resident")?,
        visits: count("SELECT count(*) FROM visit")?,
        operators: c
            .prepare("SELECT name FROM operator WHERE ended_on IS NULL ORDER BY name")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?,
    })
}

impl Db {
    /// Replaces the database's contents with the backup `src` (issue 15):
    /// the backup is checked first (a gridcare database of this schema and
    /// nothing more that passes its integrity check); a backup with no
    /// residents or fewer than the database has, or one that would leave a
    /// database with operators without any, is refused unless `force`,
    /// saying what it would lose (issue 24 items 2, 3); the database as it
    /// is now is kept beside it as `NAME.before-restore-STAMP.db`, then the
    /// pages are copied in through the online backup API, so other
    /// sessions see the restored data and nothing is left half-done. The
    /// restore itself is the restored log's newest entry.
    pub fn restore_from(&mut self, src: &Path, stamp: &str, force: bool) -> Result<RestoreReport> {
        self.writable()?;
        let Some(path) = self.path().map(Path::to_path_buf) else {
            return Err(DbError::Invalid(
                "an in-memory database has nothing to restore into".into(),
            ));
        };
        if src == path {
            return Err(Refusal::RestoreSameFile.into());
        }
        // integrity, this version's schema and nothing more (a trigger a
        // "backup" carries would run on every save after it)
        let backup = Db::open_read_only(src, super::ReadOnlyWhy::Asked)?;
        verify_copy(src).map_err(|e| match e {
            DbError::Invalid(why) => {
                DbError::Invalid(format!("{why}; it cannot be restored, try an older backup"))
            }
            e => e,
        })?;
        let theirs = holdings(&backup.conn)?;
        let ours = holdings(&self.conn)?;
        let removed: Vec<String> = ours
            .operators
            .iter()
            .filter(|o| !theirs.operators.contains(o))
            .cloned()
            .collect();
        let added: Vec<String> = theirs
            .operators
            .iter()
            .filter(|o| !ours.operators.contains(o))
            .cloned()
            .collect();
        if !force {
            if theirs.residents == 0 || theirs.residents < ours.residents {
                return Err(Refusal::RestoreWouldLose {
                    file: src.display().to_string(),
                    theirs: (theirs.residents, theirs.visits),
                    ours: (ours.residents, ours.visits),
                }
                .into());
            }
            if !ours.operators.is_empty() && theirs.operators.is_empty() {
                return Err(Refusal::RestoreWithoutOperators {
                    file: src.display().to_string(),
                    operators: ours.operators.clone(),
                }
                .into());
            }
        }
        // a second restore within the same second keeps its own copy too
        let stem = path
            .file_stem()
            .map_or("gridcare".into(), |s| s.to_string_lossy().into_owned());
        let kept = (1..)
            .map(|n| {
                let n = if n == 1 {
                    String::new()
                } else {
                    format!("-{n}")
                };
                path.with_file_name(format!("{stem}.before-restore-{stamp}{n}.db"))
            })
            .find(|p| !p.exists() && !p.is_symlink())
            .expect("a free name");
        self.backup_to(&kept)?;
        copy_all(&backup.conn, &mut self.conn)?;
        drop(backup);
        self.conn.pragma_update(None, "journal_mode", "WAL")?;
        let detail = format!(
            "{} · {} residents, {} visits · the database as it was: {}",
            src.display(),
            theirs.residents,
            theirs.visits,
            kept.display()
        );
        let operator = self.operator.clone();
        self.guarded(|db| {
            let tx = db.conn.transaction()?;
            super::audit::append(
                &tx,
                &super::audit::Entry {
                    at: chrono::Utc::now().format("%Y-%m-%d %H:%M:%S").to_string(),
                    operator,
                    action: "restore".into(),
                    entity: "database".into(),
                    detail: Some(detail),
                    ..Default::default()
                },
            )?;
            tx.commit()?;
            Ok(())
        })?;
        let count = |sql: &str| self.conn.query_row(sql, [], |r| r.get::<_, i64>(0));
        Ok(RestoreReport {
            kept,
            visits: count("SELECT count(*) FROM visit")?,
            residents: count("SELECT count(*) FROM resident")?,
            operators_removed: removed,
            operators_added: added,
        })
    }
}
