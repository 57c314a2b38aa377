//! Issue 24, "Nothing lost": the demo never touches a real database (item 1),
//! a backup is whole or absent and a restore says what it would lose (items
//! 2, 3), the audit log is hash-chained (item 8), settings edited by hand
//! are named, never a panic (item 12), files are written fresh and private
//! (item 15), and a file carrying its own code is named and refused (item
//! 16). Every command here is the real binary.

mod common;
use gridcare::db::{Db, OpenMode};
use std::path::{Path, PathBuf};
use std::process::Command;

const COORD: &str = "王协调";
const COORD_PIN: &str = "coord-pin-2468";

/// The fixture township in a file named `name` (common's, renamed).
fn fixture_file(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::rename(common::fixture_file(dir), &path).unwrap();
    path
}

/// Runs gridcare on `db` with `env` (and no inherited GRIDCARE_*).
fn run_env(db: &Path, args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    let mut c = Command::new(env!("CARGO_BIN_EXE_gridcare"));
    c.args(args).arg("--db").arg(db);
    for k in [
        "GRIDCARE_DB",
        "GRIDCARE_LANG",
        "GRIDCARE_PIN",
        "GRIDCARE_NEW_PIN",
        "GRIDCARE_OPERATOR",
    ] {
        c.env_remove(k);
    }
    // English, as the tests read it (the fixture's ui.lang is zh)
    c.env("GRIDCARE_LANG", "en");
    for (k, v) in env {
        c.env(k, v);
    }
    let out = c.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn run(db: &Path, args: &[&str]) -> (i32, String, String) {
    run_env(db, args, &[])
}

/// As the signed-in coordinator.
fn run_coord(db: &Path, args: &[&str]) -> (i32, String, String) {
    run_env(
        db,
        args,
        &[("GRIDCARE_OPERATOR", COORD), ("GRIDCARE_PIN", COORD_PIN)],
    )
}

fn add_coordinator(db: &Path) {
    let (code, _, err) = run_env(
        db,
        &["operator", "add", COORD, "--role", "coordinator"],
        &[("GRIDCARE_PIN", COORD_PIN)],
    );
    assert_eq!(code, 0, "{err}");
}

/// A count read by another connection (as another program would).
fn count(db: &Path, sql: &str) -> i64 {
    let c = rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .unwrap();
    c.query_row(sql, [], |r| r.get(0)).unwrap()
}

fn sql(db: &Path, statement: &str) {
    let c = rusqlite::Connection::open(db).unwrap();
    c.execute_batch(statement).unwrap();
}

fn one_line(err: &str) {
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    assert!(!err.contains("panicked"), "{err}");
}

/// Item 1: `demo` opens or replaces only a file marked as the demo.
#[test]
fn the_demo_touches_only_its_own_file() {
    let dir = tempfile::tempdir().unwrap();
    // a real database with an operator
    let real = fixture_file(dir.path(), "real.db");
    add_coordinator(&real);
    let before = std::fs::read(&real).unwrap();
    for args in [
        &["demo", "--fresh", "--no-tui"][..],
        &["demo", "--no-tui"][..],
    ] {
        let (code, _, err) = run(&real, args);
        assert_ne!(code, 0, "{args:?} refused");
        one_line(&err);
        assert!(err.contains("is not a demo database"), "{err}");
    }
    // GRIDCARE_DB names it: the same
    let out = Command::new(env!("CARGO_BIN_EXE_gridcare"))
        .args(["demo", "--fresh", "--no-tui"])
        .env("GRIDCARE_DB", &real)
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(0));
    assert_eq!(std::fs::read(&real).unwrap(), before, "not touched");
    assert_eq!(
        count(&real, "SELECT count(*) FROM operator WHERE name = '王协调'"),
        1
    );

    // an empty database made by init is not filled with demo data
    let empty = dir.path().join("empty.db");
    let (code, _, err) = run(&empty, &["init"]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run(&empty, &["demo", "--no-tui"]);
    assert_ne!(code, 0);
    one_line(&err);
    assert_eq!(count(&empty, "SELECT count(*) FROM county"), 0);

    // a file that is not SQLite is refused the same way, and kept
    let text = dir.path().join("notes.db");
    std::fs::write(&text, "not a database").unwrap();
    let (code, _, err) = run(&text, &["demo", "--fresh", "--no-tui"]);
    assert_ne!(code, 0);
    one_line(&err);
    assert_eq!(std::fs::read(&text).unwrap(), b"not a database");

    // the demo's own file: made, opened again, made afresh
    let demo = dir.path().join("demo.db");
    let (code, _, err) = run(&demo, &["demo", "--no-tui"]);
    assert_eq!(code, 0, "{err}");
    assert!(count(&demo, "SELECT count(*) FROM resident") > 1000);
    sql(&demo, "DELETE FROM setting WHERE key = 'ui.lang'");
    let (code, _, err) = run(&demo, &["demo", "--fresh", "--no-tui"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        count(&demo, "SELECT count(*) FROM setting WHERE key = 'ui.lang'"),
        1,
        "made afresh"
    );
    // a demo whose making was cut short (marked, empty) is made next time
    let cut = dir.path().join("cut.db");
    Db::open(&cut, OpenMode::CreateIfMissing)
        .unwrap()
        .mark_demo(2026)
        .unwrap();
    let (code, _, err) = run(&cut, &["demo", "--no-tui"]);
    assert_eq!(code, 0, "{err}");
    assert!(count(&cut, "SELECT count(*) FROM resident") > 1000);
}

/// Item 2: a backup cut short leaves nothing under the backup's name; a
/// daily backup that does not check is made again; a restore that would
/// lose residents is refused unless forced, saying what it would lose.
#[test]
fn backups_are_whole_or_absent_and_restore_says_what_it_loses() {
    let dir = tempfile::tempdir().unwrap();
    let db = fixture_file(dir.path(), "g.db");
    let residents = count(&db, "SELECT count(*) FROM resident");
    let folder = dir.path().join("backups");
    std::fs::create_dir(&folder).unwrap();
    let daily = folder.join("gridcare-2026-12-07.db");
    // what a killed backup of an earlier version left: an empty file
    std::fs::write(&daily, b"").unwrap();
    // and what a killed backup of this one leaves: its temporary file
    let part = folder.join(".gridcare-2026-12-07.db.part-999999999");
    std::fs::write(&part, b"half").unwrap();
    let (code, out, err) = run(&db, &["backup", "--daily", "--today", "2026-12-07"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("does not check") && out.contains("making it again"),
        "{out}"
    );
    assert!(out.contains(&format!("{residents} residents")), "{out}");
    assert!(!part.exists(), "the dead backup's temporary file is gone");
    assert_eq!(count(&daily, "SELECT count(*) FROM resident"), residents);
    // a second run finds it good
    let (code, out, _) = run(&db, &["backup", "--daily", "--today", "2026-12-07"]);
    assert_eq!(code, 0);
    assert!(out.contains("exists already and checks"), "{out}");
    // no file but the backups themselves
    let names: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["gridcare-2026-12-07.db".to_string()]);

    // an empty database as a "backup": refused, saying what it would lose
    let empty = dir.path().join("empty.db");
    run(&empty, &["init"]);
    let (code, _, err) = run(&db, &["restore", empty.to_str().unwrap()]);
    assert_ne!(code, 0);
    one_line(&err);
    assert!(
        err.contains("0 residents") && err.contains(&format!("lose {residents} residents")),
        "{err}"
    );
    assert!(err.contains("--force"), "{err}");
    assert_eq!(
        count(&db, "SELECT count(*) FROM resident"),
        residents,
        "unchanged"
    );
    // a good backup restores; --force restores even the empty one
    let (code, _, err) = run(&db, &["restore", daily.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run(&db, &["restore", "--force", empty.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(count(&db, "SELECT count(*) FROM resident"), 0);
    // and the restore is in the (restored) log
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM audit_log WHERE action = 'restore'"
        ),
        1
    );
}

/// Item 3: a backup from before operators existed does not silently open
/// every command: refused unless forced, saying who could no longer sign in.
#[test]
fn restore_names_the_operators_it_removes() {
    let dir = tempfile::tempdir().unwrap();
    let db = fixture_file(dir.path(), "g.db");
    let old = dir.path().join("old.db");
    let (code, _, err) = run(&db, &["backup", old.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    add_coordinator(&db);
    let (code, _, err) = run_coord(&db, &["restore", old.to_str().unwrap()]);
    assert_ne!(code, 0);
    one_line(&err);
    assert!(err.contains("no operators") && err.contains(COORD), "{err}");
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM operator WHERE pin_hash IS NOT NULL"
        ),
        1
    );
    let (code, out, err) = run_coord(&db, &["restore", "--force", old.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(&format!("{COORD} can no longer sign in")),
        "{out}"
    );
    // a backup with the operator brings them back, and says so
    let with = dir.path().join("with.db");
    let kept: PathBuf = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().contains("before-restore"))
        .expect("the database as it was is kept");
    std::fs::copy(&kept, &with).unwrap();
    let (code, out, err) = run(&db, &["restore", with.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(&format!("{COORD} can sign in again")), "{out}");
}

/// Item 8: the audit log is a hash chain; `check` names the first entry
/// that breaks it and an operator whose row was changed outside gridcare,
/// and a backup's recorded head shows a later rewrite.
#[test]
fn the_audit_log_is_chained_and_check_names_a_break() {
    let dir = tempfile::tempdir().unwrap();
    let db = fixture_file(dir.path(), "g.db");
    add_coordinator(&db);
    let (code, _, err) = run_env(
        &db,
        &[
            "operator",
            "add",
            "涂春生",
            "--role",
            "worker",
            "--staff",
            "涂春生",
        ],
        &[
            ("GRIDCARE_OPERATOR", COORD),
            ("GRIDCARE_PIN", COORD_PIN),
            ("GRIDCARE_NEW_PIN", "tu-pin-1357"),
        ],
    );
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = run_coord(&db, &["check"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("hash chain unbroken"), "{out}");
    // a backup records the head
    let b = dir.path().join("b.db");
    let (code, out, err) = run_coord(&db, &["backup", b.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("audit log head: #"), "{out}");

    // a grid worker made coordinator with sqlite3
    let pristine = std::fs::read(&db).unwrap();
    sql(
        &db,
        "UPDATE operator SET role = 'coordinator', staff_id = NULL WHERE name = '涂春生'",
    );
    let (code, out, _) = run_coord(&db, &["check"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("operator 涂春生") && out.contains("outside gridcare"),
        "{out}"
    );
    // a PIN hash swapped: the coordinator's hash given to the worker
    sql(&db, "UPDATE operator SET role = 'worker', staff_id = (SELECT id FROM staff WHERE name = '涂春生') WHERE name = '涂春生';
              UPDATE operator SET pin_hash = (SELECT pin_hash FROM operator WHERE name = '王协调') WHERE name = '涂春生'");
    let (code, out, _) = run_coord(&db, &["check"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("operator 涂春生"), "{out}");
    std::fs::write(&db, &pristine).unwrap();
    let _ = std::fs::remove_file(format!("{}-wal", db.display()));
    let _ = std::fs::remove_file(format!("{}-shm", db.display()));

    // an entry rewritten: the first break is named
    sql(&db, "UPDATE audit_log SET operator = '别人' WHERE id = 1");
    let (code, out, _) = run_coord(&db, &["check"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("entry #1 ") && out.contains("does not match its hash"),
        "{out}"
    );
    sql(
        &db,
        "UPDATE audit_log SET operator = (SELECT operator FROM audit_log WHERE id = 2) WHERE id = 1",
    );
    // the history cut after the backup: the chain left holds, the backup shows it
    let last = count(&db, "SELECT max(id) FROM audit_log");
    sql(&db, &format!("DELETE FROM audit_log WHERE id = {last}"));
    let (code, out, _) = run_coord(&db, &["check", "--against", b.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(&format!("entry #{last}, the backup's last, is gone")),
        "{out}"
    );
}

/// Item 12: a setting edited by hand out of its range is one line naming
/// the setting and the range, for every command that reads the rules.
#[test]
fn settings_out_of_range_are_named_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let db = fixture_file(dir.path(), "g.db");
    let sheet = dir.path().join("s.txt");
    let sheet = sheet.to_str().unwrap();
    for (key, value, range) in [
        ("colour.red_due_days", "2147483648", "from 1 to 366"),
        ("followup.recheck_days", "99999999999", "from 1 to 366"),
        ("group.max_size", "0", "from 1 to 200"),
        ("backup.keep_days", "x", "from 1 to 3650"),
    ] {
        sql(
            &db,
            &format!("INSERT INTO setting (key, value, description) VALUES ('{key}', '{value}', 'edited by hand')
                      ON CONFLICT (key) DO UPDATE SET value = excluded.value"),
        );
        let commands: Vec<Vec<&str>> = match key {
            "backup.keep_days" => vec![vec!["backup", "--daily"]],
            _ => vec![
                vec!["queue"],
                vec!["report", "--period", "2026-11"],
                vec![
                    "print",
                    "--worker",
                    "涂春生",
                    "--week",
                    "2026-W47",
                    "--format",
                    "txt",
                    "-o",
                    sheet,
                ],
                vec!["plan", "--worker", "涂春生"],
                vec!["roster", "list"],
                vec!["groups", "plan", "--village", "富民村"],
            ],
        };
        for c in &commands {
            let (code, _, err) = run(&db, c);
            assert_eq!(code, 1, "{key}={value} {c:?}: {err}");
            one_line(&err);
            assert!(
                err.contains(key) && err.contains(range),
                "{key}: {c:?}: {err}"
            );
        }
        sql(&db, &format!("DELETE FROM setting WHERE key = '{key}'"));
    }
}

/// Item 15: files gridcare writes are new files of mode 600, never written
/// through a link planted at their name; a database others may read is
/// named once.
#[cfg(unix)]
#[test]
fn files_are_written_fresh_and_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let db = fixture_file(dir.path(), "g.db");
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    // a stale sheet.pdf.part of mode 644 from an earlier version
    let sheet = dir.path().join("sheet.txt");
    let stale = dir.path().join("sheet.txt.part");
    std::fs::write(&stale, "old").unwrap();
    std::fs::set_permissions(&stale, std::fs::Permissions::from_mode(0o644)).unwrap();
    let (code, _, err) = run(
        &db,
        &[
            "print",
            "--worker",
            "涂春生",
            "--week",
            "2026-W47",
            "--format",
            "txt",
            "-o",
            sheet.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(mode(&sheet), 0o600, "the sheet is private");
    // an export through a symbolic link: the link is replaced, its target untouched
    let target = dir.path().join("elsewhere.csv");
    std::fs::write(&target, "precious").unwrap();
    let link = dir.path().join("out.csv");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let (code, _, err) = run(&db, &["export", "residents", "-o", link.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "precious");
    assert!(
        !std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(mode(&link), 0o600);
    // a database readable by others is named once
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
    let (code, _, err) = run(&db, &["queue"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(err.matches("other users").count(), 1, "{err}");
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o600)).unwrap();
    let (_, _, err) = run(&db, &["queue"]);
    assert!(!err.contains("other users"), "{err}");
}

/// Item 16: a file carrying an extra trigger is refused for saving,
/// `check` names it, and `restore` will not bring it in.
#[test]
fn a_database_carrying_its_own_code_is_named_and_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = fixture_file(dir.path(), "g.db");
    let evil = dir.path().join("evil.db");
    let (code, _, err) = run(&db, &["backup", evil.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    sql(
        &evil,
        "CREATE TRIGGER tidy AFTER INSERT ON visit BEGIN DELETE FROM audit_log WHERE id < 3; END;",
    );
    let residents = count(&db, "SELECT count(*) FROM resident");
    let (code, _, err) = run(&db, &["restore", evil.to_str().unwrap()]);
    assert_ne!(code, 0);
    one_line(&err);
    assert!(err.contains("trigger tidy"), "{err}");
    assert_eq!(count(&db, "SELECT count(*) FROM resident"), residents);
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM sqlite_master WHERE name = 'tidy'"
        ),
        0
    );
    // check names it and fails
    let (code, out, err) = run(&evil, &["check"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("trigger tidy is not gridcare's"), "{out}");
    // a save into it is refused before anything runs
    let (code, _, err) = run(
        &evil,
        &[
            "referral",
            "send",
            "--resident",
            "360425194803150117",
            "--to",
            "county",
            "--reason",
            "血压控制不满意",
        ],
    );
    assert_ne!(code, 0);
    one_line(&err);
    assert!(err.contains("tidy"), "{err}");
    // a dropped index is named as missing
    let (code, _, err) = run(&db, &["backup", dir.path().join("c.db").to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let c = dir.path().join("c.db");
    let index: String = {
        let conn = rusqlite::Connection::open(&c).unwrap();
        conn.query_row(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%' LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap()
    };
    sql(&c, &format!("DROP INDEX {index}"));
    let (code, out, _) = run(&c, &["check"]);
    assert_eq!(code, 1);
    assert!(out.contains(&format!("index {index} is missing")), "{out}");
}
