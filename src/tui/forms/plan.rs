//! The weekly plan's hand move (issue 16, domain.md §6): `m` on the queue
//! moves the selected task into or out of this week, asking why; the reason
//! is kept and shown with the plan. One field and one command of `db::plan`.

use super::command::Command;
use super::registration::RegistrationFail;
use super::{Field, FieldId, FieldKind, Form, Registration};
use crate::domain::calendar::Period;
use crate::domain::queue::WorkerRole;
use crate::domain::rules::Rules;
use crate::words::{self as strings, Lang};
use chrono::NaiveDate;

/// What a hand move moves: whose week, which task, in or out.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PlanMove {
    pub who: (WorkerRole, i64),
    pub week: Period,
    pub key: String,
    pub household: i64,
    pub into: bool,
}

impl Form {
    /// The form moving task `name` into (or out of) the week.
    pub fn plan_move(m: PlanMove, name: &str, lang: Lang, rules: &Rules, today: NaiveDate) -> Form {
        let s = strings::strings(lang);
        let fields = vec![Field::new(
            FieldId::Reason,
            s.plan_reason,
            FieldKind::Text,
            "",
        )];
        let title = format!(
            "{} {} {name}",
            if m.into {
                s.plan_move_in_q
            } else {
                s.plan_move_out_q
            },
            m.week.label()
        );
        Form::registration(Registration::PlanMove(m), title, fields, lang, rules, today)
    }

    pub(super) fn submit_plan_move(&mut self, m: PlanMove) -> Result<Command, RegistrationFail> {
        let s = strings::strings(self.lang);
        let reason = self.text_of(FieldId::Reason);
        if reason.is_empty() {
            return Err(RegistrationFail::Field(FieldId::Reason));
        }
        let title = self.title.clone();
        Ok(Command::new(move |db| {
            db.move_planned(m.who, m.week, (&m.key, m.household), m.into, &reason)?;
            Ok(format!("{}{}{title}", s.plan_moved_saved, s.colon).into())
        }))
    }
}
