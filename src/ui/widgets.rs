//! Pieces every screen draws with: the console's popups and panes and the
//! wall alike, so both show the same gauge, the same clock marks and the
//! same frames.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph};

use unicode_width::UnicodeWidthStr;

use super::{fit, theme};
use crate::domain::drill::ClockState;

/// A rectangle of at most `w`×`h` centred in `area`, clipped to it.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(area.x + (area.width - w) / 2, area.y + (area.height - h) / 2, w, h)
}

/// A popup's frame with its title; returns the area inside it.
pub fn frame(f: &mut Frame, area: Rect, title: &str) -> Rect {
    // Clear one column beyond each side: a wide (CJK) character that
    // starts just outside the popup would otherwise paint over its border.
    let margin = Rect::new(area.x.saturating_sub(1), area.y, area.width.saturating_add(2), area.height).intersection(f.area());
    f.render_widget(Clear, margin);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Double)
        .border_style(Style::default().fg(theme::ACCENT))
        .title(Span::styled(format!(" {title} "), theme::bold()));
    let inner = block.inner(area);
    f.render_widget(block, area);
    inner
}

/// A one-line-per-entry list with the selection kept in view.
pub fn list(f: &mut Frame, inner: Rect, lines: Vec<Line<'static>>, sel: usize) {
    let h = usize::from(inner.height);
    let offset = sel.saturating_sub(h.saturating_sub(1));
    let shown: Vec<Line> = lines
        .into_iter()
        .enumerate()
        .skip(offset)
        .take(h)
        .map(|(i, l)| if i == sel { l.style(theme::selected()) } else { l })
        .collect();
    f.render_widget(Paragraph::new(shown), inner);
}

/// `s` padded with spaces to `width` terminal cells (a CJK character is two).
pub fn pad(s: &str, width: usize) -> String {
    format!("{s}{}", " ".repeat(width.saturating_sub(s.width())))
}

/// Progress as a bar `width` cells wide.
pub fn gauge(done: usize, total: usize, width: usize) -> String {
    let filled = (done * width).checked_div(total).unwrap_or(0).min(width);
    format!("{}{}", "█".repeat(filled), "░".repeat(width - filled))
}

/// The drill clock's state as one mark.
pub fn clock_mark(s: ClockState) -> &'static str {
    match s {
        ClockState::Running => "▶",
        ClockState::Paused => "⏸",
        ClockState::Ready => "■",
        ClockState::Ended => "⏹",
    }
}

/// Cut a line's spans to `width` cells, marking the cut with "…".
pub fn fit_line(spans: Vec<Span<'_>>, width: usize) -> Line<'_> {
    let mut out = Vec::new();
    let mut used = 0;
    for s in spans {
        let w = s.content.width();
        if used + w <= width {
            used += w;
            out.push(s);
            continue;
        }
        let cut = fit(&s.content, width.saturating_sub(used));
        if !cut.is_empty() {
            out.push(Span::styled(cut, s.style));
        }
        break;
    }
    Line::from(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_gauge_never_overflows_its_width() {
        assert_eq!(gauge(0, 0, 4), "░░░░");
        assert_eq!(gauge(1, 2, 4), "██░░");
        assert_eq!(gauge(9, 2, 4), "████");
    }
}
