//! Table-driven tests of the follow-up rules (domain.md §3).

use super::*;
use Classification::{Adverse, Controlled, Uncontrolled};

fn bp(s: i32, d: i32) -> Findings {
    Findings {
        vitals: Vitals {
            sbp: Some(s),
            dbp: Some(d),
            ..Vitals::default()
        },
        ..Findings::default()
    }
}
fn both(s: i32, d: i32, g: f64) -> Findings {
    Findings {
        vitals: Vitals {
            sbp: Some(s),
            dbp: Some(d),
            fpg: Some(g),
            ..Vitals::default()
        },
        ..Findings::default()
    }
}
fn fpg(g: f64) -> Findings {
    Findings {
        vitals: Vitals {
            fpg: Some(g),
            ..Vitals::default()
        },
        ..Findings::default()
    }
}

/// §3 weight/BMI: kg / m², one decimal; nothing without both readings.
#[test]
fn bmi_table() {
    let cases = [
        (Some(70.0), Some(175.0), Some(22.9)),
        (Some(60.0), Some(160.0), Some(23.4)),
        (Some(70.0), None, None),
        (None, Some(175.0), None),
        (Some(70.0), Some(17.5), None), // height in decimetres: out of range
    ];
    for (w, h, want) in cases {
        assert_eq!(bmi(w, h), want, "{w:?} kg {h:?} cm");
    }
}

/// domain.md §3 classification and emergency referral, with the boundaries.
#[test]
fn classification_boundaries() {
    let r = Rules::default();
    let cases: &[(&str, Findings, Classification, ReferralNeed)] = &[
        (
            "SBP 139 controlled",
            bp(139, 80),
            Controlled,
            ReferralNeed::None,
        ),
        (
            "SBP 140 uncontrolled",
            bp(140, 80),
            Uncontrolled,
            ReferralNeed::None,
        ),
        (
            "DBP 89 controlled",
            bp(130, 89),
            Controlled,
            ReferralNeed::None,
        ),
        (
            "DBP 90 uncontrolled",
            bp(130, 90),
            Uncontrolled,
            ReferralNeed::None,
        ),
        (
            "SBP 179 no emergency",
            bp(179, 100),
            Uncontrolled,
            ReferralNeed::None,
        ),
        (
            "SBP 180 emergency",
            bp(180, 100),
            Uncontrolled,
            ReferralNeed::Emergency,
        ),
        (
            "DBP 109 no emergency",
            bp(170, 109),
            Uncontrolled,
            ReferralNeed::None,
        ),
        (
            "DBP 110 emergency",
            bp(170, 110),
            Uncontrolled,
            ReferralNeed::Emergency,
        ),
        (
            "FPG 6.9 controlled",
            fpg(6.9),
            Controlled,
            ReferralNeed::None,
        ),
        (
            "FPG 7.0 uncontrolled",
            fpg(7.0),
            Uncontrolled,
            ReferralNeed::None,
        ),
        (
            "FPG 4.0 no emergency",
            fpg(4.0),
            Controlled,
            ReferralNeed::None,
        ),
        (
            "FPG 3.9 emergency (low)",
            fpg(3.9),
            Controlled,
            ReferralNeed::Emergency,
        ),
        (
            "FPG 16.6 no emergency",
            fpg(16.6),
            Uncontrolled,
            ReferralNeed::None,
        ),
        (
            "FPG 16.7 emergency (high)",
            fpg(16.7),
            Uncontrolled,
            ReferralNeed::Emergency,
        ),
        (
            "adverse reaction",
            Findings {
                adverse_reaction: true,
                ..bp(120, 80)
            },
            Adverse,
            ReferralNeed::None,
        ),
        (
            "adverse, cannot be controlled → refer",
            Findings {
                adverse_reaction: true,
                adverse_uncontrolled: true,
                ..bp(120, 80)
            },
            Adverse,
            ReferralNeed::Refer,
        ),
        (
            "new complication → refer",
            Findings {
                complication: Some(Complication::New),
                ..bp(120, 80)
            },
            Classification::Complication,
            ReferralNeed::Refer,
        ),
        (
            "worse complication → refer",
            Findings {
                complication: Some(Complication::Worse),
                ..bp(150, 80)
            },
            Classification::Complication,
            ReferralNeed::Refer,
        ),
        (
            "no complication",
            Findings {
                complication: Some(Complication::None),
                ..bp(120, 80)
            },
            Controlled,
            ReferralNeed::None,
        ),
        (
            "chest pain → emergency",
            Findings {
                emergency_symptoms: true,
                ..bp(120, 80)
            },
            Controlled,
            ReferralNeed::Emergency,
        ),
    ];
    // A patient with both conditions needs both readings; each case gives the
    // one the other condition would miss, so classify as a patient whose
    // conditions need exactly what the case measured.
    for (name, f, class, refer) in cases {
        let needs = Needs {
            bp: f.vitals.sbp.is_some(),
            fpg: f.vitals.fpg.is_some(),
        };
        let a = classify(f, needs, false, &r);
        assert_eq!(
            (a.classification, a.referral),
            (Some(*class), *refer),
            "{name}"
        );
    }
}

