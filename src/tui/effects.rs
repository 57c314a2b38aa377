//! Where the app carries out what a screen asks of the database (issue 26
//! item 3): screens return an [`Effect`](super::screens::Effect) and never
//! hold a `Db`; each write here is the one `Db` method the command line
//! calls too.

use super::app::*;
use super::screens::Ctx;
use super::screens::Effect;
use super::screens::groups::{GroupsCmd, GroupsDone};
use crate::db::{Db, Result};
use crate::words as strings;

impl App {
    /// A key no global action took: the screen's own, and the effect it
    /// returns carried out.
    pub(super) fn screen_key(&mut self, a: Action, db: &mut Db) -> Result<()> {
        let ctx = Ctx {
            snap: &self.snap,
            lang: self.opts.lang,
            page: self.page,
        };
        let effect = match self.screen {
            Screen::Today => self.today.update(a, &ctx),
            Screen::Rosters => self.rosters.update(a, &ctx),
            Screen::Referrals => self.referrals.update(a, &ctx),
            Screen::Queues => {
                let e = self.queue.update(a, &ctx);
                if self.queue.on_plan()
                    && matches!(a, Action::PrevTab | Action::NextTab | Action::ClearFilters)
                {
                    self.load_plans(db)?;
                }
                e
            }
            Screen::Household => self
                .household
                .as_mut()
                .map_or(Effect::None, |v| v.update(a, &ctx)),
            Screen::Resident => self
                .resident
                .as_mut()
                .map_or(Effect::None, |v| v.update(a, &ctx)),
            Screen::Reports => self.reports.update(a, &ctx),
            Screen::Groups => self.groups.update(a, &ctx),
        };
        match effect {
            Effect::None => {}
            Effect::Say(text) => self.message = text,
            Effect::Groups(cmd) => self.carry_groups(cmd, db)?,
            Effect::Open(subject) => self.open_subject(db, subject)?,
            Effect::ShowVisit(n) => {
                let visit = match self.screen {
                    Screen::Household => self.household.as_ref().and_then(|v| v.visits.get(n)),
                    _ => self.resident.as_ref().and_then(|v| v.visits.get(n)),
                };
                if let Some(v) = visit {
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
            }
            Effect::ShowReferral(n) => {
                let lang = self.opts.lang;
                if let Some(r) = self.resident.as_ref().and_then(|v| v.referrals.get(n)) {
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
            Effect::Queue { tab, filter } => {
                self.queue.tab = tab;
                self.queue.filter = filter;
                // Today counts open tasks: the queue shows those
                self.queue.status = StatusFilter::Open;
                self.queue.selected = 0;
                self.refilter();
                self.go(Screen::Queues);
            }
        }
        Ok(())
    }

    /// Screen 6's plan, apply, move or swap; then the village's groups (and
    /// after a write, the whole scope) are read again.
    pub(super) fn carry_groups(&mut self, cmd: GroupsCmd, db: &mut Db) -> Result<()> {
        let today = self.opts.today;
        let all = cmd.reloads_all();
        let done = match cmd {
            GroupsCmd::Reload { say, .. } => Ok(GroupsDone::Read { say }),
            GroupsCmd::Plan { village } => db.plan_groups(village, today).map(GroupsDone::Planned),
            GroupsCmd::Apply { village, plan } => db
                .apply_group_plan(village, &plan, today)
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
            let ctx = Ctx {
                snap: &self.snap,
                lang: self.opts.lang,
                page: self.page,
            };
            let said = self.groups.done(done, &ctx);
            self.groups.reload(db, &self.snap)?;
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
