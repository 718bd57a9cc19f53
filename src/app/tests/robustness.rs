//! Drafts that cannot be saved, other writers, and input while typing.

use super::drill::drill_app;
use super::*;

#[test]
fn a_draft_that_cannot_be_saved_is_never_dropped() {
    let mut a = staffed();
    edit_statement(&mut a);
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
    let mut a = app_on(Store::open(&path, false).expect("mine"), (100, 30));
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
    edit_statement(&mut a);
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
