//! Indicator reports (screen 8, domain.md §8, issue 14): for a scope (`f`:
//! the township, a village, a grid, a grid worker, a doctor team, within the
//! session's own scope) a row per part (the township's villages, a village's
//! grids) and the scope's total, for a period (the as-of date's year at first),
//! one figure's monthly trend as a sparkline, and Enter on a figure lists the
//! residents behind it. Figures are computed when the screen opens or the
//! period changes, never while drawing.

use super::{Ctx, Effect, fit, key_hints, moved, window};
use crate::db::Scope;
use crate::domain::calendar::{Cadence, Period};
use crate::domain::indicators::{self, COLUMNS, Indicators, ReportScope, Why};
use crate::domain::model::Subject;
use crate::snapshot::Snapshot;
use crate::text::{pad, pad_left};
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::words::{self as strings, Lang};
use chrono::Datelike;
use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Sparkline};
use unicode_width::UnicodeWidthStr;

/// The residents (or households) behind one figure: its denominator, each
/// marked whether the numerator counts them, the counted first (issue 25
/// item 8: the 19 counted of 197 were scattered in village order).
#[derive(Debug, Clone, Default)]
pub struct Drill {
    /// The figure's column in `indicators::COLUMNS`, for the title.
    pub column: usize,
    /// Each subject, whether counted, and why it is or is not (what the
    /// figure's rule found: the colour the patient has now, the quarter
    /// without a follow-up, the last reading, the task's state …).
    pub subjects: Vec<(Subject, bool, Option<Why>)>,
    /// Which of them are listed (Left/Right).
    pub shown: Shown,
    /// The selected row among those listed.
    pub selected: usize,
    /// How the denominator was estimated (健康管理率), when it was.
    pub estimate: Option<indicators::Estimate>,
}

/// Which of a drill-down's subjects are listed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Shown {
    #[default]
    All,
    Counted,
    NotCounted,
}

impl Drill {
    /// The figure's subjects (its denominator) for the figure of `f`, the
    /// counted first, each with why it is or is not counted.
    pub fn of(column: usize, ind: &Indicators) -> Option<Drill> {
        let f = COLUMNS.get(column)?.2(ind);
        let counted: std::collections::HashSet<&Subject> = f.num.iter().collect();
        let mut subjects: Vec<(Subject, bool, Option<Why>)> = f
            .den
            .iter()
            .map(|s| (*s, counted.contains(s), f.why.get(s).copied()))
            .collect();
        // stable: within each part the order stays (village, then name)
        subjects.sort_by_key(|x| !x.1);
        Some(Drill {
            column,
            subjects,
            shown: Shown::All,
            selected: 0,
            estimate: f.estimate,
        })
    }

    /// The subjects listed now.
    pub fn listed(&self) -> Vec<&(Subject, bool, Option<Why>)> {
        self.subjects
            .iter()
            .filter(|x| match self.shown {
                Shown::All => true,
                Shown::Counted => x.1,
                Shown::NotCounted => !x.1,
            })
            .collect()
    }

    /// Right: counted, not counted, all, and round again; Left the other way.
    fn cycle(&mut self, forward: bool) {
        const ORDER: [Shown; 3] = [Shown::Counted, Shown::NotCounted, Shown::All];
        let i = ORDER.iter().position(|s| *s == self.shown).unwrap_or(2);
        self.shown = ORDER[if forward { (i + 1) % 3 } else { (i + 2) % 3 }];
        self.selected = 0;
    }
}

#[derive(Debug, Default)]
pub struct ReportsView {
    /// None until the screen first opens: then the as-of date's year.
    pub period: Option<Period>,
    /// What the figures count; None until the screen first opens: then the
    /// session's whole scope ([`widest`]).
    pub scope: Option<ReportScope>,
    /// The selected row: a part of the scope, the last row the scope's total.
    pub row: usize,
    /// The selected figure: an index into `indicators::COLUMNS`.
    pub column: usize,
    /// Each part's figures and the scope's last (`indicators::scope_rows`).
    pub rows: Vec<(ReportScope, Indicators)>,
    /// The selected figure's month-by-month values over the period's year.
    pub trend: Vec<Option<u64>>,
    /// Whether the trend is a rate (per mille, out of 1000) or a count.
    pub trend_is_rate: bool,
    pub drill: Option<Drill>,
}

