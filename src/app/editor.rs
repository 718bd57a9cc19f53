//! The statement editor: its text, the autosave, and what happens to a
//! draft the database will not take or that no longer has a record to go
//! into. A draft is never lost: it is in the database, or in the editor, or
//! in a private file whose path the user is told.

use chrono::{DateTime, Duration, Utc};
use ratatui_textarea::{CursorMove, TextArea, WrapMode};

use super::App;
use super::autosave::{Job, Saved};
use crate::effects::{AfterKeep, Effect};
use crate::store::{Store, StoreError};

/// A draft is saved this long after the last keystroke (the promise is
/// "within a second"; the tick that checks it runs every 250 ms, and after
/// every batch of keys).
pub const AUTOSAVE_AFTER_MS: i64 = 500;
/// While typing goes on without a pause, the draft is still saved at least
/// this often: someone dictating steadily never has more than this at risk.
pub const AUTOSAVE_MAX_WAIT_MS: i64 = 600;
/// Texts longer than this are refused at paste time with a message, so a
/// runaway paste cannot freeze the editor.
pub const MAX_PASTE_CHARS: usize = 200_000;

pub struct Editor {
    pub textarea: TextArea<'static>,
    pub statement_id: Option<i64>,
    pub editing: bool,
    pub dirty: bool,
    /// Last saved by the autosave, not yet by leaving the editor.
    pub autosaved: bool,
    pub last_edit: Option<DateTime<Utc>>,
    /// The first edit not yet saved: the autosave's maximum wait runs from it.
    pub unsaved_since: Option<DateTime<Utc>>,
    pub saved_at: Option<DateTime<Utc>>,
}

impl Editor {
    pub fn new() -> Editor {
        Editor {
            textarea: text_area(""),
            statement_id: None,
            editing: false,
            dirty: false,
            autosaved: false,
            last_edit: None,
            unsaved_since: None,
            saved_at: None,
        }
    }

    pub fn with_text(statement_id: i64, text: &str, saved_at: DateTime<Utc>) -> Editor {
        Editor {
            textarea: text_area(text),
            statement_id: Some(statement_id),
            saved_at: Some(saved_at),
            ..Editor::new()
        }
    }

    pub fn text(&self) -> String {
        self.textarea.lines().join("\n")
    }

    /// Characters, not bytes or cells: a CJK character counts as one.
    pub fn char_count(&self) -> usize {
        self.textarea.lines().iter().map(|l| l.chars().count()).sum()
    }

    /// The mouse wheel while typing: move through the text a line.
    pub fn scroll(&mut self, up: bool) {
        self.textarea.move_cursor(if up { CursorMove::Up } else { CursorMove::Down });
    }
}

impl Default for Editor {
    fn default() -> Editor {
        Editor::new()
    }
}

fn text_area(text: &str) -> TextArea<'static> {
    let mut ta = TextArea::new(text.split('\n').map(str::to_string).collect());
    ta.set_wrap_mode(WrapMode::WordOrGlyph);
    ta.set_cursor_line_style(ratatui::style::Style::default());
    ta
}

impl App {
    /// Put the selected statement in the editor (not yet editing).
    pub(super) fn load_editor(&mut self) {
        self.settle_autosave();
        let id = self.current_statement().map(|s| s.id);
        self.editor = match id.and_then(|id| self.full_statement(id)) {
            Some(s) => Editor::with_text(s.id, &s.body, s.updated_at),
            None => Editor::new(),
        };
        // Another text: an answer still coming for the last one is not for it.
        self.check_generation += 1;
        self.findings.clear();
        self.editor_count = self.line_counts.update(self.editor.textarea.lines());
        // Checked in the next tick, after the frame that shows the text.
        self.findings_stale = true;
        self.check_soon = true;
    }

    pub(super) fn touch_draft(&mut self) {
        self.findings_stale = true;
        self.editor.dirty = true;
        self.editor.last_edit = Some(self.now);
        self.editor.unsaved_since.get_or_insert(self.now);
    }

