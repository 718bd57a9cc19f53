//! Screens as a person sees them, on ratatui's TestBackend, checked with insta.

use crate::common;

use common::*;
use crisisdesk::i18n::Lang;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn press(app: &mut crisisdesk::app::App, c: KeyCode) {
    app.handle_key(KeyEvent::new(c, KeyModifiers::NONE));
}

#[test]
fn console_zh_80x24() {
    let mut app = live_app(Lang::Zh);
    insta::assert_snapshot!(screen(&mut app, 80, 24));
}

#[test]
fn console_zh_160x48() {
    let mut app = live_app(Lang::Zh);
    insta::assert_snapshot!(screen(&mut app, 160, 48));
}

#[test]
fn console_en_80x24() {
    let mut app = live_app(Lang::En);
    let s = screen(&mut app, 80, 24);
    for word in ["Incident", "Roles", "Checklist", "Statement", "Timeline"] {
        assert!(s.contains(word), "pane title {word} missing:\n{s}");
    }
    insta::assert_snapshot!(s);
}

#[test]
fn console_en_120x40() {
    let mut app = live_app(Lang::En);
    insta::assert_snapshot!(screen(&mut app, 120, 40));
}

#[test]
fn welcome_without_incidents() {
    let mut app = empty_app(Lang::Zh);
    insta::assert_snapshot!(screen(&mut app, 80, 24));
}

#[test]
fn too_small_terminal() {
    let mut app = live_app(Lang::Zh);
    let s = screen(&mut app, 40, 10);
    assert!(s.contains("60×18"), "{s}");
    insta::assert_snapshot!(s);
}

#[test]
fn help_overlay_lists_the_key_table() {
    let mut app = live_app(Lang::Zh);
    press(&mut app, KeyCode::Char('?'));
    insta::assert_snapshot!(screen(&mut app, 100, 40));
}

#[test]
fn declare_form_zh() {
    let mut app = live_app(Lang::Zh);
    press(&mut app, KeyCode::Char('N'));
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Right);
    insta::assert_snapshot!(screen(&mut app, 80, 24));
}

#[test]
fn editing_puts_the_real_cursor_at_the_insertion_point() {
    let mut app = live_app(Lang::Zh);
    press(&mut app, KeyCode::Char('4'));
    press(&mut app, KeyCode::Enter);
    let mut term = render(&mut app, 80, 24);
    // The cursor is inside the statement pane, after the draft's last character.
    let pos = term.get_cursor_position().expect("cursor");
    let l = crisisdesk::app::layout::layout(ratatui::layout::Rect::new(0, 0, 80, 24));
    let pane = l.pane(crisisdesk::action::Pane::Statement);
    assert!(pane.contains(pos), "cursor {pos:?} outside {pane:?}");
    insta::assert_snapshot!(term.backend().to_string());
}

#[test]
fn roles_job_sheet_and_clocks() {
    let mut app = live_app(Lang::Zh);
    press(&mut app, KeyCode::Char('2'));
    press(&mut app, KeyCode::Char('s'));
    insta::assert_snapshot!("job_sheet", screen(&mut app, 80, 24));
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('1'));
    press(&mut app, KeyCode::Char('c'));
    let s = screen(&mut app, 100, 30);
    assert!(s.contains("請查核現行法規"), "unverified clocks are flagged:\n{s}");
    insta::assert_snapshot!("clocks", s);
}

#[test]
fn unfilled_critical_roles_stand_out() {
    let mut app = live_app(Lang::Zh);
    let s = screen(&mut app, 80, 24);
    // Legal is critical and unstaffed in the fixture.
    assert!(s.contains("⚠"), "{s}");
    let term = render(&mut app, 80, 24);
    let buf = term.backend().buffer();
    let red = buf
        .content()
        .iter()
        .any(|c| c.symbol() == "⚠" && c.fg == ratatui::style::Color::Red);
    assert!(red, "the warning is drawn in red");
}

fn desk_with_id_pasted() -> crisisdesk::app::App {
    let mut app = live_app(Lang::Zh);
    press(&mut app, KeyCode::Char('4'));
    press(&mut app, KeyCode::Enter);
    app.paste("\n當事病患身分證 A123456789，電話 0912-345-678。");
    let now = app.now + chrono::Duration::seconds(2);
    app.tick(now);
    app
}

#[test]
fn desk_flags_personal_data_zh_80x24() {
    let mut app = desk_with_id_pasted();
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("⛔"), "{s}");
    insta::assert_snapshot!(s);
}

