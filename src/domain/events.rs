//! Health education and health points 健康积分 (issue 32). The national
//! norm's health-education service (a lecture a month by the township
//! health centre, one every two months by each village clinic, nine public
//! consultations a year) and the ★5 tier's yearly visit with its
//! health-knowledge push (domain.md §2); the points of 永修's 健共体 (the
//! seed article: residents earn points at health lectures and spend them on
//! services such as traditional-medicine therapy 中医理疗). Pure: the
//! database asks these rules before it writes anything.

use super::code_enum;
use super::model::{VisitKind, VisitRecord};
use super::tier::Tier;
use chrono::NaiveDate;
use std::collections::HashMap;

code_enum!(
    /// What an event is: a health lecture 健康讲座, a public consultation
    /// 公众健康咨询, or a push campaign 健康知识宣传.
    EventKind { Lecture = "lecture", Consultation = "consultation", Push = "push" }
);
code_enum!(
    /// A movement of the points ledger: each is a row, the balance their sum.
    Movement { Earned = "earned", Spent = "spent", Corrected = "corrected" }
);

impl EventKind {
    pub fn name(self, zh: bool) -> &'static str {
        match (self, zh) {
            (EventKind::Lecture, true) => "健康讲座",
            (EventKind::Lecture, false) => "lecture",
            (EventKind::Consultation, true) => "健康咨询",
            (EventKind::Consultation, false) => "consultation",
            (EventKind::Push, true) => "健康宣传",
            (EventKind::Push, false) => "push campaign",
        }
    }
}

impl Movement {
    pub fn name(self, zh: bool) -> &'static str {
        match (self, zh) {
            (Movement::Earned, true) => "获得",
            (Movement::Earned, false) => "earned",
            (Movement::Spent, true) => "兑换",
            (Movement::Spent, false) => "spent",
            (Movement::Corrected, true) => "更正",
            (Movement::Corrected, false) => "corrected",
        }
    }
}

/// The points each attendance earns, by kind, and a follow-up kept on
/// time (0: off, the default): the settings `points.*`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rates {
    pub lecture: i64,
    pub consultation: i64,
    pub push: i64,
    pub followup_on_time: i64,
}

impl Default for Rates {
    fn default() -> Rates {
        Rates {
            lecture: 5,
            consultation: 2,
            push: 0,
            followup_on_time: 0,
        }
    }
}

/// The most points one movement may carry (a typo's guard).
pub const MAX_POINTS: i64 = 10_000;

fn setting(s: &HashMap<String, String>, key: &str, into: &mut i64) -> Result<(), String> {
    if let Some(v) = s.get(key) {
        *into = v
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|n| (0..=MAX_POINTS).contains(n))
            .ok_or_else(|| {
                format!("setting {key} is {v:?}; it must be a whole number from 0 to {MAX_POINTS}")
            })?;
    }
    Ok(())
}

impl Rates {
    pub fn from_settings(s: &HashMap<String, String>) -> Result<Rates, String> {
        let mut r = Rates::default();
        setting(s, "points.lecture", &mut r.lecture)?;
        setting(s, "points.consultation", &mut r.consultation)?;
        setting(s, "points.push", &mut r.push)?;
        setting(s, "points.followup_on_time", &mut r.followup_on_time)?;
        Ok(r)
    }

    /// The points an attendance of a resident earns (a visitor earns none).
    pub fn for_attendance(&self, kind: EventKind) -> i64 {
        match kind {
            EventKind::Lecture => self.lecture,
            EventKind::Consultation => self.consultation,
            EventKind::Push => self.push,
        }
    }
}

/// Why an event or a points movement is refused: what is wrong and how to
/// fix it, in both languages (shown through `Refusal::Events`).
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    TopicEmpty,
    EventInFuture {
        date: NaiveDate,
        today: NaiveDate,
    },
    NoEvent(i64),
    AlreadyCame {
        name: String,
        event: i64,
    },
    VisitorEmpty,
    /// A search that found nobody, or several people.
    NoOneFound(String),
    SeveralFound {
        typed: String,
        each: Vec<String>,
    },
    CostNotPositive(i64),
    ServiceEmpty,
    /// A spend past the balance: refused, the balance never below zero.
    PastBalance {
        name: String,
        balance: i64,
        cost: i64,
    },
    CorrectionNeedsReason,
    CorrectionZero,
    /// A correction that would take the balance below zero.
    CorrectionBelowZero {
        name: String,
        balance: i64,
        amount: i64,
    },
    TooManyPoints(i64),
    DateInFuture {
        date: NaiveDate,
        today: NaiveDate,
    },
    PushOnHouseholdVisits,
}

