//! Issue 17: when another writer, the disk or the folder stands in the way,
//! gridcare says so plainly in the user's language, keeps the work, and
//! writes nothing; a copy it may only read can still be read.

mod common;
use common::{fixture_file, load, press};
use gridcare::db::{Db, DbError, OpenMode, ReadOnlyWhy};
use gridcare::tui::app::Popup;
use gridcare::words::Lang;
use std::path::{Path, PathBuf};
use std::process::Command;

fn visits(path: &Path) -> i64 {
    let c = rusqlite::Connection::open(path).unwrap();
    c.query_row("SELECT count(*) FROM visit", [], |r| r.get(0))
        .unwrap()
}

fn form_values(app: &gridcare::tui::App) -> Vec<String> {
    match &app.popup {
        Some(Popup::Form(f)) => f.fields.iter().map(|x| x.text()).collect(),
        _ => panic!("the form is still open"),
    }
}

/// Item 1: another program holds the write lock. The save says at once that
/// it waits; when the lock outlasts the wait the form keeps its values and
/// the message says, in the interface's language, to press Ctrl-S again;
/// nothing is written; once the lock is gone Ctrl-S saves.
#[test]
fn held_lock_keeps_the_form_and_says_so() {
    for (lang, waiting, busy) in [
        (
            Lang::Zh,
            "正在等待其他用户完成保存",
            "其他用户或程序正在保存",
        ),
        (
            Lang::En,
            "Waiting for another user",
            "Another session or program is saving",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let path = fixture_file(dir.path());
        let mut db = Db::open(&path, OpenMode::MustExist).unwrap();
        let mut app = load(&db, lang, false);
        let other = rusqlite::Connection::open(&path).unwrap();
        other.execute_batch("BEGIN EXCLUSIVE").unwrap();
        press(&mut app, &mut db, "/wdy{Enter}r150{Tab}95");
        let typed = form_values(&app);
        // the key handler alone: the first try does not wait, and says why
        app.handle_key(common::ctrl('s'), &mut db);
        assert!(app.waiting_save.is_some(), "{lang:?}: the save waits");
        assert!(app.message.contains(waiting), "{lang:?}: {}", app.message);
        // what the run loop does next: wait (5 s), then give the form back
        app.finish_save(&mut db);
        assert_eq!(form_values(&app), typed, "{lang:?}: values kept");
        assert!(app.message.contains(busy), "{lang:?}: {}", app.message);
        other.execute_batch("COMMIT").unwrap();
        assert_eq!(visits(&path), 9, "{lang:?}: nothing written");
        press(&mut app, &mut db, "{C-s}");
        assert!(app.popup.is_none(), "{lang:?}: saved once the lock is gone");
        assert_eq!(visits(&path), 10);
    }
}

/// Item 2, through SQLite's own error: a database that may grow no more
/// (max_page_count) fails as a full disk does, with SQLITE_FULL.
#[test]
fn full_database_says_disk_full_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture_file(dir.path());
    let mut db = Db::open(&path, OpenMode::MustExist).unwrap();
    let pages: i64 = common::value(&db, "PRAGMA page_count");
    db.conn()
        .pragma_update(None, "max_page_count", pages)
        .unwrap();
    let mut err = None;
    for _ in 0..500 {
        let mut v = common::followup(1, "2026-11-20", 150, 95);
        v.notes = Some("很长的随访记录".repeat(60));
        if let Err(e) = db.record_visit(&v, common::fixture_today()) {
            err = Some(e);
            break;
        }
    }
    let before = visits(&path);
    let e = err.expect("the database filled up");
    assert!(matches!(e, DbError::DiskFull { .. }), "{e:?}");
    let zh = gridcare::words::db_error(Lang::Zh, &e);
    assert!(zh.starts_with("磁盘已满") && zh.contains("MB"), "{zh}");
    let folder = dir.path().display().to_string();
    assert!(zh.contains(&folder), "names the folder: {zh}");
    let en = gridcare::words::db_error(Lang::En, &e);
    assert!(en.starts_with("Disk full"), "{en}");
    assert_eq!(visits(&path), before, "nothing half-written");
    let ok: String = common::value(&db, "PRAGMA integrity_check");
    assert_eq!(ok, "ok");
}

