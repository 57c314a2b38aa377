//! The refusals in English: what is wrong and how to fix it.

use super::*;

impl Refusal {
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
            PlanOwnOnly { name } => format!("{name} is signed in as a grid worker and sees their own week's plan only: give `--worker {name}`; nothing was done"),
            PlanOtherVillage { name } => format!("that worker does not serve {name}'s village; a village doctor reads the plans of their own village's grid workers and family-doctor team: nothing was done"),
            GroupsOtherVillage { name } => format!("that village is not {name}'s; a village doctor sees the groups of their own village"),
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
            BadKey(p) => p.text(false),
            KeyTaken { owner } => format!("this key is bound to operator {owner} already; a key belongs to one operator: make a key of their own (ssh-keygen or PuTTYgen)"),
            NoKey { name, fingerprint } => format!("{name} has no key {fingerprint}; see `gridcare operator key list`"),
            NameNotForSsh(n) => format!("the name {n:?} holds a quote or backslash, which the SSH command line cannot carry safely; add the operator under a name without them"),
            NoKeySignIn(why) => why.text(false),
            AlreadyKeyed { code, on, by } => format!(
                "{code} is keyed in already (the visit of {on} by {by}); it is not keyed twice"
            ),
            NoBatch(n) => format!("no printed batch {n}; the batch number is in each page's header (批次：N)"),
            Events(p) => p.en(),
        }
    }
}
