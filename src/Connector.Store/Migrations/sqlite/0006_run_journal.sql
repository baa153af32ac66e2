-- The run journal (issue 17): one row per sync cycle `connector run` started, what `connector runs` lists. A row is
-- written when the cycle starts (outcome 'running') and completed when it ends; a run found still 'running' when the
-- next one starts was cut short (the process died) and is closed as 'interrupted' then. Times are ISO text, as
-- Microsoft.Data.Sqlite writes them. SQLite serves one instance (connector run refuses a second on the same file), so
-- Quartz keeps its schedule in memory here and has no tables.
CREATE TABLE run_journal (
    run_id           TEXT NOT NULL PRIMARY KEY,
    instance_id      TEXT NOT NULL,
    trigger_kind     TEXT NOT NULL,
    started_at       TEXT NOT NULL,
    ended_at         TEXT,
    outcome          TEXT NOT NULL,
    rows_read        INTEGER NOT NULL DEFAULT 0,
    rows_quarantined INTEGER NOT NULL DEFAULT 0,
    customers        INTEGER NOT NULL DEFAULT 0,
    customers_on_hold INTEGER NOT NULL DEFAULT 0,
    records_sent     INTEGER NOT NULL DEFAULT 0,
    records_refused  INTEGER NOT NULL DEFAULT 0,
    detail           TEXT
) WITHOUT ROWID;

CREATE INDEX run_journal_started ON run_journal (started_at);
