//! The monitoring board, driven by keys: a Google Alert triaged, linked,
//! answered by a released reply.

use super::*;
use crate::app::forms::triage::TriageForm;
use crate::app::popups::monitor::MonitorBoard;
use crate::domain::monitor::parse;
use crate::domain::types::MentionState;

const REPLY: &str = "很抱歉讓您與家人有不好的經驗。我們已在了解這次雷射療程的經過，為保護病患隱私，不在網路上討論個別就醫情形，請您私訊或來電，我們會親自說明。";

fn alert_fixture() -> Vec<u8> {
    std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/monitor/google-alerts.xml")).expect("fixture")
}

fn staffed_with_alerts() -> App {
    let mut a = app();
    for name in ["林院長", "黃律師", "陳公關"] {
        a.store.add_person(name, "", "", t0()).expect("person");
    }
    a.reload();
    declare(&mut a, "雷射燙傷網路爭議");
    let iid = a.incident_id().expect("incident");
    for (role, name) in [("commander", "林院長"), ("legal", "黃律師"), ("communications", "陳公關")] {
        let pid = a.persons.iter().find(|p| p.name == name).expect("person").id;
        a.store.assign_role(iid, role, pid, t0()).expect("assign");
    }
    a.set_operator(Some("陳公關".into()));
    let items = parse("google-alerts.xml", &alert_fixture(), a.tz, t0()).expect("parse");
    a.store.import_mentions(&items, "google-alerts.xml", None, t0()).expect("import");
    a.reload();
    a
}

#[test]
fn a_google_alert_is_triaged_linked_and_answered_by_a_released_reply() {
    let mut a = staffed_with_alerts();
    assert_eq!((a.mention_counts.new, a.mention_counts.unanswered), (2, 2));
    key(&mut a, KeyCode::Char('M'));
    assert!(a.top::<MonitorBoard>().is_some());
    assert_eq!(a.monitor.rows.len(), 2);
    assert!(
        a.monitor.rows[0].title.contains("燙傷"),
        "newest first: {:?}",
        a.monitor.rows[0].title
    );
    let id = a.monitor.rows[0].id;
    // Enter triages: the form offers "triaged" and the operator as owner.
    key(&mut a, KeyCode::Enter);
    assert!(a.top::<Form<TriageForm>>().is_some());
    key(&mut a, KeyCode::Enter);
    let m = a.store.mention(id).expect("m");
    assert_eq!((m.state, m.owner.as_str()), (MentionState::Triaged, "陳公關"));
    assert_eq!(a.mention_counts.new, 1, "the header follows");
    key(&mut a, KeyCode::Char('l'));
    assert_eq!(a.store.mention(id).expect("m").incident_id, a.incident_id());
    key(&mut a, KeyCode::Char('c'));
    assert!(
        a.status.as_ref().is_some_and(|s| !s.error && s.text.contains("存證")),
        "{:?}",
        a.status
    );
    // r drafts the reply from the social-media template and opens it.
    key(&mut a, KeyCode::Char('r'));
    assert!(a.popups.is_empty(), "the board gives way to the draft");
    assert!(a.editor.editing);
    let st = a.current_statement().cloned().expect("reply");
    assert_eq!(st.audience, Audience::Social);
    assert_eq!(a.store.mention(id).expect("m").state, MentionState::Responding);
    a.editor.textarea.select_all();
    key(&mut a, KeyCode::Backspace);
    chars(&mut a, REPLY);
    key(&mut a, KeyCode::Esc);
    a.tick(t0() + Duration::seconds(3));
    assert_eq!(a.blocking_count(), 0, "{:?}", a.findings);
    for k in ['r', 'l', 'y', 'A', 'y', 'R', 'y'] {
        key(&mut a, KeyCode::Char(k));
    }
    assert_eq!(a.current_statement().map(|s| s.state), Some(StatementState::Released));
    key(&mut a, KeyCode::Esc);
    let m = a.store.mention(id).expect("m");
    assert_eq!((m.state, m.statement_id), (MentionState::Answered, Some(st.id)));
    assert_eq!(a.view.as_ref().map(|v| v.mentions.linked), Some((1, 0)));
    let iid = a.incident_id().expect("incident");
    assert!(a.store.verify(iid).expect("verify").is_ok());
}

