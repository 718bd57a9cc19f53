use chrono::TimeZone;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::app::forms::declare::DeclareForm;
use crate::app::forms::note::NoteForm;
use crate::app::forms::profile::ProfileForm;
use crate::app::forms::skip::SkipForm;
use crate::app::popups::anchor::AnchorNotice;
use crate::app::popups::deadlines::Deadlines;
use crate::app::popups::diff::Diff;
use crate::app::popups::drill_panel::DrillPanel;
use crate::app::popups::findings::Findings;
use crate::app::popups::form::{Field, FieldKind, Form};
use crate::app::popups::incident_list::IncidentList;
use crate::app::popups::inject::InjectNotice;
use crate::app::popups::role_history::RoleHistory;
use crate::app::popups::roster::Roster;
use crate::app::popups::statement_text::StatementText;
use crate::app::popups::templates::TemplatePicker;
use crate::domain::Phase;
use crate::domain::desk::StatementState;
use crate::domain::drill::ClockState;
use crate::domain::model::ItemState;
use crate::domain::timeline::ClockAct;
use crate::domain::types::Audience;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 6, 0, 0).single().expect("time")
}

fn app() -> App {
    let store = Store::open_in_memory().expect("store");
    App::new(store, Content::builtin().expect("content"), Lang::Zh, chrono_tz::Asia::Taipei, t0())
}

fn key(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn chars(app: &mut App, s: &str) {
    for c in s.chars() {
        key(app, KeyCode::Char(c));
    }
}

/// Declare a data breach through the form, as a user would.
fn declare(app: &mut App, title: &str) {
    key(app, KeyCode::Char('N'));
    let dbi = app.content.playbooks.iter().position(|p| p.id == "data-breach").expect("type");
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
    let pb = &a.content.playbooks[1];
    assert_eq!(opts[0], pb.severity(1).expect("l1").label.zh);
}

fn staffed() -> App {
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
    key(&mut a, KeyCode::Char('4'));
    key(&mut a, KeyCode::Enter);
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
    key(&mut a, KeyCode::Char('4'));
    key(&mut a, KeyCode::Enter);
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
    key(&mut a, KeyCode::Char('4'));
    key(&mut a, KeyCode::Enter);
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
    key(&mut a, KeyCode::Char('4'));
    key(&mut a, KeyCode::Enter);
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
    key(&mut a, KeyCode::Char('4'));
    key(&mut a, KeyCode::Enter);
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
    assert!(a.incidents.is_empty());
}

#[test]
fn switching_incidents_from_the_list() {
    let mut a = staffed();
    let first = a.view.as_ref().expect("v").incident.id;
    declare(&mut a, "第二件");
    let second = a.view.as_ref().expect("v").incident.id;
    assert_ne!(first, second);
    key(&mut a, KeyCode::Char('i'));
    let sel = a.top::<IncidentList>().expect("list").sel;
    assert_eq!(a.incidents[sel].id, second, "the list opens on the current incident");
    key(&mut a, KeyCode::Down);
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.view.as_ref().expect("v").incident.id, first);
}

