//! A role's job action sheet: its mission, who it reports to, and what to
//! do in the first two hours.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::help::scroll_by;
use crate::action::Action;
use crate::app::App;
use crate::app::layer::{Layer, Outcome};
use crate::keymap::Ctx;
use crate::ui::{centered, frame, theme};

pub struct JobSheet {
    pub role: String,
    pub scroll: u16,
}

impl Layer for JobSheet {
    fn ctx(&self) -> Ctx {
        Ctx::Viewer
    }

    fn handle(&mut self, _app: &mut App, action: Action) -> Outcome {
        scroll_by(&mut self.scroll, action);
        Outcome::Keep
    }

    fn draw(&self, f: &mut Frame, app: &App, area: Rect) {
        let r = centered(area, 76, 18);
        let Some(def) = app.content.role(&self.role) else { return };
        let tr = app.tr;
        let inner = frame(f, r, &tr.f("popup.job_sheet", &[("role", def.name.get(app.lang))]));
        let label = |key: &str| tr.f("ui.field_label", &[("label", tr.t(key))]);
        let mut lines = vec![
            Line::from(vec![
                Span::styled(label("popup.mission"), theme::bold()),
                Span::raw(def.mission.get(app.lang).to_string()),
            ]),
            Line::from(vec![
                Span::styled(label("popup.reports_to"), theme::bold()),
                Span::raw(if def.reports_to.is_empty() {
                    "—".to_string()
                } else {
                    app.content.role_name(&def.reports_to, app.lang)
                }),
            ]),
            Line::from(""),
            Line::from(Span::styled(tr.t("popup.immediate"), theme::bold().fg(theme::ACCENT))),
        ];
        for t in def.immediate.get(app.lang) {
            lines.push(Line::from(format!("  □ {t}")));
        }
        f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }).scroll((self.scroll, 0)), inner);
    }
}
