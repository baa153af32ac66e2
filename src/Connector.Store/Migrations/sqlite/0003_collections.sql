-- What the collections writer keeps between runs: each case as the last plan left it and where its task lives in
-- Outlook, each collector's list and delta link, and the contacts made with customers. Dates are ISO text.

-- A customer's collection case. snapshot is the planned case as JSON, null once the case closed; the placement
-- (user_id, list_id, task_id: all set or all null) is where Graph created its task. customer_id is empty for a task
-- adopted before any plan named its case (the next plan fills it in).
CREATE TABLE collection_case (
    case_id              TEXT NOT NULL PRIMARY KEY,
    customer_id          TEXT NOT NULL,
    snapshot             TEXT,
    user_id              TEXT,
    list_id              TEXT,
    task_id              TEXT,
    outlook_action       TEXT NOT NULL DEFAULT 'None',
    outlook_action_level INTEGER,
    updated_at           TEXT NOT NULL
) WITHOUT ROWID;

-- A collector's To Do list: its id in their mailbox and the delta link its changes are read from.
CREATE TABLE task_list (
    user_id      TEXT NOT NULL,
    display_name TEXT NOT NULL,
    list_id      TEXT NOT NULL,
    delta_link   TEXT,
    PRIMARY KEY (user_id, display_name)
) WITHOUT ROWID;

-- A contact with a customer (a task completed in Outlook, a dunning email sent); source_id makes recording it twice a no-op.
CREATE TABLE contact_attempt (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id TEXT NOT NULL,
    case_id     TEXT NOT NULL,
    level       INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    on_date     TEXT NOT NULL,
    by_whom     TEXT NOT NULL,
    detail      TEXT,
    source_id   TEXT NOT NULL UNIQUE
);
CREATE INDEX contact_attempt_date ON contact_attempt (on_date, id);
