//! Every user intent, as one enum: named, bindable, testable.

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Pane {
    Incident,
    Roles,
    Checklist,
    Statement,
    Timeline,
}

impl Pane {
    pub const ALL: [Pane; 5] = [Pane::Incident, Pane::Roles, Pane::Checklist, Pane::Statement, Pane::Timeline];

    pub fn index(self) -> usize {
        Pane::ALL.iter().position(|p| *p == self).unwrap_or(0)
    }

    pub fn title_key(self) -> &'static str {
        match self {
            Pane::Incident => "pane.incident",
            Pane::Roles => "pane.roles",
            Pane::Checklist => "pane.checklist",
            Pane::Statement => "pane.statement",
            Pane::Timeline => "pane.timeline",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Quit,
    Help,
    FocusNext,
    FocusPrev,
    Focus(Pane),
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    /// Enter: the focused thing's main act.
    Activate,
    /// Esc: close the top popup or leave the editor.
    Back,
    ToggleLang,
    // incident
    IncidentList,
    Declare,
    NextPhase,
    PrevPhase,
    SeverityUp,
    SeverityDown,
    EditBriefing,
    ShowDeadlines,
    CloseIncident,
    // people and roles
    Roster,
    /// Name who is at the keyboard.
    PickOperator,
    AssignRole,
    StandDown,
    RoleHistory,
    JobSheet,
    AddPerson,
    EditPerson,
    // checklist
    ToggleItem,
    SkipItem,
    // statements
    /// Enter: edit a draft, read anything else.
    OpenStatement,
    EditStatement,
    /// Throw a new draft version away, back to the released text.
    DiscardVersion,
    NewStatement,
    NextStatement,
    CycleAudience,
    SaveStatement,
    Template,
    SubmitReview,
    LegalReview,
    Approve,
    Release,
    Withdraw,
    Reopen,
    Diff,
    Copy,
    Findings,
    PrivateList,
    Profile,
    AddPrivate,
    RemovePrivate,
    DiffFromPrev,
    DiffFromNext,
    DiffToPrev,
    DiffToNext,
    DrillPanel,
    DrillToggle,
    DrillNext,
    DrillSkip,
    DrillSpeed,
    DrillRate,
    DrillObjectiveNotes,
    DrillAnswered,
    DrillNote,
    DrillImprovement,
    DrillEnd,
    WriteReport,
    /// Check the active incident's record (its hash chain) now.
    CheckRecord,
    // Reaching people and hearing back.
    OpenCallTree,
    OpenMessages,
    OpenRegister,
    OpenFollowUps,
    /// Draft the message the call tree sends.
    CallMessage,
    CallActivate,
    /// The channel the next state change is recorded with.
    CallChannel,
    CallState(crate::domain::types::CallState),
    Escalate,
    CallAddPerson,
    CallRemove,
    CallTier,
    SendMail,
    /// The bulk-SMS CSV and the roster's vCards, to files.
    WriteExports,
    /// A new inbound message or follow-up.
    NewEntry,
    AnswerMessage,
    ImportRegister,
    MarkNotified,
    SetResponse,
    ToggleDone,
    // Quiet-time preparedness.
    OpenPrepare,
    NextTab,
    PrevTab,
    /// Re-score a risk, write down an inventory entry or plan a drill.
    PrepEdit,
    /// An inventory entry is still good today.
    MarkChecked,
    PlanDrill,
    /// A risk of the clinic's own, or a case from a closed incident.
    PrepAdd,
    // Online-opinion monitoring.
    OpenMonitor,
    FilterState,
    FilterSource,
    FilterIncident,
    /// Link the mention to the active incident, or take it off.
    LinkMention,
    IgnoreMention,
    /// Capture the mention as evidence on the incident's chain.
    CaptureMention,
    /// Draft a reply from the social-media template.
    DraftReply,
    /// Answer with the statement shown in the statement pane.
    AnswerWithStatement,
    /// Import a file of mentions onto the board.
    ImportMentions,
    /// The wall: the projector theme on or off.
    ToggleContrast,
    ToggleDrills,
    // timeline
    AddNote,
    // forms
    NextField,
    PrevField,
    ChoiceLeft,
    ChoiceRight,
    Submit,
}
