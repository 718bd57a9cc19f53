//! The console's state and its update step.
//!
//! An event goes through the key table to an `Action`; the update step
//! acts on it (writing to the store, which commits before it returns) and
//! reloads what the screen shows. Popups are layers on a stack (`layer.rs`,
//! one file each in `popups/`), forms are structs with named fields
//! (`forms/`). Anything outside the store that the update wants done
//! (files, the clipboard) is queued as an `Effect` for the event loop to
//! run. Drawing reads `App` and nothing else.

mod autosave;
mod checks;
pub mod desk;
pub mod drill;
mod editor;
pub mod forms;
mod incident;
pub mod layer;
pub mod layout;
pub mod monitor;
pub mod popups;
mod prepare;
pub mod reach;
pub mod view;

use std::any::Any;
use std::collections::VecDeque;

use crate::domain::zone::Zone;
use chrono::{DateTime, Duration, Utc};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, MouseButton, MouseEventKind};
use ratatui::layout::{Position, Rect};

pub use drill::{DrillView, PanelRow};
pub use editor::{AUTOSAVE_AFTER_MS, AUTOSAVE_MAX_WAIT_MS, Editor, MAX_PASTE_CHARS};
pub use layer::{Layer, Outcome};
pub use popups::confirm::{Ask, Confirm, SignOff};
pub use popups::diff::VersionText;
pub use popups::roster::RosterPurpose;
pub use view::{DeadlineView, IncidentView};

use crate::action::{Action, Pane};
use crate::domain::content::Content;
use crate::domain::desk::Profile;
use crate::domain::lint::Finding;
use crate::domain::model::Person;
use crate::effects::{AfterKeep, Done, Effect};
use crate::i18n::{Catalog, Lang};
use crate::keymap::{self, Ctx};
use crate::store::{FileId, Store, StoreError};

/// A line in the footer: what just happened, or why it did not.
#[derive(Clone, Debug, PartialEq)]
pub struct Status {
    pub text: String,
    pub error: bool,
    pub at: DateTime<Utc>,
}

pub struct App {
    pub store: Store,
    pub content: &'static Content,
    pub lang: Lang,
    pub tr: &'static Catalog,
    pub tz: Zone,
    pub now: DateTime<Utc>,
    /// The terminal's size, for layout-dependent paging and mouse hits.
    pub size: (u16, u16),
    pub focus: Pane,
    /// The first open incident (the one the console opens on), if any.
    pub first_open: Option<i64>,
    /// How many incidents are open in all.
    pub open_count: usize,
    pub persons: Vec<Person>,
    pub profile: Profile,
    pub view: Option<IncidentView>,
    pub role_sel: usize,
    pub item_sel: usize,
    pub statement_idx: usize,
    /// Id of the timeline entry at the top of the pane; None follows the newest.
    pub timeline_top: Option<i64>,
    pub editor: Editor,
    /// The popups over the panes, the top one last.
    pub popups: Vec<Box<dyn Layer>>,
    pub status: Option<Status>,
    /// The person at this console's keyboard, from the roster; every
    /// timeline entry names them, and sign-offs need one.
    pub operator: Option<String>,
    /// What the checks found in the editor's text.
    pub findings: Vec<Finding>,
    pub findings_stale: bool,
    /// A text just opened: the event loop ticks at once after drawing it.
    pub check_soon: bool,
    /// Whether every built-in playbook has been read and checked: done at
    /// the first tick, after the first frame, which needs only one of them.
    content_checked: bool,
    /// The editor text's length as the checks count it, and the limit for
    /// its audience (known once the checks have run).
    pub editor_count: usize,
    pub editor_limit: Option<usize>,
    /// Long drafts are checked off the keystroke (see `checks.rs`).
    checker: checks::Checker,
    /// Drafts are autosaved off the keystroke (see `autosave.rs`).
    saver: autosave::Saver,
    line_counts: checks::LineCounts,
    /// Which request for checks the findings shown should come from.
    check_generation: u64,
    last_check_ask: Option<DateTime<Utc>>,
    /// The call tree, messages, register page and follow-ups, read while a
    /// popup that shows them is open.
    pub reach_lists: reach::ReachLists,
    reach_in_hand: bool,
    /// What the preparedness view shows, read while it is open.
    pub prepare: Option<crate::report::readiness::Readiness>,
    /// The monitoring board's page, read while it is open.
    pub monitor: monitor::MonitorLists,
    /// New and unanswered mentions, for the header.
    pub mention_counts: crate::store::MentionCounts,
    /// The active incident's drill, when it is one.
    pub drill: Option<DrillView>,
    drill_over_told: bool,
    /// The incident list shows drills too.
    pub show_drills: bool,
    /// Said on stderr after the terminal is restored.
    pub exit_note: Option<String>,
    effects: VecDeque<Effect>,
    quit_insisted: bool,
    seen_version: i64,
    /// The file and the generation of the record this console opened: if
    /// either changes under it (a restore, a file copied over), it reopens
    /// rather than write into what is no longer the record.
    opened_file: Option<FileId>,
    seen_generation: String,
    pub quit: bool,
    /// Set when something changed that the screen shows.
    pub dirty_screen: bool,
}

