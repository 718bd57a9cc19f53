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
];
