//! The county table's figures below a township (issue 30 item 3, domain.md
//! §1 and §6): for each village, or each grid of a village, the residents
//! on the as-of date and the open, overdue and red tasks, counted from the
//! township the drill loaded (the townships' own line is
//! `snapshot::county_counts`).

use crate::domain::model::{Colour, Township};
use crate::domain::queue::{Status, Task};
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
        let residents = (town.households.iter())
            .filter(|h| part.holds(h.village_id, h.grid_id))
            .map(|h| h.members.iter().filter(|m| m.active_on(day)).count())
            .sum();
        let open: Vec<&Task> = (tasks.iter())
            .filter(|t| part.holds(t.village_id, t.grid_id))
            .filter(|t| matches!(t.status, Status::Due | Status::Overdue))
            .collect();
        Counts {
            residents,
            open: open.len(),
            overdue: open.iter().filter(|t| t.status == Status::Overdue).count(),
            red: open
                .iter()
                .filter(|t| t.colour == Some(Colour::Red))
                .count(),
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
