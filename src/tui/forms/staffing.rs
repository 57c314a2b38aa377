//! Roster forms (issue 12, domain.md §1, §5): people (grid workers and
//! doctors), a grid's worker, a leaver's handover, family-doctor teams and
//! their members, volunteers. Each is a field table and one command of
//! `db::roster`, the same the `gridcare roster` commands issue.

use super::command::{Command, saved_as};
use super::registration::RegistrationFail;
use super::{Field, FieldId, FieldKind, Form, Registration, options};
use crate::db::NewStaff;
use crate::domain::model::StaffRole;
use crate::domain::rules::Rules;
use crate::roster::{Person, Roster};
use crate::snapshot::Snapshot;
use crate::words::{self as strings, Lang};
use chrono::NaiveDate;

/// What a roster form does; dynamic choices keep the ids of their rows.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Staffing {
    /// A new person; the village choice's rows (None: no village).
    Person {
        villages: Vec<Option<i64>>,
    },
    Edit {
        id: i64,
    },
    /// A person leaves: for each grid they cover, the grid workers offered.
    Leave {
        id: i64,
        name: String,
        grids: Vec<i64>,
        workers: Vec<i64>,
    },
    /// A grid's worker from a date; the grid's name, the workers offered.
    Assign {
        grid: (i64, String),
        workers: Vec<(i64, String)>,
    },
    Team {
        villages: Vec<i64>,
    },
    Member {
        team: i64,
        staff: Vec<i64>,
    },
    Volunteer,
    StepDown {
        id: i64,
        name: String,
    },
    /// A group's new volunteer, from the village's free ones (id, name).
    GroupVolunteer {
        group: (i64, String),
        volunteers: Vec<(i64, String)>,
    },
}

/// The people a choice offers, as "name (role)".
fn people_choice(lang: Lang, people: &[&Person]) -> Vec<(&'static str, String)> {
    people
        .iter()
        .map(|p| {
            let role = p.role.map_or("", |r| strings::staff_role(lang, r));
            ("", format!("{} ({role})", p.staff.name))
        })
        .collect()
}

fn village_names(snap: &Snapshot) -> Vec<(&'static str, String)> {
    snap.town
        .villages
        .iter()
        .map(|v| ("", v.name.clone()))
        .collect()
}

impl Form {
    fn staffing(
        st: Staffing,
        title: String,
        fields: Vec<Field>,
        lang: Lang,
        rules: &Rules,
        today: NaiveDate,
    ) -> Form {
        Form::registration(
            Registration::Staffing(st),
            title,
            fields,
            lang,
            rules,
            today,
        )
    }

    /// A new grid worker or doctor, in the selected village by default.
    pub fn new_staff(snap: &Snapshot, village: Option<i64>, lang: Lang, today: NaiveDate) -> Form {
        let s = strings::strings(lang);
        let roles = options(StaffRole::ALL, StaffRole::code, |r| {
            strings::staff_role(lang, r)
        });
        let mut villages: Vec<Option<i64>> = vec![None];
        villages.extend(snap.town.villages.iter().map(|v| Some(v.id)));
        let mut names = vec![("", s.no_village.to_string())];
        names.extend(village_names(snap));
        let at = villages.iter().position(|v| *v == village).unwrap_or(0);
        let fields = vec![
            Field::new(FieldId::Name, s.f_name, FieldKind::Text, ""),
            Field::choice(FieldId::Role, s.f_role, roles, 0),
            Field::new(FieldId::Phone, s.f_phone, FieldKind::Text, ""),
            Field::choice(FieldId::Village, s.f_village, names, at),
        ];
        Form::staffing(
            Staffing::Person { villages },
            s.form_new_staff.to_string(),
            fields,
            lang,
            &snap.rules,
            today,
        )
    }

