//! Table-driven tests of domain.md §6 (queues), with §2–§4 as they feed it.

use super::*;

use crate::domain::testkit::{d, household, hypertension};

fn resident(id: i64, hh: i64, name: &str, birth: &str) -> Resident {
    Resident {
        team: Some(WorkerRef {
            id: 1,
            name: "一队".into(),
        }),
        ..crate::domain::testkit::resident(id, hh, name, birth)
    }
}

fn patient(id: i64, name: &str, from: &str) -> Resident {
    let mut r = resident(id, id, name, "1970-06-01");
    r.conditions.push(hypertension(from));
    r
}

fn lonely(id: i64, name: &str) -> Resident {
    let mut r = resident(id, id, name, "1950-06-01");
    r.lives_alone_no_carer = true;
    // a plan kept up to date (§2 ★1): these tests are about the other tasks
    r.care_plan = Some(CarePlanDates {
        written_on: Some(d("2020-01-01")),
        review_on: Some(d("2099-01-01")),
    });
    r
}

fn visit(id: i64, subject: Subject, kind: VisitKind, date: &str, outcome: Outcome) -> VisitRecord {
    VisitRecord {
        outcome,
        ..VisitRecord::completed(id, kind, subject, d(date))
    }
}

/// A follow-up of a hypertension patient whose readings and findings give
/// classification `c` and referral `r` (§3): the rules derive both from them.
fn followup(id: i64, resident: i64, date: &str, c: Classification, r: ReferralNeed) -> VisitRecord {
    use crate::domain::followup::{Findings, Vitals};
    let bp = |sbp, dbp| Vitals {
        sbp: Some(sbp),
        dbp: Some(dbp),
        ..Vitals::default()
    };
    let vitals = match (c, r) {
        (_, ReferralNeed::Emergency) => bp(186, 112),
        (Classification::Uncontrolled, _) => bp(150, 95),
        _ => bp(122, 78),
    };
    let mut v = visit(
        id,
        Subject::Resident(resident),
        VisitKind::Followup,
        date,
        Outcome::Completed,
    );
    v.findings = Findings {
        vitals,
        adverse_reaction: c == Classification::Adverse,
        adverse_uncontrolled: c == Classification::Adverse && r == ReferralNeed::Refer,
        complication: (c == Classification::Complication).then_some(Complication::New),
        emergency_symptoms: false,
    };
    v
}

fn township(households: Vec<Household>, visits: Vec<VisitRecord>) -> Township {
    Township {
        villages: vec![Village {
            id: 1,
            name: "富民村".into(),
            team: None,
        }],
        grids: vec![Grid {
            id: 1,
            village_id: 1,
            name: "一组".into(),
            worker: Some(WorkerRef {
                id: 7,
                name: "李网格".into(),
            }),
        }],
        households,
        visits,
        referrals: vec![],
        ..Township::default()
    }
}

fn find(tasks: &[Task], kind: VisitKind, subject: Subject) -> Option<&Task> {
    tasks
        .iter()
        .find(|t| t.kind == kind && t.subject == subject)
}

