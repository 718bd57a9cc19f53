//! A follow-up: an action beyond the playbook, its owner and due date.

use chrono::{Duration, NaiveDate, NaiveTime};

use crate::app::App;
use crate::app::popups::form::{Field, FormSpec};

pub struct FollowUpForm {
    pub action: Field,
    pub owner: Field,
    pub due: Field,
}

impl FollowUpForm {
    pub fn new(app: &App) -> FollowUpForm {
        let due = (app.now + Duration::days(7)).with_timezone(&app.tz).format("%Y-%m-%d").to_string();
        FollowUpForm {
            action: Field::text(app.tr.t("form.follow_up.action"), ""),
            owner: Field::text(app.tr.t("form.follow_up.owner"), ""),
            due: Field::text(app.tr.t("form.follow_up.due"), &due),
        }
    }
}

impl FormSpec for FollowUpForm {
    fn title(&self, app: &App) -> String {
        app.tr.t("form.follow_up.title").to_string()
    }

    fn fields(&self) -> Vec<&Field> {
        vec![&self.action, &self.owner, &self.due]
    }

    fn fields_mut(&mut self) -> Vec<&mut Field> {
        vec![&mut self.action, &mut self.owner, &mut self.due]
    }

    fn submit(&mut self, app: &mut App) -> Result<Option<String>, String> {
        let Some(incident) = app.incident_id() else {
            return Err(app.tr.t("status.no_incident").to_string());
        };
        let due = self.due.value();
        // Due at the end of the day, in the clinic's zone.
        let due_at = match due.trim() {
            "" => None,
            d => Some(
                NaiveDate::parse_from_str(d, "%Y-%m-%d")
                    .ok()
                    .and_then(|day| {
                        day.and_time(NaiveTime::from_hms_opt(23, 59, 0)?)
                            .and_local_timezone(app.tz)
                            .earliest()
                    })
                    .map(|t| t.with_timezone(&chrono::Utc))
                    .ok_or_else(|| app.tr.t("form.follow_up.bad_due").to_string())?,
            ),
        };
        app.store
            .add_follow_up(incident, &self.action.value(), &self.owner.value(), due_at, app.now)
            .map_err(|e| app.words(&e))?;
        Ok(None)
    }
}