impl App {
    /// `size` is the terminal's, so the first load reads the page the first
    /// frame shows rather than one for 80×24 that a resize then reloads.
    pub fn new(store: Store, content: &'static Content, lang: Lang, tz: Zone, now: DateTime<Utc>, size: (u16, u16)) -> App {
        let lists = view::Lists::load(&store, false);
        App::with_lists(store, lists, content, lang, tz, now, size)
    }

    /// `new` with the lists read already (at start, while the roles are
    /// still being read on another thread).
    pub fn with_lists(
        store: Store,
        lists: Result<view::Lists, StoreError>,
        content: &'static Content,
        lang: Lang,
        tz: Zone,
        now: DateTime<Utc>,
        size: (u16, u16),
    ) -> App {
        let operator = store.operator().map(str::to_string);
        let opened_file = store.path().and_then(|p| crate::store::file_id(&p));
        let seen_generation = store.generation().unwrap_or_default();
        let saver = autosave::Saver::new(store.path());
        let mut app = App {
            store,
            content,
            lang,
            tr: Catalog::get(lang),
            tz,
            now,
            size,
            focus: Pane::Incident,
            first_open: None,
            open_count: 0,
            persons: Vec::new(),
            profile: Profile::default(),
            view: None,
            role_sel: 0,
            item_sel: 0,
            statement_idx: 0,
            timeline_top: None,
            editor: Editor::new(),
            popups: Vec::new(),
            status: None,
            operator,
            findings: Vec::new(),
            findings_stale: false,
            check_soon: false,
            content_checked: false,
            editor_count: 0,
            editor_limit: None,
            checker: checks::Checker::default(),
            saver,
            line_counts: checks::LineCounts::default(),
            check_generation: 0,
            last_check_ask: None,
            reach_lists: reach::ReachLists::default(),
            reach_in_hand: false,
            prepare: None,
            monitor: monitor::MonitorLists::default(),
            mention_counts: crate::store::MentionCounts::default(),
            drill: None,
            drill_over_told: false,
            show_drills: false,
            exit_note: None,
            effects: VecDeque::new(),
            quit_insisted: false,
            seen_version: 0,
            opened_file,
            seen_generation,
            quit: false,
            dirty_screen: true,
        };
        match lists {
            Ok(lists) => app.set_lists(lists),
            Err(e) => app.fail(e),
        }
        if let Some(id) = app.first_open {
            app.open_incident(id);
        }
        // Drafts the autosave kept when the last session was cut off.
        match app.store.take_recovered_drafts(crate::effects::process_alive) {
            Ok(ids) if !ids.is_empty() => {
                let list = ids.iter().map(|i| format!("#{i}")).collect::<Vec<_>>().join(", ");
                app.info(app.tr.f("status.recovered", &[("ids", &list)]));
            }
            Ok(_) => {}
            Err(e) => app.fail(e),
        }
        app
    }

