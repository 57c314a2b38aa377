//! `gridcare keyin BATCH` (issue 29 item 4): the paper of a printed batch
//! keyed back in, in sheet order. Each row shows its code, who and what;
//! the coordinator types what the sheet says (an outcome 1–5, the date
//! written, a follow-up's readings) or a code to go to that row; Enter
//! skips. Each keyed row is one `Db::key_in_row` (the visit recorded as any
//! visit is, audited, the row marked keyed) — a row keyed before says so.

use super::prelude::*;
use crate::print::keyin::{self, Typed};
use crate::print::keyin_walk::{self, RowState, Walk};

#[derive(clap::Args)]
pub struct Args {
    /// The batch number, printed in each sheet's header (批次：N)
    batch: i64,
}

pub fn run(env: &Env, args: Args) -> anyhow::Result<ExitCode> {
    let (mut db, today) = env.open_writable()?;
    let lang = env.lang();
    let Some(batch) = db.print_batch(args.batch)? else {
        return Err(DbError::Refused(crate::domain::refusal::Refusal::NoBatch(args.batch)).into());
    };
    let t = db.load(today, Scope::All)?;
    // the visit's own date when none is written: today, or the period's
    // last day for a batch whose period has ended (late paper is normal)
    let period = crate::print::parse_week(&batch.period)
        .or_else(|_| crate::print::parse_month(&batch.period))?;
    let default_date = today.min(period.end());
    let year = keyin::year_of(batch.period_start);
    // the tasks as of the batch's period: a row someone has done since it
    // was printed (a visit entered by hand) says so before it is keyed
    let done: HashMap<String, NaiveDate> =
        crate::domain::queue::tasks(&t, default_date, &db.rules()?)
            .iter()
            .filter(|k| k.status == Status::Done)
            .filter_map(|k| Some((crate::domain::plan::task_key(k), k.done_on?)))
            .collect();
    let codes: Vec<String> = batch.rows.iter().map(|r| r.code.clone()).collect();
    let mut walk = Walk::new(&batch);
    println!(
        "{}",
        say(
            lang,
            "批次 {}（{}，{}）共 {} 行。每行写结果 1–5（1 已访 2 不在家 3 来院 4 再联系 5 移除+原因）、表上的日期（11-18）、随访的血压 150/95 和血糖 7.2；写编号跳到那一行；回车跳过；q 结束",
            "batch {} ({}, {}): {} rows. Type each row's outcome 1-5 (1 visited 2 not at home 3 come to clinic 4 call again 5 removed + reason), the date on the sheet (11-18), a follow-up's BP 150/95 and glucose 7.2; a code goes to that row; Enter skips; q ends",
            &[
                &batch.id,
                &batch.period,
                &batch.printed_on,
                &batch.rows.len()
            ],
        )
    );
    let stdin = std::io::stdin();
    while let Some(i) = walk.at {
        let c = walk.counts();
        let row = &batch.rows[i];
        let already = done.get(&row.task_key).map_or(String::new(), |d| {
            say(lang, "  ！已有 {} 的走访", "  ! done already on {}", &[d])
        });
        let (name, address) = keyin_walk::who(&t, row);
        println!(
            "[{}/{}] {}  {name}  {address}  {}{already}  {}",
            i + 1,
            batch.rows.len(),
            row.code,
            row.due,
            say(
                lang,
                "（已录 {} · 跳过 {} · 剩 {}）",
                "(keyed {} · skipped {} · left {})",
                &[&c.keyed, &c.skipped, &c.left],
            )
        );
        super::out("> ");
        let mut line = String::new();
        if stdin.read_line(&mut line)? == 0 {
            break;
        }
        match keyin::parse(&line, &codes, year, lang) {
            Typed::Skip => walk.skip(),
            Typed::Quit => break,
            Typed::Bad(m) => println!("{m}"),
            Typed::Jump(j, entry) => {
                if let Some((on, by)) = &batch.rows[j].keyed
                    && walk.state[j] == RowState::Keyed
                    && entry.is_none()
                {
                    println!(
                        "{}",
                        crate::domain::refusal::Refusal::AlreadyKeyed {
                            code: batch.rows[j].code.clone(),
                            on: *on,
                            by: by.clone(),
                        }
                        .text(lang == Lang::Zh)
                    );
                }
                walk.jump(j);
                if let Some(e) = entry
                    && key(&mut db, &batch, j, &e, default_date, today, lang)
                {
                    walk.keyed(j);
                }
            }
            Typed::Key(e) => {
                if key(&mut db, &batch, i, &e, default_date, today, lang) {
                    walk.keyed(i);
                }
            }
        }
    }
    let n = walk.counts();
    tell(
        lang,
        "批次 {}：已录 {} 行，跳过 {} 行，剩 {} 行；`gridcare keyin {}` 可继续",
        "batch {}: {} row(s) keyed, {} skipped, {} left; `gridcare keyin {}` goes on",
        &[&batch.id, &n.keyed, &n.skipped, &n.left, &batch.id],
    );
    Ok(ExitCode::SUCCESS)
}

/// Keys row `i` in; says what was saved, or why not (one line). True when saved.
fn key(
    db: &mut Db,
    batch: &crate::db::PrintBatch,
    i: usize,
    e: &keyin::Entry,
    default_date: NaiveDate,
    today: NaiveDate,
    lang: Lang,
) -> bool {
    let row = &batch.rows[i];
    let v = keyin::visit(row, e, default_date);
    match db.key_in_row(batch.id, row, &v, today) {
        Ok(done) => {
            // a volunteer's high reading: a re-check for the team (§1, §3)
            let recheck = match done {
                crate::db::Keyed::Contact { recheck: true, .. } => {
                    format!(" · {}", crate::words::strings(lang).recheck_suggested)
                }
                _ => String::new(),
            };
            println!(
                "{}{recheck}",
                say(
                    lang,
                    "✓ {} {} {}",
                    "✓ {} {} {}",
                    &[&row.code, &crate::words::outcome(lang, v.outcome), &v.date],
                )
            );
            true
        }
        Err(err) => {
            println!("{}", crate::words::db_error(lang, &err));
            false
        }
    }
}
