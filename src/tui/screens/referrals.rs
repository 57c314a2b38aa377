//! Referrals (screen 7, issue 14, domain.md §7): the open referrals (sent,
//! received), oldest first, and apart from them those sent and not received
//! after `referral.no_reply_days`. Enter opens the resident; `R` records the
//! referral received, `D` returned down (下转) with the county's advice, `C`
//! closed with its outcome: each a date form and one `db::referral` command.

use super::{Ctx, Effect, fit, key_hints, moved, window};
use crate::db::{Db, ReferralRow, Result};
use crate::domain::model::Subject;
use crate::domain::referral::Urgency;
use crate::text::pad;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::words::{self as strings, Lang, Strings, level, state, urgency};
use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

#[derive(Debug, Default)]
pub struct ReferralsView {
    /// The selected row of `rows` (no-reply ones first, then the others).
    pub selected: usize,
    /// No reply after N days, oldest first; then those received and not
    /// returned after M days (issue 25 item 2); then the other open ones.
    pub no_reply: Vec<ReferralRow>,
    pub no_return: Vec<ReferralRow>,
    pub open: Vec<ReferralRow>,
}

impl ReferralsView {
    /// Reads the open referrals (screens do not read the database while drawing).
    pub fn reload(&mut self, db: &Db, today: NaiveDate) -> Result<()> {
        let (late, other): (Vec<_>, Vec<_>) = db
            .referrals(today, true)?
            .into_iter()
            .partition(|r| r.no_reply);
        let (unreturned, other): (Vec<_>, Vec<_>) = other.into_iter().partition(|r| r.no_return);
        self.no_reply = late;
        self.no_return = unreturned;
        self.open = other;
        self.selected = self.selected.min(self.len().saturating_sub(1));
        Ok(())
    }

    fn len(&self) -> usize {
        self.no_reply.len() + self.no_return.len() + self.open.len()
    }

    pub fn selected_row(&self) -> Option<&ReferralRow> {
        self.no_reply
            .iter()
            .chain(self.no_return.iter())
            .chain(self.open.iter())
            .nth(self.selected)
    }

    pub fn update(&mut self, a: Action, ctx: &Ctx) -> Effect {
        match a {
            _ if a.is_move() => self.selected = moved(self.selected, self.len(), a, ctx.page),
            Action::Open => {
                if let Some(r) = self.selected_row() {
                    return Effect::Open(Subject::Resident(r.resident_id));
                }
            }
            _ => {}
        }
        Effect::None
    }
}

/// The urgency in the list's column: "urgent" for short in English.
fn urgency_cell(lang: Lang, u: Urgency) -> &'static str {
    match u {
        Urgency::Emergency => strings::pick(lang, "紧急", "urgent"),
        Urgency::Routine => urgency(lang, u),
    }
}

/// Column widths in cells: resident, village, to, urgency, sent, days,
/// state. The urgency column is as wide as its words in the language
/// (English once showed "routin").
fn widths(lang: Lang) -> [usize; 7] {
    let urgency_w = [Urgency::Routine, Urgency::Emergency]
        .into_iter()
        .map(|u| UnicodeWidthStr::width(urgency_cell(lang, u)))
        .chain([UnicodeWidthStr::width(strings::strings(lang).r_urgency)])
        .max()
        .unwrap_or(0)
        .max(6);
    [10, 10, 10, urgency_w, 10, 6, 8]
}

/// The columns that fit in `width` cells (after the selection mark), each
/// with its width: all of them, else without "to" (the county hospital,
/// nearly always), else without the village too. The state always shows
/// (60×16 lost it).
fn columns(width: usize, lang: Lang) -> Vec<(usize, usize)> {
    let w = widths(lang);
    let fits = |cols: &[usize]| cols.iter().map(|&c| w[c] + 1).sum::<usize>() <= width;
    [
        vec![0, 1, 2, 3, 4, 5, 6],
        vec![0, 1, 3, 4, 5, 6],
        vec![0, 3, 4, 5, 6],
    ]
    .into_iter()
    .find(|cols| fits(cols))
    .unwrap_or_else(|| vec![0, 3, 4, 5, 6])
    .into_iter()
    .map(|c| (c, w[c]))
    .collect()
}

/// The list's column heads, shared with `gridcare referral list`.
pub fn heads(s: &Strings) -> [&'static str; 7] {
    crate::words::referral_heads(s)
}

fn header(s: &Strings, cols: &[(usize, usize)]) -> String {
    row_text(&heads(s), cols)
}

