//! The interface's shared state and its dispatch: the township snapshot, the
//! screen stack, popups and saving. Each screen's own state, keys and draw
//! live in `screens/`; keys reach a popup first, then the screen, then the
//! global actions here. Only `update` (and the form submission it calls)
//! reads or writes the database; drawing reads state and nothing else.

pub use super::action::{Action, Screen};
use super::forms::{Form, FormEvent};
use super::keys;
use super::picker::{PickValue, PickView, PickWhat};
pub use super::screens::groups::GroupsView;
pub use super::screens::household::HouseholdView;
pub use super::screens::queues::{QueueView, StatusFilter, TABS};
pub use super::screens::referrals::ReferralsView;
pub use super::screens::reports::ReportsView;
pub use super::screens::resident::ResidentView;
pub use super::screens::rosters::RostersView;
use super::screens::rosters::Row;
pub use super::screens::today::{TodaySummary, TodayView};
use super::screens::{Ctx, Effect};
use super::strings::{self, Lang, Strings};
use super::theme::Theme;
use crate::db::{Db, Result, Scope};
use crate::domain::model::*;
use crate::domain::queue::{Filter, Task};
use crate::search::{self, Hit};
use crate::snapshot::Snapshot;
use chrono::NaiveDate;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui_textarea::TextArea;
use std::collections::HashMap;

#[derive(Debug, Clone)]
pub struct Options {
    pub today: NaiveDate,
    pub lang: Lang,
    pub ascii: bool,
    /// False under NO_COLOR: meaning is carried by text alone anyway.
    pub colour: bool,
    /// What the session loads (issue 9): a township, a village, or everything.
    pub scope: Scope,
}

pub struct SearchView {
    pub input: TextArea<'static>,
    pub hits: Vec<Hit>,
    pub selected: usize,
}

pub enum Popup {
    Help(HelpView),
    Search(SearchView),
    Form(Box<Form>),
    Scope(ScopeView),
    Pick(PickView),
    /// A record in full (a visit with every field and its notes), scrolled like help.
    Text(TextView),
    /// At the start: a form kept when the terminal went away (issue 15 item 5).
    Draft(Box<crate::db::Draft>),
}

pub struct TextView {
    pub title: String,
    pub text: String,
    pub scroll: HelpView,
    /// What Enter or Ctrl-S confirms; Esc drops it, other keys scroll or do
    /// nothing. Without one, any other key closes.
    pub confirm: Option<Confirm>,
}

/// Something shown in full before it is written.
pub enum Confirm {
    /// An import checked by a dry run (issue 11).
    Import(Box<super::forms::ImportPlan>),
    /// A re-plan of the week (issue 16).
    Replan(Box<crate::domain::plan::Plan>),
}

impl TextView {
    /// Text to read and scroll; any other key closes it.
    pub fn new(title: String, text: String) -> TextView {
        TextView {
            title,
            text,
            scroll: HelpView::default(),
            confirm: None,
        }
    }

    /// The report of an import's dry run, offering to save it when it can be.
    fn import(plan: Box<super::forms::ImportPlan>) -> TextView {
        let mut tv = TextView::new(plan.title(), plan.text());
        tv.confirm = plan.committable().then_some(Confirm::Import(plan));
        tv
    }
}

/// The key help: scrolls when the keys do not fit (issue 10).
#[derive(Debug, Default)]
pub struct HelpView {
    /// The first line shown.
    pub scroll: usize,
    /// The furthest it can scroll, as the last draw found it.
    pub max_scroll: std::cell::Cell<usize>,
}

/// Choosing the township a session works on (issue 9): switching is explicit.
pub struct ScopeView {
    /// (township id, name, residents)
    pub townships: Vec<(i64, String, i64)>,
    pub selected: usize,
}

pub struct App {
    pub opts: Options,
    pub theme: Theme,
    pub operator: String,
    pub db_name: String,
    pub screen: Screen,
    /// The popup on top, the one keys reach.
    pub popup: Option<Popup>,
    /// Popups waiting under it, nearest last: a form under the help opened
    /// from it comes back, values and all, when the help closes (issue 25
    /// item 16).
    pub beneath: Vec<Popup>,
    /// The scope's township, its tasks and indexes (see `snapshot`).
    pub snap: Snapshot,
    /// The township in the status line, when the database holds several.
    pub scope_label: Option<String>,
    /// A form whose save waits for another writer (see `save`).
    pub waiting_save: Option<Box<Form>>,
    /// The database's data_version when the snapshot was read (issue 15).
    seen_version: i64,
    /// The newest audit row the snapshot has seen.
    seen_audit: i64,
    /// Set when the session cannot write (shown in the status line).
    pub read_only: Option<crate::db::ReadOnlyWhy>,
    pub today: TodayView,
    pub village_names: HashMap<i64, String>,
    pub grid_names: HashMap<i64, String>,
    pub queue: QueueView,
    /// Whether the database holds a township yet (an empty one says how to begin).
    pub has_township: bool,
    pub rosters: RostersView,
    pub groups: GroupsView,
    /// Screen 8's figures, computed on entering and on a change of period.
    pub reports: ReportsView,
    pub referrals: ReferralsView,
    pub household: Option<HouseholdView>,
    pub resident: Option<ResidentView>,
    /// Where Back returns to.
    pub previous: Vec<Screen>,
    pub message: String,
    /// Sheets for the terminal's printer, for the run loop to send (issue 16 item 4).
    pub passthrough: Option<Vec<u8>>,
    /// Local time's offset from UTC, for the audit's times (tests fix it).
    pub utc_offset: chrono::FixedOffset,
    /// Rows a half page moves; the run loop sets it from the terminal's height.
    pub page: usize,
    pub quit: bool,
    /// The sign-in or lock screen, drawn instead of everything (issue 15 item 2).
    pub gate: Option<super::login::Gate>,
    /// The signed-in operator: their name, role and reach.
    pub session: Option<crate::db::Session>,
    /// The auth.* settings (sign-in, idle lock).
    pub auth: crate::db::AuthSettings,
}

/// How long a save waits for another writer once the user has been told.
pub const SAVE_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

