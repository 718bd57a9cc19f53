//! Drills and the after-action review: the facilitator's clock, injects,
//! ratings, review notes and the improvement plan.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

use super::{Result, Store, StoreError, ts, ts_opt};
use crate::domain::clock::to_db;
use crate::domain::drill::{ClockState, DrillClock, Expect, Inject, InjectRecord};
use crate::domain::timeline::{ClockAct, Event};
use crate::domain::types::{Category, NoteKind, Rating, RoleId};
use crate::error::Msg;

/// A drill as stored: which scenario, its text as started, and its clock.
#[derive(Clone, Debug)]
pub struct DrillRow {
    pub incident_id: i64,
    pub scenario_id: String,
    pub scenario_src: String,
    pub clock: DrillClock,
    pub started_at: Option<DateTime<Utc>>,
    pub ended_at: Option<DateTime<Utc>>,
}

/// How the facilitator rated one objective.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectiveRating {
    pub objective: String,
    pub rating: Rating,
    pub notes: String,
}

/// A hot-wash observation, strength or area for improvement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AfterActionNote {
    pub id: i64,
    pub kind: NoteKind,
    pub text: String,
    pub created_at: DateTime<Utc>,
}

/// One item of the improvement plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Improvement {
    pub id: i64,
    pub action: String,
    pub owner: String,
    pub due: String,
    pub category: Category,
}

fn drill_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<DrillRow> {
    let state: String = r.get(3)?;
    Ok(DrillRow {
        incident_id: r.get(0)?,
        scenario_id: r.get(1)?,
        scenario_src: r.get(2)?,
        clock: DrillClock {
            state: ClockState::from_id(&state),
            speed: r.get(4)?,
            banked_ms: r.get(5)?,
            resumed_at: ts_opt(r, 6)?,
        },
        started_at: ts_opt(r, 7)?,
        ended_at: ts_opt(r, 8)?,
    })
}

const DRILL_COLS: &str = "incident_id, scenario_id, scenario_src, state, speed, banked_ms, resumed_at, started_at, ended_at";

