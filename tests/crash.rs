//! Killed at the worst moment: SIGKILL while writing must never cost an
//! acknowledged write or the file's integrity.

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
    for i in 0..120 {
        let mut child = bin(&db)
            .args(["log", "--incident", "1", &format!("note-{i:03}")])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        // Anywhere from before the database is opened to after the commit.
        std::thread::sleep(Duration::from_micros(rng.next() % 12_000));
        let _ = child.kill(); // SIGKILL on Unix
        let status = child.wait().expect("wait");
        if status.success() {
            // The process said it was done: this write must survive.
            acknowledged.push(format!("note-{i:03}"));
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
    eprintln!("{} acknowledged, {killed} killed", acknowledged.len());
    assert!(
        killed > 0 && !acknowledged.is_empty(),
        "the kills must land both before and after commits: {killed} killed"
    );
    // The chain is whole too: a kill never leaves half a record.
    let out = bin(&db).args(["verify"]).output().expect("verify");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
}
