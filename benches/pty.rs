//! crisisdesk as a person meets it: the real binary in a pseudo-terminal,
//! read back through a terminal emulator. `cargo bench --bench pty`.
//!
//! Compared with the floor (`examples/floor.rs`, the least a program on the
//! same crates does to draw such a screen) and between a record of 1,000
//! timeline entries and one of 1,000,000, as ratios from one run:
//! first frame, keystroke to screen in a short and a 5,000-line draft,
//! peak memory, and the CPU the console and the wall use while nothing
//! happens. `CRISISDESK_BENCH_ENTRIES` shrinks the large record;
//! `CRISISDESK_BENCH_IDLE_SECS` (default 30) sets the idle window and
//! `CRISISDESK_BENCH_RUNS` (default 51) the first-frame runs per program.

mod support;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, NativePtySystem, PtySize, PtySystem};
use support::{Record, Table, build, spread, turn_order};

const COLS: u16 = 160;
const ROWS: u16 = 48;

/// The terminal the reader thread keeps, and how many reads it has taken
/// in; a waiter sleeps on the condition variable until the next read, so
/// watching the screen takes no CPU from the program measured (on two
/// cores, a watcher polling every 200 µs took a share from a program
/// starting four threads).
type Screen = Arc<(Mutex<(vt100::Parser, u64)>, Condvar)>;

struct Pty {
    writer: Box<dyn Write + Send>,
    screen: Screen,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Pty {
    fn spawn(program: &Path, args: &[&str], env: &[(&str, &str)]) -> Pty {
        let pair = NativePtySystem::default()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("openpty");
        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("reader");
        let screen: Screen = Arc::new((Mutex::new((vt100::Parser::new(ROWS, COLS, 0), 0)), Condvar::new()));
        let shared = screen.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 65536];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                let (lock, read) = &*shared;
                if let Ok(mut s) = lock.lock() {
                    s.0.process(&buf[..n]);
                    s.1 += 1;
                }
                read.notify_all();
            }
        });
        Pty {
            writer: pair.master.take_writer().expect("writer"),
            screen,
            child,
            _master: pair.master,
        }
    }

    fn screen(&self) -> String {
        self.screen.0.lock().map(|s| s.0.screen().contents()).unwrap_or_default()
    }

    /// Wait, read by read, until `done` holds for the screen; the moment
    /// it first did.
    fn wait_until(&self, what: &str, limit: Duration, done: impl Fn(&str) -> bool) -> Instant {
        let t = Instant::now();
        let (lock, read) = &*self.screen;
        let mut s = lock.lock().expect("screen");
        loop {
            if done(&s.0.screen().contents()) {
                return Instant::now();
            }
            let seen = s.1;
            while s.1 == seen {
                assert!(t.elapsed() < limit, "{what}:\n{}", s.0.screen().contents());
                s = read.wait_timeout(s, Duration::from_millis(100)).expect("screen").0;
            }
        }
    }

    /// Wait until the screen shows `needle`; the moment it did.
    fn wait_for(&self, needle: &str) -> Instant {
        self.wait_until(&format!("never showed {needle:?}"), Duration::from_secs(60), |s| s.contains(needle))
    }

    fn send(&mut self, s: &str) {
        self.writer.write_all(s.as_bytes()).expect("write");
        self.writer.flush().expect("flush");
    }

    /// Send one key and time until the screen changes.
    fn keystroke(&mut self, s: &str) -> Duration {
        let before = self.screen();
        let t = Instant::now();
        self.send(s);
        self.wait_until("the key changed nothing", Duration::from_secs(10), |now| now != before) - t
    }

    fn pid(&self) -> u32 {
        self.child.process_id().expect("pid")
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// User plus system CPU time of a process so far, from /proc.
fn cpu_time(pid: u32) -> Duration {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // Fields after the command name, which is in parentheses.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<u64>().ok()).unwrap_or(0);
    // utime and stime are fields 14 and 15 of the line, 12 and 13 here.
    let hz = 100; // USER_HZ on Linux
    Duration::from_millis((ticks(11) + ticks(12)) * 1000 / hz)
}

/// Peak resident memory of a process, from /proc.
fn peak_rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

fn crisisdesk() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_crisisdesk"))
}

