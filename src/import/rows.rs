//! Each kind of row: residents, households, conditions and visits, checked
//! cell by cell, then written through the domain commands.

use super::apply::{Outcome, Run};
use super::columns::Field;
use super::line::{Line, change};
use super::read::Row;
use super::text::Problem;
use super::values::*;
use crate::db::{Db, NewCondition, NewResident, NewVisit, ResidentEdit, Result};
use crate::domain::followup::{self, Findings, Vitals};
use crate::domain::model::*;
use crate::domain::record;
use crate::domain::refusal::{self, Refusal};

impl Run<'_> {
    pub(super) fn household_row(&mut self, db: &mut Db, row: &Row) -> Result<Outcome> {
        let mut line = self.line(row);
        let registered = line
            .date(Field::Registered, self.zh)
            .unwrap_or(self.opts.today);
        let found = self.household(db, &mut line, registered)?;
        if let Some(o) = line.rejected() {
            return Ok(o);
        }
        Ok(match found {
            Some((_, true)) => Outcome::Created,
            _ => Outcome::Unchanged,
        })
    }

    pub(super) fn resident_row(&mut self, db: &mut Db, row: &Row) -> Result<Outcome> {
        let today = self.opts.today;
        let mut line = self.line(row);
        let name = line.required(Field::Name).unwrap_or("");
        let id = line.id_number(today);
        if let Some(id) = &id {
            // a typed sex or birth date must be the one the number gives (§9)
            let sex = line.word(Field::Sex, SEXES, Sex::code);
            line.disagrees(Field::Sex, sex.filter(|s| *s != id.sex), || {
                name_of(SEXES, id.sex).into()
            });
            let born = line.date(Field::BirthDate, self.zh);
            line.disagrees(
                Field::BirthDate,
                born.filter(|b| *b != id.birth_date),
                || id.birth_date.to_string(),
            );
            match self.seen.get(&id.number) {
                Some(first) => line.bad(Some(Field::IdNumber), Problem::RepeatedInFile(*first)),
                None => {
                    self.seen.insert(id.number.clone(), row.line);
                }
            }
        }
        let phone = line.get(Field::Phone);
        if let Some(p) = phone
            && let Err(r) = refusal::check_phone(p)
        {
            line.bad(Some(Field::Phone), Problem::Refused(r));
        }
        if !name.is_empty()
            && let Err(r) = refusal::check_name(name, self.rules.name_max_chars)
        {
            line.bad(Some(Field::Name), Problem::Refused(r));
        }
        let head = line.get(Field::HeadName).is_some_and(|h| h == name);
        let relation = line
            .word(Field::Relation, RELATIONS, Relation::code)
            .unwrap_or(if head {
                Relation::Head
            } else {
                Relation::Other
            });
        let flags = [
            line.yes(Field::LivesAlone),
            line.yes(Field::Disabled),
            line.yes(Field::SeriouslyIll),
        ];
        let registered = line.date(Field::Registered, self.zh).unwrap_or(today);
        // the register's condition flags (issue 28 item 3): 是 creates or
        // confirms the condition, 否 (or empty) leaves the resident as they are
        let flagged: Vec<Condition> = [
            (Field::Hypertension, Condition::Hypertension),
            (Field::Diabetes, Condition::Diabetes),
        ]
        .into_iter()
        .filter(|(f, _)| self.map.contains_key(f) && line.yes(*f))
        .map(|(_, c)| c)
        .collect();
        let Some(id) = id else {
            return Ok(line.rejected().expect("a bad ID number is an issue"));
        };
        // the provincial health-record number 档案编号 is the first key, then
        // the ID number (issue 28 item 1): a resident found by their record
        // number with another ID number has had it corrected; the number
        // belongs to one resident only
        let record_no = line.get(Field::RecordNo);
        let by_record = match record_no {
            Some(no) => db.registered_by_record_no(no)?,
            None => None,
        };
        let by_id = db.registered_resident(&id.number)?;
        let held_by_other = |e: &crate::db::RegisteredResident| Problem::HeldByOther {
            number: id.number.clone(),
            name: e.name.clone(),
            address: e.address.clone(),
        };
        let existing = match (by_record, by_id) {
            (Some(r), _) if r.name != name => {
                line.bad(
                    Some(Field::RecordNo),
                    Problem::Refused(Refusal::RecordNoHeld {
                        number: record_no.unwrap_or_default().to_string(),
                        name: r.name,
                    }),
                );
                None
            }
            (Some(r), Some(i)) if r.id != i.id => {
                line.bad(Some(Field::IdNumber), held_by_other(&i));
                None
            }
            (Some(r), _) => Some(r),
            (None, Some(i)) if i.name != name => {
                line.bad(Some(Field::IdNumber), held_by_other(&i));
                None
            }
            (None, i) => i,
        };
        if !line.issues.is_empty() {
            return Ok(line.rejected().expect("issues"));
        }
        let household = self.household(db, &mut line, registered)?;
        let Some((household, _)) = household else {
            return Ok(line.rejected().unwrap_or(Outcome::Unchanged));
        };
        self.villages_seen.insert(db.household_village(household)?);
        let Some(e) = existing else {
            let rid = db.add_resident_under(
                &self.rules,
                &NewResident {
                    household_id: household,
                    name: name.into(),
                    id_number: id.number.clone(),
                    phone: phone.map(str::to_string),
                    relation,
                    lives_alone_no_carer: flags[0],
                    disabled: flags[1],
                    seriously_ill: flags[2],
                    registered_on: registered,
                },
                today,
            )?;
            if let Some(no) = record_no {
                db.set_record_no(rid, no)?;
            }
            self.residents_seen.insert(rid);
            for c in flagged {
                db.add_condition_undated(rid, c, None, today)?;
            }
            self.added.push((
                row.line,
                format!("{name} {}", crate::domain::idnum::mask(&id.number)),
            ));
            return Ok(Outcome::Created);
        };
        self.residents_seen.insert(e.id);
        if e.household_id != household {
            line.bad(Some(Field::Address), held_by_other(&e));
            return Ok(line.rejected().expect("issues"));
        }
        let yn = |b: bool| if b { "是" } else { "否" };
        let mut changes = Vec::new();
        // found by the record number under a corrected ID number
        let new_id = (e.id_number != id.number).then(|| id.number.clone());
        if let Some(n) = &new_id {
            changes.push(change(Field::IdNumber, &e.id_number, n));
        }
        // an empty cell erases nothing: the file may simply not know the phone
        if phone.is_some() && e.phone.as_deref() != phone {
            changes.push(change(
                Field::Phone,
                e.phone.as_deref().unwrap_or(""),
                phone.unwrap_or(""),
            ));
        }
        let was = [e.lives_alone_no_carer, e.disabled, e.seriously_ill];
        for ((f, before), after) in [Field::LivesAlone, Field::Disabled, Field::SeriouslyIll]
            .into_iter()
            .zip(was)
            .zip(flags)
        {
            // a flag column left out of the file changes nothing
            if before != after && self.map.contains_key(&f) {
                changes.push(change(f, yn(before), yn(after)));
            }
        }
        // the record number and conditions are kept on their own; the rest
        // in one edit
        let edited = !changes.is_empty();
        for c in flagged {
            if db.condition_dates(e.id, c.code())?.is_none() {
                db.add_condition_undated(e.id, c, None, today)?;
                let what = name_of(CONDITIONS, c);
                changes.push(if self.zh {
                    format!("{what}：否 → 是（确诊日期不详，自 {today} 起管理）")
                } else {
                    format!("{what}: 否 → 是 (diagnosis date unknown, managed from {today})")
                });
            }
        }
        if let Some(no) = record_no
            && e.record_no.as_deref() != Some(no)
        {
            changes.push(change(
                Field::RecordNo,
                e.record_no.as_deref().unwrap_or(""),
                no,
            ));
            db.set_record_no(e.id, no)?;
        }
        if changes.is_empty() {
            return Ok(Outcome::Unchanged);
        }
        if !edited {
            return Ok(Outcome::Updated(changes));
        }
        let keep = |f: Field, before: bool, after: bool| {
            if self.map.contains_key(&f) {
                after
            } else {
                before
            }
        };
        db.update_resident(
            e.id,
            &ResidentEdit {
                name: e.name.clone(),
                phone: phone.map(str::to_string).or(e.phone.clone()),
                lives_alone_no_carer: keep(Field::LivesAlone, was[0], flags[0]),
                disabled: keep(Field::Disabled, was[1], flags[1]),
                seriously_ill: keep(Field::SeriouslyIll, was[2], flags[2]),
                care_plan: e.care_plan.clone(),
                id_number: new_id,
                relation: None,
            },
            today,
        )?;
        Ok(Outcome::Updated(changes))
    }

    /// The registered resident a condition or visit row names by ID number;
    /// a name given must be theirs.
    pub(super) fn patient(&self, db: &Db, line: &mut Line) -> Result<Option<i64>> {
        let Some(id) = line.id_number(self.opts.today) else {
            return Ok(None);
        };
        let Some(r) = db.registered_resident(&id.number)? else {
            line.bad(Some(Field::IdNumber), Problem::NoSuchResident(id.number));
            return Ok(None);
        };
        if let Some(n) = line.get(Field::Name)
            && n != r.name
        {
            line.bad(
                Some(Field::Name),
                Problem::HeldByOther {
                    number: id.number,
                    name: r.name,
                    address: r.address,
                },
            );
            return Ok(None);
        }
        Ok(Some(r.id))
    }

    pub(super) fn condition_row(&mut self, db: &mut Db, row: &Row) -> Result<Outcome> {
        let mut line = self.line(row);
        let resident = self.patient(db, &mut line)?;
        let mut conditions: Vec<Condition> = line
            .word(Field::Condition, CONDITIONS, Condition::code)
            .into_iter()
            .collect();
        for (f, c) in [
            (Field::Hypertension, Condition::Hypertension),
            (Field::Diabetes, Condition::Diabetes),
        ] {
            if line.yes(f) && !conditions.contains(&c) {
                conditions.push(c);
            }
        }
        // a register's healthy resident (否/否) is skipped, not an error
        // (issue 28 item 3); a 病种 column left empty is still one
        let flags_only = !self.map.contains_key(&Field::Condition);
        if conditions.is_empty() && line.issues.is_empty() {
            if flags_only {
                return Ok(Outcome::Unchanged);
            }
            line.bad(Some(Field::Condition), Problem::NoCondition);
        }
        // no 确诊日期: the date is unknown; management starts on the line's
        // 纳入管理日期, else today (§6 grace either way)
        let diagnosed = line.date(Field::DiagnosedOn, self.zh);
        let managed_only = line.date(Field::ManagedFrom, self.zh);
        let managed = managed_only.or(diagnosed);
        let Some(resident) = resident else {
            return Ok(line.rejected().unwrap_or(Outcome::Unchanged));
        };
        if let Some(o) = line.rejected() {
            return Ok(o);
        }
        let (Some(diagnosed), Some(managed)) = (diagnosed, managed) else {
            let mut created = false;
            for c in conditions {
                // a condition registered is confirmed, whatever its dates
                if db.condition_dates(resident, c.code())?.is_none() {
                    db.add_condition_undated(resident, c, managed_only, self.opts.today)?;
                    created = true;
                }
            }
            return Ok(if created {
                Outcome::Created
            } else {
                Outcome::Unchanged
            });
        };
        let mut created = false;
        for c in conditions {
            match db.condition_dates(resident, c.code())? {
                Some((d, m)) if (d, m) == (diagnosed, managed) => {}
                Some((d, m)) => line.bad(
                    Some(Field::DiagnosedOn),
                    Problem::ConditionDiffers {
                        condition: name_of(CONDITIONS, c).into(),
                        diagnosed: d.to_string(),
                        managed: m.to_string(),
                    },
                ),
                None => {
                    db.add_condition(
                        &NewCondition {
                            resident_id: resident,
                            condition: c,
                            diagnosed_on: diagnosed,
                            managed_from: managed,
                        },
                        self.opts.today,
                    )?;
                    created = true;
                }
            }
        }
        Ok(line.rejected().unwrap_or(if created {
            Outcome::Created
        } else {
            Outcome::Unchanged
        }))
    }

    pub(super) fn visit_row(&mut self, db: &mut Db, row: &Row) -> Result<Outcome> {
        let zh = self.zh;
        let mut line = self.line(row);
        let resident = self.patient(db, &mut line)?;
        let date = line
            .required(Field::VisitDate)
            .and(line.date(Field::VisitDate, zh));
        let kind = line
            .word(Field::VisitKind, KINDS, VisitKind::code)
            .unwrap_or(VisitKind::Followup);
        let mode = line
            .word(Field::Mode, MODES, VisitMode::code)
            .unwrap_or(VisitMode::Clinic);
        // 血压 as the form writes it, when the two columns are not there
        let (mut sbp, mut dbp) = (line.number(Field::Sbp), line.number(Field::Dbp));
        if let (None, None, Some(bp)) = (sbp, dbp, line.get(Field::Bp)) {
            match blood_pressure(bp) {
                Some((s, d)) => (sbp, dbp) = (Some(s), Some(d)),
                None => line.bad(
                    Some(Field::Bp),
                    Problem::Unreadable(if zh {
                        format!("“{bp}”不是血压，请写成 收缩压/舒张压，如 150/95")
                    } else {
                        format!(
                            "{bp:?} is not a blood pressure; write systolic/diastolic, e.g. 150/95"
                        )
                    }),
                ),
            }
        }
        let vitals = Vitals {
            sbp,
            dbp,
            heart_rate: line.number(Field::HeartRate),
            fpg: line.number(Field::Fpg),
            weight_kg: line.number(Field::Weight),
            height_cm: line.number(Field::Height),
        };
        // §3's plausible ranges, each against its own column
        if let Err(errs) = followup::validate(&vitals) {
            for e in errs {
                let f = match e.field {
                    "sbp" => Field::Sbp,
                    "dbp" => Field::Dbp,
                    "heart_rate" => Field::HeartRate,
                    "fpg" => Field::Fpg,
                    "weight_kg" | "weight" => Field::Weight,
                    _ => Field::Height,
                };
                line.bad(
                    Some(f),
                    Problem::Refused(Refusal::Vitals(vec![(e.field, e.problem)])),
                );
            }
        }
        let adherence = line.word(Field::Adherence, ADHERENCE, Adherence::code);
        let complication = line
            .word(Field::Complication, COMPLICATIONS, Complication::code)
            .filter(|c| *c != Complication::None);
        let adverse = line.yes(Field::Adverse);
        let next = line.date(Field::NextVisit, zh);
        let salt = line.word(Field::Salt, SALT, Salt::code);
        // the national form's other fields (issue 27), against the
        // conditions the patient is managed for that day
        let managed: Vec<Condition> = match (resident, date) {
            (Some(r), Some(day)) => db
                .conditions_of(r)?
                .iter()
                .filter(|c| c.managed_on(day))
                .map(|c| c.condition)
                .collect(),
            _ => Vec::new(),
        };
        let (record, regimen) = national_record(&mut line, &managed, zh);
        if let Some(day) = date {
            for p in record::validate(&record, day, &managed) {
                line.bad(
                    Some(record_field(p.field)),
                    Problem::Refused(Refusal::Record(vec![p])),
                );
            }
        }
        for p in regimen
            .as_deref()
            .map_or(Vec::new(), record::validate_regimen)
        {
            line.bad(
                Some(Field::Medication),
                Problem::Refused(Refusal::Record(vec![p])),
            );
        }
        let (Some(resident), Some(date)) = (resident, date) else {
            return Ok(line.rejected().unwrap_or(Outcome::Unchanged));
        };
        if let Some(o) = line.rejected() {
            return Ok(o);
        }
        if db.visit_recorded(resident, date, kind.code())? {
            return Ok(Outcome::Unchanged);
        }
        let mut v = NewVisit::completed(kind, Subject::Resident(resident), mode, date);
        v.findings = Findings {
            vitals,
            adverse_reaction: adverse,
            complication,
            ..Findings::default()
        };
        v.adherence = adherence;
        v.next_visit_on = next;
        v.visited_by = line.get(Field::VisitedBy).map(str::to_string);
        v.notes = line.get(Field::Notes).map(str::to_string);
        v.lifestyle.salt = salt;
        v.record = record;
        v.regimen = regimen;
        db.record_visit(&v, self.opts.today)?;
        Ok(Outcome::Created)
    }
}

