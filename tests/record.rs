//! Recording visits and contact outcomes (issue 3 §5; domain.md §3, §4, §6):
//! the colour and what is due next follow; bad input writes nothing.

mod common;
use common::{d, fixture_db, fixture_today, followup};
use gridcare::db::{Db, NewVisit};
use gridcare::domain::followup::{Findings, Vitals};
use gridcare::domain::model::*;
use gridcare::domain::queue::{self, Status, Task};

fn tasks_of(db: &Db, id: i64) -> Vec<Task> {
    let today = fixture_today();
    queue::tasks(&db.township(today).unwrap(), today, &db.rules().unwrap())
        .into_iter()
        .filter(|t| t.subject == Subject::Resident(id))
        .collect()
}

/// Rows in every table a visit may touch, to prove a refused write left nothing.
fn footprint(db: &Db) -> Vec<i64> {
    [
        "visit",
        "colour_history",
        "audit_log",
        "resident WHERE status = 'active'",
        "chronic_condition WHERE managed_until IS NULL",
    ]
    .iter()
    .map(|t| {
        db.conn()
            .query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
            .unwrap()
    })
    .collect()
}

/// §3/§4: an uncontrolled follow-up turns a green patient yellow and puts a
/// 2-week re-check in the queue; the change is in the colour history.
#[test]
fn uncontrolled_followup_turns_yellow_with_a_recheck() {
    let mut db = fixture_db();
    let before = tasks_of(&db, 9);
    assert_eq!(
        before
            .iter()
            .find(|t| t.kind == VisitKind::Followup)
            .map(|t| t.colour),
        Some(Some(Colour::Green))
    );
    let r = db
        .record_visit(&followup(9, "2026-11-20", 150, 92), fixture_today())
        .unwrap();
    assert_eq!(
        r.assessment.as_ref().and_then(|a| a.classification),
        Some(Classification::Uncontrolled)
    );
    assert_eq!(
        (r.colour_before, r.colour_after),
        (Some(Colour::Green), Some(Colour::Yellow))
    );
    let after = tasks_of(&db, 9);
    let recheck = after
        .iter()
        .find(|t| t.kind == VisitKind::Recheck)
        .expect("a re-check");
    assert_eq!(
        (recheck.status, recheck.when.deadline(), recheck.colour),
        (Status::Due, d("2026-12-04"), Some(Colour::Yellow))
    );
    assert!(
        after.iter().all(|t| t.kind != VisitKind::Followup),
        "the quarterly task gives way to the re-check"
    );
    let hist = db.colour_history(9).unwrap();
    assert_eq!(
        hist.last().map(|h| (h.0, h.1, h.2.as_str())),
        Some((d("2026-11-20"), Colour::Yellow, "uncontrolled"))
    );
    let audit: i64 = db
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE operator = '测试员'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(audit, 1, "who made the change is recorded (§10)");
}

/// §3/§4: a second uncontrolled follow-up in a row → referral suggested, red.
#[test]
fn second_uncontrolled_turns_red() {
    let mut db = fixture_db();
    let r = db
        .record_visit(&followup(1, "2026-11-20", 156, 96), fixture_today())
        .unwrap();
    assert_eq!(
        r.assessment.as_ref().map(|a| a.referral),
        Some(ReferralNeed::Refer)
    );
    assert_eq!(r.colour_after, Some(Colour::Red));
    let t = tasks_of(&db, 1);
    assert!(t.iter().any(|t| t.kind == VisitKind::Recheck
        && t.colour == Some(Colour::Red)
        && t.when.deadline() == d("2026-12-04")));
}

/// §3: a controlled follow-up brings a yellow patient back to green and the quarter is done.
#[test]
fn controlled_followup_turns_green_and_counts() {
    let mut db = fixture_db();
    let r = db
        .record_visit(&followup(1, "2026-11-20", 128, 80), fixture_today())
        .unwrap();
    assert_eq!(r.colour_after, Some(Colour::Green));
    let t = tasks_of(&db, 1);
    let f = t.iter().find(|t| t.kind == VisitKind::Followup).unwrap();
    assert_eq!((f.status, f.done_on), (Status::Done, Some(d("2026-11-20"))));
}

