-- The credit snapshots the order webhooks decide from, published by the instance that evaluated them so every instance
-- answers an order check alike (issue 17). One row per publication, numbered: a whole evaluation (figures set, based_on
-- null), or the releases and overrides in force on top of an earlier one (figures null, based_on that version).
-- Payloads are gzip-compressed JSON. A publication also sends NOTIFY connector_credit_snapshot with the version.
CREATE TABLE credit_snapshot (
    version      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    based_on     bigint,
    figures      bytea,
    actions      bytea NOT NULL,
    evaluated_at timestamptz NOT NULL,
    published_at timestamptz NOT NULL,
    instance     text NOT NULL,
    CHECK ((figures IS NULL) <> (based_on IS NULL))
);
