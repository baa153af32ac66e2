-- The daily snapshots the trend report reads (issue 20): one row per day for the portfolio (company currency) and one per
-- customer per day (its credit currency), replaced by every cycle of the day; rebuilt = 1 for past month-ends rebuilt from
-- the ledger's history on a first run. Buckets are the aging amounts joined by ';' in the order of bucket_keys.
-- Amounts are numeric, days date.
CREATE TABLE history_portfolio (
    day              date PRIMARY KEY,
    currency         text NOT NULL,
    bucket_keys      text NOT NULL,
    buckets          text NOT NULL,
    total_open       numeric NOT NULL,
    overdue          numeric NOT NULL,
    disputed         numeric NOT NULL,
    exposure         numeric NOT NULL,
    customers        integer NOT NULL,
    on_hold          integer NOT NULL,
    begin_ar         numeric NOT NULL,
    end_ar           numeric NOT NULL,
    end_current_ar   numeric NOT NULL,
    end_over_ar      numeric NOT NULL,
    credit_sales     numeric NOT NULL,
    period_days      integer NOT NULL,
    over_days        integer NOT NULL,
    dso_simple       numeric,
    dso_countback    numeric,
    cei              numeric,
    percent_over     numeric,
    allowance_target numeric NOT NULL,
    rebuilt          integer NOT NULL,
    taken_at         timestamptz NOT NULL
);

CREATE TABLE history_customer (
    day            date NOT NULL,
    customer_id    text NOT NULL,
    currency       text NOT NULL,
    buckets        text NOT NULL,
    total_open     numeric NOT NULL,
    overdue        numeric NOT NULL,
    disputed       numeric NOT NULL,
    exposure       numeric NOT NULL,
    credit_limit   numeric,
    on_hold        integer NOT NULL,
    hold_codes     text NOT NULL,
    risk_class     text NOT NULL,
    begin_ar       numeric NOT NULL,
    end_current_ar numeric NOT NULL,
    end_over_ar    numeric NOT NULL,
    credit_sales   numeric NOT NULL,
    dso_countback  numeric,
    rebuilt        integer NOT NULL,
    PRIMARY KEY (customer_id, day)
);

CREATE INDEX history_customer_day ON history_customer (day);
