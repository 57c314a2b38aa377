//! `gridcare plan` (issue 16, domain.md §6 "Weekly plan"): a worker's plan
//! for an ISO week with each task's reason and the load against capacity, as
//! a table, CSV or JSON; `--replan` shows what a re-plan would move.

use crate::cli::{Format, csv_line};
use crate::domain::model::Township;
use crate::domain::plan::{Moved, Plan};
use crate::domain::queue::{Task, When};
use crate::text::pad;
use crate::weekly::{self, place};
use crate::words::{self as strings, Lang};
use unicode_width::UnicodeWidthStr;

/// One planned task as printed: plain values, the same in every format.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PlanRow {
    pub key: String,
    pub name: String,
    pub place: String,
    pub kind: String,
    pub status: String,
    pub due: String,
    /// The reason's code (overdue, red, weekly, dated, share, carried, household, by_hand, added).
    pub why: String,
    pub reason: String,
    /// In the week's work (false when moved out by hand).
    pub counts: bool,
    pub moved: Option<Moved>,
}

/// The plan's tasks as rows, in the plan's order (required first, then the
/// shares); `codes`: the kind and status as codes (CSV and JSON, as
/// `queue` writes them, issue 25 item 6), else in words of `lang`.
pub fn rows(t: &Township, tasks: &[Task], p: &Plan, lang: Lang, codes: bool) -> Vec<PlanRow> {
    p.items
        .iter()
        .map(|item| {
            let task = weekly::task_for(tasks, &item.key);
            PlanRow {
                key: item.key.clone(),
                name: task.map_or(String::new(), |k| k.name.clone()),
                place: task.map_or(String::new(), |k| place(t, k.village_id, k.grid_id)),
                kind: task.map_or(String::new(), |k| match codes {
                    true => k.kind.code().to_string(),
                    false => strings::kind(lang, k.kind).to_string(),
                }),
                status: task.map_or(String::new(), |k| match codes {
                    true => k.status.code().to_string(),
                    false => strings::status(lang, k.status).to_string(),
                }),
                due: task.map_or(String::new(), |k| match k.when {
                    When::Period(p) => p.label(),
                    When::By(d) => d.to_string(),
                }),
                why: item.why.code().to_string(),
                reason: weekly::why_text(lang, &item.why, item.moved.as_ref()),
                counts: item.counts(),
                moved: item.moved.clone(),
            }
        })
        .collect()
}

#[derive(serde::Serialize)]
struct PlanJson<'a> {
    worker: String,
    role: String,
    week: String,
    from: String,
    to: String,
    stored: bool,
    load: usize,
    capacity: usize,
    over_by: usize,
    deferred: usize,
    tasks: &'a [PlanRow],
}