impl Problem {
    pub fn zh(&self) -> String {
        use Problem::*;
        match self {
            TopicEmpty => "请写明活动主题（如：高血压的自我管理）".into(),
            EventInFuture { date, today } => {
                format!("活动日期 {date} 晚于今天（{today}）；活动办完后再登记")
            }
            NoEvent(id) => format!("没有编号为 {id} 的活动；用 `gridcare event list` 查看编号"),
            AlreadyCame { name, event } => format!("{name}已登记参加活动 {event}，不重复计分"),
            VisitorEmpty => "请写上外来人员的姓名".into(),
            NoOneFound(t) => format!("没有找到“{t}”；可用姓名、拼音首字母或身份证号后几位查找"),
            SeveralFound { typed, each } => format!(
                "“{typed}”对应多人：{}；请输入更完整的拼音或身份证号后几位",
                each.join("、")
            ),
            CostNotPositive(n) => format!("兑换所需积分应大于 0，这里是 {n}"),
            ServiceEmpty => "请写明兑换的服务（如：中医理疗）".into(),
            PastBalance {
                name,
                balance,
                cost,
            } => format!(
                "{name}的积分余额为 {balance} 分，不够兑换 {cost} 分；余额不能低于零，未作任何改动"
            ),
            CorrectionNeedsReason => "更正积分须写明原因；原因会记入台账".into(),
            CorrectionZero => "更正的分数不能为 0".into(),
            CorrectionBelowZero {
                name,
                balance,
                amount,
            } => format!("{name}的积分余额为 {balance} 分，更正 {amount} 分会低于零；未作任何改动"),
            TooManyPoints(n) => format!("{n} 分超过单笔上限 {MAX_POINTS} 分；请核对数字"),
            DateInFuture { date, today } => format!("日期 {date} 晚于今天（{today}）"),
            PushOnHouseholdVisits => "健康知识宣传只记在入户访视上（§2 ★5）".into(),
        }
    }

    pub fn en(&self) -> String {
        use Problem::*;
        match self {
            TopicEmpty => "write the event's topic (e.g. living with high blood pressure)".into(),
            EventInFuture { date, today } => format!(
                "the event's date {date} is after today ({today}); enter it once it was held"
            ),
            NoEvent(id) => {
                format!("there is no event {id}; `gridcare event list` shows the numbers")
            }
            AlreadyCame { name, event } => format!(
                "{name} is already on event {event}'s list; an attendance earns points once"
            ),
            VisitorEmpty => "write the visitor's name".into(),
            NoOneFound(t) => format!(
                "nobody found for \"{t}\"; search by name, pinyin initials or the ID number's last digits"
            ),
            SeveralFound { typed, each } => format!(
                "\"{typed}\" finds several people: {}; type more of the pinyin or the ID number's last digits",
                each.join(", ")
            ),
            CostNotPositive(n) => format!("a service's cost must be above 0 points, not {n}"),
            ServiceEmpty => "write the service the points are spent on (e.g. 中医理疗)".into(),
            PastBalance {
                name,
                balance,
                cost,
            } => format!(
                "{name} has {balance} points, not enough for {cost}; a balance never goes below zero, nothing was changed"
            ),
            CorrectionNeedsReason => {
                "a correction needs its reason (--reason); the reason is kept in the ledger".into()
            }
            CorrectionZero => {
                "a correction of 0 points changes nothing; give the points to add or take".into()
            }
            CorrectionBelowZero {
                name,
                balance,
                amount,
            } => format!(
                "{name} has {balance} points; correcting by {amount} would take the balance below zero, nothing was changed"
            ),
            TooManyPoints(n) => {
                format!(
                    "{n} points is over the limit of {MAX_POINTS} for one movement; check the number"
                )
            }
            DateInFuture { date, today } => format!("the date {date} is after today ({today})"),
            PushOnHouseholdVisits => {
                "the health-knowledge push is recorded on household visits only (§2 ★5)".into()
            }
        }
    }
}

/// Whether a completed household visit counts for the household's visit
/// task of `tier` (domain.md §2: ★5's yearly visit is a visit **with a
/// health-knowledge push**): for ★5, not when the visit says the push was
/// not given; a visit that was not asked (`None`: recorded before gridcare
/// asked, or imported) counts as before.
pub fn counts_for_tier(tier: Tier, v: &VisitRecord) -> bool {
    tier != Tier::HEALTHY || v.push_given != Some(false)
}

/// The push is recorded on household visits only.
pub fn check_push(kind: VisitKind, _given: bool, _topic: &str) -> Result<(), Problem> {
    if kind != VisitKind::Household {
        return Err(Problem::PushOnHouseholdVisits);
    }
    Ok(())
}

