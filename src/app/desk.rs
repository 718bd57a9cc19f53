//! The statement desk's update step: templates, live checks, the review
//! chain, versions, the private-person list and the clinic profile.

use chrono::{DateTime, Utc};

use super::{App, Field, Form, FormPurpose, Popup};
use crate::domain::desk::{ChainState, PROFILE_KEYS, StatementState, Step, check_step, sha256_hex};
use crate::domain::lint::{self, Finding, LintContext, Rules};
use crate::domain::model::Statement;
use crate::domain::templates;
use crate::i18n::Lang;
use crate::store::StoreError;

/// What a confirmation popup is asking about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Confirm {
    CloseIncident,
    EndDrill,
    Release(i64),
    Withdraw(i64),
    /// Legal review or approval, in a named person's name, of one exact
    /// version: the operator confirms that this person really did it.
    SignOff(SignOff),
    /// Start a new draft version of a released or withdrawn statement.
    NewVersion(i64),
    /// Throw a new draft version away, back to the released text.
    Discard(i64),
}

/// The sign-off being confirmed, with everything the operator is shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignOff {
    pub statement: i64,
    pub step: Step,
    pub role: &'static str,
    pub person: String,
    pub version: i64,
    pub sha256: String,
}

/// A version of a statement as the diff viewer offers it.
#[derive(Clone, Debug)]
pub struct VersionText {
    pub label: String,
    pub body: String,
}

impl App {
    /// The checks' view of the clinic and the incident, for the statement
    /// with `audience`.
    pub fn lint_context(&self, audience: &str) -> LintContext {
        let names = self
            .view
            .as_ref()
            .map(|v| v.private.iter().map(|p| p.name.clone()).collect())
            .unwrap_or_default();
        self.profile.lint_context(audience, names)
    }

    pub fn lint_text(&self, text: &str, audience: &str) -> Vec<Finding> {
        match Rules::builtin() {
            Ok(rules) => lint::lint(text, &self.lint_context(audience), rules, self.lang),
            Err(_) => Vec::new(),
        }
    }

