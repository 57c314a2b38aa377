//! The domain's nouns: codes shared with schema.sql and the plain records the
//! database layer hands to the rules.

use super::code_enum;
use chrono::NaiveDate;

code_enum!(Sex { Male = "M", Female = "F" });
code_enum!(Relation {
    Head = "head", Spouse = "spouse", Child = "child", Parent = "parent",
    Grandchild = "grandchild", Sibling = "sibling", Other = "other",
});
code_enum!(
    /// domain.md §2: only active residents count for tiers and queues.
    ResidentStatus { Active = "active", Moved = "moved", Deceased = "deceased", Transferred = "transferred" }
);
code_enum!(Condition { Hypertension = "hypertension", Diabetes = "diabetes", Mental = "mental", Other = "other" });
code_enum!(
    /// domain.md §3: why management ended.
    EndReason { Death = "death", Moved = "moved", Lost = "lost", Refused = "refused", Transferred = "transferred" }
);
code_enum!(
    /// What kind of visit a task asks for and a visit was (domain.md §6).
    VisitKind {
        Household = "household", Followup = "followup", YearlyCheck = "yearly_check",
        Recheck = "recheck", ReferralFollowup = "referral_followup",
        CarePlan = "care_plan",
    }
);
code_enum!(VisitMode { Clinic = "clinic", Home = "home", Phone = "phone" });
code_enum!(
    /// Contact outcomes after Simple (domain.md §6).
    Outcome {
        Completed = "completed", NotHome = "not_home", ComeToClinic = "come_to_clinic",
        CallAgain = "call_again", Removed = "removed",
    }
);
code_enum!(RemoveReason { Moved = "moved", Died = "died", Transferred = "transferred", Refused = "refused", WrongPhone = "wrong_phone" });
code_enum!(Classification { Controlled = "controlled", Uncontrolled = "uncontrolled", Adverse = "adverse", Complication = "complication" });
code_enum!(ReferralNeed { None = "none", Refer = "refer", Emergency = "emergency" });
code_enum!(Complication { None = "none", New = "new", Worse = "worse" });
code_enum!(Adherence { Regular = "regular", Intermittent = "intermittent", None = "none" });
code_enum!(Salt { Light = "light", Medium = "medium", Heavy = "heavy" });
code_enum!(StaffRole {
    GridWorker = "grid_worker", VillageDoctor = "village_doctor", TownshipGp = "township_gp",
    CountySpecialist = "county_specialist", Nurse = "nurse",
});
code_enum!(
    /// domain.md §4, in triage order: red first.
    Colour { Red = "red", Yellow = "yellow", Green = "green", Unassessed = "unassessed" }
);

impl VisitKind {
    /// Whether a visit of this kind can be recorded. A care-plan task (§2 ★1
    /// 一人一策) is a task kind only: writing the plan does it, never a visit
    /// (visit.kind's CHECK refuses `care_plan` too).
    pub fn is_visit(self) -> bool {
        self != VisitKind::CarePlan
    }
    /// Clinical follow-ups of a chronic patient: each carries vitals and a classification.
    pub fn is_clinical_followup(self) -> bool {
        matches!(
            self,
            VisitKind::Followup | VisitKind::Recheck | VisitKind::ReferralFollowup
        )
    }
}

impl ResidentStatus {
    pub fn is_active(self) -> bool {
        self == ResidentStatus::Active
    }
}

/// A chronic condition under management from `managed_from` until `managed_until`.
#[derive(Debug, Clone, PartialEq)]
pub struct ChronicCondition {
    pub condition: Condition,
    pub diagnosed_on: NaiveDate,
    pub managed_from: NaiveDate,
    pub managed_until: Option<NaiveDate>,
    /// The day it was entered in gridcare (`None`: before gridcare kept it).
    pub entered_on: Option<NaiveDate>,
    /// A register flagged it without a diagnosis date (issue 28 item 3):
    /// `diagnosed_on` only stands in for the unknown date.
    pub diagnosis_unknown: bool,
}

impl ChronicCondition {
    /// The day its obligations' grace begins (domain.md §6, clarified): the
    /// start of management, or the day it was entered when that is later —
    /// a management date copied from paper files makes no one overdue at once.
    pub fn grace_from(&self) -> NaiveDate {
        self.entered_on
            .map_or(self.managed_from, |e| e.max(self.managed_from))
    }
    pub fn managed_on(&self, day: NaiveDate) -> bool {
        self.managed_from <= day && self.managed_until.is_none_or(|u| day <= u)
    }
}

