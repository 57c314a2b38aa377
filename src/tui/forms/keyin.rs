//! `K` on the queue (issue 29 item 4): a printed batch keyed in row by row,
//! in sheet order. The form shows one row — its code, who, the task, whose
//! sheet, how many rows are keyed, skipped, left — and asks what the sheet
//! says: the outcome 1–5 (or another row's code, to go there), for a doctor
//! team's follow-up the national form's first lines (BP, heart rate, FPG,
//! weight, medicines as prescribed, symptom codes, next date: the follow-up
//! form's own fields and checks, `paper`), for a volunteer's row the BP they
//! took, and the date written on the sheet. Enter saves the row through
//! `Db::key_in_row` (the command line's write) and the next row opens; Enter
//! on an untouched row skips it. The walk is `print::keyin_walk`, the one
//! `gridcare keyin` walks.

use super::command::{Command, Failed, Saved};
use super::registration::RegistrationFail;
use super::*;
use crate::db::{Keyed, PrintBatch};
use crate::domain::queue::WorkerRole;
use crate::print::keyin::{self, Entry};
use crate::print::keyin_walk::{self, RowState, Walk};
use crate::tui::screens::{Ctx, Effect};

/// The walk and what the form shows of its row.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct KeyInRow {
    pub walk: Walk,
    /// The rows' codes, for a typed code.
    pub codes: Vec<String>,
    /// Who and what the row is, and the counts (shown under the fields).
    pub info: String,
}

/// The key-in `K` opens: the latest batch printed for the queue's worker
/// (else the latest), from its first row not keyed yet.
pub fn key_in_form(cx: &Ctx, worker: Option<(WorkerRole, i64)>) -> Effect {
    let s = strings::strings(cx.lang);
    let batch = match cx.db.latest_batch(worker).and_then(|b| match b {
        Some(id) => cx.db.print_batch(id),
        None => Ok(None),
    }) {
        Ok(Some(b)) => b,
        Ok(None) => return Effect::Say(s.key_in_none.to_string()),
        Err(e) => return Effect::Say(strings::db_error(cx.lang, &e)),
    };
    let walk = Walk::new(&batch);
    row_form(cx, &batch, walk)
}

/// The walk's next row, after a save or a skip; the counts when none is left.
pub fn key_in_walk(cx: &Ctx, walk: Walk) -> Effect {
    match cx.db.print_batch(walk.batch) {
        Ok(Some(b)) => row_form(cx, &b, walk),
        Ok(None) => Effect::None,
        Err(e) => Effect::Say(strings::db_error(cx.lang, &e)),
    }
}

/// The ids of the follow-up form's fields a team's row keys, in the order
/// of the national form's first lines as the team sheet prints them.
const TEAM_LINES: [FieldId; 9] = [
    FieldId::Sbp,
    FieldId::Dbp,
    FieldId::Hr,
    FieldId::Fpg,
    FieldId::Weight,
    FieldId::Adherence,
    FieldId::HtnSymptoms,
    FieldId::DmSymptoms,
    FieldId::NextVisit,
];

