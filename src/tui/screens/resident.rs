//! Resident: conditions, colour and its history, follow-ups, referrals,
//! contract, plan, and open tasks. The view owns its pane and selection.

use super::household::task_list;
use super::{Ctx, Effect, colour_span, fit, moved, scroll_offset, window};
use crate::db::{Db, Result, VisitDetail};
use crate::domain::calendar::age_on;
use crate::domain::colour::ColourCause;
use crate::domain::model::{Colour, ReferralRecord, Subject};
use crate::domain::queue::{Reason, Task};
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::strings;
use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub struct ResidentView {
    pub id: i64,
    pub colours: Vec<(NaiveDate, Colour, String)>,
    pub visits: Vec<VisitDetail>,
    pub referrals: Vec<ReferralRecord>,
    /// The one-person-one-plan with its dates (§2 ★1).
    pub plan: crate::db::CarePlan,
    /// Their family-doctor contracts, newest first (issue 14).
    pub contracts: Vec<crate::db::ContractRow>,
    /// 0 follow-ups, 1 colour history.
    pub pane: usize,
    pub selected: usize,
}

impl ResidentView {
    /// The contract valid on `day`, if any.
    pub fn current_contract(&self, day: NaiveDate) -> Option<&crate::db::ContractRow> {
        self.contracts.iter().find(|c| c.valid_on(day))
    }

    /// Reads resident `id` for the screen, keeping the pane and selection of
    /// `before` when it shows the same person.
    pub fn open(db: &Db, id: i64, before: Option<&ResidentView>) -> Result<ResidentView> {
        let (pane, selected) = before
            .filter(|v| v.id == id)
            .map_or((0, 0), |v| (v.pane, v.selected));
        Ok(ResidentView {
            id,
            colours: db.colour_history(id)?,
            visits: db.visit_details(Subject::Resident(id), 100)?,
            referrals: db.referrals_of(id)?,
            plan: db.care_plan_of(id)?.unwrap_or_default(),
            contracts: db.contracts_of(id)?,
            pane,
            selected,
        })
    }

    pub fn update(&mut self, a: Action, ctx: &Ctx) -> Effect {
        match a {
            _ if a.is_move() => {
                let len = if self.pane == 0 {
                    self.visits.len()
                } else {
                    self.colours.len()
                };
                self.selected = moved(self.selected, len, a, ctx.page);
            }
            Action::NextPane => {
                self.pane = (self.pane + 1) % 2;
                self.selected = 0;
            }
            Action::Open if self.pane == 0 && self.selected < self.visits.len() => {
                return Effect::ShowVisit(self.selected);
            }
            _ => {}
        }
        Effect::None
    }
}

