//! Volunteer groups (domain.md §5, issue 12): the grouping's properties over
//! random villages, and its writes on the fixture.

mod common;
use common::{d, fixture_db};
use gridcare::db::DbError;
use gridcare::domain::groups::{
    CurrentGroup, GroupRef, Move, Patient, Plan, Sizes, plan, stability_bound,
};
use gridcare::domain::refusal::Refusal;
use proptest::prelude::*;
use std::collections::{HashMap, HashSet};

const S: Sizes = Sizes {
    target: 20,
    max: 25,
};

/// A village: households of 1–3 patients in 1–4 grids.
fn village() -> impl Strategy<Value = Vec<Patient>> {
    prop::collection::vec((1i64..=4, 1usize..=3), 0..70).prop_map(|hs| {
        let mut out = Vec::new();
        let mut id = 1;
        for (h, (grid, n)) in hs.into_iter().enumerate() {
            for _ in 0..n {
                out.push(Patient {
                    resident: id,
                    household: h as i64 + 1,
                    grid,
                });
                id += 1;
            }
        }
        out
    })
}

fn as_current(p: &Plan) -> Vec<CurrentGroup> {
    p.groups
        .iter()
        .enumerate()
        .map(|(i, (_, m))| CurrentGroup {
            id: i as i64 + 1,
            volunteer: Some(i as i64 + 1),
            members: m.clone(),
        })
        .collect()
}

/// §5: every patient in exactly one group, no group over the hard limit,
/// no household split.
fn check_invariants(patients: &[Patient], p: &Plan) -> Result<(), TestCaseError> {
    let mut seen: HashMap<i64, GroupRef> = HashMap::new();
    for (g, members) in &p.groups {
        prop_assert!(
            members.len() <= S.max,
            "group over the limit: {}",
            members.len()
        );
        prop_assert!(!members.is_empty());
        for m in members {
            prop_assert!(seen.insert(*m, *g).is_none(), "{m} in two groups");
        }
    }
    let ids: HashSet<i64> = patients.iter().map(|p| p.resident).collect();
    prop_assert_eq!(seen.len(), ids.len());
    let mut household_group: HashMap<i64, GroupRef> = HashMap::new();
    for pt in patients {
        let g = seen[&pt.resident];
        prop_assert_eq!(
            *household_group.entry(pt.household).or_insert(g),
            g,
            "household split"
        );
    }
    Ok(())
}

/// Moves of patients other than `who`.
fn others(moves: &[Move], who: &[i64]) -> usize {
    moves.iter().filter(|m| !who.contains(&m.patient)).count()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// §5: the first grouping of any village keeps the rules; sizes stay within
    /// target ± 5 when the village has two targets' worth of patients or more.
    #[test]
    fn first_grouping_keeps_the_rules(patients in village()) {
        let p = plan(&patients, &[], &[], S);
        check_invariants(&patients, &p)?;
        if patients.len() >= 2 * S.target {
            for (_, m) in &p.groups {
                prop_assert!(m.len() + 5 >= S.target && m.len() <= S.target + 5, "size {}", m.len());
            }
        }
        // A valid grouping is a fixed point: planning again changes nothing.
        prop_assert!(plan(&patients, &as_current(&p), &[], S).is_empty());
    }

    /// §5 stable: adding one patient (to a new household or an existing one)
    /// moves at most `stability_bound` others.
    #[test]
    fn adding_one_patient_moves_few_others(patients in village(), pick in 0usize..1000, new_household in any::<bool>()) {
        let cur = as_current(&plan(&patients, &[], &[], S));
        let mut more = patients.clone();
        let added = Patient {
            resident: 10_000,
            household: if new_household || patients.is_empty() { 10_000 } else { patients[pick % patients.len()].household },
            grid: if patients.is_empty() { 1 } else { patients[pick % patients.len()].grid },
        };
        more.push(added);
        let p = plan(&more, &cur, &[], S);
        check_invariants(&more, &p)?;
        prop_assert!(others(&p.moves, &[added.resident]) <= stability_bound(S, 4), "{:?}", p.moves);
    }

    /// §5 stable: removing one patient (died, moved) moves at most
    /// `stability_bound` others.
    #[test]
    fn removing_one_patient_moves_few_others(patients in village(), pick in 0usize..1000) {
        prop_assume!(!patients.is_empty());
        let cur = as_current(&plan(&patients, &[], &[], S));
        let gone = patients[pick % patients.len()].resident;
        let fewer: Vec<Patient> = patients.iter().copied().filter(|p| p.resident != gone).collect();
        let p = plan(&fewer, &cur, &[], S);
        check_invariants(&fewer, &p)?;
        prop_assert!(others(&p.moves, &[gone]) <= stability_bound(S, 3), "{:?}", p.moves);
    }

    /// Whatever the current groups (even split households), a plan ends valid.
    #[test]
    fn any_grouping_is_repaired(patients in village(), cuts in prop::collection::vec(0usize..6, 0..200)) {
        let mut cur: Vec<CurrentGroup> = (1..=6).map(|id| CurrentGroup { id, volunteer: Some(id), members: vec![] }).collect();
        for (pt, g) in patients.iter().zip(cuts) {
            cur[g].members.push(pt.resident);
        }
        let p = plan(&patients, &cur, &[], S);
        check_invariants(&patients, &p)?;
    }
}

