//! Rosters, Groups and Reports: each opens and says what it will
//! hold; their own issues fill them in. What the database already holds is shown.

use crate::tui::app::{App, Screen};
use crate::tui::strings;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

pub fn draw(f: &mut Frame, app: &App, area: Rect) {
    let s = app.strings();
    let t = &app.snap.town;
    let residents: usize = t.households.iter().map(|h| h.members.len()).sum();
    let volunteers: std::collections::HashSet<i64> = t
        .households
        .iter()
        .flat_map(|h| &h.members)
        .filter_map(|m| m.volunteer.as_ref().map(|v| v.id))
        .collect();
    let (text, facts) = match app.screen {
        Screen::Rosters => (
            s.placeholder_rosters,
            strings::fill(
                s.facts_rosters,
                &[
                    &t.villages.len(),
                    &t.grids.len(),
                    &t.households.len(),
                    &residents,
                ],
            ),
        ),
        Screen::Groups => (
            s.placeholder_groups,
            strings::fill(s.facts_groups, &[&volunteers.len()]),
        ),
        _ => (s.placeholder_reports, String::new()),
    };
    let lines = vec![
        Line::from(text),
        Line::from(""),
        Line::from(facts),
        Line::from(""),
        Line::from(s.coming),
    ];
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .block(app.theme.block(app.screen.title(s))),
        area,
    );
}
