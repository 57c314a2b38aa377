//! Today: due and overdue counts per cadence, the red list, per-village bars.

use super::{colour_span, fit};
use crate::domain::calendar::Cadence;
use crate::domain::model::{Colour, Township};
use crate::domain::queue::{Reason, Status, Task};
use crate::tui::app::App;
use crate::tui::strings;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};
use std::collections::HashMap;

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
    pub fn of(town: &Township, tasks: &[Task]) -> TodaySummary {
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

pub fn draw(f: &mut Frame, app: &App, area: Rect) {
    let s = app.strings();
    let lang = app.opts.lang;
    let [top, bottom] = Layout::vertical([Constraint::Length(8), Constraint::Min(3)]).areas(area);
    let [left, right] =
        Layout::horizontal([Constraint::Length(30), Constraint::Min(20)]).areas(top);

    // Per cadence: due and overdue (dated tasks on their own line).
    let rows: Vec<Row> = app
        .today
        .per_cadence
        .iter()
        .map(|(c, due, overdue)| {
            let label = c.map_or(s.events, |c| strings::cadence(lang, c));
            Row::new([
                Cell::from(label),
                Cell::from(Line::from(due.to_string()).right_aligned()),
                Cell::from(Line::from(overdue.to_string()).right_aligned()),
            ])
        })
        .collect();
    let header = Row::new([
        Cell::from(""),
        Cell::from(Line::from(s.due).right_aligned()),
        Cell::from(Line::from(s.overdue).right_aligned()),
    ])
    .style(app.theme.bold());
    let widths = [
        Constraint::Length(12),
        Constraint::Length(7),
        Constraint::Length(7),
    ];
    f.render_widget(
        Table::new(rows, widths)
            .header(header)
            .block(app.theme.block(s.by_cadence)),
        left,
    );

    // The red list: open red tasks in triage order.
    let height = usize::from(right.height.saturating_sub(2));
    let width = usize::from(right.width.saturating_sub(2));
    let reds: Vec<Line> = app
        .today
        .red
        .iter()
        .take(height)
        .map(|&i| {
            let t = &app.snap.tasks[i];
            let cause = match &t.reason {
                Reason::Chronic { cause, .. } => strings::cause(lang, *cause),
                Reason::Referral { .. } => {
                    strings::cause(lang, crate::domain::colour::ColourCause::OpenReferral)
                }
                _ => "",
            };
            let text = format!(
                " {} {} {} {}",
                fit(&t.name, 10),
                app.village_names
                    .get(&t.village_id)
                    .map_or("", String::as_str),
                t.when.deadline(),
                cause
            );
            Line::from(vec![
                colour_span(app, t.colour),
                Span::raw(fit(&text, width.saturating_sub(4))),
            ])
        })
        .collect();
    let n_red = app.today.red.len();
    f.render_widget(
        Paragraph::new(reds).block(app.theme.block(format!("{} ({n_red})", s.red_list))),
        right,
    );

    // Per-village bars of open tasks.
    let counts = &app.today.per_village;
    let max = counts.iter().map(|c| c.1).max().unwrap_or(1).max(1);
    let bar_width = usize::from(bottom.width.saturating_sub(32)).max(1);
    let bar = app.theme.bar_char();
    let lines: Vec<Line> = counts
        .iter()
        .map(|(name, n, late)| {
            let len = n * bar_width / max;
            Line::from(format!(
                " {}{:>5} {:>4} {}",
                crate::text::pad(&fit(name, 10), 10),
                n,
                late,
                bar.to_string().repeat(len)
            ))
        })
        .collect();
    let title = format!("{} ({} / {})", s.per_village, s.open_tasks, s.overdue);
    f.render_widget(Paragraph::new(lines).block(app.theme.block(title)), bottom);
}
