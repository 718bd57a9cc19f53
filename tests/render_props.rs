//! No size, no data and no key sequence may panic the screen.

mod common;

use common::*;
use crisisdesk::app::App;
use crisisdesk::i18n::Lang;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use proptest::prelude::*;

fn keys() -> impl Strategy<Value = KeyCode> {
    prop_oneof![
        prop::sample::select(vec![
            KeyCode::Tab,
            KeyCode::BackTab,
            KeyCode::Enter,
            KeyCode::Esc,
            KeyCode::Up,
            KeyCode::Down,
            KeyCode::Left,
            KeyCode::Right,
            KeyCode::PageUp,
            KeyCode::PageDown,
            KeyCode::Home,
            KeyCode::End,
            KeyCode::Backspace,
            KeyCode::F(2),
        ]),
        prop::sample::select(" 12345?iNpLqXbcsdhaenx[]+-gGjky中文😀".chars().collect::<Vec<_>>()).prop_map(KeyCode::Char),
    ]
}

fn popups(app: &mut App, which: u8) {
    let k = match which {
        0 => None,
        1 => Some('?'),
        2 => Some('i'),
        3 => Some('N'),
        4 => Some('p'),
        _ => Some('c'),
    };
    if let Some(c) = k {
        app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn any_size_renders(w in 0u16..300, h in 0u16..100, zh in any::<bool>(), popup in 0u8..6, live in any::<bool>()) {
        let lang = if zh { Lang::Zh } else { Lang::En };
        let mut app = if live { live_app(lang) } else { empty_app(lang) };
        popups(&mut app, popup);
        let _ = render(&mut app, w, h);
    }

    #[test]
    fn any_key_sequence_is_handled(seq in prop::collection::vec(keys(), 0..60), w in 20u16..200, h in 5u16..60) {
        let mut app = live_app(Lang::Zh);
        for k in seq {
            app.handle_key(KeyEvent::new(k, KeyModifiers::NONE));
            if app.quit { break; }
        }
        let _ = render(&mut app, w, h);
    }
}

#[test]
fn huge_and_wide_data_renders() {
    let mut app = live_app(Lang::Zh);
    // A long CJK/emoji title and a long draft line.
    let id = app.view.as_ref().expect("v").incident.id;
    let long = "院內群聚感染😷".repeat(200);
    app.store.add_note(id, &long, app.now, app.now).expect("note");
    app.store.bulk_notes(id, 2000, app.now).expect("bulk");
    app.paste(&long);
    for (w, h) in [(60, 18), (61, 19), (80, 24), (300, 100), (1, 1), (0, 0)] {
        let _ = render(&mut app, w, h);
    }
}
