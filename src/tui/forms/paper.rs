//! The national follow-up record in the follow-up form (issue 27, domain.md
//! §3 "The follow-up record"): every field of 高血压患者随访服务记录表 and
//! 2型糖尿病患者随访服务记录表 for the patient's conditions, in the paper's
//! order and in its sections; the regimen in force as lines to confirm
//! (Enter), change (retype) or stop (Ctrl-U), a new drug's name completed
//! from the names used before in the township (pinyin initials too); the
//! last visit's targets beside this visit's amounts.

use super::lines::{line_text, parse_line, symptom_numbers, typed_name};
use super::*;
use crate::db::Carried;
use crate::domain::record::{
    self, DmSymptom, Drug, FieldProblem, FootPulse, Grade, HtnSymptom, Hypoglycaemia, Pair, Pulse,
    Record, RecordField, Side, Symptoms,
};

/// How many lines the medicines section offers beyond the regimen in force.
const NEW_DRUG_LINES: usize = 8;

/// What the follow-up form carries: the patient's managed conditions and
/// what earlier visits left (the regimen in force, the last targets, the
/// township's drug names).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Paper {
    pub htn: bool,
    pub dm: bool,
    pub carried: Carried,
    /// Whether `carried` was read: without it the medicines are not asked
    /// (an empty list would stop every drug in force).
    pub known: bool,
}

impl Paper {
    /// The paper of a patient with `conditions` managed on `day`.
    pub fn new(resident: &Resident, day: NaiveDate, carried: Carried) -> Paper {
        let managed = |c| {
            resident
                .conditions
                .iter()
                .any(|x| x.condition == c && x.managed_on(day))
        };
        let (htn, dm) = (
            managed(Condition::Hypertension),
            managed(Condition::Diabetes),
        );
        Paper {
            // a patient managed for neither still has the common form
            htn: htn || !dm,
            dm,
            carried,
            known: true,
        }
    }

    fn conditions(&self) -> Vec<Condition> {
        let mut v = Vec::new();
        if self.htn {
            v.push(Condition::Hypertension);
        }
        if self.dm {
            v.push(Condition::Diabetes);
        }
        v
    }
}

fn sec(mut f: Field, section: &'static str) -> Field {
    f.section = Some(section);
    f
}

fn int((lo, hi): (i32, i32)) -> FieldKind {
    FieldKind::Number {
        lo: f64::from(lo),
        hi: f64::from(hi),
        decimal: false,
    }
}

fn dec((lo, hi): (f64, f64)) -> FieldKind {
    FieldKind::Number {
        lo,
        hi,
        decimal: true,
    }
}

/// A choice whose first option is "not asked" (stored as nothing); the
/// digits 1, 2, 3 pick the others, as the paper numbers them.
fn unasked<T: Copy>(
    s: &Strings,
    all: &[T],
    code: fn(T) -> &'static str,
    word: impl Fn(T) -> &'static str,
) -> FieldKind {
    FieldKind::Choice(
        std::iter::once(("", s.unasked.to_string()))
            .chain(options(all, code, word))
            .collect(),
    )
}

fn choice(id: FieldId, label: &'static str, kind: FieldKind) -> Field {
    let mut f = Field::new(id, label, kind, "");
    f.choice = 0;
    f
}

/// The foot pulse as one choice: not checked, normal, or weakened / absent
/// on the left, the right or both sides.
fn pulse_options(s: &Strings, zh: bool) -> Vec<(&'static str, String)> {
    let mut v = vec![
        ("", s.not_checked.to_string()),
        ("normal", Pulse::Normal.word(zh).to_string()),
    ];
    for (code, pulse, side) in [
        ("weakened/left", Pulse::Weakened, Side::Left),
        ("weakened/right", Pulse::Weakened, Side::Right),
        ("weakened/both", Pulse::Weakened, Side::Both),
        ("absent/left", Pulse::Absent, Side::Left),
        ("absent/right", Pulse::Absent, Side::Right),
        ("absent/both", Pulse::Absent, Side::Both),
    ] {
        let p = FootPulse {
            pulse,
            side: Some(side),
        };
        v.push((code, p.text(zh)));
    }
    v
}

