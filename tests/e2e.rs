//! The real binary in a terminal (tmux): open the demo, find a patient by
//! pinyin initials, record an uncontrolled follow-up, see the colour turn
//! yellow and a 2-week re-check appear, quit, reopen and see it kept.
//! tmux is a test prerequisite (.ci/run installs it).

mod common;
use gridcare::db::{Db, OpenMode};
use gridcare::domain::model::{Colour, Subject, VisitKind};
use gridcare::domain::queue;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

struct Tmux {
    socket: String,
    /// The shell command of the session, for starting it again.
    cmd: String,
}

impl Tmux {
    fn run(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("tmux is installed (see README)");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
    fn start(&self, cmd: &str) {
        self.run(&[
            "new-session",
            "-d",
            "-s",
            "e2e",
            "-x",
            "100",
            "-y",
            "30",
            cmd,
        ]);
    }
    fn keys(&self, keys: &[&str]) {
        for k in keys {
            self.run(&["send-keys", "-t", "e2e", k]);
        }
    }
    /// Types text literally (Chinese included).
    fn text(&self, text: &str) {
        self.run(&["send-keys", "-t", "e2e", "-l", text]);
    }
    fn screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", "e2e"])
    }
    /// Waits until `ok` holds of the screen; panics with the screen if it never does.
    fn wait_until(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if ok(&s) && self.still(&s) {
                return s;
            }
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "never saw {what} on:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    /// Whether the screen `s` was whole: a capture a moment later is the same.
    /// A capture can fall in the middle of a redraw (the CI run of stop 34 read
    /// a resident screen whose lower half still held the queue it replaced).
    fn still(&self, s: &str) -> bool {
        std::thread::sleep(Duration::from_millis(150));
        self.screen() == s
    }
    /// The screen once it has stopped changing (a key handled, nothing pending).
    fn settle(&self) -> String {
        let mut last = self.screen();
        loop {
            std::thread::sleep(Duration::from_millis(700));
            let now = self.screen();
            if now == last {
                return now;
            }
            last = now;
        }
    }
    /// Waits until the screen shows `needle`; panics with the screen if it never does.
    fn wait_for(&self, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if s.contains(needle) && self.still(&s) {
                return s;
            }
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "never saw {needle:?} on:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Tmux {
    /// `env ENV gridcare ARGS` in its own tmux server named after the test;
    /// the shell then says EXITED and gridcare's exit code, runs `then`,
    /// and keeps the pane open.
    fn launch(name: &str, env: &str, args: &str, then: &str) -> Tmux {
        let tmux = Tmux {
            socket: format!("gridcare-e2e-{name}-{}", std::process::id()),
            cmd: format!(
                "env {env} {} {args}; echo EXITED $?;{then} sleep 60",
                env!("CARGO_BIN_EXE_gridcare")
            ),
        };
        tmux.restart();
        tmux
    }
    /// Starts the session's command again (after it was killed).
    fn restart(&self) {
        self.start(&self.cmd);
    }
    /// From the Today screen: `/`, the initials, Enter on the only hit.
    fn open_by_initials(&self, initials: &str, name: &str) {
        self.wait_for("红码名单");
        self.keys(&["/"]);
        self.wait_for("拼音首字母");
        self.keys(&[initials]);
        self.wait_for(name);
        self.keys(&["Enter"]);
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .arg("kill-server")
            .output();
    }
}

/// A green patient due a follow-up whose usual-reading initials find them first.
fn pick_patient(db_path: &Path) -> (String, String) {
    let db = Db::open(db_path, OpenMode::MustExist).unwrap();
    let today = gridcare::demo::demo_date();
    let town = db.township(today).unwrap();
    let tasks = queue::tasks(&town, today, &db.rules().unwrap());
    for t in tasks
        .iter()
        .filter(|t| t.kind == VisitKind::Followup && t.colour == Some(Colour::Green))
    {
        let Subject::Resident(id) = t.subject else {
            continue;
        };
        let initials: String = gridcare::search::initials(&t.name)
            .iter()
            .filter_map(|s| s.first())
            .collect();
        let hits = gridcare::search::search(&town, &initials, 5);
        if initials.chars().count() == t.name.chars().count()
            && hits.first().map(|h| h.resident_id) == Some(id)
            && hits.len() == 1
        {
            return (t.name.clone(), initials);
        }
    }
    panic!("no suitable patient in the demo");
}

/// A demo township in `dir`/demo.db, made by the binary.
fn demo_file(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("demo.db");
    let made = Command::new(env!("CARGO_BIN_EXE_gridcare"))
        .args(["demo", "--no-tui", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    db
}

#[test]
fn find_record_quit_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let (bin, db) = (env!("CARGO_BIN_EXE_gridcare"), demo_file(dir.path()));
    let (name, initials) = pick_patient(&db);

    let demo = format!("demo --db {}", db.display());
    let tmux = Tmux::launch("find", "LANG=C.UTF-8 GRIDCARE_OPERATOR=e2e", &demo, "");
    tmux.open_by_initials(&initials, &name);
    tmux.wait_for("一人一策");
    // record: r, the systolic, Tab, the diastolic, Ctrl-S
    tmux.keys(&["r"]);
    tmux.wait_for("收缩压");
    tmux.keys(&["150", "Tab", "92"]);
    tmux.wait_for("控制不满意");
    tmux.keys(&["C-s"]);
    let s = tmux.wait_for("已保存");
    assert!(s.contains("颜色: 黄"), "yellow now:\n{s}");
    assert!(
        s.contains("两周复查 黄"),
        "a 2-week re-check in the task list:\n{s}"
    );
    assert!(s.contains("150/92"), "the follow-up listed:\n{s}");
    tmux.keys(&["C-c"]);
    tmux.wait_for("EXITED 0");
    tmux.run(&["kill-session", "-t", "e2e"]);

    // The re-check is in the queue, due in two weeks, yellow.
    let q = Command::new(bin)
        .args([
            "queue",
            "--today",
            "2026-11-20",
            "--kind",
            "recheck",
            "--colour",
            "yellow",
            "--format",
            "csv",
            "--db",
        ])
        .arg(&db)
        .output()
        .unwrap();
    let q = String::from_utf8_lossy(&q.stdout);
    assert!(
        q.lines()
            .any(|l| l.contains(&name) && l.contains("2026-12-04") && l.starts_with("due,")),
        "queue shows the re-check:\n{q}"
    );

    // Reopen: it was kept.
    tmux.restart();
    tmux.open_by_initials(&initials, &name);
    let s = tmux.wait_for("一人一策");
    assert!(
        s.contains("颜色: 黄") && s.contains("150/92"),
        "kept after reopening:\n{s}"
    );
    tmux.keys(&["q", "q"]);
    tmux.wait_for("EXITED 0");
}

/// Issue 10's walk, in exactly these keys: Today, `j` to a red patient,
/// Enter opens them, record a follow-up, `q` back to Today, `q` quits.
#[test]
fn monday_walk_from_today_to_a_red_patient_and_out() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let demo = format!("demo --db {}", db.display());
    let tmux = Tmux::launch("walk", "LANG=C.UTF-8 GRIDCARE_OPERATOR=e2e", &demo, "");
    let today = tmux.wait_for("红码名单");
    // the second red row, as Today lists it
    let second = today
        .lines()
        .filter(|l| l.contains("│ 红 ") || l.contains("│>红 "))
        .nth(1)
        .and_then(|l| l.split("红 ").nth(1))
        .and_then(|rest| rest.split_whitespace().next())
        .map(str::to_string)
        .expect("two red rows on Today");
    tmux.keys(&["j"]);
    tmux.keys(&["Enter"]);
    let s = tmux.wait_for("一人一策");
    assert!(s.contains(&second), "{second} opened:\n{s}");
    tmux.keys(&["r"]);
    tmux.wait_for("收缩压");
    tmux.keys(&["150", "Tab", "92", "C-s"]);
    let s = tmux.wait_for("已保存");
    assert!(s.contains("150/92"), "the follow-up listed:\n{s}");
    tmux.keys(&["q"]);
    tmux.wait_for("红码名单");
    tmux.keys(&["q"]);
    tmux.wait_for("EXITED 0");
}

/// The ui.lang setting picks English when --lang is not given; a non-UTF-8
/// locale draws ASCII borders.
#[test]
fn language_setting_and_plain_locale() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.db");
    {
        let mut d = Db::open(&db, OpenMode::CreateIfMissing).unwrap();
        d.apply_sql(include_str!("../fixtures/township.sql"))
            .unwrap();
        d.apply_sql("UPDATE setting SET value = 'en' WHERE key = 'ui.lang'")
            .unwrap();
    }
    let tmux = on_fixture_date("lang", "-u GRIDCARE_LANG LC_ALL=C LANG=C", &db);
    let s = tmux.wait_for("Red list");
    assert!(
        s.contains("+ By cadence"),
        "ASCII borders under LANG=C:\n{s}"
    );
    tmux.keys(&["C-c"]);
    tmux.wait_for("EXITED 0");
}

/// Issue 7 as a coordinator met it: gridcare open, another program backs the
/// database up and closes, two follow-ups are saved from the queue, and the
/// SSH link drops. A fresh process must see both visits throughout.
#[test]
fn backup_while_open_then_hangup_keeps_saved_visits() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("三角乡.db");
    Db::open(&db, OpenMode::CreateIfMissing)
        .unwrap()
        .apply_sql(include_str!("../fixtures/township.sql"))
        .unwrap();
    let bin = env!("CARGO_BIN_EXE_gridcare");
    let visits = || {
        let out = Command::new(bin)
            .arg("check")
            .arg("--db")
            .arg(&db)
            .env("GRIDCARE_LANG", "en")
            .output()
            .unwrap();
        let out = String::from_utf8_lossy(&out.stdout).into_owned();
        out.lines()
            .find(|l| l.trim_end().ends_with(" visits"))
            .and_then(|l| l.split_whitespace().next()?.parse::<i64>().ok())
            .unwrap_or_else(|| panic!("no visit count in:\n{out}"))
    };
    let before = visits();
    let tmux = on_fixture_date("backup", "LANG=C.UTF-8", &db);
    tmux.wait_for("红码名单");
    tmux.keys(&["2"]);
    tmux.wait_for("曾国强");
    // Another program (Python's sqlite3 module, the system's SQLite) takes a backup and closes.
    let st = Command::new("python3")
        .args([
            "-c",
            "import sqlite3, sys\ns = sqlite3.connect(sys.argv[1]); d = sqlite3.connect(sys.argv[2])\ns.backup(d); d.close(); s.close()",
        ])
        .arg(&db)
        .arg(dir.path().join("x.db"))
        .status()
        .unwrap();
    assert!(st.success());
    tmux.keys(&["r"]);
    tmux.wait_for("收缩压");
    tmux.keys(&["150", "Tab", "95", "C-s"]);
    tmux.wait_for("已保存");
    // The second from 王大爷's own screen, found by initials.
    tmux.keys(&["/"]);
    tmux.wait_for("拼音首字母");
    tmux.keys(&["wdy"]);
    tmux.wait_for("王大爷");
    tmux.keys(&["Enter"]);
    tmux.wait_for("一人一策");
    tmux.keys(&["r"]);
    tmux.wait_for("收缩压");
    tmux.keys(&["160", "Tab", "98", "C-s"]);
    tmux.wait_for("160/98");
    let wal = dir.path().join("三角乡.db-wal");
    assert!(wal.exists(), "the WAL is still there while gridcare runs");
    assert_eq!(visits(), before + 2, "a fresh process sees both visits");
    // The SSH link drops: tmux hangs up on the session.
    tmux.run(&["kill-session", "-t", "e2e"]);
    assert_eq!(visits(), before + 2, "both visits outlive the session");
}

