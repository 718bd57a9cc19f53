//! The HICS 201 briefing facts of the incident.

use crate::app::App;
use crate::app::popups::form::{Field, FormSpec};

pub struct BriefingForm {
    pub nature: Field,
    pub safety: Field,
    pub risks: Field,
    pub duration: Field,
    pub operations: Field,
    pub outside: Field,
}

impl BriefingForm {
    pub fn new(app: &App) -> BriefingForm {
        let field = |key: &str| {
            let value = app
                .view
                .as_ref()
                .and_then(|v| v.briefing.iter().find(|(k, _)| k == key))
                .map(|(_, v)| v.as_str())
                .unwrap_or("");
            Field::text(app.tr.t(&format!("briefing.{key}")), value)
        };
        BriefingForm {
            nature: field("nature"),
            safety: field("safety"),
            risks: field("risks"),
            duration: field("duration"),
            operations: field("operations"),
            outside: field("outside"),
        }
    }

    /// Each fact with the key it is stored under.
    fn keyed(&self) -> [(&'static str, &Field); 6] {
        [
            ("nature", &self.nature),
            ("safety", &self.safety),
            ("risks", &self.risks),
            ("duration", &self.duration),
            ("operations", &self.operations),
            ("outside", &self.outside),
        ]
    }
}

impl FormSpec for BriefingForm {
    fn title(&self, app: &App) -> String {
        app.tr.t("form.briefing.title").to_string()
    }

    fn fields(&self) -> Vec<&Field> {
        self.keyed().into_iter().map(|(_, f)| f).collect()
    }

    fn fields_mut(&mut self) -> Vec<&mut Field> {
        vec![
            &mut self.nature,
            &mut self.safety,
            &mut self.risks,
            &mut self.duration,
            &mut self.operations,
            &mut self.outside,
        ]
    }

    fn submit(&mut self, app: &mut App) -> Result<Option<String>, String> {
        let Some(incident) = app.incident_id() else {
            return Err(app.tr.t("status.no_incident").to_string());
        };
        let current = app.view.as_ref().map(|v| v.briefing.clone()).unwrap_or_default();
        for (key, field) in self.keyed() {
            let value = field.value();
            let old = current.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str()).unwrap_or("");
            if old != value.trim() {
                app.store.set_briefing(incident, key, &value, app.now).map_err(|e| app.words(&e))?;
            }
        }
        Ok(None)
    }
}
