//! Queues: weekly / monthly / quarterly / yearly tabs, every cadence at once
//! (全部, where a village of Today opens), the week's plan, filters, triage
//! order, and why the selected task exists. The view owns its tab, filters and
//! selection, turns its keys into changes of them, and draws itself.

use super::{Ctx, Effect, colour_cell, fit, late, moved, scroll_offset};
use crate::domain::calendar::Cadence;
use crate::domain::model::Colour;
use crate::domain::queue::{Filter, Status, Task, WorkerRole};
use crate::domain::tier::Tier;
use crate::text::pad;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::words as strings;
use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

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

pub struct QueueView {
    pub tab: usize,
    pub filter: Filter,
    pub status: StatusFilter,
    /// Indices into the snapshot's tasks of the rows shown, in triage order.
    pub rows: Vec<usize>,
    pub selected: usize,
    pub detail_focus: bool,
    /// The 本周计划 tab (issue 16), loaded by the app when the tab is shown.
    pub plan: Option<super::week_plan::PlanTab>,
    /// Re-checks volunteers' high readings suggest (issue 29 item 5).
    pub rechecks: Vec<super::rechecks::Shown>,
}

impl Default for QueueView {
    fn default() -> Self {
        QueueView {
            tab: 0,
            filter: Filter::default(),
            status: StatusFilter::Open,
            rows: Vec::new(),
            selected: 0,
            detail_focus: false,
            plan: None,
            rechecks: Vec::new(),
        }
    }
}

/// The tab of every cadence at once, after the cadence tabs: a village's
/// open tasks, as Today counts them (issue 25 item 16).
pub const ALL_TAB: usize = TABS.len();
/// The 本周计划 tab, last.
const PLAN_TAB: usize = ALL_TAB + 1;

impl QueueView {
    /// The 本周计划 tab, after the cadence tabs.
    pub fn on_plan(&self) -> bool {
        self.tab == PLAN_TAB
    }

    /// Rows the selection moves over: the plan's lines on the plan tab.
    fn len(&self) -> usize {
        match (&self.plan, self.on_plan()) {
            (Some(p), true) => p.lines.len(),
            (None, true) => 0,
            _ => self.rows.len(),
        }
    }

    /// Recomputes the rows from the tab and filters.
    pub fn refilter(&mut self, tasks: &[Task]) {
        if self.on_plan() {
            self.selected = self.selected.min(self.len().saturating_sub(1));
            return;
        }
        let tab = TABS.get(self.tab).copied(); // None: every cadence
        let (filter, status) = (&self.filter, self.status);
        self.rows = tasks
            .iter()
            .enumerate()
            .filter(|(_, t)| filter.matches(t))
            .filter(|(_, t)| tab.is_none_or(|tab| t.on_tab(tab)))
            .filter(|(_, t)| match status {
                StatusFilter::Open => matches!(t.status, Status::Due | Status::Overdue),
                StatusFilter::All => true,
                StatusFilter::Only(s) => t.status == s,
            })
            .map(|(i, _)| i)
            .collect();
        self.selected = self.selected.min(self.rows.len().saturating_sub(1));
    }

