//! Checking the tamper-evident record: the hash chain of each incident's
//! timeline, and the current tables against what the chain says happened.

use std::collections::BTreeMap;

use rusqlite::{OptionalExtension, params};
use serde_json::Value;

use super::{Result, Store, StoreError};
use crate::domain::chain::{AssignmentFacts, GENESIS, IncidentFacts, InjectFacts, Replay, entry_hash};
use crate::domain::desk::sha256_hex;
use crate::domain::timeline::Event;
use crate::error::Msg;

/// A whole chain: how long it is and its head, as exports print it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChainReport {
    pub incident: i64,
    pub length: i64,
    pub head: String,
}

/// The first place the record does not add up, in words for people.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Broken {
    pub incident: i64,
    /// The timeline entry at or after which the chain breaks, if it is one.
    pub entry: Option<i64>,
    pub reason: Msg,
}

impl Broken {
    /// Where and why, for people.
    pub fn msg(&self) -> Msg {
        let m = match self.entry {
            Some(e) => Msg::new("verify.broken_at_entry").with("entry", e),
            None => Msg::new("verify.broken"),
        };
        m.with("incident", self.incident).with_msg("reason", self.reason.clone())
    }
}

impl std::fmt::Display for Broken {
    /// In English, for logs and tests.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.msg())
    }
}

