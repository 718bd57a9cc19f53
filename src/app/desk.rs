//! The statement desk's update step: templates, live checks, the sign-off
//! steps, versions, copying, and the private-person list.

use chrono::{DateTime, Utc};

use super::App;
use super::popups::confirm::{Ask, Confirm, SignOff};
use super::popups::diff::{Diff, VersionText};
use super::popups::findings::Findings;
use super::popups::statement_text::StatementText;
use crate::domain::desk::{Refusal, StatementState, Step, StepContext, check_step, sha256_hex};
use crate::domain::lint::{self, Finding, LintContext, Rules};
use crate::domain::templates;
use crate::domain::types::Audience;
use crate::effects::Effect;
use crate::i18n::Lang;

impl App {
    /// The checks' view of the clinic and the incident, for a statement to
    /// `audience`.
    pub fn lint_context(&self, audience: Audience) -> LintContext {
        let names = self
            .view
            .as_ref()
            .map(|v| v.private.iter().map(|p| p.name.clone()).collect())
            .unwrap_or_default();
        self.profile.lint_context(Some(audience), names)
    }

    pub fn lint_text(&self, text: &str, audience: Audience) -> Vec<Finding> {
        match Rules::builtin() {
            Ok(rules) => lint::lint(text, &self.lint_context(audience), rules, self.lang),
            Err(_) => Vec::new(),
        }
    }

    /// Re-run the checks on the editor's text: at once for a short draft,
    /// on the checks' worker for a long one (the answer arrives in a later
    /// tick; until then the last findings stay up).
    pub fn refresh_findings(&mut self) {
        self.editor_count = self.line_counts.update(self.editor.textarea.lines());
        let audience = match (self.editor.statement_id, self.current_statement().map(|s| s.audience)) {
            (Some(_), Some(audience)) => audience,
            _ => {
                self.findings_stale = false;
                return self.show_findings(Vec::new());
            }
        };
        self.editor_limit = Rules::builtin().ok().and_then(|r| r.limit(audience.id()));
        let bytes: usize = self.editor.textarea.lines().iter().map(|l| l.len() + 1).sum();
        if bytes > super::checks::INLINE_BYTES {
            // One request at a time, and while typing goes on, one every
            // couple of seconds: the worker's core is not taken from the
            // screen for answers that would be out of date at once.
            let typing = self
                .editor
                .last_edit
                .is_some_and(|t| self.now - t < chrono::Duration::milliseconds(super::checks::REST_MS));
            let recent = self
                .last_check_ask
                .is_some_and(|t| self.now - t < chrono::Duration::milliseconds(super::checks::EVERY_MS));
            if self.checker.in_flight.is_some() || (typing && recent) {
                return;
            }
            self.last_check_ask = Some(self.now);
            self.findings_stale = false;
            self.check_generation += 1;
            let context = self.lint_context(audience);
            if self.checker.ask(self.check_generation, self.editor.text(), context, self.lang) {
                return;
            }
        }
        self.findings_stale = false;
        let findings = self.lint_text(&self.editor.text(), audience);
        self.show_findings(findings);
    }

    /// An answer from the checks' worker, if one came for the newest request.
    pub(super) fn take_checks(&mut self) {
        if let Some(answer) = self.checker.poll()
            && answer.generation == self.check_generation
        {
            self.show_findings(answer.findings);
        }
    }

    /// Put findings on screen and mark their text in the editor.
    fn show_findings(&mut self, findings: Vec<Finding>) {
        self.findings = findings;
        let mut texts: Vec<&str> = self.findings.iter().map(|f| f.text.as_str()).filter(|t| !t.is_empty()).collect();
        texts.sort_unstable();
        texts.dedup();
        // Longest first, so an alternation prefers the whole match.
        texts.sort_by_key(|t| std::cmp::Reverse(t.len()));
        let pattern = texts.iter().map(|t| regex::escape(t)).collect::<Vec<_>>().join("|");
        let _ = self.editor.textarea.set_search_pattern(pattern);
        self.dirty_screen = true;
    }

    pub fn blocking_count(&self) -> usize {
        self.findings.iter().filter(|f| f.severity == lint::Severity::Block).count()
    }

