//! The demo's year of visits: grid workers' household visits by tier, each
//! resident's yearly checks and contacts, and chronic patients' follow-ups
//! with their national records and medicines (see forms.rs).

use super::forms::FormGen;
use super::{Gen, VillageRow};
use crate::db::Result;
use crate::domain::calendar::{Cadence, Period, age_on};
use crate::domain::colour;
use crate::domain::followup::{self, Findings, Vitals};
use crate::domain::model::*;
use crate::domain::rules::Rules;
use crate::domain::tier::household_tier;
use chrono::{Days, Months, NaiveDate};
use rusqlite::params;

impl Gen<'_> {
    /// Grid-worker household visits by tier over the past year, with gaps.
    pub(super) fn household_history(
        &mut self,
        h: &Household,
        diligence: f64,
        rules: &Rules,
    ) -> Result<()> {
        let as_of = self.cfg.as_of;
        let Some(cadence) = household_tier(h, as_of, rules)
            .effective
            .household_visit_cadence(rules)
        else {
            return Ok(());
        };
        let start = h.registered_on.max(as_of - Months::new(13));
        let mut p = Period::containing(cadence, start);
        // Yearly visits are easier to keep than weekly ones.
        let keep = if cadence == Cadence::Year {
            0.8
        } else {
            diligence
        };
        while p.start <= as_of {
            let last = p.end().min(as_of);
            if self.rng.chance(keep) {
                let day = self.rng.date_between(p.start.max(start), last);
                if self.rng.chance(0.05) {
                    self.visit_row(
                        VisitKind::Household,
                        Subject::Household(h.id),
                        day,
                        Outcome::NotHome,
                        VisitMode::Home,
                    )?;
                    let retry = (day + Days::new(self.rng.range(1, 3) as u64)).min(last);
                    if retry > day {
                        self.visit_row(
                            VisitKind::Household,
                            Subject::Household(h.id),
                            retry,
                            Outcome::Completed,
                            VisitMode::Home,
                        )?;
                    }
                } else {
                    self.visit_row(
                        VisitKind::Household,
                        Subject::Household(h.id),
                        day,
                        Outcome::Completed,
                        VisitMode::Home,
                    )?;
                }
            }
            p = p.next();
        }
        Ok(())
    }

    pub(super) fn visit_row(
        &mut self,
        kind: VisitKind,
        subject: Subject,
        date: NaiveDate,
        outcome: Outcome,
        mode: VisitMode,
    ) -> Result<i64> {
        let (hh, res) = match subject {
            Subject::Household(id) => (Some(id), None),
            Subject::Resident(id) => (None, Some(id)),
        };
        self.exec(
            "INSERT INTO visit (kind, household_id, resident_id, mode, visit_date, outcome, recorded_by, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'demo', ?7)",
            params![kind, hh, res, mode, date, outcome, self.stamp],
        )
    }

    /// Contracts, yearly checks and chronic follow-ups of one resident.
    pub(super) fn person_history(
        &mut self,
        m: &Resident,
        v: &VillageRow,
        rules: &Rules,
    ) -> Result<()> {
        let as_of = self.cfg.as_of;
        if !m.status.is_active() {
            return Ok(());
        }
        let age = age_on(m.birth_date, as_of);
        let patient = m.is_managed_patient(as_of);
        let p_contract = if patient {
            0.9
        } else if age >= 65 {
            0.6
        } else {
            0.25
        };
        if self.rng.chance(p_contract) {
            let start = self
                .rng
                .date_between(as_of - Days::new(360), as_of - Days::new(1));
            let end = start + Months::new(12) - Days::new(1);
            self.exec("INSERT INTO contract (resident_id, team_id, start_date, end_date) VALUES (?1, ?2, ?3, ?4)", params![m.id, v.team, start, end])?;
        }
        if !(6..65).contains(&age) {
            let last_year = Period::containing(Cadence::Year, as_of).prev();
            for (p, keep) in [(last_year, 0.75), (last_year.next(), 0.65)] {
                let from = p.start.max(m.registered_on);
                if from <= p.end().min(as_of) && self.rng.chance(keep) {
                    let day = self.rng.date_between(from, p.end().min(as_of));
                    self.visit_row(
                        VisitKind::YearlyCheck,
                        Subject::Resident(m.id),
                        day,
                        Outcome::Completed,
                        VisitMode::Clinic,
                    )?;
                }
            }
        }
        if patient {
            self.followups(m, v, rules)?;
        }
        Ok(())
    }

    /// A year of follow-ups: quarterly while controlled, within two weeks after
    /// an uncontrolled one, with patients who miss visits and a few emergencies.
    pub(super) fn followups(&mut self, m: &Resident, v: &VillageRow, rules: &Rules) -> Result<()> {
        let as_of = self.cfg.as_of;
        let managed_from = m
            .managed_conditions(as_of)
            .map(|c| c.managed_from)
            .min()
            .unwrap_or(as_of);
        let diabetic = m
            .conditions
            .iter()
            .any(|c| c.condition == Condition::Diabetes && c.managed_on(as_of));
        let hypertensive = m
            .conditions
            .iter()
            .any(|c| c.condition == Condition::Hypertension && c.managed_on(as_of));
        let control = self.rng.around(0.75, 0.15, 0.3, 0.97);
        // A person keeps their weight from visit to visit (48–78 kg, from the
        // id, so the generator's random stream and the rest of the demo stay
        // as they were); each visit's draw only moves it by a kilogram or two.
        let own_weight =
            48.0 + ((m.id as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40) as f64 % 300.0 / 10.0;
        // a patient never seen is a recent one (diagnosed in the last year),
        // not one overdue for five years
        let never_seen = self.rng.chance(0.04) && managed_from >= as_of - Months::new(12);
        let mut day =
            managed_from.max(as_of - Months::new(12)) + Days::new(self.rng.range(0, 40) as u64);
        let mut previous_needs_recheck = false;
        // the national form's other fields and the medicines come from their
        // own generator, seeded by the patient, so the rest of the demo (its
        // visits, colours and queues) stays as it was
        let mut form = FormGen::new(self.cfg.seed, m.id, hypertensive, diabetic);
        let mut visits: Vec<VisitRecord> = Vec::new();
        let mut referrals: Vec<ReferralRecord> = Vec::new();
        while day <= as_of && !never_seen {
            let controlled = self.rng.chance(control);
            let emergency = self.rng.chance(0.012);
            let vitals = Vitals {
                sbp: hypertensive.then(|| {
                    if emergency {
                        self.rng.range(180, 200) as i32
                    } else if controlled {
                        self.rng.range(112, 139) as i32
                    } else {
                        self.rng.range(140, 172) as i32
                    }
                }),
                dbp: hypertensive.then(|| {
                    if controlled {
                        self.rng.range(68, 89) as i32
                    } else {
                        self.rng.range(84, 104) as i32
                    }
                }),
                heart_rate: Some(self.rng.range(58, 96) as i32),
                fpg: diabetic.then(|| {
                    let g = if controlled {
                        self.rng.around(6.0, 0.5, 4.2, 6.9)
                    } else {
                        self.rng.around(8.6, 1.2, 7.0, 13.5)
                    };
                    (g * 10.0).round() / 10.0
                }),
                weight_kg: Some(
                    ((own_weight + (self.rng.around(62.0, 9.0, 38.0, 100.0) - 62.0) / 6.0) * 10.0)
                        .round()
                        / 10.0,
                ),
                height_cm: None,
            };
            let findings = Findings {
                vitals,
                adverse_reaction: self.rng.chance(0.03),
                adverse_uncontrolled: false,
                complication: if self.rng.chance(0.01) {
                    Some(Complication::New)
                } else {
                    None
                },
                emergency_symptoms: false,
            };
            // A phone follow-up measures nothing: it classifies nothing (§3).
            let mode = if controlled && self.rng.chance(0.2) {
                VisitMode::Phone
            } else {
                *self
                    .rng
                    .weighted(&[(VisitMode::Clinic, 6u32), (VisitMode::Home, 4)])
            };
            let vitals = if mode == VisitMode::Phone {
                Vitals::default()
            } else {
                findings.vitals
            };
            let kind = if previous_needs_recheck {
                VisitKind::Recheck
            } else {
                VisitKind::Followup
            };
            let mut entered = VisitRecord::completed(i64::MAX, kind, Subject::Resident(m.id), day);
            entered.findings = Findings { vitals, ..findings };
            let recorded: Vec<&VisitRecord> = visits.iter().collect();
            let a = followup::assess_new(m, &recorded, &entered, rules);
            let adherence = *self.rng.weighted(&[
                (Adherence::Regular, 75u32),
                (Adherence::Intermittent, 20),
                (Adherence::None, 5),
            ]);
            let vid = self.exec(
                "INSERT INTO visit (kind, resident_id, staff_id, team_id, mode, visit_date, outcome, sbp, dbp, heart_rate, fpg, weight_kg,
                    adherence, adverse_reaction, complication, classification, referral, recorded_by, recorded_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'completed', ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, 'demo', ?17)",
                params![
                    kind, m.id, v.doctor, v.team, mode, day, vitals.sbp, vitals.dbp, vitals.heart_rate, vitals.fpg, vitals.weight_kg,
                    adherence, findings.adverse_reaction, findings.complication.unwrap_or(Complication::None), a.classification,
                    a.referral, self.stamp
                ],
            )?;
            if mode != VisitMode::Phone {
                // the forms of the conditions managed that day
                let on = |c: Condition| {
                    m.conditions
                        .iter()
                        .any(|k| k.condition == c && k.managed_on(day))
                };
                let forms = (on(Condition::Hypertension), on(Condition::Diabetes));
                form.record(self, vid, day, vitals.weight_kg, forms)?;
            }
            form.medicines(self, m.id, vid, day, a.classification)?;
            visits.push(VisitRecord { id: vid, ..entered });
            // one open referral at a time: a patient already referred is
            // followed up, not referred again (§7)
            let open = referrals
                .iter()
                .any(|r| r.returned_on.is_none_or(|b| b > day));
            if a.referral != ReferralNeed::None && self.rng.chance(0.5) && !open {
                let received = day + Days::new(self.rng.range(0, 2) as u64);
                let back = received + Days::new(self.rng.range(7, 40) as u64);
                let (received, back) = (
                    Some(received).filter(|d| *d <= as_of),
                    Some(back).filter(|d| *d <= as_of && self.rng.chance(0.95)),
                );
                let urgency = if a.referral == ReferralNeed::Emergency {
                    "emergency"
                } else {
                    "routine"
                };
                let reason = if a.referral == ReferralNeed::Emergency {
                    "血压/血糖达紧急转诊标准"
                } else {
                    "连续两次控制不满意或出现并发症"
                };
                let rid = self.exec(
                    "INSERT INTO referral (resident_id, from_level, to_level, reason, urgency, sent_on, received_on, returned_on, outcome, visit_id)
                     VALUES (?1, 'village', 'county', ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    params![m.id, reason, urgency, day, received, back.filter(|_| received.is_some()), back.map(|_| "调整用药后下转"), vid],
                )?;
                referrals.push(ReferralRecord {
                    id: rid,
                    resident_id: m.id,
                    sent_on: day,
                    returned_on: back.filter(|_| received.is_some()),
                });
            }
            if a.classifies() {
                previous_needs_recheck = a.needs_recheck();
            }
            // Next visit: on schedule mostly; a patient who misses one is seen a quarter later.
            let gap = match a.classification {
                Some(Classification::Controlled) | None if a.referral == ReferralNeed::None => {
                    self.rng.range(70, 100)
                }
                _ if a.referral != ReferralNeed::None => self.rng.range(7, 20),
                _ => {
                    if self.rng.chance(0.75) {
                        self.rng.range(9, 15)
                    } else {
                        self.rng.range(20, 45)
                    }
                }
            };
            let missed = if self.rng.chance(0.1) { 90 } else { 0 };
            day = day + Days::new((gap + missed) as u64);
        }
        let vr: Vec<&VisitRecord> = visits.iter().collect();
        let rr: Vec<&ReferralRecord> = referrals.iter().collect();
        for c in colour::patient_history(m, &vr, &rr, as_of, rules) {
            self.exec(
                "INSERT INTO colour_history (resident_id, colour, since, cause, visit_id) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![m.id, c.colour, c.since, c.cause.code(), c.visit_id],
            )?;
        }
        Ok(())
    }
}
