//! Everything the statement checks found, most serious first, with line
//! and column.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::help::scroll_by;
use crate::action::Action;
use crate::app::App;
use crate::app::layer::{Layer, Outcome};
use crate::domain::lint::{Finding, Severity};
use crate::i18n::Catalog;
use crate::keymap::Ctx;
use crate::ui::{centered, frame, theme};

#[derive(Default)]
pub struct Findings {
    pub scroll: u16,
}

/// One finding as a line: its mark, where, what was found and why.
pub fn finding_line(x: &Finding, tr: &Catalog) -> Line<'static> {
    let (mark, style) = if x.severity == Severity::Block {
        ("⛔", theme::alert())
    } else {
        ("⚠", Style::default().fg(theme::WARN))
    };
    let quoted = if x.text.is_empty() {
        String::new()
    } else {
        format!("{} ", tr.f("ui.quoted", &[("t", &crate::text::inert(&x.text))]))
    };
    Line::from(vec![
        Span::styled(format!("{mark} {}:{} ", x.line, x.column), style),
        Span::raw(format!("{quoted}{}", x.message)),
    ])
}

impl Layer for Findings {
    fn ctx(&self) -> Ctx {
        Ctx::Viewer
    }

    fn handle(&mut self, _app: &mut App, action: Action) -> Outcome {
        scroll_by(&mut self.scroll, action);
        Outcome::Keep
    }

    fn draw(&self, f: &mut Frame, app: &App, area: Rect) {
        let r = centered(area, 96, area.height.saturating_sub(2));
        let blocking = app.blocking_count();
        let title = app.tr.f(
            "popup.findings",
            &[
                ("block", &blocking.to_string()),
                ("warn", &(app.findings.len() - blocking).to_string()),
            ],
        );
        let inner = frame(f, r, &title);
        let mut order: Vec<&Finding> = app.findings.iter().collect();
        order.sort_by_key(|x| (x.severity, x.start));
        let mut lines: Vec<Line> = order.into_iter().map(|x| finding_line(x, app.tr)).collect();
        if lines.is_empty() {
            lines.push(Line::from(Span::styled(
                app.tr.t("popup.findings_none"),
                Style::default().fg(theme::OK),
            )));
        }
        f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }).scroll((self.scroll, 0)), inner);
    }
}
