//! Today: due and overdue counts per cadence, the red list, per-village
//! bars. Each list has a selection: Tab moves between them, Enter opens the
//! red patient, the village's queue or the cadence's queue.

use super::{Ctx, Effect, colour_span, fit, moved, scroll_offset};
use crate::domain::calendar::Cadence;
use crate::domain::model::{Colour, Township};
use crate::domain::queue::{Reason, Status, Task};
use crate::tui::action::Action;
use crate::tui::app::{App, TABS};
use crate::words as strings;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use std::collections::HashMap;
use unicode_width::UnicodeWidthStr;

/// Today's three lists, in the order Tab visits them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TodayPane {
    /// The red list comes first: it is what a coordinator acts on.
    #[default]
    Red,
    Villages,
    Cadences,
}

#[derive(Debug, Default)]
pub struct TodayView {
    pub summary: TodaySummary,
    pub pane: TodayPane,
    /// The selection in each pane: red, villages, cadences.
    pub selected: [usize; 3],
}

impl TodayView {
    fn index(&self) -> usize {
        self.pane as usize
    }

    fn len(&self) -> usize {
        match self.pane {
            TodayPane::Red => self.summary.red.len(),
            TodayPane::Villages => self.summary.per_village.len(),
            TodayPane::Cadences => self.summary.per_cadence.len(),
        }
    }

    /// New figures after a reload; selections stay within the new lists.
    pub fn set_summary(&mut self, summary: TodaySummary) {
        self.summary = summary;
        let lens = [
            self.summary.red.len(),
            self.summary.per_village.len(),
            self.summary.per_cadence.len(),
        ];
        for (sel, len) in self.selected.iter_mut().zip(lens) {
            *sel = (*sel).min(len.saturating_sub(1));
        }
    }

    pub fn update(&mut self, a: Action, ctx: &Ctx) -> Effect {
        let i = self.index();
        match a {
            _ if a.is_move() => self.selected[i] = moved(self.selected[i], self.len(), a, ctx.page),
            Action::NextPane => {
                self.pane = match self.pane {
                    TodayPane::Red => TodayPane::Villages,
                    TodayPane::Villages => TodayPane::Cadences,
                    TodayPane::Cadences => TodayPane::Red,
                }
            }
            Action::Open => {
                let sel = self.selected[i];
                return match self.pane {
                    TodayPane::Red => self
                        .summary
                        .red
                        .get(sel)
                        .and_then(|&t| ctx.snap.tasks.get(t))
                        .map_or(Effect::None, |t| Effect::Open(t.subject)),
                    TodayPane::Villages => {
                        self.summary
                            .per_village
                            .get(sel)
                            // the village's open tasks of every cadence, as
                            // counted here (issue 25 item 16: it opened the week's)
                            .map_or(Effect::None, |v| Effect::Queue {
                                tab: crate::tui::screens::queues::ALL_TAB,
                                filter: crate::domain::queue::Filter {
                                    village: Some(v.0),
                                    ..Default::default()
                                },
                            })
                    }
                    TodayPane::Cadences => {
                        let cadence = self.summary.per_cadence.get(sel).and_then(|c| c.0);
                        Effect::Queue {
                            tab: cadence
                                .and_then(|c| TABS.iter().position(|t| *t == c))
                                .unwrap_or(0),
                            filter: Default::default(),
                        }
                    }
                };
            }
            _ => {}
        }
        Effect::None
    }
}

/// The Today screen's figures, derived once per reload rather than per frame.
#[derive(Debug, Default)]
pub struct TodaySummary {
    /// (cadence, due, overdue) for each cadence, then (None, …) for dated tasks.
    pub per_cadence: Vec<(Option<Cadence>, usize, usize)>,
    /// Indices of open red tasks, in triage order.
    pub red: Vec<usize>,
    /// (village id, name, open, overdue), in village order.
    pub per_village: Vec<(i64, String, usize, usize)>,
}

impl TodaySummary {
    pub fn of(town: &Township, tasks: &[Task]) -> TodaySummary {
        let mut per_cadence: Vec<(Option<Cadence>, usize, usize)> =
            Cadence::ALL.iter().map(|c| (Some(*c), 0, 0)).collect();
        per_cadence.push((None, 0, 0));
        let village_index: HashMap<i64, usize> = town
            .villages
            .iter()
            .enumerate()
            .map(|(i, v)| (v.id, i))
            .collect();
        let mut per_village: Vec<(i64, String, usize, usize)> = town
            .villages
            .iter()
            .map(|v| (v.id, v.name.clone(), 0, 0))
            .collect();
        let mut red = Vec::new();
        for (i, t) in tasks.iter().enumerate() {
            let overdue = match t.status {
                Status::Due => 0,
                Status::Overdue => 1,
                _ => continue,
            };
            if let Some(row) = per_cadence.iter_mut().find(|r| r.0 == t.when.cadence()) {
                row.1 += 1 - overdue;
                row.2 += overdue;
            }
            if let Some(v) = village_index
                .get(&t.village_id)
                .and_then(|&k| per_village.get_mut(k))
            {
                v.2 += 1;
                v.3 += overdue;
            }
            if t.colour == Some(Colour::Red) {
                red.push(i);
            }
        }
        TodaySummary {
            per_cadence,
            red,
            per_village,
        }
    }
}

