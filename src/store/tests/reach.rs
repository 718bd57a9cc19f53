//! The call tree, the message log, the affected-persons register and
//! follow-ups: each change on the record, each table held to it by verify.

use super::statements::{at, staffed_with_draft};
use super::*;
use crate::domain::reach::{builtin_trees, parse_affected_csv};
use crate::domain::types::{CallState, Channel, Priority, Progress};

fn tree_of(s: &Store, id: i64) -> CallTree {
    s.call_tree(id).expect("read").expect("set up")
}

fn with_tree() -> (Store, i64) {
    let (mut s, id, _) = staffed_with_draft();
    let c = Content::builtin().expect("content");
    let def = builtin_trees(c)
        .expect("trees")
        .iter()
        .find(|t| t.crisis_type == "data-breach")
        .expect("tree");
    s.set_up_call_tree(id, def, at(1)).expect("set up");
    s.set_up_call_tree(id, def, at(2)).expect("a second time changes nothing");
    (s, id)
}

#[test]
fn a_call_tree_is_copied_activated_answered_and_escalated() {
    let (mut s, id) = with_tree();
    let t = tree_of(&s, id);
    assert_eq!(t.tiers.len(), 3);
    let commander = t.members.iter().find(|m| m.role == "commander").expect("commander");
    assert_eq!(commander.person_name, "林院長", "a held role comes with its holder");
    let security = t.members.iter().find(|m| m.role == "it-security").expect("it");
    assert_eq!(security.person_name, "", "an empty role waits for one");
    // Nothing goes out before the message is drafted.
    assert!(matches!(s.activate_call_tree(id, at(3)), Err(StoreError::Invalid(_))));
    s.set_call_message(id, "緊急集合", "請立即回電確認。").expect("message");
    let p = s.add_person("王建宏", "0900-000-104", "", at(3)).expect("person");
    s.assign_role(id, "it-security", p, at(4)).expect("assign");
    s.activate_call_tree(id, at(5)).expect("activate");
    assert!(matches!(s.activate_call_tree(id, at(6)), Err(StoreError::Invalid(_))), "once");
    let t = tree_of(&s, id);
    assert_eq!(t.activated_at, Some(at(5)));
    assert_eq!(t.tiers[0].started_at, Some(at(5)));
    let security = t.members.iter().find(|m| m.role == "it-security").expect("it");
    assert_eq!(security.person_name, "王建宏", "filled at activation");
    s.set_call_state(security.id, CallState::Acknowledged, Some(Channel::Phone), at(7))
        .expect("ack");
    s.escalate(id, 2, at(20)).expect("escalate");
    s.escalate(id, 2, at(21)).expect("twice is once");
    assert_eq!(tree_of(&s, id).tiers[1].started_at, Some(at(20)));
    s.set_call_tier(id, 3, 45, 1, at(22)).expect("tier");
    assert!(s.set_call_tier(id, 3, 0, 1, at(22)).is_err());
    s.add_call_member(id, 3, p, at(23)).expect("add");
    let extra = tree_of(&s, id).members.last().expect("m").id;
    s.remove_call_member(extra, at(24)).expect("remove");
    verify_ok(&s, id);
    assert!(
        broken_by(
            &s,
            id,
            &format!("UPDATE call_member SET state = 'declined' WHERE id = {}", security.id)
        )
        .contains("call tree")
    );
    assert!(broken_by(&s, id, "DELETE FROM call_member WHERE role = 'legal'").contains("call tree"));
}

