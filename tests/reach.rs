//! Issue 24 items 5, 6 and 7 — scope and sign-in: an operator's scope is
//! decided by the real date, never by --today; a grid worker or village
//! doctor dates what they write within auth.backdate_days of the real date;
//! wrong PINs count in every mode and common PINs are refused; and a person
//! outside the operator's scope is "not found", in the words for one who
//! does not exist, on every command.

mod common;
use chrono::{Days, NaiveDate};
use common::{INSIDE, operators_file, pin_of, run_as};
use gridcare::db::{Db, DbError, NewVisit, OpenMode, ReadOnlyWhy};
use gridcare::domain::model::{Subject, VisitKind, VisitMode};
use gridcare::domain::refusal::Refusal;
use std::path::Path;

/// 欧阳春花 (resident 9, household 4, 新塘村): outside 涂春生's grid and
/// 余德明's village; she has a contract with 新塘村家庭医生团队.
const OUTSIDE_ID: &str = "360425196212310923";
/// A well-formed ID number nobody holds.
const NOBODY_ID: &str = "36042519700101001X";

fn audit_rows(path: &Path) -> i64 {
    let db = Db::open(path, OpenMode::MustExist).unwrap();
    common::value(&db, "SELECT count(*) FROM audit_log")
}

fn refusal(e: DbError) -> Refusal {
    match e {
        DbError::Refused(r) => r,
        e => panic!("not a refusal: {e}"),
    }
}

/// Issue 24 item 7: for a grid worker and a village doctor, every command
/// that takes a resident (by number or ID-card number) or a household says
/// of one outside their scope exactly what it says of one who does not
/// exist, fails, names nobody and writes nothing.
#[test]
fn outside_the_scope_is_not_found_as_nobody() {
    let (_dir, path) = operators_file();
    let before = audit_rows(&path);
    // (the key of someone outside, the key of nobody) and the command with KEY in it
    let cases: &[(&str, &str, &[&str])] = &[
        ("9", "902", &["undo-removal", "--resident", "KEY"]),
        ("4", "904", &["undo-removal", "--household", "KEY"]),
        ("9", "902", &["audit", "--resident", "KEY"]),
        ("4", "904", &["audit", "--household", "KEY"]),
        (OUTSIDE_ID, NOBODY_ID, &["audit", "--resident", "KEY"]),
        (
            OUTSIDE_ID,
            NOBODY_ID,
            &[
                "contract",
                "sign",
                "--resident",
                "KEY",
                "--team",
                "新塘村家庭医生团队",
            ],
        ),
        (
            OUTSIDE_ID,
            NOBODY_ID,
            &["contract", "renew", "--resident", "KEY"],
        ),
        (
            OUTSIDE_ID,
            NOBODY_ID,
            &["contract", "end", "--resident", "KEY", "--reason", "搬走"],
        ),
        (
            OUTSIDE_ID,
            NOBODY_ID,
            &["care-plan", "show", "--resident", "KEY"],
        ),
        (
            OUTSIDE_ID,
            NOBODY_ID,
            &[
                "care-plan",
                "set",
                "--resident",
                "KEY",
                "--review",
                "2027-06-01",
                "--text",
                "x",
            ],
        ),
        (
            OUTSIDE_ID,
            NOBODY_ID,
            &[
                "referral",
                "send",
                "--resident",
                "KEY",
                "--to",
                "county",
                "--reason",
                "x",
            ],
        ),
    ];
    // referral 1 is 曾国强's (富民村第二网格): outside 涂春生's grid only
    let referral: &[(&str, &str, &[&str])] = &[
        ("1", "99", &["referral", "receive", "--id", "KEY"]),
        ("1", "99", &["referral", "close", "--id", "KEY"]),
        ("1", "99", &["referral", "return", "--id", "KEY"]),
    ];
    for operator in ["涂春生", "余德明"] {
        let only_worker: &[(&str, &str, &[&str])] = if operator == "涂春生" {
            referral
        } else {
            &[]
        };
        for (outside, nobody, args) in cases.iter().chain(only_worker) {
            let run = |key: &str| {
                let mut all = vec!["--today", "2026-11-20"];
                all.extend(args.iter().map(|a| if *a == "KEY" { key } else { a }));
                let (code, out) = run_as(&path, Some(operator), None, &all);
                (code, out.replace(key, "KEY"))
            };
            let (code_out, said_out) = run(outside);
            let (code_nobody, said_nobody) = run(nobody);
            assert_eq!(
                (code_out, &said_out),
                (code_nobody, &said_nobody),
                "{operator} {args:?}: someone outside vs nobody"
            );
            assert_eq!(code_out, 1, "{operator} {args:?}: {said_out}");
            assert!(
                !["欧阳春花", "解福生", "曾国强"]
                    .iter()
                    .any(|n| said_out.contains(n)),
                "{operator} {args:?} names them: {said_out}"
            );
            assert_eq!(audit_rows(&path), before, "{operator} {args:?} wrote");
        }
    }
    // the coordinator reaches everyone: the resident is found
    let (code, out) = run_as(
        &path,
        Some("王协调"),
        None,
        &[
            "--today",
            "2026-11-20",
            "care-plan",
            "show",
            "--resident",
            OUTSIDE_ID,
        ],
    );
    assert!(code == 0 && out.contains("欧阳春花"), "{out}");
}

