//! `gridcare queue` and `gridcare check` as scripts use them (issue 3 §7).

mod common;
use std::process::Command;

fn fixture_file() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fixture.db");
    let mut db = gridcare::db::Db::open(&path, gridcare::db::OpenMode::CreateIfMissing).unwrap();
    db.apply_sql(common::FIXTURE).unwrap();
    (dir, path)
}

fn run(db: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_gridcare"))
        .args(args)
        .env("GRIDCARE_DB", db)
        // English, as the tests read it (the fixture's ui.lang is zh)
        .env("GRIDCARE_LANG", "en")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn queue_json_with_filters() {
    let (_dir, db) = fixture_file();
    let (code, out, err) = run(&db, &["queue", "--today", "2026-11-20", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let all: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    assert!(all.len() >= 8, "{}", all.len());
    assert_eq!(all[0]["colour"], "red", "triage: red first");
    assert_eq!(all[0]["name"], "曾国强");

    let cases: &[(&[&str], &dyn Fn(&serde_json::Value) -> bool)] = &[
        (&["--village", "新塘村"], &|r| r["village"] == "新塘村"),
        (&["--grid", "富民村第一网格"], &|r| {
            r["village"] == "富民村" && r["grid"] == "第一网格"
        }),
        (&["--worker", "涂春生"], &|r| r["worker"] == "涂春生"),
        (&["--worker", "富民村家庭医生团队"], &|r| {
            r["worker"] == "富民村家庭医生团队"
        }),
        (&["--kind", "yearly_check"], &|r| {
            r["kind"] == "yearly_check"
        }),
        (&["--status", "overdue"], &|r| r["status"] == "overdue"),
        (&["--colour", "yellow"], &|r| r["colour"] == "yellow"),
        (&["--tier", "1"], &|r| r["tier"] == 1),
    ];
    for (filter, ok) in cases {
        let mut args = vec!["queue", "--today", "2026-11-20", "--format", "json"];
        args.extend_from_slice(filter);
        let (code, out, err) = run(&db, &args);
        assert_eq!(code, 0, "{filter:?}: {err}");
        let rows: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
        assert!(
            !rows.is_empty() && rows.len() < all.len(),
            "{filter:?}: {} rows",
            rows.len()
        );
        assert!(rows.iter().all(ok), "{filter:?}: {rows:?}");
    }
}

#[test]
fn queue_csv_and_table() {
    let (_dir, db) = fixture_file();
    let (_, csv, _) = run(&db, &["queue", "--today", "2026-11-20", "--format", "csv"]);
    let mut lines = csv.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("status,missed_periods,days_overdue,colour,tier,kind")
    );
    assert!(lines.any(|l| l.contains("王大爷") && l.contains("recheck") && l.contains("yellow")));
    let (_, table, _) = run(&db, &["queue", "--today", "2026-11-20"]);
    assert!(
        table.lines().last().unwrap().contains("as of 2026-11-20"),
        "{table}"
    );
    assert!(table.contains("欧阳春花"));
}

#[test]
fn unknown_names_are_clear_errors() {
    let (_dir, db) = fixture_file();
    let cases: &[(&[&str], &str)] = &[
        (&["queue", "--worker", "张三"], "unknown worker \"张三\""),
        (
            &["queue", "--worker", "team:99"],
            "unknown worker \"team:99\"",
        ),
        (&["queue", "--village", "月亮村"], "unknown village"),
        (&["queue", "--grid", "月亮村第一网格"], "unknown grid"),
        (&["queue", "--kind", "visit"], "is not one of"),
        (&["queue", "--tier", "7"], "give 1 to 5"),
    ];
    for (args, needle) in cases {
        let (code, out, err) = run(&db, args);
        assert_ne!(code, 0, "{args:?}");
        assert!(out.is_empty(), "{args:?}: nothing printed to stdout");
        assert!(err.contains(needle), "{args:?}: {err}");
    }
}

#[test]
fn check_summarises() {
    let (_dir, db) = fixture_file();
    let (code, out, err) = run(&db, &["check"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("      12  residents (active)"), "{out}");
    assert!(out.contains("integrity: ok") && out.contains("foreign keys: ok"));
}

/// `demo` never writes a demo into a database that holds another township.
#[test]
fn demo_refuses_a_real_township() {
    let (_dir, db) = fixture_file();
    let (code, _, err) = run(&db, &["demo", "--no-tui", "--db", db.to_str().unwrap()]);
    assert_ne!(code, 0);
    assert!(err.contains("is not a demo database"), "{err}");
    let after: i64 = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row("SELECT count(*) FROM resident", [], |r| r.get(0))
        .unwrap();
    assert_eq!(after, 12, "fixture untouched");
}

/// `gridcare backup` refuses what it must not do with one clear line, and
/// leaves every file as it was (issue 7).
#[test]
fn backup_refusals_change_nothing() {
    let (dir, db) = fixture_file();
    let taken = dir.path().join("taken.db");
    std::fs::write(&taken, "an older backup").unwrap();
    let no_folder = dir.path().join("no/such/folder/b.db");
    let cases: &[(&str, &std::path::Path, &str)] = &[
        ("an existing file", &taken, "exists already"),
        ("a missing folder", &no_folder, "does not exist"),
        ("the database itself", &db, "exists already"),
    ];
    for (name, dest, needle) in cases {
        let before = std::fs::read(dest).ok();
        let db_before = std::fs::read(&db).unwrap();
        let (code, out, err) = run(&db, &["backup", dest.to_str().unwrap()]);
        assert_eq!(code, 1, "{name}: {out}");
        assert!(
            err.starts_with("gridcare: ") && err.contains(needle),
            "{name}: {err}"
        );
        assert_eq!(err.lines().count(), 1, "{name}: one line");
        assert_eq!(std::fs::read(dest).ok(), before, "{name}: unchanged");
        assert_eq!(
            std::fs::read(&db).unwrap(),
            db_before,
            "{name}: database unchanged"
        );
    }
    let good = dir.path().join("备份.db");
    let (code, out, err) = run(&db, &["backup", good.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("12 residents") && out.contains("9 visits"),
        "{out}"
    );
}

/// §6/§3 (issue 10, item 8): a removal is undone from the command line too;
/// nothing to undo is an error that changes nothing.
#[test]
fn undo_removal_on_the_command_line() {
    use gridcare::db::{Db, NewVisit, OpenMode};
    use gridcare::domain::model::*;
    let (_dir, path) = fixture_file();
    {
        let mut db = Db::open(&path, OpenMode::MustExist).unwrap();
        let mut v = NewVisit::completed(
            VisitKind::Followup,
            Subject::Resident(9),
            VisitMode::Home,
            common::d("2026-11-19"),
        );
        v.outcome = Outcome::Removed;
        v.remove_reason = Some(RemoveReason::Died);
        db.record_visit(&v, common::fixture_today()).unwrap();
    }
    let (code, out, err) = run(
        &path,
        &["undo-removal", "--resident", "9", "--today", "2026-11-20"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("undid the removal of 2026-11-19 (died)"),
        "{out}"
    );
    let (_, q, _) = run(
        &path,
        &["queue", "--today", "2026-11-20", "--format", "csv"],
    );
    assert!(q.contains("欧阳春花"), "back in the queue:\n{q}");
    let (code, _, err) = run(
        &path,
        &["undo-removal", "--resident", "9", "--today", "2026-11-20"],
    );
    assert_ne!(code, 0);
    assert!(err.contains("no removal to undo"), "{err}");
}

/// Issue 10 item 14: a demo database remembers its as-of date (the meta row
/// `demo_date` the generator writes), and every command uses it unless
/// --today says otherwise, so `gridcare queue` agrees with the demo's screens.
#[test]
fn a_demo_database_keeps_its_date() {
    let (_dir, db) = fixture_file();
    // a date far from the wall clock's, so the test tells them apart
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute(
            "INSERT INTO meta (key, value) VALUES ('demo_date', '2026-06-30')",
            [],
        )
        .unwrap();
    let footer = |args: &[&str]| {
        let (code, out, err) = run(&db, args);
        assert_eq!(code, 0, "{args:?}: {err}");
        out.lines().last().unwrap_or_default().to_string()
    };
    assert!(
        footer(&["queue"]).contains("as of 2026-06-30"),
        "{}",
        footer(&["queue"])
    );
    // an explicit --today wins
    assert!(footer(&["queue", "--today", "2026-11-20"]).contains("as of 2026-11-20"));
    let same = |a: &[&str], b: &[&str]| {
        let (ca, oa, ea) = run(&db, a);
        let (cb, ob, eb) = run(&db, b);
        assert_eq!((ca, cb), (0, 0), "{ea}{eb}");
        assert_eq!(oa, ob, "{a:?} and {b:?} agree");
    };
    same(
        &["queue", "--format", "json"],
        &["queue", "--format", "json", "--today", "2026-06-30"],
    );
    same(
        &["overview", "--format", "json"],
        &["overview", "--format", "json", "--today", "2026-06-30"],
    );
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.txt");
    let b = dir.path().join("b.txt");
    for (out, today) in [(&a, None), (&b, Some("2026-06-30"))] {
        let mut args = vec![
            "print",
            "--worker",
            "涂春生",
            "--week",
            "2026-W27",
            "--format",
            "txt",
            "-o",
        ];
        args.push(out.to_str().unwrap());
        if let Some(t) = today {
            args.extend(["--today", t]);
        }
        let (code, _, err) = run(&db, &args);
        assert_eq!(code, 0, "{err}");
    }
    // each print is a batch of its own (issue 29): the same sheet but its number
    let read = |p: &std::path::Path| {
        std::fs::read_to_string(p)
            .unwrap()
            .replace("批次：2（", "批次：1（")
    };
    assert_eq!(read(&a), read(&b), "print as of the demo's date");
}

/// Issue 10 item 14: a date of the right shape that does not exist says so,
/// in the command line's language; one line, nothing on stdout, exit 1.
#[test]
fn impossible_dates_are_named() {
    let (_dir, db) = fixture_file();
    let cases: &[(&[&str], &str)] = &[
        (
            &["queue", "--today", "2026-02-30"],
            "gridcare: 2026-02-30: February 2026 has no day 30 (it has 28 days)\n",
        ),
        (
            &["queue", "--lang", "zh", "--today", "2026-02-30"],
            "gridcare: 2026-02-30：2026 年 2 月没有 30 日（该月只有 28 天）\n",
        ),
        (
            &["check", "--today", "2026-13-01"],
            "gridcare: 2026-13-01: there is no month 13; months run from 01 to 12\n",
        ),
        (
            &["audit", "--since", "2026-04-31"],
            "gridcare: 2026-04-31: April 2026 has no day 31 (it has 30 days)\n",
        ),
        (
            &["queue", "--today", "20261120"],
            "gridcare: \"20261120\" is not a date; write it as YYYY-MM-DD, e.g. 2026-11-20\n",
        ),
    ];
    for (args, want) in cases {
        let (code, out, err) = run(&db, args);
        assert_eq!(code, 1, "{args:?}");
        assert!(out.is_empty(), "{args:?}: {out}");
        assert_eq!(err, *want, "{args:?}");
    }
    // GRIDCARE_LANG=zh asks for Chinese as --lang zh does
    let out = Command::new(env!("CARGO_BIN_EXE_gridcare"))
        .args(["queue", "--today", "2025-02-29"])
        .env("GRIDCARE_DB", &db)
        .env("GRIDCARE_LANG", "zh")
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "gridcare: 2025-02-29：2025 年 2 月没有 29 日（该月只有 28 天）\n"
    );
}

/// Issue 12: the rosters from the command line. A grid handed over keeps its
/// history; a leaver's grids go to the workers named, all at once, or nothing
/// changes; loads are computed from the cadences (§2) and `check` reports a
/// grid without a worker.
#[test]
fn roster_commands() {
    let (_dir, db) = fixture_file();
    let t = ["--today", "2026-11-20"];
    let with =
        |a: &[&str]| -> Vec<String> { a.iter().chain(t.iter()).map(|s| s.to_string()).collect() };
    let go = |a: &[&str]| {
        let args = with(a);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        run(&db, &args)
    };
    let (code, out, err) = go(&[
        "roster",
        "add",
        "--name",
        "黄小燕",
        "--role",
        "grid_worker",
        "--phone",
        "13907920009",
        "--village",
        "富民村",
    ]);
    assert_eq!(code, 0, "{err}");
    let id: String = out.split("number ").nth(1).unwrap().trim().to_string();
    // 涂春生 hands 富民村第一网格 to 黄小燕 from 2026-11-01
    let (code, _, err) = go(&[
        "roster",
        "assign",
        "--grid",
        "富民村第一网格",
        "--worker",
        "黄小燕",
        "--from",
        "2026-11-01",
    ]);
    assert_eq!(code, 0, "{err}");
    let history: Vec<(i64, String, Option<String>)> = rusqlite::Connection::open(&db)
        .unwrap()
        .prepare("SELECT staff_id, from_date, to_date FROM grid_assignment WHERE grid_id = 1 ORDER BY from_date")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        history,
        vec![
            (2, "2022-01-01".into(), Some("2026-10-31".into())),
            (id.parse().unwrap(), "2026-11-01".into(), None)
        ],
        "the old assignment ends the day before; history kept"
    );
    // a leaver without a successor for each grid: refused, nothing changes
    const TABLES: &[&str] = &["staff WHERE active = 1", "grid_assignment", "audit_log"];
    let counts = || {
        let d = gridcare::db::Db::open(&db, gridcare::db::OpenMode::MustExist).unwrap();
        common::row_counts(&d, TABLES)
    };
    let before = counts();
    let (code, _, err) = go(&["roster", "end", "--worker", "黄小燕"]);
    assert_ne!(code, 0);
    assert!(err.contains("without a worker"), "{err}");
    assert_eq!(counts(), before, "nothing written");
    // with a successor: one transaction
    let (code, _, err) = go(&[
        "roster",
        "end",
        "--worker",
        "黄小燕",
        "--handover",
        "富民村第一网格=淦小红",
    ]);
    assert_eq!(code, 0, "{err}");
    let (_, json, _) = go(&["roster", "list", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let gan = v["staff"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "淦小红")
        .unwrap();
    assert_eq!(gan["grids"].as_array().unwrap().len(), 2, "{gan}");
    // by hand: 淦小红's tasks are weekly/monthly/yearly household visits and so on;
    // the figure is the sum of 1, 12/52, 4/52, 1/52 over them, never negative
    assert!(gan["per_week"].as_f64().unwrap() > 0.0);
    assert_eq!(v["uncovered_grids"].as_array().unwrap().len(), 0);
    // a grid without a worker is reported by check
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute(
            "INSERT INTO grid (village_id, name) VALUES (2, '第二网格')",
            [],
        )
        .unwrap();
    let (_, out, _) = go(&["check"]);
    assert!(
        out.contains("1 grid(s) without a grid worker: 新塘村 第二网格"),
        "{out}"
    );
}

/// Command-line confirmations in the language asked for (walk of
/// 2026-12-05: they stayed English under --lang zh): the roster, a grid
/// handed over, a village's groups, a sheet printed.
#[test]
fn confirmations_follow_lang() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::fixture_file(dir.path());
    let db = db.to_str().unwrap();
    let out = dir.path().join("x.txt");
    let out = out.to_str().unwrap();
    // (command, English, Chinese)
    let cases: &[(&[&str], &str, &str)] = &[
        (
            &[
                "roster",
                "assign",
                "--grid",
                "富民村第一网格",
                "--worker",
                "熊建华",
                "--from",
                "2026-11-20",
            ],
            "is covered by 熊建华 from 2026-11-20",
            "自 2026-11-20 起由 熊建华 负责",
        ),
        // the roster's headings and roles (walk of 2026-12-05: role codes
        // and "/wk" under --lang zh, no heading row)
        (&["roster", "list"], "grid worker ", "网格员 "),
        (&["roster", "list"], "visits/wk", "每周走访"),
        (&["roster", "list"], "/wk", "/周"),
        // the queue's table in words, and a village's regrouping plan
        (
            &["queue", "--village", "富民村"],
            "tasks as of",
            "项任务（截至",
        ),
        (&["queue", "--village", "富民村"], "home visit", "入户走访"),
        (
            &["groups", "plan", "--village", "富民村"],
            "every patient is in a valid group",
            "每名患者都在有效的小组中",
        ),
        (
            &["groups", "list", "--village", "富民村"],
            "under management",
            "在管患者",
        ),
        (
            &["groups", "list", "--village", "富民村"],
            "volunteer ",
            "志愿者 ",
        ),
        (
            &[
                "print",
                "--worker",
                "涂春生",
                "--week",
                "2026-W47",
                "--format",
                "txt",
                "-o",
                out,
            ],
            "printed 1 sheet(s)",
            "已打印 1 张任务单",
        ),
    ];
    for (args, en, zh) in cases {
        for (lang, want) in [("en", en), ("zh", zh)] {
            let mut all: Vec<&str> = args.to_vec();
            all.extend(["--db", db, "--today", "2026-11-20", "--lang", lang]);
            let (code, stdout, stderr) = common::gridcare_run(&all);
            assert_eq!(code, 0, "{all:?}: {stderr}");
            assert!(stdout.contains(want), "{all:?}: {stdout}");
            if lang == "zh" {
                assert!(!stdout.contains(*en), "English left in {all:?}: {stdout}");
            }
        }
    }
}

/// `roster list --format csv`: one cell for every heading on every row
/// (staff, teams, volunteers), the phone among them.
#[test]
fn roster_csv_has_a_cell_for_every_heading() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::fixture_file(dir.path());
    let (code, out, err) = common::gridcare_run(&[
        "roster",
        "list",
        "--format",
        "csv",
        "--db",
        db.to_str().unwrap(),
        "--today",
        "2026-11-20",
    ]);
    assert_eq!(code, 0, "{err}");
    let mut lines = out.lines();
    let head: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert!(head.contains(&"phone"), "{head:?}");
    let mut kinds = std::collections::BTreeSet::new();
    for line in lines {
        let inner = line.strip_prefix('"').and_then(|l| l.strip_suffix('"'));
        let cells: Vec<&str> = inner.unwrap_or(line).split("\",\"").collect();
        assert_eq!(cells.len(), head.len(), "{line}");
        kinds.insert(cells[0].to_string());
    }
    assert_eq!(
        kinds.into_iter().collect::<Vec<_>>(),
        ["staff", "team", "volunteer"],
        "{out}"
    );
}
