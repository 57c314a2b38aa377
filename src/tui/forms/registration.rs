//! Registration forms (issue 11): a township, villages and grids, households,
//! residents, their chronic conditions, and a move to another household.
//! Each is a field table and one domain command of `db::register`; the
//! command line and the importer issue the same commands.

use super::command::{Command, Saved, saved_as};
use super::{Field, FieldId, FieldKind, Form, FormKind, options, yes_no};
use crate::db::{NewCondition, NewHousehold, NewResident};
use crate::domain::model::*;
use crate::domain::rules::Rules;
use crate::snapshot::Snapshot;
use crate::words::{self as strings, Lang};
use chrono::NaiveDate;

/// The relation to the household's head, starting on option `start`.
pub(super) fn relation_choice(lang: Lang, start: usize) -> Field {
    let options = options(Relation::ALL, Relation::code, |r| {
        strings::relation(lang, r)
    });
    Field::choice(
        FieldId::Relation,
        strings::strings(lang).f_relation,
        options,
        start,
    )
}

/// Every grid with its village as one choice, starting on grid `at`, and
/// the (village, grid) each row stands for.
fn place_choice(snap: &Snapshot, at: Option<i64>, label: &'static str) -> (Field, Vec<(i64, i64)>) {
    let mut places = Vec::new();
    let mut labels = Vec::new();
    for g in &snap.town.grids {
        let village = snap
            .town
            .villages
            .iter()
            .find(|v| v.id == g.village_id)
            .map_or("", |v| v.name.as_str());
        places.push((g.village_id, g.id));
        labels.push(("", crate::domain::places::grid_label(village, &g.name)));
    }
    let start = at
        .and_then(|g| places.iter().position(|p| p.1 == g))
        .unwrap_or(0);
    (Field::choice(FieldId::Place, label, labels, start), places)
}

/// What a registration form makes.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Registration {
    /// The first thing a new database needs: its county and township.
    Township,
    Village {
        township: i64,
    },
    Grid {
        village: i64,
    },
    Rename {
        grid: bool,
        id: i64,
    },
    /// (village, grid) of each row of the place choice.
    Household {
        places: Vec<(i64, i64)>,
    },
    Resident {
        household: i64,
    },
    /// A household's address and place, with the place choice's rows.
    EditHousehold {
        id: i64,
        places: Vec<(i64, i64)>,
    },
    Condition {
        resident: i64,
    },
    Move {
        resident: i64,
        to: i64,
    },
    /// The conditions under management, one per row of the choice.
    EndCondition {
        resident: i64,
        conditions: Vec<Condition>,
    },
    /// The rosters: people, grid cover, teams, volunteers (issue 12).
    Staffing(super::Staffing),
    /// Family-doctor contracts (issue 14).
    Contract(super::Contracting),
    /// A referral sent from the resident screen (issue 14, §7).
    SendReferral {
        resident: i64,
    },
    /// A printed batch keyed in, a row a save (issue 29 item 4).
    KeyIn(Box<super::keyin::KeyInRow>),
    /// A health-education event and who came to it (issue 32).
    Event(super::event::EventChoices),
    Attend {
        event: i64,
    },
    /// A resident's one-person-one-plan and its review date (issue 14, §2 ★1).
    CarePlan {
        resident: i64,
    },
    /// A step of a referral (issue 14): received, returned down, closed.
    Referral {
        id: i64,
        step: crate::domain::referral::Transition,
    },
    /// A task moved into or out of a week's plan by hand (issue 16).
    PlanMove(super::PlanMove),
}

impl Form {
    pub(super) fn registration(
        r: Registration,
        title: String,
        fields: Vec<Field>,
        lang: Lang,
        rules: &Rules,
        today: NaiveDate,
    ) -> Form {
        Form::new(FormKind::Register(r), title, fields, lang, rules, today)
    }

    /// A registration form on one record, titled "what · its name" (a
    /// household's new member, a resident's condition or referral).
    pub(super) fn registration_on(
        r: Registration,
        what: &str,
        name: &str,
        fields: Vec<Field>,
        lang: Lang,
        rules: &Rules,
        today: NaiveDate,
    ) -> Form {
        Form::registration(r, format!("{what} · {name}"), fields, lang, rules, today)
    }

    pub fn new_township(lang: Lang, rules: &Rules, today: NaiveDate) -> Form {
        let s = strings::strings(lang);
        let fields = vec![
            Field::new(FieldId::County, s.f_county, FieldKind::Text, ""),
            Field::new(FieldId::PlaceName, s.f_township, FieldKind::Text, ""),
        ];
        Form::registration(
            Registration::Township,
            s.form_new_township.to_string(),
            fields,
            lang,
            rules,
            today,
        )
    }

