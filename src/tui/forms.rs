//! Forms: record a visit or follow-up, record a contact outcome, edit a
//! resident or household, override a tier. Fields are checked as they are
//! typed; a follow-up shows its classification and colour before saving.
//! Esc cancels and writes nothing; Ctrl-S, or Enter on the last field, saves.

mod careplan;
mod contract;
mod draft;
mod import;
mod plan;
mod referral;
mod registration;
mod staffing;

use super::strings::{self, Lang, Strings};
use crate::db::{Db, NewVisit, ResidentEdit};
use crate::domain::calendar::{Cadence, Period};
use crate::domain::colour::colour_of;
use crate::domain::followup::{self, Findings, Lifestyle, Vitals};
use crate::domain::model::*;
use crate::domain::queue::Filter;
use crate::domain::refusal;
use crate::domain::removal::{self, Removal};
use crate::domain::rules::Rules;
use crate::domain::tier::Tier;
use crate::print::{self, PrintSettings, Who};
use chrono::NaiveDate;
pub use contract::Contracting;
pub use import::ImportPlan;
pub use plan::PlanMove;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::TextArea;
pub use registration::Registration;
use registration::RegistrationFail;
pub use staffing::Staffing;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum FieldId {
    Date,
    Mode,
    Sbp,
    Dbp,
    Hr,
    Fpg,
    Weight,
    Height,
    Adherence,
    Adverse,
    Complication,
    Emergency,
    Smoking,
    Drinking,
    Exercise,
    Salt,
    NextVisit,
    VisitedBy,
    Notes,
    Outcome,
    CallAgain,
    /// What an undo reverses (one choice, shown across the row).
    Undo,
    Reason,
    Name,
    Phone,
    LivesAlone,
    Disabled,
    Ill,
    Plan,
    Address,
    Tier,
    Format,
    Period,
    File,
    County,
    PlaceName,
    /// A village and grid, as one choice.
    Place,
    IdNumber,
    Relation,
    Condition,
    Diagnosed,
    ManagedFrom,
    /// Rosters (issue 12).
    Role,
    Village,
    Worker,
    /// Who takes a leaver's n-th grid.
    Handover(u8),
    /// A date that may lie ahead (a handover, a contract's first or last
    /// day), unlike `Date`, the day something happened.
    Day,
    Person,
    InTeam,
    /// What an import reads: residents, households, conditions or visits.
    ImportKind,
    SkipBad,
    CreatePlaces,
    /// A referral's levels and urgency (issue 14, §7).
    RefFrom,
    RefTo,
    Urgency,
    /// The reason of the referral a follow-up proposes (editable before saving).
    RefReason,
}

#[derive(Debug, Clone, PartialEq)]
pub enum FieldKind {
    Text,
    Notes,
    Date,
    /// A number within the plausible range (domain.md §3).
    Number {
        lo: f64,
        hi: f64,
        decimal: bool,
    },
    Choice(Vec<(&'static str, String)>),
}

pub struct Field {
    pub id: FieldId,
    pub label: &'static str,
    pub kind: FieldKind,
    pub input: TextArea<'static>,
    pub choice: usize,
    pub error: Option<String>,
    /// Not asked for now (e.g. the call-again date unless "call again" is chosen).
    pub hidden: bool,
    /// A message shown under the field that does not stop saving (a
    /// call-again date after the task's deadline, issue 10 item 8).
    pub warning: Option<String>,
    /// What the value means, shown beside it (the BMI beside the height).
    pub note: Option<String>,
    /// Shown, dimmed, while the field is empty: what an empty field stands for.
    pub placeholder: Option<String>,
    /// Holds the value the form filled in (a default, the value being
    /// edited), untouched: typing replaces it, like a selected default, until
    /// the cursor is moved or something is deleted (issue 25 item 4). Notes
    /// are never replaced by a keystroke.
    pub fresh: bool,
}

impl Field {
    fn new(id: FieldId, label: &'static str, kind: FieldKind, value: &str) -> Field {
        let mut f = Field {
            id,
            label,
            kind,
            input: TextArea::default(),
            choice: 0,
            error: None,
            hidden: false,
            warning: None,
            note: None,
            placeholder: None,
            fresh: false,
        };
        f.fill(value);
        f
    }
    /// Puts a value the form gives (a default, a proposal) into the field,
    /// the cursor after it: the next character typed replaces it.
    fn fill(&mut self, value: &str) {
        self.input = TextArea::new(vec![value.to_string()]);
        self.input.move_cursor(ratatui_textarea::CursorMove::End);
        self.fresh = !value.is_empty() && self.kind != FieldKind::Notes;
    }
    /// A date field that starts on `day`.
    fn day(id: FieldId, label: &'static str, day: NaiveDate) -> Field {
        Field::new(id, label, FieldKind::Date, &day.to_string())
    }
    fn choice(
        id: FieldId,
        label: &'static str,
        options: Vec<(&'static str, String)>,
        selected: usize,
    ) -> Field {
        let mut f = Field::new(id, label, FieldKind::Choice(options), "");
        f.choice = selected;
        f
    }
    pub fn text(&self) -> String {
        self.input.lines().join("\n").trim().to_string()
    }
    /// Empties the field (`Ctrl-U`, or typing over a filled-in value),
    /// keeping its placeholder.
    fn clear(&mut self) {
        self.input.select_all();
        self.input.cut();
        self.fresh = false;
    }
    /// What the field shows when not being edited.
    pub fn display(&self) -> String {
        match &self.kind {
            FieldKind::Choice(opts) => opts.get(self.choice).map_or(String::new(), |o| o.1.clone()),
            _ => self.text(),
        }
    }
    /// Numbers, dates and phones take ASCII: full-width digits and
    /// punctuation from a Chinese input method are converted as typed.
    pub fn wants_ascii(&self) -> bool {
        matches!(self.kind, FieldKind::Number { .. } | FieldKind::Date)
            || matches!(self.id, FieldId::Phone | FieldId::IdNumber)
    }

    pub fn code(&self) -> &'static str {
        match &self.kind {
            FieldKind::Choice(opts) => opts.get(self.choice).map_or("", |o| o.0),
            _ => "",
        }
    }
}

/// What is wrong with a typed date, without repeating it: "2026 年 2 月没有
/// 30 日（该月只有 28 天）" when it has the shape of a date, else `shape`
/// (write it as YYYY-MM-DD).
fn date_problem(t: &str, lang: Lang, shape: &str) -> String {
    match crate::cli::parse_date(t, lang) {
        Err(m) => match m
            .strip_prefix(&format!("{t}："))
            .or_else(|| m.strip_prefix(&format!("{t}: ")))
        {
            Some(why) => why.to_string(),
            None => shape.to_string(),
        },
        Ok(_) => shape.to_string(),
    }
}

/// A full-width character as its ASCII twin (shared with the importer's
/// ID numbers: `text::halfwidth`).
pub use crate::text::halfwidth;

/// A form kept as a draft is kept as its `FormKind` (serde) and its field
/// table (`forms::draft`); the variants marked `skip` are never kept.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum FormKind {
    /// Registration: places, households, residents, conditions, moves (issue 11).
    Register(Registration),
    Visit {
        kind: VisitKind,
        subject: Subject,
        /// The patient and their recorded visits, for assessing the follow-up
        /// as typed with the same function that saving uses (§3).
        #[serde(skip)]
        patient: Option<Box<(Resident, Vec<VisitRecord>)>>,
    },
    Outcome {
        kind: VisitKind,
        subject: Subject,
    },
    Resident {
        id: i64,
    },
    Tier {
        id: i64,
    },
    EndResident {
        id: i64,
    },
    /// Undo the latest removal of a resident or household (issue 10, item 8).
    /// Only confirms: not kept as a draft.
    #[serde(skip)]
    UndoRemoval {
        subject: Subject,
        removal: Removal,
    },
    /// Print task sheets: whose, with which queue filters, where by default.
    /// Writes nothing: not kept as a draft.
    #[serde(skip)]
    Print {
        who: Who,
        filter: Filter,
        name: String,
        settings: PrintSettings,
        /// The session's township (what is loaded to print).
        scope: crate::db::Scope,
    },
    /// Import a spreadsheet into the session's township (else the first).
    /// A file name and a dry run: not kept as a draft.
    #[serde(skip)]
    Import {
        township: Option<i64>,
    },
}

pub struct Form {
    pub kind: FormKind,
    pub title: String,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// The follow-up's classification and colour, as typed so far.
    pub preview: Option<(String, Option<Colour>)>,
    /// An error from saving that belongs to no single field.
    pub error: Option<String>,
    /// The last save met another writer's lock (issue 17).
    busy: bool,
    /// The last save found its household changed by another session.
    pub changed: bool,
    /// (household, its last change when the form opened): the save is
    /// refused if another session changed the household since (issue 15).
    pub guard: Option<(i64, Option<i64>)>,
    /// Whether `guard` has been taken (once, when the form opens).
    pub guarded: bool,
    /// The question a removal asks before it is saved ("press Ctrl-S again
    /// to confirm"); set by the first Ctrl-S, cleared by any other key.
    pub confirm: Option<String>,
    /// The deadline of the task the form records for: a call-again date
    /// after it is warned about (issue 10, item 8).
    pub due: Option<NaiveDate>,
    /// What a saved registration made, for the app to open.
    pub created: Option<Subject>,
    /// An import checked by a dry run, for the app to show and confirm.
    pub staged: Option<Box<ImportPlan>>,
    /// Sheets for the printer at the far end of the terminal (`ESC[5i` …
    /// `ESC[4i`), for the run loop to send and then redraw (issue 16 item 4).
    pub to_terminal: Option<Vec<u8>>,
    /// The print form's file field got its proposed name (once; after that
    /// it follows format and period only while it holds a proposal).
    path_filled: bool,
    /// Letters typed on a choice field (its index, the letters), to find an
    /// option by name or pinyin initials.
    choice_query: (usize, String),
    /// The values before the first key, to tell whether anything was typed
    /// (a draft is kept only then, issue 15 item 5).
    opened: Option<Vec<(String, String)>>,
    /// The referral proposal the follow-up's referral fields were last filled
    /// from: a new proposal fills them again, the same one keeps the edits.
    referral_filled: Option<crate::domain::referral::Proposal>,
    lang: Lang,
    rules: Rules,
    today: NaiveDate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormEvent {
    Continue,
    Cancel,
    Save,
    /// The form's keys, over the form, which waits beneath (issue 25 item 16).
    Help,
}

fn hidden(mut f: Field) -> Field {
    f.hidden = true;
    f
}

fn yes_no(s: &Strings) -> Vec<(&'static str, String)> {
    vec![("0", s.no.to_string()), ("1", s.yes.to_string())]
}

/// Yes or no, first "not asked" (stored as nothing).
fn unasked_yes_no(s: &Strings) -> Vec<(&'static str, String)> {
    vec![
        ("", s.unasked.to_string()),
        ("0", s.no.to_string()),
        ("1", s.yes.to_string()),
    ]
}

fn options<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: impl Fn(T) -> &'static str,
) -> Vec<(&'static str, String)> {
    all.iter()
        .map(|&x| (code(x), label(x).to_string()))
        .collect()
}

impl Form {
    fn new(
        kind: FormKind,
        title: String,
        fields: Vec<Field>,
        lang: Lang,
        rules: &Rules,
        today: NaiveDate,
    ) -> Form {
        let mut f = Form {
            kind,
            title,
            fields,
            focus: 0,
            preview: None,
            error: None,
            busy: false,
            changed: false,
            guard: None,
            guarded: false,
            confirm: None,
            due: None,
            created: None,
            staged: None,
            to_terminal: None,
            path_filled: false,
            choice_query: (usize::MAX, String::new()),
            opened: None,
            referral_filled: None,
            lang,
            rules: rules.clone(),
            today,
        };
        f.refresh();
        f
    }

