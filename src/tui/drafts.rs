//! Unsaved work (issue 15 item 5): a visit or contact-outcome form typed but
//! not saved when the terminal goes away (SIGHUP, SIGTERM, a dead terminal)
//! is kept as a draft in the database; the next start offers it to the same
//! operator: Enter restores the form with its values, `d` discards it, any
//! other key keeps it for later.

use super::app::{App, Popup};
use super::forms::Form;
use super::strings;
use crate::db::{Db, Draft, DraftForm, Result};
use ratatui::crossterm::event::{KeyCode, KeyEvent};

impl App {
    /// Keeps the open form as a draft when something was typed in it (also a
    /// form waiting to be saved). True when a draft was written.
    pub fn keep_draft(&mut self, db: &mut Db) -> Result<bool> {
        let form = match (&self.popup, &self.waiting_save) {
            (Some(Popup::Form(f)), _) => f,
            (_, Some(f)) => f,
            _ => return Ok(false),
        };
        let Some((which, kind, subject)) = form.draft_of() else {
            return Ok(false);
        };
        if !form.typed() || self.read_only.is_some() {
            return Ok(false);
        }
        db.save_draft(which, kind, subject, &form.title, &form.values())?;
        Ok(true)
    }

    /// At the start: offers this operator's draft, if one was kept.
    pub fn offer_draft(&mut self, db: &Db) -> Result<()> {
        if let Some(d) = db.draft()? {
            self.popup = Some(Popup::Draft(Box::new(d)));
        }
        Ok(())
    }

    /// A key on the draft offer.
    pub(super) fn draft_key(&mut self, d: Box<Draft>, key: KeyEvent, db: &mut Db) {
        let s = self.strings();
        match key.code {
            KeyCode::Enter => match self.draft_form(&d) {
                Some(mut form) => {
                    form.set_values(&d.fields);
                    // as any form that opens: note its household's last change (issue 15)
                    form.guarded = true;
                    if let Some(h) = form.touches(&self.snap) {
                        form.guard = db.household_stamp(h).ok().map(|stamp| (h, stamp));
                    }
                    self.popup = Some(Popup::Form(Box::new(form)));
                    self.message = match db.drop_draft(d.id) {
                        Ok(()) => s.draft_restored.to_string(),
                        Err(e) => strings::db_error(self.opts.lang, &e),
                    };
                }
                None => self.message = s.draft_elsewhere.to_string(),
            },
            KeyCode::Char('d') => {
                self.message = match db.drop_draft(d.id) {
                    Ok(()) => s.draft_discarded.to_string(),
                    Err(e) => strings::db_error(self.opts.lang, &e),
                };
            }
            _ => self.message = s.draft_later.to_string(),
        }
    }

    /// The form a draft was typed in, opened afresh on its subject; `None`
    /// when the subject is not in this session's scope.
    fn draft_form(&self, d: &Draft) -> Option<Form> {
        let name = match d.subject {
            crate::domain::model::Subject::Resident(id) => self.find_resident(id)?.1.name.clone(),
            crate::domain::model::Subject::Household(id) => {
                self.find_household(id)?.display_name().to_string()
            }
        };
        let (lang, today, rules) = (self.opts.lang, self.opts.today, &self.snap.rules);
        Some(match d.form {
            DraftForm::Visit => Form::visit(
                d.kind,
                d.subject,
                &name,
                self.patient_record(d.subject),
                lang,
                rules,
                today,
            ),
            DraftForm::Outcome => {
                let form = Form::outcome(d.kind, d.subject, &name, lang, rules, today);
                match self
                    .tasks_of(d.subject)
                    .find(|t| t.kind == d.kind)
                    .map(|t| t.when.deadline())
                {
                    Some(due) => form.with_due(due),
                    None => form,
                }
            }
        })
    }
}