impl Store {
    pub fn drill(&self, incident: i64) -> Result<Option<DrillRow>> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {DRILL_COLS} FROM drill WHERE incident_id = ?1"),
                [incident],
                drill_row,
            )
            .optional()?)
    }

    /// Every drill, newest first, for `drill history` (bounded).
    pub fn drills(&self) -> Result<Vec<DrillRow>> {
        let mut st = self
            .conn
            .prepare_cached(&format!("SELECT {DRILL_COLS} FROM drill ORDER BY incident_id DESC LIMIT 500"))?;
        let rows = st.query_map([], drill_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Store the facilitator's clock after a start, pause, speed change or
    /// jump; `act` names it for the timeline.
    pub fn set_drill_clock(&mut self, incident: i64, clock: &DrillClock, act: ClockAct, now: DateTime<Utc>) -> Result<()> {
        self.write(|tx| {
            let n = tx.execute(
                "UPDATE drill SET state = ?2, speed = ?3, banked_ms = ?4, resumed_at = ?5,
                    started_at = COALESCE(started_at, CASE WHEN ?2 = 'running' THEN ?6 END),
                    ended_at = CASE WHEN ?2 = 'ended' THEN ?6 ELSE ended_at END
                 WHERE incident_id = ?1",
                params![
                    incident,
                    clock.state.id(),
                    clock.speed,
                    clock.banked_ms,
                    clock.resumed_at.map(to_db),
                    to_db(now)
                ],
            )?;
            if n == 0 {
                return Err(rusqlite::Error::QueryReturnedNoRows);
            }
            let event = Event::DrillClock {
                act,
                speed: i64::from(clock.speed),
                scenario_ms: clock.scenario_ms(now),
            };
            tx.record(incident, &event, now, now)?;
            Ok(())
        })
        .map_err(|e| match e {
            StoreError::NotFound(_) => StoreError::NotFound(Msg::new("what.drill").with("id", incident)),
            other => other,
        })
    }

    pub fn drill_injects(&self, incident: i64) -> Result<Vec<InjectRecord>> {
        let mut st = self.conn.prepare_cached(
            "SELECT number, skipped, scenario_ms, at, answered_at FROM drill_inject WHERE incident_id = ?1 ORDER BY at, number",
        )?;
        let rows = st.query_map([incident], |r| {
            Ok(InjectRecord {
                number: r.get(0)?,
                skipped: r.get(1)?,
                scenario_ms: r.get(2)?,
                at: ts(r, 3)?,
                answered_at: ts_opt(r, 4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Deliver (or skip) an inject: recorded once, with its text copied to
    /// the timeline so the record reads the same if the scenario changes.
    pub fn record_inject(
        &mut self,
        incident: i64,
        inject: &Inject,
        skipped: bool,
        early: bool,
        scenario_ms: i64,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        self.write(|tx| {
            let n = tx.execute(
                "INSERT OR IGNORE INTO drill_inject (incident_id, number, skipped, scenario_ms, at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![incident, inject.number, skipped, scenario_ms, to_db(now)],
            )?;
            if n == 0 {
                return Ok(false);
            }
            // The inject's text is copied, so the record reads the same if
            // the scenario changes.
            let event = Event::Inject {
                skipped,
                number: i64::from(inject.number),
                early,
                scenario_ms,
                from: inject.from.clone(),
                to: RoleId::new(inject.to.as_str()),
                method: inject.method.to_string(),
                message: inject.message.clone(),
            };
            tx.record(incident, &event, now, now)?;
            Ok(true)
        })
    }

    pub fn mark_answered(&mut self, incident: i64, number: u32, how: &str, now: DateTime<Utc>) -> Result<()> {
        self.write(|tx| {
            let n = tx.execute(
                "UPDATE drill_inject SET answered_at = ?3 WHERE incident_id = ?1 AND number = ?2 AND answered_at IS NULL AND skipped = 0",
                params![incident, number, to_db(now)],
            )?;
            if n > 0 {
                let answered = Event::InjectAnswered {
                    number: i64::from(number),
                    how: how.to_string(),
                };
                tx.record(incident, &answered, now, now)?;
            }
            Ok(())
        })
    }

    /// Has the team done what an inject expects, since `since`?
    pub fn expect_seen(&self, incident: i64, expect: &Expect, since: DateTime<Utc>) -> Result<bool> {
        let one = |sql: &str, p: &[&dyn rusqlite::ToSql]| -> Result<bool> { Ok(self.conn.query_row(sql, p, |r| r.get::<_, i64>(0))? > 0) };
        match expect {
            Expect::Role(role) => one(
                "SELECT count(*) FROM assignment WHERE incident_id = ?1 AND role = ?2 AND ended_at IS NULL",
                &[&incident, role],
            ),
            Expect::AllHeld(roles) => {
                let mut held = self
                    .conn
                    .prepare_cached("SELECT 1 FROM assignment WHERE incident_id = ?1 AND role = ?2 AND ended_at IS NULL LIMIT 1")?;
                for role in roles {
                    if !held.exists(params![incident, role])? {
                        return Ok(false);
                    }
                }
                Ok(true)
            }
            Expect::Phase(p) => {
                let phase: String = self
                    .conn
                    .query_row("SELECT phase FROM incident WHERE id = ?1", [incident], |r| r.get(0))?;
                Ok(crate::domain::Phase::from_id(&phase).is_some_and(|cur| cur >= *p))
            }
            // Acts, not states: they count only when done after the inject.
            Expect::Submitted => one(
                "SELECT count(*) FROM timeline_entry WHERE incident_id = ?1 AND kind = 'statement.submitted' AND recorded_at >= ?2",
                &[&incident, &to_db(since)],
            ),
            Expect::Released(None) => one(
                "SELECT count(*) FROM statement_version v JOIN statement s ON s.id = v.statement_id
                 WHERE s.incident_id = ?1 AND v.released_at >= ?2",
                &[&incident, &to_db(since)],
            ),
            Expect::Released(Some(a)) => one(
                "SELECT count(*) FROM statement_version v JOIN statement s ON s.id = v.statement_id
                 WHERE s.incident_id = ?1 AND v.audience = ?2 AND v.released_at >= ?3",
                &[&incident, a, &to_db(since)],
            ),
            // A state: an item already done before the inject still counts.
            Expect::Item(key) => one(
                "SELECT count(*) FROM checklist_item WHERE incident_id = ?1 AND item_key = ?2 AND state != 'open'",
                &[&incident, key],
            ),
            Expect::Note => one(
                "SELECT count(*) FROM timeline_entry WHERE incident_id = ?1 AND kind = 'note' AND recorded_at >= ?2",
                &[&incident, &to_db(since)],
            ),
        }
    }

    pub fn rate_objective(&mut self, incident: i64, objective: &str, rating: Rating, notes: &str, now: DateTime<Utc>) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO drill_rating (incident_id, objective, rating, notes, rated_at) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (incident_id, objective) DO UPDATE SET rating = excluded.rating, notes = excluded.notes, rated_at = excluded.rated_at",
                params![incident, objective, rating.id(), notes.trim(), to_db(now)],
            )?;
            let rated = Event::Rated {
                objective: objective.to_string(),
                rating: rating.id().to_string(),
                notes: notes.trim().to_string(),
            };
            tx.record(incident, &rated, now, now)?;
            Ok(())
        })
    }

    pub fn ratings(&self, incident: i64) -> Result<Vec<ObjectiveRating>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT objective, rating, notes FROM drill_rating WHERE incident_id = ?1 ORDER BY objective")?;
        let rows = st.query_map([incident], |r| {
            let rating: String = r.get(1)?;
            Ok(ObjectiveRating {
                objective: r.get(0)?,
                // The table's CHECK admits only these four.
                rating: Rating::parse(&rating).unwrap_or(Rating::U),
                notes: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Add a hot-wash observation, strength or area for improvement (the
    /// table keeps its first name, `review_note`).
    pub fn add_after_action_note(&mut self, incident: i64, kind: NoteKind, text: &str, now: DateTime<Utc>) -> Result<i64> {
        let text = text.trim();
        if text.is_empty() {
            return Err(StoreError::invalid("invalid.note_empty"));
        }
        self.write(|tx| {
            tx.execute(
                "INSERT INTO review_note (incident_id, kind, text, created_at) VALUES (?1, ?2, ?3, ?4)",
                params![incident, kind.id(), text, to_db(now)],
            )?;
            let id = tx.last_insert_rowid();
            let note = Event::AfterActionNote {
                kind: kind.id().to_string(),
                text: text.to_string(),
            };
            tx.record(incident, &note, now, now)?;
            Ok(id)
        })
    }

    pub fn after_action_notes(&self, incident: i64) -> Result<Vec<AfterActionNote>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT id, kind, text, created_at FROM review_note WHERE incident_id = ?1 ORDER BY id")?;
        let rows = st.query_map([incident], |r| {
            let kind: String = r.get(1)?;
            Ok(AfterActionNote {
                id: r.get(0)?,
                // The table's CHECK admits only the three kinds.
                kind: NoteKind::parse(&kind).unwrap_or(NoteKind::Hotwash),
                text: r.get(2)?,
                created_at: ts(r, 3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn add_improvement(
        &mut self,
        incident: i64,
        action: &str,
        owner: &str,
        due: &str,
        category: Category,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let (action, owner, due) = (action.trim(), owner.trim(), due.trim());
        if action.is_empty() || owner.is_empty() {
            return Err(StoreError::invalid("invalid.improvement_needs"));
        }
        if chrono::NaiveDate::parse_from_str(due, "%Y-%m-%d").is_err() {
            return Err(StoreError::Invalid(Msg::new("invalid.due_date").with("due", due)));
        }
        self.write(|tx| {
            tx.execute(
                "INSERT INTO improvement (incident_id, action, owner, due, category, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![incident, action, owner, due, category.id(), to_db(now)],
            )?;
            let id = tx.last_insert_rowid();
            let item = Event::Improvement {
                action: action.to_string(),
                owner: owner.to_string(),
                due: due.to_string(),
                category: category.id().to_string(),
            };
            tx.record(incident, &item, now, now)?;
            Ok(id)
        })
    }

    pub fn improvements(&self, incident: i64) -> Result<Vec<Improvement>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT id, action, owner, due, category FROM improvement WHERE incident_id = ?1 ORDER BY due, id")?;
        let rows = st.query_map([incident], |r| {
            let category: String = r.get(4)?;
            Ok(Improvement {
                id: r.get(0)?,
                action: r.get(1)?,
                owner: r.get(2)?,
                due: r.get(3)?,
                // The table's CHECK admits only the five categories.
                category: Category::parse(&category).unwrap_or(Category::Planning),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Delete a drill and everything recorded in it. A real incident is
    /// never deleted: its record may be needed later.
    pub fn delete_drill(&mut self, incident: i64) -> Result<()> {
        self.write(|tx| {
            let drill: Option<bool> = tx
                .query_row("SELECT is_drill FROM incident WHERE id = ?1", [incident], |r| r.get(0))
                .optional()?;
            match drill {
                Some(true) => {
                    tx.execute("DELETE FROM incident WHERE id = ?1", [incident])?;
                    Ok(Ok(()))
                }
                Some(false) => Ok(Err(StoreError::Invalid(Msg::new("invalid.real_incident").with("id", incident)))),
                None => Ok(Err(StoreError::NotFound(Msg::new("what.drill").with("id", incident)))),
            }
        })?
    }

    /// Has anything been written to the file since the last call? Another
    /// process's commit changes `data_version`; reading it is cheap, so a
    /// reader can poll it instead of re-running its queries.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self.conn.query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// Refuse every write from now on (SQLite's `query_only`): for a
    /// connection whose file was moved away, which must never be written
    /// into again.
    pub fn refuse_writes(&self) -> Result<()> {
        Ok(self.conn.pragma_update(None, "query_only", true)?)
    }
}
