-- Statements of account sent to customers (issue 20 §2, decision 101): at most one per customer and period (2026-10).
-- A row is written 'Sending' before Graph's sendMail and set 'Sent' after its 202; a row left 'Sending' (the connector
-- stopped in between) is never sent again by itself.
CREATE TABLE statement_send (
    customer_id TEXT NOT NULL,
    period      TEXT NOT NULL,
    state       TEXT NOT NULL,
    recipients  TEXT NOT NULL,
    subject     TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    sent_at     TEXT,
    PRIMARY KEY (customer_id, period)
) WITHOUT ROWID;
