-- The credit snapshots the order webhooks decide from, published by the instance that evaluated them so every instance
-- answers an order check alike (issue 17). One row per publication, numbered: a whole evaluation (figures set, based_on
-- null), or the releases and overrides in force on top of an earlier one (figures null, based_on that version).
-- Payloads are gzip-compressed JSON. AUTOINCREMENT: a number is never given twice, even after old rows are dropped.
-- Timestamps are ISO text as Microsoft.Data.Sqlite writes them.
CREATE TABLE credit_snapshot (
    version      INTEGER PRIMARY KEY AUTOINCREMENT,
    based_on     INTEGER,
    figures      BLOB,
    actions      BLOB NOT NULL,
    evaluated_at TEXT NOT NULL,
    published_at TEXT NOT NULL,
    instance     TEXT NOT NULL,
    CHECK ((figures IS NULL) <> (based_on IS NULL))
);