fn row_form(cx: &Ctx, b: &PrintBatch, mut walk: Walk) -> Effect {
    let (lang, s) = (cx.lang, strings::strings(cx.lang));
    walk.follow(b);
    let c = walk.counts();
    let Some(i) = walk.at else {
        return Effect::Say(strings::fill(
            s.key_in_done,
            &[&b.id, &c.keyed, &c.skipped, &c.left],
        ));
    };
    let rules = match cx.db.rules() {
        Ok(r) => r,
        Err(e) => return Effect::Say(strings::db_error(lang, &e)),
    };
    let row = &b.rows[i];
    let (name, address) = keyin_walk::who(&cx.snap.town, row);
    let task = format!("{} {}", strings::kind(lang, row.kind), row.due);
    let mut info = format!(
        "{} · {name} · {address} · {} · {} {}",
        strings::fill(s.key_in_counts, &[&c.keyed, &c.skipped, &c.left]),
        task.trim_end(),
        keyin_walk::role_word(lang, row.role),
        row.sheet,
    );
    if let Some((on, by)) = row
        .keyed
        .as_ref()
        .filter(|_| walk.state[i] == RowState::Keyed)
    {
        info = format!(
            "{} · {info}",
            crate::domain::refusal::Refusal::AlreadyKeyed {
                code: row.code.clone(),
                on: *on,
                by: by.clone(),
            }
            .text(lang == Lang::Zh)
        );
    }
    // the visit's own date when the sheet has none: today, or the period's
    // last day for a batch whose period has ended (late paper is normal)
    let end = crate::print::parse_week(&b.period)
        .or_else(|_| crate::print::parse_month(&b.period))
        .map(|p| p.end())
        .unwrap_or(cx.today);
    let day = cx.today.min(end);
    let mut outcome = Field::new(FieldId::Outcome, s.f_key_outcome, FieldKind::Text, "");
    outcome.placeholder = Some(s.key_in_help.to_string());
    outcome.input.set_placeholder_text(s.key_in_help);
    let mut fields = vec![outcome];
    let clinical = row.kind.is_clinical_followup() && row.role == WorkerRole::Team;
    let paper = clinical.then(|| {
        let r = row.resident_id.and_then(|r| cx.snap.find_resident(r));
        match r {
            Some((_, m)) => Paper {
                known: false,
                ..Paper::new(m, day, Default::default())
            },
            None => Paper {
                htn: true,
                ..Default::default()
            },
        }
    });
    let wanted: &[FieldId] = match (row.role, &paper) {
        (WorkerRole::Team, Some(_)) => &TEAM_LINES,
        (WorkerRole::Volunteer, _) => &TEAM_LINES[..2],
        _ => &[],
    };
    if !wanted.is_empty() {
        // the follow-up form's own fields (labels, ranges, checks), those
        // the sheet prints, in its order
        let p = paper.clone().unwrap_or(Paper {
            htn: true,
            ..Default::default()
        });
        let mut lines: Vec<Field> = Form::paper_fields(s, lang, &p, "")
            .into_iter()
            .filter(|f| wanted.contains(&f.id))
            .collect();
        lines.sort_by_key(|f| wanted.iter().position(|w| *w == f.id));
        for f in &mut lines {
            f.section = None;
            if f.id == FieldId::Adherence {
                // not written on the sheet is not "regular"
                f.kind = FieldKind::Choice(
                    std::iter::once(("", s.unasked.to_string()))
                        .chain(options(Adherence::ALL, Adherence::code, |a| {
                            strings::adherence(lang, a)
                        }))
                        .collect(),
                );
                f.choice = 0;
            }
        }
        fields.extend(lines);
    }
    fields.extend([
        Field::new(FieldId::Date, s.f_date, FieldKind::Date, &day.to_string()),
        hidden(Field::new(
            FieldId::CallAgain,
            s.f_call_again,
            FieldKind::Date,
            "",
        )),
        hidden(Field::choice(
            FieldId::Reason,
            s.f_reason,
            options(RemoveReason::ALL, RemoveReason::code, |r| {
                strings::remove_reason(lang, r)
            }),
            0,
        )),
    ]);
    let title = format!(
        "{} · {} {} · {} ({}/{})",
        s.form_key_in,
        s.f_batch,
        b.id,
        row.code,
        i + 1,
        b.rows.len()
    );
    let k = KeyInRow {
        walk,
        codes: b.rows.iter().map(|r| r.code.clone()).collect(),
        info,
    };
    let mut f = Form::registration(
        Registration::KeyIn(Box::new(k)),
        title,
        fields,
        lang,
        &rules,
        cx.today,
    );
    f.paper = paper.map(Box::new);
    f.refresh();
    crate::tui::screens::form(f)
}

impl Form {
    /// The key-in's row as typed: the outcome's boxes shown as it asks
    /// (a call-again date, a removal's reason), its row under the fields.
    pub(super) fn refresh_key_in(&mut self) {
        let FormKind::Register(Registration::KeyIn(k)) = &self.kind else {
            return;
        };
        let info = k.info.clone();
        let typed = self.text_of(FieldId::Outcome);
        let o = keyin::outcome_of(typed.trim());
        for f in &mut self.fields {
            match f.id {
                FieldId::CallAgain => f.hidden = o != Some(Outcome::CallAgain),
                FieldId::Reason => f.hidden = o != Some(Outcome::Removed),
                _ => {}
            }
        }
        self.preview = Some((info, None));
    }

