//! Referral forms (issue 14, domain.md §7): received (a date), returned down
//! (a date and the county's advice), closed (a date and the outcome). Each is
//! a field table and one command of `db::referral`, the same the `gridcare
//! referral` commands issue.

use super::registration::RegistrationFail;
use super::{Field, FieldId, FieldKind, Form, Registration};
use crate::db::Db;
use crate::domain::referral::Transition;
use crate::domain::rules::Rules;
use crate::tui::strings::{self, Lang};
use chrono::NaiveDate;

impl Form {
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
        Form::registration(
            Registration::Referral { id, step },
            format!("{title} {name}"),
            fields,
            lang,
            rules,
            today,
        )
    }

    pub(super) fn submit_referral(
        &mut self,
        db: &mut Db,
        id: i64,
        step: Transition,
    ) -> Result<String, RegistrationFail> {
        let s = strings::strings(self.lang);
        let date = self
            .date(FieldId::Date)
            .ok_or(RegistrationFail::Field(FieldId::Date))?;
        let text = self.text_of(FieldId::Notes);
        match step {
            Transition::Receive => db.receive_referral(id, date, self.today)?,
            Transition::Return => db.return_referral(id, date, &text, self.today)?,
            Transition::Close => db.close_referral(id, date, &text, self.today)?,
        }
        Ok(format!("{}{}{}", s.saved, s.colon, self.title))
    }
}
