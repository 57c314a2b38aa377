//! Issue 11: registering villages, grids, households, residents and their
//! conditions, and moving a resident — each refusal says what is wrong in
//! both languages and writes nothing (domain.md §2, §3, §9).

mod common;
use common::{fixture_db, fixture_today};
use gridcare::db::{Db, DbError, NewCondition, NewHousehold, NewResident};
use gridcare::domain::model::{Condition, Relation, Sex};
use gridcare::words::{Lang, db_error};

fn resident(household: i64, name: &str, id: &str) -> NewResident {
    NewResident {
        household_id: household,
        name: name.into(),
        id_number: id.into(),
        phone: None,
        relation: Relation::Head,
        lives_alone_no_carer: false,
        disabled: false,
        seriously_ill: false,
        registered_on: fixture_today(),
    }
}

/// Rows of every table that registration writes, to show a refusal wrote nothing.
fn footprint(db: &Db) -> Vec<i64> {
    common::row_counts(
        db,
        &[
            "village",
            "grid",
            "household",
            "resident",
            "chronic_condition",
            "resident_move",
            "audit_log",
        ],
    )
}

/// The ID number gives birth date and sex; a lower-case x and the old 15
/// digits are accepted and stored in the 18-character form (§9).
#[test]
fn a_resident_gets_birth_date_and_sex_from_the_id_number() {
    let mut db = fixture_db();
    let today = fixture_today();
    let cases: &[(&str, &str, &str, Sex)] = &[
        ("胡桂兰", "36042519560301000x", "1956-03-01", Sex::Female),
        ("胡德胜", "360425560301001", "1956-03-01", Sex::Male),
    ];
    for (name, id, born, sex) in cases {
        let rid = db.add_resident(&resident(3, name, id), today).unwrap();
        let r = db.resident(rid).unwrap().unwrap();
        assert_eq!(r.birth_date.to_string(), *born, "{name}");
        assert_eq!(r.sex, *sex, "{name}");
        assert_eq!(
            r.id_number.len(),
            18,
            "{name}: stored in the 18-character form"
        );
        assert!(!r.id_number.contains('x'));
    }
}

#[test]
fn bad_registrations_are_refused_in_both_languages_and_write_nothing() {
    let mut db = fixture_db();
    let today = fixture_today();
    type Try = Box<dyn Fn(&mut Db) -> Result<i64, DbError>>;
    let cases: Vec<(&str, Try, &str, &str)> = vec![
        (
            "an ID number someone holds",
            Box::new(move |db| db.add_resident(&resident(3, "王大", "360425194803150117"), today)),
            "王大爷（富民村1组3号）",
            "registered to 王大爷",
        ),
        (
            "a wrong check character",
            Box::new(move |db| db.add_resident(&resident(3, "王二", "360425194803150118"), today)),
            "校验位",
            "check character",
        ),
        (
            "an impossible birth date",
            Box::new(move |db| db.add_resident(&resident(3, "王三", "360425194802300117"), today)),
            "不存在",
            "impossible birth date",
        ),
        (
            "a name too long",
            Box::new(move |db| {
                db.add_resident(&resident(3, &"长".repeat(21), "36042519560301000X"), today)
            }),
            "最多 20 个",
            "at most 20",
        ),
        (
            "a grid of another village",
            Box::new(move |db| {
                db.add_household(
                    &NewHousehold {
                        village_id: 1,
                        grid_id: 3,
                        address: "富民村9组1号".into(),
                        registered_on: today,
                    },
                    today,
                )
            }),
            "其他村",
            "another village",
        ),
        (
            "an unknown grid",
            Box::new(move |db| {
                db.add_household(
                    &NewHousehold {
                        village_id: 1,
                        grid_id: 99,
                        address: "富民村9组1号".into(),
                        registered_on: today,
                    },
                    today,
                )
            }),
            "没有网格",
            "unknown grid",
        ),
        (
            "a village that exists",
            Box::new(|db| db.add_village(1, "富民村")),
            "已存在",
            "already exists",
        ),
        (
            "management before diagnosis",
            Box::new(move |db| {
                db.add_condition(
                    &NewCondition {
                        resident_id: 3,
                        condition: Condition::Diabetes,
                        diagnosed_on: common::d("2024-05-01"),
                        managed_from: common::d("2024-04-01"),
                    },
                    today,
                )
            }),
            "不能早于确诊日期",
            "before the diagnosis",
        ),
        (
            "a condition registered twice",
            Box::new(move |db| {
                db.add_condition(
                    &NewCondition {
                        resident_id: 1,
                        condition: Condition::Hypertension,
                        diagnosed_on: common::d("2024-05-01"),
                        managed_from: common::d("2024-05-01"),
                    },
                    today,
                )
            }),
            "已登记过",
            "already has",
        ),
        (
            "a move to the same household",
            Box::new(move |db| {
                db.move_resident(1, 1, Relation::Head, today, today)
                    .map(|_| 0)
            }),
            "已在这一户",
            "already lives",
        ),
    ];
    let before = footprint(&db);
    for (what, attempt, zh, en) in cases {
        let err = attempt(&mut db).expect_err(what);
        let (z, e) = (db_error(Lang::Zh, &err), db_error(Lang::En, &err));
        assert!(z.contains(zh), "{what}: {z}");
        assert!(e.contains(en), "{what}: {e}");
        assert_eq!(footprint(&db), before, "{what}: nothing written");
    }
}

/// A move keeps the person's visits and its history, and the household they
/// left no longer counts them.
#[test]
fn a_move_keeps_history() {
    let mut db = fixture_db();
    let today = fixture_today();
    let visits_before: i64 = common::value(&db, "SELECT count(*) FROM visit WHERE resident_id = 4");
    db.move_resident(4, 3, Relation::Spouse, today, today)
        .unwrap();
    assert_eq!(db.moves_of(4).unwrap(), vec![(today, 1, 3)]);
    let r = db.resident(4).unwrap().unwrap();
    assert_eq!(r.relation, Relation::Spouse);
    let visits_after: i64 = common::value(&db, "SELECT count(*) FROM visit WHERE resident_id = 4");
    assert_eq!(visits_after, visits_before);
    let members: Vec<i64> = db
        .household_members(1)
        .unwrap()
        .iter()
        .map(|m| m.id)
        .collect();
    assert!(!members.contains(&4));
    let actions: Vec<String> = db
        .conn()
        .prepare("SELECT action FROM audit_log ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(actions.ends_with(&["move_resident".to_string(), "member_left".to_string()]));
}
