//! Files gridcare writes beside the database: sheets, exports, reports
//! (issue 24 item 15). Each is written whole under a fresh temporary name
//! (O_EXCL, never through a link, mode 600), synced, and renamed over the
//! target, so a file is either the old one or the whole new one, readable
//! by its owner only (domain.md §10), and a symbolic link at the target's
//! name is replaced, never followed.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` as described above.
pub fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    // a device or a pipe named on purpose (-o /dev/stdout) is written as it
    // is, never replaced; a link at the name is not followed (below)
    if let Ok(m) = std::fs::symlink_metadata(path)
        && !m.file_type().is_file()
        && !m.file_type().is_symlink()
        && !m.is_dir()
    {
        return std::fs::OpenOptions::new()
            .write(true)
            .open(path)?
            .write_all(bytes);
    }
    let (tmp, mut f) = fresh_beside(path)?;
    let written = f
        .write_all(bytes)
        .and_then(|_| f.sync_all())
        .and_then(|_| std::fs::rename(&tmp, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written?;
    if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        let _ = std::fs::File::open(folder).and_then(|f| f.sync_all());
    }
    Ok(())
}

/// A new private file beside `path`, hidden, named after it: created with
/// O_EXCL (a name already taken, or a link planted there, is never
/// opened), mode 600.
fn fresh_beside(path: &Path) -> std::io::Result<(PathBuf, std::fs::File)> {
    let name = path
        .file_name()
        .map_or("file".into(), |n| n.to_string_lossy().into_owned());
    let mut last = None;
    for n in 0..100 {
        let tmp = path.with_file_name(format!(".{name}.part-{}-{n}", std::process::id()));
        let mut o = std::fs::OpenOptions::new();
        o.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
        match o.open(&tmp) {
            Ok(f) => return Ok((tmp, f)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| std::io::Error::other("no free temporary name")))
}

/// Whether people other than the owner and their group may read or write
/// `path` (issue 24 item 15): a database of health data should not be.
#[cfg(unix)]
pub fn open_to_others(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o006 != 0)
}

#[cfg(not(unix))]
pub fn open_to_others(_: &Path) -> bool {
    false
}
