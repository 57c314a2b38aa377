//! Rosters (screen 5): the township's villages and each village's grids, with
//! their households, residents and grid worker; below, the people of the
//! rosters with their load (issue 12, domain.md §1, §2): grid workers and
//! doctors, family-doctor teams, volunteers, the grids without a worker and
//! the handover that would even the load. `a` adds what the pane lists (a
//! village, a grid, a person, a team, a volunteer), `e` renames or edits
//! (on a team: its members), `A` adds a household in the selected grid, `W`
//! assigns the selected grid's worker, `X` lets a person leave with their
//! grids handed over (or a volunteer step down), `b` reviews the proposal.

use super::{Ctx, Effect, fit, moved, scroll_offset};
use crate::db::{Db, Result, VolunteerRow};
use crate::domain::model::{Grid, StaffRole, Village};
use crate::roster::{Person, Roster, Team, bar};
use crate::snapshot::Snapshot;
use crate::text::pad;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::words as strings;
use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

#[derive(Debug, Default)]
pub struct RostersView {
    /// 0 villages, 1 the selected village's grids, 2 the people.
    pub pane: usize,
    pub village: usize,
    pub grid: usize,
    pub person: usize,
    /// The rosters as last read (screens do not read the database while
    /// drawing; `reload` does it when the screen opens and after each change).
    pub roster: Option<Roster>,
}

/// One row of the people pane.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Row<'a> {
    Heading(&'static str),
    Person(&'a Person),
    Team(&'a Team),
    Volunteer(&'a VolunteerRow),
}

impl RostersView {
    pub fn selected_village<'a>(&self, snap: &'a Snapshot) -> Option<&'a Village> {
        snap.town.villages.get(self.village)
    }

    fn grids<'a>(&self, snap: &'a Snapshot) -> Vec<&'a Grid> {
        let v = self.selected_village(snap).map(|v| v.id);
        snap.town
            .grids
            .iter()
            .filter(|g| Some(g.village_id) == v)
            .collect()
    }

    /// The selected grid, when the grid pane has the focus.
    pub fn selected_grid<'a>(&self, snap: &'a Snapshot) -> Option<&'a Grid> {
        if self.pane == 1 {
            self.grids(snap).get(self.grid).copied()
        } else {
            None
        }
    }

    /// A grid to add a household in: the selected one, else the village's first.
    pub fn grid_for_household<'a>(&self, snap: &'a Snapshot) -> Option<&'a Grid> {
        self.grids(snap)
            .get(if self.pane == 1 { self.grid } else { 0 })
            .copied()
    }

    pub fn reload(&mut self, db: &Db, snap: &Snapshot) -> Result<()> {
        self.roster = Some(Roster::load(db, snap)?);
        let n = self.rows(&strings::ZH, snap).len();
        self.person = self.person.min(n.saturating_sub(1));
        Ok(())
    }

    /// The people pane's rows for the selected village (and those who serve
    /// the whole township): each section under its heading.
    pub fn rows<'a>(&'a self, s: &crate::words::Strings, snap: &Snapshot) -> Vec<Row<'a>> {
        let Some(r) = &self.roster else {
            return Vec::new();
        };
        let v = self.selected_village(snap).map_or(-1, |v| v.id);
        // Every heading shows, even over an empty section: `a` on it adds the first.
        let mut out = vec![Row::Heading(s.sec_staff)];
        out.extend(r.people.iter().filter(|p| p.serves(v)).map(Row::Person));
        out.push(Row::Heading(s.sec_teams));
        out.extend(
            r.teams
                .iter()
                .filter(|t| t.team.village_id == v)
                .map(Row::Team),
        );
        out.push(Row::Heading(s.sec_volunteers));
        out.extend(
            r.volunteers
                .iter()
                .filter(|x| x.village_id == v)
                .map(Row::Volunteer),
        );
        out
    }

    /// The selected row of the people pane, when it has the focus.
    pub fn selected_row<'a>(
        &'a self,
        s: &crate::words::Strings,
        snap: &Snapshot,
    ) -> Option<Row<'a>> {
        (self.pane == 2)
            .then(|| self.rows(s, snap).get(self.person).copied())
            .flatten()
    }

    pub fn update(&mut self, a: Action, ctx: &Ctx) -> Effect {
        match a {
            _ if a.is_move() => match self.pane {
                0 => {
                    self.village = moved(self.village, ctx.snap.town.villages.len(), a, ctx.page);
                    self.grid = 0;
                    self.person = 0;
                }
                1 => self.grid = moved(self.grid, self.grids(ctx.snap).len(), a, ctx.page),
                _ => {
                    let n = self.rows(&strings::ZH, ctx.snap).len();
                    self.person = moved(self.person, n, a, ctx.page);
                }
            },
            Action::NextPane => self.pane = (self.pane + 1) % 3,
            Action::Open if self.pane == 0 => self.pane = 1,
            // Enter on a grid, a person or a team: their queue; on a
            // volunteer: the resident they are (it did nothing there)
            Action::Open => {
                use crate::domain::queue::{Filter, WorkerRole};
                let queue = |filter: Filter| Effect::Queue { tab: 0, filter };
                if self.pane == 1 {
                    return self
                        .grids(ctx.snap)
                        .get(self.grid)
                        .map_or(Effect::None, |g| {
                            queue(Filter {
                                village: Some(g.village_id),
                                grid: Some(g.id),
                                ..Default::default()
                            })
                        });
                }
                return match self.selected_row(&strings::ZH, ctx.snap) {
                    Some(Row::Person(p)) if p.role == Some(StaffRole::GridWorker) => {
                        queue(Filter {
                            worker: Some((WorkerRole::GridWorker, p.staff.id)),
                            ..Default::default()
                        })
                    }
                    Some(Row::Team(t)) => queue(Filter {
                        worker: Some((WorkerRole::Team, t.team.id)),
                        ..Default::default()
                    }),
                    Some(Row::Volunteer(v)) => {
                        Effect::Open(crate::domain::model::Subject::Resident(v.resident_id))
                    }
                    _ => Effect::None,
                };
            }
            _ => {}
        }
        Effect::None
    }
}

