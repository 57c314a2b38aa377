//! One file per screen; each draws from `App` and nothing else.

mod household;
mod other;
mod queues;
mod resident;
mod today;

use super::app::{App, Screen};
use crate::domain::model::Colour;
use crate::domain::queue::{Status, Task};
pub use crate::text::fit;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Span;

pub fn draw(f: &mut Frame, app: &App, area: Rect) {
    match app.screen {
        Screen::Today => today::draw(f, app, area),
        Screen::Queues => queues::draw(f, app, area),
        Screen::Household => household::draw(f, app, area),
        Screen::Resident => resident::draw(f, app, area),
        Screen::Rosters | Screen::Groups | Screen::Referrals | Screen::Reports => {
            other::draw(f, app, area)
        }
    }
}

/// The first row to draw so that `selected` is visible in `height` rows:
/// only the visible rows are ever built, however long the list.
pub fn scroll_offset(selected: usize, height: usize, len: usize) -> usize {
    if height == 0 || len <= height {
        return 0;
    }
    selected
        .saturating_sub(height - 1)
        .min(len - height)
        .max(selected.saturating_sub(height / 2).min(len - height))
}

/// The rows of `items` that fit in `height`, scrolled to keep `selected` in
/// view, each with its selection mark (">" or " ").
pub fn window<T>(
    items: &[T],
    selected: usize,
    height: usize,
) -> impl Iterator<Item = (&'static str, &T)> {
    let off = scroll_offset(selected, height, items.len());
    items
        .iter()
        .enumerate()
        .skip(off)
        .take(height)
        .map(move |(i, x)| (if i == selected { ">" } else { " " }, x))
}

/// A colour as styled text: 红 / 黄 / 绿 (never colour alone).
pub fn colour_span(app: &App, c: Option<Colour>) -> Span<'static> {
    match c {
        Some(c) => Span::styled(
            super::strings::colour(app.opts.lang, c).to_string(),
            app.theme.colour_style(c),
        ),
        None => Span::raw(""),
    }
}

/// The colour text padded to `width` cells, as two spans (text, padding).
pub fn colour_cell(app: &App, c: Option<Colour>, width: usize) -> [Span<'static>; 2] {
    let span = colour_span(app, c);
    let pad = width.saturating_sub(unicode_width::UnicodeWidthStr::width(span.content.as_ref()));
    [span, Span::raw(" ".repeat(pad))]
}

/// "label: a  b  c", or "label: 无" when there is nothing.
pub fn labelled(label: &str, items: &[String], none: &str) -> String {
    if items.is_empty() {
        format!("{label}: {none}")
    } else {
        format!("{label}: {}", items.join("  "))
    }
}

/// What an empty household or resident screen says.
pub fn nothing_open(f: &mut Frame, app: &App, area: Rect, title: &str) {
    let p =
        ratatui::widgets::Paragraph::new(app.strings().nothing_open).block(app.theme.block(title));
    f.render_widget(p, area);
}

/// How late a task is: "3期" / "3p" for missed periods, "9天" / "9d" for days.
pub fn late(app: &App, t: &Task) -> String {
    match (t.status, t.missed_periods, t.days_overdue) {
        (Status::Overdue, 0, d) => super::strings::fill(app.strings().late_days, &[&d]),
        (Status::Overdue, m, _) => super::strings::fill(app.strings().late_periods, &[&m]),
        _ => String::new(),
    }
}
