//! The national follow-up record (issue 27, domain.md §3 "The follow-up
//! record"): the form's other fields and the regimen are written with the
//! visit in one transaction, read back as written, refused whole when wrong,
//! and migration 021 keeps every older visit as it was.

mod common;
use common::{d, fixture_db, fixture_today, followup, row_counts, value};
use gridcare::db::{Db, DbError, OpenMode};
use gridcare::domain::model::*;
use gridcare::domain::record::*;
use gridcare::domain::refusal::Refusal;

fn drug(name: &str, times: i32, amount: f64, unit: DoseUnit) -> Drug {
    Drug {
        name: name.into(),
        times_a_day: times,
        amount,
        unit,
        insulin_kind: None,
    }
}

/// A filled paper form of 欧阳春花 (both conditions, resident 9).
fn full_record() -> Record {
    Record {
        symptoms: Symptoms {
            htn: vec![HtnSymptom::Headache, HtnSymptom::Oedema],
            dm: vec![DmSymptom::Thirst],
            other: Some("夜间口干".into()),
        },
        weight_target_kg: Some(62.0),
        other_signs: Some("无".into()),
        foot_pulse: Some(FootPulse {
            pulse: Pulse::Weakened,
            side: Some(Side::Left),
        }),
        cigarettes: Pair {
            now: Some(10),
            target: Some(5),
        },
        alcohol_liang: Pair {
            now: Some(1.5),
            target: Some(1.0),
        },
        exercise_times: Pair {
            now: Some(3),
            target: Some(5),
        },
        exercise_minutes: Pair {
            now: Some(30),
            target: Some(30),
        },
        salt_target: Some(Salt::Light),
        staple_g: Pair {
            now: Some(400),
            target: Some(300),
        },
        psychology: Some(Grade::Good),
        compliance: Some(Grade::Fair),
        hba1c: Some(7.2),
        hba1c_on: Some(d("2026-08-01")),
        other_tests: Some("尿常规正常".into()),
        adverse_what: None,
        hypoglycaemia: Some(Hypoglycaemia::None),
        referral_facility: None,
        referral_department: None,
    }
}

fn visit_of(id: i64, date: &str, record: Record, regimen: Option<Vec<Drug>>) -> NewVisitAlias {
    let mut v = followup(id, date, 132, 84);
    v.findings.vitals.fpg = Some(6.4);
    v.record = record;
    v.regimen = regimen;
    v
}
type NewVisitAlias = gridcare::db::NewVisit;

/// A filled form with three medicines, then a dose change: the record reads
/// back as written (from a second connection to the file), the regimen on
/// the day before the change is the old one, the smoking yes/no older
/// readers know follows the amount, and the audit entry names the changes.
#[test]
fn a_full_record_and_a_regimen_change_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::fixture_file(dir.path());
    let aml5 = drug("氨氯地平", 1, 5.0, DoseUnit::Mg);
    let met = drug("二甲双胍", 2, 500.0, DoseUnit::Mg);
    let ins = Drug {
        insulin_kind: Some("预混".into()),
        ..drug("门冬胰岛素30", 2, 12.0, DoseUnit::Unit)
    };
    let first = {
        let mut db = Db::open(&path, OpenMode::MustExist).unwrap();
        db.operator = "测试员".into();
        let r = db
            .record_visit(
                &visit_of(
                    9,
                    "2026-08-10",
                    full_record(),
                    Some(vec![aml5.clone(), met.clone(), ins.clone()]),
                ),
                fixture_today(),
            )
            .unwrap();
        // a month later: amlodipine 5 → 10 mg, the others confirmed
        let aml10 = drug("氨氯地平", 1, 10.0, DoseUnit::Mg);
        db.record_visit(
            &visit_of(
                9,
                "2026-09-15",
                Record::default(),
                Some(vec![aml10, met.clone(), ins.clone()]),
            ),
            fixture_today(),
        )
        .unwrap();
        r.visit_id
    };
    // a second connection reads what the first wrote
    let db = Db::open(&path, OpenMode::MustExist).unwrap();
    assert_eq!(db.followup_record(first).unwrap(), full_record());
    let lines = db.regimen_lines(9).unwrap();
    let on = |day: &str| -> Vec<String> {
        regimen_on(&lines, d(day))
            .iter()
            .map(|l| l.drug.text(true))
            .collect()
    };
    assert_eq!(
        on("2026-09-14"),
        [
            "氨氯地平 1次/日 5mg",
            "二甲双胍 2次/日 500mg",
            "门冬胰岛素30（预混） 2次/日 12U"
        ],
        "the day before the change"
    );
    assert_eq!(
        on("2026-09-15"),
        [
            "二甲双胍 2次/日 500mg",
            "门冬胰岛素30（预混） 2次/日 12U",
            "氨氯地平 1次/日 10mg"
        ]
    );
    assert!(on("2026-08-09").is_empty());
    let smoking: Option<bool> = value(
        &db,
        &format!("SELECT smoking FROM visit WHERE id = {first}"),
    );
    assert_eq!(smoking, Some(true), "10 a day is a smoker to older readers");
    let minutes: Option<i32> = value(
        &db,
        &format!("SELECT exercise_min_week FROM visit WHERE id = {first}"),
    );
    assert_eq!(minutes, Some(90), "3 times × 30 minutes");
    let audit: String = value(
        &db,
        "SELECT detail FROM audit_log WHERE action = 'record_visit' ORDER BY id DESC LIMIT 1",
    );
    assert!(audit.contains("调整剂量 氨氯地平 1次/日 10mg"), "{audit}");
    // a visit that says nothing of medicines leaves the regimen as it is
    let mut db = db;
    db.operator = "测试员".into();
    db.record_visit(
        &visit_of(9, "2026-10-20", Record::default(), None),
        fixture_today(),
    )
    .unwrap();
    assert_eq!(db.regimen_lines(9).unwrap(), lines);
}

