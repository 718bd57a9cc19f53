//! Listing a person whose name must never appear in a statement.

use crate::app::App;
use crate::app::popups::form::{Field, FormSpec};

pub struct PrivatePersonForm {
    pub name: Field,
    pub note: Field,
}

impl PrivatePersonForm {
    pub fn new(app: &App) -> PrivatePersonForm {
        PrivatePersonForm {
            name: Field::text(app.tr.t("form.private.name"), ""),
            note: Field::text(app.tr.t("form.private.note"), ""),
        }
    }
}

impl FormSpec for PrivatePersonForm {
    fn title(&self, app: &App) -> String {
        app.tr.t("form.private.title").to_string()
    }

    fn fields(&self) -> Vec<&Field> {
        vec![&self.name, &self.note]
    }

    fn fields_mut(&mut self) -> Vec<&mut Field> {
        vec![&mut self.name, &mut self.note]
    }

    fn submit(&mut self, app: &mut App) -> Result<Option<String>, String> {
        let Some(incident) = app.incident_id() else {
            return Err(app.tr.t("status.no_incident").to_string());
        };
        app.store
            .add_private_person(incident, &self.name.value(), &self.note.value(), app.now)
            .map_err(|e| app.words(&e))?;
        app.findings_stale = true;
        Ok(None)
    }
}
