//! Recording visits and contact outcomes (issue 3 §5; domain.md §3, §4, §6):
//! the colour and what is due next follow; bad input writes nothing.

mod common;
use common::{d, fixture_db, fixture_today, followup, tasks_of};
use gridcare::db::{Db, NewVisit};
use gridcare::domain::followup::{Findings, Vitals};
use gridcare::domain::model::*;
use gridcare::domain::queue::{self, Status, Task};

/// Rows in every table a visit may touch, to prove a refused write left nothing.
fn footprint(db: &Db) -> Vec<i64> {
    common::row_counts(
        db,
        &[
            "visit",
            "colour_history",
            "audit_log",
            "resident WHERE status = 'active'",
            "chronic_condition WHERE managed_until IS NULL",
        ],
    )
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
    let audit: i64 = common::value(
        &db,
        "SELECT count(*) FROM audit_log WHERE operator = '测试员'",
    );
    assert_eq!(audit, 1, "who made the change is recorded (§10)");
}

/// §3/§4: a second uncontrolled follow-up in a row → referral sent with the
/// visit (issue 14), red, its follow-up within 14 days.
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
    assert!(
        r.referral_id.is_some(),
        "the referral is sent with the visit"
    );
    let t = tasks_of(&db, 1);
    assert!(t.iter().any(|t| t.kind == VisitKind::ReferralFollowup
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
    let kept: i64 = common::value(&db, "SELECT count(*) FROM visit WHERE resident_id = 7");
    assert_eq!(kept, 2, "history kept");
    let ended: String = common::value(
        &db,
        "SELECT end_reason FROM chronic_condition WHERE resident_id = 7",
    );
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

fn red_list(db: &Db, today: chrono::NaiveDate) -> Vec<(i64, Status)> {
    let mut v: Vec<(i64, Status)> =
        queue::tasks(&db.township(today).unwrap(), today, &db.rules().unwrap())
            .into_iter()
            .filter(|t| {
                t.colour == Some(Colour::Red) && matches!(t.status, Status::Due | Status::Overdue)
            })
            .filter_map(|t| match t.subject {
                Subject::Resident(id) => Some((id, t.status)),
                _ => None,
            })
            .collect();
    v.sort_by_key(|x| x.0);
    v
}

/// §6 "call again later (date)" and §4 red, top of every queue (issue 10,
/// item 8): a call-again date after the deadline of a red patient's overdue
/// referral follow-up leaves it overdue and the patient on the red list.
#[test]
fn call_again_keeps_a_red_patient_on_the_red_list() {
    let mut db = fixture_db();
    // 曾国强 was referred on 2026-11-18: the follow-up was due by 2026-12-02.
    let today = d("2026-12-10");
    let before = red_list(&db, today);
    assert_eq!(before, vec![(7, Status::Overdue)]);
    let mut call = NewVisit::completed(
        VisitKind::ReferralFollowup,
        Subject::Resident(7),
        VisitMode::Phone,
        today,
    );
    call.outcome = Outcome::CallAgain;
    call.call_again_on = Some(d("2026-12-20"));
    db.record_visit(&call, today).unwrap();
    assert_eq!(red_list(&db, today), before, "still red, still overdue");
    let t = queue::tasks(&db.township(today).unwrap(), today, &db.rules().unwrap())
        .into_iter()
        .find(|t| t.subject == Subject::Resident(7) && t.kind == VisitKind::ReferralFollowup)
        .unwrap();
    assert_eq!(
        (t.status, t.last_attempt),
        (Status::Overdue, Some((today, Outcome::CallAgain)))
    );
}

fn removed(kind: VisitKind, id: i64, date: &str, why: RemoveReason) -> NewVisit {
    let mut v = NewVisit::completed(kind, Subject::Resident(id), VisitMode::Home, d(date));
    v.outcome = Outcome::Removed;
    v.remove_reason = Some(why);
    v
}

fn audit_actions(db: &Db, id: i64) -> Vec<String> {
    db.audit_entries(&gridcare::db::AuditFilter {
        resident: Some(id),
        ..Default::default()
    })
    .unwrap()
    .into_iter()
    .map(|e| e.action)
    .collect()
}

/// §6 removal (died, refused, wrong phone) and §3 end of management can be
/// undone (issue 10, item 8): the person is back under management with their
/// tasks, and the record keeps both the removal and its undoing.
#[test]
fn a_removal_can_be_undone() {
    let today = fixture_today();
    let cases: Vec<(&str, i64, NewVisit)> = vec![
        (
            "died",
            7,
            removed(VisitKind::Recheck, 7, "2026-11-19", RemoveReason::Died),
        ),
        (
            "refused a follow-up",
            1,
            removed(VisitKind::Recheck, 1, "2026-11-19", RemoveReason::Refused),
        ),
        (
            "wrong phone",
            9,
            removed(
                VisitKind::Followup,
                9,
                "2026-11-19",
                RemoveReason::WrongPhone,
            ),
        ),
    ];
    for (what, id, v) in cases {
        let mut db = fixture_db();
        let tasks_before = tasks_of(&db, id);
        let conditions_before = db.conditions_of(id).unwrap();
        db.record_visit(&v, today).unwrap();
        assert_ne!(tasks_of(&db, id), tasks_before, "{what}: removed");
        let rm = db.undo_removal(Subject::Resident(id), today).unwrap();
        assert_eq!(
            (rm.reason, rm.date),
            (v.remove_reason.unwrap(), v.date),
            "{what}"
        );
        assert_eq!(
            tasks_of(&db, id),
            tasks_before,
            "{what}: the tasks are back"
        );
        assert_eq!(
            db.conditions_of(id).unwrap(),
            conditions_before,
            "{what}: management goes on"
        );
        assert!(
            db.resident(id).unwrap().unwrap().status.is_active(),
            "{what}"
        );
        // history: the removal stays, marked undone
        let hist = db.visit_details(Subject::Resident(id), 10).unwrap();
        let row = hist
            .iter()
            .find(|h| h.outcome == Outcome::Removed)
            .expect("the removal is kept");
        assert_eq!(row.undone_on, Some(today), "{what}");
        let actions = audit_actions(&db, id);
        assert!(
            actions.contains(&"record_visit".to_string())
                && actions.contains(&"undo_removal".to_string()),
            "{what}: {actions:?}"
        );
        // nothing left to undo: refused, and nothing written
        let before = footprint(&db);
        let e = db
            .undo_removal(Subject::Resident(id), today)
            .expect_err(what)
            .to_string();
        assert!(e.contains("no removal to undo"), "{what}: {e}");
        assert_eq!(footprint(&db), before, "{what}: nothing written");
    }
}

/// §3/§6: management ended directly (X: died, moved, transferred) is undone too.
#[test]
fn ending_management_can_be_undone() {
    let mut db = fixture_db();
    let today = fixture_today();
    let before = tasks_of(&db, 1);
    db.end_resident(1, RemoveReason::Moved, d("2026-11-18"), today)
        .unwrap();
    assert!(tasks_of(&db, 1).is_empty());
    let rm = db.undo_removal(Subject::Resident(1), today).unwrap();
    assert_eq!((rm.visit_id, rm.reason), (None, RemoveReason::Moved));
    assert_eq!(tasks_of(&db, 1), before);
    let chronic: i64 = common::value(
        &db,
        "SELECT count(*) FROM chronic_condition WHERE resident_id = 1 AND managed_until IS NULL",
    );
    assert_eq!(chronic, 1);
    assert!(audit_actions(&db, 1).contains(&"resume_management".to_string()));
}

/// §3 follow-up fields (issue 10, item 9): height, smoking, drinking,
/// exercise, salt, next-visit date and who did the visit are written and read back.
#[test]
fn followup_with_all_section3_fields_reads_back() {
    use gridcare::domain::followup::Lifestyle;
    let mut db = fixture_db();
    let mut v = followup(9, "2026-11-20", 128, 80);
    v.findings.vitals.weight_kg = Some(70.0);
    v.findings.vitals.height_cm = Some(175.0);
    v.lifestyle = Lifestyle {
        smoking: Some(false),
        drinking: Some(true),
        exercise_min_week: Some(150),
        salt: Some(Salt::Medium),
    };
    v.next_visit_on = Some(d("2027-02-20"));
    v.visited_by = Some("张医生".into());
    db.record_visit(&v, fixture_today()).unwrap();
    let got = db.visit_details(Subject::Resident(9), 1).unwrap().remove(0);
    assert_eq!(
        (
            got.weight_kg,
            got.height_cm,
            got.lifestyle,
            got.next_visit_on,
            got.visited_by.as_deref()
        ),
        (
            Some(70.0),
            Some(175.0),
            v.lifestyle,
            Some(d("2027-02-20")),
            Some("张医生")
        )
    );
    // left empty: who did it is the operator; the rest stays empty
    db.record_visit(&followup(2, "2026-11-20", 128, 80), fixture_today())
        .unwrap();
    let got = db.visit_details(Subject::Resident(2), 1).unwrap().remove(0);
    assert_eq!(
        (got.visited_by.as_deref(), got.lifestyle, got.next_visit_on),
        (Some("测试员"), Lifestyle::default(), None)
    );
}

/// §3 plausible values (issue 10, item 9): refused with a clear message, nothing written.
#[test]
fn bad_section3_values_write_nothing() {
    let mut db = fixture_db();
    let today = fixture_today();
    let with = |f: &dyn Fn(&mut NewVisit)| {
        let mut v = followup(9, "2026-11-20", 128, 80);
        f(&mut v);
        v
    };
    let cases: Vec<(&str, NewVisit, &str)> = vec![
        (
            "height out of range",
            with(&|v| v.findings.vitals.height_cm = Some(17.5)),
            "height_cm: 17.5 cm is outside 40–250",
        ),
        (
            "next visit not after the visit",
            with(&|v| v.next_visit_on = Some(d("2026-11-20"))),
            "must be after the visit date",
        ),
        (
            "exercise beyond a week",
            with(&|v| v.lifestyle.exercise_min_week = Some(20000)),
            "outside 0–10080",
        ),
        (
            "a paragraph for a name",
            with(&|v| v.visited_by = Some("张".repeat(30))),
            "longer than 20 characters",
        ),
    ];
    let before = footprint(&db);
    for (name, v, needle) in cases {
        let e = db.record_visit(&v, today).expect_err(name).to_string();
        assert!(e.contains(needle), "{name}: {e}");
        assert_eq!(footprint(&db), before, "{name}: nothing written");
    }
}

/// §6: "moved" on a household visit ends every member's management; undoing
/// it (from any member, or from the household) brings them all back, and a
/// household's own "wrong phone" is undone from the household.
#[test]
fn a_household_removal_is_undone_for_everyone() {
    let mut db = fixture_db();
    let today = fixture_today();
    let home = Subject::Household(4);
    let before: Vec<Vec<Task>> = [9, 10].iter().map(|&id| tasks_of(&db, id)).collect();
    let mut moved = NewVisit::completed(VisitKind::Household, home, VisitMode::Home, today);
    moved.outcome = Outcome::Removed;
    moved.remove_reason = Some(RemoveReason::Moved);
    db.record_visit(&moved, today).unwrap();
    assert!(tasks_of(&db, 9).is_empty() && tasks_of(&db, 10).is_empty());
    let rm = db.undo_removal(Subject::Resident(10), today).unwrap();
    assert_eq!((rm.subject, rm.reason), (home, RemoveReason::Moved));
    let after: Vec<Vec<Task>> = [9, 10].iter().map(|&id| tasks_of(&db, id)).collect();
    assert_eq!(after, before, "both members are back");

    let household_task = |db: &Db| {
        queue::tasks(&db.township(today).unwrap(), today, &db.rules().unwrap())
            .into_iter()
            .find(|t| t.subject == Subject::Household(2))
            .map(|t| t.status)
    };
    let was = household_task(&db);
    let mut wrong = NewVisit::completed(
        VisitKind::Household,
        Subject::Household(2),
        VisitMode::Phone,
        today,
    );
    wrong.outcome = Outcome::Removed;
    wrong.remove_reason = Some(RemoveReason::WrongPhone);
    db.record_visit(&wrong, today).unwrap();
    assert_eq!(household_task(&db), Some(Status::Removed));
    db.undo_removal(Subject::Household(2), today).unwrap();
    assert_eq!(household_task(&db), was);
}

/// Issue 25 item 5, domain.md §3 (last paragraph of "The follow-up
/// record"): a BP-only follow-up of a patient with both conditions (欧阳春花,
/// hypertension and diabetes) is classified by the BP it has and names the
/// missing FPG on the result line, in both languages; saving it leaves no
/// re-check and the patient green.
#[test]
fn a_bp_only_followup_of_both_conditions_names_the_missing_fpg() {
    use gridcare::words::Lang;
    // (language, classification, the missing reading named, saved)
    let cases = [
        (
            Lang::Zh,
            "-> 绿 · 控制满意（血糖未测，糖尿病本次不分类）",
            "已保存",
        ),
        (
            Lang::En,
            "-> Green · controlled (FPG not measured, diabetes not classified this time)",
            "saved",
        ),
    ];
    for (lang, want, saved) in cases {
        let mut db = fixture_db();
        let mut app = common::load(&db, lang, false);
        // "132，84" as typed with a Chinese input method
        common::press(&mut app, &mut db, "/oych{Enter}r132，84");
        let preview = match &app.popup {
            Some(gridcare::tui::app::Popup::Form(f)) => f.preview.clone().unwrap().0,
            _ => panic!("form open: {}", app.message),
        };
        assert!(preview.starts_with(want), "{lang:?}: {preview}");
        common::press(&mut app, &mut db, "{C-s}");
        assert!(app.popup.is_none(), "{lang:?}: {}", app.message);
        assert!(
            app.message.to_lowercase().contains(saved),
            "{}",
            app.message
        );
        let tasks = tasks_of(&db, 9);
        assert!(
            !tasks.iter().any(|t| t.kind == VisitKind::Recheck),
            "{lang:?}: no re-check after a controlled BP: {tasks:?}"
        );
        assert!(
            tasks
                .iter()
                .all(|t| t.colour == Some(Colour::Green) || t.colour.is_none()),
            "{lang:?}: green"
        );
    }
}

/// Issue 25 item 5: when a referral is due, the result line says the colour
/// first, so a long rule is what the form's bottom cuts, never the colour
/// (English, 80 and 120 columns: "… refer (two consecutive uncontrolled
/// follow-ups) ->" lost "Red").
#[test]
fn the_result_line_says_the_colour_first() {
    use gridcare::words::Lang;
    let cases = [
        (Lang::En, 80, 24, "Result: -> Red · uncontrolled · refer"),
        (Lang::En, 120, 40, "Result: -> Red · uncontrolled · refer"),
        (Lang::Zh, 80, 24, "-> 红 · 控制不满意 · 建议转诊"),
        (Lang::Zh, 60, 16, "-> 红 · 控制不满意"),
        (Lang::En, 60, 16, "Result: -> Red · uncontrolled"),
    ];
    for (lang, w, h, want) in cases {
        let mut db = fixture_db();
        let mut app = common::load(&db, lang, false);
        // 王大爷 was uncontrolled on 2026-11-10: a second one refers
        common::press(&mut app, &mut db, "/wdy{Enter}r150{Tab}95");
        let screen = common::render(&app, w, h);
        let flat: String = screen.lines().map(|l| l.replace(' ', "")).collect();
        assert!(
            flat.contains(&want.replace(' ', "")),
            "{lang:?} {w}x{h}: {want:?} not on the screen:\n{screen}"
        );
    }
}
