//! The one key table. It dispatches keys and it draws the footer and the
//! `?` help, so what the help says is always what the keys do.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::action::{Action, Pane};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ctx {
    /// Checked before everything, even inside forms.
    Always,
    Global,
    Pane(Pane),
    /// Typing in the statement editor.
    Editor,
    /// A list popup (incident list, roster).
    List,
    /// A form popup; printable keys go to the focused text field.
    Form,
    /// A read-only popup (help, history, job sheet).
    Viewer,
    /// The legal-clocks popup.
    Deadlines,
    /// A list to choose one entry from (templates).
    Picker,
    /// The incident's private-person list.
    Private,
    /// Comparing two versions of a statement.
    Diff,
    /// The facilitator's drill and review panel.
    Drill,
    Confirm,
    /// `crisisdesk wall`, the shared screen.
    Wall,
    /// The call tree.
    CallTree,
    /// The inbound message log (HICS 213).
    Messages,
    /// The affected-persons register (HICS 254).
    Register,
    /// Follow-ups.
    FollowUps,
    /// The preparedness view.
    Prepare,
    /// The monitoring board.
    Monitor,
}

impl Ctx {
    pub fn title_key(self) -> &'static str {
        match self {
            Ctx::Always | Ctx::Global => "ctx.global",
            Ctx::Pane(p) => p.title_key(),
            Ctx::Editor => "ctx.editor",
            Ctx::List => "ctx.list",
            Ctx::Form => "ctx.form",
            Ctx::Viewer => "ctx.viewer",
            Ctx::Deadlines => "ctx.deadlines",
            Ctx::Picker => "ctx.picker",
            Ctx::Private => "ctx.private",
            Ctx::Diff => "ctx.diff",
            Ctx::Drill => "ctx.drill",
            Ctx::Confirm => "ctx.confirm",
            Ctx::Wall => "ctx.wall",
            Ctx::CallTree => "ctx.call_tree",
            Ctx::Messages => "ctx.messages",
            Ctx::Register => "ctx.register",
            Ctx::FollowUps => "ctx.follow_ups",
            Ctx::Prepare => "ctx.prepare",
            Ctx::Monitor => "ctx.monitor",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

const fn k(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: false,
    }
}
const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: true,
    }
}
const fn code(code: KeyCode) -> Key {
    Key { code, ctrl: false }
}

pub struct Binding {
    pub ctx: Ctx,
    pub keys: &'static [Key],
    pub action: Action,
    /// Catalog key of the description.
    pub help: &'static str,
    /// Shown in the footer when its context is active.
    pub footer: bool,
}

const fn b(ctx: Ctx, keys: &'static [Key], action: Action, help: &'static str, footer: bool) -> Binding {
    Binding {
        ctx,
        keys,
        action,
        help,
        footer,
    }
}

use Action as A;
use Ctx as C;
use KeyCode as KC;
use Pane as P;

