//! Why a write is refused: one catalogue of every message the writes give, in
//! Chinese and English, so the terminal shows them in its language and the
//! command line in its own (issue 10). Each says what is wrong and how to fix
//! it; a refused write changes nothing.

use crate::domain::idnum::IdError;
use chrono::NaiveDate;

/// What is wrong with a vital sign (domain.md §3: plausible ranges, SBP > DBP).
#[derive(Debug, Clone, PartialEq)]
pub enum VitalProblem {
    OutOfRange {
        value: String,
        lo: String,
        hi: String,
        unit: &'static str,
    },
    SystolicNotAbove {
        sbp: i32,
        dbp: i32,
    },
    MissingDiastolic,
    MissingSystolic,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    VisitInFuture {
        date: NaiveDate,
        today: NaiveDate,
    },
    /// (field, problem) for each bad vital sign.
    Vitals(Vec<(&'static str, VitalProblem)>),
    CallAgainNeedsDate,
    CallAgainNotAfter {
        again: NaiveDate,
        visit: NaiveDate,
    },
    RemovalNeedsReason,
    VitalsOnlyOnFollowup,
    UnknownWorker {
        what: &'static str,
        id: i64,
    },
    ResidentVisitOnHousehold,
    HouseholdVisitOnResident,
    NoHousehold(i64),
    NoResident(i64),
    BeforeRegistered {
        date: NaiveDate,
        registered: NaiveDate,
    },
    BeforeBorn {
        date: NaiveDate,
        name: String,
        born: NaiveDate,
    },
    NotActive {
        name: String,
        status: String,
    },
    NotManaged {
        name: String,
        date: NaiveDate,
    },
    WhoDied,
    EmptyName,
    /// A control character (ESC, NUL, a lone CR …) in text (issue 24 item
    /// 11): the field in both languages and the character shown as `\u{1b}`.
    ControlChar {
        field_zh: String,
        field_en: String,
        shown: String,
    },
    NameTooLong {
        chars: usize,
        max: usize,
    },
    BadPhone(String),
    EmptyAddress,
    OverrideNeedsReason,
    EndReason(String),
    DateInFuture {
        date: NaiveDate,
        today: NaiveDate,
    },
    EndBeforeRegistered {
        date: NaiveDate,
        name: String,
        registered: NaiveDate,
    },
    AlreadyEnded {
        name: String,
        status: String,
        on: String,
    },
    BadId {
        input: String,
        error: IdError,
    },
    DuplicateId {
        number: String,
        name: String,
        address: String,
    },
    EmptyPlaceName,
    PlaceNameTooLong(usize),
    PlaceExists(String),
    UnknownVillage(String),
    UnknownGrid(String),
    GridNotInVillage,
    ManagedBeforeDiagnosed {
        managed: NaiveDate,
        diagnosed: NaiveDate,
    },
    ConditionExists {
        name: String,
        condition: String,
    },
    SameHousehold,
    NoStaff(String),
    /// No grid worker, team or volunteer has this name (or number).
    NoSuchWorker(String),
    /// `kind:ID` with a kind that is not a worker's (the codes listed).
    UnknownWorkerKind {
        kind: String,
        codes: String,
    },
    /// `kind:ID` whose ID is not a number.
    NotANumberIn {
        id: String,
        key: String,
    },
    /// Several workers have this name: (the name, `kind:ID` of each).
    SeveralWorkers {
        key: String,
        each: Vec<String>,
    },
    /// No grid has this name or number (command line).
    /// No grid has this name (issue 28 item 4): the grids whose names are near it.
    NoSuchGrid {
        key: String,
        near: Vec<String>,
    },
    /// Several grids answer to this name: each as lists show it.
    GridInSeveral {
        key: String,
        each: Vec<String>,
    },
    /// No village has this name or number (command line).
    NoSuchVillage(String),
    /// Several townships have a village of this name: (name, "township: id" each).
    VillageInSeveral {
        key: String,
        each: Vec<String>,
    },
    /// No township has this name or number.
    UnknownTownship(String),
    NotAGridWorker(String),
    HandoverBeforeStart {
        from: NaiveDate,
        since: NaiveDate,
    },
    GridWithoutSuccessor(String),
    NoCondition {
        name: String,
        condition: String,
    },
    LifestyleOnlyOnFollowup,
    /// A provincial household number another household holds (issue 28).
    ExtNoHeld {
        number: String,
        address: String,
    },
    ExtNoTooLong {
        number: String,
        max: usize,
    },
    /// A provincial health-record number 档案编号 another resident holds.
    RecordNoHeld {
        number: String,
        name: String,
    },
    /// The national form's other fields or a regimen on a visit that is not
    /// a completed follow-up (issue 27).
    RecordOnlyOnFollowup,
    /// Problems with the national form's fields or the regimen (issue 27).
    Record(Vec<crate::domain::record::FieldProblem>),
    /// A regimen change dated before a change already recorded.
    RegimenChangedLater {
        later: NaiveDate,
        visit: NaiveDate,
    },
    ExerciseOutOfRange {
        minutes: i32,
        lo: i32,
        hi: i32,
    },
    NextVisitNotAfter {
        next: NaiveDate,
        visit: NaiveDate,
    },
    VisitorTooLong {
        name: String,
        max: usize,
    },
    /// Whose record (a name, or a household's number) has no removal to undo.
    NothingToUndo(String),
    /// §5: every group is led by a volunteer.
    GroupNeedsVolunteer,
    /// §5: the volunteer (named) lives in another village.
    VolunteerOtherVillage(String),
    PatientInTwoGroups {
        name: String,
        group: String,
    },
    GroupOverLimit {
        group: String,
        size: usize,
        max: usize,
    },
    NoGroup(i64),
    /// A group or patient (named) of another village.
    GroupOtherVillage(String),
    /// A swap of two patients of the same group changes nothing.
    SwapSameGroup(String, String),
    GroupNotEmpty(String),
    NotInGroup(String),
    /// §1/§5: the resident (named) is already a volunteer.
    AlreadyVolunteer(String),
    /// An end (a volunteer stepping down) dated before its start.
    EndBeforeStart {
        end: NaiveDate,
        start: NaiveDate,
    },
    /// A family-doctor team (named) that does not exist.
    NoTeam(String),
    /// Nobody registered holds this ID number.
    IdNotRegistered(String),
    /// Issue 14: a contract (whose) overlapping one they have.
    ContractOverlaps {
        name: String,
        from: NaiveDate,
        to: NaiveDate,
    },
    /// Ending a contract on or after its own end.
    ContractEndsAnyway {
        end: NaiveDate,
    },
    /// A reason must be written.
    ReasonNeeded,
    /// Issue 14 (§7): no referral with this number.
    NoReferral(i64),
    /// Returned or closed before the county recorded it received.
    ReferralNotReceived {
        id: i64,
    },
    /// A transition from the wrong state (`state`, `action`: referral codes).
    ReferralWrongState {
        id: i64,
        state: &'static str,
        action: &'static str,
    },
    /// A date before the step it follows (`step`: sent or received).
    ReferralDateBefore {
        date: NaiveDate,
        earlier: NaiveDate,
        step: &'static str,
    },
    ReferralInFuture {
        date: NaiveDate,
        today: NaiveDate,
    },
    ReferralNeedsReason,
    /// A referral to the level it comes from.
    ReferralSameLevel(crate::domain::referral::Level),
    /// §6 weekly plan: an overdue, red, weekly or dated task cannot leave the week.
    PlanRequired(String),
    /// A hand move of the weekly plan needs its reason.
    PlanMoveNeedsReason,
    /// The weekly plan is for grid workers and family-doctor teams.
    PlanNotForVolunteers,
    /// Issue 15 item 2: a grid worker's write other than a visit or its outcome.
    WorkerOnlyVisits,
    /// A roster, place or operator change by an operator who is not a coordinator.
    CoordinatorOnly,
    /// A record outside the operator's village or grids.
    OutsideScope,
    /// Issue 25 item 10: a village, grid or worker the signed-in operator
    /// does not reach, asked for by name in a reading command.
    OutsideReach(String),
    /// Issue 25 item 10: residents' or visits' export asked by a grid worker.
    ExportNotForWorker,
    /// `backup FILE` where FILE exists (or appeared while it was written).
    BackupExists(String),
    /// `backup` onto the database itself.
    BackupIsTheDatabase,
    /// `restore` of the database itself.
    RestoreSameFile,
    /// A backup with fewer residents than the database (without --force).
    RestoreWouldLose {
        file: String,
        theirs: (i64, i64),
        ours: (i64, i64),
    },
    /// A backup without operators over a database with them (without --force).
    RestoreWithoutOperators {
        file: String,
        operators: Vec<String>,
    },
    /// Operators (§10): a PIN shorter than `min` characters.
    PinTooShort {
        min: usize,
    },
    /// Issue 24 item 6: a PIN on the list of the commonest (123456, password …).
    PinTooCommon,
    /// The PIN typed twice differs.
    PinsDiffer,
    /// Issue 24 item 6: on a database that cannot be written, where wrong
    /// PINs cannot be counted in the file, this program refuses to sign in
    /// after `max` wrong PINs.
    TooManyTries {
        max: i64,
    },
    /// Issue 24 item 5: a record dated outside what the operator may date
    /// (not after the real date, not more than auth.backdate_days before it).
    DateOutsideWindow {
        date: NaiveDate,
        earliest: NaiveDate,
        latest: NaiveDate,
    },
    /// A name and PIN that do not match an operator.
    WrongPin,
    /// Too many wrong PINs: signing in waits until `until` (local time).
    LockedOut {
        until: String,
    },
    /// No operator of this name.
    NoOperator(String),
    /// An operator who has ended.
    OperatorEnded(String),
    /// An operator of this name exists already.
    OperatorExists(String),
    /// A grid worker's operator must name their grid worker on the rosters.
    WorkerNeedsStaff,
    /// A village doctor's operator must name their village.
    DoctorNeedsVillage,
    /// The first operator must be a coordinator, or nobody could add the next.
    FirstIsCoordinator,
    /// The last coordinator cannot end while other operators sign in.
    LastCoordinator,
    /// Issue 14 (§2 ★1 一人一策): a plan needs text, within a page.
    CarePlanEmpty,
    CarePlanTooLong {
        chars: usize,
        max: usize,
    },
    /// A plan's review date must lie ahead, or saving it would not do its task.
    CarePlanReviewNotAfter {
        review: NaiveDate,
        today: NaiveDate,
    },
    /// A care-plan task is done by writing the plan, not by a visit.
    CarePlanNotAVisit,
}

/// An ID number's problem in Chinese (the English is `IdError`'s own).
fn id_error_zh(e: &IdError) -> String {
    match e {
        IdError::WrongLength(n) => format!("身份证号应为 18 位（或旧的 15 位），这个有 {n} 位"),
        IdError::NotDigits(c) => format!("身份证号只能是数字，末位可为 X；发现了“{c}”"),
        IdError::BadDate(d) => format!("身份证号中的出生日期 {d} 不存在"),
        IdError::FutureBirth(d) => format!("身份证号中的出生日期 {d} 晚于今天，请重新核对证件"),
        IdError::WrongCheck { expected, found } => {
            format!("身份证号校验位不对：应为 {expected}，实为 {found}，请重新核对证件")
        }
    }
}

fn field_zh(field: &str) -> &'static str {
    match field {
        "sbp" => "收缩压",
        "dbp" => "舒张压",
        "heart_rate" => "心率",
        "fpg" => "空腹血糖",
        "weight_kg" => "体重",
        "height_cm" => "身高",
        _ => "数值",
    }
}

impl VitalProblem {
    pub fn en(&self) -> String {
        match self {
            VitalProblem::OutOfRange {
                value,
                lo,
                hi,
                unit,
            } => format!("{value} {unit} is outside {lo}–{hi} {unit}; check the reading"),
            VitalProblem::SystolicNotAbove { sbp, dbp } => {
                format!("systolic {sbp} must be above diastolic {dbp}; were they swapped?")
            }
            VitalProblem::MissingDiastolic => "give the diastolic pressure too".into(),
            VitalProblem::MissingSystolic => "give the systolic pressure too".into(),
        }
    }

