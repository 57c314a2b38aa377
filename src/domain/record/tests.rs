//! Table-driven tests of the national follow-up record (domain.md §3).

use super::*;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn drug(name: &str, times: i32, amount: f64, unit: DoseUnit) -> Drug {
    Drug {
        name: name.into(),
        times_a_day: times,
        amount,
        unit,
        insulin_kind: None,
    }
}

/// Each amount's range (issue 27 item 1): the last value inside passes,
/// the first outside is refused naming the field, in both languages.
#[test]
fn every_amount_has_its_range() {
    type Set = fn(&mut Record, f64);
    let table: &[(&str, Set, f64, f64, &str)] = &[
        (
            "cigarettes",
            |r, v| r.cigarettes.now = Some(v as i32),
            100.0,
            101.0,
            "日吸烟量",
        ),
        (
            "cigarettes_target",
            |r, v| r.cigarettes.target = Some(v as i32),
            0.0,
            -1.0,
            "目标日吸烟量",
        ),
        (
            "alcohol_liang",
            |r, v| r.alcohol_liang.now = Some(v),
            20.0,
            20.5,
            "日饮酒量",
        ),
        (
            "alcohol_target",
            |r, v| r.alcohol_liang.target = Some(v),
            0.0,
            -0.5,
            "目标日饮酒量",
        ),
        (
            "exercise_times",
            |r, v| r.exercise_times.now = Some(v as i32),
            14.0,
            15.0,
            "每周运动次数",
        ),
        (
            "exercise_minutes",
            |r, v| r.exercise_minutes.now = Some(v as i32),
            300.0,
            301.0,
            "每次运动分钟",
        ),
        (
            "exercise_minutes_target",
            |r, v| r.exercise_minutes.target = Some(v as i32),
            300.0,
            400.0,
            "目标每次运动分钟",
        ),
        (
            "staple_g",
            |r, v| r.staple_g.now = Some(v as i32),
            1500.0,
            1501.0,
            "主食",
        ),
        (
            "staple_target",
            |r, v| r.staple_g.target = Some(v as i32),
            0.0,
            -10.0,
            "目标主食",
        ),
        (
            "hba1c",
            |r, v| r.hba1c = Some(v),
            20.0,
            20.1,
            "糖化血红蛋白",
        ),
        ("hba1c", |r, v| r.hba1c = Some(v), 3.0, 2.9, "糖化血红蛋白"),
        (
            "weight_target_kg",
            |r, v| r.weight_target_kg = Some(v),
            300.0,
            301.0,
            "目标体重",
        ),
    ];
    let both = [Condition::Hypertension, Condition::Diabetes];
    for (field, set, inside, outside, zh) in table {
        let mut r = Record::default();
        set(&mut r, *inside);
        assert_eq!(
            validate(&r, d("2026-11-20"), &both),
            vec![],
            "{field} {inside}"
        );
        let mut r = Record::default();
        set(&mut r, *outside);
        let errs = validate(&r, d("2026-11-20"), &both);
        assert_eq!(errs.len(), 1, "{field} {outside}: {errs:?}");
        assert_eq!(errs[0].field, *field);
        let (text_zh, text_en) = (errs[0].text(true), errs[0].text(false));
        assert!(text_zh.starts_with(zh), "{text_zh}");
        assert!(text_en.starts_with(field_name(field).1), "{text_en}");
        assert!(!text_zh.contains("数值"), "{text_zh}");
    }
}