    pub fn new_village(township: i64, lang: Lang, rules: &Rules, today: NaiveDate) -> Form {
        let s = strings::strings(lang);
        let fields = vec![Field::new(
            FieldId::PlaceName,
            s.f_village_name,
            FieldKind::Text,
            "",
        )];
        Form::registration(
            Registration::Village { township },
            s.form_new_village.to_string(),
            fields,
            lang,
            rules,
            today,
        )
    }

    pub fn new_grid(village: (i64, &str), lang: Lang, rules: &Rules, today: NaiveDate) -> Form {
        let s = strings::strings(lang);
        let fields = vec![Field::new(
            FieldId::PlaceName,
            s.f_grid_name,
            FieldKind::Text,
            "",
        )];
        let r = Registration::Grid { village: village.0 };
        Form::registration_on(r, s.form_new_grid, village.1, fields, lang, rules, today)
    }

    pub fn rename_place(
        grid: bool,
        id: i64,
        name: &str,
        lang: Lang,
        rules: &Rules,
        today: NaiveDate,
    ) -> Form {
        let s = strings::strings(lang);
        let label = if grid {
            s.f_grid_name
        } else {
            s.f_village_name
        };
        let fields = vec![Field::new(FieldId::PlaceName, label, FieldKind::Text, name)];
        Form::registration(
            Registration::Rename { grid, id },
            format!("{} · {name}", s.form_rename),
            fields,
            lang,
            rules,
            today,
        )
    }

    /// A new household; the place choice lists every grid with its village,
    /// starting on `at` (the grid selected on the rosters).
    pub fn new_household(snap: &Snapshot, at: Option<i64>, lang: Lang, today: NaiveDate) -> Form {
        let s = strings::strings(lang);
        let (place, places) = place_choice(snap, at, s.f_place);
        let fields = vec![
            place,
            Field::new(FieldId::Address, s.f_address, FieldKind::Text, ""),
            Field::day(FieldId::Date, s.f_registered, today),
        ];
        let mut f = Form::registration(
            Registration::Household { places },
            s.form_new_household.to_string(),
            fields,
            lang,
            &snap.rules,
            today,
        );
        f.focus = 1;
        f
    }

    /// A household's address and its village and grid.
    pub fn edit_household(snap: &Snapshot, h: &Household, lang: Lang, today: NaiveDate) -> Form {
        let s = strings::strings(lang);
        let (place, places) = place_choice(snap, Some(h.grid_id), s.f_place);
        let fields = vec![
            Field::new(FieldId::Address, s.f_address, FieldKind::Text, &h.address),
            place,
        ];
        Form::registration(
            Registration::EditHousehold { id: h.id, places },
            format!("{} · {}", s.form_household, h.display_name()),
            fields,
            lang,
            &snap.rules,
            today,
        )
    }

    /// A new member of a household: the ID number gives birth date and sex,
    /// shown beside it as it is typed.
    pub fn new_resident(
        household: (i64, &str),
        lang: Lang,
        rules: &Rules,
        today: NaiveDate,
    ) -> Form {
        let s = strings::strings(lang);
        let fields = vec![
            Field::new(FieldId::Name, s.f_name, FieldKind::Text, ""),
            Field::new(FieldId::IdNumber, s.f_id_number, FieldKind::Text, ""),
            Field::new(FieldId::Phone, s.f_phone, FieldKind::Text, ""),
            relation_choice(lang, 0),
            Field::choice(FieldId::LivesAlone, s.f_lives_alone, yes_no(s), 0),
            Field::choice(FieldId::Disabled, s.f_disabled, yes_no(s), 0),
            Field::choice(FieldId::Ill, s.f_ill, yes_no(s), 0),
            Field::day(FieldId::Date, s.f_registered, today),
        ];
        let r = Registration::Resident {
            household: household.0,
        };
        Form::registration_on(
            r,
            s.form_new_resident,
            household.1,
            fields,
            lang,
            rules,
            today,
        )
    }

