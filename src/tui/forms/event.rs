//! The events screen's forms (issue 32 item 1): `a` records a
//! health-education event (date, held by the township health centre or a
//! village clinic, kind, topic, speaker from the rosters, place) through
//! `Db::add_event`, what `gridcare event add` calls; `t` takes one attendee
//! onto the selected event — typed as `gridcare event attend --who` takes
//! them (pinyin initials, name, the ID number's tail: `Db::find_person`), or
//! a visitor from outside the township (counted, not registered) — through
//! `Db::attend`, the command line's write.

use super::command::{Command, Failed};
use super::registration::RegistrationFail;
use super::{Field, FieldId, FieldKind, Form, Registration, options};
use crate::db::{Attendee, EventRow, NewEvent};
use crate::domain::events::EventKind;
use crate::tui::screens::{Ctx, Effect};
use crate::words::{self as strings};

/// What the event form's choices stand for, row by row.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct EventChoices {
    pub township: i64,
    /// None: the township health centre; else a village clinic.
    pub held_by: Vec<Option<i64>>,
    /// None: no speaker named.
    pub speakers: Vec<Option<i64>>,
}

/// `a` on the events screen: the new-event form, held by the township
/// health centre today unless changed.
pub fn event_form(cx: &Ctx) -> Effect {
    let s = strings::strings(cx.lang);
    let zh = cx.lang == strings::Lang::Zh;
    let Some(township) = crate::tui::screens::township(cx) else {
        return Effect::Say(s.empty_no_households.to_string());
    };
    let staff = match cx.db.staff() {
        Ok(st) => st,
        Err(e) => return Effect::Say(strings::db_error(cx.lang, &e)),
    };
    let mut held_by = vec![None];
    let mut held_labels = vec![("", s.ev_centre.to_string())];
    for v in &cx.snap.town.villages {
        held_by.push(Some(v.id));
        held_labels.push(("", v.name.clone()));
    }
    let mut speakers = vec![None];
    let mut speaker_labels = vec![("", s.ev_no_speaker.to_string())];
    for p in staff.iter().filter(|p| p.active) {
        speakers.push(Some(p.id));
        speaker_labels.push(("", p.name.clone()));
    }
    let kinds = options(EventKind::ALL, EventKind::code, |k| k.name(zh));
    let fields = vec![
        Field::day(FieldId::Date, s.ev_date, cx.today),
        Field::choice(FieldId::Village, s.ev_held_by, held_labels, 0),
        Field::choice(FieldId::Mode, s.ev_kind, kinds, 0),
        Field::new(FieldId::PushTopic, s.ev_topic, FieldKind::Text, ""),
        Field::choice(FieldId::Worker, s.ev_speaker, speaker_labels, 0),
        Field::new(FieldId::Reason, s.ev_place, FieldKind::Text, ""),
    ];
    crate::tui::screens::form(Form::registration(
        Registration::Event(EventChoices {
            township,
            held_by,
            speakers,
        }),
        s.form_event.to_string(),
        fields,
        cx.lang,
        &cx.snap.rules,
        cx.today,
    ))
}

/// `t` on the events screen: who came to event `e`, one a save.
pub fn attend_form(cx: &Ctx, e: &EventRow) -> Effect {
    let s = strings::strings(cx.lang);
    let mut who = Field::new(FieldId::Person, s.ev_who, FieldKind::Text, "");
    who.placeholder = Some(s.ev_who_hint.to_string());
    who.input.set_placeholder_text(s.ev_who_hint);
    let fields = vec![
        who,
        Field::new(FieldId::Reason, s.ev_visitor_name, FieldKind::Text, ""),
    ];
    crate::tui::screens::form(Form::registration(
        Registration::Attend { event: e.id },
        strings::fill(s.form_attend, &[&e.held_on, &e.topic]),
        fields,
        cx.lang,
        &cx.snap.rules,
        cx.today,
    ))
}

impl Form {
    pub(super) fn submit_event(&mut self, c: EventChoices) -> Result<Command, RegistrationFail> {
        let (lang, today) = (self.lang, self.today);
        let s = strings::strings(lang);
        let held_on = self
            .date(FieldId::Date)
            .ok_or(RegistrationFail::Field(FieldId::Date))?;
        let pick = |f: &Form, id, rows: &[Option<i64>]| {
            f.field(id)
                .and_then(|f| rows.get(f.choice))
                .copied()
                .ok_or(RegistrationFail::Field(id))
        };
        let village_id = pick(self, FieldId::Village, &c.held_by)?;
        let speaker_id = pick(self, FieldId::Worker, &c.speakers)?;
        let kind = self
            .field(FieldId::Mode)
            .and_then(|f| EventKind::from_code(f.code()))
            .unwrap_or(EventKind::Lecture);
        let topic = self.text_of(FieldId::PushTopic);
        if topic.is_empty() {
            return Err(RegistrationFail::Field(FieldId::PushTopic));
        }
        let e = NewEvent {
            kind,
            held_on,
            township_id: c.township,
            village_id,
            topic,
            speaker_id,
            place: self.text_of(FieldId::Reason),
        };
        Ok(Command::new(move |db| {
            let id = db.add_event(&e, today)?;
            Ok(strings::fill(
                s.ev_saved,
                &[
                    &id,
                    &e.kind.name(lang == strings::Lang::Zh),
                    &e.held_on,
                    &e.topic,
                ],
            )
            .into())
        }))
    }

    pub(super) fn submit_attend(&mut self, event: i64) -> Result<Command, RegistrationFail> {
        let (lang, today) = (self.lang, self.today);
        let s = strings::strings(lang);
        let typed = self.text_of(FieldId::Person);
        let visitor = self.text_of(FieldId::Reason);
        if typed.is_empty() && visitor.is_empty() {
            return Err(RegistrationFail::Field(FieldId::Person));
        }
        Ok(Command::new(move |db| {
            let mut said = Vec::new();
            if !typed.is_empty() {
                let (id, name) = db
                    .find_person(&typed, today)
                    .map_err(|e| Failed::Field(FieldId::Person, strings::db_error(lang, &e)))?;
                let earned = db.attend(event, &Attendee::Resident(id))?;
                let balance = db.points_balance(id)?;
                said.push(strings::fill(s.ev_attended, &[&name, &earned, &balance]));
            }
            if !visitor.is_empty() {
                db.attend(event, &Attendee::Visitor(visitor.clone()))?;
                said.push(strings::fill(s.ev_visitor_came, &[&visitor]));
            }
            Ok(said.join("；").into())
        }))
    }
}
