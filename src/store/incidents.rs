//! Incidents: declaring, the phase, severity and status, the briefing and
//! the deadlines met.

use super::*;

/// Insert an incident with its checklist copied from the playbook (so a
/// later playbook change never rewrites a record) and its first timeline
/// entry, inside the caller's transaction.
pub(super) fn declare_in(
    tx: &Tx<'_>,
    pb: &Playbook,
    severity: u8,
    title: &str,
    demo: bool,
    drill: bool,
    now: DateTime<Utc>,
) -> rusqlite::Result<i64> {
    tx.execute(
        "INSERT INTO incident (type, severity, title, is_demo, is_drill, declared_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![pb.id, severity, title, demo, drill, to_db(now)],
    )?;
    let id = tx.last_insert_rowid();
    let mut ins = tx.prepare_cached(
        "INSERT INTO checklist_item (incident_id, seq, item_key, phase, owner_role, text_zh, text_en, due_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for (seq, it) in pb.item.iter().enumerate() {
        let due = it.due_minutes.map(|m| to_db(now + chrono::Duration::minutes(m)));
        ins.execute(params![id, seq as i64, it.id, it.phase.id(), it.owner, it.text.zh, it.text.en, due])?;
    }
    let declared = Event::Declared {
        title: title.to_string(),
        crisis_type: CrisisType::new(pb.id.as_str()),
        severity: i64::from(severity),
        demo,
        drill,
    };
    tx.record(id, &declared, now, now)?;
    Ok(id)
}

pub(super) const INCIDENT_COLS: &str = "id, type, severity, title, phase, status, is_demo, declared_at, closed_at, is_drill";

pub(super) fn incident_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Incident> {
    let phase: String = r.get(4)?;
    let status: String = r.get(5)?;
    Ok(Incident {
        id: r.get(0)?,
        crisis_type: r.get(1)?,
        severity: r.get(2)?,
        title: r.get(3)?,
        phase: Phase::from_id(&phase).unwrap_or(Phase::Report),
        status: if status == "closed" {
            IncidentStatus::Closed
        } else {
            IncidentStatus::Open
        },
        demo: r.get(6)?,
        drill: r.get(9)?,
        declared_at: ts(r, 7)?,
        closed_at: ts_opt(r, 8)?,
    })
}

impl Store {
    // ---- incidents ------------------------------------------------------

    /// Declare an incident: the incident, its checklist copied from the
    /// playbook (so later playbook edits never rewrite a record), and the
    /// first timeline entry, in one transaction.
    pub fn declare(&mut self, pb: &Playbook, severity: u8, title: &str, demo: bool, now: DateTime<Utc>) -> Result<i64> {
        let title = title.trim();
        if title.is_empty() {
            return Err(StoreError::invalid("invalid.title_empty"));
        }
        if !(1..=4).contains(&severity) {
            return Err(StoreError::Invalid(Msg::new("invalid.severity").with("value", severity)));
        }
        self.write(|tx| declare_in(tx, pb, severity, title, demo, false, now))
    }

    /// Open a drill: an incident marked as a drill, its checklist from the
    /// scenario's playbook, and the scenario text as started.
    pub fn start_drill(&mut self, pb: &Playbook, scenario: &Scenario, src: &str, now: DateTime<Utc>) -> Result<i64> {
        let title = format!("{} / {}", scenario.title.zh.trim(), scenario.title.en.trim());
        self.write(|tx| {
            let id = declare_in(tx, pb, scenario.severity, &title, false, true, now)?;
            tx.execute(
                "INSERT INTO drill (incident_id, scenario_id, scenario_src) VALUES (?1, ?2, ?3)",
                params![id, scenario.id, src],
            )?;
            // The scenario as started is part of the record: an edit to it
            // later would change what the report says was played.
            let started = Event::DrillScenario {
                scenario: scenario.id.clone(),
                sha256: sha256_hex(src),
            };
            tx.record(id, &started, now, now)?;
            Ok(id)
        })
    }

    pub fn incident(&self, id: i64) -> Result<Incident> {
        self.conn
            .query_row(&format!("SELECT {INCIDENT_COLS} FROM incident WHERE id = ?1"), [id], incident_row)
            .optional()?
            .ok_or_else(|| StoreError::NotFound(Msg::new("what.incident").with("id", id)))
    }

