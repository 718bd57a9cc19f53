//! What can go wrong with the database, as values; worded for people where
//! they are shown (see `crate::error`).

use std::fmt;
use std::path::PathBuf;

use rusqlite::ErrorCode;

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