#[test]
fn desk_findings_list_zh() {
    let mut app = desk_with_id_pasted();
    press(&mut app, KeyCode::F(3));
    let s = screen(&mut app, 100, 30);
    assert!(s.contains("A123456789") && s.contains("0912-345-678"), "{s}");
    insta::assert_snapshot!(s);
}

#[test]
fn desk_template_picker_zh() {
    let mut app = live_app(Lang::Zh);
    press(&mut app, KeyCode::Char('4'));
    press(&mut app, KeyCode::Char('t'));
    insta::assert_snapshot!(screen(&mut app, 80, 24));
}

#[test]
fn desk_diff_between_versions_zh() {
    let mut app = live_app(Lang::Zh);
    press(&mut app, KeyCode::Char('4'));
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::End);
    app.paste("下午五點前再次說明。");
    press(&mut app, KeyCode::Esc);
    // The fixture's v1 is a draft; release it through the chain first.
    let id = app.current_statement().map(|s| s.id).expect("statement");
    let iid = app.view.as_ref().map(|v| v.incident.id).expect("incident");
    let legal = app.store.add_person("黃律師", "", "", app.now).expect("p");
    app.store.assign_role(iid, "legal", legal, app.now).expect("assign");
    for step in [
        crisisdesk::domain::desk::Step::Submit,
        crisisdesk::domain::desk::Step::Review,
        crisisdesk::domain::desk::Step::Approve,
        crisisdesk::domain::desk::Step::Release,
    ] {
        app.store.advance_for_tests(id, step, app.now).expect("step");
    }
    app.reload();
    press(&mut app, KeyCode::Char('e'));
    press(&mut app, KeyCode::Char('y')); // v2
    press(&mut app, KeyCode::End);
    app.paste("如有疑問請洽專線。");
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('D'));
    let s = screen(&mut app, 100, 30);
    assert!(s.contains("第 1 版（已發布）") && s.contains("第 2 版（草稿）"), "{s}");
    insta::assert_snapshot!(s);
}

#[test]
fn profile_form_scrolls_to_the_focused_field_at_80x24() {
    let mut app = live_app(Lang::Zh);
    press(&mut app, KeyCode::Char('C'));
    for _ in 0..10 {
        press(&mut app, KeyCode::Tab);
    }
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("第四級更新（分鐘）"), "the last field is in view:\n{s}");
    insta::assert_snapshot!(s);
}

fn drill_console(lang: Lang) -> crisisdesk::app::App {
    let mut app = empty_app(lang);
    let (sc, src) = crisisdesk::domain::drill::library(content()).expect("library")[4].clone();
    let pb = content().playbook(&sc.crisis_type).expect("playbook");
    let id = app.store.start_drill(pb, &sc, src, t0()).expect("drill");
    app.open_incident(id);
    app
}

#[test]
fn drill_banner_panel_and_inject_zh() {
    let mut app = drill_console(Lang::Zh);
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("演練 DRILL"), "the drill says so on the console:\n{s}");
    insta::assert_snapshot!("drill_console_zh_80x24", s);
    press(&mut app, KeyCode::Char('F'));
    press(&mut app, KeyCode::Char(' '));
    // The minute-0 inject arrives as a popup over the panel.
    let s = screen(&mut app, 120, 40);
    assert!(s.contains("狀況 1"), "{s}");
    insta::assert_snapshot!("drill_inject_zh_120x40", s);
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('r'));
    let s = screen(&mut app, 120, 40);
    assert!(s.contains("[P]"), "{s}");
    insta::assert_snapshot!("drill_panel_zh_120x40", s);
    let tiny = screen(&mut app, 40, 10);
    assert!(tiny.contains("演練"), "{tiny}");
}

/// An escape sequence or a BiDi override in user text shows on the console
/// as a visible mark: in a title, a note, a person's name and a pasted draft.
#[test]
fn control_and_bidi_characters_show_as_marks_on_the_console() {
    let mut app = live_app(Lang::Zh);
    let id = app.view.as_ref().map(|v| v.incident.id).expect("incident");
    app.store.add_note(id, "櫃台\u{202E}回報\u{1b}[2J", app.now, app.now).expect("note");
    app.reload();
    press(&mut app, KeyCode::Char('4'));
    press(&mut app, KeyCode::Enter);
    app.paste("貼上\u{202E}的字\u{1b}[31m");
    let s = screen(&mut app, 160, 48);
    assert!(s.matches("<RLO>").count() >= 2, "{s}");
    assert!(s.contains("␛[2J") && s.contains("␛[31m"), "{s}");
    assert!(app.editor.text().contains("<RLO>"), "a pasted override is kept only as a mark");
}

