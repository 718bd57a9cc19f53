//! What the benchmarks share: building a record of a given size quickly,
//! and timing with medians.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use crisisdesk::domain::Content;
use crisisdesk::domain::types::Audience;
use crisisdesk::store::Store;

/// A record to measure against.
pub struct Record {
    pub path: PathBuf,
    /// The incident with most entries.
    pub big: i64,
    /// Another incident, to switch to.
    pub other: i64,
    /// A statement of the big incident with a draft of `draft_lines` lines.
    pub long_draft: i64,
    /// A statement of the big incident with a three-line draft.
    pub short_draft: i64,
    pub entries: usize,
}

/// One line of a Traditional Chinese draft, about 40 characters.
pub const DRAFT_LINE: &str = "本診所已於今日上午發現預約系統異常，並立即啟動應變小組，持續與主管機關聯繫說明。";

/// Build `incidents` incidents holding `entries` timeline entries in all,
/// `big` of them in one incident, with valid hash chains (every entry goes
/// through the store as a console would write it, in large transactions).
pub fn build(dir: &Path, name: &str, incidents: usize, entries: usize, big: usize, draft_lines: usize) -> Record {
    let path = dir.join(name);
    let _ = std::fs::remove_file(&path);
    let content = Content::builtin().expect("content");
    let pb = content.playbook("data-breach").expect("playbook");
    let now = Utc::now() - chrono::Duration::hours(2);
    let mut s = Store::open(&path, false).expect("open");
    s.set_operator(Some("bench".into()));
    let mut ids = Vec::new();
    for i in 0..incidents {
        ids.push(s.declare(pb, 2, &format!("事件 {i}"), false, now).expect("declare"));
    }
    let declared = ids.len();
    let rest = entries.saturating_sub(big + declared);
    let each = rest / (ids.len().saturating_sub(1)).max(1);
    let big_id = *ids.last().expect("an incident");
    for &id in &ids[..ids.len() - 1] {
        add(&mut s, id, each, now);
    }
    add(&mut s, big_id, big, now);
    // The short draft first: the console opens on it, as on most days.
    let short = s.create_statement(big_id, Audience::Media, "", now).expect("statement");
    s.save_statement_body(short, &[DRAFT_LINE; 3].join("\n"), now).expect("save");
    let long = s.create_statement(big_id, Audience::Media, "", now).expect("statement");
    let body = vec![DRAFT_LINE; draft_lines].join("\n");
    s.save_statement_body(long, &body, now).expect("save");
    Record {
        path,
        big: big_id,
        other: ids[0],
        long_draft: long,
        short_draft: short,
        entries,
    }
}

fn add(s: &mut Store, id: i64, n: usize, now: DateTime<Utc>) {
    let mut left = n;
    while left > 0 {
        let k = left.min(100_000);
        s.bulk_notes(id, k, now).expect("notes");
        left -= k;
    }
}

/// The median and the 95th percentile of `runs` timings of `f`.
pub fn time(runs: usize, mut f: impl FnMut()) -> (Duration, Duration) {
    let mut v: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    v.sort();
    (v[v.len() / 2], v[(v.len() * 95 / 100).min(v.len() - 1)])
}

/// The medians of `runs` timings each of `a` and `b`, taken in turns, so a
/// moment of load on the machine falls on both sides of a ratio rather
/// than on one.
pub fn paired(runs: usize, mut a: impl FnMut(), mut b: impl FnMut()) -> (Duration, Duration) {
    let timed = |f: &mut dyn FnMut()| {
        let t = Instant::now();
        f();
        t.elapsed()
    };
    let [ta, tb] = in_turns(runs, [&mut || timed(&mut a), &mut || timed(&mut b)]);
    (spread(ta).0, spread(tb).0)
}

/// `rounds` rounds in which each of `fs` runs once, what each returns kept
/// apart, in `turn_order`.
pub fn in_turns<T, const N: usize>(rounds: usize, fs: [&mut dyn FnMut() -> T; N]) -> [Vec<T>; N] {
    let mut out: [Vec<T>; N] = std::array::from_fn(|_| Vec::with_capacity(rounds));
    for round in 0..rounds {
        for i in turn_order(round, N) {
            out[i].push(fs[i]());
        }
    }
    out
}

/// The order of `n` compared programs in round `round`, reversed every
/// other round. Whichever runs right after another finds the caches and
/// the machine as that one left them (about 2% on a keystroke here, even
/// with both on the same record), so neither of a pair always goes first.
pub fn turn_order(round: usize, n: usize) -> Vec<usize> {
    if round.is_multiple_of(2) {
        (0..n).collect()
    } else {
        (0..n).rev().collect()
    }
}

/// The median and the 95th percentile of timings taken elsewhere.
pub fn spread(mut v: Vec<Duration>) -> (Duration, Duration) {
    v.sort();
    (v[v.len() / 2], v[(v.len() * 95 / 100).min(v.len() - 1)])
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// A table of figures, each a ratio against its pair, with the absolute
/// times beside it only for orientation: a ratio from one run on one
/// machine is what the targets are stated in.
pub struct Table {
    rows: Vec<(String, String, f64, String)>,
}

impl Table {
    pub fn new() -> Table {
        Table { rows: Vec::new() }
    }

    pub fn ratio(&mut self, what: &str, a: Duration, b: Duration, target: &str) {
        let r = b.as_secs_f64() / a.as_secs_f64().max(1e-9);
        let detail = format!("{:.2} ms → {:.2} ms", ms(a), ms(b));
        self.rows.push((what.to_string(), detail, r, target.to_string()));
    }

    pub fn value(&mut self, what: &str, detail: String, value: f64, target: &str) {
        self.rows.push((what.to_string(), detail, value, target.to_string()));
    }

    pub fn print(&self, title: &str) {
        println!("\n{title}\n");
        println!("| figure | ratio | target | times |");
        println!("|---|---|---|---|");
        for (what, detail, r, target) in &self.rows {
            println!("| {what} | {r:.2} | {target} | {detail} |");
        }
    }
}
