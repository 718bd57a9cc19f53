//! Quiet-time preparedness: the risk register, the resource and contact
//! inventory, planned drills, the drill history as the programme reads it,
//! open improvement items across incidents, and the clinic's own cases.
//! Clinic-wide, not part of any incident's record.

use crate::domain::zone::Zone;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use rusqlite::{OptionalExtension, params};

use super::{Result, Store, StoreError, ts, ts_opt};
use crate::domain::clock::to_db;
use crate::domain::prepare::{CaseDraft, DrillRun, Starter, drill_score, parse_date};
use crate::domain::types::{Rating, ResourceKind};
use crate::error::Msg;

/// A risk of the register.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RiskRow {
    pub id: i64,
    pub starter: Option<String>,
    pub crisis_type: String,
    /// Empty: the starter's title, in the interface language.
    pub title: String,
    pub likelihood: u8,
    pub impact: u8,
    pub owner: String,
    /// Empty: the starter's controls.
    pub controls: String,
    pub review_on: NaiveDate,
    pub changed_at: DateTime<Utc>,
}

/// What re-scoring a risk sets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RiskEdit {
    pub likelihood: u8,
    pub impact: u8,
    pub owner: String,
    pub controls: String,
    pub review_on: NaiveDate,
}

/// An entry of the inventory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResourceRow {
    pub id: i64,
    pub starter: Option<String>,
    pub kind: ResourceKind,
    /// Empty: the starter's name.
    pub name: String,
    /// Who or what exactly: firm, policy number, section, where it is kept.
    pub detail: String,
    pub phone: String,
    pub owner: String,
    pub checked_at: Option<DateTime<Utc>>,
    pub checked_by: Option<String>,
}

/// An improvement item still to be done, from any drill or incident:
/// the improvement plan and the open follow-ups.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenItem {
    pub incident: i64,
    pub drill: bool,
    pub action: String,
    pub owner: String,
    pub due: Option<NaiveDate>,
}

/// A clinic's own case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseRow {
    pub id: i64,
    pub incident_id: Option<i64>,
    pub crisis_type: String,
    pub draft: CaseDraft,
    pub created_at: DateTime<Utc>,
}

fn date(r: &rusqlite::Row<'_>, idx: usize) -> rusqlite::Result<NaiveDate> {
    let s: String = r.get(idx)?;
    parse_date(&s).ok_or_else(|| rusqlite::Error::InvalidColumnType(idx, "date".into(), rusqlite::types::Type::Text))
}

fn score(n: i64) -> u8 {
    u8::try_from(n.clamp(1, 5)).unwrap_or(1)
}

fn check_edit(e: &RiskEdit) -> Result<()> {
    if !(1..=5).contains(&e.likelihood) || !(1..=5).contains(&e.impact) {
        return Err(StoreError::invalid("invalid.risk_score"));
    }
    Ok(())
}

const RISK_COLS: &str = "id, starter, crisis_type, title, likelihood, impact, owner, controls, review_on, changed_at";
const RESOURCE_COLS: &str = "id, starter, kind, name, detail, phone, owner, checked_at, checked_by";

