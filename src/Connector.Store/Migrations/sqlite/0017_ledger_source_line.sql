-- Where each ledger row's current version came from (issue 20 §3, decision 115): the import it landed in (one row per
-- unit read: a drop file's content under its name, or a query) and its line in that file (the line an editor shows, the
-- header counted, as dead letters name it; for a query its row number in that read). Ingest writes two integers per row;
-- rows stored before this migration keep NULL: "source not recorded".
CREATE TABLE ledger_source (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    name          TEXT NOT NULL,
    unit_key      TEXT NOT NULL,
    is_file       INTEGER NOT NULL,
    archived_as   TEXT,
    first_read_at TEXT NOT NULL,
    UNIQUE (unit_key, name)
);

ALTER TABLE ledger ADD COLUMN source_id INTEGER;
ALTER TABLE ledger ADD COLUMN source_line INTEGER;

-- The daily snapshot writes only the customer rows whose content changed since the day's stored row (decision 116): the
-- hash of what the row holds. NULL (a row stored before) counts as changed.
ALTER TABLE history_customer ADD COLUMN content_hash BLOB;