pub fn draw(f: &mut Frame, app: &App, area: Rect) {
    let s = app.strings();
    let view = &app.views.rosters;
    let town = &app.snap.town;
    let [top, bottom] =
        Layout::vertical([Constraint::Percentage(40), Constraint::Percentage(60)]).areas(area);
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(top);
    let counts = |pred: &dyn Fn(i64, i64) -> bool| {
        let hh: Vec<_> = town
            .households
            .iter()
            .filter(|h| pred(h.village_id, h.grid_id))
            .collect();
        let people: usize = hh
            .iter()
            .map(|h| h.members.iter().filter(|m| m.status.is_active()).count())
            .sum();
        strings::fill(s.roster_counts, &[&hh.len(), &people])
    };
    let look = |focused: bool, i: usize, sel: usize| {
        if focused && i == sel {
            (">", app.theme.selected())
        } else {
            (" ", Style::default())
        }
    };

    // how many, so a pane too short for all of them says there are more
    let block = app.theme.focus_block(
        format!("{} ({})", s.villages_title, town.villages.len()),
        view.pane == 0,
    );
    let inner = block.inner(left);
    f.render_widget(block, left);
    let height = usize::from(inner.height);
    let width = usize::from(inner.width);
    let lines: Vec<Line> = town
        .villages
        .iter()
        .enumerate()
        .skip(scroll_offset(view.village, height, town.villages.len()))
        .take(height)
        .map(|(i, v)| {
            let (mark, style) = look(view.pane == 0 || i == view.village, i, view.village);
            let text = format!(
                "{mark}{} {}",
                pad(&fit(&v.name, 12), 12),
                counts(&|vid, _| vid == v.id)
            );
            Line::styled(fit(&text, width), style)
        })
        .collect();
    f.render_widget(Paragraph::new(lines), inner);

    let title = view
        .selected_village(&app.snap)
        .map_or(s.grids_title.to_string(), |v| {
            format!("{} · {}", s.grids_title, v.name)
        });
    let block = app.theme.focus_block(title, view.pane == 1);
    let inner = block.inner(right);
    f.render_widget(block, right);
    let grids = view.grids(&app.snap);
    let height = usize::from(inner.height);
    let width = usize::from(inner.width);
    let lines: Vec<Line> = grids
        .iter()
        .enumerate()
        .skip(scroll_offset(view.grid, height, grids.len()))
        .take(height)
        .map(|(i, g)| {
            let (mark, style) = look(view.pane == 1, i, view.grid);
            let worker = g.worker.as_ref().map_or(s.none, |w| w.name.as_str());
            let text = format!(
                "{mark}{} {} {} {}",
                pad(&fit(&g.name, 10), 10),
                s.role_grid_worker,
                pad(&fit(worker, 8), 8),
                counts(&|_, gid| gid == g.id)
            );
            Line::styled(fit(&text, width), style)
        })
        .collect();
    f.render_widget(Paragraph::new(lines), inner);
    draw_people(f, app, bottom);
}

