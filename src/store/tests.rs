use chrono::{Duration, TimeZone};

use super::*;
use crate::domain::Content;
use crate::domain::timeline::ClockAct;
use crate::domain::types::{Category, NoteKind, Rating};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 6, 0, 0).single().expect("time")
}

fn pb(id: &str) -> &'static Playbook {
    Content::builtin().expect("content").playbook(id).expect("playbook")
}

fn declared() -> (Store, i64) {
    let mut s = Store::open_in_memory().expect("open");
    let id = s.declare(pb("data-breach"), 2, "病歷系統遭加密", false, now()).expect("declare");
    (s, id)
}

#[test]
fn declare_copies_the_playbook_and_records_it() {
    let (s, id) = declared();
    let inc = s.incident(id).expect("incident");
    assert_eq!(inc.crisis_type, "data-breach");
    assert_eq!(inc.phase, Phase::Report);
    assert_eq!(inc.declared_at, now());
    let items = s.checklist(id).expect("checklist");
    assert_eq!(items.len(), pb("data-breach").item.len());
    assert!(items.iter().all(|i| i.state == ItemState::Open));
    let first_due = pb("data-breach")
        .item
        .iter()
        .find_map(|i| i.due_minutes)
        .expect("an item with a due offset");
    assert!(items.iter().any(|i| i.due_at == Some(now() + Duration::minutes(first_due))));
    let tl = s.timeline_page(id, None, 10).expect("timeline");
    assert_eq!(tl.len(), 1);
    assert_eq!(tl[0].kind, "incident.declared");
    assert_eq!(tl[0].data["title"], "病歷系統遭加密");
}

#[test]
fn declare_refuses_bad_input() {
    let mut s = Store::open_in_memory().expect("open");
    assert!(matches!(
        s.declare(pb("data-breach"), 5, "x", false, now()),
        Err(StoreError::Invalid(_))
    ));
    assert!(matches!(
        s.declare(pb("data-breach"), 1, "  ", false, now()),
        Err(StoreError::Invalid(_))
    ));
    assert!(s.open_incidents(false).expect("list").is_empty(), "nothing half-written");
}

#[test]
fn handoff_keeps_both_people_on_record() {
    let (mut s, id) = declared();
    let a = s.add_person("王大明", "0912-000-001", "", now()).expect("person");
    let b = s.add_person("李小華", "0912-000-002", "", now()).expect("person");
    s.assign_role(id, "commander", a, now()).expect("assign");
    s.assign_role(id, "legal", a, now()).expect("one person, two roles");
    s.assign_role(id, "commander", b, now() + Duration::hours(8)).expect("handoff");
    let cur = s.current_assignments(id).expect("current");
    assert_eq!(
        cur.iter().find(|x| x.role == "commander").map(|x| x.person_name.as_str()),
        Some("李小華")
    );
    assert_eq!(
        cur.iter().find(|x| x.role == "legal").map(|x| x.person_name.as_str()),
        Some("王大明")
    );
    let hist = s.role_history(id, Some("commander")).expect("history");
    assert_eq!(hist.len(), 2);
    assert_eq!(hist[0].ended_at, Some(now() + Duration::hours(8)));
    assert_eq!(hist[0].handed_to.as_deref(), Some("李小華"));
    let tl = s.timeline_page(id, None, 1).expect("tl");
    assert_eq!(tl[0].kind, "role.handoff");
    assert_eq!(
        (tl[0].data["from"].as_str(), tl[0].data["to"].as_str()),
        (Some("王大明"), Some("李小華"))
    );
    // Assigning the holder again is not a handoff.
    s.assign_role(id, "commander", b, now() + Duration::hours(9)).expect("same");
    assert_eq!(s.role_history(id, Some("commander")).expect("h").len(), 2);
    assert!(s.stand_down(id, "commander", now() + Duration::hours(10)).expect("release"));
    assert!(!s.stand_down(id, "commander", now() + Duration::hours(10)).expect("again"));
    assert!(s.current_assignments(id).expect("c").iter().all(|x| x.role != "commander"));
}

#[test]
fn assigning_a_missing_person_fails_cleanly() {
    let (mut s, id) = declared();
    assert!(matches!(s.assign_role(id, "commander", 999, now()), Err(StoreError::NotFound(_))));
}

