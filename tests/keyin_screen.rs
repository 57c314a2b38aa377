//! Issue 29 item 4 in the interface: `K` on the queue keys a printed batch's
//! row in through the same parser and the same `Db::key_in_row` as
//! `gridcare keyin`; the queue shows the task done; a second key-in of the
//! row says it is already keyed.

mod common;
use common::{load, press, printing_fixture, render};
use gridcare::db::Db;
use gridcare::domain::queue::Status;
use gridcare::words::Lang;

/// The latest batch's rows: code and task, in sheet order.
fn rows(db: &Db) -> Vec<(String, String)> {
    let mut st = db
        .conn()
        .prepare(
            "SELECT code, task_key FROM print_row WHERE batch_id = (SELECT max(id) FROM print_batch)
             ORDER BY seq",
        )
        .unwrap();
    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn visits(db: &Db) -> i64 {
    db.conn()
        .query_row("SELECT count(*) FROM visit", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn k_walks_the_batch_row_by_row_and_refuses_a_keyed_row() {
    let (mut db, _dir) = printing_fixture();
    let mut app = load(&db, Lang::En, false);
    // nothing printed yet: K says so and opens nothing
    press(&mut app, &mut db, "2K");
    assert!(render(&app, 120, 40).contains("No sheets printed yet"));
    // a worker's sheets printed from the queue (a batch stored)
    press(&mut app, &mut db, "w{Down}{Enter}p{Right}{C-s}");
    let rows = rows(&db);
    assert!(rows.len() >= 3, "{rows:?}");
    let n = rows.len();
    let open = |app: &gridcare::tui::App, task: &str| {
        app.snap
            .tasks
            .iter()
            .filter(|t| gridcare::domain::plan::task_key(t) == task)
            .all(|t| t.status != Status::Done)
    };
    assert!(
        open(&app, &rows[0].1),
        "the row's task is open before the key-in"
    );
    // K opens the first row, in sheet order, with the counts
    press(&mut app, &mut db, "K");
    let screen = render(&app, 120, 40);
    assert!(screen.contains("Key in sheets"), "{screen}");
    assert!(
        screen.contains(&format!("{} (1/{n})", rows[0].0)),
        "{screen}"
    );
    assert!(
        screen.contains(&format!("keyed 0 · skipped 0 · left {n}")),
        "{screen}"
    );
    // the outcome and Enter: saved, the next row opens
    press(&mut app, &mut db, "1{Enter}");
    let screen = render(&app, 120, 40);
    assert!(screen.contains(&format!("✓ {}", rows[0].0)), "{screen}");
    assert!(
        screen.contains(&format!("{} (2/{n})", rows[1].0)),
        "{screen}"
    );
    assert!(
        screen.contains(&format!("keyed 1 · skipped 0 · left {}", n - 1)),
        "{screen}"
    );
    assert!(
        !open(&app, &rows[0].1),
        "the queue shows the task done after the key-in"
    );
    // Enter on an untouched row skips it
    let before = visits(&db);
    press(&mut app, &mut db, "{Enter}");
    let screen = render(&app, 120, 40);
    assert!(
        screen.contains(&format!("skipped {}", rows[1].0)),
        "{screen}"
    );
    assert!(
        screen.contains(&format!("{} (3/{n})", rows[2].0)),
        "{screen}"
    );
    assert!(
        screen.contains(&format!("keyed 1 · skipped 1 · left {}", n - 2)),
        "{screen}"
    );
    assert_eq!(visits(&db), before, "a skip writes nothing");
    press(&mut app, &mut db, "{Esc}");
    // a second K: the first row left; its code goes back to the keyed row,
    // which says so, and keying it again is refused
    press(&mut app, &mut db, "K");
    let screen = render(&app, 120, 40);
    assert!(
        screen.contains(&format!("{} (2/{n})", rows[1].0)),
        "{screen}"
    );
    press(&mut app, &mut db, &format!("{}{{Enter}}", rows[0].0));
    let screen = render(&app, 120, 40);
    assert!(
        screen.contains(&format!("{} is keyed in already", rows[0].0)),
        "{screen}"
    );
    press(&mut app, &mut db, "1{Enter}");
    let screen = render(&app, 120, 40);
    assert!(
        screen.contains(&format!("{} is keyed in already", rows[0].0)),
        "{screen}"
    );
    assert_eq!(visits(&db), before);
}

/// A batch of two rows for 王大爷 (hypertension, team 1, yellow): the
/// team's follow-up row and his volunteer's (王建国) row.
fn team_and_volunteer_batch(db: &mut Db) -> i64 {
    use gridcare::domain::model::VisitKind;
    use gridcare::domain::queue::WorkerRole;
    use gridcare::print::RowTask;
    let row = |role, worker_id, key: &str| RowTask {
        key: key.into(),
        kind: VisitKind::Followup,
        household_id: 1,
        resident_id: Some(1),
        role,
        worker_id,
        due: "2026-11-24".into(),
        weeks: Vec::new(),
    };
    let (id, _) = db
        .save_print_batch(
            gridcare::print::parse_week("2026-W47").unwrap(),
            "team:1",
            chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
            &[
                (
                    "富民村家庭医生团队".into(),
                    row(WorkerRole::Team, 1, "followup:r1"),
                ),
                (
                    "王建国".into(),
                    row(WorkerRole::Volunteer, 1, "volunteer:r1"),
                ),
            ],
        )
        .unwrap();
    id
}

#[test]
fn a_team_row_keys_the_follow_ups_first_lines() {
    let (mut db, _dir) = printing_fixture();
    team_and_volunteer_batch(&mut db);
    let mut app = load(&db, Lang::En, false);
    press(&mut app, &mut db, "2K");
    let screen = render(&app, 120, 40);
    assert!(screen.contains("王大爷"), "{screen}");
    // BP, heart rate, FPG, weight, medicines as prescribed (1 regular),
    // symptom codes, next date, then the date written on the sheet
    press(
        &mut app,
        &mut db,
        "1{Tab}150/95{Tab}72{Tab}6.4{Tab}66.5{Tab}1{Tab}2,8{Tab}2026-12-04{Tab}2026-11-18{Enter}",
    );
    let screen = render(&app, 120, 40);
    assert!(screen.contains("✓ W47-0001"), "{screen}");
    let got: (i64, i64, i64, f64, f64, String, String, String, Option<i64>) = db
        .conn()
        .query_row(
            "SELECT sbp, dbp, heart_rate, fpg, weight_kg, adherence, next_visit_on, visit_date, team_id
             FROM visit WHERE id = (SELECT visit_id FROM print_row WHERE code = 'W47-0001')",
            [],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                    r.get(8)?,
                ))
            },
        )
        .unwrap();
    assert_eq!(
        got,
        (
            150,
            95,
            72,
            6.4,
            66.5,
            "regular".into(),
            "2026-12-04".into(),
            "2026-11-18".into(),
            Some(1)
        )
    );
    let symptoms: Vec<String> = db
        .conn()
        .prepare(
            "SELECT code FROM visit_symptom WHERE visit_id =
             (SELECT visit_id FROM print_row WHERE code = 'W47-0001') ORDER BY code",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(symptoms, ["headache", "numbness"]);
    // the follow-up form's checks: a pulse out of range is said, nothing saved
    let (mut db2, _dir2) = printing_fixture();
    team_and_volunteer_batch(&mut db2);
    let mut app = load(&db2, Lang::En, false);
    press(&mut app, &mut db2, "2K1{Tab}150/95{Tab}400{Enter}");
    let screen = render(&app, 120, 40);
    assert!(screen.contains("20"), "the range is said: {screen}");
    let keyed: Option<i64> = db2
        .conn()
        .query_row(
            "SELECT visit_id FROM print_row WHERE code = 'W47-0001'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(keyed, None);
}

#[test]
fn a_volunteers_high_reading_is_a_contact_that_suggests_a_recheck() {
    let (mut db, _dir) = printing_fixture();
    team_and_volunteer_batch(&mut db);
    let mut app = load(&db, Lang::En, false);
    let colour = |app: &gridcare::tui::App| {
        app.snap
            .tasks
            .iter()
            .find(|t| t.subject == gridcare::domain::model::Subject::Resident(1))
            .and_then(|t| t.colour)
    };
    let (before, visits_before) = (colour(&app), visits(&db));
    // the team's row skipped, the volunteer's row: visited, 165/100
    press(&mut app, &mut db, "2K{Enter}1{Tab}165/100{Enter}");
    let screen = render(&app, 120, 40);
    assert!(screen.contains("re-check suggested"), "{screen}");
    assert_eq!(
        visits(&db),
        visits_before,
        "no visit: a contact, not a follow-up"
    );
    assert_eq!(colour(&app), before, "the colour is as it was");
    let (sbp, recheck): (i64, i64) = db
        .conn()
        .query_row("SELECT sbp, recheck FROM volunteer_contact", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!((sbp, recheck), (165, 1));
    // the team's queue shows it: the patient, the reading, who reported it
    let screen = render(&app, 120, 40);
    assert!(
        screen.contains("Re-check suggested: 王大爷 165/100 (volunteer 王建国 11-20)"),
        "{screen}"
    );
    // the team's follow-up recorded: the re-check is cleared
    let mut v = gridcare::db::NewVisit::completed(
        gridcare::domain::model::VisitKind::Followup,
        gridcare::domain::model::Subject::Resident(1),
        gridcare::domain::model::VisitMode::Clinic,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
    );
    v.team_id = Some(1);
    db.record_visit(&v, chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap())
        .unwrap();
    app.reload(&db).unwrap();
    let screen = render(&app, 120, 40);
    assert!(!screen.contains("Re-check suggested"), "{screen}");
}

#[test]
fn volunteer_readings_table() {
    // (reading typed, re-check suggested) — domain.md §3's cut-off 140/90
    let cases: [(&str, Option<(i64, i64)>, i64); 3] = [
        ("1{Tab}150/85{Enter}", Some((150, 85)), 1),
        ("1{Tab}128/78{Enter}", Some((128, 78)), 0),
        ("1{Enter}", None, 0),
    ];
    for (keys, bp, want) in cases {
        let (mut db, _dir) = printing_fixture();
        team_and_volunteer_batch(&mut db);
        let mut app = load(&db, Lang::En, false);
        press(&mut app, &mut db, &format!("2K{{Enter}}{keys}"));
        let got: (Option<i64>, Option<i64>, i64) = db
            .conn()
            .query_row("SELECT sbp, dbp, recheck FROM volunteer_contact", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .unwrap_or_else(|e| panic!("{keys}: {e}"));
        assert_eq!((got.0.zip(got.1), got.2), (bp, want), "{keys}");
        let screen = render(&app, 120, 40);
        assert_eq!(
            screen.contains("Re-check suggested"),
            want == 1,
            "{keys}: {screen}"
        );
    }
}

#[test]
fn key_in_form_snapshot_80x24() {
    let (mut db, _dir) = printing_fixture();
    let mut app = load(&db, Lang::Zh, false);
    press(&mut app, &mut db, "2w{Down}{Enter}p{Right}{C-s}K");
    let screen = render(&app, 80, 24);
    let batch: i64 = db
        .conn()
        .query_row("SELECT max(id) FROM print_batch", [], |r| r.get(0))
        .unwrap();
    assert!(screen.contains("录入任务单"), "{screen}");
    insta::assert_snapshot!(
        "key_in_form_zh_80x24",
        screen.replace(&format!("批次 {batch} "), "批次 N ")
    );
}

#[test]
fn key_in_team_row_snapshot_80x24() {
    let (mut db, _dir) = printing_fixture();
    team_and_volunteer_batch(&mut db);
    let mut app = load(&db, Lang::Zh, false);
    press(&mut app, &mut db, "2K1{Tab}150/95");
    let screen = render(&app, 80, 24);
    assert!(screen.contains("王大爷"), "{screen}");
    insta::assert_snapshot!("key_in_team_row_zh_80x24", screen);
}
