//! Red / yellow / green dynamic management 三色动态管理 (domain.md §4).

use super::model::{Classification, Colour, ReferralNeed, ReferralRecord, VisitRecord};
use chrono::NaiveDate;

/// Why a patient has their colour; stored in `colour_history.cause`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ColourCause {
    NoFollowup,
    Controlled,
    Uncontrolled,
    Adverse,
    EmergencyCriteria,
    TwoUncontrolled,
    Complication,
    ReferralNeeded,
    OpenReferral,
}

impl ColourCause {
    pub const ALL: [ColourCause; 9] = [
        ColourCause::NoFollowup,
        ColourCause::Controlled,
        ColourCause::Uncontrolled,
        ColourCause::Adverse,
        ColourCause::EmergencyCriteria,
        ColourCause::TwoUncontrolled,
        ColourCause::Complication,
        ColourCause::ReferralNeeded,
        ColourCause::OpenReferral,
    ];
    pub fn code(self) -> &'static str {
        match self {
            ColourCause::NoFollowup => "no_followup",
            ColourCause::Controlled => "controlled",
            ColourCause::Uncontrolled => "uncontrolled",
            ColourCause::Adverse => "adverse",
            ColourCause::EmergencyCriteria => "emergency_criteria",
            ColourCause::TwoUncontrolled => "two_uncontrolled",
            ColourCause::Complication => "complication",
            ColourCause::ReferralNeeded => "referral_needed",
            ColourCause::OpenReferral => "open_referral",
        }
    }
    pub fn from_code(s: &str) -> Option<ColourCause> {
        ColourCause::ALL.into_iter().find(|c| c.code() == s)
    }
}

/// The colour a follow-up leaves, before open referrals are considered.
/// `classification` and `referral` are the follow-up's own (see followup::classify,
/// which already folds "two consecutive uncontrolled" into `referral`).
pub fn colour_of_followup(
    classification: Classification,
    referral: ReferralNeed,
) -> (Colour, ColourCause) {
    match (referral, classification) {
        (ReferralNeed::Emergency, _) => (Colour::Red, ColourCause::EmergencyCriteria),
        (ReferralNeed::Refer, Classification::Complication) => {
            (Colour::Red, ColourCause::Complication)
        }
        (ReferralNeed::Refer, Classification::Uncontrolled) => {
            (Colour::Red, ColourCause::TwoUncontrolled)
        }
        (ReferralNeed::Refer, _) => (Colour::Red, ColourCause::ReferralNeeded),
        (ReferralNeed::None, Classification::Complication) => {
            (Colour::Red, ColourCause::Complication)
        }
        (ReferralNeed::None, Classification::Uncontrolled) => {
            (Colour::Yellow, ColourCause::Uncontrolled)
        }
        (ReferralNeed::None, Classification::Adverse) => (Colour::Yellow, ColourCause::Adverse),
        (ReferralNeed::None, Classification::Controlled) => {
            (Colour::Green, ColourCause::Controlled)
        }
    }
}

/// One entry of a colour history: from `since`, this colour, for this cause.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct ColourChange {
    pub since: NaiveDate,
    pub colour: Colour,
    pub cause: ColourCause,
    /// The follow-up that brought the change, if a follow-up did.
    pub visit_id: Option<i64>,
}

