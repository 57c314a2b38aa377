//! Issue 14, the one-person-one-plan 一人一策 (domain.md §2 ★1): a ★1
//! elder without a plan, or with a stale one, has a dated task in the
//! family-doctor team's queue; `r`, Enter or `L` opens the plan editor; saving
//! a plan with a review date ahead does the task. One command for the
//! interface and `gridcare care-plan`; a refusal writes nothing.

mod common;
use common::{
    fixture_db, fixture_file, fixture_today, form_errors, gridcare_run, load, press, render,
    row_counts, tasks_of,
};
use gridcare::db::{Db, OpenMode};
use gridcare::domain::careplan::PlanState;
use gridcare::domain::model::VisitKind;
use gridcare::domain::queue::{Reason, Status, Task, WorkerRole};
use gridcare::tui::Screen;
use gridcare::words::Lang;

/// 孙婆婆 (resident 6) lives alone at 86 (★1); the fixture gives her a plan.
const SUN: i64 = 6;
const NO_PLAN: &str = "UPDATE resident SET care_plan = NULL, care_plan_written_on = NULL, care_plan_review_on = NULL WHERE id = 6";

fn plan_task(db: &Db) -> Option<Task> {
    tasks_of(db, SUN)
        .into_iter()
        .find(|t| t.kind == VisitKind::CarePlan)
}

/// The queue's side of §2 ★1: missing → overdue task of the village's
/// doctor team with its why; fresh → no task; stale → due from its review day.
#[test]
fn missing_and_stale_plans_are_team_tasks() {
    let mut db = fixture_db();
    // written 2026-09-01, review 2027-03-01: fresh, nothing to do
    assert_eq!(plan_task(&db), None);

    db.apply_sql(NO_PLAN).unwrap();
    let t = plan_task(&db).expect("a task for the missing plan");
    // ★1 since registration (2020-03-01), due care_plan.due_days (30) later
    assert_eq!(t.when.deadline(), common::d("2020-03-31"));
    assert_eq!(t.status, Status::Overdue);
    assert_eq!(t.role, WorkerRole::Team);
    assert_eq!(
        t.worker.as_ref().map(|w| w.name.as_str()),
        Some("富民村家庭医生团队")
    );
    assert!(matches!(
        t.reason,
        Reason::CarePlan {
            plan: PlanState::Missing,
            ..
        }
    ));

    // a plan whose review day has passed is due again from that day
    db.apply_sql("UPDATE resident SET care_plan = '每周电话问候', care_plan_written_on = '2026-03-01', care_plan_review_on = '2026-09-01' WHERE id = 6").unwrap();
    let t = plan_task(&db).expect("a task for the stale plan");
    assert_eq!(t.when.deadline(), common::d("2026-09-01"));
    assert_eq!((t.status, t.days_overdue), (Status::Overdue, 80));

    // no review date: valid care_plan.review_months (6) after it was written
    db.apply_sql("UPDATE resident SET care_plan_review_on = NULL, care_plan_written_on = '2026-06-10' WHERE id = 6").unwrap();
    assert_eq!(plan_task(&db), None);
    db.apply_sql("UPDATE setting SET value = '3' WHERE key = 'care_plan.review_months'")
        .unwrap();
    let t = plan_task(&db).expect("three months have passed");
    assert_eq!(t.when.deadline(), common::d("2026-09-10"));

    // a recorded visit cannot do a plan's task
    let v = gridcare::db::NewVisit::completed(
        VisitKind::CarePlan,
        gridcare::domain::model::Subject::Resident(SUN),
        gridcare::domain::model::VisitMode::Home,
        fixture_today(),
    );
    let before = row_counts(&db, &["visit", "audit_log"]);
    let e = db.record_visit(&v, fixture_today()).unwrap_err();
    assert!(e.to_string().contains("writing the plan"), "{e}");
    assert_eq!(row_counts(&db, &["visit", "audit_log"]), before);
}

