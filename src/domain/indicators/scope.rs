//! What a report covers (domain.md §8): the period typed, the township,
//! a village, grid, grid worker or team, their names and the rows of the
//! scope as screen 8 and `gridcare report` show them.

use super::{Indicators, compute_with};
use crate::domain::calendar::{Cadence, Period};
use crate::domain::model::*;
use crate::domain::queue;
use crate::domain::rules::Rules;
use chrono::NaiveDate;

/// Parses a report period: `2026` (a year), `2026Q3` or `2026-Q3` (a quarter),
/// `2026-11` (a month).
pub fn parse_period(s: &str) -> Result<Period, String> {
    let s = s.trim();
    let bad = || {
        format!(
            "{s:?} is not a period; give a year (2026), a quarter (2026Q3) or a month (2026-11)"
        )
    };
    let year = |y: &str| -> Result<i32, String> {
        (y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
            .then(|| y.parse().ok())
            .flatten()
            .ok_or_else(bad)
    };
    let day = |y: i32, m: u32| NaiveDate::from_ymd_opt(y, m, 1).ok_or_else(bad);
    if let Some((y, q)) = s.split_once(['Q', 'q']) {
        let y = year(y.trim_end_matches('-'))?;
        let q: u32 = q.parse().map_err(|_| bad())?;
        if !(1..=4).contains(&q) {
            return Err(bad());
        }
        return Ok(Period::containing(Cadence::Quarter, day(y, q * 3 - 2)?));
    }
    if let Some((y, m)) = s.split_once('-') {
        let m: u32 = (m.len() <= 2)
            .then(|| m.parse().ok())
            .flatten()
            .ok_or_else(bad)?;
        return Ok(Period::containing(Cadence::Month, day(year(y)?, m)?));
    }
    Ok(Period::containing(Cadence::Year, day(year(s)?, 1)?))
}

/// Whom an indicator counts (issue 14): the whole township, a village, a
/// grid, a grid worker's grids, or a family-doctor team's residents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportScope {
    Township,
    Village(i64),
    Grid(i64),
    GridWorker(i64),
    /// Residents with a contract with the team, else their village's team.
    Team(i64),
}

impl ReportScope {
    /// The kind of scope, as a report's second header names its rows
    /// (issue 14): a township's rows are villages, a village's are grids.
    pub fn rows_kind_zh(self) -> &'static str {
        match self {
            ReportScope::Township => "村",
            ReportScope::Village(_) | ReportScope::Grid(_) => "网格",
            ReportScope::GridWorker(_) => "网格员",
            ReportScope::Team(_) => "家庭医生团队",
        }
    }
}

/// The name a scope is reported under (issue 14): 全乡合计, 富民村,
/// 富民村 第一网格, a grid worker's or a team's name; `#id` for one the
/// loaded township does not name.
pub fn scope_name(town: &Township, scope: ReportScope) -> String {
    let village = |v: i64| town.villages.iter().find(|x| x.id == v);
    let grid_name = |g: &Grid| {
        crate::domain::places::grid_label(
            village(g.village_id).map_or("", |v| v.name.as_str()),
            &g.name,
        )
    };
    let name = match scope {
        ReportScope::Township => Some("全乡合计".to_string()),
        ReportScope::Village(v) => village(v).map(|v| v.name.clone()),
        ReportScope::Grid(g) => town.grids.iter().find(|x| x.id == g).map(grid_name),
        ReportScope::GridWorker(w) => town
            .grids
            .iter()
            .filter_map(|g| g.worker.as_ref())
            .find(|x| x.id == w)
            .map(|x| x.name.clone()),
        ReportScope::Team(t) => teams(town)
            .into_iter()
            .find(|x| x.id == t)
            .map(|x| x.name.clone()),
    };
    name.unwrap_or_else(|| {
        let id = match scope {
            ReportScope::Township => 0,
            ReportScope::Village(i)
            | ReportScope::Grid(i)
            | ReportScope::GridWorker(i)
            | ReportScope::Team(i) => i,
        };
        format!("#{id}")
    })
}

/// The family-doctor teams the township names: its villages' teams, then
/// the teams of its residents' contracts, each once.
fn teams(town: &Township) -> Vec<&WorkerRef> {
    let mut out: Vec<&WorkerRef> = Vec::new();
    let all = town.villages.iter().filter_map(|v| v.team.as_ref()).chain(
        town.households
            .iter()
            .flat_map(|h| &h.members)
            .filter_map(|m| m.team.as_ref()),
    );
    for t in all {
        if !out.iter().any(|x| x.id == t.id) {
            out.push(t);
        }
    }
    out
}

/// The scopes a report can be narrowed to within what `town` holds, the
/// widest first (issue 14, the picker of screen 8). `widest` is the loaded
/// scope: a coordinator's township offers the township, every village,
/// grid, grid worker and team; a village doctor's village that village and
/// what is in it; a grid worker's grids those grids and the worker.
pub fn scope_choices(town: &Township, widest: ReportScope) -> Vec<ReportScope> {
    let whole = widest == ReportScope::Township;
    let villages = whole || matches!(widest, ReportScope::Village(_));
    let mut out = Vec::new();
    if whole {
        out.push(ReportScope::Township);
    }
    if villages {
        out.extend(town.villages.iter().map(|v| ReportScope::Village(v.id)));
    }
    out.extend(town.grids.iter().map(|g| ReportScope::Grid(g.id)));
    for g in &town.grids {
        if let Some(w) = &g.worker
            && !out.contains(&ReportScope::GridWorker(w.id))
        {
            out.push(ReportScope::GridWorker(w.id));
        }
    }
    if villages {
        out.extend(teams(town).iter().map(|t| ReportScope::Team(t.id)));
    }
    out
}

/// The rows of a scope's report, each with the scope it counts (issue 14):
/// the township's villages then the township; a village's grids then the
/// village; a grid, a grid worker or a team alone. The queue is computed once.
pub fn scope_rows(
    town: &Township,
    rules: &Rules,
    period: Period,
    scope: ReportScope,
    as_of: NaiveDate,
) -> Vec<(ReportScope, Indicators)> {
    let day = period.end().min(as_of);
    let tasks = queue::tasks(town, day, rules);
    let parts: Vec<ReportScope> = match scope {
        ReportScope::Township => town
            .villages
            .iter()
            .map(|v| ReportScope::Village(v.id))
            .collect(),
        ReportScope::Village(v) => town
            .grids
            .iter()
            .filter(|g| g.village_id == v)
            .map(|g| ReportScope::Grid(g.id))
            .collect(),
        _ => Vec::new(),
    };
    parts
        .into_iter()
        .chain([scope])
        .map(|s| (s, compute_with(town, rules, &tasks, period, s, as_of)))
        .collect()
}
