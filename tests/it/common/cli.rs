//! Running the real binary on a test database, in English, with its data
//! directory beside the file so nothing touches the machine's own.

use std::path::Path;
use std::process::{Command, Output};

pub fn run(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_crisisdesk"))
        .args(["--lang", "en", "--db"])
        .arg(db)
        .args(args)
        .env("XDG_DATA_HOME", db.parent().unwrap_or(Path::new("/nonexistent")))
        .output()
        .expect("run")
}

/// Stdout of a command that must succeed.
pub fn ok(db: &Path, args: &[&str]) -> String {
    let out = run(db, args);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8")
}

/// A failure is one line on stderr, never a panic.
pub fn fails(db: &Path, args: &[&str]) -> String {
    let out = run(db, args);
    assert!(!out.status.success(), "{args:?} should fail");
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    assert!(!err.contains("panicked"), "{err}");
    err
}