    /// A visit of `kind`; a clinical follow-up has vitals and starts on the systolic field.
    pub fn visit(
        kind: VisitKind,
        subject: Subject,
        name: &str,
        patient: Option<Box<(Resident, Vec<VisitRecord>)>>,
        lang: Lang,
        rules: &Rules,
        today: NaiveDate,
    ) -> Form {
        let s = strings::strings(lang);
        // Height changes slowly: the last one measured is offered again.
        let height = patient
            .as_ref()
            .and_then(|p| {
                p.1.iter()
                    .filter(|v| v.findings.vitals.height_cm.is_some())
                    .max_by_key(|v| (v.date, v.id))
                    .and_then(|v| v.findings.vitals.height_cm)
            })
            .map_or(String::new(), |h| format!("{h}"));
        let modes = options(VisitMode::ALL, VisitMode::code, |m| strings::mode(lang, m));
        let default_mode = if kind == VisitKind::Followup { 0 } else { 1 };
        let mut fields = vec![
            Field::new(FieldId::Date, s.f_date, FieldKind::Date, &today.to_string()),
            Field::choice(FieldId::Mode, s.f_mode, modes, default_mode),
        ];
        let clinical = kind.is_clinical_followup();
        if clinical {
            let num = |(lo, hi): (i32, i32)| FieldKind::Number {
                lo: f64::from(lo),
                hi: f64::from(hi),
                decimal: false,
            };
            let dec = |(lo, hi): (f64, f64)| FieldKind::Number {
                lo,
                hi,
                decimal: true,
            };
            fields.extend([
                Field::new(FieldId::Sbp, s.f_sbp, num(followup::SBP_RANGE), ""),
                Field::new(FieldId::Dbp, s.f_dbp, num(followup::DBP_RANGE), ""),
                Field::new(FieldId::Hr, s.f_hr, num(followup::HEART_RATE_RANGE), ""),
                Field::new(FieldId::Fpg, s.f_fpg, dec(followup::FPG_RANGE), ""),
                Field::new(FieldId::Weight, s.f_weight, dec(followup::WEIGHT_RANGE), ""),
                Field::new(
                    FieldId::Height,
                    s.f_height,
                    dec(followup::HEIGHT_RANGE),
                    &height,
                ),
                Field::choice(
                    FieldId::Adherence,
                    s.f_adherence,
                    options(Adherence::ALL, Adherence::code, |a| {
                        strings::adherence(lang, a)
                    }),
                    0,
                ),
                Field::choice(FieldId::Adverse, s.f_adverse, yes_no(s), 0),
                Field::choice(
                    FieldId::Complication,
                    s.f_complication,
                    options(Complication::ALL, Complication::code, |c| {
                        strings::complication(lang, c)
                    }),
                    0,
                ),
                Field::choice(FieldId::Emergency, s.f_emergency, yes_no(s), 0),
                // §3/§7: the referral the result calls for, shown (and
                // editable) only when a rule calls for one (issue 14)
                hidden(referral::level_choice(
                    FieldId::RefTo,
                    s.r_to,
                    &[
                        crate::domain::referral::Level::Township,
                        crate::domain::referral::Level::County,
                    ],
                    crate::domain::referral::Level::County,
                    lang,
                )),
                hidden(Field::new(
                    FieldId::RefReason,
                    s.f_ref_reason,
                    FieldKind::Text,
                    "",
                )),
                hidden(referral::urgency_choice(
                    crate::domain::referral::Urgency::Routine,
                    lang,
                )),
                // §3's lifestyle and next visit come after the readings, so
                // the three-key path (systolic, Tab, diastolic, Ctrl-S) leaves
                // them empty: nothing is stored for a question not asked.
                Field::choice(FieldId::Smoking, s.f_smoking, unasked_yes_no(s), 0),
                Field::choice(FieldId::Drinking, s.f_drinking, unasked_yes_no(s), 0),
                Field::new(
                    FieldId::Exercise,
                    s.f_exercise,
                    num(followup::EXERCISE_RANGE),
                    "",
                ),
                Field::choice(
                    FieldId::Salt,
                    s.f_salt,
                    std::iter::once(("", s.unasked.to_string()))
                        .chain(options(Salt::ALL, Salt::code, |x| strings::salt(lang, x)))
                        .collect(),
                    0,
                ),
                Field::new(FieldId::NextVisit, s.f_next_visit, FieldKind::Date, ""),
            ]);
        }
        let mut by = Field::new(FieldId::VisitedBy, s.f_visited_by, FieldKind::Text, "");
        by.placeholder = Some(s.visited_by_operator.to_string());
        by.input.set_placeholder_text(s.visited_by_operator);
        fields.push(by);
        fields.push(Field::new(FieldId::Notes, s.f_notes, FieldKind::Notes, ""));
        let mut f = Form::new(
            FormKind::Visit {
                kind,
                subject,
                patient,
            },
            format!("{} · {name} · {}", s.form_visit, strings::kind(lang, kind)),
            fields,
            lang,
            rules,
            today,
        );
        if clinical {
            f.focus = 2;
        }
        f
    }

