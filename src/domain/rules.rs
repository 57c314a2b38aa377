//! The thresholds and cadences of domain.md as data. The defaults here are
//! domain.md's; the database's `setting` table holds the township's values and
//! schema.sql inserts the same defaults (a test keeps the two in step).

use super::calendar::Cadence;
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq)]
pub struct Rules {
    pub lonely_elder_min_age: i32,
    pub elder_age: i32,
    pub child_under_age: i32,
    pub sbp_uncontrolled: i32,
    pub dbp_uncontrolled: i32,
    pub sbp_emergency: i32,
    pub dbp_emergency: i32,
    pub fpg_uncontrolled: f64,
    pub fpg_emergency_high: f64,
    pub fpg_emergency_low: f64,
    pub recheck_days: i64,
    /// §4 unassessed: the first follow-up is due within this many days of the start of management.
    pub unassessed_due_days: i64,
    pub referral_followup_days: i64,
    pub red_due_days: i64,
    pub yellow_due_days: i64,
    pub group_target_size: i64,
    pub group_max_size: i64,
    /// Grid-worker household visits of ★1, ★2, ★5 households (§2 table).
    pub tier1_visit: Cadence,
    pub tier2_visit: Cadence,
    pub tier5_visit: Cadence,
    /// Follow-ups of green patients (§4), and of yellow ones after the first re-check.
    pub green_followup: Cadence,
    pub yellow_followup: Cadence,
    /// The ★4 health check of elders and young children (§2).
    pub age_check: Cadence,
    /// The longest name a form or an import accepts (issue 10).
    pub name_max_chars: usize,
    /// Issue 12: a grid worker or team over this many visits a week is flagged on the rosters.
    pub load_limit_per_week: f64,
    /// Issue 14: a referral sent this many days ago and not yet received is "no reply" (§7).
    pub referral_no_reply_days: i64,
    /// Issue 25 item 2: a referral received this many days ago and neither
    /// returned down nor closed is "no return" (§7) [ours].
    pub referral_no_return_days: i64,
    /// Issue 14 (§2 ★1 一人一策) [ours]: a plan without a review date stays
    /// valid this many months after it was written.
    pub care_plan_review_months: u32,
    /// [ours] A new ★1 elder's first plan is due this many days after they became ★1.
    pub care_plan_due_days: i64,
    /// Issue 14 (§8 健康管理率): adult prevalence of hypertension and of
    /// diabetes, in percent (0 < p ≤ 100); national figures of
    /// 《中国居民营养与慢性病状况报告（2020年）》 by default.
    pub prevalence_htn: f64,
    pub prevalence_dm: f64,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            lonely_elder_min_age: 60,
            elder_age: 65,
            child_under_age: 6,
            sbp_uncontrolled: 140,
            dbp_uncontrolled: 90,
            sbp_emergency: 180,
            dbp_emergency: 110,
            fpg_uncontrolled: 7.0,
            fpg_emergency_high: 16.7,
            fpg_emergency_low: 3.9,
            recheck_days: 14,
            unassessed_due_days: 14,
            referral_followup_days: 14,
            red_due_days: 14,
            yellow_due_days: 14,
            group_target_size: 20,
            group_max_size: 25,
            tier1_visit: Cadence::Week,
            tier2_visit: Cadence::Month,
            tier5_visit: Cadence::Year,
            green_followup: Cadence::Quarter,
            yellow_followup: Cadence::Month,
            age_check: Cadence::Year,
            name_max_chars: crate::domain::refusal::NAME_MAX_CHARS,
            load_limit_per_week: 40.0,
            referral_no_reply_days: 7,
            referral_no_return_days: 30,
            care_plan_review_months: 6,
            care_plan_due_days: 30,
            prevalence_htn: 27.5,
            prevalence_dm: 11.9,
        }
    }
}

