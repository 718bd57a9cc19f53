//! No size, no data and no key sequence may panic the screen.

use crate::common;

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
        prop::sample::select(" 12345?iNpLqXbcsdhaenx[]+-gGjky中文😀tPCFrlARoWfDyOZ".chars().collect::<Vec<_>>()).prop_map(KeyCode::Char),
    ]
}

fn press(app: &mut App, keys: &[KeyCode]) {
    for k in keys {
        app.handle_key(KeyEvent::new(*k, KeyModifiers::NONE));
    }
}

/// Open one of every kind of popup (and the editor), so each is drawn.
fn popups(app: &mut App, which: u8) {
    use KeyCode::{Char as C, Enter, F};
    let keys: &[KeyCode] = match which {
        0 => &[],
        1 => &[C('?')],
        2 => &[C('i')],
        3 => &[C('N')],
        4 => &[C('p')],
        5 => &[C('1'), C('c')],
        6 => &[C('4'), C('t')],
        7 => &[C('P')],
        8 => &[C('C')],
        9 => &[C('4'), Enter, F(3)],
        10 => &[C('2'), C('s')],
        11 => &[C('2'), C('h')],
        12 => &[C('F')],
        13 => &[C('F'), C(' ')],
        14 => &[C('F'), C('h')],
        15 => &[C('F'), C('i')],
        16 => &[C('1'), C('X')],
        17 => &[C('4'), Enter],
        18 => &[C('O')],
        19..=23 => return push_confirmations(app, which),
        24 => &[C('T')],
        25 => &[C('T'), C('m')],
        26 => &[C('I'), C('n')],
        27 => &[C('H')],
        28 => &[C('U'), C('n')],
        29 => &[C('I')],
        30 => &[C('Z')],
        31 => &[C('Z'), KeyCode::Tab],
        32 => &[C('Z'), KeyCode::Tab, KeyCode::Tab],
        33 => &[C('Z'), KeyCode::BackTab],
        34 => &[C('Z'), C('e')],
        35 => &[C('Z'), KeyCode::Tab, C('e')],
        36 => {
            common::with_mentions(app, true);
            &[C('M')]
        }
        37 => {
            common::with_mentions(app, true);
            &[C('M'), Enter]
        }
        _ => &[C('1'), C('b')],
    };
    press(app, keys);
}

/// The sign-off, new-version and discard confirmations and the read-only
/// statement view, with long wide names and text.
fn push_confirmations(app: &mut App, which: u8) {
    use crisisdesk::app::popups::anchor::AnchorNotice;
    use crisisdesk::app::popups::statement_text::StatementText;
    use crisisdesk::app::{Ask, Confirm, SignOff};
    let Some(st) = app.current_statement().cloned() else { return };
    match which {
        19 => app.push(Confirm::new(Ask::SignOff(SignOff {
            statement: st.id,
            step: crisisdesk::domain::desk::Step::Approve,
            role: "commander",
            person: "歐陽林志明😀".repeat(20),
            version: 12,
            sha256: crisisdesk::domain::desk::sha256_hex("x"),
        }))),
        20 => app.push(StatementText {
            statement: crisisdesk::domain::model::Statement {
                body: "院內群聚感染😷\n".repeat(300),
                ..st
            },
            release: None,
            scroll: 3,
        }),
        21 => app.push(Confirm::new(Ask::NewVersion(st.id))),
        22 => app.push(Confirm::new(Ask::Discard(st.id))),
        _ => {
            if let Ok(anchor) = app.store.give_anchor(app.now) {
                let tz = app.tz;
                app.push(AnchorNotice::new(anchor, tz));
            }
        }
    }
}

/// A running drill, so the drill panel and inject popups have content.
fn drill_app(lang: Lang) -> App {
    let mut app = empty_app(lang);
    let (sc, src) = crisisdesk::domain::drill::library(content()).expect("library")[3].clone();
    let pb = content().playbook(&sc.crisis_type).expect("pb");
    let id = app.store.start_drill(pb, &sc, src, t0()).expect("drill");
    app.open_incident(id);
    app
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn any_size_renders(w in 0u16..300, h in 0u16..100, zh in any::<bool>(), popup in 0u8..39, data in 0u8..3) {
        let lang = if zh { Lang::Zh } else { Lang::En };
        let mut app = match data {
            0 => live_app(lang),
            1 => drill_app(lang),
            _ => empty_app(lang),
        };
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
