//! Classification of a clinical follow-up (domain.md §3).

use super::model::{
    Classification, Complication, Condition, Outcome, ReferralNeed, Resident, VisitRecord,
};
use super::rules::Rules;
use crate::domain::refusal::VitalProblem;
use chrono::NaiveDate;

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

/// How the patient lives, as a follow-up records it (§3): smoking,
/// drinking, exercise and salt intake. Every field may be left empty.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Lifestyle {
    pub smoking: Option<bool>,
    pub drinking: Option<bool>,
    /// Minutes of exercise a week.
    pub exercise_min_week: Option<i32>,
    pub salt: Option<super::model::Salt>,
}

impl Lifestyle {
    pub fn is_empty(&self) -> bool {
        *self == Lifestyle::default()
    }
}

/// Body-mass index from weight and height (§3 "weight/BMI"), to one decimal
/// as the form shows it; `None` unless both are within their plausible ranges.
pub fn bmi(weight_kg: Option<f64>, height_cm: Option<f64>) -> Option<f64> {
    let (w, h) = (weight_kg?, height_cm?);
    let ok = |v: f64, (lo, hi): (f64, f64)| lo <= v && v <= hi;
    if !ok(w, WEIGHT_RANGE) || !ok(h, HEIGHT_RANGE) {
        return None;
    }
    let m = h / 100.0;
    Some((w / (m * m) * 10.0).round() / 10.0)
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
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct VitalError {
    pub field: &'static str,
    pub message: String,
    /// The same, for the message catalogue of both languages.
    pub problem: VitalProblem,
}

impl VitalError {
    fn new(field: &'static str, problem: VitalProblem) -> VitalError {
        VitalError {
            field,
            message: problem.en(),
            problem,
        }
    }
}

/// Plausible ranges (domain.md §3 [ours]); outside them a value is a typing error.
pub const SBP_RANGE: (i32, i32) = (60, 300);
pub const DBP_RANGE: (i32, i32) = (30, 200);
pub const HEART_RATE_RANGE: (i32, i32) = (20, 250);
pub const FPG_RANGE: (f64, f64) = (1.0, 35.0);
pub const WEIGHT_RANGE: (f64, f64) = (2.0, 300.0);
pub const HEIGHT_RANGE: (f64, f64) = (40.0, 250.0);
/// Minutes of exercise a week: none up to every minute of the week (schema.sql).
pub const EXERCISE_RANGE: (i32, i32) = (0, 10080);

fn range<T: PartialOrd + std::fmt::Display + Copy>(
    field: &'static str,
    unit: &'static str,
    v: Option<T>,
    (lo, hi): (T, T),
    out: &mut Vec<VitalError>,
) {
    if let Some(v) = v
        && !(lo <= v && v <= hi)
    {
        out.push(VitalError::new(
            field,
            VitalProblem::OutOfRange {
                value: v.to_string(),
                lo: lo.to_string(),
                hi: hi.to_string(),
                unit,
            },
        ));
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
        (Some(s), Some(d)) if s <= d => errs.push(VitalError::new(
            "dbp",
            VitalProblem::SystolicNotAbove { sbp: s, dbp: d },
        )),
        (Some(_), None) => errs.push(VitalError::new("dbp", VitalProblem::MissingDiastolic)),
        (None, Some(_)) => errs.push(VitalError::new("sbp", VitalProblem::MissingSystolic)),
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

/// A reading a condition needs (§3): BP for hypertension, FPG for diabetes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reading {
    Bp,
    Fpg,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Assessment {
    /// `None`: the follow-up lacks the reading its condition needs and found
    /// nothing else, so it counts as a contact but classifies nothing (§3).
    pub classification: Option<Classification>,
    pub referral: ReferralNeed,
    pub findings: Vec<Finding>,
    /// Its readings were uncontrolled, whatever else it recorded: what the
    /// "two consecutive uncontrolled" rule looks at (§3).
    pub readings_uncontrolled: bool,
    /// The readings the patient's conditions need that this follow-up lacks,
    /// named on the result line ("血糖未测，糖尿病本次不分类", domain.md §3,
    /// last paragraph of "The follow-up record").
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<Reading>,
}

/// Which readings classify a patient (§3 [ours]): the BP cut-offs classify
/// hypertension patients, the FPG cut-offs diabetes patients. A patient with
/// neither (mental disorder, other chronic) is classified by any reading taken.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Needs {
    pub bp: bool,
    pub fpg: bool,
}

impl Needs {
    pub fn of(conditions: impl IntoIterator<Item = Condition>) -> Needs {
        conditions.into_iter().fold(Needs::default(), |n, c| Needs {
            bp: n.bp || c == Condition::Hypertension,
            fpg: n.fpg || c == Condition::Diabetes,
        })
    }
}

/// Classifies a follow-up (§3). `previous_uncontrolled`: the readings of the
/// patient's previous classifying follow-up were uncontrolled.
pub fn classify(
    f: &Findings,
    needs: Needs,
    previous_uncontrolled: bool,
    rules: &Rules,
) -> Assessment {
    let v = &f.vitals;
    let any = !needs.bp && !needs.fpg;
    let mut findings = Vec::new();
    // §3 controlled needs both BP numbers below and FPG below; either over is uncontrolled.
    let bp_high = (needs.bp || any)
        && (v.sbp.is_some_and(|s| s >= rules.sbp_uncontrolled)
            || v.dbp.is_some_and(|d| d >= rules.dbp_uncontrolled));
    let fpg_high = (needs.fpg || any) && v.fpg.is_some_and(|g| g >= rules.fpg_uncontrolled);
    if bp_high {
        findings.push(Finding::BpHigh);
    }
    if fpg_high {
        findings.push(Finding::FpgHigh);
    }
    let readings_uncontrolled = bp_high || fpg_high;
    // domain.md §3 [ours], last paragraph of "The follow-up record": a
    // follow-up is classified by the readings it has for any of the
    // patient's conditions (BP for hypertension, FPG for diabetes); only when
    // none of them is present does it classify nothing. A reading missing for
    // one condition is named.
    let bp_taken = v.sbp.is_some() && v.dbp.is_some();
    let fpg_taken = v.fpg.is_some();
    let readings_complete = any || (needs.bp && bp_taken) || (needs.fpg && fpg_taken);
    let missing: Vec<Reading> = [
        (needs.bp && !bp_taken).then_some(Reading::Bp),
        (needs.fpg && !fpg_taken).then_some(Reading::Fpg),
    ]
    .into_iter()
    .flatten()
    .collect();
    let complication = matches!(
        f.complication,
        Some(Complication::New | Complication::Worse)
    );
    let classification = if complication {
        findings.push(Finding::Complication);
        Some(Classification::Complication)
    } else if f.adverse_reaction || f.adverse_uncontrolled {
        findings.push(Finding::Adverse);
        Some(Classification::Adverse)
    } else if readings_uncontrolled {
        Some(Classification::Uncontrolled)
    } else if readings_complete {
        Some(Classification::Controlled)
    } else {
        None
    };

    // §3 emergency referral, for anyone measured; bounds are inclusive
    // (≥ 180, ≥ 110, ≥ 16.7, ≤ 3.9).
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
    let two_uncontrolled = readings_uncontrolled && previous_uncontrolled;
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
        readings_uncontrolled,
        missing,
    }
}

impl Assessment {
    /// §3: uncontrolled or an adverse reaction → follow up again within 2 weeks.
    pub fn needs_recheck(&self) -> bool {
        matches!(
            self.classification,
            Some(Classification::Uncontrolled | Classification::Adverse)
        )
    }
    /// Whether the follow-up says anything about the patient's state (§3):
    /// one that classifies nothing leaves the colour as it was.
    pub fn classifies(&self) -> bool {
        self.classification.is_some() || self.referral != ReferralNeed::None
    }
}

/// A completed clinical follow-up with its assessment.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessed {
    pub visit_id: i64,
    pub date: NaiveDate,
    pub assessment: Assessment,
}