/// §6 + §2: a ★1 household's weekly visit; ISO weeks start Monday, so Sunday
/// and the following Monday are in different periods.
#[test]
fn weekly_household_visit_table() {
    let h = Subject::Household(1);
    // (today, household visits (date, outcome), registered_on, status, missed)
    let cases: &[(&str, &[(&str, Outcome)], &str, Status, u32)] = &[
        (
            "2026-11-22",
            &[("2026-11-22", Outcome::Completed)],
            "2020-01-01",
            Status::Done,
            0,
        ), // Sunday, same week
        (
            "2026-11-22",
            &[("2026-11-16", Outcome::Completed)],
            "2020-01-01",
            Status::Done,
            0,
        ), // Monday, same week
        (
            "2026-11-23",
            &[("2026-11-22", Outcome::Completed)],
            "2020-01-01",
            Status::Due,
            0,
        ), // next Monday: new week
        (
            "2026-11-22",
            &[("2026-11-15", Outcome::Completed)],
            "2020-01-01",
            Status::Due,
            0,
        ),
        (
            "2026-11-22",
            &[("2026-11-08", Outcome::Completed)],
            "2020-01-01",
            Status::Overdue,
            1,
        ),
        (
            "2026-11-22",
            &[("2026-10-25", Outcome::Completed)],
            "2020-01-01",
            Status::Overdue,
            3,
        ),
        (
            "2026-11-22",
            &[("2026-11-17", Outcome::NotHome)],
            "2026-11-08",
            Status::Overdue,
            1,
        ), // not at home counts for nothing
        ("2026-11-22", &[], "2026-11-18", Status::Due, 0), // weeks before registration are not missed
        // §6 the first period is a grace period: registered mid-week, or on a
        // Sunday, nothing is missed until a whole week has passed
        ("2026-11-22", &[], "2026-11-10", Status::Due, 0),
        ("2026-11-16", &[], "2026-11-15", Status::Due, 0),
        ("2026-11-23", &[], "2026-11-15", Status::Overdue, 1), // then the next whole week is missed
        // §6: also when management begins on the period's first day (issue 25
        // item 3: registered on Monday 2026-11-16, week 47 is not missed)
        ("2026-11-23", &[], "2026-11-16", Status::Due, 0),
        ("2026-11-30", &[], "2026-11-16", Status::Overdue, 1),
        ("2026-11-22", &[], "2026-11-09", Status::Due, 0),
        ("2026-11-22", &[], "2026-11-08", Status::Overdue, 1),
        ("2026-11-22", &[], "2026-11-23", Status::Done, 0), // registered tomorrow: no task (checked below)
    ];
    for (i, (today, visits, registered, status, missed)) in cases.iter().enumerate() {
        let mut hh = household(1, vec![lonely(1, "孤老甲")]);
        hh.registered_on = d(registered);
        let vs = visits
            .iter()
            .enumerate()
            .map(|(j, (date, o))| visit(j as i64 + 1, h, VisitKind::Household, date, *o))
            .collect();
        let tasks = tasks(&township(vec![hh], vs), d(today), &Rules::default());
        let t = find(&tasks, VisitKind::Household, h);
        if d(registered) > d(today) {
            assert!(t.is_none(), "case {i}: no task before registration");
            continue;
        }
        let t = t.unwrap_or_else(|| panic!("case {i}: no household task"));
        assert_eq!(
            (t.status, t.missed_periods),
            (*status, *missed),
            "case {i}: {today} {visits:?}"
        );
        assert_eq!(t.worker.as_ref().map(|w| w.name.as_str()), Some("李网格"));
    }
}

/// §6: the days overdue count from the end of the oldest missed period.
#[test]
fn overdue_days_from_oldest_missed_period() {
    let tasks = tasks(
        &township(
            vec![household(1, vec![lonely(1, "孤老甲")])],
            vec![visit(
                1,
                Subject::Household(1),
                VisitKind::Household,
                "2026-11-01",
                Outcome::Completed,
            )],
        ),
        d("2026-11-22"),
        &Rules::default(),
    );
    let t = find(&tasks, VisitKind::Household, Subject::Household(1)).unwrap();
    // missed W45 (11-02..11-08) and W46 (11-09..11-15)
    assert_eq!((t.missed_periods, t.days_overdue), (2, 14));
}

