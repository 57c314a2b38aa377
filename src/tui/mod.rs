//! The terminal interface. Data flows one way: key → action → update (the
//! only place that reads or writes the database, in app.rs) → state → draw
//! (here and in screens/, reading state only).

pub mod app;
pub mod forms;
pub mod keys;
mod popups;
mod printing;
mod screens;
pub mod strings;
pub mod theme;
pub mod visit_text;

pub use app::{App, Options, Screen};

use crate::db::Db;
use ratatui::Frame;
use ratatui::crossterm::event::{self, Event, KeyEventKind};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

/// The smallest terminal gridcare draws in.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

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
        f.render_widget(Paragraph::new(msg).wrap(Wrap { trim: true }), area);
        return;
    }
    let [bar, body, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(area);
    draw_screen_bar(f, app, bar);
    screens::draw(f, app, body);
    draw_status(f, app, status);
    popups::draw(f, app, area);
}

fn draw_screen_bar(f: &mut Frame, app: &App, area: Rect) {
    let s = app.strings();
    let mut spans = Vec::new();
    for (i, scr) in Screen::ALL.iter().enumerate() {
        let label = format!("{}{}", i + 1, scr.title(s));
        let style = if *scr == app.screen {
            app.theme.selected()
        } else {
            Style::default()
        };
        spans.push(Span::styled(label, style));
        spans.push(Span::raw(" "));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn draw_status(f: &mut Frame, app: &App, area: Rect) {
    let s = app.strings();
    let sep = app.theme.separator();
    let mut line = format!(
        " {} {sep} {} {} {sep} {} {}",
        s.help_hint, s.as_of, app.opts.today, s.operator, app.operator
    );
    if app.read_only.is_some() {
        line = format!(" [{}] {sep}{line}", s.read_only_mark);
    }
    if let Some(t) = &app.scope_label {
        line.push_str(&format!(" {sep} {} {t}", s.scope));
    }
    if !app.message.is_empty() {
        line.push_str(&format!(" {sep} {}", app.message));
    }
    let db = format!(" {sep} {} {}", s.database, app.db_name);
    if line.width() + db.width() <= usize::from(area.width) {
        line.push_str(&db);
    }
    f.render_widget(
        Paragraph::new(line).style(Style::default().add_modifier(Modifier::REVERSED)),
        area,
    );
}

/// Whether the locale or NO_COLOR ask for no colour (https://no-color.org).
pub fn colour_wanted() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Runs the interface until the user quits; restores the terminal on every
/// path, including a panic (ratatui's hook) and Ctrl-C (read as a key in raw mode).
pub fn run(db: &mut Db, opts: Options) -> anyhow::Result<()> {
    let mut app = App::load(db, opts)?;
    let mut terminal = ratatui::try_init().map_err(|e| {
        anyhow::anyhow!("cannot start the terminal interface: {e}; run gridcare in a terminal")
    })?;
    let result = (|| -> anyhow::Result<()> {
        while !app.quit {
            terminal.draw(|f| draw(f, &app))?;
            // Ctrl-d / Ctrl-u move half the screen body (less the top and status lines).
            app.page = usize::from(terminal.size()?.height.saturating_sub(2) / 2).max(1);
            // Resize events simply redraw on the next turn of the loop.
            // Idle ticks watch for other sessions' saves (issue 15).
            if !event::poll(std::time::Duration::from_secs(1))? {
                let _ = app.tick(db);
                continue;
            }
            if let Event::Key(k) = event::read()?
                && k.kind == KeyEventKind::Press
            {
                app.handle_key(k, db);
            }
            if app.waiting_save.is_some() {
                // Show "waiting for another user" before waiting, then drop
                // the keys pressed meanwhile: none may land in a field.
                terminal.draw(|f| draw(f, &app))?;
                app.finish_save(db);
                while event::poll(std::time::Duration::ZERO)? {
                    let _ = event::read()?;
                }
            }
        }
        Ok(())
    })();
    ratatui::restore();
    result
}
