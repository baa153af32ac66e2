-- The cases written since a moment: what `connector run` reads to keep the open cases it holds in memory up to date
-- instead of reading (and parsing) every stored case again each cycle (decision 137).
CREATE INDEX collection_case_changes ON collection_case (updated_at);
