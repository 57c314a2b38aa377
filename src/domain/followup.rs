//! Classification of a clinical follow-up (domain.md §3).

use super::model::{Classification, Complication, ReferralNeed};
use super::rules::Rules;

/// Vitals as typed; every field may be missing (a phone follow-up has none).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Vitals {
    pub sbp: Option<i32>,
    pub dbp: Option<i32>,
    pub heart_rate: Option<i32>,
    pub fpg: Option<f64>,
    pub weight_kg: Option<f64>,
    pub height_cm: Option<f64>,
}

/// What a follow-up found, besides vitals.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Findings {
    pub vitals: Vitals,
    pub adverse_reaction: bool,
    /// An adverse reaction that cannot be controlled: refer (§3).
    pub adverse_uncontrolled: bool,
    pub complication: Option<Complication>,
    /// Altered consciousness, severe headache, chest pain and the like (§3).
    pub emergency_symptoms: bool,
}

/// Which vital is wrong and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct VitalError {
    pub field: &'static str,
    pub message: String,
}

/// Plausible ranges (domain.md §3 [ours]); outside them a value is a typing error.
pub const SBP_RANGE: (i32, i32) = (60, 300);
pub const DBP_RANGE: (i32, i32) = (30, 200);
pub const HEART_RATE_RANGE: (i32, i32) = (20, 250);
pub const FPG_RANGE: (f64, f64) = (1.0, 35.0);
pub const WEIGHT_RANGE: (f64, f64) = (2.0, 300.0);
pub const HEIGHT_RANGE: (f64, f64) = (40.0, 250.0);

fn range<T: PartialOrd + std::fmt::Display + Copy>(
    field: &'static str,
    unit: &str,
    v: Option<T>,
    (lo, hi): (T, T),
    out: &mut Vec<VitalError>,
) {
    if let Some(v) = v
        && !(lo <= v && v <= hi)
    {
        out.push(VitalError {
            field,
            message: format!("{v} {unit} is outside {lo}–{hi} {unit}; check the reading"),
        });
    }
}

/// Every problem with the vitals, or none. Checks ranges, SBP > DBP, and that
/// a blood pressure has both numbers.
pub fn validate(v: &Vitals) -> Result<(), Vec<VitalError>> {
    let mut errs = Vec::new();
    range("sbp", "mmHg", v.sbp, SBP_RANGE, &mut errs);
    range("dbp", "mmHg", v.dbp, DBP_RANGE, &mut errs);
    range(
        "heart_rate",
        "bpm",
        v.heart_rate,
        HEART_RATE_RANGE,
        &mut errs,
    );
    range("fpg", "mmol/L", v.fpg, FPG_RANGE, &mut errs);
    range("weight_kg", "kg", v.weight_kg, WEIGHT_RANGE, &mut errs);
    range("height_cm", "cm", v.height_cm, HEIGHT_RANGE, &mut errs);
    match (v.sbp, v.dbp) {
        (Some(s), Some(d)) if s <= d => errs.push(VitalError {
            field: "dbp",
            message: format!("systolic {s} must be above diastolic {d}; were they swapped?"),
        }),
        (Some(_), None) => errs.push(VitalError {
            field: "dbp",
            message: "give the diastolic pressure too".into(),
        }),
        (None, Some(_)) => errs.push(VitalError {
            field: "sbp",
            message: "give the systolic pressure too".into(),
        }),
        _ => {}
    }
    if errs.is_empty() { Ok(()) } else { Err(errs) }
}

/// Why a follow-up was classified and referred as it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Finding {
    BpHigh,
    FpgHigh,
    Adverse,
    AdverseUncontrolled,
    Complication,
    TwoUncontrolled,
    BpEmergency,
    FpgEmergencyHigh,
    FpgEmergencyLow,
    EmergencySymptoms,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Assessment {
    pub classification: Classification,
    pub referral: ReferralNeed,
    pub findings: Vec<Finding>,
}

/// Classifies a follow-up. `previous` is the classification of the patient's
/// previous follow-up, for the "two consecutive uncontrolled" referral rule.
pub fn classify(f: &Findings, previous: Option<Classification>, rules: &Rules) -> Assessment {
    let v = &f.vitals;
    let mut findings = Vec::new();
    // §3 controlled needs both BP numbers below and FPG below; either over is uncontrolled.
    let bp_high = v.sbp.is_some_and(|s| s >= rules.sbp_uncontrolled)
        || v.dbp.is_some_and(|d| d >= rules.dbp_uncontrolled);
    let fpg_high = v.fpg.is_some_and(|g| g >= rules.fpg_uncontrolled);
    if bp_high {
        findings.push(Finding::BpHigh);
    }
    if fpg_high {
        findings.push(Finding::FpgHigh);
    }
    let complication = matches!(
        f.complication,
        Some(Complication::New | Complication::Worse)
    );
    let classification = if complication {
        findings.push(Finding::Complication);
        Classification::Complication
    } else if f.adverse_reaction || f.adverse_uncontrolled {
        findings.push(Finding::Adverse);
        Classification::Adverse
    } else if bp_high || fpg_high {
        Classification::Uncontrolled
    } else {
        Classification::Controlled
    };

    // §3 emergency referral; bounds are inclusive (≥ 180, ≥ 110, ≥ 16.7, ≤ 3.9).
    let mut emergency = false;
    if v.sbp.is_some_and(|s| s >= rules.sbp_emergency)
        || v.dbp.is_some_and(|d| d >= rules.dbp_emergency)
    {
        findings.push(Finding::BpEmergency);
        emergency = true;
    }
    if v.fpg.is_some_and(|g| g >= rules.fpg_emergency_high) {
        findings.push(Finding::FpgEmergencyHigh);
        emergency = true;
    }
    if v.fpg.is_some_and(|g| g <= rules.fpg_emergency_low) {
        findings.push(Finding::FpgEmergencyLow);
        emergency = true;
    }
    if f.emergency_symptoms {
        findings.push(Finding::EmergencySymptoms);
        emergency = true;
    }
    let two_uncontrolled = (bp_high || fpg_high)
        && previous == Some(Classification::Uncontrolled)
        && classification == Classification::Uncontrolled;
    if two_uncontrolled {
        findings.push(Finding::TwoUncontrolled);
    }
    if f.adverse_uncontrolled {
        findings.push(Finding::AdverseUncontrolled);
    }
    let referral = if emergency {
        ReferralNeed::Emergency
    } else if two_uncontrolled || f.adverse_uncontrolled || complication {
        ReferralNeed::Refer
    } else {
        ReferralNeed::None
    };
    Assessment {
        classification,
        referral,
        findings,
    }
}

