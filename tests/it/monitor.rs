//! Online-opinion monitoring from the command line: the fixture feeds, a
//! review export and a CSV imported and deduplicated; every malformed file
//! one line naming it, nothing imported; `monitor fetch` against a server
//! on the loopback interface (a feed, a slow one, a failing one, none);
//! and from a Google Alerts file to an answered mention in the real console.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::common::cli::{fails, ok, run};
use crate::common::pty::Tui;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/monitor").join(name)
}

fn declared(dir: &Path) -> PathBuf {
    let db = dir.join("c.db");
    ok(
        &db,
        &[
            "declare",
            "--type",
            "online-reputation",
            "--severity",
            "2",
            "--title",
            "laser burn posts",
        ],
    );
    db
}

fn listed(db: &Path) -> Vec<String> {
    ok(db, &["monitor", "list", "--limit", "100"]).lines().map(str::to_string).collect()
}

#[test]
fn every_fixture_imports_once_and_a_changed_entry_updates() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = declared(dir.path());
    let want = [
        ("google-alerts.xml", "2 new"),
        ("ptt-gossiping.xml", "2 new"),
        ("news.rss", "1 new"),
        ("reviews.json", "3 new"),
        ("mentions.csv", "4 new"),
    ];
    for (name, said) in want {
        let f = fixture(name);
        let out = ok(&db, &["monitor", "import", f.to_str().expect("p")]);
        assert!(out.contains(said), "{name}: {out}");
    }
    let rows = listed(&db);
    assert_eq!(rows.len(), 12, "{rows:#?}");
    for source in [
        "google-alerts",
        "ptt",
        "feed",
        "google-reviews",
        "facebook",
        "dcard",
        "line",
        "threads",
    ] {
        assert!(
            rows.iter().any(|r| r.split('\t').nth(2) == Some(source)),
            "{source} missing: {rows:#?}"
        );
    }
    assert!(rows.iter().any(|r| r.contains("moonriver7")), "PTT authors are kept");
    // Again: nothing new.
    let f = fixture("google-alerts.xml");
    let again = ok(&db, &["monitor", "import", "--incident", "1", f.to_str().expect("p")]);
    assert!(again.contains("0 new, 0 updated, 2 unchanged") && again.contains("#1"), "{again}");
    // The article edited at its source: updated, not repeated, earlier text kept.
    let edited = std::fs::read_to_string(&f)
        .expect("read")
        .replace("家屬在臉書發文", "家屬昨晚在臉書發文");
    let g = dir.path().join("alerts-later.xml");
    std::fs::write(&g, edited).expect("write");
    let out = ok(&db, &["monitor", "import", g.to_str().expect("p")]);
    assert!(out.contains("0 new, 1 updated"), "{out}");
    assert_eq!(listed(&db).len(), 12);
    let v: serde_json::Value = serde_json::from_str(&ok(&db, &["export", "--format", "json"])).expect("json");
    let m = &v["monitoring"]["mentions"];
    assert_eq!(m.as_array().map(Vec::len), Some(2), "{m}");
    let burn = m
        .as_array()
        .and_then(|a| a.iter().find(|x| x["title"].as_str().is_some_and(|t| t.contains("燙傷"))))
        .expect("burn");
    assert_eq!(
        burn["link"],
        "https://news.example.com.tw/society/20261124/laser-burn?utm_source=google&utm_medium=alert"
    );
    assert_eq!(burn["matched"], serde_json::json!(["安心診所", "燙傷"]));
    assert!(burn["text"].as_str().is_some_and(|t| t.contains("昨晚")));
    let md = ok(&db, &["export", "--format", "md"]);
    assert!(md.contains("## Online opinion") && md.contains("| Google Alerts |"), "{md}");
    let err = fails(&db, &["monitor", "import", "--incident", "99", f.to_str().expect("p")]);
    assert!(err.contains("99"), "{err}");
    assert!(ok(&db, &["verify"]).contains("ok"));
}

