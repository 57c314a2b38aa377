//! Where the app carries out what a screen asks of the database (issue 26
//! item 3): screens return an [`Effect`](super::screens::Effect) and never
//! hold a `Db`; each write here is the one `Db` method the command line
//! calls too.

use super::app::App;
use super::screens::Ctx;
use super::screens::groups::{GroupsCmd, GroupsDone};
use super::strings;
use crate::db::{Db, Result};

impl App {
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