/// Someone who does the work: a grid worker or a family-doctor team.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct WorkerRef {
    pub id: i64,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Resident {
    pub id: i64,
    pub household_id: i64,
    pub name: String,
    pub id_number: String,
    pub sex: Sex,
    pub birth_date: NaiveDate,
    pub phone: Option<String>,
    pub relation: Relation,
    pub status: ResidentStatus,
    pub status_date: Option<NaiveDate>,
    pub lives_alone_no_carer: bool,
    pub disabled: bool,
    pub seriously_ill: bool,
    pub registered_on: NaiveDate,
    /// When a flag above last changed (None: as registered), for grace periods (§6).
    pub flags_changed_on: Option<NaiveDate>,
    pub conditions: Vec<ChronicCondition>,
    /// The family-doctor team of a contract valid on the as-of date.
    pub team: Option<WorkerRef>,
    /// The volunteer whose group this patient is in.
    pub volunteer: Option<WorkerRef>,
    /// The family doctor's written plan (§2 ★1 一人一策), when there is one:
    /// only its dates, which the queue reads.
    pub care_plan: Option<CarePlanDates>,
    /// The provincial health-record number 档案编号, where a register brought
    /// it (issue 28 item 1): shown, searchable, the import's first key.
    pub record_no: Option<String>,
}

/// When a one-person-one-plan was last written and is to be reviewed (§2 ★1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CarePlanDates {
    /// None for a plan written before gridcare kept the date.
    pub written_on: Option<NaiveDate>,
    pub review_on: Option<NaiveDate>,
}

impl Resident {
    pub fn managed_conditions(&self, day: NaiveDate) -> impl Iterator<Item = &ChronicCondition> {
        self.conditions.iter().filter(move |c| c.managed_on(day))
    }
    /// Under chronic-disease management on `day` (and still an active resident).
    pub fn is_managed_patient(&self, day: NaiveDate) -> bool {
        self.active_on(day) && self.managed_conditions(day).next().is_some()
    }
    /// Active on `day`: a status (died, moved, transferred) takes effect on its
    /// date, so a queue as of an earlier date still counts the resident (§6).
    pub fn active_on(&self, day: NaiveDate) -> bool {
        self.status.is_active() || self.status_date.is_some_and(|d| d > day)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Household {
    pub id: i64,
    pub village_id: i64,
    pub grid_id: i64,
    pub address: String,
    pub registered_on: NaiveDate,
    pub tier_override: Option<(super::tier::Tier, String)>,
    /// When the override was set (None: unknown, taken as registration).
    pub tier_override_on: Option<NaiveDate>,
    pub members: Vec<Resident>,
    /// The provincial household number 户编号, where a register brought it
    /// (issue 28 item 1): shown, searchable, the import's first key.
    pub ext_no: Option<String>,
}

impl Household {
    /// The head's name, else the first member's: what lists call a household.
    pub fn display_name(&self) -> &str {
        self.members
            .iter()
            .find(|m| m.relation == Relation::Head)
            .or(self.members.first())
            .map_or(self.address.as_str(), |m| m.name.as_str())
    }
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(tag = "type", content = "id", rename_all = "snake_case")]
pub enum Subject {
    Household(i64),
    Resident(i64),
}

/// A recorded visit or contact attempt, as the queue rules need it.
#[derive(Debug, Clone, PartialEq)]
pub struct VisitRecord {
    pub id: i64,
    pub kind: VisitKind,
    pub subject: Subject,
    pub date: NaiveDate,
    pub outcome: Outcome,
    pub call_again_on: Option<NaiveDate>,
    pub remove_reason: Option<RemoveReason>,
    /// What a clinical follow-up measured and found. Its classification is
    /// always derived from these (followup::assess_series), never read back.
    pub findings: super::followup::Findings,
    /// A household visit's health-knowledge push (§2 ★5, issue 32):
    /// `None` when the visit was not asked (recorded before gridcare asked,
    /// imported, or not a household visit).
    pub push_given: Option<bool>,
}

impl VisitRecord {
    /// A completed visit that found nothing in particular.
    pub fn completed(id: i64, kind: VisitKind, subject: Subject, date: NaiveDate) -> VisitRecord {
        VisitRecord {
            id,
            kind,
            subject,
            date,
            outcome: Outcome::Completed,
            call_again_on: None,
            remove_reason: None,
            findings: Default::default(),
            push_given: None,
        }
    }
}

/// A referral (domain.md §7); open until returned.
#[derive(Debug, Clone, PartialEq)]
pub struct ReferralRecord {
    pub id: i64,
    pub resident_id: i64,
    pub sent_on: NaiveDate,
    pub returned_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Village {
    pub id: i64,
    pub name: String,
    /// The village's family-doctor team, for residents without a contract.
    pub team: Option<WorkerRef>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    pub id: i64,
    pub village_id: i64,
    pub name: String,
    /// The grid worker covering this grid on the as-of date.
    pub worker: Option<WorkerRef>,
}

/// Everything the queue rules read, for one township on one as-of date.
#[derive(Debug, Clone, Default)]
pub struct Township {
    pub villages: Vec<Village>,
    pub grids: Vec<Grid>,
    pub households: Vec<Household>,
    /// Sorted by date within each subject is not required; the rules sort.
    pub visits: Vec<VisitRecord>,
    pub referrals: Vec<ReferralRecord>,
    /// Every person of the rosters and every family-doctor team by id, so a
    /// worker who no longer covers a grid (a handover) is still named.
    pub staff_names: std::collections::HashMap<i64, String>,
    pub team_names: std::collections::HashMap<i64, String>,
}