#[test]
fn malformed_files_say_one_line_and_import_nothing() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = declared(dir.path());
    let alerts = std::fs::read(fixture("google-alerts.xml")).expect("read");
    let mut big5 = alerts.clone();
    // 病患 in Big5 where the feed says UTF-8.
    let at = alerts.windows(6).position(|w| w == "病患".as_bytes()).expect("text");
    big5.splice(at..at + 6, [0xAF, 0x66, 0xB1, 0x77]);
    let csv_ok = std::fs::read(fixture("mentions.csv")).expect("read");
    let mut latin1 = csv_ok.clone();
    latin1.extend_from_slice(b"facebook,Jos\xe9,2026-11-24 14:00,caf\xe9 com\xe9dia,,,,,\n");
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("not-xml.xml", b"this is a forwarded e-mail, not a feed".to_vec(), "not XML"),
        ("cut.xml", alerts[..alerts.len() / 2].to_vec(), "feed"),
        ("big5.xml", big5, "not UTF-8"),
        ("latin1.csv", latin1, "not UTF-8"),
        (
            "no-time.csv",
            "source,author,text\nfacebook,林媽媽,診所不回應\n".as_bytes().to_vec(),
            "no time column",
        ),
        (
            "bad-stars.json",
            br#"{"reviews":[{"reviewId":"x","starRating":"SIX","createTime":"2026-11-24T01:00:00Z"}]}"#.to_vec(),
            "starRating",
        ),
        ("cut.json", br#"{"reviews":[{"reviewId":"x","#.to_vec(), "cut short"),
    ];
    for (name, bytes, expect) in cases {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).expect("write");
        let err = fails(&db, &["monitor", "import", p.to_str().expect("p")]);
        assert!(err.contains(name), "{name} names the file: {err}");
        assert!(err.contains(expect), "{name}: {err}");
        assert!(err.contains("nothing was imported"), "{name}: {err}");
        assert!(listed(&db).is_empty(), "{name} imported something");
    }
}

/// A feed server on the loopback interface: `/ok` a Google Alerts feed,
/// `/slow` answers after the client gave up, `/fail` a 500.
fn feed_server() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let port = listener.local_addr().expect("addr").port();
    let feed = std::fs::read(fixture("google-alerts.xml")).expect("fixture");
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let feed = feed.clone();
            std::thread::spawn(move || {
                let mut first = String::new();
                let mut r = BufReader::new(stream.try_clone().expect("clone"));
                let _ = r.read_line(&mut first);
                let mut line = String::new();
                while r.read_line(&mut line).unwrap_or(0) > 2 {
                    line.clear();
                }
                let path = first.split_whitespace().nth(1).unwrap_or("/").to_string();
                let (status, body): (&str, Vec<u8>) = match path.as_str() {
                    "/ok" => ("200 OK", feed),
                    "/slow" => {
                        std::thread::sleep(Duration::from_secs(4));
                        ("200 OK", feed)
                    }
                    _ => ("500 Internal Server Error", b"oops".to_vec()),
                };
                let head = format!(
                    "HTTP/1.1 {status}\r\nContent-Type: application/atom+xml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(head.as_bytes());
                let _ = stream.write_all(&body);
            });
        }
    });
    port
}

#[test]
fn fetch_from_a_loopback_server_ok_slow_failing_and_offline() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = declared(dir.path());
    let port = feed_server();
    let url = |p: &str| format!("http://127.0.0.1:{port}{p}");
    // Slow: the bounded timeout gives up, one line, nothing changed.
    let err = fails(&db, &["monitor", "fetch", "--timeout", "1", &url("/slow")]);
    assert!(
        err.contains("did not answer within 1 s") && err.contains("nothing was changed"),
        "{err}"
    );
    let err = fails(&db, &["monitor", "fetch", &url("/fail")]);
    assert!(err.contains("HTTP 500") && err.contains("nothing was changed"), "{err}");
    // Nobody listening: offline says so.
    let closed = TcpListener::bind("127.0.0.1:0").expect("bind");
    let gone = closed.local_addr().expect("addr").port();
    drop(closed);
    let err = fails(&db, &["monitor", "fetch", &format!("http://127.0.0.1:{gone}/feed")]);
    assert!(err.contains("cannot reach") && err.contains("nothing was changed"), "{err}");
    assert!(listed(&db).is_empty());
    // A working feed, saved, refreshed without a URL into the incident.
    let out = ok(&db, &["monitor", "fetch", &url("/ok")]);
    assert!(out.contains("2 new"), "{out}");
    assert!(ok(&db, &["monitor", "feed", "add", &url("/ok"), "--incident", "1"]).contains("#1"));
    ok(&db, &["monitor", "feed", "add", &url("/fail")]);
    let out = run(&db, &["monitor", "fetch"]);
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success(), "a failing feed makes the refresh fail");
    assert!(
        said.contains("2 unchanged, linked to incident #1") && said.contains("HTTP 500"),
        "{said}"
    );
    let feeds = ok(&db, &["monitor", "feed", "list"]);
    assert!(feeds.contains("HTTP 500"), "{feeds}");
    assert_eq!(listed(&db).len(), 2);
    assert!(ok(&db, &["monitor", "list", "--incident", "1"]).lines().count() == 2);
}

