//! Issue 15 item 2 — operators and roles (domain.md §1, §10): a grid
//! worker cannot see, search, print or export residents outside their
//! grids, through the interface and every command; a grid worker's write
//! other than a visit or its outcome is refused and writes nothing; wrong
//! PINs are refused; a PIN is never stored or logged in clear.

mod common;
use common::{
    INSIDE, add_operators, ctrl, fixture_today, operators_file as fixture_file, pin_of, press,
    run_as,
};
use gridcare::db::{Db, NewVisit, OpenMode, Scope};
use gridcare::domain::access::{Reach, Role};
use gridcare::domain::model::{Outcome, RemoveReason, Subject, VisitKind, VisitMode};
use gridcare::domain::refusal::Refusal;
use gridcare::tui::{App, Options, Screen};
use gridcare::words::Lang;
use std::path::Path;

/// Residents of the fixture outside 涂春生's grid (富民村第一网格).
const OUTSIDE: &[&str] = &["曾国强", "𠮷祥", "欧阳春花", "解福生", "查玉兰", "区明"];

/// Every command a grid worker might use to read residents: its output,
/// and any file it writes, never names a resident of another grid.
#[test]
fn grid_worker_cli_never_shows_another_grid() {
    let (dir, db) = fixture_file();
    // the coordinator's change to someone of another grid is in the audit log
    let (code, out) = run_as(
        &db,
        Some("王协调"),
        None,
        &[
            "--today",
            "2026-11-20",
            "referral",
            "return",
            "--id",
            "1",
            "--date",
            "2026-11-20",
            "--advice",
            "继续服药",
        ],
    );
    assert_eq!(code, 0, "{out}");
    let file = |n: &str| dir.path().join(n).display().to_string();
    // (arguments, a file it writes, whether it is refused)
    let cases: Vec<(Vec<String>, Option<String>, bool)> = vec![
        (vec!["queue".into()], None, false),
        (
            vec!["queue".into(), "--format".into(), "json".into()],
            None,
            false,
        ),
        (
            vec![
                "queue".into(),
                "--format".into(),
                "csv".into(),
                "--village".into(),
                "新塘村".into(),
            ],
            None,
            true, // issue 25 item 10: another village is refused
        ),
        (
            vec!["queue".into(), "--worker".into(), "熊建华".into()],
            None,
            true, // issue 25 item 10: another grid's worker is refused
        ),
        (
            vec!["referral".into(), "list".into(), "--all".into()],
            None,
            false,
        ),
        (
            vec![
                "contract".into(),
                "expiring".into(),
                "--days".into(),
                "4000".into(),
            ],
            None,
            false,
        ),
        (
            vec![
                "report".into(),
                "--period".into(),
                "2026".into(),
                "--format".into(),
                "csv".into(),
            ],
            None,
            false,
        ),
        (vec!["audit".into()], None, false),
        (
            vec!["audit".into(), "--operator".into(), "王协调".into()],
            None,
            false,
        ),
        (
            vec![
                "export".into(),
                "residents".into(),
                "-o".into(),
                file("r.csv"),
            ],
            Some(file("r.csv")),
            true, // issue 25 item 10: residents' export is not a grid worker's
        ),
        (
            vec![
                "export".into(),
                "households".into(),
                "-o".into(),
                file("h.csv"),
            ],
            Some(file("h.csv")),
            false,
        ),
        (
            vec![
                "export".into(),
                "conditions".into(),
                "-o".into(),
                file("c.csv"),
            ],
            Some(file("c.csv")),
            false,
        ),
        (
            vec!["export".into(), "visits".into(), "-o".into(), file("v.csv")],
            Some(file("v.csv")),
            true, // issue 25 item 10: nor visits'
        ),
        (
            vec![
                "export".into(),
                "residents".into(),
                "--village".into(),
                "新塘村".into(),
                "-o".into(),
                file("r2.csv"),
            ],
            Some(file("r2.csv")),
            true, // issue 25 item 10: and another village is refused
        ),
        (
            vec![
                "print".into(),
                "--township".into(),
                "--week".into(),
                "2026-W47".into(),
                "--format".into(),
                "txt".into(),
                "-o".into(),
                file("t.txt"),
            ],
            Some(file("t.txt")),
            false,
        ),
        (
            vec![
                "print".into(),
                "--village".into(),
                "新塘村".into(),
                "--month".into(),
                "2026-11".into(),
                "--format".into(),
                "txt".into(),
                "-o".into(),
                file("v.txt"),
            ],
            Some(file("v.txt")),
            true, // nothing of theirs there
        ),
        (
            vec![
                "print".into(),
                "--worker".into(),
                "淦小红".into(),
                "--month".into(),
                "2026-11".into(),
                "--format".into(),
                "txt".into(),
                "-o".into(),
                file("w.txt"),
            ],
            Some(file("w.txt")),
            true, // issue 25 item 10: another grid's worker is refused
        ),
        (
            vec![
                "groups".into(),
                "list".into(),
                "--village".into(),
                "富民村".into(),
                "--format".into(),
                "json".into(),
            ],
            None,
            false,
        ),
        (
            vec![
                "groups".into(),
                "plan".into(),
                "--village".into(),
                "新塘村".into(),
            ],
            None,
            true,
        ),
        // another grid worker's week, their village's team's week, and a
        // resident of another grid's care plan
        (
            vec![
                "plan".into(),
                "--worker".into(),
                "淦小红".into(),
                "--week".into(),
                "2026-W47".into(),
            ],
            None,
            true,
        ),
        (
            vec![
                "plan".into(),
                "--worker".into(),
                "富民村家庭医生团队".into(),
                "--week".into(),
                "2026-W47".into(),
                "--format".into(),
                "json".into(),
            ],
            None,
            true,
        ),
        (
            vec![
                "plan".into(),
                "--worker".into(),
                "涂春生".into(),
                "--week".into(),
                "2026-W47".into(),
            ],
            None,
            false,
        ),
        (
            vec![
                "care-plan".into(),
                "show".into(),
                "--resident".into(),
                "360425195811200713".into(),
            ],
            None,
            true,
        ),
        (
            vec![
                "report".into(),
                "--period".into(),
                "2026".into(),
                "--worker".into(),
                "淦小红".into(),
            ],
            None,
            true, // issue 25 item 10: another grid's worker is refused
        ),
        (vec!["roster".into(), "list".into()], None, true),
        (vec!["overview".into()], None, true),
        (vec!["check".into()], None, true),
        (vec!["operator".into(), "list".into()], None, true),
        (vec!["backup".into(), file("copy.db")], None, true),
        (
            vec![
                "import".into(),
                "residents".into(),
                "--dry-run".into(),
                file("r.csv"),
            ],
            None,
            true,
        ),
    ];
    for (args, written, refused) in &cases {
        let mut all = vec!["--today", "2026-11-20"];
        all.extend(args.iter().map(String::as_str));
        let (code, mut out) = run_as(&db, Some("涂春生"), None, &all);
        assert_eq!(code != 0, *refused, "{args:?}: {out}");
        if let Some(f) = written.as_ref().filter(|_| code == 0) {
            out.push_str(&std::fs::read_to_string(f).unwrap_or_default());
        }
        for name in OUTSIDE {
            assert!(!out.contains(name), "{args:?} shows {name}: {out}");
        }
    }
    // not vacuous: the worker's own residents are there, and the coordinator sees all
    let (_, out) = run_as(
        &db,
        Some("涂春生"),
        None,
        &["--today", "2026-11-20", "queue"],
    );
    assert!(out.contains("孙婆婆") && out.contains("王大爷"), "{out}");
    // their groups: the one with their residents, counting only those (2 of 3)
    let (code, out) = run_as(
        &db,
        Some("涂春生"),
        None,
        &[
            "--today",
            "2026-11-20",
            "groups",
            "list",
            "--village",
            "富民村",
        ],
    );
    assert_eq!(code, 0, "{out}");
    let line = out
        .lines()
        .find(|l| l.contains("富民村第1组"))
        .unwrap_or_default();
    assert!(line.trim_end().ends_with(" 2"), "{out}");
    let (_, out) = run_as(
        &db,
        Some("王协调"),
        None,
        &["--today", "2026-11-20", "queue"],
    );
    assert!(out.contains("曾国强") && out.contains("欧阳春花"), "{out}");
    // the village doctor sees their village, not the other
    let (_, out) = run_as(
        &db,
        Some("余德明"),
        None,
        &["--today", "2026-11-20", "queue"],
    );
    assert!(out.contains("曾国强") && !out.contains("欧阳春花"), "{out}");
    // and the weekly plans of their own village's grid workers, not another's
    let plan = |worker: &str| {
        run_as(
            &db,
            Some("余德明"),
            None,
            &[
                "--today",
                "2026-11-20",
                "plan",
                "--worker",
                worker,
                "--week",
                "2026-W47",
            ],
        )
    };
    let (code, out) = plan("淦小红");
    assert_eq!(code, 0, "{out}");
    let (code, out) = plan("熊建华");
    assert_ne!(code, 0, "新塘村's worker: {out}");
    assert!(
        out.contains("own village") && !out.contains("曾国强"),
        "{out}"
    );
}

