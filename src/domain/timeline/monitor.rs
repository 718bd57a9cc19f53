//! Timeline entries of online-opinion monitoring: mentions linked to the
//! incident, their triage, the replies drafted and released, and captures
//! as evidence. Authors and links stay in the mention table (and in the
//! capture, by digest on the chain): the timeline names a mention by its
//! number and source only.

use serde_json::{Value, json};

use super::{n, s};
use crate::domain::types::{MentionState, Priority, Source};
use crate::i18n::Catalog;

#[derive(Clone, Debug, PartialEq)]
pub enum MonitorEvent {
    /// Mentions imported straight into the incident: each with the state it
    /// arrived in (answered when the clinic had already replied).
    Imported {
        origin: String,
        added: i64,
        updated: i64,
        linked: Vec<(i64, MentionState)>,
    },
    /// A mention linked to the incident (with the state it had), or taken off.
    Linked {
        mention: i64,
        source: Source,
        state: MentionState,
        linked: bool,
    },
    /// A triage decision: state, owner, priority and note as set.
    Triaged {
        mention: i64,
        source: Source,
        from: MentionState,
        to: MentionState,
        owner: String,
        priority: Priority,
        note: String,
    },
    /// A reply drafted into a statement of the incident: responding.
    Reply { mention: i64, statement: i64 },
    /// The statement linked to the mention was released: answered.
    Answered { mention: i64, statement: i64, version: i64 },
    /// A source changed a linked mention; the earlier text is kept.
    Updated { mention: i64, revision: i64 },
    /// The mention's text and link as seen at a moment, by digest.
    Captured { mention: i64, capture: i64, digest: String },
}

impl MonitorEvent {
    pub fn from_parts(kind: &str, d: &Value) -> Option<MonitorEvent> {
        let state = |k: &str| MentionState::parse(&s(d, k));
        let source = || Source::parse(&s(d, "source")).unwrap_or(Source::Other);
        Some(match kind {
            "mention.imported" => MonitorEvent::Imported {
                origin: s(d, "origin"),
                added: n(d, "added"),
                updated: n(d, "updated"),
                linked: d
                    .get("linked")
                    .and_then(Value::as_array)
                    .map(|a| {
                        a.iter()
                            .filter_map(|p| {
                                let id = p.get(0)?.as_i64()?;
                                let st = MentionState::parse(p.get(1)?.as_str()?)?;
                                Some((id, st))
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
            },
            "mention.linked" | "mention.unlinked" => MonitorEvent::Linked {
                mention: n(d, "mention"),
                source: source(),
                state: state("state").unwrap_or(MentionState::New),
                linked: kind == "mention.linked",
            },
            "mention.triaged" => MonitorEvent::Triaged {
                mention: n(d, "mention"),
                source: source(),
                from: state("from")?,
                to: state("to")?,
                owner: s(d, "owner"),
                priority: Priority::parse(&s(d, "priority")).unwrap_or(Priority::Normal),
                note: s(d, "note"),
            },
            "mention.reply" => MonitorEvent::Reply {
                mention: n(d, "mention"),
                statement: n(d, "statement"),
            },
            "mention.answered" => MonitorEvent::Answered {
                mention: n(d, "mention"),
                statement: n(d, "statement"),
                version: n(d, "version"),
            },
            "mention.updated" => MonitorEvent::Updated {
                mention: n(d, "mention"),
                revision: n(d, "revision"),
            },
            "mention.captured" => MonitorEvent::Captured {
                mention: n(d, "mention"),
                capture: n(d, "capture"),
                digest: s(d, "digest"),
            },
            _ => return None,
        })
    }

    pub fn kind(&self) -> &'static str {
        match self {
            MonitorEvent::Imported { .. } => "mention.imported",
            MonitorEvent::Linked { linked: true, .. } => "mention.linked",
            MonitorEvent::Linked { linked: false, .. } => "mention.unlinked",
            MonitorEvent::Triaged { .. } => "mention.triaged",
            MonitorEvent::Reply { .. } => "mention.reply",
            MonitorEvent::Answered { .. } => "mention.answered",
            MonitorEvent::Updated { .. } => "mention.updated",
            MonitorEvent::Captured { .. } => "mention.captured",
        }
    }

    pub fn data(&self) -> Value {
        match self {
            MonitorEvent::Imported {
                origin,
                added,
                updated,
                linked,
            } => {
                let linked: Vec<Value> = linked.iter().map(|(id, st)| json!([id, st.id()])).collect();
                json!({"origin": origin, "added": added, "updated": updated, "linked": linked})
            }
            MonitorEvent::Linked {
                mention, source, state, ..
            } => json!({"mention": mention, "source": source.id(), "state": state.id()}),
            MonitorEvent::Triaged {
                mention,
                source,
                from,
                to,
                owner,
                priority,
                note,
            } => json!({
                "mention": mention, "source": source.id(), "from": from.id(), "to": to.id(),
                "owner": owner, "priority": priority.id(), "note": note,
            }),
            MonitorEvent::Reply { mention, statement } => json!({"mention": mention, "statement": statement}),
            MonitorEvent::Answered {
                mention,
                statement,
                version,
            } => json!({"mention": mention, "statement": statement, "version": version}),
            MonitorEvent::Updated { mention, revision } => json!({"mention": mention, "revision": revision}),
            MonitorEvent::Captured { mention, capture, digest } => {
                json!({"mention": mention, "capture": capture, "digest": digest})
            }
        }
    }

    pub fn describe(&self, tr: &Catalog) -> String {
        let id = |m: &i64| format!("#{m}");
        match self {
            // Where they came from (a path, a feed address) stays in the
            // data: the wall shows these words and never a link.
            MonitorEvent::Imported {
                added, updated, linked, ..
            } => tr.f(
                "tl.mention_imported",
                &[
                    ("added", &added.to_string()),
                    ("updated", &updated.to_string()),
                    ("linked", &linked.len().to_string()),
                ],
            ),
            MonitorEvent::Linked {
                mention, source, linked, ..
            } => tr.f(
                if *linked { "tl.mention_linked" } else { "tl.mention_unlinked" },
                &[("id", &id(mention)), ("source", tr.t(&source.label_key()))],
            ),
            MonitorEvent::Triaged {
                mention,
                source,
                to,
                owner,
                priority,
                note,
                ..
            } => {
                let mut t = tr.f(
                    "tl.mention_triaged",
                    &[
                        ("id", &id(mention)),
                        ("source", tr.t(&source.label_key())),
                        ("state", tr.t(&to.label_key())),
                        ("priority", tr.t(&priority.label_key())),
                    ],
                );
                if !owner.is_empty() {
                    t.push_str(&tr.f("tl.mention_owner", &[("owner", owner)]));
                }
                // The note stays in the entry's data and on the board: in
                // words it would reach the wall, and a note may name the author.
                let _ = note;
                t
            }
            MonitorEvent::Reply { mention, statement } => {
                tr.f("tl.mention_reply", &[("id", &id(mention)), ("statement", &statement.to_string())])
            }
            MonitorEvent::Answered {
                mention,
                statement,
                version,
            } => tr.f(
                "tl.mention_answered",
                &[
                    ("id", &id(mention)),
                    ("statement", &statement.to_string()),
                    ("version", &version.to_string()),
                ],
            ),
            MonitorEvent::Updated { mention, .. } => tr.f("tl.mention_updated", &[("id", &id(mention))]),
            MonitorEvent::Captured { mention, digest, .. } => tr.f(
                "tl.mention_captured",
                &[("id", &id(mention)), ("digest", digest.get(..16).unwrap_or(digest))],
            ),
        }
    }
}