impl Form {
    /// The follow-up's fields of the national form(s), in the paper's order
    /// and sections; the date and mode before them, the visitor and notes
    /// after, are the form's own.
    pub(super) fn paper_fields(s: &Strings, lang: Lang, paper: &Paper, height: &str) -> Vec<Field> {
        let zh = lang == Lang::Zh;
        let mut v = Vec::new();
        // 症状
        let symptoms = |id, label| {
            let mut f = Field::new(id, label, FieldKind::Text, "");
            f.placeholder = Some(s.symptoms_hint.to_string());
            f.input.set_placeholder_text(s.symptoms_hint);
            f
        };
        if paper.htn {
            v.push(symptoms(FieldId::HtnSymptoms, s.f_htn_symptoms));
        }
        if paper.dm {
            v.push(symptoms(FieldId::DmSymptoms, s.f_dm_symptoms));
        }
        v.push(Field::new(
            FieldId::SymptomsOther,
            s.f_symptoms_other,
            FieldKind::Text,
            "",
        ));
        let first = v.len();
        // 体征
        let weight = dec(followup::WEIGHT_RANGE);
        v.extend([
            Field::new(FieldId::Sbp, s.f_sbp, int(followup::SBP_RANGE), ""),
            Field::new(FieldId::Dbp, s.f_dbp, int(followup::DBP_RANGE), ""),
            Field::new(FieldId::Weight, s.f_weight, weight.clone(), ""),
            Field::new(FieldId::WeightTarget, s.f_weight_target, weight, ""),
            Field::new(
                FieldId::Height,
                s.f_height,
                dec(followup::HEIGHT_RANGE),
                height,
            ),
            Field::new(FieldId::Hr, s.f_hr, int(followup::HEART_RATE_RANGE), ""),
            Field::new(FieldId::OtherSigns, s.f_other_signs, FieldKind::Text, ""),
        ]);
        if paper.dm {
            v.push(choice(
                FieldId::FootPulse,
                s.f_foot_pulse,
                FieldKind::Choice(pulse_options(s, zh)),
            ));
        }
        let signs = first;
        let lifestyle = v.len();
        // 生活方式指导
        let salt = || unasked(s, Salt::ALL, Salt::code, |x| strings::salt(lang, x));
        let grade = || unasked(s, Grade::ALL, Grade::code, |g| g.word(zh));
        v.extend([
            Field::new(
                FieldId::Cigarettes,
                s.f_cigarettes,
                int(record::CIGARETTES_RANGE),
                "",
            ),
            Field::new(
                FieldId::CigarettesTarget,
                s.f_cigarettes_target,
                int(record::CIGARETTES_RANGE),
                "",
            ),
            Field::new(
                FieldId::Alcohol,
                s.f_alcohol,
                dec(record::ALCOHOL_RANGE),
                "",
            ),
            Field::new(
                FieldId::AlcoholTarget,
                s.f_alcohol_target,
                dec(record::ALCOHOL_RANGE),
                "",
            ),
            Field::new(
                FieldId::ExTimes,
                s.f_ex_times,
                int(record::EXERCISE_TIMES_RANGE),
                "",
            ),
            Field::new(
                FieldId::ExMinutes,
                s.f_ex_minutes,
                int(record::EXERCISE_MINUTES_RANGE),
                "",
            ),
            Field::new(
                FieldId::ExTimesTarget,
                s.f_ex_times_target,
                int(record::EXERCISE_TIMES_RANGE),
                "",
            ),
            Field::new(
                FieldId::ExMinutesTarget,
                s.f_ex_minutes_target,
                int(record::EXERCISE_MINUTES_RANGE),
                "",
            ),
            choice(FieldId::Salt, s.f_salt, salt()),
            choice(FieldId::SaltTarget, s.f_salt_target, salt()),
        ]);
        if paper.dm {
            v.extend([
                Field::new(FieldId::Staple, s.f_staple, int(record::STAPLE_RANGE), ""),
                Field::new(
                    FieldId::StapleTarget,
                    s.f_staple_target,
                    int(record::STAPLE_RANGE),
                    "",
                ),
            ]);
        }
        v.extend([
            choice(FieldId::Psychology, s.f_psychology, grade()),
            choice(FieldId::Compliance, s.f_compliance, grade()),
        ]);
        // 辅助检查
        let tests = v.len();
        v.push(Field::new(
            FieldId::Fpg,
            s.f_fpg,
            dec(followup::FPG_RANGE),
            "",
        ));
        if paper.dm {
            v.extend([
                Field::new(FieldId::Hba1c, s.f_hba1c, dec(record::HBA1C_RANGE), ""),
                Field::new(FieldId::Hba1cOn, s.f_hba1c_on, FieldKind::Date, ""),
            ]);
        }
        v.push(Field::new(
            FieldId::OtherTests,
            s.f_other_tests,
            FieldKind::Text,
            "",
        ));
        // 服药依从性, 不良反应, 低血糖, and what classifies this visit
        let medication = v.len();
        v.extend([
            Field::choice(
                FieldId::Adherence,
                s.f_adherence,
                options(Adherence::ALL, Adherence::code, |a| {
                    strings::adherence(lang, a)
                }),
                0,
            ),
            Field::choice(FieldId::Adverse, s.f_adverse, yes_no(s), 0),
            hidden(Field::new(
                FieldId::AdverseWhat,
                s.f_adverse_what,
                FieldKind::Text,
                "",
            )),
        ]);
        if paper.dm {
            v.push(choice(
                FieldId::Hypoglycaemia,
                s.f_hypoglycaemia,
                unasked(s, Hypoglycaemia::ALL, Hypoglycaemia::code, |h| h.word(zh)),
            ));
        }
        v.extend([
            Field::choice(
                FieldId::Complication,
                s.f_complication,
                options(Complication::ALL, Complication::code, |c| {
                    strings::complication(lang, c)
                }),
                0,
            ),
            Field::choice(FieldId::Emergency, s.f_emergency, yes_no(s), 0),
        ]);
        // 用药情况: the regimen in force, then lines to add
        let medicines = v.len();
        let shown = paper.carried.regimen.len();
        let lines = if paper.known {
            shown + NEW_DRUG_LINES
        } else {
            0
        };
        for i in 0..lines.min(usize::from(u8::MAX)) {
            let text = paper
                .carried
                .regimen
                .get(i)
                .map_or(String::new(), |d| line_text(d, zh));
            let mut f = Field::new(FieldId::Drug(i as u8), s.f_drug, FieldKind::Text, &text);
            if i >= shown {
                f.placeholder = Some(s.drug_hint.to_string());
                f.input.set_placeholder_text(s.drug_hint);
                f.hidden = i > shown;
            }
            v.push(f);
        }
        // 转诊: the reason, level and urgency a rule proposes (issue 14),
        // then the facility and department
        let referral = v.len();
        v.extend([
            hidden(referral::level_choice(
                FieldId::RefTo,
                s.r_to,
                &[
                    crate::domain::referral::Level::Township,
                    crate::domain::referral::Level::County,
                ],
                crate::domain::referral::Level::County,
                lang,
            )),
            hidden(Field::new(
                FieldId::RefReason,
                s.f_ref_reason,
                FieldKind::Text,
                "",
            )),
            hidden(referral::urgency_choice(
                crate::domain::referral::Urgency::Routine,
                lang,
            )),
            Field::new(FieldId::RefFacility, s.f_ref_facility, FieldKind::Text, ""),
            Field::new(
                FieldId::RefDepartment,
                s.f_ref_department,
                FieldKind::Text,
                "",
            ),
        ]);
        let next = v.len();
        v.push(Field::new(
            FieldId::NextVisit,
            s.f_next_visit,
            FieldKind::Date,
            "",
        ));
        let parts = [
            (0, s.sec_symptoms),
            (signs, s.sec_signs),
            (lifestyle, s.sec_lifestyle),
            (tests, s.sec_tests),
            (medication, s.sec_medication),
            (medicines, s.sec_medicines),
            (referral, s.sec_referral),
            (next, s.sec_next),
        ];
        let mut out = Vec::new();
        for (i, f) in v.into_iter().enumerate() {
            let part = parts.iter().rev().find(|(at, _)| *at <= i).map(|p| p.1);
            out.push(match part {
                Some(p) => sec(f, p),
                None => f,
            });
        }
        out
    }