/// §6 quarters across 31 December → 1 January, for a green patient (§4 quarterly).
#[test]
fn quarterly_followup_across_the_year_turn() {
    let cases = [
        ("2025-12-31", "2025-12-31", Status::Done, 0),
        ("2025-12-31", "2026-01-01", Status::Due, 0),
        ("2025-12-31", "2026-03-31", Status::Due, 0),
        ("2025-12-31", "2026-04-01", Status::Overdue, 1),
        ("2025-09-30", "2026-01-01", Status::Overdue, 1),
    ];
    for (fu_date, today, status, missed) in cases {
        let hh = household(1, vec![patient(1, "高血压甲", "2024-01-01")]);
        let v = followup(
            1,
            1,
            fu_date,
            Classification::Controlled,
            ReferralNeed::None,
        );
        let tasks = tasks(&township(vec![hh], vec![v]), d(today), &Rules::default());
        let t = find(&tasks, VisitKind::Followup, Subject::Resident(1)).unwrap();
        assert_eq!(
            (t.status, t.missed_periods, t.colour),
            (status, missed, Some(Colour::Green)),
            "follow-up {fu_date}, today {today}"
        );
        assert!(matches!(t.when, When::Period(p) if p.cadence == Cadence::Quarter));
    }
}

/// §4: colour decides the clinical task: unassessed due now, yellow 2-week
/// home re-check then monthly, red within 14 days; boundaries on the due date.
#[test]
fn colour_driven_followups() {
    use Classification::*;
    // (follow-ups (date, class, referral), today, kind, due by, status, colour)
    // The unassessed case starts management today; the others in 2025.
    type Case = (
        &'static [(&'static str, Classification, ReferralNeed)],
        &'static str,
        VisitKind,
        &'static str,
        Status,
        Colour,
    );
    let cases: &[Case] = &[
        // §4 unassessed: first follow-up within 14 days of the start of management
        (
            &[],
            "2026-11-22",
            VisitKind::Followup,
            "2026-12-06",
            Status::Due,
            Colour::Unassessed,
        ), // managed from today
        (
            &[("2026-11-10", Uncontrolled, ReferralNeed::None)],
            "2026-11-24",
            VisitKind::Recheck,
            "2026-11-24",
            Status::Due,
            Colour::Yellow,
        ),
        (
            &[("2026-11-10", Uncontrolled, ReferralNeed::None)],
            "2026-11-25",
            VisitKind::Recheck,
            "2026-11-24",
            Status::Overdue,
            Colour::Yellow,
        ),
        (
            &[("2026-11-10", Adverse, ReferralNeed::None)],
            "2026-11-12",
            VisitKind::Recheck,
            "2026-11-24",
            Status::Due,
            Colour::Yellow,
        ),
        // yellow confirmed by a second, adverse follow-up: then monthly
        (
            &[
                ("2026-10-01", Uncontrolled, ReferralNeed::None),
                ("2026-10-14", Adverse, ReferralNeed::None),
            ],
            "2026-11-12",
            VisitKind::Recheck,
            "2026-10-28",
            Status::Overdue,
            Colour::Yellow,
        ),
        // §3: each adverse follow-up starts a new 2-week re-check (issue 8, item 5)
        (
            &[
                ("2026-10-01", Adverse, ReferralNeed::None),
                ("2026-10-14", Adverse, ReferralNeed::None),
            ],
            "2026-11-12",
            VisitKind::Recheck,
            "2026-10-28",
            Status::Overdue,
            Colour::Yellow,
        ),
        (
            &[
                ("2026-11-01", Uncontrolled, ReferralNeed::None),
                ("2026-11-12", Uncontrolled, ReferralNeed::Refer),
            ],
            "2026-11-22",
            VisitKind::Recheck,
            "2026-11-26",
            Status::Due,
            Colour::Red,
        ),
        (
            &[("2026-11-01", Uncontrolled, ReferralNeed::Emergency)],
            "2026-11-22",
            VisitKind::Recheck,
            "2026-11-15",
            Status::Overdue,
            Colour::Red,
        ),
        (
            &[
                ("2026-11-01", Uncontrolled, ReferralNeed::None),
                ("2026-11-12", Controlled, ReferralNeed::None),
            ],
            "2026-11-22",
            VisitKind::Followup,
            "2026-12-31",
            Status::Done,
            Colour::Green,
        ),
    ];
    for (i, (fus, today, kind, by, status, colour)) in cases.iter().enumerate() {
        let from = if fus.is_empty() {
            "2026-11-22"
        } else {
            "2025-01-01"
        };
        let hh = household(1, vec![patient(1, "王大爷", from)]);
        let vs = fus
            .iter()
            .enumerate()
            .map(|(j, (date, c, r))| followup(j as i64 + 1, 1, date, *c, *r))
            .collect();
        let tasks = tasks(&township(vec![hh], vs), d(today), &Rules::default());
        let clinical: Vec<&Task> = tasks
            .iter()
            .filter(|t| {
                t.kind != VisitKind::YearlyCheck && matches!(t.subject, Subject::Resident(_))
            })
            .collect();
        assert_eq!(clinical.len(), 1, "case {i}: one clinical task");
        let t = clinical[0];
        assert_eq!(
            (t.kind, t.when.deadline(), t.status, t.colour),
            (*kind, d(by), *status, Some(*colour)),
            "case {i}"
        );
    }
}

