//! The non-interactive commands, run as a user runs them.

use crisisdesk::domain::types::{Audience, NoteKind};
use std::path::Path;
use std::process::{Command, Output};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_crisisdesk"));
    // Never touch the developer's real data directory.
    c.env("XDG_DATA_HOME", std::env::temp_dir().join("crisisdesk-cli-test-never-used"));
    c
}

/// Run a command; in English unless the test names a language (the
/// default is Chinese, checked in `errors_are_worded_in_the_interface_language`).
fn run(db: &Path, args: &[&str]) -> Output {
    let mut c = bin();
    if !args.contains(&"--lang") {
        c.args(["--lang", "en"]);
    }
    c.arg("--db").arg(db).args(args).output().expect("run binary")
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
fn playbooks_lists_the_seven_types() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = ok(&dir.path().join("c.db"), &["playbooks"]);
    for id in [
        "medical-dispute",
        "online-reputation",
        "data-breach",
        "staff-misconduct",
        "drug-safety",
        "public-health",
        "violence",
    ] {
        assert!(out.contains(id), "{id} missing from {out}");
    }
    assert_eq!(out.lines().count(), 7);
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
    let md = ok(&db, &["--lang", "zh", "export", "--incident", &id, "--format", "md"]);
    assert!(md.starts_with("# [示範 DEMO]"), "{md}");
    // A real incident declared later is the default, ahead of the demo.
    let real = ok(&db, &["declare", "--type", "drug-safety", "--severity", "3", "--title", "批號回收"])
        .trim()
        .to_string();
    let v: serde_json::Value = serde_json::from_str(&ok(&db, &["export", "--format", "json"])).expect("json");
    assert_eq!(v["incident"]["id"].to_string(), real);
}

#[test]
fn errors_are_worded_in_the_interface_language() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("c.db");
    let args = ["declare", "--type", "alien-invasion", "--severity", "2", "--title", "x"];
    let zh = String::from_utf8(bin().arg("--db").arg(&db).args(args).output().expect("run").stderr).expect("utf-8");
    assert!(zh.contains("不認得的危機類型"), "Chinese by default: {zh}");
    assert!(!zh.contains("unknown"), "no English on a Chinese screen: {zh}");
    fails(
        &db,
        &["--lang", "en", "declare", "--type", "x", "--severity", "2", "--title", "x"],
        "unknown crisis type",
    );
    let missing = dir.path().join("none.db");
    let zh = String::from_utf8(bin().arg("--db").arg(&missing).args(["verify"]).output().expect("run").stderr).expect("utf-8");
    assert!(zh.contains("沒有資料庫"), "{zh}");
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
    fails(&db, &["log", "--incident", "1", "--at", "tomorrow", "x"], "cannot read the time");
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
        "no database at",
    );
    fails(
        &dir.path().join("missing/dir/c.db"),
        &["declare", "--type", "data-breach", "--severity", "2", "--title", "x"],
        "does not exist",
    );
    // A read-only command never creates a file from a mistyped path.
    let typo = dir.path().join("clinc.db");
    fails(&typo, &["verify"], "no database at");
    assert!(!typo.exists());
}

#[test]
fn the_console_refuses_to_run_without_a_terminal() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = bin()
        .args(["--lang", "en", "--db"])
        .arg(dir.path().join("c.db"))
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("needs a terminal"));
}

