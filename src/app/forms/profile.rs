//! The clinic profile: what templates are filled with and what the checks
//! treat as the clinic's own.

use crate::app::App;
use crate::app::popups::form::{Field, FormSpec};
use crate::domain::desk::PROFILE_KEYS;

/// One field per profile key, in `PROFILE_KEYS` order: the keys are the
/// names here, kept beside their fields.
pub struct ProfileForm {
    pub fields: Vec<(&'static str, Field)>,
}

impl ProfileForm {
    pub fn new(app: &App) -> ProfileForm {
        ProfileForm {
            fields: PROFILE_KEYS
                .iter()
                .map(|k| (*k, Field::text(app.tr.t(&format!("profile.{k}")), app.profile.get(k))))
                .collect(),
        }
    }
}

impl FormSpec for ProfileForm {
    fn title(&self, app: &App) -> String {
        app.tr.t("form.profile.title").to_string()
    }

    fn fields(&self) -> Vec<&Field> {
        self.fields.iter().map(|(_, f)| f).collect()
    }

    fn fields_mut(&mut self) -> Vec<&mut Field> {
        self.fields.iter_mut().map(|(_, f)| f).collect()
    }

    /// The first bad value keeps the form open.
    fn submit(&mut self, app: &mut App) -> Result<Option<String>, String> {
        for (key, field) in &self.fields {
            let value = field.value();
            if app.profile.get(key) != value.trim() {
                app.store.set_profile(key, &value, app.now).map_err(|e| app.words(&e))?;
            }
        }
        app.profile = app.store.profile().map_err(|e| app.words(&e))?;
        app.findings_stale = true;
        Ok(Some(app.tr.t("status.profile_saved").to_string()))
    }
}
