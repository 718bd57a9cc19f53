//! Checking the tamper-evident record: the hash chain of each incident's
//! timeline, and the current tables against what the chain says happened.

use std::collections::HashMap;

use rusqlite::params;
use serde_json::Value;

use super::{Result, Store, StoreError};
use crate::domain::chain::{GENESIS, entry_hash};
use crate::domain::desk::sha256_hex;

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
    pub reason: String,
}

impl std::fmt::Display for Broken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.entry {
            Some(e) => write!(f, "incident {}: timeline entry {e}: {}", self.incident, self.reason),
            None => write!(f, "incident {}: {}", self.incident, self.reason),
        }
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
                StoreError::NotFound(_) => StoreError::NotFound(format!("incident {incident}")),
                other => other,
            })?;
        Ok(ChainReport { incident, length, head })
    }

    /// Recompute an incident's chain and hold the tables it vouches for
    /// against it. Streams the timeline; memory stays bounded by the
    /// incident's checklist and statements, not its history.
    pub fn verify(&self, incident: i64) -> Result<std::result::Result<ChainReport, Broken>> {
        let broken = |entry: Option<i64>, reason: String| Ok(Err(Broken { incident, entry, reason }));
        let ChainReport { head, length, .. } = self.chain_head(incident)?;
        let mut st = self.conn.prepare(
            "SELECT id, kind, data, event_at, recorded_at, prev_hash, hash, operator FROM timeline_entry WHERE incident_id = ?1 ORDER BY id",
        )?;
        let mut rows = st.query([incident])?;
        let mut prev = GENESIS.to_string();
        let mut count = 0i64;
        // What the chain says the checklist and releases should be.
        let mut items: HashMap<String, String> = HashMap::new();
        let mut releases: HashMap<(i64, i64), String> = HashMap::new();
        // (role, person, when) of every assignment the chain recorded.
        let mut assigned: HashMap<(String, String, String), usize> = HashMap::new();
        while let Some(r) = rows.next()? {
            let (id, kind, data, ev, rec, stored_prev, stored): (i64, String, String, String, String, String, String) =
                (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?);
            let operator: Option<String> = r.get(7)?;
            if stored_prev != prev {
                let why = if count == 0 {
                    "the first entry does not start the chain (entries before it were deleted)"
                } else {
                    "does not follow the entry before it (an entry was deleted or inserted)"
                };
                return broken(Some(id), why.into());
            }
            if entry_hash(&prev, incident, &kind, &data, &ev, &rec, operator.as_deref()) != stored {
                return broken(Some(id), "its content was changed after it was recorded".into());
            }
            let d: Value = serde_json::from_str(&data).unwrap_or(Value::Null);
            let s = |k: &str| d.get(k).and_then(Value::as_str).unwrap_or("").to_string();
            match kind.as_str() {
                "item.done" | "item.reopened" | "item.skipped" => {
                    let state = match kind.as_str() {
                        "item.done" => "done",
                        "item.skipped" => "skipped",
                        _ => "open",
                    };
                    items.insert(s("item"), state.into());
                }
                "role.assigned" | "role.handoff" => {
                    let person = if kind == "role.assigned" { s("person") } else { s("to") };
                    *assigned.entry((s("role"), person, rec.clone())).or_default() += 1;
                }
                "statement.released" => {
                    let st = d.get("statement").and_then(Value::as_i64).unwrap_or(0);
                    let v = d.get("version").and_then(Value::as_i64).unwrap_or(0);
                    releases.insert((st, v), s("sha256"));
                }
                _ => {}
            }
            prev = stored;
            count += 1;
        }
        if count != length || (count > 0 && prev != head) {
            return broken(
                None,
                format!("the chain ends after {count} entries but the incident records {length}: entries at the end were deleted"),
            );
        }
        // The checklist as it stands must be what its entries say.
        let mut st = self
            .conn
            .prepare("SELECT item_key, state FROM checklist_item WHERE incident_id = ?1 ORDER BY seq")?;
        let mut rows = st.query([incident])?;
        while let Some(r) = rows.next()? {
            let (key, state): (String, String) = (r.get(0)?, r.get(1)?);
            let recorded = items.get(&key).map(String::as_str).unwrap_or("open");
            if state != recorded {
                return broken(
                    None,
                    format!("checklist item {key} is {state}, but the timeline records it as {recorded}"),
                );
            }
        }
        // Every assignment, with who and since when, must be one the chain saw.
        let mut st = self
            .conn
            .prepare("SELECT role, person_name, started_at FROM assignment WHERE incident_id = ?1 ORDER BY id")?;
        let mut rows = st.query([incident])?;

        while let Some(r) = rows.next()? {
            let key: (String, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);

            match assigned.get_mut(&key) {
                Some(n) if *n > 0 => *n -= 1,
                _ => {
                    return broken(
                        None,
                        format!("the {} role's holder {:?} is not the one the timeline records", key.0, key.1),
                    );
                }
            }
        }
        if assigned.values().any(|n| *n > 0) {
            return broken(None, "an assignment recorded on the timeline is missing".into());
        }
        // Each released text must hash to what was recorded at release.
        let mut st = self.conn.prepare(
            "SELECT v.statement_id, v.version, v.body, v.sha256 FROM statement_version v
             JOIN statement s ON s.id = v.statement_id WHERE s.incident_id = ?1",
        )?;
        let mut rows = st.query(params![incident])?;
        let mut seen = 0usize;
        while let Some(r) = rows.next()? {
            let (sid, v, body, sha): (i64, i64, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
            seen += 1;
            let recorded = releases.get(&(sid, v));
            if sha256_hex(&body) != sha || recorded != Some(&sha) {
                return broken(
                    None,
                    format!("the released text of statement {sid} version {v} is not the text that was released"),
                );
            }
        }
        if seen != releases.len() {
            return broken(None, "a released statement version is missing".into());
        }
        Ok(Ok(ChainReport {
            incident,
            length: count,
            head: prev,
        }))
    }
}
