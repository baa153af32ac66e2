-- The rows an ingest wrote since a moment, by entity: what `connector run` reads to bring the ledger it keeps in memory
-- up to date instead of reading all of it again every cycle (decision 80).
CREATE INDEX ledger_changes ON ledger (entity, updated_at);
