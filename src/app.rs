//! Application state and the update step: event -> action -> store write
//! -> reload of what the screen shows. Rendering reads `App` and nothing
//! else; it never touches the store.

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use crossterm::event::{Event, KeyEvent, KeyEventKind, MouseButton, MouseEventKind};
use ratatui::layout::{Position, Rect};
use ratatui_textarea::{TextArea, WrapMode};

use crate::action::{Action, Pane};
use crate::domain::Phase;
use crate::domain::clock::{due_at, parse_event_time};
use crate::domain::content::Content;
use crate::domain::model::*;
use crate::i18n::{Catalog, Lang};
use crate::keymap::{self, Ctx};
use crate::store::{Store, StoreError};

mod desk;
mod drill;
pub use desk::{Confirm, SignOff, VersionText};
pub use drill::{DrillView, PanelRow};

/// Whether the console that autosaved a draft still runs (then the draft
/// is being typed, not cut off). Our own id counts as gone: a new start.
fn process_alive(pid: i64) -> bool {
    let own = i64::from(std::process::id());
    #[cfg(unix)]
    {
        // SAFETY: signal 0 only asks whether the process exists.
        pid != own && i32::try_from(pid).is_ok_and(|p| p > 0 && unsafe { libc::kill(p, 0) } == 0)
    }
    #[cfg(not(unix))]
    {
        let _ = (pid, own);
        false
    }
}

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

pub enum FieldKind {
    // Boxed: a TextArea is ~600 bytes and forms hold several fields.
    Text(Box<TextArea<'static>>),
    Choice { options: Vec<String>, idx: usize },
}

pub struct Field {
    pub label: String,
    pub kind: FieldKind,
}

impl Field {
    pub fn text(label: &str, value: &str) -> Field {
        Field {
            label: label.to_string(),
            kind: FieldKind::Text(Box::new(single_line(value))),
        }
    }
    pub fn choice(label: &str, options: Vec<String>, idx: usize) -> Field {
        Field {
            label: label.to_string(),
            kind: FieldKind::Choice { options, idx },
        }
    }
    pub fn value(&self) -> String {
        match &self.kind {
            FieldKind::Text(t) => t.lines().join(" "),
            FieldKind::Choice { options, idx } => options.get(*idx).cloned().unwrap_or_default(),
        }
    }
    pub fn idx(&self) -> usize {
        match &self.kind {
            FieldKind::Choice { idx, .. } => *idx,
            FieldKind::Text(_) => 0,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum FormPurpose {
    Declare,
    /// Add or edit a person; `then` says what the roster was open for, so a
    /// person added from the role picker takes the role, and one added from
    /// the operator picker becomes the operator.
    Person {
        id: Option<i64>,
        then: RosterPurpose,
    },
    Briefing,
    Note,
    Skip {
        item: i64,
    },
    Profile,
    Private,
    Rating {
        objective: String,
    },
    ReviewNote,
    Improvement,
}

pub struct Form {
    pub purpose: FormPurpose,
    pub title: String,
    pub fields: Vec<Field>,
    pub focus: usize,
    pub error: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum RosterPurpose {
    Browse,
    Assign {
        role: String,
    },
    /// Who is at the keyboard.
    Operator,
}

pub enum Popup {
    Help {
        scroll: u16,
    },
    IncidentList {
        sel: usize,
    },
    Roster {
        sel: usize,
        purpose: RosterPurpose,
    },
    Form(Form),
    RoleHistory {
        role: String,
        rows: Vec<Assignment>,
        scroll: u16,
    },
    JobSheet {
        role: String,
        scroll: u16,
    },
    Clocks {
        sel: usize,
    },
    Confirm(Confirm),
    Templates {
        sel: usize,
    },
    Private {
        sel: usize,
    },
    Findings {
        scroll: u16,
    },
    Inject {
        number: u32,
    },
    DrillPanel {
        sel: usize,
    },
    Diff {
        versions: Vec<VersionText>,
        from: usize,
        to: usize,
        scroll: u16,
    },
    /// A record anchor just given, to be written down or photographed.
    Anchor {
        anchor: crate::store::Anchor,
        qr: Vec<String>,
    },
    /// A statement that is not a draft, read-only: reading it never starts
    /// a new version.
    StatementText {
        statement: Box<Statement>,
        release: Option<Box<ReleasedVersion>>,
        scroll: u16,
    },
}

impl Popup {
    pub fn ctx(&self) -> Ctx {
        match self {
            Popup::Help { .. }
            | Popup::RoleHistory { .. }
            | Popup::JobSheet { .. }
            | Popup::Findings { .. }
            | Popup::Inject { .. }
            | Popup::Anchor { .. }
            | Popup::StatementText { .. } => Ctx::Viewer,
            Popup::DrillPanel { .. } => Ctx::Drill,
            Popup::Templates { .. } => Ctx::Picker,
            Popup::Private { .. } => Ctx::Private,
            Popup::Diff { .. } => Ctx::Diff,
            Popup::IncidentList { .. } | Popup::Roster { .. } => Ctx::List,
            Popup::Form(_) => Ctx::Form,
            Popup::Clocks { .. } => Ctx::Clocks,
            Popup::Confirm(_) => Ctx::Confirm,
        }
    }
}

/// A legal or policy clock of the active incident, resolved against its
/// declaration time.
#[derive(Clone, Debug)]
pub struct ClockView {
    pub id: String,
    pub due: Option<DateTime<Utc>>,
    pub met_at: Option<DateTime<Utc>>,
}

/// Everything the panes show about the active incident, loaded by the
/// update step.
pub struct IncidentView {
    pub incident: Incident,
    pub briefing: Vec<(String, String)>,
    pub assignments: Vec<Assignment>,
    pub checklist: Vec<ChecklistItem>,
    pub statements: Vec<Statement>,
    pub timeline: Vec<TimelineEntry>,
    /// More entries exist below the page.
    pub timeline_more: bool,
    pub clocks: Vec<ClockView>,
    /// Names that must never appear in a statement.
    pub private: Vec<PrivatePerson>,
    /// The newest release to each audience.
    pub releases: Vec<ReleasedVersion>,
}

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
    fn new() -> Editor {
        Editor {
            textarea: editor_area(""),
            statement_id: None,
            editing: false,
            dirty: false,
            autosaved: false,
            last_edit: None,
            unsaved_since: None,
            saved_at: None,
        }
    }
    pub fn text(&self) -> String {
        self.textarea.lines().join("\n")
    }
    /// Characters, not bytes or cells: a CJK character counts as one.
    pub fn char_count(&self) -> usize {
        self.textarea.lines().iter().map(|l| l.chars().count()).sum()
    }
}

fn editor_area(text: &str) -> TextArea<'static> {
    let mut ta = TextArea::new(text.split('\n').map(str::to_string).collect());
    ta.set_wrap_mode(WrapMode::WordOrGlyph);
    ta.set_cursor_line_style(ratatui::style::Style::default());
    ta
}

fn single_line(text: &str) -> TextArea<'static> {
    let mut ta = TextArea::new(vec![text.to_string()]);
    ta.set_cursor_line_style(ratatui::style::Style::default());
    ta.move_cursor(ratatui_textarea::CursorMove::End);
    ta
}

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
    pub tz: Tz,
    pub now: DateTime<Utc>,
    /// The terminal's size, for layout-dependent paging and mouse hits.
    pub size: (u16, u16),
    pub focus: Pane,
    pub incidents: Vec<IncidentSummary>,
    pub persons: Vec<Person>,
    pub view: Option<IncidentView>,
    pub role_sel: usize,
    pub item_sel: usize,
    pub statement_idx: usize,
    /// Id of the timeline entry at the top of the pane; None follows the newest.
    pub timeline_top: Option<i64>,
    pub editor: Editor,
    pub popups: Vec<Popup>,
    pub status: Option<Status>,
    /// The person at this console's keyboard, from the roster; every
    /// timeline entry names them, and sign-offs need one.
    pub operator: Option<String>,
    pub profile: crate::domain::desk::Profile,
    /// What the checks found in the editor's text.
    pub findings: Vec<crate::domain::lint::Finding>,
    pub findings_stale: bool,
    /// The editor text's length as the checks count it.
    pub editor_count: usize,
    /// Text to hand to the terminal's clipboard (OSC 52) on the next loop.
    pub clipboard: Option<String>,
    /// The active incident's drill, when it is one.
    pub drill: Option<DrillView>,
    drill_over_told: bool,
    /// The incident list shows drills too.
    pub show_drills: bool,
    /// Said on stderr after the terminal is restored.
    pub exit_note: Option<String>,
    quit_insisted: bool,
    seen_version: i64,
    /// The file and the generation of the record this console opened: if
    /// either changes under it (a restore, a file copied over), it reopens
    /// rather than write into what is no longer the record.
    opened_file: Option<crate::store::FileId>,
    seen_generation: String,
    pub quit: bool,
    /// Set when something changed that the screen shows.
    pub dirty_screen: bool,
}

impl App {
    pub fn new(store: Store, content: &'static Content, lang: Lang, tz: Tz, now: DateTime<Utc>) -> App {
        let operator = store.operator().map(str::to_string);
        let opened_file = store.path().and_then(|p| crate::store::file_id(&p));
        let seen_generation = store.generation().unwrap_or_default();
        let mut app = App {
            store,
            content,
            lang,
            tr: Catalog::get(lang),
            tz,
            now,
            size: (80, 24),
            focus: Pane::Incident,
            incidents: Vec::new(),
            persons: Vec::new(),
            view: None,
            role_sel: 0,
            item_sel: 0,
            statement_idx: 0,
            timeline_top: None,
            editor: Editor::new(),
            popups: Vec::new(),
            status: None,
            operator,
            profile: Default::default(),
            findings: Vec::new(),
            findings_stale: false,
            editor_count: 0,
            clipboard: None,
            drill: None,
            drill_over_told: false,
            show_drills: false,
            exit_note: None,
            quit_insisted: false,
            seen_version: 0,
            opened_file,
            seen_generation,
            quit: false,
            dirty_screen: true,
        };
        if let Err(e) = app.load_lists() {
            app.fail(e);
        }
        if let Some(id) = app.incidents.first().map(|i| i.id) {
            app.open_incident(id);
        }
        // Drafts the autosave kept when the last session was cut off.
        match app.store.take_recovered_drafts(process_alive) {
            Ok(ids) if !ids.is_empty() => {
                let list = ids.iter().map(|i| format!("#{i}")).collect::<Vec<_>>().join(", ");
                app.info(app.tr.f("status.recovered", &[("ids", &list)]));
            }
            Ok(_) => {}
            Err(e) => app.fail(e),
        }
        app
    }

