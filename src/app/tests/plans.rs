//! What reading an incident's screen asks of SQLite.

use super::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// A sort or a temporary b-tree in a statement is set up afresh, with
/// memory of its own, every time it runs; the console's and the wall's
/// screens are read at every reload, so what they show must come out of
/// an index in the order it is shown.
#[test]
fn every_read_of_an_incident_s_screen_comes_in_order_from_an_index() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("plans.db");
    {
        let mut a = app_on(Store::open(&path, false).expect("open"), (160, 48));
        declare(&mut a, "資料外洩");
        declare(&mut a, "第二件");
        edit_statement(&mut a);
        chars(&mut a, "本診所");
        key(&mut a, KeyCode::Esc);
    }
    let mut store = Store::open(&path, false).expect("open");
    let console = store.record_statements();
    let mut a = app_on(store, (160, 48));
    let mut term = Terminal::new(TestBackend::new(160, 48)).expect("terminal");
    term.draw(|f| crate::ui::draw(f, &a)).expect("draw");
    a.tick(t0() + chrono::Duration::seconds(5));
    a.open_incident(1);
    term.draw(|f| crate::ui::draw(f, &a)).expect("draw");

    let mut reader = Store::open_reader(&path).expect("reader");
    let wall = reader.record_statements();
    crate::wall::load(&reader, Some(2), a.content, t0()).expect("wall");

    let mut reads: Vec<String> = Vec::new();
    for sql in console.lock().expect("console").iter().chain(wall.lock().expect("wall").iter()) {
        let head = sql.trim_start().to_ascii_uppercase();
        if (head.starts_with("SELECT") || head.starts_with("WITH")) && !reads.contains(sql) {
            reads.push(sql.clone());
        }
    }
    assert!(reads.len() > 20, "the screens' reads were recorded: {reads:#?}");
    let sorted: Vec<(&String, Vec<String>)> = reads
        .iter()
        .map(|sql| (sql, reader.temporary_structures(sql)))
        .filter(|(_, t)| !t.is_empty())
        .collect();
    assert!(sorted.is_empty(), "{sorted:#?}");
}