    pub fn zh(&self, field: &str) -> String {
        match self {
            VitalProblem::OutOfRange {
                value,
                lo,
                hi,
                unit,
            } => format!(
                "{}{value} {unit} 不在 {lo}–{hi} {unit} 之内，请核对读数",
                field_zh(field)
            ),
            VitalProblem::SystolicNotAbove { sbp, dbp } => {
                format!("收缩压 {sbp} 应高于舒张压 {dbp}，是否填反了？")
            }
            VitalProblem::MissingDiastolic => "请同时填写舒张压".into(),
            VitalProblem::MissingSystolic => "请同时填写收缩压".into(),
        }
    }
}

impl Refusal {
    /// The message in Chinese (`zh`) or English.
    pub fn text(&self, zh: bool) -> String {
        if zh { self.zh() } else { self.en() }
    }

    pub fn en(&self) -> String {
        use Refusal::*;
        match self {
            VisitInFuture { date, today } => format!(
                "the visit date {date} is after today ({today}); a visit cannot be recorded in advance"
            ),
            Vitals(v) => v
                .iter()
                .map(|(f, p)| format!("{f}: {}", p.en()))
                .collect::<Vec<_>>()
                .join("; "),
            CallAgainNeedsDate => "\"call again\" needs the date to call again".into(),
            CallAgainNotAfter { again, visit } => format!(
                "the date to call again ({again}) must be after the visit date ({visit})"
            ),
            RemovalNeedsReason => "removing from the queue needs a reason: moved, died, transferred, refused or wrong_phone".into(),
            VitalsOnlyOnFollowup => {
                "vitals belong to a completed follow-up; leave them empty for other visits".into()
            }
            UnknownWorker { what, id } => {
                format!("unknown {what} {id}; pick one from the rosters")
            }
            ResidentVisitOnHousehold => {
                "this visit is for a resident, not a household; pick the resident".into()
            }
            HouseholdVisitOnResident => {
                "a household visit is for a household; pick the household, not a resident".into()
            }
            NoHousehold(id) => format!("no household {id}"),
            NoResident(id) => format!("no resident {id}"),
            BeforeRegistered { date, registered } => format!(
                "the visit date {date} is before the household was registered ({registered})"
            ),
            BeforeBorn { date, name, born } => {
                format!("the visit date {date} is before {name} was born ({born})")
            }
            NotActive { name, status } => {
                format!("{name} is no longer active ({status}); reactivate the record first")
            }
            NotManaged { name, date } => format!(
                "{name} is not under chronic-disease management on {date}; register the condition first"
            ),
            WhoDied => "several people live in this household; open it, select the member who died in the member list and press X".into(),
            EmptyName => "the name may not be empty".into(),
            ControlChar {
                field_en, shown, ..
            } => format!(
                "{field_en} holds a control character ({shown}) that would garble a terminal or a spreadsheet; delete it (only line breaks and tabs are kept, in fields that take several lines)"
            ),
            NameTooLong { chars, max } => format!(
                "the name has {chars} characters; at most {max} are allowed (setting name_max_chars)"
            ),
            BadPhone(p) => format!(
                "phone {p:?} should be 5 to 20 digits (spaces, + and - allowed), e.g. 13812345678 or 0571-88001234"
            ),
            EmptyAddress => "the address may not be empty".into(),
            OverrideNeedsReason => "an override needs a written reason".into(),
            EndReason(r) => format!(
                "ending management takes a reason of died, moved or transferred, not {r}"
            ),
            DateInFuture { date, today } => format!(
                "the date {date} is after today ({today}); record it on the day it happened or later"
            ),
            EndBeforeRegistered {
                date,
                name,
                registered,
            } => format!(
                "the date {date} is before {name} was registered ({registered}); check the date"
            ),
            AlreadyEnded { name, status, on } => {
                format!("{name}'s management already ended ({status} on {on}); nothing to do")
            }
            BadId { input, error } => format!("{input}: {error}"),
            DuplicateId {
                number,
                name,
                address,
            } => format!(
                "ID number {number} is already registered to {name} ({address}); open that record instead, or move them with the resident screen"
            ),
            EmptyPlaceName => "the name may not be empty".into(),
            PlaceNameTooLong(n) => format!("the name has {n} characters; at most 30 are allowed"),
            PlaceExists(n) => format!("{n} already exists here; pick it rather than adding it again"),
            AlreadyVolunteer(n) => format!("{n} is already a volunteer"),
            NoReferral(id) => format!("there is no referral number {id}; see `gridcare referral list`"),
            ReferralNotReceived { id } => format!(
                "referral {id} was never received; record it received (R) first, then return or close it"
            ),
            ReferralWrongState { id, state, action } => format!(
                "referral {id} is {state}; it cannot be {}", match *action {
                    "receive" => "received again",
                    "return" => "returned now",
                    _ => "closed now",
                }
            ),
            ReferralDateBefore { date, earlier, step } => {
                format!("the date {date} is before the referral was {step} ({earlier}); check the date")
            }
            ReferralInFuture { date, today } => format!(
                "the date {date} is after today ({today}); a referral step cannot be recorded in advance"
            ),
            ReferralNeedsReason => "a referral needs a reason; write why the patient is referred".into(),
            ReferralSameLevel(l) => {
                let l = l.name(false);
                format!("a referral from {l} cannot go to {l}; choose a higher level")
            }
            PlanRequired(_) => "this task is overdue, red, weekly or due by Sunday: the rule keeps it in this week's plan (domain.md §6); move another task instead".into(),
            PlanMoveNeedsReason => "write why the task is moved; the reason is kept and shown with the plan".into(),
            PlanNotForVolunteers => "weekly plans are made for grid workers and family-doctor teams; choose one of them (grid_worker:ID or team:ID)".into(),
            CarePlanEmpty => "the care plan is empty; write what the family doctor will do".into(),
            CarePlanTooLong { chars, max } => format!(
                "the care plan has {chars} characters, more than {max}; shorten it"
            ),
            CarePlanReviewNotAfter { review, today } => format!(
                "the review date {review} is not after today ({today}); pick a later date (e.g. in 6 months)"
            ),
            CarePlanNotAVisit => "a care-plan task is done by writing the plan (L on the resident or household screen, or `gridcare care-plan set`), not by a visit".into(),
            IdNotRegistered(n) => format!("nobody registered holds ID number {n}; register them in their household first"),
            ContractOverlaps { name, from, to } => format!(
                "{name} already has a contract from {from} to {to}; renew or end that one instead"
            ),
            ContractEndsAnyway { end } => format!(
                "the contract ends on {end} anyway; to end it early pick an earlier last day"
            ),
            ReasonNeeded => "write the reason".into(),
            EndBeforeStart { end, start } => {
                format!("the end date {end} is before the start {start}; check the date")
            }
            NoTeam(t) => format!("there is no family-doctor team {t}; add it on the rosters screen (5) first"),
            WorkerOnlyVisits => "a grid worker may only record visits and contact outcomes and correct a resident's phone number; ask the coordinator to make this change; nothing was written".into(),
            CoordinatorOnly => "only a coordinator may change the rosters, villages, grids and operators; ask the coordinator; nothing was written".into(),
            OutsideScope => "that record is outside your village or grids; ask the coordinator; nothing was written".into(),
            OutsideReach(what) => format!(
                "{what} is outside your village or grids; you see only what you cover (the coordinator sees the whole township): nothing was done"
            ),
            BackupExists(f) => format!(
                "{f} exists already; a backup never overwrites a file, give a new name (e.g. with the date)"
            ),
            BackupIsTheDatabase => "the backup must go to another file than the database".into(),
            RestoreSameFile => "the backup and the database are the same file".into(),
            RestoreWouldLose { file, theirs, ours } => would_lose(false, file, *theirs, *ours),
            RestoreWithoutOperators { file, operators } => format!(
                "{file} has no operators: restoring it would remove {} ({}) and leave every command open to whoever holds the file; nothing was changed. Give --force to restore it anyway, then add a coordinator with `gridcare operator add`",
                operators.len(),
                operators.join(", ")
            ),
            ExportNotForWorker => "exporting residents or visits (full ID numbers, readings) is for a coordinator or a village doctor; a grid worker prints their sheet with `gridcare print --worker NAME`: nothing was done".into(),
            PinTooShort { min } => format!("the PIN is too short: give at least {min} characters"),
            PinTooCommon => "that PIN is one of the commonest and is guessed first; choose another".into(),
            PinsDiffer => "the two PINs differ; type the same PIN twice".into(),
            TooManyTries { max } => format!("{max} wrong PINs: the database cannot be written here to count them, so this program signs nobody in any more; start it again and wait, or ask the coordinator"),
            DateOutsideWindow { date, earliest, latest } => format!("{date} is outside the dates you may record: from {earliest} to {latest} (today, by the computer's clock; auth.backdate_days); ask the coordinator to record it; nothing was written"),
            WrongPin => "wrong operator name or PIN; try again (ask the coordinator for `gridcare operator reset` if it is forgotten)".into(),
            LockedOut { until } => format!("too many wrong PINs: signing in is locked until {until}; wait, or ask the coordinator for `gridcare operator reset`"),
            NoOperator(n) => format!("there is no operator {n}; see `gridcare operator list`"),
            OperatorEnded(n) => format!("operator {n} has ended and cannot sign in; ask the coordinator to add a new operator"),
            OperatorExists(n) => format!("there is an operator {n} already; choose another name, or `gridcare operator reset {n}`"),
            WorkerNeedsStaff => "a grid worker's operator needs --staff NAME: their grid worker on the rosters (`gridcare roster list`)".into(),
            DoctorNeedsVillage => "a village doctor's operator needs --village NAME (or --staff NAME of a village doctor with a village)".into(),
            FirstIsCoordinator => "the first operator must be a coordinator (--role coordinator), so that someone can add the others".into(),
            LastCoordinator => "this is the last coordinator: add another coordinator first, or end the other operators; nobody could manage them otherwise".into(),
            UnknownVillage(v) => format!(
                "unknown village {v}; add it on the rosters screen (5) first, or import with --create-places"
            ),
            UnknownGrid(g) => format!(
                "unknown grid {g}; add it on the rosters screen (5) first, or import with --create-places"
            ),
            GridNotInVillage => "that grid belongs to another village; pick a grid of the household's village".into(),
            ManagedBeforeDiagnosed { managed, diagnosed } => format!(
                "management from {managed} cannot start before the diagnosis ({diagnosed})"
            ),
            ConditionExists { name, condition } => {
                format!("{name} already has {condition} registered; edit that record instead")
            }
            SameHousehold => "the resident already lives in that household".into(),
            NoCondition { name, condition } => {
                format!("{name} has no {condition} registered; register it first")
            }
            NoStaff(s) => format!("no active staff member {s}; see `gridcare roster list`"),
            NoSuchWorker(w) => format!(
                "unknown worker {w:?}: no grid worker, doctor team or volunteer has that name; see `gridcare roster list`"
            ),
            UnknownWorkerKind { kind, codes } => {
                format!("unknown worker kind {kind:?}; use one of {codes}")
            }
            NotANumberIn { id, key } => format!("{id:?} is not a number in {key:?}"),
            SeveralWorkers { key, each } => format!(
                "{} workers are called {key:?}; name one as {}",
                each.len(),
                each.join(" or ")
            ),
            NoSuchGrid { key, near } if near.is_empty() => format!(
                "unknown grid {key:?}; give the village and grid, e.g. 富民村 第一网格, or the grid's number; `gridcare roster list` lists the grids"
            ),
            NoSuchGrid { key, near } => format!(
                "unknown grid {key:?}; did you mean: {}? Give the village and grid, e.g. 富民村 第一网格, or the grid's number",
                near.join(", ")
            ),
            GridInSeveral { key, each } => format!(
                "several grids are called {key:?}: {}; give the village too, e.g. {:?}",
                each.join(", "),
                each.first().map_or("", String::as_str)
            ),
            NoSuchVillage(v) => {
                format!("unknown village {v:?}; give its name (e.g. 富民村) or number")
            }
            VillageInSeveral { key, each } => format!(
                "several townships have a village {key:?} ({}); add --township or give the village's number",
                each.join(", ")
            ),
            UnknownTownship(t) => format!(
                "unknown township {t:?}; give its name (e.g. 三角乡) or number; `gridcare check` lists how many there are"
            ),
            NotAGridWorker(s) => format!("{s} is not a grid worker; only grid workers cover grids"),
            HandoverBeforeStart { from, since } => format!(
                "the handover date {from} is not after the current worker's start ({since}); pick a later date"
            ),
            GridWithoutSuccessor(g) => format!(
                "grid {g} would be left without a worker; name who takes it over (--handover GRID=WORKER)"
            ),
            LifestyleOnlyOnFollowup => "smoking, drinking, exercise and salt belong to a completed follow-up; leave them empty for other visits".into(),
            ExtNoHeld { number, address } => format!(
                "household number {number} belongs to the household at {address}; check the number"
            ),
            ExtNoTooLong { number, max } => format!(
                "the number {number} is longer than {max} characters; check the column"
            ),
            RecordNoHeld { number, name } => format!(
                "health-record number {number} belongs to {name}; check the number"
            ),
            RecordOnlyOnFollowup => "symptoms, targets, tests and medicines belong to a completed follow-up; leave them empty for other visits".into(),
            Record(problems) => problems
                .iter()
                .map(|p| p.text(false))
                .collect::<Vec<_>>()
                .join("; "),
            RegimenChangedLater { later, visit } => format!(
                "the medicines were already changed on {later}, after this visit ({visit}); record visits' medicine changes in date order"
            ),
            ExerciseOutOfRange { minutes, lo, hi } => format!(
                "exercise of {minutes} minutes a week is outside {lo}–{hi}; check the number"
            ),
            NextVisitNotAfter { next, visit } => {
                format!("the next visit ({next}) must be after the visit date ({visit})")
            }
            VisitorTooLong { name, max } => format!(
                "who did the visit: {name:?} is longer than {max} characters; write a name"
            ),
            NothingToUndo(who) => format!("{who} has no removal to undo"),
            GroupNeedsVolunteer => "a group needs a volunteer of its village who is active; register one on the rosters screen (5) first".into(),
            VolunteerOtherVillage(name) => format!(
                "{name} lives in another village; a group's volunteer is a resident of the group's village (§5)"
            ),
            PatientInTwoGroups { name, group } => format!(
                "{name} is already in {group}; a patient belongs to one group only: move them (m) instead"
            ),
            GroupOverLimit { group, size, max } => format!(
                "{group} would have {size} patients, over the limit of {max} (setting group.max_size); move someone out first or swap (s)"
            ),
            NoGroup(id) => format!("no volunteer group {id}"),
            SwapSameGroup(a, b) => format!(
                "{a} and {b} are in the same group: swapping them changes nothing; choose a patient of another group"
            ),
            GroupOtherVillage(what) => format!(
                "{what} belongs to another village; groups stay inside one village (§5)"
            ),
            GroupNotEmpty(g) => format!("{g} still has patients; move them first"),
            NotInGroup(name) => format!("{name} is in no group; place them with the regrouping (P) first"),
        }
    }