const HYPERTENSION: Needs = Needs {
    bp: true,
    fpg: false,
};
const DIABETES: Needs = Needs {
    bp: false,
    fpg: true,
};
const BOTH: Needs = Needs {
    bp: true,
    fpg: true,
};
const NEITHER: Needs = Needs {
    bp: false,
    fpg: false,
};

/// §3 "which readings count" [ours]: BP classifies hypertension, FPG
/// diabetes, emergency cut-offs anyone measured; a follow-up without the
/// reading its condition needs classifies nothing (issue 8, item 5).
#[test]
fn readings_decide() {
    let r = Rules::default();
    let adverse = Findings {
        adverse_reaction: true,
        ..Findings::default()
    };
    let cases: &[(&str, Needs, Findings, Option<Classification>, ReferralNeed)] = &[
        (
            "hypertension, no BP",
            HYPERTENSION,
            Findings::default(),
            None,
            ReferralNeed::None,
        ),
        (
            "hypertension, FPG 8.0 only",
            HYPERTENSION,
            fpg(8.0),
            None,
            ReferralNeed::None,
        ),
        (
            "hypertension, BP 150/95",
            HYPERTENSION,
            bp(150, 95),
            Some(Uncontrolled),
            ReferralNeed::None,
        ),
        (
            "hypertension, BP fine, FPG 8.0",
            HYPERTENSION,
            both(130, 80, 8.0),
            Some(Controlled),
            ReferralNeed::None,
        ),
        (
            "diabetes, no FPG",
            DIABETES,
            Findings::default(),
            None,
            ReferralNeed::None,
        ),
        (
            "diabetes, BP 150/95 only",
            DIABETES,
            bp(150, 95),
            None,
            ReferralNeed::None,
        ),
        (
            "diabetes, FPG 6.0 with BP 150/95",
            DIABETES,
            both(150, 95, 6.0),
            Some(Controlled),
            ReferralNeed::None,
        ),
        // §3 [ours], last paragraph of "The follow-up record": classified
        // by the readings it has for any of the conditions
        (
            "both, BP fine, no FPG",
            BOTH,
            bp(120, 80),
            Some(Controlled),
            ReferralNeed::None,
        ),
        (
            "both, BP high, no FPG",
            BOTH,
            bp(150, 95),
            Some(Uncontrolled),
            ReferralNeed::None,
        ),
        (
            "both, both fine",
            BOTH,
            both(120, 80, 6.0),
            Some(Controlled),
            ReferralNeed::None,
        ),
        (
            "hypertension, FPG 3.5 (emergency for anyone measured)",
            HYPERTENSION,
            fpg(3.5),
            None,
            ReferralNeed::Emergency,
        ),
        (
            "diabetes, BP 185/100 (emergency for anyone measured)",
            DIABETES,
            bp(185, 100),
            None,
            ReferralNeed::Emergency,
        ),
        (
            "hypertension, adverse reaction, no BP",
            HYPERTENSION,
            adverse,
            Some(Adverse),
            ReferralNeed::None,
        ),
        (
            "other chronic, phone call",
            NEITHER,
            Findings::default(),
            Some(Controlled),
            ReferralNeed::None,
        ),
        (
            "other chronic, BP 150/95",
            NEITHER,
            bp(150, 95),
            Some(Uncontrolled),
            ReferralNeed::None,
        ),
    ];
    for (name, needs, f, class, refer) in cases {
        let a = classify(f, *needs, false, &r);
        assert_eq!((a.classification, a.referral), (*class, *refer), "{name}");
        assert_eq!(
            a.classifies(),
            class.is_some() || *refer != ReferralNeed::None,
            "{name}"
        );
    }
}

