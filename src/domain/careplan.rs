//! The family doctor's one-person-one-plan 一人一策 (domain.md §2 ★1): which
//! elders need one, when it falls due, when it goes stale, and what a plan
//! must hold to be saved. [ours] A ★1 elder's first plan is due
//! `care_plan.due_days` after they became ★1; a plan stays valid until its
//! review date, or `care_plan.review_months` after it was written when it
//! has none.

use super::calendar::Period;
use super::model::{CarePlanDates, Resident};
use super::refusal::Refusal;
use super::rules::Rules;
use super::tier::{TierCause, cause_start, member_causes};
use chrono::{Days, Months, NaiveDate};

/// Why a ★1 elder's plan task exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanState {
    /// No plan written yet.
    Missing,
    /// A plan written before gridcare kept its dates: to be written again.
    Undated,
    /// A dated plan, to be reviewed on its review date.
    Review,
}

/// A ★1 elder's plan obligation on an as-of date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlanDue {
    pub state: PlanState,
    /// The day the plan is due: written (missing, undated) or reviewed.
    pub by: NaiveDate,
    /// Set while the plan is fresh (its review date still ahead): the day
    /// it was written, and the task is done.
    pub done: bool,
    pub written_on: Option<NaiveDate>,
    pub review_on: Option<NaiveDate>,
}

/// The longest plan accepted, in characters: a page, not a file.
pub const PLAN_MAX_CHARS: usize = 2000;

/// The day `m` became a ★1 lonely elder (§2: 60+, lives alone without a
/// carer, active), if they are one on `today`.
pub fn lonely_elder_since(m: &Resident, today: NaiveDate, rules: &Rules) -> Option<NaiveDate> {
    member_causes(m, today, rules)
        .contains(&TierCause::LonelyElder)
        .then(|| cause_start(m, TierCause::LonelyElder, today, rules))
}

/// When a plan is to be reviewed: its own review date, else
/// `care_plan.review_months` after it was written; none for an undated plan.
pub fn review_date(p: &CarePlanDates, rules: &Rules) -> Option<NaiveDate> {
    p.review_on.or_else(|| {
        p.written_on
            .and_then(|w| w.checked_add_months(Months::new(rules.care_plan_review_months)))
    })
}

/// The plan task of `m` on `today`, or `None` when they are not a ★1 elder
/// (not alone, under 60, died or moved, not yet registered) or their plan is
/// fresh and was written before this period.
pub fn plan_due(m: &Resident, today: NaiveDate, rules: &Rules) -> Option<PlanDue> {
    if m.registered_on > today {
        return None;
    }
    let since = lonely_elder_since(m, today, rules)?;
    let first = since + Days::new(rules.care_plan_due_days.max(0) as u64);
    let (written_on, review) = match m.care_plan {
        None => (None, None),
        Some(p) => (p.written_on, review_date(&p, rules)),
    };
    Some(match (m.care_plan, review) {
        (None, _) => PlanDue {
            state: PlanState::Missing,
            by: first,
            done: false,
            written_on,
            review_on: None,
        },
        (Some(_), None) => PlanDue {
            state: PlanState::Undated,
            by: first,
            done: false,
            written_on,
            review_on: None,
        },
        // Fresh: nothing to do. It shows as done in the period (the chronic
        // follow-up cadence, a quarter) in which it was written, as a
        // periodic task done this period does, and not after.
        (Some(_), Some(r))
            if today < r
                && written_on
                    .is_none_or(|w| w < Period::containing(rules.green_followup, today).start) =>
        {
            return None;
        }
        // due on its review day, overdue after it (§6 dated tasks)
        (Some(_), Some(r)) => PlanDue {
            state: PlanState::Review,
            by: r,
            done: today < r,
            written_on,
            review_on: Some(r),
        },
    })
}

/// What a plan must hold to be saved: some text, not too long, and a review
/// date after `today`, so that saving it does the task.
pub fn check_plan(text: &str, review_on: NaiveDate, today: NaiveDate) -> Result<(), Refusal> {
    super::refusal::check_text("care_plan", &text.replace("\r\n", "\n"), true)?;
    let chars = text.trim().chars().count();
    if chars == 0 {
        return Err(Refusal::CarePlanEmpty);
    }
    if chars > PLAN_MAX_CHARS {
        return Err(Refusal::CarePlanTooLong {
            chars,
            max: PLAN_MAX_CHARS,
        });
    }
    if review_on <= today {
        return Err(Refusal::CarePlanReviewNotAfter {
            review: review_on,
            today,
        });
    }
    Ok(())
}

