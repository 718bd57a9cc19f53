//! The terminal session: set up, the event loop, and restoring the
//! terminal on every way out (quit, error, panic, signal). The console and
//! the wall share the session; only the console's loop lives here.

mod wide;

use std::io::{self, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use chrono::Utc;
use crossterm::event::{self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture};
use crossterm::terminal::{self, EnterAlternateScreen, LeaveAlternateScreen};
use crossterm::{cursor, execute};
use ratatui::Terminal;

use crate::app::App;

const TICK: Duration = Duration::from_millis(250);

/// Undo every mode `enter` set. Safe to call more than once, from any thread.
pub fn restore() {
    let _ = terminal::disable_raw_mode();
    let mut out = io::stdout();
    let _ = execute!(out, DisableMouseCapture, DisableBracketedPaste, LeaveAlternateScreen, cursor::Show);
    let _ = out.flush();
}

/// Which input modes a screen asks the terminal for, beyond raw mode and
/// the alternate screen.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Modes {
    pub paste_and_mouse: bool,
}

fn enter(modes: Modes) -> io::Result<()> {
    terminal::enable_raw_mode()?;
    // Clear with a plain escape: ratatui's `Terminal::clear` asks the terminal
    // for the cursor position, which some terminals never answer.
    let mut out = io::stdout();
    execute!(out, EnterAlternateScreen, terminal::Clear(terminal::ClearType::All))?;
    if modes.paste_and_mouse {
        execute!(out, EnableBracketedPaste, EnableMouseCapture)?;
    }
    Ok(())
}

/// Restores the terminal when dropped, so an early `?` return restores too.
struct Guard;
impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}

/// A panic restores the terminal and prints one line; no backtrace and no
/// payload, since a payload could hold a patient's details.
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        restore();
        let at = info.location().map(|l| format!(" ({}:{})", l.file(), l.line())).unwrap_or_default();
        eprintln!("crisisdesk: internal error{at}. Every action you completed is saved; please report this.");
    }));
}

