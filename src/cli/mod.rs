//! gridcare's command line (issue 26 item 1): one file per subcommand, each
//! with its clap arguments, its `run` and its text; [`Env`] is what they all
//! ask (the database file, the operator signed in, the language, the as-of
//! date). A new subcommand is one file here, one line in [`Command`] and
//! one in [`dispatch`]; what it writes is one `Db` method.

// Everything the command line prints goes through `text::visible` (issue 24
// item 11): a control character stored in the database (edited by hand) is
// shown as `\u{1b}`, never sent to the terminal. These shadow std's macros
// in every file of the command line; `out` is the one writer of stdout.
macro_rules! println {
    () => {
        $crate::cli::out("\n")
    };
    ($($arg:tt)*) => {
        $crate::cli::out(&format!("{}\n", format_args!($($arg)*)))
    };
}
macro_rules! eprintln {
    () => {
        eprint!("\n")
    };
    ($($arg:tt)*) => {
        eprint!("{}\n", $crate::text::visible(&format!($($arg)*)))
    };
}

pub mod audit;
pub mod backup;
pub mod care_plan;
pub mod check;
pub mod contract;
pub mod demo;
pub mod env;
pub mod event;
pub mod export;
pub mod groups;
pub mod import;
pub mod init;
pub mod interface;
pub mod keyin;
pub mod operator;
pub mod operator_key;
pub mod overview;
pub mod plan;
pub mod points;
pub mod print;
pub mod queue;
pub mod referral;
pub mod report;
pub mod restore;
pub mod roster;
pub mod server;
pub mod server_check;
pub mod ssh;
pub mod undo_removal;

pub use env::{Env, Global, bad_arguments};

/// What every subcommand's file takes in.
mod prelude {
    pub use super::env::*;
    pub use super::{Format, csv_line, out, say, table_line, tell};
    pub use crate::db::{CheckReport, DbError, Result};
    pub use crate::db::{Db, OpenMode, Place, Scope};
    pub use crate::domain::model::*;
    pub use crate::domain::queue::{Filter, Status, Task, When, WorkerRole};
    pub use crate::domain::tier::Tier;
    pub use crate::print::Who;
    pub use crate::text::{pad, pad_left};
    pub use crate::words::Lang;
    pub use crate::words::pick;
    pub use anyhow::Context;
    pub use chrono::NaiveDate;
    pub use std::collections::HashMap;
    pub use std::path::PathBuf;
    pub use std::process::ExitCode;
}

use crate::db::Db;
use crate::text::{pad, pad_left};
use chrono::NaiveDate;
use std::process::ExitCode;

#[derive(clap::Subcommand)]
pub enum Command {
    /// Open the demo township (created on first use) in the terminal interface
    Demo(demo::Args),
    /// Create an empty database
    Init,
    /// The rosters: grid workers, village doctors, township GPs; who covers which grid
    #[command(subcommand)]
    Roster(roster::Cmd),
    /// Family-doctor contracts (签约): sign, renew, end early, and those ending soon
    #[command(subcommand)]
    Contract(contract::Cmd),
    /// The family doctor's one-person-one-plan (一人一策) of a lonely elder: show, set
    #[command(subcommand)]
    CarePlan(care_plan::Cmd),
    /// Two-way referrals (双向转诊): list, send, receive, return down, close
    #[command(subcommand)]
    Referral(referral::Cmd),
    /// Check integrity and foreign keys, and summarise what the database holds
    Check(check::Args),
    /// Open, overdue and red tasks per township: the county's view
    Overview(overview::Args),
    /// Copy the database to a new file, safely while gridcare is in use
    Backup(backup::Args),
    /// Who changed what and when, with the values before and after
    Audit(audit::Args),
    /// Replace the database's contents with a backup, keeping the database as it was beside it
    Restore(restore::Args),
    /// Undo the latest removal of a resident or household (a contact outcome
    /// "removed", or management ended): they return to management with their
    /// tasks; the record keeps the removal and its undoing
    UndoRemoval(undo_removal::Args),
    /// Print the visit queue for scripts and other tools
    Queue(queue::Args),
    /// Import residents, households, chronic conditions or follow-up visits from CSV or XLSX (see README, "Importing")
    Import(import::Args),
    /// Export residents, households, conditions or visits in the shape `import` reads
    Export(export::Args),
    /// The indicators of domain.md §8 for a period: a row per village and the township total
    Report(report::Args),
    /// Print task sheets (PDF or text) for a grid worker, team, volunteer, village or the township
    Print(print::Args),
    /// Key a printed batch's paper back in, row by row in sheet order, by the codes on the sheets
    Keyin(keyin::Args),
    /// A worker's plan for an ISO week (domain.md §6): made and stored if none is, printed with reasons and load/capacity
    Plan(plan::Args),
    /// Operators who sign in, with their role (coordinator, village doctor, grid worker) and PIN
    #[command(subcommand)]
    Operator(operator::Cmd),
    /// Volunteer groups of a village (§5): `list`, or `plan` a stable regrouping (`--apply` makes it)
    #[command(subcommand)]
    Groups(groups::Cmd),
    /// For sshd's AuthorizedKeysCommand: the keys bound to operators, each signing its operator in (README, "Running a county server")
    SshKeys(ssh::Args),
    /// The county server: `setup` prints (or --apply makes) its account, folders, sshd and backup timer; `check` names what is wrong
    #[command(subcommand)]
    Server(server::Cmd),
    /// Health-education events (issue 32): `add` a lecture, consultation or push campaign, `list`, `attend`
    #[command(subcommand)]
    Event(event::Cmd),
    /// Health points 健康积分 (issue 32): `show` a balance, `spend` on a service, `correct` with a reason
    #[command(subcommand)]
    Points(points::Cmd),
}