/// The classification of the latest completed clinical follow-up of
/// `subject` on or before `day`: the "previous" of the two-in-a-row rule (§3).
pub fn previous_classification(
    visits: &[super::model::VisitRecord],
    subject: super::model::Subject,
    day: chrono::NaiveDate,
) -> Option<Classification> {
    visits
        .iter()
        .filter(|v| {
            v.subject == subject
                && v.kind.is_clinical_followup()
                && v.outcome == super::model::Outcome::Completed
                && v.date <= day
        })
        .max_by_key(|v| (v.date, v.id))
        .and_then(|v| v.classification)
}

impl Assessment {
    /// §3: uncontrolled or an adverse reaction → follow up again within 2 weeks.
    pub fn needs_recheck(&self) -> bool {
        matches!(
            self.classification,
            Classification::Uncontrolled | Classification::Adverse
        )
    }
}

#[cfg(test)]
mod tests {
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
    fn fpg(g: f64) -> Findings {
        Findings {
            vitals: Vitals {
                fpg: Some(g),
                ..Vitals::default()
            },
            ..Findings::default()
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
            (
                "phone follow-up without vitals",
                Findings::default(),
                Controlled,
                ReferralNeed::None,
            ),
        ];
        for (name, f, class, refer) in cases {
            let a = classify(f, None, &r);
            assert_eq!((a.classification, a.referral), (*class, *refer), "{name}");
        }
    }

    /// §3: two consecutive uncontrolled follow-ups → refer; one alone does not.
    #[test]
    fn two_consecutive_uncontrolled_refer() {
        let r = Rules::default();
        let cases = [
            (None, bp(150, 80), ReferralNeed::None),
            (Some(Controlled), bp(150, 80), ReferralNeed::None),
            (Some(Adverse), bp(150, 80), ReferralNeed::None),
            (Some(Uncontrolled), bp(150, 80), ReferralNeed::Refer),
            (Some(Uncontrolled), bp(130, 80), ReferralNeed::None),
        ];
        for (prev, f, want) in cases {
            assert_eq!(classify(&f, prev, &r).referral, want, "previous {prev:?}");
        }
    }

    /// §3: the 2-week re-check follows uncontrolled and adverse reactions only.
    #[test]
    fn recheck_rule() {
        let r = Rules::default();
        assert!(classify(&bp(150, 80), None, &r).needs_recheck());
        assert!(
            classify(
                &Findings {
                    adverse_reaction: true,
                    ..bp(120, 80)
                },
                None,
                &r
            )
            .needs_recheck()
        );
        assert!(!classify(&bp(120, 80), None, &r).needs_recheck());
        assert!(
            !classify(
                &Findings {
                    complication: Some(Complication::New),
                    ..bp(120, 80)
                },
                None,
                &r
            )
            .needs_recheck()
        );
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

    /// §3 "two consecutive": the previous is the latest completed clinical follow-up.
    #[test]
    fn previous_classification_table() {
        use crate::domain::model::{Outcome, Subject, VisitKind, VisitRecord};
        let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let v = |id, kind, date: &str, outcome, c| VisitRecord {
            id,
            kind,
            subject: Subject::Resident(1),
            date: d(date),
            outcome,
            call_again_on: None,
            remove_reason: None,
            classification: c,
            referral: ReferralNeed::None,
        };
        let visits = vec![
            v(
                1,
                VisitKind::Followup,
                "2026-10-01",
                Outcome::Completed,
                Some(Uncontrolled),
            ),
            v(
                2,
                VisitKind::Recheck,
                "2026-10-12",
                Outcome::Completed,
                Some(Controlled),
            ),
            v(3, VisitKind::Recheck, "2026-10-20", Outcome::NotHome, None),
            v(
                4,
                VisitKind::YearlyCheck,
                "2026-10-25",
                Outcome::Completed,
                None,
            ),
        ];
        let cases = [
            ("2026-10-05", Some(Uncontrolled)),
            ("2026-10-12", Some(Controlled)),
            ("2026-11-20", Some(Controlled)),
            ("2026-09-01", None),
        ];
        for (day, want) in cases {
            assert_eq!(
                previous_classification(&visits, Subject::Resident(1), d(day)),
                want,
                "{day}"
            );
        }
        assert_eq!(
            previous_classification(&visits, Subject::Resident(2), d("2026-11-20")),
            None
        );
    }
}