/// Issue 17: another program holds the write lock for three seconds. The
/// save says at once that it waits, then saves when the lock is released.
#[test]
fn a_held_lock_shows_waiting_then_saves() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("三角乡.db");
    Db::open(&db, OpenMode::CreateIfMissing)
        .unwrap()
        .apply_sql(include_str!("../fixtures/township.sql"))
        .unwrap();
    let tmux = on_fixture_date("lock", "LANG=C.UTF-8", &db);
    tmux.wait_for("红码名单");
    tmux.keys(&["2"]);
    tmux.wait_for("曾国强");
    tmux.keys(&["r"]);
    tmux.wait_for("收缩压");
    tmux.keys(&["150", "Tab", "95"]);
    tmux.wait_for("控制不满意");
    let holder = hold_write_lock(&db, 3);
    tmux.keys(&["C-s"]);
    tmux.wait_for("正在等待其他用户完成保存");
    let s = tmux.wait_for("已保存");
    assert!(
        s.contains("150/95") || s.contains("红"),
        "saved after the lock:\n{s}"
    );
    let _ = holder.wait_with_output().unwrap();

    // A lock that outlasts the wait (8 s > 5 s): the form comes back with its
    // values, says what happened, and a key pressed meanwhile is not typed in.
    tmux.keys(&["r"]);
    tmux.wait_for("收缩压");
    tmux.keys(&["160", "Tab", "98"]);
    tmux.wait_for("控制不满意");
    let holder = hold_write_lock(&db, 8);
    tmux.keys(&["C-s"]);
    tmux.wait_for("正在等待其他用户完成保存");
    tmux.keys(&["7"]);
    let s = tmux.wait_for("其他用户或程序正在保存");
    assert!(
        s.contains("98") && !s.contains("987"),
        "values kept, no stray key:\n{s}"
    );
    let _ = holder.wait_with_output().unwrap();
    tmux.keys(&["C-s"]);
    tmux.wait_for("已保存");
    tmux.keys(&["C-c"]);
    tmux.wait_for("EXITED 0");
}

/// Issue 13 as a coordinator meets it: on the queue, `w` picks a worker, `p`
/// opens the print form, Ctrl-S writes that worker's PDF into the print
/// folder, and the status line says where it went.
#[test]
fn print_a_worker_sheet_from_the_queue() {
    let dir = tempfile::tempdir().unwrap();
    let (db, out) = fixture_printing_to(dir.path(), "sheets");
    let tmux = on_fixture_date("print", "GRIDCARE_LANG=zh", &db);
    tmux.wait_for("红码名单");
    tmux.keys(&["2"]);
    tmux.wait_for("筛选");
    tmux.keys(&["w"]);
    tmux.wait_for("筛选：负责人");
    tmux.keys(&["Down", "Enter"]);
    tmux.wait_for("负责人=");
    tmux.keys(&["p"]);
    tmux.wait_for("打印任务单");
    tmux.keys(&["C-s"]);
    let s = tmux.wait_for("已打印到");
    let files: Vec<_> = std::fs::read_dir(&out).unwrap().flatten().collect();
    assert_eq!(files.len(), 1, "one file in the print folder:\n{s}");
    let name = files[0].file_name().to_string_lossy().into_owned();
    assert!(name.ends_with("-2026-W47.pdf"), "{name}");
    let bytes = std::fs::read(files[0].path()).unwrap();
    assert!(bytes.starts_with(b"%PDF"), "a PDF");
    tmux.keys(&["C-c"]);
    tmux.wait_for("EXITED 0");
}

/// Another program (Python's sqlite3) holding the write lock for `seconds`;
/// returns once the lock is taken.
fn hold_write_lock(db: &Path, seconds: u32) -> std::process::Child {
    let mut holder = Command::new("python3")
        .args([
            "-c",
            &format!(
                "import sqlite3, sys, time\nc = sqlite3.connect(sys.argv[1], isolation_level=None)\nc.execute('BEGIN EXCLUSIVE')\nprint('locked', flush=True)\ntime.sleep({seconds})\nc.execute('COMMIT')"
            ),
        ])
        .arg(db)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(holder.stdout.take().unwrap()),
        &mut line,
    )
    .unwrap();
    assert_eq!(line.trim(), "locked");
    holder
}

/// The fixture township in `dir`/g.db, printing into `dir`/`folder`.
fn fixture_printing_to(dir: &Path, folder: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    let db = dir.join("g.db");
    let out = dir.join(folder);
    std::fs::create_dir(&out).unwrap();
    let mut d = Db::open(&db, OpenMode::CreateIfMissing).unwrap();
    d.apply_sql(include_str!("../fixtures/township.sql"))
        .unwrap();
    d.apply_sql(&format!(
        "INSERT INTO setting (key, value, description) VALUES ('print.folder', '{}', 'e2e')",
        out.display()
    ))
    .unwrap();
    (db, out)
}

