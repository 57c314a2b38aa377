//! `K` on the queue (issue 29 item 4): a printed batch keyed in from the
//! interface, one row a save. The form asks the batch (the latest printed
//! for the queue's worker, else the latest) and the row as written on the
//! sheet — `W48-0003 1 11-18 150/95`, read by the same parser as
//! `gridcare keyin` (print::keyin) — and saves it through `Db::key_in_row`,
//! the command line's write; a row keyed before is refused (AlreadyKeyed).

use super::command::{Command, Failed};
use super::registration::RegistrationFail;
use super::{Field, FieldId, FieldKind, Form, Registration};
use crate::domain::queue::WorkerRole;
use crate::print::keyin::{self, Typed};
use crate::tui::screens::{Ctx, Effect};
use crate::words::{self as strings};

/// The key-in form `K` opens, or what the queue says when nothing was printed.
pub fn key_in_form(cx: &Ctx, worker: Option<(WorkerRole, i64)>) -> Effect {
    let s = strings::strings(cx.lang);
    let (batch, rules) = match (cx.db.latest_batch(worker), cx.db.rules()) {
        (Ok(Some(b)), Ok(r)) => (b, r),
        (Ok(None), _) => return Effect::Say(s.key_in_none.to_string()),
        (Err(e), _) | (_, Err(e)) => return Effect::Say(strings::db_error(cx.lang, &e)),
    };
    let fields = vec![
        Field::new(
            FieldId::Name,
            s.f_batch,
            FieldKind::Text,
            &batch.to_string(),
        ),
        Field::new(FieldId::Notes, s.f_key_line, FieldKind::Text, ""),
    ];
    let mut f = Form::registration(
        Registration::KeyIn,
        format!("{} · {}", s.form_key_in, s.key_in_help),
        fields,
        cx.lang,
        &rules,
        cx.today,
    );
    f.focus = 1;
    crate::tui::screens::form(f)
}

impl Form {
    pub(super) fn submit_key_in(&mut self) -> Result<Command, RegistrationFail> {
        let (lang, today) = (self.lang, self.today);
        let s = strings::strings(lang);
        let Ok(batch) = self.text_of(FieldId::Name).parse::<i64>() else {
            return Err(RegistrationFail::Field(FieldId::Name));
        };
        let line = self.text_of(FieldId::Notes);
        Ok(Command::new(move |db| {
            let Some(b) = db.print_batch(batch)? else {
                return Err(
                    crate::db::DbError::Refused(crate::domain::refusal::Refusal::NoBatch(batch))
                        .into(),
                );
            };
            let codes: Vec<String> = b.rows.iter().map(|r| r.code.clone()).collect();
            let (i, entry) = match keyin::parse(&line, &codes, keyin::year_of(b.period_start), lang)
            {
                Typed::Jump(i, Some(e)) => (i, e),
                Typed::Bad(m) => return Err(Failed::Field(FieldId::Notes, m)),
                _ => return Err(Failed::Field(FieldId::Notes, s.key_in_code.to_string())),
            };
            // the visit's own date when none is written: today, or the
            // period's last day for a batch whose period has ended
            let end = crate::print::parse_week(&b.period)
                .or_else(|_| crate::print::parse_month(&b.period))
                .map(|p| p.end())
                .unwrap_or(today);
            let row = &b.rows[i];
            let v = keyin::visit(row, &entry, today.min(end));
            db.key_in_row(b.id, row, &v, today)?;
            let keyed = b.rows.iter().filter(|r| r.keyed.is_some()).count() + 1;
            Ok(strings::fill(
                s.key_in_saved,
                &[
                    &row.code,
                    &strings::outcome(lang, v.outcome),
                    &v.date,
                    &b.id,
                    &keyed,
                    &(b.rows.len() - keyed),
                ],
            )
            .into())
        }))
    }
}
