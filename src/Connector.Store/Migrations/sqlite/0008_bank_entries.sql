-- Entries read from bank statements (issue 18): credits to the company's own accounts, and the reversals and returns that
-- undo them. One row per entry identity (decision 86: the bank's reference on the account; else end-to-end id, amount,
-- currency, date and account; else the entry's place in its file), so a camt.054 and the camt.053 that confirms it are
-- one row, one payment. Amounts are invariant decimal text and dates yyyy-MM-dd text, alike on both dialects.
CREATE TABLE bank_entry (
    id             TEXT PRIMARY KEY,
    payment_id     TEXT NOT NULL UNIQUE,
    account        TEXT NOT NULL,
    message        TEXT NOT NULL,
    source         TEXT NOT NULL,
    locator        TEXT NOT NULL,
    amount         TEXT NOT NULL,
    currency       TEXT NOT NULL,
    is_credit      INTEGER NOT NULL,
    is_reversal    INTEGER NOT NULL,
    status         TEXT NOT NULL,
    booking_date   TEXT,
    value_date     TEXT,
    bank_reference TEXT,
    end_to_end_id  TEXT,
    payer_name     TEXT,
    payer_account  TEXT,
    remittance     TEXT,
    type_code      TEXT,
    reverses       TEXT,
    reversed_by    TEXT,
    reports        INTEGER NOT NULL,
    first_seen_at  TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);

-- What a reversal looks for: the credits of an account with its amount and currency.
CREATE INDEX bank_entry_reversible ON bank_entry (account, currency, amount);
