//! Statements: drafts, the sign-off flow, frozen releases, the clinic
//! profile and the private-person list the checks read.

use super::*;

pub(super) const STATEMENT_COLS: &str =
    "id, audience, body, state, version, reviewed_by, reviewed_at, approved_by, approved_at, created_at, updated_at, prior_state";

pub(super) fn statement_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Statement> {
    let state: String = r.get(3)?;
    Ok(Statement {
        id: r.get(0)?,
        audience: r.get(1)?,
        body: r.get(2)?,
        state: StatementState::from_id(&state),
        version: r.get(4)?,
        reviewed_by: r.get(5)?,
        reviewed_at: ts_opt(r, 6)?,
        approved_by: r.get(7)?,
        approved_at: ts_opt(r, 8)?,
        created_at: ts(r, 9)?,
        updated_at: ts(r, 10)?,
        prior_state: r.get::<_, Option<String>>(11)?.as_deref().map(StatementState::from_id),
    })
}

pub(super) const VERSION_COLS: &str = "statement_id, version, audience, body, sha256, reviewed_by, approved_by, released_by, released_at";

pub(super) fn version_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ReleasedVersion> {
    Ok(ReleasedVersion {
        statement_id: r.get(0)?,
        version: r.get(1)?,
        audience: r.get(2)?,
        body: r.get(3)?,
        sha256: r.get(4)?,
        reviewed_by: r.get(5)?,
        approved_by: r.get(6)?,
        released_by: r.get(7)?,
        released_at: ts(r, 8)?,
    })
}

