//! Choosing a village, grid or worker for the queue's filters (issue 10): a
//! list to type into, matched by name or by pinyin initials as in search,
//! each row showing what it is (role, village), rather than stepping through
//! fifty names one key at a time.

use crate::domain::indicators::{self, ReportScope};
use crate::domain::queue::{Filter, WorkerRole};
use crate::search;
use crate::snapshot::Snapshot;
use crate::words::{self as strings, Strings};
use ratatui_textarea::TextArea;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickWhat {
    Village,
    Grid,
    Worker,
    /// The household a resident moves into (issue 11).
    Household {
        resident: i64,
    },
    /// The scope of screen 8's indicators (issue 14).
    ReportScope,
}

/// What choosing a row sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickValue {
    /// The "all" row: the filter is cleared.
    All,
    Village(i64),
    Grid(i64),
    Worker(WorkerRole, i64),
    Household(i64),
    Report(crate::domain::indicators::ReportScope),
}

#[derive(Debug, Clone)]
pub struct PickOption {
    pub label: String,
    /// Role and village, so two people of one name are told apart.
    pub detail: String,
    pub value: PickValue,
    initials: Vec<Vec<char>>,
}

pub struct PickView {
    pub what: PickWhat,
    pub input: TextArea<'static>,
    pub options: Vec<PickOption>,
    /// Indices into `options` of the rows matching the input.
    pub shown: Vec<usize>,
    pub selected: usize,
}

fn option(label: String, detail: String, value: PickValue) -> PickOption {
    PickOption {
        initials: search::initials(&label),
        label,
        detail,
        value,
    }
}

/// Whether `query` matches a label: part of the name, or pinyin initials
/// from any character on (第一网格 by "dy" or "yw").
pub fn matches(label: &str, initials: &[Vec<char>], query: &str) -> bool {
    let q = query.trim().to_lowercase();
    if q.is_empty() || label.to_lowercase().contains(&q) {
        return true;
    }
    let q: Vec<char> = q.chars().filter(|c| !c.is_whitespace()).collect();
    (0..initials.len()).any(|start| {
        q.len() <= initials.len() - start
            && q.iter()
                .zip(&initials[start..])
                .all(|(c, set)| set.contains(c))
    }) || spelled_from(label, &q).is_some()
}

/// The first character from which `query` spells the label in full pinyin
/// (涂春生 by "tuchunsheng" or "chunsheng"; issue 25 item 15).
fn spelled_from(label: &str, q: &[char]) -> Option<usize> {
    if q.is_empty() || !q.iter().all(|c| c.is_ascii_lowercase()) {
        return None;
    }
    let q: String = q.iter().collect();
    let readings = search::readings(label);
    (0..readings.len()).find(|&start| search::pinyin_match(&q, &readings[start..]).is_some())
}

/// How well `query` matches, best first, for the order of the matches:
/// the whole name's initials (蔡刚 by "cg") or the name itself, then the
/// initials or the name from the start, then from any character (李长庚 by
/// "cg" came before 蔡刚).
pub fn rank(label: &str, initials: &[Vec<char>], query: &str) -> u8 {
    let q = query.trim().to_lowercase();
    let l = label.to_lowercase();
    let qc: Vec<char> = q.chars().filter(|c| !c.is_whitespace()).collect();
    let from = |start: usize| {
        qc.len() <= initials.len().saturating_sub(start)
            && qc
                .iter()
                .zip(&initials[start..])
                .all(|(c, set)| set.contains(c))
    };
    if l == q || (qc.len() == initials.len() && from(0)) {
        0
    } else if l.starts_with(&q) || from(0) || spelled_from(label, &qc) == Some(0) {
        1
    } else {
        2
    }
}

pub fn role_name(s: &Strings, role: WorkerRole) -> &'static str {
    match role {
        WorkerRole::GridWorker => s.role_grid_worker,
        WorkerRole::Team => s.role_team,
        WorkerRole::Volunteer => s.role_volunteer,
    }
}

impl PickView {
    /// Every household of the scope but the resident's own: the head's name
    /// and the address, with the village and grid.
    pub fn households(snap: &Snapshot, resident: i64, s: &Strings) -> PickView {
        let own = snap.household_of(crate::domain::model::Subject::Resident(resident));
        let place = |v: i64, g: i64| {
            let vn = snap
                .town
                .villages
                .iter()
                .find(|x| x.id == v)
                .map_or("", |x| x.name.as_str());
            let gn = snap
                .town
                .grids
                .iter()
                .find(|x| x.id == g)
                .map_or("", |x| x.name.as_str());
            format!("{vn}{gn}")
        };
        let options = snap
            .town
            .households
            .iter()
            .filter(|h| Some(h.id) != own && !h.members.is_empty())
            .map(|h| {
                option(
                    h.display_name().to_string(),
                    format!("{} · {}", h.address, place(h.village_id, h.grid_id)),
                    PickValue::Household(h.id),
                )
            })
            .collect();
        let mut input = TextArea::default();
        input.set_placeholder_text(s.pick_hint);
        let mut view = PickView {
            what: PickWhat::Household { resident },
            input,
            options,
            shown: Vec::new(),
            selected: 0,
        };
        view.refilter();
        view
    }

