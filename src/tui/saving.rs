//! Saving a form, waiting for another writer (issue 17), and confirming
//! what was shown before it is written (an import, a re-plan).

use super::app::*;
use super::forms::Form;
use crate::db::Db;
use crate::words as strings;

impl App {
    /// Saves a form. The first try does not wait: when another writer holds
    /// the database, the form waits in `waiting_save` and the status line says
    /// so at once; the run loop draws that, then calls `finish_save` (issue 17).
    /// The form checks its fields and returns a command; it is carried out
    /// here, with the `Db` method the command line calls (issue 26 item 3).
    pub(super) fn save(&mut self, mut form: Box<Form>, db: &mut Db, wait: bool) {
        let patience = if wait {
            SAVE_WAIT
        } else {
            std::time::Duration::ZERO
        };
        db.expect_unchanged(form.guard);
        let result = db
            .set_busy_wait(patience)
            .map_err(|_| ())
            .and_then(|_| form.submit().map_err(|_| ()))
            .and_then(|cmd| match cmd.carry_out(db) {
                Ok(saved) => Ok(form.done(saved)),
                Err(failed) => {
                    form.failed(failed);
                    Err(())
                }
            });
        db.expect_unchanged(None);
        let _ = db.set_busy_wait(SAVE_WAIT);
        match result {
            // an import's dry run: its report, and nothing written yet
            Ok(msg) if form.staged.is_some() => {
                self.message = msg;
                self.popup = form.staged.take().map(|p| Popup::Text(TextView::import(p)));
            }
            Ok(msg) if form.to_terminal.is_some() => {
                self.message = msg;
                self.passthrough = form.to_terminal.take();
            }
            Ok(msg) => {
                self.message = msg;
                let new_township = matches!(
                    form.kind,
                    super::forms::FormKind::Register(super::forms::Registration::Township)
                );
                let refreshed = match form.touches(&self.snap) {
                    _ if new_township => self.open_scope(db, db.default_scope()),
                    Some(id) => self.refresh_household(db, id),
                    None => self.reload(db),
                };
                if let Err(e) = refreshed {
                    self.message = strings::db_error(self.opts.lang, &e);
                }
                // a key-in goes on at its walk's next row (issue 29)
                if let Some(walk) = form.walk.take() {
                    self.key_in_next(walk, db);
                }
                if let Some(subject) = form.created {
                    let said = std::mem::take(&mut self.message);
                    self.message = match self.open_subject(db, subject) {
                        Ok(()) => said,
                        Err(e) => strings::db_error(self.opts.lang, &e),
                    };
                }
            }
            Err(()) if form.was_busy() && !wait => {
                form.error = None;
                self.message = self.strings().saving_wait.to_string();
                self.waiting_save = Some(form);
            }
            Err(()) if form.changed => {
                // Show what the other session saved, under the form; saving
                // again is a decision taken with the new state in view.
                if let Some((h, _)) = form.guard {
                    if let Err(e) = self.refresh_household(db, h) {
                        self.message = strings::db_error(self.opts.lang, &e);
                    }
                    form.guard = db.household_stamp(h).ok().map(|stamp| (h, stamp));
                }
                self.message = form.error.clone().unwrap_or_default();
                self.popup = Some(Popup::Form(form));
            }
            Err(()) => {
                if form.was_busy() {
                    self.message = form.error.clone().unwrap_or_default();
                }
                self.popup = Some(Popup::Form(form));
            }
        }
    }

    /// Saves an import the user confirmed after its dry run; the status line
    /// says what was made and where the bad rows went, and the scope is read
    /// again. If the rows went bad since the preview, nothing is saved and
    /// the new report is shown.
    pub(super) fn confirm(&mut self, what: Confirm, db: &mut Db) {
        match what {
            Confirm::Import(plan) => self.commit_import(plan, db),
            Confirm::Replan(next) => self.store_replan(next, db),
        }
    }

    pub(super) fn commit_import(&mut self, plan: Box<super::forms::ImportPlan>, db: &mut Db) {
        match plan.commit(db) {
            Ok((plan, done)) if done.report.saved => {
                self.message = plan.done_message(&done);
                if let Err(e) = self.reload(db) {
                    self.message = strings::db_error(self.opts.lang, &e);
                }
            }
            Ok((mut plan, done)) => {
                self.message = self.strings().import_not_saved.to_string();
                plan.report = done.report;
                self.popup = Some(Popup::Text(TextView::import(Box::new(plan))));
            }
            Err(e) => self.message = strings::db_error(self.opts.lang, &e),
        }
    }

    /// The save that met another writer, tried again with patience; the form
    /// keeps its values if it still cannot be written.
    pub fn finish_save(&mut self, db: &mut Db) {
        if let Some(form) = self.waiting_save.take() {
            self.save(form, db, true);
        }
    }
}
