//! The only input and output outside the store: files the console writes
//! (reports, exports, a draft kept when the database refuses it) or reads
//! (a register to import), the terminal's clipboard, e-mail through the
//! clinic's SMTP server, and asking the system whether a process still runs.
//!
//! The update step never does these itself. It queues an `Effect`; the
//! event loop runs the queue after drawing and hands each result back to
//! the app (`App::effect_done`), which says what happened. Tests run the
//! queue with `run_all` or inspect it.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::app::App;

pub mod fetch;
pub mod mail;

/// Something to do outside the app's state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Hand text to the terminal's clipboard.
    Copy(String),
    /// Write files into a directory (created if missing), each new.
    WriteReports { dir: PathBuf, files: Vec<(String, Vec<u8>)> },
    /// Keep a draft the database would not take, in a private file, and
    /// then quit or stay.
    KeepDraft {
        dir: PathBuf,
        name: String,
        text: String,
        then: AfterKeep,
    },
    /// Read a file the user named, for `purpose`.
    ReadFile { path: PathBuf, purpose: ReadPurpose },
    /// Hand messages to the clinic's SMTP server.
    SendMail {
        smtp: mail::Smtp,
        mails: Vec<mail::Mail>,
        incident: i64,
    },
}

/// What a file is read for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadPurpose {
    /// Rows for the incident's affected-persons register.
    Affected { incident: i64 },
    /// Mentions for the monitoring board, linked to the incident if given.
    Mentions { incident: Option<i64> },
}

/// What the console does once a draft is kept (or could not be).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AfterKeep {
    Quit,
    Stay,
    /// The record was replaced under the console, which reopened it.
    Replaced,
    /// The record is gone; quit with this note.
    Gone(String),
}

/// What came of an effect, for the app to say.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Done {
    Copied,
    ReportsWritten(Vec<String>),
    ReportFailed(String),
    DraftKept {
        path: String,
        then: AfterKeep,
    },
    DraftNotKept {
        error: String,
        then: AfterKeep,
    },
    FileRead {
        path: String,
        purpose: ReadPurpose,
        result: Result<Vec<u8>, String>,
    },
    MailSent {
        incident: i64,
        results: Vec<(i64, Result<(), String>)>,
    },
}

/// The most a file read for import may hold: a register of a few thousand
/// people is well under it; anything larger is not a register.
pub const MAX_READ_BYTES: u64 = 16 * 1024 * 1024;

/// Run one effect.
pub fn run(effect: Effect) -> Done {
    match effect {
        Effect::Copy(text) => match copy_osc52(&text) {
            Ok(()) => Done::Copied,
            // A terminal that cannot take it has nothing more to say.
            Err(_) => Done::Copied,
        },
        Effect::WriteReports { dir, files } => {
            let mut written = Vec::new();
            for (name, bytes) in files {
                let path = dir.join(name);
                if let Err(e) = std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&path, &bytes)) {
                    return Done::ReportFailed(e.to_string());
                }
                written.push(path.display().to_string());
            }
            Done::ReportsWritten(written)
        }
        Effect::ReadFile { path, purpose } => {
            let result = std::fs::metadata(&path).map_err(|e| e.to_string()).and_then(|m| {
                if m.len() > MAX_READ_BYTES {
                    Err(format!("larger than {} MiB", MAX_READ_BYTES / 1024 / 1024))
                } else {
                    std::fs::read(&path).map_err(|e| e.to_string())
                }
            });
            Done::FileRead {
                path: path.display().to_string(),
                purpose,
                result,
            }
        }
        Effect::SendMail { smtp, mails, incident } => Done::MailSent {
            incident,
            results: mail::send(&smtp, &mails),
        },
        Effect::KeepDraft { dir, name, text, then } => match keep_draft(&dir, &name, &text) {
            Ok(path) => Done::DraftKept {
                path: path.display().to_string(),
                then,
            },
            Err(e) => Done::DraftNotKept {
                error: e.to_string(),
                then,
            },
        },
    }
}

/// Run everything the app has queued, handing back each result.
pub fn run_all(app: &mut App) {
    while let Some(effect) = app.next_effect() {
        let done = run(effect);
        app.effect_done(done);
    }
}

/// Keep a draft as a file only its owner may read, never overwriting one.
fn keep_draft(dir: &Path, name: &str, text: &str) -> io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let path = dir.join(name);
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o.open(&path)?.write_all(text.as_bytes())?;
    Ok(path)
}

/// Hand text to the terminal's clipboard with OSC 52 (crossterm's
/// `CopyToClipboard`); it works over SSH and needs no clipboard program.
fn copy_osc52(text: &str) -> io::Result<()> {
    let mut out = io::stdout();
    crossterm::execute!(out, crossterm::clipboard::CopyToClipboard::to_clipboard_from(text))?;
    out.flush()
}

/// Whether the console that autosaved a draft still runs (then the draft
/// is being typed, not cut off). Our own id counts as gone: a new start.
pub fn process_alive(pid: i64) -> bool {
    let own = i64::from(std::process::id());
    #[cfg(unix)]
    {
        // SAFETY: signal 0 only asks whether the process exists.
        pid != own && i32::try_from(pid).is_ok_and(|p| p > 0 && unsafe { libc::kill(p, 0) } == 0)
    }
    #[cfg(not(unix))]
    {
        let _ = (pid, own);
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_draft_is_private_and_never_overwrites() {
        let dir = tempfile::tempdir().expect("tmp");
        let d = dir.path().join("recovered");
        let done = run(Effect::KeepDraft {
            dir: d.clone(),
            name: "s.txt".into(),
            text: "草稿".into(),
            then: AfterKeep::Stay,
        });
        let Done::DraftKept { path, .. } = done else { panic!("{done:?}") };
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "草稿");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("meta").permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        let again = run(Effect::KeepDraft {
            dir: d,
            name: "s.txt".into(),
            text: "別的".into(),
            then: AfterKeep::Quit,
        });
        assert!(matches!(again, Done::DraftNotKept { then: AfterKeep::Quit, .. }));
        assert!(!process_alive(i64::from(std::process::id())), "our own id counts as gone");
    }
}
