//! The console's side of online-opinion monitoring: what the board lists
//! (a page at a time, never more than fits), the header's counts, the
//! volume the incident pane draws, and the acts on a mention that need the
//! whole console: linking it to the active incident, drafting a reply from
//! the social-media template, declaring an incident from it.

use super::App;
use crate::domain::templates;
use crate::domain::types::{Audience, MentionState, Source};
use crate::store::{IncidentFilter, Mention, MentionFilter, StateFilter, StoreError};

/// What the monitoring board shows: one page of mentions from `offset`.
#[derive(Clone, Debug, Default)]
pub struct MonitorLists {
    pub filter: MentionFilter,
    /// The first mention of the page, counted in the filtered list.
    pub offset: usize,
    pub rows: Vec<Mention>,
    /// How many the filter lists, counted no further than a little past
    /// the page (`more` says the count stopped there).
    pub total: usize,
    pub more: bool,
    /// Sources there are mentions from, for the source filter.
    pub sources: Vec<Source>,
}

impl MonitorLists {
    pub fn get(&self, sel: usize) -> Option<&Mention> {
        sel.checked_sub(self.offset).and_then(|i| self.rows.get(i))
    }
}

/// The incident pane's share: mentions per hour over the last day (the
/// incident's and those not yet linked to any), and the incident's own.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MentionSummary {
    pub volume: Vec<u64>,
    /// Linked to the incident: (all, not yet answered).
    pub linked: (usize, usize),
}

impl App {
    /// Rows the board reads at a time: what fits on the screen.
    pub fn board_page(&self) -> usize {
        usize::from(self.size.1).max(1)
    }

    /// Read the page of the board holding `sel`.
    pub fn load_monitor(&mut self, sel: usize) {
        let page = self.board_page();
        let filter = self.monitor.filter;
        let read = (|| -> Result<MonitorLists, StoreError> {
            // Counted to two pages past the selection: bounded by where the
            // reader is, not by how many mentions there are.
            let cap = sel + 2 * page + 1;
            let total = self.store.mention_count_upto(&filter, cap)?;
            let sel = sel.min(total.saturating_sub(1));
            let offset = sel - sel % page;
            Ok(MonitorLists {
                filter,
                offset,
                rows: self.store.mentions(&filter, offset, page)?,
                total,
                more: total == cap,
                sources: self.store.mention_sources()?,
            })
        })();
        match read {
            Ok(l) => self.monitor = l,
            Err(e) => self.fail(e),
        }
    }

    /// The next state filter, source filter or incident filter.
    pub fn cycle_state_filter(&mut self) {
        self.monitor.filter.state = self.monitor.filter.state.next();
    }

    pub fn cycle_source_filter(&mut self) {
        let s = &self.monitor.sources;
        self.monitor.filter.source = match self.monitor.filter.source {
            None => s.first().copied(),
            Some(cur) => s.iter().position(|x| *x == cur).and_then(|i| s.get(i + 1)).copied(),
        };
    }

    pub fn cycle_incident_filter(&mut self) {
        self.monitor.filter.incident = match (self.monitor.filter.incident, self.incident_id()) {
            (IncidentFilter::All, Some(id)) => IncidentFilter::Incident(id),
            (IncidentFilter::All, None) | (IncidentFilter::Incident(_), _) => IncidentFilter::Unlinked,
            (IncidentFilter::Unlinked, _) => IncidentFilter::All,
        };
    }

    /// Link the mention to the active incident, or take it off when it is
    /// already linked to it.
    pub fn toggle_mention_link(&mut self, m: &Mention) {
        let Some(active) = self.incident_id() else {
            return self.refuse_text("status.no_incident");
        };
        let to = if m.incident_id == Some(active) { None } else { Some(active) };
        match self.store.link_mention(m.id, to, self.now) {
            Ok(()) => {
                let key = if to.is_some() { "monitor.linked" } else { "monitor.unlinked" };
                self.reload();
                self.info(self.tr.f(key, &[("id", &m.id.to_string()), ("incident", &active.to_string())]));
            }
            Err(e) => self.fail(e),
        }
    }

    /// Quick triage: ignore it, or take it back.
    pub fn toggle_ignore(&mut self, m: &Mention) {
        let to = if m.state == MentionState::Ignored {
            MentionState::Triaged
        } else {
            MentionState::Ignored
        };
        match self.store.triage_mention(m.id, to, &m.owner, m.priority, &m.note, self.now) {
            Ok(()) => self.reload(),
            Err(e) => self.fail(e),
        }
    }

