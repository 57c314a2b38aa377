//! Editing a resident, overriding a household's tier, ending a resident's
//! management and undoing a removal.

use super::*;

impl Form {
    /// Edits a resident; their care plan has its own form (`L`, `care_plan`).
    pub fn resident(r: &Resident, lang: Lang, rules: &Rules, today: NaiveDate) -> Form {
        let s = strings::strings(lang);
        let yn = |b: bool| usize::from(b);
        let fields = vec![
            Field::new(FieldId::Name, s.f_name, FieldKind::Text, &r.name),
            Field::new(
                FieldId::IdNumber,
                s.f_id_number,
                FieldKind::Text,
                &r.id_number,
            ),
            Field::new(
                FieldId::Phone,
                s.f_phone,
                FieldKind::Text,
                r.phone.as_deref().unwrap_or(""),
            ),
            registration::relation_choice(
                lang,
                Relation::ALL
                    .iter()
                    .position(|x| *x == r.relation)
                    .unwrap_or(0),
            ),
            Field::choice(
                FieldId::LivesAlone,
                s.f_lives_alone,
                yes_no(s),
                yn(r.lives_alone_no_carer),
            ),
            Field::choice(FieldId::Disabled, s.f_disabled, yes_no(s), yn(r.disabled)),
            Field::choice(FieldId::Ill, s.f_ill, yes_no(s), yn(r.seriously_ill)),
        ];
        Form::new(
            FormKind::Resident { id: r.id },
            format!("{} · {}", s.form_resident, r.name),
            fields,
            lang,
            rules,
            today,
        )
    }

    /// The resident form with only the phone number asked (a grid worker's
    /// correction, issue 25 item 9): the other fields keep the resident's
    /// values, hidden, and are saved through the same edit unchanged.
    pub fn phone_only(mut self) -> Form {
        let s = strings::strings(self.lang);
        for (i, f) in self.fields.iter_mut().enumerate() {
            f.hidden = f.id != FieldId::Phone;
            if !f.hidden {
                self.focus = i;
            }
        }
        if let Some((_, name)) = self.title.split_once(" · ") {
            self.title = format!("{} · {name}", s.form_phone);
        }
        self
    }

    pub fn tier(h: &Household, lang: Lang, rules: &Rules, today: NaiveDate) -> Form {
        let s = strings::strings(lang);
        let mut tiers = vec![("0", s.no_override.to_string())];
        let codes = ["1", "2", "3", "4", "5"];
        tiers.extend(
            codes
                .iter()
                .zip(1u8..)
                .filter_map(|(c, n)| Tier::new(n).map(|t| (*c, strings::tier(lang, t)))),
        );
        let (sel, why) = match &h.tier_override {
            Some((t, why)) => (usize::from(t.number()), why.as_str()),
            None => (0, ""),
        };
        let fields = vec![
            Field::choice(FieldId::Tier, s.f_tier, tiers, sel),
            Field::new(FieldId::Reason, s.f_reason, FieldKind::Text, why),
        ];
        Form::new(
            FormKind::Tier { id: h.id },
            format!("{} · {}", s.form_tier, h.display_name()),
            fields,
            lang,
            rules,
            today,
        )
    }

    /// Ends a resident's management: died, moved or transferred, on a date.
    pub fn end_resident(m: &Resident, lang: Lang, rules: &Rules, today: NaiveDate) -> Form {
        let s = strings::strings(lang);
        let reasons = [
            RemoveReason::Died,
            RemoveReason::Moved,
            RemoveReason::Transferred,
        ];
        let fields = vec![
            Field::choice(
                FieldId::Reason,
                s.f_reason,
                options(&reasons, RemoveReason::code, |r| {
                    strings::remove_reason(lang, r)
                }),
                0,
            ),
            Field::new(FieldId::Date, s.f_date, FieldKind::Date, &today.to_string()),
        ];
        Form::new(
            FormKind::EndResident { id: m.id },
            format!("{} · {}", s.form_end, m.name),
            fields,
            lang,
            rules,
            today,
        )
    }

    /// The deadline of the task the form records for (`task.when.deadline()`):
    /// a call-again date after it is warned about (issue 10, item 8).
    pub fn with_due(mut self, due: NaiveDate) -> Form {
        self.due = Some(due);
        self.refresh();
        self
    }

    /// Fills "who did the visit" with the session's operator (`db.operator`);
    /// left empty, saving writes the operator all the same.
    pub fn with_operator(mut self, operator: &str) -> Form {
        if let Some(f) = self
            .fields
            .iter_mut()
            .find(|f| f.id == FieldId::VisitedBy && f.text().is_empty())
        {
            f.fill(operator);
        }
        self.refresh();
        self
    }

    /// Undoes the latest removal of a resident (or of a household's own
    /// task): what it reverses is shown, Ctrl-S confirms (issue 10, item 8).
    /// `None` when there is nothing to undo.
    pub fn undo_removal(
        snap: &crate::snapshot::Snapshot,
        subject: Subject,
        lang: Lang,
        today: NaiveDate,
    ) -> Option<Form> {
        let visits_of = |x: Subject| -> Vec<VisitRecord> {
            snap.town
                .visits
                .iter()
                .filter(|v| v.subject == x)
                .cloned()
                .collect()
        };
        let (name, rm) = match subject {
            Subject::Resident(id) => {
                let (h, m) = snap.find_resident(id)?;
                let own = visits_of(subject);
                let home = visits_of(Subject::Household(h.id));
                (
                    m.name.clone(),
                    removal::latest_for_resident(m, &own, &home)?,
                )
            }
            Subject::Household(id) => {
                let h = snap.find_household(id)?;
                (
                    h.display_name().to_string(),
                    removal::latest_for_household(&visits_of(subject))?,
                )
            }
        };
        let s = strings::strings(lang);
        let what = format!(
            "{} {}{}{}",
            rm.date,
            s.removal,
            s.colon,
            strings::remove_reason(lang, rm.reason)
        );
        let fields = vec![Field::choice(
            FieldId::Undo,
            s.f_undo,
            vec![("undo", what)],
            0,
        )];
        Some(Form::new(
            FormKind::UndoRemoval {
                subject,
                removal: rm,
            },
            format!("{} · {name}", s.form_undo),
            fields,
            lang,
            &snap.rules,
            today,
        ))
    }
}
