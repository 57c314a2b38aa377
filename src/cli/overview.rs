//! `gridcare overview`: open, overdue and red tasks per township (the county's view).

use super::prelude::*;
use crate::domain::access::Role;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

pub fn run(env: &Env, args: Args) -> anyhow::Result<ExitCode> {
    let Args { format } = args;
    let path = env.db_path()?;
    let db = env.signed(env.open_for_reading(&path)?)?;
    county_table(env, &db, "overview", format)
}

/// The county table, as `overview` and `report --county` print it: for a
/// coordinator or a county operator (issue 30 item 3), whose session reads
/// every township; anyone else's is refused, naming the command `what`.
pub fn county_table(env: &Env, db: &Db, what: &str, format: Format) -> anyhow::Result<ExitCode> {
    if db.session().is_none_or(|s| s.role != Role::County) {
        super::operator::coordinator_only(db.session(), what, env.lang())?;
    }
    let counts = crate::snapshot::county_counts(db, env.as_of(db))?;
    out(&overview_text(&counts, format, env.lang()));
    Ok(ExitCode::SUCCESS)
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
