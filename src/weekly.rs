//! The weekly plan as the CLI, the interface and the printed sheet use it
//! (issue 16): a worker's tasks as of the week's Thursday, the plan stored
//! for the week (with tasks that became required since), or a new one made
//! and stored; a re-plan shown before it is stored. The rule itself is
//! `domain::plan`; the storage is `db::plan`.

use crate::db::{Db, Result};
use crate::domain::calendar::{Cadence, Period};
use crate::domain::model::{Subject, Township};
use crate::domain::plan::{self, Moved, Plan, Replan, Why};
use crate::domain::queue::{self, Filter, Task, When, WorkerRole};
use crate::domain::rules::Rules;
use crate::text::pad;
use crate::words::{self as strings, Lang};
use chrono::NaiveDate;

/// Whose plan: a grid worker or a family-doctor team.
pub type Worker = (WorkerRole, i64);

/// Visits a week a worker can make: the `roster.load_limit_per_week` setting.
pub fn capacity(rules: &Rules) -> usize {
    rules.load_limit_per_week.max(0.0).floor() as usize
}

/// Every task of the township as of the week's Thursday (the day that says
/// which period the week belongs to, §6), in triage order; after Thursday, a
/// task that is the same task on `today` (same kind, subject and period or
/// date) is taken as it stands today, so a visit made on Friday shows the
/// task done, as the queue does.
pub fn week_tasks(t: &Township, rules: &Rules, week: Period, today: NaiveDate) -> Vec<Task> {
    week_tasks_with(t, rules, week, today, None)
}

/// [`week_tasks`] given the tasks of `today` when they are at hand (the
/// interface's snapshot holds them), so they are not computed again.
pub fn week_tasks_with(
    t: &Township,
    rules: &Rules,
    week: Period,
    today: NaiveDate,
    now: Option<&[Task]>,
) -> Vec<Task> {
    let thursday = plan::thursday(week);
    if today == thursday
        && let Some(now) = now
    {
        return now.to_vec();
    }
    let mut all = queue::tasks(t, thursday, rules);
    if today > thursday {
        let computed;
        let now = match now {
            Some(n) => n,
            None => {
                computed = queue::tasks(t, today, rules);
                &computed
            }
        };
        let now: std::collections::HashMap<(String, When), &Task> = now
            .iter()
            .map(|k| ((plan::task_key(k), k.when), k))
            .collect();
        for k in &mut all {
            if let Some(n) = now.get(&(plan::task_key(k), k.when)) {
                *k = (*n).clone();
            }
        }
        all.sort_by_cached_key(queue::triage_key);
    }
    all
}

/// The worker's tasks among `all`.
pub fn tasks_of(all: &[Task], who: Worker) -> Vec<Task> {
    let f = Filter {
        worker: Some(who),
        ..Filter::default()
    };
    all.iter().filter(|t| f.matches(t)).cloned().collect()
}

/// A new plan for the week (not stored), carrying over what earlier stored
/// weeks of each period planned and is still open.
pub fn fresh(db: &Db, all: &[Task], rules: &Rules, who: Worker, week: Period) -> Result<Plan> {
    if who.0 == WorkerRole::Volunteer {
        return Err(crate::db::DbError::Refused(
            crate::domain::refusal::Refusal::PlanNotForVolunteers,
        ));
    }
    let mine = tasks_of(all, who);
    let mut earlier = std::collections::HashSet::new();
    for c in [Cadence::Month, Cadence::Quarter, Cadence::Year] {
        let period = Period::containing(c, plan::thursday(week));
        earlier.extend(db.planned_before(who, week, period)?);
    }
    Ok(plan::make(who, &mine, week, capacity(rules), &earlier))
}

/// The stored plan as it stands, if one is stored: without tasks that are
/// no longer the worker's (a household moved to another grid, a resident
/// who left; a grid handed over moves its planned tasks in the handover
/// itself) and with tasks required since.
pub fn stored(db: &Db, all: &[Task], who: Worker, week: Period) -> Result<Option<Plan>> {
    let mine = tasks_of(all, who);
    Ok(db.stored_plan(who, week)?.map(|mut p| {
        let keys: std::collections::HashSet<String> = mine.iter().map(plan::task_key).collect();
        p.items.retain(|i| keys.contains(&i.key));
        plan::with_new_required(p, &mine)
    }))
}

/// The week's plan: the stored one, else a new one, stored when the
/// database can be written and the operator may store it — a grid worker
/// only records visits (issue 15), so their session shows a new plan
/// unstored (`stored` in the answer says which).
pub fn ensure(
    db: &mut Db,
    all: &[Task],
    rules: &Rules,
    who: Worker,
    week: Period,
    today: NaiveDate,
) -> Result<(Plan, bool)> {
    if let Some(p) = stored(db, all, who, week)? {
        return Ok((p, true));
    }
    let p = fresh(db, all, rules, who, week)?;
    // shown but not stored for a session that may not store plans (a grid
    // worker, a village doctor: §10, issue 15)
    let may_not_store = db.session().is_some_and(|s| {
        crate::domain::access::may_write(s.role, "save_plan", "plan_week", false)
            != crate::domain::access::Verdict::Allowed
    });
    if db.read_only().is_some() || may_not_store {
        return Ok((p, false));
    }
    db.save_plan(&p, today, false)?;
    Ok((plan::with_new_required(p, &tasks_of(all, who)), true))
}

