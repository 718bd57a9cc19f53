//! Timeline entries of reaching people and hearing back: the call tree,
//! inbound messages (HICS 213), the affected-persons register (HICS 254)
//! and follow-ups. The register is recorded by counts and digests only:
//! no identifier of an affected person is ever on the timeline.

use serde_json::{Value, json};

use super::{n, s};
use crate::domain::types::{CallState, Channel, Priority};
use crate::i18n::Catalog;

#[derive(Clone, Debug, PartialEq)]
pub enum ReachEvent {
    /// Someone put on (or taken off) a tier of the call tree.
    Member {
        member: i64,
        tier: i64,
        person: String,
        added: bool,
    },
    /// A tier's wait or the acknowledgements it needs changed.
    Tier {
        tier: i64,
        wait_minutes: i64,
        needs: i64,
    },
    /// The tree was set going: its first tier is being called.
    Activated {
        people: i64,
        tiers: i64,
    },
    /// A person of the tree was notified, acknowledged, declined or could
    /// not be reached, and by what channel.
    State {
        member: i64,
        person: String,
        state: CallState,
        channel: Option<Channel>,
    },
    Escalated {
        tier: i64,
    },
    /// An inbound message logged; what was asked stays in the log.
    Logged {
        message: i64,
        from: String,
        channel: Channel,
        priority: Priority,
        due: Option<String>,
    },
    Answered {
        message: i64,
        from: String,
    },
    /// The register after a change: how many people and a digest of their
    /// identifiers, never the identifiers.
    Register {
        added: i64,
        total: i64,
        digest: String,
    },
    Notified {
        marked: i64,
        notified: i64,
        digest: String,
    },
    FollowUp {
        follow_up: i64,
        action: String,
        owner: String,
        due: Option<String>,
    },
    FollowUpDone {
        follow_up: i64,
        action: String,
        done: bool,
    },
}

fn opt(d: &Value, k: &str) -> Option<String> {
    d.get(k).and_then(Value::as_str).map(str::to_string)
}

impl ReachEvent {
    pub fn from_parts(kind: &str, d: &Value) -> Option<ReachEvent> {
        Some(match kind {
            "call.member" => ReachEvent::Member {
                member: n(d, "member"),
                tier: n(d, "tier"),
                person: s(d, "person"),
                added: d.get("added").and_then(Value::as_bool).unwrap_or(true),
            },
            "call.tier" => ReachEvent::Tier {
                tier: n(d, "tier"),
                wait_minutes: n(d, "wait_minutes"),
                needs: n(d, "needs"),
            },
            "call.activated" => ReachEvent::Activated {
                people: n(d, "people"),
                tiers: n(d, "tiers"),
            },
            "call.state" => ReachEvent::State {
                member: n(d, "member"),
                person: s(d, "person"),
                state: CallState::parse(&s(d, "state"))?,
                channel: opt(d, "channel").and_then(|c| Channel::parse(&c)),
            },
            "call.escalated" => ReachEvent::Escalated { tier: n(d, "tier") },
            "message.logged" => ReachEvent::Logged {
                message: n(d, "message"),
                from: s(d, "from"),
                channel: Channel::parse(&s(d, "channel"))?,
                priority: Priority::parse(&s(d, "priority"))?,
                due: opt(d, "due"),
            },
            "message.answered" => ReachEvent::Answered {
                message: n(d, "message"),
                from: s(d, "from"),
            },
            "affected.register" => ReachEvent::Register {
                added: n(d, "added"),
                total: n(d, "total"),
                digest: s(d, "digest"),
            },
            "affected.notified" => ReachEvent::Notified {
                marked: n(d, "marked"),
                notified: n(d, "notified"),
                digest: s(d, "digest"),
            },
            "follow_up.added" => ReachEvent::FollowUp {
                follow_up: n(d, "follow_up"),
                action: s(d, "action"),
                owner: s(d, "owner"),
                due: opt(d, "due"),
            },
            "follow_up.done" | "follow_up.reopened" => ReachEvent::FollowUpDone {
                follow_up: n(d, "follow_up"),
                action: s(d, "action"),
                done: kind == "follow_up.done",
            },
            _ => return None,
        })
    }

