//! Two versions of a statement side by side in one text: what was removed
//! and what was added, by character, so a one-character change in Chinese
//! shows as one character.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::help::scroll_by;
use crate::action::Action;
use crate::app::App;
use crate::app::layer::{Layer, Outcome};
use crate::domain::desk::{DiffPart, diff};
use crate::keymap::Ctx;
use crate::ui::{centered, frame, theme};

/// A version of a statement as the diff offers it.
#[derive(Clone, Debug)]
pub struct VersionText {
    pub label: String,
    pub body: String,
}

pub struct Diff {
    pub versions: Vec<VersionText>,
    pub from: usize,
    pub to: usize,
    pub scroll: u16,
    /// The diff of `from` and `to`, worked out when they change, not on
    /// every redraw: a long statement's diff is not free.
    parts: Vec<DiffPart>,
}

impl Diff {
    /// The newest two versions, compared.
    pub fn new(versions: Vec<VersionText>) -> Diff {
        let to = versions.len().saturating_sub(1);
        let mut d = Diff {
            versions,
            from: to.saturating_sub(1),
            to,
            scroll: 0,
            parts: Vec::new(),
        };
        d.compare();
        d
    }

    fn compare(&mut self) {
        self.parts = match (self.versions.get(self.from), self.versions.get(self.to)) {
            (Some(a), Some(b)) => diff(&a.body, &b.body),
            _ => Vec::new(),
        };
    }
}

impl Layer for Diff {
    fn ctx(&self) -> Ctx {
        Ctx::Diff
    }

    fn handle(&mut self, _app: &mut App, action: Action) -> Outcome {
        let last = self.versions.len().saturating_sub(1);
        let (from, to) = (self.from, self.to);
        match action {
            Action::DiffFromPrev => self.from = self.from.saturating_sub(1),
            Action::DiffFromNext => self.from = (self.from + 1).min(last),
            Action::DiffToPrev => self.to = self.to.saturating_sub(1),
            Action::DiffToNext => self.to = (self.to + 1).min(last),
            a => scroll_by(&mut self.scroll, a),
        }
        if (from, to) != (self.from, self.to) {
            self.compare();
        }
        Outcome::Keep
    }

    fn draw(&self, f: &mut Frame, app: &App, area: Rect) {
        let r = centered(area, 100, area.height.saturating_sub(2));
        let (Some(a), Some(b)) = (self.versions.get(self.from), self.versions.get(self.to)) else {
            return;
        };
        let inner = frame(f, r, &app.tr.f("popup.diff", &[("from", &a.label), ("to", &b.label)]));
        // Lines are rebuilt from the parts so a change inside a line stays inline.
        let mut lines: Vec<Line> = vec![Line::default()];
        let removed = Style::default().fg(theme::ALERT).add_modifier(Modifier::CROSSED_OUT);
        let added = Style::default().fg(theme::OK).add_modifier(Modifier::UNDERLINED);
        for part in &self.parts {
            // Markers as well as colour, so a monochrome projector shows it too.
            let (text, style) = match part {
                DiffPart::Same(t) => (crate::text::inert(t).into_owned(), Style::default()),
                DiffPart::Removed(t) => (format!("[-{}-]", crate::text::inert(t)), removed),
                DiffPart::Added(t) => (format!("{{+{}+}}", crate::text::inert(t)), added),
            };
            for (i, piece) in text.split('\n').enumerate() {
                if i > 0 {
                    lines.push(Line::default());
                }
                if !piece.is_empty()
                    && let Some(l) = lines.last_mut()
                {
                    l.spans.push(Span::styled(piece.to_string(), style));
                }
            }
        }
        f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }).scroll((self.scroll, 0)), inner);
    }
}