/// The desk's "done when": a communications lead drafts a zh press release
/// from the data-breach template, a pasted national ID is flagged at its
/// place and blocks release, and after its removal the statement goes
/// through legal review and the commander's approval to a frozen release.
#[test]
fn desk_template_to_frozen_release() {
    let mut a = app();
    for (name, role) in [("林院長", "commander"), ("黃律師", "legal"), ("陳公關", "communications")] {
        a.store.add_person(name, "", "", t0()).expect("p");
        let _ = role;
    }
    a.reload();
    declare(&mut a, "病歷系統遭勒索");
    let iid = a.view.as_ref().expect("v").incident.id;
    for (role, name) in [("commander", "林院長"), ("legal", "黃律師"), ("communications", "陳公關")] {
        let pid = a.persons.iter().find(|p| p.name == name).expect("person").id;
        a.store.assign_role(iid, role, pid, t0()).expect("assign");
    }
    a.store.set_profile("name", "安心診所", t0()).expect("profile");
    a.store.set_profile("hotline", "02-2345-6789", t0()).expect("profile");
    a.reload();

    key(&mut a, KeyCode::Char('4'));
    key(&mut a, KeyCode::Char('t'));
    assert!(a.top::<TemplatePicker>().is_some());
    // The second template of a type is its press release.
    key(&mut a, KeyCode::Down);
    key(&mut a, KeyCode::Enter);
    assert!(a.popups.is_empty());
    assert!(a.editor.editing, "a template opens straight into the editor");
    let st = a.current_statement().cloned().expect("statement");
    assert_eq!(st.audience, Audience::Media);
    let text = a.editor.text();
    assert!(
        text.contains("安心診所") && text.contains("02-2345-6789"),
        "filled from the profile:\n{text}"
    );
    assert!(!text.contains("{clinic}"));
    a.tick(t0() + Duration::seconds(1));
    assert!(
        !a.findings.iter().any(|f| f.kind == "phone"),
        "the clinic's own hotline is not personal data: {:?}",
        a.findings
    );
    // What the template leaves for the drafter blocks until it is filled.
    assert!(a.findings.iter().any(|f| f.kind == "placeholder"), "{:?}", a.findings);

    // The drafter replaces the text with the finished statement, pasting a
    // patient's national ID by mistake at the end of the first line.
    a.editor.textarea.select_all();
    a.editor.textarea.cut();
    let first = "安心診所預約系統於今日遭勒索軟體加密，我們深感抱歉";
    a.paste(&format!(
        "{first}，病患身分證 A123456789\n經查已確認部分預約資料無法讀取，我們已隔離系統並通報主管機關。\n如您接到自稱本診所的可疑來電，請撥打專線 02-2345-6789 查證。下次更新將於今晚公布。"
    ));
    a.tick(t0() + Duration::seconds(2));
    let first_line_chars = first.chars().count();
    let id_finding = a
        .findings
        .iter()
        .find(|f| f.kind == "national-id")
        .unwrap_or_else(|| panic!("not flagged in {:?}: {:?}", a.editor.text(), a.findings));
    assert_eq!((id_finding.line, id_finding.column), (1, first_line_chars + 8));
    assert_eq!(a.blocking_count(), 1, "{:?}", a.findings);

    // Sending to legal is allowed; legal review is refused while it is there.
    key(&mut a, KeyCode::Esc);
    a.set_operator(Some("陳公關".into()));
    key(&mut a, KeyCode::Char('r'));
    assert_eq!(a.current_statement().map(|s| s.state), Some(StatementState::Review));
    key(&mut a, KeyCode::Char('l'));
    assert!(a.status.as_ref().is_some_and(|s| s.error), "review refused");
    assert!(a.top::<Findings>().is_some(), "and the findings are shown");
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.current_statement().and_then(|s| s.reviewed_by.clone()), None);

    // Take it back to draft, delete the ID, and go round again.
    key(&mut a, KeyCode::Char('o'));
    key(&mut a, KeyCode::Enter);
    assert!(a.editor.editing);
    a.editor
        .textarea
        .move_cursor(ratatui_textarea::CursorMove::Jump(0, (first_line_chars + 17) as u16));
    for _ in 0..17 {
        key(&mut a, KeyCode::Backspace);
    }
    a.tick(t0() + Duration::seconds(4));
    assert_eq!(a.blocking_count(), 0, "{:?}", a.findings);
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('r'));
    // Each sign-off names the person and the exact version, and waits for y.
    key(&mut a, KeyCode::Char('l'));
    match a.top::<Confirm>().map(|c| &c.ask) {
        Some(Ask::SignOff(so)) => {
            assert_eq!((so.person.as_str(), so.role, so.version), ("黃律師", "legal", 1));
            assert_eq!(so.sha256, crate::domain::desk::sha256_hex(&a.editor.text()));
        }
        _ => panic!("sign-off confirmation"),
    }
    key(&mut a, KeyCode::Char('n'));
    assert_eq!(a.current_statement().and_then(|s| s.reviewed_by.clone()), None, "n records nothing");
    for k in ['l', 'y', 'A', 'y', 'R'] {
        key(&mut a, KeyCode::Char(k));
    }
    assert!(matches!(a.top::<Confirm>().map(|c| &c.ask), Some(Ask::Release(_))));
    key(&mut a, KeyCode::Char('y'));
    let released = a.current_statement().cloned().expect("s");
    assert_eq!(released.state, StatementState::Released);
    assert_eq!(released.reviewed_by.as_deref(), Some("黃律師"));
    // The release is followed by a record anchor to keep outside the file.
    let notice = a.top::<AnchorNotice>().expect("anchor offered after release");
    assert_eq!(notice.anchor.incidents, 1);
    assert!(!notice.qr.is_empty());
    assert!(a.store.check_anchor(&notice.anchor.digest).expect("check").is_ok());
    key(&mut a, KeyCode::Esc);
    let v = a.store.statement_versions(released.id).expect("versions");
    assert_eq!(v.len(), 1);
    assert!(!v[0].body.contains("A123456789"));
    assert_eq!(v[0].body, a.editor.text());
    let page = a.store.timeline_page(iid, None, 2).expect("page");
    assert_eq!(page[0].kind, "anchor.given");
    assert_eq!(page[1].kind, "statement.released");
    assert_eq!(page[1].operator.as_deref(), Some("陳公關"), "the operator is on the record");

    // The media's next update falls due from the release.
    let dues = a.update_dues();
    assert_eq!(dues.len(), 1);
    assert_eq!(dues[0].0, Audience::Media);
    assert_eq!(dues[0].1, v[0].released_at + Duration::minutes(120), "severity 2 cadence");

    // Reading the released statement creates nothing.
    key(&mut a, KeyCode::Enter);
    assert!(a.top::<StatementText>().is_some());
    assert!(!a.editor.editing);
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.current_statement().map(|s| s.version), Some(1));
    // `e` asks first; n leaves it alone, y starts version 2; v1 stays frozen.
    key(&mut a, KeyCode::Char('e'));
    assert!(matches!(a.top::<Confirm>().map(|c| &c.ask), Some(Ask::NewVersion(_))));
    key(&mut a, KeyCode::Char('n'));
    assert_eq!(a.current_statement().map(|s| s.version), Some(1));
    key(&mut a, KeyCode::Char('e'));
    key(&mut a, KeyCode::Char('y'));
    assert!(a.editor.editing);
    assert_eq!(
        a.current_statement().map(|s| (s.version, s.state)),
        Some((2, StatementState::Draft))
    );
    chars(&mut a, "補充");
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('D'));
    let d = a.top::<Diff>().expect("diff popup");
    assert_eq!((d.versions.len(), d.from, d.to), (2, 0, 1));
    assert!(d.versions[1].body.contains("補充"));
    key(&mut a, KeyCode::Esc);
    // The new version is thrown away: back to the released text and version 1.
    key(&mut a, KeyCode::Char('x'));
    assert!(matches!(a.top::<Confirm>().map(|c| &c.ask), Some(Ask::Discard(_))));
    key(&mut a, KeyCode::Char('y'));
    assert_eq!(
        a.current_statement().map(|s| (s.version, s.state)),
        Some((1, StatementState::Released))
    );
    assert_eq!(a.editor.text(), v[0].body);
}

