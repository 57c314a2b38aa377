//! The national follow-up record of the demo's patients (domain.md §3): a
//! regimen of common drugs at label doses, and each measured follow-up's
//! other fields, from a generator of its own so the demo's visits, colours
//! and queues do not depend on it.

use super::Gen;
use super::names::Rng;
use crate::db::Result;
use crate::domain::model::*;
use chrono::Days;
use chrono::NaiveDate;
use rusqlite::params;

/// Common antihypertensives (domain.md §3 用药情况): name, times a day, the
/// dose a time in mg, and the raised dose an uncontrolled visit moves to;
/// all within their labels' usual ranges.
const ANTIHYPERTENSIVES: &[(&str, i32, f64, f64)] = &[
    ("氨氯地平", 1, 5.0, 10.0),
    ("硝苯地平控释片", 1, 30.0, 60.0),
    ("厄贝沙坦", 1, 150.0, 300.0),
    ("缬沙坦", 1, 80.0, 160.0),
    ("依那普利", 2, 5.0, 10.0),
    ("氢氯噻嗪", 1, 12.5, 25.0),
    ("美托洛尔", 2, 25.0, 50.0),
    ("吲达帕胺", 1, 1.5, 2.5),
];
/// Oral antidiabetics, the same way.
const ANTIDIABETICS: &[(&str, i32, f64, f64)] = &[
    ("二甲双胍", 2, 500.0, 1000.0),
    ("格列美脲", 1, 1.0, 2.0),
    ("阿卡波糖", 3, 50.0, 100.0),
    ("西格列汀", 1, 100.0, 100.0),
    ("格列齐德缓释片", 1, 30.0, 60.0),
];
/// Insulins: name, kind, times a day, units a time.
const INSULINS: &[(&str, &str, i32, f64)] = &[
    ("门冬胰岛素30", "预混", 2, 12.0),
    ("甘精胰岛素", "长效", 1, 10.0),
];

/// One patient's national forms and medicines in the demo (issue 27): a
/// regimen started at the first follow-up and raised or widened after an
/// uncontrolled one, and each measured visit's symptoms, lifestyle now and
/// target, staple food, foot pulse, HbA1c twice a year, psychology and
/// following advice.
/// A drug as the demo starts it: name, times a day, dose, raised dose,
/// unit code, insulin kind.
type DemoDrug = (
    &'static str,
    i32,
    f64,
    f64,
    &'static str,
    Option<&'static str>,
);

pub(super) struct FormGen {
    rng: Rng,
    htn: bool,
    dm: bool,
    smoker: Option<i32>,
    drinker: Option<f64>,
    exercise: (i32, i32),
    /// The regimen in force: each drug with its medication row.
    regimen: Vec<(i64, DemoDrug)>,
    last_hba1c: Option<NaiveDate>,
    /// The patient's height (cm), and whether it was measured yet.
    height: f64,
    measured: bool,
}

impl FormGen {
    pub(super) fn new(seed: u64, resident: i64, htn: bool, dm: bool) -> FormGen {
        let mut rng = Rng::new(seed ^ (resident as u64).wrapping_mul(0xD6E8_FEB8_6659_FD93));
        let rng_height = rng.range(0, 28);
        let smoker = rng.chance(0.22).then(|| rng.range(5, 21) as i32);
        let drinker = rng.chance(0.15).then(|| rng.range(1, 5) as f64 / 2.0);
        let exercise = if rng.chance(0.3) {
            (0, 0)
        } else {
            (rng.range(2, 8) as i32, 10 * rng.range(2, 7) as i32)
        };
        FormGen {
            rng,
            htn,
            dm,
            smoker,
            drinker,
            exercise,
            regimen: Vec::new(),
            last_hba1c: None,
            height: 150.0 + rng_height as f64,
            measured: false,
        }
    }

    fn start(
        &mut self,
        g: &Gen,
        resident: i64,
        visit: i64,
        day: NaiveDate,
        drug: DemoDrug,
    ) -> Result<()> {
        let (name, times, dose, _, unit, kind) = drug;
        let id = g.exec(
            "INSERT INTO medication (resident_id, drug, times_a_day, amount, unit, insulin_kind, from_date, from_visit)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![resident, name, times, dose, unit, kind, day, visit],
        )?;
        self.regimen.push((id, drug));
        Ok(())
    }