/// `r` on the resident screen opens the plan editor for the care-plan task;
/// typed Chinese with a second line and the review date save in one write,
/// and the task is done.
#[test]
fn record_key_opens_the_editor_and_saving_does_the_task() {
    let mut db = fixture_db();
    db.apply_sql(NO_PLAN).unwrap();
    let mut app = load(&db, Lang::Zh, false);
    press(&mut app, &mut db, "/孙婆婆{Enter}");
    assert_eq!(app.screen, Screen::Resident);
    let screen = render(&app, 80, 24);
    assert!(screen.contains("一人一策"), "{screen}");
    press(&mut app, &mut db, "r");
    let screen = render(&app, 80, 24);
    assert!(screen.contains("一人一策 · 孙婆婆"), "{screen}");
    // the review date is offered six months ahead
    assert!(screen.contains("2027-05-20"), "{screen}");
    press(&mut app, &mut db, "每周电话问候");
    press(&mut app, &mut db, "{M-Enter}");
    press(&mut app, &mut db, "家庭医生每月上门测血压{C-s}");
    assert!(app.popup.is_none(), "{}", form_errors(&app));
    assert!(app.message.contains("2027-05-20"), "{}", app.message);
    let plan = db.care_plan_of(SUN).unwrap().unwrap();
    assert_eq!(
        plan.text.as_deref(),
        Some("每周电话问候\n家庭医生每月上门测血压")
    );
    assert_eq!(plan.written_on, Some(fixture_today()));
    assert_eq!(plan.review_on, Some(common::d("2027-05-20")));
    // written this quarter: shown done, not open
    assert_eq!(plan_task(&db).map(|t| t.status), Some(Status::Done));
    let screen = render(&app, 80, 24);
    assert!(
        screen.contains("一人一策（2026-11-20 制定，2027-05-20 复核）: 每周电话问候"),
        "{screen}"
    );
    // one audit row, with the plan before and after
    let (action, before, after): (String, String, String) = db
        .conn()
        .query_row(
            "SELECT action, before, after FROM audit_log ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(action, "set_care_plan");
    assert!(before.contains("\"care_plan\":null"), "{before}");
    assert!(after.contains("家庭医生每月上门测血压"), "{after}");
}

/// `L` opens the same editor from the household screen's member list, and
/// Enter on the queue's care-plan task does too; `o` on it says how it is done.
#[test]
fn l_on_the_household_and_enter_on_the_queue() {
    let mut db = fixture_db();
    db.apply_sql(NO_PLAN).unwrap();
    let mut app = load(&db, Lang::En, false);
    press(&mut app, &mut db, "/孙婆婆{Enter}H");
    assert_eq!(app.screen, Screen::Household);
    press(&mut app, &mut db, "L");
    let screen = render(&app, 80, 24);
    assert!(screen.contains("Care plan · 孙婆婆"), "{screen}");
    // Esc writes nothing
    let before = row_counts(&db, &["audit_log"]);
    press(&mut app, &mut db, "{Esc}");
    assert!(app.popup.is_none());
    assert_eq!(row_counts(&db, &["audit_log"]), before);

    // the queue's care-plan task: Enter opens the editor, o explains
    press(&mut app, &mut db, "2");
    let at = app
        .views
        .queue
        .rows
        .iter()
        .position(|&i| app.snap.tasks[i].kind == VisitKind::CarePlan)
        .expect("the task is on the weekly queue");
    app.views.queue.selected = at;
    let screen = render(&app, 120, 40);
    assert!(screen.contains("care plan"), "{screen}");
    press(&mut app, &mut db, "o");
    assert!(app.popup.is_none());
    assert!(app.message.contains("writing the plan"), "{}", app.message);
    press(&mut app, &mut db, "{Enter}");
    assert!(render(&app, 80, 24).contains("Care plan · 孙婆婆"));

    // a review date not after today is refused with the reason; nothing written
    press(&mut app, &mut db, "每周上门{Tab}");
    for _ in 0..10 {
        press(&mut app, &mut db, "{BS}");
    }
    press(&mut app, &mut db, "2026-11-20{C-s}");
    let errors = form_errors(&app);
    assert!(errors.contains("not after today"), "{errors}");
    assert_eq!(row_counts(&db, &["audit_log"]), before);
    assert!(db.care_plan_of(SUN).unwrap().unwrap().text.is_none());
}

/// The write is durable: another connection to the file reads the plan and
/// the queue no longer holds an open task.
#[test]
fn a_second_connection_reads_the_saved_plan() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture_file(dir.path());
    {
        let mut db = Db::open(&path, OpenMode::MustExist).unwrap();
        db.apply_sql(NO_PLAN).unwrap();
        db.set_care_plan(
            SUN,
            "每周电话问候；药品由网格员代取",
            common::d("2027-02-20"),
            fixture_today(),
        )
        .unwrap();
    }
    let other = Db::open(&path, OpenMode::MustExist).unwrap();
    let (plan, written, review): (String, String, String) = other
        .conn()
        .query_row(
            "SELECT care_plan, care_plan_written_on, care_plan_review_on FROM resident WHERE id = 6",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (plan.as_str(), written.as_str(), review.as_str()),
        ("每周电话问候；药品由网格员代取", "2026-11-20", "2027-02-20")
    );
    assert!(plan_task(&other).is_some_and(|t| t.status == Status::Done));
}

