//! The national follow-up record as stored (issue 27, domain.md §3 "The
//! follow-up record"): a visit's other fields of the form, the regimen's
//! lines, and the visits of a year as the printed form shows them; and their
//! writes inside `record_visit`'s transaction.

use super::{Db, Result};
use crate::domain::model::*;
use crate::domain::record::{self, Change, Drug, Record};
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};

/// A now / target pair of columns, `i` and the next.
fn pair<T: rusqlite::types::FromSql>(
    r: &rusqlite::Row<'_>,
    i: usize,
) -> rusqlite::Result<record::Pair<T>> {
    Ok(record::Pair {
        now: r.get(i)?,
        target: r.get(i + 1)?,
    })
}

impl Db {
    /// A resident's regimen history, every line (issue 27): the regimen on
    /// any day is `record::regimen_on` of it.
    pub fn regimen_lines(&self, resident_id: i64) -> Result<Vec<record::RegimenLine>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, drug, times_a_day, amount, unit, insulin_kind, from_date, until_date,
                from_visit, until_visit
             FROM medication WHERE resident_id = ?1 ORDER BY from_date, id",
        )?;
        let rows = st.query_map([resident_id], |r| {
            Ok(record::RegimenLine {
                id: r.get(0)?,
                drug: Drug {
                    name: r.get(1)?,
                    times_a_day: r.get(2)?,
                    amount: r.get(3)?,
                    unit: r.get(4)?,
                    insulin_kind: r.get(5)?,
                },
                from: r.get(6)?,
                until: r.get(7)?,
                from_visit: r.get(8)?,
                until_visit: r.get(9)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The national form's other fields of a visit (issue 27); empty for a
    /// visit that has none (every visit older than this version).
    pub fn followup_record(&self, visit_id: i64) -> Result<Record> {
        let mut st = self.conn.prepare_cached(
            "SELECT symptoms_other, weight_target_kg, other_signs, foot_pulse, foot_pulse_side,
                cigarettes, cigarettes_target, alcohol_liang, alcohol_target, exercise_times,
                exercise_times_target, exercise_minutes, exercise_minutes_target, salt_target,
                staple_g, staple_target, psychology, compliance, hba1c, hba1c_on, other_tests,
                adverse_what, hypoglycaemia, referral_facility, referral_department
             FROM followup_record WHERE visit_id = ?1",
        )?;
        let mut r = st
            .query_row([visit_id], |r| {
                let pulse: Option<record::Pulse> = r.get(3)?;
                Ok(Record {
                    symptoms: record::Symptoms {
                        other: r.get(0)?,
                        ..Default::default()
                    },
                    weight_target_kg: r.get(1)?,
                    other_signs: r.get(2)?,
                    foot_pulse: pulse.map(|pulse| record::FootPulse {
                        pulse,
                        side: r.get(4).ok().flatten(),
                    }),
                    cigarettes: pair(r, 5)?,
                    alcohol_liang: pair(r, 7)?,
                    exercise_times: pair(r, 9)?,
                    exercise_minutes: pair(r, 11)?,
                    salt_target: r.get(13)?,
                    staple_g: pair(r, 14)?,
                    psychology: r.get(16)?,
                    compliance: r.get(17)?,
                    hba1c: r.get(18)?,
                    hba1c_on: r.get(19)?,
                    other_tests: r.get(20)?,
                    adverse_what: r.get(21)?,
                    hypoglycaemia: r.get(22)?,
                    referral_facility: r.get(23)?,
                    referral_department: r.get(24)?,
                })
            })
            .optional()?
            .unwrap_or_default();
        let mut st = self
            .conn
            .prepare_cached("SELECT condition, code FROM visit_symptom WHERE visit_id = ?1")?;
        let codes = st.query_map([visit_id], |r| {
            Ok((r.get::<_, Condition>(0)?, r.get::<_, String>(1)?))
        })?;
        for c in codes {
            let (condition, code) = c?;
            match condition {
                Condition::Hypertension => {
                    r.symptoms.htn.extend(record::HtnSymptom::from_code(&code))
                }
                _ => r.symptoms.dm.extend(record::DmSymptom::from_code(&code)),
            }
        }
        // in the form's order
        r.symptoms.htn.sort();
        r.symptoms.dm.sort();
        Ok(r)
    }
}

/// One visit as the national form's column shows it (issue 27 item 6):
/// what the visit row holds, its record and the regimen after it.
#[derive(Debug, Clone, PartialEq)]
pub struct FormVisit {
    pub id: i64,
    pub date: NaiveDate,
    pub mode: VisitMode,
    pub outcome: Outcome,
    pub remove_reason: Option<RemoveReason>,
    pub vitals: crate::domain::followup::Vitals,
    pub lifestyle: crate::domain::followup::Lifestyle,
    pub adherence: Option<Adherence>,
    pub adverse_reaction: bool,
    pub classification: Option<Classification>,
    pub referral: ReferralNeed,
    pub next_visit_on: Option<NaiveDate>,
    pub visited_by: Option<String>,
    pub record: Record,
    /// The regimen in force after the visit.
    pub regimen: Vec<Drug>,
}

impl Db {
    /// A patient's clinical follow-ups of `[from, to]` (completed, or a
    /// removal that ends management: death, loss), oldest first, each with
    /// its record and the regimen after it — the columns of the form.
    pub fn form_visits(
        &self,
        resident_id: i64,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<FormVisit>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, visit_date, mode, outcome, remove_reason, sbp, dbp, heart_rate, fpg,
                weight_kg, height_cm, smoking, drinking, exercise_min_week, salt, adherence,
                adverse_reaction, classification, referral, next_visit_on,
                coalesce(visited_by, recorded_by)
             FROM visit
             WHERE resident_id = ?1 AND visit_date BETWEEN ?2 AND ?3 AND undone_on IS NULL
               AND kind IN ('followup', 'recheck', 'referral_followup')
               AND (outcome = 'completed' OR outcome = 'removed')
             ORDER BY visit_date, id",
        )?;
        let rows = st.query_map(params![resident_id, from, to], |r| {
            Ok(FormVisit {
                id: r.get(0)?,
                date: r.get(1)?,
                mode: r.get(2)?,
                outcome: r.get(3)?,
                remove_reason: r.get(4)?,
                vitals: crate::domain::followup::Vitals {
                    sbp: r.get(5)?,
                    dbp: r.get(6)?,
                    heart_rate: r.get(7)?,
                    fpg: r.get(8)?,
                    weight_kg: r.get(9)?,
                    height_cm: r.get(10)?,
                },
                lifestyle: crate::domain::followup::Lifestyle {
                    smoking: r.get(11)?,
                    drinking: r.get(12)?,
                    exercise_min_week: r.get(13)?,
                    salt: r.get(14)?,
                },
                adherence: r.get(15)?,
                adverse_reaction: r.get(16)?,
                classification: r.get(17)?,
                referral: r.get(18)?,
                next_visit_on: r.get(19)?,
                visited_by: r.get(20)?,
                record: Record::default(),
                regimen: Vec::new(),
            })
        })?;
        let mut out: Vec<FormVisit> = rows.collect::<rusqlite::Result<_>>()?;
        let lines = self.regimen_lines(resident_id)?;
        for v in &mut out {
            v.record = self.followup_record(v.id)?;
            v.regimen = record::regimen_on(&lines, v.date)
                .into_iter()
                .map(|l| l.drug.clone())
                .collect();
        }
        // removals that do not end management (not at home …) are not the form's
        out.retain(|v| {
            v.outcome == Outcome::Completed
                || matches!(
                    v.remove_reason,
                    Some(
                        RemoveReason::Died
                            | RemoveReason::Moved
                            | RemoveReason::Transferred
                            | RemoveReason::Refused
                    )
                )
        });
        Ok(out)
    }
}

/// Writes the national form's other fields of a visit (issue 27).
pub(super) fn insert_record(tx: &Connection, visit_id: i64, r: &Record) -> Result<()> {
    let (pulse, side) = r
        .foot_pulse
        .map_or((None, None), |p| (Some(p.pulse), p.side));
    tx.execute(
        "INSERT INTO followup_record (visit_id, symptoms_other, weight_target_kg, other_signs,
            foot_pulse, foot_pulse_side, cigarettes, cigarettes_target, alcohol_liang, alcohol_target,
            exercise_times, exercise_times_target, exercise_minutes, exercise_minutes_target,
            salt_target, staple_g, staple_target, psychology, compliance, hba1c, hba1c_on,
            other_tests, adverse_what, hypoglycaemia, referral_facility, referral_department)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
            ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26)",
        params![
            visit_id,
            trimmed(&r.symptoms.other),
            r.weight_target_kg,
            trimmed(&r.other_signs),
            pulse,
            side,
            r.cigarettes.now,
            r.cigarettes.target,
            r.alcohol_liang.now,
            r.alcohol_liang.target,
            r.exercise_times.now,
            r.exercise_times.target,
            r.exercise_minutes.now,
            r.exercise_minutes.target,
            r.salt_target,
            r.staple_g.now,
            r.staple_g.target,
            r.psychology,
            r.compliance,
            r.hba1c,
            r.hba1c_on,
            trimmed(&r.other_tests),
            trimmed(&r.adverse_what),
            r.hypoglycaemia,
            trimmed(&r.referral_facility),
            trimmed(&r.referral_department),
        ],
    )?;
    let mut st = tx.prepare_cached(
        "INSERT OR IGNORE INTO visit_symptom (visit_id, condition, code) VALUES (?1, ?2, ?3)",
    )?;
    for s in &r.symptoms.htn {
        st.execute(params![visit_id, Condition::Hypertension, s])?;
    }
    for s in &r.symptoms.dm {
        st.execute(params![visit_id, Condition::Diabetes, s])?;
    }
    Ok(())
}