/// Codes and the form's rules: "none" alone, a pulse's side, a test
/// date, text lengths, the diabetes form's fields.
#[test]
fn codes_and_their_rules() {
    let visit = d("2026-11-20");
    let both = [Condition::Hypertension, Condition::Diabetes];
    let htn = [Condition::Hypertension];
    type Make = fn() -> Record;
    let table: &[(&str, Make, &[Condition], Option<&str>)] = &[
        (
            "none alone",
            || Record {
                symptoms: Symptoms {
                    htn: vec![HtnSymptom::None],
                    ..Default::default()
                },
                ..Default::default()
            },
            &htn,
            None,
        ),
        (
            "none and headache",
            || Record {
                symptoms: Symptoms {
                    htn: vec![HtnSymptom::None, HtnSymptom::Headache],
                    ..Default::default()
                },
                ..Default::default()
            },
            &htn,
            Some("symptoms"),
        ),
        (
            "dm none and thirst",
            || Record {
                symptoms: Symptoms {
                    dm: vec![DmSymptom::Thirst, DmSymptom::None],
                    ..Default::default()
                },
                ..Default::default()
            },
            &both,
            Some("symptoms"),
        ),
        (
            "dm symptoms of a hypertensive",
            || Record {
                symptoms: Symptoms {
                    dm: vec![DmSymptom::Thirst],
                    ..Default::default()
                },
                ..Default::default()
            },
            &htn,
            Some("symptoms"),
        ),
        (
            "pulse normal",
            || Record {
                foot_pulse: Some(FootPulse {
                    pulse: Pulse::Normal,
                    side: None,
                }),
                ..Default::default()
            },
            &both,
            None,
        ),
        (
            "pulse weak left",
            || Record {
                foot_pulse: Some(FootPulse {
                    pulse: Pulse::Weakened,
                    side: Some(Side::Left),
                }),
                ..Default::default()
            },
            &both,
            None,
        ),
        (
            "pulse absent no side",
            || Record {
                foot_pulse: Some(FootPulse {
                    pulse: Pulse::Absent,
                    side: None,
                }),
                ..Default::default()
            },
            &both,
            Some("foot_pulse"),
        ),
        (
            "pulse normal with side",
            || Record {
                foot_pulse: Some(FootPulse {
                    pulse: Pulse::Normal,
                    side: Some(Side::Both),
                }),
                ..Default::default()
            },
            &both,
            Some("foot_pulse"),
        ),
        (
            "hba1c dated",
            || Record {
                hba1c: Some(6.8),
                hba1c_on: Some("2026-11-01".parse().unwrap()),
                ..Default::default()
            },
            &both,
            None,
        ),
        (
            "hba1c after visit",
            || Record {
                hba1c: Some(6.8),
                hba1c_on: Some("2026-11-21".parse().unwrap()),
                ..Default::default()
            },
            &both,
            Some("hba1c_on"),
        ),
        (
            "hba1c date only",
            || Record {
                hba1c_on: Some("2026-11-01".parse().unwrap()),
                ..Default::default()
            },
            &both,
            Some("hba1c_on"),
        ),
        (
            "hba1c of a hypertensive",
            || Record {
                hba1c: Some(6.8),
                ..Default::default()
            },
            &htn,
            Some("hba1c"),
        ),
        (
            "staple of a hypertensive",
            || Record {
                staple_g: Pair {
                    now: Some(300),
                    target: None,
                },
                ..Default::default()
            },
            &htn,
            Some("staple_g"),
        ),
        (
            "hypoglycaemia",
            || Record {
                hypoglycaemia: Some(Hypoglycaemia::Occasional),
                ..Default::default()
            },
            &both,
            None,
        ),
        (
            "long other signs",
            || Record {
                other_signs: Some("很".repeat(TEXT_MAX + 1)),
                ..Default::default()
            },
            &both,
            Some("other_signs"),
        ),
        (
            "salt target and grades",
            || Record {
                salt_target: Some(Salt::Light),
                psychology: Some(Grade::Fair),
                compliance: Some(Grade::Good),
                ..Default::default()
            },
            &htn,
            None,
        ),
    ];
    for (what, make, conditions, field) in table {
        let errs = validate(&make(), visit, conditions);
        assert_eq!(errs.first().map(|e| e.field), *field, "{what}: {errs:?}");
        for e in &errs {
            assert!(!e.text(true).is_empty() && !e.text(false).is_empty());
        }
    }
}

/// The form's numbers and the stored codes of every coded field.
#[test]
fn symptom_numbers_and_codes() {
    assert_eq!(HtnSymptom::None.number(), 1);
    assert_eq!(HtnSymptom::Oedema.number(), 9);
    assert_eq!(DmSymptom::WeightLoss.number(), 9);
    for s in HtnSymptom::ALL {
        assert_eq!(HtnSymptom::from_code(s.code()), Some(*s));
    }
    for s in DmSymptom::ALL {
        assert_eq!(DmSymptom::from_code(s.code()), Some(*s));
    }
    assert_eq!(DoseUnit::from_code("U"), Some(DoseUnit::Unit));
}

