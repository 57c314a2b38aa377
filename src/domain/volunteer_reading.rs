//! A blood pressure a volunteer brings back (issue 29 item 5). domain.md §1:
//! the chronic-disease volunteer gives medication and re-check reminders and
//! reports to the village doctor; the doctor team does the clinical
//! follow-up. So a volunteer's reading is a contact, never a follow-up: it
//! classifies nothing (§3, §4: the colour comes from follow-ups) and counts
//! for no follow-up task (§6). A high one suggests a re-check to the team.
//!
//! High is §3's "uncontrolled" cut-off for blood pressure: SBP ≥ 140 **or**
//! DBP ≥ 90 mmHg — the settings `bp.sbp_uncontrolled` / `bp.dbp_uncontrolled`
//! (`Rules`), the same numbers that classify a doctor's follow-up.

use crate::domain::rules::Rules;

/// Whether a volunteer's reading suggests a re-check by the doctor team;
/// no reading suggests nothing.
pub fn recheck_suggested(bp: Option<(i32, i32)>, rules: &Rules) -> bool {
    bp.is_some_and(|(s, d)| s >= rules.sbp_uncontrolled || d >= rules.dbp_uncontrolled)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn high_not_high_no_reading() {
        let r = Rules::default();
        let cases = [
            (Some((140, 80)), true),
            (Some((120, 90)), true),
            (Some((182, 112)), true),
            (Some((139, 89)), false),
            (Some((118, 76)), false),
            (None, false),
        ];
        for (bp, want) in cases {
            assert_eq!(recheck_suggested(bp, &r), want, "{bp:?}");
        }
    }
}
