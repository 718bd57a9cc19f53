//! The console's geometry: where each pane sits at a given terminal size.
//! The update step needs it (mouse hits, how many timeline rows a page
//! holds) as much as drawing does, so it lives with the state.

use ratatui::layout::Rect;

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
///
/// Plain arithmetic giving exactly the rectangles ratatui's constraint
/// solver gives for a header row, a footer row and bands of 37/37/26 %
/// (two of them halved): the solver took about 200 µs for the four splits
/// at each new size, the first frame's included. The tests hold the two
/// to the same answers.
pub fn layout(area: Rect) -> Layout {
    let bar = |y: u16, height: u16| Rect { y, height, ..area };
    let (header, body, footer) = match area.height {
        0 => (bar(area.y, 0), bar(area.y, 0), bar(area.y, 0)),
        // The solver gives a single row to the footer.
        1 => (bar(area.y, 0), bar(area.y, 0), bar(area.y, 1)),
        h => (bar(area.y, 1), bar(area.y + 1, h - 2), bar(area.y + h - 1, 1)),
    };
    let h = u32::from(body.height);
    // ratatui rounds each boundary half away from zero.
    let cut = |pct: u32| u16::try_from((h * pct + 50) / 100).unwrap_or(body.height);
    let (b1, b2) = (cut(37), cut(74));
    let band = |from: u16, to: u16| Rect {
        y: body.y + from,
        height: to - from,
        ..body
    };
    let bands = [band(0, b1), band(b1, b2), band(b2, body.height)];
    let halves = |r: Rect| {
        let left = r.width.div_ceil(2);
        (
            Rect { width: left, ..r },
            Rect {
                x: r.x + left,
                width: r.width - left,
                ..r
            },
        )
    };
    let (incident, roles) = halves(bands[0]);
    let (checklist, statement) = halves(bands[1]);
    Layout {
        header,
        panes: [incident, roles, checklist, statement, bands[2]],
        footer,
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use ratatui::layout::{Constraint, Direction, Layout as Solver};

    use super::*;

    /// The same geometry through ratatui's solver.
    fn solved(area: Rect) -> Layout {
        let rows = Solver::default()
            .direction(Direction::Vertical)
            .constraints([Constraint::Length(1), Constraint::Min(0), Constraint::Length(1)])
            .split(area);
        let bands = Solver::default()
            .direction(Direction::Vertical)
            .constraints([Constraint::Percentage(37), Constraint::Percentage(37), Constraint::Percentage(26)])
            .split(rows[1]);
        let halves = |r: Rect| {
            let h = Solver::default()
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

    fn same(area: Rect) {
        let (mine, theirs) = (layout(area), solved(area));
        assert_eq!(
            (mine.header, mine.panes, mine.footer),
            (theirs.header, theirs.panes, theirs.footer),
            "at {area:?}"
        );
    }

    #[test]
    fn the_arithmetic_matches_the_solver_at_every_small_size() {
        for h in 0..=130 {
            for w in [0, 1, 2, 3, 59, 60, 61, 80, 81, 160, 161] {
                same(Rect::new(0, 0, w, h));
            }
        }
        for w in 0..=330 {
            for h in [0, 1, 2, 3, 4, 18, 24, 25, 48, 51] {
                same(Rect::new(0, 0, w, h));
            }
        }
    }

    proptest! {
        #[test]
        fn the_arithmetic_matches_the_solver_anywhere(x in 0u16..50, y in 0u16..50, w in 0u16..1500, h in 0u16..700) {
            same(Rect::new(x, y, w, h));
        }
    }
}
