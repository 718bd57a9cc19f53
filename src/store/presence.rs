//! Who else has the database open, and whether the file is still the one
//! this process opened.
//!
//! Every process that opens the database (console, wall, command) holds a
//! shared lock on `<db>.lock` beside it; `restore` asks for the exclusive
//! lock, so it knows when a console or the wall is running. The operating
//! system drops a lock when its process dies, even by SIGKILL, so no stale
//! lock is ever left behind. A console also remembers the file's identity
//! (device and inode) and the database's generation, which `restore`
//! renews: when either changes the console reopens instead of writing into
//! a file that is no longer the record.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

use super::{Result, StoreError};

/// The lock file beside a database.
pub fn lock_path(db: &Path) -> PathBuf {
    let mut name = db.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".lock");
    db.with_file_name(name)
}

fn open_lock_file(db: &Path) -> Option<File> {
    let mut o = OpenOptions::new();
    o.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    // A directory we may not write to (a read-only copy for the wall) has no
    // lock file: such a process cannot be restored under anyway.
    o.open(lock_path(db)).ok()
}

/// A shared hold on the database: taken by every process that opens it.
pub fn hold_shared(db: &Path) -> Result<Option<File>> {
    let Some(f) = open_lock_file(db) else { return Ok(None) };
    match f.try_lock_shared() {
        Ok(()) => Ok(Some(f)),
        Err(TryLockError::WouldBlock) => Err(StoreError::Busy),
        Err(TryLockError::Error(_)) => Ok(None),
    }
}

/// The exclusive hold `restore` needs: `None` when another process has the
/// database open.
pub fn hold_exclusive(db: &Path) -> Option<File> {
    let f = open_lock_file(db)?;
    f.try_lock().ok().map(|()| f)
}

/// A file's identity: the same path may come to name another file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileId {
    dev: u64,
    ino: u64,
}

pub fn file_id(path: &Path) -> Option<FileId> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(path).ok().map(|m| FileId {
            dev: m.dev(),
            ino: m.ino(),
        })
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}