/// Assesses a patient's completed clinical follow-ups in date order, each
/// against the previous one that classified something (§3). Rows written by
/// the form, the importer or by hand all go through here, so a stored
/// classification is never trusted over the readings. `needs_on` gives the
/// readings the patient's conditions need on a date.
pub fn assess_series(
    visits: &[&VisitRecord],
    needs_on: impl Fn(NaiveDate) -> Needs,
    rules: &Rules,
) -> Vec<Assessed> {
    let mut followups: Vec<&&VisitRecord> = visits
        .iter()
        .filter(|v| v.kind.is_clinical_followup() && v.outcome == Outcome::Completed)
        .collect();
    followups.sort_by_key(|v| (v.date, v.id));
    let mut previous_uncontrolled = false;
    followups
        .into_iter()
        .map(|v| {
            let a = classify(&v.findings, needs_on(v.date), previous_uncontrolled, rules);
            if a.classifies() {
                previous_uncontrolled = a.readings_uncontrolled;
            }
            Assessed {
                visit_id: v.id,
                date: v.date,
                assessment: a,
            }
        })
        .collect()
}

/// The readings a patient's conditions need on `day` (§3); on a day before
/// any management began, those of every condition they have.
pub fn needs_of(r: &Resident, day: NaiveDate) -> Needs {
    if r.managed_conditions(day).next().is_some() {
        Needs::of(r.managed_conditions(day).map(|c| c.condition))
    } else {
        Needs::of(r.conditions.iter().map(|c| c.condition))
    }
}

/// A patient's completed clinical follow-ups, assessed (see `assess_series`).
pub fn assess_patient(r: &Resident, visits: &[&VisitRecord], rules: &Rules) -> Vec<Assessed> {
    assess_series(visits, |day| needs_of(r, day), rules)
}

/// What a new follow-up dated `new.date` is assessed as, after the patient's
/// recorded ones on or before that date (§3). This is what the form shows
/// while typing and what saving stores.
pub fn assess_new(
    r: &Resident,
    recorded: &[&VisitRecord],
    new: &VisitRecord,
    rules: &Rules,
) -> Assessment {
    let mut all: Vec<&VisitRecord> = recorded
        .iter()
        .copied()
        .filter(|v| v.date <= new.date && v.id != i64::MAX)
        .collect();
    let mut last = new.clone();
    last.id = i64::MAX; // after every recorded follow-up of the same day
    last.outcome = Outcome::Completed;
    all.push(&last);
    assess_patient(r, &all, rules)
        .pop()
        .map(|a| a.assessment)
        .expect("the new follow-up is assessed")
}

#[cfg(test)]
mod tests;
