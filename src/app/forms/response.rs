//! What a person on the register said back.

use crate::app::App;
use crate::app::popups::form::{Field, FormSpec};

pub struct ResponseForm {
    pub person: i64,
    pub response: Field,
}

impl ResponseForm {
    pub fn new(app: &App, person: i64, current: &str) -> ResponseForm {
        ResponseForm {
            person,
            response: Field::text(app.tr.t("form.response.response"), current),
        }
    }
}

impl FormSpec for ResponseForm {
    fn title(&self, app: &App) -> String {
        app.tr.t("form.response.title").to_string()
    }

    fn fields(&self) -> Vec<&Field> {
        vec![&self.response]
    }

    fn fields_mut(&mut self) -> Vec<&mut Field> {
        vec![&mut self.response]
    }

    fn submit(&mut self, app: &mut App) -> Result<Option<String>, String> {
        app.store
            .set_affected_response(self.person, &self.response.value())
            .map_err(|e| app.words(&e))?;
        Ok(None)
    }
}
