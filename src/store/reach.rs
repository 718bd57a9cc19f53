//! Reaching people and hearing back: the incident's call tree, the inbound
//! message log (HICS 213), the affected-persons register (HICS 254) and
//! follow-ups. Every change is on the incident's timeline; the register
//! only by counts and digests.

use std::collections::BTreeMap;

use super::*;
use crate::domain::chain::Replay;
use crate::domain::reach::{CheckedRow, TreeDef, set_digest};
use crate::domain::timeline::ReachEvent;
use crate::domain::types::{CallState, Channel, Priority, Progress};
use crate::i18n::Text;

/// The most rows a list on screen reads at once.
pub const PAGE: usize = 200;

/// The screen's short lists, in the order of an index (`inbound_due`,
/// `follow_up_order`): a sort would build a temporary b-tree at each read.
pub(super) const MESSAGE_DUES: &str = "SELECT due_at, from_org FROM inbound_message
    WHERE incident_id = ?1 AND state = 'open' AND due_at IS NOT NULL ORDER BY due_at LIMIT 20";
/// Open before done, then by due time, undated last.
pub(super) const FOLLOW_UPS: &str = "SELECT id, action, owner, due_at, state, done_at, created_at FROM follow_up
    WHERE incident_id = ?1 ORDER BY state = 'done', due_at IS NULL, due_at, id LIMIT ?2";

