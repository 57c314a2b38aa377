//! Drafts of every form (issue 15 item 5), kept generically: a form is kept
//! as its `FormKind` (serde: the same form on the same subject, with the ids
//! of its choices' rows) and its field table (labels, kinds, choices), and
//! re-opened from them with `set_values`, so the rows of a choice and the
//! ids the form saves to stay paired as they were when it was typed.
//!
//! Not kept (their `FormKind` variants are `serde(skip)`): printing (writes
//! nothing), an import (a file name and a dry run) and undoing a removal
//! (only confirms). The follow-up and contact-outcome forms are kept with
//! their subject and re-opened by their own constructors (`tui::drafts`).

use super::{Field, FieldId, FieldKind, Form, FormKind, Registration};
use crate::domain::model::Subject;
use crate::domain::rules::Rules;
use crate::words::{self as strings, Lang};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::sync::Mutex;

#[derive(Serialize, Deserialize)]
enum KindSpec {
    Text,
    Notes,
    Date,
    Number { lo: f64, hi: f64, decimal: bool },
    Choice(Vec<(String, String)>),
}

#[derive(Serialize, Deserialize)]
struct FieldSpec {
    id: FieldId,
    label: String,
    kind: KindSpec,
    hidden: bool,
    placeholder: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct Reopen {
    kind: FormKind,
    fields: Vec<FieldSpec>,
}

/// A label or choice code read back from a draft, as the `&'static str` a
/// field table holds: each distinct text is kept once for the run (a draft
/// is restored at most once per start, so this stays a handful of strings).
fn intern(s: String) -> &'static str {
    static SEEN: Mutex<BTreeSet<&'static str>> = Mutex::new(BTreeSet::new());
    let mut seen = match SEEN.lock() {
        Ok(g) => g,
        Err(poisoned) => poisoned.into_inner(),
    };
    if let Some(&known) = seen.get(s.as_str()) {
        return known;
    }
    let kept: &'static str = Box::leak(s.into_boxed_str());
    seen.insert(kept);
    kept
}

impl FormKind {
    /// The residents and households the form is about (a draft of it is
    /// offered only while they are still in the session's lists).
    pub fn about(&self) -> Vec<Subject> {
        use super::Contracting;
        use Subject::{Household, Resident};
        match self {
            FormKind::Visit { subject, .. } | FormKind::Outcome { subject, .. } => vec![*subject],
            FormKind::Resident { id } | FormKind::EndResident { id } => vec![Resident(*id)],
            FormKind::Tier { id } => vec![Household(*id)],
            FormKind::UndoRemoval { subject, .. } => vec![*subject],
            FormKind::Print { .. } | FormKind::PrintRecord { .. } | FormKind::Import { .. } => {
                vec![]
            }
            FormKind::Register(r) => match r {
                Registration::Resident { household } => vec![Household(*household)],
                Registration::EditHousehold { id, .. } => vec![Household(*id)],
                Registration::Condition { resident }
                | Registration::EndCondition { resident, .. }
                | Registration::SendReferral { resident }
                | Registration::CarePlan { resident }
                | Registration::Contract(Contracting::Sign { resident, .. }) => {
                    vec![Resident(*resident)]
                }
                Registration::Move { resident, to } => vec![Resident(*resident), Household(*to)],
                Registration::PlanMove(m) => vec![Household(m.household)],
                _ => vec![],
            },
        }
    }
}

impl Form {
    /// The form as a draft re-opens it (JSON); `None` for a form not kept.
    pub fn reopen_spec(&self) -> Option<String> {
        let fields = self
            .fields
            .iter()
            .map(|f| FieldSpec {
                id: f.id,
                label: f.label.to_string(),
                kind: match &f.kind {
                    FieldKind::Text => KindSpec::Text,
                    FieldKind::Notes => KindSpec::Notes,
                    FieldKind::Date => KindSpec::Date,
                    FieldKind::Number { lo, hi, decimal } => KindSpec::Number {
                        lo: *lo,
                        hi: *hi,
                        decimal: *decimal,
                    },
                    FieldKind::Choice(o) => KindSpec::Choice(
                        o.iter().map(|(c, l)| (c.to_string(), l.clone())).collect(),
                    ),
                },
                hidden: f.hidden,
                placeholder: f.placeholder.clone(),
            })
            .collect();
        let kind = self.kind.clone();
        serde_json::to_string(&Reopen { kind, fields }).ok()
    }

