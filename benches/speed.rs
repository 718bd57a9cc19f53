//! How the console's speed depends on the size of the record and the draft,
//! measured inside the process. `cargo bench --bench speed`.
//!
//! Each figure is a ratio against its pair from the same run: the same
//! action on a record of 1,000 timeline entries and on one of 1,000,000
//! (1,000 incidents, one of them 500,000 entries long); a keystroke in a
//! three-line draft and in a 5,000-line one. Absolute times vary with the
//! machine; the ratios are what the targets are stated in. The figures
//! through a real terminal are in `benches/pty.rs`.
//!
//! `CRISISDESK_BENCH_ENTRIES` makes the large record smaller for a quick run;
//! `CRISISDESK_BENCH_MONITOR=1` runs only the monitoring figures (importing
//! 10,000 mentions, the board on 10,000 vs 100).

mod support;

use std::time::{Duration, Instant};

use chrono::Utc;
use crisisdesk::action::{Action, Pane};
use crisisdesk::app::App;
use crisisdesk::cli::Format;
use crisisdesk::domain::Content;
use crisisdesk::i18n::Lang;
use crisisdesk::report::ReportFormat;
use crisisdesk::store::Store;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use support::{Record, Table, build, in_turns, paired, time};

const W: u16 = 160;
const H: u16 = 48;

fn content() -> &'static Content {
    Content::builtin().expect("content")
}

fn console(path: &std::path::Path) -> App {
    let store = Store::open(path, false).expect("open");
    App::new(
        store,
        content(),
        Lang::Zh,
        crisisdesk::domain::zone::Zone::taipei(),
        Utc::now(),
        (W, H),
    )
}

fn draw(term: &mut Terminal<TestBackend>, app: &App) {
    term.draw(|f| crisisdesk::ui::draw(f, app)).expect("draw");
}

/// Open the record and draw the first screen: a closure for `paired`.
fn first_frame(rec: &Record) -> impl FnMut() {
    let mut term = Terminal::new(TestBackend::new(W, H)).expect("terminal");
    let path = rec.path.clone();
    move || {
        let app = console(&path);
        draw(&mut term, &app);
    }
}

/// Open the console on `rec`'s big incident with `statement` in the
/// editor, the cursor at the end of its text.
fn editing(rec: &Record, statement: i64) -> App {
    let mut app = console(&rec.path);
    app.open_incident(rec.big);
    app.dispatch(Action::Focus(Pane::Statement));
    let idx = app
        .view
        .as_ref()
        .and_then(|v| v.statements.iter().position(|s| s.id == statement))
        .expect("statement");
    for _ in 0..idx {
        app.dispatch(Action::Down);
    }
    app.dispatch(Action::EditStatement);
    assert!(app.editor.editing && app.editor.statement_id == Some(statement));
    app.editor.textarea.move_cursor(ratatui_textarea::CursorMove::Bottom);
    app.editor.textarea.move_cursor(ratatui_textarea::CursorMove::End);
    app
}

/// One keystroke as the event loop handles it: the key and the frame that
/// shows it, then the tick's work after the frame (the checks' bookkeeping,
/// and every sixth key an autosave), typing ten keys a second. Each call
/// types one key and returns (key to screen, the tick after it).
fn typist(rec: &Record, statement: i64) -> impl FnMut() -> (Duration, Duration) {
    let mut app = editing(rec, statement);
    let mut term = Terminal::new(TestBackend::new(W, H)).expect("terminal");
    let start = Utc::now();
    let mut k = 0;
    move || {
        k += 1;
        let t = Instant::now();
        app.handle_key(KeyEvent::new(KeyCode::Char('字'), KeyModifiers::NONE));
        draw(&mut term, &app);
        let shown = t.elapsed();
        let t = Instant::now();
        app.tick(start + chrono::Duration::milliseconds(100 * k));
        (shown, t.elapsed())
    }
}

/// 300 keys typed into each of two drafts in turns: for each, the
/// key-to-screen median and p95, and the tick's median and p95.
fn keystrokes(mut a: impl FnMut() -> (Duration, Duration), mut b: impl FnMut() -> (Duration, Duration)) -> [[Duration; 4]; 2] {
    in_turns(300, [&mut a as &mut dyn FnMut() -> (Duration, Duration), &mut b]).map(|keys| {
        let (shown, after): (Vec<_>, Vec<_>) = keys.into_iter().unzip();
        let (a, b) = (support::spread(shown), support::spread(after));
        [a.0, a.1, b.0, b.1]
    })
}

