//! Write down an inventory entry: who or what exactly, the number, the
//! owner. Saving it counts as checking it.

use crate::app::App;
use crate::app::forms::risk::{owner_field, owner_value};
use crate::app::popups::form::{Field, FormSpec};
use crate::report::readiness::ResourceLine;

pub struct ResourceForm {
    pub id: i64,
    pub name: String,
    pub detail: Field,
    pub phone: Field,
    pub owner: Field,
}

impl ResourceForm {
    pub fn new(app: &App, entry: &ResourceLine) -> ResourceForm {
        let tr = app.tr;
        ResourceForm {
            id: entry.row.id,
            name: entry.name.clone(),
            detail: Field::text(tr.t("form.resource.detail"), &entry.row.detail),
            phone: Field::text(tr.t("form.resource.phone"), &entry.row.phone),
            owner: owner_field(app, tr.t("form.resource.owner"), &entry.row.owner),
        }
    }
}

impl FormSpec for ResourceForm {
    fn title(&self, app: &App) -> String {
        app.tr.f("form.resource.title", &[("name", &self.name)])
    }

    fn fields(&self) -> Vec<&Field> {
        vec![&self.detail, &self.phone, &self.owner]
    }

    fn fields_mut(&mut self) -> Vec<&mut Field> {
        vec![&mut self.detail, &mut self.phone, &mut self.owner]
    }

    fn submit(&mut self, app: &mut App) -> Result<Option<String>, String> {
        app.store
            .set_resource(
                self.id,
                &self.detail.value(),
                &self.phone.value(),
                &owner_value(&self.owner),
                app.now,
            )
            .map_err(|e| app.words(&e))?;
        Ok(Some(app.tr.f("prepare.checked", &[("name", &self.name)])))
    }
}
