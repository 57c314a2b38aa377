//! One file per screen: each owns its view state, turns its keys into
//! changes of that state (or an [`Effect`] the app carries out), and draws
//! from `App` and nothing else.
//!
//! A screen is a type that implements [`View`] in its own file, and one line
//! in [`screens!`] below: that line declares its module, its `Screen` variant,
//! its number key (if it has one; `Screen::ALL` lists those in the screen
//! bar), and the field of [`Views`] that keeps its state. Its keys, title,
//! help and the key that opens it from another screen are its own
//! ([`View::bindings`], [`View::title`], [`View::opened_by`]).

pub mod rechecks;
pub mod week_plan;

use super::action::Action;
use super::app::App;
use super::keys::Binding;
use crate::db::{Db, Result};
use crate::domain::model::{Colour, Resident, Subject};
use crate::domain::queue::Task;
use crate::snapshot::Snapshot;
pub use crate::text::{fit, key_hints};
use crate::words::Strings;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Span;

/// A screen: its state, its keys, its drawing, its help.
pub trait View {
    /// The screen's name (the screen bar, its border, the help's title).
    fn title(s: &Strings) -> &'static str
    where
        Self: Sized;
    /// Keys of this screen alone, read before the shared key table (and
    /// listed first in its help).
    fn bindings() -> &'static [&'static [Binding]]
    where
        Self: Sized,
    {
        &[]
    }
    /// The screen and key that open this one, for a screen without a number.
    fn opened_by() -> Option<(Screen, &'static str)>
    where
        Self: Sized,
    {
        None
    }
    /// Whether the list keys work here (j/k, g/G, Ctrl-d/u, Tab, Enter).
    fn lists() -> bool
    where
        Self: Sized,
    {
        false
    }
    /// Reads what the screen shows that the snapshot does not hold: on
    /// opening it, and after a change while it is shown.
    fn enter(&mut self, _cx: &Load) -> Result<()> {
        Ok(())
    }
    /// An action the screen takes before the app's own keys do (Esc closing
    /// a drill-down, `p` printing what is selected); `None` leaves it to them.
    fn claim(&mut self, _a: Action, _cx: &Ctx) -> Option<Effect> {
        None
    }
    /// An action no key of the app took.
    fn keys(&mut self, a: Action, cx: &Ctx) -> Effect;
    /// The task a record or outcome key (`r`, `o`) acts on here.
    fn task_in_focus(&self, _snap: &Snapshot) -> Option<Task> {
        None
    }
    /// The person the keys for one person (`L`, `R`, `E`, `X`, `M`, `u`) act on here.
    fn member_in_focus<'s>(&self, _snap: &'s Snapshot) -> Option<&'s Resident> {
        None
    }
    /// The household `H` opens from here.
    fn household_in_focus(&self, _snap: &Snapshot) -> Option<i64> {
        None
    }
    /// The record whose changes `i` lists.
    fn record_in_focus(&self) -> Option<Subject> {
        None
    }
    fn draw(&self, f: &mut Frame, app: &App, area: Rect);
}

/// The screens: `Variant [#number] => field: module::Type`, one line each.
macro_rules! screens {
    ($($variant:ident $(# $n:literal)? => $field:ident: $module:ident :: $ty:ident,)*) => {
        $(pub mod $module;)*

        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Screen {
            $($variant,)*
        }

        /// Every screen's state, one field each.
        #[derive(Default)]
        pub struct Views {
            $(pub $field: $module::$ty,)*
        }

        impl Screen {
            /// The screens with a number key, in the screen bar's order.
            pub const ALL: &[Screen] = &[$($(numbered!($n, Screen::$variant),)?)*];
            const EVERY: &[Screen] = &[$(Screen::$variant,)*];

            pub fn title(self, s: &Strings) -> &'static str {
                match self {
                    $(Screen::$variant => <$module::$ty as View>::title(s),)*
                }
            }
            pub fn bindings(self) -> &'static [&'static [Binding]] {
                match self {
                    $(Screen::$variant => <$module::$ty as View>::bindings(),)*
                }
            }
            pub fn opened_by(self) -> Option<(Screen, &'static str)> {
                match self {
                    $(Screen::$variant => <$module::$ty as View>::opened_by(),)*
                }
            }
            pub fn lists(self) -> bool {
                match self {
                    $(Screen::$variant => <$module::$ty as View>::lists(),)*
                }
            }
        }

        impl Views {
            pub fn get(&self, s: Screen) -> &dyn View {
                match s {
                    $(Screen::$variant => &self.$field,)*
                }
            }
            pub fn get_mut(&mut self, s: Screen) -> &mut dyn View {
                match s {
                    $(Screen::$variant => &mut self.$field,)*
                }
            }
        }
    };
}
macro_rules! numbered {
    ($n:literal, $e:expr) => {
        $e
    };
}

