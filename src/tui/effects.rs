//! Where the app carries out what a screen asks of the database (issue 26
//! item 3): screens return an [`Effect`](super::screens::Effect) and never
//! hold a `Db`; each write here is the one `Db` method the command line
//! calls too.

use super::app::*;
use super::screens::Effect;
use super::screens::groups::{GroupsCmd, GroupsDone};
use super::screens::{Ctx, Load};
use crate::db::{Db, Result};
use crate::words as strings;

/// The shared state a screen's keys read (the app's fields, borrowed apart
/// from the screens' own).
fn ctx<'a>(
    db: &'a Db,
    snap: &'a crate::snapshot::Snapshot,
    opts: &Options,
    page: usize,
    worker: bool,
) -> Ctx<'a> {
    Ctx {
        db,
        snap,
        worker,
        lang: opts.lang,
        page,
        today: opts.today,
    }
}

impl App {
    /// A key-in's next row, or its counts when no row is left (issue 29).
    pub(super) fn key_in_next(&mut self, walk: crate::print::keyin_walk::Walk, db: &mut Db) {
        let cx = ctx(db, &self.snap, &self.opts, self.page, self.worker_session());
        let effect = super::forms::key_in_walk(&cx, walk);
        if let Effect::Say(m) = &effect {
            self.message = format!("{} · {m}", self.message);
        } else if let Err(e) = self.carry(effect, db) {
            self.message = strings::db_error(self.opts.lang, &e);
        }
    }

    /// What the screen shown makes of `a` before the app's keys, if it takes it.
    pub(super) fn claimed(&mut self, a: Action, db: &Db) -> Option<Effect> {
        let cx = ctx(db, &self.snap, &self.opts, self.page, self.worker_session());
        self.views.get_mut(self.screen).claim(a, &cx)
    }

    /// The screen shown reads what it shows (on opening it, after a change).
    pub(super) fn enter(&mut self, db: &Db) -> Result<()> {
        let cx = Load {
            db,
            snap: &self.snap,
            today: self.opts.today,
        };
        self.views.get_mut(self.screen).enter(&cx)
    }

    /// A key no global action took: the screen's own, and the effect it
    /// returns carried out.
    pub(super) fn screen_key(&mut self, a: Action, db: &mut Db) -> Result<()> {
        let cx = ctx(db, &self.snap, &self.opts, self.page, self.worker_session());
        let effect = self.views.get_mut(self.screen).keys(a, &cx);
        self.carry(effect, db)
    }

    /// Carries out what a screen's key asked for.
    pub(super) fn carry(&mut self, effect: Effect, db: &mut Db) -> Result<()> {
        match effect {
            Effect::None => {}
            Effect::Quit => self.quit = true,
            Effect::Say(text) => self.message = text,
            Effect::Popup(p) => self.popup = Some(*p),
            Effect::SpotCheck(scope) => self.spot_check(db, scope)?,
            Effect::PrintRecord(id) => self.print_record(db, id)?,
            Effect::Groups(cmd) => self.carry_groups(cmd, db)?,
            Effect::WeekPlans => self.load_plans(db)?,
            Effect::Print(who) => self.print_form(db, who, Default::default())?,
            Effect::CarePlan(id) => self.care_plan_form(db, id)?,
            Effect::Renew(c) => self.renew_form(&c),
            Effect::SignIn(event) => {
                self.message = crate::print::signin::write_for_event(db, event, self.opts.lang)
            }
            Effect::Open(subject) => self.open_subject(db, subject)?,
            Effect::Township(id) if self.snap.scope == crate::db::Scope::Township(id) => {
                self.enter(db)?
            }
            Effect::Township(id) => self.open_scope(db, Ok(crate::db::Scope::Township(id)))?,
            Effect::ShowVisit(v) => self.show_visit(&v),
            Effect::ShowReferral(n) => self.show_referral(n),
            Effect::Queue { tab, filter } => {
                self.views.queue.tab = tab;
                self.views.queue.filter = filter;
                // Today counts open tasks: the queue shows those
                self.views.queue.status = StatusFilter::Open;
                self.views.queue.selected = 0;
                self.refilter();
                self.go(Screen::Queues);
            }
        }
        Ok(())
    }

    /// A visit of the screen's history, whole.
    fn show_visit(&mut self, v: &crate::db::VisitDetail) {
        let lang = self.opts.lang;
        let notes = v.notes.as_deref().unwrap_or("");
        self.popup = Some(Popup::Text(TextView::new(
            format!("{} {}", v.date, strings::kind(lang, v.kind)),
            format!(
                "{}\n\n{}",
                super::visit_text::visit_line(lang, &{
                    let mut short = v.clone();
                    short.notes = None;
                    short
                }),
                notes
            ),
        )));
    }

    /// The resident screen's referral `n`, whole.
    fn show_referral(&mut self, n: usize) {
        let lang = self.opts.lang;
        if let Some(r) = self
            .views
            .resident
            .as_ref()
            .and_then(|v| v.referrals.get(n))
        {
            self.popup = Some(Popup::Text(TextView::new(
                format!(
                    "{} {} · {}",
                    strings::strings(lang).referrals,
                    r.sent_on,
                    r.name
                ),
                super::screens::resident::referral_text(lang, r),
            )));
        }
    }

    /// Screen 6's plan, apply, move or swap; then the village's groups (and
    /// after a write, the whole scope) are read again.
    pub(super) fn carry_groups(&mut self, cmd: GroupsCmd, db: &mut Db) -> Result<()> {
        let today = self.opts.today;
        let all = cmd.reloads_all();
        let done = match cmd {
            GroupsCmd::Reload { say, .. } => Ok(GroupsDone::Read { say }),
            // the reach `gridcare groups` asks too (issue 26 item 4)
            GroupsCmd::Plan { village } => db
                .groups_in_reach(village, false)
                .and_then(|_| db.plan_groups(village, today))
                .map(GroupsDone::Planned),
            GroupsCmd::Apply { village, plan } => db
                .groups_in_reach(village, false)
                .and_then(|_| db.apply_group_plan(village, &plan, today))
                .map(|_| GroupsDone::Applied),
            GroupsCmd::Move {
                resident,
                group,
                group_name,
            } => db
                .move_to_group(resident, group, today)
                .map(|n| GroupsDone::Moved {
                    resident,
                    group_name,
                    n,
                }),
            GroupsCmd::Swap { a, b } => db
                .swap_group_members(a, b, today)
                .map(|(na, nb)| GroupsDone::Swapped { a, b, na, nb }),
        };
        let said = done.and_then(|done| {
            let cx = ctx(db, &self.snap, &self.opts, self.page, self.worker_session());
            let said = self.views.groups.done(done, &cx);
            self.views.groups.reload(db, &self.snap)?;
            Ok(said)
        });
        match said {
            Ok(said) => {
                if all {
                    self.reload(db)?; // residents' volunteers changed
                }
                if let Some(m) = said {
                    self.message = m;
                }
            }
            Err(e) => self.message = strings::db_error(self.opts.lang, &e),
        }
        Ok(())
    }
}
