//! The register, the call tree's files and bad input, from the command
//! line; and the whole of reaching people in the real console.

use std::path::Path;

use crate::common::cli::{fails, ok};
use crate::common::pty::Tui;

fn declared(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("c.db");
    ok(&db, &["declare", "--type", "data-breach", "--severity", "2", "--title", "breach"]);
    db
}

#[test]
fn the_register_imports_all_rows_or_none_and_exports_only_on_request() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = declared(dir.path());
    let file = dir.path().join("people.csv");
    let cases: [(&str, &[u8], &str); 6] = [
        ("missing column", b"what,channel\nx,sms\n", "line 1"),
        ("national id", b"identifier\nC-1\nA123456789\n", "line 3"),
        ("bad time", b"identifier,notified_at,channel\nC-1,tomorrow,sms\n", "line 2"),
        (
            "bad channel",
            b"identifier,notified_at,channel\nC-1,2026-11-24 10:00,pigeon\n",
            "line 2",
        ),
        ("extra column", b"identifier,colour\nC-1,red\n", "line 2"),
        ("not utf-8", b"identifier\n\xff\xfe\n", "UTF-8"),
    ];
    for (what, bytes, expect) in cases {
        std::fs::write(&file, bytes).expect("write");
        let err = fails(&db, &["affected", "import", "--incident", "1", file.to_str().expect("p")]);
        assert!(err.contains(expect) && err.contains("nothing was imported"), "{what}: {err}");
    }
    let export = ok(&db, &["affected", "export", "--incident", "1"]);
    assert_eq!(export.lines().count(), 1, "nothing half-way: {export}");
    let mut csv = String::from("identifier,what,notified_at,channel\n");
    for i in 0..5 {
        csv.push_str(&format!("C-{i},booking data,2026-11-24 10:0{i},sms\n"));
    }
    std::fs::write(&file, csv).expect("write");
    assert!(ok(&db, &["affected", "import", "--incident", "1", file.to_str().expect("p")]).contains("5 added"));
    let export = ok(&db, &["affected", "export", "--incident", "1"]);
    assert_eq!(export.lines().count(), 6);
    assert!(export.contains("C-3,booking data,2026-11-24T02:03:00.000Z,sms"), "{export}");
    // The default export never carries the register, only its counts.
    let md = ok(&db, &["export", "--format", "md"]);
    assert!(!md.contains("C-3"), "{md}");
    let json = ok(&db, &["export", "--format", "json"]);
    assert!(!json.contains("C-3"));
    assert!(ok(&db, &["verify"]).contains("ok"));
}

#[test]
fn the_call_tree_files_for_other_tools() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = declared(dir.path());
    let err = fails(&db, &["calltree", "sms", "--incident", "1"]);
    assert!(err.contains("no call tree"), "{err}");
    let cards = ok(&db, &["calltree", "vcards"]);
    assert!(cards.is_empty(), "an empty roster has no cards");
}

