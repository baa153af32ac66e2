-- What the push and the Dynamics read-back keep between runs. Dates are ISO text (yyyy-MM-dd), as
-- Microsoft.Data.Sqlite writes a DateOnly; ids are Dataverse GUIDs as text.

-- The latest manual hold or release per (kind, customer); the audit journal keeps the history.
CREATE TABLE manual_action (
    kind        TEXT NOT NULL,
    customer_id TEXT NOT NULL,
    by_whom     TEXT NOT NULL,
    reason      TEXT,
    on_date     TEXT NOT NULL,
    until_date  TEXT,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (kind, customer_id)
) WITHOUT ROWID;

-- Each customer's hold state as the last evaluation left it (codes joined by ';').
CREATE TABLE hold_state (
    customer_id TEXT NOT NULL PRIMARY KEY,
    on_hold     INTEGER NOT NULL,
    codes       TEXT NOT NULL,
    since       TEXT
) WITHOUT ROWID;

-- Dataverse ids learnt, by table logical name and alternate key value.
CREATE TABLE dataverse_record (
    table_name TEXT NOT NULL,
    record_key TEXT NOT NULL,
    record_id  TEXT NOT NULL,
    PRIMARY KEY (table_name, record_key)
) WITHOUT ROWID;

-- An entry Dataverse refused is set aside (no longer pending) until its payload changes or a person requeues it.
ALTER TABLE outbox ADD COLUMN quarantined_at TEXT;
CREATE INDEX outbox_quarantined ON outbox (id) WHERE quarantined_at IS NOT NULL;