    pub fn outcome(
        kind: VisitKind,
        subject: Subject,
        name: &str,
        lang: Lang,
        rules: &Rules,
        today: NaiveDate,
    ) -> Form {
        let s = strings::strings(lang);
        let outcomes: Vec<Outcome> = Outcome::ALL
            .iter()
            .copied()
            .filter(|o| *o != Outcome::Completed)
            .collect();
        let fields = vec![
            Field::choice(
                FieldId::Outcome,
                s.f_outcome,
                options(&outcomes, Outcome::code, |o| strings::outcome(lang, o)),
                0,
            ),
            Field::new(FieldId::Date, s.f_date, FieldKind::Date, &today.to_string()),
            Field::choice(
                FieldId::Mode,
                s.f_mode,
                options(VisitMode::ALL, VisitMode::code, |m| strings::mode(lang, m)),
                // a grid worker's household visit is made at the home; other
                // tasks' attempts are most often a call (issue 25 item 16)
                if kind == VisitKind::Household {
                    VisitMode::Home as usize
                } else {
                    VisitMode::Phone as usize
                },
            ),
            Field::new(FieldId::CallAgain, s.f_call_again, FieldKind::Date, ""),
            Field::choice(
                FieldId::Reason,
                s.f_reason,
                options(RemoveReason::ALL, RemoveReason::code, |r| {
                    strings::remove_reason(lang, r)
                }),
                0,
            ),
            Field::new(FieldId::Notes, s.f_notes, FieldKind::Notes, ""),
        ];
        Form::new(
            FormKind::Outcome { kind, subject },
            format!(
                "{} · {name} · {}",
                s.form_outcome,
                strings::kind(lang, kind)
            ),
            fields,
            lang,
            rules,
            today,
        )
    }

    /// Edits a resident; their care plan has its own form (`L`, `care_plan`).
    pub fn resident(r: &Resident, lang: Lang, rules: &Rules, today: NaiveDate) -> Form {
        let s = strings::strings(lang);
        let yn = |b: bool| usize::from(b);
        let fields = vec![
            Field::new(FieldId::Name, s.f_name, FieldKind::Text, &r.name),
            Field::new(
                FieldId::IdNumber,
                s.f_id_number,
                FieldKind::Text,
                &r.id_number,
            ),
            Field::new(
                FieldId::Phone,
                s.f_phone,
                FieldKind::Text,
                r.phone.as_deref().unwrap_or(""),
            ),
            registration::relation_choice(
                lang,
                Relation::ALL
                    .iter()
                    .position(|x| *x == r.relation)
                    .unwrap_or(0),
            ),
            Field::choice(
                FieldId::LivesAlone,
                s.f_lives_alone,
                yes_no(s),
                yn(r.lives_alone_no_carer),
            ),
            Field::choice(FieldId::Disabled, s.f_disabled, yes_no(s), yn(r.disabled)),
            Field::choice(FieldId::Ill, s.f_ill, yes_no(s), yn(r.seriously_ill)),
        ];
        Form::new(
            FormKind::Resident { id: r.id },
            format!("{} · {}", s.form_resident, r.name),
            fields,
            lang,
            rules,
            today,
        )
    }

    /// The resident form with only the phone number asked (a grid worker's
    /// correction, issue 25 item 9): the other fields keep the resident's
    /// values, hidden, and are saved through the same edit unchanged.
    pub fn phone_only(mut self) -> Form {
        let s = strings::strings(self.lang);
        for (i, f) in self.fields.iter_mut().enumerate() {
            f.hidden = f.id != FieldId::Phone;
            if !f.hidden {
                self.focus = i;
            }
        }
        if let Some((_, name)) = self.title.split_once(" · ") {
            self.title = format!("{} · {name}", s.form_phone);
        }
        self
    }

    pub fn tier(h: &Household, lang: Lang, rules: &Rules, today: NaiveDate) -> Form {
        let s = strings::strings(lang);
        let mut tiers = vec![("0", s.no_override.to_string())];
        let codes = ["1", "2", "3", "4", "5"];
        tiers.extend(
            codes
                .iter()
                .zip(1u8..)
                .filter_map(|(c, n)| Tier::new(n).map(|t| (*c, strings::tier(lang, t)))),
        );
        let (sel, why) = match &h.tier_override {
            Some((t, why)) => (usize::from(t.number()), why.as_str()),
            None => (0, ""),
        };
        let fields = vec![
            Field::choice(FieldId::Tier, s.f_tier, tiers, sel),
            Field::new(FieldId::Reason, s.f_reason, FieldKind::Text, why),
        ];
        Form::new(
            FormKind::Tier { id: h.id },
            format!("{} · {}", s.form_tier, h.display_name()),
            fields,
            lang,
            rules,
            today,
        )
    }