/// The review date a new plan is offered with: `care_plan.review_months` ahead.
pub fn default_review(today: NaiveDate, rules: &Rules) -> NaiveDate {
    today
        .checked_add_months(Months::new(rules.care_plan_review_months.max(1)))
        .unwrap_or(today)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::ResidentStatus;
    use crate::domain::testkit::{d, resident};

    /// domain.md §2 ★1 "family doctor keeps a one-person-one-plan", with our
    /// due and review rules, table-driven: (case, birth, lives alone, status
    /// date (moved), plan (written, review), today → state, due by, done).
    #[test]
    fn plan_task_table() {
        type Plan = Option<(Option<&'static str>, Option<&'static str>)>;
        #[allow(clippy::type_complexity)]
        let cases: &[(
            &str,
            &str,
            bool,
            Option<&str>,
            Plan,
            Option<(PlanState, &str, bool)>,
        )] = &[
            // registered 2020-01-01, 76 years old: ★1 since registration; due 30 days after
            (
                "missing plan",
                "1950-06-01",
                true,
                None,
                None,
                Some((PlanState::Missing, "2020-01-31", false)),
            ),
            (
                "fresh plan written this quarter: done",
                "1950-06-01",
                true,
                None,
                Some((Some("2026-10-15"), Some("2027-03-01"))),
                Some((PlanState::Review, "2027-03-01", true)),
            ),
            (
                "fresh plan written last quarter: no task",
                "1950-06-01",
                true,
                None,
                Some((Some("2026-09-01"), Some("2027-03-01"))),
                None,
            ),
            (
                "stale plan (review passed)",
                "1950-06-01",
                true,
                None,
                Some((Some("2026-01-05"), Some("2026-07-05"))),
                Some((PlanState::Review, "2026-07-05", false)),
            ),
            (
                "review day itself: due, not done",
                "1950-06-01",
                true,
                None,
                Some((Some("2026-05-22"), Some("2026-11-22"))),
                Some((PlanState::Review, "2026-11-22", false)),
            ),
            (
                "no review date: written + 6 months, still fresh",
                "1950-06-01",
                true,
                None,
                Some((Some("2026-06-01"), None)),
                None,
            ),
            (
                "no review date: written + 6 months, passed",
                "1950-06-01",
                true,
                None,
                Some((Some("2026-04-01"), None)),
                Some((PlanState::Review, "2026-10-01", false)),
            ),
            (
                "undated plan (before gridcare kept dates)",
                "1950-06-01",
                true,
                None,
                Some((None, None)),
                Some((PlanState::Undated, "2020-01-31", false)),
            ),
            (
                "turned 60 on 2026-11-01: due 30 days later",
                "1966-11-01",
                true,
                None,
                None,
                Some((PlanState::Missing, "2026-12-01", false)),
            ),
            ("not ★1: 59 and alone", "1966-11-23", true, None, None, None),
            (
                "not ★1: 80, not alone",
                "1946-01-01",
                false,
                None,
                None,
                None,
            ),
            (
                "ended: moved away",
                "1950-06-01",
                true,
                Some("2026-10-01"),
                None,
                None,
            ),
        ];
        let today = d("2026-11-22");
        let rules = Rules::default();
        for (name, birth, alone, moved, plan, want) in cases {
            let mut m = resident(1, 1, "孙婆婆", birth);
            m.lives_alone_no_carer = *alone;
            if let Some(day) = moved {
                m.status = ResidentStatus::Moved;
                m.status_date = Some(d(day));
            }
            m.care_plan = plan.map(|(w, r)| CarePlanDates {
                written_on: w.map(d),
                review_on: r.map(d),
            });
            let got = plan_due(&m, today, &rules).map(|p| (p.state, p.by, p.done));
            let want = want.map(|(s, by, done)| (s, d(by), done));
            assert_eq!(got, want, "{name}");
        }
    }

    /// A plan is saved only with text and a review date after today.
    #[test]
    fn saving_a_plan_needs_text_and_a_future_review() {
        let today = d("2026-11-20");
        assert_eq!(
            check_plan("  ", d("2027-05-20"), today),
            Err(Refusal::CarePlanEmpty)
        );
        assert_eq!(
            check_plan("每周上门", today, today),
            Err(Refusal::CarePlanReviewNotAfter {
                review: today,
                today
            })
        );
        assert!(check_plan("每周上门", d("2026-11-21"), today).is_ok());
        let long = "字".repeat(PLAN_MAX_CHARS + 1);
        assert!(matches!(
            check_plan(&long, d("2027-01-01"), today),
            Err(Refusal::CarePlanTooLong { .. })
        ));
        assert_eq!(default_review(today, &Rules::default()), d("2027-05-20"));
    }
}
