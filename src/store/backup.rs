//! Backup and restore with SQLite's online backup API: safe while
//! consoles and walls have the file open, unlike copying it.

use std::path::Path;
use std::time::Duration;

use rusqlite::backup::Backup;
use rusqlite::{Connection, OpenFlags};

use super::{Result, Store, StoreError, create_private_file};
use crate::error::Msg;

/// Pages copied per step; between steps other connections may write.
const PAGES_PER_STEP: std::ffi::c_int = 256;

impl Store {
    /// Copy the whole database to `dest`, a new file created with mode 0600.
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        if dest.exists() {
            return Err(StoreError::Invalid(Msg::new("invalid.backup_exists").with("path", dest.display())));
        }
        if let Some(dir) = dest.parent().filter(|d| !d.as_os_str().is_empty())
            && !dir.is_dir()
        {
            return Err(StoreError::MissingDir(dir.to_path_buf()));
        }
        create_private_file(dest)?;
        let result = (|| {
            let mut to = Connection::open(dest)?;
            Backup::new(&self.conn, &mut to)?.run_to_completion(PAGES_PER_STEP, Duration::from_millis(5), None)?;
            let ok: String = to.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
            Ok::<_, rusqlite::Error>(ok == "ok")
        })();
        match result {
            Ok(true) => Ok(()),
            Ok(false) => {
                let _ = std::fs::remove_file(dest);
                Err(StoreError::Corrupt("the backup copy failed its integrity check".into()))
            }
            Err(e) => {
                // A half-written backup must not be mistaken for a good one.
                let _ = std::fs::remove_file(dest);
                Err(e.into())
            }
        }
    }

    /// Replace this database's contents with the backup at `src`, only
    /// after the backup proves whole: a crisisdesk file of this version,
    /// passing SQLite's integrity check and every incident's chain.
    pub fn restore_from(&mut self, src: &Path) -> Result<usize> {
        let n = Store::check_backup(src)?;
        let from = Connection::open_with_flags(src, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        Backup::new(&from, &mut self.conn)?.run_to_completion(PAGES_PER_STEP, Duration::from_millis(5), None)?;
        // A new generation tells running consoles the record under them was
        // replaced, even when the backup came from this very file.
        self.renew_generation()?;
        Ok(n)
    }

    /// Prove a backup whole without touching anything: the number of
    /// incidents it holds, or why it must not be restored.
    pub fn check_backup(src: &Path) -> Result<usize> {
        let backup = Store::open_reader(src)?;
        let ok: String = backup.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if ok != "ok" {
            return Err(StoreError::Corrupt(format!("{}: {ok}", src.display())));
        }
        let ids = backup.all_incident_ids()?;
        for id in &ids {
            if let Err(b) = backup.verify(*id)? {
                return Err(StoreError::Invalid(
                    Msg::new("invalid.backup_unverified")
                        .with("path", src.display())
                        .with_msg("reason", b.msg()),
                ));
            }
        }
        Ok(ids.len())
    }
}
