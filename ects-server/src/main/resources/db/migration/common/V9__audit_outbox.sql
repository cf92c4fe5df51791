-- The audit log's transactional outbox (docs/evidence.md, "Recording"): an audit entry recorded inside a transaction
-- is inserted here in that same transaction, so the state change and its audit entry commit together. The single
-- writer appends rows to the log and deletes them in the transaction that inserts their entries; at start it appends
-- whatever a crash left here, in id order. Not guarded like the log itself (V8): rows are deleted once sequenced, and
-- the migrating role (the application's) owns the table, so it may insert, read and delete.
CREATE TABLE audit_outbox (
    id                  BIGINT       PRIMARY KEY,
    enqueued_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    -- the entry to append: its canonical bytes with sequence number 0 (the writer gives it its real number)
    draft               BYTEA        NOT NULL,
    -- ingest batches (action frames.archived): the raw message ids, in archive order, as 8-byte big-endian numbers,
    -- for audit_frames; null for other entries
    frame_ids           BYTEA
);
