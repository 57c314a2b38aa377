//! Keying a printed batch back in (issue 29 item 4): what a typed line
//! means for the batch's rows, and the visit a keyed row records. The
//! command line's `gridcare keyin` reads the lines; this decides.
//!
//! A line is `[CODE] [OUTCOME [DATE] [more]]`: the row's code (W47-0003, or
//! its number 0003) jumps to that row; an outcome 1–5 keys the row in
//! (1 visited, 2 not at home, 3 come to clinic, 4 call again, 5 removed,
//! §6); a date (11-18 or 2026-11-18) is the visit's own date as written on
//! the sheet; a follow-up's blood pressure (150/95) and fasting glucose
//! (7.2); a removal's reason (moved, died, transferred, refused,
//! wrong_phone, or 迁出 死亡 转出 拒绝 错号); a call-again's second date.
//! An empty line skips the row.

use crate::db::{BatchRow, NewVisit};
use crate::domain::followup::{Findings, Vitals};
use crate::domain::model::{Outcome, RemoveReason, Subject, VisitKind, VisitMode};
use crate::domain::queue::WorkerRole;
use chrono::{Datelike, NaiveDate};

/// What the reader wrote on the row.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Entry {
    pub outcome: Option<Outcome>,
    pub date: Option<NaiveDate>,
    pub call_again_on: Option<NaiveDate>,
    pub remove: Option<RemoveReason>,
    pub bp: Option<(i32, i32)>,
    pub fpg: Option<f64>,
}

/// A typed line.
#[derive(Debug, Clone, PartialEq)]
pub enum Typed {
    /// Enter alone: the row is skipped.
    Skip,
    Quit,
    /// A code: go to that row (its index), keying it with the rest if any.
    Jump(usize, Option<Entry>),
    Key(Entry),
    /// What is wrong, in the words of `lang`.
    Bad(String),
}

/// An outcome as the sheet numbers it: 1 visited … 5 removed (§6).
pub fn outcome_of(t: &str) -> Option<Outcome> {
    Some(match t {
        "1" => Outcome::Completed,
        "2" => Outcome::NotHome,
        "3" => Outcome::ComeToClinic,
        "4" => Outcome::CallAgain,
        "5" => Outcome::Removed,
        _ => return None,
    })
}

fn reason(t: &str) -> Option<RemoveReason> {
    RemoveReason::from_code(t).or(match t {
        "迁出" => Some(RemoveReason::Moved),
        "死亡" => Some(RemoveReason::Died),
        "转出" => Some(RemoveReason::Transferred),
        "拒绝" => Some(RemoveReason::Refused),
        "错号" => Some(RemoveReason::WrongPhone),
        _ => None,
    })
}

/// 11-18, 11/18 or 2026-11-18; a month and day in `year`.
fn date(t: &str, year: i32) -> Option<NaiveDate> {
    if let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        return Some(d);
    }
    let (m, d) = t.split_once(['-', '/'])?;
    NaiveDate::from_ymd_opt(year, m.parse().ok()?, d.parse().ok()?)
}

/// The row a code names: the whole code (any case) or its number.
pub fn row_of(t: &str, codes: &[String]) -> Option<usize> {
    let t = t.to_uppercase();
    codes.iter().position(|c| {
        *c == t
            || (t.len() >= 2
                && t.chars().all(|d| d.is_ascii_digit())
                && c.ends_with(&format!("-{t:0>4}")))
    })
}

/// What a typed line means for a batch of `codes` printed for a period in `year`.
pub fn parse(line: &str, codes: &[String], year: i32, lang: crate::words::Lang) -> Typed {
    use crate::words::pick;
    let mut tokens = line.split_whitespace().peekable();
    let Some(first) = tokens.peek().copied() else {
        return Typed::Skip;
    };
    if first.eq_ignore_ascii_case("q") {
        return Typed::Quit;
    }
    let jump = (first.len() > 1 && date(first, year).is_none())
        .then(|| row_of(first, codes))
        .flatten();
    if jump.is_some() {
        tokens.next();
    }
    let mut e = Entry::default();
    let mut any = false;
    for t in tokens {
        any = true;
        if e.outcome.is_none()
            && let Some(o) = outcome_of(t)
        {
            e.outcome = Some(o);
        } else if let Some(d) = date(t, year) {
            match (e.date, e.outcome) {
                (None, _) => e.date = Some(d),
                (Some(_), Some(Outcome::CallAgain)) => e.call_again_on = Some(d),
                _ => return Typed::Bad(pick(lang, "日期写了两次", "two dates given").into()),
            }
        } else if let Some(r) = reason(t) {
            e.remove = Some(r);
        } else if let Some((s, d)) = t.split_once('/')
            && let (Ok(s), Ok(d)) = (s.parse(), d.parse())
        {
            e.bp = Some((s, d));
        } else if let Ok(f) = t.parse::<f64>()
            && t.contains('.')
        {
            e.fpg = Some(f);
        } else {
            return Typed::Bad(crate::words::fill(
                pick(
                    lang,
                    "看不懂“{}”：请写编号（如 W47-0003）、结果 1–5（1 已访 2 不在家 3 来院 4 再联系 5 移除）、日期（11-18）；回车跳过，q 结束",
                    "cannot read \"{}\": type a code (W47-0003), an outcome 1-5 (1 visited 2 not at home 3 come to clinic 4 call again 5 removed), a date (11-18); Enter skips, q ends",
                ),
                &[&t],
            ));
        }
    }
    if any && e.outcome.is_none() {
        return Typed::Bad(
            pick(
                lang,
                "请写结果 1–5（1 已访 2 不在家 3 来院 4 再联系 5 移除）",
                "give an outcome 1-5 (1 visited 2 not at home 3 come to clinic 4 call again 5 removed)",
            )
            .into(),
        );
    }
    if e.outcome == Some(Outcome::Removed) && e.remove.is_none() {
        return Typed::Bad(
            pick(
                lang,
                "移除须写原因：迁出、死亡、转出、拒绝或错号",
                "a removal needs its reason: moved, died, transferred, refused or wrong_phone",
            )
            .into(),
        );
    }
    match (jump, any) {
        (Some(i), false) => Typed::Jump(i, None),
        (Some(i), true) => Typed::Jump(i, Some(e)),
        (None, _) => Typed::Key(e),
    }
}