/// The plan printed: a heading (whose, which week), the load line, a row a task.
pub fn plan_text(
    t: &Township,
    tasks: &[Task],
    p: &Plan,
    (name, stored): (&str, bool),
    lang: Lang,
    format: Format,
) -> String {
    let rows = rows(t, tasks, p, lang, format != Format::Table);
    match format {
        Format::Json => {
            let j = PlanJson {
                worker: name.to_string(),
                role: p.role.to_string(),
                week: p.week.label(),
                from: p.week.start.to_string(),
                to: p.week.end().to_string(),
                stored,
                load: p.load(),
                capacity: p.capacity,
                over_by: p.over_by(),
                deferred: p.deferred,
                tasks: &rows,
            };
            serde_json::to_string_pretty(&j).unwrap_or_default() + "\n"
        }
        Format::Csv => {
            let mut out = String::from("key,name,place,kind,status,due,why,reason,counts\n");
            for r in &rows {
                out.push_str(&csv_line(&[
                    r.key.clone(),
                    r.name.clone(),
                    r.place.clone(),
                    r.kind.clone(),
                    r.status.clone(),
                    r.due.clone(),
                    r.why.clone(),
                    r.reason.clone(),
                    r.counts.to_string(),
                ]));
            }
            out
        }
        Format::Table => {
            let s = strings::strings(lang);
            let mut out = format!(
                "{} {name} {} ({} – {}){}\n{}\n",
                s.plan_on_sheet,
                p.week.label(),
                p.week.start,
                p.week.end(),
                if stored { "" } else { s.plan_not_stored },
                weekly::load_line(lang, p)
            );
            // each column as wide as its longest value and one space
            // ("referral f/u" ran into "due" in English)
            // the column heads (issue 25 item 6)
            let heads = [
                strings::pick(lang, "姓名", "Name"),
                strings::pick(lang, "村/网格", "Village/grid"),
                strings::pick(lang, "类型", "Kind"),
                strings::pick(lang, "状态", "Status"),
                strings::pick(lang, "截止", "Due"),
                strings::pick(lang, "原因", "Why"),
            ];
            let w = |f: fn(&PlanRow) -> &str, min: usize, head: &str| {
                rows.iter()
                    .map(|r| UnicodeWidthStr::width(f(r)))
                    .chain([UnicodeWidthStr::width(head)])
                    .max()
                    .unwrap_or(0)
                    .max(min)
                    + 1
            };
            let (nw, pw, kw, sw, dw) = (
                w(|r| &r.name, 9, heads[0]),
                w(|r| &r.place, 15, heads[1]),
                w(|r| &r.kind, 11, heads[2]),
                w(|r| &r.status, 7, heads[3]),
                w(|r| &r.due, 11, heads[4]),
            );
            if !rows.is_empty() {
                out.push_str(&format!(
                    "  {}{}{}{}{}{}\n",
                    pad(heads[0], nw),
                    pad(heads[1], pw),
                    pad(heads[2], kw),
                    pad(heads[3], sw),
                    pad(heads[4], dw),
                    heads[5]
                ));
            }
            for r in &rows {
                out.push_str(&format!(
                    "{}{}{}{}{}{}{}\n",
                    if r.counts { "  " } else { "- " },
                    pad(&r.name, nw),
                    pad(&r.place, pw),
                    pad(&r.kind, kw),
                    pad(&r.status, sw),
                    pad(&r.due, dw),
                    r.reason
                ));
            }
            if rows.is_empty() {
                out.push_str(s.plan_none);
                out.push('\n');
            }
            out
        }
    }
}

// ---- the subcommand (issue 26 item 1): its arguments and its run

use super::prelude::*;
use crate::print;

#[derive(clap::Args)]
pub struct Args {
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
}

pub fn run(env: &Env, args: Args) -> anyhow::Result<ExitCode> {
    let Args {
        worker,
        week,
        format,
        replan,
        apply,
    } = args;
    let path = env.db_path()?;
    // signed in as every command is (issue 15): the plan is the
    // operator's to read, and its first reading stores it
    let mut db = env.signed(env.open_for_reading(&path)?)?;
    let lang = env.lang();
    let today = env.as_of(&db);
    let who = db.find_worker(&worker)?;
    let week = match week {
        Some(w) => print::parse_week(&w)?,
        None => crate::domain::calendar::Period::containing(
            crate::domain::calendar::Cadence::Week,
            today,
        ),
    };
    let scope = db
        .township_of_worker(who.0, who.1)?
        .map_or(Scope::All, Scope::Township);
    let town = db.load(today, scope)?;
    db.plan_in_reach(&town, who)?;
    let rules = db.rules()?;
    let all = crate::weekly::week_tasks(&town, &rules, week, today);
    let name = print::worker_name(&town, who.0, who.1);
    if replan {
        let (next, diff) = crate::weekly::replan_preview(&db, &all, &rules, who, week)?;
        out(&crate::weekly::replan_text(&town, &all, &diff, lang));
        if apply {
            db.save_plan(&next, today, true)?;
            let p = crate::weekly::stored(&db, &all, who, week)?.unwrap_or(next);
            out(&plan_text(&town, &all, &p, (&name, true), lang, format));
        } else {
            tell(
                lang,
                "未保存；加 --apply 才重新计划",
                "nothing stored; add --apply to re-plan",
                &[],
            );
        }
    } else {
        let (p, stored) = crate::weekly::ensure(&mut db, &all, &rules, who, week, today)?;
        out(&plan_text(&town, &all, &p, (&name, stored), lang, format));
    }
    Ok(ExitCode::SUCCESS)
}
