//! Bad database paths and files (issue 2): one clear line on stderr, a
//! non-zero exit, no panic, and nothing changed.

use std::path::Path;
use std::process::Command;

fn gridcare(args: &[&str], db: &Path) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_gridcare"))
        .args(args)
        .env("GRIDCARE_DB", db)
        .env("GRIDCARE_LANG", "en")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

fn one_clear_line(stderr: &str, needle: &str) {
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    assert!(stderr.starts_with("gridcare: "), "{stderr}");
    assert!(stderr.contains(needle), "expected {needle:?} in {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn bad_databases_table() {
    let dir = tempfile::tempdir().unwrap();
    let not_sqlite = dir.path().join("notes.txt");
    std::fs::write(
        &not_sqlite,
        "这不是数据库 — just text, long enough to hold a header\n",
    )
    .unwrap();
    let newer = dir.path().join("newer.db");
    {
        let c = rusqlite::Connection::open(&newer).unwrap();
        c.execute_batch("PRAGMA user_version = 99; CREATE TABLE t (x);")
            .unwrap();
    }
    let foreign = dir.path().join("foreign.db");
    rusqlite::Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE t (x);")
        .unwrap();
    let missing = dir.path().join("missing.db");
    let no_folder = dir.path().join("no/such/folder/g.db");
    let a_folder = dir.path().to_path_buf();

    let cases: &[(&str, &[&str], &Path, &str)] = &[
        (
            "missing file, check",
            &["check"],
            &missing,
            "no database at",
        ),
        ("missing file, queue", &["queue"], &missing, "gridcare init"),
        (
            "missing folder, init",
            &["init"],
            &no_folder,
            "does not exist",
        ),
        ("not SQLite", &["check"], &not_sqlite, "not an SQLite file"),
        (
            "newer gridcare",
            &["check"],
            &newer,
            "newer gridcare (schema version 99",
        ),
        (
            "another program's SQLite",
            &["check"],
            &foreign,
            "not gridcare's",
        ),
        ("a folder, not a file", &["check"], &a_folder, "cannot open"),
        // a date of the right shape that does not exist is named (issue 10 item 14)
        (
            "a bad date",
            &["queue", "--today", "2026-02-30"],
            &missing,
            "2026-02-30: February 2026 has no day 30",
        ),
        (
            "not a date",
            &["queue", "--today", "30.2.2026"],
            &missing,
            "write it as YYYY-MM-DD",
        ),
    ];
    for (name, args, db, needle) in cases {
        let before = std::fs::read(db).ok();
        let (code, _out, err) = gridcare(args, db);
        assert_ne!(code, 0, "{name}: exit code");
        one_clear_line(&err, needle);
        assert!(std::fs::read(db).ok() == before, "{name}: file unchanged");
        assert!(!missing.exists(), "{name}: nothing created");
    }
}

#[test]
fn init_creates_a_private_file_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("新库.db");
    let (code, out, err) = gridcare(&["init"], &db);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("created"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&db).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "readable by its owner only (domain.md §10)");
    }
    let (code, _, err) = gridcare(&["init"], &db);
    assert_ne!(code, 0);
    one_clear_line(&err, "exists already");
    let (code, out, err) = gridcare(&["check"], &db);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("integrity: ok") && out.contains("foreign keys: ok"),
        "{out}"
    );
}

/// Without a terminal the interface refuses cleanly (CI, pipes): no raw mode left behind.
#[test]
fn no_terminal_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.db");
    assert_eq!(gridcare(&["init"], &db).0, 0);
    let out = Command::new(env!("CARGO_BIN_EXE_gridcare"))
        .env("GRIDCARE_DB", &db)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_ne!(out.status.code(), Some(0));
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.starts_with("gridcare: "), "{err}");
}