/// The national form's other fields of one row (issue 27 item 7): each
/// column read as the form writes it, a problem named at its column.
fn national_record(
    line: &mut Line,
    managed: &[Condition],
    zh: bool,
) -> (record::Record, Option<Vec<record::Drug>>) {
    let text = |line: &Line, f: Field| line.get(f).map(str::to_string);
    let unreadable = |line: &mut Line, f: Field, m: String| {
        line.bad(Some(f), Problem::Unreadable(m));
    };
    let symptoms = match line.get(Field::Symptoms) {
        Some(s) => record::parse_symptoms(s, managed, zh).unwrap_or_else(|m| {
            unreadable(line, Field::Symptoms, m);
            Default::default()
        }),
        None => Default::default(),
    };
    let foot_pulse = line.get(Field::FootPulse).and_then(|s| {
        let p = record::FootPulse::parse(s);
        if p.is_none() {
            line.bad(
                Some(Field::FootPulse),
                Problem::NotOneOf {
                    value: s.to_string(),
                    words: "正常/左侧减弱/右侧减弱/双侧减弱/左侧消失/右侧消失/双侧消失".into(),
                },
            );
        }
        p
    });
    let grades: Vec<(&str, record::Grade)> = record::Grade::ALL
        .iter()
        .map(|g| (g.word(true), *g))
        .collect();
    let hypos: Vec<(&str, record::Hypoglycaemia)> = record::Hypoglycaemia::ALL
        .iter()
        .map(|h| (h.word(true), *h))
        .collect();
    let regimen = match line.get(Field::Medication) {
        // no medicines at all: the regimen is empty from that day
        Some("无" | "无用药" | "未用药") => Some(Vec::new()),
        Some(s) => record::parse_regimen(s, zh)
            .map_err(|m| unreadable(line, Field::Medication, m))
            .ok(),
        None => None,
    };
    let mut symptoms = symptoms;
    symptoms.other = text(line, Field::SymptomsOther);
    let r = record::Record {
        symptoms,
        weight_target_kg: line.number(Field::WeightTarget),
        other_signs: text(line, Field::OtherSigns),
        foot_pulse,
        cigarettes: record::Pair {
            now: line.number(Field::Cigarettes),
            target: line.number(Field::CigarettesTarget),
        },
        alcohol_liang: record::Pair {
            now: line.number(Field::Alcohol),
            target: line.number(Field::AlcoholTarget),
        },
        exercise_times: record::Pair {
            now: line.number(Field::ExerciseTimes),
            target: line.number(Field::ExerciseTimesTarget),
        },
        exercise_minutes: record::Pair {
            now: line.number(Field::ExerciseMinutes),
            target: line.number(Field::ExerciseMinutesTarget),
        },
        salt_target: line.word(Field::SaltTarget, SALT, Salt::code),
        staple_g: record::Pair {
            now: line.number(Field::Staple),
            target: line.number(Field::StapleTarget),
        },
        psychology: line.word(Field::Psychology, &grades, record::Grade::code),
        compliance: line.word(Field::Compliance, &grades, record::Grade::code),
        hba1c: line.number(Field::Hba1c),
        hba1c_on: line.date(Field::Hba1cOn, zh),
        other_tests: text(line, Field::OtherTests),
        adverse_what: text(line, Field::AdverseWhat),
        hypoglycaemia: line.word(Field::Hypoglycaemia, &hypos, record::Hypoglycaemia::code),
        referral_facility: text(line, Field::ReferralFacility),
        referral_department: text(line, Field::ReferralDepartment),
    };
    (r, regimen)
}