#[test]
fn sign_offs_and_release_need_an_operator() {
    let mut a = staffed();
    key(&mut a, KeyCode::Char('4'));
    key(&mut a, KeyCode::Char('n'));
    chars(&mut a, "本診所深感抱歉");
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('r'));
    key(&mut a, KeyCode::Char('l'));
    assert_eq!(a.status.as_ref().map(|s| s.text.as_str()), Some(a.tr.t("desk.refuse.no_operator")));
    // The operator picker opens; choosing someone names them in the header.
    assert_eq!(a.top::<Roster>().expect("operator picker").purpose, RosterPurpose::Operator);
    key(&mut a, KeyCode::Enter);
    assert!(a.operator.is_some());
    assert_eq!(a.store.operator(), a.operator.as_deref());
}

#[test]
fn a_private_name_blocks_and_editing_in_review_is_refused() {
    let mut a = staffed();
    key(&mut a, KeyCode::Char('P'));
    key(&mut a, KeyCode::Char('a'));
    chars(&mut a, "王小明");
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.view.as_ref().expect("v").private.len(), 1);
    key(&mut a, KeyCode::Char('4'));
    key(&mut a, KeyCode::Enter);
    chars(&mut a, "病患王小明今日");
    a.tick(t0() + Duration::seconds(2));
    let f = a.findings.iter().find(|f| f.kind == "private-name").expect("flagged");
    assert_eq!((f.line, f.column, f.text.as_str()), (1, 3, "王小明"));
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('r'));
    assert_eq!(a.current_statement().map(|s| s.state), Some(StatementState::Review));
    key(&mut a, KeyCode::Char('e'));
    assert!(!a.editor.editing, "a statement in review does not take edits");
    assert!(a.status.as_ref().is_some_and(|s| s.error));
    // Review by legal is refused while nobody holds the role.
    a.set_operator(Some("操作者".into()));
    key(&mut a, KeyCode::Char('l'));
    assert_eq!(a.status.as_ref().map(|s| s.text.as_str()), Some(a.tr.t("desk.refuse.no_legal")));
}