    /// Answer the mention with the statement shown in the statement pane:
    /// answered at once if it is released, else when it is.
    pub fn answer_with_current(&mut self, m: &Mention) {
        let Some(st) = self.current_statement().cloned() else {
            return self.refuse_text("monitor.no_statement");
        };
        if m.incident_id.is_some_and(|i| Some(i) != self.incident_id()) {
            return self.refuse_text("monitor.other_incident");
        }
        match self.store.set_mention_reply(m.id, st.id, self.now) {
            Ok(answered) => {
                self.reload();
                let key = if answered {
                    "monitor.answered_now"
                } else {
                    "monitor.answer_on_release"
                };
                self.info(self.tr.f(key, &[("id", &m.id.to_string()), ("statement", &st.id.to_string())]));
            }
            Err(e) => self.fail(e),
        }
    }

    /// A file of mentions was read: every mention in it, or none and one
    /// line saying what is wrong where.
    pub(super) fn mentions_read(&mut self, path: &str, incident: Option<i64>, result: Result<Vec<u8>, String>) {
        let bytes = match result {
            Ok(b) => b,
            Err(e) => return self.refuse(self.tr.f("monitor.import_unreadable", &[("path", path), ("error", &e)])),
        };
        let items = match crate::domain::monitor::parse(path, &bytes, self.tz, self.now) {
            Ok(items) => items,
            Err(e) => {
                let what = e.what.words(self.tr);
                let line = match e.line {
                    Some(line) => self
                        .tr
                        .f("cli.bad_row", &[("path", path), ("line", &line.to_string()), ("error", &what)]),
                    None => self.tr.f("monitor.bad_file", &[("path", path), ("error", &what)]),
                };
                return self.refuse(line);
            }
        };
        match self.store.import_mentions(&items, path, incident, self.now) {
            Ok(c) => {
                self.reload();
                self.info(self.tr.f(
                    "monitor.imported",
                    &[
                        ("name", path),
                        ("added", &c.added.to_string()),
                        ("updated", &c.updated.to_string()),
                        ("unchanged", &c.unchanged.to_string()),
                    ],
                ));
            }
            Err(e) => self.fail(e),
        }
    }

    pub fn capture(&mut self, m: &Mention) {
        match self.store.capture_mention(m.id, self.now) {
            Ok((_, digest)) => {
                self.reload();
                let short = digest.get(..16).unwrap_or(&digest).to_string();
                self.info(self.tr.f("monitor.captured", &[("id", &m.id.to_string()), ("digest", &short)]));
            }
            Err(e) => self.fail(e),
        }
    }

    /// A reply to the mention, from the social-media template of its
    /// incident's crisis type, as a new statement of that incident; the
    /// console closes the board and opens the draft in the editor. The
    /// mention is linked to the active incident first if it has none.
    /// True when the draft was made.
    pub fn draft_reply(&mut self, m: &Mention) -> bool {
        let Some(active) = self.incident_id() else {
            self.refuse_text("status.no_incident");
            return false;
        };
        let incident = m.incident_id.unwrap_or(active);
        if incident != active {
            self.open_incident(incident);
            if self.incident_id() != Some(incident) {
                return false;
            }
        }
        let Some(crisis_type) = self.view.as_ref().map(|v| v.incident.crisis_type.clone()) else {
            return false;
        };
        let list = templates::for_type(&crisis_type);
        let Some(idx) = list.iter().position(|t| t.audience == Audience::Social) else {
            self.refuse_text("monitor.no_social_template");
            return false;
        };
        if !self.start_from_template(idx) {
            return false;
        }
        let Some(statement) = self.editor.statement_id else { return false };
        match self.store.set_mention_reply(m.id, statement, self.now) {
            Ok(_) => {
                self.focus = crate::action::Pane::Statement;
                self.reload();
                self.info(self.tr.f(
                    "monitor.reply_drafted",
                    &[("id", &m.id.to_string()), ("statement", &statement.to_string())],
                ));
                true
            }
            Err(e) => {
                self.fail(e);
                false
            }
        }
    }
}

/// The state filter's words.
pub fn state_filter_label(tr: &crate::i18n::Catalog, f: StateFilter) -> String {
    tr.t(&f.label_key()).to_string()
}
