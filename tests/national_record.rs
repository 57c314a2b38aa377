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

/// A county's follow-ups come in whole (issue 27 item 7): the form's
/// headers, 血压 as `150/95` in one cell, symptoms and medicines in words;
/// they go out again with the same headers and words, and a file exported
/// and imported into an empty register holds the same record. A cell that
/// cannot be read is named at its line and column and nothing of its row
/// is written.
#[test]
fn visits_come_in_and_go_out_with_every_field() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::fixture_file(dir.path());
    let file = dir.path().join("随访.csv");
    std::fs::write(
        &file,
        "身份证号,姓名,随访日期,随访方式,症状,血压(mmHg),体重,目标体重,日吸烟量,目标日吸烟量,日饮酒量,每周运动次数,每次运动时间,摄盐情况,目标摄盐,主食,心理调整,遵医行为,空腹血糖,糖化血红蛋白,糖化血红蛋白检查日期,足背动脉搏动,低血糖反应,服药依从性,用药情况,转诊机构,转诊科别\n\
         360425196212310923,欧阳春花,2026-11-18,门诊,头痛头晕、多饮,150/95,66,62,10,5,1.5,3,30,重,轻,400,良好,一般,7.8,7.4,2026-11-01,左侧减弱,偶尔,规律,氨氯地平 1次/日 5mg；二甲双胍 2次/日 500mg,,\n\
         360425196212310923,欧阳春花,2026-11-19,门诊,头疼,150/95,,,,,,,,,,,,,,,,,,,,,\n\
         360425196212310923,欧阳春花,2026-11-19,电话,,150-95,,,,,,,,,,,,,,,,,,,,,\n",
    )
    .unwrap();
    let (code, out, err) = common::gridcare_on(
        &db,
        &[
            "--lang",
            "zh",
            "import",
            "--yes",
            "visits",
            file.to_str().unwrap(),
            "--skip-bad",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    let both = format!("{out}{err}");
    assert!(
        both.contains("头疼"),
        "the unknown symptom is named: {both}"
    );
    assert!(
        both.contains("150-95"),
        "the unreadable BP is named: {both}"
    );
    let read = Db::open(&db, OpenMode::MustExist).unwrap();
    let id: i64 = value(
        &read,
        "SELECT id FROM visit WHERE resident_id = 9 AND visit_date = '2026-11-18'",
    );
    let (sbp, dbp): (i64, i64) = (
        value(&read, &format!("SELECT sbp FROM visit WHERE id = {id}")),
        value(&read, &format!("SELECT dbp FROM visit WHERE id = {id}")),
    );
    assert_eq!((sbp, dbp), (150, 95));
    let r = read.followup_record(id).unwrap();
    assert_eq!(r.symptoms.htn, [HtnSymptom::Headache]);
    assert_eq!(r.symptoms.dm, [DmSymptom::Thirst]);
    assert_eq!(
        r.cigarettes,
        Pair {
            now: Some(10),
            target: Some(5)
        }
    );
    assert_eq!(r.staple_g.now, Some(400));
    assert_eq!(r.hba1c, Some(7.4));
    assert_eq!(
        r.foot_pulse,
        Some(FootPulse {
            pulse: Pulse::Weakened,
            side: Some(Side::Left)
        })
    );
    assert_eq!(r.salt_target, Some(Salt::Light));
    assert_eq!(r.hypoglycaemia, Some(Hypoglycaemia::Occasional));
    let lines = read.regimen_lines(9).unwrap();
    assert_eq!(
        regimen_text(
            regimen_on(&lines, d("2026-11-18")).iter().map(|l| &l.drug),
            true
        ),
        "氨氯地平 1次/日 5mg；二甲双胍 2次/日 500mg"
    );
    let rows: i64 = value(
        &read,
        "SELECT count(*) FROM visit WHERE visit_date = '2026-11-19'",
    );
    assert_eq!(rows, 0, "the rows with a bad cell are not written");
    drop(read);

    // a yearly check after the medicines began: a visit that records no
    // regimen, so its export carries none (it was refused on the way back)
    {
        let mut w = Db::open(&db, OpenMode::MustExist).unwrap();
        w.operator = "测试员".into();
        w.record_visit(
            &gridcare::db::NewVisit::completed(
                VisitKind::YearlyCheck,
                Subject::Resident(9),
                VisitMode::Clinic,
                d("2026-11-19"),
            ),
            fixture_today(),
        )
        .unwrap();
    }
    // out with the same headers and words, and in again elsewhere
    let out_file = dir.path().join("出.csv");
    let (code, _, err) =
        common::gridcare_on(&db, &["export", "visits", "-o", out_file.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(&out_file).unwrap();
    let head = text.lines().next().unwrap();
    for h in [
        "症状",
        "目标体重",
        "日吸烟量",
        "足背动脉搏动",
        "糖化血红蛋白",
        "用药情况",
        "转诊科别",
    ] {
        assert!(head.contains(h), "{h} in {head}");
    }
    let row = text
        .lines()
        .find(|l| l.contains("欧阳春花,2026-11-18"))
        .unwrap();
    for w in [
        "头痛头晕、多饮",
        "左侧减弱",
        "偶尔",
        "良好",
        "一般",
        "氨氯地平 1次/日 5mg；二甲双胍 2次/日 500mg",
    ] {
        assert!(row.contains(w), "{w} in {row}");
    }
    let empty = dir.path().join("empty.db");
    assert_eq!(
        common::gridcare_run(&["--db", empty.to_str().unwrap(), "init"]).0,
        0
    );
    for kind in ["households", "residents", "conditions"] {
        let f = dir.path().join(format!("{kind}.csv"));
        let fs = f.to_str().unwrap();
        assert_eq!(common::gridcare_on(&db, &["export", kind, "-o", fs]).0, 0);
        let (code, out, err) = common::gridcare_on(
            &empty,
            &[
                "--township",
                "三角乡",
                "import",
                "--yes",
                kind,
                fs,
                "--create-places",
            ],
        );
        assert_eq!(code, 0, "{kind}: {out}{err}");
    }
    let (code, out, err) = common::gridcare_on(
        &empty,
        &[
            "--township",
            "三角乡",
            "import",
            "--yes",
            "visits",
            out_file.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    let back = Db::open(&empty, OpenMode::MustExist).unwrap();
    let id: i64 = value(
        &back,
        "SELECT v.id FROM visit v JOIN resident r ON r.id = v.resident_id
         WHERE r.id_number = '360425196212310923' AND v.visit_date = '2026-11-18'",
    );
    let again = back.followup_record(id).unwrap();
    assert_eq!(again, r, "the record survives export and import");
}

/// The demo has medicines and full records (issue 27, done-when): every
/// managed hypertensive or diabetic patient seen has a regimen of common
/// drugs at doses within their labels' ranges, some had a dose raised after
/// an uncontrolled visit, measured follow-ups carry the form's other
/// fields, and diabetics have an HbA1c in the year.
#[test]
fn the_demo_has_medicines_and_full_records() {
    let db = common::demo_db(400);
    let as_of = gridcare::demo::demo_date();
    let patients: Vec<i64> = {
        let mut st = db
            .conn()
            .prepare(
                "SELECT DISTINCT v.resident_id FROM visit v
                 JOIN chronic_condition c ON c.resident_id = v.resident_id
                   AND c.condition IN ('hypertension', 'diabetes') AND c.managed_until IS NULL
                 WHERE v.kind IN ('followup', 'recheck') AND v.outcome = 'completed'",
            )
            .unwrap();
        st.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    assert!(patients.len() > 30, "{}", patients.len());
    let mut raised = 0;
    for p in &patients {
        let lines = db.regimen_lines(*p).unwrap();
        let now: Vec<Drug> = regimen_on(&lines, as_of)
            .iter()
            .map(|l| l.drug.clone())
            .collect();
        assert!(!now.is_empty(), "patient {p} has no medicines");
        assert_eq!(validate_regimen(&now), vec![], "patient {p}: {now:?}");
        raised += lines.iter().filter(|l| l.until.is_some()).count();
    }
    assert!(raised > 0, "some doses were raised");
    let with_record: i64 = value(&db, "SELECT count(*) FROM followup_record");
    let measured: i64 = value(
        &db,
        "SELECT count(*) FROM visit WHERE kind IN ('followup', 'recheck')
         AND outcome = 'completed' AND mode <> 'phone'",
    );
    assert_eq!(
        with_record, measured,
        "every measured follow-up has its record"
    );
    let diabetics_without_hba1c: i64 = value(
        &db,
        "SELECT count(DISTINCT v.resident_id) FROM visit v
         JOIN chronic_condition c ON c.resident_id = v.resident_id AND c.condition = 'diabetes'
           AND c.managed_until IS NULL AND c.managed_from <= v.visit_date
         WHERE v.mode <> 'phone' AND v.outcome = 'completed' AND v.kind IN ('followup', 'recheck')
           AND NOT EXISTS (SELECT 1 FROM visit w JOIN followup_record f ON f.visit_id = w.id
                           WHERE w.resident_id = v.resident_id AND f.hba1c IS NOT NULL)",
    );
    assert_eq!(diabetics_without_hba1c, 0);
    // each stored record is one the domain accepts
    let ids: Vec<(i64, i64, String)> = {
        let mut st = db
            .conn()
            .prepare(
                "SELECT f.visit_id, v.resident_id, v.visit_date FROM followup_record f
                 JOIN visit v ON v.id = f.visit_id",
            )
            .unwrap();
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    for (visit, resident, date) in ids {
        let day = d(&date);
        let managed: Vec<Condition> = db
            .conditions_of(resident)
            .unwrap()
            .iter()
            .filter(|c| c.managed_on(day))
            .map(|c| c.condition)
            .collect();
        let r = db.followup_record(visit).unwrap();
        assert_eq!(validate(&r, day, &managed), vec![], "visit {visit}: {r:?}");
    }
}

/// `gridcare print --form` (issue 27 item 6): a patient's forms of a year
/// from the command line, both forms for both conditions; a resident with
/// neither condition, an unknown ID number and a bad combination are
/// refused in one line and write nothing.
#[test]
fn print_form_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::fixture_file(dir.path());
    {
        let mut w = Db::open(&db, OpenMode::MustExist).unwrap();
        w.operator = "测试员".into();
        let aml = drug("氨氯地平", 1, 5.0, DoseUnit::Mg);
        w.record_visit(
            &visit_of(9, "2026-08-10", full_record(), Some(vec![aml])),
            fixture_today(),
        )
        .unwrap();
    }
    let out = dir.path().join("form.txt");
    let o = out.to_str().unwrap();
    let args = [
        "--lang",
        "zh",
        "print",
        "--form",
        "--resident",
        "360425196212310923",
        "--year",
        "2026",
        "--format",
        "txt",
        "-o",
        o,
    ];
    let (code, said, err) = common::gridcare_on(&db, &args);
    assert_eq!(code, 0, "{err}");
    assert!(
        said.contains("已打印 欧阳春花 2026 年的随访记录表"),
        "{said}"
    );
    let text = std::fs::read_to_string(&out).unwrap();
    for w in [
        "高血压患者随访服务记录表",
        "2型糖尿病患者随访服务记录表",
        "360425********0923",
        "132/84",
        "氨氯地平 1次/日 5mg",
        "左侧减弱",
        "7.2%（08-01）",
        "2 头痛头晕",
    ] {
        assert!(text.contains(w), "{w} in\n{text}");
    }
    assert!(!text.contains("360425196212310923"), "the ID is masked");
    let none = dir.path().join("none.txt");
    let n = none.to_str().unwrap();
    for (args, words) in [
        (
            vec![
                "--lang",
                "zh",
                "print",
                "--form",
                "--resident",
                "360425197501200311",
                "-o",
                n,
            ],
            "没有高血压或糖尿病管理",
        ),
        (
            vec![
                "--lang",
                "zh",
                "print",
                "--form",
                "--resident",
                "36042519700101001X",
                "-o",
                n,
            ],
            "没有登记",
        ),
        (
            vec![
                "--lang",
                "zh",
                "print",
                "--form",
                "--resident",
                "360425196212310923",
                "--week",
                "2026-W47",
                "-o",
                n,
            ],
            "",
        ),
    ] {
        let (code, _, err) = common::gridcare_on(&db, &args);
        assert_ne!(code, 0, "{args:?}");
        assert!(err.contains(words), "{args:?}: {err}");
        assert!(!none.exists(), "{args:?} wrote a file");
    }
}