    /// The record as typed (the fields the form shows).
    pub(super) fn record(&self) -> Record {
        let text = |id| {
            self.field(id)
                .filter(|f| !f.hidden)
                .map(Field::text)
                .filter(|t| !t.is_empty())
        };
        let int = |id| self.number(id).map(|v| v as i32);
        let code = |id| self.field(id).map_or("", |f| f.code());
        let numbers = |id| {
            text(id)
                .and_then(|t| symptom_numbers(&t))
                .unwrap_or_default()
        };
        let htn = numbers(FieldId::HtnSymptoms)
            .into_iter()
            .filter_map(|n| HtnSymptom::ALL.get(n - 1).copied())
            .collect();
        let dm = numbers(FieldId::DmSymptoms)
            .into_iter()
            .filter_map(|n| DmSymptom::ALL.get(n - 1).copied())
            .collect();
        let pulse = match code(FieldId::FootPulse).split_once('/') {
            Some((p, side)) => Pulse::from_code(p).map(|pulse| FootPulse {
                pulse,
                side: Side::from_code(side),
            }),
            None => Pulse::from_code(code(FieldId::FootPulse))
                .map(|pulse| FootPulse { pulse, side: None }),
        };
        Record {
            symptoms: Symptoms {
                htn,
                dm,
                other: text(FieldId::SymptomsOther),
            },
            weight_target_kg: self.number(FieldId::WeightTarget),
            other_signs: text(FieldId::OtherSigns),
            foot_pulse: pulse,
            cigarettes: Pair {
                now: int(FieldId::Cigarettes),
                target: int(FieldId::CigarettesTarget),
            },
            alcohol_liang: Pair {
                now: self.number(FieldId::Alcohol),
                target: self.number(FieldId::AlcoholTarget),
            },
            exercise_times: Pair {
                now: int(FieldId::ExTimes),
                target: int(FieldId::ExTimesTarget),
            },
            exercise_minutes: Pair {
                now: int(FieldId::ExMinutes),
                target: int(FieldId::ExMinutesTarget),
            },
            salt_target: Salt::from_code(code(FieldId::SaltTarget)),
            staple_g: Pair {
                now: int(FieldId::Staple),
                target: int(FieldId::StapleTarget),
            },
            psychology: Grade::from_code(code(FieldId::Psychology)),
            compliance: Grade::from_code(code(FieldId::Compliance)),
            hba1c: self.number(FieldId::Hba1c),
            hba1c_on: self.date(FieldId::Hba1cOn),
            other_tests: text(FieldId::OtherTests),
            adverse_what: text(FieldId::AdverseWhat),
            hypoglycaemia: Hypoglycaemia::from_code(code(FieldId::Hypoglycaemia)),
            referral_facility: text(FieldId::RefFacility),
            referral_department: text(FieldId::RefDepartment),
        }
    }

