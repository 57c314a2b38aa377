//! `gridcare audit`: who changed what and when.

use super::prelude::*;

#[derive(clap::Args)]
pub struct Args {
    /// Only this resident's record and visits: their ID-card number (or their number in gridcare)
    #[arg(long)]
    resident: Option<String>,
    /// Only this household, its members and their visits (its number)
    #[arg(long)]
    household: Option<i64>,
    /// Only this operator's changes
    #[arg(long)]
    operator: Option<String>,
    /// Only changes on or after this date, YYYY-MM-DD
    #[arg(long, value_name = "YYYY-MM-DD")]
    since: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

pub fn run(env: &Env, args: Args) -> anyhow::Result<ExitCode> {
    let Args {
        resident,
        household,
        operator,
        since,
        format,
    } = args;
    let path = env.db_path()?;
    let db = env.signed(env.open_for_reading(&path)?)?;
    let since = since.as_deref().map(|s| env.date(s)).transpose()?;
    // an operator who is not a coordinator reads their own changes
    let operator = match db.session() {
        Some(s) if s.role != crate::domain::access::Role::Coordinator => Some(s.name.clone()),
        _ => operator,
    };
    // a resident by ID-card number (as every command names them) or
    // by number; one that does not exist is an error, not "no changes",
    // and so is one outside the operator's scope, in the same words
    // (issue 24 item 7)
    let resident = match resident.as_deref().map(str::trim) {
        None => None,
        Some(r) if r.len() >= 15 => Some(id_holder(&db, r, env.as_of(&db))?.0),
        Some(r) => {
            let id: i64 = r.parse().map_err(|_| {
                anyhow::anyhow!(
                    "{}",
                    say(
                        env.lang(),
                        "--resident “{}”：请给出居民的身份证号（18 位）或其编号",
                        "--resident \"{}\": give the resident's ID-card number (18 characters) or their number",
                        &[&r]
                    )
                )
            })?;
            db.resident_in_reach(id)?;
            Some(id)
        }
    };
    if let Some(h) = household {
        db.household_in_reach(h)?;
    }
    let entries = db.audit_entries(&crate::db::AuditFilter {
        resident,
        household,
        operator,
        since,
    })?;
    out(&audit_text(&entries, format, env.lang_of(&db)));
    Ok(ExitCode::SUCCESS)
}

/// `gridcare audit`: as a table, each change in words with the fields that
/// changed (shared with the history popup); CSV and JSON keep the codes.
pub fn audit_text(
    entries: &[crate::db::AuditEntry],
    format: Format,
    lang: crate::words::Lang,
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
