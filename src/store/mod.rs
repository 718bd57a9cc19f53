//! The only place that speaks SQL. One SQLite file holds everything.
//!
//! Every write runs in `BEGIN IMMEDIATE` so a writer takes the lock before
//! it reads (a deferred read-then-write gets SQLITE_BUSY at once and never
//! waits out the busy timeout), and commits before the call returns: an
//! action the user saw succeed is on disk (WAL, `synchronous=FULL`).

mod anchor;
mod backup;
mod checklist;
mod drill;
mod error;
mod incidents;
mod monitor;
mod prepare;
mod presence;
mod reach;
mod roles;
mod schema;
mod sql_types;
mod statements;
mod timeline;
mod verify;

pub use anchor::Anchor;
pub use drill::{AfterActionNote, DrillRow, Improvement, ObjectiveRating};
pub use error::{Result, StoreError};
pub use monitor::{Capture, Feed, ImportCount, IncidentFilter, Mention, MentionCounts, MentionFilter, MentionRevision, StateFilter};
pub use prepare::{CaseRow, OpenItem, ResourceRow, RiskEdit, RiskRow};
pub use reach::{AffectedPerson, CallMember, CallTier, CallTree, FollowUp, InboundMessage, NewMessage};
pub use verify::{Broken, ChainReport};
// Shared between the store's parts.
pub use presence::{FileId, file_id, lock_path};

/// Open incidents are counted up to this many (see `open_incident_count`).
pub const OPEN_COUNT_CAP: usize = 100;
/// The header's mention counts stop here (they read "999+"): they count
/// every mention in the record, so a review storm of tens of thousands was
/// counted again at every reload and every wall refresh.
pub const MENTION_COUNT_CAP: usize = 1000;
use roles::holder_name;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags, OptionalExtension, Transaction, TransactionBehavior, params};
use serde_json::Value;

use crate::domain::Phase;
use crate::domain::chain::{GENESIS, entry_hash};
use crate::domain::clock::{from_db, to_db};
use crate::domain::content::Playbook;
use crate::domain::desk::{Profile, Refusal, StatementState, Step, StepContext, check_step, sha256_hex, validate_profile};
use crate::domain::drill::Scenario;
use crate::domain::model::*;
use crate::domain::timeline::Event;
use crate::domain::types::{Audience, CrisisType, RoleId};
use crate::error::Msg;

/// "CRDS": marks the file as ours, so a stranger's SQLite file is refused.
pub const APPLICATION_ID: i32 = 0x4352_4453;
pub const SCHEMA_VERSION: i64 = schema::MIGRATIONS.len() as i64;
const BUSY_TIMEOUT_MS: u64 = 5000;

/// How an opened store holds the lock file beside the database.
enum Hold {
    Shared,
    /// A hold already taken (the exclusive one a restore needs).
    Given(std::fs::File),
}

pub struct Store {
    conn: Connection,
    /// Who is at the keyboard: every timeline entry written through this
    /// store names them.
    operator: Option<String>,
    /// The shared (or, for a restore, exclusive) hold on `<db>.lock`,
    /// released when the store is dropped or the process dies.
    _hold: Option<std::fs::File>,
}

fn ts(row: &rusqlite::Row<'_>, idx: usize) -> rusqlite::Result<DateTime<Utc>> {
    let s: String = row.get(idx)?;
    from_db(&s).ok_or_else(|| rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, format!("bad time {s:?}").into()))
}

fn ts_opt(row: &rusqlite::Row<'_>, idx: usize) -> rusqlite::Result<Option<DateTime<Utc>>> {
    let s: Option<String> = row.get(idx)?;
    Ok(s.as_deref().and_then(from_db))
}

/// A write transaction that knows who is at the keyboard, so every
/// timeline entry it records names the operator beside the role holder.
pub(crate) struct Tx<'a> {
    tx: Transaction<'a>,
    operator: Option<&'a str>,
}

impl<'a> std::ops::Deref for Tx<'a> {
    type Target = Transaction<'a>;
    fn deref(&self) -> &Transaction<'a> {
        &self.tx
    }
}