#[test]
fn messages_are_logged_answered_and_counted() {
    let (mut s, id) = with_tree();
    let m = NewMessage {
        from_org: "臺北市衛生局".into(),
        from_person: "醫事管理科".into(),
        channel: Some(Channel::Phone),
        asked: "請說明個資外洩範圍".into(),
        priority: Some(Priority::Urgent),
        owner: "林院長".into(),
        due_at: Some(at(60)),
    };
    let mid = s.log_message(id, &m, at(10)).expect("log");
    assert!(
        s.log_message(id, &NewMessage::default(), at(10)).is_err(),
        "who and what are needed"
    );
    assert_eq!(s.message_counts(id, at(30)).expect("counts"), (1, 0));
    assert_eq!(s.message_counts(id, at(61)).expect("counts"), (1, 1), "overdue");
    assert!(s.answer_message(mid, "  ", at(40)).is_err());
    s.answer_message(mid, "已於電話中說明，書面報告明日送達", at(40)).expect("answer");
    let all = s.messages(id).expect("list");
    assert_eq!((all[0].state, all[0].answered_at), (Progress::Done, Some(at(40))));
    assert_eq!(s.message_counts(id, at(61)).expect("counts"), (0, 0));
    verify_ok(&s, id);
    assert!(broken_by(&s, id, "UPDATE inbound_message SET state = 'open'").contains("message log"));
    assert!(broken_by(&s, id, "DELETE FROM inbound_message").contains("message log"));
}

#[test]
fn the_register_is_on_the_record_by_count_and_digest_only() {
    let (mut s, id) = with_tree();
    let tz = crate::domain::zone::Zone::taipei();
    let mut csv = String::from("identifier,what\n");
    for i in 0..200 {
        csv.push_str(&format!("C-{i:04},預約資料\n"));
    }
    let rows = parse_affected_csv(csv.as_bytes(), tz).expect("rows");
    assert_eq!(s.import_affected(id, &rows, at(5)).expect("import"), (200, 0));
    let mut told = String::from("identifier,notified_at,channel\n");
    for i in 0..120 {
        told.push_str(&format!("C-{i:04},2026-11-24 15:00,sms\n"));
    }
    let rows = parse_affected_csv(told.as_bytes(), tz).expect("rows");
    assert_eq!(s.import_affected(id, &rows, at(70)).expect("update"), (0, 120));
    assert_eq!(s.affected_counts(id).expect("counts"), (120, 200));
    let first = s.affected(id, 0, 10).expect("page");
    assert!(first.iter().all(|p| p.notified_at.is_none()), "not yet notified first");
    s.mark_notified(id, &[first[0].id], Channel::Phone, at(80), at(80)).expect("mark");
    assert_eq!(s.affected_counts(id).expect("counts"), (121, 200));
    s.set_affected_response(first[0].id, "已了解").expect("response");
    // The timeline never names anyone on the register.
    let tl = s.timeline_page(id, None, 100).expect("timeline");
    assert!(
        tl.iter().all(|e| !e.data.to_string().contains("C-0")),
        "identifiers stay off the record"
    );
    verify_ok(&s, id);
    assert!(broken_by(&s, id, "UPDATE affected_person SET identifier = 'X-1' WHERE identifier = 'C-0001'").contains("register"));
    assert!(broken_by(&s, id, "UPDATE affected_person SET notified_at = NULL WHERE identifier = 'C-0001'").contains("register"));
    assert!(broken_by(&s, id, "DELETE FROM affected_person WHERE identifier = 'C-0199'").contains("register"));
}

#[test]
fn follow_ups_open_and_close_on_the_record() {
    let (mut s, id) = with_tree();
    assert!(s.add_follow_up(id, "", "x", None, at(1)).is_err());
    let f = s
        .add_follow_up(id, "更新通報名單", "行政主管", Some(at(60 * 24)), at(1))
        .expect("add");
    s.set_follow_up_done(f, true, at(90)).expect("done");
    assert_eq!(s.follow_ups(id).expect("list")[0].state, Progress::Done);
    s.set_follow_up_done(f, false, at(91)).expect("reopen");
    verify_ok(&s, id);
    assert!(broken_by(&s, id, "UPDATE follow_up SET state = 'done'").contains("follow-up"));
}