pub fn draw(f: &mut Frame, app: &App, area: Rect) {
    let s = app.strings();
    let lang = app.opts.lang;
    let Some(view) = app.resident.as_ref() else {
        return super::nothing_open(f, app, area, s.s_resident);
    };
    let Some((h, m)) = app.find_resident(view.id) else {
        return;
    };
    let tasks: Vec<&Task> = crate::domain::queue::to_do(app.tasks_of(Subject::Resident(m.id)));
    let [head, tasks_area, lower] = Layout::vertical([
        Constraint::Length(6),
        Constraint::Length((tasks.len() as u16).clamp(1, 4) + 2),
        Constraint::Min(3),
    ])
    .areas(area);

    let today = app.opts.today;
    let conds: Vec<String> = m
        .conditions
        .iter()
        .map(|c| {
            let end = c.managed_until.map_or(String::new(), |u| format!("–{u}"));
            format!(
                "{} ({}{end})",
                strings::condition(lang, c.condition),
                c.managed_from
            )
        })
        .collect();
    // Colour now, from the queue's reading of the follow-ups (§4): of every
    // task of theirs, done ones too (walk: a green patient whose quarter was
    // done read "colour: none").
    let colour = app
        .tasks_of(Subject::Resident(m.id))
        .find_map(|t| match &t.reason {
            Reason::Chronic {
                colour,
                cause,
                since,
                ..
            } => Some((*colour, *cause, *since)),
            Reason::Referral { sent_on, .. } => Some((
                crate::domain::model::Colour::Red,
                ColourCause::OpenReferral,
                *sent_on,
            )),
            _ => None,
        });
    let mut colour_line = vec![Span::raw(format!("{}: ", s.colour))];
    match colour {
        Some((c, cause, since)) => {
            colour_line.push(colour_span(app, Some(c)));
            colour_line.push(Span::raw(format!(
                " {} ({since})",
                strings::cause(lang, cause)
            )));
        }
        None => colour_line.push(Span::raw(s.none)),
    }
    let status = if m.status.is_active() {
        String::new()
    } else {
        format!(
            " [{} {}]",
            strings::resident_status(lang, m.status),
            m.status_date.map_or(String::new(), |d| d.to_string())
        )
    };
    // issue 14: the contract with its last day, and a warning within 30 days
    let team = match view.current_contract(today) {
        Some(c) => {
            let left = c.days_left(today);
            format!(
                "{} {}{}",
                c.team,
                strings::fill(s.contract_until, &[&c.end]),
                if left <= 30 {
                    strings::fill(s.contract_expiring, &[&left])
                } else {
                    String::new()
                }
            )
        }
        None => s.no_contract.to_string(),
    };
    let vol = m
        .volunteer
        .as_ref()
        .map_or(String::new(), |v| format!("  {}: {}", s.volunteer, v.name));
    let lines = vec![
        Line::from(vec![
            Span::styled(m.name.clone(), app.theme.bold()),
            Span::raw(format!(
                " {} {}{status}  {} {}  {} {}",
                strings::sex(lang, m.sex),
                strings::fill(s.years, &[&age_on(m.birth_date, today)]),
                s.id_number,
                m.id_number,
                s.phone,
                m.phone.as_deref().unwrap_or("-")
            )),
        ]),
        Line::from(format!(
            "{} · {}",
            app.place(h.village_id, h.grid_id),
            h.address
        )),
        Line::from(format!("{}: {team}{vol}", s.contract)),
        Line::from(super::labelled(s.conditions, &conds, s.none)),
        Line::from(colour_line),
        Line::from(fit(
            &format!(
                "{}{}: {}",
                s.plan,
                // the dates first, where a narrow screen does not cut them
                match (view.plan.written_on, view.plan.review_on) {
                    (Some(w), Some(r)) => strings::fill(s.plan_dates, &[&w, &r]),
                    _ => String::new(),
                },
                // the first line; `L` shows the whole plan
                view.plan
                    .text
                    .as_deref()
                    .and_then(|t| t.lines().next())
                    .unwrap_or(s.none),
            ),
            usize::from(head.width),
        )),
    ];
    f.render_widget(Paragraph::new(lines), head);

    task_list(f, app, tasks_area, &tasks, s.open_task_list, false, 0);

    let block = app.theme.focus_block(
        if view.pane == 0 {
            s.followups
        } else {
            s.colour_history
        },
        true,
    );
    let inner = block.inner(lower);
    f.render_widget(block, lower);
    let height = usize::from(inner.height);
    let lines: Vec<Line> = if view.pane == 0 {
        window(&view.visits, view.selected, height)
            .map(|(mark, v)| {
                let text = format!("{mark}{}", crate::tui::visit_text::visit_line(lang, v));
                Line::from(fit(&text, usize::from(inner.width)))
            })
            .collect()
    } else {
        let mut out: Vec<Line> = view
            .colours
            .iter()
            .rev()
            .enumerate()
            .skip(scroll_offset(view.selected, height, view.colours.len()))
            .take(height)
            .map(|(i, (since, c, cause))| {
                let mark = if i == view.selected { ">" } else { " " };
                let cause = ColourCause::from_code(cause)
                    .map_or(cause.as_str(), |k| strings::cause(lang, k));
                Line::from(vec![
                    Span::raw(format!("{mark}{since} ")),
                    colour_span(app, Some(*c)),
                    Span::raw(format!(" {cause}")),
                ])
            })
            .collect();
        for r in &view.referrals {
            let back = r.returned_on.map_or(String::new(), |d| format!(" -> {d}"));
            out.push(Line::from(format!(" {} {}{back}", s.referrals, r.sent_on)));
        }
        out
    };
    f.render_widget(Paragraph::new(lines), inner);
}