/// Build the floor program with the same profile and return its path.
fn floor() -> PathBuf {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = std::process::Command::new(cargo)
        .args(["build", "--release", "--quiet", "--example", "floor"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status()
        .expect("cargo build");
    assert!(status.success(), "the floor example did not build");
    let target = std::env::var("CARGO_TARGET_DIR").map_or_else(|_| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"), PathBuf::from);
    target.join("release/examples/floor")
}

fn console_args(rec: &Record) -> Vec<String> {
    vec!["--db".into(), rec.path.display().to_string(), "--operator".into(), "bench".into()]
}

fn env_for(rec: &Record) -> Vec<(&'static str, String)> {
    vec![("XDG_DATA_HOME", rec.path.parent().expect("dir").display().to_string())]
}

fn spawn_console(rec: &Record, extra: &[&str]) -> Pty {
    let mut args = console_args(rec);
    args.extend(extra.iter().map(|s| s.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let env = env_for(rec);
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    Pty::spawn(&crisisdesk(), &args, &env)
}

/// Spawn to first frame.
fn first_frame(spawn: impl Fn() -> Pty, marker: &str) -> Duration {
    let t = Instant::now();
    let p = spawn();
    p.wait_for(marker) - t
}

/// The median first frame of each program, taking turns run by run, so a
/// moment of load on the machine falls on all of them rather than on one.
fn first_frames(runs: usize, programs: &[(&dyn Fn() -> Pty, &str)]) -> Vec<Duration> {
    let mut times = vec![Vec::new(); programs.len()];
    for run in 0..runs {
        for i in turn_order(run, programs.len()) {
            let (spawn, marker) = &programs[i];
            times[i].push(first_frame(spawn, marker));
        }
    }
    times.into_iter().map(|t| spread(t).0).collect()
}

/// Keystrokes at the end of each program's draft, a tenth of a second
/// apart: (median, p95) per program. The programs take turns, `BLOCK` keys
/// each, `ROUNDS` times, so a spell of load on the machine falls on all of
/// them (typed one after another, a noisy half-minute could land on one
/// program's keys alone and move the p95 ratio by half). Each block is
/// followed by a pause in which the console's autosave and its checks of a
/// long draft finish, and the two consoles have a file each, so one
/// program's background work never lands on another's keys.
fn typing_in_turns(programs: &mut [&mut Pty]) -> Vec<(Duration, Duration)> {
    // 120 keys each: the p95 is then the sixth-slowest key, not the third.
    const ROUNDS: usize = 10;
    const BLOCK: usize = 12;
    let mut took = vec![Vec::new(); programs.len()];
    for round in 0..ROUNDS {
        for k in turn_order(round, programs.len()) {
            let (p, took) = (&mut programs[k], &mut took[k]);
            for i in 0..BLOCK {
                let c = if i % 2 == 0 { "字" } else { "a" };
                took.push(p.keystroke(c));
                std::thread::sleep(Duration::from_millis(100));
            }
            std::thread::sleep(Duration::from_millis(2500));
        }
    }
    took.into_iter().map(spread).collect()
}

/// A copy of `rec` in a file of its own (SQLite's `VACUUM INTO`): two
/// consoles open at once on one file would each reload at the other's
/// autosaves, in the middle of the other's keys.
fn copy_of(rec: &Record, name: &str) -> Record {
    let path = rec.path.with_file_name(name);
    let conn = rusqlite::Connection::open(&rec.path).expect("open");
    conn.execute("VACUUM INTO ?1", [path.display().to_string()]).expect("copy");
    Record {
        path,
        big: rec.big,
        other: rec.other,
        long_draft: rec.long_draft,
        short_draft: rec.short_draft,
        entries: rec.entries,
    }
}

/// Open the console in the editor at the end of the statement `which`
/// (0 the short draft, 1 the long one).
fn console_editing(rec: &Record, which: usize) -> Pty {
    let mut p = spawn_console(rec, &[]);
    p.wait_for("時間軸");
    p.send("4");
    std::thread::sleep(Duration::from_millis(200));
    for _ in 0..which {
        p.send("\x1b[B");
        std::thread::sleep(Duration::from_millis(300));
    }
    p.send("\r");
    std::thread::sleep(Duration::from_millis(300));
    // Alt->: to the last line; End: to its end.
    p.send("\x1b>");
    std::thread::sleep(Duration::from_millis(300));
    p.send("\x1b[F");
    std::thread::sleep(Duration::from_millis(500));
    p
}

fn idle_cpu(p: &Pty, secs: u64) -> f64 {
    std::thread::sleep(Duration::from_secs(2));
    let before = cpu_time(p.pid());
    std::thread::sleep(Duration::from_secs(secs));
    let used = cpu_time(p.pid()) - before;
    used.as_secs_f64() * 100.0 / secs as f64
}

fn main() {
    let large: usize = std::env::var("CRISISDESK_BENCH_ENTRIES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let idle_secs: u64 = std::env::var("CRISISDESK_BENCH_IDLE_SECS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(30);
    let floor = floor();
    let dir = tempfile::tempdir().expect("tmp");
    let small = build(dir.path(), "small.db", 10, 1_000, 500, 5_000);
    let big = build(dir.path(), "large.db", 1_000, large, large / 2, 5_000);
    let mut table = Table::new();

    let runs: usize = std::env::var("CRISISDESK_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(51);
    let big_path = big.path.display().to_string();
    let first = first_frames(
        runs,
        &[
            (&|| Pty::spawn(&floor, &[&big_path], &[]), "Timeline"),
            (&|| spawn_console(&small, &[]), "時間軸"),
            (&|| spawn_console(&big, &[]), "時間軸"),
        ],
    );
    let (floor_first, small_first, big_first) = (first[0], first[1], first[2]);
    table.ratio("first frame, 1M vs 1k entries", small_first, big_first, "≤ 1.1");
    table.ratio("first frame vs the floor (1M)", floor_first, big_first, "≤ 1.5");

    let mut f = Pty::spawn(&floor, &[&big.path.display().to_string()], &[]);
    f.wait_for("Timeline");
    let mut short = console_editing(&big, 0);
    let mut long = console_editing(&copy_of(&big, "large-copy.db"), 1);
    let keys = typing_in_turns(&mut [&mut f, &mut short, &mut long]);
    let (floor_key, short_key, long_key) = (keys[0], keys[1], keys[2]);
    let floor_rss = peak_rss_kib(f.pid());
    let console_rss = peak_rss_kib(short.pid());
    drop((f, short, long));
    // Not among the targets: the console draws a fuller screen for each key.
    table.ratio("keystroke, short draft vs the floor (median)", floor_key.0, short_key.0, "—");
    table.ratio("keystroke, 5,000-line vs short draft (median)", short_key.0, long_key.0, "≤ 1.2");
    table.ratio("keystroke, 5,000-line vs short draft (p95)", short_key.1, long_key.1, "≤ 1.2");
    table.value(
        "peak memory vs the floor",
        format!("{floor_rss} KiB → {console_rss} KiB"),
        console_rss as f64 / floor_rss.max(1) as f64,
        "—",
    );

    let console = spawn_console(&big, &[]);
    console.wait_for("時間軸");
    let console_cpu = idle_cpu(&console, idle_secs);
    drop(console);
    let wall = spawn_console(&big, &["wall"]);
    wall.wait_for("唯讀畫面");
    let wall_cpu = idle_cpu(&wall, idle_secs);
    drop(wall);
    table.value(
        &format!("idle CPU over {idle_secs} s, console and wall (% of a core)"),
        format!("console {console_cpu:.2} %, wall {wall_cpu:.2} %"),
        console_cpu.max(wall_cpu),
        "≈ 0",
    );
    table.print("crisisdesk in a pseudo-terminal (cargo bench --bench pty)");
}
