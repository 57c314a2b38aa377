//! Popups drawn over the screen: help, search, forms.

use super::app::{App, Popup};
use super::forms::{FieldId, FieldKind, Form};
use super::keys;
use super::screens::fit;
use super::strings;
use crate::domain::calendar::age_on;
use crate::search::MatchKind;
use crate::text::pad;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width.saturating_sub(2));
    let h = h.min(area.height.saturating_sub(2));
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

pub fn draw(f: &mut Frame, app: &App, area: Rect) {
    match &app.popup {
        None => {}
        Some(Popup::Help) => help(f, app, area),
        Some(Popup::Search(sv)) => {
            let r = centered(area, 74, 20);
            f.render_widget(Clear, r);
            let block = app.theme.block(app.strings().search_title);
            let inner = block.inner(r);
            f.render_widget(block, r);
            let [input, list] =
                Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(inner);
            f.render_widget(&sv.input, input);
            let height = usize::from(list.height);
            let off = super::screens::scroll_offset(sv.selected, height, sv.hits.len());
            let mut lines: Vec<Line> = Vec::new();
            if sv.hits.is_empty() && !sv.input.lines().join("").trim().is_empty() {
                lines.push(Line::from(app.strings().no_results));
            }
            for (i, hit) in sv.hits.iter().enumerate().skip(off).take(height) {
                let Some((h, m)) = app.find_resident(hit.resident_id) else {
                    continue;
                };
                let status = if m.status.is_active() {
                    String::new()
                } else {
                    format!(" [{}]", strings::resident_status(app.opts.lang, m.status))
                };
                // a hit one letter off is marked beside the name; a hit by the
                // phone's tail shows the phone where the masked ID stands
                let ident = match (hit.how, m.phone.as_deref()) {
                    (MatchKind::PhoneTail, Some(phone)) => pad(phone, 18),
                    _ => crate::domain::idnum::mask(&m.id_number),
                };
                let text = format!(
                    "{}{}{}{} {} {}{status}",
                    if i == sv.selected { ">" } else { " " },
                    pad(&fit(&m.name, 10), 10),
                    if hit.fuzzy {
                        app.theme.fuzzy_mark()
                    } else {
                        " "
                    },
                    pad(
                        &strings::fill(
                            app.strings().years,
                            &[&age_on(m.birth_date, app.opts.today)]
                        ),
                        5
                    ),
                    ident,
                    fit(&h.address, 24),
                );
                let style = if i == sv.selected {
                    app.theme.selected()
                } else {
                    Style::default()
                };
                lines.push(Line::styled(fit(&text, usize::from(list.width)), style));
            }
            f.render_widget(Paragraph::new(lines), list);
        }
        Some(Popup::Form(form)) => draw_form(f, app, form, area),
        Some(Popup::Scope(sv)) => {
            let r = centered(area, 40, sv.townships.len() as u16 + 2);
            f.render_widget(Clear, r);
            let block = app.theme.block(app.strings().scope_title);
            let inner = block.inner(r);
            f.render_widget(block, r);
            let height = usize::from(inner.height);
            let off = super::screens::scroll_offset(sv.selected, height, sv.townships.len());
            let lines: Vec<Line> = sv
                .townships
                .iter()
                .enumerate()
                .skip(off)
                .take(height)
                .map(|(i, (_, name, n))| {
                    Line::from(format!(
                        "{}{} {n:>8} {}",
                        if i == sv.selected { ">" } else { " " },
                        pad(&fit(name, 12), 12),
                        app.strings().residents_n
                    ))
                })
                .collect();
            f.render_widget(Paragraph::new(lines), inner);
        }
    }
}

fn help(f: &mut Frame, app: &App, area: Rect) {
    let s = app.strings();
    let rows = keys::help(app.screen, s);
    let line = |(k, d): &(&str, &str), w: usize| fit(&format!(" {} {d}", pad(k, 16)), w);
    // a screen with many keys (Queues) gets two columns rather than losing the last ones
    let room = usize::from(area.height.saturating_sub(6)).max(1);
    let (lines, w, h): (Vec<Line>, u16, usize) = if rows.len() <= room {
        let lines = rows.iter().map(|r| Line::from(line(r, 48))).collect();
        (lines, 50, rows.len())
    } else {
        let half = rows.len().div_ceil(2);
        let lines = (0..half)
            .map(|i| {
                let right = rows.get(i + half).map_or(String::new(), |r| line(r, 38));
                Line::from(format!("{}{right}", pad(&line(&rows[i], 38), 38)))
            })
            .collect();
        (lines, 78, half)
    };
    let r = centered(area, w, h as u16 + 2);
    f.render_widget(Clear, r);
    f.render_widget(
        Paragraph::new(lines).block(app.theme.block(format!(
            "{} · {}",
            s.help_title,
            app.screen.title(s)
        ))),
        r,
    );
}

