//! Rules a coordinator hits in the first week (issue 8), each through the
//! database and the queue as the interface and the CLI use them.

mod common;
use common::{d, fixture_db, fixture_today, followup};
use gridcare::db::{Db, NewVisit, ResidentEdit};
use gridcare::domain::model::*;
use gridcare::domain::queue::{self, Status, Task};

fn tasks_on(db: &Db, day: &str) -> Vec<Task> {
    let day = d(day);
    queue::tasks(&db.township(day).unwrap(), day, &db.rules().unwrap())
}

fn task_of(tasks: &[Task], subject: Subject) -> Option<&Task> {
    tasks.iter().find(|t| t.subject == subject)
}

fn tier_of(db: &Db, household: i64, day: &str) -> u8 {
    let town = db.township(d(day)).unwrap();
    let h = town.households.iter().find(|h| h.id == household).unwrap();
    gridcare::domain::tier::household_tier(h, d(day), &db.rules().unwrap())
        .effective
        .number()
}

/// Item 1: death or moving is recordable for anyone, whatever tasks they
/// have; the tier follows the remaining members; an empty household leaves.
#[test]
fn item1_end_management_for_anyone() {
    let mut db = fixture_db();
    // 王建国 (household 1) has no task of his own.
    assert!(
        tasks_on(&db, "2026-11-20")
            .iter()
            .all(|t| t.subject != Subject::Resident(3))
    );
    db.end_resident(3, RemoveReason::Moved, d("2026-11-19"), fixture_today())
        .unwrap();
    let (status, when): (String, String) = db
        .conn()
        .query_row(
            "SELECT status, status_date FROM resident WHERE id = 3",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((status.as_str(), when.as_str()), ("moved", "2026-11-19"));

    // 孙婆婆 lives alone (★1, weekly): when she dies the household leaves the queues.
    assert!(task_of(&tasks_on(&db, "2026-11-20"), Subject::Household(2)).is_some());
    db.end_resident(6, RemoveReason::Died, d("2026-11-18"), fixture_today())
        .unwrap();
    let later = tasks_on(&db, "2026-11-30");
    assert!(
        later.iter().all(|t| t.household_id != 2),
        "household 2 left"
    );

    // 曾国强 (disabled, ★2) moves: the household is recomputed from 𠮷祥 alone (★5).
    assert_eq!(tier_of(&db, 3, "2026-11-20"), 2);
    db.end_resident(
        7,
        RemoveReason::Transferred,
        d("2026-11-20"),
        fixture_today(),
    )
    .unwrap();
    assert_eq!(tier_of(&db, 3, "2026-11-20"), 5);

    // Refused: what is wrong, and nothing written.
    let before: i64 = common::value(&db, "SELECT count(*) FROM audit_log");
    let cases = [
        (
            8,
            RemoveReason::Refused,
            "2026-11-20",
            "died, moved or transferred",
        ),
        (8, RemoveReason::Died, "2026-11-21", "after today"),
        (8, RemoveReason::Died, "1980-01-01", "before"),
        (3, RemoveReason::Died, "2026-11-20", "already ended"),
        (999, RemoveReason::Died, "2026-11-20", "no resident 999"),
    ];
    for (id, why, date, needle) in cases {
        let e = db
            .end_resident(id, why, d(date), fixture_today())
            .unwrap_err()
            .to_string();
        assert!(e.contains(needle), "{id} {why} {date}: {e}");
    }
    let after: i64 = common::value(&db, "SELECT count(*) FROM audit_log");
    assert_eq!(before, after, "refusals write nothing");
}

/// Item 1: "removed: died" on a household visit ends the one member left;
/// with several members it says which screen to use and writes nothing.
#[test]
fn item1_household_visit_removed_died() {
    let mut db = fixture_db();
    let mut v = NewVisit::completed(
        VisitKind::Household,
        Subject::Household(2),
        VisitMode::Home,
        fixture_today(),
    );
    v.outcome = Outcome::Removed;
    v.remove_reason = Some(RemoveReason::Died);
    db.record_visit(&v, fixture_today()).unwrap();
    let status: String = common::value(&db, "SELECT status FROM resident WHERE id = 6");
    assert_eq!(status, "deceased");
    assert!(
        task_of(&tasks_on(&db, "2026-11-30"), Subject::Household(2)).is_none(),
        "not back next week"
    );
    let mut several = v.clone();
    several.subject = Subject::Household(1);
    let e = db.record_visit(&several, fixture_today()).unwrap_err();
    assert!(e.to_string().contains("press X"), "{e}");
}

/// Item 2 (§6): a status takes effect on its date.
#[test]
fn item2_status_takes_effect_on_its_date() {
    let mut db = fixture_db();
    db.end_resident(6, RemoveReason::Died, d("2026-11-18"), fixture_today())
        .unwrap();
    let cases = [
        ("2026-11-17", true),
        ("2026-11-18", false),
        ("2026-11-20", false),
    ];
    for (day, listed) in cases {
        assert_eq!(
            task_of(&tasks_on(&db, day), Subject::Household(2)).is_some(),
            listed,
            "as of {day}"
        );
    }
}

/// Item 3 (§6): a tier or cadence change starts with a grace period.
#[test]
fn item3_tier_change_starts_with_grace() {
    let db = fixture_db();
    // 欧阳春花 (household 4, registered 2020), living alone since her husband
    // moved away, turns 60 on 2026-11-20: ★1 weekly from that day.
    let id = gridcare::domain::idnum::compose("360425", d("1966-11-20"), 92);
    db.conn()
        .execute_batch(&format!(
            "UPDATE resident SET birth_date = '1966-11-20', id_number = '{id}', lives_alone_no_carer = 1 WHERE id = 9;
             UPDATE resident SET status = 'moved', status_date = '2026-01-01' WHERE id = 10;"
        ))
        .unwrap();
    let cases = [
        ("2026-11-20", Status::Due, 0),     // the week she turned 60: grace
        ("2026-11-29", Status::Due, 0),     // the next week is the first that counts
        ("2026-11-30", Status::Overdue, 1), // and it was missed
    ];
    for (day, status, missed) in cases {
        let ts = tasks_on(&db, day);
        let t = task_of(&ts, Subject::Household(4)).unwrap();
        assert_eq!(
            (t.tier.number(), t.status, t.missed_periods),
            (1, status, missed),
            "{day}"
        );
    }
    // The lives-alone flag set on 2026-11-19 for 李秀英 (76): ★1 from that week.
    let mut db = fixture_db();
    db.update_resident(
        2,
        &ResidentEdit {
            name: "李秀英".into(),
            phone: None,
            lives_alone_no_carer: true,
            disabled: false,
            seriously_ill: false,
            care_plan: None,
            id_number: None,
            relation: None,
        },
        d("2026-11-19"),
    )
    .unwrap();
    let ts = tasks_on(&db, "2026-11-20");
    let t = task_of(&ts, Subject::Household(1)).unwrap();
    assert_eq!(
        (t.tier.number(), t.status, t.missed_periods),
        (1, Status::Due, 0)
    );
}

/// Item 4 (§3): two consecutive uncontrolled readings are red, whatever else
/// the second follow-up records.
#[test]
fn item4_consecutive_uncontrolled_whatever_else() {
    let mut db = fixture_db();
    // 欧阳春花: 150/95, then 150/95 with an adverse reaction.
    db.record_visit(&followup(9, "2026-11-05", 150, 95), fixture_today())
        .unwrap();
    let mut second = followup(9, "2026-11-19", 150, 95);
    second.findings.vitals.fpg = Some(6.0);
    second.findings.adverse_reaction = true;
    let r = db.record_visit(&second, fixture_today()).unwrap();
    assert_eq!(r.colour_after, Some(Colour::Red));
    assert_eq!(r.assessment.map(|a| a.referral), Some(ReferralNeed::Refer));
}

/// Item 5 (§3): readings decide; a follow-up without the reading the
/// condition needs keeps the colour; each adverse follow-up restarts 2 weeks.
#[test]
fn item5_readings_decide() {
    let mut db = fixture_db();
    // 王大爷 is yellow (152/94 on 11-10): a phone call without BP keeps him yellow.
    let mut call = NewVisit::completed(
        VisitKind::Recheck,
        Subject::Resident(1),
        VisitMode::Phone,
        d("2026-11-18"),
    );
    call.notes = Some("电话随访，未测血压".into());
    let r = db.record_visit(&call, fixture_today()).unwrap();
    assert_eq!(r.assessment.as_ref().and_then(|a| a.classification), None);
    assert_eq!(r.colour_after, Some(Colour::Yellow));
    // Two adverse reactions in a row: the second starts a new 2-week re-check.
    let mut db = fixture_db();
    for day in ["2026-11-05", "2026-11-19"] {
        let mut v = followup(9, day, 130, 80);
        v.findings.vitals.fpg = Some(6.0);
        v.findings.adverse_reaction = true;
        db.record_visit(&v, fixture_today()).unwrap();
    }
    let ts = tasks_on(&db, "2026-11-20");
    let t = task_of(&ts, Subject::Resident(9)).unwrap();
    assert_eq!(
        (t.kind, t.when.deadline()),
        (VisitKind::Recheck, d("2026-12-03"))
    );
}

/// Item 6 (§4): the unassessed first follow-up is due within 14 days of the
/// start of management, overdue by days after that.
#[test]
fn item6_unassessed_due_within_14_days() {
    let db = fixture_db();
    // 解福生: hypertension managed from 2026-11-10.
    let cases = [
        ("2026-11-20", Status::Due, 0),
        ("2026-11-24", Status::Due, 0),
        ("2026-11-25", Status::Overdue, 1),
    ];
    for (day, status, late) in cases {
        let ts = tasks_on(&db, day);
        let t = task_of(&ts, Subject::Resident(10)).unwrap();
        assert_eq!(
            (t.colour, t.when.deadline(), t.status, t.days_overdue),
            (Some(Colour::Unassessed), d("2026-11-24"), status, late),
            "{day}"
        );
    }
}

/// Item 7: rows written by hand are classified from their readings; `check`
/// reports stored classifications that disagree.
#[test]
fn item7_stored_classification_never_trusted() {
    let mut db = fixture_db();
    db.apply_sql(
        "INSERT INTO visit (id, kind, resident_id, mode, visit_date, outcome, sbp, dbp, fpg, classification, recorded_by, recorded_at)
         VALUES (50, 'followup', 9, 'clinic', '2026-11-19', 'completed', 200, 120, 6.0, NULL, 'sqlite3', '2026-11-19 10:00:00')",
    )
    .unwrap();
    let ts = tasks_on(&db, "2026-11-20");
    assert_eq!(
        task_of(&ts, Subject::Resident(9)).unwrap().colour,
        Some(Colour::Red)
    );
    assert!(
        db.check()
            .unwrap()
            .classifications
            .iter()
            .any(|l| l.contains("visit row 50"))
    );
    db.apply_sql(
        "UPDATE visit SET sbp = 128, dbp = 80, classification = 'uncontrolled' WHERE id = 50",
    )
    .unwrap();
    let ts = tasks_on(&db, "2026-11-20");
    assert_eq!(
        task_of(&ts, Subject::Resident(9)).unwrap().colour,
        Some(Colour::Green)
    );
    let report = db.check().unwrap();
    assert!(!report.is_clean());
    assert!(
        report
            .classifications
            .iter()
            .any(|l| l.contains("visit row 50")
                && l.contains("stored uncontrolled")
                && l.contains("give controlled")),
        "{:?}",
        report.classifications
    );
}

/// Item 8: a bad row is named by table, row id and column.
#[test]
fn item8_bad_row_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.db");
    let mut db = Db::open(&path, gridcare::db::OpenMode::CreateIfMissing).unwrap();
    db.apply_sql(common::FIXTURE).unwrap();
    db.conn()
        .execute_batch(
            "PRAGMA ignore_check_constraints = ON;
             UPDATE visit SET visit_date = '2026-11-31' WHERE id = 5;
             PRAGMA ignore_check_constraints = OFF;",
        )
        .unwrap();
    drop(db);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gridcare"))
        .args(["queue", "--today", "2026-11-20", "--db"])
        .arg(&path)
        .env("GRIDCARE_LANG", "en")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_ne!(out.status.code(), Some(0));
    assert!(
        err.contains("visit row 5, column visit_date")
            && err.contains("not a valid date")
            && !err.contains("Conversion error"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

/// Issue 25 item 3 (domain.md §6, clarified): a diagnosis entered today with
/// a management date copied from paper files puts the patient in grace from
/// today — for a resident registered long ago too (孙婆婆, registered in the
/// fixture's past, hypertension managed since 2025-01-10 on paper): the
/// first follow-up is due in 14 days, not 逾期 665天.
#[test]
fn a_diagnosis_entered_today_is_in_grace_from_today() {
    use gridcare::db::NewCondition;
    // (entered on, managed from (paper), queue date, due by, status)
    let cases = [
        (
            "2026-11-20",
            "2025-01-10",
            "2026-11-20",
            "2026-12-04",
            Status::Due,
        ),
        (
            "2026-11-20",
            "2025-01-10",
            "2026-12-05",
            "2026-12-04",
            Status::Overdue,
        ),
        (
            "2026-11-20",
            "2026-11-20",
            "2026-11-20",
            "2026-12-04",
            Status::Due,
        ),
    ];
    for (entered, from, on, by, status) in cases {
        let mut db = fixture_db();
        db.add_condition(
            &NewCondition {
                resident_id: 6,
                condition: Condition::Hypertension,
                diagnosed_on: d(from),
                managed_from: d(from),
            },
            d(entered),
        )
        .unwrap();
        let ts = tasks_on(&db, on);
        let t = ts
            .iter()
            .find(|t| t.subject == Subject::Resident(6) && t.kind == VisitKind::Followup)
            .expect("a first follow-up");
        assert_eq!(
            (t.when.deadline(), t.status),
            (d(by), status),
            "entered {entered}, managed from {from}, on {on}: {} days overdue",
            t.days_overdue
        );
    }
}
