-- The replay state of each device survives a restart. replay_bitmap: the anti-replay window's bitmap of counters
-- accepted below last_counter (bit i = counter last_counter - 1 - i; 1024 bits, 16 big-endian 64-bit words), written
-- with last_counter in the ingest batch's transaction; NULL (a device not seen since this migration) restores the
-- old behaviour, every counter of the window treated as seen.
ALTER TABLE devices ADD COLUMN replay_bitmap BYTEA;

-- The duplicate keys (device time, position, seal) of readings accepted from devices whose protocol has no message
-- counter, written in the ingest batch's transaction, the latest per device reloaded at start. Pruned by age.
CREATE TABLE legacy_reading_keys (
    device_id           VARCHAR(64)  NOT NULL,
    reading_key         BIGINT       NOT NULL,
    received_at         TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX legacy_reading_keys_device ON legacy_reading_keys (device_id, received_at);
CREATE INDEX legacy_reading_keys_received ON legacy_reading_keys (received_at);
