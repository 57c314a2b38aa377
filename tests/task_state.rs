//! Issue 30 item 1: the task state kept in the database is what a full
//! recompute with the rules gives, after every kind of write, on the day of
//! the write and on later days (read from the stored dates). Random
//! sequences of writes; `GRIDCARE_STATE_SEQUENCES` and `GRIDCARE_STATE_DEPTH`
//! run more and longer ones on demand.

mod common;
use common::{SplitMix, d};
use gridcare::db::{Db, NewReferral, NewVisit, OpenMode, ResidentEdit, Scope};
use gridcare::domain::followup::{Findings, Vitals};
use gridcare::domain::model::*;
use gridcare::domain::referral::{Level, Urgency};
use gridcare::snapshot::{Snapshot, county_counts, county_counts_recomputed};

fn env_or(key: &str, default: usize) -> usize {
    std::env::var(key)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// One random write of the kinds the issue names; false when it was refused.
fn random_write(
    db: &mut Db,
    today: chrono::NaiveDate,
    rng: &mut SplitMix,
    kinds: &mut std::collections::BTreeSet<usize>,
) -> bool {
    let kind = rng.below(18);
    let ok = random_write_of(kind, db, today, rng);
    if ok {
        kinds.insert(kind);
    }
    ok
}

fn random_write_of(kind: usize, db: &mut Db, today: chrono::NaiveDate, rng: &mut SplitMix) -> bool {
    let snap = Snapshot::load(db, Scope::All, today).unwrap();
    let hs = &snap.town.households;
    let h = &hs[rng.below(hs.len())];
    let Some(m) = h.members.get(rng.below(h.members.len())) else {
        return false;
    };
    let day = today - chrono::Days::new(rng.below(120) as u64);
    // follow-ups are of a patient's
    let patients: Vec<(i64, i64)> = hs
        .iter()
        .flat_map(|h| {
            h.members
                .iter()
                .filter(|m| m.is_managed_patient(today))
                .map(move |m| (h.id, m.id))
        })
        .collect();
    let (_, patient) = patients
        .get(rng.below(patients.len()))
        .copied()
        .unwrap_or((h.id, m.id));
    match kind {
        0 => {
            let to = &hs[rng.below(hs.len())];
            db.move_resident(m.id, to.id, Relation::Spouse, day, today)
                .is_ok()
        }
        1 => {
            let v = &snap.town.villages[rng.below(snap.town.villages.len())];
            let Some(g) = snap.town.grids.iter().find(|g| g.village_id == v.id) else {
                return false;
            };
            db.add_household(
                &gridcare::db::NewHousehold {
                    village_id: v.id,
                    grid_id: g.id,
                    address: format!("{}新{}号", v.name, rng.below(100000)),
                    registered_on: day,
                },
                today,
            )
            .is_ok()
        }
        2 => {
            // a newborn, or an elder turning 65 within days (a birthday ahead)
            let birth = if rng.below(2) == 0 {
                today - chrono::Days::new(1 + rng.below(300) as u64)
            } else {
                today - chrono::Months::new(65 * 12) + chrono::Days::new(rng.below(60) as u64)
            };
            let number = gridcare::domain::idnum::compose("360425", birth, rng.below(900) as u16);
            db.add_resident(
                &gridcare::db::NewResident {
                    household_id: h.id,
                    name: format!("新{}", rng.below(100)),
                    id_number: number,
                    phone: None,
                    relation: Relation::Grandchild,
                    lives_alone_no_carer: rng.below(3) == 0,
                    disabled: false,
                    seriously_ill: false,
                    registered_on: day.min(today),
                },
                today,
            )
            .is_ok()
        }
        3 => {
            let mut v = NewVisit::completed(
                VisitKind::Household,
                Subject::Household(h.id),
                VisitMode::Home,
                day,
            );
            v.outcome = [Outcome::Completed, Outcome::NotHome, Outcome::Removed][rng.below(3)];
            if v.outcome == Outcome::Removed {
                v.remove_reason = Some(RemoveReason::Refused);
                v.date = today - chrono::Days::new(rng.below(10) as u64);
            }
            // §2 ★5: the yearly household visit counts with its push asked
            if v.outcome == Outcome::Completed && rng.below(2) == 0 {
                v.push = Some((rng.below(3) > 0, "高血压的饮食".into()));
            }
            db.record_visit(&v, today).is_ok()
        }
        4 | 5 => {
            let kind = [
                VisitKind::Followup,
                VisitKind::Recheck,
                VisitKind::YearlyCheck,
            ][rng.below(3)];
            let mut v =
                NewVisit::completed(kind, Subject::Resident(patient), VisitMode::Clinic, day);
            let sbp = 110 + rng.below(90) as i32;
            v.findings = Findings {
                vitals: Vitals {
                    sbp: Some(sbp),
                    dbp: Some(sbp - 40 - rng.below(20) as i32),
                    fpg: (rng.below(2) == 0).then(|| 4.5 + rng.below(80) as f64 / 10.0),
                    ..Vitals::default()
                },
                adverse_reaction: rng.below(6) == 0,
                ..Findings::default()
            };
            db.record_visit(&v, today).is_ok()
        }
        6 => {
            // a contact outcome on an open task: call again, removed, not home
            let open: Vec<_> = snap.tasks.iter().filter(|t| t.is_to_do()).collect();
            let Some(t) = open.get(rng.below(open.len())) else {
                return false;
            };
            let mut v = NewVisit::completed(
                t.kind,
                t.subject,
                VisitMode::Phone,
                today - chrono::Days::new(rng.below(3) as u64),
            );
            v.outcome = [Outcome::CallAgain, Outcome::Removed, Outcome::NotHome][rng.below(3)];
            match v.outcome {
                Outcome::CallAgain => {
                    v.call_again_on = Some(today + chrono::Days::new(1 + rng.below(40) as u64))
                }
                Outcome::Removed => {
                    v.remove_reason =
                        Some([RemoveReason::WrongPhone, RemoveReason::Refused][rng.below(2)])
                }
                _ => {}
            }
            db.record_visit(&v, today).is_ok()
        }
        7 => {
            let why = [RemoveReason::Died, RemoveReason::Moved][rng.below(2)];
            db.end_resident(m.id, why, day, today).is_ok()
        }
        8 => {
            let e = ResidentEdit {
                name: m.name.clone(),
                phone: m.phone.clone(),
                lives_alone_no_carer: !m.lives_alone_no_carer,
                disabled: m.disabled,
                seriously_ill: rng.below(2) == 0,
                care_plan: None,
                id_number: None,
                relation: None,
            };
            db.update_resident(m.id, &e, today).is_ok()
        }
        9 => {
            let tier = gridcare::domain::tier::Tier::new(1 + rng.below(6) as u8);
            db.set_tier_override(h.id, tier, "子女在外", today).is_ok()
        }
        10 => {
            // a handover of the household's grid to another grid worker
            let workers: Vec<i64> = snap
                .town
                .grids
                .iter()
                .filter_map(|g| g.worker.as_ref().map(|w| w.id))
                .collect();
            let Some(&w) = workers.get(rng.below(workers.len())) else {
                return false;
            };
            db.assign_grid(
                h.grid_id,
                w,
                today - chrono::Days::new(rng.below(10) as u64),
            )
            .is_ok()
        }
        11 => {
            let r = NewReferral {
                from_level: Level::Village,
                to_level: Level::County,
                reason: "血压控制不佳".into(),
                urgency: Urgency::Routine,
                sent_on: today - chrono::Days::new(rng.below(30) as u64),
                visit_id: None,
            };
            db.send_referral(m.id, &r, today).is_ok()
        }
        12 => {
            let open: Vec<i64> = snap
                .town
                .referrals
                .iter()
                .filter(|r| r.returned_on.is_none())
                .map(|r| r.id)
                .collect();
            let Some(&id) = open.get(rng.below(open.len())) else {
                return false;
            };
            let _ = db.receive_referral(id, today, today);
            db.return_referral(id, today, "继续随访", today).is_ok()
        }
        14 => {
            // a care plan written for an elder (§2 ★1), reviewed on a day ahead
            let review = today + chrono::Days::new(1 + rng.below(400) as u64);
            db.set_care_plan(m.id, "每周电话一次，每月上门", review, today)
                .is_ok()
        }
        15 => {
            // a printed row keyed in (issue 29): the visit recorded by key_in_row
            let open: Vec<_> = snap.tasks.iter().filter(|t| t.is_to_do()).collect();
            let Some(t) = open.get(rng.below(open.len())) else {
                return false;
            };
            let row = gridcare::print::RowTask {
                key: format!("{:?}", t.subject),
                kind: t.kind,
                household_id: t.household_id,
                resident_id: match t.subject {
                    Subject::Resident(r) => Some(r),
                    Subject::Household(_) => None,
                },
                role: t.role,
                worker_id: 1,
                due: today.to_string(),
                weeks: vec![],
            };
            let period = gridcare::domain::calendar::Period::containing(
                gridcare::domain::calendar::Cadence::Week,
                today,
            );
            let Ok((batch, _)) = db.save_print_batch(period, "test", today, &[("s".into(), row)])
            else {
                return false;
            };
            let b = db.print_batch(batch).unwrap().unwrap();
            let mut v = NewVisit::completed(t.kind, t.subject, VisitMode::Home, today);
            if rng.below(2) == 0 {
                v.outcome = Outcome::NotHome;
            }
            db.key_in_row(batch, &b.rows[0], &v, today).is_ok()
        }
        16 => {
            // an event with the person attending, and points spent (issue 32):
            // nothing the rules read, the state stays as it was
            use gridcare::db::{Attendee, NewEvent, Spend};
            let Ok(e) = db.add_event(
                &NewEvent {
                    kind: gridcare::domain::events::EventKind::Lecture,
                    held_on: day,
                    township_id: db
                        .conn()
                        .query_row(
                            "SELECT township_id FROM village WHERE id = ?1",
                            [h.village_id],
                            |r| r.get(0),
                        )
                        .unwrap(),
                    village_id: Some(h.village_id),
                    topic: "慢病讲座".into(),
                    speaker_id: None,
                    place: String::new(),
                },
                today,
            ) else {
                return false;
            };
            let ok = db.attend(e, &Attendee::Resident(m.id)).is_ok();
            let _ = db.spend_points(
                m.id,
                &Spend {
                    cost: 1,
                    service: "测血压".into(),
                    on_date: today,
                    given_by: "test".into(),
                },
                today,
            );
            ok
        }
        _ => {
            // undo a removal: of a subject that has one, where there is one
            let removed: Vec<Subject> = snap
                .tasks
                .iter()
                .filter(|t| t.status == gridcare::domain::queue::Status::Removed)
                .map(|t| t.subject)
                .collect();
            let subject = removed
                .get(rng.below(removed.len()))
                .copied()
                .unwrap_or(Subject::Resident(m.id));
            db.undo_removal(subject, today).is_ok()
        }
    }
}

/// Kept state == a full recompute: on the day, and read on later days.
fn assert_kept_equals_recompute(db: &Db, today: chrono::NaiveDate, what: &str) {
    let (diffs, stale) = db.check_state(today).unwrap();
    assert!(diffs.is_empty(), "{what}: {diffs:#?}");
    assert_eq!(stale, 0, "{what}: every write stored its households' state");
    for later in [1, 9, 45, 130, 400] {
        let day = today + chrono::Days::new(later);
        let (diffs, _) = db.check_state(day).unwrap();
        assert!(diffs.is_empty(), "{what}, read {later} days on: {diffs:#?}");
    }
    assert_eq!(
        county_counts(db, today).unwrap(),
        county_counts_recomputed(db, today).unwrap(),
        "{what}: the overview from the kept state"
    );
    assert_today_counts(db, today, what);
}

/// Today's counts from the kept state (issue 30 item 2) are the Today
/// screen's own, computed from the rules' tasks, for every township and
/// the whole database.
fn assert_today_counts(db: &Db, day: chrono::NaiveDate, what: &str) {
    let scopes = db
        .townships()
        .unwrap()
        .into_iter()
        .map(|t| Scope::Township(t.0))
        .chain([Scope::All]);
    for scope in scopes {
        let snap = Snapshot::load(db, scope, day).unwrap();
        let screen = gridcare::tui::screens::today::TodaySummary::of(&snap.town, &snap.tasks);
        let kept = db.today_counts(scope, day).unwrap();
        assert_eq!(kept.per_cadence, screen.per_cadence, "{what}: {scope:?}");
        assert_eq!(kept.per_village, screen.per_village, "{what}: {scope:?}");
        assert_eq!(kept.red, screen.red.len(), "{what}: {scope:?}");
    }
}

#[test]
fn kept_state_equals_full_recompute_after_random_writes() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base.db");
    {
        let mut db = Db::open(&base, OpenMode::CreateIfMissing).unwrap();
        let cfg = gridcare::demo::DemoConfig {
            households: 40,
            townships: 2,
            ..Default::default()
        };
        gridcare::demo::generate(&mut db, &cfg).unwrap();
        assert_kept_equals_recompute(&db, d("2026-11-20"), "the generated demo");
    }
    let today = d("2026-11-20");
    let sequences = env_or("GRIDCARE_STATE_SEQUENCES", 200);
    let depth = env_or("GRIDCARE_STATE_DEPTH", 6);
    let mut accepted = 0;
    let mut kinds = std::collections::BTreeSet::new();
    for seq in 0..sequences {
        let path = dir.path().join(format!("s{seq}.db"));
        {
            let b = Db::open(&base, OpenMode::MustExist).unwrap();
            b.conn()
                .execute("VACUUM INTO ?1", [path.to_str().unwrap()])
                .unwrap();
        }
        let mut db = Db::open(&path, OpenMode::MustExist).unwrap();
        let mut rng = SplitMix(20261120 + seq as u64);
        for step in 0..depth {
            if random_write(&mut db, today, &mut rng, &mut kinds) {
                accepted += 1;
                let what = format!("sequence {seq}, step {step}");
                let (diffs, stale) = db.check_state(today).unwrap();
                assert!(diffs.is_empty(), "{what}: {diffs:#?}");
                assert_eq!(stale, 0, "{what}");
            }
        }
        assert_kept_equals_recompute(&db, today, &format!("sequence {seq}"));
        drop(db);
        let _ = std::fs::remove_file(&path);
    }
    assert!(
        accepted > sequences * depth / 3,
        "most random writes are accepted ({accepted})"
    );
    // every kind of write was made at least once (the key-in of a printed
    // row, an event's attendance and points among them)
    assert_eq!(kinds.len(), 18, "kinds of write accepted: {kinds:?}");
}