impl Tx<'_> {
    /// Append a timeline entry inside this transaction, so the record of an
    /// action commits or fails with the action itself.
    fn record(&self, incident: i64, event: &Event, event_at: DateTime<Utc>, now: DateTime<Utc>) -> rusqlite::Result<i64> {
        let head: String = self.query_row("SELECT chain_head FROM incident WHERE id = ?1", [incident], |r| r.get(0))?;
        let prev = if head.is_empty() { GENESIS.to_string() } else { head };
        let kind = event.kind();
        let kind = kind.as_str();
        let (data, ev, rec) = (event.data().to_string(), to_db(event_at), to_db(now));
        // An entry always names its operator; "" when nobody was named.
        let operator = self.operator.unwrap_or("");
        let hash = entry_hash(&prev, incident, kind, &data, &ev, &rec, Some(operator));
        self.execute(
            "INSERT INTO timeline_entry (incident_id, kind, data, event_at, recorded_at, prev_hash, hash, operator)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![incident, kind, data, ev, rec, prev, hash, operator],
        )?;
        let id = self.last_insert_rowid();
        // The incident keeps the head and the length, so a deleted last entry
        // is caught too.
        self.execute(
            "UPDATE incident SET chain_head = ?2, chain_len = chain_len + 1 WHERE id = ?1",
            params![incident, hash],
        )?;
        Ok(id)
    }
}

/// Give hashes to entries written before the chain existed (schema < 4),
/// incident by incident in id order.
fn backfill_chain(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    let incidents: Vec<i64> = tx
        .prepare("SELECT DISTINCT incident_id FROM timeline_entry WHERE hash = ''")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for inc in incidents {
        let rows: Vec<(i64, String, String, String, String)> = tx
            .prepare("SELECT id, kind, data, event_at, recorded_at FROM timeline_entry WHERE incident_id = ?1 ORDER BY id")?
            .query_map([inc], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut prev = GENESIS.to_string();
        for (id, kind, data, ev, rec) in &rows {
            let hash = entry_hash(&prev, inc, kind, data, ev, rec, None);
            tx.execute(
                "UPDATE timeline_entry SET prev_hash = ?2, hash = ?3 WHERE id = ?1",
                params![id, prev, hash],
            )?;
            prev = hash;
        }
        tx.execute(
            "UPDATE incident SET chain_head = ?2, chain_len = ?3 WHERE id = ?1",
            params![inc, prev, rows.len() as i64],
        )?;
    }
    Ok(())
}

/// Compiled statements kept between reloads. A reload of the console runs
/// more than 16 different ones; with rusqlite's default of 16 kept, least
/// recently used out first, each reload compiled all of them again.
const KEPT_STATEMENTS: usize = 128;

fn keep_statements(conn: &Connection) {
    conn.set_prepared_statement_cache_capacity(KEPT_STATEMENTS);
    // Without the query-planner stability guarantee, SQLite compiles a
    // statement whose plan might depend on a bound value (a `LIMIT ?`,
    // among others) a second time on its first run, and again whenever
    // that value changes: about a sixth of the first frame's SQLite time.
    // Our plans never depend on the values (the indexes decide them), and
    // the plan tests show which they are.
    let _ = conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true);
}

impl Store {
    /// Open (creating if needed) the database at `path`. With
    /// `create_dirs`, missing parent directories are made (mode 0700) —
    /// right for the default location, wrong for a mistyped `--db`.
    pub fn open(path: &Path, create_dirs: bool) -> Result<Store> {
        Self::open_held(path, create_dirs, Hold::Shared)
    }