    pub fn selected_task<'a>(&self, tasks: &'a [Task]) -> Option<&'a Task> {
        if self.on_plan() {
            return self.plan.as_ref()?.selected_task(self.selected, tasks);
        }
        self.rows.get(self.selected).and_then(|&i| tasks.get(i))
    }

    /// The queue's own keys: moving, tabs, the detail pane, opening, filters.
    pub fn update(&mut self, a: Action, ctx: &Ctx) -> Effect {
        let snap = ctx.snap;
        match a {
            _ if a.is_move() => {
                self.selected = moved(self.selected, self.len(), a, ctx.page);
                return Effect::None;
            }
            Action::NextPane => {
                self.detail_focus = !self.detail_focus;
                return Effect::None;
            }
            Action::Open => {
                return self
                    .selected_task(&snap.tasks)
                    .map_or(Effect::None, |t| Effect::Open(t.subject));
            }
            Action::PrevTab | Action::NextTab => {
                let n = PLAN_TAB + 1;
                self.tab = if a == Action::NextTab {
                    (self.tab + 1) % n
                } else {
                    (self.tab + n - 1) % n
                };
                self.selected = 0;
            }
            // a plan is a worker's whole week: colour, tier and status do not
            // pick from it (the keys once changed a filter the tab ignored)
            Action::CycleColour | Action::CycleTier | Action::CycleStatus if self.on_plan() => {
                return Effect::Say(strings::strings(ctx.lang).plan_filters.to_string());
            }
            Action::CycleColour => self.filter.colour = cycle(Colour::ALL, self.filter.colour),
            Action::CycleTier => {
                let tiers: Vec<Tier> = (1..=5).filter_map(Tier::new).collect();
                self.filter.tier = cycle(&tiers, self.filter.tier);
            }
            Action::CycleStatus => {
                self.status = match self.status {
                    StatusFilter::Open => StatusFilter::Only(Status::Overdue),
                    StatusFilter::Only(Status::Overdue) => StatusFilter::Only(Status::Due),
                    StatusFilter::Only(Status::Due) => StatusFilter::Only(Status::Upcoming),
                    StatusFilter::Only(Status::Upcoming) => StatusFilter::Only(Status::Done),
                    StatusFilter::Only(Status::Done) => StatusFilter::Only(Status::Removed),
                    StatusFilter::Only(Status::Removed) => StatusFilter::All,
                    StatusFilter::All => StatusFilter::Open,
                };
            }
            Action::ClearFilters => {
                self.filter = Filter::default();
                self.status = StatusFilter::Open;
            }
            _ => return Effect::None,
        }
        self.refilter(&snap.tasks);
        Effect::None
    }
}

/// The next value after `current` in `all`, then back to none.
fn cycle<T: Copy + PartialEq>(all: &[T], current: Option<T>) -> Option<T> {
    match current.and_then(|c| all.iter().position(|x| *x == c)) {
        None => all.first().copied(),
        Some(i) => all.get(i + 1).copied(),
    }
}