/// Flip between two incidents and draw: a closure for `paired`.
fn switching(rec: &Record) -> impl FnMut() {
    let mut app = console(&rec.path);
    let mut term = Terminal::new(TestBackend::new(W, H)).expect("terminal");
    let (other, big) = (rec.other, rec.big);
    let mut flip = false;
    move || {
        flip = !flip;
        app.open_incident(if flip { other } else { big });
        draw(&mut term, &app);
    }
}

/// The timeline to its oldest page, drawn, and back: a closure for `paired`.
fn scroll_to_end(rec: &Record) -> impl FnMut() {
    let mut app = console(&rec.path);
    app.open_incident(rec.big);
    app.dispatch(Action::Focus(Pane::Timeline));
    let mut term = Terminal::new(TestBackend::new(W, H)).expect("terminal");
    move || {
        app.dispatch(Action::Bottom);
        draw(&mut term, &app);
        app.dispatch(Action::Top);
    }
}

/// Another process writes a note; the wall notices and reads its screen
/// (the write itself is not timed: it is the other process's). A closure
/// for `paired` that times itself, so it returns its own timings.
fn wall_refresh(rec: &Record) -> impl FnMut() -> Duration {
    let mut writer = Store::open(&rec.path, false).expect("writer");
    let reader = Store::open_reader(&rec.path).expect("reader");
    let big = rec.big;
    move || {
        writer.add_note(big, "wall", Utc::now(), Utc::now()).expect("note");
        let t = Instant::now();
        reader.data_version().expect("version");
        std::hint::black_box(crisisdesk::wall::load(&reader, Some(big), content(), Utc::now()).expect("load"));
        t.elapsed()
    }
}

fn whole_record(rec: &Record, what: &str) -> Duration {
    let store = Store::open(&rec.path, false).expect("open");
    let now = Utc::now();
    let t = Instant::now();
    let mut sink = std::io::sink();
    match what {
        "export" => crisisdesk::cli::export::export(
            &store,
            content(),
            rec.big,
            Format::Json,
            Lang::Zh,
            crisisdesk::domain::zone::Zone::taipei(),
            now,
            &mut sink,
        )
        .expect("export"),
        "report" => crisisdesk::report::write(
            &store,
            content(),
            rec.big,
            ReportFormat::Md,
            Lang::Zh,
            crisisdesk::domain::zone::Zone::taipei(),
            now,
            &mut sink,
        )
        .expect("report"),
        _ => {
            store.verify(rec.big).expect("verify").expect("whole");
        }
    }
    t.elapsed()
}

fn paste(rec: &Record, chars: usize) -> Duration {
    let mut app = editing(rec, rec.short_draft);
    let text: String = support::DRAFT_LINE.chars().cycle().take(chars).collect();
    let mut term = Terminal::new(TestBackend::new(W, H)).expect("terminal");
    let t = Instant::now();
    app.paste(&text);
    draw(&mut term, &app);
    app.tick(Utc::now() + chrono::Duration::seconds(1));
    draw(&mut term, &app);
    t.elapsed()
}

/// Where a long-draft keystroke's time goes (`CRISISDESK_BENCH_PARTS=1`).
fn keystroke_parts(rec: &Record, statement: i64) {
    let mut app = editing(rec, statement);
    let mut term = Terminal::new(TestBackend::new(W, H)).expect("terminal");
    let start = Utc::now();
    let (mut key, mut frame, mut tick) = (Duration::ZERO, Duration::ZERO, Duration::ZERO);
    for k in 1..=400 {
        let t = Instant::now();
        app.handle_key(KeyEvent::new(KeyCode::Char('字'), KeyModifiers::NONE));
        key += t.elapsed();
        let t = Instant::now();
        draw(&mut term, &app);
        frame += t.elapsed();
        let t = Instant::now();
        app.tick(start + chrono::Duration::milliseconds(100 * k));
        tick += t.elapsed();
    }
    println!("per key: key {:?} frame {:?} tick {:?}", key / 400, frame / 400, tick / 400);
}

