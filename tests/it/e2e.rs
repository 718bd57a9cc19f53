//! End to end: the real binary in a pseudo-terminal, read back through a
//! terminal emulator (vt100), as a person would see it.

use crate::common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::pty::{PATIENCE, Tui};

const ENTER: &str = "\r";
const ESC: &str = "\x1b";
const TAB: &str = "\t";
const RIGHT: &str = "\x1b[C";
const DOWN: &str = "\x1b[B";
const BACKSPACE: &str = "\x7f";
/// Ctrl-Alt-Up / Ctrl-Alt-Shift-Down: the editor's "to the top" and
/// "select to the bottom".
const CTRL_ALT_TOP: &str = "\x1b[1;7A";
const CTRL_ALT_SHIFT_BOTTOM: &str = "\x1b[1;8B";
const SHIFT_END: &str = "\x1b[1;2F";
const CTRL_ALT_BOTTOM: &str = "\x1b[1;7B";
const END: &str = "\x1b[F";

/// A finished holding statement: every first-message element, no blanks.
const FINISHED: &str = "安心診所預約系統於今日遭勒索軟體加密，我們深感抱歉。經查已確認部分預約資料暫時無法讀取，我們已隔離系統並請專業團隊調查。如您接到自稱本診所的可疑來電，請撥打專線 02-2345-6789 查證。下次更新將於今晚九點前公布。";

fn export(db: &Path) -> serde_json::Value {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_crisisdesk"))
        .arg("--db")
        .arg(db)
        .args(["export", "--format", "json"])
        .output()
        .expect("export");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("json")
}

/// Pick a person for the selected role, adding them first.
fn staff(t: &mut Tui, name: &str, phone: &str) {
    t.send(ENTER);
    t.wait_for("a");
    t.send("a");
    t.send(name);
    t.send(TAB);
    t.send(phone);
    t.send(ENTER);
    t.wait_for(phone);
}

#[test]
fn declare_staff_tick_draft_quit_reopen() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("crisis.db");
    let mut t = Tui::spawn(&db, &[], 100, 30);
    t.wait_for("N");
    // Declare a data breach.
    t.send("N");
    t.wait_for("宣告新事件");
    t.send(RIGHT);
    t.send(RIGHT);
    t.wait_for("資安");
    t.send(TAB);
    t.send(TAB);
    t.send("個資外洩事件");
    t.send(ENTER);
    t.wait_for("#1");
    // Focus moved to Roles: staff commander, communications and legal.
    staff(&mut t, "王大明", "0911-111-111");
    t.send(DOWN);
    staff(&mut t, "陳小姐", "0922-222-222");
    t.send(DOWN);
    staff(&mut t, "黃律師", "0933-333-333");
    // Tick the first checklist item.
    t.send("3");
    t.send(" ");
    t.wait_for("[x]");
    // Draft a Chinese statement.
    t.send("4");
    t.send(ENTER);
    t.send("本診所深感抱歉，正在調查中。");
    t.wait_for("本診所深感抱歉");
    t.send(ESC);
    t.wait_for("已存");
    t.send("q");
    assert!(t.wait_exit().success());
    assert!(t.restored(), "terminal modes restored after quit");

    // Everything is on disk.
    let v = export(&db);
    let holder = |role: &str| {
        v["roles"]
            .as_array()
            .expect("roles")
            .iter()
            .find(|r| r["role"] == role)
            .and_then(|r| r["holder"]["person"].as_str())
            .map(String::from)
    };
    assert_eq!(holder("commander").as_deref(), Some("王大明"));
    assert_eq!(holder("communications").as_deref(), Some("陳小姐"));
    assert_eq!(holder("legal").as_deref(), Some("黃律師"));
    assert_eq!(v["checklist"][0]["state"], "done");
    assert_eq!(v["statements"][0]["body"], "本診所深感抱歉，正在調查中。");

    // Reopen: the console asks who is at the keyboard, then shows it all again.
    let mut t = Tui::spawn(&db, &[], 100, 30);
    t.wait_for("誰在操作");
    t.send(ENTER);
    t.wait_for("操作者 ");
    t.wait_for("個資外洩事件");
    let s = t.wait_for("本診所深感抱歉");
    assert!(s.contains("王大明") && s.contains("黃律師"), "{s}");
    assert!(!s.contains("⚠ 未指派"), "no critical role is unfilled:\n{s}");
    t.send("q");
    assert!(t.wait_exit().success());
}

