//! An inject as it arrives: who it is from, how, to whom, and the message.
//! The expected action is the facilitator's and is not shown here.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::action::Action;
use crate::app::App;
use crate::app::layer::{Layer, Outcome};
use crate::keymap::Ctx;
use crate::ui::{centered, fit, frame, theme};

pub struct InjectNotice {
    pub number: u32,
}

impl Layer for InjectNotice {
    fn ctx(&self) -> Ctx {
        Ctx::Viewer
    }

    fn handle(&mut self, _app: &mut App, _action: Action) -> Outcome {
        Outcome::Keep
    }

    fn draw(&self, f: &mut Frame, app: &App, area: Rect) {
        let tr = app.tr;
        let Some(i) = app.drill.as_ref().and_then(|d| d.scenario.find(self.number)) else {
            return;
        };
        let r = centered(area, 76, 16);
        let inner = frame(f, r, &tr.f("popup.inject", &[("n", &self.number.to_string())]));
        let lines = vec![
            Line::from(vec![
                Span::styled(format!("{} ", tr.t(&format!("method.{}", i.method))), theme::bold().fg(theme::WARN)),
                Span::raw(fit(
                    &format!("{} → {}", i.from.get(app.lang), app.content.role_name(&i.to, app.lang)),
                    usize::from(inner.width),
                )),
            ]),
            Line::from(""),
            Line::from(crate::text::inert(i.message.get(app.lang)).into_owned()),
        ];
        f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
    }
}