/// Runs the subcommand (none: the interface).
pub fn dispatch(env: &Env, command: Option<Command>) -> anyhow::Result<ExitCode> {
    // dates are checked before anything is opened
    env.today_flag()?;
    ssh::only_the_interface(env, command.is_some())?;
    match command {
        None => interface::run(env),
        Some(Command::Demo(a)) => demo::run(env, a),
        Some(Command::Init) => init::run(env),
        Some(Command::Roster(a)) => roster::run(env, a),
        Some(Command::Contract(a)) => contract::run(env, a),
        Some(Command::CarePlan(a)) => care_plan::run(env, a),
        Some(Command::Referral(a)) => referral::run(env, a),
        Some(Command::Check(a)) => check::run(env, a),
        Some(Command::Overview(a)) => overview::run(env, a),
        Some(Command::Backup(a)) => backup::run(env, a),
        Some(Command::Audit(a)) => audit::run(env, a),
        Some(Command::Restore(a)) => restore::run(env, a),
        Some(Command::UndoRemoval(a)) => undo_removal::run(env, a),
        Some(Command::Queue(a)) => queue::run(env, a),
        Some(Command::Import(a)) => import::run(env, a),
        Some(Command::Export(a)) => export::run(env, a),
        Some(Command::Report(a)) => report::run(env, a),
        Some(Command::Print(a)) => print::run(env, a),
        Some(Command::Keyin(a)) => keyin::run(env, a),
        Some(Command::Plan(a)) => plan::run(env, a),
        Some(Command::Operator(a)) => operator::run(env, a),
        Some(Command::Groups(a)) => groups::run(env, a),
        Some(Command::SshKeys(a)) => ssh::run(env, a),
        Some(Command::Server(a)) => server::run(env, a),
        Some(Command::Event(a)) => event::run(env, a),
        Some(Command::Points(a)) => points::run(env, a),
    }
}

/// A line in the command line's language (`{}` filled in order).
pub fn say(
    lang: crate::words::Lang,
    zh: &str,
    en: &str,
    args: &[&dyn std::fmt::Display],
) -> String {
    crate::words::fill(crate::words::pick_str(lang, zh, en), args)
}

/// Prints a confirmation in the command line's language (`{}` filled in order).
pub fn tell(lang: crate::words::Lang, zh: &str, en: &str, args: &[&dyn std::fmt::Display]) {
    println!("{}", say(lang, zh, en, args));
}

/// Writes `text` to stdout with its control characters shown (see the
/// `println` above); a reader that stops early (`| head`) is not an error.
pub fn out(text: &str) {
    use std::io::Write;
    let text = crate::text::visible(text);
    let mut o = std::io::stdout().lock();
    let _ = o.write_all(text.as_bytes()).and_then(|_| o.flush());
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
}

/// One CSV line, every cell quoted (Chinese text, commas and quotes inside),
/// each cell escaped as every CSV gridcare writes (`text::csv_row`).
pub fn csv_line(cells: &[String]) -> String {
    crate::text::csv_row(cells, true)
}

/// One line of a command-line table (issue 25 item 6: heads and rows
/// alike): each cell padded to its width in terminal cells, right-aligned
/// when the width is negative; the last cell as it is.
pub fn table_line(cells: &[&str], widths: &[isize]) -> String {
    let padded: Vec<String> = cells
        .iter()
        .enumerate()
        .map(|(i, c)| match widths.get(i) {
            Some(&w) if w < 0 => pad_left(c, w.unsigned_abs()),
            Some(&w) => pad(c, w as usize),
            None => c.to_string(),
        })
        .collect();
    padded.join(" ").trim_end().to_string() + "\n"
}

/// The as-of date of a command: `--today` when given, else the date a demo
/// database was generated for (its `demo_date` meta row, so `gridcare queue`
/// on the demo agrees with the demo's interface), else `wall` (the clock's today).
pub fn as_of(flag: Option<NaiveDate>, db: &Db, wall: NaiveDate) -> NaiveDate {
    flag.or_else(|| {
        db.meta("demo_date")
            .ok()
            .flatten()
            .and_then(|d| NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok())
    })
    .unwrap_or(wall)
}
