//! The console's update step, driven by keys as a user drives it.

mod autosave;
mod desk;
mod drill;
mod monitor;
mod plans;
mod prepare;
mod reach;
mod robustness;

pub(super) use chrono::TimeZone;
pub(super) use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub(super) use super::*;
pub(super) use crate::app::forms::declare::DeclareForm;
pub(super) use crate::app::forms::note::NoteForm;
pub(super) use crate::app::forms::profile::ProfileForm;
pub(super) use crate::app::forms::skip::SkipForm;
pub(super) use crate::app::popups::anchor::AnchorNotice;
pub(super) use crate::app::popups::deadlines::Deadlines;
pub(super) use crate::app::popups::diff::Diff;
pub(super) use crate::app::popups::findings::Findings;
pub(super) use crate::app::popups::form::{Field, FieldKind, Form};
pub(super) use crate::app::popups::incident_list::IncidentList;
pub(super) use crate::app::popups::inject::InjectNotice;
pub(super) use crate::app::popups::role_history::RoleHistory;
pub(super) use crate::app::popups::roster::Roster;
pub(super) use crate::app::popups::statement_text::StatementText;
pub(super) use crate::app::popups::templates::TemplatePicker;
pub(super) use crate::domain::Phase;
pub(super) use crate::domain::desk::StatementState;
pub(super) use crate::domain::model::ItemState;
pub(super) use crate::domain::timeline::ClockAct;
pub(super) use crate::domain::types::Audience;

pub(super) fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 6, 0, 0).single().expect("time")
}

pub(super) fn app() -> App {
    app_on(Store::open_in_memory().expect("store"), (80, 24))
}

/// A console on `store` at t0, in Chinese, Taipei time.
pub(super) fn app_on(store: Store, size: (u16, u16)) -> App {
    App::new(
        store,
        Content::builtin().expect("content"),
        Lang::Zh,
        crate::domain::zone::Zone::taipei(),
        t0(),
        size,
    )
}

pub(super) fn key(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

/// To the statement pane, and into the editor (a new statement if none).
pub(super) fn edit_statement(app: &mut App) {
    key(app, KeyCode::Char('4'));
    key(app, KeyCode::Enter);
}

pub(super) fn chars(app: &mut App, s: &str) {
    for c in s.chars() {
        key(app, KeyCode::Char(c));
    }
}

/// Declare a data breach through the form, as a user would.
pub(super) fn declare(app: &mut App, title: &str) {
    key(app, KeyCode::Char('N'));
    let dbi = app.content.playbooks().position(|p| p.id == "data-breach").expect("type");
    for _ in 0..dbi {
        key(app, KeyCode::Right);
    }
    key(app, KeyCode::Tab);
    key(app, KeyCode::Tab);
    chars(app, title);
    key(app, KeyCode::Enter);
}

#[test]
fn declaring_through_the_form_opens_the_incident() {
    let mut a = app();
    assert!(a.view.is_none());
    declare(&mut a, "勒索軟體");
    let v = a.view.as_ref().expect("incident open");
    assert_eq!(v.incident.crisis_type, "data-breach");
    assert_eq!(v.incident.title, "勒索軟體");
    assert_eq!(v.incident.severity, 2, "the form defaults to level 2");
    assert!(a.popups.is_empty());
    assert_eq!(a.focus, Pane::Roles, "next step is staffing");
    assert!(!v.checklist.is_empty());
}

#[test]
fn an_empty_title_keeps_the_form_open_with_a_message() {
    let mut a = app();
    key(&mut a, KeyCode::Char('N'));
    key(&mut a, KeyCode::Enter);
    assert!(a.top::<Form<DeclareForm>>().expect("form still open").error.is_some());
    assert!(a.view.is_none());
}

#[test]
fn changing_type_in_the_form_relabels_severity() {
    let mut a = app();
    key(&mut a, KeyCode::Char('N'));
    key(&mut a, KeyCode::Right);
    let f = a.top::<Form<DeclareForm>>().expect("form");
    let opts = match &f.spec.severity.kind {
        FieldKind::Choice { options, .. } => options.clone(),
        _ => panic!("choice"),
    };
    let pb = a.content.playbooks().nth(1).expect("a second type");
    assert_eq!(opts[0], pb.severity(1).expect("l1").label.zh);
}

pub(super) fn staffed() -> App {
    let mut a = app();
    a.store.add_person("王大明", "0912-000-001", "", t0()).expect("p");
    a.store.add_person("李小華", "0912-000-002", "", t0()).expect("p");
    a.reload();
    declare(&mut a, "測試事件");
    a
}

#[test]
fn assigning_from_the_roles_pane() {
    let mut a = staffed();
    assert_eq!(a.unfilled_critical().len(), 3);
    // Role rows put required roles first; commander is the first.
    assert_eq!(a.role_rows()[0], "commander");
    key(&mut a, KeyCode::Enter);
    // The roster is sorted by name, so 李小華 comes before 王大明.
    assert!(a.top::<Roster>().is_some());
    key(&mut a, KeyCode::Enter);
    assert!(a.popups.is_empty());
    assert_eq!(a.holder("commander").map(|h| h.person_name.as_str()), Some("李小華"));
    assert_eq!(a.unfilled_critical().len(), 2);
    // A second assignment of the same role is a handoff.
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Down);
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.holder("commander").map(|h| h.person_name.as_str()), Some("王大明"));
    key(&mut a, KeyCode::Char('h'));
    let rows = &a.top::<RoleHistory>().expect("history").rows;
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].handed_to.as_deref(), Some("王大明"));
}