    /// The drug lines typed, in order, each read or its complaint.
    fn drug_lines(&self) -> Vec<(usize, Result<Drug, String>)> {
        let Some(paper) = &self.paper else {
            return Vec::new();
        };
        let zh = self.lang == Lang::Zh;
        self.fields
            .iter()
            .enumerate()
            .filter(|(_, f)| matches!(f.id, FieldId::Drug(_)) && !f.text().is_empty())
            .map(|(i, f)| (i, parse_line(&f.text(), &paper.carried.drug_names, zh)))
            .collect()
    }

    /// The regimen the visit confirms: `None` while its lines are as the
    /// form opened with them (confirmed unchanged: nothing to record), else
    /// every line as typed.
    pub(super) fn regimen(&self) -> Option<Vec<Drug>> {
        let paper = self.paper.as_ref().filter(|p| p.known)?;
        let drugs: Vec<Drug> = self
            .drug_lines()
            .into_iter()
            .filter_map(|(_, d)| d.ok())
            .collect();
        (drugs != paper.carried.regimen).then_some(drugs)
    }

    /// A drug line left: written as the form writes it, its name completed.
    pub(super) fn settle_drug_line(&mut self) {
        let Some(paper) = &self.paper else {
            return;
        };
        let zh = self.lang == Lang::Zh;
        let f = &self.fields[self.focus];
        if !matches!(f.id, FieldId::Drug(_)) || f.text().is_empty() {
            return;
        }
        if let Ok(d) = parse_line(&f.text(), &paper.carried.drug_names, zh) {
            let text = line_text(&d, zh);
            if text != f.text() {
                self.fields[self.focus].fill(&text);
            }
        }
    }

