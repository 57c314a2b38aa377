//! Issue 30 item 3: the county role (domain.md §1: the county looks across
//! townships; §10: every change names who made it — a county account makes
//! none). A county operator's session opens on screen 9, sees every
//! township's counts as `county_counts` gives them, drills from a township
//! to its villages, grids and people, and every write key and command is
//! refused.

mod common;
use common::{press, render, run_as};
use gridcare::db::{Db, OpenMode};
use gridcare::domain::access::Role;
use gridcare::domain::county::Counts;
use gridcare::tui::app::{App, Screen};
use gridcare::words::Lang;
use ratatui::crossterm::event::{KeyEvent, KeyModifiers};

const COUNTY: (&str, &str) = common::COUNTY_OPERATOR;
const COORDINATOR: (&str, &str) = ("王协调", "pin-1111");

/// `common::small_county` in a file.
fn county_file(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("县.db");
    let mut db = Db::open(&path, OpenMode::CreateIfMissing).unwrap();
    common::small_county(&mut db);
    path
}

/// The county operator signed in on `small_county` in a file.
fn county_session(dir: &std::path::Path, lang: Lang) -> (Db, App) {
    let mut db = Db::open(&county_file(dir), OpenMode::MustExist).unwrap();
    let app = common::county_session(&mut db, lang);
    (db, app)
}

fn audit_rows(db: &Db) -> i64 {
    common::value(db, "SELECT count(*) FROM audit_log")
}

/// `operator add --role county` needs no person or village; the list names
/// the role.
#[test]
fn a_county_operator_is_added_without_a_township() {
    let dir = tempfile::tempdir().unwrap();
    let path = county_file(dir.path());
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_gridcare"));
    c.args(["operator", "add", "县慢病中心", "--role", "county"])
        .env("GRIDCARE_DB", &path)
        .env("GRIDCARE_LANG", "en")
        .env("GRIDCARE_OPERATOR", COORDINATOR.0)
        .env("GRIDCARE_PIN", COORDINATOR.1)
        .env("GRIDCARE_NEW_PIN", "county-pin-8");
    let out = c.output().unwrap();
    let text =
        String::from_utf8_lossy(&out.stderr).to_string() + &String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("(county)"), "{text}");
    // a county account names no person or village
    let (code, out) = run_as(
        &path,
        Some(COORDINATOR.0),
        Some(COORDINATOR.1),
        &[
            "operator",
            "add",
            "某县",
            "--role",
            "county",
            "--village",
            "1",
        ],
    );
    assert!(
        code != 0 && out.contains("belongs to no person or village"),
        "{out}"
    );
    let (code, list) = run_as(
        &path,
        Some(COORDINATOR.0),
        Some(COORDINATOR.1),
        &["operator", "list", "--format", "csv"],
    );
    assert_eq!(code, 0, "{list}");
    assert!(
        list.contains("\"县慢病中心\",\"county\",\"\",\"\""),
        "{list}"
    );
    // signing in: every township is read, nothing is written
    let mut db = Db::open(&path, OpenMode::MustExist).unwrap();
    let s = db
        .sign_in("县慢病中心", "county-pin-8", common::fixture_today())
        .unwrap();
    assert_eq!(s.role, Role::County);
    assert_eq!(s.reach, gridcare::domain::access::Reach::Everything);
}

