//! Two-way referral (domain.md §3, §7): which rule calls for one, where it
//! goes, and which transitions a referral may take on which dates. The
//! database applies these checks before it writes anything.

use super::code_enum;
use super::followup::{Assessment, Finding};
use super::model::ReferralNeed;
use super::refusal::Refusal;
use chrono::NaiveDate;

code_enum!(
    /// The three levels of §1 / §7.
    Level { Village = "village", Township = "township", County = "county" }
);
code_enum!(Urgency { Routine = "routine", Emergency = "emergency" });
code_enum!(
    /// Sent → received → returned down (下转) or closed (§7).
    ReferralState { Sent = "sent", Received = "received", Returned = "returned", Closed = "closed" }
);
code_enum!(Transition { Receive = "receive", Return = "return", Close = "close" });

impl Level {
    /// The level in words, as forms, lists and messages name it.
    pub fn name(self, zh: bool) -> &'static str {
        match (self, zh) {
            (Level::Village, true) => "村卫生室",
            (Level::Village, false) => "village",
            (Level::Township, true) => "乡镇卫生院",
            (Level::Township, false) => "township",
            (Level::County, true) => "县医院",
            (Level::County, false) => "county",
        }
    }

    /// The level a routine referral goes up to (§7: village → township → county).
    pub fn up(self) -> Level {
        match self {
            Level::Village => Level::Township,
            Level::Township | Level::County => Level::County,
        }
    }
}

/// What the follow-up form proposes when a rule calls for a referral (§3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Proposal {
    pub from: Level,
    pub to: Level,
    pub urgency: Urgency,
    /// The rule that fired first (emergency criteria before the others).
    pub rule: Finding,
}

/// The referral a follow-up's assessment calls for, sent from `from`. An
/// emergency goes straight to the county hospital (§3 紧急转诊); a routine
/// referral goes one level up (§7).
pub fn propose(a: &Assessment, from: Level) -> Option<Proposal> {
    let (urgency, rules): (Urgency, &[Finding]) = match a.referral {
        ReferralNeed::None => return None,
        ReferralNeed::Emergency => (
            Urgency::Emergency,
            &[
                Finding::BpEmergency,
                Finding::FpgEmergencyHigh,
                Finding::FpgEmergencyLow,
                Finding::EmergencySymptoms,
            ],
        ),
        ReferralNeed::Refer => (
            Urgency::Routine,
            &[
                Finding::Complication,
                Finding::TwoUncontrolled,
                Finding::AdverseUncontrolled,
            ],
        ),
    };
    let rule = rules.iter().copied().find(|r| a.findings.contains(r))?;
    let to = match urgency {
        Urgency::Emergency => Level::County,
        Urgency::Routine => from.up(),
    };
    (to != from).then_some(Proposal {
        from,
        to,
        urgency,
        rule,
    })
}

/// The rule that called for a referral, as the referral's reason (zh or en).
pub fn rule_text(f: Finding, zh: bool) -> &'static str {
    match (f, zh) {
        (Finding::BpEmergency, true) => "紧急转诊：收缩压≥180或舒张压≥110",
        (Finding::BpEmergency, false) => "emergency: SBP ≥ 180 or DBP ≥ 110",
        (Finding::FpgEmergencyHigh, true) => "紧急转诊：空腹血糖≥16.7",
        (Finding::FpgEmergencyHigh, false) => "emergency: FPG ≥ 16.7",
        (Finding::FpgEmergencyLow, true) => "紧急转诊：空腹血糖≤3.9",
        (Finding::FpgEmergencyLow, false) => "emergency: FPG ≤ 3.9",
        (Finding::EmergencySymptoms, true) => "紧急转诊：意识改变、剧烈头痛、胸痛等",
        (Finding::EmergencySymptoms, false) => "emergency: altered consciousness, chest pain …",
        (Finding::TwoUncontrolled, true) => "连续两次控制不满意",
        (Finding::TwoUncontrolled, false) => "two consecutive uncontrolled follow-ups",
        (Finding::AdverseUncontrolled, true) => "不良反应难以控制",
        (Finding::AdverseUncontrolled, false) => "adverse reaction that cannot be controlled",
        (Finding::Complication, true) => "出现新的并发症或原有并发症加重",
        (Finding::Complication, false) => "new or worse complication",
        (Finding::BpHigh, true) => "血压控制不满意",
        (Finding::BpHigh, false) => "BP uncontrolled",
        (Finding::FpgHigh, true) => "血糖控制不满意",
        (Finding::FpgHigh, false) => "FPG uncontrolled",
        (Finding::Adverse, true) => "药物不良反应",
        (Finding::Adverse, false) => "adverse reaction",
    }
}