    // ---- layers ---------------------------------------------------------

    pub fn push(&mut self, layer: impl Layer) {
        self.popups.push(Box::new(layer));
        self.dirty_screen = true;
    }

    /// The top popup, if it is a `T`.
    pub fn top<T: Layer>(&self) -> Option<&T> {
        self.popups.last().and_then(|l| (l.as_ref() as &dyn Any).downcast_ref::<T>())
    }

    pub fn top_mut<T: Layer>(&mut self) -> Option<&mut T> {
        self.popups
            .last_mut()
            .and_then(|l| (l.as_mut() as &mut dyn Any).downcast_mut::<T>())
    }

    /// Close the top popup if it is a `T`.
    pub fn close<T: Layer>(&mut self) {
        if self.top::<T>().is_some() {
            self.popups.pop();
        }
    }

    /// An action for the top popup. It is off the stack while it acts, so it
    /// may use the whole app; it goes back where it was unless it closed.
    fn layer_action(&mut self, action: Action) {
        let Some(mut layer) = self.popups.pop() else { return };
        let depth = self.popups.len();
        // Off the stack while it acts, it still wants its lists reloaded.
        self.reach_in_hand = layer.uses_reach_lists();
        let outcome = if action == Action::Back && !layer.takes_back() {
            Outcome::Close
        } else {
            layer.handle(self, action)
        };
        self.reach_in_hand = false;
        if outcome == Outcome::Keep {
            let at = depth.min(self.popups.len());
            self.popups.insert(at, layer);
        }
        self.dirty_screen = true;
    }

    // ---- effects --------------------------------------------------------

    pub fn queue(&mut self, effect: Effect) {
        self.effects.push_back(effect);
    }

    /// The next thing for the event loop to do outside the app.
    pub fn next_effect(&mut self) -> Option<Effect> {
        self.effects.pop_front()
    }

    /// What came of an effect, said to the user.
    pub fn effect_done(&mut self, done: Done) {
        match done {
            Done::Copied => {}
            Done::FileRead {
                path,
                purpose: crate::effects::ReadPurpose::Affected { incident },
                result,
            } => self.register_read(&path, incident, result),
            Done::FileRead {
                path,
                purpose: crate::effects::ReadPurpose::Mentions { incident },
                result,
            } => self.mentions_read(&path, incident, result),
            Done::MailSent { results, .. } => self.mail_sent(results),
            Done::ReportsWritten(paths) => self.info(self.tr.f("status.report_written", &[("paths", &paths.join(", "))])),
            Done::ReportFailed(e) => self.refuse(self.tr.f("status.report_failed", &[("error", &e)])),
            Done::DraftKept { path, then } => {
                let said = self.tr.f("status.draft_kept", &[("path", &path)]);
                match then {
                    AfterKeep::Quit => {
                        self.exit_note = Some(self.tr.f("status.draft_to_file", &[("path", &path)]));
                        // Kept: nothing is left for the way out to save.
                        self.editor.dirty = false;
                        self.quit = true;
                    }
                    AfterKeep::Stay => self.refuse(said),
                    AfterKeep::Replaced => self.refuse(format!("{} {said}", self.tr.t("status.record_replaced"))),
                    AfterKeep::Gone(note) => {
                        self.exit_note = Some(format!("{note} {said}"));
                        self.editor.dirty = false;
                        self.quit = true;
                    }
                }
            }
            Done::DraftNotKept { error, then } => {
                let said = self.tr.f("status.draft_unsaved_quit", &[("error", &error)]);
                match then {
                    // Nowhere to put it: stay, unless the user insists.
                    AfterKeep::Quit if self.quit_insisted => self.quit = true,
                    AfterKeep::Quit => {
                        self.quit_insisted = true;
                        self.refuse(said);
                    }
                    AfterKeep::Stay | AfterKeep::Replaced => self.refuse(said),
                    // No record to stay with: say both on the way out.
                    AfterKeep::Gone(note) => {
                        self.exit_note = Some(format!("{note} {said}"));
                        self.quit = true;
                    }
                }
            }
        }
        self.dirty_screen = true;
    }

