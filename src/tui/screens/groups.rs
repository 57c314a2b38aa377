//! Volunteer groups (screen 6, domain.md §5): a village's groups with their
//! volunteer, size against target and overdue count (the village doctor's
//! view), and a group's patients with colour and next due date. `P` shows
//! the stable regrouping's moves before Enter / Ctrl-S applies them; `m`
//! moves a marked patient to the selected group, `s` swaps two; `p` prints
//! the volunteer's sheet; `V` gives a group whose volunteer stepped down
//! (marked `!` and named in a line of its own) a new one.

use super::{Ctx, Effect, colour_cell, fit, key_hints, moved, scroll_offset};
use crate::db::{Db, GroupRow, Result};
use crate::domain::groups::{GroupRef, Plan};
use crate::domain::model::Subject;
use crate::domain::queue::Status;
use crate::snapshot::Snapshot;
use crate::text::pad;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::words as strings;
use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

#[derive(Debug, Default)]
pub struct GroupsView {
    pub village: usize,
    /// 0 groups, 1 the selected group's patients.
    pub pane: usize,
    pub group: usize,
    pub member: usize,
    /// The village's groups as last read (screens do not read the database
    /// while drawing; `reload` does it after each change).
    pub rows: Vec<GroupRow>,
    /// The proposed regrouping, shown until applied or dropped.
    pub plan: Option<Plan>,
    /// A patient marked for `m` (move) or `s` (swap).
    pub marked: Option<i64>,
}

impl GroupsView {
    pub fn village_id(&self, snap: &Snapshot) -> Option<i64> {
        snap.town.villages.get(self.village).map(|v| v.id)
    }

    /// Reads the village's groups; a grid worker's session (issue 15: the
    /// operator's scope filters every screen; domain.md §5, §10) keeps the groups with a
    /// resident of their grids, and of each only those residents.
    pub fn reload(&mut self, db: &Db, snap: &Snapshot) -> Result<()> {
        self.rows = match self.village_id(snap) {
            Some(v) => db.village_groups(v)?,
            None => Vec::new(),
        };
        if matches!(snap.scope, crate::db::Scope::Grids(_)) {
            for g in &mut self.rows {
                g.members.retain(|&r| snap.find_resident(r).is_some());
            }
            self.rows.retain(|g| !g.members.is_empty());
        }
        self.group = self.group.min(self.rows.len().saturating_sub(1));
        self.member = 0;
        Ok(())
    }

    fn selected_patient(&self) -> Option<i64> {
        (self.pane == 1)
            .then(|| self.rows.get(self.group)?.members.get(self.member).copied())
            .flatten()
    }

    /// The selected group's volunteer, for `p`.
    pub fn volunteer(&self) -> Option<i64> {
        self.rows.get(self.group)?.volunteer.as_ref().map(|v| v.0)
    }

    /// The screen's keys: those that only change the view, and those
    /// that need the database (as an [`Effect::Groups`]).
    pub fn update(&mut self, a: Action, ctx: &Ctx) -> Effect {
        // Enter applies a proposed plan before it opens a patient
        if (a != Action::Open || self.plan.is_some())
            && let Some(cmd) = self.command(a, ctx)
        {
            return Effect::Groups(cmd);
        }
        match a {
            _ if a.is_move() => {
                if self.pane == 0 {
                    self.group = moved(self.group, self.rows.len(), a, ctx.page);
                    self.member = 0;
                } else {
                    let n = self.rows.get(self.group).map_or(0, |g| g.members.len());
                    self.member = moved(self.member, n, a, ctx.page);
                }
            }
            Action::NextPane => self.pane = (self.pane + 1) % 2,
            // dropping the plan: its line ("Enter applies, Esc drops it") goes too
            Action::Back if self.plan.is_some() => {
                self.plan = None;
                return Effect::Say(String::new());
            }
            Action::Open if self.pane == 1 => {
                if let Some(p) = self.selected_patient() {
                    return Effect::Open(Subject::Resident(p));
                }
            }
            Action::Open => self.pane = 1,
            _ => {}
        }
        Effect::None
    }

