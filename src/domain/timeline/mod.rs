//! What a timeline entry records, as one type.
//!
//! An entry is stored as a `kind` and the values involved (JSON), hashed
//! into the incident's hash chain exactly as stored. In code it is an
//! `Event`: written through `Event::kind` and `Event::data`, read back with
//! `Event::from_parts`, and put into words by one exhaustive `describe`, so
//! the record reads in either language and a later roster edit does not
//! rewrite history.
//!
//! Putting an entry into words is `describe.rs`.
//!
//! A few kinds were renamed to the glossary's words; entries written under
//! the old names (`role.released`, `clock.met`, `review.note` …) still read.

mod describe;
pub mod monitor;
pub mod reach;

pub use monitor::MonitorEvent;
pub use reach::ReachEvent;

use serde_json::{Value, json};

use super::content::{Content, Phase};
use super::desk::Step;
use super::model::ItemState;
use super::types::{Audience, Category, CrisisType, Method, NoteKind, RoleId};
use crate::i18n::{Catalog, Text};

/// How the facilitator moved the drill clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClockAct {
    Started,
    Paused,
    Resumed,
    Speed,
    Jumped,
    Ended,
}

impl ClockAct {
    pub const ALL: [ClockAct; 6] = [
        ClockAct::Started,
        ClockAct::Paused,
        ClockAct::Resumed,
        ClockAct::Speed,
        ClockAct::Jumped,
        ClockAct::Ended,
    ];

    pub fn id(self) -> &'static str {
        match self {
            ClockAct::Started => "started",
            ClockAct::Paused => "paused",
            ClockAct::Resumed => "resumed",
            ClockAct::Speed => "speed",
            ClockAct::Jumped => "jumped",
            ClockAct::Ended => "ended",
        }
    }
}

/// One fact on the timeline.
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    Declared {
        title: String,
        crisis_type: CrisisType,
        severity: i64,
        demo: bool,
        drill: bool,
    },
    Phase {
        from: Option<Phase>,
        to: Option<Phase>,
    },
    Severity {
        from: i64,
        to: i64,
    },
    Closed,
    Briefing {
        key: String,
        value: String,
    },
    Assigned {
        role: RoleId,
        person: String,
    },
    Handoff {
        role: RoleId,
        from: String,
        to: String,
    },
    /// A role left empty on purpose.
    StoodDown {
        role: RoleId,
        person: String,
    },
    Item {
        state: ItemState,
        key: String,
        text: Text,
        note: String,
    },
    StatementCreated {
        statement: i64,
        audience: String,
    },
    AudienceChanged {
        statement: i64,
        audience: String,
    },
    /// A step of the sign-off flow, with who took it and, for the sign-offs
    /// and the release, the SHA-256 of the exact text.
    Statement {
        step: Step,
        statement: i64,
        version: i64,
        audience: String,
        role: RoleId,
        person: String,
        sha256: Option<String>,
    },
    /// The private-person list changed; never the name.
    Private {
        added: bool,
        id: i64,
    },
    Deadline {
        met: bool,
        deadline: String,
        label: String,
    },
    Note {
        text: String,
    },
    DrillScenario {
        scenario: String,
        sha256: String,
    },
    DrillClock {
        act: ClockAct,
        speed: i64,
        scenario_ms: i64,
    },
    Inject {
        skipped: bool,
        number: i64,
        early: bool,
        scenario_ms: i64,
        from: Text,
        to: RoleId,
        method: String,
        message: Text,
    },
    InjectAnswered {
        number: i64,
        how: String,
    },
    Rated {
        objective: String,
        rating: String,
        notes: String,
    },
    /// A hot-wash observation, strength or area for improvement.
    AfterActionNote {
        kind: String,
        text: String,
    },
    Improvement {
        action: String,
        owner: String,
        due: String,
        category: String,
    },
    AnchorGiven {
        digest: String,
        incidents: i64,
    },
    /// Reaching people and hearing back (`reach.rs`).
    Reach(ReachEvent),
    /// Online-opinion monitoring (`monitor.rs`).
    Monitor(MonitorEvent),
    /// A kind this version does not know (written by a newer one).
    Other {
        kind: String,
        data: Value,
    },
}

pub(super) fn s(d: &Value, k: &str) -> String {
    d.get(k).and_then(Value::as_str).unwrap_or("").to_string()
}

pub(super) fn n(d: &Value, k: &str) -> i64 {
    d.get(k).and_then(Value::as_i64).unwrap_or(0)
}

fn b(d: &Value, k: &str) -> bool {
    d.get(k).and_then(Value::as_bool).unwrap_or(false)
}

fn pair(d: &Value, zh: &str, en: &str) -> Text {
    Text {
        zh: s(d, zh),
        en: s(d, en),
    }
}