/// The column of a record's field, for a problem's place.
fn record_field(field: &str) -> Field {
    match field {
        "weight_target_kg" => Field::WeightTarget,
        "cigarettes" => Field::Cigarettes,
        "cigarettes_target" => Field::CigarettesTarget,
        "alcohol_liang" => Field::Alcohol,
        "alcohol_target" => Field::AlcoholTarget,
        "exercise_times" => Field::ExerciseTimes,
        "exercise_times_target" => Field::ExerciseTimesTarget,
        "exercise_minutes" => Field::ExerciseMinutes,
        "exercise_minutes_target" => Field::ExerciseMinutesTarget,
        "staple_g" => Field::Staple,
        "staple_target" => Field::StapleTarget,
        "hba1c" => Field::Hba1c,
        "hba1c_on" => Field::Hba1cOn,
        "foot_pulse" => Field::FootPulse,
        "other_signs" => Field::OtherSigns,
        "other_tests" => Field::OtherTests,
        "adverse_what" => Field::AdverseWhat,
        "hypoglycaemia" => Field::Hypoglycaemia,
        "referral_facility" => Field::ReferralFacility,
        "referral_department" => Field::ReferralDepartment,
        "symptoms_other" => Field::SymptomsOther,
        _ => Field::Symptoms,
    }
}
