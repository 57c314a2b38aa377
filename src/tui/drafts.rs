//! Unsaved work (issue 15 item 5): a form typed but not saved when the
//! terminal goes away (SIGHUP, SIGTERM, a dead terminal) is kept as a draft
//! in the database; the next start offers it to the same operator: Enter
//! restores the form with its values, `d` discards it, any other key keeps
//! it for later. Every form that takes typed input is kept (which are not:
//! `forms::draft`); a draft whose resident or household is no longer in the
//! session's lists (removed, or in another township) is offered saying so,
//! and Enter then leaves it on offer for `d` to discard.

use super::app::{App, Popup};
use super::forms::Form;
use crate::db::{Db, Draft, DraftForm, Result};
use crate::domain::model::Subject;
use crate::words as strings;
use ratatui::crossterm::event::{KeyCode, KeyEvent};

impl App {
    /// Keeps the open form as a draft when something was typed in it (also a
    /// form waiting to be saved). True when a draft was written.
    pub fn keep_draft(&mut self, db: &mut Db) -> Result<bool> {
        // a form under the help opened from it is kept as well
        let under_help = self.beneath.iter().rev().find_map(|p| match p {
            Popup::Form(f) => Some(f),
            _ => None,
        });
        let form = match (&self.popup, &self.waiting_save, under_help) {
            (Some(Popup::Form(f)), _, _) => f,
            (_, Some(f), _) => f,
            (_, _, Some(f)) => f,
            _ => return Ok(false),
        };
        if !form.typed() || self.read_only.is_some() {
            return Ok(false);
        }
        let Some(of) = form.draft_of() else {
            return Ok(false);
        };
        db.save_draft(&of, &form.title, &form.values())?;
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
            KeyCode::Enter => match self.draft_form(&d, db) {
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
                None => {
                    // left on offer: `d` discards it
                    self.message = s.draft_gone.to_string();
                    self.popup = Some(Popup::Draft(d));
                }
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

    /// Whether what a draft is about is still in this session's lists and
    /// active (not removed, not in another township).
    pub fn draft_subject_here(&self, d: &Draft) -> bool {
        let today = self.opts.today;
        self.draft_about(d).iter().all(|&s| match s {
            Subject::Resident(id) => self
                .find_resident(id)
                .is_some_and(|(_, m)| m.active_on(today)),
            // a household whose members all left (moved, died) is gone too
            Subject::Household(id) => self.find_household(id).is_some_and(|h| {
                h.members.is_empty() || h.members.iter().any(|m| m.active_on(today))
            }),
        })
    }

    fn draft_about(&self, d: &Draft) -> Vec<Subject> {
        match (d.of.form, &d.of.reopen) {
            (DraftForm::Form, Some(spec)) => Form::reopen(
                spec,
                &d.title,
                self.opts.lang,
                &self.snap.rules,
                self.opts.today,
            )
            .map(|f| f.kind.about())
            .unwrap_or_default(),
            _ => d.of.subject.into_iter().collect(),
        }
    }

    /// The form a draft was typed in, opened afresh on its subject; `None`
    /// when its resident or household is not in this session's lists.
    fn draft_form(&self, d: &Draft, db: &Db) -> Option<Form> {
        if !self.draft_subject_here(d) {
            return None;
        }
        let (lang, today, rules) = (self.opts.lang, self.opts.today, &self.snap.rules);
        if let (DraftForm::Form, Some(spec)) = (d.of.form, &d.of.reopen) {
            return Form::reopen(spec, &d.title, lang, rules, today);
        }
        let (kind, subject) = (d.of.kind?, d.of.subject?);
        let name = self.listed_name(subject)?;
        Some(match d.of.form {
            DraftForm::Form | DraftForm::Visit => Form::visit(
                kind,
                subject,
                &name,
                self.patient_record(subject),
                self.carried(db, kind, subject),
                lang,
                rules,
                today,
            ),
            DraftForm::Outcome => {
                let form = Form::outcome(kind, subject, &name, lang, rules, today);
                match self
                    .tasks_of(subject)
                    .find(|t| t.kind == kind)
                    .map(|t| t.when.deadline())
                {
                    Some(due) => form.with_due(due),
                    None => form,
                }
            }
        })
    }
}
