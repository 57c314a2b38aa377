//! Household: members, tier and why, open tasks, visit history. The view
//! owns its pane and selection and draws itself.

use super::{Ctx, Effect, colour_cell, colour_span, fit, moved, scroll_offset, window};
use crate::db::{Db, Result, VisitDetail};
use crate::domain::calendar::age_on;
use crate::domain::model::{Resident, Subject, VisitKind};
use crate::domain::queue::Task;
use crate::domain::tier::{HouseholdTier, household_tier};
use crate::snapshot::Snapshot;
use crate::text::pad;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::words as strings;
use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

pub struct HouseholdView {
    pub id: i64,
    pub tier: HouseholdTier,
    pub visits: Vec<VisitDetail>,
    /// 0 members, 1 open tasks, 2 visit history.
    pub pane: usize,
    pub selected: usize,
}

impl HouseholdView {
    /// Reads household `id` for the screen, keeping the pane and selection of
    /// `before` when it shows the same household. `None` when it is not in the scope.
    pub fn open(
        db: &Db,
        snap: &Snapshot,
        id: i64,
        before: Option<&HouseholdView>,
    ) -> Result<Option<HouseholdView>> {
        let Some(h) = snap.find_household(id) else {
            return Ok(None);
        };
        let tier = household_tier(h, snap.day, &snap.rules);
        let visits = db.visit_details(Subject::Household(id), 50)?;
        let (pane, selected) = before
            .filter(|v| v.id == id)
            .map_or((0, 0), |v| (v.pane, v.selected));
        Ok(Some(HouseholdView {
            id,
            tier,
            visits,
            pane,
            selected,
        }))
    }

    fn list_len(&self, snap: &Snapshot) -> usize {
        let Some(h) = snap.find_household(self.id) else {
            return 0;
        };
        match self.pane {
            0 => h.members.len(),
            1 => snap.household_tasks(h).len(),
            _ => self.visits.len(),
        }
    }

    pub fn update(&mut self, a: Action, ctx: &Ctx) -> Effect {
        match a {
            _ if a.is_move() => {
                self.selected = moved(self.selected, self.list_len(ctx.snap), a, ctx.page);
            }
            Action::NextPane => {
                self.pane = (self.pane + 1) % 3;
                self.selected = 0;
            }
            Action::Open if self.pane == 2 && self.selected < self.visits.len() => {
                return self.visits.get(self.selected).map_or(Effect::None, |v| {
                    Effect::ShowVisit(Box::new(v.clone()))
                });
            }
            Action::Open => {
                if let Some(m) = self.member_in_focus(ctx.snap) {
                    return Effect::Open(Subject::Resident(m.id));
                }
            }
            _ => {}
        }
        Effect::None
    }

    /// The selected member's most urgent task, else the household's; on the
    /// task pane, the selected task.
    pub fn task_in_focus(&self, snap: &Snapshot) -> Option<Task> {
        let h = snap.find_household(self.id)?;
        match self.pane {
            0 => h
                .members
                .get(self.selected)
                .and_then(|m| snap.most_urgent(Subject::Resident(m.id)))
                .or_else(|| snap.most_urgent(Subject::Household(h.id))),
            1 => snap
                .household_tasks(h)
                .get(self.selected)
                .map(|t| (*t).clone()),
            _ => snap.most_urgent(Subject::Household(h.id)),
        }
    }

    /// The member selected on the members pane.
    pub fn member_in_focus<'a>(&self, snap: &'a Snapshot) -> Option<&'a Resident> {
        let h = snap.find_household(self.id)?;
        if self.pane == 0 {
            h.members.get(self.selected)
        } else {
            None
        }
    }
}