/// The bound as stated in domain::groups (target 20: 9 others).
#[test]
fn the_stated_bound() {
    assert_eq!(stability_bound(S, 3), 9);
    assert_eq!(stability_bound(Sizes { target: 4, max: 6 }, 5), 4);
}

fn refused(e: DbError) -> Refusal {
    match e {
        DbError::Refused(r) => r,
        e => panic!("expected a refusal, got {e}"),
    }
}

fn members(db: &gridcare::db::Db) -> Vec<(i64, i64)> {
    db.conn()
        .prepare("SELECT group_id, resident_id FROM group_member ORDER BY resident_id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn audit_rows(db: &gridcare::db::Db) -> i64 {
    common::value(db, "SELECT count(*) FROM audit_log")
}

/// §5 on the fixture: the plan places 富民村's unplaced patients in its
/// one group; applying it writes one audit row a move.
#[test]
fn the_fixture_village_is_planned_and_applied() {
    let mut db = fixture_db();
    let today = d("2026-11-20");
    let groups = db.village_groups(1).unwrap();
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].name, "富民村第1组");
    let p = db.plan_groups(1, today).unwrap();
    let before = audit_rows(&db);
    db.apply_group_plan(1, &p, today).unwrap();
    assert_eq!(audit_rows(&db) - before, p.moves.len() as i64);
    assert!(
        db.plan_groups(1, today).unwrap().is_empty(),
        "applied: nothing left to do"
    );
}

/// Refusals write nothing (§5; issue 12): a group without a volunteer, a
/// volunteer from another village, a patient put in two groups, a group
/// over the hard limit.
#[test]
fn refusals_write_nothing() {
    let mut db = fixture_db();
    let today = d("2026-11-20");
    let before = (members(&db), audit_rows(&db));
    let e = db.create_group(1, "", None, today).unwrap_err();
    assert_eq!(refused(e), Refusal::GroupNeedsVolunteer);
    // 新塘村 (2) with 富民村's volunteer 1
    let e = refused(
        db.create_group(2, "新塘村第1组", Some(1), today)
            .unwrap_err(),
    );
    assert!(matches!(e, Refusal::VolunteerOtherVillage(_)), "{e:?}");
    assert!(e.zh().contains("其他村") && e.en().contains("another village"));
    // Resident 1 is in group 1 already; a plan placing them from no group is refused.
    let twice = Plan {
        moves: vec![Move {
            patient: 1,
            from: None,
            to: Some(GroupRef::Existing(1)),
        }],
        ..Plan::default()
    };
    let e = refused(db.apply_group_plan(1, &twice, today).unwrap_err());
    assert!(matches!(e, Refusal::PatientInTwoGroups { .. }), "{e:?}");
    assert!(e.zh().contains("富民村第1组") && e.en().contains("one group only"));
    // A swap with someone in no group.
    let e = refused(db.swap_group_members(1, 3, today).unwrap_err());
    assert!(matches!(e, Refusal::NotInGroup(_)), "{e:?}");
    // A swap inside one group changes nothing (walk of 2026-12-05: it was
    // saved and audited as a move from 第1组 to 第1组).
    let e = refused(db.swap_group_members(1, 2, today).unwrap_err());
    assert!(matches!(e, Refusal::SwapSameGroup(..)), "{e:?}");
    assert!(e.zh().contains("同一小组") && e.en().contains("same group"));
    assert_eq!((members(&db), audit_rows(&db)), before);
}

