//! Skipping a checklist item, which needs a note saying why.

use crate::app::App;
use crate::app::popups::form::{Field, FormSpec};
use crate::domain::model::ItemState;

pub struct SkipForm {
    pub item: i64,
    pub note: Field,
}

impl SkipForm {
    pub fn new(app: &App, item: i64) -> SkipForm {
        SkipForm {
            item,
            note: Field::text(app.tr.t("form.skip.note"), ""),
        }
    }
}

impl FormSpec for SkipForm {
    fn title(&self, app: &App) -> String {
        app.tr.t("form.skip.title").to_string()
    }

    fn fields(&self) -> Vec<&Field> {
        vec![&self.note]
    }

    fn fields_mut(&mut self) -> Vec<&mut Field> {
        vec![&mut self.note]
    }

    fn submit(&mut self, app: &mut App) -> Result<Option<String>, String> {
        let note = self.note.value();
        if note.trim().is_empty() {
            return Err(app.tr.t("form.skip.need_note").to_string());
        }
        app.store
            .set_item_state(self.item, ItemState::Skipped, &note, app.now)
            .map_err(|e| app.words(&e))?;
        Ok(None)
    }
}