/// A database of an older schema gets its state built when it is opened for
/// writing (the migration's build), and it agrees with a recompute.
#[test]
fn a_database_without_state_gets_it_built_on_opening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        let mut db = Db::open(&path, OpenMode::CreateIfMissing).unwrap();
        let cfg = gridcare::demo::DemoConfig {
            households: 30,
            ..Default::default()
        };
        gridcare::demo::generate(&mut db, &cfg).unwrap();
        // as migration 024 leaves an existing database: no rows, all noted
        db.conn()
            .execute_batch(
                "DELETE FROM task_state; DELETE FROM household_state;
                 INSERT INTO state_dirty SELECT id FROM household;",
            )
            .unwrap();
    }
    let db = Db::open(&path, OpenMode::MustExist).unwrap();
    let n: i64 = db
        .conn()
        .query_row("SELECT count(*) FROM household_state", [], |r| r.get(0))
        .unwrap();
    assert!(n >= 30, "{n} households kept");
    assert_kept_equals_recompute(&db, d("2026-11-20"), "built on opening");
}

/// A write that touches many households (an import, a handover of grids, a
/// change of the rules) stores them a township at a time, in its transaction.
#[test]
fn a_write_touching_many_households_stores_them_all() {
    let mut db = common::demo_db(260);
    let cfg_day = d("2026-11-20");
    db.conn()
        .execute_batch(
            "DELETE FROM task_state WHERE household_id % 2 = 0;
             INSERT OR IGNORE INTO state_dirty SELECT id FROM household;",
        )
        .unwrap();
    let h: i64 = common::value(&db, "SELECT min(id) FROM household");
    db.set_tier_override(h, gridcare::domain::tier::Tier::new(2), "独居", cfg_day)
        .unwrap();
    assert_kept_equals_recompute(&db, cfg_day, "after a write with 260 households noted");
}

