//! `p`: print task sheets of what is on screen. The queue prints its worker
//! (or village, or the township) with its filters; the roster and group
//! screens will call [`App::print_form`] with their selected worker.

use super::app::{App, Popup};
use super::forms::Form;
use crate::db::{Db, Result};
use crate::domain::queue::Filter;
use crate::print::{PrintSettings, Who, worker_name};
use crate::words as strings;

impl App {
    /// Opens the print form for `who` with these queue filters.
    pub fn print_form(&mut self, db: &Db, who: Who, filter: Filter) -> Result<()> {
        let s = self.strings();
        let settings = PrintSettings::from_settings(&db.settings()?);
        let (name, scope) = match who {
            Who::Worker(role, id) => {
                let n = worker_name(&self.snap.town, role, id);
                (n.clone(), n)
            }
            Who::Village(id) => {
                let v = self.village_names.get(&id).cloned().unwrap_or_default();
                (v.clone(), strings::fill(s.each_worker_of, &[&v]))
            }
            // the file's name in the interface's language: 全乡-2026-W47.pdf
            Who::Township => (
                strings::pick(self.opts.lang, "全乡", "township").to_string(),
                s.whole_township.to_string(),
            ),
        };
        // the queue's filters narrow what prints; the rosters pass none
        let scope = if filter == Filter::default() {
            scope
        } else {
            strings::fill(s.print_scope, &[&scope])
        };
        let form = Form::print(
            who,
            self.snap.scope,
            filter,
            &name,
            &scope,
            settings,
            self.opts.lang,
            &self.snap.rules,
            self.opts.today,
        );
        self.popup = Some(Popup::Form(Box::new(form)));
        Ok(())
    }

    /// `p` on the resident screen (issue 27 item 2): the patient's national
    /// follow-up forms of a year, as `gridcare print --form` prints them.
    pub fn print_record(&mut self, db: &Db, id: i64) -> Result<()> {
        let Some((_, m)) = self.find_resident(id) else {
            return Ok(());
        };
        let settings = PrintSettings::from_settings(&db.settings()?);
        let form = Form::print_record(
            m.id,
            &m.name,
            &m.id_number,
            settings,
            self.opts.lang,
            &self.snap.rules,
            self.opts.today,
        );
        self.popup = Some(Popup::Form(Box::new(form)));
        Ok(())
    }

    /// The queue's selection: its worker filter, else its village, else the township.
    pub fn print_queue(&mut self, db: &Db) -> Result<()> {
        let f = self.views.queue.filter.clone();
        let who = match (f.worker, f.village) {
            (Some((role, id)), _) => Who::Worker(role, id),
            (None, Some(v)) => Who::Village(v),
            (None, None) => Who::Township,
        };
        self.print_form(db, who, f)
    }
}
