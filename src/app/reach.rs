//! The console's side of reaching people and hearing back: what the
//! incident pane shows of the call tree, the message log, the register and
//! the follow-ups, what falls due from them, and what comes back from the
//! file a register is imported from and from the SMTP server.

use chrono::{DateTime, Utc};

use super::App;
use crate::domain::clock::Due;
use crate::domain::reach::{TierRun, builtin_trees, parse_affected_csv};
use crate::domain::types::{CallState, Channel, Progress};
use crate::store::{AffectedPerson, CallTree, FollowUp, InboundMessage, Store, StoreError};

/// The counts the incident pane and the header show.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReachSummary {
    /// Call tree: (acknowledged, people), when activated.
    pub acknowledged: Option<(usize, usize)>,
    /// The wait of the tier being called runs out then.
    pub tier_deadline: Option<(usize, DateTime<Utc>)>,
    /// Inbound messages: (open, overdue).
    pub messages: (usize, usize),
    pub message_dues: Vec<(DateTime<Utc>, String)>,
    /// Affected persons: (notified, total).
    pub notified: (usize, usize),
    /// Follow-ups still open, with their due times.
    pub follow_ups: Vec<(Option<DateTime<Utc>>, String)>,
}

/// What the reach popups show, read only while one is open.
#[derive(Clone, Debug, Default)]
pub struct ReachLists {
    pub tree: Option<CallTree>,
    pub messages: Vec<InboundMessage>,
    /// A page of the register from `affected_offset`.
    pub affected: Vec<AffectedPerson>,
    pub affected_offset: usize,
    pub follow_ups: Vec<FollowUp>,
    /// Outside contacts the incident's playbook needs, from the
    /// preparedness inventory.
    pub contacts: Vec<ContactLine>,
}

/// An outside party from the preparedness inventory, as the call tree shows it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ContactLine {
    pub name: String,
    pub detail: String,
    pub phone: String,
    /// Not checked within the inventory's stale period.
    pub stale: bool,
    /// Not written down yet: neither who nor a number.
    pub missing: bool,
}

/// The inventory's outside parties an incident needs: by its crisis type or
/// by the checklist items that name them. Before the inventory is loaded,
/// the starter's entries (with their public numbers) stand in.
pub fn needed_contacts(
    store: &Store,
    content: &crate::domain::Content,
    lang: crate::i18n::Lang,
    crisis_type: &str,
    item_keys: &[&str],
    now: DateTime<Utc>,
) -> Result<Vec<ContactLine>, StoreError> {
    use crate::domain::prepare::{builtin, entry_needed, stale};
    use crate::domain::types::ResourceKind;
    let Ok(starter) = builtin(content) else { return Ok(Vec::new()) };
    let rows = store.resources()?;
    Ok(starter
        .entries
        .iter()
        .filter(|d| d.kind == ResourceKind::External && entry_needed(d, crisis_type, item_keys))
        .map(|d| {
            let row = rows.iter().find(|r| r.starter.as_deref() == Some(d.id.as_str()));
            let detail = row.map(|r| r.detail.clone()).unwrap_or_default();
            let phone = row.map_or_else(|| d.phone.clone(), |r| r.phone.clone());
            ContactLine {
                name: row
                    .map(|r| r.name.clone())
                    .filter(|n| !n.is_empty())
                    .unwrap_or_else(|| d.name.get(lang).to_string()),
                missing: detail.is_empty() && phone.is_empty(),
                stale: stale(row.and_then(|r| r.checked_at), now, starter.stale_days),
                detail,
                phone,
            }
        })
        .collect())
}

/// Rows of the register read at a time.
pub const REGISTER_PAGE: usize = 100;

/// The tiers of a tree as the escalation rule reads them.
pub fn tier_runs(tree: &CallTree) -> Vec<TierRun> {
    tree.tiers
        .iter()
        .map(|t| TierRun {
            wait: chrono::Duration::minutes(t.wait_minutes),
            needs: usize::try_from(t.needs).unwrap_or(1),
            started_at: t.started_at,
            states: tree.members.iter().filter(|m| m.tier == t.seq).map(|m| m.state).collect(),
        })
        .collect()
}

/// Everything the summary needs, in a few small queries. `notified`
/// (people notified, of all registered) the caller has read already.
pub fn load_summary(store: &Store, incident: i64, now: DateTime<Utc>, notified: (usize, usize)) -> Result<ReachSummary, StoreError> {
    let tree = store.call_tree(incident)?;
    let (acknowledged, tier_deadline) = match &tree {
        Some(t) if t.activated_at.is_some() => {
            let runs = tier_runs(t);
            let acks = t.members.iter().filter(|m| m.state == CallState::Acknowledged).count();
            let current = runs.iter().rposition(|r| r.started_at.is_some());
            let deadline = current.and_then(|i| {
                let r = &runs[i];
                (!r.settled() && i + 1 < runs.len())
                    .then(|| r.deadline().map(|d| (i + 1, d)))
                    .flatten()
            });
            (Some((acks, t.members.len())), deadline)
        }
        _ => (None, None),
    };
    let follow_ups = store
        .follow_ups(incident)?
        .into_iter()
        .filter(|f| f.state == Progress::Open)
        .map(|f| (f.due_at, f.action))
        .collect();
    Ok(ReachSummary {
        acknowledged,
        tier_deadline,
        messages: store.message_counts(incident, now)?,
        message_dues: store.message_dues(incident)?,
        notified,
        follow_ups,
    })
}