/// A symptoms cell as the export writes it reads back as it was, for a
/// patient with one condition or both (`无症状、多饮`: none on one form,
/// thirst on the other); a word of neither form is named.
#[test]
fn symptoms_cells_read_back() {
    let both = [Condition::Hypertension, Condition::Diabetes];
    let htn = [Condition::Hypertension];
    let s = |h: &[HtnSymptom], d: &[DmSymptom]| Symptoms {
        htn: h.to_vec(),
        dm: d.to_vec(),
        other: None,
    };
    let table: &[(Symptoms, &[Condition], &str)] = &[
        (s(&[HtnSymptom::None], &[DmSymptom::None]), &both, "无症状"),
        (
            s(&[HtnSymptom::None], &[DmSymptom::Thirst]),
            &both,
            "无症状、多饮",
        ),
        (
            s(&[HtnSymptom::Headache, HtnSymptom::Oedema], &[]),
            &htn,
            "头痛头晕、下肢水肿",
        ),
        (
            s(&[HtnSymptom::Numbness], &[DmSymptom::Numbness]),
            &both,
            "四肢发麻、手脚麻木",
        ),
    ];
    for (symptoms, conditions, text) in table {
        assert_eq!(symptoms_text(symptoms, true), *text);
        assert_eq!(
            parse_symptoms(text, conditions, true).as_ref(),
            Ok(symptoms),
            "{text}"
        );
    }
    assert!(parse_symptoms("多饮", &htn, true).is_err_and(|e| e.contains("多饮")));
}

/// A regimen as written (issue 27 item 7), and what cannot be read.
#[test]
fn regimens_parse() {
    let table: &[(&str, Result<Vec<Drug>, ()>)] = &[
        ("", Ok(vec![])),
        (
            "氨氯地平 1次/日 5mg；二甲双胍 2次/日 500mg",
            Ok(vec![
                drug("氨氯地平", 1, 5.0, DoseUnit::Mg),
                drug("二甲双胍", 2, 500.0, DoseUnit::Mg),
            ]),
        ),
        (
            "卡托普利 每日3次 1片",
            Ok(vec![drug("卡托普利", 3, 1.0, DoseUnit::Tablet)]),
        ),
        (
            "metformin bid 0.5mg",
            Ok(vec![drug("metformin", 2, 0.5, DoseUnit::Mg)]),
        ),
        (
            "门冬胰岛素（速效） 3次/日 8U",
            Ok(vec![Drug {
                insulin_kind: Some("速效".into()),
                ..drug("门冬胰岛素", 3, 8.0, DoseUnit::Unit)
            }]),
        ),
        ("氨氯地平 5mg", Err(())),
        ("氨氯地平 1次/日 五毫克", Err(())),
        ("氨氯地平 1次/日 5kg", Err(())),
    ];
    for (text, want) in table {
        assert_eq!(parse_regimen(text, true).is_ok(), want.is_ok(), "{text}");
        let got = parse_regimen(text, false);
        match want {
            Ok(v) => assert_eq!(got.as_ref(), Ok(v), "{text}"),
            Err(()) => assert!(got.is_err_and(|e| e.contains("e.g.")), "{text}"),
        }
    }
    // written back as read
    let d = drug("氨氯地平", 1, 5.0, DoseUnit::Mg);
    assert_eq!(parse_regimen(&d.text(true), true), Ok(vec![d.clone()]));
}

/// A regimen's checks: names, times, doses, one line per drug.
#[test]
fn regimen_checks() {
    let ok = [drug("氨氯地平", 1, 5.0, DoseUnit::Mg)];
    assert_eq!(validate_regimen(&ok), vec![]);
    let table: &[(Drug, &str)] = &[
        (drug(" ", 1, 5.0, DoseUnit::Mg), "drug"),
        (drug("氨氯地平", 0, 5.0, DoseUnit::Mg), "times_a_day"),
        (drug("氨氯地平", 7, 5.0, DoseUnit::Mg), "times_a_day"),
        (drug("氨氯地平", 1, 0.0, DoseUnit::Mg), "amount"),
        (drug("氨氯地平", 1, 6000.0, DoseUnit::Mg), "amount"),
    ];
    for (d, field) in table {
        let errs = validate_regimen(std::slice::from_ref(d));
        assert_eq!(errs.first().map(|e| e.field), Some(*field), "{d:?}");
    }
    let twice = [ok[0].clone(), drug("氨氯地平", 2, 5.0, DoseUnit::Mg)];
    assert!(matches!(
        validate_regimen(&twice)[0].problem,
        RecordProblem::DrugTwice(_)
    ));
}