screens! {
    Today #1 => today: today::TodayView,
    Queues #2 => queue: queues::QueueView,
    Household #3 => household: household::HouseholdScreen,
    Resident #4 => resident: resident::ResidentScreen,
    Rosters #5 => rosters: rosters::RostersView,
    Groups #6 => groups: groups::GroupsView,
    Referrals #7 => referrals: referrals::ReferralsView,
    Reports #8 => reports: reports::ReportsView,
    Contracts => contracts: contracts::ContractsView,
    Events => events: events::EventsView,
    County => county: county::CountyView,
    Education => education: education::EducationView,
}

/// A form over the screen, as a screen's key asks for it.
pub fn form(f: super::forms::Form) -> Effect {
    Effect::Popup(Box::new(super::app::Popup::Form(Box::new(f))))
}

/// A form, or what the screen says when there is none to open.
pub fn form_or_say(f: Option<super::forms::Form>, why_not: &str) -> Effect {
    match f {
        Some(f) => form(f),
        None => Effect::Say(why_not.to_string()),
    }
}

/// The township the session works in (or the first of the database).
pub fn township(cx: &Ctx) -> Option<i64> {
    match cx.snap.scope {
        crate::db::Scope::Township(id) => Some(id),
        _ => cx.db.township_names().ok()?.first().map(|t| t.0),
    }
}

/// `A`: a new household, in grid `at` when the screen has one in focus.
pub fn household_form(cx: &Ctx, at: Option<i64>) -> Effect {
    if cx.snap.town.grids.is_empty() {
        return Effect::Say(
            crate::words::strings(cx.lang)
                .empty_no_households
                .to_string(),
        );
    }
    form(super::forms::Form::new_household(
        cx.snap, at, cx.lang, cx.today,
    ))
}

impl Screen {
    /// The screens a key opens from `from`.
    pub fn opening_from(from: Screen) -> impl Iterator<Item = Screen> {
        (Screen::EVERY.iter().copied()).filter(move |s| s.opened_by().is_some_and(|o| o.0 == from))
    }
}

pub fn draw(f: &mut Frame, app: &App, area: Rect) {
    app.views.get(app.screen).draw(f, app, area);
}

/// What a screen reads on opening: the database for reading (screens never
/// write), the snapshot and the day.
pub struct Load<'a> {
    pub db: &'a Db,
    pub snap: &'a Snapshot,
    pub today: chrono::NaiveDate,
}

/// What a screen's key leaves for the app to do: screens do not open each
/// other or write to the database.
pub enum Effect {
    None,
    /// Leave gridcare.
    Quit,
    /// Show a form or a list over the screen: the form a key of this screen
    /// opens, built from what the screen has in focus (issue 26 item 3).
    Popup(Box<super::app::Popup>),
    /// Draw the spot check of this scope and show it (screen 8's `C`).
    SpotCheck(crate::domain::indicators::ReportScope),
    /// Open the print form of this resident's national follow-up forms.
    PrintRecord(i64),
    /// Open a person's or a household's screen.
    Open(Subject),
    /// Open the queue on a tab with these filters (a village, a grid, a
    /// worker; none for all).
    Queue {
        tab: usize,
        filter: crate::domain::queue::Filter,
    },
    /// Show the whole record of a visit of the screen's history.
    ShowVisit(Box<crate::db::VisitDetail>),
    /// The resident screen's referral `n`, whole (issue 25 item 2).
    ShowReferral(usize),
    /// Say something on the status line (a key that cannot do what it says).
    Say(String),
    /// Screen 6's read or write, for the app to carry out.
    Groups(groups::GroupsCmd),
    /// Make (and save) the week's plans the queue's plan tab shows.
    WeekPlans,
    /// Open the print form for whose sheets these are.
    Print(crate::print::Who),
    /// Open resident `id`'s care plan form.
    CarePlan(i64),
    /// Open the renewal form of this contract (the resident screen's `K`).
    Renew(Box<crate::db::ContractRow>),
    /// Write this event's sign-in sheet as `gridcare event sheet` does.
    SignIn(i64),
    /// Load this township as a session loads one (the county table's drill).
    Township(i64),
}

