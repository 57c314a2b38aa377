//! `gridcare care-plan …`: a lonely elder's one-person-one-plan 一人一策 (issue 14).

use super::prelude::*;

#[derive(clap::Subcommand)]
pub enum Cmd {
    /// A resident's plan with the day it was written and its review date
    Show {
        /// The resident's ID number
        #[arg(long)]
        resident: String,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Write a resident's plan: --review YYYY-MM-DD and --text T or --file F (UTF-8)
    #[command(group(clap::ArgGroup::new("plan").required(true).args(["text", "file"])))]
    Set {
        /// The resident's ID number
        #[arg(long)]
        resident: String,
        /// When the plan is to be reviewed (after the as-of date)
        #[arg(long)]
        review: String,
        #[arg(long)]
        text: Option<String>,
        #[arg(long)]
        file: Option<PathBuf>,
    },
}

pub fn run(env: &Env, action: Cmd) -> anyhow::Result<ExitCode> {
    let (mut db, today) = env.open_writable()?;
    match action {
        Cmd::Show { resident, format } => {
            let (id, name) = id_holder(&db, &resident, today)?;
            let plan = db.care_plan_of(id)?.unwrap_or_default();
            out(&care_plan_text(&name, &plan, format, env.lang()));
        }
        Cmd::Set {
            resident,
            review,
            text,
            file,
        } => {
            let (id, name) = id_holder(&db, &resident, today)?;
            let review = env.date(&review)?;
            let text = match (text, file) {
                (Some(t), _) => t,
                (None, Some(f)) => std::fs::read_to_string(&f).map_err(|e| {
                    anyhow::anyhow!(
                        "{}",
                        say(
                            env.lang(),
                            "无法从 {} 读取计划：{}；请给出 UTF-8 文本文件，或用 --text",
                            "cannot read the plan from {}: {}; give a UTF-8 text file, or --text",
                            &[&f.display(), &e]
                        )
                    )
                })?,
                (None, None) => String::new(),
            };
            db.set_care_plan(id, &text, review, today)?;
            tell(
                env.lang(),
                "{}：一人一策已于 {} 写好，{} 复核",
                "{}: care plan written on {}, review on {}",
                &[&name, &today, &review],
            );
        }
    }
    Ok(ExitCode::SUCCESS)
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
            None => crate::words::fill(
                pick(
                    lang,
                    "{}：没有一人一策；用 `gridcare care-plan set` 写一份\n",
                    "{}: no care plan; write one with `gridcare care-plan set`\n",
                ),
                &[&name],
            ),
            Some(t) => crate::words::fill(
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