pub static BINDINGS: &[Binding] = &[
    b(C::Always, &[ctrl('c')], A::Quit, "key.quit", false),
    // global
    b(C::Global, &[k('q')], A::Quit, "key.quit", true),
    b(C::Global, &[k('?')], A::Help, "key.help", true),
    b(C::Global, &[code(KC::Tab)], A::FocusNext, "key.focus_next", false),
    b(C::Global, &[code(KC::BackTab)], A::FocusPrev, "key.focus_prev", false),
    b(C::Global, &[k('1')], A::Focus(P::Incident), "key.focus_incident", false),
    b(C::Global, &[k('2')], A::Focus(P::Roles), "key.focus_roles", false),
    b(C::Global, &[k('3')], A::Focus(P::Checklist), "key.focus_checklist", false),
    b(C::Global, &[k('4')], A::Focus(P::Statement), "key.focus_statement", false),
    b(C::Global, &[k('5')], A::Focus(P::Timeline), "key.focus_timeline", false),
    b(C::Global, &[code(KC::Up), k('k')], A::Up, "key.up", false),
    b(C::Global, &[code(KC::Down), k('j')], A::Down, "key.down", false),
    b(C::Global, &[code(KC::PageUp)], A::PageUp, "key.page_up", false),
    b(C::Global, &[code(KC::PageDown)], A::PageDown, "key.page_down", false),
    b(C::Global, &[code(KC::Home), k('g')], A::Top, "key.top", false),
    b(C::Global, &[code(KC::End), k('G')], A::Bottom, "key.bottom", false),
    b(C::Global, &[k('i')], A::IncidentList, "key.incident_list", true),
    b(C::Global, &[k('N')], A::Declare, "key.declare", true),
    b(C::Global, &[k('p')], A::Roster, "key.roster", false),
    b(C::Global, &[k('O')], A::PickOperator, "key.operator", false),
    b(C::Global, &[k('L')], A::ToggleLang, "key.lang", false),
    b(C::Global, &[k('P')], A::PrivateList, "key.private", false),
    b(C::Global, &[k('C')], A::Profile, "key.profile", false),
    b(C::Global, &[k('F')], A::DrillPanel, "key.drill_panel", true),
    b(C::Global, &[k('V')], A::CheckRecord, "key.check_record", false),
    b(C::Global, &[k('T')], A::OpenCallTree, "key.call_tree", false),
    b(C::Global, &[k('I')], A::OpenMessages, "key.messages", false),
    b(C::Global, &[k('H')], A::OpenRegister, "key.register", false),
    b(C::Global, &[k('U')], A::OpenFollowUps, "key.follow_ups", false),
    b(C::Global, &[k('Z')], A::OpenPrepare, "key.prepare", false),
    b(C::Global, &[k('M')], A::OpenMonitor, "key.monitor", false),
    // incident pane
    b(C::Pane(P::Incident), &[k(']')], A::NextPhase, "key.next_phase", true),
    b(C::Pane(P::Incident), &[k('[')], A::PrevPhase, "key.prev_phase", true),
    b(C::Pane(P::Incident), &[k('+')], A::SeverityUp, "key.severity_up", true),
    b(C::Pane(P::Incident), &[k('-')], A::SeverityDown, "key.severity_down", true),
    b(C::Pane(P::Incident), &[k('b')], A::EditBriefing, "key.briefing", true),
    b(
        C::Pane(P::Incident),
        &[k('c'), code(KC::Enter)],
        A::ShowDeadlines,
        "key.deadlines",
        true,
    ),
    b(C::Pane(P::Incident), &[k('X')], A::CloseIncident, "key.close_incident", false),
    // roles pane
    b(C::Pane(P::Roles), &[code(KC::Enter), k('a')], A::AssignRole, "key.assign", true),
    b(C::Pane(P::Roles), &[k('d')], A::StandDown, "key.stand_down", true),
    b(C::Pane(P::Roles), &[k('h')], A::RoleHistory, "key.history", true),
    b(C::Pane(P::Roles), &[k('s')], A::JobSheet, "key.job_sheet", true),
    // checklist pane
    b(
        C::Pane(P::Checklist),
        &[k(' '), code(KC::Enter), k('x')],
        A::ToggleItem,
        "key.toggle_item",
        true,
    ),
    b(C::Pane(P::Checklist), &[k('s')], A::SkipItem, "key.skip_item", true),
    // statement pane
    b(
        C::Pane(P::Statement),
        &[code(KC::Enter)],
        A::OpenStatement,
        "key.open_statement",
        false,
    ),
    b(C::Pane(P::Statement), &[k('e')], A::EditStatement, "key.edit_statement", true),
    b(C::Pane(P::Statement), &[k('n')], A::NewStatement, "key.new_statement", true),
    b(C::Pane(P::Statement), &[k(']')], A::NextStatement, "key.next_statement", true),
    b(C::Pane(P::Statement), &[k('a')], A::CycleAudience, "key.audience", false),
    b(C::Pane(P::Statement), &[k('t')], A::Template, "key.template", true),
    b(C::Pane(P::Statement), &[k('r')], A::SubmitReview, "key.submit_review", true),
    b(C::Pane(P::Statement), &[k('l')], A::LegalReview, "key.legal_review", true),
    b(C::Pane(P::Statement), &[k('A')], A::Approve, "key.approve", true),
    b(C::Pane(P::Statement), &[k('R')], A::Release, "key.release_statement", true),
    b(C::Pane(P::Statement), &[k('o')], A::Reopen, "key.reopen", false),
    b(C::Pane(P::Statement), &[k('W')], A::Withdraw, "key.withdraw", false),
    b(C::Pane(P::Statement), &[k('x')], A::DiscardVersion, "key.discard_version", false),
    b(C::Pane(P::Statement), &[k('f')], A::Findings, "key.findings", true),
    b(C::Pane(P::Statement), &[k('D')], A::Diff, "key.diff", false),
    b(C::Pane(P::Statement), &[k('y')], A::Copy, "key.copy", false),
    // timeline pane
    b(C::Pane(P::Timeline), &[k('n'), code(KC::Enter)], A::AddNote, "key.add_note", true),
    // editor
    b(C::Editor, &[code(KC::Esc)], A::Back, "key.editor_leave", true),
    b(C::Editor, &[ctrl('s')], A::SaveStatement, "key.save", true),
    b(C::Editor, &[code(KC::F(2))], A::CycleAudience, "key.audience", true),
    b(C::Editor, &[code(KC::F(3))], A::Findings, "key.findings", true),
    // list popups
    b(C::List, &[code(KC::Up), k('k')], A::Up, "key.up", false),
    b(C::List, &[code(KC::Down), k('j')], A::Down, "key.down", false),
    b(C::List, &[code(KC::Enter)], A::Activate, "key.choose", true),
    b(C::List, &[k('a')], A::AddPerson, "key.add_person", true),
    b(C::List, &[k('e')], A::EditPerson, "key.edit_person", true),
    b(C::List, &[k('N')], A::Declare, "key.declare", true),
    b(C::List, &[k('d')], A::ToggleDrills, "key.toggle_drills", true),
    b(C::List, &[code(KC::Esc), k('q')], A::Back, "key.close", true),
    // forms
    b(C::Form, &[code(KC::Tab), code(KC::Down)], A::NextField, "key.next_field", true),
    b(C::Form, &[code(KC::BackTab), code(KC::Up)], A::PrevField, "key.prev_field", false),
    b(C::Form, &[code(KC::Left)], A::ChoiceLeft, "key.choice_left", false),
    b(C::Form, &[code(KC::Right)], A::ChoiceRight, "key.choice_right", true),
    b(C::Form, &[code(KC::Enter)], A::Submit, "key.submit", true),
    b(C::Form, &[code(KC::Esc)], A::Back, "key.cancel", true),
    // read-only popups
    b(C::Viewer, &[code(KC::Up), k('k')], A::Up, "key.up", false),
    b(C::Viewer, &[code(KC::Down), k('j')], A::Down, "key.down", false),
    b(
        C::Viewer,
        &[code(KC::Esc), k('q'), code(KC::Enter), k('?')],
        A::Back,
        "key.close",
        true,
    ),
    // clocks popup
    b(C::Deadlines, &[code(KC::Up), k('k')], A::Up, "key.up", false),
    b(C::Deadlines, &[code(KC::Down), k('j')], A::Down, "key.down", false),
    b(C::Deadlines, &[code(KC::Enter), k(' ')], A::Activate, "key.deadline_met", true),
    b(C::Deadlines, &[code(KC::Esc), k('q')], A::Back, "key.close", true),
    // pickers
    b(C::Picker, &[code(KC::Up), k('k')], A::Up, "key.up", false),
    b(C::Picker, &[code(KC::Down), k('j')], A::Down, "key.down", false),
    b(C::Picker, &[code(KC::Enter)], A::Activate, "key.choose", true),
    b(C::Picker, &[code(KC::Esc), k('q')], A::Back, "key.close", true),
    // private persons
    b(C::Private, &[code(KC::Up), k('k')], A::Up, "key.up", false),
    b(C::Private, &[code(KC::Down), k('j')], A::Down, "key.down", false),
    b(C::Private, &[k('a')], A::AddPrivate, "key.add_private", true),
    b(C::Private, &[k('d')], A::RemovePrivate, "key.remove_private", true),
    b(C::Private, &[code(KC::Esc), k('q')], A::Back, "key.close", true),
    // version diff
    b(C::Diff, &[code(KC::Left)], A::DiffFromPrev, "key.diff_from_prev", true),
    b(C::Diff, &[code(KC::Right)], A::DiffFromNext, "key.diff_from_next", true),
    b(C::Diff, &[k('[')], A::DiffToPrev, "key.diff_to_prev", true),
    b(C::Diff, &[k(']')], A::DiffToNext, "key.diff_to_next", true),
    b(C::Diff, &[code(KC::Up), k('k')], A::Up, "key.up", false),
    b(C::Diff, &[code(KC::Down), k('j')], A::Down, "key.down", false),
    b(C::Diff, &[code(KC::Esc), k('q')], A::Back, "key.close", true),
    // facilitator panel
    b(C::Drill, &[k(' ')], A::DrillToggle, "key.drill_toggle", true),
    b(C::Drill, &[k('n')], A::DrillNext, "key.drill_next", true),
    b(C::Drill, &[k('x')], A::DrillSkip, "key.drill_skip", true),
    b(C::Drill, &[k('s')], A::DrillSpeed, "key.drill_speed", true),
    b(C::Drill, &[code(KC::Up), k('k')], A::Up, "key.up", false),
    b(C::Drill, &[code(KC::Down), k('j')], A::Down, "key.down", false),
    b(C::Drill, &[k('r')], A::DrillRate, "key.drill_rate", true),
    b(C::Drill, &[k('o')], A::DrillObjectiveNotes, "key.drill_notes", false),
    b(C::Drill, &[k('a')], A::DrillAnswered, "key.drill_answered", false),
    b(C::Drill, &[k('h')], A::DrillNote, "key.drill_note", true),
    b(C::Drill, &[k('i')], A::DrillImprovement, "key.drill_improvement", true),
    b(C::Drill, &[k('W')], A::WriteReport, "key.write_report", true),
    b(C::Drill, &[k('E')], A::DrillEnd, "key.drill_end", false),
    b(C::Drill, &[code(KC::Esc), k('q')], A::Back, "key.close", true),
    // confirm
    b(C::Confirm, &[k('y')], A::Submit, "key.yes", true),
    b(C::Confirm, &[k('n'), code(KC::Esc)], A::Back, "key.no", true),
    // the call tree
    b(C::CallTree, &[code(KC::Up), k('k')], A::Up, "key.up", false),
    b(C::CallTree, &[code(KC::Down), k('j')], A::Down, "key.down", false),
    b(C::CallTree, &[k('m')], A::CallMessage, "key.call_message", true),
    b(C::CallTree, &[k('A')], A::CallActivate, "key.call_activate", true),
    b(C::CallTree, &[k('c')], A::CallChannel, "key.call_channel", true),
    b(
        C::CallTree,
        &[k('n')],
        A::CallState(crate::domain::types::CallState::Notified),
        "key.call_notified",
        true,
    ),
    b(
        C::CallTree,
        &[k('a')],
        A::CallState(crate::domain::types::CallState::Acknowledged),
        "key.call_acknowledged",
        true,
    ),
    b(
        C::CallTree,
        &[k('x')],
        A::CallState(crate::domain::types::CallState::Declined),
        "key.call_declined",
        false,
    ),
    b(
        C::CallTree,
        &[k('u')],
        A::CallState(crate::domain::types::CallState::Unreachable),
        "key.call_unreachable",
        false,
    ),
    b(C::CallTree, &[k('E')], A::Escalate, "key.escalate", true),
    b(C::CallTree, &[k('p')], A::CallAddPerson, "key.call_add", false),
    b(C::CallTree, &[k('d')], A::CallRemove, "key.call_remove", false),
    b(C::CallTree, &[k('t')], A::CallTier, "key.call_tier", false),
    b(C::CallTree, &[k('y')], A::Copy, "key.call_copy", false),
    b(C::CallTree, &[k('s')], A::SendMail, "key.send_mail", false),
    b(C::CallTree, &[k('w')], A::WriteExports, "key.write_exports", false),
    b(C::CallTree, &[code(KC::Esc), k('q')], A::Back, "key.close", true),
    // the message log
    b(C::Messages, &[code(KC::Up), k('k')], A::Up, "key.up", false),
    b(C::Messages, &[code(KC::Down), k('j')], A::Down, "key.down", false),
    b(C::Messages, &[k('n')], A::NewEntry, "key.new_message", true),
    b(
        C::Messages,
        &[code(KC::Enter), k('r')],
        A::AnswerMessage,
        "key.answer_message",
        true,
    ),
    b(C::Messages, &[code(KC::Esc), k('q')], A::Back, "key.close", true),
    // the affected-persons register
    b(C::Register, &[code(KC::Up), k('k')], A::Up, "key.up", false),
    b(C::Register, &[code(KC::Down), k('j')], A::Down, "key.down", false),
    b(C::Register, &[code(KC::PageUp)], A::PageUp, "key.page_up", false),
    b(C::Register, &[code(KC::PageDown)], A::PageDown, "key.page_down", false),
    b(C::Register, &[k('i')], A::ImportRegister, "key.import_register", true),
    b(C::Register, &[k('n')], A::MarkNotified, "key.mark_notified", true),
    b(C::Register, &[k('r')], A::SetResponse, "key.set_response", true),
    b(C::Register, &[code(KC::Esc), k('q')], A::Back, "key.close", true),
    // follow-ups
    b(C::FollowUps, &[code(KC::Up), k('k')], A::Up, "key.up", false),
    b(C::FollowUps, &[code(KC::Down), k('j')], A::Down, "key.down", false),
    b(C::FollowUps, &[k('n')], A::NewEntry, "key.new_follow_up", true),
    b(C::FollowUps, &[k(' '), code(KC::Enter)], A::ToggleDone, "key.toggle_done", true),
    b(C::FollowUps, &[code(KC::Esc), k('q')], A::Back, "key.close", true),
    // the preparedness view
    b(C::Prepare, &[code(KC::Tab), code(KC::Right)], A::NextTab, "key.next_tab", true),
    b(C::Prepare, &[code(KC::BackTab), code(KC::Left)], A::PrevTab, "key.prev_tab", false),
    b(C::Prepare, &[code(KC::Up), k('k')], A::Up, "key.up", false),
    b(C::Prepare, &[code(KC::Down), k('j')], A::Down, "key.down", false),
    b(C::Prepare, &[k('e'), code(KC::Enter)], A::PrepEdit, "key.prep_edit", true),
    b(C::Prepare, &[k('c')], A::MarkChecked, "key.mark_checked", true),
    b(C::Prepare, &[k('p')], A::PlanDrill, "key.plan_drill", true),
    b(C::Prepare, &[k('a')], A::PrepAdd, "key.prep_add", true),
    b(C::Prepare, &[code(KC::Esc), k('q')], A::Back, "key.close", true),
    // the monitoring board
    b(C::Monitor, &[code(KC::Up), k('k')], A::Up, "key.up", false),
    b(C::Monitor, &[code(KC::Down), k('j')], A::Down, "key.down", false),
    b(C::Monitor, &[code(KC::PageUp)], A::PageUp, "key.page_up", false),
    b(C::Monitor, &[code(KC::PageDown)], A::PageDown, "key.page_down", false),
    b(C::Monitor, &[code(KC::Enter), k('t')], A::Activate, "key.triage", true),
    b(C::Monitor, &[k('l')], A::LinkMention, "key.link_mention", true),
    b(C::Monitor, &[k('r')], A::DraftReply, "key.draft_reply", true),
    b(C::Monitor, &[k('a')], A::AnswerWithStatement, "key.answer_with_statement", false),
    b(C::Monitor, &[k('c')], A::CaptureMention, "key.capture", true),
    b(C::Monitor, &[k('x')], A::IgnoreMention, "key.ignore_mention", false),
    b(C::Monitor, &[k('N')], A::Declare, "key.declare_from_mention", false),
    b(C::Monitor, &[k('i')], A::ImportMentions, "key.import_mentions", true),
    b(C::Monitor, &[k('s')], A::FilterState, "key.filter_state", true),
    b(C::Monitor, &[k('o')], A::FilterSource, "key.filter_source", false),
    b(C::Monitor, &[k('f')], A::FilterIncident, "key.filter_incident", false),
    b(C::Monitor, &[code(KC::Esc), k('q')], A::Back, "key.close", true),
    // the wall
    b(C::Wall, &[k('q'), k('Q'), code(KC::Esc)], A::Quit, "key.wall_quit", true),
    b(C::Wall, &[k('t'), k('T')], A::ToggleContrast, "key.contrast", true),
];

