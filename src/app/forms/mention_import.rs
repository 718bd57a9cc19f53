//! Which file of mentions to import onto the monitoring board, and whether
//! to link them to the active incident.

use crate::app::App;
use crate::app::popups::form::{Field, FormSpec};
use crate::effects::{Effect, ReadPurpose};

pub struct MentionImportForm {
    pub path: Field,
    pub link: Field,
}

impl MentionImportForm {
    pub fn new(app: &App) -> MentionImportForm {
        let mut options = vec![app.tr.t("form.mention_import.no_link").to_string()];
        if let Some(id) = app.incident_id() {
            options.push(app.tr.f("form.mention_import.link_to", &[("id", &id.to_string())]));
        }
        MentionImportForm {
            path: Field::text(app.tr.t("form.mention_import.path"), ""),
            link: Field::choice(app.tr.t("form.mention_import.link"), options, 0),
        }
    }
}

impl FormSpec for MentionImportForm {
    fn title(&self, app: &App) -> String {
        app.tr.t("form.mention_import.title").to_string()
    }

    fn fields(&self) -> Vec<&Field> {
        vec![&self.path, &self.link]
    }

    fn fields_mut(&mut self) -> Vec<&mut Field> {
        vec![&mut self.path, &mut self.link]
    }

    fn guidance(&self, app: &App) -> Option<String> {
        Some(app.tr.t("form.mention_import.hint").to_string())
    }

    fn submit(&mut self, app: &mut App) -> Result<Option<String>, String> {
        let path = self.path.value();
        let path = path.trim();
        if path.is_empty() {
            return Err(app.tr.t("form.register_import.need_path").to_string());
        }
        let incident = if self.link.index() == 1 { app.incident_id() } else { None };
        // Read outside the update step; the mentions come back to `mentions_read`.
        app.queue(Effect::ReadFile {
            path: path.into(),
            purpose: ReadPurpose::Mentions { incident },
        });
        Ok(None)
    }
}