impl Store {
    /// Whether the starter register and inventory were loaded.
    pub fn preparedness_loaded(&self) -> Result<bool> {
        Ok(self
            .conn
            .query_row("SELECT 1 FROM meta WHERE key = 'prepare.loaded'", [], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// Load the starter register and inventory, once: true when this call
    /// loaded them. Starter risks are first due for review `review_days`
    /// from today. One transaction: all or nothing.
    pub fn load_preparedness(&mut self, starter: &Starter, now: DateTime<Utc>, tz: Zone) -> Result<bool> {
        let review_on = (now.with_timezone(&tz).date_naive() + Duration::days(i64::from(starter.review_days)))
            .format("%Y-%m-%d")
            .to_string();
        self.write(|tx| {
            let done = tx
                .query_row("SELECT 1 FROM meta WHERE key = 'prepare.loaded'", [], |_| Ok(()))
                .optional()?
                .is_some();
            if done {
                return Ok(false);
            }
            let by = tx.operator.unwrap_or("");
            for r in &starter.risks {
                tx.execute(
                    "INSERT OR IGNORE INTO risk (starter, crisis_type, likelihood, impact, review_on, changed_at, changed_by)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    params![r.id, r.crisis_type, r.likelihood, r.impact, review_on, to_db(now), by],
                )?;
            }
            for e in &starter.entries {
                tx.execute(
                    "INSERT OR IGNORE INTO resource (starter, kind, phone, changed_at) VALUES (?1, ?2, ?3, ?4)",
                    params![e.id, e.kind.id(), e.phone, to_db(now)],
                )?;
            }
            tx.execute("INSERT INTO meta (key, value) VALUES ('prepare.loaded', ?1)", [to_db(now)])?;
            Ok(true)
        })
    }

    /// The register, highest likelihood × impact first.
    pub fn risks(&self) -> Result<Vec<RiskRow>> {
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT {RISK_COLS} FROM risk ORDER BY likelihood * impact DESC, impact DESC, id LIMIT 1000"
        ))?;
        let rows = st.query_map([], |r| {
            Ok(RiskRow {
                id: r.get(0)?,
                starter: r.get(1)?,
                crisis_type: r.get(2)?,
                title: r.get(3)?,
                likelihood: score(r.get(4)?),
                impact: score(r.get(5)?),
                owner: r.get(6)?,
                controls: r.get(7)?,
                review_on: date(r, 8)?,
                changed_at: ts(r, 9)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Re-score a risk: likelihood, impact, owner, controls and the next review.
    pub fn set_risk(&mut self, id: i64, e: &RiskEdit, now: DateTime<Utc>) -> Result<()> {
        check_edit(e)?;
        let n = self.write(|tx| {
            tx.execute(
                "UPDATE risk SET likelihood = ?2, impact = ?3, owner = ?4, controls = ?5, review_on = ?6, changed_at = ?7, changed_by = ?8
                 WHERE id = ?1",
                params![
                    id,
                    e.likelihood,
                    e.impact,
                    e.owner.trim(),
                    e.controls.trim(),
                    e.review_on.format("%Y-%m-%d").to_string(),
                    to_db(now),
                    tx.operator.unwrap_or("")
                ],
            )
        })?;
        if n == 0 {
            return Err(StoreError::NotFound(Msg::new("what.risk").with("id", id)));
        }
        Ok(())
    }

    /// A risk of the clinic's own.
    pub fn add_risk(&mut self, crisis_type: &str, title: &str, e: &RiskEdit, now: DateTime<Utc>) -> Result<i64> {
        check_edit(e)?;
        if title.trim().is_empty() {
            return Err(StoreError::invalid("invalid.risk_title"));
        }
        self.write(|tx| {
            tx.execute(
                "INSERT INTO risk (crisis_type, title, likelihood, impact, owner, controls, review_on, changed_at, changed_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    crisis_type,
                    title.trim(),
                    e.likelihood,
                    e.impact,
                    e.owner.trim(),
                    e.controls.trim(),
                    e.review_on.format("%Y-%m-%d").to_string(),
                    to_db(now),
                    tx.operator.unwrap_or("")
                ],
            )?;
            Ok(tx.last_insert_rowid())
        })
    }

    /// The inventory: outside parties first, then the clinic's reserves.
    pub fn resources(&self) -> Result<Vec<ResourceRow>> {
        let mut st = self
            .conn
            .prepare_cached(&format!("SELECT {RESOURCE_COLS} FROM resource ORDER BY kind, id LIMIT 1000"))?;
        let rows = st.query_map([], |r| {
            let kind: String = r.get(2)?;
            Ok(ResourceRow {
                id: r.get(0)?,
                starter: r.get(1)?,
                // The table's CHECK admits only the two kinds.
                kind: ResourceKind::parse(&kind).unwrap_or(ResourceKind::External),
                name: r.get(3)?,
                detail: r.get(4)?,
                phone: r.get(5)?,
                owner: r.get(6)?,
                checked_at: ts_opt(r, 7)?,
                checked_by: r.get(8)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Write down who or what an entry is. Editing it is checking it.
    pub fn set_resource(&mut self, id: i64, detail: &str, phone: &str, owner: &str, now: DateTime<Utc>) -> Result<()> {
        let n = self.write(|tx| {
            tx.execute(
                "UPDATE resource SET detail = ?2, phone = ?3, owner = ?4, checked_at = ?5, checked_by = ?6, changed_at = ?5 WHERE id = ?1",
                params![id, detail.trim(), phone.trim(), owner.trim(), to_db(now), tx.operator.unwrap_or("")],
            )
        })?;
        if n == 0 {
            return Err(StoreError::NotFound(Msg::new("what.resource").with("id", id)));
        }
        Ok(())
    }

    /// Someone called the number or looked at the reserve: still good today.
    pub fn mark_checked(&mut self, id: i64, now: DateTime<Utc>) -> Result<()> {
        let n = self.write(|tx| {
            tx.execute(
                "UPDATE resource SET checked_at = ?2, checked_by = ?3 WHERE id = ?1",
                params![id, to_db(now), tx.operator.unwrap_or("")],
            )
        })?;
        if n == 0 {
            return Err(StoreError::NotFound(Msg::new("what.resource").with("id", id)));
        }
        Ok(())
    }

    pub fn drill_plans(&self) -> Result<Vec<(String, NaiveDate)>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT crisis_type, planned_on FROM drill_plan ORDER BY crisis_type")?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, date(r, 1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Plan the next drill of a crisis type; `None` clears the plan.
    pub fn plan_drill(&mut self, crisis_type: &str, on: Option<NaiveDate>, now: DateTime<Utc>) -> Result<()> {
        self.write(|tx| {
            match on {
                Some(d) => tx.execute(
                    "INSERT INTO drill_plan (crisis_type, planned_on, changed_at) VALUES (?1, ?2, ?3)
                     ON CONFLICT (crisis_type) DO UPDATE SET planned_on = excluded.planned_on, changed_at = excluded.changed_at",
                    params![crisis_type, d.format("%Y-%m-%d").to_string(), to_db(now)],
                )?,
                None => tx.execute("DELETE FROM drill_plan WHERE crisis_type = ?1", [crisis_type])?,
            };
            Ok(())
        })
    }

    /// Every drill that was started, with its score (see
    /// `domain::prepare::drill_score`), oldest first (bounded).
    pub fn drill_runs(&self) -> Result<Vec<DrillRun>> {
        let mut st = self.conn.prepare_cached(
            "SELECT i.id, i.type, d.started_at,
                    (SELECT count(*) FROM checklist_item c WHERE c.incident_id = i.id),
                    (SELECT count(*) FROM checklist_item c WHERE c.incident_id = i.id AND c.state != 'open'),
                    (SELECT coalesce(group_concat(rating, ''), '') FROM drill_rating r WHERE r.incident_id = i.id)
             FROM incident i JOIN drill d ON d.incident_id = i.id
             WHERE i.is_drill = 1 AND d.started_at IS NOT NULL
             ORDER BY d.started_at, i.id LIMIT 2000",
        )?;
        let rows = st.query_map([], |r| {
            let total: i64 = r.get(3)?;
            let done: i64 = r.get(4)?;
            let ratings: String = r.get(5)?;
            let ratings: Vec<Rating> = ratings.chars().filter_map(|c| Rating::parse(&c.to_string())).collect();
            let completion = (usize::try_from(done).unwrap_or(0), usize::try_from(total).unwrap_or(0));
            Ok(DrillRun {
                incident: r.get(0)?,
                crisis_type: r.get(1)?,
                at: ts(r, 2)?,
                score: drill_score(&ratings, completion),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Improvement-plan items of every drill and incident, and the open
    /// follow-ups, soonest due first (bounded).
    pub fn open_improvements(&self, tz: Zone) -> Result<Vec<OpenItem>> {
        let mut out = Vec::new();
        let mut st = self.conn.prepare_cached(
            "SELECT m.incident_id, i.is_drill, m.action, m.owner, m.due FROM improvement m JOIN incident i ON i.id = m.incident_id
             ORDER BY m.due, m.id LIMIT 500",
        )?;
        let rows = st.query_map([], |r| {
            let due: String = r.get(4)?;
            Ok(OpenItem {
                incident: r.get(0)?,
                drill: r.get(1)?,
                action: r.get(2)?,
                owner: r.get(3)?,
                due: parse_date(&due),
            })
        })?;
        for row in rows {
            out.push(row?);
        }
        let mut st = self.conn.prepare_cached(
            "SELECT f.incident_id, i.is_drill, f.action, f.owner, f.due_at FROM follow_up f JOIN incident i ON i.id = f.incident_id
             WHERE f.state = 'open' ORDER BY f.due_at, f.id LIMIT 500",
        )?;
        let rows = st.query_map([], |r| {
            Ok(OpenItem {
                incident: r.get(0)?,
                drill: r.get(1)?,
                action: r.get(2)?,
                owner: r.get(3)?,
                due: ts_opt(r, 4)?.map(|t| t.with_timezone(&tz).date_naive()),
            })
        })?;
        for row in rows {
            out.push(row?);
        }
        // Undated last.
        out.sort_by_key(|o| (o.due.is_none(), o.due, o.incident));
        Ok(out)
    }

    /// Add a case of the clinic's own, from an incident or from nothing.
    pub fn add_case(&mut self, incident: Option<i64>, crisis_type: &str, d: &CaseDraft, now: DateTime<Utc>) -> Result<i64> {
        if d.title.trim().is_empty() {
            return Err(StoreError::invalid("invalid.case_title"));
        }
        self.write(|tx| {
            tx.execute(
                "INSERT INTO case_entry (incident_id, crisis_type, title, happened, went_well, went_wrong, lessons, created_at, created_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    incident,
                    crisis_type,
                    d.title.trim(),
                    d.happened.trim(),
                    d.went_well.trim(),
                    d.went_wrong.trim(),
                    d.lessons.trim(),
                    to_db(now),
                    tx.operator.unwrap_or("")
                ],
            )?;
            Ok(tx.last_insert_rowid())
        })
    }

    pub fn cases(&self) -> Result<Vec<CaseRow>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, incident_id, crisis_type, title, happened, went_well, went_wrong, lessons, created_at FROM case_entry
             ORDER BY id DESC LIMIT 500",
        )?;
        let rows = st.query_map([], |r| {
            Ok(CaseRow {
                id: r.get(0)?,
                incident_id: r.get(1)?,
                crisis_type: r.get(2)?,
                draft: CaseDraft {
                    title: r.get(3)?,
                    happened: r.get(4)?,
                    went_well: r.get(5)?,
                    went_wrong: r.get(6)?,
                    lessons: r.get(7)?,
                },
                created_at: ts(r, 8)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The incident a new case is taken from: `prefer` when it is closed
    /// (or an ended drill), else the most recently closed one.
    pub fn closed_incident_for_case(&self, prefer: Option<i64>) -> Result<Option<i64>> {
        const CLOSED: &str = "(i.status = 'closed' OR EXISTS (SELECT 1 FROM drill d WHERE d.incident_id = i.id AND d.state = 'ended'))";
        if let Some(p) = prefer {
            let hit = self
                .conn
                .query_row(&format!("SELECT i.id FROM incident i WHERE i.id = ?1 AND {CLOSED}"), [p], |r| {
                    r.get(0)
                })
                .optional()?;
            if hit.is_some() {
                return Ok(hit);
            }
        }
        Ok(self
            .conn
            .query_row(
                &format!(
                    "SELECT i.id FROM incident i WHERE {CLOSED} AND i.is_demo = 0
                     ORDER BY coalesce(i.closed_at, (SELECT d.ended_at FROM drill d WHERE d.incident_id = i.id)) DESC, i.id DESC LIMIT 1"
                ),
                [],
                |r| r.get(0),
            )
            .optional()?)
    }
}
