//! The forms and lists a key opens over the screen: which form, filled
//! from what is in focus. Nothing here writes; a form's save does (see
//! `saving`).

use super::app::*;
use super::forms::Form;
use crate::db::{Db, Result, Scope};
use crate::domain::model::*;
use crate::words as strings;
use ratatui_textarea::TextArea;

impl App {
    pub(super) fn end_management_form(&mut self) {
        // outside a visit, ending management is not a grid worker's (issue 25 item 9)
        if self.worker_session() {
            self.message = self.worker_refusal();
            return;
        }
        let form = self
            .member_in_focus()
            .map(|m| Form::end_resident(m, self.opts.lang, &self.snap.rules, self.opts.today));
        match form {
            Some(f) => self.popup = Some(Popup::Form(Box::new(f))),
            None => {
                self.message = strings::strings(self.opts.lang).select_member.to_string();
            }
        }
    }

    /// The renewal form of contract `c`: `K` on the resident screen, `n` on
    /// the contracts expiring.
    pub(super) fn renew_form(&mut self, c: &crate::db::ContractRow) {
        let (lang, today) = (self.opts.lang, self.opts.today);
        let f = Form::renew_contract(c, lang, &self.snap.rules, today);
        self.popup = Some(Popup::Form(Box::new(f)));
    }

    /// `L` (or `r` on a care-plan task): resident `id`'s one-person-one-plan
    /// with its review date (issue 14, §2 ★1).
    pub(super) fn care_plan_form(&mut self, db: &Db, id: i64) -> Result<()> {
        // a care plan is the doctor's (a care-plan task's `r` or Enter too)
        if self.worker_session() {
            self.message = self.worker_refusal();
            return Ok(());
        }
        let plan = db.care_plan_of(id)?.unwrap_or_default();
        let name = self.subject_name(Subject::Resident(id));
        let form = Form::care_plan(
            (id, &name),
            &plan,
            self.opts.lang,
            &self.snap.rules,
            self.opts.today,
        );
        self.popup = Some(Popup::Form(Box::new(form)));
        Ok(())
    }

    /// `a`: the township of a new database, else the form for what the
    /// screen (or pane) lists — the screen's own (a village, a grid, a
    /// household's member, a condition).
    pub(super) fn add_form(&mut self, db: &mut Db) -> Result<()> {
        let township = match self.snap.scope {
            Scope::Township(id) => Some(id),
            _ => db.township_names()?.first().map(|t| t.0),
        };
        if township.is_some() {
            return self.screen_key(Action::Add, db);
        }
        let (lang, today) = (self.opts.lang, self.opts.today);
        let form = Form::new_township(lang, &self.snap.rules, today);
        self.popup = Some(Popup::Form(Box::new(form)));
        Ok(())
    }

    /// The move form, once the household to move into is chosen.
    pub(super) fn move_form(&mut self, resident: i64, to: i64) {
        let name = self.subject_name(Subject::Resident(resident));
        let to_name = self.find_household(to).map_or(String::new(), |h| {
            format!("{} {}", h.display_name(), h.address)
        });
        let form = Form::move_resident(
            (resident, &name),
            (to, &to_name),
            self.opts.lang,
            &self.snap.rules,
            self.opts.today,
        );
        self.popup = Some(Popup::Form(Box::new(form)));
    }

    /// `i`: the open resident's or household's changes, newest first, in a
    /// scrolled popup (issue 15 item 3, §10): theirs and their visits',
    /// referrals' and contracts' (a household's: its members' too).
    pub(super) fn history(&mut self, db: &Db) -> Result<()> {
        let Some(subject) = self.views.get(self.screen).record_in_focus() else {
            return Ok(());
        };
        let (resident, household) = match subject {
            Subject::Resident(id) => (Some(id), None),
            Subject::Household(id) => (None, Some(id)),
        };
        let filter = crate::db::AuditFilter {
            resident,
            household,
            ..Default::default()
        };
        let (name, whose) = (self.subject_name(subject), household.is_some());
        let entries = db.audit_entries(&filter)?;
        let lang = self.opts.lang;
        self.popup = Some(Popup::Text(TextView::new(
            strings::fill(self.strings().history_title, &[&name]),
            crate::history::text(lang, &entries, self.utc_offset, whose)
                .trim_end()
                .to_string(),
        )));
        Ok(())
    }

    pub(super) fn send_referral_form(&mut self) -> Result<()> {
        if let Some((id, name)) = self.member_in_focus().map(|m| (m.id, m.name.clone())) {
            let f = Form::send_referral(
                (id, &name),
                self.opts.lang,
                &self.snap.rules,
                self.opts.today,
            );
            self.popup = Some(Popup::Form(Box::new(f)));
        }
        Ok(())
    }

