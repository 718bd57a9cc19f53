//! Marking people on the register notified: how, and when.

use crate::app::App;
use crate::app::popups::form::{Field, FormSpec};
use crate::domain::reach::parse_when;
use crate::domain::types::Channel;

pub struct NotifyForm {
    pub people: Vec<i64>,
    pub channel: Field,
    pub when: Field,
}

impl NotifyForm {
    pub fn new(app: &App, people: Vec<i64>) -> NotifyForm {
        let channels = Channel::ALL.iter().map(|c| app.tr.t(&c.label_key()).to_string()).collect();
        let now = app.now.with_timezone(&app.tz).format("%Y-%m-%d %H:%M").to_string();
        NotifyForm {
            people,
            channel: Field::choice(app.tr.t("form.notify.channel"), channels, 1),
            when: Field::text(app.tr.t("form.notify.when"), &now),
        }
    }
}

impl FormSpec for NotifyForm {
    fn title(&self, app: &App) -> String {
        app.tr.f("form.notify.title", &[("n", &self.people.len().to_string())])
    }

    fn fields(&self) -> Vec<&Field> {
        vec![&self.channel, &self.when]
    }

    fn fields_mut(&mut self) -> Vec<&mut Field> {
        vec![&mut self.channel, &mut self.when]
    }

    fn submit(&mut self, app: &mut App) -> Result<Option<String>, String> {
        let Some(incident) = app.incident_id() else {
            return Err(app.tr.t("status.no_incident").to_string());
        };
        let Some(at) = parse_when(&self.when.value(), app.tz).filter(|t| *t <= app.now) else {
            return Err(app.tr.t("form.notify.bad_when").to_string());
        };
        let channel = Channel::ALL.get(self.channel.index()).copied().unwrap_or(Channel::Phone);
        let n = app
            .store
            .mark_notified(incident, &self.people, channel, at, app.now)
            .map_err(|e| app.words(&e))?;
        Ok(Some(app.tr.f("status.notified", &[("n", &n.to_string())])))
    }
}