#[test]
fn the_profile_form_saves_and_a_bad_pattern_keeps_it_open() {
    let mut a = staffed();
    key(&mut a, KeyCode::Char('C'));
    chars(&mut a, "安心診所");
    // Down to chart-pattern (the ninth field) and type a broken regex.
    for _ in 0..8 {
        key(&mut a, KeyCode::Tab);
    }
    chars(&mut a, "[A-");
    key(&mut a, KeyCode::Enter);
    let f = a.top::<Form<ProfileForm>>().expect("form stays open on a bad value");
    assert!(
        f.error.as_deref().is_some_and(|e| e.contains("病歷號格式")),
        "worded in zh: {:?}",
        f.error
    );
    for _ in 0..3 {
        key(&mut a, KeyCode::Backspace);
    }
    key(&mut a, KeyCode::Enter);
    assert!(a.popups.is_empty());
    assert_eq!(a.profile.get("name"), "安心診所");
}

/// A drill from the library's first scenario, opened in the console.
fn drill_app() -> App {
    let mut a = app();
    let (sc, src) = crate::domain::drill::library(a.content).expect("library")[0].clone();
    let pb = a.content.playbook(&sc.crisis_type).expect("playbook");
    let id = a.store.start_drill(pb, &sc, src, t0()).expect("drill");
    a.reload();
    a.open_incident(id);
    a
}

fn delivered(a: &App) -> Vec<u32> {
    let id = a.view.as_ref().expect("v").incident.id;
    a.store
        .drill_injects(id)
        .expect("injects")
        .iter()
        .filter(|r| !r.skipped)
        .map(|r| r.number)
        .collect()
}

#[test]
fn drill_injects_arrive_on_the_facilitators_clock() {
    let mut a = drill_app();
    assert!(a.view.as_ref().is_some_and(|v| v.incident.drill));
    assert!(a.incidents.is_empty(), "a drill is not in the list of real incidents");
    let sc = a.drill.as_ref().expect("drill").scenario.clone();
    key(&mut a, KeyCode::Char('F'));
    assert!(a.top::<DrillPanel>().is_some());
    // Nothing arrives before the clock starts.
    a.tick(t0() + Duration::minutes(30));
    assert!(delivered(&a).is_empty());
    a.now = t0();
    key(&mut a, KeyCode::Char(' '));
    assert_eq!(a.drill_status().map(|s| s.1), Some(ClockState::Running));
    let first = sc.inject[0].number;
    assert_eq!(delivered(&a), vec![first], "the minute-0 inject arrives at once");
    assert!(a.top::<InjectNotice>().is_some_and(|i| i.number == first));
    key(&mut a, KeyCode::Esc);
    // The second inject arrives when its minute comes, not before.
    let second = &sc.inject[1];
    a.tick(t0() + Duration::minutes(i64::from(second.at_minutes)) - Duration::seconds(1));
    assert!(!delivered(&a).contains(&second.number) || second.at_minutes == 0);
    a.tick(t0() + Duration::minutes(i64::from(second.at_minutes)));
    assert!(delivered(&a).contains(&second.number));
    key(&mut a, KeyCode::Esc);
    // Paused time stands still.
    let paused_at = t0() + Duration::minutes(i64::from(second.at_minutes));
    a.now = paused_at;
    key(&mut a, KeyCode::Char(' '));
    assert_eq!(a.drill_status().map(|s| s.1), Some(ClockState::Paused));
    let before = delivered(&a).len();
    a.tick(paused_at + Duration::hours(2));
    assert_eq!(delivered(&a).len(), before, "no injects while paused");
    // Deliver the next one early, skip the one after.
    let next = crate::domain::drill::next_inject(&sc, &a.drill.as_ref().expect("d").injects)
        .expect("next")
        .number;
    key(&mut a, KeyCode::Char('n'));
    assert!(delivered(&a).contains(&next));
    assert!(a.top::<InjectNotice>().is_some_and(|i| i.number == next));
    key(&mut a, KeyCode::Esc);
    let skipped = crate::domain::drill::next_inject(&sc, &a.drill.as_ref().expect("d").injects)
        .expect("next")
        .number;
    key(&mut a, KeyCode::Char('x'));
    assert!(!delivered(&a).contains(&skipped));
    assert!(
        a.drill
            .as_ref()
            .expect("d")
            .injects
            .iter()
            .any(|r| r.number == skipped && r.skipped)
    );
    // Speed x2 and the timeline records the injects.
    key(&mut a, KeyCode::Char('s'));
    assert_eq!(a.drill_status().map(|s| s.2), Some(2));
    let tl = a
        .store
        .timeline_page(a.view.as_ref().expect("v").incident.id, None, 50)
        .expect("tl");
    assert!(tl.iter().any(|e| e.kind == "drill.inject" && e.data["number"] == first));
    assert!(tl.iter().any(|e| e.kind == "drill.skipped" && e.data["number"] == skipped));
    // Rate the first objective: P, then S.
    key(&mut a, KeyCode::Home);
    key(&mut a, KeyCode::Char('r'));
    key(&mut a, KeyCode::Char('r'));
    let d = a.drill.as_ref().expect("d");
    assert_eq!(
        d.ratings.iter().find(|r| r.objective == sc.objective[0].id).map(|r| r.rating.id()),
        Some("S")
    );
    key(&mut a, KeyCode::Char('E'));
    key(&mut a, KeyCode::Char('y'));
    assert_eq!(a.drill_status().map(|s| s.1), Some(ClockState::Ended));
}