pub fn draw(f: &mut Frame, app: &App, area: Rect) {
    let s = app.strings();
    let lang = app.opts.lang;
    // On a short terminal the detail keeps its first two lines (who, why) so
    // the list shows more than three rows (walk at 60×16).
    let detail_h = if area.height < 20 { 4 } else { 6 };
    let recheck = super::rechecks::line(lang, &app.views.queue.rechecks)
        .filter(|_| !app.views.queue.on_plan());
    let [tabs, filters, rechecks, list, detail] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(u16::from(recheck.is_some())),
        Constraint::Min(3),
        Constraint::Length(detail_h),
    ])
    .areas(area);

    let mut spans = Vec::new();
    for (i, c) in TABS.iter().enumerate() {
        let label = format!(" {} ", strings::cadence(lang, *c));
        spans.push(if i == app.views.queue.tab {
            Span::styled(format!("[{}]", label.trim()), app.theme.selected())
        } else {
            Span::raw(label)
        });
    }
    let all_label = format!(" {} ", s.tab_all);
    spans.push(if app.views.queue.tab == ALL_TAB {
        Span::styled(format!("[{}]", all_label.trim()), app.theme.selected())
    } else {
        Span::raw(all_label)
    });
    let plan_label = format!(" {} ", s.tab_plan);
    spans.push(if app.views.queue.on_plan() {
        Span::styled(format!("[{}]", plan_label.trim()), app.theme.selected())
    } else {
        Span::raw(plan_label)
    });
    let count = match (&app.views.queue.plan, app.views.queue.on_plan()) {
        (Some(p), true) => p.plans.iter().map(|w| w.plan.load()).sum(),
        _ => app.views.queue.rows.len(),
    };
    // with the 全部 tab, 60 columns in English cut "4 tasks" to "4 task":
    // narrow, the number stands alone beside the tabs
    let tabs_w: usize = spans.iter().map(|sp| sp.width()).sum();
    let counted = format!("  {count} {}", s.tasks_count);
    spans.push(Span::raw(
        if tabs_w + unicode_width::UnicodeWidthStr::width(counted.as_str())
            > usize::from(tabs.width)
        {
            format!("  {count}")
        } else {
            counted
        },
    ));
    f.render_widget(Paragraph::new(Line::from(spans)), tabs);

    let q = &app.views.queue;
    // the plan tab shows whole plans: only the village, grid and worker
    // filters apply there, so only they are shown
    let plan = q.on_plan();
    let mut parts = Vec::new();
    if !plan {
        parts.push(format!(
            "{}={}",
            s.status,
            match q.status {
                StatusFilter::Open => s.open_tasks,
                StatusFilter::All => s.all,
                StatusFilter::Only(st) => strings::status(lang, st),
            }
        ));
    }
    if let Some(v) = q.filter.village {
        parts.push(format!(
            "{}={}",
            s.village,
            app.village_names.get(&v).map_or("", String::as_str)
        ));
    }
    if let Some(g) = q.filter.grid {
        // the grid with its village: every village has a 第一网格
        let village = app
            .snap
            .town
            .grids
            .iter()
            .find(|x| x.id == g)
            .map(|x| x.village_id);
        parts.push(format!(
            "{}={}",
            s.grid,
            village.map_or(String::new(), |v| app.place(v, g))
        ));
    }
    if let Some((role, id)) = q.filter.worker {
        let name = app
            .snap
            .tasks
            .iter()
            .find_map(|t| t.worker.as_ref().filter(|w| w.id == id && t.role == role))
            .map_or(String::new(), |w| w.name.clone());
        parts.push(format!("{}={name}", s.worker));
    }
    if let Some(c) = q.filter.colour.filter(|_| !plan) {
        parts.push(format!("{}={}", s.colour, strings::colour(lang, c)));
    }
    if let Some(t) = q.filter.tier.filter(|_| !plan) {
        parts.push(format!("{}={}", s.tier, strings::tier(lang, t)));
    }
    if parts.is_empty() {
        parts.push(s.none.to_string());
    }
    let hint = if plan {
        "(v n w x m P)"
    } else {
        "(v n w c t s x)"
    };
    f.render_widget(
        Paragraph::new(format!("{}: {}  {hint}", s.filters, parts.join(" "))),
        filters,
    );
    if let Some(line) = recheck {
        let w = usize::from(rechecks.width);
        f.render_widget(Paragraph::new(Line::styled(fit(&line, w), app.theme.bold())), rechecks);
    }

    let block = app.theme.focus_block(s.s_queues, !q.detail_focus);
    let inner = block.inner(list);
    f.render_widget(block, list);
    if q.on_plan() {
        super::week_plan::draw_list(f, app, inner, q.selected);
        let dblock = app.theme.focus_block(s.why, q.detail_focus);
        let dinner = dblock.inner(detail);
        f.render_widget(dblock, detail);
        f.render_widget(
            Paragraph::new(super::week_plan::detail(app, q.selected)),
            dinner,
        );
        return;
    }
    let height = usize::from(inner.height.saturating_sub(1));
    let width = usize::from(inner.width);
    // Column widths in cells; the place column takes what a wider terminal adds.
    // wider terminals give the kind its whole name ("referral follow-up")
    let kind_w = match width {
        w if w >= 110 => 20,
        _ => 11,
    };
    let narrow = width < 78;
    let late_w = if narrow { 5 } else { 7 };
    // narrow, the name gives a cell to the kind ("home visi" was cut), and
    // one more to the place (a name of four characters still fits)
    let name_w = if narrow { 9 } else { 11 };
    // Narrow, the status, colour and tier columns are as wide as their words
    // in the language, and the date drops the as-of year, so the village and
    // grid keep their column at 60×16 (issue 25 item 14: they were dropped).
    let widest = |words: &mut dyn Iterator<Item = String>| {
        words
            .map(|w| unicode_width::UnicodeWidthStr::width(w.as_str()))
            .max()
            .unwrap_or(0)
    };
    let (status_w, colour_w, tier_w) = if narrow {
        (
            widest(
                &mut Status::ALL
                    .iter()
                    .map(|&x| strings::status(lang, x).to_string()),
            )
            .max(unicode_width::UnicodeWidthStr::width(s.status))
                + 2,
            widest(
                &mut Colour::ALL
                    .iter()
                    .map(|&c| strings::colour(lang, c).to_string()),
            )
            .max(unicode_width::UnicodeWidthStr::width(s.colour))
                + 1,
            widest(&mut std::iter::once(strings::tier(lang, Tier::HEALTHY)))
                .max(unicode_width::UnicodeWidthStr::width(s.tier))
                + 1,
        )
    } else {
        (9, 7, 5)
    };
    let today = app.opts.today;
    let due_text = |t: &Task| {
        let d = t.due_on(today);
        if narrow {
            strings::short_date(d, today)
        } else {
            d.to_string()
        }
    };
    let offset = scroll_offset(q.selected, height, q.rows.len());
    let shown = || {
        q.rows
            .iter()
            .skip(offset)
            .take(height)
            .map(|&i| &app.snap.tasks[i])
    };
    let due_w =
        widest(&mut shown().map(due_text)).max(unicode_width::UnicodeWidthStr::width(s.due_by));
    // Wide, the place takes every cell the other columns and the date leave,
    // so 观音阁村第二网格 is whole at 80 columns; narrow, what is left.
    let fixed = status_w + late_w + colour_w + tier_w + kind_w + name_w;
    let place_w = if narrow {
        match width.saturating_sub(fixed + due_w) {
            w if w < 6 => 0,
            w => w,
        }
    } else {
        width.saturating_sub(fixed + 10).min(27)
    };
    let head = format!(
        "{}{}{}{}{}{}{}{}",
        pad(s.status, status_w),
        pad(s.late, late_w),
        pad(s.colour, colour_w),
        pad(s.tier, tier_w),
        pad(s.kind, kind_w),
        pad(s.name, name_w),
        if place_w == 0 {
            String::new()
        } else {
            let both = format!("{}/{}", s.village, s.grid);
            let head = if unicode_width::UnicodeWidthStr::width(both.as_str()) < place_w {
                both
            } else {
                s.village.to_string()
            };
            pad(&fit(&head, place_w - 1), place_w)
        },
        s.due_by
    );
    let mut lines = vec![Line::styled(fit(&head, width), app.theme.bold())];
    if q.rows.is_empty() {
        lines.push(Line::from(s.no_tasks));
    }
    for (n, &i) in q.rows.iter().enumerate().skip(offset).take(height) {
        let t = &app.snap.tasks[i];
        let mark = if n == q.selected { ">" } else { " " };
        let due = due_text(t);
        let [c0, c1] = colour_cell(app, t.colour, colour_w);
        let mut spans = vec![
            Span::raw(format!(
                "{mark}{}",
                pad(
                    &fit(strings::status(lang, t.status), status_w - 2),
                    status_w - 1
                )
            )),
            Span::raw(pad(&late(app, t), late_w)),
            c0,
            c1,
            Span::raw(pad(&strings::tier(lang, t.tier), tier_w)),
            Span::raw(pad(&fit(strings::kind(lang, t.kind), kind_w - 1), kind_w)),
            Span::raw(pad(&fit(&t.name, name_w - 1), name_w)),
            Span::raw(pad(
                &super::place_in(app, t, place_w.saturating_sub(1)),
                place_w,
            )),
            Span::raw(due),
        ];
        if n == q.selected {
            for sp in &mut spans {
                sp.style = sp.style.patch(app.theme.selected());
            }
        }
        lines.push(Line::from(spans));
    }
    f.render_widget(Paragraph::new(lines), inner);

    let dblock = app.theme.focus_block(s.why, q.detail_focus);
    let dinner = dblock.inner(detail);
    f.render_widget(dblock, detail);
    if let Some(t) = app.selected_task() {
        f.render_widget(Paragraph::new(detail_lines(app, t)), dinner);
    }
}

