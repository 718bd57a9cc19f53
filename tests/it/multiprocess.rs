//! Several processes on one file: two consoles ticking the checklist, a
//! script appending notes and the wall reading it all, at the same time. No update is lost and no
//! one is shown "database is locked".

use crate::common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::pty::Tui;

fn count(db: &Path, sql: &str) -> i64 {
    let c = rusqlite::Connection::open(db).expect("open");
    c.query_row(sql, [], |r| r.get(0)).expect("count")
}

#[test]
#[ignore = "a soak: run with CRISISDESK_SOAK_SECS=N cargo test --test it -- --ignored soak"]
fn soak_two_consoles_a_wall_and_a_script_share_one_file_and_nothing_is_lost() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("shared.db");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_crisisdesk"))
        .arg("--db")
        .arg(&db)
        .args(["declare", "--type", "data-breach", "--severity", "1", "--title", "共用資料庫"])
        .output()
        .expect("declare");
    assert!(out.status.success());
    let mut a = Tui::spawn(&db, &[], 100, 30);
    let mut b = Tui::spawn(&db, &["--lang", "en"], 100, 30);
    let mut wall = Tui::spawn(&db, &["wall"], 100, 30);
    a.wait_for("共用資料庫");
    b.wait_for("共用資料庫");
    wall.wait_for("共用資料庫");
    a.send("3");
    b.send("3");
    b.send("j"); // a different item, so both lists stay easy to read
    // A script appends notes the whole time.
    let db2 = db.clone();
    // Two minutes unless CRISISDESK_SOAK_SECS says otherwise (.ci/run runs
    // it briefly; a long soak is a longer value).
    let secs: u64 = std::env::var("CRISISDESK_SOAK_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(120);
    let until = Instant::now() + Duration::from_secs(secs);
    let script = std::thread::spawn(move || {
        let mut ok = 0;
        let mut i = 0;
        while Instant::now() < until {
            i += 1;
            let st = std::process::Command::new(env!("CARGO_BIN_EXE_crisisdesk"))
                .arg("--db")
                .arg(&db2)
                .args(["log", "--incident", "1", &format!("script-{i}")])
                .output()
                .expect("log");
            assert!(st.status.success(), "{}", String::from_utf8_lossy(&st.stderr));
            ok += 1;
        }
        ok
    });
    let mut presses = 0;
    let mut busy_seen = false;
    while Instant::now() < until {
        a.send(" ");
        b.send(" ");
        presses += 1;
        std::thread::sleep(Duration::from_millis(40));
        for s in [a.screen(), b.screen(), wall.screen()] {
            busy_seen |= s.contains("locked") || s.contains("鎖定");
        }
    }
    let notes = script.join().expect("script");
    // Let the last keys land, then leave cleanly.
    std::thread::sleep(Duration::from_millis(500));
    // The wall kept up with the writers.
    wall.wait_for("script-");
    a.send("q");
    b.send("q");
    wall.send("q");
    for c in [&mut a, &mut b, &mut wall] {
        let start = Instant::now();
        while c.child.try_wait().expect("wait").is_none() {
            assert!(start.elapsed() < Duration::from_secs(20), "a console did not quit");
            std::thread::sleep(Duration::from_millis(30));
        }
    }
    assert!(!busy_seen, "a user saw the database locked");
    assert_eq!(
        count(&db, "SELECT count(*) FROM timeline_entry WHERE kind = 'note'"),
        i64::from(notes)
    );
    let ticks = count(
        &db,
        "SELECT count(*) FROM timeline_entry WHERE kind IN ('item.done', 'item.reopened')",
    );
    assert_eq!(ticks, 2 * presses, "every key press in either console was recorded");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_crisisdesk"))
        .arg("--db")
        .arg(&db)
        .arg("verify")
        .output()
        .expect("verify");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
}