fn row_text(cells: &[&str], cols: &[(usize, usize)]) -> String {
    cols.iter()
        .map(|&(c, w)| pad(&fit(cells[c], w), w))
        .collect::<Vec<_>>()
        .join(" ")
}

fn line(lang: Lang, r: &ReferralRow, cols: &[(usize, usize)]) -> String {
    row_text(
        &[
            &r.name,
            &r.village,
            level(lang, r.to_level),
            urgency_cell(lang, r.urgency),
            &r.sent_on.to_string(),
            &r.days_waiting.to_string(),
            state(lang, r.state),
        ],
        cols,
    )
}

pub fn draw(f: &mut Frame, app: &App, area: Rect) {
    let s = app.strings();
    let lang = app.opts.lang;
    let v = &app.views.referrals;
    let block = app.theme.block(app.screen.title(s));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let [head_area, list_area, keys_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(2),
        Constraint::Length(1),
    ])
    .areas(inner);
    // The column heads stay put while the list scrolls (G once took them away).
    // One list: the no-reply section, then the other open ones; headings
    // are not selectable, so the selection counts referral rows only.
    let cols = columns(usize::from(list_area.width).saturating_sub(1), lang);
    f.render_widget(
        Paragraph::new(Line::styled(
            format!(" {}", header(s, &cols)),
            app.theme.bold(),
        )),
        head_area,
    );
    let mut items: Vec<(Option<usize>, String)> = Vec::new();
    items.push((
        None,
        strings::fill(
            s.r_no_reply,
            &[&app.snap.rules.referral_no_reply_days, &v.no_reply.len()],
        ),
    ));
    let mut i = 0;
    for r in &v.no_reply {
        items.push((Some(i), line(lang, r, &cols)));
        i += 1;
    }
    if !v.no_return.is_empty() {
        items.push((
            None,
            strings::fill(
                s.r_no_return,
                &[&app.snap.rules.referral_no_return_days, &v.no_return.len()],
            ),
        ));
        for r in &v.no_return {
            items.push((Some(i), line(lang, r, &cols)));
            i += 1;
        }
    }
    items.push((None, strings::fill(s.r_open, &[&v.open.len()])));
    for r in &v.open {
        items.push((Some(i), line(lang, r, &cols)));
        i += 1;
    }
    if i == 0 {
        items.push((None, s.r_none.to_string()));
    }
    let at = items
        .iter()
        .position(|(n, _)| *n == Some(v.selected))
        .unwrap_or(0);
    let lines: Vec<Line> = window(&items, at, list_area.height as usize)
        .map(|(_, (n, text))| match n {
            Some(n) if *n == v.selected => {
                Line::styled(format!(">{text}"), Style::default().reversed())
            }
            Some(_) => Line::from(format!(" {text}")),
            None => Line::from(text.clone()),
        })
        .collect();
    f.render_widget(Paragraph::new(lines), list_area);
    f.render_widget(
        Paragraph::new(key_hints(s.r_keys, s.help_hint, keys_area.width as usize)),
        keys_area,
    );
}

/// The keys of this screen alone (its help lists them first).
const KEYS: &[crate::tui::keys::Binding] = &[
    crate::own_key!(KeyCode::Char('R'), false, "R", Action::ReferralStep(crate::domain::referral::Transition::Receive), k_receive),
    crate::own_key!(KeyCode::Char('D'), false, "D", Action::ReferralStep(crate::domain::referral::Transition::Return), k_return_down),
    crate::own_key!(KeyCode::Char('C'), false, "C", Action::ReferralStep(crate::domain::referral::Transition::Close), k_close_referral),
];

impl super::View for ReferralsView {
    fn title(s: &strings::Strings) -> &'static str {
        s.s_referrals
    }
    fn bindings() -> &'static [&'static [crate::tui::keys::Binding]] {
        &[KEYS]
    }
    fn enter(&mut self, cx: &super::Load) -> Result<()> {
        self.reload(cx.db, cx.today)
    }
    fn keys(&mut self, a: Action, cx: &Ctx) -> Effect {
        match a {
            // each step of a referral a form (issue 14)
            Action::ReferralStep(step) => self.selected_row().map_or(Effect::None, |r| {
                super::form(crate::tui::forms::Form::referral_step(
                    r.id,
                    &r.name,
                    step,
                    cx.lang,
                    &cx.snap.rules,
                    cx.today,
                ))
            }),
            _ => self.update(a, cx),
        }
    }
    fn draw(&self, f: &mut Frame, app: &App, area: Rect) {
        draw(f, app, area)
    }
}