impl ReachSummary {
    /// What falls due from these, for the incident pane's due list.
    pub fn dues(&self, tr: &crate::i18n::Catalog) -> Vec<Due> {
        let mut out: Vec<Due> = self
            .message_dues
            .iter()
            .map(|(at, from)| Due {
                at: *at,
                what: tr.f("reach.due_message", &[("from", from)]),
                unverified: false,
            })
            .collect();
        out.extend(self.follow_ups.iter().filter_map(|(due, action)| {
            due.map(|at| Due {
                at,
                what: tr.f("reach.due_follow_up", &[("action", action)]),
                unverified: false,
            })
        }));
        if let Some((tier, at)) = self.tier_deadline {
            out.push(Due {
                at,
                what: tr.f("reach.due_escalate", &[("tier", &(tier + 1).to_string())]),
                unverified: false,
            });
        }
        out
    }

    /// One line of counts, only of what the incident has.
    pub fn line(&self, tr: &crate::i18n::Catalog) -> Option<String> {
        let mut parts = Vec::new();
        if let Some((a, n)) = self.acknowledged {
            parts.push(tr.f("reach.sum_tree", &[("a", &a.to_string()), ("n", &n.to_string())]));
        }
        if self.messages.0 > 0 {
            let key = if self.messages.1 > 0 {
                "reach.sum_messages_late"
            } else {
                "reach.sum_messages"
            };
            parts.push(tr.f(key, &[("n", &self.messages.0.to_string()), ("late", &self.messages.1.to_string())]));
        }
        if self.notified.1 > 0 {
            parts.push(tr.f(
                "reach.sum_notified",
                &[("n", &self.notified.0.to_string()), ("of", &self.notified.1.to_string())],
            ));
        }
        if !self.follow_ups.is_empty() {
            parts.push(tr.f("reach.sum_follow_ups", &[("n", &self.follow_ups.len().to_string())]));
        }
        (!parts.is_empty()).then(|| parts.join(" · "))
    }
}

impl App {
    /// Read what the reach popups show (the reload calls this while one is
    /// open; opening one calls it first).
    pub fn load_reach_lists(&mut self) {
        let Some(id) = self.incident_id() else {
            self.reach_lists = ReachLists::default();
            return;
        };
        let offset = self.reach_lists.affected_offset;
        let read = (|| -> Result<ReachLists, StoreError> {
            Ok(ReachLists {
                tree: self.store.call_tree(id)?,
                messages: self.store.messages(id)?,
                affected: self.store.affected(id, offset, REGISTER_PAGE)?,
                affected_offset: offset,
                follow_ups: self.store.follow_ups(id)?,
                contacts: match &self.view {
                    Some(v) => {
                        let keys: Vec<&str> = v.checklist.iter().map(|i| i.key.as_str()).collect();
                        needed_contacts(&self.store, self.content, self.lang, &v.incident.crisis_type, &keys, self.now)?
                    }
                    None => Vec::new(),
                },
            })
        })();
        match read {
            Ok(l) => self.reach_lists = l,
            Err(e) => self.fail(e),
        }
    }

    /// The incident's call tree, set up from its crisis type's default the
    /// first time it is asked for.
    pub fn call_tree_ready(&mut self) -> Option<CallTree> {
        let (id, crisis_type) = self.view.as_ref().map(|v| (v.incident.id, v.incident.crisis_type.clone()))?;
        match self.store.call_tree(id) {
            Ok(Some(t)) => return Some(t),
            Ok(None) => {}
            Err(e) => {
                self.fail(e);
                return None;
            }
        }
        let def = builtin_trees(self.content)
            .ok()
            .and_then(|trees| trees.iter().find(|t| t.crisis_type == crisis_type.as_str()));
        let Some(def) = def else {
            self.refuse_text("reach.no_tree");
            return None;
        };
        if let Err(e) = self.store.set_up_call_tree(id, def, self.now) {
            self.fail(e);
            return None;
        }
        self.reload();
        self.store.call_tree(id).ok().flatten()
    }

    /// A register file was read: check every row, then store all or none.
    pub(super) fn register_read(&mut self, path: &str, incident: i64, result: Result<Vec<u8>, String>) {
        let bytes = match result {
            Ok(b) => b,
            Err(e) => return self.refuse(self.tr.f("reach.import_unreadable", &[("path", path), ("error", &e)])),
        };
        let rows = match parse_affected_csv(&bytes, self.tz) {
            Ok(rows) => rows,
            Err(e) => {
                return self.refuse(self.tr.f(
                    "reach.import_bad_row",
                    &[("path", path), ("line", &e.line.to_string()), ("error", &e.what.words(self.tr))],
                ));
            }
        };
        match self.store.import_affected(incident, &rows, self.now) {
            Ok((added, updated)) => {
                self.reload();
                self.info(self.tr.f(
                    "reach.imported",
                    &[("added", &added.to_string()), ("updated", &updated.to_string())],
                ));
            }
            Err(e) => self.fail(e),
        }
    }

    /// What the SMTP server took: those people are notified by e-mail;
    /// the others stay as they were and the message says why.
    pub(super) fn mail_sent(&mut self, results: Vec<(i64, Result<(), String>)>) {
        let mut sent = 0;
        let mut failed: Vec<String> = Vec::new();
        for (member, r) in results {
            match r {
                Ok(()) => match self
                    .store
                    .set_call_state(member, CallState::Notified, Some(Channel::Email), self.now)
                {
                    Ok(()) => sent += 1,
                    Err(e) => failed.push(self.words(&e)),
                },
                Err(e) => failed.push(e),
            }
        }
        self.reload();
        if failed.is_empty() {
            self.info(self.tr.f("reach.mail_sent", &[("n", &sent.to_string())]));
        } else {
            failed.dedup();
            let why = failed.join(self.tr.t("ui.list_sep"));
            self.refuse(self.tr.f("reach.mail_failed", &[("sent", &sent.to_string()), ("error", &why)]));
        }
    }
}