    /// Ends a resident's management: died, moved or transferred, on a date.
    pub fn end_resident(m: &Resident, lang: Lang, rules: &Rules, today: NaiveDate) -> Form {
        let s = strings::strings(lang);
        let reasons = [
            RemoveReason::Died,
            RemoveReason::Moved,
            RemoveReason::Transferred,
        ];
        let fields = vec![
            Field::choice(
                FieldId::Reason,
                s.f_reason,
                options(&reasons, RemoveReason::code, |r| {
                    strings::remove_reason(lang, r)
                }),
                0,
            ),
            Field::new(FieldId::Date, s.f_date, FieldKind::Date, &today.to_string()),
        ];
        Form::new(
            FormKind::EndResident { id: m.id },
            format!("{} · {}", s.form_end, m.name),
            fields,
            lang,
            rules,
            today,
        )
    }

    /// The deadline of the task the form records for (`task.when.deadline()`):
    /// a call-again date after it is warned about (issue 10, item 8).
    pub fn with_due(mut self, due: NaiveDate) -> Form {
        self.due = Some(due);
        self.refresh();
        self
    }

    /// Fills "who did the visit" with the session's operator (`db.operator`);
    /// left empty, saving writes the operator all the same.
    pub fn with_operator(mut self, operator: &str) -> Form {
        if let Some(f) = self
            .fields
            .iter_mut()
            .find(|f| f.id == FieldId::VisitedBy && f.text().is_empty())
        {
            f.fill(operator);
        }
        self.refresh();
        self
    }

    /// Undoes the latest removal of a resident (or of a household's own
    /// task): what it reverses is shown, Ctrl-S confirms (issue 10, item 8).
    /// `None` when there is nothing to undo.
    pub fn undo_removal(
        snap: &crate::snapshot::Snapshot,
        subject: Subject,
        lang: Lang,
        today: NaiveDate,
    ) -> Option<Form> {
        let visits_of = |x: Subject| -> Vec<VisitRecord> {
            snap.town
                .visits
                .iter()
                .filter(|v| v.subject == x)
                .cloned()
                .collect()
        };
        let (name, rm) = match subject {
            Subject::Resident(id) => {
                let (h, m) = snap.find_resident(id)?;
                let own = visits_of(subject);
                let home = visits_of(Subject::Household(h.id));
                (
                    m.name.clone(),
                    removal::latest_for_resident(m, &own, &home)?,
                )
            }
            Subject::Household(id) => {
                let h = snap.find_household(id)?;
                (
                    h.display_name().to_string(),
                    removal::latest_for_household(&visits_of(subject))?,
                )
            }
        };
        let s = strings::strings(lang);
        let what = format!(
            "{} {}{}{}",
            rm.date,
            s.removal,
            s.colon,
            strings::remove_reason(lang, rm.reason)
        );
        let fields = vec![Field::choice(
            FieldId::Undo,
            s.f_undo,
            vec![("undo", what)],
            0,
        )];
        Some(Form::new(
            FormKind::UndoRemoval {
                subject,
                removal: rm,
            },
            format!("{} · {name}", s.form_undo),
            fields,
            lang,
            &snap.rules,
            today,
        ))
    }

    /// A removal asks to be confirmed before it is saved (issue 10, item 8):
    /// the outcome "removed", and ending management (died, moved, transferred).
    fn removes(&self) -> bool {
        match self.kind {
            FormKind::Outcome { .. } => self
                .field(FieldId::Outcome)
                .is_some_and(|f| f.code() == Outcome::Removed.code()),
            FormKind::EndResident { .. } => true,
            _ => false,
        }
    }

    /// Save, or first ask to confirm a removal: a second Ctrl-S saves.
    fn save_or_confirm(&mut self) -> FormEvent {
        if self.removes() && self.confirm.is_none() && self.fields.iter().all(|f| f.error.is_none())
        {
            self.confirm = Some(strings::strings(self.lang).confirm_removal.to_string());
            return FormEvent::Continue;
        }
        FormEvent::Save
    }

    /// The one household a save of this form touches, for a refresh of
    /// just that household; `None` when the whole scope must be read again.
    pub fn touches(&self, snap: &crate::snapshot::Snapshot) -> Option<i64> {
        match self.kind {
            FormKind::Visit { subject, .. } | FormKind::Outcome { subject, .. } => {
                snap.household_of(subject)
            }
            FormKind::Resident { id } | FormKind::EndResident { id } => {
                snap.household_of(Subject::Resident(id))
            }
            FormKind::Tier { id } => Some(id),
            FormKind::UndoRemoval { subject, .. } => snap.household_of(subject),
            FormKind::Print { .. } | FormKind::Import { .. } => None,
            FormKind::Register(Registration::Resident { household })
            | FormKind::Register(Registration::EditHousehold { id: household, .. }) => {
                Some(household)
            }
            FormKind::Register(Registration::Condition { resident })
            | FormKind::Register(Registration::CarePlan { resident })
            | FormKind::Register(Registration::SendReferral { resident })
            | FormKind::Register(Registration::EndCondition { resident, .. }) => {
                snap.household_of(Subject::Resident(resident))
            }
            // places, new households and moves: the scope is read again
            FormKind::Register(_) => None,
        }
    }

    /// Print sheets of `who` (a queue's worker, village or township; later a
    /// roster's worker or a volunteer group): format, period and file.
    #[allow(clippy::too_many_arguments)]
    pub fn print(
        who: Who,
        session: crate::db::Scope,
        filter: Filter,
        name: &str,
        scope: &str,
        settings: PrintSettings,
        lang: Lang,
        rules: &Rules,
        today: NaiveDate,
    ) -> Form {
        let s = strings::strings(lang);
        let (week, month) = (
            Period::containing(Cadence::Week, today),
            Period::containing(Cadence::Month, today),
        );
        let fields = vec![
            Field::choice(
                FieldId::Format,
                s.f_format,
                vec![
                    ("pdf", s.fmt_pdf.to_string()),
                    ("txt", s.fmt_txt.to_string()),
                    // the printer at the coordinator's own PC, through the terminal
                    ("terminal", terminal_label(s).to_string()),
                ],
                0,
            ),
            Field::choice(
                FieldId::Period,
                s.f_period,
                vec![
                    ("week", format!("{} {}", s.this_week, week.label())),
                    ("month", format!("{} {}", s.this_month, month.label())),
                ],
                0,
            ),
            Field::new(FieldId::File, s.f_file, FieldKind::Text, ""),
        ];
        Form::new(
            FormKind::Print {
                who,
                filter,
                name: name.to_string(),
                settings,
                scope: session,
            },
            format!("{} · {scope}", s.form_print),
            fields,
            lang,
            rules,
            today,
        )
    }

    /// The print form's choices: format and period.
    fn print_choice(&self) -> (print::Format, Period) {
        let format = match self.field(FieldId::Format).map_or("", |f| f.code()) {
            "txt" | "terminal" => print::Format::Txt,
            _ => print::Format::Pdf,
        };
        let cadence = match self.field(FieldId::Period).map_or("", |f| f.code()) {
            "month" => Cadence::Month,
            _ => Cadence::Week,
        };
        (format, Period::containing(cadence, self.today))
    }

    /// Whether the print form sends the sheets to the terminal's printer (no file).
    fn to_terminal_printer(&self) -> bool {
        matches!(self.kind, FormKind::Print { .. })
            && self
                .field(FieldId::Format)
                .is_some_and(|f| f.code() == "terminal")
    }

