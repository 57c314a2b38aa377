//! The rosters as a coordinator reads them (issue 12, domain.md §1, §2):
//! everyone of the township with the grids they cover today and their load
//! (visits a week from their tasks' cadences, and the backlog) against the
//! limit, the family-doctor teams with theirs, the volunteers, the grids
//! without a worker, and one handover that would even the load. Screen 5 and
//! `gridcare roster list` both show this one reading.

use crate::db::{Db, Result, StaffRow, TeamRow, VolunteerRow};
use crate::domain::load::{self, Handover, WorkerLoad};
use crate::domain::model::StaffRole;
use crate::domain::queue::WorkerRole;
use crate::snapshot::Snapshot;
use chrono::NaiveDate;

/// A person of the rosters with what they carry today.
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    pub staff: StaffRow,
    pub role: Option<StaffRole>,
    /// The grids they cover today: (id, village and grid name).
    pub grids: Vec<(i64, String)>,
    pub load: Load,
    /// The villages they serve: their own and those of their grids.
    pub villages: Vec<i64>,
}

impl Person {
    /// Serves village `v`, or the whole township (no village, no grid).
    pub fn serves(&self, v: i64) -> bool {
        self.villages.is_empty() || self.villages.contains(&v)
    }
}

/// Visits a week from the cadences, and visits owed now (overdue or dated).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Load {
    pub per_week: f64,
    pub backlog: usize,
}