/// The township's name for the status line, when there is a choice of townships.
fn scope_label(db: &Db, scope: Scope) -> Result<Option<String>> {
    // names only: counting residents per township costs 150 ms at county size
    let townships = db.township_names()?;
    if townships.len() < 2 {
        return Ok(None);
    }
    Ok(townships
        .into_iter()
        .find(|t| Scope::Township(t.0) == scope)
        .map(|t| t.1))
}

impl App {
    pub fn load(db: &Db, opts: Options) -> Result<App> {
        let db_name = db
            .path()
            .map_or(":memory:".into(), |p| short_path(&p.display().to_string()));
        let theme = Theme {
            colour: opts.colour,
            ascii: opts.ascii,
        };
        // With operators (and auth.login on), nothing is loaded before
        // someone signs in: `Grids(0)` holds no household (issue 15 item 2).
        let auth = db.auth_settings()?;
        let gate = (auth.login && db.has_operators()?).then(super::login::Gate::login);
        let first = if gate.is_some() {
            Scope::Grids(0)
        } else {
            opts.scope
        };
        let mut app = App {
            theme,
            operator: db.operator.clone(),
            db_name,
            screen: Screen::Today,
            popup: None,
            beneath: Vec::new(),
            snap: Snapshot::load(db, first, opts.today)?,
            scope_label: scope_label(db, first)?,
            waiting_save: None,
            seen_version: 0,
            seen_audit: db.last_audit()?,
            read_only: db.read_only(),
            today: TodayView::default(),
            village_names: HashMap::new(),
            grid_names: HashMap::new(),
            queue: QueueView::default(),
            has_township: true,
            rosters: RostersView::default(),
            groups: GroupsView::default(),
            reports: ReportsView::default(),
            referrals: ReferralsView::default(),
            household: None,
            resident: None,
            previous: Vec::new(),
            message: String::new(),
            passthrough: None,
            utc_offset: crate::history::local_offset(),
            page: 10,
            quit: false,
            gate,
            session: None,
            auth,
            opts,
        };
        if let Some(why) = app.read_only {
            app.message = strings::read_only_why(app.opts.lang, why);
        }
        app.derive(db)?;
        Ok(app)
    }

