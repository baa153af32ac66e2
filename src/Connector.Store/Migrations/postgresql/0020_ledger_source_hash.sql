-- Each ledger row's source hash (issue 16, decision 139): XxHash128 of its mapping's identity (the mapping file's bytes and the
-- connector build that maps) and the raw text of every column that mapping reads, from the row its current record was mapped
-- from. A re-ingest finds an unchanged row by it without mapping the row. NULL (rows stored before, or landed by a retry or from
-- a query) means "map it": the next read of the row stores one. Adding a nullable column rewrites nothing.
ALTER TABLE ledger ADD COLUMN source_hash bytea;
