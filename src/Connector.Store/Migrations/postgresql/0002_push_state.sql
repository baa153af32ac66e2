-- The same tables as the SQLite store, with native date, boolean and uuid columns.

-- The latest manual hold or release per (kind, customer); the audit journal keeps the history.
CREATE TABLE manual_action (
    kind        text COLLATE "C" NOT NULL,
    customer_id text COLLATE "C" NOT NULL,
    by_whom     text NOT NULL,
    reason      text,
    on_date     date NOT NULL,
    until_date  date,
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (kind, customer_id)
);

-- Each customer's hold state as the last evaluation left it (codes joined by ';').
CREATE TABLE hold_state (
    customer_id text COLLATE "C" NOT NULL PRIMARY KEY,
    on_hold     boolean NOT NULL,
    codes       text NOT NULL,
    since       date
);

-- Dataverse ids learnt, by table logical name and alternate key value.
CREATE TABLE dataverse_record (
    table_name text COLLATE "C" NOT NULL,
    record_key text COLLATE "C" NOT NULL,
    record_id  uuid NOT NULL,
    PRIMARY KEY (table_name, record_key)
);

-- An entry Dataverse refused is set aside (no longer pending) until its payload changes or a person requeues it.
ALTER TABLE outbox ADD COLUMN quarantined_at timestamptz;
CREATE INDEX outbox_quarantined ON outbox (id) WHERE quarantined_at IS NOT NULL;