/// Why the task exists, who does it, and the last contact.
pub fn detail_lines(app: &App, t: &Task) -> Vec<Line<'static>> {
    let s = app.strings();
    let lang = app.opts.lang;
    let why = strings::task_why(lang, t);
    let who = match t.role {
        WorkerRole::GridWorker | WorkerRole::Team | WorkerRole::Volunteer => t
            .worker
            .as_ref()
            .map_or(s.none.to_string(), |w| w.name.clone()),
    };
    let vol = t
        .volunteer
        .as_ref()
        .map_or(String::new(), |v| format!("  {}: {}", s.volunteer, v.name));
    let last = t.last_attempt.map_or(String::new(), |(d, o)| {
        format!("{}: {d} {}", s.last_try, strings::outcome(lang, o))
    });
    let state = super::task_state(app, t);
    vec![
        Line::from(vec![
            Span::styled(format!("{} ", t.name), app.theme.bold()),
            Span::raw(app.place(t.village_id, t.grid_id)),
        ]),
        Line::from(format!("{}: {why}", s.why)),
        Line::from(format!("{}: {who}{vol}", s.worker)),
        Line::from(format!("{state}  {last}")),
    ]
}

/// The keys of this screen alone (its help lists them first).
const KEYS: &[crate::tui::keys::Binding] = &[
    crate::own_key!(KeyCode::Left, false, "Left / h", Action::PrevTab, k_tabs),
    crate::own_key!(KeyCode::Char('h'), false, "Left / h", Action::PrevTab, k_tabs),
    crate::own_key!(KeyCode::Right, false, "Right / l", Action::NextTab, k_tabs),
    crate::own_key!(KeyCode::Char('l'), false, "Right / l", Action::NextTab, k_tabs),
    crate::own_key!(KeyCode::Char('v'), false, "v", Action::PickVillage, k_filter_village),
    crate::own_key!(KeyCode::Char('n'), false, "n", Action::PickGrid, k_filter_grid),
    crate::own_key!(KeyCode::Char('w'), false, "w", Action::PickWorker, k_filter_worker),
    crate::own_key!(KeyCode::Char('c'), false, "c", Action::CycleColour, k_filter_colour),
    crate::own_key!(KeyCode::Char('t'), false, "t", Action::CycleTier, k_filter_tier),
    crate::own_key!(KeyCode::Char('s'), false, "s", Action::CycleStatus, k_filter_status),
    crate::own_key!(KeyCode::Char('x'), false, "x", Action::ClearFilters, k_filter_clear),
    crate::own_key!(KeyCode::Char('p'), false, "p", Action::Print, k_print),
    crate::own_key!(KeyCode::Char('m'), false, "m", Action::PlanMove, k_plan_move),
    crate::own_key!(KeyCode::Char('P'), false, "P", Action::Replan, k_plan_replan),
    crate::own_key!(KeyCode::Char('K'), false, "K", Action::KeyIn, k_key_in),
];

