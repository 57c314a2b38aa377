//! The interface's state and its one update function: keys become actions,
//! actions change state; only `update` (and form submission it calls) reads
//! or writes the database. Drawing reads this state and nothing else.

use super::forms::{Form, FormEvent};
use super::keys;
use super::strings::{self, Lang, Strings};
use super::theme::Theme;
use crate::db::{Db, Result, Scope, VisitDetail};
use crate::domain::calendar::Cadence;
use crate::domain::model::*;
use crate::domain::queue::{Filter, Status, Task, WorkerRole};
use crate::domain::tier::{HouseholdTier, Tier, household_tier};
use crate::search::{self, Hit};
use crate::snapshot::Snapshot;
use chrono::NaiveDate;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui_textarea::TextArea;
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Today,
    Queues,
    Household,
    Resident,
    Rosters,
    Groups,
    Referrals,
    Reports,
}

impl Screen {
    pub const ALL: [Screen; 8] = [
        Screen::Today,
        Screen::Queues,
        Screen::Household,
        Screen::Resident,
        Screen::Rosters,
        Screen::Groups,
        Screen::Referrals,
        Screen::Reports,
    ];
    pub fn title(self, s: &Strings) -> &'static str {
        match self {
            Screen::Today => s.s_today,
            Screen::Queues => s.s_queues,
            Screen::Household => s.s_household,
            Screen::Resident => s.s_resident,
            Screen::Rosters => s.s_rosters,
            Screen::Groups => s.s_groups,
            Screen::Referrals => s.s_referrals,
            Screen::Reports => s.s_reports,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    None,
    Quit,
    Back,
    Go(Screen),
    Up,
    Down,
    Top,
    Bottom,
    PageDown,
    PageUp,
    NextPane,
    PrevTab,
    NextTab,
    Open,
    Search,
    Help,
    Record,
    Outcome,
    Edit,
    Override,
    EndManagement,
    ChooseScope,
    OpenHousehold,
    CycleVillage,
    CycleGrid,
    CycleWorker,
    CycleColour,
    CycleTier,
    CycleStatus,
    ClearFilters,
    Print,
}

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

/// The queue tabs: each calendar cadence; dated tasks (re-checks, referral
/// follow-ups, first follow-ups) sit with the weekly work.
pub const TABS: [Cadence; 4] = [
    Cadence::Week,
    Cadence::Month,
    Cadence::Quarter,
    Cadence::Year,
];

/// Which tasks the queue shows by status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusFilter {
    Open,
    All,
    Only(Status),
}

/// The Today screen's figures, derived once per reload rather than per frame.
#[derive(Debug, Default)]
pub struct TodaySummary {
    /// (cadence, due, overdue) for each cadence, then (None, …) for dated tasks.
    pub per_cadence: Vec<(Option<Cadence>, usize, usize)>,
    /// Indices of open red tasks, in triage order.
    pub red: Vec<usize>,
    /// (village, open, overdue), in village order.
    pub per_village: Vec<(String, usize, usize)>,
}

impl TodaySummary {
    fn of(town: &Township, tasks: &[Task]) -> TodaySummary {
        let mut per_cadence: Vec<(Option<Cadence>, usize, usize)> =
            Cadence::ALL.iter().map(|c| (Some(*c), 0, 0)).collect();
        per_cadence.push((None, 0, 0));
        let village_index: HashMap<i64, usize> = town
            .villages
            .iter()
            .enumerate()
            .map(|(i, v)| (v.id, i))
            .collect();
        let mut per_village: Vec<(String, usize, usize)> = town
            .villages
            .iter()
            .map(|v| (v.name.clone(), 0, 0))
            .collect();
        let mut red = Vec::new();
        for (i, t) in tasks.iter().enumerate() {
            let overdue = match t.status {
                Status::Due => 0,
                Status::Overdue => 1,
                _ => continue,
            };
            if let Some(row) = per_cadence.iter_mut().find(|r| r.0 == t.when.cadence()) {
                row.1 += 1 - overdue;
                row.2 += overdue;
            }
            if let Some(v) = village_index
                .get(&t.village_id)
                .and_then(|&k| per_village.get_mut(k))
            {
                v.1 += 1;
                v.2 += overdue;
            }
            if t.colour == Some(Colour::Red) {
                red.push(i);
            }
        }
        TodaySummary {
            per_cadence,
            red,
            per_village,
        }
    }
}

pub struct QueueView {
    pub tab: usize,
    pub filter: Filter,
    pub status: StatusFilter,
    /// Indices into `App::tasks` of the rows shown, in triage order.
    pub rows: Vec<usize>,
    pub selected: usize,
    pub detail_focus: bool,
}

