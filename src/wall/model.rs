//! What the wall shows, as loaded: only what a shared screen may show.

use chrono::{DateTime, Utc};

use crate::domain::content::{DeadlineKind, DueIn};
use crate::domain::drill::{DrillClock, Exercise};
use crate::domain::model::{ChecklistItem, Incident};
use crate::domain::types::{Audience, RoleId};
use crate::i18n::Text;
/// Everything the wall shows, as loaded from the store.
#[derive(Clone, Debug, PartialEq)]
pub struct WallState {
    /// The incident on screen; None while waiting for one.
    pub view: Option<WallView>,
    /// Open incidents other than the one shown.
    pub others: usize,
    pub loaded_at: DateTime<Utc>,
    /// A reload failed: the last good data stays up, with this note.
    pub notice: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct WallView {
    /// The incident (its title scrubbed).
    pub incident: Incident,
    pub drill: Option<WallDrill>,
    pub roles: Vec<RoleRow>,
    /// The checklist, with skip notes left out (the wall never shows them).
    pub checklist: Vec<ChecklistItem>,
    pub deadlines: Vec<DeadlineRow>,
    /// Updates due: each audience's next update falls due then.
    pub updates: Vec<(Audience, DateTime<Utc>)>,
    /// The newest release to each audience, newest first.
    pub releases: Vec<Release>,
    /// Newest first.
    pub timeline: Vec<TimelineLine>,
    /// Inbound messages (HICS 213) waiting for an answer, and of them
    /// overdue: counts only, never who asked or what.
    pub messages: (usize, usize),
    /// Online mentions: new, not yet answered, and per hour over the last
    /// day. Counts only: never an author, a text or a link.
    pub mentions: (usize, usize, Vec<u64>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct WallDrill {
    pub clock: DrillClock,
    /// Tabletop or functional, for the banner (tabletop when unreadable).
    pub exercise: Exercise,
    /// The latest delivered inject, as the room received it.
    pub inject: Option<ShownInject>,
    pub delivered: usize,
    pub planned: usize,
}

/// An inject as the players see it; the facilitator's expected action is
/// deliberately not part of it.
#[derive(Clone, Debug, PartialEq)]
pub struct ShownInject {
    pub number: u32,
    pub method: String,
    pub from: Text,
    /// The role it is addressed to.
    pub to: String,
    pub message: Text,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RoleRow {
    pub role: RoleId,
    /// The holder's name; never a phone number or e-mail.
    pub holder: Option<String>,
    pub critical: bool,
    pub required: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DeadlineRow {
    pub label: Text,
    pub kind: DeadlineKind,
    pub verified: bool,
    pub due_in: DueIn,
    pub met: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Release {
    pub audience: Audience,
    pub version: i64,
    /// The frozen text as released (scrubbed).
    pub body: String,
    pub released_at: DateTime<Utc>,
    /// The statement was withdrawn after this release.
    pub withdrawn: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TimelineLine {
    pub at: DateTime<Utc>,
    pub text: Text,
}
