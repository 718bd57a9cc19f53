//! The non-interactive commands, run as a user runs them.

use std::path::Path;
use std::process::{Command, Output};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_crisisdesk"));
    // Never touch the developer's real data directory.
    c.env("XDG_DATA_HOME", std::env::temp_dir().join("crisisdesk-cli-test-never-used"));
    c
}

fn run(db: &Path, args: &[&str]) -> Output {
    bin().arg("--db").arg(db).args(args).output().expect("run binary")
}

fn ok(db: &Path, args: &[&str]) -> String {
    let out = run(db, args);
    assert!(out.status.success(), "{args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8")
}

/// A failure is one clear line on stderr, never a panic or a backtrace.
fn fails(db: &Path, args: &[&str], expect: &str) {
    let out = run(db, args);
    assert!(!out.status.success(), "{args:?} should fail");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(expect), "{args:?}: stderr {err:?} lacks {expect:?}");
    assert!(!err.contains("panicked") && !err.contains("RUST_BACKTRACE"), "{err}");
}

#[test]
fn declare_log_export_round_trip() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("c.db");
    let id = ok(&db, &["declare", "--type", "data-breach", "--severity", "2", "--title", "病歷外洩"])
        .trim()
        .to_string();
    assert_eq!(id, "1");
    ok(&db, &["log", "--incident", &id, "已通知資安廠商"]);
    ok(&db, &["log", "--incident", &id, "--at", "2020-01-01 09:00", "較早的事件"]);
    let json = ok(&db, &["export", "--incident", &id, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    for key in ["incident", "roles", "checklist", "statements", "timeline"] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    assert_eq!(v["incident"]["title"], "病歷外洩");
    assert_eq!(v["incident"]["type"], "data-breach");
    assert_eq!(v["incident"]["demo"], false);
    assert!(v["checklist"].as_array().expect("items").len() > 10);
    let tl = v["timeline"].as_array().expect("timeline");
    assert_eq!(tl.len(), 3);
    assert_eq!(tl[1]["text"], "已通知資安廠商");
    assert!(tl[2]["event_at"].as_str().expect("t") < tl[2]["recorded_at"].as_str().expect("t"));
    assert!(
        v["roles"]
            .as_array()
            .expect("roles")
            .iter()
            .any(|r| r["role"] == "commander" && r["holder"].is_null())
    );
    let md = ok(&db, &["export", "--format", "md"]);
    assert!(md.starts_with("# #1 病歷外洩"), "{md}");
    assert!(md.contains("已通知資安廠商"));
    let md_en = ok(&db, &["--lang", "en", "export", "--format", "md"]);
    assert!(md_en.contains("## Timeline") && md_en.contains("## Checklist"), "{md_en}");
}

#[test]
fn playbooks_lists_the_six_types() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = ok(&dir.path().join("c.db"), &["playbooks"]);
    for id in [
        "medical-dispute",
        "online-reputation",
        "data-breach",
        "staff-misconduct",
        "drug-safety",
        "public-health",
    ] {
        assert!(out.contains(id), "{id} missing from {out}");
    }
    assert_eq!(out.lines().count(), 6);
}

#[test]
fn demo_is_marked_everywhere() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("c.db");
    let id = ok(&db, &["demo"]).trim().to_string();
    let v: serde_json::Value = serde_json::from_str(&ok(&db, &["export", "--incident", &id, "--format", "json"])).expect("json");
    assert_eq!(v["incident"]["demo"], true);
    assert!(v["roles"].as_array().expect("r").iter().filter(|r| !r["holder"].is_null()).count() >= 3);
    assert!(v["checklist"].as_array().expect("c").iter().any(|i| i["state"] == "done"));
    assert!(v["timeline"].as_array().expect("t").len() > 5);
    let md = ok(&db, &["export", "--incident", &id, "--format", "md"]);
    assert!(md.starts_with("# [示範 DEMO]"), "{md}");
    // A real incident declared later is the default, ahead of the demo.
    let real = ok(&db, &["declare", "--type", "drug-safety", "--severity", "3", "--title", "批號回收"])
        .trim()
        .to_string();
    let v: serde_json::Value = serde_json::from_str(&ok(&db, &["export", "--format", "json"])).expect("json");
    assert_eq!(v["incident"]["id"].to_string(), real);
}

#[test]
fn bad_input_gets_one_clear_line() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("c.db");
    fails(
        &db,
        &["declare", "--type", "alien-invasion", "--severity", "2", "--title", "x"],
        "unknown crisis type",
    );
    fails(
        &db,
        &["declare", "--type", "data-breach", "--severity", "7", "--title", "x"],
        "severity must be 1, 2, 3 or 4",
    );
    fails(
        &db,
        &["declare", "--type", "data-breach", "--severity", "2", "--title", "  "],
        "title is empty",
    );
    fails(&db, &["log", "--incident", "42", "hello"], "incident 42 not found");
    fails(&db, &["export", "--incident", "42", "--format", "json"], "incident 42 not found");
    fails(&db, &["export", "--format", "json"], "no open incident");
    fails(&db, &["export", "--format", "pdf"], "invalid value");
    fails(&db, &["log", "--incident", "1", "--at", "tomorrow", "x"], "cannot read time");
    fails(&db, &["--lang", "fr", "playbooks"], "unknown language");
    fails(&db, &["frobnicate"], "unrecognized subcommand");
}

#[test]
fn unreadable_databases_are_refused_without_damage() {
    let dir = tempfile::tempdir().expect("tmp");
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, "hello, this is a text file and not a database at all".repeat(30)).expect("write");
    fails(&junk, &["export", "--format", "json"], "not a crisisdesk database");
    fails(
        &dir.path().join("missing/dir/c.db"),
        &["export", "--format", "json"],
        "does not exist",
    );
}

#[test]
fn the_console_refuses_to_run_without_a_terminal() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = bin()
        .arg("--db")
        .arg(dir.path().join("c.db"))
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("needs a terminal"));
}