/// The session opens on screen 9 with every township's counts, as
/// `county_counts` computes them; Enter drills to a township's villages
/// (their figures add up to the township's), a village's grids, a grid's
/// people on the queue, and a person; Esc and Backspace go back up.
#[test]
fn a_county_session_sees_every_township_and_drills_to_a_person() {
    let dir = tempfile::tempdir().unwrap();
    let (mut db, mut app) = county_session(dir.path(), Lang::Zh);
    assert_eq!(app.screen, Screen::County);
    let want = gridcare::snapshot::county_counts(&db, common::fixture_today()).unwrap();
    assert_eq!(want.len(), 2);
    let seen = &app.views.county.townships;
    assert_eq!(seen.len(), want.len());
    for (row, t) in seen.iter().zip(&want) {
        assert_eq!((row.id, &row.name), (t.id, &t.name));
        let c = row.counts;
        assert_eq!(
            (c.residents, c.open, c.overdue, c.red),
            (t.residents, t.open, t.overdue, t.red),
            "{}",
            t.name
        );
        assert!(c.residents > 0 && c.open > 0, "{t:?}");
    }
    let screen = render(&app, 80, 24);
    for t in &want {
        assert!(screen.contains(&t.name), "{screen}");
        assert!(screen.contains(&t.residents.to_string()), "{screen}");
    }

    // the second township: its villages, whose figures add up to its own
    press(&mut app, &mut db, "j{Enter}");
    assert_eq!(app.snap.scope, gridcare::db::Scope::Township(want[1].id));
    let villages = app.views.county.rows.clone();
    assert!(!villages.is_empty());
    let sum = |f: fn(&Counts) -> usize| villages.iter().map(|r| f(&r.counts)).sum::<usize>();
    assert_eq!(
        (
            sum(|c| c.residents),
            sum(|c| c.open),
            sum(|c| c.overdue),
            sum(|c| c.red)
        ),
        (
            want[1].residents,
            want[1].open,
            want[1].overdue,
            want[1].red
        )
    );
    let screen = render(&app, 80, 24);
    assert!(screen.contains(&villages[0].name), "{screen}");
    assert!(
        screen.contains(&want[1].name),
        "the way down is named: {screen}"
    );

    // Backspace goes up, Enter comes down again; then a village's grids
    press(&mut app, &mut db, "{BS}");
    assert!(app.views.county.township.is_none());
    assert_eq!(app.screen, Screen::County);
    press(&mut app, &mut db, "{Enter}{Enter}");
    let grids = app.views.county.rows.clone();
    assert!(!grids.is_empty() && app.views.county.village.is_some());
    // the grid with the most open tasks: its people on the queue
    let busiest = grids
        .iter()
        .enumerate()
        .max_by_key(|(_, r)| r.counts.open)
        .unwrap();
    for _ in 0..busiest.0 {
        press(&mut app, &mut db, "j");
    }
    press(&mut app, &mut db, "{Enter}");
    assert_eq!(app.screen, Screen::Queues);
    assert_eq!(app.views.queue.filter.grid, Some(busiest.1.id));
    let people = app.views.queue.rows.len();
    assert_eq!(people, busiest.1.counts.open, "the grid's open tasks");
    // a person, read-only
    press(&mut app, &mut db, "{Enter}");
    assert!(
        matches!(app.screen, Screen::Resident | Screen::Household),
        "{:?} {}",
        app.screen,
        app.message
    );
    let shown = render(&app, 80, 24);
    let task = app
        .snap
        .tasks
        .iter()
        .find(|t| t.grid_id == busiest.1.id)
        .unwrap();
    assert!(
        !task.name.is_empty() && shown.contains(&task.name[..3]),
        "{shown}"
    );
    // back up the way it came: queue, the grids, the villages, the townships
    press(&mut app, &mut db, "{Esc}{Esc}");
    assert_eq!(app.screen, Screen::County);
    assert!(app.views.county.village.is_some());
    press(&mut app, &mut db, "{Esc}{Esc}");
    assert!(app.views.county.township.is_none());
    assert_eq!(app.screen, Screen::County);
}

/// Every key of `screen` (those `?` lists: its own and the shared table's)
/// whose action there is a write.
fn write_keys(screen: Screen) -> Vec<KeyEvent> {
    let mut keys: Vec<KeyEvent> = Vec::new();
    for b in (screen.bindings().iter().flat_map(|t| t.iter())).chain(gridcare::tui::keys::BINDINGS)
    {
        let mods = if b.ctrl {
            KeyModifiers::CONTROL
        } else {
            KeyModifiers::NONE
        };
        let k = KeyEvent::new(b.code, mods);
        if gridcare::tui::keys::action(screen, k).writes() && !keys.contains(&k) {
            keys.push(k);
        }
    }
    keys
}

/// On every screen a county operator reaches, every write key is refused
/// with the county's words, no form opens and nothing is written.
#[test]
fn every_write_key_is_refused_on_every_screen_a_county_operator_reaches() {
    let dir = tempfile::tempdir().unwrap();
    let (mut db, mut app) = county_session(dir.path(), Lang::En);
    let before = audit_rows(&db);
    // the way to each screen: a person through the drill, then the rest
    let ways: &[(&str, Screen)] = &[
        ("", Screen::County),
        ("{Enter}{Enter}{Enter}", Screen::Queues),
        ("{Enter}", Screen::Resident),
        ("H", Screen::Household),
        ("1", Screen::Today),
        ("2", Screen::Queues),
        ("5", Screen::Rosters),
        ("c", Screen::Contracts),
        ("6", Screen::Groups),
        ("7", Screen::Referrals),
        ("8", Screen::Reports),
        ("e", Screen::Events),
        ("9", Screen::County),
    ];
    let mut pressed = 0;
    let mut pressed_labels = std::collections::BTreeSet::new();
    for (way, screen) in ways {
        press(&mut app, &mut db, way);
        assert_eq!(app.screen, *screen, "{way}: {}", app.message);
        let keys = write_keys(*screen);
        for k in keys {
            if let ratatui::crossterm::event::KeyCode::Char(c) = k.code {
                pressed_labels.insert(c.to_string());
            }
            app.message.clear();
            app.handle_key(k, &mut db);
            assert!(app.popup.is_none(), "{screen:?} {k:?}: a form opened");
            assert!(
                app.message
                    .contains("a county account can look but not change records"),
                "{screen:?} {k:?}: {}",
                app.message
            );
            pressed += 1;
        }
    }
    assert!(pressed > 40, "{pressed} keys pressed");
    for label in [
        "r", "o", "e", "a", "A", "K", "R", "L", "X", "I", "W", "P", "m", "n", "T",
    ] {
        assert!(
            pressed_labels.contains(label),
            "{label} pressed: {pressed_labels:?}"
        );
    }
    assert_eq!(audit_rows(&db), before, "nothing written");
}