/// `gridcare check` compares the kept state with the rules: clean on the
/// demo; a kept row changed behind gridcare's back is named, with what the
/// rules give, the exit code says so, and `--rebuild-state` puts it right.
#[test]
fn check_names_a_difference_and_rebuild_mends_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    let p = path.to_str().unwrap();
    let (code, _, err) = common::gridcare_run(&["demo", "--no-tui", "--db", p]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = common::gridcare_on(&path, &["check"]);
    let out = format!("{out}{err}");
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("task state: ok"), "{out}");
    {
        let db = Db::open(&path, OpenMode::MustExist).unwrap();
        db.conn()
            .execute(
                "UPDATE task_state SET colour = 'red' WHERE rowid =
                   (SELECT min(rowid) FROM task_state WHERE colour IS NULL AND resident_id IS NOT NULL)",
                [],
            )
            .unwrap();
    }
    let (code, out, err) = common::gridcare_on(&path, &["check"]);
    let out = format!("{out}{err}");
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("task state: 1 household(s) whose kept tasks differ"),
        "{out}"
    );
    assert!(out.contains("colour kept Some(Red), rules None"), "{out}");
    let (code, out, err) = common::gridcare_on(&path, &["check", "--rebuild-state"]);
    let out = format!("{out}{err}");
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("task state: rebuilt from the rules"), "{out}");
    assert!(out.contains("task state: ok"), "{out}");
}
