//! The hash chain and the record it covers, and writers racing each other.

use super::statements::{at, staffed_with_draft};
use super::*;

/// A record with notes, a ticked item, a handoff and a release.
fn chained() -> (Store, i64) {
    let (mut s, id, st) = staffed_with_draft();
    let item = s.checklist(id).expect("c")[0].id;
    s.set_item_state(item, ItemState::Done, "", at(1)).expect("tick");
    s.add_note(id, "第一則", at(2), at(2)).expect("note");
    s.add_note(id, "第二則", at(3), at(3)).expect("note");
    for (i, step) in [Step::Submit, Step::Review, Step::Approve, Step::Release].into_iter().enumerate() {
        s.advance_for_tests(st, step, at(4 + i as i64)).expect("step");
    }
    s.add_note(id, "最後一則", at(9), at(9)).expect("note");
    (s, id)
}

fn broken_at(s: &Store, id: i64) -> Broken {
    s.verify(id).expect("verify ran").expect_err("must be broken")
}

#[test]
fn an_untouched_chain_verifies_and_its_head_moves_with_each_entry() {
    let (mut s, id) = chained();
    let ok = s.verify(id).expect("verify").expect("whole");
    let n = s.timeline_page(id, None, 1000).expect("tl").len() as i64;
    assert_eq!(ok.length, n);
    assert_eq!(ok, s.chain_head(id).expect("head"));
    s.add_note(id, "再一則", at(10), at(10)).expect("note");
    let next = s.verify(id).expect("verify").expect("whole");
    assert_ne!(next.head, ok.head);
    assert_eq!(next.length, n + 1);
}

#[test]
fn an_edited_entry_is_caught_at_that_entry() {
    let (s, id) = chained();
    let target: i64 = s
        .conn
        .query_row(
            "SELECT id FROM timeline_entry WHERE kind = 'note' AND data LIKE '%第一則%'",
            [],
            |r| r.get(0),
        )
        .expect("id");
    s.conn
        .execute(
            "UPDATE timeline_entry SET data = replace(data, '第一則', '竄改') WHERE id = ?1",
            [target],
        )
        .expect("tamper");
    let b = broken_at(&s, id);
    assert_eq!(b.entry, Some(target));
    assert!(b.reason.to_string().contains("changed"), "{b}");
}

#[test]
fn a_deleted_entry_is_caught_in_the_middle_and_at_the_end() {
    let (s, id) = chained();
    let ids: Vec<i64> = s.timeline_page(id, None, 1000).expect("tl").iter().rev().map(|e| e.id).collect();
    s.conn
        .execute("DELETE FROM timeline_entry WHERE id = ?1", [ids[3]])
        .expect("delete");
    assert_eq!(broken_at(&s, id).entry, Some(ids[4]), "the entry after the gap no longer follows");

    let (s, id) = chained();
    s.conn
        .execute("DELETE FROM timeline_entry WHERE id = (SELECT max(id) FROM timeline_entry)", [])
        .expect("delete last");
    let b = broken_at(&s, id);
    assert!(b.entry.is_none() && b.reason.to_string().contains("deleted"), "{b}");
}

#[test]
fn a_checklist_state_or_a_released_text_changed_behind_the_chain_is_caught() {
    let (s, id) = chained();
    s.conn
        .execute("UPDATE checklist_item SET state = 'done' WHERE incident_id = ?1 AND seq = 5", [id])
        .expect("tamper item");
    assert!(broken_at(&s, id).reason.to_string().contains("checklist item"));

    let (s, id) = chained();
    s.conn
        .execute_batch("DROP TRIGGER statement_version_frozen; UPDATE statement_version SET body = '改過的聲明';")
        .expect("tamper release");
    assert!(broken_at(&s, id).reason.to_string().contains("released text"));
}

