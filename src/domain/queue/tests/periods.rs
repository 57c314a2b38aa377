//! The queue's lists, filters, ISO weeks, cadences from rules, dated tasks
//! and the grace period (domain.md §4, §6).

use super::*;

/// Issue 10 item 12: the open-task lists (待办任务) hold what is still to do,
/// never a done or removed task, in the order given.
#[test]
fn to_do_drops_done_and_removed() {
    let households = vec![
        household(1, vec![lonely(1, "甲")]),
        household(2, vec![lonely(2, "乙")]),
        household(3, vec![lonely(3, "丙")]),
        household(4, vec![lonely(4, "丁")]),
    ];
    let h = |id| Subject::Household(id);
    let mut again = visit(
        3,
        h(3),
        VisitKind::Household,
        "2026-11-17",
        Outcome::CallAgain,
    );
    again.call_again_on = Some(d("2026-11-21"));
    let visits = vec![
        visit(
            1,
            h(1),
            VisitKind::Household,
            "2026-11-17",
            Outcome::Completed,
        ),
        visit(
            2,
            h(2),
            VisitKind::Household,
            "2026-11-17",
            Outcome::Removed,
        ),
        again,
        visit(
            4,
            h(4),
            VisitKind::Household,
            "2026-11-10",
            Outcome::Completed,
        ),
    ];
    let all = tasks(
        &township(households, visits),
        d("2026-11-18"),
        &Rules::default(),
    );
    let status = |name: &str| {
        all.iter()
            .find(|t| t.name == name && t.kind == VisitKind::Household)
            .map(|t| t.status)
    };
    assert_eq!(
        [status("甲"), status("乙"), status("丙"), status("丁")],
        [
            Some(Status::Done),
            Some(Status::Removed),
            Some(Status::Upcoming),
            Some(Status::Due)
        ]
    );
    let names: Vec<&str> = to_do(&all)
        .iter()
        .filter(|t| t.kind == VisitKind::Household)
        .map(|t| t.name.as_str())
        .collect();
    assert_eq!(
        names,
        ["丁", "丙"],
        "due first, then the call-again; no done, no removed"
    );
    assert!(to_do(&all).iter().all(|t| t.is_to_do()));
}

/// §2/§6: a moved or deceased resident has no tasks; nothing is deleted.
#[test]
fn inactive_residents_have_no_tasks() {
    let mut p = patient(1, "周某", "2024-01-01");
    p.status = ResidentStatus::Deceased;
    p.status_date = Some(d("2026-10-01"));
    let tasks = tasks(
        &township(vec![household(1, vec![p])], vec![]),
        d("2026-11-22"),
        &Rules::default(),
    );
    assert!(tasks.is_empty(), "{tasks:?}");
}

/// §6 filters, each alone.
#[test]
fn filters_table() {
    let households = vec![
        household(1, vec![lonely(1, "甲")]),
        household(2, vec![patient(2, "乙", "2026-11-22")]),
    ];
    let tasks = tasks(
        &township(households, vec![]),
        d("2026-11-22"),
        &Rules::default(),
    );
    let n = |f: Filter| tasks.iter().filter(|t| f.matches(t)).count();
    let cases = [
        ("none", Filter::default(), tasks.len()),
        (
            "kind household (★3 has none)",
            Filter {
                kind: Some(VisitKind::Household),
                ..Filter::default()
            },
            1,
        ),
        (
            "tier 1",
            Filter {
                tier: Some(Tier::LONELY_ELDER),
                ..Filter::default()
            },
            2,
        ),
        (
            "colour unassessed",
            Filter {
                colour: Some(Colour::Unassessed),
                ..Filter::default()
            },
            1,
        ),
        (
            "grid worker 7",
            Filter {
                worker: Some((WorkerRole::GridWorker, 7)),
                ..Filter::default()
            },
            1,
        ),
        (
            "team 1: all but the household visit",
            Filter {
                worker: Some((WorkerRole::Team, 1)),
                ..Filter::default()
            },
            tasks.len() - 1,
        ),
        (
            "village 2",
            Filter {
                village: Some(2),
                ..Filter::default()
            },
            0,
        ),
        (
            "weekly: the ★1 visit and the dated first follow-up (issue 11)",
            Filter {
                cadence: Some(Cadence::Week),
                ..Filter::default()
            },
            2,
        ),
        (
            "quarterly: the first follow-up, on the chronic queue",
            Filter {
                cadence: Some(Cadence::Quarter),
                ..Filter::default()
            },
            1,
        ),
        (
            "status due",
            Filter {
                status: Some(Status::Due),
                ..Filter::default()
            },
            tasks.iter().filter(|t| t.status == Status::Due).count(),
        ),
    ];
    for (name, f, want) in cases {
        assert_eq!(n(f), want, "{name}");
    }
}

