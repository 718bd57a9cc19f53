//! Reading and appending the timeline.

use super::*;

pub(super) fn timeline_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<TimelineEntry> {
    let kind: String = r.get(1)?;
    let data: Value = serde_json::from_str(&r.get::<_, String>(2)?).unwrap_or(Value::Null);
    Ok(TimelineEntry {
        id: r.get(0)?,
        event: Event::from_parts(&kind, &data),
        kind,
        data,
        event_at: ts(r, 3)?,
        recorded_at: ts(r, 4)?,
        operator: r.get(5)?,
    })
}

impl Store {
    // ---- timeline -------------------------------------------------------

    pub fn add_note(&mut self, incident: i64, text: &str, event_at: DateTime<Utc>, now: DateTime<Utc>) -> Result<i64> {
        let text = text.trim();
        if text.is_empty() {
            return Err(StoreError::invalid("invalid.note_empty"));
        }
        self.write(|tx| {
            let exists: Option<i64> = tx
                .query_row("SELECT id FROM incident WHERE id = ?1", [incident], |r| r.get(0))
                .optional()?;
            if exists.is_none() {
                return Err(rusqlite::Error::QueryReturnedNoRows);
            }
            tx.record(incident, &Event::Note { text: text.to_string() }, event_at, now)
        })
        .map_err(|e| match e {
            StoreError::NotFound(_) => StoreError::NotFound(Msg::new("what.incident").with("id", incident)),
            other => other,
        })
    }

    /// One screenful of the timeline, newest first, starting below
    /// `before` (an entry id) — keyset paging, so the cost is the page's
    /// size however long the timeline grows.
    pub fn timeline_page(&self, incident: i64, before: Option<i64>, limit: usize) -> Result<Vec<TimelineEntry>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, kind, data, event_at, recorded_at, operator FROM timeline_entry
             WHERE incident_id = ?1 AND id < ?2 ORDER BY id DESC LIMIT ?3",
        )?;
        let rows = st.query_map(params![incident, before.unwrap_or(i64::MAX), limit as i64], timeline_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The id of the entry `n` places newer than `id` (for scrolling up).
    pub fn timeline_newer(&self, incident: i64, id: i64, n: usize) -> Result<Option<i64>> {
        let mut st = self.conn.prepare_cached(
            "SELECT max(id) FROM (SELECT id FROM timeline_entry WHERE incident_id = ?1 AND id > ?2 ORDER BY id LIMIT ?3)",
        )?;
        Ok(st.query_row(params![incident, id, n as i64], |r| r.get(0))?)
    }

    /// Stream the whole timeline, oldest first, for export.
    pub fn for_each_timeline(&self, incident: i64, mut f: impl FnMut(TimelineEntry) -> std::io::Result<()>) -> Result<()> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, kind, data, event_at, recorded_at, operator FROM timeline_entry WHERE incident_id = ?1 ORDER BY id",
        )?;
        let mut rows = st.query([incident])?;
        while let Some(r) = rows.next()? {
            f(timeline_row(r)?).map_err(|e| StoreError::Io(Msg::new("error.output").with("detail", e)))?;
        }
        Ok(())
    }

    /// For benchmarks and tests: bulk-append notes in one transaction.
    pub fn bulk_notes(&mut self, incident: i64, n: usize, now: DateTime<Utc>) -> Result<()> {
        self.write(|tx| {
            for i in 0..n {
                tx.record(incident, &Event::Note { text: format!("note {i}") }, now, now)?;
            }
            Ok(())
        })
    }
}