    /// Keys that need the database: village choice, the plan and its
    /// application, move and swap. The screen changes its own state and
    /// says what to read or write; the app carries it out (issue 26 item 3)
    /// and hands the outcome back to [`GroupsView::done`].
    fn command(&mut self, a: Action, ctx: &Ctx) -> Option<GroupsCmd> {
        let (snap, s) = (ctx.snap, strings::strings(ctx.lang));
        let n = snap.town.villages.len().max(1);
        let reload = |say: Option<String>, all: bool| Some(GroupsCmd::Reload { say, all });
        match a {
            Action::PrevTab | Action::NextTab => {
                self.village = if a == Action::NextTab {
                    (self.village + 1) % n
                } else {
                    (self.village + n - 1) % n
                };
                self.plan = None;
                self.group = 0;
                // a mark does not cross villages; nor does its message
                reload(self.marked.take().map(|_| String::new()), false)
            }
            Action::Regroup => match self.village_id(snap) {
                Some(village) => Some(GroupsCmd::Plan { village }),
                None => reload(None, false),
            },
            Action::ApplyGroups | Action::Open => match (self.plan.take(), self.village_id(snap)) {
                (Some(plan), Some(village)) => Some(GroupsCmd::Apply { village, plan }),
                _ => reload(None, true),
            },
            Action::MoveToGroup => match (self.marked, self.selected_patient()) {
                (Some(resident), None) if self.pane == 0 => match self.rows.get(self.group) {
                    Some(g) => Some(GroupsCmd::Move {
                        resident,
                        group: g.id,
                        group_name: g.name.clone(),
                    }),
                    None => reload(None, true),
                },
                (_, Some(p)) => {
                    self.marked = Some(p);
                    self.pane = 0;
                    reload(Some(strings::fill(s.g_marked, &[&name(snap, p)])), true)
                }
                _ => reload(None, true),
            },
            Action::SwapInGroup => match (self.marked, self.selected_patient()) {
                (Some(m), Some(p)) if m != p => Some(GroupsCmd::Swap { a: m, b: p }),
                (_, Some(p)) => {
                    self.marked = Some(p);
                    reload(
                        Some(strings::fill(s.g_marked_swap, &[&name(snap, p)])),
                        true,
                    )
                }
                _ => reload(None, true),
            },
            _ => None,
        }
    }

    /// What a carried-out command leaves on the screen, and the line the
    /// status bar shows (none: keep what it says).
    pub fn done(&mut self, done: GroupsDone, ctx: &Ctx) -> Option<String> {
        let (snap, s) = (ctx.snap, strings::strings(ctx.lang));
        match done {
            GroupsDone::Read { say } => say,
            GroupsDone::Planned(p) => {
                let said = if p.is_empty() {
                    s.g_plan_empty.to_string()
                } else {
                    strings::fill(s.g_plan, &[&p.moves.len()])
                };
                self.plan = (!p.is_empty()).then_some(p);
                Some(said)
            }
            GroupsDone::Applied => Some(s.g_applied.to_string()),
            GroupsDone::Moved {
                resident,
                group_name,
                n,
            } => {
                self.marked = None;
                Some(if n > 1 {
                    strings::fill(
                        s.g_moved_household,
                        &[&name(snap, resident), &group_name, &n],
                    )
                } else {
                    strings::fill(s.g_moved, &[&name(snap, resident), &group_name])
                })
            }
            GroupsDone::Swapped { a, b, na, nb } => {
                self.marked = None;
                Some(if na + nb > 2 {
                    strings::fill(
                        s.g_swapped_households,
                        &[&name(snap, a), &na, &name(snap, b), &nb],
                    )
                } else {
                    strings::fill(s.g_swapped, &[&name(snap, a), &name(snap, b)])
                })
            }
        }
    }
}

/// What screen 6 asks of the database; the app carries it out with the
/// `Db` methods the `gridcare groups` commands use, then reads the
/// village's groups again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GroupsCmd {
    /// Nothing to write: read the groups again (`all`: the whole scope too)
    /// and say `say` when there is something to say.
    Reload {
        say: Option<String>,
        all: bool,
    },
    /// Propose the stable regrouping of a village.
    Plan {
        village: i64,
    },
    Apply {
        village: i64,
        plan: Plan,
    },
    Move {
        resident: i64,
        group: i64,
        group_name: String,
    },
    Swap {
        a: i64,
        b: i64,
    },
}

impl GroupsCmd {
    /// Whether residents' volunteers may have changed, so the whole scope
    /// is read again.
    pub fn reloads_all(&self) -> bool {
        match self {
            GroupsCmd::Reload { all, .. } => *all,
            GroupsCmd::Plan { .. } => false,
            _ => true,
        }
    }
}