    /// The form a draft kept with `reopen_spec`, as it opened (its values
    /// are put back with `set_values`); `None` when it cannot be read.
    pub fn reopen(
        spec: &str,
        title: &str,
        lang: Lang,
        rules: &Rules,
        today: NaiveDate,
    ) -> Option<Form> {
        let r: Reopen = serde_json::from_str(spec).ok()?;
        let fields = r
            .fields
            .into_iter()
            .map(|f| {
                let kind = match f.kind {
                    KindSpec::Text => FieldKind::Text,
                    KindSpec::Notes => FieldKind::Notes,
                    KindSpec::Date => FieldKind::Date,
                    KindSpec::Number { lo, hi, decimal } => FieldKind::Number { lo, hi, decimal },
                    KindSpec::Choice(o) => FieldKind::Choice(
                        o.into_iter()
                            .map(|(c, l)| {
                                let l = strings::relabel(&l, lang).map_or(l, str::to_string);
                                (intern(c), l)
                            })
                            .collect(),
                    ),
                };
                let label = strings::relabel(&f.label, lang).unwrap_or_else(|| intern(f.label));
                let mut field = Field::new(f.id, label, kind, "");
                field.hidden = f.hidden;
                if let Some(p) = f.placeholder {
                    let p = strings::relabel(&p, lang).map_or(p, str::to_string);
                    field.input.set_placeholder_text(p.clone());
                    field.placeholder = Some(p);
                }
                field
            })
            .collect();
        Some(Form::new(
            r.kind,
            strings::retitle(title, lang),
            fields,
            lang,
            rules,
            today,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::{Cadence, Period};
    use crate::domain::model::{Condition, VisitKind};
    use crate::domain::queue::WorkerRole;
    use crate::domain::referral::Transition;
    use crate::tui::forms::{Contracting, PlanMove, Staffing};

    /// Issue 15 item 5: every kind of form that keeps a draft comes back
    /// from its JSON as it was (the ids of its choices' rows included); the
    /// forms that only print, import or confirm are not kept.
    #[test]
    fn form_kinds_survive_a_draft() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let kept = [
            FormKind::Visit {
                kind: VisitKind::Followup,
                subject: Subject::Resident(1),
                patient: None,
            },
            FormKind::Outcome {
                kind: VisitKind::Household,
                subject: Subject::Household(2),
            },
            FormKind::Resident { id: 4 },
            FormKind::Tier { id: 5 },
            FormKind::EndResident { id: 4 },
            FormKind::Register(Registration::Township),
            FormKind::Register(Registration::Household {
                places: vec![(1, 1), (1, 2)],
            }),
            FormKind::Register(Registration::EndCondition {
                resident: 1,
                conditions: vec![Condition::Hypertension, Condition::Diabetes],
            }),
            FormKind::Register(Registration::Referral {
                id: 3,
                step: Transition::Return,
            }),
            FormKind::Register(Registration::Staffing(Staffing::Leave {
                id: 2,
                name: "涂春生".into(),
                grids: vec![1],
                workers: vec![3, 4],
            })),
            FormKind::Register(Registration::Staffing(Staffing::Assign {
                grid: (1, "第一网格".into()),
                workers: vec![(2, "涂春生".into())],
            })),
            FormKind::Register(Registration::Contract(Contracting::Sign {
                resident: 1,
                teams: vec![1, 2],
            })),
            FormKind::Register(Registration::CarePlan { resident: 6 }),
            FormKind::Register(Registration::PlanMove(PlanMove {
                who: (WorkerRole::GridWorker, 2),
                week: Period {
                    cadence: Cadence::Week,
                    start: d("2026-11-16"),
                },
                key: "k".into(),
                household: 1,
                into: true,
            })),
        ];
        for k in kept {
            let json = serde_json::to_string(&k).expect("kept");
            let back: FormKind = serde_json::from_str(&json).expect(&json);
            assert_eq!(back, k, "{json}");
        }
        let undo = FormKind::Import { township: None };
        assert!(
            serde_json::to_string(&undo).is_err(),
            "an import is not kept"
        );
    }
}
