//! Killed at the worst moment: SIGKILL while writing must never cost an
//! acknowledged write or the file's integrity.

use crate::common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

fn bin(db: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_crisisdesk"));
    c.arg("--db").arg(db);
    c.env("XDG_DATA_HOME", db.parent().expect("dir"));
    c
}

/// xorshift: varied kill points without a dependency, the same every run.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn sigkill_at_random_points_loses_no_acknowledged_write() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("crash.db");
    let st = bin(&db)
        .args(["declare", "--type", "data-breach", "--severity", "1", "--title", "kill test"])
        .output()
        .expect("declare");
    assert!(st.status.success());
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let (mut acknowledged, mut killed) = (Vec::new(), 0);
    // Calibrate the kill window to how long a whole write takes on this
    // machine right now, so a busy machine still sees kills on both sides
    // of the commit. These writes are acknowledged like any other.
    let mut whole = Duration::ZERO;
    for i in 0..3 {
        let note = format!("calibrate-{i}");
        let started = std::time::Instant::now();
        let st = bin(&db).args(["log", "--incident", "1", &note]).output().expect("log");
        assert!(st.status.success());
        whole = whole.max(started.elapsed());
        acknowledged.push(note);
    }
    let window = (whole.as_micros() as u64 * 3 / 2).max(1);
    let mut acknowledged_under_kill = 0;
    for i in 0..120 {
        let mut child = bin(&db)
            .args(["log", "--incident", "1", &format!("note-{i:03}")])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        // Anywhere from before the database is opened to after the commit.
        std::thread::sleep(Duration::from_micros(rng.next() % window));
        let _ = child.kill(); // SIGKILL on Unix
        let status = child.wait().expect("wait");
        if status.success() {
            // The process said it was done: this write must survive.
            acknowledged.push(format!("note-{i:03}"));
            acknowledged_under_kill += 1;
        } else {
            killed += 1;
        }
        let c = rusqlite::Connection::open(&db).expect("reopen after kill");
        let ok: String = c.query_row("PRAGMA integrity_check", [], |r| r.get(0)).expect("check");
        assert_eq!(ok, "ok", "after kill {i}");
        for note in &acknowledged {
            let n: i64 = c
                .query_row(
                    "SELECT count(*) FROM timeline_entry WHERE kind = 'note' AND data LIKE ?1",
                    [format!("%\"{note}\"%")],
                    |r| r.get(0),
                )
                .expect("count");
            assert_eq!(n, 1, "acknowledged {note} lost after kill {i}");
        }
    }
    eprintln!("{acknowledged_under_kill} acknowledged, {killed} killed, window {window} µs");
    assert!(
        killed > 0 && acknowledged_under_kill > 0,
        "the kills must land both before and after commits: {killed} killed"
    );
    // The chain is whole too: a kill never leaves half a record.
    let out = bin(&db).args(["verify"]).output().expect("verify");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
}

/// A commander dictating a holding statement types steadily and never
/// pauses; the console is killed at a random moment. At most the last
/// second of typing may be lost, whatever the moment.
#[test]
fn steady_typing_killed_at_random_loses_at_most_a_second() {
    use std::time::Instant;
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    for run in 0..6 {
        let dir = tempfile::tempdir().expect("tmp");
        let db = dir.path().join("typing.db");
        let st = bin(&db)
            .args(["declare", "--type", "data-breach", "--severity", "1", "--title", "打字測試"])
            .output()
            .expect("declare");
        assert!(st.status.success());
        let mut t = common::pty::Tui::spawn(&db, &[], 100, 30);
        t.wait_for("打字測試");
        t.send("4");
        t.send("n");
        t.wait_for("編輯中");
        // Kill somewhere between 1.5 s and 4 s into the typing.
        let kill_after = Duration::from_millis(1500 + rng.next() % 2500);
        let start = Instant::now();
        let mut sent: Vec<(char, Instant)> = Vec::new();
        let text: Vec<char> = "本診所於今日發現預約系統遭到加密我們深感抱歉目前已隔離主機並請專業團隊協助調查"
            .chars()
            .cycle()
            .take(200)
            .collect();
        for c in text {
            if start.elapsed() >= kill_after {
                break;
            }
            let mut buf = [0u8; 4];
            t.send(c.encode_utf8(&mut buf)); // ~60 ms a key
            sent.push((c, Instant::now()));
        }
        let killed_at = Instant::now();
        // SAFETY: SIGKILL to our own child: no chance to save anything more.
        assert_eq!(unsafe { libc::kill(t.pid(), libc::SIGKILL) }, 0);
        t.wait_exit();
        let c = rusqlite::Connection::open(&db).expect("reopen");
        let saved: String = c
            .query_row("SELECT body FROM statement WHERE id = 1", [], |r| r.get(0))
            .expect("body");
        let typed: String = sent.iter().map(|(c, _)| *c).collect();
        assert!(typed.starts_with(&saved), "run {run}: the saved draft is what was typed");
        let kept = saved.chars().count();
        let lost = &sent[kept..];
        let oldest_lost = lost.first().map(|(_, at)| killed_at.duration_since(*at));
        eprintln!(
            "run {run}: typed {}, kept {kept}, lost {} (oldest {oldest_lost:?})",
            sent.len(),
            lost.len()
        );
        assert!(
            oldest_lost.is_none_or(|age| age <= Duration::from_secs(1)),
            "run {run}: lost {} keys, the oldest typed {oldest_lost:?} before the kill",
            lost.len()
        );
    }
}