    // ---- status ---------------------------------------------------------

    pub fn info(&mut self, text: String) {
        self.status = Some(Status {
            text,
            error: false,
            at: self.now,
        });
        self.dirty_screen = true;
    }

    pub fn refuse(&mut self, text: String) {
        self.status = Some(Status {
            text,
            error: true,
            at: self.now,
        });
        self.dirty_screen = true;
    }

    pub fn refuse_text(&mut self, key: &str) {
        self.refuse(self.tr.t(key).to_string());
    }

    /// A store error in the interface language.
    pub fn words(&self, e: &StoreError) -> String {
        e.msg().words(self.tr)
    }

    pub fn fail(&mut self, e: StoreError) {
        let text = self.tr.f("status.error", &[("error", &self.words(&e))]);
        self.refuse(text);
    }

    // ---- the operator -------------------------------------------------

    /// Name the person at the keyboard; the store records them on every
    /// timeline entry from now on.
    pub fn set_operator(&mut self, name: Option<String>) {
        self.store.set_operator(name);
        self.operator = self.store.operator().map(str::to_string);
        if let Some(n) = self.operator.clone() {
            self.info(self.tr.f("status.operator", &[("name", &n)]));
        }
    }

    /// At the start of a console session: the person named with
    /// `--operator` (added to the roster if new), else ask, when there is a
    /// roster to choose from. An empty roster leaves the header's warning.
    pub fn start_operator(&mut self, named: Option<&str>) {
        match named.map(str::trim).filter(|n| !n.is_empty()) {
            Some(name) => {
                if !self.persons.iter().any(|p| p.name == name) {
                    if let Err(e) = self.store.add_person(name, "", "", self.now) {
                        return self.fail(e);
                    }
                    self.reload();
                }
                self.set_operator(Some(name.to_string()));
            }
            None if !self.persons.is_empty() => self.open_operator_picker(),
            None => {}
        }
    }

    /// Ask who is at the keyboard (at start, with `O`, or before a sign-off).
    pub fn open_operator_picker(&mut self) {
        let sel = self
            .operator
            .as_ref()
            .and_then(|o| self.persons.iter().position(|p| &p.name == o))
            .unwrap_or(0);
        self.push(popups::roster::Roster {
            sel,
            purpose: RosterPurpose::Operator,
        });
    }

    // ---- events ---------------------------------------------------------

    pub fn set_size(&mut self, w: u16, h: u16) {
        if self.size != (w, h) {
            self.size = (w, h);
            self.reload();
        }
    }

    pub fn handle_event(&mut self, ev: Event) {
        // Nothing a key does may land in a file that is no longer the record.
        if self.record_replaced() {
            return;
        }
        match ev {
            Event::Key(k) if k.kind != KeyEventKind::Release => self.handle_key(k),
            Event::Paste(s) => self.paste(&s),
            Event::Resize(w, h) => self.set_size(w, h),
            Event::Mouse(m) => {
                let pos = Position::new(m.column, m.row);
                match m.kind {
                    MouseEventKind::Down(MouseButton::Left) if self.popups.is_empty() => {
                        let l = layout::layout(Rect::new(0, 0, self.size.0, self.size.1));
                        if let Some(p) = Pane::ALL.into_iter().find(|p| l.pane(*p).contains(pos)) {
                            self.set_focus(p);
                        }
                    }
                    // While typing, the wheel moves through the text; it must
                    // never switch statements under the user's hands.
                    MouseEventKind::ScrollUp | MouseEventKind::ScrollDown if self.editor.editing && self.popups.is_empty() => {
                        self.editor.scroll(m.kind == MouseEventKind::ScrollUp);
                        self.dirty_screen = true;
                    }
                    MouseEventKind::ScrollUp => self.dispatch(Action::Up),
                    MouseEventKind::ScrollDown => self.dispatch(Action::Down),
                    _ => {}
                }
            }
            _ => {}
        }
    }