/// domain.md §3 [ours], last paragraph of "The follow-up record" (issue 25
/// item 5): a follow-up of a patient with both conditions is classified by
/// the readings it has for any of them; only when none is present does it
/// classify nothing; a reading missing for one condition is named.
#[test]
fn both_conditions_classify_by_the_readings_present() {
    use Reading::{Bp, Fpg};
    let r = Rules::default();
    // (what, needs, findings, classification, missing readings)
    type Case<'a> = (
        &'a str,
        Needs,
        Findings,
        Option<Classification>,
        &'a [Reading],
    );
    let cases: &[Case] = &[
        (
            "both, 132/84 only",
            BOTH,
            bp(132, 84),
            Some(Controlled),
            &[Fpg],
        ),
        (
            "both, 150/95 only",
            BOTH,
            bp(150, 95),
            Some(Uncontrolled),
            &[Fpg],
        ),
        (
            "both, FPG 6.1 only",
            BOTH,
            fpg(6.1),
            Some(Controlled),
            &[Bp],
        ),
        (
            "both, FPG 8.2 only",
            BOTH,
            fpg(8.2),
            Some(Uncontrolled),
            &[Bp],
        ),
        (
            "both, all fine",
            BOTH,
            both(132, 84, 6.1),
            Some(Controlled),
            &[],
        ),
        (
            "both, FPG high",
            BOTH,
            both(132, 84, 8.2),
            Some(Uncontrolled),
            &[],
        ),
        ("both, nothing", BOTH, Findings::default(), None, &[Bp, Fpg]),
        ("hypertension, no BP", HYPERTENSION, fpg(6.1), None, &[Bp]),
        (
            "hypertension, 132/84",
            HYPERTENSION,
            bp(132, 84),
            Some(Controlled),
            &[],
        ),
        ("diabetes, no FPG", DIABETES, bp(132, 84), None, &[Fpg]),
        (
            "other chronic, nothing",
            NEITHER,
            Findings::default(),
            Some(Controlled),
            &[],
        ),
    ];
    for (what, needs, f, class, missing) in cases {
        let a = classify(f, *needs, false, &r);
        assert_eq!(a.classification, *class, "{what}");
        assert_eq!(a.missing, *missing, "{what}");
    }
}

/// §3: two consecutive uncontrolled follow-ups → refer, whatever else the
/// second (or the first) records; a follow-up that classifies nothing does
/// not break the run, a controlled one does (issue 8, item 4).
#[test]
fn consecutive_uncontrolled() {
    use crate::domain::model::{Subject, VisitKind};
    let r = Rules::default();
    let with = |f: Findings, adverse: bool, complication: bool| Findings {
        adverse_reaction: adverse,
        complication: complication.then_some(Complication::New),
        ..f
    };
    let none = Findings::default();
    let cases: &[(&str, &[Findings], ReferralNeed, bool)] = &[
        (
            "one uncontrolled",
            &[bp(150, 95)],
            ReferralNeed::None,
            false,
        ),
        (
            "two uncontrolled",
            &[bp(150, 95), bp(150, 95)],
            ReferralNeed::Refer,
            true,
        ),
        (
            "then adverse with uncontrolled readings",
            &[bp(150, 95), with(bp(150, 95), true, false)],
            ReferralNeed::Refer,
            true,
        ),
        (
            "adverse with uncontrolled readings first",
            &[with(bp(150, 95), true, false), bp(150, 95)],
            ReferralNeed::Refer,
            true,
        ),
        (
            "complication with uncontrolled readings first",
            &[with(bp(150, 95), false, true), bp(150, 95)],
            ReferralNeed::Refer,
            true,
        ),
        (
            "adverse with good readings between",
            &[bp(150, 95), with(bp(120, 80), true, false), bp(150, 95)],
            ReferralNeed::None,
            false,
        ),
        (
            "a call without readings between",
            &[bp(150, 95), none, bp(150, 95)],
            ReferralNeed::Refer,
            true,
        ),
        (
            "controlled between",
            &[bp(150, 95), bp(120, 80), bp(150, 95)],
            ReferralNeed::None,
            false,
        ),
    ];
    for (name, series, refer, two) in cases {
        let visits: Vec<VisitRecord> = series
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let mut v = VisitRecord::completed(
                    i as i64 + 1,
                    VisitKind::Followup,
                    Subject::Resident(1),
                    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Days::new(i as u64 * 14),
                );
                v.findings = *f;
                v
            })
            .collect();
        let refs: Vec<&VisitRecord> = visits.iter().rev().collect();
        let got = assess_series(&refs, |_| HYPERTENSION, &r);
        let last = &got.last().unwrap().assessment;
        assert_eq!(last.referral, *refer, "{name}");
        assert_eq!(
            last.findings.contains(&Finding::TwoUncontrolled),
            *two,
            "{name}"
        );
    }
}

