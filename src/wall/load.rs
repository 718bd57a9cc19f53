//! Reading what the wall shows: the only I/O the wall does besides
//! polling `data_version`. Free text is scrubbed of private persons' names
//! and of people's phone numbers and e-mail addresses on the way in.

use chrono::{DateTime, Utc};
use regex::Regex;

use super::model::*;
use crate::domain::Content;
use crate::domain::desk::StatementState;
use crate::domain::drill::{ClockState, Scenario};
use crate::domain::types::RoleId;
use crate::error::Msg;
use crate::i18n::{Catalog, Lang, Text};
use crate::store::{Store, StoreError};

/// Timeline entries loaded; the screen shows as many as fit.
const TIMELINE_ROWS: usize = 12;
/// Redacted text shows as this.
const HIDDEN: &str = "•••";

/// Strips what must never reach a shared screen from free text: private
/// persons' names and people's phone numbers and e-mail addresses (a note
/// or a title can quote them).
struct Scrubber {
    patterns: Vec<Regex>,
}

impl Scrubber {
    fn new(store: &Store, incident: i64) -> Result<Scrubber, StoreError> {
        let mut patterns = Vec::new();
        for p in store.private_persons(incident)? {
            let name = p.name.trim();
            if !name.is_empty() {
                patterns.push(regex::escape(name));
            }
        }
        for person in store.persons()? {
            let digits: Vec<String> = person.phone.chars().filter(char::is_ascii_digit).map(String::from).collect();
            // A number is matched however it is punctuated.
            if digits.len() >= 6 {
                patterns.push(digits.join(r"[\s\-.()]*"));
            } else if !person.phone.trim().is_empty() {
                patterns.push(regex::escape(person.phone.trim()));
            }
            if !person.email.trim().is_empty() {
                patterns.push(format!("(?i){}", regex::escape(person.email.trim())));
            }
        }
        // The longest first, so a name inside a longer name is not left half shown.
        patterns.sort_by_key(|p| std::cmp::Reverse(p.len()));
        let patterns = patterns
            .iter()
            .map(|p| Regex::new(p).map_err(|e| StoreError::Invalid(Msg::new("error.wall_filter").with("detail", e))))
            .collect::<Result<_, _>>()?;
        Ok(Scrubber { patterns })
    }

    fn scrub(&self, s: &str) -> String {
        let mut out = s.to_string();
        for p in &self.patterns {
            if p.is_match(&out) {
                out = p.replace_all(&out, HIDDEN).into_owned();
            }
        }
        out
    }

    fn text(&self, t: &Text) -> Text {
        Text {
            zh: self.scrub(&t.zh),
            en: self.scrub(&t.en),
        }
    }
}

/// Which incident the wall shows: the one asked for, else the newest drill
/// whose clock is running or paused, else the newest open incident (real
/// ones before demos and drills, as the store orders them).
fn choose(store: &Store, incident: Option<i64>) -> Result<(Option<i64>, usize), StoreError> {
    let open = store.open_incident_count(true)?;
    let others = |id: i64| -> Result<usize, StoreError> { Ok(open - usize::from(store.is_open(id)?)) };
    if let Some(id) = incident {
        return Ok((Some(id), others(id)?));
    }
    for d in store.drills()? {
        if matches!(d.clock.state, ClockState::Running | ClockState::Paused) && store.is_open(d.incident_id)? {
            return Ok((Some(d.incident_id), others(d.incident_id)?));
        }
    }
    Ok(match store.open_incidents(true, 1)?.first() {
        Some(i) => (Some(i.id), others(i.id)?),
        None => (None, 0),
    })
}

/// Read everything the wall shows. The only I/O the wall does besides
/// polling `data_version`.
pub fn load(store: &Store, incident: Option<i64>, content: &Content, now: DateTime<Utc>) -> Result<WallState, StoreError> {
    // One snapshot, so a private name added with a note naming it can
    // never reach the screen with the name list read before it.
    store.snapshot(|store| {
        let (chosen, others) = choose(store, incident)?;
        let view = match chosen {
            Some(id) => Some(load_view(store, id, content, now)?),
            None => None,
        };
        Ok(WallState {
            view,
            others,
            loaded_at: now,
            notice: None,
        })
    })
}