    /// Keeps the file name in step with format and period until the user types their own.
    fn refresh_print_path(&mut self) {
        let FormKind::Print { name, settings, .. } = &self.kind else {
            return;
        };
        let path = |f, c| {
            let p = Period::containing(c, self.today);
            settings
                .form_path(&print::default_name(name, p, f))
                .display()
                .to_string()
        };
        let defaults: Vec<String> = [print::Format::Pdf, print::Format::Txt]
            .iter()
            .flat_map(|f| [Cadence::Week, Cadence::Month].map(|c| path(*f, c)))
            .collect();
        let (format, period) = self.print_choice();
        let now = path(format, period.cadence);
        if let Some(f) = self.fields.iter_mut().find(|f| f.id == FieldId::File) {
            // filled when the form opens, then only while it holds a default:
            // an emptied field stays empty for the user's own name
            let t = f.text();
            if (defaults.contains(&t) || !self.path_filled) && t != now {
                f.fill(&now);
            }
            self.path_filled = true;
        }
    }

    /// A print that failed, in the form's language: a printing error from
    /// the catalogue (naming the File field, not -o), a refusal as every
    /// form shows it.
    fn print_error(&self, e: &anyhow::Error) -> String {
        if let Some(p) = e.downcast_ref::<print::PrintError>() {
            return p.text(self.lang, false);
        }
        match e.downcast_ref::<crate::db::DbError>() {
            Some(d) => strings::db_error(self.lang, d),
            None => format!("{e:#}"),
        }
    }

    fn field(&self, id: FieldId) -> Option<&Field> {
        self.fields.iter().find(|f| f.id == id)
    }

    fn number(&self, id: FieldId) -> Option<f64> {
        self.field(id).and_then(|f| f.text().parse::<f64>().ok())
    }

    fn date(&self, id: FieldId) -> Option<NaiveDate> {
        self.field(id)
            .and_then(|f| NaiveDate::parse_from_str(&f.text(), "%Y-%m-%d").ok())
    }

    fn findings(&self) -> Findings {
        let int = |id| self.number(id).map(|v| v as i32);
        Findings {
            vitals: Vitals {
                sbp: int(FieldId::Sbp),
                dbp: int(FieldId::Dbp),
                heart_rate: int(FieldId::Hr),
                fpg: self.number(FieldId::Fpg),
                weight_kg: self.number(FieldId::Weight),
                height_cm: self.number(FieldId::Height),
            },
            adverse_reaction: self
                .field(FieldId::Adverse)
                .is_some_and(|f| f.code() == "1"),
            adverse_uncontrolled: false,
            complication: self
                .field(FieldId::Complication)
                .and_then(|f| Complication::from_code(f.code())),
            emergency_symptoms: self
                .field(FieldId::Emergency)
                .is_some_and(|f| f.code() == "1"),
        }
    }

    /// Smoking, drinking, exercise and salt as answered (§3).
    fn lifestyle(&self) -> Lifestyle {
        let yes_no = |id| match self.field(id).map_or("", |f| f.code()) {
            "1" => Some(true),
            "0" => Some(false),
            _ => None,
        };
        Lifestyle {
            smoking: yes_no(FieldId::Smoking),
            drinking: yes_no(FieldId::Drinking),
            exercise_min_week: self.number(FieldId::Exercise).map(|v| v as i32),
            salt: self
                .field(FieldId::Salt)
                .and_then(|f| Salt::from_code(f.code())),
        }
    }

    /// Re-checks every field and the preview; called after each key.
    fn refresh(&mut self) {
        let s = strings::strings(self.lang);
        let zh = self.lang == Lang::Zh;
        let today = self.today;
        self.refresh_print_path();
        self.refresh_import_hint();
        if let FormKind::Print { .. } = self.kind {
            let terminal = self.to_terminal_printer();
            for f in &mut self.fields {
                f.hidden = terminal && f.id == FieldId::File;
            }
        }
        if let FormKind::Outcome { .. } = self.kind {
            let outcome = self.field(FieldId::Outcome).map_or("", |f| f.code());
            for f in &mut self.fields {
                f.hidden = match f.id {
                    FieldId::CallAgain => outcome != Outcome::CallAgain.code(),
                    FieldId::Reason => outcome != Outcome::Removed.code(),
                    _ => false,
                };
            }
        }
        for f in &mut self.fields {
            let t = f.text();
            f.error = match &f.kind {
                _ if f.hidden => None,
                FieldKind::Date if t.is_empty() => None,
                FieldKind::Date => match NaiveDate::parse_from_str(&t, "%Y-%m-%d") {
                    Err(_) => Some(date_problem(&t, self.lang, s.must_be_date)),
                    Ok(d) if d > today && f.id == FieldId::Date => {
                        Some(strings::fill(s.not_after_today, &[&today]))
                    }
                    Ok(_) => None,
                },
                FieldKind::Number { .. } if t.is_empty() => None,
                FieldKind::Number { lo, hi, decimal } => match t.parse::<f64>() {
                    Ok(v) if !*decimal && v.fract() != 0.0 => Some(s.must_be_number.to_string()),
                    Ok(v) if v < *lo || v > *hi => Some(strings::fill(s.out_of_range, &[lo, hi])),
                    Ok(_) => None,
                    Err(_) => Some(s.must_be_number.to_string()),
                },
                _ if f.id == FieldId::IdNumber && t.is_empty() => {
                    f.note = None;
                    None
                }
                _ if f.id == FieldId::IdNumber => match crate::db::check_id(&t, today) {
                    Ok(id) => {
                        // what the number tells, shown beside it (§9)
                        f.note = Some(format!(
                            "{} {}",
                            id.birth_date,
                            strings::sex(self.lang, id.sex)
                        ));
                        None
                    }
                    Err(r) => {
                        f.note = None;
                        Some(r.text(zh))
                    }
                },
                _ if f.id == FieldId::Phone => refusal::check_phone(&t).err().map(|r| r.text(zh)),
                // too long, as you type; empty is said on saving (必填), not
                // before anything is typed (a new form opened with an error)
                _ if f.id == FieldId::Name => refusal::check_name(&t, self.rules.name_max_chars)
                    .err()
                    .filter(|r| !matches!(r, refusal::Refusal::EmptyName))
                    .map(|r| r.text(zh)),
                _ => None,
            };
        }
        // Call again after the visit, not on or before it.
        let (visit_day, again) = (self.date(FieldId::Date), self.date(FieldId::CallAgain));
        if let Some(f) = self
            .fields
            .iter_mut()
            .find(|f| f.id == FieldId::CallAgain && !f.hidden && f.error.is_none())
            && let (Some(v), Some(a)) = (visit_day, again)
            && a <= v
        {
            f.error = Some(s.after_visit_date.to_string());
        }
        // A call-again date past the task's deadline is allowed, but the task
        // still falls overdue then, and a red patient's stays open (§4, §6).
        let due = self.due;
        for f in &mut self.fields {
            f.warning = None;
            if f.id == FieldId::CallAgain
                && !f.hidden
                && f.error.is_none()
                && let (Some(a), Some(due)) = (again, due)
                && a > due
            {
                f.warning = Some(strings::fill(s.call_again_after_due, &[&due]));
            }
        }
        // The next visit after this one (§3).
        let next = self.date(FieldId::NextVisit);
        if let Some(f) = self
            .fields
            .iter_mut()
            .find(|f| f.id == FieldId::NextVisit && f.error.is_none())
            && let (Some(v), Some(n)) = (visit_day, next)
            && n <= v
        {
            f.error = Some(s.after_visit_date.to_string());
        }
        if let Some(f) = self.fields.iter_mut().find(|f| f.id == FieldId::VisitedBy)
            && f.text().chars().count() > crate::db::VISITED_BY_MAX
        {
            f.error = Some(strings::fill(s.too_long, &[&crate::db::VISITED_BY_MAX]));
        }
        // BMI, live, beside the height (§3 weight/BMI).
        let bmi = followup::bmi(self.number(FieldId::Weight), self.number(FieldId::Height));
        if let Some(f) = self.fields.iter_mut().find(|f| f.id == FieldId::Height) {
            f.note = bmi.map(|b| format!("BMI {b:.1}"));
        }
        // SBP above DBP, and both or neither (§3).
        let (sbp, dbp) = (self.number(FieldId::Sbp), self.number(FieldId::Dbp));
        if let Some(d) = self
            .fields
            .iter_mut()
            .find(|f| f.id == FieldId::Dbp && f.error.is_none())
        {
            d.error = match (sbp, dbp) {
                (Some(a), Some(b)) if a <= b => Some(s.sbp_above_dbp.to_string()),
                (Some(_), None) => Some(s.needed.to_string()),
                _ => None,
            };
        }
        self.preview = None;
        let mut proposed = None;
        if let FormKind::Visit {
            kind,
            subject,
            patient: Some(patient),
        } = &self.kind
            && kind.is_clinical_followup()
            && self.fields.iter().all(|f| f.error.is_none())
        {
            let f = self.findings();
            if f.vitals.sbp.is_some()
                || f.vitals.fpg.is_some()
                || f.adverse_reaction
                || f.emergency_symptoms
                || f.complication.is_some_and(|c| c != Complication::None)
            {
                let (resident, recorded) = patient.as_ref();
                let day = self.date(FieldId::Date).unwrap_or(self.today);
                let mut entered = VisitRecord::completed(i64::MAX, *kind, *subject, day);
                entered.findings = f;
                let recorded: Vec<&VisitRecord> = recorded.iter().collect();
                let a = followup::assess_new(resident, &recorded, &entered, &self.rules);
                let colour = colour_of(&a).map(|(c, _)| c);
                // §3: which rule calls for the referral that saving will send
                let proposal =
                    crate::domain::referral::propose(&a, crate::domain::referral::Level::Township);
                proposed = proposal;
                let rule = proposal
                    .map(|p| {
                        let rule =
                            crate::domain::referral::rule_text(p.rule, self.lang == Lang::Zh);
                        // the word before already says 紧急转诊: not twice,
                        // so the line fits two rows at 60 columns
                        let rule = rule
                            .strip_prefix("紧急转诊：")
                            .or_else(|| rule.strip_prefix("emergency: "))
                            .unwrap_or(rule);
                        if self.lang == Lang::Zh {
                            format!("（{rule}）")
                        } else {
                            format!(" ({rule})")
                        }
                    })
                    .unwrap_or_default();
                // the colour first: a long rule wraps and is cut at the
                // bottom of the form, never the colour (issue 25 item 5)
                let text = format!(
                    "{}{} · {}{rule}",
                    colour
                        .map(|c| format!("-> {} · ", strings::colour(self.lang, c)))
                        .unwrap_or_default(),
                    strings::classified(self.lang, &a),
                    strings::referral(self.lang, a.referral),
                );
                self.preview = Some((text, colour));
            }
        }
        self.show_referral(proposed);
    }