/// gridcare on `db` as of the fixture's date, in its own tmux server; the
/// shell says EXITED and the code when gridcare ends.
fn on_fixture_date(name: &str, env: &str, db: &Path) -> Tmux {
    Tmux::launch(
        name,
        env,
        &format!("--db {} --today 2026-11-20", db.display()),
        "",
    )
}

/// The grid worker 涂春生 signed in (Chinese), on 王大爷's resident screen.
fn worker_on_wang(name: &str, db: &Path) -> Tmux {
    let tmux = on_fixture_date(name, "GRIDCARE_LANG=zh", db);
    tmux.wait_for("PIN");
    tmux.text("涂春生");
    tmux.keys(&["Enter"]);
    tmux.text(common::pin_of("涂春生"));
    tmux.keys(&["Enter"]);
    tmux.open_by_initials("wdy", "王大爷");
    tmux.wait_for("王大爷");
    tmux
}

/// One text value a fresh connection reads from `db` (another program's view).
fn fresh(db: &Path, sql: &str) -> String {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

/// Issue 11: from `gridcare init`, by keys in a real terminal: the township,
/// a village, a grid, a household, a resident with hypertension — who then
/// has an unassessed follow-up in the queue.
#[test]
fn register_from_init_in_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("新乡.db");
    let bin = env!("CARGO_BIN_EXE_gridcare");
    let made = Command::new(bin)
        .args(["init", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(made.status.success());
    let tmux = on_fixture_date("init", "GRIDCARE_LANG=zh", &db);
    tmux.wait_for("数据库是空的");
    tmux.keys(&["a"]);
    tmux.wait_for("新建乡镇");
    tmux.text("进贤县");
    tmux.keys(&["Tab"]);
    tmux.text("三角乡");
    tmux.keys(&["C-s"]);
    tmux.wait_for("还没有登记任何家庭");
    tmux.keys(&["5", "a"]);
    tmux.wait_for("新增村");
    tmux.text("富民村");
    tmux.keys(&["C-s", "Tab", "a"]);
    tmux.wait_for("新增网格");
    tmux.text("第一网格");
    tmux.keys(&["C-s", "A"]);
    tmux.wait_for("新增家庭");
    tmux.text("富民村1组3号");
    tmux.keys(&["C-s"]);
    tmux.wait_for("星级");
    tmux.keys(&["a"]);
    tmux.wait_for("新增成员");
    tmux.text("王大爷");
    tmux.keys(&["Tab"]);
    tmux.text("360425194803150117");
    tmux.wait_for("1948-03-15");
    tmux.keys(&["C-s", "Enter", "a"]);
    tmux.wait_for("登记慢病");
    tmux.keys(&["C-s"]);
    tmux.wait_for("高血压 (2026-11-20)");
    tmux.keys(&["2"]);
    let s = tmux.wait_for("王大爷");
    assert!(
        s.lines()
            .any(|l| l.contains("王大爷") && l.contains("未评") && l.contains("慢病随访")),
        "an unassessed follow-up in the queue:\n{s}"
    );
    // Issue 11: the chronic follow-up queue is the quarterly one; the first
    // follow-up (due within 14 days, §4) is there too.
    tmux.keys(&["l", "l"]);
    let s = tmux.wait_for("[每季]");
    assert!(
        s.lines()
            .any(|l| l.contains("王大爷") && l.contains("未评") && l.contains("慢病随访")),
        "an unassessed follow-up in the quarterly queue:\n{s}"
    );
    tmux.keys(&["q", "q"]);
    tmux.wait_for("EXITED 0");
}

/// Issue 12, in a real terminal: screen 5 gives 富民村第一网格 to another
/// worker (history kept), and screen 6 regroups 富民村 once a patient has
/// no group, showing the move before applying it.
#[test]
fn reassign_a_grid_and_regroup_a_village_in_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::fixture_file(dir.path());
    // 曾国强 is under management but in no group yet (as after a diagnosis)
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute("DELETE FROM group_member WHERE resident_id = 7", [])
        .unwrap();
    let tmux = on_fixture_date("rosters", "GRIDCARE_LANG=zh", &db);
    tmux.wait_for("红码名单");
    tmux.keys(&["5"]);
    tmux.wait_for("人员与负荷");
    tmux.keys(&["Tab", "W"]);
    tmux.wait_for("指派网格员");
    tmux.keys(&["Right", "C-s"]);
    let s = tmux.wait_for("已交接");
    assert!(
        s.lines()
            .any(|l| l.contains("第一网格") && l.contains("熊建华")),
        "the grid's new worker:\n{s}"
    );
    let fresh = |sql: &str| fresh(&db, sql);
    assert_eq!(
        fresh(
            "SELECT group_concat(staff_id || ':' || coalesce(to_date, '-'), ' ') FROM (SELECT * FROM grid_assignment WHERE grid_id = 1 ORDER BY id)"
        ),
        "2:2026-11-19 4:-",
        "saved, history kept"
    );
    tmux.keys(&["6"]);
    tmux.wait_for("富民村第1组");
    tmux.keys(&["P"]);
    let s = tmux.wait_for("分组方案：1 人调动");
    assert!(s.contains("曾国强"), "the move shown before applying:\n{s}");
    assert_eq!(
        fresh("SELECT count(*) || '' FROM group_member WHERE resident_id = 7"),
        "0",
        "nothing applied yet"
    );
    tmux.keys(&["Enter"]);
    tmux.wait_for("已应用分组方案");
    assert_eq!(
        fresh("SELECT count(*) || '' FROM group_member WHERE resident_id = 7"),
        "1"
    );
    tmux.keys(&["q", "q"]);
    tmux.wait_for("EXITED 0");
}

/// Issue 14, in a real terminal: an emergency reading proposes a referral,
/// saving sends it and turns the patient red with a follow-up within 14
/// days; screen 7 records it received and returned down; a new follow-up
/// then sets the colour from the readings again.
#[test]
fn an_emergency_reading_is_referred_and_returned_in_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::fixture_file(dir.path());
    let fresh = |sql: &str| fresh(&db, sql);
    let tmux = on_fixture_date("referral", "GRIDCARE_LANG=zh", &db);
    tmux.wait_for("红码名单");
    // 王大爷: yellow after an uncontrolled follow-up on 2026-11-10
    tmux.keys(&["/"]);
    tmux.text("王大爷");
    tmux.keys(&["Enter"]);
    tmux.wait_for("颜色: 黄");
    tmux.keys(&["r"]);
    tmux.wait_for("收缩压");
    tmux.keys(&["185", "Tab", "115"]);
    // the rule is named before saving
    tmux.wait_for("紧急转诊（收缩压≥180或舒张压≥110）");
    tmux.keys(&["C-s"]);
    let s = tmux.wait_for("已转诊");
    assert!(s.contains("颜色: 红"), "red at once:\n{s}");
    assert!(s.contains("2026-12-04"), "a follow-up within 14 days:\n{s}");
    assert_eq!(
        fresh(
            "SELECT count(*) || ':' || urgency || ':' || to_level FROM referral WHERE resident_id = 1"
        ),
        "1:emergency:county"
    );
    // screen 7: received, then returned down with the county's advice
    // the fixture's 曾国强 was referred first: his row is first, oldest first
    tmux.keys(&["7"]);
    tmux.wait_for("王大爷");
    tmux.keys(&["j", "R"]);
    tmux.wait_for("登记接收 · 王大爷");
    tmux.keys(&["C-s"]);
    tmux.wait_for("已保存：登记接收");
    tmux.keys(&["D"]);
    tmux.wait_for("登记下转 · 王大爷");
    tmux.keys(&["Tab"]);
    tmux.text("调整降压药，两周后复查");
    tmux.keys(&["C-s"]);
    tmux.wait_for("已保存：登记下转");
    assert_eq!(
        fresh(
            "SELECT coalesce(returned_on, '-') || ' ' || coalesce(outcome, '-') FROM referral WHERE resident_id = 1"
        ),
        "2026-11-20 调整降压药，两周后复查"
    );
    // back on the resident: the referral with the county's advice (issue
    // 25 item 2), Tab to the referrals, Enter opens it whole
    tmux.keys(&["/"]);
    tmux.text("王大爷");
    tmux.keys(&["Enter"]);
    tmux.wait_for("颜色:");
    tmux.keys(&["Tab", "Tab"]);
    let s = tmux.wait_for("调整降压药");
    assert!(s.contains("已下转 2026-11-20"), "the referral's row:\n{s}");
    tmux.keys(&["Enter"]);
    let s = tmux.wait_for("下转意见");
    assert!(
        s.contains("调整降压药，两周后复查"),
        "the advice whole:\n{s}"
    );
    tmux.keys(&["Escape"]);
    // and on the command line, with the returned ones
    let (code, all, err) = common::gridcare_run(&[
        "--db",
        db.to_str().unwrap(),
        "--today",
        "2026-11-20",
        "referral",
        "list",
        "--all",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(all.contains("调整降压药，两周后复查"), "{all}");
    // a controlled follow-up sets the colour again
    tmux.keys(&["r"]);
    tmux.wait_for("收缩压");
    tmux.keys(&["128", "Tab", "80", "C-s"]);
    let s = tmux.wait_for("已保存");
    assert!(s.contains("颜色: 绿"), "green from the new readings:\n{s}");
    tmux.keys(&["q", "q"]);
    tmux.wait_for("EXITED 0");
}

/// Issue 15 item 5: a follow-up typed in a real terminal, then the terminal
/// goes away: `how` is "hangup" (tmux kills the session: SIGHUP, as when the
/// SSH link drops), "term" (SIGTERM to gridcare, the terminal staying) or
/// "lost" (issue 24 item 4: gridcare runs in a session of its own, `setsid`,
/// so when tmux kills the session the terminal is gone but no SIGHUP comes;
/// it read end-of-file in a loop for ever).
/// gridcare keeps the form as a draft and ends; the next start offers it and
/// Enter shows the typed values again.
fn draft_survives(how: &str) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("三角乡.db");
    Db::open(&db, OpenMode::CreateIfMissing)
        .unwrap()
        .apply_sql(include_str!("../fixtures/township.sql"))
        .unwrap();
    let bin = env!("CARGO_BIN_EXE_gridcare");
    // after gridcare: its exit code, then the terminal's modes as the shell finds them
    // `env … setsid gridcare`: gridcare in a session of its own, on the pane's terminal
    if how == "lost" {
        let setsid = Command::new("setsid").arg("--version").output();
        assert!(
            setsid.is_ok_and(|o| o.status.success()),
            "setsid (util-linux) is needed to run gridcare in a session of its own"
        );
    }
    let env = match how {
        "lost" => "LANG=C.UTF-8 GRIDCARE_OPERATOR=e2e setsid",
        _ => "LANG=C.UTF-8 GRIDCARE_OPERATOR=e2e",
    };
    let tmux = Tmux::launch(
        &format!("draft-{how}"),
        env,
        &format!("--db {} --today 2026-11-20", db.display()),
        " stty -a;",
    );
    tmux.wait_for("红码名单");
    tmux.keys(&["/"]);
    tmux.wait_for("拼音首字母");
    tmux.keys(&["wdy"]);
    tmux.wait_for("王大爷");
    tmux.keys(&["Enter"]);
    tmux.wait_for("一人一策");
    tmux.keys(&["r"]);
    tmux.wait_for("收缩压");
    tmux.keys(&["152", "Tab", "94", "Tab"]);
    tmux.text("88");
    tmux.wait_for("控制不满意");
    let visits = |db: &Path| -> i64 {
        Db::open(db, OpenMode::MustExist)
            .unwrap()
            .conn()
            .query_row("SELECT count(*) FROM visit", [], |r| r.get(0))
            .unwrap()
    };
    let before = visits(&db);
    // gridcare's own process, ended by the test should it outlive the test
    let running = || -> Vec<String> {
        let out = Command::new("pgrep")
            .args(["-f", &format!("{bin} --db {}", db.display())])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout)
            .split_whitespace()
            .map(str::to_string)
            .collect()
    };
    let _reaper = Reaper(running());
    if how == "hangup" || how == "lost" {
        tmux.run(&["kill-session", "-t", "e2e"]);
    } else {
        let shell = tmux.run(&["display", "-p", "-t", "e2e", "#{pane_pid}"]);
        let child = Command::new("pgrep")
            .args(["-P", shell.trim()])
            .output()
            .unwrap();
        let pid = String::from_utf8_lossy(&child.stdout).trim().to_string();
        assert!(!pid.is_empty(), "gridcare runs under the shell");
        assert!(
            Command::new("kill")
                .args(["-TERM", &pid])
                .status()
                .unwrap()
                .success()
        );
        let s = tmux.wait_for("EXITED 0");
        // the terminal is given back: cooked mode with echo, the main screen, the cursor shown
        assert!(
            s.contains(" icanon") && s.contains(" echo") && !s.contains("-icanon"),
            "raw mode off:\n{s}"
        );
        assert!(s.contains("kept as a draft"), "{s}");
        let modes = tmux.run(&[
            "display",
            "-p",
            "-t",
            "e2e",
            "#{alternate_on} #{cursor_flag}",
        ]);
        assert_eq!(modes.trim(), "0 1", "main screen, cursor shown");
        tmux.run(&["kill-session", "-t", "e2e"]);
    }
    // the draft is in the database (a second process reads it), nothing saved
    let start = Instant::now();
    let draft = loop {
        let mut d = Db::open(&db, OpenMode::MustExist).unwrap();
        d.operator = "e2e".into();
        if let Some(x) = d.draft().unwrap() {
            break x;
        }
        assert!(start.elapsed() < Duration::from_secs(10), "no draft kept");
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(draft.title.contains("王大爷"), "{}", draft.title);
    assert_eq!(visits(&db), before, "a draft is not a visit");
    // gridcare has ended (it does not spin on a hung-up terminal)
    let start = Instant::now();
    while !running().is_empty() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "gridcare still runs"
        );
        std::thread::sleep(Duration::from_millis(200));
    }

    // the next start offers it; Enter restores the typed values
    tmux.restart();
    let s = tmux.wait_for("有未保存的草稿");
    assert!(
        s.contains("记录随访 · 王大爷") && s.contains("Enter 恢复"),
        "{s}"
    );
    tmux.keys(&["Enter"]);
    let s = tmux.wait_for("草稿已恢复");
    assert!(
        s.contains("152") && s.contains("94") && s.contains("88") && s.contains("控制不满意"),
        "the typed values are back:\n{s}"
    );
    tmux.keys(&["C-s"]);
    tmux.wait_for("已保存");
    assert_eq!(visits(&db), before + 1);
    tmux.keys(&["C-c"]);
    tmux.wait_for("EXITED 0");
}

