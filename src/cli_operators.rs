//! `gridcare operator …` and signing in on the command line (issue 15
//! item 2): the PIN comes from GRIDCARE_PIN (scripts, tests) or is typed at
//! a terminal without echo; it is never printed.

use crate::cli::{Format, csv_line};
use crate::db::{Db, OperatorRow, Session};
use crate::domain::access::Role;
use crate::domain::refusal::Refusal;
use chrono::NaiveDate;

/// The environment variable a script gives the PIN in.
pub const PIN_VAR: &str = "GRIDCARE_PIN";

/// One PIN: GRIDCARE_PIN, else typed at the terminal (no echo).
pub fn read_pin(prompt: &str) -> anyhow::Result<String> {
    if let Ok(p) = std::env::var(PIN_VAR) {
        return Ok(p);
    }
    typed(prompt)
}

/// The environment variable a script gives a new PIN in (`operator add`,
/// `operator reset`), since GRIDCARE_PIN is the signed-in coordinator's.
pub const NEW_PIN_VAR: &str = "GRIDCARE_NEW_PIN";

/// A new PIN: GRIDCARE_NEW_PIN (or, for the first operator, who signs in
/// as nobody, GRIDCARE_PIN), else typed twice; refused when the two differ.
pub fn read_new_pin(first: bool) -> anyhow::Result<String> {
    if let Ok(p) = std::env::var(NEW_PIN_VAR) {
        return Ok(p);
    }
    if first && let Ok(p) = std::env::var(PIN_VAR) {
        return Ok(p);
    }
    let first = typed("new PIN: ")?;
    crate::db::check_pin(&first).map_err(crate::db::DbError::Refused)?;
    let again = typed("the same PIN again: ")?;
    if first != again {
        return Err(crate::db::DbError::Refused(Refusal::PinsDiffer).into());
    }
    Ok(first)
}

/// Reads a line from the terminal with echo off; refused without a terminal.
fn typed(prompt: &str) -> anyhow::Result<String> {
    use std::io::{BufRead, IsTerminal, Write};
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        anyhow::bail!(
            "no terminal to type the PIN at: give it in {PIN_VAR} (a new operator's in {NEW_PIN_VAR}), or run the command in a terminal"
        );
    }
    eprint!("{prompt}");
    let _ = std::io::stderr().flush();
    let echo = EchoOff::new();
    let mut line = String::new();
    let read = stdin.lock().read_line(&mut line);
    drop(echo);
    eprintln!();
    read?;
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}

/// Terminal echo off while alive (unix); restored when dropped.
struct EchoOff {
    #[cfg(unix)]
    saved: Option<libc::termios>,
}

impl EchoOff {
    fn new() -> EchoOff {
        #[cfg(unix)]
        {
            // SAFETY: tcgetattr/tcsetattr on stdin with a zeroed, then filled, termios.
            unsafe {
                let mut t: libc::termios = std::mem::zeroed();
                if libc::tcgetattr(libc::STDIN_FILENO, &mut t) != 0 {
                    return EchoOff { saved: None };
                }
                let saved = t;
                t.c_lflag &= !libc::ECHO;
                t.c_lflag |= libc::ECHONL;
                libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, &t);
                EchoOff { saved: Some(saved) }
            }
        }
        #[cfg(not(unix))]
        EchoOff {}
    }
}

impl Drop for EchoOff {
    fn drop(&mut self) {
        #[cfg(unix)]
        if let Some(t) = self.saved {
            // SAFETY: restores the attributes read in `new`.
            unsafe {
                libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, &t);
            }
        }
    }
}

/// Signs a command in when the database has operators: `name` from
/// --operator or GRIDCARE_OPERATOR, the PIN from GRIDCARE_PIN or the
/// terminal. Without operators, nothing to do (the audit name is
/// GRIDCARE_OPERATOR or the login, as before).
pub fn sign_in(db: &mut Db, name: Option<&str>, day: NaiveDate) -> anyhow::Result<Option<Session>> {
    if !db.has_operators()? {
        if let Some(n) = name {
            db.operator = n.to_string();
        }
        return Ok(None);
    }
    let Some(name) = name.map(str::trim).filter(|n| !n.is_empty()) else {
        anyhow::bail!(
            "this database has operators: name yours with --operator NAME (before the command) or GRIDCARE_OPERATOR, and give the PIN in {PIN_VAR} or at the prompt"
        );
    };
    let pin = read_pin(&format!("PIN for {name}: "))?;
    Ok(Some(db.sign_in(name, &pin, day)?))
}

/// The commands only a coordinator runs (the whole database, the rosters,
/// the operators); `what` names the command in the refusal.
pub fn coordinator_only(session: Option<&Session>, what: &str) -> anyhow::Result<()> {
    match session {
        Some(s) if s.role != Role::Coordinator => anyhow::bail!(
            "`gridcare {what}` is for a coordinator; {} is signed in as {}: nothing was done",
            s.name,
            role_label(s.role)
        ),
        _ => Ok(()),
    }
}

pub fn role_label(r: Role) -> &'static str {
    crate::tui::strings::operator_role(crate::tui::strings::Lang::En, r)
}

/// `gridcare operator list`: never the PIN or its hash.
pub fn list_text(rows: &[OperatorRow], format: Format) -> String {
    let state = |o: &OperatorRow| -> String {
        match (&o.ended_on, &o.locked_until, o.has_pin) {
            (Some(d), _, _) => format!("ended {d}"),
            (None, Some(t), _) => format!("locked until {}", crate::db::local_from_utc(t)),
            (None, None, false) => "no PIN (audit name only)".into(),
            (None, None, true) if o.failed_attempts > 0 => {
                format!("active, {} wrong PIN(s)", o.failed_attempts)
            }
            _ => "active".into(),
        }
    };
    match format {
        Format::Json => serde_json::to_string_pretty(rows).unwrap_or_default() + "\n",
        Format::Csv => {
            let mut out = String::from("name,role,staff,village,since,state\n");
            for o in rows {
                out.push_str(&csv_line(&[
                    o.name.clone(),
                    o.role.code().into(),
                    o.staff.clone().unwrap_or_default(),
                    o.village.clone().unwrap_or_default(),
                    o.created_on.clone().unwrap_or_default(),
                    state(o),
                ]));
            }
            out
        }
        Format::Table => {
            if rows.is_empty() {
                return "no operators yet; add the first (a coordinator) with `gridcare operator add NAME --role coordinator`\n".into();
            }
            let mut out = String::new();
            for o in rows {
                let place = o
                    .staff
                    .iter()
                    .chain(o.village.iter())
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(" ");
                out.push_str(&format!(
                    "{} {} {} {}\n",
                    crate::text::pad(&o.name, 10),
                    crate::text::pad(role_label(o.role), 14),
                    crate::text::pad(&place, 16),
                    state(o)
                ));
            }
            out
        }
    }
}
