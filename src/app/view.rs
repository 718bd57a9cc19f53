//! What the panes show about the active incident, loaded by the update
//! step after each write, and the selections over it.

use chrono::{DateTime, Utc};

use super::{App, Editor, layout};
use crate::action::{Action, Pane};
use crate::domain::Phase;
use crate::domain::clock::{Due, due_at, dues};
use crate::domain::content::{DueIn, RoleDef};
use crate::domain::model::{Assignment, ChecklistItem, Incident, ItemState, PrivatePerson, ReleasedVersion, Statement, TimelineEntry};
use crate::domain::types::RoleId;
use crate::store::{Store, StoreError};

/// The incident list holds at most this many (a clinic has a handful
/// open; the header counts them all).
pub const INCIDENT_LIST_MAX: usize = 100;

/// A legal or policy deadline of the active incident, resolved against its
/// declaration time.
#[derive(Clone, Debug)]
pub struct DeadlineView {
    pub id: String,
    pub due: Option<DateTime<Utc>>,
    pub met_at: Option<DateTime<Utc>>,
    /// For a clock that runs per person, once the register has people.
    pub persons: Option<PersonClock>,
}

/// A per-person clock read off the affected-persons register.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PersonClock {
    pub notified: usize,
    pub total: usize,
    /// People not notified whose own clock has run out.
    pub overdue: usize,
}

impl PersonClock {
    pub fn all_notified(&self) -> bool {
        self.notified == self.total
    }
}

/// Everything the panes show about the active incident.
pub struct IncidentView {
    pub incident: Incident,
    pub briefing: Vec<(String, String)>,
    pub assignments: Vec<Assignment>,
    pub checklist: Vec<ChecklistItem>,
    /// Without their texts (see `Store::statement_list`); `App::full_statement`
    /// reads one whole.
    pub statements: Vec<Statement>,
    pub timeline: Vec<TimelineEntry>,
    /// More entries exist below the page.
    pub timeline_more: bool,
    pub deadlines: Vec<DeadlineView>,
    /// Names that must never appear in a statement.
    pub private: Vec<PrivatePerson>,
    /// The newest release to each audience.
    pub releases: Vec<ReleasedVersion>,
    /// The call tree, messages, register and follow-ups in counts.
    pub reach: super::reach::ReachSummary,
    /// Mentions per hour and the incident's linked mentions.
    pub mentions: super::monitor::MentionSummary,
}

/// What the console reads besides the active incident. None of it needs
/// the built-in content, so at start it is read while the roles still are.
pub struct Lists {
    first_open: Option<i64>,
    open_count: usize,
    persons: Vec<crate::domain::model::Person>,
    profile: crate::domain::desk::Profile,
    mention_counts: crate::store::MentionCounts,
}

impl Lists {
    pub fn load(store: &Store, show_drills: bool) -> Result<Lists, StoreError> {
        store.snapshot(|store| {
            Ok(Lists {
                first_open: store.open_incidents(show_drills, 1)?.first().map(|i| i.id),
                open_count: store.open_incident_count(show_drills)?,
                persons: store.persons()?,
                profile: store.profile()?,
                mention_counts: store.mention_counts()?,
            })
        })
    }
}

impl App {
    pub(super) fn load_lists(&mut self) -> Result<(), StoreError> {
        let lists = Lists::load(&self.store, self.show_drills)?;
        self.set_lists(lists);
        Ok(())
    }

    pub(super) fn set_lists(&mut self, lists: Lists) {
        self.first_open = lists.first_open;
        self.open_count = lists.open_count;
        self.persons = lists.persons;
        self.profile = lists.profile;
        self.mention_counts = lists.mention_counts;
    }

