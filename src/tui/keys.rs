//! The shared key table: the keys of every screen, and those several
//! screens share (the list keys, a person's keys), each with its help line.
//! A key of one screen is written in that screen's file with [`own_key!`]
//! and listed by its `View::bindings`. Popups (forms, search, help) read
//! keys before screens, a screen's own keys before this table.

use super::app::{Action, Screen};
use crate::words::Strings;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub struct Binding {
    pub code: KeyCode,
    pub ctrl: bool,
    /// What the help popup shows for the key.
    pub label: &'static str,
    pub action: Action,
    /// The screens it works on; empty means everywhere.
    pub on: &'static [Screen],
    pub help: fn(&Strings) -> &'static str,
}

const LISTS: &[Screen] = &[
    Screen::Today,
    Screen::Queues,
    Screen::Household,
    Screen::Resident,
    Screen::Rosters,
    Screen::Groups,
    Screen::Referrals,
];
const PERSON: &[Screen] = &[Screen::Queues, Screen::Household, Screen::Resident];

/// A key of one screen, written in that screen's file and listed by its
/// `View::bindings` (issue 26 item 3: a screen owns its keys).
#[macro_export]
macro_rules! own_key {
    ($code:expr, $ctrl:expr, $label:literal, $action:expr, $help:ident) => {
        $crate::tui::keys::Binding {
            code: $code,
            ctrl: $ctrl,
            label: $label,
            action: $action,
            on: &[],
            help: |s| s.$help,
        }
    };
}

macro_rules! b {
    ($code:expr, $ctrl:expr, $label:literal, $action:expr, $on:expr, $help:ident) => {
        Binding {
            code: $code,
            ctrl: $ctrl,
            label: $label,
            action: $action,
            on: $on,
            help: |s| s.$help,
        }
    };
}

use KeyCode::*;
pub const BINDINGS: &[Binding] = &[
    b!(Char('q'), false, "q", Action::Leave, &[], k_leave),
    b!(Esc, false, "Esc", Action::Back, &[], k_back),
    b!(Char('c'), true, "Ctrl-C", Action::Quit, &[], k_quit),
    b!(Char('S'), false, "S", Action::ChooseScope, &[], k_scope),
    b!(Char('l'), true, "Ctrl-L", Action::Lock, &[], k_lock),
    b!(
        Char('O'),
        false,
        "O",
        Action::SwitchOperator,
        &[],
        k_switch_operator
    ),
    b!(
        Char('1'),
        false,
        "1-8",
        Action::Go(Screen::Today),
        &[],
        k_screens
    ),
    b!(
        Char('2'),
        false,
        "1-8",
        Action::Go(Screen::Queues),
        &[],
        k_screens
    ),
    b!(
        Char('3'),
        false,
        "1-8",
        Action::Go(Screen::Household),
        &[],
        k_screens
    ),
    b!(
        Char('4'),
        false,
        "1-8",
        Action::Go(Screen::Resident),
        &[],
        k_screens
    ),
    b!(
        Char('5'),
        false,
        "1-8",
        Action::Go(Screen::Rosters),
        &[],
        k_screens
    ),
    b!(
        Char('6'),
        false,
        "1-8",
        Action::Go(Screen::Groups),
        &[],
        k_screens
    ),
    b!(
        Char('7'),
        false,
        "1-8",
        Action::Go(Screen::Referrals),
        &[],
        k_screens
    ),
    b!(
        Char('8'),
        false,
        "1-8",
        Action::Go(Screen::Reports),
        &[],
        k_screens
    ),
    b!(Char('/'), false, "/", Action::Search, &[], k_search),
    b!(Char('?'), false, "? / F1", Action::Help, &[], k_help),
    b!(F(1), false, "? / F1", Action::Help, &[], k_help),
    b!(Down, false, "Down / j", Action::Down, LISTS, k_move),
    b!(Char('j'), false, "Down / j", Action::Down, LISTS, k_move),
    b!(Up, false, "Up / k", Action::Up, LISTS, k_move),
    b!(Char('k'), false, "Up / k", Action::Up, LISTS, k_move),
    b!(Char('g'), false, "g / G", Action::Top, LISTS, k_top_bottom),
    b!(Home, false, "g / G", Action::Top, LISTS, k_top_bottom),
    b!(
        Char('G'),
        false,
        "g / G",
        Action::Bottom,
        LISTS,
        k_top_bottom
    ),
    b!(End, false, "g / G", Action::Bottom, LISTS, k_top_bottom),
    b!(
        Char('d'),
        true,
        "Ctrl-d / Ctrl-u",
        Action::PageDown,
        LISTS,
        k_page
    ),
    b!(
        PageDown,
        false,
        "Ctrl-d / Ctrl-u",
        Action::PageDown,
        LISTS,
        k_page
    ),
    b!(
        Char('u'),
        true,
        "Ctrl-d / Ctrl-u",
        Action::PageUp,
        LISTS,
        k_page
    ),
    b!(
        PageUp,
        false,
        "Ctrl-d / Ctrl-u",
        Action::PageUp,
        LISTS,
        k_page
    ),
    b!(Tab, false, "Tab", Action::NextPane, LISTS, k_pane),
    b!(Enter, false, "Enter", Action::Open, LISTS, k_open),
    b!(Char('r'), false, "r", Action::Record, PERSON, k_record),
    b!(Char('o'), false, "o", Action::Outcome, PERSON, k_outcome),
    b!(
        Char('H'),
        false,
        "H",
        Action::OpenHousehold,
        &[Screen::Queues, Screen::Resident],
        k_household
    ),
    b!(
        Char('e'),
        false,
        "e",
        Action::Edit,
        &[Screen::Household, Screen::Resident, Screen::Rosters],
        k_edit
    ),
    b!(
        Char('L'),
        false,
        "L",
        Action::CarePlan,
        &[Screen::Household, Screen::Resident],
        k_care_plan
    ),
    b!(
        Char('X'),
        false,
        "X",
        Action::EndManagement,
        &[Screen::Household, Screen::Resident],
        k_end
    ),
    b!(
        Char('u'),
        false,
        "u",
        Action::UndoRemoval,
        &[Screen::Household, Screen::Resident],
        k_undo
    ),
    b!(
        Char('a'),
        false,
        "a",
        Action::Add,
        &[
            Screen::Today,
            Screen::Rosters,
            Screen::Household,
            Screen::Resident
        ],
        k_add
    ),
    b!(
        Char('A'),
        false,
        "A",
        Action::AddHousehold,
        &[Screen::Rosters, Screen::Household],
        k_add_household
    ),
    b!(
        Char('M'),
        false,
        "M",
        Action::MoveHome,
        &[Screen::Household, Screen::Resident],
        k_move_home
    ),
    b!(
        Char('i'),
        false,
        "i",
        Action::History,
        &[Screen::Household, Screen::Resident],
        k_history
    ),
];