/// The people pane: each person's load as a number and a bar against the
/// limit, flags in words (monochrome), and the coverage and proposal lines.
fn draw_people(f: &mut Frame, app: &App, area: Rect) {
    let s = app.strings();
    let view = &app.views.rosters;
    let title = view
        .selected_village(&app.snap)
        .map_or(s.people_title.to_string(), |v| {
            format!("{} · {}", s.people_title, v.name)
        });
    let block = app.theme.focus_block(title, view.pane == 2);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let Some(r) = &view.roster else {
        return;
    };
    let width = usize::from(inner.width);
    let footer = footer_lines(app, r);
    let height = usize::from(inner.height).saturating_sub(footer.len());
    let rows = view.rows(s, &app.snap);
    let (worker_scale, team_scale) = (r.worker_scale(), r.team_scale());
    let bar_w = if width >= 90 { 16 } else { 8 };
    let load = |week: f64, per_week: f64, backlog: usize, scale: f64| {
        let flag = if week > r.limit {
            format!(" {}", s.over_limit)
        } else {
            String::new()
        };
        format!(
            "{:>5.1}{}+{:<3} {}{flag}",
            per_week,
            s.per_week_short,
            backlog,
            bar(week, scale, bar_w),
        )
    };
    let selected_village_grids: Vec<i64> = view.grids(&app.snap).iter().map(|g| g.id).collect();
    let village = |id: Option<i64>| {
        id.and_then(|v| app.village_names.get(&v))
            .map_or("", String::as_str)
    };
    let mut lines: Vec<Line> = rows
        .iter()
        .enumerate()
        .skip(scroll_offset(view.person, height, rows.len()))
        .take(height)
        .map(|(i, row)| {
            let selected = view.pane == 2 && i == view.person;
            let mark = if selected { ">" } else { " " };
            let text = match row {
                Row::Heading(h) => format!("{mark}【{h}】"),
                Row::Person(p) => {
                    let role = p
                        .role
                        .map_or("", |x| strings::staff_role_short(app.opts.lang, x));
                    // Doctors' work is their team's, shown on the team's row.
                    let state = if !p.staff.active {
                        s.left_job.to_string()
                    } else if p.role == Some(StaffRole::GridWorker) {
                        load(p.load.week(), p.load.per_week, p.load.backlog, worker_scale)
                    } else {
                        String::new()
                    };
                    // the selected village's grids by their own name, others with their village's
                    let grids: Vec<&str> = p
                        .grids
                        .iter()
                        .map(|(id, full)| match app.grid_names.get(id) {
                            Some(short) if selected_village_grids.contains(id) => short.as_str(),
                            _ => full.as_str(),
                        })
                        .collect();
                    format!(
                        "{mark}{} {} {state} {}",
                        pad(&fit(&p.staff.name, 8), 8),
                        pad(&fit(role, 9), 9),
                        if grids.is_empty() {
                            village(p.staff.village_id).to_string()
                        } else {
                            grids.join(" ")
                        }
                    )
                }
                Row::Team(t) => {
                    format!(
                        "{mark}{} {} {}",
                        pad(&fit(&t.team.name, 19), 19),
                        load(t.load.week(), t.load.per_week, t.load.backlog, team_scale),
                        t.team.members_text()
                    )
                }
                Row::Volunteer(v) => {
                    let gone = v.stepped_down(r.day);
                    let group = v
                        .group
                        .as_deref()
                        .map_or(String::new(), |g| format!("{}{g}", s.leads));
                    format!(
                        "{mark}{} {} {}{}{}",
                        pad(&fit(&v.name, 8), 8),
                        pad(village(Some(v.village_id)), 8),
                        v.since,
                        match (v.until, gone) {
                            (Some(u), true) => format!("~{u} {}!", s.stepped_down),
                            (Some(u), false) => format!("~{u}"),
                            _ => String::new(),
                        },
                        if group.is_empty() {
                            group
                        } else {
                            format!(" {group}")
                        }
                    )
                }
            };
            let style = if selected {
                app.theme.selected()
            } else {
                Style::default()
            };
            Line::styled(fit(&text, width), style)
        })
        .collect();
    if r.people.is_empty() {
        lines.push(Line::raw(fit(s.no_people, width)));
    }
    lines.truncate(height);
    while lines.len() < height {
        lines.push(Line::raw(""));
    }
    lines.extend(footer.into_iter().map(|l| Line::raw(fit(&l, width))));
    f.render_widget(Paragraph::new(lines), inner);
}