    fn open_held(path: &Path, create_dirs: bool, hold: Hold) -> Result<Store> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
            && !dir.is_dir()
        {
            if !create_dirs {
                return Err(StoreError::MissingDir(dir.to_path_buf()));
            }
            create_private_dir(dir)?;
        }
        if path.is_dir() {
            return Err(StoreError::Io(Msg::new("error.is_directory").with("path", path.display())));
        }
        if !path.exists() {
            create_private_file(path)?;
        }
        let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX).map_err(|e| {
            match StoreError::from(e) {
                StoreError::ReadOnly(_) | StoreError::Io(_) => {
                    StoreError::ReadOnly(Msg::new("error.no_write").with("path", path.display()))
                }
                other => other,
            }
        })?;
        // Held before the schema is touched: a restore in progress keeps
        // new openers out until it is done.
        let held = match hold {
            Hold::Shared => presence::hold_shared(path)?,
            Hold::Given(f) => Some(f),
        };
        let mut store = Self::init(conn, Some(path))?;
        store._hold = held;
        Ok(store)
    }

    /// Open the database to restore into it, which needs every other
    /// process gone: `None` when a console, the wall or a command has it
    /// open (`force` goes on anyway, holding it shared; the consoles then
    /// see the new generation and reopen).
    pub fn open_for_restore(path: &Path, force: bool) -> Result<Option<Store>> {
        match presence::hold_exclusive(path) {
            Some(f) => Self::open_held(path, false, Hold::Given(f)).map(Some),
            None if force => Self::open(path, false).map(Some),
            None => Ok(None),
        }
    }

    /// Open an existing database for reading only (the shared wall
    /// screen): no migration, no write, ever.
    pub fn open_reader(path: &Path) -> Result<Store> {
        if !path.is_file() {
            return Err(StoreError::NotFound(Msg::new("what.database").with("path", path.display())));
        }
        let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
        conn.busy_timeout(std::time::Duration::from_millis(BUSY_TIMEOUT_MS))?;
        keep_statements(&conn);
        let app_id: i32 = conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .map_err(|e| match StoreError::from(e) {
                StoreError::Corrupt(_) => StoreError::NotADatabase(path.to_path_buf()),
                other => other,
            })?;
        if app_id != APPLICATION_ID {
            return Err(StoreError::Foreign(path.to_path_buf()));
        }
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::NewerSchema {
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        if version < SCHEMA_VERSION {
            return Err(StoreError::Invalid(Msg::new("invalid.old_layout").with("path", path.display())));
        }
        Ok(Store {
            conn,
            operator: None,
            _hold: presence::hold_shared(path)?,
        })
    }

    pub fn open_in_memory() -> Result<Store> {
        Self::init(Connection::open_in_memory()?, None)
    }

    fn init(conn: Connection, path: Option<&Path>) -> Result<Store> {
        let shown = path.map(Path::to_path_buf).unwrap_or_default();
        conn.busy_timeout(std::time::Duration::from_millis(BUSY_TIMEOUT_MS))?;
        keep_statements(&conn);
        // The first read of the header tells a stranger's file apart.
        let app_id: i32 = match conn.query_row("PRAGMA application_id", [], |r| r.get(0)) {
            Ok(v) => v,
            Err(e) => {
                return Err(match StoreError::from(e) {
                    StoreError::Corrupt(_) => StoreError::NotADatabase(shown),
                    other => other,
                });
            }
        };
        if app_id != 0 && app_id != APPLICATION_ID {
            return Err(StoreError::Foreign(shown));
        }
        // journal_mode answers with a row, so it is read, not "updated";
        // it must be set outside any transaction.
        let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        conn.execute_batch("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;")?;
        let mut store = Store {
            conn,
            operator: None,
            _hold: None,
        };
        store.migrate(app_id, &shown)?;
        Ok(store)
    }

    fn migrate(&mut self, app_id: i32, shown: &Path) -> Result<()> {
        // A file already at this version, with its generation, needs no
        // write: most opens skip the exclusive lock and the statements.
        if app_id == APPLICATION_ID && self.schema_version()? == SCHEMA_VERSION && !self.generation()?.is_empty() {
            return Ok(());
        }
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Exclusive)?;
        let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::NewerSchema {
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        if version == 0 && app_id == 0 {
            let tables: i64 = tx.query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table'", [], |r| r.get(0))?;
            if tables > 0 {
                return Err(StoreError::Foreign(shown.to_path_buf()));
            }
        }
        for (i, sql) in schema::MIGRATIONS.iter().enumerate().skip(version as usize) {
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        }
        if version < 4 {
            backfill_chain(&tx)?;
        }
        if app_id == 0 {
            tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        }
        tx.execute(
            "INSERT OR IGNORE INTO meta (key, value) VALUES ('generation', lower(hex(randomblob(8))))",
            [],
        )?;
        tx.commit()?;
        Ok(())
    }

    fn write<T>(&mut self, f: impl FnOnce(&Tx<'_>) -> rusqlite::Result<T>) -> Result<T> {
        let operator = self.operator.as_deref();
        let tx = Tx {
            tx: self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?,
            operator,
        };
        let out = f(&tx)?;
        tx.tx.commit()?;
        Ok(out)
    }

    /// Name the person at the keyboard; `None` records entries as made by
    /// nobody in particular ("").
    pub fn set_operator(&mut self, name: Option<String>) {
        self.operator = name.map(|n| n.trim().to_string()).filter(|n| !n.is_empty());
    }

    pub fn operator(&self) -> Option<&str> {
        self.operator.as_deref()
    }

    /// Stop the file from growing past its current size, as a full disk
    /// would (SQLite then answers SQLITE_FULL). For tests.
    #[doc(hidden)]
    pub fn cap_growth_for_tests(&self) -> Result<()> {
        let pages: i64 = self.conn.query_row("PRAGMA page_count", [], |r| r.get(0))?;
        let _: i64 = self.conn.query_row(&format!("PRAGMA max_page_count = {pages}"), [], |r| r.get(0))?;
        Ok(())
    }

    /// Run several reads as one snapshot: another process's commit lands
    /// entirely before or entirely after them, never in between, so no pane
    /// shows a write another has not seen. SQLite also takes its read lock
    /// once rather than once per query (a screen is some twenty). Inside a
    /// transaction already, `f` joins it.
    pub fn snapshot<T, E: From<StoreError>>(&self, f: impl FnOnce(&Store) -> std::result::Result<T, E>) -> std::result::Result<T, E> {
        if !self.conn.is_autocommit() {
            return f(self);
        }
        self.conn
            .prepare_cached("BEGIN DEFERRED")
            .and_then(|mut st| st.execute([]))
            .map_err(|e| E::from(e.into()))?;
        let out = f(self);
        // A read transaction has nothing to lose, but it must end: left
        // open, it would show this moment of the record forever.
        if self.conn.prepare_cached("COMMIT").and_then(|mut st| st.execute([])).is_err() {
            let _ = self.conn.execute_batch("ROLLBACK");
        }
        out
    }

    fn schema_version(&self) -> Result<i64> {
        Ok(self.conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// The database's generation: set when it is created and renewed by
    /// every restore, so a console can tell the record under it was replaced.
    pub fn generation(&self) -> Result<String> {
        // Cached: every open reads it twice, and the consoles poll it.
        Ok(self
            .conn
            .prepare_cached("SELECT value FROM meta WHERE key = 'generation'")?
            .query_row([], |r| r.get(0))
            .optional()?
            .unwrap_or_default())
    }

    fn renew_generation(&mut self) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO meta (key, value) VALUES ('generation', lower(hex(randomblob(8))))
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [],
            )
        })?;
        Ok(())
    }

    /// The database file, if this store has one.
    pub fn path(&self) -> Option<PathBuf> {
        self.conn.path().filter(|p| !p.is_empty()).map(PathBuf::from)
    }

    pub fn integrity_ok(&self) -> Result<bool> {
        let s: String = self.conn.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
        Ok(s == "ok")
    }
}