    /// Take one step for the shown statement. The rules are checked here
    /// first so the refusal is in the user's words; sign-offs, release,
    /// withdrawal and discarding ask first.
    pub fn statement_step(&mut self, step: Step) {
        if self.current_statement().is_none() {
            return self.info(self.tr.t("ui.no_statement").to_string());
        }
        if !self.flush_draft() {
            return;
        }
        // The statement as saved, not as loaded before the flush.
        let Some(id) = self.current_statement().map(|s| s.id) else { return };
        let Some(s) = self.full_statement(id) else { return };
        // Whoever vouches for a text or sends it out, the record must say
        // who was at the keyboard.
        if matches!(step, Step::Review | Step::Approve | Step::Release) && self.operator.is_none() {
            self.refuse_text("desk.refuse.no_operator");
            return self.open_operator_picker();
        }
        let blocking = lint::has_blocking(&self.lint_text(&s.body, s.audience));
        let context = StepContext {
            state: s.state,
            reviewed: s.reviewed_by.is_some(),
            empty: s.body.trim().is_empty(),
            blocking,
            prior: s.prior_state,
        };
        if let Err(r) = check_step(context, step, |role| self.holder(role).is_some()) {
            self.refuse(self.tr.t(r.key()).to_string());
            if r == Refusal::Blocked {
                self.refresh_findings();
                self.push(Findings { scroll: 0 });
            }
            return;
        }
        let ask = match step {
            Step::Review | Step::Approve => {
                let (role, _) = step.actor();
                let person = self.holder(role).map(|a| a.person_name.clone()).unwrap_or_default();
                Ask::SignOff(SignOff {
                    statement: s.id,
                    step,
                    role,
                    person,
                    version: s.version,
                    sha256: sha256_hex(&s.body),
                })
            }
            Step::Release => Ask::Release(s.id),
            Step::Withdraw => Ask::Withdraw(s.id),
            Step::Discard => Ask::Discard(s.id),
            _ => return self.commit_step(s.id, step),
        };
        self.push(Confirm::new(ask));
    }

    /// The operator confirmed a sign-off: record it for the exact version shown.
    pub fn commit_sign_off(&mut self, so: &SignOff) {
        match self.store.sign_off(so.statement, so.step, &so.sha256, self.now) {
            Ok(_) => {
                self.reload();
                self.load_editor();
                self.info(self.tr.f(&format!("desk.done.{}", so.step.id()), &[("v", &so.version.to_string())]));
            }
            Err(e) => self.fail(e),
        }
    }

    /// Take a step that needs no sign-off (asked first where it must be).
    pub fn commit_step(&mut self, id: i64, step: Step) {
        let blocking = self
            .full_statement(id)
            .is_some_and(|s| lint::has_blocking(&self.lint_text(&s.body, s.audience)));
        if let Err(e) = self.store.statement_step(id, step, blocking, self.now) {
            return self.fail(e);
        }
        self.reload();
        self.load_editor();
        let version = self.statement_by_id(id).map_or(1, |s| s.version).to_string();
        let msg = match step {
            Step::Release => {
                let sha = self
                    .view
                    .as_ref()
                    .and_then(|v| v.releases.iter().find(|r| r.statement_id == id))
                    .map(|r| r.sha256.chars().take(12).collect::<String>())
                    .unwrap_or_default();
                self.tr.f("desk.done.released", &[("v", &version), ("sha", &sha)])
            }
            _ => self.tr.f(&format!("desk.done.{}", step.id()), &[("v", &version)]),
        };
        // What went out is now part of the record: give an anchor to keep
        // outside the file (not for drills, which may be deleted).
        let real = !self.view.as_ref().is_some_and(|v| v.incident.drill);
        match (step == Step::Release && real).then(|| self.offer_anchor()).flatten() {
            Some(digest) => self.info(format!("{msg} {}", self.tr.f("anchor.offered", &[("digest", &digest)]))),
            None => self.info(msg),
        }
    }

    /// `Enter` on a statement: a draft opens in the editor; anything else is
    /// shown read-only, so reading a released text never starts a version.
    pub fn open_statement(&mut self) {
        match self.current_statement().map(|s| (s.id, s.state)) {
            Some((id, state)) if state != StatementState::Draft => {
                let Some(s) = self.full_statement(id) else { return };
                match self.store.statement_versions(id) {
                    Ok(versions) => {
                        let release = versions.into_iter().find(|r| r.version == s.version);
                        self.push(StatementText {
                            statement: s,
                            release,
                            scroll: 0,
                        });
                    }
                    Err(e) => self.fail(e),
                }
            }
            _ => self.begin_edit(),
        }
    }

    /// `e`: edit. A released or withdrawn statement asks before a new draft
    /// version is started; one under review says how to change it.
    pub fn begin_edit(&mut self) {
        if self.editor.statement_id.is_none() && !self.new_statement(Audience::Media) {
            return;
        }
        match self.current_statement().map(|s| (s.id, s.state)) {
            Some((_, StatementState::Draft)) | None => self.editor.editing = true,
            Some((id, StatementState::Released | StatementState::Withdrawn)) => self.push(Confirm::new(Ask::NewVersion(id))),
            Some(_) => self.refuse_text("desk.refuse.in_review"),
        }
    }