#[test]
fn adding_a_person_from_the_picker_assigns_them() {
    let mut a = app();
    declare(&mut a, "x");
    key(&mut a, KeyCode::Enter); // picker (empty roster)
    key(&mut a, KeyCode::Char('a'));
    chars(&mut a, "陳律師");
    key(&mut a, KeyCode::Tab);
    chars(&mut a, "02-2345-6789");
    key(&mut a, KeyCode::Enter);
    assert!(a.popups.is_empty(), "{}", a.popups.len());
    assert_eq!(a.holder("commander").map(|h| h.person_name.as_str()), Some("陳律師"));
    assert_eq!(a.persons[0].phone, "02-2345-6789");
}

#[test]
fn ticking_and_skipping_items() {
    let mut a = staffed();
    key(&mut a, KeyCode::Char('3'));
    assert_eq!(a.focus, Pane::Checklist);
    key(&mut a, KeyCode::Char(' '));
    let v = a.view.as_ref().expect("v");
    assert_eq!(v.checklist[0].state, ItemState::Done);
    key(&mut a, KeyCode::Char(' '));
    assert_eq!(a.view.as_ref().expect("v").checklist[0].state, ItemState::Open);
    key(&mut a, KeyCode::Down);
    key(&mut a, KeyCode::Char('s'));
    key(&mut a, KeyCode::Enter); // empty reason refused
    assert!(a.top::<Form<SkipForm>>().is_some_and(|f| f.error.is_some()));
    chars(&mut a, "本所無此系統");
    key(&mut a, KeyCode::Enter);
    let it = &a.view.as_ref().expect("v").checklist[1];
    assert_eq!((it.state, it.note.as_str()), (ItemState::Skipped, "本所無此系統"));
}

#[test]
fn digits_type_text_in_the_editor_and_autosave_waits_for_a_pause() {
    let mut a = staffed();
    edit_statement(&mut a);
    assert!(a.editor.editing);
    chars(&mut a, "本所深感遺憾1");
    assert_eq!(a.focus, Pane::Statement, "a digit is text while editing");
    assert!(a.editor.dirty);
    let sid = a.editor.statement_id.expect("statement created");
    a.tick(t0() + Duration::milliseconds(200));
    assert!(a.editor.dirty, "not yet: the user is still typing");
    a.tick(t0() + Duration::milliseconds(800));
    assert!(!a.editor.dirty);
    let saved = a.store.statements(a.view.as_ref().expect("v").incident.id).expect("st");
    assert_eq!(saved.iter().find(|s| s.id == sid).map(|s| s.body.as_str()), Some("本所深感遺憾1"));
    assert_eq!(a.editor.char_count(), 7);
}

/// Someone dictating steadily never pauses: the draft is still saved at
/// least every AUTOSAVE_MAX_WAIT_MS, never more than a second behind.
#[test]
fn steady_typing_is_saved_without_a_pause() {
    let mut a = staffed();
    edit_statement(&mut a);
    let sid = a.editor.statement_id.expect("statement");
    let iid = a.view.as_ref().expect("v").incident.id;
    let body = |a: &App| {
        a.store
            .statements(iid)
            .expect("st")
            .into_iter()
            .find(|s| s.id == sid)
            .map(|s| s.body)
            .unwrap_or_default()
    };
    // One character every 100 ms for three seconds, ticking after each key
    // as the event loop does.
    let mut typed = String::new();
    let mut worst_lag = 0usize;
    for i in 0..30 {
        a.now = t0() + Duration::milliseconds(100 * i);
        key(&mut a, KeyCode::Char('字'));
        typed.push('字');
        a.tick(a.now);
        let saved = body(&a).chars().count();
        worst_lag = worst_lag.max(typed.chars().count() - saved);
    }
    // The rest-based autosave alone would have saved nothing in 3 s.
    assert!(body(&a).chars().count() >= 24, "saved {:?}", body(&a));
    assert!(
        worst_lag * 100 <= AUTOSAVE_MAX_WAIT_MS as usize + 100,
        "at most the maximum wait of typing unsaved, got {worst_lag} keys"
    );
}