    /// Shows the follow-up's referral fields while a rule calls for a
    /// referral, filled from the proposal (to, the rule as the reason,
    /// urgency) when it is new; edits stay while the proposal stays the same.
    fn show_referral(&mut self, proposed: Option<crate::domain::referral::Proposal>) {
        use crate::domain::referral::{Level, Urgency};
        if !matches!(self.kind, FormKind::Visit { .. }) {
            return;
        }
        let fresh = proposed.is_some() && proposed != self.referral_filled;
        for f in self.fields.iter_mut() {
            let ours = matches!(f.id, FieldId::RefTo | FieldId::RefReason | FieldId::Urgency);
            if !ours {
                continue;
            }
            f.hidden = proposed.is_none();
            let Some(p) = proposed.filter(|_| fresh) else {
                continue;
            };
            match f.id {
                FieldId::RefTo => f.choice = usize::from(p.to == Level::County),
                FieldId::Urgency => f.choice = usize::from(p.urgency == Urgency::Emergency),
                _ => {
                    // stored in Chinese, as the referral a follow-up sends always was
                    let rule = crate::domain::referral::rule_text(p.rule, true);
                    f.fill(rule);
                }
            }
        }
        if fresh {
            self.referral_filled = proposed;
        }
    }

    /// The referral as edited, when the form shows one (issue 14).
    fn referral_choice(&self) -> Option<crate::db::ReferralChoice> {
        use crate::domain::referral::{Level, Urgency};
        let to = self.field(FieldId::RefTo).filter(|f| !f.hidden)?;
        Some(crate::db::ReferralChoice {
            to_level: Level::from_code(to.code()).unwrap_or(Level::County),
            reason: self
                .field(FieldId::RefReason)
                .map(Field::text)
                .unwrap_or_default(),
            urgency: self
                .field(FieldId::Urgency)
                .and_then(|f| Urgency::from_code(f.code()))
                .unwrap_or(Urgency::Routine),
        })
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> FormEvent {
        if self.opened.is_none() {
            self.opened = Some(self.values());
        }
        if self.asks_help(key) {
            return FormEvent::Help;
        }
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let visible: Vec<usize> = (0..self.fields.len())
            .filter(|&i| !self.fields[i].hidden)
            .collect();
        let last = visible.last().copied().unwrap_or(0);
        let next = visible
            .iter()
            .copied()
            .find(|&i| i > self.focus)
            .unwrap_or(last);
        let prev = visible
            .iter()
            .copied()
            .rev()
            .find(|&i| i < self.focus)
            .unwrap_or(self.focus);
        // Esc on a form with something typed asks first; Esc again discards
        // (a care plan typed for ten minutes is not lost to one key)
        let discard = strings::strings(self.lang).discard_typed;
        if key.code == KeyCode::Esc {
            if self.typed() && self.confirm.as_deref() != Some(discard) {
                self.confirm = Some(discard.to_string());
                return FormEvent::Continue;
            }
            return FormEvent::Cancel;
        }
        // any other key after that question goes on as it would have
        if self.confirm.as_deref() == Some(discard) {
            self.confirm = None;
        }
        let saving = (key.code == KeyCode::Char('s') && ctrl)
            || (key.code == KeyCode::Enter
                && self.focus == last
                && !key.modifiers.contains(KeyModifiers::ALT));
        if saving {
            return self.save_or_confirm();
        }
        // Any other key answers "no" to a pending confirmation, and only
        // that: a Left meant as "no" must not change the reason chosen.
        if self.confirm.take().is_some() {
            return FormEvent::Continue;
        }
        let before = self.values();
        match key.code {
            KeyCode::Enter
                if key.modifiers.contains(KeyModifiers::ALT)
                    && self.fields[self.focus].kind == FieldKind::Notes =>
            {
                self.fields[self.focus].input.insert_newline();
            }
            KeyCode::Enter if self.focus == last => return FormEvent::Save,
            KeyCode::Enter | KeyCode::Tab | KeyCode::Down => self.focus = next,
            KeyCode::BackTab | KeyCode::Up => self.focus = prev,
            KeyCode::Left | KeyCode::Right | KeyCode::Char(' ')
                if matches!(self.fields[self.focus].kind, FieldKind::Choice(_)) =>
            {
                self.choice_query.1.clear();
                let f = &mut self.fields[self.focus];
                if let FieldKind::Choice(opts) = &f.kind {
                    let n = opts.len();
                    f.choice = if key.code == KeyCode::Left {
                        (f.choice + n - 1) % n
                    } else {
                        (f.choice + 1) % n
                    };
                }
            }
            // "165，95" from a Chinese input method: the comma (or a slash)
            // in a number ends it and moves on, as Tab does.
            KeyCode::Char(',' | '，' | '/' | '、')
                if matches!(self.fields[self.focus].kind, FieldKind::Number { .. }) =>
            {
                self.focus = next;
            }
            // typed on a choice: the first option the letters so far name
            // (part of it, or pinyin initials: "tcs" for 涂春生), as pickers do
            KeyCode::Char(c)
                if !ctrl && matches!(self.fields[self.focus].kind, FieldKind::Choice(_)) =>
            {
                if self.choice_query.0 != self.focus {
                    self.choice_query = (self.focus, String::new());
                }
                self.choice_query.1.push(c);
                let f = &mut self.fields[self.focus];
                if let FieldKind::Choice(opts) = &f.kind {
                    // an option that begins with the letters first (x: 熊建华
                    // before 淦小红), then one that holds them anywhere
                    let find = |q: &str| {
                        let begins = |label: &str| {
                            let ini = crate::search::initials(label);
                            label.starts_with(q)
                                || (q.chars().count() <= ini.len()
                                    && q.chars().zip(&ini).all(|(c, set)| set.contains(&c)))
                        };
                        opts.iter().position(|(_, l)| begins(l)).or_else(|| {
                            opts.iter().position(|(_, l)| {
                                super::picker::matches(l, &crate::search::initials(l), q)
                            })
                        })
                    };
                    // a letter that leads nowhere starts a new search
                    let hit = find(&self.choice_query.1).or_else(|| {
                        self.choice_query.1 = c.to_string();
                        find(&self.choice_query.1)
                    });
                    if let Some(i) = hit {
                        f.choice = i;
                    }
                }
            }
            KeyCode::Char(c) if !ctrl => {
                let f = &mut self.fields[self.focus];
                let c = if f.wants_ascii() { halfwidth(c) } else { c };
                // a value the form filled in is replaced by what is typed
                // (Tab into 确诊日期, type 2019-06-01: not 2019-06-012026-11-20)
                if std::mem::take(&mut f.fresh) {
                    f.clear();
                }
                f.input.insert_char(c);
            }
            // readline habits: Ctrl-U clears the field, Ctrl-K deletes to the end
            KeyCode::Char('u') if ctrl => {
                let f = &mut self.fields[self.focus];
                if !matches!(f.kind, FieldKind::Choice(_)) {
                    f.clear();
                }
            }
            KeyCode::Char('k') if ctrl => {
                let f = &mut self.fields[self.focus];
                if !matches!(f.kind, FieldKind::Choice(_)) {
                    f.fresh = false;
                    f.input.delete_line_by_end();
                }
            }
            _ => {
                let f = &mut self.fields[self.focus];
                if !matches!(f.kind, FieldKind::Choice(_)) {
                    // a moved cursor or a deletion edits the value where it is
                    f.fresh = false;
                    f.input.input(key);
                }
            }
        }
        // a refusal of the last save is about the values it saw: once they
        // change, it no longer stands (fields are checked again below)
        if self.values() != before {
            self.error = None;
        }
        self.refresh();
        FormEvent::Continue
    }

    /// F1 anywhere, and `?` in a field that cannot hold it (a number, a date,
    /// a phone or ID number, a choice): there it typed `?` and then said
    /// 请输入数字 (issue 25 item 16). In a name, an address or notes `?` is
    /// typed as written.
    fn asks_help(&self, key: KeyEvent) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::F(1) => true,
            KeyCode::Char('?' | '？') if !ctrl => self
                .fields
                .get(self.focus)
                .is_some_and(|f| f.wants_ascii() || matches!(f.kind, FieldKind::Choice(_))),
            _ => false,
        }
    }