/// The widest scope a session may report on: what its snapshot holds (a
/// coordinator's township, a village doctor's village, a grid worker's grids).
pub fn widest(snap: &Snapshot) -> ReportScope {
    match snap.scope {
        Scope::Village(v) => ReportScope::Village(v),
        Scope::Grids(w) => ReportScope::GridWorker(w),
        Scope::All | Scope::Township(_) | Scope::Household(_) => ReportScope::Township,
    }
}

impl ReportsView {
    /// Computes the figures of the period and the selected figure's trend.
    pub fn reload(&mut self, snap: &Snapshot) {
        let period = *self
            .period
            .get_or_insert_with(|| Period::containing(Cadence::Year, snap.day));
        // a scope the session may not see (another operator's) is its own again
        let widest = widest(snap);
        let scope = match self.scope {
            Some(s) if indicators::scope_choices(&snap.town, widest).contains(&s) => s,
            _ => widest,
        };
        self.scope = Some(scope);
        self.rows = indicators::scope_rows(&snap.town, &snap.rules, period, scope, snap.day);
        self.row = self.row.min(self.rows.len().saturating_sub(1));
        self.drill = None;
        self.retrend(snap);
    }

    /// Reports on another scope (the picker, `f`): its rows from the top.
    pub fn set_scope(&mut self, scope: ReportScope, snap: &Snapshot) {
        self.scope = Some(scope);
        self.row = 0;
        self.reload(snap);
    }

    fn retrend(&mut self, snap: &Snapshot) {
        let year = self.period.map_or(snap.day.year(), |p| p.start.year());
        self.trend = indicators::monthly_trend(
            &snap.town,
            &snap.rules,
            year,
            snap.day,
            self.column,
            self.scope.unwrap_or(ReportScope::Township),
        );
        self.trend_is_rate = match (self.rows.last(), COLUMNS.get(self.column)) {
            (Some((_, ind)), Some(col)) => col.2(ind).rate,
            _ => true,
        };
    }

    pub fn update(&mut self, a: Action, ctx: &Ctx) -> Effect {
        if let Some(d) = &mut self.drill {
            match a {
                _ if a.is_move() => d.selected = moved(d.selected, d.listed().len(), a, ctx.page),
                Action::PrevTab | Action::NextTab => d.cycle(a == Action::NextTab),
                Action::Open => {
                    if let Some((s, _, _)) = d.listed().get(d.selected) {
                        return Effect::Open(*s);
                    }
                }
                Action::Back => self.drill = None,
                _ => {}
            }
            return Effect::None;
        }
        let snap = ctx.snap;
        let reperiod = |v: &mut ReportsView, p: Period| {
            v.period = Some(p);
            v.reload(snap);
        };
        let current = self
            .period
            .unwrap_or_else(|| Period::containing(Cadence::Year, snap.day));
        match a {
            _ if a.is_move() => self.row = moved(self.row, self.rows.len(), a, ctx.page),
            Action::PrevTab | Action::NextTab => {
                let n = COLUMNS.len();
                self.column = if a == Action::NextTab {
                    (self.column + 1) % n
                } else {
                    (self.column + n - 1) % n
                };
                self.retrend(snap);
            }
            Action::ReportYear | Action::ReportQuarter | Action::ReportMonth => {
                let cadence = match a {
                    Action::ReportYear => Cadence::Year,
                    Action::ReportQuarter => Cadence::Quarter,
                    _ => Cadence::Month,
                };
                // the new period holds the old one's last known day
                let day = current.end().min(snap.day).max(current.start);
                reperiod(self, Period::containing(cadence, day));
            }
            Action::PrevPeriod => reperiod(self, current.prev()),
            // a period that has not begun by the as-of date has no figures
            // (it showed 2027's, computed from 2026's data)
            Action::NextPeriod if current.next().start > snap.day => {
                return Effect::Say(strings::fill(
                    strings::strings(ctx.lang).period_not_begun,
                    &[&current.next().label(), &snap.day],
                ));
            }
            Action::NextPeriod => reperiod(self, current.next()),
            Action::Open => {
                if let Some((_, ind)) = self.rows.get(self.row) {
                    self.drill = Drill::of(self.column, ind);
                }
            }
            _ => {}
        }
        Effect::None
    }
}

