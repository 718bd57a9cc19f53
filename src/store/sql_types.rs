//! How the domain's typed ids go in and out of SQLite columns. Kept in the
//! store so the domain never names the database.

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

use crate::domain::types::{
    Audience, CallState, Category, Channel, CrisisType, MentionState, NoteKind, Priority, Progress, Rating, RoleId, Source,
};

macro_rules! enum_column {
    ($($t:ty),+) => {$(
        impl FromSql for $t {
            fn column_result(v: ValueRef<'_>) -> FromSqlResult<Self> {
                let s = v.as_str()?;
                <$t>::parse(s).ok_or_else(|| FromSqlError::Other(format!("unknown {} {s:?}", stringify!($t)).into()))
            }
        }
        impl ToSql for $t {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.id()))
            }
        }
    )+};
}

macro_rules! id_column {
    ($($t:ty),+) => {$(
        impl FromSql for $t {
            fn column_result(v: ValueRef<'_>) -> FromSqlResult<Self> {
                Ok(<$t>::new(v.as_str()?))
            }
        }
        impl ToSql for $t {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.as_str()))
            }
        }
    )+};
}

enum_column!(
    Audience,
    CallState,
    Category,
    Channel,
    MentionState,
    NoteKind,
    Priority,
    Progress,
    Rating,
    Source
);
id_column!(CrisisType, RoleId);