/// The shared state a screen's keys read: the database only for reading
/// what a form it opens shows (teams, free volunteers, settings).
pub struct Ctx<'a> {
    pub db: &'a Db,
    pub snap: &'a Snapshot,
    /// A grid worker is signed in (they correct a phone number, no more).
    pub worker: bool,
    pub lang: crate::words::Lang,
    /// Rows a half page moves.
    pub page: usize,
    pub today: chrono::NaiveDate,
}

/// A list selection after a movement key, within `len` rows.
pub fn moved(selected: usize, len: usize, a: Action, page: usize) -> usize {
    let last = len.saturating_sub(1);
    let page = page.max(1);
    match a {
        Action::Up => selected.saturating_sub(1),
        Action::Down => (selected + 1).min(last),
        Action::Top => 0,
        Action::Bottom => last,
        Action::PageDown => (selected + page).min(last),
        Action::PageUp => selected.saturating_sub(page),
        _ => selected,
    }
}

/// The first row to draw so that `selected` is visible in `height` rows:
/// only the visible rows are ever built, however long the list.
pub fn scroll_offset(selected: usize, height: usize, len: usize) -> usize {
    if height == 0 || len <= height {
        return 0;
    }
    selected
        .saturating_sub(height - 1)
        .min(len - height)
        .max(selected.saturating_sub(height / 2).min(len - height))
}

/// The rows of `items` that fit in `height`, scrolled to keep `selected` in
/// view, each with its selection mark (">" or " ").
pub fn window<T>(
    items: &[T],
    selected: usize,
    height: usize,
) -> impl Iterator<Item = (&'static str, &T)> {
    let off = scroll_offset(selected, height, items.len());
    items
        .iter()
        .enumerate()
        .skip(off)
        .take(height)
        .map(move |(i, x)| (if i == selected { ">" } else { " " }, x))
}

/// A row of `window` as drawn: reversed when its mark says it is the selected one.
pub fn marked_line(mark: &str, text: String) -> ratatui::text::Line<'static> {
    if mark == ">" {
        ratatui::text::Line::styled(text, ratatui::style::Style::default().reversed())
    } else {
        ratatui::text::Line::from(text)
    }
}

/// A colour as styled text: 红 / 黄 / 绿 (never colour alone).
pub fn colour_span(app: &App, c: Option<Colour>) -> Span<'static> {
    match c {
        Some(c) => Span::styled(
            crate::words::colour(app.opts.lang, c).to_string(),
            app.theme.colour_style(c),
        ),
        None => Span::raw(""),
    }
}

/// The colour text padded to `width` cells, as two spans (text, padding).
/// The cells the widest colour name (or "none yet") takes in the interface's
/// language, and at least `min`: a column of colours that never pushes the
/// next column (English "Yellow" did).
pub fn colour_width(app: &App, min: usize) -> usize {
    [
        None,
        Some(Colour::Red),
        Some(Colour::Yellow),
        Some(Colour::Green),
    ]
    .into_iter()
    .map(|c| unicode_width::UnicodeWidthStr::width(colour_span(app, c).content.as_ref()))
    .max()
    .unwrap_or(0)
    .max(min)
}

pub fn colour_cell(app: &App, c: Option<Colour>, width: usize) -> [Span<'static>; 2] {
    let span = colour_span(app, c);
    let pad = width.saturating_sub(unicode_width::UnicodeWidthStr::width(span.content.as_ref()));
    [span, Span::raw(" ".repeat(pad))]
}

/// "label: a  b  c", or "label: 无" when there is nothing.
pub fn labelled(label: &str, items: &[String], none: &str) -> String {
    if items.is_empty() {
        format!("{label}: {none}")
    } else {
        format!("{label}: {}", items.join("  "))
    }
}

/// What an empty household or resident screen says.
pub fn nothing_open(f: &mut Frame, app: &App, area: Rect, title: &str) {
    let p =
        ratatui::widgets::Paragraph::new(app.strings().nothing_open).block(app.theme.block(title));
    f.render_widget(p, area);
}

/// How late a task is, in the interface's language.
pub fn late(app: &App, t: &Task) -> String {
    crate::words::late(app.opts.lang, t)
}

/// A task's state and its one date, in the interface's language.
pub fn task_state(app: &App, t: &Task) -> String {
    crate::words::task_state(app.opts.lang, t, app.opts.today)
}

/// A task's village and grid in `width` cells, or the village alone when
/// both do not fit (the detail names both): "富民村第" and "第一网格" said
/// too little (issue 25 items 14, 16).
pub fn place_in(app: &App, t: &Task, width: usize) -> String {
    let both = app.place(t.village_id, t.grid_id);
    if unicode_width::UnicodeWidthStr::width(both.as_str()) <= width {
        return both;
    }
    fit(&app.place(t.village_id, -1), width)
}
