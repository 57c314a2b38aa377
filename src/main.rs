//! gridcare's command line: parses arguments, opens the database, then runs
//! the terminal interface or a printing subcommand. The module map is in lib.rs.

// Everything this file prints goes through `text::visible` (issue 24 item
// 11): a control character stored in the database (edited by hand) is shown
// as `\u{1b}`, never sent to the terminal. These shadow std's macros for the
// whole file; `out` is the one writer of stdout.
macro_rules! println {
    () => {
        out("\n")
    };
    ($($arg:tt)*) => {
        out(&format!("{}\n", format_args!($($arg)*)))
    };
}
macro_rules! eprintln {
    ($($arg:tt)*) => {
        eprint!("{}\n", gridcare::text::visible(&format!($($arg)*)))
    };
}

use anyhow::Context;
use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use gridcare::cli::{self, Format};
use gridcare::db::{Db, OpenMode, Place, Scope};
use gridcare::domain::model::{Colour, VisitKind};
use gridcare::domain::queue::{Filter, Status};
use gridcare::domain::tier::Tier;
use gridcare::print;
use gridcare::tui::{self, strings::Lang};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "gridcare",
    version,
    about = "Grid-based chronic-disease management for a township health centre"
)]
struct Args {
    /// The database file (default: gridcare.db in your data directory)
    #[arg(long, env = "GRIDCARE_DB", global = true)]
    db: Option<PathBuf>,
    /// The as-of date for everything, YYYY-MM-DD (default: a demo database's own date, else today)
    #[arg(long, global = true, value_name = "YYYY-MM-DD")]
    today: Option<String>,
    /// Interface language (default: the database's ui.lang setting, else Chinese)
    #[arg(long, global = true, value_enum, env = "GRIDCARE_LANG")]
    lang: Option<Lang>,
    /// Draw ASCII borders and markers (automatic when the locale is not UTF-8)
    #[arg(long, global = true)]
    ascii: bool,
    /// Open the database read-only: nothing is saved but a wrong PIN's count (automatic, with a note, when it cannot be written)
    #[arg(long, global = true)]
    read_only: bool,
    /// Work on this township only (name or number); the interface opens on the first one otherwise
    #[arg(long, global = true, env = "GRIDCARE_TOWNSHIP")]
    township: Option<String>,
    /// Who is working, when the database has operators (before the command:
    /// `gridcare --operator 李芳 queue`); the PIN comes from GRIDCARE_PIN or the terminal
    #[arg(long, env = "GRIDCARE_OPERATOR")]
    operator: Option<String>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ExportFormat {
    Csv,
    Xlsx,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ReportFormat {
    Table,
    Csv,
    Xlsx,
    Pdf,
}

#[derive(Subcommand)]
enum ReferralCmd {
    /// Open referrals, oldest first; those with no reply after referral.no_reply_days marked
    List {
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// Returned and closed referrals too
        #[arg(long)]
        all: bool,
    },
    /// Send a referral: --resident ID-NUMBER --to county --reason 血压控制不满意
    Send {
        /// The resident's ID number
        #[arg(long)]
        resident: String,
        #[arg(long, value_parser = ["township", "county"])]
        to: String,
        /// Where it is sent from (default: the township health centre)
        #[arg(long, value_parser = ["village", "township"], default_value = "township")]
        from: String,
        #[arg(long)]
        reason: String,
        #[arg(long, value_parser = ["routine", "emergency"], default_value = "routine")]
        urgency: String,
        /// Sent on (default: today)
        #[arg(long)]
        date: Option<String>,
    },
    /// The referral was received (its number from `referral list`)
    Receive {
        #[arg(long)]
        id: i64,
        #[arg(long)]
        date: Option<String>,
    },
    /// Returned down (下转): the county's advice; the patient goes back to the family-doctor team
    Return {
        #[arg(long)]
        id: i64,
        #[arg(long)]
        date: Option<String>,
        #[arg(long)]
        advice: Option<String>,
    },
    /// Closed with its outcome (no return)
    Close {
        #[arg(long)]
        id: i64,
        #[arg(long)]
        date: Option<String>,
        #[arg(long)]
        outcome: Option<String>,
    },
}

#[derive(Subcommand)]
enum RosterCmd {
    /// Everyone on the rosters with their grids and load, uncovered grids, and a proposal to even the load
    List {
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Add a person: --name 涂春生 --role grid_worker --phone 139… --village 富民村
    Add {
        #[arg(long)]
        name: String,
        #[arg(long, value_parser = ["grid_worker", "village_doctor", "township_gp", "county_specialist", "nurse"])]
        role: String,
        #[arg(long)]
        phone: Option<String>,
        #[arg(long)]
        village: Option<String>,
    },
    /// Correct a person's name or phone (their number from `roster list`)
    Edit {
        #[arg(long)]
        id: i64,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        phone: Option<String>,
    },
    /// Hand a grid to a grid worker from a date (history is kept)
    Assign {
        /// The grid: 富民村第一网格 or its number
        #[arg(long)]
        grid: String,
        /// The grid worker: a name or a number
        #[arg(long)]
        worker: String,
        /// The first day they cover it (default: the as-of date)
        #[arg(long)]
        from: Option<String>,
    },
    /// A grid worker leaves: each of their grids goes to the worker named for it, in one transaction
    End {
        #[arg(long)]
        worker: String,
        /// The first day without them (default: the as-of date)
        #[arg(long)]
        date: Option<String>,
        /// GRID=WORKER for each of their grids, e.g. 富民村第一网格=淦小红
        #[arg(long)]
        handover: Vec<String>,
    },
    /// Add a family-doctor team to a village: --village 富民村 --name 富民村家庭医生团队
    Team {
        #[arg(long)]
        village: String,
        #[arg(long)]
        name: String,
    },
    /// Put a person in a family-doctor team (--leader to lead it), or take them out (--remove)
    Member {
        /// The team: its name or number
        #[arg(long)]
        team: String,
        /// The person: their name on the rosters or their number
        #[arg(long)]
        staff: String,
        #[arg(long)]
        leader: bool,
        #[arg(long)]
        remove: bool,
    },
    /// A resident becomes a volunteer of their village (§5): --resident ID-NUMBER
    Volunteer {
        /// Their ID number (身份证号)
        #[arg(long)]
        resident: String,
        /// The first day (default: the as-of date)
        #[arg(long)]
        since: Option<String>,
    },
    /// A volunteer steps down; their group is flagged until it has a new volunteer
    StepDown {
        /// The volunteer: their name or `volunteer:NUMBER`
        #[arg(long)]
        volunteer: String,
        /// Their last day (default: the as-of date)
        #[arg(long)]
        date: Option<String>,
    },
}

#[derive(Subcommand)]
enum OperatorCmd {
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
    /// An operator leaves: they can no longer sign in; their name stays in the audit log
    End {
        name: String,
        /// The day they end (default: the as-of date)
        #[arg(long)]
        date: Option<String>,
    },
}

#[derive(Subcommand)]
enum ContractCmd {
    /// Sign: --resident ID-NUMBER --team 富民村家庭医生团队 [--from DATE] [--to DATE] (default a year from the as-of date)
    Sign {
        #[arg(long)]
        resident: String,
        #[arg(long)]
        team: String,
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        to: Option<String>,
    },
    /// Renew the resident's current (or latest) contract for the next period: [--to DATE] (default a year on)
    Renew {
        #[arg(long)]
        resident: String,
        #[arg(long)]
        to: Option<String>,
    },
    /// End the current contract early: --date LAST-DAY --reason …
    End {
        #[arg(long)]
        resident: String,
        #[arg(long)]
        date: Option<String>,
        #[arg(long)]
        reason: String,
    },
    /// Contracts ending within --days (default 30), soonest first
    Expiring {
        #[arg(long, default_value_t = 30)]
        days: i64,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

#[derive(Subcommand)]
enum CarePlanCmd {
    /// A resident's plan with the day it was written and its review date
    Show {
        /// The resident's ID number
        #[arg(long)]
        resident: String,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Write a resident's plan: --review YYYY-MM-DD and --text T or --file F (UTF-8)
    #[command(group(clap::ArgGroup::new("plan").required(true).args(["text", "file"])))]
    Set {
        /// The resident's ID number
        #[arg(long)]
        resident: String,
        /// When the plan is to be reviewed (after the as-of date)
        #[arg(long)]
        review: String,
        #[arg(long)]
        text: Option<String>,
        #[arg(long)]
        file: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum Command {
    /// Open the demo township (created on first use) in the terminal interface
    Demo {
        /// Seed of the generator: the same seed gives the same township
        #[arg(long, default_value_t = 2026)]
        seed: u64,
        /// Throw away the existing demo database and generate it again
        #[arg(long)]
        fresh: bool,
        /// Create the demo database and print where it is, without opening the interface
        #[arg(long)]
        no_tui: bool,
        /// A whole county instead: 20 townships, about 500,000 residents (takes a minute or two)
        #[arg(long)]
        county: bool,
    },
    /// Create an empty database
    Init,
    /// The rosters: grid workers, village doctors, township GPs; who covers which grid
    Roster {
        #[command(subcommand)]
        action: RosterCmd,
    },
    /// Family-doctor contracts (签约): sign, renew, end early, and those ending soon
    Contract {
        #[command(subcommand)]
        action: ContractCmd,
    },
    /// The family doctor's one-person-one-plan (一人一策) of a lonely elder: show, set
    CarePlan {
        #[command(subcommand)]
        action: CarePlanCmd,
    },
    /// Two-way referrals (双向转诊): list, send, receive, return down, close
    Referral {
        #[command(subcommand)]
        action: ReferralCmd,
    },
    /// Check integrity and foreign keys, and summarise what the database holds
    Check {
        /// Also check the audit log against these backups (their recorded
        /// head must still be in it); the daily backups are always compared
        #[arg(long, value_name = "BACKUP")]
        against: Vec<PathBuf>,
    },
    /// Open, overdue and red tasks per township: the county's view
    Overview {
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Copy the database to a new file, safely while gridcare is in use
    Backup {
        /// The new file (never overwritten), e.g. /media/usb/gridcare-2026-11-23.db
        #[arg(required_unless_present = "daily")]
        dest: Option<PathBuf>,
        /// Today's backup into the backup.folder setting's folder, removing
        /// daily backups older than backup.keep_days (for cron)
        #[arg(long, conflicts_with = "dest")]
        daily: bool,
    },
    /// Who changed what and when, with the values before and after
    Audit {
        /// Only this resident's record and visits: their ID-card number (or their number in gridcare)
        #[arg(long)]
        resident: Option<String>,
        /// Only this household, its members and their visits (its number)
        #[arg(long)]
        household: Option<i64>,
        /// Only this operator's changes
        #[arg(long)]
        operator: Option<String>,
        /// Only changes on or after this date, YYYY-MM-DD
        #[arg(long, value_name = "YYYY-MM-DD")]
        since: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Replace the database's contents with a backup, keeping the database as it was beside it
    Restore {
        /// The backup to restore (checked first)
        file: PathBuf,
        /// Restore even a backup with fewer residents than the database, or
        /// one that leaves a database that had operators without them
        #[arg(long)]
        force: bool,
    },
    /// Undo the latest removal of a resident or household (a contact outcome
    /// "removed", or management ended): they return to management with their
    /// tasks; the record keeps the removal and its undoing
    #[command(group(clap::ArgGroup::new("whose").required(true)))]
    UndoRemoval {
        /// The resident (their number, as `gridcare audit` and `queue --format json` show it)
        #[arg(long, group = "whose")]
        resident: Option<i64>,
        /// A household's own task (its number)
        #[arg(long, group = "whose")]
        household: Option<i64>,
    },
    /// Print the visit queue for scripts and other tools
    Queue {
        /// Only this grid worker, doctor team or volunteer: a name, or grid_worker:ID, team:ID, volunteer:ID
        #[arg(long)]
        worker: Option<String>,
        /// Only this village (name or number)
        #[arg(long)]
        village: Option<String>,
        /// Only this grid: village and grid name (富民村第一网格) or number
        #[arg(long)]
        grid: Option<String>,
        /// Only this kind: household, followup, yearly_check, recheck, referral_followup
        #[arg(long, value_parser = parse_code::<VisitKind>)]
        kind: Option<VisitKind>,
        /// Only this status: overdue, due, upcoming, done, removed
        #[arg(long, value_parser = parse_code::<Status>)]
        status: Option<Status>,
        /// Only this colour: red, yellow, green, unassessed
        #[arg(long, value_parser = parse_code::<Colour>)]
        colour: Option<Colour>,
        /// Only households of this tier, 1–5
        #[arg(long, value_parser = parse_tier)]
        tier: Option<Tier>,
        /// Only the queue of this cadence, as the interface's tabs: week, month, quarter, year (dated tasks are on the week's and the chronic follow-up's)
        #[arg(long, value_parser = parse_cadence)]
        cadence: Option<gridcare::domain::calendar::Cadence>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Import residents, households, chronic conditions or follow-up visits from CSV or XLSX (see README, "Importing")
    Import {
        /// What the file holds
        #[arg(value_enum)]
        kind: gridcare::import::Kind,
        /// The CSV (UTF-8 or GBK) or XLSX file
        file: PathBuf,
        /// Check the file and print the report; write nothing
        #[arg(long)]
        dry_run: bool,
        /// Import the good rows and write the bad ones, with a reason column, to a file to fix and import again
        #[arg(long)]
        skip_bad: bool,
        /// Where --skip-bad writes the bad rows (default: FILE-rejected beside the file)
        #[arg(short = 'o', long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Create villages and grids the file names that do not exist yet
        #[arg(long)]
        create_places: bool,
    },
    /// Export residents, households, conditions or visits in the shape `import` reads
    Export {
        #[arg(value_enum)]
        kind: gridcare::import::Kind,
        /// Only this village
        #[arg(long)]
        village: Option<String>,
        #[arg(long, value_enum, default_value_t = ExportFormat::Csv)]
        format: ExportFormat,
        /// The file to write (readable by you only)
        #[arg(short = 'o', long, value_name = "FILE")]
        output: PathBuf,
    },
    /// The indicators of domain.md §8 for a period: a row per village and the township total
    Report {
        /// A year (2026), a quarter (2026Q3) or a month (2026-11)
        #[arg(long, value_parser = parse_period, required_unless_present = "spot_check")]
        period: Option<gridcare::domain::calendar::Period>,
        /// Only this village (name)
        #[arg(long, conflicts_with_all = ["grid", "worker", "team"])]
        village: Option<String>,
        /// Only this grid (富民村第一网格, or its number)
        #[arg(long, conflicts_with_all = ["worker", "team"])]
        grid: Option<String>,
        /// Only the grids of this grid worker (a name, or grid_worker:ID), or a team's people
        #[arg(long, conflicts_with = "team")]
        worker: Option<String>,
        /// Only the people of this family-doctor team (a name, or team:ID)
        #[arg(long)]
        team: Option<String>,
        #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
        format: ReportFormat,
        /// The file to write (readable by you only; needed for xlsx and pdf)
        #[arg(short = 'o', long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// The county's spot check (domain.md §8): N managed patients drawn at random, with phone and last follow-ups
        #[arg(long, value_name = "N", conflicts_with = "period")]
        spot_check: Option<usize>,
        /// The spot check's seed: the same seed and data draw the same sample again (default: the time, shown)
        #[arg(long, requires = "spot_check")]
        seed: Option<String>,
        /// A font file with Chinese characters for a PDF spot check (default: the print.font setting, else a system font)
        #[arg(long, requires = "spot_check")]
        font: Option<PathBuf>,
    },
    /// Print task sheets (PDF or text) for a grid worker, team, volunteer, village or the township
    #[command(group(clap::ArgGroup::new("who").required(true)), group(clap::ArgGroup::new("period")))]
    Print {
        /// A grid worker (or any worker: a name, grid_worker:ID, team:ID, volunteer:ID)
        #[arg(long, group = "who")]
        worker: Option<String>,
        /// A family-doctor team: its name or number
        #[arg(long, group = "who")]
        team: Option<String>,
        /// A volunteer: their name or number
        #[arg(long, group = "who")]
        volunteer: Option<String>,
        /// Every grid worker of a village, each on new pages
        #[arg(long, group = "who")]
        village: Option<String>,
        /// Every grid worker of a township (the first one, or NAME), each on new pages
        #[arg(long, group = "who", num_args = 0..=1, default_missing_value = "", value_name = "NAME")]
        township: Option<String>,
        /// An ISO week, e.g. 2026-W48 (without --week or --month: the as-of date's week)
        #[arg(long, group = "period")]
        week: Option<String>,
        /// A month, e.g. 2026-11
        #[arg(long, group = "period")]
        month: Option<String>,
        #[arg(long, value_enum, default_value_t = print::Format::Pdf)]
        format: print::Format,
        /// The file (or folder) to write (default: e.g. 涂春生-2026-W48.pdf in the print.folder setting, else here)
        #[arg(short = 'o', long)]
        output: Option<PathBuf>,
        /// Send the file to the printer with `lp` (CUPS) as well
        #[arg(long)]
        lp: bool,
        /// Send the text sheets to the printer at your own PC through the terminal
        /// (ANSI media copy, as PuTTY prints over SSH); writes no file
        #[arg(long, conflicts_with_all = ["output", "lp", "format"])]
        terminal: bool,
        /// A font file with Chinese characters for PDF (default: the print.font setting, else a system font)
        #[arg(long, env = "GRIDCARE_FONT")]
        font: Option<PathBuf>,
        /// A patient's national follow-up forms (高血压/2型糖尿病患者随访服务记录表) for a year
        #[arg(long, group = "who", requires = "resident", conflicts_with_all = ["period", "terminal"])]
        form: bool,
        /// With --form: the patient's ID number
        #[arg(long, requires = "form", value_name = "ID_NUMBER")]
        resident: Option<String>,
        /// With --form: the year (default: the as-of date's year)
        #[arg(long, requires = "form")]
        year: Option<i32>,
    },
    /// A worker's plan for an ISO week (domain.md §6): made and stored if none is, printed with reasons and load/capacity
    Plan {
        /// The grid worker or family-doctor team: a name, or grid_worker:ID, team:ID
        #[arg(long)]
        worker: String,
        /// The ISO week, e.g. 2026-W48 (default: the as-of date's week)
        #[arg(long)]
        week: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// Show what a new plan would move into and out of the week; stores nothing without --apply
        #[arg(long)]
        replan: bool,
        /// With --replan: replace the stored plan (hand moves are kept)
        #[arg(long, requires = "replan")]
        apply: bool,
    },
    /// Operators who sign in, with their role (coordinator, village doctor, grid worker) and PIN
    Operator {
        #[command(subcommand)]
        action: OperatorCmd,
    },
    /// Volunteer groups of a village (§5): `list`, or `plan` a stable regrouping (`--apply` makes it)
    Groups {
        #[command(subcommand)]
        cmd: GroupsCmd,
    },
}

#[derive(Subcommand)]
enum GroupsCmd {
    /// Show (and with --apply make) the village's regrouping: who leaves which group for which
    Plan {
        /// The village: name or number
        #[arg(long)]
        village: String,
        /// Apply the plan, in one transaction
        #[arg(long)]
        apply: bool,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// The village's groups: volunteer and size
    List {
        /// The village: name or number
        #[arg(long)]
        village: String,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

trait Code: Sized {
    fn from_code(s: &str) -> Option<Self>;
    fn codes() -> String;
}
macro_rules! code {
    ($($t:ty),*) => {$(impl Code for $t {
        fn from_code(s: &str) -> Option<Self> { <$t>::from_code(s) }
        fn codes() -> String { <$t>::codes() }
    })*};
}
code!(VisitKind, Status, Colour);

// The options' values are checked while the arguments are read, before
// any database is: their messages are in `flag_lang`'s language.

fn parse_code<T: Code>(s: &str) -> Result<T, String> {
    T::from_code(s).ok_or_else(|| {
        say(
            flag_lang(),
            "“{}”不是以下之一：{}",
            "\"{}\" is not one of: {}",
            &[&s, &T::codes()],
        )
    })
}

fn parse_period(s: &str) -> Result<gridcare::domain::calendar::Period, String> {
    gridcare::domain::indicators::parse_period(s).map_err(|e| match flag_lang() {
        Lang::Zh => format!("“{s}”不是统计期；请写年份（2026）、季度（2026Q3）或月份（2026-11）"),
        Lang::En => e,
    })
}

fn parse_cadence(s: &str) -> Result<gridcare::domain::calendar::Cadence, String> {
    s.parse().map_err(|_| {
        say(
            flag_lang(),
            "“{}”不是周期；请写 week、month、quarter 或 year",
            "\"{}\" is not a cadence; give week, month, quarter or year",
            &[&s],
        )
    })
}

fn parse_tier(s: &str) -> Result<Tier, String> {
    s.trim_start_matches('★')
        .parse::<u8>()
        .ok()
        .and_then(Tier::new)
        .ok_or_else(|| {
            say(
                flag_lang(),
                "“{}”不是星级；请写 1 到 5",
                "\"{}\" is not a tier; give 1 to 5",
                &[&s],
            )
        })
}

/// The language while the arguments are read, before clap has them and
/// before any database is open: --lang (or --lang=), else GRIDCARE_LANG,
/// else Chinese (issue 25 item 6).
fn flag_lang() -> Lang {
    let args: Vec<String> = std::env::args().collect();
    let flag = args.iter().enumerate().find_map(|(i, a)| match a.as_str() {
        "--lang" => args.get(i + 1).cloned(),
        a => a.strip_prefix("--lang=").map(String::from),
    });
    flag.or_else(|| std::env::var("GRIDCARE_LANG").ok())
        .and_then(|v| <Lang as clap::ValueEnum>::from_str(&v, true).ok())
        .unwrap_or_default()
}

/// A command line clap cannot read: in Chinese one line saying what is
/// wrong (the common mistakes; clap's own English otherwise), in English
/// clap's message; help and the version are printed as clap prints them.
fn bad_arguments(e: clap::Error) -> ExitCode {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if flag_lang() == Lang::En || !e.use_stderr() {
        e.exit()
    }
    let context = |k: ContextKind| match e.get(k) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join("、"),
        _ => String::new(),
    };
    let arg = context(ContextKind::InvalidArg);
    let value = context(ContextKind::InvalidValue);
    let text = match e.kind() {
        ErrorKind::ValueValidation => {
            let why = std::error::Error::source(&e).map_or(String::new(), |s| s.to_string());
            format!("{arg}：{why}")
        }
        ErrorKind::InvalidValue if value.is_empty() => format!("{arg} 需要一个值"),
        ErrorKind::InvalidValue => format!(
            "{arg} 的值“{value}”无效；可用：{}",
            context(ContextKind::ValidValue)
        ),
        ErrorKind::UnknownArgument => {
            format!(
                "没有选项 {arg}；`gridcare --help` 列出各命令，`gridcare 命令 --help` 列出其选项"
            )
        }
        ErrorKind::InvalidSubcommand => format!(
            "没有命令“{}”；`gridcare --help` 列出各命令",
            context(ContextKind::InvalidSubcommand)
        ),
        ErrorKind::MissingRequiredArgument => {
            format!("缺少 {arg}；`gridcare 命令 --help` 列出其选项")
        }
        ErrorKind::ArgumentConflict => {
            format!("{arg} 不能与 {} 同用", context(ContextKind::PriorArg))
        }
        ErrorKind::MissingSubcommand => "缺少子命令；`gridcare 命令 --help` 列出它们".to_string(),
        // a command without its subcommand: clap shows that command's help
        _ => e.exit(),
    };
    eprintln!("gridcare: {text}");
    ExitCode::from(2)
}

fn data_dir(lang: Lang) -> anyhow::Result<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "gridcare").with_context(|| {
        say(
            lang,
            "找不到您的主目录；请用 --db 路径",
            "cannot find your home directory; give --db PATH",
            &[],
        )
    })?;
    let dir = dirs.data_dir().to_path_buf();
    private_dir(
        &dir,
        say(
            lang,
            "无法创建数据目录 {}",
            "cannot create the data directory {}",
            &[&dir.display()],
        ),
    )?;
    Ok(dir)
}

/// Makes `dir` (and its parents) readable by you only, unless it exists;
/// `fails` says what could not be made.
fn private_dir(dir: &std::path::Path, fails: String) -> anyhow::Result<()> {
    if !dir.exists() {
        let mut b = std::fs::DirBuilder::new();
        b.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
        b.create(dir).context(fails)?;
    }
    Ok(())
}

/// A line in the command line's language (`{}` filled in order).
fn say(lang: Lang, zh: &str, en: &str, args: &[&dyn std::fmt::Display]) -> String {
    tui::strings::fill(tui::strings::pick_str(lang, zh, en), args)
}

/// Prints a confirmation in the command line's language (`{}` filled in order).
fn tell(lang: Lang, zh: &str, en: &str, args: &[&dyn std::fmt::Display]) {
    println!("{}", say(lang, zh, en, args));
}

/// The command line's one language (issue 25 item 6), decided once per run
/// as the interface decides it: --lang (or GRIDCARE_LANG), else the
/// database's ui.lang setting, else Chinese. Every line a command prints,
/// its errors included, is in it; `--format csv|json` keep their codes.
struct Language {
    flag: Option<Lang>,
    chosen: std::cell::Cell<Option<Lang>>,
}

impl Language {
    fn new(flag: Option<Lang>) -> Self {
        Language {
            flag,
            chosen: Default::default(),
        }
    }

    /// The language, decided by the first database the run opens.
    fn of(&self, db: &Db) -> Lang {
        if let Some(l) = self.chosen.get() {
            return l;
        }
        let l = self
            .flag
            .or_else(|| {
                let v = db.settings().ok()?.get("ui.lang")?.clone();
                <Lang as clap::ValueEnum>::from_str(&v, true).ok()
            })
            .unwrap_or_default();
        self.chosen.set(Some(l));
        l
    }

    /// The language decided so far: before any database could be read,
    /// --lang (or GRIDCARE_LANG), else Chinese.
    fn now(&self) -> Lang {
        self.chosen.get().or(self.flag).unwrap_or_default()
    }
}

/// ASCII when asked, or when the locale does not say UTF-8.
fn want_ascii(flag: bool) -> bool {
    let locale = ["LC_ALL", "LC_CTYPE", "LANG"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()));
    flag || locale.is_some_and(|l| !l.to_uppercase().replace('-', "").contains("UTF8"))
}

/// A reading command's database: read-only with a note when it cannot be
/// written (issue 17), so a copy on a read-only stick can still be read.
fn open_for_reading(
    path: &std::path::Path,
    read_only: bool,
    language: &Language,
) -> anyhow::Result<Db> {
    let db = Db::open_for_reading(path, read_only)?;
    let lang = language.of(&db);
    if let Some(why) = db.read_only().filter(|_| !read_only) {
        let s = tui::strings::strings(lang);
        eprintln!(
            "gridcare: {}: {}: {}",
            s.note,
            path.display(),
            tui::strings::read_only_why(lang, why)
        );
    }
    Ok(db)
}

/// `backup --daily`: today's file in the backup folder (the backup.folder
/// setting, else `backups` beside the database, made private), and the
/// daily backups past backup.keep_days, which it removes.
fn daily_backup_path(
    lang: Lang,
    db: &Db,
    path: &std::path::Path,
    today: NaiveDate,
) -> anyhow::Result<(PathBuf, Vec<PathBuf>)> {
    let (folder, keep) = daily_backup_folder(db, path)?;
    private_dir(
        &folder,
        say(
            lang,
            "无法创建备份文件夹 {}",
            "cannot create the backup folder {}",
            &[&folder.display()],
        ),
    )?;
    let mut removed = Vec::new();
    for entry in std::fs::read_dir(&folder)?.flatten() {
        if let Some(d) = is_daily_backup(&entry.path())
            && (today - d).num_days() >= keep
        {
            std::fs::remove_file(entry.path())?;
            removed.push(entry.path());
        }
    }
    Ok((folder.join(format!("gridcare-{today}.db")), removed))
}

/// The daily backups' folder (the backup.folder setting, else `backups`
/// beside the database) and how many days they are kept.
fn daily_backup_folder(db: &Db, path: &std::path::Path) -> anyhow::Result<(PathBuf, i64)> {
    let settings = db.settings()?;
    let folder = match settings.get("backup.folder").map(|s| s.trim()) {
        Some(f) if !f.is_empty() => PathBuf::from(f),
        _ => path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(std::path::Path::new("."))
            .join("backups"),
    };
    let keep = gridcare::domain::rules::setting_in(&settings, "backup.keep_days", 14, 1, 3650)
        .map_err(anyhow::Error::msg)?;
    Ok((folder, keep))
}

/// The day of a daily backup, from its name `gridcare-YYYY-MM-DD.db`.
fn is_daily_backup(p: &std::path::Path) -> Option<NaiveDate> {
    let name = p.file_name()?.to_string_lossy().into_owned();
    name.strip_prefix("gridcare-")
        .and_then(|n| n.strip_suffix(".db"))
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
}

/// The audit log's head a backup recorded (issue 24 item 8), read without
/// writing to it.
fn backup_head(file: &std::path::Path, lang: Lang) -> anyhow::Result<Option<(i64, String)>> {
    let b = Db::open_read_only(file, gridcare::db::ReadOnlyWhy::Asked).with_context(|| {
        say(
            lang,
            "无法读取备份 {}",
            "cannot read the backup {}",
            &[&file.display()],
        )
    })?;
    Ok(b.meta(gridcare::db::BACKUP_HEAD_KEY)?.and_then(|v| {
        let (id, hash) = v.split_once(' ')?;
        Some((id.parse().ok()?, hash.to_string()))
    }))
}

/// What a session loads (issue 9): --township, else the first township.
fn session_scope(db: &Db, township: Option<&str>) -> anyhow::Result<Scope> {
    Ok(match township {
        Some(t) => Scope::Township(db.find_township(t)?),
        None => db.default_scope()?,
    })
}

fn run(args: Args, language: &Language) -> anyhow::Result<ExitCode> {
    // Dates are checked before anything is opened; messages in the command line's language.
    // the run's language, once a database decided it (`Language`)
    let lang = || language.now();
    let date = |s: &str| cli::parse_date(s, lang()).map_err(anyhow::Error::msg);
    let today_flag = args.today.as_deref().map(date).transpose()?;
    let wall = chrono::Local::now().date_naive();
    // --today, else a demo database's own date, else the clock's (issue 10 item 14)
    let as_of = |db: &Db| cli::as_of(today_flag, db, wall);
    let ascii = want_ascii(args.ascii);
    let default_db =
        || -> anyhow::Result<PathBuf> { Ok(data_dir(language.now())?.join("gridcare.db")) };
    // --db or GRIDCARE_DB, else gridcare.db in the data directory
    let db_arg = args.db.clone();
    let db_path = || db_arg.clone().map_or_else(default_db, Ok);
    // Issue 15 item 2: when the database has operators, a command signs in
    // (--operator or GRIDCARE_OPERATOR, the PIN from GRIDCARE_PIN or the
    // terminal) once, and every connection it opens works as that operator.
    let session: std::cell::RefCell<Option<Option<gridcare::db::Session>>> = Default::default();
    let operator_name = args.operator.clone();
    let signed = |mut db: Db| -> anyhow::Result<Db> {
        language.of(&db);
        if let Some(p) = db.path() {
            warn_if_open_to_others(p, language.now());
        }
        // the operator's scope is decided by the real date, never by
        // --today, which the user types (issue 24 item 5)
        let day = gridcare::db::real_date();
        let known = session.borrow().clone();
        match known {
            Some(Some(s)) => db.bind_session(&s, day)?,
            Some(None) => {}
            None => {
                let s = gridcare::cli_operators::sign_in(
                    &mut db,
                    operator_name.as_deref(),
                    day,
                    language.now(),
                )?;
                *session.borrow_mut() = Some(s);
            }
        }
        Ok(db)
    };
    // the roster and referral commands: the database to write, its as-of date
    let open_writable = || -> anyhow::Result<(Db, chrono::NaiveDate)> {
        let db = signed(Db::open(&db_path()?, OpenMode::MustExist)?)?;
        let today = as_of(&db);
        Ok((db, today))
    };
    // a --date or --since that was not given is the as-of date
    let day_or = |d: &Option<String>, today| match d {
        Some(d) => date(d),
        None => Ok(today),
    };
    match args.command {
        None => {
            let path = db_path()?;
            let mut db = Db::open_for_reading(&path, args.read_only)?;
            let lang = language.of(&db);
            warn_if_open_to_others(&path, lang);
            let scope = session_scope(&db, args.township.as_deref())?;
            let today = as_of(&db);
            tui::run(
                &mut db,
                tui::Options {
                    today,
                    lang,
                    ascii,
                    colour: tui::colour_wanted(),
                    scope,
                },
            )?;
        }
        Some(Command::Demo {
            seed,
            fresh,
            no_tui,
            county,
        }) => {
            let path = match args.db {
                Some(p) => p,
                None if county => data_dir(lang())?.join(format!("demo-county-{seed}.db")),
                None => data_dir(lang())?.join(format!("demo-{seed}.db")),
            };
            // Issue 24 item 1: the demo opens or replaces only its own file
            // (marked so in its meta); anything else named by --db or
            // GRIDCARE_DB is refused before it is touched.
            let existed = path.exists();
            if existed {
                let probe =
                    Db::open_read_only(&path, gridcare::db::ReadOnlyWhy::Asked).map_err(|e| {
                        anyhow::anyhow!("{}", not_a_demo(lang(), &path, Some(&e.to_string())))
                    })?;
                language.of(&probe);
                let demo = probe.is_demo()?;
                drop(probe);
                anyhow::ensure!(demo, "{}", not_a_demo(lang(), &path, None));
                if fresh {
                    for ext in ["", "-wal", "-shm"] {
                        let p = PathBuf::from(format!("{}{ext}", path.display()));
                        if p.exists() {
                            std::fs::remove_file(&p).with_context(|| {
                                say(lang(), "无法删除 {}", "cannot remove {}", &[&p.display()])
                            })?;
                        }
                    }
                }
            }
            let mut db = Db::open(&path, OpenMode::CreateIfMissing)?;
            if !existed || fresh {
                // a new demo is Chinese unless --lang says otherwise
                db.mark_demo(seed)?;
            }
            if !db.holds_township()? {
                let cfg = if county {
                    gridcare::demo::DemoConfig::county(seed)
                } else {
                    gridcare::demo::DemoConfig {
                        seed,
                        ..Default::default()
                    }
                };
                let what = match (lang(), county) {
                    (Lang::Zh, true) => "县",
                    (Lang::Zh, false) => "乡镇",
                    (Lang::En, true) => "county",
                    (Lang::En, false) => "township",
                };
                eprintln!(
                    "gridcare: {}",
                    say(
                        lang(),
                        "正在生成演示{}：{} …",
                        "generating the demo {} in {} …",
                        &[&what, &path.display()]
                    )
                );
                let l = lang();
                gridcare::demo::generate_with_progress(&mut db, &cfg, &mut |done, of| {
                    progress_bar(done, of, l)
                })?;
            }
            let today = as_of(&db);
            if no_tui {
                println!("{}", path.display());
            } else {
                let lang = language.of(&db);
                let scope = session_scope(&db, args.township.as_deref())?;
                tui::run(
                    &mut db,
                    tui::Options {
                        today,
                        lang,
                        ascii,
                        colour: tui::colour_wanted(),
                        scope,
                    },
                )?;
            }
        }
        Some(Command::Init) => {
            let path = db_path()?;
            anyhow::ensure!(
                !path.exists(),
                "{}",
                say(
                    lang(),
                    "{} 已存在；init 从不覆盖数据库",
                    "{} exists already; init never overwrites a database",
                    &[&path.display()]
                )
            );
            Db::open(&path, OpenMode::CreateIfMissing)?;
            tell(lang(), "已创建 {}", "created {}", &[&path.display()]);
        }
        Some(Command::Contract { action }) => {
            let (mut db, today) = open_writable()?;
            let day = |d: &Option<String>, default| day_or(d, default);
            let holder = |db: &Db, number: &str| id_holder(db, number, today);
            // the contract valid today, else the latest
            let current = |db: &Db, id: i64| -> anyhow::Result<gridcare::db::ContractRow> {
                let all = db.contracts_of(id)?;
                all.iter()
                    .find(|c| c.valid_on(today))
                    .or(all.first())
                    .cloned()
                    .ok_or_else(|| {
                        anyhow::anyhow!(
                            "{}",
                            say(
                                lang(),
                                "没有可更改的签约；请先用 `gridcare contract sign` 签约",
                                "no contract to change; sign one with `gridcare contract sign`",
                                &[]
                            )
                        )
                    })
            };
            match action {
                ContractCmd::Sign {
                    resident,
                    team,
                    from,
                    to,
                } => {
                    let (id, name) = holder(&db, &resident)?;
                    let t = db
                        .teams()?
                        .into_iter()
                        .find(|t| t.name == team.trim() || t.id.to_string() == team.trim())
                        .ok_or_else(|| {
                            gridcare::db::DbError::Refused(
                                gridcare::domain::refusal::Refusal::NoTeam(team.clone()),
                            )
                        })?;
                    let from = day(&from, today)?;
                    let to = day(&to, gridcare::db::one_year_from(from))?;
                    db.sign_contract(id, t.id, from, to)?;
                    tell(
                        lang(),
                        "{} 已与 {} 签约，{} 至 {}",
                        "{} signed with {} from {} to {}",
                        &[&name, &t.name, &from, &to],
                    );
                }
                ContractCmd::Renew { resident, to } => {
                    let (id, name) = holder(&db, &resident)?;
                    let c = current(&db, id)?;
                    let next = c.end.succ_opt().unwrap_or(c.end);
                    let to = day(&to, gridcare::db::one_year_from(next))?;
                    db.renew_contract(c.id, to)?;
                    tell(
                        lang(),
                        "{} 与 {} 的签约已续签，{} 至 {}",
                        "{}'s contract with {} renewed from {} to {}",
                        &[&name, &c.team, &next, &to],
                    );
                }
                ContractCmd::End {
                    resident,
                    date: last,
                    reason,
                } => {
                    let (id, name) = holder(&db, &resident)?;
                    let c = current(&db, id)?;
                    let last = day(&last, today)?;
                    db.end_contract(c.id, last, &reason)?;
                    tell(
                        lang(),
                        "{} 与 {} 的签约于 {} 后终止",
                        "{}'s contract with {} ends after {}",
                        &[&name, &c.team, &last],
                    );
                }
                ContractCmd::Expiring { days, format } => {
                    out(&cli::expiring_text(
                        &db.expiring_contracts(today, days)?,
                        today,
                        format,
                        lang(),
                    ));
                }
            }
        }
        Some(Command::CarePlan { action }) => {
            let (mut db, today) = open_writable()?;
            match action {
                CarePlanCmd::Show { resident, format } => {
                    let (id, name) = id_holder(&db, &resident, today)?;
                    let plan = db.care_plan_of(id)?.unwrap_or_default();
                    out(&cli::care_plan_text(&name, &plan, format, lang()));
                }
                CarePlanCmd::Set {
                    resident,
                    review,
                    text,
                    file,
                } => {
                    let (id, name) = id_holder(&db, &resident, today)?;
                    let review = date(&review)?;
                    let text = match (text, file) {
                        (Some(t), _) => t,
                        (None, Some(f)) => std::fs::read_to_string(&f).map_err(|e| {
                            anyhow::anyhow!(
                                "{}",
                                say(
                                    lang(),
                                    "无法从 {} 读取计划：{}；请给出 UTF-8 文本文件，或用 --text",
                                    "cannot read the plan from {}: {}; give a UTF-8 text file, or --text",
                                    &[&f.display(), &e]
                                )
                            )
                        })?,
                        (None, None) => String::new(),
                    };
                    db.set_care_plan(id, &text, review, today)?;
                    tell(
                        lang(),
                        "{}：一人一策已于 {} 写好，{} 复核",
                        "{}: care plan written on {}, review on {}",
                        &[&name, &today, &review],
                    );
                }
            }
        }
        Some(Command::Referral { action }) => {
            use gridcare::domain::referral::{Level, Urgency};
            let (mut db, today) = open_writable()?;
            let day = |d: &Option<String>| day_or(d, today);
            match action {
                ReferralCmd::List { format, all } => {
                    out(&gridcare::cli_referrals::list_text(
                        &db,
                        today,
                        all,
                        format,
                        lang(),
                    )?);
                }
                ReferralCmd::Send {
                    resident,
                    to,
                    from,
                    reason,
                    urgency,
                    date,
                } => {
                    let (rid, name) = id_holder(&db, &resident, today)?;
                    let r = gridcare::db::NewReferral {
                        from_level: Level::from_code(&from).unwrap_or(Level::Township),
                        to_level: Level::from_code(&to).unwrap_or(Level::County),
                        reason,
                        urgency: Urgency::from_code(&urgency).unwrap_or(Urgency::Routine),
                        sent_on: day(&date)?,
                        visit_id: None,
                    };
                    let id = db.send_referral(rid, &r, today)?;
                    let l = lang();
                    tell(
                        l,
                        "转诊 {}：{} 转往{}（{}），{}",
                        "referral {}: {} to {} ({}) on {}",
                        &[
                            &id,
                            &name,
                            &tui::screens::referrals::level(l, r.to_level),
                            &tui::screens::referrals::urgency(l, r.urgency),
                            &r.sent_on,
                        ],
                    );
                }
                ReferralCmd::Receive { id, date } => {
                    let d = day(&date)?;
                    db.receive_referral(id, d, today)?;
                    tell(
                        lang(),
                        "转诊 {} 已于 {} 接收",
                        "referral {} received on {}",
                        &[&id, &d],
                    );
                }
                ReferralCmd::Return { id, date, advice } => {
                    let d = day(&date)?;
                    db.return_referral(id, d, advice.as_deref().unwrap_or(""), today)?;
                    tell(
                        lang(),
                        "转诊 {} 已于 {} 下转；患者回到家庭医生团队管理",
                        "referral {} returned down on {}; the patient is back with the family-doctor team",
                        &[&id, &d],
                    );
                }
                ReferralCmd::Close { id, date, outcome } => {
                    let d = day(&date)?;
                    db.close_referral(id, d, outcome.as_deref().unwrap_or(""), today)?;
                    tell(
                        lang(),
                        "转诊 {} 已于 {} 结案",
                        "referral {} closed on {}",
                        &[&id, &d],
                    );
                }
            }
        }
        Some(Command::Roster { action }) => {
            let (mut db, today) = open_writable()?;
            // the rosters name every worker and volunteer of the township
            gridcare::cli_operators::coordinator_only(db.session(), "roster", lang())?;
            let day = |d: &Option<String>| day_or(d, today);
            let staff_id = |db: &Db, key: &str| -> anyhow::Result<i64> {
                match key.parse::<i64>() {
                    Ok(n) => Ok(n),
                    Err(_) => Ok(db.find_worker(key)?.1),
                }
            };
            match action {
                RosterCmd::List { format } => {
                    out(&cli::roster_text(
                        &db,
                        today,
                        args.township.as_deref(),
                        format,
                        language.now(),
                    )?);
                }
                RosterCmd::Add {
                    name,
                    role,
                    phone,
                    village,
                } => {
                    let village_id = match village.as_deref() {
                        Some(v) => Some(db.find_village(v)?),
                        None => None,
                    };
                    let id = db.add_staff(&gridcare::db::NewStaff {
                        name: name.clone(),
                        role: gridcare::domain::model::StaffRole::from_code(&role).ok_or_else(
                            || {
                                anyhow::anyhow!(
                                    "{}",
                                    say(lang(), "没有角色 {}", "unknown role {}", &[&role])
                                )
                            },
                        )?,
                        phone,
                        village_id,
                    })?;
                    let l = lang();
                    let role_words = gridcare::domain::model::StaffRole::from_code(&role)
                        .map_or(role.clone(), |r| tui::strings::staff_role(l, r).to_string());
                    tell(
                        l,
                        "已添加 {}（{}），编号 {}",
                        "added {} ({}) as number {}",
                        &[&name, &role_words, &id],
                    );
                }
                RosterCmd::Edit { id, name, phone } => {
                    let current =
                        db.staff()?
                            .into_iter()
                            .find(|s| s.id == id)
                            .ok_or_else(|| {
                                anyhow::anyhow!(
                                    "{}",
                                    say(
                                        lang(),
                                        "花名册上没有编号 {} 的人员；见 `gridcare roster list`",
                                        "no staff member {}; see `gridcare roster list`",
                                        &[&id]
                                    )
                                )
                            })?;
                    let name = name.unwrap_or(current.name);
                    let phone = phone.or(current.phone);
                    db.edit_staff(id, &name, phone.as_deref())?;
                    tell(lang(), "已保存 {}", "saved {}", &[&name]);
                }
                RosterCmd::Assign { grid, worker, from } => {
                    let g = db.find_grid(&grid)?;
                    let w = staff_id(&db, &worker)?;
                    let from = day(&from)?;
                    db.assign_grid(g, w, from)?;
                    // the words come in another order in each language
                    println!(
                        "{}",
                        match lang() {
                            Lang::Zh => format!("{grid} 自 {from} 起由 {worker} 负责"),
                            Lang::En => format!("{grid} is covered by {worker} from {from}"),
                        }
                    );
                }
                RosterCmd::End {
                    worker,
                    date,
                    handover,
                } => {
                    let w = staff_id(&db, &worker)?;
                    let date = day(&date)?;
                    let mut pairs = Vec::new();
                    for h in &handover {
                        let (g, to) = h.split_once('=').ok_or_else(|| {
                            anyhow::anyhow!(
                                "{}",
                                say(
                                    lang(),
                                    "--handover {}：请写成 网格=网格员，例如 富民村第一网格=淦小红",
                                    "--handover {}: write it as GRID=WORKER, e.g. 富民村第一网格=淦小红",
                                    &[h]
                                )
                            )
                        })?;
                        pairs.push((db.find_grid(g)?, staff_id(&db, to)?));
                    }
                    db.end_staff(w, date, &pairs)?;
                    tell(
                        lang(),
                        "{} 于 {} 离开；其网格已交接",
                        "{} leaves on {}; their grids are handed over",
                        &[&worker, &date],
                    );
                }
                RosterCmd::Team { village, name } => {
                    let v = db.find_village(&village)?;
                    let id = db.add_team(v, &name)?;
                    tell(
                        lang(),
                        "已添加团队 {}，属于{}，编号 {}",
                        "added team {} to {} as number {}",
                        &[&name, &village, &id],
                    );
                }
                RosterCmd::Member {
                    team,
                    staff,
                    leader,
                    remove,
                } => {
                    let teams = db.teams()?;
                    let t = teams
                        .iter()
                        .find(|t| t.name == team.trim() || t.id.to_string() == team.trim())
                        .ok_or_else(|| {
                            gridcare::db::DbError::Refused(
                                gridcare::domain::refusal::Refusal::NoTeam(team.clone()),
                            )
                        })?;
                    let everyone = db.staff()?;
                    let matches: Vec<_> = everyone
                        .iter()
                        .filter(|s| {
                            s.active && (s.name == staff.trim() || s.id.to_string() == staff.trim())
                        })
                        .collect();
                    let who = match matches.as_slice() {
                        [one] => one.id,
                        [] => anyhow::bail!("{}", no_such_staff(lang(), &staff)),
                        _ => anyhow::bail!("{}", several_staff(lang(), &staff)),
                    };
                    db.set_team_member(t.id, who, !remove, leader)?;
                    if remove {
                        tell(lang(), "{} 已离开{}", "{} left {}", &[&staff, &t.name]);
                    } else {
                        tell(lang(), "{} 已加入{}", "{} is in {}", &[&staff, &t.name]);
                    }
                }
                RosterCmd::Volunteer { resident, since } => {
                    let (id, name) = id_holder(&db, &resident, today)?;
                    let since = day(&since)?;
                    db.add_volunteer(id, since)?;
                    tell(
                        lang(),
                        "{} 自 {} 起为志愿者",
                        "{} is a volunteer from {}",
                        &[&name, &since],
                    );
                }
                RosterCmd::StepDown { volunteer, date } => {
                    let (role, id) = db.find_worker(&volunteer)?;
                    if role != gridcare::domain::queue::WorkerRole::Volunteer {
                        anyhow::bail!(
                            "{}",
                            say(
                                lang(),
                                "{} 不是志愿者；见 `gridcare roster list`",
                                "{} is not a volunteer; see `gridcare roster list`",
                                &[&volunteer]
                            )
                        );
                    }
                    let date = day(&date)?;
                    db.end_volunteer(id, date)?;
                    tell(
                        lang(),
                        "{} 已于 {} 后卸任",
                        "{} stepped down after {}",
                        &[&volunteer, &date],
                    );
                }
            }
        }
        Some(Command::Check { against }) => {
            let path = db_path()?;
            // a file whose schema is not this version's is opened to be named
            let db = signed(Db::inspecting(|| {
                Db::open_for_reading(&path, args.read_only)
            })?)?;
            gridcare::cli_operators::coordinator_only(db.session(), "check", lang())?;
            let mut report = db.check()?;
            // issue 24 item 8: the log still holds the head each backup recorded
            let mut backups = against.clone();
            if let Ok((folder, _)) = daily_backup_folder(&db, &path) {
                let mut daily: Vec<PathBuf> = std::fs::read_dir(&folder)
                    .into_iter()
                    .flatten()
                    .flatten()
                    .map(|e| e.path())
                    .filter(|p| is_daily_backup(p).is_some())
                    .collect();
                daily.sort();
                backups.extend(daily);
            }
            let mut compared = Vec::new();
            for b in &backups {
                match backup_head(b, lang()) {
                    Ok(Some((id, hash))) => match db.audit_holds(id, &hash)? {
                        None => compared.push(format!("{} (#{id})", b.display())),
                        Some(why) => report.audit_chain.push(say(
                            lang(),
                            "对照 {}：{}",
                            "against {}: {}",
                            &[&b.display(), &why],
                        )),
                    },
                    Ok(None) => {}
                    Err(e) if against.contains(b) => anyhow::bail!("{e}"),
                    Err(_) => {}
                }
            }
            let l = lang();
            out(&cli::check_text(&path.display().to_string(), &report, l));
            if !compared.is_empty() {
                tell(
                    l,
                    "审计日志：含有 {} 记录的末条",
                    "audit log: holds the head recorded by {}",
                    &[&compared.join(", ")],
                );
            }
            // §1: one grid worker a grid; a grid without one is reported (issue 12)
            let uncovered = if report.schema.is_empty() {
                db.uncovered_grids(as_of(&db))?
            } else {
                Vec::new()
            };
            if uncovered.is_empty() {
                tell(
                    l,
                    "覆盖：每个网格都有网格员",
                    "coverage: every grid has a grid worker",
                    &[],
                );
            } else {
                let names: Vec<&str> = uncovered.iter().map(|g| g.1.as_str()).collect();
                tell(
                    l,
                    "覆盖：{} 个网格没有网格员：{}；请用 `gridcare roster assign` 交接",
                    "coverage: {} grid(s) without a grid worker: {}; hand them over with `gridcare roster assign`",
                    &[&names.len(), &names.join(" ")],
                );
            }
            if !report.is_clean() {
                return Ok(ExitCode::from(1));
            }
        }
        Some(Command::Overview { format }) => {
            let path = db_path()?;
            let db = signed(open_for_reading(&path, args.read_only, language)?)?;
            gridcare::cli_operators::coordinator_only(db.session(), "overview", lang())?;
            let counts = gridcare::snapshot::county_counts(&db, as_of(&db))?;
            out(&cli::overview_text(&counts, format, lang()));
        }
        Some(Command::Backup { dest, daily }) => {
            let path = db_path()?;
            let db = signed(open_for_reading(&path, args.read_only, language)?)?;
            // a backup holds every resident
            gridcare::cli_operators::coordinator_only(db.session(), "backup", lang())?;
            let dest = match dest {
                Some(d) => d,
                None if daily => {
                    // named by the day the copy is made, not by an as-of date
                    let (file, removed) =
                        daily_backup_path(lang(), &db, &path, today_flag.unwrap_or(wall))?;
                    for old in removed {
                        tell(
                            lang(),
                            "已删除旧的每日备份 {}",
                            "removed the old daily backup {}",
                            &[&old.display()],
                        );
                    }
                    if file.exists() {
                        // issue 24 item 2: a copy that does not check is made again
                        match gridcare::db::verify_copy(&file) {
                            Ok(_) => {
                                tell(
                                    lang(),
                                    "今天的备份 {} 已存在且检查无误",
                                    "today's backup {} exists already and checks",
                                    &[&file.display()],
                                );
                                return Ok(ExitCode::SUCCESS);
                            }
                            Err(e) => {
                                tell(
                                    lang(),
                                    "今天的备份 {} 检查未通过（{}）；重新备份",
                                    "today's backup {} does not check ({}); making it again",
                                    &[&file.display(), &e],
                                );
                                std::fs::remove_file(&file).with_context(|| {
                                    say(
                                        lang(),
                                        "无法删除有问题的备份 {}",
                                        "cannot remove the bad backup {}",
                                        &[&file.display()],
                                    )
                                })?;
                            }
                        }
                    }
                    file
                }
                None => anyhow::bail!(
                    "{}",
                    say(
                        lang(),
                        "请给出备份的文件名，或用 --daily",
                        "give the backup's file name, or --daily",
                        &[]
                    )
                ),
            };
            let r = db.backup_to(&dest)?;
            tell(
                lang(),
                "已将 {} 备份到 {}（{} KB，{} 名居民，{} 次随访；完整性无误；仅您本人可读）",
                "backed up {} to {} ({} KB, {} residents, {} visits; integrity ok; readable by you only)",
                &[
                    &path.display(),
                    &dest.display(),
                    &r.bytes.div_ceil(1024),
                    &r.residents,
                    &r.visits,
                ],
            );
            if let Some((id, hash)) = &r.audit_head {
                tell(
                    lang(),
                    "审计日志末条：#{} {}（存于备份中；`gridcare check --against {}` 可发现此后对历史的任何改写）",
                    "audit log head: #{} {} (kept in the backup; `gridcare check --against {}` shows any later rewrite of history)",
                    &[id, hash, &dest.display()],
                );
            }
        }
        Some(Command::Audit {
            resident,
            household,
            operator,
            since,
            format,
        }) => {
            let path = db_path()?;
            let db = signed(open_for_reading(&path, args.read_only, language)?)?;
            let since = since.as_deref().map(date).transpose()?;
            // an operator who is not a coordinator reads their own changes
            let operator = match db.session() {
                Some(s) if s.role != gridcare::domain::access::Role::Coordinator => {
                    Some(s.name.clone())
                }
                _ => operator,
            };
            // a resident by ID-card number (as every command names them) or
            // by number; one that does not exist is an error, not "no changes",
            // and so is one outside the operator's scope, in the same words
            // (issue 24 item 7)
            let resident = match resident.as_deref().map(str::trim) {
                None => None,
                Some(r) if r.len() >= 15 => Some(id_holder(&db, r, as_of(&db))?.0),
                Some(r) => {
                    let id: i64 = r.parse().map_err(|_| {
                        anyhow::anyhow!(
                            "{}",
                            say(
                                lang(),
                                "--resident “{}”：请给出居民的身份证号（18 位）或其编号",
                                "--resident \"{}\": give the resident's ID-card number (18 characters) or their number",
                                &[&r]
                            )
                        )
                    })?;
                    db.resident_in_reach(id)?;
                    Some(id)
                }
            };
            if let Some(h) = household {
                db.household_in_reach(h)?;
            }
            let entries = db.audit_entries(&gridcare::db::AuditFilter {
                resident,
                household,
                operator,
                since,
            })?;
            out(&cli::audit_text(&entries, format, language.of(&db)));
        }
        Some(Command::Restore { file, force }) => {
            let path = db_path()?;
            let mut db = signed(Db::open(&path, OpenMode::MustExist)?)?;
            gridcare::cli_operators::coordinator_only(db.session(), "restore", lang())?;
            let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S").to_string();
            let r = db.restore_from(&file, &stamp, force)?;
            let l = lang();
            tell(
                l,
                "已恢复 {}，来自 {}（{} 名居民，{} 次随访）；恢复前的数据库保存在 {}",
                "restored {} from {} ({} residents, {} visits); the database as it was is kept at {}",
                &[
                    &path.display(),
                    &file.display(),
                    &r.residents,
                    &r.visits,
                    &r.kept.display(),
                ],
            );
            // issue 24 item 3: what changes in who may sign in
            if !r.operators_removed.is_empty() {
                tell(
                    l,
                    "操作员：{} 不能再登录（备份中没有）",
                    "operators: {} can no longer sign in (not in the backup)",
                    &[&r.operators_removed.join(", ")],
                );
            }
            if !r.operators_added.is_empty() {
                tell(
                    l,
                    "操作员：{} 又可登录（来自备份，使用当时的 PIN）",
                    "operators: {} can sign in again (from the backup, with the PIN they had then)",
                    &[&r.operators_added.join(", ")],
                );
            }
        }
        Some(Command::UndoRemoval {
            resident,
            household,
        }) => {
            use gridcare::domain::model::Subject;
            let path = db_path()?;
            let mut db = signed(Db::open(&path, OpenMode::MustExist)?)?;
            let subject = match (resident, household) {
                (Some(r), _) => Subject::Resident(r),
                (None, Some(h)) => Subject::Household(h),
                (None, None) => anyhow::bail!(
                    "{}",
                    say(
                        lang(),
                        "请给出 --resident 编号 或 --household 编号",
                        "give --resident ID or --household ID",
                        &[]
                    )
                ),
            };
            let rm = db.undo_removal(subject, as_of(&db))?;
            tell(
                lang(),
                "已撤销 {} 的移除（{}）：恢复管理，任务随之恢复；`gridcare audit` 两者都有记录",
                "undid the removal of {} ({}): back under management, with their tasks; `gridcare audit` shows both",
                &[&rm.date, &rm.reason],
            );
        }
        Some(Command::Queue {
            worker,
            village,
            grid,
            kind,
            status,
            colour,
            tier,
            cadence,
            format,
        }) => {
            let path = db_path()?;
            let db = signed(open_for_reading(&path, args.read_only, language)?)?;
            let township = args
                .township
                .as_deref()
                .map(|t| db.find_township(t))
                .transpose()?;
            let village_name = village;
            let village = village_name
                .as_ref()
                .map(|v| db.find_village_in(v, township))
                .transpose()?;
            // Load only what the filters can show: a village, a township, or all.
            let scope = match (village, township) {
                (Some(v), _) => Scope::Village(v),
                (None, Some(t)) => Scope::Township(t),
                (None, None) => Scope::All,
            };
            // a village doctor's village, a grid worker's grids (issue 15 item 2)
            let scope = db.session().map_or(scope, |s| s.scope(scope));
            // issue 25 item 10: a village, grid or worker outside the
            // operator's reach is refused, never an empty queue
            let named = |key: &Option<String>, place: Option<Place>| match (key, place) {
                (Some(k), Some(p)) => db.place_in_reach(p, k),
                _ => Ok(()),
            };
            named(&village_name, village.map(Place::Village))?;
            let grid_id = grid.as_ref().map(|g| db.find_grid(g)).transpose()?;
            named(&grid, grid_id.map(Place::Grid))?;
            let worker_id = worker.as_ref().map(|w| db.find_worker(w)).transpose()?;
            named(&worker, worker_id.map(|(r, id)| Place::Worker(r, id)))?;
            let filter = Filter {
                village,
                grid: grid_id,
                worker: worker_id,
                kind,
                status,
                colour,
                tier,
                cadence,
            };
            out(&cli::queue_text(
                &db,
                as_of(&db),
                scope,
                &filter,
                format,
                language.now(),
            )?);
        }
        Some(Command::Import {
            kind,
            file,
            dry_run,
            skip_bad,
            output,
            create_places,
        }) => {
            let path = db_path()?;
            let mut db = signed(Db::open(&path, OpenMode::MustExist)?)?;
            gridcare::cli_operators::coordinator_only(db.session(), "import", lang())?;
            let zh = language.now() == Lang::Zh;
            let today = as_of(&db);
            let code = import_file(
                &mut db,
                &file,
                gridcare::import::Options {
                    kind,
                    dry_run,
                    skip_bad,
                    create_places,
                    township: args.township.clone(),
                    today,
                },
                output,
                zh,
            )?;
            return Ok(code);
        }
        Some(Command::Report {
            period,
            village,
            grid,
            worker,
            team,
            format,
            output,
            spot_check,
            seed,
            font,
        }) => {
            let path = db_path()?;
            let mut db = signed(open_for_reading(&path, args.read_only, language)?)?;
            let today = as_of(&db);
            let period = period.unwrap_or_else(|| {
                gridcare::domain::calendar::Period::containing(
                    gridcare::domain::calendar::Cadence::Year,
                    today,
                )
            });
            // a period not begun by the as-of date has no figures (it printed
            // 2027's, computed from what is known today)
            if period.start > today {
                anyhow::bail!(
                    "{}",
                    tui::strings::fill(
                        tui::strings::strings(language.now()).period_not_begun,
                        &[&period.label(), &today],
                    )
                );
            }
            let village_name = village;
            let (t, village) = township_and_village(
                &mut db,
                args.township.as_deref(),
                village_name.as_deref(),
                tui::strings::pick(lang(), "生成报表", "report"),
                lang(),
            )?;
            if let (Some(v), Some(name)) = (village, &village_name) {
                db.place_in_reach(Place::Village(v), name)?;
            }
            // a village doctor's village, a grid worker's grids (issue 15 item 2)
            let scope = db
                .session()
                .map_or(Scope::Township(t), |s| s.scope(Scope::Township(t)));
            let village = match scope {
                Scope::Village(v) => Some(v),
                _ => village,
            };
            let town = db.load(today, scope)?;
            // a grid, worker or team: resolved as `gridcare queue` resolves them;
            // the rows of the scope as screen 8 shows them (issue 14)
            let scope = report_scope(
                &db,
                grid.as_deref(),
                worker.as_deref(),
                team.as_deref(),
                lang(),
            )?
            .or(village.map(ReportScope::Village))
            .unwrap_or(ReportScope::Township);
            // issue 25 item 10: a grid or worker outside the operator's
            // reach is refused, never reported as 0/0 (a village: above)
            let asked = [&grid, &worker, &team]
                .into_iter()
                .find_map(|w| w.clone())
                .unwrap_or_default();
            use gridcare::domain::queue::WorkerRole;
            match scope {
                ReportScope::Grid(g) => db.place_in_reach(Place::Grid(g), &asked)?,
                ReportScope::GridWorker(id) => {
                    db.place_in_reach(Place::Worker(WorkerRole::GridWorker, id), &asked)?
                }
                ReportScope::Team(id) => {
                    db.place_in_reach(Place::Worker(WorkerRole::Team, id), &asked)?
                }
                _ => {}
            }
            use gridcare::report::{self, Output};
            let out_as = match format {
                ReportFormat::Table => Output::Table,
                ReportFormat::Csv => Output::Csv,
                ReportFormat::Xlsx => Output::Xlsx,
                ReportFormat::Pdf => Output::Pdf,
            };
            let township = (db.township_names()?.into_iter())
                .find_map(|(id, name)| (id == t).then_some(name))
                .unwrap_or_default();
            let said = match spot_check {
                Some(n) => report::spot_check_command(
                    &db,
                    &town,
                    &township,
                    scope,
                    today,
                    n,
                    seed.as_deref(),
                    out_as,
                    output.as_deref(),
                    font.as_deref(),
                    lang(),
                )?,
                None => {
                    let r =
                        report::Report::new(&town, &db.rules()?, &township, period, today, scope);
                    report::report_command(&r, &town, out_as, output.as_deref(), lang())?
                }
            };
            out(&said);
        }
        Some(Command::Export {
            kind,
            village,
            format,
            output,
        }) => {
            let path = db_path()?;
            let mut db = signed(open_for_reading(&path, args.read_only, language)?)?;
            let zh = language.now() == Lang::Zh;
            // issue 25 item 10: full ID numbers and readings are for a
            // coordinator or a village doctor (their own village)
            if matches!(
                kind,
                gridcare::import::Kind::Residents | gridcare::import::Kind::Visits
            ) && db
                .session()
                .is_some_and(|s| s.role == gridcare::domain::access::Role::Worker)
            {
                return Err(gridcare::db::DbError::Refused(
                    gridcare::domain::refusal::Refusal::ExportNotForWorker,
                )
                .into());
            }
            let n = export_file(
                &mut db,
                kind,
                args.township.as_deref(),
                village.as_deref(),
                format,
                &output,
                lang(),
            )?;
            println!(
                "{}",
                if zh {
                    format!("已导出 {n} 行{}到 {}", kind.noun(true), output.display())
                } else {
                    format!("exported {n} {} to {}", kind.noun(false), output.display())
                }
            );
        }
        Some(Command::Operator { action }) => {
            let path = db_path()?;
            let plain = Db::open(&path, OpenMode::MustExist)?;
            language.of(&plain);
            // the first operator is added by whoever holds the file; after
            // that, by a signed-in coordinator
            let bootstrap = matches!(action, OperatorCmd::Add { .. }) && !plain.has_operators()?;
            let mut db = if bootstrap { plain } else { signed(plain)? };
            gridcare::cli_operators::coordinator_only(db.session(), "operator", lang())?;
            let today = as_of(&db);
            match action {
                OperatorCmd::Add {
                    name,
                    role,
                    staff,
                    village,
                } => {
                    use gridcare::domain::access::Role;
                    let role = Role::from_code(&role).ok_or_else(|| {
                        anyhow::anyhow!(
                            "{}",
                            say(
                                lang(),
                                "--role 只能是：{}",
                                "--role is one of: {}",
                                &[&Role::codes()]
                            )
                        )
                    })?;
                    let staff = staff.map(|w| staff_by_name(&db, &w, lang())).transpose()?;
                    let village = village.map(|v| db.find_village(&v)).transpose()?;
                    let new = gridcare::db::NewOperator {
                        name: name.clone(),
                        role,
                        staff,
                        village,
                    };
                    // refused before asking a PIN: a missing --staff or --village
                    db.check_new_operator(&new)?;
                    let pin = gridcare::cli_operators::read_new_pin(bootstrap, lang())?;
                    db.add_operator(&new, &pin, today)?;
                    let lang = language.now();
                    tell(
                        lang,
                        "已添加操作员 {}（{}）；以姓名和 PIN 登录",
                        "added operator {} ({}); they sign in with their name and PIN",
                        &[&name, &tui::strings::operator_role(lang, role)],
                    );
                }
                OperatorCmd::List { format } => {
                    out(&gridcare::cli_operators::list_text(
                        &db.operators()?,
                        format,
                        lang(),
                    ));
                }
                OperatorCmd::Reset { name } => {
                    let pin = gridcare::cli_operators::read_new_pin(false, lang())?;
                    db.reset_pin(&name, &pin)?;
                    tell(
                        language.now(),
                        "{} 已设新 PIN，锁定已解除",
                        "{} has a new PIN; any lockout is lifted",
                        &[&name],
                    );
                }
                OperatorCmd::End { name, date: d } => {
                    let d = day_or(&d, today)?;
                    db.end_operator(&name, d)?;
                    tell(
                        language.now(),
                        "{} 已于 {} 停用，不能再登录",
                        "{} ended on {}; they can no longer sign in",
                        &[&name, &d],
                    );
                }
            }
        }
        Some(Command::Groups { cmd }) => {
            let path = db_path()?;
            match cmd {
                GroupsCmd::Plan {
                    village,
                    apply,
                    format,
                } => {
                    let mut db = if apply {
                        signed(Db::open(&path, OpenMode::MustExist)?)?
                    } else {
                        signed(open_for_reading(&path, args.read_only, language)?)?
                    };
                    let v = db.find_village(&village)?;
                    groups_allowed(&db, v, false, lang())?;
                    let day = as_of(&db);
                    let plan = db.plan_groups(v, day)?;
                    let lang = language.now();
                    out(&gridcare::cli_groups::plan_text(
                        &db, v, &plan, format, lang,
                    )?);
                    if apply && !plan.is_empty() {
                        let made = db.apply_group_plan(v, &plan, day)?;
                        tell(
                            lang,
                            "已应用：调动 {} 人，新建 {} 组，解散 {} 组",
                            "applied: {} move(s), {} new group(s), {} dissolved",
                            &[&plan.moves.len(), &made.len(), &plan.dissolve.len()],
                        );
                    }
                }
                GroupsCmd::List { village, format } => {
                    let db = signed(open_for_reading(&path, args.read_only, language)?)?;
                    let v = db.find_village(&village)?;
                    groups_allowed(&db, v, true, lang())?;
                    out(&gridcare::cli_groups::list_text(
                        &db,
                        v,
                        as_of(&db),
                        format,
                        language.now(),
                    )?);
                }
            }
        }
        Some(Command::Plan {
            worker,
            week,
            format,
            replan,
            apply,
        }) => {
            let path = db_path()?;
            // signed in as every command is (issue 15): the plan is the
            // operator's to read, and its first reading stores it
            let mut db = signed(open_for_reading(&path, args.read_only, language)?)?;
            let lang = language.now();
            let today = as_of(&db);
            let who = db.find_worker(&worker)?;
            let week = match week {
                Some(w) => print::parse_week(&w)?,
                None => gridcare::domain::calendar::Period::containing(
                    gridcare::domain::calendar::Cadence::Week,
                    today,
                ),
            };
            let scope = db
                .township_of_worker(who.0, who.1)?
                .map_or(Scope::All, Scope::Township);
            let town = db.load(today, scope)?;
            plan_allowed(&db, &town, who, lang)?;
            let rules = db.rules()?;
            let all = gridcare::weekly::week_tasks(&town, &rules, week, today);
            let name = print::worker_name(&town, who.0, who.1);
            if replan {
                let (next, diff) = gridcare::weekly::replan_preview(&db, &all, &rules, who, week)?;
                out(&gridcare::cli_plan::replan_text(&town, &all, &diff, lang));
                if apply {
                    db.save_plan(&next, today, true)?;
                    let p = gridcare::weekly::stored(&db, &all, who, week)?.unwrap_or(next);
                    out(&gridcare::cli_plan::plan_text(
                        &town,
                        &all,
                        &p,
                        (&name, true),
                        lang,
                        format,
                    ));
                } else {
                    tell(
                        lang,
                        "未保存；加 --apply 才重新计划",
                        "nothing stored; add --apply to re-plan",
                        &[],
                    );
                }
            } else {
                let (p, stored) =
                    gridcare::weekly::ensure(&mut db, &all, &rules, who, week, today)?;
                out(&gridcare::cli_plan::plan_text(
                    &town,
                    &all,
                    &p,
                    (&name, stored),
                    lang,
                    format,
                ));
            }
        }
        Some(Command::Print {
            worker,
            team,
            volunteer,
            village,
            township,
            week,
            month,
            format,
            output,
            lp,
            terminal,
            font,
            form,
            resident,
            year,
        }) => {
            let path = db_path()?;
            let mut db = signed(open_for_reading(&path, args.read_only, language)?)?;
            let today = as_of(&db);
            if form {
                // the patient's national forms (issue 27 item 6); outside
                // the operator's reach a patient is "not found"
                let typed = resident.unwrap_or_default();
                let (id, name) = id_holder(&db, &typed, today)?;
                let job = gridcare::cli_form::FormJob {
                    resident: id,
                    name,
                    id_number: gridcare::db::check_id(&typed, today)
                        .map_err(gridcare::db::DbError::Refused)?
                        .number,
                    year: year.unwrap_or_else(|| chrono::Datelike::year(&today)),
                    format,
                    output,
                    font,
                };
                let (file, msg) = gridcare::cli_form::print_forms(&db, &job, lang())?;
                println!("{msg}");
                if lp {
                    send_to_printer(&file, format, lang())?;
                }
                return Ok(ExitCode::SUCCESS);
            }
            let named = township
                .as_deref()
                .or(args.township.as_deref())
                .filter(|t| !t.is_empty());
            let asked = [&worker, &team, &volunteer, &village]
                .into_iter()
                .find_map(|w| w.clone())
                .unwrap_or_default();
            let who = cli::print_who(
                &db,
                worker,
                team,
                volunteer,
                village,
                township.is_some(),
                lang(),
            )?;
            // issue 25 item 10: a worker or village outside the operator's
            // reach is refused, never printed as an empty sheet
            match who {
                print::Who::Worker(role, id) => {
                    db.place_in_reach(Place::Worker(role, id), &asked)?
                }
                print::Who::Village(v) => db.place_in_reach(Place::Village(v), &asked)?,
                _ => {}
            }
            // Load what the sheets need: the village, else the worker's or the named township.
            let scope = match who {
                print::Who::Village(v) => Scope::Village(v),
                print::Who::Worker(role, id) if named.is_none() => db
                    .township_of_worker(role, id)?
                    .map_or(Scope::All, Scope::Township),
                _ => session_scope(&db, named)?,
            };
            // a village doctor's village, a grid worker's grids (issue 15 item 2)
            let scope = db.session().map_or(scope, |s| s.scope(scope));
            let period = match (week, month) {
                (Some(w), _) => print::parse_week(&w)?,
                (_, Some(m)) => print::parse_month(&m)?,
                // issue 25 item 12: the as-of week, as `p` proposes
                _ => gridcare::domain::calendar::Period::containing(
                    gridcare::domain::calendar::Cadence::Week,
                    as_of(&db),
                ),
            };
            let job = cli::PrintJob {
                who,
                scope,
                period,
                format,
                filter: Default::default(),
                output,
                font,
                printed_on: chrono::Local::now().date_naive(),
            };
            if terminal {
                // the sheets on stdout for the terminal's printer; what was
                // sent on stderr, which the terminal shows
                // inside tmux or screen the codes never reach the terminal
                print::terminal::check_passthrough()?;
                let (bytes, done) = cli::print_terminal(&mut db, today, &job)?;
                print::terminal::write_stdout_raw(&bytes)?;
                eprintln!(
                    "{}",
                    say(
                        lang(),
                        "已把 {} 张任务单、{} 行（{}）发送到您终端的打印机（ESC[5i … ESC[4i）",
                        "sent {} sheet(s), {} row(s), {} to the printer of your terminal (ESC[5i … ESC[4i)",
                        &[&done.sheets, &done.rows, &period.label()],
                    )
                );
                return Ok(ExitCode::SUCCESS);
            }
            let (file, msg) = cli::print_file(&mut db, today, &job, lang())?;
            println!("{msg}");
            if lp {
                send_to_printer(&file, format, lang())?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `--lp`: sends a printed file to the printer (CUPS) and says so.
fn send_to_printer(
    file: &std::path::Path,
    format: print::Format,
    lang: Lang,
) -> anyhow::Result<()> {
    let id = print::to_printer(file, format)?;
    tell(
        lang,
        "已发送到打印机：{}",
        "sent to the printer: {}",
        &[&id],
    );
    Ok(())
}

/// A one-line progress bar on stderr, redrawn in place on a terminal.
fn progress_bar(done: usize, of: usize, lang: Lang) {
    use std::io::{IsTerminal, Write};
    if of < 2 {
        return;
    }
    let width = 30;
    let filled = width * done / of;
    let bar = format!(
        "[{}{}] {done}/{of} {}",
        "#".repeat(filled),
        ".".repeat(width - filled),
        tui::strings::pick(lang, "个乡镇", "townships")
    );
    let mut e = std::io::stderr().lock();
    if e.is_terminal() {
        let _ = write!(e, "\r{bar}");
        if done == of {
            let _ = writeln!(e);
        }
    } else {
        let _ = writeln!(e, "{bar}");
    }
    let _ = e.flush();
}

/// `gridcare import`: reads, checks and imports a file, prints the report
/// and the summary; exit 1 when bad rows kept anything from being saved.
fn import_file(
    db: &mut Db,
    file: &std::path::Path,
    opts: gridcare::import::Options,
    output: Option<PathBuf>,
    zh: bool,
) -> anyhow::Result<ExitCode> {
    use gridcare::import;
    use std::io::IsTerminal;
    let table = import::read_table(file)?;
    let bar = if std::io::stderr().is_terminal() && table.rows.len() >= 500 {
        indicatif::ProgressBar::new(table.rows.len() as u64)
    } else {
        indicatif::ProgressBar::hidden()
    };
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {eta}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let done = import::import_file(db, file, &table, &opts, output.as_deref(), zh, &mut |n| {
        if n % 100 == 0 {
            bar.set_position(n as u64)
        }
    });
    bar.finish_and_clear();
    let done = done?;
    for l in done.lines(zh) {
        println!("{l}");
    }
    if let Some(Err(e)) = done.rejects {
        return Err(e.into());
    }
    Ok(if done.succeeded(opts.skip_bad) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// `gridcare export`: one register of the township (or a village of it).
fn export_file(
    db: &mut Db,
    kind: gridcare::import::Kind,
    township: Option<&str>,
    village: Option<&str>,
    format: ExportFormat,
    output: &std::path::Path,
    lang: Lang,
) -> anyhow::Result<usize> {
    use gridcare::import;
    let what = tui::strings::pick(lang, "导出", "export");
    let (t, village_id) = township_and_village(db, township, village, what, lang)?;
    // issue 25 item 10: another village is refused, never an empty file
    if let (Some(v), Some(name)) = (village_id, village) {
        db.place_in_reach(Place::Village(v), name)?;
    }
    let village = village_id;
    let which = format!("{kind:?}").to_lowercase();
    let (headers, rows) = import::export(kind, db.export_rows(&which, t, village)?);
    let format = match format {
        ExportFormat::Csv => import::FileFormat::Csv,
        ExportFormat::Xlsx => import::FileFormat::Xlsx,
    };
    import::write_table(output, format, &headers, &rows)?;
    Ok(rows.len())
}

/// Prints to stdout; a reader that stops early (`| head`) is not an error.
/// The resident who holds a typed ID number (`--resident`), with their name.
/// The township a report or export is of (named, else the first) and the
/// village it is narrowed to, if any; `what` names the command in the refusal.
fn township_and_village(
    db: &mut Db,
    township: Option<&str>,
    village: Option<&str>,
    what: &str,
    lang: Lang,
) -> anyhow::Result<(i64, Option<i64>)> {
    let Some(t) = db.import_township(township, false)? else {
        anyhow::bail!(
            "{}",
            say(
                lang,
                "数据库里还没有乡镇；没有可{}的内容",
                "the database has no township yet; nothing to {}",
                &[&what]
            )
        )
    };
    let village = match village {
        None => None,
        Some(v) => Some(
            *db.places_by_name(t)?
                .0
                .get(v.trim())
                .with_context(|| say(lang, "没有村“{}”", "there is no village \"{}\"", &[&v]))?,
        ),
    };
    Ok((t, village))
}

/// A week's plan is made over the whole of its worker's tasks: a grid
/// worker's session sees their own plan only (another worker's or a team's
/// would show residents of other grids, issue 15).
/// A weekly plan: a grid worker reads their own; a village doctor the plans
/// of their village's grid workers and family-doctor team (`town` is the
/// worker's township, loaded).
fn plan_allowed(
    db: &Db,
    town: &gridcare::domain::model::Township,
    who: (gridcare::domain::queue::WorkerRole, i64),
    lang: Lang,
) -> anyhow::Result<()> {
    use gridcare::domain::access::Reach;
    use gridcare::domain::queue::WorkerRole;
    match db.session().map(|s| (s, s.reach)) {
        Some((s, Reach::Grids { staff })) if who != (WorkerRole::GridWorker, staff) => {
            anyhow::bail!(
                "{}",
                say(
                    lang,
                    "{} 以网格员身份登录，只能看自己的周计划：请用 `--worker {}`；未做任何操作",
                    "{} is signed in as a grid worker and sees their own week's plan only: give `--worker {}`; nothing was done",
                    &[&s.name, &s.name]
                )
            )
        }
        Some((s, Reach::Village(v))) => {
            let is = |w: &Option<gridcare::domain::model::WorkerRef>| {
                w.as_ref().is_some_and(|w| w.id == who.1)
            };
            let serves = match who.0 {
                WorkerRole::GridWorker => town
                    .grids
                    .iter()
                    .any(|g| g.village_id == v && is(&g.worker)),
                WorkerRole::Team => town.villages.iter().any(|x| x.id == v && is(&x.team)),
                _ => false,
            };
            if serves {
                Ok(())
            } else {
                anyhow::bail!(
                    "{}",
                    say(
                        lang,
                        "该负责人不服务 {} 的村；村医只能看本村网格员和家庭医生团队的计划：未做任何操作",
                        "that worker does not serve {}'s village; a village doctor reads the plans of their own village's grid workers and family-doctor team: nothing was done",
                        &[&s.name]
                    )
                )
            }
        }
        _ => Ok(()),
    }
}

/// Volunteer groups: a village doctor's own village; a grid worker only
/// lists them (`listing`: their grids' residents only, see `list_text`),
/// never regroups (a group mixes grids, §5).
fn groups_allowed(db: &Db, village: i64, listing: bool, lang: Lang) -> anyhow::Result<()> {
    use gridcare::domain::access::Reach;
    match db.session().map(|s| (s, s.reach)) {
        Some((_, Reach::Grids { .. })) if listing => Ok(()),
        Some((s, Reach::Grids { .. })) => anyhow::bail!(
            "{}",
            say(
                lang,
                "`gridcare groups` 供协调员或村医使用；{} 以网格员身份登录：未做任何操作",
                "`gridcare groups` is for a coordinator or the village doctor; {} is signed in as a grid worker: nothing was done",
                &[&s.name]
            )
        ),
        Some((s, Reach::Village(v))) if v != village => anyhow::bail!(
            "{}",
            say(
                lang,
                "那不是 {} 的村；村医只能看本村的小组",
                "that village is not {}'s; a village doctor sees the groups of their own village",
                &[&s.name]
            )
        ),
        _ => Ok(()),
    }
}

/// An active person on the rosters by name or number (`operator add --staff`).
fn staff_by_name(db: &Db, key: &str, lang: Lang) -> anyhow::Result<i64> {
    let key = key.trim();
    let found: Vec<i64> = db
        .staff()?
        .into_iter()
        .filter(|s| s.active && (s.name == key || s.id.to_string() == key))
        .map(|s| s.id)
        .collect();
    match found.as_slice() {
        [one] => Ok(*one),
        [] => anyhow::bail!("{}", no_such_staff(lang, key)),
        _ => anyhow::bail!("{}", several_staff(lang, key)),
    }
}

/// Nobody active on the rosters is called `key`.
fn no_such_staff(lang: Lang, key: &str) -> String {
    say(
        lang,
        "花名册上没有在职人员“{}”；见 `gridcare roster list`",
        "no active person \"{}\" on the rosters; see `gridcare roster list`",
        &[&key],
    )
}

/// Several people on the rosters are called `key`.
fn several_staff(lang: Lang, key: &str) -> String {
    say(
        lang,
        "有多人叫“{}”；请给出其在 `gridcare roster list` 中的编号",
        "several people are called \"{}\"; give their number from `gridcare roster list`",
        &[&key],
    )
}

/// `gridcare report --grid/--worker/--team`: the scope; an unknown or
/// ambiguous name is one line (issue 14). The report names it as screen 8
/// does (`indicators::scope_name`).
fn report_scope(
    db: &Db,
    grid: Option<&str>,
    worker: Option<&str>,
    team: Option<&str>,
    lang: Lang,
) -> anyhow::Result<Option<ReportScope>> {
    use gridcare::domain::queue::WorkerRole;
    if let Some(g) = grid {
        return Ok(Some(ReportScope::Grid(db.find_grid(g)?)));
    }
    let (key, team_only) = match (worker, team) {
        (Some(w), _) => (w, false),
        (None, Some(t)) => (t, true),
        (None, None) => return Ok(None),
    };
    let key = if team_only && !key.contains(':') {
        // a team by name only: a grid worker or volunteer of that name is not meant
        let id: Option<i64> = db
            .conn()
            .query_row(
                "SELECT id FROM doctor_team WHERE name = ?1",
                [key.trim()],
                |r| r.get(0),
            )
            .ok();
        match id {
            Some(id) => format!("team:{id}"),
            None => anyhow::bail!(
                "{}",
                say(
                    lang,
                    "没有团队“{}”；`gridcare roster list` 列出各家庭医生团队",
                    "unknown team \"{}\"; `gridcare roster list` shows the family-doctor teams",
                    &[&key]
                )
            ),
        }
    } else {
        key.to_string()
    };
    Ok(Some(match db.find_worker(&key)? {
        (WorkerRole::GridWorker, id) => ReportScope::GridWorker(id),
        (WorkerRole::Team, id) => ReportScope::Team(id),
        (WorkerRole::Volunteer, _) => anyhow::bail!(
            "{}",
            say(
                lang,
                "“{}”是志愿者；指标按网格员（--worker）或家庭医生团队（--team）统计",
                "\"{}\" is a volunteer; indicators are reported per grid worker (--worker) or family-doctor team (--team)",
                &[&key]
            )
        ),
    }))
}

/// Says once a process that the database can be read by other users of
/// the computer (issue 24 item 15): it holds health data (§10).
fn warn_if_open_to_others(path: &std::path::Path, lang: Lang) {
    static WARNED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    if gridcare::files::open_to_others(path)
        && !WARNED.swap(true, std::sync::atomic::Ordering::Relaxed)
    {
        eprintln!(
            "gridcare: {}: {}",
            tui::strings::strings(lang).note,
            say(
                lang,
                "本机其他用户可以读写 {}；其中有健康数据：`chmod 600 {}`（或对共用的组用 660）",
                "{} can be read or written by other users of this computer; it holds health data: `chmod 600 {}` (or 660 for a group that shares it)",
                &[&path.display(), &path.display()]
            )
        );
    }
}

/// Why `gridcare demo` leaves a file alone (issue 24 item 1).
fn not_a_demo(lang: Lang, path: &std::path::Path, why: Option<&str>) -> String {
    let why = why.map_or(String::new(), |w| say(lang, "（{}）", " ({})", &[&w]));
    say(
        lang,
        "{} 不是演示数据库{}；`gridcare demo` 只打开或替换它自己的文件：去掉 --db（和 GRIDCARE_DB）以用演示自己的文件，或给出一个新文件",
        "{} is not a demo database{}; `gridcare demo` only opens or replaces its own files: leave out --db (and GRIDCARE_DB) for the demo's own file, or name a new file",
        &[&path.display(), &why],
    )
}

/// The resident who holds a typed ID number (`--resident`), with their name,
/// when the signed-in operator reaches them: one outside their village or
/// grids is "nobody registered", as one who is not (issue 24 item 7).
fn id_holder(db: &Db, typed: &str, today: chrono::NaiveDate) -> anyhow::Result<(i64, String)> {
    Ok(db.resident_in_reach_by_id_number(typed, today)?)
}

/// Writes `text` to stdout with its control characters shown (see the
/// `println` above).
fn out(text: &str) {
    use std::io::Write;
    let text = gridcare::text::visible(text);
    let mut o = std::io::stdout().lock();
    let _ = o.write_all(text.as_bytes()).and_then(|_| o.flush());
}

use gridcare::domain::indicators::ReportScope;

fn main() -> ExitCode {
    let args = match Args::try_parse() {
        Ok(a) => a,
        Err(e) => return bad_arguments(e),
    };
    let language = Language::new(args.lang);
    match run(args, &language) {
        Ok(code) => code,
        Err(e) => {
            // the run's language: the database's when one was read
            let lang = language.now();
            let text = match (
                e.downcast_ref::<gridcare::db::DbError>(),
                e.downcast_ref::<gridcare::print::PrintError>(),
                e.downcast_ref::<gridcare::import::FileError>(),
            ) {
                (Some(d), _, _) => tui::strings::db_error(lang, d),
                (_, Some(p), _) => p.text(lang, true),
                (_, _, Some(f)) => f.text(lang == Lang::Zh),
                _ => format!("{e:#}"),
            };
            eprintln!("gridcare: {text}");
            ExitCode::from(1)
        }
    }
}
