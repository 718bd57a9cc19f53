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
    let content = Content::builtin().expect("content");
    let (breach, drill) = {
        // Every pane with something in it, so each read runs: staff on
        // roles, an activated call tree, people on the register (their
        // clocks), a draft, and a drill beside the real incident.
        let mut s = Store::open(&path, false).expect("open");
        let pb = content.playbook("data-breach").expect("playbook");
        let breach = s.declare(pb, 2, "資料外洩", false, t0()).expect("declare");
        let lin = s.add_person("林院長", "0900-000-101", "", t0()).expect("person");
        s.assign_role(breach, "commander", lin, t0()).expect("assign");
        let tree = crate::domain::reach::builtin_trees(content)
            .expect("trees")
            .iter()
            .find(|t| t.crisis_type == "data-breach")
            .expect("tree");
        s.set_up_call_tree(breach, tree, t0()).expect("tree");
        s.set_call_message(breach, "緊急集合", "請立即回電。").expect("message");
        s.activate_call_tree(breach, t0()).expect("activate");
        let rows =
            crate::domain::reach::parse_affected_csv("identifier,what\nC-001,預約資料\n".as_bytes(), crate::domain::zone::Zone::taipei())
                .expect("rows");
        s.import_affected(breach, &rows, t0()).expect("register");
        s.create_statement(breach, Audience::Media, "本診所深感抱歉。", t0())
            .expect("statement");
        let (sc, src) = crate::domain::drill::library(content).expect("library")[0].clone();
        let drill = s
            .start_drill(content.playbook(&sc.crisis_type).expect("playbook"), &sc, src, t0())
            .expect("drill");
        (breach, drill)
    };
    let mut store = Store::open(&path, false).expect("open");
    let console = store.record_statements();
    let mut a = app_on(store, (160, 48));
    a.show_drills = true;
    let mut term = Terminal::new(TestBackend::new(160, 48)).expect("terminal");
    a.open_incident(breach);
    term.draw(|f| crate::ui::draw(f, &a)).expect("draw");
    let person_clock = |a: &App| a.view.as_ref().is_some_and(|v| v.deadlines.iter().any(|d| d.persons.is_some()));
    assert!(person_clock(&a), "the register's clocks were read");
    a.tick(t0() + chrono::Duration::seconds(5));
    a.open_incident(drill);
    term.draw(|f| crate::ui::draw(f, &a)).expect("draw");
    assert!(a.drill.is_some(), "the drill's injects were read");

    let mut reader = Store::open_reader(&path).expect("reader");
    let wall = reader.record_statements();
    for id in [breach, drill] {
        crate::wall::load(&reader, Some(id), a.content, t0()).expect("wall");
    }

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