/// §6 ISO week 53: 2020-12-28 … 2021-01-03 is one week across the year turn.
#[test]
fn iso_week_53_spans_the_year_turn() {
    let h = Subject::Household(1);
    let cases = [
        ("2020-12-31", "2021-01-03", Status::Done),
        ("2020-12-27", "2021-01-03", Status::Due),
        ("2020-12-31", "2021-01-04", Status::Due),
    ];
    for (visited, today, status) in cases {
        let tasks = tasks(
            &township(
                vec![household(1, vec![lonely(1, "孤老甲")])],
                vec![visit(
                    1,
                    h,
                    VisitKind::Household,
                    visited,
                    Outcome::Completed,
                )],
            ),
            d(today),
            &Rules::default(),
        );
        let t = find(&tasks, VisitKind::Household, h).unwrap();
        assert_eq!(t.status, status, "visited {visited}, today {today}");
        if today == "2021-01-03" {
            assert!(matches!(t.when, When::Period(p) if p.label() == "2020-W53"));
        }
    }
}

/// §2/§4 cadences are settings: a ★1 household visited monthly, a green patient monthly.
#[test]
fn cadences_come_from_rules() {
    let rules = Rules {
        tier1_visit: Cadence::Month,
        green_followup: Cadence::Month,
        ..Rules::default()
    };
    let vs = vec![
        visit(
            1,
            Subject::Household(1),
            VisitKind::Household,
            "2026-11-02",
            Outcome::Completed,
        ),
        followup(
            2,
            2,
            "2026-10-20",
            Classification::Controlled,
            ReferralNeed::None,
        ),
    ];
    let hs = vec![
        household(1, vec![lonely(1, "孤老甲")]),
        household(2, vec![patient(2, "乙", "2024-01-01")]),
    ];
    let tasks = tasks(&township(hs, vs), d("2026-11-22"), &rules);
    let hv = find(&tasks, VisitKind::Household, Subject::Household(1)).unwrap();
    assert_eq!(
        (hv.status, hv.when.cadence()),
        (Status::Done, Some(Cadence::Month)),
        "weekly would be overdue"
    );
    let fu = find(&tasks, VisitKind::Followup, Subject::Resident(2)).unwrap();
    assert_eq!(
        (fu.status, fu.when.cadence()),
        (Status::Due, Some(Cadence::Month)),
        "quarterly would be done"
    );
}

/// §3/§7: the follow-up that raised a referral is not its follow-up.
#[test]
fn referral_needs_a_later_followup() {
    let hh = household(1, vec![patient(1, "赵红", "2025-01-01")]);
    let mut t = township(
        vec![hh],
        vec![followup(
            1,
            1,
            "2026-11-01",
            Classification::Uncontrolled,
            ReferralNeed::Emergency,
        )],
    );
    t.referrals.push(ReferralRecord {
        id: 9,
        resident_id: 1,
        sent_on: d("2026-11-01"),
        returned_on: None,
    });
    let tasks = tasks(&t, d("2026-11-10"), &Rules::default());
    let r = find(&tasks, VisitKind::ReferralFollowup, Subject::Resident(1)).unwrap();
    assert_eq!(r.status, Status::Due);
}

/// Issue 11, §3/§4: a dated clinical task (first follow-up of an unassessed
/// patient, a yellow re-check) shows on the week's queue and on the chronic
/// follow-up queue (`cadence.green_followup`); a periodic task only on its own.
#[test]
fn dated_tasks_show_on_the_week_and_the_chronic_queue() {
    let vs = vec![followup(
        1,
        2,
        "2026-11-16",
        Classification::Uncontrolled,
        ReferralNeed::None,
    )];
    let hs = vec![
        household(1, vec![lonely(1, "孤老甲")]),
        household(2, vec![patient(2, "黄乙", "2024-01-01")]),
        household(3, vec![patient(3, "新丙", "2026-11-20")]),
    ];
    let tabs = [
        Cadence::Week,
        Cadence::Month,
        Cadence::Quarter,
        Cadence::Year,
    ];
    for (chronic, kind, subject, want) in [
        (
            Cadence::Quarter,
            VisitKind::Household,
            Subject::Household(1),
            [true, false, false, false],
        ),
        (
            Cadence::Quarter,
            VisitKind::Recheck,
            Subject::Resident(2),
            [true, false, true, false],
        ),
        (
            Cadence::Quarter,
            VisitKind::Followup,
            Subject::Resident(3),
            [true, false, true, false],
        ),
        (
            Cadence::Month,
            VisitKind::Followup,
            Subject::Resident(3),
            [true, true, false, false],
        ),
    ] {
        let rules = Rules {
            green_followup: chronic,
            ..Rules::default()
        };
        let all = tasks(&township(hs.clone(), vs.clone()), d("2026-11-23"), &rules);
        let t = find(&all, kind, subject).unwrap();
        let got = tabs.map(|c| t.on_tab(c));
        assert_eq!(got, want, "{kind:?} {subject:?}, chronic {chronic:?}");
        for (c, w) in tabs.iter().zip(want) {
            let f = Filter {
                cadence: Some(*c),
                ..Filter::default()
            };
            assert_eq!(f.matches(t), w, "the CLI's --cadence agrees");
        }
    }
}

