//! A note on the timeline, with an optional earlier event time.

use crate::app::App;
use crate::app::popups::form::{Field, FormSpec};
use crate::domain::clock::parse_event_time;

pub struct NoteForm {
    pub text: Field,
    pub time: Field,
}

impl NoteForm {
    pub fn new(app: &App) -> NoteForm {
        NoteForm {
            text: Field::text(app.tr.t("form.note.text"), ""),
            time: Field::text(app.tr.t("form.note.time"), ""),
        }
    }
}

impl FormSpec for NoteForm {
    fn title(&self, app: &App) -> String {
        app.tr.t("form.note.title").to_string()
    }

    fn fields(&self) -> Vec<&Field> {
        vec![&self.text, &self.time]
    }

    fn fields_mut(&mut self) -> Vec<&mut Field> {
        vec![&mut self.text, &mut self.time]
    }

    fn submit(&mut self, app: &mut App) -> Result<Option<String>, String> {
        let Some(incident) = app.incident_id() else {
            return Err(app.tr.t("status.no_incident").to_string());
        };
        let (text, at) = (self.text.value(), self.time.value());
        if text.trim().is_empty() {
            return Err(app.tr.t("form.note.need_text").to_string());
        }
        let event_at = if at.trim().is_empty() {
            app.now
        } else {
            parse_event_time(at.trim(), app.now, app.tz).ok_or_else(|| app.tr.t("form.note.bad_time").to_string())?
        };
        app.store
            .add_note(incident, text.trim(), event_at, app.now)
            .map_err(|e| app.words(&e))?;
        app.timeline_top = None;
        Ok(None)
    }
}
