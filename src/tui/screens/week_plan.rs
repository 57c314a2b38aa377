//! The queue's 本周计划 / This week tab (issue 16, domain.md §6 "Weekly
//! plan"): the plan of the worker chosen with `w`, or of every grid worker
//! and team of the scope, grouped per worker, each with its load against
//! capacity. Plans are stored when first shown (as `gridcare plan` does) and
//! not recomputed after; `m` moves a task in or out, `P` re-plans.

use super::fit;
use crate::db::{Db, Result};
use crate::domain::calendar::{Cadence, Period};
use crate::domain::plan::{self, Plan};
use crate::domain::queue::{Filter, Task, WorkerRole};
use crate::snapshot::Snapshot;
use crate::text::pad;
use crate::tui::app::App;
use crate::weekly::{self, Worker};
use crate::words as strings;
use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use std::collections::HashMap;

pub struct WorkerPlan {
    pub who: Worker,
    pub name: String,
    pub plan: Plan,
    /// False in a read-only session: shown, not stored.
    pub stored: bool,
}

/// A line of the tab: a worker's heading, or one planned task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanLine {
    Worker(usize),
    Task {
        plan: usize,
        item: usize,
        /// The task in the snapshot's queue, when it is there.
        task: Option<usize>,
    },
}

pub struct PlanTab {
    pub week: Period,
    pub plans: Vec<WorkerPlan>,
    pub lines: Vec<PlanLine>,
}

impl PlanTab {
    /// The week's plans as stored (a worker with none shows a new one, not
    /// stored): after a save elsewhere, which must not write.
    pub fn read(db: &Db, snap: &Snapshot, filter: &Filter, today: NaiveDate) -> Result<PlanTab> {
        Self::build(snap, filter, today, |all, who, week| {
            Ok(match weekly::stored(db, all, who, week)? {
                Some(p) => (p, true),
                None => (weekly::fresh(db, all, &snap.rules, who, week)?, false),
            })
        })
    }

    /// The plan tab from the plans `plan_of` gives (stored, fresh, or
    /// made and stored by the app, which alone writes).
    pub fn build(
        snap: &Snapshot,
        filter: &Filter,
        today: NaiveDate,
        mut plan_of: impl FnMut(&[Task], Worker, Period) -> Result<(Plan, bool)>,
    ) -> Result<PlanTab> {
        let week = Period::containing(Cadence::Week, today);
        let all = weekly::week_tasks_with(&snap.town, &snap.rules, week, today, Some(&snap.tasks));
        // a plan is a worker's whole week: the village and grid filters keep
        // the workers with work there (they once showed and did nothing)
        let works_in = |w: Worker, at: &dyn Fn(&Task) -> bool| {
            all.iter()
                .any(|t| t.role == w.0 && t.worker.as_ref().is_some_and(|x| x.id == w.1) && at(t))
        };
        let workers: Vec<(Worker, String)> = weekly::workers(&snap.town, &all)
            .into_iter()
            .filter(|(w, _)| filter.worker.is_none_or(|f| f == *w))
            .filter(|(w, _)| {
                filter
                    .village
                    .is_none_or(|v| works_in(*w, &|t: &Task| t.village_id == v))
            })
            .filter(|(w, _)| {
                filter
                    .grid
                    .is_none_or(|g| works_in(*w, &|t: &Task| t.grid_id == g))
            })
            .collect();
        let index: HashMap<String, usize> = snap
            .tasks
            .iter()
            .enumerate()
            .map(|(i, t)| (plan::task_key(t), i))
            .collect();
        let mut plans = Vec::new();
        let mut lines = Vec::new();
        for (who, name) in workers {
            let (p, stored) = plan_of(&all, who, week)?;
            let n = plans.len();
            lines.push(PlanLine::Worker(n));
            for (item, it) in p.items.iter().enumerate() {
                lines.push(PlanLine::Task {
                    plan: n,
                    item,
                    task: index.get(&it.key).copied(),
                });
            }
            plans.push(WorkerPlan {
                who,
                name,
                plan: p,
                stored,
            });
        }
        Ok(PlanTab { week, plans, lines })
    }

    pub fn selected_task<'a>(&self, selected: usize, tasks: &'a [Task]) -> Option<&'a Task> {
        match self.lines.get(selected)? {
            PlanLine::Task { task: Some(i), .. } => tasks.get(*i),
            _ => None,
        }
    }

    /// The worker whose plan the selected line belongs to.
    pub fn selected_plan(&self, selected: usize) -> Option<&WorkerPlan> {
        match self.lines.get(selected)? {
            PlanLine::Worker(p) | PlanLine::Task { plan: p, .. } => self.plans.get(*p),
        }
    }

    /// The planned item of the selected line.
    pub fn selected_item(&self, selected: usize) -> Option<(&WorkerPlan, &plan::Planned)> {
        match self.lines.get(selected)? {
            PlanLine::Task { plan, item, .. } => {
                let wp = self.plans.get(*plan)?;
                Some((wp, wp.plan.items.get(*item)?))
            }
            PlanLine::Worker(_) => None,
        }
    }
}