/// SIGTERM, SIGHUP and SIGINT ask the loop to save and stop. If the loop
/// does not answer quickly (a closed pty can leave it blocked), the signal
/// thread restores the terminal and exits itself.
fn install_signal_handlers(stop: Arc<AtomicBool>, done: Arc<AtomicBool>) -> io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT])?;
    std::thread::spawn(move || {
        if let Some(sig) = signals.forever().next() {
            stop.store(true, Ordering::SeqCst);
            for _ in 0..12 {
                if done.load(Ordering::SeqCst) {
                    return;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            restore();
            std::process::exit(128 + sig);
        }
    });
    Ok(())
}

/// A running terminal session: the panic hook and the signal thread are
/// installed, the terminal is in raw mode on the alternate screen, and
/// dropping the session restores it.
pub(crate) struct Session {
    stop: Arc<AtomicBool>,
    done: Arc<AtomicBool>,
    _guard: Guard,
}

impl Session {
    pub(crate) fn start(modes: Modes) -> io::Result<Session> {
        install_panic_hook();
        let stop = Arc::new(AtomicBool::new(false));
        let done = Arc::new(AtomicBool::new(false));
        install_signal_handlers(stop.clone(), done.clone())?;
        // The guard exists before any mode is set, so a half-done setup
        // is undone too.
        let guard = Guard;
        enter(modes)?;
        Ok(Session { stop, done, _guard: guard })
    }

    /// A signal asked the loop to stop.
    pub(crate) fn stopping(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }

    /// The loop has stopped and saved: the signal thread need not exit
    /// for it. The terminal is restored when the session drops.
    pub(crate) fn finished(&self) {
        self.done.store(true, Ordering::SeqCst);
    }
}

/// The time. `CRISISDESK_TEST_CLOCK` names a file holding seconds to add to
/// the system clock, read at every tick, so an end-to-end test can let a
/// tier's wait run out without waiting. Nothing else reads it.
pub fn now() -> chrono::DateTime<Utc> {
    static FILE: std::sync::OnceLock<Option<std::path::PathBuf>> = std::sync::OnceLock::new();
    let skew = FILE
        .get_or_init(|| std::env::var_os("CRISISDESK_TEST_CLOCK").map(Into::into))
        .as_ref()
        .and_then(|f| std::fs::read_to_string(f).ok())
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or(0);
    Utc::now() + chrono::Duration::seconds(skew)
}

/// The screen's backend: a frame goes to the terminal in one write (at the
/// flush that ends each draw), not in the 1 KiB pieces stdout's line buffer
/// would cut it into, so the terminal never shows half a frame.
/// Chinese text goes out without a cursor move per character (`wide.rs`).
pub(crate) type Backend = wide::WideAware<io::BufWriter<io::Stdout>>;

pub(crate) fn backend() -> Backend {
    wide::WideAware::new(io::BufWriter::with_capacity(1 << 16, io::stdout()))
}

/// The terminal's size, or 80×24 where it does not say.
pub fn size() -> (u16, u16) {
    crossterm::terminal::size().unwrap_or((80, 24))
}

/// The console's terminal, being set up on another thread while the caller
/// opens and reads the record: the first frame needs both, and each takes
/// about as long (most of the terminal's share is the first touch of two
/// screen buffers' memory). Dropped without `run`, it waits for the setup
/// and so restores whatever the setup did before the caller says why.
pub struct Starting(Option<std::thread::JoinHandle<io::Result<Screen>>>);

pub struct Screen {
    session: Session,
    terminal: Terminal<Backend>,
}

/// Start setting up the console's terminal.
pub fn start() -> Starting {
    Starting(Some(std::thread::spawn(|| {
        let session = Session::start(Modes { paste_and_mouse: true })?;
        let terminal = Terminal::new(backend())?;
        Ok(Screen { session, terminal })
    })))
}

impl Starting {
    fn finish(mut self) -> io::Result<Screen> {
        match self.0.take().map(std::thread::JoinHandle::join) {
            Some(Ok(screen)) => screen,
            // The panic hook has restored the terminal and said so.
            _ => Err(io::Error::other("the terminal setup stopped")),
        }
    }
}

impl Drop for Starting {
    fn drop(&mut self) {
        if let Some(setup) = self.0.take() {
            // Its session, dropped here, restores the terminal.
            let _ = setup.join();
        }
    }
}

pub fn run(app: &mut App, starting: Starting) -> io::Result<()> {
    let Screen { session, mut terminal } = starting.finish()?;
    let size = terminal.size()?;
    app.set_size(size.width, size.height);
    let result = event_loop(&mut terminal, app, &session);
    // Whatever ended the loop (a signal too), an unsaved draft goes to
    // disk before exit, or to a file when the database refuses it.
    app.save_before_exit();
    crate::effects::run_all(app);
    session.finished();
    result
}

/// `CRISISDESK_FAULT=panic` makes F12 panic, so the tests can prove the
/// panic path restores the terminal. Nothing else reads it.
fn fault_injection() -> bool {
    std::env::var("CRISISDESK_FAULT").is_ok_and(|v| v == "panic")
}

fn event_loop(terminal: &mut Terminal<Backend>, app: &mut App, session: &Session) -> io::Result<()> {
    let fault = fault_injection();
    loop {
        if app.dirty_screen {
            terminal.draw(|f| crate::ui::draw(f, app))?;
            app.dirty_screen = false;
        }
        // What the update asked for outside the app (files, the
        // clipboard), after the screen shows the action that asked.
        crate::effects::run_all(app);
        if app.quit || session.stopping() {
            return Ok(());
        }
        // Sleep until an event or the next tick; never spin. A statement
        // just opened is checked at once, after the frame that shows it.
        let wait = if app.check_soon { Duration::ZERO } else { TICK };
        if event::poll(wait)? {
            let ev = event::read()?;
            if fault && matches!(&ev, event::Event::Key(k) if k.code == event::KeyCode::F(12)) {
                panic!("injected fault: patient 王小明 A123456789");
            }
            app.now = now();
            app.handle_event(ev);
            // Take whatever else is queued before drawing again (a paste
            // without bracketed-paste support arrives as many keys).
            while event::poll(Duration::ZERO)? {
                let ev = event::read()?;
                app.handle_event(ev);
            }
            // Show the keys before the tick's work (an autosave waits for
            // the disk), so typing never waits for a save to be echoed.
            if app.dirty_screen {
                terminal.draw(|f| crate::ui::draw(f, app))?;
                app.dirty_screen = false;
            }
        }
        app.tick(now());
    }
}