#[derive(Clone, Debug, PartialEq)]
pub struct CallTier {
    pub seq: i64,
    pub name: Text,
    pub wait_minutes: i64,
    pub needs: i64,
    pub started_at: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CallMember {
    pub id: i64,
    pub tier: i64,
    /// The role it was put on the tree for ("" when added by name).
    pub role: String,
    pub person_id: Option<i64>,
    pub person_name: String,
    pub phone: String,
    pub email: String,
    pub state: CallState,
    pub channel: Option<Channel>,
    pub changed_at: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct CallTree {
    pub tiers: Vec<CallTier>,
    pub members: Vec<CallMember>,
    pub subject: String,
    pub body: String,
    pub activated_at: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct InboundMessage {
    pub id: i64,
    pub received_at: DateTime<Utc>,
    pub from_org: String,
    pub from_person: String,
    pub channel: Channel,
    pub asked: String,
    pub priority: Priority,
    pub owner: String,
    pub due_at: Option<DateTime<Utc>>,
    pub state: Progress,
    pub answer: String,
    pub answered_at: Option<DateTime<Utc>>,
}

/// What the operator types for a new inbound message.
#[derive(Clone, Debug, Default)]
pub struct NewMessage {
    pub from_org: String,
    pub from_person: String,
    pub channel: Option<Channel>,
    pub asked: String,
    pub priority: Option<Priority>,
    pub owner: String,
    pub due_at: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct AffectedPerson {
    pub id: i64,
    pub identifier: String,
    pub what: String,
    pub channel: Option<Channel>,
    pub notified_at: Option<DateTime<Utc>>,
    pub response: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FollowUp {
    pub id: i64,
    pub action: String,
    pub owner: String,
    pub due_at: Option<DateTime<Utc>>,
    pub state: Progress,
    pub done_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

fn member_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<CallMember> {
    Ok(CallMember {
        id: r.get(0)?,
        tier: r.get(1)?,
        role: r.get(2)?,
        person_id: r.get(3)?,
        person_name: r.get(4)?,
        phone: r.get(5)?,
        email: r.get(6)?,
        state: r.get(7)?,
        channel: r.get(8)?,
        changed_at: ts_opt(r, 9)?,
    })
}

const MESSAGE_COLS: &str = "id, received_at, from_org, from_person, channel, asked, priority, owner, due_at, state, answer, answered_at";

fn message_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<InboundMessage> {
    Ok(InboundMessage {
        id: r.get(0)?,
        received_at: ts(r, 1)?,
        from_org: r.get(2)?,
        from_person: r.get(3)?,
        channel: r.get(4)?,
        asked: r.get(5)?,
        priority: r.get(6)?,
        owner: r.get(7)?,
        due_at: ts_opt(r, 8)?,
        state: r.get(9)?,
        answer: r.get(10)?,
        answered_at: ts_opt(r, 11)?,
    })
}

/// The register's size and digest, or the notified part's, inside a write.
fn register_digest(tx: &Tx<'_>, incident: i64, notified_only: bool) -> rusqlite::Result<(i64, String)> {
    let sql = if notified_only {
        "SELECT identifier FROM affected_person WHERE incident_id = ?1 AND notified_at IS NOT NULL"
    } else {
        "SELECT identifier FROM affected_person WHERE incident_id = ?1"
    };
    let ids: Vec<String> = tx
        .prepare(sql)?
        .query_map([incident], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok((ids.len() as i64, set_digest(ids.iter().map(String::as_str))))
}

impl Store {
    // ---- the call tree --------------------------------------------------

    /// The incident's call tree, or None until it is set up.
    pub fn call_tree(&self, incident: i64) -> Result<Option<CallTree>> {
        let head: Option<(String, String, Option<String>)> = self
            .conn
            .query_row(
                "SELECT subject, body, activated_at FROM call_message WHERE incident_id = ?1",
                [incident],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let Some((subject, body, activated)) = head else { return Ok(None) };
        let tiers = self
            .conn
            .prepare_cached(
                "SELECT seq, name_zh, name_en, wait_minutes, needs, started_at FROM call_tier WHERE incident_id = ?1 ORDER BY seq",
            )?
            .query_map([incident], |r| {
                Ok(CallTier {
                    seq: r.get(0)?,
                    name: Text {
                        zh: r.get(1)?,
                        en: r.get(2)?,
                    },
                    wait_minutes: r.get(3)?,
                    needs: r.get(4)?,
                    started_at: ts_opt(r, 5)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let members = self
            .conn
            .prepare_cached(
                "SELECT m.id, m.tier, m.role, m.person_id, m.person_name, COALESCE(p.phone, ''), COALESCE(p.email, ''),
                        m.state, m.channel, m.changed_at
                 FROM call_member m LEFT JOIN person p ON p.id = m.person_id
                 WHERE m.incident_id = ?1 ORDER BY m.tier, m.id",
            )?
            .query_map([incident], member_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Some(CallTree {
            tiers,
            members,
            subject,
            body,
            activated_at: activated.as_deref().and_then(from_db),
        }))
    }

    /// Copy the crisis type's default tree into the incident, once. Roles
    /// held now are filled with their holders; the rest wait for one.
    pub fn set_up_call_tree(&mut self, incident: i64, def: &TreeDef, now: DateTime<Utc>) -> Result<()> {
        self.write(|tx| {
            let exists: bool = tx.query_row("SELECT count(*) > 0 FROM call_message WHERE incident_id = ?1", [incident], |r| {
                r.get(0)
            })?;
            if exists {
                return Ok(());
            }
            tx.execute(
                "INSERT INTO call_message (incident_id, subject, body) VALUES (?1, '', '')",
                [incident],
            )?;
            for (i, t) in def.tier.iter().enumerate() {
                let seq = i as i64 + 1;
                tx.execute(
                    "INSERT INTO call_tier (incident_id, seq, name_zh, name_en, wait_minutes, needs) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![incident, seq, t.name.zh, t.name.en, t.wait_minutes, t.needs],
                )?;
                let tier = ReachEvent::Tier {
                    tier: seq,
                    wait_minutes: i64::from(t.wait_minutes),
                    needs: i64::from(t.needs),
                };
                tx.record(incident, &Event::Reach(tier), now, now)?;
                for role in &t.roles {
                    let holder: Option<(i64, String)> = tx
                        .query_row(
                            "SELECT person_id, person_name FROM assignment WHERE incident_id = ?1 AND role = ?2 AND ended_at IS NULL",
                            params![incident, role],
                            |r| Ok((r.get(0)?, r.get(1)?)),
                        )
                        .optional()?;
                    let (pid, name) = holder.map_or((None, String::new()), |(p, n)| (Some(p), n));
                    tx.execute(
                        "INSERT INTO call_member (incident_id, tier, role, person_id, person_name) VALUES (?1, ?2, ?3, ?4, ?5)",
                        params![incident, seq, role, pid, name],
                    )?;
                    let member = ReachEvent::Member {
                        member: tx.last_insert_rowid(),
                        tier: seq,
                        person: name,
                        added: true,
                    };
                    tx.record(incident, &Event::Reach(member), now, now)?;
                }
            }
            Ok(())
        })
    }

    /// The message drafted once for everyone on the tree.
    pub fn set_call_message(&mut self, incident: i64, subject: &str, body: &str) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "UPDATE call_message SET subject = ?2, body = ?3 WHERE incident_id = ?1",
                params![incident, subject.trim(), body.trim()],
            )?;
            Ok(())
        })
    }

    /// Set the tree going: the first tier is being called from now. Roles
    /// filled since the tree was set up get their holders.
    pub fn activate_call_tree(&mut self, incident: i64, now: DateTime<Utc>) -> Result<()> {
        let r = self.write(|tx| {
            let (body, activated): (String, Option<String>) = tx.query_row(
                "SELECT body, activated_at FROM call_message WHERE incident_id = ?1",
                [incident],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            if activated.is_some() {
                return Ok(Err("invalid.call_active"));
            }
            if body.trim().is_empty() {
                return Ok(Err("invalid.call_no_message"));
            }
            tx.execute(
                "UPDATE call_member SET person_id = (SELECT person_id FROM assignment a WHERE a.incident_id = call_member.incident_id
                        AND a.role = call_member.role AND a.ended_at IS NULL),
                    person_name = COALESCE((SELECT person_name FROM assignment a WHERE a.incident_id = call_member.incident_id
                        AND a.role = call_member.role AND a.ended_at IS NULL), '')
                 WHERE incident_id = ?1 AND person_id IS NULL AND role != ''",
                [incident],
            )?;
            let changed: Vec<(i64, i64, String)> = tx
                .prepare("SELECT id, tier, person_name FROM call_member WHERE incident_id = ?1 AND person_name != '' ORDER BY id")?
                .query_map([incident], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<rusqlite::Result<_>>()?;
            // Who the tree names now goes on the record, so a holder filled
            // in at activation is part of it.
            for (member, tier, person) in &changed {
                let e = ReachEvent::State {
                    member: *member,
                    person: person.clone(),
                    state: CallState::Unreached,
                    channel: None,
                };
                let _ = tier;
                tx.record(incident, &Event::Reach(e), now, now)?;
            }
            tx.execute(
                "UPDATE call_message SET activated_at = ?2 WHERE incident_id = ?1",
                params![incident, to_db(now)],
            )?;
            tx.execute(
                "UPDATE call_tier SET started_at = ?2 WHERE incident_id = ?1 AND seq = 1",
                params![incident, to_db(now)],
            )?;
            let tiers: i64 = tx.query_row("SELECT count(*) FROM call_tier WHERE incident_id = ?1", [incident], |r| r.get(0))?;
            let e = ReachEvent::Activated {
                people: changed.len() as i64,
                tiers,
            };
            tx.record(incident, &Event::Reach(e), now, now)?;
            Ok(Ok(()))
        })?;
        r.map_err(|key| StoreError::Invalid(Msg::new(key)))
    }

    pub fn set_call_state(&mut self, member: i64, state: CallState, channel: Option<Channel>, now: DateTime<Utc>) -> Result<()> {
        self.write(|tx| {
            let (incident, person): (i64, String) =
                tx.query_row("SELECT incident_id, person_name FROM call_member WHERE id = ?1", [member], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })?;
            tx.execute(
                "UPDATE call_member SET state = ?2, channel = ?3, changed_at = ?4 WHERE id = ?1",
                params![member, state, channel, to_db(now)],
            )?;
            let e = ReachEvent::State {
                member,
                person,
                state,
                channel,
            };
            tx.record(incident, &Event::Reach(e), now, now)?;
            Ok(())
        })
    }

    /// Call the next tier.
    pub fn escalate(&mut self, incident: i64, tier: i64, now: DateTime<Utc>) -> Result<()> {
        self.write(|tx| {
            let n = tx.execute(
                "UPDATE call_tier SET started_at = ?3 WHERE incident_id = ?1 AND seq = ?2 AND started_at IS NULL",
                params![incident, tier, to_db(now)],
            )?;
            if n == 1 {
                tx.record(incident, &Event::Reach(ReachEvent::Escalated { tier }), now, now)?;
            }
            Ok(())
        })
    }

    pub fn add_call_member(&mut self, incident: i64, tier: i64, person: i64, now: DateTime<Utc>) -> Result<()> {
        self.write(|tx| {
            let name: String = tx.query_row("SELECT name FROM person WHERE id = ?1", [person], |r| r.get(0))?;
            tx.execute(
                "INSERT INTO call_member (incident_id, tier, person_id, person_name) VALUES (?1, ?2, ?3, ?4)",
                params![incident, tier, person, name],
            )?;
            let e = ReachEvent::Member {
                member: tx.last_insert_rowid(),
                tier,
                person: name,
                added: true,
            };
            tx.record(incident, &Event::Reach(e), now, now)?;
            Ok(())
        })
    }

    pub fn remove_call_member(&mut self, member: i64, now: DateTime<Utc>) -> Result<()> {
        self.write(|tx| {
            let (incident, tier, person): (i64, i64, String) = tx.query_row(
                "SELECT incident_id, tier, person_name FROM call_member WHERE id = ?1",
                [member],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?;
            tx.execute("DELETE FROM call_member WHERE id = ?1", [member])?;
            let e = ReachEvent::Member {
                member,
                tier,
                person,
                added: false,
            };
            tx.record(incident, &Event::Reach(e), now, now)?;
            Ok(())
        })
    }

    pub fn set_call_tier(&mut self, incident: i64, tier: i64, wait_minutes: i64, needs: i64, now: DateTime<Utc>) -> Result<()> {
        if wait_minutes < 1 || needs < 1 {
            return Err(StoreError::invalid("invalid.call_tier"));
        }
        self.write(|tx| {
            tx.execute(
                "UPDATE call_tier SET wait_minutes = ?3, needs = ?4 WHERE incident_id = ?1 AND seq = ?2",
                params![incident, tier, wait_minutes, needs],
            )?;
            let e = ReachEvent::Tier { tier, wait_minutes, needs };
            tx.record(incident, &Event::Reach(e), now, now)?;
            Ok(())
        })
    }

    // ---- inbound messages (HICS 213) ------------------------------------

    pub fn log_message(&mut self, incident: i64, m: &NewMessage, now: DateTime<Utc>) -> Result<i64> {
        let (from, asked) = (m.from_org.trim(), m.asked.trim());
        if from.is_empty() || asked.is_empty() {
            return Err(StoreError::invalid("invalid.message_needs_from_and_ask"));
        }
        let channel = m.channel.unwrap_or(Channel::Phone);
        let priority = m.priority.unwrap_or(Priority::Normal);
        self.write(|tx| {
            tx.execute(
                "INSERT INTO inbound_message (incident_id, received_at, from_org, from_person, channel, asked, priority, owner, due_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    incident,
                    to_db(now),
                    from,
                    m.from_person.trim(),
                    channel,
                    asked,
                    priority,
                    m.owner.trim(),
                    m.due_at.map(to_db)
                ],
            )?;
            let id = tx.last_insert_rowid();
            let e = ReachEvent::Logged {
                message: id,
                from: from.to_string(),
                channel,
                priority,
                due: m.due_at.map(to_db),
            };
            tx.record(incident, &Event::Reach(e), now, now)?;
            Ok(id)
        })
    }

    pub fn answer_message(&mut self, id: i64, answer: &str, now: DateTime<Utc>) -> Result<()> {
        if answer.trim().is_empty() {
            return Err(StoreError::invalid("invalid.message_needs_answer"));
        }
        self.write(|tx| {
            let (incident, from): (i64, String) =
                tx.query_row("SELECT incident_id, from_org FROM inbound_message WHERE id = ?1", [id], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })?;
            tx.execute(
                "UPDATE inbound_message SET state = 'done', answer = ?2, answered_at = ?3 WHERE id = ?1",
                params![id, answer.trim(), to_db(now)],
            )?;
            tx.record(incident, &Event::Reach(ReachEvent::Answered { message: id, from }), now, now)?;
            Ok(())
        })
    }

    /// Newest first, open ones before answered ones, at most a screenful.
    pub fn messages(&self, incident: i64) -> Result<Vec<InboundMessage>> {
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT {MESSAGE_COLS} FROM inbound_message WHERE incident_id = ?1 ORDER BY state = 'done', id DESC LIMIT {PAGE}"
        ))?;
        let rows = st.query_map([incident], message_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// (open, of them overdue) inbound messages.
    pub fn message_counts(&self, incident: i64, now: DateTime<Utc>) -> Result<(usize, usize)> {
        let (open, late): (i64, i64) = self.conn.query_row(
            "SELECT count(*), coalesce(sum(due_at IS NOT NULL AND due_at <= ?2), 0) FROM inbound_message WHERE incident_id = ?1 AND state = 'open'",
            params![incident, to_db(now)],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok((open as usize, late as usize))
    }

    /// Open messages' due times, for the due list.
    pub fn message_dues(&self, incident: i64) -> Result<Vec<(DateTime<Utc>, String)>> {
        let mut st = self.conn.prepare_cached(MESSAGE_DUES)?;
        let rows = st.query_map([incident], |r| Ok((ts(r, 0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    // ---- the affected-persons register (HICS 254) -----------------------

    /// Add or update people from checked rows, all or none. Returns
    /// (added, updated).
    pub fn import_affected(&mut self, incident: i64, rows: &[CheckedRow], now: DateTime<Utc>) -> Result<(usize, usize)> {
        self.write(|tx| {
            let (mut added, mut updated, mut marked) = (0usize, 0usize, 0usize);
            for (row, when, channel) in rows {
                let existing: Option<(i64, Option<String>)> = tx
                    .query_row(
                        "SELECT id, notified_at FROM affected_person WHERE incident_id = ?1 AND identifier = ?2",
                        params![incident, row.identifier],
                        |r| Ok((r.get(0)?, r.get(1)?)),
                    )
                    .optional()?;
                match existing {
                    Some((id, was)) => {
                        updated += 1;
                        if !row.what.is_empty() {
                            tx.execute("UPDATE affected_person SET what = ?2 WHERE id = ?1", params![id, row.what])?;
                        }
                        if !row.response.is_empty() {
                            tx.execute("UPDATE affected_person SET response = ?2 WHERE id = ?1", params![id, row.response])?;
                        }
                        if let (Some(t), Some(c)) = (when, channel) {
                            marked += usize::from(was.is_none());
                            tx.execute(
                                "UPDATE affected_person SET notified_at = ?2, channel = ?3 WHERE id = ?1",
                                params![id, to_db(*t), c],
                            )?;
                        }
                    }
                    None => {
                        added += 1;
                        marked += usize::from(when.is_some());
                        tx.execute(
                            "INSERT INTO affected_person (incident_id, identifier, what, notified_at, channel, response, created_at)
                             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                            params![
                                incident,
                                row.identifier,
                                row.what,
                                when.map(to_db),
                                channel,
                                row.response,
                                to_db(now)
                            ],
                        )?;
                    }
                }
            }
            if added > 0 {
                let (total, digest) = register_digest(tx, incident, false)?;
                let e = ReachEvent::Register {
                    added: added as i64,
                    total,
                    digest,
                };
                tx.record(incident, &Event::Reach(e), now, now)?;
            }
            if marked > 0 {
                let (notified, digest) = register_digest(tx, incident, true)?;
                let e = ReachEvent::Notified {
                    marked: marked as i64,
                    notified,
                    digest,
                };
                tx.record(incident, &Event::Reach(e), now, now)?;
            }
            Ok((added, updated))
        })
    }

    /// Mark people notified by `channel` at `at`.
    pub fn mark_notified(&mut self, incident: i64, ids: &[i64], channel: Channel, at: DateTime<Utc>, now: DateTime<Utc>) -> Result<usize> {
        self.write(|tx| {
            let mut marked = 0;
            for id in ids {
                marked += tx.execute(
                    "UPDATE affected_person SET notified_at = ?3, channel = ?4 WHERE id = ?1 AND incident_id = ?2 AND notified_at IS NULL",
                    params![id, incident, to_db(at), channel],
                )?;
            }
            if marked > 0 {
                let (notified, digest) = register_digest(tx, incident, true)?;
                let e = ReachEvent::Notified {
                    marked: marked as i64,
                    notified,
                    digest,
                };
                tx.record(incident, &Event::Reach(e), at, now)?;
            }
            Ok(marked)
        })
    }

    /// What the person said back. Kept in the register only, never on the
    /// timeline, which anyone reviewing the incident reads.
    pub fn set_affected_response(&mut self, id: i64, response: &str) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "UPDATE affected_person SET response = ?2 WHERE id = ?1",
                params![id, response.trim()],
            )?;
            Ok(())
        })
    }

    /// A screenful of the register from `offset`, not yet notified first.
    pub fn affected(&self, incident: i64, offset: usize, limit: usize) -> Result<Vec<AffectedPerson>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, identifier, what, channel, notified_at, response, created_at FROM affected_person
             WHERE incident_id = ?1 ORDER BY notified_at IS NOT NULL, id LIMIT ?2 OFFSET ?3",
        )?;
        let rows = st.query_map(params![incident, limit as i64, offset as i64], |r| {
            Ok(AffectedPerson {
                id: r.get(0)?,
                identifier: r.get(1)?,
                what: r.get(2)?,
                channel: r.get(3)?,
                notified_at: ts_opt(r, 4)?,
                response: r.get(5)?,
                created_at: ts(r, 6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// (notified, total).
    pub fn affected_counts(&self, incident: i64) -> Result<(usize, usize)> {
        // Kept by triggers (schema v10), so reading them never walks the register.
        let (n, t): (i64, i64) = self
            .conn
            .prepare_cached("SELECT notified, total FROM affected_tally WHERE incident_id = ?1")?
            .query_row([incident], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
            .unwrap_or((0, 0));
        Ok((n as usize, t as usize))
    }

    /// For a clock that runs per person: when the longest-waiting person
    /// still not notified was entered, and how many not yet notified were
    /// entered before `cutoff`.
    pub fn unnotified_since(&self, incident: i64, cutoff: DateTime<Utc>) -> Result<(Option<DateTime<Utc>>, usize)> {
        let (oldest, before): (Option<String>, i64) = self.conn.query_row(
            "SELECT (SELECT min(created_at) FROM affected_person WHERE incident_id = ?1 AND notified_at IS NULL),
                    (SELECT count(*) FROM affected_person
                     WHERE incident_id = ?1 AND notified_at IS NULL AND created_at < ?2)",
            rusqlite::params![incident, to_db(cutoff)],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok((oldest.as_deref().and_then(from_db), before as usize))
    }

    // ---- follow-ups -------------------------------------------------------

    pub fn add_follow_up(
        &mut self,
        incident: i64,
        action: &str,
        owner: &str,
        due: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let (action, owner) = (action.trim(), owner.trim());
        if action.is_empty() || owner.is_empty() {
            return Err(StoreError::invalid("invalid.follow_up"));
        }
        self.write(|tx| {
            tx.execute(
                "INSERT INTO follow_up (incident_id, action, owner, due_at, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![incident, action, owner, due.map(to_db), to_db(now)],
            )?;
            let id = tx.last_insert_rowid();
            let e = ReachEvent::FollowUp {
                follow_up: id,
                action: action.to_string(),
                owner: owner.to_string(),
                due: due.map(to_db),
            };
            tx.record(incident, &Event::Reach(e), now, now)?;
            Ok(id)
        })
    }

    pub fn set_follow_up_done(&mut self, id: i64, done: bool, now: DateTime<Utc>) -> Result<()> {
        self.write(|tx| {
            let (incident, action): (i64, String) = tx.query_row("SELECT incident_id, action FROM follow_up WHERE id = ?1", [id], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
            let (state, at) = if done {
                (Progress::Done, Some(to_db(now)))
            } else {
                (Progress::Open, None)
            };
            tx.execute(
                "UPDATE follow_up SET state = ?2, done_at = ?3 WHERE id = ?1",
                params![id, state, at],
            )?;
            let e = ReachEvent::FollowUpDone {
                follow_up: id,
                action,
                done,
            };
            tx.record(incident, &Event::Reach(e), now, now)?;
            Ok(())
        })
    }

    pub fn follow_ups(&self, incident: i64) -> Result<Vec<FollowUp>> {
        let mut st = self.conn.prepare_cached(FOLLOW_UPS)?;
        let rows = st.query_map(params![incident, PAGE as i64], |r| {
            Ok(FollowUp {
                id: r.get(0)?,
                action: r.get(1)?,
                owner: r.get(2)?,
                due_at: ts_opt(r, 3)?,
                state: r.get(4)?,
                done_at: ts_opt(r, 5)?,
                created_at: ts(r, 6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    // ---- verify -------------------------------------------------------------

    /// The call tree, message log, register and follow-ups against what the
    /// timeline records of them.
    pub(super) fn check_reach(&self, incident: i64, r: &Replay) -> Result<Option<Msg>> {
        let f = &r.reach;
        let members: BTreeMap<i64, (i64, String, String)> = self
            .conn
            .prepare("SELECT id, tier, person_name, state FROM call_member WHERE incident_id = ?1")?
            .query_map([incident], |row| Ok((row.get(0)?, (row.get(1)?, row.get(2)?, row.get(3)?))))?
            .collect::<rusqlite::Result<_>>()?;
        let recorded: BTreeMap<i64, (String, String)> = f.members.iter().map(|(k, v)| (*k, (v.1.clone(), v.2.clone()))).collect();
        let have: BTreeMap<i64, (String, String)> = members.iter().map(|(k, v)| (*k, (v.1.clone(), v.2.clone()))).collect();
        if have != recorded {
            return Ok(Some(Msg::new("tables.call_tree")));
        }
        let messages: BTreeMap<i64, (String, bool)> = self
            .conn
            .prepare("SELECT id, from_org, state = 'done' FROM inbound_message WHERE incident_id = ?1")?
            .query_map([incident], |row| Ok((row.get(0)?, (row.get(1)?, row.get(2)?))))?
            .collect::<rusqlite::Result<_>>()?;
        if messages != f.messages {
            return Ok(Some(Msg::new("tables.messages")));
        }
        let ids: Vec<(String, bool)> = self
            .conn
            .prepare("SELECT identifier, notified_at IS NOT NULL FROM affected_person WHERE incident_id = ?1")?
            .query_map([incident], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let all = (ids.len() as i64, set_digest(ids.iter().map(|(i, _)| i.as_str())));
        let told: Vec<&str> = ids.iter().filter(|(_, n)| *n).map(|(i, _)| i.as_str()).collect();
        let told = (told.len() as i64, set_digest(told));
        let empty = |x: &(i64, String)| x.0 == 0;
        if f.register.as_ref().map_or(!empty(&all), |rec| *rec != all) || f.notified.as_ref().map_or(!empty(&told), |rec| *rec != told) {
            return Ok(Some(Msg::new("tables.register")));
        }
        let follow: BTreeMap<i64, (String, String, bool)> = self
            .conn
            .prepare("SELECT id, action, owner, state = 'done' FROM follow_up WHERE incident_id = ?1")?
            .query_map([incident], |row| Ok((row.get(0)?, (row.get(1)?, row.get(2)?, row.get(3)?))))?
            .collect::<rusqlite::Result<_>>()?;
        if follow != f.follow_ups {
            return Ok(Some(Msg::new("tables.follow_ups")));
        }
        Ok(None)
    }
}