    /// A diagnosis: the condition and the dates of diagnosis and of management.
    pub fn new_condition(
        resident: (i64, &str),
        lang: Lang,
        rules: &Rules,
        today: NaiveDate,
    ) -> Form {
        let s = strings::strings(lang);
        let fields = vec![
            Field::choice(
                FieldId::Condition,
                s.f_condition,
                options(Condition::ALL, Condition::code, |c| {
                    strings::condition(lang, c)
                }),
                0,
            ),
            Field::day(FieldId::Diagnosed, s.f_diagnosed, today),
            Field::day(FieldId::ManagedFrom, s.f_managed_from, today),
        ];
        let r = Registration::Condition {
            resident: resident.0,
        };
        Form::registration_on(
            r,
            s.form_new_condition,
            resident.1,
            fields,
            lang,
            rules,
            today,
        )
    }

    /// Ends the management of one of a resident's conditions, with a reason
    /// and a date; `None` when nothing is under management.
    pub fn end_condition(
        r: &Resident,
        lang: Lang,
        rules: &Rules,
        today: NaiveDate,
    ) -> Option<Form> {
        let s = strings::strings(lang);
        let conditions: Vec<Condition> = r.managed_conditions(today).map(|c| c.condition).collect();
        if conditions.is_empty() {
            return None;
        }
        let reasons = [
            EndReason::Lost,
            EndReason::Refused,
            EndReason::Transferred,
            EndReason::Moved,
            EndReason::Death,
        ];
        let fields = vec![
            Field::choice(
                FieldId::Condition,
                s.f_condition,
                options(&conditions, Condition::code, |c| {
                    strings::condition(lang, c)
                }),
                0,
            ),
            Field::choice(
                FieldId::Reason,
                s.f_reason,
                options(&reasons, EndReason::code, |e| strings::end_reason(lang, e)),
                0,
            ),
            Field::day(FieldId::Date, s.f_date, today),
        ];
        Some(Form::registration(
            Registration::EndCondition {
                resident: r.id,
                conditions,
            },
            format!("{} · {}", s.form_end_condition, r.name),
            fields,
            lang,
            rules,
            today,
        ))
    }

    /// A move to household `to` (chosen in the household picker).
    pub fn move_resident(
        resident: (i64, &str),
        to: (i64, &str),
        lang: Lang,
        rules: &Rules,
        today: NaiveDate,
    ) -> Form {
        let s = strings::strings(lang);
        let fields = vec![
            relation_choice(lang, 1),
            Field::day(FieldId::Date, s.f_moved_on, today),
        ];
        Form::registration(
            Registration::Move {
                resident: resident.0,
                to: to.0,
            },
            format!("{} · {} -> {}", s.form_move, resident.1, to.1),
            fields,
            lang,
            rules,
            today,
        )
    }

    pub(super) fn text_of(&self, id: FieldId) -> String {
        self.field(id).map(Field::text).unwrap_or_default()
    }

    /// The (village, grid) the place choice stands on.
    fn place(&self, places: &[(i64, i64)]) -> Result<(i64, i64), RegistrationFail> {
        self.field(FieldId::Place)
            .and_then(|f| places.get(f.choice))
            .copied()
            .ok_or(RegistrationFail::Field(FieldId::Place))
    }

    fn relation(&self) -> Relation {
        self.field(FieldId::Relation)
            .and_then(|f| Relation::from_code(f.code()))
            .unwrap_or(Relation::Other)
    }

