//! Queues: weekly / monthly / quarterly / yearly tabs, filters, triage order,
//! and why the selected task exists.

use super::{colour_cell, fit, late, scroll_offset};
use crate::domain::queue::{Reason, Task, When, WorkerRole};
use crate::text::pad;
use crate::tui::app::{App, StatusFilter, TABS};
use crate::tui::strings;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn draw(f: &mut Frame, app: &App, area: Rect) {
    let s = app.strings();
    let lang = app.opts.lang;
    let [tabs, filters, list, detail] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(6),
    ])
    .areas(area);

    let mut spans = Vec::new();
    for (i, c) in TABS.iter().enumerate() {
        let label = format!(" {} ", strings::cadence(lang, *c));
        spans.push(if i == app.queue.tab {
            Span::styled(format!("[{}]", label.trim()), app.theme.selected())
        } else {
            Span::raw(label)
        });
    }
    spans.push(Span::raw(format!(
        "  {} {}",
        app.queue.rows.len(),
        s.tasks_count
    )));
    f.render_widget(Paragraph::new(Line::from(spans)), tabs);

    let q = &app.queue;
    let mut parts = vec![format!(
        "{}={}",
        s.status,
        match q.status {
            StatusFilter::Open => s.open_tasks,
            StatusFilter::All => s.all,
            StatusFilter::Only(st) => strings::status(lang, st),
        }
    )];
    if let Some(v) = q.filter.village {
        parts.push(format!(
            "{}={}",
            s.village,
            app.village_names.get(&v).map_or("", String::as_str)
        ));
    }
    if let Some(g) = q.filter.grid {
        parts.push(format!(
            "{}={}",
            s.grid,
            app.grid_names.get(&g).map_or("", String::as_str)
        ));
    }
    if let Some((role, id)) = q.filter.worker {
        let name = app
            .snap
            .tasks
            .iter()
            .find_map(|t| t.worker.as_ref().filter(|w| w.id == id && t.role == role))
            .map_or(String::new(), |w| w.name.clone());
        parts.push(format!("{}={name}", s.worker));
    }
    if let Some(c) = q.filter.colour {
        parts.push(format!("{}={}", s.colour, strings::colour(lang, c)));
    }
    if let Some(t) = q.filter.tier {
        parts.push(format!("{}={}", s.tier, strings::tier(lang, t)));
    }
    let hint = "(v n w c t s x)";
    f.render_widget(
        Paragraph::new(format!("{}: {}  {hint}", s.filters, parts.join(" "))),
        filters,
    );

    let block = app.theme.focus_block(s.s_queues, !q.detail_focus);
    let inner = block.inner(list);
    f.render_widget(block, list);
    let height = usize::from(inner.height.saturating_sub(1));
    let width = usize::from(inner.width);
    // Column widths in cells; the place column takes what a wider terminal adds.
    let place_w = 15 + width.saturating_sub(78).min(12);
    let head = format!(
        "{}{}{}{}{}{}{}{}",
        pad(s.status, 9),
        pad(s.late, 6),
        pad(s.colour, 7),
        pad(s.tier, 5),
        pad(s.kind, 11),
        pad(s.name, 11),
        pad(&format!("{}/{}", s.village, s.grid), place_w),
        s.due_by
    );
    let mut lines = vec![Line::styled(fit(&head, width), app.theme.bold())];
    if q.rows.is_empty() {
        lines.push(Line::from(s.no_tasks));
    }
    let offset = scroll_offset(q.selected, height, q.rows.len());
    for (n, &i) in q.rows.iter().enumerate().skip(offset).take(height) {
        let t = &app.snap.tasks[i];
        let mark = if n == q.selected { ">" } else { " " };
        let due = match t.when {
            When::Period(p) => p.label(),
            When::By(d) => d.to_string(),
        };
        let [c0, c1] = colour_cell(app, t.colour, 7);
        let mut spans = vec![
            Span::raw(format!(
                "{mark}{}",
                pad(&fit(strings::status(lang, t.status), 7), 8)
            )),
            Span::raw(pad(&late(app, t), 6)),
            c0,
            c1,
            Span::raw(pad(&strings::tier(lang, t.tier), 5)),
            Span::raw(pad(&fit(strings::kind(lang, t.kind), 10), 11)),
            Span::raw(pad(&fit(&t.name, 10), 11)),
            Span::raw(pad(
                &fit(&app.place(t.village_id, t.grid_id), place_w - 1),
                place_w,
            )),
            Span::raw(due),
        ];
        if n == q.selected {
            for sp in &mut spans {
                sp.style = sp.style.patch(app.theme.selected());
            }
        }
        lines.push(Line::from(spans));
    }
    f.render_widget(Paragraph::new(lines), inner);

    let dblock = app.theme.focus_block(s.why, q.detail_focus);
    let dinner = dblock.inner(detail);
    f.render_widget(dblock, detail);
    if let Some(t) = app.selected_task() {
        f.render_widget(Paragraph::new(detail_lines(app, t)), dinner);
    }
}

