//! The terminal interface. Data flows one way: key → action (`keys.rs`) →
//! `App::update` (`app.rs`) → state → draw (here and in `screens/`, reading
//! state only).
//!
//! Anchors to read first: `app.rs` (the shared snapshot, the screen stack,
//! popups, the global keys), `screens/mod.rs` (the `View` a screen
//! implements and the `screens!` table: a new screen is one file there plus
//! one line in the table; `screens/contracts.rs` is the smallest), `effects.rs`
//! (a screen's key handed to it and the `Effect` it returns carried out),
//! `forms/` (a form's `submit` returns a `Command`, one `Db` method, that the
//! app runs). Only the app writes, and only through those `Db` methods.

pub mod action;
pub mod app;
pub mod backend;
mod drafts;
mod effects;
pub mod forms;
pub mod keys;
pub mod login;
mod opening;
mod paste;
pub mod picker;
mod planning;
mod popup_keys;
mod popups;
mod printing;
mod saving;
pub mod screens;
mod session;
mod spot_check;
pub mod theme;
pub mod visit_text;

pub use app::{App, Options, Screen};

use crate::db::Db;
use backend::GridBackend;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, EnableBracketedPaste, Event, KeyEventKind,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{EnterAlternateScreen, disable_raw_mode, enable_raw_mode};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::{Frame, Terminal};
use signal_hook::consts::{SIGHUP, SIGTERM};
use std::io::{Stdout, stdout};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use unicode_width::UnicodeWidthStr;

/// The smallest terminal gridcare draws in.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

pub fn draw(f: &mut Frame, app: &App) {
    draw_all(f, app);
    if app.theme.ascii {
        theme::asciify(f.buffer_mut());
    }
}

