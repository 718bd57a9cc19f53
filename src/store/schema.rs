//! Forward-only migrations, read against `PRAGMA user_version`.
//! Never remove or edit an entry: a database in the field has run it.

pub const MIGRATIONS: &[&str] = &[
    // v1: the live-incident console.
    r#"
CREATE TABLE person (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    phone       TEXT NOT NULL DEFAULT '',
    email       TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
);
CREATE TABLE incident (
    id           INTEGER PRIMARY KEY,
    type         TEXT NOT NULL,
    severity     INTEGER NOT NULL CHECK (severity BETWEEN 1 AND 4),
    title        TEXT NOT NULL,
    phase        TEXT NOT NULL DEFAULT 'report',
    status       TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    is_demo      INTEGER NOT NULL DEFAULT 0,
    declared_at  TEXT NOT NULL,
    closed_at    TEXT
);
CREATE TABLE briefing (
    incident_id  INTEGER NOT NULL REFERENCES incident(id) ON DELETE CASCADE,
    key          TEXT NOT NULL,
    value        TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (incident_id, key)
);
CREATE TABLE assignment (
    id           INTEGER PRIMARY KEY,
    incident_id  INTEGER NOT NULL REFERENCES incident(id) ON DELETE CASCADE,
    role         TEXT NOT NULL,
    person_id    INTEGER NOT NULL REFERENCES person(id),
    -- names are copied so the record keeps who held the role even if the roster changes
    person_name  TEXT NOT NULL,
    started_at   TEXT NOT NULL,
    ended_at     TEXT,
    handed_to    TEXT
);
CREATE INDEX assignment_by_role ON assignment (incident_id, role, ended_at);
CREATE TABLE checklist_item (
    id           INTEGER PRIMARY KEY,
    incident_id  INTEGER NOT NULL REFERENCES incident(id) ON DELETE CASCADE,
    seq          INTEGER NOT NULL,
    item_key     TEXT NOT NULL,
    phase        TEXT NOT NULL,
    owner_role   TEXT NOT NULL,
    text_zh      TEXT NOT NULL,
    text_en      TEXT NOT NULL,
    due_at       TEXT,
    state        TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'done', 'skipped')),
    note         TEXT NOT NULL DEFAULT '',
    changed_at   TEXT,
    UNIQUE (incident_id, item_key)
);
CREATE TABLE statement (
    id           INTEGER PRIMARY KEY,
    incident_id  INTEGER NOT NULL REFERENCES incident(id) ON DELETE CASCADE,
    audience     TEXT NOT NULL,
    body         TEXT NOT NULL DEFAULT '',
    state        TEXT NOT NULL DEFAULT 'draft',
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX statement_by_incident ON statement (incident_id, id);
CREATE TABLE timeline_entry (
    id           INTEGER PRIMARY KEY,
    incident_id  INTEGER NOT NULL REFERENCES incident(id) ON DELETE CASCADE,
    kind         TEXT NOT NULL,
    data         TEXT NOT NULL DEFAULT '{}',
    event_at     TEXT NOT NULL,
    recorded_at  TEXT NOT NULL
);
CREATE INDEX timeline_by_incident ON timeline_entry (incident_id, id);
CREATE TABLE clock_met (
    incident_id  INTEGER NOT NULL REFERENCES incident(id) ON DELETE CASCADE,
    clock_id     TEXT NOT NULL,
    met_at       TEXT NOT NULL,
    PRIMARY KEY (incident_id, clock_id)
);
"#,
    // v2: the statement desk: clinic profile, private persons, the review
    // chain and frozen released versions.
    r#"
CREATE TABLE profile (
    key         TEXT PRIMARY KEY,
    value       TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE TABLE private_person (
    id           INTEGER PRIMARY KEY,
    incident_id  INTEGER NOT NULL REFERENCES incident(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL
);
CREATE INDEX private_person_by_incident ON private_person (incident_id, id);
ALTER TABLE statement ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE statement ADD COLUMN reviewed_by TEXT;
ALTER TABLE statement ADD COLUMN reviewed_at TEXT;
ALTER TABLE statement ADD COLUMN approved_by TEXT;
ALTER TABLE statement ADD COLUMN approved_at TEXT;
CREATE TABLE statement_version (
    id            INTEGER PRIMARY KEY,
    statement_id  INTEGER NOT NULL REFERENCES statement(id) ON DELETE CASCADE,
    version       INTEGER NOT NULL,
    audience      TEXT NOT NULL,
    body          TEXT NOT NULL,
    sha256        TEXT NOT NULL,
    reviewed_by   TEXT NOT NULL,
    approved_by   TEXT NOT NULL,
    released_by   TEXT NOT NULL,
    released_at   TEXT NOT NULL,
    UNIQUE (statement_id, version)
);
-- A released text is frozen: the database itself refuses to change it.
CREATE TRIGGER statement_version_frozen BEFORE UPDATE ON statement_version
BEGIN
    SELECT RAISE(ABORT, 'a released statement version is frozen');
END;
"#,
    // v3: tabletop drills and the after-action review.
    r#"
ALTER TABLE incident ADD COLUMN is_drill INTEGER NOT NULL DEFAULT 0;
CREATE TABLE drill (
    incident_id   INTEGER PRIMARY KEY REFERENCES incident(id) ON DELETE CASCADE,
    scenario_id   TEXT NOT NULL,
    -- the scenario as started, so editing a file later never rewrites a drill
    scenario_src  TEXT NOT NULL,
    state         TEXT NOT NULL DEFAULT 'ready' CHECK (state IN ('ready', 'running', 'paused', 'ended')),
    speed         INTEGER NOT NULL DEFAULT 1,
    banked_ms     INTEGER NOT NULL DEFAULT 0,
    resumed_at    TEXT,
    started_at    TEXT,
    ended_at      TEXT
);
CREATE TABLE drill_inject (
    incident_id   INTEGER NOT NULL REFERENCES incident(id) ON DELETE CASCADE,
    number        INTEGER NOT NULL,
    skipped       INTEGER NOT NULL DEFAULT 0,
    scenario_ms   INTEGER NOT NULL,
    at            TEXT NOT NULL,
    answered_at   TEXT,
    PRIMARY KEY (incident_id, number)
);
CREATE TABLE drill_rating (
    incident_id   INTEGER NOT NULL REFERENCES incident(id) ON DELETE CASCADE,
    objective     TEXT NOT NULL,
    rating        TEXT NOT NULL CHECK (rating IN ('P', 'S', 'M', 'U')),
    notes         TEXT NOT NULL DEFAULT '',
    rated_at      TEXT NOT NULL,
    PRIMARY KEY (incident_id, objective)
);
-- Hot-wash observations, strengths and areas for improvement: drills and
-- real incidents alike end in a review.
CREATE TABLE review_note (
    id            INTEGER PRIMARY KEY,
    incident_id   INTEGER NOT NULL REFERENCES incident(id) ON DELETE CASCADE,
    kind          TEXT NOT NULL CHECK (kind IN ('hotwash', 'strength', 'improvement')),
    text          TEXT NOT NULL,
    created_at    TEXT NOT NULL
);
CREATE TABLE improvement (
    id            INTEGER PRIMARY KEY,
    incident_id   INTEGER NOT NULL REFERENCES incident(id) ON DELETE CASCADE,
    action        TEXT NOT NULL,
    owner         TEXT NOT NULL,
    due           TEXT NOT NULL,
    category      TEXT NOT NULL CHECK (category IN ('planning', 'organisation', 'equipment', 'training', 'exercise')),
    created_at    TEXT NOT NULL
);
"#,
    // v4: the tamper-evident chain. Entries written before it get their
    // hashes from `Store::migrate`, which SQL alone cannot compute.
    r#"
ALTER TABLE timeline_entry ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE timeline_entry ADD COLUMN hash TEXT NOT NULL DEFAULT '';
ALTER TABLE incident ADD COLUMN chain_head TEXT NOT NULL DEFAULT '';
ALTER TABLE incident ADD COLUMN chain_len INTEGER NOT NULL DEFAULT 0;
"#,
    // v5: drafts saved by the autosave rather than by leaving the editor;
    // still set at the next start means the console did not end cleanly.
    r#"
ALTER TABLE statement ADD COLUMN autosaved INTEGER NOT NULL DEFAULT 0;
"#,
    // v6: honest sign-offs. Each timeline entry names the operator (the
    // person at the keyboard) beside the role holder; NULL marks entries
    // recorded before this was kept. A new draft version remembers the state
    // it came from, so it can be discarded back to it.
    r#"
ALTER TABLE timeline_entry ADD COLUMN operator TEXT;
ALTER TABLE statement ADD COLUMN prior_state TEXT;
"#,
    // v7: anchors given outside the file (the digest of every real
    // incident's chain head at a moment), and facts about the file itself.
    r#"
CREATE TABLE anchor (
    id          INTEGER PRIMARY KEY,
    digest      TEXT NOT NULL UNIQUE,
    -- JSON [{incident, length, head}, ...]: what the digest covers
    heads       TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE TABLE meta (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
"#,
    // v8: the open-incident list reads its first screenful from an index
    // in list order instead of sorting every incident ever declared.
    r#"
CREATE INDEX incident_open_list ON incident (status, is_drill, is_demo, declared_at DESC, id DESC);
"#,
    // v9: reaching people and hearing back. The call tree is copied into
    // the incident from its crisis type's default; inbound messages are the
    // HICS 213 log; the affected-persons register (HICS 254) is private and
    // reaches the timeline only as counts and digests; follow-ups are action
    // items beyond the playbook.
    r#"
CREATE TABLE call_message (
    incident_id   INTEGER PRIMARY KEY REFERENCES incident(id) ON DELETE CASCADE,
    subject       TEXT NOT NULL,
    body          TEXT NOT NULL,
    activated_at  TEXT
);
CREATE TABLE call_tier (
    incident_id   INTEGER NOT NULL REFERENCES incident(id) ON DELETE CASCADE,
    seq           INTEGER NOT NULL,
    name_zh       TEXT NOT NULL,
    name_en       TEXT NOT NULL,
    wait_minutes  INTEGER NOT NULL CHECK (wait_minutes > 0),
    needs         INTEGER NOT NULL CHECK (needs > 0),
    started_at    TEXT,
    PRIMARY KEY (incident_id, seq)
);
CREATE TABLE call_member (
    id           INTEGER PRIMARY KEY,
    incident_id  INTEGER NOT NULL REFERENCES incident(id) ON DELETE CASCADE,
    tier         INTEGER NOT NULL,
    role         TEXT NOT NULL DEFAULT '',
    person_id    INTEGER REFERENCES person(id),
    person_name  TEXT NOT NULL DEFAULT '',
    state        TEXT NOT NULL DEFAULT 'unreached',
    channel      TEXT,
    changed_at   TEXT
);
CREATE INDEX call_member_by_incident ON call_member (incident_id, tier, id);
CREATE TABLE inbound_message (
    id           INTEGER PRIMARY KEY,
    incident_id  INTEGER NOT NULL REFERENCES incident(id) ON DELETE CASCADE,
    received_at  TEXT NOT NULL,
    from_org     TEXT NOT NULL,
    from_person  TEXT NOT NULL DEFAULT '',
    channel      TEXT NOT NULL,
    asked        TEXT NOT NULL,
    priority     TEXT NOT NULL,
    owner        TEXT NOT NULL DEFAULT '',
    due_at       TEXT,
    state        TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'done')),
    answer       TEXT NOT NULL DEFAULT '',
    answered_at  TEXT
);
CREATE INDEX inbound_by_incident ON inbound_message (incident_id, state, id);
CREATE TABLE affected_person (
    id           INTEGER PRIMARY KEY,
    incident_id  INTEGER NOT NULL REFERENCES incident(id) ON DELETE CASCADE,
    identifier   TEXT NOT NULL,
    what         TEXT NOT NULL DEFAULT '',
    notified_at  TEXT,
    channel      TEXT,
    response     TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    UNIQUE (incident_id, identifier)
);
CREATE TABLE follow_up (
    id           INTEGER PRIMARY KEY,
    incident_id  INTEGER NOT NULL REFERENCES incident(id) ON DELETE CASCADE,
    action       TEXT NOT NULL,
    owner        TEXT NOT NULL,
    due_at       TEXT,
    state        TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'done')),
    done_at      TEXT,
    created_at   TEXT NOT NULL
);
CREATE INDEX follow_up_by_incident ON follow_up (incident_id, state, due_at);
"#,
    // v10: the register's counts and per-person clocks are read on every
    // reload, so they must not grow with the register: the counts are kept
    // by triggers (whatever writes the rows), and the people still waiting
    // are found through a partial index.
    r#"
CREATE INDEX affected_waiting ON affected_person (incident_id, created_at) WHERE notified_at IS NULL;
CREATE TABLE affected_tally (
    incident_id  INTEGER PRIMARY KEY REFERENCES incident(id) ON DELETE CASCADE,
    total        INTEGER NOT NULL DEFAULT 0,
    notified     INTEGER NOT NULL DEFAULT 0
);
INSERT INTO affected_tally (incident_id, total, notified)
    SELECT incident_id, count(*), count(notified_at) FROM affected_person GROUP BY incident_id;
CREATE TRIGGER affected_tally_insert AFTER INSERT ON affected_person BEGIN
    INSERT OR IGNORE INTO affected_tally (incident_id) VALUES (NEW.incident_id);
    UPDATE affected_tally SET total = total + 1, notified = notified + (NEW.notified_at IS NOT NULL)
        WHERE incident_id = NEW.incident_id;
END;
CREATE TRIGGER affected_tally_update AFTER UPDATE OF notified_at ON affected_person BEGIN
    UPDATE affected_tally
        SET notified = notified + (NEW.notified_at IS NOT NULL) - (OLD.notified_at IS NOT NULL)
        WHERE incident_id = NEW.incident_id;
END;
CREATE TRIGGER affected_tally_delete AFTER DELETE ON affected_person BEGIN
    UPDATE affected_tally SET total = total - 1, notified = notified - (OLD.notified_at IS NOT NULL)
        WHERE incident_id = OLD.incident_id;
END;
"#,
    // v11 (issue 14), quiet-time preparedness: the clinic's risk register, its
    // resource and contact inventory, the next planned drill per crisis
    // type, and its own cases. None of it belongs to an incident, so none
    // of it is on a hash chain. `starter` names the row of the shipped
    // starter file it was loaded from (NULL for the clinic's own); an
    // empty title, name or controls shows the starter's text in the
    // interface language until the clinic writes its own.
    r#"
CREATE TABLE risk (
    id           INTEGER PRIMARY KEY,
    starter      TEXT UNIQUE,
    crisis_type  TEXT NOT NULL,
    title        TEXT NOT NULL DEFAULT '',
    likelihood   INTEGER NOT NULL CHECK (likelihood BETWEEN 1 AND 5),
    impact       INTEGER NOT NULL CHECK (impact BETWEEN 1 AND 5),
    owner        TEXT NOT NULL DEFAULT '',
    controls     TEXT NOT NULL DEFAULT '',
    review_on    TEXT NOT NULL,
    changed_at   TEXT NOT NULL,
    changed_by   TEXT NOT NULL DEFAULT ''
);
CREATE TABLE resource (
    id           INTEGER PRIMARY KEY,
    starter      TEXT UNIQUE,
    kind         TEXT NOT NULL CHECK (kind IN ('external', 'internal')),
    name         TEXT NOT NULL DEFAULT '',
    detail       TEXT NOT NULL DEFAULT '',
    phone        TEXT NOT NULL DEFAULT '',
    owner        TEXT NOT NULL DEFAULT '',
    checked_at   TEXT,
    checked_by   TEXT,
    changed_at   TEXT NOT NULL
);
CREATE TABLE drill_plan (
    crisis_type  TEXT PRIMARY KEY,
    planned_on   TEXT NOT NULL,
    changed_at   TEXT NOT NULL
);
CREATE TABLE case_entry (
    id           INTEGER PRIMARY KEY,
    incident_id  INTEGER REFERENCES incident(id) ON DELETE SET NULL,
    crisis_type  TEXT NOT NULL,
    title        TEXT NOT NULL,
    happened     TEXT NOT NULL DEFAULT '',
    went_well    TEXT NOT NULL DEFAULT '',
    went_wrong   TEXT NOT NULL DEFAULT '',
    lessons      TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    created_by   TEXT NOT NULL DEFAULT ''
);
"#,
    // v12 (issue 12): online-opinion monitoring: saved feed definitions, mentions from
    // feeds, review exports and CSV files with their triage, the earlier
    // text of a mention a source changed, and captures as evidence (frozen,
    // on the incident's chain by digest).
    r#"
CREATE TABLE feed (
    id           INTEGER PRIMARY KEY,
    url          TEXT NOT NULL UNIQUE,
    name         TEXT NOT NULL DEFAULT '',
    incident_id  INTEGER REFERENCES incident(id) ON DELETE SET NULL,
    added_at     TEXT NOT NULL,
    fetched_at   TEXT,
    last_error   TEXT NOT NULL DEFAULT ''
);
CREATE TABLE mention (
    id            INTEGER PRIMARY KEY,
    source        TEXT NOT NULL,
    -- the entry id, review id or canonical link it is known by
    key           TEXT NOT NULL UNIQUE,
    canonical     TEXT NOT NULL DEFAULT '',
    origin        TEXT NOT NULL DEFAULT '',
    author        TEXT NOT NULL DEFAULT '',
    published_at  TEXT NOT NULL,
    title         TEXT NOT NULL DEFAULT '',
    text          TEXT NOT NULL,
    link          TEXT NOT NULL DEFAULT '',
    rating        INTEGER CHECK (rating BETWEEN 1 AND 5),
    matched       TEXT NOT NULL DEFAULT '',
    state         TEXT NOT NULL DEFAULT 'new' CHECK (state IN ('new', 'triaged', 'responding', 'answered', 'ignored')),
    owner         TEXT NOT NULL DEFAULT '',
    priority      TEXT NOT NULL DEFAULT 'normal',
    note          TEXT NOT NULL DEFAULT '',
    incident_id   INTEGER REFERENCES incident(id) ON DELETE SET NULL,
    statement_id  INTEGER REFERENCES statement(id) ON DELETE SET NULL,
    first_seen_at TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    answered_at   TEXT
);
CREATE INDEX mention_by_time ON mention (published_at DESC, id DESC);
CREATE INDEX mention_by_state ON mention (state, published_at DESC);
CREATE INDEX mention_by_incident ON mention (incident_id, published_at);
CREATE INDEX mention_by_source ON mention (source, published_at DESC);
CREATE INDEX mention_by_canonical ON mention (canonical);
CREATE INDEX mention_by_statement ON mention (statement_id) WHERE statement_id IS NOT NULL;
CREATE TABLE mention_revision (
    id            INTEGER PRIMARY KEY,
    mention_id    INTEGER NOT NULL REFERENCES mention(id) ON DELETE CASCADE,
    author        TEXT NOT NULL,
    published_at  TEXT NOT NULL,
    title         TEXT NOT NULL,
    text          TEXT NOT NULL,
    link          TEXT NOT NULL,
    rating        INTEGER,
    replaced_at   TEXT NOT NULL
);
CREATE INDEX mention_revision_by_mention ON mention_revision (mention_id, id);
CREATE TABLE mention_capture (
    id            INTEGER PRIMARY KEY,
    mention_id    INTEGER NOT NULL REFERENCES mention(id),
    incident_id   INTEGER NOT NULL REFERENCES incident(id) ON DELETE CASCADE,
    text          TEXT NOT NULL,
    link          TEXT NOT NULL,
    captured_at   TEXT NOT NULL,
    digest        TEXT NOT NULL
);
-- What was seen is frozen: the database itself refuses to change it.
CREATE TRIGGER mention_capture_frozen BEFORE UPDATE ON mention_capture
BEGIN
    SELECT RAISE(ABORT, 'a captured mention is frozen');
END;
"#,
    // v13: the statement list is read from an index that holds every
    // column it shows, so a long draft's text (stored inline, with the
    // columns added later after it) is never walked on a reload; the
    // drafts an autosave left marked are found from an index too, at start.
    r#"
CREATE INDEX statement_list ON statement (
    incident_id, id, audience, state, version, reviewed_by, reviewed_at,
    approved_by, approved_at, created_at, updated_at, prior_state
);
DROP INDEX statement_by_incident;
CREATE INDEX statement_autosaved ON statement (id, autosaved) WHERE autosaved != 0;
"#,
    // v14: the due list and the follow-ups come out of an index in the
    // order they are shown. Sorted at each read, each had a temporary
    // b-tree with a fresh page cache of its own: a fifth of the time an
    // incident's screen took to read at start. Every other read of these
    // tables looks them up by incident (and the messages by state too),
    // which the new indexes lead with.
    r#"
CREATE INDEX inbound_due ON inbound_message (incident_id, state, due_at);
DROP INDEX inbound_by_incident;
CREATE INDEX follow_up_order ON follow_up (incident_id, state = 'done', due_at IS NULL, due_at);
DROP INDEX follow_up_by_incident;
"#,
    // v15: the rest of an incident's screen comes out of indexes in the
    // order it is shown: the checklist, the current assignments, the
    // roster and a drill's injects were each sorted at every read of the
    // screen (the console's and the wall's), in a sorter set up afresh
    // each time.
    r#"
CREATE INDEX checklist_order ON checklist_item (incident_id, seq);
CREATE INDEX assignment_current ON assignment (incident_id) WHERE ended_at IS NULL;
CREATE INDEX person_by_name ON person (name);
CREATE INDEX drill_inject_order ON drill_inject (incident_id, at, number);
"#,
];
