//! Signing in and out, the lock, and what a grid worker's session may do
//! (issue 15 items 2 and 4).

use super::app::*;
use crate::db::{Db, Result, Scope};
use crate::domain::queue::Filter;
use crate::words as strings;
use ratatui::crossterm::event::KeyEvent;

impl App {
    /// The sign-in or lock screen's key (issue 15 item 2).
    pub(super) fn handle_gate(&mut self, mut gate: super::login::Gate, key: KeyEvent, db: &mut Db) {
        use super::login::{GateEvent, GateKind};
        let lang = self.opts.lang;
        match gate.handle_key(key) {
            GateEvent::None => self.gate = Some(gate),
            GateEvent::Quit => self.quit = true,
            GateEvent::Switch => self.sign_out(db),
            GateEvent::Submit if gate.kind == GateKind::Locked => {
                let pin = std::mem::take(&mut gate.pin);
                match db.check_operator(&self.operator, &pin) {
                    Ok(_) => self.message.clear(),
                    Err(e) => {
                        gate.refuse(strings::db_error(lang, &e));
                        self.gate = Some(gate);
                    }
                }
            }
            GateEvent::Submit if gate.name.trim().is_empty() => {
                gate.refuse(self.strings().login_need_name.to_string());
                self.gate = Some(gate);
            }
            GateEvent::Submit => {
                let pin = std::mem::take(&mut gate.pin);
                // the scope of the real date, not the as-of (issue 24 item 5)
                match db.sign_in(&gate.name, &pin, crate::db::real_date()) {
                    Ok(session) => {
                        if let Err(e) = self.start_session(db, session) {
                            self.message = strings::db_error(lang, &e);
                        }
                    }
                    Err(e) => {
                        gate.refuse(strings::db_error(lang, &e));
                        self.gate = Some(gate);
                    }
                }
            }
        }
    }

    /// A new operator's session: their scope is loaded, and every view of
    /// the one before is dropped.
    pub(super) fn start_session(&mut self, db: &Db, session: crate::db::Session) -> Result<()> {
        let scope = session.scope(self.opts.scope);
        self.operator = session.name.clone();
        self.message = format!("{}{}", self.strings().signed_in, session.name);
        self.session = Some(session);
        self.gate = None;
        self.forget_views();
        let said = self.message.clone();
        self.open_scope(db, Ok(scope))?;
        self.message = said;
        // a draft is offered only to its own operator, after they sign in
        self.offer_draft(db)
    }

    /// Back to the sign-in: nothing of the last operator stays on screen
    /// or in memory, and nothing can be written until someone signs in.
    pub(super) fn sign_out(&mut self, db: &mut Db) {
        db.sign_out();
        self.session = None;
        self.operator = db.operator.clone();
        self.forget_views();
        self.gate = Some(super::login::Gate::login());
        if let Err(e) = self.open_scope(db, Ok(Scope::Grids(0))) {
            self.message = strings::db_error(self.opts.lang, &e);
        }
    }

    pub(super) fn forget_views(&mut self) {
        self.popup = None;
        self.beneath.clear();
        self.waiting_save = None;
        self.views.household = None;
        self.views.resident = None;
        self.views.queue.filter = Filter::default();
        self.views.queue.selected = 0;
        self.screen = Screen::Today;
        self.previous.clear();
    }

    /// Locks the screen (Ctrl-L, or the run loop after auth.lock_minutes
    /// idle): nothing personal shows until the operator's PIN is typed. An
    /// open form stays as it was, under the lock.
    pub fn lock(&mut self) {
        if self.session.is_some() && self.gate.is_none() {
            self.gate = Some(super::login::Gate::locked());
        }
    }

    /// Whether the idle lock applies now (signed in, not locked already).
    pub fn lockable(&self) -> bool {
        self.session.is_some() && self.gate.is_none() && self.auth.lock_minutes > 0
    }

    /// A grid worker records visits and contact outcomes, and corrects the
    /// phone number of a resident of their grids (issue 25 item 9); every
    /// other key that opens a form to change something is refused at the key
    /// press with the role's message, on every screen, before any form opens
    /// (the rosters and volunteer groups, issue 15, were the first).
    pub(super) fn worker_refused(&self, a: Action) -> bool {
        let refused = match a {
            // `e` on a resident's record is the phone correction
            Action::Edit => !matches!(
                self.views.get(self.screen).record_in_focus(),
                Some(crate::domain::model::Subject::Resident(_))
            ),
            Action::Add
            | Action::AddHousehold
            | Action::Import
            | Action::Assign
            | Action::EndStaff
            | Action::Balance
            | Action::Regroup
            | Action::ApplyGroups
            | Action::MoveToGroup
            | Action::SwapInGroup
            | Action::GroupVolunteer
            | Action::Override
            | Action::EndManagement
            | Action::UndoRemoval
            | Action::MoveHome
            | Action::EndCondition
            | Action::Contract
            | Action::EndContract
            | Action::CarePlan
            | Action::SendReferral
            | Action::ReferralStep(_)
            | Action::PlanMove
            | Action::KeyIn
            | Action::Replan => true,
            _ => false,
        };
        refused && self.worker_session()
    }

    /// The grid worker's refusal, in the interface's language.
    pub(super) fn worker_refusal(&self) -> String {
        crate::domain::refusal::Refusal::WorkerOnlyVisits.text(self.opts.lang == strings::Lang::Zh)
    }

    /// A grid worker is signed in.
    pub fn worker_session(&self) -> bool {
        self.session
            .as_ref()
            .is_some_and(|s| s.role == crate::domain::access::Role::Worker)
    }
}
