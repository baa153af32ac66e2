-- Entries read from bank statements (issue 18): credits to the company's own accounts, and the reversals and returns that
-- undo them. One row per entry identity (decision 86: the bank's reference on the account; else end-to-end id, amount,
-- currency, date and account; else the entry's place in its file), so a camt.054 and the camt.053 that confirms it are
-- one row, one payment. Amounts are invariant decimal text and dates yyyy-MM-dd text, alike on both dialects.
CREATE TABLE bank_entry (
    id             text PRIMARY KEY,
    payment_id     text NOT NULL UNIQUE,
    account        text NOT NULL,
    message        text NOT NULL,
    source         text NOT NULL,
    locator        text NOT NULL,
    amount         text NOT NULL,
    currency       text NOT NULL,
    is_credit      bigint NOT NULL,
    is_reversal    bigint NOT NULL,
    status         text NOT NULL,
    booking_date   text,
    value_date     text,
    bank_reference text,
    end_to_end_id  text,
    payer_name     text,
    payer_account  text,
    remittance     text,
    type_code      text,
    reverses       text,
    reversed_by    text,
    reports        bigint NOT NULL,
    first_seen_at  timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL
);

-- What a reversal looks for: the credits of an account with its amount and currency.
CREATE INDEX bank_entry_reversible ON bank_entry (account, currency, amount);