    /// A bracketed paste: the whole text goes into the focused field in one
    /// insertion and one check (issue 10, item 13). Notes keep their lines;
    /// other fields are one line, so line breaks become spaces. A choice
    /// takes no text.
    pub fn paste(&mut self, text: &str) {
        if self.opened.is_none() {
            self.opened = Some(self.values());
        }
        let f = &mut self.fields[self.focus];
        let text = match f.kind {
            FieldKind::Choice(_) => return,
            FieldKind::Notes => super::paste::paste_text(text, true),
            _ => super::paste::paste_text(text, false),
        };
        let text: String = if f.wants_ascii() {
            text.chars().map(halfwidth).collect()
        } else {
            text.to_string()
        };
        // a filled-in value is replaced, as by typing
        if std::mem::take(&mut f.fresh) {
            f.clear();
        }
        f.input.insert_str(text);
        self.error = None;
        self.refresh();
    }

    /// Every field's value: the text typed, or the code of the choice made.
    pub fn values(&self) -> Vec<(String, String)> {
        self.fields
            .iter()
            .map(|f| {
                let v = match f.kind {
                    // a choice whose rows carry no code (places, people,
                    // teams: their ids are in the form's kind) by its row
                    FieldKind::Choice(_) if f.code().is_empty() => format!("#{}", f.choice),
                    FieldKind::Choice(_) => f.code().to_string(),
                    _ => f.input.lines().join("\n"),
                };
                (format!("{:?}", f.id), v)
            })
            .collect()
    }

    /// Whether something was typed or chosen since the form opened.
    pub fn typed(&self) -> bool {
        self.opened.as_ref().is_some_and(|o| *o != self.values())
    }

    /// Puts kept values back (a restored draft); a value a field cannot take
    /// (a choice no longer offered) leaves that field as it is.
    pub fn set_values(&mut self, values: &[(String, String)]) {
        self.opened = Some(self.values());
        for (k, v) in values {
            let Some(f) = self.fields.iter_mut().find(|f| format!("{:?}", f.id) == *k) else {
                continue;
            };
            match &f.kind {
                FieldKind::Choice(opts) => {
                    let row = v.strip_prefix('#').and_then(|i| i.parse::<usize>().ok());
                    if let Some(i) = row.filter(|&i| i < opts.len()) {
                        f.choice = i;
                    } else if let Some(i) = opts.iter().position(|o| o.0 == v) {
                        f.choice = i;
                    }
                }
                _ => {
                    f.input = TextArea::new(v.split('\n').map(str::to_string).collect());
                    f.input.move_cursor(ratatui_textarea::CursorMove::Bottom);
                    f.input.move_cursor(ratatui_textarea::CursorMove::End);
                    // what was typed before, kept: typing goes on after it
                    f.fresh = false;
                }
            }
        }
        self.refresh();
    }

