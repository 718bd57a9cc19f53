//! What the panes' keys do to the active incident: its phase and severity,
//! roles, checklist items, deadlines, statements, notes and closing.

use super::forms::briefing::BriefingForm;
use super::forms::declare::DeclareForm;
use super::forms::note::NoteForm;
use super::forms::skip::SkipForm;
use super::popups::confirm::{Ask, Confirm};
use super::popups::deadlines::Deadlines;
use super::popups::drill_panel::DrillPanel;
use super::popups::findings::Findings;
use super::popups::form::Form;
use super::popups::job_sheet::JobSheet;
use super::popups::private_list::PrivateList;
use super::popups::role_history::RoleHistory;
use super::popups::roster::{Roster, RosterPurpose};
use super::popups::templates::TemplatePicker;
use super::{App, Pane};
use crate::action::Action;
use crate::domain::desk::Step;
use crate::domain::model::ItemState;
use crate::domain::types::Audience;
use crate::effects::Effect;
use crate::report::ReportFormat;
use crate::store::StoreError;

impl App {
    /// An action on the active incident from one of the panes.
    pub(super) fn incident_action(&mut self, action: Action) {
        let Some(v) = &self.view else { return };
        let id = v.incident.id;
        let (phase, severity) = (v.incident.phase, v.incident.severity);
        let now = self.now;
        let result: Result<(), StoreError> = match action {
            Action::NextPhase => phase.next().map_or(Ok(()), |to| self.store.set_phase(id, phase, to, now)),
            Action::PrevPhase => phase.prev().map_or(Ok(()), |to| self.store.set_phase(id, phase, to, now)),
            // Level 1 is the most severe, so raising severity lowers the number.
            Action::SeverityUp if severity > 1 => self.store.set_severity(id, severity, severity - 1, now),
            Action::SeverityDown if severity < 4 => self.store.set_severity(id, severity, severity + 1, now),
            Action::EditBriefing => {
                let form = BriefingForm::new(self);
                return self.push(Form::new(form));
            }
            Action::ShowDeadlines | Action::Activate if self.focus == Pane::Incident => return self.push(Deadlines { sel: 0 }),
            Action::CloseIncident => return self.push(Confirm::new(Ask::CloseIncident)),
            Action::DrillPanel => return self.push(DrillPanel { sel: 0 }),
            Action::PrivateList => return self.push(PrivateList { sel: 0 }),
            Action::Template => return self.push(TemplatePicker::default()),
            Action::SubmitReview => return self.statement_step(Step::Submit),
            Action::LegalReview => return self.statement_step(Step::Review),
            Action::Approve => return self.statement_step(Step::Approve),
            Action::Release => return self.statement_step(Step::Release),
            Action::Withdraw => return self.statement_step(Step::Withdraw),
            Action::Reopen => return self.statement_step(Step::Reopen),
            Action::DiscardVersion => return self.statement_step(Step::Discard),
            Action::Diff => {
                let _ = self.flush_draft();
                return self.open_diff();
            }
            Action::Copy => return self.copy_statement(),
            Action::Findings => {
                self.refresh_findings();
                return self.push(Findings { scroll: 0 });
            }
            Action::AssignRole => {
                if let Some(role) = self.selected_role() {
                    let sel = self
                        .holder(&role)
                        .and_then(|a| self.persons.iter().position(|p| p.id == a.person_id))
                        .unwrap_or(0);
                    self.push(Roster {
                        sel,
                        purpose: RosterPurpose::Assign { role },
                    });
                }
                return;
            }
            Action::StandDown => match self.selected_role() {
                Some(role) => self.store.stand_down(id, &role, now).map(|_| ()),
                None => Ok(()),
            },
            Action::RoleHistory => match self.selected_role() {
                Some(role) => self.store.role_history(id, Some(&role)).map(|rows| {
                    self.push(RoleHistory {
                        role: role.to_string(),
                        rows,
                        scroll: 0,
                    });
                }),
                None => Ok(()),
            },
            Action::JobSheet => {
                if let Some(role) = self.selected_role() {
                    self.push(JobSheet {
                        role: role.to_string(),
                        scroll: 0,
                    });
                }
                return;
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
                    let form = SkipForm::new(self, item);
                    self.push(Form::new(form));
                }
                return;
            }
            Action::EditStatement => return self.begin_edit(),
            Action::OpenStatement => return self.open_statement(),
            Action::NewStatement => {
                if self.new_statement(Audience::Media) {
                    self.editor.editing = true;
                }
                return;
            }
            Action::NextStatement => {
                let n = self.view.as_ref().map_or(0, |v| v.statements.len());
                if n > 0 {
                    self.select_statement((self.statement_idx + 1) % n);
                }
                return;
            }
            Action::CycleAudience => return self.cycle_audience(),
            Action::AddNote => {
                let form = NoteForm::new(self);
                return self.push(Form::new(form));
            }
            _ => return,
        };
        match result {
            Ok(()) => self.reload(),
            Err(e) => self.fail(e),
        }
    }

    /// A new empty statement for `audience`, shown in the editor. False
    /// when the draft before it could not be saved or the store refused.
    pub(super) fn new_statement(&mut self, audience: Audience) -> bool {
        let Some(id) = self.incident_id() else { return false };
        if !self.flush_draft() {
            return false;
        }
        if let Err(e) = self.store.create_statement(id, audience, "", self.now) {
            self.fail(e);
            return false;
        }
        self.reload();
        let n = self.view.as_ref().map_or(0, |v| v.statements.len());
        self.statement_idx = n.saturating_sub(1);
        self.load_editor();
        true
    }

    fn cycle_audience(&mut self) {
        // The save in flight lands first, so the statement's times stay in order.
        self.settle_autosave();
        let Some(s) = self.current_statement() else { return };
        if !s.state.editable() {
            return self.refuse_text("desk.refuse.audience");
        }
        let (sid, next) = (s.id, s.audience.next());
        match self.store.set_statement_audience(sid, next, self.now) {
            Ok(()) => {
                self.reload();
                self.refresh_findings();
            }
            Err(e) => self.fail(e),
        }
    }

    pub fn open_declare(&mut self) {
        if !self.flush_draft() {
            return;
        }
        let form = DeclareForm::new(self);
        self.push(Form::new(form));
    }

    /// A declared incident becomes the active one, with the roles pane
    /// focused: staffing is what comes next.
    pub fn after_declare(&mut self, id: i64) {
        if let Err(e) = self.load_lists() {
            self.fail(e);
        }
        self.open_incident(id);
        self.focus = Pane::Roles;
    }

    pub fn assign(&mut self, role: &str, person: i64) {
        let Some(id) = self.incident_id() else { return };
        match self.store.assign_role(id, role, person, self.now) {
            Ok(()) => self.reload(),
            Err(e) => self.fail(e),
        }
    }

    /// Mark the deadline at `sel` met, or open again.
    pub fn toggle_deadline(&mut self, sel: usize) {
        let Some(v) = &self.view else { return };
        let Some(d) = v.deadlines.get(sel) else { return };
        // The timeline keeps the label as it read then, in Chinese, the
        // record's language.
        let label = self
            .content
            .playbook(&v.incident.crisis_type)
            .and_then(|p| p.deadline.iter().find(|def| def.id == d.id))
            .map(|def| def.label.zh.clone())
            .unwrap_or_default();
        let (id, did, met) = (v.incident.id, d.id.clone(), d.met_at.is_none());
        match self.store.set_deadline_met(id, &did, &label, met, self.now) {
            Ok(()) => self.reload(),
            Err(e) => self.fail(e),
        }
    }

    /// Close the active incident (asked first) and offer an anchor for the
    /// closed record.
    pub fn close_incident(&mut self) {
        let Some(v) = &self.view else { return };
        let (id, drill) = (v.incident.id, v.incident.drill);
        if !self.flush_draft() {
            return;
        }
        match self.store.close_incident(id, self.now) {
            Ok(()) => {
                self.view = None;
                self.drill = None;
                self.editor = super::Editor::new();
                self.reload();
                if let Some(next) = self.first_open {
                    self.open_incident(next);
                }
                let msg = self.tr.f("status.closed", &[("id", &id.to_string())]);
                match (!drill).then(|| self.offer_anchor()).flatten() {
                    Some(digest) => self.info(format!("{msg} {}", self.tr.f("anchor.offered", &[("digest", &digest)]))),
                    None => self.info(msg),
                }
            }
            Err(e) => self.fail(e),
        }
    }

    /// Give a record anchor and show it, to be kept outside the file: after
    /// each release and when an incident closes.
    pub(super) fn offer_anchor(&mut self) -> Option<String> {
        match self.store.give_anchor(self.now) {
            Ok(anchor) => {
                let notice = super::popups::anchor::AnchorNotice::new(anchor, self.tz);
                let digest = notice.anchor.digest.clone();
                self.push(notice);
                self.reload();
                Some(digest)
            }
            Err(e) => {
                self.refuse(self.tr.f("anchor.failed", &[("error", &self.words(&e))]));
                None
            }
        }
    }

    /// The after-action report (Markdown and HTML), written beside the
    /// database in `reports/`.
    pub fn write_report(&mut self) {
        let Some(id) = self.incident_id() else { return };
        let Some(dir) = self
            .store
            .path()
            .map(|p| p.parent().map_or_else(|| "reports".into(), |d| d.join("reports")))
        else {
            return self.refuse_text("status.report_no_file");
        };
        let stamp = self.now.with_timezone(&self.tz).format("%Y%m%d-%H%M").to_string();
        let mut files = Vec::new();
        for format in [ReportFormat::Md, ReportFormat::Html] {
            let mut buf = Vec::new();
            if let Err(e) = crate::report::write(&self.store, self.content, id, format, self.lang, self.tz, self.now, &mut buf) {
                return self.refuse(e.words(self.tr));
            }
            files.push((format!("incident-{id}-{stamp}.{}", format.ext()), buf));
        }
        self.queue(Effect::WriteReports { dir, files });
    }
}
