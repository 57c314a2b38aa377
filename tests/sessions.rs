//! Issue 15, part 1: two sessions on one database. The second sees the
//! first's saves without a restart, and a save over a household that changed
//! since its form opened is refused with the new state shown.

mod common;
use common::{fixture_file, load, press};
use gridcare::db::{Db, OpenMode};
use gridcare::domain::model::Subject;
use gridcare::snapshot::Snapshot;
use gridcare::tui::app::Popup;
use gridcare::words::Lang;

fn visits(db: &Db) -> i64 {
    common::value(db, "SELECT count(*) FROM visit")
}

fn same_as_fresh(app: &gridcare::tui::App, db: &Db) {
    let fresh = Snapshot::load(db, app.snap.scope, app.snap.day).unwrap();
    assert_eq!(
        app.snap.tasks, fresh.tasks,
        "the session shows what is saved"
    );
}

#[test]
fn a_second_session_sees_the_first_ones_saves() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture_file(dir.path());
    let (mut da, db_b) = (
        Db::open(&path, OpenMode::MustExist).unwrap(),
        Db::open(&path, OpenMode::MustExist).unwrap(),
    );
    let mut a = load(&da, Lang::Zh, false);
    let mut b = load(&db_b, Lang::Zh, false);
    assert!(!b.tick(&db_b).unwrap(), "nothing changed yet");
    let before: Vec<_> = b.tasks_of(Subject::Resident(1)).cloned().collect();
    press(&mut a, &mut da, "/wdy{Enter}r128{Tab}80{C-s}");
    assert!(a.message.contains("已保存"), "{}", a.message);
    assert!(
        !a.tick(&da).unwrap(),
        "a session's own save is no news to it"
    );
    assert!(b.tick(&db_b).unwrap(), "the other session notices");
    assert!(b.message.contains("已更新"), "{}", b.message);
    let after: Vec<_> = b.tasks_of(Subject::Resident(1)).cloned().collect();
    assert_ne!(before, after, "王大爷's tasks changed in B");
    same_as_fresh(&b, &db_b);
    // a settings change is not a household's: B reads its scope again
    da.apply_sql("INSERT INTO audit_log (at, operator, action, entity, entity_id) VALUES ('2026-11-20', 'x', 'settings', 'setting', NULL)")
        .unwrap();
    assert!(b.tick(&db_b).unwrap());
    same_as_fresh(&b, &db_b);
}

#[test]
fn a_save_over_a_changed_household_is_refused_with_the_new_state_shown() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture_file(dir.path());
    let (mut da, mut db_b) = (
        Db::open(&path, OpenMode::MustExist).unwrap(),
        Db::open(&path, OpenMode::MustExist).unwrap(),
    );
    let mut a = load(&da, Lang::Zh, false);
    let mut b = load(&db_b, Lang::Zh, false);
    // A starts recording 王大爷's re-check; meanwhile B records it.
    press(&mut a, &mut da, "/wdy{Enter}r150{Tab}95");
    press(&mut b, &mut db_b, "/wdy{Enter}r132{Tab}84{C-s}");
    assert!(b.message.contains("已保存"), "{}", b.message);
    let n = visits(&da);
    press(&mut a, &mut da, "{C-s}");
    match &a.popup {
        Some(Popup::Form(f)) => {
            let typed: Vec<String> = f.fields.iter().map(|x| x.text()).collect();
            assert!(typed.iter().any(|v| v == "150") && typed.iter().any(|v| v == "95"));
        }
        _ => panic!("A's form stays open"),
    }
    assert!(a.message.contains("已被其他用户修改"), "{}", a.message);
    assert_eq!(visits(&da), n, "nothing written, nothing doubled");
    same_as_fresh(&a, &da);
    // With the new state in view, saving again is A's decision.
    press(&mut a, &mut da, "{C-s}");
    assert!(a.popup.is_none(), "{}", a.message);
    assert_eq!(visits(&da), n + 1);
    // Another household's save does not stop A.
    press(&mut a, &mut da, "/oych{Enter}r130{Tab}80");
    press(&mut b, &mut db_b, "/wdy{Enter}r130{Tab}80{C-s}");
    press(&mut a, &mut da, "{C-s}");
    assert!(a.popup.is_none(), "{}", a.message);
}