/// Coverage (§1: a grid without a worker) and the proposal to even the load.
fn footer_lines(app: &App, r: &Roster) -> Vec<String> {
    let s = app.strings();
    let mut out = Vec::new();
    if !r.uncovered.is_empty() {
        let names: Vec<&str> = r.uncovered.iter().map(|g| g.1.as_str()).collect();
        out.push(strings::fill(s.uncovered_line, &[&names.join(" ")]));
    }
    out.extend(r.proposal_text(&app.snap, s.proposal_line));
    out
}

/// The keys of this screen alone (its help lists them first).
const KEYS: &[crate::tui::keys::Binding] = &[
    crate::own_key!(KeyCode::Char('p'), false, "p", Action::Print, k_print),
    crate::own_key!(KeyCode::Char('W'), false, "W", Action::Assign, k_assign),
    crate::own_key!(KeyCode::Char('b'), false, "b", Action::Balance, k_balance),
    crate::own_key!(KeyCode::Char('X'), false, "X", Action::EndStaff, k_end_staff),
    crate::own_key!(KeyCode::Char('I'), false, "I", Action::Import, k_import),
];

impl super::View for RostersView {
    fn title(s: &strings::Strings) -> &'static str {
        s.s_rosters
    }
    fn bindings() -> &'static [&'static [crate::tui::keys::Binding]] {
        &[KEYS]
    }
    fn enter(&mut self, cx: &super::Load) -> Result<()> {
        self.reload(cx.db, cx.snap)
    }
    /// `p` prints what is selected (issue 13): a village's sheets, a grid's
    /// worker, a grid worker, a team or a volunteer.
    fn claim(&mut self, a: Action, cx: &Ctx) -> Option<Effect> {
        use crate::domain::queue::WorkerRole;
        use crate::print::Who;
        if a != Action::Print {
            return None;
        }
        let s = strings::strings(cx.lang);
        let who = match self.pane {
            0 => self.selected_village(cx.snap).map(|v| Who::Village(v.id)),
            1 => self
                .selected_grid(cx.snap)
                .and_then(|g| g.worker.as_ref())
                .map(|w| Who::Worker(WorkerRole::GridWorker, w.id)),
            _ => match self.selected_row(s, cx.snap) {
                Some(Row::Person(p)) if p.role == Some(StaffRole::GridWorker) => {
                    Some(Who::Worker(WorkerRole::GridWorker, p.staff.id))
                }
                Some(Row::Team(t)) => Some(Who::Worker(WorkerRole::Team, t.team.id)),
                Some(Row::Volunteer(v)) => Some(Who::Worker(WorkerRole::Volunteer, v.id)),
                _ => None,
            },
        };
        Some(who.map_or_else(|| Effect::Say(s.select_printable.to_string()), Effect::Print))
    }
    fn keys(&mut self, a: Action, cx: &Ctx) -> Effect {
        match a {
            Action::Assign | Action::Balance | Action::EndStaff => self.roster_form(a, cx),
            Action::Add => self.add_form(cx),
            Action::Edit => self.edit_form(cx),
            Action::AddHousehold => super::household_form(cx, self.grid_for_household(cx.snap).map(|g| g.id)),
            _ => self.update(a, cx),
        }
    }
    fn draw(&self, f: &mut Frame, app: &App, area: Rect) {
        draw(f, app, area)
    }
}