/// §6 contact outcomes: not at home counts for nothing; call again waits;
/// death ends management and deletes nothing.
#[test]
fn contact_outcomes() {
    let mut db = fixture_db();
    let mut v = NewVisit::completed(
        VisitKind::Followup,
        Subject::Resident(9),
        VisitMode::Home,
        d("2026-11-19"),
    );
    v.outcome = Outcome::NotHome;
    db.record_visit(&v, fixture_today()).unwrap();
    let f = tasks_of(&db, 9)
        .into_iter()
        .find(|t| t.kind == VisitKind::Followup)
        .unwrap();
    // last seen in Q2, so Q3 was missed: still overdue, with the attempt shown
    assert_eq!(
        (f.status, f.missed_periods, f.last_attempt),
        (
            Status::Overdue,
            1,
            Some((d("2026-11-19"), Outcome::NotHome))
        )
    );

    v.outcome = Outcome::CallAgain;
    v.call_again_on = Some(d("2026-11-27"));
    db.record_visit(&v, fixture_today()).unwrap();
    let f = tasks_of(&db, 9)
        .into_iter()
        .find(|t| t.kind == VisitKind::Followup)
        .unwrap();
    assert_eq!(
        (f.status, f.upcoming_from),
        (Status::Upcoming, Some(d("2026-11-27")))
    );

    let mut died = NewVisit::completed(
        VisitKind::Recheck,
        Subject::Resident(7),
        VisitMode::Home,
        d("2026-11-19"),
    );
    died.outcome = Outcome::Removed;
    died.remove_reason = Some(RemoveReason::Died);
    db.record_visit(&died, fixture_today()).unwrap();
    assert!(tasks_of(&db, 7).is_empty(), "no tasks for the dead");
    let (status, date): (String, String) = db
        .conn()
        .query_row(
            "SELECT status, status_date FROM resident WHERE id = 7",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((status.as_str(), date.as_str()), ("deceased", "2026-11-19"));
    let kept: i64 = db
        .conn()
        .query_row(
            "SELECT count(*) FROM visit WHERE resident_id = 7",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(kept, 2, "history kept");
    let ended: String = db
        .conn()
        .query_row(
            "SELECT end_reason FROM chronic_condition WHERE resident_id = 7",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(ended, "death");
}

/// Bad input gives a clear message and writes nothing.
#[test]
fn bad_input_writes_nothing() {
    let mut db = fixture_db();
    let today = fixture_today();
    let mut unknown_staff = followup(9, "2026-11-20", 130, 80);
    unknown_staff.staff_id = Some(999);
    let mut call_no_date = NewVisit::completed(
        VisitKind::Household,
        Subject::Household(2),
        VisitMode::Home,
        today,
    );
    call_no_date.outcome = Outcome::CallAgain;
    let cases: Vec<(&str, NewVisit, &str)> = vec![
        (
            "future date",
            followup(9, "2026-11-21", 130, 80),
            "after today",
        ),
        (
            "before birth",
            followup(9, "1960-01-01", 130, 80),
            "before 欧阳春花 was born",
        ),
        (
            "SBP out of range",
            followup(9, "2026-11-20", 310, 80),
            "sbp: 310 mmHg is outside 60–300",
        ),
        (
            "SBP below DBP",
            followup(9, "2026-11-20", 80, 120),
            "swapped",
        ),
        (
            "FPG out of range",
            NewVisit {
                findings: Findings {
                    vitals: Vitals {
                        fpg: Some(40.0),
                        ..Vitals::default()
                    },
                    ..Findings::default()
                },
                ..followup(9, "2026-11-20", 130, 80)
            },
            "fpg",
        ),
        ("unknown worker", unknown_staff, "unknown staff member 999"),
        (
            "unknown resident",
            followup(999, "2026-11-20", 130, 80),
            "no resident 999",
        ),
        (
            "not a patient",
            followup(3, "2026-11-20", 130, 80),
            "not under chronic-disease management",
        ),
        ("call again without a date", call_no_date, "needs the date"),
    ];
    let before = footprint(&db);
    for (name, v, needle) in cases {
        let e = db.record_visit(&v, today).expect_err(name).to_string();
        assert!(e.contains(needle), "{name}: {e}");
        assert_eq!(footprint(&db), before, "{name}: nothing written");
    }
}
