//! Anchors: short digests of every real incident's chain head, given to
//! people outside the file, and the proof that the record still extends one.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

use super::{Result, Store, StoreError};
use crate::domain::chain::{AnchoredHead, anchor_digest, normalise_anchor};
use crate::domain::clock::{from_db, to_db};
use crate::domain::timeline::Event;
use crate::error::Msg;

/// An anchor as given: its digest, when, and how many incidents it covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Anchor {
    pub digest: String,
    pub created_at: DateTime<Utc>,
    pub incidents: usize,
}

impl Store {
    /// Give an anchor now: the digest of every real incident's chain head
    /// (drills are left out: they may be deleted). It is kept in the file
    /// with what it covers, and each open incident's timeline records that
    /// it was given. Giving it again with nothing changed returns the same.
    pub fn give_anchor(&mut self, now: DateTime<Utc>) -> Result<Anchor> {
        self.write(|tx| {
            let heads: Vec<AnchoredHead> = tx
                .prepare("SELECT id, chain_len, chain_head FROM incident WHERE is_drill = 0 AND chain_len > 0 ORDER BY id")?
                .query_map([], |r| {
                    Ok(AnchoredHead {
                        incident: r.get(0)?,
                        length: r.get(1)?,
                        head: r.get(2)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            let digest = anchor_digest(&heads);
            if let Some(at) = tx
                .query_row("SELECT created_at FROM anchor WHERE digest = ?1", [&digest], |r| {
                    r.get::<_, String>(0)
                })
                .optional()?
            {
                return Ok(Anchor {
                    digest,
                    created_at: from_db(&at).unwrap_or(now),
                    incidents: heads.len(),
                });
            }
            let covered = serde_json::to_string(&heads).unwrap_or_default();
            tx.execute(
                "INSERT INTO anchor (digest, heads, created_at) VALUES (?1, ?2, ?3)",
                params![digest, covered, to_db(now)],
            )?;
            let open: Vec<i64> = tx
                .prepare("SELECT id FROM incident WHERE is_drill = 0 AND status = 'open' ORDER BY id")?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            for id in open {
                let given = Event::AnchorGiven {
                    digest: digest.clone(),
                    incidents: heads.len() as i64,
                };
                tx.record(id, &given, now, now)?;
            }
            Ok(Anchor {
                digest: digest.clone(),
                created_at: now,
                incidents: heads.len(),
            })
        })
    }

    /// Whether the record still extends the anchor `typed`: the anchor is on
    /// record, what it covers still hashes to it, and each covered incident's
    /// chain (verified in full) still holds, at the anchored length, the
    /// anchored head. A chain rewritten from the start with fresh hashes
    /// fails here even though it verifies on its own.
    pub fn check_anchor(&self, typed: &str) -> Result<std::result::Result<Anchor, String>> {
        let Some(digest) = normalise_anchor(typed) else {
            return Err(StoreError::Invalid(Msg::new("invalid.anchor").with("typed", typed)));
        };
        let row: Option<(String, String)> = self
            .conn
            .query_row("SELECT heads, created_at FROM anchor WHERE digest = ?1", [&digest], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        let Some((covered, at)) = row else {
            return Ok(Err(format!(
                "no anchor {digest} is on record: the record was rewritten after it was given, or it belongs to another database"
            )));
        };
        let heads: Vec<AnchoredHead> = serde_json::from_str(&covered).unwrap_or_default();
        if anchor_digest(&heads) != digest {
            return Ok(Err(format!("the record of anchor {digest} was altered")));
        }
        for a in &heads {
            let offset = a.length - 1;
            let hash: Option<String> = self
                .conn
                .query_row(
                    "SELECT hash FROM timeline_entry WHERE incident_id = ?1 ORDER BY id LIMIT 1 OFFSET ?2",
                    params![a.incident, offset],
                    |r| r.get(0),
                )
                .optional()?;
            if hash.as_deref() != Some(a.head.as_str()) {
                return Ok(Err(format!(
                    "incident {} no longer extends anchor {digest}: its entry {} is not the one anchored",
                    a.incident, a.length
                )));
            }
            if let Err(b) = self.verify(a.incident)? {
                return Ok(Err(b.to_string()));
            }
        }
        Ok(Ok(Anchor {
            digest,
            created_at: from_db(&at).unwrap_or_default(),
            incidents: heads.len(),
        }))
    }
}