fn lint(db: &Path, file: &Path, extra: &[&str]) -> (i32, String) {
    let mut args = vec!["lint", file.to_str().expect("path")];
    args.extend_from_slice(extra);
    let out = run(db, &args);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn lint_exit_status_and_json_findings() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("c.db");
    let f = dir.path().join("s.txt");
    ok(&db, &["profile", "show"]);
    // Blocked: a valid national ID on line 2, column 4.
    std::fs::write(&f, "本診所深感抱歉。\n病患：A123456789。\n").expect("write");
    let (code, out) = lint(&db, &f, &["--json", "--audience", "media"]);
    assert_eq!(code, 2, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let id = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|x| x["kind"] == "national-id")
        .expect("national-id finding");
    assert_eq!(id["severity"], "block");
    assert_eq!((id["line"].as_u64(), id["column"].as_u64()), (Some(2), Some(4)));
    assert_eq!(id["text"], "A123456789");
    assert!(id["message"].as_str().is_some_and(|m| !m.is_empty()));

    // Warnings only: no personal data, but the first-message elements are missing.
    std::fs::write(&f, "我們推測是系統問題。\n").expect("write");
    let (code, out) = lint(&db, &f, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("speculation"), "{out}");

    // The clinic's own hotline is allowed once the profile names it.
    std::fs::write(&f, "洽詢專線 02-2345-6789").expect("write");
    assert_eq!(lint(&db, &f, &["--json"]).0, 2, "an unknown landline blocks");
    ok(&db, &["profile", "set", "hotline", "02-2345-6789"]);
    let (code, out) = lint(&db, &f, &["--json"]);
    assert!(code < 2, "{out}");
    assert!(ok(&db, &["profile", "show"]).contains("02-2345-6789"));

    fails(&db, &["lint", "/nonexistent/x.txt"], "cannot read");
    assert_eq!(
        run(&db, &["lint", "/nonexistent/x.txt"]).status.code(),
        Some(3),
        "not 1: that means warnings"
    );
    fails(&db, &["lint", f.to_str().expect("p"), "--audience", "aliens"], "unknown audience");
    fails(&db, &["profile", "set", "cadence-1", "soon"], "cadence-1");
    // Invalid UTF-8 and control characters are reported, not fatal.
    std::fs::write(&f, b"\xff\xfe\x1b[31m\xe6\x9c\xac\n").expect("write");
    let (code, out) = lint(&db, &f, &["--json"]);
    assert!(code <= 2);
    assert!(out.contains("not valid UTF-8"), "{out}");
}

#[test]
fn statement_export_writes_only_the_frozen_release() {
    use crisisdesk::domain::desk::Step;
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("c.db");
    let id: i64 = ok(&db, &["declare", "--type", "data-breach", "--severity", "2", "--title", "外洩"])
        .trim()
        .parse()
        .expect("id");
    let now = chrono::Utc::now();
    let st = {
        let mut s = crisisdesk::store::Store::open(&db, false).expect("open");
        for (role, name) in [("commander", "林院長"), ("legal", "黃律師")] {
            let p = s.add_person(name, "", "", now).expect("p");
            s.assign_role(id, role, p, now).expect("assign");
        }
        s.create_statement(id, Audience::Media, "本診所深感抱歉。\n第二段。", now)
            .expect("create")
    };
    fails(&db, &["statement", "export", &st.to_string()], "has not been released");
    {
        let mut s = crisisdesk::store::Store::open(&db, false).expect("open");
        for step in [Step::Submit, Step::Review, Step::Approve, Step::Release] {
            s.advance_for_tests(st, step, now).expect("step");
        }
        // A new draft after release must not leak into the export.
        s.advance_for_tests(st, Step::NewVersion, now).expect("v2");
        s.save_statement_body(st, "草稿中", now).expect("draft");
    }
    let txt = ok(&db, &["statement", "export", &st.to_string(), "--format", "txt"]);
    assert_eq!(txt, "本診所深感抱歉。\n第二段。\n");
    let md = ok(&db, &["--lang", "en", "statement", "export", &st.to_string(), "--format", "md"]);
    let sha = crisisdesk::domain::desk::sha256_hex("本診所深感抱歉。\n第二段。");
    assert!(md.contains(&sha) && md.contains("黃律師") && md.contains("林院長"), "{md}");
    assert!(!md.contains("草稿中"));
    fails(&db, &["statement", "export", "999"], "not found");
}

