//! The console and the wall show the same incident the same way: one T+
//! clock, one role order, one gauge. They once drifted apart (T+00:47:00 on
//! the console, T+0:47:00 on the wall); this renders both from one record
//! and compares.

use crate::common::{content, live_app, render, t0};

use chrono::Duration;
use crisisdesk::domain::clock::t_plus;
use crisisdesk::i18n::Lang;
use crisisdesk::ui::gauge;
use crisisdesk::wall::{self, Look};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use unicode_width::UnicodeWidthStr;

/// The screen as text, a wide character once.
fn text(term: &Terminal<TestBackend>) -> String {
    let buf = term.backend().buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut skip = 0;
        for x in 0..buf.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buf[(x, y)].symbol();
            skip = sym.width().saturating_sub(1);
            out.push_str(sym);
        }
        out.push('\n');
    }
    out
}

fn wall_screen(app: &crisisdesk::app::App, w: u16, h: u16) -> String {
    let state = wall::load(&app.store, None, content(), app.now).expect("load");
    let look = Look {
        lang: Lang::Zh,
        tz: crisisdesk::domain::zone::Zone::taipei(),
        high_contrast: false,
    };
    let mut term = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    term.draw(|f| wall::draw(f, &state, app.now, content(), look)).expect("draw");
    text(&term)
}

#[test]
fn the_console_and_the_wall_show_one_t_plus_clock() {
    let mut app = live_app(Lang::Zh);
    let expected = t_plus(t0(), t0() + Duration::minutes(47));
    assert_eq!(expected, "T+00:47:00");
    let console = text(&render(&mut app, 120, 40));
    assert!(console.contains(&expected), "console:\n{console}");
    // Too small for big digits, the wall writes its clock as text.
    let wall = wall_screen(&app, 50, 12);
    assert!(wall.contains(&expected), "wall:\n{wall}");
}

#[test]
fn the_wall_lists_roles_in_the_consoles_order() {
    let app = live_app(Lang::Zh);
    let console: Vec<String> = app.role_rows().iter().map(|r| r.to_string()).collect();
    let state = wall::load(&app.store, None, content(), app.now).expect("load");
    let wall: Vec<String> = state.view.expect("view").roles.iter().map(|r| r.role.to_string()).collect();
    assert!(!wall.is_empty());
    // The wall leaves out optional roles nobody holds; what it shows keeps
    // the console's order.
    let positions: Vec<usize> = wall
        .iter()
        .map(|r| {
            console
                .iter()
                .position(|c| c == r)
                .unwrap_or_else(|| panic!("{r} not on the console"))
        })
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{wall:?} vs {console:?}");
    assert_eq!(console[..3], ["commander", "communications", "legal"], "critical roles first");
}

#[test]
fn the_console_and_the_wall_draw_the_same_gauge() {
    let mut app = live_app(Lang::Zh);
    let v = app.view.as_ref().expect("view");
    let phase = v.incident.phase;
    let items: Vec<_> = v.checklist.iter().filter(|i| i.phase == phase).collect();
    let total = items.len();
    let done = items
        .iter()
        .filter(|i| i.state != crisisdesk::domain::model::ItemState::Open)
        .count();
    let console = text(&render(&mut app, 160, 48));
    let wall = wall_screen(&app, 160, 48);
    // Each draws the current phase's gauge with `ui::gauge`, at its own
    // width: the row marked ▶ holds exactly that bar for some width.
    for (name, screen) in [("console", &console), ("wall", &wall)] {
        let row = screen
            .lines()
            .find(|l| l.contains('▶') && l.contains(&format!("{done}/{total}")) && l.contains('░'))
            .unwrap_or_else(|| panic!("{name} has no gauge for the phase:\n{screen}"));
        let at = row.find('▶').expect("marker");
        let bar: String = row[at..]
            .chars()
            .skip_while(|c| *c != '█' && *c != '░')
            .take_while(|c| *c == '█' || *c == '░')
            .collect();
        let width = bar.chars().count();
        assert_eq!(bar, gauge(done, total, width), "{name}: {row}");
    }
}