impl super::View for QueueView {
    fn title(s: &strings::Strings) -> &'static str {
        s.s_queues
    }
    fn bindings() -> &'static [&'static [crate::tui::keys::Binding]] {
        &[KEYS]
    }
    fn enter(&mut self, cx: &super::Load) -> crate::db::Result<()> {
        self.rechecks = super::rechecks::load(cx.db, cx.snap, &self.filter)?;
        Ok(())
    }
    /// Enter on a care-plan task opens the plan, as `r` does (§2 ★1).
    fn claim(&mut self, a: Action, cx: &Ctx) -> Option<Effect> {
        let task = self.selected_task(&cx.snap.tasks)?;
        (a == Action::Open && task.kind == crate::domain::model::VisitKind::CarePlan).then_some(
            match task.subject {
                crate::domain::model::Subject::Resident(id) => Effect::CarePlan(id),
                _ => Effect::None,
            },
        )
    }
    fn keys(&mut self, a: Action, cx: &Ctx) -> Effect {
        use crate::tui::picker::{PickView, PickWhat};
        let what = match a {
            Action::PickVillage => Some(PickWhat::Village),
            Action::PickGrid => Some(PickWhat::Grid),
            Action::PickWorker => Some(PickWhat::Worker),
            _ => None,
        };
        if let Some(what) = what {
            let pick = PickView::new(what, cx.snap, &self.filter, strings::strings(cx.lang));
            return Effect::Popup(Box::new(crate::tui::app::Popup::Pick(pick)));
        }
        if a == Action::KeyIn {
            return crate::tui::forms::key_in_form(cx, self.filter.worker);
        }
        let e = self.update(a, cx);
        // the plan tab's week is made (and saved) when first shown
        if self.on_plan() && matches!(a, Action::PrevTab | Action::NextTab | Action::ClearFilters)
        {
            return Effect::WeekPlans;
        }
        e
    }
    fn task_in_focus(&self, snap: &crate::snapshot::Snapshot) -> Option<Task> {
        self.selected_task(&snap.tasks).cloned()
    }
    fn household_in_focus(&self, snap: &crate::snapshot::Snapshot) -> Option<i64> {
        self.selected_task(&snap.tasks).map(|t| t.household_id)
    }
    fn draw(&self, f: &mut Frame, app: &App, area: Rect) {
        draw(f, app, area)
    }
}
