//! Who held a role, from when to when, and to whom it was handed.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::help::scroll_by;
use crate::action::Action;
use crate::app::App;
use crate::app::layer::{Layer, Outcome};
use crate::domain::clock::short_time;
use crate::domain::model::Assignment;
use crate::keymap::Ctx;
use crate::ui::{centered, fit, frame, theme};

pub struct RoleHistory {
    pub role: String,
    pub rows: Vec<Assignment>,
    pub scroll: u16,
}

impl Layer for RoleHistory {
    fn ctx(&self) -> Ctx {
        Ctx::Viewer
    }

    fn handle(&mut self, _app: &mut App, action: Action) -> Outcome {
        scroll_by(&mut self.scroll, action);
        Outcome::Keep
    }

    fn draw(&self, f: &mut Frame, app: &App, area: Rect) {
        let r = centered(area, 72, 16);
        let title = app.tr.f("popup.history", &[("role", &app.content.role_name(&self.role, app.lang))]);
        let inner = frame(f, r, &title);
        let mut lines: Vec<Line> = Vec::new();
        if self.rows.is_empty() {
            lines.push(Line::from(Span::styled(app.tr.t("popup.history_empty"), theme::dim())));
        }
        for a in &self.rows {
            let from = short_time(a.started_at, app.now, app.tz);
            let to = a
                .ended_at
                .map(|t| short_time(t, app.now, app.tz))
                .unwrap_or_else(|| app.tr.t("popup.now").to_string());
            let mut s = format!("{from} → {to}  {}", a.person_name);
            if let Some(h) = &a.handed_to {
                s.push_str(&format!("  ⇒ {}", app.tr.f("popup.handed_to", &[("person", h)])));
            }
            lines.push(Line::from(fit(&s, usize::from(inner.width))));
        }
        f.render_widget(Paragraph::new(lines).scroll((self.scroll, 0)), inner);
    }
}