/// Whether binding `b` works on `screen`: named there, or a list key on a
/// screen that says it is a list.
fn works_on(b: &Binding, screen: Screen) -> bool {
    b.on.contains(&screen) || (b.on == LISTS && screen.lists())
}

/// The action of a key on a screen: the screen's own keys, then the table's
/// keys of that screen, then a key that opens another screen from it, then
/// the global ones.
pub fn action(screen: Screen, key: KeyEvent) -> Action {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let hit = |b: &&Binding| b.code == key.code && b.ctrl == ctrl;
    let opens = match key.code {
        Char(c) if !ctrl => Screen::opening_from(screen)
            .find(|to| to.opened_by().is_some_and(|(_, k)| k.chars().eq([c]))),
        _ => None,
    };
    (screen.bindings().iter().flat_map(|t| t.iter()))
        .find(hit)
        .or_else(|| BINDINGS.iter().filter(hit).find(|b| works_on(b, screen)))
        .map(|b| b.action)
        .or(opens.map(Action::Go))
        .or_else(|| {
            (BINDINGS.iter().filter(hit))
                .find(|b| b.on.is_empty())
                .map(|b| b.action)
        })
        .unwrap_or(Action::None)
}

/// The help popup's lines for a screen: one per label, the screen's own
/// keys first (they were pushed below the fold by the sixteen keys every
/// screen shares), then the screens it opens, then the shared keys, each in
/// table order.
pub fn help(screen: Screen, s: &Strings) -> Vec<(&'static str, &'static str)> {
    let mut table: Vec<&Binding> = BINDINGS
        .iter()
        .filter(|b| b.on.is_empty() || works_on(b, screen))
        .collect();
    // keys of this screen (and a few like it), then the list keys most
    // screens share, then those of every screen
    table.sort_by_key(|b| match b.on.len() {
        0 => 2,
        n if n > 3 => 1,
        _ => 0,
    });
    let (first, shared): (Vec<&Binding>, Vec<&Binding>) = table
        .into_iter()
        .partition(|b| (1..=3).contains(&b.on.len()));
    let line = |b: &Binding| (b.label, (b.help)(s));
    let opens =
        Screen::opening_from(screen).filter_map(|to| Some((to.opened_by()?.1, to.title(s))));
    let lines = (screen.bindings().iter().flat_map(|t| t.iter()))
        .chain(first)
        .map(line)
        .chain(opens)
        .chain(shared.into_iter().map(line));
    let mut out: Vec<(&'static str, &'static str)> = Vec::new();
    for (label, help) in lines {
        if !out.iter().any(|(l, _)| *l == label) {
            out.push((label, help));
        }
    }
    out
}

/// The keys of a form, for the help opened over it: F1 anywhere, or `?`
/// where `?` cannot be typed (issue 25 item 16). `print` names Ctrl-S's
/// printing on the print form.
pub fn form_help(s: &Strings, print: bool, followup: bool) -> Vec<(&'static str, &'static str)> {
    let mut keys = vec![
        ("Tab / Down / Enter", s.kf_next),
        ("Shift-Tab / Up", s.kf_prev),
        ("Left / Right / Space", s.kf_choose),
        ("a-z", s.kf_type_choice),
        ("Ctrl-S", if print { s.kf_print } else { s.kf_save }),
        ("Esc", s.kf_cancel),
        ("Ctrl-U / Ctrl-K", s.kf_clear),
        (", / ，", s.kf_comma),
        ("Alt-Enter", s.kf_newline),
        ("? / F1", s.kf_help),
    ];
    // the follow-up's sections, the paper's numbers, the medicines (issue 27)
    if followup {
        keys.splice(
            2..2,
            [
                ("PgDn / PgUp", s.kf_section),
                ("1-9", s.kf_digit),
                ("Enter, Ctrl-U", s.kf_drug),
            ],
        );
    }
    keys
}