/// The outcome of a [`GroupsCmd`], handed back to the screen.
pub enum GroupsDone {
    Read {
        say: Option<String>,
    },
    Planned(Plan),
    Applied,
    Moved {
        resident: i64,
        group_name: String,
        n: usize,
    },
    Swapped {
        a: i64,
        b: i64,
        na: usize,
        nb: usize,
    },
}

fn name(snap: &Snapshot, r: i64) -> String {
    snap.find_resident(r)
        .map_or(format!("#{r}"), |(_, m)| m.name.clone())
}

/// A patient's most urgent open task: its colour and deadline.
fn due(
    snap: &Snapshot,
    r: i64,
) -> (
    Option<crate::domain::model::Colour>,
    Option<NaiveDate>,
    bool,
) {
    let open: Vec<_> = snap
        .tasks_of(Subject::Resident(r))
        .filter(|t| !matches!(t.status, Status::Done | Status::Removed))
        .collect();
    // when it was due, for an overdue one (as the lists show it: the end
    // of the oldest missed period, not the current period's end)
    let next = open.iter().map(|t| t.due_on(snap.day)).min().or_else(|| {
        // all done for now: when the next period's visit is due (it showed -)
        snap.tasks_of(Subject::Resident(r))
            .filter(|t| t.status == Status::Done)
            .filter_map(|t| match t.when {
                crate::domain::queue::When::Period(p) => Some(p.next().end()),
                crate::domain::queue::When::By(_) => None,
            })
            .min()
    });
    let overdue = open.iter().any(|t| t.status == Status::Overdue);
    let colour = snap.tasks_of(Subject::Resident(r)).find_map(|t| t.colour);
    (colour, next, overdue)
}