#[test]
fn hangup_keeps_a_typed_form_as_a_draft() {
    draft_survives("hangup");
}

#[test]
fn sigterm_restores_the_terminal_and_keeps_a_typed_form() {
    draft_survives("term");
}

/// Issue 24 item 4: the terminal goes away and no SIGHUP reaches gridcare;
/// it ends as on a hang-up, the typed form kept as a draft.
#[test]
fn lost_terminal_without_sighup_keeps_the_form_and_ends() {
    draft_survives("lost");
}

/// Ends, by their ids, the gridcare processes a test started, should one
/// still run when the test ends (a failed test must not leave one spinning).
struct Reaper(Vec<String>);

impl Drop for Reaper {
    fn drop(&mut self) {
        for pid in &self.0 {
            // still the test's process (its number not taken by another)
            let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
            if String::from_utf8_lossy(&cmdline).contains(env!("CARGO_BIN_EXE_gridcare")) {
                let _ = Command::new("kill").args(["-KILL", pid]).output();
            }
        }
    }
}

/// Issue 15 item 5, for a form other than the follow-up: a care plan of two
/// lines typed in a real terminal, the terminal hung up (SIGHUP); the next
/// start offers it, Enter shows both lines, Ctrl-S saves them with their
/// line break (read by another process).
#[test]
fn hangup_keeps_a_typed_care_plan_with_its_lines() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("三角乡.db");
    Db::open(&db, OpenMode::CreateIfMissing)
        .unwrap()
        .apply_sql(include_str!("../fixtures/township.sql"))
        .unwrap();
    let tmux = on_fixture_date("draft-plan", "LANG=C.UTF-8 GRIDCARE_OPERATOR=e2e", &db);
    tmux.open_by_initials("wdy", "王大爷");
    tmux.wait_for("一人一策");
    tmux.keys(&["L"]);
    tmux.wait_for("一人一策 · 王大爷");
    tmux.text("每周电话问候");
    tmux.keys(&["M-Enter"]);
    tmux.text("家庭医生每月上门");
    tmux.wait_for("家庭医生每月上门");
    tmux.run(&["kill-session", "-t", "e2e"]);
    // a second process finds the draft, the plan not written
    let start = Instant::now();
    let draft = loop {
        let mut d = Db::open(&db, OpenMode::MustExist).unwrap();
        d.operator = "e2e".into();
        if let Some(x) = d.draft().unwrap() {
            break x;
        }
        assert!(start.elapsed() < Duration::from_secs(10), "no draft kept");
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(draft.title.contains("一人一策 · 王大爷"), "{}", draft.title);
    let plan = |db: &Path| -> Option<String> {
        Db::open(db, OpenMode::MustExist)
            .unwrap()
            .conn()
            .query_row("SELECT care_plan FROM resident WHERE id = 1", [], |r| {
                r.get(0)
            })
            .unwrap()
    };
    assert_eq!(plan(&db), None);

    tmux.restart();
    let s = tmux.wait_for("有未保存的草稿");
    assert!(s.contains("一人一策 · 王大爷"), "{s}");
    tmux.keys(&["Enter"]);
    let s = tmux.wait_for("草稿已恢复");
    assert!(
        s.contains("每周电话问候") && s.contains("家庭医生每月上门"),
        "both lines are back:\n{s}"
    );
    tmux.keys(&["C-s"]);
    tmux.wait_for("已保存");
    assert_eq!(plan(&db).as_deref(), Some("每周电话问候\n家庭医生每月上门"));
    tmux.keys(&["C-c"]);
    tmux.wait_for("EXITED 0");
}