/// §6 (clarified; issue 25 item 3): a patient entered today with an earlier
/// diagnosis or management date copied from paper files is in grace from the
/// day of entry (the resident registered, the diagnosis entered), not from the
/// paper date; a patient entered long ago is not.
#[test]
fn grace_from_the_day_of_entry_table() {
    // (resident registered, diagnosis entered, managed from (paper), today,
    // due by, status, days overdue)
    type Case = (
        &'static str,
        Option<&'static str>,
        &'static str,
        &'static str,
        &'static str,
        Status,
        i64,
    );
    let cases: &[Case] = &[
        // hypertension registered today with management from 2025-01-10: not 逾期 665天
        (
            "2026-11-20",
            None,
            "2025-01-10",
            "2026-11-20",
            "2026-12-04",
            Status::Due,
            0,
        ),
        (
            "2026-11-20",
            None,
            "2025-01-10",
            "2026-12-04",
            "2026-12-04",
            Status::Due,
            0,
        ),
        (
            "2026-11-20",
            None,
            "2025-01-10",
            "2026-12-10",
            "2026-12-04",
            Status::Overdue,
            6,
        ),
        // a resident of 2020 whose diagnosis is entered today from paper
        (
            "2020-01-01",
            Some("2026-11-20"),
            "2025-01-10",
            "2026-11-20",
            "2026-12-04",
            Status::Due,
            0,
        ),
        (
            "2020-01-01",
            Some("2026-11-20"),
            "2025-01-10",
            "2026-12-05",
            "2026-12-04",
            Status::Overdue,
            1,
        ),
        // management from a later date than the entry: from that date
        (
            "2026-11-01",
            Some("2026-11-01"),
            "2026-11-10",
            "2026-11-20",
            "2026-11-24",
            Status::Due,
            0,
        ),
        // entered in 2020, managed since 2025-01-10: the dates are gridcare's own
        (
            "2020-01-01",
            None,
            "2025-01-10",
            "2026-11-20",
            "2025-01-24",
            Status::Overdue,
            665,
        ),
        (
            "2020-01-01",
            Some("2025-01-10"),
            "2025-01-10",
            "2026-11-20",
            "2025-01-24",
            Status::Overdue,
            665,
        ),
    ];
    for (i, (registered, entered, from, today, by, status, days)) in cases.iter().enumerate() {
        let mut p = patient(1, "王水根", from);
        p.registered_on = d(registered);
        p.conditions[0].entered_on = entered.map(d);
        let mut hh = household(1, vec![p]);
        hh.registered_on = d(registered);
        let tasks = tasks(&township(vec![hh], vec![]), d(today), &Rules::default());
        let t = find(&tasks, VisitKind::Followup, Subject::Resident(1))
            .unwrap_or_else(|| panic!("case {i}: no first follow-up"));
        assert_eq!(
            (t.when, t.status, t.days_overdue),
            (When::By(d(by)), *status, *days),
            "case {i}: registered {registered}, entered {entered:?}, managed from {from}, on {today}"
        );
    }
}

/// §6: a period that begins on the day an obligation takes effect is its
/// grace period (issue 25 item 3), for every cadence the rule counts.
#[test]
fn grace_when_the_obligation_begins_on_the_periods_first_day() {
    // (period, obligation from, today, missed periods)
    let cases: &[(Cadence, &str, &str, u32)] = &[
        (Cadence::Week, "2026-11-16", "2026-11-23", 0),
        (Cadence::Week, "2026-11-16", "2026-11-30", 1),
        (Cadence::Week, "2026-11-15", "2026-11-23", 1),
        (Cadence::Month, "2026-11-01", "2026-12-05", 0),
        (Cadence::Month, "2026-10-31", "2026-12-05", 1),
        (Cadence::Quarter, "2026-10-01", "2027-01-05", 0),
        (Cadence::Year, "2026-01-01", "2027-03-01", 0),
        (Cadence::Year, "2025-12-31", "2027-03-01", 1),
    ];
    for (i, (cadence, since, today, missed)) in cases.iter().enumerate() {
        let period = Period::containing(*cadence, d(today));
        let p = periodic(period, d(since), &[], d(today));
        assert_eq!(
            p.missed, *missed,
            "case {i}: {cadence:?} from {since} on {today}"
        );
    }
}