/// §3/§7: an open referral puts a 2-week follow-up in the queue and keeps the patient red.
#[test]
fn open_referral_followup() {
    let hh = household(1, vec![patient(1, "赵红", "2025-01-01")]);
    let mut t = township(
        vec![hh],
        vec![followup(
            1,
            1,
            "2026-10-20",
            Classification::Controlled,
            ReferralNeed::None,
        )],
    );
    t.referrals.push(ReferralRecord {
        id: 9,
        resident_id: 1,
        sent_on: d("2026-11-01"),
        returned_on: None,
    });
    let cases = [("2026-11-15", Status::Due), ("2026-11-16", Status::Overdue)];
    for (today, status) in cases {
        let tasks = tasks(&t, d(today), &Rules::default());
        let r = find(&tasks, VisitKind::ReferralFollowup, Subject::Resident(1)).unwrap();
        assert_eq!(
            (r.status, r.colour, r.when.deadline()),
            (status, Some(Colour::Red), d("2026-11-15")),
            "{today}"
        );
        assert!(
            find(&tasks, VisitKind::Recheck, Subject::Resident(1)).is_none(),
            "no second red task"
        );
        assert_eq!(tasks[0].kind, VisitKind::ReferralFollowup, "red first");
    }
    // a follow-up after sending completes it
    t.visits.push(VisitRecord {
        kind: VisitKind::ReferralFollowup,
        ..followup(
            2,
            1,
            "2026-11-10",
            Classification::Controlled,
            ReferralNeed::None,
        )
    });
    let tasks = tasks(&t, d("2026-11-22"), &Rules::default());
    assert_eq!(
        find(&tasks, VisitKind::ReferralFollowup, Subject::Resident(1))
            .unwrap()
            .status,
        Status::Done
    );
}

/// §2 ★4 obligation stacks: yearly check from 65 on the as-of date, and under 6.
#[test]
fn yearly_check_table() {
    let cases = [
        ("1961-11-22", true),
        ("1961-11-23", false),
        ("2020-11-23", true),
        ("2020-11-22", false),
        ("1960-02-29", true),
    ];
    for (birth, want) in cases {
        let mut p = patient(1, "钱老", "2020-01-01");
        p.birth_date = d(birth);
        let tasks = tasks(
            &township(vec![household(1, vec![p])], vec![]),
            d("2026-11-22"),
            &Rules::default(),
        );
        assert_eq!(
            find(&tasks, VisitKind::YearlyCheck, Subject::Resident(1)).is_some(),
            want,
            "born {birth}"
        );
        // and the chronic follow-up is still there: obligations stack
        assert!(find(&tasks, VisitKind::Followup, Subject::Resident(1)).is_some());
    }
}