/// Issue 25 items 1 and 4, walked as a coordinator would in a terminal:
/// typing a date into 确诊日期 replaces the filled-in one and Ctrl-U clears a
/// field; opening 2 → h (本周计划) changes nothing a later `gridcare print
/// --worker 涂春生 --week 2026-W47` prints — the same sheet as from a copy
/// where the command line printed first.
#[test]
fn a_monday_in_a_terminal_dates_typed_and_the_plan_looked_at() {
    let dir = tempfile::tempdir().unwrap();
    let fixture = |name: &str| {
        let path = dir.path().join(name);
        Db::open(&path, OpenMode::CreateIfMissing)
            .unwrap()
            .apply_sql(include_str!("../fixtures/township.sql"))
            .unwrap();
        path
    };
    let print = |db: &Path, out: &str| -> String {
        let out = dir.path().join(out);
        let (code, _, err) = common::gridcare_run(&[
            "--db",
            db.to_str().unwrap(),
            "--today",
            "2026-11-20",
            "print",
            "--worker",
            "涂春生",
            "--week",
            "2026-W47",
            "--format",
            "txt",
            "-o",
            out.to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "{err}");
        std::fs::read_to_string(out).unwrap()
    };
    let printed_first = print(&fixture("b.db"), "b.txt");

    let a = fixture("a.db");
    let tmux = on_fixture_date("monday25", "GRIDCARE_LANG=zh", &a);
    // item 4: a diagnosis of 王大爷, dates typed over the filled-in ones
    tmux.open_by_initials("wdy", "王大爷");
    tmux.wait_for("王大爷");
    tmux.keys(&["a"]);
    tmux.wait_for("确诊日期");
    tmux.keys(&["Tab"]);
    tmux.text("2019-06-01");
    // the field's line holds the typed date alone (not 2026-11-202019-06-01)
    let line = |s: &str, label: &str| -> String {
        s.lines()
            .find(|l| l.contains(label))
            .unwrap_or_default()
            .to_string()
    };
    let s = tmux.wait_for("2019-06-01");
    assert!(
        !line(&s, "确诊日期").contains("2026-11-20"),
        "typed over:\n{s}"
    );
    tmux.keys(&["Tab", "C-u"]);
    // the two keys' redraw, not the screen before them
    let s = tmux.settle();
    assert!(
        !line(&s, "纳入管理日期").contains("2026-11-20"),
        "Ctrl-U cleared it:\n{s}"
    );
    tmux.text("2019-07-01");
    let s = tmux.wait_for("2019-07-01");
    assert!(
        !line(&s, "纳入管理日期").contains("2026-11-20"),
        "typed:\n{s}"
    );
    // Esc closes the form (a second Esc if it asks); each key waits for its
    // effect, since tmux joins an Esc and the key right after it into Alt-q
    tmux.keys(&["Escape"]);
    let closed = |s: &str| !s.contains("登记慢病");
    if !closed(&tmux.settle()) {
        tmux.keys(&["Escape"]);
    }
    tmux.wait_until("the form closed", closed);
    // item 1: the plan tab looked at, then the sheet printed
    tmux.keys(&["q", "2"]);
    tmux.wait_for("筛选");
    tmux.keys(&["h"]);
    tmux.wait_for("能力");
    tmux.keys(&["C-c"]);
    tmux.wait_for("EXITED 0");
    let looked_first = print(&a, "a.txt");
    assert!(printed_first.contains("本周计划："), "{printed_first}");
    assert_eq!(printed_first, looked_first);
}

/// Issue 25 item 9, as a grid worker meets it in a terminal: signed in as
/// 涂春生, `K` (a contract) on a resident of theirs and `e` on their
/// household refuse at the key press and open no form; `e` on 王大爷
/// opens the phone alone; the corrected number is saved, audited as a
/// phone correction by 涂春生, and read back by another program.
#[test]
fn a_grid_worker_in_a_terminal_refused_at_the_key_and_corrects_a_phone() {
    let (_dir, db) = common::operators_file();
    let tmux = worker_on_wang("worker25", &db);
    // refused at the key: the message, and no form behind it
    let refusal = "网格员只能登记随访";
    tmux.keys(&["K"]);
    let s = tmux.wait_for(refusal);
    assert!(!s.contains("Ctrl-S 保存"), "no form opened:\n{s}");
    tmux.keys(&["H"]);
    tmux.wait_for("王大爷");
    tmux.keys(&["e"]);
    let s = tmux.wait_for(refusal);
    assert!(!s.contains("Ctrl-S 保存"), "no form opened:\n{s}");
    // back on the resident: the phone correction
    tmux.keys(&["4"]);
    tmux.wait_for("王大爷");
    tmux.keys(&["e"]);
    let s = tmux.wait_for("更正电话");
    assert!(s.contains("Ctrl-S 保存"), "{s}");
    // the form's lines, from its title to its keys: the phone alone
    let form: Vec<&str> = s
        .lines()
        .skip_while(|l| !l.contains("更正电话"))
        .take_while(|l| !l.contains("Ctrl-S 保存"))
        .collect();
    assert!(form.iter().any(|l| l.contains("电话   13807921111")), "{s}");
    for other in ["姓名", "身份证号", "独居", "关系"] {
        assert!(
            !form.iter().any(|l| l.contains(other)),
            "only the phone is asked, not {other}:\n{s}"
        );
    }
    tmux.text("13912345678");
    tmux.keys(&["C-s"]);
    tmux.wait_for("已保存");
    tmux.keys(&["C-c"]);
    tmux.wait_for("EXITED 0");
    assert_eq!(
        fresh(&db, "SELECT phone FROM resident WHERE name = '王大爷'"),
        "13912345678"
    );
    assert_eq!(
        fresh(
            &db,
            "SELECT action || ' ' || operator FROM audit_log ORDER BY id DESC LIMIT 1"
        ),
        "correct_phone 涂春生"
    );
}

/// Issue 27 ("Done when"): a filled paper form keyed in through the
/// interface — 欧阳春花, both conditions, every section, three medicines —
/// then a later visit with one dose change (the name completed from
/// `aldp`), then `p` on the resident screen prints the year's forms to PDF,
/// and `pdftotext` finds every value on its item's line, the first visit's
/// left of the second's; the regimen on the day before the change is the
/// old one.
#[test]
fn a_paper_form_keyed_in_and_printed_in_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let (db, out) = fixture_printing_to(dir.path(), "forms");
    let tmux = on_fixture_date("paper", "GRIDCARE_LANG=zh", &db);
    tmux.open_by_initials("oych", "欧阳春花");
    tmux.wait_for("欧阳春花 女");
    // the first visit, from the top of the paper: PgUp twice from the systolic
    let field = |value: &str| {
        tmux.text(value);
        tmux.keys(&["Enter"]);
    };
    tmux.keys(&["r"]);
    tmux.wait_for("记录随访");
    tmux.keys(&["PPage", "PPage"]);
    tmux.wait_for(">日期");
    for v in [
        "2026-08-10",
        "1",
        "2",
        "2",
        "夜间口干", // visit, symptoms
        "132",
        "84",
        "66",
        "62",
        "160",
        "76",
        "无",
        "2", // signs
        "10",
        "5",
        "2",
        "1",
        "3",
        "30",
        "5",
        "30",
        "2",
        "1",
        "400",
        "300",
        "1",
        "2",
        "6.5",
        "7.4",
        "2026-08-01",
        "尿常规正常", // tests
        "1",
        "1",
        "2",
        "1",
        "1", // adherence … emergency
        "氨氯地平 1 5",
        "二甲双胍 2 500",
        "阿卡波糖 3 50",
    ] {
        field(v);
    }
    tmux.keys(&["NPage"]);
    tmux.wait_for(">转诊机构");
    for v in ["县人民医院", "内分泌科", "2026-10-12", "王医生"] {
        field(v);
    }
    tmux.text("随访到位");
    tmux.keys(&["C-s"]);
    tmux.wait_for("已保存");
    // the later visit: date, BP, glucose, one dose changed, the rest confirmed
    tmux.keys(&["r"]);
    tmux.wait_for("记录随访");
    tmux.keys(&["PPage", "PPage"]);
    tmux.wait_for(">日期");
    tmux.text("2026-10-12");
    tmux.keys(&["NPage", "NPage"]);
    tmux.wait_for(">收缩压");
    field("128");
    tmux.text("80");
    tmux.keys(&["NPage", "NPage"]);
    tmux.wait_for(">空腹血糖");
    tmux.text("6.2");
    tmux.keys(&["NPage", "NPage"]);
    tmux.wait_for("氨氯地平 1次/日 5mg");
    tmux.text("aldp 1 10");
    tmux.wait_for("改量");
    tmux.keys(&["Enter"]);
    tmux.wait_for("氨氯地平 1次/日 10mg");
    tmux.keys(&["C-s"]);
    tmux.wait_for("已保存");
    // the regimen on the day before the change is the old one
    {
        let d = Db::open(&db, OpenMode::MustExist).unwrap();
        let lines = d.regimen_lines(9).unwrap();
        let on = |day: &str| -> Vec<String> {
            gridcare::domain::record::regimen_on(&lines, common::d(day))
                .iter()
                .map(|l| l.drug.text(true))
                .collect()
        };
        assert_eq!(
            on("2026-10-11"),
            [
                "氨氯地平 1次/日 5mg",
                "二甲双胍 2次/日 500mg",
                "阿卡波糖 3次/日 50mg"
            ]
        );
        assert_eq!(
            on("2026-10-12"),
            [
                "二甲双胍 2次/日 500mg",
                "阿卡波糖 3次/日 50mg",
                "氨氯地平 1次/日 10mg"
            ]
        );
    }
    // `p` on the resident screen: the year's national forms, as PDF
    tmux.keys(&["p"]);
    tmux.wait_for("打印随访记录表");
    tmux.keys(&["C-s"]);
    let s = tmux.wait_for("已打印");
    let files: Vec<_> = std::fs::read_dir(&out).unwrap().flatten().collect();
    assert_eq!(files.len(), 1, "one file in the print folder:\n{s}");
    let path = files[0].path();
    assert!(
        path.to_string_lossy()
            .ends_with("欧阳春花-随访记录表-2026.pdf")
    );
    let text = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext is needed: apt install poppler-utils (.ci/run does)");
    let text = String::from_utf8(text.stdout).unwrap();
    // each item's line holds the first visit's value left of the second's
    // (when the second has one): the value in its place
    let squeeze = |l: &str| l.split_whitespace().collect::<String>();
    let lines: Vec<String> = text.lines().map(squeeze).collect();
    let on_line = |item: &str, first: &str, second: Option<&str>| {
        let (item, first) = (squeeze(item), squeeze(first));
        let second = second.map(squeeze);
        let (item, first, second) = (item.as_str(), first.as_str(), second.as_deref());
        let hit = lines.iter().find(|l| {
            l.contains(item)
                && l.contains(first)
                && second.is_none_or(|s| l.find(first) < l.rfind(s))
        });
        assert!(
            hit.is_some(),
            "{item}: {first} then {second:?} on one line of\n{text}"
        );
    };
    let table: &[(&str, &str, Option<&str>)] = &[
        ("随访日期", "08-10", Some("10-12")),
        ("血压", "132/84", Some("128/80")),
        ("体重", "66 / 62", None),
        ("日吸烟量", "10 / 5", None),
        ("日饮酒量", "2 / 1", None),
        ("心率", "76", None),
        ("空腹血糖", "6.5", Some("6.2")),
        ("主食", "400g / 300g", None),
        ("足背动脉搏动", "左侧减弱", None),
        ("糖化血红蛋白", "7.4%", None),
        ("下次随访日期", "10-12", None),
    ];
    for (item, first, second) in table {
        on_line(item, first, *second);
    }
    // the regimen, a drug a line under 药物名称: the old dose in the first
    // visit's column, the new in the second's
    let all = text.clone();
    for want in [
        "氨氯地平 1次/日 5mg",
        "氨氯地平 1次/日 10mg",
        "二甲双胍 2次/日 500mg",
        "阿卡波糖 3次/日 50mg",
        "头痛头晕",
        "多饮",
        "夜间口干",
        "尿常规正常",
        "县人民医院",
        "内分泌科",
    ] {
        assert!(all.contains(want), "{want} in\n{text}");
    }
    let column = |want: &str| {
        text.lines()
            .find_map(|l| l.find(want).map(|i| l[..i].chars().count()))
            .unwrap_or_else(|| panic!("{want} in\n{text}"))
    };
    assert!(
        column("氨氯地平 1次/日 5mg") < column("氨氯地平 1次/日 10mg"),
        "the old dose in the earlier visit's column:\n{text}"
    );
    tmux.keys(&["C-c"]);
    tmux.wait_for("EXITED 0");
}