/// The regimen's past changes, newest first: a start, a dose change
/// (a line ended and one of the same name begun), a stop.
#[test]
fn regimen_history_lists_each_change() {
    let line = |id, drug: Drug, from: &str, until: Option<&str>| RegimenLine {
        id,
        drug,
        from: d(from),
        until: until.map(d),
        from_visit: None,
        until_visit: None,
    };
    let aml5 = drug("氨氯地平", 1, 5.0, DoseUnit::Mg);
    let aml10 = drug("氨氯地平", 1, 10.0, DoseUnit::Mg);
    let met = drug("二甲双胍", 2, 500.0, DoseUnit::Mg);
    let lines = [
        line(1, aml5.clone(), "2026-02-01", Some("2026-08-10")),
        line(2, met.clone(), "2026-02-01", Some("2026-10-01")),
        line(3, aml10.clone(), "2026-08-10", None),
    ];
    let h = history(&lines);
    let table: &[(&str, Change, &str)] = &[
        (
            "2026-10-01",
            Change::Stop("二甲双胍".into()),
            "停用 二甲双胍",
        ),
        (
            "2026-08-10",
            Change::Dose {
                from: aml5.clone(),
                to: aml10.clone(),
            },
            "改量 氨氯地平 1次/日 5mg → 氨氯地平 1次/日 10mg",
        ),
        (
            "2026-02-01",
            Change::Start(aml5.clone()),
            "新增 氨氯地平 1次/日 5mg",
        ),
        (
            "2026-02-01",
            Change::Start(met.clone()),
            "新增 二甲双胍 2次/日 500mg",
        ),
    ];
    assert_eq!(h.len(), table.len(), "{h:?}");
    for ((day, change), (want_day, want, text)) in h.iter().zip(table) {
        assert_eq!((*day, change), (d(want_day), want));
        assert_eq!(change.text(true), *text);
        assert!(!change.text(false).is_empty());
    }
}

/// The regimen in force on a day, and the changes a visit makes.
#[test]
fn regimen_over_time_and_changes() {
    let line = |id, drug: Drug, from: &str, until: Option<&str>| RegimenLine {
        id,
        drug,
        from: d(from),
        until: until.map(d),
        from_visit: None,
        until_visit: None,
    };
    let aml5 = drug("氨氯地平", 1, 5.0, DoseUnit::Mg);
    let aml10 = drug("氨氯地平", 1, 10.0, DoseUnit::Mg);
    let met = drug("二甲双胍", 2, 500.0, DoseUnit::Mg);
    let lines = [
        line(1, aml5.clone(), "2026-02-01", Some("2026-08-10")),
        line(2, met.clone(), "2026-02-01", None),
        line(3, aml10.clone(), "2026-08-10", None),
    ];
    let names = |day: &str| -> Vec<f64> {
        regimen_on(&lines, d(day))
            .iter()
            .map(|l| l.drug.amount)
            .collect()
    };
    assert_eq!(names("2026-01-31"), Vec::<f64>::new());
    assert_eq!(
        names("2026-08-09"),
        vec![5.0, 500.0],
        "the day before the change"
    );
    assert_eq!(
        names("2026-08-10"),
        vec![500.0, 10.0],
        "the day of the change"
    );
    let table: &[(Vec<Drug>, Vec<Drug>, Vec<Change>)] = &[
        (vec![aml5.clone()], vec![aml5.clone()], vec![]),
        (
            vec![aml5.clone()],
            vec![aml10.clone()],
            vec![Change::Dose {
                from: aml5.clone(),
                to: aml10.clone(),
            }],
        ),
        (
            vec![aml5.clone(), met.clone()],
            vec![met.clone()],
            vec![Change::Stop("氨氯地平".into())],
        ),
        (vec![], vec![met.clone()], vec![Change::Start(met.clone())]),
    ];
    for (from, to, want) in table {
        assert_eq!(&changes(from, to), want, "{from:?} -> {to:?}");
    }
}