#[test]
fn a_role_holder_changed_or_removed_behind_the_chain_is_caught() {
    let (s, id) = chained();
    s.conn
        .execute("UPDATE assignment SET person_name = '冒名者' WHERE role = 'legal'", [])
        .expect("tamper holder");
    assert!(broken_at(&s, id).reason.to_string().contains("legal"), "{}", broken_at(&s, id));
    let (s, id) = chained();
    s.conn
        .execute("DELETE FROM assignment WHERE role = 'commander'", [])
        .expect("delete");
    assert!(
        broken_at(&s, id).reason.to_string().contains("added or removed"),
        "{}",
        broken_at(&s, id)
    );
}

#[test]
fn release_is_refused_inside_the_write_when_a_private_name_appears_meanwhile() {
    let (mut s, id, st) = staffed_with_draft();
    s.save_statement_body(st, "本診所深感抱歉，王小明的家屬已獲說明。", now())
        .expect("body");
    for step in [Step::Submit, Step::Review, Step::Approve] {
        s.advance_for_tests(st, step, at(1)).expect("step");
    }
    // Another console lists the patient after this one checked the text.
    s.add_private_person(id, "王小明", "病患", at(2)).expect("private");
    let r = s.statement_step(st, Step::Release, false, at(3));
    assert!(
        matches!(r, Err(StoreError::Refused("desk.refuse.blocked"))),
        "release must be refused"
    );
    assert!(s.statement_versions(st).expect("versions").is_empty());
}

#[test]
fn a_console_that_missed_another_ones_change_is_refused_not_believed() {
    let (mut s, id) = declared();
    s.set_phase(id, Phase::Report, Phase::Convene, now()).expect("first console");
    // The second console still thinks the phase is Report.
    let r = s.set_phase(id, Phase::Report, Phase::Convene, now());
    assert!(matches!(r, Err(StoreError::Invalid(m)) if m.to_string().contains("another console")));
    assert!(
        matches!(s.set_severity(id, 3, 2, now()), Err(StoreError::Invalid(_))),
        "severity was 2, not 3"
    );
    assert!(
        matches!(s.set_phase(999, Phase::Report, Phase::Convene, now()), Err(StoreError::NotFound(m)) if m.to_string() == "incident 999")
    );
    let phases = s
        .timeline_page(id, None, 10)
        .expect("tl")
        .iter()
        .filter(|e| e.kind == "incident.phase")
        .count();
    assert_eq!(phases, 1, "no false entry recorded");
}

#[test]
fn a_draft_another_running_console_autosaved_is_not_taken_as_recovered() {
    let (mut s, _id, st) = staffed_with_draft();
    s.save_draft(st, "打字中", 4242, now()).expect("autosave by pid 4242");
    assert!(
        s.take_recovered_drafts(|pid| pid == 4242).expect("take").is_empty(),
        "that console still runs"
    );
    assert_eq!(s.take_recovered_drafts(|_| false).expect("take"), vec![st], "its process is gone");
    assert!(s.take_recovered_drafts(|_| false).expect("take").is_empty(), "taken once");
}

#[test]
fn a_sign_off_vouches_for_one_exact_text() {
    let (mut s, _, st) = staffed_with_draft();
    s.statement_step(st, Step::Submit, false, at(1)).expect("submit");
    // A sign-off cannot be taken without naming the version.
    assert!(matches!(
        s.statement_step(st, Step::Review, false, at(2)),
        Err(StoreError::Invalid(_))
    ));
    // Nor for a text other than the one stored.
    let stale = sha256_hex("本診所深感抱歉。（舊版）");
    assert!(matches!(
        s.sign_off(st, Step::Review, &stale, at(2)),
        Err(StoreError::Refused("desk.refuse.changed"))
    ));
    let sha = sha256_hex("本診所深感抱歉。");
    s.sign_off(st, Step::Review, &sha, at(3)).expect("review");
    let e = s.timeline_page(1, None, 1).expect("page").remove(0);
    assert_eq!(e.kind, "statement.reviewed");
    assert_eq!(e.data["sha256"], sha.as_str());
    assert_eq!(e.data["person"], "黃律師");
}

