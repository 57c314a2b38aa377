//! Household star tiers 五星分级 (domain.md §2).

use super::calendar::{Cadence, age_on};
use super::model::{Household, Resident};
use super::rules::Rules;
use chrono::{Datelike, NaiveDate};

/// ★1 (most needy) … ★5 (healthy). Lower is needier, so `min` picks the winner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub struct Tier(u8);

impl Tier {
    pub const LONELY_ELDER: Tier = Tier(1);
    pub const ILL_OR_DISABLED: Tier = Tier(2);
    pub const CHRONIC: Tier = Tier(3);
    pub const ELDER_OR_CHILD: Tier = Tier(4);
    pub const HEALTHY: Tier = Tier(5);

    pub fn new(n: u8) -> Option<Tier> {
        (1..=5).contains(&n).then_some(Tier(n))
    }
    pub fn number(self) -> u8 {
        self.0
    }
    /// The grid worker's household-visit cadence for this tier, if any (§2 table).
    pub fn household_visit_cadence(self, rules: &Rules) -> Option<Cadence> {
        match self.0 {
            1 => Some(rules.tier1_visit),
            2 => Some(rules.tier2_visit),
            5 => Some(rules.tier5_visit),
            _ => None, // ★3 and ★4 are served by the family doctor's per-person tasks
        }
    }
}

/// Why a member puts the household in a tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TierCause {
    LonelyElder,
    SeriouslyIll,
    Disabled,
    Chronic,
    Elder,
    Child,
}

impl TierCause {
    pub fn tier(self) -> Tier {
        match self {
            TierCause::LonelyElder => Tier::LONELY_ELDER,
            TierCause::SeriouslyIll | TierCause::Disabled => Tier::ILL_OR_DISABLED,
            TierCause::Chronic => Tier::CHRONIC,
            TierCause::Elder | TierCause::Child => Tier::ELDER_OR_CHILD,
        }
    }
}

/// Every cause a member matches on `day` (obligations stack, §2); empty for a
/// resident not active that day, since only active residents count.
pub fn member_causes(m: &Resident, day: NaiveDate, rules: &Rules) -> Vec<TierCause> {
    if !m.active_on(day) {
        return Vec::new();
    }
    let age = age_on(m.birth_date, day);
    let mut causes = Vec::new();
    if m.lives_alone_no_carer && age >= rules.lonely_elder_min_age {
        causes.push(TierCause::LonelyElder);
    }
    if m.seriously_ill {
        causes.push(TierCause::SeriouslyIll);
    }
    if m.disabled {
        causes.push(TierCause::Disabled);
    }
    if m.is_managed_patient(day) {
        causes.push(TierCause::Chronic);
    }
    if age >= rules.elder_age {
        causes.push(TierCause::Elder);
    }
    if (0..rules.child_under_age).contains(&age) {
        causes.push(TierCause::Child);
    }
    causes
}

/// A household's tier: derived from members, perhaps overridden, with why.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct HouseholdTier {
    pub derived: Tier,
    /// What governs: the override when there is one, else the derived tier.
    pub effective: Tier,
    pub override_reason: Option<String>,
    /// (resident id, cause) for every member cause, neediest first.
    pub causes: Vec<(i64, TierCause)>,
}

/// The most needy tier any active member matches wins (§2); ★5 when none does.
pub fn household_tier(h: &Household, day: NaiveDate, rules: &Rules) -> HouseholdTier {
    let mut causes: Vec<(i64, TierCause)> = h
        .members
        .iter()
        .flat_map(|m| {
            member_causes(m, day, rules)
                .into_iter()
                .map(move |c| (m.id, c))
        })
        .collect();
    causes.sort_by_key(|&(id, c)| (c.tier(), c, id));
    let derived = causes.first().map_or(Tier::HEALTHY, |&(_, c)| c.tier());
    let (effective, override_reason) = match &h.tier_override {
        Some((t, why)) => (*t, Some(why.clone())),
        None => (derived, None),
    };
    HouseholdTier {
        derived,
        effective,
        override_reason,
        causes,
    }
}