#[test]
fn english_console_has_the_pane_titles() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("crisis.db");
    let st = std::process::Command::new(env!("CARGO_BIN_EXE_crisisdesk"))
        .arg("--db")
        .arg(&db)
        .arg("demo")
        .output()
        .expect("demo");
    assert!(st.status.success());
    let mut t = Tui::spawn(&db, &["--lang", "en"], 80, 24);
    // The demo has a roster: the console first asks who is at the keyboard.
    t.wait_for("Who is at the keyboard");
    t.send(ESC);
    let s = t.wait_for("Timeline");
    for w in ["Incident", "Roles", "Checklist", "Statement", "DEMO"] {
        assert!(s.contains(w), "{w} missing:\n{s}");
    }
    t.send("?");
    t.wait_for("Keys");
    t.send(ESC);
    t.send("q");
    assert!(t.wait_exit().success());
    assert!(t.restored());
}

#[test]
fn a_tiny_terminal_gets_a_message_not_a_crash() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("crisis.db");
    let mut t = Tui::spawn(&db, &[], 40, 10);
    t.wait_for("60×18");
    t.send("q");
    assert!(t.wait_exit().success());
}

/// The statement desk's "done when", driven through the real binary: a
/// press release from the data-breach template, a pasted national ID
/// flagged and blocking release, removed, reviewed, approved, released,
/// and the frozen text exported.
#[test]
fn desk_template_review_release_export() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("crisis.db");
    let cli = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_crisisdesk"))
            .arg("--db")
            .arg(&db)
            .args(args)
            .output()
            .expect("run");
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    cli(&["declare", "--type", "data-breach", "--severity", "2", "--title", "病歷系統遭勒索"]);
    cli(&["profile", "set", "name", "安心診所"]);
    cli(&["profile", "set", "hotline", "02-2345-6789"]);
    {
        let mut s = crisisdesk::store::Store::open(&db, false).expect("open");
        let now = chrono::Utc::now();
        for (role, name) in [("commander", "林院長"), ("legal", "黃律師"), ("communications", "陳公關")] {
            let p = s.add_person(name, "", "", now).expect("person");
            s.assign_role(1, role, p, now).expect("assign");
        }
    }
    let mut t = Tui::spawn(&db, &["--operator", "陳公關"], 100, 30);
    t.wait_for("病歷系統遭勒索");
    t.send("4");
    t.send("t");
    t.wait_for("從範本開始");
    t.send(DOWN);
    t.send(ENTER);
    t.wait_for("安心診所新聞稿");
    // The template's blanks are flagged until they are filled.
    t.wait_for("項阻擋");
    // The drafter replaces the whole text (select from top to bottom, delete)
    // with the finished statement, pasted with a patient's ID left in.
    t.send(CTRL_ALT_TOP);
    t.send(CTRL_ALT_SHIFT_BOTTOM);
    t.send(SHIFT_END);
    t.send(BACKSPACE);
    t.send(&format!("\x1b[200~身分證 A123456789\n{FINISHED}\x1b[201~"));
    t.wait_for("⛔ 1 項阻擋");
    t.send(ESC);
    t.send("r");
    t.send("l");
    t.wait_for("無法繼續");
    t.send(ESC);
    // Back to draft, delete the 15 pasted characters, and round again.
    t.send("o");
    t.wait_for("草稿");
    t.send("e");
    t.send(CTRL_ALT_TOP);
    for _ in 0..15 {
        t.send("\x1b[3~");
    }
    t.wait_for("檢查無問題");
    t.send(ESC);
    t.send("r");
    t.send("l");
    t.wait_for("黃律師");
    t.send("y");
    t.send("A");
    t.wait_for("林院長");
    t.send("y");
    t.send("R");
    t.wait_for("發布第1版給「媒體」");
    t.send("y");
    // The release offers a record anchor to keep outside the file.
    t.wait_for("紀錄錨點");
    t.send(ESC);
    let s = t.wait_for("已發布");
    assert!(
        s.contains("下次更新： 媒體 剩 01:59") || s.contains("下次更新： 媒體 剩 02:00"),
        "the media update clock runs:\n{s}"
    );
    t.send("q");
    assert!(t.wait_exit().success());
    assert!(t.restored());

    let txt = cli(&["statement", "export", "1", "--format", "txt"]);
    assert!(txt.starts_with("安心診所預約系統"), "{txt}");
    assert!(!txt.contains("A123456789"));
    let md = cli(&["statement", "export", "1", "--format", "md"]);
    assert!(
        md.contains(&crisisdesk::domain::desk::sha256_hex(txt.trim_end_matches('\n'))),
        "{md}"
    );
    let v = export(&db);
    let kinds: Vec<&str> = v["timeline"]
        .as_array()
        .expect("timeline")
        .iter()
        .filter_map(|e| e["kind"].as_str())
        .filter(|k| k.starts_with("statement."))
        .collect();
    for k in [
        "statement.submitted",
        "statement.reviewed",
        "statement.approved",
        "statement.reopened",
        "statement.released",
    ] {
        assert!(kinds.contains(&k), "{k} missing from {kinds:?}");
    }
}

