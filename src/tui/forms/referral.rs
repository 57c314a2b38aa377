//! Referral forms (issue 14, domain.md §7): sent (from the resident screen:
//! from, to, reason, urgency, date), received (a date), returned down (a date
//! and the county's advice), closed (a date and the outcome). Each is a field
//! table and one command of `db::referral`, the same the `gridcare referral`
//! commands issue.

use super::command::Command;
use super::options;
use super::registration::RegistrationFail;
use super::{Field, FieldId, FieldKind, Form, Registration};
use crate::db::NewReferral;
use crate::domain::referral::{Level, Transition, Urgency};
use crate::domain::rules::Rules;
use crate::words::{self as strings, Lang};
use chrono::NaiveDate;

/// The levels a referral goes from or to, as a choice.
pub(super) fn level_choice(
    id: FieldId,
    label: &'static str,
    levels: &[Level],
    at: Level,
    lang: Lang,
) -> Field {
    let opts = options(levels, Level::code, |l| crate::words::level(lang, l));
    let start = levels.iter().position(|l| *l == at).unwrap_or(0);
    Field::choice(id, label, opts, start)
}

/// Routine or emergency, as a choice.
pub(super) fn urgency_choice(at: Urgency, lang: Lang) -> Field {
    let opts = options(Urgency::ALL, Urgency::code, |u| {
        crate::words::urgency(lang, u)
    });
    let start = Urgency::ALL.iter().position(|u| *u == at).unwrap_or(0);
    Field::choice(
        FieldId::Urgency,
        strings::strings(lang).r_urgency,
        opts,
        start,
    )
}

impl Form {
    /// Sends a referral of `resident` (key `R` on the resident screen, §7):
    /// from the township health centre to the county hospital, routine, today,
    /// as `gridcare referral send` does by default.
    pub fn send_referral(
        resident: (i64, &str),
        lang: Lang,
        rules: &Rules,
        today: NaiveDate,
    ) -> Form {
        let s = strings::strings(lang);
        let fields = vec![
            level_choice(
                FieldId::RefFrom,
                s.r_from,
                &[Level::Village, Level::Township],
                Level::Township,
                lang,
            ),
            level_choice(
                FieldId::RefTo,
                s.r_to,
                &[Level::Township, Level::County],
                Level::County,
                lang,
            ),
            Field::new(FieldId::Reason, s.f_reason, FieldKind::Text, ""),
            urgency_choice(Urgency::Routine, lang),
            Field::day(FieldId::Date, s.f_date, today),
        ];
        let r = Registration::SendReferral {
            resident: resident.0,
        };
        Form::registration_on(
            r,
            s.form_send_referral,
            resident.1,
            fields,
            lang,
            rules,
            today,
        )
    }

    pub(super) fn submit_send_referral(
        &mut self,
        resident: i64,
    ) -> Result<Command, RegistrationFail> {
        let s = strings::strings(self.lang);
        let level = |f: &Form, id| {
            f.field(id)
                .and_then(|x| Level::from_code(x.code()))
                .ok_or(RegistrationFail::Field(id))
        };
        let r = NewReferral {
            from_level: level(self, FieldId::RefFrom)?,
            to_level: level(self, FieldId::RefTo)?,
            reason: self.text_of(FieldId::Reason),
            urgency: self
                .field(FieldId::Urgency)
                .and_then(|x| Urgency::from_code(x.code()))
                .unwrap_or(Urgency::Routine),
            sent_on: self
                .date(FieldId::Date)
                .ok_or(RegistrationFail::Field(FieldId::Date))?,
            visit_id: None,
        };
        if r.reason.is_empty() {
            return Err(RegistrationFail::Field(FieldId::Reason));
        }
        let today = self.today;
        Ok(Command::new(move |db| {
            let id = db.send_referral(resident, &r, today)?;
            Ok(format!("{}{}", s.saved, strings::fill(s.referral_sent, &[&id])).into())
        }))
    }

    /// The form of one step of referral `id` for resident `name`.
    pub fn referral_step(
        id: i64,
        name: &str,
        step: Transition,
        lang: Lang,
        rules: &Rules,
        today: NaiveDate,
    ) -> Form {
        let s = strings::strings(lang);
        let mut fields = vec![Field::day(FieldId::Date, s.f_date, today)];
        let title = match step {
            Transition::Receive => s.form_receive,
            Transition::Return => {
                fields.push(Field::new(FieldId::Notes, s.f_advice, FieldKind::Notes, ""));
                s.form_return
            }
            Transition::Close => {
                fields.push(Field::new(
                    FieldId::Notes,
                    s.f_referral_outcome,
                    FieldKind::Text,
                    "",
                ));
                s.form_close
            }
        };
        Form::registration_on(
            Registration::Referral { id, step },
            title,
            name,
            fields,
            lang,
            rules,
            today,
        )
    }

    pub(super) fn submit_referral(
        &mut self,
        id: i64,
        step: Transition,
    ) -> Result<Command, RegistrationFail> {
        let s = strings::strings(self.lang);
        let date = self
            .date(FieldId::Date)
            .ok_or(RegistrationFail::Field(FieldId::Date))?;
        let text = self.text_of(FieldId::Notes);
        let (today, title) = (self.today, self.title.clone());
        Ok(Command::new(move |db| {
            match step {
                Transition::Receive => db.receive_referral(id, date, today)?,
                Transition::Return => db.return_referral(id, date, &text, today)?,
                Transition::Close => db.close_referral(id, date, &text, today)?,
            }
            Ok(format!("{}{}{title}", s.saved, s.colon).into())
        }))
    }
}