/// `gridcare care-plan show` and `set`: by ID number, --text or --file; an
/// unknown resident, an empty plan or a past review date is one line and
/// writes nothing.
#[test]
fn care_plan_cli() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture_file(dir.path());
    let db = path.to_str().unwrap();
    let run = |args: &[&str]| {
        let mut all = vec!["--db", db, "--today", "2026-11-20"];
        all.extend_from_slice(args);
        gridcare_run(&all)
    };
    let sun = "36042519400229062X";
    let (code, out, err) = run(&["care-plan", "show", "--resident", sun]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("孙婆婆  written 2026-09-01  review 2027-03-01"),
        "{out}"
    );
    assert!(out.contains("每周电话问候"), "{out}");

    let file = dir.path().join("plan.txt");
    std::fs::write(&file, "每周电话问候\n家庭医生每两周上门\n").unwrap();
    let (code, out, err) = run(&[
        "care-plan",
        "set",
        "--resident",
        sun,
        "--review",
        "2027-05-01",
        "--file",
        file.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("review on 2027-05-01"), "{out}");
    let (_, out, _) = run(&["care-plan", "show", "--resident", sun, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["text"], "每周电话问候\n家庭医生每两周上门");
    assert_eq!(v["written_on"], "2026-11-20");
    assert_eq!(v["review_on"], "2027-05-01");

    let audit = |p: &std::path::Path| {
        let d = Db::open(p, OpenMode::MustExist).unwrap();
        row_counts(&d, &["audit_log"])
    };
    let before = audit(&path);
    for (args, says) in [
        (
            vec!["--review", "2026-11-20", "--text", "每周上门"],
            "not after today",
        ),
        (vec!["--review", "2027-05-01", "--text", "  "], "empty"),
        (
            vec!["--review", "2027-02-30", "--text", "每周上门"],
            "no day 30",
        ),
    ] {
        let mut a = vec!["care-plan", "set", "--resident", sun];
        a.extend(args);
        let (code, _, err) = run(&a);
        assert_ne!(code, 0);
        assert!(err.contains(says), "{err}");
        assert_eq!(err.trim().lines().count(), 1, "{err}");
    }
    let (code, _, err) = run(&[
        "care-plan",
        "set",
        "--resident",
        "11010519491231002X",
        "--review",
        "2027-05-01",
        "--text",
        "x",
    ]);
    assert_ne!(code, 0);
    assert!(err.contains("11010519491231002X"), "{err}");
    // neither --text nor --file: clap says which is needed
    let (code, _, err) = run(&[
        "care-plan",
        "set",
        "--resident",
        sun,
        "--review",
        "2027-05-01",
    ]);
    assert_ne!(code, 0);
    assert!(err.contains("--text") || err.contains("--file"), "{err}");
    assert_eq!(audit(&path), before);
}

/// A plan of several long lines shows every line whole once the focus
/// leaves it (the second line was once cut to what was left of one line).
#[test]
fn a_long_plan_shows_each_line_when_the_focus_leaves_it() {
    let mut db = fixture_db();
    db.apply_sql(NO_PLAN).unwrap();
    let mut app = load(&db, Lang::Zh, false);
    press(&mut app, &mut db, "/孙婆婆{Enter}r");
    let first = "每周电话问候；家庭医生每月上门测血压；药品由网格员代取";
    let second = "血糖仪已发放，每周二自测";
    press(&mut app, &mut db, first);
    press(&mut app, &mut db, "{M-Enter}");
    press(&mut app, &mut db, second);
    press(&mut app, &mut db, "{Tab}");
    for (w, h) in [(80, 24), (120, 40)] {
        let screen = render(&app, w, h);
        let flat = screen.replace(' ', "");
        assert!(
            flat.contains(first) && flat.contains(second),
            "{w}x{h}: both lines whole:\n{screen}"
        );
    }
}