pub fn draw(f: &mut Frame, app: &App, area: Rect) {
    let s = app.strings();
    let view = &app.views.groups;
    let snap = &app.snap;
    let village = snap
        .town
        .villages
        .get(view.village)
        .map_or(String::new(), |v| v.name.clone());
    let title = format!("{} · {village}", app.screen.title(s));
    let block = app.theme.block(&title);
    let inner = block.inner(area);
    f.render_widget(block, area);
    // §5: groups whose volunteer stepped down, in words across the screen.
    let orphaned: Vec<&str> = view
        .rows
        .iter()
        .filter(|g| g.volunteer_until.is_some_and(|u| u < snap.day))
        .map(|g| g.name.as_str())
        .collect();
    let warn = u16::from(!orphaned.is_empty());
    let [body, warning, foot] = Layout::vertical([
        Constraint::Min(1),
        Constraint::Length(warn),
        Constraint::Length(1),
    ])
    .areas(inner);
    if warn > 0 {
        let text = strings::fill(s.g_stepped_down, &[&orphaned.join(" ")]);
        f.render_widget(Paragraph::new(fit(&text, warning.width as usize)), warning);
    }
    let keys = if app.worker_session() {
        s.g_keys_worker
    } else {
        s.g_keys
    };
    f.render_widget(
        Paragraph::new(key_hints(keys, s.help_hint, foot.width as usize)),
        foot,
    );
    let target = snap.rules.group_target_size;
    // Where half the width cannot hold the groups' columns (60×16 cut the
    // heads to 人数/ and the overdue word), the groups drop the village from
    // their names (the title names it) and take the width they need, short
    // heads; the patients take the rest.
    let width = UnicodeWidthStr::width;
    let vol_w = width(s.volunteer).max(8);
    let size_w = |head: &str| width(head).max(5);
    let cols = |name_w: usize, size: &str| {
        1 + name_w + 1 + vol_w + 1 + size_w(size) + 1 + width(s.g_overdue)
    };
    let narrow = !view.rows.is_empty() && cols(12, s.g_size) > usize::from(body.width / 2);
    let short = |name: &str| -> String {
        match name.strip_prefix(village.as_str()) {
            Some(rest) if narrow && !rest.is_empty() => rest.to_string(),
            _ => name.to_string(),
        }
    };
    let (name_w, size_head) = if narrow {
        let w = view
            .rows
            .iter()
            .map(|g| width(&short(&g.name)))
            .max()
            .unwrap_or(0);
        (w.max(width(s.g_group)), s.g_size_short)
    } else {
        (12, s.g_size)
    };
    let size_w = size_w(size_head);
    let constraints = if view.rows.is_empty() && view.plan.is_none() {
        // no groups and no plan: the heads and the hint take the whole width
        [Constraint::Percentage(100), Constraint::Length(0)]
    } else if view.rows.is_empty() {
        // no groups yet and a plan proposed: the plan takes the whole width
        [Constraint::Length(0), Constraint::Percentage(100)]
    } else if narrow {
        [
            // one blank column between the panes
            Constraint::Length(cols(name_w, size_head) as u16 + 1),
            Constraint::Min(0),
        ]
    } else {
        [Constraint::Percentage(50), Constraint::Percentage(50)]
    };
    let [left, right] = Layout::horizontal(constraints).areas(body);
    let h = left.height.saturating_sub(1) as usize;

    // Groups: name, volunteer, size/target, overdue patients.
    let w = left.width as usize;
    let mut lines = vec![Line::styled(
        fit(
            &format!(
                " {} {} {} {}",
                pad(s.g_group, name_w),
                pad(s.volunteer, vol_w),
                pad(size_head, size_w),
                s.g_overdue
            ),
            w,
        ),
        Style::default().add_modifier(ratatui::style::Modifier::BOLD),
    )];
    if view.rows.is_empty() {
        lines.push(Line::from(fit(s.g_no_groups, w)));
    }
    let off = scroll_offset(view.group, h, view.rows.len());
    for (i, g) in view.rows.iter().enumerate().skip(off).take(h) {
        let overdue = g.members.iter().filter(|m| due(snap, **m).2).count();
        let mark = if i == view.group {
            if view.pane == 0 { ">" } else { "*" }
        } else {
            " "
        };
        // §5: a volunteer who stepped down is marked, in words below.
        let gone = g.volunteer_until.is_some_and(|u| u < snap.day);
        let vol = g.volunteer.as_ref().map_or("-".to_string(), |v| {
            format!("{}{}", v.2, if gone { "!" } else { "" })
        });
        let text = format!(
            "{mark}{} {} {} {overdue}",
            pad(&short(&g.name), name_w),
            pad(&vol, vol_w),
            pad(&format!("{}/{target}", g.members.len()), size_w),
        );
        let line = Line::from(fit(&text, w));
        lines.push(if i == view.group && view.pane == 0 {
            line.style(app.theme.selected())
        } else {
            line
        });
    }
    f.render_widget(Paragraph::new(lines), left);

    // Right: the plan's moves, or the group's patients.
    let w = right.width as usize;
    let mut lines = Vec::new();
    if let Some(p) = &view.plan {
        lines.push(Line::from(fit(
            &strings::fill(s.g_plan, &[&p.moves.len()]),
            w,
        )));
        let gname = |g: Option<GroupRef>| match g {
            None => "-".to_string(),
            Some(GroupRef::New(i)) => strings::fill(s.g_new_group, &[&(i + 1)]),
            Some(GroupRef::Existing(id)) => view
                .rows
                .iter()
                .find(|r| r.id == id)
                .map_or(format!("#{id}"), |r| r.name.clone()),
        };
        for m in p.moves.iter().take(h) {
            let text = format!(
                " {} {} -> {}",
                pad(&name(snap, m.patient), 8),
                gname(m.from.map(GroupRef::Existing)),
                gname(m.to)
            );
            lines.push(Line::from(fit(&text, w)));
        }
    } else if let Some(g) = view.rows.get(view.group) {
        let cw = super::colour_width(app, 4);
        // a narrow pane fits its names (8 cells, else the longest name) and
        // marks a late patient with the short word, so the mark shows
        let overdue_word = strings::status(app.opts.lang, Status::Overdue);
        let full = 1 + 8 + 1 + cw + 1 + 10 + 1 + width(overdue_word);
        let (name_w, late_word) = if full > w {
            let longest = g.members.iter().map(|&m| width(&name(snap, m))).max();
            (longest.unwrap_or(0).max(width(s.name)).min(8), s.g_overdue)
        } else {
            (8, overdue_word)
        };
        lines.push(Line::styled(
            fit(
                &format!(
                    " {} {} {}",
                    pad(s.name, name_w),
                    pad(s.colour, cw),
                    s.g_next_due
                ),
                w,
            ),
            Style::default().add_modifier(ratatui::style::Modifier::BOLD),
        ));
        let off = scroll_offset(view.member, h, g.members.len());
        for (i, &m) in g.members.iter().enumerate().skip(off).take(h) {
            let (c, next, late) = due(snap, m);
            // the mark wins: the cursor's line shows itself reversed
            let mark = if view.marked == Some(m) {
                "+"
            } else if view.pane == 1 && i == view.member {
                ">"
            } else {
                " "
            };
            let mut spans = vec![Span::raw(format!(
                "{mark}{} ",
                pad(&fit(&name(snap, m), name_w), name_w)
            ))];
            spans.extend(colour_cell(app, c, cw));
            // which of the group's patients are overdue (the group's count
            // said how many, not who)
            spans.push(Span::raw(format!(
                " {}{}",
                next.map_or("-".into(), |d| d.to_string()),
                if late {
                    format!(" {late_word}")
                } else {
                    String::new()
                }
            )));
            let line = Line::from(spans);
            lines.push(if view.pane == 1 && i == view.member {
                line.patch_style(app.theme.selected())
            } else {
                line
            });
        }
    }
    f.render_widget(Paragraph::new(lines), right);
}

