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
    /// `--large`: the body at 14 pt (issue 29 item 1).
    pub large: bool,
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
    let mut sheets = print::sheets(&t, &rules, &req, as_of);
    // a font or folder that fails is found before a batch is stored
    if job.format == print::Format::Pdf {
        print::find_font(font)?;
    }
    let batch = batch(db, &mut sheets, job)?;
    let done = print::write_sheets(&sheets, job.format, font, &path)?;
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
    let line = match batch {
        Some(id) => format!(
            "{line}{}",
            crate::words::fill(
                crate::words::pick(
                    lang,
                    "；批次 {}（录入：`gridcare keyin {}`）",
                    "; batch {} (key it in with `gridcare keyin {}`)",
                ),
                &[&id, &id],
            )
        ),
        None => line,
    };
    Ok((path.clone(), line))
}

/// What a print job needs, for a file or the terminal alike: the scope
/// loaded as of the period, the rules, the request and its as-of date.
fn load_job(
    db: &mut Db,
    today: NaiveDate,
    job: &PrintJob,
) -> anyhow::Result<(Township, crate::domain::rules::Rules, Request, NaiveDate)> {
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
        font_pt: PrintSettings::from_settings(&db.settings()?).font_pt(job.large)?,
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
    let mut sheets = print::sheets(&t, &rules, &req, as_of);
    batch(db, &mut sheets, job)?;
    let done = print::print_sheets(&sheets, print::Format::Txt, None)?;
    let text = String::from_utf8_lossy(&done.bytes);
    Ok((print::terminal::passthrough(&text, enc), done))
}

/// Stores the sheets' rows as a printed batch and prints its codes on them
/// (issue 29 item 3): each row's 编号 becomes its code (W48-0137, unique in
/// the batch), each sheet's first line names the batch and its date. A
/// database that may not store it (read-only, an operator who may not)
/// prints the rows numbered and says the batch is not stored.
fn batch(db: &mut Db, sheets: &mut [print::Sheet], job: &PrintJob) -> Result<Option<i64>> {
    let rows: Vec<(String, print::RowTask)> = sheets
        .iter()
        .flat_map(|s| {
            s.rows
                .iter()
                .filter_map(|r| r.task.clone().map(|t| (s.name.clone(), t)))
        })
        .collect();
    if rows.is_empty() {
        return Ok(None);
    }
    let may = db.read_only().is_none()
        && db.session().is_none_or(|s| {
            crate::domain::access::may_write(s.role, "print_batch", "print_batch", false)
                == crate::domain::access::Verdict::Allowed
        });
    if !may {
        for s in sheets.iter_mut() {
            if let Some(h) = s.header.first_mut() {
                h.push_str("　（批次未登记：录入时按姓名查找）");
            }
        }
        return Ok(None);
    }
    let (id, codes) = db.save_print_batch(job.period, &who_code(job.who), job.printed_on, &rows)?;
    let mut codes = codes.into_iter();
    for s in sheets.iter_mut() {
        for r in s.rows.iter_mut().filter(|r| r.task.is_some()) {
            if let (Some(c), Some(cell)) = (codes.next(), r.cells.first_mut()) {
                *cell = c;
            }
        }
        if let Some(h) = s.header.first_mut() {
            h.push_str(&format!("　批次：{id}（{}）", job.printed_on));
        }
    }
    Ok(Some(id))
}

/// Whose sheets a batch holds, as stored: grid_worker:12, village:3, township.
fn who_code(who: Who) -> String {
    match who {
        Who::Worker(role, id) => format!("{}:{id}", role.code()),
        Who::Village(id) => format!("village:{id}"),
        Who::Township => "township".into(),
    }
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