#[test]
fn a_template_blank_stops_review_inside_the_write() {
    let (mut s, _, st) = staffed_with_draft();
    s.save_statement_body(st, "【診所名稱】對此事件深感抱歉。", now()).expect("body");
    s.statement_step(st, Step::Submit, false, at(1))
        .expect("a draft with blanks may go to legal");
    // The console's own check said nothing (blocking = false): the store finds the blank.
    let r = s.advance_for_tests(st, Step::Review, at(2));
    assert!(matches!(r, Err(StoreError::Refused("desk.refuse.blocked"))), "{r:?}");
}

#[test]
fn every_entry_names_the_operator_and_the_chain_covers_it() {
    let (mut s, id) = declared();
    s.set_operator(Some(" 林志明 ".into()));
    s.add_note(id, "櫃台回報", now(), now()).expect("note");
    s.set_operator(None);
    s.add_note(id, "無人具名", now(), now()).expect("note");
    let page = s.timeline_page(id, None, 3).expect("page");
    assert_eq!(page[0].operator.as_deref(), Some(""));
    assert_eq!(page[1].operator.as_deref(), Some("林志明"));
    assert!(s.verify(id).expect("verify").is_ok());
    // Changing who was at the keyboard behind the console's back breaks the chain.
    s.conn
        .execute("UPDATE timeline_entry SET operator = '陳雅婷' WHERE id = ?1", [page[1].id])
        .expect("tamper");
    let broken = s.verify(id).expect("verify").expect_err("tampered");
    assert_eq!(broken.entry, Some(page[1].id));
}

#[test]
fn a_new_version_can_be_discarded_back_to_the_released_text() {
    let (mut s, _, st) = staffed_with_draft();
    for step in [Step::Submit, Step::Review, Step::Approve, Step::Release] {
        s.advance_for_tests(st, step, at(1)).expect("step");
    }
    // Nothing to discard while released.
    assert!(matches!(
        s.statement_step(st, Step::Discard, false, at(2)),
        Err(StoreError::Refused(_))
    ));
    s.statement_step(st, Step::NewVersion, false, at(3)).expect("v2");
    s.save_statement_body(st, "本診所深感抱歉。改寫中", at(4)).expect("edit");
    assert_eq!(
        s.statement_step(st, Step::Discard, false, at(5)).expect("discard"),
        StatementState::Released
    );
    let (_, stmt) = s.statement(st).expect("statement");
    assert_eq!((stmt.version, stmt.body.as_str(), stmt.prior_state), (1, "本診所深感抱歉。", None));
    assert_eq!(
        stmt.approved_by.as_deref(),
        Some("林院長"),
        "the released version's sign-offs come back"
    );
    assert_eq!(s.statement_versions(st).expect("versions").len(), 1);
    // A second new version starts again from version 1.
    s.statement_step(st, Step::NewVersion, false, at(6)).expect("v2 again");
    assert_eq!(s.statement(st).expect("statement").1.version, 2);
}

