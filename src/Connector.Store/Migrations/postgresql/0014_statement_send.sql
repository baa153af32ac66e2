-- Statements of account sent to customers (issue 20 §2, decision 101): at most one per customer and period (2026-10).
-- A row is written 'Sending' before Graph's sendMail and set 'Sent' after its 202; a row left 'Sending' (the connector
-- stopped in between) is never sent again by itself.
CREATE TABLE statement_send (
    customer_id text COLLATE "C" NOT NULL,
    period      text COLLATE "C" NOT NULL,
    state       text NOT NULL,
    recipients  text NOT NULL,
    subject     text NOT NULL,
    started_at  timestamptz NOT NULL,
    sent_at     timestamptz,
    PRIMARY KEY (customer_id, period)
);
