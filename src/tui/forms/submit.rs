//! Saving a form: the fields checked, then the command that writes them
//! (see `command`), for the app to carry out.

use super::*;

/// A form that was not saved: it keeps its values and shows why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unsaved;

impl Form {
    /// Checks the form and returns the command that saves it in one
    /// transaction; on error the form keeps its values and shows the message.
    pub fn submit(&mut self) -> Result<Command, Unsaved> {
        let s = strings::strings(self.lang);
        // a drug line half typed is a complaint now, focused or not
        self.strict = true;
        self.refresh();
        self.strict = false;
        if let Some(i) = self.fields.iter().position(|f| f.error.is_some()) {
            self.focus = i;
            return Err(Unsaved);
        }
        // A removal is saved only once confirmed (issue 10, item 8).
        if self.removes() && self.confirm.is_none() {
            self.confirm = Some(s.confirm_removal.to_string());
            return Err(Unsaved);
        }
        if let FormKind::Print {
            who, filter, scope, ..
        } = self.kind.clone()
        {
            let (format, period) = self.print_choice();
            // the one job of the form: to the terminal, or into `output`
            let job = |output: Option<std::path::PathBuf>| crate::print::job::PrintJob {
                who,
                scope,
                period,
                format,
                filter: filter.clone(),
                output,
                font: None,
                printed_on: chrono::Local::now().date_naive(),
                large: false,
            };
            if self.to_terminal_printer() {
                let job = job(None);
                // inside tmux or screen the codes never reach the terminal:
                // say so and send nothing (issue 25 item 17)
                if let Some(m) = print::terminal::multiplexer() {
                    self.error = Some(strings::fill(s.print_multiplexer, &[&m, &m]));
                    return Err(Unsaved);
                }
                let (lang, today, label) = (self.lang, self.today, terminal_label(s));
                return Ok(Command::new(move |db| {
                    match crate::print::job::print_terminal(db, today, &job) {
                        Ok((bytes, done)) => Ok(Saved {
                            // the form's own words for where it went (经 SSH 终端)
                            said: strings::fill(
                                s.printed_terminal,
                                &[&label, &done.sheets, &done.rows],
                            ),
                            to_terminal: Some(bytes),
                            ..Saved::default()
                        }),
                        Err(e) => Err(Failed::Said(print_error(lang, &e))),
                    }
                }));
            }
            let file = self.required_text(FieldId::File)?;
            let job = job(Some(file.into()));
            let (lang, today) = (self.lang, self.today);
            return Ok(Command::new(move |db| match crate::print::job::print_file(
                db, today, &job, lang,
            ) {
                Ok((path, _)) => Ok(format!("{} {}", s.printed, path.display()).into()),
                Err(e) => Err(Failed::Said(print_error(lang, &e))),
            }));
        }
        if let FormKind::PrintRecord { .. } = self.kind {
            return self.submit_print_record();
        }
        if let FormKind::Import { township } = self.kind {
            return self.submit_import(township);
        }
        let (lang, today) = (self.lang, self.today);
        Ok(match self.kind.clone() {
            FormKind::Visit { kind, subject, .. } => {
                let Some(date) = self.date(FieldId::Date) else {
                    return self.fail(FieldId::Date, s.needed);
                };
                let mode = VisitMode::from_code(self.field(FieldId::Mode).map_or("", |f| f.code()))
                    .unwrap_or(VisitMode::Home);
                let mut v = NewVisit::completed(kind, subject, mode, date);
                v.findings = self.findings();
                v.adherence = self
                    .field(FieldId::Adherence)
                    .and_then(|f| Adherence::from_code(f.code()));
                v.lifestyle = self.lifestyle();
                v.next_visit_on = self.date(FieldId::NextVisit);
                v.visited_by = self
                    .field(FieldId::VisitedBy)
                    .map(Field::text)
                    .filter(|t| !t.is_empty());
                v.notes = self.field(FieldId::Notes).map(Field::text);
                v.push = self.field(FieldId::Push).map(|f| {
                    let topic = self.field(FieldId::PushTopic).map(Field::text);
                    (f.code() == "1", topic.unwrap_or_default())
                });
                v.referral = self.referral_choice();
                // the national record and the regimen (issue 27)
                if self.paper.is_some() {
                    v.record = self.record();
                    v.regimen = self.regimen();
                }
                if v.referral.as_ref().is_some_and(|r| r.reason.is_empty()) {
                    return self.fail(FieldId::RefReason, s.needed);
                }
                Command::new(move |db| {
                    Ok(db
                        .record_visit(&v, today)
                        .map(|r| {
                            let colour = r
                                .colour_after
                                .map(|c| format!(" -> {}", strings::colour(lang, c)))
                                .unwrap_or_default();
                            // the referral the result called for was sent with the visit (issue 14)
                            let sent = r
                                .referral_id
                                .map(|id| strings::fill(s.referral_sent, &[&id]))
                                .unwrap_or_default();
                            let class = r
                                .assessment
                                .map(|a| {
                                    let class = strings::classified(lang, &a);
                                    match a.referral {
                                        ReferralNeed::None => class,
                                        need => {
                                            format!("{class} · {}", strings::referral(lang, need))
                                        }
                                    }
                                })
                                .unwrap_or_default();
                            format!(
                                "{}{colour}{}{} {class}{sent}",
                                s.saved,
                                s.colon,
                                strings::kind(lang, kind)
                            )
                        })?
                        .into())
                })
            }
            FormKind::Outcome { kind, subject } => {
                let Some(date) = self.date(FieldId::Date) else {
                    return self.fail(FieldId::Date, s.needed);
                };
                let outcome =
                    Outcome::from_code(self.field(FieldId::Outcome).map_or("", |f| f.code()))
                        .unwrap_or(Outcome::NotHome);
                let mode = VisitMode::from_code(self.field(FieldId::Mode).map_or("", |f| f.code()))
                    .unwrap_or(VisitMode::Phone);
                let mut v = NewVisit::completed(kind, subject, mode, date);
                v.outcome = outcome;
                if outcome == Outcome::CallAgain {
                    match self.date(FieldId::CallAgain) {
                        Some(d) => v.call_again_on = Some(d),
                        None => return self.fail(FieldId::CallAgain, s.needed),
                    }
                }
                if outcome == Outcome::Removed {
                    v.remove_reason = self
                        .field(FieldId::Reason)
                        .and_then(|f| RemoveReason::from_code(f.code()));
                }
                v.notes = self.field(FieldId::Notes).map(Field::text);
                Command::new(move |db| {
                    Ok(db
                        .record_visit(&v, today)
                        .map(|_| {
                            format!("{}{}{}", s.saved, s.colon, strings::outcome(lang, outcome))
                        })?
                        .into())
                })
            }
            FormKind::Resident { id } => {
                let text = |fid| self.field(fid).map(Field::text).unwrap_or_default();
                let yes = |fid| self.field(fid).is_some_and(|f| f.code() == "1");
                if text(FieldId::Name).is_empty() {
                    return self.fail(FieldId::Name, s.needed);
                }
                let id_number = text(FieldId::IdNumber);
                if id_number.is_empty() {
                    return self.fail(FieldId::IdNumber, s.needed);
                }
                let e = ResidentEdit {
                    name: text(FieldId::Name),
                    phone: Some(text(FieldId::Phone)),
                    lives_alone_no_carer: yes(FieldId::LivesAlone),
                    disabled: yes(FieldId::Disabled),
                    seriously_ill: yes(FieldId::Ill),
                    care_plan: None,
                    id_number: Some(id_number),
                    relation: self
                        .field(FieldId::Relation)
                        .and_then(|f| Relation::from_code(f.code())),
                };
                Command::new(move |db| {
                    Ok(db
                        .update_resident(id, &e, today)
                        .map(|_| s.saved.to_string())?
                        .into())
                })
            }
            FormKind::Tier { id } => {
                let tier = self
                    .field(FieldId::Tier)
                    .and_then(|f| f.code().parse::<u8>().ok())
                    .and_then(Tier::new);
                let reason = self
                    .field(FieldId::Reason)
                    .map(Field::text)
                    .unwrap_or_default();
                if tier.is_some() && reason.is_empty() {
                    return self.fail(FieldId::Reason, s.reason_needed);
                }
                Command::new(move |db| {
                    Ok(db
                        .set_tier_override(id, tier, &reason, today)
                        .map(|_| s.saved.to_string())?
                        .into())
                })
            }
            FormKind::Print { .. } | FormKind::PrintRecord { .. } | FormKind::Import { .. } => {
                return Err(Unsaved);
            }
            FormKind::Register(r) => match self.submit_registration(r) {
                Ok(cmd) => cmd,
                // a field with its own complaint (a date that does not
                // exist) keeps it; an empty one is needed
                Err(RegistrationFail::Field(id)) => {
                    let msg = self
                        .field(id)
                        .and_then(|f| f.error.clone())
                        .unwrap_or_else(|| s.needed.to_string());
                    return self.fail(id, &msg);
                }
            },
            FormKind::UndoRemoval { subject, .. } => Command::new(move |db| {
                Ok(db
                    .undo_removal(subject, today)
                    .map(|rm| {
                        format!(
                            "{}{}{} {}",
                            s.undone,
                            s.colon,
                            strings::remove_reason(lang, rm.reason),
                            rm.date
                        )
                    })?
                    .into())
            }),
            FormKind::EndResident { id } => {
                let Some(date) = self.date(FieldId::Date) else {
                    return self.fail(FieldId::Date, s.needed);
                };
                let reason = self
                    .field(FieldId::Reason)
                    .and_then(|f| RemoveReason::from_code(f.code()))
                    .unwrap_or(RemoveReason::Died);
                Command::new(move |db| {
                    Ok(db
                        .end_resident(id, reason, date, today)
                        .map(|_| {
                            format!(
                                "{}{}{} {date}",
                                s.ended,
                                s.colon,
                                strings::remove_reason(lang, reason)
                            )
                        })?
                        .into())
                })
            }
        })
    }

    /// The last save failed because another writer held the database.
    pub fn was_busy(&self) -> bool {
        self.busy
    }

    /// The text of a field that must not be empty (a file to write or read):
    /// empty, it is the field's error ("needed") and the form stays.
    pub(super) fn required_text(&mut self, id: FieldId) -> Result<String, Unsaved> {
        let text = self.text_of(id);
        if text.is_empty() {
            return self.fail(id, strings::strings(self.lang).needed);
        }
        Ok(text)
    }

    pub(super) fn fail<T>(&mut self, id: FieldId, msg: &str) -> Result<T, Unsaved> {
        if let Some(i) = self.fields.iter().position(|f| f.id == id) {
            self.fields[i].error = Some(msg.to_string());
            self.focus = i;
        }
        Err(Unsaved)
    }
}
