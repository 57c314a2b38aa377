//! The one-person-one-plan editor (issue 14, domain.md §2 ★1 一人一策): the
//! plan in a multi-line text area (Alt-Enter starts a new line, as in a
//! follow-up's notes) and its review date. Saving issues `set_care_plan`, the
//! command `gridcare care-plan set` issues too.

use super::command::Command;
use super::registration::RegistrationFail;
use super::{Field, FieldId, FieldKind, Form, Registration};
use crate::db::CarePlan;
use crate::domain::careplan::default_review;
use crate::domain::rules::Rules;
use crate::words::{self as strings, Lang};
use chrono::NaiveDate;

impl Form {
    /// The plan of `resident` as written, its review date kept while it lies
    /// ahead, else `care_plan.review_months` from today.
    pub fn care_plan(
        resident: (i64, &str),
        plan: &CarePlan,
        lang: Lang,
        rules: &Rules,
        today: NaiveDate,
    ) -> Form {
        let s = strings::strings(lang);
        let review = plan
            .review_on
            .filter(|r| *r > today)
            .unwrap_or_else(|| default_review(today, rules));
        let mut text = Field::new(
            FieldId::Plan,
            s.f_plan,
            FieldKind::Notes,
            plan.text.as_deref().unwrap_or(""),
        );
        // the whole plan, its lines as written
        text.input = ratatui_textarea::TextArea::new(
            plan.text
                .as_deref()
                .unwrap_or("")
                .lines()
                .map(str::to_string)
                .collect(),
        );
        text.input.move_cursor(ratatui_textarea::CursorMove::Bottom);
        text.input.move_cursor(ratatui_textarea::CursorMove::End);
        let fields = vec![text, Field::day(FieldId::Day, s.f_review, review)];
        let dates = match (plan.written_on, plan.review_on) {
            (Some(w), Some(r)) => strings::fill(s.plan_dates, &[&w, &r]),
            _ => String::new(),
        };
        Form::registration(
            Registration::CarePlan {
                resident: resident.0,
            },
            format!("{} · {}{dates}", s.form_care_plan, resident.1),
            fields,
            lang,
            rules,
            today,
        )
    }

    pub(super) fn submit_care_plan(&mut self, resident: i64) -> Result<Command, RegistrationFail> {
        let s = strings::strings(self.lang);
        let review = self
            .date(FieldId::Day)
            .ok_or(RegistrationFail::Field(FieldId::Day))?;
        let text = self.text_of(FieldId::Plan);
        if text.is_empty() {
            return Err(RegistrationFail::Field(FieldId::Plan));
        }
        let today = self.today;
        Ok(Command::new(move |db| {
            db.set_care_plan(resident, &text, review, today)?;
            Ok(strings::fill(s.plan_saved, &[&review]).into())
        }))
    }
}