    pub fn zh(&self) -> String {
        use Refusal::*;
        match self {
            VisitInFuture { date, today } => {
                format!("随访日期 {date} 晚于今天（{today}），不能提前记录随访")
            }
            Vitals(v) => v
                .iter()
                .map(|(f, p)| p.zh(f))
                .collect::<Vec<_>>()
                .join("；"),
            CallAgainNeedsDate => "选择“改日再联系”时须填写再次联系的日期".into(),
            CallAgainNotAfter { again, visit } => {
                format!("再次联系日期（{again}）须晚于本次日期（{visit}）")
            }
            RemovalNeedsReason => "移出任务须写明原因：迁出、死亡、转出、拒绝或号码错误".into(),
            VitalsOnlyOnFollowup => "体征只属于已完成的随访；其他走访请留空".into(),
            UnknownWorker { what, id } => {
                let what = match *what {
                    "grid worker" => "网格员",
                    "team" => "家庭医生团队",
                    "volunteer" => "志愿者",
                    _ => "人员",
                };
                format!("没有编号为 {id} 的{what}，请从花名册中选择")
            }
            ResidentVisitOnHousehold => "这类走访针对居民而不是家庭，请选择居民".into(),
            HouseholdVisitOnResident => "家庭走访针对家庭，请选择家庭而不是居民".into(),
            NoHousehold(id) => format!("没有编号为 {id} 的家庭"),
            NoResident(id) => format!("没有编号为 {id} 的居民"),
            BeforeRegistered { date, registered } => {
                format!("走访日期 {date} 早于该户登记日期（{registered}）")
            }
            BeforeBorn { date, name, born } => {
                format!("走访日期 {date} 早于{name}的出生日期（{born}）")
            }
            NotActive { name, status } => {
                format!("{name}已不在管理中（{status}），请先恢复其记录")
            }
            NotManaged { name, date } => {
                format!("{name}在 {date} 不是慢病管理对象，请先登记病种")
            }
            WhoDied => "此户有多名成员：请打开该户，在成员列表中选中去世的成员后按 X".into(),
            EmptyName => "姓名不能为空".into(),
            ControlChar {
                field_zh, shown, ..
            } => format!(
                "{field_zh}含有控制字符（{shown}），会扰乱终端或表格；请删除（只有可写多行的栏目可含换行和制表符）"
            ),
            NameTooLong { chars, max } => {
                format!("姓名有 {chars} 个字，最多 {max} 个（设置项 name_max_chars）")
            }
            BadPhone(p) => format!(
                "电话“{p}”应为 5 到 20 位数字（可含空格、+ 和 -），如 13812345678 或 0571-88001234"
            ),
            EmptyAddress => "地址不能为空".into(),
            OverrideNeedsReason => "调整星级须写明原因".into(),
            EndReason(r) => format!("结束管理的原因只能是死亡、迁出或转出，不能是 {r}"),
            DateInFuture { date, today } => {
                format!("日期 {date} 晚于今天（{today}），请在事情发生当天或之后记录")
            }
            EndBeforeRegistered {
                date,
                name,
                registered,
            } => format!("日期 {date} 早于{name}的登记日期（{registered}），请核对日期"),
            AlreadyEnded { name, status, on } => {
                format!("{name}的管理已于 {on} 结束（{status}），无需再次操作")
            }
            BadId { input, error } => format!("{input}：{}", id_error_zh(error)),
            DuplicateId {
                number,
                name,
                address,
            } => format!(
                "身份证号 {number} 已登记在{name}（{address}）名下；请打开该居民的记录，或在居民页面办理迁户"
            ),
            EmptyPlaceName => "名称不能为空".into(),
            PlaceNameTooLong(n) => format!("名称有 {n} 个字，最多 30 个"),
            PlaceExists(n) => format!("{n}已存在，请直接选用，不要重复添加"),
            AlreadyVolunteer(n) => format!("{n}已经是志愿者"),
            NoReferral(id) => format!("没有编号为 {id} 的转诊；可用 `gridcare referral list` 查看"),
            ReferralNotReceived { id } => {
                format!("转诊 {id} 尚未登记接收；请先登记接收（R），再登记下转或结案")
            }
            ReferralWrongState { id, state, action } => format!(
                "转诊 {id} 已{}，不能{}",
                match *state {
                    "sent" => "转出",
                    "received" => "接收",
                    "returned" => "下转",
                    _ => "结案",
                },
                match *action {
                    "receive" => "再次登记接收",
                    "return" => "登记下转",
                    _ => "结案",
                }
            ),
            ReferralDateBefore {
                date,
                earlier,
                step,
            } => format!(
                "日期 {date} 早于转诊{}日期（{earlier}），请核对",
                if *step == "sent" { "转出" } else { "接收" }
            ),
            ReferralInFuture { date, today } => {
                format!("日期 {date} 晚于今天（{today}），不能提前登记转诊")
            }
            ReferralNeedsReason => "转诊须写明原因".into(),
            ReferralSameLevel(l) => format!("转诊不能转往同一级（{}），请选择上一级", l.name(true)),
            PlanRequired(_) => "该任务已逾期、为红码、每周必访或本周日前到期，按规则必须留在本周计划中（domain.md §6）；请移出其他任务".into(),
            PlanMoveNeedsReason => "请写明调整原因；原因会保存并随计划显示".into(),
            PlanNotForVolunteers => "本周计划只为网格员和家庭医生团队制定；请选择网格员或团队（grid_worker:编号 或 team:编号）".into(),
            CarePlanEmpty => "一人一策内容为空，请写明家庭医生的安排".into(),
            CarePlanTooLong { chars, max } => {
                format!("一人一策有 {chars} 个字，超过 {max} 个字，请精简")
            }
            CarePlanReviewNotAfter { review, today } => {
                format!("复核日期 {review} 不晚于今天（{today}），请选较晚的日期（如半年后）")
            }
            CarePlanNotAVisit => {
                "一人一策任务要写好计划才算完成（在居民或家庭页按 L，或用 `gridcare care-plan set`），不是登记走访".into()
            }
            IdNotRegistered(n) => format!("没有登记身份证号为 {n} 的居民，请先在其家庭中登记"),
            ContractOverlaps { name, from, to } => {
                format!("{name}已有 {from} 至 {to} 的签约，请续签或解约该份")
            }
            ContractEndsAnyway { end } => {
                format!("该签约本就于 {end} 到期；提前解约请选更早的最后一天")
            }
            ReasonNeeded => "请填写原因".into(),
            EndBeforeStart { end, start } => format!("结束日期 {end} 早于开始日期 {start}，请核对"),
            NoTeam(t) => format!("没有家庭医生团队 {t}，请先在花名册（5）中添加"),
            WorkerOnlyVisits => {
                "网格员只能登记随访和联系结果、更正居民电话；其他修改请找协调员；未保存任何内容".into()
            }
            CoordinatorOnly => {
                "只有协调员能修改花名册、村、网格和操作员；请找协调员；未保存任何内容".into()
            }
            OutsideScope => "该记录不在您的村或网格内；请找协调员；未保存任何内容".into(),
            OutsideReach(what) => {
                format!("{what}不在您的村或网格内；您只能查看自己负责的范围（协调员可查看全乡镇）；未做任何操作")
            }
            BackupExists(f) => {
                format!("{f} 已存在；备份从不覆盖文件，请换一个名字（例如带上日期）")
            }
            BackupIsTheDatabase => "备份须写到数据库以外的另一个文件".into(),
            RestoreSameFile => "备份和数据库是同一个文件".into(),
            RestoreWouldLose { file, theirs, ours } => would_lose(true, file, *theirs, *ours),
            RestoreWithoutOperators { file, operators } => format!(
                "{file} 没有操作员：恢复它会删除 {} 位操作员（{}），任何拿到文件的人都能运行所有命令；未做任何更改。加 --force 仍然恢复，然后用 `gridcare operator add` 添加一位协调员",
                operators.len(),
                operators.join("、")
            ),
            ExportNotForWorker => "导出居民或随访（含完整身份证号和测量值）仅限协调员或村医；网格员请用 `gridcare print --worker 姓名` 打印自己的任务单；未做任何操作".into(),
            PinTooShort { min } => format!("PIN 太短：至少 {min} 个字符"),
            PinTooCommon => "该 PIN 过于常见，最先被猜中；请换一个".into(),
            PinsDiffer => "两次输入的 PIN 不同，请输入相同的 PIN".into(),
            TooManyTries { max } => format!("PIN 已错 {max} 次：此处无法写入数据库以计数，本程序不再允许登录；请重新启动并稍候，或找协调员"),
            DateOutsideWindow { date, earliest, latest } => format!("{date} 不在您可登记的日期内：{earliest} 至 {latest}（今天以电脑时钟为准；auth.backdate_days）；请找协调员登记；未保存任何内容"),
            WrongPin => {
                "操作员姓名或 PIN 不对，请重试（忘记 PIN 请协调员执行 gridcare operator reset）"
                    .into()
            }
            LockedOut { until } => {
                format!("PIN 错误次数过多：登录已锁定至 {until}；请稍候，或请协调员重置")
            }
            NoOperator(n) => format!("没有操作员 {n}；见 `gridcare operator list`"),
            OperatorEnded(n) => format!("操作员 {n} 已停用，不能登录；请协调员添加新的操作员"),
            OperatorExists(n) => format!("已有操作员 {n}；请换个姓名，或重置其 PIN"),
            WorkerNeedsStaff => "网格员操作员需要 --staff 姓名：花名册上的网格员".into(),
            DoctorNeedsVillage => {
                "村医操作员需要 --village 村名（或有所属村的村医 --staff 姓名）".into()
            }
            LastCoordinator => {
                "这是最后一位协调员：请先添加另一位协调员，或先停用其他操作员，否则无人能管理他们"
                    .into()
            }
            FirstIsCoordinator => {
                "第一个操作员必须是协调员（--role coordinator），以便添加其他操作员".into()
            }
            UnknownVillage(v) => {
                format!("没有村“{v}”：请先在花名册（5）中添加，或导入时加 --create-places")
            }
            UnknownGrid(g) => {
                format!("没有网格“{g}”：请先在花名册（5）中添加，或导入时加 --create-places")
            }
            GridNotInVillage => "该网格属于其他村，请选择本户所在村的网格".into(),
            ManagedBeforeDiagnosed { managed, diagnosed } => {
                format!("纳入管理日期 {managed} 不能早于确诊日期 {diagnosed}")
            }
            ConditionExists { name, condition } => {
                format!("{name}已登记过 {condition}，请修改原记录")
            }
            SameHousehold => "该居民已在这一户中".into(),
            NoCondition { name, condition } => format!("{name}没有登记 {condition}，请先登记"),
            NoStaff(s) => format!("没有在职人员 {s}；可用 `gridcare roster list` 查看"),
            NoSuchWorker(w) => format!(
                "没有名为“{w}”的网格员、家庭医生团队或志愿者；可用 `gridcare roster list` 查看"
            ),
            UnknownWorkerKind { kind, codes } => {
                format!("没有“{kind}”这类负责人；请用 {codes} 之一")
            }
            NotANumberIn { id, key } => format!("“{key}”中的“{id}”不是数字"),
            SeveralWorkers { key, each } => format!(
                "有 {} 位负责人叫“{key}”；请写成 {} 之一",
                each.len(),
                each.join(" 或 ")
            ),
            NoSuchGrid { key, near } if near.is_empty() => format!(
                "没有网格“{key}”；请给出村名和网格名（例如 富民村 第一网格）或网格编号；`gridcare roster list` 列出各网格"
            ),
            NoSuchGrid { key, near } => format!(
                "没有网格“{key}”；是否指：{}？请给出村名和网格名（例如 富民村 第一网格）或网格编号",
                near.join("，")
            ),
            GridInSeveral { key, each } => format!(
                "有几个网格都叫“{key}”：{}；请加上村名，例如“{}”",
                each.join("，"),
                each.first().map_or("", String::as_str)
            ),
            NoSuchVillage(v) => format!("没有村“{v}”；请给出村名（例如 富民村）或编号"),
            VillageInSeveral { key, each } => format!(
                "有几个乡镇都有村“{key}”（{}）；请加 --township 或给出村的编号",
                each.join("，")
            ),
            UnknownTownship(t) => format!(
                "没有乡镇“{t}”；请给出乡镇名（例如 三角乡）或编号；`gridcare check` 列出共有几个"
            ),
            NotAGridWorker(s) => format!("{s} 不是网格员，只有网格员负责网格"),
            HandoverBeforeStart { from, since } => {
                format!("交接日期 {from} 须晚于现任网格员的起始日期（{since}），请选较晚的日期")
            }
            GridWithoutSuccessor(g) => {
                format!("网格 {g} 将无人负责，请指定接手的网格员（--handover 网格=网格员）")
            }
            LifestyleOnlyOnFollowup => {
                "吸烟、饮酒、运动和摄盐只属于已完成的随访；其他走访请留空".into()
            }
            ExtNoHeld { number, address } => {
                format!("户编号 {number} 已属于 {address} 的家庭，请核对编号")
            }
            ExtNoTooLong { number, max } => {
                format!("编号 {number} 超过 {max} 个字符，请核对该列")
            }
            RecordNoHeld { number, name } => {
                format!("档案编号 {number} 已属于 {name}，请核对编号")
            }
            RecordOnlyOnFollowup => "症状、目标、检查和用药只属于已完成的随访；其他走访请留空".into(),
            Record(problems) => problems
                .iter()
                .map(|p| p.text(true))
                .collect::<Vec<_>>()
                .join("；"),
            RegimenChangedLater { later, visit } => format!(
                "用药已在 {later} 调整过，晚于本次随访（{visit}）；请按日期先后录入各次随访的用药变化"
            ),
            ExerciseOutOfRange { minutes, lo, hi } => {
                format!("每周运动 {minutes} 分钟不在 {lo}–{hi} 之内，请核对")
            }
            NextVisitNotAfter { next, visit } => {
                format!("下次随访日期（{next}）须晚于本次随访日期（{visit}）")
            }
            VisitorTooLong { name, max } => {
                format!("随访人“{name}”超过 {max} 个字，请只写姓名")
            }
            NothingToUndo(who) => format!("{who}没有可撤销的移出记录"),
            GroupNeedsVolunteer => {
                "每个小组须由本村一名在岗志愿者带领，请先在花名册（5）中登记志愿者".into()
            }
            VolunteerOtherVillage(name) => {
                format!("{name}住在其他村；小组志愿者须是本村居民（§5）")
            }
            PatientInTwoGroups { name, group } => {
                format!("{name}已在{group}中；每名患者只属于一个小组，请用调组（m）")
            }
            GroupOverLimit { group, size, max } => format!(
                "{group}将有 {size} 名患者，超过上限 {max} 名（设置项 group.max_size）；请先调出或改用互换（s）"
            ),
            NoGroup(id) => format!("没有编号为 {id} 的志愿者小组"),
            GroupOtherVillage(what) => format!("{what}属于其他村；小组不跨村（§5）"),
            SwapSameGroup(a, b) => format!("{a}和{b}在同一小组，互换不会改变什么；请选另一小组的患者"),
            GroupNotEmpty(g) => format!("{g}还有患者，请先调出"),
            NotInGroup(name) => format!("{name}不在任何小组中，请先用重新分组（P）安排"),
        }
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.en())
    }
}