/// Issue 29 item 4: a grid worker's week printed, the paper keyed back in
/// by the codes on it — three visited, one not at home, one skipped — and
/// the queue shows exactly those changes; keying a row again says it is
/// keyed already.
/// A grid worker's week printed from the demo: the batch and its rows
/// (code, household, worker), for the key-in walks.
struct PrintedWeek {
    _dir: tempfile::TempDir,
    db: std::path::PathBuf,
    batch: String,
    rows: Vec<(String, i64, i64)>,
}

impl PrintedWeek {
    fn gridcare(&self, args: &[&str]) -> String {
        let out = Command::new(env!("CARGO_BIN_EXE_gridcare"))
            .args(args)
            .arg("--db")
            .arg(&self.db)
            .env("GRIDCARE_LANG", "en")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn print() -> PrintedWeek {
        let dir = tempfile::tempdir().unwrap();
        let db = demo_file(dir.path());
        let pdf = dir.path().join("week.pdf");
        let mut w = PrintedWeek {
            db,
            batch: String::new(),
            rows: Vec::new(),
            _dir: dir,
        };
        let said = w.gridcare(&[
            "print",
            "--today",
            "2026-11-20",
            "--worker",
            "涂春生",
            "--week",
            "2026-W47",
            "-o",
            pdf.to_str().unwrap(),
        ]);
        w.batch = said
            .split("gridcare keyin ")
            .nth(1)
            .and_then(|r| r.split('`').next())
            .unwrap_or_else(|| panic!("the print names its batch: {said}"))
            .to_string();
        let c = rusqlite::Connection::open(&w.db).unwrap();
        let mut st = c
            .prepare("SELECT code, household_id, worker_id FROM print_row WHERE batch_id = ?1 ORDER BY seq")
            .unwrap();
        w.rows = st
            .query_map([&w.batch], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert!(
            w.rows.len() >= 5,
            "a week of at least five rows: {:?}",
            w.rows
        );
        w
    }

    /// The worker's tasks as the queue lists them (CSV lines, sorted).
    fn queue(&self) -> Vec<String> {
        let worker = format!("grid_worker:{}", self.rows[0].2);
        let csv = self.gridcare(&[
            "queue",
            "--today",
            "2026-11-20",
            "--worker",
            &worker,
            "--format",
            "csv",
        ]);
        let mut lines: Vec<String> = csv.lines().skip(1).map(String::from).collect();
        lines.sort();
        lines
    }

    /// Exactly the changes of rows 1, 2, 4 visited, 3 not at home on 11-18,
    /// the rest untouched.
    fn keyed_exactly(&self, before: &[String], after: &[String]) {
        let (db, rows) = (&self.db, &self.rows);
        // exactly those changes: the three visited households' tasks done, the
        // one not at home still open with its attempt, every other row as it was
        let of = |lines: &[String], h: i64| -> Vec<String> {
            lines
                .iter()
                .filter(|l| l.split(',').nth(7) == Some(h.to_string().as_str()))
                .cloned()
                .collect()
        };
        for (i, (code, h, _)) in rows.iter().enumerate() {
            let (was, now) = (of(before, *h), of(after, *h));
            match i {
                0 | 1 | 3 => {
                    assert!(
                        now.iter()
                            .all(|l| !l.starts_with("due,") && !l.starts_with("overdue,")),
                        "{code} visited: {now:?}"
                    );
                    assert_ne!(was, now, "{code} changed");
                }
                2 => {
                    // an attempt counts for nothing (§6): the task as it was
                    assert_eq!(was, now, "{code} not at home: still open");
                    let c = rusqlite::Connection::open(db).unwrap();
                    let attempt: (String, i64) = c
                        .query_row(
                            "SELECT visit_date, staff_id FROM visit
                             WHERE household_id = ?1 AND outcome = 'not_home'
                             ORDER BY id DESC LIMIT 1",
                            [h],
                            |r| Ok((r.get(0)?, r.get(1)?)),
                        )
                        .expect("the attempt recorded");
                    assert_eq!(
                        attempt,
                        ("2026-11-18".into(), rows[2].2),
                        "{code}'s attempt"
                    );
                }
                _ => assert_eq!(was, now, "{code} not keyed: unchanged"),
            }
        }
        let untouched: std::collections::HashSet<i64> = rows[..4].iter().map(|r| r.1).collect();
        let rest = |lines: &[String]| -> Vec<String> {
            lines
                .iter()
                .filter(|l| {
                    l.split(',')
                        .nth(7)
                        .and_then(|h| h.parse::<i64>().ok())
                        .is_none_or(|h| !untouched.contains(&h))
                })
                .cloned()
                .collect()
        };
        assert_eq!(rest(before), rest(after), "nothing else changed");
    }
}

#[test]
fn a_printed_week_keyed_in_by_its_codes() {
    let w = PrintedWeek::print();
    let (db, batch, rows) = (&w.db, &w.batch, &w.rows);
    let before = w.queue();

    // keyed in sheet order by codes: rows 1, 2 and 4 visited, 3 not at
    // home (with the date written on the sheet), 5 skipped
    let tmux = Tmux::launch(
        "keyin",
        "LANG=C.UTF-8 GRIDCARE_LANG=en",
        &format!("--today 2026-11-20 --db {} keyin {batch}", db.display()),
        "",
    );
    tmux.wait_for(&format!("[1/{}] {}", rows.len(), rows[0].0));
    for (code, what) in [
        (&rows[0].0, "1"),
        (&rows[1].0, "1"),
        (&rows[2].0, "2 11-18"),
        (&rows[3].0, "1"),
    ] {
        tmux.text(&format!("{code} {what}"));
        tmux.keys(&["Enter"]);
        tmux.wait_for(&format!("✓ {code}"));
    }
    tmux.wait_for(&format!("[5/{}] {}", rows.len(), rows[4].0));
    tmux.keys(&["Enter"]);
    tmux.wait_for("skipped 1");
    tmux.keys(&["q", "Enter"]);
    let s = tmux.wait_for("EXITED 0");
    assert!(
        s.contains(&format!(
            "4 row(s) keyed, 1 skipped, {} left",
            rows.len() - 5
        )),
        "the counts:\n{s}"
    );
    drop(tmux);

    let after = w.queue();
    w.keyed_exactly(&before, &after);

    // a second key-in of the same row says it is keyed already
    let tmux = Tmux::launch(
        "keyin2",
        "LANG=C.UTF-8 GRIDCARE_LANG=en",
        &format!("--today 2026-11-20 --db {} keyin {batch}", db.display()),
        "",
    );
    tmux.wait_for("keyed 4");
    tmux.text(&format!("{} 1", rows[0].0));
    tmux.keys(&["Enter"]);
    tmux.wait_for("is keyed in already");
    tmux.keys(&["q", "Enter"]);
    tmux.wait_for("EXITED 0");
}

/// Issue 31: a grid worker's session is open, with a phone correction half
/// typed, when the coordinator ends them from the command line (another
/// process). The open session closes by itself, says why, and keeps what was
/// typed as a draft; a write on the connection of a session signed in
/// before the end is refused (tests/operators.rs
/// `a_write_after_the_operator_is_ended_is_refused`).
#[test]
fn an_ended_operators_open_session_closes() {
    let (_dir, db) = common::operators_file();
    let tmux = worker_on_wang("ended31", &db);
    tmux.keys(&["e"]);
    tmux.wait_for("更正电话");
    tmux.text("139");
    let (code, out) = common::run_as(&db, Some("王协调"), None, &["operator", "end", "涂春生"]);
    assert_eq!(code, 0, "{out}");
    let s = tmux.wait_for("EXITED 0");
    assert!(
        s.contains("登录后已被停用"),
        "the session says why it closed:\n{s}"
    );
    assert_eq!(fresh(&db, "SELECT count(*) || '' FROM draft"), "1", "{s}");
    assert_eq!(
        fresh(&db, "SELECT phone FROM resident WHERE name = '王大爷'"),
        "13807921111",
        "nothing saved"
    );
}

/// Issue 30 item 3: a county operator's session in a real terminal, at
/// 60×16, 80×24 and 120×40, in Chinese and English: it opens on screen 9;
/// every key `?` lists there is pressed (the drill down to a person and back
/// up, the list keys, the help, search, `S`, the screens, the lock, `O`,
/// `q`); the write keys of the queue, the resident and the household are
/// refused with the county's words; Ctrl-C ends it and nothing was written.
#[test]
fn a_county_session_walks_every_key_in_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("县.db");
    common::small_county(&mut Db::open(&db, OpenMode::CreateIfMissing).unwrap());
    let (name, pin) = common::COUNTY_OPERATOR;
    let audit = || fresh(&db, "SELECT CAST(count(*) AS TEXT) FROM audit_log");
    let before = audit();
    for (lang, title, refusal) in [
        ("zh", "县域总览", "县级账号只能查看"),
        ("en", "County", "a county account can look"),
    ] {
        for (w, h) in [(60, 16), (80, 24), (120, 40)] {
            let tmux = on_fixture_date(
                &format!("county-{lang}-{w}"),
                &format!("LANG=C.UTF-8 GRIDCARE_LANG={lang}"),
                &db,
            );
            tmux.run(&[
                "resize-window",
                "-t",
                "e2e",
                "-x",
                &w.to_string(),
                "-y",
                &h.to_string(),
            ]);
            let sign_in = || {
                tmux.wait_for("PIN");
                tmux.text(name);
                tmux.keys(&["Tab"]);
                tmux.text(pin);
                tmux.keys(&["Enter"]);
                tmux.wait_for(title);
            };
            sign_in();
            let on_county = |s: &str| s.contains(title) && s.contains("三角乡");
            tmux.wait_until("the county table", on_county);
            // the list keys
            for k in ["j", "k", "G", "g", "End", "Home", "C-d", "C-u", "Tab"] {
                tmux.keys(&[k]);
                tmux.wait_until("the county table", on_county);
            }
            // the help, search and the township picker open and close
            for k in ["?", "F1", "/", "S"] {
                tmux.keys(&[k]);
                let shown = tmux.settle();
                assert!(!on_county(&shown) || shown.contains('?'), "{k}:\n{shown}");
                tmux.keys(&["Escape"]);
                tmux.wait_until("the county table again", on_county);
            }
            // the drill: a township, a village, a grid's people, a person
            tmux.keys(&["j", "Enter"]);
            tmux.wait_for("› 立新乡");
            tmux.keys(&["BSpace"]);
            tmux.wait_until("the townships after Backspace", on_county);
            tmux.keys(&["Enter", "Enter"]);
            tmux.wait_until("a village's grids", |s| s.matches('›').count() == 2);
            tmux.keys(&["Enter"]);
            let queue = tmux.settle();
            tmux.keys(&["r"]);
            tmux.wait_for(refusal);
            tmux.keys(&["Enter"]);
            tmux.settle();
            for k in ["r", "o", "e", "R", "K", "L", "H", "e", "T", "a", "A"] {
                tmux.keys(&[k]);
                if k != "H" {
                    tmux.wait_for(refusal);
                }
            }
            // 9 is back on the grids; Esc twice goes up to the townships
            tmux.keys(&["9"]);
            tmux.wait_until("the grids again", |s| s.matches('›').count() == 2);
            tmux.keys(&["Escape"]);
            tmux.wait_until("the villages again", |s| s.matches('›').count() == 1);
            tmux.keys(&["Escape"]);
            tmux.wait_until("the townships", |s| on_county(s) && !s.contains('›'));
            // every screen, and back to 9; q goes to Today
            for k in ["1", "2", "3", "4", "5", "6", "7", "8", "q"] {
                tmux.keys(&[k, "9"]);
                tmux.wait_until("the county table after a screen", on_county);
            }
            // the lock and the switch of operator
            tmux.keys(&["C-l"]);
            tmux.wait_for("PIN");
            tmux.text(pin);
            tmux.keys(&["Enter"]);
            tmux.wait_until("the county table after the lock", on_county);
            tmux.keys(&["O"]);
            sign_in();
            tmux.wait_until("the county table after O", on_county);
            tmux.keys(&["C-c"]);
            tmux.wait_for("EXITED 0");
            assert!(!queue.is_empty());
        }
    }
    assert_eq!(audit(), before, "a county session wrote nothing");
}

/// Issue 32: on the events screen (`e` on screen 8) a lecture is created
/// with `a`, three attendees are taken by pinyin with `t`, `p` prints the
/// sign-in sheet, and the balances show on the resident screen and in
/// `gridcare points show`.
#[test]
fn a_lecture_created_attended_by_pinyin_and_printed_in_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let (db, out) = fixture_printing_to(dir.path(), "sheets");
    let tmux = on_fixture_date("lecture", "GRIDCARE_LANG=zh", &db);
    tmux.wait_for("红码名单");
    tmux.keys(&["8"]);
    tmux.wait_for("指标报表");
    tmux.keys(&["e"]);
    tmux.wait_for("a 新活动");
    tmux.keys(&["a"]);
    tmux.wait_for("记录健康教育活动");
    // date (today), held by (the centre), kind (a lecture): as they stand
    tmux.keys(&["Enter", "Enter", "Enter"]);
    tmux.text("高血压的自我管理");
    tmux.keys(&["Enter", "Enter"]);
    tmux.text("卫生院会议室");
    tmux.keys(&["C-s"]);
    tmux.wait_for("已记录");
    let s = tmux.wait_for("高血压的自我管理");
    assert!(s.contains("健康讲座"), "the new lecture is listed:\n{s}");
    for (initials, name) in [("oych", "欧阳春花"), ("lxy", "李秀英"), ("spp", "孙婆婆")] {
        tmux.keys(&["t"]);
        tmux.wait_for("签到 ·");
        tmux.text(initials);
        tmux.keys(&["C-s"]);
        tmux.wait_for(&format!("{name} 签到：+5 分"));
    }
    tmux.keys(&["Enter"]);
    let s = tmux.wait_for("孙婆婆");
    assert!(
        s.contains("欧阳春花") && s.contains("李秀英"),
        "the three attendees are listed:\n{s}"
    );
    tmux.keys(&["p"]);
    let s = tmux.wait_for("签到表（3 人）已写入");
    let files: Vec<_> = std::fs::read_dir(&out).unwrap().flatten().collect();
    assert_eq!(files.len(), 1, "one sheet in the print folder:\n{s}");
    let bytes = std::fs::read(files[0].path()).unwrap();
    assert!(bytes.starts_with(b"%PDF"), "a PDF");
    // the balance on the resident screen
    tmux.keys(&["Escape", "Escape", "1"]);
    tmux.open_by_initials("oych", "欧阳春花");
    tmux.wait_for("健康积分 5 分");
    tmux.keys(&["C-c"]);
    tmux.wait_for("EXITED 0");
    // and on the command line, for each of the three
    for who in ["oych", "lxy", "spp"] {
        let shown = Command::new(env!("CARGO_BIN_EXE_gridcare"))
            .args([
                "points",
                "show",
                "--who",
                who,
                "--today",
                "2026-11-20",
                "--db",
            ])
            .arg(&db)
            .env("GRIDCARE_LANG", "en")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&shown.stdout);
        assert!(shown.status.success(), "{who}: {text}");
        assert!(text.contains("高血压的自我管理"), "{who}: {text}");
        assert!(text.contains('5'), "{who}'s balance is 5: {text}");
    }
}

