//! gridcare's command line: reads the arguments, builds the run's
//! environment and hands the subcommand to `cli` (one file per subcommand
//! in src/cli/). The module map is in lib.rs.

use clap::Parser;
use gridcare::cli;
use gridcare::words::Lang;
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
    /// Signs the interface in as this operator: only in the command
    /// `gridcare ssh-keys` gives sshd for the operator's key (README,
    /// "Running a county server"); refused outside an SSH session
    #[arg(long, value_name = "NAME")]
    ssh_operator: Option<String>,
    #[command(subcommand)]
    command: Option<cli::Command>,
}

fn main() -> ExitCode {
    let args = match Args::try_parse() {
        Ok(a) => a,
        Err(e) => return cli::bad_arguments(e),
    };
    let env = cli::Env::new(cli::Global {
        db: args.db,
        today: args.today,
        lang: args.lang,
        ascii: args.ascii,
        read_only: args.read_only,
        township: args.township,
        operator: args.operator,
        ssh_operator: args.ssh_operator,
    });
    let done = cli::dispatch(&env, args.command);
    env.finish(done)
}
