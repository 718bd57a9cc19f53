//! A hot-wash observation, a strength or an area for improvement.

use crate::app::App;
use crate::app::popups::form::{Field, FormSpec};
use crate::domain::types::NoteKind;

pub struct AfterActionNoteForm {
    pub kind: Field,
    pub text: Field,
}

impl AfterActionNoteForm {
    pub fn new(app: &App) -> AfterActionNoteForm {
        let kinds = NoteKind::ALL.iter().map(|k| app.tr.t(&k.label_key()).to_string()).collect();
        AfterActionNoteForm {
            kind: Field::choice(app.tr.t("form.after_action.kind"), kinds, 0),
            text: Field::text(app.tr.t("form.after_action.text"), ""),
        }
    }
}

impl FormSpec for AfterActionNoteForm {
    fn title(&self, app: &App) -> String {
        app.tr.t("form.after_action.title").to_string()
    }

    fn fields(&self) -> Vec<&Field> {
        vec![&self.kind, &self.text]
    }

    fn fields_mut(&mut self) -> Vec<&mut Field> {
        vec![&mut self.kind, &mut self.text]
    }

    fn submit(&mut self, app: &mut App) -> Result<Option<String>, String> {
        let Some(incident) = app.incident_id() else {
            return Err(app.tr.t("status.no_incident").to_string());
        };
        let kind = NoteKind::ALL.get(self.kind.index()).copied().unwrap_or(NoteKind::Hotwash);
        app.store
            .add_after_action_note(incident, kind, &self.text.value(), app.now)
            .map_err(|e| app.words(&e))?;
        Ok(None)
    }
}
