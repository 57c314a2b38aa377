//! `gridcare points show|spend|correct` (issue 32): a resident's health
//! points 健康积分 — the balance and every movement (earned at events,
//! spent on a service, corrected with a reason). A spend never takes a
//! balance below zero; each movement is a ledger row with its audit row.

use super::prelude::*;
use crate::db::{LedgerRow, Spend};

#[derive(clap::Subcommand)]
pub enum Cmd {
    /// A resident's balance and latest movements: --who zs (pinyin, name or ID tail)
    Show {
        #[arg(long)]
        who: String,
        /// How many movements (default 10)
        #[arg(long, default_value_t = 10)]
        last: usize,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Spend points on a service: --who zs --cost 20 --service 中医理疗 [--by 李医生]
    Spend {
        #[arg(long)]
        who: String,
        #[arg(long, allow_hyphen_values = true)]
        cost: i64,
        #[arg(long)]
        service: String,
        /// Who gave the service
        #[arg(long, default_value = "")]
        by: String,
        #[arg(long)]
        date: Option<String>,
    },
    /// Correct a balance with a reason: --who zs --points -5 --reason 重复登记
    Correct {
        #[arg(long)]
        who: String,
        #[arg(long, allow_hyphen_values = true)]
        points: i64,
        #[arg(long, default_value = "")]
        reason: String,
        #[arg(long)]
        date: Option<String>,
    },
}

pub fn run(env: &Env, action: Cmd) -> anyhow::Result<ExitCode> {
    let (mut db, today) = env.open_writable()?;
    let l = env.lang();
    match action {
        Cmd::Show { who, last, format } => {
            let (id, name) = db.find_person(&who, today)?;
            let balance = db.points_balance(id)?;
            let rows = db.points_ledger(id, last)?;
            out(&show_text(&name, balance, &rows, format, l));
        }
        Cmd::Spend {
            who,
            cost,
            service,
            by,
            date,
        } => {
            let (id, name) = db.find_person(&who, today)?;
            let s = Spend {
                cost,
                service,
                on_date: env.day_or(&date, today)?,
                given_by: by,
            };
            let after = db.spend_points(id, &s, today)?;
            tell(
                l,
                "{} 兑换“{}”用去 {} 分，余额 {} 分",
                "{} spent on \"{}\": {} points; balance {}",
                &[&name, &s.service.trim(), &cost, &after],
            );
        }
        Cmd::Correct {
            who,
            points,
            reason,
            date,
        } => {
            let (id, name) = db.find_person(&who, today)?;
            let after = db.correct_points(id, points, &reason, env.day_or(&date, today)?, today)?;
            tell(
                l,
                "{} 的积分更正 {} 分（{}），余额 {} 分",
                "{}'s points corrected by {} ({}); balance {}",
                &[&name, &format!("{points:+}"), &reason.trim(), &after],
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn show_text(name: &str, balance: i64, rows: &[LedgerRow], format: Format, l: Lang) -> String {
    match format {
        Format::Json => {
            serde_json::to_string_pretty(&serde_json::json!({
                "name": name, "balance": balance, "movements": rows,
            }))
            .unwrap_or_default()
                + "\n"
        }
        Format::Csv => {
            let mut out = String::from("date,movement,points,what,given_by\n");
            for r in rows {
                out.push_str(&csv_line(&[
                    r.on_date.to_string(),
                    r.movement.code().to_string(),
                    r.amount.to_string(),
                    r.what.clone(),
                    r.given_by.clone().unwrap_or_default(),
                ]));
            }
            out
        }
        Format::Table => {
            let mut out = say(
                l,
                "{} 健康积分余额 {} 分\n",
                "{}: health points balance {}\n",
                &[&name, &balance],
            );
            for r in rows {
                out.push_str(&table_line(
                    &[
                        &r.on_date.to_string(),
                        r.movement.name(l == Lang::Zh),
                        &format!("{:+}", r.amount),
                        &r.what,
                    ],
                    &[10, 8, -5],
                ));
            }
            out
        }
    }
}