const REPLY: &str = "很抱歉讓您與家人有不好的經驗。我們已在了解這次雷射療程的經過，為保護病患隱私，不在網路上討論個別就醫情形，請您私訊或來電，我們會親自說明。";
const ESC: &str = "\x1b";
const CTRL_ALT_TOP: &str = "\x1b[1;7A";
const CTRL_ALT_SHIFT_BOTTOM: &str = "\x1b[1;8B";
const SHIFT_END: &str = "\x1b[1;2F";
const BACKSPACE: &str = "\x7f";

/// The issue's "done when", all in the console: a Google Alerts file
/// imported on the board, the alert triaged, linked to the incident, a reply drafted from the
/// social-media template, reviewed, approved and released; the mention is
/// answered and linked to the released statement.
#[test]
fn e2e_from_a_google_alert_to_an_answered_mention() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = declared(dir.path());
    {
        let mut s = crisisdesk::store::Store::open(&db, false).expect("open");
        let now = chrono::Utc::now();
        for (role, name) in [("commander", "林院長"), ("legal", "黃律師"), ("communications", "陳公關")] {
            let p = s.add_person(name, "", "", now).expect("person");
            s.assign_role(1, role, p, now).expect("assign");
        }
    }
    let f = fixture("google-alerts.xml");
    let mut t = Tui::spawn(&db, &["--lang", "en", "--operator", "陳公關"], 120, 40);
    t.wait_for("Timeline");
    // The alert file is imported on the board itself.
    t.send("M");
    t.wait_for("No mentions here");
    t.send("i");
    t.wait_for("Import mentions");
    t.send(&f.display().to_string());
    t.send("\r");
    t.wait_for("2 new, 0 updated");
    t.wait_for("Monitoring · 2 new");
    t.wait_for("2 new/2 open");
    // The newest is the laser-burn article: triage it.
    t.send("\r");
    t.wait_for("Triage mention #1");
    t.send("\r");
    t.wait_for("Mention #1: triaged");
    t.send("l");
    t.wait_for("linked to incident #1");
    t.send("r");
    t.wait_for("Reply to mention #1 drafted");
    t.send(CTRL_ALT_TOP);
    t.send(CTRL_ALT_SHIFT_BOTTOM);
    t.send(SHIFT_END);
    t.send(BACKSPACE);
    t.send(&format!("\x1b[200~{REPLY}\x1b[201~"));
    t.wait_for("很抱歉讓您與家人");
    t.send(ESC);
    t.send("r");
    t.send("l");
    t.wait_for("黃律師");
    t.send("y");
    t.send("A");
    t.wait_for("林院長");
    t.send("y");
    t.send("R");
    t.wait_for("Release version 1");
    t.send("y");
    t.wait_for("Record anchor");
    t.send(ESC);
    t.send("M");
    t.wait_for("answered");
    t.send(ESC);
    t.send("q");
    assert!(t.wait_exit().success());
    assert!(ok(&db, &["verify"]).contains("ok"));
    let v: serde_json::Value = serde_json::from_str(&ok(&db, &["export", "--format", "json"])).expect("json");
    let mentions = v["monitoring"]["mentions"].as_array().expect("mentions");
    assert_eq!(mentions.len(), 1, "only the linked one");
    let m = &mentions[0];
    assert_eq!(m["state"], "answered");
    assert_eq!(m["statement"], 1);
    assert_eq!(v["statements"][0]["state"], "released");
    assert_eq!(v["statements"][0]["audience"], "social");
    assert!(m["response_minutes"].as_i64().is_some());
    assert!(v["monitoring"]["minutes_to_first_reply"].as_i64().is_some());
    let report = ok(&db, &["report", "--incident", "1", "--format", "md"]);
    for want in ["Online opinion", "First reply", "after the first mention"] {
        assert!(report.contains(want), "{want} missing:\n{report}");
    }
}
