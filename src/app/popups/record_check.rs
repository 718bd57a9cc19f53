//! "Will this record stand up later?": the active incident's hash chain
//! checked against every table, from the console, with the head to note
//! down. The same check as `crisisdesk verify`.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::action::Action;
use crate::app::App;
use crate::app::layer::{Layer, Outcome};
use crate::keymap::Ctx;
use crate::store::{Broken, ChainReport};
use crate::ui::{centered, frame, theme};

pub struct RecordCheck {
    pub result: Result<ChainReport, Broken>,
}

impl RecordCheck {
    /// Check the active incident now (it reads the whole chain once; the
    /// user asked for it) and show the answer.
    pub fn open(app: &mut App) {
        let Some(id) = app.incident_id() else {
            return app.info(app.tr.t("status.no_incident").to_string());
        };
        match app.store.verify(id) {
            Ok(result) => app.push(RecordCheck { result }),
            Err(e) => app.fail(e),
        }
    }
}

impl Layer for RecordCheck {
    fn ctx(&self) -> Ctx {
        Ctx::Viewer
    }

    fn handle(&mut self, _app: &mut App, _action: Action) -> Outcome {
        Outcome::Keep
    }

    fn draw(&self, f: &mut Frame, app: &App, area: Rect) {
        let tr = app.tr;
        let inner = frame(f, centered(area, 72, 9), tr.t("popup.record_check"));
        let lines = match &self.result {
            Ok(r) => vec![
                Line::from(Span::styled(
                    tr.f("popup.record_ok", &[("n", &r.length.to_string())]),
                    theme::bold().fg(theme::OK),
                )),
                Line::from(tr.f("popup.record_head", &[("head", &r.head)])),
                Line::from(""),
                Line::from(Span::styled(tr.t("popup.record_hint"), theme::dim())),
            ],
            Err(b) => vec![
                Line::from(Span::styled(tr.t("popup.record_broken"), theme::alert())),
                Line::from(b.msg().words(tr)),
            ],
        };
        f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), inner);
    }
}
