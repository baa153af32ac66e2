-- The ledger: one row per canonical record, its change-detection hash (16 bytes, big-endian XxHash128) and its
-- values in canonical text form (unit-separator joined, see FieldValues). WITHOUT ROWID: the primary key is the
-- only b-tree, so an insert writes once.
CREATE TABLE ledger (
    entity       TEXT NOT NULL,
    key          TEXT NOT NULL,
    row_hash     BLOB NOT NULL,
    field_values TEXT NOT NULL,
    source       TEXT,
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (entity, key)
) WITHOUT ROWID;

CREATE TABLE sync_checkpoint (
    key        TEXT NOT NULL PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE dead_letter (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    entity     TEXT NOT NULL,
    source     TEXT NOT NULL,
    source_key TEXT NOT NULL,
    locator    TEXT NOT NULL,
    line       INTEGER,
    key        TEXT,
    field      TEXT,
    reason     TEXT NOT NULL,
    raw        TEXT NOT NULL,
    status     TEXT NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (entity, source_key, locator)
);
CREATE INDEX dead_letter_status ON dead_letter (status, entity, id);

CREATE TABLE audit_event (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    at      TEXT NOT NULL,
    actor   TEXT NOT NULL,
    action  TEXT NOT NULL,
    subject TEXT NOT NULL,
    before  TEXT,
    after   TEXT,
    reason  TEXT
);
CREATE INDEX audit_event_subject ON audit_event (subject, id);

-- Pending desired state per (target, key); AUTOINCREMENT so a replaced entry never gets an id a pusher still holds.
CREATE TABLE outbox (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    target       TEXT NOT NULL,
    key          TEXT NOT NULL,
    payload      TEXT NOT NULL,
    payload_hash BLOB NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    last_error   TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    UNIQUE (target, key)
);
CREATE INDEX outbox_target ON outbox (target, id);

CREATE TABLE outbox_sent (
    target       TEXT NOT NULL,
    key          TEXT NOT NULL,
    payload_hash BLOB NOT NULL,
    sent_at      TEXT NOT NULL,
    PRIMARY KEY (target, key)
) WITHOUT ROWID;
