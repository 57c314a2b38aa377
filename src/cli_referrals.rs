//! `gridcare referral list` (issue 14, domain.md §7): the open referrals,
//! oldest first, those with no reply after `referral.no_reply_days` marked.

use crate::cli::Format;
use crate::db::{Db, ReferralRow};
use crate::text::pad;
use chrono::NaiveDate;

/// Open referrals in `format`; `all`: returned and closed ones too.
pub fn list_text(
    db: &Db,
    today: NaiveDate,
    all: bool,
    format: Format,
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
            let mut out = String::new();
            for r in &rows {
                out.push_str(&format!(
                    "{:>4} {} {} {:<8} {:<9} {} {:>3}d {:<8}{}  {}{}\n",
                    r.id,
                    pad(&r.name, 8),
                    pad(&r.village, 8),
                    r.to_level,
                    r.urgency,
                    r.sent_on,
                    r.days_waiting,
                    r.state,
                    match (r.no_reply, r.no_return) {
                        (true, _) => " !no-reply",
                        (_, true) => " !no-return",
                        _ => "",
                    },
                    r.reason,
                    // issue 25 item 2: the county's advice (下转) or the outcome
                    r.outcome
                        .as_deref()
                        .filter(|o| !o.trim().is_empty())
                        .map_or(String::new(), |o| format!(
                            " · {}: {}",
                            if r.closed_on.is_some() {
                                "outcome"
                            } else {
                                "advice"
                            },
                            o.replace('\n', " ")
                        ))
                ));
            }
            if rows.is_empty() {
                out.push_str("no open referrals\n");
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
