//! A case for the library from a closed incident, prefilled from its
//! after-action review: what happened, what went well, what went wrong and
//! the lessons (the improvement plan).

use crate::app::App;
use crate::app::popups::form::{Field, FormSpec};
use crate::domain::prepare::{CaseDraft, case_from_review};
use crate::domain::types::Progress;

pub struct CaseForm {
    pub incident: i64,
    pub crisis_type: String,
    pub title: Field,
    pub happened: Field,
    pub went_well: Field,
    pub went_wrong: Field,
    pub lessons: Field,
}

impl CaseForm {
    /// The active incident if it is closed (or an ended drill), else the
    /// most recently closed one; None when nothing is closed yet.
    pub fn from_closed_incident(app: &mut App) -> Option<CaseForm> {
        let read = (|| -> Result<Option<(i64, String, CaseDraft)>, crate::store::StoreError> {
            let Some(id) = app.store.closed_incident_for_case(app.incident_id())? else {
                return Ok(None);
            };
            let inc = app.store.incident(id)?;
            let nature = app.store.briefing(id)?.into_iter().find(|(k, _)| k == "nature").map(|(_, v)| v);
            let notes: Vec<_> = app.store.after_action_notes(id)?.into_iter().map(|n| (n.kind, n.text)).collect();
            let mut lessons: Vec<String> = app.store.improvements(id)?.into_iter().map(|i| i.action).collect();
            lessons.extend(
                app.store
                    .follow_ups(id)?
                    .into_iter()
                    .filter(|f| f.state == Progress::Open)
                    .map(|f| f.action),
            );
            let draft = case_from_review(&inc.title, nature.as_deref(), &notes, &lessons, app.lang);
            Ok(Some((id, inc.crisis_type.to_string(), draft)))
        })();
        let (incident, crisis_type, d) = match read {
            Ok(Some(x)) => x,
            Ok(None) => return None,
            Err(e) => {
                app.fail(e);
                return None;
            }
        };
        let tr = app.tr;
        Some(CaseForm {
            incident,
            crisis_type,
            title: Field::text(tr.t("form.case.title_field"), &d.title),
            happened: Field::text(tr.t("prepare.case.happened"), &d.happened),
            went_well: Field::text(tr.t("prepare.case.went_well"), &d.went_well),
            went_wrong: Field::text(tr.t("prepare.case.went_wrong"), &d.went_wrong),
            lessons: Field::text(tr.t("prepare.case.lessons"), &d.lessons),
        })
    }
}

impl FormSpec for CaseForm {
    fn title(&self, app: &App) -> String {
        app.tr.f("form.case.title", &[("id", &self.incident.to_string())])
    }

    fn fields(&self) -> Vec<&Field> {
        vec![&self.title, &self.happened, &self.went_well, &self.went_wrong, &self.lessons]
    }

    fn fields_mut(&mut self) -> Vec<&mut Field> {
        vec![
            &mut self.title,
            &mut self.happened,
            &mut self.went_well,
            &mut self.went_wrong,
            &mut self.lessons,
        ]
    }

    fn submit(&mut self, app: &mut App) -> Result<Option<String>, String> {
        let d = CaseDraft {
            title: self.title.value(),
            happened: self.happened.value(),
            went_well: self.went_well.value(),
            went_wrong: self.went_wrong.value(),
            lessons: self.lessons.value(),
        };
        app.store
            .add_case(Some(self.incident), &self.crisis_type, &d, app.now)
            .map_err(|e| app.words(&e))?;
        Ok(Some(app.tr.f("prepare.case_added", &[("title", d.title.trim())])))
    }
}
