-- The connector's cash application (issue 18): one row per payment it matched (never two: payment_id is unique, so a
-- repeated cycle adds nothing), its proposal and what became of it (open in the exceptions queue, accepted, rejected,
-- settled in the ERP), and its lines: proposed ones, and applied ones with where they stand against the ERP's export
-- (awaiting, confirmed, disagreed, unapplied). Amounts are invariant decimal text, exact, as the ledger keeps money;
-- timestamps and days ISO text.
CREATE TABLE cash_match (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    payment_id      TEXT NOT NULL UNIQUE,
    customer_id     TEXT,
    amount          TEXT NOT NULL,
    currency        TEXT NOT NULL,
    payment_date    TEXT NOT NULL,
    bank_reference  TEXT,
    payer_account   TEXT,
    source          TEXT NOT NULL,
    status          TEXT NOT NULL,
    reason          TEXT,
    explanation     TEXT NOT NULL,
    candidates      TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    decided_by      TEXT,
    decided_at      TEXT,
    decision_reason TEXT
);

CREATE INDEX cash_match_status ON cash_match (status);

CREATE TABLE cash_line (
    id                     INTEGER PRIMARY KEY AUTOINCREMENT,
    match_id               INTEGER NOT NULL REFERENCES cash_match (id),
    kind                   TEXT NOT NULL,
    invoice_id             TEXT NOT NULL,
    customer_id            TEXT NOT NULL,
    amount                 TEXT NOT NULL,
    write_off              TEXT NOT NULL,
    fx_amount              TEXT NOT NULL,
    method                 TEXT NOT NULL,
    confidence             TEXT NOT NULL,
    explanation            TEXT NOT NULL,
    state                  TEXT,
    accepted_by            TEXT,
    accepted_at            TEXT,
    open_before            TEXT NOT NULL,
    payment_applied_before TEXT NOT NULL
);

CREATE INDEX cash_line_match ON cash_line (match_id);
