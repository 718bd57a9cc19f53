//! Bad input of every kind: a clear message, nothing already saved lost,
//! the draft in memory kept, and a non-zero exit where a command cannot go on.

use crate::common;

use std::path::Path;
use std::process::Output;

use common::cli::run;
use common::*;
use crisisdesk::i18n::Lang;
use crisisdesk::store::StoreError;

/// Focus the statement pane and start editing the draft.
fn open_editor(app: &mut crisisdesk::app::App) {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    app.handle_key(KeyEvent::new(KeyCode::Char('4'), KeyModifiers::NONE));
    app.handle_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
}

fn one_clear_line(out: &Output, expect: &str) {
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(expect), "stderr {err:?} lacks {expect:?}");
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err:?}");
    assert!(!err.contains("panicked") && !err.contains("RUST_BACKTRACE"), "{err}");
}

fn declared_db(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("c.db");
    let out = run(&db, &["declare", "--type", "data-breach", "--severity", "2", "--title", "基準事件"]);
    assert!(out.status.success());
    let out = run(&db, &["log", "--incident", "1", "已保存的紀錄"]);
    assert!(out.status.success());
    db
}

#[test]
fn a_corrupted_database_is_refused_with_a_message() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = declared_db(dir.path());
    // Scribble over the middle of the file, past the header.
    let mut bytes = std::fs::read(&db).expect("read");
    let mid = bytes.len() / 2;
    for b in bytes.iter_mut().skip(mid.min(4096)).take(2048) {
        *b = 0xA5;
    }
    std::fs::write(&db, &bytes).expect("write");
    let out = run(&db, &["export", "--format", "json"]);
    // Either the damage is in a page the export reads (refused, clearly) or
    // the integrity check in `backup` finds it; never a panic.
    if out.status.success() {
        let b = run(&db, &["backup", dir.path().join("b.db").to_str().expect("p")]);
        one_clear_line(&b, "damaged");
    } else {
        one_clear_line(&out, "damaged");
    }
}

#[cfg(unix)]
#[test]
fn read_only_files_and_directories_are_refused_and_what_is_there_stays_readable() {
    use std::os::unix::fs::PermissionsExt;
    if unsafe { libc::geteuid() } == 0 {
        // root ignores file modes; the store's own ReadOnly mapping is
        // still exercised through SQLITE_OPEN_READONLY below.
        // A directory no one may create files in, even root.
        let out = run(
            Path::new("/proc/crisisdesk-test.db"),
            &["declare", "--type", "data-breach", "--severity", "2", "--title", "x"],
        );
        one_clear_line(&out, "cannot create");
        // A file that is not writable, even for root.
        one_clear_line(&run(Path::new("/proc/version"), &["export", "--format", "json"]), "cannot open");
        return;
    }
    let dir = tempfile::tempdir().expect("tmp");
    let db = declared_db(dir.path());
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o400)).expect("chmod");
    one_clear_line(&run(&db, &["log", "--incident", "1", "x"]), "cannot be written");
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    let ro = dir.path().join("ro");
    std::fs::create_dir(&ro).expect("mkdir");
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o500)).expect("chmod");
    one_clear_line(
        &run(
            &ro.join("new.db"),
            &["declare", "--type", "data-breach", "--severity", "2", "--title", "x"],
        ),
        "permission",
    );
}

#[test]
fn a_full_disk_fails_the_write_and_keeps_the_draft() {
    let mut app = live_app(Lang::Zh);
    let iid = app.view.as_ref().map(|v| v.incident.id).expect("incident");
    let before = app.store.timeline_page(iid, None, 1000).expect("tl").len();
    // Cap the file at its current size: the next growing write cannot land.
    app.store.cap_growth_for_tests().expect("cap");
    open_editor(&mut app);
    let big = "停電時的長篇草稿。".repeat(20_000);
    app.paste(&big);
    let later = app.now + chrono::Duration::seconds(2);
    app.tick(later);
    assert!(
        app.status.as_ref().is_some_and(|s| s.error && s.text.contains("磁碟已滿")),
        "{:?}",
        app.status
    );
    assert!(app.editor.dirty, "still marked unsaved");
    assert!(app.editor.text().contains("停電時的長篇草稿"), "the draft is kept in memory");
    assert_eq!(
        app.store.timeline_page(iid, None, 1000).expect("tl").len(),
        before,
        "nothing saved was lost"
    );
    let r = app.store.add_note(iid, &"x".repeat(200_000), app.now, app.now);
    assert!(matches!(r, Err(StoreError::DiskFull)), "{r:?}");
}

#[test]
fn a_one_megabyte_paste_is_refused_with_a_message_and_the_draft_kept() {
    let mut app = live_app(Lang::Zh);
    open_editor(&mut app);
    let draft = app.editor.text();
    app.paste(&"病".repeat(1_048_576 / 3));
    assert_eq!(app.editor.text(), draft, "nothing half-inserted");
    assert!(app.status.as_ref().is_some_and(|s| s.text.contains("200000")), "{:?}", app.status);
    // A large paste under the limit goes in whole, and the screen still draws.
    app.paste(&"長".repeat(150_000));
    assert_eq!(app.editor.char_count(), draft.chars().filter(|c| *c != '\n').count() + 150_000);
    let _ = screen(&mut app, 80, 24);
}