/// A phone number as the rosters keep it (5 to 20 digits; spaces, + and -).
pub fn check_phone(p: &str) -> Result<(), Refusal> {
    let p = p.trim();
    let digits = p.chars().filter(char::is_ascii_digit).count();
    if p.is_empty()
        || (p.len() <= 20
            && digits >= 5
            && p.chars().all(|c| c.is_ascii_digit() || " +-".contains(c)))
    {
        Ok(())
    } else {
        Err(Refusal::BadPhone(crate::text::cap(p, 60)))
    }
}

/// The words for a stored column in messages: (Chinese, English).
pub fn field_words(column: &str) -> (String, String) {
    let (zh, en) = match column {
        "name" => ("姓名", "the name"),
        "address" => ("地址", "the address"),
        "phone" => ("电话", "the phone"),
        "notes" => ("备注", "the notes"),
        "care_plan" | "text" => ("照护计划", "the care plan"),
        "reason" => ("原因", "the reason"),
        "outcome" => ("结果", "the outcome"),
        "advice" => ("建议", "the advice"),
        "tier_override_reason" => ("星级调整原因", "the tier's reason"),
        "end_reason" => ("结束原因", "the end reason"),
        other => return (other.to_string(), other.to_string()),
    };
    (zh.to_string(), en.to_string())
}