/// §6 contact outcomes: not at home stays due; call again waits; removal hides.
#[test]
fn contact_outcomes_table() {
    let h = Subject::Household(1);
    let cases: &[(Outcome, Option<&str>, Option<RemoveReason>, Status)] = &[
        (Outcome::NotHome, None, None, Status::Due),
        (Outcome::ComeToClinic, None, None, Status::Due),
        (
            Outcome::CallAgain,
            Some("2026-11-25"),
            None,
            Status::Upcoming,
        ),
        (Outcome::CallAgain, Some("2026-11-22"), None, Status::Due), // the day has come
        (
            Outcome::Removed,
            None,
            Some(RemoveReason::WrongPhone),
            Status::Removed,
        ),
        (
            Outcome::Removed,
            None,
            Some(RemoveReason::Refused),
            Status::Removed,
        ),
    ];
    for (outcome, again, why, status) in cases {
        let mut v = visit(1, h, VisitKind::Household, "2026-11-17", *outcome);
        v.call_again_on = again.map(d);
        v.remove_reason = *why;
        let vs = vec![
            visit(2, h, VisitKind::Household, "2026-11-10", Outcome::Completed),
            v,
        ];
        let tasks = tasks(
            &township(vec![household(1, vec![lonely(1, "孙婆婆")])], vs),
            d("2026-11-22"),
            &Rules::default(),
        );
        let t = find(&tasks, VisitKind::Household, h).unwrap();
        assert_eq!(t.status, *status, "{outcome:?} {again:?}");
        assert_eq!(t.last_attempt, Some((d("2026-11-17"), *outcome)));
    }
}

/// §6 "call again later (date)" waits a task until that day, but never hides
/// a red patient's (§4 red: top of every queue), due or overdue, whatever
/// date is typed (issue 10, item 8).
#[test]
fn call_again_never_hides_a_red_patient() {
    let r = Subject::Resident(1);
    let h = Subject::Household(2);
    // (what, as of, call-again date, kind, subject, status wanted)
    let cases: &[(&str, &str, &str, VisitKind, Subject, Status)] = &[
        (
            "red referral follow-up, overdue, call again after its deadline",
            "2026-11-20",
            "2026-12-20",
            VisitKind::ReferralFollowup,
            r,
            Status::Overdue,
        ),
        (
            "red referral follow-up, due, call again before its deadline",
            "2026-11-10",
            "2026-11-12",
            VisitKind::ReferralFollowup,
            r,
            Status::Due,
        ),
        (
            "household visit, overdue, call again later: waits (the form warns)",
            "2026-11-20",
            "2026-12-20",
            VisitKind::Household,
            h,
            Status::Upcoming,
        ),
        (
            "household visit, due, call again later: waits",
            "2026-11-04",
            "2026-11-06",
            VisitKind::Household,
            h,
            Status::Upcoming,
        ),
    ];
    for (what, today, again, kind, subject, want) in cases {
        let mut lonely_one = lonely(2, "孙婆婆");
        lonely_one.household_id = 2;
        let mut t = township(
            vec![
                household(1, vec![patient(1, "赵红", "2025-01-01")]),
                household(2, vec![lonely_one]),
            ],
            vec![
                followup(
                    1,
                    1,
                    "2026-10-20",
                    Classification::Controlled,
                    ReferralNeed::None,
                ),
                visit(2, h, VisitKind::Household, "2026-10-27", Outcome::Completed),
            ],
        );
        t.referrals.push(ReferralRecord {
            id: 9,
            resident_id: 1,
            sent_on: d("2026-11-01"),
            returned_on: None,
        });
        let family = if *kind == VisitKind::Household {
            VisitKind::Household
        } else {
            VisitKind::Followup
        };
        let mut call = visit(3, *subject, family, today, Outcome::CallAgain);
        call.call_again_on = Some(d(again));
        t.visits.push(call);
        let tasks = tasks(&t, d(today), &Rules::default());
        let task = find(&tasks, *kind, *subject).unwrap();
        assert_eq!(task.status, *want, "{what}");
        if *kind == VisitKind::ReferralFollowup {
            assert_eq!(task.colour, Some(Colour::Red), "{what}");
        }
    }
}