fn gridcare_as(user: Option<u32>, args: &[&str]) -> (i32, String, String) {
    let bin = env!("CARGO_BIN_EXE_gridcare");
    let mut c = match user {
        Some(uid) => {
            let mut c = Command::new("setpriv");
            c.args([
                &format!("--reuid={uid}"),
                &format!("--regid={uid}"),
                "--clear-groups",
                bin,
            ]);
            c
        }
        None => Command::new(bin),
    };
    let out = c
        .args(args)
        .env("GRIDCARE_LANG", "en")
        .env_remove("GRIDCARE_DB")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Permissions bind everyone but root: as root the tests run gridcare as
/// `nobody` (setpriv); as another user, as that user.
fn other_user() -> Option<Option<u32>> {
    let root = std::env::var("USER").is_ok_and(|u| u == "root")
        || Command::new("id")
            .arg("-u")
            .output()
            .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    if !root {
        return Some(None);
    }
    let has_setpriv = Command::new("setpriv").arg("--version").output().is_ok();
    if !has_setpriv {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI has setpriv (util-linux)"
        );
        eprintln!("note: running as root without setpriv; permission tests skipped");
        return None;
    }
    Some(Some(65534))
}

#[cfg(unix)]
fn chmod(p: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[cfg(unix)]
fn chown_to(p: &Path, uid: Option<u32>) {
    if let Some(uid) = uid {
        let st = Command::new("chown")
            .arg(uid.to_string())
            .arg(p)
            .status()
            .unwrap();
        assert!(st.success());
    }
}

/// Items 3 and 4: a read-only copy, and a writable database in a folder the
/// user cannot write. Reading commands work (with a note); a write is
/// refused in one line naming the folder or the file; nothing changes.
#[cfg(unix)]
#[test]
fn read_only_file_and_folder() {
    let Some(user) = other_user() else {
        return;
    };
    let outer = tempfile::tempdir().unwrap();
    chmod(outer.path(), 0o755);
    // a copy on a "read-only stick": the file is not the user's to write
    let stick = outer.path().join("stick");
    std::fs::create_dir(&stick).unwrap();
    let copy = fixture_file(&stick);
    let copy = {
        // a clean file without -wal/-shm, as a backup is
        let dest = stick.join("备份.db");
        Db::open(&copy, OpenMode::MustExist)
            .unwrap()
            .backup_to(&dest)
            .unwrap();
        std::fs::remove_file(&copy).unwrap();
        dest
    };
    chmod(&copy, 0o444);
    chmod(&stick, 0o555);
    let bytes = std::fs::read(&copy).unwrap();
    let db = copy.to_str().unwrap();
    let (code, out, err) = gridcare_as(user, &["queue", "--today", "2026-11-20", "--db", db]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("曾国强"), "the queue is read: {out}");
    // the copy is readable by everyone (so the other user can read it): named once too
    let err: String = err
        .lines()
        .filter(|l| !l.contains("other users of this computer"))
        .collect();
    assert!(
        err.contains("read-only") && err.lines().count() == 1,
        "one note: {err}"
    );
    let (code, out, err) = gridcare_as(user, &["check", "--db", db]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("integrity: ok"), "{out}");
    assert_eq!(
        std::fs::read(&copy).unwrap(),
        bytes,
        "the copy is untouched"
    );
    assert_eq!(
        std::fs::read_dir(&stick).unwrap().count(),
        1,
        "no journal files left"
    );

    // a database the user may write, in a folder they may not
    let shared = outer.path().join("shared");
    std::fs::create_dir(&shared).unwrap();
    let path = fixture_file(&shared);
    let clean = shared.join("g.db");
    Db::open(&path, OpenMode::MustExist)
        .unwrap()
        .backup_to(&clean)
        .unwrap();
    std::fs::remove_file(&path).unwrap();
    for ext in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", path.display()));
    }
    chown_to(&clean, user);
    chmod(&clean, 0o600);
    chmod(&shared, 0o555);
    let db = clean.to_str().unwrap();
    let (code, out, err) = gridcare_as(user, &["queue", "--today", "2026-11-20", "--db", db]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("曾国强"), "{out}");
    assert!(err.contains("folder") && err.lines().count() == 1, "{err}");
    // a write is refused in one line naming the folder
    let add = [
        "roster",
        "add",
        "--name",
        "黄小燕",
        "--role",
        "nurse",
        "--db",
        db,
    ];
    let (code, _, err) = gridcare_as(user, &add);
    assert_ne!(code, 0);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains(&shared.display().to_string()) && err.contains("write permission"),
        "{err}"
    );
    assert!(!err.contains("Error code"), "{err}");
    let (_, _, err) = gridcare_as(user, &[&add[..], &["--lang", "zh"]].concat());
    assert!(
        err.contains("无法在文件夹") || err.contains("写权限"),
        "{err}"
    );
    chmod(&shared, 0o755);
    chmod(&stick, 0o755);
}