/// A text field as stored: trimmed, and none when empty.
pub(super) fn trimmed(t: &Option<String>) -> Option<String> {
    t.as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
}

/// Records a visit's changes to the regimen (§3 用药情况): a stopped drug's
/// line ends that day, a new dose ends the old line and starts a new one,
/// a new drug starts a line; nothing is deleted.
pub(super) fn apply_regimen(
    tx: &Connection,
    resident_id: i64,
    day: NaiveDate,
    visit_id: i64,
    lines: &[record::RegimenLine],
    changes: &[Change],
) -> Result<()> {
    let end = |name: &str| -> Result<()> {
        for l in lines
            .iter()
            .filter(|l| l.in_force(day) && l.drug.name.trim() == name.trim())
        {
            tx.execute(
                "UPDATE medication SET until_date = ?2, until_visit = ?3 WHERE id = ?1",
                params![l.id, day, visit_id],
            )?;
        }
        Ok(())
    };
    let start = |d: &Drug| -> Result<()> {
        tx.execute(
            "INSERT INTO medication (resident_id, drug, times_a_day, amount, unit, insulin_kind,
                from_date, from_visit) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                resident_id,
                d.name.trim(),
                d.times_a_day,
                d.amount,
                d.unit,
                trimmed(&d.insulin_kind),
                day,
                visit_id
            ],
        )?;
        Ok(())
    };
    for c in changes {
        match c {
            Change::Stop(name) => end(name)?,
            Change::Dose { to, .. } => {
                end(&to.name)?;
                start(to)?;
            }
            Change::Start(d) => start(d)?,
        }
    }
    Ok(())
}