    pub fn edit_staff(p: &Person, lang: Lang, rules: &Rules, today: NaiveDate) -> Form {
        let s = strings::strings(lang);
        let fields = vec![
            Field::new(FieldId::Name, s.f_name, FieldKind::Text, &p.staff.name),
            Field::new(
                FieldId::Phone,
                s.f_phone,
                FieldKind::Text,
                p.staff.phone.as_deref().unwrap_or(""),
            ),
        ];
        Form::staffing(
            Staffing::Edit { id: p.staff.id },
            format!("{} {}", s.form_edit_staff, p.staff.name),
            fields,
            lang,
            rules,
            today,
        )
    }

    /// A person leaves: from which day, and who takes each of their grids
    /// (§1: every grid keeps a worker). None when a grid has nobody to go to.
    pub fn end_staff(
        snap: &Snapshot,
        roster: &Roster,
        p: &Person,
        lang: Lang,
        rules: &Rules,
        today: NaiveDate,
    ) -> Option<Form> {
        let s = strings::strings(lang);
        let others = roster.grid_workers(Some(p.staff.id));
        if !p.grids.is_empty() && others.is_empty() {
            return None;
        }
        // The usual choice: the least busy worker of the grid's village, else
        // of the township.
        let idlest = |village: Option<i64>| {
            others
                .iter()
                .enumerate()
                .filter(|(_, w)| village.is_none_or(|v| w.villages.contains(&v)))
                .min_by(|a, b| a.1.load.week().total_cmp(&b.1.load.week()))
                .map(|(i, _)| i)
        };
        let mut fields = vec![Field::day(FieldId::Day, s.f_date, today)];
        for (i, (g, grid)) in p.grids.iter().enumerate() {
            let village = snap
                .town
                .grids
                .iter()
                .find(|x| x.id == *g)
                .map(|x| x.village_id);
            let idlest = idlest(village).or(idlest(None)).unwrap_or(0);
            let opts = others
                .iter()
                // ASCII ->: arrows are of ambiguous width in CJK terminals
                .map(|w| ("", format!("{grid} -> {}", w.staff.name)))
                .collect();
            fields.push(Field::choice(
                FieldId::Handover(i as u8),
                s.f_handover,
                opts,
                idlest,
            ));
        }
        Some(Form::staffing(
            Staffing::Leave {
                id: p.staff.id,
                name: p.staff.name.clone(),
                grids: p.grids.iter().map(|g| g.0).collect(),
                workers: others.iter().map(|w| w.staff.id).collect(),
            },
            format!("{} {}", s.form_end_staff, p.staff.name),
            fields,
            lang,
            rules,
            today,
        ))
    }

    /// Who covers `grid` from a date; starts on `to` (a proposal's worker).
    pub fn assign_grid(
        roster: &Roster,
        grid: (i64, &str),
        to: Option<i64>,
        lang: Lang,
        rules: &Rules,
        today: NaiveDate,
    ) -> Option<Form> {
        let s = strings::strings(lang);
        let workers = roster.grid_workers(None);
        if workers.is_empty() {
            return None;
        }
        let at = to
            .and_then(|t| workers.iter().position(|w| w.staff.id == t))
            .unwrap_or(0);
        let fields = vec![
            Field::choice(
                FieldId::Worker,
                s.f_worker,
                people_choice(lang, &workers),
                at,
            ),
            Field::day(FieldId::Day, s.f_since, today),
        ];
        Some(Form::staffing(
            Staffing::Assign {
                grid: (grid.0, grid.1.to_string()),
                workers: workers
                    .iter()
                    .map(|w| (w.staff.id, w.staff.name.clone()))
                    .collect(),
            },
            format!("{} · {}", s.form_assign, grid.1),
            fields,
            lang,
            rules,
            today,
        ))
    }