/// The call tree, activated with one acknowledgement, and the message log
/// with one message, in Chinese at 80×24 and in English at 120×40.
fn reaching(lang: crisisdesk::i18n::Lang) -> crisisdesk::app::App {
    use crisisdesk::domain::types::{CallState, Channel, Priority};
    let mut app = common::live_app(lang);
    let id = app.incident_id().expect("incident");
    press(&mut app, KeyCode::Char('T'));
    app.store.set_call_message(id, "緊急集合", "請於十分鐘內回電確認").expect("message");
    app.store
        .activate_call_tree(id, common::t0() + chrono::Duration::minutes(40))
        .expect("activate");
    let first = app.store.call_tree(id).expect("tree").expect("tree").members[0].id;
    app.store
        .set_call_state(
            first,
            CallState::Acknowledged,
            Some(Channel::Phone),
            common::t0() + chrono::Duration::minutes(42),
        )
        .expect("ack");
    let m = crisisdesk::store::NewMessage {
        from_org: "臺北市衛生局".into(),
        from_person: "醫事科".into(),
        channel: Some(Channel::Phone),
        asked: "請說明外洩範圍與通報時程".into(),
        priority: Some(Priority::Urgent),
        owner: "林志明".into(),
        due_at: Some(common::t0() + chrono::Duration::minutes(90)),
    };
    app.store
        .log_message(id, &m, common::t0() + chrono::Duration::minutes(30))
        .expect("log");
    app.reload();
    app
}

#[test]
fn call_tree_zh_80x24() {
    let mut app = reaching(crisisdesk::i18n::Lang::Zh);
    insta::assert_snapshot!(screen(&mut app, 80, 24));
}

#[test]
fn call_tree_en_120x40() {
    let mut app = reaching(crisisdesk::i18n::Lang::En);
    insta::assert_snapshot!(screen(&mut app, 120, 40));
}

#[test]
fn message_log_zh_80x24() {
    let mut app = reaching(crisisdesk::i18n::Lang::Zh);
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('I'));
    insta::assert_snapshot!(screen(&mut app, 80, 24));
}

/// The preparedness view over the live incident: the risks tab with the
/// heat map in Chinese at 80×24, and the drill programme in English at
/// 120×40 after one drill was run and rated.
#[test]
fn prepare_zh_80x24() {
    let mut app = common::live_app(crisisdesk::i18n::Lang::Zh);
    press(&mut app, KeyCode::Char('Z'));
    insta::assert_snapshot!(screen(&mut app, 80, 24));
}

#[test]
fn prepare_en_120x40() {
    let mut app = common::live_app(crisisdesk::i18n::Lang::En);
    let (sc, src) = crisisdesk::domain::drill::library(common::content())
        .expect("library")
        .iter()
        .find(|(s, _)| s.id == "covid-cluster")
        .cloned()
        .expect("scenario");
    let pb = common::content().playbook(&sc.crisis_type).expect("pb");
    let id = app.store.start_drill(pb, &sc, src, common::t0()).expect("drill");
    let mut clock = crisisdesk::domain::drill::DrillClock {
        state: crisisdesk::domain::drill::ClockState::Ready,
        speed: 1,
        banked_ms: 0,
        resumed_at: None,
    };
    clock.run(common::t0());
    app.store
        .set_drill_clock(id, &clock, crisisdesk::domain::timeline::ClockAct::Started, common::t0())
        .expect("start");
    app.store
        .rate_objective(id, "o1", crisisdesk::domain::types::Rating::S, "", common::t0())
        .expect("rate");
    app.store
        .add_improvement(
            id,
            "Quarterly call-list drill",
            "Operations",
            "2026-12-31",
            crisisdesk::domain::types::Category::Exercise,
            common::t0(),
        )
        .expect("item");
    app.reload();
    press(&mut app, KeyCode::Char('Z'));
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    insta::assert_snapshot!(screen(&mut app, 120, 40));
}
#[test]
fn monitor_board_zh_80x24() {
    let mut app = live_app(crisisdesk::i18n::Lang::Zh);
    with_mentions(&mut app, false);
    press(&mut app, KeyCode::Char('M'));
    insta::assert_snapshot!(screen(&mut app, 80, 24));
}

#[test]
fn monitor_board_en_120x40() {
    let mut app = live_app(crisisdesk::i18n::Lang::En);
    with_mentions(&mut app, false);
    press(&mut app, KeyCode::Char('M'));
    insta::assert_snapshot!(screen(&mut app, 120, 40));
}

/// The header's counts and the incident pane's sparkline, with the board closed.
#[test]
fn console_with_mentions_zh_80x24() {
    let mut app = live_app(crisisdesk::i18n::Lang::Zh);
    with_mentions(&mut app, false);
    insta::assert_snapshot!(screen(&mut app, 80, 24));
}