/// Text that may be stored (issue 24 item 11): no control character but,
/// where the field takes several lines (`multiline`), line breaks and tabs.
/// `field` is the stored column (`name`, `notes` …) or a file's header.
/// Every write checks each text column of its record with this (see
/// `db::audit_change`), and the forms, the command line and the importer
/// check early with it to name the field.
pub fn check_text(field: &str, value: &str, multiline: bool) -> Result<(), Refusal> {
    let bad = value
        .chars()
        .find(|&c| c.is_control() && !(multiline && (c == '\n' || c == '\t')));
    match bad {
        None => Ok(()),
        Some(c) => {
            let (field_zh, field_en) = field_words(field);
            Err(Refusal::ControlChar {
                field_zh,
                field_en,
                shown: c.escape_unicode().to_string(),
            })
        }
    }
}

/// Whether a stored column takes several lines (notes, plans, reasons).
pub fn multiline(column: &str) -> bool {
    !matches!(column, "name" | "address" | "phone" | "id_number")
}

/// A person's name: not empty, no control character, at most `max`
/// characters (a setting).
pub fn check_name(name: &str, max: usize) -> Result<(), Refusal> {
    check_text("name", name, false)?;
    let chars = name.trim().chars().count();
    match chars {
        0 => Err(Refusal::EmptyName),
        n if n > max => Err(Refusal::NameTooLong { chars: n, max }),
        _ => Ok(()),
    }
}

