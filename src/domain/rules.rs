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
        fn set<T: std::str::FromStr>(
            s: &HashMap<String, String>,
            key: &str,
            slot: &mut T,
        ) -> Result<(), String> {
            if let Some(v) = s.get(key) {
                *slot = v.trim().parse().map_err(|_| {
                    format!("setting {key} = {v:?} is not valid (a number, or week / month / quarter / year for cadences); fix it in the setting table")
                })?;
            }
            Ok(())
        }
        set(
            settings,
            "tier.lonely_elder_min_age",
            &mut r.lonely_elder_min_age,
        )?;
        set(settings, "tier.elder_age", &mut r.elder_age)?;
        set(settings, "tier.child_under_age", &mut r.child_under_age)?;
        set(settings, "bp.sbp_uncontrolled", &mut r.sbp_uncontrolled)?;
        set(settings, "bp.dbp_uncontrolled", &mut r.dbp_uncontrolled)?;
        set(settings, "bp.sbp_emergency", &mut r.sbp_emergency)?;
        set(settings, "bp.dbp_emergency", &mut r.dbp_emergency)?;
        set(settings, "fpg.uncontrolled", &mut r.fpg_uncontrolled)?;
        set(settings, "fpg.emergency_high", &mut r.fpg_emergency_high)?;
        set(settings, "fpg.emergency_low", &mut r.fpg_emergency_low)?;
        set(settings, "followup.recheck_days", &mut r.recheck_days)?;
        set(
            settings,
            "colour.unassessed_due_days",
            &mut r.unassessed_due_days,
        )?;
        set(
            settings,
            "referral.followup_days",
            &mut r.referral_followup_days,
        )?;
        set(settings, "colour.red_due_days", &mut r.red_due_days)?;
        set(settings, "colour.yellow_due_days", &mut r.yellow_due_days)?;
        set(settings, "group.target_size", &mut r.group_target_size)?;
        set(settings, "group.max_size", &mut r.group_max_size)?;
        set(settings, "cadence.tier1_visit", &mut r.tier1_visit)?;
        set(settings, "cadence.tier2_visit", &mut r.tier2_visit)?;
        set(settings, "cadence.tier5_visit", &mut r.tier5_visit)?;
        set(settings, "cadence.green_followup", &mut r.green_followup)?;
        set(settings, "cadence.yellow_followup", &mut r.yellow_followup)?;
        set(settings, "cadence.age_check", &mut r.age_check)?;
        set(settings, "name_max_chars", &mut r.name_max_chars)?;
        set(
            settings,
            "roster.load_limit_per_week",
            &mut r.load_limit_per_week,
        )?;
        set(
            settings,
            "referral.no_reply_days",
            &mut r.referral_no_reply_days,
        )?;
        set(
            settings,
            "care_plan.review_months",
            &mut r.care_plan_review_months,
        )?;
        set(settings, "care_plan.due_days", &mut r.care_plan_due_days)?;
        for (key, slot) in [
            ("indicators.prevalence_htn", &mut r.prevalence_htn),
            ("indicators.prevalence_dm", &mut r.prevalence_dm),
        ] {
            set(settings, key, slot)?;
            // §8 健康管理率: a prevalence is a percentage of adults
            if !(*slot > 0.0 && *slot <= 100.0) {
                return Err(format!(
                    "setting {key} = {slot} is not a prevalence; give a percentage above 0 and at most 100 (e.g. 27.5) in the setting table"
                ));
            }
        }
        Ok(r)
    }
}