impl Event {
    /// An entry as stored, read back. Unknown kinds are kept as they are.
    pub fn from_parts(kind: &str, d: &Value) -> Event {
        if let Some(r) = ReachEvent::from_parts(kind, d) {
            return Event::Reach(r);
        }
        if let Some(m) = MonitorEvent::from_parts(kind, d) {
            return Event::Monitor(m);
        }
        match kind {
            "incident.declared" => Event::Declared {
                title: s(d, "title"),
                crisis_type: CrisisType::new(s(d, "type")),
                severity: n(d, "severity"),
                demo: b(d, "demo"),
                drill: b(d, "drill"),
            },
            "incident.phase" => Event::Phase {
                from: Phase::from_id(&s(d, "from")),
                to: Phase::from_id(&s(d, "to")),
            },
            "incident.severity" => Event::Severity {
                from: n(d, "from"),
                to: n(d, "to"),
            },
            "incident.closed" => Event::Closed,
            "briefing.set" => Event::Briefing {
                key: s(d, "key"),
                value: s(d, "value"),
            },
            "role.assigned" => Event::Assigned {
                role: RoleId::new(s(d, "role")),
                person: s(d, "person"),
            },
            "role.handoff" => Event::Handoff {
                role: RoleId::new(s(d, "role")),
                from: s(d, "from"),
                to: s(d, "to"),
            },
            "role.stood_down" | "role.released" => Event::StoodDown {
                role: RoleId::new(s(d, "role")),
                person: s(d, "person"),
            },
            "item.done" | "item.reopened" | "item.skipped" => Event::Item {
                state: match kind {
                    "item.done" => ItemState::Done,
                    "item.skipped" => ItemState::Skipped,
                    _ => ItemState::Open,
                },
                key: s(d, "item"),
                text: pair(d, "item_zh", "item_en"),
                note: s(d, "note"),
            },
            "statement.created" => Event::StatementCreated {
                statement: n(d, "statement"),
                audience: s(d, "audience"),
            },
            "statement.audience" => Event::AudienceChanged {
                statement: n(d, "statement"),
                audience: s(d, "audience"),
            },
            "private.added" | "private.removed" => Event::Private {
                added: kind == "private.added",
                id: n(d, "private"),
            },
            "deadline.met" | "clock.met" | "deadline.reopened" | "clock.reopened" => Event::Deadline {
                met: kind.ends_with(".met"),
                deadline: d
                    .get("deadline")
                    .or_else(|| d.get("clock"))
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
                label: s(d, "label"),
            },
            "note" => Event::Note { text: s(d, "text") },
            "drill.scenario" => Event::DrillScenario {
                scenario: s(d, "scenario"),
                sha256: s(d, "sha256"),
            },
            "drill.inject" | "drill.skipped" => Event::Inject {
                skipped: kind == "drill.skipped",
                number: n(d, "number"),
                early: b(d, "early"),
                scenario_ms: n(d, "scenario_ms"),
                from: pair(d, "from_zh", "from_en"),
                to: RoleId::new(s(d, "to")),
                method: s(d, "method"),
                message: pair(d, "message_zh", "message_en"),
            },
            "drill.answered" => Event::InjectAnswered {
                number: n(d, "number"),
                how: s(d, "how"),
            },
            "drill.rated" => Event::Rated {
                objective: s(d, "objective"),
                rating: s(d, "rating"),
                notes: s(d, "notes"),
            },
            "after_action.note" | "review.note" => Event::AfterActionNote {
                kind: s(d, "kind"),
                text: s(d, "text"),
            },
            "after_action.improvement" | "review.improvement" => Event::Improvement {
                action: s(d, "action"),
                owner: s(d, "owner"),
                due: s(d, "due"),
                category: s(d, "category"),
            },
            "anchor.given" => Event::AnchorGiven {
                digest: s(d, "digest"),
                incidents: n(d, "incidents"),
            },
            k => {
                if let Some(step) = k.strip_prefix("statement.").and_then(Step::from_id) {
                    return Event::Statement {
                        step,
                        statement: n(d, "statement"),
                        version: n(d, "version"),
                        audience: s(d, "audience"),
                        role: RoleId::new(s(d, "role")),
                        person: s(d, "person"),
                        sha256: d.get("sha256").and_then(Value::as_str).map(str::to_string),
                    };
                }
                if let Some(act) = k
                    .strip_prefix("drill.")
                    .and_then(|a| ClockAct::ALL.into_iter().find(|c| c.id() == a))
                {
                    return Event::DrillClock {
                        act,
                        speed: n(d, "speed"),
                        scenario_ms: n(d, "scenario_ms"),
                    };
                }
                Event::Other {
                    kind: k.to_string(),
                    data: d.clone(),
                }
            }
        }
    }