/// `n` mentions as the CSV a clinic would type, from several sources.
fn mention_csv(n: usize) -> String {
    let sources = ["facebook", "dcard", "threads", "line", "instagram", "news"];
    let mut csv = String::from("source,author,time,text,link,rating,id\n");
    for i in 0..n {
        let source = sources[i % sources.len()];
        csv.push_str(&format!(
            "{source},網友{i},2026-11-{:02} {:02}:{:02},在安心診所做雷射後臉部紅腫，第 {i} 則留言，希望診所說明,https://www.example.tw/{source}/post/{i}?utm_source=share,{},\n",
            1 + (i / 1440) % 28,
            (i / 60) % 24,
            i % 60,
            1 + i % 5,
        ));
    }
    csv
}

/// Parse and store `n` mentions into a fresh file (one transaction), then
/// import the same file again (every mention already known).
fn import_mentions(dir: &std::path::Path, n: usize) -> (Duration, Duration, std::path::PathBuf) {
    let path = dir.join(format!("mentions-{n}.db"));
    let csv = mention_csv(n);
    let mut store = Store::open(&path, false).expect("open");
    let now = Utc::now();
    let t = Instant::now();
    let items = crisisdesk::domain::monitor::parse("m.csv", csv.as_bytes(), crisisdesk::domain::zone::Zone::taipei(), now).expect("parse");
    let c = store.import_mentions(&items, "m.csv", None, now).expect("import");
    let first = t.elapsed();
    assert_eq!(c.added, n);
    let t = Instant::now();
    let items = crisisdesk::domain::monitor::parse("m.csv", csv.as_bytes(), crisisdesk::domain::zone::Zone::taipei(), now).expect("parse");
    let c = store.import_mentions(&items, "m.csv", None, now).expect("again");
    assert_eq!(c.unchanged, n);
    (first, t.elapsed(), path)
}

/// Opening the board and paging through it, drawn each time.
/// Open the board, page down and back up, filter, close: a closure for
/// `paired`. Both boards visit the same pages (100 mentions make three), so
/// the ratio is about how many mentions there are, not how deep one reads.
fn board(path: &std::path::Path) -> impl FnMut() {
    let mut app = console(path);
    let mut term = Terminal::new(TestBackend::new(W, H)).expect("terminal");
    move || {
        app.dispatch(Action::OpenMonitor);
        for a in [Action::PageDown, Action::PageDown, Action::PageUp, Action::PageUp] {
            app.dispatch(a);
            draw(&mut term, &app);
        }
        app.dispatch(Action::FilterState);
        draw(&mut term, &app);
        app.dispatch(Action::Back);
    }
}

fn monitor_figures(table: &mut Table) {
    let dir = tempfile::tempdir().expect("tmp");
    let (small_import, _, small) = import_mentions(dir.path(), 100);
    let (import, again, large) = import_mentions(dir.path(), 10_000);
    table.value(
        "importing 10,000 mentions (parse + store, one transaction)",
        format!(
            "{:.0} ms; 100 mentions {:.1} ms; the same 10,000 again (all known) {:.0} ms",
            import.as_secs_f64() * 1e3,
            small_import.as_secs_f64() * 1e3,
            again.as_secs_f64() * 1e3
        ),
        import.as_secs_f64(),
        "< 1 s",
    );
    let (a, b) = paired(101, board(&small), board(&large));
    table.ratio("monitoring board, paging and filtering, 10,000 vs 100 mentions", a, b, "≤ 1.1");
}

