//! Rating one drill objective P/S/M/U, with the observations behind it.

use crate::app::App;
use crate::app::popups::form::{Field, FormSpec};
use crate::domain::types::Rating;

pub struct RatingForm {
    pub objective: String,
    pub rating: Field,
    pub notes: Field,
}

impl RatingForm {
    pub fn new(app: &App, objective: &str, current: Option<(Rating, &str)>) -> RatingForm {
        let (rating, notes) = current.unwrap_or((Rating::P, ""));
        let idx = Rating::ALL.iter().position(|r| *r == rating).unwrap_or(0);
        let options = Rating::ALL.iter().map(|r| app.tr.t(&r.label_key()).to_string()).collect();
        RatingForm {
            objective: objective.to_string(),
            rating: Field::choice(app.tr.t("form.rating.rating"), options, idx),
            notes: Field::text(app.tr.t("form.rating.notes"), notes),
        }
    }
}

impl FormSpec for RatingForm {
    fn title(&self, app: &App) -> String {
        app.tr.f("form.rating.title", &[("objective", &self.objective)])
    }

    fn fields(&self) -> Vec<&Field> {
        vec![&self.rating, &self.notes]
    }

    fn fields_mut(&mut self) -> Vec<&mut Field> {
        vec![&mut self.rating, &mut self.notes]
    }

    fn submit(&mut self, app: &mut App) -> Result<Option<String>, String> {
        let Some(incident) = app.incident_id() else {
            return Err(app.tr.t("status.no_incident").to_string());
        };
        let rating = Rating::ALL.get(self.rating.index()).copied().unwrap_or(Rating::P);
        app.store
            .rate_objective(incident, &self.objective, rating, &self.notes.value(), app.now)
            .map_err(|e| app.words(&e))?;
        Ok(None)
    }
}
