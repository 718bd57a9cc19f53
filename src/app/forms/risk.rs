//! Re-score a risk of the register (likelihood, impact, owner, controls,
//! next review), or add one of the clinic's own.

use chrono::Duration;

use crate::app::App;
use crate::app::popups::form::{Field, FormSpec};
use crate::domain::prepare::parse_date;
use crate::report::readiness::RiskLine;
use crate::store::RiskEdit;

pub struct RiskForm {
    /// The risk being re-scored; None adds a new one.
    pub target: Option<i64>,
    /// Only when adding.
    pub crisis_type: Option<Field>,
    pub title: Option<Field>,
    pub likelihood: Field,
    pub impact: Field,
    pub owner: Field,
    pub controls: Field,
    pub review: Field,
}

fn scores() -> Vec<String> {
    (1..=5).map(|n| n.to_string()).collect()
}

/// The roster as owner options, "no owner" first; a name typed before
/// that is no longer on the roster stays choosable.
pub fn owner_field(app: &App, label: &str, current: &str) -> Field {
    let mut options = vec![app.tr.t("prepare.no_owner").to_string()];
    options.extend(app.persons.iter().map(|p| p.name.clone()));
    if !current.is_empty() && !options.iter().any(|o| o == current) {
        options.push(current.to_string());
    }
    let idx = if current.is_empty() {
        0
    } else {
        options.iter().position(|o| o == current).unwrap_or(0)
    };
    Field::choice(label, options, idx)
}

/// The chosen owner, "" for none.
pub fn owner_value(f: &Field) -> String {
    if f.index() == 0 { String::new() } else { f.value() }
}

impl RiskForm {
    pub fn edit(app: &App, risk: &RiskLine) -> RiskForm {
        let tr = app.tr;
        RiskForm {
            target: Some(risk.row.id),
            crisis_type: None,
            title: None,
            likelihood: Field::choice(
                tr.t("form.risk.likelihood"),
                scores(),
                usize::from(risk.row.likelihood.clamp(1, 5) - 1),
            ),
            impact: Field::choice(tr.t("form.risk.impact"), scores(), usize::from(risk.row.impact.clamp(1, 5) - 1)),
            owner: owner_field(app, tr.t("form.risk.owner"), &risk.row.owner),
            controls: Field::text(tr.t("form.risk.controls"), &risk.controls),
            // Re-scoring an overdue risk is its review: the next one is a
            // quarter away unless the user says otherwise.
            review: Field::text(
                tr.t("form.risk.review"),
                &if risk.overdue {
                    (app.now + Duration::days(90)).with_timezone(&app.tz).date_naive()
                } else {
                    risk.row.review_on
                }
                .format("%Y-%m-%d")
                .to_string(),
            ),
        }
    }

    pub fn add(app: &App) -> RiskForm {
        let tr = app.tr;
        let types = app.content.playbooks().map(|p| p.name.get(app.lang).to_string()).collect();
        let review = (app.now + Duration::days(90)).with_timezone(&app.tz).format("%Y-%m-%d").to_string();
        RiskForm {
            target: None,
            crisis_type: Some(Field::choice(tr.t("form.risk.type"), types, 0)),
            title: Some(Field::text(tr.t("form.risk.title_field"), "")),
            likelihood: Field::choice(tr.t("form.risk.likelihood"), scores(), 2),
            impact: Field::choice(tr.t("form.risk.impact"), scores(), 2),
            owner: owner_field(app, tr.t("form.risk.owner"), ""),
            controls: Field::text(tr.t("form.risk.controls"), ""),
            review: Field::text(tr.t("form.risk.review"), &review),
        }
    }
}

impl FormSpec for RiskForm {
    fn title(&self, app: &App) -> String {
        app.tr
            .t(if self.target.is_some() {
                "form.risk.title"
            } else {
                "form.risk.title_new"
            })
            .to_string()
    }

    fn fields(&self) -> Vec<&Field> {
        let mut v: Vec<&Field> = self.crisis_type.iter().chain(self.title.iter()).collect();
        v.extend([&self.likelihood, &self.impact, &self.owner, &self.controls, &self.review]);
        v
    }

    fn fields_mut(&mut self) -> Vec<&mut Field> {
        let mut v: Vec<&mut Field> = self.crisis_type.iter_mut().chain(self.title.iter_mut()).collect();
        v.extend([
            &mut self.likelihood,
            &mut self.impact,
            &mut self.owner,
            &mut self.controls,
            &mut self.review,
        ]);
        v
    }

    fn guidance(&self, app: &App) -> Option<String> {
        Some(app.tr.t("form.risk.guidance").to_string())
    }

    fn submit(&mut self, app: &mut App) -> Result<Option<String>, String> {
        let review = self.review.value();
        let Some(review_on) = parse_date(&review) else {
            return Err(app.tr.f("prepare.bad_date", &[("date", review.trim())]));
        };
        let edit = RiskEdit {
            likelihood: u8::try_from(self.likelihood.index() + 1).unwrap_or(1),
            impact: u8::try_from(self.impact.index() + 1).unwrap_or(1),
            owner: owner_value(&self.owner),
            controls: self.controls.value(),
            review_on,
        };
        match self.target {
            Some(id) => app.store.set_risk(id, &edit, app.now).map_err(|e| app.words(&e))?,
            None => {
                let idx = self.crisis_type.as_ref().map_or(0, Field::index);
                let t = app.content.playbooks().nth(idx).map(|p| p.id.clone()).unwrap_or_default();
                let title = self.title.as_ref().map(Field::value).unwrap_or_default();
                app.store.add_risk(&t, &title, &edit, app.now).map_err(|e| app.words(&e))?;
            }
        }
        let score = u32::from(edit.likelihood) * u32::from(edit.impact);
        Ok(Some(app.tr.f("prepare.rescored", &[("score", &score.to_string())])))
    }
}
