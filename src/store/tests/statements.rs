//! Statements: the sign-off steps, frozen releases, the profile and private persons.

use super::*;

/// A data breach with commander, legal and communications staffed, and one
/// draft press release.
pub(super) fn staffed_with_draft() -> (Store, i64, i64) {
    let (mut s, id) = declared();
    for (role, name) in [("commander", "林院長"), ("legal", "黃律師"), ("communications", "陳公關")] {
        let p = s.add_person(name, "", "", now()).expect("person");
        s.assign_role(id, role, p, now()).expect("assign");
    }
    let st = s.create_statement(id, Audience::Media, "本診所深感抱歉。", now()).expect("create");
    (s, id, st)
}

pub(super) fn at(m: i64) -> DateTime<Utc> {
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

pub(super) fn stmt_incident(s: &Store, st: i64) -> i64 {
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

/// The list the console reloads on every action reads the index alone: a
/// 5,000-line draft's text is never walked to reach the columns after it.
#[test]
fn the_statement_list_leaves_the_text_out_and_reads_only_the_index() {
    let (mut s, id, st) = staffed_with_draft();
    let long = "本診所已於今日上午發現預約系統異常，並立即啟動應變小組。\n".repeat(5_000);
    s.save_statement_body(st, &long, at(1)).expect("save");
    s.statement_step(st, Step::Submit, false, at(2)).expect("submit");
    let list = s.statement_list(id).expect("list");
    let full = s.statements(id).expect("statements");
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].body, "", "the list carries no text");
    assert_eq!(full[0].body, long);
    // Everything else is the same as the whole statement.
    let without_text = Statement {
        body: String::new(),
        ..full[0].clone()
    };
    assert_eq!(list[0], without_text);
    let cols = crate::store::statements::STATEMENT_COLS.replacen("body", "'' AS body", 1);
    let plan: Vec<String> = s
        .conn
        .prepare(&format!(
            "EXPLAIN QUERY PLAN SELECT {cols} FROM statement WHERE incident_id = ?1 ORDER BY id"
        ))
        .expect("plan")
        .query_map([id], |r| r.get::<_, String>(3))
        .expect("rows")
        .collect::<rusqlite::Result<_>>()
        .expect("plan rows");
    assert!(plan.iter().any(|p| p.contains("COVERING INDEX statement_list")), "{plan:?}");
    // At start, the drafts an autosave left marked are found the same way.
    let plan: String = s
        .conn
        .query_row(
            "EXPLAIN QUERY PLAN SELECT id, autosaved FROM statement WHERE autosaved != 0 ORDER BY id",
            [],
            |r| r.get(3),
        )
        .expect("plan");
    assert!(plan.contains("COVERING INDEX statement_autosaved"), "{plan}");
}

#[test]
fn the_autosave_writes_only_into_the_record_of_its_generation() {
    let (mut s, _, st) = staffed_with_draft();
    let generation = s.generation().expect("generation");
    assert!(!generation.is_empty());
    let refused = s.autosave_draft("another-record", st, "不該寫入", 77, at(1));
    assert!(matches!(refused, Err(StoreError::Invalid(_))), "{refused:?}");
    assert_eq!(s.statement(st).expect("st").1.body, "本診所深感抱歉。", "nothing written");
    s.autosave_draft(&generation, st, "本診所深感抱歉，", 77, at(2))
        .expect("its own record");
    assert_eq!(s.statement(st).expect("st").1.body, "本診所深感抱歉，");
    let mark: i64 = s
        .conn
        .query_row("SELECT autosaved FROM statement WHERE id = ?1", [st], |r| r.get(0))
        .expect("mark");
    assert_eq!(mark, 77, "marked with the saving console's process");
}

#[test]
fn the_latest_release_is_read_for_each_audience() {
    let (mut s, id, media) = staffed_with_draft();
    let staff = s.create_statement(id, Audience::Staff, "內部說明。", now()).expect("create");
    for (st, first) in [(media, 1), (staff, 30)] {
        for (i, step) in [Step::Submit, Step::Review, Step::Approve, Step::Release].into_iter().enumerate() {
            s.advance_for_tests(st, step, at(first + i as i64)).expect("step");
        }
    }
    s.statement_step(media, Step::NewVersion, false, at(20)).expect("v2");
    for (i, step) in [Step::Submit, Step::Review, Step::Approve, Step::Release].into_iter().enumerate() {
        s.advance_for_tests(media, step, at(21 + i as i64)).expect("step v2");
    }
    let latest: Vec<_> = s
        .latest_releases(id)
        .expect("latest")
        .into_iter()
        .map(|v| (v.statement_id, v.version, v.released_at))
        .collect();
    // Newest first (not in the statements' order); the media statement's
    // first release is no longer the latest.
    assert_eq!(latest, [(staff, 1, at(33)), (media, 2, at(24))]);
}