/// A facilitator's drill through the real binary: open it from the
/// library, run the clock, receive and send injects, rate an objective,
/// record the hot wash and an improvement, end it, and write the report.
#[test]
fn drill_start_run_rate_end_report() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("crisis.db");
    // `drill start` on a terminal opens the console on the new drill.
    let mut t = Tui::spawn(&db, &["drill", "start", "covid-cluster"], 120, 34);
    t.wait_for("演練 DRILL");
    t.send("F");
    t.wait_for("演練與檢討");
    t.send(" ");
    t.wait_for("狀況 1");
    t.send(ESC);
    t.send("n");
    t.wait_for("狀況 2");
    t.send(ESC);
    t.send("r");
    t.wait_for("[P] o1");
    t.send("h");
    t.wait_for("檢討紀錄");
    t.send(TAB);
    t.send("窗口指派太慢");
    t.send(ENTER);
    t.send("i");
    t.wait_for("改善計畫項目");
    t.send("每季演練通報名單匯出");
    t.send(TAB);
    t.send("行政主管");
    t.send(ENTER);
    t.wait_for("已加入改善計畫");
    t.send("E");
    t.send("y");
    t.wait_for("已結束");
    t.send("W");
    t.wait_for("報告已產出");
    t.send(ESC);
    t.send("q");
    assert!(t.wait_exit().success());
    assert!(t.restored());

    let reports: Vec<_> = std::fs::read_dir(dir.path().join("reports"))
        .expect("reports dir")
        .flatten()
        .collect();
    assert_eq!(reports.len(), 2, "Markdown and HTML");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_crisisdesk"))
        .arg("--db")
        .arg(&db)
        .args(["report", "--incident", "1", "--format", "md"])
        .output()
        .expect("report");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let md = String::from_utf8_lossy(&out.stdout);
    for want in ["演練", "o1", "窗口指派太慢", "每季演練通報名單匯出", "行政主管"] {
        assert!(md.contains(want), "{want} missing from the report:\n{md}");
    }
}