#[test]
fn a_contingency_inject_comes_when_the_expected_action_is_missing() {
    let mut a = drill_app();
    let sc = a.drill.as_ref().expect("drill").scenario.clone();
    let i = sc
        .inject
        .iter()
        .find(|i| i.contingency.is_some())
        .expect("inject with contingency")
        .clone();
    let (c, within) = (i.contingency.expect("c"), i64::from(i.within_minutes.expect("w")));
    let at = t0() + Duration::minutes(i64::from(i.at_minutes));
    a.now = t0();
    key(&mut a, KeyCode::Char('F'));
    key(&mut a, KeyCode::Char(' '));
    a.popups.retain(|p| (p.as_ref() as &dyn std::any::Any).is::<DrillPanel>());
    a.tick(at);
    assert!(delivered(&a).contains(&i.number));
    let answered = a
        .drill
        .as_ref()
        .expect("d")
        .injects
        .iter()
        .any(|r| r.number == i.number && r.answered_at.is_some());
    assert!(!answered, "nothing the team did answers {} yet", i.number);
    a.tick(at + Duration::minutes(within) - Duration::seconds(1));
    assert!(!delivered(&a).contains(&c), "not before the window closes");
    a.tick(at + Duration::minutes(within) + Duration::seconds(1));
    assert!(delivered(&a).contains(&c), "the contingency redirects play");
}

#[test]
fn an_expected_action_seen_in_time_is_recorded_and_stops_the_contingency() {
    let mut a = app();
    // A library inject that expects a role to be filled.
    let lib = crate::domain::drill::library(a.content).expect("library");
    let (sc, src, inject) = lib
        .iter()
        .find_map(|(sc, src)| {
            sc.inject
                .iter()
                .find(|i| i.contingency.is_some() && i.expect.as_deref().is_some_and(|e| e == "roles:critical" || e.starts_with("role:")))
                .map(|i| (sc.clone(), *src, i.clone()))
        })
        .expect("a scenario with a role expectation");
    let pb = a.content.playbook(&sc.crisis_type).expect("pb");
    let id = a.store.start_drill(pb, &sc, src, t0()).expect("drill");
    a.open_incident(id);
    a.now = t0();
    key(&mut a, KeyCode::Char('F'));
    key(&mut a, KeyCode::Char(' '));
    let at = t0() + Duration::minutes(i64::from(inject.at_minutes));
    a.tick(at);
    // The team staffs the roles after the inject arrives.
    for role in [
        "commander",
        "communications",
        "legal",
        inject.expect.as_deref().unwrap_or("").trim_start_matches("role:"),
    ] {
        if a.content.role(role).is_some() && a.holder(role).is_none() {
            let p = a.store.add_person(&format!("人員{role}"), "", "", at).expect("p");
            a.store.assign_role(id, role, p, at + Duration::seconds(30)).expect("assign");
        }
    }
    a.tick(at + Duration::minutes(1));
    let rec = a
        .drill
        .as_ref()
        .expect("d")
        .injects
        .iter()
        .find(|r| r.number == inject.number)
        .cloned()
        .expect("rec");
    assert!(rec.answered_at.is_some(), "seen by the console");
    a.tick(at + Duration::minutes(i64::from(inject.within_minutes.expect("w")) + 1));
    assert!(
        !delivered(&a).contains(&inject.contingency.expect("c")),
        "no contingency once answered"
    );
}