    /// Whether the autosave is due: the typing rested, or it has gone on
    /// for the maximum wait since the last save.
    pub(super) fn autosave_due(&self, now: DateTime<Utc>) -> bool {
        let e = &self.editor;
        e.dirty
            && (e.last_edit.is_some_and(|t| now - t >= Duration::milliseconds(AUTOSAVE_AFTER_MS))
                || e.unsaved_since
                    .is_some_and(|t| now - t >= Duration::milliseconds(AUTOSAVE_MAX_WAIT_MS)))
    }

    /// Save the draft before anything replaces the editor. False when it
    /// could not be saved: the caller must then leave the editor alone.
    #[must_use]
    pub fn flush_draft(&mut self) -> bool {
        self.save_editor(false);
        !self.editor.dirty
    }

    /// `autosave` saves while the user is still editing; an explicit save
    /// (leaving the editor, quitting) also clears the autosave's mark, so
    /// the next start knows whether a draft was cut off. On failure the
    /// text stays in the editor, marked unsaved. With a database file the
    /// autosave goes to the worker (`autosave.rs`) and this returns at once.
    pub(super) fn save_editor(&mut self, autosave: bool) {
        // One save at a time, in order: an explicit save waits for the
        // autosave in flight; a due autosave waits for the next tick.
        if autosave && self.saver.in_flight() {
            return;
        }
        self.settle_autosave();
        if !self.editor.dirty && (autosave || !self.editor.autosaved) {
            return;
        }
        let Some(id) = self.editor.statement_id else { return };
        let body = self.editor.text();
        let body = if autosave {
            let job = Job {
                id,
                body,
                at: self.now,
                generation: self.seen_generation.clone(),
                file: self.opened_file,
            };
            match self.saver.ask(job) {
                Ok(()) => {
                    // Typing from here on is the next save's.
                    self.editor.dirty = false;
                    self.editor.unsaved_since = None;
                    self.dirty_screen = true;
                    return;
                }
                Err(job) => job.body,
            }
        } else {
            body
        };
        let by = if autosave { std::process::id() } else { 0 };
        let result = self.store.save_draft(id, &body, by, self.now);
        self.after_save(id, self.now, autosave, result);
    }

    /// Whether an autosave is on its way to the disk (the pane says so).
    pub fn saving(&self) -> bool {
        self.saver.in_flight()
    }

    /// Wait for the autosave in flight, if any, and take its answer.
    pub(super) fn settle_autosave(&mut self) {
        if let Some(saved) = self.saver.wait() {
            self.apply_saved(saved);
        }
    }

    /// The worker's answer to an autosave.
    pub(super) fn apply_saved(&mut self, saved: Saved) {
        if self.editor.statement_id != Some(saved.id) {
            // The editor moved on without waiting (it never should): the
            // text is no longer here to mark unsaved, but say what failed.
            if let Err(e) = saved.result {
                self.fail(e);
            }
            return;
        }
        // Whatever was typed since the job left stays marked unsaved, its
        // maximum wait running from its first key.
        let typed_since = self.editor.dirty.then_some(self.editor.unsaved_since);
        let ok = saved.result.is_ok();
        self.editor.dirty = true;
        self.after_save(saved.id, saved.at, true, saved.result);
        if let Some(since) = typed_since
            && ok
        {
            self.editor.dirty = true;
            self.editor.unsaved_since = since;
        }
    }

    fn after_save(&mut self, id: i64, at: DateTime<Utc>, autosave: bool, result: Result<(), StoreError>) {
        match result {
            Ok(()) => {
                self.editor.autosaved = autosave;
                self.editor.dirty = false;
                self.editor.unsaved_since = None;
                self.editor.saved_at = Some(at);
                if let Some(s) = self.view.as_mut().and_then(|v| v.statements.iter_mut().find(|s| s.id == id)) {
                    s.updated_at = at;
                }
            }
            // A statement that left draft state meanwhile (another console
            // sent it to review) has nothing to clear.
            Err(StoreError::Invalid(_)) if !self.editor.dirty => self.editor.autosaved = false,
            Err(e) => {
                // Retry after the next rest or maximum wait, not on every
                // tick in a burst.
                self.editor.last_edit = Some(self.now);
                self.editor.unsaved_since = Some(self.now);
                self.fail(e);
            }
        }
        self.dirty_screen = true;
    }