/// Each way out leaves the terminal as it found it, and fast: quit (above),
/// SIGTERM, SIGHUP and SIGINT. Exit codes say what ended it.
#[test]
fn signals_restore_the_terminal_and_end_promptly() {
    for (sig, name) in [(libc::SIGTERM, "SIGTERM"), (libc::SIGHUP, "SIGHUP"), (libc::SIGINT, "SIGINT")] {
        let dir = tempfile::tempdir().expect("tmp");
        let db = dir.path().join("crisis.db");
        let mut t = Tui::spawn(&db, &[], 100, 30);
        t.wait_for("宣告");
        assert!(!t.cooked(), "raw mode is on while the console runs");
        // SAFETY: sending a signal to our own child process.
        assert_eq!(unsafe { libc::kill(t.pid(), sig) }, 0);
        let st = t.wait_exit();
        let _ = st;
        // Give the reader thread a moment to take the last bytes.
        std::thread::sleep(Duration::from_millis(200));
        assert!(t.restored(), "{name}: terminal not restored:\n{}", t.screen());
    }
}

/// A panic restores the terminal and says one line, without a backtrace
/// and without the panic's text (which could hold a patient's details).
#[test]
fn a_panic_restores_the_terminal_and_hides_its_payload() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("crisis.db");
    let mut t = Tui::spawn_env(&db, &[], &[("CRISISDESK_FAULT", "panic")], 100, 30);
    t.wait_for("宣告");
    t.send("\x1b[24~"); // F12
    let st = t.wait_exit();
    assert!(!st.success(), "a panic is not a clean exit");
    std::thread::sleep(Duration::from_millis(200));
    assert!(t.restored(), "terminal not restored after a panic:\n{}", t.screen());
    let s = t.screen();
    assert!(s.contains("internal error"), "{s}");
    assert!(
        !s.contains("王小明") && !s.contains("A123456789") && !s.contains("RUST_BACKTRACE"),
        "{s}"
    );
}

/// A killed console loses at most the last second of typing: the autosave
/// has the draft, and the next start says it recovered it.
#[test]
fn a_killed_console_recovers_the_autosaved_draft() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("crisis.db");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_crisisdesk"))
        .arg("--db")
        .arg(&db)
        .args(["declare", "--type", "data-breach", "--severity", "2", "--title", "當機測試"])
        .output()
        .expect("declare");
    assert!(out.status.success());
    let mut t = Tui::spawn(&db, &[], 100, 30);
    t.wait_for("當機測試");
    t.send("4");
    t.send(ENTER);
    t.send("停電前打的字");
    t.wait_for("已存");
    // SAFETY: SIGKILL to our own child: no chance to clean up.
    assert_eq!(unsafe { libc::kill(t.pid(), libc::SIGKILL) }, 0);
    t.wait_exit();
    let t = Tui::spawn(&db, &[], 100, 30);
    let s = t.wait_for("已復原");
    assert!(s.contains("停電前打的字"), "{s}");
    drop(t);
    // A clean quit after that leaves nothing to recover.
    let mut t = Tui::spawn(&db, &[], 100, 30);
    t.wait_for("停電前打的字");
    assert!(!t.screen().contains("已復原"));
    t.send("q");
    assert!(t.wait_exit().success());
}

/// The pty going away (a lost SSH session) ends the console within a
/// second or so instead of leaving it spinning on a dead terminal.
#[test]
fn a_closed_terminal_ends_the_console() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("crisis.db");
    let t = Tui::spawn(&db, &[], 100, 30);
    t.wait_for("宣告");
    let mut child = t.hang_up();
    let start = Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        assert!(start.elapsed() < PATIENCE, "the console kept running after its terminal closed");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The statement guards through the real binary, as a new user would meet