/// The visit a keyed row records: the row's task, worker and subject, the
/// date written on the sheet (else `default_date`), what was ticked.
pub fn visit(row: &BatchRow, e: &Entry, default_date: NaiveDate) -> NewVisit {
    let subject = match row.resident_id {
        Some(r) => Subject::Resident(r),
        None => Subject::Household(row.household_id),
    };
    // the task's kind; a care-plan review is done on a household visit
    let kind = match row.kind {
        VisitKind::CarePlan => VisitKind::Household,
        k => k,
    };
    let day = e.date.unwrap_or(default_date);
    let mut v = NewVisit::completed(kind, subject, VisitMode::Home, day);
    v.outcome = e.outcome.unwrap_or(Outcome::Completed);
    match row.role {
        WorkerRole::GridWorker => v.staff_id = Some(row.worker_id),
        WorkerRole::Team => v.team_id = Some(row.worker_id),
        WorkerRole::Volunteer => {}
    }
    v.visited_by = Some(row.sheet.clone());
    v.call_again_on = match v.outcome {
        Outcome::CallAgain => Some(e.call_again_on.unwrap_or(day + chrono::Days::new(7))),
        _ => None,
    };
    v.remove_reason = e.remove;
    if v.outcome == Outcome::Completed {
        v.findings = Findings {
            vitals: Vitals {
                sbp: e.bp.map(|b| b.0),
                dbp: e.bp.map(|b| b.1),
                fpg: e.fpg,
                ..Vitals::default()
            },
            ..Findings::default()
        };
    }
    v
}

/// The year a batch's typed month-and-day dates fall in.
pub fn year_of(period_start: NaiveDate) -> i32 {
    period_start.year()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::words::Lang;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn typed_lines() {
        let codes: Vec<String> = ["W47-0001", "W47-0002", "W47-0013"]
            .map(String::from)
            .to_vec();
        let key = |o: Outcome| Entry {
            outcome: Some(o),
            ..Entry::default()
        };
        let cases: Vec<(&str, Typed)> = vec![
            ("", Typed::Skip),
            ("   ", Typed::Skip),
            ("q", Typed::Quit),
            ("1", Typed::Key(key(Outcome::Completed))),
            ("2", Typed::Key(key(Outcome::NotHome))),
            ("w47-0002", Typed::Jump(1, None)),
            ("0013", Typed::Jump(2, None)),
            ("13 1", Typed::Jump(2, Some(key(Outcome::Completed)))),
            (
                "W47-0001 1 11-18",
                Typed::Jump(
                    0,
                    Some(Entry {
                        date: Some(d("2026-11-18")),
                        ..key(Outcome::Completed)
                    }),
                ),
            ),
            (
                "1 150/95 7.2",
                Typed::Key(Entry {
                    bp: Some((150, 95)),
                    fpg: Some(7.2),
                    ..key(Outcome::Completed)
                }),
            ),
            (
                "4 11-18 11-25",
                Typed::Key(Entry {
                    date: Some(d("2026-11-18")),
                    call_again_on: Some(d("2026-11-25")),
                    ..key(Outcome::CallAgain)
                }),
            ),
            (
                "5 死亡",
                Typed::Key(Entry {
                    remove: Some(RemoveReason::Died),
                    ..key(Outcome::Removed)
                }),
            ),
        ];
        for (line, want) in cases {
            assert_eq!(parse(line, &codes, 2026, Lang::En), want, "{line:?}");
        }
        for bad in ["5", "x", "11-18", "1 11-18 11-19", "W47-0099 1"] {
            assert!(
                matches!(parse(bad, &codes, 2026, Lang::En), Typed::Bad(_)),
                "{bad:?}"
            );
        }
    }
}
