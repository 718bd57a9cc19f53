//! The editor re-wraps only the lines an edit changed (the patch in
//! `vendor/ratatui-textarea`). Whatever is typed, it must show exactly what
//! a text area built afresh from the same lines shows.

use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui_textarea::{CursorMove, Input, Key, TextArea, WrapMode};

#[derive(Clone, Debug)]
enum Step {
    Char(char),
    Enter,
    Backspace,
    Delete,
    Paste(String),
    Undo,
    Redo,
    Move(u8),
    DeleteLine,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => prop::sample::select(vec!['字', '病', 'a', ' ', 'Z', '，', '😀']).prop_map(Step::Char),
        1 => Just(Step::Enter),
        1 => Just(Step::Backspace),
        1 => Just(Step::Delete),
        1 => prop::sample::select(vec!["本診所\n深感抱歉", "word wrap test line", "一\n二\n三"]).prop_map(|s| Step::Paste(s.to_string())),
        1 => Just(Step::Undo),
        1 => Just(Step::Redo),
        2 => (0u8..6).prop_map(Step::Move),
        1 => Just(Step::DeleteLine),
    ]
}

fn apply(t: &mut TextArea<'static>, s: &Step) {
    let key = |k: Key| Input {
        key: k,
        ctrl: false,
        alt: false,
        shift: false,
    };
    match s {
        Step::Char(c) => {
            t.input(key(Key::Char(*c)));
        }
        Step::Enter => {
            t.input(key(Key::Enter));
        }
        Step::Backspace => {
            t.input(key(Key::Backspace));
        }
        Step::Delete => {
            t.input(key(Key::Delete));
        }
        Step::Paste(p) => {
            t.insert_str(p);
        }
        Step::Undo => {
            t.undo();
        }
        Step::Redo => {
            t.redo();
        }
        Step::Move(m) => t.move_cursor(match m {
            0 => CursorMove::Up,
            1 => CursorMove::Down,
            2 => CursorMove::Back,
            3 => CursorMove::Forward,
            4 => CursorMove::Head,
            _ => CursorMove::End,
        }),
        Step::DeleteLine => {
            t.move_cursor(CursorMove::Head);
            t.delete_line_by_end();
            t.delete_newline();
        }
    }
}

fn area(lines: &[&str]) -> TextArea<'static> {
    let mut t = TextArea::new(lines.iter().map(|s| s.to_string()).collect());
    t.set_wrap_mode(WrapMode::WordOrGlyph);
    t
}

fn shown(t: &TextArea<'static>) -> (String, (usize, usize)) {
    // Tall enough that nothing scrolls: both start at the top.
    let mut term = Terminal::new(TestBackend::new(9, 120)).expect("terminal");
    term.draw(|f| f.render_widget(t, f.area())).expect("draw");
    let sc = t.screen_cursor();
    (term.backend().to_string(), (sc.row, sc.col))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]
    #[test]
    fn an_edited_area_shows_what_a_fresh_one_shows(steps in prop::collection::vec(step(), 1..40)) {
        let mut edited = area(&["親愛的病友：本診所預約系統", "we will update you", ""]);
        // Drawn once first, so the wrap width is known while editing.
        shown(&edited);
        for s in &steps {
            apply(&mut edited, s);
            let mut fresh = area(&edited.lines().iter().map(String::as_str).collect::<Vec<_>>());
            let ratatui_textarea::DataCursor(row, col) = edited.cursor();
            shown(&fresh);
            fresh.move_cursor(CursorMove::Jump(row as u16, col as u16));
            prop_assert_eq!(shown(&edited), shown(&fresh), "after {:?}", s);
        }
    }
}
