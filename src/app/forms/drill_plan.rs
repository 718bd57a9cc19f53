//! Plan the next drill of a crisis type (an empty date clears the plan).

use chrono::Duration;

use crate::app::App;
use crate::app::popups::form::{Field, FormSpec};
use crate::domain::prepare::{ProgrammeRow, parse_date};

pub struct DrillPlanForm {
    pub crisis_type: String,
    pub date: Field,
}

impl DrillPlanForm {
    pub fn new(app: &App, row: &ProgrammeRow) -> DrillPlanForm {
        let date = row
            .planned
            .unwrap_or_else(|| (app.now + Duration::days(30)).with_timezone(&app.tz).date_naive())
            .format("%Y-%m-%d")
            .to_string();
        DrillPlanForm {
            crisis_type: row.crisis_type.clone(),
            date: Field::text(app.tr.t("form.drill_plan.date"), &date),
        }
    }
}

impl FormSpec for DrillPlanForm {
    fn title(&self, app: &App) -> String {
        let name = app
            .content
            .playbook(&self.crisis_type)
            .map(|p| p.name.get(app.lang).to_string())
            .unwrap_or_else(|| self.crisis_type.clone());
        app.tr.f("form.drill_plan.title", &[("type", &name)])
    }

    fn fields(&self) -> Vec<&Field> {
        vec![&self.date]
    }

    fn fields_mut(&mut self) -> Vec<&mut Field> {
        vec![&mut self.date]
    }

    fn submit(&mut self, app: &mut App) -> Result<Option<String>, String> {
        let typed = self.date.value();
        let on = match typed.trim() {
            "" => None,
            d => Some(parse_date(d).ok_or_else(|| app.tr.f("prepare.bad_date", &[("date", d)]))?),
        };
        app.store.plan_drill(&self.crisis_type, on, app.now).map_err(|e| app.words(&e))?;
        Ok(Some(match on {
            Some(d) => app.tr.f("prepare.planned", &[("date", &d.format("%Y-%m-%d").to_string())]),
            None => app.tr.t("prepare.plan_cleared").to_string(),
        }))
    }
}