    /// The first follow-up starts a regimen; an uncontrolled one raises a
    /// dose (the old line ends, a new one starts) or adds a drug.
    pub(super) fn medicines(
        &mut self,
        g: &Gen,
        resident: i64,
        visit: i64,
        day: NaiveDate,
        classification: Option<Classification>,
    ) -> Result<()> {
        // the next visit agreed: two weeks after an uncontrolled one, else a quarter
        let next = if classification == Some(Classification::Uncontrolled) {
            14
        } else {
            90
        };
        g.exec(
            "UPDATE visit SET next_visit_on = ?2 WHERE id = ?1",
            params![visit, day + Days::new(next)],
        )?;
        if self.regimen.is_empty() {
            if self.htn {
                let d = *self.rng.pick(ANTIHYPERTENSIVES);
                self.start(g, resident, visit, day, (d.0, d.1, d.2, d.3, "mg", None))?;
            }
            if self.dm {
                if self.rng.chance(0.1) {
                    let i = *self.rng.pick(INSULINS);
                    self.start(
                        g,
                        resident,
                        visit,
                        day,
                        (i.0, i.2, i.3, i.3 + 4.0, "U", Some(i.1)),
                    )?;
                } else {
                    let d = *self.rng.pick(ANTIDIABETICS);
                    self.start(g, resident, visit, day, (d.0, d.1, d.2, d.3, "mg", None))?;
                }
            }
            return Ok(());
        }
        if classification != Some(Classification::Uncontrolled) || !self.rng.chance(0.5) {
            return Ok(());
        }
        // raise the first drug not at its raised dose, else add one
        if let Some(i) = self.regimen.iter().position(|r| r.1.2 < r.1.3) {
            let (id, (name, times, _, raised, unit, kind)) = self.regimen.remove(i);
            g.exec(
                "UPDATE medication SET until_date = ?2, until_visit = ?3 WHERE id = ?1",
                params![id, day, visit],
            )?;
            self.start(
                g,
                resident,
                visit,
                day,
                (name, times, raised, raised, unit, kind),
            )?;
        } else if self.regimen.len() < 3 {
            let pool = if self.htn {
                ANTIHYPERTENSIVES
            } else {
                ANTIDIABETICS
            };
            let d = *self.rng.pick(pool);
            if !self.regimen.iter().any(|r| r.1.0 == d.0) {
                self.start(g, resident, visit, day, (d.0, d.1, d.2, d.3, "mg", None))?;
            }
        }
        Ok(())
    }

    /// A measured visit's other fields of the form.
    pub(super) fn record(
        &mut self,
        g: &Gen,
        visit: i64,
        day: NaiveDate,
        weight: Option<f64>,
        (htn, dm): (bool, bool),
    ) -> Result<()> {
        let r = &mut self.rng;
        let htn_symptom = if r.chance(0.8) {
            "none"
        } else {
            *r.pick(&[
                "headache",
                "vision_tinnitus",
                "palpitation",
                "numbness",
                "oedema",
            ])
        };
        let dm_symptom = if r.chance(0.8) {
            "none"
        } else {
            *r.pick(&["thirst", "hunger", "polyuria", "vision", "numbness"])
        };
        for (on, condition, code) in [
            (htn, "hypertension", htn_symptom),
            (dm, "diabetes", dm_symptom),
        ] {
            if on {
                g.exec(
                    "INSERT INTO visit_symptom (visit_id, condition, code) VALUES (?1, ?2, ?3)",
                    params![visit, condition, code],
                )?;
            }
        }
        let target = weight.map(|w| (w - if w > 65.0 { 2.0 } else { 0.0 }).round());
        let (times, minutes) = self.exercise;
        let salt = *r.weighted(&[("light", 3u32), ("medium", 5), ("heavy", 2)]);
        let grade = |r: &mut Rng| *r.weighted(&[("good", 7u32), ("fair", 2), ("poor", 1)]);
        let (psychology, compliance) = (grade(r), grade(r));
        let staple = dm.then(|| 50 * r.range(5, 9) as i32);
        let hba1c_due = dm
            && self
                .last_hba1c
                .is_none_or(|d| day - d >= chrono::Duration::days(150));
        let hba1c = hba1c_due.then(|| (r.around(7.2, 0.9, 5.4, 11.0) * 10.0).round() / 10.0);
        if hba1c.is_some() {
            self.last_hba1c = Some(day);
        }
        let pulse = dm.then(|| {
            if r.chance(0.9) {
                ("normal", None)
            } else {
                ("weakened", Some("both"))
            }
        });
        let hypo = dm.then(|| *r.weighted(&[("none", 9u32), ("occasional", 1)]));
        g.exec(
            "INSERT INTO followup_record (visit_id, weight_target_kg, foot_pulse, foot_pulse_side,
                cigarettes, cigarettes_target, alcohol_liang, alcohol_target, exercise_times,
                exercise_times_target, exercise_minutes, exercise_minutes_target, salt_target,
                staple_g, staple_target, psychology, compliance, hba1c, hba1c_on, hypoglycaemia)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 'light', ?13, ?14, ?15, ?16,
                ?17, ?18, ?19)",
            params![
                visit,
                target,
                pulse.map(|p| p.0),
                pulse.and_then(|p| p.1),
                self.smoker,
                self.smoker.map(|n| n / 2),
                self.drinker,
                self.drinker.map(|a| (a / 2.0).max(0.5)),
                times,
                times.max(5),
                minutes,
                minutes.max(30),
                staple,
                staple.map(|s| s.min(300)),
                psychology,
                compliance,
                hba1c,
                hba1c.map(|_| day),
                hypo,
            ],
        )?;
        // the height is measured once, at the first measured visit (BMI)
        let height = (!self.measured).then_some(self.height);
        self.measured = true;
        g.exec(
            "UPDATE visit SET smoking = ?2, drinking = ?3, exercise_min_week = ?4, salt = ?5,
                height_cm = coalesce(?6, height_cm) WHERE id = ?1",
            params![
                visit,
                self.smoker.is_some(),
                self.drinker.is_some(),
                times * minutes,
                salt,
                height
            ],
        )?;
        Ok(())
    }
}