#[test]
fn drill_list_check_start_history_delete() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("c.db");
    let list = ok(&db, &["drill", "list"]);
    assert!(list.lines().count() >= 10, "{list}");
    for id in [
        "laser-burn",
        "xray-posted",
        "review-storm",
        "aesthetic-ransomware",
        "covid-cluster",
        "flu-surge",
    ] {
        assert!(list.contains(id), "{id} missing from\n{list}");
    }
    // A clinic's own file: a good one passes, a bad one names file, line and field.
    let good = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/scenarios/flu-surge.toml")).expect("read");
    let f = dir.path().join("mine.toml");
    std::fs::write(&f, &good).expect("write");
    assert!(ok(&db, &["drill", "check", f.to_str().expect("p")]).contains("ok"));
    let bad = good.replacen("to = \"", "to = \"janitor-", 1);
    std::fs::write(&f, &bad).expect("write");
    let line = bad.lines().position(|l| l.contains("janitor-")).expect("line") + 1;
    let out = run(&db, &["drill", "check", f.to_str().expect("p")]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(&format!("mine.toml, line {line}: inject")) && text.contains("to: unknown role"),
        "{text}"
    );
    std::fs::write(&f, "id = \"x\"\ntitle = [\n").expect("write");
    let out = run(&db, &["drill", "check", f.to_str().expect("p")]);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("mine.toml, line"),
        "syntax errors name the line"
    );

    // Without a terminal, `drill start` prints the new drill's id.
    let real = ok(&db, &["declare", "--type", "data-breach", "--severity", "2", "--title", "真的事件"]);
    let drill = ok(&db, &["drill", "start", "laser-burn"]).trim().to_string();
    assert_ne!(drill, real.trim());
    // The real incident stays the default; the drill says what it is.
    let v: serde_json::Value = serde_json::from_str(&ok(&db, &["export", "--format", "json"])).expect("json");
    assert_eq!(v["incident"]["title"], "真的事件");
    let v: serde_json::Value = serde_json::from_str(&ok(&db, &["export", "--incident", &drill, "--format", "json"])).expect("json");
    assert_eq!(v["incident"]["drill"], true);
    let md = ok(&db, &["export", "--incident", &drill, "--format", "md"]);
    assert!(md.contains("演練"), "{md}");
    let hist = ok(&db, &["drill", "history"]);
    assert!(hist.contains("laser-burn") && hist.contains(&format!("#{drill}")), "{hist}");
    fails(&db, &["drill", "delete", real.trim()], "never deleted");
    ok(&db, &["drill", "delete", &drill]);
    fails(&db, &["export", "--incident", &drill, "--format", "json"], "not found");
    fails(&db, &["drill", "start", "no-such-scenario"], "no scenario");
}

#[test]
fn verify_catches_an_edit_made_with_sqlite_and_exports_carry_the_head() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("c.db");
    ok(&db, &["declare", "--type", "data-breach", "--severity", "2", "--title", "外洩"]);
    ok(&db, &["log", "--incident", "1", "已通知資安廠商"]);
    ok(&db, &["log", "--incident", "1", "已報警"]);
    let out = ok(&db, &["verify"]);
    assert!(out.contains("incident 1: ok, 3 entries"), "{out}");
    let v: serde_json::Value = serde_json::from_str(&ok(&db, &["export", "--format", "json"])).expect("json");
    let head = v["chain"]["head"].as_str().expect("head").to_string();
    assert!(out.contains(&head));
    assert!(ok(&db, &["export", "--format", "md"]).contains(&head));
    // Edit behind the app's back, as someone with sqlite3 would.
    {
        let c = rusqlite::Connection::open(&db).expect("open");
        c.execute("UPDATE timeline_entry SET data = replace(data, '已報警', '未報警')", [])
            .expect("tamper");
    }
    let out = run(&db, &["verify", "--incident", "1"]);
    assert_eq!(out.status.code(), Some(3));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("BROKEN incident 1: timeline entry 3"), "{text}");
}

#[test]
fn backup_is_private_and_restore_verifies_before_replacing() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("c.db");
    ok(&db, &["declare", "--type", "data-breach", "--severity", "2", "--title", "外洩"]);
    ok(&db, &["log", "--incident", "1", "備份前的紀錄"]);
    let bak = dir.path().join("backup.db");
    ok(&db, &["backup", bak.to_str().expect("p")]);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&bak).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "a backup holds patients' details");
    }
    fails(&db, &["backup", bak.to_str().expect("p")], "already exists");
    ok(&db, &["log", "--incident", "1", "備份後的紀錄"]);

    // A tampered backup is refused and the live database is untouched.
    let bad = dir.path().join("bad.db");
    std::fs::copy(&bak, &bad).expect("copy");
    {
        let c = rusqlite::Connection::open(&bad).expect("open");
        c.execute("UPDATE timeline_entry SET data = replace(data, '備份前', '竄改')", [])
            .expect("tamper");
    }
    fails(&db, &["restore", bad.to_str().expect("p")], "does not verify");
    fails(&db, &["restore", dir.path().join("nope.db").to_str().expect("p")], "not found");
    let md = ok(&db, &["export", "--format", "md"]);
    assert!(md.contains("備份後的紀錄"), "nothing replaced after a refused restore");

    // A good backup restores; the entry made after it is gone, the old db kept.
    let out = ok(&db, &["restore", bak.to_str().expect("p")]);
    assert!(out.contains("restored 1 incidents"), "{out}");
    let md = ok(&db, &["export", "--format", "md"]);
    assert!(md.contains("備份前的紀錄") && !md.contains("備份後的紀錄"), "{md}");
    assert!(ok(&db, &["verify"]).contains("ok"));
    let kept: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("before-restore"))
        .collect();
    assert_eq!(kept.len(), 1);
}