/// them: a national ID typed in full-width digits (as a Chinese input method
/// gives them) is flagged and stops legal review; a template blank left in
/// stops it too; each sign-off asks the operator to confirm the named person
/// and the exact version; reading the released statement creates no version.
#[test]
fn statement_guards_hold_in_a_real_terminal() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("crisis.db");
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_crisisdesk"))
            .arg("--db")
            .arg(&db)
            .args(args)
            .output()
            .expect("run");
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    };
    run(&["declare", "--type", "data-breach", "--severity", "2", "--title", "資料外洩"]);
    {
        let mut s = crisisdesk::store::Store::open(&db, false).expect("open");
        let now = chrono::Utc::now();
        for (role, name) in [("commander", "林院長"), ("legal", "黃律師"), ("communications", "陳公關")] {
            let p = s.add_person(name, "", "", now).expect("person");
            s.assign_role(1, role, p, now).expect("assign");
        }
    }
    // The roster exists, so the console asks who is at the keyboard.
    let mut t = Tui::spawn(&db, &[], 110, 32);
    t.wait_for("誰在操作");
    t.send(DOWN); // 林院長, 陳公關, 黃律師: the second is communications
    t.send(ENTER);
    t.wait_for("操作者 陳公關");
    t.send("4");
    t.send("n");
    t.send("本院深感抱歉。身分證Ａ１２３４５６７８９");
    t.wait_for("⛔ 1 項阻擋");
    t.send(ESC);
    t.send("r");
    t.wait_for("送法務審閱");
    t.send("l");
    t.wait_for("無法繼續");
    t.wait_for("身分證字號");
    t.send(ESC);
    // Replace the ID with a template blank: still refused.
    t.send("o");
    t.send("e");
    t.send(CTRL_ALT_BOTTOM);
    t.send(END);
    for _ in 0..10 {
        t.send(BACKSPACE);
    }
    t.send("【下次更新時間】");
    t.wait_for("範本空格");
    t.send(ESC);
    t.send("r");
    t.send("l");
    t.wait_for("無法繼續");
    t.send(ESC);
    // Fill it in, and the sign-offs ask before anything is recorded.
    t.send("o");
    t.send("e");
    t.send(CTRL_ALT_BOTTOM);
    t.send(END);
    for _ in 0..8 {
        t.send(BACKSPACE);
    }
    t.send("今晚九點");
    t.wait_for("⛔ 0 項阻擋");
    t.send(ESC);
    t.send("r");
    t.send("l");
    let s = t.wait_for("SHA-256");
    assert!(s.contains("黃律師（法律") && s.contains("第 1 版") && s.contains("陳公關"), "{s}");
    t.send("n");
    t.send("l");
    t.wait_for("黃律師");
    t.send("y");
    t.wait_for("已記錄法務審閱");
    t.send("A");
    let s = t.wait_for("核准發布");
    assert!(s.contains("林院長"), "{s}");
    t.send("y");
    t.send("R");
    t.wait_for("發布第1版");
    t.send("y");
    t.wait_for("已發布並凍結");
    t.wait_for("紀錄錨點");
    t.send(ESC);
    // Reading it is read-only and creates nothing.
    t.send(ENTER);
    t.wait_for("唯讀");
    t.send(ESC);
    t.send("q");
    assert!(t.wait_exit().success());
    let v = export(&db);
    let st = &v["statements"][0];
    assert_eq!(st["version"], 1, "{st}");
    assert_eq!(st["released"].as_array().map(Vec::len), Some(1));
    assert_eq!(st["reviewed_by"], "黃律師");
    let steps: Vec<(&str, &str)> = v["timeline"]
        .as_array()
        .expect("timeline")
        .iter()
        .filter(|e| e["kind"].as_str().is_some_and(|k| k.starts_with("statement.")))
        .map(|e| (e["kind"].as_str().unwrap_or(""), e["operator"].as_str().unwrap_or("")))
        .collect();
    assert!(steps.contains(&("statement.reviewed", "陳公關")), "{steps:?}");
    assert!(
        !steps.iter().any(|(k, _)| *k == "statement.version"),
        "no version was created: {steps:?}"
    );
}
