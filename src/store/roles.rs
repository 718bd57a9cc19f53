//! The roster of people and the assignments of roles to them.

use super::*;

pub(super) const ASSIGNMENT_COLS: &str =
    "a.id, a.role, a.person_id, a.person_name, COALESCE(p.phone, ''), COALESCE(p.email, ''), a.started_at, a.ended_at, a.handed_to";

pub(super) fn assignment_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Assignment> {
    Ok(Assignment {
        id: r.get(0)?,
        role: r.get(1)?,
        person_id: r.get(2)?,
        person_name: r.get(3)?,
        phone: r.get(4)?,
        email: r.get(5)?,
        started_at: ts(r, 6)?,
        ended_at: ts_opt(r, 7)?,
        handed_to: r.get(8)?,
    })
}

/// The name of whoever holds `role` on the incident now.
pub(super) fn holder_name(tx: &Transaction<'_>, incident: i64, role: &str) -> rusqlite::Result<Option<String>> {
    tx.query_row(
        "SELECT person_name FROM assignment WHERE incident_id = ?1 AND role = ?2 AND ended_at IS NULL",
        params![incident, role],
        |r| r.get(0),
    )
    .optional()
}

impl Store {
    // ---- people ---------------------------------------------------------

    pub fn add_person(&mut self, name: &str, phone: &str, email: &str, now: DateTime<Utc>) -> Result<i64> {
        let name = name.trim();
        if name.is_empty() {
            return Err(StoreError::invalid("invalid.person_needs_name"));
        }
        self.write(|tx| {
            tx.execute(
                "INSERT INTO person (name, phone, email, created_at) VALUES (?1, ?2, ?3, ?4)",
                params![name, phone.trim(), email.trim(), to_db(now)],
            )?;
            Ok(tx.last_insert_rowid())
        })
    }

    pub fn update_person(&mut self, id: i64, name: &str, phone: &str, email: &str) -> Result<()> {
        let name = name.trim();
        if name.is_empty() {
            return Err(StoreError::invalid("invalid.person_needs_name"));
        }
        let n = self.write(|tx| {
            tx.execute(
                "UPDATE person SET name = ?2, phone = ?3, email = ?4 WHERE id = ?1",
                params![id, name, phone.trim(), email.trim()],
            )
        })?;
        if n == 0 {
            return Err(StoreError::NotFound(Msg::new("what.person").with("id", id)));
        }
        Ok(())
    }

    pub fn persons(&self) -> Result<Vec<Person>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT id, name, phone, email FROM person ORDER BY name, id")?;
        let rows = st.query_map([], |r| {
            Ok(Person {
                id: r.get(0)?,
                name: r.get(1)?,
                phone: r.get(2)?,
                email: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    // ---- roles ----------------------------------------------------------

    /// Give `role` to `person`. If someone holds it, this is a handoff: the
    /// outgoing assignment ends and names its successor, and the timeline
    /// records both people.
    pub fn assign_role(&mut self, incident: i64, role: &str, person: i64, now: DateTime<Utc>) -> Result<()> {
        self.write(|tx| {
            let name: String = tx.query_row("SELECT name FROM person WHERE id = ?1", [person], |r| r.get(0))?;
            let current: Option<(i64, i64, String)> = tx
                .query_row(
                    "SELECT id, person_id, person_name FROM assignment WHERE incident_id = ?1 AND role = ?2 AND ended_at IS NULL",
                    params![incident, role],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?;
            if let Some((aid, pid, old_name)) = &current {
                if *pid == person {
                    return Ok(());
                }
                tx.execute(
                    "UPDATE assignment SET ended_at = ?2, handed_to = ?3 WHERE id = ?1",
                    params![aid, to_db(now), name],
                )?;
                let handoff = Event::Handoff {
                    role: RoleId::new(role),
                    from: old_name.clone(),
                    to: name.clone(),
                };
                tx.record(incident, &handoff, now, now)?;
            } else {
                let assigned = Event::Assigned {
                    role: RoleId::new(role),
                    person: name.clone(),
                };
                tx.record(incident, &assigned, now, now)?;
            }
            tx.execute(
                "INSERT INTO assignment (incident_id, role, person_id, person_name, started_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![incident, role, person, name, to_db(now)],
            )?;
            Ok(())
        })
        .map_err(|e| match e {
            StoreError::NotFound(_) => StoreError::NotFound(Msg::new("what.person").with("id", person)),
            other => other,
        })
    }

    /// Leave a role empty on purpose: the holder's assignment ends.
    pub fn stand_down(&mut self, incident: i64, role: &str, now: DateTime<Utc>) -> Result<bool> {
        self.write(|tx| {
            let current: Option<(i64, String)> = tx
                .query_row(
                    "SELECT id, person_name FROM assignment WHERE incident_id = ?1 AND role = ?2 AND ended_at IS NULL",
                    params![incident, role],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let Some((aid, name)) = current else { return Ok(false) };
            tx.execute("UPDATE assignment SET ended_at = ?2 WHERE id = ?1", params![aid, to_db(now)])?;
            let stood_down = Event::StoodDown {
                role: RoleId::new(role),
                person: name,
            };
            tx.record(incident, &stood_down, now, now)?;
            Ok(true)
        })
    }

    pub fn current_assignments(&self, incident: i64) -> Result<Vec<Assignment>> {
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT {ASSIGNMENT_COLS} FROM assignment a LEFT JOIN person p ON p.id = a.person_id
             WHERE a.incident_id = ?1 AND a.ended_at IS NULL ORDER BY a.id"
        ))?;
        let rows = st.query_map([incident], assignment_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every assignment of the incident, oldest first (`role` narrows it).
    pub fn role_history(&self, incident: i64, role: Option<&str>) -> Result<Vec<Assignment>> {
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT {ASSIGNMENT_COLS} FROM assignment a LEFT JOIN person p ON p.id = a.person_id
             WHERE a.incident_id = ?1 AND (?2 IS NULL OR a.role = ?2) ORDER BY a.id"
        ))?;
        let rows = st.query_map(params![incident, role], assignment_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
