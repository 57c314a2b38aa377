//! The interface's shared state and its dispatch: the township snapshot, the
//! screen stack, popups and the one `update` that turns an action into a
//! change. Each screen's own state, keys and draw live in `screens/`; keys
//! reach a popup first (`popup_keys`), then the global actions here, then
//! the screen, whose [`Effect`](super::screens::Effect) `effects` carries
//! out. The forms a key opens are in `opening`, saving them in `saving`,
//! signing in and the lock in `session`. Drawing reads state and nothing
//! else; screens never hold a `Db`.

pub use super::action::{Action, Screen};
use super::forms::Form;
use super::keys;
use super::picker::PickView;
pub use super::screens::Views;
pub use super::screens::groups::GroupsView;
pub use super::screens::household::HouseholdView;
pub use super::screens::queues::{QueueView, StatusFilter, TABS};
pub use super::screens::referrals::ReferralsView;
pub use super::screens::reports::ReportsView;
pub use super::screens::resident::ResidentView;
pub use super::screens::rosters::RostersView;
pub use super::screens::today::{TodaySummary, TodayView};
use super::theme::Theme;
use crate::db::{Db, Result, Scope};
use crate::domain::model::*;
use crate::domain::queue::Task;
use crate::search::Hit;
use crate::snapshot::Snapshot;
use crate::words::{self as strings, Lang, Strings};
use chrono::NaiveDate;
use ratatui::crossterm::event::KeyEvent;
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
    pub(super) fn import(plan: Box<super::forms::ImportPlan>) -> TextView {
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
    /// Every screen's state (`app.views.queue`, `app.views.rosters` …).
    pub views: Views,
    pub village_names: HashMap<i64, String>,
    pub grid_names: HashMap<i64, String>,
    /// Whether the database holds a township yet (an empty one says how to begin).
    pub has_township: bool,
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
        // signed in already (an SSH key, issue 31): no gate, their scope next
        let signed = db.session().is_some();
        let gate = (auth.login && !signed && db.has_operators()?).then(super::login::Gate::login);
        let first = if gate.is_some() || signed {
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
            views: Views::default(),
            village_names: HashMap::new(),
            grid_names: HashMap::new(),
            has_township: true,
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
    pub(super) fn open_scope(&mut self, db: &Db, scope: Result<Scope>) -> Result<()> {
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
    pub(super) fn derive(&mut self, db: &Db) -> Result<()> {
        self.seen_version = db.data_version()?;
        self.has_township = db.holds_township()?;
        self.views
            .today
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
        if self.views.queue.on_plan() {
            self.show_plans(db)?;
        }
        self.refilter();
        self.enter(db)?;
        if let Some(id) = self.views.household.as_ref().map(|h| h.id) {
            self.open_household(db, id)?;
        }
        if let Some(id) = self.views.resident.as_ref().map(|r| r.id) {
            self.open_resident(db, id)?;
        }
        Ok(())
    }

    /// Recomputes the queue rows from the tab and filters.
    pub fn refilter(&mut self) {
        self.views.queue.refilter(&self.snap.tasks);
    }

    pub fn selected_task(&self) -> Option<&Task> {
        self.views.queue.selected_task(&self.snap.tasks)
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
        crate::domain::places::grid_label(
            self.village_names.get(&village).map_or("", String::as_str),
            self.grid_names.get(&grid).map_or("", String::as_str),
        )
    }

    pub(super) fn open_household(&mut self, db: &Db, id: i64) -> Result<()> {
        if let Some(v) = HouseholdView::open(db, &self.snap, id, self.views.household.as_ref())? {
            self.views.household = Some(v);
        }
        Ok(())
    }

    pub(super) fn open_resident(&mut self, db: &Db, id: i64) -> Result<()> {
        self.views.resident = Some(ResidentView::open(
            db,
            id,
            self.views.resident.as_ref(),
            self.opts.today,
        )?);
        Ok(())
    }

    /// Opens the screen of a person or a household.
    pub(super) fn open_subject(&mut self, db: &Db, subject: Subject) -> Result<()> {
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
    pub(super) fn go(&mut self, s: Screen) {
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
    pub(super) fn task_in_focus(&self) -> Option<Task> {
        self.views.get(self.screen).task_in_focus(&self.snap)
    }

    /// The open resident, or the member selected on the household screen.
    pub(super) fn member_in_focus(&self) -> Option<&Resident> {
        self.views.get(self.screen).member_in_focus(&self.snap)
    }

    /// The tasks of a household and its members, as the household screen lists them.
    pub fn household_tasks(&self, h: &Household) -> Vec<&Task> {
        self.snap.household_tasks(h)
    }

    pub(super) fn subject_name(&self, subject: Subject) -> String {
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

    pub fn update(&mut self, a: Action, db: &mut Db) -> Result<()> {
        let s = self.strings();
        if a == Action::None {
            return Ok(());
        }
        if self.worker_refused(a) {
            self.message = self.worker_refusal();
            return Ok(());
        }
        // the screen's own first (Esc closing a drill-down, `p` printing its selection)
        if let Some(effect) = self.claimed(a, db) {
            return self.carry(effect, db);
        }
        match a {
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
            Action::SendReferral => self.send_referral_form()?,
            Action::CarePlan => match self.member_in_focus().map(|m| m.id) {
                Some(id) => self.care_plan_form(db, id)?,
                None => self.message = s.select_member.to_string(),
            },
            Action::Quit => self.quit = true,
            Action::Leave => {
                self.previous.clear();
                self.screen = Screen::Today;
                // back on Today, j and Enter work the red list again
                self.views.today.pane = super::screens::today::TodayPane::Red;
            }
            Action::Back => {
                if let Some(p) = self.previous.pop() {
                    self.screen = p;
                }
            }
            // the household screen with none open shows the open resident's
            Action::Go(Screen::Household) if self.views.household.is_none() => {
                self.go_household(db)?
            }
            // a screen reads what it shows on opening (rosters, groups, referrals, reports)
            Action::Go(scr) => {
                self.go(scr);
                self.enter(db)?;
            }
            Action::Help => self.popup = Some(Popup::Help(HelpView::default())),
            Action::Search => self.search_popup()?,
            Action::OpenHousehold => self.open_household_key(db)?,
            Action::Record | Action::Outcome => self.record_form(a, db)?,
            Action::EndManagement => self.end_management_form(),
            Action::History => self.history(db)?,
            Action::Add => self.add_form(db)?,
            Action::EndCondition => self.end_condition_form()?,
            Action::MoveHome => match self.member_in_focus().map(|m| m.id) {
                Some(id) => {
                    self.popup = Some(Popup::Pick(PickView::households(&self.snap, id, s)));
                }
                None => self.message = s.select_member.to_string(),
            },
            Action::UndoRemoval => self.undo_removal_form()?,
            Action::ChooseScope => self.choose_scope(db)?,
            Action::Print => self.print_queue(db)?,
            Action::PlanMove => self.plan_move_form(db)?,
            Action::Replan => self.replan_preview(db)?,
            Action::Import => self.import_form()?,
            _ => self.screen_key(a, db)?,
        }
        Ok(())
    }
}

/// A path with the home directory written as ~, so it fits the status line.
pub fn short_path(p: &str) -> String {
    match std::env::var("HOME") {
        Ok(home) if !home.is_empty() && p.starts_with(&home) => format!("~{}", &p[home.len()..]),
        _ => p.to_string(),
    }
}