fn draw_form(f: &mut Frame, app: &App, form: &Form, area: Rect) {
    let s = app.strings();
    let shown: Vec<(usize, &super::forms::Field)> = form
        .fields
        .iter()
        .enumerate()
        .filter(|(_, x)| !x.hidden)
        .collect();
    let rows: u16 = shown
        .iter()
        .map(|(_, x)| if x.kind == FieldKind::Notes { 3 } else { 1 })
        .sum();
    let r = centered(area, 76, rows + 5);
    f.render_widget(Clear, r);
    let block = app.theme.block(&form.title);
    let inner = block.inner(r);
    f.render_widget(block, r);
    let mut constraints: Vec<Constraint> = shown
        .iter()
        .map(|(_, x)| Constraint::Length(if x.kind == FieldKind::Notes { 3 } else { 1 }))
        .collect();
    constraints.push(Constraint::Length(1)); // preview or error
    constraints.push(Constraint::Length(1)); // keys
    constraints.push(Constraint::Min(0));
    let areas = Layout::vertical(constraints).split(inner);
    let label_w = 16u16;
    let input_w = 24u16.min(inner.width.saturating_sub(label_w + 2));
    for (row, &(i, field)) in shown.iter().enumerate() {
        let a = areas[row];
        let focused = i == form.focus;
        let label = format!("{}{} ", if focused { ">" } else { " " }, field.label);
        let label_style = if focused {
            app.theme.bold()
        } else {
            Style::default()
        };
        f.render_widget(
            Paragraph::new(Line::styled(fit(&label, usize::from(label_w)), label_style)),
            Rect {
                width: label_w,
                ..a
            },
        );
        let notes = field.kind == FieldKind::Notes;
        // a file path is long: it gets the whole row, like notes
        let width = if notes || field.id == FieldId::File {
            a.width.saturating_sub(label_w)
        } else {
            input_w
        };
        let input_area = Rect {
            x: a.x + label_w,
            width,
            ..a
        };
        match &field.kind {
            FieldKind::Choice(_) => {
                // plain < >: ‹ › and arrows are of ambiguous width in CJK terminals
                let text = format!("< {} >", field.display());
                let style = if focused {
                    app.theme.selected()
                } else {
                    Style::default()
                };
                f.render_widget(Paragraph::new(Span::styled(text, style)), input_area);
            }
            _ if focused => f.render_widget(&field.input, input_area),
            _ => f.render_widget(Paragraph::new(field.display()), input_area),
        }
        if let Some(err) = &field.error {
            let ex = a.x + label_w + input_w + 1;
            let ea = Rect {
                x: ex,
                width: (a.x + a.width).saturating_sub(ex),
                ..a
            };
            if !notes {
                f.render_widget(
                    Paragraph::new(Span::styled(
                        fit(&format!("! {err}"), usize::from(ea.width)),
                        app.theme.error(),
                    )),
                    ea,
                );
            }
        }
    }
    let n = shown.len();
    let status_line = match (&form.error, &form.preview) {
        (Some(e), _) => Line::styled(
            fit(&format!("! {e}"), usize::from(inner.width)),
            app.theme.error(),
        ),
        (None, Some((text, colour))) => {
            let style = colour.map_or(Style::default(), |c| app.theme.colour_style(c));
            Line::from(vec![
                Span::raw(format!(" {}: ", s.preview)),
                Span::styled(text.clone(), style),
            ])
        }
        _ => Line::from(""),
    };
    f.render_widget(Paragraph::new(status_line), areas[n]);
    f.render_widget(
        Paragraph::new(Line::styled(format!(" {}", s.form_keys), app.theme.dim())),
        areas[n + 1],
    );
}
