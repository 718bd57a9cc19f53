//! The only place that speaks SQL. One SQLite file holds everything.
//!
//! Every write runs in `BEGIN IMMEDIATE` so a writer takes the lock before
//! it reads (a deferred read-then-write gets SQLITE_BUSY at once and never
//! waits out the busy timeout), and commits before the call returns: an
//! action the user saw succeed is on disk (WAL, `synchronous=FULL`).

mod anchor;
mod backup;
mod chain;
mod drill;
mod presence;
mod schema;

pub use anchor::Anchor;
pub use chain::{Broken, ChainReport};
pub use drill::{DrillRow, Improvement, Rating, ReviewNote};
pub use presence::{FileId, file_id, lock_path};

use std::fmt;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension, Transaction, TransactionBehavior, params};
use serde_json::{Value, json};

use crate::domain::Phase;
use crate::domain::chain::{GENESIS, entry_hash};
use crate::domain::clock::{from_db, to_db};
use crate::domain::content::Playbook;
use crate::domain::desk::{ChainState, Profile, Refusal, StatementState, Step, check_step, sha256_hex, validate_profile};
use crate::domain::drill::Scenario;
use crate::domain::model::*;

/// "CRDS": marks the file as ours, so a stranger's SQLite file is refused.
pub const APPLICATION_ID: i32 = 0x4352_4453;
pub const SCHEMA_VERSION: i64 = schema::MIGRATIONS.len() as i64;
const BUSY_TIMEOUT_MS: u64 = 5000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreError {
    NotADatabase(PathBuf),
    Corrupt(String),
    NewerSchema {
        found: i64,
        supported: i64,
    },
    Foreign(PathBuf),
    Busy,
    ReadOnly(String),
    DiskFull,
    MissingDir(PathBuf),
    Io(String),
    NotFound(String),
    Invalid(String),
    /// A rule of the review chain said no; the catalog key says why.
    Refused(&'static str),
    Other(String),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::NotADatabase(p) => write!(f, "{} is not a crisisdesk database (not an SQLite file)", p.display()),
            StoreError::Corrupt(d) => write!(f, "the database is damaged ({d}); restore it from a backup"),
            StoreError::NewerSchema { found, supported } => write!(
                f,
                "the database was written by a newer crisisdesk (schema {found}; this version knows up to {supported}); upgrade crisisdesk"
            ),
            StoreError::Foreign(p) => write!(f, "{} is an SQLite file of another program, not a crisisdesk database", p.display()),
            StoreError::Busy => write!(f, "the database is locked by another program; try again in a moment"),
            StoreError::ReadOnly(d) => write!(f, "the database cannot be written ({d})"),
            StoreError::DiskFull => write!(f, "the disk is full; nothing was saved for this action"),
            StoreError::MissingDir(p) => write!(f, "the directory {} does not exist", p.display()),
            StoreError::Io(d) => write!(f, "{d}"),
            StoreError::NotFound(what) => write!(f, "{what} not found"),
            StoreError::Invalid(d) => write!(f, "{d}"),
            // Consoles word this through the catalog; elsewhere the key is the message.
            StoreError::Refused(key) => write!(f, "refused: {key}"),
            StoreError::Other(d) => write!(f, "database error: {d}"),
        }
    }
}

impl std::error::Error for StoreError {}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        // Callers that know what was missing say so in their own words.
        if matches!(e, rusqlite::Error::QueryReturnedNoRows) {
            return StoreError::NotFound("the record".into());
        }
        if let rusqlite::Error::SqliteFailure(err, msg) = &e {
            let detail = msg.clone().unwrap_or_else(|| err.to_string());
            return match err.code {
                ErrorCode::NotADatabase => StoreError::Corrupt(detail),
                ErrorCode::DatabaseCorrupt => StoreError::Corrupt(detail),
                ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => StoreError::Busy,
                ErrorCode::ReadOnly => StoreError::ReadOnly(detail),
                ErrorCode::DiskFull => StoreError::DiskFull,
                ErrorCode::CannotOpen | ErrorCode::PermissionDenied => StoreError::Io(format!("cannot open the database: {detail}")),
                _ => StoreError::Other(detail),
            };
        }
        StoreError::Other(e.to_string())
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

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

