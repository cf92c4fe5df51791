-- The archive takes every message a device sends; the administrators' views look only at the refused ones. On
-- PostgreSQL, index just those (partial indexes), so that an accepted message costs two index updates (primary key,
-- device and time) instead of four. H2 (single-box mode) has no partial indexes and keeps the full ones.
DROP INDEX raw_messages_outcome;
DROP INDEX raw_messages_received;
CREATE INDEX raw_messages_rejected ON raw_messages (received_at DESC, id DESC) WHERE outcome = 'REJECTED';
CREATE INDEX raw_messages_unknown ON raw_messages (claimed_device_id, received_at) WHERE reason = 'UNKNOWN_DEVICE';