    // ---- loading --------------------------------------------------------

    fn load_lists(&mut self) -> Result<(), StoreError> {
        self.incidents = self.store.open_incidents(self.show_drills)?;
        self.persons = self.store.persons()?;
        self.profile = self.store.profile()?;
        Ok(())
    }

    pub fn open_incident(&mut self, id: i64) {
        if !self.flush_draft() {
            return;
        }
        self.timeline_top = None;
        self.role_sel = 0;
        self.item_sel = 0;
        self.statement_idx = 0;
        self.editor = Editor::new();
        self.drill_over_told = false;
        match self.load_view(id) {
            Ok(v) => {
                self.view = Some(v);
                self.load_editor();
            }
            Err(e) => self.fail(e),
        }
        match self.load_drill(id) {
            Ok(d) => self.drill = d,
            Err(e) => self.fail(e),
        }
        self.dirty_screen = true;
    }

    fn load_view(&self, id: i64) -> Result<IncidentView, StoreError> {
        let incident = self.store.incident(id)?;
        let limit = self.timeline_rows();
        let mut timeline = self.store.timeline_page(id, self.timeline_top.map(|t| t + 1), limit + 1)?;
        let timeline_more = timeline.len() > limit;
        timeline.truncate(limit);
        let met = self.store.clocks_met(id)?;
        let clocks = self
            .content
            .playbook(&incident.kind)
            .map(|pb| {
                pb.clock
                    .iter()
                    .map(|c| ClockView {
                        id: c.id.clone(),
                        due: c.deadline().map(|d| due_at(incident.declared_at, d, self.tz)),
                        met_at: met.iter().find(|(k, _)| *k == c.id).map(|(_, t)| *t),
                    })
                    .collect()
            })
            .unwrap_or_default();
        Ok(IncidentView {
            briefing: self.store.briefing(id)?,
            assignments: self.store.current_assignments(id)?,
            checklist: self.store.checklist(id)?,
            statements: self.store.statements(id)?,
            timeline,
            timeline_more,
            clocks,
            private: self.store.private_persons(id)?,
            releases: self.store.latest_releases(id)?,
            incident,
        })
    }

    /// Reload after a write. The draft in the editor is left alone.
    pub fn reload(&mut self) {
        if let Err(e) = self.load_lists() {
            self.fail(e);
        }
        if let Some(id) = self.view.as_ref().map(|v| v.incident.id) {
            match self.load_view(id) {
                Ok(v) => self.view = Some(v),
                Err(e) => self.fail(e),
            }
            match self.load_drill(id) {
                Ok(d) => self.drill = d,
                Err(e) => self.fail(e),
            }
        } else {
            self.drill = None;
        }
        self.clamp_selections();
        self.dirty_screen = true;
    }

    fn load_editor(&mut self) {
        let st = self.view.as_ref().and_then(|v| v.statements.get(self.statement_idx)).cloned();
        self.editor = Editor::new();
        if let Some(s) = st {
            self.editor.textarea = editor_area(&s.body);
            self.editor.statement_id = Some(s.id);
            self.editor.saved_at = Some(s.updated_at);
        }
        self.refresh_findings();
    }

    /// Rows the timeline pane can show at the current size.
    pub fn timeline_rows(&self) -> usize {
        let area = Rect::new(0, 0, self.size.0, self.size.1);
        let l = crate::ui::layout(area);
        usize::from(l.pane(Pane::Timeline).height.saturating_sub(2)).max(1)
    }

    /// Roles in the order the pane lists them: the critical roles first
    /// (they must never stay empty), then the playbook's other required
    /// roles, then the rest of the catalog.
    pub fn role_rows(&self) -> Vec<String> {
        let Some(v) = &self.view else { return Vec::new() };
        let required: &[String] = self
            .content
            .playbook(&v.incident.kind)
            .map(|p| p.required_roles.as_slice())
            .unwrap_or_default();
        let rank = |r: &crate::domain::content::RoleDef| match (r.critical, required.contains(&r.id)) {
            (true, _) => 0,
            (false, true) => 1,
            (false, false) => 2,
        };
        let mut roles: Vec<_> = self.content.roles.iter().collect();
        // A stable sort keeps the catalog order within each group.
        roles.sort_by_key(|r| rank(r));
        roles.into_iter().map(|r| r.id.clone()).collect()
    }