    /// Leave the editor, saving first. If the save fails the text stays
    /// in the editor (the message says why) and so does the user.
    pub(super) fn leave_editor(&mut self) -> bool {
        let saved = self.flush_draft();
        if saved {
            self.editor.editing = false;
        }
        saved
    }

    /// Ask for the editor's text to be kept in a private file beside the
    /// database (or in the temporary directory when there is no file).
    pub(super) fn keep_draft(&mut self, then: AfterKeep) {
        let dir = self
            .store
            .path()
            .and_then(|p| p.parent().map(|d| d.join("recovered")))
            .unwrap_or_else(|| std::env::temp_dir().join("crisisdesk-recovered"));
        let id = self.editor.statement_id.unwrap_or_default();
        let name = format!("statement-{id}-{}.txt", self.now.format("%Y%m%d-%H%M%S"));
        self.queue(Effect::KeepDraft {
            dir,
            name,
            text: self.editor.text(),
            then,
        });
    }

    /// Whether the record under this console was replaced (the path now
    /// names another file, or a restore renewed the generation); if so the
    /// console has reopened it, keeping an unsaved draft in a file, and the
    /// caller must not go on with what it was about to do. One `stat` and,
    /// when another process wrote, one small query.
    pub(super) fn record_replaced(&mut self) -> bool {
        let Some(path) = self.store.path() else { return false };
        let moved = self.opened_file.is_some() && crate::store::file_id(&path) != self.opened_file;
        // Moved away with nothing in its place yet (a restore or a copy is
        // on its way there): wait for it, and do none of this tick's writes
        // into the old file. Opening the path now would create an empty
        // record there and take the place the new file is meant for.
        if moved && !path.exists() {
            // Once on the way away, not at every tick of the wait.
            let away = self.tr.t("status.record_away");
            if self.status.as_ref().is_none_or(|s| s.text != away) {
                match self.store.refuse_writes() {
                    Ok(()) => self.refuse_text("status.record_away"),
                    Err(e) => self.fail(e),
                }
            }
            return true;
        }
        let restored = !moved
            && self.store.data_version().is_ok_and(|v| v != self.seen_version)
            && self.store.generation().is_ok_and(|g| g != self.seen_generation);
        if !(moved || restored) {
            return false;
        }
        // The draft never goes into the replaced record: a statement with
        // its id there may be another one. (An autosave in flight refuses
        // to, and leaves the draft unsaved.)
        self.settle_autosave();
        let unsaved = self.editor.dirty;
        match Store::open(&path, false) {
            Ok(mut store) => {
                if unsaved {
                    self.keep_draft(AfterKeep::Replaced);
                }
                store.set_operator(self.operator.clone());
                self.opened_file = crate::store::file_id(&path);
                self.seen_generation = store.generation().unwrap_or_default();
                self.seen_version = store.data_version().unwrap_or_default();
                self.store = store;
                self.saver = super::autosave::Saver::new(Some(path.clone()));
                let focus = self.focus;
                self.editor = Editor::new();
                self.popups.clear();
                self.view = None;
                self.timeline_top = None;
                self.reload();
                if let Some(id) = self.first_open {
                    self.open_incident(id);
                }
                self.focus = focus;
                self.refuse_text("status.record_replaced");
            }
            Err(e) => {
                let note = self.tr.f("status.record_gone", &[("error", &self.words(&e))]);
                if unsaved {
                    self.keep_draft(AfterKeep::Gone(note));
                } else {
                    self.exit_note = Some(note);
                    self.quit = true;
                }
            }
        }
        true
    }
}
