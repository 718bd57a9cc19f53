//! Online-opinion monitoring: mentions and their triage, saved feeds, the
//! earlier text of a mention a source changed, and captures as evidence.
//!
//! A mention belongs to no incident until it is linked to one; from then
//! on every change to it is on that incident's timeline, and `verify`
//! holds the linked mentions and the captures against it.

use std::collections::BTreeMap;

use super::*;
use crate::domain::chain::Replay;
use crate::domain::monitor::{NewMention, capture_digest, per_hour};
use crate::domain::timeline::MonitorEvent;
use crate::domain::types::{MentionState, Priority, Source};

/// A mention as the board and the exports read it.
#[derive(Clone, Debug, PartialEq)]
pub struct Mention {
    pub id: i64,
    pub source: Source,
    pub origin: String,
    pub author: String,
    pub published_at: DateTime<Utc>,
    pub title: String,
    pub text: String,
    pub link: String,
    pub rating: Option<u8>,
    pub matched: Vec<String>,
    pub state: MentionState,
    pub owner: String,
    pub priority: Priority,
    pub note: String,
    pub incident_id: Option<i64>,
    pub statement_id: Option<i64>,
    pub first_seen_at: DateTime<Utc>,
    pub answered_at: Option<DateTime<Utc>>,
}

impl Mention {
    pub fn headline(&self) -> &str {
        crate::domain::monitor::headline(&self.title, &self.text)
    }
}

/// An earlier text of a mention, kept when its source changed it.
#[derive(Clone, Debug, PartialEq)]
pub struct MentionRevision {
    pub id: i64,
    pub title: String,
    pub text: String,
    pub link: String,
    pub replaced_at: DateTime<Utc>,
}

/// A mention as it was seen at a moment, frozen.
#[derive(Clone, Debug, PartialEq)]
pub struct Capture {
    pub id: i64,
    pub mention_id: i64,
    pub text: String,
    pub link: String,
    pub captured_at: DateTime<Utc>,
    pub digest: String,
}

/// A saved feed definition, refreshed by `monitor fetch`.
#[derive(Clone, Debug, PartialEq)]
pub struct Feed {
    pub id: i64,
    pub url: String,
    pub name: String,
    pub incident_id: Option<i64>,
    pub fetched_at: Option<DateTime<Utc>>,
    pub last_error: String,
}

/// What an import did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ImportCount {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
}

/// Which mentions the board lists.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum StateFilter {
    #[default]
    All,
    /// New, triaged or responding: someone still has to act.
    Open,
    Only(MentionState),
}

impl StateFilter {
    /// The next filter, as a key cycles them.
    pub fn next(self) -> StateFilter {
        use MentionState as S;
        match self {
            StateFilter::All => StateFilter::Open,
            StateFilter::Open => StateFilter::Only(S::New),
            StateFilter::Only(S::Ignored) => StateFilter::All,
            StateFilter::Only(s) => StateFilter::Only(s.next()),
        }
    }

    pub fn label_key(self) -> String {
        match self {
            StateFilter::All => "monitor.filter_all".into(),
            StateFilter::Open => "monitor.filter_open".into(),
            StateFilter::Only(s) => s.label_key(),
        }
    }
}

/// Which incident's mentions the board lists.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum IncidentFilter {
    #[default]
    All,
    Incident(i64),
    Unlinked,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MentionFilter {
    pub state: StateFilter,
    pub source: Option<Source>,
    pub incident: IncidentFilter,
}

/// The header's counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MentionCounts {
    pub new: usize,
    /// New, triaged or responding.
    pub unanswered: usize,
}

const MENTION_COLS: &str = "id, source, origin, author, published_at, title, text, link, rating, matched, state, owner, priority, note,
     incident_id, statement_id, first_seen_at, answered_at";