/// Why the task exists, who does it, and the last contact.
pub fn detail_lines(app: &App, t: &Task) -> Vec<Line<'static>> {
    let s = app.strings();
    let lang = app.opts.lang;
    let why = match &t.reason {
        Reason::Tier { tier, overridden } => {
            let over = if *overridden {
                format!(" ({})", s.tier_override)
            } else {
                String::new()
            };
            let cadence = t.when.cadence().map_or("", |c| strings::cadence(lang, c));
            format!(
                "{}{over} -> {} {cadence}",
                strings::tier(lang, *tier),
                strings::kind(lang, t.kind)
            )
        }
        Reason::Chronic {
            conditions,
            colour,
            cause,
            since,
        } => format!(
            "{} · {} {} ({}, {since})",
            conditions
                .iter()
                .map(|c| strings::condition(lang, *c))
                .collect::<Vec<_>>()
                .join("+"),
            strings::colour(lang, *colour),
            strings::cause(lang, *cause),
            strings::kind(lang, t.kind)
        ),
        Reason::Age { age } => strings::fill(s.reason_age, &[age]),
        Reason::Referral { sent_on, .. } => strings::fill(s.reason_referral, &[sent_on]),
    };
    let who = match t.role {
        WorkerRole::GridWorker | WorkerRole::Team | WorkerRole::Volunteer => t
            .worker
            .as_ref()
            .map_or(s.none.to_string(), |w| w.name.clone()),
    };
    let vol = t
        .volunteer
        .as_ref()
        .map_or(String::new(), |v| format!("  {}: {}", s.volunteer, v.name));
    let last = t.last_attempt.map_or(String::new(), |(d, o)| {
        format!("{}: {d} {}", s.last_try, strings::outcome(lang, o))
    });
    let due = match t.when {
        When::Period(p) => format!(
            "{} {} ({} {})",
            s.due_by,
            p.end(),
            strings::cadence(lang, p.cadence),
            p.label()
        ),
        When::By(d) => format!("{} {d}", s.due_by),
    };
    let status = match (t.done_on, t.upcoming_from) {
        (Some(d), _) => format!("{} {d}", strings::status(lang, t.status)),
        (_, Some(d)) => format!("{} {d}", strings::status(lang, t.status)),
        _ => format!("{} {}", strings::status(lang, t.status), late(app, t)),
    };
    vec![
        Line::from(vec![
            Span::styled(format!("{} ", t.name), app.theme.bold()),
            Span::raw(app.place(t.village_id, t.grid_id)),
        ]),
        Line::from(format!("{}: {why}", s.why)),
        Line::from(format!("{}: {who}{vol}", s.worker)),
        Line::from(format!("{due} · {status}  {last}")),
    ]
}
