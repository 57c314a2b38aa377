//! The queue's weekly plan keys (issue 16, domain.md §6): loading the
//! 本周计划 tab, `m` (move the selected task into or out of this week, with a
//! reason) and `P` (re-plan, after showing what would move). The rule is
//! `domain::plan`; the writes are `db::plan`'s commands.

use super::app::{App, Confirm, Popup, TextView};
use super::forms::{Form, PlanMove};
use super::screens::week_plan::PlanTab;
use crate::db::{Db, Result};
use crate::domain::calendar::{Cadence, Period};
use crate::domain::plan::{self, Plan};
use crate::domain::queue::WorkerRole;
use crate::weekly;
use crate::words as strings;

impl App {
    /// (Re)loads the plan tab: the week's stored plans, made and stored
    /// when missing (as `gridcare plan` does).
    pub fn load_plans(&mut self, db: &mut Db) -> Result<()> {
        let (snap, today) = (&self.snap, self.opts.today);
        let tab = PlanTab::build(snap, &self.views.queue.filter, today, |all, who, week| {
            // the reach `gridcare plan` asks too (issue 26 item 4)
            db.plan_in_reach(&snap.town, who)?;
            weekly::ensure(db, all, &snap.rules, who, week, today)
        })?;
        self.views.queue.plan = Some(tab);
        let n = self.views.queue.plan.as_ref().map_or(0, |p| p.lines.len());
        self.views.queue.selected = self.views.queue.selected.min(n.saturating_sub(1));
        Ok(())
    }

    /// Reads the plan tab again without writing (after a save, a refresh).
    pub fn show_plans(&mut self, db: &Db) -> Result<()> {
        let tab = PlanTab::read(db, &self.snap, &self.views.queue.filter, self.opts.today)?;
        self.views.queue.plan = Some(tab);
        Ok(())
    }

    /// The week's tasks from the snapshot's own (not the rules run again).
    fn week_tasks(&self, week: Period) -> Vec<crate::domain::queue::Task> {
        weekly::week_tasks_with(
            &self.snap.town,
            &self.snap.rules,
            week,
            self.opts.today,
            Some(&self.snap.tasks),
        )
    }

    fn this_week(&self) -> Period {
        Period::containing(Cadence::Week, self.opts.today)
    }

    /// `m`: the selected task's move form: out of the week when it is in
    /// the worker's plan, into it otherwise.
    pub(super) fn plan_move_form(&mut self, db: &mut Db) -> Result<()> {
        let s = self.strings();
        let week = self.this_week();
        let target = if self.views.queue.on_plan() {
            let tab = self.views.queue.plan.as_ref();
            tab.and_then(|t| t.selected_item(self.views.queue.selected))
                .map(|(wp, it)| {
                    let name = self
                        .selected_task()
                        .map_or(it.key.clone(), |t| t.name.clone());
                    let refused = it
                        .counts()
                        .then(|| plan::check_move_out(it).err().map(|r| (r, it.why.clone())))
                        .flatten();
                    (
                        wp.who,
                        it.key.clone(),
                        it.household_id,
                        it.counts(),
                        name,
                        refused,
                    )
                })
        } else {
            match self.selected_task().cloned() {
                Some(t) => match (&t.worker, t.role) {
                    (Some(w), WorkerRole::GridWorker | WorkerRole::Team) => {
                        let who = (t.role, w.id);
                        let all = self.week_tasks(week);
                        let (p, _) =
                            weekly::ensure(db, &all, &self.snap.rules, who, week, self.opts.today)?;
                        let key = plan::task_key(&t);
                        let refused = p.find(&key).filter(|it| it.counts()).and_then(|it| {
                            plan::check_move_out(it).err().map(|r| (r, it.why.clone()))
                        });
                        Some((
                            who,
                            key.clone(),
                            t.household_id,
                            p.holds(&key),
                            t.name.clone(),
                            refused,
                        ))
                    }
                    _ => None,
                },
                None => None,
            }
        };
        let Some((who, key, household, is_in, name, refused)) = target else {
            self.message = s.plan_select_task.to_string();
            return Ok(());
        };
        // a task the rule keeps in the week is refused at once, before a
        // reason is asked for that could not be used
        if let Some((r, rule)) = refused {
            // which rule keeps it (逾期必做), then what to do; whole and
            // wrapped: the status line would cut it at 80 columns
            let why = format!(
                "{}\n\n{}",
                weekly::why_text(self.opts.lang, &rule, None),
                strings::db_error(self.opts.lang, &crate::db::DbError::Refused(r))
            );
            self.popup = Some(Popup::Text(TextView::new(
                format!("{} {} {name}", s.plan_move_out_q, week.label()),
                why,
            )));
            return Ok(());
        }
        let m = PlanMove {
            who,
            week,
            key,
            household,
            into: !is_in,
        };
        let form = Form::plan_move(m, &name, self.opts.lang, &self.snap.rules, self.opts.today);
        self.popup = Some(Popup::Form(Box::new(form)));
        Ok(())
    }

    /// `P`: what a re-plan of the chosen (or selected line's) worker would
    /// move, in a popup that stores it on Enter.
    pub(super) fn replan_preview(&mut self, db: &mut Db) -> Result<()> {
        let s = self.strings();
        let lang = self.opts.lang;
        let week = self.this_week();
        let who = self.views.queue.filter.worker.or_else(|| {
            self.views
                .queue
                .plan
                .as_ref()
                .filter(|_| self.views.queue.on_plan())
                .and_then(|t| t.selected_plan(self.views.queue.selected))
                .map(|wp| wp.who)
        });
        let Some(who) = who.filter(|w| w.0 != WorkerRole::Volunteer) else {
            self.message = s.plan_pick_worker.to_string();
            return Ok(());
        };
        let all = self.week_tasks(week);
        let (next, diff) = weekly::replan_preview(db, &all, &self.snap.rules, who, week)?;
        let name = crate::print::worker_name(&self.snap.town, who.0, who.1);
        let text = format!(
            "{}\n{}\n{}",
            weekly::load_line(lang, &next),
            crate::weekly::replan_text(&self.snap.town, &all, &diff, lang),
            s.plan_replan_confirm
        );
        let mut tv = TextView::new(
            format!("{} {name} {}", s.plan_replan_title, week.label()),
            text,
        );
        tv.confirm = Some(Confirm::Replan(Box::new(next)));
        self.popup = Some(Popup::Text(tv));
        Ok(())
    }

    /// Stores the re-plan the user confirmed, and shows it.
    pub(super) fn store_replan(&mut self, next: Box<Plan>, db: &mut Db) {
        let lang = self.opts.lang;
        let done = db
            .save_plan(&next, self.opts.today, true)
            .and_then(|_| self.load_plans(db));
        self.message = match done {
            Ok(()) => self.strings().plan_replanned.to_string(),
            Err(e) => crate::words::db_error(lang, &e),
        };
    }
}