    pub fn strings(&self) -> &'static Strings {
        strings::strings(self.opts.lang)
    }

    /// Loads another scope (a township made or chosen) and says so.
    fn open_scope(&mut self, db: &Db, scope: Result<Scope>) -> Result<()> {
        let scope = scope?;
        self.snap = Snapshot::load(db, scope, self.opts.today)?;
        self.scope_label = scope_label(db, scope)?;
        self.derive(db)
    }

    /// Re-reads the whole scope and recomputes its queue.
    pub fn reload(&mut self, db: &Db) -> Result<()> {
        self.snap = Snapshot::load(db, self.snap.scope, self.opts.today)?;
        self.derive(db)
    }

    /// After a write that touched one household: reads it again, recomputes
    /// its tasks and what is derived from them (issue 9: not the scope).
    pub fn refresh_household(&mut self, db: &Db, id: i64) -> Result<()> {
        self.snap.refresh_household(db, id)?;
        self.derive(db)
    }

    /// On an idle tick: when another session has saved since the snapshot was
    /// read, read it again (issue 15). Our own saves do not count; they
    /// already refreshed what they changed.
    pub fn tick(&mut self, db: &Db) -> Result<bool> {
        let now = db.data_version()?;
        if now == self.seen_version || self.waiting_save.is_some() {
            return Ok(false);
        }
        // Only the households others touched are read again (issue 9); a
        // change of anything else reads the scope again.
        let changes = db.changes_since(self.seen_audit)?;
        // a household not in the snapshot may be new in this scope: the
        // refresh reads it and keeps it only if it is
        let mine: Vec<i64> = changes.households.iter().flatten().copied().collect();
        match changes.households {
            None => self.reload(db)?,
            Some(_) if mine.is_empty() => {
                self.seen_version = now;
                self.seen_audit = changes.last_audit;
                return Ok(false);
            }
            Some(_) => {
                // issue 25 item 16: a save elsewhere (another township, a
                // grid outside the operator's) is no news to this session
                let mut touched = false;
                for h in mine {
                    let before = self.snap.find_household(h).is_some();
                    self.snap.refresh_household(db, h)?;
                    touched |= before || self.snap.find_household(h).is_some();
                }
                if !touched {
                    self.seen_version = now;
                    self.seen_audit = changes.last_audit;
                    return Ok(false);
                }
                self.derive(db)?;
            }
        }
        self.seen_audit = changes.last_audit;
        self.message = self.strings().refreshed.to_string();
        Ok(true)
    }

    /// What screens show that follows from the snapshot.
    fn derive(&mut self, db: &Db) -> Result<()> {
        self.seen_version = db.data_version()?;
        self.has_township = db.holds_township()?;
        self.today
            .set_summary(TodaySummary::of(&self.snap.town, &self.snap.tasks));
        self.village_names = self
            .snap
            .town
            .villages
            .iter()
            .map(|v| (v.id, v.name.clone()))
            .collect();
        self.grid_names = self
            .snap
            .town
            .grids
            .iter()
            .map(|g| (g.id, g.name.clone()))
            .collect();
        if self.queue.on_plan() {
            self.show_plans(db)?;
        }
        self.refilter();
        if self.screen == Screen::Rosters {
            self.rosters.reload(db, &self.snap)?;
        }
        if self.screen == Screen::Groups {
            self.groups.reload(db, &self.snap)?;
        }
        if self.screen == Screen::Reports {
            self.reports.reload(&self.snap);
        }
        if self.screen == Screen::Referrals {
            self.referrals.reload(db, self.opts.today)?;
        }
        if let Some(id) = self.household.as_ref().map(|h| h.id) {
            self.open_household(db, id)?;
        }
        if let Some(id) = self.resident.as_ref().map(|r| r.id) {
            self.open_resident(db, id)?;
        }
        Ok(())
    }

    /// Recomputes the queue rows from the tab and filters.
    pub fn refilter(&mut self) {
        self.queue.refilter(&self.snap.tasks);
    }

    pub fn selected_task(&self) -> Option<&Task> {
        self.queue.selected_task(&self.snap.tasks)
    }

    pub fn find_household(&self, id: i64) -> Option<&Household> {
        self.snap.find_household(id)
    }

    pub fn find_resident(&self, id: i64) -> Option<(&Household, &Resident)> {
        self.snap.find_resident(id)
    }

    /// A subject's tasks, in triage order.
    pub fn tasks_of(&self, subject: Subject) -> impl Iterator<Item = &Task> {
        self.snap.tasks_of(subject)
    }

    pub fn place(&self, village: i64, grid: i64) -> String {
        format!(
            "{}{}",
            self.village_names.get(&village).map_or("", String::as_str),
            self.grid_names.get(&grid).map_or("", String::as_str)
        )
    }

    fn open_household(&mut self, db: &Db, id: i64) -> Result<()> {
        if let Some(v) = HouseholdView::open(db, &self.snap, id, self.household.as_ref())? {
            self.household = Some(v);
        }
        Ok(())
    }

    fn open_resident(&mut self, db: &Db, id: i64) -> Result<()> {
        self.resident = Some(ResidentView::open(
            db,
            id,
            self.resident.as_ref(),
            self.opts.today,
        )?);
        Ok(())
    }

    /// Opens the screen of a person or a household.
    fn open_subject(&mut self, db: &Db, subject: Subject) -> Result<()> {
        match subject {
            Subject::Resident(id) => {
                self.open_resident(db, id)?;
                self.go(Screen::Resident);
            }
            Subject::Household(id) => {
                self.open_household(db, id)?;
                self.go(Screen::Household);
            }
        }
        Ok(())
    }

    /// Moves to a screen; Back returns along the way, never round a loop:
    /// going to a screen already on the way back shortens the way.
    fn go(&mut self, s: Screen) {
        if s == self.screen {
            return;
        }
        // what happened on the last screen is not news on the next
        self.message.clear();
        match self.previous.iter().position(|p| *p == s) {
            Some(i) => self.previous.truncate(i),
            None => self.previous.push(self.screen),
        }
        self.screen = s;
    }

    /// The task a record/outcome key acts on: the selected queue task, or the
    /// open resident's (or household's) first open task.
    fn task_in_focus(&self) -> Option<Task> {
        match self.screen {
            Screen::Queues => self.selected_task().cloned(),
            Screen::Resident => self
                .snap
                .most_urgent(Subject::Resident(self.resident.as_ref()?.id)),
            Screen::Household => self.household.as_ref()?.task_in_focus(&self.snap),
            _ => None,
        }
    }

    /// The open resident, or the member selected on the household screen.
    fn member_in_focus(&self) -> Option<&Resident> {
        match self.screen {
            Screen::Resident => self
                .resident
                .as_ref()
                .and_then(|v| self.find_resident(v.id))
                .map(|(_, m)| m),
            Screen::Household => self.household.as_ref()?.member_in_focus(&self.snap),
            _ => None,
        }
    }

    fn end_management_form(&mut self) {
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

    /// `a`: the form for what the screen (or pane) lists — the township of a
    /// new database, a village, a grid, a household's member, a condition.
    /// Screen 5's roster forms (issue 12): `W` assigns the selected grid's
    /// worker, `b` reviews the proposal to even the load, `X` lets the
    /// selected person leave (handing over their grids) or volunteer step down.
    fn roster_form(&mut self, a: Action) {
        let s = self.strings();
        let (lang, today, rules) = (self.opts.lang, self.opts.today, &self.snap.rules);
        let Some(roster) = self.rosters.roster.as_ref() else {
            return;
        };
        let (form, why_not) = match a {
            Action::Assign => match self.rosters.selected_grid(&self.snap) {
                Some(g) => {
                    let name = crate::roster::grid_name(&self.snap, g.id);
                    let to = g.worker.as_ref().map(|w| w.id);
                    (
                        Form::assign_grid(roster, (g.id, &name), to, lang, rules, today),
                        s.no_grid_workers,
                    )
                }
                None => (None, s.select_grid),
            },
            Action::Balance => match &roster.proposal {
                Some(h) => {
                    let name = crate::roster::grid_name(&self.snap, h.grid);
                    (
                        Form::assign_grid(roster, (h.grid, &name), Some(h.to), lang, rules, today),
                        s.no_grid_workers,
                    )
                }
                None => (None, s.no_proposal),
            },
            _ => match self.rosters.selected_row(s, &self.snap) {
                Some(Row::Person(p)) if p.staff.active => (
                    Form::end_staff(&self.snap, roster, p, lang, rules, today),
                    s.no_grid_workers,
                ),
                Some(Row::Volunteer(v)) if v.until.is_none() => {
                    (Some(Form::step_down(v.id, &v.name, lang, rules, today)), "")
                }
                // one who has left already, or a team or heading: say so (it
                // asked for "a member in the member list", which screen 5 has not)
                Some(Row::Person(p)) => {
                    self.message = strings::fill(s.already_left, &[&p.staff.name]);
                    return;
                }
                Some(Row::Volunteer(v)) => {
                    self.message = strings::fill(s.already_left, &[&v.name]);
                    return;
                }
                _ => (None, s.select_leaver),
            },
        };
        match form {
            Some(f) => self.popup = Some(Popup::Form(Box::new(f))),
            None => self.message = why_not.to_string(),
        }
    }

    /// The resident screen's contract forms (issue 14): `K` signs one, or
    /// renews the current one; `Z` ends it early.
    fn contract_form(&mut self, a: Action, db: &Db) -> Result<()> {
        let s = self.strings();
        let (lang, today) = (self.opts.lang, self.opts.today);
        let Some(view) = self.resident.as_ref() else {
            return Ok(());
        };
        let current = view.current_contract(today).cloned();
        let form = match (a, current) {
            (Action::Contract, Some(c)) => {
                Some(Form::renew_contract(&c, lang, &self.snap.rules, today))
            }
            (Action::Contract, None) => {
                let who = self
                    .find_resident(view.id)
                    .map(|(h, m)| (m.id, m.name.clone(), h.village_id));
                match who {
                    Some((id, name, village)) => {
                        let teams = db.teams()?;
                        let f = Form::sign_contract(
                            &self.snap,
                            &teams,
                            (id, &name),
                            village,
                            lang,
                            today,
                        );
                        if f.is_none() {
                            self.message = s.no_team_to_sign.to_string();
                        }
                        f
                    }
                    None => None,
                }
            }
            (_, Some(c)) => Some(Form::end_contract(&c, lang, &self.snap.rules, today)),
            (_, None) => {
                self.message = s.no_current_contract.to_string();
                None
            }
        };
        if let Some(f) = form {
            self.popup = Some(Popup::Form(Box::new(f)));
        }
        Ok(())
    }

    /// `L` (or `r` on a care-plan task): resident `id`'s one-person-one-plan
    /// with its review date (issue 14, §2 ★1).
    fn care_plan_form(&mut self, db: &Db, id: i64) -> Result<()> {
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

    fn add_form(&mut self, db: &Db) -> Result<()> {
        let (lang, today) = (self.opts.lang, self.opts.today);
        let rules = &self.snap.rules;
        let township = match self.snap.scope {
            Scope::Township(id) => Some(id),
            _ => db.township_names()?.first().map(|t| t.0),
        };
        let form = match (self.screen, township) {
            (_, None) => Some(Form::new_township(lang, rules, today)),
            (Screen::Rosters, Some(_)) if self.rosters.pane == 2 => {
                let village = self.rosters.selected_village(&self.snap).map(|v| v.id);
                let s = self.strings();
                Some(match self.rosters.selected_row(s, &self.snap) {
                    Some(Row::Team(_)) => Form::new_team(&self.snap, village, lang, today),
                    Some(Row::Heading(h)) if h == s.sec_teams => {
                        Form::new_team(&self.snap, village, lang, today)
                    }
                    Some(Row::Volunteer(_)) => Form::new_volunteer(lang, rules, today),
                    Some(Row::Heading(h)) if h == s.sec_volunteers => {
                        Form::new_volunteer(lang, rules, today)
                    }
                    _ => Form::new_staff(&self.snap, village, lang, today),
                })
            }
            (Screen::Rosters, Some(t)) => {
                match (self.rosters.pane, self.rosters.selected_village(&self.snap)) {
                    (1, Some(v)) => Some(Form::new_grid((v.id, &v.name), lang, rules, today)),
                    _ => Some(Form::new_village(t, lang, rules, today)),
                }
            }
            (Screen::Household, _) => self
                .household
                .as_ref()
                .and_then(|v| self.find_household(v.id))
                .map(|h| Form::new_resident((h.id, h.display_name()), lang, rules, today)),
            (Screen::Resident, _) => self
                .resident
                .as_ref()
                .and_then(|v| self.find_resident(v.id))
                .map(|(_, m)| Form::new_condition((m.id, &m.name), lang, rules, today)),
            _ => None,
        };
        match form {
            Some(f) => self.popup = Some(Popup::Form(Box::new(f))),
            // Today adds only the first thing; once households exist, say where adding happens
            None if self.screen == Screen::Today => {
                let s = self.strings();
                self.message = if self.snap.town.households.is_empty() {
                    s.empty_no_households
                } else {
                    s.add_where
                }
                .to_string()
            }
            None => {}
        }
        Ok(())
    }

    /// The move form, once the household to move into is chosen.
    fn move_form(&mut self, resident: i64, to: i64) {
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

    /// The tasks of a household and its members, as the household screen lists them.
    pub fn household_tasks(&self, h: &Household) -> Vec<&Task> {
        self.snap.household_tasks(h)
    }

    fn subject_name(&self, subject: Subject) -> String {
        self.listed_name(subject).unwrap_or_default()
    }

    /// A resident's or household's name; `None` when not in this session's lists.
    pub(super) fn listed_name(&self, subject: Subject) -> Option<String> {
        match subject {
            Subject::Household(id) => Some(self.find_household(id)?.display_name().to_string()),
            Subject::Resident(id) => Some(self.find_resident(id)?.1.name.clone()),
        }
    }

    /// A patient and their recorded visits, for the follow-up form's live assessment.
    pub(super) fn patient_record(
        &self,
        subject: Subject,
    ) -> Option<Box<(Resident, Vec<VisitRecord>)>> {
        let Subject::Resident(id) = subject else {
            return None;
        };
        let (_, m) = self.find_resident(id)?;
        let visits = self
            .snap
            .town
            .visits
            .iter()
            .filter(|v| v.subject == subject)
            .cloned()
            .collect();
        Some(Box::new((m.clone(), visits)))
    }

    /// The sign-in or lock screen's key (issue 15 item 2).
    fn handle_gate(&mut self, mut gate: super::login::Gate, key: KeyEvent, db: &mut Db) {
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
    fn start_session(&mut self, db: &Db, session: crate::db::Session) -> Result<()> {
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
    fn sign_out(&mut self, db: &mut Db) {
        db.sign_out();
        self.session = None;
        self.operator = db.operator.clone();
        self.forget_views();
        self.gate = Some(super::login::Gate::login());
        if let Err(e) = self.open_scope(db, Ok(Scope::Grids(0))) {
            self.message = strings::db_error(self.opts.lang, &e);
        }
    }

    fn forget_views(&mut self) {
        self.popup = None;
        self.beneath.clear();
        self.waiting_save = None;
        self.household = None;
        self.resident = None;
        self.queue.filter = Filter::default();
        self.queue.selected = 0;
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
    fn worker_refused(&self, a: Action) -> bool {
        let refused = match a {
            // `e` on the resident screen is the phone correction
            Action::Edit => self.screen != Screen::Resident,
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
            | Action::Replan => true,
            _ => false,
        };
        refused && self.worker_session()
    }

    /// The grid worker's refusal, in the interface's language.
    fn worker_refusal(&self) -> String {
        crate::domain::refusal::Refusal::WorkerOnlyVisits.text(self.opts.lang == strings::Lang::Zh)
    }

    /// A grid worker is signed in.
    pub fn worker_session(&self) -> bool {
        self.session
            .as_ref()
            .is_some_and(|s| s.role == crate::domain::access::Role::Worker)
    }

    /// The one place where keys change state.
    pub fn handle_key(&mut self, key: KeyEvent, db: &mut Db) {
        if let Some(gate) = self.gate.take() {
            self.handle_gate(gate, key, db);
            return;
        }
        // Ctrl-L locks over an open form too; the form waits under the lock
        if keys::action(self.screen, key) == Action::Lock && self.session.is_some() {
            self.lock();
            return;
        }
        if let Some(popup) = self.popup.take() {
            self.handle_popup(popup, key, db);
            return;
        }
        let a = keys::action(self.screen, key);
        let said = self.message.clone();
        if let Err(e) = self.update(a, db) {
            self.message = e.to_string();
        }
        // a form or list that opened is the answer to the key: an older word
        // on the status line is not about it ("select a grid first" stayed
        // under the grid form)
        if self.popup.is_some() && self.message == said {
            self.message.clear();
        }
        // A form that just opened notes its household's last change (issue 15).
        if let Some(Popup::Form(f)) = &mut self.popup
            && !f.guarded
        {
            f.guarded = true;
            if let Some(h) = f.touches(&self.snap) {
                f.guard = db.household_stamp(h).ok().map(|stamp| (h, stamp));
            }
        }
    }

    /// Saves a form. The first try does not wait: when another writer holds
    /// the database, the form waits in `waiting_save` and the status line says
    /// so at once; the run loop draws that, then calls `finish_save` (issue 17).
    fn save(&mut self, mut form: Box<Form>, db: &mut Db, wait: bool) {
        let patience = if wait {
            SAVE_WAIT
        } else {
            std::time::Duration::ZERO
        };
        db.expect_unchanged(form.guard);
        let result = db
            .set_busy_wait(patience)
            .map_err(|_| ())
            .and_then(|_| form.submit(db));
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
    fn confirm(&mut self, what: Confirm, db: &mut Db) {
        match what {
            Confirm::Import(plan) => self.commit_import(plan, db),
            Confirm::Replan(next) => self.store_replan(next, db),
        }
    }

    fn commit_import(&mut self, plan: Box<super::forms::ImportPlan>, db: &mut Db) {
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

    fn handle_popup(&mut self, popup: Popup, key: KeyEvent, db: &mut Db) {
        match popup {
            Popup::Draft(d) => self.draft_key(d, key, db),
            Popup::Text(mut tv) if tv.confirm.is_some() => {
                let ctrl = key
                    .modifiers
                    .contains(ratatui::crossterm::event::KeyModifiers::CONTROL);
                match (key.code, tv.confirm.take()) {
                    (KeyCode::Enter, Some(c)) => self.confirm(c, db),
                    (KeyCode::Char('s'), Some(c)) if ctrl => self.confirm(c, db),
                    (KeyCode::Esc, Some(Confirm::Import(_))) => {
                        self.message = self.strings().import_cancelled.to_string()
                    }
                    (KeyCode::Esc, _) => self.message = self.strings().cancelled.to_string(),
                    (code, c) => {
                        tv.confirm = c;
                        scroll(&mut tv.scroll, code, self.page);
                        self.popup = Some(Popup::Text(tv));
                    }
                }
            }
            Popup::Text(mut tv) => {
                if scroll(&mut tv.scroll, key.code, self.page) {
                    self.popup = Some(Popup::Text(tv));
                }
            }
            Popup::Help(mut hv) => {
                if scroll(&mut hv, key.code, self.page) {
                    self.popup = Some(Popup::Help(hv));
                } else {
                    // closing the help shows what it was opened over
                    self.popup = self.beneath.pop();
                }
            }
            Popup::Form(mut form) => match form.handle_key(key) {
                FormEvent::Continue => self.popup = Some(Popup::Form(form)),
                FormEvent::Help => {
                    self.beneath.push(Popup::Form(form));
                    self.popup = Some(Popup::Help(HelpView::default()));
                }
                FormEvent::Cancel => self.message = self.strings().cancelled.to_string(),
                FormEvent::Save => self.save(form, db, false),
            },
            Popup::Pick(mut pv) => match key.code {
                KeyCode::Esc => {}
                KeyCode::Down | KeyCode::Up => {
                    pv.selected = arrow(pv.selected, pv.shown.len(), key.code);
                    self.popup = Some(Popup::Pick(pv));
                }
                KeyCode::Enter => match (pv.what, pv.chosen()) {
                    (PickWhat::Household { resident }, Some(PickValue::Household(to))) => {
                        self.move_form(resident, to);
                    }
                    (PickWhat::Household { .. }, _) => self.popup = Some(Popup::Pick(pv)),
                    (PickWhat::ReportScope, Some(PickValue::Report(scope))) => {
                        self.reports.set_scope(scope, &self.snap);
                    }
                    (PickWhat::ReportScope, _) => self.popup = Some(Popup::Pick(pv)),
                    _ => {
                        pv.apply(&mut self.queue.filter);
                        self.queue.selected = 0;
                        if self.queue.on_plan()
                            && let Err(e) = self.load_plans(db)
                        {
                            self.message = strings::db_error(self.opts.lang, &e);
                        }
                        self.refilter();
                    }
                },
                _ => {
                    pv.input.input(key);
                    pv.refilter();
                    self.popup = Some(Popup::Pick(pv));
                }
            },
            Popup::Scope(mut sv) => match key.code {
                KeyCode::Down | KeyCode::Up | KeyCode::Char('j' | 'k') => {
                    let code = match key.code {
                        KeyCode::Char('j') => KeyCode::Down,
                        KeyCode::Char('k') => KeyCode::Up,
                        c => c,
                    };
                    sv.selected = arrow(sv.selected, sv.townships.len(), code);
                    self.popup = Some(Popup::Scope(sv));
                }
                KeyCode::Enter => {
                    if let Some((id, name, _)) = sv.townships.get(sv.selected) {
                        let scope = Scope::Township(*id);
                        match Snapshot::load(db, scope, self.opts.today) {
                            Ok(snap) => {
                                self.snap = snap;
                                self.scope_label = Some(name.clone());
                                // another township: nothing open stays open
                                self.forget_views();
                                self.message = format!("{} {name}", self.strings().switched);
                                if let Err(e) = self.derive(db) {
                                    self.message = e.to_string();
                                }
                            }
                            Err(e) => self.message = e.to_string(),
                        }
                    }
                }
                _ => {} // Esc and any other key close it
            },
            Popup::Search(mut sv) => match key.code {
                KeyCode::Esc => {}
                KeyCode::Down | KeyCode::Up => {
                    sv.selected = arrow(sv.selected, sv.hits.len(), key.code);
                    self.popup = Some(Popup::Search(sv));
                }
                KeyCode::Enter => match sv.hits.get(sv.selected) {
                    Some(hit) => {
                        let id = hit.resident_id;
                        match self.open_resident(db, id) {
                            Ok(()) => self.go(Screen::Resident),
                            Err(e) => self.message = e.to_string(),
                        }
                    }
                    None => self.popup = Some(Popup::Search(sv)),
                },
                _ => {
                    sv.input.input(key);
                    let q = sv.input.lines().join("");
                    sv.hits = search::search(&self.snap.town, &q, 200);
                    sv.selected = 0;
                    self.popup = Some(Popup::Search(sv));
                }
            },
        }
    }

    pub fn update(&mut self, a: Action, db: &mut Db) -> Result<()> {
        let s = self.strings();
        match a {
            Action::None => {}
            _ if self.worker_refused(a) => self.message = self.worker_refusal(),
            Action::Lock if self.session.is_some() => self.lock(),
            Action::Lock | Action::SwitchOperator if !db.has_operators()? => {
                self.message = s.no_lock.to_string();
            }
            Action::Lock | Action::SwitchOperator => self.sign_out(db),
            // Only a coordinator works on another township.
            Action::ChooseScope
                if self
                    .session
                    .as_ref()
                    .is_some_and(|s| s.role != crate::domain::access::Role::Coordinator) =>
            {
                self.message = crate::domain::refusal::Refusal::CoordinatorOnly
                    .text(self.opts.lang == strings::Lang::Zh);
            }
            // Screen 6 (volunteer groups): its keys that read or write the database.
            Action::Go(Screen::Groups) => {
                self.go(Screen::Groups);
                self.groups.reload(db, &self.snap)?;
            }
            Action::Go(Screen::Reports) => {
                self.go(Screen::Reports);
                self.reports.reload(&self.snap);
            }
            Action::Back if self.screen == Screen::Reports && self.reports.drill.is_some() => {
                self.reports.drill = None;
            }
            // Screen 7 (referrals, issue 14): read on opening; each step a form.
            Action::Go(Screen::Referrals) => {
                self.go(Screen::Referrals);
                self.referrals.reload(db, self.opts.today)?;
            }
            Action::ReferralStep(step) => {
                if let Some(r) = self.referrals.selected_row() {
                    let f = Form::referral_step(
                        r.id,
                        &r.name,
                        step,
                        self.opts.lang,
                        &self.snap.rules,
                        self.opts.today,
                    );
                    self.popup = Some(Popup::Form(Box::new(f)));
                }
            }
            Action::Go(Screen::Rosters) => {
                self.go(Screen::Rosters);
                self.rosters.reload(db, &self.snap)?;
            }
            Action::Assign | Action::Balance | Action::EndStaff => self.roster_form(a),
            Action::Contract | Action::EndContract => self.contract_form(a, db)?,
            // Enter on a care-plan task opens the plan, as `r` does (§2 ★1)
            Action::Open
                if self.screen == Screen::Queues
                    && self
                        .selected_task()
                        .is_some_and(|t| t.kind == VisitKind::CarePlan) =>
            {
                if let Some(Subject::Resident(id)) = self.selected_task().map(|t| t.subject) {
                    self.care_plan_form(db, id)?;
                }
            }
            Action::SendReferral => {
                if let Some((id, name)) = self.member_in_focus().map(|m| (m.id, m.name.clone())) {
                    let f = Form::send_referral(
                        (id, &name),
                        self.opts.lang,
                        &self.snap.rules,
                        self.opts.today,
                    );
                    self.popup = Some(Popup::Form(Box::new(f)));
                }
            }
            Action::CarePlan => match self.member_in_focus().map(|m| m.id) {
                Some(id) => self.care_plan_form(db, id)?,
                None => self.message = s.select_member.to_string(),
            },
            Action::GroupVolunteer => {
                let group = self
                    .groups
                    .rows
                    .get(self.groups.group)
                    .map(|g| (g.id, g.name.clone()));
                let village = self.groups.village_id(&self.snap);
                if let (Some(g), Some(v)) = (group, village) {
                    let free = db
                        .free_volunteers(v, self.opts.today)?
                        .into_iter()
                        .map(|f| (f.id, self.subject_name(Subject::Resident(f.resident))))
                        .collect();
                    match Form::group_volunteer(
                        (g.0, &g.1),
                        free,
                        self.opts.lang,
                        &self.snap.rules,
                        self.opts.today,
                    ) {
                        Some(f) => self.popup = Some(Popup::Form(Box::new(f))),
                        None => self.message = s.no_free_volunteer.to_string(),
                    }
                }
            }
            Action::Back if self.screen == Screen::Groups && self.groups.plan.is_some() => {
                self.groups.plan = None;
            }
            Action::Print if self.screen == Screen::Groups => {
                if let Some(v) = self.groups.volunteer() {
                    self.print_form(
                        db,
                        crate::print::Who::Worker(crate::domain::queue::WorkerRole::Volunteer, v),
                        Filter::default(),
                    )?;
                }
            }
            Action::Quit => self.quit = true,
            Action::Leave if self.screen == Screen::Today => self.quit = true,
            Action::Leave => {
                self.previous.clear();
                self.screen = Screen::Today;
                // back on Today, j and Enter work the red list again
                self.today.pane = super::screens::today::TodayPane::Red;
            }
            Action::Back => {
                if let Some(p) = self.previous.pop() {
                    self.screen = p;
                }
            }
            // the household screen with none open shows the open resident's
            Action::Go(Screen::Household) if self.household.is_none() => {
                match self
                    .resident
                    .as_ref()
                    .and_then(|r| self.find_resident(r.id))
                {
                    Some((h, _)) => {
                        let id = h.id;
                        self.open_household(db, id)?;
                    }
                    None => {}
                }
                self.go(Screen::Household);
            }
            Action::Go(scr) => self.go(scr),
            Action::Help => self.popup = Some(Popup::Help(HelpView::default())),
            Action::Search => {
                let mut input = TextArea::default();
                input.set_placeholder_text("wdy / 王大爷 / 002X / 1234");
                self.popup = Some(Popup::Search(SearchView {
                    input,
                    hits: Vec::new(),
                    selected: 0,
                }));
            }
            Action::OpenHousehold => {
                let hh = match self.screen {
                    Screen::Queues => self.selected_task().map(|t| t.household_id),
                    Screen::Resident => self
                        .resident
                        .as_ref()
                        .and_then(|r| self.find_resident(r.id))
                        .map(|(h, _)| h.id),
                    _ => None,
                };
                if let Some(id) = hh {
                    self.open_household(db, id)?;
                    self.go(Screen::Household);
                }
            }
            Action::Record | Action::Outcome => {
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
            }
            Action::Edit => {
                let (lang, today) = (self.opts.lang, self.opts.today);
                let form = match self.screen {
                    Screen::Resident => self.resident.as_ref().and_then(|v| {
                        self.find_resident(v.id).map(|(_, m)| {
                            let f = Form::resident(m, lang, &self.snap.rules, today);
                            // a grid worker corrects the phone number only
                            if self.worker_session() {
                                f.phone_only()
                            } else {
                                f
                            }
                        })
                    }),
                    Screen::Household => self
                        .household
                        .as_ref()
                        .and_then(|v| self.find_household(v.id))
                        .map(|h| Form::edit_household(&self.snap, h, lang, today)),
                    Screen::Rosters if self.rosters.pane == 2 => {
                        let roster = self.rosters.roster.as_ref();
                        match (self.rosters.selected_row(s, &self.snap), roster) {
                            (Some(Row::Person(p)), _) => {
                                Some(Form::edit_staff(p, lang, &self.snap.rules, today))
                            }
                            (Some(Row::Team(t)), Some(r)) => {
                                let f = Form::team_member(
                                    r,
                                    (t.team.id, &t.team.name),
                                    lang,
                                    &self.snap.rules,
                                    today,
                                );
                                if f.is_none() {
                                    self.message = s.no_active_staff.to_string();
                                }
                                f
                            }
                            _ => None,
                        }
                    }
                    Screen::Rosters => match self.rosters.selected_grid(&self.snap) {
                        Some(g) => Some(Form::rename_place(
                            true,
                            g.id,
                            &g.name,
                            lang,
                            &self.snap.rules,
                            today,
                        )),
                        None => self.rosters.selected_village(&self.snap).map(|v| {
                            Form::rename_place(false, v.id, &v.name, lang, &self.snap.rules, today)
                        }),
                    },
                    _ => None,
                };
                self.popup = form.map(|f| Popup::Form(Box::new(f)));
            }
            Action::EndManagement => self.end_management_form(),
            Action::History => self.history(db)?,
            Action::Add => self.add_form(db)?,
            Action::AddHousehold => {
                let at = match self.screen {
                    Screen::Rosters => self.rosters.grid_for_household(&self.snap).map(|g| g.id),
                    _ => self
                        .household
                        .as_ref()
                        .and_then(|v| self.find_household(v.id))
                        .map(|h| h.grid_id),
                };
                if self.snap.town.grids.is_empty() {
                    self.message = s.empty_no_households.to_string();
                } else {
                    let form = Form::new_household(&self.snap, at, self.opts.lang, self.opts.today);
                    self.popup = Some(Popup::Form(Box::new(form)));
                }
            }
            Action::EndCondition => {
                let form = self.member_in_focus().and_then(|m| {
                    Form::end_condition(m, self.opts.lang, &self.snap.rules, self.opts.today)
                });
                match form {
                    Some(f) => self.popup = Some(Popup::Form(Box::new(f))),
                    None => self.message = s.no_condition.to_string(),
                }
            }
            Action::MoveHome => match self.member_in_focus().map(|m| m.id) {
                Some(id) => {
                    self.popup = Some(Popup::Pick(PickView::households(&self.snap, id, s)));
                }
                None => self.message = s.select_member.to_string(),
            },
            Action::UndoRemoval => {
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
            }
            Action::ChooseScope => {
                let townships = db.townships()?;
                let selected = townships
                    .iter()
                    .position(|t| Scope::Township(t.0) == self.snap.scope)
                    .unwrap_or(0);
                self.popup = Some(Popup::Scope(ScopeView {
                    townships,
                    selected,
                }));
            }
            // the rosters print what is selected (issue 13): a village's sheets,
            // a grid's worker, a grid worker, a team or a volunteer
            Action::Print if self.screen == Screen::Rosters => {
                use crate::domain::queue::WorkerRole;
                use crate::print::Who;
                let who = match self.rosters.pane {
                    0 => self
                        .rosters
                        .selected_village(&self.snap)
                        .map(|v| Who::Village(v.id)),
                    1 => self
                        .rosters
                        .selected_grid(&self.snap)
                        .and_then(|g| g.worker.as_ref())
                        .map(|w| Who::Worker(WorkerRole::GridWorker, w.id)),
                    _ => match self.rosters.selected_row(s, &self.snap) {
                        Some(Row::Person(p)) if p.role == Some(StaffRole::GridWorker) => {
                            Some(Who::Worker(WorkerRole::GridWorker, p.staff.id))
                        }
                        Some(Row::Team(t)) => Some(Who::Worker(WorkerRole::Team, t.team.id)),
                        Some(Row::Volunteer(v)) => Some(Who::Worker(WorkerRole::Volunteer, v.id)),
                        _ => None,
                    },
                };
                match who {
                    Some(who) => self.print_form(db, who, Filter::default())?,
                    None => self.message = s.select_printable.to_string(),
                }
            }
            Action::Print => self.print_queue(db)?,
            Action::PlanMove if self.screen == Screen::Queues => self.plan_move_form(db)?,
            Action::Replan if self.screen == Screen::Queues => self.replan_preview(db)?,
            Action::Import => {
                let township = match self.snap.scope {
                    Scope::Township(id) => Some(id),
                    _ => None,
                };
                let form =
                    Form::import(township, self.opts.lang, &self.snap.rules, self.opts.today);
                self.message.clear(); // a previous import's word is not about this one
                self.popup = Some(Popup::Form(Box::new(form)));
            }
            Action::PickReportScope => {
                let widest = super::screens::reports::widest(&self.snap);
                let current = self.reports.scope.unwrap_or(widest);
                self.popup = Some(Popup::Pick(PickView::report_scopes(
                    &self.snap, widest, current, s,
                )));
            }
            Action::PickVillage | Action::PickGrid | Action::PickWorker => {
                let what = match a {
                    Action::PickVillage => PickWhat::Village,
                    Action::PickGrid => PickWhat::Grid,
                    _ => PickWhat::Worker,
                };
                self.popup = Some(Popup::Pick(PickView::new(
                    what,
                    &self.snap,
                    &self.queue.filter,
                    s,
                )));
            }
            Action::Override => {
                let form = self
                    .household
                    .as_ref()
                    .and_then(|v| self.find_household(v.id))
                    .map(|h| Form::tier(h, self.opts.lang, &self.snap.rules, self.opts.today));
                self.popup = form.map(|f| Popup::Form(Box::new(f)));
            }
            _ => {
                let ctx = Ctx {
                    snap: &self.snap,
                    lang: self.opts.lang,
                    page: self.page,
                };
                let effect = match self.screen {
                    Screen::Today => self.today.update(a, &ctx),
                    Screen::Rosters => self.rosters.update(a, &ctx),
                    Screen::Referrals => self.referrals.update(a, &ctx),
                    Screen::Queues => {
                        let e = self.queue.update(a, &ctx);
                        if self.queue.on_plan()
                            && matches!(a, Action::PrevTab | Action::NextTab | Action::ClearFilters)
                        {
                            self.load_plans(db)?;
                        }
                        e
                    }
                    Screen::Household => self
                        .household
                        .as_mut()
                        .map_or(Effect::None, |v| v.update(a, &ctx)),
                    Screen::Resident => self
                        .resident
                        .as_mut()
                        .map_or(Effect::None, |v| v.update(a, &ctx)),
                    Screen::Reports => self.reports.update(a, &ctx),
                    Screen::Groups => self.groups.update(a, &ctx),
                };
                match effect {
                    Effect::None => {}
                    Effect::Say(text) => self.message = text,
                    Effect::Groups(cmd) => self.carry_groups(cmd, db)?,
                    Effect::Open(subject) => self.open_subject(db, subject)?,
                    Effect::ShowVisit(n) => {
                        let visit = match self.screen {
                            Screen::Household => {
                                self.household.as_ref().and_then(|v| v.visits.get(n))
                            }
                            _ => self.resident.as_ref().and_then(|v| v.visits.get(n)),
                        };
                        if let Some(v) = visit {
                            let lang = self.opts.lang;
                            let notes = v.notes.as_deref().unwrap_or("");
                            self.popup = Some(Popup::Text(TextView::new(
                                format!("{} {}", v.date, strings::kind(lang, v.kind)),
                                format!(
                                    "{}\n\n{}",
                                    super::visit_text::visit_line(lang, &{
                                        let mut short = v.clone();
                                        short.notes = None;
                                        short
                                    }),
                                    notes
                                ),
                            )));
                        }
                    }
                    Effect::ShowReferral(n) => {
                        let lang = self.opts.lang;
                        if let Some(r) = self.resident.as_ref().and_then(|v| v.referrals.get(n)) {
                            self.popup = Some(Popup::Text(TextView::new(
                                format!(
                                    "{} {} · {}",
                                    strings::strings(lang).referrals,
                                    r.sent_on,
                                    r.name
                                ),
                                super::screens::resident::referral_text(lang, r),
                            )));
                        }
                    }
                    Effect::Queue { tab, filter } => {
                        self.queue.tab = tab;
                        self.queue.filter = filter;
                        // Today counts open tasks: the queue shows those
                        self.queue.status = StatusFilter::Open;
                        self.queue.selected = 0;
                        self.refilter();
                        self.go(Screen::Queues);
                    }
                }
            }
        }
        Ok(())
    }
    /// `i`: the open resident's or household's changes, newest first, in a
    /// scrolled popup (issue 15 item 3, §10): theirs and their visits',
    /// referrals' and contracts' (a household's: its members' too).
    fn history(&mut self, db: &Db) -> Result<()> {
        let subject = match self.screen {
            Screen::Resident => self.resident.as_ref().map(|r| Subject::Resident(r.id)),
            Screen::Household => self.household.as_ref().map(|h| Subject::Household(h.id)),
            _ => None,
        };
        let Some(subject) = subject else {
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

    /// A bracketed paste (issue 10, item 13): one insertion into the open
    /// form's focused field or the search box, one check or search after it.
    /// Elsewhere a paste means nothing and is dropped.
    pub fn handle_paste(&mut self, text: &str) {
        if self.gate.is_some() {
            return; // a PIN is typed, never pasted into a screen behind the lock
        }
        match &mut self.popup {
            Some(Popup::Form(form)) => form.paste(text),
            Some(Popup::Search(sv)) => {
                sv.input.insert_str(super::paste::paste_text(text, false));
                let q = sv.input.lines().join("");
                sv.hits = search::search(&self.snap.town, &q, 200);
                sv.selected = 0;
            }
            Some(Popup::Pick(pv)) => {
                pv.input.insert_str(super::paste::paste_text(text, false));
                pv.refilter();
            }
            _ => {}
        }
    }
}

/// Scrolls a help-like popup by a key; false when the key closes it instead.
fn scroll(hv: &mut HelpView, code: KeyCode, page: usize) -> bool {
    let max = hv.max_scroll.get();
    let page = page.max(1);
    hv.scroll = match code {
        KeyCode::Down | KeyCode::Char('j') => (hv.scroll + 1).min(max),
        KeyCode::Up | KeyCode::Char('k') => hv.scroll.saturating_sub(1),
        KeyCode::PageDown | KeyCode::Char(' ') => (hv.scroll + page).min(max),
        KeyCode::PageUp => hv.scroll.saturating_sub(page),
        KeyCode::Home | KeyCode::Char('g') => 0,
        KeyCode::End | KeyCode::Char('G') => max,
        _ => return false, // any other key closes it
    };
    true
}

/// A popup list's selection after an arrow key, within `len` rows.
fn arrow(selected: usize, len: usize, code: KeyCode) -> usize {
    match code {
        KeyCode::Down => (selected + 1).min(len.saturating_sub(1)),
        KeyCode::Up => selected.saturating_sub(1),
        _ => selected,
    }
}

/// A path with the home directory written as ~, so it fits the status line.
pub fn short_path(p: &str) -> String {
    match std::env::var("HOME") {
        Ok(home) if !home.is_empty() && p.starts_with(&home) => format!("~{}", &p[home.len()..]),
        _ => p.to_string(),
    }
}
