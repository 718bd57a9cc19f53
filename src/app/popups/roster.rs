//! The roster of people: browsed, picked for a role, or picked as the
//! operator at the keyboard.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::action::Action;
use crate::app::App;
use crate::app::forms::person::PersonForm;
use crate::app::layer::{Layer, Outcome};
use crate::app::popups::form::Form;
use crate::domain::types::RoleId;
use crate::keymap::Ctx;
use crate::ui::{centered, fit, frame, list, theme};

/// What the roster was opened for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RosterPurpose {
    Browse,
    Assign {
        role: RoleId,
    },
    /// Who is at the keyboard.
    Operator,
    /// Someone to put on a tier of the call tree.
    CallTree {
        tier: i64,
    },
}

pub struct Roster {
    pub sel: usize,
    pub purpose: RosterPurpose,
}

impl Layer for Roster {
    fn ctx(&self) -> Ctx {
        Ctx::List
    }

    fn handle(&mut self, app: &mut App, action: Action) -> Outcome {
        let n = app.persons.len();
        match action {
            Action::Up => self.sel = self.sel.saturating_sub(1),
            Action::Down => self.sel = (self.sel + 1).min(n.saturating_sub(1)),
            Action::AddPerson => {
                let form = PersonForm::new(app, None, self.purpose.clone());
                app.push(Form::new(form));
            }
            Action::EditPerson => {
                if let Some(p) = app.persons.get(self.sel).cloned() {
                    let form = PersonForm::new(app, Some(&p), RosterPurpose::Browse);
                    app.push(Form::new(form));
                }
            }
            Action::Activate => match (&self.purpose, app.persons.get(self.sel).map(|p| (p.id, p.name.clone()))) {
                (RosterPurpose::Assign { role }, Some((pid, _))) => {
                    let role = role.clone();
                    app.assign(&role, pid);
                    return Outcome::Close;
                }
                (RosterPurpose::Operator, Some((_, name))) => {
                    app.set_operator(Some(name));
                    return Outcome::Close;
                }
                (RosterPurpose::CallTree { tier }, Some((pid, _))) => {
                    let tier = *tier;
                    if let Some(incident) = app.incident_id() {
                        match app.store.add_call_member(incident, tier, pid, app.now) {
                            Ok(()) => app.reload(),
                            Err(e) => app.fail(e),
                        }
                    }
                    return Outcome::Close;
                }
                (RosterPurpose::Browse, Some(_)) => {}
                (purpose, None) => {
                    let form = PersonForm::new(app, None, purpose.clone());
                    app.push(Form::new(form));
                }
            },
            _ => {}
        }
        Outcome::Keep
    }

    fn draw(&self, f: &mut Frame, app: &App, area: Rect) {
        let title = match &self.purpose {
            RosterPurpose::Browse => app.tr.t("popup.roster").to_string(),
            RosterPurpose::Assign { role } => app.tr.f("popup.assign", &[("role", &app.content.role_name(role, app.lang))]),
            RosterPurpose::Operator => app.tr.t("popup.operator").to_string(),
            RosterPurpose::CallTree { tier } => app.tr.f("popup.call_add", &[("tier", &tier.to_string())]),
        };
        let r = centered(area, 72, 16);
        let inner = frame(f, r, &title);
        let mut lines: Vec<Line> = Vec::new();
        if app.persons.is_empty() {
            lines.push(Line::from(Span::styled(app.tr.t("popup.roster_empty"), theme::dim())));
        }
        for p in &app.persons {
            let held: Vec<String> = app
                .view
                .as_ref()
                .map(|v| {
                    v.assignments
                        .iter()
                        .filter(|a| a.person_id == p.id)
                        .map(|a| app.content.role_short(&a.role, app.lang))
                        .collect()
                })
                .unwrap_or_default();
            let mut s = format!("{}  {}  {}", p.name, p.phone, p.email);
            if !held.is_empty() {
                s.push_str(&format!("  [{}]", held.join(app.tr.t("ui.list_sep"))));
            }
            lines.push(Line::from(fit(&s, usize::from(inner.width))));
        }
        list(f, inner, lines, self.sel);
    }
}
