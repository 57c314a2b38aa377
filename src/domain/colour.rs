//! Red / yellow / green dynamic management 三色动态管理 (domain.md §4).

use super::followup::{Assessed, Assessment, Finding};
use super::model::{Classification, Colour, ReferralNeed, ReferralRecord, Resident, VisitRecord};
use super::rules::Rules;
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

/// The colour a follow-up leaves, before open referrals are considered (§4);
/// `None` for one that classifies nothing: the colour stays as it was (§3).
pub fn colour_of(a: &Assessment) -> Option<(Colour, ColourCause)> {
    use Classification::*;
    Some(match (a.referral, a.classification) {
        (ReferralNeed::Emergency, _) => (Colour::Red, ColourCause::EmergencyCriteria),
        _ if a.findings.contains(&Finding::TwoUncontrolled) => {
            (Colour::Red, ColourCause::TwoUncontrolled)
        }
        (_, Some(Complication)) => (Colour::Red, ColourCause::Complication),
        (ReferralNeed::Refer, _) => (Colour::Red, ColourCause::ReferralNeeded),
        (ReferralNeed::None, Some(Uncontrolled)) => (Colour::Yellow, ColourCause::Uncontrolled),
        (ReferralNeed::None, Some(Adverse)) => (Colour::Yellow, ColourCause::Adverse),
        (ReferralNeed::None, Some(Controlled)) => (Colour::Green, ColourCause::Controlled),
        (ReferralNeed::None, None) => return None,
    })
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
    followups: &[Assessed],
    referrals: &[&ReferralRecord],
    today: NaiveDate,
) -> Vec<ColourChange> {
    #[derive(Clone, Copy)]
    enum Ev {
        Followup(i64, (Colour, ColourCause)),
        ReferralOpens,
        ReferralCloses,
    }
    let mut events: Vec<(NaiveDate, u8, i64, Ev)> = Vec::new();
    for f in followups.iter().filter(|f| f.date <= today) {
        if let Some(c) = colour_of(&f.assessment) {
            events.push((f.date, 1, f.visit_id, Ev::Followup(f.visit_id, c)));
        }
    }
    for r in referrals {
        if r.sent_on <= today {
            events.push((r.sent_on, 2, 0, Ev::ReferralOpens));
        }
        if let Some(back) = r.returned_on.filter(|&b| b <= today) {
            events.push((back, 3, 0, Ev::ReferralCloses));
        }
    }
    // Same day: the follow-up first, then a referral it caused, then returns.
    events.sort_by_key(|&(d, order, id, _)| (d, order, id));

    let mut out = vec![ColourChange {
        since: managed_from,
        colour: Colour::Unassessed,
        cause: ColourCause::NoFollowup,
        visit_id: None,
    }];
    let mut base = (Colour::Unassessed, ColourCause::NoFollowup);
    let mut open = 0usize;
    for (date, _, _, ev) in events {
        let mut visit_id = None;
        match ev {
            Ev::Followup(id, c) => {
                base = c;
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

/// A patient's colour history as of `today` (§4), their follow-ups assessed
/// from their readings (§3); empty when they are not under management then.
pub fn patient_history(
    r: &Resident,
    visits: &[&VisitRecord],
    referrals: &[&ReferralRecord],
    today: NaiveDate,
    rules: &Rules,
) -> Vec<ColourChange> {
    let Some(from) = r.managed_conditions(today).map(|c| c.managed_from).min() else {
        return Vec::new();
    };
    let assessed = super::followup::assess_patient(r, visits, rules);
    history(from, &assessed, referrals, today)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }
    fn assessment(c: Option<Classification>, r: ReferralNeed, two: bool) -> Assessment {
        Assessment {
            classification: c,
            referral: r,
            findings: if two {
                vec![Finding::TwoUncontrolled]
            } else {
                vec![]
            },
            readings_uncontrolled: c == Some(Classification::Uncontrolled),
            missing: vec![],
        }
    }
    fn fu(id: i64, date: &str, c: Classification) -> Assessed {
        Assessed {
            visit_id: id,
            date: d(date),
            assessment: assessment(Some(c), ReferralNeed::None, false),
        }
    }

    /// domain.md §4, table-driven: the colour a follow-up leaves.
    #[test]
    fn colour_table() {
        use Classification::*;
        use ReferralNeed::{Emergency, Refer};
        let none = ReferralNeed::None;
        let cases = [
            (
                Some(Controlled),
                none,
                false,
                Some((Colour::Green, ColourCause::Controlled)),
            ),
            (
                Some(Uncontrolled),
                none,
                false,
                Some((Colour::Yellow, ColourCause::Uncontrolled)),
            ),
            (
                Some(Adverse),
                none,
                false,
                Some((Colour::Yellow, ColourCause::Adverse)),
            ),
            (
                Some(Uncontrolled),
                Refer,
                true,
                Some((Colour::Red, ColourCause::TwoUncontrolled)),
            ),
            // §3: uncontrolled readings twice in a row, the second with an adverse reaction
            (
                Some(Adverse),
                Refer,
                true,
                Some((Colour::Red, ColourCause::TwoUncontrolled)),
            ),
            (
                Some(Complication),
                Refer,
                false,
                Some((Colour::Red, ColourCause::Complication)),
            ),
            (
                Some(Uncontrolled),
                Emergency,
                false,
                Some((Colour::Red, ColourCause::EmergencyCriteria)),
            ),
            (
                Some(Controlled),
                Emergency,
                false,
                Some((Colour::Red, ColourCause::EmergencyCriteria)),
            ),
            (
                None,
                Emergency,
                false,
                Some((Colour::Red, ColourCause::EmergencyCriteria)),
            ),
            (
                Some(Adverse),
                Refer,
                false,
                Some((Colour::Red, ColourCause::ReferralNeeded)),
            ),
            // §3: a follow-up without the reading its condition needs changes nothing
            (None, none, false, None),
        ];
        for (c, r, two, want) in cases {
            assert_eq!(colour_of(&assessment(c, r, two)), want, "{c:?} {r:?} {two}");
        }
    }

    /// §4: unassessed until a follow-up; changes recorded with date and cause;
    /// open referral keeps red; a follow-up that classifies nothing keeps the colour.
    #[test]
    fn history_records_changes_only() {
        use Classification::*;
        let v1 = fu(1, "2026-01-10", Controlled);
        let v2 = fu(2, "2026-04-10", Controlled);
        let v3 = fu(3, "2026-07-10", Uncontrolled);
        let v3b = Assessed {
            visit_id: 30,
            date: d("2026-07-15"),
            assessment: assessment(None, ReferralNeed::None, false),
        };
        let v4 = fu(4, "2026-07-20", Controlled);
        let r = ReferralRecord {
            id: 1,
            resident_id: 1,
            sent_on: d("2026-08-01"),
            returned_on: Some(d("2026-09-01")),
        };
        let h = history(
            d("2025-12-01"),
            &[v4.clone(), v2, v3b, v1.clone(), v3],
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
        let h = history(d("2025-12-01"), &[v1], &[&r], d("2026-08-15"));
        assert_eq!(h.last().map(|c| c.colour), Some(Colour::Red));
    }
}