/// The command line: `overview` and `report --county` print the county
/// table for the county (as for the coordinator); every write command is
/// refused with the county's words and writes nothing.
#[test]
fn a_county_operator_reads_the_county_table_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = county_file(dir.path());
    let as_county = |args: &[&str]| {
        let mut all = vec!["--today", "2026-11-20"];
        all.extend_from_slice(args);
        run_as(&path, Some(COUNTY.0), Some(COUNTY.1), &all)
    };
    let as_coordinator = |args: &[&str]| {
        let mut all = vec!["--today", "2026-11-20"];
        all.extend_from_slice(args);
        run_as(&path, Some(COORDINATOR.0), Some(COORDINATOR.1), &all)
    };
    for format in ["table", "csv", "json"] {
        let (code, county) = as_county(&["overview", "--format", format]);
        assert_eq!(code, 0, "{county}");
        let (_, coordinator) = as_coordinator(&["overview", "--format", format]);
        assert_eq!(county, coordinator);
        let (code, report) = as_county(&["report", "--county", "--format", format]);
        assert_eq!(code, 0, "{report}");
        assert_eq!(report, county, "report --county prints the overview");
    }
    let (_, csv) = as_county(&["report", "--county", "--format", "csv"]);
    assert!(
        csv.starts_with("township,residents,open,overdue,red\n"),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), 3, "{csv}");
    let (code, out) = as_county(&["report", "--county", "--format", "xlsx"]);
    assert!(
        code != 0 && out.contains("--format table, csv or json"),
        "{out}"
    );
    // the referrals of every township
    let (code, out) = as_county(&["referral", "list"]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(out, as_coordinator(&["referral", "list"]).1);

    let db = Db::open(&path, OpenMode::MustExist).unwrap();
    let resident: String = common::value(
        &db,
        "SELECT id_number FROM resident WHERE id_number IS NOT NULL AND status = 'active' LIMIT 1",
    );
    // a referral the coordinator sends: the county may not receive or close it
    let send = [
        "referral",
        "send",
        "--resident",
        &resident,
        "--to",
        "county",
        "--reason",
        "血压高",
    ];
    let (code, out) = as_coordinator(&send);
    assert_eq!(code, 0, "{out}");
    let sent: String = common::value(&db, "SELECT CAST(max(id) AS TEXT) FROM referral");
    let before = audit_rows(&db);
    let team: String = common::value(&db, "SELECT name FROM doctor_team LIMIT 1");
    drop(db);
    let never = dir.path().join("never.db");
    let refused: &[&[&str]] = &[
        &send,
        &["referral", "receive", "--id", &sent],
        &["roster", "add", "--name", "新人", "--role", "grid_worker"],
        &["operator", "add", "某人", "--role", "coordinator"],
        &["import", "residents", "/nonexistent.csv"],
        &[
            "event",
            "add",
            "--kind",
            "lecture",
            "--topic",
            "高血压讲座",
            "--township",
            "三角乡",
        ],
        &[
            "points",
            "spend",
            "--who",
            &resident,
            "--cost",
            "5",
            "--service",
            "体检",
        ],
        &["contract", "sign", "--resident", &resident, "--team", &team],
        &[
            "care-plan",
            "set",
            "--resident",
            &resident,
            "--review",
            "2027-01-10",
            "--text",
            "每周电话",
        ],
        &["backup", never.to_str().unwrap()],
    ];
    for args in refused {
        let (code, out) = as_county(args);
        assert_ne!(code, 0, "{args:?}: {out}");
        assert!(
            out.contains("county account can look but not change records")
                || out.contains("is for a coordinator; 县卫健 is signed in as county"),
            "{args:?}: {out}"
        );
        let db = Db::open(&path, OpenMode::MustExist).unwrap();
        assert_eq!(audit_rows(&db), before, "{args:?} wrote: {out}");
    }
}

