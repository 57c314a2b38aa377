//! Resident: conditions, colour and its history, follow-ups, referrals,
//! contract, plan, and open tasks. The view owns its pane and selection.

use super::household::task_list;
use super::{Ctx, Effect, colour_span, fit, moved, scroll_offset, window};
use crate::db::{Db, Result, VisitDetail};
use crate::domain::calendar::age_on;
use crate::domain::colour::ColourCause;
use crate::domain::model::{Colour, Subject};
use crate::domain::queue::{Reason, Task};
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::words as strings;
use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub struct ResidentView {
    pub id: i64,
    pub colours: Vec<(NaiveDate, Colour, String)>,
    pub visits: Vec<VisitDetail>,
    /// Their referrals with destination, reason, dates and the county's
    /// advice, the latest first (issue 25 item 2).
    pub referrals: Vec<crate::db::ReferralRow>,
    /// The one-person-one-plan with its dates (§2 ★1).
    pub plan: crate::db::CarePlan,
    /// Their family-doctor contracts, newest first (issue 14).
    pub contracts: Vec<crate::db::ContractRow>,
    /// Their medicines, every dated line (issue 27, §3 用药情况).
    pub regimen: Vec<crate::domain::record::RegimenLine>,
    /// The regimen's past changes, newest first (issue 27 item 2).
    pub changes: Vec<(NaiveDate, crate::domain::record::Change)>,
    /// Health points (issue 32): the balance and the latest movements.
    pub points: (i64, Vec<crate::db::LedgerRow>),
    /// 0 follow-ups, 1 colour history, 2 referrals, 3 medicine changes.
    pub pane: usize,
    pub selected: usize,
}

impl ResidentView {
    /// The contract valid on `day`, if any.
    pub fn current_contract(&self, day: NaiveDate) -> Option<&crate::db::ContractRow> {
        crate::db::current_contract(&self.contracts, day)
    }

    /// Reads resident `id` for the screen, keeping the pane and selection of
    /// `before` when it shows the same person.
    pub fn open(
        db: &Db,
        id: i64,
        before: Option<&ResidentView>,
        today: NaiveDate,
    ) -> Result<ResidentView> {
        let (pane, selected) = before
            .filter(|v| v.id == id)
            .map_or((0, 0), |v| (v.pane, v.selected));
        let regimen = db.regimen_lines(id)?;
        Ok(ResidentView {
            id,
            changes: crate::domain::record::history(&regimen),
            colours: db.colour_history(id)?,
            visits: db.visit_details(Subject::Resident(id), 100)?,
            referrals: db.referrals_of_resident(id, today)?,
            plan: db.care_plan_of(id)?.unwrap_or_default(),
            contracts: db.contracts_of(id)?,
            points: (db.points_balance(id)?, db.points_ledger(id, 3)?),
            regimen,
            pane,
            selected,
        })
    }

    pub fn update(&mut self, a: Action, ctx: &Ctx) -> Effect {
        match a {
            _ if a.is_move() => {
                let len = match self.pane {
                    0 => self.visits.len(),
                    1 => self.colours.len(),
                    3 => self.changes.len(),
                    _ => self.referrals.len(),
                };
                self.selected = moved(self.selected, len, a, ctx.page);
            }
            Action::NextPane => {
                self.pane = (self.pane + 1) % 4;
                self.selected = 0;
            }
            Action::Open if self.pane == 0 && self.selected < self.visits.len() => {
                return self.visits.get(self.selected).map_or(Effect::None, |v| {
                    Effect::ShowVisit(Box::new(v.clone()))
                });
            }
            Action::Open if self.pane == 2 && self.selected < self.referrals.len() => {
                return Effect::ShowReferral(self.selected);
            }
            _ => {}
        }
        Effect::None
    }
}

