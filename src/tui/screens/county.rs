//! Screen 9, the county table (issue 30 item 3, domain.md §1): residents,
//! open, overdue and red tasks of every township, as `gridcare overview`
//! prints them (`snapshot::county_counts`). Enter drills: a township's
//! villages (the township is loaded as a session loads it, read-only for a
//! county operator), a village's grids, then a grid's people on the queue;
//! Esc or Backspace goes back up. A county operator's session opens here; a
//! coordinator sees the same table and Enter opens that township as `S`
//! does; a village doctor or grid worker is not shown the county.

use super::{Ctx, Effect, Load, View, fit, key_hints, marked_line, moved, window};
use crate::db::{Result, Scope};
use crate::domain::access::Role;
use crate::domain::county::Counts;
use crate::domain::queue::Filter;
use crate::snapshot::TownshipCounts;
use crate::text::{pad, pad_left};
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::keys::Binding;
use crate::words::Strings;
use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

/// One line of the table: a township, a village or a grid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub id: i64,
    pub name: String,
    pub counts: Counts,
}

#[derive(Debug, Default)]
pub struct CountyView {
    /// Every township's line, read on opening the townships.
    pub townships: Vec<Row>,
    /// The township drilled into (its villages shown), and the village
    /// (its grids shown); none: the townships.
    pub township: Option<i64>,
    pub village: Option<i64>,
    /// The villages' or grids' lines of the level shown below the townships.
    pub rows: Vec<Row>,
    /// The selection at each level: townships, villages, grids.
    pub selected: [usize; 3],
    /// The signed-in operator may not see the county (a doctor, a worker).
    pub refused: bool,
}

const KEYS: &[Binding] = &[
    crate::own_key!(KeyCode::Enter, false, "Enter", Action::Open, k_county_drill),
    crate::own_key!(
        KeyCode::Backspace,
        false,
        "Esc / Backspace",
        Action::Back,
        k_county_up
    ),
    crate::own_key!(KeyCode::Esc, false, "Esc / Backspace", Action::Back, k_county_up),
];

impl From<TownshipCounts> for Row {
    fn from(t: TownshipCounts) -> Row {
        Row {
            id: t.id,
            name: t.name,
            counts: Counts {
                residents: t.residents,
                open: t.open,
                overdue: t.overdue,
                red: t.red,
            },
        }
    }
}

impl CountyView {
    /// 0 the townships, 1 a township's villages, 2 a village's grids.
    fn level(&self) -> usize {
        match (self.township, self.village) {
            (None, _) => 0,
            (Some(_), None) => 1,
            (Some(_), Some(_)) => 2,
        }
    }

    fn shown(&self) -> &[Row] {
        if self.level() == 0 {
            &self.townships
        } else {
            &self.rows
        }
    }

    /// The villages' or grids' lines from the township loaded; back to the
    /// townships when another township is loaded (`S` chose one).
    fn below(&mut self, snap: &crate::snapshot::Snapshot) {
        if self.township.is_some_and(|t| snap.scope != Scope::Township(t)) {
            (self.township, self.village) = (None, None);
        }
        let (town, tasks, day) = (&snap.town, &snap.tasks, snap.day);
        let rows = match self.village {
            Some(v) => Counts::grids(town, tasks, day, v),
            None => Counts::villages(town, tasks, day),
        };
        self.rows = (rows.into_iter())
            .map(|(id, name, counts)| Row { id, name, counts })
            .collect();
        let level = self.level();
        self.selected[level] = self.selected[level].min(self.shown().len().saturating_sub(1));
    }
}