/// A drill that has touched every table of the record: the incident row,
/// briefing, checklist, assignments, a released statement, a met deadline,
/// the drill clock, injects, a rating, review notes and the improvement plan.
fn full_record() -> (Store, i64) {
    let mut s = Store::open_in_memory().expect("store");
    let content = Content::builtin().expect("content");
    let (sc, src) = crate::domain::drill::library(content).expect("library")[0].clone();
    let pb = content.playbook(&sc.crisis_type).expect("playbook");
    let id = s.start_drill(pb, &sc, src, now()).expect("drill");
    s.set_briefing(id, "nature", "雷射灼傷", at(1)).expect("briefing");
    s.set_phase(id, crate::domain::Phase::Report, crate::domain::Phase::Convene, at(1))
        .expect("phase");
    s.set_severity(id, sc.severity, 1, at(1)).expect("severity");
    for (role, name) in [("commander", "林院長"), ("legal", "黃律師"), ("communications", "陳公關")] {
        let p = s.add_person(name, "", "", now()).expect("person");
        s.assign_role(id, role, p, at(2)).expect("assign");
    }
    let item = s.checklist(id).expect("c")[0].id;
    s.set_item_state(item, ItemState::Done, "", at(3)).expect("tick");
    let st = s
        .create_statement(id, Audience::Media, "本診所深感抱歉。", at(3))
        .expect("statement");
    for step in [Step::Submit, Step::Review, Step::Approve, Step::Release] {
        s.advance_for_tests(st, step, at(4)).expect("step");
    }
    let clock_id = pb.deadline.first().map(|c| c.id.clone()).expect("a clock");
    s.set_deadline_met(id, &clock_id, "", true, at(5)).expect("met");
    let mut clock = crate::domain::drill::DrillClock::default();
    clock.run(at(5));
    s.set_drill_clock(id, &clock, ClockAct::Started, at(5)).expect("start");
    s.record_inject(id, &sc.inject[0], false, false, 0, at(6)).expect("inject");
    s.mark_answered(id, sc.inject[0].number, "manual", at(7)).expect("answered");
    s.rate_objective(id, &sc.objective[0].id, Rating::S, "慢了", at(8)).expect("rate");
    s.add_after_action_note(id, NoteKind::Strength, "分工清楚", at(8)).expect("note");
    s.add_improvement(id, "更新通報名單", "行政主管", "2026-12-31", Category::Planning, at(8))
        .expect("improvement");
    s.close_incident(id, at(9)).expect("close");
    (s, id)
}

/// `verify` covers every table that holds the record: an edit made with
/// plain SQL to any one of them is caught, and says which.
#[test]
fn an_edit_to_any_table_of_the_record_is_caught() {
    let (s, id) = full_record();
    assert!(s.verify(id).expect("verify").is_ok(), "{:?}", s.verify(id));
    for (sql, says) in [
        ("UPDATE incident SET title = '改過的標題'", "title"),
        ("UPDATE incident SET severity = 3", "severity"),
        ("UPDATE incident SET phase = 'recover'", "phase"),
        ("UPDATE incident SET status = 'open', closed_at = NULL", "status"),
        ("UPDATE incident SET declared_at = '2020-01-01T00:00:00.000Z'", "declaration"),
        ("UPDATE incident SET is_drill = 0", "drill"),
        ("UPDATE briefing SET value = '沒事'", "briefing"),
        ("INSERT INTO briefing VALUES (1, 'risks', '無', 'x')", "briefing"),
        ("UPDATE checklist_item SET state = 'done' WHERE seq = 3", "checklist"),
        (
            "UPDATE assignment SET started_at = '2020-01-01T00:00:00.000Z' WHERE role = 'legal'",
            "legal",
        ),
        (
            "UPDATE assignment SET ended_at = '2026-11-24T07:00:00.000Z' WHERE role = 'commander'",
            "commander",
        ),
        ("UPDATE statement SET reviewed_by = '冒名律師'", "sign-offs"),
        ("UPDATE statement SET state = 'draft'", "statement"),
        ("DELETE FROM clock_met", "deadline"),
        ("UPDATE clock_met SET met_at = '2020-01-01T00:00:00.000Z'", "deadline"),
        ("UPDATE drill SET scenario_src = scenario_src || ' '", "scenario"),
        ("UPDATE drill SET speed = 5", "clock"),
        ("UPDATE drill_inject SET answered_at = NULL", "inject"),
        ("UPDATE drill_inject SET skipped = 1", "inject"),
        ("UPDATE drill_rating SET rating = 'P'", "rating"),
        ("DELETE FROM drill_rating", "rating"),
        ("UPDATE review_note SET text = '一切完美'", "after-action note"),
        ("UPDATE improvement SET owner = '沒有人'", "improvement"),
        ("DELETE FROM improvement", "improvement"),
    ] {
        let (s, id) = full_record();
        s.conn.execute_batch(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
        let b = s
            .verify(id)
            .expect("verify ran")
            .err()
            .unwrap_or_else(|| panic!("not caught: {sql}"));
        assert!(b.reason.to_string().contains(says), "{sql}: {}", b.reason);
    }
}
