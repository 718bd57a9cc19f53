//! Follow-ups: action items beyond the playbook, with owners and due dates,
//! carried into the after-action report's improvement plan.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::action::Action;
use crate::app::App;
use crate::app::forms::follow_up::FollowUpForm;
use crate::app::layer::{Layer, Outcome};
use crate::app::popups::form::Form;
use crate::domain::clock::short_time;
use crate::domain::types::Progress;
use crate::keymap::Ctx;
use crate::ui::{centered, fit, frame, list, theme};

pub struct FollowUps {
    pub sel: usize,
}

impl FollowUps {
    pub fn open(app: &mut App) {
        if app.incident_id().is_none() {
            return app.info(app.tr.t("status.no_incident").to_string());
        }
        app.load_reach_lists();
        app.push(FollowUps { sel: 0 });
    }
}

impl Layer for FollowUps {
    fn ctx(&self) -> Ctx {
        Ctx::FollowUps
    }

    fn uses_reach_lists(&self) -> bool {
        true
    }

    fn handle(&mut self, app: &mut App, action: Action) -> Outcome {
        let n = app.reach_lists.follow_ups.len();
        match action {
            Action::Up => self.sel = self.sel.saturating_sub(1),
            Action::Down => self.sel = (self.sel + 1).min(n.saturating_sub(1)),
            Action::NewEntry => {
                let form = FollowUpForm::new(app);
                app.push(Form::new(form));
            }
            Action::ToggleDone => {
                if let Some((id, open)) = app.reach_lists.follow_ups.get(self.sel).map(|f| (f.id, f.state == Progress::Open)) {
                    match app.store.set_follow_up_done(id, open, app.now) {
                        Ok(()) => app.reload(),
                        Err(e) => app.fail(e),
                    }
                }
            }
            _ => {}
        }
        Outcome::Keep
    }

    fn draw(&self, f: &mut Frame, app: &App, area: Rect) {
        let tr = app.tr;
        let r = centered(area, 90, 16);
        let inner = frame(f, r, tr.t("popup.follow_ups"));
        let w = usize::from(inner.width);
        let mut lines: Vec<Line<'static>> = app
            .reach_lists
            .follow_ups
            .iter()
            .map(|fu| {
                let done = fu.state == Progress::Done;
                let due = fu.due_at.map(|d| short_time(d, app.now, app.tz)).unwrap_or_default();
                let late = !done && fu.due_at.is_some_and(|d| d <= app.now);
                let style = if done {
                    theme::dim()
                } else if late {
                    theme::alert()
                } else {
                    Style::default()
                };
                let mark = if done { "[x]" } else { "[ ]" };
                Line::from(Span::styled(fit(&format!("{mark} {} · {} · {due}", fu.action, fu.owner), w), style))
            })
            .collect();
        if lines.is_empty() {
            lines.push(Line::from(Span::styled(tr.t("reach.no_follow_ups"), theme::dim())));
        }
        list(f, inner, lines, self.sel);
    }
}