impl View for CountyView {
    fn title(s: &Strings) -> &'static str {
        s.s_county
    }
    fn bindings() -> &'static [&'static [Binding]] {
        &[KEYS]
    }
    fn lists() -> bool {
        true
    }
    fn enter(&mut self, cx: &Load) -> Result<()> {
        self.refused = cx
            .db
            .session()
            .is_some_and(|s| !matches!(s.role, Role::Coordinator | Role::County));
        if self.refused {
            self.townships.clear();
            (self.township, self.village) = (None, None);
            return Ok(());
        }
        if self.level() == 0 {
            let counts = crate::snapshot::county_counts(cx.db, cx.today)?;
            self.townships = counts.into_iter().map(Row::from).collect();
            self.selected[0] = self.selected[0].min(self.townships.len().saturating_sub(1));
        } else {
            self.below(cx.snap);
        }
        Ok(())
    }
    /// Esc and Backspace go up a level while there is one.
    fn claim(&mut self, a: Action, cx: &Ctx) -> Option<Effect> {
        if a != Action::Back || self.level() == 0 {
            return None;
        }
        if self.village.take().is_none() {
            self.township = None;
        }
        self.below(cx.snap);
        Some(Effect::None)
    }
    fn keys(&mut self, a: Action, cx: &Ctx) -> Effect {
        let level = self.level();
        let len = self.shown().len();
        if a.is_move() {
            self.selected[level] = moved(self.selected[level], len, a, cx.page);
            return Effect::None;
        }
        let Some(row) = (a == Action::Open)
            .then(|| self.shown().get(self.selected[level]))
            .flatten()
        else {
            return Effect::None;
        };
        let id = row.id;
        match level {
            0 => {
                (self.township, self.village) = (Some(id), None);
                self.selected[1] = 0;
                Effect::Township(id)
            }
            1 => {
                self.village = Some(id);
                self.selected[2] = 0;
                self.below(cx.snap);
                Effect::None
            }
            _ => Effect::Queue {
                tab: crate::tui::screens::queues::ALL_TAB,
                filter: Filter {
                    village: self.village,
                    grid: Some(id),
                    ..Default::default()
                },
            },
        }
    }
    fn draw(&self, f: &mut Frame, app: &App, area: Rect) {
        let s = app.strings();
        let block = app.theme.block(s.s_county);
        let inner = block.inner(area);
        f.render_widget(block, area);
        if self.refused {
            f.render_widget(Paragraph::new(s.cty_not_yours), inner);
            return;
        }
        let [where_area, head_area, list_area, total_area, keys_area] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Min(1),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .areas(inner);
        let width = usize::from(list_area.width).saturating_sub(1);
        let level = self.level();
        // where the drill is: 全县 › 城关镇 › 富民村
        let township = (self.township)
            .and_then(|t| self.townships.iter().find(|r| r.id == t))
            .map(|r| r.name.clone());
        let village = self.village.and_then(|v| app.village_names.get(&v).cloned());
        let way: Vec<String> = std::iter::once(s.cty_county.to_string())
            .chain(township)
            .chain(village)
            .collect();
        f.render_widget(
            Paragraph::new(fit(&way.join(" › "), width + 1)),
            where_area,
        );
        let place = [s.cty_township, s.village, s.grid][level];
        let heads = [s.cty_residents, s.cty_open, s.cty_overdue, s.cty_red];
        f.render_widget(
            Paragraph::new(Line::styled(
                format!(" {}", line_text(place, heads, width)),
                app.theme.bold(),
            )),
            head_area,
        );
        let rows = self.shown();
        let lines: Vec<Line> = if rows.is_empty() {
            vec![Line::from(s.cty_none)]
        } else {
            window(rows, self.selected[level], usize::from(list_area.height))
                .map(|(mark, r)| {
                    let text = format!("{mark}{}", line_text(&r.name, cells(&r.counts), width));
                    marked_line(mark, text)
                })
                .collect()
        };
        f.render_widget(Paragraph::new(lines), list_area);
        let sum = |f: fn(&Counts) -> usize| rows.iter().map(|r| f(&r.counts)).sum::<usize>();
        let total = Counts {
            residents: sum(|c| c.residents),
            open: sum(|c| c.open),
            overdue: sum(|c| c.overdue),
            red: sum(|c| c.red),
        };
        f.render_widget(
            Paragraph::new(Line::styled(
                format!(" {}", line_text(s.cty_total, cells(&total), width)),
                app.theme.bold(),
            )),
            total_area,
        );
        let hints = [s.cty_keys_townships, s.cty_keys_villages, s.cty_keys_grids][level];
        f.render_widget(
            Paragraph::new(key_hints(hints, s.help_hint, usize::from(keys_area.width))),
            keys_area,
        );
    }
}

/// A line's four figures as text.
fn cells(c: &Counts) -> [String; 4] {
    [c.residents, c.open, c.overdue, c.red].map(|n| n.to_string())
}

/// A place's name and its four figures in `width` cells: the figures keep
/// their columns, the name takes what they leave, up to 20.
fn line_text<T: AsRef<str>>(name: &str, figures: [T; 4], width: usize) -> String {
    let widths = [9, 7, 7, 5];
    let name_w = width.saturating_sub(widths.iter().sum::<usize>() + 4).clamp(4, 20);
    let mut out = pad(&fit(name, name_w), name_w);
    for (f, w) in figures.iter().zip(widths) {
        out.push(' ');
        out.push_str(&pad_left(f.as_ref(), w));
    }
    fit(out.trim_end(), width)
}