#[test]
fn a_draft_that_cannot_be_saved_is_never_dropped() {
    let mut a = staffed();
    key(&mut a, KeyCode::Char('4'));
    key(&mut a, KeyCode::Enter);
    chars(&mut a, "第一段");
    a.tick(t0() + Duration::seconds(2));
    assert!(!a.editor.dirty, "autosaved");
    chars(&mut a, "未存的字");
    // Meanwhile another console sends the saved text to review.
    let sid = a.editor.statement_id.expect("statement");
    a.store
        .statement_step(sid, crate::domain::desk::Step::Submit, false, t0())
        .expect("submit elsewhere");
    a.tick(t0() + Duration::seconds(4));
    assert!(
        a.editor.dirty && a.status.as_ref().is_some_and(|s| s.error),
        "the failed save is said"
    );
    // Leaving the editor or the pane keeps the text where it is.
    key(&mut a, KeyCode::Esc);
    assert!(a.editor.editing && a.editor.text().contains("未存的字"));
    // Quitting writes it to a file instead of dropping it.
    a.handle_key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    assert!(!a.quit, "not before the draft is kept");
    crate::effects::run_all(&mut a);
    assert!(a.quit);
    let note = a.exit_note.clone().expect("exit note");
    let path = note.rsplit(' ').next().expect("path").to_string();
    let saved = std::fs::read_to_string(&path).expect("recovery file");
    assert_eq!(saved, "第一段未存的字");
    let _ = std::fs::remove_file(path);
}

#[test]
fn the_console_follows_writes_from_other_processes() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("c.db");
    let mut other = Store::open(&path, false).expect("other");
    let pb = Content::builtin().expect("c").playbook("data-breach").expect("pb");
    let id = other.declare(pb, 2, "共用", false, t0()).expect("declare");
    let mut a = App::new(
        Store::open(&path, false).expect("mine"),
        Content::builtin().expect("c"),
        Lang::Zh,
        chrono_tz::Asia::Taipei,
        t0(),
    );
    a.set_size(100, 30);
    a.tick(t0() + Duration::seconds(1));
    other.add_note(id, "另一台電腦寫的", t0(), t0()).expect("note");
    assert!(
        !a.view
            .as_ref()
            .expect("v")
            .timeline
            .iter()
            .any(|e| e.data["text"] == "另一台電腦寫的")
    );
    a.tick(t0() + Duration::seconds(2));
    assert!(
        a.view
            .as_ref()
            .expect("v")
            .timeline
            .iter()
            .any(|e| e.data["text"] == "另一台電腦寫的"),
        "shown within a second"
    );
}

#[test]
fn the_mouse_wheel_never_switches_statements_while_typing() {
    use crossterm::event::{MouseEvent, MouseEventKind};
    let mut a = staffed();
    key(&mut a, KeyCode::Char('4'));
    key(&mut a, KeyCode::Char('n'));
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('n'));
    assert!(a.editor.editing);
    let sid = a.editor.statement_id;
    for kind in [MouseEventKind::ScrollUp, MouseEventKind::ScrollDown, MouseEventKind::ScrollUp] {
        a.handle_event(Event::Mouse(MouseEvent {
            kind,
            column: 50,
            row: 12,
            modifiers: KeyModifiers::NONE,
        }));
    }
    assert!(a.editor.editing, "still typing");
    assert_eq!(a.editor.statement_id, sid, "same statement");
}

#[test]
fn an_inject_arriving_while_typing_does_not_swallow_keys() {
    let mut a = drill_app();
    key(&mut a, KeyCode::Char('4'));
    key(&mut a, KeyCode::Enter);
    assert!(a.editor.editing);
    // The facilitator's clock runs (started from another console).
    let id = a.view.as_ref().expect("v").incident.id;
    let mut clock = crate::domain::drill::DrillClock::default();
    clock.run(t0());
    a.store.set_drill_clock(id, &clock, ClockAct::Started, t0()).expect("start");
    a.reload();
    a.tick(t0() + Duration::seconds(1));
    assert!(a.top::<InjectNotice>().is_some(), "the room sees the inject");
    chars(&mut a, "院");
    assert!(a.popups.is_empty());
    assert!(a.editor.text().contains('院'), "the key went into the draft");
}