fn load_view(store: &Store, id: i64, content: &Content, now: DateTime<Utc>) -> Result<WallView, StoreError> {
    let scrub = Scrubber::new(store, id)?;
    let mut incident = store.incident(id)?;
    incident.title = scrub.scrub(&incident.title);
    let pb = content.playbook(&incident.crisis_type);
    let required: &[String] = pb.map(|p| p.required_roles.as_slice()).unwrap_or_default();

    // Roles in the console's order; the wall leaves out optional roles
    // nobody holds.
    let assignments = store.current_assignments(id)?;
    let roles = content
        .role_order(&incident.crisis_type)
        .into_iter()
        .map(|r| RoleRow {
            role: RoleId::new(r.id.as_str()),
            holder: assignments.iter().find(|a| a.role == r.id).map(|a| scrub.scrub(&a.person_name)),
            critical: r.critical,
            required: required.contains(&r.id),
        })
        .filter(|r| r.critical || r.required || r.holder.is_some())
        .collect();

    let mut checklist = store.checklist(id)?;
    for item in &mut checklist {
        item.note.clear();
    }

    let met = store.deadlines_met(id)?;
    let deadlines = pb
        .map(|pb| {
            pb.deadline
                .iter()
                .filter_map(|c| {
                    Some(DeadlineRow {
                        label: c.label.clone(),
                        kind: c.kind,
                        verified: c.verified,
                        due_in: c.due_in()?,
                        met: met.iter().any(|(k, _)| *k == c.id),
                    })
                })
                .collect()
        })
        .unwrap_or_default();

    let profile = store.profile()?;
    let latest = store.latest_releases(id)?;
    // Only whether a release was withdrawn: the list, without the texts.
    let statements = store.statement_list(id)?;
    let updates = latest
        .iter()
        .map(|r| (r.audience, profile.next_update(r.released_at, incident.severity)))
        .collect();
    let releases = latest
        .iter()
        .map(|r| Release {
            audience: r.audience,
            version: r.version,
            body: scrub.scrub(&r.body),
            released_at: r.released_at,
            withdrawn: statements
                .iter()
                .any(|s| s.id == r.statement_id && s.version == r.version && s.state == StatementState::Withdrawn),
        })
        .collect();

    let (zh, en) = (Catalog::get(Lang::Zh), Catalog::get(Lang::En));
    let timeline = store
        .timeline_page(id, None, TIMELINE_ROWS)?
        .into_iter()
        .map(|e| TimelineLine {
            at: e.event_at,
            text: scrub.text(&Text {
                zh: e.event.describe(zh, content),
                en: e.event.describe(en, content),
            }),
        })
        .collect();

    let drill = match store.drill(id)? {
        Some(row) => {
            let scenario = Scenario::parse("drill", &row.scenario_src, content).ok();
            let injects = store.drill_injects(id)?;
            let inject = injects
                .iter()
                .rev()
                .find(|r| !r.skipped)
                .and_then(|r| scenario.as_ref().and_then(|s| s.find(r.number)))
                .map(|i| ShownInject {
                    number: i.number,
                    method: i.method.clone(),
                    from: scrub.text(&i.from),
                    to: i.to.clone(),
                    message: scrub.text(&i.message),
                });
            Some(WallDrill {
                clock: row.clock,
                exercise: scenario.as_ref().map(|s| s.exercise).unwrap_or_default(),
                inject,
                delivered: injects.iter().filter(|r| !r.skipped).count(),
                planned: scenario.as_ref().map_or(0, |s| s.inject.len()),
            })
        }
        None => None,
    };

    // What is said online now is real: a drill's screen leaves it out.
    let mentions = if incident.drill {
        (0, 0, Vec::new())
    } else {
        let c = store.mention_counts()?;
        (c.new, c.unanswered, store.mention_volume(Some(id), now)?)
    };
    Ok(WallView {
        incident,
        drill,
        roles,
        checklist,
        deadlines,
        updates,
        releases,
        timeline,
        messages: store.message_counts(id, now)?,
        // What is said online now is real: a drill's screen leaves it out.
        mentions,
    })
}