    /// The operator agreed to start a new version: take the step and edit.
    pub fn start_new_version(&mut self, id: i64) {
        self.commit_step(id, Step::NewVersion);
        if self
            .current_statement()
            .is_some_and(|s| s.id == id && s.state == StatementState::Draft)
        {
            self.editor.editing = true;
        }
    }

    /// Start a statement from template `idx` of the incident's crisis type,
    /// filled from the incident and the clinic profile, in the interface
    /// language. True when the statement was made.
    pub fn start_from_template(&mut self, idx: usize) -> bool {
        let Some(v) = &self.view else { return false };
        let Some(t) = templates::for_type(&v.incident.crisis_type).get(idx).copied() else {
            return false;
        };
        let lang = self.lang;
        let (incident, title, declared, severity) = (v.incident.id, v.incident.title.clone(), v.incident.declared_at, v.incident.severity);
        let next = self.profile.next_update(self.now, severity);
        let local = |t: DateTime<Utc>, fmt: &str| t.with_timezone(&self.tz).format(fmt).to_string();
        let date_fmt = if lang == Lang::Zh { "%Y年%-m月%-d日" } else { "%Y-%m-%d" };
        let body = templates::fill(t.body.get(lang), lang, |name| match name {
            "clinic" => self.profile.get("name").to_string(),
            "incident" => title.clone(),
            "date" => local(declared, date_fmt),
            "now" => local(self.now, "%Y-%m-%d %H:%M"),
            "next_update" => local(next, "%Y-%m-%d %H:%M"),
            key => self.profile.get(key).to_string(),
        });
        if !self.flush_draft() {
            return false;
        }
        match self.store.create_statement(incident, t.audience, &body, self.now) {
            Ok(_) => {
                self.reload();
                let n = self.view.as_ref().map_or(0, |v| v.statements.len());
                self.statement_idx = n.saturating_sub(1);
                self.load_editor();
                self.editor.editing = true;
                self.info(self.tr.f("desk.from_template", &[("name", t.name.get(lang))]));
                true
            }
            Err(e) => {
                self.fail(e);
                false
            }
        }
    }

    /// The versions of the shown statement a diff can compare: each
    /// released text, then the working draft if it differs.
    fn version_texts(&mut self) -> Option<Vec<VersionText>> {
        let s = self.current_statement()?.clone();
        let released = match self.store.statement_versions(s.id) {
            Ok(r) => r,
            Err(e) => {
                self.fail(e);
                return None;
            }
        };
        let mut out: Vec<VersionText> = released
            .into_iter()
            .map(|r| VersionText {
                label: self.tr.f("desk.version_released", &[("v", &r.version.to_string())]),
                body: r.body,
            })
            .collect();
        let working = self.editor.text();
        if s.state != StatementState::Released && out.last().is_none_or(|l| l.body != working) {
            out.push(VersionText {
                label: self.tr.f(
                    "desk.version_working",
                    &[("v", &s.version.to_string()), ("state", self.tr.t(&s.state.label_key()))],
                ),
                body: working,
            });
        }
        Some(out)
    }

    pub fn open_diff(&mut self) {
        match self.version_texts() {
            Some(versions) if versions.len() >= 2 => self.push(Diff::new(versions)),
            Some(_) => self.info(self.tr.t("desk.diff_one_version").to_string()),
            None => {}
        }
    }

    /// `y`: copy what went out if the statement is released, otherwise the
    /// draft as it stands, to the terminal's clipboard.
    pub fn copy_statement(&mut self) {
        let Some(id) = self.current_statement().map(|s| s.id) else { return };
        let Some(s) = self.full_statement(id) else { return };
        let text = if s.state == StatementState::Released {
            match self.store.statement_versions(s.id) {
                Ok(v) => v.last().map(|r| r.body.clone()).unwrap_or(s.body),
                Err(e) => return self.fail(e),
            }
        } else {
            self.editor.text()
        };
        let n = text.chars().count().to_string();
        self.queue(Effect::Copy(text));
        self.info(self.tr.f("desk.copied", &[("n", &n)]));
    }

    pub fn remove_private(&mut self, sel: usize) {
        let Some(p) = self.view.as_ref().and_then(|v| v.private.get(sel)).map(|p| p.id) else {
            return;
        };
        match self.store.remove_private_person(p, self.now) {
            Ok(()) => {
                self.reload();
                self.refresh_findings();
            }
            Err(e) => self.fail(e),
        }
    }

    /// Updates due: after a release to an audience, the next update to it
    /// falls due after the severity's cadence.
    pub fn update_dues(&self) -> Vec<(Audience, DateTime<Utc>)> {
        let Some(v) = &self.view else { return Vec::new() };
        v.releases
            .iter()
            .map(|r| (r.audience, self.profile.next_update(r.released_at, v.incident.severity)))
            .collect()
    }
}