/// A referral's dates, as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReferralDates {
    pub sent_on: NaiveDate,
    pub received_on: Option<NaiveDate>,
    pub returned_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
}

impl ReferralDates {
    pub fn state(&self) -> ReferralState {
        match (self.received_on, self.returned_on, self.closed_on) {
            (_, Some(_), _) => ReferralState::Returned,
            (_, None, Some(_)) => ReferralState::Closed,
            (Some(_), None, None) => ReferralState::Received,
            (None, None, None) => ReferralState::Sent,
        }
    }

    /// Open: it keeps the patient red (§7).
    pub fn is_open(&self) -> bool {
        matches!(self.state(), ReferralState::Sent | ReferralState::Received)
    }

    /// Days the referral has been open: from sending to the day it was
    /// returned down or closed, else to `today` (a finished referral's
    /// count stops; it no longer grows every day).
    pub fn days_open(&self, today: NaiveDate) -> i64 {
        let end = self
            .returned_on
            .or(self.closed_on)
            .unwrap_or(today)
            .min(today);
        days_waiting(self.sent_on, end)
    }

    /// Sent and not received after `no_reply_days` (inclusive: on day N it is late).
    pub fn no_reply(&self, today: NaiveDate, no_reply_days: i64) -> bool {
        self.state() == ReferralState::Sent && days_waiting(self.sent_on, today) >= no_reply_days
    }

    /// Received and neither returned down nor closed after `no_return_days`
    /// (inclusive), counted from the day it was received (§7: a referral
    /// ends returned down or closed; issue 25 item 2) [ours].
    pub fn no_return(&self, today: NaiveDate, no_return_days: i64) -> bool {
        match (self.state(), self.received_on) {
            (ReferralState::Received, Some(r)) => days_waiting(r, today) >= no_return_days,
            _ => false,
        }
    }
}

/// Whole days from sending to `today`.
pub fn days_waiting(sent_on: NaiveDate, today: NaiveDate) -> i64 {
    (today - sent_on).num_days().max(0)
}

/// A referral may be sent on any day up to today.
pub fn check_send(sent_on: NaiveDate, reason: &str, today: NaiveDate) -> Result<(), Refusal> {
    if reason.trim().is_empty() {
        return Err(Refusal::ReferralNeedsReason);
    }
    if sent_on > today {
        return Err(Refusal::ReferralInFuture {
            date: sent_on,
            today,
        });
    }
    Ok(())
}