fn matches(key: &Key, ev: &KeyEvent) -> bool {
    let ev_ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
    if key.ctrl != ev_ctrl {
        return false;
    }
    match (key.code, ev.code) {
        // Terminals differ on whether a shifted letter carries SHIFT; the
        // character itself already says it.
        (KeyCode::Char(a), KeyCode::Char(b)) => a == b,
        (a, b) => a == b,
    }
}

/// The action for `ev`, searching the contexts in order.
pub fn lookup(ctxs: &[Ctx], ev: &KeyEvent) -> Option<Action> {
    ctxs.iter()
        .find_map(|ctx| BINDINGS.iter().find(|b| b.ctx == *ctx && b.keys.iter().any(|k| matches(k, ev))))
        .map(|b| b.action)
}

pub fn bindings_for(ctx: Ctx) -> impl Iterator<Item = &'static Binding> {
    BINDINGS.iter().filter(move |b| b.ctx == ctx)
}

pub fn key_label(key: &Key) -> String {
    let base = match key.code {
        KeyCode::Char(' ') => "Space".to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::BackTab => "S-Tab".into(),
        KeyCode::Up => "↑".into(),
        KeyCode::Down => "↓".into(),
        KeyCode::Left => "←".into(),
        KeyCode::Right => "→".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::PageDown => "PgDn".into(),
        KeyCode::Home => "Home".into(),
        KeyCode::End => "End".into(),
        KeyCode::F(n) => format!("F{n}"),
        other => format!("{other:?}"),
    };
    if key.ctrl { format!("Ctrl-{}", base.to_uppercase()) } else { base }
}