/// A grid worker or village doctor is not shown the county: screen 9 says
/// it is not theirs, `overview` and `report --county` are refused as the
/// coordinator's (the coordinator gets the table).
#[test]
fn the_county_table_is_not_a_grid_workers_or_village_doctors() {
    let (_dir, path) = common::operators_file();
    for who in ["涂春生", "余德明"] {
        let mut db = Db::open(&path, OpenMode::MustExist).unwrap();
        let mut app = common::load(&db, Lang::Zh, false);
        press(
            &mut app,
            &mut db,
            &format!("{who}{{Tab}}{}{{Enter}}", common::pin_of(who)),
        );
        assert!(app.gate.is_none(), "{}", app.message);
        press(&mut app, &mut db, "9");
        assert_eq!(app.screen, Screen::County);
        assert!(app.views.county.townships.is_empty());
        let shown = render(&app, 80, 24);
        assert!(shown.contains("县域总览供协调员和县级账号查看"), "{shown}");
        for args in [&["overview"][..], &["report", "--county"]] {
            let (code, out) = run_as(&path, Some(who), None, args);
            assert!(
                code != 0 && out.contains("is for a coordinator"),
                "{who} {args:?}: {out}"
            );
        }
    }
    let (code, out) = run_as(&path, Some("王协调"), None, &["report", "--county"]);
    assert!(code == 0 && out.contains("三角乡"), "{out}");
}

/// Migration 027 on a database of schema 26 whose operators have SSH keys
/// (operator_key refers to operator, so the table is not rebuilt): the
/// county role is allowed afterwards, the keys stay, the schema is ours.
#[test]
fn migration_027_widens_the_role_of_an_existing_database() {
    let dir = tempfile::tempdir().unwrap();
    let (_d, path) = common::operators_file();
    let old = dir.path().join("26.db");
    std::fs::copy(&path, &old).unwrap();
    {
        let c = rusqlite::Connection::open(&old).unwrap();
        // what the migrations after 027 made goes first (the kept task state)
        drop_made_after(&c, 27);
        c.execute_batch(
            "INSERT INTO operator_key (operator_id, kind, body, fingerprint, comment, added_on)
                 SELECT id, 'ssh-ed25519', 'AAAA', 'SHA256:old', '', '2026-11-20'
                 FROM operator WHERE name = '王协调';
             PRAGMA writable_schema = ON;
             UPDATE sqlite_schema SET sql = replace(sql, ', ''county''))', '))')
              WHERE name = 'operator';
             PRAGMA writable_schema = RESET;
             PRAGMA user_version = 26;",
        )
        .unwrap();
        let refused = c.execute(
            "UPDATE operator SET role = 'county' WHERE name = '余德明'",
            [],
        );
        assert!(refused.is_err(), "schema 26 has no county role");
    }
    let mut db = Db::open(&old, OpenMode::MustExist).unwrap();
    let new = gridcare::db::NewOperator {
        name: "县卫健".into(),
        role: Role::County,
        staff: None,
        village: None,
    };
    db.add_operator(&new, "county-pin-7", common::fixture_today())
        .unwrap();
    let keys: i64 = common::value(&db, "SELECT count(*) FROM operator_key");
    let broken: i64 = common::value(&db, "SELECT count(*) FROM pragma_foreign_key_check");
    assert_eq!((keys, broken), (1, 0));
    assert_eq!(
        gridcare::db::schema::differences(db.conn()).unwrap(),
        Vec::<String>::new()
    );
}

/// Drops the tables, indexes, triggers and views the migrations after
/// `version` created, so a database made at today's schema stands for one
/// made at `version` (what they changed in place is the test's to undo).
fn drop_made_after(c: &rusqlite::Connection, version: usize) {
    let objects = |to: Option<usize>| -> Vec<(String, String)> {
        let mut m = rusqlite::Connection::open_in_memory().unwrap();
        match to {
            Some(v) => gridcare::db::migrations().to_version(&mut m, v).unwrap(),
            None => gridcare::db::migrations().to_latest(&mut m).unwrap(),
        }
        let mut st = m
            .prepare("SELECT type, name FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY type = 'table'")
            .unwrap();
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let then = objects(Some(version));
    for (kind, name) in objects(None) {
        if !then.contains(&(kind.clone(), name.clone())) {
            c.execute_batch(&format!("DROP {kind} IF EXISTS \"{name}\""))
                .unwrap();
        }
    }
}
