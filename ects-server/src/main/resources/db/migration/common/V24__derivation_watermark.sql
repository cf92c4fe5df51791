-- Derivation survives a crash (docs/adr/0005). Every accepted raw message with an id at or below
-- derivation_watermark.raw_message_id has all its reports, events and alerts written; the batch writer moves it in
-- the transaction of each batch, and at start the accepted raw messages above it are decoded again and replayed.
-- It starts at the newest raw message archived before this migration (0 for a new database): what came earlier is
-- taken as derived.
CREATE TABLE derivation_watermark (
    id                  INTEGER      PRIMARY KEY,
    raw_message_id      BIGINT
);
INSERT INTO derivation_watermark (id, raw_message_id) VALUES (1, (SELECT COALESCE(MAX(id), 0) FROM raw_messages));

-- Which report raised an event or alert (its raw message and its place among that message's reports), so that a
-- report replayed after a crash does not raise the same event or alert twice. NULL for the clock's events.
ALTER TABLE movement_events ADD COLUMN raw_message_id BIGINT;
ALTER TABLE movement_events ADD COLUMN report_index INTEGER;
ALTER TABLE alerts ADD COLUMN raw_message_id BIGINT;
ALTER TABLE alerts ADD COLUMN report_index INTEGER;
CREATE UNIQUE INDEX movement_events_source ON movement_events (raw_message_id, report_index, type);
CREATE UNIQUE INDEX alerts_source ON alerts (raw_message_id, report_index, type);

-- The reports of a raw message, for the replay to tell which are stored already.
CREATE INDEX reports_raw_message ON reports (raw_message_id);