impl RostersView {
    /// `a`: what the pane lists — a village, the village's grid, a person,
    /// a team or a volunteer.
    fn add_form(&self, cx: &Ctx) -> Effect {
        use crate::tui::forms::Form;
        let s = strings::strings(cx.lang);
        let (lang, today, rules, snap) = (cx.lang, cx.today, &cx.snap.rules, cx.snap);
        let village = self.selected_village(snap);
        super::form(match (self.pane, village) {
            (2, _) => {
                let village = village.map(|v| v.id);
                match self.selected_row(s, snap) {
                    Some(Row::Team(_)) => Form::new_team(snap, village, lang, today),
                    Some(Row::Heading(h)) if h == s.sec_teams => {
                        Form::new_team(snap, village, lang, today)
                    }
                    Some(Row::Volunteer(_)) => Form::new_volunteer(lang, rules, today),
                    Some(Row::Heading(h)) if h == s.sec_volunteers => {
                        Form::new_volunteer(lang, rules, today)
                    }
                    _ => Form::new_staff(snap, village, lang, today),
                }
            }
            (1, Some(v)) => Form::new_grid((v.id, &v.name), lang, rules, today),
            _ => match super::township(cx) {
                Some(t) => Form::new_village(t, lang, rules, today),
                None => return Effect::None,
            },
        })
    }

    /// `e`: rename the selected village or grid; edit a person, or a
    /// team's members.
    fn edit_form(&self, cx: &Ctx) -> Effect {
        use crate::tui::forms::Form;
        let s = strings::strings(cx.lang);
        let (lang, today, rules, snap) = (cx.lang, cx.today, &cx.snap.rules, cx.snap);
        if self.pane == 2 {
            return match (self.selected_row(s, snap), self.roster.as_ref()) {
                (Some(Row::Person(p)), _) => super::form(Form::edit_staff(p, lang, rules, today)),
                (Some(Row::Team(t)), Some(r)) => super::form_or_say(
                    Form::team_member(r, (t.team.id, &t.team.name), lang, rules, today),
                    s.no_active_staff,
                ),
                _ => Effect::None,
            };
        }
        match (self.selected_grid(snap), self.selected_village(snap)) {
            (Some(g), _) => super::form(Form::rename_place(true, g.id, &g.name, lang, rules, today)),
            (None, Some(v)) => {
                super::form(Form::rename_place(false, v.id, &v.name, lang, rules, today))
            }
            _ => Effect::None,
        }
    }

    /// Screen 5's roster forms (issue 12): `W` assigns the selected grid's
    /// worker, `b` reviews the proposal to even the load, `X` lets the
    /// selected person leave (handing over their grids) or volunteer step down.
    fn roster_form(&self, a: Action, cx: &Ctx) -> Effect {
        use crate::tui::forms::Form;
        let s = strings::strings(cx.lang);
        let (lang, today, rules) = (cx.lang, cx.today, &cx.snap.rules);
        let Some(roster) = self.roster.as_ref() else {
            return Effect::None;
        };
        let (form, why_not) = match a {
            Action::Assign => match self.selected_grid(cx.snap) {
                Some(g) => {
                    let name = crate::roster::grid_name(cx.snap, g.id);
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
                    let name = crate::roster::grid_name(cx.snap, h.grid);
                    (
                        Form::assign_grid(roster, (h.grid, &name), Some(h.to), lang, rules, today),
                        s.no_grid_workers,
                    )
                }
                None => (None, s.no_proposal),
            },
            _ => match self.selected_row(s, cx.snap) {
                Some(Row::Person(p)) if p.staff.active => (
                    Form::end_staff(cx.snap, roster, p, lang, rules, today),
                    s.no_grid_workers,
                ),
                Some(Row::Volunteer(v)) if v.until.is_none() => {
                    (Some(Form::step_down(v.id, &v.name, lang, rules, today)), "")
                }
                // one who has left already, or a team or heading: say so (it
                // asked for "a member in the member list", which screen 5 has not)
                Some(Row::Person(p)) => {
                    return Effect::Say(strings::fill(s.already_left, &[&p.staff.name]));
                }
                Some(Row::Volunteer(v)) => {
                    return Effect::Say(strings::fill(s.already_left, &[&v.name]));
                }
                _ => (None, s.select_leaver),
            },
        };
        super::form_or_say(form, why_not)
    }
}