    /// Checks a registration form; returns the command that saves it (and
    /// names what it made, for the app to open).
    pub(super) fn submit_registration(
        &mut self,
        r: Registration,
    ) -> Result<Command, RegistrationFail> {
        let s = strings::strings(self.lang);
        let (lang, today) = (self.lang, self.today);
        let need_date = |f: &Form, id| f.date(id).ok_or(RegistrationFail::Field(id));
        // what must be filled in, before the database is asked
        for id in [
            FieldId::County,
            FieldId::PlaceName,
            FieldId::Address,
            FieldId::Name,
            FieldId::IdNumber,
        ] {
            if self.field(id).is_some_and(|f| f.text().is_empty()) {
                return Err(RegistrationFail::Field(id));
            }
        }
        Ok(match r {
            Registration::Township => {
                let (county, town) = (
                    self.text_of(FieldId::County),
                    self.text_of(FieldId::PlaceName),
                );
                Command::new(move |db| {
                    db.add_township(&county, &town)?;
                    Ok(saved_as(s, &town).into())
                })
            }
            Registration::Village { township } => {
                let name = self.text_of(FieldId::PlaceName);
                Command::new(move |db| {
                    db.add_village(township, &name)?;
                    Ok(saved_as(s, &name).into())
                })
            }
            Registration::Grid { village } => {
                let name = self.text_of(FieldId::PlaceName);
                Command::new(move |db| {
                    db.add_grid(village, &name)?;
                    Ok(saved_as(s, &name).into())
                })
            }
            Registration::Rename { grid, id } => {
                let name = self.text_of(FieldId::PlaceName);
                Command::new(move |db| {
                    db.rename_place(grid, id, &name)?;
                    Ok(saved_as(s, &name).into())
                })
            }
            Registration::EditHousehold { id, places } => {
                let (village_id, grid_id) = self.place(&places)?;
                let address = self.text_of(FieldId::Address);
                Command::new(move |db| {
                    db.edit_household(id, village_id, grid_id, &address)?;
                    Ok(s.saved.to_string().into())
                })
            }
            Registration::Household { places } => {
                let (village_id, grid_id) = self.place(&places)?;
                let address = self.text_of(FieldId::Address);
                let h = NewHousehold {
                    village_id,
                    grid_id,
                    address: address.clone(),
                    registered_on: need_date(self, FieldId::Date)?,
                };
                Command::new(move |db| {
                    let id = db.add_household(&h, today)?;
                    Ok(Saved {
                        said: saved_as(s, &address),
                        created: Some(Subject::Household(id)),
                        ..Saved::default()
                    })
                })
            }
            Registration::Resident { household } => {
                let yes = |f: &Form, id| f.field(id).is_some_and(|x| x.code() == "1");
                let phone = self.text_of(FieldId::Phone);
                let r = NewResident {
                    household_id: household,
                    name: self.text_of(FieldId::Name),
                    id_number: self.text_of(FieldId::IdNumber),
                    phone: (!phone.is_empty()).then_some(phone),
                    relation: self.relation(),
                    lives_alone_no_carer: yes(self, FieldId::LivesAlone),
                    disabled: yes(self, FieldId::Disabled),
                    seriously_ill: yes(self, FieldId::Ill),
                    registered_on: need_date(self, FieldId::Date)?,
                };
                Command::new(move |db| {
                    db.add_resident(&r, today)?;
                    Ok(saved_as(s, &r.name).into())
                })
            }
            Registration::Condition { resident } => {
                let condition = self
                    .field(FieldId::Condition)
                    .and_then(|f| Condition::from_code(f.code()))
                    .unwrap_or(Condition::Other);
                let c = NewCondition {
                    resident_id: resident,
                    condition,
                    diagnosed_on: need_date(self, FieldId::Diagnosed)?,
                    managed_from: need_date(self, FieldId::ManagedFrom)?,
                };
                Command::new(move |db| {
                    db.add_condition(&c, today)?;
                    Ok(saved_as(s, strings::condition(lang, condition)).into())
                })
            }
            Registration::EndCondition {
                resident,
                conditions,
            } => {
                let condition = self
                    .field(FieldId::Condition)
                    .and_then(|f| conditions.get(f.choice))
                    .copied()
                    .ok_or(RegistrationFail::Field(FieldId::Condition))?;
                let reason = self
                    .field(FieldId::Reason)
                    .and_then(|f| EndReason::from_code(f.code()))
                    .unwrap_or(EndReason::Lost);
                let date = need_date(self, FieldId::Date)?;
                Command::new(move |db| {
                    db.end_condition(resident, condition, reason, date, today)?;
                    Ok(format!(
                        "{}{}{} {}",
                        s.ended,
                        s.colon,
                        strings::condition(lang, condition),
                        strings::end_reason(lang, reason)
                    )
                    .into())
                })
            }
            Registration::Staffing(st) => self.submit_staffing(st)?,
            Registration::Contract(c) => self.submit_contract(c)?,
            Registration::Referral { id, step } => self.submit_referral(id, step)?,
            Registration::PlanMove(m) => self.submit_plan_move(m)?,
            Registration::CarePlan { resident } => self.submit_care_plan(resident)?,
            Registration::KeyIn(k) => self.submit_key_in(*k)?,
            Registration::Event(c) => self.submit_event(c)?,
            Registration::Attend { event } => self.submit_attend(event)?,
            Registration::SendReferral { resident } => self.submit_send_referral(resident)?,
            Registration::Move { resident, to } => {
                let date = need_date(self, FieldId::Date)?;
                let (relation, title) = (self.relation(), self.title.clone());
                Command::new(move |db| {
                    db.move_resident(resident, to, relation, date, today)?;
                    Ok(Saved {
                        said: saved_as(s, &title),
                        created: Some(Subject::Resident(resident)),
                        ..Saved::default()
                    })
                })
            }
        })
    }
}

/// Why a registration did not save: a field to fill (the database's own
/// refusals come when the app carries the command out).
pub enum RegistrationFail {
    Field(FieldId),
}