    /// Re-run the checks on the editor's text and mark what they found in
    /// the editor itself.
    pub fn refresh_findings(&mut self) {
        self.findings_stale = false;
        let audience = self.current_statement().map(|s| s.audience.clone()).unwrap_or_default();
        let text = self.editor.text();
        self.editor_count = lint::count_chars(&text);
        self.findings = if self.editor.statement_id.is_some() {
            self.lint_text(&text, &audience)
        } else {
            Vec::new()
        };
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

    fn statement_by_id(&self, id: i64) -> Option<&Statement> {
        self.view.as_ref().and_then(|v| v.statements.iter().find(|s| s.id == id))
    }

    fn has_holder(&self, role: &str) -> bool {
        self.holder(role).is_some()
    }

    /// Take one step along the review chain for the shown statement. The
    /// rules are checked here first so the refusal is in the user's words.
    /// Sign-offs, release, withdrawal and discarding ask first.
    pub fn statement_step(&mut self, step: Step) {
        let Some(s) = self.current_statement().cloned() else {
            self.info(self.tr.t("ui.no_statement").to_string());
            return;
        };
        if !self.flush_draft() {
            return;
        }
        // The statement as saved, not as loaded before the flush.
        let s = self.current_statement().cloned().unwrap_or(s);
        // Whoever vouches for a text or sends it out, the record must say
        // who was at the keyboard.
        if matches!(step, Step::Review | Step::Approve | Step::Release) && self.operator.is_none() {
            self.refuse_text("desk.refuse.no_operator");
            self.open_operator_picker();
            return;
        }
        let blocking = lint::has_blocking(&self.lint_text(&s.body, &s.audience));
        let chain = ChainState {
            state: s.state,
            reviewed: s.reviewed_by.is_some(),
            empty: s.body.trim().is_empty(),
            blocking,
            prior: s.prior_state,
        };
        if let Err(r) = check_step(chain, step, |role| self.has_holder(role)) {
            self.refuse(self.tr.t(r.key()).to_string());
            if r == crate::domain::desk::Refusal::Blocked {
                self.refresh_findings();
                self.popups.push(Popup::Findings { scroll: 0 });
            }
            return;
        }
        let confirm = match step {
            Step::Review | Step::Approve => {
                let (role, _) = step.actor();
                let person = self.holder(role).map(|a| a.person_name.clone()).unwrap_or_default();
                Confirm::SignOff(SignOff {
                    statement: s.id,
                    step,
                    role,
                    person,
                    version: s.version,
                    sha256: sha256_hex(&s.body),
                })
            }
            Step::Release => Confirm::Release(s.id),
            Step::Withdraw => Confirm::Withdraw(s.id),
            Step::Discard => Confirm::Discard(s.id),
            _ => return self.commit_step(s.id, step, blocking),
        };
        self.popups.push(Popup::Confirm(confirm));
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

    pub fn commit_step(&mut self, id: i64, step: Step, blocking: bool) {
        match self.store.statement_step(id, step, blocking, self.now) {
            Ok(_) => {
                self.reload();
                self.load_editor();
                let version = self.statement_by_id(id).map_or(1, |s| s.version).to_string();
                let msg = match step {
                    Step::Release => {
                        let sha = self
                            .store
                            .statement_versions(id)
                            .ok()
                            .and_then(|v| v.last().map(|r| r.sha256.chars().take(12).collect::<String>()))
                            .unwrap_or_default();
                        self.tr.f("desk.done.released", &[("v", &version), ("sha", &sha)])
                    }
                    _ => self.tr.f(&format!("desk.done.{}", step.id()), &[("v", &version)]),
                };
                // What went out is now part of the record: give an anchor to
                // keep outside the file (not for drills, which may be deleted).
                let anchored = (step == Step::Release && !self.view.as_ref().is_some_and(|v| v.incident.drill))
                    .then(|| self.offer_anchor())
                    .flatten();
                match anchored {
                    Some(digest) => self.info(format!("{msg} {}", self.tr.f("anchor.offered", &[("digest", &digest)]))),
                    None => self.info(msg),
                }
            }
            Err(e) => self.fail(e),
        }
    }

    /// `Enter` on a statement: a draft opens in the editor; anything else is
    /// shown read-only, so reading a released text never starts a version.
    pub fn open_statement(&mut self) -> Result<(), StoreError> {
        match self.current_statement().cloned() {
            Some(s) if s.state != StatementState::Draft => {
                let release = self.store.statement_versions(s.id)?.into_iter().find(|r| r.version == s.version);
                self.popups.push(Popup::StatementText {
                    statement: Box::new(s),
                    release: release.map(Box::new),
                    scroll: 0,
                });
                Ok(())
            }
            _ => self.begin_edit(),
        }
    }

    /// `e`: edit. A released or withdrawn statement asks before a new draft
    /// version is started; one under review says how to change it.
    pub fn begin_edit(&mut self) -> Result<(), StoreError> {
        if self.editor.statement_id.is_none() {
            self.new_statement("media")?;
        }
        match self.current_statement().map(|s| (s.id, s.state)) {
            Some((_, StatementState::Draft)) | None => self.editor.editing = true,
            Some((id, StatementState::Released | StatementState::Withdrawn)) => {
                self.popups.push(Popup::Confirm(Confirm::NewVersion(id)));
            }
            Some((_, _)) => self.refuse(self.tr.t("desk.refuse.in_review").to_string()),
        }
        Ok(())
    }

    /// The operator agreed to start a new version: take the step and edit.
    pub fn start_new_version(&mut self, id: i64) {
        self.commit_step(id, Step::NewVersion, false);
        if self
            .current_statement()
            .is_some_and(|s| s.id == id && s.state == StatementState::Draft)
        {
            self.editor.editing = true;
        }
    }

    pub(crate) fn refuse(&mut self, text: String) {
        self.status = Some(super::Status {
            text,
            error: true,
            at: self.now,
        });
        self.dirty_screen = true;
    }

    /// Start a statement from a template, filled from the incident and the
    /// clinic profile, in the interface language.
    pub fn start_from_template(&mut self, idx: usize) {
        let Some(v) = &self.view else { return };
        let kind = v.incident.kind.clone();
        let Some(t) = templates::for_type(&kind).get(idx).copied() else {
            return;
        };
        let lang = self.lang;
        let (title, declared, severity) = (v.incident.title.clone(), v.incident.declared_at, v.incident.severity);
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
        let Some(incident) = self.view.as_ref().map(|v| v.incident.id) else {
            return;
        };
        if !self.flush_draft() {
            return;
        }
        match self.store.create_statement(incident, &t.audience, &body, self.now) {
            Ok(_) => {
                self.popups.pop();
                self.reload();
                let n = self.view.as_ref().map_or(0, |v| v.statements.len());
                self.statement_idx = n.saturating_sub(1);
                self.load_editor();
                self.editor.editing = true;
                self.info(self.tr.f("desk.from_template", &[("name", t.name.get(lang))]));
            }
            Err(e) => self.fail(e),
        }
    }

    /// The versions of the shown statement a diff can compare: each
    /// released text, then the working draft if it differs.
    pub fn version_texts(&self) -> Result<Vec<VersionText>, StoreError> {
        let Some(s) = self.current_statement() else { return Ok(Vec::new()) };
        let mut out: Vec<VersionText> = self
            .store
            .statement_versions(s.id)?
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
        Ok(out)
    }

    pub fn open_diff(&mut self) {
        match self.version_texts() {
            Ok(versions) if versions.len() >= 2 => {
                let to = versions.len() - 1;
                self.popups.push(Popup::Diff {
                    versions,
                    from: to - 1,
                    to,
                    scroll: 0,
                });
            }
            Ok(_) => self.info(self.tr.t("desk.diff_one_version").to_string()),
            Err(e) => self.fail(e),
        }
    }

    /// The text `y` copies: what went out if the statement is released,
    /// otherwise the draft as it stands.
    pub fn copy_statement(&mut self) {
        let Some(s) = self.current_statement().cloned() else { return };
        let text = if s.state == StatementState::Released {
            match self.store.statement_versions(s.id) {
                Ok(v) => v.last().map(|r| r.body.clone()).unwrap_or(s.body),
                Err(e) => return self.fail(e),
            }
        } else {
            self.editor.text()
        };
        let n = text.chars().count().to_string();
        self.clipboard = Some(text);
        self.info(self.tr.f("desk.copied", &[("n", &n)]));
    }

    pub fn open_profile(&mut self) {
        let fields = PROFILE_KEYS
            .iter()
            .map(|k| Field::text(self.tr.t(&format!("profile.{k}")), self.profile.get(k)))
            .collect();
        self.popups.push(Popup::Form(Form {
            purpose: FormPurpose::Profile,
            title: self.tr.t("form.profile.title").to_string(),
            fields,
            focus: 0,
            error: None,
        }));
    }

    pub fn open_private_form(&mut self) {
        self.popups.push(Popup::Form(Form {
            purpose: FormPurpose::Private,
            title: self.tr.t("form.private.title").to_string(),
            fields: vec![
                Field::text(self.tr.t("form.private.name"), ""),
                Field::text(self.tr.t("form.private.note"), ""),
            ],
            focus: 0,
            error: None,
        }));
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

    /// Save the profile form's values; the first bad one keeps the form open.
    pub fn save_profile(&mut self, values: &[String]) -> Result<(), String> {
        for (k, v) in PROFILE_KEYS.iter().zip(values) {
            if self.profile.get(k) != v.trim() {
                self.store.set_profile(k, v, self.now).map_err(|e| e.to_string())?;
            }
        }
        self.profile = self.store.profile().map_err(|e| e.to_string())?;
        self.findings_stale = true;
        Ok(())
    }

    /// Next-update clocks: after a release to an audience, the next update
    /// to it falls due after the severity's cadence.
    pub fn update_clocks(&self) -> Vec<(String, DateTime<Utc>)> {
        let Some(v) = &self.view else { return Vec::new() };
        v.releases
            .iter()
            .map(|r| (r.audience.clone(), self.profile.next_update(r.released_at, v.incident.severity)))
            .collect()
    }
}
