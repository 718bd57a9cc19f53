//! Which CSV file to import into the affected-persons register.

use crate::app::App;
use crate::app::popups::form::{Field, FormSpec};
use crate::effects::{Effect, ReadPurpose};

pub struct RegisterImportForm {
    pub path: Field,
}

impl RegisterImportForm {
    pub fn new(app: &App) -> RegisterImportForm {
        RegisterImportForm {
            path: Field::text(app.tr.t("form.register_import.path"), ""),
        }
    }
}

impl FormSpec for RegisterImportForm {
    fn title(&self, app: &App) -> String {
        app.tr.t("form.register_import.title").to_string()
    }

    fn fields(&self) -> Vec<&Field> {
        vec![&self.path]
    }

    fn fields_mut(&mut self) -> Vec<&mut Field> {
        vec![&mut self.path]
    }

    fn guidance(&self, app: &App) -> Option<String> {
        Some(app.tr.t("form.register_import.hint").to_string())
    }

    fn submit(&mut self, app: &mut App) -> Result<Option<String>, String> {
        let Some(incident) = app.incident_id() else {
            return Err(app.tr.t("status.no_incident").to_string());
        };
        let path = self.path.value();
        let path = path.trim();
        if path.is_empty() {
            return Err(app.tr.t("form.register_import.need_path").to_string());
        }
        // Read outside the update step; the rows come back to `register_read`.
        app.queue(Effect::ReadFile {
            path: path.into(),
            purpose: ReadPurpose::Affected { incident },
        });
        Ok(None)
    }
}
