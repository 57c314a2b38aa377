//! Writes. Each public function validates first, then writes in one
//! transaction with an audit entry; on any error nothing is written.

use super::record::{apply_regimen, insert_record};
use super::{Db, DbError, Result, audit, audit_change, row_json};
use crate::domain::colour;
use crate::domain::followup::{self, Assessment, Findings, Lifestyle};
use crate::domain::model::*;
use crate::domain::record::{self, Change, Drug, Record};
use crate::domain::refusal::Refusal;
use crate::domain::removal::{self};
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};

/// A visit or contact attempt as entered.
#[derive(Debug, Clone, PartialEq)]
pub struct NewVisit {
    pub kind: VisitKind,
    pub subject: Subject,
    pub staff_id: Option<i64>,
    pub team_id: Option<i64>,
    pub mode: VisitMode,
    pub date: NaiveDate,
    pub outcome: Outcome,
    pub call_again_on: Option<NaiveDate>,
    pub remove_reason: Option<RemoveReason>,
    pub findings: Findings,
    pub adherence: Option<Adherence>,
    /// Smoking, drinking, exercise, salt (§3): follow-ups only.
    pub lifestyle: Lifestyle,
    /// The next visit agreed on (§3); after the visit date.
    pub next_visit_on: Option<NaiveDate>,
    /// Who did the visit; `None` means the operator typing it in.
    pub visited_by: Option<String>,
    pub notes: Option<String>,
    /// The referral the result calls for, as the user edited it in the
    /// follow-up form before saving (issue 14); `None`: as proposed (§3, §7).
    pub referral: Option<ReferralChoice>,
    /// The national form's other fields (§3 "The follow-up record", issue
    /// 27): completed clinical follow-ups only.
    pub record: Record,
    /// The regimen the follow-up confirms, unchanged or changed (§3 用药情况);
    /// `None`: the visit says nothing of medicines.
    pub regimen: Option<Vec<Drug>>,
    /// A household visit's health-knowledge push (§2 ★5, issue 32): given
    /// or not, and its topic; `None`: not asked.
    pub push: Option<(bool, String)>,
}

/// Where, why and how urgently the referral a follow-up proposes is sent,
/// as edited before saving; it is sent only when a rule calls for one.
#[derive(Debug, Clone, PartialEq)]
pub struct ReferralChoice {
    pub to_level: crate::domain::referral::Level,
    pub reason: String,
    pub urgency: crate::domain::referral::Urgency,
}

impl NewVisit {
    /// A completed visit with nothing else filled in.
    pub fn completed(
        kind: VisitKind,
        subject: Subject,
        mode: VisitMode,
        date: NaiveDate,
    ) -> NewVisit {
        NewVisit {
            kind,
            subject,
            staff_id: None,
            team_id: None,
            mode,
            date,
            outcome: Outcome::Completed,
            call_again_on: None,
            remove_reason: None,
            findings: Findings::default(),
            adherence: None,
            lifestyle: Lifestyle::default(),
            next_visit_on: None,
            visited_by: None,
            notes: None,
            referral: None,
            record: Record::default(),
            regimen: None,
            push: None,
        }
    }
}

/// What recording did: the follow-up's assessment and the colour change.
#[derive(Debug, Clone, PartialEq)]
pub struct Recorded {
    pub visit_id: i64,
    pub assessment: Option<Assessment>,
    pub colour_before: Option<Colour>,
    pub colour_after: Option<Colour>,
    /// The referral the follow-up called for, sent with it (§3, §7).
    pub referral_id: Option<i64>,
}

pub(super) fn refuse<T>(r: Refusal) -> Result<T> {
    Err(DbError::Refused(r))
}

/// Who did the visit: a name, not a paragraph.
pub const VISITED_BY_MAX: usize = 20;

impl Db {
    /// Records a visit or contact outcome (domain.md §3, §4, §6). A completed
    /// clinical follow-up is classified and may change the colour (recorded in
    /// the history); removal for death, moving or transfer ends management and
    /// changes the resident's status; nothing is ever deleted.
    pub fn record_visit(&mut self, v: &NewVisit, today: NaiveDate) -> Result<Recorded> {
        self.guarded(|db| db.record_visit_tx(v, today))
    }

