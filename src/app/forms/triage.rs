//! Triage of a mention: its state, the owner from the roster, a priority
//! and a note.

use crate::app::App;
use crate::app::popups::form::{Field, FormSpec};
use crate::domain::types::{MentionState, Priority};
use crate::store::Mention;

pub struct TriageForm {
    pub mention: i64,
    pub state: Field,
    pub owner: Field,
    pub priority: Field,
    pub note: Field,
    states: Vec<MentionState>,
    owners: Vec<String>,
}

/// Priorities in the order the form offers them.
const PRIORITIES: [Priority; 3] = [Priority::Normal, Priority::High, Priority::Urgent];

impl TriageForm {
    pub fn new(app: &App, m: &Mention) -> TriageForm {
        // A new mention is being triaged: offer "triaged" first.
        let states: Vec<MentionState> = MentionState::ALL
            .iter()
            .copied()
            .filter(|s| *s != MentionState::New || m.state == MentionState::New)
            .collect();
        let want = if m.state == MentionState::New {
            MentionState::Triaged
        } else {
            m.state
        };
        let state_idx = states.iter().position(|s| *s == want).unwrap_or(0);
        let mut owners = vec![String::new()];
        owners.extend(app.persons.iter().map(|p| p.name.clone()));
        if !m.owner.is_empty() && !owners.contains(&m.owner) {
            owners.push(m.owner.clone());
        }
        // Unowned mentions go to whoever is at the keyboard.
        let owner = if m.owner.is_empty() {
            app.operator.clone().unwrap_or_default()
        } else {
            m.owner.clone()
        };
        let owner_idx = owners.iter().position(|o| *o == owner).unwrap_or(0);
        let owner_labels = owners
            .iter()
            .map(|o| {
                if o.is_empty() {
                    app.tr.t("monitor.no_owner").to_string()
                } else {
                    o.clone()
                }
            })
            .collect();
        let prio_idx = PRIORITIES.iter().position(|p| *p == m.priority).unwrap_or(0);
        TriageForm {
            mention: m.id,
            state: Field::choice(
                app.tr.t("form.triage.state"),
                states.iter().map(|s| app.tr.t(&s.label_key()).to_string()).collect(),
                state_idx,
            ),
            owner: Field::choice(app.tr.t("form.triage.owner"), owner_labels, owner_idx),
            priority: Field::choice(
                app.tr.t("form.triage.priority"),
                PRIORITIES.iter().map(|p| app.tr.t(&p.label_key()).to_string()).collect(),
                prio_idx,
            ),
            note: Field::text(app.tr.t("form.triage.note"), &m.note),
            states,
            owners,
        }
    }
}

impl FormSpec for TriageForm {
    fn title(&self, app: &App) -> String {
        app.tr.f("form.triage.title", &[("id", &self.mention.to_string())])
    }

    fn fields(&self) -> Vec<&Field> {
        vec![&self.state, &self.owner, &self.priority, &self.note]
    }

    fn fields_mut(&mut self) -> Vec<&mut Field> {
        vec![&mut self.state, &mut self.owner, &mut self.priority, &mut self.note]
    }

    fn submit(&mut self, app: &mut App) -> Result<Option<String>, String> {
        let state = self.states.get(self.state.index()).copied().unwrap_or(MentionState::Triaged);
        let owner = self.owners.get(self.owner.index()).cloned().unwrap_or_default();
        let priority = PRIORITIES.get(self.priority.index()).copied().unwrap_or(Priority::Normal);
        app.store
            .triage_mention(self.mention, state, &owner, priority, &self.note.value(), app.now)
            .map_err(|e| app.words(&e))?;
        Ok(Some(app.tr.f(
            "monitor.triaged",
            &[("id", &self.mention.to_string()), ("state", app.tr.t(&state.label_key()))],
        )))
    }
}
