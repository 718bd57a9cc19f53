//! The store: declaring, roles, the checklist, files and locks.

mod monitor;
mod prepare;
mod reach;
mod statements;
mod verify;

pub(super) use chrono::{Duration, TimeZone};

pub(super) use super::*;
pub(super) use crate::domain::Content;
pub(super) use crate::domain::timeline::ClockAct;
pub(super) use crate::domain::types::{Category, NoteKind, Rating};

pub(super) fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 6, 0, 0).single().expect("time")
}

pub(super) fn pb(id: &str) -> &'static Playbook {
    Content::builtin().expect("content").playbook(id).expect("playbook")
}

pub(super) fn declared() -> (Store, i64) {
    let mut s = Store::open_in_memory().expect("open");
    let id = s.declare(pb("data-breach"), 2, "病歷系統遭加密", false, now()).expect("declare");
    (s, id)
}

#[test]
fn the_bundled_sqlite_is_built_with_the_options_for_speed() {
    // Set in .cargo/config.toml, which cargo reads only for builds run in
    // the repository (and a LIBSQLITE3_FLAGS already in the environment
    // wins). A build without them works, only starts slower.
    let s = Store::open_in_memory().expect("store");
    let options: Vec<String> = s
        .conn
        .prepare("SELECT compile_options FROM pragma_compile_options")
        .expect("pragma")
        .query_map([], |r| r.get(0))
        .expect("rows")
        .collect::<rusqlite::Result<_>>()
        .expect("options");
    for want in ["DEFAULT_MEMSTATUS=0", "USE_ALLOCA"] {
        assert!(
            options.iter().any(|o| o == want),
            "{want} is not in the bundled SQLite ({options:?}): built outside the repository, or LIBSQLITE3_FLAGS overrode .cargo/config.toml"
        );
    }
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
    assert!(s.open_incidents(false, 200).expect("list").is_empty(), "nothing half-written");
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
    assert!(s.open_incidents(false, 200).expect("open").is_empty());
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
    let ids: Vec<i64> = s.open_incidents(false, 200).expect("l").into_iter().map(|i| i.id).collect();
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

/// Opening a file that is already current takes no write lock, so a
/// console opens while another process is in the middle of a write (it
/// used to wait for it, or give up after the busy timeout). The check
/// that lets it skip the migration still notices a missing generation.
#[test]
fn reopening_needs_no_write_lock_yet_restores_a_missing_generation() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("c.db");
    let first = Store::open(&path, false).expect("open").generation().expect("gen");
    assert_eq!(first.len(), 16);
    {
        let writer = Connection::open(&path).expect("raw");
        writer.execute_batch("BEGIN IMMEDIATE").expect("hold the write lock");
        // Taking the write lock would wait out the busy timeout and fail.
        let again = Store::open(&path, false).expect("opens beside a writer");
        assert_eq!(again.generation().expect("gen"), first);
        writer.execute_batch("ROLLBACK").expect("rollback");
    }
    {
        let c = Connection::open(&path).expect("raw");
        c.execute("DELETE FROM meta WHERE key = 'generation'", []).expect("delete");
    }
    let renewed = Store::open(&path, false).expect("reopen").generation().expect("gen");
    assert_eq!(renewed.len(), 16, "the generation is back");
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

/// A store with a short busy timeout, and another connection holding the
/// write lock on its file (the directory keeps the file while it lives).
fn beside_a_writer() -> (tempfile::TempDir, Store, Connection) {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("c.db");
    let s = Store::open(&path, false).expect("open");
    s.conn.busy_timeout(std::time::Duration::from_millis(50)).expect("short timeout");
    let other = Connection::open(&path).expect("other");
    other.execute_batch("BEGIN IMMEDIATE;").expect("lock");
    (dir, s, other)
}

#[test]
fn a_write_while_another_writer_holds_the_lock_reports_busy() {
    let (_dir, mut s, other) = beside_a_writer();
    let err = s.add_person("王", "", "", now()).expect_err("busy");
    assert_eq!(err, StoreError::Busy);
    other.execute_batch("ROLLBACK;").expect("unlock");
    s.add_person("王", "", "", now()).expect("now it works");
}

/// Verify must find the record whole.
pub(super) fn verify_ok(s: &Store, id: i64) {
    if let Err(b) = s.verify(id).expect("verify") {
        panic!("{}", b.msg());
    }
}

/// What verify says after `sql` edits the file behind the app's back; the
/// edit is undone afterwards.
pub(super) fn broken_by(s: &Store, id: i64, sql: &str) -> String {
    s.conn.execute_batch(&format!("SAVEPOINT t; {sql}")).expect("edit");
    let r = s.verify(id).expect("verify");
    s.conn.execute_batch("ROLLBACK TO t; RELEASE t;").expect("undo");
    match r {
        Err(b) => b.msg().to_string(),
        Ok(_) => panic!("not caught: {sql}"),
    }
}

/// The open count stops at the cap, however many are open, and the
/// screens then say "99+".
#[test]
fn the_open_count_is_bounded() {
    let mut s = Store::open_in_memory().expect("open");
    for i in 0..crate::store::OPEN_COUNT_CAP + 20 {
        s.declare(pb("data-breach"), 2, &format!("事件 {i}"), false, now())
            .expect("declare");
    }
    assert_eq!(s.open_incident_count(false).expect("count"), crate::store::OPEN_COUNT_CAP);
    let mut few = Store::open_in_memory().expect("open");
    few.declare(pb("data-breach"), 2, "一件", false, now()).expect("declare");
    assert_eq!(few.open_incident_count(false).expect("count"), 1);
}

#[test]
fn a_statement_compiles_once_whatever_values_it_runs_with() {
    let (s, id) = declared();
    let mut st = s
        .conn
        .prepare("SELECT id FROM timeline_entry WHERE incident_id = ?1 AND id < ?2 ORDER BY id DESC LIMIT ?3")
        .expect("prepare");
    for (before, limit) in [(i64::MAX, 10), (i64::MAX, 20), (5, 3)] {
        let n = st
            .query_map(rusqlite::params![id, before, limit], |r| r.get::<_, i64>(0))
            .expect("query")
            .count();
        assert!(n > 0);
    }
    // Without the planner's stability guarantee each new LIMIT compiled it again.
    assert_eq!(st.get_status(rusqlite::StatementStatus::RePrepare), 0);
}

#[test]
fn a_start_with_no_draft_to_recover_waits_for_no_other_writer() {
    let (_dir, mut s, other) = beside_a_writer();
    assert_eq!(s.take_recovered_drafts(|_| false), Ok(Vec::new()), "nothing marked: no lock needed");
    other.execute_batch("ROLLBACK;").expect("unlock");
}

#[test]
fn the_reads_of_a_snapshot_see_one_moment_and_the_transaction_ends() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("s.db");
    let mut s = Store::open(&path, false).expect("open");
    s.add_person("王", "", "", now()).expect("person");
    let mut other = Store::open(&path, false).expect("other");
    let (before, after) = s
        .snapshot(|s| -> Result<(usize, usize)> {
            let before = s.persons()?.len();
            other.add_person("李", "", "", now()).expect("another console writes");
            Ok((before, s.persons()?.len()))
        })
        .expect("snapshot");
    assert_eq!((before, after), (1, 1), "the other console's write is not half in");
    assert!(s.conn.is_autocommit(), "the read transaction ended");
    assert_eq!(s.persons().expect("persons").len(), 2, "the next read sees it");
    // A failing read ends it too.
    let err = s.snapshot(|_| -> Result<()> { Err(StoreError::Busy) });
    assert_eq!(err, Err(StoreError::Busy));
    assert!(s.conn.is_autocommit());
    // Inside a transaction already, the reads join it and leave it open.
    s.conn.execute_batch("BEGIN").expect("begin");
    assert_eq!(s.snapshot(|s| s.persons().map(|p| p.len())), Ok(2));
    assert!(!s.conn.is_autocommit(), "the caller's transaction is the caller's to end");
    s.conn.execute_batch("ROLLBACK").expect("rollback");
}