    /// The next section's first field shown after the focused one
    /// (`forward`), or the start of this section (or the one before, when
    /// already there).
    pub(super) fn section_jump(&self, forward: bool) -> Option<usize> {
        let here = self.fields.get(self.focus)?.section?;
        let shown = |i: &usize| !self.fields[*i].hidden;
        if forward {
            return (self.focus + 1..self.fields.len())
                .filter(shown)
                .find(|&i| self.fields[i].section != Some(here));
        }
        let start = |at: usize| {
            let part = self.fields[at].section;
            (0..=at)
                .rev()
                .filter(shown)
                .take_while(|&i| self.fields[i].section == part)
                .last()
        };
        let mine = start(self.focus)?;
        if mine != self.focus {
            return Some(mine);
        }
        let before = (0..mine).rev().find(shown)?;
        start(before)
    }

    /// The record's checks as typed (issue 27): the domain's message at its
    /// field, symptoms as the paper's numbers, each drug line read, the
    /// lines shown (the regimen, then one more to add), the last targets
    /// beside this visit's amounts.
    pub(super) fn refresh_paper(&mut self) {
        let Some(paper) = self.paper.clone() else {
            return;
        };
        let s = strings::strings(self.lang);
        let zh = self.lang == Lang::Zh;
        // the reaction is asked for when there is one
        let adverse = self
            .field(FieldId::Adverse)
            .is_some_and(|f| f.code() == "1");
        if let Some(f) = self
            .fields
            .iter_mut()
            .find(|f| f.id == FieldId::AdverseWhat)
        {
            f.hidden = !adverse;
        }
        // drug lines: the regimen's always, then every one typed and one empty
        let kept = paper.carried.regimen.len();
        let mut empty_shown = false;
        for f in &mut self.fields {
            if let FieldId::Drug(n) = f.id {
                let n = usize::from(n);
                f.hidden = if n < kept || !f.text().is_empty() {
                    false
                } else {
                    std::mem::replace(&mut empty_shown, true)
                };
            }
        }
        for f in &mut self.fields {
            if matches!(f.id, FieldId::HtnSymptoms | FieldId::DmSymptoms) {
                let t = f.text();
                f.error = None;
                f.note = None;
                match symptom_numbers(&t) {
                    None => f.error = Some(s.symptoms_bad.to_string()),
                    Some(ns) if ns.iter().all(|&n| n >= 1) && !ns.is_empty() => {
                        let words: Vec<&str> = ns
                            .iter()
                            .map(|&n| {
                                if f.id == FieldId::HtnSymptoms {
                                    HtnSymptom::ALL[n - 1].word(zh)
                                } else {
                                    DmSymptom::ALL[n - 1].word(zh)
                                }
                            })
                            .collect();
                        f.note = Some(words.join(if zh { "、" } else { ", " }));
                    }
                    Some(_) => {}
                }
            }
        }
        // the domain's checks of the record, at their fields
        let record = self.record();
        let day = self.date(FieldId::Date).unwrap_or(self.today);
        for p in record::validate(&record, day, &paper.conditions()) {
            if let Some(id) = self.problem_field(&p)
                && let Some(f) = self.fields.iter_mut().find(|f| f.id == id && !f.hidden)
            {
                f.error = Some(p.text(zh));
            }
        }
        // each drug line: read, checked, and what it does to the regimen
        let lines = self.drug_lines();
        let mut names: Vec<String> = Vec::new();
        let strict = self.strict;
        for (i, line) in lines {
            let focused = i == self.focus;
            let f = &mut self.fields[i];
            f.note = None;
            f.error = None;
            let n = match f.id {
                FieldId::Drug(n) => usize::from(n),
                _ => continue,
            };
            match line {
                Err(e) => {
                    if focused && !strict {
                        // typing: the completion so far, not yet a complaint
                        let name = typed_name(&f.text());
                        f.note = crate::search::complete(&name, &paper.carried.drug_names)
                            .filter(|c| *c != name)
                            .map(|c| strings::fill(s.drug_completes, &[&c]));
                    } else {
                        f.error = Some(e);
                    }
                }
                Ok(d) => {
                    if let Some(p) = record::validate_regimen(std::slice::from_ref(&d)).first() {
                        f.error = Some(p.text(zh));
                    } else if names.contains(&d.name) {
                        f.error = Some(
                            FieldProblem {
                                field: "drug",
                                problem: record::RecordProblem::DrugTwice(d.name.clone()),
                            }
                            .text(zh),
                        );
                    } else {
                        f.note = Some(match paper.carried.regimen.get(n) {
                            Some(old) if *old == d => s.drug_unchanged.to_string(),
                            Some(old) if old.name == d.name => {
                                strings::fill(s.drug_changed, &[&line_text(old, zh)])
                            }
                            _ => s.drug_added.to_string(),
                        });
                    }
                    names.push(d.name);
                }
            }
        }
        // a drug of the regimen emptied: stopped
        for (n, old) in paper.carried.regimen.iter().enumerate() {
            if let Some(f) = self
                .fields
                .iter_mut()
                .find(|f| f.id == FieldId::Drug(n as u8) && f.text().is_empty())
            {
                f.note = Some(strings::fill(s.drug_stopped, &[&old.name]));
            }
        }
        // the last visit's targets beside this visit's amounts (§3)
        if let Some(last) = &paper.carried.last {
            let n = |v: Option<f64>| v.map(record::trim_number);
            let i = |v: Option<i32>| v.map(|v| v.to_string());
            let targets = [
                (FieldId::Weight, n(last.weight_target_kg).map(|v| v + "kg")),
                (FieldId::Cigarettes, i(last.cigarettes.target)),
                (FieldId::Alcohol, n(last.alcohol_liang.target)),
                (FieldId::ExTimes, i(last.exercise_times.target)),
                (FieldId::ExMinutes, i(last.exercise_minutes.target)),
                (
                    FieldId::Salt,
                    last.salt_target
                        .map(|x| strings::salt(self.lang, x).to_string()),
                ),
                (FieldId::Staple, i(last.staple_g.target)),
            ];
            for (id, target) in targets {
                if let (Some(t), Some(f)) = (target, self.fields.iter_mut().find(|f| f.id == id)) {
                    f.note = Some(strings::fill(s.last_target, &[&t]));
                }
            }
        }
    }

    /// The field of the form a record's problem is about.
    fn problem_field(&self, p: &FieldProblem) -> Option<FieldId> {
        if p.field == "symptoms" {
            let dm = self.record().symptoms.dm;
            return Some(if dm.contains(&DmSymptom::None) && dm.len() > 1 {
                FieldId::DmSymptoms
            } else {
                FieldId::HtnSymptoms
            });
        }
        RecordField::from_code(p.field).map(FieldId::of_record)
    }
}
