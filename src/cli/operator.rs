//! `gridcare operator …` and signing in on the command line (issue 15
//! item 2): the PIN comes from GRIDCARE_PIN (scripts, tests) or is typed at
//! a terminal without echo; it is never printed.

use crate::cli::{Format, csv_line};
use crate::db::{Db, OperatorRow, Session};
use crate::domain::access::Role;
use crate::domain::refusal::Refusal;
use crate::words::{Lang, fill, pick};
use chrono::NaiveDate;

/// The environment variable a script gives the PIN in.
pub const PIN_VAR: &str = "GRIDCARE_PIN";

/// One PIN: GRIDCARE_PIN, else typed at the terminal (no echo).
pub fn read_pin(prompt: &str, lang: Lang) -> anyhow::Result<String> {
    if let Ok(p) = std::env::var(PIN_VAR) {
        return Ok(p);
    }
    typed(prompt, lang)
}

/// The environment variable a script gives a new PIN in (`operator add`,
/// `operator reset`), since GRIDCARE_PIN is the signed-in coordinator's.
pub const NEW_PIN_VAR: &str = "GRIDCARE_NEW_PIN";

/// A new PIN: GRIDCARE_NEW_PIN (or, for the first operator, who signs in
/// as nobody, GRIDCARE_PIN), else typed twice; refused when the two differ.
pub fn read_new_pin(first: bool, lang: Lang) -> anyhow::Result<String> {
    if let Ok(p) = std::env::var(NEW_PIN_VAR) {
        return Ok(p);
    }
    if first && let Ok(p) = std::env::var(PIN_VAR) {
        return Ok(p);
    }
    let first = typed(pick(lang, "新 PIN：", "new PIN: "), lang)?;
    crate::db::check_pin(&first).map_err(crate::db::DbError::Refused)?;
    let again = typed(
        pick(lang, "再输一次同一 PIN：", "the same PIN again: "),
        lang,
    )?;
    if first != again {
        return Err(crate::db::DbError::Refused(Refusal::PinsDiffer).into());
    }
    Ok(first)
}

/// Reads a line from the terminal with echo off; refused without a terminal.
fn typed(prompt: &str, lang: Lang) -> anyhow::Result<String> {
    use std::io::{BufRead, IsTerminal, Write};
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        anyhow::bail!(
            "{}",
            fill(
                pick(
                    lang,
                    "没有可输入 PIN 的终端：请在 {} 中给出（新操作员的在 {} 中），或在终端中运行此命令",
                    "no terminal to type the PIN at: give it in {} (a new operator's in {}), or run the command in a terminal",
                ),
                &[&PIN_VAR, &NEW_PIN_VAR],
            )
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
pub fn sign_in(
    db: &mut Db,
    name: Option<&str>,
    day: NaiveDate,
    lang: Lang,
) -> anyhow::Result<Option<Session>> {
    if !db.has_operators()? {
        if let Some(n) = name {
            db.operator = n.to_string();
        }
        return Ok(None);
    }
    let Some(name) = name.map(str::trim).filter(|n| !n.is_empty()) else {
        anyhow::bail!(
            "{}",
            fill(
                pick(
                    lang,
                    "此数据库设有操作员：请用 --operator 姓名（写在命令之前）或 GRIDCARE_OPERATOR 给出您的姓名，并在 {} 中或提示时输入 PIN",
                    "this database has operators: name yours with --operator NAME (before the command) or GRIDCARE_OPERATOR, and give the PIN in {} or at the prompt",
                ),
                &[&PIN_VAR],
            )
        );
    };
    let pin = read_pin(
        &fill(pick(lang, "{} 的 PIN：", "PIN for {}: "), &[&name]),
        lang,
    )?;
    Ok(Some(db.sign_in(name, &pin, day)?))
}

/// The commands only a coordinator runs (the whole database, the rosters,
/// the operators); `what` names the command in the refusal.
pub fn coordinator_only(session: Option<&Session>, what: &str, lang: Lang) -> anyhow::Result<()> {
    match session {
        Some(s) if s.role != Role::Coordinator => anyhow::bail!(
            "{}",
            fill(
                pick(
                    lang,
                    "`gridcare {}` 供协调员使用；{} 以{}身份登录：未做任何操作",
                    "`gridcare {}` is for a coordinator; {} is signed in as {}: nothing was done",
                ),
                &[&what, &s.name, &role_label(s.role, lang)],
            )
        ),
        _ => Ok(()),
    }
}

pub fn role_label(r: Role, lang: Lang) -> &'static str {
    crate::words::operator_role(lang, r)
}

/// `gridcare operator list`: never the PIN or its hash.
pub fn list_text(rows: &[OperatorRow], format: Format, lang: Lang) -> String {
    // CSV keeps its words English and stable (a script reads them)
    let state = |o: &OperatorRow, lang: Lang| -> String {
        match (&o.ended_on, &o.locked_until, o.has_pin) {
            (Some(d), _, _) => fill(pick(lang, "{} 停用", "ended {}"), &[d]),
            (None, Some(t), _) => fill(
                pick(lang, "锁定至 {}", "locked until {}"),
                &[&crate::db::local_from_utc(t)],
            ),
            (None, None, false) => {
                pick(lang, "无 PIN（仅作审计署名）", "no PIN (audit name only)").into()
            }
            (None, None, true) if o.failed_attempts > 0 => fill(
                pick(lang, "在用，PIN 输错 {} 次", "active, {} wrong PIN(s)"),
                &[&o.failed_attempts],
            ),
            _ => pick(lang, "在用", "active").into(),
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
                    state(o, Lang::En),
                ]));
            }
            out
        }
        Format::Table => {
            if rows.is_empty() {
                return pick(
                    lang,
                    "还没有操作员；用 `gridcare operator add 姓名 --role coordinator` 添加第一位（协调员）\n",
                    "no operators yet; add the first (a coordinator) with `gridcare operator add NAME --role coordinator`\n",
                )
                .into();
            }
            let line = |cells: [&str; 4]| crate::cli::table_line(&cells, &[10, 14, 16]);
            let mut out = line([
                pick(lang, "姓名", "Name"),
                pick(lang, "角色", "Role"),
                pick(lang, "人员或村", "Person/village"),
                pick(lang, "状态", "State"),
            ]);
            for o in rows {
                let place = o
                    .staff
                    .iter()
                    .chain(o.village.iter())
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(" ");
                out.push_str(&line([
                    &o.name,
                    role_label(o.role, lang),
                    &place,
                    &state(o, lang),
                ]));
            }
            out
        }
    }
}

