//! A tier of the call tree: how long to wait and how many must answer.

use crate::app::App;
use crate::app::popups::form::{Field, FormSpec};

pub struct CallTierForm {
    pub tier: i64,
    pub wait: Field,
    pub needs: Field,
}

impl CallTierForm {
    pub fn new(app: &App, tier: i64, wait: i64, needs: i64) -> CallTierForm {
        CallTierForm {
            tier,
            wait: Field::text(app.tr.t("form.call_tier.wait"), &wait.to_string()),
            needs: Field::text(app.tr.t("form.call_tier.needs"), &needs.to_string()),
        }
    }
}

impl FormSpec for CallTierForm {
    fn title(&self, app: &App) -> String {
        app.tr.f("form.call_tier.title", &[("tier", &self.tier.to_string())])
    }

    fn fields(&self) -> Vec<&Field> {
        vec![&self.wait, &self.needs]
    }

    fn fields_mut(&mut self) -> Vec<&mut Field> {
        vec![&mut self.wait, &mut self.needs]
    }

    fn submit(&mut self, app: &mut App) -> Result<Option<String>, String> {
        let Some(incident) = app.incident_id() else {
            return Err(app.tr.t("status.no_incident").to_string());
        };
        let number = |f: &Field| f.value().trim().parse::<i64>().ok();
        let (Some(wait), Some(needs)) = (number(&self.wait), number(&self.needs)) else {
            return Err(app.tr.t("invalid.call_tier").to_string());
        };
        app.store
            .set_call_tier(incident, self.tier, wait, needs, app.now)
            .map_err(|e| app.words(&e))?;
        Ok(None)
    }
}
