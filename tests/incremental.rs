//! Issue 9: a save recomputes only the household it touched, and the result is
//! the same as loading the whole scope again. Random writes of every kind the
//! interface makes, each followed by both, compared.

mod common;
use common::{SplitMix, d};
use gridcare::db::{Db, NewVisit, OpenMode, ResidentEdit, Scope};
use gridcare::domain::followup::{Findings, Vitals};
use gridcare::domain::model::*;
use gridcare::snapshot::Snapshot;

/// One random write a coordinator could make; returns the households it
/// touched when something was written (refused input writes nothing).
fn random_write(db: &mut Db, snap: &Snapshot, rng: &mut SplitMix) -> Option<Vec<i64>> {
    let today = snap.day;
    let h = &snap.town.households[rng.below(snap.town.households.len())];
    let m = h.members.get(rng.below(h.members.len()))?;
    let day = today - chrono::Days::new(rng.below(20) as u64);
    let done = match rng.below(10) {
        7 => {
            // a move to another household (marriage): both households change
            let to = &snap.town.households[rng.below(snap.town.households.len())];
            return db
                .move_resident(m.id, to.id, Relation::Spouse, day, today)
                .ok()
                .map(|_| vec![h.id, to.id]);
        }
        8 => {
            let village = &snap.town.villages[rng.below(snap.town.villages.len())];
            let grid = snap
                .town
                .grids
                .iter()
                .find(|g| g.village_id == village.id)?;
            let id = db
                .add_household(
                    &gridcare::db::NewHousehold {
                        village_id: village.id,
                        grid_id: grid.id,
                        address: format!("{}新{}号", village.name, rng.below(1000)),
                        registered_on: day,
                    },
                    today,
                )
                .ok()?;
            return Some(vec![id]);
        }
        9 => {
            // a newborn: an ID number made up for the day
            let birth = today - chrono::Days::new(1 + rng.below(300) as u64);
            let number = gridcare::domain::idnum::compose("360425", birth, rng.below(900) as u16);
            return db
                .add_resident(
                    &gridcare::db::NewResident {
                        household_id: h.id,
                        name: format!("新{}", rng.below(100)),
                        id_number: number,
                        phone: None,
                        relation: Relation::Grandchild,
                        lives_alone_no_carer: false,
                        disabled: false,
                        seriously_ill: false,
                        registered_on: birth,
                    },
                    today,
                )
                .ok()
                .map(|_| vec![h.id]);
        }
        0 => {
            let mut v = NewVisit::completed(
                VisitKind::Household,
                Subject::Household(h.id),
                VisitMode::Home,
                day,
            );
            v.outcome = [Outcome::Completed, Outcome::NotHome, Outcome::Completed][rng.below(3)];
            db.record_visit(&v, today).is_ok()
        }
        1 | 2 => {
            let kind = [VisitKind::Followup, VisitKind::Recheck][rng.below(2)];
            let mut v = NewVisit::completed(kind, Subject::Resident(m.id), VisitMode::Clinic, day);
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
        3 => {
            let mut v = NewVisit::completed(
                VisitKind::Followup,
                Subject::Resident(m.id),
                VisitMode::Phone,
                day,
            );
            v.outcome = Outcome::CallAgain;
            v.call_again_on = Some(today + chrono::Days::new(1 + rng.below(20) as u64));
            db.record_visit(&v, today).is_ok()
        }
        4 => {
            let why = [RemoveReason::Died, RemoveReason::Moved][rng.below(2)];
            db.end_resident(m.id, why, day, today).is_ok()
        }
        5 => {
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
            db.update_resident(m.id, &e, day).is_ok()
        }
        _ => {
            let tier = gridcare::domain::tier::Tier::new(1 + rng.below(6) as u8);
            db.set_tier_override(h.id, tier, "子女在外", day).is_ok()
        }
    };
    done.then(|| vec![h.id])
}

#[test]
fn incremental_recompute_equals_full() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("小乡.db");
    let mut db = Db::open(&path, OpenMode::CreateIfMissing).unwrap();
    let cfg = gridcare::demo::DemoConfig {
        households: 120,
        ..Default::default()
    };
    gridcare::demo::generate(&mut db, &cfg).unwrap();
    let today = d("2026-11-20");
    let scope = db.default_scope().unwrap();
    assert!(matches!(scope, Scope::Township(_)));
    let mut snap = Snapshot::load(&db, scope, today).unwrap();
    let mut rng = SplitMix(20261120);
    let mut writes = 0;
    for step in 0..220 {
        let Some(mut touched) = random_write(&mut db, &snap, &mut rng) else {
            continue;
        };
        writes += 1;
        if rng.below(2) == 0 {
            touched.reverse();
        }
        for h in &touched {
            snap.refresh_household(&db, *h).unwrap();
        }
        let h = touched[0];
        let full = Snapshot::load(&db, scope, today).unwrap();
        assert_eq!(snap.town.households, full.town.households, "step {step}");
        let key = |v: &VisitRecord| v.id;
        let (mut a, mut b) = (snap.town.visits.clone(), full.town.visits.clone());
        a.sort_by_key(key);
        b.sort_by_key(key);
        assert_eq!(a, b, "step {step}: visits");
        assert_eq!(
            snap.tasks.len(),
            full.tasks.len(),
            "step {step}: task count"
        );
        for (i, (x, y)) in snap.tasks.iter().zip(&full.tasks).enumerate() {
            assert_eq!(x, y, "step {step}: task {i} after a write to household {h}");
        }
        for h in &full.town.households {
            assert_eq!(
                snap.find_household(h.id),
                Some(h),
                "step {step}: household index"
            );
            for m in &h.members {
                assert_eq!(
                    snap.find_resident(m.id).map(|(h, m)| (h.id, m)),
                    Some((h.id, m)),
                    "step {step}: resident index"
                );
            }
        }
        for t in &full.tasks {
            assert_eq!(
                snap.tasks_of(t.subject).count(),
                full.tasks_of(t.subject).count(),
                "step {step}: index"
            );
        }
    }
    assert!(writes > 60, "most random writes are accepted ({writes})");
}
