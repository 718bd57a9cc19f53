//! The real binary in a pseudo-terminal, read back through a terminal
//! emulator (vt100), as a person would see it. Shared by the end-to-end,
//! wall and multi-process tests.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, NativePtySystem, PtySize, PtySystem};

pub struct Tui {
    pub writer: Box<dyn Write + Send>,
    pub parser: Arc<Mutex<vt100::Parser>>,
    pub child: Box<dyn portable_pty::Child + Send + Sync>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
    stop: Arc<std::sync::atomic::AtomicBool>,
    reader_thread: Option<std::thread::JoinHandle<()>>,
}

/// How long to wait for the screen to show something before failing with
/// the screen's contents. A bound on waiting, not a timing assertion.
pub const PATIENCE: Duration = Duration::from_secs(20);

impl Tui {
    /// Run the binary with `--db DB` and then `args` (a subcommand or flags).
    pub fn spawn(db: &Path, args: &[&str], cols: u16, rows: u16) -> Tui {
        Self::spawn_env(db, args, &[], cols, rows)
    }

    pub fn spawn_env(db: &Path, args: &[&str], env: &[(&str, &str)], cols: u16, rows: u16) -> Tui {
        let pty = NativePtySystem::default();
        let pair = pty
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("openpty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_crisisdesk"));
        cmd.arg("--db");
        cmd.arg(db);
        for a in args {
            cmd.arg(a);
        }
        cmd.env("TERM", "xterm-256color");
        cmd.env("XDG_DATA_HOME", db.parent().expect("dir"));
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("reader");
        let writer = pair.master.take_writer().expect("writer");
        let parser = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let p = parser.clone();
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let stopped = stop.clone();
        let fd = pair.master.as_raw_fd().expect("master fd");
        // Poll before reading, so `hang_up` can stop this thread and let the
        // pty really close (a blocked read would hold the master open).
        let reader_thread = std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while !stopped.load(std::sync::atomic::Ordering::SeqCst) {
                let mut pfd = libc::pollfd {
                    fd,
                    events: libc::POLLIN,
                    revents: 0,
                };
                // SAFETY: one pollfd we own, a bounded timeout.
                if unsafe { libc::poll(&mut pfd, 1, 50) } <= 0 {
                    continue;
                }
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        if let Ok(mut parser) = p.lock() {
                            parser.process(&buf[..n]);
                        }
                    }
                }
            }
        });
        Tui {
            writer,
            parser,
            child,
            _master: pair.master,
            stop,
            reader_thread: Some(reader_thread),
        }
    }

    pub fn screen(&self) -> String {
        self.parser.lock().map(|p| p.screen().contents()).unwrap_or_default()
    }

    pub fn wait_for(&self, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if s.contains(needle) {
                return s;
            }
            assert!(start.elapsed() < PATIENCE, "waited for {needle:?}; the screen shows:\n{s}");
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    pub fn send(&mut self, s: &str) {
        self.writer.write_all(s.as_bytes()).expect("write");
        self.writer.flush().expect("flush");
        // Let the app take the keys as separate events (a lone ESC must not
        // merge with the next key into an escape sequence).
        std::thread::sleep(Duration::from_millis(60));
    }

    pub fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(st) = self.child.try_wait().expect("wait") {
                return st;
            }
            assert!(start.elapsed() < PATIENCE, "the app did not exit; screen:\n{}", self.screen());
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    /// Every mode the console set is undone: the alternate screen left, the
    /// cursor shown, bracketed paste and mouse capture off (as the terminal
    /// emulator saw the output), and raw mode off (as the pty's line
    /// discipline reports it).
    pub fn restored(&self) -> bool {
        let screen_ok = self
            .parser
            .lock()
            .map(|p| {
                let s = p.screen();
                !s.alternate_screen()
                    && !s.hide_cursor()
                    && !s.bracketed_paste()
                    && s.mouse_protocol_mode() == vt100::MouseProtocolMode::None
            })
            .unwrap_or(false);
        screen_ok && self.cooked()
    }

    pub fn cooked(&self) -> bool {
        let Some(fd) = self._master.as_raw_fd() else { return false };
        // SAFETY: tcgetattr only writes into the zeroed struct we own.
        let mut t: libc::termios = unsafe { std::mem::zeroed() };
        if unsafe { libc::tcgetattr(fd, &mut t) } != 0 {
            return false;
        }
        t.c_lflag & libc::ICANON != 0 && t.c_lflag & libc::ECHO != 0
    }

    /// Close the pseudo-terminal, as a lost SSH session or a closed
    /// terminal window does, and hand back the process.
    pub fn hang_up(mut self) -> Box<dyn portable_pty::Child + Send + Sync> {
        self.stop.store(true, std::sync::atomic::Ordering::SeqCst);
        if let Some(t) = self.reader_thread.take() {
            let _ = t.join();
        }
        drop(self.writer);
        drop(self._master);
        self.child
    }

    pub fn pid(&self) -> i32 {
        self.child.process_id().map(|p| p as i32).expect("pid")
    }

    /// Every cell of the first row on a background of its own: black, or
    /// red or yellow for an alert (the projector theme), never the
    /// terminal's default.
    pub fn projector_theme(&self) -> bool {
        self.parser
            .lock()
            .map(|p| {
                let screen = p.screen();
                let cols = screen.size().1;
                // The cell behind a wide character carries no colour of its own.
                (0..cols).all(|c| {
                    screen
                        .cell(0, c)
                        .is_some_and(|cell| cell.is_wide_continuation() || matches!(cell.bgcolor(), vt100::Color::Idx(0 | 1 | 3)))
                })
            })
            .unwrap_or(false)
    }

    pub fn in_wall(&self) -> bool {
        self.parser
            .lock()
            .map(|p| p.screen().alternate_screen() && p.screen().hide_cursor())
            .unwrap_or(false)
    }
}
