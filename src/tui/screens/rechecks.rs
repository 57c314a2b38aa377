//! Re-checks volunteers suggest (issue 29 item 5, domain.md §1): a
//! volunteer's high blood pressure, keyed in from their sheet, is shown to
//! the doctor team on the queue — the patient, the reading, who reported it
//! and when — until the team's follow-up of the patient is recorded.

use crate::db::Recheck;
use crate::domain::model::Subject;
use crate::domain::queue::{Filter, WorkerRole};
use crate::snapshot::Snapshot;
use crate::words::{self as strings, Lang};

/// A re-check with the patient's name, as the queue shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Shown {
    pub name: String,
    pub recheck: Recheck,
}

/// The open re-checks of the scope the queue shows: every one when no
/// worker is filtered, a doctor team's own patients when a team is, none
/// for a grid worker's or a volunteer's queue.
pub fn load(db: &crate::db::Db, snap: &Snapshot, filter: &Filter) -> crate::db::Result<Vec<Shown>> {
    let team = match filter.worker {
        None => None,
        Some((WorkerRole::Team, id)) => Some(id),
        Some(_) => return Ok(Vec::new()),
    };
    Ok(db
        .rechecks_open()?
        .into_iter()
        .filter_map(|r| {
            let (_, m) = snap.find_resident(r.resident_id)?;
            let theirs = team.is_none_or(|id| {
                snap.tasks_of(Subject::Resident(r.resident_id)).any(|t| {
                    t.role == WorkerRole::Team && t.worker.as_ref().is_some_and(|w| w.id == id)
                })
            });
            theirs.then(|| Shown {
                name: m.name.clone(),
                recheck: r,
            })
        })
        .collect())
}

/// The queue's line: the newest re-check whole, then how many more.
pub fn line(lang: Lang, shown: &[Shown]) -> Option<String> {
    let s = strings::strings(lang);
    let first = shown.first()?;
    let r = &first.recheck;
    let more = match shown.len() - 1 {
        0 => String::new(),
        n => strings::fill(s.recheck_more, &[&n]),
    };
    let (open, close) = match lang {
        Lang::Zh => ("（", "）"),
        _ => (" (", ")"),
    };
    Some(format!(
        "! {}{}{} {}/{}{open}{} {} {}{close}{more}",
        s.recheck_title,
        s.colon,
        first.name,
        r.sbp,
        r.dbp,
        crate::print::keyin_walk::role_word(lang, WorkerRole::Volunteer),
        r.by,
        r.on.format("%m-%d"),
    ))
}