    /// The contexts a key is looked up in, most specific first.
    pub fn contexts(&self) -> Vec<Ctx> {
        if let Some(p) = self.popups.last() {
            return vec![Ctx::Always, p.ctx()];
        }
        if self.editor.editing {
            return vec![Ctx::Always, Ctx::Editor];
        }
        vec![Ctx::Always, Ctx::Pane(self.focus), Ctx::Global]
    }

    pub fn handle_key(&mut self, key: KeyEvent) {
        // An inject that arrived while someone was typing does not swallow
        // their next key: the key dismisses it and goes where it was aimed.
        if self.editor.editing && self.popups.len() == 1 && self.top::<popups::inject::InjectNotice>().is_some() {
            self.popups.pop();
            if key.code == KeyCode::Esc {
                self.dirty_screen = true;
                return;
            }
        }
        if let Some(action) = keymap::lookup(&self.contexts(), &key) {
            self.dispatch(action);
            return;
        }
        // Unbound keys are text where text is being typed.
        if let Some(top) = self.popups.last_mut() {
            top.type_key(key);
        } else if self.editor.editing && self.editor.textarea.input(key) {
            self.touch_draft();
        }
        self.dirty_screen = true;
    }

    pub fn paste(&mut self, s: &str) {
        // Control and BiDi characters come in as visible marks, never raw:
        // text that reads one way here must read the same way wherever it goes.
        let text = crate::text::inert(&s.replace("\r\n", "\n").replace('\r', "\n")).into_owned();
        if text.chars().count() > MAX_PASTE_CHARS {
            self.info(self.tr.f("status.paste_too_big", &[("max", &MAX_PASTE_CHARS.to_string())]));
            return;
        }
        if let Some(top) = self.popups.last_mut() {
            top.paste(&text);
        } else if self.editor.editing {
            self.editor.textarea.insert_str(&text);
            self.touch_draft();
        }
        self.dirty_screen = true;
    }

    /// The clock tick: move time on, autosave a draft, re-run the checks,
    /// and once a second follow other writers and the drill clock.
    pub fn tick(&mut self, now: DateTime<Utc>) {
        let second_changed = now.timestamp() != self.now.timestamp();
        self.now = now;
        self.check_soon = false;
        if self.record_replaced() {
            return;
        }
        if !self.content_checked {
            self.content_checked = true;
            if let Err(e) = self.content.check() {
                self.refuse(self.tr.f("status.content_damaged", &[("detail", &e)]));
            }
        }
        if let Some(saved) = self.saver.poll() {
            self.apply_saved(saved);
        }
        if self.autosave_due(now) {
            self.save_editor(true);
        }
        self.take_checks();
        if self.findings_stale {
            self.refresh_findings();
        }
        if second_changed {
            self.follow_other_writers();
            self.drill_tick();
            self.dirty_screen = true;
        }
    }

    /// Another console or a script wrote to the file: show it. SQLite's
    /// `data_version` moves only for other connections' commits, so this
    /// costs one pragma a second when nothing happened.
    fn follow_other_writers(&mut self) {
        match self.store.data_version() {
            Ok(v) if v != self.seen_version => {
                self.seen_version = v;
                self.reload();
            }
            Ok(_) => {}
            Err(e) => self.fail(e),
        }
    }

    // ---- dispatch -------------------------------------------------------