// ---- the subcommand (issue 26 item 1): its arguments and its run

use super::prelude::*;

#[derive(clap::Subcommand)]
pub enum Cmd {
    /// Add an operator; the PIN is typed twice (or given in GRIDCARE_PIN). The first must be a coordinator
    Add {
        name: String,
        #[arg(long, value_parser = ["coordinator", "doctor", "worker"])]
        role: String,
        /// Their person on the rosters: a grid worker's (needed) or a village doctor's
        #[arg(long)]
        staff: Option<String>,
        /// A village doctor's village (default: their --staff's village)
        #[arg(long)]
        village: Option<String>,
    },
    /// Every operator: role, person or village, and whether they can sign in (never a PIN)
    List {
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Give an operator a new PIN (typed twice, or GRIDCARE_PIN) and lift a lockout
    Reset { name: String },
    /// An operator's OpenSSH keys: `add NAME FILE.pub`, `list`, `remove NAME FINGERPRINT`
    #[command(subcommand)]
    Key(super::operator_key::KeyCmd),
    /// An operator leaves: they can no longer sign in; their name stays in the audit log
    End {
        name: String,
        /// The day they end (default: the as-of date)
        #[arg(long)]
        date: Option<String>,
    },
}

pub fn run(env: &Env, action: Cmd) -> anyhow::Result<ExitCode> {
    let path = env.db_path()?;
    let plain = Db::open(&path, OpenMode::MustExist)?;
    env.lang_of(&plain);
    // the first operator is added by whoever holds the file; after
    // that, by a signed-in coordinator
    let bootstrap = matches!(action, Cmd::Add { .. }) && !plain.has_operators()?;
    let mut db = if bootstrap { plain } else { env.signed(plain)? };
    super::operator::coordinator_only(db.session(), "operator", env.lang())?;
    let today = env.as_of(&db);
    match action {
        Cmd::Add {
            name,
            role,
            staff,
            village,
        } => {
            use crate::domain::access::Role;
            let role = Role::from_code(&role).ok_or_else(|| {
                anyhow::anyhow!(
                    "{}",
                    say(
                        env.lang(),
                        "--role 只能是：{}",
                        "--role is one of: {}",
                        &[&Role::codes()]
                    )
                )
            })?;
            let staff = staff
                .map(|w| staff_by_name(&db, &w, env.lang()))
                .transpose()?;
            let village = village.map(|v| db.find_village(&v)).transpose()?;
            let new = crate::db::NewOperator {
                name: name.clone(),
                role,
                staff,
                village,
            };
            // refused before asking a PIN: a missing --staff or --village
            db.check_new_operator(&new)?;
            let pin = super::operator::read_new_pin(bootstrap, env.lang())?;
            db.add_operator(&new, &pin, today)?;
            let lang = env.lang();
            tell(
                lang,
                "已添加操作员 {}（{}）；以姓名和 PIN 登录",
                "added operator {} ({}); they sign in with their name and PIN",
                &[&name, &crate::words::operator_role(lang, role)],
            );
        }
        Cmd::List { format } => {
            out(&super::operator::list_text(
                &db.operators()?,
                format,
                env.lang(),
            ));
        }
        Cmd::Reset { name } => {
            let pin = super::operator::read_new_pin(false, env.lang())?;
            db.reset_pin(&name, &pin)?;
            tell(
                env.lang(),
                "{} 已设新 PIN，锁定已解除",
                "{} has a new PIN; any lockout is lifted",
                &[&name],
            );
        }
        Cmd::Key(k) => super::operator_key::run(env, &mut db, today, k)?,
        Cmd::End { name, date: d } => {
            let d = env.day_or(&d, today)?;
            db.end_operator(&name, d)?;
            tell(
                env.lang(),
                "{} 已于 {} 停用，不能再登录",
                "{} ended on {}; they can no longer sign in",
                &[&name, &d],
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