    pub(super) fn go_household(&mut self, db: &mut Db) -> Result<()> {
        if let Some((h, _)) = self
            .views
            .resident
            .as_ref()
            .and_then(|r| self.find_resident(r.id))
        {
            let id = h.id;
            self.open_household(db, id)?;
        }
        self.go(Screen::Household);
        Ok(())
    }

    pub(super) fn search_popup(&mut self) -> Result<()> {
        let mut input = TextArea::default();
        input.set_placeholder_text("wdy / 王大爷 / 002X / 1234");
        self.popup = Some(Popup::Search(SearchView {
            input,
            hits: Vec::new(),
            selected: 0,
        }));
        Ok(())
    }

    pub(super) fn open_household_key(&mut self, db: &mut Db) -> Result<()> {
        if let Some(id) = self.views.get(self.screen).household_in_focus(&self.snap) {
            self.open_household(db, id)?;
            self.go(Screen::Household);
        }
        Ok(())
    }

    /// What a follow-up's form carries from earlier visits (issue 27): the
    /// regimen in force, the last targets, the township's drug names.
    pub(super) fn carried(
        &self,
        db: &Db,
        kind: VisitKind,
        subject: Subject,
    ) -> Option<crate::db::Carried> {
        match subject {
            Subject::Resident(id) if kind.is_clinical_followup() => {
                db.carried(id, self.opts.today).ok()
            }
            _ => None,
        }
    }

    pub(super) fn record_form(&mut self, a: Action, db: &mut Db) -> Result<()> {
        let s = self.strings();
        let Some(task) = self.task_in_focus() else {
            // Someone with no task of their own can still die or move (§6).
            if a == Action::Outcome && self.member_in_focus().is_some() {
                self.end_management_form();
            } else {
                self.message = s.select_task.to_string();
            }
            return Ok(());
        };
        // §2 ★1: a care-plan task is done by writing the plan, not by a visit
        if task.kind == VisitKind::CarePlan {
            match (a, task.subject) {
                (Action::Record, Subject::Resident(id)) => self.care_plan_form(db, id)?,
                _ => self.message = s.plan_no_outcome.to_string(),
            }
            return Ok(());
        }
        let name = self.subject_name(task.subject);
        let (lang, today) = (self.opts.lang, self.opts.today);
        let form = if a == Action::Record {
            Form::visit(
                task.kind,
                task.subject,
                &name,
                self.patient_record(task.subject),
                self.carried(db, task.kind, task.subject),
                lang,
                &self.snap.rules,
                today,
            )
        } else {
            Form::outcome(
                task.kind,
                task.subject,
                &name,
                lang,
                &self.snap.rules,
                today,
            )
            .with_due(task.when.deadline())
        };
        self.popup = Some(Popup::Form(Box::new(form)));
        Ok(())
    }

    pub(super) fn end_condition_form(&mut self) -> Result<()> {
        let s = self.strings();
        let form = self.member_in_focus().and_then(|m| {
            Form::end_condition(m, self.opts.lang, &self.snap.rules, self.opts.today)
        });
        match form {
            Some(f) => self.popup = Some(Popup::Form(Box::new(f))),
            None => self.message = s.no_condition.to_string(),
        }
        Ok(())
    }

    pub(super) fn undo_removal_form(&mut self) -> Result<()> {
        let s = self.strings();
        let form = self.member_in_focus().and_then(|m| {
            Form::undo_removal(
                &self.snap,
                Subject::Resident(m.id),
                self.opts.lang,
                self.opts.today,
            )
        });
        match form {
            Some(f) => self.popup = Some(Popup::Form(Box::new(f))),
            None => self.message = s.nothing_to_undo.to_string(),
        }
        Ok(())
    }

    pub(super) fn choose_scope(&mut self, db: &mut Db) -> Result<()> {
        let townships = db.townships()?;
        let selected = townships
            .iter()
            .position(|t| Scope::Township(t.0) == self.snap.scope)
            .unwrap_or(0);
        self.popup = Some(Popup::Scope(ScopeView {
            townships,
            selected,
        }));
        Ok(())
    }

    pub(super) fn import_form(&mut self) -> Result<()> {
        let township = match self.snap.scope {
            Scope::Township(id) => Some(id),
            _ => None,
        };
        let form = Form::import(township, self.opts.lang, &self.snap.rules, self.opts.today);
        self.message.clear(); // a previous import's word is not about this one
        self.popup = Some(Popup::Form(Box::new(form)));
        Ok(())
    }
}
