//! Health-education counts against the national norm (issue 32 item 2),
//! `n` on screen 8: per township health centre and village clinic, the
//! lectures held against the norm (12 a year by the centre, 6 by each
//! village clinic), the public consultations (9), who came, and the ★5
//! households whose visit gave the health-knowledge push (domain.md §2) —
//! the figures `gridcare report --education` prints (`Db::education_counts`,
//! one function for both). Left/Right picks a figure, Enter opens its list:
//! the unit's events of that kind, or its ★5 households, pushed first
//! (Enter opens a household). Y/Q/M and [ ] choose the period.

use super::events::{cells, marked, parts};
use super::{Ctx, Effect, Load, Screen, View, fit, moved, window};
use crate::db::{EventRow, Result};
use crate::domain::calendar::{Cadence, Period};
use crate::domain::education::{NormRow, Tier5Push};
use crate::domain::events::EventKind;
use crate::domain::model::Subject;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::keys::Binding;
use crate::words::{self as strings, Strings};
use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

/// The list a figure opens.
#[derive(Debug, Clone)]
pub enum List {
    Events(Vec<EventRow>),
    /// (household, address, village, pushed), the pushed first.
    Households(Vec<(i64, String, String, bool)>),
}

#[derive(Debug, Default)]
pub struct EducationView {
    /// None until the screen first opens: then the as-of date's year.
    pub period: Option<Period>,
    pub township: Option<i64>,
    /// The centre's row first, then each village clinic's.
    pub rows: Vec<NormRow>,
    pub tier5: Vec<Tier5Push>,
    pub row: usize,
    /// 0 lectures, 1 consultations, 2 attendance, 3 ★5 pushed.
    pub column: usize,
    /// The list Enter opened, its title and selected line.
    pub open: Option<(String, List, usize)>,
}

const COLUMNS: usize = 4;

const KEYS: &[Binding] = &[
    crate::own_key!(KeyCode::Left, false, "Left / Right", Action::PrevTab, k_edu_figure),
    crate::own_key!(KeyCode::Char('h'), false, "Left / Right", Action::PrevTab, k_edu_figure),
    crate::own_key!(KeyCode::Right, false, "Left / Right", Action::NextTab, k_edu_figure),
    crate::own_key!(KeyCode::Char('l'), false, "Left / Right", Action::NextTab, k_edu_figure),
    crate::own_key!(KeyCode::Enter, false, "Enter", Action::Open, k_edu_open),
    crate::own_key!(KeyCode::Char('Y'), false, "Y / Q / M", Action::ReportYear, k_report_period),
    crate::own_key!(KeyCode::Char('Q'), false, "Y / Q / M", Action::ReportQuarter, k_report_period),
    crate::own_key!(KeyCode::Char('M'), false, "Y / Q / M", Action::ReportMonth, k_report_period),
    crate::own_key!(KeyCode::Char('['), false, "[ / ]", Action::PrevPeriod, k_report_step),
    crate::own_key!(KeyCode::Char(']'), false, "[ / ]", Action::NextPeriod, k_report_step),
];

impl EducationView {
    fn reload(&mut self, db: &crate::db::Db, today: chrono::NaiveDate) -> Result<()> {
        let (Some(t), Some(p)) = (self.township, self.period) else {
            return Ok(());
        };
        self.rows = db.education_counts(t, p, today)?;
        self.tier5 = db.education_tier5(t, p, today)?;
        self.row = self.row.min(self.rows.len().saturating_sub(1));
        Ok(())
    }