    pub fn new_team(snap: &Snapshot, village: Option<i64>, lang: Lang, today: NaiveDate) -> Form {
        let s = strings::strings(lang);
        let villages: Vec<i64> = snap.town.villages.iter().map(|v| v.id).collect();
        let at = villages
            .iter()
            .position(|v| Some(*v) == village)
            .unwrap_or(0);
        let fields = vec![
            Field::new(FieldId::Name, s.f_team_name, FieldKind::Text, ""),
            Field::choice(FieldId::Village, s.f_village, village_names(snap), at),
        ];
        Form::staffing(
            Staffing::Team { villages },
            s.form_new_team.to_string(),
            fields,
            lang,
            &snap.rules,
            today,
        )
    }

    /// Put an active person in team `team`, as leader or member, or take them out.
    pub fn team_member(
        roster: &Roster,
        team: (i64, &str),
        lang: Lang,
        rules: &Rules,
        today: NaiveDate,
    ) -> Option<Form> {
        let s = strings::strings(lang);
        let people: Vec<&Person> = roster.people.iter().filter(|p| p.staff.active).collect();
        if people.is_empty() {
            return None;
        }
        let how = vec![
            ("member", s.team_member_opt.to_string()),
            ("leader", s.team_leader_opt.to_string()),
            ("out", s.team_out_opt.to_string()),
        ];
        let fields = vec![
            Field::choice(FieldId::Person, s.f_person, people_choice(lang, &people), 0),
            Field::choice(FieldId::InTeam, s.f_in_team, how, 0),
        ];
        Some(Form::staffing(
            Staffing::Member {
                team: team.0,
                staff: people.iter().map(|p| p.staff.id).collect(),
            },
            format!("{} · {}", s.form_team_member, team.1),
            fields,
            lang,
            rules,
            today,
        ))
    }

    /// A resident, found by ID number, becomes a volunteer (§5).
    pub fn new_volunteer(lang: Lang, rules: &Rules, today: NaiveDate) -> Form {
        let s = strings::strings(lang);
        let fields = vec![
            Field::new(FieldId::IdNumber, s.f_id_number, FieldKind::Text, ""),
            Field::day(FieldId::Day, s.f_since, today),
        ];
        Form::staffing(
            Staffing::Volunteer,
            s.form_new_volunteer.to_string(),
            fields,
            lang,
            rules,
            today,
        )
    }

    pub fn step_down(id: i64, name: &str, lang: Lang, rules: &Rules, today: NaiveDate) -> Form {
        let s = strings::strings(lang);
        let fields = vec![Field::day(FieldId::Day, s.f_last_day, today)];
        Form::staffing(
            Staffing::StepDown {
                id,
                name: name.to_string(),
            },
            format!("{} {name}", s.form_step_down),
            fields,
            lang,
            rules,
            today,
        )
    }

    /// A group's new volunteer: one of the village's free active volunteers.
    pub fn group_volunteer(
        group: (i64, &str),
        volunteers: Vec<(i64, String)>,
        lang: Lang,
        rules: &Rules,
        today: NaiveDate,
    ) -> Option<Form> {
        let s = strings::strings(lang);
        if volunteers.is_empty() {
            return None;
        }
        let names = volunteers.iter().map(|v| ("", v.1.clone())).collect();
        let fields = vec![Field::choice(FieldId::Person, s.volunteer, names, 0)];
        Some(Form::staffing(
            Staffing::GroupVolunteer {
                group: (group.0, group.1.to_string()),
                volunteers,
            },
            format!("{} · {}", s.form_group_volunteer, group.1),
            fields,
            lang,
            rules,
            today,
        ))
    }

    /// The row a dynamic choice stands on.
    fn chosen(&self, id: FieldId, rows: &[i64]) -> Result<i64, RegistrationFail> {
        self.field(id)
            .and_then(|f| rows.get(f.choice))
            .copied()
            .ok_or(RegistrationFail::Field(id))
    }