/// Item 4: in a read-only session the interface says so and a save is
/// refused with one clear message; the form keeps its values.
#[test]
fn read_only_session_refuses_saves() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture_file(dir.path());
    let mut db = Db::open_read_only(&path, ReadOnlyWhy::Asked).unwrap();
    let mut app = load(&db, Lang::Zh, false);
    assert!(app.read_only.is_some());
    let screen = {
        let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
        t.draw(|f| gridcare::tui::draw(f, &app)).unwrap();
        format!("{}", t.backend())
    };
    assert!(screen.contains("只读"), "marked read-only:\n{screen}");
    press(&mut app, &mut db, "/wdy{Enter}r150{Tab}95{C-s}");
    let typed = form_values(&app);
    assert!(typed.iter().any(|v| v == "150"));
    match &app.popup {
        Some(Popup::Form(f)) => {
            let e = f.error.clone().unwrap_or_default();
            assert!(e.contains("只读") && e.contains("不能保存"), "{e}");
        }
        _ => panic!("form kept"),
    }
    drop(app);
    drop(db);
    assert_eq!(visits(&path), 9);
}

/// Item 2 on a real full disk (a 1 MB tmpfs), where the platform lets the
/// test mount one: reading commands work read-only with a note; a write says
/// the disk is full and how much it needs.
#[cfg(target_os = "linux")]
#[test]
fn full_disk_on_a_small_filesystem() {
    let dir = tempfile::tempdir().unwrap();
    let mnt = dir.path().join("小盘");
    std::fs::create_dir(&mnt).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=1m", "tmpfs"])
        .arg(&mnt)
        .output()
        .is_ok_and(|o| o.status.success());
    if !mounted {
        // CI runs as root where a tmpfs can be mounted: there the test must run
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must be able to mount a 1 MB tmpfs (root, mount): the full-disk test cannot run"
        );
        eprintln!("note: cannot mount a tmpfs here; the SQLITE_FULL test covers the mapping");
        return;
    }
    struct Unmount(PathBuf);
    impl Drop for Unmount {
        fn drop(&mut self) {
            let _ = Command::new("umount").arg(&self.0).status();
        }
    }
    let _guard = Unmount(mnt.clone());
    let src = fixture_file(dir.path());
    let path = mnt.join("g.db");
    Db::open(&src, OpenMode::MustExist)
        .unwrap()
        .backup_to(&path)
        .unwrap();
    // fill the disk
    let mut filler = std::fs::File::create(mnt.join("填满")).unwrap();
    let block = vec![0u8; 4096];
    while std::io::Write::write_all(&mut filler, &block).is_ok() {}
    drop(filler);
    let db = path.to_str().unwrap();
    let (code, out, err) = gridcare_as(None, &["queue", "--today", "2026-11-20", "--db", db]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("曾国强"), "{out}");
    assert!(err.contains("disk is full"), "{err}");
    let add = [
        "roster",
        "add",
        "--name",
        "黄小燕",
        "--role",
        "nurse",
        "--lang",
        "zh",
    ];
    let (code, _, err) = gridcare_as(None, &[&add[..], &["--db", db]].concat());
    assert_ne!(code, 0);
    assert!(err.contains("磁盘已满") && err.contains("MB"), "{err}");
    assert!(!err.contains("Error code"), "{err}");
}

/// Issue 24 item 13: a WAL database copied with `cp` after it was closed
/// (its header still says WAL) on read-only media opens read-only, and a
/// 0444 file in a folder the user cannot write opens with --read-only.
#[cfg(unix)]
#[test]
fn wal_copies_on_read_only_media_open() {
    let Some(user) = other_user() else {
        return;
    };
    let outer = tempfile::tempdir().unwrap();
    chmod(outer.path(), 0o755);
    let src = fixture_file(outer.path());
    let header = std::fs::read(&src).unwrap();
    assert_eq!((header[18], header[19]), (2, 2), "a WAL database");
    let stick = outer.path().join("stick");
    std::fs::create_dir(&stick).unwrap();
    let copy = stick.join("cp副本.db");
    std::fs::copy(&src, &copy).unwrap();
    chmod(&copy, 0o444);
    chmod(&stick, 0o555);
    let db = copy.to_str().unwrap();
    for extra in [&[][..], &["--read-only"][..]] {
        let args = [&["queue", "--today", "2026-11-20", "--db", db][..], extra].concat();
        let (code, out, err) = gridcare_as(user, &args);
        assert_eq!(code, 0, "{args:?}: {err}");
        assert!(out.contains("曾国强"), "{out}");
        assert!(!err.contains("unable to open"), "{err}");
        let args = [&["check", "--db", db][..], extra].concat();
        let (code, out, err) = gridcare_as(user, &args);
        assert_eq!(code, 0, "{args:?}: {out}{err}");
    }
    assert_eq!(
        std::fs::read_dir(&stick).unwrap().count(),
        1,
        "nothing beside it"
    );
    chmod(&stick, 0o755);
}
