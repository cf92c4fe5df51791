-- raw_messages_device_time (claimed_device_id, received_at) already serves every lookup by device: the index on the
-- device alone only cost the hot path an index update per archived message.
DROP INDEX raw_messages_claimed;
