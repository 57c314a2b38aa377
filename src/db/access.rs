//! When the disk, the folder or another writer stands in the way (issue 17):
//! what the file system says, read-only sessions, and errors that name the
//! cause and what to do. Only SQLite opens the database itself (see
//! `Db::open`); here the file system is asked about paths, never files opened.

use super::{Db, DbError, OpenMode, Result};
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};

/// Why a session is read-only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadOnlyWhy {
    /// `--read-only` was given.
    Asked,
    /// The file may be read but not written (a copy on a read-only stick).
    File,
    /// The folder cannot be written, and WAL needs its -wal and -shm there.
    Folder,
    /// The disk holding the database is full.
    DiskFull,
}

/// Space SQLite needs to write at all: the -shm (32 KB) and a WAL that
/// checkpoints at 1,000 pages of 4 KB; twice that, to be safe.
pub const NEEDED_MB: u64 = 8;

pub(crate) fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

#[cfg(unix)]
fn c_path(p: &Path) -> Option<std::ffi::CString> {
    use std::os::unix::ffi::OsStrExt;
    std::ffi::CString::new(p.as_os_str().as_bytes()).ok()
}

/// Whether this user may write in `p` (access(2): asks, opens nothing).
pub(crate) fn may_write(p: &Path) -> bool {
    #[cfg(unix)]
    {
        // SAFETY: a valid NUL-terminated path; access() only reads it.
        c_path(p).is_none_or(|c| unsafe { libc::access(c.as_ptr(), libc::W_OK) } == 0)
    }
    #[cfg(not(unix))]
    {
        std::fs::metadata(p).is_ok_and(|m| !m.permissions().readonly())
    }
}

/// Free space in MB on the file system holding `folder` (statvfs), if known.
pub(crate) fn free_mb(folder: &Path) -> Option<u64> {
    #[cfg(unix)]
    {
        let c = c_path(folder)?;
        // SAFETY: statvfs writes into the zeroed struct we own; the path is valid.
        let mut st: libc::statvfs = unsafe { std::mem::zeroed() };
        if unsafe { libc::statvfs(c.as_ptr(), &mut st) } != 0 {
            return None;
        }
        Some((st.f_bavail as u64).saturating_mul(st.f_frsize as u64) / (1024 * 1024))
    }
    #[cfg(not(unix))]
    {
        let _ = folder;
        None
    }
}

/// A URI for SQLite naming `path` (only %, ? and # need escaping).
fn uri(path: &Path, query: &str) -> String {
    let mut s = String::from("file:");
    for c in path.to_string_lossy().chars() {
        match c {
            '%' => s.push_str("%25"),
            '?' => s.push_str("%3f"),
            '#' => s.push_str("%23"),
            c => s.push(c),
        }
    }
    format!("{s}?{query}")
}

impl Db {
    /// Opens for a reading command or a session that may save: read-write
    /// when it can, else read-only with the reason (a read-only copy, a folder
    /// it may not write, a full disk), so reading still works (issue 17).
    pub fn open_for_reading(path: &Path, read_only: bool) -> Result<Db> {
        if read_only {
            return Db::open_read_only(path, ReadOnlyWhy::Asked);
        }
        if !path.exists() {
            return Err(DbError::Missing(path.to_path_buf()));
        }
        let folder = folder_of(path);
        if !path.is_dir() && !may_write(path) {
            return Db::open_read_only(path, ReadOnlyWhy::File);
        }
        if !may_write(&folder) {
            return Db::open_read_only(path, ReadOnlyWhy::Folder);
        }
        match Db::open(path, OpenMode::MustExist) {
            Err(DbError::DiskFull { .. }) => Db::open_read_only(path, ReadOnlyWhy::DiskFull),
            other => other,
        }
    }

