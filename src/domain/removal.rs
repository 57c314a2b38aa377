//! Undoing a removal (domain.md §6 contact outcomes "remove from queue with
//! reason"; §3 "management ends with a reason"): which removal of a resident
//! or a household is the one an undo reverses. Nothing is deleted: the
//! removal stays in the record, marked undone (issue 10, item 8).

use super::model::*;
use chrono::NaiveDate;

/// A removal that can be undone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Removal {
    /// The contact outcome that removed; `None` when management was ended
    /// directly (the end-management form) without a visit.
    pub visit_id: Option<i64>,
    /// Whose task the removal was recorded on (a household visit "moved"
    /// ends every member's management).
    pub subject: Subject,
    pub date: NaiveDate,
    pub reason: RemoveReason,
}

/// The status a removal for death, moving or transfer sets (§6); other
/// reasons leave the resident active.
pub fn status_after(reason: RemoveReason) -> Option<ResidentStatus> {
    match reason {
        RemoveReason::Died => Some(ResidentStatus::Deceased),
        RemoveReason::Moved => Some(ResidentStatus::Moved),
        RemoveReason::Transferred => Some(ResidentStatus::Transferred),
        RemoveReason::Refused | RemoveReason::WrongPhone => None,
    }
}

/// Why chronic management ended after a removal (§3), if it did: refusal
/// ends it only on a clinical task.
pub fn end_reason(reason: RemoveReason, clinical: bool) -> Option<EndReason> {
    match reason {
        RemoveReason::Died => Some(EndReason::Death),
        RemoveReason::Moved => Some(EndReason::Moved),
        RemoveReason::Transferred => Some(EndReason::Transferred),
        RemoveReason::Refused if clinical => Some(EndReason::Refused),
        RemoveReason::Refused | RemoveReason::WrongPhone => None,
    }
}

fn reason_of_status(s: ResidentStatus) -> Option<RemoveReason> {
    RemoveReason::ALL
        .iter()
        .copied()
        .find(|r| status_after(*r) == Some(s))
}

fn latest<'a>(
    visits: impl Iterator<Item = &'a VisitRecord>,
    keep: impl Fn(&VisitRecord) -> bool,
) -> Option<&'a VisitRecord> {
    visits
        .filter(|v| v.outcome == Outcome::Removed && v.remove_reason.is_some() && keep(v))
        .max_by_key(|v| (v.date, v.id))
}

/// The removal to undo for a resident. When their management has ended
/// (died, moved, transferred), the removal that ended it: the contact outcome
/// of that day and reason on their own or their household's task, else the
/// direct end of management. Otherwise the latest removal of one of their
/// own tasks (refused, wrong phone). `own` and `household` are the visits of
/// the resident and of their household, without removals already undone.
pub fn latest_for_resident(
    r: &Resident,
    own: &[VisitRecord],
    household: &[VisitRecord],
) -> Option<Removal> {
    if !r.status.is_active() {
        let reason = reason_of_status(r.status)?;
        let date = r.status_date?;
        let visit = latest(own.iter().chain(household), |v| {
            v.date == date && v.remove_reason == Some(reason)
        });
        return Some(Removal {
            visit_id: visit.map(|v| v.id),
            subject: visit.map_or(Subject::Resident(r.id), |v| v.subject),
            date,
            reason,
        });
    }
    latest(own.iter(), |_| true).map(|v| Removal {
        visit_id: Some(v.id),
        subject: v.subject,
        date: v.date,
        reason: v.remove_reason.unwrap_or(RemoveReason::WrongPhone),
    })
}

/// The removal to undo on a household's own task: its latest removal outcome.
pub fn latest_for_household(visits: &[VisitRecord]) -> Option<Removal> {
    latest(visits.iter(), |v| {
        matches!(v.subject, Subject::Household(_))
    })
    .map(|v| Removal {
        visit_id: Some(v.id),
        subject: v.subject,
        date: v.date,
        reason: v.remove_reason.unwrap_or(RemoveReason::WrongPhone),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testkit::{d, resident};

    fn removed(id: i64, subject: Subject, date: &str, why: RemoveReason) -> VisitRecord {
        VisitRecord {
            outcome: Outcome::Removed,
            remove_reason: Some(why),
            ..VisitRecord::completed(id, VisitKind::Followup, subject, d(date))
        }
    }

    /// (what, the resident, their visits, their household's, the removal to undo)
    type Case = (
        &'static str,
        Resident,
        Vec<VisitRecord>,
        Vec<VisitRecord>,
        Option<Removal>,
    );

    /// §6/§3: which removal an undo reverses, table-driven.
    #[test]
    fn which_removal_is_undone() {
        let me = Subject::Resident(1);
        let home = Subject::Household(1);
        let dead = |date: &str| {
            let mut r = resident(1, 1, "王大爷", "1948-03-15");
            r.status = ResidentStatus::Deceased;
            r.status_date = Some(d(date));
            r
        };
        let alive = resident(1, 1, "王大爷", "1948-03-15");
        let cases: Vec<Case> = vec![
            ("nothing removed", alive.clone(), vec![], vec![], None),
            (
                "refused on a follow-up",
                alive.clone(),
                vec![
                    removed(3, me, "2026-10-01", RemoveReason::WrongPhone),
                    removed(4, me, "2026-11-01", RemoveReason::Refused),
                ],
                vec![],
                Some(Removal {
                    visit_id: Some(4),
                    subject: me,
                    date: d("2026-11-01"),
                    reason: RemoveReason::Refused,
                }),
            ),
            (
                "died, recorded as the outcome of a household visit",
                dead("2026-11-05"),
                vec![removed(3, me, "2026-10-01", RemoveReason::WrongPhone)],
                vec![removed(7, home, "2026-11-05", RemoveReason::Died)],
                Some(Removal {
                    visit_id: Some(7),
                    subject: home,
                    date: d("2026-11-05"),
                    reason: RemoveReason::Died,
                }),
            ),
            (
                "died, ended directly (no visit)",
                dead("2026-11-05"),
                vec![removed(3, me, "2026-10-01", RemoveReason::WrongPhone)],
                vec![],
                Some(Removal {
                    visit_id: None,
                    subject: me,
                    date: d("2026-11-05"),
                    reason: RemoveReason::Died,
                }),
            ),
        ];
        for (what, r, own, household, want) in cases {
            assert_eq!(latest_for_resident(&r, &own, &household), want, "{what}");
        }
    }
}