/// Whether `body` holds anything the checks block sign-off and release for,
/// judged inside the caller's transaction.
pub(super) fn holds_personal_data(tx: &Transaction<'_>, incident: i64, audience: Audience, body: &str) -> rusqlite::Result<bool> {
    let profile = Profile {
        values: tx
            .prepare("SELECT key, value FROM profile")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?,
    };
    let names: Vec<String> = tx
        .prepare("SELECT name FROM private_person WHERE incident_id = ?1")?
        .query_map([incident], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let ctx = profile.lint_context(Some(audience), names);
    // Without the rules nothing can be shown safe, so nothing is released.
    Ok(match crate::domain::lint::Rules::builtin() {
        Ok(rules) => crate::domain::lint::blocks(body, &ctx, rules),
        Err(_) => true,
    })
}

impl Store {
    // ---- statements -----------------------------------------------------

    /// The incident's statements for the list, without their texts (`body`
    /// is empty): the pane shows audience, state and version, and a long
    /// draft is read only when it is opened (`statement`), not on every
    /// reload of the screen.
    pub fn statement_list(&self, incident: i64) -> Result<Vec<Statement>> {
        let cols = STATEMENT_COLS.replacen("body", "'' AS body", 1);
        let mut st = self
            .conn
            .prepare_cached(&format!("SELECT {cols} FROM statement WHERE incident_id = ?1 ORDER BY id"))?;
        let rows = st.query_map([incident], statement_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn statements(&self, incident: i64) -> Result<Vec<Statement>> {
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT {STATEMENT_COLS} FROM statement WHERE incident_id = ?1 ORDER BY id"
        ))?;
        let rows = st.query_map([incident], statement_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn create_statement(&mut self, incident: i64, audience: Audience, body: &str, now: DateTime<Utc>) -> Result<i64> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO statement (incident_id, audience, body, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)",
                params![incident, audience, body, to_db(now)],
            )?;
            let id = tx.last_insert_rowid();
            let created = Event::StatementCreated {
                statement: id,
                audience: audience.id().to_string(),
            };
            tx.record(incident, &created, now, now)?;
            Ok(id)
        })
    }

    /// Autosave: drafts are saved often, so the body is not put on the
    /// timeline each time (the statement's own times say when it changed).
    pub fn save_statement_body(&mut self, id: i64, body: &str, now: DateTime<Utc>) -> Result<()> {
        self.save_draft(id, body, 0, now)
    }

    /// Drafts last saved by the autosave of a console that is no longer
    /// running (crash, kill, lost session); `alive` says whether the
    /// process that saved one still runs, so a second console starting
    /// never takes a draft another one is still typing. Clears the marks.
    pub fn take_recovered_drafts(&mut self, alive: impl Fn(i64) -> bool) -> Result<Vec<i64>> {
        const MARKED: &str = "SELECT id, autosaved FROM statement WHERE autosaved != 0 ORDER BY id";
        // Read first: most starts find nothing to take, and then take no
        // write lock (nor wait for another process's write).
        let marked: Vec<(i64, i64)> = self
            .conn
            .prepare_cached(MARKED)?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        if marked.iter().all(|&(_, pid)| alive(pid)) {
            return Ok(Vec::new());
        }
        self.write(|tx| {
            let marked: Vec<(i64, i64)> = tx
                .prepare_cached(MARKED)?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            let mut ids = Vec::new();
            for (id, pid) in marked {
                if !alive(pid) {
                    tx.execute("UPDATE statement SET autosaved = 0 WHERE id = ?1", [id])?;
                    ids.push(id);
                }
            }
            Ok(ids)
        })
    }

    /// Save a draft. `autosave_by` is the saving console's process id when
    /// the autosave saved it while the user is still editing, else 0.
    pub fn save_draft(&mut self, id: i64, body: &str, autosave_by: u32, now: DateTime<Utc>) -> Result<()> {
        self.save_draft_into(None, id, body, autosave_by, now)
    }

    /// The autosave's save, from its own connection: refused, writing
    /// nothing, when the record is no longer the one of `generation` (it
    /// was restored under the console), since a statement with this id
    /// there may be another one.
    pub fn autosave_draft(&mut self, generation: &str, id: i64, body: &str, autosave_by: u32, now: DateTime<Utc>) -> Result<()> {
        self.save_draft_into(Some(generation), id, body, autosave_by, now)
    }

    fn save_draft_into(&mut self, generation: Option<&str>, id: i64, body: &str, autosave_by: u32, now: DateTime<Utc>) -> Result<()> {
        // Only a draft changes: a reviewed or released text must stay the
        // text that was reviewed or released.
        let saved = self.write(|tx| {
            if let Some(want) = generation {
                let found: Option<String> = tx
                    .prepare_cached("SELECT value FROM meta WHERE key = 'generation'")?
                    .query_row([], |r| r.get(0))
                    .optional()?;
                if found.as_deref() != Some(want) {
                    return Ok(None);
                }
            }
            let n = tx.execute(
                "UPDATE statement SET body = ?2, updated_at = ?3, autosaved = ?4 WHERE id = ?1 AND state = 'draft'",
                params![id, body, to_db(now), autosave_by],
            )?;
            let exists: Option<i64> = tx
                .query_row("SELECT id FROM statement WHERE id = ?1", [id], |r| r.get(0))
                .optional()?;
            Ok(Some((n, exists.is_some())))
        })?;
        match saved {
            None => Err(StoreError::invalid("invalid.record_replaced")),
            Some((0, false)) => Err(StoreError::NotFound(Msg::new("what.statement").with("id", id))),
            Some((0, true)) => Err(StoreError::Invalid(Msg::new("invalid.not_draft").with("id", id))),
            Some(_) => Ok(()),
        }
    }

    pub fn set_statement_audience(&mut self, id: i64, audience: Audience, now: DateTime<Utc>) -> Result<()> {
        let r = self.write(|tx| {
            let incident: i64 = tx.query_row("SELECT incident_id FROM statement WHERE id = ?1", [id], |r| r.get(0))?;
            // Only a draft: legal reviewed a text for one audience.
            if tx.execute(
                "UPDATE statement SET audience = ?2, updated_at = ?3 WHERE id = ?1 AND state = 'draft'",
                params![id, audience, to_db(now)],
            )? == 0
            {
                return Err(rusqlite::Error::QueryReturnedNoRows);
            }
            let changed = Event::AudienceChanged {
                statement: id,
                audience: audience.id().to_string(),
            };
            tx.record(incident, &changed, now, now)?;
            Ok(())
        });
        r.map_err(|e| match e {
            StoreError::NotFound(_) => StoreError::Invalid(Msg::new("invalid.audience_not_draft").with("id", id)),
            other => other,
        })
    }

    /// Take one step along the review chain. The rules are checked again
    /// here, inside the write transaction, so two consoles cannot race a
    /// statement past a step. `blocking` says the console's checks found
    /// something that blocks (they are run again here for every sign-off and
    /// the release). Sign-offs go through `sign_off`.
    pub fn statement_step(&mut self, id: i64, step: Step, blocking: bool, now: DateTime<Utc>) -> Result<StatementState> {
        if step.is_sign_off() {
            return Err(StoreError::Invalid(Msg::new("invalid.sign_off_needs_version").with("id", id)));
        }
        self.take_step(id, step, blocking, None, now)
    }

    /// Record legal review or approval of the version whose text hashes to
    /// `sha256` — the version the operator confirmed the person read. If the
    /// text changed since (another console reopened and edited it), nothing
    /// is recorded.
    pub fn sign_off(&mut self, id: i64, step: Step, sha256: &str, now: DateTime<Utc>) -> Result<StatementState> {
        if !step.is_sign_off() {
            return Err(StoreError::Invalid(
                Msg::new("invalid.not_a_sign_off").with("id", id).with("step", step.id()),
            ));
        }
        self.take_step(id, step, false, Some(sha256), now)
    }

    /// For tests, benchmarks and the demo: take any step, a sign-off
    /// vouching for the text as it stands. The console never calls this; it
    /// asks the operator to confirm each sign-off (`sign_off`).
    #[doc(hidden)]
    pub fn advance_for_tests(&mut self, id: i64, step: Step, now: DateTime<Utc>) -> Result<StatementState> {
        let confirmed = step
            .is_sign_off()
            .then(|| self.statement(id).map(|(_, s)| sha256_hex(&s.body)))
            .transpose()?;
        self.take_step(id, step, false, confirmed.as_deref(), now)
    }

    fn take_step(&mut self, id: i64, step: Step, blocking: bool, confirmed: Option<&str>, now: DateTime<Utc>) -> Result<StatementState> {
        self.write(|tx| {
            let (incident, st): (i64, Statement) = tx.query_row(
                &format!("SELECT {STATEMENT_COLS}, incident_id FROM statement WHERE id = ?1"),
                [id],
                |r| Ok((r.get(12)?, statement_row(r)?)),
            )?;
            let Statement {
                state,
                version,
                audience,
                body,
                reviewed_by,
                approved_by,
                prior_state,
                ..
            } = st;
            let sha = sha256_hex(&body);
            if confirmed.is_some_and(|c| c != sha) {
                return Ok(Err(Refusal::Changed));
            }
            // What blocks is checked again here, against the private list and
            // profile as they are now: another console may have added a name
            // since this one looked.
            let gated = matches!(step, Step::Review | Step::Approve | Step::Release);
            let blocking = blocking || (gated && holds_personal_data(tx, incident, audience, &body)?);
            let context = StepContext {
                state,
                reviewed: reviewed_by.is_some(),
                empty: body.trim().is_empty(),
                blocking,
                prior: prior_state,
            };
            // Whoever holds the roles the steps are taken by (desk::Step::actor).
            let mut holders: Vec<(&str, Option<String>)> = Vec::new();
            for role in Step::ALL.iter().map(|s| s.actor().0) {
                if !holders.iter().any(|(r, _)| *r == role) {
                    holders.push((role, holder_name(tx, incident, role)?));
                }
            }
            let holder = |role: &str| holders.iter().find(|(r, _)| *r == role).and_then(|(_, n)| n.clone());
            let to = match check_step(context, step, |r| holder(r).is_some()) {
                Ok(to) => to,
                Err(refusal) => return Ok(Err(refusal)),
            };
            // A new version of a statement with nothing released stays a
            // withdrawn draft's own business: there is no text to go back to.
            let last_release: Option<(String, String, String)> = if step == Step::Discard {
                tx.query_row(
                    "SELECT body, reviewed_by, approved_by FROM statement_version WHERE statement_id = ?1 AND version = ?2",
                    params![id, version - 1],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?
            } else {
                None
            };
            if step == Step::Discard && last_release.is_none() {
                return Ok(Err(Refusal::NoPrior));
            }
            let (role, _) = step.actor();
            // An unstaffed optional actor falls to the commander, as an
            // unfilled role falls to the person above it.
            let (role, person) = match holder(role) {
                Some(p) => (role, p),
                None => ("commander", holder("commander").unwrap_or_default()),
            };
            let t = to_db(now);
            match step {
                Step::Review => {
                    tx.execute("UPDATE statement SET reviewed_by = ?2, reviewed_at = ?3 WHERE id = ?1", params![id, person, t])?;
                }
                Step::Approve => {
                    tx.execute("UPDATE statement SET approved_by = ?2, approved_at = ?3 WHERE id = ?1", params![id, person, t])?;
                }
                Step::Release => {
                    tx.execute(
                        "INSERT INTO statement_version (statement_id, version, audience, body, sha256, reviewed_by, approved_by, released_by, released_at)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                        params![
                            id,
                            version,
                            audience,
                            body,
                            sha,
                            reviewed_by.clone().unwrap_or_default(),
                            approved_by.clone().unwrap_or_default(),
                            person,
                            t
                        ],
                    )?;
                    tx.execute("UPDATE statement SET prior_state = NULL WHERE id = ?1", [id])?;
                }
                Step::Reopen => {
                    tx.execute(
                        "UPDATE statement SET reviewed_by = NULL, reviewed_at = NULL, approved_by = NULL, approved_at = NULL WHERE id = ?1",
                        [id],
                    )?;
                }
                Step::NewVersion => {
                    tx.execute(
                        "UPDATE statement SET version = version + 1, reviewed_by = NULL, reviewed_at = NULL, approved_by = NULL, approved_at = NULL,
                         prior_state = ?2 WHERE id = ?1",
                        params![id, state.id()],
                    )?;
                }
                Step::Discard => {
                    if let Some((released_body, rev, app)) = &last_release {
                        tx.execute(
                            "UPDATE statement SET version = version - 1, body = ?2, reviewed_by = ?3, approved_by = ?4, prior_state = NULL, autosaved = 0
                             WHERE id = ?1",
                            params![id, released_body, rev, app],
                        )?;
                    }
                }
                Step::Withdraw => {
                    tx.execute("UPDATE statement SET prior_state = NULL WHERE id = ?1", [id])?;
                }
                Step::Submit => {}
            }
            tx.execute("UPDATE statement SET state = ?2, updated_at = ?3 WHERE id = ?1", params![id, to.id(), t])?;
            let version = match step {
                Step::NewVersion => version + 1,
                Step::Discard => version - 1,
                _ => version,
            };
            let event = Event::Statement {
                step,
                statement: id,
                version,
                audience: audience.to_string(),
                role: RoleId::new(role),
                person,
                // The exact text vouched for or sent out.
                sha256: matches!(step, Step::Release | Step::Review | Step::Approve).then_some(sha),
            };
            tx.record(incident, &event, now, now)?;
            // A released reply answers the mentions it was drafted for.
            if step == Step::Release {
                super::monitor::answer_mentions(tx, incident, id, version, now)?;
            }
            Ok(Ok(to))
        })?
        .map_err(|refusal| StoreError::Refused(refusal.key()))
    }

    /// Every released version of a statement, oldest first.
    pub fn statement_versions(&self, id: i64) -> Result<Vec<ReleasedVersion>> {
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT {VERSION_COLS} FROM statement_version WHERE statement_id = ?1 ORDER BY version"
        ))?;
        let rows = st.query_map([id], version_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every release in an incident, oldest first.
    pub fn all_releases(&self, incident: i64) -> Result<Vec<ReleasedVersion>> {
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT {VERSION_COLS} FROM statement_version WHERE statement_id IN (SELECT id FROM statement WHERE incident_id = ?1)
             ORDER BY released_at, id"
        ))?;
        let rows = st.query_map([incident], version_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The newest release to each audience of an incident: what the
    /// update clocks run from.
    pub fn latest_releases(&self, incident: i64) -> Result<Vec<ReleasedVersion>> {
        // A join rather than `id IN (SELECT …)`: the IN list would be a
        // temporary b-tree, with a page cache of its own, at every reload.
        let cols = format!("v.{}", VERSION_COLS.replace(", ", ", v."));
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT {cols} FROM statement_version v JOIN statement s ON s.id = v.statement_id
             WHERE s.incident_id = ?1 AND v.released_at = (
                SELECT max(v2.released_at) FROM statement_version v2 JOIN statement s2 ON s2.id = v2.statement_id
                WHERE s2.incident_id = ?1 AND v2.audience = v.audience)"
        ))?;
        let rows = st.query_map([incident], version_row)?;
        let mut latest: Vec<ReleasedVersion> = rows.collect::<rusqlite::Result<_>>()?;
        // Newest first (ties by statement). A row or two per audience:
        // sorted here, not in a sorter SQLite would set up at every reload.
        latest.sort_by(|a, b| b.released_at.cmp(&a.released_at).then(a.statement_id.cmp(&b.statement_id)));
        Ok(latest)
    }

    pub fn statement(&self, id: i64) -> Result<(i64, Statement)> {
        self.conn
            .query_row(
                &format!("SELECT {STATEMENT_COLS}, incident_id FROM statement WHERE id = ?1"),
                [id],
                |r| Ok((r.get(12)?, statement_row(r)?)),
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound(Msg::new("what.statement").with("id", id)))
    }

    // ---- clinic profile -------------------------------------------------

    pub fn profile(&self) -> Result<Profile> {
        let mut st = self.conn.prepare_cached("SELECT key, value FROM profile")?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(Profile {
            values: rows.collect::<rusqlite::Result<_>>()?,
        })
    }

    pub fn set_profile(&mut self, key: &str, value: &str, now: DateTime<Utc>) -> Result<()> {
        let value = validate_profile(key, value).map_err(StoreError::Invalid)?;
        self.write(|tx| {
            tx.execute(
                "INSERT INTO profile (key, value, updated_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                params![key, value, to_db(now)],
            )?;
            Ok(())
        })
    }

    // ---- private persons ------------------------------------------------

    pub fn private_persons(&self, incident: i64) -> Result<Vec<PrivatePerson>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT id, name, note FROM private_person WHERE incident_id = ?1 ORDER BY id")?;
        let rows = st.query_map([incident], |r| {
            Ok(PrivatePerson {
                id: r.get(0)?,
                name: r.get(1)?,
                note: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The timeline says a private person was listed, never who: the
    /// record and the shared screen must not spread the name.
    pub fn add_private_person(&mut self, incident: i64, name: &str, note: &str, now: DateTime<Utc>) -> Result<i64> {
        let name = name.trim();
        if name.chars().count() < 2 {
            return Err(StoreError::invalid("invalid.private_short"));
        }
        self.write(|tx| {
            tx.execute(
                "INSERT INTO private_person (incident_id, name, note, created_at) VALUES (?1, ?2, ?3, ?4)",
                params![incident, name, note.trim(), to_db(now)],
            )?;
            let id = tx.last_insert_rowid();
            tx.record(incident, &Event::Private { added: true, id }, now, now)?;
            Ok(id)
        })
    }

    pub fn remove_private_person(&mut self, id: i64, now: DateTime<Utc>) -> Result<()> {
        self.write(|tx| {
            let incident: i64 = tx.query_row("SELECT incident_id FROM private_person WHERE id = ?1", [id], |r| r.get(0))?;
            tx.execute("DELETE FROM private_person WHERE id = ?1", [id])?;
            tx.record(incident, &Event::Private { added: false, id }, now, now)?;
            Ok(())
        })
    }
}