/// The real date (the system clock), and days before it.
fn real() -> NaiveDate {
    gridcare::db::real_date()
}

fn days_before(n: u64) -> NaiveDate {
    real() - Days::new(n)
}

/// A household visit of household `h` on `date`.
fn home_visit(h: i64, date: NaiveDate) -> NewVisit {
    NewVisit::completed(
        VisitKind::Household,
        Subject::Household(h),
        VisitMode::Home,
        date,
    )
}

/// Issue 24 item 5: 富民村第一网格 is handed from 涂春生 to 淦小红 ten days
/// ago. 涂春生, with a --today before the handover, no longer sees, exports
/// or saves anything in it, on the command line or in the interface; the
/// grid is 淦小红's by the real date.
#[test]
fn scope_follows_the_real_date_not_today() {
    let (dir, path) = operators_file();
    let handover = days_before(10);
    let then = days_before(30).to_string();
    {
        let mut db = Db::open(&path, OpenMode::MustExist).unwrap();
        db.assign_grid(1, 3, handover).unwrap();
    }
    let csv = dir.path().join("out.csv");
    let (code, out) = run_as(
        &path,
        Some("涂春生"),
        None,
        &[
            "--today",
            &then,
            "export",
            // residents' export is not a grid worker's (issue 25 item 10)
            "households",
            "-o",
            csv.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{out}");
    let exported = std::fs::read_to_string(&csv).unwrap();
    let (code, queue) = run_as(
        &path,
        Some("涂春生"),
        None,
        &["--today", &then, "queue", "--format", "csv"],
    );
    assert_eq!(code, 0, "{queue}");
    for name in INSIDE {
        assert!(!exported.contains(name), "exported {name}:\n{exported}");
        assert!(!queue.contains(name), "queue shows {name}:\n{queue}");
    }
    assert!(
        !exported.contains("360425194803150117") && !exported.contains("13807921111"),
        "ID numbers and phones of the grid:\n{exported}"
    );
    let (code, out) = run_as(
        &path,
        Some("涂春生"),
        None,
        &[
            "--today",
            &then,
            "care-plan",
            "show",
            "--resident",
            "36042519400229062X",
        ],
    );
    assert!(code == 1 && !out.contains("孙婆婆"), "{out}");

    // the interface, as of the earlier date: signed in, nothing of the grid
    // is loaded, and a visit saved through its database connection is refused
    let mut db = Db::open(&path, OpenMode::MustExist).unwrap();
    let mut app = gridcare::tui::App::load(
        &db,
        gridcare::tui::Options {
            today: days_before(30),
            lang: gridcare::words::Lang::Zh,
            ascii: false,
            colour: true,
            scope: gridcare::db::Scope::All,
        },
    )
    .unwrap();
    common::press(
        &mut app,
        &mut db,
        &format!("涂春生{{Enter}}{}{{Enter}}", pin_of("涂春生")),
    );
    assert!(app.gate.is_none(), "signed in: {}", app.message);
    let screen = common::render(&app, 100, 30);
    for name in INSIDE {
        assert!(!screen.contains(name), "{name} shown:\n{screen}");
    }
    assert!(
        app.snap.town.households.is_empty(),
        "households of a grid handed away are loaded"
    );
    let visits: i64 = common::value(&db, "SELECT count(*) FROM visit");
    let e = db
        .record_visit(&home_visit(1, days_before(30)), days_before(30))
        .unwrap_err();
    assert_eq!(refusal(e), Refusal::OutsideScope);
    assert_eq!(
        common::value::<i64>(&db, "SELECT count(*) FROM visit"),
        visits
    );
}

/// Issue 24 item 5: a grid worker or village doctor dates visits, referrals
/// and care plans no later than the real date and no earlier than
/// auth.backdate_days (30) before it, whatever --today says; a coordinator
/// may date further back.
#[test]
fn writes_are_dated_within_the_allowed_days() {
    let (_dir, path) = operators_file();
    let mut db = Db::open(&path, OpenMode::MustExist).unwrap();
    // 淦小红 takes 富民村第一网格 (household 1) a year ago
    db.assign_grid(1, 3, real() - Days::new(365)).unwrap();
    db.add_operator(
        &gridcare::db::NewOperator {
            name: "淦小红".into(),
            role: gridcare::domain::access::Role::Worker,
            staff: Some(3),
            village: None,
        },
        "gan-pin-44",
        real(),
    )
    .unwrap();
    drop(db);

    let mut db = Db::open(&path, OpenMode::MustExist).unwrap();
    db.sign_in("淦小红", "gan-pin-44", real()).unwrap();
    let visits = |db: &Db| common::value::<i64>(db, "SELECT count(*) FROM visit");
    let was = visits(&db);
    // 45 days back, and tomorrow under a --today of tomorrow: refused
    for (date, today) in [
        (days_before(45), real()),
        (real() + Days::new(1), real() + Days::new(1)),
    ] {
        let e = db.record_visit(&home_visit(1, date), today).unwrap_err();
        assert!(
            matches!(refusal(e), Refusal::DateOutsideWindow { latest, .. } if latest == real()),
            "{date}"
        );
        assert_eq!(visits(&db), was, "nothing written for {date}");
    }
    // within the 30 days: saved
    db.record_visit(&home_visit(1, days_before(5)), real())
        .unwrap();
    assert_eq!(visits(&db), was + 1);
    drop(db);

    // a village doctor's referral under a --today 45 days back: refused;
    // the coordinator's: sent
    let when = days_before(45).to_string();
    let send = |who: &str| {
        run_as(
            &path,
            Some(who),
            None,
            &[
                "--today",
                &when,
                "referral",
                "send",
                "--resident",
                "360425194803150117",
                "--to",
                "county",
                "--reason",
                "血压控制不满意",
            ],
        )
    };
    let before = audit_rows(&path);
    let (code, out) = send("余德明");
    assert!(
        code == 1 && out.contains("outside the dates you may record"),
        "{out}"
    );
    assert_eq!(audit_rows(&path), before);
    let (code, out) = send("王协调");
    assert_eq!(code, 0, "{out}");
    // a care plan written "on" a day 45 days back, by the village doctor: refused
    let review = (real() + Days::new(90)).to_string();
    let (code, out) = run_as(
        &path,
        Some("余德明"),
        None,
        &[
            "--today",
            &when,
            "care-plan",
            "set",
            "--resident",
            "36042519400229062X",
            "--review",
            &review,
            "--text",
            "每周电话问候",
        ],
    );
    assert!(
        code == 1 && out.contains("outside the dates you may record"),
        "{out}"
    );
    // and the coordinator may date a visit further back
    let mut db = Db::open(&path, OpenMode::MustExist).unwrap();
    db.sign_in("王协调", pin_of("王协调"), real()).unwrap();
    db.record_visit(&home_visit(1, days_before(45)), real())
        .unwrap();
}

/// Issue 24 item 6: PINs of fewer than six characters, or among the
/// commonest, are refused when set, on the command line and in the database.
#[test]
fn short_and_common_pins_are_refused() {
    let (_dir, path) = operators_file();
    for pin in [
        "1234", "12345", "123456", "000000", "111111", "654321", "123123", "password",
    ] {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_gridcare"));
        let out = c
            .args(["operator", "reset", "涂春生"])
            .env("GRIDCARE_DB", &path)
            .env("GRIDCARE_OPERATOR", "王协调")
            .env("GRIDCARE_PIN", pin_of("王协调"))
            .env("GRIDCARE_NEW_PIN", pin)
            .env("GRIDCARE_LANG", "en")
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{pin} accepted");
        assert!(
            said.contains("too short") || said.contains("commonest"),
            "{pin}: {said}"
        );
    }
    // the old PIN still signs in
    let (code, out) = run_as(&path, Some("涂春生"), None, &["queue"]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        gridcare::db::check_pin("123456"),
        Err(Refusal::PinTooCommon)
    );
    assert_eq!(
        gridcare::db::check_pin("12345"),
        Err(Refusal::PinTooShort { min: 6 })
    );
    assert_eq!(gridcare::db::check_pin("pin-2222"), Ok(()));
}

/// Issue 24 item 6: under --read-only, wrong PINs count in the file as
/// they do otherwise, and lock the operator out at auth.max_failures.
#[test]
fn wrong_pins_count_under_read_only() {
    let (_dir, path) = operators_file();
    for _ in 0..5 {
        let (code, out) = run_as(
            &path,
            Some("涂春生"),
            Some("not-my-pin"),
            &["--read-only", "queue"],
        );
        assert_eq!(code, 1, "{out}");
    }
    let (code, out) = run_as(&path, Some("涂春生"), None, &["--read-only", "queue"]);
    assert!(code == 1 && out.contains("locked"), "{out}");
    let db = Db::open(&path, OpenMode::MustExist).unwrap();
    let locked: bool = common::value(
        &db,
        "SELECT locked_until > datetime('now') FROM operator WHERE name = '涂春生'",
    );
    assert!(locked, "the lockout is in the file");
    let audit: i64 = common::value(
        &db,
        "SELECT count(*) FROM audit_log WHERE action IN ('wrong_pin', 'locked_out')",
    );
    assert_eq!(audit, 5);
}

/// Issue 24 item 6: where the file cannot be written at all, this program
/// counts the wrong PINs: after auth.max_failures it signs nobody in, not
/// even with the right PIN (each try waits auth.read_only_delay_ms,
/// doubled by each wrong PIN before it; a millisecond here).
#[test]
fn wrong_pins_on_a_file_that_cannot_be_written_end_the_tries() {
    let (_dir, path) = operators_file();
    {
        let db = Db::open(&path, OpenMode::MustExist).unwrap();
        db.conn()
            .execute(
                "UPDATE setting SET value = '1' WHERE key = 'auth.read_only_delay_ms'",
                [],
            )
            .unwrap();
    }
    let mut db = Db::open_read_only(&path, ReadOnlyWhy::File).unwrap();
    for _ in 0..5 {
        let e = db.check_operator("涂春生", "not-my-pin").unwrap_err();
        assert_eq!(refusal(e), Refusal::WrongPin);
    }
    let e = db.check_operator("涂春生", pin_of("涂春生")).unwrap_err();
    assert_eq!(refusal(e), Refusal::TooManyTries { max: 5 });
}

/// Issue 24 item 6: an unknown name, a wrong PIN and an ended operator's
/// wrong PIN get the same words.
#[test]
fn unknown_name_and_wrong_pin_say_the_same() {
    let (_dir, path) = operators_file();
    {
        let mut db = Db::open(&path, OpenMode::MustExist).unwrap();
        db.end_operator("余德明", real()).unwrap();
    }
    let said: Vec<(i32, String)> = [
        ("无此人", "pin-2222"),
        ("涂春生", "pin-0000"),
        ("余德明", "pin-0000"),
    ]
    .iter()
    .map(|(who, pin)| run_as(&path, Some(who), Some(pin), &["queue"]))
    .collect();
    assert_eq!(said[0].0, 1);
    assert!(
        said[0].1.contains("wrong operator name or PIN"),
        "{}",
        said[0].1
    );
    assert_eq!(said[0], said[1], "unknown name vs wrong PIN");
    assert_eq!(
        said[0], said[2],
        "unknown name vs an ended operator's wrong PIN"
    );
    // each try wrote its audit row (the same work); the unknown name typed,
    // perhaps a PIN in the wrong field, is not kept
    let db = Db::open(&path, OpenMode::MustExist).unwrap();
    let tries: i64 = common::value(
        &db,
        "SELECT count(*) FROM audit_log WHERE action = 'wrong_pin'",
    );
    assert_eq!(tries, 3);
    let kept: i64 = common::value(
        &db,
        "SELECT count(*) FROM audit_log WHERE concat(operator, detail) LIKE '%无此人%'",
    );
    assert_eq!(kept, 0);
}

/// Issue 26 item 4: what an operator may plan is one check below both front
/// ends (`Db::groups_in_reach`, `Db::plan_in_reach`): the grid worker 涂春生
/// is refused the regrouping of 富民村 by `gridcare groups plan` and by `P`
/// on screen 6 alike, with the same words, and nothing is written either way.
#[test]
fn both_front_ends_refuse_a_grid_worker_the_regrouping_alike() {
    let (_dir, path) = operators_file();
    let groups = |path: &Path| {
        let db = Db::open(path, OpenMode::MustExist).unwrap();
        common::value::<i64>(&db, "SELECT count(*) FROM volunteer_group")
    };
    let before = groups(&path);
    let (code, out) = run_as(
        &path,
        Some("涂春生"),
        None,
        &[
            "--today",
            "2026-11-20",
            "groups",
            "plan",
            "--village",
            "富民村",
        ],
    );
    let words = Refusal::WorkerOnlyVisits.text(false);
    assert_ne!(code, 0, "{out}");
    assert!(
        out.contains(&words),
        "the command line says {words:?}: {out}"
    );

    let mut db = Db::open(&path, OpenMode::MustExist).unwrap();
    let mut app = common::load(&db, gridcare::words::Lang::En, false);
    let sign_in = |who: &str| format!("{who}{{Tab}}{}{{Enter}}", pin_of(who));
    common::press(&mut app, &mut db, &sign_in("涂春生"));
    common::press(&mut app, &mut db, "6P");
    let screen = common::render(&app, 100, 30);
    assert!(
        app.message.contains(&words),
        "the interface says {words:?}: {}\n{screen}",
        app.message,
    );
    drop(db);
    assert_eq!(groups(&path), before, "nothing written");

    // the coordinator may: the same key proposes a regrouping
    let mut db = Db::open(&path, OpenMode::MustExist).unwrap();
    let mut app = common::load(&db, gridcare::words::Lang::En, false);
    common::press(&mut app, &mut db, &sign_in("王协调"));
    common::press(&mut app, &mut db, "6P");
    assert!(!app.message.contains(&words), "{}", app.message);
}