/// Insert an incident with its checklist copied from the playbook (so a
/// later playbook change never rewrites a record) and its first timeline
/// entry, inside the caller's transaction.
fn declare_in(tx: &Tx<'_>, pb: &Playbook, severity: u8, title: &str, demo: bool, drill: bool, now: DateTime<Utc>) -> rusqlite::Result<i64> {
    tx.execute(
        "INSERT INTO incident (type, severity, title, is_demo, is_drill, declared_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![pb.id, severity, title, demo, drill, to_db(now)],
    )?;
    let id = tx.last_insert_rowid();
    let mut ins = tx.prepare_cached(
        "INSERT INTO checklist_item (incident_id, seq, item_key, phase, owner_role, text_zh, text_en, due_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for (seq, it) in pb.item.iter().enumerate() {
        let due = it.due_minutes.map(|m| to_db(now + chrono::Duration::minutes(m)));
        ins.execute(params![id, seq as i64, it.id, it.phase.id(), it.owner, it.text.zh, it.text.en, due])?;
    }
    tx.record(
        id,
        "incident.declared",
        json!({"title": title, "type": pb.id, "severity": severity, "demo": demo, "drill": drill}),
        now,
        now,
    )?;
    Ok(id)
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
    fn record(&self, incident: i64, kind: &str, data: Value, event_at: DateTime<Utc>, now: DateTime<Utc>) -> rusqlite::Result<i64> {
        let head: String = self.query_row("SELECT chain_head FROM incident WHERE id = ?1", [incident], |r| r.get(0))?;
        let prev = if head.is_empty() { GENESIS.to_string() } else { head };
        let (data, ev, rec) = (data.to_string(), to_db(event_at), to_db(now));
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

const INCIDENT_COLS: &str = "id, type, severity, title, phase, status, is_demo, declared_at, closed_at, is_drill";

fn incident_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Incident> {
    let phase: String = r.get(4)?;
    let status: String = r.get(5)?;
    Ok(Incident {
        id: r.get(0)?,
        kind: r.get(1)?,
        severity: r.get(2)?,
        title: r.get(3)?,
        phase: Phase::from_id(&phase).unwrap_or(Phase::Report),
        status: if status == "closed" {
            IncidentStatus::Closed
        } else {
            IncidentStatus::Open
        },
        demo: r.get(6)?,
        drill: r.get(9)?,
        declared_at: ts(r, 7)?,
        closed_at: ts_opt(r, 8)?,
    })
}

const ASSIGNMENT_COLS: &str =
    "a.id, a.role, a.person_id, a.person_name, COALESCE(p.phone, ''), COALESCE(p.email, ''), a.started_at, a.ended_at, a.handed_to";

fn assignment_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Assignment> {
    Ok(Assignment {
        id: r.get(0)?,
        role: r.get(1)?,
        person_id: r.get(2)?,
        person_name: r.get(3)?,
        phone: r.get(4)?,
        email: r.get(5)?,
        started_at: ts(r, 6)?,
        ended_at: ts_opt(r, 7)?,
        handed_to: r.get(8)?,
    })
}

fn timeline_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<TimelineEntry> {
    let data: String = r.get(2)?;
    Ok(TimelineEntry {
        id: r.get(0)?,
        kind: r.get(1)?,
        data: serde_json::from_str(&data).unwrap_or(Value::Null),
        event_at: ts(r, 3)?,
        recorded_at: ts(r, 4)?,
        operator: r.get(5)?,
    })
}

const STATEMENT_COLS: &str =
    "id, audience, body, state, version, reviewed_by, reviewed_at, approved_by, approved_at, created_at, updated_at, prior_state";

fn statement_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Statement> {
    let state: String = r.get(3)?;
    Ok(Statement {
        id: r.get(0)?,
        audience: r.get(1)?,
        body: r.get(2)?,
        state: StatementState::from_id(&state),
        version: r.get(4)?,
        reviewed_by: r.get(5)?,
        reviewed_at: ts_opt(r, 6)?,
        approved_by: r.get(7)?,
        approved_at: ts_opt(r, 8)?,
        created_at: ts(r, 9)?,
        updated_at: ts(r, 10)?,
        prior_state: r.get::<_, Option<String>>(11)?.as_deref().map(StatementState::from_id),
    })
}

const VERSION_COLS: &str = "statement_id, version, audience, body, sha256, reviewed_by, approved_by, released_by, released_at";

fn version_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ReleasedVersion> {
    Ok(ReleasedVersion {
        statement_id: r.get(0)?,
        version: r.get(1)?,
        audience: r.get(2)?,
        body: r.get(3)?,
        sha256: r.get(4)?,
        reviewed_by: r.get(5)?,
        approved_by: r.get(6)?,
        released_by: r.get(7)?,
        released_at: ts(r, 8)?,
    })
}

/// Whether `body` holds anything the checks block sign-off and release for,
/// judged inside the caller's transaction.
fn holds_personal_data(tx: &Transaction<'_>, incident: i64, audience: &str, body: &str) -> rusqlite::Result<bool> {
    let profile = Profile {
        values: tx
            .prepare("SELECT key, value FROM profile")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?,
    };
    let names: Vec<String> = tx
        .prepare("SELECT name FROM private_person WHERE incident_id = ?1")?
        .query_map([incident], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let ctx = profile.lint_context(audience, names);
    // Without the rules nothing can be shown safe, so nothing is released.
    Ok(match crate::domain::lint::Rules::builtin() {
        Ok(rules) => crate::domain::lint::blocks(body, &ctx, rules),
        Err(_) => true,
    })
}

/// The name of whoever holds `role` on the incident now.
fn holder_name(tx: &Transaction<'_>, incident: i64, role: &str) -> rusqlite::Result<Option<String>> {
    tx.query_row(
        "SELECT person_name FROM assignment WHERE incident_id = ?1 AND role = ?2 AND ended_at IS NULL",
        params![incident, role],
        |r| r.get(0),
    )
    .optional()
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
            return Err(StoreError::Io(format!("{} is a directory, not a database file", path.display())));
        }
        if !path.exists() {
            create_private_file(path)?;
        }
        let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX).map_err(|e| {
            match StoreError::from(e) {
                StoreError::ReadOnly(_) | StoreError::Io(_) => StoreError::ReadOnly(format!("no write permission on {}", path.display())),
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
            return Err(StoreError::NotFound(format!("database {}", path.display())));
        }
        let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
        conn.busy_timeout(std::time::Duration::from_millis(BUSY_TIMEOUT_MS))?;
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
            return Err(StoreError::Invalid(format!(
                "{} uses an older layout; open it once with the console (crisisdesk --db ...) to upgrade it",
                path.display()
            )));
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
    /// entirely before or entirely after them, never in between.
    pub fn snapshot<T, E: From<StoreError>>(&self, f: impl FnOnce(&Store) -> std::result::Result<T, E>) -> std::result::Result<T, E> {
        self.conn.execute_batch("BEGIN DEFERRED").map_err(|e| E::from(e.into()))?;
        let out = f(self);
        // A read transaction has nothing to lose; ending it cannot fail in a
        // way that matters to what was read.
        let _ = self.conn.execute_batch("COMMIT");
        out
    }

    /// The database's generation: set when it is created and renewed by
    /// every restore, so a console can tell the record under it was replaced.
    pub fn generation(&self) -> Result<String> {
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = 'generation'", [], |r| r.get(0))
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

    // ---- people ---------------------------------------------------------

    pub fn add_person(&mut self, name: &str, phone: &str, email: &str, now: DateTime<Utc>) -> Result<i64> {
        let name = name.trim();
        if name.is_empty() {
            return Err(StoreError::Invalid("a person needs a name".into()));
        }
        self.write(|tx| {
            tx.execute(
                "INSERT INTO person (name, phone, email, created_at) VALUES (?1, ?2, ?3, ?4)",
                params![name, phone.trim(), email.trim(), to_db(now)],
            )?;
            Ok(tx.last_insert_rowid())
        })
    }

    pub fn update_person(&mut self, id: i64, name: &str, phone: &str, email: &str) -> Result<()> {
        let name = name.trim();
        if name.is_empty() {
            return Err(StoreError::Invalid("a person needs a name".into()));
        }
        let n = self.write(|tx| {
            tx.execute(
                "UPDATE person SET name = ?2, phone = ?3, email = ?4 WHERE id = ?1",
                params![id, name, phone.trim(), email.trim()],
            )
        })?;
        if n == 0 {
            return Err(StoreError::NotFound(format!("person {id}")));
        }
        Ok(())
    }

    pub fn persons(&self) -> Result<Vec<Person>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT id, name, phone, email FROM person ORDER BY name, id")?;
        let rows = st.query_map([], |r| {
            Ok(Person {
                id: r.get(0)?,
                name: r.get(1)?,
                phone: r.get(2)?,
                email: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    // ---- incidents ------------------------------------------------------

    /// Declare an incident: the incident, its checklist copied from the
    /// playbook (so later playbook edits never rewrite a record), and the
    /// first timeline entry, in one transaction.
    pub fn declare(&mut self, pb: &Playbook, severity: u8, title: &str, demo: bool, now: DateTime<Utc>) -> Result<i64> {
        let title = title.trim();
        if title.is_empty() {
            return Err(StoreError::Invalid("an incident needs a title".into()));
        }
        if !(1..=4).contains(&severity) {
            return Err(StoreError::Invalid(format!("severity must be 1 to 4, not {severity}")));
        }
        self.write(|tx| declare_in(tx, pb, severity, title, demo, false, now))
    }

    /// Open a drill: an incident marked as a drill, its checklist from the
    /// scenario's playbook, and the scenario text as started.
    pub fn start_drill(&mut self, pb: &Playbook, scenario: &Scenario, src: &str, now: DateTime<Utc>) -> Result<i64> {
        let title = format!("{} / {}", scenario.title.zh.trim(), scenario.title.en.trim());
        self.write(|tx| {
            let id = declare_in(tx, pb, scenario.severity, &title, false, true, now)?;
            tx.execute(
                "INSERT INTO drill (incident_id, scenario_id, scenario_src) VALUES (?1, ?2, ?3)",
                params![id, scenario.id, src],
            )?;
            // The scenario as started is part of the record: an edit to it
            // later would change what the report says was played.
            tx.record(
                id,
                "drill.scenario",
                json!({"scenario": scenario.id, "sha256": sha256_hex(src)}),
                now,
                now,
            )?;
            Ok(id)
        })
    }

    pub fn incident(&self, id: i64) -> Result<Incident> {
        self.conn
            .query_row(&format!("SELECT {INCIDENT_COLS} FROM incident WHERE id = ?1"), [id], incident_row)
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("incident {id}")))
    }

    /// Open incidents, newest first. Demos sort after real ones so a real
    /// crisis is never hidden behind a sample.
    /// Open incidents, real ones first. Drills are left out unless asked
    /// for, so a drill is never taken for the live incident.
    pub fn open_incidents(&self, include_drills: bool) -> Result<Vec<IncidentSummary>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, type, severity, title, is_demo, declared_at, is_drill FROM incident
             WHERE status = 'open' AND (is_drill = 0 OR ?1) ORDER BY is_drill, is_demo, declared_at DESC, id DESC LIMIT 200",
        )?;
        let rows = st.query_map([include_drills], |r| {
            Ok(IncidentSummary {
                id: r.get(0)?,
                kind: r.get(1)?,
                severity: r.get(2)?,
                title: r.get(3)?,
                demo: r.get(4)?,
                declared_at: ts(r, 5)?,
                drill: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The incident `export` picks when none is named: the newest open real
    /// one, else the newest open demo.
    pub fn default_incident(&self) -> Result<Option<i64>> {
        Ok(self.open_incidents(false)?.first().map(|i| i.id))
    }

    fn set_incident_field(
        &mut self,
        id: i64,
        sql: &str,
        value: rusqlite::types::Value,
        kind: &str,
        data: Value,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.write(|tx| {
            let n = tx.execute(sql, params![id, value])?;
            if n == 0 {
                return Err(rusqlite::Error::QueryReturnedNoRows);
            }
            tx.record(id, kind, data, now, now)?;
            Ok(())
        })
        .map_err(|e| match e {
            StoreError::NotFound(_) => StoreError::NotFound(format!("incident {id}")),
            other => other,
        })
    }

    /// Move the phase on from `from`. The guard makes a console that has
    /// not seen another's change fail instead of recording a false "from".
    pub fn set_phase(&mut self, id: i64, from: Phase, to: Phase, now: DateTime<Utc>) -> Result<()> {
        let r = self.set_incident_field(
            id,
            &format!("UPDATE incident SET phase = ?2 WHERE id = ?1 AND phase = '{}'", from.id()),
            to.id().to_string().into(),
            "incident.phase",
            json!({"from": from.id(), "to": to.id()}),
            now,
        );
        self.stale_or(id, r)
    }

    /// A guarded update that found no row: the incident is gone, or it
    /// changed under this console.
    fn stale_or(&self, id: i64, r: Result<()>) -> Result<()> {
        match r {
            Err(StoreError::NotFound(_)) if self.incident(id).is_ok() => Err(StoreError::Invalid(
                "another console changed this incident a moment ago; the screen now shows it, so try again".into(),
            )),
            other => other,
        }
    }

    pub fn set_severity(&mut self, id: i64, from: u8, to: u8, now: DateTime<Utc>) -> Result<()> {
        if !(1..=4).contains(&to) {
            return Err(StoreError::Invalid(format!("severity must be 1 to 4, not {to}")));
        }
        let r = self.set_incident_field(
            id,
            &format!("UPDATE incident SET severity = ?2 WHERE id = ?1 AND severity = {from}"),
            i64::from(to).into(),
            "incident.severity",
            json!({"from": from, "to": to}),
            now,
        );
        self.stale_or(id, r)
    }

    pub fn close_incident(&mut self, id: i64, now: DateTime<Utc>) -> Result<()> {
        self.set_incident_field(
            id,
            "UPDATE incident SET status = 'closed', closed_at = ?2 WHERE id = ?1",
            to_db(now).into(),
            "incident.closed",
            json!({}),
            now,
        )
    }

    pub fn set_briefing(&mut self, id: i64, key: &str, value: &str, now: DateTime<Utc>) -> Result<()> {
        let value = value.trim();
        self.write(|tx| {
            tx.execute(
                "INSERT INTO briefing (incident_id, key, value, updated_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (incident_id, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                params![id, key, value, to_db(now)],
            )?;
            tx.record(id, "briefing.set", json!({"key": key, "value": value}), now, now)?;
            Ok(())
        })
    }

    pub fn briefing(&self, id: i64) -> Result<Vec<(String, String)>> {
        let mut st = self.conn.prepare_cached("SELECT key, value FROM briefing WHERE incident_id = ?1")?;
        let rows = st.query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let mut out: Vec<(String, String)> = rows.collect::<rusqlite::Result<_>>()?;
        out.sort_by_key(|(k, _)| BRIEFING_KEYS.iter().position(|b| b == k).unwrap_or(usize::MAX));
        Ok(out)
    }

    // ---- roles ----------------------------------------------------------

    /// Give `role` to `person`. If someone holds it, this is a handoff: the
    /// outgoing assignment ends and names its successor, and the timeline
    /// records both people.
    pub fn assign_role(&mut self, incident: i64, role: &str, person: i64, now: DateTime<Utc>) -> Result<()> {
        self.write(|tx| {
            let name: String = tx.query_row("SELECT name FROM person WHERE id = ?1", [person], |r| r.get(0))?;
            let current: Option<(i64, i64, String)> = tx
                .query_row(
                    "SELECT id, person_id, person_name FROM assignment WHERE incident_id = ?1 AND role = ?2 AND ended_at IS NULL",
                    params![incident, role],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?;
            if let Some((aid, pid, old_name)) = &current {
                if *pid == person {
                    return Ok(());
                }
                tx.execute(
                    "UPDATE assignment SET ended_at = ?2, handed_to = ?3 WHERE id = ?1",
                    params![aid, to_db(now), name],
                )?;
                tx.record(
                    incident,
                    "role.handoff",
                    json!({"role": role, "from": old_name, "to": name}),
                    now,
                    now,
                )?;
            } else {
                tx.record(incident, "role.assigned", json!({"role": role, "person": name}), now, now)?;
            }
            tx.execute(
                "INSERT INTO assignment (incident_id, role, person_id, person_name, started_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![incident, role, person, name, to_db(now)],
            )?;
            Ok(())
        })
        .map_err(|e| match e {
            StoreError::Other(d) if d.contains("no rows") => StoreError::NotFound(format!("person {person}")),
            other => other,
        })
    }

    pub fn release_role(&mut self, incident: i64, role: &str, now: DateTime<Utc>) -> Result<bool> {
        self.write(|tx| {
            let current: Option<(i64, String)> = tx
                .query_row(
                    "SELECT id, person_name FROM assignment WHERE incident_id = ?1 AND role = ?2 AND ended_at IS NULL",
                    params![incident, role],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let Some((aid, name)) = current else { return Ok(false) };
            tx.execute("UPDATE assignment SET ended_at = ?2 WHERE id = ?1", params![aid, to_db(now)])?;
            tx.record(incident, "role.released", json!({"role": role, "person": name}), now, now)?;
            Ok(true)
        })
    }

    pub fn current_assignments(&self, incident: i64) -> Result<Vec<Assignment>> {
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT {ASSIGNMENT_COLS} FROM assignment a LEFT JOIN person p ON p.id = a.person_id
             WHERE a.incident_id = ?1 AND a.ended_at IS NULL ORDER BY a.id"
        ))?;
        let rows = st.query_map([incident], assignment_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every assignment of the incident, oldest first (`role` narrows it).
    pub fn role_history(&self, incident: i64, role: Option<&str>) -> Result<Vec<Assignment>> {
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT {ASSIGNMENT_COLS} FROM assignment a LEFT JOIN person p ON p.id = a.person_id
             WHERE a.incident_id = ?1 AND (?2 IS NULL OR a.role = ?2) ORDER BY a.id"
        ))?;
        let rows = st.query_map(params![incident, role], assignment_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    // ---- checklist ------------------------------------------------------

    pub fn checklist(&self, incident: i64) -> Result<Vec<ChecklistItem>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, item_key, phase, owner_role, text_zh, text_en, due_at, state, note, changed_at
             FROM checklist_item WHERE incident_id = ?1 ORDER BY seq",
        )?;
        let rows = st.query_map([incident], |r| {
            let phase: String = r.get(2)?;
            let state: String = r.get(7)?;
            Ok(ChecklistItem {
                id: r.get(0)?,
                key: r.get(1)?,
                phase: Phase::from_id(&phase).unwrap_or(Phase::Report),
                owner: r.get(3)?,
                text_zh: r.get(4)?,
                text_en: r.get(5)?,
                due_at: ts_opt(r, 6)?,
                state: ItemState::from_id(&state),
                note: r.get(8)?,
                changed_at: ts_opt(r, 9)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn set_item_state(&mut self, item: i64, state: ItemState, note: &str, now: DateTime<Utc>) -> Result<()> {
        let note = note.trim();
        if state == ItemState::Skipped && note.is_empty() {
            return Err(StoreError::Invalid("skipping an item needs a note saying why".into()));
        }
        self.write(|tx| {
            let (incident, key, zh, en): (i64, String, String, String) = tx.query_row(
                "SELECT incident_id, item_key, text_zh, text_en FROM checklist_item WHERE id = ?1",
                [item],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )?;
            tx.execute(
                "UPDATE checklist_item SET state = ?2, note = ?3, changed_at = ?4 WHERE id = ?1",
                params![item, state.id(), note, to_db(now)],
            )?;
            let kind = match state {
                ItemState::Done => "item.done",
                ItemState::Open => "item.reopened",
                ItemState::Skipped => "item.skipped",
            };
            tx.record(
                incident,
                kind,
                json!({"item": key, "item_zh": zh, "item_en": en, "note": note}),
                now,
                now,
            )?;
            Ok(())
        })
    }

    // ---- statements -----------------------------------------------------

    pub fn statements(&self, incident: i64) -> Result<Vec<Statement>> {
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT {STATEMENT_COLS} FROM statement WHERE incident_id = ?1 ORDER BY id"
        ))?;
        let rows = st.query_map([incident], statement_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn create_statement(&mut self, incident: i64, audience: &str, body: &str, now: DateTime<Utc>) -> Result<i64> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO statement (incident_id, audience, body, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)",
                params![incident, audience, body, to_db(now)],
            )?;
            let id = tx.last_insert_rowid();
            tx.record(
                incident,
                "statement.created",
                json!({"statement": id, "audience": audience}),
                now,
                now,
            )?;
            Ok(id)
        })
    }

    /// Autosave: drafts are saved often, so the body is not put on the
    /// timeline each time (the statement's own times say when it changed).
    pub fn save_statement_body(&mut self, id: i64, body: &str, now: DateTime<Utc>) -> Result<()> {
        self.save_draft(id, body, 0, now)
    }

    /// Drafts last saved by the autosave of a console that is no longer
    /// running (crash, kill, lost session); `alive` says whether the
    /// process that saved one still runs, so a second console starting
    /// never takes a draft another one is still typing. Clears the marks.
    pub fn take_recovered_drafts(&mut self, alive: impl Fn(i64) -> bool) -> Result<Vec<i64>> {
        self.write(|tx| {
            let marked: Vec<(i64, i64)> = tx
                .prepare("SELECT id, autosaved FROM statement WHERE autosaved != 0 ORDER BY id")?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            let mut ids = Vec::new();
            for (id, pid) in marked {
                if !alive(pid) {
                    tx.execute("UPDATE statement SET autosaved = 0 WHERE id = ?1", [id])?;
                    ids.push(id);
                }
            }
            Ok(ids)
        })
    }

    /// Save a draft. `autosave_by` is the saving console's process id when
    /// the autosave saved it while the user is still editing, else 0.
    pub fn save_draft(&mut self, id: i64, body: &str, autosave_by: u32, now: DateTime<Utc>) -> Result<()> {
        // Only a draft changes: a reviewed or released text must stay the
        // text that was reviewed or released.
        let (n, exists) = self.write(|tx| {
            let n = tx.execute(
                "UPDATE statement SET body = ?2, updated_at = ?3, autosaved = ?4 WHERE id = ?1 AND state = 'draft'",
                params![id, body, to_db(now), autosave_by],
            )?;
            let exists: Option<i64> = tx
                .query_row("SELECT id FROM statement WHERE id = ?1", [id], |r| r.get(0))
                .optional()?;
            Ok((n, exists.is_some()))
        })?;
        match (n, exists) {
            (0, false) => Err(StoreError::NotFound(format!("statement {id}"))),
            (0, true) => Err(StoreError::Invalid(format!(
                "statement {id} is not a draft; its text cannot change"
            ))),
            _ => Ok(()),
        }
    }

    pub fn set_statement_audience(&mut self, id: i64, audience: &str, now: DateTime<Utc>) -> Result<()> {
        if !AUDIENCES.contains(&audience) {
            return Err(StoreError::Invalid(format!("unknown audience {audience:?}")));
        }
        let r = self.write(|tx| {
            let incident: i64 = tx.query_row("SELECT incident_id FROM statement WHERE id = ?1", [id], |r| r.get(0))?;
            // Only a draft: legal reviewed a text for one audience.
            if tx.execute(
                "UPDATE statement SET audience = ?2, updated_at = ?3 WHERE id = ?1 AND state = 'draft'",
                params![id, audience, to_db(now)],
            )? == 0
            {
                return Err(rusqlite::Error::QueryReturnedNoRows);
            }
            tx.record(
                incident,
                "statement.audience",
                json!({"statement": id, "audience": audience}),
                now,
                now,
            )?;
            Ok(())
        });
        r.map_err(|e| match e {
            StoreError::NotFound(_) => StoreError::Invalid(format!(
                "statement {id} is not a draft, or is gone; only a draft changes its audience"
            )),
            other => other,
        })
    }

    /// Take one step along the review chain. The rules are checked again
    /// here, inside the write transaction, so two consoles cannot race a
    /// statement past a step. `blocking` says the console's checks found
    /// something that blocks (they are run again here for every sign-off and
    /// the release). Sign-offs go through `sign_off`.
    pub fn statement_step(&mut self, id: i64, step: Step, blocking: bool, now: DateTime<Utc>) -> Result<StatementState> {
        if step.is_sign_off() {
            return Err(StoreError::Invalid(format!(
                "statement {id}: a sign-off names the exact version it vouches for; use sign_off"
            )));
        }
        self.take_step(id, step, blocking, None, now)
    }

    /// Record legal review or approval of the version whose text hashes to
    /// `sha256` — the version the operator confirmed the person read. If the
    /// text changed since (another console reopened and edited it), nothing
    /// is recorded.
    pub fn sign_off(&mut self, id: i64, step: Step, sha256: &str, now: DateTime<Utc>) -> Result<StatementState> {
        if !step.is_sign_off() {
            return Err(StoreError::Invalid(format!("statement {id}: {} is not a sign-off", step.id())));
        }
        self.take_step(id, step, false, Some(sha256), now)
    }

    /// For tests, benchmarks and the demo: take any step, a sign-off
    /// vouching for the text as it stands. The console never calls this; it
    /// asks the operator to confirm each sign-off (`sign_off`).
    #[doc(hidden)]
    pub fn advance_for_tests(&mut self, id: i64, step: Step, now: DateTime<Utc>) -> Result<StatementState> {
        let confirmed = step
            .is_sign_off()
            .then(|| self.statement(id).map(|(_, s)| sha256_hex(&s.body)))
            .transpose()?;
        self.take_step(id, step, false, confirmed.as_deref(), now)
    }

    fn take_step(&mut self, id: i64, step: Step, blocking: bool, confirmed: Option<&str>, now: DateTime<Utc>) -> Result<StatementState> {
        self.write(|tx| {
            let (incident, st): (i64, Statement) = tx.query_row(
                &format!("SELECT {STATEMENT_COLS}, incident_id FROM statement WHERE id = ?1"),
                [id],
                |r| Ok((r.get(12)?, statement_row(r)?)),
            )?;
            let Statement {
                state,
                version,
                audience,
                body,
                reviewed_by,
                approved_by,
                prior_state,
                ..
            } = st;
            let sha = sha256_hex(&body);
            if confirmed.is_some_and(|c| c != sha) {
                return Ok(Err(Refusal::Changed));
            }
            // What blocks is checked again here, against the private list and
            // profile as they are now: another console may have added a name
            // since this one looked.
            let gated = matches!(step, Step::Review | Step::Approve | Step::Release);
            let blocking = blocking || (gated && holds_personal_data(tx, incident, &audience, &body)?);
            let chain = ChainState {
                state,
                reviewed: reviewed_by.is_some(),
                empty: body.trim().is_empty(),
                blocking,
                prior: prior_state,
            };
            let mut holders = Vec::new();
            for role in ["commander", "legal", "communications"] {
                holders.push((role, holder_name(tx, incident, role)?));
            }
            let holder = |role: &str| holders.iter().find(|(r, _)| *r == role).and_then(|(_, n)| n.clone());
            let to = match check_step(chain, step, |r| holder(r).is_some()) {
                Ok(to) => to,
                Err(refusal) => return Ok(Err(refusal)),
            };
            // A new version of a statement with nothing released stays a
            // withdrawn draft's own business: there is no text to go back to.
            let last_release: Option<(String, String, String)> = if step == Step::Discard {
                tx.query_row(
                    "SELECT body, reviewed_by, approved_by FROM statement_version WHERE statement_id = ?1 AND version = ?2",
                    params![id, version - 1],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?
            } else {
                None
            };
            if step == Step::Discard && last_release.is_none() {
                return Ok(Err(Refusal::NoPrior));
            }
            let (role, _) = step.actor();
            // An unstaffed optional actor falls to the commander, as an
            // unfilled role falls to the person above it.
            let (role, person) = match holder(role) {
                Some(p) => (role, p),
                None => ("commander", holder("commander").unwrap_or_default()),
            };
            let t = to_db(now);
            match step {
                Step::Review => {
                    tx.execute("UPDATE statement SET reviewed_by = ?2, reviewed_at = ?3 WHERE id = ?1", params![id, person, t])?;
                }
                Step::Approve => {
                    tx.execute("UPDATE statement SET approved_by = ?2, approved_at = ?3 WHERE id = ?1", params![id, person, t])?;
                }
                Step::Release => {
                    tx.execute(
                        "INSERT INTO statement_version (statement_id, version, audience, body, sha256, reviewed_by, approved_by, released_by, released_at)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                        params![
                            id,
                            version,
                            audience,
                            body,
                            sha,
                            reviewed_by.clone().unwrap_or_default(),
                            approved_by.clone().unwrap_or_default(),
                            person,
                            t
                        ],
                    )?;
                    tx.execute("UPDATE statement SET prior_state = NULL WHERE id = ?1", [id])?;
                }
                Step::Reopen => {
                    tx.execute(
                        "UPDATE statement SET reviewed_by = NULL, reviewed_at = NULL, approved_by = NULL, approved_at = NULL WHERE id = ?1",
                        [id],
                    )?;
                }
                Step::NewVersion => {
                    tx.execute(
                        "UPDATE statement SET version = version + 1, reviewed_by = NULL, reviewed_at = NULL, approved_by = NULL, approved_at = NULL,
                         prior_state = ?2 WHERE id = ?1",
                        params![id, state.id()],
                    )?;
                }
                Step::Discard => {
                    if let Some((released_body, rev, app)) = &last_release {
                        tx.execute(
                            "UPDATE statement SET version = version - 1, body = ?2, reviewed_by = ?3, approved_by = ?4, prior_state = NULL, autosaved = 0
                             WHERE id = ?1",
                            params![id, released_body, rev, app],
                        )?;
                    }
                }
                Step::Withdraw => {
                    tx.execute("UPDATE statement SET prior_state = NULL WHERE id = ?1", [id])?;
                }
                Step::Submit => {}
            }
            tx.execute("UPDATE statement SET state = ?2, updated_at = ?3 WHERE id = ?1", params![id, to.id(), t])?;
            let version = match step {
                Step::NewVersion => version + 1,
                Step::Discard => version - 1,
                _ => version,
            };
            let mut data = json!({"statement": id, "version": version, "audience": audience, "role": role, "person": person});
            if matches!(step, Step::Release | Step::Review | Step::Approve) {
                // The exact text vouched for or sent out.
                data["sha256"] = json!(sha);
            }
            tx.record(incident, &format!("statement.{}", step.id()), data, now, now)?;
            Ok(Ok(to))
        })?
        .map_err(|refusal| StoreError::Refused(refusal.key()))
    }

    /// Every released version of a statement, oldest first.
    pub fn statement_versions(&self, id: i64) -> Result<Vec<ReleasedVersion>> {
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT {VERSION_COLS} FROM statement_version WHERE statement_id = ?1 ORDER BY version"
        ))?;
        let rows = st.query_map([id], version_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every release in an incident, oldest first.
    pub fn all_releases(&self, incident: i64) -> Result<Vec<ReleasedVersion>> {
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT {VERSION_COLS} FROM statement_version WHERE statement_id IN (SELECT id FROM statement WHERE incident_id = ?1)
             ORDER BY released_at, id"
        ))?;
        let rows = st.query_map([incident], version_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The newest release to each audience of an incident: what the
    /// update clocks run from.
    pub fn latest_releases(&self, incident: i64) -> Result<Vec<ReleasedVersion>> {
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT {VERSION_COLS} FROM statement_version WHERE id IN (
                SELECT v.id FROM statement_version v JOIN statement s ON s.id = v.statement_id
                WHERE s.incident_id = ?1 AND v.released_at = (
                    SELECT max(v2.released_at) FROM statement_version v2 JOIN statement s2 ON s2.id = v2.statement_id
                    WHERE s2.incident_id = ?1 AND v2.audience = v.audience))
             ORDER BY released_at DESC"
        ))?;
        let rows = st.query_map([incident], version_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn statement(&self, id: i64) -> Result<(i64, Statement)> {
        self.conn
            .query_row(
                &format!("SELECT {STATEMENT_COLS}, incident_id FROM statement WHERE id = ?1"),
                [id],
                |r| Ok((r.get(12)?, statement_row(r)?)),
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("statement {id}")))
    }

    // ---- clinic profile -------------------------------------------------

    pub fn profile(&self) -> Result<Profile> {
        let mut st = self.conn.prepare_cached("SELECT key, value FROM profile")?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(Profile {
            values: rows.collect::<rusqlite::Result<_>>()?,
        })
    }

    pub fn set_profile(&mut self, key: &str, value: &str, now: DateTime<Utc>) -> Result<()> {
        let value = validate_profile(key, value).map_err(StoreError::Invalid)?;
        self.write(|tx| {
            tx.execute(
                "INSERT INTO profile (key, value, updated_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                params![key, value, to_db(now)],
            )?;
            Ok(())
        })
    }

    // ---- private persons ------------------------------------------------

    pub fn private_persons(&self, incident: i64) -> Result<Vec<PrivatePerson>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT id, name, note FROM private_person WHERE incident_id = ?1 ORDER BY id")?;
        let rows = st.query_map([incident], |r| {
            Ok(PrivatePerson {
                id: r.get(0)?,
                name: r.get(1)?,
                note: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The timeline says a private person was listed, never who: the
    /// record and the shared screen must not spread the name.
    pub fn add_private_person(&mut self, incident: i64, name: &str, note: &str, now: DateTime<Utc>) -> Result<i64> {
        let name = name.trim();
        if name.chars().count() < 2 {
            return Err(StoreError::Invalid("a private person's name needs at least two characters".into()));
        }
        self.write(|tx| {
            tx.execute(
                "INSERT INTO private_person (incident_id, name, note, created_at) VALUES (?1, ?2, ?3, ?4)",
                params![incident, name, note.trim(), to_db(now)],
            )?;
            let id = tx.last_insert_rowid();
            tx.record(incident, "private.added", json!({"private": id}), now, now)?;
            Ok(id)
        })
    }

    pub fn remove_private_person(&mut self, id: i64, now: DateTime<Utc>) -> Result<()> {
        self.write(|tx| {
            let incident: i64 = tx.query_row("SELECT incident_id FROM private_person WHERE id = ?1", [id], |r| r.get(0))?;
            tx.execute("DELETE FROM private_person WHERE id = ?1", [id])?;
            tx.record(incident, "private.removed", json!({"private": id}), now, now)?;
            Ok(())
        })
    }

    // ---- legal clocks ---------------------------------------------------

    /// Mark a clock as met (or not): a deadline that was met must stop
    /// showing as overdue, and the record says when it was met.
    pub fn set_clock_met(&mut self, incident: i64, clock: &str, label: &str, met: bool, now: DateTime<Utc>) -> Result<()> {
        self.write(|tx| {
            if met {
                tx.execute(
                    "INSERT OR IGNORE INTO clock_met (incident_id, clock_id, met_at) VALUES (?1, ?2, ?3)",
                    params![incident, clock, to_db(now)],
                )?;
            } else {
                tx.execute(
                    "DELETE FROM clock_met WHERE incident_id = ?1 AND clock_id = ?2",
                    params![incident, clock],
                )?;
            }
            let kind = if met { "clock.met" } else { "clock.reopened" };
            tx.record(incident, kind, json!({"clock": clock, "label": label}), now, now)?;
            Ok(())
        })
    }

    pub fn clocks_met(&self, incident: i64) -> Result<Vec<(String, DateTime<Utc>)>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT clock_id, met_at FROM clock_met WHERE incident_id = ?1")?;
        let rows = st.query_map([incident], |r| Ok((r.get(0)?, ts(r, 1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    // ---- timeline -------------------------------------------------------

    pub fn add_note(&mut self, incident: i64, text: &str, event_at: DateTime<Utc>, now: DateTime<Utc>) -> Result<i64> {
        let text = text.trim();
        if text.is_empty() {
            return Err(StoreError::Invalid("a note needs text".into()));
        }
        self.write(|tx| {
            let exists: Option<i64> = tx
                .query_row("SELECT id FROM incident WHERE id = ?1", [incident], |r| r.get(0))
                .optional()?;
            if exists.is_none() {
                return Err(rusqlite::Error::QueryReturnedNoRows);
            }
            tx.record(incident, "note", json!({"text": text}), event_at, now)
        })
        .map_err(|e| match e {
            StoreError::NotFound(_) => StoreError::NotFound(format!("incident {incident}")),
            other => other,
        })
    }

    /// One screenful of the timeline, newest first, starting below
    /// `before` (an entry id) — keyset paging, so the cost is the page's
    /// size however long the timeline grows.
    pub fn timeline_page(&self, incident: i64, before: Option<i64>, limit: usize) -> Result<Vec<TimelineEntry>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, kind, data, event_at, recorded_at, operator FROM timeline_entry
             WHERE incident_id = ?1 AND id < ?2 ORDER BY id DESC LIMIT ?3",
        )?;
        let rows = st.query_map(params![incident, before.unwrap_or(i64::MAX), limit as i64], timeline_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The id of the entry `n` places newer than `id` (for scrolling up).
    pub fn timeline_newer(&self, incident: i64, id: i64, n: usize) -> Result<Option<i64>> {
        let mut st = self.conn.prepare_cached(
            "SELECT max(id) FROM (SELECT id FROM timeline_entry WHERE incident_id = ?1 AND id > ?2 ORDER BY id LIMIT ?3)",
        )?;
        Ok(st.query_row(params![incident, id, n as i64], |r| r.get(0))?)
    }

    /// Stream the whole timeline, oldest first, for export.
    pub fn for_each_timeline(&self, incident: i64, mut f: impl FnMut(TimelineEntry) -> std::io::Result<()>) -> Result<()> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, kind, data, event_at, recorded_at, operator FROM timeline_entry WHERE incident_id = ?1 ORDER BY id",
        )?;
        let mut rows = st.query([incident])?;
        while let Some(r) = rows.next()? {
            f(timeline_row(r)?).map_err(|e| StoreError::Io(format!("cannot write the export: {e}")))?;
        }
        Ok(())
    }

    /// For benchmarks and tests: bulk-append notes in one transaction.
    pub fn bulk_notes(&mut self, incident: i64, n: usize, now: DateTime<Utc>) -> Result<()> {
        self.write(|tx| {
            for i in 0..n {
                tx.record(incident, "note", json!({"text": format!("note {i}")}), now, now)?;
            }
            Ok(())
        })
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
        .map_err(|e| StoreError::Io(format!("cannot create {}: {e}", dir.display())))
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
            Err(StoreError::ReadOnly(format!("no permission to create {}", path.display())))
        }
        Err(e) => Err(StoreError::Io(format!("cannot create {}: {e}", path.display()))),
    }
}

/// The default database path: the platform data directory.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "crisisdesk").map(|d| d.data_dir().join("crisisdesk.db"))
}

#[cfg(test)]
mod tests;