/// With operators, a command names its operator and gives the PIN, or is
/// refused with one line; a wrong PIN is refused.
#[test]
fn commands_sign_in_or_are_refused() {
    let (_dir, db) = fixture_file();
    let cases: &[(Option<&str>, Option<&str>, &str)] = &[
        (None, None, "--operator NAME"),
        (
            Some("涂春生"),
            Some("pin-0000"),
            "wrong operator name or PIN",
        ),
        (
            Some("无此人"),
            Some("pin-2222"),
            "wrong operator name or PIN",
        ),
        // no terminal and no GRIDCARE_PIN
        (Some("涂春生"), Some(""), "wrong operator name or PIN"),
    ];
    for (op, pin, says) in cases {
        let (code, out) = run_as(&db, *op, *pin, &["--today", "2026-11-20", "queue"]);
        assert_eq!(code, 1, "{op:?}: {out}");
        assert!(out.contains(says), "{op:?}: {out}");
        assert_eq!(out.trim().lines().count(), 1, "one clear line: {out}");
        assert!(!out.contains("王大爷"), "{out}");
    }
}

/// A grid worker's writes other than visits are refused and write nothing,
/// on the command line and through the database's commands (the audit row
/// of every write is checked, so nothing escapes).
#[test]
fn grid_worker_writes_only_visits() {
    let (_dir, path) = fixture_file();
    let audit = |p: &Path| -> i64 {
        let db = Db::open(p, OpenMode::MustExist).unwrap();
        common::value(&db, "SELECT count(*) FROM audit_log")
    };
    let before = audit(&path);
    let refused_cli: &[&[&str]] = &[
        &[
            "contract",
            "sign",
            "--resident",
            "360425194803150117",
            "--team",
            "富民村家庭医生团队",
            "--from",
            "2027-01-01",
        ],
        &[
            "referral",
            "send",
            "--resident",
            "360425194803150117",
            "--to",
            "county",
            "--reason",
            "血压高",
        ],
        &["referral", "close", "--id", "1"],
        &["undo-removal", "--resident", "1"],
        &["roster", "add", "--name", "新人", "--role", "grid_worker"],
        &["operator", "add", "某人", "--role", "coordinator"],
        &["operator", "reset", "王协调"],
    ];
    for args in refused_cli {
        let mut all = vec!["--today", "2026-11-20"];
        all.extend_from_slice(args);
        let (code, out) = run_as(&path, Some("涂春生"), None, &all);
        assert_eq!(code, 1, "{args:?}: {out}");
        assert_eq!(audit(&path), before, "{args:?} wrote: {out}");
    }
    let (code, out) = run_as(
        &path,
        Some("涂春生"),
        None,
        &[
            "--today",
            "2026-11-20",
            "referral",
            "send",
            "--resident",
            "360425194803150117",
            "--to",
            "county",
            "--reason",
            "x",
        ],
    );
    assert!(
        code == 1 && out.contains("grid worker may only record visits"),
        "{out}"
    );

    // through the database's commands, signed in on this connection
    let today = fixture_today();
    let mut db = Db::open(&path, OpenMode::MustExist).unwrap();
    let s = db.sign_in("涂春生", pin_of("涂春生"), today).unwrap();
    assert_eq!((s.role, s.reach), (Role::Worker, Reach::Grids { staff: 2 }));
    let counts = |db: &Db| {
        common::row_counts(
            db,
            &[
                "visit",
                "resident WHERE status = 'active'",
                "audit_log",
                "household WHERE tier_override IS NOT NULL",
            ],
        )
    };
    let was = counts(&db);
    let refusal = |e: gridcare::db::DbError| match e {
        gridcare::db::DbError::Refused(r) => r,
        e => panic!("not a refusal: {e}"),
    };
    // household 1 is in their grid, household 4 is not (新塘村)
    let e = db
        .set_tier_override(1, gridcare::domain::tier::Tier::new(1), "独居", today)
        .unwrap_err();
    assert_eq!(refusal(e), Refusal::WorkerOnlyVisits);
    let e = db
        .end_resident(1, RemoveReason::Moved, today, today)
        .unwrap_err();
    assert_eq!(refusal(e), Refusal::WorkerOnlyVisits);
    let outside = NewVisit::completed(
        VisitKind::Household,
        Subject::Household(4),
        VisitMode::Home,
        today,
    );
    assert_eq!(
        refusal(db.record_visit(&outside, today).unwrap_err()),
        Refusal::OutsideScope
    );
    assert_eq!(counts(&db), was, "nothing written");

    // a visit in their grid, and a contact outcome that ends management (§6)
    let home = NewVisit::completed(
        VisitKind::Household,
        Subject::Household(1),
        VisitMode::Home,
        today,
    );
    db.record_visit(&home, today).unwrap();
    let mut died = NewVisit::completed(
        VisitKind::Household,
        Subject::Household(2),
        VisitMode::Home,
        today,
    );
    died.outcome = Outcome::Removed;
    died.remove_reason = Some(RemoveReason::Died);
    db.record_visit(&died, today).unwrap();
    // ...and, right after, the same kind of write alone is still refused
    let e = db
        .end_resident(3, RemoveReason::Moved, today, today)
        .unwrap_err();
    assert_eq!(refusal(e), Refusal::WorkerOnlyVisits);
    drop(db);

    // a second connection reads what was saved, by whom
    let other = Db::open(&path, OpenMode::MustExist).unwrap();
    let by: Vec<String> = {
        let mut st = other
            .conn()
            .prepare("SELECT recorded_by FROM visit WHERE visit_date = ?1 ORDER BY id")
            .unwrap();
        st.query_map([today], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert_eq!(by, ["涂春生", "涂春生"]);
    let status: String = other
        .conn()
        .query_row(
            "SELECT status FROM resident WHERE name = '孙婆婆'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(status, "deceased");
}

/// Wrong PINs are refused; after auth.max_failures in a row the operator
/// is locked out (even the right PIN waits); a reset lifts it.
#[test]
fn wrong_pins_lock_out() {
    let mut db = common::fixture_db();
    add_operators(&mut db);
    db.apply_sql("UPDATE setting SET value = '3' WHERE key = 'auth.max_failures'")
        .unwrap();
    let today = fixture_today();
    let steps: &[(&str, &str, Result<(), &str>)] = &[
        ("涂春生", "pin-0000", Err("wrong")),
        ("涂春生", "pin-2222", Ok(())), // a success clears the count
        ("涂春生", "pin-0001", Err("wrong")),
        ("涂春生", "pin-0002", Err("wrong")),
        ("涂春生", "PIN-2222", Err("locked")), // the third in a row locks
        ("涂春生", "pin-2222", Err("locked")),
        ("王协调", "pin-1111", Ok(())), // others are not locked
        ("无此人", "pin-1111", Err("wrong")),
    ];
    for (name, pin, want) in steps {
        let got = db
            .check_operator(name, pin)
            .map(|_| ())
            .map_err(|e| match e {
                gridcare::db::DbError::Refused(Refusal::WrongPin) => "wrong",
                gridcare::db::DbError::Refused(Refusal::LockedOut { .. }) => "locked",
                e => panic!("{e}"),
            });
        assert_eq!(got, *want, "{name} {pin}");
    }
    db.reset_pin("涂春生", "pin-4444").unwrap();
    assert!(db.check_operator("涂春生", "pin-4444").is_ok());
    assert!(db.check_operator("涂春生", "pin-2222").is_err());
    // the last coordinator stays while others sign in
    assert!(matches!(
        db.end_operator("王协调", today),
        Err(gridcare::db::DbError::Refused(Refusal::LastCoordinator))
    ));
    // an operator who ended cannot sign in
    db.end_operator("涂春生", today).unwrap();
    assert!(matches!(
        db.check_operator("涂春生", "pin-4444"),
        Err(gridcare::db::DbError::Refused(Refusal::OperatorEnded(_)))
    ));
    // the first operator must be a coordinator; PINs too short are refused
    let mut empty = common::fixture_db();
    let new = |role| gridcare::db::NewOperator {
        name: "某人".into(),
        role,
        staff: Some(2),
        village: None,
    };
    assert!(matches!(
        empty.add_operator(&new(Role::Worker), "pin-5555", today),
        Err(gridcare::db::DbError::Refused(Refusal::FirstIsCoordinator))
    ));
    assert!(matches!(
        empty.add_operator(&new(Role::Coordinator), "123", today),
        Err(gridcare::db::DbError::Refused(Refusal::PinTooShort { .. }))
    ));
}

/// The PIN is kept as an argon2 PHC string only: the database file, its
/// journal, the audit log and every command's output never hold it in clear.
#[test]
fn pin_never_in_clear() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pins.db");
    {
        let mut db = Db::open(&path, OpenMode::CreateIfMissing).unwrap();
        db.apply_sql(common::FIXTURE).unwrap();
    }
    let secret = "pin-7%3!9";
    let mut outputs = String::new();
    let mut run = |op: Option<&str>, pin: Option<&str>, new_pin: Option<&str>, args: &[&str]| {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_gridcare"));
        c.args(args)
            .env("GRIDCARE_DB", &path)
            .env("GRIDCARE_LANG", "en")
            .env_remove("GRIDCARE_OPERATOR")
            .env_remove("GRIDCARE_PIN")
            .env_remove("GRIDCARE_NEW_PIN");
        if let Some(o) = op {
            c.env("GRIDCARE_OPERATOR", o);
        }
        if let Some(p) = pin {
            c.env("GRIDCARE_PIN", p);
        }
        if let Some(p) = new_pin {
            c.env("GRIDCARE_NEW_PIN", p);
        }
        let out = c.stdin(std::process::Stdio::null()).output().unwrap();
        outputs.push_str(&String::from_utf8_lossy(&out.stdout));
        outputs.push_str(&String::from_utf8_lossy(&out.stderr));
        out.status.code()
    };
    assert_eq!(
        run(
            None,
            Some(secret),
            None,
            &["operator", "add", "王协调", "--role", "coordinator"]
        ),
        Some(0)
    );
    assert_eq!(
        run(
            Some("王协调"),
            Some(secret),
            Some(secret),
            &[
                "operator",
                "add",
                "涂春生",
                "--role",
                "worker",
                "--staff",
                "涂春生"
            ]
        ),
        Some(0)
    );
    assert_eq!(
        run(
            Some("王协调"),
            Some(secret),
            Some("pin-other"),
            &["operator", "reset", "涂春生"]
        ),
        Some(0)
    );
    assert_eq!(
        run(Some("涂春生"), Some(secret), None, &["queue"]),
        Some(1),
        "the old PIN"
    );
    for fmt in ["table", "csv", "json"] {
        assert_eq!(
            run(
                Some("王协调"),
                Some(secret),
                None,
                &["operator", "list", "--format", fmt]
            ),
            Some(0)
        );
    }
    assert_eq!(
        run(
            Some("王协调"),
            Some(secret),
            None,
            &["audit", "--format", "json"]
        ),
        Some(0)
    );
    assert!(
        outputs.contains("涂春生") && !outputs.contains(secret),
        "{outputs}"
    );
    assert!(
        !outputs.contains("$argon2"),
        "the hash is not printed either"
    );

    let db = Db::open(&path, OpenMode::MustExist).unwrap();
    let phc: String = common::value(&db, "SELECT pin_hash FROM operator WHERE name = '王协调'");
    assert!(phc.starts_with("$argon2id$"), "{phc}");
    let audit: String = common::value(
        &db,
        "SELECT group_concat(concat_ws(' ', operator, action, entity, detail, before, after), char(10)) FROM audit_log",
    );
    assert!(
        audit.contains("add_operator") && audit.contains("reset_pin"),
        "{audit}"
    );
    assert!(
        !audit.contains(secret) && !audit.contains("pin-other") && !audit.contains("$argon2"),
        "{audit}"
    );
    drop(db);
    // the file's bytes, journal included (every connection is closed)
    for f in ["pins.db", "pins.db-wal"] {
        let bytes = std::fs::read(dir.path().join(f)).unwrap_or_default();
        for pin in [secret, "pin-other"] {
            assert!(
                !bytes.windows(pin.len()).any(|w| w == pin.as_bytes()),
                "{f} holds the PIN in clear"
            );
        }
    }
}

/// Each key is refused with the grid worker's message and opens no form.
fn refused_keys(app: &mut App, db: &mut Db, keys: &[&str]) {
    for k in keys {
        press(app, db, k);
        assert!(app.popup.is_none(), "{k}: no form opens");
        assert!(
            app.message.contains("网格员只能登记随访和联系结果"),
            "{k}: {}",
            app.message
        );
        app.message.clear();
    }
}

fn app_on(db: &Db, lang: Lang) -> App {
    let mut app = App::load(
        db,
        Options {
            today: fixture_today(),
            lang,
            ascii: false,
            colour: true,
            scope: Scope::All,
        },
    )
    .unwrap();
    app.db_name = "fixture.db".into();
    app
}

/// The interface: nothing before signing in; a grid worker's queue, search,
/// households, rosters and volunteer groups are their grids' only (the
/// rosters and groups read-only; domain.md §1, §5, §10); `O` switches operator and loads
/// the next one's scope; a wrong PIN is refused.
#[test]
fn grid_worker_interface_sees_their_grids_only() {
    let mut db = common::fixture_db();
    add_operators(&mut db);
    let mut app = app_on(&db, Lang::Zh);
    assert!(app.gate.is_some(), "operators exist: the sign-in first");
    assert!(app.snap.town.households.is_empty() && app.snap.tasks.is_empty());
    // keys go to the gate, not the screens behind it
    press(&mut app, &mut db, "2");
    assert_eq!(app.screen, Screen::Today);
    assert_eq!(app.gate.as_ref().map(|g| g.name.as_str()), Some("2"));
    press(&mut app, &mut db, "{Esc}");

    press(&mut app, &mut db, "涂春生{Enter}pin-9999{Enter}");
    assert!(
        app.gate
            .as_ref()
            .is_some_and(|g| g.error.is_some() && g.pin.is_empty())
    );
    assert!(app.snap.tasks.is_empty(), "a wrong PIN loads nothing");
    press(&mut app, &mut db, "pin-2222{Enter}");
    assert!(app.gate.is_none(), "{:?}", app.gate);
    assert_eq!(app.operator, "涂春生");

    // queue rows: grid 1 only
    let names = |app: &App| -> Vec<String> {
        app.snap
            .tasks
            .iter()
            .filter_map(|t| match t.subject {
                Subject::Resident(id) => app.find_resident(id).map(|(_, m)| m.name.clone()),
                Subject::Household(id) => {
                    app.find_household(id).map(|h| h.display_name().to_string())
                }
            })
            .collect()
    };
    let mine = names(&app);
    assert!(!mine.is_empty());
    assert!(
        mine.iter().all(|n| INSIDE.contains(&n.as_str())),
        "{mine:?}"
    );
    press(&mut app, &mut db, "2");
    assert!(!app.views.queue.rows.is_empty());
    for &i in &app.views.queue.rows {
        assert_eq!(app.snap.tasks[i].grid_id, 1);
    }
    // search: another grid's resident is not found, one of theirs is
    for (q, found) in [
        ("zgq", false),
        ("曾国强", false),
        ("欧阳", false),
        ("wdy", true),
        ("孙婆婆", true),
    ] {
        press(&mut app, &mut db, &format!("/{q}"));
        let hits = match &app.popup {
            Some(gridcare::tui::app::Popup::Search(sv)) => sv.hits.len(),
            _ => panic!("search is open"),
        };
        assert_eq!(hits > 0, found, "{q}");
        press(&mut app, &mut db, "{Esc}");
    }
    // a household opened from the queue is theirs
    press(&mut app, &mut db, "2H");
    assert_eq!(app.screen, Screen::Household);
    let h = app.views.household.as_ref().map(|h| h.id).unwrap();
    assert_eq!(app.find_household(h).map(|h| h.grid_id), Some(1));
    // a change other than a visit is refused at the key (issue 25 item 9:
    // the form used to open and refuse at Ctrl-S), and writes nothing
    let was = common::row_counts(&db, &["audit_log", "visit"]);
    refused_keys(&mut app, &mut db, &["e"]);
    assert_eq!(common::row_counts(&db, &["audit_log", "visit"]), was);
    // the rosters (screen 5): their village and grid, themselves, their
    // village's family-doctor team and its people, the volunteer of a group
    // with their residents; not the other grid workers nor other grids
    press(&mut app, &mut db, "5");
    assert_eq!(app.screen, Screen::Rosters, "{}", app.message);
    let roster = app.views.rosters.roster.as_ref().expect("read on opening");
    let mut people: Vec<&str> = roster
        .people
        .iter()
        .map(|p| p.staff.name.as_str())
        .collect();
    people.sort();
    let mut want = vec!["涂春生", "江丽琴", "余德明"];
    want.sort();
    assert_eq!(people, want);
    let teams: Vec<&str> = roster.teams.iter().map(|t| t.team.name.as_str()).collect();
    assert_eq!(teams, ["富民村家庭医生团队"]);
    let volunteers: Vec<&str> = roster.volunteers.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(volunteers, ["王建国"]);
    assert!(app.snap.town.grids.iter().all(|g| g.id == 1));
    let screen = render(&mut app, 80, 24);
    insta::assert_snapshot!("rosters_grid_worker_zh_80x24", screen);
    for other in ["淦小红", "熊建华", "第二网格", "新塘村"] {
        assert!(!screen.contains(other), "{other}: {screen}");
    }
    // read-only: every key that changes the rosters is refused before a
    // form opens, with the role's message, and writes nothing
    let tables = [
        "audit_log",
        "staff",
        "grid",
        "village",
        "household",
        "volunteer_group",
        "group_member",
    ];
    let was = common::row_counts(&db, &tables);
    refused_keys(
        &mut app,
        &mut db,
        &["a", "e", "A", "W", "X", "b", "{Tab}a", "{Tab}W"],
    );
    // the volunteer groups (screen 6): the groups with their residents, and
    // of each only those (曾国强 of 第二网格 is in the same group)
    press(&mut app, &mut db, "6");
    assert_eq!(app.screen, Screen::Groups, "{}", app.message);
    let groups: Vec<(&str, &[i64])> = app
        .views
        .groups
        .rows
        .iter()
        .map(|g| (g.name.as_str(), g.members.as_slice()))
        .collect();
    assert_eq!(groups, [("富民村第1组", &[1_i64, 2][..])]);
    press(&mut app, &mut db, "{Tab}");
    let screen = render(&mut app, 80, 24);
    insta::assert_snapshot!("groups_grid_worker_zh_80x24", screen);
    assert!(
        screen.contains("王大爷") && !screen.contains("曾国强"),
        "{screen}"
    );
    refused_keys(&mut app, &mut db, &["P", "V", "m", "s", "{Tab}P"]);
    assert_eq!(common::row_counts(&db, &tables), was, "nothing written");
    // the township picker is the coordinator's
    press(&mut app, &mut db, "S");
    assert!(app.popup.is_none());

    // O: back to the sign-in; the village doctor's scope loads
    press(&mut app, &mut db, "O");
    assert!(app.gate.is_some() && app.snap.tasks.is_empty() && app.views.household.is_none());
    press(&mut app, &mut db, "余德明{Tab}pin-3333{Enter}");
    assert_eq!(app.operator, "余德明");
    assert_eq!(app.snap.scope, Scope::Village(1));
    assert!(app.snap.town.households.iter().all(|h| h.village_id == 1));
    assert!(app.snap.town.households.iter().any(|h| h.grid_id == 2));
    // what they save carries their name
    assert_eq!(db.operator, "余德明");
}

/// Ctrl-L locks: the screen shows no name and no list until the PIN is
/// typed; the form that was open is still there after.
#[test]
fn lock_hides_everything_until_the_pin() {
    let mut db = common::fixture_db();
    add_operators(&mut db);
    let mut app = app_on(&db, Lang::Zh);
    press(&mut app, &mut db, "涂春生{Enter}pin-2222{Enter}2o");
    assert!(app.popup.is_some(), "an outcome form is open");
    app.handle_key(ctrl('l'), &mut db);
    let screen = render(&mut app, 80, 24);
    for name in INSIDE
        .iter()
        .chain(OUTSIDE)
        .chain(["涂春生", "富民村"].iter())
    {
        assert!(
            !screen.contains(name),
            "locked screen shows {name}:\n{screen}"
        );
    }
    press(&mut app, &mut db, "pin-0000{Enter}");
    assert!(app.gate.is_some(), "wrong PIN");
    press(&mut app, &mut db, "pin-2222{Enter}");
    assert!(
        app.gate.is_none() && app.popup.is_some(),
        "unlocked, form kept"
    );
    // without operators there is nothing to lock with
    let mut plain = common::fixture_db();
    let mut app = common::load(&plain, Lang::Zh, false);
    assert!(app.gate.is_none());
    app.handle_key(ctrl('l'), &mut plain);
    assert!(app.gate.is_none());
}

fn render(app: &mut App, w: u16, h: u16) -> String {
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap();
    t.draw(|f| gridcare::tui::draw(f, app)).unwrap();
    format!("{}", t.backend())
}

/// Issue 25 item 13: the lockout's end is said in this computer's local
/// time (it said `11:22:53（UTC）`), on the command line as in the list.
#[test]
fn lockout_time_is_local() {
    let (_dir, path) = common::operators_file();
    let run = |lang: &str, args: &[&str], pin: &str| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_gridcare"))
            .args(args)
            .args(["--lang", lang])
            .env("GRIDCARE_DB", &path)
            .env("TZ", "CST-8")
            .env("GRIDCARE_OPERATOR", "涂春生")
            .env("GRIDCARE_PIN", pin)
            .env_remove("GRIDCARE_LANG")
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let mut said = String::new();
    for _ in 0..8 {
        said = run("en", &["queue"], "wrong-pin-9");
        if said.contains("locked until") {
            break;
        }
    }
    assert!(said.contains("locked until"), "{said}");
    let stored: String = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row(
            "SELECT locked_until FROM operator WHERE name = '涂春生'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let utc = chrono::NaiveDateTime::parse_from_str(&stored, "%Y-%m-%d %H:%M:%S").unwrap();
    let local = (utc + chrono::Duration::hours(8))
        .format("%Y-%m-%d %H:%M")
        .to_string();
    assert!(
        said.contains(&local) && !said.contains("UTC"),
        "{local}: {said}"
    );
    let said = run("zh", &["queue"], "wrong-pin-9");
    assert!(
        said.contains(&format!("登录已锁定至 {local}")) && !said.contains("UTC"),
        "{said}"
    );
    // the coordinator's list says the same time
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gridcare"))
        .args(["operator", "list"])
        .env("GRIDCARE_DB", &path)
        .env("TZ", "CST-8")
        .env("GRIDCARE_OPERATOR", "王协调")
        .env("GRIDCARE_PIN", common::pin_of("王协调"))
        .env("GRIDCARE_LANG", "en")
        .output()
        .unwrap();
    let list = String::from_utf8_lossy(&out.stdout);
    assert!(
        list.contains(&format!("locked until {local}")) && !list.contains("UTC"),
        "{list}"
    );
}

/// Issue 25 item 9: a grid worker's keys whose action they may not take
/// refuse at the key press with the role's message and open nothing, on
/// every screen (not only the rosters); `e` on a resident of their grids
/// opens the phone correction only, saved through the resident edit and
/// audited; the write transaction checks it again (a change beyond the
/// phone, or a resident of another grid, is refused and writes nothing).
#[test]
fn grid_worker_refused_at_the_key_and_corrects_a_phone() {
    let mut db = common::fixture_db();
    add_operators(&mut db);
    let mut app = app_on(&db, Lang::Zh);
    press(&mut app, &mut db, "涂春生{Enter}pin-2222{Enter}");
    assert!(app.gate.is_none(), "{:?}", app.gate);
    let was = common::row_counts(&db, &["audit_log", "visit", "referral", "contract"]);
    // the week's plan on the queues
    press(&mut app, &mut db, "2");
    refused_keys(&mut app, &mut db, &["m", "P"]);
    // a household of theirs: edit, tier, care plan, end, undo, add, move
    press(&mut app, &mut db, "H");
    assert_eq!(app.screen, Screen::Household);
    refused_keys(&mut app, &mut db, &["e", "T", "L", "X", "u", "a", "A", "M"]);
    // a resident of theirs: contract, referral, care plan, end …
    press(&mut app, &mut db, "/wdy{Enter}");
    assert_eq!(app.screen, Screen::Resident, "{}", app.message);
    refused_keys(
        &mut app,
        &mut db,
        &["K", "R", "L", "Z", "X", "u", "M", "E", "a"],
    );
    // the referrals' steps
    press(&mut app, &mut db, "7");
    refused_keys(&mut app, &mut db, &["R", "D", "C"]);
    assert_eq!(
        common::row_counts(&db, &["audit_log", "visit", "referral", "contract"]),
        was,
        "nothing written"
    );

    // `e` on the resident: the phone alone is asked
    press(&mut app, &mut db, "4");
    assert_eq!(app.screen, Screen::Resident);
    let id = app.views.resident.as_ref().map(|r| r.id).unwrap();
    let name: String = common::value(&db, &format!("SELECT name FROM resident WHERE id = {id}"));
    press(&mut app, &mut db, "e");
    let shown: Vec<&str> = match &app.popup {
        Some(gridcare::tui::app::Popup::Form(f)) => {
            assert!(f.title.contains("更正电话"), "{}", f.title);
            f.fields
                .iter()
                .filter(|x| !x.hidden)
                .map(|x| x.label)
                .collect()
        }
        _ => panic!("e opens the phone correction: {}", app.message),
    };
    assert_eq!(shown, ["电话"], "only the phone is editable");
    press(&mut app, &mut db, "13912345678{C-s}");
    assert!(app.popup.is_none(), "{}", app.message);
    let phone: String = common::value(&db, &format!("SELECT phone FROM resident WHERE id = {id}"));
    assert_eq!(phone, "13912345678");
    let again: String = common::value(&db, &format!("SELECT name FROM resident WHERE id = {id}"));
    assert_eq!(again, name, "the rest unchanged");
    let (action, operator): (String, String) = db
        .conn()
        .query_row(
            "SELECT action, operator FROM audit_log ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (action.as_str(), operator.as_str()),
        ("correct_phone", "涂春生")
    );

    // the write transaction checks again: a worker's edit of more than the
    // phone, or of another grid's resident, is refused and writes nothing
    let edit_of = |db: &Db, id: i64| -> gridcare::db::ResidentEdit {
        db.conn()
            .query_row(
                "SELECT name, phone, lives_alone_no_carer, disabled, seriously_ill FROM resident WHERE id = ?1",
                [id],
                |r| {
                    Ok(gridcare::db::ResidentEdit {
                        name: r.get(0)?,
                        id_number: None,
                        relation: None,
                        phone: r.get(1)?,
                        lives_alone_no_carer: r.get(2)?,
                        disabled: r.get(3)?,
                        seriously_ill: r.get(4)?,
                        care_plan: None,
                    })
                },
            )
            .unwrap()
    };
    let today = fixture_today();
    let counts = common::row_counts(&db, &["audit_log"]);
    let mut e = edit_of(&db, id);
    e.name = format!("{name}改");
    e.phone = Some("13700000000".into());
    let err = db.update_resident(id, &e, today).unwrap_err().to_string();
    assert!(
        err.contains("may only record visits") || err.contains("网格员只能"),
        "{err}"
    );
    let mut e = edit_of(&db, id);
    e.seriously_ill = !e.seriously_ill;
    assert!(
        db.update_resident(id, &e, today).is_err(),
        "a flag is not the phone"
    );
    let other: i64 = common::value(&db, "SELECT id FROM resident WHERE name = '曾国强'");
    let mut e = edit_of(&db, other);
    e.phone = Some("13700000000".into());
    assert!(
        db.update_resident(other, &e, today).is_err(),
        "another grid's resident"
    );
    assert_eq!(
        common::row_counts(&db, &["audit_log"]),
        counts,
        "nothing written"
    );
    let mut e = edit_of(&db, id);
    e.phone = Some("13600000000".into());
    db.update_resident(id, &e, today).unwrap();
}
