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

/// Counts as ratatui's `Sparkline` draws them, one cell each, newest
/// right, as text: so a pane's paragraph and the wall's sections can hold
/// one in a line of their own. At most `width` cells (the newest).
pub fn sparkline(data: &[u64], width: usize) -> String {
    use ratatui::buffer::Buffer;
    use ratatui::widgets::{Sparkline, Widget};
    let n = data.len().min(width).min(usize::from(u16::MAX));
    if n == 0 {
        return String::new();
    }
    let shown = &data[data.len() - n..];
    let area = Rect::new(0, 0, n as u16, 1);
    let mut buf = Buffer::empty(area);
    Sparkline::default().data(shown).render(area, &mut buf);
    (0..n as u16)
        .map(|x| buf.cell((x, 0)).map_or(" ", |c| c.symbol()).to_string())
        .map(|s| if s == " " { "▁".to_string() } else { s })
        .collect()
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
    fn a_sparkline_is_one_cell_a_count_and_scales_to_the_peak() {
        assert_eq!(sparkline(&[], 10), "");
        let s = sparkline(&[0, 1, 2, 4, 8], 10);
        assert_eq!(s.chars().count(), 5);
        assert!(s.ends_with('█'), "{s}");
        assert!(s.starts_with('▁'), "{s}");
        assert_eq!(sparkline(&[1, 2, 3, 4], 2).chars().count(), 2);
    }

    #[test]
    fn a_gauge_never_overflows_its_width() {
        assert_eq!(gauge(0, 0, 4), "░░░░");
        assert_eq!(gauge(1, 2, 4), "██░░");
        assert_eq!(gauge(9, 2, 4), "████");
    }
}
