//! What a key means: the screens and the actions keys turn into.

pub use super::screens::Screen;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    None,
    Quit,
    /// `q`: a screen goes to Today, Today quits.
    Leave,
    /// `Esc`: one step back through the screens visited.
    Back,
    Go(Screen),
    Up,
    Down,
    Top,
    Bottom,
    PageDown,
    PageUp,
    NextPane,
    PrevTab,
    NextTab,
    Open,
    Search,
    Help,
    Record,
    Outcome,
    Edit,
    Override,
    EndManagement,
    UndoRemoval,
    /// `a`: add what the pane lists (village, grid, member, condition).
    Add,
    AddHousehold,
    MoveHome,
    EndCondition,
    ChooseScope,
    /// Ctrl-L: lock the screen until the PIN is typed (issue 15 item 2).
    Lock,
    /// `O`: back to the sign-in, for another operator.
    SwitchOperator,
    OpenHousehold,
    PickVillage,
    /// Screen 8: choose the scope of the indicators (issue 14).
    PickReportScope,
    /// Screen 8: draw the county's spot check of the scope (issue 28 item 6).
    SpotCheck,
    PickGrid,
    PickWorker,
    CycleColour,
    CycleTier,
    CycleStatus,
    ClearFilters,
    Print,
    /// `I` on the rosters: import a spreadsheet, previewed before it is saved.
    Import,
    /// Screen 6 (§5): propose a regrouping, apply it, move, swap.
    Regroup,
    ApplyGroups,
    /// Issue 16 (§6 weekly plan): `m` moves the selected task into or out of
    /// this week with a reason; `P` re-plans after showing what would move.
    PlanMove,
    Replan,
    /// Issue 29 item 4: `K` on the queue keys a printed batch back in.
    KeyIn,
    MoveToGroup,
    SwapInGroup,
    /// Screen 5 (issue 12): assign a grid worker to the selected grid, review
    /// the handover that evens the load, a person leaves / a volunteer steps down.
    Assign,
    Balance,
    EndStaff,
    /// Screen 6: give the selected group another volunteer.
    GroupVolunteer,
    /// Resident screen (issue 14): sign or renew a contract; end one early.
    Contract,
    EndContract,
    /// Resident and household screens (issue 14, §2 ★1): edit the care plan.
    CarePlan,
    /// Resident screen (issue 14, §7): send a referral.
    SendReferral,
    /// Screen 8 (issue 14): report by year, quarter or month; step periods.
    ReportYear,
    ReportQuarter,
    ReportMonth,
    PrevPeriod,
    NextPeriod,
    /// `i` on the resident and household screens (issue 15): the change history.
    History,
    /// Screen 7 (issue 14): a step of the selected referral.
    ReferralStep(crate::domain::referral::Transition),
}

impl Action {
    /// Whether the action moves a list's selection.
    pub fn is_move(self) -> bool {
        matches!(
            self,
            Action::Up
                | Action::Down
                | Action::Top
                | Action::Bottom
                | Action::PageDown
                | Action::PageUp
        )
    }
}
