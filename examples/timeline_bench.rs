//! Measures what a long timeline costs the screen.
//!
//! `cargo run --release --example timeline_bench [ENTRIES]` (default 1,000,000)
//! builds a database with one incident and ENTRIES timeline entries in a
//! temporary directory, then times: one page of the timeline (newest and
//! from the middle), the full reload the update step does after an action,
//! and one full frame drawn at 160×48.

use std::time::Instant;

use chrono::Utc;
use crisisdesk::app::App;
use crisisdesk::domain::Content;
use crisisdesk::i18n::Lang;
use crisisdesk::store::Store;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn time<T>(n: u32, mut f: impl FnMut() -> T) -> f64 {
    let start = Instant::now();
    for _ in 0..n {
        std::hint::black_box(f());
    }
    start.elapsed().as_secs_f64() * 1e6 / f64::from(n)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let entries: usize = std::env::args().nth(1).map(|s| s.parse()).transpose()?.unwrap_or(1_000_000);
    let dir = std::env::temp_dir().join(format!("crisisdesk-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("bench.db");
    let content = Content::builtin()?;
    let now = Utc::now();
    let mut store = Store::open(&path, false)?;
    let id = store.declare(content.playbook("data-breach").ok_or("playbook")?, 2, "bench", false, now)?;
    let t = Instant::now();
    let mut left = entries;
    while left > 0 {
        let n = left.min(100_000);
        store.bulk_notes(id, n, now)?;
        left -= n;
    }
    println!("inserted {entries} timeline entries in {:.1} s", t.elapsed().as_secs_f64());

    let newest = time(2000, || store.timeline_page(id, None, 20));
    let mid = (entries / 2) as i64;
    let middle = time(2000, || store.timeline_page(id, Some(mid), 20));
    println!("timeline page (20 rows), newest:      {newest:8.1} µs");
    println!("timeline page (20 rows), from middle: {middle:8.1} µs");

    let mut app = App::new(store, content, Lang::Zh, chrono_tz::Asia::Taipei, now);
    app.set_size(160, 48);
    let mut term = Terminal::new(TestBackend::new(160, 48))?;
    let draw = time(500, || term.draw(|f| crisisdesk::ui::draw(f, &app)).map(|_| ()));
    println!("one frame at 160x48:                  {draw:8.1} µs");
    let reload = time(500, || app.reload());
    println!("reload after an action:               {reload:8.1} µs");
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}
