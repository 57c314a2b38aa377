//! `gridcare print`: task sheets (PDF or text) and the national forms.

use super::prelude::*;
use crate::print;

#[derive(clap::Args)]
#[command(group(clap::ArgGroup::new("who").required(true)), group(clap::ArgGroup::new("period")))]
pub struct Args {
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
    /// Large print: the body at 14 pt (default: the print.font_size setting, else 11 pt)
    #[arg(long)]
    large: bool,
}

pub fn run(env: &Env, args: Args) -> anyhow::Result<ExitCode> {
    let Args {
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
        large,
    } = args;
    let path = env.db_path()?;
    let mut db = env.signed(env.open_for_reading(&path)?)?;
    let today = env.as_of(&db);
    if form {
        // the patient's national forms (issue 27 item 6); outside
        // the operator's reach a patient is "not found"
        let typed = resident.unwrap_or_default();
        let (id, name) = id_holder(&db, &typed, today)?;
        let job = crate::print::form_job::FormJob {
            resident: id,
            name,
            id_number: crate::db::check_id(&typed, today)
                .map_err(crate::db::DbError::Refused)?
                .number,
            year: year.unwrap_or_else(|| chrono::Datelike::year(&today)),
            format,
            output,
            font,
        };
        let (file, msg) = crate::print::form_job::print_forms(&db, &job, env.lang())?;
        println!("{msg}");
        if lp {
            send_to_printer(&file, format, env.lang())?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let named = township
        .as_deref()
        .or(env.township.as_deref())
        .filter(|t| !t.is_empty());
    let asked = [&worker, &team, &volunteer, &village]
        .into_iter()
        .find_map(|w| w.clone())
        .unwrap_or_default();
    let who = print_who(
        &db,
        worker,
        team,
        volunteer,
        village,
        township.is_some(),
        env.lang(),
    )?;
    // issue 25 item 10: a worker or village outside the operator's
    // reach is refused, never printed as an empty sheet
    match who {
        print::Who::Worker(role, id) => db.place_in_reach(Place::Worker(role, id), &asked)?,
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
        _ => crate::domain::calendar::Period::containing(
            crate::domain::calendar::Cadence::Week,
            env.as_of(&db),
        ),
    };
    let job = crate::print::job::PrintJob {
        who,
        scope,
        period,
        format,
        filter: Default::default(),
        output,
        font,
        printed_on: chrono::Local::now().date_naive(),
        large,
    };
    if terminal {
        // the sheets on stdout for the terminal's printer; what was
        // sent on stderr, which the terminal shows
        // inside tmux or screen the codes never reach the terminal
        print::terminal::check_passthrough()?;
        let (bytes, done) = crate::print::job::print_terminal(&mut db, today, &job)?;
        print::terminal::write_stdout_raw(&bytes)?;
        eprintln!(
            "{}",
            say(
                env.lang(),
                "已把 {} 张任务单、{} 行（{}）发送到您终端的打印机（ESC[5i … ESC[4i）",
                "sent {} sheet(s), {} row(s), {} to the printer of your terminal (ESC[5i … ESC[4i)",
                &[&done.sheets, &done.rows, &period.label()],
            )
        );
        return Ok(ExitCode::SUCCESS);
    }
    let (file, msg) = crate::print::job::print_file(&mut db, today, &job, env.lang())?;
    println!("{msg}");
    if lp {
        send_to_printer(&file, format, env.lang())?;
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

/// `gridcare print`: whose sheets, from the command line's one named choice.
pub fn print_who(
    db: &Db,
    worker: Option<String>,
    team: Option<String>,
    volunteer: Option<String>,
    village: Option<String>,
    township: bool,
    lang: Lang,
) -> Result<Who> {
    let role_of = |key: &str, role: WorkerRole, flag: &str| -> Result<Who> {
        let key = if key.chars().all(|c| c.is_ascii_digit()) {
            format!("{}:{key}", role.code())
        } else {
            key.to_string()
        };
        match db.find_worker(&key)? {
            (r, id) if r == role => Ok(Who::Worker(r, id)),
            (r, _) => Err(DbError::Invalid(crate::words::fill(
                pick(
                    lang,
                    "“{}”是 {}，不是 {}；请用 --worker “{}”或另给 {}",
                    "\"{}\" is a {}, not a {}; use --worker \"{}\" or another {}",
                ),
                &[&key, &r.code(), &role.code(), &key, &flag],
            ))),
        }
    };
    Ok(match (worker, team, volunteer, village) {
        (Some(w), ..) => {
            let (r, id) = db.find_worker(&w)?;
            Who::Worker(r, id)
        }
        (_, Some(t), ..) => role_of(&t, WorkerRole::Team, "--team")?,
        (_, _, Some(v), _) => role_of(&v, WorkerRole::Volunteer, "--volunteer")?,
        (.., Some(v)) => Who::Village(db.find_village(&v)?),
        _ if township => Who::Township,
        _ => {
            return Err(DbError::Invalid(
                pick(
                    lang,
                    "请说明打印谁的任务单：--worker、--team、--volunteer、--village 或 --township",
                    "say whose sheets: --worker, --team, --volunteer, --village or --township",
                )
                .into(),
            ));
        }
    })
}
