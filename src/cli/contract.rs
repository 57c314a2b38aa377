//! `gridcare contract …`: family-doctor contracts 签约 (issue 14).

use super::prelude::*;

#[derive(clap::Subcommand)]
pub enum Cmd {
    /// Sign: --resident ID-NUMBER --team 富民村家庭医生团队 [--from DATE] [--to DATE] (default a year from the as-of date)
    Sign {
        #[arg(long)]
        resident: String,
        #[arg(long)]
        team: String,
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        to: Option<String>,
    },
    /// Renew the resident's current (or latest) contract for the next period: [--to DATE] (default a year on)
    Renew {
        #[arg(long)]
        resident: String,
        #[arg(long)]
        to: Option<String>,
    },
    /// End the current contract early: --date LAST-DAY --reason …
    End {
        #[arg(long)]
        resident: String,
        #[arg(long)]
        date: Option<String>,
        #[arg(long)]
        reason: String,
    },
    /// Contracts ending within --days (default 30), soonest first
    Expiring {
        #[arg(long, default_value_t = 30)]
        days: i64,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

pub fn run(env: &Env, action: Cmd) -> anyhow::Result<ExitCode> {
    let (mut db, today) = env.open_writable()?;
    let day = |d: &Option<String>, default| env.day_or(d, default);
    let holder = |db: &Db, number: &str| id_holder(db, number, today);
    // the contract valid today, else the latest
    let current = |db: &Db, id: i64| -> anyhow::Result<crate::db::ContractRow> {
        crate::db::contract_to_change(&db.contracts_of(id)?, today)
            .cloned()
            .ok_or_else(|| {
                anyhow::anyhow!(
                    "{}",
                    say(
                        env.lang(),
                        "没有可更改的签约；请先用 `gridcare contract sign` 签约",
                        "no contract to change; sign one with `gridcare contract sign`",
                        &[]
                    )
                )
            })
    };
    match action {
        Cmd::Sign {
            resident,
            team,
            from,
            to,
        } => {
            let (id, name) = holder(&db, &resident)?;
            let t = db
                .teams()?
                .into_iter()
                .find(|t| t.name == team.trim() || t.id.to_string() == team.trim())
                .ok_or_else(|| {
                    crate::db::DbError::Refused(crate::domain::refusal::Refusal::NoTeam(
                        team.clone(),
                    ))
                })?;
            let from = day(&from, today)?;
            let to = day(&to, crate::db::one_year_from(from))?;
            db.sign_contract(id, t.id, from, to)?;
            tell(
                env.lang(),
                "{} 已与 {} 签约，{} 至 {}",
                "{} signed with {} from {} to {}",
                &[&name, &t.name, &from, &to],
            );
        }
        Cmd::Renew { resident, to } => {
            let (id, name) = holder(&db, &resident)?;
            let c = current(&db, id)?;
            let next = c.renewal_start();
            let to = day(&to, crate::db::one_year_from(next))?;
            db.renew_contract(c.id, to)?;
            tell(
                env.lang(),
                "{} 与 {} 的签约已续签，{} 至 {}",
                "{}'s contract with {} renewed from {} to {}",
                &[&name, &c.team, &next, &to],
            );
        }
        Cmd::End {
            resident,
            date: last,
            reason,
        } => {
            let (id, name) = holder(&db, &resident)?;
            let c = current(&db, id)?;
            let last = day(&last, today)?;
            db.end_contract(c.id, last, &reason)?;
            tell(
                env.lang(),
                "{} 与 {} 的签约于 {} 后终止",
                "{}'s contract with {} ends after {}",
                &[&name, &c.team, &last],
            );
        }
        Cmd::Expiring { days, format } => {
            out(&expiring_text(
                &db.expiring_contracts(today, days)?,
                today,
                format,
                env.lang(),
            ));
        }
    }
    Ok(ExitCode::SUCCESS)
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
                    &crate::words::fill(pick(lang, "{} 天", "{} days"), &[&c.days_left(today)]),
                ]));
            }
            out
        }
    }
}
