//! A print job — whose sheets, which period, what format, where — and
//! running it to a file or to the terminal's printer. The command line's
//! `gridcare print` and the interface's print form both build a [`PrintJob`]
//! and hand it here.

use crate::db::{Db, Result};
use crate::domain::calendar::Period;
use crate::domain::model::*;
use crate::domain::queue::{Filter, WorkerRole};
use crate::print::{self, PrintSettings, Request, Who};
use chrono::NaiveDate;
use std::path::PathBuf;

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
    lang: crate::words::Lang,
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
    let line = crate::words::fill(
        crate::words::pick(
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
        medicines: db.medicines_on(as_of)?,
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
