//! A yes/no question before something that cannot be taken back, or that
//! puts a person's name on the record.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Paragraph, Wrap};

use crate::action::Action;
use crate::app::App;
use crate::app::layer::{Layer, Outcome};
use crate::domain::desk::Step;
use crate::keymap::Ctx;
use crate::ui::{centered, frame};

/// What is being asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ask {
    CloseIncident,
    EndDrill,
    Release(i64),
    Withdraw(i64),
    /// Legal review or approval, in a named person's name, of one exact
    /// version: the operator confirms that this person really did it.
    SignOff(SignOff),
    /// Start a new draft version of a released or withdrawn statement.
    NewVersion(i64),
    /// Throw a new draft version away, back to the released text.
    Discard(i64),
}

/// The sign-off being confirmed, with everything the operator is shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignOff {
    pub statement: i64,
    pub step: Step,
    pub role: &'static str,
    pub person: String,
    pub version: i64,
    pub sha256: String,
}

pub struct Confirm {
    pub ask: Ask,
}

impl Confirm {
    pub fn new(ask: Ask) -> Confirm {
        Confirm { ask }
    }

    fn words(&self, app: &App) -> String {
        let tr = app.tr;
        let operator = app.operator.clone().unwrap_or_default();
        let version = |id: i64| app.statement_by_id(id).map_or(1, |s| s.version);
        match &self.ask {
            Ask::CloseIncident => tr.f("popup.confirm_close", &[("id", &app.incident_id().unwrap_or_default().to_string())]),
            Ask::Release(id) => {
                let (audience, v) = app
                    .statement_by_id(*id)
                    .map(|s| (tr.t(&format!("audience.{}", s.audience)).to_string(), s.version.to_string()))
                    .unwrap_or_default();
                tr.f(
                    "popup.confirm_release",
                    &[("audience", &audience), ("v", &v), ("operator", &operator)],
                )
            }
            Ask::Withdraw(_) => tr.t("popup.confirm_withdraw").to_string(),
            Ask::EndDrill => tr.t("popup.confirm_end_drill").to_string(),
            Ask::SignOff(so) => {
                let key = if so.step == Step::Review {
                    "popup.confirm_review"
                } else {
                    "popup.confirm_approve"
                };
                tr.f(
                    key,
                    &[
                        ("person", &so.person),
                        ("role", &app.content.role_short(so.role, app.lang)),
                        ("v", &so.version.to_string()),
                        ("sha", &so.sha256.chars().take(12).collect::<String>()),
                        ("operator", &operator),
                    ],
                )
            }
            Ask::NewVersion(id) => {
                let v = version(*id);
                tr.f(
                    "popup.confirm_new_version",
                    &[("v", &v.to_string()), ("next", &(v + 1).to_string())],
                )
            }
            Ask::Discard(id) => {
                let v = version(*id);
                tr.f("popup.confirm_discard", &[("v", &v.to_string()), ("prev", &(v - 1).to_string())])
            }
        }
    }
}

impl Layer for Confirm {
    fn ctx(&self) -> Ctx {
        Ctx::Confirm
    }

    fn handle(&mut self, app: &mut App, action: Action) -> Outcome {
        if action != Action::Submit {
            return Outcome::Keep;
        }
        // The question is answered: off the stack before what it starts,
        // which may open popups of its own.
        match self.ask.clone() {
            Ask::CloseIncident => app.close_incident(),
            Ask::EndDrill => app.drill_end(),
            Ask::Release(id) => app.commit_step(id, Step::Release),
            Ask::Withdraw(id) => app.commit_step(id, Step::Withdraw),
            Ask::Discard(id) => app.commit_step(id, Step::Discard),
            Ask::NewVersion(id) => app.start_new_version(id),
            Ask::SignOff(so) => app.commit_sign_off(&so),
        }
        Outcome::Close
    }

    fn draw(&self, f: &mut Frame, app: &App, area: Rect) {
        let h = if matches!(self.ask, Ask::SignOff(_)) { 10 } else { 8 };
        let r = centered(area, 64, h);
        let inner = frame(f, r, app.tr.t("popup.confirm"));
        f.render_widget(Paragraph::new(self.words(app)).wrap(Wrap { trim: true }), inner);
    }
}