/// What a re-plan would make and move, from the stored plan (or nothing stored).
pub fn replan_preview(
    db: &Db,
    all: &[Task],
    rules: &Rules,
    who: Worker,
    week: Period,
) -> Result<(Plan, Replan)> {
    let new = fresh(db, all, rules, who, week)?;
    Ok(match db.stored_plan(who, week)? {
        Some(old) => plan::replan(&old, new),
        None => {
            let join = new.items.iter().map(|p| p.key.clone()).collect();
            (
                new,
                Replan {
                    leave: vec![],
                    join,
                },
            )
        }
    })
}

/// The grid workers and teams of the township that have tasks, in name order.
pub fn workers(t: &Township, all: &[Task]) -> Vec<(Worker, String)> {
    let mut out: Vec<(Worker, String)> = Vec::new();
    for k in all {
        if k.role == WorkerRole::Volunteer {
            continue;
        }
        if let Some(w) = &k.worker
            && !out.iter().any(|(x, _)| *x == (k.role, w.id))
        {
            out.push(((k.role, w.id), w.name.clone()));
        }
    }
    let _ = t;
    out.sort_by_cached_key(|((role, id), name)| {
        (
            *role != WorkerRole::GridWorker,
            crate::search::name_key(name),
            *id,
        )
    });
    out
}

/// The reason of a planned task, as the sheet, the CLI and the interface
/// show it: "本季剩余 9 周, 本周安排 82 户中的 10 户".
pub fn why_text(lang: Lang, why: &Why, moved: Option<&Moved>) -> String {
    let s = strings::strings(lang);
    let base = match why {
        Why::Overdue => s.plan_overdue.to_string(),
        Why::Red => s.plan_red.to_string(),
        Why::Weekly => s.plan_weekly.to_string(),
        Why::Dated { by } => strings::fill(s.plan_dated, &[by]),
        Why::Share {
            cadence,
            weeks_left,
            share,
            of,
        } => strings::fill(
            s.plan_share,
            &[&strings::period_word(lang, *cadence), weeks_left, of, share],
        ),
        Why::Carried {
            cadence,
            weeks_left,
            share,
            of,
        } => format!(
            "{}{}{}",
            s.plan_carried,
            s.colon,
            strings::fill(
                s.plan_share,
                &[&strings::period_word(lang, *cadence), weeks_left, of, share],
            )
        ),
        Why::Household => s.plan_household.to_string(),
        Why::ByHand => s.plan_by_hand.to_string(),
        Why::Added => s.plan_added.to_string(),
    };
    // a hand move first: it is what the coordinator decided, and a narrow list keeps it
    match moved {
        Some(Moved::In(r)) => format!("{}{}{r} · {base}", s.plan_moved_in, s.colon),
        Some(Moved::Out(r)) => format!("{}{}{r} · {base}", s.plan_moved_out, s.colon),
        None => base,
    }
}

/// "计划 38 次 / 能力 40 次" and, over capacity, by how much.
pub fn load_line(lang: Lang, p: &Plan) -> String {
    let s = strings::strings(lang);
    let mut line = strings::fill(s.plan_load, &[&p.load(), &p.capacity]);
    if p.over_by() > 0 {
        line.push_str(&strings::fill(s.plan_over, &[&p.over_by()]));
    } else {
        line.push_str(s.plan_within);
    }
    if p.deferred > 0 {
        line.push_str(&strings::fill(s.plan_deferred, &[&p.deferred]));
    }
    line
}

/// The task of a planned key among `tasks`, if it is there.
pub fn task_for<'a>(tasks: &'a [Task], key: &str) -> Option<&'a Task> {
    let (kind, subject): (_, Subject) = plan::parse_key(key)?;
    tasks
        .iter()
        .find(|t| t.kind == kind && t.subject == subject && plan::task_key(t) == key)
}

/// A task's place as lists show it: village and grid.
pub fn place(t: &Township, village: i64, grid: i64) -> String {
    let v = t.villages.iter().find(|v| v.id == village);
    let g = t.grids.iter().find(|g| g.id == grid);
    crate::domain::places::grid_label(
        v.map_or("", |v| v.name.as_str()),
        g.map_or("", |g| g.name.as_str()),
    )
}

/// What a re-plan would move: the tasks leaving and joining the week.
pub fn replan_text(t: &Township, tasks: &[Task], r: &Replan, lang: Lang) -> String {
    let s = strings::strings(lang);
    let line = |key: &String| {
        let task = task_for(tasks, key);
        format!(
            "  {}{}{}\n",
            pad(&task.map_or(key.clone(), |k| k.name.clone()), 10),
            pad(
                &task.map_or(String::new(), |k| place(t, k.village_id, k.grid_id)),
                16
            ),
            task.map_or("", |k| strings::kind(lang, k.kind))
        )
    };
    if r.leave.is_empty() && r.join.is_empty() {
        return format!("{}\n", s.plan_replan_none);
    }
    let mut out = format!("{} ({}):\n", s.plan_replan_leave, r.leave.len());
    out.extend(r.leave.iter().map(line));
    out.push_str(&format!("{} ({}):\n", s.plan_replan_join, r.join.len()));
    out.extend(r.join.iter().map(line));
    out
}