/// The longest name accepted unless the setting `name_max_chars` says otherwise.
pub const NAME_MAX_CHARS: usize = 20;

/// What restoring a smaller backup would lose, in Chinese (`zh`) or English:
/// `theirs` and `ours` are (residents, visits) of the backup and the database.
fn would_lose(zh: bool, file: &str, theirs: (i64, i64), ours: (i64, i64)) -> String {
    let template = if zh {
        "{} 有 {} 名居民、{} 次随访，数据库有 {} 名居民、{} 次随访：恢复它会丢失 {} 名居民和 {} 次随访；未做任何更改。请用 `gridcare check --db {}` 检查该备份，或加 --force 仍然恢复"
    } else {
        "{} holds {} residents and {} visits, the database {} residents and {} visits: restoring it would lose {} residents and {} visits; nothing was changed. Check the backup with `gridcare check --db {}`, or give --force to restore it anyway"
    };
    crate::tui::strings::fill(
        template,
        &[
            &file,
            &theirs.0,
            &theirs.1,
            &ours.0,
            &ours.1,
            &(ours.0 - theirs.0),
            &(ours.1 - theirs.1).max(0),
            &file,
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every message exists in both languages and says something.
    #[test]
    fn phones_and_names_are_checked_alike_everywhere() {
        let cases: &[(&str, bool)] = &[
            ("", true),
            ("13812345678", true),
            ("0571-88001234", true),
            ("+86 138 1234 5678", true),
            ("1234", false),
            ("138-abc-5678", false),
            ("123456789012345678901", false),
        ];
        for (p, ok) in cases {
            assert_eq!(check_phone(p).is_ok(), *ok, "{p}");
        }
        assert_eq!(check_name("  ", 20), Err(Refusal::EmptyName));
        assert!(check_name("王大爷", 20).is_ok());
        let long = "欧".repeat(21);
        assert_eq!(
            check_name(&long, 20),
            Err(Refusal::NameTooLong { chars: 21, max: 20 })
        );
        for r in [
            Refusal::EmptyName,
            Refusal::BadPhone("12".into()),
            Refusal::NameTooLong { chars: 21, max: 20 },
        ] {
            assert!(!r.zh().is_empty() && !r.en().is_empty());
            assert_ne!(r.zh(), r.en());
        }
    }
}