pub fn draw(f: &mut Frame, app: &App, area: Rect) {
    let s = app.strings();
    let lang = app.opts.lang;
    let Some(view) = app.views.resident.as_ref() else {
        return super::nothing_open(f, app, area, s.s_resident);
    };
    let Some((h, m)) = app.find_resident(view.id) else {
        return;
    };
    let tasks: Vec<&Task> = crate::domain::queue::to_do(app.tasks_of(Subject::Resident(m.id)));
    // the medicines in force today, and since when (issue 27): a line of
    // its own, for a patient who takes any
    let today = app.opts.today;
    let regimen = crate::domain::record::regimen_on(&view.regimen, today);
    let head_h = 6 + u16::from(!regimen.is_empty());
    let [head, tasks_area, lower] = Layout::vertical([
        Constraint::Length(head_h),
        Constraint::Length((tasks.len() as u16).clamp(1, 4) + 2),
        Constraint::Min(3),
    ])
    .areas(area);

    let conds: Vec<String> = m
        .conditions
        .iter()
        .map(|c| {
            let end = c.managed_until.map_or(String::new(), |u| format!("–{u}"));
            // a register's flag without its date says so (issue 28 item 3)
            let unknown = if c.diagnosis_unknown {
                format!(", {}", s.diagnosis_unknown)
            } else {
                String::new()
            };
            format!(
                "{} ({}{end}{unknown})",
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
    let mut lines = vec![
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
            "{} · {}{}",
            app.place(h.village_id, h.grid_id),
            h.address,
            provincial_keys(s, h.ext_no.as_deref(), m.record_no.as_deref())
        )),
        Line::from(format!("{}: {team}{vol}", s.contract)),
        Line::from(super::labelled(s.conditions, &conds, s.none)),
    ];
    if let Some(line) = points_line(s, lang, &view.points) {
        lines.push(Line::from(fit(&line, head.width as usize)));
    }
    if let Some(since) = regimen.iter().map(|l| l.from).max() {
        lines.push(Line::from(fit(
            &format!(
                "{}{}: {}",
                s.medicines,
                strings::fill(s.medicines_since, &[&since]),
                crate::domain::record::regimen_text(
                    regimen.iter().map(|l| &l.drug),
                    lang == strings::Lang::Zh
                )
            ),
            head.width as usize,
        )));
    }
    lines.extend([
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
    ]);
    f.render_widget(Paragraph::new(lines), head);

    task_list(f, app, tasks_area, &tasks, s.open_task_list, false, 0);

    let block = app.theme.focus_block(
        match view.pane {
            0 => s.followups,
            1 => s.colour_history,
            3 => s.regimen_changes,
            _ => s.referrals,
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
    } else if view.pane == 3 {
        // the medicines' changes: the day, what changed (issue 27 item 2)
        let width = usize::from(inner.width);
        let mut out: Vec<Line> = window(&view.changes, view.selected, height)
            .map(|(mark, (day, c))| {
                let text = format!("{mark}{day} {}", c.text(lang == strings::Lang::Zh));
                Line::from(fit(&text, width))
            })
            .collect();
        if out.is_empty() {
            out.push(Line::from(format!(" {}", s.none)));
        }
        out
    } else if view.pane == 2 {
        let width = usize::from(inner.width);
        let mut out: Vec<Line> = window(&view.referrals, view.selected, height)
            .map(|(mark, r)| Line::from(fit(&format!("{mark}{}", referral_line(lang, r)), width)))
            .collect();
        if out.is_empty() {
            out.push(Line::from(format!(" {}", s.none)));
        }
        out
    } else {
        view.colours
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
            .collect()
    };
    f.render_widget(Paragraph::new(lines), inner);
}

/// The balance and latest movements of a resident's health points (issue
/// 32); nothing for someone who never had any.
fn points_line(
    s: &strings::Strings,
    lang: strings::Lang,
    (balance, ledger): &(i64, Vec<crate::db::LedgerRow>),
) -> Option<String> {
    if ledger.is_empty() {
        return None;
    }
    let latest: Vec<String> = ledger
        .iter()
        .map(|r| {
            format!(
                "{} {}{:+} {}",
                r.on_date.format("%m-%d"),
                r.movement.name(lang == strings::Lang::Zh),
                r.amount,
                r.what
            )
        })
        .collect();
    Some(format!(
        "{} · {}: {}",
        strings::fill(s.points_line, &[balance]),
        s.points_latest,
        latest.join("; ")
    ))
}

/// One referral as the resident screen lists it (issue 25 item 2): sent
/// date, destination, state with its date, the flags of §7, the reason,
/// then the county's advice or the outcome.
pub fn referral_line(lang: strings::Lang, r: &crate::db::ReferralRow) -> String {
    use crate::domain::referral::Urgency;
    use crate::words::{level, state, urgency};
    let s = strings::strings(lang);
    let when = r.returned_on.or(r.closed_on).or(r.received_on);
    let mut text = format!(
        "{} → {} {}{}",
        r.sent_on,
        level(lang, r.to_level),
        state(lang, r.state),
        when.map_or(String::new(), |d| format!(" {d}"))
    );
    if r.urgency == Urgency::Emergency {
        text.push_str(&format!(" {}", urgency(lang, r.urgency)));
    }
    for (flag, word) in [
        (r.no_reply, s.r_flag_no_reply),
        (r.no_return, s.r_flag_no_return),
    ] {
        if flag {
            text.push_str(&format!(" !{word}"));
        }
    }
    text.push_str(&format!(" · {}", r.reason));
    if let Some(o) = r.outcome.as_deref().filter(|o| !o.trim().is_empty()) {
        text.push_str(&format!(" · {o}"));
    }
    text
}

/// The whole of one referral, for the popup Enter opens.
pub fn referral_text(lang: strings::Lang, r: &crate::db::ReferralRow) -> String {
    use crate::words::{level, state, urgency};
    let s = strings::strings(lang);
    let d = |x: Option<NaiveDate>| x.map_or("-".to_string(), |d| d.to_string());
    let mut out = format!(
        "{}: {} → {}  {}\n{}: {}\n{}: {}\n{}: {}\n{}: {}\n{}: {}\n",
        s.r_to,
        level(lang, r.from_level),
        level(lang, r.to_level),
        urgency(lang, r.urgency),
        s.r_reason,
        r.reason,
        s.r_sent,
        r.sent_on,
        s.r_received,
        d(r.received_on),
        s.r_returned,
        d(r.returned_on),
        s.r_closed,
        d(r.closed_on),
    );
    out.push_str(&format!("{}: {}\n", s.r_days, r.days_waiting));
    if let Some(o) = r.outcome.as_deref().filter(|o| !o.trim().is_empty()) {
        let label = if r.closed_on.is_some() {
            s.f_referral_outcome
        } else {
            s.f_advice
        };
        out.push_str(&format!("\n{label}:\n{o}\n"));
    }
    for (flag, word) in [
        (r.no_reply, s.r_flag_no_reply),
        (r.no_return, s.r_flag_no_return),
    ] {
        if flag {
            out.push_str(&format!("\n!{word}"));
        }
    }
    format!("{}\n{out}", state(lang, r.state))
}

/// The provincial register's numbers after the address, where the resident
/// and their household have them (issue 28 item 1).
fn provincial_keys(s: &strings::Strings, household: Option<&str>, record: Option<&str>) -> String {
    let mut out = String::new();
    if let Some(n) = household {
        out += &format!("  {} {n}", s.household_no);
    }
    if let Some(n) = record {
        out += &format!("  {} {n}", s.record_no);
    }
    out
}

impl ResidentView {
    /// The contract forms (issue 14): `K` signs one, or renews the current
    /// one; `Z` ends it early.
    fn contract_form(&self, a: Action, cx: &Ctx) -> Effect {
        use crate::tui::forms::Form;
        let s = strings::strings(cx.lang);
        let (lang, today) = (cx.lang, cx.today);
        match (a, self.current_contract(today).cloned()) {
            (Action::Contract, Some(c)) => Effect::Renew(Box::new(c)),
            (Action::Contract, None) => {
                let Some((h, m)) = cx.snap.find_resident(self.id) else {
                    return Effect::None;
                };
                let teams = match cx.db.teams() {
                    Ok(t) => t,
                    Err(e) => return Effect::Say(e.to_string()),
                };
                let f = Form::sign_contract(cx.snap, &teams, (m.id, &m.name), h.village_id, lang, today);
                super::form_or_say(f, s.no_team_to_sign)
            }
            (_, Some(c)) => super::form(Form::end_contract(&c, lang, &cx.snap.rules, today)),
            (_, None) => Effect::Say(s.no_current_contract.to_string()),
        }
    }
}

/// The resident screen: the resident open, if any.
pub type ResidentScreen = Option<ResidentView>;

/// The keys of this screen alone (its help lists them first).
const KEYS: &[crate::tui::keys::Binding] = &[
    crate::own_key!(KeyCode::Char('p'), false, "p", Action::Print, k_print_record),
    crate::own_key!(KeyCode::Char('K'), false, "K", Action::Contract, k_contract),
    crate::own_key!(KeyCode::Char('R'), false, "R", Action::SendReferral, k_send_referral),
    crate::own_key!(KeyCode::Char('Z'), false, "Z", Action::EndContract, k_end_contract),
    crate::own_key!(KeyCode::Char('E'), false, "E", Action::EndCondition, k_end_condition),
];

impl super::View for ResidentScreen {
    fn title(s: &strings::Strings) -> &'static str {
        s.s_resident
    }
    fn bindings() -> &'static [&'static [crate::tui::keys::Binding]] {
        &[KEYS]
    }
    fn task_in_focus(&self, snap: &crate::snapshot::Snapshot) -> Option<Task> {
        snap.most_urgent(Subject::Resident(self.as_ref()?.id))
    }
    fn member_in_focus<'s>(
        &self,
        snap: &'s crate::snapshot::Snapshot,
    ) -> Option<&'s crate::domain::model::Resident> {
        snap.find_resident(self.as_ref()?.id).map(|(_, m)| m)
    }
    fn household_in_focus(&self, snap: &crate::snapshot::Snapshot) -> Option<i64> {
        snap.find_resident(self.as_ref()?.id).map(|(h, _)| h.id)
    }
    fn record_in_focus(&self) -> Option<Subject> {
        Some(Subject::Resident(self.as_ref()?.id))
    }
    /// `p` prints this patient's national follow-up forms (issue 27 item 2),
    /// not the queue's sheets.
    fn claim(&mut self, a: Action, _cx: &Ctx) -> Option<Effect> {
        (a == Action::Print).then(|| self.as_ref().map_or(Effect::None, |v| Effect::PrintRecord(v.id)))
    }
    fn keys(&mut self, a: Action, cx: &Ctx) -> Effect {
        match (a, self.as_ref()) {
            (Action::Contract | Action::EndContract, Some(v)) => v.contract_form(a, cx),
            (Action::Add | Action::Edit, Some(v)) => {
                use crate::tui::forms::Form;
                let Some((_, m)) = cx.snap.find_resident(v.id) else {
                    return Effect::None;
                };
                let (lang, today, rules) = (cx.lang, cx.today, &cx.snap.rules);
                super::form(match a {
                    Action::Add => Form::new_condition((m.id, &m.name), lang, rules, today),
                    // a grid worker corrects the phone number only
                    _ if cx.worker => Form::resident(m, lang, rules, today).phone_only(),
                    _ => Form::resident(m, lang, rules, today),
                })
            }
            _ => self.as_mut().map_or(Effect::None, |v| v.update(a, cx)),
        }
    }
    fn draw(&self, f: &mut Frame, app: &App, area: Rect) {
        draw(f, app, area)
    }
}
