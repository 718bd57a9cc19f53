//! Restoring under running consoles: refused unless forced, and a console
//! whose record is replaced reopens it instead of writing into the old one.

use crate::common;

use std::path::Path;
use std::process::Command;

use common::pty::Tui;

fn run(db: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_crisisdesk"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("XDG_DATA_HOME", db.parent().expect("dir"))
        .output()
        .expect("run")
}

fn ok(db: &Path, args: &[&str]) -> String {
    let out = run(db, args);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn notes(db: &Path) -> Vec<String> {
    let c = rusqlite::Connection::open(db).expect("open");
    c.prepare("SELECT json_extract(data, '$.text') FROM timeline_entry WHERE kind = 'note' ORDER BY id")
        .expect("prepare")
        .query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows")
}

#[test]
fn restore_is_refused_under_a_running_console_unless_forced() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("crisis.db");
    let backup = dir.path().join("backup.db");
    ok(&db, &["declare", "--type", "data-breach", "--severity", "2", "--title", "還原測試"]);
    ok(&db, &["backup", backup.to_str().expect("path")]);
    ok(&db, &["log", "--incident", "1", "備份之後的紀錄"]);

    let mut t = Tui::spawn(&db, &[], 100, 30);
    t.wait_for("備份之後的紀錄");
    let refused = run(&db, &["restore", backup.to_str().expect("path")]);
    assert!(!refused.status.success());
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(
        err.contains("正開著") && err.contains("--force"),
        "in the interface language: {err}"
    );
    assert_eq!(notes(&db), vec!["備份之後的紀錄"], "nothing was restored");

    // Forced, it goes ahead; the console sees the record replaced and reopens.
    ok(&db, &["restore", "--force", backup.to_str().expect("path")]);
    t.wait_for("已被還原或替換");
    let s = t.screen();
    assert!(!s.contains("備份之後的紀錄"), "the console shows the restored record:\n{s}");
    // What the console does next goes into the restored record.
    t.send("5");
    t.send("n");
    t.wait_for("新增時間軸紀錄");
    t.send("還原後的紀錄");
    t.send("\r");
    t.wait_for("還原後的紀錄");
    t.send("q");
    assert!(t.wait_exit().success());
    assert_eq!(notes(&db), vec!["還原後的紀錄"]);
    // With the console gone, restore needs no force.
    ok(&db, &["restore", backup.to_str().expect("path")]);
}

#[test]
fn a_console_never_writes_into_a_file_moved_away_under_it() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("crisis.db");
    let other = dir.path().join("other.db");
    ok(
        &db,
        &["declare", "--type", "data-breach", "--severity", "2", "--title", "原本的檔案"],
    );
    ok(
        &other,
        &["declare", "--type", "public-health", "--severity", "3", "--title", "替換進來的檔案"],
    );
    let mut t = Tui::spawn(&db, &[], 100, 30);
    t.wait_for("原本的檔案");
    // Someone moves the old file away and puts another in its place.
    let old = dir.path().join("old.db");
    std::fs::rename(&db, &old).expect("move away");
    for ext in ["-wal", "-shm"] {
        let side = dir.path().join(format!("crisis.db{ext}"));
        if side.exists() {
            std::fs::rename(&side, dir.path().join(format!("old.db{ext}"))).expect("move side file");
        }
    }
    ok(&other, &["backup", db.to_str().expect("path")]);
    t.wait_for("替換進來的檔案");
    t.wait_for("已被還原或替換");
    t.send("5");
    t.send("n");
    t.wait_for("新增時間軸紀錄");
    t.send("之後的紀錄");
    t.send("\r");
    t.wait_for("之後的紀錄");
    t.send("q");
    assert!(t.wait_exit().success());
    assert_eq!(notes(&db), vec!["之後的紀錄"], "the note went into the file now at the path");
    assert!(notes(&old).is_empty(), "the old file got nothing");
}
