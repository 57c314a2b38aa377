//! `gridcare report`: the indicators of domain.md §8 for a period.

use super::prelude::*;
use crate::domain::indicators::ReportScope;

#[derive(clap::Args)]
pub struct Args {
    /// A year (2026), a quarter (2026Q3) or a month (2026-11)
    #[arg(long, value_parser = parse_period, required_unless_present = "spot_check")]
    period: Option<crate::domain::calendar::Period>,
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
    /// The people behind each figure (sheet 名单 of the workbook) instead of the figures, as a table or CSV
    #[arg(long, conflicts_with = "spot_check")]
    people: bool,
    /// The county's spot check (domain.md §8): N managed patients drawn at random, with phone and last follow-ups
    #[arg(long, value_name = "N", conflicts_with = "period")]
    spot_check: Option<usize>,
    /// The spot check's seed: the same seed and data draw the same sample again (default: the time, shown)
    #[arg(long, requires = "spot_check")]
    seed: Option<String>,
    /// A font file with Chinese characters for a PDF spot check (default: the print.font setting, else a system font)
    #[arg(long, requires = "spot_check")]
    font: Option<PathBuf>,
    /// Health education against the norm (issue 32): lectures (12 a year by the centre, 6 by each village clinic), consultations (9), attendance, ★5 pushes
    #[arg(long, conflicts_with_all = ["spot_check", "grid", "worker", "team"])]
    education: bool,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ReportFormat {
    Table,
    Csv,
    Xlsx,
    Pdf,
}

pub fn run(env: &Env, args: Args) -> anyhow::Result<ExitCode> {
    let Args {
        period,
        village,
        grid,
        worker,
        team,
        format,
        output,
        people,
        spot_check,
        seed,
        font,
        education,
    } = args;
    let path = env.db_path()?;
    let mut db = env.signed(env.open_for_reading(&path)?)?;
    let today = env.as_of(&db);
    let period = period.unwrap_or_else(|| {
        crate::domain::calendar::Period::containing(crate::domain::calendar::Cadence::Year, today)
    });
    // a period not begun by the as-of date has no figures (it printed
    // 2027's, computed from what is known today)
    if period.start > today {
        anyhow::bail!(
            "{}",
            crate::words::fill(
                crate::words::strings(env.lang()).period_not_begun,
                &[&period.label(), &today],
            )
        );
    }
    let village_name = village;
    let (t, village) = township_and_village(
        &mut db,
        env.township.as_deref(),
        village_name.as_deref(),
        crate::words::pick(env.lang(), "生成报表", "report"),
        env.lang(),
    )?;
    if let (Some(v), Some(name)) = (village, &village_name) {
        db.place_in_reach(Place::Village(v), name)?;
    }
    if education {
        let rows = db.education_counts(t, period, today)?;
        let rows: Vec<_> = rows
            .into_iter()
            .filter(|r| village.is_none() || r.village_id == village)
            .collect();
        let csv = matches!(format, ReportFormat::Csv);
        out(&super::event::education_text(
            &rows,
            period,
            today,
            csv,
            env.lang(),
        ));
        return Ok(ExitCode::SUCCESS);
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
        env.lang(),
    )?
    .or(village.map(ReportScope::Village))
    .unwrap_or(ReportScope::Township);
    // issue 25 item 10: a grid or worker outside the operator's
    // reach is refused, never reported as 0/0 (a village: above)
    let asked = [&grid, &worker, &team]
        .into_iter()
        .find_map(|w| w.clone())
        .unwrap_or_default();
    use crate::domain::queue::WorkerRole;
    match scope {
        ReportScope::Grid(g) => db.place_in_reach(Place::Grid(g), &asked)?,
        ReportScope::GridWorker(id) => {
            db.place_in_reach(Place::Worker(WorkerRole::GridWorker, id), &asked)?
        }
        ReportScope::Team(id) => db.place_in_reach(Place::Worker(WorkerRole::Team, id), &asked)?,
        _ => {}
    }
    use crate::report::{self, Output};
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
            env.lang(),
        )?,
        None => {
            let r = report::Report::new(&town, &db.rules()?, &township, period, today, scope);
            report::report_command(&r, &town, out_as, output.as_deref(), people, env.lang())?
        }
    };
    out(&said);
    Ok(ExitCode::SUCCESS)
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
    use crate::domain::queue::WorkerRole;
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
        let id = db.team_by_name(key.trim()).ok().flatten();
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
