//! Subcommands that print: `check`, `queue` and `print`. Each returns its text so
//! tests read exactly what a user sees.

use crate::db::{CheckReport, Db, DbError, Result};
use crate::domain::calendar::Period;
use crate::domain::model::*;
use crate::domain::queue::{self, Filter, Reason, Status, Task, When, WorkerRole};
use crate::print::{self, PrintSettings, Request, Who};
use crate::text::{pad, pad_left};
use crate::tui::strings::{Lang, pick};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::path::PathBuf;

/// What `check` counts, in Chinese (the report's names are English).
fn total_zh(what: &str) -> &str {
    match what {
        "villages" => "村",
        "grids" => "网格",
        "grid workers" => "网格员",
        "doctor teams" => "家庭医生团队",
        "households" => "户",
        "residents (active)" => "居民（在管）",
        "residents (moved, deceased, transferred)" => "居民（迁出、死亡、转出）",
        "hypertension under management" => "在管高血压",
        "diabetes under management" => "在管糖尿病",
        "contracts" => "签约",
        "volunteers" => "志愿者",
        "volunteer groups" => "志愿者小组",
        "visits" => "随访",
        "referrals (open)" => "转诊（未结）",
        "audit entries" => "审计记录",
        other => other,
    }
}

/// `gridcare check`: one screen, in the command line's language.
pub fn check_text(db_path: &str, r: &CheckReport, lang: Lang) -> String {
    let t = |zh: &str, en: &str, args: &[&dyn std::fmt::Display]| {
        crate::tui::strings::fill(crate::tui::strings::pick_str(lang, zh, en), args) + "\n"
    };
    let zh = lang == Lang::Zh;
    let mut out = t(
        "gridcare 检查：{}\n数据库结构版本 {}\n",
        "gridcare check: {}\nschema version {}\n",
        &[&db_path, &r.schema_version],
    );
    out.push_str(&format!(
        "{:>8}  {}\n",
        pick(lang, "数量", "Count"),
        pick(lang, "项目", "What")
    ));
    for (what, n) in &r.totals {
        let what = if zh { total_zh(what) } else { what };
        out.push_str(&format!("{n:>8}  {what}\n"));
    }
    out.push('\n');
    let problems = |out: &mut String, lines: &[String]| {
        for l in lines.iter().take(20) {
            out.push_str(&format!("  {l}\n"));
        }
    };
    if r.integrity.is_empty() {
        out.push_str(&t("完整性：无误", "integrity: ok", &[]));
    } else {
        out.push_str(&t(
            "完整性：{} 处问题",
            "integrity: {} problem(s)",
            &[&r.integrity.len()],
        ));
        problems(&mut out, &r.integrity);
    }
    if r.foreign_keys.is_empty() {
        out.push_str(&t("外键：无误", "foreign keys: ok", &[]));
    } else {
        out.push_str(&t(
            "外键：{} 处问题",
            "foreign keys: {} problem(s)",
            &[&r.foreign_keys.len()],
        ));
        problems(&mut out, &r.foreign_keys);
    }
    if r.classifications.is_empty() {
        out.push_str(&t(
            "分类：无误（每条存储的分类都与其读数一致）",
            "classifications: ok (every stored one agrees with its readings)",
            &[],
        ));
    } else {
        out.push_str(&t(
            "分类：{} 次随访存储的分类与其读数不符；gridcare 以读数为准（domain.md §3）",
            "classifications: {} follow-up(s) whose stored classification disagrees with their readings; gridcare goes by the readings (domain.md §3)",
            &[&r.classifications.len()],
        ));
        problems(&mut out, &r.classifications);
    }
    if r.schema.is_empty() {
        out.push_str(&t(
            "数据库结构：无误（表、索引、触发器和视图与本 gridcare 所建一致）",
            "schema: ok (tables, indexes, triggers and views as this gridcare makes them)",
            &[],
        ));
    } else {
        out.push_str(&t(
            "数据库结构：{} 个对象与 gridcare 的不同；SQLite 每次保存都会多运行一个触发器",
            "schema: {} object(s) differ from gridcare's; SQLite would run an extra trigger on every save",
            &[&r.schema.len()],
        ));
        problems(&mut out, &r.schema);
    }
    match (&r.audit_chain[..], &r.audit_head) {
        ([], Some((id, hash))) => out.push_str(&t(
            "审计日志：无误（哈希链完整；末条 #{} {}）",
            "audit log: ok (hash chain unbroken; head #{} {})",
            &[id, &&hash[..16.min(hash.len())]],
        )),
        ([], None) => out.push_str(&t("审计日志：无误（空）", "audit log: ok (empty)", &[])),
        (breaks, _) => {
            out.push_str(&t(
                "审计日志：哈希链断开：日志或其所记内容在 gridcare 之外被改动过",
                "audit log: the hash chain breaks: the log or what it records was changed outside gridcare",
                &[],
            ));
            problems(&mut out, breaks);
        }
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
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

fn reason_text(r: &Reason) -> String {
    match r {
        Reason::Tier { tier, overridden } => format!(
            "tier {}{}",
            tier.number(),
            if *overridden { " (override)" } else { "" }
        ),
        Reason::Chronic {
            conditions,
            colour,
            cause,
            since,
        } => format!(
            "{} {} since {since} ({})",
            conditions
                .iter()
                .map(|c| c.code())
                .collect::<Vec<_>>()
                .join("+"),
            colour.code(),
            cause.code()
        ),
        Reason::Age { age } => format!("age {age}"),
        Reason::Referral {
            referral_id,
            sent_on,
        } => format!("referral {referral_id} sent {sent_on}"),
        Reason::CarePlan { plan, review_on } => match review_on {
            Some(r) => format!("care plan review {r}"),
            None => format!(
                "care plan {}",
                if *plan == crate::domain::careplan::PlanState::Missing {
                    "missing"
                } else {
                    "undated"
                }
            ),
        },
    }
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
                reason: reason_text(&k.reason),
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
    lang: crate::tui::strings::Lang,
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
fn table(
    rows: &[QueueRow],
    tasks: &[Task],
    today: NaiveDate,
    lang: crate::tui::strings::Lang,
) -> String {
    use crate::tui::strings::{self, pick};
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
        out.push_str(&crate::tui::screens::queues::why_text(lang, t));
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

/// `gridcare overview`: one line per township.
pub fn overview_text(
    counts: &[crate::snapshot::TownshipCounts],
    format: Format,
    lang: Lang,
) -> String {
    match format {
        Format::Json => serde_json::to_string_pretty(counts).unwrap_or_default() + "\n",
        Format::Csv => {
            let mut out = String::from("township,residents,open,overdue,red\n");
            for c in counts {
                out.push_str(&crate::text::csv_row(
                    &[
                        c.name.clone(),
                        c.residents.to_string(),
                        c.open.to_string(),
                        c.overdue.to_string(),
                        c.red.to_string(),
                    ],
                    false,
                ));
            }
            out
        }
        Format::Table => {
            let mut out = format!(
                "{} {} {} {} {}\n",
                pad(pick(lang, "乡镇", "Township"), 10),
                pad_left(pick(lang, "居民", "Residents"), 9),
                pad_left(pick(lang, "未完成", "Open"), 7),
                pad_left(pick(lang, "逾期", "Overdue"), 7),
                pad_left(pick(lang, "红", "Red"), 5)
            );
            for c in counts {
                out.push_str(&format!(
                    "{} {:>9} {:>7} {:>7} {:>5}\n",
                    pad(&c.name, 10),
                    c.residents,
                    c.open,
                    c.overdue,
                    c.red
                ));
            }
            let sum = |f: fn(&crate::snapshot::TownshipCounts) -> usize| {
                counts.iter().map(f).sum::<usize>()
            };
            out.push_str(&format!(
                "{} {:>9} {:>7} {:>7} {:>5}\n",
                pad(pick(lang, "合计", "All"), 10),
                sum(|c| c.residents),
                sum(|c| c.open),
                sum(|c| c.overdue),
                sum(|c| c.red)
            ));
            out
        }
    }
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
            (r, _) => Err(DbError::Invalid(crate::tui::strings::fill(
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

/// What `gridcare print` was asked for.
pub struct PrintJob {
    pub who: Who,
    /// What is loaded to print it: the session's township, or the village.
    pub scope: crate::db::Scope,
    pub period: Period,
    pub format: print::Format,
    /// Queue filters from the interface; the command line prints whole sheets.
    pub filter: Filter,
    pub output: Option<PathBuf>,
    pub font: Option<PathBuf>,
    pub printed_on: NaiveDate,
}

/// `gridcare print`: writes the file; returns where it went and a line saying so.
pub fn print_file(
    db: &mut Db,
    today: NaiveDate,
    job: &PrintJob,
    lang: crate::tui::strings::Lang,
) -> anyhow::Result<(PathBuf, String)> {
    let settings = PrintSettings::from_settings(&db.settings()?);
    let (t, rules, req, as_of) = load_job(db, today, job)?;
    let name = print::default_name(&who_name(&t, job.who), job.period, job.format);
    // -o may name a folder: the file gets its usual name inside it
    let path = match &job.output {
        Some(p) if p.is_dir() => p.join(name),
        Some(p) => p.clone(),
        None => settings.default_path(&name),
    };
    let font = job.font.as_deref().or(settings.font.as_deref());
    let done = print::print_to_file(&t, &rules, &req, as_of, job.format, font, &path)?;
    let kb = done.bytes.len().div_ceil(1024);
    let line = crate::tui::strings::fill(
        crate::tui::strings::pick(
            lang,
            "已打印 {} 张任务单、{} 行（{}，截至 {}）到 {}（{} KB）",
            "printed {} sheet(s), {} row(s), {} as of {} to {} ({} KB)",
        ),
        &[
            &done.sheets,
            &done.rows,
            &job.period.label(),
            &as_of,
            &path.display(),
            &kb,
        ],
    );
    Ok((path.clone(), line))
}

/// What a print job needs, for a file or the terminal alike: the scope
/// loaded as of the period, the rules, the request and its as-of date.
fn load_job(
    db: &mut Db,
    today: NaiveDate,
    job: &PrintJob,
) -> Result<(Township, crate::domain::rules::Rules, Request, NaiveDate)> {
    let as_of = print::as_of(job.period, today);
    let t = db.load(as_of, job.scope)?;
    let rules = db.rules()?;
    let plans = week_plans(db, &t, &rules, job.who, job.period, today)?;
    let req = Request {
        who: job.who,
        period: job.period,
        filter: job.filter.clone(),
        printed_on: job.printed_on,
        plans,
    };
    Ok((t, rules, req, as_of))
}

/// The weekly plans of the grid workers whose sheets `who` asks for, when
/// `period` is a week (issue 16; issue 25 item 1, domain.md §6 "Weekly
/// plan"): the sheet of a week is that week's plan, whichever path first
/// asks for it — the stored one, else made and stored now, as the plan tab
/// and `gridcare plan` do (shown unstored where it may not be stored).
fn week_plans(
    db: &mut Db,
    t: &Township,
    rules: &crate::domain::rules::Rules,
    who: Who,
    period: Period,
    today: NaiveDate,
) -> Result<Vec<crate::domain::plan::Plan>> {
    let mut out = Vec::new();
    if period.cadence != crate::domain::calendar::Cadence::Week {
        return Ok(out);
    }
    let all = crate::weekly::week_tasks(t, rules, period, today);
    let mut seen = std::collections::HashSet::new();
    for g in &t.grids {
        let asked = match who {
            Who::Worker(WorkerRole::GridWorker, id) => {
                g.worker.as_ref().is_some_and(|w| w.id == id)
            }
            Who::Worker(..) => false,
            Who::Village(v) => g.village_id == v,
            Who::Township => true,
        };
        let Some(w) = g.worker.as_ref().filter(|_| asked) else {
            continue;
        };
        let worker = (WorkerRole::GridWorker, w.id);
        // a worker with nothing to do this week gets no plan stored
        if seen.insert(w.id)
            && all
                .iter()
                .any(|k| k.role == worker.0 && k.worker.as_ref().is_some_and(|x| x.id == w.id))
        {
            out.push(crate::weekly::ensure(db, &all, rules, worker, period, today)?.0);
        }
    }
    Ok(out)
}

/// `gridcare print --terminal` and the print form's "local printer": the text
/// sheets wrapped for the terminal's printer (`ESC[5i` … `ESC[4i`, see
/// print/terminal.rs), and a line saying what was sent.
pub fn print_terminal(
    db: &mut Db,
    today: NaiveDate,
    job: &PrintJob,
) -> anyhow::Result<(Vec<u8>, print::Printed)> {
    let settings = PrintSettings::from_settings(&db.settings()?);
    let enc =
        print::terminal::TerminalEncoding::from_setting(settings.terminal_encoding.as_deref())?;
    let (t, rules, req, as_of) = load_job(db, today, job)?;
    let done = print::print(&t, &rules, &req, as_of, print::Format::Txt, None)?;
    let text = String::from_utf8_lossy(&done.bytes);
    Ok((print::terminal::passthrough(&text, enc), done))
}

/// Whose name a default file name starts with.
pub fn who_name(t: &Township, who: Who) -> String {
    match who {
        Who::Worker(role, id) => print::worker_name(t, role, id),
        Who::Village(id) => t
            .villages
            .iter()
            .find(|v| v.id == id)
            .map_or(format!("village-{id}"), |v| v.name.clone()),
        Who::Township => "township".into(),
    }
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

/// `gridcare audit`: as a table, each change in words with the fields that
/// changed (shared with the history popup); CSV and JSON keep the codes.
pub fn audit_text(
    entries: &[crate::db::AuditEntry],
    format: Format,
    lang: crate::tui::strings::Lang,
) -> String {
    let changed = |e: &crate::db::AuditEntry| {
        e.changes
            .iter()
            .map(|(k, b, a)| format!("{k}: {b} -> {a}"))
            .collect::<Vec<_>>()
            .join("; ")
    };
    match format {
        Format::Json => serde_json::to_string_pretty(entries).unwrap_or_default() + "\n",
        Format::Csv => {
            let mut out = String::from("at,operator,action,entity,id,detail,changes\n");
            for e in entries {
                let cells = [
                    e.at.clone(),
                    e.operator.clone(),
                    e.action.clone(),
                    e.entity.clone(),
                    e.entity_id.map_or(String::new(), |i| i.to_string()),
                    e.detail.clone().unwrap_or_default(),
                    changed(e),
                ];
                out.push_str(&csv_line(&cells));
            }
            out
        }
        // in words and newest first, as the history popup shows it (§10)
        // with a line of heads over the changes (issue 25 item 6)
        Format::Table => {
            let body = crate::history::text(lang, entries, crate::history::local_offset(), true);
            if entries.is_empty() {
                return body;
            }
            format!(
                "{}  {}  {}\n{body}",
                pad(pick(lang, "时间", "When"), 16),
                pick(lang, "操作员", "Operator"),
                pick(lang, "更改 · 对象", "Change · whose"),
            )
        }
    }
}

/// A date typed on the command line (`--today`, `--since`). A date of the right
/// shape that does not exist is named as such (30 February), in the command
/// line's language; anything else is asked for as YYYY-MM-DD.
pub fn parse_date(
    s: &str,
    lang: crate::tui::strings::Lang,
) -> std::result::Result<NaiveDate, String> {
    use crate::tui::strings::Lang;
    let t = s.trim();
    if let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        return Ok(d);
    }
    let parts: Vec<&str> = t.split('-').collect();
    let numbers = match parts.as_slice() {
        [y, m, d]
            if y.len() == 4
                && (1..=2).contains(&m.len())
                && (1..=2).contains(&d.len())
                && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit())) =>
        {
            y.parse::<i32>()
                .ok()
                .zip(m.parse::<u32>().ok())
                .zip(d.parse::<u32>().ok())
                .map(|((y, m), d)| (y, m, d))
        }
        _ => None,
    };
    Err(match numbers {
        Some((_, m, _)) if !(1..=12).contains(&m) => match lang {
            Lang::En => format!("{t}: there is no month {m}; months run from 01 to 12"),
            Lang::Zh => format!("{t}：没有 {m} 月，月份为 01 至 12"),
        },
        Some((y, m, d)) => {
            let first = NaiveDate::from_ymd_opt(y, m, 1);
            let days = first
                .and_then(|f| f.checked_add_months(chrono::Months::new(1)))
                .zip(first)
                .map_or(0, |(next, f)| (next - f).num_days());
            let month = chrono::Month::try_from(m as u8).map_or("", |x| x.name());
            match lang {
                Lang::En => format!("{t}: {month} {y} has no day {d} (it has {days} days)"),
                Lang::Zh => format!("{t}：{y} 年 {m} 月没有 {d} 日（该月只有 {days} 天）"),
            }
        }
        None => match lang {
            Lang::En => format!("{s:?} is not a date; write it as YYYY-MM-DD, e.g. 2026-11-20"),
            Lang::Zh => format!("“{s}”不是日期，请写成 YYYY-MM-DD，例如 2026-11-20"),
        },
    })
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

/// A report's table as aligned text (widths in terminal cells), with the
/// standard-management rule beneath it.
pub fn report_text(headers: &[String], rows: &[Vec<String>], lang: Lang) -> String {
    use crate::domain::indicators::{STANDARD_RULE, STANDARD_RULE_EN, head_in};
    use unicode_width::UnicodeWidthStr;
    // the table's heads in the language; CSV and XLSX keep the Chinese ones
    let headers: Vec<String> = headers
        .iter()
        .map(|h| head_in(h, lang == Lang::Zh).to_string())
        .collect();
    let widths: Vec<usize> = (0..headers.len())
        .map(|c| {
            std::iter::once(&headers[c])
                .chain(rows.iter().filter_map(|r| r.get(c)))
                .map(|s| s.width())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: &[String]| {
        let parts: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(s, w)| crate::text::pad(s, *w))
            .collect();
        parts.join("  ").trim_end().to_string() + "\n"
    };
    let mut out = line(&headers);
    for r in rows {
        out.push_str(&line(r));
    }
    out.push('\n');
    out.push_str(pick(lang, STANDARD_RULE, STANDARD_RULE_EN));
    out.push('\n');
    out.push_str(pick(
        lang,
        crate::domain::indicators::ELDERLY_RULE,
        crate::domain::indicators::ELDERLY_RULE_EN,
    ));
    out.push('\n');
    out
}

/// `gridcare roster list`: everyone with their role, phone, current grids and
/// load (visits a week and backlog, §2's cadences), the family-doctor teams
/// and volunteers, the grids without a worker, and one handover that would
/// even the load (issue 12). The same reading as screen 5 (`roster::Roster`).
pub fn roster_text(
    db: &Db,
    today: NaiveDate,
    township: Option<&str>,
    format: Format,
    lang: crate::tui::strings::Lang,
) -> crate::db::Result<String> {
    use crate::roster::{Roster, bar, grid_name};
    let scope = match township {
        Some(t) => crate::db::Scope::Township(db.find_township(t)?),
        None => db.default_scope()?,
    };
    let snap = crate::snapshot::Snapshot::load(db, scope, today)?;
    let r = Roster::load(db, &snap)?;
    let round = |x: f64| (x * 10.0).round() / 10.0;
    let village = |id: i64| {
        snap.town
            .villages
            .iter()
            .find(|v| v.id == id)
            .map_or(String::new(), |v| v.name.clone())
    };
    Ok(match format {
        Format::Json => {
            #[derive(serde::Serialize)]
            struct Row<'a> {
                id: i64,
                name: &'a str,
                role: &'a str,
                active: bool,
                phone: Option<&'a str>,
                grids: Vec<&'a str>,
                per_week: f64,
                backlog: usize,
            }
            let rows: Vec<Row> = r
                .people
                .iter()
                .map(|p| Row {
                    id: p.staff.id,
                    name: &p.staff.name,
                    role: &p.staff.role,
                    active: p.staff.active,
                    phone: p.staff.phone.as_deref(),
                    grids: p.grids.iter().map(|g| g.1.as_str()).collect(),
                    per_week: round(p.load.per_week),
                    backlog: p.load.backlog,
                })
                .collect();
            serde_json::json!({
                "staff": rows,
                "teams": r.teams.iter().map(|t| serde_json::json!({
                    "id": t.team.id, "name": t.team.name, "village": village(t.team.village_id),
                    "members": t.team.members.iter().map(|m| serde_json::json!({"name": m.1, "leader": m.2})).collect::<Vec<_>>(),
                    "per_week": round(t.load.per_week), "backlog": t.load.backlog,
                })).collect::<Vec<_>>(),
                "volunteers": r.volunteers.iter().map(|v| serde_json::json!({
                    "id": v.id, "name": v.name, "village": village(v.village_id),
                    "since": v.since, "until": v.until, "group": v.group,
                    "stepped_down": v.stepped_down(today),
                })).collect::<Vec<_>>(),
                "uncovered_grids": r.uncovered.iter().map(|g| &g.1).collect::<Vec<_>>(),
                "load_limit_per_week": r.limit,
                "proposal": r.proposal.as_ref().map(|h| serde_json::json!({
                    "grid": grid_name(&snap, h.grid), "from": r.name_of(h.from), "to": r.name_of(h.to),
                    "before": [h.before.0, h.before.1], "after": [h.after.0, h.after.1],
                })),
            })
            .to_string()
                + "\n"
        }
        Format::Csv => {
            let mut out = String::from(
                "kind,id,name,role,phone,active,village,per_week,backlog,grids_or_members,group,since,until\n",
            );
            let row = |cells: &[String]| csv_line(cells);
            for p in &r.people {
                out.push_str(&row(&[
                    "staff".into(),
                    p.staff.id.to_string(),
                    p.staff.name.clone(),
                    p.staff.role.clone(),
                    p.staff.phone.clone().unwrap_or_default(),
                    p.staff.active.to_string(),
                    p.staff.village_id.map_or(String::new(), village),
                    round(p.load.per_week).to_string(),
                    p.load.backlog.to_string(),
                    p.grids
                        .iter()
                        .map(|g| g.1.as_str())
                        .collect::<Vec<_>>()
                        .join(" "),
                    String::new(),
                    String::new(),
                    String::new(),
                ]));
            }
            for t in &r.teams {
                out.push_str(&row(&[
                    "team".into(),
                    t.team.id.to_string(),
                    t.team.name.clone(),
                    String::new(),
                    String::new(),
                    "true".into(),
                    village(t.team.village_id),
                    round(t.load.per_week).to_string(),
                    t.load.backlog.to_string(),
                    t.team.members_text(),
                    String::new(),
                    String::new(),
                    String::new(),
                ]));
            }
            for v in &r.volunteers {
                out.push_str(&row(&[
                    "volunteer".into(),
                    v.id.to_string(),
                    v.name.clone(),
                    String::new(),
                    String::new(),
                    (!v.stepped_down(today)).to_string(),
                    village(v.village_id),
                    String::new(),
                    String::new(),
                    String::new(),
                    v.group.clone().unwrap_or_default(),
                    v.since.to_string(),
                    v.until.map_or(String::new(), |u| u.to_string()),
                ]));
            }
            out
        }
        Format::Table => {
            use crate::text::pad;
            use crate::tui::strings::{self, pick};
            use unicode_width::UnicodeWidthStr;
            let s = strings::strings(lang);
            let mut out = String::new();
            let (worker_scale, team_scale) = (r.worker_scale(), r.team_scale());
            // the over-limit mark keeps its width, so what follows stays aligned
            let over = format!(" !{}", s.over_limit);
            let flag = |week: f64| {
                if week > r.limit {
                    over.clone()
                } else {
                    " ".repeat(UnicodeWidthStr::width(over.as_str()))
                }
            };
            let load = |per_week: f64, backlog: usize, week: f64, scale: f64| {
                format!(
                    "{:>6.1}{} {} {}{}",
                    per_week,
                    s.per_week_short,
                    pad(&format!("+{backlog}"), 7),
                    bar(week, scale, 20),
                    flag(week)
                )
            };
            // one heading line per section, its columns padded as the rows are
            let load_head = format!(
                "{} {} {}",
                pad(pick(lang, "每周走访", "visits/wk"), 9),
                pad(pick(lang, "积压", "backlog"), 7),
                pad(pick(lang, "负荷", "load"), 20)
            );
            out.push_str(&format!("【{}】\n", s.sec_staff));
            out.push_str(&format!(
                "{:>4} {} {} {} {load_head}{}  {}\n",
                pick(lang, "编号", "No."),
                pad(s.name, 8),
                pad(s.f_role, 12),
                pad(pick(lang, "电话", "phone"), 11),
                " ".repeat(UnicodeWidthStr::width(over.as_str())),
                pick(lang, "网格", "grids")
            ));
            for p in &r.people {
                use crate::domain::model::StaffRole;
                let kind = StaffRole::from_code(&p.staff.role);
                let role = kind.map_or(p.staff.role.as_str(), |x| strings::staff_role(lang, x));
                // doctors' work is their team's, shown on the team's row (as on screen 5)
                let blank = 9 + 1 + 7 + 1 + 20 + UnicodeWidthStr::width(over.as_str());
                let state = if !p.staff.active {
                    pad(s.left_job, blank)
                } else if kind == Some(StaffRole::GridWorker) {
                    load(p.load.per_week, p.load.backlog, p.load.week(), worker_scale)
                } else {
                    " ".repeat(blank)
                };
                let grids = if p.grids.is_empty() {
                    p.staff.village_id.map_or(String::new(), village)
                } else {
                    p.grids
                        .iter()
                        .map(|g| g.1.as_str())
                        .collect::<Vec<_>>()
                        .join(" ")
                };
                out.push_str(&format!(
                    "{:>4} {} {} {} {state}  {grids}\n",
                    p.staff.id,
                    pad(&p.staff.name, 8),
                    pad(role, 12),
                    pad(p.staff.phone.as_deref().unwrap_or("-"), 11),
                ));
            }
            let team_w = r
                .teams
                .iter()
                .map(|t| UnicodeWidthStr::width(t.team.name.as_str()))
                .max()
                .unwrap_or(0)
                .max(8);
            out.push_str(&format!("\n【{}】\n", s.sec_teams));
            out.push_str(&format!(
                "{} {} {load_head}{}  {}\n",
                pad(pick(lang, "团队", "team"), team_w),
                pad(s.f_village, 8),
                " ".repeat(UnicodeWidthStr::width(over.as_str())),
                pick(lang, "成员（*队长）", "members (* leader)")
            ));
            for t in &r.teams {
                out.push_str(&format!(
                    "{} {} {}  {}\n",
                    pad(&t.team.name, team_w),
                    pad(&village(t.team.village_id), 8),
                    load(t.load.per_week, t.load.backlog, t.load.week(), team_scale),
                    t.team.members_text()
                ));
            }
            out.push_str(&format!("\n【{}】\n", s.sec_volunteers));
            out.push_str(&format!(
                "{} {} {}  {}\n",
                pad(s.name, 8),
                pad(s.f_village, 8),
                pad(pick(lang, "任期", "serving"), 23),
                s.g_group
            ));
            for v in &r.volunteers {
                let gone = v.stepped_down(today);
                let term = format!(
                    "{}~{}",
                    v.since,
                    v.until.map_or(String::new(), |u| u.to_string())
                );
                let group = match (&v.group, gone) {
                    (Some(g), true) => strings::fill(
                        pick(
                            lang,
                            "{}（已卸任：请为该组指定新志愿者，gridcare groups volunteer）",
                            "{} (stepped down: give the group a new volunteer, gridcare groups volunteer)",
                        ),
                        &[g],
                    ),
                    (Some(g), false) => g.clone(),
                    (None, true) => s.stepped_down.to_string(),
                    (None, false) => String::new(),
                };
                out.push_str(&format!(
                    "{} {} {}  {group}\n",
                    pad(&v.name, 8),
                    pad(&village(v.village_id), 8),
                    pad(&term, 23),
                ));
            }
            out.push('\n');
            if r.uncovered.is_empty() {
                out.push_str(pick(
                    lang,
                    "每个网格都有网格员。\n",
                    "Every grid has a grid worker.\n",
                ));
            } else {
                let names: Vec<&str> = r.uncovered.iter().map(|g| g.1.as_str()).collect();
                out.push_str(&strings::fill(
                    pick(
                        lang,
                        "无网格员的网格：{}（用 gridcare roster assign --grid 网格 --worker 网格员 指派）\n",
                        "Grids without a grid worker: {} (gridcare roster assign --grid GRID --worker WORKER assigns one)\n",
                    ),
                    &[&names.join(" ")],
                ));
            }
            if r.proposal.is_none() {
                out.push_str(s.no_proposal);
                out.push('\n');
            }
            out.extend(r.proposal_text(
                &snap,
                pick(
                    lang,
                    "均衡建议：把 {} 从 {} 交给 {}（每周走访 {}→{}，{}→{}）：gridcare roster assign --grid {} --worker {}\n",
                    "To even the load: hand {} from {} to {} ({}→{} and {}→{} visits a week): gridcare roster assign --grid {} --worker {}\n",
                ),
            ));
            out
        }
    })
}

/// `gridcare contract expiring`: contracts ending soon, soonest first (issue 14).
pub fn expiring_text(
    rows: &[crate::db::Expiring],
    today: NaiveDate,
    format: Format,
    lang: Lang,
) -> String {
    match format {
        Format::Json => serde_json::to_string(rows).unwrap_or_default() + "\n",
        Format::Csv => {
            let mut out = String::from("name,village,team,start,end,days_left\n");
            for e in rows {
                let c = &e.contract;
                out.push_str(&crate::text::csv_row(
                    &[
                        e.name.clone(),
                        e.village.clone(),
                        c.team.clone(),
                        c.start.to_string(),
                        c.end.to_string(),
                        c.days_left(today).to_string(),
                    ],
                    false,
                ));
            }
            out
        }
        Format::Table => {
            if rows.is_empty() {
                return pick(
                    lang,
                    "期内没有到期的签约\n",
                    "no contract ends within the period\n",
                )
                .into();
            }
            let line = |cells: [&str; 5]| table_line(&cells, &[8, 8, 20, 10]);
            let mut out = line([
                pick(lang, "居民", "Resident"),
                pick(lang, "村", "Village"),
                pick(lang, "家庭医生团队", "Team"),
                pick(lang, "到期日", "Ends"),
                pick(lang, "剩余天数", "Days left"),
            ]);
            for e in rows {
                let c = &e.contract;
                out.push_str(&line([
                    &e.name,
                    &e.village,
                    &c.team,
                    &c.end.to_string(),
                    &crate::tui::strings::fill(
                        pick(lang, "{} 天", "{} days"),
                        &[&c.days_left(today)],
                    ),
                ]));
            }
            out
        }
    }
}

/// `gridcare care-plan show` (issue 14, §2 ★1): the plan of one resident.
pub fn care_plan_text(
    name: &str,
    plan: &crate::db::CarePlan,
    format: Format,
    lang: Lang,
) -> String {
    let day = |d: Option<chrono::NaiveDate>| d.map_or(String::new(), |d| d.to_string());
    match format {
        Format::Json => {
            serde_json::to_string_pretty(&serde_json::json!({
                "name": name,
                "text": plan.text,
                "written_on": plan.written_on,
                "review_on": plan.review_on,
            }))
            .unwrap_or_default()
                + "\n"
        }
        Format::Csv => {
            let mut out = String::from("name,written_on,review_on,text\n");
            out.push_str(&csv_line(&[
                name.to_string(),
                day(plan.written_on),
                day(plan.review_on),
                plan.text.clone().unwrap_or_default(),
            ]));
            out
        }
        Format::Table => match &plan.text {
            None => crate::tui::strings::fill(
                pick(
                    lang,
                    "{}：没有一人一策；用 `gridcare care-plan set` 写一份\n",
                    "{}: no care plan; write one with `gridcare care-plan set`\n",
                ),
                &[&name],
            ),
            Some(t) => crate::tui::strings::fill(
                pick(
                    lang,
                    "{}  写于 {}  复核 {}\n{}\n",
                    "{}  written {}  review {}\n{}\n",
                ),
                &[
                    &name,
                    &Some(day(plan.written_on))
                        .filter(|d| !d.is_empty())
                        .unwrap_or("-".into()),
                    &Some(day(plan.review_on))
                        .filter(|d| !d.is_empty())
                        .unwrap_or("-".into()),
                    t,
                ],
            ),
        },
    }
}

#[cfg(test)]
mod dates {
    use super::*;
    use crate::tui::strings::Lang;

    /// Dates of the right shape that do not exist say so; others ask for the shape.
    #[test]
    fn parse_date_table() {
        let ok: &[(&str, &str)] = &[("2026-11-20", "2026-11-20"), ("2024-02-29", "2024-02-29")];
        for (s, want) in ok {
            assert_eq!(parse_date(s, Lang::En).unwrap().to_string(), *want);
        }
        let bad: &[(&str, Lang, &str)] = &[
            (
                "2026-02-30",
                Lang::En,
                "2026-02-30: February 2026 has no day 30 (it has 28 days)",
            ),
            (
                "2026-02-30",
                Lang::Zh,
                "2026-02-30：2026 年 2 月没有 30 日（该月只有 28 天）",
            ),
            (
                "2025-02-29",
                Lang::En,
                "2025-02-29: February 2025 has no day 29 (it has 28 days)",
            ),
            (
                "2026-04-31",
                Lang::En,
                "2026-04-31: April 2026 has no day 31 (it has 30 days)",
            ),
            (
                "2026-13-01",
                Lang::En,
                "2026-13-01: there is no month 13; months run from 01 to 12",
            ),
            (
                "2026-13-01",
                Lang::Zh,
                "2026-13-01：没有 13 月，月份为 01 至 12",
            ),
            (
                "2026-00-10",
                Lang::En,
                "2026-00-10: there is no month 0; months run from 01 to 12",
            ),
            (
                "20261120",
                Lang::En,
                "\"20261120\" is not a date; write it as YYYY-MM-DD, e.g. 2026-11-20",
            ),
            (
                "2026/11/20",
                Lang::Zh,
                "“2026/11/20”不是日期，请写成 YYYY-MM-DD，例如 2026-11-20",
            ),
            (
                "tomorrow",
                Lang::En,
                "\"tomorrow\" is not a date; write it as YYYY-MM-DD, e.g. 2026-11-20",
            ),
        ];
        for (s, lang, want) in bad {
            assert_eq!(parse_date(s, *lang).unwrap_err(), *want, "{s}");
        }
    }
}
