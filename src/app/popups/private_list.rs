//! The incident's private-person list: names that must never appear in a
//! statement. The timeline records that someone was listed, never who.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::action::Action;
use crate::app::App;
use crate::app::forms::private_person::PrivatePersonForm;
use crate::app::layer::{Layer, Outcome};
use crate::app::popups::form::Form;
use crate::keymap::Ctx;
use crate::ui::{centered, fit, frame, list, theme};

#[derive(Default)]
pub struct PrivateList {
    pub sel: usize,
}

impl Layer for PrivateList {
    fn ctx(&self) -> Ctx {
        Ctx::Private
    }

    fn handle(&mut self, app: &mut App, action: Action) -> Outcome {
        let n = app.view.as_ref().map_or(0, |v| v.private.len());
        match action {
            Action::Up => self.sel = self.sel.saturating_sub(1),
            Action::Down => self.sel = (self.sel + 1).min(n.saturating_sub(1)),
            Action::AddPrivate => {
                let form = PrivatePersonForm::new(app);
                app.push(Form::new(form));
            }
            Action::RemovePrivate => {
                app.remove_private(self.sel);
                self.sel = self.sel.min(n.saturating_sub(2));
            }
            _ => {}
        }
        Outcome::Keep
    }

    fn draw(&self, f: &mut Frame, app: &App, area: Rect) {
        let r = centered(area, 64, 14);
        let inner = frame(f, r, app.tr.t("popup.private"));
        let Some(v) = &app.view else { return };
        let [hint, rest] = Layout::vertical([Constraint::Length(2), Constraint::Min(0)]).areas(inner);
        f.render_widget(
            Paragraph::new(app.tr.t("popup.private_hint"))
                .style(theme::dim())
                .wrap(Wrap { trim: true }),
            hint,
        );
        let w = usize::from(inner.width);
        let mut lines: Vec<Line> = v
            .private
            .iter()
            .map(|p| {
                let note = if p.note.is_empty() {
                    String::new()
                } else {
                    format!(" · {}", p.note)
                };
                Line::from(fit(&format!(" {}{note}", p.name), w))
            })
            .collect();
        if lines.is_empty() {
            lines.push(Line::from(Span::styled(app.tr.t("popup.private_empty"), theme::dim())));
        }
        list(f, rest, lines, self.sel);
    }
}
