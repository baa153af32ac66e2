-- The daily snapshots the trend report reads (issue 20): one row per day for the portfolio (company currency) and one per
-- customer per day (its credit currency), replaced by every cycle of the day; rebuilt = 1 for past month-ends rebuilt from
-- the ledger's history on a first run. Buckets are the aging amounts joined by ';' in the order of bucket_keys.
-- Amounts are decimal text as the rest of the SQLite store keeps them; days are yyyy-MM-dd text.
CREATE TABLE history_portfolio (
    day              TEXT PRIMARY KEY,
    currency         TEXT NOT NULL,
    bucket_keys      TEXT NOT NULL,
    buckets          TEXT NOT NULL,
    total_open       TEXT NOT NULL,
    overdue          TEXT NOT NULL,
    disputed         TEXT NOT NULL,
    exposure         TEXT NOT NULL,
    customers        INTEGER NOT NULL,
    on_hold          INTEGER NOT NULL,
    begin_ar         TEXT NOT NULL,
    end_ar           TEXT NOT NULL,
    end_current_ar   TEXT NOT NULL,
    end_over_ar      TEXT NOT NULL,
    credit_sales     TEXT NOT NULL,
    period_days      INTEGER NOT NULL,
    over_days        INTEGER NOT NULL,
    dso_simple       TEXT,
    dso_countback    TEXT,
    cei              TEXT,
    percent_over     TEXT,
    allowance_target TEXT NOT NULL,
    rebuilt          INTEGER NOT NULL,
    taken_at         TEXT NOT NULL
);

CREATE TABLE history_customer (
    day            TEXT NOT NULL,
    customer_id    TEXT NOT NULL,
    currency       TEXT NOT NULL,
    buckets        TEXT NOT NULL,
    total_open     TEXT NOT NULL,
    overdue        TEXT NOT NULL,
    disputed       TEXT NOT NULL,
    exposure       TEXT NOT NULL,
    credit_limit   TEXT,
    on_hold        INTEGER NOT NULL,
    hold_codes     TEXT NOT NULL,
    risk_class     TEXT NOT NULL,
    begin_ar       TEXT NOT NULL,
    end_current_ar TEXT NOT NULL,
    end_over_ar    TEXT NOT NULL,
    credit_sales   TEXT NOT NULL,
    dso_countback  TEXT,
    rebuilt        INTEGER NOT NULL,
    PRIMARY KEY (customer_id, day)
) WITHOUT ROWID;

CREATE INDEX history_customer_day ON history_customer (day);