/// Activate a tree, acknowledge two, let the tier's wait run out on a test
/// clock, escalate; log an inbound call from 衛生局 and answer it; import
/// 200 affected patients and 120 notifications, and see "notified 120/200".
#[test]
fn e2e_reaching_people_and_hearing_back() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("c.db");
    {
        let content = crisisdesk::domain::Content::builtin().expect("content");
        let mut s = crisisdesk::store::Store::open(&db, false).expect("store");
        let now = chrono::Utc::now();
        let id = s
            .declare(content.playbook("data-breach").expect("pb"), 2, "預約系統遭加密", false, now)
            .expect("declare");
        for (role, name) in [
            ("commander", "林院長"),
            ("it-security", "王建宏"),
            ("legal", "黃律師"),
            ("communications", "陳雅婷"),
        ] {
            let p = s.add_person(name, "0900-000-101", "", now).expect("person");
            s.assign_role(id, role, p, now).expect("assign");
        }
    }
    let people = dir.path().join("people.csv");
    let mut csv = String::from("identifier,what\n");
    for i in 0..200 {
        csv.push_str(&format!("C-{i:04},booking data\n"));
    }
    std::fs::write(&people, csv).expect("write");
    let told = dir.path().join("told.csv");
    let mut csv = String::from("identifier,notified_at,channel\n");
    for i in 0..120 {
        csv.push_str(&format!("C-{i:04},2026-11-24 15:00,sms\n"));
    }
    std::fs::write(&told, csv).expect("write");
    let clock = dir.path().join("clock");
    std::fs::write(&clock, "0").expect("clock");
    let clock_env = clock.display().to_string();
    let mut t = Tui::spawn_env(
        &db,
        &["--lang", "en", "--operator", "林院長"],
        &[("CRISISDESK_TEST_CLOCK", &clock_env)],
        120,
        40,
    );
    t.wait_for("Timeline");
    // The call tree: draft, activate, the commander acknowledges (one of
    // the two tier 1 needs).
    t.send("T");
    t.wait_for("Call tree");
    t.send("m");
    t.send("Assemble");
    t.send("\t");
    t.send("Call back within ten minutes");
    t.send("\r");
    t.send("A");
    t.wait_for("Activated");
    t.send("a");
    t.wait_for("1/2 acknowledged");
    // Tier 1's ten minutes run out on the test clock: escalate.
    std::fs::write(&clock, "660").expect("eleven minutes later");
    t.wait_for("Tier 2 is due");
    t.send("E");
    t.wait_for("Activated");
    // The communications lead, first on tier 2, acknowledges: two in all.
    for _ in 0..3 {
        t.send("\x1b[B");
    }
    t.send("a");
    t.wait_for("1/1 acknowledged");
    t.send("\x1b");
    t.wait_for("call tree 2/");
    // An inbound call from the health bureau, answered.
    t.send("I");
    t.wait_for("Message log");
    t.send("n");
    t.send("臺北市衛生局");
    t.send("\t\t\t");
    t.send("Scope of the leak?");
    t.send("\r");
    t.wait_for("臺北市衛生局");
    t.send("\r");
    t.send("Explained by phone");
    t.send("\r");
    t.wait_for("answered: Explained by phone");
    t.send("\x1b");
    // The register: 200 people, then 120 notifications.
    t.send("H");
    t.wait_for("Affected persons");
    for file in [&people, &told] {
        t.send("i");
        t.send(&file.display().to_string());
        t.send("\r");
    }
    t.wait_for("Notified 120 of 200");
    t.send("\x1b");
    t.wait_for("notified 120/200");
    t.send("q");
    t.wait_exit();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_crisisdesk"))
        .args(["--lang", "en", "--db"])
        .arg(&db)
        .args(["verify"])
        .output()
        .expect("verify");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("ok"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    // What the record says afterwards, measured from it.
    let v: serde_json::Value = serde_json::from_str(&ok(&db, &["export", "--format", "json"])).expect("json");
    let reach = &v["reach"];
    assert_eq!(reach["affected"], serde_json::json!({"total": 200, "notified": 120}));
    assert_eq!(reach["messages"][0]["answer"], "Explained by phone");
    assert_eq!(reach["call_tree"]["tiers"][1]["people"][0]["state"], "acknowledged");
    assert!(!v.to_string().contains("C-0001"), "the register stays out of the export");
    let report = ok(&db, &["report", "--incident", "1", "--format", "md"]);
    for want in [
        "Reaching people and hearing back",
        "Affected persons notified: 120 of 200",
        "Median time to answer",
    ] {
        assert!(report.contains(want), "{want} missing from the report:\n{report}");
    }
    let page = ok(&db, &["calltree", "html", "--incident", "1"]);
    assert!(
        page.contains("href=\"tel:0900000101\"") && page.contains("sms:0900000101?body="),
        "{page}"
    );
    let sms = ok(&db, &["calltree", "sms", "--incident", "1"]);
    assert!(sms.starts_with("phone,name,message\n0900-000-101,"), "{sms}");
}
