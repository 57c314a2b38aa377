//! The health-education counts against the national norm (issue 32): per
//! township health centre and per village clinic, for a period, the
//! lectures held against the norm (12 a year by the centre, 6 a year by
//! each village clinic), the public consultations (9 a year by the
//! centre), who came, and the ★5 households whose visit gave the
//! health-knowledge push (domain.md §2). Pure: the database passes the
//! events and the township.

use super::calendar::{Cadence, Period};
use super::events::EventKind;
use super::model::{Outcome, Subject, Township, VisitKind};
use super::rules::Rules;
use super::tier::{Tier, household_tier};
use chrono::NaiveDate;
use std::collections::HashMap;

/// One event as the counts need it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EventFact {
    pub id: i64,
    pub kind: EventKind,
    pub held_on: NaiveDate,
    /// None: held by the township health centre.
    pub village_id: Option<i64>,
    /// Residents and visitors who came.
    pub attendance: i64,
}

/// The yearly norms (settings `norm.*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Norms {
    pub township_lectures: i64,
    pub village_lectures: i64,
    pub consultations: i64,
}

impl Default for Norms {
    fn default() -> Norms {
        Norms {
            township_lectures: 12,
            village_lectures: 6,
            consultations: 9,
        }
    }
}

impl Norms {
    pub fn from_settings(s: &HashMap<String, String>) -> Result<Norms, String> {
        let mut n = Norms::default();
        for (key, into) in [
            ("norm.township_lectures", &mut n.township_lectures),
            ("norm.village_lectures", &mut n.village_lectures),
            ("norm.consultations", &mut n.consultations),
        ] {
            if let Some(v) = s.get(key) {
                *into = v
                    .trim()
                    .parse()
                    .ok()
                    .filter(|x| (0..=365).contains(x))
                    .ok_or_else(|| {
                        format!("setting {key} is {v:?}; it must be a whole number from 0 to 365")
                    })?;
            }
        }
        Ok(n)
    }
}

/// A yearly norm for `period`: its share, rounded up (a quarter asks 3 of
/// the centre's 12 lectures; a month asks 1 of a village's 6).
pub fn norm_for(yearly: i64, period: Period) -> i64 {
    let (part, of) = match period.cadence {
        Cadence::Year => (12, 12),
        Cadence::Quarter => (3, 12),
        Cadence::Month => (1, 12),
        Cadence::Week => (1, 52),
    };
    (yearly * part + of - 1) / of
}

/// One row: the township health centre (`village_id` None) or a village clinic.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct NormRow {
    pub name: String,
    pub village_id: Option<i64>,
    pub lectures: i64,
    pub lecture_norm: i64,
    pub consultations: i64,
    /// The centre's only: village clinics have none.
    pub consultation_norm: Option<i64>,
    /// Residents and visitors at its events.
    pub attendance: i64,
    /// ★5 households whose household visit in the period gave the push.
    pub pushes: i64,
    /// ★5 households (on the period's last day, or the as-of date before it).
    pub tier5: i64,
    /// The events counted, for their list.
    pub events: Vec<i64>,
}

/// The rows for `period`: the township health centre first (its own events;
/// the ★5 pushes of the whole township), then each village clinic.
pub fn norm_rows(
    town: &Township,
    township: &str,
    facts: &[EventFact],
    period: Period,
    today: NaiveDate,
    rules: &Rules,
    norms: Norms,
) -> Vec<NormRow> {
    let day = period.end().min(today);
    // ★5 households and those pushed, per village
    let mut tier5: HashMap<i64, (i64, i64)> = HashMap::new();
    for h in &town.households {
        if !h.members.iter().any(|m| m.active_on(day)) {
            continue;
        }
        if household_tier(h, day, rules).effective != Tier::HEALTHY {
            continue;
        }
        let pushed = town.visits.iter().any(|v| {
            v.subject == Subject::Household(h.id)
                && v.kind == VisitKind::Household
                && v.outcome == Outcome::Completed
                && v.push_given == Some(true)
                && period.contains(v.date)
                && v.date <= today
        });
        let e = tier5.entry(h.village_id).or_default();
        e.0 += 1;
        e.1 += i64::from(pushed);
    }
    let row = |name: &str, village: Option<i64>| {
        let mine: Vec<&EventFact> = facts
            .iter()
            .filter(|f| f.village_id == village && period.contains(f.held_on))
            .collect();
        let count = |k: EventKind| mine.iter().filter(|f| f.kind == k).count() as i64;
        let (t5, pushed) = match village {
            Some(v) => tier5.get(&v).copied().unwrap_or_default(),
            None => tier5.values().fold((0, 0), |(a, b), (c, d)| (a + c, b + d)),
        };
        NormRow {
            name: name.to_string(),
            village_id: village,
            lectures: count(EventKind::Lecture),
            lecture_norm: norm_for(
                if village.is_some() {
                    norms.village_lectures
                } else {
                    norms.township_lectures
                },
                period,
            ),
            consultations: count(EventKind::Consultation),
            consultation_norm: village
                .is_none()
                .then(|| norm_for(norms.consultations, period)),
            attendance: mine.iter().map(|f| f.attendance).sum(),
            pushes: pushed,
            tier5: t5,
            events: mine.iter().map(|f| f.id).collect(),
        }
    };
    let mut out = vec![row(township, None)];
    for v in &town.villages {
        out.push(row(&v.name, Some(v.id)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_norm_for_a_period_is_its_share_rounded_up() {
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let cases = [
            (12, Cadence::Year, 12),
            (12, Cadence::Quarter, 3),
            (12, Cadence::Month, 1),
            (6, Cadence::Year, 6),
            (6, Cadence::Quarter, 2),
            (6, Cadence::Month, 1),
            (9, Cadence::Quarter, 3),
            (9, Cadence::Year, 9),
        ];
        for (yearly, cadence, want) in cases {
            let p = Period::containing(cadence, d("2026-11-20"));
            assert_eq!(norm_for(yearly, p), want, "{yearly} {cadence:?}");
        }
    }
}