fn draw_all(f: &mut Frame, app: &App) {
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
    // signed out or locked: the gate alone, nothing personal behind it
    if let Some(gate) = &app.gate {
        gate.draw(f, area, s, &app.theme);
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

/// Where the open popup sits on a terminal of `area` (for tests that check its border).
pub fn popup_area(app: &App, area: Rect) -> Option<Rect> {
    popups::area(app, area)
}

/// The screens' numbers and names; when they do not all fit (60 columns),
/// the other screens show their number only, so all eight keys stay in view.
fn draw_screen_bar(f: &mut Frame, app: &App, area: Rect) {
    let s = app.strings();
    let named = |i: usize, scr: &Screen| format!("{}{}", i + 1, scr.title(s));
    let full: usize = (Screen::ALL.iter().enumerate())
        .map(|(i, scr)| unicode_width::UnicodeWidthStr::width(named(i, scr).as_str()) + 1)
        .sum();
    let short = full > usize::from(area.width);
    let mut spans = Vec::new();
    for (i, scr) in Screen::ALL.iter().enumerate() {
        let label = if short && *scr != app.screen {
            (i + 1).to_string()
        } else {
            named(i, scr)
        };
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

/// The status line: what just happened comes first, so a narrow terminal
/// cuts the date and operator rather than the result of a save (issue 10).
fn draw_status(f: &mut Frame, app: &App, area: Rect) {
    let s = app.strings();
    let sep = app.theme.separator();
    let mut parts: Vec<String> = Vec::new();
    if app.read_only.is_some() {
        parts.push(format!("[{}]", s.read_only_mark));
    }
    if !app.message.is_empty() {
        parts.push(app.message.clone());
    }
    parts.push(s.help_hint.to_string());
    parts.push(format!("{} {}", s.as_of, app.opts.today));
    parts.push(format!("{} {}", s.operator, app.operator));
    if let Some(t) = &app.scope_label {
        parts.push(format!("{} {t}", s.scope));
    }
    parts.push(format!("{} {}", s.database, app.db_name));
    let mut line = String::new();
    for (i, p) in parts.iter().enumerate() {
        let piece = if i == 0 {
            format!(" {p}")
        } else {
            format!(" {sep} {p}")
        };
        // whole parts only, except the first, which is cut if it must be
        if i > 0 && line.width() + piece.width() > usize::from(area.width) {
            break;
        }
        line.push_str(&piece);
    }
    f.render_widget(
        Paragraph::new(crate::text::fit(&line, usize::from(area.width)))
            .style(Style::default().add_modifier(Modifier::REVERSED)),
        area,
    );
}

/// Whether the locale or NO_COLOR ask for no colour (https://no-color.org).
pub fn colour_wanted() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Runs the interface until the user quits; restores the terminal on every
/// path, including a panic (our hook), Ctrl-C (read as a key in raw mode),
/// and SIGHUP / SIGTERM (issue 15 item 5): the SSH link dropped or the
/// session was ended. A terminal that goes away without a SIGHUP (gridcare
/// in a session of its own, the link dropped) ends it the same way (issue 24
/// item 4). Then a form typed but not saved is kept as a draft, offered at
/// the next start.
pub fn run(db: &mut Db, opts: Options) -> anyhow::Result<()> {
    let mut app = App::load(db, opts)?;
    if let Some(s) = db.session().cloned() {
        app.start_session(db, s)?; // an SSH key signed them in (issue 31)
    } else if app.gate.is_some() {
        db.sign_out(); // nothing is written before someone signs in
    }
    let mut last_key = std::time::Instant::now();
    // A signal only sets a flag; the loop notices it within a second. A
    // second SIGTERM ends gridcare at once, as the default would; hang-ups
    // come twice (tmux, then the kernel as the terminal closes) and do not.
    let (hup, term) = (
        Arc::new(AtomicBool::new(false)),
        Arc::new(AtomicBool::new(false)),
    );
    signal_hook::flag::register(SIGHUP, Arc::clone(&hup))?;
    detach_stdin_on_hangup(Arc::clone(&hup))?;
    signal_hook::flag::register_conditional_shutdown(SIGTERM, 143, Arc::clone(&term))?;
    signal_hook::flag::register(SIGTERM, Arc::clone(&term))?;
    let stop = || hup.load(Ordering::Relaxed) || term.load(Ordering::Relaxed);
    let mut terminal = init().map_err(|e| {
        let _ = disable_raw_mode();
        anyhow::anyhow!("cannot start the terminal interface: {e}; run gridcare in a terminal")
    })?;
    // with a sign-in, the draft waits for its operator (start_session)
    if let Some(Err(e)) = app.gate.is_none().then(|| app.offer_draft(db)) {
        app.message = crate::words::db_error(app.opts.lang, &e);
    }
    let result = (|| -> anyhow::Result<()> {
        while !app.quit && !stop() {
            terminal.draw(|f| draw(f, &app))?;
            // Ctrl-d / Ctrl-u move half the screen body (less the top and status lines).
            app.page = usize::from(terminal.size()?.height.saturating_sub(2) / 2).max(1);
            // Resize events simply redraw on the next turn of the loop.
            // Idle ticks watch for other sessions' saves (issue 15).
            if !event::poll(std::time::Duration::from_secs(1))? {
                let _ = app.tick(db);
                // the idle lock (auth.lock_minutes, issue 15 item 2)
                let idle = std::time::Duration::from_secs(app.auth.lock_minutes * 60);
                if app.lockable() && last_key.elapsed() >= idle {
                    app.lock();
                }
                continue;
            }
            last_key = std::time::Instant::now();
            match event::read()? {
                Event::Key(k) if k.kind == KeyEventKind::Press => app.handle_key(k, db),
                // a paste arrives whole, not as one key per character (issue 10)
                Event::Paste(text) => app.handle_paste(&text),
                _ => {}
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
            send_to_terminal_printer(&mut app, &mut terminal)?;
        }
        Ok(())
    })();
    // Hung up, ended, or the terminal failed: keep what was typed, first,
    // while the database is sure to be there; then give the terminal back.
    let signalled = stop();
    let kept = if signalled || result.is_err() {
        app.keep_draft(db)
    } else {
        Ok(false)
    };
    restore();
    if let Err(e) = &kept {
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "gridcare: could not keep the form as a draft: {e}"
        );
    }
    if let Ok(true) = kept {
        // not eprintln!: after a hang-up there is no terminal, and it would panic
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "gridcare: the form you were typing is kept as a draft; it is offered at the next start"
        );
    }
    if signalled {
        return Ok(());
    }
    result
}

/// Sends sheets waiting for the terminal's printer (issue 16 item 4): the
/// bytes go out between frames, wrapped in `ESC[5i` … `ESC[4i`, which the
/// terminal passes to its printer without showing; then the whole screen is
/// drawn afresh on the next turn, in case a terminal showed any of it.
pub fn send_to_terminal_printer<W: std::io::Write>(
    app: &mut App,
    terminal: &mut Terminal<GridBackend<W>>,
) -> std::io::Result<()> {
    if let Some(bytes) = app.passthrough.take() {
        terminal.backend_mut().write_raw(&bytes)?;
        terminal.clear()?;
    }
    Ok(())
}

/// After a hang-up the terminal reads as end-of-file, and crossterm's reader
/// retries such a read for ever, at full speed (crossterm 0.29,
/// event/source/unix/mio.rs: a read of 0 bytes loops), never returning to
/// the loop that would see a signal. So when the terminal hangs up, an empty
/// pipe takes its place as standard input: the read says "nothing yet", the
/// poll returns, and the loop sees `gone`. Two things notice the hang-up:
/// SIGHUP, and a thread waiting on the terminal itself (poll(2) reports
/// POLLHUP), for a terminal that goes away without a SIGHUP reaching
/// gridcare (it runs in a session of its own, or the signal was ignored):
/// that is what left sessions reading end-of-file for 25 minutes (issue 24
/// item 4). When standard input is not the terminal, the terminal
/// (/dev/tty) is put in its place first, so crossterm reads what is watched.
fn detach_stdin_on_hangup(gone: Arc<AtomicBool>) -> std::io::Result<()> {
    // crossterm reads standard input when it is the terminal (else /dev/tty)
    if unsafe { libc::isatty(libc::STDIN_FILENO) } != 1 {
        // SAFETY: open and dup2 on a path and descriptors of our own.
        let tty = unsafe { libc::open(c"/dev/tty".as_ptr(), libc::O_RDWR | libc::O_CLOEXEC) };
        if tty < 0 {
            // no terminal at all: starting the interface fails with its message
            return Ok(());
        }
        unsafe {
            libc::dup2(tty, libc::STDIN_FILENO);
            libc::close(tty);
        }
    }
    let mut fds = [0 as libc::c_int; 2];
    if unsafe { libc::pipe(fds.as_mut_ptr()) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    let empty = fds[0];
    unsafe {
        libc::fcntl(empty, libc::F_SETFL, libc::O_NONBLOCK);
        libc::fcntl(empty, libc::F_SETFD, libc::FD_CLOEXEC);
        libc::fcntl(fds[1], libc::F_SETFD, libc::FD_CLOEXEC);
    }
    // The write end stays open for good: without one, reads say end-of-file again.
    // SAFETY: dup2 is async-signal-safe, and the closure touches nothing else.
    unsafe {
        signal_hook::low_level::register(SIGHUP, move || {
            libc::dup2(empty, libc::STDIN_FILENO);
        })?;
    }
    // The watcher's own descriptor of the terminal: replacing standard
    // input does not change what it waits on.
    let watched = unsafe { libc::fcntl(libc::STDIN_FILENO, libc::F_DUPFD_CLOEXEC, 3) };
    if watched < 0 {
        return Err(std::io::Error::last_os_error());
    }
    std::thread::Builder::new()
        .name("terminal-watch".into())
        .spawn(move || {
            loop {
                // no events asked: poll(2) returns only on a hang-up or an error
                let mut p = libc::pollfd {
                    fd: watched,
                    events: 0,
                    revents: 0,
                };
                // SAFETY: one pollfd of our own, for as long as it takes.
                let n = unsafe { libc::poll(&mut p, 1, -1) };
                if n < 0 {
                    if std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted {
                        continue;
                    }
                    return;
                }
                if p.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 {
                    gone.store(true, Ordering::Relaxed);
                    // SAFETY: as the SIGHUP handler above.
                    unsafe {
                        libc::dup2(empty, libc::STDIN_FILENO);
                    }
                    return;
                }
            }
        })?;
    Ok(())
}

/// As `ratatui::try_init`, on gridcare's backend (see backend.rs) and with
/// bracketed paste on. The panic hook restores the terminal, paste mode
/// included, before the message is printed.
fn init() -> std::io::Result<Terminal<GridBackend<Stdout>>> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        hook(info);
    }));
    enable_raw_mode()?;
    execute!(stdout(), EnterAlternateScreen, EnableBracketedPaste)?;
    Terminal::new(GridBackend::new(stdout()))
}

/// Bracketed paste off, raw mode off, back from the alternate screen. A
/// terminal that has gone refuses all three: nothing is printed about it
/// (`ratatui::restore` would print to a terminal that is not there, and
/// printing there panics).
fn restore() {
    let _ = execute!(stdout(), DisableBracketedPaste);
    let _ = ratatui::try_restore();
}
