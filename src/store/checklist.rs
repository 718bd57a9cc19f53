//! The incident's checklist, copied from its playbook when it was declared.

use super::*;

impl Store {
    // ---- checklist ------------------------------------------------------

    pub fn checklist(&self, incident: i64) -> Result<Vec<ChecklistItem>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, item_key, phase, owner_role, text_zh, text_en, due_at, state, note, changed_at
             FROM checklist_item WHERE incident_id = ?1 ORDER BY seq",
        )?;
        let rows = st.query_map([incident], |r| {
            let phase: String = r.get(2)?;
            let state: String = r.get(7)?;
            Ok(ChecklistItem {
                id: r.get(0)?,
                key: r.get(1)?,
                phase: Phase::from_id(&phase).unwrap_or(Phase::Report),
                owner: r.get(3)?,
                text_zh: r.get(4)?,
                text_en: r.get(5)?,
                due_at: ts_opt(r, 6)?,
                state: ItemState::from_id(&state),
                note: r.get(8)?,
                changed_at: ts_opt(r, 9)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn set_item_state(&mut self, item: i64, state: ItemState, note: &str, now: DateTime<Utc>) -> Result<()> {
        let note = note.trim();
        if state == ItemState::Skipped && note.is_empty() {
            return Err(StoreError::invalid("invalid.skip_needs_note"));
        }
        self.write(|tx| {
            let (incident, key, zh, en): (i64, String, String, String) = tx.query_row(
                "SELECT incident_id, item_key, text_zh, text_en FROM checklist_item WHERE id = ?1",
                [item],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )?;
            tx.execute(
                "UPDATE checklist_item SET state = ?2, note = ?3, changed_at = ?4 WHERE id = ?1",
                params![item, state.id(), note, to_db(now)],
            )?;
            let event = Event::Item {
                state,
                key,
                text: crate::i18n::Text { zh, en },
                note: note.to_string(),
            };
            tx.record(incident, &event, now, now)?;
            Ok(())
        })
    }
}
