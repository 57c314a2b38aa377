//! The field machinery: a field's identity, kind, text and choice, and
//! how a date that is not one is said.

use super::*;

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
    /// A household visit's health-knowledge push and its topic (§2 ★5, issue 32).
    Push,
    PushTopic,
    Person,
    InTeam,
    /// What an import reads: residents, households, conditions or visits.
    ImportKind,
    SkipBad,
    CreatePlaces,
    /// Columns mapped to fields, `手机号码=联系电话`, remembered (issue 28 item 3).
    ImportMap,
    /// A referral's levels and urgency (issue 14, §7).
    RefFrom,
    RefTo,
    Urgency,
    /// The reason of the referral a follow-up proposes (editable before saving).
    RefReason,
    /// The national follow-up record's other fields (issue 27, §3 "The
    /// follow-up record"), in the paper's order.
    HtnSymptoms,
    DmSymptoms,
    SymptomsOther,
    WeightTarget,
    OtherSigns,
    FootPulse,
    Cigarettes,
    CigarettesTarget,
    Alcohol,
    AlcoholTarget,
    ExTimes,
    ExMinutes,
    ExTimesTarget,
    ExMinutesTarget,
    SaltTarget,
    Staple,
    StapleTarget,
    Psychology,
    Compliance,
    Hba1c,
    Hba1cOn,
    OtherTests,
    AdverseWhat,
    Hypoglycaemia,
    /// The n-th line of the regimen (用药情况).
    Drug(u8),
    RefFacility,
    RefDepartment,
    /// The year of a patient's national forms to print.
    Year,
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
    /// The section of the form the field belongs to (the paper's parts:
    /// symptoms, signs, lifestyle …); a heading stands above the first
    /// field shown of each. `None`: a form without sections.
    pub section: Option<&'static str>,
}

impl Field {
    pub(super) fn new(id: FieldId, label: &'static str, kind: FieldKind, value: &str) -> Field {
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
            section: None,
        };
        f.fill(value);
        f
    }
    /// Puts a value the form gives (a default, a proposal) into the field,
    /// the cursor after it: the next character typed replaces it.
    pub(super) fn fill(&mut self, value: &str) {
        self.input = TextArea::new(vec![value.to_string()]);
        self.input.move_cursor(ratatui_textarea::CursorMove::End);
        self.fresh = !value.is_empty() && self.kind != FieldKind::Notes;
    }
    /// A date field that starts on `day`.
    pub(super) fn day(id: FieldId, label: &'static str, day: NaiveDate) -> Field {
        Field::new(id, label, FieldKind::Date, &day.to_string())
    }
    pub(super) fn choice(
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
    pub(super) fn clear(&mut self) {
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
pub(super) fn date_problem(t: &str, lang: Lang, shape: &str) -> String {
    match crate::words::parse_date(t, lang) {
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