pub fn draw(f: &mut Frame, app: &App, area: Rect) {
    let s = app.strings();
    let lang = app.opts.lang;
    let Some(view) = app.views.household.as_ref() else {
        return super::nothing_open(f, app, area, s.s_household);
    };
    let Some(h) = app.find_household(view.id) else {
        return;
    };
    let n = h.members.len() as u16;
    let [head, members, lower] = Layout::vertical([
        Constraint::Length(4),
        Constraint::Length(n + 3),
        Constraint::Min(3),
    ])
    .areas(area);

    // Header: address, place, tier and why (override shown as such).
    let t = &view.tier;
    let why: Vec<String> = t
        .causes
        .iter()
        .map(|(id, c)| {
            format!(
                "{}:{}",
                h.members
                    .iter()
                    .find(|m| m.id == *id)
                    .map_or("", |m| m.name.as_str()),
                strings::tier_cause(lang, *c)
            )
        })
        .collect();
    let tier_line = match &t.override_reason {
        Some(r) => format!(
            "{} {} ({}: {r}; {} {})",
            s.tier,
            strings::tier(lang, t.effective),
            s.tier_override,
            s.tier_derived,
            strings::tier(lang, t.derived)
        ),
        None => format!(
            "{} {} ({})",
            s.tier,
            strings::tier(lang, t.effective),
            s.tier_derived
        ),
    };
    let lines = vec![
        // a household with no members yet is named by its address: say it
        // once (issue 25 item 16: "富民村9组1号  地址 富民村9组1号")
        if h.members.is_empty() {
            Line::from(vec![
                Span::raw(format!("{} ", s.address)),
                Span::styled(h.address.clone(), app.theme.bold()),
            ])
        } else {
            Line::from(vec![
                Span::styled(h.display_name().to_string(), app.theme.bold()),
                Span::raw(format!("  {} {}", s.address, h.address)),
            ])
        },
        Line::from(format!(
            "{}  {}{}",
            app.place(h.village_id, h.grid_id),
            tier_line,
            h.ext_no
                .as_ref()
                .map_or(String::new(), |n| format!("  {} {n}", s.household_no))
        )),
        Line::from(super::labelled(s.why, &why, s.none)),
    ];
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), head);

    // Members.
    let block = app.theme.focus_block(s.members, view.pane == 0);
    let inner = block.inner(members);
    f.render_widget(block, members);
    let header = format!(
        "{}{}{}{}{}{}",
        pad(s.name, 11),
        pad(s.age, 5),
        pad(s.sex, 5),
        pad(s.relation, 9),
        pad(s.colour, 7),
        s.conditions
    );
    let mut lines = vec![Line::styled(
        fit(&header, usize::from(inner.width)),
        app.theme.bold(),
    )];
    for (i, m) in h.members.iter().enumerate() {
        let colour = app.tasks_of(Subject::Resident(m.id)).find_map(|t| t.colour);
        let conds: Vec<&str> = m
            .managed_conditions(app.opts.today)
            .map(|c| strings::condition(lang, c.condition))
            .collect();
        let status = if m.status.is_active() {
            String::new()
        } else {
            format!("[{}] ", strings::resident_status(lang, m.status))
        };
        let mark = if view.pane == 0 && i == view.selected {
            ">"
        } else {
            " "
        };
        let [c0, c1] = colour_cell(app, colour, 7);
        let mut spans = vec![
            Span::raw(format!("{mark}{}", pad(&fit(&m.name, 9), 10))),
            Span::raw(pad(&age_on(m.birth_date, app.opts.today).to_string(), 5)),
            Span::raw(pad(strings::sex(lang, m.sex), 5)),
            Span::raw(pad(strings::relation(lang, m.relation), 9)),
            c0,
            c1,
            Span::raw(format!("{status}{}", conds.join("+"))),
        ];
        if view.pane == 0 && i == view.selected {
            for sp in &mut spans {
                sp.style = sp.style.patch(app.theme.selected());
            }
        }
        lines.push(Line::from(spans));
    }
    f.render_widget(Paragraph::new(lines), inner);

    // Lower pane: open tasks of the household and its members, or the visit history.
    if view.pane == 2 {
        let block = app.theme.focus_block(s.history, true);
        let inner = block.inner(lower);
        f.render_widget(block, lower);
        let height = usize::from(inner.height);
        let lines: Vec<Line> = window(&view.visits, view.selected, height)
            .map(|(mark, v)| {
                // issue 12: who covered the grid that day, not today's worker
                let then = v
                    .grid_worker_then
                    .as_ref()
                    .map_or(String::new(), |w| format!("  {} {w}", s.role_grid_worker));
                Line::from(format!(
                    "{mark}{} {} {} {}{then}",
                    v.date,
                    strings::kind(lang, v.kind),
                    strings::mode(lang, v.mode),
                    strings::outcome(lang, v.outcome)
                ))
            })
            .collect();
        f.render_widget(Paragraph::new(lines), inner);
    } else {
        let tasks = app.household_tasks(h);
        task_list(
            f,
            app,
            lower,
            &tasks,
            s.open_task_list,
            view.pane == 1,
            view.selected,
        );
    }
}