/// A failure half-way leaves nothing changed: a plan whose first moves are
/// fine and whose last breaks the hard limit is refused whole.
#[test]
fn a_failure_half_way_leaves_nothing_changed() {
    let mut db = fixture_db();
    let today = d("2026-11-20");
    db.conn()
        .execute_batch("UPDATE setting SET value = '3' WHERE key = 'group.max_size'; UPDATE setting SET value = '2' WHERE key = 'group.target_size';")
        .unwrap();
    let before = (members(&db), audit_rows(&db));
    // Group 1 has residents 1, 2, 7; moving 1 out then adding two more breaks the limit of 3.
    let half = Plan {
        moves: vec![
            Move {
                patient: 1,
                from: Some(1),
                to: None,
            },
            Move {
                patient: 3,
                from: None,
                to: Some(GroupRef::Existing(1)),
            },
            Move {
                patient: 4,
                from: None,
                to: Some(GroupRef::Existing(1)),
            },
        ],
        ..Plan::default()
    };
    let e = refused(db.apply_group_plan(1, &half, today).unwrap_err());
    assert!(
        matches!(
            e,
            Refusal::GroupOverLimit {
                size: 4,
                max: 3,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(e.zh().contains("上限") && e.en().contains("limit"));
    assert_eq!((members(&db), audit_rows(&db)), before);
}

/// Manual move takes the household along (§5); a swap exchanges two
/// patients each with their household's members in their group (walk of
/// 2026-12-05: a swap split 李佳怡 from 刘宇航, and P then proposed to undo it).
#[test]
fn move_and_swap() {
    let mut db = fixture_db();
    let today = d("2026-11-20");
    let g2 = db.create_group(1, "", Some(1), today).unwrap();
    assert_eq!(db.village_groups(1).unwrap()[1].name, "富民村第2组");
    db.move_to_group(7, g2, today).unwrap();
    // households with a patient in each group, by hand from the fixture
    let household_of = |db: &gridcare::db::Db, r: i64| -> i64 {
        common::value(
            db,
            &format!("SELECT household_id FROM resident WHERE id = {r}"),
        )
    };
    let mates = |db: &gridcare::db::Db, r: i64| -> Vec<i64> {
        members(db)
            .into_iter()
            .filter(|&(_, m)| household_of(db, m) == household_of(db, r))
            .map(|(_, m)| m)
            .collect()
    };
    let (h1, h7) = (mates(&db, 1), mates(&db, 7));
    let moved = db.swap_group_members(1, 7, today).unwrap();
    assert_eq!(moved, (h1.len(), h7.len()));
    let m = members(&db);
    assert!(m.contains(&(g2, 1)) && m.contains(&(1, 7)), "{m:?}");
    for r in &h1 {
        assert!(
            m.contains(&(g2, *r)),
            "{r} of 1's household went with them: {m:?}"
        );
    }
    for r in &h7 {
        assert!(
            m.contains(&(1, *r)),
            "{r} of 7's household went with them: {m:?}"
        );
    }
    // the household (1, 2) moved together, so the regrouping plan does
    // not propose to bring them back together
    let plan = db.plan_groups(1, today).unwrap();
    assert!(
        plan.moves.iter().all(|mv| !h1.contains(&mv.patient)),
        "{plan:?}"
    );
}

/// Screen 6 by keys (walk of 2026-12-05: only the first group was reachable):
/// j / Down / k move through the groups, Tab to the selected group's
/// patients, j there moves the patient, and Enter opens the selected one; the
/// drawn screen marks the selected group.
#[test]
fn screen_six_moves_through_groups_and_members_by_keys() {
    use common::{demo_db, load, press, render};
    use gridcare::tui::Screen;
    use gridcare::words::Lang;
    let mut db = demo_db(1500);
    let mut app = load(&db, Lang::Zh, false);
    press(&mut app, &mut db, "6");
    assert_eq!(app.screen, Screen::Groups);
    let n = app.views.groups.rows.len();
    assert!(n >= 3, "the demo's first village has {n} groups");
    struct Case {
        keys: &'static str,
        pane: usize,
        group: usize,
        member: usize,
    }
    let cases = [
        Case {
            keys: "j",
            pane: 0,
            group: 1,
            member: 0,
        },
        Case {
            keys: "{Down}",
            pane: 0,
            group: 2,
            member: 0,
        },
        Case {
            keys: "k",
            pane: 0,
            group: 1,
            member: 0,
        },
        Case {
            keys: "{Tab}",
            pane: 1,
            group: 1,
            member: 0,
        },
        Case {
            keys: "jj",
            pane: 1,
            group: 1,
            member: 2,
        },
        Case {
            keys: "k",
            pane: 1,
            group: 1,
            member: 1,
        },
        Case {
            keys: "{Tab}j",
            pane: 0,
            group: 2,
            member: 0,
        },
    ];
    for c in &cases {
        press(&mut app, &mut db, c.keys);
        let g = &app.views.groups;
        assert_eq!(
            (g.pane, g.group, g.member),
            (c.pane, c.group, c.member),
            "after {:?}",
            c.keys
        );
    }
    // the third group's name is drawn as the selected row
    let name = app.views.groups.rows[2].name.clone();
    let screen = render(&app, 80, 24);
    assert!(
        screen.lines().any(|l| l.contains('>') && l.contains(&name)),
        "{name} not marked:\n{screen}"
    );
    // Tab, j, Enter: the group's second patient opens
    press(&mut app, &mut db, "{Tab}j");
    let second = app.views.groups.rows[2].members[1];
    press(&mut app, &mut db, "{Enter}");
    assert_eq!(app.screen, Screen::Resident, "{}", app.message);
    assert_eq!(app.views.resident.as_ref().map(|r| r.id), Some(second));
}

/// Screen 6's messages say who moved where (it said 已调组), a mark and its
/// message do not cross to another village, and the patients who are
/// overdue are marked in the group's list (walk of 2026-12-05).
#[test]
fn screen_six_says_who_moved_where() {
    use common::{demo_db, load, press, render};
    use gridcare::words::Lang;
    let mut db = demo_db(1500);
    let mut app = load(&db, Lang::Zh, false);
    press(&mut app, &mut db, "6{Tab}m");
    assert!(app.message.starts_with("已标记"), "{}", app.message);
    press(&mut app, &mut db, "{Right}");
    assert_eq!((app.message.as_str(), app.views.groups.marked), ("", None));
    press(&mut app, &mut db, "{Left}{Tab}");
    let who = app.views.groups.rows[0].members[0];
    let name = app
        .snap
        .find_resident(who)
        .map(|(_, r)| r.name.clone())
        .unwrap();
    press(&mut app, &mut db, "m");
    // the mark shows under the cursor too (it was hidden by '>')
    let screen = render(&app, 80, 24);
    assert!(screen.contains(&format!("+{name}")), "{screen}");
    press(&mut app, &mut db, "j");
    let to = app.views.groups.rows[1].name.clone();
    press(&mut app, &mut db, "m");
    assert!(
        app.message.starts_with(&format!("已把{name}调入{to}")),
        "{}",
        app.message
    );
    // some group of the village has an overdue patient: the row says so
    let late = (0..app.views.groups.rows.len()).find(|&g| {
        press(&mut app, &mut db, "g");
        for _ in 0..g {
            press(&mut app, &mut db, "j");
        }
        render(&app, 120, 40)
            .lines()
            .any(|l| l.contains("2026-") && l.contains(" 逾期 "))
    });
    assert!(late.is_some(), "no overdue patient marked in any group");
}

/// At the minimum size (60×16) screen 6's heads and marks are whole in
/// both languages (walk of 2026-12-05: 人数/ and 逾 were cut): the groups
/// drop their village from their names and take the width they need.
#[test]
fn screen_six_fits_at_the_minimum_size() {
    use common::{demo_db, load, press, render};
    use gridcare::words::{Lang, strings};
    for lang in [Lang::Zh, Lang::En] {
        let s = strings(lang);
        let mut db = demo_db(1500);
        let mut app = load(&db, lang, false);
        press(&mut app, &mut db, "6");
        let screen = render(&app, 60, 16);
        let head = screen.lines().nth(2).unwrap_or("");
        for want in [s.g_group, s.volunteer, s.g_size_short, s.g_overdue, s.name] {
            assert!(
                head.contains(want),
                "{lang:?}: {want} in {head:?}\n{screen}"
            );
        }
        let village = &app.snap.town.villages[app.views.groups.village].name;
        let first = app.views.groups.rows[0]
            .name
            .strip_prefix(village.as_str())
            .unwrap();
        assert!(
            screen.contains(&format!(">{first} ")),
            "{lang:?}: {first}\n{screen}"
        );
        // a group with a late patient: the mark is whole
        let late = (0..app.views.groups.rows.len()).any(|g| {
            press(&mut app, &mut db, "g");
            for _ in 0..g {
                press(&mut app, &mut db, "j");
            }
            render(&app, 60, 16).lines().any(|l| {
                l.contains(&format!(" {}│", s.g_overdue))
                    || l.contains(&format!(" {} ", s.g_overdue)) && l.contains("2026-")
            })
        });
        assert!(late, "{lang:?}: no whole late mark at 60×16");
    }
}

/// Screen 6's next due for a patient whose visits are done for now is the
/// next period's (walk of 2026-12-05: it showed -).
#[test]
fn screen_six_next_due_after_a_done_visit() {
    use common::{demo_db, load, press, render};
    use gridcare::domain::model::Subject;
    use gridcare::domain::queue::{Status, When};
    use gridcare::words::Lang;
    let mut db = demo_db(1500);
    let mut app = load(&db, Lang::Zh, false);
    press(&mut app, &mut db, "6");
    // a group with a patient whose tasks are all done or removed
    for g in 0..app.views.groups.rows.len() {
        let members = app.views.groups.rows[g].members.clone();
        for (i, &m) in members.iter().enumerate() {
            let tasks: Vec<_> = app.snap.tasks_of(Subject::Resident(m)).collect();
            let all_done = !tasks.is_empty()
                && tasks
                    .iter()
                    .all(|t| matches!(t.status, Status::Done | Status::Removed));
            let want = tasks
                .iter()
                .filter(|t| t.status == Status::Done)
                .filter_map(|t| match t.when {
                    When::Period(p) => Some(p.next().end()),
                    When::By(_) => None,
                })
                .min();
            let (true, Some(want)) = (all_done, want) else {
                continue;
            };
            press(&mut app, &mut db, "g");
            for _ in 0..g {
                press(&mut app, &mut db, "j");
            }
            press(&mut app, &mut db, "{Tab}");
            for _ in 0..i {
                press(&mut app, &mut db, "j");
            }
            let screen = render(&app, 120, 40);
            let row = screen
                .lines()
                .find(|l| l.contains('>') && l.contains(&app.snap.find_resident(m).unwrap().1.name))
                .unwrap_or_else(|| panic!("{screen}"));
            assert!(row.contains(&want.to_string()), "{want} in {row}");
            return;
        }
    }
    panic!("no patient done for now in the demo's first village");
}
