-- The audit journal as a hash chain (decision 95): each event keeps the SHA-256 of the event before it and its own.
-- The store fills both for the events already here, in id order, in the same transaction as this script.
ALTER TABLE audit_event ADD COLUMN prev_hash BLOB;
ALTER TABLE audit_event ADD COLUMN hash BLOB;