/// What a follow-up form carries from earlier visits (issue 27): the
/// regimen in force, the last record (its targets stand beside this
/// visit's fields) and the drug names used before in the patient's
/// township, most used first, for completion.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Carried {
    pub regimen: Vec<Drug>,
    pub last: Option<Record>,
    pub drug_names: Vec<String>,
}

impl Db {
    /// The regimen in force on `day`, the last follow-up's record before or
    /// on it, and the township's drug names (see [`Carried`]).
    pub fn carried(&self, resident_id: i64, day: NaiveDate) -> Result<Carried> {
        let lines = self.regimen_lines(resident_id)?;
        let regimen = record::regimen_on(&lines, day)
            .into_iter()
            .map(|l| l.drug.clone())
            .collect();
        let last: Option<i64> = self
            .conn
            .query_row(
                "SELECT f.visit_id FROM followup_record f JOIN visit v ON v.id = f.visit_id
                 WHERE v.resident_id = ?1 AND v.undone_on IS NULL AND v.visit_date <= ?2
                 ORDER BY v.visit_date DESC, v.id DESC LIMIT 1",
                params![resident_id, day],
                |r| r.get(0),
            )
            .optional()?;
        let last = match last {
            Some(id) => Some(self.followup_record(id)?),
            None => None,
        };
        Ok(Carried {
            regimen,
            last,
            drug_names: self.drug_names(resident_id)?,
        })
    }

    /// The drug names used before in the township of `resident_id`, most
    /// used first (completion in the follow-up form, issue 27).
    pub fn drug_names(&self, resident_id: i64) -> Result<Vec<String>> {
        let mut st = self.conn.prepare_cached(
            "SELECT m.drug FROM medication m
               JOIN resident r ON r.id = m.resident_id
               JOIN household h ON h.id = r.household_id
               JOIN village v ON v.id = h.village_id
             WHERE v.township_id = (SELECT v2.township_id FROM resident r2
                 JOIN household h2 ON h2.id = r2.household_id
                 JOIN village v2 ON v2.id = h2.village_id WHERE r2.id = ?1)
             GROUP BY m.drug ORDER BY count(*) DESC, m.drug",
        )?;
        let rows = st.query_map([resident_id], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

impl Db {
    /// Every patient's medicines in force on `day` (resident id → drugs in
    /// the order they were started), for the volunteer's sheet (issue 27).
    pub fn medicines_on(
        &self,
        day: NaiveDate,
    ) -> Result<std::collections::HashMap<i64, Vec<Drug>>> {
        let mut st = self.conn.prepare_cached(
            "SELECT resident_id, drug, times_a_day, amount, unit, insulin_kind FROM medication
             WHERE from_date <= ?1 AND (until_date IS NULL OR until_date > ?1)
             ORDER BY resident_id, from_date, id",
        )?;
        let rows = st.query_map([day], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                Drug {
                    name: r.get(1)?,
                    times_a_day: r.get(2)?,
                    amount: r.get(3)?,
                    unit: r.get(4)?,
                    insulin_kind: r.get(5)?,
                },
            ))
        })?;
        let mut out: std::collections::HashMap<i64, Vec<Drug>> = Default::default();
        for row in rows {
            let (id, d) = row?;
            out.entry(id).or_default().push(d);
        }
        Ok(out)
    }
}