    /// Make `id` the active incident, saving the draft first.
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
        self.store.snapshot(|_| self.read_view(id))
    }

    fn read_view(&self, id: i64) -> Result<IncidentView, StoreError> {
        let incident = self.store.incident(id)?;
        let (timeline, timeline_more) = self.load_timeline(id)?;
        let met = self.store.deadlines_met(id)?;
        let notified = self.store.affected_counts(id)?;
        let deadlines = self
            .content
            .playbook(&incident.crisis_type)
            .map(|pb| {
                pb.deadline
                    .iter()
                    .map(|c| {
                        let mut view = DeadlineView {
                            id: c.id.clone(),
                            due: c.due_in().map(|d| due_at(incident.declared_at, d, self.tz)),
                            met_at: met.iter().find(|(k, _)| *k == c.id).map(|(_, t)| *t),
                            persons: None,
                        };
                        if c.per_person
                            && let Some(d) = c.due_in()
                            && notified.1 > 0
                        {
                            self.person_clock(id, incident.declared_at, d, notified, &mut view)?;
                        }
                        Ok(view)
                    })
                    .collect::<Result<Vec<_>, StoreError>>()
            })
            .transpose()?
            .unwrap_or_default();
        Ok(IncidentView {
            briefing: self.store.briefing(id)?,
            assignments: self.store.current_assignments(id)?,
            checklist: self.store.checklist(id)?,
            statements: self.store.statement_list(id)?,
            timeline,
            timeline_more,
            deadlines,
            private: self.store.private_persons(id)?,
            releases: self.store.latest_releases(id)?,
            reach: super::reach::load_summary(&self.store, id, self.now, notified)?,
            mentions: super::monitor::MentionSummary {
                volume: self.store.mention_volume(Some(id), self.now)?,
                linked: self.store.linked_mention_counts(id)?,
            },
            incident,
        })
    }

    /// The timeline page at `timeline_top`, and whether older entries
    /// follow it.
    fn load_timeline(&self, id: i64) -> Result<(Vec<TimelineEntry>, bool), StoreError> {
        let limit = self.timeline_rows();
        let mut timeline = self.store.timeline_page(id, self.timeline_top.map(|t| t + 1), limit + 1)?;
        let more = timeline.len() > limit;
        timeline.truncate(limit);
        Ok((timeline, more))
    }

    /// Each person's clock starts when they were entered, never before the
    /// declaration, so the deadline shown is the longest-waiting person's.
    fn person_clock(
        &self,
        id: i64,
        declared: DateTime<Utc>,
        d: DueIn,
        (notified, total): (usize, usize),
        view: &mut DeadlineView,
    ) -> Result<(), StoreError> {
        let span = match d {
            DueIn::Hours(h) => chrono::Duration::hours(h),
            DueIn::Days(n) => chrono::Duration::days(n),
            // Content checks keep per-person clocks to hours and days.
            DueIn::WorkingDays(_) => return Ok(()),
        };
        let (oldest, entered_before) = self.store.unnotified_since(id, self.now - span)?;
        let overdue = if declared + span < self.now { entered_before } else { 0 };
        view.due = oldest.map(|t| t.max(declared) + span);
        view.persons = Some(PersonClock { notified, total, overdue });
        Ok(())
    }

    /// Reload after a write. The draft in the editor is left alone.
    pub fn reload(&mut self) {
        if let Err(e) = self.load_lists() {
            self.fail(e);
        }
        if let Some(id) = self.incident_id() {
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
        if self.reach_in_hand || self.popups.iter().any(|p| p.uses_reach_lists()) {
            self.load_reach_lists();
        }
        if self.prepare.is_some() {
            self.load_prepare();
        }
        if self.popups.iter().any(|p| p.ctx() == crate::keymap::Ctx::Monitor) {
            self.load_monitor(self.monitor.offset);
        }
        self.clamp_selections();
        self.dirty_screen = true;
    }

    pub fn incident_id(&self) -> Option<i64> {
        self.view.as_ref().map(|v| v.incident.id)
    }

    /// Rows the timeline pane can show at the current size.
    pub fn timeline_rows(&self) -> usize {
        let l = layout::layout(ratatui::layout::Rect::new(0, 0, self.size.0, self.size.1));
        usize::from(l.pane(Pane::Timeline).height.saturating_sub(2)).max(1)
    }

    /// Roles in the order the pane lists them (see `Content::role_order`).
    pub fn role_rows(&self) -> Vec<RoleId> {
        let Some(v) = &self.view else { return Vec::new() };
        self.content
            .role_order(&v.incident.crisis_type)
            .into_iter()
            .map(|r: &RoleDef| RoleId::new(r.id.as_str()))
            .collect()
    }

    pub fn is_required(&self, role: &str) -> bool {
        self.view
            .as_ref()
            .and_then(|v| self.content.playbook(&v.incident.crisis_type))
            .is_some_and(|p| p.required_roles.iter().any(|r| r == role))
    }

    pub fn holder(&self, role: &str) -> Option<&Assignment> {
        self.view.as_ref().and_then(|v| v.assignments.iter().find(|a| a.role == role))
    }

    /// Critical roles nobody holds: the console warns until they are staffed.
    pub fn unfilled_critical(&self) -> Vec<RoleId> {
        if self.view.is_none() {
            return Vec::new();
        }
        self.content
            .roles
            .iter()
            .filter(|r| r.critical && self.holder(&r.id).is_none())
            .map(|r| RoleId::new(r.id.as_str()))
            .collect()
    }

    pub(super) fn clamp_selections(&mut self) {
        let roles = self.role_rows().len();
        self.role_sel = self.role_sel.min(roles.saturating_sub(1));
        let items = self.view.as_ref().map_or(0, |v| v.checklist.len());
        self.item_sel = self.item_sel.min(items.saturating_sub(1));
        let sts = self.view.as_ref().map_or(0, |v| v.statements.len());
        self.statement_idx = self.statement_idx.min(sts.saturating_sub(1));
    }

    pub(super) fn selected_role(&self) -> Option<RoleId> {
        self.role_rows().get(self.role_sel).cloned()
    }

    pub(super) fn selected_item(&self) -> Option<&ChecklistItem> {
        self.view.as_ref().and_then(|v| v.checklist.get(self.item_sel))
    }

    /// Move the timeline page. The page is keyed by the id of its top
    /// entry, so new entries arriving never shift what the user reads.
    pub(super) fn scroll_timeline(&mut self, action: Action) {
        let Some(v) = &self.view else { return };
        let id = v.incident.id;
        let page = self.timeline_rows();
        let top = match action {
            Action::Top => None,
            Action::Down if v.timeline_more || v.timeline.len() > 1 => v.timeline.get(1).map(|e| e.id).or(self.timeline_top),
            Action::PageDown if v.timeline_more => v.timeline.last().map(|e| e.id),
            Action::Up | Action::PageUp => match v.timeline.first() {
                Some(first) => match self.store.timeline_newer(id, first.id, if action == Action::Up { 1 } else { page }) {
                    Ok(newer) => newer,
                    Err(e) => return self.fail(e),
                },
                None => None,
            },
            // The oldest page: its top is `page` entries above the oldest.
            Action::Bottom => match self.store.timeline_newer(id, 0, page) {
                Ok(t) => t,
                Err(e) => return self.fail(e),
            },
            _ => self.timeline_top,
        };
        // The newest entry at the top means "follow new entries".
        let newest = self.store.timeline_page(id, None, 1).ok().and_then(|p| p.first().map(|e| e.id));
        self.timeline_top = if top == newest { None } else { top };
        // Only the page moved: the rest of the screen is as it was read
        // (other writers' changes arrive through the record's version).
        match self.load_timeline(id) {
            Ok((timeline, more)) => {
                if let Some(v) = self.view.as_mut() {
                    v.timeline = timeline;
                    v.timeline_more = more;
                }
                self.dirty_screen = true;
            }
            Err(e) => self.fail(e),
        }
    }

    pub(super) fn select_statement(&mut self, idx: usize) {
        if idx == self.statement_idx && self.editor.statement_id.is_some() {
            return;
        }
        if !self.flush_draft() {
            return;
        }
        self.statement_idx = idx;
        self.load_editor();
    }

    /// The statement `id` with its text, read from the record.
    pub(super) fn full_statement(&mut self, id: i64) -> Option<Statement> {
        match self.store.statement(id) {
            Ok((_, s)) => Some(s),
            Err(e) => {
                self.fail(e);
                None
            }
        }
    }

    pub fn current_statement(&self) -> Option<&Statement> {
        self.view.as_ref().and_then(|v| v.statements.get(self.statement_idx))
    }

    pub fn statement_by_id(&self, id: i64) -> Option<&Statement> {
        self.view.as_ref().and_then(|v| v.statements.iter().find(|s| s.id == id))
    }

    /// Open checklist items and running deadlines, soonest first.
    pub fn next_due(&self) -> Vec<Due> {
        let Some(v) = &self.view else { return Vec::new() };
        let defs = self
            .content
            .playbook(&v.incident.crisis_type)
            .map(|pb| pb.deadline.as_slice())
            .unwrap_or_default();
        let running = v.deadlines.iter().filter(|d| d.met_at.is_none()).filter_map(|d| {
            if d.persons.is_some_and(|p| p.all_notified()) {
                return None;
            }
            let def = defs.iter().find(|def| def.id == d.id)?;
            Some(Due {
                at: d.due?,
                what: def.label.get(self.lang).to_string(),
                unverified: !def.verified,
            })
        });
        dues(&v.checklist, running.chain(v.reach.dues(self.tr)), self.lang)
    }

    /// Items handled (done or skipped) and all items of `phase`.
    pub fn phase_progress(&self, phase: Phase) -> (usize, usize) {
        let Some(v) = &self.view else { return (0, 0) };
        let items: Vec<_> = v.checklist.iter().filter(|i| i.phase == phase).collect();
        (items.iter().filter(|i| i.state != ItemState::Open).count(), items.len())
    }
}
