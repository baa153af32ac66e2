-- A record landing under a key that open dead letters recorded resolves them as superseded (issue 16): the ingest
-- finds those letters by entity and key, among the open ones only.
CREATE INDEX dead_letter_open_key ON dead_letter (entity, key) WHERE status = 'open';