    pub fn dispatch(&mut self, action: Action) {
        self.dirty_screen = true;
        if !matches!(action, Action::Up | Action::Down) {
            // An old message gives way once the user moves on.
            if self
                .status
                .as_ref()
                .is_some_and(|s| !s.error || self.now - s.at > Duration::seconds(5))
            {
                self.status = None;
            }
        }
        if action == Action::Quit {
            return self.quit_saving();
        }
        if !self.popups.is_empty() {
            return self.layer_action(action);
        }
        match action {
            Action::Help => self.push(popups::help::Help::default()),
            Action::FocusNext => self.set_focus(Pane::ALL[(self.focus.index() + 1) % Pane::ALL.len()]),
            Action::FocusPrev => self.set_focus(Pane::ALL[(self.focus.index() + Pane::ALL.len() - 1) % Pane::ALL.len()]),
            Action::Focus(p) => self.set_focus(p),
            Action::ToggleLang => {
                self.lang = self.lang.other();
                self.tr = Catalog::get(self.lang);
                self.refresh_findings();
            }
            Action::Profile => {
                let form = forms::profile::ProfileForm::new(self);
                self.push(popups::form::Form::new(form));
            }
            Action::IncidentList => popups::incident_list::IncidentList::open(self),
            Action::Declare => self.open_declare(),
            Action::Roster => self.push(popups::roster::Roster {
                sel: 0,
                purpose: RosterPurpose::Browse,
            }),
            Action::PickOperator => self.open_operator_picker(),
            Action::CheckRecord => popups::record_check::RecordCheck::open(self),
            Action::OpenCallTree => popups::call_tree::CallTreeView::open(self),
            Action::OpenMessages => popups::messages::MessageLog::open(self),
            Action::OpenRegister => popups::register::Register::open(self),
            Action::OpenFollowUps => popups::follow_ups::FollowUps::open(self),
            Action::OpenPrepare => popups::prepare::PrepareView::open(self),
            Action::OpenMonitor => popups::monitor::MonitorBoard::open(self),
            Action::Back if self.editor.editing => {
                let _ = self.leave_editor();
            }
            Action::SaveStatement => {
                let _ = self.flush_draft();
            }
            Action::Up | Action::Down | Action::PageUp | Action::PageDown | Action::Top | Action::Bottom => self.navigate(action),
            _ if self.view.is_none() => self.info(self.tr.t("status.no_incident").to_string()),
            _ => self.incident_action(action),
        }
    }

    fn navigate(&mut self, action: Action) {
        let page = 5usize;
        let step = |sel: usize, len: usize| -> usize {
            let last = len.saturating_sub(1);
            match action {
                Action::Up => sel.saturating_sub(1),
                Action::Down => (sel + 1).min(last),
                Action::PageUp => sel.saturating_sub(page),
                Action::PageDown => (sel + page).min(last),
                Action::Top => 0,
                _ => last,
            }
        };
        match self.focus {
            Pane::Roles => self.role_sel = step(self.role_sel, self.role_rows().len()),
            Pane::Checklist => {
                let n = self.view.as_ref().map_or(0, |v| v.checklist.len());
                self.item_sel = step(self.item_sel, n);
            }
            Pane::Timeline => self.scroll_timeline(action),
            Pane::Statement => {
                let n = self.view.as_ref().map_or(0, |v| v.statements.len());
                let idx = step(self.statement_idx, n);
                self.select_statement(idx);
            }
            Pane::Incident => {}
        }
    }

    fn set_focus(&mut self, p: Pane) {
        if self.focus == Pane::Statement && p != Pane::Statement && !self.leave_editor() {
            return;
        }
        self.focus = p;
        self.dirty_screen = true;
    }

    /// On the way out for any reason: the draft into the database, or into
    /// a file when the database refuses it.
    pub fn save_before_exit(&mut self) {
        if !self.flush_draft() {
            self.keep_draft(AfterKeep::Quit);
        }
    }

    /// Quit, never losing a draft: if the database refuses it, the text
    /// goes to a file beside the database and the exit says where.
    pub fn quit_saving(&mut self) {
        if self.leave_editor() {
            self.quit = true;
            return;
        }
        self.keep_draft(AfterKeep::Quit);
    }
}

#[cfg(test)]
mod tests;