    /// The list behind the selected figure.
    fn list(&self, cx: &Ctx) -> Result<Option<(String, List, usize)>> {
        let (Some(r), Some(p)) = (self.rows.get(self.row), self.period) else {
            return Ok(None);
        };
        let s = strings::strings(cx.lang);
        let title = format!("{} · {} · {}", r.name, header(s, self.column), p.label());
        if self.column == 3 {
            let mut hs: Vec<(i64, String, String, bool)> = (self.tier5.iter())
                .filter(|h| r.village_id.is_none_or(|v| v == h.village_id))
                .map(|h| {
                    let address = (cx.snap.town.households.iter())
                        .find(|x| x.id == h.household_id)
                        .map_or(String::new(), |x| x.address.clone());
                    let village = (cx.snap.town.villages.iter())
                        .find(|v| v.id == h.village_id)
                        .map_or(String::new(), |v| v.name.clone());
                    (h.household_id, address, village, h.pushed)
                })
                .collect();
            hs.sort_by_key(|h| !h.3);
            return Ok(Some((title, List::Households(hs), 0)));
        }
        let kind = match self.column {
            0 => Some(EventKind::Lecture),
            1 => Some(EventKind::Consultation),
            _ => None,
        };
        let events = (cx.db.events(Some(p.start), Some(p.end()))?.into_iter())
            .filter(|e| r.events.contains(&e.id) && kind.is_none_or(|k| e.kind == k))
            .collect();
        Ok(Some((title, List::Events(events), 0)))
    }
}

fn header(s: &Strings, column: usize) -> &'static str {
    [s.edu_lectures, s.edu_consultations, s.edu_came, s.edu_pushed][column.min(3)]
}

