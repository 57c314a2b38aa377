//! Why a write is refused: one catalogue of every message the writes give, in
//! Chinese and English, so the terminal shows them in its language and the
//! command line in its own (issue 10). Each says what is wrong and how to fix
//! it; a refused write changes nothing.

use crate::domain::idnum::IdError;
use chrono::NaiveDate;

mod en;
mod zh;

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
    /// Issue 29: a printed row keyed in already (its code, the visit's date, who keyed it).
    AlreadyKeyed {
        code: String,
        on: chrono::NaiveDate,
        by: String,
    },
    /// Issue 29: no printed batch has this number.
    NoBatch(i64),
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
    /// A grid worker asked for another worker's week plan (issue 26 item 4).
    PlanOwnOnly {
        name: String,
    },
    /// A village doctor asked for the plan of a worker who does not serve their village.
    PlanOtherVillage {
        name: String,
    },
    /// A village doctor asked for another village's groups.
    GroupsOtherVillage {
        name: String,
    },
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
    // Issue 31 item 1: OpenSSH keys bound to operators.
    /// A file that is not one OpenSSH public key.
    BadKey(crate::domain::sshkey::KeyProblem),
    /// The key is bound already (to `owner`, maybe the same operator).
    KeyTaken {
        owner: String,
    },
    /// The operator has no key of this fingerprint.
    NoKey {
        name: String,
        fingerprint: String,
    },
    /// A name the SSH command line cannot carry (a quote, a backslash).
    NameNotForSsh(String),
    /// `--ssh-operator` outside an SSH session, or the database's auth.ssh
    /// is off, or the operator has no key, is locked out or has ended.
    NoKeySignIn(crate::domain::sshkey::Closed),
    /// Issue 32: an event, an attendance or a points movement.
    Events(crate::domain::events::Problem),
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
    crate::words::fill(
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