/// Issue 15 part 3 (§10): a scripted session's writes each leave one audit
/// row with operator, record and the values before and after; `gridcare
/// audit` shows them by resident, household and operator.
#[test]
fn audit_rows_equal_writes() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture_file(dir.path());
    let mut db = Db::open(&path, OpenMode::MustExist).unwrap();
    db.operator = "李护士".into();
    let mut app = load(&db, Lang::Zh, false);
    let start = db.last_audit().unwrap();
    // follow-up (with the referral it sends), resident edit (phone), household edit
    press(&mut app, &mut db, "/wdy{Enter}r150{Tab}95{C-s}");
    press(&mut app, &mut db, "/sp{Enter}e{Tab}{Tab}13900001111{C-s}");
    press(&mut app, &mut db, "H");
    // the cursor moved first: typing over the filled-in address would
    // replace it (issue 25 item 4)
    press(&mut app, &mut db, "e{Right}（东）{C-s}");
    let rows = db
        .audit_entries(&gridcare::db::AuditFilter::default())
        .unwrap()
        .into_iter()
        .filter(|e| e.id > start)
        .collect::<Vec<_>>();
    let actions: Vec<&str> = rows.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "record_visit",
            "send_referral",
            // a phone-only edit is named so (issue 25 item 9)
            "correct_phone",
            "update_household"
        ],
        "one audit row per write (a second uncontrolled follow-up sends its referral, issue 14)"
    );
    assert!(rows.iter().all(|e| e.operator == "李护士"));
    let phone = &rows[2].changes;
    assert!(
        phone
            .iter()
            .any(|(k, b, a)| k == "phone" && b.is_empty() && a == "13900001111"),
        "{phone:?}"
    );
    assert!(
        rows[0]
            .changes
            .iter()
            .any(|(k, _, a)| k == "sbp" && a == "150")
    );
    assert!(
        rows[3]
            .changes
            .iter()
            .any(|(k, b, a)| k == "address" && a == &format!("{b}（东）"))
    );
    // the CLI, by resident and by operator
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_gridcare"))
            .args(args)
            .arg("--db")
            .arg(&path)
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let by_resident = run(&["audit", "--resident", "6"]);
    // by ID-card number, as every command names residents (walk of
    // 2026-12-05: it found nothing and said so); an unknown one is an error
    let id_number: String = {
        let db = Db::open(&path, OpenMode::MustExist).unwrap();
        common::value(&db, "SELECT id_number FROM resident WHERE id = 6")
    };
    assert_eq!(run(&["audit", "--resident", &id_number]), by_resident);
    let unknown = std::process::Command::new(env!("CARGO_BIN_EXE_gridcare"))
        .args(["audit", "--resident", "99999", "--db"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("99999"));
    assert!(
        by_resident.contains("修改电话") && by_resident.contains("电话: （空） → 13900001111"),
        "{by_resident}"
    );
    assert!(!by_resident.contains("随访"), "{by_resident}");
    let by_household = run(&["audit", "--household", "1", "--format", "csv"]);
    assert!(
        by_household.contains("record_visit"),
        "王大爷's visit is household 1's"
    );
    let by_other = run(&["audit", "--operator", "somebody else"]);
    assert!(by_other.contains("没有变更记录"), "{by_other}");
}

/// Issue 25 item 16: a save in another township is no news to a session of
/// this one (it said 已更新：显示其他用户刚保存的内容); a save in its own is.
#[test]
fn a_save_in_another_township_is_no_news() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("two.db");
    let mut writer = Db::open(&path, OpenMode::CreateIfMissing).unwrap();
    gridcare::demo::generate(
        &mut writer,
        &gridcare::demo::DemoConfig {
            households: 120,
            townships: 2,
            ..Default::default()
        },
    )
    .unwrap();
    let townships: Vec<i64> = writer
        .conn()
        .prepare("SELECT id FROM township ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let patient_in = |t: i64| -> i64 {
        writer
            .conn()
            .query_row(
                "SELECT r.id FROM resident r JOIN household h ON h.id = r.household_id
                 JOIN village v ON v.id = h.village_id JOIN chronic_condition c ON c.resident_id = r.id
                 WHERE v.township_id = ?1 AND r.status = 'active' AND c.managed_until IS NULL ORDER BY r.id LIMIT 1",
                [t],
                |r| r.get(0),
            )
            .unwrap()
    };
    let (here, there) = (patient_in(townships[0]), patient_in(townships[1]));
    let reader = Db::open(&path, OpenMode::MustExist).unwrap();
    let mut app = gridcare::tui::App::load(
        &reader,
        gridcare::tui::Options {
            today: common::fixture_today(),
            lang: Lang::Zh,
            ascii: false,
            colour: true,
            scope: gridcare::db::Scope::Township(townships[0]),
        },
    )
    .unwrap();
    assert!(!app.tick(&reader).unwrap());
    let today = common::fixture_today();
    writer
        .record_visit(&common::followup(there, "2026-11-20", 128, 80), today)
        .unwrap();
    let entities: Vec<String> = reader
        .audit_entries(&gridcare::db::AuditFilter::default())
        .unwrap()
        .into_iter()
        .rev()
        .take(3)
        .map(|e| format!("{} {} {:?}", e.action, e.entity, e.entity_id))
        .collect();
    assert!(
        !app.tick(&reader).unwrap(),
        "another township's save: {entities:?}"
    );
    assert!(!app.message.contains("已更新"), "{}", app.message);
    writer
        .record_visit(&common::followup(here, "2026-11-20", 128, 80), today)
        .unwrap();
    assert!(app.tick(&reader).unwrap(), "this township's save");
    assert!(app.message.contains("已更新"), "{}", app.message);
}