/// `lint --incident ID` also checks the incident's private-person list from
/// the database, and names an incident that does not exist.
#[test]
fn lint_applies_the_incidents_private_persons() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("c.db");
    ok(
        &db,
        &["declare", "--type", "medical-dispute", "--severity", "2", "--title", "術後感染"],
    );
    {
        let mut s = crisisdesk::store::Store::open(&db, false).expect("open");
        s.add_private_person(1, "林美華", "病患", chrono::Utc::now()).expect("private");
    }
    let f = dir.path().join("s.txt");
    std::fs::write(&f, "本診所對林美華的遭遇深感抱歉。\n").expect("write");
    let (code, out) = lint(&db, &f, &["--json"]);
    assert!(code < 2, "without the incident the name is not known: {out}");
    let (code, out) = lint(&db, &f, &["--json", "--incident", "1"]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("\"private-name\""), "{out}");
    fails(&db, &["lint", f.to_str().expect("p"), "--incident", "9"], "incident 9");
}

/// Commands name their operator on the timeline: `--operator`, else the login.
#[test]
fn commands_record_their_operator() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("c.db");
    ok(
        &db,
        &[
            "--operator",
            "林志明",
            "declare",
            "--type",
            "data-breach",
            "--severity",
            "2",
            "--title",
            "外洩",
        ],
    );
    let out = bin()
        .env("USER", "frontdesk")
        .arg("--db")
        .arg(&db)
        .args(["log", "--incident", "1", "櫃台回報"])
        .output()
        .expect("run");
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_str(&ok(&db, &["export", "--format", "json"])).expect("json");
    let tl = v["timeline"].as_array().expect("timeline");
    assert_eq!(tl[0]["operator"], "林志明");
    assert_eq!(tl[1]["operator"], "@frontdesk");
    let md = ok(&db, &["--lang", "zh", "export", "--format", "md"]);
    assert!(md.contains("| 林志明 |") && md.contains("命令列（frontdesk）"), "{md}");
}

/// Recompute every hash of a chain after changing one entry: what a forger
/// with the file can do. The chain then verifies on its own.
fn forge(db: &Path, incident: i64, note_from: &str, note_to: &str) {
    let c = rusqlite::Connection::open(db).expect("open");
    c.execute(
        "UPDATE timeline_entry SET data = replace(data, ?2, ?3) WHERE incident_id = ?1",
        rusqlite::params![incident, note_from, note_to],
    )
    .expect("edit");
    let rows: Vec<(i64, String, String, String, String, Option<String>)> = c
        .prepare("SELECT id, kind, data, event_at, recorded_at, operator FROM timeline_entry WHERE incident_id = ?1 ORDER BY id")
        .expect("prepare")
        .query_map([incident], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))
        })
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    let mut prev = crisisdesk::domain::chain::GENESIS.to_string();
    for (id, kind, data, ev, rec, op) in rows {
        let h = crisisdesk::domain::chain::entry_hash(&prev, incident, &kind, &data, &ev, &rec, op.as_deref());
        c.execute(
            "UPDATE timeline_entry SET prev_hash = ?2, hash = ?3 WHERE id = ?1",
            rusqlite::params![id, prev, h],
        )
        .expect("rehash");
        prev = h;
    }
    c.execute(
        "UPDATE incident SET chain_head = ?2 WHERE id = ?1",
        rusqlite::params![incident, prev],
    )
    .expect("head");
}

