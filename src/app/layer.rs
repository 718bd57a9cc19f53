//! A popup is a layer over the panes: it says which part of the key table
//! applies while it is on top, acts on what the keys mean, and draws
//! itself. The console keeps them on a stack; a key goes to the top one.
//!
//! Adding a popup is one new file in `popups/` implementing `Layer`, and
//! one `mod` line there; nothing else has to change in step with it.

use std::any::Any;

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

use super::App;
use crate::action::Action;
use crate::keymap::Ctx;

/// What a layer wants after it handled an action.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Keep,
    Close,
}

pub trait Layer: Any {
    /// The part of the key table that applies while this layer is on top.
    fn ctx(&self) -> Ctx;

    /// Act on what a key meant. The layer is off the stack while this
    /// runs, so it may use the whole app, push layers or close others;
    /// `Back` closes it unless it says otherwise.
    fn handle(&mut self, app: &mut App, action: Action) -> Outcome;

    /// A key no binding took: text for a field. True when it was used.
    fn type_key(&mut self, _key: KeyEvent) -> bool {
        false
    }

    /// Pasted text, already made inert. True when it was used.
    fn paste(&mut self, _text: &str) -> bool {
        false
    }

    /// Whether it shows the call tree, message log, register or follow-ups:
    /// while it is open, a reload reads them too.
    fn uses_reach_lists(&self) -> bool {
        false
    }

    /// Whether `Back` (Esc) is this layer's to handle rather than a close.
    fn takes_back(&self) -> bool {
        false
    }

    /// Draw over `area` (the whole screen). Reads the app; never does I/O.
    fn draw(&self, f: &mut Frame, app: &App, area: Rect);
}