pub fn keys_label(b: &Binding) -> String {
    b.keys.iter().map(key_label).collect::<Vec<_>>().join("/")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyEvent;

    fn ev(c: KeyCode) -> KeyEvent {
        KeyEvent::new(c, KeyModifiers::NONE)
    }

    #[test]
    fn pane_binding_wins_over_global() {
        let ctxs = [Ctx::Always, Ctx::Pane(Pane::Checklist), Ctx::Global];
        assert_eq!(lookup(&ctxs, &ev(KeyCode::Char('s'))), Some(Action::SkipItem));
        assert_eq!(lookup(&ctxs, &ev(KeyCode::Char('q'))), Some(Action::Quit));
        assert_eq!(
            lookup(&[Ctx::Pane(Pane::Roles), Ctx::Global], &ev(KeyCode::Char('s'))),
            Some(Action::JobSheet)
        );
    }

    #[test]
    fn shifted_letters_match_with_or_without_shift() {
        let shifted = KeyEvent::new(KeyCode::Char('N'), KeyModifiers::SHIFT);
        assert_eq!(lookup(&[Ctx::Global], &shifted), Some(Action::Declare));
        assert_eq!(lookup(&[Ctx::Global], &ev(KeyCode::Char('N'))), Some(Action::Declare));
        assert_eq!(lookup(&[Ctx::Global], &ev(KeyCode::Char('n'))), None);
    }

    #[test]
    fn ctrl_c_always_quits_even_in_a_form() {
        let c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(lookup(&[Ctx::Always, Ctx::Form], &c), Some(Action::Quit));
        assert_eq!(lookup(&[Ctx::Form], &ev(KeyCode::Char('c'))), None, "plain c is text in a form");
    }

    #[test]
    fn no_key_is_bound_twice_in_one_context() {
        for (i, a) in BINDINGS.iter().enumerate() {
            for bb in &BINDINGS[i + 1..] {
                if a.ctx != bb.ctx {
                    continue;
                }
                for ka in a.keys {
                    assert!(!bb.keys.contains(ka), "{:?} bound twice in {:?}", key_label(ka), a.ctx);
                }
            }
        }
    }

    #[test]
    fn labels() {
        assert_eq!(key_label(&ctrl('s')), "Ctrl-S");
        assert_eq!(key_label(&k(' ')), "Space");
        assert_eq!(keys_label(&BINDINGS[1]), "q");
    }
}

/// The key map as a Markdown table (English), for the README. A test keeps
/// the README's copy identical to the table the app dispatches from.
pub fn markdown_table() -> String {
    let tr = crate::i18n::Catalog::get(crate::i18n::Lang::En);
    let mut out = String::from("| where | keys | does |\n|---|---|---|\n");
    for b in BINDINGS.iter().filter(|b| b.ctx != Ctx::Always) {
        let keys = keys_label(b).replace('|', "\\|");
        out.push_str(&format!("| {} | `{}` | {} |\n", tr.t(b.ctx.title_key()), keys, tr.t(b.help)));
    }
    out
}

#[cfg(test)]
mod readme_tests {
    #[test]
    fn readme_key_map_matches_the_key_table() {
        let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README");
        let table = super::markdown_table();
        assert!(readme.contains(&table), "README key map is stale; replace it with:\n{table}");
    }
}
