-- A bank entry and the ERP's payment record of the same money (issue 18 §2, decision 118): linked once, so every figure
-- counts the money once. A bank entry and an ERP payment each appear in at most one link (the two UNIQUE keys make a
-- second instance's link of either a no-op). kept: which record stays ('bank' or 'erp'); timestamps ISO text.
CREATE TABLE payment_twin (
    bank_payment_id TEXT NOT NULL PRIMARY KEY,
    erp_payment_id  TEXT NOT NULL UNIQUE,
    kept            TEXT NOT NULL,
    rule            TEXT NOT NULL,
    explanation     TEXT NOT NULL,
    linked_by       TEXT NOT NULL,
    linked_at       TEXT NOT NULL
);
