//! The contracts expiring (issue 26): family-doctor contracts ending within
//! 30 days of the as-of date, soonest first — `c` on the rosters. Enter
//! opens the resident, `n` renews through the resident screen's `K` form.
//! It reads the one query `gridcare contract expiring` reads.

use super::{Ctx, Effect, Load, Screen, View, fit, key_hints, moved, window};
use crate::db::{Expiring, Result};
use crate::domain::model::Subject;
use crate::text::pad;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::keys::Binding;
use crate::words::Strings;
use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

/// How far ahead the screen looks, as `contract expiring`'s default.
pub const WITHIN_DAYS: i64 = 30;

#[derive(Debug, Default)]
pub struct ContractsView {
    pub rows: Vec<Expiring>,
    pub selected: usize,
}

const KEYS: &[Binding] = &[crate::own_key!(
    KeyCode::Char('n'),
    false,
    "n",
    Action::Contract,
    k_renew
)];

impl View for ContractsView {
    fn title(s: &Strings) -> &'static str {
        s.s_contracts
    }
    fn bindings() -> &'static [&'static [Binding]] {
        &[KEYS]
    }
    fn opened_by() -> Option<(Screen, &'static str)> {
        Some((Screen::Rosters, "c"))
    }
    fn lists() -> bool {
        true
    }
    fn enter(&mut self, cx: &Load) -> Result<()> {
        self.rows = cx.db.expiring_contracts(cx.today, WITHIN_DAYS)?;
        self.selected = self.selected.min(self.rows.len().saturating_sub(1));
        Ok(())
    }
    /// `n` renews the selected contract (the resident screen's `K` signs
    /// when there is none; here there always is one).
    fn claim(&mut self, a: Action, _cx: &Ctx) -> Option<Effect> {
        let row = self.rows.get(self.selected);
        (a == Action::Contract).then(|| {
            row.map_or(Effect::None, |e| Effect::Renew(Box::new(e.contract.clone())))
        })
    }
    fn keys(&mut self, a: Action, cx: &Ctx) -> Effect {
        match a {
            _ if a.is_move() => self.selected = moved(self.selected, self.rows.len(), a, cx.page),
            Action::Open => {
                if let Some(e) = self.rows.get(self.selected) {
                    return Effect::Open(Subject::Resident(e.contract.resident_id));
                }
            }
            _ => {}
        }
        Effect::None
    }
    fn draw(&self, f: &mut Frame, app: &App, area: Rect) {
        let s = app.strings();
        let block = app.theme.block(s.s_contracts);
        let inner = block.inner(area);
        f.render_widget(block, area);
        let [head_area, list_area, keys_area] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(1),
            Constraint::Length(1),
        ])
        .areas(inner);
        let width = usize::from(list_area.width).saturating_sub(1);
        let heads = [s.name, s.village, s.contract, s.f_contract_end, s.c_days_left];
        f.render_widget(
            Paragraph::new(Line::styled(
                format!(" {}", row_text(&heads, width)),
                app.theme.bold(),
            )),
            head_area,
        );
        let lines: Vec<Line> = if self.rows.is_empty() {
            vec![Line::from(s.c_none)]
        } else {
            window(&self.rows, self.selected, usize::from(list_area.height))
                .map(|(mark, e)| {
                    let c = &e.contract;
                    let (end, left) = (c.end.to_string(), c.days_left(app.opts.today).to_string());
                    let text = format!(
                        "{mark}{}",
                        row_text(&[&e.name, &e.village, &c.team, &end, &left], width)
                    );
                    if mark == ">" {
                        Line::styled(text, Style::default().reversed())
                    } else {
                        Line::from(text)
                    }
                })
                .collect()
        };
        f.render_widget(Paragraph::new(lines), list_area);
        f.render_widget(
            Paragraph::new(key_hints(s.c_keys, s.help_hint, usize::from(keys_area.width))),
            keys_area,
        );
    }
}

/// Name, village, team, end date and days left in `width` cells: the team
/// takes what the others leave, up to 30.
fn row_text(cells: &[&str; 5], width: usize) -> String {
    let team = width.saturating_sub(8 + 8 + 10 + 9 + 4).clamp(4, 30);
    let widths = [8, 8, team, 10, 9];
    let out: Vec<String> = (cells.iter().zip(widths))
        .map(|(c, w)| pad(&fit(c, w), w))
        .collect();
    fit(out.join(" ").trim_end(), width)
}
