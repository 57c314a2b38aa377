//! Popups drawn over the screen: help, search, forms.

use super::app::{App, HelpView, Popup};
use super::forms::{FieldId, FieldKind, Form};
use super::keys;
use super::picker::{PickView, PickWhat};
use super::screens::{fit, key_hints};
use crate::domain::calendar::age_on;
use crate::search::MatchKind;
use crate::text::pad;
use crate::words as strings;
use ratatui::Frame;
use ratatui::buffer::{Buffer, CellDiffOption, CellWidth};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

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

/// Where the open popup sits on a screen of `area`, if one is open.
pub fn area(app: &App, area: Rect) -> Option<Rect> {
    Some(area_of(app, app.popup.as_ref()?, area))
}

/// Where `popup` sits on a screen of `area`.
fn area_of(app: &App, popup: &Popup, area: Rect) -> Rect {
    match popup {
        Popup::Help(_) => {
            let (w, h) = help_size(app, area);
            centered(area, w as u16 + 2, h as u16 + 2)
        }
        Popup::Pick(pv) => centered(area, 64, pv.shown.len() as u16 + 5),
        Popup::Text(tv) => {
            let w = area.width.saturating_sub(4).min(76);
            let lines = crate::text::wrap(&tv.text, usize::from(w.saturating_sub(2))).len();
            centered(area, w, lines as u16 + 2)
        }
        Popup::Search(_) => centered(area, 74, 20),
        Popup::Form(form) => {
            // wider than 76 only for a long title, where the screen allows
            let w = (form.title.width() as u16 + 6).clamp(76, 110);
            let inner = w.min(area.width.saturating_sub(2)).saturating_sub(2);
            centered(
                area,
                w,
                form_rows(form) + 3 + message_rows(app, form, inner),
            )
        }
        Popup::Scope(sv) => centered(area, 40, sv.townships.len() as u16 + 2),
        Popup::Draft(d) => {
            let w = area.width.saturating_sub(4).min(70);
            let lines = draft_lines(app, d, usize::from(w.saturating_sub(2))).len();
            centered(area, w, lines as u16 + 2)
        }
    }
}

/// The draft offer: what was kept and when, then the keys.
fn draft_lines(app: &App, d: &crate::db::Draft, width: usize) -> Vec<String> {
    let s = app.strings();
    let at = crate::history::local_time(&d.saved_at, app.utc_offset);
    let mut lines = crate::text::wrap(&strings::fill(s.draft_offer, &[&d.title, &at]), width);
    if !app.draft_subject_here(d) {
        lines.extend(crate::text::wrap(s.draft_gone, width));
    }
    lines.push(String::new());
    lines.extend(crate::text::wrap(s.draft_keys, width));
    lines
}

/// Clears a popup's area. A double-width character of the screen below that
/// straddles the popup's left or right edge is cut in two: the half left
/// outside becomes a blank, so the terminal never sees half a glyph and the
/// popup's corner and border stay where they belong (issue 10, item 10).
pub(crate) fn open(f: &mut Frame, r: Rect) {
    mend_edges(f.buffer_mut(), r);
    f.render_widget(Clear, r);
}

/// Blanks the outside half of every wide cell cut by the left or right edge of `r`.
fn mend_edges(buf: &mut Buffer, r: Rect) {
    let r = r.intersection(buf.area);
    if r.is_empty() {
        return;
    }
    for y in r.top()..r.bottom() {
        // left edge: a wide symbol starting left of r whose trailing cell(s) lie inside r
        let mut x = buf.area.left();
        while x < r.left() {
            let w = buf[(x, y)].cell_width().max(1);
            if x + w > r.left() {
                buf[(x, y)].set_symbol(" ");
            }
            x += w;
        }
        // right edge: a wide symbol inside r whose trailing cell(s) lie outside r.
        // Clear blanks the symbol; the cells outside hold blanks already, but
        // the terminal is told so, since it still shows the glyph's right half.
        let mut x = r.left();
        while x < r.right() {
            let w = buf[(x, y)].cell_width().max(1);
            if x + w > r.right() {
                for t in r.right()..(x + w).min(buf.area.right()) {
                    buf[(t, y)]
                        .set_symbol(" ")
                        .set_diff_option(CellDiffOption::AlwaysUpdate);
                }
            }
            x += w;
        }
    }
}