#[test]
fn the_board_filters_and_ignores() {
    let mut a = staffed_with_alerts();
    key(&mut a, KeyCode::Char('M'));
    key(&mut a, KeyCode::Char('x'));
    assert_eq!(a.monitor.rows[0].state, MentionState::Ignored);
    // s cycles: all → unanswered → new …
    key(&mut a, KeyCode::Char('s'));
    assert_eq!(a.monitor.total, 1, "unanswered only");
    key(&mut a, KeyCode::Char('s'));
    assert_eq!(a.monitor.total, 1, "new only");
    // f: this incident's (none yet), then unlinked.
    key(&mut a, KeyCode::Char('f'));
    assert_eq!(a.monitor.total, 0);
    key(&mut a, KeyCode::Char('f'));
    assert_eq!(a.monitor.total, 1);
    key(&mut a, KeyCode::Char('o'));
    assert_eq!(a.monitor.filter.source, Some(crate::domain::types::Source::GoogleAlerts));
    key(&mut a, KeyCode::Down);
    key(&mut a, KeyCode::PageDown);
    key(&mut a, KeyCode::Esc);
    assert!(a.popups.is_empty());
}

#[test]
fn an_incident_is_declared_from_a_mention() {
    let mut a = staffed_with_alerts();
    key(&mut a, KeyCode::Char('M'));
    let id = a.monitor.rows[0].id;
    key(&mut a, KeyCode::Char('N'));
    key(&mut a, KeyCode::Enter);
    let iid = a.incident_id().expect("declared");
    assert_eq!(a.view.as_ref().map(|v| v.incident.crisis_type.as_str()), Some("online-reputation"));
    assert_eq!(a.store.mention(id).expect("m").incident_id, Some(iid));
}

#[test]
fn a_released_statement_answers_the_selected_mention_at_once() {
    let mut a = staffed_with_alerts();
    let iid = a.incident_id().expect("incident");
    let st = a.store.create_statement(iid, Audience::Social, REPLY, t0()).expect("statement");
    a.store
        .statement_step(st, crate::domain::desk::Step::Submit, false, t0())
        .expect("submit");
    for step in [crate::domain::desk::Step::Review, crate::domain::desk::Step::Approve] {
        a.store.advance_for_tests(st, step, t0()).expect("sign-off");
    }
    a.store
        .statement_step(st, crate::domain::desk::Step::Release, false, t0())
        .expect("release");
    a.reload();
    key(&mut a, KeyCode::Char('M'));
    let id = a.monitor.rows[1].id;
    key(&mut a, KeyCode::Down);
    key(&mut a, KeyCode::Char('a'));
    let m = a.store.mention(id).expect("m");
    assert_eq!(
        (m.state, m.statement_id, m.incident_id),
        (MentionState::Answered, Some(st), Some(iid))
    );
    assert!(a.store.verify(iid).expect("verify").is_ok());
}

#[test]
fn a_file_is_imported_on_the_board_all_or_nothing() {
    let mut a = app();
    declare(&mut a, "評論風暴");
    let dir = tempfile::tempdir().expect("tmp");
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "source,author,text\nfacebook,林媽媽,診所不回應\n").expect("write");
    key(&mut a, KeyCode::Char('M'));
    for (path, link) in [
        (bad.display().to_string(), false),
        (
            concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/monitor/reviews.json").to_string(),
            true,
        ),
    ] {
        key(&mut a, KeyCode::Char('i'));
        chars(&mut a, &path);
        if link {
            key(&mut a, KeyCode::Tab);
            key(&mut a, KeyCode::Right);
        }
        key(&mut a, KeyCode::Enter);
        crate::effects::run_all(&mut a);
    }
    // The bad file said why, in one line, and left nothing; the good one is all in.
    assert_eq!(a.monitor.total, 3);
    let iid = a.incident_id().expect("incident");
    assert_eq!(a.store.incident_mentions(iid).expect("linked").len(), 3);
    assert!(a.status.as_ref().is_some_and(|s| s.text.contains("新增 3 則")), "{:?}", a.status);
    assert!(a.store.verify(iid).expect("verify").is_ok());
}

#[test]
fn a_bad_file_on_the_board_is_one_line_naming_it() {
    let mut a = app();
    let dir = tempfile::tempdir().expect("tmp");
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "source,author,text\nfacebook,林媽媽,診所不回應\n").expect("write");
    key(&mut a, KeyCode::Char('M'));
    key(&mut a, KeyCode::Char('i'));
    chars(&mut a, &bad.display().to_string());
    key(&mut a, KeyCode::Enter);
    crate::effects::run_all(&mut a);
    let s = a.status.clone().expect("status");
    assert!(
        s.error && s.text.contains("bad.csv") && s.text.contains("time") && !s.text.contains('\n'),
        "{s:?}"
    );
    assert_eq!(a.monitor.total, 0);
}