    /// A read-only session: nothing is written, not even the journal mode.
    /// Without a writable folder or free space SQLite cannot make the -shm a
    /// WAL reader needs, so then the file is opened as immutable.
    pub fn open_read_only(path: &Path, why: ReadOnlyWhy) -> Result<Db> {
        if !path.exists() {
            return Err(DbError::Missing(path.to_path_buf()));
        }
        if path.is_dir() {
            return Err(DbError::NotWritable {
                path: path.to_path_buf(),
                why: "it is a folder, not a file".into(),
            });
        }
        // Issue 24 item 13: a WAL database (a closed one copied with cp or
        // sqlite3's .backup is one) needs its -shm to be read with mode=ro,
        // and SQLite cannot make one in a folder it may not write. There,
        // where nothing of ours can write either, the file is read as
        // immutable; mode=ro is tried first so a -wal a writer left beside
        // it is still read.
        let attempt = |query: &str| -> Result<Db> {
            let conn = Connection::open_with_flags(
                uri(path, query),
                OpenFlags::SQLITE_OPEN_READ_ONLY
                    | OpenFlags::SQLITE_OPEN_URI
                    | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
            .map_err(|e| DbError::NotWritable {
                path: path.to_path_buf(),
                why: e.to_string(),
            })?;
            let mut db = Db {
                conn,
                path: Some(path.to_path_buf()),
                operator: super::default_operator(),
                read_only: Some(why),
                expect: Default::default(),
                session: None,
            };
            db.prepare()?;
            Ok(db)
        };
        let folder_writable = may_write(&folder_of(path));
        match why {
            ReadOnlyWhy::DiskFull => attempt("immutable=1"),
            _ if folder_writable => attempt("mode=ro"),
            _ => match attempt("mode=ro") {
                Err(DbError::NotWritable { .. } | DbError::Sqlite(_)) => attempt("immutable=1"),
                other => other,
            },
        }
    }

    /// Why this session cannot write, if it cannot.
    pub fn read_only(&self) -> Option<ReadOnlyWhy> {
        self.read_only
    }

    /// Refuses a write in a read-only session, before anything is tried.
    pub(crate) fn writable(&self) -> Result<()> {
        match self.read_only {
            None => Ok(()),
            Some(why) => Err(DbError::ReadOnly {
                path: self.path.clone().unwrap_or_default(),
                why,
            }),
        }
    }

    /// How long a write waits for another writer before giving up.
    pub fn set_busy_wait(&self, wait: std::time::Duration) -> Result<()> {
        Ok(self.conn.busy_timeout(wait)?)
    }

    /// Names what stands in the way: another writer, a full disk, a folder
    /// that cannot be written. Other errors pass unchanged.
    pub(crate) fn explain(&self, e: DbError) -> DbError {
        let path = self.path.clone().unwrap_or_default();
        explain_at(&path, e)
    }
}

/// `Db::explain` for a path (also used while opening).
pub(crate) fn explain_at(path: &Path, e: DbError) -> DbError {
    use rusqlite::ErrorCode as C;
    let DbError::Sqlite(err) = &e else {
        return e;
    };
    let folder = folder_of(path);
    let extended = match err {
        rusqlite::Error::SqliteFailure(f, _) => f.extended_code,
        _ => 0,
    };
    match err.sqlite_error_code() {
        Some(C::DatabaseBusy | C::DatabaseLocked) => DbError::Busy,
        Some(C::DiskFull) => DbError::DiskFull {
            free_mb: free_mb(&folder).unwrap_or(0),
            folder,
        },
        // SQLITE_READONLY_DIRECTORY, or a journal that cannot be made
        Some(C::ReadOnly) if extended == 1544 || !may_write(&folder) => {
            DbError::FolderNotWritable { folder }
        }
        Some(C::SystemIoFailure | C::CannotOpen)
            if free_mb(&folder).is_some_and(|f| f < NEEDED_MB) =>
        {
            DbError::DiskFull {
                free_mb: free_mb(&folder).unwrap_or(0),
                folder,
            }
        }
        _ => e,
    }
}
