//! One file per screen: each owns its view state, turns its keys into
//! changes of that state (or an [`Effect`] the app carries out), and draws
//! from `App` and nothing else.

pub mod groups;
pub mod household;
pub mod queues;
pub mod referrals;
pub mod reports;
pub mod resident;
pub mod rosters;
pub mod today;
pub mod week_plan;

use super::action::Action;
use super::app::{App, Screen};
use crate::domain::model::{Colour, Subject};
use crate::domain::queue::Task;
use crate::snapshot::Snapshot;
pub use crate::text::{fit, key_hints};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Span;

pub fn draw(f: &mut Frame, app: &App, area: Rect) {
    match app.screen {
        Screen::Today => today::draw(f, app, area),
        Screen::Queues => queues::draw(f, app, area),
        Screen::Household => household::draw(f, app, area),
        Screen::Resident => resident::draw(f, app, area),
        Screen::Rosters => rosters::draw(f, app, area),
        Screen::Groups => groups::draw(f, app, area),
        Screen::Referrals => referrals::draw(f, app, area),
        Screen::Reports => reports::draw(f, app, area),
    }
}

/// What a screen's key leaves for the app to do: screens do not open each
/// other or touch the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    None,
    /// Open a person's or a household's screen.
    Open(Subject),
    /// Open the queue on a tab with these filters (a village, a grid, a
    /// worker; none for all).
    Queue {
        tab: usize,
        filter: crate::domain::queue::Filter,
    },
    /// Show the whole record of the screen's `n`th visit of its history.
    ShowVisit(usize),
    /// The resident screen's referral `n`, whole (issue 25 item 2).
    ShowReferral(usize),
    /// Say something on the status line (a key that cannot do what it says).
    Say(String),
    /// Screen 6's read or write, for the app to carry out.
    Groups(groups::GroupsCmd),
}

/// The shared state a screen's keys read.
pub struct Ctx<'a> {
    pub snap: &'a Snapshot,
    pub lang: crate::words::Lang,
    /// Rows a half page moves.
    pub page: usize,
}

/// A list selection after a movement key, within `len` rows.
pub fn moved(selected: usize, len: usize, a: Action, page: usize) -> usize {
    let last = len.saturating_sub(1);
    let page = page.max(1);
    match a {
        Action::Up => selected.saturating_sub(1),
        Action::Down => (selected + 1).min(last),
        Action::Top => 0,
        Action::Bottom => last,
        Action::PageDown => (selected + page).min(last),
        Action::PageUp => selected.saturating_sub(page),
        _ => selected,
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
            crate::words::colour(app.opts.lang, c).to_string(),
            app.theme.colour_style(c),
        ),
        None => Span::raw(""),
    }
}

/// The colour text padded to `width` cells, as two spans (text, padding).
/// The cells the widest colour name (or "none yet") takes in the interface's
/// language, and at least `min`: a column of colours that never pushes the
/// next column (English "Yellow" did).
pub fn colour_width(app: &App, min: usize) -> usize {
    [
        None,
        Some(Colour::Red),
        Some(Colour::Yellow),
        Some(Colour::Green),
    ]
    .into_iter()
    .map(|c| unicode_width::UnicodeWidthStr::width(colour_span(app, c).content.as_ref()))
    .max()
    .unwrap_or(0)
    .max(min)
}

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

/// How late a task is, in the interface's language.
pub fn late(app: &App, t: &Task) -> String {
    crate::words::late(app.opts.lang, t)
}

/// A task's state and its one date, in the interface's language.
pub fn task_state(app: &App, t: &Task) -> String {
    crate::words::task_state(app.opts.lang, t, app.opts.today)
}

/// A task's village and grid in `width` cells, or the village alone when
/// both do not fit (the detail names both): "富民村第" and "第一网格" said
/// too little (issue 25 items 14, 16).
pub fn place_in(app: &App, t: &Task, width: usize) -> String {
    let both = app.place(t.village_id, t.grid_id);
    if unicode_width::UnicodeWidthStr::width(both.as_str()) <= width {
        return both;
    }
    fit(&app.place(t.village_id, -1), width)
}
