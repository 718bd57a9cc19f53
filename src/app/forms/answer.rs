//! The answer given to an inbound message.

use crate::app::App;
use crate::app::popups::form::{Field, FormSpec};

pub struct AnswerForm {
    pub message: i64,
    pub from: String,
    pub answer: Field,
}

impl AnswerForm {
    pub fn new(app: &App, message: i64, from: &str) -> AnswerForm {
        AnswerForm {
            message,
            from: from.to_string(),
            answer: Field::text(app.tr.t("form.answer.answer"), ""),
        }
    }
}

impl FormSpec for AnswerForm {
    fn title(&self, app: &App) -> String {
        app.tr
            .f("form.answer.title", &[("id", &self.message.to_string()), ("from", &self.from)])
    }

    fn fields(&self) -> Vec<&Field> {
        vec![&self.answer]
    }

    fn fields_mut(&mut self) -> Vec<&mut Field> {
        vec![&mut self.answer]
    }

    fn submit(&mut self, app: &mut App) -> Result<Option<String>, String> {
        app.store
            .answer_message(self.message, &self.answer.value(), app.now)
            .map_err(|e| app.words(&e))?;
        Ok(None)
    }
}
