//! The message the call tree sends, drafted once for every channel.

use crate::app::App;
use crate::app::popups::form::{Field, FormSpec};

pub struct CallMessageForm {
    pub subject: Field,
    pub body: Field,
}

impl CallMessageForm {
    pub fn new(app: &App, subject: &str, body: &str) -> CallMessageForm {
        CallMessageForm {
            subject: Field::text(app.tr.t("form.call_message.subject"), subject),
            body: Field::text(app.tr.t("form.call_message.body"), body),
        }
    }
}

impl FormSpec for CallMessageForm {
    fn title(&self, app: &App) -> String {
        app.tr.t("form.call_message.title").to_string()
    }

    fn fields(&self) -> Vec<&Field> {
        vec![&self.subject, &self.body]
    }

    fn fields_mut(&mut self) -> Vec<&mut Field> {
        vec![&mut self.subject, &mut self.body]
    }

    fn guidance(&self, app: &App) -> Option<String> {
        Some(app.tr.t("form.call_message.hint").to_string())
    }

    fn submit(&mut self, app: &mut App) -> Result<Option<String>, String> {
        let Some(incident) = app.incident_id() else {
            return Err(app.tr.t("status.no_incident").to_string());
        };
        if self.body.value().trim().is_empty() {
            return Err(app.tr.t("form.call_message.need_body").to_string());
        }
        app.store
            .set_call_message(incident, &self.subject.value(), &self.body.value())
            .map_err(|e| app.words(&e))?;
        Ok(None)
    }
}
