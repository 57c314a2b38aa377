//! Words: every domain value put into words, in Chinese (default) and
//! English, below both front ends. The interface, the command line, print,
//! import and history all say things through this module; it imports
//! neither front end (issue 26 item 2). The catalogue of labels is
//! `catalogue.rs`; what is said of one kind of value has one function here
//! or there, never a second.

mod catalogue;
mod date;

pub use catalogue::*;
pub use date::parse_date;

use crate::domain::careplan::PlanState;
use crate::domain::queue::{Reason, Task};
use crate::domain::referral::{Level, ReferralState, Urgency};

/// The referral list's column heads (screen 7 and `gridcare referral list`).
pub fn referral_heads(s: &Strings) -> [&'static str; 7] {
    [
        s.r_resident,
        s.village,
        s.r_to,
        s.r_urgency,
        s.r_sent,
        s.r_days,
        s.r_state,
    ]
}

/// A referral's level ("乡镇卫生院" …).
pub fn level(lang: Lang, l: Level) -> &'static str {
    l.name(lang == Lang::Zh)
}

pub fn urgency(lang: Lang, u: Urgency) -> &'static str {
    match u {
        Urgency::Routine => pick(lang, "普通", "routine"),
        Urgency::Emergency => pick(lang, "紧急", "emergency"),
    }
}

pub fn state(lang: Lang, s: ReferralState) -> &'static str {
    match s {
        ReferralState::Sent => pick(lang, "已转出", "sent"),
        ReferralState::Received => pick(lang, "已接收", "received"),
        ReferralState::Returned => pick(lang, "已下转", "returned"),
        ReferralState::Closed => pick(lang, "已结案", "closed"),
    }
}

/// Why a task exists, in words (the queue's detail pane and `gridcare queue`'s table).
pub fn task_why(lang: Lang, t: &Task) -> String {
    let s = strings(lang);
    match &t.reason {
        Reason::Tier { tier, overridden } => {
            let over = if *overridden {
                format!(" ({})", s.tier_override)
            } else {
                String::new()
            };
            let cadence = t.when.cadence().map_or("", |c| cadence(lang, c));
            format!(
                "{}{over} -> {} {cadence}",
                catalogue::tier(lang, *tier),
                kind(lang, t.kind)
            )
        }
        Reason::Chronic {
            conditions,
            colour,
            cause,
            since,
        } => format!(
            "{} · {} {} ({}, {since})",
            conditions
                .iter()
                .map(|c| condition(lang, *c))
                .collect::<Vec<_>>()
                .join("+"),
            catalogue::colour(lang, *colour),
            catalogue::cause(lang, *cause),
            kind(lang, t.kind)
        ),
        Reason::Age { age } => fill(s.reason_age, &[age]),
        Reason::Referral { sent_on, .. } => fill(s.reason_referral, &[sent_on]),
        Reason::CarePlan { plan, review_on } => match (plan, review_on) {
            (PlanState::Missing, _) => s.reason_plan_missing.to_string(),
            (PlanState::Review, Some(r)) => fill(s.reason_plan_review, &[r]),
            _ => s.reason_plan_undated.to_string(),
        },
    }
}