    pub(super) fn submit_staffing(&mut self, st: Staffing) -> Result<Command, RegistrationFail> {
        let s = strings::strings(self.lang);
        let today = self.today;
        let date = |f: &Form| {
            f.date(FieldId::Day)
                .ok_or(RegistrationFail::Field(FieldId::Day))
        };
        let text = |f: &Form, id| f.field(id).map(Field::text).unwrap_or_default();
        Ok(match st {
            Staffing::Person { villages } => {
                let name = text(self, FieldId::Name);
                let phone = text(self, FieldId::Phone);
                let role = self
                    .field(FieldId::Role)
                    .and_then(|f| StaffRole::from_code(f.code()))
                    .ok_or(RegistrationFail::Field(FieldId::Role))?;
                let village_id = self
                    .field(FieldId::Village)
                    .and_then(|f| villages.get(f.choice))
                    .copied()
                    .flatten();
                Command::new(move |db| {
                    db.add_staff(&NewStaff {
                        name: name.clone(),
                        role,
                        phone: (!phone.is_empty()).then_some(phone),
                        village_id,
                    })?;
                    Ok(saved_as(s, &name).into())
                })
            }
            Staffing::Edit { id } => {
                let name = text(self, FieldId::Name);
                let phone = text(self, FieldId::Phone);
                Command::new(move |db| {
                    db.edit_staff(id, &name, (!phone.is_empty()).then_some(phone.as_str()))?;
                    Ok(saved_as(s, &name).into())
                })
            }
            Staffing::Leave {
                id,
                name,
                grids,
                workers,
            } => {
                let day = date(self)?;
                let mut handover = Vec::new();
                for (i, g) in grids.iter().enumerate() {
                    handover.push((*g, self.chosen(FieldId::Handover(i as u8), &workers)?));
                }
                Command::new(move |db| {
                    db.end_staff(id, day, &handover)?;
                    Ok(format!("{}{}{name}", s.left_job, s.colon).into())
                })
            }
            Staffing::Assign { grid, workers } => {
                let (to, who) = self
                    .field(FieldId::Worker)
                    .and_then(|f| workers.get(f.choice))
                    .cloned()
                    .ok_or(RegistrationFail::Field(FieldId::Worker))?;
                let day = date(self)?;
                Command::new(move |db| {
                    db.assign_grid(grid.0, to, day)?;
                    Ok(strings::fill(s.handover_done, &[&grid.1, &who]).into())
                })
            }
            Staffing::Team { villages } => {
                let name = text(self, FieldId::Name);
                let village = self.chosen(FieldId::Village, &villages)?;
                Command::new(move |db| {
                    db.add_team(village, &name)?;
                    Ok(saved_as(s, &name).into())
                })
            }
            Staffing::Member { team, staff } => {
                let who = self.chosen(FieldId::Person, &staff)?;
                let how = self
                    .field(FieldId::InTeam)
                    .map_or("member", Field::code)
                    .to_string();
                let named = self
                    .field(FieldId::Person)
                    .map(Field::display)
                    .unwrap_or_default();
                Command::new(move |db| {
                    db.set_team_member(team, who, how != "out", how == "leader")?;
                    Ok(saved_as(s, &named).into())
                })
            }
            Staffing::Volunteer => {
                let typed = text(self, FieldId::IdNumber);
                let from = date(self)?;
                Command::new(move |db| {
                    let (resident, name) = db.resident_by_id_number(&typed, today)?;
                    db.add_volunteer(resident, from)?;
                    Ok(saved_as(s, &name).into())
                })
            }
            Staffing::GroupVolunteer { group, volunteers } => {
                let (v, name) = self
                    .field(FieldId::Person)
                    .and_then(|f| volunteers.get(f.choice))
                    .cloned()
                    .ok_or(RegistrationFail::Field(FieldId::Person))?;
                Command::new(move |db| {
                    db.set_group_volunteer(group.0, v, today)?;
                    Ok(format!("{}{}{} {name}", s.saved, s.colon, group.1).into())
                })
            }
            Staffing::StepDown { id, name } => {
                let day = date(self)?;
                Command::new(move |db| {
                    db.end_volunteer(id, day)?;
                    Ok(format!("{}{}{name}", s.stepped_down, s.colon).into())
                })
            }
        })
    }
}
