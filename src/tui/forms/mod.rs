//! Forms: record a visit or follow-up, record a contact outcome, edit a
//! resident or household, override a tier. Fields are checked as they are
//! typed; a follow-up shows its classification and colour before saving.
//! Esc cancels and writes nothing; Ctrl-S, or Enter on the last field, saves.
//!
//! Here the form itself; `field` is the field machinery, `check` checks as
//! typed, `input` takes keys, paste and drafts, one file per kind of form
//! (`visit`, `resident`, `print_form`, `registration`, `staffing`, …) holds
//! its field table and its save, and `submit` returns the [`Command`] that
//! the app carries out: no form holds the database (issue 26 item 3).

mod careplan;
mod check;
mod command;
mod contract;
mod draft;
mod event;
pub use event::{attend_form, event_form};
mod field;
mod import;
mod input;
mod keyin;
pub use keyin::{key_in_form, key_in_walk};
mod lines;
mod paper;
pub use paper::Paper;
mod plan;
mod print_form;
mod referral;
mod registration;
mod resident;
mod staffing;
mod submit;
pub use submit::Unsaved;
mod visit;

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
use crate::words::{self as strings, Lang, Strings};
use chrono::NaiveDate;
pub use command::{Command, Failed, Saved};
pub use contract::Contracting;
use field::date_problem;
pub use field::{Field, FieldId, FieldKind};
pub use import::ImportPlan;
pub use plan::PlanMove;
use print_form::{print_error, terminal_label};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::TextArea;
pub use registration::Registration;
use registration::RegistrationFail;
pub use staffing::Staffing;

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
    /// Print a patient's national follow-up forms of a year (issue 27 item
    /// 2): format, year, file. Writes nothing: not kept as a draft.
    #[serde(skip)]
    PrintRecord {
        resident: i64,
        name: String,
        id_number: String,
        settings: PrintSettings,
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
    /// A key-in saved or skipped a row: its walk, for the app to open the next.
    pub walk: Option<crate::print::keyin_walk::Walk>,
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
    /// A follow-up's national record: the patient's conditions and what
    /// earlier visits left (issue 27); `None` on other forms.
    paper: Option<Box<Paper>>,
    /// Saving: an unfinished drug line is a complaint even while focused.
    strict: bool,
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
            walk: None,
            to_terminal: None,
            path_filled: false,
            choice_query: (usize::MAX, String::new()),
            opened: None,
            referral_filled: None,
            paper: None,
            strict: false,
            lang,
            rules: rules.clone(),
            today,
        };
        f.refresh();
        f
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
            FormKind::Print { .. } | FormKind::PrintRecord { .. } | FormKind::Import { .. } => None,
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
}
