-- What the order credit pass (credit holds, layer 1) keeps between runs: each sales order's credit status as the
-- connector last wrote it on the order, and the releases people gave for single orders. Ids are Dataverse GUIDs as
-- text, timestamps and days ISO text (as Microsoft.Data.Sqlite writes them); amounts are invariant decimal text,
-- exact, as the ledger keeps money (a NUMERIC column would round them through a double).

-- A sales order as last checked: what `connector holds list` shows, and what the next check compares with to notice
-- a hold or a release (which notifies the owner; notices numbers those notifications so a retry never duplicates one).
-- held_since is set while the order is held (Held or Rejected) and null otherwise.
CREATE TABLE order_credit (
    order_id     TEXT NOT NULL PRIMARY KEY,
    order_number TEXT,
    name         TEXT,
    customer_id  TEXT NOT NULL,
    account_id   TEXT NOT NULL,
    owner_id     TEXT,
    amount       TEXT NOT NULL,
    status       TEXT NOT NULL,
    message      TEXT NOT NULL,
    held_since   TEXT,
    notices      INTEGER NOT NULL DEFAULT 0,
    checked_at   TEXT NOT NULL
) WITHOUT ROWID;

-- A customer's orders by status: the hold list grouped by customer, and a customer's held orders for a release.
CREATE INDEX order_credit_customer ON order_credit (customer_id, status);

-- A person's release of one held order (in Dynamics or with `connector holds release --order`), honoured by every
-- later check of that order until until_date (exclusive, null: no end); the audit journal keeps the history.
CREATE TABLE order_release (
    order_id    TEXT NOT NULL PRIMARY KEY,
    customer_id TEXT NOT NULL,
    by_whom     TEXT NOT NULL,
    reason      TEXT NOT NULL,
    on_date     TEXT NOT NULL,
    until_date  TEXT,
    updated_at  TEXT NOT NULL
) WITHOUT ROWID;