impl View for EducationView {
    fn title(s: &Strings) -> &'static str {
        s.s_education
    }
    fn bindings() -> &'static [&'static [Binding]] {
        &[KEYS]
    }
    fn opened_by() -> Option<(Screen, &'static str)> {
        Some((Screen::Reports, "n"))
    }
    fn lists() -> bool {
        true
    }
    fn enter(&mut self, cx: &Load) -> Result<()> {
        if self.period.is_none() {
            self.period = Some(Period::containing(Cadence::Year, cx.today));
        }
        self.township = match cx.snap.scope {
            crate::db::Scope::Township(id) => Some(id),
            _ => cx.db.township_names()?.first().map(|t| t.0),
        };
        self.reload(cx.db, cx.today)
    }
    /// Esc closes an opened list before it leaves the screen.
    fn claim(&mut self, a: Action, _cx: &Ctx) -> Option<Effect> {
        (a == Action::Back && self.open.is_some()).then(|| {
            self.open = None;
            Effect::None
        })
    }
    fn keys(&mut self, a: Action, cx: &Ctx) -> Effect {
        if let Some((_, list, picked)) = &mut self.open {
            let len = match list {
                List::Events(e) => e.len(),
                List::Households(h) => h.len(),
            };
            match (a, &*list) {
                _ if a.is_move() => *picked = moved(*picked, len, a, cx.page),
                (Action::Open, List::Households(h)) => {
                    if let Some(h) = h.get(*picked) {
                        return Effect::Open(Subject::Household(h.0));
                    }
                }
                _ => {}
            }
            return Effect::None;
        }
        let current = (self.period).unwrap_or_else(|| Period::containing(Cadence::Year, cx.today));
        let period = match a {
            _ if a.is_move() => {
                self.row = moved(self.row, self.rows.len(), a, cx.page);
                None
            }
            Action::PrevTab => {
                self.column = (self.column + COLUMNS - 1) % COLUMNS;
                None
            }
            Action::NextTab => {
                self.column = (self.column + 1) % COLUMNS;
                None
            }
            Action::ReportYear | Action::ReportQuarter | Action::ReportMonth => {
                let cadence = match a {
                    Action::ReportYear => Cadence::Year,
                    Action::ReportQuarter => Cadence::Quarter,
                    _ => Cadence::Month,
                };
                let day = current.end().min(cx.today).max(current.start);
                Some(Period::containing(cadence, day))
            }
            Action::PrevPeriod => Some(current.prev()),
            Action::NextPeriod if current.next().start > cx.today => {
                return Effect::Say(strings::fill(
                    strings::strings(cx.lang).period_not_begun,
                    &[&current.next().label(), &cx.today],
                ));
            }
            Action::NextPeriod => Some(current.next()),
            Action::Open => {
                match self.list(cx) {
                    Ok(l) => self.open = l,
                    Err(e) => return Effect::Say(strings::db_error(cx.lang, &e)),
                }
                None
            }
            _ => None,
        };
        if let Some(p) = period {
            self.period = Some(p);
            if let Err(e) = self.reload(cx.db, cx.today) {
                return Effect::Say(strings::db_error(cx.lang, &e));
            }
        }
        Effect::None
    }
    fn draw(&self, f: &mut Frame, app: &App, area: Rect) {
        let s = app.strings();
        let zh = app.opts.lang == strings::Lang::Zh;
        let label = self.period.map(Period::label).unwrap_or_default();
        let title = match &self.open {
            Some((t, _, _)) => t.clone(),
            None => format!("{} · {label}", s.s_education),
        };
        let block = app.theme.block(&title);
        let inner = block.inner(area);
        f.render_widget(block, area);
        let [head_area, list_area, note_area, keys_area] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(1),
            Constraint::Length(u16::from(self.open.is_none())),
            Constraint::Length(1),
        ])
        .areas(inner);
        let width = usize::from(list_area.width).saturating_sub(1);
        let height = usize::from(list_area.height);
        let line = |mark: &str, text: String| marked(mark, &text, width);
        let (heads, lines, keys): (String, Vec<Line>, &str) = match &self.open {
            Some((_, List::Events(events), picked)) => (
                cells(&[s.ev_date, s.ev_kind, s.ev_topic, s.ev_came], &[10, 12, 30, 5]),
                if events.is_empty() {
                    vec![Line::from(s.edu_none)]
                } else {
                    window(events, *picked, height)
                        .map(|(mark, e)| {
                            let (date, came) =
                                (e.held_on.to_string(), (e.residents + e.visitors).to_string());
                            let row = [date.as_str(), e.kind.name(zh), &e.topic, &came];
                            line(mark, cells(&row, &[10, 12, 30, 5]))
                        })
                        .collect()
                },
                s.edu_list_keys,
            ),
            Some((_, List::Households(hs), picked)) => (
                cells(&[s.edu_push_given, s.village, s.edu_address], &[10, 12, 30]),
                if hs.is_empty() {
                    vec![Line::from(s.edu_none)]
                } else {
                    window(hs, *picked, height)
                        .map(|(mark, h)| {
                            let given = if h.3 { s.yes } else { s.no };
                            line(mark, cells(&[given, &h.2, &h.1], &[10, 12, 30]))
                        })
                        .collect()
                },
                s.edu_household_keys,
            ),
            None => {
                let heads: Vec<String> = (0..COLUMNS)
                    .map(|c| {
                        let h = header(s, c);
                        if c == self.column { format!("[{h}]") } else { h.to_string() }
                    })
                    .collect();
                let mut names = vec![s.edu_unit];
                names.extend(heads.iter().map(String::as_str));
                let rows = (self.rows.iter()).map(|r| {
                    let figures = [
                        format!("{}/{}", r.lectures, r.lecture_norm),
                        r.consultation_norm
                            .map_or(format!("{}/-", r.consultations), |n| {
                                format!("{}/{n}", r.consultations)
                            }),
                        r.attendance.to_string(),
                        format!("{}/{}", r.pushes, r.tier5),
                    ];
                    let mut c = vec![r.name.as_str()];
                    c.extend(figures.iter().map(String::as_str));
                    cells(&c, unit_widths(width))
                });
                let rows: Vec<String> = rows.collect();
                (
                    cells(&names, unit_widths(width)),
                    window(&rows, self.row, height)
                        .map(|(mark, r)| line(mark, r.clone()))
                        .collect(),
                    s.edu_keys,
                )
            }
        };
        parts(f, app, [head_area, list_area, keys_area], &heads, lines, keys);
        if self.open.is_none() {
            f.render_widget(
                Paragraph::new(Line::from(fit(s.edu_note, usize::from(note_area.width)))),
                note_area,
            );
        }
    }
}

/// Unit, lectures, consultations, attendance, ★5 pushed.
/// At 60 columns the figures narrow so that all four show.
fn unit_widths(width: usize) -> &'static [usize; 5] {
    if width >= 73 {
        &[14, 15, 15, 10, 15]
    } else {
        &[10, 11, 11, 6, 11]
    }
}