fn mention_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Mention> {
    let matched: String = r.get(9)?;
    Ok(Mention {
        id: r.get(0)?,
        source: r.get(1)?,
        origin: r.get(2)?,
        author: r.get(3)?,
        published_at: ts(r, 4)?,
        title: r.get(5)?,
        text: r.get(6)?,
        link: r.get(7)?,
        rating: r.get::<_, Option<i64>>(8)?.and_then(|n| u8::try_from(n).ok()),
        matched: matched.split('\n').filter(|m| !m.is_empty()).map(str::to_string).collect(),
        state: r.get(10)?,
        owner: r.get(11)?,
        priority: r.get(12)?,
        note: r.get(13)?,
        incident_id: r.get(14)?,
        statement_id: r.get(15)?,
        first_seen_at: ts(r, 16)?,
        answered_at: ts_opt(r, 17)?,
    })
}

fn mention_not_found(id: i64) -> impl FnOnce(rusqlite::Error) -> StoreError {
    move |e| match StoreError::from(e) {
        StoreError::NotFound(_) => StoreError::NotFound(Msg::new("what.mention").with("id", id)),
        other => other,
    }
}

/// The WHERE clause and its values for a filter.
fn filter_sql(f: &MentionFilter) -> (String, Vec<rusqlite::types::Value>) {
    use rusqlite::types::Value as V;
    let mut clauses: Vec<String> = Vec::new();
    let mut args: Vec<V> = Vec::new();
    match f.state {
        StateFilter::All => {}
        StateFilter::Open => clauses.push("state IN ('new', 'triaged', 'responding')".into()),
        StateFilter::Only(s) => {
            args.push(V::Text(s.id().into()));
            clauses.push(format!("state = ?{}", args.len()));
        }
    }
    if let Some(s) = f.source {
        args.push(V::Text(s.id().into()));
        clauses.push(format!("source = ?{}", args.len()));
    }
    match f.incident {
        IncidentFilter::All => {}
        IncidentFilter::Unlinked => clauses.push("incident_id IS NULL".into()),
        IncidentFilter::Incident(id) => {
            args.push(V::Integer(id));
            clauses.push(format!("incident_id = ?{}", args.len()));
        }
    }
    let w = if clauses.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", clauses.join(" AND "))
    };
    (w, args)
}