    fn record_visit_tx(&mut self, v: &NewVisit, today: NaiveDate) -> Result<Recorded> {
        let rules = self.rules()?;
        if !v.kind.is_visit() {
            return refuse(Refusal::CarePlanNotAVisit);
        }
        if v.date > today {
            return refuse(Refusal::VisitInFuture {
                date: v.date,
                today,
            });
        }
        if let Err(errs) = followup::validate(&v.findings.vitals) {
            return refuse(Refusal::Vitals(
                errs.into_iter().map(|e| (e.field, e.problem)).collect(),
            ));
        }
        match (v.outcome, v.call_again_on, v.remove_reason) {
            (Outcome::CallAgain, None, _) => {
                return refuse(Refusal::CallAgainNeedsDate);
            }
            (Outcome::CallAgain, Some(d), _) if d <= v.date => {
                return refuse(Refusal::CallAgainNotAfter {
                    again: d,
                    visit: v.date,
                });
            }
            (Outcome::Removed, _, None) => {
                return refuse(Refusal::RemovalNeedsReason);
            }
            _ => {}
        }
        let vitals_given = v.findings.vitals != followup::Vitals::default();
        if vitals_given && (v.outcome != Outcome::Completed || !v.kind.is_clinical_followup()) {
            return refuse(Refusal::VitalsOnlyOnFollowup);
        }
        if !v.lifestyle.is_empty()
            && (v.outcome != Outcome::Completed || !v.kind.is_clinical_followup())
        {
            return refuse(Refusal::LifestyleOnlyOnFollowup);
        }
        let clinical_done = v.outcome == Outcome::Completed && v.kind.is_clinical_followup();
        if (!v.record.is_empty() || v.regimen.is_some()) && !clinical_done {
            return refuse(Refusal::RecordOnlyOnFollowup);
        }
        if let Some(drugs) = &v.regimen {
            let errs = record::validate_regimen(drugs);
            if !errs.is_empty() {
                return refuse(Refusal::Record(errs));
            }
        }
        if let Some(m) = v.lifestyle.exercise_min_week {
            let (lo, hi) = followup::EXERCISE_RANGE;
            if !(lo..=hi).contains(&m) {
                return refuse(Refusal::ExerciseOutOfRange { minutes: m, lo, hi });
            }
        }
        if let Some(n) = v.next_visit_on
            && n <= v.date
        {
            return refuse(Refusal::NextVisitNotAfter {
                next: n,
                visit: v.date,
            });
        }
        let visited_by = v
            .visited_by
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .unwrap_or(self.operator.as_str())
            .to_string();
        if visited_by.chars().count() > VISITED_BY_MAX {
            return refuse(Refusal::VisitorTooLong {
                name: visited_by,
                max: VISITED_BY_MAX,
            });
        }
        // One IMMEDIATE transaction from the first read to the commit: what the
        // classification and the colour are computed from cannot change under
        // them, and nothing is half-written. It holds the write lock for the
        // few reads of one subject only.
        let tx = self.begin()?;
        self.check_unchanged()?;
        for (sql, id, what) in [
            (
                "SELECT 1 FROM staff WHERE id = ?1",
                v.staff_id,
                "staff member",
            ),
            (
                "SELECT 1 FROM doctor_team WHERE id = ?1",
                v.team_id,
                "doctor team",
            ),
        ] {
            if let Some(id) = id
                && self
                    .conn
                    .query_row(sql, [id], |_| Ok(()))
                    .optional()?
                    .is_none()
            {
                return refuse(Refusal::UnknownWorker { what, id });
            }
        }
        let (household_id, resident) = match v.subject {
            Subject::Household(id) => {
                if v.kind != VisitKind::Household {
                    return refuse(Refusal::ResidentVisitOnHousehold);
                }
                let reg: Option<NaiveDate> = self
                    .conn
                    .query_row(
                        "SELECT registered_on FROM household WHERE id = ?1",
                        [id],
                        |r| r.get(0),
                    )
                    .optional()?;
                match reg {
                    None => return refuse(Refusal::NoHousehold(id)),
                    Some(reg) if v.date < reg => {
                        return refuse(Refusal::BeforeRegistered {
                            date: v.date,
                            registered: reg,
                        });
                    }
                    _ => {}
                }
                (Some(id), None)
            }
            Subject::Resident(id) => {
                if v.kind == VisitKind::Household {
                    return refuse(Refusal::HouseholdVisitOnResident);
                }
                let r = self
                    .conn
                    .query_row(
                        &format!(
                            "SELECT {} FROM resident WHERE id = ?1",
                            super::read::RESIDENT_COLUMNS
                        ),
                        [id],
                        super::read::resident_row,
                    )
                    .optional()?;
                let Some(mut r) = r else {
                    return refuse(Refusal::NoResident(id));
                };
                if v.date < r.birth_date {
                    return refuse(Refusal::BeforeBorn {
                        date: v.date,
                        name: r.name,
                        born: r.birth_date,
                    });
                }
                if !r.active_on(v.date) {
                    return refuse(Refusal::NotActive {
                        status: r.status.to_string(),
                        name: r.name,
                    });
                }
                r.conditions = self.conditions_of(id)?;
                // the national form's fields, against the conditions managed that day
                let managed: Vec<Condition> = r
                    .conditions
                    .iter()
                    .filter(|c| c.managed_on(v.date))
                    .map(|c| c.condition)
                    .collect();
                let errs = record::validate(&v.record, v.date, &managed);
                if !errs.is_empty() {
                    return refuse(Refusal::Record(errs));
                }
                (None, Some(r))
            }
        };

        // Classify a completed clinical follow-up from its readings, against
        // the previous one (§3). The patient's follow-ups and referrals are
        // read once: for the colour before, the assessment and the colour after.
        let mut assessment = None;
        let mut colour_before = None;
        let mut record = None;
        let clinical = v.kind.is_clinical_followup() && v.outcome == Outcome::Completed;
        let entered = VisitRecord {
            id: i64::MAX,
            kind: v.kind,
            subject: v.subject,
            date: v.date,
            outcome: v.outcome,
            call_again_on: v.call_again_on,
            remove_reason: v.remove_reason,
            findings: v.findings,
            push_given: v.push.as_ref().map(|p| p.0),
        };
        if let Some(r) = &resident
            && v.kind.is_clinical_followup()
        {
            if !r.is_managed_patient(v.date) {
                return refuse(Refusal::NotManaged {
                    name: r.name.clone(),
                    date: v.date,
                });
            }
            let visits = self.visits_of(v.subject)?;
            let referrals = self.referrals_of(r.id)?;
            colour_before = colour_now(r, &visits, &referrals, today, &rules).map(|c| c.colour);
            if clinical {
                let refs: Vec<&VisitRecord> = visits.iter().collect();
                assessment = Some(followup::assess_new(r, &refs, &entered, &rules));
            }
            record = Some((visits, referrals));
        }

        // the regimen's changes (§3 用药情况), against the one in force that
        // day; a later visit's change first would leave the history out of
        // order, so changes are recorded in date order
        let regimen = match (&v.regimen, &resident) {
            (Some(drugs), Some(r)) => {
                let lines = self.regimen_lines(r.id)?;
                if let Some(later) = lines
                    .iter()
                    .flat_map(|l| [Some(l.from), l.until])
                    .flatten()
                    .filter(|d| *d > v.date)
                    .max()
                {
                    return refuse(Refusal::RegimenChangedLater {
                        later,
                        visit: v.date,
                    });
                }
                let in_force: Vec<Drug> = record::regimen_on(&lines, v.date)
                    .into_iter()
                    .map(|l| l.drug.clone())
                    .collect();
                Some((lines, record::changes(&in_force, drugs)))
            }
            _ => None,
        };
        // the yes/no and weekly minutes older readers know, from the amounts
        let mut lifestyle = v.lifestyle;
        let rec = &v.record;
        lifestyle.smoking = lifestyle.smoking.or(rec.cigarettes.now.map(|n| n > 0));
        lifestyle.drinking = lifestyle
            .drinking
            .or(rec.alcohol_liang.now.map(|n| n > 0.0));
        if let (None, Some(t), Some(m)) = (
            lifestyle.exercise_min_week,
            rec.exercise_times.now,
            rec.exercise_minutes.now,
        ) {
            lifestyle.exercise_min_week = Some(t * m);
        }
        let (f, life) = (&v.findings, &lifestyle);
        tx.execute(
            "INSERT INTO visit (kind, household_id, resident_id, staff_id, team_id, mode, visit_date, outcome, call_again_on,
                remove_reason, sbp, dbp, heart_rate, fpg, weight_kg, height_cm, adherence, adverse_reaction, adverse_uncontrolled,
                complication, emergency_symptoms, classification, referral, notes, recorded_by, recorded_at,
                smoking, drinking, exercise_min_week, salt, next_visit_on, visited_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, datetime('now'),
                ?26, ?27, ?28, ?29, ?30, ?31)",
            params![
                v.kind, household_id, resident.as_ref().map(|r| r.id), v.staff_id, v.team_id, v.mode, v.date, v.outcome,
                v.call_again_on, v.remove_reason, f.vitals.sbp, f.vitals.dbp, f.vitals.heart_rate, f.vitals.fpg,
                f.vitals.weight_kg, f.vitals.height_cm, v.adherence, f.adverse_reaction, f.adverse_uncontrolled,
                f.complication.unwrap_or(Complication::None), f.emergency_symptoms,
                assessment.as_ref().and_then(|a| a.classification), assessment.as_ref().map_or(ReferralNeed::None, |a| a.referral),
                v.notes.as_deref().map(|n| n.trim().replace("\r\n", "\n")).filter(|n| !n.is_empty()), self.operator,
                life.smoking, life.drinking, life.exercise_min_week, life.salt, v.next_visit_on, visited_by,
            ],
        )?;
        let visit_id = tx.last_insert_rowid();
        if let Some((given, topic)) = &v.push {
            crate::domain::events::check_push(v.kind, *given, topic).map_err(Refusal::Events)?;
            tx.execute(
                "UPDATE visit SET push_given = ?1, push_topic = ?2 WHERE id = ?3",
                rusqlite::params![
                    given,
                    Some(topic.trim()).filter(|t| !t.is_empty()),
                    visit_id
                ],
            )?;
        }
        if !v.record.is_empty() {
            insert_record(&tx, visit_id, &v.record)?;
        }
        let mut detail = format!("{} {} {}", v.kind, v.outcome, v.date);
        if let (Some((lines, changes)), Some(r)) = (&regimen, &resident) {
            apply_regimen(&tx, r.id, v.date, visit_id, lines, changes)?;
            for c in changes {
                detail += &match c {
                    Change::Start(d) => format!("; 开始用药 {}", d.text(true)),
                    Change::Stop(name) => format!("; 停药 {name}"),
                    Change::Dose { to, .. } => format!("; 调整剂量 {}", to.text(true)),
                };
            }
        }
        audit(
            &tx,
            &self.operator,
            "record_visit",
            "visit",
            visit_id,
            &detail,
        )?;

