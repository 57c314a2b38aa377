//! Who may see and change what (issue 15 item 2, domain.md §1 and §10): an
//! operator's role and the part of the township it reaches. Pure rules; the
//! database applies them at load time (what is read) and in every write's
//! audit row (what is written), so the TUI, the CLI and the importer share them.

use super::code_enum;

code_enum!(
    /// An operator's role (§1): the coordinator runs the whole township, a
    /// village doctor their village, a grid worker their grids; the county
    /// (县卫健委, the county hospital's chronic-disease centre, §1's top
    /// level) looks across every township and changes nothing (issue 30
    /// item 3).
    Role {
        Coordinator = "coordinator",
        Doctor = "doctor",
        Worker = "worker",
        County = "county",
    }
);

/// The part of the database an operator works in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// Everything (a coordinator, or no operators at all).
    Everything,
    /// One village (a village doctor).
    Village(i64),
    /// The grids assigned to this staff member on the real date, by the
    /// system clock, never --today (a grid worker; issue 24 item 5).
    Grids { staff: i64 },
}

/// What a write is, as its audit row names it: the action, and whether it
/// happens inside a visit being recorded (a contact outcome that ends
/// management, a referral the follow-up sends).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Allowed,
    /// A grid worker's write other than a visit or its outcome.
    OnlyVisits,
    /// A roster, place or operator change by someone not a coordinator.
    CoordinatorOnly,
    /// Any write by a county operator: they look, never change (issue 30 item 3).
    CountyReadOnly,
}

/// The records a village doctor may change in their village (the rest —
/// rosters, villages, grids, operators — are the coordinator's).
const VILLAGE_ENTITIES: &[&str] = &[
    "visit",
    "resident",
    "household",
    "referral",
    "contract",
    "volunteer",
    // issue 29 item 5: what a village's volunteer reports to its doctor
    "volunteer_contact",
    "volunteer_group",
];

/// What a grid worker's visit may bring with it in the same transaction (§6:
/// a death or a move ends management; §3: a follow-up may send a referral).
const VISIT_CONSEQUENCES: &[&str] = &["set_status", "end_management", "send_referral"];

/// The audit action of a resident's edit that changed only the phone
/// number (issue 25 item 9): the one edit a grid worker may make, to a
/// resident of their grids.
pub const CORRECT_PHONE: &str = "correct_phone";

/// Whether `role` may make a write whose audit row says `action` on
/// `entity`; `in_visit` is true after a visit was recorded in the same
/// transaction. Where the record is (village, grids) is checked apart.
pub fn may_write(role: Role, action: &str, entity: &str, in_visit: bool) -> Verdict {
    match role {
        Role::Coordinator => Verdict::Allowed,
        Role::County => Verdict::CountyReadOnly,
        Role::Worker if action == "record_visit" => Verdict::Allowed,
        // issue 25 item 9: a resident's phone number corrected in the field;
        // the write names itself so only when nothing but the phone changed
        Role::Worker if action == CORRECT_PHONE => Verdict::Allowed,
        Role::Worker if in_visit && VISIT_CONSEQUENCES.contains(&action) => Verdict::Allowed,
        Role::Worker => Verdict::OnlyVisits,
        Role::Doctor if VILLAGE_ENTITIES.contains(&entity) => Verdict::Allowed,
        Role::Doctor => Verdict::CoordinatorOnly,
    }
}

/// The shortest PIN accepted (issue 24 item 6: four digits fall to a
/// search of ten thousand tries).
pub const PIN_MIN_CHARS: usize = 6;

/// PINs refused whatever their length (issue 24 item 6): the commonest,
/// which are tried first. A PIN of one character repeated, or of digits
/// counting up or down (234567, 876543), is refused as well.
pub const COMMON_PINS: &[&str] = &[
    "123123",
    "112233",
    "121212",
    "123321",
    "147258",
    "159753",
    "520520",
    "521521",
    "5201314",
    "1314520",
    "abc123",
    "abcdef",
    "qwerty",
    "qwertyuiop",
    "asdfgh",
    "1qaz2wsx",
    "password",
    "passw0rd",
    "password1",
    "iloveyou",
    "admin",
    "admin123",
    "gridcare",
    "woaini",
];