impl Store {
    /// The incidents a full `verify` walks: every one, drills included.
    pub fn all_incident_ids(&self) -> Result<Vec<i64>> {
        let mut st = self.conn.prepare_cached("SELECT id FROM incident ORDER BY id")?;
        let rows = st.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn chain_head(&self, incident: i64) -> Result<ChainReport> {
        let (head, length): (String, i64) = self
            .conn
            .query_row("SELECT chain_head, chain_len FROM incident WHERE id = ?1", [incident], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .map_err(|e| match StoreError::from(e) {
                StoreError::NotFound(_) => StoreError::NotFound(Msg::new("what.incident").with("id", incident)),
                other => other,
            })?;
        Ok(ChainReport { incident, length, head })
    }

    /// Recompute an incident's chain and hold every table of its record
    /// against it: the incident row, briefing, checklist, assignments,
    /// statements and their releases, met deadlines, drill clock, injects
    /// and ratings, review notes and the improvement plan. Streams the
    /// timeline; memory stays bounded by the size of those tables, not by
    /// the incident's history.
    pub fn verify(&self, incident: i64) -> Result<std::result::Result<ChainReport, Broken>> {
        let broken = |entry: Option<i64>, reason: Msg| Ok(Err(Broken { incident, entry, reason }));
        let ChainReport { head, length, .. } = self.chain_head(incident)?;
        let mut st = self.conn.prepare(
            "SELECT id, kind, data, event_at, recorded_at, prev_hash, hash, operator FROM timeline_entry WHERE incident_id = ?1 ORDER BY id",
        )?;
        let mut rows = st.query([incident])?;
        let mut prev = GENESIS.to_string();
        let mut count = 0i64;
        let mut replay = Replay::default();
        while let Some(r) = rows.next()? {
            let (id, kind, data, ev, rec, stored_prev, stored): (i64, String, String, String, String, String, String) =
                (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?);
            let operator: Option<String> = r.get(7)?;
            if stored_prev != prev {
                let why = if count == 0 {
                    "chain.first_not_start"
                } else {
                    "chain.not_following"
                };
                return broken(Some(id), Msg::new(why));
            }
            if entry_hash(&prev, incident, &kind, &data, &ev, &rec, operator.as_deref()) != stored {
                return broken(Some(id), Msg::new("chain.changed"));
            }
            let event = Event::from_parts(&kind, &serde_json::from_str(&data).unwrap_or(Value::Null));
            replay.apply(&event, &rec);
            prev = stored;
            count += 1;
        }
        if count != length || (count > 0 && prev != head) {
            return broken(None, Msg::new("chain.truncated").with("count", count).with("length", length));
        }
        for check in [
            Store::check_incident,
            Store::check_briefing,
            Store::check_checklist,
            Store::check_assignments,
            Store::check_statements,
            Store::check_clocks,
            Store::check_drill,
            Store::check_review,
            Store::check_reach,
            Store::check_monitor,
        ] {
            if let Some(reason) = check(self, incident, &replay)? {
                return broken(None, reason);
            }
        }
        Ok(Ok(ChainReport {
            incident,
            length: count,
            head: prev,
        }))
    }

    fn check_incident(&self, incident: i64, r: &Replay) -> Result<Option<Msg>> {
        let Some(want) = &r.incident else {
            return Ok(Some(Msg::new("tables.no_declaration")));
        };
        let (have, status): (IncidentFacts, String) = self.conn.query_row(
            "SELECT type, title, severity, phase, closed_at, is_demo, is_drill, declared_at, status FROM incident WHERE id = ?1",
            [incident],
            |row| {
                let facts = IncidentFacts {
                    crisis_type: row.get(0)?,
                    title: row.get(1)?,
                    severity: row.get(2)?,
                    phase: row.get(3)?,
                    closed_at: row.get(4)?,
                    demo: row.get(5)?,
                    drill: row.get(6)?,
                    declared_at: row.get(7)?,
                };
                Ok((facts, row.get(8)?))
            },
        )?;
        let want_status = if want.closed_at.is_some() { "closed" } else { "open" };
        let field = if have.title != want.title {
            "field.title"
        } else if have.crisis_type != want.crisis_type {
            "field.crisis_type"
        } else if have.severity != want.severity {
            "field.severity"
        } else if have.phase != want.phase {
            "field.phase"
        } else if have.closed_at != want.closed_at || status != want_status {
            "field.status"
        } else if have.demo != want.demo || have.drill != want.drill {
            "field.marks"
        } else if have.declared_at != want.declared_at {
            "field.declared_at"
        } else {
            return Ok(None);
        };
        Ok(Some(Msg::new("tables.incident").with_msg("field", Msg::new(field))))
    }

    fn check_briefing(&self, incident: i64, r: &Replay) -> Result<Option<Msg>> {
        let mut st = self.conn.prepare("SELECT key, value FROM briefing WHERE incident_id = ?1")?;
        let have: BTreeMap<String, String> = st
            .query_map([incident], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(first_difference(&have, &r.briefing).map(|k| Msg::new("tables.briefing").with("key", k)))
    }

    fn check_checklist(&self, incident: i64, r: &Replay) -> Result<Option<Msg>> {
        let mut st = self
            .conn
            .prepare("SELECT item_key, state FROM checklist_item WHERE incident_id = ?1 ORDER BY seq")?;
        let mut rows = st.query([incident])?;
        while let Some(row) = rows.next()? {
            let (key, state): (String, String) = (row.get(0)?, row.get(1)?);
            let recorded = r.items.get(&key).copied().unwrap_or("open");
            if state != recorded {
                return Ok(Some(
                    Msg::new("tables.checklist")
                        .with("key", key)
                        .with("state", state)
                        .with("recorded", recorded),
                ));
            }
        }
        Ok(None)
    }

    fn check_assignments(&self, incident: i64, r: &Replay) -> Result<Option<Msg>> {
        let mut st = self
            .conn
            .prepare("SELECT role, person_name, started_at, ended_at, handed_to FROM assignment WHERE incident_id = ?1 ORDER BY id")?;
        let have: Vec<AssignmentFacts> = st
            .query_map([incident], |row| {
                Ok(AssignmentFacts {
                    role: row.get(0)?,
                    person: row.get(1)?,
                    started_at: row.get(2)?,
                    ended_at: row.get(3)?,
                    handed_to: row.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        if have.len() != r.assignments.len() {
            return Ok(Some(Msg::new("tables.assignments")));
        }
        for (h, w) in have.iter().zip(&r.assignments) {
            if h != w {
                return Ok(Some(Msg::new("tables.holder").with("role", &h.role).with("person", &h.person)));
            }
        }
        Ok(None)
    }

    fn check_statements(&self, incident: i64, r: &Replay) -> Result<Option<Msg>> {
        // Each released text must hash to what was recorded at release.
        let mut st = self.conn.prepare(
            "SELECT v.statement_id, v.version, v.body, v.sha256 FROM statement_version v
             JOIN statement s ON s.id = v.statement_id WHERE s.incident_id = ?1",
        )?;
        let mut rows = st.query(params![incident])?;
        let mut seen = 0usize;
        while let Some(row) = rows.next()? {
            let (sid, v, body, sha): (i64, i64, String, String) = (row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?);
            seen += 1;
            if sha256_hex(&body) != sha || r.releases.get(&(sid, v)) != Some(&sha) {
                return Ok(Some(Msg::new("tables.release").with("id", sid).with("v", v)));
            }
        }
        if seen != r.releases.len() {
            return Ok(Some(Msg::new("tables.release_missing")));
        }
        // Where each statement stands, and who signed it off.
        let mut st = self
            .conn
            .prepare("SELECT id, audience, state, version, reviewed_by, approved_by FROM statement WHERE incident_id = ?1 ORDER BY id")?;
        let mut rows = st.query([incident])?;
        let mut n = 0usize;
        while let Some(row) = rows.next()? {
            let id: i64 = row.get(0)?;
            n += 1;
            let Some(want) = r.statements.get(&id) else {
                return Ok(Some(Msg::new("tables.statement_unknown").with("id", id)));
            };
            let have = (
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, i64>(3)?,
                row.get::<_, Option<String>>(4)?,
                row.get::<_, Option<String>>(5)?,
            );
            let recorded = (
                want.audience.clone(),
                want.state.clone(),
                want.version,
                want.reviewed_by.clone(),
                want.approved_by.clone(),
            );
            if have != recorded {
                return Ok(Some(Msg::new("tables.statement").with("id", id)));
            }
        }
        if n != r.statements.len() {
            return Ok(Some(Msg::new("tables.statement_missing")));
        }
        Ok(None)
    }

    fn check_clocks(&self, incident: i64, r: &Replay) -> Result<Option<Msg>> {
        let mut st = self.conn.prepare("SELECT clock_id, met_at FROM clock_met WHERE incident_id = ?1")?;
        let have: BTreeMap<String, String> = st
            .query_map([incident], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(first_difference(&have, &r.clocks_met).map(|k| Msg::new("tables.deadline").with("id", k)))
    }

    fn check_drill(&self, incident: i64, r: &Replay) -> Result<Option<Msg>> {
        let drill: Option<(String, String, String, i64)> = self
            .conn
            .query_row(
                "SELECT scenario_id, scenario_src, state, speed FROM drill WHERE incident_id = ?1",
                [incident],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
            )
            .optional()?;
        let is_drill = r.incident.as_ref().is_some_and(|i| i.drill);
        match drill {
            None if is_drill => return Ok(Some(Msg::new("tables.drill_missing"))),
            None => {}
            Some(_) if !is_drill => return Ok(Some(Msg::new("tables.drill_attached"))),
            Some((scenario, src, state, speed)) => {
                if let Some((id, sha)) = &r.drill.scenario
                    && (id != &scenario || sha != &sha256_hex(&src))
                {
                    return Ok(Some(Msg::new("tables.scenario")));
                }
                if state != r.drill.state || speed != r.drill.speed {
                    return Ok(Some(Msg::new("tables.drill_clock")));
                }
            }
        }
        let mut st = self
            .conn
            .prepare("SELECT number, skipped, scenario_ms, at, answered_at FROM drill_inject WHERE incident_id = ?1")?;
        let have: BTreeMap<i64, InjectFacts> = st
            .query_map([incident], |row| {
                Ok((
                    row.get(0)?,
                    InjectFacts {
                        skipped: row.get(1)?,
                        scenario_ms: row.get(2)?,
                        at: row.get(3)?,
                        answered_at: row.get(4)?,
                    },
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        if let Some(n) = first_difference(&have, &r.injects) {
            return Ok(Some(Msg::new("tables.inject").with("n", n)));
        }
        let mut st = self
            .conn
            .prepare("SELECT objective, rating, notes, rated_at FROM drill_rating WHERE incident_id = ?1")?;
        let have: BTreeMap<String, (String, String, String)> = st
            .query_map([incident], |row| Ok((row.get(0)?, (row.get(1)?, row.get(2)?, row.get(3)?))))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(first_difference(&have, &r.ratings).map(|o| Msg::new("tables.rating").with("objective", o)))
    }

    fn check_review(&self, incident: i64, r: &Replay) -> Result<Option<Msg>> {
        let mut st = self
            .conn
            .prepare("SELECT kind, text, created_at FROM review_note WHERE incident_id = ?1 ORDER BY id")?;
        let notes: Vec<(String, String, String)> = st
            .query_map([incident], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        if notes != r.review_notes {
            return Ok(Some(Msg::new("tables.note")));
        }
        let mut st = self
            .conn
            .prepare("SELECT action, owner, due, category, created_at FROM improvement WHERE incident_id = ?1 ORDER BY id")?;
        let plan: Vec<[String; 5]> = st
            .query_map([incident], |row| {
                Ok([row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?])
            })?
            .collect::<rusqlite::Result<_>>()?;
        if plan != r.improvements {
            return Ok(Some(Msg::new("tables.improvement")));
        }
        Ok(None)
    }
}

/// The first key whose value differs between two maps (or that only one has).
fn first_difference<K: Ord + Clone + std::fmt::Display, V: PartialEq>(a: &BTreeMap<K, V>, b: &BTreeMap<K, V>) -> Option<K> {
    a.iter()
        .find(|(k, v)| b.get(*k) != Some(*v))
        .map(|(k, _)| k.clone())
        .or_else(|| b.keys().find(|k| !a.contains_key(*k)).cloned())
}