/// The tab's list: per worker a heading with the load line, then the tasks.
pub fn draw_list(f: &mut Frame, app: &App, area: Rect, selected: usize) {
    let s = app.strings();
    let lang = app.opts.lang;
    let width = usize::from(area.width);
    let height = usize::from(area.height);
    let Some(tab) = app.views.queue.plan.as_ref() else {
        f.render_widget(Paragraph::new(s.plan_pick_worker), area);
        return;
    };
    if tab.lines.is_empty() {
        f.render_widget(Paragraph::new(s.plan_none), area);
        return;
    }
    // as the queue's columns: a wide terminal gives the kind its whole name
    let kind_w = match width {
        w if w >= 110 => 20,
        _ => 11,
    };
    // the place: village and grid where there is room, else the village
    // alone (80 columns showed none, then 第一网格 without its village)
    let place_w = match width {
        w if w >= 78 => 16,
        _ => 0,
    };
    let offset = super::scroll_offset(selected, height, tab.lines.len());
    let mut lines = Vec::new();
    for (n, line) in tab.lines.iter().enumerate().skip(offset).take(height) {
        let mark = if n == selected { ">" } else { " " };
        let mut l = match *line {
            PlanLine::Worker(p) => {
                let wp = &tab.plans[p];
                let role = match wp.who.0 {
                    WorkerRole::GridWorker => s.role_grid_worker,
                    _ => s.plan_team,
                };
                let text = format!(
                    "{mark}{} {role} {}{}",
                    wp.name,
                    weekly::load_line(lang, &wp.plan),
                    if wp.stored { "" } else { s.plan_not_stored }
                );
                Line::styled(fit(&text, width), app.theme.bold())
            }
            PlanLine::Task { plan, item, task } => {
                let it = &tab.plans[plan].plan.items[item];
                let t = task.and_then(|i| app.snap.tasks.get(i));
                let status = t.map_or("", |t| strings::status(lang, t.status));
                let out = if it.counts() { " " } else { "-" };
                let head = format!(
                    "{mark}{out}{}{}{}{}",
                    pad(&fit(status, 7), 8),
                    pad(
                        &fit(t.map_or("", |t| strings::kind(lang, t.kind)), kind_w - 1),
                        kind_w
                    ),
                    pad(&fit(t.map_or(it.key.as_str(), |t| t.name.as_str()), 10), 11),
                    if place_w == 0 {
                        String::new()
                    } else {
                        pad(
                            &fit(
                                &t.map_or(String::new(), |t| super::place_in(app, t, place_w - 1)),
                                place_w - 1,
                            ),
                            place_w,
                        )
                    },
                );
                let used = unicode_width::UnicodeWidthStr::width(head.as_str());
                let why = weekly::why_text(lang, &it.why, it.moved.as_ref());
                let mut spans = vec![
                    Span::raw(head),
                    Span::raw(fit(&why, width.saturating_sub(used))),
                ];
                if n == selected {
                    for sp in &mut spans {
                        sp.style = sp.style.patch(app.theme.selected());
                    }
                }
                Line::from(spans)
            }
        };
        if n == selected && matches!(line, PlanLine::Worker(_)) {
            l = l.patch_style(app.theme.selected());
        }
        lines.push(l);
    }
    f.render_widget(Paragraph::new(lines), area);
}

/// The detail pane of a planned task: why it is in the week, then the task's own why.
pub fn detail(app: &App, selected: usize) -> Vec<Line<'static>> {
    let lang = app.opts.lang;
    let s = app.strings();
    let Some(tab) = app.views.queue.plan.as_ref() else {
        return vec![];
    };
    let Some((wp, it)) = tab.selected_item(selected) else {
        return match tab.selected_plan(selected) {
            Some(wp) => vec![
                Line::from(format!("{} {} {}", s.tab_plan, wp.name, tab.week.label())),
                Line::from(weekly::load_line(lang, &wp.plan)),
            ],
            None => vec![],
        };
    };
    let why = weekly::why_text(lang, &it.why, it.moved.as_ref());
    match tab.selected_task(selected, &app.snap.tasks) {
        Some(t) => {
            let mut lines = super::queues::detail_lines(app, t);
            lines.insert(1, Line::from(format!("{}{}{why}", s.tab_plan, s.colon)));
            lines
        }
        None => vec![
            Line::from(format!("{} · {}", it.key, wp.name)),
            Line::from(format!("{}{}{why}", s.tab_plan, s.colon)),
        ],
    }
}
