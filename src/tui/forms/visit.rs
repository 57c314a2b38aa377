//! The visit and contact-outcome forms: the follow-up's fields, its findings
//! and lifestyle as typed, and the referral it proposes (issue 14).

use super::*;

impl Form {
    /// A visit of `kind`; a clinical follow-up has the national form's
    /// fields for the patient's conditions, in the paper's order and
    /// sections (`paper`, issue 27), and starts on the systolic field:
    /// BP, then Ctrl-S saves with the regimen confirmed unchanged.
    #[allow(clippy::too_many_arguments)]
    pub fn visit(
        kind: VisitKind,
        subject: Subject,
        name: &str,
        patient: Option<Box<(Resident, Vec<VisitRecord>)>>,
        carried: Option<crate::db::Carried>,
        lang: Lang,
        rules: &Rules,
        today: NaiveDate,
    ) -> Form {
        let s = strings::strings(lang);
        // Height changes slowly: the last one measured is offered again.
        let height = patient
            .as_ref()
            .and_then(|p| {
                p.1.iter()
                    .filter(|v| v.findings.vitals.height_cm.is_some())
                    .max_by_key(|v| (v.date, v.id))
                    .and_then(|v| v.findings.vitals.height_cm)
            })
            .map_or(String::new(), |h| format!("{h}"));
        let modes = options(VisitMode::ALL, VisitMode::code, |m| strings::mode(lang, m));
        let default_mode = if kind == VisitKind::Followup { 0 } else { 1 };
        let mut fields = vec![
            Field::new(FieldId::Date, s.f_date, FieldKind::Date, &today.to_string()),
            Field::choice(FieldId::Mode, s.f_mode, modes, default_mode),
        ];
        let clinical = kind.is_clinical_followup();
        // what earlier visits left is read when the form opens; without it
        // (a patient not in the lists) the medicines are not asked
        let paper = clinical.then(|| match (&patient, carried) {
            (Some(p), Some(c)) => Paper::new(&p.0, today, c),
            (Some(p), None) => Paper {
                known: false,
                ..Paper::new(&p.0, today, Default::default())
            },
            _ => Paper {
                htn: true,
                ..Default::default()
            },
        });
        if let Some(paper) = &paper {
            for f in &mut fields {
                f.section = Some(s.sec_visit);
            }
            fields.extend(Form::paper_fields(s, lang, paper, &height));
        }
        let mut by = Field::new(FieldId::VisitedBy, s.f_visited_by, FieldKind::Text, "");
        by.placeholder = Some(s.visited_by_operator.to_string());
        by.input.set_placeholder_text(s.visited_by_operator);
        fields.push(by);
        fields.push(Field::new(FieldId::Notes, s.f_notes, FieldKind::Notes, ""));
        if kind == VisitKind::Household {
            // §2 ★5: the yearly visit counts with its push (issue 32)
            fields.push(Field::choice(FieldId::Push, s.f_push, yes_no(s), 1));
            fields.push(Field::new(
                FieldId::PushTopic,
                s.f_push_topic,
                FieldKind::Text,
                "",
            ));
        }
        if clinical {
            let n = fields.len();
            for f in &mut fields[n - 2..] {
                f.section = Some(s.sec_next);
            }
        }
        let mut f = Form::new(
            FormKind::Visit {
                kind,
                subject,
                patient,
            },
            format!("{} · {name} · {}", s.form_visit, strings::kind(lang, kind)),
            fields,
            lang,
            rules,
            today,
        );
        if clinical {
            f.focus = f
                .fields
                .iter()
                .position(|x| x.id == FieldId::Sbp)
                .unwrap_or(2);
            f.paper = paper.map(Box::new);
            f.refresh();
        }
        f
    }

