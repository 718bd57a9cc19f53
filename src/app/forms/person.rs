//! Adding or editing a person on the roster. Added from the role picker,
//! the person takes the role; from the operator picker, the keyboard.

use crate::app::App;
use crate::app::popups::form::{Field, FormSpec};
use crate::app::popups::roster::{Roster, RosterPurpose};
use crate::domain::model::Person;

pub struct PersonForm {
    pub id: Option<i64>,
    pub then: RosterPurpose,
    pub name: Field,
    pub phone: Field,
    pub email: Field,
}

impl PersonForm {
    pub fn new(app: &App, person: Option<&Person>, then: RosterPurpose) -> PersonForm {
        let (name, phone, email) = person.map_or(("", "", ""), |p| (p.name.as_str(), p.phone.as_str(), p.email.as_str()));
        PersonForm {
            id: person.map(|p| p.id),
            then,
            name: Field::text(app.tr.t("form.person.name"), name),
            phone: Field::text(app.tr.t("form.person.phone"), phone),
            email: Field::text(app.tr.t("form.person.email"), email),
        }
    }
}

impl FormSpec for PersonForm {
    fn title(&self, app: &App) -> String {
        app.tr
            .t(if self.id.is_some() { "form.person.edit" } else { "form.person.add" })
            .to_string()
    }

    fn fields(&self) -> Vec<&Field> {
        vec![&self.name, &self.phone, &self.email]
    }

    fn fields_mut(&mut self) -> Vec<&mut Field> {
        vec![&mut self.name, &mut self.phone, &mut self.email]
    }

    fn submit(&mut self, app: &mut App) -> Result<Option<String>, String> {
        let (name, phone, email) = (self.name.value(), self.phone.value(), self.email.value());
        if name.trim().is_empty() {
            return Err(app.tr.t("form.person.need_name").to_string());
        }
        let saved = match self.id {
            Some(pid) => app.store.update_person(pid, &name, &phone, &email).map(|()| pid),
            None => app.store.add_person(&name, &phone, &email, app.now),
        };
        let pid = saved.map_err(|e| app.words(&e))?;
        app.reload();
        match (&self.then, self.id) {
            (RosterPurpose::Assign { role }, None) => {
                app.close::<Roster>();
                app.assign(&role.clone(), pid);
            }
            (RosterPurpose::Operator, None) => {
                app.close::<Roster>();
                app.set_operator(Some(name.trim().to_string()));
            }
            _ => {
                let sel = app.persons.iter().position(|p| p.id == pid).unwrap_or(0);
                if let Some(r) = app.top_mut::<Roster>() {
                    r.sel = sel;
                }
            }
        }
        Ok(None)
    }
}