    pub(super) fn submit_key_in(&mut self, k: KeyInRow) -> Result<Command, RegistrationFail> {
        let (lang, today) = (self.lang, self.today);
        let s = strings::strings(lang);
        let mut walk = k.walk;
        let Some(i) = walk.at else {
            return Err(RegistrationFail::Field(FieldId::Outcome));
        };
        let typed = self.text_of(FieldId::Outcome).trim().to_string();
        // Enter on an untouched row: skipped, on to the next
        if typed.is_empty() && !self.typed() {
            walk.skip();
            return Ok(Command::new(move |_| {
                Ok(Saved {
                    said: strings::fill(s.key_in_skipped, &[&k.codes[i]]),
                    walk: Some(walk),
                    ..Saved::default()
                })
            }));
        }
        let outcome = keyin::outcome_of(&typed);
        // a code: that row is shown (a keyed one says so)
        if outcome.is_none()
            && let Some(j) = keyin::row_of(&typed, &k.codes)
        {
            walk.jump(j);
            return Ok(Command::new(move |_| {
                Ok(Saved {
                    walk: Some(walk),
                    ..Saved::default()
                })
            }));
        }
        let Some(outcome) = outcome else {
            let m = s.key_in_outcome.to_string();
            return Ok(Command::new(move |_| {
                Err(Failed::Field(FieldId::Outcome, m))
            }));
        };
        let Some(date) = self.date(FieldId::Date) else {
            return Err(RegistrationFail::Field(FieldId::Date));
        };
        let e = Entry {
            outcome: Some(outcome),
            date: Some(date),
            call_again_on: self.date(FieldId::CallAgain),
            remove: self
                .field(FieldId::Reason)
                .filter(|_| outcome == Outcome::Removed)
                .and_then(|f| RemoveReason::from_code(f.code())),
            ..Entry::default()
        };
        if outcome == Outcome::CallAgain && e.call_again_on.is_none() {
            return Err(RegistrationFail::Field(FieldId::CallAgain));
        }
        // what the follow-up form reads from the same fields
        let findings = self.findings();
        let adherence = self
            .field(FieldId::Adherence)
            .and_then(|f| Adherence::from_code(f.code()));
        let next = self.date(FieldId::NextVisit);
        let record = self.paper.is_some().then(|| self.record());
        Ok(Command::new(move |db| {
            let Some(b) = db.print_batch(walk.batch)? else {
                return Err(
                    crate::db::DbError::Refused(crate::domain::refusal::Refusal::NoBatch(
                        walk.batch,
                    ))
                    .into(),
                );
            };
            let row = &b.rows[i];
            let mut v = keyin::visit(row, &e, date);
            if outcome == Outcome::Completed {
                v.findings = findings;
                v.adherence = adherence;
                v.next_visit_on = next;
                if let Some(r) = record {
                    v.record = r;
                }
            }
            let done = db.key_in_row(b.id, row, &v, today)?;
            walk.keyed(i);
            let c = walk.counts();
            let mut said = strings::fill(
                s.key_in_saved,
                &[
                    &row.code,
                    &strings::outcome(lang, v.outcome),
                    &v.date,
                    &b.id,
                    &c.keyed,
                    &c.left,
                ],
            );
            if let Keyed::Contact { recheck: true, .. } = done {
                said = format!("{said} · {}", s.recheck_suggested);
            }
            Ok(Saved {
                said,
                walk: Some(walk),
                ..Saved::default()
            })
        }))
    }
}

impl Form {
    /// A key-in row: Enter saves (or skips) from any field, as on paper a
    /// row is done when its boxes are read.
    pub(super) fn keys_in(&self) -> bool {
        matches!(self.kind, FormKind::Register(Registration::KeyIn(_)))
    }
}