/// A row's mark and style: the selected row of the focused pane is marked.
fn row_look(app: &App, pane: TodayPane, row: usize) -> (&'static str, Style) {
    let v = &app.views.today;
    if v.pane == pane && v.selected[pane as usize] == row {
        (">", app.theme.selected())
    } else {
        (" ", Style::default())
    }
}

/// What an empty database shows instead of empty lists: how to begin.
fn getting_started(f: &mut Frame, app: &App, area: Rect) {
    let s = app.strings();
    let text = if app.has_township {
        s.empty_no_households
    } else {
        s.empty_no_township
    };
    // wrapped by display width: Chinese has no spaces for a word wrap to use
    let block = app.theme.block(s.empty_title);
    let lines: Vec<Line> = crate::text::wrap(text, usize::from(block.inner(area).width))
        .into_iter()
        .map(Line::from)
        .collect();
    f.render_widget(Paragraph::new(lines).block(block), area);
}

pub fn draw(f: &mut Frame, app: &App, area: Rect) {
    if app.snap.town.households.is_empty() {
        return getting_started(f, app, area);
    }
    let s = app.strings();
    let lang = app.opts.lang;
    let view = &app.views.today;
    let sum = &view.summary;
    // Lists use the height they are given: the red list runs the full height
    // on the right; cadences and villages share the left.
    let left_w = (area.width * 2 / 5).max(30).min(area.width / 2);
    let [left, right] =
        Layout::horizontal([Constraint::Length(left_w), Constraint::Min(20)]).areas(area);
    let cad_h = sum.per_cadence.len() as u16 + 3;
    let [top, bottom] =
        Layout::vertical([Constraint::Length(cad_h), Constraint::Min(3)]).areas(left);

    // Per cadence: due and overdue (dated tasks on their own line).
    let block = app
        .theme
        .focus_block(s.by_cadence, view.pane == TodayPane::Cadences);
    let inner = block.inner(top);
    f.render_widget(block, top);
    let num_w = 8;
    let label_w = usize::from(inner.width)
        .saturating_sub(2 * num_w + 1)
        .max(4);
    let mut lines = vec![Line::styled(
        format!(
            " {}{}{}",
            crate::text::pad("", label_w),
            crate::text::pad_left(s.due, num_w),
            crate::text::pad_left(s.overdue, num_w)
        ),
        app.theme.bold(),
    )];
    for (row, (c, due, overdue)) in sum.per_cadence.iter().enumerate() {
        let (mark, style) = row_look(app, TodayPane::Cadences, row);
        let label = c.map_or(s.events, |c| strings::cadence(lang, c));
        let text = format!(
            "{mark}{}{due:>num_w$}{overdue:>num_w$}",
            crate::text::pad(&fit(label, label_w), label_w),
        );
        lines.push(Line::styled(text, style));
    }
    f.render_widget(Paragraph::new(lines), inner);

    // Per-village bars of open tasks.
    // how many villages, as the red list says how many patients: a pane too
    // short for all of them (11 of 12 at 80×24) says there are more
    let block = app.theme.focus_block(
        format!("{} ({})", s.per_village, sum.per_village.len()),
        view.pane == TodayPane::Villages,
    );
    let inner = block.inner(bottom);
    f.render_widget(block, bottom);
    let [head, rows_area] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inner);
    f.render_widget(
        Paragraph::new(Line::styled(
            format!(
                " {}{}{}",
                crate::text::pad("", 10),
                crate::text::pad_left(s.open_head, 5),
                crate::text::pad_left(s.overdue, 8)
            ),
            app.theme.bold(),
        )),
        head,
    );
    let inner = rows_area;
    let counts = &sum.per_village;
    let max = counts.iter().map(|c| c.2).max().unwrap_or(1).max(1);
    let bar_width = usize::from(inner.width).saturating_sub(25).max(1);
    let bar = app.theme.bar_char();
    let height = usize::from(inner.height);
    let sel = view.selected[TodayPane::Villages as usize];
    let lines: Vec<Line> = counts
        .iter()
        .enumerate()
        .skip(scroll_offset(sel, height, counts.len()))
        .take(height)
        .map(|(row, (_, name, n, late))| {
            let (mark, style) = row_look(app, TodayPane::Villages, row);
            let len = n * bar_width / max;
            Line::styled(
                format!(
                    "{mark}{}{:>5}{:>8} {}",
                    crate::text::pad(&fit(name, 10), 10),
                    n,
                    late,
                    bar.to_string().repeat(len)
                ),
                style,
            )
        })
        .collect();
    f.render_widget(Paragraph::new(lines), inner);

    // The red list: open red tasks in triage order.
    let n_red = sum.red.len();
    let block = app.theme.focus_block(
        format!("{} ({n_red})", s.red_list),
        view.pane == TodayPane::Red,
    );
    let inner = block.inner(right);
    f.render_widget(block, right);
    // issue 25 item 11: column heads, and the date said as what it is
    let [head, inner] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inner);
    let height = usize::from(inner.height);
    let width = usize::from(inner.width);
    let sel = view.selected[TodayPane::Red as usize];
    let cause_of = |t: &Task| match &t.reason {
        Reason::Chronic { cause, .. } => strings::cause(lang, *cause),
        Reason::Referral { .. } => {
            strings::cause(lang, crate::domain::colour::ColourCause::OpenReferral)
        }
        _ => "",
    };
    // 截止 12-01 while it is due, 逾期 12天 once it is not
    let when_of = |t: &Task| strings::task_when(lang, t, app.opts.today);
    let first = scroll_offset(sel, height, n_red);
    let shown: Vec<usize> = sum.red.iter().skip(first).take(height).copied().collect();
    // the causes and the dates in columns, so they line up
    let cause_w = shown
        .iter()
        .map(|&i| cause_of(&app.snap.tasks[i]).width())
        .max()
        .unwrap_or(0)
        .max(s.why.width());
    let when_w = shown
        .iter()
        .map(|&i| when_of(&app.snap.tasks[i]).width())
        .max()
        .map_or(0, |w| w.max(s.red_when.width()));
    // every row is red (the title says so): where the colour's cell would
    // cut the causes (60×16 read 连续两次控制不), it gives them its room
    let colour_w = colour_span(app, Some(crate::domain::model::Colour::Red))
        .content
        .width();
    let narrow = width < 1 + colour_w + 1 + 8 + 1 + cause_w;
    // what the mark and the colour take before the text
    let lead = if narrow { 1 } else { 4 };
    let avail = width.saturating_sub(lead);
    let base = if narrow { 8 + 1 } else { 1 + 8 + 1 };
    // why they are red before when and where: the cause gives way to the
    // date (an English cause pushed it off at 80 columns) unless too
    // little of it would be left, then the date goes; the village only
    // when it fits whole (it was cut to 南)
    let with_date = when_w > 0 && avail >= base + cause_w.min(12) + 1 + when_w;
    let cw = if with_date {
        cause_w.min(avail - base - 1 - when_w)
    } else {
        avail.saturating_sub(base)
    };
    // the village column when every shown village fits whole
    let village_of = |t: &Task| {
        app.village_names
            .get(&t.village_id)
            .map_or("", String::as_str)
    };
    let village_w = shown
        .iter()
        .map(|&i| village_of(&app.snap.tasks[i]).width())
        .max()
        .unwrap_or(0)
        .max(s.village.width());
    let used = base + cw + if with_date { 1 + when_w } else { 0 };
    let with_village = used + 1 + village_w <= avail;
    let row_text = |name: &str, cause: &str, when: &str, village: &str| {
        let mut text = format!(
            "{}{} {}",
            if narrow { "" } else { " " },
            crate::text::pad(&fit(name, 8), 8),
            crate::text::pad(&fit(cause, cw), cw),
        );
        if with_date {
            text.push(' ');
            text.push_str(&crate::text::pad(when, when_w));
        }
        if with_village {
            text.push(' ');
            text.push_str(village);
        }
        fit(&text, avail)
    };
    f.render_widget(
        Paragraph::new(Line::styled(
            format!(
                "{}{}",
                " ".repeat(lead),
                row_text(s.name, s.why, s.red_when, s.village)
            ),
            app.theme.bold(),
        )),
        head,
    );
    let lines: Vec<Line> = shown
        .iter()
        .enumerate()
        .map(|(k, &i)| {
            let row = k + first;
            let t = &app.snap.tasks[i];
            let (mark, style) = row_look(app, TodayPane::Red, row);
            let text = row_text(&t.name, cause_of(t), &when_of(t), village_of(t));
            let mut spans = vec![Span::raw(mark)];
            if !narrow {
                spans.push(colour_span(app, t.colour));
            }
            spans.push(Span::raw(text));
            for sp in &mut spans {
                sp.style = sp.style.patch(style);
            }
            Line::from(spans)
        })
        .collect();
    f.render_widget(Paragraph::new(lines), inner);
}

impl super::View for TodayView {
    fn title(s: &strings::Strings) -> &'static str {
        s.s_today
    }
    /// `q` on Today leaves gridcare (elsewhere it comes back here).
    fn claim(&mut self, a: Action, _cx: &Ctx) -> Option<Effect> {
        (a == Action::Leave).then_some(Effect::Quit)
    }
    fn keys(&mut self, a: Action, cx: &Ctx) -> Effect {
        match a {
            // Today adds only the township; once it exists, say where adding happens
            Action::Add => {
                let s = strings::strings(cx.lang);
                Effect::Say(
                    if cx.snap.town.households.is_empty() {
                        s.empty_no_households
                    } else {
                        s.add_where
                    }
                    .to_string(),
                )
            }
            _ => self.update(a, cx),
        }
    }
    fn draw(&self, f: &mut Frame, app: &App, area: Rect) {
        draw(f, app, area)
    }
}