    /// The scopes screen 8 may report on, within the loaded scope `widest`
    /// (`indicators::scope_choices`), each with what it is; the current one chosen.
    pub fn report_scopes(
        snap: &Snapshot,
        widest: ReportScope,
        current: ReportScope,
        s: &Strings,
    ) -> PickView {
        let options = indicators::scope_choices(&snap.town, widest)
            .into_iter()
            .map(|sc| {
                let (label, kind) = match sc {
                    ReportScope::Township => (s.r_township.to_string(), ""),
                    ReportScope::Village(_) => (indicators::scope_name(&snap.town, sc), s.village),
                    ReportScope::Grid(_) => (indicators::scope_name(&snap.town, sc), s.grid),
                    ReportScope::GridWorker(_) => {
                        (indicators::scope_name(&snap.town, sc), s.role_grid_worker)
                    }
                    ReportScope::Team(_) => (indicators::scope_name(&snap.town, sc), s.role_team),
                };
                option(label, kind.to_string(), PickValue::Report(sc))
            })
            .collect();
        let mut input = TextArea::default();
        input.set_placeholder_text(s.pick_hint);
        let mut view = PickView {
            what: PickWhat::ReportScope,
            input,
            options,
            shown: Vec::new(),
            selected: 0,
        };
        view.refilter();
        view.selected = view
            .shown
            .iter()
            .position(|&i| view.options[i].value == PickValue::Report(current))
            .unwrap_or(0);
        view
    }

    /// The choices for `what` under the queue's current filter (grids and
    /// workers of the chosen village only).
    pub fn new(what: PickWhat, snap: &Snapshot, filter: &Filter, s: &Strings) -> PickView {
        let village_name = |id: i64| {
            snap.town
                .villages
                .iter()
                .find(|v| v.id == id)
                .map_or(String::new(), |v| v.name.clone())
        };
        let in_village = |v: i64| filter.village.is_none_or(|f| f == v);
        let mut options = Vec::new();
        let current = match what {
            PickWhat::Village => {
                options.push(option(s.all_villages.into(), String::new(), PickValue::All));
                for v in &snap.town.villages {
                    let grids = snap
                        .town
                        .grids
                        .iter()
                        .filter(|g| g.village_id == v.id)
                        .count();
                    options.push(option(
                        v.name.clone(),
                        strings::fill(s.n_grids, &[&grids]),
                        PickValue::Village(v.id),
                    ));
                }
                filter.village.map(PickValue::Village)
            }
            PickWhat::Grid => {
                options.push(option(s.all_grids.into(), String::new(), PickValue::All));
                for g in snap.town.grids.iter().filter(|g| in_village(g.village_id)) {
                    let worker = g.worker.as_ref().map_or(s.none.to_string(), |w| {
                        format!("{} {}", s.role_grid_worker, w.name)
                    });
                    options.push(option(
                        crate::domain::places::grid_label(&village_name(g.village_id), &g.name),
                        worker,
                        PickValue::Grid(g.id),
                    ));
                }
                filter.grid.map(PickValue::Grid)
            }
            PickWhat::Worker => {
                options.push(option(s.all_workers.into(), String::new(), PickValue::All));
                // (role, id) -> (name, villages), in the order tasks first name them
                let mut seen: Vec<(WorkerRole, i64, String, Vec<i64>)> = Vec::new();
                for t in snap.tasks.iter().filter(|t| in_village(t.village_id)) {
                    let Some(w) = t.worker.as_ref() else { continue };
                    match seen.iter_mut().find(|x| x.0 == t.role && x.1 == w.id) {
                        Some(x) if !x.3.contains(&t.village_id) => x.3.push(t.village_id),
                        Some(_) => {}
                        None => seen.push((t.role, w.id, w.name.clone(), vec![t.village_id])),
                    }
                }
                for (role, id, name, villages) in seen {
                    let places: Vec<String> = villages.iter().map(|v| village_name(*v)).collect();
                    options.push(option(
                        name,
                        format!("{} · {}", role_name(s, role), places.join(" ")),
                        PickValue::Worker(role, id),
                    ));
                }
                filter.worker.map(|(r, id)| PickValue::Worker(r, id))
            }
            PickWhat::Household { .. } | PickWhat::ReportScope => None,
        };
        let mut input = TextArea::default();
        input.set_placeholder_text(s.pick_hint);
        let mut view = PickView {
            what,
            input,
            options,
            shown: Vec::new(),
            selected: 0,
        };
        view.refilter();
        view.selected = current
            .and_then(|c| view.options.iter().position(|o| o.value == c))
            .unwrap_or(0);
        view
    }

