//! Rosters (screen 5): the township's villages and each village's grids, with
//! their households, residents and grid worker. `a` adds a village or a grid
//! (by pane), `e` renames, `A` adds a household in the selected grid (issue
//! 11). Workers, teams and volunteers join this screen with issue 12.

use super::{Ctx, Effect, fit, moved, scroll_offset};
use crate::domain::model::{Grid, Village};
use crate::snapshot::Snapshot;
use crate::text::pad;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::strings;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

#[derive(Debug, Default)]
pub struct RostersView {
    /// 0 villages, 1 the selected village's grids.
    pub pane: usize,
    pub village: usize,
    pub grid: usize,
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

    pub fn update(&mut self, a: Action, ctx: &Ctx) -> Effect {
        match a {
            _ if a.is_move() => {
                if self.pane == 0 {
                    self.village = moved(self.village, ctx.snap.town.villages.len(), a, ctx.page);
                    self.grid = 0;
                } else {
                    self.grid = moved(self.grid, self.grids(ctx.snap).len(), a, ctx.page);
                }
            }
            Action::NextPane => self.pane = (self.pane + 1) % 2,
            Action::Open if self.pane == 0 => self.pane = 1,
            _ => {}
        }
        Effect::None
    }
}

pub fn draw(f: &mut Frame, app: &App, area: Rect) {
    let s = app.strings();
    let view = &app.rosters;
    let town = &app.snap.town;
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(area);
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

    let block = app.theme.focus_block(s.villages_title, view.pane == 0);
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
}
