//! `gridcare queue`: the visit queue for scripts and other tools. Each text
//! returns its string so tests read exactly what a user sees.

use super::prelude::*;
use crate::domain::queue;

#[derive(clap::Args)]
pub struct Args {
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
    cadence: Option<crate::domain::calendar::Cadence>,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

pub fn run(env: &Env, args: Args) -> anyhow::Result<ExitCode> {
    let Args {
        worker,
        village,
        grid,
        kind,
        status,
        colour,
        tier,
        cadence,
        format,
    } = args;
    let path = env.db_path()?;
    let db = env.signed(env.open_for_reading(&path)?)?;
    let township = env
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
    out(&queue_text(
        &db,
        env.as_of(&db),
        scope,
        &filter,
        format,
        env.lang(),
    )?);
    Ok(ExitCode::SUCCESS)
}

/// One printed row of the queue: plain values, the same in every format.
#[derive(Debug, Clone, serde::Serialize)]
pub struct QueueRow {
    pub status: String,
    pub missed_periods: u32,
    pub days_overdue: i64,
    pub colour: String,
    pub tier: u8,
    pub kind: String,
    pub subject: String,
    pub subject_id: i64,
    pub name: String,
    pub village: String,
    pub grid: String,
    pub worker: String,
    pub volunteer: String,
    pub period: String,
    pub due_by: NaiveDate,
    pub reason: String,
}

pub fn rows(t: &Township, tasks: &[Task]) -> Vec<QueueRow> {
    let villages: HashMap<i64, &str> = t.villages.iter().map(|v| (v.id, v.name.as_str())).collect();
    let grids: HashMap<i64, &str> = t.grids.iter().map(|g| (g.id, g.name.as_str())).collect();
    tasks
        .iter()
        .map(|k| {
            let (subject, subject_id) = match k.subject {
                Subject::Household(id) => ("household", id),
                Subject::Resident(id) => ("resident", id),
            };
            QueueRow {
                status: k.status.code().into(),
                missed_periods: k.missed_periods,
                days_overdue: k.days_overdue,
                colour: k.colour.map_or("", |c| c.code()).into(),
                tier: k.tier.number(),
                kind: k.kind.code().into(),
                subject: subject.into(),
                subject_id,
                name: k.name.clone(),
                village: villages.get(&k.village_id).copied().unwrap_or("").into(),
                grid: grids.get(&k.grid_id).copied().unwrap_or("").into(),
                worker: k.worker.as_ref().map_or(String::new(), |w| w.name.clone()),
                volunteer: k
                    .volunteer
                    .as_ref()
                    .map_or(String::new(), |w| w.name.clone()),
                period: match k.when {
                    When::Period(p) => p.label(),
                    When::By(_) => String::new(),
                },
                due_by: k.when.deadline(),
                reason: k.reason.codes(),
            }
        })
        .collect()
}

/// `gridcare queue`: the filtered queue in triage order.
pub fn queue_text(
    db: &Db,
    today: NaiveDate,
    scope: crate::db::Scope,
    filter: &Filter,
    format: Format,
    lang: crate::words::Lang,
) -> Result<String> {
    let t = db.load(today, scope)?;
    let all = queue::tasks(&t, today, &db.rules()?);
    let shown: Vec<Task> = all.into_iter().filter(|k| filter.matches(k)).collect();
    let rows = rows(&t, &shown);
    Ok(match format {
        Format::Json => serde_json::to_string_pretty(&rows).unwrap_or_default() + "\n",
        Format::Csv => csv(&rows),
        Format::Table => table(&rows, &shown, today, lang),
    })
}

const HEADER: [&str; 16] = [
    "status",
    "missed_periods",
    "days_overdue",
    "colour",
    "tier",
    "kind",
    "subject",
    "subject_id",
    "name",
    "village",
    "grid",
    "worker",
    "volunteer",
    "period",
    "due_by",
    "reason",
];

fn row_fields(r: &QueueRow) -> [String; 16] {
    [
        r.status.clone(),
        r.missed_periods.to_string(),
        r.days_overdue.to_string(),
        r.colour.clone(),
        r.tier.to_string(),
        r.kind.clone(),
        r.subject.clone(),
        r.subject_id.to_string(),
        r.name.clone(),
        r.village.clone(),
        r.grid.clone(),
        r.worker.clone(),
        r.volunteer.clone(),
        r.period.clone(),
        r.due_by.to_string(),
        r.reason.clone(),
    ]
}

fn csv(rows: &[QueueRow]) -> String {
    let mut out = HEADER.join(",") + "\n";
    for r in rows {
        out.push_str(&crate::text::csv_row(&row_fields(r), false));
    }
    out
}

/// The queue as a table for people, in the language: words, not codes
/// (CSV and JSON keep the codes for scripts).
fn table(rows: &[QueueRow], tasks: &[Task], today: NaiveDate, lang: crate::words::Lang) -> String {
    use crate::words::{self as strings, pick};
    let cols: [(&str, usize); 9] = [
        (pick(lang, "状态", "status"), 8),
        (pick(lang, "逾期", "late"), 6),
        (pick(lang, "颜色", "colour"), 10),
        (pick(lang, "星级", "tier"), 5),
        (pick(lang, "类型", "kind"), 17),
        (pick(lang, "姓名/地址", "name"), 12),
        (pick(lang, "村/网格", "village/grid"), 20),
        (pick(lang, "负责人", "worker"), 22),
        (pick(lang, "截止", "due"), 10),
    ];
    let mut out = String::new();
    for (h, w) in cols {
        out.push_str(&pad(h, w + 1));
    }
    out.push_str(pick(lang, "原因\n", "reason\n"));
    for (r, t) in rows.iter().zip(tasks) {
        // the words and the date every screen shows (issue 25 item 7)
        let late = strings::late(lang, t);
        let due = t.due_on(today).to_string();
        let cells = [
            strings::status(lang, t.status).to_string(),
            late,
            t.colour
                .map_or(String::new(), |c| strings::colour(lang, c).to_string()),
            strings::tier(lang, t.tier),
            strings::kind(lang, t.kind).to_string(),
            r.name.clone(),
            format!("{}{}", r.village, r.grid),
            r.worker.clone(),
            due,
        ];
        for (c, (_, w)) in cells.iter().zip(cols) {
            out.push_str(&pad(c, w + 1));
        }
        out.push_str(&crate::words::task_why(lang, t));
        out.push('\n');
    }
    let open = rows
        .iter()
        .filter(|r| r.status == Status::Due.code() || r.status == Status::Overdue.code())
        .count();
    out.push_str(&strings::fill(
        pick(
            lang,
            "共 {} 项任务（截至 {}），未完成 {} 项（逾期：期 = 错过的周期数，天 = 超过截止的天数）\n",
            "{} tasks as of {}, {} open (late: p = periods missed, d = days past due)\n",
        ),
        &[&rows.len(), &today, &open],
    ));
    out
}