impl GroupsView {
    /// `V`: the selected group's volunteer, from the village's free ones.
    fn volunteer_form(&self, cx: &Ctx) -> Effect {
        let s = strings::strings(cx.lang);
        let group = self.rows.get(self.group).map(|g| (g.id, g.name.clone()));
        let (Some(g), Some(v)) = (group, self.village_id(cx.snap)) else {
            return Effect::None;
        };
        let free = match cx.db.free_volunteers(v, cx.today) {
            Ok(free) => free,
            Err(e) => return Effect::Say(e.to_string()),
        };
        let free = (free.into_iter())
            .map(|f| {
                let name = cx.snap.find_resident(f.resident).map(|(_, m)| m.name.clone());
                (f.id, name.unwrap_or_default())
            })
            .collect();
        let f = crate::tui::forms::Form::group_volunteer(
            (g.0, &g.1),
            free,
            cx.lang,
            &cx.snap.rules,
            cx.today,
        );
        super::form_or_say(f, s.no_free_volunteer)
    }
}

/// The keys of this screen alone (its help lists them first).
const KEYS: &[crate::tui::keys::Binding] = &[
    crate::own_key!(KeyCode::Left, false, "Left / Right", Action::PrevTab, k_village),
    crate::own_key!(KeyCode::Right, false, "Left / Right", Action::NextTab, k_village),
    crate::own_key!(KeyCode::Char('P'), false, "P", Action::Regroup, k_regroup),
    crate::own_key!(KeyCode::Char('s'), true, "Ctrl-S", Action::ApplyGroups, k_apply_groups),
    crate::own_key!(KeyCode::Char('m'), false, "m", Action::MoveToGroup, k_move_group),
    crate::own_key!(KeyCode::Char('s'), false, "s", Action::SwapInGroup, k_swap_group),
    crate::own_key!(KeyCode::Char('p'), false, "p", Action::Print, k_print),
    crate::own_key!(KeyCode::Char('V'), false, "V", Action::GroupVolunteer, k_group_volunteer),
];

impl super::View for GroupsView {
    fn title(s: &strings::Strings) -> &'static str {
        s.s_groups
    }
    fn bindings() -> &'static [&'static [crate::tui::keys::Binding]] {
        &[KEYS]
    }
    fn enter(&mut self, cx: &super::Load) -> Result<()> {
        self.reload(cx.db, cx.snap)
    }
    /// Esc leaves a proposed regrouping unapplied; `p` prints the selected
    /// volunteer's sheets.
    fn claim(&mut self, a: Action, _cx: &Ctx) -> Option<Effect> {
        use crate::domain::queue::WorkerRole;
        match a {
            Action::Back if self.plan.is_some() => {
                self.plan = None;
                Some(Effect::None)
            }
            Action::Print => Some(self.volunteer().map_or(Effect::None, |v| {
                Effect::Print(crate::print::Who::Worker(WorkerRole::Volunteer, v))
            })),
            _ => None,
        }
    }
    fn keys(&mut self, a: Action, cx: &Ctx) -> Effect {
        match a {
            Action::GroupVolunteer => self.volunteer_form(cx),
            _ => self.update(a, cx),
        }
    }
    fn draw(&self, f: &mut Frame, app: &App, area: Rect) {
        draw(f, app, area)
    }
}
