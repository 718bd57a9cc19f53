//! What can go wrong with the database, as values. Each is worded for
//! people through the string catalogs (`StoreError::msg`), never here.

use std::fmt;
use std::path::PathBuf;

use rusqlite::ErrorCode;

use crate::error::Msg;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreError {
    NotADatabase(PathBuf),
    /// SQLite's own detail, kept for whoever restores from a backup.
    Corrupt(String),
    NewerSchema {
        found: i64,
        supported: i64,
    },
    Foreign(PathBuf),
    Busy,
    /// The file cannot be written; the message says why.
    ReadOnly(Msg),
    DiskFull,
    MissingDir(PathBuf),
    /// The file system refused; the message says what was being done.
    Io(Msg),
    /// What was missing (`what.incident` …).
    NotFound(Msg),
    /// The input broke a rule; the message says which.
    Invalid(Msg),
    /// A rule of the sign-off flow said no; the catalog key says why.
    Refused(&'static str),
    Other(String),
}

impl StoreError {
    /// "… not found", naming what.
    pub fn not_found(what: Msg) -> StoreError {
        StoreError::NotFound(what)
    }

    pub fn invalid(key: &'static str) -> StoreError {
        StoreError::Invalid(Msg::new(key))
    }

    /// The words for people, in either language.
    pub fn msg(&self) -> Msg {
        match self {
            StoreError::NotADatabase(p) => Msg::new("error.not_a_database").with("path", p.display()),
            StoreError::Corrupt(d) => Msg::new("error.corrupt").with("detail", d),
            StoreError::NewerSchema { found, supported } => {
                Msg::new("error.newer_schema").with("found", found).with("supported", supported)
            }
            StoreError::Foreign(p) => Msg::new("error.foreign").with("path", p.display()),
            StoreError::Busy => Msg::new("error.busy"),
            StoreError::ReadOnly(why) => Msg::new("error.read_only").with_msg("detail", why.clone()),
            StoreError::DiskFull => Msg::new("error.disk_full"),
            StoreError::MissingDir(p) => Msg::new("error.missing_dir").with("path", p.display()),
            StoreError::Io(m) | StoreError::Invalid(m) => m.clone(),
            StoreError::NotFound(what) => Msg::new("error.not_found").with_msg("what", what.clone()),
            StoreError::Refused(key) => Msg::new(key),
            StoreError::Other(d) => Msg::new("error.other").with("detail", d),
        }
    }
}

impl fmt::Display for StoreError {
    /// In English, for logs and tests; screens word it in their language.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.msg())
    }
}

impl std::error::Error for StoreError {}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        // Callers that know what was missing say so in their own words.
        if matches!(e, rusqlite::Error::QueryReturnedNoRows) {
            return StoreError::NotFound(Msg::new("what.record"));
        }
        if let rusqlite::Error::SqliteFailure(err, msg) = &e {
            let detail = msg.clone().unwrap_or_else(|| err.to_string());
            return match err.code {
                ErrorCode::NotADatabase => StoreError::Corrupt(detail),
                ErrorCode::DatabaseCorrupt => StoreError::Corrupt(detail),
                ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => StoreError::Busy,
                ErrorCode::ReadOnly => StoreError::ReadOnly(Msg::new("error.detail").with("detail", detail)),
                ErrorCode::DiskFull => StoreError::DiskFull,
                ErrorCode::CannotOpen | ErrorCode::PermissionDenied => StoreError::Io(Msg::new("error.cannot_open").with("detail", detail)),
                _ => StoreError::Other(detail),
            };
        }
        StoreError::Other(e.to_string())
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;