    /// The kind it is stored under.
    pub fn kind(&self) -> String {
        match self {
            Event::Declared { .. } => "incident.declared".into(),
            Event::Phase { .. } => "incident.phase".into(),
            Event::Severity { .. } => "incident.severity".into(),
            Event::Closed => "incident.closed".into(),
            Event::Briefing { .. } => "briefing.set".into(),
            Event::Assigned { .. } => "role.assigned".into(),
            Event::Handoff { .. } => "role.handoff".into(),
            Event::StoodDown { .. } => "role.stood_down".into(),
            Event::Item { state, .. } => match state {
                ItemState::Done => "item.done".into(),
                ItemState::Skipped => "item.skipped".into(),
                ItemState::Open => "item.reopened".into(),
            },
            Event::StatementCreated { .. } => "statement.created".into(),
            Event::AudienceChanged { .. } => "statement.audience".into(),
            Event::Statement { step, .. } => format!("statement.{}", step.id()),
            Event::Private { added: true, .. } => "private.added".into(),
            Event::Private { added: false, .. } => "private.removed".into(),
            Event::Deadline { met: true, .. } => "deadline.met".into(),
            Event::Deadline { met: false, .. } => "deadline.reopened".into(),
            Event::Note { .. } => "note".into(),
            Event::DrillScenario { .. } => "drill.scenario".into(),
            Event::DrillClock { act, .. } => format!("drill.{}", act.id()),
            Event::Inject { skipped: false, .. } => "drill.inject".into(),
            Event::Inject { skipped: true, .. } => "drill.skipped".into(),
            Event::InjectAnswered { .. } => "drill.answered".into(),
            Event::Rated { .. } => "drill.rated".into(),
            Event::AfterActionNote { .. } => "after_action.note".into(),
            Event::Improvement { .. } => "after_action.improvement".into(),
            Event::AnchorGiven { .. } => "anchor.given".into(),
            Event::Reach(r) => r.kind().to_string(),
            Event::Monitor(m) => m.kind().to_string(),
            Event::Other { kind, .. } => kind.clone(),
        }
    }

    /// The values it stores, names copied at the time.
    pub fn data(&self) -> Value {
        match self {
            Event::Declared {
                title,
                crisis_type,
                severity,
                demo,
                drill,
            } => json!({"title": title, "type": crisis_type, "severity": severity, "demo": demo, "drill": drill}),
            Event::Phase { from, to } => json!({"from": from.map(Phase::id), "to": to.map(Phase::id)}),
            Event::Severity { from, to } => json!({"from": from, "to": to}),
            Event::Closed => json!({}),
            Event::Briefing { key, value } => json!({"key": key, "value": value}),
            Event::Assigned { role, person } | Event::StoodDown { role, person } => json!({"role": role, "person": person}),
            Event::Handoff { role, from, to } => json!({"role": role, "from": from, "to": to}),
            Event::Item { key, text, note, .. } => json!({"item": key, "item_zh": text.zh, "item_en": text.en, "note": note}),
            Event::StatementCreated { statement, audience } | Event::AudienceChanged { statement, audience } => {
                json!({"statement": statement, "audience": audience})
            }
            Event::Statement {
                statement,
                version,
                audience,
                role,
                person,
                sha256,
                ..
            } => {
                let mut v = json!({"statement": statement, "version": version, "audience": audience, "role": role, "person": person});
                if let Some(sha) = sha256 {
                    v["sha256"] = json!(sha);
                }
                v
            }
            Event::Private { id, .. } => json!({"private": id}),
            Event::Deadline { deadline, label, .. } => json!({"deadline": deadline, "label": label}),
            Event::Note { text } => json!({"text": text}),
            Event::DrillScenario { scenario, sha256 } => json!({"scenario": scenario, "sha256": sha256}),
            Event::DrillClock { speed, scenario_ms, .. } => json!({"speed": speed, "scenario_ms": scenario_ms}),
            Event::Inject {
                number,
                early,
                scenario_ms,
                from,
                to,
                method,
                message,
                ..
            } => json!({
                "number": number, "early": early, "scenario_ms": scenario_ms,
                "from_zh": from.zh, "from_en": from.en, "to": to, "method": method,
                "message_zh": message.zh, "message_en": message.en,
            }),
            Event::InjectAnswered { number, how } => json!({"number": number, "how": how}),
            Event::Rated { objective, rating, notes } => json!({"objective": objective, "rating": rating, "notes": notes}),
            Event::AfterActionNote { kind, text } => json!({"kind": kind, "text": text}),
            Event::Improvement {
                action,
                owner,
                due,
                category,
            } => json!({"action": action, "owner": owner, "due": due, "category": category}),
            Event::AnchorGiven { digest, incidents } => json!({"digest": digest, "incidents": incidents}),
            Event::Reach(r) => r.data(),
            Event::Monitor(m) => m.data(),
            Event::Other { data, .. } => data.clone(),
        }
    }
}

/// Who was at the keyboard for an entry, in words: an entry from before the
/// operator was kept says so, a command-line entry names the login.
pub fn operator_label(operator: Option<&str>, tr: &Catalog) -> String {
    match operator {
        None => tr.t("ui.op_not_recorded").to_string(),
        Some("") => tr.t("ui.op_none").to_string(),
        Some(o) => match o.strip_prefix('@') {
            Some(login) => tr.f("ui.op_cli", &[("login", login)]),
            None => o.to_string(),
        },
    }
}

#[cfg(test)]
mod tests;
