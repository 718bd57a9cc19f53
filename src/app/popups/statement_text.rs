//! A statement that is not a draft, read-only: reading it never starts a
//! new version.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::help::scroll_by;
use crate::action::Action;
use crate::app::App;
use crate::app::layer::{Layer, Outcome};
use crate::domain::clock::short_time;
use crate::domain::model::{ReleasedVersion, Statement};
use crate::keymap::Ctx;
use crate::ui::{centered, frame, theme};

pub struct StatementText {
    pub statement: Statement,
    /// What went out, when the version shown was released.
    pub release: Option<ReleasedVersion>,
    pub scroll: u16,
}

impl Layer for StatementText {
    fn ctx(&self) -> Ctx {
        Ctx::Viewer
    }

    fn handle(&mut self, _app: &mut App, action: Action) -> Outcome {
        scroll_by(&mut self.scroll, action);
        Outcome::Keep
    }

    fn draw(&self, f: &mut Frame, app: &App, area: Rect) {
        let tr = app.tr;
        let s = &self.statement;
        let title = tr.f(
            "popup.statement_text",
            &[
                ("id", &s.id.to_string()),
                ("v", &s.version.to_string()),
                ("state", tr.t(&s.state.label_key())),
            ],
        );
        let r = centered(area, 84, area.height.saturating_sub(2));
        let inner = frame(f, r, &title);
        let mut lines: Vec<Line> = Vec::new();
        let body = match &self.release {
            Some(rel) => {
                lines.push(Line::from(Span::styled(
                    tr.f(
                        "popup.statement_released",
                        &[
                            ("at", &short_time(rel.released_at, app.now, app.tz)),
                            ("by", &rel.released_by),
                            ("sha", &rel.sha256.chars().take(16).collect::<String>()),
                        ],
                    ),
                    theme::dim(),
                )));
                rel.body.as_str()
            }
            None => s.body.as_str(),
        };
        lines.push(Line::from(Span::styled(tr.t("popup.statement_read_only"), theme::dim())));
        lines.push(Line::from(""));
        lines.extend(crate::text::inert(body).lines().map(|l| Line::from(l.to_string())));
        f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }).scroll((self.scroll, 0)), inner);
    }
}
