//! Reaching people and hearing back, driven by keys.

use super::*;
use crate::app::popups::call_tree::CallTreeView;
use crate::app::popups::follow_ups::FollowUps;
use crate::app::popups::messages::MessageLog;
use crate::app::popups::register::Register;
use crate::domain::types::{CallState, Progress};

/// A data breach with the commander, legal and communications staffed.
fn staffed_breach() -> App {
    let mut a = app();
    for name in ["林院長", "黃律師", "陳公關"] {
        a.store.add_person(name, "0900-000-101", "", t0()).expect("person");
    }
    a.reload();
    declare(&mut a, "預約系統遭加密");
    let iid = a.incident_id().expect("incident");
    for (role, name) in [("commander", "林院長"), ("legal", "黃律師"), ("communications", "陳公關")] {
        let pid = a.persons.iter().find(|p| p.name == name).expect("person").id;
        a.store.assign_role(iid, role, pid, t0()).expect("assign");
    }
    a.reload();
    a
}

#[test]
fn the_call_tree_is_drafted_activated_answered_and_escalated_by_keys() {
    let mut a = staffed_breach();
    key(&mut a, KeyCode::Char('T'));
    assert!(a.top::<CallTreeView>().is_some());
    key(&mut a, KeyCode::Char('A'));
    assert!(a.status.as_ref().is_some_and(|s| s.error), "no message, no activation");
    key(&mut a, KeyCode::Char('m'));
    chars(&mut a, "緊急集合");
    key(&mut a, KeyCode::Tab);
    chars(&mut a, "請於十分鐘內回電確認");
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.reach_lists.tree.as_ref().map(|t| t.body.as_str()), Some("請於十分鐘內回電確認"));
    key(&mut a, KeyCode::Char('A'));
    assert!(a.reach_lists.tree.as_ref().is_some_and(|t| t.activated_at.is_some()));
    // The commander is first on tier 1: acknowledged by phone.
    key(&mut a, KeyCode::Char('a'));
    let first = &a.reach_lists.tree.as_ref().expect("tree").members[0];
    assert_eq!((first.person_name.as_str(), first.state), ("林院長", CallState::Acknowledged));
    assert_eq!(a.view.as_ref().expect("v").reach.acknowledged.map(|x| x.0), Some(1));
    // The wait runs out with one of two acknowledgements: escalation is due.
    a.now = t0() + Duration::minutes(30);
    let due = a.next_due();
    assert!(due.iter().any(|d| d.what.contains("第 2 層")), "{due:?}");
    key(&mut a, KeyCode::Char('E'));
    let tree = a.reach_lists.tree.as_ref().expect("tree");
    assert!(tree.tiers[1].started_at.is_some(), "tier 2 called");
    // Copy puts the SMS rendering on the clipboard queue.
    key(&mut a, KeyCode::Char('c'));
    key(&mut a, KeyCode::Char('y'));
    assert!(a.status.as_ref().is_some_and(|s| s.text.contains("簡訊")), "{:?}", a.status);
    key(&mut a, KeyCode::Esc);
    assert!(a.popups.is_empty());
}

#[test]
fn an_inbound_message_is_logged_and_answered() {
    let mut a = staffed_breach();
    key(&mut a, KeyCode::Char('I'));
    assert!(a.top::<MessageLog>().is_some());
    key(&mut a, KeyCode::Char('n'));
    chars(&mut a, "臺北市衛生局");
    key(&mut a, KeyCode::Tab);
    chars(&mut a, "醫事科");
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Tab);
    chars(&mut a, "請說明外洩範圍");
    key(&mut a, KeyCode::Enter);
    let m = a.reach_lists.messages.first().cloned().expect("logged");
    assert_eq!(
        (m.from_org.as_str(), m.owner.as_str()),
        ("臺北市衛生局", "林院長"),
        "the commander answers by default"
    );
    assert_eq!(m.due_at, Some(a.now + Duration::minutes(60)));
    assert_eq!(a.view.as_ref().expect("v").reach.messages, (1, 0));
    key(&mut a, KeyCode::Enter);
    chars(&mut a, "已電話說明，書面明日送達");
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.reach_lists.messages[0].state, Progress::Done);
    assert_eq!(a.view.as_ref().expect("v").reach.messages, (0, 0));
}

