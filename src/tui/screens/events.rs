//! The health-education events (issue 32 item 1): `e` on screen 8 lists the
//! lectures, consultations and push campaigns, newest first (date, kind,
//! topic, place, who came); Enter shows the event's attendees, Esc goes
//! back. It reads what `gridcare event list` reads.

use super::{Ctx, Effect, Load, Screen, View, fit, key_hints, moved, window};
use crate::db::{AttendeeRow, EventRow, Result};
use crate::domain::model::Subject;
use crate::text::pad;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::keys::Binding;
use ratatui::crossterm::event::KeyCode;
use crate::words::Strings;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

#[derive(Debug, Default)]
pub struct EventsView {
    /// Newest first.
    pub rows: Vec<EventRow>,
    pub selected: usize,
    /// The attendees of the event Enter opened (None: the list of events).
    pub open: Option<Vec<AttendeeRow>>,
    pub picked: usize,
}

const KEYS: &[Binding] = &[crate::own_key!(
    KeyCode::Char('p'),
    false,
    "p",
    Action::Print,
    k_signin
)];

/// `p`: the selected event's sign-in sheet, written as `gridcare event
/// sheet --event N` writes it (PDF in `print.folder`); what happened, in a line.
pub fn sign_in(db: &crate::db::Db, id: i64, lang: crate::words::Lang) -> String {
    let s = crate::words::strings(lang);
    let written = (db.event(id).and_then(|e| Ok((db.attendees(id)?, e))))
        .map_err(|e| e.to_string())
        .and_then(|(people, e)| {
            let settings = crate::print::PrintSettings::from_settings(&db.settings().map_err(|e| e.to_string())?);
            crate::print::signin::write_signin_pdf(&e, &people, &settings, None, None)
                .map(|path| (people.len(), path))
                .map_err(|e| e.to_string())
        });
    match written {
        Ok((n, path)) => crate::words::fill(s.ev_sheet_written, &[&n, &path.display()]),
        Err(why) => why,
    }
}

impl View for EventsView {
    fn title(s: &Strings) -> &'static str {
        s.s_events
    }
    fn bindings() -> &'static [&'static [Binding]] {
        &[KEYS]
    }
    fn opened_by() -> Option<(Screen, &'static str)> {
        Some((Screen::Reports, "e"))
    }
    fn lists() -> bool {
        true
    }
    fn enter(&mut self, cx: &Load) -> Result<()> {
        self.rows = cx.db.events(None, None)?;
        self.rows.reverse();
        self.selected = self.selected.min(self.rows.len().saturating_sub(1));
        if let (Some(_), Some(e)) = (&self.open, self.rows.get(self.selected)) {
            self.open = Some(cx.db.attendees(e.id)?);
        }
        Ok(())
    }
    /// Esc closes the attendees before it leaves the screen.
    /// `p` prints the selected event's sign-in sheet.
    fn claim(&mut self, a: Action, _cx: &Ctx) -> Option<Effect> {
        match a {
            Action::Back if self.open.is_some() => {
                self.open = None;
                Some(Effect::None)
            }
            Action::Print => Some(self.rows.get(self.selected).map_or(Effect::None, |e| Effect::SignIn(e.id))),
            _ => None,
        }
    }
    fn keys(&mut self, a: Action, cx: &Ctx) -> Effect {
        match (&self.open, a) {
            (Some(people), _) if a.is_move() => {
                self.picked = moved(self.picked, people.len(), a, cx.page)
            }
            (Some(people), Action::Open) => {
                if let Some(id) = people.get(self.picked).and_then(|p| p.resident_id) {
                    return Effect::Open(Subject::Resident(id));
                }
            }
            (None, _) if a.is_move() => {
                self.selected = moved(self.selected, self.rows.len(), a, cx.page)
            }
            (None, Action::Open) => {
                if let Some(e) = self.rows.get(self.selected) {
                    match cx.db.attendees(e.id) {
                        Ok(people) => {
                            self.open = Some(people);
                            self.picked = 0;
                        }
                        Err(e) => return Effect::Say(e.to_string()),
                    }
                }
            }
            _ => {}
        }
        Effect::None
    }
    fn draw(&self, f: &mut Frame, app: &App, area: Rect) {
        let s = app.strings();
        let zh = app.opts.lang == crate::words::Lang::Zh;
        let title = match (&self.open, self.rows.get(self.selected)) {
            (Some(_), Some(e)) => format!("{} · {} {}", s.s_events, e.held_on, e.topic),
            _ => s.s_events.to_string(),
        };
        let block = app.theme.block(&title);
        let inner = block.inner(area);
        f.render_widget(block, area);
        let [head_area, list_area, keys_area] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(1),
            Constraint::Length(1),
        ])
        .areas(inner);
        let width = usize::from(list_area.width).saturating_sub(1);
        let height = usize::from(list_area.height);
        let line = |mark: &str, text: String| {
            let text = format!("{mark}{}", fit(&text, width));
            if mark == ">" {
                Line::styled(text, Style::default().reversed())
            } else {
                Line::from(text)
            }
        };
        let (heads, lines, keys): (String, Vec<Line>, &str) = match &self.open {
            Some(people) => (
                cells(&[s.name, s.ev_id_tail, s.village], &[10, 10, 20]),
                if people.is_empty() {
                    vec![Line::from(s.ev_nobody)]
                } else {
                    window(people, self.picked, height)
                        .map(|(mark, p)| {
                            let village = p.village.as_deref().unwrap_or(s.ev_visitor);
                            line(mark, cells(&[&p.name, &p.id_tail, village], &[10, 10, 20]))
                        })
                        .collect()
                },
                s.ev_people_keys,
            ),
            None => (
                cells(&[s.ev_date, s.ev_kind, s.ev_topic, s.ev_place, s.ev_came], &WIDTHS),
                if self.rows.is_empty() {
                    vec![Line::from(s.ev_none)]
                } else {
                    window(&self.rows, self.selected, height)
                        .map(|(mark, e)| {
                            let (date, came) =
                                (e.held_on.to_string(), (e.residents + e.visitors).to_string());
                            let kind = e.kind.name(zh);
                            line(mark, cells(&[&date, kind, &e.topic, &e.place, &came], &WIDTHS))
                        })
                        .collect()
                },
                s.ev_keys,
            ),
        };
        f.render_widget(
            Paragraph::new(Line::styled(format!(" {}", fit(&heads, width)), app.theme.bold())),
            head_area,
        );
        f.render_widget(Paragraph::new(lines), list_area);
        f.render_widget(
            Paragraph::new(key_hints(keys, s.help_hint, usize::from(keys_area.width))),
            keys_area,
        );
    }
}

/// Date, kind, topic, place and how many came.
const WIDTHS: [usize; 5] = [10, 12, 24, 16, 5];

/// Cells padded to their widths, one space between.
fn cells(cells: &[&str], widths: &[usize]) -> String {
    let out: Vec<String> = (cells.iter().zip(widths))
        .map(|(c, &w)| pad(&fit(c, w), w))
        .collect();
    out.join(" ").trim_end().to_string()
}
