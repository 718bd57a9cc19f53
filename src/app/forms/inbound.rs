//! An inbound message for the log (HICS 213): who, how, what they asked,
//! how urgent, who answers and by when.

use chrono::Duration;

use crate::app::App;
use crate::app::popups::form::{Field, FormSpec};
use crate::domain::types::{Channel, Priority};
use crate::store::NewMessage;

pub struct InboundForm {
    pub from_org: Field,
    pub from_person: Field,
    pub channel: Field,
    pub asked: Field,
    pub priority: Field,
    pub owner: Field,
    pub within: Field,
}

impl InboundForm {
    pub fn new(app: &App) -> InboundForm {
        let labels = |all: &[Channel]| all.iter().map(|c| app.tr.t(&c.label_key()).to_string()).collect();
        let priorities = Priority::ALL.iter().map(|p| app.tr.t(&p.label_key()).to_string()).collect();
        // The commander answers unless someone else is named.
        let owner = app.holder("commander").map(|a| a.person_name.clone()).unwrap_or_default();
        InboundForm {
            from_org: Field::text(app.tr.t("form.inbound.from_org"), ""),
            from_person: Field::text(app.tr.t("form.inbound.from_person"), ""),
            channel: Field::choice(app.tr.t("form.inbound.channel"), labels(Channel::ALL), 0),
            asked: Field::text(app.tr.t("form.inbound.asked"), ""),
            priority: Field::choice(app.tr.t("form.inbound.priority"), priorities, 2),
            owner: Field::text(app.tr.t("form.inbound.owner"), &owner),
            within: Field::text(app.tr.t("form.inbound.within"), "60"),
        }
    }
}

impl FormSpec for InboundForm {
    fn title(&self, app: &App) -> String {
        app.tr.t("form.inbound.title").to_string()
    }

    fn fields(&self) -> Vec<&Field> {
        vec![
            &self.from_org,
            &self.from_person,
            &self.channel,
            &self.asked,
            &self.priority,
            &self.owner,
            &self.within,
        ]
    }

    fn fields_mut(&mut self) -> Vec<&mut Field> {
        vec![
            &mut self.from_org,
            &mut self.from_person,
            &mut self.channel,
            &mut self.asked,
            &mut self.priority,
            &mut self.owner,
            &mut self.within,
        ]
    }

    fn submit(&mut self, app: &mut App) -> Result<Option<String>, String> {
        let Some(incident) = app.incident_id() else {
            return Err(app.tr.t("status.no_incident").to_string());
        };
        let within = self.within.value();
        let due_at = match within.trim() {
            "" => None,
            w => match w.parse::<i64>() {
                Ok(m) if m > 0 => Some(app.now + Duration::minutes(m)),
                _ => return Err(app.tr.t("form.inbound.bad_within").to_string()),
            },
        };
        let m = NewMessage {
            from_org: self.from_org.value(),
            from_person: self.from_person.value(),
            channel: Channel::ALL.get(self.channel.index()).copied(),
            asked: self.asked.value(),
            priority: Priority::ALL.get(self.priority.index()).copied(),
            owner: self.owner.value(),
            due_at,
        };
        let id = app.store.log_message(incident, &m, app.now).map_err(|e| app.words(&e))?;
        Ok(Some(app.tr.f("status.message_logged", &[("id", &id.to_string())])))
    }
}
