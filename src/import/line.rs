//! One row's cells as the importer reads them: each getter parses a column
//! and records what is wrong with it, at the row's line and the file's header.

use super::apply::Outcome;
use super::columns::Field;
use super::read::Row;
use super::text::{Issue, Problem};
use super::values::{self, *};
use crate::db::check_id;
use crate::domain::idnum::IdNumber;
use chrono::NaiveDate;
use std::collections::HashMap;

/// One row's cells and the problems found in them.
pub(super) struct Line<'a> {
    pub(super) row: &'a Row,
    pub(super) map: &'a HashMap<Field, usize>,
    pub(super) headers: &'a [String],
    pub(super) issues: Vec<Issue>,
}

impl<'a> Line<'a> {
    pub(super) fn get(&self, f: Field) -> Option<&'a str> {
        let i = *self.map.get(&f)?;
        let row: &'a Row = self.row;
        row.cells.get(i).map(|c| c.trim()).filter(|c| !c.is_empty())
    }
    pub(super) fn bad(&mut self, f: Option<Field>, problem: Problem) {
        let column = f.map(|f| {
            self.map
                .get(&f)
                .and_then(|i| self.headers.get(*i))
                .map_or(f.header().to_string(), |h| h.trim().to_string())
        });
        self.issues.push(Issue {
            line: self.row.line,
            column,
            problem,
        });
    }
    pub(super) fn required(&mut self, f: Field) -> Option<&'a str> {
        let v = self.get(f);
        if v.is_none() {
            self.bad(Some(f), Problem::Empty);
        }
        v
    }
    pub(super) fn date(&mut self, f: Field, zh: bool) -> Option<NaiveDate> {
        let s = self.get(f)?;
        parse_date(s, zh)
            .map_err(|m| self.bad(Some(f), Problem::BadDate(m)))
            .ok()
    }
    pub(super) fn number<T: std::str::FromStr>(&mut self, f: Field) -> Option<T> {
        let s = self.get(f)?;
        let t = s.strip_suffix(".0").unwrap_or(s);
        t.parse()
            .map_err(|_| self.bad(Some(f), Problem::BadNumber(s.to_string())))
            .ok()
    }
    pub(super) fn word<T: Copy + PartialEq>(
        &mut self,
        f: Field,
        table: &[(&str, T)],
        code: impl Fn(T) -> &'static str,
    ) -> Option<T> {
        let s = self.get(f)?;
        let v = values::word(table, code, s);
        if v.is_none() {
            self.bad(
                Some(f),
                Problem::NotOneOf {
                    value: s.to_string(),
                    words: words(table),
                },
            );
        }
        v
    }
    pub(super) fn yes(&mut self, f: Field) -> bool {
        let s = self.get(f).unwrap_or("");
        yes_no(s).unwrap_or_else(|| {
            self.bad(
                Some(f),
                Problem::NotOneOf {
                    value: s.to_string(),
                    words: "是/否".into(),
                },
            );
            false
        })
    }
    /// The ID number, checked (§9).
    pub(super) fn id_number(&mut self, today: NaiveDate) -> Option<IdNumber> {
        let raw = self.required(Field::IdNumber)?;
        if raw.contains(['E', 'e']) && raw.parse::<f64>().is_ok() {
            self.bad(Some(Field::IdNumber), Problem::IdAsNumber(raw.into()));
            return None;
        }
        check_id(raw, today)
            .map_err(|r| self.bad(Some(Field::IdNumber), Problem::Refused(r)))
            .ok()
    }
    /// Reports a cell that the ID number contradicts, when `wrong` is Some.
    pub(super) fn disagrees<T>(
        &mut self,
        f: Field,
        wrong: Option<T>,
        from_id: impl FnOnce() -> String,
    ) {
        if wrong.is_some() {
            let typed = self.get(f).unwrap_or("").to_string();
            let from_id = from_id();
            self.bad(Some(f), Problem::DisagreesWithId { typed, from_id });
        }
    }
    pub(super) fn rejected(&mut self) -> Option<Outcome> {
        (!self.issues.is_empty()).then(|| Outcome::Rejected(std::mem::take(&mut self.issues)))
    }
}

/// `field: before → after` for the list of changes.
pub(super) fn change(f: Field, before: &str, after: &str) -> String {
    let show = |s: &str| {
        if s.is_empty() {
            "—".to_string()
        } else {
            s.to_string()
        }
    };
    format!("{}: {} → {}", f.header(), show(before), show(after))
}