impl Load {
    fn of(loads: &[WorkerLoad], role: WorkerRole, id: i64) -> Load {
        loads
            .iter()
            .find(|l| l.role == role && l.id == id)
            .map_or(Load::default(), |l| Load {
                per_week: l.per_week,
                backlog: l.backlog,
            })
    }
    /// This week's work: the regular visits and the backlog.
    pub fn week(self) -> f64 {
        self.per_week + self.backlog as f64
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Team {
    pub team: TeamRow,
    pub load: Load,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Roster {
    pub day: NaiveDate,
    /// Active people first, then by name in pinyin order.
    pub people: Vec<Person>,
    pub teams: Vec<Team>,
    pub volunteers: Vec<VolunteerRow>,
    /// Grids with no current grid worker (§1): (id, village and grid name).
    pub uncovered: Vec<(i64, String)>,
    pub proposal: Option<Handover>,
    /// `roster.load_limit_per_week`.
    pub limit: f64,
}

impl Roster {
    /// The rosters of the snapshot's township, with loads from its tasks.
    pub fn load(db: &Db, snap: &Snapshot) -> Result<Roster> {
        let day = snap.day;
        let town = &snap.town;
        let in_scope_village =
            |v: Option<i64>| v.is_some_and(|v| town.villages.iter().any(|x| x.id == v));
        let in_scope_grid = |g: i64| town.grids.iter().any(|x| x.id == g);
        let loads = load::loads(&snap.tasks);
        let limit = snap.rules.load_limit_per_week;
        let mut people: Vec<Person> = db
            .staff()?
            .into_iter()
            .filter(|s| {
                s.village_id.is_none()
                    || in_scope_village(s.village_id)
                    || s.grids.iter().any(|g| in_scope_grid(g.0))
            })
            .map(|s| {
                let grids: Vec<(i64, String)> = s
                    .grids
                    .iter()
                    .filter(|(_, from, to)| *from <= day && to.is_none_or(|t| t >= day))
                    .map(|(g, _, _)| (*g, grid_name(snap, *g)))
                    .collect();
                let mut villages: Vec<i64> = s.village_id.into_iter().collect();
                for (g, _) in &grids {
                    if let Some(x) = town.grids.iter().find(|x| x.id == *g)
                        && !villages.contains(&x.village_id)
                    {
                        villages.push(x.village_id);
                    }
                }
                let role = StaffRole::from_code(&s.role);
                let load = if role == Some(StaffRole::GridWorker) {
                    Load::of(&loads, WorkerRole::GridWorker, s.id)
                } else {
                    Load::default()
                };
                Person {
                    staff: s,
                    role,
                    grids,
                    load,
                    villages,
                }
            })
            .collect();
        people.sort_by_cached_key(|p| {
            (
                !p.staff.active,
                p.role.map_or(9, |r| r as u8),
                crate::search::name_key(&p.staff.name),
                p.staff.id,
            )
        });
        let teams: Vec<Team> = db
            .teams()?
            .into_iter()
            .filter(|t| in_scope_village(Some(t.village_id)))
            .map(|t| Team {
                load: Load::of(&loads, WorkerRole::Team, t.id),
                team: t,
            })
            .collect();
        let volunteers: Vec<VolunteerRow> = db
            .volunteers()?
            .into_iter()
            .filter(|v| in_scope_village(Some(v.village_id)))
            .collect();
        let (people, volunteers) = match snap.scope {
            crate::db::Scope::Grids(me) => worker_view(db, snap, me, people, &teams, volunteers)?,
            _ => (people, volunteers),
        };
        let uncovered = db
            .uncovered_grids(day)?
            .into_iter()
            .filter(|g| in_scope_grid(g.0))
            .collect();
        // an active grid worker without tasks (their grids handed away) is the
        // idlest of all: they count, at nothing a week (the proposal once
        // said the load was even while one carried two grids and one none)
        let mut all_loads = loads.clone();
        for p in &people {
            if p.staff.active
                && p.role == Some(StaffRole::GridWorker)
                && !all_loads
                    .iter()
                    .any(|l| l.role == WorkerRole::GridWorker && l.id == p.staff.id)
            {
                all_loads.push(load::WorkerLoad {
                    role: WorkerRole::GridWorker,
                    id: p.staff.id,
                    name: p.staff.name.clone(),
                    per_week: 0.0,
                    backlog: 0,
                });
            }
        }
        // a handover of the last weeks is left be (issue 25 item 16)
        let covers: Vec<load::Cover> = people
            .iter()
            .flat_map(|p| p.staff.grids.iter().map(|g| (g.0, p.staff.id, g.1, g.2)))
            .collect();
        let settled = load::Settled::of(&covers, day);
        let proposal = load::even_out(&all_loads, &load::grid_rates(&snap.tasks), limit, &settled);
        Ok(Roster {
            day,
            people,
            teams,
            volunteers,
            uncovered,
            proposal,
            limit,
        })
    }

    /// The proposed handover in words: `template`'s `{}` take the grid, from,
    /// to, from's and to's visits a week before → after, then the grid and
    /// to again (for a command line). Shared by screen 5 and `roster list`.
    pub fn proposal_text(
        &self,
        snap: &crate::snapshot::Snapshot,
        template: &str,
    ) -> Option<String> {
        let h = self.proposal.as_ref()?;
        let grid = grid_name(snap, h.grid);
        let f1 = |x: f64| format!("{x:.1}");
        Some(crate::words::fill(
            template,
            &[
                &grid,
                &self.name_of(h.from),
                &self.name_of(h.to),
                &f1(h.before.0),
                &f1(h.after.0),
                &f1(h.before.1),
                &f1(h.after.1),
                &grid,
                &self.name_of(h.to),
            ],
        ))
    }

    pub fn name_of(&self, staff: i64) -> String {
        self.people
            .iter()
            .find(|p| p.staff.id == staff)
            .map_or(staff.to_string(), |p| p.staff.name.clone())
    }

    /// The heaviest week of a grid worker, for scaling their load bars: the
    /// busiest fills the bar, so differences show (the limit is flagged in
    /// words). Teams carry other work and have their own scale.
    pub fn worker_scale(&self) -> f64 {
        self.people
            .iter()
            .map(|p| p.load.week())
            .fold(1.0, f64::max)
    }

    pub fn team_scale(&self) -> f64 {
        self.teams.iter().map(|t| t.load.week()).fold(1.0, f64::max)
    }

    /// Active grid workers other than `except`, for handing grids to.
    pub fn grid_workers(&self, except: Option<i64>) -> Vec<&Person> {
        self.people
            .iter()
            .filter(|p| {
                p.staff.active
                    && p.role == Some(StaffRole::GridWorker)
                    && Some(p.staff.id) != except
            })
            .collect()
    }
}

/// A grid worker's rosters (issue 15: the operator's scope filters every
/// screen; domain.md §1 who works with them, §10 what they need to see): themselves, the people of the family-doctor teams of their
/// villages and those villages' doctors, and the volunteers leading a group
/// with a resident of their grids; not the other grid workers.
fn worker_view(
    db: &Db,
    snap: &Snapshot,
    me: i64,
    people: Vec<Person>,
    teams: &[Team],
    volunteers: Vec<VolunteerRow>,
) -> Result<(Vec<Person>, Vec<VolunteerRow>)> {
    let in_team = |id: i64| {
        teams
            .iter()
            .any(|t| t.team.members.iter().any(|m| m.0 == id))
    };
    let people = people
        .into_iter()
        .filter(|p| {
            p.staff.id == me
                || in_team(p.staff.id)
                || (p.role == Some(StaffRole::VillageDoctor) && !p.villages.is_empty())
        })
        .collect();
    let mut serving = Vec::new();
    for v in &snap.town.villages {
        for g in db.village_groups(v.id)? {
            if g.members.iter().any(|&r| snap.find_resident(r).is_some())
                && let Some((vol, _, _)) = g.volunteer
            {
                serving.push(vol);
            }
        }
    }
    let volunteers = volunteers
        .into_iter()
        .filter(|v| serving.contains(&v.id))
        .collect();
    Ok((people, volunteers))
}

/// "富民村 第一网格": a grid with its village (`domain::places::grid_label`).
pub fn grid_name(snap: &Snapshot, grid: i64) -> String {
    snap.town
        .grids
        .iter()
        .find(|x| x.id == grid)
        .map(|x| {
            let v = snap
                .town
                .villages
                .iter()
                .find(|v| v.id == x.village_id)
                .map_or("", |v| v.name.as_str());
            crate::domain::places::grid_label(v, &x.name)
        })
        .unwrap_or_else(|| grid.to_string())
}

/// A load bar of `width` cells for `value` of `scale`, in characters that
/// print on any terminal and survive monochrome: `#` filled, `.` empty.
pub fn bar(value: f64, scale: f64, width: usize) -> String {
    let filled = if scale > 0.0 {
        ((value / scale) * width as f64)
            .round()
            .clamp(0.0, width as f64) as usize
    } else {
        0
    };
    format!("{}{}", "#".repeat(filled), ".".repeat(width - filled))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_and_clamp() {
        let cases = [
            (0.0, 40.0, 10, ".........."),
            (20.0, 40.0, 10, "#####....."),
            (40.0, 40.0, 10, "##########"),
            (80.0, 40.0, 4, "####"),
            (3.0, 0.0, 3, "..."),
        ];
        for (v, s, w, want) in cases {
            assert_eq!(bar(v, s, w), want, "{v}/{s}");
        }
    }
}