    /// Open incidents, newest first. Demos sort after real ones so a real
    /// crisis is never hidden behind a sample.
    /// Open incidents, real ones first. Drills are left out unless asked
    /// for, so a drill is never taken for the live incident.
    /// At most `limit`: read from an index in list order, so the cost is
    /// the list's, not the number of incidents ever declared.
    pub fn open_incidents(&self, include_drills: bool, limit: usize) -> Result<Vec<IncidentSummary>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, type, severity, title, is_demo, declared_at, is_drill FROM incident
             WHERE status = 'open' AND (is_drill = 0 OR ?1) ORDER BY is_drill, is_demo, declared_at DESC, id DESC LIMIT ?2",
        )?;
        let rows = st.query_map(params![include_drills, limit as i64], |r| {
            Ok(IncidentSummary {
                id: r.get(0)?,
                crisis_type: r.get(1)?,
                severity: r.get(2)?,
                title: r.get(3)?,
                demo: r.get(4)?,
                declared_at: ts(r, 5)?,
                drill: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// How many incidents are open (for "and N others"), counted up to
    /// `OPEN_COUNT_CAP`: every reload and wall refresh asks, and past it the
    /// screens say "99+", so the count costs the same however many are open.
    pub fn open_incident_count(&self, include_drills: bool) -> Result<usize> {
        let mut st = self
            .conn
            .prepare_cached("SELECT count(*) FROM (SELECT 1 FROM incident WHERE status = 'open' AND (is_drill = 0 OR ?1) LIMIT ?2)")?;
        let n: i64 = st.query_row(params![include_drills, OPEN_COUNT_CAP as i64], |r| r.get(0))?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// Whether the incident exists and is open.
    pub fn is_open(&self, id: i64) -> Result<bool> {
        Ok(self
            .conn
            .query_row("SELECT status = 'open' FROM incident WHERE id = ?1", [id], |r| r.get(0))
            .optional()?
            .unwrap_or(false))
    }

    /// The incident `export` picks when none is named: the newest open real
    /// one, else the newest open demo.
    pub fn default_incident(&self) -> Result<Option<i64>> {
        Ok(self.open_incidents(false, 1)?.first().map(|i| i.id))
    }

    fn set_incident_field(&mut self, id: i64, sql: &str, value: rusqlite::types::Value, event: Event, now: DateTime<Utc>) -> Result<()> {
        self.write(|tx| {
            let n = tx.execute(sql, params![id, value])?;
            if n == 0 {
                return Err(rusqlite::Error::QueryReturnedNoRows);
            }
            tx.record(id, &event, now, now)?;
            Ok(())
        })
        .map_err(|e| match e {
            StoreError::NotFound(_) => StoreError::NotFound(Msg::new("what.incident").with("id", id)),
            other => other,
        })
    }

    /// Move the phase on from `from`. The guard makes a console that has
    /// not seen another's change fail instead of recording a false "from".
    pub fn set_phase(&mut self, id: i64, from: Phase, to: Phase, now: DateTime<Utc>) -> Result<()> {
        let r = self.set_incident_field(
            id,
            &format!("UPDATE incident SET phase = ?2 WHERE id = ?1 AND phase = '{}'", from.id()),
            to.id().to_string().into(),
            Event::Phase {
                from: Some(from),
                to: Some(to),
            },
            now,
        );
        self.stale_or(id, r)
    }

    /// A guarded update that found no row: the incident is gone, or it
    /// changed under this console.
    fn stale_or(&self, id: i64, r: Result<()>) -> Result<()> {
        match r {
            Err(StoreError::NotFound(_)) if self.incident(id).is_ok() => Err(StoreError::invalid("invalid.stale_view")),
            other => other,
        }
    }

    pub fn set_severity(&mut self, id: i64, from: u8, to: u8, now: DateTime<Utc>) -> Result<()> {
        if !(1..=4).contains(&to) {
            return Err(StoreError::Invalid(Msg::new("invalid.severity").with("value", to)));
        }
        let r = self.set_incident_field(
            id,
            &format!("UPDATE incident SET severity = ?2 WHERE id = ?1 AND severity = {from}"),
            i64::from(to).into(),
            Event::Severity {
                from: i64::from(from),
                to: i64::from(to),
            },
            now,
        );
        self.stale_or(id, r)
    }

    pub fn close_incident(&mut self, id: i64, now: DateTime<Utc>) -> Result<()> {
        self.set_incident_field(
            id,
            "UPDATE incident SET status = 'closed', closed_at = ?2 WHERE id = ?1",
            to_db(now).into(),
            Event::Closed,
            now,
        )
    }

    pub fn set_briefing(&mut self, id: i64, key: &str, value: &str, now: DateTime<Utc>) -> Result<()> {
        let value = value.trim();
        self.write(|tx| {
            tx.execute(
                "INSERT INTO briefing (incident_id, key, value, updated_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (incident_id, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                params![id, key, value, to_db(now)],
            )?;
            let set = Event::Briefing {
                key: key.to_string(),
                value: value.to_string(),
            };
            tx.record(id, &set, now, now)?;
            Ok(())
        })
    }

    pub fn briefing(&self, id: i64) -> Result<Vec<(String, String)>> {
        let mut st = self.conn.prepare_cached("SELECT key, value FROM briefing WHERE incident_id = ?1")?;
        let rows = st.query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let mut out: Vec<(String, String)> = rows.collect::<rusqlite::Result<_>>()?;
        out.sort_by_key(|(k, _)| BRIEFING_KEYS.iter().position(|b| b == k).unwrap_or(usize::MAX));
        Ok(out)
    }

    // ---- legal clocks ---------------------------------------------------

    /// Mark a clock as met (or not): a deadline that was met must stop
    /// showing as overdue, and the record says when it was met.
    pub fn set_deadline_met(&mut self, incident: i64, deadline: &str, label: &str, met: bool, now: DateTime<Utc>) -> Result<()> {
        self.write(|tx| {
            if met {
                tx.execute(
                    "INSERT OR IGNORE INTO clock_met (incident_id, clock_id, met_at) VALUES (?1, ?2, ?3)",
                    params![incident, deadline, to_db(now)],
                )?;
            } else {
                tx.execute(
                    "DELETE FROM clock_met WHERE incident_id = ?1 AND clock_id = ?2",
                    params![incident, deadline],
                )?;
            }
            let event = Event::Deadline {
                met,
                deadline: deadline.to_string(),
                label: label.to_string(),
            };
            tx.record(incident, &event, now, now)?;
            Ok(())
        })
    }

    /// The deadlines marked met (the table keeps its first name, `clock_met`).
    pub fn deadlines_met(&self, incident: i64) -> Result<Vec<(String, DateTime<Utc>)>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT clock_id, met_at FROM clock_met WHERE incident_id = ?1")?;
        let rows = st.query_map([incident], |r| Ok((r.get(0)?, ts(r, 1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