/// The colour history of one patient up to and including `today`, from their
/// completed clinical follow-ups and referrals (any order). Starts unassessed on
/// `managed_from`; a new entry only where colour or cause changes (§4: history,
/// not overwrite). An open referral keeps the patient red (§7).
pub fn history(
    managed_from: NaiveDate,
    visits: &[&VisitRecord],
    referrals: &[&ReferralRecord],
    today: NaiveDate,
) -> Vec<ColourChange> {
    #[derive(Clone, Copy)]
    enum Ev {
        Followup(i64, Classification, ReferralNeed),
        ReferralOpens,
        ReferralCloses,
    }
    let mut events: Vec<(NaiveDate, u8, Ev)> = Vec::new();
    for v in visits {
        if v.kind.is_clinical_followup()
            && v.outcome == super::model::Outcome::Completed
            && v.date <= today
        {
            let c = v.classification.unwrap_or(Classification::Controlled);
            events.push((v.date, 1, Ev::Followup(v.id, c, v.referral)));
        }
    }
    for r in referrals {
        if r.sent_on <= today {
            events.push((r.sent_on, 2, Ev::ReferralOpens));
        }
        if let Some(back) = r.returned_on.filter(|&b| b <= today) {
            events.push((back, 3, Ev::ReferralCloses));
        }
    }
    // Same day: the follow-up first, then a referral it caused, then returns.
    events.sort_by_key(|&(d, order, ev)| {
        (d, order, if let Ev::Followup(id, ..) = ev { id } else { 0 })
    });

    let mut out = vec![ColourChange {
        since: managed_from,
        colour: Colour::Unassessed,
        cause: ColourCause::NoFollowup,
        visit_id: None,
    }];
    let mut base = (Colour::Unassessed, ColourCause::NoFollowup);
    let mut open = 0usize;
    for (date, _, ev) in events {
        let mut visit_id = None;
        match ev {
            Ev::Followup(id, c, r) => {
                base = colour_of_followup(c, r);
                visit_id = Some(id);
            }
            Ev::ReferralOpens => open += 1,
            Ev::ReferralCloses => open = open.saturating_sub(1),
        }
        let now = if open > 0 && base.0 != Colour::Red {
            (Colour::Red, ColourCause::OpenReferral)
        } else {
            base
        };
        let last = out.last().copied().unwrap_or(out[0]);
        if (last.colour, last.cause) != now {
            out.push(ColourChange {
                since: date.max(managed_from),
                colour: now.0,
                cause: now.1,
                visit_id,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::{Outcome, Subject, VisitKind};

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }
    fn fu(id: i64, date: &str, c: Classification, r: ReferralNeed) -> VisitRecord {
        VisitRecord {
            id,
            kind: VisitKind::Followup,
            subject: Subject::Resident(1),
            date: d(date),
            outcome: Outcome::Completed,
            call_again_on: None,
            remove_reason: None,
            classification: Some(c),
            referral: r,
        }
    }

    /// domain.md §4, table-driven: colour of the latest follow-up.
    #[test]
    fn colour_table() {
        use Classification::*;
        let cases = [
            (
                Controlled,
                ReferralNeed::None,
                Colour::Green,
                ColourCause::Controlled,
            ),
            (
                Uncontrolled,
                ReferralNeed::None,
                Colour::Yellow,
                ColourCause::Uncontrolled,
            ),
            (
                Adverse,
                ReferralNeed::None,
                Colour::Yellow,
                ColourCause::Adverse,
            ),
            (
                Uncontrolled,
                ReferralNeed::Refer,
                Colour::Red,
                ColourCause::TwoUncontrolled,
            ),
            (
                Complication,
                ReferralNeed::Refer,
                Colour::Red,
                ColourCause::Complication,
            ),
            (
                Uncontrolled,
                ReferralNeed::Emergency,
                Colour::Red,
                ColourCause::EmergencyCriteria,
            ),
            (
                Controlled,
                ReferralNeed::Emergency,
                Colour::Red,
                ColourCause::EmergencyCriteria,
            ),
            (
                Adverse,
                ReferralNeed::Refer,
                Colour::Red,
                ColourCause::ReferralNeeded,
            ),
        ];
        for (c, r, colour, cause) in cases {
            assert_eq!(colour_of_followup(c, r), (colour, cause), "{c:?} {r:?}");
        }
    }

    /// §4: unassessed until a follow-up; changes recorded with date and cause; open referral keeps red.
    #[test]
    fn history_records_changes_only() {
        use Classification::*;
        let v1 = fu(1, "2026-01-10", Controlled, ReferralNeed::None);
        let v2 = fu(2, "2026-04-10", Controlled, ReferralNeed::None);
        let v3 = fu(3, "2026-07-10", Uncontrolled, ReferralNeed::None);
        let v4 = fu(4, "2026-07-20", Controlled, ReferralNeed::None);
        let r = ReferralRecord {
            id: 1,
            resident_id: 1,
            sent_on: d("2026-08-01"),
            returned_on: Some(d("2026-09-01")),
        };
        let h = history(
            d("2025-12-01"),
            &[&v4, &v2, &v1, &v3],
            &[&r],
            d("2026-11-22"),
        );
        let got: Vec<_> = h.iter().map(|c| (c.since, c.colour, c.cause)).collect();
        assert_eq!(
            got,
            vec![
                (d("2025-12-01"), Colour::Unassessed, ColourCause::NoFollowup),
                (d("2026-01-10"), Colour::Green, ColourCause::Controlled),
                (d("2026-07-10"), Colour::Yellow, ColourCause::Uncontrolled),
                (d("2026-07-20"), Colour::Green, ColourCause::Controlled),
                (d("2026-08-01"), Colour::Red, ColourCause::OpenReferral),
                (d("2026-09-01"), Colour::Green, ColourCause::Controlled),
            ]
        );
        // as of a date before the referral was returned, still red
        let h = history(d("2025-12-01"), &[&v1], &[&r], d("2026-08-15"));
        assert_eq!(h.last().map(|c| c.colour), Some(Colour::Red));
    }
}