/// §6 triage: red first, then most overdue, then tier, then name; done last.
#[test]
fn triage_order() {
    use Classification::*;
    let households = vec![
        household(1, vec![lonely(1, "甲")]), // ★1, weekly, 1 week overdue
        household(2, vec![patient(2, "乙", "2025-01-01")]), // red
        household(3, vec![lonely(3, "丙")]), // ★1, done
        household(4, vec![lonely(4, "丁")]), // ★1, 3 weeks overdue
        household(5, vec![resident(5, 5, "戊", "1980-01-01")]), // ★5 yearly, due
        household(6, vec![lonely(6, "己")]), // ★1 due, same as 7 but by name
        household(7, vec![lonely(7, "庚")]),
    ];
    let h = |id| Subject::Household(id);
    let visits = vec![
        visit(
            1,
            h(1),
            VisitKind::Household,
            "2026-11-08",
            Outcome::Completed,
        ),
        followup(2, 2, "2026-11-20", Uncontrolled, ReferralNeed::Emergency),
        visit(
            3,
            h(3),
            VisitKind::Household,
            "2026-11-20",
            Outcome::Completed,
        ),
        visit(
            4,
            h(4),
            VisitKind::Household,
            "2026-10-25",
            Outcome::Completed,
        ),
        visit(
            5,
            h(5),
            VisitKind::Household,
            "2025-06-01",
            Outcome::Completed,
        ),
        visit(
            6,
            h(6),
            VisitKind::Household,
            "2026-11-15",
            Outcome::Completed,
        ),
        visit(
            7,
            h(7),
            VisitKind::Household,
            "2026-11-15",
            Outcome::Completed,
        ),
    ];
    let tasks = tasks(
        &township(households, visits),
        d("2026-11-22"),
        &Rules::default(),
    );
    let order: Vec<&str> = tasks
        .iter()
        .filter(|t| t.kind != VisitKind::YearlyCheck)
        .map(|t| t.name.as_str())
        .collect();
    // 己 and 庚 by name in pinyin order: 庚 (gēng) before 己 (jǐ), though 己
    // has the lower code point
    assert_eq!(order, vec!["乙", "丁", "甲", "庚", "己", "戊", "丙"]);
}

/// Issue 10 item 12: of tasks equal in status, lateness and tier, the one due
/// sooner comes first (§6 orders by name after tier; the due date breaks the
/// tie before the name does), and names sort by pinyin, not code point.
#[test]
fn triage_ties_by_due_date_then_pinyin() {
    let households = vec![
        // ★3, first follow-ups due by date (§4 unassessed: 14 days after the start)
        household(1, vec![patient(1, "丁", "2026-11-14")]), // by 11-28
        household(2, vec![patient(2, "王", "2026-11-08")]), // by 11-22
        // ★1, weekly visits due this week: by name, 阿 (a) before 张 (zhang),
        // though 张 U+5F20 is below 阿 U+963F
        household(3, vec![lonely(3, "张")]),
        household(4, vec![lonely(4, "阿")]),
    ];
    let h = |id| Subject::Household(id);
    let visits = vec![
        // visited last week: due this week, not overdue
        visit(
            1,
            h(3),
            VisitKind::Household,
            "2026-11-10",
            Outcome::Completed,
        ),
        visit(
            2,
            h(4),
            VisitKind::Household,
            "2026-11-10",
            Outcome::Completed,
        ),
    ];
    let tasks = tasks(
        &township(households, visits),
        d("2026-11-18"),
        &Rules::default(),
    );
    let order: Vec<(&str, Status, i64)> = tasks
        .iter()
        .filter(|t| t.kind != VisitKind::YearlyCheck)
        .map(|t| (t.name.as_str(), t.status, t.days_overdue))
        .collect();
    assert_eq!(
        order,
        vec![
            ("阿", Status::Due, 0),
            ("张", Status::Due, 0),
            ("王", Status::Due, 0),
            ("丁", Status::Due, 0),
        ]
    );
}

mod periods;