    pub fn kind(&self) -> &'static str {
        match self {
            ReachEvent::Member { .. } => "call.member",
            ReachEvent::Tier { .. } => "call.tier",
            ReachEvent::Activated { .. } => "call.activated",
            ReachEvent::State { .. } => "call.state",
            ReachEvent::Escalated { .. } => "call.escalated",
            ReachEvent::Logged { .. } => "message.logged",
            ReachEvent::Answered { .. } => "message.answered",
            ReachEvent::Register { .. } => "affected.register",
            ReachEvent::Notified { .. } => "affected.notified",
            ReachEvent::FollowUp { .. } => "follow_up.added",
            ReachEvent::FollowUpDone { done: true, .. } => "follow_up.done",
            ReachEvent::FollowUpDone { done: false, .. } => "follow_up.reopened",
        }
    }

    pub fn data(&self) -> Value {
        match self {
            ReachEvent::Member {
                member,
                tier,
                person,
                added,
            } => json!({"member": member, "tier": tier, "person": person, "added": added}),
            ReachEvent::Tier { tier, wait_minutes, needs } => json!({"tier": tier, "wait_minutes": wait_minutes, "needs": needs}),
            ReachEvent::Activated { people, tiers } => json!({"people": people, "tiers": tiers}),
            ReachEvent::State {
                member,
                person,
                state,
                channel,
            } => {
                let mut v = json!({"member": member, "person": person, "state": state.id()});
                if let Some(c) = channel {
                    v["channel"] = json!(c.id());
                }
                v
            }
            ReachEvent::Escalated { tier } => json!({"tier": tier}),
            ReachEvent::Logged {
                message,
                from,
                channel,
                priority,
                due,
            } => json!({"message": message, "from": from, "channel": channel.id(), "priority": priority.id(), "due": due}),
            ReachEvent::Answered { message, from } => json!({"message": message, "from": from}),
            ReachEvent::Register { added, total, digest } => json!({"added": added, "total": total, "digest": digest}),
            ReachEvent::Notified { marked, notified, digest } => json!({"marked": marked, "notified": notified, "digest": digest}),
            ReachEvent::FollowUp {
                follow_up,
                action,
                owner,
                due,
            } => json!({"follow_up": follow_up, "action": action, "owner": owner, "due": due}),
            ReachEvent::FollowUpDone { follow_up, action, .. } => json!({"follow_up": follow_up, "action": action}),
        }
    }

    pub fn describe(&self, tr: &Catalog) -> String {
        let channel = |c: &Option<Channel>| c.map(|c| tr.t(&c.label_key()).to_string()).unwrap_or_default();
        match self {
            ReachEvent::Member { tier, person, added, .. } => tr.f(
                if *added { "tl.call_member_added" } else { "tl.call_member_removed" },
                &[("person", person), ("tier", &tier.to_string())],
            ),
            ReachEvent::Tier { tier, wait_minutes, needs } => tr.f(
                "tl.call_tier",
                &[
                    ("tier", &tier.to_string()),
                    ("wait", &wait_minutes.to_string()),
                    ("needs", &needs.to_string()),
                ],
            ),
            ReachEvent::Activated { people, tiers } => tr.f(
                "tl.call_activated",
                &[("people", &people.to_string()), ("tiers", &tiers.to_string())],
            ),
            ReachEvent::State {
                person, state, channel: c, ..
            } => tr.f(
                "tl.call_state",
                &[("person", person), ("state", tr.t(&state.label_key())), ("channel", &channel(c))],
            ),
            ReachEvent::Escalated { tier } => tr.f("tl.call_escalated", &[("tier", &tier.to_string())]),
            ReachEvent::Logged {
                message,
                from,
                channel: c,
                priority,
                ..
            } => tr.f(
                "tl.message_logged",
                &[
                    ("id", &message.to_string()),
                    ("from", from),
                    ("channel", &channel(&Some(*c))),
                    ("priority", tr.t(&priority.label_key())),
                ],
            ),
            ReachEvent::Answered { message, from } => tr.f("tl.message_answered", &[("id", &message.to_string()), ("from", from)]),
            ReachEvent::Register { added, total, .. } => tr.f(
                "tl.affected_register",
                &[("added", &added.to_string()), ("total", &total.to_string())],
            ),
            ReachEvent::Notified { marked, notified, .. } => tr.f(
                "tl.affected_notified",
                &[("marked", &marked.to_string()), ("notified", &notified.to_string())],
            ),
            ReachEvent::FollowUp { action, owner, .. } => tr.f("tl.follow_up", &[("action", action), ("owner", owner)]),
            ReachEvent::FollowUpDone { action, done, .. } => tr.f(
                if *done { "tl.follow_up_done" } else { "tl.follow_up_reopened" },
                &[("action", action)],
            ),
        }
    }
}