#[test]
fn the_register_counts_follow_every_write() {
    let (mut s, id) = with_tree();
    let tz = crate::domain::zone::Zone::taipei();
    let counted = |s: &Store| -> (usize, usize) {
        let (n, t): (i64, i64) = s
            .conn
            .query_row(
                "SELECT count(notified_at), count(*) FROM affected_person WHERE incident_id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .expect("count");
        (n as usize, t as usize)
    };
    assert_eq!(s.affected_counts(id).expect("counts"), (0, 0), "an empty register");
    let rows = parse_affected_csv(b"identifier,notified_at,channel\nA-1,,\nA-2,2026-11-24 15:00,sms\nA-3,,\n", tz).expect("rows");
    s.import_affected(id, &rows, at(5)).expect("import");
    assert_eq!(s.affected_counts(id).expect("counts"), (1, 3));
    let rows = parse_affected_csv(b"identifier,notified_at,channel\nA-1,2026-11-24 15:10,phone\n", tz).expect("rows");
    s.import_affected(id, &rows, at(6)).expect("update");
    let waiting: Vec<i64> = s.affected(id, 0, 1).expect("page").iter().map(|p| p.id).collect();
    s.mark_notified(id, &waiting, Channel::Letter, at(7), at(7)).expect("mark");
    assert_eq!(s.affected_counts(id).expect("counts"), counted(&s));
    assert_eq!(counted(&s), (3, 3));
    s.conn
        .execute("DELETE FROM affected_person WHERE identifier = 'A-2'", [])
        .expect("delete");
    assert_eq!(s.affected_counts(id).expect("counts"), counted(&s));
    assert_eq!(counted(&s), (2, 2));
}

#[test]
fn the_due_list_and_the_follow_ups_come_in_the_order_shown() {
    let (mut s, id) = with_tree();
    let message = |org: &str, due: Option<i64>| NewMessage {
        from_org: org.into(),
        channel: Some(Channel::Phone),
        asked: "請說明".into(),
        priority: Some(Priority::Normal),
        due_at: due.map(at),
        ..NewMessage::default()
    };
    for (org, due) in [
        ("乙", Some(300)),
        ("無期限", None),
        ("甲", Some(100)),
        ("已答", Some(50)),
        ("丙", Some(200)),
    ] {
        let m = s.log_message(id, &message(org, due), at(10)).expect("log");
        if org == "已答" {
            s.answer_message(m, "已說明", at(20)).expect("answer");
        }
    }
    let dues: Vec<(DateTime<Utc>, String)> = s.message_dues(id).expect("dues");
    let expected = [(at(100), "甲"), (at(200), "丙"), (at(300), "乙")];
    assert_eq!(dues, expected.map(|(t, o)| (t, o.to_string())), "open and dated, soonest first");

    let mut add = |action: &str, due: Option<i64>| s.add_follow_up(id, action, "行政主管", due.map(at), at(5)).expect("add");
    let later = add("晚", Some(500));
    let undated = add("未定", None);
    let done = add("已完成", Some(50));
    let sooner = add("早", Some(400));
    let tied = add("同時", Some(400));
    s.set_follow_up_done(done, true, at(60)).expect("done");
    let order: Vec<i64> = s.follow_ups(id).expect("list").iter().map(|f| f.id).collect();
    assert_eq!(
        order,
        [sooner, tied, later, undated, done],
        "open by due time, undated last, then done"
    );
}

#[test]
fn the_lists_read_for_an_incident_s_screen_build_no_temporary_b_tree() {
    let (s, _) = with_tree();
    // Each temporary b-tree had a page cache of its own, allocated and
    // first touched at every read of the screen.
    use crate::store::{
        monitor::MENTION_COUNTS,
        reach::{FOLLOW_UPS, MESSAGE_DUES},
    };
    for sql in [MESSAGE_DUES, FOLLOW_UPS, MENTION_COUNTS] {
        assert_eq!(s.temporary_structures(sql), Vec::<String>::new(), "{sql}");
    }
}
