//! The terminal interface. Data flows one way: key → action → update (the
//! only place that reads the database) → state → draw (reads state only).

pub mod strings;

use crate::db::{Db, Result, VillageCounts};
use crate::domain::model::Colour;
use crate::domain::queue::{self, Status};
use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table};
use strings::{Lang, Strings};

/// The smallest terminal gridcare draws in.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

#[derive(Debug, Clone)]
pub struct Options {
    pub today: NaiveDate,
    pub lang: Lang,
    pub ascii: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct VillageLine {
    pub counts: VillageCounts,
    pub due: usize,
    pub overdue: usize,
    pub red: usize,
}

/// What the screen shows; `draw` reads only this.
pub struct App {
    pub opts: Options,
    pub operator: String,
    pub db_name: String,
    pub villages: Vec<VillageLine>,
    pub quit: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    None,
}

impl App {
    pub fn load(db: &Db, opts: Options) -> Result<App> {
        let t = db.township(opts.today)?;
        let tasks = queue::tasks(&t, opts.today, &db.rules()?);
        let counts = db.village_counts()?;
        let villages = t
            .villages
            .iter()
            .zip(counts)
            .map(|(v, counts)| {
                let mine = tasks.iter().filter(|k| k.village_id == v.id);
                let (mut due, mut overdue, mut red) = (0, 0, 0);
                for k in mine {
                    match k.status {
                        Status::Due => due += 1,
                        Status::Overdue => overdue += 1,
                        _ => continue,
                    }
                    red += usize::from(k.colour == Some(Colour::Red));
                }
                VillageLine {
                    counts,
                    due,
                    overdue,
                    red,
                }
            })
            .collect();
        let db_name = db
            .path()
            .map_or(":memory:".into(), |p| short_path(&p.display().to_string()));
        Ok(App {
            opts,
            operator: db.operator.clone(),
            db_name,
            villages,
            quit: false,
        })
    }

    pub fn strings(&self) -> &'static Strings {
        strings::strings(self.opts.lang)
    }

    pub fn action_for(&self, key: KeyEvent) -> Action {
        match key.code {
            KeyCode::Char('q') | KeyCode::Esc => Action::Quit,
            KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => Action::Quit,
            _ => Action::None,
        }
    }

    pub fn update(&mut self, a: Action) {
        if a == Action::Quit {
            self.quit = true;
        }
    }
}

pub fn draw(f: &mut Frame, app: &App) {
    let s = app.strings();
    let area = f.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let msg = s
            .too_small
            .replace("{w}", &MIN_WIDTH.to_string())
            .replace("{h}", &MIN_HEIGHT.to_string())
            .replace("{cw}", &area.width.to_string())
            .replace("{ch}", &area.height.to_string());
        f.render_widget(
            Paragraph::new(msg).wrap(ratatui::widgets::Wrap { trim: true }),
            area,
        );
        return;
    }
    let [body, status] = Layout::vertical([Constraint::Min(3), Constraint::Length(1)]).areas(area);
    draw_overview(f, app, body);
    let line = format!(
        " {} │ {} {} │ {} {} │ {} {}",
        s.quit_hint, s.as_of, app.opts.today, s.operator, app.operator, s.database, app.db_name
    );
    let line = if app.opts.ascii {
        line.replace('│', "|")
    } else {
        line
    };
    f.render_widget(
        Paragraph::new(line).style(Style::default().add_modifier(Modifier::REVERSED)),
        status,
    );
}

fn draw_overview(f: &mut Frame, app: &App, area: Rect) {
    let s = app.strings();
    let header = Row::new([
        s.village,
        s.grids,
        s.households,
        s.residents,
        s.hypertension,
        s.diabetes,
        s.due,
        s.overdue,
        s.red,
    ])
    .style(Style::default().add_modifier(Modifier::BOLD));
    let num = |n: usize| Cell::from(Line::from(n.to_string()).right_aligned());
    let mut rows: Vec<Row> = app
        .villages
        .iter()
        .map(|v| {
            Row::new([
                Cell::from(v.counts.village.clone()),
                num(v.counts.grids as usize),
                num(v.counts.households as usize),
                num(v.counts.residents as usize),
                num(v.counts.hypertension as usize),
                num(v.counts.diabetes as usize),
                num(v.due),
                num(v.overdue),
                num(v.red),
            ])
        })
        .collect();
    let sum = |g: fn(&VillageLine) -> usize| app.villages.iter().map(g).sum::<usize>();
    rows.push(
        Row::new([
            Cell::from(s.total),
            num(sum(|v| v.counts.grids as usize)),
            num(sum(|v| v.counts.households as usize)),
            num(sum(|v| v.counts.residents as usize)),
            num(sum(|v| v.counts.hypertension as usize)),
            num(sum(|v| v.counts.diabetes as usize)),
            num(sum(|v| v.due)),
            num(sum(|v| v.overdue)),
            num(sum(|v| v.red)),
        ])
        .style(Style::default().add_modifier(Modifier::BOLD)),
    );
    let widths = [
        Constraint::Length(10),
        Constraint::Length(4),
        Constraint::Length(6),
        Constraint::Length(8),
        Constraint::Length(6),
        Constraint::Length(6),
        Constraint::Length(6),
        Constraint::Length(6),
        Constraint::Length(5),
    ];
    let title = format!(" {} · {} ", s.app_title, s.overview);
    let block = if app.opts.ascii {
        Block::default()
            .borders(Borders::ALL)
            .border_set(ratatui::symbols::border::Set {
                top_left: "+",
                top_right: "+",
                bottom_left: "+",
                bottom_right: "+",
                vertical_left: "|",
                vertical_right: "|",
                horizontal_top: "-",
                horizontal_bottom: "-",
            })
    } else {
        Block::default().borders(Borders::ALL)
    };
    f.render_widget(
        Table::new(rows, widths)
            .header(header)
            .block(block.title(title))
            .column_spacing(1),
        area,
    );
}

/// A path with the home directory written as ~, so it fits the status line.
fn short_path(p: &str) -> String {
    match std::env::var("HOME") {
        Ok(home) if !home.is_empty() && p.starts_with(&home) => format!("~{}", &p[home.len()..]),
        _ => p.to_string(),
    }
}

/// Runs the interface until the user quits; restores the terminal on every path.
pub fn run(db: &Db, opts: Options) -> anyhow::Result<()> {
    let mut app = App::load(db, opts)?;
    // try_init installs a panic hook that restores the terminal first.
    let mut terminal = ratatui::try_init().map_err(|e| {
        anyhow::anyhow!("cannot start the terminal interface: {e}; run gridcare in a terminal")
    })?;
    let result = (|| -> anyhow::Result<()> {
        while !app.quit {
            terminal.draw(|f| draw(f, &app))?;
            if let Event::Key(k) = event::read()?
                && k.kind == KeyEventKind::Press
            {
                app.update(app.action_for(k));
            }
        }
        Ok(())
    })();
    ratatui::restore();
    result
}