fn create_private_dir(dir: &Path) -> Result<()> {
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir)
        .map_err(|e| StoreError::Io(Msg::new("error.cannot_create").with("path", dir.display()).with("detail", e)))
}

/// The record holds patients' and staff's details, so only the owner may read it.
fn create_private_file(path: &Path) -> Result<()> {
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    match o.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
            Err(StoreError::ReadOnly(Msg::new("error.no_create").with("path", path.display())))
        }
        Err(e) => Err(StoreError::Io(
            Msg::new("error.cannot_create").with("path", path.display()).with("detail", e),
        )),
    }
}

/// The default database path: the platform data directory.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "crisisdesk").map(|d| d.data_dir().join("crisisdesk.db"))
}

#[cfg(test)]
impl Store {
    /// Every statement this connection runs from now on, as written.
    pub(crate) fn record_statements(&mut self) -> std::sync::Arc<std::sync::Mutex<Vec<String>>> {
        use rusqlite::trace::{TraceEvent, TraceEventCodes};
        let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let into = seen.clone();
        self.conn
            .trace_v2(
                TraceEventCodes::SQLITE_TRACE_STMT,
                Some(move |e: TraceEvent<'_>| {
                    if let (TraceEvent::Stmt(st, _), Ok(mut v)) = (e, into.lock()) {
                        v.push(st.sql().into_owned());
                    }
                }),
            )
            .expect("trace");
        seen
    }

    /// The temporary b-trees (automatic indexes among them) and sorters in
    /// `sql`'s program. Each is set up
    /// afresh, with memory of its own, every time the statement runs.
    pub(crate) fn temporary_structures(&self, sql: &str) -> Vec<String> {
        let mut explain = self.conn.prepare(&format!("EXPLAIN {sql}")).expect("explain");
        // Unbound parameters read as NULL: only the program is wanted.
        let mut rows = explain.raw_query();
        let mut ops = Vec::new();
        while let Some(row) = rows.next().expect("row") {
            ops.push(row.get::<_, String>(1).expect("opcode"));
        }
        assert!(ops.iter().any(|o| o == "ResultRow"), "{sql}: {ops:?}");
        ops.retain(|o| matches!(o.as_str(), "OpenEphemeral" | "OpenAutoindex" | "OpenDup" | "SorterOpen"));
        ops
    }
}

#[cfg(test)]
mod tests;