    /// What a draft of this form keeps: which form, for what; `None` for a
    /// form that is not kept as a draft (printing, an import, undoing a
    /// removal: see `forms::draft`).
    pub fn draft_of(&self) -> Option<crate::db::DraftOf> {
        use crate::db::{DraftForm, DraftOf};
        Some(match &self.kind {
            FormKind::Visit { kind, subject, .. } => DraftOf {
                form: DraftForm::Visit,
                kind: Some(*kind),
                subject: Some(*subject),
                reopen: None,
            },
            FormKind::Outcome { kind, subject } => DraftOf {
                form: DraftForm::Outcome,
                kind: Some(*kind),
                subject: Some(*subject),
                reopen: None,
            },
            other => DraftOf {
                form: DraftForm::Form,
                kind: None,
                subject: other.about().first().copied(),
                reopen: Some(self.reopen_spec()?),
            },
        })
    }

    /// Writes the form in one transaction; on error the form keeps its values
    /// and shows the message. Returns the status-line message.
    pub fn submit(&mut self, db: &mut Db) -> Result<String, ()> {
        let s = strings::strings(self.lang);
        self.refresh();
        if let Some(i) = self.fields.iter().position(|f| f.error.is_some()) {
            self.focus = i;
            return Err(());
        }
        // A removal is saved only once confirmed (issue 10, item 8).
        if self.removes() && self.confirm.is_none() {
            self.confirm = Some(s.confirm_removal.to_string());
            return Err(());
        }
        if let FormKind::Print {
            who, filter, scope, ..
        } = &self.kind
        {
            let (format, period) = self.print_choice();
            if self.to_terminal_printer() {
                let job = crate::cli::PrintJob {
                    who: *who,
                    scope: *scope,
                    period,
                    format,
                    filter: filter.clone(),
                    output: None,
                    font: None,
                    printed_on: chrono::Local::now().date_naive(),
                };
                // inside tmux or screen the codes never reach the terminal:
                // say so and send nothing (issue 25 item 17)
                if let Some(m) = print::terminal::multiplexer() {
                    self.error = Some(strings::fill(s.print_multiplexer, &[&m, &m]));
                    return Err(());
                }
                return match crate::cli::print_terminal(db, self.today, &job) {
                    Ok((bytes, done)) => {
                        self.to_terminal = Some(bytes);
                        // the form's own words for where it went (经 SSH 终端)
                        Ok(strings::fill(
                            s.printed_terminal,
                            &[&terminal_label(s), &done.sheets, &done.rows],
                        ))
                    }
                    Err(e) => {
                        self.error = Some(self.print_error(&e));
                        Err(())
                    }
                };
            }
            let file = self
                .field(FieldId::File)
                .map(Field::text)
                .unwrap_or_default();
            if file.is_empty() {
                return self.fail(FieldId::File, s.needed);
            }
            let job = crate::cli::PrintJob {
                who: *who,
                scope: *scope,
                period,
                format,
                filter: filter.clone(),
                output: Some(file.into()),
                font: None,
                printed_on: chrono::Local::now().date_naive(),
            };
            return match crate::cli::print_file(db, self.today, &job, self.lang) {
                Ok((path, _)) => Ok(format!("{} {}", s.printed, path.display())),
                Err(e) => {
                    self.error = Some(self.print_error(&e));
                    Err(())
                }
            };
        }
        if let FormKind::Import { township } = self.kind {
            return self.submit_import(db, township);
        }
        let result = match self.kind.clone() {
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
                v.referral = self.referral_choice();
                if v.referral.as_ref().is_some_and(|r| r.reason.is_empty()) {
                    return self.fail(FieldId::RefReason, s.needed);
                }
                db.record_visit(&v, self.today).map(|r| {
                    let colour = r
                        .colour_after
                        .map(|c| format!(" -> {}", strings::colour(self.lang, c)))
                        .unwrap_or_default();
                    // the referral the result called for was sent with the visit (issue 14)
                    let sent = r
                        .referral_id
                        .map(|id| strings::fill(s.referral_sent, &[&id]))
                        .unwrap_or_default();
                    let class = r
                        .assessment
                        .map(|a| {
                            let class = strings::classified(self.lang, &a);
                            match a.referral {
                                ReferralNeed::None => class,
                                need => format!("{class} · {}", strings::referral(self.lang, need)),
                            }
                        })
                        .unwrap_or_default();
                    format!(
                        "{}{colour}{}{} {class}{sent}",
                        s.saved,
                        s.colon,
                        strings::kind(self.lang, kind)
                    )
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
                db.record_visit(&v, self.today).map(|_| {
                    format!(
                        "{}{}{}",
                        s.saved,
                        s.colon,
                        strings::outcome(self.lang, outcome)
                    )
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
                db.update_resident(id, &e, self.today)
                    .map(|_| s.saved.to_string())
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
                db.set_tier_override(id, tier, &reason, self.today)
                    .map(|_| s.saved.to_string())
            }
            FormKind::Print { .. } | FormKind::Import { .. } => return Err(()),
            FormKind::Register(r) => match self.submit_registration(db, r) {
                Ok((msg, created)) => {
                    self.created = created;
                    Ok(msg)
                }
                // a field with its own complaint (a date that does not
                // exist) keeps it; an empty one is needed
                Err(RegistrationFail::Field(id)) => {
                    let msg = self
                        .field(id)
                        .and_then(|f| f.error.clone())
                        .unwrap_or_else(|| s.needed.to_string());
                    return self.fail(id, &msg);
                }
                Err(RegistrationFail::Db(e)) => Err(e),
            },
            FormKind::UndoRemoval { subject, .. } => {
                db.undo_removal(subject, self.today).map(|rm| {
                    format!(
                        "{}{}{} {}",
                        s.undone,
                        s.colon,
                        strings::remove_reason(self.lang, rm.reason),
                        rm.date
                    )
                })
            }
            FormKind::EndResident { id } => {
                let Some(date) = self.date(FieldId::Date) else {
                    return self.fail(FieldId::Date, s.needed);
                };
                let reason = self
                    .field(FieldId::Reason)
                    .and_then(|f| RemoveReason::from_code(f.code()))
                    .unwrap_or(RemoveReason::Died);
                db.end_resident(id, reason, date, self.today).map(|_| {
                    format!(
                        "{}{}{} {date}",
                        s.ended,
                        s.colon,
                        strings::remove_reason(self.lang, reason)
                    )
                })
            }
        };
        result.map_err(|e| {
            self.busy = matches!(e, crate::db::DbError::Busy);
            self.changed = matches!(e, crate::db::DbError::Changed);
            self.error = Some(strings::db_error(self.lang, &e));
        })
    }

    /// The last save failed because another writer held the database.
    pub fn was_busy(&self) -> bool {
        self.busy
    }

    fn fail(&mut self, id: FieldId, msg: &str) -> Result<String, ()> {
        if let Some(i) = self.fields.iter().position(|f| f.id == id) {
            self.fields[i].error = Some(msg.to_string());
            self.focus = i;
        }
        Err(())
    }
}

/// The terminal printer's name, as the print form and the status line say
/// it: 本机打印机 (经 SSH 终端) over SSH, else 本机打印机 (经终端).
fn terminal_label(s: &strings::Strings) -> &'static str {
    if print::terminal::over_ssh() {
        s.fmt_terminal_ssh
    } else {
        s.fmt_terminal
    }
}
