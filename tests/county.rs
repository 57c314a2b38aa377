//! Issue 9 as a county coordinator meets it: several townships in one
//! database, a session on one of them, an explicit switch, and the county's
//! overview computed township by township.

mod common;
use gridcare::db::{Db, OpenMode, Scope};
use gridcare::tui::app::{App, Options, Popup};
use gridcare::words::Lang;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use std::process::Command;

fn small_county(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("县.db");
    let mut db = Db::open(&path, OpenMode::CreateIfMissing).unwrap();
    let cfg = gridcare::demo::DemoConfig {
        households: 80,
        townships: 2,
        ..Default::default()
    };
    gridcare::demo::generate(&mut db, &cfg).unwrap();
    path
}

fn township_of_village(db: &Db, village: i64) -> i64 {
    db.conn()
        .query_row(
            "SELECT township_id FROM village WHERE id = ?1",
            [village],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn a_session_loads_one_township_and_switches_explicitly() {
    let dir = tempfile::tempdir().unwrap();
    let path = small_county(dir.path());
    let mut db = Db::open(&path, OpenMode::MustExist).unwrap();
    let scope = db.default_scope().unwrap();
    assert_eq!(scope, Scope::Township(1));
    let mut app = App::load(
        &db,
        Options {
            today: common::fixture_today(),
            lang: Lang::Zh,
            ascii: false,
            colour: true,
            scope,
        },
    )
    .unwrap();
    assert!(!app.snap.tasks.is_empty());
    assert!(
        app.snap
            .town
            .households
            .iter()
            .all(|h| township_of_village(&db, h.village_id) == 1),
        "only the first township is loaded"
    );
    assert_eq!(app.scope_label.as_deref(), Some("三角乡"));
    for k in [KeyCode::Char('S'), KeyCode::Char('j')] {
        app.handle_key(KeyEvent::from(k), &mut db);
    }
    assert!(matches!(app.popup, Some(Popup::Scope(_))));
    app.handle_key(KeyEvent::from(KeyCode::Enter), &mut db);
    assert_eq!(app.snap.scope, Scope::Township(2));
    assert_eq!(app.scope_label.as_deref(), Some("立新乡"));
    assert!(app.message.contains("立新乡"), "{}", app.message);
    assert!(
        app.snap
            .town
            .households
            .iter()
            .all(|h| township_of_village(&db, h.village_id) == 2)
            && !app.snap.town.households.is_empty()
    );
    let ids: std::collections::HashSet<i64> =
        app.snap.town.households.iter().map(|h| h.id).collect();
    assert!(app.snap.tasks.iter().all(|t| ids.contains(&t.household_id)));
}

#[test]
fn overview_and_township_options() {
    let dir = tempfile::tempdir().unwrap();
    let path = small_county(dir.path());
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_gridcare"))
            .args(args)
            .args(["--today", "2026-11-20", "--db"])
            .arg(&path)
            .env("GRIDCARE_LANG", "en")
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, out, err) = run(&["overview", "--format", "csv"]);
    assert_eq!(code, Some(0), "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "township,residents,open,overdue,red");
    assert!(
        lines[1].starts_with("三角乡,") && lines[2].starts_with("立新乡,"),
        "{out}"
    );
    // the overview's open counts are the township queues' own
    for (i, name) in [(1, "三角乡"), (2, "立新乡")] {
        let (code, q, err) = run(&["queue", "--township", name, "--format", "json"]);
        assert_eq!(code, Some(0), "{err}");
        let tasks: Vec<serde_json::Value> = serde_json::from_str(&q).unwrap();
        let open = tasks
            .iter()
            .filter(|t| t["status"] == "due" || t["status"] == "overdue")
            .count();
        let fields: Vec<&str> = lines[i].split(',').collect();
        assert_eq!(fields[2], open.to_string(), "{name}");
    }
    // a village name both townships use is refused, naming them
    let (code, _, err) = run(&["queue", "--village", "富民村"]);
    assert_ne!(code, Some(0));
    assert!(
        err.contains("三角乡") && err.contains("立新乡") && err.contains("--township"),
        "{err}"
    );
    let (code, _, err) = run(&["queue", "--village", "富民村", "--township", "立新乡"]);
    assert_eq!(code, Some(0), "{err}");
    let (code, _, err) = run(&["queue", "--township", "无此乡"]);
    assert_ne!(code, Some(0));
    assert!(err.contains("unknown township"), "{err}");
}
