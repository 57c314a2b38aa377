//! The county table's figures below a township (issue 30 item 3, domain.md
//! §1 and §6): for each village, or each grid of a village, the residents
//! on the as-of date and the open, overdue and red tasks, counted from the
//! township the drill loaded (the townships' own line is
//! `snapshot::county_counts`).

use crate::domain::model::Township;
use crate::domain::queue::Task;
use chrono::NaiveDate;

/// One place's line: residents, open tasks, overdue ones, red ones.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub residents: usize,
    pub open: usize,
    pub overdue: usize,
    pub red: usize,
}

/// Which part of a township a line counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Village(i64),
    Grid(i64),
}

impl Part {
    fn holds(self, village: i64, grid: i64) -> bool {
        match self {
            Part::Village(v) => village == v,
            Part::Grid(g) => grid == g,
        }
    }
}

impl Counts {
    /// The figures of `part` of `town` on `day`, its tasks being `tasks`:
    /// open is due or overdue (§6), red an open task of a red person (§4).
    pub fn of(town: &Township, tasks: &[Task], day: NaiveDate, part: Part) -> Counts {
        // the county's own counting (domain::state), on this part's tasks
        let mut c = crate::domain::state::Counts::default();
        for t in tasks.iter().filter(|t| part.holds(t.village_id, t.grid_id)) {
            c.add(t.status, t.colour);
        }
        Counts {
            residents: crate::domain::state::residents_in(town, day, |h| {
                part.holds(h.village_id, h.grid_id)
            }),
            open: c.open,
            overdue: c.overdue,
            red: c.red,
        }
    }

    /// The figures of every village of `town`, in its order, with its name.
    pub fn villages(town: &Township, tasks: &[Task], day: NaiveDate) -> Vec<(i64, String, Counts)> {
        (town.villages.iter())
            .map(|v| {
                let c = Counts::of(town, tasks, day, Part::Village(v.id));
                (v.id, v.name.clone(), c)
            })
            .collect()
    }

    /// The figures of every grid of village `village` of `town`.
    pub fn grids(
        town: &Township,
        tasks: &[Task],
        day: NaiveDate,
        village: i64,
    ) -> Vec<(i64, String, Counts)> {
        (town.grids.iter().filter(|g| g.village_id == village))
            .map(|g| {
                let c = Counts::of(town, tasks, day, Part::Grid(g.id));
                (g.id, g.name.clone(), c)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::*;
    use crate::domain::queue::Status;
    use crate::domain::testkit::{d, household, hypertension, resident};

    /// Two villages: 富民村 (grids 1 and 2) and 新塘村 (grid 3).
    fn town() -> Township {
        let grid = |id, village_id| Grid {
            id,
            village_id,
            name: format!("第{id}网格"),
            worker: None,
        };
        let mut moved_before = resident(2, 1, "李秀英", "1950-01-01");
        moved_before.status = ResidentStatus::Moved;
        moved_before.status_date = Some(d("2026-10-01"));
        let mut moved_after = resident(3, 1, "王建国", "1960-01-01");
        moved_after.status = ResidentStatus::Moved;
        moved_after.status_date = Some(d("2026-12-01"));
        let mut patient = resident(4, 2, "单丽", "1955-01-01");
        patient.conditions = vec![hypertension("2020-01-01")];
        let mut h2 = household(2, vec![patient]);
        h2.grid_id = 2;
        let mut h3 = household(3, vec![resident(5, 3, "孙婆婆", "1940-01-01")]);
        (h3.village_id, h3.grid_id) = (2, 3);
        Township {
            villages: vec![
                Village {
                    id: 1,
                    name: "富民村".into(),
                    team: None,
                },
                Village {
                    id: 2,
                    name: "新塘村".into(),
                    team: None,
                },
            ],
            grids: vec![grid(1, 1), grid(2, 1), grid(3, 2)],
            households: vec![
                household(
                    1,
                    vec![
                        resident(1, 1, "王大爷", "1945-01-01"),
                        moved_before,
                        moved_after,
                    ],
                ),
                h2,
                h3,
            ],
            ..Township::default()
        }
    }

    /// Issue 30 item 3 (§6: open is due or overdue; §4: red; §1: village and
    /// grid): residents active on the day (one moved before it is not, one
    /// moved after it still is), each task counted in its own place, a
    /// village's grids adding up to the village.
    #[test]
    fn each_place_counts_its_own() {
        let day = d("2026-11-20");
        let t = town();
        let tasks = crate::domain::queue::tasks(&t, day, &crate::domain::rules::Rules::default());
        let open = |part: Part| {
            (tasks.iter())
                .filter(|x| part.holds(x.village_id, x.grid_id))
                .filter(|x| matches!(x.status, Status::Due | Status::Overdue))
                .count()
        };
        let cases: &[(Part, usize)] = &[
            (Part::Village(1), 3),
            (Part::Village(2), 1),
            (Part::Grid(1), 2),
            (Part::Grid(2), 1),
            (Part::Grid(3), 1),
        ];
        for &(part, residents) in cases {
            let c = Counts::of(&t, &tasks, day, part);
            assert_eq!(c.residents, residents, "{part:?}");
            assert_eq!(c.open, open(part), "{part:?}");
            assert!(c.overdue <= c.open && c.red <= c.open, "{part:?} {c:?}");
        }
        assert!(open(Part::Grid(2)) > 0, "the patient has an open follow-up");
        let grids = Counts::grids(&t, &tasks, day, 1);
        let village = Counts::of(&t, &tasks, day, Part::Village(1));
        let sum = |f: fn(&Counts) -> usize| grids.iter().map(|g| f(&g.2)).sum::<usize>();
        assert_eq!(
            (
                sum(|c| c.residents),
                sum(|c| c.open),
                sum(|c| c.overdue),
                sum(|c| c.red)
            ),
            (
                village.residents,
                village.open,
                village.overdue,
                village.red
            )
        );
        let names: Vec<String> = Counts::villages(&t, &tasks, day)
            .into_iter()
            .map(|v| v.1)
            .collect();
        assert_eq!(names, ["富民村", "新塘村"]);
    }
}
