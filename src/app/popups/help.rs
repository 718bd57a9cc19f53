//! The key table, drawn from the same bindings that dispatch the keys.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use crate::action::Action;
use crate::app::App;
use crate::app::layer::{Layer, Outcome};
use crate::keymap::{self, BINDINGS, Ctx};
use crate::ui::{centered, frame, theme};

#[derive(Default)]
pub struct Help {
    pub scroll: u16,
}

impl Layer for Help {
    fn ctx(&self) -> Ctx {
        Ctx::Viewer
    }

    fn handle(&mut self, _app: &mut App, action: Action) -> Outcome {
        scroll_by(&mut self.scroll, action);
        Outcome::Keep
    }

    fn draw(&self, f: &mut Frame, app: &App, area: Rect) {
        let r = centered(area, 76, area.height.saturating_sub(2));
        let inner = frame(f, r, app.tr.t("popup.help"));
        let mut lines: Vec<Line> = Vec::new();
        let mut last: Option<Ctx> = None;
        for b in BINDINGS.iter().filter(|b| b.ctx != Ctx::Always) {
            if last != Some(b.ctx) {
                if last.is_some() {
                    lines.push(Line::from(""));
                }
                lines.push(Line::from(Span::styled(
                    app.tr.t(b.ctx.title_key()).to_string(),
                    theme::bold().fg(theme::ACCENT),
                )));
                last = Some(b.ctx);
            }
            let keys = keymap::keys_label(b);
            let pad = " ".repeat(18usize.saturating_sub(keys.width()));
            lines.push(Line::from(vec![
                Span::styled(format!("  {keys}"), theme::bold()),
                Span::raw(pad),
                Span::raw(app.tr.t(b.help).to_string()),
            ]));
        }
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            format!("  Ctrl-C  {}", app.tr.t("key.quit")),
            theme::dim(),
        )));
        f.render_widget(Paragraph::new(lines).scroll((self.scroll, 0)), inner);
    }
}

/// Up and down scroll a read-only popup.
pub fn scroll_by(scroll: &mut u16, action: Action) {
    match action {
        Action::Up => *scroll = scroll.saturating_sub(1),
        Action::Down => *scroll = scroll.saturating_add(1),
        _ => {}
    }
}