/// The birthday on which someone born on `birth` turns `age` (29 February
/// birthdays fall on 1 March in common years, §2).
fn birthday(birth: NaiveDate, age: i32) -> NaiveDate {
    let y = birth.year() + age;
    NaiveDate::from_ymd_opt(y, birth.month(), birth.day())
        .or_else(|| NaiveDate::from_ymd_opt(y, 3, 1))
        .unwrap_or(birth)
}

/// The day a member's cause began (as far as the records tell).
pub(crate) fn cause_start(m: &Resident, c: TierCause, day: NaiveDate, rules: &Rules) -> NaiveDate {
    let flags = m.flags_changed_on.unwrap_or(m.registered_on);
    let start = match c {
        TierCause::LonelyElder => birthday(m.birth_date, rules.lonely_elder_min_age).max(flags),
        TierCause::SeriouslyIll | TierCause::Disabled => flags,
        TierCause::Chronic => m
            .managed_conditions(day)
            .map(|c| c.grace_from())
            .min()
            .unwrap_or(day),
        TierCause::Elder => birthday(m.birth_date, rules.elder_age),
        TierCause::Child => m.birth_date,
    };
    start.max(m.registered_on)
}

/// The day the household's current tier, and so its visit cadence, took
/// effect (§6): periods that began before it are not missed. It is the later
/// of registration, the start of the earliest cause of the current tier, and
/// the end of any needier cause (a member who died or moved, a child who
/// turned 6, management that ended, a flag that changed); for an override,
/// the day it was set.
pub fn tier_since(h: &Household, ht: &HouseholdTier, day: NaiveDate, rules: &Rules) -> NaiveDate {
    let mut since = h.registered_on;
    if ht.override_reason.is_some() {
        return since.max(h.tier_override_on.unwrap_or(since));
    }
    let tier = ht.derived;
    if let Some(first) = ht
        .causes
        .iter()
        .filter(|(_, c)| c.tier() == tier)
        .filter_map(|(id, c)| {
            let m = h.members.iter().find(|m| m.id == *id)?;
            Some(cause_start(m, *c, day, rules))
        })
        .min()
    {
        since = since.max(first);
    }
    for m in &h.members {
        let ended = |on: NaiveDate| on <= day;
        if let Some(changed) = m.flags_changed_on.filter(|d| ended(*d)) {
            since = since.max(changed);
        }
        if let Some(left) = m.status_date.filter(|d| !m.active_on(day) && ended(*d)) {
            let before = left.pred_opt().unwrap_or(left);
            let mut was = m.clone();
            was.status = super::model::ResidentStatus::Active;
            if member_causes(&was, before, rules)
                .iter()
                .any(|c| c.tier() < tier)
            {
                since = since.max(left);
            }
        }
        if tier > Tier::CHRONIC {
            for until in m.conditions.iter().filter_map(|c| c.managed_until) {
                if ended(until) {
                    since = since.max(until);
                }
            }
        }
        let grew_up = birthday(m.birth_date, rules.child_under_age);
        if tier > Tier::ELDER_OR_CHILD && ended(grew_up) && m.active_on(day) {
            since = since.max(grew_up);
        }
    }
    since
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::*;

    use crate::domain::testkit::{d, hypertension, resident};

    fn person(id: i64, birth: &str) -> Resident {
        resident(id, 1, &format!("居民{id}"), birth)
    }

    fn household(members: Vec<Resident>) -> Household {
        crate::domain::testkit::household(1, members)
    }

    /// domain.md §2 "who matches" and "the most needy tier wins", table-driven.
    #[test]
    fn tier_table() {
        let today = d("2026-11-22");
        type Edit = fn(&mut Resident);
        let cases: &[(&str, &str, Edit, u8)] = &[
            ("healthy adult", "1980-05-01", |_| {}, 5),
            (
                "lonely elder at 60",
                "1966-11-22",
                |m| m.lives_alone_no_carer = true,
                1,
            ),
            (
                "alone but 59: not ★1, healthy",
                "1966-11-23",
                |m| m.lives_alone_no_carer = true,
                5,
            ),
            ("seriously ill", "1980-05-01", |m| m.seriously_ill = true, 2),
            ("disabled", "1980-05-01", |m| m.disabled = true, 2),
            (
                "chronic under management",
                "1980-05-01",
                |m| m.conditions.push(hypertension("2020-01-01")),
                3,
            ),
            (
                "chronic, management ended",
                "1980-05-01",
                |m| {
                    let mut c = hypertension("2020-01-01");
                    c.managed_until = Some(d("2025-01-01"));
                    m.conditions.push(c)
                },
                5,
            ),
            (
                "chronic from tomorrow",
                "1980-05-01",
                |m| m.conditions.push(hypertension("2026-11-23")),
                5,
            ),
            ("65 today", "1961-11-22", |_| {}, 4),
            ("64, 65 tomorrow", "1961-11-23", |_| {}, 5),
            ("child of 5", "2020-11-23", |_| {}, 4),
            ("child 6 today", "2020-11-22", |_| {}, 5),
            ("29 Feb elder, 2025-03-01 reached", "1960-02-29", |_| {}, 4),
            (
                "disabled elder: ★2 beats ★4",
                "1950-01-01",
                |m| m.disabled = true,
                2,
            ),
            (
                "lonely and ill: ★1 beats ★2",
                "1950-01-01",
                |m| {
                    m.lives_alone_no_carer = true;
                    m.seriously_ill = true
                },
                1,
            ),
            (
                "deceased lonely elder does not count",
                "1950-01-01",
                |m| {
                    m.lives_alone_no_carer = true;
                    m.status = ResidentStatus::Deceased;
                    m.status_date = Some(d("2026-01-01"));
                },
                5,
            ),
        ];
        for (name, birth, edit, want) in cases {
            let mut m = person(1, birth);
            edit(&mut m);
            let day = if name.contains("2025-03-01") {
                d("2025-03-01")
            } else {
                today
            };
            let t = household_tier(&household(vec![m]), day, &Rules::default());
            assert_eq!(t.derived.number(), *want, "{name}");
        }
    }

    /// §2: the most needy member wins; obligations stack (causes kept); override shown as such.
    #[test]
    fn members_stack_and_override_wins() {
        let today = d("2026-11-22");
        let mut patient = person(1, "1970-01-01");
        patient.conditions.push(hypertension("2020-01-01"));
        let elder = person(2, "1950-01-01");
        let mut h = household(vec![elder, patient]);
        let t = household_tier(&h, today, &Rules::default());
        assert_eq!(t.derived, Tier::CHRONIC);
        assert_eq!(
            t.causes,
            vec![(1, TierCause::Chronic), (2, TierCause::Elder)]
        );
        assert_eq!(t.effective, Tier::CHRONIC);

        h.tier_override = Some((Tier::LONELY_ELDER, "子女长期在外".into()));
        let t = household_tier(&h, today, &Rules::default());
        assert_eq!(
            (t.derived, t.effective),
            (Tier::CHRONIC, Tier::LONELY_ELDER)
        );
        assert_eq!(t.override_reason.as_deref(), Some("子女长期在外"));
    }

    /// §2: the thresholds are settings.
    #[test]
    fn thresholds_come_from_rules() {
        let rules = Rules {
            elder_age: 70,
            ..Rules::default()
        };
        let h = household(vec![person(1, "1960-01-01")]);
        assert_eq!(
            household_tier(&h, d("2026-11-22"), &rules).derived,
            Tier::HEALTHY
        );
    }

    #[test]
    fn cadence_per_tier() {
        let got: Vec<_> = (1..=5)
            .map(|n| {
                Tier::new(n)
                    .unwrap()
                    .household_visit_cadence(&Rules::default())
            })
            .collect();
        assert_eq!(
            got,
            vec![
                Some(Cadence::Week),
                Some(Cadence::Month),
                None,
                None,
                Some(Cadence::Year)
            ]
        );
        assert_eq!(Tier::new(0), None);
        assert_eq!(Tier::new(6), None);
    }
}