        if let (Subject::Household(h), Some(reason)) = (v.subject, v.remove_reason)
            && matches!(
                reason,
                RemoveReason::Died | RemoveReason::Moved | RemoveReason::Transferred
            )
        {
            // A household visit removed for a death ends that member's
            // management (the only one left); a move or transfer, everyone's.
            let members: Vec<Resident> = self
                .household_members(h)?
                .into_iter()
                .filter(|m| m.active_on(v.date))
                .collect();
            if reason == RemoveReason::Died && members.len() > 1 {
                return refuse(Refusal::WhoDied);
            }
            for m in &members {
                let mut m = m.clone();
                m.conditions = self.conditions_of(m.id)?;
                end_management(&tx, &self.operator, &m, reason, v.date, true)?;
            }
        }
        if let (Some(r), Some(reason)) = (&resident, v.remove_reason) {
            end_management(
                &tx,
                &self.operator,
                r,
                reason,
                v.date,
                v.kind.is_clinical_followup(),
            )?;
        }
        // §3/§7: a follow-up that calls for a referral sends it in this same
        // transaction, unless one is already open (it keeps the patient red).
        let mut referral_id = None;
        if let (Some(r), Some((_, referrals)), Some(a)) =
            (resident.as_ref(), record.as_mut(), assessment.as_ref())
            && !referrals
                .iter()
                .any(|f| f.returned_on.is_none_or(|b| b > v.date) && f.sent_on <= v.date)
        {
            let from = self.visit_level(v.staff_id)?;
            if let Some(p) = crate::domain::referral::propose(a, from) {
                // as proposed, or as the user edited it in the form (issue 14)
                let chosen = v.referral.as_ref();
                let nr = super::NewReferral {
                    from_level: p.from,
                    to_level: chosen.map_or(p.to, |c| c.to_level),
                    reason: chosen.map_or_else(
                        || crate::domain::referral::rule_text(p.rule, true).to_string(),
                        |c| c.reason.clone(),
                    ),
                    urgency: chosen.map_or(p.urgency, |c| c.urgency),
                    sent_on: v.date,
                    visit_id: Some(visit_id),
                };
                let id = super::referral::send_in(&tx, &self.operator, r.id, &nr, today)?;
                referrals.push(ReferralRecord {
                    id,
                    resident_id: r.id,
                    sent_on: v.date,
                    returned_on: None,
                });
                referral_id = Some(id);
            }
        }
        let mut colour_after = colour_before;
        if let (Some(r), Some((mut visits, referrals)), Some(_)) =
            (resident.as_ref(), record, assessment.as_ref())
            && r.is_managed_patient(v.date)
        {
            visits.push(VisitRecord {
                id: visit_id,
                ..entered
            });
            if let Some(now) = colour_now(r, &visits, &referrals, today, &rules) {
                append_colour_change(&tx, r.id, now)?;
                colour_after = Some(now.colour);
            }
        }
        tx.commit()?;
        Ok(Recorded {
            visit_id,
            assessment,
            colour_before,
            colour_after,
            referral_id,
        })
    }

    /// The level a visit is made from (§7): a village doctor's is the
    /// village clinic's; anyone else's, the township health centre's.
    fn visit_level(&self, staff_id: Option<i64>) -> Result<crate::domain::referral::Level> {
        use crate::domain::referral::Level;
        let role: Option<StaffRole> = match staff_id {
            Some(id) => self
                .conn
                .query_row("SELECT role FROM staff WHERE id = ?1", [id], |r| r.get(0))
                .optional()?,
            None => None,
        };
        Ok(match role {
            Some(StaffRole::VillageDoctor) => Level::Village,
            _ => Level::Township,
        })
    }

    /// Appends the patient's colour now to the history after a referral
    /// changed (§4: a change is recorded with its date and cause).
    pub(crate) fn recolour_in(
        &self,
        tx: &Connection,
        resident_id: i64,
        today: NaiveDate,
    ) -> Result<()> {
        let rules = self.rules()?;
        let Some(mut r) = self.resident(resident_id)? else {
            return Ok(());
        };
        r.conditions = self.conditions_of(resident_id)?;
        if !r.is_managed_patient(today) {
            return Ok(());
        }
        let visits = self.visits_of(Subject::Resident(resident_id))?;
        let referrals = super::read::referrals_of(tx, resident_id)?;
        if let Some(now) = colour_now(&r, &visits, &referrals, today, &rules) {
            append_colour_change(tx, resident_id, now)?;
        }
        Ok(())
    }
}