#[test]
fn item_states_and_skip_needs_a_note() {
    let (mut s, id) = declared();
    let item = s.checklist(id).expect("c")[0].id;
    assert!(matches!(
        s.set_item_state(item, ItemState::Skipped, " ", now()),
        Err(StoreError::Invalid(_))
    ));
    s.set_item_state(item, ItemState::Done, "", now()).expect("tick");
    assert_eq!(s.checklist(id).expect("c")[0].state, ItemState::Done);
    s.set_item_state(item, ItemState::Skipped, "不適用本所", now()).expect("skip");
    let it = &s.checklist(id).expect("c")[0];
    assert_eq!((it.state, it.note.as_str()), (ItemState::Skipped, "不適用本所"));
    let kinds: Vec<String> = s.timeline_page(id, None, 10).expect("tl").into_iter().map(|e| e.kind).collect();
    assert_eq!(&kinds[..2], ["item.skipped", "item.done"]);
}

#[test]
fn timeline_pages_by_key_newest_first() {
    let (mut s, id) = declared();
    s.bulk_notes(id, 50, now()).expect("bulk");
    let p1 = s.timeline_page(id, None, 10).expect("p1");
    assert_eq!(p1.len(), 10);
    assert!(p1.windows(2).all(|w| w[0].id > w[1].id));
    let p2 = s.timeline_page(id, p1.last().map(|e| e.id), 10).expect("p2");
    assert!(p2[0].id < p1[9].id);
    assert_eq!(s.timeline_newer(id, p2[0].id, 10).expect("newer"), Some(p1[0].id));
    let mut n = 0;
    s.for_each_timeline(id, |_| {
        n += 1;
        Ok(())
    })
    .expect("all");
    assert_eq!(n, 51);
}

#[test]
fn notes_keep_event_and_recording_time_apart() {
    let (mut s, id) = declared();
    let earlier = now() - Duration::minutes(40);
    s.add_note(id, "家屬來電", earlier, now()).expect("note");
    let e = &s.timeline_page(id, None, 1).expect("tl")[0];
    assert_eq!((e.event_at, e.recorded_at), (earlier, now()));
    assert!(matches!(s.add_note(999, "x", now(), now()), Err(StoreError::NotFound(_))));
    assert!(matches!(s.add_note(id, "  ", now(), now()), Err(StoreError::Invalid(_))));
}

#[test]
fn statements_save_and_keep_their_audience() {
    let (mut s, id) = declared();
    let st = s.create_statement(id, Audience::Media, "", now()).expect("create");
    s.save_statement_body(st, "本所深感抱歉。\n第二行", now()).expect("save");
    s.set_statement_audience(st, Audience::Patients, now()).expect("aud");
    let all = s.statements(id).expect("list");
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].body, "本所深感抱歉。\n第二行");
    assert_eq!(all[0].audience, Audience::Patients);
    assert!(matches!(s.save_statement_body(999, "x", now()), Err(StoreError::NotFound(_))));
}

#[test]
fn phase_severity_close_and_clocks() {
    let (mut s, id) = declared();
    s.set_phase(id, Phase::Report, Phase::Convene, now()).expect("phase");
    s.set_severity(id, 2, 1, now()).expect("sev");
    assert!(matches!(s.set_severity(id, 1, 0, now()), Err(StoreError::Invalid(_))));
    s.set_deadline_met(id, "x-clock", "標籤", true, now()).expect("met");
    assert_eq!(s.deadlines_met(id).expect("met").len(), 1);
    s.set_deadline_met(id, "x-clock", "標籤", false, now()).expect("unmet");
    assert!(s.deadlines_met(id).expect("met").is_empty());
    let inc = s.incident(id).expect("i");
    assert_eq!((inc.phase, inc.severity), (Phase::Convene, 1));
    s.close_incident(id, now()).expect("close");
    assert!(s.open_incidents(false).expect("open").is_empty());
    assert!(matches!(
        s.set_phase(999, Phase::Report, Phase::Convene, now()),
        Err(StoreError::NotFound(_))
    ));
}

