//! One item of the improvement plan: a corrective action, its owner, when
//! it is due and what it changes.

use chrono::Duration;

use crate::app::App;
use crate::app::popups::form::{Field, FormSpec};
use crate::domain::types::Category;

pub struct ImprovementForm {
    pub action: Field,
    pub owner: Field,
    pub due: Field,
    pub category: Field,
}

impl ImprovementForm {
    pub fn new(app: &App) -> ImprovementForm {
        let due = (app.now + Duration::days(30)).with_timezone(&app.tz).format("%Y-%m-%d").to_string();
        let categories = Category::ALL.iter().map(|c| app.tr.t(&c.label_key()).to_string()).collect();
        ImprovementForm {
            action: Field::text(app.tr.t("form.improvement.action"), ""),
            owner: Field::text(app.tr.t("form.improvement.owner"), ""),
            due: Field::text(app.tr.t("form.improvement.due"), &due),
            category: Field::choice(app.tr.t("form.improvement.category"), categories, 0),
        }
    }
}

impl FormSpec for ImprovementForm {
    fn title(&self, app: &App) -> String {
        app.tr.t("form.improvement.title").to_string()
    }

    fn fields(&self) -> Vec<&Field> {
        vec![&self.action, &self.owner, &self.due, &self.category]
    }

    fn fields_mut(&mut self) -> Vec<&mut Field> {
        vec![&mut self.action, &mut self.owner, &mut self.due, &mut self.category]
    }

    fn submit(&mut self, app: &mut App) -> Result<Option<String>, String> {
        let Some(incident) = app.incident_id() else {
            return Err(app.tr.t("status.no_incident").to_string());
        };
        let category = Category::ALL.get(self.category.index()).copied().unwrap_or(Category::Planning);
        app.store
            .add_improvement(
                incident,
                &self.action.value(),
                &self.owner.value(),
                &self.due.value(),
                category,
                app.now,
            )
            .map_err(|e| app.words(&e))?;
        Ok(Some(app.tr.t("status.improvement_saved").to_string()))
    }
}