/// An anchor written down outside the file catches a chain rewritten from
/// the start, which `verify` alone cannot.
#[test]
fn an_anchor_catches_a_rewritten_chain() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("c.db");
    ok(&db, &["declare", "--type", "data-breach", "--severity", "2", "--title", "外洩"]);
    ok(&db, &["log", "--incident", "1", "14:05 發現主機加密"]);
    let out = ok(&db, &["--lang", "en", "anchor"]);
    let digest = out.split_whitespace().nth(1).expect("digest").to_string();
    assert_eq!(digest.len(), 23, "{out}");
    assert!(out.contains('█') || out.contains('▀'), "a QR code follows:\n{out}");
    assert_eq!(ok(&db, &["anchor", "--no-qr"]).lines().count(), 2);
    // The record goes on after the anchor and still extends it; the anchor
    // itself is on the timeline; typed loosely, it reads the same.
    ok(&db, &["log", "--incident", "1", "14:30 已通報"]);
    let typed = digest.to_lowercase().replace('-', " ");
    assert!(ok(&db, &["verify", "--anchor", &typed]).contains("the record extends it"));
    let v: serde_json::Value = serde_json::from_str(&ok(&db, &["export", "--format", "json"])).expect("json");
    assert!(
        v["timeline"]
            .as_array()
            .expect("tl")
            .iter()
            .any(|e| e["kind"] == "anchor.given" && e["data"]["digest"] == digest.as_str())
    );

    // A forger rewrites the first note and every hash after it.
    forge(&db, 1, "14:05 發現主機加密", "14:50 發現主機加密");
    let plain = run(&db, &["verify"]);
    assert!(plain.status.success(), "the forged chain verifies on its own");
    let anchored = run(&db, &["verify", "--anchor", &digest]);
    assert_eq!(anchored.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&anchored.stdout).contains("no longer extends"));

    // Without the anchor's own record, it is unknown: also a failure.
    rusqlite::Connection::open(&db)
        .expect("open")
        .execute("DELETE FROM anchor", [])
        .expect("delete");
    let gone = run(&db, &["verify", "--anchor", &digest]);
    assert_eq!(gone.status.code(), Some(3));
    fails(&db, &["verify", "--anchor", "hello"], "not an anchor");
}

/// Hostile text in titles, notes, names and statements stays text: escaped
/// in HTML and Markdown, inert in JSON, with BiDi overrides and escape
/// sequences shown as visible marks instead of acting.
#[test]
fn hostile_text_is_inert_in_every_export() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("c.db");
    let evil = "\"><img src=x onerror=alert(1)><script>alert(2)</script>\u{202E}gnp.exe\u{1b}[2J";
    ok(&db, &["declare", "--type", "data-breach", "--severity", "2", "--title", evil]);
    ok(&db, &["log", "--incident", "1", evil]);
    {
        let mut s = crisisdesk::store::Store::open(&db, false).expect("open");
        let now = chrono::Utc::now();
        let p = s.add_person(evil, "", "", now).expect("person");
        s.assign_role(1, "commander", p, now).expect("assign");
        s.create_statement(1, Audience::Media, evil, now).expect("statement");
        s.add_after_action_note(1, NoteKind::Hotwash, evil, now).expect("review note");
    }
    let hostile = |out: &str, what: &str| {
        for bad in ["<script", "<img", "\u{202E}", "\u{1b}"] {
            assert!(!out.contains(bad), "{what} carries {bad:?}:\n{out}");
        }
    };
    let md = ok(&db, &["export", "--format", "md"]);
    hostile(&md, "the Markdown export");
    assert!(
        md.contains("&lt;script&gt;") && md.contains("&lt;RLO&gt;") && md.contains('␛'),
        "{md}"
    );
    let json = ok(&db, &["export", "--format", "json"]);
    hostile(&json, "the JSON export");
    let v: serde_json::Value = serde_json::from_str(&json).expect("still valid JSON");
    assert_eq!(v["incident"]["title"], evil, "the value itself is kept exactly");
    for format in ["html", "md"] {
        let report = ok(&db, &["report", "--incident", "1", "--format", format]);
        hostile(&report, format);
    }
    let html = ok(&db, &["report", "--incident", "1", "--format", "html"]);
    assert!(
        html.contains("&lt;script&gt;alert(2)&lt;/script&gt;") && html.contains("&quot;&gt;&lt;img"),
        "{html}"
    );
}
