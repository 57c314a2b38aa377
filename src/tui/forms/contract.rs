//! Contract forms (issue 14, 签约): sign with a family-doctor team, renew for
//! the next period, end early with a reason. Each is one command of
//! `db::contract`, the same the `gridcare contract` commands issue.

use super::command::Command;
use super::registration::RegistrationFail;
use super::{Field, FieldId, FieldKind, Form, Registration};
use crate::db::{ContractRow, one_year_from};
use crate::domain::rules::Rules;
use crate::snapshot::Snapshot;
use crate::words::{self as strings, Lang};
use chrono::NaiveDate;

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Contracting {
    /// A new contract; the team choice's rows.
    Sign {
        resident: i64,
        teams: Vec<i64>,
    },
    Renew {
        id: i64,
    },
    End {
        id: i64,
    },
}

impl Form {
    /// Sign: every team of the session's villages (`Db::teams`, as the
    /// rosters list them, so a village's second team can be chosen), the
    /// resident's village's teams first; from today for a year.
    pub fn sign_contract(
        snap: &Snapshot,
        all_teams: &[crate::db::TeamRow],
        resident: (i64, &str),
        village: i64,
        lang: Lang,
        today: NaiveDate,
    ) -> Option<Form> {
        let s = strings::strings(lang);
        let mut teams: Vec<(i64, String, bool)> = all_teams
            .iter()
            .filter(|t| snap.town.villages.iter().any(|v| v.id == t.village_id))
            .map(|t| (t.id, t.name.clone(), t.village_id == village))
            .collect();
        // stable: the village's own teams first, each group in the rosters' order
        teams.sort_by_key(|t| !t.2);
        if teams.is_empty() {
            return None;
        }
        let fields = vec![
            Field::choice(
                FieldId::Person,
                s.contract,
                teams.iter().map(|t| ("", t.1.clone())).collect(),
                0,
            ),
            Field::day(FieldId::Day, s.f_since, today),
            Field::day(FieldId::NextVisit, s.f_contract_end, one_year_from(today)),
        ];
        Some(Form::registration(
            Registration::Contract(Contracting::Sign {
                resident: resident.0,
                teams: teams.iter().map(|t| t.0).collect(),
            }),
            format!("{} {}", s.form_sign, resident.1),
            fields,
            lang,
            &snap.rules,
            today,
        ))
    }

    pub fn renew_contract(c: &ContractRow, lang: Lang, rules: &Rules, today: NaiveDate) -> Form {
        let s = strings::strings(lang);
        let fields = vec![Field::day(
            FieldId::NextVisit,
            s.f_contract_end,
            one_year_from(c.renewal_start()),
        )];
        Form::registration(
            Registration::Contract(Contracting::Renew { id: c.id }),
            format!("{} {} ({} -> )", s.form_renew, c.team, c.end),
            fields,
            lang,
            rules,
            today,
        )
    }

    pub fn end_contract(c: &ContractRow, lang: Lang, rules: &Rules, today: NaiveDate) -> Form {
        let s = strings::strings(lang);
        let fields = vec![
            Field::day(FieldId::Day, s.f_last_day, today),
            Field::new(FieldId::Reason, s.f_reason, FieldKind::Text, ""),
        ];
        Form::registration(
            Registration::Contract(Contracting::End { id: c.id }),
            format!("{} {} ({}~{})", s.form_end_contract, c.team, c.start, c.end),
            fields,
            lang,
            rules,
            today,
        )
    }

    pub(super) fn submit_contract(&mut self, c: Contracting) -> Result<Command, RegistrationFail> {
        let s = strings::strings(self.lang);
        let date = |f: &Form, id| f.date(id).ok_or(RegistrationFail::Field(id));
        Ok(match c {
            Contracting::Sign { resident, teams } => {
                let team = self
                    .field(FieldId::Person)
                    .and_then(|f| teams.get(f.choice))
                    .copied()
                    .ok_or(RegistrationFail::Field(FieldId::Person))?;
                let (from, to) = (date(self, FieldId::Day)?, date(self, FieldId::NextVisit)?);
                Command::new(move |db| {
                    db.sign_contract(resident, team, from, to)?;
                    Ok(format!("{}{}{from}~{to}", s.signed, s.colon).into())
                })
            }
            Contracting::Renew { id } => {
                let to = date(self, FieldId::NextVisit)?;
                Command::new(move |db| {
                    db.renew_contract(id, to)?;
                    Ok(format!("{}{}{to}", s.renewed, s.colon).into())
                })
            }
            Contracting::End { id } => {
                let last = date(self, FieldId::Day)?;
                let reason = self
                    .field(FieldId::Reason)
                    .map(Field::text)
                    .unwrap_or_default();
                if reason.is_empty() {
                    return Err(RegistrationFail::Field(FieldId::Reason));
                }
                Command::new(move |db| {
                    db.end_contract(id, last, &reason)?;
                    Ok(format!("{}{}{last} {reason}", s.contract_ended, s.colon).into())
                })
            }
        })
    }
}
