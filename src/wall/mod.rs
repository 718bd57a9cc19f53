//! `crisisdesk wall`: the shared screen. A read-only view for a projector
//! or a second monitor beside the console: a large clock, the drill's
//! current inject, who holds which role, checklist progress, what is
//! overdue, the latest released statement and the newest timeline entries.
//!
//! `load` reads (the only I/O besides polling for changes), `model` is what
//! was read, `draw` and `sections` are pure functions of it and the time,
//! so every screen can be snapshot-tested. It uses the console's pieces:
//! the role order, the T+ clock, the gauge, the clock marks, the next-due
//! rule and the key table. The state holds only what the wall may show: no
//! phone numbers, no e-mail addresses and no private persons; free text is
//! scrubbed of them too.

mod draw;
mod load;
mod model;
mod sections;

pub use draw::{Look, draw};
pub use load::load;
pub use model::*;

use std::io;
use std::path::Path;
use std::time::Duration;

use crate::domain::zone::Zone;
use chrono::{DateTime, Utc};
use crossterm::event::{self, Event, KeyEventKind};
use ratatui::Terminal;

use crate::action::Action;
use crate::domain::Content;
use crate::error::{Error, Msg};
use crate::i18n::{Catalog, Lang};
use crate::keymap::{self, Ctx as KeyCtx};
use crate::store::{Store, StoreError};
use crate::term::{Modes, Session};

/// How often the wall looks for another process's writes.
const TICK: Duration = Duration::from_millis(250);

enum Input {
    Quit,
    Toggle,
    Redraw,
    Nothing,
}

/// What an event means to the wall, through the key table.
fn input(ev: &Event) -> Input {
    match ev {
        Event::Key(k) if k.kind == KeyEventKind::Press => match keymap::lookup(&[KeyCtx::Always, KeyCtx::Wall], k) {
            Some(Action::Quit) => Input::Quit,
            Some(Action::ToggleContrast) => Input::Toggle,
            // Any other key redraws: a way to repaint a garbled projector.
            _ => Input::Redraw,
        },
        Event::Resize(..) | Event::FocusGained => Input::Redraw,
        _ => Input::Nothing,
    }
}

/// What the screen shows that changes with time alone: the wall-clock
/// second and, in a drill, the scenario second.
fn shown_second(state: &WallState, now: DateTime<Utc>) -> (i64, i64) {
    let scenario = state
        .view
        .as_ref()
        .and_then(|v| v.drill.as_ref())
        .map_or(0, |d| d.clock.scenario_ms(now) / 1000);
    (now.timestamp(), scenario)
}

/// The running wall: the store it reads and what it last showed.
struct Wall<'a> {
    store: Store,
    /// The file opened: if the path comes to name another file (a restore
    /// by copy or move), the wall opens that one instead of showing the old.
    file: Option<crate::store::FileId>,
    incident: Option<i64>,
    content: &'a Content,
    look: Look,
    state: WallState,
    version: i64,
}

impl Wall<'_> {
    /// Read the state again if another process committed since the last
    /// look; true when the screen must be drawn again.
    fn refresh(&mut self) -> bool {
        if let Some(path) = self.store.path()
            && crate::store::file_id(&path) != self.file
        {
            match Store::open_reader(&path) {
                Ok(store) => {
                    self.store = store;
                    self.file = crate::store::file_id(&path);
                    // Whatever the new file's data version, read it all.
                    self.version = i64::MIN;
                }
                Err(e) => return self.note(&e),
            }
        }
        let loaded = self.store.data_version().and_then(|v| {
            if v == self.version {
                Ok(None)
            } else {
                Ok(Some((v, load(&self.store, self.incident, self.content, Utc::now())?)))
            }
        });
        match loaded {
            Ok(None) => false,
            Ok(Some((v, s))) => {
                self.version = v;
                self.state = s;
                true
            }
            // The last good state stays up, marked as stale; the next tick tries again.
            Err(e) => self.note(&e),
        }
    }

    /// Keep the last good state up, marked stale with why; true when the
    /// note changed.
    fn note(&mut self, e: &StoreError) -> bool {
        let note = Some(e.msg().words(Catalog::get(self.look.lang)));
        let changed = self.state.notice != note;
        self.state.notice = note;
        changed
    }

    fn event_loop(&mut self, terminal: &mut Terminal<crate::term::Backend>, session: &Session) -> io::Result<()> {
        let mut dirty = true;
        let mut shown = None;
        loop {
            if session.stopping() {
                return Ok(());
            }
            dirty |= self.refresh();
            let now = Utc::now();
            let second = Some(shown_second(&self.state, now));
            if dirty || second != shown {
                terminal.draw(|f| draw(f, &self.state, now, self.content, self.look))?;
                dirty = false;
                shown = second;
            }
            // Sleep until a key or the next tick; never spin.
            if event::poll(TICK)? {
                loop {
                    match input(&event::read()?) {
                        Input::Quit => return Ok(()),
                        Input::Toggle => {
                            self.look.high_contrast = !self.look.high_contrast;
                            dirty = true;
                        }
                        Input::Redraw => dirty = true,
                        Input::Nothing => {}
                    }
                    if !event::poll(Duration::ZERO)? {
                        break;
                    }
                }
            }
        }
    }
}

pub fn run(path: &Path, incident: Option<i64>, high_contrast: bool, content: &Content, lang: Lang, tz: Zone) -> Result<(), Error> {
    // Every way the file can be wrong is told in one line, before the
    // terminal is touched.
    let store = Store::open_reader(path)?;
    if let Some(id) = incident {
        store.incident(id)?;
    }
    let version = store.data_version()?;
    let state = load(&store, incident, content, Utc::now())?;
    let mut wall = Wall {
        store,
        file: crate::store::file_id(path),
        incident,
        content,
        look: Look { lang, tz, high_contrast },
        state,
        version,
    };
    let terminal_error = |e: io::Error| Error::Msg(Msg::new("error.terminal").with("detail", e));
    let session = Session::start(Modes { paste_and_mouse: false }).map_err(terminal_error)?;
    let mut terminal = Terminal::new(crate::term::backend()).map_err(terminal_error)?;
    let result = wall.event_loop(&mut terminal, &session);
    session.finished();
    result.map_err(terminal_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wall_keys_come_from_the_key_table() {
        let key = |c| {
            Event::Key(crossterm::event::KeyEvent::new(
                crossterm::event::KeyCode::Char(c),
                crossterm::event::KeyModifiers::NONE,
            ))
        };
        assert!(matches!(input(&key('q')), Input::Quit));
        assert!(matches!(input(&key('t')), Input::Toggle));
        assert!(matches!(input(&key('x')), Input::Redraw));
    }
}
