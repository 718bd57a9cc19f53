//! The records the console works with, as plain data.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::content::Phase;
use super::desk::StatementState;
use super::types::{Audience, CrisisType, RoleId};

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Person {
    pub id: i64,
    pub name: String,
    pub phone: String,
    pub email: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum IncidentStatus {
    Open,
    Closed,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Incident {
    pub id: i64,
    #[serde(rename = "type")]
    pub crisis_type: CrisisType,
    pub severity: u8,
    pub title: String,
    #[serde(serialize_with = "ser_phase")]
    pub phase: Phase,
    pub status: IncidentStatus,
    pub demo: bool,
    /// A tabletop drill, never to be mistaken for a real incident.
    pub drill: bool,
    pub declared_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
}

fn ser_phase<S: serde::Serializer>(p: &Phase, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(p.id())
}

/// The HICS 201 briefing facts, in the order a briefing covers them.
pub const BRIEFING_KEYS: [&str; 6] = ["nature", "safety", "risks", "duration", "operations", "outside"];

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Assignment {
    pub id: i64,
    pub role: RoleId,
    pub person_id: i64,
    pub person_name: String,
    pub phone: String,
    pub email: String,
    pub started_at: DateTime<Utc>,
    pub ended_at: Option<DateTime<Utc>>,
    /// Who took the role over when this assignment ended by handoff.
    pub handed_to: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ItemState {
    Open,
    Done,
    Skipped,
}

impl ItemState {
    pub fn id(self) -> &'static str {
        match self {
            ItemState::Open => "open",
            ItemState::Done => "done",
            ItemState::Skipped => "skipped",
        }
    }
    pub fn from_id(s: &str) -> ItemState {
        match s {
            "done" => ItemState::Done,
            "skipped" => ItemState::Skipped,
            _ => ItemState::Open,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ChecklistItem {
    pub id: i64,
    pub key: String,
    #[serde(serialize_with = "ser_phase")]
    pub phase: Phase,
    pub owner: String,
    pub text_zh: String,
    pub text_en: String,
    pub due_at: Option<DateTime<Utc>>,
    pub state: ItemState,
    pub note: String,
    pub changed_at: Option<DateTime<Utc>>,
}

impl ChecklistItem {
    pub fn text(&self, lang: crate::i18n::Lang) -> &str {
        match lang {
            crate::i18n::Lang::Zh => &self.text_zh,
            crate::i18n::Lang::En => &self.text_en,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Statement {
    pub id: i64,
    pub audience: Audience,
    pub body: String,
    pub state: StatementState,
    /// The version being worked on; released versions are kept frozen.
    pub version: i64,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub approved_by: Option<String>,
    pub approved_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// For a new draft version: the state of the released text it started
    /// from (released or withdrawn), which discarding it returns to.
    pub prior_state: Option<StatementState>,
}

/// A released version: the exact text that went out, never changed again.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReleasedVersion {
    pub statement_id: i64,
    pub version: i64,
    pub audience: Audience,
    pub body: String,
    pub sha256: String,
    pub reviewed_by: String,
    pub approved_by: String,
    pub released_by: String,
    pub released_at: DateTime<Utc>,
}

/// A person whose name must never appear in a statement (a patient, a
/// relative, a staff member involved).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PrivatePerson {
    pub id: i64,
    pub name: String,
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TimelineEntry {
    pub id: i64,
    /// What happened, as stored, e.g. `item.done`; `note` for free text.
    pub kind: String,
    /// The values the entry's text is built from, as stored (a JSON object).
    pub data: serde_json::Value,
    /// The same, as a typed fact (exports write the stored form above).
    #[serde(skip)]
    pub event: super::timeline::Event,
    pub event_at: DateTime<Utc>,
    pub recorded_at: DateTime<Utc>,
    /// Who was at the keyboard: `None` for entries recorded before the
    /// operator was kept, `Some("")` when nobody was named.
    pub operator: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct IncidentSummary {
    pub id: i64,
    pub crisis_type: CrisisType,
    pub severity: u8,
    pub title: String,
    pub demo: bool,
    pub drill: bool,
    pub declared_at: DateTime<Utc>,
}