#[test]
fn demos_sort_after_real_incidents() {
    let mut s = Store::open_in_memory().expect("open");
    let demo = s
        .declare(pb("data-breach"), 2, "demo", true, now() + Duration::hours(1))
        .expect("d");
    let real = s.declare(pb("medical-dispute"), 3, "real", false, now()).expect("r");
    let ids: Vec<i64> = s.open_incidents(false).expect("l").into_iter().map(|i| i.id).collect();
    assert_eq!(ids, [real, demo]);
    assert_eq!(s.default_incident().expect("d"), Some(real));
}

// ---- the file itself ------------------------------------------------------

#[test]
fn a_new_file_is_private_and_configured() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("sub/crisis.db");
    let s = Store::open(&path, true).expect("open");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    let mode: String = s.conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).expect("jm");
    assert_eq!(mode, "wal");
    let sync: i64 = s.conn.query_row("PRAGMA synchronous", [], |r| r.get(0)).expect("sync");
    assert_eq!(sync, 2, "FULL");
    let fk: i64 = s.conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0)).expect("fk");
    assert_eq!(fk, 1);
    let app: i32 = s.conn.query_row("PRAGMA application_id", [], |r| r.get(0)).expect("app");
    assert_eq!(app, APPLICATION_ID);
    let v: i64 = s.conn.query_row("PRAGMA user_version", [], |r| r.get(0)).expect("v");
    assert_eq!(v, SCHEMA_VERSION);
    assert!(s.integrity_ok().expect("check"));
}

#[test]
fn data_survives_reopening() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("c.db");
    let id = {
        let mut s = Store::open(&path, false).expect("open");
        s.declare(pb("public-health"), 1, "群聚", false, now()).expect("declare")
    };
    let s = Store::open(&path, false).expect("reopen");
    assert_eq!(s.incident(id).expect("i").title, "群聚");
}

#[test]
fn a_missing_directory_is_named_not_created() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("no/such/dir/c.db");
    match Store::open(&path, false) {
        Err(StoreError::MissingDir(p)) => assert!(p.ends_with("no/such/dir")),
        other => panic!("expected MissingDir, got {:?}", other.err()),
    }
    assert!(!dir.path().join("no").exists());
}

#[test]
fn a_file_that_is_not_a_database_is_refused_and_kept() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("notes.db");
    let junk = "這不是資料庫 — just some text that is long enough to fill a header page. ".repeat(20);
    std::fs::write(&path, &junk).expect("write");
    let err = Store::open(&path, false).err().expect("must refuse");
    assert!(matches!(err, StoreError::NotADatabase(_)), "{err:?}");
    assert!(err.to_string().contains("not a crisisdesk database"));
    assert_eq!(std::fs::read_to_string(&path).expect("read"), junk, "the file is untouched");
}

#[test]
fn a_newer_schema_is_refused() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("c.db");
    drop(Store::open(&path, false).expect("create"));
    {
        let c = Connection::open(&path).expect("raw");
        c.pragma_update(None, "user_version", 99).expect("bump");
    }
    let err = Store::open(&path, false).err().expect("refuse");
    assert_eq!(
        err,
        StoreError::NewerSchema {
            found: 99,
            supported: SCHEMA_VERSION
        }
    );
    assert!(err.to_string().contains("newer crisisdesk"));
}

#[test]
fn another_programs_database_is_refused() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("other.db");
    {
        let c = Connection::open(&path).expect("raw");
        c.execute_batch("CREATE TABLE t (x INTEGER);").expect("t");
    }
    assert!(matches!(Store::open(&path, false), Err(StoreError::Foreign(_))));
    {
        let c = Connection::open(&path).expect("raw");
        c.pragma_update(None, "application_id", 1234).expect("id");
    }
    assert!(matches!(Store::open(&path, false), Err(StoreError::Foreign(_))));
}

#[test]
fn a_write_while_another_writer_holds_the_lock_reports_busy() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("c.db");
    let mut s = Store::open(&path, false).expect("open");
    s.conn.busy_timeout(std::time::Duration::from_millis(50)).expect("short timeout");
    let other = Connection::open(&path).expect("other");
    other.execute_batch("BEGIN IMMEDIATE;").expect("lock");
    let err = s.add_person("王", "", "", now()).expect_err("busy");
    assert_eq!(err, StoreError::Busy);
    other.execute_batch("ROLLBACK;").expect("unlock");
    s.add_person("王", "", "", now()).expect("now it works");
}