fn main() {
    if std::env::var("CRISISDESK_BENCH_MONITOR").is_ok() {
        let mut table = Table::new();
        monitor_figures(&mut table);
        table.print("crisisdesk, monitoring (CRISISDESK_BENCH_MONITOR=1 cargo bench --bench speed)");
        return;
    }
    if std::env::var("CRISISDESK_BENCH_PARTS").is_ok() {
        let dir = tempfile::tempdir().expect("tmp");
        let rec = build(dir.path(), "parts.db", 2, 1_000, 500, 5_000);
        if std::env::var("CRISISDESK_BENCH_PARTS").as_deref() == Ok("first") {
            let mut open = first_frame(&rec);
            for _ in 0..20 {
                open();
            }
            return;
        }
        if std::env::var("CRISISDESK_BENCH_PARTS").as_deref() != Ok("long") {
            keystroke_parts(&rec, rec.short_draft);
        }
        keystroke_parts(&rec, rec.long_draft);
        return;
    }
    // `cargo bench` passes --bench; a plain run takes no arguments either.
    let large: usize = std::env::var("CRISISDESK_BENCH_ENTRIES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let dir = tempfile::tempdir().expect("tmp");
    let t = Instant::now();
    let small = build(dir.path(), "small.db", 10, 1_000, 500, 5_000);
    let built_small = t.elapsed();
    let t = Instant::now();
    let big = build(dir.path(), "large.db", 1_000, large, large / 2, 5_000);
    println!(
        "built {} entries in {:.1} s and {} entries in {:.1} s",
        small.entries,
        built_small.as_secs_f64(),
        big.entries,
        t.elapsed().as_secs_f64()
    );

    let mut table = Table::new();
    let (ff_small, ff_large) = paired(15, first_frame(&small), first_frame(&big));
    table.ratio("first frame, 1M vs 1k entries", ff_small, ff_large, "≤ 1.1");

    let mut term = Terminal::new(TestBackend::new(W, H)).expect("terminal");
    let mut open = |statement: i64| time(5, || draw(&mut term, &editing(&big, statement))).0;
    let (open_short, open_long) = (open(big.short_draft), open(big.long_draft));
    table.ratio(
        "opening a 5,000-line draft vs a 3-line one (wraps it once)",
        open_short,
        open_long,
        "—",
    );
    let [short, long] = keystrokes(typist(&big, big.short_draft), typist(&big, big.long_draft));
    table.ratio(
        "keystroke to screen, 5,000-line vs 3-line draft (median)",
        short[0],
        long[0],
        "≤ 1.2",
    );
    table.ratio("keystroke to screen, 5,000-line vs 3-line draft (p95)", short[1], long[1], "≤ 1.2");
    table.ratio("work after the frame, 5,000-line vs 3-line (median)", short[2], long[2], "—");
    table.ratio("work after the frame, 5,000-line vs 3-line (p95, autosave)", short[3], long[3], "—");
    let [small_key, big_key] = keystrokes(typist(&small, small.short_draft), typist(&big, big.short_draft));
    table.ratio("keystroke to screen, 1M vs 1k entries", small_key[0], big_key[0], "≤ 1.1");

    let (a, b) = paired(40, switching(&small), switching(&big));
    table.ratio("switching incidents, 1M vs 1k", a, b, "≤ 1.1");
    let (a, b) = paired(40, scroll_to_end(&small), scroll_to_end(&big));
    table.ratio("timeline to its end and back, 1M vs 1k", a, b, "≤ 1.1");
    let (mut wall_small, mut wall_big) = (wall_refresh(&small), wall_refresh(&big));
    let [ta, tb] = in_turns(40, [&mut wall_small as &mut dyn FnMut() -> Duration, &mut wall_big]);
    let (a, b) = (support::spread(ta).0, support::spread(tb).0);
    table.ratio("wall refresh after a write, 1M vs 1k", a, b, "≤ 1.1");

    // Whole-record work grows with the record by nature: per entry.
    for what in ["export", "verify", "report"] {
        let (a, b) = (whole_record(&small, what), whole_record(&big, what));
        let per = |d: Duration, n: usize| d.as_secs_f64() * 1e6 / n as f64;
        let (pa, pb) = (per(a, small.entries / 2), per(b, big.entries / 2));
        table.value(
            &format!("{what} per entry, {}k vs 500 entries", big.entries / 2000),
            format!("{pa:.2} µs → {pb:.2} µs per entry; {:.2} s in all", b.as_secs_f64()),
            pb / pa.max(1e-9),
            if what == "verify" { "≤ 1.1; under 2 s" } else { "≤ 1.1" },
        );
    }

    let ok_paste = paste(&small, 190_000);
    let refused = paste(&small, 1_000_000);
    table.ratio("a 190,000-character paste vs a refused 1 MB one", refused, ok_paste, "—");
    monitor_figures(&mut table);
    table.print("crisisdesk, in-process (cargo bench --bench speed)");
}
