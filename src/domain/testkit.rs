//! Builders shared by the domain's table-driven tests.

use super::model::*;
use chrono::NaiveDate;

pub fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// An active resident registered on 2020-01-01, head of household `hh`, with no flags.
pub fn resident(id: i64, hh: i64, name: &str, birth: &str) -> Resident {
    Resident {
        id,
        household_id: hh,
        name: name.into(),
        id_number: String::new(),
        sex: Sex::Male,
        birth_date: d(birth),
        phone: None,
        relation: Relation::Head,
        status: ResidentStatus::Active,
        status_date: None,
        lives_alone_no_carer: false,
        disabled: false,
        seriously_ill: false,
        registered_on: d("2020-01-01"),
        flags_changed_on: None,
        conditions: vec![],
        team: None,
        volunteer: None,
        care_plan: None,
        record_no: None,
    }
}

/// A household registered on 2020-01-01 in village 1, grid 1.
pub fn household(id: i64, members: Vec<Resident>) -> Household {
    Household {
        id,
        village_id: 1,
        grid_id: 1,
        address: format!("一组{id}号"),
        registered_on: d("2020-01-01"),
        tier_override: None,
        tier_override_on: None,
        members,
        ext_no: None,
    }
}

/// Hypertension diagnosed and managed from `from`.
pub fn hypertension(from: &str) -> ChronicCondition {
    ChronicCondition {
        condition: Condition::Hypertension,
        diagnosed_on: d(from),
        managed_from: d(from),
        managed_until: None,
        entered_on: None,
        diagnosis_unknown: false,
    }
}
