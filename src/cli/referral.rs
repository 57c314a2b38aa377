//! `gridcare referral list` (issue 14, domain.md §7): the open referrals,
//! oldest first, those with no reply after `referral.no_reply_days` marked.

use crate::cli::Format;
use crate::db::{Db, ReferralRow};
use crate::words::{Lang, pick, strings};
use crate::words::{level, state, urgency};
use chrono::NaiveDate;

/// Open referrals in `format`; `all`: returned and closed ones too. The
/// table is in the command line's language with column heads (as screen 7
/// shows them); CSV and JSON keep the codes.
pub fn list_text(
    db: &Db,
    today: NaiveDate,
    all: bool,
    format: Format,
    lang: Lang,
) -> crate::db::Result<String> {
    let rows = db.referrals(today, !all)?;
    Ok(match format {
        Format::Json => serde_json::to_string_pretty(&rows).unwrap_or_default() + "\n",
        Format::Csv => {
            let mut out = String::from(
                "id,resident,village,from,to,urgency,reason,sent_on,received_on,returned_on,closed_on,state,days_waiting,no_reply,outcome,no_return\n",
            );
            for r in &rows {
                let cells = csv_cells(r);
                out.push_str(&crate::cli::csv_line(&cells));
            }
            out
        }
        Format::Table => {
            if rows.is_empty() {
                return Ok(pick(lang, "没有未结的转诊\n", "no open referrals\n").into());
            }
            let s = strings(lang);
            let line = |c: [&str; 9]| crate::cli::table_line(&c, &[-4, 8, 8, 10, 9, 10, -6, 8]);
            let [resident, village, to, urgency_head, sent, days, state_head] =
                crate::words::referral_heads(s);
            let mut out = line([
                pick(lang, "编号", "No."),
                resident,
                village,
                to,
                urgency_head,
                sent,
                days,
                state_head,
                s.r_reason,
            ]);
            for r in &rows {
                let flag = match (r.no_reply, r.no_return) {
                    (true, _) => format!(" !{}", s.r_flag_no_reply),
                    (_, true) => format!(" !{}", s.r_flag_no_return),
                    _ => String::new(),
                };
                // issue 25 item 2: the county's advice (下转) or the outcome
                let said = r
                    .outcome
                    .as_deref()
                    .filter(|o| !o.trim().is_empty())
                    .map_or(String::new(), |o| {
                        format!(
                            " · {}: {}",
                            if r.closed_on.is_some() {
                                pick(lang, "结果", "outcome")
                            } else {
                                pick(lang, "下转意见", "advice")
                            },
                            o.replace('\n', " ")
                        )
                    });
                out.push_str(&line([
                    &r.id.to_string(),
                    &r.name,
                    &r.village,
                    level(lang, r.to_level),
                    urgency(lang, r.urgency),
                    &r.sent_on.to_string(),
                    &r.days_waiting.to_string(),
                    &format!("{}{flag}", state(lang, r.state)),
                    &format!("{}{said}", r.reason),
                ]));
            }
            out
        }
    })
}

fn csv_cells(r: &ReferralRow) -> Vec<String> {
    let d = |x: Option<NaiveDate>| x.map_or(String::new(), |d| d.to_string());
    vec![
        r.id.to_string(),
        r.name.clone(),
        r.village.clone(),
        r.from_level.to_string(),
        r.to_level.to_string(),
        r.urgency.to_string(),
        r.reason.clone(),
        r.sent_on.to_string(),
        d(r.received_on),
        d(r.returned_on),
        d(r.closed_on),
        r.state.to_string(),
        r.days_waiting.to_string(),
        r.no_reply.to_string(),
        r.outcome.clone().unwrap_or_default(),
        r.no_return.to_string(),
    ]
}

// ---- the subcommand (issue 26 item 1): its arguments and its run

use super::prelude::*;

#[derive(clap::Subcommand)]
pub enum Cmd {
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

pub fn run(env: &Env, action: Cmd) -> anyhow::Result<ExitCode> {
    use crate::domain::referral::{Level, Urgency};
    let (mut db, today) = env.open_writable()?;
    let day = |d: &Option<String>| env.day_or(d, today);
    match action {
        Cmd::List { format, all } => {
            out(&list_text(&db, today, all, format, env.lang())?);
        }
        Cmd::Send {
            resident,
            to,
            from,
            reason,
            urgency,
            date,
        } => {
            let (rid, name) = id_holder(&db, &resident, today)?;
            let r = crate::db::NewReferral {
                from_level: Level::from_code(&from).unwrap_or(Level::Township),
                to_level: Level::from_code(&to).unwrap_or(Level::County),
                reason,
                urgency: Urgency::from_code(&urgency).unwrap_or(Urgency::Routine),
                sent_on: day(&date)?,
                visit_id: None,
            };
            let id = db.send_referral(rid, &r, today)?;
            let l = env.lang();
            tell(
                l,
                "转诊 {}：{} 转往{}（{}），{}",
                "referral {}: {} to {} ({}) on {}",
                &[
                    &id,
                    &name,
                    &crate::words::level(l, r.to_level),
                    &crate::words::urgency(l, r.urgency),
                    &r.sent_on,
                ],
            );
        }
        Cmd::Receive { id, date } => {
            let d = day(&date)?;
            db.receive_referral(id, d, today)?;
            tell(
                env.lang(),
                "转诊 {} 已于 {} 接收",
                "referral {} received on {}",
                &[&id, &d],
            );
        }
        Cmd::Return { id, date, advice } => {
            let d = day(&date)?;
            db.return_referral(id, d, advice.as_deref().unwrap_or(""), today)?;
            tell(
                env.lang(),
                "转诊 {} 已于 {} 下转；患者回到家庭医生团队管理",
                "referral {} returned down on {}; the patient is back with the family-doctor team",
                &[&id, &d],
            );
        }
        Cmd::Close { id, date, outcome } => {
            let d = day(&date)?;
            db.close_referral(id, d, outcome.as_deref().unwrap_or(""), today)?;
            tell(
                env.lang(),
                "转诊 {} 已于 {} 结案",
                "referral {} closed on {}",
                &[&id, &d],
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