    /// The rows matching what has been typed.
    pub fn refilter(&mut self) {
        let q = self.input.lines().join("");
        self.shown = self
            .options
            .iter()
            .enumerate()
            .filter(|(i, o)| {
                (*i == 0 && self.has_all())
                    || matches(&o.label, &o.initials, &q)
                    || o.detail.contains(q.trim())
            })
            .map(|(i, _)| i)
            .collect();
        // the best matches first, in their own order within each rank;
        // the "all" row stays on top
        if !q.trim().is_empty() {
            let all = usize::from(self.has_all());
            let opts = &self.options;
            self.shown.sort_by_key(|&i| {
                let o = &opts[i];
                (i >= all, rank(&o.label, &o.initials, &q))
            });
        }
        // with something typed, the first match rather than "all"
        self.selected = if q.trim().is_empty() || self.shown.len() < 2 || !self.has_all() {
            0
        } else {
            1
        };
    }

    /// Filters begin with an "all" row; the household and report-scope pickers do not.
    fn has_all(&self) -> bool {
        !matches!(
            self.what,
            PickWhat::Household { .. } | PickWhat::ReportScope
        )
    }

    pub fn chosen(&self) -> Option<PickValue> {
        self.shown
            .get(self.selected)
            .and_then(|&i| self.options.get(i))
            .map(|o| o.value)
    }

    /// Sets the filter the choice stands for.
    pub fn apply(&self, filter: &mut Filter) {
        let Some(v) = self.chosen() else { return };
        match (self.what, v) {
            (PickWhat::Village, PickValue::Village(id)) => {
                if filter.village != Some(id) {
                    filter.grid = None;
                    filter.worker = None;
                }
                filter.village = Some(id);
            }
            (PickWhat::Village, _) => filter.village = None,
            (PickWhat::Grid, PickValue::Grid(id)) => filter.grid = Some(id),
            (PickWhat::Grid, _) => filter.grid = None,
            (PickWhat::Worker, PickValue::Worker(r, id)) => filter.worker = Some((r, id)),
            (PickWhat::Worker, _) => filter.worker = None,
            (PickWhat::Household { .. } | PickWhat::ReportScope, _) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Typed letters find a name by its initials from any character, or by part of it.
    #[test]
    fn a_picker_matches_names_and_initials() {
        let cases: &[(&str, &str, bool)] = &[
            ("第一网格", "", true),
            ("第一网格", "一网", true),
            ("第一网格", "dy", true),
            ("第一网格", "yw", true),
            ("第一网格", "dyw", true),
            ("第一网格", "ew", false),
            ("涂春生", "tcs", true),
            ("涂春生", "cs", true),
            ("涂春生", "tcx", false),
            ("富民村", "富民", true),
            ("富民村", "fm", true),
            ("富民村", "mz", false),
            // full pinyin, from any character on (issue 25 item 15)
            ("涂春生", "tuchunsheng", true),
            ("涂春生", "tu chun sheng", true),
            ("涂春生", "chunsheng", true),
            ("涂春生", "tuchuns", true),
            ("涂春生", "tuchx", false),
            ("第一网格", "diyiwangge", true),
            ("富民村", "fumin", true),
            ("富民村", "fumen", false),
        ];
        for (label, q, want) in cases {
            let ini = search::initials(label);
            assert_eq!(matches(label, &ini, q), *want, "{label} {q}");
        }
    }

    /// The order of matches (walk of 2026-12-05: "cg" offered 李长庚
    /// before 蔡刚): whole initials or name, then from the start, then inside.
    #[test]
    fn whole_initials_rank_first() {
        let cases: &[(&str, &str, u8)] = &[
            ("蔡刚", "cg", 0),
            ("李长庚", "cg", 2),
            ("李长庚", "lc", 1),
            ("涂春生", "tcs", 0),
            ("涂春生", "涂春", 1),
            ("涂春生", "涂春生", 0),
            ("富民村第一网格", "dy", 2),
            ("富民村第一网格", "fm", 1),
            ("涂春生", "tuchunsheng", 1),
            ("富民村第一网格", "diyi", 2),
        ];
        for (label, q, want) in cases {
            let ini = search::initials(label);
            assert!(matches(label, &ini, q), "{label} {q}");
            assert_eq!(rank(label, &ini, q), *want, "{label} {q}");
        }
    }
}