#[test]
fn the_register_imports_a_file_all_or_nothing_and_marks_notified() {
    let mut a = staffed_breach();
    let dir = tempfile::tempdir().expect("tmp");
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "identifier\nC-1\nA123456789\n").expect("write");
    let good = dir.path().join("good.csv");
    let mut csv = String::from("identifier,what\n");
    for i in 0..20 {
        csv.push_str(&format!("C-{i:03},預約資料\n"));
    }
    std::fs::write(&good, csv).expect("write");
    key(&mut a, KeyCode::Char('H'));
    assert!(a.top::<Register>().is_some());
    for (path, ok) in [(&bad, false), (&good, true)] {
        key(&mut a, KeyCode::Char('i'));
        chars(&mut a, &path.display().to_string());
        key(&mut a, KeyCode::Enter);
        crate::effects::run_all(&mut a);
        let s = a.status.clone().expect("said");
        assert_eq!(!s.error, ok, "{}", s.text);
        if !ok {
            assert!(s.text.contains("第 3 行") && s.text.contains("身分證"), "{}", s.text);
            assert_eq!(a.view.as_ref().expect("v").reach.notified, (0, 0), "nothing half-way");
        }
    }
    assert_eq!(a.view.as_ref().expect("v").reach.notified, (0, 20));
    key(&mut a, KeyCode::Char('n'));
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.view.as_ref().expect("v").reach.notified, (1, 20));
    let line = a.view.as_ref().expect("v").reach.line(a.tr).expect("line");
    assert!(line.contains("已通知 1/20"), "{line}");
}

#[test]
fn follow_ups_are_added_and_ticked() {
    let mut a = staffed_breach();
    key(&mut a, KeyCode::Char('U'));
    assert!(a.top::<FollowUps>().is_some());
    key(&mut a, KeyCode::Char('n'));
    chars(&mut a, "更新通報名單");
    key(&mut a, KeyCode::Tab);
    chars(&mut a, "行政主管");
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.reach_lists.follow_ups.len(), 1);
    key(&mut a, KeyCode::Char(' '));
    assert_eq!(a.reach_lists.follow_ups[0].state, Progress::Done);
}

#[test]
fn a_mail_server_that_cannot_be_reached_changes_nobody() {
    let mut a = staffed_breach();
    key(&mut a, KeyCode::Char('T'));
    let member = a.reach_lists.tree.as_ref().expect("tree").members[0].id;
    a.mail_sent(vec![(member, Err("connection refused".into()))]);
    let s = a.status.clone().expect("said");
    assert!(s.error && s.text.contains("connection refused"), "{}", s.text);
    let m = &a.reach_lists.tree.as_ref().expect("tree").members[0];
    assert_eq!(m.state, CallState::Unreached, "nobody is marked told who was not");
}

#[test]
fn a_per_person_clock_runs_from_when_each_person_was_entered() {
    use crate::domain::reach::AffectedRow;
    use crate::domain::types::Channel;
    let mut a = staffed_breach();
    let iid = a.incident_id().expect("incident");
    let clock = |a: &App| {
        let v = a.view.as_ref().expect("v");
        let d = v.deadlines.iter().find(|d| d.id == "db-individuals-72h").expect("clock");
        (d.due, d.persons)
    };
    assert_eq!(clock(&a).1, None, "an empty register keeps the incident's own clock");
    let rows = |ids: &[&str]| -> Vec<crate::domain::reach::CheckedRow> {
        ids.iter()
            .map(|id| {
                (
                    AffectedRow {
                        identifier: (*id).into(),
                        ..Default::default()
                    },
                    None,
                    None,
                )
            })
            .collect()
    };
    a.store
        .import_affected(iid, &rows(&["A-1", "A-2", "A-3"]), t0() + Duration::hours(1))
        .expect("import");
    a.store
        .import_affected(iid, &rows(&["B-1", "B-2"]), t0() + Duration::hours(10))
        .expect("import");
    a.now = t0() + Duration::hours(2);
    a.reload();
    let (due, persons) = clock(&a);
    assert_eq!(due, Some(t0() + Duration::hours(73)), "the longest-waiting person's time");
    assert_eq!(persons.map(|p| (p.notified, p.total, p.overdue)), Some((0, 5, 0)));
    // Past the first three's time, not yet the last two's.
    a.now = t0() + Duration::hours(74);
    a.reload();
    assert_eq!(clock(&a).1.map(|p| p.overdue), Some(3));
    let first: Vec<i64> = a.store.affected(iid, 0, 3).expect("page").iter().map(|p| p.id).collect();
    a.store.mark_notified(iid, &first, Channel::Letter, a.now, a.now).expect("mark");
    a.reload();
    let (due, persons) = clock(&a);
    assert_eq!(due, Some(t0() + Duration::hours(82)));
    assert_eq!(persons.map(|p| (p.notified, p.overdue)), Some((3, 0)));
    let all: Vec<i64> = a.store.affected(iid, 0, 10).expect("page").iter().map(|p| p.id).collect();
    a.store.mark_notified(iid, &all, Channel::Letter, a.now, a.now).expect("mark");
    a.reload();
    assert!(clock(&a).1.is_some_and(|p| p.all_notified()));
    let label = "72";
    assert!(
        !a.next_due().iter().any(|d| d.what.contains(label) && d.what.contains("當事人")),
        "a clock met for everyone leaves the due list"
    );
}