    pub fn is_required(&self, role: &str) -> bool {
        self.view
            .as_ref()
            .and_then(|v| self.content.playbook(&v.incident.kind))
            .is_some_and(|p| p.required_roles.iter().any(|r| r == role))
    }

    pub fn holder(&self, role: &str) -> Option<&Assignment> {
        self.view.as_ref().and_then(|v| v.assignments.iter().find(|a| a.role == role))
    }

    /// Critical roles nobody holds: the console warns until they are staffed.
    pub fn unfilled_critical(&self) -> Vec<String> {
        if self.view.is_none() {
            return Vec::new();
        }
        self.content
            .roles
            .iter()
            .filter(|r| r.critical && self.holder(&r.id).is_none())
            .map(|r| r.id.clone())
            .collect()
    }

    fn clamp_selections(&mut self) {
        let roles = self.role_rows().len();
        self.role_sel = self.role_sel.min(roles.saturating_sub(1));
        let items = self.view.as_ref().map_or(0, |v| v.checklist.len());
        self.item_sel = self.item_sel.min(items.saturating_sub(1));
        let sts = self.view.as_ref().map_or(0, |v| v.statements.len());
        self.statement_idx = self.statement_idx.min(sts.saturating_sub(1));
    }

    // ---- status ---------------------------------------------------------