/// An event as entered: refused with a topic missing or a date ahead.
pub fn check_event(topic: &str, held_on: NaiveDate, today: NaiveDate) -> Result<(), Problem> {
    if topic.trim().is_empty() {
        return Err(Problem::TopicEmpty);
    }
    if held_on > today {
        return Err(Problem::EventInFuture {
            date: held_on,
            today,
        });
    }
    Ok(())
}

/// A spend of `cost` points on `service` from `balance` (the seed's
/// redemption): refused unless the cost is above zero, names a service and
/// leaves the balance at zero or above.
pub fn check_spend(name: &str, balance: i64, cost: i64, service: &str) -> Result<(), Problem> {
    if cost <= 0 {
        return Err(Problem::CostNotPositive(cost));
    }
    if cost > MAX_POINTS {
        return Err(Problem::TooManyPoints(cost));
    }
    if service.trim().is_empty() {
        return Err(Problem::ServiceEmpty);
    }
    if cost > balance {
        return Err(Problem::PastBalance {
            name: name.to_string(),
            balance,
            cost,
        });
    }
    Ok(())
}

/// A correction of `amount` points (either sign) with its reason: refused
/// without a reason, at zero, or below a zero balance.
pub fn check_correction(
    name: &str,
    balance: i64,
    amount: i64,
    reason: &str,
) -> Result<(), Problem> {
    if reason.trim().is_empty() {
        return Err(Problem::CorrectionNeedsReason);
    }
    if amount == 0 {
        return Err(Problem::CorrectionZero);
    }
    if amount.abs() > MAX_POINTS {
        return Err(Problem::TooManyPoints(amount));
    }
    if balance + amount < 0 {
        return Err(Problem::CorrectionBelowZero {
            name: name.to_string(),
            balance,
            amount,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn earning_by_kind_follows_the_settings() {
        let mut s = HashMap::new();
        let r = Rates::from_settings(&s).unwrap();
        let cases = [
            (EventKind::Lecture, 5),
            (EventKind::Consultation, 2),
            (EventKind::Push, 0),
        ];
        for (kind, pts) in cases {
            assert_eq!(r.for_attendance(kind), pts, "{kind}");
        }
        s.insert("points.lecture".to_string(), "8".to_string());
        assert_eq!(
            Rates::from_settings(&s)
                .unwrap()
                .for_attendance(EventKind::Lecture),
            8
        );
        s.insert("points.lecture".to_string(), "-1".to_string());
        assert!(Rates::from_settings(&s).is_err());
    }

    /// domain.md §2: ★5's yearly visit counts only with its push; other
    /// tiers' visits count whatever the push.
    #[test]
    fn the_yearly_tier5_visit_counts_with_its_push() {
        use crate::domain::model::Subject;
        let cases: &[(u8, Option<bool>, bool)] = &[
            (5, Some(true), true),
            (5, Some(false), false),
            (5, None, true),
            (1, Some(false), true),
            (2, Some(false), true),
            (1, None, true),
        ];
        for &(tier, push, counts) in cases {
            let v = VisitRecord {
                push_given: push,
                ..VisitRecord::completed(
                    1,
                    VisitKind::Household,
                    Subject::Household(1),
                    NaiveDate::from_ymd_opt(2026, 5, 1).unwrap(),
                )
            };
            let t = Tier::new(tier).unwrap();
            assert_eq!(counts_for_tier(t, &v), counts, "★{tier} {push:?}");
        }
    }

    #[test]
    fn spending_never_below_zero() {
        let cases: &[(i64, i64, &str, bool)] = &[
            (10, 10, "中医理疗", true),
            (10, 3, "中医理疗", true),
            (10, 11, "中医理疗", false),
            (0, 1, "中医理疗", false),
            (10, 0, "中医理疗", false),
            (10, -5, "中医理疗", false),
            (10, 5, "  ", false),
        ];
        for &(balance, cost, service, ok) in cases {
            assert_eq!(
                check_spend("张三", balance, cost, service).is_ok(),
                ok,
                "{balance} {cost} {service:?}"
            );
        }
    }

    #[test]
    fn corrections_need_a_reason_and_keep_zero() {
        let cases: &[(i64, i64, &str, bool)] = &[
            (10, -10, "录入错误", true),
            (10, 4, "补记讲座", true),
            (10, -11, "录入错误", false),
            (10, 4, "", false),
            (10, 0, "录入错误", false),
        ];
        for &(balance, amount, reason, ok) in cases {
            assert_eq!(
                check_correction("张三", balance, amount, reason).is_ok(),
                ok,
                "{balance} {amount} {reason:?}"
            );
        }
    }
}