fn village_name(app: &App, v: Option<i64>) -> String {
    let s = app.strings();
    v.map_or(s.r_total.to_string(), |v| {
        app.village_names
            .get(&v)
            .cloned()
            .unwrap_or_else(|| format!("#{v}"))
    })
}

/// A scope's name in the interface's language: the township 全乡合计 /
/// Township, a grid within its village by the grid's own name.
fn scope_label(app: &App, scope: ReportScope, within_village: bool) -> String {
    match scope {
        ReportScope::Township => app.strings().r_total.to_string(),
        ReportScope::Village(v) => village_name(app, Some(v)),
        ReportScope::Grid(g) if within_village => app
            .snap
            .town
            .grids
            .iter()
            .find(|x| x.id == g)
            .map_or(format!("#{g}"), |x| x.name.clone()),
        _ => indicators::scope_name(&app.snap.town, scope),
    }
}

/// The header of the rows' names: 村 for a township, 网格 for a village…
fn rows_kind(app: &App, scope: ReportScope) -> &'static str {
    let s = app.strings();
    match scope {
        ReportScope::Township => s.r_village,
        ReportScope::Village(_) | ReportScope::Grid(_) => s.grid,
        ReportScope::GridWorker(_) => s.role_grid_worker,
        ReportScope::Team(_) => s.role_team,
    }
}

fn name_width(kind: &str, labels: &[String], width: usize) -> usize {
    // the column's head keeps a blank before the first figure's head
    // ("grid workerStd mgmt" ran together)
    let widest = (labels.iter().map(|l| UnicodeWidthStr::width(l.as_str())))
        .chain([UnicodeWidthStr::width(kind) + 1])
        .max()
        .unwrap_or(0);
    let room = width.saturating_sub(CELL_W + 1);
    widest
        .clamp(NAME_MIN, NAME_MAX)
        .min(room)
        .max(NAME_MIN.min(room))
}

fn header(lang: Lang, c: usize) -> &'static str {
    COLUMNS
        .get(c)
        .map_or("", |c| if lang == Lang::Zh { c.0 } else { c.1 })
}

/// The row names' column: wide enough for the longest name (a grid worker's
/// scope in English, a long grid name), between these bounds, and never so
/// wide that no figure fits beside it.
const NAME_MIN: usize = 9;
const NAME_MAX: usize = 24;
const CELL_W: usize = 21;