impl Rules {
    /// Reads the rules from `setting` rows; a key that is missing keeps its
    /// default, a value that does not parse is an error naming the key.
    pub fn from_settings(settings: &HashMap<String, String>) -> Result<Rules, String> {
        let mut r = Rules::default();
        let s = settings;
        // Issue 24 item 12: every number within its range, so a value edited
        // by hand is one line naming the setting, never a date out of range.
        num(
            s,
            "tier.lonely_elder_min_age",
            &mut r.lonely_elder_min_age,
            40,
            100,
        )?;
        num(s, "tier.elder_age", &mut r.elder_age, 40, 100)?;
        num(s, "tier.child_under_age", &mut r.child_under_age, 1, 18)?;
        num(s, "bp.sbp_uncontrolled", &mut r.sbp_uncontrolled, 60, 300)?;
        num(s, "bp.dbp_uncontrolled", &mut r.dbp_uncontrolled, 30, 200)?;
        num(s, "bp.sbp_emergency", &mut r.sbp_emergency, 60, 300)?;
        num(s, "bp.dbp_emergency", &mut r.dbp_emergency, 30, 200)?;
        num(s, "fpg.uncontrolled", &mut r.fpg_uncontrolled, 1.0, 40.0)?;
        num(
            s,
            "fpg.emergency_high",
            &mut r.fpg_emergency_high,
            1.0,
            40.0,
        )?;
        num(s, "fpg.emergency_low", &mut r.fpg_emergency_low, 1.0, 40.0)?;
        num(s, "followup.recheck_days", &mut r.recheck_days, 1, 366)?;
        num(
            s,
            "colour.unassessed_due_days",
            &mut r.unassessed_due_days,
            1,
            366,
        )?;
        num(
            s,
            "referral.followup_days",
            &mut r.referral_followup_days,
            1,
            366,
        )?;
        num(s, "colour.red_due_days", &mut r.red_due_days, 1, 366)?;
        num(s, "colour.yellow_due_days", &mut r.yellow_due_days, 1, 366)?;
        num(s, "group.target_size", &mut r.group_target_size, 1, 200)?;
        num(s, "group.max_size", &mut r.group_max_size, 1, 200)?;
        cadence(s, "cadence.tier1_visit", &mut r.tier1_visit)?;
        cadence(s, "cadence.tier2_visit", &mut r.tier2_visit)?;
        cadence(s, "cadence.tier5_visit", &mut r.tier5_visit)?;
        cadence(s, "cadence.green_followup", &mut r.green_followup)?;
        cadence(s, "cadence.yellow_followup", &mut r.yellow_followup)?;
        cadence(s, "cadence.age_check", &mut r.age_check)?;
        num(s, "name_max_chars", &mut r.name_max_chars, 2, 200)?;
        num(
            s,
            "roster.load_limit_per_week",
            &mut r.load_limit_per_week,
            1.0,
            1000.0,
        )?;
        num(
            s,
            "referral.no_reply_days",
            &mut r.referral_no_reply_days,
            1,
            366,
        )?;
        num(
            s,
            "care_plan.review_months",
            &mut r.care_plan_review_months,
            1,
            60,
        )?;
        num(s, "care_plan.due_days", &mut r.care_plan_due_days, 1, 366)?;
        // §8 健康管理率: a prevalence is a percentage of adults
        num(
            s,
            "indicators.prevalence_htn",
            &mut r.prevalence_htn,
            0.1,
            100.0,
        )?;
        num(
            s,
            "indicators.prevalence_dm",
            &mut r.prevalence_dm,
            0.1,
            100.0,
        )?;
        if r.group_max_size < r.group_target_size {
            return Err(format!(
                "setting group.max_size = {} is below group.target_size = {}; give a hard limit at least the target size in the setting table",
                r.group_max_size, r.group_target_size
            ));
        }
        Ok(r)
    }
}

/// The setting `key` into `slot` when it is set: a number from `min` to
/// `max`, else one line naming the setting and its range (issue 24 item 12).
fn num<T>(
    s: &HashMap<String, String>,
    key: &str,
    slot: &mut T,
    min: T,
    max: T,
) -> Result<(), String>
where
    T: std::str::FromStr + PartialOrd + std::fmt::Display + Copy,
{
    *slot = setting_in(s, key, *slot, min, max)?;
    Ok(())
}

/// A numeric setting read with its range: its default when it is not set,
/// else its value when it lies from `min` to `max`; any other value is one
/// line naming the setting, the value and the range, and how to fix it.
pub fn setting_in<T>(
    s: &HashMap<String, String>,
    key: &str,
    default: T,
    min: T,
    max: T,
) -> Result<T, String>
where
    T: std::str::FromStr + PartialOrd + std::fmt::Display + Copy,
{
    let Some(v) = s.get(key) else {
        return Ok(default);
    };
    match v.trim().parse::<T>() {
        Ok(n) if n >= min && n <= max => Ok(n),
        _ => Err(format!(
            "setting {key} = {:?} is out of range: give a number from {min} to {max} (default {default}) in the setting table, e.g. sqlite3 DB \"UPDATE setting SET value = '{default}' WHERE key = '{key}'\"",
            crate::text::shown(v, 40)
        )),
    }
}

/// A cadence setting: week, month, quarter or year.
fn cadence(s: &HashMap<String, String>, key: &str, slot: &mut Cadence) -> Result<(), String> {
    if let Some(v) = s.get(key) {
        *slot = v.trim().parse().map_err(|_| {
            format!(
                "setting {key} = {:?} is not a cadence: give week, month, quarter or year in the setting table",
                crate::text::shown(v, 40)
            )
        })?;
    }
    Ok(())
}