/// Whether `pin` is one of the commonest PINs (see `COMMON_PINS`).
pub fn pin_is_common(pin: &str) -> bool {
    let lower = pin.to_lowercase();
    let chars: Vec<char> = lower.chars().collect();
    let repeated = chars.windows(2).all(|w| w[0] == w[1]);
    let run = |step: i32| {
        chars.iter().all(|c| c.is_ascii_digit())
            && chars
                .windows(2)
                .all(|w| (w[1] as i32 - w[0] as i32).rem_euclid(10) == step.rem_euclid(10))
    };
    repeated || run(1) || run(-1) || COMMON_PINS.contains(&lower.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 24 item 6: the commonest PINs are known as such; others are not.
    #[test]
    fn common_pins() {
        for p in [
            "123456",
            "000000",
            "111111",
            "654321",
            "123123",
            "password",
            "PASSWORD",
            "234567",
            "987654",
            "1234567890",
            "aaaaaa",
        ] {
            assert!(pin_is_common(p), "{p}");
        }
        for p in ["pin-1111", "271828", "tu-pin-2", "首都北京123"] {
            assert!(!pin_is_common(p), "{p}");
        }
    }

    /// Issue 15 item 2: a grid worker may only record visits and contact
    /// outcomes; a village doctor changes their village's records, not the
    /// rosters; a coordinator changes everything (domain.md §1, §10).
    #[test]
    fn who_may_write_what() {
        use Role::*;
        use Verdict::*;
        let cases: &[(Role, &str, &str, bool, Verdict)] = &[
            (Coordinator, "add_staff", "staff", false, Allowed),
            (Coordinator, "record_visit", "visit", false, Allowed),
            (Worker, "record_visit", "visit", false, Allowed),
            // a "removed: died" outcome ends management in the same transaction
            (Worker, "set_status", "resident", true, Allowed),
            (Worker, "end_management", "resident", true, Allowed),
            (Worker, "send_referral", "referral", true, Allowed),
            // the same writes on their own are not a visit
            (Worker, "set_status", "resident", false, OnlyVisits),
            (Worker, "send_referral", "referral", false, OnlyVisits),
            (Worker, "update_resident", "resident", false, OnlyVisits),
            (Worker, CORRECT_PHONE, "resident", false, Allowed),
            (Worker, "add_household", "household", false, OnlyVisits),
            (Worker, "sign_contract", "contract", false, OnlyVisits),
            (Worker, "undo_removal", "visit", false, OnlyVisits),
            (Worker, "add_staff", "staff", false, OnlyVisits),
            (Doctor, "record_visit", "visit", false, Allowed),
            (Doctor, "update_resident", "resident", false, Allowed),
            (Doctor, "sign_contract", "contract", false, Allowed),
            (Doctor, "add_staff", "staff", false, CoordinatorOnly),
            (
                Doctor,
                "assign_grid",
                "grid_assignment",
                false,
                CoordinatorOnly,
            ),
            (Doctor, "add_village", "village", false, CoordinatorOnly),
            (Doctor, "add_operator", "operator", false, CoordinatorOnly),
            // issue 30 item 3 (§1: the county looks across townships; §10:
            // every change names who made it — the county makes none)
            (County, "record_visit", "visit", false, CountyReadOnly),
            (County, "set_status", "resident", true, CountyReadOnly),
            (County, CORRECT_PHONE, "resident", false, CountyReadOnly),
            (County, "update_resident", "resident", false, CountyReadOnly),
            (County, "send_referral", "referral", false, CountyReadOnly),
            (
                County,
                "receive_referral",
                "referral",
                false,
                CountyReadOnly,
            ),
            (County, "sign_contract", "contract", false, CountyReadOnly),
            (County, "add_household", "household", false, CountyReadOnly),
            (County, "add_staff", "staff", false, CountyReadOnly),
            (County, "add_village", "village", false, CountyReadOnly),
            (County, "add_operator", "operator", false, CountyReadOnly),
            (County, "add_event", "event", false, CountyReadOnly),
            (County, "spend_points", "points", false, CountyReadOnly),
        ];
        for &(role, action, entity, in_visit, want) in cases {
            assert_eq!(
                may_write(role, action, entity, in_visit),
                want,
                "{role} {action} {entity} in_visit={in_visit}"
            );
        }
    }
}