/// Whether referral `id` may take transition `t` on `date` (§7): received
/// only once and only while sent; returned or closed only once received;
/// never before the step it follows, never after today.
pub fn check_transition(
    id: i64,
    d: &ReferralDates,
    t: Transition,
    date: NaiveDate,
    today: NaiveDate,
) -> Result<(), Refusal> {
    let state = d.state();
    match (t, state) {
        (Transition::Receive, ReferralState::Sent) => {}
        (Transition::Return | Transition::Close, ReferralState::Sent) => {
            return Err(Refusal::ReferralNotReceived { id });
        }
        (Transition::Return | Transition::Close, ReferralState::Received) => {}
        _ => {
            return Err(Refusal::ReferralWrongState {
                id,
                state: state.code(),
                action: t.code(),
            });
        }
    }
    if date > today {
        return Err(Refusal::ReferralInFuture { date, today });
    }
    // received on or after sending; returned or closed on or after receiving
    let (earlier, step) = match d.received_on {
        Some(r) => (r, "received"),
        None => (d.sent_on, "sent"),
    };
    if date < earlier {
        return Err(Refusal::ReferralDateBefore {
            date,
            earlier,
            step,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// §7 transitions: sent → received → returned or closed; each date no
    /// earlier than the step before it and never in the future.
    #[test]
    fn days_open_stop_when_the_referral_ends() {
        let dates = |sent: &str, ret: Option<&str>, closed: Option<&str>| ReferralDates {
            sent_on: d(sent),
            received_on: None,
            returned_on: ret.map(d),
            closed_on: closed.map(d),
        };
        let today = d("2026-11-20");
        let cases = [
            // open: to today
            (dates("2026-11-01", None, None), 19),
            // returned down on the 10th: 9 days, whatever today is
            (dates("2026-11-01", Some("2026-11-10"), None), 9),
            // closed on the 15th
            (dates("2026-11-01", None, Some("2026-11-15")), 14),
            // returned, then closed: the return ended the waiting
            (
                dates("2026-11-01", Some("2026-11-05"), Some("2026-11-18")),
                4,
            ),
            // sent today
            (dates("2026-11-20", None, None), 0),
        ];
        for (r, want) in cases {
            assert_eq!(r.days_open(today), want, "{r:?}");
        }
    }

    #[test]
    fn transitions_follow_section_7() {
        let today = d("2026-11-20");
        let sent = ReferralDates {
            sent_on: d("2026-11-01"),
            received_on: None,
            returned_on: None,
            closed_on: None,
        };
        let received = ReferralDates {
            received_on: Some(d("2026-11-03")),
            ..sent
        };
        let returned = ReferralDates {
            returned_on: Some(d("2026-11-10")),
            ..received
        };
        let closed = ReferralDates {
            closed_on: Some(d("2026-11-10")),
            ..received
        };
        use Transition::*;
        let cases: &[(&str, ReferralDates, Transition, &str, bool)] = &[
            ("receive a sent one", sent, Receive, "2026-11-02", true),
            ("receive on the day sent", sent, Receive, "2026-11-01", true),
            ("receive before sent", sent, Receive, "2026-10-31", false),
            ("receive in the future", sent, Receive, "2026-11-21", false),
            (
                "return one never received",
                sent,
                Return,
                "2026-11-05",
                false,
            ),
            ("close one never received", sent, Close, "2026-11-05", false),
            (
                "return a received one",
                received,
                Return,
                "2026-11-03",
                true,
            ),
            (
                "return before received",
                received,
                Return,
                "2026-11-02",
                false,
            ),
            ("close a received one", received, Close, "2026-11-04", true),
            ("receive twice", received, Receive, "2026-11-04", false),
            ("return twice", returned, Return, "2026-11-12", false),
            ("close a returned one", returned, Close, "2026-11-12", false),
            ("return a closed one", closed, Return, "2026-11-12", false),
        ];
        for (name, dates, t, on, ok) in cases {
            let r = check_transition(1, dates, *t, d(on), today);
            assert_eq!(r.is_ok(), *ok, "{name}: {r:?}");
        }
        assert!(sent.no_reply(d("2026-11-08"), 7));
        assert!(!sent.no_reply(d("2026-11-07"), 7));
        assert!(!received.no_reply(d("2026-11-30"), 7));
    }

    /// §7 [ours]: received and not returned or closed after N days, from the
    /// day it was received; a sent, returned or closed one never is.
    #[test]
    fn no_return_after_n_days_from_receipt() {
        let dates =
            |sent: &str, received: Option<&str>, returned: Option<&str>, closed: Option<&str>| {
                ReferralDates {
                    sent_on: d(sent),
                    received_on: received.map(d),
                    returned_on: returned.map(d),
                    closed_on: closed.map(d),
                }
            };
        let cases = [
            (
                "received 30 days ago",
                dates("2026-10-01", Some("2026-10-21"), None, None),
                "2026-11-20",
                true,
            ),
            (
                "received 29 days ago",
                dates("2026-10-01", Some("2026-10-22"), None, None),
                "2026-11-20",
                false,
            ),
            (
                "sent long ago, not received",
                dates("2026-01-01", None, None, None),
                "2026-11-20",
                false,
            ),
            (
                "returned",
                dates("2026-01-01", Some("2026-01-02"), Some("2026-01-03"), None),
                "2026-11-20",
                false,
            ),
            (
                "closed",
                dates("2026-01-01", Some("2026-01-02"), None, Some("2026-01-03")),
                "2026-11-20",
                false,
            ),
        ];
        for (name, r, today, late) in cases {
            assert_eq!(r.no_return(d(today), 30), late, "{name}");
        }
    }

    /// §3: an emergency goes to the county; a routine referral one level up.
    #[test]
    fn proposal_names_the_rule_and_the_level() {
        let a = |referral, findings: Vec<Finding>| Assessment {
            classification: None,
            referral,
            findings,
            readings_uncontrolled: true,
            missing: vec![],
        };
        let e = propose(
            &a(
                ReferralNeed::Emergency,
                vec![Finding::BpHigh, Finding::BpEmergency],
            ),
            Level::Village,
        )
        .unwrap();
        assert_eq!(
            (e.to, e.urgency, e.rule),
            (Level::County, Urgency::Emergency, Finding::BpEmergency)
        );
        let r = propose(
            &a(
                ReferralNeed::Refer,
                vec![Finding::BpHigh, Finding::TwoUncontrolled],
            ),
            Level::Village,
        )
        .unwrap();
        assert_eq!(
            (r.to, r.urgency, r.rule),
            (Level::Township, Urgency::Routine, Finding::TwoUncontrolled)
        );
        let t = propose(
            &a(ReferralNeed::Refer, vec![Finding::Complication]),
            Level::Township,
        )
        .unwrap();
        assert_eq!(t.to, Level::County);
        assert!(propose(&a(ReferralNeed::None, vec![]), Level::Township).is_none());
    }
}