/// Issue 29 item 4 in the interface: `K` on the queue walks the printed
/// week row by row — three rows keyed by their codes, one not at home with
/// the date written on the sheet, one skipped with Enter — the counts are
/// shown, the queue shows exactly those changes, and a second `K` on a
/// keyed row says it is keyed already.
#[test]
fn k_walks_a_printed_week_in_the_interface() {
    let w = PrintedWeek::print();
    let (db, rows) = (&w.db, &w.rows);
    let n = rows.len();
    let before = w.queue();
    let env = "LANG=C.UTF-8 GRIDCARE_OPERATOR=e2e GRIDCARE_LANG=en";
    let args = format!("--today 2026-11-20 --db {}", db.display());
    let tmux = Tmux::launch("keyin-tui", env, &args, "");
    tmux.wait_for("Red list");
    tmux.keys(&["2"]);
    tmux.keys(&["K"]);
    tmux.wait_for(&format!("{} (1/{n})", rows[0].0));
    // a code goes to its row; the outcome (and the date) then Enter saves it
    for (i, what) in [(0, "1"), (1, "1"), (2, "2"), (3, "1")] {
        tmux.text(&rows[i].0);
        tmux.keys(&["Enter"]);
        tmux.wait_for(&format!("{} ({}/{n})", rows[i].0, i + 1));
        tmux.text(what);
        if i == 2 {
            // the date box holds the period's date: the sheet's replaces it
            tmux.keys(&["Tab"]);
            tmux.text("2026-11-18");
        }
        tmux.keys(&["Enter"]);
        tmux.wait_for(&format!("✓ {}", rows[i].0));
    }
    tmux.wait_for(&format!("{} (5/{n})", rows[4].0));
    tmux.keys(&["Enter"]);
    let s = tmux.wait_for(&format!("keyed 4 · skipped 1 · left {}", n - 5));
    assert!(s.contains(&format!("skipped {}", rows[4].0)), "{s}");
    tmux.keys(&["Escape"]);
    tmux.keys(&["q"]);
    tmux.wait_for("Red list");
    tmux.keys(&["q"]);
    tmux.wait_for("EXITED 0");
    drop(tmux);
    let after = w.queue();
    w.keyed_exactly(&before, &after);

    // a second K: the first row's code says it is keyed already
    let tmux = Tmux::launch("keyin-tui2", env, &args, "");
    tmux.wait_for("Red list");
    tmux.keys(&["2"]);
    tmux.keys(&["K"]);
    tmux.wait_for("keyed 4");
    tmux.text(&rows[0].0);
    tmux.keys(&["Enter"]);
    tmux.wait_for(&format!("{} is keyed in already", rows[0].0));
}
