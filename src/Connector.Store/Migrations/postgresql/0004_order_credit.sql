-- The same tables as the SQLite store, with native uuid, numeric (exact, like the ledger's decimal text), date and
-- timestamp columns.

-- A sales order as last checked: what `connector holds list` shows, and what the next check compares with to notice
-- a hold or a release (which notifies the owner; notices numbers those notifications so a retry never duplicates one).
-- held_since is set while the order is held (Held or Rejected) and null otherwise.
CREATE TABLE order_credit (
    order_id     uuid NOT NULL PRIMARY KEY,
    order_number text,
    name         text,
    customer_id  text COLLATE "C" NOT NULL,
    account_id   uuid NOT NULL,
    owner_id     uuid,
    amount       numeric NOT NULL,
    status       text COLLATE "C" NOT NULL,
    message      text NOT NULL,
    held_since   timestamptz,
    notices      integer NOT NULL DEFAULT 0,
    checked_at   timestamptz NOT NULL
);

-- A customer's orders by status: the hold list grouped by customer, and a customer's held orders for a release.
CREATE INDEX order_credit_customer ON order_credit (customer_id, status);

-- A person's release of one held order (in Dynamics or with `connector holds release --order`), honoured by every
-- later check of that order until until_date (exclusive, null: no end); the audit journal keeps the history.
CREATE TABLE order_release (
    order_id    uuid NOT NULL PRIMARY KEY,
    customer_id text COLLATE "C" NOT NULL,
    by_whom     text NOT NULL,
    reason      text NOT NULL,
    on_date     date NOT NULL,
    until_date  date,
    updated_at  timestamptz NOT NULL
);
