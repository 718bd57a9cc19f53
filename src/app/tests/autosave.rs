//! The autosave on its worker, as it runs with a database file: typing
//! never waits for it, saves land in order, and a replaced record is never
//! written into.

use std::path::{Path, PathBuf};

use super::*;

/// A console on a file in a new directory, editing a new statement: the
/// directory (kept while it lives), the console, the file and the statement.
fn editing_on_file() -> (tempfile::TempDir, App, PathBuf, i64) {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("autosave.db");
    let mut a = app_on(Store::open(&path, false).expect("store"), (100, 30));
    declare(&mut a, "存檔測試");
    edit_statement(&mut a);
    assert!(a.editor.editing);
    let sid = a.editor.statement_id.expect("statement");
    (dir, a, path, sid)
}

/// Another process holding the write lock, as a long write would.
fn hold_write_lock(path: &Path) -> rusqlite::Connection {
    let c = rusqlite::Connection::open(path).expect("other");
    c.execute_batch("BEGIN IMMEDIATE").expect("lock");
    c
}

/// Type `text` while another process holds the write lock, and let the
/// autosave fall due: the save waits on the worker. The lock comes back.
fn typed_with_the_save_waiting(a: &mut App, path: &Path, text: &str) -> rusqlite::Connection {
    let lock = hold_write_lock(path);
    chars(a, text);
    a.tick(t0() + Duration::seconds(1));
    assert!(a.saver.in_flight(), "handed to the worker, which is waiting for the lock");
    lock
}

/// The screen as text.
fn on_screen(a: &App) -> String {
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(160, 40)).expect("terminal");
    t.draw(|f| crate::ui::draw(f, a)).expect("draw");
    t.backend().to_string()
}

/// (body, autosave mark) of the statement as the file has it.
fn in_file(path: &Path, id: i64) -> (String, i64) {
    let c = rusqlite::Connection::open(path).expect("read");
    c.query_row("SELECT body, autosaved FROM statement WHERE id = ?1", [id], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })
    .expect("statement")
}

#[test]
fn typing_goes_on_while_the_autosave_waits_for_the_disk() {
    let (_dir, mut a, path, sid) = editing_on_file();
    // On the update thread the save would block until the lock's holder let
    // go, or fail after the busy timeout.
    let lock = typed_with_the_save_waiting(&mut a, &path, "本所");
    assert!(a.status.is_none(), "nothing failed: {:?}", a.status.as_ref().map(|s| &s.text));
    let screen = on_screen(&a);
    assert!(screen.contains("儲存中"), "the pane says the save is under way: {screen}");
    chars(&mut a, "深感");
    assert!(a.editor.dirty, "typed after the job left: still unsaved");
    lock.execute_batch("COMMIT").expect("release");
    a.settle_autosave();
    assert_eq!(in_file(&path, sid), ("本所".to_string(), i64::from(std::process::id())));
    assert!(a.editor.dirty && a.editor.autosaved, "the newer keys wait for the next save");
    a.tick(t0() + Duration::seconds(3));
    a.settle_autosave();
    assert_eq!(in_file(&path, sid).0, "本所深感");
    assert!(!a.editor.dirty);
}

#[test]
fn leaving_the_editor_waits_for_the_autosave_so_the_older_text_never_lands_last() {
    let (_dir, mut a, path, sid) = editing_on_file();
    let lock = typed_with_the_save_waiting(&mut a, &path, "甲");
    chars(&mut a, "乙");
    // The worker is asleep in SQLite's busy wait; without waiting for it,
    // leaving would save 「甲乙」 first and the worker 「甲」 over it.
    lock.execute_batch("COMMIT").expect("release");
    key(&mut a, KeyCode::Esc);
    assert!(!a.editor.editing && !a.saver.in_flight());
    assert_eq!(
        in_file(&path, sid),
        ("甲乙".to_string(), 0),
        "the newest text, its autosave mark cleared"
    );
}

#[test]
fn an_autosave_in_flight_never_writes_into_a_restored_record() {
    let (dir, mut a, path, sid) = editing_on_file();
    let lock = typed_with_the_save_waiting(&mut a, &path, "還原前的草稿");
    // A restore renews the generation while the save waits.
    lock.execute("UPDATE meta SET value = 'restored' WHERE key = 'generation'", [])
        .expect("renew");
    lock.execute_batch("COMMIT").expect("release");
    a.tick(t0() + Duration::seconds(2));
    assert_eq!(in_file(&path, sid).0, "", "nothing written into the restored record");
    // The console reopened and kept the draft in a file instead.
    crate::effects::run_all(&mut a);
    let kept = std::fs::read_dir(dir.path().join("recovered"))
        .expect("recovered dir")
        .filter_map(|e| e.ok())
        .map(|e| std::fs::read_to_string(e.path()).expect("read"))
        .collect::<Vec<_>>();
    assert_eq!(kept, vec!["還原前的草稿".to_string()]);
}

#[test]
fn an_in_memory_record_is_autosaved_in_the_update_step() {
    let mut a = staffed();
    edit_statement(&mut a);
    chars(&mut a, "記憶體");
    a.tick(t0() + Duration::seconds(1));
    assert!(!a.saver.in_flight() && !a.editor.dirty && a.editor.autosaved);
}

#[test]
fn a_record_moved_away_is_waited_for_not_created_again() {
    let (dir, mut a, path, _) = editing_on_file();
    let away = dir.path().join("moved.db");
    std::fs::rename(&path, &away).expect("move away");
    for ext in ["-wal", "-shm"] {
        let side = dir.path().join(format!("autosave.db{ext}"));
        if side.exists() {
            std::fs::rename(&side, dir.path().join(format!("moved.db{ext}"))).expect("side file");
        }
    }
    a.tick(t0() + Duration::seconds(1));
    assert!(!path.exists(), "no empty record made at the path");
    assert_eq!(a.status.as_ref().map(|s| s.text.as_str()), Some(a.tr.t("status.record_away")));
    assert!(!a.quit, "the console waits");
    assert!(
        a.store.add_person("王", "", "", t0()).is_err(),
        "and writes nothing into the old file"
    );
    let persons = |p: &Path| -> i64 {
        rusqlite::Connection::open(p)
            .expect("open")
            .query_row("SELECT count(*) FROM person", [], |r| r.get(0))
            .expect("count")
    };
    assert_eq!(persons(&away), 0);
    // The new file arrives: the console reopens it.
    Store::open(&path, false).expect("a new record at the path");
    a.tick(t0() + Duration::seconds(2));
    assert_eq!(a.status.as_ref().map(|s| s.text.as_str()), Some(a.tr.t("status.record_replaced")));
}