/// The patient's colour now, from their follow-ups and referrals (§4).
fn colour_now(
    r: &Resident,
    visits: &[VisitRecord],
    referrals: &[ReferralRecord],
    today: NaiveDate,
    rules: &crate::domain::rules::Rules,
) -> Option<colour::ColourChange> {
    let v: Vec<&VisitRecord> = visits.iter().collect();
    let rf: Vec<&ReferralRecord> = referrals.iter().collect();
    colour::patient_history(r, &v, &rf, today, rules)
        .last()
        .copied()
}

/// Appends the current colour to the history when it differs from the last entry (§4).
fn append_colour_change(
    tx: &Connection,
    resident_id: i64,
    now: colour::ColourChange,
) -> Result<()> {
    let last: Option<(Colour, String)> = tx
        .query_row(
            "SELECT colour, cause FROM colour_history WHERE resident_id = ?1 ORDER BY since DESC, id DESC LIMIT 1",
            [resident_id],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    if last.as_ref().map(|(c, k)| (*c, k.as_str())) != Some((now.colour, now.cause.code())) {
        tx.execute(
            "INSERT INTO colour_history (resident_id, colour, since, cause, visit_id) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![resident_id, now.colour, now.since, now.cause.code(), now.visit_id],
        )?;
    }
    Ok(())
}

/// Death, moving and transfer end management and change the status; refusal
/// ends chronic management only; a wrong phone only takes the task off the
/// queue (§6). Nothing is deleted.
pub(super) fn end_management(
    tx: &Connection,
    operator: &str,
    r: &Resident,
    reason: RemoveReason,
    date: NaiveDate,
    clinical: bool,
) -> Result<()> {
    let (status, end) = (
        removal::status_after(reason),
        removal::end_reason(reason, clinical),
    );
    if let Some(s) = status {
        let before = row_json(tx, "resident", r.id)?;
        tx.execute(
            "UPDATE resident SET status = ?1, status_date = ?2 WHERE id = ?3",
            params![s, date, r.id],
        )?;
        audit_change(
            tx,
            operator,
            "set_status",
            "resident",
            r.id,
            s.code(),
            before,
        )?;
    }
    if let Some(e) = end {
        tx.execute(
            "UPDATE chronic_condition SET managed_until = max(?1, managed_from), end_reason = ?2 WHERE resident_id = ?3 AND managed_until IS NULL",
            params![date, e, r.id],
        )?;
        audit(tx, operator, "end_management", "resident", r.id, e.code())?;
    }
    Ok(())
}
