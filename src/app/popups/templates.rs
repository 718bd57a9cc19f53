//! The incident type's statement templates, to start a statement from.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use crate::action::Action;
use crate::app::App;
use crate::app::layer::{Layer, Outcome};
use crate::domain::templates;
use crate::keymap::Ctx;
use crate::ui::{centered, fit, frame, list};

#[derive(Default)]
pub struct TemplatePicker {
    pub sel: usize,
}

impl Layer for TemplatePicker {
    fn ctx(&self) -> Ctx {
        Ctx::Picker
    }

    fn handle(&mut self, app: &mut App, action: Action) -> Outcome {
        let n = app.view.as_ref().map_or(0, |v| templates::for_type(&v.incident.crisis_type).len());
        match action {
            Action::Up => self.sel = self.sel.saturating_sub(1),
            Action::Down => self.sel = (self.sel + 1).min(n.saturating_sub(1)),
            Action::Activate if app.start_from_template(self.sel) => return Outcome::Close,
            _ => {}
        }
        Outcome::Keep
    }

    fn draw(&self, f: &mut Frame, app: &App, area: Rect) {
        let r = centered(area, 64, 12);
        let inner = frame(f, r, app.tr.t("popup.templates"));
        let Some(v) = &app.view else { return };
        let w = usize::from(inner.width);
        let lines: Vec<Line> = templates::for_type(&v.incident.crisis_type)
            .iter()
            .map(|t| {
                let key = format!("audience.{}", t.audience);
                Line::from(fit(&format!(" {}  ({})", t.name.get(app.lang), app.tr.t(&key)), w))
            })
            .collect();
        list(f, inner, lines, self.sel);
    }
}