#[test]
fn leaving_the_editor_saves_at_once() {
    let mut a = staffed();
    key(&mut a, KeyCode::Char('4'));
    key(&mut a, KeyCode::Char('e'));
    chars(&mut a, "abc");
    key(&mut a, KeyCode::Esc);
    assert!(!a.editor.editing && !a.editor.dirty);
    let id = a.view.as_ref().expect("v").incident.id;
    assert_eq!(a.store.statements(id).expect("s")[0].body, "abc");
}

#[test]
fn paste_goes_into_the_editor_with_crlf_normalised() {
    let mut a = staffed();
    edit_statement(&mut a);
    a.paste("第一行\r\n第二行\r第三行");
    assert_eq!(a.editor.text(), "第一行\n第二行\n第三行");
    let huge = "字".repeat(MAX_PASTE_CHARS + 1);
    a.paste(&huge);
    assert_eq!(
        a.editor.text(),
        "第一行\n第二行\n第三行",
        "an oversized paste is refused, not half-inserted"
    );
    assert!(a.status.is_some());
}

#[test]
fn a_failed_save_keeps_the_draft() {
    let mut a = staffed();
    edit_statement(&mut a);
    chars(&mut a, "重要草稿");
    // Point the editor at a statement that does not exist: the save fails.
    a.editor.statement_id = Some(9999);
    a.tick(t0() + Duration::seconds(2));
    assert!(a.editor.dirty, "still marked unsaved");
    assert_eq!(a.editor.text(), "重要草稿");
    assert!(a.status.as_ref().is_some_and(|s| s.error));
}

#[test]
fn notes_with_an_earlier_event_time() {
    let mut a = staffed();
    a.now = t0() + Duration::hours(2);
    key(&mut a, KeyCode::Char('5'));
    key(&mut a, KeyCode::Char('n'));
    chars(&mut a, "家屬到院");
    key(&mut a, KeyCode::Tab);
    chars(&mut a, "99:99");
    key(&mut a, KeyCode::Enter);
    assert!(a.top::<Form<NoteForm>>().is_some_and(|f| f.error.is_some()), "bad time refused");
    key(&mut a, KeyCode::Tab); // back to text? no: cycle to field 0
    // Clear the time field and type a valid one (local 14:30 = 06:30 UTC).
    if let Some(f) = a.top_mut::<Form<NoteForm>>() {
        f.spec.time = Field::text("t", "14:30");
    }
    key(&mut a, KeyCode::Enter);
    assert!(a.popups.is_empty());
    let e = &a.view.as_ref().expect("v").timeline[0];
    assert!(matches!(e.event, crate::domain::timeline::Event::Note { .. }));
    assert_eq!(e.event_at, t0() + Duration::minutes(30));
    assert_eq!(e.recorded_at, t0() + Duration::hours(2));
}

#[test]
fn phase_and_severity_keys() {
    let mut a = staffed();
    key(&mut a, KeyCode::Char('1'));
    key(&mut a, KeyCode::Char(']'));
    key(&mut a, KeyCode::Char(']'));
    key(&mut a, KeyCode::Char('['));
    key(&mut a, KeyCode::Char('+'));
    key(&mut a, KeyCode::Char('+'));
    let inc = &a.view.as_ref().expect("v").incident;
    assert_eq!(inc.phase, Phase::Convene);
    assert_eq!(inc.severity, 1, "cannot go above level 1");
}

#[test]
fn tab_cycles_focus_and_mouse_click_focuses() {
    let mut a = staffed();
    a.set_size(100, 30);
    a.focus = Pane::Incident;
    for expect in [Pane::Roles, Pane::Checklist, Pane::Statement, Pane::Timeline, Pane::Incident] {
        key(&mut a, KeyCode::Tab);
        assert_eq!(a.focus, expect);
    }
    key(&mut a, KeyCode::BackTab);
    assert_eq!(a.focus, Pane::Timeline);
    let l = layout::layout(Rect::new(0, 0, 100, 30));
    let r = l.pane(Pane::Checklist);
    a.handle_event(Event::Mouse(crossterm::event::MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: r.x + 2,
        row: r.y + 2,
        modifiers: KeyModifiers::NONE,
    }));
    assert_eq!(a.focus, Pane::Checklist);
}