/// Refused whole, with a message naming the field, and nothing written:
/// a field out of range, the diabetes form on a hypertensive, a record on a
/// household visit, a regimen change dated before one already made.
#[test]
fn wrong_records_are_refused_and_change_nothing() {
    let mut db = fixture_db();
    let tables = [
        "visit",
        "followup_record",
        "visit_symptom",
        "medication",
        "audit_log",
    ];
    let before = row_counts(&db, &tables);
    type Make = fn() -> gridcare::db::NewVisit;
    let table: &[(&str, Make, &str)] = &[
        (
            "cigarettes 120",
            || {
                let mut r = Record::default();
                r.cigarettes.now = Some(120);
                visit_of(9, "2026-11-19", r, None)
            },
            "日吸烟量",
        ),
        (
            "HbA1c of a hypertensive",
            || {
                let r = Record {
                    hba1c: Some(7.0),
                    ..Record::default()
                };
                visit_of(1, "2026-11-19", r, None)
            },
            "糖化血红蛋白",
        ),
        (
            "a household visit with a record",
            || {
                let mut v = gridcare::db::NewVisit::completed(
                    VisitKind::Household,
                    Subject::Household(1),
                    VisitMode::Home,
                    d("2026-11-19"),
                );
                v.record.other_signs = Some("无".into());
                v
            },
            "只属于已完成的随访",
        ),
        (
            "a drug twice",
            || {
                let a = drug("氨氯地平", 1, 5.0, DoseUnit::Mg);
                visit_of(9, "2026-11-19", Record::default(), Some(vec![a.clone(), a]))
            },
            "列了两次",
        ),
        (
            "six thousand mg",
            || {
                let a = drug("氨氯地平", 1, 6000.0, DoseUnit::Mg);
                visit_of(9, "2026-11-19", Record::default(), Some(vec![a]))
            },
            "每次剂量",
        ),
    ];
    for (what, make, words) in table {
        let err = db.record_visit(&make(), fixture_today()).unwrap_err();
        let DbError::Refused(r) = &err else {
            panic!("{what}: {err}")
        };
        assert!(r.zh().contains(words), "{what}: {}", r.zh());
        assert!(!r.en().is_empty());
        assert_eq!(row_counts(&db, &tables), before, "{what}");
    }
    // a change dated before one already recorded
    let a = drug("氨氯地平", 1, 5.0, DoseUnit::Mg);
    db.record_visit(
        &visit_of(9, "2026-11-10", Record::default(), Some(vec![a.clone()])),
        fixture_today(),
    )
    .unwrap();
    let before = row_counts(&db, &tables);
    let err = db
        .record_visit(
            &visit_of(9, "2026-11-01", Record::default(), Some(vec![])),
            fixture_today(),
        )
        .unwrap_err();
    assert!(
        matches!(err, DbError::Refused(Refusal::RegimenChangedLater { .. })),
        "{err}"
    );
    assert_eq!(row_counts(&db, &tables), before);
}

/// Migration 021 on a database of the previous version: every visit kept,
/// the counts equal, the colours unchanged, and no older visit has a record.
#[test]
fn migration_021_keeps_every_visit_and_colour() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v20.db");
    {
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        gridcare::db::migrations()
            .to_version(&mut conn, 20)
            .unwrap();
        conn.execute_batch(include_str!("../fixtures/township.sql"))
            .unwrap();
        let tables: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name = 'followup_record'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(tables, 0, "a database of the previous version");
    }
    let old = Db::open(&path, OpenMode::MustExist).unwrap();
    let new = fixture_db();
    let today = fixture_today();
    for sql in [
        "SELECT count(*) FROM visit",
        "SELECT count(*) FROM visit WHERE smoking IS NOT NULL",
        "SELECT count(*) FROM resident",
    ] {
        let (a, b): (i64, i64) = (value(&old, sql), value(&new, sql));
        assert_eq!(a, b, "{sql}");
    }
    let none: i64 = value(&old, "SELECT count(*) FROM followup_record");
    assert_eq!(none, 0);
    let colours = |db: &Db| {
        let town = db.township(today).unwrap();
        let mut c: Vec<(Subject, Option<Colour>)> =
            gridcare::domain::queue::tasks(&town, today, &db.rules().unwrap())
                .into_iter()
                .map(|t| (t.subject, t.colour))
                .collect();
        c.sort_by_key(|x| (x.0, x.1.map(|c| c.code())));
        c.dedup();
        c
    };
    assert_eq!(colours(&old), colours(&new));
    // an older visit reads as an empty record
    let id: i64 = value(&old, "SELECT min(id) FROM visit");
    assert!(old.followup_record(id).unwrap().is_empty());
}