    /// Write the after-action report (Markdown and HTML) beside the
    /// database, in `reports/`, and say where.
    pub fn write_report(&mut self) {
        let Some(id) = self.view.as_ref().map(|v| v.incident.id) else {
            return;
        };
        let dir = match self.store.path() {
            Some(p) => p
                .parent()
                .map(|d| d.join("reports"))
                .unwrap_or_else(|| std::path::PathBuf::from("reports")),
            None => return self.refuse_text("status.report_no_file"),
        };
        let stamp = self.now.with_timezone(&self.tz).format("%Y%m%d-%H%M").to_string();
        let mut written = Vec::new();
        for (fmt, ext) in [(crate::cli::ReportFormat::Md, "md"), (crate::cli::ReportFormat::Html, "html")] {
            let mut buf = Vec::new();
            if let Err(e) = crate::report::write(&self.store, self.content, id, fmt, self.lang, self.tz, self.now, &mut buf) {
                return self.refuse(e.0);
            }
            let path = dir.join(format!("incident-{id}-{stamp}.{ext}"));
            if let Err(e) = std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&path, &buf)) {
                return self.refuse(self.tr.f("status.report_failed", &[("error", &e.to_string())]));
            }
            written.push(path.display().to_string());
        }
        self.info(self.tr.f("status.report_written", &[("paths", &written.join(", "))]));
    }

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

    /// Give a record anchor and show it, to be kept outside the file: after
    /// each release and when an incident closes.
    pub fn offer_anchor(&mut self) -> Option<String> {
        match self.store.give_anchor(self.now) {
            Ok(anchor) => {
                let at = anchor.created_at.with_timezone(&self.tz).format("%Y-%m-%d %H:%M");
                let qr = crate::domain::chain::anchor_qr(&format!("crisisdesk anchor {} {at}", anchor.digest));
                let digest = anchor.digest.clone();
                self.popups.push(Popup::Anchor { anchor, qr });
                self.reload();
                Some(digest)
            }
            Err(e) => {
                self.refuse(self.tr.f("anchor.failed", &[("error", &e.to_string())]));
                None
            }
        }
    }

    /// Ask who is at the keyboard (at start, with `O`, or before a sign-off).
    pub fn open_operator_picker(&mut self) {
        let sel = self
            .operator
            .as_ref()
            .and_then(|o| self.persons.iter().position(|p| &p.name == o))
            .unwrap_or(0);
        self.popups.push(Popup::Roster {
            sel,
            purpose: RosterPurpose::Operator,
        });
    }

    pub fn refuse_text(&mut self, key: &str) {
        self.refuse(self.tr.t(key).to_string());
    }

    pub fn info(&mut self, text: String) {
        self.status = Some(Status {
            text,
            error: false,
            at: self.now,
        });
        self.dirty_screen = true;
    }

    pub fn fail(&mut self, e: StoreError) {
        let text = self.tr.f("status.error", &[("error", &e.to_string())]);
        self.status = Some(Status {
            text,
            error: true,
            at: self.now,
        });
        self.dirty_screen = true;
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
                        let l = crate::ui::layout(Rect::new(0, 0, self.size.0, self.size.1));
                        if let Some(p) = Pane::ALL.into_iter().find(|p| l.pane(*p).contains(pos)) {
                            self.set_focus(p);
                        }
                    }
                    // While typing, the wheel moves through the text; it must
                    // never switch statements under the user's hands.
                    MouseEventKind::ScrollUp | MouseEventKind::ScrollDown if self.editor.editing && self.popups.is_empty() => {
                        let up = m.kind == MouseEventKind::ScrollUp;
                        self.editor.textarea.move_cursor(if up {
                            ratatui_textarea::CursorMove::Up
                        } else {
                            ratatui_textarea::CursorMove::Down
                        });
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
        if self.editor.editing && self.popups.len() == 1 && matches!(self.popups.last(), Some(Popup::Inject { .. })) {
            self.popups.pop();
            if key.code == crossterm::event::KeyCode::Esc {
                self.dirty_screen = true;
                return;
            }
        }
        let ctxs = self.contexts();
        if let Some(action) = keymap::lookup(&ctxs, &key) {
            self.dispatch(action);
            return;
        }
        // Unbound keys are text where text is being typed.
        if self.editor.editing && self.popups.is_empty() {
            if self.editor.textarea.input(key) {
                self.touch_draft();
            }
            self.dirty_screen = true;
        } else if let Some(Popup::Form(form)) = self.popups.last_mut() {
            if let Some(Field {
                kind: FieldKind::Text(ta), ..
            }) = form.fields.get_mut(form.focus)
            {
                // A single-line field never takes a newline.
                if key.code != crossterm::event::KeyCode::Enter {
                    ta.input(key);
                }
            }
            self.dirty_screen = true;
        }
    }

    pub fn paste(&mut self, s: &str) {
        // Control and BiDi characters come in as visible marks, never raw:
        // text that reads one way here must read the same way wherever it goes.
        let text = crate::text::inert(&s.replace("\r\n", "\n").replace('\r', "\n")).into_owned();
        if text.chars().count() > MAX_PASTE_CHARS {
            self.info(self.tr.f("status.paste_too_big", &[("max", &MAX_PASTE_CHARS.to_string())]));
            return;
        }
        if let Some(Popup::Form(form)) = self.popups.last_mut() {
            if let Some(Field {
                kind: FieldKind::Text(ta), ..
            }) = form.fields.get_mut(form.focus)
            {
                ta.insert_str(text.replace('\n', " "));
            }
        } else if self.editor.editing {
            self.editor.textarea.insert_str(&text);
            self.touch_draft();
        }
        self.dirty_screen = true;
    }

    fn touch_draft(&mut self) {
        self.findings_stale = true;
        self.editor.dirty = true;
        self.editor.last_edit = Some(self.now);
        self.editor.unsaved_since.get_or_insert(self.now);
    }

    /// Whether the autosave is due: the typing rested, or it has gone on
    /// for the maximum wait since the last save.
    fn autosave_due(&self, now: DateTime<Utc>) -> bool {
        let e = &self.editor;
        e.dirty
            && (e.last_edit.is_some_and(|t| now - t >= Duration::milliseconds(AUTOSAVE_AFTER_MS))
                || e.unsaved_since
                    .is_some_and(|t| now - t >= Duration::milliseconds(AUTOSAVE_MAX_WAIT_MS)))
    }

    /// The clock tick: move time on and autosave a draft that has rested.
    pub fn tick(&mut self, now: DateTime<Utc>) {
        let second_changed = now.timestamp() != self.now.timestamp();
        self.now = now;
        if self.record_replaced() {
            return;
        }
        if self.autosave_due(now) {
            self.save_editor(true);
        }
        if self.findings_stale {
            self.refresh_findings();
        }
        if second_changed {
            self.follow_other_writers();
            self.drill_tick();
            self.dirty_screen = true;
        }
    }

    /// Save the draft now if it has unsaved changes. On failure the text
    /// stays in the editor and stays marked unsaved, so nothing is lost.
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

    /// Whether the record under this console was replaced (the path now
    /// names another file, or a restore renewed the generation); if so the
    /// console has reopened it, keeping an unsaved draft in a file, and the
    /// caller must not go on with what it was about to do. One `stat` and,
    /// when another process wrote, one small query.
    fn record_replaced(&mut self) -> bool {
        let Some(path) = self.store.path() else { return false };
        let moved = self.opened_file.is_some() && crate::store::file_id(&path) != self.opened_file;
        let restored = !moved
            && self.store.data_version().is_ok_and(|v| v != self.seen_version)
            && self.store.generation().is_ok_and(|g| g != self.seen_generation);
        if !(moved || restored) {
            return false;
        }
        // The draft never goes into the replaced record: a statement with
        // its id there may be another one.
        let kept = if self.editor.dirty { self.write_recovery_file().ok() } else { None };
        let operator = self.operator.clone();
        let focus = self.focus;
        match Store::open(&path, false) {
            Ok(mut store) => {
                store.set_operator(operator);
                self.opened_file = crate::store::file_id(&path);
                self.seen_generation = store.generation().unwrap_or_default();
                self.seen_version = store.data_version().unwrap_or_default();
                self.store = store;
                self.editor = Editor::new();
                self.popups.clear();
                self.view = None;
                self.timeline_top = None;
                self.reload();
                if let Some(id) = self.incidents.first().map(|i| i.id) {
                    self.open_incident(id);
                }
                self.focus = focus;
                let mut msg = self.tr.t("status.record_replaced").to_string();
                if let Some(p) = kept {
                    msg.push(' ');
                    msg.push_str(&self.tr.f("status.draft_kept", &[("path", &p)]));
                }
                self.refuse(msg);
            }
            Err(e) => {
                let mut msg = self.tr.f("status.record_gone", &[("error", &e.to_string())]);
                if let Some(p) = kept {
                    msg.push(' ');
                    msg.push_str(&self.tr.f("status.draft_kept", &[("path", &p)]));
                }
                self.exit_note = Some(msg);
                self.quit = true;
            }
        }
        true
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
    /// the next start knows whether a draft was cut off.
    fn save_editor(&mut self, autosave: bool) {
        if !self.editor.dirty && (autosave || !self.editor.autosaved) {
            return;
        }
        let Some(id) = self.editor.statement_id else { return };
        let body = self.editor.text();
        let by = if autosave { std::process::id() } else { 0 };
        match self.store.save_draft(id, &body, by, self.now) {
            Ok(()) => {
                self.editor.autosaved = autosave;
                self.editor.dirty = false;
                self.editor.unsaved_since = None;
                self.editor.saved_at = Some(self.now);
                if let Some(s) = self.view.as_mut().and_then(|v| v.statements.iter_mut().find(|s| s.id == id)) {
                    s.body = body;
                    s.updated_at = self.now;
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

    /// Quit, never losing a draft: if the database refuses it, the text
    /// goes to a file beside the database and the exit says where.
    fn quit_saving(&mut self) {
        if self.leave_editor() {
            self.quit = true;
            return;
        }
        match self.write_recovery_file() {
            Ok(path) => {
                self.exit_note = Some(self.tr.f("status.draft_to_file", &[("path", &path)]));
                self.quit = true;
            }
            // Nowhere to put it: stay, unless the user insists.
            Err(_) if self.quit_insisted => self.quit = true,
            Err(e) => {
                self.quit_insisted = true;
                self.refuse(self.tr.f("status.draft_unsaved_quit", &[("error", &e.to_string())]));
            }
        }
    }

    fn write_recovery_file(&self) -> std::io::Result<String> {
        let dir = self
            .store
            .path()
            .and_then(|p| p.parent().map(|d| d.join("recovered")))
            .unwrap_or_else(|| std::env::temp_dir().join("crisisdesk-recovered"));
        std::fs::create_dir_all(&dir)?;
        let id = self.editor.statement_id.unwrap_or_default();
        let path = dir.join(format!("statement-{id}-{}.txt", self.now.format("%Y%m%d-%H%M%S")));
        let mut o = std::fs::OpenOptions::new();
        o.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            o.mode(0o600);
        }
        use std::io::Write;
        o.open(&path)?.write_all(self.editor.text().as_bytes())?;
        Ok(path.display().to_string())
    }

    fn set_focus(&mut self, p: Pane) {
        if self.focus == Pane::Statement && p != Pane::Statement && !self.leave_editor() {
            return;
        }
        self.focus = p;
        self.dirty_screen = true;
    }

    /// Leave the editor, saving first. If the save fails the text stays
    /// in the editor (the message says why) and so does the user.
    fn leave_editor(&mut self) -> bool {
        let saved = self.flush_draft();
        if saved {
            self.editor.editing = false;
        }
        saved
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
        if !self.popups.is_empty() {
            self.popup_action(action);
            return;
        }
        match action {
            Action::Quit => self.quit_saving(),
            Action::Help => self.popups.push(Popup::Help { scroll: 0 }),
            Action::FocusNext => self.set_focus(Pane::ALL[(self.focus.index() + 1) % Pane::ALL.len()]),
            Action::FocusPrev => self.set_focus(Pane::ALL[(self.focus.index() + Pane::ALL.len() - 1) % Pane::ALL.len()]),
            Action::Focus(p) => self.set_focus(p),
            Action::ToggleLang => {
                self.lang = self.lang.other();
                self.tr = Catalog::get(self.lang);
                self.refresh_findings();
            }
            Action::Profile => self.open_profile(),
            Action::IncidentList => {
                let sel = self
                    .view
                    .as_ref()
                    .and_then(|v| self.incidents.iter().position(|i| i.id == v.incident.id))
                    .unwrap_or(0);
                self.popups.push(Popup::IncidentList { sel });
            }
            Action::Declare => self.open_declare(),
            Action::Roster => self.popups.push(Popup::Roster {
                sel: 0,
                purpose: RosterPurpose::Browse,
            }),
            Action::PickOperator => self.open_operator_picker(),
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

    fn scroll_timeline(&mut self, action: Action) {
        let Some(v) = &self.view else { return };
        let id = v.incident.id;
        let page = self.timeline_rows();
        let top = match action {
            Action::Top => None,
            Action::Down if v.timeline_more || v.timeline.len() > 1 => v.timeline.get(1).map(|e| e.id).or(self.timeline_top),
            Action::PageDown if v.timeline_more => v.timeline.last().map(|e| e.id),
            Action::Up | Action::PageUp => match v.timeline.first() {
                Some(first) => match self.store.timeline_newer(id, first.id, if action == Action::Up { 1 } else { page }) {
                    Ok(Some(newer)) => Some(newer),
                    Ok(None) => None,
                    Err(e) => {
                        self.fail(e);
                        return;
                    }
                },
                None => None,
            },
            // The oldest page: its top is `page` entries above the oldest.
            Action::Bottom => match self.store.timeline_newer(id, 0, page) {
                Ok(t) => t,
                Err(e) => {
                    self.fail(e);
                    return;
                }
            },
            _ => self.timeline_top,
        };
        // The newest entry at the top means "follow new entries".
        let newest = self.store.timeline_page(id, None, 1).ok().and_then(|p| p.first().map(|e| e.id));
        self.timeline_top = if top == newest { None } else { top };
        self.reload();
    }

    fn select_statement(&mut self, idx: usize) {
        if idx == self.statement_idx && self.editor.statement_id.is_some() {
            return;
        }
        if !self.flush_draft() {
            return;
        }
        self.statement_idx = idx;
        self.load_editor();
    }

    fn selected_role(&self) -> Option<String> {
        self.role_rows().get(self.role_sel).cloned()
    }

    fn selected_item(&self) -> Option<&ChecklistItem> {
        self.view.as_ref().and_then(|v| v.checklist.get(self.item_sel))
    }

    fn incident_action(&mut self, action: Action) {
        let Some(v) = &self.view else { return };
        let id = v.incident.id;
        let (phase, severity) = (v.incident.phase, v.incident.severity);
        let now = self.now;
        let result: Result<(), StoreError> = match action {
            Action::NextPhase => match phase.next() {
                Some(to) => self.store.set_phase(id, phase, to, now),
                None => Ok(()),
            },
            Action::PrevPhase => match phase.prev() {
                Some(to) => self.store.set_phase(id, phase, to, now),
                None => Ok(()),
            },
            // Level 1 is the most severe, so raising severity lowers the number.
            Action::SeverityUp if severity > 1 => self.store.set_severity(id, severity, severity - 1, now),
            Action::SeverityDown if severity < 4 => self.store.set_severity(id, severity, severity + 1, now),
            Action::EditBriefing => {
                self.open_briefing();
                Ok(())
            }
            Action::ShowClocks | Action::Activate if self.focus == Pane::Incident => {
                self.popups.push(Popup::Clocks { sel: 0 });
                Ok(())
            }
            Action::CloseIncident => {
                self.popups.push(Popup::Confirm(Confirm::CloseIncident));
                Ok(())
            }
            Action::DrillPanel => {
                self.popups.push(Popup::DrillPanel { sel: 0 });
                Ok(())
            }
            Action::PrivateList => {
                self.popups.push(Popup::Private { sel: 0 });
                Ok(())
            }
            Action::Template => {
                self.popups.push(Popup::Templates { sel: 0 });
                Ok(())
            }
            Action::SubmitReview => {
                self.statement_step(crate::domain::desk::Step::Submit);
                return;
            }
            Action::LegalReview => {
                self.statement_step(crate::domain::desk::Step::Review);
                return;
            }
            Action::Approve => {
                self.statement_step(crate::domain::desk::Step::Approve);
                return;
            }
            Action::Release => {
                self.statement_step(crate::domain::desk::Step::Release);
                return;
            }
            Action::Withdraw => {
                self.statement_step(crate::domain::desk::Step::Withdraw);
                return;
            }
            Action::Reopen => {
                self.statement_step(crate::domain::desk::Step::Reopen);
                return;
            }
            Action::Diff => {
                let _ = self.flush_draft();
                self.open_diff();
                return;
            }
            Action::Copy => {
                self.copy_statement();
                return;
            }
            Action::Findings => {
                self.refresh_findings();
                self.popups.push(Popup::Findings { scroll: 0 });
                return;
            }
            Action::AssignRole => {
                if let Some(role) = self.selected_role() {
                    let sel = self
                        .holder(&role)
                        .and_then(|a| self.persons.iter().position(|p| p.id == a.person_id))
                        .unwrap_or(0);
                    self.popups.push(Popup::Roster {
                        sel,
                        purpose: RosterPurpose::Assign { role },
                    });
                }
                Ok(())
            }
            Action::ReleaseRole => match self.selected_role() {
                Some(role) => self.store.release_role(id, &role, now).map(|_| ()),
                None => Ok(()),
            },
            Action::RoleHistory => match self.selected_role() {
                Some(role) => self.store.role_history(id, Some(&role)).map(|rows| {
                    self.popups.push(Popup::RoleHistory { role, rows, scroll: 0 });
                }),
                None => Ok(()),
            },
            Action::JobSheet => {
                if let Some(role) = self.selected_role() {
                    self.popups.push(Popup::JobSheet { role, scroll: 0 });
                }
                Ok(())
            }
            Action::ToggleItem => match self.selected_item().map(|i| (i.id, i.state)) {
                Some((item, state)) => {
                    let to = if state == ItemState::Open {
                        ItemState::Done
                    } else {
                        ItemState::Open
                    };
                    self.store.set_item_state(item, to, "", now)
                }
                None => Ok(()),
            },
            Action::SkipItem => {
                if let Some(item) = self.selected_item().map(|i| i.id) {
                    let form = Form {
                        purpose: FormPurpose::Skip { item },
                        title: self.tr.t("form.skip.title").to_string(),
                        fields: vec![Field::text(self.tr.t("form.skip.note"), "")],
                        focus: 0,
                        error: None,
                    };
                    self.popups.push(Popup::Form(form));
                }
                Ok(())
            }
            Action::EditStatement => {
                if let Err(e) = self.begin_edit() {
                    self.fail(e);
                }
                return;
            }
            Action::OpenStatement => {
                if let Err(e) = self.open_statement() {
                    self.fail(e);
                }
                return;
            }
            Action::DiscardVersion => {
                self.statement_step(crate::domain::desk::Step::Discard);
                return;
            }
            Action::NewStatement => self.new_statement("media").map(|_| self.editor.editing = true),
            Action::NextStatement => {
                let n = self.view.as_ref().map_or(0, |v| v.statements.len());
                if n > 0 {
                    self.select_statement((self.statement_idx + 1) % n);
                }
                Ok(())
            }
            Action::CycleAudience if self.current_statement().is_some_and(|s| !s.state.editable()) => {
                self.refuse_text("desk.refuse.audience");
                return;
            }
            Action::CycleAudience => match self.editor.statement_id {
                Some(sid) => {
                    let cur = self
                        .view
                        .as_ref()
                        .and_then(|v| v.statements.iter().find(|s| s.id == sid))
                        .map(|s| s.audience.clone());
                    let i = cur.and_then(|c| AUDIENCES.iter().position(|a| *a == c)).unwrap_or(0);
                    self.store.set_statement_audience(sid, AUDIENCES[(i + 1) % AUDIENCES.len()], now)
                }
                None => Ok(()),
            },
            Action::AddNote => {
                let form = Form {
                    purpose: FormPurpose::Note,
                    title: self.tr.t("form.note.title").to_string(),
                    fields: vec![
                        Field::text(self.tr.t("form.note.text"), ""),
                        Field::text(self.tr.t("form.note.time"), ""),
                    ],
                    focus: 0,
                    error: None,
                };
                self.popups.push(Popup::Form(form));
                Ok(())
            }
            _ => Ok(()),
        };
        match result {
            Ok(()) => self.reload(),
            Err(e) => self.fail(e),
        }
    }

    fn new_statement(&mut self, audience: &str) -> Result<(), StoreError> {
        let Some(id) = self.view.as_ref().map(|v| v.incident.id) else {
            return Ok(());
        };
        if !self.flush_draft() {
            return Ok(());
        }
        self.store.create_statement(id, audience, "", self.now)?;
        self.reload();
        let n = self.view.as_ref().map_or(0, |v| v.statements.len());
        self.statement_idx = n.saturating_sub(1);
        self.load_editor();
        Ok(())
    }

    fn open_declare(&mut self) {
        let lang = self.lang;
        let types: Vec<String> = self.content.playbooks.iter().map(|p| p.name.get(lang).to_string()).collect();
        let form = Form {
            purpose: FormPurpose::Declare,
            title: self.tr.t("form.declare.title").to_string(),
            fields: vec![
                Field::choice(self.tr.t("form.declare.type"), types, 0),
                Field::choice(self.tr.t("form.declare.severity"), self.severity_options(0), 1),
                Field::text(self.tr.t("form.declare.title_field"), ""),
            ],
            focus: 0,
            error: None,
        };
        self.popups.push(Popup::Form(form));
    }

    fn severity_options(&self, pb_idx: usize) -> Vec<String> {
        let lang = self.lang;
        self.content
            .playbooks
            .get(pb_idx)
            .map(|pb| {
                (1..=4u8)
                    .map(|l| {
                        pb.severity(l)
                            .map(|s| s.label.get(lang).to_string())
                            .unwrap_or_else(|| l.to_string())
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    fn open_briefing(&mut self) {
        let Some(v) = &self.view else { return };
        let fields = BRIEFING_KEYS
            .iter()
            .map(|k| {
                let value = v.briefing.iter().find(|(bk, _)| bk == k).map(|(_, val)| val.as_str()).unwrap_or("");
                Field::text(self.tr.t(&format!("briefing.{k}")), value)
            })
            .collect();
        let form = Form {
            purpose: FormPurpose::Briefing,
            title: self.tr.t("form.briefing.title").to_string(),
            fields,
            focus: 0,
            error: None,
        };
        self.popups.push(Popup::Form(form));
    }

    fn person_form(&self, person: Option<&Person>, then: RosterPurpose) -> Form {
        let (name, phone, email) = person.map_or(("", "", ""), |p| (p.name.as_str(), p.phone.as_str(), p.email.as_str()));
        Form {
            purpose: FormPurpose::Person {
                id: person.map(|p| p.id),
                then,
            },
            title: self
                .tr
                .t(if person.is_some() { "form.person.edit" } else { "form.person.add" })
                .to_string(),
            fields: vec![
                Field::text(self.tr.t("form.person.name"), name),
                Field::text(self.tr.t("form.person.phone"), phone),
                Field::text(self.tr.t("form.person.email"), email),
            ],
            focus: 0,
            error: None,
        }
    }

    // ---- popups ---------------------------------------------------------

    fn popup_action(&mut self, action: Action) {
        if action == Action::Quit {
            self.quit_saving();
            return;
        }
        let panel_len = self.panel_rows().len();
        let Some(top) = self.popups.last_mut() else { return };
        match (top, action) {
            (_, Action::Back) => {
                self.popups.pop();
            }
            (Popup::Help { scroll } | Popup::RoleHistory { scroll, .. } | Popup::JobSheet { scroll, .. }, a) => match a {
                Action::Up => *scroll = scroll.saturating_sub(1),
                Action::Down => *scroll = scroll.saturating_add(1),
                _ => {}
            },
            (Popup::IncidentList { sel }, a) => {
                let n = self.incidents.len();
                match a {
                    Action::Up => *sel = sel.saturating_sub(1),
                    Action::Down => *sel = (*sel + 1).min(n.saturating_sub(1)),
                    Action::Activate => {
                        if let Some(id) = self.incidents.get(*sel).map(|i| i.id) {
                            self.popups.pop();
                            self.open_incident(id);
                        }
                    }
                    Action::Declare => {
                        self.popups.pop();
                        self.open_declare();
                    }
                    Action::ToggleDrills => {
                        self.show_drills = !self.show_drills;
                        if let Err(e) = self.load_lists() {
                            self.fail(e);
                        }
                        if let Some(Popup::IncidentList { sel }) = self.popups.last_mut() {
                            *sel = 0;
                        }
                    }
                    _ => {}
                }
            }
            (Popup::Roster { sel, purpose }, a) => {
                let n = self.persons.len();
                match a {
                    Action::Up => *sel = sel.saturating_sub(1),
                    Action::Down => *sel = (*sel + 1).min(n.saturating_sub(1)),
                    Action::AddPerson => {
                        let purpose = purpose.clone();
                        let f = self.person_form(None, purpose);
                        self.popups.push(Popup::Form(f));
                    }
                    Action::EditPerson => {
                        if let Some(p) = self.persons.get(*sel).cloned() {
                            let f = self.person_form(Some(&p), RosterPurpose::Browse);
                            self.popups.push(Popup::Form(f));
                        }
                    }
                    Action::Activate => {
                        let purpose = purpose.clone();
                        match (purpose, self.persons.get(*sel).map(|p| (p.id, p.name.clone()))) {
                            (RosterPurpose::Assign { role }, Some((pid, _))) => {
                                self.popups.pop();
                                self.assign(&role, pid);
                            }
                            (RosterPurpose::Operator, Some((_, name))) => {
                                self.popups.pop();
                                self.set_operator(Some(name));
                            }
                            (RosterPurpose::Browse, Some(_)) => {}
                            (purpose, None) => {
                                let f = self.person_form(None, purpose);
                                self.popups.push(Popup::Form(f));
                            }
                        }
                    }
                    _ => {}
                }
            }
            (Popup::Clocks { sel }, a) => {
                let n = self.view.as_ref().map_or(0, |v| v.clocks.len());
                match a {
                    Action::Up => *sel = sel.saturating_sub(1),
                    Action::Down => *sel = (*sel + 1).min(n.saturating_sub(1)),
                    Action::Activate => {
                        let sel = *sel;
                        self.toggle_clock(sel);
                    }
                    _ => {}
                }
            }
            (Popup::Confirm(Confirm::Release(id)), Action::Submit) => {
                let id = *id;
                self.popups.pop();
                self.commit_step(id, crate::domain::desk::Step::Release, false);
            }
            (Popup::Confirm(Confirm::Withdraw(id)), Action::Submit) => {
                let id = *id;
                self.popups.pop();
                self.commit_step(id, crate::domain::desk::Step::Withdraw, false);
            }
            (Popup::Confirm(Confirm::Discard(id)), Action::Submit) => {
                let id = *id;
                self.popups.pop();
                self.commit_step(id, crate::domain::desk::Step::Discard, false);
            }
            (Popup::Confirm(Confirm::NewVersion(id)), Action::Submit) => {
                let id = *id;
                self.popups.pop();
                self.start_new_version(id);
            }
            (Popup::Confirm(Confirm::SignOff(so)), Action::Submit) => {
                let so = so.clone();
                self.popups.pop();
                self.commit_sign_off(&so);
            }
            (Popup::Anchor { .. }, _) => {}
            (Popup::StatementText { scroll, .. }, a) => match a {
                Action::Up => *scroll = scroll.saturating_sub(1),
                Action::Down => *scroll = scroll.saturating_add(1),
                _ => {}
            },
            (Popup::Findings { scroll }, a) => match a {
                Action::Up => *scroll = scroll.saturating_sub(1),
                Action::Down => *scroll = scroll.saturating_add(1),
                _ => {}
            },
            (Popup::Templates { sel }, a) => {
                let n = self
                    .view
                    .as_ref()
                    .map_or(0, |v| crate::domain::templates::for_type(&v.incident.kind).len());
                match a {
                    Action::Up => *sel = sel.saturating_sub(1),
                    Action::Down => *sel = (*sel + 1).min(n.saturating_sub(1)),
                    Action::Activate => {
                        let sel = *sel;
                        self.start_from_template(sel);
                    }
                    _ => {}
                }
            }
            (Popup::Private { sel }, a) => {
                let n = self.view.as_ref().map_or(0, |v| v.private.len());
                match a {
                    Action::Up => *sel = sel.saturating_sub(1),
                    Action::Down => *sel = (*sel + 1).min(n.saturating_sub(1)),
                    Action::AddPrivate => self.open_private_form(),
                    Action::RemovePrivate => {
                        let sel = *sel;
                        self.remove_private(sel);
                        if let Some(Popup::Private { sel }) = self.popups.last_mut() {
                            *sel = (*sel).min(n.saturating_sub(2));
                        }
                    }
                    _ => {}
                }
            }
            (
                Popup::Diff {
                    versions,
                    from,
                    to,
                    scroll,
                },
                a,
            ) => {
                let last = versions.len().saturating_sub(1);
                match a {
                    Action::Up => *scroll = scroll.saturating_sub(1),
                    Action::Down => *scroll = scroll.saturating_add(1),
                    Action::DiffFromPrev => *from = from.saturating_sub(1),
                    Action::DiffFromNext => *from = (*from + 1).min(last),
                    Action::DiffToPrev => *to = to.saturating_sub(1),
                    Action::DiffToNext => *to = (*to + 1).min(last),
                    _ => {}
                }
            }
            (Popup::Confirm(Confirm::EndDrill), Action::Submit) => {
                self.popups.pop();
                self.drill_end();
            }
            (Popup::Inject { .. }, _) => {}
            (Popup::DrillPanel { sel }, a) => {
                let n = panel_len;
                match a {
                    Action::Up => *sel = sel.saturating_sub(1),
                    Action::Down => *sel = (*sel + 1).min(n.saturating_sub(1)),
                    Action::WriteReport => self.write_report(),
                    a => {
                        let sel = *sel;
                        self.panel_act(sel, a);
                    }
                }
            }
            (Popup::Confirm(Confirm::CloseIncident), Action::Submit) => {
                self.popups.pop();
                if let Some(id) = self.view.as_ref().map(|v| v.incident.id) {
                    let drill = self.view.as_ref().is_some_and(|v| v.incident.drill);
                    match self.store.close_incident(id, self.now) {
                        Ok(()) => {
                            self.view = None;
                            self.reload();
                            if let Some(next) = self.incidents.first().map(|i| i.id) {
                                self.open_incident(next);
                            }
                            let closed = self.tr.f("status.closed", &[("id", &id.to_string())]);
                            match (!drill).then(|| self.offer_anchor()).flatten() {
                                Some(d) => self.info(format!("{closed} {}", self.tr.f("anchor.offered", &[("digest", &d)]))),
                                None => self.info(closed),
                            }
                        }
                        Err(e) => self.fail(e),
                    }
                }
            }
            (Popup::Form(form), a) => match a {
                Action::NextField => form.focus = (form.focus + 1) % form.fields.len().max(1),
                Action::PrevField => form.focus = (form.focus + form.fields.len().saturating_sub(1)) % form.fields.len().max(1),
                Action::ChoiceLeft | Action::ChoiceRight => {
                    let focus = form.focus;
                    if let Some(Field {
                        kind: FieldKind::Choice { options, idx },
                        ..
                    }) = form.fields.get_mut(focus)
                    {
                        let n = options.len().max(1);
                        *idx = if a == Action::ChoiceRight {
                            (*idx + 1) % n
                        } else {
                            (*idx + n - 1) % n
                        };
                    } else if let Some(Field {
                        kind: FieldKind::Text(ta), ..
                    }) = form.fields.get_mut(focus)
                    {
                        ta.move_cursor(if a == Action::ChoiceRight {
                            ratatui_textarea::CursorMove::Forward
                        } else {
                            ratatui_textarea::CursorMove::Back
                        });
                    }
                    // The severity labels belong to the chosen crisis type.
                    if form.purpose == FormPurpose::Declare && focus == 0 {
                        let pb = form.fields[0].idx();
                        let sev = form.fields.get(1).map_or(1, Field::idx);
                        let opts = self.severity_options(pb);
                        if let Some(Popup::Form(form)) = self.popups.last_mut() {
                            form.fields[1] = Field::choice(&form.fields[1].label.clone(), opts, sev);
                        }
                    }
                }
                Action::Submit => self.submit_form(),
                _ => {}
            },
            _ => {}
        }
    }

    fn assign(&mut self, role: &str, person: i64) {
        let Some(id) = self.view.as_ref().map(|v| v.incident.id) else {
            return;
        };
        match self.store.assign_role(id, role, person, self.now) {
            Ok(()) => self.reload(),
            Err(e) => self.fail(e),
        }
    }

    fn toggle_clock(&mut self, sel: usize) {
        let Some(v) = &self.view else { return };
        let Some(c) = v.clocks.get(sel) else { return };
        let label = self
            .content
            .playbook(&v.incident.kind)
            .and_then(|p| p.clock.iter().find(|d| d.id == c.id))
            .map(|d| d.label.zh.clone())
            .unwrap_or_default();
        let (id, cid, met) = (v.incident.id, c.id.clone(), c.met_at.is_none());
        match self.store.set_clock_met(id, &cid, &label, met, self.now) {
            Ok(()) => self.reload(),
            Err(e) => self.fail(e),
        }
    }

    fn submit_form(&mut self) {
        let Some(Popup::Form(form)) = self.popups.last() else { return };
        let values: Vec<String> = form.fields.iter().map(Field::value).collect();
        let idx: Vec<usize> = form.fields.iter().map(Field::idx).collect();
        let purpose = form.purpose.clone();
        let now = self.now;
        let incident = self.view.as_ref().map(|v| v.incident.id);
        let result: Result<Option<String>, String> = match &purpose {
            FormPurpose::Declare => {
                let title = values.get(2).map(|s| s.trim()).unwrap_or("");
                match self.content.playbooks.get(idx[0]) {
                    _ if title.is_empty() => Err(self.tr.t("form.declare.need_title").to_string()),
                    Some(pb) => {
                        let severity = (idx[1] + 1) as u8;
                        match self.store.declare(pb, severity, title, false, now) {
                            Ok(id) => {
                                self.popups.pop();
                                self.load_lists().ok();
                                self.open_incident(id);
                                self.focus = Pane::Roles;
                                Ok(Some(self.tr.f("status.declared", &[("id", &id.to_string())])))
                            }
                            Err(e) => Err(e.to_string()),
                        }
                    }
                    None => Err("no crisis type".into()),
                }
            }
            FormPurpose::Person { id, then } => {
                let (name, phone, email) = (&values[0], &values[1], &values[2]);
                if name.trim().is_empty() {
                    Err(self.tr.t("form.person.need_name").to_string())
                } else {
                    let r = match id {
                        Some(pid) => self.store.update_person(*pid, name, phone, email).map(|_| *pid),
                        None => self.store.add_person(name, phone, email, now),
                    };
                    match r {
                        Ok(pid) => {
                            self.popups.pop();
                            self.reload();
                            // Added from the role picker the new person takes the
                            // role; from the operator picker, the keyboard.
                            let close_roster = |app: &mut App| {
                                if matches!(app.popups.last(), Some(Popup::Roster { .. })) {
                                    app.popups.pop();
                                }
                            };
                            match then {
                                RosterPurpose::Assign { role } if id.is_none() => {
                                    close_roster(self);
                                    self.assign(role, pid);
                                }
                                RosterPurpose::Operator if id.is_none() => {
                                    close_roster(self);
                                    self.set_operator(Some(name.trim().to_string()));
                                }
                                _ => {
                                    if let Some(Popup::Roster { sel, .. }) = self.popups.last_mut() {
                                        *sel = self.persons.iter().position(|p| p.id == pid).unwrap_or(0);
                                    }
                                }
                            }
                            Ok(None)
                        }
                        Err(e) => Err(e.to_string()),
                    }
                }
            }
            FormPurpose::Briefing => match incident {
                Some(iid) => {
                    let current = self.view.as_ref().map(|v| v.briefing.clone()).unwrap_or_default();
                    let mut err = None;
                    for (k, val) in BRIEFING_KEYS.iter().zip(&values) {
                        let old = current.iter().find(|(ck, _)| ck == k).map(|(_, v)| v.as_str()).unwrap_or("");
                        if old != val.trim()
                            && let Err(e) = self.store.set_briefing(iid, k, val, now)
                        {
                            err = Some(e.to_string());
                            break;
                        }
                    }
                    match err {
                        Some(e) => Err(e),
                        None => {
                            self.popups.pop();
                            Ok(None)
                        }
                    }
                }
                None => Err(self.tr.t("status.no_incident").to_string()),
            },
            FormPurpose::Note => match incident {
                Some(iid) => {
                    let text = values[0].trim();
                    let at = values[1].trim();
                    let event_at = if at.is_empty() {
                        Some(now)
                    } else {
                        parse_event_time(at, now, self.tz)
                    };
                    match event_at {
                        _ if text.is_empty() => Err(self.tr.t("form.note.need_text").to_string()),
                        None => Err(self.tr.t("form.note.bad_time").to_string()),
                        Some(t) => match self.store.add_note(iid, text, t, now) {
                            Ok(_) => {
                                self.popups.pop();
                                self.timeline_top = None;
                                Ok(None)
                            }
                            Err(e) => Err(e.to_string()),
                        },
                    }
                }
                None => Err(self.tr.t("status.no_incident").to_string()),
            },
            FormPurpose::Profile => match self.save_profile(&values) {
                Ok(()) => {
                    self.popups.pop();
                    Ok(Some(self.tr.t("status.profile_saved").to_string()))
                }
                Err(e) => Err(e),
            },
            FormPurpose::Private => match incident {
                Some(iid) => match self.store.add_private_person(iid, &values[0], &values[1], now) {
                    Ok(_) => {
                        self.popups.pop();
                        self.findings_stale = true;
                        Ok(None)
                    }
                    Err(e) => Err(e.to_string()),
                },
                None => Err(self.tr.t("status.no_incident").to_string()),
            },
            FormPurpose::Rating { objective } => match incident {
                Some(iid) => {
                    let rating = crate::domain::drill::RATINGS.get(idx[0]).copied().unwrap_or("P");
                    match self.store.rate_objective(iid, objective, rating, &values[1], now) {
                        Ok(()) => {
                            self.popups.pop();
                            Ok(None)
                        }
                        Err(e) => Err(e.to_string()),
                    }
                }
                None => Err(self.tr.t("status.no_incident").to_string()),
            },
            FormPurpose::ReviewNote => match incident {
                Some(iid) => {
                    let kind = ["hotwash", "strength", "improvement"].get(idx[0]).copied().unwrap_or("hotwash");
                    match self.store.add_review_note(iid, kind, &values[1], now) {
                        Ok(_) => {
                            self.popups.pop();
                            Ok(None)
                        }
                        Err(e) => Err(e.to_string()),
                    }
                }
                None => Err(self.tr.t("status.no_incident").to_string()),
            },
            FormPurpose::Improvement => match incident {
                Some(iid) => {
                    let cat = crate::domain::drill::CATEGORIES.get(idx[3]).copied().unwrap_or("planning");
                    match self.store.add_improvement(iid, &values[0], &values[1], &values[2], cat, now) {
                        Ok(_) => {
                            self.popups.pop();
                            Ok(Some(self.tr.t("status.improvement_saved").to_string()))
                        }
                        Err(e) => Err(e.to_string()),
                    }
                }
                None => Err(self.tr.t("status.no_incident").to_string()),
            },
            FormPurpose::Skip { item } => {
                if values[0].trim().is_empty() {
                    Err(self.tr.t("form.skip.need_note").to_string())
                } else {
                    match self.store.set_item_state(*item, ItemState::Skipped, &values[0], now) {
                        Ok(()) => {
                            self.popups.pop();
                            Ok(None)
                        }
                        Err(e) => Err(e.to_string()),
                    }
                }
            }
        };
        match result {
            Ok(msg) => {
                self.reload();
                if let Some(m) = msg {
                    self.info(m);
                }
            }
            // The form stays open with what was typed; only the message is new.
            Err(msg) => {
                if let Some(Popup::Form(form)) = self.popups.last_mut() {
                    form.error = Some(msg);
                }
            }
        }
        self.dirty_screen = true;
    }

    // ---- derived views for rendering -------------------------------------

    /// Open checklist items and running clocks, soonest first.
    pub fn next_due(&self) -> Vec<(DateTime<Utc>, String, bool)> {
        let Some(v) = &self.view else { return Vec::new() };
        let mut out: Vec<(DateTime<Utc>, String, bool)> = v
            .checklist
            .iter()
            .filter(|i| i.state == ItemState::Open)
            .filter_map(|i| i.due_at.map(|d| (d, i.text(self.lang).to_string(), false)))
            .collect();
        if let Some(pb) = self.content.playbook(&v.incident.kind) {
            for c in &v.clocks {
                if let (Some(due), None) = (c.due, c.met_at)
                    && let Some(def) = pb.clock.iter().find(|d| d.id == c.id)
                {
                    out.push((due, def.label.get(self.lang).to_string(), !def.verified));
                }
            }
        }
        out.sort_by_key(|(d, _, _)| *d);
        out
    }

    pub fn current_statement(&self) -> Option<&Statement> {
        self.view.as_ref().and_then(|v| v.statements.get(self.statement_idx))
    }

    pub fn phase_progress(&self, phase: Phase) -> (usize, usize) {
        let Some(v) = &self.view else { return (0, 0) };
        let items: Vec<_> = v.checklist.iter().filter(|i| i.phase == phase).collect();
        (items.iter().filter(|i| i.state != ItemState::Open).count(), items.len())
    }
}

#[cfg(test)]
mod tests;