/// A short list of tasks (household and resident screens).
pub fn task_list(
    f: &mut Frame,
    app: &App,
    area: Rect,
    tasks: &[&Task],
    title: &str,
    focused: bool,
    selected: usize,
) {
    let lang = app.opts.lang;
    let block = app.theme.focus_block(title, focused);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let height = usize::from(inner.height);
    let off = if focused {
        scroll_offset(selected, height, tasks.len())
    } else {
        0
    };
    let lines: Vec<Line> = tasks
        .iter()
        .enumerate()
        .skip(off)
        .take(height)
        .map(|(i, t)| {
            let mark = if focused && i == selected { ">" } else { " " };
            let who = if t.kind == VisitKind::Household {
                String::new()
            } else {
                format!("{} ", t.name)
            };
            Line::from(vec![
                Span::raw(format!("{mark}{who}{} ", strings::kind(lang, t.kind))),
                colour_span(app, t.colour),
                Span::raw(format!(" {}", super::task_state(app, t))),
            ])
        })
        .collect();
    f.render_widget(Paragraph::new(lines), inner);
}

/// The household screen: the household open, if any.
pub type HouseholdScreen = Option<HouseholdView>;

/// The keys of this screen alone (its help lists them first).
const KEYS: &[crate::tui::keys::Binding] = &[
    crate::own_key!(KeyCode::Char('T'), false, "T", Action::Override, k_override),
];

impl super::View for HouseholdScreen {
    fn title(s: &strings::Strings) -> &'static str {
        s.s_household
    }
    fn bindings() -> &'static [&'static [crate::tui::keys::Binding]] {
        &[KEYS]
    }
    fn task_in_focus(&self, snap: &Snapshot) -> Option<Task> {
        self.as_ref()?.task_in_focus(snap)
    }
    fn member_in_focus<'s>(&self, snap: &'s Snapshot) -> Option<&'s Resident> {
        self.as_ref()?.member_in_focus(snap)
    }
    fn record_in_focus(&self) -> Option<Subject> {
        Some(Subject::Household(self.as_ref()?.id))
    }
    fn keys(&mut self, a: Action, cx: &Ctx) -> Effect {
        match (a, self.as_ref()) {
            // `T`: the household's tier set by hand (§2)
            (Action::Override, Some(v)) => cx.snap.find_household(v.id).map_or(Effect::None, |h| {
                super::form(crate::tui::forms::Form::tier(h, cx.lang, &cx.snap.rules, cx.today))
            }),
            (Action::Add | Action::Edit | Action::AddHousehold, v) => {
                use crate::tui::forms::Form;
                let h = v.and_then(|v| cx.snap.find_household(v.id));
                let (lang, today, rules) = (cx.lang, cx.today, &cx.snap.rules);
                match (a, h) {
                    (Action::AddHousehold, h) => super::household_form(cx, h.map(|h| h.grid_id)),
                    (Action::Add, Some(h)) => super::form(Form::new_resident(
                        (h.id, h.display_name()),
                        lang,
                        rules,
                        today,
                    )),
                    (_, Some(h)) => super::form(Form::edit_household(cx.snap, h, lang, today)),
                    _ => Effect::None,
                }
            }
            _ => self.as_mut().map_or(Effect::None, |v| v.update(a, cx)),
        }
    }
    fn draw(&self, f: &mut Frame, app: &App, area: Rect) {
        draw(f, app, area)
    }
}