/// A data breach with commander, legal and communications staffed, and one
/// draft press release.
fn staffed_with_draft() -> (Store, i64, i64) {
    let (mut s, id) = declared();
    for (role, name) in [("commander", "林院長"), ("legal", "黃律師"), ("communications", "陳公關")] {
        let p = s.add_person(name, "", "", now()).expect("person");
        s.assign_role(id, role, p, now()).expect("assign");
    }
    let st = s.create_statement(id, Audience::Media, "本診所深感抱歉。", now()).expect("create");
    (s, id, st)
}

fn at(m: i64) -> DateTime<Utc> {
    now() + Duration::minutes(m)
}

#[test]
fn no_release_without_review_and_approval() {
    let (mut s, _, st) = staffed_with_draft();
    let refused = |r: Result<StatementState>| matches!(r, Err(StoreError::Refused(_)));
    assert!(
        refused(s.statement_step(st, Step::Release, false, at(1))),
        "a draft cannot be released"
    );
    assert_eq!(
        s.statement_step(st, Step::Submit, false, at(1)).expect("submit"),
        StatementState::Review
    );
    assert!(
        refused(s.advance_for_tests(st, Step::Approve, at(2))),
        "approval needs legal's review first"
    );
    assert!(refused(s.statement_step(st, Step::Release, false, at(2))), "review is not approval");
    s.advance_for_tests(st, Step::Review, at(3)).expect("review");
    assert_eq!(
        s.advance_for_tests(st, Step::Approve, at(4)).expect("approve"),
        StatementState::Approved
    );
    assert!(
        refused(s.statement_step(st, Step::Release, true, at(5))),
        "personal data blocks release"
    );
    assert_eq!(
        s.statement_step(st, Step::Release, false, at(6)).expect("release"),
        StatementState::Released
    );
    let (_, stmt) = s.statement(st).expect("statement");
    assert_eq!(stmt.reviewed_by.as_deref(), Some("黃律師"));
    assert_eq!(stmt.approved_by.as_deref(), Some("林院長"));
    // Every step is on the timeline with who and in what role.
    let tl = s.timeline_page(stmt_incident(&s, st), None, 50).expect("timeline");
    let steps: Vec<(&str, &str, &str)> = tl
        .iter()
        .filter(|e| e.kind.starts_with("statement.") && e.kind != "statement.created")
        .map(|e| {
            (
                e.kind.as_str(),
                e.data["role"].as_str().unwrap_or(""),
                e.data["person"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        steps,
        vec![
            ("statement.released", "communications", "陳公關"),
            ("statement.approved", "commander", "林院長"),
            ("statement.reviewed", "legal", "黃律師"),
            ("statement.submitted", "communications", "陳公關"),
        ]
    );
}

fn stmt_incident(s: &Store, st: i64) -> i64 {
    s.statement(st).expect("statement").0
}

#[test]
fn review_needs_the_legal_holder_and_approval_the_commander() {
    let (mut s, id) = declared();
    let st = s.create_statement(id, Audience::Media, "內文", now()).expect("create");
    s.statement_step(st, Step::Submit, false, at(1))
        .expect("submit without a spokesperson");
    assert!(matches!(
        s.advance_for_tests(st, Step::Review, at(2)),
        Err(StoreError::Refused("desk.refuse.no_legal"))
    ));
    let p = s.add_person("黃律師", "", "", now()).expect("p");
    s.assign_role(id, "legal", p, at(3)).expect("assign");
    s.advance_for_tests(st, Step::Review, at(4)).expect("review");
    assert!(matches!(
        s.advance_for_tests(st, Step::Approve, at(5)),
        Err(StoreError::Refused("desk.refuse.no_commander"))
    ));
}

#[test]
fn a_released_text_is_frozen_and_editing_starts_a_new_version() {
    let (mut s, id, st) = staffed_with_draft();
    for (i, step) in [Step::Submit, Step::Review, Step::Approve, Step::Release].into_iter().enumerate() {
        s.advance_for_tests(st, step, at(i as i64 + 1)).expect("step");
    }
    // The body cannot change once released, through the store...
    assert!(matches!(s.save_statement_body(st, "改過的", at(10)), Err(StoreError::Invalid(_))));
    // ...nor behind its back: the database refuses to touch a released version.
    let tamper = s
        .conn
        .execute("UPDATE statement_version SET body = 'x' WHERE statement_id = ?1", [st]);
    assert!(tamper.is_err(), "the trigger must refuse");
    let v1 = s.statement_versions(st).expect("versions");
    assert_eq!(v1.len(), 1);
    assert_eq!(v1[0].body, "本診所深感抱歉。");
    assert_eq!(v1[0].sha256, crate::domain::desk::sha256_hex("本診所深感抱歉。"));
    assert_eq!((v1[0].reviewed_by.as_str(), v1[0].approved_by.as_str()), ("黃律師", "林院長"));

    // A change after release is a new version, back through review.
    assert_eq!(
        s.statement_step(st, Step::NewVersion, false, at(11)).expect("v2"),
        StatementState::Draft
    );
    s.save_statement_body(st, "本診所深感抱歉。更新：已完成鑑識。", at(12))
        .expect("edit v2");
    let (_, stmt) = s.statement(st).expect("statement");
    assert_eq!((stmt.version, stmt.reviewed_by.clone()), (2, None), "approvals do not carry over");
    assert!(matches!(
        s.statement_step(st, Step::Release, false, at(13)),
        Err(StoreError::Refused(_))
    ));
    for (i, step) in [Step::Submit, Step::Review, Step::Approve, Step::Release].into_iter().enumerate() {
        s.advance_for_tests(st, step, at(20 + i as i64)).expect("step v2");
    }
    let all = s.statement_versions(st).expect("versions");
    assert_eq!(all.iter().map(|v| v.version).collect::<Vec<_>>(), [1, 2]);
    assert_eq!(all[0].body, "本診所深感抱歉。", "v1 is untouched");
    // The update clock runs from the newest release to each audience.
    let latest = s.latest_releases(id).expect("latest");
    assert_eq!(latest.len(), 1);
    assert_eq!((latest[0].version, latest[0].released_at), (2, at(23)));
}

#[test]
fn reopening_voids_the_review_and_withdrawal_is_recorded() {
    let (mut s, id, st) = staffed_with_draft();
    s.statement_step(st, Step::Submit, false, at(1)).expect("submit");
    s.advance_for_tests(st, Step::Review, at(2)).expect("review");
    assert!(s.save_statement_body(st, "x", at(3)).is_err(), "no edits while in review");
    s.statement_step(st, Step::Reopen, false, at(4)).expect("reopen");
    let (_, stmt) = s.statement(st).expect("statement");
    assert_eq!((stmt.state, stmt.reviewed_by), (StatementState::Draft, None));
    s.save_statement_body(st, "修正後", at(5)).expect("edit after reopen");
    s.statement_step(st, Step::Withdraw, false, at(6)).expect("withdraw");
    let tl = s.timeline_page(id, None, 1).expect("tl");
    assert_eq!(tl[0].kind, "statement.withdrawn");
    assert_eq!(tl[0].data["person"], "林院長");
}

#[test]
fn profile_and_private_persons() {
    let (mut s, id) = declared();
    s.set_profile("hotline", " 02-2345-6789 ", now()).expect("set");
    s.set_profile("hotline", "02-2345-0000", now()).expect("overwrite");
    assert!(matches!(s.set_profile("colour", "red", now()), Err(StoreError::Invalid(_))));
    assert_eq!(s.profile().expect("profile").get("hotline"), "02-2345-0000");
    let p = s.add_private_person(id, "王小明", "病患", now()).expect("add");
    assert!(
        s.add_private_person(id, "王", "", now()).is_err(),
        "a one-character name would match everywhere"
    );
    assert_eq!(s.private_persons(id).expect("list")[0].name, "王小明");
    // The timeline says someone was listed, never who.
    let tl = s.timeline_page(id, None, 1).expect("tl");
    assert_eq!(tl[0].kind, "private.added");
    assert!(!tl[0].data.to_string().contains("王小明"));
    s.remove_private_person(p, now()).expect("remove");
    assert!(s.private_persons(id).expect("list").is_empty());
}

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