/// The popups waiting beneath (a form under its help), then the one on top.
pub fn draw(f: &mut Frame, app: &App, screen: Rect) {
    for popup in app.beneath.iter().chain(app.popup.as_ref()) {
        draw_one(f, app, popup, screen);
    }
}

fn draw_one(f: &mut Frame, app: &App, popup: &Popup, screen: Rect) {
    let r = area_of(app, popup, screen);
    open(f, r);
    // one blank column each side, inside the screen's own border: a lone
    // character of the list beneath beside the popup's border read as part
    // of it (┐3│); the lines of a box beneath stay whole
    let buf = f.buffer_mut();
    for x in [r.x.checked_sub(1), Some(r.right())].into_iter().flatten() {
        if x <= screen.x || x + 1 >= screen.right() {
            continue;
        }
        for y in r.top()..r.bottom() {
            let line = buf[(x, y)]
                .symbol()
                .chars()
                .all(|c| "─│┌┐└┘├┤┬┴┼━┃-|+".contains(c));
            if !line {
                mend_edges(buf, Rect::new(x, y, 1, 1));
                buf[(x, y)].set_symbol(" ");
            }
        }
    }
    match popup {
        Popup::Help(hv) => help(f, app, hv, screen, r),
        Popup::Search(sv) => {
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
                    // found by a provincial number: that number (issue 28 item 1)
                    (MatchKind::RecordNo, _) => pad(m.record_no.as_deref().unwrap_or(""), 18),
                    (MatchKind::HouseholdNo, _) => pad(h.ext_no.as_deref().unwrap_or(""), 18),
                    _ => crate::domain::idnum::mask(&m.id_number),
                };
                let text = format!(
                    "{}{}{} {} {} {}{status}",
                    if i == sv.selected { ">" } else { " " },
                    if hit.fuzzy {
                        app.theme.fuzzy_mark()
                    } else {
                        " "
                    },
                    pad(&fit(&m.name, 10), 10),
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
        Popup::Form(form) => draw_form(f, app, form, r),
        Popup::Pick(pv) => pick(f, app, pv, r),
        Popup::Text(tv) => {
            let width = usize::from(r.width.saturating_sub(2));
            let height = usize::from(r.height.saturating_sub(2));
            let lines: Vec<String> = tv
                .text
                .split('\n')
                .flat_map(|l| {
                    let w = crate::text::wrap(l, width);
                    if w.is_empty() { vec![String::new()] } else { w }
                })
                .collect();
            let max = lines.len().saturating_sub(height);
            tv.scroll.max_scroll.set(max);
            let at = tv.scroll.scroll.min(max);
            let total = lines.len();
            let shown: Vec<Line> = lines
                .into_iter()
                .skip(at)
                .take(height)
                .map(Line::from)
                .collect();
            // what does not fit scrolls, and the title says so, as help's does
            let title = if max > 0 {
                let s = app.strings();
                format!(
                    "{} · {}-{}/{total} {}",
                    tv.title,
                    at + 1,
                    (at + height).min(total),
                    s.help_scroll
                )
            } else {
                tv.title.clone()
            };
            f.render_widget(
                Paragraph::new(shown).block(app.theme.block(fit(&title, width))),
                r,
            );
        }
        Popup::Draft(d) => {
            let width = usize::from(r.width.saturating_sub(2));
            let lines: Vec<Line> = draft_lines(app, d, width)
                .into_iter()
                .map(Line::from)
                .collect();
            f.render_widget(
                Paragraph::new(lines).block(app.theme.block(app.strings().draft_title)),
                r,
            );
        }
        Popup::Scope(sv) => {
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

/// The help's width and height on a screen of `area`: one key per line, as
/// wide as the longest line and no wider than the screen; rows that do not
/// fit scroll.
fn help_size(app: &App, area: Rect) -> (usize, usize) {
    let (lines, w) = help_lines(app, area);
    let h = lines
        .len()
        .min(usize::from(area.height.saturating_sub(4)).max(1));
    (w, h)
}

/// The keys of the screen as lines of the help popup, and its inner width:
/// a description too long for the screen wraps under itself, never cut.
fn help_lines(app: &App, area: Rect) -> (Vec<String>, usize) {
    // over a form (F1, or `?` in a field that cannot hold it): the form's keys
    let mut rows = match help_over_form(app) {
        Some(form) => keys::form_help(
            app.strings(),
            matches!(
                form.kind,
                crate::tui::forms::FormKind::Print { .. }
                    | crate::tui::forms::FormKind::PrintRecord { .. }
            ),
            matches!(form.kind, crate::tui::forms::FormKind::Visit { .. }),
        ),
        None => keys::help(app.screen, app.strings()),
    };
    // a key-in's own keys first (issue 29): Enter saves or skips the row
    if let Some(form) = help_over_form(app)
        && matches!(
            form.kind,
            crate::tui::forms::FormKind::Register(crate::tui::forms::Registration::KeyIn(_))
        )
    {
        let s = app.strings();
        rows.splice(
            0..0,
            [
                ("Enter", s.kf_key_in_enter),
                ("1-5 / W47-0003", s.kf_key_in_outcome),
            ],
        );
    }
    // Today's `a` adds only the first township: once the township has
    // villages it does nothing there, so help does not offer it (issue 25 item 16)
    if app.screen == super::app::Screen::Today && !app.snap.town.villages.is_empty() {
        rows.retain(|(k, _)| *k != "a");
    }
    let key_w = rows.iter().map(|(k, _)| k.width()).max().unwrap_or(0);
    let widest = rows.iter().map(|(_, d)| d.width()).max().unwrap_or(0) + key_w + 3;
    let w = widest
        .max(30)
        .min(usize::from(area.width.saturating_sub(4)));
    let desc_w = w.saturating_sub(key_w + 3).max(8);
    let mut lines = Vec::new();
    for (k, d) in &rows {
        for (i, part) in crate::text::wrap(d, desc_w).iter().enumerate() {
            let key = if i == 0 { k } else { "" };
            lines.push(fit(&format!(" {} {part}", pad(key, key_w + 1)), w));
        }
    }
    (lines, w)
}

/// The form the open help was opened over, waiting beneath it.
fn help_over_form(app: &App) -> Option<&Form> {
    match app.beneath.last()? {
        Popup::Form(form) => Some(form),
        _ => None,
    }
}

/// The keys of the screen (or of the form beneath), scrolled to `hv`.
fn help(f: &mut Frame, app: &App, hv: &HelpView, area: Rect, r: Rect) {
    let s = app.strings();
    let (all, w) = help_lines(app, area);
    let (_, h) = help_size(app, area);
    let max_scroll = all.len() - h;
    hv.max_scroll.set(max_scroll);
    let scroll = hv.scroll.min(max_scroll);
    let lines: Vec<Line> = all
        .iter()
        .skip(scroll)
        .take(h)
        .map(|l| Line::from(l.clone()))
        .collect();
    let of = help_over_form(app).map_or(app.screen.title(s), |form| form.title.as_str());
    let title = if max_scroll > 0 {
        format!(
            "{} · {} · {}-{}/{} {}",
            s.help_title,
            of,
            scroll + 1,
            scroll + h,
            all.len(),
            s.help_scroll
        )
    } else {
        format!("{} · {of}", s.help_title)
    };
    f.render_widget(
        Paragraph::new(lines).block(app.theme.block(fit(&title, w))),
        r,
    );
}

/// The filter picker: what is typed, the matching rows with role and
/// village, the keys.
fn pick(f: &mut Frame, app: &App, pv: &PickView, r: Rect) {
    let s = app.strings();
    let what = match pv.what {
        PickWhat::Village => s.village,
        PickWhat::Grid => s.grid,
        PickWhat::Worker => s.worker,
        PickWhat::Household { .. } => s.pick_household,
        PickWhat::ReportScope => s.r_pick_scope,
    };
    let title = match pv.what {
        PickWhat::Household { .. } | PickWhat::ReportScope => what.to_string(),
        _ => format!("{}{}{what}", s.filters, s.colon),
    };
    let block = app.theme.block(title);
    let inner = block.inner(r);
    f.render_widget(block, r);
    let [input, list, keys] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    f.render_widget(&pv.input, input);
    let height = usize::from(list.height);
    let width = usize::from(list.width);
    let label_w = 20.min(width / 2);
    let off = super::screens::scroll_offset(pv.selected, height, pv.shown.len());
    let mut lines: Vec<Line> = Vec::new();
    for (row, &i) in pv.shown.iter().enumerate().skip(off).take(height) {
        let o = &pv.options[i];
        let chosen = row == pv.selected;
        let text = format!(
            "{}{} {}",
            if chosen { ">" } else { " " },
            pad(&fit(&o.label, label_w), label_w),
            o.detail
        );
        let style = if chosen {
            app.theme.selected()
        } else {
            Style::default()
        };
        lines.push(Line::styled(fit(&text, width), style));
    }
    if pv.shown.len() < 2 && !matches!(pv.what, PickWhat::Household { .. } | PickWhat::ReportScope)
        || pv.shown.is_empty()
    {
        lines.push(Line::from(format!(" {}", s.no_results)));
    }
    f.render_widget(Paragraph::new(lines), list);
    f.render_widget(
        Paragraph::new(Line::styled(
            key_hints(s.pick_keys, "", width),
            app.theme.dim(),
        )),
        keys,
    );
}

/// Rows a field takes: a care plan six, notes three, others one, and one more for a
/// warning shown under it.
fn field_rows(x: &super::forms::Field) -> u16 {
    // a care plan is a page of text: it gets the room (issue 14, 一人一策)
    let base = match x.kind {
        FieldKind::Notes if x.id == super::forms::FieldId::Plan => 6,
        FieldKind::Notes => 3,
        _ => 1,
    };
    base + u16::from(x.warning.is_some())
}

/// What a form says under its fields: the form's error, the question it
/// asks, or the focused field's error in full, else the first one's with
/// its label.
fn form_message(app: &App, form: &Form) -> Option<String> {
    let s = app.strings();
    let field_error = form
        .fields
        .get(form.focus)
        .filter(|x| !x.hidden)
        .and_then(|x| x.error.as_ref().map(|e| (x.label, e)))
        .or_else(|| {
            form.fields
                .iter()
                .filter(|x| !x.hidden)
                .find_map(|x| x.error.as_ref().map(|e| (x.label, e)))
        });
    match (&form.error, &form.confirm, field_error) {
        (Some(e), _, _) => Some(format!("! {e}")),
        (None, Some(q), _) => Some(format!("? {q}")),
        (None, None, Some((label, e))) => Some(format!("! {label}{}{e}", s.colon)),
        _ => None,
    }
}

/// The rows under a form's fields for its message or preview: two, or as
/// many as a long message wraps into at the popup's inner `width` (at most
/// five), so that no message is cut.
fn message_rows(app: &App, form: &Form, width: u16) -> u16 {
    let lines =
        form_message(app, form).map_or(0, |m| crate::text::wrap(&m, usize::from(width)).len());
    (lines as u16).clamp(2, 5)
}

/// The rows a form's fields take, with their sections' headings.
fn form_rows(form: &Form) -> u16 {
    let shown: Vec<&super::forms::Field> = form.fields.iter().filter(|x| !x.hidden).collect();
    (0..shown.len()).map(|k| shown_rows(&shown, k)).sum()
}

/// Whether the `k`-th field shown opens a section (issue 27: the
/// follow-up's parts as on paper): a heading row stands above it.
fn opens_section(shown: &[&super::forms::Field], k: usize) -> bool {
    shown[k].section.is_some() && (k == 0 || shown[k - 1].section != shown[k].section)
}

/// The rows of the `k`-th field shown, its section's heading included.
fn shown_rows(shown: &[&super::forms::Field], k: usize) -> u16 {
    field_rows(shown[k]) + u16::from(opens_section(shown, k))
}

/// A form: its fields in a label column sized from the labels of the
/// interface's language; when the terminal is too low for every field, the
/// fields scroll to keep the focused one in view (issue 10). Values are
/// clipped to their row, never pushing other fields away; the full text of
/// an error shows under the fields.
fn draw_form(f: &mut Frame, app: &App, form: &Form, r: Rect) {
    let s = app.strings();
    let shown: Vec<(usize, &super::forms::Field)> = form
        .fields
        .iter()
        .enumerate()
        .filter(|(_, x)| !x.hidden)
        .collect();
    let inner = app.theme.block("").inner(r);
    let message_h = message_rows(app, form, inner.width);
    let room = inner.height.saturating_sub(1 + message_h);
    // the first field shown: as few scrolled away as keep the focused one in view
    let focus_at = shown
        .iter()
        .position(|(i, _)| *i == form.focus)
        .unwrap_or(0);
    let bare: Vec<&super::forms::Field> = shown.iter().map(|(_, x)| *x).collect();
    // the first field shown always carries its section's heading
    let rows = |k: usize, first: usize| {
        field_rows(bare[k])
            + u16::from(bare[k].section.is_some() && (k == first || opens_section(&bare, k)))
    };
    let mut first = 0;
    while first < focus_at && (first..=focus_at).map(|k| rows(k, first)).sum::<u16>() > room {
        first += 1;
    }
    let mut last = first;
    let mut used = 0;
    while last < shown.len() && used + rows(last, first) <= room {
        used += rows(last, first);
        last += 1;
    }
    let title = if first > 0 || last < shown.len() {
        format!("{} [{}/{}]", form.title, focus_at + 1, shown.len())
    } else {
        form.title.clone()
    };
    let block = app
        .theme
        .block(fit(&title, usize::from(r.width.saturating_sub(4))));
    f.render_widget(block, r);
    let mut constraints: Vec<Constraint> = (first..last)
        .map(|k| Constraint::Length(rows(k, first)))
        .collect();
    constraints.push(Constraint::Min(0));
    constraints.push(Constraint::Length(message_h)); // preview or error
    constraints.push(Constraint::Length(1)); // keys
    let areas = Layout::vertical(constraints).split(inner);
    let widest = shown
        .iter()
        .map(|(_, x)| x.label.width())
        .max()
        .unwrap_or(0);
    let label_w = (widest as u16 + 2).clamp(8, inner.width / 2);
    let input_w = 24u16.min(inner.width.saturating_sub(label_w + 2));
    for (row, &(i, field)) in shown[first..last].iter().enumerate() {
        let mut area = areas[row];
        // the section's heading, a row of its own above its first field
        if let Some(part) = field.section
            && area.height > field_rows(field)
        {
            f.render_widget(
                Paragraph::new(Line::styled(
                    fit(&format!("── {part} ──"), usize::from(area.width)),
                    app.theme.dim(),
                )),
                Rect { height: 1, ..area },
            );
            area.y += 1;
            area.height -= 1;
        }
        let a = Rect {
            height: area
                .height
                .saturating_sub(u16::from(field.warning.is_some())),
            ..area
        };
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
        // a file path is long: it gets the whole row, like notes and what an
        // undo reverses; so does the print format (本机打印机 (经 SSH 终端)),
        // a reason (紧急转诊：收缩压≥180或舒张压≥110 was cut) and an address
        let width = if notes
            || matches!(
                field.id,
                FieldId::File
                    | FieldId::Format
                    | FieldId::Undo
                    | FieldId::Handover(_)
                    | FieldId::Worker
                    | FieldId::Person
                    | FieldId::RefReason
                    | FieldId::Reason
                    | FieldId::Address
                    | FieldId::Outcome
            ) {
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
                let text = fit(&format!("< {} >", field.display()), usize::from(width));
                let style = if focused {
                    app.theme.selected()
                } else {
                    Style::default()
                };
                f.render_widget(Paragraph::new(Span::styled(text, style)), input_area);
            }
            // a filled-in value shows selected: typing replaces it (issue 25 item 4)
            _ if focused && field.fresh => {
                let mut shown = field.input.clone();
                shown.set_selection_style(app.theme.selected());
                shown.select_all();
                f.render_widget(&shown, input_area);
            }
            _ if focused => f.render_widget(&field.input, input_area),
            _ if field.text().is_empty() && field.placeholder.is_some() => f.render_widget(
                Paragraph::new(Span::styled(
                    fit(
                        field.placeholder.as_deref().unwrap_or_default(),
                        usize::from(width),
                    ),
                    app.theme.dim(),
                )),
                input_area,
            ),
            // notes keep their lines, each wrapped to the field (fitting the
            // whole text as one line cut the second line short)
            _ if notes => f.render_widget(
                Paragraph::new(
                    crate::text::wrap(&field.display(), usize::from(width))
                        .into_iter()
                        .map(Line::from)
                        .collect::<Vec<_>>(),
                ),
                input_area,
            ),
            _ => f.render_widget(
                Paragraph::new(fit(&field.display(), usize::from(width))),
                input_area,
            ),
        }
        let ex = a.x + label_w + input_w + 1;
        let ea = Rect {
            x: ex,
            width: (a.x + a.width).saturating_sub(ex),
            height: 1,
            ..a
        };
        // a field that takes the whole row has no room beside it: its
        // message stands under the fields
        if width > input_w {
        } else if field.error.is_some() {
            if !notes {
                // a short mark here; the whole message stands under the fields
                f.render_widget(Paragraph::new(Span::styled("!", app.theme.error())), ea);
            }
        } else if let Some(note) = &field.note {
            f.render_widget(
                Paragraph::new(Span::styled(
                    fit(note, usize::from(ea.width)),
                    app.theme.dim(),
                )),
                ea,
            );
        }
        if let Some(w) = &field.warning {
            // under the field, from the input's column: it does not stop saving
            let wa = Rect {
                x: a.x + label_w,
                y: a.y + a.height,
                width: a.width.saturating_sub(label_w),
                height: 1,
            };
            f.render_widget(
                Paragraph::new(Span::styled(
                    fit(&format!("! {w}"), usize::from(wa.width)),
                    app.theme.bold(),
                )),
                wa,
            );
        }
    }
    let n = last - first;
    let message = form_message(app, form);
    // wrapped here by display width: a wide character never straddles the
    // popup's border (ratatui's own wrapping can, ratatui#2679)
    let width = usize::from(inner.width);
    let status_line = match (message, &form.preview) {
        (Some(m), _) => Paragraph::new(
            crate::text::wrap(&m, width)
                .into_iter()
                .map(|l| Line::styled(l, app.theme.error()))
                .collect::<Vec<_>>(),
        ),
        (None, Some((text, colour))) => {
            let style = colour.map_or(Style::default(), |c| app.theme.colour_style(c));
            // a key-in's row under its fields is no preview (issue 29)
            let label = if matches!(
                form.kind,
                crate::tui::forms::FormKind::Register(crate::tui::forms::Registration::KeyIn(_))
            ) {
                " ".to_string()
            } else {
                format!(" {}{}", s.preview, s.colon)
            };
            let mut lines = crate::text::wrap(&format!("{label}{text}"), width).into_iter();
            let first = lines.next().unwrap_or_default();
            let mut out = vec![match first.strip_prefix(&label) {
                Some(rest) => Line::from(vec![
                    Span::raw(label.clone()),
                    Span::styled(rest.to_string(), style),
                ]),
                None => Line::styled(first, style),
            }];
            out.extend(lines.map(|l| Line::styled(l, style)));
            Paragraph::new(out)
        }
        _ => Paragraph::new(""),
    };
    f.render_widget(status_line, areas[n + 1]);
    f.render_widget(
        Paragraph::new(Line::styled(
            format!(
                " {}",
                key_hints(
                    // the print form's Ctrl-S prints, it saves nothing
                    if matches!(
                        form.kind,
                        crate::tui::forms::FormKind::Print { .. }
                            | crate::tui::forms::FormKind::PrintRecord { .. }
                    ) {
                        s.print_form_keys
                    } else if matches!(
                        form.kind,
                        crate::tui::forms::FormKind::Register(
                            crate::tui::forms::Registration::KeyIn(_)
                        )
                    ) {
                        s.key_in_keys
                    } else {
                        s.form_keys
                    },
                    // narrow, F1 (last) gives way before Esc does
                    "",
                    usize::from(inner.width).saturating_sub(1)
                )
            ),
            app.theme.dim(),
        )),
        areas[n + 2],
    );
}
