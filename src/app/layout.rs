//! The console's geometry: where each pane sits at a given terminal size.
//! The update step needs it (mouse hits, how many timeline rows a page
//! holds) as much as drawing does, so it lives with the state.

use ratatui::layout::{Constraint, Direction, Layout as RLayout, Rect};

use crate::action::Pane;

/// Below this the five panes cannot be laid out legibly.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 18;

pub struct Layout {
    pub header: Rect,
    pub panes: [Rect; 5],
    pub footer: Rect,
}

impl Layout {
    pub fn pane(&self, p: Pane) -> Rect {
        self.panes[p.index()]
    }
}

/// The screen's geometry, shared by drawing and by mouse hit-testing.
pub fn layout(area: Rect) -> Layout {
    let rows = RLayout::default()
        .direction(Direction::Vertical)
        .constraints([Constraint::Length(1), Constraint::Min(0), Constraint::Length(1)])
        .split(area);
    let body = rows[1];
    let bands = RLayout::default()
        .direction(Direction::Vertical)
        .constraints([Constraint::Percentage(37), Constraint::Percentage(37), Constraint::Percentage(26)])
        .split(body);
    let halves = |r: Rect| {
        let h = RLayout::default()
            .direction(Direction::Horizontal)
            .constraints([Constraint::Percentage(50), Constraint::Percentage(50)])
            .split(r);
        (h[0], h[1])
    };
    let (incident, roles) = halves(bands[0]);
    let (checklist, statement) = halves(bands[1]);
    Layout {
        header: rows[0],
        panes: [incident, roles, checklist, statement, bands[2]],
        footer: rows[2],
    }
}
