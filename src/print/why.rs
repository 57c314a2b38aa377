//! Why a visit is due, in the words of a printed sheet (独居老人 每周走访;
//! 高血压 红码 两周复查). Sheets are for Chinese field staff, so Chinese only.

use crate::domain::calendar::Cadence;
use crate::domain::careplan::PlanState;
use crate::domain::model::{Colour, Condition, VisitKind};
use crate::domain::queue::{Reason, Task, When};
use crate::domain::tier::TierCause;

pub fn colour(c: Colour) -> &'static str {
    match c {
        Colour::Red => "红码",
        Colour::Yellow => "黄码",
        Colour::Green => "绿码",
        Colour::Unassessed => "未评估",
    }
}

pub fn condition(c: Condition) -> &'static str {
    match c {
        Condition::Hypertension => "高血压",
        Condition::Diabetes => "糖尿病",
        Condition::Mental => "严重精神障碍",
        Condition::Other => "其他慢病",
    }
}

fn cadence(c: Cadence) -> &'static str {
    match c {
        Cadence::Week => "每周",
        Cadence::Month => "每月",
        Cadence::Quarter => "每季",
        Cadence::Year => "每年",
    }
}

fn cause(c: Option<TierCause>) -> &'static str {
    match c {
        Some(TierCause::LonelyElder) => "独居老人",
        Some(TierCause::SeriouslyIll) => "重病",
        Some(TierCause::Disabled) => "残疾",
        Some(TierCause::Chronic) => "慢病患者",
        Some(TierCause::Elder) => "65岁以上老人",
        Some(TierCause::Child) => "6岁以下儿童",
        None => "健康家庭",
    }
}

/// The reason of one task; `tier_cause` is what puts a household in its tier.
pub fn reason(t: &Task, tier_cause: Option<TierCause>, recheck_days: i64) -> String {
    let what = match &t.reason {
        Reason::Tier {
            overridden: true, ..
        } => "人工定级".to_string(),
        Reason::Tier { .. } => cause(tier_cause).to_string(),
        Reason::Chronic {
            conditions,
            colour: c,
            ..
        } => {
            let mut s: Vec<&str> = conditions.iter().map(|c| condition(*c)).collect();
            s.push(colour(*c));
            s.join(" ")
        }
        Reason::Age { age } => format!("{age}岁"),
        Reason::Referral { sent_on, .. } => format!("{}转诊", sent_on.format("%m-%d")),
        Reason::CarePlan { plan, review_on } => match (plan, review_on) {
            (PlanState::Missing, _) => "独居老人 未制定".into(),
            (PlanState::Review, Some(r)) => format!("{}到期", r.format("%m-%d")),
            _ => "未定复核日期".into(),
        },
    };
    format!("{what} {}", visit(t, recheck_days))
}

/// What kind of visit, and how often or how soon.
pub fn visit(t: &Task, recheck_days: i64) -> String {
    match (t.kind, t.when) {
        (VisitKind::Household, When::Period(p)) => format!("{}走访", cadence(p.cadence)),
        (VisitKind::YearlyCheck, _) => "年度体检".into(),
        (VisitKind::Recheck, _) if recheck_days == 14 => "两周复查".into(),
        (VisitKind::Recheck, _) => format!("{recheck_days}天内复查"),
        (VisitKind::ReferralFollowup, _) => "转诊后随访".into(),
        (VisitKind::CarePlan, _) => "一人一策".into(),
        (VisitKind::Followup, When::Period(p)) => format!("{}随访", cadence(p.cadence)),
        (_, _) => "首次随访".into(),
    }
}