    pub fn outcome(
        kind: VisitKind,
        subject: Subject,
        name: &str,
        lang: Lang,
        rules: &Rules,
        today: NaiveDate,
    ) -> Form {
        let s = strings::strings(lang);
        let outcomes: Vec<Outcome> = Outcome::ALL
            .iter()
            .copied()
            .filter(|o| *o != Outcome::Completed)
            .collect();
        let fields = vec![
            Field::choice(
                FieldId::Outcome,
                s.f_outcome,
                options(&outcomes, Outcome::code, |o| strings::outcome(lang, o)),
                0,
            ),
            Field::new(FieldId::Date, s.f_date, FieldKind::Date, &today.to_string()),
            Field::choice(
                FieldId::Mode,
                s.f_mode,
                options(VisitMode::ALL, VisitMode::code, |m| strings::mode(lang, m)),
                // a grid worker's household visit is made at the home; other
                // tasks' attempts are most often a call (issue 25 item 16)
                if kind == VisitKind::Household {
                    VisitMode::Home as usize
                } else {
                    VisitMode::Phone as usize
                },
            ),
            Field::new(FieldId::CallAgain, s.f_call_again, FieldKind::Date, ""),
            Field::choice(
                FieldId::Reason,
                s.f_reason,
                options(RemoveReason::ALL, RemoveReason::code, |r| {
                    strings::remove_reason(lang, r)
                }),
                0,
            ),
            Field::new(FieldId::Notes, s.f_notes, FieldKind::Notes, ""),
        ];
        Form::new(
            FormKind::Outcome { kind, subject },
            format!(
                "{} · {name} · {}",
                s.form_outcome,
                strings::kind(lang, kind)
            ),
            fields,
            lang,
            rules,
            today,
        )
    }

    pub(super) fn findings(&self) -> Findings {
        let int = |id| self.number(id).map(|v| v as i32);
        Findings {
            vitals: Vitals {
                sbp: int(FieldId::Sbp),
                dbp: int(FieldId::Dbp),
                heart_rate: int(FieldId::Hr),
                fpg: self.number(FieldId::Fpg),
                weight_kg: self.number(FieldId::Weight),
                height_cm: self.number(FieldId::Height),
            },
            adverse_reaction: self
                .field(FieldId::Adverse)
                .is_some_and(|f| f.code() == "1"),
            adverse_uncontrolled: false,
            complication: self
                .field(FieldId::Complication)
                .and_then(|f| Complication::from_code(f.code())),
            emergency_symptoms: self
                .field(FieldId::Emergency)
                .is_some_and(|f| f.code() == "1"),
        }
    }

    /// Smoking, drinking, exercise and salt as answered (§3).
    pub(super) fn lifestyle(&self) -> Lifestyle {
        let yes_no = |id| match self.field(id).map_or("", |f| f.code()) {
            "1" => Some(true),
            "0" => Some(false),
            _ => None,
        };
        Lifestyle {
            smoking: yes_no(FieldId::Smoking),
            drinking: yes_no(FieldId::Drinking),
            exercise_min_week: self.number(FieldId::Exercise).map(|v| v as i32),
            salt: self
                .field(FieldId::Salt)
                .and_then(|f| Salt::from_code(f.code())),
        }
    }

    /// Shows the follow-up's referral fields while a rule calls for a
    /// referral, filled from the proposal (to, the rule as the reason,
    /// urgency) when it is new; edits stay while the proposal stays the same.
    pub(super) fn show_referral(&mut self, proposed: Option<crate::domain::referral::Proposal>) {
        use crate::domain::referral::{Level, Urgency};
        if !matches!(self.kind, FormKind::Visit { .. }) {
            return;
        }
        let fresh = proposed.is_some() && proposed != self.referral_filled;
        for f in self.fields.iter_mut() {
            let ours = matches!(f.id, FieldId::RefTo | FieldId::RefReason | FieldId::Urgency);
            if !ours {
                continue;
            }
            f.hidden = proposed.is_none();
            let Some(p) = proposed.filter(|_| fresh) else {
                continue;
            };
            match f.id {
                FieldId::RefTo => f.choice = usize::from(p.to == Level::County),
                FieldId::Urgency => f.choice = usize::from(p.urgency == Urgency::Emergency),
                _ => {
                    // stored in Chinese, as the referral a follow-up sends always was
                    let rule = crate::domain::referral::rule_text(p.rule, true);
                    f.fill(rule);
                }
            }
        }
        if fresh {
            self.referral_filled = proposed;
        }
    }

    /// The referral as edited, when the form shows one (issue 14).
    pub(super) fn referral_choice(&self) -> Option<crate::db::ReferralChoice> {
        use crate::domain::referral::{Level, Urgency};
        let to = self.field(FieldId::RefTo).filter(|f| !f.hidden)?;
        Some(crate::db::ReferralChoice {
            to_level: Level::from_code(to.code()).unwrap_or(Level::County),
            reason: self
                .field(FieldId::RefReason)
                .map(Field::text)
                .unwrap_or_default(),
            urgency: self
                .field(FieldId::Urgency)
                .and_then(|f| Urgency::from_code(f.code()))
                .unwrap_or(Urgency::Routine),
        })
    }
}