pub fn draw(f: &mut Frame, app: &App, area: Rect) {
    let s = app.strings();
    let lang = app.opts.lang;
    let view = &app.views.reports;
    let period = view
        .period
        .unwrap_or_else(|| Period::containing(Cadence::Year, app.snap.day));
    let day = view.rows.first().map_or(app.snap.day, |r| r.1.evaluated_on);
    let scope = view.scope.unwrap_or_else(|| widest(&app.snap));
    let scope_name = match scope {
        ReportScope::Township => s.r_township.to_string(),
        _ => scope_label(app, scope, false),
    };
    let title = format!(
        "{} · {scope_name} · {} · {}",
        app.screen.title(s),
        period.label(),
        strings::fill(s.r_as_of, &[&day])
    );
    let block = app.theme.block(&title);
    let inner = block.inner(area);
    f.render_widget(block, area);
    // the trend grows into what the table's rows leave (it kept 4 rows at
    // 120×40 under 15 empty ones), from 3 to 8 rows, with a row of months
    let spare = i32::from(inner.height) - (view.rows.len() as i32 + 1) - 3;
    let trend_h = spare.clamp(3, 8) as u16;
    let [table, trend_title, trend, months, foot] = Layout::vertical([
        Constraint::Min(3),
        Constraint::Length(1),
        Constraint::Length(trend_h - 1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(inner);

    // The table: as many figures as fit, scrolled to keep the selected one in view.
    let w = table.width as usize;
    let within_village = matches!(scope, ReportScope::Village(_));
    let labels: Vec<String> = (view.rows.iter())
        .map(|(part, _)| scope_label(app, *part, within_village))
        .collect();
    let name_w = name_width(rows_kind(app, scope), &labels, w);
    let fits = (w.saturating_sub(name_w + 1) / CELL_W).max(1);
    let first = view.column.saturating_sub(fits - 1);
    let cols: Vec<usize> = (first..COLUMNS.len()).take(fits).collect();
    // a capital as the other heads have (Grid, Village; "grid worker" had none)
    let kind: String = {
        let k = rows_kind(app, scope);
        let mut c = k.chars();
        c.next()
            .map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
    };
    let mut head = format!(" {}", pad(&fit(&kind, name_w), name_w));
    for &c in &cols {
        let h = header(lang, c);
        let h = if c == view.column {
            format!("[{}]", fit(h, CELL_W - 3))
        } else {
            fit(h, CELL_W - 1)
        };
        head.push_str(&pad(&h, CELL_W));
    }
    let mut lines = vec![Line::styled(
        fit(&head, w),
        Style::default().add_modifier(Modifier::BOLD),
    )];
    let h = table.height.saturating_sub(1) as usize;
    // the scope's total (the last row) stays in view under the scrolled
    // parts (issue 25 item 14: at 60×16 six villages showed, 全乡合计 not)
    let (parts, total) = match view.rows.split_last() {
        Some((t, p)) if view.rows.len() > h && h > 1 => (p, Some(t)),
        _ => (&view.rows[..], None),
    };
    let pinned = total.map(|t| (if view.row == parts.len() { ">" } else { " " }, t));
    let rows = window(parts, view.row, h - usize::from(total.is_some())).chain(pinned);
    for (mark, (part, ind)) in rows {
        let mut text = format!(
            "{mark}{}",
            pad(
                &fit(&scope_label(app, *part, within_village), name_w),
                name_w
            )
        );
        for &c in &cols {
            text.push_str(&pad_left(&COLUMNS[c].2(ind).cell(), CELL_W - 1));
            text.push(' ');
        }
        lines.push(Line::from(fit(&text, w)));
    }
    f.render_widget(Paragraph::new(lines), table);

    // the figure of the last month with a value and the scale, so the bars
    // can be read: a rate against 100%, a count against its highest month
    let shown = |v: u64| {
        if view.trend_is_rate {
            format!("{:.1}%", v as f64 / 10.0)
        } else {
            v.to_string()
        }
    };
    let latest = view.trend.iter().rev().find_map(|v| *v);
    let data: Vec<u64> = view.trend.iter().map(|v| v.unwrap_or(0)).collect();
    let top = data.iter().copied().max().unwrap_or(0);
    let scale = if view.trend_is_rate {
        strings::pick(lang, "满格 100%", "full = 100%").to_string()
    } else {
        format!("{} {}", strings::pick(lang, "满格", "full ="), top.max(1))
    };
    let trend_text = format!(
        "{}  {}{}",
        strings::fill(
            s.r_trend,
            &[&header(lang, view.column), &period.start.year()]
        ),
        latest.map_or(String::new(), |v| format!(
            "{} {} · ",
            strings::pick(lang, "最近", "latest"),
            shown(v)
        )),
        scale
    );
    f.render_widget(
        Paragraph::new(fit(&trend_text, trend_title.width as usize)),
        trend_title,
    );
    // each month three cells wide where it fits (two otherwise), so twelve
    // months read as twelve bars over their numbers
    let per = if usize::from(trend.width) >= data.len() * 3 {
        3
    } else {
        2
    };
    let spark_w = (data.len() * per) as u16;
    let [spark, _] = Layout::horizontal([
        Constraint::Length(spark_w.min(trend.width)),
        Constraint::Min(0),
    ])
    .areas(trend);
    let wide: Vec<u64> = data
        .iter()
        .flat_map(|v| std::iter::repeat_n(*v, per - 1).chain([0]))
        .collect();
    let labels: String = (1..=data.len())
        .map(|m| {
            let l = m.to_string();
            if per == 3 || l.len() == 1 {
                pad(&l, per)
            } else {
                // two cells: 10 11 12 as their last digit
                pad(&(m % 10).to_string(), per)
            }
        })
        .collect();
    f.render_widget(
        Paragraph::new(fit(&labels, months.width as usize)).style(app.theme.dim()),
        months,
    );
    let max = if view.trend_is_rate {
        1000
    } else {
        wide.iter().copied().max().unwrap_or(1).max(1)
    };
    f.render_widget(Sparkline::default().data(&wide).max(max), spark);
    f.render_widget(
        Paragraph::new(key_hints(s.rep_keys, s.help_hint, foot.width as usize)),
        foot,
    );

    if let Some(d) = &view.drill {
        draw_drill(f, app, d, inner);
    }
}

/// `估计患者 339 = 成年居民 1,234 × 27.5%`.
pub fn estimate_text(template: &str, e: &indicators::Estimate) -> String {
    strings::fill(
        template,
        &[
            &grouped(e.patients),
            &grouped(e.adults),
            &format!("{}", e.prevalence),
        ],
    )
}

/// A count with thousands separated by commas: 1,234.
fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn draw_drill(f: &mut Frame, app: &App, d: &Drill, area: Rect) {
    let s = app.strings();
    let [_, mid, _] = Layout::horizontal([
        Constraint::Length(2),
        Constraint::Min(10),
        Constraint::Length(2),
    ])
    .areas(area);
    let [_, pop, _] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(5),
        Constraint::Length(1),
    ])
    .areas(mid);
    let counted = d.subjects.iter().filter(|x| x.1).count();
    let den = d.estimate.map_or(d.subjects.len(), |e| e.patients);
    let title = strings::fill(
        s.r_drill,
        &[
            &header(app.opts.lang, d.column),
            &format!("{counted}/{den}"),
            &s.r_drill_keys,
        ],
    );
    let block = app.theme.block(&title);
    let inner = block.inner(pop);
    // as every popup opens: a wide character cut by its edge becomes a blank
    crate::tui::popups::open(f, pop);
    f.render_widget(block, pop);
    let w = inner.width as usize;
    let mut lines = Vec::new();
    // an estimated denominator says how it was estimated (§8 健康管理率)
    if let Some(e) = d.estimate {
        lines.push(Line::styled(
            fit(&estimate_text(s.r_estimate, &e), w),
            Style::default().add_modifier(Modifier::BOLD),
        ));
    }
    let listed = d.listed();
    let shown = match d.shown {
        Shown::All => s.r_drill_all,
        Shown::Counted => s.r_drill_counted,
        Shown::NotCounted => s.r_drill_not,
    };
    lines.push(Line::styled(
        fit(&strings::fill(shown, &[&listed.len()]), w),
        Style::default().add_modifier(Modifier::BOLD),
    ));
    if listed.is_empty() {
        lines.push(Line::from(s.r_nobody));
    }
    let rows = (inner.height as usize).saturating_sub(lines.len());
    for (mark, (subject, num, why)) in window(&listed, d.selected, rows) {
        let (name, village) = match *subject {
            Subject::Resident(r) => app
                .snap
                .find_resident(r)
                .map_or((format!("#{r}"), None), |(h, m)| {
                    (m.name.clone(), Some(h.village_id))
                }),
            Subject::Household(h) => app
                .snap
                .find_household(h)
                .map_or((format!("#{h}"), None), |h| {
                    (h.display_name().to_string(), Some(h.village_id))
                }),
        };
        // the village only where the reason still fits beside it
        let village = if w >= 60 {
            pad(
                &village.map_or(String::new(), |v| village_name(app, Some(v))),
                10,
            ) + " "
        } else {
            String::new()
        };
        let mut text = format!(
            "{mark}{} {village}{}",
            pad(&name, 10),
            if *num { s.r_counted } else { s.r_not_counted }
        );
        // why: what the figure's rule found
        if let Some(w) = why {
            text += &strings::fill(
                s.r_why,
                &[&strings::why_counted(app.opts.lang, w, app.opts.today)],
            );
        }
        lines.push(Line::from(fit(&text, w)));
    }
    f.render_widget(Paragraph::new(lines), inner);
}

/// The keys of this screen alone (its help lists them first).
const KEYS: &[crate::tui::keys::Binding] = &[
    crate::own_key!(KeyCode::Down, false, "Down / j", Action::Down, k_move),
    crate::own_key!(KeyCode::Char('j'), false, "Down / j", Action::Down, k_move),
    crate::own_key!(KeyCode::Up, false, "Up / k", Action::Up, k_move),
    crate::own_key!(KeyCode::Char('k'), false, "Up / k", Action::Up, k_move),
    crate::own_key!(KeyCode::Left, false, "Left / Right", Action::PrevTab, k_report_figure),
    crate::own_key!(KeyCode::Char('h'), false, "Left / Right", Action::PrevTab, k_report_figure),
    crate::own_key!(KeyCode::Right, false, "Left / Right", Action::NextTab, k_report_figure),
    crate::own_key!(KeyCode::Char('l'), false, "Left / Right", Action::NextTab, k_report_figure),
    crate::own_key!(KeyCode::Char('Y'), false, "Y / Q / M", Action::ReportYear, k_report_period),
    crate::own_key!(KeyCode::Char('Q'), false, "Y / Q / M", Action::ReportQuarter, k_report_period),
    crate::own_key!(KeyCode::Char('M'), false, "Y / Q / M", Action::ReportMonth, k_report_period),
    crate::own_key!(KeyCode::Char('['), false, "[ / ]", Action::PrevPeriod, k_report_step),
    crate::own_key!(KeyCode::Char(']'), false, "[ / ]", Action::NextPeriod, k_report_step),
    crate::own_key!(KeyCode::Enter, false, "Enter", Action::Open, k_report_drill),
    crate::own_key!(KeyCode::Char('f'), false, "f", Action::PickReportScope, k_report_scope),
    crate::own_key!(KeyCode::Char('C'), false, "C", Action::SpotCheck, k_spot_check),
];

impl super::View for ReportsView {
    fn title(s: &strings::Strings) -> &'static str {
        s.s_reports
    }
    fn bindings() -> &'static [&'static [crate::tui::keys::Binding]] {
        &[KEYS]
    }
    fn enter(&mut self, cx: &super::Load) -> crate::db::Result<()> {
        self.reload(cx.snap);
        Ok(())
    }
    /// Esc closes a drill-down before it leaves the screen.
    fn claim(&mut self, a: Action, cx: &Ctx) -> Option<Effect> {
        (a == Action::Back && self.drill.is_some()).then(|| self.update(a, cx))
    }
    fn keys(&mut self, a: Action, cx: &Ctx) -> Effect {
        let scope = self.scope.unwrap_or_else(|| widest(cx.snap));
        match a {
            Action::PickReportScope => {
                let s = strings::strings(cx.lang);
                let pick = crate::tui::picker::PickView::report_scopes(cx.snap, widest(cx.snap), scope, s);
                Effect::Popup(Box::new(crate::tui::app::Popup::Pick(pick)))
            }
            Action::SpotCheck => Effect::SpotCheck(scope),
            _ => self.update(a, cx),
        }
    }
    fn draw(&self, f: &mut Frame, app: &App, area: Rect) {
        draw(f, app, area)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every figure's header fits its column whole in both languages, also
    /// when it is the selected one and carries its brackets.
    #[test]
    fn every_header_fits_its_column_with_its_brackets() {
        for lang in [Lang::Zh, Lang::En] {
            for c in 0..COLUMNS.len() {
                let h = header(lang, c);
                assert!(
                    UnicodeWidthStr::width(h) <= CELL_W - 3,
                    "{lang:?}: {h:?} is wider than {} cells",
                    CELL_W - 3
                );
            }
        }
    }

    /// The name column: the longest name within 9..24 cells, leaving room
    /// for one figure.
    #[test]
    fn the_name_column_fits_its_longest_name() {
        let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        // (rows' header, names, table width, expected width)
        let cases: &[(&str, &[&str], usize, usize)] = &[
            ("村", &["富民村", "全乡合计"], 78, 9),
            ("doctor team", &["富民村家庭医生团队"], 78, 18),
            // the rows' header keeps a blank before the first figure's head
            ("grid worker", &["涂春生"], 78, 12),
            ("网格", &["观音阁村第十二网格东片区域"], 118, 24),
            ("doctor team", &["富民村家庭医生团队"], 30, 8),
            ("doctor team", &["富民村家庭医生团队"], 20, 0),
        ];
        for &(kind, labels, width, want) in cases {
            assert_eq!(
                name_width(kind, &names(labels), width),
                want,
                "{kind} {labels:?} in {width}"
            );
        }
    }
}
