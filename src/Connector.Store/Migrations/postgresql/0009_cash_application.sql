-- The connector's cash application (issue 18): one row per payment it matched (never two: payment_id is unique, so a
-- repeated cycle adds nothing), its proposal and what became of it (open in the exceptions queue, accepted, rejected,
-- settled in the ERP), and its lines: proposed ones, and applied ones with where they stand against the ERP's export
-- (awaiting, confirmed, disagreed, unapplied).
CREATE TABLE cash_match (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    payment_id      text NOT NULL UNIQUE,
    customer_id     text,
    amount          numeric NOT NULL,
    currency        text NOT NULL,
    payment_date    date NOT NULL,
    bank_reference  text,
    payer_account   text,
    source          text NOT NULL,
    status          text NOT NULL,
    reason          text,
    explanation     text NOT NULL,
    candidates      text NOT NULL,
    created_at      timestamptz NOT NULL,
    decided_by      text,
    decided_at      timestamptz,
    decision_reason text
);

CREATE INDEX cash_match_status ON cash_match (status);

CREATE TABLE cash_line (
    id                     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    match_id               bigint NOT NULL REFERENCES cash_match (id),
    kind                   text NOT NULL,
    invoice_id             text NOT NULL,
    customer_id            text NOT NULL,
    amount                 numeric NOT NULL,
    write_off              numeric NOT NULL,
    fx_amount              numeric NOT NULL,
    method                 text NOT NULL,
    confidence             text NOT NULL,
    explanation            text NOT NULL,
    state                  text,
    accepted_by            text,
    accepted_at            timestamptz,
    open_before            numeric NOT NULL,
    payment_applied_before numeric NOT NULL
);

CREATE INDEX cash_line_match ON cash_line (match_id);