#[test]
fn timeline_scrolls_by_keyset_and_returns_to_newest() {
    let mut a = staffed();
    a.set_size(80, 24);
    let id = a.view.as_ref().expect("v").incident.id;
    a.store.bulk_notes(id, 100, t0()).expect("bulk");
    a.reload();
    key(&mut a, KeyCode::Char('5'));
    let top = a.view.as_ref().expect("v").timeline[0].id;
    key(&mut a, KeyCode::Down);
    assert_eq!(a.view.as_ref().expect("v").timeline[0].id, top - 1);
    key(&mut a, KeyCode::PageDown);
    assert!(a.view.as_ref().expect("v").timeline[0].id < top - 1);
    key(&mut a, KeyCode::Up);
    key(&mut a, KeyCode::Char('g'));
    assert_eq!(a.timeline_top, None);
    assert_eq!(a.view.as_ref().expect("v").timeline[0].id, top);
    key(&mut a, KeyCode::Char('G'));
    let v = a.view.as_ref().expect("v");
    assert!(!v.timeline_more, "at the oldest page");
}

#[test]
fn the_language_switches_at_run_time() {
    let mut a = staffed();
    key(&mut a, KeyCode::Char('L'));
    assert_eq!(a.lang, Lang::En);
    assert_eq!(a.tr.t("pane.roles"), "Roles");
}

#[test]
fn quit_saves_the_draft() {
    let mut a = staffed();
    edit_statement(&mut a);
    chars(&mut a, "x");
    a.handle_key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    assert!(a.quit);
    assert!(!a.editor.dirty);
}

#[test]
fn deadlines_can_be_marked_met() {
    let mut a = staffed();
    key(&mut a, KeyCode::Char('1'));
    key(&mut a, KeyCode::Char('c'));
    assert!(a.top::<Deadlines>().is_some());
    let before = a.next_due().len();
    // Find the first clock with a deadline and mark it met.
    let idx = a
        .view
        .as_ref()
        .expect("v")
        .deadlines
        .iter()
        .position(|c| c.due.is_some())
        .expect("a running deadline");
    for _ in 0..idx {
        key(&mut a, KeyCode::Down);
    }
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.next_due().len(), before - 1, "a met deadline leaves the due list");
    assert_eq!(a.view.as_ref().expect("v").timeline[0].kind, "deadline.met");
}

#[test]
fn closing_an_incident_needs_confirmation() {
    let mut a = staffed();
    key(&mut a, KeyCode::Char('1'));
    key(&mut a, KeyCode::Char('X'));
    key(&mut a, KeyCode::Char('n'));
    assert!(a.view.is_some());
    key(&mut a, KeyCode::Char('X'));
    key(&mut a, KeyCode::Char('y'));
    assert!(a.view.is_none());
    assert_eq!(a.open_count, 0);
}

#[test]
fn switching_incidents_from_the_list() {
    let mut a = staffed();
    let first = a.view.as_ref().expect("v").incident.id;
    declare(&mut a, "第二件");
    let second = a.view.as_ref().expect("v").incident.id;
    assert_ne!(first, second);
    key(&mut a, KeyCode::Char('i'));
    let list = a.top::<IncidentList>().expect("list");
    assert_eq!(list.items[list.sel].id, second, "the list opens on the current incident");
    assert_eq!(list.items.len(), a.open_count);
    key(&mut a, KeyCode::Down);
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.view.as_ref().expect("v").incident.id, first);
}

#[test]
fn the_record_can_be_checked_from_the_console() {
    let mut a = app();
    key(&mut a, KeyCode::Char('V'));
    assert!(a.popups.is_empty(), "no incident, nothing to check");
    let mut a = staffed();
    key(&mut a, KeyCode::Char('1'));
    key(&mut a, KeyCode::Char('V'));
    let check = a.top::<crate::app::popups::record_check::RecordCheck>().expect("shown");
    let r = check.result.as_ref().expect("whole");
    assert_eq!(r.length, a.store.chain_head(r.incident).expect("head").length);
    assert!(r.length > 0);
}

#[test]
fn a_damaged_playbook_is_said_after_the_first_frame_and_the_others_still_read() {
    let content: &'static Content = Box::leak(Box::new(crate::domain::content::with_an_unreadable_playbook()));
    let mut a = App::new(
        Store::open_in_memory().expect("store"),
        content,
        Lang::Zh,
        crate::domain::zone::Zone::taipei(),
        t0(),
        (80, 24),
    );
    assert!(a.status.is_none(), "nothing read yet");
    a.tick(t0());
    let status = a.status.as_ref().expect("said");
    assert!(status.error, "{}", status.text);
    assert!(
        status.text.contains("內建內容已損壞") && status.text.contains("violence.toml, line 1"),
        "{}",
        status.text
    );
    assert_eq!(content.playbooks().count(), 6, "the others are there");
    a.status = None;
    a.tick(t0() + Duration::seconds(1));
    assert!(a.status.is_none(), "said once");
}