/// Mark the mentions a released statement answers, inside the release.
pub(super) fn answer_mentions(tx: &Tx<'_>, incident: i64, statement: i64, version: i64, now: DateTime<Utc>) -> rusqlite::Result<()> {
    let ids: Vec<i64> = tx
        .prepare_cached("SELECT id FROM mention WHERE statement_id = ?1 AND state IN ('new', 'triaged', 'responding') ORDER BY id")?
        .query_map([statement], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in ids {
        tx.execute(
            "UPDATE mention SET state = 'answered', answered_at = ?2, updated_at = ?2, incident_id = ?3 WHERE id = ?1",
            params![id, to_db(now), incident],
        )?;
        let e = MonitorEvent::Answered {
            mention: id,
            statement,
            version,
        };
        tx.record(incident, &Event::Monitor(e), now, now)?;
    }
    Ok(())
}

/// One count per open state, each stopping at the cap (`?1`): SQLite holds
/// an `IN` list it looks up in an index in a temporary b-tree, which gets
/// a page cache of its own.
pub(super) const MENTION_COUNTS: &str = "SELECT
    (SELECT count(*) FROM (SELECT 1 FROM mention WHERE state = 'new' LIMIT ?1)),
    (SELECT count(*) FROM (SELECT 1 FROM mention WHERE state = 'triaged' LIMIT ?1)),
    (SELECT count(*) FROM (SELECT 1 FROM mention WHERE state = 'responding' LIMIT ?1))";

impl Store {
    // ---- import -----------------------------------------------------------

    /// Store mentions from one file or feed, all or none. A mention already
    /// known (same key, or same canonical link) is updated when its source
    /// changed it, its earlier text kept as a revision. With `incident`,
    /// new and unlinked mentions are linked to it.
    pub fn import_mentions(
        &mut self,
        items: &[NewMention],
        origin: &str,
        incident: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<ImportCount> {
        if let Some(id) = incident {
            self.incident(id)?;
        }
        self.write(|tx| {
            let mut count = ImportCount::default();
            let mut linked: Vec<(i64, MentionState)> = Vec::new();
            let t = to_db(now);
            for m in items {
                type Known = (i64, String, String, String, String, Option<i64>, Option<i64>, MentionState);
                let row = |r: &rusqlite::Row<'_>| -> rusqlite::Result<Known> {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                        r.get(6)?,
                        r.get(7)?,
                    ))
                };
                // By key, else by canonical link: two index lookups (an OR
                // of the two would scan the table for every mention).
                let mut known: Option<Known> = tx
                    .prepare_cached("SELECT id, author, title, text, link, rating, incident_id, state FROM mention WHERE key = ?1")?
                    .query_row([&m.key], row)
                    .optional()?;
                if known.is_none() && !m.canonical.is_empty() {
                    known = tx
                        .prepare_cached(
                            "SELECT id, author, title, text, link, rating, incident_id, state FROM mention WHERE canonical = ?1 LIMIT 1",
                        )?
                        .query_row([&m.canonical], row)
                        .optional()?;
                }
                let rating = m.rating.map(i64::from);
                match known {
                    Some((id, author, title, text, link, old_rating, linked_to, state)) => {
                        let changed = author != m.author || title != m.title || text != m.text || link != m.link || old_rating != rating;
                        if changed {
                            tx.prepare_cached(
                                "INSERT INTO mention_revision (mention_id, author, published_at, title, text, link, rating, replaced_at)
                                 SELECT id, author, published_at, title, text, link, rating, ?2 FROM mention WHERE id = ?1",
                            )?
                            .execute(params![id, t])?;
                            let revision = tx.last_insert_rowid();
                            tx.prepare_cached(
                                "UPDATE mention SET author = ?2, title = ?3, text = ?4, link = ?5, rating = ?6, matched = ?7,
                                 published_at = ?8, updated_at = ?9 WHERE id = ?1",
                            )?
                            .execute(params![
                                id,
                                m.author,
                                m.title,
                                m.text,
                                m.link,
                                rating,
                                m.matched.join("\n"),
                                to_db(m.published_at),
                                t
                            ])?;
                            count.updated += 1;
                            if let Some(inc) = linked_to {
                                tx.record(inc, &Event::Monitor(MonitorEvent::Updated { mention: id, revision }), now, now)?;
                            }
                        } else {
                            count.unchanged += 1;
                        }
                        if let (Some(inc), None) = (incident, linked_to) {
                            tx.execute("UPDATE mention SET incident_id = ?2 WHERE id = ?1", params![id, inc])?;
                            linked.push((id, state));
                        }
                    }
                    None => {
                        let (state, answered) = match m.replied_at {
                            Some(at) => (MentionState::Answered, Some(to_db(at))),
                            None => (MentionState::New, None),
                        };
                        tx.prepare_cached(
                            "INSERT INTO mention (source, key, canonical, origin, author, published_at, title, text, link, rating, matched,
                                                  state, incident_id, first_seen_at, updated_at, answered_at)
                             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14, ?15)",
                        )?
                        .execute(params![
                            m.source,
                            m.key,
                            m.canonical,
                            m.origin,
                            m.author,
                            to_db(m.published_at),
                            m.title,
                            m.text,
                            m.link,
                            rating,
                            m.matched.join("\n"),
                            state,
                            incident,
                            t,
                            answered
                        ])?;
                        count.added += 1;
                        if incident.is_some() {
                            linked.push((tx.last_insert_rowid(), state));
                        }
                    }
                }
            }
            if let Some(inc) = incident
                && (count.added + count.updated > 0 || !linked.is_empty())
            {
                let e = MonitorEvent::Imported {
                    origin: origin.to_string(),
                    added: count.added as i64,
                    updated: count.updated as i64,
                    linked,
                };
                tx.record(inc, &Event::Monitor(e), now, now)?;
            }
            Ok(count)
        })
    }

    // ---- reading ------------------------------------------------------------

    /// A screenful of mentions, newest first.
    pub fn mentions(&self, filter: &MentionFilter, offset: usize, limit: usize) -> Result<Vec<Mention>> {
        let (w, mut args) = filter_sql(filter);
        args.push(rusqlite::types::Value::Integer(limit as i64));
        args.push(rusqlite::types::Value::Integer(offset as i64));
        let n = args.len();
        let sql = format!(
            "SELECT {MENTION_COLS} FROM mention {w} ORDER BY published_at DESC, id DESC LIMIT ?{} OFFSET ?{n}",
            n - 1
        );
        let mut st = self.conn.prepare_cached(&sql)?;
        let rows = st.query_map(rusqlite::params_from_iter(args), mention_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// How many mentions a filter lists.
    pub fn mention_count(&self, filter: &MentionFilter) -> Result<usize> {
        let (w, args) = filter_sql(filter);
        let n: i64 = self
            .conn
            .prepare_cached(&format!("SELECT count(*) FROM mention {w}"))?
            .query_row(rusqlite::params_from_iter(args), |r| r.get(0))?;
        Ok(n as usize)
    }

    /// How many a filter lists, counting no further than `cap`: the board
    /// needs to know there is more below, not how much.
    pub fn mention_count_upto(&self, filter: &MentionFilter, cap: usize) -> Result<usize> {
        let (w, mut args) = filter_sql(filter);
        args.push(rusqlite::types::Value::Integer(cap as i64));
        let n = args.len();
        let c: i64 = self
            .conn
            .prepare_cached(&format!("SELECT count(*) FROM (SELECT 1 FROM mention {w} LIMIT ?{n})"))?
            .query_row(rusqlite::params_from_iter(args), |r| r.get(0))?;
        Ok(c as usize)
    }

    pub fn mention(&self, id: i64) -> Result<Mention> {
        self.conn
            .query_row(&format!("SELECT {MENTION_COLS} FROM mention WHERE id = ?1"), [id], mention_row)
            .map_err(mention_not_found(id))
    }

    /// New, and not yet answered (new, triaged or responding), each
    /// counted up to `MENTION_COUNT_CAP`.
    pub fn mention_counts(&self) -> Result<MentionCounts> {
        // Read at every reload of the screen: compiled once.
        let (new, triaged, responding): (i64, i64, i64) = self
            .conn
            .prepare_cached(MENTION_COUNTS)?
            .query_row([MENTION_COUNT_CAP as i64], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        let n = |c: i64| usize::try_from(c).unwrap_or(0);
        Ok(MentionCounts {
            new: n(new),
            unanswered: (n(new) + n(triaged) + n(responding)).min(MENTION_COUNT_CAP),
        })
    }

    /// Mentions linked to an incident: (all, not yet answered).
    pub fn linked_mention_counts(&self, incident: i64) -> Result<(usize, usize)> {
        // Read at every reload of the screen: compiled once, and the open
        // states spelled out, as a three-value `IN` list is held in a
        // temporary b-tree with a page cache of its own.
        let (all, open): (i64, i64) = self
            .conn
            .prepare_cached(
                "SELECT count(*), coalesce(sum(state = 'new' OR state = 'triaged' OR state = 'responding'), 0)
             FROM mention WHERE incident_id = ?1",
            )?
            .query_row([incident], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok((all as usize, open as usize))
    }

    /// The sources there are mentions from, for the board's filter.
    pub fn mention_sources(&self) -> Result<Vec<Source>> {
        let mut out = Vec::new();
        for s in Source::ALL {
            let any: bool = self
                .conn
                .prepare_cached("SELECT EXISTS (SELECT 1 FROM mention WHERE source = ?1)")?
                .query_row([s], |r| r.get(0))?;
            if any {
                out.push(*s);
            }
        }
        Ok(out)
    }

    /// Mentions per hour over the last day, oldest first: the incident's and
    /// those not yet linked to any (with `Some`), or all.
    pub fn mention_volume(&self, incident: Option<i64>, now: DateTime<Utc>) -> Result<Vec<u64>> {
        let since = to_db(now - chrono::Duration::hours(crate::domain::monitor::SPARK_HOURS as i64));
        let mut counts: BTreeMap<String, u64> = BTreeMap::new();
        // Counted here by hour rather than with GROUP BY: SQLite cannot tell
        // that the hour (a prefix of `published_at`) keeps the index's
        // order, so it would set up a sorter at every reload of the screen
        // to group what is counted here in one pass.
        let sql = match incident {
            Some(_) => {
                "SELECT substr(published_at, 1, 13) FROM mention WHERE published_at >= ?1
                 AND (incident_id IS NULL OR incident_id = ?2)"
            }
            None => "SELECT substr(published_at, 1, 13) FROM mention WHERE published_at >= ?1 AND ?2 IS NULL",
        };
        let mut st = self.conn.prepare_cached(sql)?;
        let mut rows = st.query(params![since, incident])?;
        while let Some(row) = rows.next()? {
            // Not text only in a damaged record; per_hour places no such hour.
            let hour = row.get_ref(0)?.as_str().unwrap_or_default();
            match counts.get_mut(hour) {
                Some(n) => *n += 1,
                None => {
                    counts.insert(hour.to_string(), 1);
                }
            }
        }
        Ok(per_hour(&counts, now))
    }

    /// Every mention linked to an incident, oldest first (export, report).
    pub fn incident_mentions(&self, incident: i64) -> Result<Vec<Mention>> {
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT {MENTION_COLS} FROM mention WHERE incident_id = ?1 ORDER BY published_at, id"
        ))?;
        let rows = st.query_map([incident], mention_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn mention_revisions(&self, id: i64) -> Result<Vec<MentionRevision>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT id, title, text, link, replaced_at FROM mention_revision WHERE mention_id = ?1 ORDER BY id")?;
        let rows = st.query_map([id], |r| {
            Ok(MentionRevision {
                id: r.get(0)?,
                title: r.get(1)?,
                text: r.get(2)?,
                link: r.get(3)?,
                replaced_at: ts(r, 4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn captures(&self, incident: i64) -> Result<Vec<Capture>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, mention_id, text, link, captured_at, digest FROM mention_capture WHERE incident_id = ?1 ORDER BY id",
        )?;
        let rows = st.query_map([incident], |r| {
            Ok(Capture {
                id: r.get(0)?,
                mention_id: r.get(1)?,
                text: r.get(2)?,
                link: r.get(3)?,
                captured_at: ts(r, 4)?,
                digest: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    // ---- triage -------------------------------------------------------------

    /// Set a mention's state, owner, priority and note. A move the rules
    /// do not allow is refused; a linked mention's triage is on its
    /// incident's timeline.
    pub fn triage_mention(
        &mut self,
        id: i64,
        state: MentionState,
        owner: &str,
        priority: Priority,
        note: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let (owner, note) = (owner.trim(), note.trim());
        let r = self.write(|tx| {
            let (from, source, incident, old_owner, old_priority, old_note): (MentionState, Source, Option<i64>, String, Priority, String) =
                tx.query_row(
                    "SELECT state, source, incident_id, owner, priority, note FROM mention WHERE id = ?1",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
                )?;
            if from == state && old_owner == owner && old_priority == priority && old_note == note {
                return Ok(Ok(()));
            }
            if from != state && !from.can_move(state) {
                return Ok(Err(()));
            }
            let answered = (state == MentionState::Answered && from != state).then(|| to_db(now));
            tx.execute(
                "UPDATE mention SET state = ?2, owner = ?3, priority = ?4, note = ?5, updated_at = ?6,
                    answered_at = CASE WHEN ?2 = 'answered' THEN coalesce(?7, answered_at) ELSE NULL END WHERE id = ?1",
                params![id, state, owner, priority, note, to_db(now), answered],
            )?;
            if let Some(inc) = incident {
                let e = MonitorEvent::Triaged {
                    mention: id,
                    source,
                    from,
                    to: state,
                    owner: owner.to_string(),
                    priority,
                    note: note.to_string(),
                };
                tx.record(inc, &Event::Monitor(e), now, now)?;
            }
            Ok(Ok(()))
        });
        match r.map_err(|e| match e {
            StoreError::NotFound(_) => StoreError::NotFound(Msg::new("what.mention").with("id", id)),
            other => other,
        })? {
            Ok(()) => Ok(()),
            Err(()) => Err(StoreError::invalid("monitor.bad_move")),
        }
    }

    /// Link a mention to an incident, or take it off (None).
    pub fn link_mention(&mut self, id: i64, incident: Option<i64>, now: DateTime<Utc>) -> Result<()> {
        if let Some(inc) = incident {
            self.incident(inc)?;
        }
        self.write(|tx| {
            let (source, state, was): (Source, MentionState, Option<i64>) =
                tx.query_row("SELECT source, state, incident_id FROM mention WHERE id = ?1", [id], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })?;
            if was == incident {
                return Ok(());
            }
            tx.execute(
                "UPDATE mention SET incident_id = ?2, updated_at = ?3 WHERE id = ?1",
                params![id, incident, to_db(now)],
            )?;
            if let Some(old) = was {
                let e = MonitorEvent::Linked {
                    mention: id,
                    source,
                    state,
                    linked: false,
                };
                tx.record(old, &Event::Monitor(e), now, now)?;
            }
            if let Some(new) = incident {
                let e = MonitorEvent::Linked {
                    mention: id,
                    source,
                    state,
                    linked: true,
                };
                tx.record(new, &Event::Monitor(e), now, now)?;
            }
            Ok(())
        })
        .map_err(|e| match e {
            StoreError::NotFound(_) => StoreError::NotFound(Msg::new("what.mention").with("id", id)),
            other => other,
        })
    }

    /// A reply to a mention was drafted as `statement` of its incident: the
    /// mention is being responded to, and the statement's release answers it.
    /// A statement already released answers it at once (one statement for a
    /// review storm); true then.
    pub fn set_mention_reply(&mut self, id: i64, statement: i64, now: DateTime<Utc>) -> Result<bool> {
        self.write(|tx| {
            let incident: i64 = tx.query_row("SELECT incident_id FROM statement WHERE id = ?1", [statement], |r| r.get(0))?;
            let (source, state, was): (Source, MentionState, Option<i64>) =
                tx.query_row("SELECT source, state, incident_id FROM mention WHERE id = ?1", [id], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })?;
            if was != Some(incident) {
                tx.execute("UPDATE mention SET incident_id = ?2 WHERE id = ?1", params![id, incident])?;
                if let Some(old) = was {
                    let e = MonitorEvent::Linked {
                        mention: id,
                        source,
                        state,
                        linked: false,
                    };
                    tx.record(old, &Event::Monitor(e), now, now)?;
                }
                let e = MonitorEvent::Linked {
                    mention: id,
                    source,
                    state,
                    linked: true,
                };
                tx.record(incident, &Event::Monitor(e), now, now)?;
            }
            tx.execute(
                "UPDATE mention SET state = 'responding', statement_id = ?2, answered_at = NULL, updated_at = ?3 WHERE id = ?1",
                params![id, statement, to_db(now)],
            )?;
            tx.record(incident, &Event::Monitor(MonitorEvent::Reply { mention: id, statement }), now, now)?;
            let (st, version): (String, i64) = tx.query_row("SELECT state, version FROM statement WHERE id = ?1", [statement], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
            if st == "released" {
                answer_mentions(tx, incident, statement, version, now)?;
                return Ok(true);
            }
            Ok(false)
        })
    }

    /// Capture a linked mention as evidence: its text and link as they are
    /// now, frozen, with a digest on the incident's chain.
    pub fn capture_mention(&mut self, id: i64, now: DateTime<Utc>) -> Result<(i64, String)> {
        let r = self.write(|tx| {
            let (incident, text, link, title): (Option<i64>, String, String, String) =
                tx.query_row("SELECT incident_id, text, link, title FROM mention WHERE id = ?1", [id], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                })?;
            let Some(incident) = incident else { return Ok(None) };
            let text = if title.is_empty() { text } else { format!("{title}\n{text}") };
            let at = to_db(now);
            let digest = capture_digest(id, &text, &link, &at);
            tx.execute(
                "INSERT INTO mention_capture (mention_id, incident_id, text, link, captured_at, digest) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![id, incident, text, link, at, digest],
            )?;
            let capture = tx.last_insert_rowid();
            let e = MonitorEvent::Captured {
                mention: id,
                capture,
                digest: digest.clone(),
            };
            tx.record(incident, &Event::Monitor(e), now, now)?;
            Ok(Some((capture, digest)))
        })?;
        r.ok_or_else(|| StoreError::invalid("monitor.link_first"))
    }

    // ---- feeds ----------------------------------------------------------------

    pub fn add_feed(&mut self, url: &str, name: &str, incident: Option<i64>, now: DateTime<Utc>) -> Result<i64> {
        let url = url.trim();
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(StoreError::Invalid(Msg::new("monitor.feed_url").with("url", url)));
        }
        if let Some(id) = incident {
            self.incident(id)?;
        }
        self.write(|tx| {
            let known: Option<i64> = tx.query_row("SELECT id FROM feed WHERE url = ?1", [url], |r| r.get(0)).optional()?;
            if let Some(id) = known {
                tx.execute(
                    "UPDATE feed SET name = ?2, incident_id = ?3 WHERE id = ?1",
                    params![id, name.trim(), incident],
                )?;
                return Ok(id);
            }
            tx.execute(
                "INSERT INTO feed (url, name, incident_id, added_at) VALUES (?1, ?2, ?3, ?4)",
                params![url, name.trim(), incident, to_db(now)],
            )?;
            Ok(tx.last_insert_rowid())
        })
    }

    pub fn remove_feed(&mut self, id: i64) -> Result<()> {
        let n = self.write(|tx| tx.execute("DELETE FROM feed WHERE id = ?1", [id]))?;
        if n == 0 {
            return Err(StoreError::NotFound(Msg::new("what.feed").with("id", id)));
        }
        Ok(())
    }

    pub fn feeds(&self) -> Result<Vec<Feed>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT id, url, name, incident_id, fetched_at, last_error FROM feed ORDER BY id")?;
        let rows = st.query_map([], |r| {
            Ok(Feed {
                id: r.get(0)?,
                url: r.get(1)?,
                name: r.get(2)?,
                incident_id: r.get(3)?,
                fetched_at: ts_opt(r, 4)?,
                last_error: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// How the last fetch of a feed went ("" for well).
    pub fn feed_fetched(&mut self, id: i64, error: &str, now: DateTime<Utc>) -> Result<()> {
        self.write(|tx| {
            if error.is_empty() {
                tx.execute(
                    "UPDATE feed SET fetched_at = ?2, last_error = '' WHERE id = ?1",
                    params![id, to_db(now)],
                )?;
            } else {
                tx.execute("UPDATE feed SET last_error = ?2 WHERE id = ?1", params![id, error])?;
            }
            Ok(())
        })
    }

    // ---- verify ---------------------------------------------------------------

    /// The mentions linked to the incident and its captures, against the
    /// timeline; each capture's digest recomputed from what it froze.
    pub(super) fn check_monitor(&self, incident: i64, r: &Replay) -> Result<Option<Msg>> {
        let have: BTreeMap<i64, (String, Option<i64>)> = self
            .conn
            .prepare("SELECT id, state, statement_id FROM mention WHERE incident_id = ?1")?
            .query_map([incident], |row| Ok((row.get(0)?, (row.get(1)?, row.get(2)?))))?
            .collect::<rusqlite::Result<_>>()?;
        // A statement is recorded against a mention once a reply is drafted;
        // before that the table may hold none.
        let recorded = &r.monitor.mentions;
        let same = have.len() == recorded.len()
            && have.iter().all(|(id, (state, st))| {
                recorded
                    .get(id)
                    .is_some_and(|(rs, rst)| rs == state && (rst.is_none() || rst == st))
            });
        if !same {
            return Ok(Some(Msg::new("tables.mentions")));
        }
        let captures: Vec<(i64, i64, String, String, String, String)> = self
            .conn
            .prepare("SELECT id, mention_id, text, link, captured_at, digest FROM mention_capture WHERE incident_id = ?1 ORDER BY id")?
            .query_map([incident], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?, row.get(5)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        if captures.len() != r.monitor.captures.len() {
            return Ok(Some(Msg::new("tables.captures")));
        }
        for (id, mention, text, link, at, digest) in &captures {
            let recomputed = capture_digest(*mention, text, link, at);
            let on_chain = r.monitor.captures.get(id);
            if recomputed != *digest || on_chain != Some(&(*mention, digest.clone())) {
                return Ok(Some(Msg::new("tables.capture").with("id", id).with("mention", mention)));
            }
        }
        Ok(None)
    }
}