/// §3: each uncontrolled or adverse follow-up asks for a 2-week re-check;
/// controlled, complication (referred) and "nothing classified" do not.
#[test]
fn recheck_rule() {
    let r = Rules::default();
    let cases: &[(&str, Findings, bool)] = &[
        ("uncontrolled", bp(150, 80), true),
        (
            "adverse",
            Findings {
                adverse_reaction: true,
                ..bp(120, 80)
            },
            true,
        ),
        ("controlled", bp(120, 80), false),
        (
            "complication",
            Findings {
                complication: Some(Complication::New),
                ..bp(120, 80)
            },
            false,
        ),
        ("no reading", Findings::default(), false),
    ];
    for (name, f, want) in cases {
        assert_eq!(
            classify(f, HYPERTENSION, false, &r).needs_recheck(),
            *want,
            "{name}"
        );
    }
}

/// §3 plausible ranges [ours], inclusive at both ends.
#[test]
fn plausible_ranges() {
    let ok = |v: Vitals| validate(&v).is_ok();
    let v = Vitals::default;
    let cases: &[(&str, Vitals, bool)] = &[
        ("nothing typed", v(), true),
        (
            "SBP 60/30",
            Vitals {
                sbp: Some(60),
                dbp: Some(30),
                ..v()
            },
            true,
        ),
        (
            "SBP 59",
            Vitals {
                sbp: Some(59),
                dbp: Some(40),
                ..v()
            },
            false,
        ),
        (
            "SBP 300",
            Vitals {
                sbp: Some(300),
                dbp: Some(120),
                ..v()
            },
            true,
        ),
        (
            "SBP 301",
            Vitals {
                sbp: Some(301),
                dbp: Some(120),
                ..v()
            },
            false,
        ),
        (
            "DBP 29",
            Vitals {
                sbp: Some(100),
                dbp: Some(29),
                ..v()
            },
            false,
        ),
        (
            "DBP 201",
            Vitals {
                sbp: Some(250),
                dbp: Some(201),
                ..v()
            },
            false,
        ),
        (
            "SBP = DBP",
            Vitals {
                sbp: Some(100),
                dbp: Some(100),
                ..v()
            },
            false,
        ),
        (
            "SBP < DBP",
            Vitals {
                sbp: Some(80),
                dbp: Some(120),
                ..v()
            },
            false,
        ),
        (
            "SBP alone",
            Vitals {
                sbp: Some(120),
                ..v()
            },
            false,
        ),
        (
            "HR 20",
            Vitals {
                heart_rate: Some(20),
                ..v()
            },
            true,
        ),
        (
            "HR 251",
            Vitals {
                heart_rate: Some(251),
                ..v()
            },
            false,
        ),
        (
            "FPG 0.9",
            Vitals {
                fpg: Some(0.9),
                ..v()
            },
            false,
        ),
        (
            "FPG 35.0",
            Vitals {
                fpg: Some(35.0),
                ..v()
            },
            true,
        ),
        (
            "weight 1.9",
            Vitals {
                weight_kg: Some(1.9),
                ..v()
            },
            false,
        ),
        (
            "height 251",
            Vitals {
                height_cm: Some(251.0),
                ..v()
            },
            false,
        ),
    ];
    for (name, vit, want) in cases {
        assert_eq!(ok(*vit), *want, "{name}");
    }
    let e = validate(&Vitals {
        sbp: Some(80),
        dbp: Some(120),
        ..v()
    })
    .unwrap_err();
    assert_eq!(e[0].field, "dbp");
    assert!(e[0].message.contains("swapped"), "{}", e[0].message);
}
