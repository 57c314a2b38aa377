//! Walking a printed batch in sheet order (issue 29 item 4): which row is
//! next, which are keyed, skipped or left, and what a row is about. One
//! piece for `gridcare keyin` and for `K` on the queue: both hold a [`Walk`]
//! and move it the same way (a row keyed moves on, Enter on an untouched
//! row skips it, a code goes to its row).

use crate::db::{BatchRow, PrintBatch};
use crate::domain::model::{Relation, Township};
use crate::domain::queue::WorkerRole;

/// Where a row of the walk stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum RowState {
    Left,
    Skipped,
    Keyed,
}

/// A batch being keyed in: each row's state and the row shown.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Walk {
    pub batch: i64,
    pub state: Vec<RowState>,
    /// The row shown; `None` when every row is keyed or skipped.
    pub at: Option<usize>,
}

/// Keyed, skipped and left rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub keyed: usize,
    pub skipped: usize,
    pub left: usize,
}

impl Walk {
    /// The walk of `b` from its first row not keyed yet (by anyone).
    pub fn new(b: &PrintBatch) -> Walk {
        let state = b
            .rows
            .iter()
            .map(|r| {
                if r.keyed.is_some() {
                    RowState::Keyed
                } else {
                    RowState::Left
                }
            })
            .collect();
        let mut w = Walk {
            batch: b.id,
            state,
            at: None,
        };
        w.at = w.next_left(0);
        w
    }

    /// Rows keyed since the walk began (by another session too) are keyed;
    /// skipped rows stay skipped.
    pub fn follow(&mut self, b: &PrintBatch) {
        for (s, r) in self.state.iter_mut().zip(&b.rows) {
            if r.keyed.is_some() {
                *s = RowState::Keyed;
            }
        }
    }

    /// The first row left at or after `from`, then from the top.
    pub fn next_left(&self, from: usize) -> Option<usize> {
        let n = self.state.len();
        (from.min(n)..n)
            .chain(0..from.min(n))
            .find(|&i| self.state[i] == RowState::Left)
    }

    /// Enter on the row shown: skipped (a keyed row stays keyed), on to the next left.
    pub fn skip(&mut self) {
        if let Some(i) = self.at {
            if self.state[i] == RowState::Left {
                self.state[i] = RowState::Skipped;
            }
            self.at = self.next_left(i + 1);
        }
    }

    /// Row `i` saved: keyed, on to the next left after it.
    pub fn keyed(&mut self, i: usize) {
        if let Some(s) = self.state.get_mut(i) {
            *s = RowState::Keyed;
            self.at = self.next_left(i + 1);
        }
    }

    /// A code typed: its row is shown (a skipped row can be keyed after all).
    pub fn jump(&mut self, i: usize) {
        if i < self.state.len() {
            self.at = Some(i);
        }
    }

    pub fn counts(&self) -> Counts {
        let n = |s: RowState| self.state.iter().filter(|x| **x == s).count();
        Counts {
            keyed: n(RowState::Keyed),
            skipped: n(RowState::Skipped),
            left: n(RowState::Left),
        }
    }
}

/// Who a row is about: the member named (else the head of household) and the address.
pub fn who(t: &Township, row: &BatchRow) -> (String, String) {
    let h = t.households.iter().find(|h| h.id == row.household_id);
    let name = h
        .and_then(|h| {
            let m = match row.resident_id {
                Some(r) => h.members.iter().find(|m| m.id == r),
                None => h
                    .members
                    .iter()
                    .find(|m| m.relation == Relation::Head)
                    .or(h.members.first()),
            };
            m.map(|m| m.name.clone())
        })
        .unwrap_or_default();
    (name, h.map_or(String::new(), |h| h.address.clone()))
}

/// The role a row's sheet is for, in `lang`'s words.
pub fn role_word(lang: crate::words::Lang, role: WorkerRole) -> &'static str {
    use crate::words::pick;
    match role {
        WorkerRole::GridWorker => pick(lang, "网格员", "grid worker"),
        WorkerRole::Team => pick(lang, "医生团队", "doctor team"),
        WorkerRole::Volunteer => pick(lang, "志愿者", "volunteer"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn walk(states: &[RowState]) -> Walk {
        let mut w = Walk {
            batch: 1,
            state: states.to_vec(),
            at: None,
        };
        w.at = w.next_left(0);
        w
    }

    #[test]
    fn walking_in_sheet_order() {
        use RowState::*;
        let mut w = walk(&[Keyed, Left, Left, Left]);
        assert_eq!(w.at, Some(1), "the first row left");
        w.keyed(1);
        assert_eq!(w.at, Some(2));
        w.skip();
        assert_eq!((w.at, w.state[2]), (Some(3), Skipped));
        w.jump(0);
        w.skip();
        assert_eq!(
            (w.at, w.state[0]),
            (Some(3), Keyed),
            "a keyed row stays keyed"
        );
        w.keyed(3);
        assert_eq!(w.at, None, "skipped rows are not shown again");
        assert_eq!(
            w.counts(),
            Counts {
                keyed: 3,
                skipped: 1,
                left: 0
            }
        );
        w.jump(2);
        assert_eq!(w.at, Some(2), "a code goes to a skipped row");
    }
}