pub struct HouseholdView {
    pub id: i64,
    pub tier: HouseholdTier,
    pub visits: Vec<VisitDetail>,
    pub pane: usize,
    pub selected: usize,
}

pub struct ResidentView {
    pub id: i64,
    pub colours: Vec<(NaiveDate, Colour, String)>,
    pub visits: Vec<VisitDetail>,
    pub referrals: Vec<ReferralRecord>,
    pub plan: Option<String>,
    pub pane: usize,
    pub selected: usize,
}

pub struct SearchView {
    pub input: TextArea<'static>,
    pub hits: Vec<Hit>,
    pub selected: usize,
}

pub enum Popup {
    Help,
    Search(SearchView),
    Form(Box<Form>),
    Scope(ScopeView),
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
    pub popup: Option<Popup>,
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
    pub today: TodaySummary,
    pub village_names: HashMap<i64, String>,
    pub grid_names: HashMap<i64, String>,
    pub queue: QueueView,
    pub household: Option<HouseholdView>,
    pub resident: Option<ResidentView>,
    /// Where Back returns to.
    pub previous: Vec<Screen>,
    pub message: String,
    /// Rows a half page moves; the run loop sets it from the terminal's height.
    pub page: usize,
    pub quit: bool,
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
        let mut app = App {
            theme,
            operator: db.operator.clone(),
            db_name,
            screen: Screen::Today,
            popup: None,
            snap: Snapshot::load(db, opts.scope, opts.today)?,
            scope_label: scope_label(db, opts.scope)?,
            waiting_save: None,
            seen_version: 0,
            seen_audit: db.last_audit()?,
            read_only: db.read_only(),
            today: TodaySummary::default(),
            village_names: HashMap::new(),
            grid_names: HashMap::new(),
            queue: QueueView {
                tab: 0,
                filter: Filter::default(),
                status: StatusFilter::Open,
                rows: Vec::new(),
                selected: 0,
                detail_focus: false,
            },
            household: None,
            resident: None,
            previous: Vec::new(),
            message: String::new(),
            page: 10,
            quit: false,
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
        let mine: Vec<i64> = changes
            .households
            .iter()
            .flatten()
            .copied()
            .filter(|h| self.find_household(*h).is_some())
            .collect();
        match changes.households {
            None => self.reload(db)?,
            Some(_) if mine.is_empty() => {
                self.seen_version = now;
                self.seen_audit = changes.last_audit;
                return Ok(false);
            }
            Some(_) => {
                for h in mine {
                    self.snap.refresh_household(db, h)?;
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
        self.today = TodaySummary::of(&self.snap.town, &self.snap.tasks);
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
        self.refilter();
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
        let q = &mut self.queue;
        let tab = TABS[q.tab];
        q.rows = self
            .snap
            .tasks
            .iter()
            .enumerate()
            .filter(|(_, t)| q.filter.matches(t))
            .filter(|(_, t)| match t.when.cadence() {
                Some(c) => c == tab,
                None => tab == Cadence::Week,
            })
            .filter(|(_, t)| match q.status {
                StatusFilter::Open => matches!(t.status, Status::Due | Status::Overdue),
                StatusFilter::All => true,
                StatusFilter::Only(s) => t.status == s,
            })
            .map(|(i, _)| i)
            .collect();
        q.selected = q.selected.min(q.rows.len().saturating_sub(1));
    }

    pub fn selected_task(&self) -> Option<&Task> {
        self.queue
            .rows
            .get(self.queue.selected)
            .and_then(|&i| self.snap.tasks.get(i))
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
        let Some(h) = self.find_household(id) else {
            return Ok(());
        };
        let tier = household_tier(h, self.opts.today, &self.snap.rules);
        let visits = db.visit_details(Subject::Household(id), 50)?;
        let (pane, selected) = self
            .household
            .as_ref()
            .filter(|v| v.id == id)
            .map_or((0, 0), |v| (v.pane, v.selected));
        self.household = Some(HouseholdView {
            id,
            tier,
            visits,
            pane,
            selected,
        });
        Ok(())
    }

    fn open_resident(&mut self, db: &Db, id: i64) -> Result<()> {
        let (pane, selected) = self
            .resident
            .as_ref()
            .filter(|v| v.id == id)
            .map_or((0, 0), |v| (v.pane, v.selected));
        self.resident = Some(ResidentView {
            id,
            colours: db.colour_history(id)?,
            visits: db.visit_details(Subject::Resident(id), 100)?,
            referrals: db.referrals_of(id)?,
            plan: db.care_plan(id)?,
            pane,
            selected,
        });
        Ok(())
    }

    fn go(&mut self, s: Screen) {
        if s != self.screen {
            self.previous.push(self.screen);
            self.screen = s;
        }
    }

    /// The task a record/outcome key acts on: the selected queue task, or the
    /// open resident's (or household's) first open task.
    fn task_in_focus(&self) -> Option<Task> {
        match self.screen {
            Screen::Queues => self.selected_task().cloned(),
            Screen::Resident => self.most_urgent(Subject::Resident(self.resident.as_ref()?.id)),
            Screen::Household => {
                let view = self.household.as_ref()?;
                let h = self.find_household(view.id)?;
                match view.pane {
                    // the selected member's most urgent task, else the household's
                    0 => h
                        .members
                        .get(view.selected)
                        .and_then(|m| self.most_urgent(Subject::Resident(m.id)))
                        .or_else(|| self.most_urgent(Subject::Household(h.id))),
                    1 => self
                        .household_tasks(h)
                        .get(view.selected)
                        .map(|t| (*t).clone()),
                    _ => self.most_urgent(Subject::Household(h.id)),
                }
            }
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
            Screen::Household => self.household.as_ref().and_then(|v| {
                let h = self.find_household(v.id)?;
                if v.pane == 0 {
                    h.members.get(v.selected)
                } else {
                    None
                }
            }),
            _ => None,
        }
    }

    fn end_management_form(&mut self) {
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

    /// A subject's open clinical task first, then any open task, then any task.
    fn most_urgent(&self, subject: Subject) -> Option<Task> {
        let open = |t: &&Task| matches!(t.status, Status::Due | Status::Overdue);
        self.tasks_of(subject)
            .filter(open)
            .find(|t| t.kind != VisitKind::YearlyCheck)
            .or_else(|| self.tasks_of(subject).find(open))
            .or_else(|| self.tasks_of(subject).next())
            .cloned()
    }

    /// The tasks of a household and its members, as the household screen lists them.
    pub fn household_tasks(&self, h: &Household) -> Vec<&Task> {
        let mut v: Vec<&Task> = self.tasks_of(Subject::Household(h.id)).collect();
        for m in &h.members {
            v.extend(self.tasks_of(Subject::Resident(m.id)));
        }
        crate::domain::queue::to_do(v)
    }

    fn subject_name(&self, subject: Subject) -> String {
        match subject {
            Subject::Household(id) => self
                .find_household(id)
                .map_or(String::new(), |h| h.display_name().to_string()),
            Subject::Resident(id) => self
                .find_resident(id)
                .map_or(String::new(), |(_, m)| m.name.clone()),
        }
    }

    /// A patient and their recorded visits, for the follow-up form's live assessment.
    fn patient_record(&self, subject: Subject) -> Option<Box<(Resident, Vec<VisitRecord>)>> {
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
        if let Some(popup) = self.popup.take() {
            self.handle_popup(popup, key, db);
            return;
        }
        let a = keys::action(self.screen, key);
        if let Err(e) = self.update(a, db) {
            self.message = e.to_string();
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
            Ok(msg) => {
                self.message = msg;
                let refreshed = match form.touches(&self.snap) {
                    Some(id) => self.refresh_household(db, id),
                    None => self.reload(db),
                };
                if let Err(e) = refreshed {
                    self.message = strings::db_error(self.opts.lang, &e);
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

    /// The save that met another writer, tried again with patience; the form
    /// keeps its values if it still cannot be written.
    pub fn finish_save(&mut self, db: &mut Db) {
        if let Some(form) = self.waiting_save.take() {
            self.save(form, db, true);
        }
    }

    fn handle_popup(&mut self, popup: Popup, key: KeyEvent, db: &mut Db) {
        match popup {
            Popup::Help => {} // any key closes help
            Popup::Form(mut form) => match form.handle_key(key) {
                FormEvent::Continue => self.popup = Some(Popup::Form(form)),
                FormEvent::Cancel => self.message = self.strings().cancelled.to_string(),
                FormEvent::Save => self.save(form, db, false),
            },
            Popup::Scope(mut sv) => match key.code {
                KeyCode::Down | KeyCode::Char('j') => {
                    sv.selected = (sv.selected + 1).min(sv.townships.len().saturating_sub(1));
                    self.popup = Some(Popup::Scope(sv));
                }
                KeyCode::Up | KeyCode::Char('k') => {
                    sv.selected = sv.selected.saturating_sub(1);
                    self.popup = Some(Popup::Scope(sv));
                }
                KeyCode::Enter => {
                    if let Some((id, name, _)) = sv.townships.get(sv.selected) {
                        let scope = Scope::Township(*id);
                        match Snapshot::load(db, scope, self.opts.today) {
                            Ok(snap) => {
                                self.snap = snap;
                                self.scope_label = Some(name.clone());
                                self.household = None;
                                self.resident = None;
                                self.queue.filter = Filter::default();
                                self.queue.selected = 0;
                                self.screen = Screen::Today;
                                self.previous.clear();
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
                KeyCode::Down => {
                    sv.selected = (sv.selected + 1).min(sv.hits.len().saturating_sub(1));
                    self.popup = Some(Popup::Search(sv));
                }
                KeyCode::Up => {
                    sv.selected = sv.selected.saturating_sub(1);
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
            Action::Quit => self.quit = true,
            Action::Back => match self.previous.pop() {
                Some(p) => self.screen = p,
                None => self.quit = true,
            },
            Action::Go(scr) => self.go(scr),
            Action::Help => self.popup = Some(Popup::Help),
            Action::Search => {
                let mut input = TextArea::default();
                input.set_placeholder_text("wdy / 王大爷 / 002X / 1234");
                self.popup = Some(Popup::Search(SearchView {
                    input,
                    hits: Vec::new(),
                    selected: 0,
                }));
            }
            Action::Up
            | Action::Down
            | Action::Top
            | Action::Bottom
            | Action::PageDown
            | Action::PageUp => self.move_selection(a),
            Action::NextPane => match self.screen {
                Screen::Queues => self.queue.detail_focus = !self.queue.detail_focus,
                Screen::Household => {
                    if let Some(h) = self.household.as_mut() {
                        h.pane = (h.pane + 1) % 3;
                        h.selected = 0;
                    }
                }
                Screen::Resident => {
                    if let Some(r) = self.resident.as_mut() {
                        r.pane = (r.pane + 1) % 2;
                        r.selected = 0;
                    }
                }
                _ => {}
            },
            Action::PrevTab | Action::NextTab => {
                let n = TABS.len();
                self.queue.tab = if a == Action::NextTab {
                    (self.queue.tab + 1) % n
                } else {
                    (self.queue.tab + n - 1) % n
                };
                self.queue.selected = 0;
                self.refilter();
            }
            Action::Open => self.open(db)?,
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
                };
                self.popup = Some(Popup::Form(Box::new(form)));
            }
            Action::Edit => {
                let (lang, today) = (self.opts.lang, self.opts.today);
                let form = match self.screen {
                    Screen::Resident => self.resident.as_ref().and_then(|v| {
                        self.find_resident(v.id).map(|(_, m)| {
                            Form::resident(m, v.plan.as_deref(), lang, &self.snap.rules, today)
                        })
                    }),
                    Screen::Household => self
                        .household
                        .as_ref()
                        .and_then(|v| self.find_household(v.id))
                        .map(|h| Form::household(h, lang, &self.snap.rules, today)),
                    _ => None,
                };
                self.popup = form.map(|f| Popup::Form(Box::new(f)));
            }
            Action::EndManagement => self.end_management_form(),
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
            Action::Print => self.print_queue(db)?,
            Action::Override => {
                let form = self
                    .household
                    .as_ref()
                    .and_then(|v| self.find_household(v.id))
                    .map(|h| Form::tier(h, self.opts.lang, &self.snap.rules, self.opts.today));
                self.popup = form.map(|f| Popup::Form(Box::new(f)));
            }
            Action::CycleVillage => {
                let ids: Vec<i64> = self.snap.town.villages.iter().map(|v| v.id).collect();
                self.queue.filter.village = cycle(&ids, self.queue.filter.village);
                self.queue.filter.grid = None;
                self.refilter();
            }
            Action::CycleGrid => {
                let v = self.queue.filter.village;
                let ids: Vec<i64> = self
                    .snap
                    .town
                    .grids
                    .iter()
                    .filter(|g| v.is_none_or(|v| g.village_id == v))
                    .map(|g| g.id)
                    .collect();
                self.queue.filter.grid = cycle(&ids, self.queue.filter.grid);
                self.refilter();
            }
            Action::CycleWorker => {
                let mut ws: Vec<(WorkerRole, i64)> = Vec::new();
                for t in self
                    .snap
                    .tasks
                    .iter()
                    .filter(|t| self.queue.filter.village.is_none_or(|v| t.village_id == v))
                {
                    if let Some(w) = &t.worker
                        && !ws.contains(&(t.role, w.id))
                    {
                        ws.push((t.role, w.id));
                    }
                }
                self.queue.filter.worker = cycle(&ws, self.queue.filter.worker);
                self.refilter();
            }
            Action::CycleColour => {
                self.queue.filter.colour = cycle(Colour::ALL, self.queue.filter.colour);
                self.refilter();
            }
            Action::CycleTier => {
                let tiers: Vec<Tier> = (1..=5).filter_map(Tier::new).collect();
                self.queue.filter.tier = cycle(&tiers, self.queue.filter.tier);
                self.refilter();
            }
            Action::CycleStatus => {
                self.queue.status = match self.queue.status {
                    StatusFilter::Open => StatusFilter::Only(Status::Overdue),
                    StatusFilter::Only(Status::Overdue) => StatusFilter::Only(Status::Due),
                    StatusFilter::Only(Status::Due) => StatusFilter::Only(Status::Upcoming),
                    StatusFilter::Only(Status::Upcoming) => StatusFilter::Only(Status::Done),
                    StatusFilter::Only(Status::Done) => StatusFilter::Only(Status::Removed),
                    StatusFilter::Only(Status::Removed) => StatusFilter::All,
                    StatusFilter::All => StatusFilter::Open,
                };
                self.refilter();
            }
            Action::ClearFilters => {
                self.queue.filter = Filter::default();
                self.queue.status = StatusFilter::Open;
                self.refilter();
            }
        }
        Ok(())
    }

    fn open(&mut self, db: &Db) -> Result<()> {
        match self.screen {
            Screen::Today => self.go(Screen::Queues),
            Screen::Queues => {
                if let Some(t) = self.selected_task().cloned() {
                    match t.subject {
                        Subject::Resident(id) => {
                            self.open_resident(db, id)?;
                            self.go(Screen::Resident);
                        }
                        Subject::Household(id) => {
                            self.open_household(db, id)?;
                            self.go(Screen::Household);
                        }
                    }
                }
            }
            Screen::Household => {
                let member = self
                    .household
                    .as_ref()
                    .filter(|h| h.pane == 0)
                    .and_then(|h| {
                        self.find_household(h.id)
                            .and_then(|hh| hh.members.get(h.selected))
                            .map(|m| m.id)
                    });
                if let Some(id) = member {
                    self.open_resident(db, id)?;
                    self.go(Screen::Resident);
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Length of the list the selection moves in on the current screen.
    fn list_len(&self) -> usize {
        match self.screen {
            Screen::Queues => self.queue.rows.len(),
            Screen::Household => self.household.as_ref().map_or(0, |h| match h.pane {
                0 => self.find_household(h.id).map_or(0, |x| x.members.len()),
                1 => self
                    .find_household(h.id)
                    .map_or(0, |x| self.household_tasks(x).len()),
                _ => h.visits.len(),
            }),
            Screen::Resident => self.resident.as_ref().map_or(0, |r| {
                if r.pane == 0 {
                    r.visits.len()
                } else {
                    r.colours.len()
                }
            }),
            _ => 0,
        }
    }

    fn move_selection(&mut self, a: Action) {
        let len = self.list_len();
        let page = self.page.max(1);
        let sel = match self.screen {
            Screen::Queues => &mut self.queue.selected,
            Screen::Household => match self.household.as_mut() {
                Some(h) => &mut h.selected,
                None => return,
            },
            Screen::Resident => match self.resident.as_mut() {
                Some(r) => &mut r.selected,
                None => return,
            },
            _ => return,
        };
        let last = len.saturating_sub(1);
        *sel = match a {
            Action::Up => sel.saturating_sub(1),
            Action::Down => (*sel + 1).min(last),
            Action::Top => 0,
            Action::Bottom => last,
            Action::PageDown => (*sel + page).min(last),
            Action::PageUp => sel.saturating_sub(page),
            _ => *sel,
        };
    }
}

/// The next value after `current` in `all`, then back to none.
fn cycle<T: Copy + PartialEq>(all: &[T], current: Option<T>) -> Option<T> {
    match current.and_then(|c| all.iter().position(|x| *x == c)) {
        None => all.first().copied(),
        Some(i) => all.get(i + 1).copied(),
    }
}

/// A path with the home directory written as ~, so it fits the status line.
pub fn short_path(p: &str) -> String {
    match std::env::var("HOME") {
        Ok(home) if !home.is_empty() && p.starts_with(&home) => format!("~{}", &p[home.len()..]),
        _ => p.to_string(),
    }
}
